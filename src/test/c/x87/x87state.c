/*
 * Runs short x87 instruction sequences on the real CPU and prints the resulting FNSAVE image, AX
 * and RFLAGS, or the SIGFPE si_code when the sequence traps. X87SequenceTest replays the same
 * byte sequences (read from the output) through X87.exec.
 *
 *   gcc -O1 -o /tmp/x87state src/test/c/x87/x87state.c && /tmp/x87state > src/test/resources/x87/state.txt
 *
 * Output line: name code-hex mem-init-hex => save-hex(108 bytes) ax rflags mem-after(32 bytes)
 *          or: name code-hex mem-init-hex => sigfpe si_code
 * The code runs as: xor eax,eax; fninit; <code>; mov [rsi+0x80],ax; pushfq; pop rax;
 * mov [rsi+0x88],rax; fnsave [rsi]; ret   with rdi = a 512-byte memory block (the memory operand
 * of every [rdi] instruction) and rsi = the save area.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

struct seq { const char *name, *code, *mem; };

/* mem-init: hex bytes placed at the start of the memory block */
static const struct seq seqs[] = {
    {"overflow9", "d9e8d9e8d9e8d9e8d9e8d9e8d9e8d9e8d9e8", ""},
    {"underflow_fadd", "d8c1", ""},
    {"underflow_fstp_m64", "d9e8ddd8dd1f", ""},
    {"underflow_fist_m32", "db17", "11223344"},
    {"fcmovb_taken", "d9ebd9e8dbf1dac1", ""},
    {"fcmovnb_not_taken", "d9ebd9e8dbf1dbc1", ""},
    {"fcmove_unordered", "d9eed9e8d8f1d9e8dbf1dac9", ""},
    {"fcmovu_unordered", "d9eed9eed8f1d9e8dbf1dad9", ""},
    {"fcmovnbe", "d9e8d9ebdbf1dbd1", ""},
    {"ffree_st1", "d9e8d9ebddc1", ""},
    {"ffreep", "d9e8d9ebdfc0", ""},
    {"fdecstp_fincstp", "d9e8d9f6d9f6d9f7", ""},
    {"fxch_empty", "d9e8d9ca", ""},
    {"fnstsw_ax_less", "d9e8d9eed8d1dfe0", ""},
    {"fnstsw_ax_unordered", "d9eed9eed8f1d9e8d8d1dfe0", ""},
    {"fldcw_ffff_fnstcw", "d92fd97f02", "ffff"},
    {"fldcw_0000_fnstcw", "d92fd97f02", "0000"},
    {"fnstenv_after_ops", "d9e8d9ebdec9d937", ""},
    {"fnstenv_tags", "d9eed9e8d9eed8f1d9e8d9e8d8f6d937", ""},
    {"fldenv_roundtrip", "d9e8d9ebd937d9eed9e8d927", ""},
    {"fnsave_frstor", "d9e8d9ebdd37d9eedd27", ""},
    {"fnclex", "d9eed9eed8f1dbe2", ""},
    {"fld_m80_snan", "db2f", "0100000000000080ff7f"},
    {"fld_m64_snan", "dd07", "010000000000f07f"},
    {"fst_m32_denormal_result", "db2fd917", "00000000000000800100"},
    {"fbstp_big", "db2fdf37", "0000000000000080ff43"},
    {"fbld_fbstp", "df27df37", "99887766554433221181"},
    {"fisttp_m16_range", "db2fdf0f", "0000000000000080 0f40"},
    {"fist_m64_neg", "db2fdf3f", "00000000000000c01e40"},
    {"fprem_loop", "db2fdb6f0ad9f8", "000000000000008040400000000000000000000000009ac0fd3f"},
    {"fcomip_pop", "d9e8d9ebdff1", ""},
    {"fucompp_nan", "d9eed9eed8f1d9e8dae9", ""},
    {"ftst_neg", "d9e8d9e0d9e4", ""},
    {"fxam_empty", "d9e8d9e0ddd8d9f6d9e5", ""},
    {"fxam_denormal", "db2fd9e5", "01000000000000000000"},
    {"fsincos_big", "db2fd9fb", "000000000000008040c0"},
    {"fptan_push1", "d9ebd9e8d8c0d9f2", ""},
    {"fxtract_zero", "d9eed9f4", ""},
    {"fscale_neg", "db2fdb6f0ad9fd", "000000000000008000400000000000000080fe3f"},
    {"fyl2x_zero_ze", "d9e8d9eed9f1", ""},
    {"fsqrt_pc24", "d92fd9ebd9fa", "7f00"},
    {"fdiv_rc_down", "d92fd9e8d9ebdef9", "7f07"},
    {"ficom_m16", "d9ebde17", "0300"},
    {"ficomp_m32", "d9ebda1f", "04000000"},
    {"fiadd_m16_fisub", "d9ebde07de27", "0300"},
    {"fstp_st1_alias", "d9e8d9ebd9d9", ""},
    {"env16_fnstenv", "d9e8d9ebd8f166d937", ""},
    {"env16_fldenv_roundtrip", "d9e8d9eb66d937d9eed9e8d9ee66d927", ""},
    {"env16_fnsave_frstor", "d9e8d9eb66dd37d9ee66dd27", ""},
    /* condition codes C0 C2 C3 left by a compare, then an instruction that leaves them undefined */
    {"cc_after_fadd", "d9eed9eed8f1d9e8d8d1d8c1", ""},
    {"cc_after_fld", "d9eed9eed8f1d9e8d8d1d9e8", ""},
    {"cc_after_fsqrt", "d9eed9eed8f1d9e8d8d1d9fa", ""},
    {"cc_after_fxch", "d9eed9eed8f1d9e8d8d1d9c9", ""},
    {"cc_after_fstp_m64", "d9eed9eed8f1d9e8d8d1dd1f", ""},
    {"cc_after_frndint", "d9eed9eed8f1d9e8d8d1d9fc", ""},
    {"cc_after_fchs", "d9eed9eed8f1d9e8d8d1d9e0", ""},
    {"cc_after_fscale", "d9eed9eed8f1d9e8d8d1d9fd", ""},
    {"cc_after_fxtract", "d9eed9eed8f1d9e8d8d1d9f4", ""},
    {"cc_after_fistp", "d9eed9eed8f1d9e8d8d1df1f", ""},
    {"cc_after_fldcw", "d9eed9eed8f1d9e8d8d1d96f10", "0000000000000000000000000000000000007f03"},
    {"cc_after_fyl2x", "d9eed9eed8f1d9e8d9e8d8d1d9f1", ""},
    {"cc_after_f2xm1", "d9eed9eed8f1d9e8d8d1d9f0", ""},
    /* unmasked exceptions: trap at the next waiting instruction */
    {"unmasked_ie_trap", "d92fd9eed9eed8f1d9e8", "7e03"},
    {"unmasked_ze_trap", "d92fd9e8d9eedef9d9e8", "7b03"},
    {"unmasked_pe_trap", "d92fd9e8d9ebdef9d9e8", "5f03"},
    {"unmasked_de_trap", "d92fdb6f0ad9e8dec9d9e8", "7d0300000000000000000000010000000000000000000000"},
    {"unmasked_ue_masked_pe", "d92fdb6f0adb6f14dec9d9ee", "6f0300000000000000000000000000000080013f0000000000000080013f"},
    {"unmasked_ie_no_trap_fnstsw", "d92fd9eed9eed8f1dfe0", "7e03"},
    {"unmasked_ie_fninit_clears", "d92fd9eed9eed8f1dbe3d9e8", "7e03"},
    {"unmasked_then_fnclex", "d92fd9eed9eed8f1dbe2d9e8", "7e03"},
    {"unmasked_oe_scaled", "d92fdb6f0ad8c8", "7703000000000000000000000000000000ff7f"},
};

static sigjmp_buf jb;
static volatile int fpe_code;

static void on_fpe(int sig, siginfo_t *si, void *uc) {
    (void)sig; (void)uc;
    fpe_code = si->si_code;
    siglongjmp(jb, 1);
}

static int hexbytes(const char *h, uint8_t *out) {
    int n = 0;
    while (*h) {
        if (*h == ' ') { h++; continue; }
        unsigned v;
        sscanf(h, "%2x", &v);
        out[n++] = (uint8_t)v;
        h += 2;
    }
    return n;
}

int main(void) {
    uint8_t *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fpe;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGFPE, &sa, NULL);
    for (size_t k = 0; k < sizeof seqs / sizeof seqs[0]; k++) {
        static const uint8_t pre[] = {0x31, 0xc0, 0xdb, 0xe3};
        static const uint8_t post[] = {0x66, 0x89, 0x86, 0x80, 0, 0, 0, 0x9c, 0x58, 0x48, 0x89, 0x86,
                                       0x88, 0, 0, 0, 0xdd, 0x36, 0xc3};
        uint8_t code[256];
        int n = 0;
        memcpy(code, pre, sizeof pre);
        n = sizeof pre;
        n += hexbytes(seqs[k].code, code + n);
        memcpy(code + n, post, sizeof post);
        n += sizeof post;
        memcpy(page, code, n);
        static uint8_t mem[512];
        static uint8_t save[512];
        memset(mem, 0, sizeof mem);
        memset(save, 0, sizeof save);
        hexbytes(seqs[k].mem, mem);
        printf("%s %s %s =>", seqs[k].name, seqs[k].code, *seqs[k].mem ? seqs[k].mem : "-");
        if (sigsetjmp(jb, 1) == 0) {
            ((void (*)(uint8_t *, uint8_t *))page)(mem, save);
            printf(" ");
            for (int i = 0; i < 108; i++) printf("%02x", save[i]);
            uint64_t fl;
            memcpy(&fl, save + 0x88, 8);
            printf(" %02x%02x %04x ", save[0x81], save[0x80], (unsigned)(fl & 0x8d5));
            for (int i = 0; i < 32; i++) printf("%02x", mem[i]);
            printf("\n");
        } else {
            printf(" sigfpe %d\n", fpe_code);
            __asm__ volatile("fninit");
        }
    }
    return 0;
}
