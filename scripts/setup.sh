#!/usr/bin/env bash
# Installs what HiveKeep needs on a Debian machine: system packages (as root; otherwise prints the command)
# and, with --python, a virtual environment under .cache/ with the pinned PyPI tools the tests use.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
    libsodium-dev libsecret-1-dev pkg-config   # libsodium and libsecret, linked by the Sodium and Keyring targets
    gnome-keyring libsecret-tools dbus         # a real Secret Service for the keyring tests (headless)
    bubblewrap                                  # the process sandbox
    curl python3-venv                           # the test command's own tools
)
PYTHON_PACKAGES=(
    "schemathesis==4.32.5"                      # API conformance checks against our own OpenAPI document
)
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

if [[ "${1:-}" == "--python" ]]; then
    stamp="$VENV/.installed-$(printf '%s\n' "${PYTHON_PACKAGES[@]}" | sha256sum | cut -c1-16)"
    if [[ ! -f "$stamp" ]]; then
        echo "setup: creating $VENV with ${PYTHON_PACKAGES[*]}" >&2
        rm -rf "$VENV"
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install -q --disable-pip-version-check "${PYTHON_PACKAGES[@]}"
        touch "$stamp"
    fi
fi
