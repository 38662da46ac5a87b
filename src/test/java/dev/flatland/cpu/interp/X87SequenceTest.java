package dev.flatland.cpu.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.Trap;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the instruction sequences of x87/state.txt (run on real hardware by
 * src/test/c/x87/x87state.c) and compares the FNSAVE image (except the FIP/FCS/FDP/FDS address
 * fields), AX, the compare flags, the memory block, or the SIGFPE si_code of a trapping sequence.
 */
class X87SequenceTest {
    static final GuestMemory MEM = GuestMemory.create(1 << 16);
    static final long BLOCK = MEM.base() + 0x1000;
    static final long SAVE = MEM.base() + 0x3000;

    record Line(String name, byte[] code, byte[] memInit, String result) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Line> lines() throws IOException {
        List<Line> out = new ArrayList<>();
        try (var r = new BufferedReader(new InputStreamReader(
                X87SequenceTest.class.getResourceAsStream("/x87/state.txt"), StandardCharsets.US_ASCII))) {
            for (String l; (l = r.readLine()) != null; ) {
                int arrow = l.indexOf(" => ");
                String[] head = l.substring(0, arrow).split(" ", 3);
                String mem = head[2].equals("-") ? "" : head[2].replace(" ", "");
                out.add(new Line(head[0], HexFormat.of().parseHex(head[1]), HexFormat.of().parseHex(mem),
                        l.substring(arrow + 4)));
            }
        }
        return out.stream();
    }

    /** Runs the sequence; returns the fault of a trapping instruction, or null. */
    static CpuFault run(CpuState c, byte[] code) {
        c.fpu.init();
        int i = 0;
        while (i < code.length) {
            boolean o16 = (code[i] & 0xff) == 0x66;
            if (o16) {
                i++;
            }
            int esc = code[i] & 0xff;
            int modrm = code[i + 1] & 0xff;
            int mod = modrm >> 6;
            int len = 2;
            long ea = 0;
            if (mod != 3) {
                assertEquals(7, modrm & 7, "only [rdi] operands are used");
                if (mod == 1) {
                    ea = code[i + 2];
                    len = 3;
                }
                ea += BLOCK;
            }
            long w = esc | (long) (o16 ? Insn.OS16 : Insn.OS32) << Insn.OPSIZE_SHIFT | (long) mod << Insn.MOD_SHIFT
                    | (long) ((modrm >> 3) & 7) << Insn.REG_SHIFT | (long) (modrm & 7) << Insn.RM_SHIFT
                    | (long) len << Insn.LEN_SHIFT;
            if (mod != 3) {
                w |= 1L << Insn.MEM_BIT;
            }
            c.rip += len + (o16 ? 1 : 0);
            try {
                X87.exec(c, MEM, w, ea);
            } catch (CpuFault f) {
                return f;
            }
            i += len;
        }
        return null;
    }

    /**
     * Bytes of the 108-byte FNSAVE image that hold instruction/operand addresses (not compared). Empty
     * registers are not compared either: they hold whatever earlier code left there.
     */
    static boolean addressByte(int i) {
        return (i >= 12 && i <= 15) || (i >= 20 && i <= 23);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void sequenceMatchesHardware(Line k) {
        MEM.fill(BLOCK, 512, (byte) 0);
        MEM.write(BLOCK, k.memInit(), 0, k.memInit().length);
        CpuState c = new CpuState();
        c.rip = 0x10000;
        Flags.write(c, Flags.ZF | Flags.PF);            // after the generator's xor eax,eax
        CpuFault fault = run(c, k.code());
        String[] want = k.result().split(" ");
        if (want[0].equals("sigfpe")) {
            assertNotNull(fault, "expected SIGFPE");
            assertEquals(Trap.SIGFPE, fault.signal());
            assertEquals(Integer.parseInt(want[1]), fault.siCode());
            return;
        }
        assertNull(fault);
        int ax = (int) c.r[CpuState.RAX] & 0xffff;
        long flags = Flags.read(c) & 0x8d5;
        X87Env.fnsave(c.fpu, MEM, SAVE, false);
        byte[] img = new byte[108];
        MEM.read(SAVE, img, 0, 108);
        byte[] hw = HexFormat.of().parseHex(want[0]);
        int top = ((hw[5] & 0xff) >> 3) & 7;
        int ftw = (hw[8] & 0xff) | (hw[9] & 0xff) << 8;
        for (int i = 0; i < 108; i++) {
            int reg = (i - 28) / 10;
            boolean staleEmpty = i >= 28 && ((ftw >> (2 * ((top + reg) & 7))) & 3) == 3;
            if (!addressByte(i) && !staleEmpty) {
                assertEquals(hw[i], img[i], "FNSAVE byte " + i + "\nhw " + want[0] + "\nme "
                        + HexFormat.of().formatHex(img));
            }
        }
        assertEquals(Integer.parseInt(want[1], 16), ax, "AX");
        assertEquals(Integer.parseInt(want[2], 16), flags, "RFLAGS");
        byte[] mem = new byte[32];
        MEM.read(BLOCK, mem, 0, 32);
        byte[] hwMem = HexFormat.of().parseHex(want[3]);
        boolean envStored = k.name().contains("env") || k.name().contains("fnsave");
        for (int i = 0; i < 32; i++) {
            boolean env16Address = k.name().startsWith("env16") && (i == 6 || i == 7 || i == 10 || i == 11);
            if (!(envStored && addressByte(i)) && !env16Address) {
                assertEquals(hwMem[i], mem[i], "memory byte " + i + " hw " + want[3]);
            }
        }
    }

    @Test
    void everySequenceWasReplayed() throws IOException {
        assertTrue(lines().count() >= 50);
    }
}
