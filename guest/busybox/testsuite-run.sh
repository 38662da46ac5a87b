# Runs busybox's own testsuite (testsuite/runtest) in a scratch directory. Sourced by nothing:
# scripts/busybox-testsuite runs it with busybox's sh, the same way natively and under Flatland:
#
#   busybox sh testsuite-run.sh SRC BBDIR SCRATCH [APPLET...]
#
# SRC is the (read-only) testsuite directory of the busybox source tree, BBDIR holds the busybox
# binary and the .config it was built with, SCRATCH a writable directory (a tmpfs under Flatland).
# runtest writes into its working directory and into $bindir (runtest-tempdir-links), so both are
# copies inside SCRATCH. Every line runtest prints goes to stdout; the caller parses the
# "PASS:", "FAIL:", "SKIPPED:" and "UNTESTED:" lines.
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
./runtest -v "$@"
echo "runtest: exit status $?"
