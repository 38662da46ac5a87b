/* Prints the first 160 bytes of an FXSAVE64 image after a fixed x87 sequence (X87Test).
 * gcc -O1 -o /tmp/fx src/test/c/x87/x87fxsave.c && /tmp/fx */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
int main(void) {
    static uint8_t img[512] __attribute__((aligned(16)));
    static const uint16_t cw = 0x0a7f;
    memset(img, 0xcc, sizeof img);
    __asm__ volatile("fninit\n fldcw %1\n fldpi\n fld1\n fldz\n fchs\n fldl2e\n fsqrt\n fld1\n fldz\n fdivrp\n fxsave64 %0\n"
                     : "=m"(img) : "m"(cw) : "memory");
    for (int i = 0; i < 160; i++) printf("%02x", img[i]);
    printf("\n");
    return 0;
}
