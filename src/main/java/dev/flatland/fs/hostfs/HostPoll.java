package dev.flatland.fs.hostfs;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * A non-blocking readiness check of a host fd: the host's poll(2) with a zero timeout through the
 * FFM linker. It sees what java.io cannot: a pipe whose writer has gone (POLLHUP) is readable
 * (read returns end of file). Where the linker or poll is unavailable, {@link #revents} is -1.
 */
final class HostPoll {
    private static final MethodHandle POLL;

    static {
        MethodHandle poll = null;
        try {
            Linker linker = Linker.nativeLinker();
            poll = linker.defaultLookup().find("poll").map(s -> linker.downcallHandle(s,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT))).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            poll = null;   // no native access: callers fall back to java.io
        }
        POLL = poll;
    }

    private HostPoll() {
    }

    /** The host's revents for {@code events} on {@code fd} right now, or -1 when it cannot be asked. */
    static int revents(int fd, int events) {
        if (POLL == null) {
            return -1;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment pfd = a.allocate(8, 4);   // struct pollfd { int fd; short events; short revents; }
            pfd.set(ValueLayout.JAVA_INT, 0, fd);
            pfd.set(ValueLayout.JAVA_SHORT, 4, (short) events);
            int n = (int) POLL.invokeExact(pfd, 1L, 0);
            return n < 0 ? -1 : pfd.get(ValueLayout.JAVA_SHORT, 6) & 0xffff;
        } catch (Throwable e) {
            return -1;
        }
    }
}
