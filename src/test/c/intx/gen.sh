#!/bin/sh
# Regenerates the hardware result tables in src/test/resources/intx/ by running each generator
# natively. Run on an x86-64 Linux machine with BMI1, BMI2, LZCNT, POPCNT and SSE4.2; the
# committed tables were recorded on an AMD EPYC (Zen 3) host. Usage: src/test/c/intx/gen.sh
set -e
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../resources/intx"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in shifts bitops muldiv atomics strings sequences; do
    # -no-pie: stubs address globals RIP-relative; -mno-red-zone: tramp pushes below RSP
    gcc -O2 -no-pie -fno-pie -mno-red-zone -o "$tmp/$f" "$here/$f.c"
    "$tmp/$f" > "$out/$f.txt"
    echo "$f.txt: $(grep -c '^#case' "$out/$f.txt") cases, $(grep -vc '^#' "$out/$f.txt") vectors"
done
