package dev.flatland.syscall;

import dev.flatland.abi.Errno;
import dev.flatland.abi.Fcntl;
import dev.flatland.abi.Mman;
import dev.flatland.abi.Signal;
import dev.flatland.memory.UserMemory;

/**
 * Formats a syscall as strace(1) prints it: {@code name(args...) = result}, strings quoted and
 * escaped (at most 32 bytes, then "..."), flags decoded, errors as {@code -1 ENOENT (No such file
 * or directory)}. The argument format letters are documented on {@link SyscallTable}.
 */
final class Strace {
    static final int MAX_STRING = 32;
    static final int RESULT_COLUMN = 40;

    private Strace() {
    }

    static String format(SyscallTable.Entry e, long nr, SyscallArgs a, long ret, boolean returned, UserMemory um) {
        StringBuilder sb = new StringBuilder();
        String fmt = e == null ? "" : e.args();
        if (e == null || e.name() == null) {
            sb.append("syscall_0x").append(Long.toHexString(nr)).append('(');
            for (int i = 0; i < 6; i++) {
                sb.append(i == 0 ? "" : ", ").append("0x").append(Long.toHexString(a.raw(i)));
            }
        } else {
            sb.append(e.name()).append('(');
            if (e.handler() == null) {
                fmt = "xxx";   // unimplemented: the first three registers
            }
            for (int i = 0; i < fmt.length(); i++) {
                if (fmt.charAt(i) == 'O' && (a.raw(i - 1) & (Fcntl.O_CREAT | Fcntl.O_TMPFILE & ~Fcntl.O_DIRECTORY)) == 0) {
                    continue;   // strace shows the mode only when open can create
                }
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(arg(fmt.charAt(i), i, a, ret, um));
            }
        }
        sb.append(')');
        // strace aligns the result at column 40 (its default -a 40)
        sb.append(sb.length() < RESULT_COLUMN ? " ".repeat(RESULT_COLUMN - sb.length()) : " ").append("= ");
        if (!returned) {
            sb.append('?');
        } else if (ret < 0 && ret >= -4095) {
            Errno err = Errno.of((int) -ret);
            sb.append("-1 ").append(err == null ? "E" + -ret : err.name() + " (" + strerror(err) + ")");
        } else if (e != null && e.ret() == 'x') {
            sb.append("0x").append(Long.toHexString(ret));
        } else if (e != null && e.ret() == 'o') {
            sb.append('0').append(Long.toOctalString(ret));
        } else {
            sb.append(ret);
        }
        return sb.toString();
    }

    private static String arg(char f, int i, SyscallArgs a, long ret, UserMemory um) {
        long v = a.raw(i);
        return switch (f) {
            case 'd' -> Integer.toString((int) v);
            case 'D' -> Long.toString(v);
            case 'u' -> Long.toUnsignedString(v);
            case 'o', 'O' -> "0" + Long.toOctalString(v & 0xffff_ffffL);
            case 'p' -> v == 0 ? "NULL" : "0x" + Long.toHexString(v);
            case 'f' -> (int) v == Fcntl.AT_FDCWD ? "AT_FDCWD" : Integer.toString((int) v);
            case 's' -> string(um, v, Integer.MAX_VALUE, true);
            case 'b' -> string(um, v, (int) Math.min(a.raw(i + 1), Integer.MAX_VALUE), false);
            case 'B' -> ret >= 0 ? string(um, v, (int) Math.min(ret, Integer.MAX_VALUE), false) : pointer(v);
            case 'V' -> iovec(um, v, (int) a.raw(i + 1));
            case 'm' -> openFlags((int) v);
            case 'a' -> accessMode((int) v);
            case 'w' -> switch ((int) v) {
                case 0 -> "SEEK_SET";
                case 1 -> "SEEK_CUR";
                case 2 -> "SEEK_END";
                default -> Integer.toString((int) v);
            };
            case 'P' -> prot((int) v);
            case 'M' -> mapFlags((int) v);
            case 'R' -> flags((int) v, new String[] {"MREMAP_MAYMOVE", "MREMAP_FIXED", "MREMAP_DONTUNMAP"}, "0");
            case 'S' -> Signal.name((int) v);
            case 'G' -> sigset(um, v);
            case 'h' -> switch ((int) v) {
                case 0 -> "SIG_BLOCK";
                case 1 -> "SIG_UNBLOCK";
                case 2 -> "SIG_SETMASK";
                default -> Integer.toString((int) v);
            };
            case 'c' -> clock((int) v);
            case 'A' -> switch ((int) v) {
                case 0x1001 -> "ARCH_SET_GS";
                case 0x1002 -> "ARCH_SET_FS";
                case 0x1003 -> "ARCH_GET_FS";
                case 0x1004 -> "ARCH_GET_GS";
                default -> "0x" + Integer.toHexString((int) v);
            };
            case 'I' -> switch ((int) v) {
                case Fcntl.TCGETS -> "TCGETS";
                case Fcntl.TIOCGWINSZ -> "TIOCGWINSZ";
                case Fcntl.FIONBIO -> "FIONBIO";
                default -> "0x" + Integer.toHexString((int) v);
            };
            case 'F' -> switch ((int) v) {
                case Fcntl.F_DUPFD -> "F_DUPFD";
                case Fcntl.F_GETFD -> "F_GETFD";
                case Fcntl.F_SETFD -> "F_SETFD";
                case Fcntl.F_GETFL -> "F_GETFL";
                case Fcntl.F_SETFL -> "F_SETFL";
                case Fcntl.F_DUPFD_CLOEXEC -> "F_DUPFD_CLOEXEC";
                default -> Integer.toString((int) v);
            };
            case 'L' -> switch ((int) v) {
                case 3 -> "RLIMIT_STACK";
                case 7 -> "RLIMIT_NOFILE";
                case 9 -> "RLIMIT_AS";
                default -> Integer.toString((int) v);
            };
            case 'X' -> futexOp((int) v);
            default -> v == 0 ? "0" : "0x" + Long.toHexString(v);
        };
    }

    /** glibc's strerror text, which strace prints, where it differs from the kernel header comment. */
    static String strerror(Errno e) {
        return switch (e) {
            case EBADF -> "Bad file descriptor";
            case ENOTTY -> "Inappropriate ioctl for device";
            case ENOSYS -> "Function not implemented";
            case EAGAIN -> "Resource temporarily unavailable";
            case ENOMEM -> "Cannot allocate memory";
            case EIO -> "Input/output error";
            case ENFILE -> "Too many open files in system";
            case EMFILE -> "Too many open files";
            case ERANGE -> "Numerical result out of range";
            case EDOM -> "Numerical argument out of domain";
            case EXDEV -> "Invalid cross-device link";
            case EDEADLK -> "Resource deadlock avoided";
            case EOPNOTSUPP -> "Operation not supported";
            case ENOTEMPTY -> "Directory not empty";
            case ETIMEDOUT -> "Connection timed out";
            case ENOEXEC -> "Exec format error";
            default -> e.description();
        };
    }

    /** A sigset_t as strace prints it: [INT TERM], or ~[...] listing the absent signals of a fuller set. */
    static String sigset(UserMemory um, long addr) {
        if (addr == 0) {
            return "NULL";
        }
        byte[] raw = um.peekBytes(addr, 8);
        if (raw == null || raw.length < 8) {
            return "0x" + Long.toHexString(addr);
        }
        long set = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        boolean invert = Long.bitCount(set) > 32;
        long shown = invert ? ~set : set;
        StringBuilder sb = new StringBuilder(invert ? "~[" : "[");
        for (int sig = 1; sig <= Signal.NSIG; sig++) {
            if ((shown & Signal.bit(sig)) != 0) {
                String n = sig == Signal.SIGRTMIN ? "RTMIN" : Signal.name(sig).replaceFirst("^SIG", "");
                sb.append(sb.length() > (invert ? 2 : 1) ? " " : "").append(n);
            }
        }
        return sb.append(']').toString();
    }

    private static String pointer(long v) {
        return v == 0 ? "NULL" : "0x" + Long.toHexString(v);
    }

    /** A quoted, escaped string: a path (up to its NUL) or a buffer of {@code len} bytes. */
    static String string(UserMemory um, long addr, int len, boolean cstring) {
        if (addr == 0) {
            return "NULL";
        }
        int want = cstring ? MAX_STRING + 1 : Math.min(len, MAX_STRING);
        byte[] b = um.peekBytes(addr, want);
        if (b == null) {
            return "0x" + Long.toHexString(addr);
        }
        int n = b.length;
        boolean more = false;
        if (cstring) {
            int nul = 0;
            while (nul < n && b[nul] != 0) {
                nul++;
            }
            more = nul == n && n > MAX_STRING;
            n = Math.min(nul, MAX_STRING);
        } else {
            more = len > MAX_STRING;
        }
        return quote(b, n) + (more ? "..." : "");
    }

    static String quote(byte[] b, int n) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\f' -> sb.append("\\f");
                case 0x0b -> sb.append("\\v");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append((char) c);
                    } else {
                        // strace: octal, padded to 3 digits only when the next byte is an octal digit
                        boolean pad = i + 1 < n && b[i + 1] >= '0' && b[i + 1] <= '7';
                        String o = Integer.toOctalString(c);
                        sb.append('\\').append(pad ? "000".substring(o.length()) + o : o);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String iovec(UserMemory um, long addr, int cnt) {
        if (addr == 0) {
            return "NULL";
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.min(cnt, 8); i++) {
            byte[] raw = um.peekBytes(addr + 16L * i, 16);
            if (raw == null || raw.length < 16) {
                return "0x" + Long.toHexString(addr);
            }
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            long base = bb.getLong(0);
            long len = bb.getLong(8);
            sb.append(i == 0 ? "" : ", ").append("{iov_base=").append(string(um, base, (int) Math.min(len,
                    Integer.MAX_VALUE), false)).append(", iov_len=").append(len).append('}');
        }
        return sb.append(cnt > 8 ? ", ...]" : "]").toString();
    }

    static String openFlags(int v) {
        String acc = switch (v & Fcntl.O_ACCMODE) {
            case Fcntl.O_RDONLY -> "O_RDONLY";
            case Fcntl.O_WRONLY -> "O_WRONLY";
            case Fcntl.O_RDWR -> "O_RDWR";
            default -> "O_ACCMODE";
        };
        StringBuilder sb = new StringBuilder(acc);
        // strace 5.x's order, checked with strace on this host
        int[] bits = {Fcntl.O_CREAT, Fcntl.O_EXCL, Fcntl.O_NOCTTY, Fcntl.O_TRUNC, Fcntl.O_APPEND, Fcntl.O_NONBLOCK,
            Fcntl.O_DSYNC, Fcntl.O_DIRECT, Fcntl.O_LARGEFILE, Fcntl.O_NOFOLLOW, Fcntl.O_NOATIME, Fcntl.O_CLOEXEC,
            Fcntl.O_DIRECTORY, Fcntl.O_PATH};
        String[] names = {"O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND", "O_NONBLOCK", "O_DSYNC",
            "O_DIRECT", "O_LARGEFILE", "O_NOFOLLOW", "O_NOATIME", "O_CLOEXEC", "O_DIRECTORY", "O_PATH"};
        int rest = v & ~Fcntl.O_ACCMODE;
        for (int i = 0; i < bits.length; i++) {
            if ((rest & bits[i]) != 0) {
                sb.append('|').append(names[i]);
                rest &= ~bits[i];
            }
        }
        if (rest != 0) {
            sb.append("|0x").append(Integer.toHexString(rest));
        }
        return sb.toString();
    }

    private static String accessMode(int v) {
        if (v == 0) {
            return "F_OK";
        }
        StringBuilder sb = new StringBuilder();
        if ((v & Fcntl.R_OK) != 0) {
            sb.append("R_OK");
        }
        if ((v & Fcntl.W_OK) != 0) {
            sb.append(sb.isEmpty() ? "" : "|").append("W_OK");
        }
        if ((v & Fcntl.X_OK) != 0) {
            sb.append(sb.isEmpty() ? "" : "|").append("X_OK");
        }
        int rest = v & ~7;
        if (rest != 0) {
            sb.append(sb.isEmpty() ? "" : "|").append("0x").append(Integer.toHexString(rest));
        }
        return sb.toString();
    }

    static String prot(int v) {
        if (v == 0) {
            return "PROT_NONE";
        }
        return flags(v, new String[] {"PROT_READ", "PROT_WRITE", "PROT_EXEC"}, "PROT_NONE");
    }

    static String mapFlags(int v) {
        String type = switch (v & Mman.MAP_TYPE) {
            case Mman.MAP_SHARED -> "MAP_SHARED";
            case Mman.MAP_PRIVATE -> "MAP_PRIVATE";
            case Mman.MAP_SHARED_VALIDATE -> "MAP_SHARED_VALIDATE";
            default -> "0x" + Integer.toHexString(v & Mman.MAP_TYPE);
        };
        StringBuilder sb = new StringBuilder(type);
        int[] bits = {Mman.MAP_FIXED, Mman.MAP_ANONYMOUS, Mman.MAP_32BIT, Mman.MAP_GROWSDOWN, Mman.MAP_DENYWRITE,
            Mman.MAP_EXECUTABLE, Mman.MAP_LOCKED, Mman.MAP_NORESERVE, Mman.MAP_POPULATE, Mman.MAP_NONBLOCK,
            Mman.MAP_STACK, Mman.MAP_HUGETLB, Mman.MAP_SYNC, Mman.MAP_FIXED_NOREPLACE, Mman.MAP_UNINITIALIZED};
        String[] names = {"MAP_FIXED", "MAP_ANONYMOUS", "MAP_32BIT", "MAP_GROWSDOWN", "MAP_DENYWRITE",
            "MAP_EXECUTABLE", "MAP_LOCKED", "MAP_NORESERVE", "MAP_POPULATE", "MAP_NONBLOCK", "MAP_STACK",
            "MAP_HUGETLB", "MAP_SYNC", "MAP_FIXED_NOREPLACE", "MAP_UNINITIALIZED"};
        int rest = v & ~Mman.MAP_TYPE;
        for (int i = 0; i < bits.length; i++) {
            if ((rest & bits[i]) != 0) {
                sb.append('|').append(names[i]);
                rest &= ~bits[i];
            }
        }
        if (rest != 0) {
            sb.append("|0x").append(Integer.toHexString(rest));
        }
        return sb.toString();
    }

    private static String flags(int v, String[] names, String zero) {
        if (v == 0) {
            return zero;
        }
        StringBuilder sb = new StringBuilder();
        int rest = v;
        for (int i = 0; i < names.length; i++) {
            if ((v & (1 << i)) != 0) {
                sb.append(sb.isEmpty() ? "" : "|").append(names[i]);
                rest &= ~(1 << i);
            }
        }
        if (rest != 0) {
            sb.append(sb.isEmpty() ? "" : "|").append("0x").append(Integer.toHexString(rest));
        }
        return sb.toString();
    }

    private static String clock(int v) {
        String[] names = {"CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID", "CLOCK_THREAD_CPUTIME_ID",
            "CLOCK_MONOTONIC_RAW", "CLOCK_REALTIME_COARSE", "CLOCK_MONOTONIC_COARSE", "CLOCK_BOOTTIME"};
        return v >= 0 && v < names.length ? names[v] : Integer.toString(v);
    }

    private static String futexOp(int v) {
        String base = switch (v & 0x7f) {
            case 0 -> "FUTEX_WAIT";
            case 1 -> "FUTEX_WAKE";
            case 9 -> "FUTEX_WAIT_BITSET";
            case 10 -> "FUTEX_WAKE_BITSET";
            default -> Integer.toString(v & 0x7f);
        };
        return base + ((v & 128) != 0 ? "_PRIVATE" : "") + ((v & 256) != 0 ? "|FUTEX_CLOCK_REALTIME" : "");
    }
}
