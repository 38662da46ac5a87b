package dev.flatland.kernel;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.Fcntl;
import dev.flatland.vfs.OpenFile;
import dev.flatland.vfs.Poll;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An epoll instance (fs/eventpoll.c): the interest list keyed by (file, fd). Readiness is checked
 * when waited for, not pushed by wake-up callbacks: a level-triggered item is reported while its
 * file is ready; an edge-triggered one (EPOLLET) when it is ready and its file's
 * {@link OpenFile#pollSeq()} moved since it was last reported (the wake-up Linux would have queued);
 * EPOLLONESHOT disables an item after one report until EPOLL_CTL_MOD. An item whose fd no longer
 * names its file is dropped, as Linux drops it when the file's last reference closes.
 */
public final class Epoll extends AnonInodeFile {
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;

    private final Map<Key, Item> items = new LinkedHashMap<>();

    private record Key(OpenFile file, int fd) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.file == file && k.fd == fd;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(file) * 31 + fd;
        }
    }

    private static final class Item {
        int events;
        long data;
        boolean disabled;
        long lastSeq = Long.MIN_VALUE;
    }

    /** One reported event: the revents and the user's data. */
    public record Event(int events, long data) {
    }

    public Epoll(int flags) {
        super(Fcntl.O_RDWR | (flags & Fcntl.O_CLOEXEC), "eventpoll");
    }

    /** epoll_ctl for an already validated target (file_can_poll, not this instance). */
    public void ctl(int op, int fd, OpenFile file, int events, long data) throws ErrnoException {
        Key k = new Key(file, fd);
        Item it = items.get(k);
        switch (op) {
            case EPOLL_CTL_ADD -> {
                if (it != null) {
                    throw new ErrnoException(Errno.EEXIST);
                }
                if (file instanceof Epoll e && e.watches(this)) {
                    throw new ErrnoException(Errno.ELOOP);
                }
                it = new Item();
                it.events = events;
                it.data = data;
                items.put(k, it);
            }
            case EPOLL_CTL_MOD -> {
                if (it == null) {
                    throw new ErrnoException(Errno.ENOENT);
                }
                if ((events & Poll.EPOLLEXCLUSIVE) != 0 || (it.events & Poll.EPOLLEXCLUSIVE) != 0) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                it.events = events;
                it.data = data;
                it.disabled = false;
                it.lastSeq = Long.MIN_VALUE;
            }
            case EPOLL_CTL_DEL -> {
                if (items.remove(k) == null) {
                    throw new ErrnoException(Errno.ENOENT);
                }
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
    }

    /** True when {@code other} is this instance or is reachable through the items (a loop). */
    private boolean watches(Epoll other) {
        if (other == this) {
            return true;
        }
        for (Key k : items.keySet()) {
            if (k.file instanceof Epoll e && e.watches(other)) {
                return true;
            }
        }
        return false;
    }

    /**
     * ep_send_events: up to {@code max} ready items in interest-list order; consumes edge and
     * one-shot state only for the items reported. {@code fds} drops items whose fd was closed.
     */
    public List<Event> collect(FdTable fds, int max) {
        List<Event> out = new ArrayList<>();
        var iter = items.entrySet().iterator();
        while (iter.hasNext() && out.size() < max) {
            var e = iter.next();
            Key k = e.getKey();
            Item it = e.getValue();
            if (fds != null && !names(fds, k)) {
                iter.remove();
                continue;
            }
            if (it.disabled) {
                continue;
            }
            int rev = k.file.poll() & (it.events | Poll.POLLERR | Poll.POLLHUP);
            if (rev == 0) {
                continue;
            }
            if ((it.events & Poll.EPOLLET) != 0) {
                long s = k.file.pollSeq();
                if (s == it.lastSeq) {
                    continue;
                }
                it.lastSeq = s;
            }
            if ((it.events & Poll.EPOLLONESHOT) != 0) {
                it.disabled = true;
            }
            out.add(new Event(rev, it.data));
        }
        return out;
    }

    private static boolean names(FdTable fds, Key k) {
        try {
            return fds.get(k.fd) == k.file;
        } catch (ErrnoException e) {
            return false;
        }
    }

    /** True when some item's file waits on the host (the host's stdin). */
    public boolean pollsHost() {
        for (Key k : items.keySet()) {
            if (k.file.pollsHost()) {
                return true;
            }
        }
        return false;
    }

    /** The earliest timerfd expiry among the items (CLOCK_MONOTONIC), or 0. */
    public long wakeAt() {
        long w = 0;
        for (Key k : items.keySet()) {
            long x = k.file instanceof TimerFd tf ? tf.wakeAt() : k.file instanceof Epoll ep ? ep.wakeAt() : 0;
            if (x != 0 && (w == 0 || x < w)) {
                w = x;
            }
        }
        return w;
    }

    /** An epoll file is readable when an item is ready (ep_eventpoll_poll), without consuming edges. */
    @Override
    public int poll() {
        for (var e : items.entrySet()) {
            Item it = e.getValue();
            if (!it.disabled && (e.getKey().file.poll() & (it.events | Poll.POLLERR | Poll.POLLHUP)) != 0
                    && ((it.events & Poll.EPOLLET) == 0 || e.getKey().file.pollSeq() != it.lastSeq)) {
                return Poll.POLLIN | Poll.POLLRDNORM;
            }
        }
        return 0;
    }



}
