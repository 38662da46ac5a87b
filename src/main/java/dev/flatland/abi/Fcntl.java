package dev.flatland.abi;

/** Open flags and *at constants (include/uapi/asm-generic/fcntl.h, linux/fcntl.h), x86-64 values. */
public final class Fcntl {
    private Fcntl() {
    }

    public static final int O_ACCMODE = 0x3;
    public static final int O_RDONLY = 0x0;
    public static final int O_WRONLY = 0x1;
    public static final int O_RDWR = 0x2;
    public static final int O_CREAT = 0x40;
    public static final int O_EXCL = 0x80;
    public static final int O_NOCTTY = 0x100;
    public static final int O_TRUNC = 0x200;
    public static final int O_APPEND = 0x400;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_DSYNC = 0x1000;
    public static final int O_DIRECT = 0x4000;
    public static final int O_LARGEFILE = 0x8000;
    public static final int O_DIRECTORY = 0x10000;
    public static final int O_NOFOLLOW = 0x20000;
    public static final int O_NOATIME = 0x40000;
    public static final int O_CLOEXEC = 0x80000;
    public static final int O_PATH = 0x200000;
    /** The user-space O_TMPFILE: __O_TMPFILE (0x400000) | O_DIRECTORY. */
    public static final int O_TMPFILE = 0x410000;

    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_EACCESS = 0x200;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int AT_SYMLINK_FOLLOW = 0x400;
    public static final int AT_NO_AUTOMOUNT = 0x800;
    public static final int AT_EMPTY_PATH = 0x1000;

    public static final int F_OK = 0;
    public static final int X_OK = 1;
    public static final int W_OK = 2;
    public static final int R_OK = 4;

    public static final int SEEK_SET = 0;
    public static final int SEEK_CUR = 1;
    public static final int SEEK_END = 2;
    public static final int SEEK_DATA = 3;
    public static final int SEEK_HOLE = 4;

    public static final int F_DUPFD = 0;
    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int FD_CLOEXEC = 1;

    /** include/uapi/linux/limits.h */
    public static final int PATH_MAX = 4096;

    /** Terminal ioctls (include/uapi/asm-generic/ioctls.h). */
    public static final int TCGETS = 0x5401;
    public static final int TCSETS = 0x5402;
    public static final int TIOCGPGRP = 0x540f;
    public static final int TIOCGWINSZ = 0x5413;
    public static final int TIOCSWINSZ = 0x5414;
    public static final int FIONREAD = 0x541b;
    public static final int FIONBIO = 0x5421;
    public static final int FIONCLEX = 0x5450;
    public static final int FIOCLEX = 0x5451;

    /** Sizes of the kernel's struct termios (36 bytes: 4 flags, c_line, c_cc[19]) and struct winsize. */
    public static final int TERMIOS_SIZE = 36;
    public static final int WINSIZE_SIZE = 8;
}
