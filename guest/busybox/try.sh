#!/usr/bin/env bash
# Runs a list of busybox commands natively and under Flatland and prints a Markdown table:
# command, native result, Flatland result (same stdout and exit status as native: "same"), and
# what Flatland reported on stderr (unimplemented syscalls, errors). Used for docs/busybox.md.
#
#   guest/busybox/try.sh [FILTER]     only the cases whose command contains FILTER
#
# Needs target/busybox/busybox (scripts/build-busybox). Works in target/busybox/try/.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bb="$root/target/busybox/busybox"
fl="$root/flatland"
work="$root/target/busybox/try"
filter="${1:-}"
[ -x "$bb" ] || { echo "try.sh: build target/busybox/busybox first (scripts/build-busybox)" >&2; exit 1; }

# Fresh inputs for each run, so native and Flatland see the same files.
prepare() {
    rm -rf "$work"
    mkdir -p "$work/d/sub"
    printf '3 cherry\n1 apple\n2 banana\n1 apple\n10 date\n' >"$work/in.txt"
    printf 'root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/sbin/nologin\n' >"$work/passwd"
    printf 'one\ntwo\n' >"$work/d/a.txt"
    printf 'three\n' >"$work/d/sub/b.txt"
    # An external command for hush to run: busybox through a symlink named after the applet.
    ln -s "$bb" "$work/true"
    printf 'one\nTWO\n' >"$work/d/c.txt"
}

# CASES: one per line, "STDIN<TAB>ARGS" where ARGS is shell words given to busybox (eval'd),
# STDIN a printf format piped in ("-" for none: stdin is /dev/null).
cases=$(cat <<'CASES'
-	echo hi
-	true
-	false
-	cat in.txt
hello\n	cat
-	ls d
-	ls -l d/sub
-	wc -l in.txt
-	head -n 2 in.txt
-	tail -n 2 in.txt
-	sort in.txt
-	sort -n -u in.txt
-	uniq -c in.txt
-	sed -e 's/apple/APPLE/' -e '2d' in.txt
-	awk '{ s += $1 } END { print s, NR }' in.txt
-	awk -F: '{ print $1 "=" $3 }' passwd
-	grep -n an in.txt
-	cut -d: -f1,7 passwd
abc\n	tr a-z A-Z
-	md5sum in.txt
-	sha256sum in.txt
-	printf '%05d|%s\n' 42 x
-	expr 6 '*' 7
-	seq 1 3
-	basename /a/b/c.txt .txt
-	date -u -d @0 +%F
-	stat -c '%s %F' in.txt
-	od -A x -t x1 d/a.txt
-	diff d/a.txt d/c.txt
-	cmp d/a.txt d/c.txt
-	find d -name '*.txt'
-	dd if=in.txt bs=4 count=2
-	mkdir d/new
-	cp in.txt d/copy.txt
-	gzip -c in.txt
-	tar -cf - d/a.txt
-	uname -m
-	sleep 0.1
-	ls /proc/self/
-	readlink /proc/self/exe
-	head -n 1 /proc/self/status
-	ps
-	sh -c 'echo hi'
-	sh -c 'x=5; echo $((x * 7)); for i in 1 2; do echo $i; done'
line\n	sh -c 'read v; echo got $v'
-	sh -c 'echo redirected > out.txt'
-	sh -c 'echo a | cat'
-	sh -c 'echo $(echo sub)'
-	sh -c '(echo subshell)'
-	sh -c './true; echo $?'
-	xargs echo
CASES
)

# run WHO STDIN ARGS: prints stdout to $work/WHO.out, stderr to $work/WHO.err, returns the status.
run() {
    local who="$1" input="$2" args="$3" rc
    prepare
    cd "$work" || exit 1
    local cmd
    if [ "$who" = native ]; then cmd=("$bb"); else cmd=("$fl" run --timeout=60 "$bb"); fi
    if [ "$input" = - ]; then
        eval "\"\${cmd[@]}\" $args" </dev/null >"$root/target/busybox/$who.out" 2>"$root/target/busybox/$who.err"
    else
        # shellcheck disable=SC2059
        printf "$input" | eval "\"\${cmd[@]}\" $args" >"$root/target/busybox/$who.out" 2>"$root/target/busybox/$who.err"
    fi
    rc=$?
    cd "$root" || exit 1
    return $rc
}

# A short description of a result: exit status and the first stdout line.
describe() {
    local rc="$1" file="$2" first
    first="$(head -n1 "$file" | tr -d '\r\n' | LC_ALL=C tr -c '[:print:]' '.' | cut -c1-40)"
    if [ ! -s "$file" ]; then echo "exit $rc, no output"
    elif [ -z "$first" ]; then echo "exit $rc, empty line"
    else echo "exit $rc, \`$first\`"; fi
}

echo "| command | native | Flatland | Flatland's stderr |"
echo "|---|---|---|---|"
while IFS=$'\t' read -r input args; do
    [ -n "$args" ] || continue
    [ -z "$filter" ] || [[ "$args" == *"$filter"* ]] || continue
    run native "$input" "$args"; nrc=$?
    n_desc="$(describe "$nrc" "$root/target/busybox/native.out")"
    run flatland "$input" "$args"; frc=$?
    if [ "$nrc" = "$frc" ] && cmp -s "$root/target/busybox/native.out" "$root/target/busybox/flatland.out"; then
        f_desc="same"
    else
        f_desc="$(describe "$frc" "$root/target/busybox/flatland.out")"
    fi
    # The guest's own messages (first two distinct ones), then Flatland's list of ENOSYS syscalls.
    notes="$(grep -v -e '^WARNING' -e '^flatland: ' "$root/target/busybox/flatland.err" | awk '!seen[$0]++' \
        | head -n 2 | tr '\n' ' ')"
    notes+="$(sed -n 's/^flatland: unimplemented syscalls were called: /ENOSYS: /p' "$root/target/busybox/flatland.err")"
    notes="$(echo "$notes" | sed 's/|/\\|/g' | cut -c1-220)"
    in_note=""
    [ "$input" = - ] || in_note=" (stdin \`${input//\\n/}\`)"
    echo "| \`busybox ${args//|/\\|}\`$in_note | $n_desc | $f_desc | $notes |"
done <<<"$cases"
