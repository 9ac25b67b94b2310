#!/usr/bin/env bash
# Proxy benchmark (issue 5, release build): tools/call per second and p50/p99 latency through raw stdio, HiveKeep's
# streamable-HTTP proxy and mcp-proxy 0.13.0, on mcp-server-time and the shipped echo server, with 1 and 16 sessions.
# Prints a table and the ratios the issue aims for; asserts nothing. Options go to the benchmark, e.g.
#   bash scripts/bench-proxy.sh --duration 10 --warmup 2 --sessions 1,16 --servers time,echo
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --bench
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product hivekeep >&2
swift build -c release --product hivekeep-bench-echo >&2
swift build -c release --product hivekeep-proxy-benchmark >&2
bin=$(swift build -c release --show-bin-path)
root=$(pwd)
exec "$bin/hivekeep-proxy-benchmark" --hivekeep "$bin/hivekeep" --echo "$bin/hivekeep-bench-echo" \
    --time-server "$root/.cache/venv/bin/mcp-server-time" --mcp-proxy "$root/.cache/venv-bench/bin/mcp-proxy" "$@"
