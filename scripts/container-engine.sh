#!/usr/bin/env bash
# Starts or stops the test container engine: `podman system service --time=0` on a Unix socket under
# .cache/containers/ with the configuration of container-conf.sh (images from container-images.sh).
#   start  starts it (when not already running), waits until /_ping answers, prints the DOCKER_HOST-style address
#          (also written to .cache/containers/engine.address); tests read it from HIVEKEEP_TEST_DOCKER_HOST:
#            export HIVEKEEP_TEST_DOCKER_HOST=$(scripts/container-engine.sh start)
#   stop   stops the service it started (by its recorded process id) and removes the socket.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/container-conf.sh
SOCKET=$CONTAINERS_ROOT/run/engine.sock
PIDFILE=$CONTAINERS_ROOT/run/engine.pid
ADDRESS_FILE=$CONTAINERS_ROOT/engine.address

answers() { curl -sf --max-time 2 --unix-socket "$SOCKET" http://d/_ping >/dev/null 2>&1; }

case "${1:-}" in
start)
    if [[ -f $PIDFILE ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && answers; then
        echo "unix://$SOCKET"
        exit 0
    fi
    rm -f "$SOCKET"
    setsid podman system service --time=0 "unix://$SOCKET" >"$CONTAINERS_ROOT/engine.log" 2>&1 </dev/null &
    echo $! >"$PIDFILE"
    for _ in $(seq 1 100); do
        answers && break
        kill -0 "$(cat "$PIDFILE")" 2>/dev/null || break
        sleep 0.1
    done
    if ! answers; then
        echo "container-engine: podman system service did not answer on $SOCKET; its log:" >&2
        tail -20 "$CONTAINERS_ROOT/engine.log" >&2
        exit 1
    fi
    echo "unix://$SOCKET" >"$ADDRESS_FILE"
    echo "unix://$SOCKET"
    ;;
stop)
    if [[ -f $PIDFILE ]]; then
        pid=$(cat "$PIDFILE")
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        rm -f "$PIDFILE"
    fi
    rm -f "$SOCKET" "$ADDRESS_FILE"
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
