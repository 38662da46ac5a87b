package dev.flatland.cpu.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Trap;
import dev.flatland.cpu.decode.DecodedBlock;
import dev.flatland.cpu.decode.Decoder;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which encodings are #UD: sse/ud.txt lists, for every opcode routed to SSE with each mandatory
 * prefix and a register and a memory form, whether the host (AMD EPYC) raised SIGILL; produced by
 * {@code ssegen --ud} (src/test/c/sse/ssegen.c). Flatland must agree, except for extensions it
 * does not implement and CPUID does not report: SHA (0F38 C8-CD, 0F3A CC), AES (66 0F38 DB-DF,
 * 66 0F3A DF), SSE4a MOVNTSS/MOVNTSD (F3/F2 0F 2B), and INVPCID (66 0F38 82, #GP on the host).
 */
class SseUndefinedTest {

    static boolean unimplementedExtension(int[] b) {
        int i = 0;
        int pfx = 0;
        if (b[0] == 0x66 || b[0] == 0xF2 || b[0] == 0xF3) {
            pfx = b[0];
            i++;
        }
        i++; // 0F
        int map = 1;
        if (b[i] == 0x38 || b[i] == 0x3A) {
            map = b[i] == 0x38 ? 2 : 3;
            i++;
        }
        int op = b[i];
        if (map == 2) {
            return op >= 0xC8 && op <= 0xCD || pfx == 0x66 && (op >= 0xDB && op <= 0xDF || op == 0x82);
        }
        if (map == 3) {
            return op == 0xCC || pfx == 0x66 && op == 0xDF;
        }
        return op == 0x2B && (pfx == 0xF2 || pfx == 0xF3);
    }

    @Test
    void undefinedEncodingsMatchHardware() throws IOException {
        GuestMemory m = GuestMemory.create(1 << 16);
        long block = GuestMemory.DEFAULT_BASE + 0x1000;
        List<String> wrong = new ArrayList<>();
        int n = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/sse/ud.txt"), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] t = line.trim().split(" ");
                byte[] code = new byte[t.length - 1];
                int[] ub = new int[code.length];
                for (int i = 0; i < code.length; i++) {
                    ub[i] = Integer.parseInt(t[i], 16);
                    code[i] = (byte) ub[i];
                }
                boolean hwUd = Integer.parseInt(t[t.length - 1]) == Trap.SIGILL;
                if (unimplementedExtension(ub)) {
                    continue;
                }
                n++;
                DecodedBlock blk = new DecodedBlock(0x1000);
                int len = Decoder.decode(code, 0, code.length, 0x1000, blk, 0);
                long w = blk.insn[0];
                boolean ud = len != code.length || Decoder.undefined(w);
                if (!ud) {
                    CpuState c = new CpuState();
                    c.r[CpuState.RDI] = block;
                    try {
                        OpcodeTable.exec(c, m, w, Insn.hasMem(w) ? Operands.ea(c, w, blk.disp[0]) : 0, blk.imm[0]);
                    } catch (CpuFault f) {
                        ud = f.signal() == Trap.SIGILL;
                    }
                }
                if (ud != hwUd) {
                    wrong.add(line);
                }
            }
        }
        assertTrue(n > 4000);
        assertEquals(List.of(), wrong);
    }
}
