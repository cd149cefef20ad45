#!/usr/bin/env bash
# Builds the configuration loader's fuzz target with clang (AddressSanitizer, UBSan, libFuzzer)
# and runs it for a bounded time from a seed corpus of the repository's own TOML files.
# usage: tests/fuzz/run_config_fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
build=build/fuzz
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DFOLLOWUP_FUZZ=ON -DFOLLOWUP_BUILD_TESTS=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined" \
  -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$build" --target config_fuzz
corpus=$build/config-corpus
rm -rf "$corpus" && mkdir -p "$corpus"
i=0
for f in config/municipality.toml config/boards/*.toml tests/config/broken/*/*.toml tests/config/broken/*/boards/*.toml; do
  cp "$f" "$corpus/seed$((i++)).toml"
done
# A municipality file with its board file, the way the target splits its input.
{ printf '[municipality]\nname = "x"\nreference_prefix = "x"\ninclude = ["board.toml"]\n#---\n'; cat config/boards/utbildning.toml; } > "$corpus/seed-with-board.toml"
"$build/bin/config_fuzz" -max_total_time="$seconds" -max_len=16384 -timeout=10 -print_final_stats=1 "$corpus"
