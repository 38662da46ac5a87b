package dev.flatland.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.abi.Sysno;
import org.junit.jupiter.api.Test;

/** Meta-test over the syscall table (gVisor linux64_test.go idea). */
class SyscallTableTest {
    @Test
    void everyNumberFromZeroToMaxHasItsOwnLine() {
        assertEquals(Sysno.MAX + 1, SyscallTable.TABLE.length);
        for (int nr = 0; nr <= Sysno.MAX; nr++) {
            assertNotNull(SyscallTable.TABLE[nr], "no entry for " + nr);
            assertEquals(nr, SyscallTable.TABLE[nr].nr(), "entry at index " + nr + " has the wrong number");
        }
    }

    @Test
    void namesMatchSysno() {
        for (int nr = 0; nr <= Sysno.MAX; nr++) {
            assertEquals(Sysno.name(nr), SyscallTable.TABLE[nr].name(), "name of " + nr);
        }
    }

    @Test
    void unassignedNumbersAreMarkedSo() {
        for (SyscallTable.Entry e : SyscallTable.TABLE) {
            assertEquals(e.name() == null, e.support() == Support.UNASSIGNED, "support of " + e.nr());
        }
    }

    @Test
    void onlyImplementedEntriesHaveHandlersAndEveryGapHasANote() {
        for (SyscallTable.Entry e : SyscallTable.TABLE) {
            boolean implemented = e.support() == Support.FULL || e.support() == Support.PARTIAL;
            assertEquals(implemented, e.handler() != null, "handler of " + e.name());
            if (e.support() != Support.FULL) {
                assertFalse(e.note().isBlank(), "entry " + e.nr() + " (" + e.support() + ") needs a note");
            }
        }
    }

    @Test
    void nommuAbsentSyscallsAreTheSysNiSet() {
        // reference/nommu.md §2.6: mprotect is special-cased (compat mode); the rest are sys_ni on !MMU
        String[] absent = {"msync", "mincore", "madvise", "mlock", "munlock", "mlockall", "munlockall", "mlock2",
            "remap_file_pages", "mbind", "set_mempolicy", "get_mempolicy", "migrate_pages", "move_pages", "swapon",
            "swapoff", "process_vm_readv", "process_vm_writev", "userfaultfd", "pkey_mprotect", "pkey_alloc",
            "pkey_free", "process_madvise", "process_mrelease"};
        for (String name : absent) {
            SyscallTable.Entry e = byName(name);
            assertEquals(Support.NOMMU_ABSENT, e.support(), name);
            assertNull(e.handler(), name);
        }
    }

    @Test
    void argumentFormatsUseKnownLetters() {
        for (SyscallTable.Entry e : SyscallTable.TABLE) {
            assertTrue(e.args().matches("[dDuxoOpsbBVfFImawPMRSGhcALX]*"), e.name() + ": " + e.args());
            assertTrue(e.args().length() <= 6, e.name());
        }
    }

    static SyscallTable.Entry byName(String name) {
        for (SyscallTable.Entry e : SyscallTable.TABLE) {
            if (name.equals(e.name())) {
                return e;
            }
        }
        throw new AssertionError("no syscall " + name);
    }
}
