package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Signal;
import dev.flatland.cpu.CpuState;
import dev.flatland.loader.ElfFile;
import dev.flatland.loader.ElfLoader;
import dev.flatland.loader.ExecParams;
import dev.flatland.loader.ImageSource;
import dev.flatland.loader.LoadException;
import dev.flatland.loader.LoadedImage;
import dev.flatland.vfs.OpenFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * execve on nommu (fs/exec.c with binfmt_script and the ELF loader): the file is read through the
 * VFS; a {@code #!} script runs its interpreter (with the optional single argument, then the script
 * path, then argv[1..]); an ELF image is loaded into a fresh {@link Mm}. Only after the load
 * succeeded is the old image given up: the group switches to the new mm (the old one is released
 * unless a vfork parent still uses it), other threads end, close-on-exec fds close, caught signals
 * reset to SIG_DFL, and a vfork parent wakes.
 */
public final class TaskExec {
    /** BINPRM_BUF_SIZE: how much of a script's first line the kernel looks at. */
    static final int BINPRM_BUF_SIZE = 256;
    /** How many interpreters may be nested (fs/exec.c: bprm->interp_depth limit 4 -> ELOOP). */
    static final int MAX_INTERP_DEPTH = 4;

    private TaskExec() {
    }

    /**
     * Replaces {@code t}'s program. {@code path} is the absolute path (already resolved,
     * /proc/self/exe translated), {@code execfn} the path as the caller gave it.
     */
    public static void execve(Task t, String path, String execfn, List<byte[]> argv, List<byte[]> envp)
            throws ErrnoException {
        execve(t, path, execfn, argv, envp, 0);
    }

    /**
     * {@code execfn} and the comm stay those of the file execve was given through "#!" interpreters
     * (binfmt_script changes bprm->interp only: AT_EXECFN is bprm->filename, and begin_new_exec sets
     * comm from its basename), so a script's process is called by the script's name.
     */
    private static void execve(Task t, String path, String execfn, List<byte[]> argv, List<byte[]> envp, int depth)
            throws ErrnoException {
        execve(t, path, execfn, argv, envp, depth, path.substring(path.lastIndexOf('/') + 1), execfn);
    }

    /** {@code interpName}: bprm->interp, the name a "#!" line puts in argv (the previous interpreter's when nested). */
    private static void execve(Task t, String path, String execfn, List<byte[]> argv, List<byte[]> envp, int depth,
            String comm, String interpName) throws ErrnoException {
        Kernel k = t.kernel();
        dev.flatland.vfs.Vfs.Resolved file = k.vfs().resolveFile(path);
        WriteAccess.Key exeKey = WriteAccess.Key.of(file.stat());
        k.writeAccess().checkExec(exeKey);   // open_exec's deny_write_access: ETXTBSY while open for writing
        ImageSource.Image cached = readImage(k, path, file);
        byte[] image = cached.bytes();
        if (image.length >= 2 && image[0] == '#' && image[1] == '!') {
            if (depth >= MAX_INTERP_DEPTH) {
                throw new ErrnoException(Errno.ELOOP);
            }
            String[] interp = parseShebang(image);
            List<byte[]> args = new ArrayList<>();
            args.add(interp[0].getBytes(StandardCharsets.UTF_8));
            if (interp[1] != null) {
                args.add(interp[1].getBytes(StandardCharsets.UTF_8));
            }
            args.add(interpName.getBytes(StandardCharsets.UTF_8));
            args.addAll(argv.subList(Math.min(1, argv.size()), argv.size()));
            String ipath = dev.flatland.vfs.Vfs.resolve(t.group().cwd(), interp[0]);
            execve(t, ipath, execfn, args, envp, depth + 1, comm, interp[0]);
            return;
        }
        Mm mm = new Mm(k.memory(), k.pages(), k.config().maxMapCount());
        LoadedImage img;
        try {
            ElfFile elf = cached.elf(path);
            ExecParams params = new ExecParams(argv, envp, execfn.getBytes(StandardCharsets.UTF_8), "x86_64",
                    Kernel.HWCAP, k.atRandomBytes(), t.group().credentials().ruid(), t.group().credentials().rgid());
            img = load(k, t.group().cwd(), elf, mm, params);
        } catch (LoadException e) {
            mm.release();
            // An ELF file that cannot run here (ET_EXEC, needs MAP_FIXED, ...) deserves a line in the log;
            // a file that is no executable at all, or whose interpreter is missing or bad, fails quietly
            // with the errno MMU Linux gives too.
            boolean elf = image.length >= 4 && image[0] == 0x7f && image[1] == 'E' && image[2] == 'L' && image[3] == 'F';
            if (elf && !e.sameOnMmu()) {
                k.log().println("flatland: " + t.group().comm() + "[" + t.group().tgid() + "]: execve " + execfn + ": "
                        + e.getMessage() + " (" + e.errno().name() + ")");
            }
            throw new ErrnoException(e.errno());
        }
        mm.setLayout(img.stackStart(), img.stackEnd());
        mm.setExeFile(k.writeAccess(), exeKey);
        // Point of no return (begin_new_exec).
        ThreadGroup g = t.group();
        for (Task other : List.copyOf(g.tasks())) {
            if (other != t && !other.exited()) {
                other.markExited();
                k.processes().taskExited(other);
            }
        }
        g.tasks().removeIf(x -> x != t);
        k.processes().switchMm(g, mm);
        g.clearMembarrierRegistered();
        String base = comm;   // the name execve was given (the script's, through "#!")
        String exe = file.canonical();   // /proc/PID/exe: the file itself, links resolved
        g.setProgram(base, exe, img.symbols());
        // x86-64 set_personality_64bit clears READ_IMPLIES_EXEC; Flatland has no set-id exec, so
        // PER_CLEAR_ON_SETID is never applied (begin_new_exec applies it only then).
        t.setPersonality(t.personality() & ~0x0400000);
        g.setArgs(argv, envp);
        g.fds().closeOnExec();
        // de_thread's unshare_sighand: dispositions shared by CLONE_SIGHAND become the process's own;
        // caught signals are reset to SIG_DFL.
        g.setSignals(execSignalActions(g.signals()));
        t.setClearChildTid(0);
        t.setAltStack(0, 0, Signal.SS_DISABLE);
        CpuState c = t.cpu();
        c.copyFrom(new CpuState());
        c.rip = img.entry();
        c.r[CpuState.RSP] = img.rsp();
        k.processes().vforkDone(g);
    }

    /**
     * Loads {@code elf} into {@code mm}; for a dynamically linked program first opens its PT_INTERP
     * interpreter through the VFS (so --root and mounts apply; relative to {@code cwd} as open_exec
     * would) and checks it. A missing interpreter is ENOENT (as execve gives), one that cannot be
     * read like a program (EACCES, ...) keeps its errno, a malformed one is ELIBBAD.
     */
    static LoadedImage load(Kernel k, String cwd, ElfFile elf, Mm mm, ExecParams params) throws LoadException {
        String name = elf.interpreter();
        if (name == null) {
            return ElfLoader.load(elf, k.memory(), mm, params);
        }
        String execfn = new String(params.execfn(), StandardCharsets.UTF_8);
        byte[] interp;
        try {
            String ipath = dev.flatland.vfs.Vfs.resolve(cwd, name);
            interp = readImage(k, ipath, k.vfs().resolveFile(ipath)).bytes();
        } catch (ErrnoException e) {
            throw new LoadException(e.errno(), execfn + ": cannot open its ELF interpreter " + name + ": "
                    + e.errno().description() + (e.errno() == Errno.ENOENT
                    ? "; install it, or rebuild the program with -static-pie" : ""), true);
        }
        ElfFile ie = ElfFile.parseInterpreter(ImageSource.of(interp), name);
        return ElfLoader.load(elf, ie, k.memory(), mm, params);
    }

    /** The file's bytes and parsed headers, from the kernel's image cache while the file is unchanged. */
    private static ImageSource.Image readImage(Kernel k, String path, dev.flatland.vfs.Vfs.Resolved file)
            throws ErrnoException {
        dev.flatland.abi.Stat st = file.stat();
        if (st.isDirectory() || (st.mode() & 0170000) != 0100000) {
            throw new ErrnoException(Errno.EACCES);
        }
        file.access(Fcntl.X_OK);
        if (k.vfs().noExec(path)) {
            throw new ErrnoException(Errno.EACCES);   // do_open_execat: path_noexec
        }
        ImageSource.Key key = new ImageSource.Key(path, st.dev(), st.ino(), st.size(),
                st.mtimeSec() * 1_000_000_000L + st.mtimeNsec(), st.ctimeSec() * 1_000_000_000L + st.ctimeNsec());
        return k.images().get(key, () -> readFile(k, path));
    }

    private static byte[] readFile(Kernel k, String path) throws ErrnoException {
        OpenFile f = k.vfs().open(path, Fcntl.O_RDONLY, 0);
        try {
            long size = f.stat().size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new ErrnoException(Errno.ENOMEM);
            }
            byte[] b = new byte[(int) size];
            int off = 0;
            while (off < b.length) {
                int n = f.pread(b, off, b.length - off, off);
                if (n <= 0) {
                    break;
                }
                off += n;
            }
            return off == b.length ? b : java.util.Arrays.copyOf(b, off);
        } finally {
            f.put();
        }
    }

    /**
     * binfmt_script: the first line (at most BINPRM_BUF_SIZE bytes) after "#!", blanks trimmed;
     * the interpreter is the first word and everything after the following blanks is one optional
     * argument. An empty interpreter is ENOEXEC.
     */
    static String[] parseShebang(byte[] image) throws ErrnoException {
        int end = 2;
        int lim = Math.min(image.length, BINPRM_BUF_SIZE);
        while (end < lim && image[end] != '\n') {
            end++;
        }
        String line = new String(image, 2, end - 2, StandardCharsets.UTF_8).replace('\t', ' ').strip();
        if (line.isEmpty()) {
            throw new ErrnoException(Errno.ENOEXEC);
        }
        int sp = line.indexOf(' ');
        if (sp < 0) {
            return new String[] {line, null};
        }
        String arg = line.substring(sp + 1).strip();
        return new String[] {line.substring(0, sp), arg.isEmpty() ? null : arg};
    }

    /**
     * The dispositions after exec: a copy of {@code old} in which every caught signal is SIG_DFL
     * (SIG_IGN and SIG_DFL entries are kept). Only the entries that differ from the default are set,
     * so the common exec (no handlers) allocates one table and nothing else.
     */
    static SignalActions execSignalActions(SignalActions old) throws ErrnoException {
        SignalActions own = new SignalActions();
        for (int sig = 1; sig <= Signal.NSIG; sig++) {
            if (sig == Signal.SIGKILL || sig == Signal.SIGSTOP) {
                continue;   // always default, cannot be set
            }
            SignalActions.Action a = old.get(sig);
            if (a.handler() != Signal.SIG_DFL && a.handler() != Signal.SIG_IGN) {
                continue;   // a caught signal: the fresh table's default stays
            }
            if (!a.equals(SignalActions.Action.DEFAULT)) {
                own.set(sig, a);
            }
        }
        return own;
    }
}
