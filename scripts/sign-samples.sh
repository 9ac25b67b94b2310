#!/bin/sh
# Re-signs Samples/*.dsse.json with a new signing key made for the purpose in a throwaway HiveKeep home, and writes
# its public key to Keys/hivekeep-samples.pem. The private key is thrown away with that home: re-signing always
# replaces both the signatures and the key (see Keys/README.md).
#
# Each sample is made the way a user makes one: a workload is created from the built-in registry, exported with
# `hivekeep export NAME FILE --sign`, and removed. Its runner may fail to start when uvx is missing; the export
# does not need it.
#
# Usage: scripts/sign-samples.sh            (HIVEKEEP=path/to/hivekeep, default .build/debug/hivekeep)
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HIVEKEEP=${HIVEKEEP:-$ROOT/.build/debug/hivekeep}
[ -x "$HIVEKEEP" ] || { echo "no hivekeep at $HIVEKEEP: build first or set HIVEKEEP" >&2; exit 1; }

TEMP=$(mktemp -d "${TMPDIR:-/tmp}/hivekeep-samples.XXXXXX")
export HOME="$TEMP/home" XDG_CONFIG_HOME="$TEMP/config" XDG_DATA_HOME="$TEMP/data" XDG_STATE_HOME="$TEMP/state"
# A random vault password for the throwaway vault that holds the throwaway signing key.
HIVEKEEP_SECRETS_PASSWORD=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
export HIVEKEEP_SECRETS_PASSWORD
unset HIVEKEEP_SECRETS_PASSWORD_FILE CREDENTIALS_DIRECTORY

cleanup() {
    for name in $("$HIVEKEEP" list --all --json 2>/dev/null | tr ',' '\n' | sed -n 's/.*"name":"\([^"]*\)".*/\1/p'); do
        "$HIVEKEEP" rm "$name" >/dev/null 2>&1 || true
    done
    rm -rf "$TEMP"
}
trap cleanup EXIT INT TERM

"$HIVEKEEP" secret setup encrypted
"$HIVEKEEP" keys generate

# sign NAME PORT REGISTRY-ENTRY [SERVER ARGS...]: the port is only the import's preference.
sign() {
    name=$1 port=$2 entry=$3
    shift 3
    "$HIVEKEEP" run "$entry" --name "$name" --port "$port" --no-wait -- "$@"
    "$HIVEKEEP" export "$name" "$ROOT/Samples/$name.dsse.json" --sign
    "$HIVEKEEP" rm "$name"
}

sign time 18401 time
sign time-utc 18402 time --local-timezone UTC

"$HIVEKEEP" keys export > "$ROOT/Keys/hivekeep-samples.pem"
echo "Samples signed; public key in Keys/hivekeep-samples.pem:"
"$HIVEKEEP" keys list
