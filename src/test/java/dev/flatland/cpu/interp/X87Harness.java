package dev.flatland.cpu.interp;

import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.Fpu;
import dev.flatland.cpu.decode.Insn;
import dev.flatland.memory.GuestMemory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Replays one line of src/test/resources/x87/hw.txt.gz (produced on real hardware by
 * src/test/c/x87/x87gen.c; the file header describes the format) through {@link X87#exec} and
 * reports what differs.
 */
final class X87Harness {
    private X87Harness() {
    }

    /** Encoding of each generator op: escape byte, ModRM.reg, ModRM.rm, memory operand. */
    record Enc(int esc, int reg, int rm, boolean mem) {
    }

    static final Map<String, Enc> ENC = Map.ofEntries(
            Map.entry("fadd", new Enc(0xd8, 0, 1, false)), Map.entry("fmul", new Enc(0xd8, 1, 1, false)),
            Map.entry("fsub", new Enc(0xd8, 4, 1, false)), Map.entry("fsubr", new Enc(0xd8, 5, 1, false)),
            Map.entry("fdiv", new Enc(0xd8, 6, 1, false)), Map.entry("fdivr", new Enc(0xd8, 7, 1, false)),
            Map.entry("faddp", new Enc(0xde, 0, 1, false)), Map.entry("fsubp", new Enc(0xde, 5, 1, false)),
            Map.entry("fsubrp", new Enc(0xde, 4, 1, false)), Map.entry("fdivp", new Enc(0xde, 7, 1, false)),
            Map.entry("fdivrp", new Enc(0xde, 6, 1, false)), Map.entry("fcom", new Enc(0xd8, 2, 1, false)),
            Map.entry("fucom", new Enc(0xdd, 4, 1, false)), Map.entry("fcompp", new Enc(0xde, 3, 1, false)),
            Map.entry("fucompp", new Enc(0xda, 5, 1, false)), Map.entry("fcomi", new Enc(0xdb, 6, 1, false)),
            Map.entry("fucomip", new Enc(0xdf, 5, 1, false)), Map.entry("fprem", new Enc(0xd9, 7, 0, false)),
            Map.entry("fprem1", new Enc(0xd9, 6, 5, false)), Map.entry("fscale", new Enc(0xd9, 7, 5, false)),
            Map.entry("fyl2x", new Enc(0xd9, 6, 1, false)), Map.entry("fyl2xp1", new Enc(0xd9, 7, 1, false)),
            Map.entry("fpatan", new Enc(0xd9, 6, 3, false)), Map.entry("fsqrt", new Enc(0xd9, 7, 2, false)),
            Map.entry("frndint", new Enc(0xd9, 7, 4, false)), Map.entry("f2xm1", new Enc(0xd9, 6, 0, false)),
            Map.entry("fsin", new Enc(0xd9, 7, 6, false)), Map.entry("fcos", new Enc(0xd9, 7, 7, false)),
            Map.entry("fptan", new Enc(0xd9, 6, 2, false)), Map.entry("fsincos", new Enc(0xd9, 7, 3, false)),
            Map.entry("fxtract", new Enc(0xd9, 6, 4, false)), Map.entry("fchs", new Enc(0xd9, 4, 0, false)),
            Map.entry("fabs", new Enc(0xd9, 4, 1, false)), Map.entry("ftst", new Enc(0xd9, 4, 4, false)),
            Map.entry("fxam", new Enc(0xd9, 4, 5, false)), Map.entry("fld1", new Enc(0xd9, 5, 0, false)),
            Map.entry("fldl2t", new Enc(0xd9, 5, 1, false)), Map.entry("fldl2e", new Enc(0xd9, 5, 2, false)),
            Map.entry("fldpi", new Enc(0xd9, 5, 3, false)), Map.entry("fldlg2", new Enc(0xd9, 5, 4, false)),
            Map.entry("fldln2", new Enc(0xd9, 5, 5, false)), Map.entry("fldz", new Enc(0xd9, 5, 6, false)),
            Map.entry("fxch", new Enc(0xd9, 1, 1, false)), Map.entry("fstst1", new Enc(0xdd, 2, 1, false)),
            Map.entry("fldst1", new Enc(0xd9, 0, 1, false)),
            Map.entry("fst32", new Enc(0xd9, 2, 0, true)), Map.entry("fst64", new Enc(0xdd, 2, 0, true)),
            Map.entry("fstp80", new Enc(0xdb, 7, 0, true)), Map.entry("fist16", new Enc(0xdf, 2, 0, true)),
            Map.entry("fist32", new Enc(0xdb, 2, 0, true)), Map.entry("fistp64", new Enc(0xdf, 7, 0, true)),
            Map.entry("fisttp16", new Enc(0xdf, 1, 0, true)), Map.entry("fisttp32", new Enc(0xdb, 1, 0, true)),
            Map.entry("fisttp64", new Enc(0xdd, 1, 0, true)), Map.entry("fbstp", new Enc(0xdf, 6, 0, true)),
            Map.entry("fld32", new Enc(0xd9, 0, 0, true)), Map.entry("fld64", new Enc(0xdd, 0, 0, true)),
            Map.entry("fild16", new Enc(0xdf, 0, 0, true)), Map.entry("fild32", new Enc(0xdb, 0, 0, true)),
            Map.entry("fild64", new Enc(0xdf, 5, 0, true)), Map.entry("fbld", new Enc(0xdf, 4, 0, true)),
            Map.entry("fadd64", new Enc(0xdc, 0, 0, true)), Map.entry("fsubr32", new Enc(0xd8, 5, 0, true)),
            Map.entry("fdiv64", new Enc(0xdc, 6, 0, true)), Map.entry("fcom64", new Enc(0xdc, 2, 0, true)),
            Map.entry("fimul32", new Enc(0xda, 1, 0, true)), Map.entry("fidivr16", new Enc(0xde, 7, 0, true)),
            Map.entry("fcomp", new Enc(0xd8, 3, 1, false)), Map.entry("fucomp", new Enc(0xdd, 5, 1, false)),
            Map.entry("fucomi", new Enc(0xdb, 5, 1, false)), Map.entry("fcomip", new Enc(0xdf, 6, 1, false)),
            Map.entry("fadd_dc", new Enc(0xdc, 0, 1, false)), Map.entry("fsub_dc", new Enc(0xdc, 5, 1, false)),
            Map.entry("fsubr_dc", new Enc(0xdc, 4, 1, false)), Map.entry("fdiv_dc", new Enc(0xdc, 7, 1, false)),
            Map.entry("fdivr_dc", new Enc(0xdc, 6, 1, false)), Map.entry("fmulp", new Enc(0xde, 1, 1, false)),
            Map.entry("fstp32", new Enc(0xd9, 3, 0, true)), Map.entry("fstp64", new Enc(0xdd, 3, 0, true)),
            Map.entry("fistp16", new Enc(0xdf, 3, 0, true)), Map.entry("fistp32", new Enc(0xdb, 3, 0, true)),
            Map.entry("fdivr32", new Enc(0xd8, 7, 0, true)), Map.entry("fsub64", new Enc(0xdc, 4, 0, true)),
            Map.entry("fmul32", new Enc(0xd8, 1, 0, true)), Map.entry("ficom16", new Enc(0xde, 2, 0, true)),
            Map.entry("ficomp32", new Enc(0xda, 3, 0, true)), Map.entry("fiadd32", new Enc(0xda, 0, 0, true)),
            Map.entry("fisub16", new Enc(0xde, 4, 0, true)), Map.entry("fisubr32", new Enc(0xda, 5, 0, true)),
            Map.entry("fidiv32", new Enc(0xda, 6, 0, true)));

    /** The packed Insn for an x87 instruction (2 bytes, or 3 with a [rax] ModRM + nothing). */
    static long insn(Enc e) {
        long w = e.esc();
        w |= (long) Insn.OS32 << Insn.OPSIZE_SHIFT;
        w |= (long) (e.mem() ? 0 : 3) << Insn.MOD_SHIFT;
        w |= (long) e.reg() << Insn.REG_SHIFT;
        w |= (long) e.rm() << Insn.RM_SHIFT;
        if (e.mem()) {
            w |= 1L << Insn.MEM_BIT;
        }
        w |= 2L << Insn.LEN_SHIFT;
        return w;
    }

    static final GuestMemory MEM = GuestMemory.create(1 << 16);
    static final long EA = MEM.base() + 0x100;

    /** One hardware record. */
    record Case(String line, String op, int cw, int ase, long am, int bse, long bm, int fsw, int ftw,
            int st0se, long st0m, int st1se, long st1m, int flags, String mem) {
        static Case parse(String line) {
            String[] p = line.split(" ");
            return new Case(line, p[0], hex(p[1]), se(p[2]), m(p[2]), se(p[3]), m(p[3]), hex(p[4]),
                    hex(p[5]), se(p[6]), m(p[6]), se(p[7]), m(p[7]), hex(p[8]), p[9]);
        }

        private static int hex(String s) {
            return Integer.parseInt(s, 16);
        }

        private static int se(String s) {
            return Integer.parseInt(s.substring(0, 4), 16);
        }

        private static long m(String s) {
            return Long.parseUnsignedLong(s.substring(4), 16);
        }
    }

    /** The emulated outcome of a case in the same fields. */
    record Outcome(int fsw, int ftw, int st0se, long st0m, int st1se, long st1m, int flags, String mem) {
    }

    static Outcome run(Case k) {
        Enc e = ENC.get(k.op());
        CpuState c = new CpuState();
        Fpu f = c.fpu;
        f.hostTranscendentals = false;     // the recorded data check Flatland's own model
        f.init();
        X87Env.fldcw(f, k.cw());
        X87Stack.push(f, k.bse(), k.bm());
        X87Stack.push(f, k.ase(), k.am());
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (k.bm() >>> (8 * i));
        }
        b[8] = (byte) k.bse();
        b[9] = (byte) (k.bse() >> 8);
        MEM.write(EA, b, 0, 16);
        c.rip = 0x1000;
        Flags.write(c, 0);
        X87.exec(c, MEM, insn(e), EA);
        String mem = "-";
        int len = memLength(k.op());
        if (len > 0) {
            byte[] out = new byte[len];
            MEM.read(EA, out, 0, len);
            mem = HexFormat.of().formatHex(out);
        }
        return new Outcome(f.statusWord(), X87Env.fullTag(f), X87Stack.se(f, 0), X87Stack.m(f, 0),
                X87Stack.se(f, 1), X87Stack.m(f, 1), (int) (Flags.read(c) & 0x8d5), mem);
    }

    static int memLength(String op) {
        return switch (op) {
            case "fst32", "fist32", "fisttp32", "fstp32", "fistp32" -> 4;
            case "fst64", "fistp64", "fisttp64", "fstp64" -> 8;
            case "fist16", "fisttp16", "fistp16" -> 2;
            case "fstp80", "fbstp" -> 10;
            default -> 0;
        };
    }

    /** Differences between hardware and emulation, as a short text ("" when equal). */
    static String diff(Case k, Outcome o) {
        StringBuilder sb = new StringBuilder();
        if (k.fsw() != o.fsw()) {
            sb.append(String.format(" fsw %04x/%04x", k.fsw(), o.fsw()));
        }
        if (k.ftw() != o.ftw()) {
            sb.append(String.format(" ftw %04x/%04x", k.ftw(), o.ftw()));
        }
        if (k.st0se() != o.st0se() || k.st0m() != o.st0m()) {
            sb.append(String.format(" st0 %04x%016x/%04x%016x", k.st0se(), k.st0m(), o.st0se(), o.st0m()));
        }
        if (k.st1se() != o.st1se() || k.st1m() != o.st1m()) {
            sb.append(String.format(" st1 %04x%016x/%04x%016x", k.st1se(), k.st1m(), o.st1se(), o.st1m()));
        }
        boolean flagsOp = k.op().equals("fcomi") || k.op().equals("fucomip") || k.op().equals("fucomi")
                || k.op().equals("fcomip");
        if (flagsOp && k.flags() != o.flags()) {
            sb.append(String.format(" flags %04x/%04x", k.flags(), o.flags()));
        }
        if (!k.mem().equals(o.mem())) {
            sb.append(" mem ").append(k.mem()).append('/').append(o.mem());
        }
        return sb.toString();
    }

    static List<Case> load() throws IOException {
        return load("/x87/hw.txt.gz");
    }

    /** The records of a gzipped resource in the hw.txt.gz format. */
    static List<Case> load(String resource) throws IOException {
        List<Case> out = new ArrayList<>();
        try (InputStream in = X87Harness.class.getResourceAsStream(resource);
                BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in),
                        StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.add(Case.parse(line));
            }
        }
        return out;
    }
}
