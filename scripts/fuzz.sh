#!/bin/sh
# Builds the libFuzzer targets in Fuzz/ and runs each for SECONDS (default 60) on its seed corpus.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# Targets: json-scanner jsonc-editor yaml-editor runconfig dsse-envelope registry vault-reader.
# Each target is compiled with `swiftc -sanitize=fuzzer,address` from the few source files it needs (HiveKeepCore
# as a small static library), never by rebuilding the package with sanitizers. Builds go to .build-fuzz/, new
# corpus entries and crashes to .build-fuzz/run/TARGET/; the seeds in Fuzz/Corpus/TARGET/ are not changed.
# Leak detection is off: the Swift runtime's metadata caches and lazy globals read as leaks at exit.
# Not part of the test command. A crash found becomes a regression test in Tests/.
set -eu
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
[ $# -gt 0 ] && shift
TARGETS=${*:-json-scanner jsonc-editor yaml-editor runconfig dsse-envelope registry vault-reader}
OUT=.build-fuzz
mkdir -p "$OUT"
FLAGS="-sanitize=fuzzer,address -parse-as-library -O -g -enable-bare-slash-regex -swift-version 6"

quiet() { "$@" 2>&1 | grep -v 'Cannot export local symbol' || true; }

core() {
    [ -f "$OUT/libHiveKeepCore.a" ] && [ -z "$(find Sources/HiveKeepCore -newer "$OUT/libHiveKeepCore.a")" ] && return
    quiet nice -n 19 swiftc -emit-library -static -emit-module $FLAGS -module-name HiveKeepCore \
        Sources/HiveKeepCore/*.swift Sources/HiveKeepCore/RunConfig/*.swift \
        -o "$OUT/libHiveKeepCore.a" -emit-module-path "$OUT/HiveKeepCore.swiftmodule"
}

sodium() {
    [ -f "$OUT/libSodium.a" ] && [ -z "$(find Sources/Sodium -newer "$OUT/libSodium.a")" ] && return
    quiet nice -n 19 swiftc -emit-library -static -emit-module $FLAGS -module-name Sodium -I Sources/CSodium \
        Sources/Sodium/*.swift -o "$OUT/libSodium.a" -emit-module-path "$OUT/Sodium.swiftmodule"
}

sources() {
    W=Sources/HiveKeepClients
    case $1 in
    json-scanner) echo Fuzz/JSONScanner/main.swift Sources/HiveKeepProxy/JSONBytes.swift ;;
    jsonc-editor) echo Fuzz/JSONCEditor/main.swift $W/JSONCEditor.swift $W/JSONCText.swift $W/JSONCScanner.swift \
        $W/ConfigValue.swift ;;
    yaml-editor) echo Fuzz/YAMLEditor/main.swift $W/YAMLEditor.swift $W/YAMLLines.swift $W/ConfigValue.swift ;;
    runconfig) echo Fuzz/RunConfig/main.swift ;;
    dsse-envelope) echo Fuzz/DSSEEnvelope/main.swift Sources/HiveKeepSigning/DSSEEnvelope.swift \
        Sources/HiveKeepSigning/DSSE.swift Sources/HiveKeepSigning/Base64.swift \
        Sources/HiveKeepSigning/EnvelopeError.swift ;;
    registry) echo Fuzz/Registry/main.swift Sources/HiveKeepRegistry/Schema/*.swift \
        Sources/HiveKeepRegistry/Model/*.swift ;;
    vault-reader) echo Fuzz/VaultReader/main.swift $(ls Sources/HiveKeepVault/*.swift | grep -v '/Vault\(+Rotation\)\?.swift$') ;;
    *) echo "unknown fuzz target: $1" >&2; exit 2 ;;
    esac
}

core
sodium
for target in $TARGETS; do
    files=$(sources "$target")
    echo "== $target: building"
    quiet nice -n 19 swiftc $FLAGS -module-name "Fuzz_$(echo "$target" | tr - _)" -I "$OUT" -I Sources/CSodium -L "$OUT" \
        -lHiveKeepCore -lSodium $files -o "$OUT/fuzz-$target"
    run="$OUT/run/$target"
    mkdir -p "$run/corpus" "$run/artifacts"
    echo "== $target: running ${SECONDS_EACH}s"
    status=0
    ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no nice -n 19 "$OUT/fuzz-$target" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 \
        -artifact_prefix="$run/artifacts/" -print_final_stats=1 "$run/corpus" "Fuzz/Corpus/$target" \
        >"$run/log" 2>&1 || status=$?
    grep -E '^stat::number_of_executed_units|^stat::peak_rss|#[0-9]+ *DONE|ERROR|SUMMARY' "$run/log" || true
    ls "$run/artifacts" | sed 's/^/   found: /'
    [ "$status" -eq 0 ] || echo "== $target: exit $status (see $run/log)"
done
