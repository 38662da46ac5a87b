/* MMX aliasing of the x87 registers (X87Test.mmxWriteAliasesTheX87Stack).
 * gcc -O1 -o /tmp/mmx src/test/c/x87/x87mmx.c && /tmp/mmx
 * Prints FSW, FTW of FNSTENV after "fninit; fld1; fld1; movq m64, mm3", then the 10 bytes of
 * physical register 3 from FNSAVE, then FTW after EMMS. */
#include <stdio.h>
#include <stdint.h>
int main(void) {
    static uint8_t env[28], sav[108], env2[28];
    static const uint64_t v = 0x0123456789abcdefull;
    __asm__ volatile("fninit\n fld1\n fld1\n movq %3, %%mm3\n fnstenv %0\n fnsave %1\n emms\n fnstenv %2\n"
                     : "=m"(env), "=m"(sav), "=m"(env2) : "m"(v) : "memory");
    printf("fsw %02x%02x ftw %02x%02x reg3 ", env[5], env[4], env[9], env[8]);
    for (int i = 0; i < 10; i++) printf("%02x", sav[28 + 30 + i]);
    printf(" ftw-after-emms %02x%02x\n", env2[9], env2[8]);
    return 0;
}
