#!/usr/bin/env bash
# The compile's regression benchmark: the municipality-scale compile (the README's main job,
# plugins isolated, every format but the PDF) against the sqlite3 baseline (bench/aggregates.sql)
# on the same register, both timed in this run on this machine. It is not part of the default test
# suite (label `benchmark`, left out by the release/debug/sanitize test presets); it runs with
# `ctest --preset benchmark`, which CI does in a step of its own (.ci/run).
#
# How it measures, and why: PAIRS pairs (default 21) of one compile and one baseline run, back to
# back, the order alternating from pair to pair (compile first, then baseline first), after one
# unmeasured run of each (the first pays for the page cache). Each pair gives a ratio
# compile / baseline; the verdict is on the MEDIAN of those ratios. A load that comes and goes
# (another build's compiler starting and ending) lands on both halves of a pair rather than on one
# side's whole series, and the median ignores the pairs a burst still skewed. The best of N runs
# of each side, timed apart, which this script used before, let the baseline's best run fall in a
# quiet second and the compile's in none: 10.0x then 14.4x back to back on one binary.
#
# The verdict: it fails when that median is more than 1.5 times the ratio recorded in
# bench/regression-recorded.txt, i.e. when the compile got 50 % slower than it was against the
# baseline, whatever the machine's own speed (the baseline moves with it). It also prints the
# spread of the pairs' ratios and the compile / baseline ratio of CPU time (user + system, the
# compile's plugin processes included), which a machine's load changes less than wall time: when
# the wall ratio fails and the CPU ratio is where it was, suspect the machine; when both moved,
# the code. Only the wall-time median decides, as the recorded ratio is one of wall time.
#
#   bench/regression.sh FOLLOWUP_BINARY [WORK_DIR]        (PAIRS=N in the environment: N pairs)
set -euo pipefail
cd "$(dirname "$0")/.."
followup=${1:?the followup binary}
work=${2:-$(mktemp -d)}
pairs=${PAIRS:-21}
config=$PWD/config/municipality.toml
recorded=$(grep -v '^#' bench/regression-recorded.txt | head -1)
rm -rf "$work/example" && mkdir -p "$work/example"
"$followup" --config "$config" --db "$work/example/register.sqlite" demo generate --scale municipality --seed 1 \
  --out "$work/example" --import --trust-plugins >/dev/null
/usr/bin/python3 - "$followup" "$config" "$work" "$recorded" "$pairs" <<'PY'
import os, resource, statistics, subprocess, sys, time
followup, config, work = sys.argv[1], sys.argv[2], sys.argv[3]
recorded, pairs = float(sys.argv[4]), int(sys.argv[5])
if pairs < 1:
    sys.exit(f"bench/regression.sh: PAIRS is {pairs}; expected a number of pairs of 1 or more")
register = f"{work}/example/register.sqlite"
compile_command = [followup, "--config", config, "--db", register, "compile", "--year", "2025",
                   "--format", "html,md,json,xlsx", "--out", f"{work}/compilation", "--date", "2026-03-08"]
baseline_command = ["sqlite3", "-cmd", ".parameter set :year '2025'", register, ".read bench/aggregates.sql"]

def timed(command):
    """Wall and CPU seconds of one run; the CPU time is the children's, so it counts every
    process the command waited for (the compile's isolated plugins)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

timed(compile_command)
timed(baseline_command)
wall_ratios, cpu_ratios, compile_walls, baseline_walls = [], [], [], []
for pair in range(pairs):
    if pair % 2 == 0:
        compile_run = timed(compile_command)
        baseline_run = timed(baseline_command)
    else:
        baseline_run = timed(baseline_command)
        compile_run = timed(compile_command)
    compile_walls.append(compile_run[0])
    baseline_walls.append(baseline_run[0])
    wall_ratios.append(compile_run[0] / baseline_run[0])
    if baseline_run[1] > 0:  # the clock's tick can round a 10 ms process's CPU time to nothing
        cpu_ratios.append(compile_run[1] / baseline_run[1])

ratio = statistics.median(wall_ratios)
limit = 1.5 * recorded
cpu = f"{statistics.median(cpu_ratios):.1f}x" if cpu_ratios else "not measurable"
print(f"municipality-scale compile {statistics.median(compile_walls) * 1000:.1f} ms, sqlite3 baseline "
      f"{statistics.median(baseline_walls) * 1000:.1f} ms (medians): the median of {pairs} paired ratios {ratio:.1f}x "
      f"(pairs {min(wall_ratios):.1f}x - {max(wall_ratios):.1f}x; CPU time {cpu}; load average "
      f"{os.getloadavg()[0]:.1f}); recorded {recorded:.1f}x, limit {limit:.1f}x")
if ratio > limit:
    print(f"REGRESSION: the compile is {ratio / recorded:.2f} times as slow against the baseline as recorded "
          f"(bench/regression-recorded.txt); find the change that did it, or record the new ratio with the reason")
    sys.exit(1)
PY
