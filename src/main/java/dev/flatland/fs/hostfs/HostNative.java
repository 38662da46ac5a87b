package dev.flatland.fs.hostfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * The host calls java.nio has no counterpart for, through the FFM linker with errno captured:
 * statfs(2), renameat2(2), mknod(2) and fchmodat(2). Each is optional: where the linker or the symbol is missing
 * (no native access), {@link #available} is false for it and the caller keeps its java.nio
 * approximation. Paths are host paths the caller has confined already; none of these calls follows a
 * last-component symbolic link (rename and mknod never do; statfs is called on directories and files
 * the VFS has resolved).
 */
final class HostNative {
    static final int STATFS = 0;
    static final int RENAMEAT2 = 1;
    static final int MKNOD = 2;
    static final int FCHMODAT = 3;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;

    private static final MethodHandle[] CALLS = new MethodHandle[4];
    private static final MemoryLayout STATE;
    private static final VarHandle ERRNO;

    static {
        MemoryLayout state = null;
        VarHandle errno = null;
        try {
            Linker linker = Linker.nativeLinker();
            Linker.Option capture = Linker.Option.captureCallState("errno");
            state = Linker.Option.captureStateLayout();
            errno = state.varHandle(MemoryLayout.PathElement.groupElement("errno"));
            var lookup = linker.defaultLookup();
            CALLS[STATFS] = lookup.find("statfs").map(s -> linker.downcallHandle(s,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS), capture))
                    .orElse(null);
            CALLS[RENAMEAT2] = lookup.find("renameat2").map(s -> linker.downcallHandle(s,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), capture)).orElse(null);
            CALLS[MKNOD] = lookup.find("mknod").map(s -> linker.downcallHandle(s,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_LONG), capture)).orElse(null);
            CALLS[FCHMODAT] = lookup.find("fchmodat").map(s -> linker.downcallHandle(s,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), capture)).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            java.util.Arrays.fill(CALLS, null);   // no native access: every caller falls back
        }
        STATE = state;
        ERRNO = errno;
    }

    private HostNative() {
    }

    static boolean available(int call) {
        return CALLS[call] != null && STATE != null;
    }

    /** statfs(2) of a host path: the 120-byte struct statfs as the host kernel filled it. */
    static byte[] statfs(Path p) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            MemorySegment buf = a.allocate(120, 8);
            int r = (int) CALLS[STATFS].invokeExact(st, a.allocateFrom(p.toString()), buf);
            check(r, st);
            return buf.toArray(ValueLayout.JAVA_BYTE);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable e) {
            throw new ErrnoException(Errno.EIO, e.toString());
        }
    }

    /** renameat2(2) between two host paths with RENAME_* flags. */
    static void renameat2(Path from, Path to, int flags) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            int r = (int) CALLS[RENAMEAT2].invokeExact(st, AT_FDCWD, a.allocateFrom(from.toString()), AT_FDCWD,
                    a.allocateFrom(to.toString()), flags);
            check(r, st);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable e) {
            throw new ErrnoException(Errno.EIO, e.toString());
        }
    }

    /** mknod(2) of a host path (the caller allows only FIFOs). */
    static void mknod(Path p, int mode, long dev) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            int r = (int) CALLS[MKNOD].invokeExact(st, a.allocateFrom(p.toString()), mode, dev);
            check(r, st);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable e) {
            throw new ErrnoException(Errno.EIO, e.toString());
        }
    }

    /**
     * fchmodat(AT_FDCWD, p, mode, AT_SYMLINK_NOFOLLOW): changes the mode without opening the file
     * (a FIFO would block) and without following a last-component link (EOPNOTSUPP for a link).
     */
    static void fchmodat(Path p, int mode) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            int r = (int) CALLS[FCHMODAT].invokeExact(st, AT_FDCWD, a.allocateFrom(p.toString()), mode,
                    AT_SYMLINK_NOFOLLOW);
            check(r, st);
        } catch (ErrnoException e) {
            throw e;
        } catch (Throwable e) {
            throw new ErrnoException(Errno.EIO, e.toString());
        }
    }

    private static void check(int r, MemorySegment state) throws ErrnoException {
        if (r == 0) {
            return;
        }
        int e = (int) ERRNO.get(state, 0L);
        for (Errno x : Errno.values()) {
            if (x.number() == e) {
                throw new ErrnoException(x);
            }
        }
        throw new ErrnoException(Errno.EIO, "host errno " + e);
    }
}
