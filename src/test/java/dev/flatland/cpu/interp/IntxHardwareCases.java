package dev.flatland.cpu.interp;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.flatland.cpu.CpuFault;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.ExecutionEngine;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.Trap;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;
import dev.flatland.memory.MemoryFault;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/**
 * Replays instruction results recorded on real hardware (src/test/c/intx, format described in
 * harness.h) against {@link ExtDispatch}. Each case names one instruction encoding; its
 * descriptor gives the fields of the packed {@link Insn} word the decoder would produce. Every
 * vector sets the registers, RFLAGS and the 128-byte buffer the C harness used, executes the
 * instruction once, and compares registers, memory and RFLAGS (minus the SDM-undefined flags),
 * the signal of a fault, and that no unlisted register changed.
 */
final class IntxHardwareCases {
    private IntxHardwareCases() {
    }

    /** Buffer size and placement: the last 128 bytes of a one-page RAM, so it ends at unmapped memory. */
    static final int BUF = 128;
    private static final long FLAGMASK = 0xcd5L;
    private static final String KEYS = "abcdSD89";
    private static final int[] REGNO = {0, 3, 1, 2, 6, 7, 8, 9};
    /** -Dintx.strictUndefined=true also compares the flags the SDM leaves undefined (to study hardware). */
    private static final boolean STRICT = Boolean.getBoolean("intx.strictUndefined");

    record Vector(Map<String, String> in, Map<String, String> out, long undef, String line) {
    }

    /** One recorded case; {@code bytes} is the instruction's machine code as the assembler emitted it. */
    record Case(String name, String desc, String regs, byte[][] bytes, List<Vector> vectors) {
    }

    /**
     * Cases whose interpreter replay fails because of a gap in the core handlers (not in the
     * extended families): skipped with the reason until the core is fixed. The direct replay of
     * the same case still runs and passes.
     */
    static final Map<String, String> CORE_GAPS = Map.of();

    /** Reads resource /intx/{file} into its cases. */
    static List<Case> load(String file) {
        InputStream s = IntxHardwareCases.class.getResourceAsStream("/intx/" + file);
        assertNotNull(s, "missing resource /intx/" + file);
        List<Case> cases = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(s, StandardCharsets.US_ASCII))) {
            Case cur = null;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#case ")) {
                    String[] p = line.substring(6).split("\\|", -1);
                    cur = new Case(p[0], p[1], p[2], new byte[1][], new ArrayList<>());
                    cases.add(cur);
                } else if (line.startsWith("#bytes ")) {
                    cur.bytes()[0] = java.util.HexFormat.of().parseHex(line.substring(7));
                } else if (!line.isBlank()) {
                    String[] p = line.split("\\|", -1);
                    cur.vectors().add(new Vector(tokens(p[0]), tokens(p[1]),
                            STRICT ? 0 : Long.parseUnsignedLong(p[2].substring(2), 16), line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    private static Map<String, String> tokens(String s) {
        Map<String, String> m = new HashMap<>();
        for (String t : s.trim().split(" +")) {
            if (!t.isEmpty()) {
                int eq = t.indexOf('=');
                m.put(eq < 0 ? t : t.substring(0, eq), eq < 0 ? "" : t.substring(eq + 1));
            }
        }
        return m;
    }

    /**
     * Two dynamic tests per recorded case: the handler called directly with the descriptor's Insn
     * word, and the machine code run through the whole interpreter (decoder, opcode table, this
     * family) for exactly one instruction.
     */
    static Stream<DynamicTest> tests(String file) {
        return load(file).stream().flatMap(k -> Stream.of(
                DynamicTest.dynamicTest(k.name() + " [" + k.desc() + "]", () -> check(k, Mode.DIRECT)),
                DynamicTest.dynamicTest(k.name() + " (interpreter)", () -> check(k, Mode.INTERPRETER))));
    }

    /**
     * As {@link #tests}, plus a third replay in which the instruction is followed by
     * {@code xor r10d, r10d}, which overwrites every arithmetic flag: the engine may then use a
     * form that skips the flags, and the registers and memory must still match the hardware.
     */
    static Stream<DynamicTest> testsWithDeadFlags(String file) {
        return Stream.concat(tests(file), load(file).stream().map(k ->
                DynamicTest.dynamicTest(k.name() + " (interpreter, flags dead)", () -> check(k, Mode.FLAGS_DEAD))));
    }

    /** Multi-instruction sequences (descriptor {@code insns=N}): interpreter replay only. */
    static Stream<DynamicTest> sequenceTests(String file) {
        return load(file).stream().map(k ->
                DynamicTest.dynamicTest(k.name() + " (interpreter)", () -> check(k, Mode.INTERPRETER)));
    }

    /** How a case is replayed. */
    enum Mode { DIRECT, INTERPRETER, FLAGS_DEAD }

    /** Decoded form of a case descriptor: the Insn word, the immediate and the displacement. */
    record Encoding(long w, long imm, long disp, int insns) {
    }

    static Encoding encode(String desc) {
        long w = 0;
        long imm = 0;
        long disp = 0;
        int insns = 1;
        boolean w64 = false;
        boolean p66 = false;
        int base = CpuState.RSI;
        for (String t : desc.trim().split(" +")) {
            int eq = t.indexOf('=');
            String k = eq < 0 ? t : t.substring(0, eq);
            String v = eq < 0 ? "" : t.substring(eq + 1);
            switch (k) {
                case "op" -> w |= Long.parseLong(v, 16);
                case "reg" -> w |= (long) Integer.parseInt(v) << Insn.REG_SHIFT;
                case "rm" -> w |= ((long) Integer.parseInt(v) << Insn.RM_SHIFT) | (3L << Insn.MOD_SHIFT);
                case "mem" -> w |= 1L << Insn.MEM_BIT;
                case "memdi" -> {
                    w |= 1L << Insn.MEM_BIT;
                    base = CpuState.RDI;
                }
                case "disp" -> disp = Long.parseLong(v, 16);
                case "insns" -> insns = Integer.parseInt(v);
                case "imm" -> imm = v.startsWith("-") ? -Long.parseUnsignedLong(v.substring(1), 16)
                        : Long.parseUnsignedLong(v, 16);
                case "w" -> {
                    w |= (1L << Insn.REXW_BIT) | (1L << Insn.REX_BIT);
                    w64 = true;
                }
                case "rex" -> w |= 1L << Insn.REX_BIT;
                case "66" -> {
                    w |= 1L << Insn.P66_BIT;
                    p66 = true;
                }
                case "f3" -> w |= 1L << Insn.PF3_BIT;
                case "f2" -> w |= 1L << Insn.PF2_BIT;
                case "lock" -> w |= 1L << Insn.LOCK_BIT;
                case "a32" -> w |= 1L << Insn.ADDR32_BIT;
                case "vex" -> w |= 1L << Insn.VEX_BIT;
                case "vvvv" -> w |= (long) Integer.parseInt(v) << Insn.VVVV_SHIFT;
                case "L" -> w |= 1L << Insn.VEXL_BIT;
                case "fs" -> w |= (long) Insn.SEG_FS << Insn.SEG_SHIFT;
                case "gs" -> w |= (long) Insn.SEG_GS << Insn.SEG_SHIFT;
                default -> throw new IllegalArgumentException("descriptor token " + t);
            }
        }
        if ((w & (1L << Insn.MEM_BIT)) != 0) {
            w |= ((long) base << Insn.BASE_SHIFT) | ((long) Insn.NO_REG << Insn.INDEX_SHIFT);
        }
        w |= (long) (w64 ? Insn.OS64 : p66 ? Insn.OS16 : Insn.OS32) << Insn.OPSIZE_SHIFT;
        w |= 3L << Insn.LEN_SHIFT;
        return new Encoding(w, imm, disp, insns);
    }

    /**
     * Runs every vector of {@code k}; fails with the first mismatches (up to 5) and their count.
     * The interpreter replay places the code at the start of the one RAM page (below the buffer,
     * followed by {@code jmp $} so that the block ends) and runs a budget of one instruction.
     */
    static void check(Case k, Mode mode) {
        boolean viaInterpreter = mode != Mode.DIRECT;
        if (viaInterpreter && CORE_GAPS.containsKey(k.name())) {
            Assumptions.abort(CORE_GAPS.get(k.name()));
        }
        Encoding e = encode(k.desc());
        GuestMemory m = GuestMemory.create(GuestMemory.PAGE_SIZE);
        long buf = m.end() - BUF;
        ExecutionEngine engine = viaInterpreter ? Interpreter.create(m) : null;
        List<String> errors = new ArrayList<>();
        for (Vector v : k.vectors()) {
            String err = runVector(k, e, m, buf, v, engine, mode == Mode.FLAGS_DEAD);
            if (err != null) {
                errors.add(err + "\n    vector: " + v.line());
            }
        }
        if (!errors.isEmpty()) {
            fail(k.name() + ": " + errors.size() + " of " + k.vectors().size() + " vectors differ from hardware:\n  "
                    + String.join("\n  ", errors.subList(0, Math.min(5, errors.size()))));
        }
    }

    private static long hex(String s) {
        return Long.parseUnsignedLong(s, 16);
    }

    private static String runVector(Case k, Encoding e, GuestMemory m, long buf, Vector v, ExecutionEngine engine,
            boolean flagsDead) {
        m.fill(m.base(), m.size(), (byte) 0);
        for (int i = 0; i < BUF; i++) {
            m.write8(buf + i, i * 37 + 11);
        }
        if (v.in().containsKey("m0")) {
            m.write64(buf, hex(v.in().get("m0")));
            m.write64(buf + 8, hex(v.in().get("m1")));
        }
        CpuState c = new CpuState();
        for (int i = 0; i < 8; i++) {
            String key = String.valueOf(KEYS.charAt(i));
            long val = v.in().containsKey(key) ? hex(v.in().get(key)) : 0x1111111111111111L * (i + 1);
            if (i == 4 || i == 5) {
                val += buf;
            }
            c.r[REGNO[i]] = val;
        }
        long[] before = c.r.clone();
        Flags.write(c, v.in().containsKey("f") ? hex(v.in().get("f")) : 0);
        int sig = 0;
        if (engine != null) {
            byte[] code = k.bytes()[0];
            long at = m.base();
            engine.flushCodeCache();
            m.write(at, code, 0, code.length);
            int tail = 0;
            if (flagsDead) {
                m.write(at + code.length, new byte[] {0x45, 0x31, (byte) 0xd2}, 0, 3); // xor r10d, r10d
                tail = 3;
            }
            m.write8(at + code.length + tail, 0xeb);
            m.write8(at + code.length + tail + 1, 0xfe);
            c.rip = at;
            int budget = e.insns() + (flagsDead ? 1 : 0);
            Trap t = engine.run(c, budget);
            if (t instanceof Trap.Fault f) {
                sig = f.signal();
                if (c.rip != at && e.insns() == 1) {
                    return "fault with RIP " + Long.toHexString(c.rip) + ", not the instruction";
                }
            } else if (c.rip != at + code.length + tail || c.instructions != budget) {
                return "RIP " + Long.toHexString(c.rip) + " after " + c.instructions + " instructions";
            }
        } else {
            c.rip = 0x401000;
            long ea = Insn.hasMem(e.w()) ? c.r[Insn.base(e.w())] + e.disp() : 0;
            try {
                if (!ExtDispatch.exec(c, m, e.w(), ea, e.imm())) {
                    return "not handled by ExtDispatch";
                }
            } catch (CpuFault f) {
                sig = f.signal();
            } catch (MemoryFault f) {
                sig = 11;
            }
        }
        int wantSig = v.out().containsKey("sig") ? Integer.parseInt(v.out().get("sig")) : 0;
        if (sig != wantSig) {
            return "signal " + sig + ", hardware " + wantSig;
        }
        StringBuilder diff = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            String key = String.valueOf(KEYS.charAt(i));
            long got = c.r[REGNO[i]] - (i == 4 || i == 5 ? buf : 0);
            if (v.out().containsKey(key)) {
                long want = hex(v.out().get(key));
                if (got != want) {
                    diff.append(String.format(" %s=%x(hw %x)", key, got, want));
                }
            } else if (c.r[REGNO[i]] != before[REGNO[i]]) {
                diff.append(" unlisted register ").append(key).append(" changed");
            }
        }
        if (v.out().containsKey("f") && !(flagsDead && sig == 0)) {
            long got = Flags.read(c) & FLAGMASK & ~v.undef();
            long want = hex(v.out().get("f")) & ~v.undef();
            if (got != want) {
                diff.append(String.format(" f=%x(hw %x, undefined %x)", got, want, v.undef()));
            }
        }
        if (v.out().containsKey("m0")) {
            long m0 = m.read64(buf);
            long m1 = m.read64(buf + 8);
            if (m0 != hex(v.out().get("m0")) || m1 != hex(v.out().get("m1"))) {
                diff.append(String.format(" m0=%x m1=%x(hw %s %s)", m0, m1, v.out().get("m0"), v.out().get("m1")));
            }
        }
        if (v.out().containsKey("M")) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < BUF; i++) {
                sb.append(String.format("%02x", m.read8(buf + i)));
            }
            if (!sb.toString().equals(v.out().get("M"))) {
                diff.append(" M=").append(sb);
            }
        }
        return diff.isEmpty() ? null : diff.toString().trim();
    }
}
