#!/usr/bin/env bash
# The compile's regression benchmark, run by ctest (CI): the municipality-scale compile (the
# README's main job, plugins isolated, every format but the PDF) against the sqlite3 baseline
# (bench/aggregates.sql) on the same register, both timed in this run on this machine, the best
# of nine runs each. It fails when compile / baseline is more than 1.5 times the ratio recorded
# in bench/regression-recorded.txt: the compile got 50 % slower than it was, whatever the
# machine's own speed (the baseline moves with it).
#
#   bench/regression.sh FOLLOWUP_BINARY [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
followup=${1:?the followup binary}
work=${2:-$(mktemp -d)}
config=$PWD/config/municipality.toml
recorded=$(grep -v '^#' bench/regression-recorded.txt | head -1)
rm -rf "$work/example" && mkdir -p "$work/example"
"$followup" --config "$config" --db "$work/example/register.sqlite" demo generate --scale municipality --seed 1 \
  --out "$work/example" --import --trust-plugins >/dev/null
/usr/bin/python3 - "$followup" "$config" "$work" "$recorded" <<'PY'
import subprocess, sys, time
followup, config, work, recorded = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
register = f"{work}/example/register.sqlite"
def best(command, runs=9):
    times = []
    for _ in range(runs):
        start = time.monotonic()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.monotonic() - start)
    return min(times)
compile_s = best([followup, "--config", config, "--db", register, "compile", "--year", "2025", "--format", "html,md,json,xlsx",
                  "--out", f"{work}/compilation", "--date", "2026-03-08"])
baseline_s = best(["sqlite3", "-cmd", ".parameter set :year '2025'", register, ".read bench/aggregates.sql"])
ratio = compile_s / baseline_s
limit = 1.5 * recorded
print(f"municipality-scale compile {compile_s * 1000:.1f} ms, sqlite3 baseline {baseline_s * 1000:.1f} ms: "
      f"{ratio:.1f}x (recorded {recorded:.1f}x, limit {limit:.1f}x)")
if ratio > limit:
    print(f"REGRESSION: the compile is {ratio / recorded:.2f} times as slow against the baseline as recorded "
          f"(bench/regression-recorded.txt); find the change that did it, or record the new ratio with the reason")
    sys.exit(1)
PY
