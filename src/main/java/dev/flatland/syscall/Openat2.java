package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Stat;
import dev.flatland.kernel.Task;
import dev.flatland.vfs.FileNames;
import dev.flatland.vfs.Mount;
import dev.flatland.vfs.OpenFile;
import dev.flatland.vfs.Vfs;
import java.util.ArrayDeque;

/**
 * openat2(dirfd, path, how, size) (fs/open.c) with struct open_how {u64 flags; u64 mode; u64
 * resolve;}. The checks are build_open_how's and build_open_flags's, in their order; the walk is
 * fs/namei.c's with the RESOLVE_* scoping: this class walks the path itself, component by
 * component on canonical names (Vfs.stat without follow, Vfs.readlink), enforcing the restrictions,
 * and hands the open a path with every link it followed already resolved; the open itself is
 * openat's (FileSyscalls.openResolved). Magic links are /proc/PID/{exe,cwd,root,fd/N} (and the
 * same under task/TID), which Linux jumps through with nd_jump_link. RESOLVE_CACHED: Flatland has
 * no dentry cache to miss, so every lookup counts as cached; only the opens that Linux never tries
 * from the cache (O_CREAT, O_TRUNC, O_TMPFILE) answer EAGAIN.
 */
final class Openat2 {
    private Openat2() {
    }

    static final int OPEN_HOW_SIZE_VER0 = 24;
    private static final int PAGE_SIZE = 4096;
    static final long RESOLVE_NO_XDEV = 0x01;
    static final long RESOLVE_NO_MAGICLINKS = 0x02;
    static final long RESOLVE_NO_SYMLINKS = 0x04;
    static final long RESOLVE_BENEATH = 0x08;
    static final long RESOLVE_IN_ROOT = 0x10;
    static final long RESOLVE_CACHED = 0x20;
    private static final long VALID_RESOLVE_FLAGS = 0x3f;
    /** VALID_OPEN_FLAGS (x86-64): access mode, O_CREAT..O_NOATIME, O_CLOEXEC, __O_SYNC, O_PATH, __O_TMPFILE. */
    static final long VALID_OPEN_FLAGS = 0x7fffc3L;
    private static final long S_IALLUGO = 07777;

    static long openat2(Task t, SyscallArgs a) throws ErrnoException {
        int dirfd = a.fd(0);
        long pathPtr = a.ptr(1);
        long howPtr = a.ptr(2);
        long usize = a.raw(3);
        if (Long.compareUnsigned(usize, OPEN_HOW_SIZE_VER0) < 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (Long.compareUnsigned(usize, PAGE_SIZE) > 0) {
            throw new ErrnoException(Errno.E2BIG);
        }
        // copy_struct_from_user: a longer struct must have a zero tail (E2BIG), EFAULT first.
        if (usize > OPEN_HOW_SIZE_VER0) {
            for (byte x : t.userMemory().copyIn(howPtr + OPEN_HOW_SIZE_VER0, (int) usize - OPEN_HOW_SIZE_VER0)) {
                if (x != 0) {
                    throw new ErrnoException(Errno.E2BIG);
                }
            }
        }
        long flags = t.userMemory().read64(howPtr);
        long mode = t.userMemory().read64(howPtr + 8);
        long resolve = t.userMemory().read64(howPtr + 16);
        if ((flags & Fcntl.O_PATH) == 0) {
            flags |= Fcntl.O_LARGEFILE;                       // force_o_largefile
        }
        checkHow(flags, mode, resolve);
        String path = Paths.read(t, pathPtr);
        if (path.isEmpty()) {
            throw new ErrnoException(Errno.ENOENT);
        }
        t.fds().checkFree();                                 // get_unused_fd_flags comes before the walk
        boolean excl = (flags & (Fcntl.O_CREAT | Fcntl.O_EXCL)) == (Fcntl.O_CREAT | Fcntl.O_EXCL);
        boolean followLast = (flags & Fcntl.O_NOFOLLOW) == 0 && !excl;
        String resolved = new Walk(t, resolve).run(dirfd, path, followLast);
        return FileSyscalls.openResolved(t, t.kernel().vfs().walkParent(resolved), (int) flags, (int) mode);
    }

    /** build_open_flags: what openat2 rejects that openat ignores, in Linux's order. */
    private static void checkHow(long flags, long mode, long resolve) throws ErrnoException {
        long f = flags & ~(long) Fcntl.O_CLOEXEC;
        if ((f & ~VALID_OPEN_FLAGS) != 0 || (resolve & ~VALID_RESOLVE_FLAGS) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((resolve & RESOLVE_BENEATH) != 0 && (resolve & RESOLVE_IN_ROOT) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        boolean willCreate = (f & (Fcntl.O_CREAT | FileSyscalls.O_TMPFILE_BIT)) != 0;
        if (willCreate ? (mode & ~S_IALLUGO) != 0 : mode != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((f & (Fcntl.O_DIRECTORY | Fcntl.O_CREAT)) == (Fcntl.O_DIRECTORY | Fcntl.O_CREAT)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((f & FileSyscalls.O_TMPFILE_BIT) != 0
                && ((f & Fcntl.O_DIRECTORY) == 0 || (f & Fcntl.O_ACCMODE) == Fcntl.O_RDONLY)) {
            throw new ErrnoException(Errno.EINVAL);   // O_TMPFILE needs O_DIRECTORY and MAY_WRITE
        }
        if ((f & Fcntl.O_PATH) != 0 && (f & ~(long) FileSyscalls.O_PATH_FLAGS) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((resolve & RESOLVE_CACHED) != 0 && (f & (Fcntl.O_TRUNC | Fcntl.O_CREAT | FileSyscalls.O_TMPFILE_BIT)) != 0) {
            throw new ErrnoException(Errno.EAGAIN);
        }
    }

    /**
     * One scoped walk (path_init, link_path_walk, handle_dots, step_into, pick_link): {@code cur} is
     * the canonical global path reached so far, {@code root} the scope's root ("/", or the dirfd's
     * directory with RESOLVE_BENEATH / RESOLVE_IN_ROOT).
     */
    private static final class Walk {
        private final Task t;
        private final Vfs vfs;
        private final long resolve;
        private String root = "/";
        private String cur;
        private int links;

        Walk(Task t, long resolve) {
            this.t = t;
            this.vfs = t.kernel().vfs();
            this.resolve = resolve;
        }

        private boolean has(long bit) {
            return (resolve & bit) != 0;
        }

        private boolean scoped() {
            return has(RESOLVE_BENEATH) || has(RESOLVE_IN_ROOT);
        }

        private static ErrnoException err(Errno e) {
            return new ErrnoException(e);
        }

        /** The path to open: canonical up to the last component, which is left as found (or followed). */
        String run(int dirfd, String path, boolean followLast) throws ErrnoException {
            boolean absolute = path.startsWith("/");
            if (absolute && !has(RESOLVE_IN_ROOT)) {
                if (has(RESOLVE_BENEATH)) {
                    throw err(Errno.EXDEV);                      // nd_jump_root
                }
                cur = "/";
            } else if (dirfd == Fcntl.AT_FDCWD) {
                cur = t.group().cwd();
            } else {
                OpenFile dir = t.fds().get(dirfd);
                String p = dir.path();
                if (p == null || !dir.stat().isDirectory()) {
                    throw err(Errno.ENOTDIR);
                }
                cur = p;
            }
            if (scoped()) {
                root = cur;
            }
            ArrayDeque<String> todo = new ArrayDeque<>();
            push(todo, path);
            boolean trailingSlash = path.endsWith("/");
            boolean lastDot = false;
            while (!todo.isEmpty()) {
                String c = todo.pollFirst();
                boolean isLast = todo.isEmpty();
                lastDot = false;
                if (c.equals(".")) {
                    lastDot = true;
                    continue;
                }
                if (c.equals("..")) {
                    dotdot();
                    lastDot = true;
                    continue;
                }
                if (c.length() * 3 > Vfs.NAME_MAX && FileNames.encode(c).length > Vfs.NAME_MAX) {
                    throw err(Errno.ENAMETOOLONG);
                }
                String next = cur.equals("/") ? "/" + c : cur + "/" + c;
                if (has(RESOLVE_NO_XDEV) && vfs.mountOf(next) != vfs.mountOf(cur)) {
                    throw err(Errno.EXDEV);                      // traverse_mounts
                }
                Stat st;
                try {
                    st = vfs.stat(next, false);
                } catch (ErrnoException e) {
                    if (isLast && e.errno() == Errno.ENOENT) {
                        return next + (trailingSlash ? "/" : "");
                    }
                    throw e;
                }
                if (st.type() == Stat.S_IFLNK && (!isLast || followLast || trailingSlash)) {
                    String target = link(next);
                    if (target == null) {
                        // a magic link with no path (a pipe, a socket): the open resolves it itself
                        if (!isLast) {
                            throw err(Errno.ENOTDIR);
                        }
                        return next;
                    }
                    pushFront(todo, target);
                    continue;
                }
                if (!isLast && !st.isDirectory()) {
                    throw err(Errno.ENOTDIR);
                }
                cur = next;
            }
            if (lastDot) {
                return cur.equals("/") ? "/." : cur + "/.";
            }
            return cur + (trailingSlash && !cur.equals("/") ? "/" : "");
        }

        /** handle_dots / follow_dotdot: ".." at the scope's root stays (EXDEV with BENEATH). */
        private void dotdot() throws ErrnoException {
            if (cur.equals(root)) {
                if (has(RESOLVE_BENEATH)) {
                    throw err(Errno.EXDEV);
                }
                return;
            }
            if (has(RESOLVE_NO_XDEV) && vfs.mountOf(cur).point().equals(cur)) {
                throw err(Errno.EXDEV);                          // leaving a mount's root
            }
            int slash = cur.lastIndexOf('/');
            cur = slash <= 0 ? "/" : cur.substring(0, slash);
        }

        /**
         * pick_link for the link at {@code at}: the text to walk next (an absolute one has moved
         * {@code cur} to the scope's root already), or null for a magic link without a path.
         */
        private String link(String at) throws ErrnoException {
            if (has(RESOLVE_NO_SYMLINKS)) {
                throw err(Errno.ELOOP);
            }
            if (++links > Vfs.MAXSYMLINKS) {
                throw err(Errno.ELOOP);
            }
            String text = FileNames.decode(vfs.readlink(at));
            if (magic(at)) {
                // nd_jump_link: NO_MAGICLINKS, then NO_XDEV across mounts, then any scoped lookup
                if (has(RESOLVE_NO_MAGICLINKS)) {
                    throw err(Errno.ELOOP);
                }
                if (!text.startsWith("/")) {
                    if (has(RESOLVE_NO_XDEV) || scoped()) {
                        throw err(Errno.EXDEV);
                    }
                    return null;
                }
                if (has(RESOLVE_NO_XDEV) && vfs.mountOf(text) != vfs.mountOf(at)) {
                    throw err(Errno.EXDEV);
                }
                if (scoped()) {
                    throw err(Errno.EXDEV);
                }
                cur = "/";
                return text;
            }
            if (text.isEmpty()) {
                throw err(Errno.ENOENT);
            }
            if (text.startsWith("/")) {
                // nd_jump_root: BENEATH refuses; NO_XDEV refuses a jump to another mount's root
                if (has(RESOLVE_BENEATH)) {
                    throw err(Errno.EXDEV);
                }
                if (has(RESOLVE_NO_XDEV) && vfs.mountOf(cur) != vfs.mountOf(root)) {
                    throw err(Errno.EXDEV);
                }
                cur = root;
            }
            return text;
        }

        /** /proc/PID/{exe,cwd,root}, /proc/PID/fd/N and the same under /proc/PID/task/TID. */
        private boolean magic(String at) {
            Mount m = vfs.mountOf(at);
            if (!m.fs().type().equals("proc")) {
                return false;
            }
            String rel = m.point().equals("/") ? at.substring(1) : at.substring(Math.min(at.length(), m.point().length() + 1));
            String[] p = rel.split("/");
            int i = 0;
            if (p.length > 2 && p[1].equals("task")) {
                i = 2;                                            // PID/task/TID/...
            }
            int n = p.length - i;
            if (n == 2) {
                return p[i + 1].equals("exe") || p[i + 1].equals("cwd") || p[i + 1].equals("root");
            }
            return n == 3 && p[i + 1].equals("fd");
        }

        private static void push(ArrayDeque<String> todo, String path) {
            for (String s : path.split("/")) {
                if (!s.isEmpty()) {
                    todo.addLast(s);
                }
            }
        }

        private static void pushFront(ArrayDeque<String> todo, String path) {
            String[] parts = path.split("/");
            for (int i = parts.length - 1; i >= 0; i--) {
                if (!parts[i].isEmpty()) {
                    todo.addFirst(parts[i]);
                }
            }
        }
    }
}
