#!/usr/bin/env bash
# Secrets write benchmark (release build): REST create and provider create against a bare atomic durable write of
# the same number of bytes, for vaults of 10, 1000 and 10000 secrets. Prints a table; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product hivekeep >&2
swift build -c release --product hivekeep-secrets-benchmark >&2
bin=$(swift build -c release --show-bin-path)
"$bin/hivekeep-secrets-benchmark" --hivekeep "$bin/hivekeep" "$@"
