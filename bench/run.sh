#!/usr/bin/env bash
# Whole-process benchmark: for each scale, generate the data, import it (rows per second), run
# the compilation (wall time and peak memory), and time the same headline aggregates in plain SQL
# with the sqlite3 shell on the same register file (the baseline). Prints a Markdown table.
#
#   bench/run.sh [municipality|national|both|growth|SCALE...]      (default: municipality)
#
# growth: 1x 4x 16x 64x, that many municipalities' worth drawn as the national example is
# (demo generate --scale Nx), to show how time and memory grow with the register.
#
# Needs a release build (cmake --preset release && cmake --build --preset release) and sqlite3.
set -euo pipefail
cd "$(dirname "$0")/.."
scales=${*:-municipality}
[ "$scales" = both ] && scales="municipality national"
[ "$scales" = growth ] && scales="1x 4x 16x 64x"
followup=$PWD/build/release/bin/followup
config=$PWD/config/municipality.toml
year=2025

# Wall time (s) and peak resident memory (MiB) of a command, measured by the kernel's rusage.
measure() {
  /usr/bin/python3 - "$@" <<'PY'
import resource, subprocess, sys, time
start = time.monotonic()
result = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
elapsed = time.monotonic() - start
if result.returncode not in (0, 1):
    sys.stderr.write(result.stderr.decode()); sys.exit(result.returncode)
print(f"{elapsed:.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f}")
PY
}

echo "| scale | rows | import rows/s | compile s | compile peak MiB | sqlite3 baseline s | compile / baseline |"
echo "|---|---|---|---|---|---|---|"
for scale in $scales; do
  dir=$PWD/build/bench-$scale
  rm -rf "$dir"
  mkdir -p "$dir"
  "$followup" --config "$config" --db "$dir/register.sqlite" demo generate --scale "$scale" --seed 1 --out "$dir" >/dev/null
  rows=$(cat "$dir"/*.csv | wc -l)
  start=$(date +%s.%N)
  "$followup" --config "$config" --db "$dir/register.sqlite" demo generate --scale "$scale" --seed 1 --out "$dir" --import > "$dir/import.log"
  end=$(date +%s.%N)
  gen=$(grep -o '([0-9.]* s)' "$dir/import.log" | tr -d '()s ')
  import_rate=$(/usr/bin/python3 -c "print(round($rows / ($end - $start - $gen)))")
  # The import's gigabytes on disk first: otherwise the kernel writes them back during the compile,
  # which runs right after it, and not during the baseline, which runs after that.
  sync
  read -r compile_s compile_mib < <(measure "$followup" --config "$config" --db "$dir/register.sqlite" compile --year $year --format html,md,json,xlsx --out "$dir/out" --date 2026-03-08)
  read -r sql_s _ < <(measure sqlite3 -cmd ".parameter set :year '$year'" "$dir/register.sqlite" ".read bench/aggregates.sql")
  ratio=$(/usr/bin/python3 -c "print(f'{$compile_s / $sql_s:.2f}')")
  echo "| $scale | $rows | $import_rate | $compile_s | $compile_mib | $sql_s | $ratio× |"
done
