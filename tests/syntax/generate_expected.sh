#!/bin/sh
# Regenerates tests/syntax/error_*.expected: the message lua5.4 gives for each
# tests/syntax/error_*.lua when loaded as a chunk named "=input" (so messages start with
# "input:LINE:"). The load runs under pcall so that no message handler adds a traceback to
# errors raised without position (`C stack overflow`).
#
# Usage: tests/syntax/generate_expected.sh   (needs lua5.4 on PATH)
set -eu
cd "$(dirname "$0")"
for source in error_*.lua; do
    expected="${source%.lua}.expected"
    SOURCE="$source" lua5.4 -e '
        local file = assert(io.open(os.getenv("SOURCE"), "rb"))
        local text = file:read("a")
        file:close()
        local ok, chunk, message = pcall(load, text, "=input")
        if chunk then
            io.stderr:write(os.getenv("SOURCE"), ": loads without error\n")
            os.exit(1)
        end
        io.write(message, "\n")
    ' > "$expected"
done
