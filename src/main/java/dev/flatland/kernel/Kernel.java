package dev.flatland.kernel;

import dev.flatland.abi.Signal;
import dev.flatland.cpu.ExecutionEngine;
import dev.flatland.cpu.Trap;
import dev.flatland.loader.ElfFile;
import dev.flatland.loader.ExecParams;
import dev.flatland.loader.ImageSource;
import dev.flatland.loader.LoadException;
import dev.flatland.loader.LoadedImage;
import dev.flatland.memory.GuestMemory;
import dev.flatland.memory.PageAllocator;
import dev.flatland.memory.UserMemory;
import dev.flatland.vfs.Vfs;
import java.io.PrintStream;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The kernel instance: guest RAM and its page allocator, the VFS, the clocks, the pid space and
 * the run loop. There are no static singletons: tests create as many kernels as they like.
 *
 * <p>The run loop (one host thread) runs a task's CPU for a budget of instructions and acts on
 * the {@link Trap} it returns: a syscall goes to the {@link SyscallHandler}, a fault becomes a
 * signal (the guest's handler, else the default action with a crash line), and after a syscall or
 * at a budget boundary pending signals are delivered ({@link SignalDelivery}).
 */
public final class Kernel {
    /**
     * The identity the first guest process starts with: root, as on a nommu board where init runs
     * everything as root. Each process's current identity is its {@link Credentials}; these
     * constants also own kernel-made objects (pipes, tmpfs roots, procfs entries).
     */
    public static final int UID = 0;
    public static final int GID = 0;
    /** AT_HWCAP on x86 is CPUID.1:EDX (ELF_HWCAP = boot_cpu_data x86_capability[CPUID_1_EDX]). */
    public static final long HWCAP = dev.flatland.cpu.CpuFeatures.L1_EDX & 0xffff_ffffL;

    private final KernelConfig config;
    private final GuestMemory mem;
    private final PageAllocator pages;
    private final WriteAccess writeAccess = new WriteAccess();
    private final Uts uts = new Uts();
    private final UserMemory user;
    private final ExecutionEngine engine;
    private final Vfs vfs;
    private final PrintStream log;
    private final Clock clock;
    private final SplittableRandom atRandom;
    private final SplittableRandom getrandom;
    private SyscallHandler syscalls = t -> {
        throw new IllegalStateException("no syscall handler plugged in");
    };
    private int nextPid = 2;
    private long instructionsRetired;
    /** The current task's instruction count when its slice began. */
    private long sliceStart;
    private long syscallCount;
    private Task current;
    private final Scheduler scheduler = new Scheduler(this);
    private final ProcessTree procs = new ProcessTree(this);
    private final Futex futex = new Futex(this);
    /** The one System V IPC namespace (message queues, semaphore sets). */
    private final IpcNamespace ipc = new IpcNamespace();
    private final ImageSource.Cache images = new ImageSource.Cache(ImageSource.Cache.DEFAULT_MAX_BYTES);

    private Kernel(KernelConfig config, GuestMemory mem, Function<GuestMemory, ExecutionEngine> engines, Vfs vfs,
            PrintStream log) {
        this.config = config;
        this.mem = mem;
        this.pages = PageAllocator.over(mem);
        pages.setNrTrimPages(config.nrTrimPages());
        this.user = new UserMemory(mem);
        this.engine = engines.apply(mem);
        this.vfs = vfs;
        this.log = log;
        this.clock = new Clock(config.deterministic(), this::instructions);
        SplittableRandom root = new SplittableRandom(config.seed());
        this.atRandom = root.split();
        this.getrandom = root.split();
    }

    /** Creates a kernel over {@code mem}; {@code log} receives Flatland's own messages ("flatland: ..."). */
    public static Kernel create(KernelConfig config, GuestMemory mem, Function<GuestMemory, ExecutionEngine> engines,
            Vfs vfs, PrintStream log) {
        return new Kernel(config, mem, engines, vfs, log);
    }

    public void setSyscallHandler(SyscallHandler h) {
        this.syscalls = h;
    }

    public KernelConfig config() {
        return config;
    }

    public GuestMemory memory() {
        return mem;
    }

    public PageAllocator pages() {
        return pages;
    }

    public UserMemory userMemory() {
        return user;
    }

    /** The host and domain names guests see and may set. */
    public Uts uts() {
        return uts;
    }

    /** Open writers and running executables per file: the ETXTBSY rule. */
    public WriteAccess writeAccess() {
        return writeAccess;
    }

    public Vfs vfs() {
        return vfs;
    }

    public Clock clock() {
        return clock;
    }

    public PrintStream log() {
        return log;
    }

    /** The deterministic source of getrandom(2) bytes. */
    public SplittableRandom random() {
        return getrandom;
    }

    /** Instructions retired by every task so far (including the slice in flight). */
    public long instructions() {
        return instructionsRetired + (current == null ? 0 : current.cpu().instructions - sliceStart);
    }

    public long syscallCount() {
        return syscallCount;
    }

    /** The task whose syscall is being handled (null between slices). */
    public Task current() {
        return current;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public ProcessTree processes() {
        return procs;
    }

    public IpcNamespace ipc() {
        return ipc;
    }

    public Futex futex() {
        return futex;
    }

    /** Executable images read and parsed by execve, by file identity (path, inode, size, mtime, ctime). */
    public ImageSource.Cache images() {
        return images;
    }

    /** A new pid/tid (one number space for processes and threads, as in Linux). */
    int allocPid() {
        return nextPid++;
    }

    /** 16 fresh AT_RANDOM bytes for a new image (spawn or execve). */
    byte[] atRandomBytes() {
        byte[] random = new byte[16];
        atRandom.nextBytes(random);
        return random;
    }

    ExecutionEngine engine() {
        return engine;
    }

    /**
     * Creates the first process from {@code image}: a new mm and fd table, the program loaded and
     * its initial stack built; the caller installs fds 0..2. {@code execfn} is the path as given
     * (argv[0] is argv.get(0)); {@code exePath} the absolute path for /proc/self/exe.
     */
    public Task spawn(ImageSource image, String execfn, String exePath, java.util.List<byte[]> argv,
            java.util.List<byte[]> envp, String cwd) throws LoadException {
        Mm mm = new Mm(mem, pages, config.maxMapCount());
        ElfFile elf = ElfFile.parse(image, execfn);
        byte[] random = new byte[16];
        atRandom.nextBytes(random);
        ExecParams params = new ExecParams(argv, envp, execfn.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "x86_64", HWCAP, random, UID, GID);
        LoadedImage img;
        try {
            img = TaskExec.load(this, cwd, elf, mm, params);
        } catch (LoadException e) {
            mm.release();
            throw e;
        }
        mm.setLayout(img.stackStart(), img.stackEnd());
        try {
            // Its file is denied writing while it runs, as after any execve (ETXTBSY); a program read
            // from the host outside a --root has no guest file to deny.
            dev.flatland.abi.Stat st = vfs.stat(exePath, true);
            if (st.type() == dev.flatland.abi.Stat.S_IFREG) {
                mm.setExeFile(writeAccess, WriteAccess.Key.of(st));
            }
        } catch (dev.flatland.abi.ErrnoException e) {
            // not reachable through the VFS
        }
        int pid = nextPid++;
        ThreadGroup g = new ThreadGroup(pid, 1, mm, new FdTable(), cwd);
        String base = execfn.substring(execfn.lastIndexOf('/') + 1);
        g.setProgram(base, exePath, img.symbols());
        g.setArgs(argv, envp);
        Task t = new Task(this, g, pid, engine);
        g.tasks().add(t);
        procs.addGroup(g, null, 0);
        scheduler.add(t);
        t.cpu().rip = img.entry();
        t.cpu().r[dev.flatland.cpu.CpuState.RSP] = img.rsp();
        // The x86-64 ABI leaves RDX = 0 (no rtld fini) at process entry; ELF_PLAT_INIT clears the rest.
        return t;
    }

    /**
     * Runs {@code first}'s process, and every task it creates, until it exits; returns how it
     * ended. Tasks take turns on this thread ({@link Scheduler}); a deadlock is reported and ends
     * the run with SIGKILL. Tasks still alive when the first process ends are killed.
     */
    public ExitStatus run(Task first) {
        long deadline = config.timeoutNanos() > 0 ? System.nanoTime() + config.timeoutNanos() : 0;
        runDeadline = deadline;
        ThreadGroup g = first.group();
        try {
            while (!g.exited()) {
                Task t = scheduler.next();
                if (t == null) {
                    log.println(scheduler.deadlockReport());
                    log.println("flatland: killing every process with SIGKILL");
                    exitGroup(g, ExitStatus.killed(Signal.SIGKILL));
                    break;
                }
                current = t;
                if (deadline != 0 && System.nanoTime() - deadline > 0) {
                    log.println("flatland: " + g.comm() + "[" + g.tgid() + "] timed out after "
                            + config.timeoutNanos() / 1_000_000_000L + " s (--timeout); killed by SIGKILL");
                    killGroup(g, Signal.SIGKILL);
                    break;
                }
                sliceStart = t.cpu().instructions;
                Trap trap = engine.run(t.cpu(), config.budget());
                instructionsRetired += t.cpu().instructions - sliceStart;
                sliceStart = t.cpu().instructions;
                // An instanceof chain, syscalls first: this runs once per guest syscall, and a
                // pattern switch over the sealed Trap goes through an invokedynamic type switch.
                if (trap == Trap.SYSCALL || trap instanceof Trap.Syscall) {
                    long nr = t.cpu().r[dev.flatland.cpu.CpuState.RAX];
                    syscallCount++;
                    syscalls.syscall(t);
                    returnToUser(t, nr);
                } else if (trap instanceof Trap.Fault f) {
                    fault(t, f);
                } else {
                    returnToUser(t, -1);   // Trap.BudgetExhausted
                }
                current = null;
            }
        } finally {
            current = null;
        }
        syscalls.shutdown();
        procs.shutdown();
        return g.exitStatus();
    }

    /** The host-time --timeout deadline of the current run (0: none); sleeping waits give up at it. */
    private long runDeadline;

    boolean pastRunDeadline() {
        return runDeadline != 0 && System.nanoTime() - runDeadline > 0;
    }

    /** A synchronous fault: force_sig_fault resets SIG_IGN and unblocks, so without a handler it kills. */
    private void fault(Task t, Trap.Fault f) {
        ThreadGroup g = t.group();
        if (SignalDelivery.fault(t, f)) {
            return; // the guest's handler runs
        }
        if (config.strace()) {
            log.println(CrashReport.straceSignal(f));
        }
        log.println(CrashReport.line(g, t.tid(), f, mem));
        killGroup(g, f.signal());
    }

    /** Queues {@code sig} for {@code t} as kill(2) from the process itself would (SI_USER). */
    void sendSignal(Task t, int sig) {
        SignalDelivery.send(t, dev.flatland.abi.SigInfo.fromSender(sig, dev.flatland.abi.SigInfo.SI_USER,
                t.group().tgid(), UID));
    }

    /** Acts on pending unblocked signals (handlers, default actions) before {@code t} runs again. */
    void deliverPending(Task t) {
        returnToUser(t, -1);
    }

    /**
     * exit_to_user_mode: fires expired interval timers, then delivers signals. {@code syscallNr} is the
     * syscall just completed (for -ERESTART* handling) or -1.
     */
    private void returnToUser(Task t, long syscallNr) {
        if (t.exited() || scheduler.isParked(t)) {
            return; // a parked task returns to user mode only when the scheduler wakes it
        }
        t.group().timers().poll(this, t);
        if (procs.terminals().isEmpty() && nothingToDeliver(t, syscallNr)) {
            return;   // the common case, e.g. every getppid: SignalDelivery.deliver would change nothing
        }
        SignalDelivery.deliver(t, syscallNr);
    }

    /**
     * True when {@link SignalDelivery#deliver} would do nothing for {@code t}: no unblocked signal is
     * pending, no sigsuspend mask is to be restored, rt_sigreturn left no no-restart mark, no
     * CLD_CONTINUED report waits for the group to run again, and the
     * syscall's result (RAX) is no -ERESTART* code (ERESTARTSYS 512 .. ERESTART_RESTARTBLOCK 516)
     * for the restart logic to turn into a restart or EINTR.
     */
    private static boolean nothingToDeliver(Task t, long syscallNr) {
        TaskSignals s = t.signals();
        if ((t.pending() & ~t.blocked()) != 0 || s.restoreMask || s.noRestart || t.group().cldContinued) {
            return false;
        }
        if (syscallNr < 0) {
            return true;
        }
        long rax = t.cpu().r[dev.flatland.cpu.CpuState.RAX];
        return rax < -516 || rax > -512;
    }

    private final java.util.Set<String> loggedOnce = new java.util.HashSet<>();

    /** Prints {@code line} to Flatland's log the first time {@code key} is seen. */
    public void logOnce(String key, String line) {
        if (loggedOnce.add(key)) {
            log.println(line);
        }
    }

    /** Ends every thread of {@code g} as if killed by {@code sig} (strace's "+++ killed by" line with --strace). */
    public void killGroup(ThreadGroup g, int sig) {
        if (config.strace() && !g.exited()) {
            log.println("+++ killed by " + Signal.name(sig) + " +++");
        }
        exitGroup(g, ExitStatus.killed(sig));
    }

    void exitThread(Task t, int code) {
        t.markExited();
        procs.taskExited(t);
        boolean allGone = t.group().tasks().stream().allMatch(Task::exited);
        if (allGone) {
            exitGroup(t.group(), ExitStatus.exited(code));
        }
    }

    void exitGroup(ThreadGroup g, ExitStatus s) {
        ipc.exitSem(g);   // SEM_UNDO adjustments (ipc/sem.c exit_sem), once: the list is emptied
        g.setExitStatus(s);
        for (Task t : g.tasks()) {
            t.markExited();
        }
        procs.groupExited(g);
    }
}
