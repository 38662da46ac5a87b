package dev.flatland.kernel;

import dev.flatland.abi.Signal;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.ExecutionEngine;
import dev.flatland.memory.UserMemory;

/**
 * One thread (Linux task_struct): its CPU state, engine, blocked and pending signals, alternate
 * signal stack and clear_child_tid. Everything process-wide lives in {@link ThreadGroup}.
 */
public final class Task {
    private final Kernel kernel;
    private final ThreadGroup group;
    private final int tid;
    private final CpuState cpu = new CpuState();
    private final ExecutionEngine engine;
    private long blocked;
    private final TaskSignals signals = new TaskSignals();
    private long clearChildTid;
    private long altStackSp;
    private long altStackSize;
    private int altStackFlags; // raw sas_ss_flags: 0 until sigaltstack (uc_stack shows it)
    private boolean exited;
    /*
     * Scheduling attributes (task_struct policy, rt_priority, sched_reset_on_fork) and personality:
     * remembered and reported back by SchedSyscalls and inherited by clone (TaskClone); the policy
     * does not change how Flatland schedules its tasks.
     */
    private int schedPolicy;
    private int schedPriority;
    private boolean schedResetOnFork;
    /** A fair task's custom slice in ns (se.slice with se.custom_slice set by sched_setattr); 0: none. */
    private long schedSlice;
    /**
     * The io_context's I/O priority (block/ioprio.c): null until ioprio_set gives the task one;
     * shared with a CLONE_IO child, copied into a new one for another child when its class is valid.
     */
    private IoContext ioContext;
    private int personality;

    Task(Kernel kernel, ThreadGroup group, int tid, ExecutionEngine engine) {
        this.kernel = kernel;
        this.group = group;
        this.tid = tid;
        this.engine = engine;
    }

    public Kernel kernel() {
        return kernel;
    }

    public ThreadGroup group() {
        return group;
    }

    public int tid() {
        return tid;
    }

    public CpuState cpu() {
        return cpu;
    }

    public ExecutionEngine engine() {
        return engine;
    }

    public Mm mm() {
        return group.mm();
    }

    public FdTable fds() {
        return group.fds();
    }

    public UserMemory userMemory() {
        return kernel.userMemory();
    }

    /** This thread's nice value, -20..19 (task_nice); inherited by clone, kept across execve. */
    private int nice;

    public int nice() {
        return nice;
    }

    /** set_user_nice: clamped to -20..19. Flatland's scheduler runs tasks in turn whatever their nice. */
    public void setNice(int n) {
        nice = Math.max(-20, Math.min(19, n));
    }

    /** The blocked signal mask. SIGKILL and SIGSTOP can never be blocked. */
    public long blocked() {
        return blocked;
    }

    public void setBlocked(long mask) {
        blocked = mask & ~(Signal.bit(Signal.SIGKILL) | Signal.bit(Signal.SIGSTOP));
    }

    /** The pending set; the queue with each signal's siginfo is in {@link #signals()}. */
    public long pending() {
        return signals.pending.mask();
    }

    /** Pending queue, saved mask and fault context (see {@link TaskSignals}). */
    public TaskSignals signals() {
        return signals;
    }

    public long clearChildTid() {
        return clearChildTid;
    }

    public void setClearChildTid(long addr) {
        clearChildTid = addr;
    }

    public long altStackSp() {
        return altStackSp;
    }

    public long altStackSize() {
        return altStackSize;
    }

    public int altStackFlags() {
        return altStackFlags;
    }

    public void setAltStack(long sp, long size, int flags) {
        altStackSp = sp;
        altStackSize = size;
        altStackFlags = flags;
    }

    public boolean exited() {
        return exited || group.exited();
    }

    void markExited() {
        exited = true;
    }

    /** exit(2) of this thread; the last thread ends the group with {@code code}. */
    public void exitThread(int code) {
        kernel.exitThread(this, code);
    }

    /** exit_group(2). */
    public void exitGroup(int code) {
        kernel.exitGroup(group, ExitStatus.exited(code));
    }

    /** Sends {@code sig} to this task (tkill); acted on when the syscall returns. */
    public void sendSignal(int sig) {
        kernel.sendSignal(this, sig);
    }

    /** Sends the signal described by {@code info}; false when it was ignored or already pending. */
    public boolean sendSignal(dev.flatland.abi.SigInfo info) {
        return SignalDelivery.send(this, info);
    }

    public int schedPolicy() {
        return schedPolicy;
    }

    public int schedPriority() {
        return schedPriority;
    }

    public boolean schedResetOnFork() {
        return schedResetOnFork;
    }

    public void setSched(int policy, int priority, boolean resetOnFork) {
        schedPolicy = policy;
        schedPriority = priority;
        schedResetOnFork = resetOnFork;
    }

    /** The custom slice (ns) sched_setattr gave a fair policy, or 0 for the default base slice. */
    public long schedSlice() {
        return schedSlice;
    }

    public void setSchedSlice(long ns) {
        schedSlice = ns;
    }

    /** The task's io_context, or null when it has none (ioprio_get then reads IOPRIO_DEFAULT). */
    public IoContext ioContext() {
        return ioContext;
    }

    public void setIoContext(IoContext ioc) {
        ioContext = ioc;
    }

    /** current->personality (PER_LINUX = 0 at start). */
    public int personality() {
        return personality;
    }

    public void setPersonality(int persona) {
        personality = persona;
    }
}
