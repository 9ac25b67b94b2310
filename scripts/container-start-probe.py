#!/usr/bin/env python3
"""Where the time from POST /workloads to `running` goes for a container workload (issue 12).

Runs a real `hivekeep serve` in a throwaway home whose DOCKER_HOST is a relay in front of the engine's socket: the
relay timestamps every Engine API request the server and the proxy runner make, and when its reply head comes
back. Each round creates a workload, polls its status every 20 ms until `running`, prints the total and the engine
calls on a timeline from the POST, then deletes it. Asserts nothing.

    python3 scripts/container-start-probe.py --hivekeep .build/debug/hivekeep \
        --engine unix://$PWD/.cache/containers/run/engine.sock --rounds 3 [--process /path/to/mcp-server-time]

--process also times the same server as an `exec://` process workload, for comparison.
"""
import argparse
import json
import os
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

T0 = [0.0]
EVENTS = []
LOCK = threading.Lock()


def note(text):
    with LOCK:
        EVENTS.append((time.monotonic(), text))


def relay(listener, target):
    """Accepts connections and pipes each to the engine, noting request and reply heads."""
    while True:
        try:
            client, _ = listener.accept()
        except OSError:
            return
        engine = socket.socket(socket.AF_UNIX)
        engine.connect(target)
        pending = []

        def pump(source, sink, requests):
            upgraded = False
            while True:
                try:
                    data = source.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    try:
                        sink.shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
                    return
                if not upgraded:
                    head = data.split(b"\r\n", 1)[0].decode("latin-1")
                    if requests and head.split(" ")[0] in ("GET", "POST", "DELETE", "HEAD", "PUT"):
                        line = head.rsplit(" ", 1)[0]
                        pending.append((time.monotonic(), line))
                        note("-> " + line)
                    elif not requests and head.startswith("HTTP/1."):
                        status = head.split(" ")[1] if " " in head else "?"
                        started, line = pending.pop(0) if pending else (time.monotonic(), "?")
                        note("<- %s %s (%.0f ms)" % (status, line, (time.monotonic() - started) * 1000))
                        upgraded = status == "101"
                try:
                    sink.sendall(data)
                except OSError:
                    return

        threading.Thread(target=pump, args=(client, engine, True), daemon=True).start()
        threading.Thread(target=pump, args=(engine, client, False), daemon=True).start()


def api(port, token, method, path, body=None):
    request = urllib.request.Request(
        "http://127.0.0.1:%d%s" % (port, path), method=method, data=body.encode() if body else None,
        headers={"Content-Type": "application/json", **({"Authorization": "Bearer " + token} if token else {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hivekeep", required=True)
    parser.add_argument("--engine", required=True, help="unix://PATH of the engine's socket")
    parser.add_argument("--image", default="localhost/hivekeep-test/time:1")
    parser.add_argument("--process", help="the same server as a command, timed as an exec:// workload too")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    home = tempfile.mkdtemp(prefix="hk-start-probe.")
    relay_path = os.path.join(home, "engine-relay.sock")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(relay_path)
    listener.listen(64)
    threading.Thread(target=relay, args=(listener, options.engine[len("unix://"):]), daemon=True).start()
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    environment = {
        "HOME": home + "/home", "XDG_CONFIG_HOME": home + "/config", "XDG_DATA_HOME": home + "/data",
        "XDG_STATE_HOME": home + "/state", "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
        "HIVEKEEP_RUNNER_PATH": os.path.abspath(options.hivekeep), "DOCKER_HOST": "unix://" + relay_path,
    }
    log = open(os.path.join(home, "serve.log"), "w")
    server = subprocess.Popen([options.hivekeep, "serve", "--port", str(port)], env=environment, stdout=log,
                              stderr=log, start_new_session=True)
    try:
        for _ in range(500):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.02)
        time.sleep(1)
        token_path = home + "/state/hivekeep/api-token"
        token = open(token_path).read().strip() if os.path.exists(token_path) else ""
        kinds = [("container", json.dumps({"image": options.image}))]
        if options.process:
            kinds.append(("process", json.dumps({"image": "exec://" + options.process})))
        for round_number in range(options.rounds):
            for kind, body in kinds:
                name = "probe-%s-%d" % (kind, round_number)
                with LOCK:
                    EVENTS.clear()
                began = time.monotonic()
                request = json.loads(body)
                request["name"] = name
                status, text = api(port, token, "POST", "/api/v1beta/workloads", json.dumps(request))
                if status != 201:
                    raise SystemExit("create answered %d: %s" % (status, text))
                created = time.monotonic()
                while True:
                    status, text = api(port, token, "GET", "/api/v1beta/workloads/%s/status" % name)
                    if '"running"' in text:
                        break
                    if '"error"' in text or time.monotonic() - began > 120:
                        raise SystemExit("%s did not reach running: %s" % (name, text))
                    time.sleep(0.02)
                total = (time.monotonic() - began) * 1000
                print("%s round %d: POST to running %.0f ms (POST answered after %.0f ms)"
                      % (kind, round_number + 1, total, (created - began) * 1000))
                with LOCK:
                    for at, text in EVENTS:
                        if at - began <= total / 1000:
                            print("  %6.0f ms  %s" % ((at - began) * 1000, text))
                api(port, token, "DELETE", "/api/v1beta/workloads/" + name)
                for _ in range(600):
                    if api(port, token, "GET", "/api/v1beta/workloads/" + name)[0] == 404:
                        break
                    time.sleep(0.05)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        subprocess.run(["rm", "-rf", home])


if __name__ == "__main__":
    main()
