/* MOVS STOS LODS CMPS SCAS with REP/REPE/REPNE, DF and 0x67 on real hardware; see harness.h. */
#include "harness.h"

STUB(movsb, "movsb") STUB(movsq, "movsq") STUB(movsw, "movsw")
STUB(rep_movsb, "rep movsb") STUB(rep_movsw, "rep movsw") STUB(rep_movsl, "rep movsl") STUB(rep_movsq, "rep movsq")
STUB(a32_rep_movsb, ".byte 0x67\nrep movsb") STUB(a32_rep_stosl, ".byte 0x67\nrep stosl")
STUB(repne_movsb, ".byte 0xf2\nmovsb")
STUB(stosb, "stosb") STUB(stosl, "stosl")
STUB(rep_stosb, "rep stosb") STUB(rep_stosw, "rep stosw") STUB(rep_stosl, "rep stosl") STUB(rep_stosq, "rep stosq")
STUB(lodsb, "lodsb") STUB(lodsl, "lodsl") STUB(lodsq, "lodsq") STUB(rep_lodsw, "rep lodsw")
STUB(cmpsb, "cmpsb") STUB(cmpsq, "cmpsq")
STUB(repe_cmpsb, "repe cmpsb") STUB(repne_cmpsb, "repne cmpsb") STUB(repe_cmpsl, "repe cmpsl") STUB(repe_cmpsq, "repe cmpsq")
STUB(scasb, "scasb") STUB(scasw, "scasw")
STUB(repne_scasb, "repne scasb") STUB(repe_scasb, "repe scasb") STUB(repne_scasl, "repne scasl") STUB(repe_scasq, "repe scasq")
STUB(a32_repne_scasb, ".byte 0x67\nrepne scasb")
STUB(lock_movsb, ".byte 0xf0\nmovsb")

typedef struct {
    uint64_t s, d, c, a, f, m0, m1;
} V;

#define P(k) ((uint64_t) (uint8_t) ((k) * 37 + 11))

static void str_case(const char *name, const char *desc, void (*stub)(void), const V *v, int n, int withM16) {
    begin_case(name, desc, withM16 ? "acSDfmM" : "acSDfM");
    for (int i = 0; i < n; i++) {
        Regs in = {0};
        in.r[4] = v[i].s;
        in.r[5] = v[i].d;
        in.r[2] = v[i].c;
        in.r[0] = v[i].a;
        in.f = v[i].f;
        /* with m listed, bytes 0..15 come from m0/m1; default them to the pattern */
        uint64_t m0 = v[i].m0, m1 = v[i].m1;
        if (withM16 && !m0 && !m1) {
            for (int b = 7; b >= 0; b--) {
                m0 = (m0 << 8) | P(b);
                m1 = (m1 << 8) | P(b + 8);
            }
        }
        run(stub, &in, m0, m1, 0);
    }
}

#define N(a) (int) (sizeof a / sizeof a[0])
#define DFL 0x400ULL

int main(void) {
    harness_init();
    static const V one[] = {
        {0, 64, 7, 0, 0}, {64, 0, 7, 0, DFL}, {127, 0, 0, 0, F_ALL}, {5, 5, 1, 0, DFL | F_ALL},
        {127, 128, 0, 0, 0}, /* destination in the guard page: fault, nothing moves */
    };
    str_case("movsb", "op=a4", s_movsb, one, N(one), 0);
    str_case("movsw", "op=a5 66", s_movsw, one, N(one) - 1, 0);
    str_case("movsq", "op=a5 w", s_movsq, one, 2, 0);
    static const V rep[] = {
        {0, 64, 0, 0, 0},            /* count 0: nothing */
        {0, 64, 16, 0, 0},           /* disjoint forward */
        {0, 1, 20, 0, 0},            /* overlap, destination above: the first byte replicates */
        {1, 0, 20, 0, 0},            /* overlap, destination below: a memmove */
        {40, 39, 20, 0, DFL},        /* backward, destination below: replicates */
        {40, 41, 20, 0, DFL},        /* backward, destination above: a memmove */
        {100, 20, 12, 0, DFL},       /* disjoint backward */
        {0, 64, 0xffffffff00000003ULL, 0, 0}, /* full RCX is the count */
        {0, 120, 30, 0, 0},          /* destination runs into the guard page */
        {110, 0, 30, 0, 0},          /* source runs into the guard page */
        {8, 100, 0x7fffffffffffffffULL, 0, 0}, /* huge count: stops at the fault */
    };
    str_case("rep_movsb", "op=a4 f3", s_rep_movsb, rep, N(rep), 0);
    str_case("rep_movsw", "op=a5 f3 66", s_rep_movsw, rep, N(rep), 0);
    str_case("rep_movsl", "op=a5 f3", s_rep_movsl, rep, N(rep), 0);
    str_case("rep_movsq", "op=a5 f3 w", s_rep_movsq, rep, N(rep), 0);
    str_case("repne_movsb", "op=a4 f2", s_repne_movsb, rep, 3, 0);
    static const V a32[] = {
        {0, 64, 0xffffffff00000005ULL, 0, 0}, /* only ECX counts; RCX's upper half is cleared */
        {0xabcd000000000000ULL, 0x1234000000000040ULL, 3, 0, 0}, /* ESI/EDI; upper halves dropped */
        {10, 70, 4, 0, DFL},
        {0x1111111100000000ULL, 0x2222222200000010ULL, 0xffffffff00000000ULL, 0, 0}, /* ECX = 0: nothing runs */
    };
    str_case("a32_rep_movsb", "op=a4 f3 a32", s_a32_rep_movsb, a32, N(a32), 0);
    static const V sto[] = {
        {0, 0, 5, 0x1122334455667788ULL, 0}, {0, 60, 5, 0x1122334455667788ULL, DFL}, {0, 8, 0, 0xff, 0},
        {0, 100, 100, 0xa1b2c3d4e5f60718ULL, 0}, {0, 16, 4000, 0x5a, DFL}, {0, 125, 1, 0x1234, 0},
    };
    str_case("stosb", "op=aa", s_stosb, sto, N(sto), 0);
    str_case("stosl", "op=ab", s_stosl, sto, N(sto), 0);
    str_case("rep_stosb", "op=aa f3", s_rep_stosb, sto, N(sto), 0);
    str_case("rep_stosw", "op=ab f3 66", s_rep_stosw, sto, N(sto), 0);
    str_case("rep_stosl", "op=ab f3", s_rep_stosl, sto, N(sto), 0);
    str_case("rep_stosq", "op=ab f3 w", s_rep_stosq, sto, N(sto), 0);
    str_case("a32_rep_stosl", "op=ab f3 a32", s_a32_rep_stosl, a32, N(a32), 0);
    static const V lod[] = {
        {0, 0, 3, 0xffffffffffffffffULL, 0}, {17, 0, 3, 0xffffffffffffffffULL, DFL}, {120, 0, 9, 0, 0},
        {126, 0, 1, 0, 0}, {127, 0, 0, 0x77, 0},
    };
    str_case("lodsb", "op=ac", s_lodsb, lod, N(lod), 0);
    str_case("lodsl", "op=ad", s_lodsl, lod, N(lod), 0);
    str_case("lodsq", "op=ad w", s_lodsq, lod, N(lod), 0);
    str_case("rep_lodsw", "op=ad f3 66", s_rep_lodsw, lod, N(lod), 0);
    uint64_t eq = 0x0102030405060708ULL;
    static V cmp[] = {
        {0, 0, 10, 0, 0},       /* same address: equal all the way */
        {0, 8, 12, 0, 0},       /* bytes 0..7 equal bytes 8..15 (m0 = m1), then differ */
        {0, 8, 12, 0, F_ALL},
        {8, 0, 5, 0, DFL},      /* backward from equal words */
        {0, 64, 0, 0, F_ALL},   /* count 0: flags unchanged */
        {100, 0, 200, 0, 0},    /* REPNE runs into the guard page */
        {0, 1, 40, 0, 0},
        {64, 0, 3, 0, DFL},
    };
    for (int i = 0; i < N(cmp); i++) {
        if (i >= 1 && i <= 3) {
            cmp[i].m0 = eq;
            cmp[i].m1 = eq;
        }
    }
    str_case("cmpsb", "op=a6", s_cmpsb, cmp, N(cmp) - 3, 1);
    str_case("cmpsq", "op=a7 w", s_cmpsq, cmp, N(cmp) - 3, 1);
    str_case("repe_cmpsb", "op=a6 f3", s_repe_cmpsb, cmp, N(cmp), 1);
    str_case("repne_cmpsb", "op=a6 f2", s_repne_cmpsb, cmp, N(cmp), 1);
    str_case("repe_cmpsl", "op=a7 f3", s_repe_cmpsl, cmp, N(cmp), 1);
    str_case("repe_cmpsq", "op=a7 f3 w", s_repe_cmpsq, cmp, N(cmp), 1);
    static const V sca[] = {
        {0, 0, 100, P(20), 0},                 /* found at 20 */
        {0, 0, 10, P(20), F_ALL},              /* count runs out first */
        {0, 40, 100, P(20), DFL},              /* found going backward */
        {0, 100, 100, 0x1234, 0},              /* not found: fault at the guard page */
        {0, 0, 0, P(0), F_ALL},
        {0, 16, 8, 0, 0},                      /* REPE over a zero run? no: pattern, stops at once */
        {0, 0, 5, P(0) | (P(1) << 8) | ((uint64_t) P(2) << 16) | ((uint64_t) P(3) << 24), 0},
    };
    str_case("scasb", "op=ae", s_scasb, sca, N(sca), 0);
    str_case("scasw", "op=af 66", s_scasw, sca, N(sca), 0);
    str_case("repne_scasb", "op=ae f2", s_repne_scasb, sca, N(sca), 0);
    str_case("repe_scasb", "op=ae f3", s_repe_scasb, sca, N(sca), 0);
    str_case("repne_scasl", "op=af f2", s_repne_scasl, sca, N(sca), 0);
    str_case("repe_scasq", "op=af f3 w", s_repe_scasq, sca, N(sca), 0);
    str_case("a32_repne_scasb", "op=ae f2 a32", s_a32_repne_scasb, a32, N(a32), 0);
    str_case("lock_movsb_is_ud", "op=a4 lock", s_lock_movsb, one, 1, 0);
    return 0;
}
