package dev.flatland.vfs;

/**
 * poll(2)/epoll(7) event bits (include/uapi/asm-generic/poll.h, include/uapi/linux/eventpoll.h;
 * the EPOLL* values are the POLL* ones) and the masks fs/select.c uses for select(2).
 */
public final class Poll {
    public static final int POLLIN = 0x1;
    public static final int POLLPRI = 0x2;
    public static final int POLLOUT = 0x4;
    public static final int POLLERR = 0x8;
    public static final int POLLHUP = 0x10;
    public static final int POLLNVAL = 0x20;
    public static final int POLLRDNORM = 0x40;
    public static final int POLLRDBAND = 0x80;
    public static final int POLLWRNORM = 0x100;
    public static final int POLLWRBAND = 0x200;
    public static final int POLLRDHUP = 0x2000;
    /** DEFAULT_POLLMASK: what a file without a poll operation reports (always ready). */
    public static final int DEFAULT_POLLMASK = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
    /** fs/select.c POLLIN_SET, POLLOUT_SET, POLLEX_SET: the events that make a select(2) bit. */
    public static final int POLLIN_SET = POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR;
    public static final int POLLOUT_SET = POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR;
    public static final int POLLEX_SET = POLLPRI;
    public static final int EPOLLEXCLUSIVE = 1 << 28;
    public static final int EPOLLWAKEUP = 1 << 29;
    public static final int EPOLLONESHOT = 1 << 30;
    public static final int EPOLLET = 1 << 31;

    private Poll() {
    }
}
