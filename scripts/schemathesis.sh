#!/usr/bin/env bash
# Runs schemathesis (pinned, from .cache/venv) against a live `hivekeep serve` using the server's own OpenAPI
# document. Operations marked `x-hivekeep-status: planned` are left out: they answer 501 by design.
# Usage: scripts/schemathesis.sh PATH/TO/hivekeep
set -euo pipefail
cd "$(dirname "$0")/.."
HIVEKEEP=${1:?usage: schemathesis.sh PATH/TO/hivekeep}
LOGS=${HIVEKEEP_TEST_LOGS:-$(mktemp -d)}
HOME_DIR=$(mktemp -d "${TMPDIR:-/tmp}/hivekeep-schemathesis.XXXXXX")
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# The API token lives in a file the script chooses, so it can send it (every /api/v1beta operation needs it).
TOKEN_FILE=$HOME_DIR/api-token
HOME=$HOME_DIR HIVEKEEP_API_TOKEN_FILE=$TOKEN_FILE "$HIVEKEEP" serve --port "$PORT" --log-level warning >"$LOGS/schemathesis-server.log" 2>&1 &
server=$!
# Workloads outlive the server by design: their runners (and servers) are found by the HOME they were given.
stop_all() {
    kill $server 2>/dev/null || true
    wait $server 2>/dev/null || true
    for environ in /proc/[0-9]*/environ; do
        if (tr '\0' '\n' <"$environ") 2>/dev/null | grep -qx "HOME=$HOME_DIR"; then
            pid=${environ#/proc/}
            kill -KILL "${pid%/environ}" 2>/dev/null || true
        fi
    done
    rm -rf "$HOME_DIR"
}
trap stop_all EXIT
for _ in $(seq 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health" 2>/dev/null && break
    sleep 0.1
done

curl -fsS "http://127.0.0.1:$PORT/api/openapi.json" -o "$LOGS/openapi.json"
TOKEN=$(cat "$TOKEN_FILE")
mapfile -t built < <(python3 - "$LOGS/openapi.json" <<'PY'
import json, sys
document = json.load(open(sys.argv[1]))
for item in document["paths"].values():
    for method, operation in item.items():
        if isinstance(operation, dict) and "operationId" in operation \
                and operation.get("x-hivekeep-status") != "planned":
            print(operation["operationId"])
PY
)
echo "schemathesis: checking ${#built[@]} built operations: ${built[*]}"
include=()
for id in "${built[@]}"; do include+=(--include-operation-id "$id"); done

.cache/venv/bin/schemathesis run "$LOGS/openapi.json" \
    --url "http://127.0.0.1:$PORT" \
    --header "Authorization: Bearer $TOKEN" \
    "${include[@]}" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-50}" \
    --seed 20261129 \
    --workers 1 \
    --no-color \
    --generation-database none \
    --report junit --report-dir "$LOGS/schemathesis-report"
