package dev.flatland.kernel;

import dev.flatland.loader.Symbols;
import java.util.ArrayList;
import java.util.List;

/**
 * A process (Linux: the thread group led by its first task): pid, mm, fd table, signal
 * dispositions, working directory, program identity and exit status. Threads share all of it.
 */
public final class ThreadGroup {
    private final int tgid;
    private int ppid;
    private Mm mm;
    private final FdTable fds;
    /** The dispositions (sighand_struct): shared with another process after clone(CLONE_SIGHAND). */
    private SignalActions signals = new SignalActions();
    private final ITimers timers = new ITimers();
    private final List<Task> tasks = new ArrayList<>();
    private String cwd;
    private String comm;
    private String exePath;
    private Symbols symbols = Symbols.none();
    private ExitStatus exitStatus;
    private int umask = 022;
    private long robustList;
    private List<byte[]> argv = List.of();
    private List<byte[]> envp = List.of();
    private boolean membarrierRegistered;
    private Credentials creds = Credentials.root();
    /** The thread that created this process (Linux real_parent); null for the first process. */
    private Task parentThread;
    private boolean dumpable = true;
    private boolean noNewPrivs;
    private RLimits rlimits = new RLimits();
    /** SEM_UNDO adjustments (struct sem_undo_list); null until the first SEM_UNDO semop. */
    private SemSet.Undo semUndo;

    ThreadGroup(int tgid, int ppid, Mm mm, FdTable fds, String cwd) {
        this.tgid = tgid;
        this.ppid = ppid;
        this.mm = mm;
        this.fds = fds;
        this.cwd = cwd;
    }

    /** The SysV semaphore undo list, or null when the process never used SEM_UNDO. */
    public SemSet.Undo semUndo() {
        return semUndo;
    }

    /** The undo list, created on first use. */
    public SemSet.Undo semUndoCreate() {
        if (semUndo == null) {
            semUndo = new SemSet.Undo();
        }
        return semUndo;
    }

    /** The process's resource limits (shared by its threads). */
    public RLimits rlimits() {
        return rlimits;
    }

    void setRlimits(RLimits r) {
        this.rlimits = r;
    }

    /**
     * Whether the process holds CAP_SYS_RESOURCE/CAP_SYS_ADMIN: with Linux's default capability
     * rules, exactly when its effective uid is 0 ({@link Credentials#privileged}).
     */
    public boolean privileged() {
        return creds.privileged();
    }

    /** Whether membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) was called (Linux keeps it in the mm). */
    public boolean membarrierRegistered() {
        return membarrierRegistered;
    }

    public void setMembarrierRegistered() {
        membarrierRegistered = true;
    }

    /** execve gives the process a new mm, which is not registered. */
    void clearMembarrierRegistered() {
        membarrierRegistered = false;
    }

    public int tgid() {
        return tgid;
    }

    public int ppid() {
        return ppid;
    }

    void setPpid(int ppid) {
        this.ppid = ppid;
    }

    void setMm(Mm mm) {
        this.mm = mm;
    }

    public Mm mm() {
        return mm;
    }

    public FdTable fds() {
        return fds;
    }

    public SignalActions signals() {
        return signals;
    }

    /** Uses {@code s} as this process's dispositions: shared (CLONE_SIGHAND) or a fresh copy (execve). */
    void setSignals(SignalActions s) {
        this.signals = s;
    }

    /** The interval timers (setitimer, alarm). */
    public ITimers timers() {
        return timers;
    }

    public List<Task> tasks() {
        return tasks;
    }

    /** The working directory, absolute and normalised. */
    public String cwd() {
        return cwd;
    }

    public void setCwd(String cwd) {
        this.cwd = cwd;
    }

    /** The command name (task->comm: the basename of the program, at most 15 bytes). */
    public String comm() {
        return comm;
    }

    /** The absolute host path of the executable (/proc/self/exe). */
    public String exePath() {
        return exePath;
    }

    public Symbols symbols() {
        return symbols;
    }

    void setProgram(String comm, String exePath, Symbols symbols) {
        this.comm = comm.length() > 15 ? comm.substring(0, 15) : comm;
        this.exePath = exePath;
        this.symbols = symbols;
    }

    /** argv as passed to execve (/proc/PID/cmdline). */
    public List<byte[]> argv() {
        return argv;
    }

    /** envp as passed to execve (/proc/PID/environ). */
    public List<byte[]> envp() {
        return envp;
    }

    void setArgs(List<byte[]> argv, List<byte[]> envp) {
        this.argv = List.copyOf(argv);
        this.envp = List.copyOf(envp);
    }

    /** The file-creation mask (umask(2)). */
    public int umask() {
        return umask;
    }

    public void setUmask(int m) {
        umask = m & 0777;
    }

    /** The robust futex list head (set_robust_list; per thread in Linux, one thread here). */
    public long robustList() {
        return robustList;
    }

    public void setRobustList(long head) {
        robustList = head;
    }

    /** Non-null once the whole group has exited. */
    public ExitStatus exitStatus() {
        return exitStatus;
    }

    public boolean exited() {
        return exitStatus != null;
    }

    void setExitStatus(ExitStatus s) {
        if (exitStatus == null) {
            exitStatus = s;
        }
    }
    // ---- Job control (kernel/sys.c setpgid/setsid, kernel/signal.c group stop) ----

    private int pgid;
    private int sid;
    /** PF_FORKNOEXEC cleared: the process has execed since it was created (setpgid's EACCES). */
    private boolean didExec;
    /** The session's controlling terminal (signal->tty), or null. */
    private Tty ctty;
    /** SIGNAL_STOP_STOPPED: every task of the group is stopped until SIGCONT or SIGKILL. */
    private boolean jobStopped;
    /** group_exit_code of a stop not yet reported to wait (WUNTRACED); 0 when none. */
    private int stopReport;
    /** SIGNAL_STOP_CONTINUED: a continue not yet reported to wait (WCONTINUED). */
    private boolean continueReport;

    /** The process group id. */
    public int pgid() {
        return pgid;
    }

    /** The session id. */
    public int sid() {
        return sid;
    }

    void setPgid(int pgid) {
        this.pgid = pgid;
    }

    void setSid(int sid) {
        this.sid = sid;
    }

    /** True for a session leader (signal->leader). */
    public boolean sessionLeader() {
        return sid == tgid;
    }

    boolean didExec() {
        return didExec;
    }

    void markExec() {
        didExec = true;
    }

    /** The controlling terminal of the session, or null. */
    public Tty ctty() {
        return ctty;
    }

    void setCtty(Tty tty) {
        ctty = tty;
    }

    /** True while the group is stopped by a job-control signal. */
    public boolean jobStopped() {
        return jobStopped;
    }

    void setJobStopped(boolean stopped) {
        jobStopped = stopped;
    }

    /** The signal of the current or last job-control stop. */
    public int stopSignal() {
        return stopSignal;
    }

    private int stopSignal;

    int stopReport() {
        return stopReport;
    }

    void setStopReport(int sig) {
        stopReport = sig;
        if (sig != 0) {
            stopSignal = sig;
        }
    }

    boolean continueReport() {
        return continueReport;
    }

    void setContinueReport(boolean c) {
        continueReport = c;
    }

    /**
     * SIGNAL_CLD_CONTINUED: the group was continued and its parent is not told yet; the first of
     * its tasks to pass through signal delivery sends CLD_CONTINUED (get_signal).
     */
    boolean cldContinued;

    /** The process's identity (uid/gid family). */
    public Credentials credentials() {
        return creds;
    }

    void setCredentials(Credentials c) {
        this.creds = c;
    }

    /**
     * The parent thread (real_parent): its exit sends PR_SET_PDEATHSIG signals even while the parent
     * process lives on, and hands this child to another of its threads (forget_original_parent).
     */
    Task parentThread() {
        return parentThread;
    }

    void setParentThread(Task t) {
        this.parentThread = t;
    }

    /** prctl(PR_GET_DUMPABLE/PR_SET_DUMPABLE). */
    public boolean dumpable() {
        return dumpable;
    }

    public void setDumpable(boolean d) {
        this.dumpable = d;
    }

    /** prctl(PR_SET_NO_NEW_PRIVS): once set it stays set, across clone and execve. */
    public boolean noNewPrivs() {
        return noNewPrivs;
    }

    public void setNoNewPrivs() {
        this.noNewPrivs = true;
    }

    /** prctl(PR_SET_NAME): the new command name, cut to 15 bytes as task->comm is. */
    public void setComm(String name) {
        this.comm = name.length() > 15 ? name.substring(0, 15) : name;
    }
}
