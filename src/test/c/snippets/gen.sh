#!/bin/sh
# Regenerates src/test/resources/dev/flatland/cpu/interp/engine-snippets.txt on an x86-64 Linux
# machine (needs GNU as, objcopy, gcc): assembles every snippet of snippets.txt, runs it natively
# with runner.c, and records "name hex" plus the native results line.
# Usage (from the repository root): sh src/test/c/snippets/gen.sh
set -e
dir=$(dirname "$0")
out=src/test/resources/dev/flatland/cpu/interp/engine-snippets.txt
tmp=$(mktemp -d)
gcc -O1 -o "$tmp/runner" "$dir/runner.c"
grep -v '^#' "$dir/snippets.txt" | grep -v '^$' | while IFS='|' read -r name body; do
    name=$(echo "$name" | tr -d ' ')
    printf '.intel_syntax noprefix\n%s\n' "$(echo "$body" | tr ';' '\n')" > "$tmp/s.s"
    as --64 -o "$tmp/s.o" "$tmp/s.s"
    objcopy -O binary -j .text "$tmp/s.o" "$tmp/s.bin"
    echo "$name $(od -An -v -tx1 "$tmp/s.bin" | tr -d ' \n')"
done > "$tmp/hex.txt"
"$tmp/runner" < "$tmp/hex.txt" > "$tmp/results.txt"
paste -d '\n' "$tmp/hex.txt" "$tmp/results.txt" > "$out"
rm -rf "$tmp"
echo "wrote $out"
