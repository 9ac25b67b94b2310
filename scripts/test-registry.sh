#!/usr/bin/env bash
# A private image registry for the tests: docker-registry (the distribution project's registry 2.x, Debian package
# docker-registry) with htpasswd authentication (bcrypt), plain HTTP on 127.0.0.1 at a free port, its storage in DIR.
# The user name and password come from HK_REGISTRY_USER and HK_REGISTRY_PASSWORD, never from a command line.
#   start DIR                 starts it; prints HOST:PORT once /v2/ asks for credentials (also in DIR/address)
#   push DIR IMAGE TARGET     copies IMAGE from the tests' Podman storage (container-conf.sh) to TARGET, the
#                             credentials in an auth file that lives only for the push
#   stop DIR                  ends the registry it started (by its recorded process id)
# Podman pulls from it because container-conf.sh's registries.conf marks 127.0.0.1 insecure (plain HTTP); Docker's
# daemon treats 127.0.0.0/8 as insecure by default. Exit 3: docker-registry or htpasswd is not installed.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${2:?usage: $0 start|push|stop DIR [IMAGE TARGET]}

case $1 in
start)
    for tool in docker-registry htpasswd; do
        command -v "$tool" >/dev/null || {
            echo "test-registry: $tool is not installed (apt-get install docker-registry apache2-utils)" >&2
            exit 3
        }
    done
    : "${HK_REGISTRY_USER:?}" "${HK_REGISTRY_PASSWORD:?}"
    mkdir -p "$DIR/data"
    printf '%s' "$HK_REGISTRY_PASSWORD" | htpasswd -Bin "$HK_REGISTRY_USER" >"$DIR/htpasswd" 2>/dev/null
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    cat >"$DIR/config.yml" <<CONF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $DIR/data
http:
  addr: 127.0.0.1:$port
  secret: $(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
auth:
  htpasswd:
    realm: hivekeep-test
    path: $DIR/htpasswd
CONF
    # docker-registry reads REGISTRY_* variables as settings; it gets neither credential.
    env -u HK_REGISTRY_USER -u HK_REGISTRY_PASSWORD setsid docker-registry serve "$DIR/config.yml" >"$DIR/registry.log" 2>&1 </dev/null &
    echo $! >"$DIR/registry.pid"
    for _ in $(seq 1 100); do
        if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/v2/") == 401 ]]; then
            echo "127.0.0.1:$port" | tee "$DIR/address"
            exit 0
        fi
        kill -0 "$(cat "$DIR/registry.pid")" 2>/dev/null || break
        sleep 0.1
    done
    echo "test-registry: docker-registry did not answer on 127.0.0.1:$port; its log:" >&2
    tail -20 "$DIR/registry.log" >&2
    exit 1
    ;;
push)
    IMAGE=${3:?} TARGET=${4:?}
    : "${HK_REGISTRY_USER:?}" "${HK_REGISTRY_PASSWORD:?}"
    source scripts/container-conf.sh
    auth=$(printf '%s:%s' "$HK_REGISTRY_USER" "$HK_REGISTRY_PASSWORD" | base64 -w0)
    trap 'rm -f "$DIR/auth.json"' EXIT
    (umask 077 && printf '{"auths":{"%s":{"auth":"%s"}}}' "$(cat "$DIR/address")" "$auth" >"$DIR/auth.json")
    podman push --quiet --tls-verify=false --authfile "$DIR/auth.json" "$IMAGE" "$TARGET"
    ;;
stop)
    if [[ -f $DIR/registry.pid ]]; then
        pid=$(cat "$DIR/registry.pid")
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        rm -f "$DIR/registry.pid"
    fi
    ;;
*)
    echo "usage: $0 start|push|stop DIR [IMAGE TARGET]" >&2
    exit 2
    ;;
esac
