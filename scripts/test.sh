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
# One directory for every temporary file of the run: the test HOME, TMPDIR of the tests and of schemathesis, and the
# harnesses' homes (TemporaryDirectory uses HIVEKEEP_TEST_TMP). MCP servers get an allowlisted environment without
# the marker, but their HOME and TMPDIR point in here, which is how the cleanup finds them.
RUN_TMP=$(mktemp -d "${TMPDIR:-/tmp}/hivekeep-run.XXXXXX")
export HIVEKEEP_TEST_TMP=$RUN_TMP/tmp
mkdir -p "$HIVEKEEP_TEST_TMP"
# Traversable by other users (each harness directory keeps its own mode): one test asks a server's Unix socket for a
# signature as another user and must reach the socket to be refused by the server, not by the file system.
chmod 0755 "$RUN_TMP" "$HIVEKEEP_TEST_TMP"
SUITE_TIMEOUT=${HIVEKEEP_SUITE_TIMEOUT:-50m}

# Field N (4 = parent, 6 = session) of /proc/PID/stat, read without a subprocess (the command name may hold spaces).
stat_field() {
    local stat rest fields
    read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
    rest=${stat##*) }
    read -r -a fields <<<"$rest"
    printf '%s' "${fields[$(($2 - 3))]}"
}

# Every process of this run: one carrying the marker; one whose environment or working directory refers to
# RUN_TMP (MCP servers, whose environment is allowlisted, carry HOME and TMPDIR from there); and every member of a
# session led by one of those (a runner calls setsid: its server stays in its session whatever it does to its
# environment). Never this script, its ancestors, or anything in this script's own session that is not marked.
run_processes() {
    local -A protected=() sessions=() found=()
    local pid=$$ own_session dir vars variable hit cwd session
    while [[ -n $pid && $pid -gt 1 ]]; do
        protected[$pid]=1
        pid=$(stat_field "$pid" 4) || break
    done
    protected[$BASHPID]=1
    own_session=$(stat_field $$ 6)
    for dir in /proc/[0-9]*; do
        pid=${dir#/proc/}
        [[ -n ${protected[$pid]:-} ]] && continue
        hit=0
        if mapfile -d '' vars 2>/dev/null <"$dir/environ"; then
            for variable in "${vars[@]}"; do
                if [[ $variable == "HIVEKEEP_TEST_RUN=$HIVEKEEP_TEST_RUN" || $variable == *"$RUN_TMP"* ]]; then
                    hit=1
                    break
                fi
            done
        fi
        if ((!hit)); then
            cwd=$(readlink "$dir/cwd" 2>/dev/null) || cwd=
            [[ -n $cwd && $cwd/ == "$RUN_TMP"/* ]] && hit=1
        fi
        ((hit)) || continue
        found[$pid]=1
        session=$(stat_field "$pid" 6) || continue
        [[ $session != "$own_session" && $session != 0 ]] && sessions[$session]=1
    done
    for dir in /proc/[0-9]*; do
        pid=${dir#/proc/}
        [[ -n ${protected[$pid]:-} || -n ${found[$pid]:-} ]] && continue
        session=$(stat_field "$pid" 6) || continue
        [[ -n ${sessions[$session]:-} ]] && found[$pid]=1
    done
    ((${#found[@]})) && printf '%s\n' "${!found[@]}"
    return 0
}

cleanup() {
    local status=$?
    set +e
    local pids=() pid
    [[ -n ${HIVEKEEP_TEST_DOCKER_HOST:-} ]] && bash scripts/container-engine.sh stop
    [[ -n ${DOCKER_PASS_STARTED:-} ]] && bash scripts/container-engine.sh stop docker
    mapfile -t pids < <(run_processes)
    if ((${#pids[@]})); then
        echo "cleanup: stopping leftover processes:" >&2
        for pid in "${pids[@]}"; do
            echo "  $pid: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" >&2
        done
        kill -TERM "${pids[@]}" 2>/dev/null
        sleep 1
        kill -KILL "${pids[@]}" 2>/dev/null
    fi
    rm -rf "$RUN_TMP"
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

step "containers: test images and a Podman engine (scripts/container-images.sh, scripts/container-engine.sh)"
if bash scripts/container-images.sh && HIVEKEEP_TEST_DOCKER_HOST=$(bash scripts/container-engine.sh start); then
    export HIVEKEEP_TEST_DOCKER_HOST
    echo "containers: engine at $HIVEKEEP_TEST_DOCKER_HOST"
else
    echo "containers: no engine could start here; the container tests will be skipped"
fi

step "tests: swift test (inside a private D-Bus session with gnome-keyring)"
TEST_HOME=$RUN_TMP/home
mkdir -p "$TEST_HOME"
set +e
env -u DISPLAY -u DBUS_SESSION_BUS_ADDRESS HOME="$TEST_HOME" TMPDIR="$HIVEKEEP_TEST_TMP" KEYRING_PW=hivekeep-test \
    timeout --kill-after=30s "$SUITE_TIMEOUT" \
    dbus-run-session -- sh scripts/keyring-session.sh \
    sh scripts/swift-test-phases.sh 2>&1 | tee "$ARTIFACTS/swift-test.log"
swift_status=${PIPESTATUS[0]}
set -e
rm -rf "$HIVEKEEP_TEST_UV_CACHE"

step "containers: the engine and container workload tests again against Docker's own daemon (when it starts here)"
# The engine client's tests and the workload E2E tests whose suites are the container ones (their names start with
# Container: ContainerWorkloadTests, ContainerRegistryTests, ContainerLogTests, ...), in the same keyring session and
# one at a time like the integration phase of the first pass (about 1 min 10 s with overlay2 storage here, 3 min 40 s
# with vfs).
if docker_address=$(bash scripts/container-engine.sh start docker); then
    DOCKER_PASS_STARTED=1
    set +e
    env -u DISPLAY -u DBUS_SESSION_BUS_ADDRESS HIVEKEEP_TEST_DOCKER_HOST="$docker_address" HOME="$TEST_HOME" \
        TMPDIR="$HIVEKEEP_TEST_TMP" KEYRING_PW=hivekeep-test timeout --kill-after=30s 15m \
        dbus-run-session -- sh scripts/keyring-session.sh \
        swift test --skip-build --no-parallel --filter 'HiveKeepContainersTests|HiveKeepWorkloadsE2ETests\.Container' \
        2>&1 | tee -a "$ARTIFACTS/swift-test.log"
    docker_status=${PIPESTATUS[0]}
    set -e
    bash scripts/container-engine.sh stop docker
    DOCKER_PASS_STARTED=
    [[ $docker_status -ne 0 && $swift_status -eq 0 ]] && swift_status=$docker_status
else
    echo "containers: dockerd did not start here; the Docker pass is skipped"
fi

step "api: schemathesis against a live server"
set +e
TMPDIR=$HIVEKEEP_TEST_TMP timeout --kill-after=30s 15m bash scripts/schemathesis.sh "$(swift build --show-bin-path)/hivekeep" 2>&1 |
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
