#!/bin/sh
# Regenerates the expected outputs of the Lua-level test suite with the
# reference interpreter (lua5.4, Lua 5.4.4).
#
# Convention: every test runs from this directory (tests/lua) with its path
# relative to it, i.e.
#
#     cd tests/lua && lua5.4 TOPIC/NAME.lua </dev/null
#
# so chunk names, error positions and tracebacks read "TOPIC/NAME.lua:LINE:".
# For each TOPIC/NAME.lua this writes
#     TOPIC/NAME.expected   exact stdout (always written, may be empty)
#     TOPIC/NAME.stderr     exact stderr   } only when the program exits with a
#     TOPIC/NAME.status     exit status    } non-zero status (uncaught error)
# A program that exits with status 0 must write nothing to stderr; stale
# .stderr/.status files of passing programs are removed.
# Uncaught-error stderr starts with "lua5.4: " (the program name) and contains
# "stack traceback:"; a runner for another interpreter substitutes its own
# program name for the leading "lua5.4".
#
# Usage: tests/lua/generate_expected.sh [TOPIC/NAME.lua ...]
#        LUA=/path/to/lua5.4 tests/lua/generate_expected.sh
set -eu
cd "$(dirname "$0")"
LUA=${LUA:-lua5.4}
TIME_LIMIT=${TIME_LIMIT:-10}

if [ $# -eq 0 ]; then
  set -- */*.lua
fi

failed=0
count=0
for test in "$@"; do
  base=${test%.lua}
  count=$((count + 1))
  start=$(date +%s%N)
  set +e
  timeout "$TIME_LIMIT" "$LUA" "$test" </dev/null >"$base.expected" 2>"$base.stderr.tmp"
  status=$?
  set -e
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  if [ "$ms" -ge 1000 ]; then
    echo "warning: $test took ${ms} ms" >&2
  fi
  if [ "$status" -eq 124 ]; then
    echo "error: $test timed out" >&2
    failed=1
  fi
  if [ "$status" -eq 0 ]; then
    if [ -s "$base.stderr.tmp" ]; then
      echo "error: $test exited 0 but wrote to stderr" >&2
      failed=1
    fi
    rm -f "$base.stderr.tmp" "$base.stderr" "$base.status"
  else
    mv "$base.stderr.tmp" "$base.stderr"
    echo "$status" >"$base.status"
  fi
done
echo "generated expected output for $count tests" >&2
exit $failed
