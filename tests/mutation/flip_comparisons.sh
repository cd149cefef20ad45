#!/usr/bin/env bash
# flip_comparisons.sh — a small mutation-testing pass: which rules does no test guard?
#
# For each source file given, it finds the comparison operators on its code lines and flips one
# at a time (< ↔ <=, > ↔ >=, == ↔ !=, && ↔ ||), rebuilds, runs the tests, and records whether a
# test failed (the mutant is "killed") or every test still passed (it "survived": nothing guards
# that rule). At the end it prints a table: file:line, original, mutant, result, and the tests
# that killed it.
#
# It never writes to the tree it is run from. It works in a scratch copy (default
# /tmp/followup-mutation/tree, built in /tmp/followup-mutation/tree/build) of the working tree's
# files that git tracks or would track (or, with --from REV, of a commit). The copy and its build
# are kept between runs, so only what changed recompiles; every mutant is put back as soon as its
# tests have run, and the copy is resynced at the start of each run.
#
# Run from anywhere (the repository is the one this script is in):
#
#   tests/mutation/flip_comparisons.sh [options] FILE[:LINES]...
#
#   FILE is relative to the repository root; :LINES limits it to some lines: N, FROM-TO, N.COL
#   (only the operator at that column, as --list shows it), or a comma list of them
#   (core/report/compile.cpp:496-576, plugins/common/support.cpp:91,100.39,132).
#   Options:
#     --max N          at most N mutants per FILE argument, spread evenly over its candidates (8)
#     --tests REGEX    ctest -R: the tests that must catch a mutant (default: all of them)
#     --exclude REGEX  ctest -E (default: 'out_of_tree_plugin|house_', which build or install
#                      on their own and do not test the rules)
#     --timeout S      ctest's per-test timeout; a mutant that makes a test hang counts killed (120)
#     --all            also flip existence checks (x != nullptr, it == m.end(), == npos), skipped
#                      by default: flipping them only dereferences nothing, a crash, not a rule
#     --from REV       copy the tree at commit REV instead of the working tree (when the working
#                      tree is in the middle of someone's change)
#     --overlay PATH   with --from: take PATH from the working tree all the same (a new test)
#     --scratch DIR    where the copy and its build live (/tmp/followup-mutation)
#     --list           only list the mutants that would be run (and refresh the copy); build nothing
#     --report FILE    also write the table to FILE (tab-separated)
#
#     --targets FILE   read more FILE[:LINES] arguments from FILE, one a line (# comments)
#
# Examples:
#   tests/mutation/flip_comparisons.sh --list --max 50 core/schedule/cases.cpp    # what it would flip
#   tests/mutation/flip_comparisons.sh --max 6 core/schedule/planner.cpp:55-210 --tests 'Planner|CliPlan'
#   # the pass docs/testing.md reports, at the commit it was run on:
#   tests/mutation/flip_comparisons.sh --from f7c28e5 --targets tests/mutation/rules-f7c28e5.txt
#
# Needs bash, python3 (mutants.py beside this script), git, cmake, ninja. The first run builds
# the whole copy (minutes); each mutant after that recompiles one file, relinks and runs the
# tests (15-60 s on two cores). Results and logs: /tmp/followup-mutation/{results.tsv,logs/}.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
helper="$here/mutants.py"

max=8 tests='.' exclude='out_of_tree_plugin|house_' timeout=120 all=0 from='' scratch=/tmp/followup-mutation
list_only=0 report=''
targets=() overlays=()
while (($#)); do
    case $1 in
        --max) max=$2; shift 2 ;;
        --tests) tests=$2; shift 2 ;;
        --exclude) exclude=$2; shift 2 ;;
        --timeout) timeout=$2; shift 2 ;;
        --all) all=1; shift ;;
        --from) from=$2; shift 2 ;;
        --overlay) overlays+=("$2"); shift 2 ;;
        --scratch) scratch=$2; shift 2 ;;
        --list) list_only=1; shift ;;
        --report) report=$2; shift 2 ;;
        --targets)
            while read -r t _; do
                if [[ -n $t && $t != \#* ]]; then targets+=("$t"); fi
            done <"$2"
            shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
        *) targets+=("$1"); shift ;;
    esac
done
((${#targets[@]})) || { echo "usage: $0 [options] FILE[:LINES]... (see --help)" >&2; exit 2; }

scratch=$(realpath -m "$scratch")
case "$scratch/" in "$repo"/*) echo "the scratch directory must be outside $repo" >&2; exit 2 ;; esac
tree="$scratch/tree"
build="$tree/build"
pristine="$scratch/pristine"   # the unmutated files, to put back from
logs="$scratch/logs"

# ---- The scratch copy, first: the mutants are found in it (it is what --from names). Content-
# compared, so an unchanged file keeps its time and only what differs is rewritten (with a new
# time, so ninja rebuilds it).
mkdir -p "$tree" "$pristine" "$logs"
if [[ -z $from ]]; then  # the working tree: what git tracks or would (not build/, not ignored files)
    git -C "$repo" ls-files -z --cached --others --exclude-standard | python3 "$helper" sync "$repo" "$tree"
else
    stage="$scratch/stage"
    rm -rf "$stage" && mkdir -p "$stage"
    git -C "$repo" archive "$from" | tar -x -C "$stage"
    for path in "${overlays[@]}"; do  # --overlay: these from the working tree
        mkdir -p "$stage/$(dirname "$path")" && cp -r "$repo/$path" "$stage/$path"
    done
    (cd "$stage" && find . -type f -print0) | python3 "$helper" sync "$stage" "$tree"
fi
echo "scratch copy: $tree (from ${from:-the working tree of $repo}${overlays:+, with ${overlays[*]} from the working tree})" >&2

# ---- The mutants: file, line, column, original, mutant.
mutants=()
# x != nullptr, it == m.end(), pos != std::string::npos: whether something exists, not a rule.
existence='^(==|!=) +(nullptr|std::string::npos|[^ ;)]*\.r?end\(\))'
for target in "${targets[@]}"; do
    file=${target%%:*}
    range=''
    [[ $target == *:* ]] && range=${target#*:}
    [[ -f "$tree/$file" ]] || { echo "no such file: $file (in ${from:-the working tree})" >&2; exit 2; }
    found=()
    while IFS=$'\t' read -r line col op mut; do
        text=$(sed -n "${line}p" "$tree/$file")
        if ((!all)) && [[ ${text:$((col - 1))} =~ $existence ]]; then
            continue
        fi
        found+=("$file	$line	$col	$op	$mut")
    done < <(python3 "$helper" list "$tree/$file" "$range")
    n=${#found[@]}
    if ((n <= max)); then
        mutants+=("${found[@]}")
    else  # spread over the candidates: the k-th of max takes the one at k*n/max
        for ((k = 0; k < max; k++)); do mutants+=("${found[$((k * n / max))]}"); done
    fi
    echo "$target: $n candidates, $((n < max ? n : max)) taken" >&2
done

if ((list_only)); then
    for m in "${mutants[@]}"; do
        IFS=$'\t' read -r file line col op mut <<<"$m"
        printf '%s:%s:%s\t%s -> %s\t%s\n' "$file" "$line" "$col" "$op" "$mut" "$(sed -n "${line}p" "$tree/$file" | sed 's/^ *//')"
    done
    exit 0
fi

# If interrupted, the file being mutated is put back in the copy.
current=''
restore() { if [[ -n $current ]]; then cp "$pristine/$current" "$tree/$current"; current=''; fi; }
trap 'restore' EXIT
trap 'restore; exit 130' INT TERM

build_and_test() {  # $1: log name. 0 = all passed, 1 = a test failed, 2 = did not build, 3 = a test timed out
    local log="$logs/$1"
    if ! cmake --build "$build" >"$log.build" 2>&1; then return 2; fi
    if ctest --test-dir "$build" -R "$tests" -E "$exclude" -j2 --timeout "$timeout" >"$log.test" 2>&1; then return 0; fi
    grep -q 'Timeout' "$log.test" && return 3
    return 1
}
failed_tests() {  # the tests ctest listed as failed in log $1, at most three
    sed -n '/The following tests FAILED:/,$p' "$logs/$1.test" | sed -n 's/^[[:space:]]*[0-9]* - \([^ ]*\) (.*/\1/p' |
        awk 'NR <= 3 { printf "%s%s", (NR > 1 ? ", " : ""), $0 } END { if (NR > 3) printf ", +%d more", NR - 3 }'
}

# ---- The baseline: unmutated, every selected test must pass, or no result below means anything.
echo "configuring and building the copy (the first time builds everything)..." >&2
cmake -S "$tree" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$logs/configure" 2>&1 ||
    { echo "configure failed: $logs/configure" >&2; exit 1; }
rc=0; build_and_test baseline || rc=$?
if ((rc != 0)); then
    echo "the unmutated copy does not pass (code $rc): see $logs/baseline.build and $logs/baseline.test" >&2
    [[ -f $logs/baseline.test ]] && echo "failed: $(failed_tests baseline)" >&2
    exit 1
fi
echo "baseline: $(grep -o '[0-9]*% tests passed.*' "$logs/baseline.test" | head -1)" >&2

# ---- One mutant at a time.
results=()
i=0
for m in "${mutants[@]}"; do
    IFS=$'\t' read -r file line col op mut <<<"$m"
    i=$((i + 1))
    mkdir -p "$pristine/$(dirname "$file")"
    cp "$tree/$file" "$pristine/$file"
    current=$file
    python3 "$helper" apply "$tree/$file" "$line" "$col" "$op" "$mut"
    start=$SECONDS
    rc=0; build_and_test "mutant-$i" || rc=$?
    restore
    case $rc in
        0) verdict=survived by='' ;;
        1) verdict=killed by=$(failed_tests "mutant-$i") ;;
        3) verdict=killed by="timeout: $(failed_tests "mutant-$i")" ;;
        *) verdict=no-build by="see $logs/mutant-$i.build" ;;
    esac
    printf '[%d/%d] %s:%s:%s  %s -> %s  %s  (%ds)\n' "$i" "${#mutants[@]}" "$file" "$line" "$col" "$op" "$mut" "$verdict" $((SECONDS - start)) >&2
    results+=("$file:$line:$col	$op	$mut	$verdict	$by")
done

# The copy is put back; rebuild so that its build matches its sources again.
cmake --build "$build" >"$logs/final.build" 2>&1 || true

{
    printf 'file:line:column\toriginal\tmutant\tresult\tkilled by\n'
    printf '%s\n' "${results[@]}"
} >"$scratch/results.tsv"
[[ -n $report ]] && cp "$scratch/results.tsv" "$report"
column -t -s $'\t' "$scratch/results.tsv"
echo
printf '%s\n' "${results[@]}" | awk -F'\t' '{ split($1, a, ":"); n[a[1]]++; r[a[1] "\t" $4]++ }
    END { for (f in n) printf "%-32s %2d mutants: %2d killed, %2d survived, %d no-build\n", f, n[f], r[f "\tkilled"], r[f "\tsurvived"], r[f "\tno-build"] }' | sort
