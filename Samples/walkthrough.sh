#!/bin/sh
# A walk through signed export and import with curl, over the API's Unix socket (signing is answered only there,
# and only to the user the server runs as).
#
# It trusts the key in Keys/ (with the CLI: trust is local configuration, not an API), sets up the encrypted
# secrets provider and stores a token, imports the signed sample Samples/time.dsse.json, starts a workload from the
# registry that references the token, exports it signed and imports that export under another name.
#
# By default it runs in a throwaway installation, so it can be run again and again and touches nothing of yours:
# HOME and the XDG directories point into a new temporary folder, it starts its own `hivekeep serve --socket`
# there (with a random vault password in a file), and when it ends (or fails) it deletes its workloads, stops that
# server and removes the folder (KEEP=1 keeps it).
#
#   sh Samples/walkthrough.sh
#
# Against a server you started yourself, set HIVEKEEP_SOCKET; the CLI then uses your own HOME/XDG directories, so
# they must be the server's. That installation must be fresh for these names: the script checks first that the
# secret walkthrough-token and the workloads time-sample, time-walk and time-walk-copy do not exist, and stops if
# they do (nothing is changed then). It leaves what it created behind.
#
#   HIVEKEEP_SECRETS_PASSWORD=... hivekeep serve --socket /tmp/hivekeep.sock &
#   HIVEKEEP_SOCKET=/tmp/hivekeep.sock sh Samples/walkthrough.sh
#
# HIVEKEEP names the CLI (default: hivekeep on PATH); WORKDIR is where the export and the throwaway installation go
# (default: a new temporary folder).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
HIVEKEEP=${HIVEKEEP:-hivekeep}
WORKDIR=${WORKDIR:-$(mktemp -d "${TMPDIR:-/tmp}/hivekeep-walkthrough.XXXXXX")}
NAMES="time-sample time-walk time-walk-copy"

# api METHOD PATH [CURL ARGS...]: one API call over the socket; fails on an HTTP error, printing its message.
api() {
    method=$1 path=$2
    shift 2
    curl -sS --fail-with-body --unix-socket "$SOCKET" -X "$method" -H 'Content-Type: application/json' \
        "http://localhost$path" "$@"
    echo
}

# status PATH: the HTTP status of a GET over the socket.
status() {
    curl -s -o /dev/null -w '%{http_code}' --unix-socket "$SOCKET" "http://localhost$1"
}

if [ -n "${HIVEKEEP_SOCKET:-}" ]; then
    SOCKET=$HIVEKEEP_SOCKET
    [ "$(status /api/v1beta/version)" = 200 ] || { echo "no HiveKeep server answers on $SOCKET" >&2; exit 1; }
    for name in $NAMES; do
        if [ "$(status "/api/v1beta/workloads/$name")" != 404 ]; then
            echo "workload $name exists already: this walkthrough needs a fresh installation (or run it without" \
                "HIVEKEEP_SOCKET to use a throwaway one)" >&2
            exit 1
        fi
    done
    case $(curl -s --unix-socket "$SOCKET" http://localhost/api/v1beta/secrets/default/keys) in
    *'"walkthrough-token"'*)
        echo "secret walkthrough-token exists already: this walkthrough needs a fresh installation" >&2
        exit 1
        ;;
    esac
else
    INSTALL="$WORKDIR/installation"
    if [ -e "$INSTALL" ]; then
        echo "$INSTALL exists: give an empty WORKDIR (or none)" >&2
        exit 1
    fi
    mkdir -p "$INSTALL/home" "$INSTALL/config" "$INSTALL/data" "$INSTALL/state" "$INSTALL/cache"
    chmod 700 "$INSTALL"
    HOME="$INSTALL/home" XDG_CONFIG_HOME="$INSTALL/config" XDG_DATA_HOME="$INSTALL/data"
    XDG_STATE_HOME="$INSTALL/state" XDG_CACHE_HOME="$INSTALL/cache"
    export HOME XDG_CONFIG_HOME XDG_DATA_HOME XDG_STATE_HOME XDG_CACHE_HOME
    SOCKET="$INSTALL/api.sock"
    umask 077
    od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "$INSTALL/vault-password"
    HIVEKEEP_SECRETS_PASSWORD_FILE="$INSTALL/vault-password" \
        "$HIVEKEEP" serve --socket "$SOCKET" > "$INSTALL/server.log" 2>&1 &
    server=$!

    cleanup() {
        code=$?
        set +e
        echo "== cleaning up the throwaway installation"
        for name in $NAMES; do
            curl -s -o /dev/null --unix-socket "$SOCKET" -X DELETE "http://localhost/api/v1beta/workloads/$name"
        done
        tries=0
        while [ $tries -lt 300 ]; do
            listed=$(curl -s --unix-socket "$SOCKET" "http://localhost/api/v1beta/workloads?all=true")
            case $listed in *'"name"'*) ;; *) break ;; esac
            tries=$((tries + 1))
            sleep 0.1
        done
        kill "$server" 2>/dev/null
        wait "$server" 2>/dev/null
        if [ "${KEEP:-0}" = 1 ]; then
            echo "kept $INSTALL"
        else
            rm -rf "$INSTALL"
        fi
        exit $code
    }
    trap cleanup EXIT
    trap 'exit 130' INT TERM

    tries=0
    until [ "$(status /api/v1beta/version)" = 200 ]; do
        tries=$((tries + 1))
        if [ $tries -ge 100 ] || ! kill -0 "$server" 2>/dev/null; then
            echo "the walkthrough's server did not start:" >&2
            cat "$INSTALL/server.log" >&2
            exit 1
        fi
        sleep 0.1
    done
    echo "== 0. a throwaway installation in $INSTALL, its server on $SOCKET"
fi

echo "== 1. trust the key that signs Samples/"
if ! "$HIVEKEEP" keys trust "$HERE/../Keys/hivekeep-samples.pem" --name hivekeep-samples; then
    echo "(trusted already)"
fi

echo "== 2. secrets: the encrypted provider (the vault password is the server's: its environment or file) and a token"
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
