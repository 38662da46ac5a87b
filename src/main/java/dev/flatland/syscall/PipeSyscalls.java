package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.kernel.Pipe;
import dev.flatland.kernel.Task;
import dev.flatland.vfs.OpenFile;

/** pipe and pipe2: an in-kernel {@link Pipe}, two descriptors written to int[2]. */
final class PipeSyscalls {
    static final int O_DIRECT = 0x4000;

    private PipeSyscalls() {
    }

    static long pipe(Task t, SyscallArgs a) throws ErrnoException {
        return make(t, a.ptr(0), 0);
    }

    /** pipe2: flags other than O_CLOEXEC, O_NONBLOCK, O_DIRECT are EINVAL (fs/pipe.c __do_pipe_flags). */
    static long pipe2(Task t, SyscallArgs a) throws ErrnoException {
        int flags = a.int32(1);
        if ((flags & ~(Fcntl.O_CLOEXEC | Fcntl.O_NONBLOCK | O_DIRECT)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        return make(t, a.ptr(0), flags);
    }

    private static long make(Task t, long fdsp, int flags) throws ErrnoException {
        t.userMemory().checkRange(fdsp, 8);
        OpenFile[] ends = Pipe.create(t.kernel(), flags);
        boolean cloexec = (flags & Fcntl.O_CLOEXEC) != 0;
        int r;
        try {
            r = t.fds().install(ends[0], cloexec, 0);
        } catch (ErrnoException e) {
            ends[0].put();
            ends[1].put();
            throw e;
        }
        int w;
        try {
            w = t.fds().install(ends[1], cloexec, 0);
        } catch (ErrnoException e) {
            t.fds().close(r);
            ends[1].put();
            throw e;
        }
        t.userMemory().write32(fdsp, r);
        t.userMemory().write32(fdsp + 4, w);
        return 0;
    }
}
