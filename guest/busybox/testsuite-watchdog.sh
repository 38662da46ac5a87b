# Per-test time limit for busybox's testsuite, run in the background by testsuite-run.sh (with
# busybox's sh, natively and under Flatland alike):
#
#   busybox sh testsuite-watchdog.sh COUNTFILE LIMIT PIDFILE
#
# COUNTFILE holds the number of test results (PASS/FAIL/SKIPPED/UNTESTED lines) runtest has printed
# so far; testsuite-run.sh rewrites it after each one. When it has not changed for LIMIT seconds,
# the test that is running has taken too long: the watchdog prints
#   testsuite-run: timeout: no test result for LIMIT s; killing PID(COMM) ...
# and kills the leaves of RUNTESTPID's process tree (the commands the test is running, not the
# shells running runtest and the APPLET.tests script) with SIGKILL, as timeout(1) -s KILL would.
# The test then fails on its own (its output is cut short, or sh -e stops on the killed command),
# runtest prints its FAIL line and goes on with the next test; scripts/busybox-testsuite marks
# that FAIL as a timeout. RUNTESTPID is read from PIDFILE (written by the sh that runs runtest);
# the watchdog ends when that process has ended.
count_file="$1"
limit="$2"
pidfile="$3"
runtest=
while [ -z "$runtest" ]; do
    [ -s "$pidfile" ] && read -r runtest <"$pidfile"
    [ -n "$runtest" ] || sleep 1
done
step=5
last=
idle=0

# descendants PID: the pids of PID's process tree below PID, from the ppid field of /proc/*/stat.
descendants() {
    pairs=
    for f in /proc/[0-9]*/stat; do
        # "pid (comm) state ppid ...": the comm of the testsuite's programs has no blanks
        read -r pid comm state ppid rest 2>/dev/null <"$f" && pairs="$pairs $pid:$ppid"
    done
    found=" $1 "
    changed=1
    while [ -n "$changed" ]; do
        changed=
        for p in $pairs; do
            case "$found" in
                *" ${p%%:*} "*) ;;
                *" ${p#*:} "*) found="$found${p%%:*} "; changed=1 ;;
            esac
        done
    done
    result=
    for p in $found; do [ "$p" = "$1" ] || result="$result $p"; done
    echo $result
}

while kill -0 "$runtest" 2>/dev/null; do
    sleep "$step"
    n=
    read -r n 2>/dev/null <"$count_file"
    if [ "$n" != "$last" ]; then
        last="$n"
        idle=0
        continue
    fi
    idle=$((idle + step))
    [ "$idle" -ge "$limit" ] || continue
    tree=$(descendants "$runtest")
    leaves=
    names=
    for p in $tree; do
        leaf=1
        for q in $tree; do
            read -r pid comm state ppid rest 2>/dev/null <"/proc/$q/stat" || continue
            [ "$ppid" = "$p" ] && { leaf=; break; }
        done
        [ -n "$leaf" ] || continue
        read -r pid comm rest 2>/dev/null <"/proc/$p/stat" || continue
        leaves="$leaves $p"
        names="$names $p$comm"
    done
    echo "testsuite-run: timeout: no test result for $idle s; killing$names"
    # shellcheck disable=SC2086 # pids are words
    [ -n "$leaves" ] && kill -KILL $leaves 2>/dev/null
    # If that did not end the test (say, the test script itself loops), kill again after 30 s.
    idle=$((limit - 30))
done
