#!/usr/bin/env bash
# A board's developer's path, end to end: install the SDK into a fresh prefix, build the example
# plugin against it with find_package(FollowupSDK), then have the installed CLI list and load it.
# usage: out_of_tree_plugin.sh BUILD_DIR EXAMPLE_SOURCE WORK_DIR
set -euo pipefail
build=$1 example=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" >"$work/install.log"
test -f "$prefix/lib/cmake/FollowupSDK/FollowupSDKConfig.cmake" || { echo "FollowupSDKConfig.cmake not installed"; exit 1; }
test -f "$prefix/include/followup/sdk/plugin.hpp" || { echo "SDK headers not installed"; exit 1; }

# Only the installed prefix: nothing from the framework's source or build tree.
cmake -S "$example" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >"$work/configure.log"
cmake --build "$work/build" >"$work/build.log"
plugin=$work/build/hello_board.so
test -f "$work/build/hello_board.plugin.toml" || { echo "the plugin's manifest was not written"; exit 1; }

"$prefix/bin/followup" plugins list --plugin-dir "$work/build" | tee "$work/list.txt"
grep -q "compatible" "$work/list.txt"
"$prefix/bin/followup" plugins check "$plugin" | tee "$work/check.txt"
grep -q "plugin 'hello' 0.1.0" "$work/check.txt"
grep -q "^OK" "$work/check.txt"
echo "out-of-tree plugin built against the installed SDK and loaded by the installed CLI"
