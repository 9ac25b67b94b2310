#!/usr/bin/env bash
# Builds the container images the tests run, into Podman's storage under .cache/containers/ (cached: an image
# already present is kept; bump its tag when its recipe changes). No image registry is reachable, so every image is
# imported from a directory:
#   localhost/hivekeep-test/busybox:1  busybox-static alone (lifecycle, mounts, network tests)
#   localhost/hivekeep-test/time:1     mcp-server-time on Debian 12's python3 (a stdio MCP server)
#   localhost/hivekeep-test/http:1     the same Python image running scripts/containers/http_server.py
#                                      (an MCP server speaking streamable HTTP itself on port 8080)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/container-conf.sh
VENV=${HIVEKEEP_TEST_VENV:-$PWD/.cache/venv}
PIP_PINS=("mcp==2.3.0" "mcp-server-time==2026.10.19")   # as in setup.sh's PYTHON_PACKAGES
BASE_TAR=$CONTAINERS_ROOT/bookworm-python3.tar
PATH_ENV='ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

exists() { podman image exists "$1" 2>/dev/null; }
work=$(mktemp -d "${TMPDIR:-/tmp}/hivekeep-images.XXXXXX")
trap 'rm -rf "$work"' EXIT

if ! exists localhost/hivekeep-test/busybox:1; then
    echo "images: building localhost/hivekeep-test/busybox:1" >&2
    root=$work/busybox
    mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/data"
    cp "$(command -v busybox)" "$root/bin/busybox"
    for applet in sh cat echo ls sleep nc httpd wget touch id mkdir; do ln -s busybox "$root/bin/$applet"; done
    echo "nobody:x:65534:65534:nobody:/:/bin/sh" >"$root/etc/passwd"
    tar -C "$root" -c . | podman import --change "$PATH_ENV" --change 'CMD ["/bin/sh"]' - \
        localhost/hivekeep-test/busybox:1 >/dev/null
fi

python_image() { # NAME CMD-JSON
    local name=$1 cmd=$2
    exists "$name" && return 0
    echo "images: building $name" >&2
    if [[ ! -f $BASE_TAR ]]; then
        mmdebstrap --quiet --variant=essential --include=python3 --format=tar bookworm "$BASE_TAR.part"
        mv "$BASE_TAR.part" "$BASE_TAR"
    fi
    local root=$work/python
    if [[ ! -d $root ]]; then
        mkdir -p "$root"
        tar -C "$root" -xf "$BASE_TAR"
        # Debian 12's python3 is 3.11, as is the test venv's, so its pip picks fitting cp311 wheels.
        "$VENV/bin/pip" install --quiet --disable-pip-version-check --target "$root/opt/mcp" "${PIP_PINS[@]}"
        cp scripts/containers/http_server.py "$root/opt/http_server.py"
    fi
    tar -C "$root" -c . | podman import --change "$PATH_ENV" --change 'ENV PYTHONPATH=/opt/mcp' \
        --change 'ENV PYTHONUNBUFFERED=1' --change 'ENTRYPOINT ["python3"]' --change "CMD $cmd" - "$name" >/dev/null
}
python_image localhost/hivekeep-test/time:1 '["-m", "mcp_server_time"]'
python_image localhost/hivekeep-test/http:1 '["/opt/http_server.py"]'
echo "images: ready in $CONTAINERS_ROOT" >&2
