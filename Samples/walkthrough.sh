#!/bin/sh
# A walk through signed export and import with curl, against `hivekeep serve --socket PATH` (signing is answered
# only on the Unix socket). Run the server with the vault password in its environment, then this script:
#
#   HIVEKEEP_SECRETS_PASSWORD=... hivekeep serve --socket /tmp/hivekeep.sock &
#   HIVEKEEP_SOCKET=/tmp/hivekeep.sock sh Samples/walkthrough.sh
#
# It trusts the key in Keys/ (with the CLI: trust is local configuration, not an API), sets up the encrypted
# secrets provider and stores a token, imports the signed sample Samples/time.dsse.json, starts a workload from the
# registry that references the token, exports it signed and imports that export under another name.
# HIVEKEEP names the CLI (default: hivekeep on PATH); WORKDIR keeps the export (default: a new temporary folder).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
HIVEKEEP=${HIVEKEEP:-hivekeep}
SOCKET=${HIVEKEEP_SOCKET:?set HIVEKEEP_SOCKET to the socket of hivekeep serve --socket PATH}
WORKDIR=${WORKDIR:-$(mktemp -d "${TMPDIR:-/tmp}/hivekeep-walkthrough.XXXXXX")}

# api METHOD PATH [CURL ARGS...]: one API call over the socket; fails on an HTTP error, printing its message.
api() {
    method=$1 path=$2
    shift 2
    curl -sS --fail-with-body --unix-socket "$SOCKET" -X "$method" -H 'Content-Type: application/json' \
        "http://localhost$path" "$@"
    echo
}

echo "== 1. trust the key that signs Samples/"
if ! "$HIVEKEEP" keys trust "$HERE/../Keys/hivekeep-samples.pem" --name hivekeep-samples; then
    echo "(trusted already)"
fi

echo "== 2. secrets: the encrypted provider (vault password from the server's environment) and a token"
api POST /api/v1beta/secrets -d '{"provider_type":"encrypted"}'
# The value goes through standard input, never a command line.
token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf '{"key":"walkthrough-token","value":"%s"}' "$token" |
    api POST /api/v1beta/secrets/default/keys --data-binary @-

echo "== 3. import the signed sample: Samples/time.dsse.json as time-sample"
api POST "/api/v1beta/workloads/import?name=time-sample" --data-binary @"$HERE/time.dsse.json"

echo "== 4. a workload from the registry that references the token"
api POST /api/v1beta/workloads \
    -d '{"name":"time-walk","image":"time","secrets":[{"name":"walkthrough-token","target":"WALKTHROUGH_TOKEN"}]}'

echo "== 5. export it signed, to $WORKDIR/time-walk.dsse.json"
api GET "/api/v1beta/workloads/time-walk/export?format=dsse" -o "$WORKDIR/time-walk.dsse.json"

echo "== 6. import the export as time-walk-copy (it references a secret: allow_secrets=true)"
api POST "/api/v1beta/workloads/import?name=time-walk-copy&allow_secrets=true" \
    --data-binary @"$WORKDIR/time-walk.dsse.json"

echo "== 7. the workloads"
api GET "/api/v1beta/workloads?all=true"
