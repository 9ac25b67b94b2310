#!/usr/bin/env bash
# Quick start: installs what is missing, builds HiveKeep (release) and runs `hivekeep serve` with any arguments
# given (default 127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product hivekeep >&2
exec "$(swift build -c release --show-bin-path)/hivekeep" serve "$@"
