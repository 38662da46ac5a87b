// build: -lm -frounding-math
/* Rounding modes and exception flags (MXCSR and the x87 control word): fesetround, rint, nearbyint,
 * division results under each mode, fetestexcept after inexact/overflow/underflow/invalid/divbyzero. */
#include "../common/gt.h"
#include <fenv.h>
#include <math.h>

static const int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};
static const char *names[] = {"nearest", "down", "up", "zero"};

static void flags(const char *what) {
    printf("  %-10s inexact=%d overflow=%d underflow=%d invalid=%d divbyzero=%d\n", what,
        !!fetestexcept(FE_INEXACT), !!fetestexcept(FE_OVERFLOW), !!fetestexcept(FE_UNDERFLOW),
        !!fetestexcept(FE_INVALID), !!fetestexcept(FE_DIVBYZERO));
}

int main(void) {
    volatile double one = 1.0, three = 3.0, zero = 0.0, big = 1e308, tiny = 1e-308;
    volatile long double lone = 1.0L, lthree = 3.0L;
    volatile float fone = 1.0f, fthree = 3.0f;
    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        printf("%s: getround-ok=%d\n", names[m], fegetround() == modes[m]);
        volatile double q = one / three, nq = -one / three;
        volatile long double lq = lone / lthree;
        volatile float fq = fone / fthree;
        printf("  1/3=%a -1/3=%a l=%La f=%a\n", q, nq, lq, (double)fq);
        static const double r[] = {0.5, 1.5, 2.5, -0.5, -1.5, 2.4999, -2.6};
        for (unsigned i = 0; i < sizeof r / sizeof r[0]; i++)
            printf("  rint(%g)=%g nearbyint=%g lrint=%ld rintl=%Lg\n", r[i], rint(r[i]), nearbyint(r[i]),
                lrint(r[i]), rintl((long double)r[i]));
        printf("  sqrt(2)=%a sqrtl(2)=%La 1e16+1=%.17g\n", sqrt(2.0 * one), sqrtl(2.0L * lone), 1e16 * one + one);
    }
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT); flags("clear");
    volatile double r;
    r = one / three; flags("1/3");
    feclearexcept(FE_ALL_EXCEPT); r = big * big; flags("overflow");
    feclearexcept(FE_ALL_EXCEPT); r = tiny * tiny; flags("underflow");
    feclearexcept(FE_ALL_EXCEPT); r = zero / zero; flags("0/0");
    feclearexcept(FE_ALL_EXCEPT); r = one / zero; flags("1/0");
    feclearexcept(FE_ALL_EXCEPT); r = sqrt(-one); flags("sqrt(-1)");
    feclearexcept(FE_ALL_EXCEPT); r = one + one; flags("1+1");
    feclearexcept(FE_ALL_EXCEPT); volatile long double lr = lone / (lone - lone); flags("l 1/0");
    (void)r; (void)lr;
    return 0;
}
