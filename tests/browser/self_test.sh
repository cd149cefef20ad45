#!/bin/sh
# The checker's own tests: it must fail a page with a known fault, and pass a good one.
#   self_test.sh AXE_CHECK AXE_JS CASE
#   CASE: violation | clean | overflow | external
set -u
check=$1 axe=$2 case=$3
pages=$(dirname "$0")/pages
out=$(mktemp)
trap 'rm -f "$out"' EXIT
expect() {  # expect EXIT_CODE TEXT: the checker's exit code and a text its report must hold
    if [ "$rc" -ne "$1" ]; then echo "FAIL: expected exit $1, got $rc"; cat "$out"; exit 1; fi
    if ! grep -q -- "$2" "$out"; then echo "FAIL: the report does not say '$2'"; cat "$out"; exit 1; fi
    cat "$out"; echo "ok: exit $rc and '$2'"
}
case $case in
violation) node "$check" --axe "$axe" "$pages/image-without-alt.html" >"$out" 2>&1; rc=$?; expect 1 "image-alt (critical): img" ;;
clean) node "$check" --axe "$axe" --no-overflow-at 320,375 "$pages/accessible.html" >"$out" 2>&1; rc=$?; expect 0 "no WCAG 2.1 A/AA violation" ;;
overflow) node "$check" --axe "$axe" --no-overflow-at 375 "$pages/too-wide.html" >"$out" 2>&1; rc=$?; expect 1 "horizontal overflow at 375 px" ;;
external) node "$check" --axe "$axe" "$pages/external-request.html" >"$out" 2>&1; rc=$?; expect 1 "external request: https://fonts.example.com" ;;
*) echo "unknown case '$case'"; exit 2 ;;
esac
