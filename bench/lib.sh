# Shared by scripts/bench-kernel and scripts/bench-vfs (sourced, not run): builds the bench programs
# and the jar, runs one benchmark natively, under qemu-x86_64 (when installed) and under
# `flatland run --stats` (real time, not --deterministic), and prints one table row per benchmark.
#
# Every bench program prints "OP ITERS MEAN_NS WARMUP BEST_NS" on stdout (bench/benchtime.h): the mean
# ns/op and the ns/op of the fastest of 20 timed chunks. The table compares the fastest chunks (the
# host is shared; see bench/README.md) and shows Flatland's mean as well.
# Flatland's instructions/op is the --stats instruction count of the whole run divided by
# (ITERS + WARMUP) operations, so it includes the program's start-up (a few thousand instructions).
#
# CPU ns/op: each engine also runs the benchmark with half the iterations, and the difference
# in user+sys CPU time of the two runs (GNU time; children included, so a native vfork child counts)
# divided by the difference in operations is the CPU cost of one operation, start-up and JVM boot
# cancelled. On a loaded host it tracks the unloaded latency better than any wall clock; for Flatland
# it includes the JVM's JIT-compiler and GC threads (half, not a tenth: the JIT's compile work must be
# done in both runs, or it is charged to the operations).

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The Flatland launcher measured: this tree's ./flatland, or $BENCH_FLATLAND (e.g. a script running
# an older jar with the same JVM options, for a before/after table in one session).
bench_flatland="${BENCH_FLATLAND:-$bench_root/flatland}"
bench_bin="$bench_root/target/guest/bench"
bench_tmp="$(mktemp -d)"
trap 'rm -rf "$bench_tmp"' EXIT
bench_rows=()
bench_have_qemu=0
command -v qemu-x86_64 >/dev/null 2>&1 && bench_have_qemu=1

bench_setup() {
    bash "$bench_root/guest/rtest/build.sh" bench >/dev/null
    if ! "$bench_flatland" --version >/dev/null 2>"$bench_tmp/build.err"; then
        cat "$bench_tmp/build.err" >&2
        exit 1
    fi
}

# bench_exec TAG CMD...: runs CMD; stdout to $bench_tmp/TAG.out, stderr to TAG.err, status to TAG.rc.
bench_exec() {
    local tag="$1"; shift
    set +e
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%U %S" -o "$bench_tmp/$tag.cpu" "$@" >"$bench_tmp/$tag.out" 2>"$bench_tmp/$tag.err"
    else
        "$@" >"$bench_tmp/$tag.out" 2>"$bench_tmp/$tag.err"
    fi
    echo $? >"$bench_tmp/$tag.rc"
    set -e
}

# bench_ops TAG DIVISOR: timed operations in TAG's run, ITERS * DIVISOR, or "-". The warm-up is left
# out: it runs for the same 2 s in the full and the half run (bench/benchtime.h), so its CPU time
# cancels in bench_cpu's difference while its operation count (which depends on speed) would not.
bench_ops() {
    local iters
    read -r _ iters _ <"$bench_tmp/$1.out" 2>/dev/null || true
    if [ "$(cat "$bench_tmp/$1.rc")" != 0 ] || [ -z "${iters:-}" ]; then echo "-"; return; fi
    echo $(( iters * $2 ))
}

# bench_cpu TAG_BIG DIV_BIG TAG_SMALL DIV_SMALL: CPU ns per operation from the two runs, or "-".
bench_cpu() {
    local ob os
    ob="$(bench_ops "$1" "$2")"; os="$(bench_ops "$3" "$4")"
    if [ "$ob" = "-" ] || [ "$os" = "-" ] || [ ! -s "$bench_tmp/$1.cpu" ] || [ ! -s "$bench_tmp/$3.cpu" ]; then
        echo "-"; return
    fi
    awk -v ob="$ob" -v os="$os" 'NR == FNR {b = $1 + $2; next} {s = $1 + $2}
        END {v = ob > os ? (b - s) * 1e9 / (ob - os) : 0; if (v > 0) printf "%.0f", v; else print "noise"}' \
        <(tail -n 1 "$bench_tmp/$1.cpu") <(tail -n 1 "$bench_tmp/$3.cpu")
}

# bench_ns TAG DIVISOR [FIELD]: field FIELD (default 5, the best chunk; 3 is the mean) of TAG's output
# divided by DIVISOR, or "-" on failure.
bench_ns() {
    local tag="$1" div="$2" fld="${3:-5}"
    if [ "$(cat "$bench_tmp/$tag.rc")" != 0 ]; then echo "-"; return; fi
    awk -v d="$div" -v f="$fld" 'NF >= 5 && $f ~ /^[0-9.]+$/ {printf "%.1f", $f / d; found = 1; exit} END {if (!found) print "-"}' \
        "$bench_tmp/$tag.out"
}

# bench_insns TAG OPS_PER_ITER: Flatland instructions per operation from the --stats line.
bench_insns() {
    local tag="$1" per="$2" ins iters warm
    ins="$(sed -n 's/.*stats: \([0-9][0-9]*\) instructions.*/\1/p' "$bench_tmp/$tag.err" | tail -n 1)"
    read -r _ iters _ warm _ <"$bench_tmp/$tag.out" || true
    if [ -z "$ins" ] || [ -z "${iters:-}" ] || [ -z "${warm:-}" ]; then echo "-"; return; fi
    awk -v i="$ins" -v n="$iters" -v w="$warm" -v p="$per" 'BEGIN{printf "%.0f", i / ((n + w) * p)}'
}

# bench_case LABEL TARGET_NS DIVISOR N FLATLAND_OPTS -- CMD...
#   LABEL         the row name
#   TARGET_NS     the target latency in ns under Flatland ("native" = below native; "-" = none)
#   DIVISOR       operations per reported iteration: a number, or @N (the busybox row: N commands)
#   N             the size: @N in CMD (and DIVISOR) becomes N, and N/2 for the CPU-time baseline run
#   FLATLAND_OPTS extra `flatland run` options (e.g. "--tmpfs /tmp"), one word list
#   CMD           the benchmark command; @FILE becomes the per-engine scratch file (/dev/shm/...
#                 natively and under qemu, /tmp/... on Flatland's --tmpfs /tmp)
bench_case() {
    local label="$1" target="$2" divspec="$3" big="$4" fopts="$5"; shift 5
    [ "$1" = "--" ] && shift
    local small=$(( big / 2 > 0 ? big / 2 : 1 ))
    local tag="c${#bench_rows[@]}" w size div divs
    div="${divspec//@N/$big}"; divs="${divspec//@N/$small}"
    echo "  $label ..." >&2
    for size in "$big" "$small"; do
        local nat_cmd=() fl_cmd=() sfx=""
        [ "$size" = "$big" ] || sfx=".small"
        for w in "$@"; do
            w="${w//@N/$size}"
            nat_cmd+=("${w//@FILE//dev/shm/flatland-bench-$$}")
            fl_cmd+=("${w//@FILE//tmp/flatland-bench-$$}")
        done
        bench_exec "$tag.native$sfx" "${nat_cmd[@]}"
        [ $bench_have_qemu = 1 ] && bench_exec "$tag.qemu$sfx" qemu-x86_64 "${nat_cmd[@]}"
        # shellcheck disable=SC2086  # fopts is a word list on purpose
        bench_exec "$tag.flatland$sfx" "$bench_flatland" run --stats $fopts "${fl_cmd[@]}"
    done
    local nc fc cratio
    nc="$(bench_cpu "$tag.native" "$div" "$tag.native.small" "$divs")"
    fc="$(bench_cpu "$tag.flatland" "$div" "$tag.flatland.small" "$divs")"
    cratio="-"
    if [[ "$nc" =~ ^[0-9]+$ ]] && [[ "$fc" =~ ^[0-9]+$ ]] && [ "$nc" != 0 ]; then
        cratio="$(awk -v f="$fc" -v n="$nc" 'BEGIN{printf "%.2fx", f / n}')"
    fi
    local n q f fm ins ratio ok
    n="$(bench_ns "$tag.native" "$div")"
    fm="$(bench_ns "$tag.flatland" "$div" 3)"
    q="-"; [ $bench_have_qemu = 1 ] && q="$(bench_ns "$tag.qemu" "$div")"
    f="$(bench_ns "$tag.flatland" "$div")"
    ins="$(bench_insns "$tag.flatland" "$div")"
    ratio="-"
    if [ "$n" != "-" ] && [ "$f" != "-" ]; then ratio="$(awk -v f="$f" -v n="$n" 'BEGIN{printf "%.2fx", f / n}')"; fi
    local tgt="$target"
    [ "$target" = native ] && tgt="$n"
    ok="-"
    if [ "$f" = "-" ]; then
        ok="FAILED (exit $(cat "$bench_tmp/$tag.flatland.rc"))"
        sed 's/^/    /' "$bench_tmp/$tag.flatland.err" | tail -n 3 >&2
    elif [ "$tgt" != "-" ]; then
        ok="$(awk -v f="$f" -v t="$tgt" 'BEGIN{print (f < t ? "yes" : "no")}')"
    fi
    local tshow="$target"
    [ "$target" != "-" ] && [ "$target" != native ] && tshow="$(awk -v t="$target" 'BEGIN{printf "%.0f", t}')"
    [ "$target" = native ] && tshow="< native"
    bench_rows+=("$(printf "%-22s %10s %10s %10s %8s %10s %10s %10s %8s %8s %9s  %s" "$label" "$n" "$q" "$f" "$ratio" "$fm" \
        "$nc" "$fc" "$cratio" "$ins" "$tshow" "$ok")")
}

# bench_skip LABEL REASON: a row that was not run.
bench_skip() {
    bench_rows+=("$(printf "%-22s %s" "$1" "skipped: $2")")
}

# bench_report NAME TITLE: prints the table and writes target/bench/NAME-<stamp>.txt and NAME-latest.txt.
bench_report() {
    local name="$1" title="$2" r
    mkdir -p "$bench_root/target/bench"
    {
        echo "$title"
        echo "date:   $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
        echo "host:   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
        echo "kernel: $(uname -sr)"
        echo "java:   $("$bench_flatland" --version 2>/dev/null | head -n 1), commit $(git -C "$bench_root" rev-parse --short HEAD 2>/dev/null || echo '?')${BENCH_FLATLAND:+, launcher $BENCH_FLATLAND}"
        echo
        printf "%-22s %10s %10s %10s %8s %10s %10s %10s %8s %8s %9s  %s\n" "benchmark" "native ns" "qemu ns" \
            "flatland" "ratio" "fl mean" "nat cpu" "fl cpu" "cpu rat" "insns/op" "target" "met"
        for r in "${bench_rows[@]}"; do echo "$r"; done
        echo
        echo "ns = nanoseconds per operation in the fastest of 20 timed chunks (clock_gettime(CLOCK_MONOTONIC) in"
        echo "the guest, after a warm-up of at least 2 s, bench/benchtime.h); fl mean = Flatland's mean over all chunks;"
        echo "ratio = flatland / native; insns/op = Flatland guest instructions per operation (--stats count over"
        echo "ITERS+WARMUP operations, start-up included); qemu = qemu-x86_64 user mode (host syscalls), '-' when"
        echo "not installed. nat cpu / fl cpu = CPU ns per operation (user+sys of a run minus that of a run"
        echo "with half the iterations, over the difference in operations; the JVM's JIT and GC threads"
        echo "count; 'noise' when the half run used as much CPU as the full one), cpu rat = fl cpu / nat cpu."
        echo "Flatland runs with real time (no --deterministic); met = flatland (fastest-chunk wall ns) < target."
    } | tee "$bench_tmp/report.txt"
    local stamp
    stamp="$(date -u '+%Y%m%d-%H%M%S')"
    cp "$bench_tmp/report.txt" "$bench_root/target/bench/$name-$stamp.txt"
    cp "$bench_tmp/report.txt" "$bench_root/target/bench/$name-latest.txt"
    echo "written: target/bench/$name-$stamp.txt"
}

# bench_scale DEFAULT: DEFAULT iterations divided by $BENCH_DIV (1 by default; --quick sets 10).
bench_scale() {
    echo $(( $1 / ${BENCH_DIV:-1} > 0 ? $1 / ${BENCH_DIV:-1} : 1 ))
}
