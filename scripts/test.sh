#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, checks formatting, builds and runs every Swift test
# inside a private D-Bus session with an unlocked gnome-keyring, then runs schemathesis against a live server with
# the project's own OpenAPI document. Every process it starts is found and killed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
# The whole run, set-up included, is bounded well inside CI's 90 minutes.
if [[ -z "${HIVEKEEP_TEST_BOUNDED:-}" ]]; then
    export HIVEKEEP_TEST_BOUNDED=1
    exec timeout --kill-after=60s "${HIVEKEEP_TEST_TIMEOUT:-80m}" bash "$0" "$@"
fi
ROOT=$PWD
bash scripts/setup.sh --python
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"

ARTIFACTS=$ROOT/.test-artifacts
rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS"
# Every process started from here on carries this marker, so the cleanup can find it even after it was re-parented.
export HIVEKEEP_TEST_RUN="run-$$-$RANDOM$RANDOM"
export HIVEKEEP_TEST_LOGS=$ARTIFACTS
# The tests' Python tools (the reference MCP client, mcp-server-time, uv), and one fresh uv cache for this run.
export HIVEKEEP_TEST_VENV=$ROOT/.cache/venv
export HIVEKEEP_TEST_UV_CACHE=$ROOT/.cache/uv-$HIVEKEEP_TEST_RUN
SUITE_TIMEOUT=${HIVEKEEP_SUITE_TIMEOUT:-50m}

cleanup() {
    local status=$?
    local pids=()
    for environ in /proc/[0-9]*/environ; do
        local pid=${environ#/proc/}
        pid=${pid%/environ}
        [[ $pid == $$ || $pid == "$BASHPID" ]] && continue
        if (tr '\0' '\n' <"$environ") 2>/dev/null | grep -qx "HIVEKEEP_TEST_RUN=$HIVEKEEP_TEST_RUN"; then
            pids+=("$pid")
        fi
    done
    if ((${#pids[@]})); then
        echo "cleanup: stopping leftover processes ${pids[*]}" >&2
        kill -TERM "${pids[@]}" 2>/dev/null || true
        sleep 1
        kill -KILL "${pids[@]}" 2>/dev/null || true
    fi
    exit $status
}
trap cleanup EXIT
trap 'exit 124' TERM INT

step() { printf '\n== %s\n' "$*"; }

step "format: swift format lint"
swift format lint --strict --recursive --parallel Package.swift Sources Tests Benchmarks

step "build: swift build --build-tests"
set +e
swift build --build-tests 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Write|Linking|Merging|Wrapping)'
build_status=${PIPESTATUS[0]}
set -e
if [[ $build_status -ne 0 ]]; then
    echo "build failed (exit $build_status)"
    echo "tests: 0 passed, 1 failed"
    exit 1
fi

step "tests: swift test (inside a private D-Bus session with gnome-keyring)"
TEST_HOME=$(mktemp -d "${TMPDIR:-/tmp}/hivekeep-test-home.XXXXXX")
set +e
env -u DISPLAY -u DBUS_SESSION_BUS_ADDRESS HOME="$TEST_HOME" KEYRING_PW=hivekeep-test \
    timeout --kill-after=30s "$SUITE_TIMEOUT" \
    dbus-run-session -- sh scripts/keyring-session.sh \
    sh scripts/swift-test-phases.sh 2>&1 | tee "$ARTIFACTS/swift-test.log"
swift_status=${PIPESTATUS[0]}
set -e
rm -rf "$TEST_HOME" "$HIVEKEEP_TEST_UV_CACHE"

step "api: schemathesis against a live server"
set +e
timeout --kill-after=30s 15m bash scripts/schemathesis.sh "$(swift build --show-bin-path)/hivekeep" 2>&1 |
    tee "$ARTIFACTS/schemathesis.log"
schemathesis_status=${PIPESTATUS[0]}
set -e

# One closing line that any reader understands: tests that passed and failed, counted from Swift Testing's lines.
passed=$(grep -E '^✔ Test ' "$ARTIFACTS/swift-test.log" | grep -vc '^✔ Test run' || true)
failed=$(grep -E '^✘ Test .* failed after' "$ARTIFACTS/swift-test.log" | grep -vc '^✘ Test run' || true)
if [[ $swift_status -ne 0 && ${failed:-0} -eq 0 ]]; then failed=1; fi
if [[ $schemathesis_status -ne 0 ]]; then failed=$((failed + 1)); fi
echo
echo "swift test exit $swift_status; schemathesis exit $schemathesis_status"
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
if [[ $swift_status -ne 0 || $schemathesis_status -ne 0 ]]; then
    exit 1
fi
