#!/bin/sh
# check-failures.sh — runs the spec runner on scripts written to fail and checks that it reports every failure.
# usage: check-failures.sh RUNNER TESTSUITE_DIR OUT_DIR
runner=$1 suite=$2 out_dir=$3
script="$suite/core/wrong.wast"
out=$("$runner" --testsuite "$suite" --out "$out_dir" -v 2>&1)
status=$?
printf '%s\n' "$out"

passed=0 failed=0
check() { # DESCRIPTION COMMAND...
    what=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "CHECK FAILED: $what"
    fi
}
has_line() { printf '%s\n' "$out" | grep -q -- "$1"; }

expected=$(grep -c ';; FAILS$' "$script")
check "the runner exits with status 1" test "$status" -eq 1
check "the final line counts the module as passed and $expected failures" has_line "^1 passed, $expected failed\$"
for line in $(grep -n ';; FAILS$' "$script" | cut -d: -f1); do
    check "the failure on line $line is described" has_line "^  line $line: "
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
