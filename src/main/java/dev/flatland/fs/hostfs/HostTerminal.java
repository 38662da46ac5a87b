package dev.flatland.fs.hostfs;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Terminal questions about the host's fds 0..2, answered by the host C library through FFM
 * (isatty, ioctl TCGETS/TIOCGWINSZ), so that the guest's isatty() matches a native run. Where FFM
 * or the symbols are unavailable every answer is "not a terminal".
 */
public final class HostTerminal {
    private static final MethodHandle ISATTY;
    private static final MethodHandle IOCTL;

    static {
        MethodHandle isatty = null;
        MethodHandle ioctl = null;
        try {
            Linker linker = Linker.nativeLinker();
            var lookup = linker.defaultLookup();
            isatty = lookup.find("isatty").map(s -> linker.downcallHandle(s,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT))).orElse(null);
            ioctl = lookup.find("ioctl").map(s -> linker.downcallHandle(s,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                            ValueLayout.ADDRESS), Linker.Option.firstVariadicArg(2))).orElse(null);
        } catch (Throwable t) {   // no native access on this JVM: behave as if nothing is a terminal
            isatty = null;
            ioctl = null;
        }
        ISATTY = isatty;
        IOCTL = ioctl;
    }

    private HostTerminal() {
    }

    /** isatty(3) on the host's {@code fd}. */
    public static boolean isatty(int fd) {
        if (ISATTY == null) {
            return false;
        }
        try {
            return (int) ISATTY.invokeExact(fd) == 1;
        } catch (Throwable t) {
            return false;
        }
    }

    /** Runs a reading ioctl on host {@code fd}; returns {@code size} result bytes, or null on failure. */
    public static byte[] ioctlRead(int fd, long request, int size) {
        if (IOCTL == null) {
            return null;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(size, 64));
            int r = (int) IOCTL.invokeExact(fd, request, buf);
            return r < 0 ? null : buf.asSlice(0, size).toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable t) {
            return null;
        }
    }
}
