#!/usr/bin/env python3
"""Generates src/main/java/dev/flatland/syscall/SyscallTable.java: one line per syscall number.
Edit IMPL / ABSENT / DECLINED below, then rerun. Names come from abi/Sysno.java."""
import re, pathlib
root = pathlib.Path(__file__).resolve().parent.parent
sysno = (root / 'src/main/java/dev/flatland/abi/Sysno.java').read_text()
NAMES = {int(a): b for a, b in re.findall(r'NAMES\[(\d+)\] = "(\w+)"', sysno)}
MAX = int(re.search(r'\bMAX = (\d+);', sysno).group(1))

# nr: (handler, support, note, argument format, return format)
IMPL = {
 0: ('ReadWriteSyscalls::read', 'FULL', '', 'fBu', 'd'),
 1: ('ReadWriteSyscalls::write', 'FULL', '', 'fbu', 'd'),
 2: ('FileSyscalls::open', 'PARTIAL', 'host files through hostfs', 'smO', 'd'),
 3: ('FileSyscalls::close', 'FULL', '', 'f', 'd'),
 4: ('FileSyscalls::stat', 'PARTIAL', 'st_blksize 4096, st_blocks from the size (java.nio)', 'sp', 'd'),
 5: ('FileSyscalls::fstat', 'PARTIAL', 'st_blksize 4096, st_blocks from the size (java.nio)', 'fp', 'd'),
 6: ('FileSyscalls::lstat', 'PARTIAL', 'st_blksize 4096, st_blocks from the size (java.nio)', 'sp', 'd'),
 8: ('ReadWriteSyscalls::lseek', 'FULL', '', 'fDw', 'd'),
 9: ('MemorySyscalls::mmap', 'PARTIAL', 'nommu rules; file maps are private copies; no region sharing yet', 'puPMfx', 'x'),
 10: ('MemorySyscalls::mprotect', 'PARTIAL', 'nommu: ENOSYS; --compat glibc: 0 after MMU argument checks', 'puP', 'd'),
 11: ('MemorySyscalls::munmap', 'FULL', 'nommu: unmapped range -> EINVAL', 'pu', 'd'),
 12: ('MemorySyscalls::brk', 'FULL', 'nommu: brk never grows (ELF-FDPIC layout)', 'p', 'x'),
 13: ('SignalSyscalls::rtSigaction', 'FULL', '', 'Sppu', 'd'),
 14: ('SignalSyscalls::rtSigprocmask', 'FULL', '', 'hGGu', 'd'),
 15: ('SignalSendSyscalls::rtSigreturn', 'FULL', '', '', 'd'),
 16: ('FileSyscalls::ioctl', 'PARTIAL', 'TCGETS/TIOCGWINSZ on host terminals, FIOCLEX; else ENOTTY', 'fIx', 'd'),
 17: ('ReadWriteSyscalls::pread64', 'FULL', '', 'fBuD', 'd'),
 18: ('ReadWriteSyscalls::pwrite64', 'FULL', '', 'fbuD', 'd'),
 19: ('ReadWriteSyscalls::readv', 'FULL', '', 'fpd', 'd'),
 20: ('ReadWriteSyscalls::writev', 'FULL', '', 'fVd', 'd'),
 21: ('FileSyscalls::access', 'FULL', '', 'sa', 'd'),
 24: ('ProcessSyscalls::schedYield', 'FULL', '', '', 'd'),
 25: ('MemorySyscalls::mremap', 'FULL', 'nommu: resize in place within the original length; never moves', 'puuRp', 'x'),
 32: ('FileSyscalls::dup', 'FULL', '', 'f', 'd'),
 33: ('FileSyscalls::dup2', 'FULL', '', 'ff', 'd'),
 34: ('SignalWaitSyscalls::pause', 'PARTIAL', 'only timers can wake the only process', '', 'd'),
 35: ('TimeSyscalls::nanosleep', 'FULL', 'virtual under --deterministic', 'pp', 'd'),
 36: ('SignalWaitSyscalls::getitimer', 'FULL', '', 'dp', 'd'),
 37: ('SignalWaitSyscalls::alarm', 'FULL', '', 'u', 'd'),
 38: ('SignalWaitSyscalls::setitimer', 'PARTIAL', 'expiry seen at budget boundaries; VIRTUAL/PROF count instructions', 'dpp', 'd'),
 39: ('ProcessSyscalls::getpid', 'FULL', '', '', 'd'),
 57: ('ProcessSyscalls::fork', 'FULL', 'nommu: EINVAL', '', 'd'),
 60: ('ProcessSyscalls::exit', 'FULL', '', 'd', '?'),
 62: ('SignalSendSyscalls::kill', 'PARTIAL', 'own process only', 'dS', 'd'),
 63: ('SystemInfoSyscalls::uname', 'FULL', '', 'p', 'd'),
 72: ('FileSyscalls::fcntl', 'PARTIAL', 'F_DUPFD, F_GETFD/SETFD, F_GETFL/SETFL; no locks', 'fFx', 'd'),
 79: ('FileSyscalls::getcwd', 'FULL', '', 'pu', 'd'),
 80: ('FileSyscalls::chdir', 'FULL', '', 's', 'd'),
 89: ('FileSyscalls::readlink', 'PARTIAL', '/proc/self/exe is the program', 'sBu', 'd'),
 95: ('FileSyscalls::umask', 'PARTIAL', 'stored; hostfs creation uses the mode as given', 'o', 'o'),
 96: ('TimeSyscalls::gettimeofday', 'FULL', '', 'pp', 'd'),
 97: ('ProcessSyscalls::getrlimit', 'PARTIAL', 'fixed limits; RLIMIT_STACK is the stack block', 'Lp', 'd'),
 102: ('ProcessSyscalls::getuid', 'FULL', '', '', 'd'),
 104: ('ProcessSyscalls::getgid', 'FULL', '', '', 'd'),
 107: ('ProcessSyscalls::geteuid', 'FULL', '', '', 'd'),
 108: ('ProcessSyscalls::getegid', 'FULL', '', '', 'd'),
 110: ('ProcessSyscalls::getppid', 'FULL', '', '', 'd'),
 127: ('SignalWaitSyscalls::rtSigpending', 'FULL', '', 'pu', 'd'),
 128: ('SignalWaitSyscalls::rtSigtimedwait', 'PARTIAL', 'only timers can send signals while waiting', 'Gppu', 'd'),
 129: ('SignalSendSyscalls::rtSigqueueinfo', 'PARTIAL', 'own process only', 'dSp', 'd'),
 130: ('SignalWaitSyscalls::rtSigsuspend', 'PARTIAL', 'only timers can wake the only process', 'Gu', 'd'),
 131: ('SignalSyscalls::sigaltstack', 'FULL', '', 'pp', 'd'),
 158: ('ProcessSyscalls::archPrctl', 'PARTIAL', 'ARCH_SET/GET_FS/GS', 'Ax', 'd'),
 186: ('ProcessSyscalls::gettid', 'FULL', '', '', 'd'),
 200: ('SignalSendSyscalls::tkill', 'PARTIAL', 'own threads only', 'dS', 'd'),
 201: ('TimeSyscalls::time', 'FULL', '', 'p', 'd'),
 202: ('ProcessSyscalls::futex', 'PARTIAL', 'single thread: WAKE wakes none; WAIT EAGAIN on mismatch', 'pXdppd', 'd'),
 204: ('ProcessSyscalls::schedGetaffinity', 'FULL', 'one CPU', 'dup', 'd'),
 217: ('FileSyscalls::getdents64', 'FULL', '', 'fpu', 'd'),
 218: ('ProcessSyscalls::setTidAddress', 'FULL', '', 'p', 'd'),
 228: ('TimeSyscalls::clockGettime', 'FULL', 'virtual under --deterministic', 'cp', 'd'),
 229: ('TimeSyscalls::clockGetres', 'FULL', '', 'cp', 'd'),
 230: ('TimeSyscalls::clockNanosleep', 'FULL', 'virtual under --deterministic', 'cxpp', 'd'),
 231: ('ProcessSyscalls::exitGroup', 'FULL', '', 'd', '?'),
 234: ('SignalSendSyscalls::tgkill', 'PARTIAL', 'own process only', 'ddS', 'd'),
 257: ('FileSyscalls::openat', 'PARTIAL', 'host files through hostfs', 'fsmO', 'd'),
 262: ('FileSyscalls::newfstatat', 'PARTIAL', 'st_blksize 4096, st_blocks from the size (java.nio)', 'fspx', 'd'),
 267: ('FileSyscalls::readlinkat', 'PARTIAL', '/proc/self/exe is the program', 'fsBu', 'd'),
 269: ('FileSyscalls::faccessat', 'FULL', '', 'fsa', 'd'),
 273: ('ProcessSyscalls::setRobustList', 'PARTIAL', 'stored; used when threads exit', 'pu', 'd'),
 292: ('FileSyscalls::dup3', 'FULL', '', 'ffm', 'd'),
 297: ('SignalSendSyscalls::rtTgsigqueueinfo', 'PARTIAL', 'own process only', 'ddSp', 'd'),
 302: ('ProcessSyscalls::prlimit64', 'PARTIAL', 'own process; fixed limits; RLIMIT_STACK is the stack block', 'dLpp', 'd'),
 318: ('SystemInfoSyscalls::getrandom', 'FULL', 'deterministic from --seed', 'Bux', 'd'),
 332: ('FileSyscalls::statx', 'PARTIAL', 'STATX_BASIC_STATS; no birth time', 'fsxxp', 'd'),
 74: ('PathSyscalls::fsync', 'FULL', '', 'f', 'd'),
 75: ('PathSyscalls::fsync', 'FULL', 'same as fsync', 'f', 'd'),
 76: ('PathSyscalls::truncate', 'FULL', '', 'sD', 'd'),
 77: ('PathSyscalls::ftruncate', 'FULL', '', 'fD', 'd'),
 82: ('PathSyscalls::rename', 'FULL', '', 'ss', 'd'),
 83: ('PathSyscalls::mkdir', 'FULL', '', 'so', 'd'),
 84: ('PathSyscalls::rmdir', 'FULL', '', 's', 'd'),
 87: ('PathSyscalls::unlink', 'FULL', '', 's', 'd'),
 90: ('PathSyscalls::chmod', 'PARTIAL', 'permission bits only (java.nio)', 'so', 'd'),
 91: ('PathSyscalls::fchmod', 'PARTIAL', 'permission bits only (java.nio)', 'fo', 'd'),
 258: ('PathSyscalls::mkdirat', 'FULL', '', 'fso', 'd'),
 263: ('PathSyscalls::unlinkat', 'FULL', '', 'fsx', 'd'),
 264: ('PathSyscalls::renameat', 'FULL', '', 'fsfs', 'd'),
 268: ('PathSyscalls::fchmodat', 'PARTIAL', 'permission bits only (java.nio)', 'fso', 'd'),
 316: ('PathSyscalls::renameat2', 'PARTIAL', 'flags 0 and RENAME_NOREPLACE', 'fsfsx', 'd'),
 98: ('ResourceSyscalls::getrusage', 'PARTIAL', 'user time = instruction count; other fields 0', 'dp', 'd'),
 99: ('ResourceSyscalls::sysinfo', 'PARTIAL', 'uptime, RAM from the page allocator; loads, swap 0', 'p', 'd'),
 100: ('ResourceSyscalls::times', 'PARTIAL', 'user time = instruction count', 'p', 'd'),
 111: ('ResourceSyscalls::getpgrp', 'PARTIAL', 'each process leads its own group', '', 'd'),
 115: ('ResourceSyscalls::getgroups', 'FULL', 'no supplementary groups', 'dp', 'd'),
 121: ('ResourceSyscalls::getpgid', 'PARTIAL', 'own process only', 'd', 'd'),
 124: ('ResourceSyscalls::getsid', 'PARTIAL', 'own process only', 'd', 'd'),
 439: ('FileSyscalls::faccessat2', 'FULL', '', 'fsax', 'd'),
}
ABSENT = {26, 27, 28, 149, 150, 151, 152, 325, 216, 237, 238, 239, 256, 279, 167, 168, 310, 311, 323,
          329, 330, 331, 440, 448}
DECLINED = {334: 'glibc and musl fall back when rseq is missing'}
NOTES = {56: 'clone: threads and vfork are a later issue', 58: 'vfork is a later issue', 59: 'execve is a later issue',
         61: 'wait4 comes with vfork/clone'}

lines = []
for nr in range(MAX + 1):
    name = NAMES.get(nr)
    if name is None:
        lines.append(f'        unassigned({nr}),')
    elif nr in IMPL:
        h, sup, note, fmt, ret = IMPL[nr]
        lines.append(f'        sys({nr}, "{name}", {h}, {sup}, "{note}", "{fmt}", \'{ret}\'),')
    elif nr in ABSENT:
        lines.append(f'        absent({nr}, "{name}", "nommu: not available without an MMU (sys_ni)"),')
    elif nr in DECLINED:
        lines.append(f'        declined({nr}, "{name}", "{DECLINED[nr]}"),')
    else:
        lines.append(f'        enosys({nr}, "{name}", "{NOTES.get(nr, "not implemented yet")}"),')

src = f'''package dev.flatland.syscall;

import static dev.flatland.syscall.Support.FULL;
import static dev.flatland.syscall.Support.PARTIAL;

/**
 * The x86-64 syscall table as data: one line per number 0..Sysno.MAX with name, handler, support
 * level, note, the strace argument format and the return format. Generated by
 * tools/gen_syscall_table.py (edit the script, then rerun it); SyscallTableTest checks coverage and names.
 *
 * <p>Argument format letters: d int, D long, u size_t, x hex, o octal, p pointer, s path string,
 * b input buffer (length in the next argument), B output buffer (length = result), V iovec array,
 * f fd, F fcntl command, I ioctl request, m open flags, O creation mode (only with O_CREAT), a access mode, w whence, P PROT_*, M MAP_*,
 * R MREMAP_*, S signal, G sigset_t pointer, h sigprocmask how, c clock id, A arch_prctl code, L resource, X futex op.
 * Return format: d decimal, x hex, o octal, ? no return.
 */
final class SyscallTable {{
    private SyscallTable() {{
    }}

    /** One syscall number. {{@code handler}} is null for every ENOSYS kind. */
    record Entry(int nr, String name, SyscallHandlerFn handler, Support support, String note, String args,
            char ret) {{
    }}

    static Entry sys(int nr, String name, SyscallHandlerFn h, Support s, String note, String args, char ret) {{
        return new Entry(nr, name, h, s, note, args, ret);
    }}

    static Entry absent(int nr, String name, String note) {{
        return new Entry(nr, name, null, Support.NOMMU_ABSENT, note, "", 'd');
    }}

    static Entry declined(int nr, String name, String note) {{
        return new Entry(nr, name, null, Support.DECLINED, note, "", 'd');
    }}

    static Entry enosys(int nr, String name, String note) {{
        return new Entry(nr, name, null, Support.UNIMPLEMENTED, note, "", 'd');
    }}

    static Entry unassigned(int nr) {{
        return new Entry(nr, null, null, Support.UNASSIGNED, "no x86-64 syscall has this number", "", 'd');
    }}

    /** Indexed by syscall number. */
    static final Entry[] TABLE = {{
{chr(10).join(lines)}
    }};

    /** The entry for {{@code nr}}, or null outside 0..MAX. */
    static Entry get(long nr) {{
        return nr >= 0 && nr < TABLE.length ? TABLE[(int) nr] : null;
    }}
}}
'''
(root / 'src/main/java/dev/flatland/syscall/SyscallTable.java').write_text(src)
print('ok', MAX + 1, 'entries')
