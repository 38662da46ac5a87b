/*
 * Two-instruction sequences on real hardware: a core ALU instruction (whose flags the engine keeps
 * lazily) followed by an instruction of the extended families that reads or partly keeps the
 * flags. Replayed only through the interpreter (descriptor token insns=2); see harness.h.
 */
#include "harness.h"

enum { RA, RB, RC, RD, RS };

STUB(add_rcl, "addl %ebx,%eax\nrclq $1,%rcx")
STUB(sub_rcr, "subq %rbx,%rax\nrcrb %cl,%dl")
STUB(add_adcx, "addq %rbx,%rax\nadcxq %rbx,%rcx")
STUB(sub_adox, "subq %rbx,%rax\nadoxq %rbx,%rcx")
STUB(add_bt, "addq %rbx,%rax\nbtq $3,%rcx")
STUB(xor_shl0, "xorl %eax,%ebx\nshll %cl,%edx")
STUB(inc_ror, "incq %rax\nrorq %cl,%rbx")
STUB(add_mul, "addq %rbx,%rax\nmulq %rcx")
STUB(neg_bsf, "negq %rax\nbsfq %rbx,%rcx")
STUB(dec_tzcnt, "decl %eax\ntzcntl %ebx,%ecx")
STUB(cmp_cmpxchg8b, "cmpq %rbx,%rax\nlock cmpxchg8b (%rsi)")
STUB(add_div, "addl %ebx,%ecx\ndivl %ecx")

static const char *ALL = "abcdf";

int main(void) {
    harness_init();
    random_case("add_then_rcl", "insns=2", ALL, s_add_rcl, RA, RB, RC, 60, 0);
    random_case("sub_then_rcr_cl", "insns=2", ALL, s_sub_rcr, RA, RB, RC, 60, OF);
    random_case("add_then_adcx", "insns=2", ALL, s_add_adcx, RA, RB, RC, 60, 0);
    random_case("sub_then_adox", "insns=2", ALL, s_sub_adox, RA, RB, RC, 60, 0);
    random_case("add_then_bt", "insns=2", ALL, s_add_bt, RA, RB, RC, 60, OF | SF | AF | PF);
    random_case("xor_then_shl_by_cl", "insns=2", ALL, s_xor_shl0, RA, RB, RC, 60, OF | AF | CF);
    random_case("inc_then_ror_cl", "insns=2", ALL, s_inc_ror, RA, RB, RC, 60, OF);
    random_case("add_then_mul", "insns=2", ALL, s_add_mul, RA, RB, RC, 60, SF | ZF | AF | PF);
    random_case("neg_then_bsf", "insns=2", ALL, s_neg_bsf, RA, RB, RC, 60, CF | OF | SF | AF | PF);
    random_case("dec_then_tzcnt", "insns=2", ALL, s_dec_tzcnt, RA, RB, RC, 60, OF | SF | AF | PF);
    random_case("add_then_div", "insns=2", ALL, s_add_div, RA, RB, RC, 60, CF | OF | SF | ZF | AF | PF);
    begin_case("cmp_then_cmpxchg8b", "insns=2", "abcdSfm");
    for (int i = 0; i < 40; i++) {
        Regs in = {0};
        in.r[RA] = rnd_sized();
        in.r[RB] = rnd_sized();
        in.r[RC] = rnd();
        in.r[RD] = rnd();
        in.f = rnd() & F_ALL;
        uint64_t m0 = (i & 1) ? ((in.r[RA] & 0xffffffff) | (in.r[RD] << 32)) : rnd();
        run(s_cmp_cmpxchg8b, &in, m0, 7, 0);
    }
    return 0;
}
