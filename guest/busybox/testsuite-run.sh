# Runs busybox's own testsuite (testsuite/runtest) in a scratch directory. Sourced by nothing:
# scripts/busybox-testsuite runs it with busybox's sh, the same way natively and under Flatland:
#
#   [TEST_TIMEOUT=SECONDS] busybox sh testsuite-run.sh SRC BBDIR SCRATCH [APPLET...]
#
# SRC is the (read-only) testsuite directory of the busybox source tree, BBDIR holds the busybox
# binary and the .config it was built with, SCRATCH a writable directory (a tmpfs under Flatland).
# runtest writes into its working directory and into $bindir (runtest-tempdir-links), so both are
# copies inside SCRATCH. Every line runtest prints goes to stdout; the caller parses the
# "PASS:", "FAIL:", "SKIPPED:" and "UNTESTED:" lines.
#
# Each test gets at most TEST_TIMEOUT seconds (default 300) of wall time: testsuite-watchdog.sh
# (beside this file) kills what a test runs when no result line has come for that long, prints a
# "testsuite-run: timeout:" line, and the test fails; the other tests still run.
src="$1"
bbdir="$2"
scratch="$3"
shift 3
set -e
rm -rf "$scratch/testsuite" "$scratch/bin"
# (not mkdir -p: under Flatland, mkdir("/tmp/") on the tmpfs mount point fails with EBUSY, not EEXIST)
mkdir "$scratch/bin"
# (cp -R, not cp -a: the suite needs the files and their modes, not their owners and times)
cp -R "$src" "$scratch/testsuite"
cp "$bbdir/busybox" "$bbdir/.config" "$scratch/bin/"
cd "$scratch/testsuite"
export bindir="$scratch/bin"
export HOME="$scratch"
set +e
# The watchdog learns the pid of the sh that runs runtest from that sh; runtest's output passes through a
# loop that counts its result lines into $count for the watchdog.
count="$scratch/.testsuite-results"
pidfile="$scratch/.testsuite-runtest-pid"
echo 0 >"$count"
rm -f "$pidfile"
sh "${0%/*}/testsuite-watchdog.sh" "$count" "${TEST_TIMEOUT:-300}" "$pidfile" &
watchdog=$!
sh -c 'echo $$ >"$0" && ./runtest -v "$@"; echo "runtest: exit status $?"' "$pidfile" "$@" |
{
    n=0
    while IFS= read -r line; do
        printf '%s\n' "$line"
        case "$line" in
            PASS:*|FAIL:*|SKIPPED:*|UNTESTED:*) n=$((n + 1)); echo "$n" >"$count" ;;
        esac
    done
}
kill "$watchdog" 2>/dev/null || true   # (it ends by itself within 5 s of runtest)
