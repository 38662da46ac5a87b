package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Mman;
import dev.flatland.kernel.Task;
import dev.flatland.memory.GuestMemory;
import dev.flatland.vfs.OpenFile;

/** mmap, munmap, mremap, brk, mprotect (mm/nommu.c; the rules live in kernel.Mm). */
final class MemorySyscalls {
    private MemorySyscalls() {
    }

    /** arch sys_mmap: offset alignment (EINVAL), then the fd (EBADF), then do_mmap. */
    static long mmap(Task t, SyscallArgs a) throws ErrnoException {
        long off = a.offT(5);
        if ((off & (GuestMemory.PAGE_SIZE - 1)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int flags = a.int32(3);
        OpenFile file = null;
        if ((flags & Mman.MAP_ANONYMOUS) == 0) {
            file = t.fds().get(a.fd(4));
        }
        return t.mm().mmap(a.ptr(0), a.sizeT(1), a.int32(2), flags, file, off, null);
    }

    static long munmap(Task t, SyscallArgs a) throws ErrnoException {
        t.mm().munmap(a.ptr(0), a.sizeT(1));
        return 0;
    }

    static long mremap(Task t, SyscallArgs a) throws ErrnoException {
        return t.mm().mremap(a.ptr(0), a.sizeT(1), a.sizeT(2), a.int32(3), a.ptr(4));
    }

    static long brk(Task t, SyscallArgs a) throws ErrnoException {
        return t.mm().brk(a.ptr(0));
    }

    /**
     * nommu has no mprotect (ENOSYS). The --compat glibc deviation returns 0 after MMU Linux's
     * argument checks, without enforcing anything, so glibc's RELRO step succeeds.
     */
    static long mprotect(Task t, SyscallArgs a) throws ErrnoException {
        if (!t.kernel().config().glibcCompat()) {
            throw new ErrnoException(Errno.ENOSYS);
        }
        t.mm().checkProtect(a.ptr(0), a.sizeT(1), a.int32(2));
        return 0;
    }
}
