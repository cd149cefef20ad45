#!/usr/bin/env bash
# Builds the fuzz targets with clang (AddressSanitizer, UBSan, libFuzzer) and runs each for a
# bounded time from a seed corpus of the repository's own files:
#   config_fuzz  the configuration loader (seeds: config/ and the broken-configuration corpus)
#   csv_fuzz     the CSV reader (seeds: a few import files, including hostile ones)
#   audit_fuzz   audit verify on a register edited behind followup's back (seeds: one edit of each kind)
# usage: tests/fuzz/run_fuzzers.sh [SECONDS_EACH]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
build=build/fuzz
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DFOLLOWUP_FUZZ=ON -DFOLLOWUP_BUILD_TESTS=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined" \
  -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$build" --target config_fuzz csv_fuzz audit_fuzz

corpus=$build/config-corpus
rm -rf "$corpus" && mkdir -p "$corpus"
i=0
for f in config/municipality.toml config/boards/*.toml tests/config/broken/*/*.toml tests/config/broken/*/boards/*.toml; do
  cp "$f" "$corpus/seed$((i++)).toml"
done
# A municipality file with its board file, the way the target splits its input.
{ printf '[municipality]\nname = "x"\nreference_prefix = "x"\ninclude = ["board.toml"]\n#---\n'; cat config/boards/utbildning.toml; } > "$corpus/seed-with-board.toml"
"$build/bin/config_fuzz" -max_total_time="$seconds" -max_len=16384 -timeout=10 -print_final_stats=1 "$corpus"

corpus=$build/csv-corpus
rm -rf "$corpus" && mkdir -p "$corpus"
printf 'org_number;name;ownership;continuity_plan\n556036-0793;"Förskolan ""Ekorren""; AB";private;2025-01-01\n' > "$corpus/providers.csv"
printf '\xEF\xBB\xBFa,b\r\n"x\r\ny",2\r\n\r\n' > "$corpus/bom-crlf.csv"
printf 'a;b\n"unbalanced;1\n' > "$corpus/unbalanced.csv"
printf 'a;b\nF\xF6rskolan;1\n' > "$corpus/latin1.csv"
"$build/bin/csv_fuzz" -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1 "$corpus"

# audit verify on a register edited behind followup's back: each input is a list of edits.
corpus=$build/audit-corpus
rm -rf "$corpus" && mkdir -p "$corpus"
printf '\x00\x04\x01\x00' > "$corpus/actor.bin"        # an actor changed
printf '\x02\x06\x00\x00\x05\x05\x00\x00' > "$corpus/tail.bin"  # the tail cut off with a row
printf '\x04\x02\x00\x00' > "$corpus/reorder.bin"      # two entries swapped
printf '\x06\x00\x00\x00' > "$corpus/heads.bin"        # the side file cut short
printf '\xfa\x3b\x54\x49\x68\xe7\xff\x01\x02\xfa\x96\xff' > "$corpus/rollback.bin"  # the last write undone with its seal: unseen unless chattr +a
"$build/bin/audit_fuzz" -max_total_time="$seconds" -max_len=64 -timeout=10 -print_final_stats=1 "$corpus"
