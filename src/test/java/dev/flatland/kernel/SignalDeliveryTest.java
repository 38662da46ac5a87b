package dev.flatland.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.abi.Errno;
import dev.flatland.abi.SigInfo;
import dev.flatland.abi.Signal;
import dev.flatland.abi.UContext;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Trap;
import dev.flatland.memory.GuestMemory;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Delivery decisions, each from the Linux source named in the test: syscall restart
 * (arch/x86/kernel/signal.c handle_signal and arch_do_signal_or_restart), force_sig_fault
 * (kernel/signal.c force_sig_info_to_task), legacy_queue, prepare_signal, do_signal_stop. The guest
 * tests (guest/musl/sig_*.c) check the same behaviour end to end against native runs.
 */
class SignalDeliveryTest {
    static final long HANDLER = 0x1234560;
    static final long RESTORER = 0x6543210;
    static final long NR = 0;      // read(2): any number works; the frame must hold it for a restart
    static final long RIP = 0x401002;

    static void handler(Task t, int sig, long flags) throws Exception {
        t.group().signals().set(sig, new SignalActions.Action(HANDLER, flags | Signal.SA_RESTORER, RESTORER, 0));
    }

    /** Simulates a syscall that returned {@code err} with {@code sig} pending, then the return to user. */
    static long savedRax(Task t, Errno err, int sig) {
        CpuState c = t.cpu();
        c.rip = RIP;
        c.r[CpuState.RAX] = -err.number();
        SignalDelivery.send(t, SigInfo.of(sig, SigInfo.SI_USER));
        SignalDelivery.deliver(t, NR);
        return t.kernel().memory().read64(c.r[CpuState.RSP] + UContext.FRAME_UC + UContext.UC_MCONTEXT
                + UContext.SC_RAX);
    }

    static long savedRip(Task t) {
        return t.kernel().memory().read64(t.cpu().r[CpuState.RSP] + UContext.FRAME_UC + UContext.UC_MCONTEXT
                + UContext.SC_RIP);
    }

    @Test
    void erestartsysWithSaRestartRestartsTheSyscall() throws Exception {
        Task t = SignalFrameLayoutTest.newTask();
        handler(t, Signal.SIGUSR1, Signal.SA_RESTART);
        assertEquals(NR, savedRax(t, Errno.ERESTARTSYS, Signal.SIGUSR1));
        assertEquals(RIP - 2, savedRip(t));
        assertEquals(HANDLER, t.cpu().rip);
    }

    @Test
    void erestartsysWithoutSaRestartIsEintr() throws Exception {
        Task t = SignalFrameLayoutTest.newTask();
        handler(t, Signal.SIGUSR1, 0);
        assertEquals(-Errno.EINTR.number(), savedRax(t, Errno.ERESTARTSYS, Signal.SIGUSR1));
        assertEquals(RIP, savedRip(t));
    }

    @Test
    void erestartnohandIsEintrEvenWithSaRestart() throws Exception {
        Task t = SignalFrameLayoutTest.newTask();
        handler(t, Signal.SIGUSR1, Signal.SA_RESTART);
        assertEquals(-Errno.EINTR.number(), savedRax(t, Errno.ERESTARTNOHAND, Signal.SIGUSR1));
    }

    @Test
    void erestartnointrAlwaysRestarts() throws Exception {
        Task t = SignalFrameLayoutTest.newTask();
        handler(t, Signal.SIGUSR1, 0);
        assertEquals(NR, savedRax(t, Errno.ERESTARTNOINTR, Signal.SIGUSR1));
    }

    @Test
    void withoutAHandlerEveryRestartCodeRestarts() throws Exception {
        Task t = SignalFrameLayoutTest.newTask();
        CpuState c = t.cpu();
        c.rip = RIP;
        c.r[CpuState.RAX] = -Errno.ERESTARTNOHAND.number();
        SignalDelivery.deliver(t, 7);
        assertEquals(7, c.r[CpuState.RAX]);
        assertEquals(RIP - 2, c.rip);
    }

    @Test
    void aSignalReturnIsNeverRestarted() throws Exception {
        Task t = SignalFrameLayoutTest.newTask();
        CpuState c = t.cpu();
        c.rip = RIP;
        c.r[CpuState.RAX] = -Errno.ERESTARTSYS.number(); // a restored RAX that happens to look like one
        t.signals().noRestart = true;
        SignalDelivery.deliver(t, 15);
        assertEquals(-Errno.ERESTARTSYS.number(), c.r[CpuState.RAX]);
        assertEquals(RIP, c.rip);
    }

    @Test
    void faultRunsTheHandlerWithSiginfoAndTrapState() throws Exception {
        Task t = SignalFrameLayoutTest.newTask();
        handler(t, Signal.SIGSEGV, Signal.SA_SIGINFO);
        t.cpu().rip = RIP;
        assertTrue(SignalDelivery.fault(t, new Trap.Fault(Trap.SIGSEGV, Trap.SEGV_MAPERR, 0x10, RIP, "read")));
        GuestMemory m = t.kernel().memory();
        long frame = t.cpu().r[CpuState.RSP];
        assertEquals(HANDLER, t.cpu().rip);
        assertEquals(Signal.SIGSEGV, m.read32(frame + UContext.FRAME_INFO));
        assertEquals(Trap.SEGV_MAPERR, m.read32(frame + UContext.FRAME_INFO + SigInfo.SI_CODE));
        assertEquals(0x10, m.read64(frame + UContext.FRAME_INFO + SigInfo.SI_ADDR));
        long sc = frame + UContext.FRAME_UC + UContext.UC_MCONTEXT;
        assertEquals(UContext.X86_TRAP_PF, m.read64(sc + UContext.SC_TRAPNO));
        assertEquals(0x10, m.read64(sc + UContext.SC_CR2));
        assertEquals(RIP, m.read64(sc + UContext.SC_RIP));
        assertTrue((t.blocked() & Signal.bit(Signal.SIGSEGV)) != 0, "blocked while the handler runs");
    }

    @Test
    void blockedFaultSignalIsUnblockedAndResetToDefault() throws Exception {
        Task t = SignalFrameLayoutTest.newTask();
        handler(t, Signal.SIGFPE, Signal.SA_SIGINFO);
        t.setBlocked(Signal.bit(Signal.SIGFPE));
        assertFalse(SignalDelivery.fault(t, new Trap.Fault(Trap.SIGFPE, Trap.FPE_INTDIV, RIP, RIP, "div")));
        assertEquals(Signal.SIG_DFL, t.group().signals().get(Signal.SIGFPE).handler());
        assertEquals(0, t.blocked() & Signal.bit(Signal.SIGFPE));
    }

    @Test
    void standardSignalsCoalesceRealTimeSignalsQueue() throws Exception {
        Task t = SignalFrameLayoutTest.newTask();
        t.setBlocked(-1L);
        assertTrue(SignalDelivery.send(t, SigInfo.of(Signal.SIGUSR1, SigInfo.SI_USER)));
        assertFalse(SignalDelivery.send(t, SigInfo.of(Signal.SIGUSR1, SigInfo.SI_USER)));
        for (int i = 0; i < 3; i++) {
            SigInfo s = SigInfo.of(Signal.SIGRTMIN + 1, SigInfo.SI_QUEUE);
            s.put32(SigInfo.SI_VALUE, i);
            assertTrue(SignalDelivery.send(t, s));
        }
        long set = Signal.bit(Signal.SIGUSR1) | Signal.bit(Signal.SIGRTMIN + 1);
        assertEquals(Signal.SIGUSR1, SignalDelivery.dequeue(t, set).signo());
        for (int i = 0; i < 3; i++) {
            assertEquals(i, SignalDelivery.dequeue(t, set).get32(SigInfo.SI_VALUE));
        }
        assertNull(SignalDelivery.dequeue(t, set));
    }

    @Test
    void syncSignalsAreDequeuedFirst() throws Exception {
        Task t = SignalFrameLayoutTest.newTask();
        t.setBlocked(-1L);
        SignalDelivery.send(t, SigInfo.of(Signal.SIGHUP, SigInfo.SI_USER));
        SignalDelivery.send(t, SigInfo.of(Signal.SIGSEGV, SigInfo.SI_USER));
        assertEquals(Signal.SIGSEGV, SignalDelivery.dequeue(t, -1L).signo());
    }

    @Test
    void ignoredUnblockedSignalIsDiscardedButABlockedOneWaits() throws Exception {
        Task t = SignalFrameLayoutTest.newTask();
        assertFalse(SignalDelivery.send(t, SigInfo.of(Signal.SIGCHLD, SigInfo.SI_USER)));
        t.setBlocked(Signal.bit(Signal.SIGCHLD));
        assertTrue(SignalDelivery.send(t, SigInfo.of(Signal.SIGCHLD, SigInfo.SI_USER)));
    }

    @Test
    void stopAndContinueCancelEachOther() throws Exception {
        Task t = SignalFrameLayoutTest.newTask();
        t.setBlocked(-1L);
        SignalDelivery.send(t, SigInfo.of(Signal.SIGCONT, SigInfo.SI_USER));
        SignalDelivery.send(t, SigInfo.of(Signal.SIGTSTP, SigInfo.SI_USER));
        assertEquals(Signal.bit(Signal.SIGTSTP), t.pending());
        SignalDelivery.send(t, SigInfo.of(Signal.SIGCONT, SigInfo.SI_USER));
        assertEquals(Signal.bit(Signal.SIGCONT), t.pending());
    }

    @Test
    void terminalStopOfAnOrphanedProcessGroupIsDiscarded() throws Exception {
        // get_signal: SIGTSTP/SIGTTIN/SIGTTOU are dropped when is_current_pgrp_orphaned(); the first
        // process's parent (init) is outside its session, so its group is orphaned.
        Task t = SignalFrameLayoutTest.newTask();
        SignalDelivery.send(t, SigInfo.of(Signal.SIGTSTP, SigInfo.SI_USER));
        SignalDelivery.deliver(t, -1);
        assertFalse(t.exited());
        assertFalse(t.group().jobStopped());
        assertEquals(0, t.pending());
    }

    @Test
    void sigstopStopsTheGroupAndSigcontResumesIt() throws Exception {
        Task t = SignalFrameLayoutTest.newTask();
        SignalDelivery.send(t, SigInfo.of(Signal.SIGSTOP, SigInfo.SI_USER));
        SignalDelivery.deliver(t, -1);
        assertFalse(t.exited());
        assertTrue(t.group().jobStopped());
        assertEquals(Signal.SIGSTOP, t.group().stopSignal());
        t.setBlocked(-1L);   // SIGCONT continues at generation even when blocked
        SignalDelivery.send(t, SigInfo.of(Signal.SIGCONT, SigInfo.SI_USER));
        assertFalse(t.group().jobStopped());
        assertTrue(JobControl.takeContinueReport(t.group(), false));
        assertEquals(0, JobControl.takeStopReport(t.group(), false));
    }

    @Test
    void defaultTerminateKillsWithTheSignal() throws Exception {
        Task t = SignalFrameLayoutTest.newTask();
        SignalDelivery.send(t, SigInfo.of(Signal.SIGTERM, SigInfo.SI_USER));
        SignalDelivery.deliver(t, -1);
        assertEquals(Signal.SIGTERM, t.group().exitStatus().signal());
    }

    @Test
    void resethandRestoresTheDefaultAfterOneDelivery() throws Exception {
        Task t = SignalFrameLayoutTest.newTask();
        handler(t, Signal.SIGUSR2, Signal.SA_RESETHAND);
        SignalDelivery.send(t, SigInfo.of(Signal.SIGUSR2, SigInfo.SI_USER));
        SignalDelivery.deliver(t, -1);
        assertEquals(HANDLER, t.cpu().rip);
        assertEquals(Signal.SIG_DFL, t.group().signals().get(Signal.SIGUSR2).handler());
    }

    @Test
    void pauseWithAnAlarmWakesAtTheAlarmInVirtualTime() throws Exception {
        Task t = SignalFrameLayoutTest.newTask(KernelConfig.defaults().withDeterministic(true),
                new ByteArrayOutputStream());
        handler(t, Signal.SIGALRM, 0);
        Clock clock = t.kernel().clock();
        long start = clock.monotonicNs();
        t.group().timers().set(clock, ITimers.ITIMER_REAL, 5_000_000_000L, 0);
        assertTrue(SignalDelivery.waitForSignal(t, ~t.blocked(), -1));
        assertTrue(clock.monotonicNs() - start >= 5_000_000_000L);
        assertEquals(Signal.bit(Signal.SIGALRM), t.pending());
        assertEquals(SigInfo.SI_KERNEL, SignalDelivery.dequeue(t, -1L).code());
    }

    @Test
    void waitingWithNothingToWakeTheTaskKillsIt() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Task t = SignalFrameLayoutTest.newTask(KernelConfig.defaults().withDeterministic(true), log);
        SignalDelivery.waitForSignal(t, ~t.blocked(), -1);
        assertEquals(Signal.SIGKILL, t.group().exitStatus().signal());
        assertTrue(log.toString().contains("deadlock"));
    }

    @Test
    void timedWaitTimesOut() throws Exception {
        Task t = SignalFrameLayoutTest.newTask(KernelConfig.defaults().withDeterministic(true),
                new ByteArrayOutputStream());
        assertFalse(SignalDelivery.waitForSignal(t, ~t.blocked(), 1_000_000));
        assertFalse(t.exited());
    }

    @Test
    void erestartRestartblockWithoutAHandlerGoesThroughRestartSyscall() throws Exception {
        // arch_do_signal_or_restart: regs->ax = __NR_restart_syscall, regs->ip -= 2
        Task t = SignalFrameLayoutTest.newTask();
        CpuState c = t.cpu();
        c.rip = RIP;
        c.r[CpuState.RAX] = -Errno.ERESTART_RESTARTBLOCK.number();
        SignalDelivery.deliver(t, 35);
        assertEquals(SignalDelivery.NR_RESTART_SYSCALL, c.r[CpuState.RAX]);
        assertEquals(RIP - 2, c.rip);
    }

    @Test
    void restartSyscallRunsTheSavedBlockOnceAndIsEintrWithoutOne() throws Exception {
        Task t = SignalFrameLayoutTest.newTask();
        t.signals().setRestartBlock(task -> 42);
        assertEquals(42, SignalDelivery.restartSyscall(t));
        dev.flatland.abi.ErrnoException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.flatland.abi.ErrnoException.class, () -> SignalDelivery.restartSyscall(t));
        assertEquals(Errno.EINTR, e.errno());   // do_no_restart_syscall
    }

    @Test
    void sigreturnForgetsTheRestartBlock() throws Exception {
        // restore_sigcontext sets restart_block.fn = do_no_restart_syscall
        Task t = SignalFrameLayoutTest.newTask();
        t.signals().setRestartBlock(task -> 42);
        SignalDelivery.sigreturn(t);
        assertNull(t.signals().restartBlock);
    }

    /** A child process of {@code parent} (clone with exit signal SIGCHLD), not yet run. */
    static Task child(Task parent) throws Exception {
        return TaskClone.clone(parent, new TaskClone.Args(0, 0, 0, 0, 0, Signal.SIGCHLD, 0));
    }

    @Test
    void cldContinuedIsSentWhenTheContinuedChildRunsNotWhenSigcontIsSent() throws Exception {
        // prepare_signal sets SIGNAL_STOP_CONTINUED (wait sees it at once) and SIGNAL_CLD_CONTINUED,
        // which get_signal in the continued task turns into do_notify_parent_cldstop(CLD_CONTINUED).
        Task parent = SignalFrameLayoutTest.newTask();
        parent.setBlocked(Signal.bit(Signal.SIGCHLD));   // SIGCHLD's default is ignore: keep it queued
        Task kid = child(parent);
        SignalDelivery.send(kid, SigInfo.of(Signal.SIGSTOP, SigInfo.SI_USER));
        SignalDelivery.deliver(kid, -1);
        assertTrue(kid.group().jobStopped());
        SigInfo stopped = SignalDelivery.dequeue(parent, Signal.bit(Signal.SIGCHLD));
        assertEquals(JobControl.CLD_STOPPED, stopped.code());

        JobControl.signalProcess(kid.group(), SigInfo.of(Signal.SIGCONT, SigInfo.SI_USER));
        assertFalse(kid.group().jobStopped());
        assertEquals(0, parent.pending(), "no SIGCHLD before the child runs");
        assertTrue(JobControl.takeContinueReport(kid.group(), false), "wait(WCONTINUED) sees it at once");

        SignalDelivery.resumeAfterStop(kid);
        SigInfo cont = SignalDelivery.dequeue(parent, Signal.bit(Signal.SIGCHLD));
        assertEquals(JobControl.CLD_CONTINUED, cont.code());
        assertEquals(Signal.SIGCONT, cont.get32(JobControl.SI_STATUS));
        assertEquals(kid.group().tgid(), cont.get32(SigInfo.SI_PID));
        SignalDelivery.deliver(kid, -1);
        assertEquals(0, parent.pending(), "sent once");
    }

    @Test
    void sigkillBeforeTheContinuedChildRunsDropsCldContinued() throws Exception {
        // complete_signal for SIGKILL: signal->flags = SIGNAL_GROUP_EXIT clears SIGNAL_CLD_CONTINUED
        Task parent = SignalFrameLayoutTest.newTask();
        parent.setBlocked(Signal.bit(Signal.SIGCHLD));
        Task kid = child(parent);
        SignalDelivery.send(kid, SigInfo.of(Signal.SIGSTOP, SigInfo.SI_USER));
        SignalDelivery.deliver(kid, -1);
        SignalDelivery.dequeue(parent, Signal.bit(Signal.SIGCHLD));
        JobControl.signalProcess(kid.group(), SigInfo.of(Signal.SIGCONT, SigInfo.SI_USER));
        JobControl.signalProcess(kid.group(), SigInfo.of(Signal.SIGKILL, SigInfo.SI_USER));
        SignalDelivery.deliver(kid, -1);
        assertTrue(kid.exited());
        SigInfo only = SignalDelivery.dequeue(parent, Signal.bit(Signal.SIGCHLD));
        assertEquals(JobControl.CLD_KILLED, only.code());
        assertNull(SignalDelivery.dequeue(parent, Signal.bit(Signal.SIGCHLD)));
    }
}
