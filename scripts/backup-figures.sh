#!/usr/bin/env bash
# Backup figures (issue 14): time and archive size of `hivekeep backup` and `hivekeep restore` for an installation
# with N secrets (encrypted provider) and N run configurations, restored onto a fresh HOME. Prints the figures;
# asserts nothing. The Argon2id derivation (moderate: 3 passes, 256 MiB) is part of both times.
# Usage: bash scripts/backup-figures.sh [N]   (HIVEKEEP=path/to/hivekeep to measure another build; default: debug)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-50}
command -v swift >/dev/null || export PATH="/opt/swift/usr/bin:$PATH"
HIVEKEEP=${HIVEKEEP:-$(swift build --show-bin-path)/hivekeep}
work=$(mktemp -d "${TMPDIR:-/tmp}/hivekeep-backup-figures.XXXXXX")
trap 'rm -rf "$work"' EXIT
export HIVEKEEP_SECRETS_PASSWORD=figures-vault-password
as() { local home=$1; shift; HOME=$work/$home XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_STATE_HOME= "$HIVEKEEP" "$@"; }
now() { date +%s.%N; }
printf 'a figures passphrase\n' >"$work/passphrase"
chmod 600 "$work/passphrase"
as source secret setup encrypted >/dev/null
for i in $(seq 1 "$N"); do printf 'value-%s' "$i" | as source secret set "key-$i" >/dev/null; done
configs=$work/source/.local/state/hivekeep/runconfigs
mkdir -p "$configs"
for i in $(seq 1 "$N"); do
    printf '{"schema_version":"v0.1.0","name":"w%s","image":"exec:///bin/true","transport":"stdio","port":%s}\n' \
        "$i" "$((20000 + i))" >"$configs/w$i.json"
done
start=$(now)
as source backup "$work/archive.hkb" --passphrase-file "$work/passphrase" >/dev/null
backup=$(awk "BEGIN { print $(now) - $start }")
start=$(now)
as target restore "$work/archive.hkb" --passphrase-file "$work/passphrase" >/dev/null
restore=$(awk "BEGIN { print $(now) - $start }")
listed=$(as target secret list | wc -l)
printf 'N=%s secrets + %s run configurations; archive %s bytes\n' "$N" "$N" "$(stat -c %s "$work/archive.hkb")"
printf 'backup  %.2f s\nrestore %.2f s (then %s secrets listed on the fresh HOME)\n' "$backup" "$restore" "$listed"
