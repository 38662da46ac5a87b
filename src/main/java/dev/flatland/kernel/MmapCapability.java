package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Mman;
import dev.flatland.abi.Stat;
import dev.flatland.vfs.DirectMappable;
import dev.flatland.vfs.OpenFile;

/**
 * The file part of nommu's validate_mmap_request (mm/nommu.c): which ways a file can be mapped
 * (NOMMU_MAP_COPY, NOMMU_MAP_DIRECT, include/linux/fs.h) and the errnos when none fits.
 * Capabilities by file: a regular file on a disk file system can only be copied; a tmpfs file
 * ({@link DirectMappable}, ramfs's capabilities) can be copied or mapped in place with any
 * protection; /dev/zero is copied as zeros (zero_mmap_capabilities); files with no mmap operation
 * (pipes, directories, other devices) are ENODEV; sockets have one but are neither regular files nor
 * devices, so EINVAL.
 */
final class MmapCapability {
    /** NOMMU_MAP_COPY: the mapping may be a private copy. */
    static final int COPY = 0x1;
    /** NOMMU_MAP_DIRECT: the file's pages can be mapped in place. */
    static final int DIRECT = 0x8;
    /** Flatland's marker for /dev/zero: the copy is zeros, nothing is read. */
    static final int ZERO = 0x1000;

    /** /dev/zero is char device 1:5 (Documentation/admin-guide/devices.txt). */
    private static final long DEV_ZERO = Stat.encodeDev(1, 5);

    private MmapCapability() {
    }

    /**
     * Returns the capabilities left for a mapping of {@code file} with {@code prot} and map
     * {@code type}, or throws: ENODEV (no mmap operation; MAP_SHARED without DIRECT; private without
     * COPY), EINVAL (an inode type with no default capabilities), EACCES (not open for reading;
     * MAP_SHARED with PROT_WRITE on a descriptor not open for writing).
     */
    static int validate(OpenFile file, int prot, int type) throws ErrnoException {
        Stat st = file.stat();
        int caps;
        switch (st.type()) {
            case Stat.S_IFREG -> caps = file instanceof DirectMappable ? COPY | DIRECT : COPY;
            case Stat.S_IFCHR -> {
                if (st.rdev() != DEV_ZERO) {
                    throw new ErrnoException(Errno.ENODEV, "the device has no mmap operation");
                }
                caps = COPY | ZERO;
            }
            case Stat.S_IFSOCK -> throw new ErrnoException(Errno.EINVAL, "no nommu mmap capabilities for a socket");
            default -> throw new ErrnoException(Errno.ENODEV, "no mmap operation for this file type");
        }
        if (!file.readable()) {
            throw new ErrnoException(Errno.EACCES);
        }
        if (type == Mman.MAP_SHARED) {
            if ((prot & Mman.PROT_WRITE) != 0 && !file.writable()) {
                throw new ErrnoException(Errno.EACCES);
            }
            if ((caps & DIRECT) == 0) {
                throw new ErrnoException(Errno.ENODEV, "MAP_SHARED needs NOMMU_MAP_DIRECT");
            }
            caps &= ~COPY;     // shared mappings are never privatised
        } else {
            if ((caps & COPY) == 0) {
                throw new ErrnoException(Errno.ENODEV);
            }
            if ((prot & Mman.PROT_WRITE) != 0) {
                caps &= ~DIRECT;   // a private writable mapping never shares the backing pages
            }
        }
        if ((prot & Mman.PROT_EXEC) != 0 && file.mount() != null && file.mount().noExec()) {
            throw new ErrnoException(Errno.EPERM, "PROT_EXEC mapping of a file on a noexec mount");   // path_noexec
        }
        return caps;
    }
}
