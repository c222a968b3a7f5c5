#!/bin/sh
# Regenerates the expected results of the host-only `io`/`os` programs with lua5.4.
# Each NAME.lua runs from this directory as a function of a fresh, empty scratch directory
# (its `...`) and returns its output as one string; tests/host_io.rs runs it the same way
# with Red Moon's `io` and host `os` libraries. Usage: tests/host_io/generate_expected.sh
set -eu
cd "$(dirname "$0")"
LUA=${LUA:-lua5.4}
for test in ${@:-*.lua}; do
  scratch=$(mktemp -d)
  TZ=UTC "$LUA" -e "io.write(assert(loadfile('$test'))('$scratch'))" </dev/null >"${test%.lua}.expected"
  rmdir "$scratch"
done
