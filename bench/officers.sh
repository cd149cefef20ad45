#!/usr/bin/env bash
# Officers at once: how long one `followup record` takes when one officer records alone, and when
# N officers record at the same moment on the same register (issue "Fast for whoever waits",
# point 3: with eight officers writing at once the median at most three times one officer's).
#
#   bench/officers.sh REGISTER [OFFICERS] [COMMANDS]     (defaults: 8 officers, 10 commands each)
#
# REGISTER is the example municipality's register as the README's main job makes it: a SQLite
# file, or a postgresql:// URL of a copy of it (`followup register copy`; then export the copy's
# audit key as $FOLLOWUP_AUDIT_KEY, as every command on that register needs). Each command records a
# tillsyn of a different preschool of the example, done on a day of
# 2026 of its own (so no two commands write the same follow-up), with one finding; every officer
# has units of their own. Prints one Markdown row per run: officers, commands, median, min and
# max in milliseconds, and the commands that failed (each failure's message on stderr).
#
# Needs a release build (cmake --preset release && cmake --build --preset release).
set -euo pipefail
cd "$(dirname "$0")/.."
register=${1:?usage: bench/officers.sh REGISTER [OFFICERS] [COMMANDS]}
officers=${2:-8}
commands=${3:-10}
followup=$PWD/build/release/bin/followup
config=$PWD/config/municipality.toml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One officer's commands, one after another: each line of OUT is "milliseconds exit-status".
# Officer K records the preschool units K*COMMANDS+1 ... of the list, each on a day of its own,
# so no two commands of any run write the same follow-up.
officer() {
  local k=$1 run=$2 out=$3
  for ((j = 0; j < commands; j++)); do
    local n=$((k * commands + j + 1))
    local unit provider start end status=0
    unit=$(sed -n "${n}p" "$work/units" | cut -d, -f1)
    provider=$(sed -n "${n}p" "$work/units" | cut -d, -f2)
    local day
    day=$(date -d "2026-01-01 + $((run * commands * officers + n)) days" +%F)
    start=$(date +%s%N)
    "$followup" --config "$config" --db "$register" --actor "officer-$k" record --provider "$provider" --unit "$unit" \
      --area forskola --form tillsyn --done "$day" --finding "barngrupper=tillfredsstallande" >/dev/null 2>"$work/err-$k-$j" || status=$?
    end=$(date +%s%N)
    [ "$status" = 0 ] || cat "$work/err-$k-$j" >&2
    echo "$(((end - start) / 1000000)) $status" >>"$out"
  done
}

# The example's preschool units and their providers, read once (a CSV the register's export writes).
"$followup" --config "$config" --db "$register" export units --separator , --out "$work/units.csv" >/dev/null
/usr/bin/python3 -c '
import csv, sys
for row in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if row["area"] == "forskola": print(row["id"] + "," + row["provider"])
' "$work/units.csv" >"$work/units"
needed=$((officers * commands))
have=$(wc -l <"$work/units")
[ "$have" -ge "$needed" ] || { echo "the register has $have preschool units; $needed needed" >&2; exit 1; }

summarise() {  # summarise OFFICERS FILE...
  local n=$1
  shift
  cat "$@" | /usr/bin/python3 -c '
import statistics, sys
rows = [line.split() for line in sys.stdin if line.strip()]
ms = sorted(int(r[0]) for r in rows)
failed = sum(1 for r in rows if r[1] != "0")
print(f"| {sys.argv[1]} | {len(ms)} | {statistics.median(ms):.0f} | {ms[0]} | {ms[-1]} | {failed} |")
' "$n"
}

echo "| officers at once | commands | median ms | min ms | max ms | failed |"
echo "|---|---|---|---|---|---|"
officer 0 0 "$work/alone"
summarise 1 "$work/alone"
for ((k = 0; k < officers; k++)); do officer "$k" 1 "$work/at-once-$k" & done
wait
summarise "$officers" "$work"/at-once-*
