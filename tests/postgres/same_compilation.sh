#!/bin/sh
# The same register on SQLite and on PostgreSQL compiles to the same bytes: the example
# municipality generated into an SQLite file, copied to a fresh PostgreSQL database and back into
# a new file with `register copy` (the audit trail verified on every side), then `compile --year
# 2025 --format json` from all three, compared byte for byte.
# Usage: same_compilation.sh FOLLOWUP SOURCE_DIR CLUSTER_STATE
set -eu
followup=$1
source_dir=$2
admin=$(cat "$3")
work=$(mktemp -d /tmp/followup-same-compilation.XXXXXX)
database=followup_same_$$
cleanup() {
    psql -X -q "$admin" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
url=$(printf '%s' "$admin" | sed "s|/postgres?|/$database?|")
export FOLLOWUP_AUDIT_KEY="$work/postgres.audit-key"
config="$source_dir/config/municipality.toml"

"$followup" --config "$config" --db "$work/register.sqlite" demo generate --seed 1 --out "$work/example" --import --trust-plugins >/dev/null
psql -X -q "$admin" -c "CREATE DATABASE $database"
"$followup" --config "$config" register copy --from "$work/register.sqlite" --to "$url"
"$followup" --config "$config" --db "$url" audit verify
"$followup" --config "$config" register copy --from "$url" --to "$work/back.sqlite"
"$followup" --config "$config" --db "$work/back.sqlite" audit verify
for register in "$work/register.sqlite" "$url" "$work/back.sqlite"; do
    out="$work/compiled-$(printf '%s' "$register" | md5sum | cut -c1-8)"
    "$followup" --config "$config" --db "$register" compile --year 2025 --format json --out "$out" >/dev/null
    echo "$out"
done > "$work/outs"
first=$(head -n 1 "$work/outs")
while read -r out; do
    cmp "$first/samlad-uppfoljning-2025.json" "$out/samlad-uppfoljning-2025.json"
done < "$work/outs"
echo "the compilation is byte-identical from SQLite, from PostgreSQL and from the copy back ($(wc -c < "$first/samlad-uppfoljning-2025.json") bytes)"
