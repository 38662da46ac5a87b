package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuState;
import dev.flatland.memory.GuestMemory;

/**
 * Dispatch for the integer families outside the core switch: string instructions, shifts and
 * rotates, bit operations (BT*, BSF/BSR, POPCNT, LZCNT/TZCNT, BMI1/BMI2), multiply and divide,
 * and the atomic exchange family.
 */
final class ExtDispatch {
    private ExtDispatch() {
    }

    /** Executes one instruction of these families; returns false if {@code w}'s op is not one of them. */
    static boolean exec(CpuState c, GuestMemory m, long w, long ea, long imm) {
        return false;
    }
}
