#!/usr/bin/env bash
# Starts or stops a test container engine under .cache/containers/ (images from container-images.sh).
#   start [podman]  `podman system service --time=0` with the configuration of container-conf.sh
#   start docker    Docker's own daemon (ENVIRONMENT.md recipe: no iptables) on a bridge of its own
#                   (hkdocker0, 172.29.77.1/24), with the test images copied in from Podman's storage; storage
#                   overlay2 where the file system allows it (a container's create took 8-175 ms here, against
#                   about 8 s with vfs, which copies the image's whole tree), else vfs; HIVEKEEP_DOCKER_STORAGE
#                   names one
#   stop [podman|docker]
# start waits until /_ping answers and prints the DOCKER_HOST-style address (Podman's is also written to
# .cache/containers/engine.address); tests read it from HIVEKEEP_TEST_DOCKER_HOST:
#   export HIVEKEEP_TEST_DOCKER_HOST=$(scripts/container-engine.sh start)
# stop ends the daemon it started (by its recorded process id) and removes its socket.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/container-conf.sh
ENGINE=${2:-podman}
case $ENGINE in
podman) DIR=$CONTAINERS_ROOT/run ;;
docker) DIR=$CONTAINERS_ROOT/docker ;;
*) echo "container-engine: unknown engine $ENGINE (podman or docker)" >&2; exit 2 ;;
esac
SOCKET=$DIR/engine.sock
PIDFILE=$DIR/engine.pid
LOG=$DIR/engine.log
BRIDGE=hkdocker0
mkdir -p "$DIR"

answers() { curl -sf --max-time 2 --unix-socket "$SOCKET" http://d/_ping >/dev/null 2>&1; }
running() { [[ -f $PIDFILE ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

# Waits until the daemon just started answers; on failure stops it and says why (with its log's end, or only its
# last line when another attempt follows: `await_answer WHAT brief`).
await_answer() {
    for _ in $(seq 1 150); do
        answers && return 0
        running || break
        sleep 0.2
    done
    echo "container-engine: $ENGINE${1:+ ($1)} did not answer on $SOCKET; its log:" >&2
    tail -"$([[ ${2:-} == brief ]] && echo 1 || echo 20)" "$LOG" >&2
    kill -KILL "$(cat "$PIDFILE")" 2>/dev/null || true
    rm -f "$PIDFILE"
    return 1
}

launch() {
    rm -f "$SOCKET"
    if [[ $ENGINE == podman ]]; then
        setsid podman system service --time=0 "unix://$SOCKET" >"$LOG" 2>&1 </dev/null &
        echo $! >"$PIDFILE"
        await_answer
        return
    fi
    command -v dockerd >/dev/null || { echo "container-engine: dockerd is not installed" >&2; return 1; }
    if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
        ip link add "$BRIDGE" type bridge && ip addr add 172.29.77.1/24 dev "$BRIDGE" && ip link set "$BRIDGE" up
    fi
    local driver drivers
    read -r -a drivers <<<"${HIVEKEEP_DOCKER_STORAGE:-overlay2 vfs}"
    for driver in "${drivers[@]}"; do
        rm -f "$SOCKET"
        setsid dockerd --iptables=false --bridge="$BRIDGE" --storage-driver="$driver" --data-root "$DIR/data" \
            --exec-root "$DIR/exec" --pidfile "$DIR/dockerd.pid" -H "unix://$SOCKET" \
            --containerd-namespace hivekeep-test --containerd-plugins-namespace hivekeep-test-plugins \
            >"$LOG" 2>&1 </dev/null &
        echo $! >"$PIDFILE"
        if await_answer "storage $driver" "$([[ $driver != "${drivers[-1]}" ]] && echo brief)"; then
            echo "container-engine: dockerd with storage $driver" >&2
            return 0
        fi
    done
    ip link del "$BRIDGE" 2>/dev/null
    return 1
}

# Docker's storage is its own: copy the test images in from Podman's (once).
load_images() {
    local image
    for image in busybox time http; do
        image=localhost/hivekeep-test/$image:1
        curl -sf --unix-socket "$SOCKET" "http://d/images/$image/json" >/dev/null && continue
        podman save --format docker-archive "$image" |
            curl -sf --unix-socket "$SOCKET" -X POST -H 'Content-Type: application/x-tar' --data-binary @- \
                "http://d/images/load?quiet=1" >/dev/null
    done
}

case "${1:-}" in
start)
    if ! { running && answers; }; then
        launch || exit 1
    fi
    [[ $ENGINE == docker ]] && load_images
    [[ $ENGINE == podman ]] && echo "unix://$SOCKET" >"$CONTAINERS_ROOT/engine.address"
    echo "unix://$SOCKET"
    ;;
stop)
    if [[ -f $PIDFILE ]]; then
        pid=$(cat "$PIDFILE")
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        rm -f "$PIDFILE"
    fi
    rm -f "$SOCKET"
    [[ $ENGINE == podman ]] && rm -f "$CONTAINERS_ROOT/engine.address"
    [[ $ENGINE == docker ]] && ip link del "$BRIDGE" 2>/dev/null
    true
    ;;
*)
    echo "usage: $0 start|stop [podman|docker]" >&2
    exit 2
    ;;
esac
