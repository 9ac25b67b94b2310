#!/usr/bin/env bash
# Installs what HiveKeep needs on a Debian machine: system packages (as root; otherwise prints the command)
# and, with --python, a virtual environment under .cache/ with the pinned PyPI tools the tests use.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
    libsodium-dev libsecret-1-dev pkg-config   # libsodium and libsecret, linked by the Sodium and Keyring targets
    gnome-keyring libsecret-tools dbus         # a real Secret Service for the keyring tests (headless)
    bubblewrap                                  # the process sandbox
    systemd                                     # systemd-analyze verify for the service unit tests
    passt                                       # pasta: network for a sandbox without sharing the host's namespace
    curl python3-venv                           # the test command's own tools
    podman runc                                 # the container engine the container tests run (Docker API service)
    mmdebstrap busybox-static                   # the test images, built locally (scripts/container-images.sh)
    docker.io iproute2                          # Docker's daemon: the same engine tests run against it too
    docker-registry apache2-utils               # a private image registry with htpasswd for the pull tests (test-registry.sh)
)
PYTHON_PACKAGES=(
    "schemathesis==4.32.5"                      # API conformance checks against our own OpenAPI document
    "mcp==2.3.0"                                # the reference MCP client, the independent peer of the proxy tests
    "mcp-server-time==2026.10.19"               # a real stdio MCP server from PyPI
    "uv==0.13.9"                                # uvx, which runs uvx:// workloads
    "pyjwt[crypto]==2.15.1"                     # the independent token issuer of the JWT verifier tests
    "oidc-provider-mock==0.3.4"                 # a real OpenID provider (0.4.x is not offered for this Python)
    "authlib==1.9.10"                           # the OAuth 2.1 server of Tests/Support/oauth (PKCE, DCR, refresh, client credentials)
    "flask==3.1.3"                              # serves that authorization server
    "cryptography==50.0.2"                      # AES-GCM: writes ToolHive's secrets file for the migration tests
    "jsonschema==4.26.0"                        # validates Kubernetes exports against the operator's CRD schemas
    "PyYAML==6.0.4"                             # reads those CRDs and the exported YAML
)
# The proxy benchmark's peer lives apart: mcp-proxy 0.13 pins mcp<2.
BENCH_PYTHON_PACKAGES=("mcp-proxy==0.13.0")
BENCH_APT_PACKAGES=(wrk)
BENCH_VENV=.cache/venv-bench
VENV=.cache/venv

missing=()
for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    if [[ $(id -u) -eq 0 ]]; then
        echo "setup: installing ${missing[*]}" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "setup: missing system packages; run:" >&2
        echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi

if ! command -v swift >/dev/null && [[ ! -x /opt/swift/usr/bin/swift ]]; then
    echo "setup: no Swift toolchain found (Swift 6.2 or newer is needed)" >&2
    exit 1
fi

# make_venv DIR PACKAGE...: a venv with exactly these pins, rebuilt only when the list changes.
make_venv() {
    local venv=$1
    shift
    local stamp
    stamp="$venv/.installed-$(printf '%s\n' "$@" | sha256sum | cut -c1-16)"
    if [[ ! -f "$stamp" ]]; then
        echo "setup: creating $venv with $*" >&2
        rm -rf "$venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install -q --disable-pip-version-check "$@"
        touch "$stamp"
    fi
}

case "${1:-}" in
--python)
    make_venv "$VENV" "${PYTHON_PACKAGES[@]}"
    ;;
--bench)
    make_venv "$VENV" "${PYTHON_PACKAGES[@]}"
    make_venv "$BENCH_VENV" "${BENCH_PYTHON_PACKAGES[@]}"
    if ! command -v wrk >/dev/null; then
        if [[ $(id -u) -eq 0 ]]; then
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${BENCH_APT_PACKAGES[@]}" >/dev/null
        else
            echo "setup: the benchmark needs: sudo apt-get install -y ${BENCH_APT_PACKAGES[*]}" >&2
            exit 1
        fi
    fi
    ;;
esac
