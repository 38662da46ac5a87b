// build: -O3 -msse4.2
/* Loops the compiler auto-vectorises at -O3 with SSE4.2: integer and float reductions, saxpy, min/max,
 * byte histograms, widening multiplies, conditional selects, strided copies. */
#include "../common/gt.h"
#include <stdint.h>

enum { N = 4099 };   /* odd length: the vector loop plus a scalar tail */
static int32_t ia[N], ib[N], ic[N];
static int16_t sa[N], sb[N];
static uint8_t ua[N], ub[N];
static float fa[N], fb[N], fc[N];
static double da[N], db[N];
static int64_t la[N];

__attribute__((noinline)) static int64_t dot16(void) { int64_t s = 0; for (int i = 0; i < N; i++) s += sa[i] * sb[i]; return s; }
__attribute__((noinline)) static uint32_t sad8(void) { uint32_t s = 0; for (int i = 0; i < N; i++) s += (uint32_t)(ua[i] > ub[i] ? ua[i] - ub[i] : ub[i] - ua[i]); return s; }
__attribute__((noinline)) static void saxpy(float a) { for (int i = 0; i < N; i++) fc[i] = a * fa[i] + fb[i]; }
__attribute__((noinline)) static void minmax(void) { for (int i = 0; i < N; i++) { ic[i] = ia[i] < ib[i] ? ia[i] : ib[i]; ia[i] = ia[i] > ib[i] ? ia[i] : ib[i]; } }
__attribute__((noinline)) static void widen(void) { for (int i = 0; i < N; i++) la[i] = (int64_t)ia[i] * ib[i]; }
__attribute__((noinline)) static void select_(void) { for (int i = 0; i < N; i++) ic[i] = (ia[i] & 1) ? ib[i] : -ib[i]; }
__attribute__((noinline)) static double dsum(void) { double s = 0; for (int i = 0; i < N; i++) s += da[i] * db[i]; return s; }
__attribute__((noinline)) static void avg8(void) { for (int i = 0; i < N; i++) ua[i] = (uint8_t)((ua[i] + ub[i] + 1) >> 1); }
__attribute__((noinline)) static void shifts(void) { for (int i = 0; i < N; i++) ic[i] = (ia[i] >> 3) ^ (int32_t)((uint32_t)ib[i] << 5) ^ (int32_t)((uint32_t)ia[i] >> 7); }
__attribute__((noinline)) static void mul32(void) { for (int i = 0; i < N; i++) ic[i] = ia[i] * ib[i] + 7; }
__attribute__((noinline)) static void fdiv(void) { for (int i = 0; i < N; i++) fc[i] = fa[i] / (fb[i] + 2.0f); }
__attribute__((noinline)) static void conv(void) { for (int i = 0; i < N; i++) { fa[i] = (float)ia[i] * 0.25f; ib[i] = (int32_t)fb[i]; } }
__attribute__((noinline)) static int count_eq(void) { int c = 0; for (int i = 0; i < N; i++) c += ua[i] == ub[i]; return c; }

int main(void) {
    gt_seed(70);
    for (int i = 0; i < N; i++) {
        uint64_t r = gt_next();
        ia[i] = (int32_t)r; ib[i] = (int32_t)(r >> 29); sa[i] = (int16_t)(r >> 7); sb[i] = (int16_t)(r >> 40);
        ua[i] = (uint8_t)r; ub[i] = (uint8_t)(r >> 56); fa[i] = (float)(int32_t)(r >> 40) / 1024.0f;
        fb[i] = (float)(int16_t)r / 64.0f; da[i] = (double)(int32_t)r / 3.0; db[i] = (double)(int16_t)(r >> 20) / 7.0;
    }
    printf("dot16 %lld\n", (long long)dot16());
    printf("sad8 %u\n", sad8());
    printf("count_eq %d\n", count_eq());
    printf("dsum %.17g\n", dsum());
    saxpy(1.5f);   printf("saxpy %016llx\n", (unsigned long long)gt_fnv(GT_FNV_INIT, fc, sizeof fc));
    fdiv();        printf("fdiv %016llx\n", (unsigned long long)gt_fnv(GT_FNV_INIT, fc, sizeof fc));
    widen();       printf("widen %016llx\n", (unsigned long long)gt_fnv(GT_FNV_INIT, la, sizeof la));
    select_();     printf("select %016llx\n", (unsigned long long)gt_fnv(GT_FNV_INIT, ic, sizeof ic));
    shifts();      printf("shifts %016llx\n", (unsigned long long)gt_fnv(GT_FNV_INIT, ic, sizeof ic));
    mul32();       printf("mul32 %016llx\n", (unsigned long long)gt_fnv(GT_FNV_INIT, ic, sizeof ic));
    minmax();      printf("minmax %016llx %016llx\n", (unsigned long long)gt_fnv(GT_FNV_INIT, ic, sizeof ic),
                       (unsigned long long)gt_fnv(GT_FNV_INIT, ia, sizeof ia));
    avg8();        printf("avg8 %016llx\n", (unsigned long long)gt_fnv(GT_FNV_INIT, ua, sizeof ua));
    conv();        printf("conv %016llx %016llx\n", (unsigned long long)gt_fnv(GT_FNV_INIT, fa, sizeof fa),
                       (unsigned long long)gt_fnv(GT_FNV_INIT, ib, sizeof ib));
    return 0;
}
