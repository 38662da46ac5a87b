package dev.flatland.fs.hostfs;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/** Maps java.nio exceptions to the errno the host's syscall returned. */
final class HostErrors {
    private HostErrors() {
    }

    static ErrnoException of(IOException e) {
        Errno errno = switch (e) {
            case NoSuchFileException x -> Errno.ENOENT;
            case AccessDeniedException x -> Errno.EACCES;
            case FileAlreadyExistsException x -> Errno.EEXIST;
            case NotDirectoryException x -> Errno.ENOTDIR;
            case DirectoryNotEmptyException x -> Errno.ENOTEMPTY;
            case NotLinkException x -> Errno.EINVAL;
            case FileSystemLoopException x -> Errno.ELOOP;
            case FileSystemException x -> byReason(x.getReason());
            default -> byReason(e.getMessage());
        };
        return new ErrnoException(errno, String.valueOf(e.getMessage()));
    }

    /** The UnixException reason is strerror() text; match the common ones. */
    private static Errno byReason(String reason) {
        if (reason == null) {
            return Errno.EIO;
        }
        String r = reason.toLowerCase(java.util.Locale.ROOT);
        if (r.contains("is a directory")) {
            return Errno.EISDIR;
        } else if (r.contains("not a directory")) {
            return Errno.ENOTDIR;
        } else if (r.contains("too many levels of symbolic links")) {
            return Errno.ELOOP;
        } else if (r.contains("file name too long")) {
            return Errno.ENAMETOOLONG;
        } else if (r.contains("permission denied")) {
            return Errno.EACCES;
        } else if (r.contains("operation not permitted")) {
            return Errno.EPERM;
        } else if (r.contains("no such file")) {
            return Errno.ENOENT;
        } else if (r.contains("read-only file system")) {
            return Errno.EROFS;
        } else if (r.contains("no space left")) {
            return Errno.ENOSPC;
        } else if (r.contains("invalid argument")) {
            return Errno.EINVAL;
        } else if (r.contains("bad file descriptor")) {
            return Errno.EBADF;
        } else if (r.contains("file exists")) {
            return Errno.EEXIST;
        } else if (r.contains("too many open files")) {
            return Errno.EMFILE;
        } else if (r.contains("file too large")) {
            return Errno.EFBIG;   // past the host file system's s_maxbytes (ftruncate/pwrite far out)
        }
        return Errno.EIO;
    }
}
