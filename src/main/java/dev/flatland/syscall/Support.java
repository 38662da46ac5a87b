package dev.flatland.syscall;

/** How far a syscall is supported (gVisor's Supported / PartiallySupported / Error). */
enum Support {
    /** Implemented with Linux semantics. */
    FULL,
    /** Implemented; the note says what is missing or deviates. */
    PARTIAL,
    /** Deliberately ENOSYS because a nommu kernel lacks it (sys_ni); not reported as unknown. */
    NOMMU_ABSENT,
    /** Deliberately ENOSYS although MMU Linux has it, because the libc falls back (rseq); not reported. */
    DECLINED,
    /** Not implemented yet: ENOSYS, named once in Flatland's log and counted. */
    UNIMPLEMENTED,
    /** No syscall has this number on x86-64. */
    UNASSIGNED
}
