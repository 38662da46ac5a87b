package dev.flatland.cpu.interp;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class X87PiExperiment {
    @Test
    void sweep() throws Exception {
        var cases = X87Harness.load();
        BigReal exact = X87Transcendental.PI;
        for (int bits = 62; bits <= 72; bits++) {
            for (int mode = 0; mode < 2; mode++) {
                BigReal pi = exact;
                int shift = exact.m().bitLength() - bits;
                BigInteger m = exact.m().shiftRight(shift);
                if (mode == 1) m = m.add(BigInteger.ONE);
                X87Trig.reductionPi = new BigReal(m, exact.e() + shift);
                int n = 0, bad = 0;
                for (var k : cases) {
                    if (!k.op().equals("fsin") && !k.op().equals("fcos")) continue;
                    n++;
                    var o = X87Harness.run(k);
                    if (k.st0se() != o.st0se() || k.st0m() != o.st0m()) bad++;
                }
                System.out.println(bits + " " + (mode == 0 ? "trunc" : "up") + " " + bad + "/" + n);
            }
        }
        X87Trig.reductionPi = exact;
        int n = 0, bad = 0;
        for (var k : cases) {
            if (!k.op().equals("fsin") && !k.op().equals("fcos")) continue;
            n++;
            var o = X87Harness.run(k);
            if (k.st0se() != o.st0se() || k.st0m() != o.st0m()) bad++;
        }
        System.out.println("exact " + bad + "/" + n);
    }
}
