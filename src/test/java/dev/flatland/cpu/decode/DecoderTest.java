package dev.flatland.cpu.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decoder fields and lengths for tricky encodings. The byte sequences were produced by GNU as
 * (intel syntax) and checked against objdump's lengths; the instruction is quoted beside each.
 */
final class DecoderTest {
    private static final long ADDR = 0x40_1000L;

    private static DecodedBlock block = new DecodedBlock(ADDR);

    private static long decode(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        int len = Decoder.decode(b, 0, b.length, ADDR, block, 0);
        assertEquals(b.length, len, "length of " + hex);
        assertEquals(len, Insn.length(block.insn[0]));
        return block.insn[0];
    }

    @ParameterizedTest(name = "{0} is {1} bytes")
    @CsvSource({
        "8b048d10000000, 7",               // mov eax, [rcx*4+0x10]
        "488d0500010000, 7",               // lea rax, [rip+0x100]
        "4088c6, 3",                       // mov sil, al
        "c4e2e0f2c1, 5",                   // andn rax, rbx, rcx
        "498b4500, 4",                     // mov rax, [r13+0]
        "498b0424, 4",                     // mov rax, [r12]
        "660f70c11b, 5",                   // pshufd xmm0, xmm1, 0x1b
        "660f3a16c003, 6",                 // pextrd eax, xmm0, 3
        "dd00, 2",                         // fld qword [rax]
        "0fbae0ff, 4",                     // bt eax, 0xff
        "c8100002, 4",                     // enter 0x10, 2
        "a805, 2",                         // test al, 5
        "f6c005, 3",                       // test al, 5 (F6 /0 has an imm8)
        "f6d0, 2",                         // not al (F6 /2 has none)
        "c42281f784c878563412, 10",        // shlx r8, [rax+r9*8+0x12345678], r15
        "48b88877665544332211, 10",        // mov rax, imm64
        "a1f0debc9a78563412, 9",           // mov eax, [moffs64]
        "67a178563412, 6",                 // mov eax, [moffs32] (0x67)
        "66b83412, 4",                     // mov ax, imm16
        "48c7c0ffffffff, 7",               // mov rax, -1 (imm32 sign-extended)
        "66678b0400, 5",                   // mov ax, [eax+eax]
        "f30f1efa, 4",                     // endbr64
        "0f1f840000000000, 8",             // nop dword [rax+rax+0]
        "64488b042528000000, 9",           // mov rax, fs:[0x28]
        "f0480fb10a, 5",                   // lock cmpxchg [rdx], rcx
        "0f05, 2",                         // syscall
    })
    void lengths(String hex, int length) {
        decode(hex);
        assertEquals(length, Insn.length(block.insn[0]));
    }

    @Test
    void sibWithoutBaseHasOnlyIndexScaleAndDisp32() {
        long w = decode("8b048d10000000");
        assertTrue(Insn.hasMem(w));
        assertEquals(Insn.NO_REG, Insn.base(w));
        assertEquals(1, Insn.index(w));
        assertEquals(2, Insn.scale(w));
        assertEquals(0x10, block.disp[0]);
        assertFalse(Insn.ripRelative(w));
        assertEquals(Insn.OS32, Insn.opsize(w));
    }

    @Test
    void ripRelative() {
        long w = decode("488d0500010000");
        assertTrue(Insn.ripRelative(w));
        assertEquals(Insn.NO_REG, Insn.base(w));
        assertEquals(0x100, block.disp[0]);
        assertEquals(Insn.OS64, Insn.opsize(w));
        assertEquals(0x8d, Insn.op(w));
    }

    @Test
    void rexSelectsSilWhereNoRexMeansDh() {
        long withRex = decode("4088c6");
        assertTrue(Insn.rex(withRex));
        assertEquals(6, Insn.rm(withRex));
        long without = decode("88c6");
        assertFalse(Insn.rex(without));
        assertEquals(6, Insn.rm(without));
    }

    @Test
    void rexWOverrides66AndRexBeforeAPrefixIsIgnored() {
        assertEquals(Insn.OS64, Insn.opsize(decode("664801d8")));
        assertEquals(Insn.OS16, Insn.opsize(decode("6601d8")));
        long w = decode("486601d8"); // REX not last: ignored
        assertEquals(Insn.OS16, Insn.opsize(w));
        assertFalse(Insn.rex(w));
    }

    @Test
    void r13AndR12BasesNeedDispAndSib() {
        long w = decode("498b4500");
        assertEquals(13, Insn.base(w));
        assertEquals(1, Insn.mod(w));
        assertFalse(Insn.ripRelative(w));
        w = decode("498b0424");
        assertEquals(12, Insn.base(w));
        assertEquals(Insn.NO_REG, Insn.index(w));
    }

    @Test
    void rexXExtendsIndexFourToR12() {
        long w = decode("4a8b0424"); // mov rax, [rsp+r12]
        assertEquals(4, Insn.base(w));
        assertEquals(12, Insn.index(w));
    }

    @Test
    void vexAndnDecodesRegistersAndWidth() {
        long w = decode("c4e2e0f2c1");
        assertTrue(Insn.vex(w));
        assertEquals(0x2f2, Insn.op(w));
        assertEquals(3, Insn.vvvv(w));
        assertEquals(0, Insn.reg(w));
        assertEquals(1, Insn.rm(w));
        assertEquals(Insn.OS64, Insn.opsize(w));
        assertFalse(Decoder.undefined(w));
    }

    @Test
    void vexShlxWithExtendedRegistersAndSib() {
        long w = decode("c42281f784c878563412");
        assertEquals(0x2f7, Insn.op(w));
        assertEquals(8, Insn.reg(w));
        assertEquals(15, Insn.vvvv(w));
        assertEquals(0, Insn.base(w));
        assertEquals(9, Insn.index(w));
        assertEquals(3, Insn.scale(w));
        assertEquals(0x12345678, block.disp[0]);
        assertTrue(Insn.p66(w)); // VEX.pp = 66 (SHLX)
        assertEquals(Insn.OS64, Insn.opsize(w)); // VEX.W1, not 16 bits despite pp = 66
    }

    @Test
    void avxIsUndefined() {
        long w = decode("c5f058c2"); // vaddps xmm0, xmm1, xmm2
        assertTrue(Decoder.undefined(w));
        assertTrue(Decoder.endsBlock(w));
    }

    @Test
    void invalidOneByteOpcodesAreUndefined() {
        for (String hex : new String[] {"06", "07", "0e", "16", "17", "1e", "1f", "27", "2f", "37", "3f", "60", "61",
            "d4", "d5", "d6", "ce", "ea", "9a"}) {
            byte[] b = HexFormat.of().parseHex(hex + "00000000000000");
            int len = Decoder.decode(b, 0, b.length, ADDR, block, 0);
            assertTrue(len > 0);
            assertTrue(Decoder.undefined(block.insn[0]), hex);
        }
    }

    @Test
    void immediatesAreSignExtendedInTheOneByteMapAndZeroExtendedInOthers() {
        decode("83c0ff"); // add eax, -1
        assertEquals(-1, block.imm[0]);
        decode("0fbae0ff"); // bt eax, 0xff
        assertEquals(0xff, block.imm[0]);
        decode("660f70c1f0"); // pshufd xmm0, xmm1, 0xf0
        assertEquals(0xf0, block.imm[0]);
        decode("48b88877665544332211");
        assertEquals(0x1122334455667788L, block.imm[0]);
        decode("c8100002");
        assertEquals(0x10 | 2 << 16, block.imm[0]);
        decode("a1f0debc9a78563412");
        assertEquals(0x123456789abcdef0L, block.imm[0]);
        decode("67a178563412");
        assertEquals(0x12345678L, block.imm[0]);
    }

    @Test
    void relativeBranchTargetsAreAbsolute() {
        decode("75f2"); // jnz -14
        assertEquals(ADDR + 2 - 14, block.imm[0]);
        decode("0f8410000000"); // jz +0x10
        assertEquals(ADDR + 6 + 0x10, block.imm[0]);
        decode("e8fbffffff"); // call self
        assertEquals(ADDR, block.imm[0]);
        assertTrue(Decoder.endsBlock(block.insn[0]));
    }

    @Test
    void stackAndBranchOperandSizes() {
        assertEquals(Insn.OS64, Insn.opsize(decode("50")));   // push rax
        assertEquals(Insn.OS16, Insn.opsize(decode("6650"))); // push ax
        assertEquals(Insn.OS64, Insn.opsize(decode("ffd0"))); // call rax
        assertEquals(Insn.OS64, Insn.opsize(decode("66ffd0"))); // 0x66 ignored for near call
        assertEquals(Insn.OS64, Insn.opsize(decode("ff30"))); // push qword [rax]
    }

    @Test
    void segmentOverridesAndLastRepPrefixWins() {
        long w = decode("64488b042528000000");
        assertEquals(Insn.SEG_FS, Insn.seg(w));
        assertEquals(Insn.NO_REG, Insn.base(w));
        assertEquals(0x28, block.disp[0]);
        w = decode("65f3f2a4"); // gs rep repne movsb: F2 is last
        assertEquals(Insn.SEG_GS, Insn.seg(w));
        assertTrue(Insn.repne(w));
        assertFalse(Insn.rep(w));
    }

    @Test
    void moreThanFifteenBytesIsUndefined() {
        byte[] b = HexFormat.of().parseHex("6666666666666666666666666666" + "48b88877665544332211");
        int len = Decoder.decode(b, 0, b.length, ADDR, block, 0);
        assertEquals(15, len);
        assertTrue(Decoder.undefined(block.insn[0]));
    }

    @Test
    void truncatedInstructionsReportTruncation() {
        byte[] b = HexFormat.of().parseHex("48b8887766");
        assertEquals(Decoder.TRUNCATED, Decoder.decode(b, 0, b.length, ADDR, block, 0));
        b = HexFormat.of().parseHex("8b04");
        assertEquals(Decoder.TRUNCATED, Decoder.decode(b, 0, b.length, ADDR, block, 0));
        b = HexFormat.of().parseHex("0f");
        assertEquals(Decoder.TRUNCATED, Decoder.decode(b, 0, b.length, ADDR, block, 0));
    }

    @Test
    void everyByteSequenceDecodesWithoutThrowing() {
        java.util.Random rnd = new java.util.Random(42);
        byte[] b = new byte[20];
        for (int n = 0; n < 200_000; n++) {
            rnd.nextBytes(b);
            int len = Decoder.decode(b, 0, b.length, ADDR, block, 0);
            assertTrue(len == Decoder.TRUNCATED || (len >= 1 && len <= 15), "length " + len);
        }
    }
}
