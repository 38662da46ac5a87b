#!/usr/bin/env bash
# Builds the randomized instruction tester and the CPU benchmark as musl static-PIE binaries:
#   target/guest/rtest/rtest   (from guest/rtest/*.c, *.S)
#   target/guest/bench/NAME    (from bench/NAME.c: sha256, syscalls, spawn, exit0)
# Usage: guest/rtest/build.sh [rtest|bench|all]   (default: all)
# Works standalone: installs musl-tools when musl-gcc is missing (Debian/Ubuntu) and derives the
# static-PIE specs from the installed musl-gcc.specs (links rcrt1.o and passes
# -static -pie --no-dynamic-linker -z text when -static-pie is given).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
what="${1:-all}"

if ! command -v musl-gcc >/dev/null 2>&1; then
    echo "build.sh: musl-gcc missing; installing musl-tools" >&2
    if [ "$(id -u)" = 0 ]; then apt-get install -y musl-tools >&2; else sudo apt-get install -y musl-tools >&2; fi
fi

# The specs path is the argument of -specs in the musl-gcc wrapper script.
orig_specs="$(grep -o '[^" ]*musl-gcc\.specs' "$(command -v musl-gcc)" | head -n 1 || true)"
if [ -z "$orig_specs" ] || [ ! -f "$orig_specs" ]; then
    orig_specs="$(dpkg -L musl-tools 2>/dev/null | grep 'musl-gcc\.specs$' | head -n 1 || true)"
fi
if [ -z "$orig_specs" ] || [ ! -f "$orig_specs" ]; then
    echo "build.sh: cannot find musl-gcc.specs" >&2
    exit 1
fi
realgcc="$(sed -n 's/.*REALGCC:-\([^}]*\)}.*/\1/p' "$(command -v musl-gcc)" | head -n 1)"
realgcc="${realgcc:-gcc}"
command -v "$realgcc" >/dev/null 2>&1 || realgcc=gcc

mkdir -p "$root/target/guest/rtest" "$root/target/guest/bench"
specs="$root/target/guest/musl-static-pie.specs"
sed -e 's|%{!shared: \([^ }]*\)/Scrt1\.o}|%{static-pie: \1/rcrt1.o; !shared: \1/Scrt1.o}|' \
    -e 's|%{static:-static}|%{static:-static} %{static-pie:-static -pie --no-dynamic-linker -z text}|' \
    "$orig_specs" > "$specs.tmp"
grep -q 'rcrt1\.o' "$specs.tmp" && grep -q 'no-dynamic-linker' "$specs.tmp" || {
    echo "build.sh: could not derive static-PIE specs from $orig_specs" >&2
    exit 1
}
mv "$specs.tmp" "$specs"

cc() { "$realgcc" -specs "$specs" -static-pie -fPIE "$@"; }

build_rtest() {
    local src="$root/guest/rtest" out="$root/target/guest/rtest/rtest"
    # -mno-sse4 etc. are not needed: the generator core is plain integer C; only the emitted code
    # uses the extensions. -O2 keeps the per-sequence overhead low under the emulator.
    cc -O2 -Wall -Wextra -Wno-unused-parameter -o "$out.tmp" \
        "$src"/*.c "$src"/*.S
    mv "$out.tmp" "$out"
    echo "built $out"
}

build_bench() {
    local src name out
    for src in "$root"/bench/*.c; do
        name="$(basename "$src" .c)"
        out="$root/target/guest/bench/$name"
        cc -O2 -Wall -Wextra -o "$out.tmp" "$src"
        mv "$out.tmp" "$out"
        echo "built $out"
    done
}

case "$what" in
    rtest) build_rtest ;;
    bench) build_bench ;;
    all) build_rtest; build_bench ;;
    *) echo "usage: $0 [rtest|bench|all]" >&2; exit 2 ;;
esac
