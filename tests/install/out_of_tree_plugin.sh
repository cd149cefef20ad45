#!/usr/bin/env bash
# A board's developer's path, end to end: install the SDK into a fresh prefix, build the example
# plugin and its unit tests against it with find_package(FollowupSDK), run the tests (the model
# with the SDK's test doubles, no host), then have the installed CLI list and load the plugin.
# usage: out_of_tree_plugin.sh BUILD_DIR EXAMPLE_SOURCE WORK_DIR
set -euo pipefail
build=$1 example=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" >"$work/install.log"
test -f "$prefix/lib/cmake/FollowupSDK/FollowupSDKConfig.cmake" || { echo "FollowupSDKConfig.cmake not installed"; exit 1; }
test -f "$prefix/include/followup/sdk/plugin.hpp" || { echo "SDK headers not installed"; exit 1; }
test -f "$prefix/include/followup/sdk/testing.hpp" || { echo "the SDK's test doubles (testing.hpp) not installed"; exit 1; }

# The example's test program links the SDK library. If that library was built with sanitizers
# (CI's sanitize run installs such a build), the program must be too, or the sanitizer runtime
# refuses to start ("ASan runtime does not come first in initial library list").
needed=$(readelf -d "$prefix/lib/libfollowup_sdk.so" | grep NEEDED || true)
sanitizers=""
if grep -q libasan <<<"$needed"; then sanitizers=address; fi
if grep -q libubsan <<<"$needed"; then sanitizers=${sanitizers:+$sanitizers,}undefined; fi
like_the_sdk=()
if [ -n "$sanitizers" ]; then
    like_the_sdk=(-DCMAKE_CXX_FLAGS="-fsanitize=$sanitizers -fno-omit-frame-pointer"
                  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=$sanitizers" -DCMAKE_MODULE_LINKER_FLAGS="-fsanitize=$sanitizers")
fi

# Only the installed prefix: nothing from the framework's source or build tree.
cmake -S "$example" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
    "${like_the_sdk[@]}" >"$work/configure.log"
cmake --build "$work/build" >"$work/build.log"
plugin=$work/build/hello_board.so
test -f "$work/build/hello_board.plugin.toml" || { echo "the plugin's manifest was not written"; exit 1; }

# The model's unit tests (examples/hello-board/hello_board_test.cpp, GoogleTest): built only when
# GoogleTest is found, so an absent test is a failure here, not a pass.
test -x "$work/build/hello_board_test" || { echo "hello_board_test was not built (GoogleTest not found?)"; exit 1; }
ctest --test-dir "$work/build" --output-on-failure --no-tests=error | tee "$work/ctest.txt"

"$prefix/bin/followup" plugins list --plugin-dir "$work/build" | tee "$work/list.txt"
grep -q "compatible" "$work/list.txt"
"$prefix/bin/followup" plugins check "$plugin" | tee "$work/check.txt"
grep -q "plugin 'hello' 0.1.0" "$work/check.txt"
grep -q "^OK" "$work/check.txt"

# The second example, a risk-based model (its own scale, no [[schedule]]), built the same way and
# checked by the installed CLI against its own configuration: the plugin accepts the board's
# [model] table, and the whole configuration validates with the plugin found on the search path.
risk_source=$(dirname "$example")/risk-board
cmake -S "$risk_source" -B "$work/risk" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
    "${like_the_sdk[@]}" >"$work/risk-configure.log"
cmake --build "$work/risk" >"$work/risk-build.log"
"$prefix/bin/followup" --config "$risk_source/config/municipality.toml" plugins check "$work/risk/risk_board.so" | tee "$work/risk-check.txt"
grep -q "ships scale: risk3" "$work/risk-check.txt"
grep -q "board assistans: its \[model\] table is accepted" "$work/risk-check.txt"
grep -q "^OK" "$work/risk-check.txt"
FOLLOWUP_PLUGIN_PATH="$work/risk" "$prefix/bin/followup" --config "$risk_source/config/municipality.toml" validate | tee "$work/risk-validate.txt"
grep -q "assistans (risk 1.0.0)" "$work/risk-validate.txt"
echo "out-of-tree plugins built and unit-tested against the installed SDK, and loaded by the installed CLI"
