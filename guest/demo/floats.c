/* Floating point printing: musl's printf works in 80-bit long double, so this exercises the x87 unit
 * (exact extended precision) as well as SSE2 doubles. */
#include <math.h>
#include <stdio.h>

int main(void) {
    printf("pi  as float       %.9g\n", (double)(float)M_PI);
    printf("pi  as double      %.17g\n", M_PI);
    printf("pi  as long double %.21Lg\n", 3.14159265358979323846264338327950288L);
    printf("e   as long double %.21Lg  (expl(1))\n", expl(1.0L));
    printf("sqrt(2)            %.21Lg  %La\n", sqrtl(2.0L), sqrtl(2.0L));
    printf("0.1 + 0.2          %.17g  (not 0.3: binary fractions)\n", 0.1 + 0.2);
    printf("1/3 in hex         %a\n", 1.0 / 3);
    printf("smallest double    %g  (denormal)\n", 4.9406564584124654e-324);
    printf("largest double     %g\n", 1.7976931348623157e308);
    printf("overflow, 0/0      %g %g\n", 1e308 * 10, 0.0 / 0.0 * 0);
    for (int i = 0; i <= 8; i++)
        printf("  sin(%d*pi/8) = %+.15f\n", i, sin(i * M_PI / 8));
    return 0;
}
