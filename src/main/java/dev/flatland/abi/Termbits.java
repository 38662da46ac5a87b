package dev.flatland.abi;

/**
 * Terminal UAPI: struct termios flags, c_cc indices and the tty ioctl numbers
 * (include/uapi/asm-generic/termbits.h, termbits-common.h, ioctls.h; x86-64 uses the generic ones).
 */
public final class Termbits {
    /** sizeof(struct termios) as TCGETS copies it (c_iflag..c_cc[NCCS=19]). */
    public static final int TERMIOS_SIZE = 36;
    public static final int NCCS = 19;
    /** Offsets in struct termios. */
    public static final int C_IFLAG = 0;
    public static final int C_OFLAG = 4;
    public static final int C_CFLAG = 8;
    public static final int C_LFLAG = 12;
    public static final int C_LINE = 16;
    public static final int C_CC = 17;

    public static final int VINTR = 0;
    public static final int VQUIT = 1;
    public static final int VERASE = 2;
    public static final int VKILL = 3;
    public static final int VEOF = 4;
    public static final int VTIME = 5;
    public static final int VMIN = 6;
    public static final int VSWTC = 7;
    public static final int VSTART = 8;
    public static final int VSTOP = 9;
    public static final int VSUSP = 10;
    public static final int VEOL = 11;
    public static final int VREPRINT = 12;
    public static final int VDISCARD = 13;
    public static final int VWERASE = 14;
    public static final int VLNEXT = 15;
    public static final int VEOL2 = 16;

    public static final int IGNBRK = 0x1;
    public static final int BRKINT = 0x2;
    public static final int IGNPAR = 0x4;
    public static final int PARMRK = 0x8;
    public static final int INPCK = 0x10;
    public static final int ISTRIP = 0x20;
    public static final int INLCR = 0x40;
    public static final int IGNCR = 0x80;
    public static final int ICRNL = 0x100;
    public static final int IUCLC = 0x200;
    public static final int IXON = 0x400;
    public static final int IXANY = 0x800;
    public static final int IXOFF = 0x1000;
    public static final int IMAXBEL = 0x2000;
    public static final int IUTF8 = 0x4000;

    public static final int OPOST = 0x1;
    public static final int OLCUC = 0x2;
    public static final int ONLCR = 0x4;
    public static final int OCRNL = 0x8;
    public static final int ONOCR = 0x10;
    public static final int ONLRET = 0x20;

    public static final int B38400 = 0xf;
    public static final int CS8 = 0x30;
    public static final int CREAD = 0x80;
    public static final int HUPCL = 0x400;

    public static final int ISIG = 0x1;
    public static final int ICANON = 0x2;
    public static final int ECHO = 0x8;
    public static final int ECHOE = 0x10;
    public static final int ECHOK = 0x20;
    public static final int ECHONL = 0x40;
    public static final int NOFLSH = 0x80;
    public static final int TOSTOP = 0x100;
    public static final int ECHOCTL = 0x200;
    public static final int ECHOPRT = 0x400;
    public static final int ECHOKE = 0x800;
    public static final int IEXTEN = 0x8000;

    public static final int TCGETS = 0x5401;
    public static final int TCSETS = 0x5402;
    public static final int TCSETSW = 0x5403;
    public static final int TCSETSF = 0x5404;
    public static final int TCSBRK = 0x5409;
    public static final int TCXONC = 0x540a;
    public static final int TCFLSH = 0x540b;
    public static final int TIOCSCTTY = 0x540e;
    public static final int TIOCGPGRP = 0x540f;
    public static final int TIOCSPGRP = 0x5410;
    public static final int TIOCOUTQ = 0x5411;
    public static final int TIOCGWINSZ = 0x5413;
    public static final int TIOCSWINSZ = 0x5414;
    public static final int FIONREAD = 0x541b;
    public static final int TIOCNOTTY = 0x5422;
    public static final int TIOCGSID = 0x5429;
    public static final int TIOCGPTN = 0x80045430;
    public static final int TIOCSPTLCK = 0x40045431;
    public static final int TIOCGPTPEER = 0x5441;
    /** TCFLSH arguments. */
    public static final int TCIFLUSH = 0;
    public static final int TCOFLUSH = 1;
    public static final int TCIOFLUSH = 2;

    private Termbits() {
    }
}
