#!/usr/bin/env bash
# Container proxy benchmark (issue 12, release build): mcp-server-time as a process (exec://, sandboxed) and the same
# server as a container image (localhost/hivekeep-test/time:1, stdio attached through the engine), each through
# HiveKeep's streamable-HTTP proxy, plus raw stdio for reference: tools/call per second and p50/p99, and the time
# from POST /workloads to running (the image already present). Uses the test engine (scripts/container-engine.sh)
# unless DOCKER_HOST names another. Asserts nothing. Options go to the benchmark, e.g.
#   bash scripts/bench-container.sh --duration 10 --warmup 2 --sessions 1,16 --rounds 3
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
bash scripts/container-images.sh
started=""
if [[ -z ${DOCKER_HOST:-} ]]; then
    DOCKER_HOST=$(bash scripts/container-engine.sh start)
    started=yes
fi
trap '[[ -n $started ]] && bash scripts/container-engine.sh stop' EXIT
swift build -c release --product hivekeep >&2
swift build -c release --product hivekeep-bench-echo >&2
swift build -c release --product hivekeep-proxy-benchmark >&2
bin=$(swift build -c release --show-bin-path)
root=$(pwd)
"$bin/hivekeep-proxy-benchmark" --hivekeep "$bin/hivekeep" --echo "$bin/hivekeep-bench-echo" \
    --time-server "$root/.cache/venv/bin/mcp-server-time" \
    --docker-host "$DOCKER_HOST" --servers time,time-container --paths raw,hivekeep "$@"
