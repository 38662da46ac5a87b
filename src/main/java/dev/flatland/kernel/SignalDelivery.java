package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.SigInfo;
import dev.flatland.abi.Signal;
import dev.flatland.abi.UContext;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Trap;

/**
 * Signal generation and delivery for one task (kernel/signal.c send_signal/prepare_signal,
 * get_signal, force_sig_fault; arch/x86/kernel/signal.c arch_do_signal_or_restart, handle_signal).
 *
 * <p>The run loop calls {@link #deliver} whenever the task is about to return to user mode: after
 * every syscall (with the syscall number, so that -ERESTART* results can be restarted or turned into
 * EINTR) and at every budget boundary. Each deliverable signal either takes its default action
 * (ignore, terminate, core, stop, continue) or gets a frame from {@link SignalFrame}; several pending
 * signals nest frames at once, as Linux's exit-to-user loop does.
 */
public final class SignalDelivery {
    /** __NR_restart_syscall. */
    static final int NR_RESTART_SYSCALL = 219;
    static final long STOP_MASK = Signal.bit(Signal.SIGSTOP) | Signal.bit(Signal.SIGTSTP) | Signal.bit(Signal.SIGTTIN)
            | Signal.bit(Signal.SIGTTOU);
    static final long UNBLOCKABLE = Signal.bit(Signal.SIGKILL) | Signal.bit(Signal.SIGSTOP);

    private SignalDelivery() {
    }

    static SignalActions.Action action(Task t, int sig) {
        try {
            return t.group().signals().get(sig);
        } catch (ErrnoException e) {
            return SignalActions.Action.DEFAULT;
        }
    }

    /** sig_task_ignored: an unblocked signal whose action is to ignore it is discarded at generation. */
    static boolean ignoredAtGeneration(Task t, int sig) {
        if ((Signal.bit(sig) & UNBLOCKABLE) != 0 || ((t.blocked() | t.signals().realBlocked) & Signal.bit(sig)) != 0) {
            return false;
        }
        SignalActions.Action a = action(t, sig);
        return a.handler() == Signal.SIG_IGN
                || a.handler() == Signal.SIG_DFL && SignalActions.defaultIgnores(sig);
    }

    /**
     * Generates {@code info} for {@code t} (send_signal). A stop signal discards a pending SIGCONT and
     * vice versa (prepare_signal). Returns false when the signal was dropped: ignored, or a standard
     * signal already pending.
     */
    public static boolean send(Task t, SigInfo info) {
        int sig = info.signo();
        if (t.exited() || sig < 1 || sig > Signal.NSIG) {
            return false;
        }
        SigPending p = t.signals().pending;
        JobControl.prepare(t.group(), sig);
        if (ignoredAtGeneration(t, sig)) {
            return false;
        }
        return p.enqueue(info);
    }

    /** True when another real-time signal may still be queued (rt_sigqueueinfo's EAGAIN check). */
    public static boolean canQueue(Task t) {
        return t.signals().pending.queuedCount() < SigPending.MAX_QUEUED;
    }

    /** The pending set (rt_sigpending ANDs it with the blocked mask). */
    public static long pending(Task t) {
        return t.signals().pending.mask();
    }

    /** Removes and returns the next pending signal in {@code set} (sigtimedwait), or null. */
    public static SigInfo dequeue(Task t, long set) {
        SigInfo info = t.signals().pending.dequeue(set);
        t.group().timers().posix().delivered(info);
        return info;
    }

    /**
     * rt_sigaction's side effect (do_sigaction): once a signal's action is to ignore it, every pending
     * instance is discarded, blocked or not.
     */
    public static void actionChanged(Task t, int sig) {
        SignalActions.Action a = action(t, sig);
        if (a.handler() == Signal.SIG_IGN || a.handler() == Signal.SIG_DFL && SignalActions.defaultIgnores(sig)) {
            for (Task each : t.group().tasks()) {
                each.signals().pending.flush(Signal.bit(sig));
            }
        }
    }

    /**
     * A CPU fault (force_sig_fault): records trapno/err/cr2 for the frame; a blocked or ignored
     * fault signal is unblocked and reset to SIG_DFL. Returns true when a handler will run (the signal
     * is queued and delivered now), false when the default action must kill the process.
     */
    static boolean fault(Task t, Trap.Fault f) {
        TaskSignals s = t.signals();
        int sig = f.signal();
        s.trapNo = trapNo(f);
        s.cr2 = s.trapNo == UContext.X86_TRAP_PF ? f.address() : s.cr2;
        s.errorCode = s.trapNo == UContext.X86_TRAP_PF ? 4 : 0; // X86_PF_USER; the read/write bit is unknown here
        SignalActions.Action a = action(t, sig);
        boolean blocked = (t.blocked() & Signal.bit(sig)) != 0;
        if (blocked || a.handler() == Signal.SIG_IGN) {
            try {
                t.group().signals().set(sig, new SignalActions.Action(Signal.SIG_DFL, a.flags(), a.restorer(),
                        a.mask()));
            } catch (ErrnoException e) {
                // fault signals are always settable
            }
            t.setBlocked(t.blocked() & ~Signal.bit(sig));
            a = action(t, sig);
        }
        if (a.handler() == Signal.SIG_DFL) {
            return false;
        }
        long addr = sig == Signal.SIGTRAP || f.siCode() == Trap.SI_KERNEL ? 0 : f.address();
        s.pending.enqueue(SigInfo.fault(sig, f.siCode(), addr));
        deliver(t, -1);
        return true;
    }

    /** The x86 exception vector behind a fault signal (for sigcontext.trapno). */
    static long trapNo(Trap.Fault f) {
        return switch (f.signal()) {
            case Trap.SIGSEGV -> f.siCode() == Trap.SI_KERNEL ? UContext.X86_TRAP_GP : UContext.X86_TRAP_PF;
            case Trap.SIGFPE -> f.siCode() == Trap.FPE_INTDIV || f.siCode() == Trap.FPE_INTOVF
                    ? UContext.X86_TRAP_DE : UContext.X86_TRAP_XF;
            case Trap.SIGILL -> UContext.X86_TRAP_UD;
            case Trap.SIGTRAP -> UContext.X86_TRAP_BP;
            case Trap.SIGBUS -> UContext.X86_TRAP_AC;
            default -> 0;
        };
    }

    /**
     * Acts on every deliverable signal before {@code t} returns to user mode. {@code syscallNr} is the
     * number of the syscall just completed (RAX holds its result) or -1 when not returning from one.
     */
    static void deliver(Task t, long syscallNr) {
        TaskSignals s = t.signals();
        CpuState c = t.cpu();
        Tty.pumpAll(t.kernel());
        boolean fromSyscall = syscallNr >= 0 && !s.noRestart;
        s.noRestart = false;
        if (t.group().cldContinued) {
            JobControl.notifyContinued(t.group());
        }
        for (int guard = 0; guard <= Signal.NSIG && !t.exited(); guard++) {
            SigInfo info = s.pending.dequeue(~t.blocked());
            if (info == null) {
                break;
            }
            t.group().timers().posix().delivered(info);
            int sig = info.signo();
            SignalActions.Action a = action(t, sig);
            if (a.handler() == Signal.SIG_IGN) {
                continue;
            }
            if (t.kernel().config().strace()) {
                t.kernel().log().println(straceLine(info));
            }
            if (a.handler() == Signal.SIG_DFL) {
                if ((Signal.bit(sig) & STOP_MASK) != 0) {
                    if (sig != Signal.SIGSTOP && JobControl.orphanedPgrp(t.kernel().processes(), t.group().pgid())) {
                        continue;   // get_signal: a stop of an orphaned process group is discarded
                    }
                    // do_signal_stop: the rest of this return to user mode (restart handling, further
                    // signals) happens when SIGCONT resumes the task (resumeAfterStop).
                    JobControl.stop(t.group(), sig);
                    s.resumeNr = fromSyscall ? syscallNr : -1;
                    s.resumePending = true;
                    return;
                }
                if (!defaultAction(t, sig)) {
                    return;
                }
                continue;
            }
            if (fromSyscall) {
                restartWithHandler(c, syscallNr, a);
                fromSyscall = false;
            }
            if ((a.flags() & Signal.SA_RESETHAND) != 0) {
                resetToDefault(t, sig, a);
            }
            long oldMask = s.restoreMask ? s.savedMask : t.blocked();
            if (SignalFrame.setup(t, sig, info, a, oldMask)) {
                s.restoreMask = false;
                long add = a.mask() | ((a.flags() & Signal.SA_NODEFER) != 0 ? 0 : Signal.bit(sig));
                t.setBlocked(t.blocked() | add);
            } else {
                forceSigsegv(t, sig);
            }
        }
        if (fromSyscall) {
            restartWithoutHandler(c, syscallNr);
        }
        if (s.restoreMask) {
            s.restoreMask = false;
            t.setBlocked(s.savedMask);
        }
    }

    /**
     * Called by the scheduler before a task whose group was stopped runs again: finishes the return
     * to user mode the stop interrupted (syscall restart, further pending signals, SIGCONT's
     * handler). Returns true when the task may run now.
     */
    static boolean resumeAfterStop(Task t) {
        TaskSignals s = t.signals();
        if (s.resumePending) {
            s.resumePending = false;
            t.group().timers().poll(t.kernel(), t);
            deliver(t, s.resumeNr);
        }
        return !t.exited() && !t.group().jobStopped() && !t.kernel().scheduler().isParked(t);
    }

    /** strace's line for a delivered signal, e.g. {@code --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=2, si_uid=1000} ---}. */
    static String straceLine(SigInfo info) {
        int sig = info.signo();
        int code = info.code();
        String name = Signal.name(sig);
        StringBuilder sb = new StringBuilder("--- ").append(name).append(" {si_signo=").append(name)
                .append(", si_code=");
        boolean fault = (Signal.bit(sig) & SigPending.SYNCHRONOUS_MASK) != 0 && sig != Signal.SIGSYS;
        if (code == SigInfo.SI_USER || code == SigInfo.SI_TKILL || code == SigInfo.SI_QUEUE) {
            sb.append(code == SigInfo.SI_USER ? "SI_USER" : code == SigInfo.SI_TKILL ? "SI_TKILL" : "SI_QUEUE");
            sb.append(", si_pid=").append(info.get32(SigInfo.SI_PID)).append(", si_uid=")
                    .append(info.get32(SigInfo.SI_UID));
            if (code == SigInfo.SI_QUEUE) {
                sb.append(", si_int=").append(info.get32(SigInfo.SI_VALUE)).append(", si_ptr=0x")
                        .append(Long.toHexString(info.get64(SigInfo.SI_VALUE)));
            }
        } else if (code == SigInfo.SI_KERNEL) {
            sb.append("SI_KERNEL");
        } else if (fault && code > 0) {
            long addr = info.get64(SigInfo.SI_ADDR);
            sb.append(CrashReport.siCodeName(sig, code)).append(", si_addr=")
                    .append(addr == 0 ? "NULL" : "0x" + Long.toHexString(addr));
        } else {
            sb.append(code);
        }
        return sb.append("} ---").toString();
    }

    /** The default action of an unhandled signal; returns false when the task no longer runs. */
    private static boolean defaultAction(Task t, int sig) {
        if (SignalActions.defaultIgnores(sig)) {
            return true; // SIGCHLD, SIGURG, SIGWINCH, and SIGCONT (which has already continued the task)
        }
        t.kernel().killGroup(t.group(), sig); // terminate, or core (no core file is written)
        return false;
    }

    private static void resetToDefault(Task t, int sig, SignalActions.Action a) {
        try {
            t.group().signals().set(sig, new SignalActions.Action(Signal.SIG_DFL, a.flags(), a.restorer(), a.mask()));
        } catch (ErrnoException e) {
            // SIGKILL/SIGSTOP never have handlers
        }
    }

    /** force_sigsegv: the frame could not be built. A SIGSEGV handler is reset so the retry kills. */
    private static void forceSigsegv(Task t, int sig) {
        if (sig == Signal.SIGSEGV) {
            resetToDefault(t, sig, action(t, sig));
        }
        t.setBlocked(t.blocked() & ~Signal.bit(Signal.SIGSEGV));
        SigPending p = t.signals().pending;
        SignalActions.Action a = action(t, Signal.SIGSEGV);
        if (a.handler() == Signal.SIG_IGN) {
            resetToDefault(t, Signal.SIGSEGV, a);
        }
        p.enqueue(SigInfo.of(Signal.SIGSEGV, SigInfo.SI_KERNEL));
    }

    /** handle_signal's syscall restart: -ERESTART* becomes EINTR or a restart (SA_RESTART). */
    private static void restartWithHandler(CpuState c, long nr, SignalActions.Action a) {
        long rax = c.r[CpuState.RAX];
        if (rax == -Errno.ERESTART_RESTARTBLOCK.number() || rax == -Errno.ERESTARTNOHAND.number()) {
            c.r[CpuState.RAX] = -Errno.EINTR.number();
        } else if (rax == -Errno.ERESTARTSYS.number()) {
            if ((a.flags() & Signal.SA_RESTART) != 0) {
                restart(c, nr);
            } else {
                c.r[CpuState.RAX] = -Errno.EINTR.number();
            }
        } else if (rax == -Errno.ERESTARTNOINTR.number()) {
            restart(c, nr);
        }
    }

    /** arch_do_signal_or_restart with no handler run: every restart code re-executes the syscall. */
    private static void restartWithoutHandler(CpuState c, long nr) {
        long rax = c.r[CpuState.RAX];
        if (rax == -Errno.ERESTARTNOHAND.number() || rax == -Errno.ERESTARTSYS.number()
                || rax == -Errno.ERESTARTNOINTR.number()) {
            restart(c, nr);
        } else if (rax == -Errno.ERESTART_RESTARTBLOCK.number()) {
            restart(c, NR_RESTART_SYSCALL);   // get_nr_restart_syscall: the saved restart_block runs
        }
    }

    /**
     * restart_syscall(2): runs the restart_block the interrupted syscall saved (nanosleep with its
     * absolute end, a timed futex wait) and clears it; without one it is do_no_restart_syscall, EINTR.
     */
    public static long restartSyscall(Task t) throws ErrnoException {
        TaskSignals.RestartBlock fn = t.signals().restartBlock;
        t.signals().restartBlock = null;
        if (fn == null) {
            throw new ErrnoException(Errno.EINTR);
        }
        return fn.restart(t);
    }

    /**
     * A signal ended the parked wait of {@code t} in syscall {@code nr}: the syscall returns
     * {@code code} (the blocker's -ERESTART* or EINTR), and the return to user mode restarts it or
     * turns it into EINTR as Linux's signal delivery does. Called by the scheduler.
     */
    static void interruptWait(Task t, long nr, Errno code) {
        CpuState c = t.cpu();
        c.r[CpuState.RAX] = -code.number();
        t.group().timers().poll(t.kernel(), t);
        deliver(t, nr);
        long rax = c.r[CpuState.RAX];
        if (rax <= -Errno.ERESTARTSYS.number() && rax >= -Errno.ERESTART_RESTARTBLOCK.number()
                && !t.signals().resumePending) {
            c.r[CpuState.RAX] = -Errno.EINTR.number();   // not returning from a syscall after all
        }
    }

    /** Re-executes the syscall: RAX = its number, RIP back over the 2-byte syscall instruction. */
    private static void restart(CpuState c, long nr) {
        c.r[CpuState.RAX] = nr;
        c.rip -= 2;
    }

    /**
     * rt_sigreturn: restores the context saved by the frame at RSP - 8. A bad frame forces SIGSEGV.
     * Returns the value for RAX (the restored RAX).
     */
    public static long sigreturn(Task t) {
        t.signals().restartBlock = null;   // restore_sigcontext: restart_block.fn = do_no_restart_syscall
        try {
            return SignalFrame.restore(t);
        } catch (ErrnoException e) {
            forceSigsegv(t, 0);
            t.signals().noRestart = true;
            return t.cpu().r[CpuState.RAX];
        }
    }

    /**
     * do_sigaltstack: {@code sp} is the user stack pointer deciding "on the stack now". Changing the
     * stack while on it is EPERM; a size under MINSIGSTKSZ is ENOMEM.
     */
    public static void doSigaltstack(Task t, long ssSp, int ssFlags, long ssSize, long sp) throws ErrnoException {
        if (SignalFrame.onStack(t, sp)) {
            throw new ErrnoException(Errno.EPERM);
        }
        int mode = ssFlags & ~Signal.SS_AUTODISARM;
        if (mode != Signal.SS_DISABLE && mode != Signal.SS_ONSTACK && mode != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (mode == Signal.SS_DISABLE) {
            ssSp = 0;
            ssSize = 0;
        } else if (Long.compareUnsigned(ssSize, Signal.MINSIGSTKSZ) < 0) {
            throw new ErrnoException(Errno.ENOMEM);
        }
        t.setAltStack(ssSp, ssSize, ssFlags);
    }

    /** The ss_flags sigaltstack reports: sas_ss_flags(sp) plus the stored SS_AUTODISARM bit. */
    public static int altStackFlags(Task t, long sp) {
        return SignalFrame.sasSsFlags(t, sp) | (t.altStackFlags() & Signal.SS_AUTODISARM);
    }

    /**
     * pause/sigsuspend with other tasks alive: parks {@code t} in the scheduler until a signal it
     * does not block is pending (the scheduler then completes the syscall with EINTR and delivers).
     * The deadline is the process's ITIMER_REAL expiry, so time advances to it when all tasks wait.
     */
    public static void parkForSignal(Task t, String what) {
        Kernel k = t.kernel();
        k.scheduler().park(t, new Blocker() {
            @Override
            public boolean ready() {
                t.group().timers().poll(k, t); // generates SIGALRM once due; the pending check wakes us
                return false;
            }

            @Override
            public long result() {
                return -Errno.EINTR.number();
            }

            @Override
            public long deadline() {
                long e = t.group().timers().realExpiry();
                return e == 0 ? NO_DEADLINE : e;
            }

            @Override
            public String describe() {
                return what;
            }
        });
    }

    /** True when some other task could still send {@code t} a signal. */
    public static boolean othersAlive(Task t) {
        for (Task x : t.kernel().scheduler().tasks()) {
            if (x != t && !x.exited()) {
                return true;
            }
        }
        return false;
    }

    /**
     * An interruptible sleep of {@code ns} (nanosleep, clock_nanosleep): returns 0 when it ran to
     * the end, else the time left when an unblocked signal arrived (the caller then returns
     * -ERESTART_RESTARTBLOCK or -ERESTARTNOHAND, as hrtimer_nanosleep does).
     */
    public static long sleepInterruptible(Task t, long ns) {
        if (ns <= 0) {
            return 0;
        }
        long end = t.kernel().clock().monotonicNs() + ns;
        if (!waitForSignal(t, ~t.blocked(), ns) || t.exited()) {
            return 0;
        }
        return Math.max(end - t.kernel().clock().monotonicNs(), 1);
    }

    /**
     * Waits until a signal in {@code wakeMask} is pending, or {@code timeoutNs} passes ({@code -1}:
     * no timeout). Nothing but an interval timer can send a signal while the only task sleeps, so
     * time moves straight to the next timer expiry (virtual clock) or sleeps until it (host clock).
     * With no timer and no timeout the wait could never end: the process is killed with a message,
     * as for a futex deadlock. Returns true when woken by a signal, false on timeout.
     */
    public static boolean waitForSignal(Task t, long wakeMask, long timeoutNs) {
        Kernel k = t.kernel();
        Clock clock = k.clock();
        long deadline = timeoutNs < 0 ? 0 : clock.monotonicNs() + timeoutNs;
        while (true) {
            t.group().timers().poll(k, t);
            Tty.pumpAll(k);   // Ctrl-C typed during a sleep becomes SIGINT now
            if ((t.signals().pending.mask() & wakeMask) != 0 || t.exited()) {
                return true;
            }
            long now = clock.monotonicNs();
            if (timeoutNs >= 0 && now - deadline >= 0) {
                return false;
            }
            long wake = timeoutNs >= 0 ? deadline : Long.MAX_VALUE;
            long alarm = t.group().timers().realExpiry();
            if (alarm != 0 && alarm - wake < 0) {
                wake = alarm;
            }
            if (wake == Long.MAX_VALUE && Tty.canInterrupt(k, t.group())) {
                wake = now + Tty.POLL_NS;   // a key typed at the terminal may still send a signal
            }
            if (wake == Long.MAX_VALUE) {
                ThreadGroup g = t.group();
                k.log().println("flatland: " + g.comm() + "[" + g.tgid()
                        + "]: waits for a signal that nothing can send (deadlock); killed by SIGKILL");
                k.killGroup(g, Signal.SIGKILL);
                return true;
            }
            if (k.pastRunDeadline()) {
                return true; // --timeout: the run loop kills the process next
            }
            try {
                // Host time: sleep in slices so that --timeout still ends a long wait.
                long step = clock.deterministic() ? wake - now : Math.min(wake - now, Tty.hostSleepSlice(k));
                clock.sleep(Math.max(step, 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                k.killGroup(t.group(), Signal.SIGKILL);
                return true;
            }
        }
    }
}
