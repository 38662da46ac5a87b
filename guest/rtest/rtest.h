/* Randomized instruction tester: shared declarations.
 *
 * A sequence is generated from (seed, sequence number) only, never from execution results, so
 * the native run and the emulated run execute byte-identical code on identical initial state.
 * Everything the SDM leaves undefined is either avoided by construction (fixup instructions that
 * force defined operands) or masked before the state is hashed/printed. */
#ifndef RTEST_H
#define RTEST_H
#include <stdint.h>
#include <stddef.h>

/* ---- machine state exchanged with enter.S (layout fixed: enter.S uses these offsets) ---- */
struct rt_state {
    uint64_t gpr[16];      /* 0: rax..r15 (rsp slot unused on input) */
    uint64_t rflags;       /* 128 */
    uint32_t mxcsr;        /* 136 */
    uint16_t fcw;          /* 140 */
    uint16_t x87n;         /* 142: number of x87 values to push (ST0 = x87[0]) */
    uint8_t  xmm[16][16];  /* 144 */
    uint8_t  x87[8][16];   /* 400: 80-bit values, 16-byte stride */
};                          /* size 528 */

extern struct rt_state rt_in, rt_out;
extern uint8_t rt_fx[512];            /* fxsave image written by the epilogue (16-aligned) */
extern void rt_enter(void *code);      /* runs generated code; the code ends by jumping to rt_exit */
extern void rt_exit(void);

/* ---- the scratch buffer: R15 points at its middle for the whole sequence ---- */
#define MEMSZ 2048
#define MEMHALF 1024
extern uint8_t *rt_mem;               /* MEMSZ bytes */

/* ---- EFLAGS bits ---- */
#define F_CF 0x001
#define F_PF 0x004
#define F_AF 0x010
#define F_ZF 0x040
#define F_SF 0x080
#define F_DF 0x400
#define F_OF 0x800
#define F_ALL6 (F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)

/* ---- registers ---- */
enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };
#define HB(r) (16 + (r))   /* AH, CH, DH, BH as 8-bit operands: HB(0..3) */
#define BASE R15           /* reserved: scratch buffer base, never written, never a data source */

/* ---- instruction classes ---- */
enum {
    C_INT, C_SHIFT, C_MULDIV, C_BIT, C_BMI, C_CMOV, C_MOV, C_LEA, C_STR, C_MISC,
    C_X87, C_SSE, C_SSEI, C_SSSE3, C_SSE4, NCLASS
};
extern const char *const class_names[NCLASS];

/* ---- the generator context ---- */
#define MAXINS 96
struct insn_log { uint16_t off; uint8_t len; uint8_t fixup; uint8_t size; const char *name; };

struct gen {
    uint8_t *start, *p;    /* code being emitted */
    uint8_t *pool;         /* 64-byte read-only constant pool placed before the code */
    uint8_t *slot;         /* executable copy of pool+code */
    int slot_len;
    uint64_t rng;
    int undef;             /* EFLAGS bits currently undefined */
    int fdepth;            /* x87 stack depth */
    int fcc_undef;         /* x87 C0/C2/C3 currently undefined */
    int nins;
    int cur_fixup;
    int cur_size;          /* operand size shown in the listing (0: implied) */
    struct insn_log log[MAXINS];
};
extern struct gen G;

/* ---- PRNG (splitmix64) ---- */
static inline uint64_t rnd(void) {
    uint64_t z = (G.rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static inline uint32_t rn(uint32_t n) { return (uint32_t)((rnd() >> 32) * (uint64_t)n >> 32); }
static inline int chance(int percent) { return (int)rn(100) < percent; }
uint64_t rnd_value(int bits);      /* "interesting" integer of the given width */

/* ---- encoder (enc.c) ---- */
struct rm {
    int isreg;             /* 1: register operand (reg), 0: memory */
    int reg;
    int base, idx, scale;  /* base/idx -1 = none; scale 0..3 */
    int32_t disp;
    int dsz;               /* forced displacement size: 0 auto, 1, 4 */
    int rip;               /* RIP-relative into the pool at offset disp */
    int a32;               /* 0x67 address-size prefix */
};
#define P66 1
#define PF2 2
#define PF3 4
#define PLOCK 8
#define PREP PF3

struct op {
    int pfx;               /* P66 | PF2 | PF3 | PLOCK */
    int w;                 /* REX.W (VEX.W for VEX) */
    int byteop;            /* 8-bit register operands: 4..7 need REX (SPL..DIL), HB() forbid it;
                              1 = both operands, 2 = the r/m operand only (movzx, crc32) */
    int vex;               /* 0 legacy; else VEX map 1=0F 2=0F38 3=0F3A */
    int vvvv;              /* VEX.vvvv register */
    int nopc;
    uint8_t opc[3];
    int regf;              /* ModRM.reg (register number or /digit); -1 = no ModRM */
    int digit;             /* regf is an opcode extension (/digit), not a register */
    int immsz;
    uint64_t imm;
};

void emit(struct op *o, struct rm *m, const char *name);
void emit_raw(const uint8_t *b, int n, const char *name);
struct rm rm_reg(int r);
struct rm mk_mem(int size, int write, int align, unsigned excl);
int pick_gpr(unsigned excl);       /* any GPR except RSP, R15 and the excl mask */
int pick_r8(unsigned excl, int allow_hb);
void need_flags(int mask);
void set_flags(int defined, int undefined);
void fix_mov_imm(int r, int64_t v);          /* mov r64, simm32 (fixup) */
void fix_mov_r8(int r, uint8_t v);            /* mov r8, imm8 (fixup) */
void fix_cmp(void);                           /* defines all six arithmetic flags */
struct op OP1(uint8_t a);
struct op OP2(uint8_t a, uint8_t b);
struct op OP3(uint8_t a, uint8_t b, uint8_t c);

/* ---- generators ---- */
void gen_int(void), gen_shift(void), gen_muldiv(void), gen_bit(void), gen_bmi(void);
void gen_cmov(void), gen_mov(void), gen_lea(void), gen_str(void), gen_misc(void);
void gen_x87(void);
void gen_sse(int cls);
void x87_init_state(void);
void sse_init_state(void);
int size_pick(int allow8);         /* 8/16/32/64 */
void setsz(struct op *o, int sz);
struct rm rm_any(int sz, int write, unsigned excl, int mempct);
void pair8(int *a, int *b);
void gen_alu(void);
void fix_simple(struct op o, struct rm *m, int sz, const char *name);

#endif
