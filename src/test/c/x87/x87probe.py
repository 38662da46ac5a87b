#!/usr/bin/env python3
"""Probes of the host's x87 transcendentals (docs/x87-accuracy.md, "Session 3 measurements").

Runs the native sampler (x87trans.c, built as below) and compares with exact values from mpmath.
Nothing here feeds Flatland; it only measures the hardware.

  gcc -O1 -o /tmp/x87trans src/test/c/x87/x87trans.c
  x87probe.py readout OP X...     the internal 68-bit logarithm L of FYL2X/FYL2XP1 for each x
                                  (f80 hex), printed as L - exact in units of L's 68th bit
  x87probe.py grid BITS [SE]      readout for every x = 1.k (k with BITS-1 bits) in the binade SE
  x87probe.py short BITS SEED N    readout for N random x in [1, 2) with BITS significand bits
  x87probe.py random SEED N OUT   readout for N random x in [0.5, 4), pickled to OUT
  x87probe.py models FILE         match counts of candidate logarithm models on a pickled readout
  x87probe.py f2xm1 SEED N        F2XM1 against the correctly rounded result over [-1, 1]
  x87probe.py f2xm1-exact          F2XM1 at x = +-k/2^n: ever equal at RC down and RC up?
  x87probe.py f2xm1-tiny E N      can any constant C (and one intermediate rounding of x*C to
                                  67..72 bits) explain F2XM1 for x in [2^E, 2^(E+1))?
  x87probe.py f2xm1-support E LO HI N BINS [SEED]
                                  N random x = +-m * 2^E, m in [LO, HI); each x is run at RC
                                  nearest, down and up, which brackets the hardware's internal
                                  value to half an ulp. Per bin of the result's significand
                                  (BINS bins over [1, 2)) prints the smallest interval that
                                  holds |internal| - |exact| for every sample, in units of the
                                  68-bit grid of the result's binade (session 4)
  x87probe.py fpatan-error QLO QHI N BINS [SEED]
                                  N random FPATAN operands (x in [1, 2), y = q * x, q in
                                  [QLO, QHI)) at RC nearest, down and up; per bin of q prints
                                  the range of I - atan(round68(y / x)) that every sample allows
                                  (I = the hardware's internal value), in units of the 68-bit
                                  grid of the result's binade: a constant means the remaining
                                  error is a smooth function of q (session 4)

Readout (same idea as X87TranscendentalModelTest.fyl2xHoldsTheLogarithmWith68Bits): with x fixed
and y random in [1, 2), each result R = RN64(y * L) bounds L to [(R - u/2) / y, (R + u/2) / y].
300 y narrow the intersection to a few hundredths of L's 68-bit unit, so one grid point remains.
"""
import math
import os
import pickle
import random
import subprocess
import sys
from fractions import Fraction as F

import mpmath as mp

mp.mp.prec = 300
X87 = os.environ.get('X87TRANS', '/tmp/x87trans')
LN2 = mp.log(2)


def f80(h):
    """Exact value of an f80 hex string (sign/exponent 4 digits, significand 16 digits)."""
    se, m = int(h[:4], 16), int(h[4:], 16)
    v = F(m) * F(2) ** ((se & 0x7fff) - 16383 - 63)
    return -v if se & 0x8000 else v


def tohex(v):
    """f80 hex string of a Fraction that is a normal extended-precision value."""
    s, v, e = (0x8000 if v < 0 else 0), abs(v), 0
    while v >= 2:
        v, e = v / 2, e + 1
    while v < 1:
        v, e = v * 2, e - 1
    m = v * 2 ** 63
    assert m.denominator == 1
    return '%04x%016x' % (s | (e + 16383), int(m))


def mpf(q):
    return mp.mpf(q.numerator) / q.denominator


def ulp_exp(h):
    """Exponent of the unit in the last place of an f80 hex string."""
    return (int(h[:4], 16) & 0x7fff) - 16383 - 63


def run(lines):
    out = subprocess.run([X87, 'run'], input='\n'.join(lines) + '\n', capture_output=True,
                         text=True, check=True).stdout
    return [ln.split() for ln in out.split('\n') if ln]


def rnd(v, bits, mode='n'):
    """v rounded to a bits-bit significand: 'n' nearest-even, 't' toward zero, 'u' away."""
    if v == 0:
        return v
    u = mp.mpf(2) ** (mp.floor(mp.log(abs(v), 2)) - bits + 1)
    q = v / u
    if mode == 'n':
        r = mp.floor(q + 0.5)
        if r - q == 0.5 and int(r) % 2:
            r -= 1
    elif mode == 't':
        r = mp.floor(abs(q)) * mp.sign(q)
    else:
        r = mp.ceil(abs(q)) * mp.sign(q)
    return r * u


def log2_exact(op, xh):
    v = mpf(f80(xh))
    return (mp.log1p(v) if op == 'fyl2xp1' else mp.log(v)) / LN2


def readout(op, xs, n=300, seed=1):
    """{x: L} with L the hardware's 68-bit logarithm (a Fraction), or None if not unique."""
    r = random.Random(seed)
    lines = ['%s 037f %s 3fff%016x' % (op, xh, (1 << 63) | r.getrandbits(63))
             for xh in xs for _ in range(n)]
    iv = {xh: [F(-10 ** 9), F(10 ** 9)] for xh in xs}
    for p in run(lines):
        y, res, u = f80(p[3]), f80(p[6]), F(2) ** ulp_exp(p[6])
        a, b = sorted(((res - u / 2) / y, (res + u / 2) / y))
        iv[p[2]][0] = max(iv[p[2]][0], a)
        iv[p[2]][1] = min(iv[p[2]][1], b)
    out = {}
    for xh, (lo, hi) in iv.items():
        mid = abs(lo + hi) / 2
        if mid == 0 or lo > hi:
            out[xh] = None
            continue
        e = math.floor(math.log2(mid))
        if F(2) ** e > mid:
            e -= 1
        elif F(2) ** (e + 1) <= mid:
            e += 1
        unit = F(2) ** (e - 67)
        k0, k1 = math.ceil(lo / unit), math.floor(hi / unit)
        out[xh] = k0 * unit if k0 == k1 else None
    return out


def units(op, xh, L):
    """L - exact log2, in units of the 68th bit of L's binade."""
    ex = log2_exact(op, xh)
    u = mp.mpf(2) ** (mp.floor(mp.log(abs(ex), 2)) - 67)
    return float((mpf(L) - ex) / u)


def print_readout(op, xs):
    for xh, L in readout(op, xs).items():
        print(xh, 'ambiguous' if L is None else '%+.3f' % units(op, xh, L))


MODELS = {
    'round68(log2 x)': lambda x: rnd(mp.log(x, 2), 68),
    'round68(round68(ln x) * round68(log2 e))': lambda x: rnd(rnd(mp.log(x), 68) * rnd(1 / LN2, 68), 68),
    'round68(ln x * round68(log2 e))': lambda x: rnd(mp.log(x) * rnd(1 / LN2, 68), 68),
    'round68(round68(ln x) * log2 e)': lambda x: rnd(rnd(mp.log(x), 68) / LN2, 68),
    'round68(round68(ln x) / round68(ln 2))': lambda x: rnd(rnd(mp.log(x), 68) / rnd(LN2, 68), 68),
    'round68(ln x / round68(ln 2))': lambda x: rnd(mp.log(x) / rnd(LN2, 68), 68),
}


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ''
    if cmd == 'readout':
        print_readout(argv[2], argv[3:])
    elif cmd == 'grid':
        bits, se = int(argv[2]), argv[3] if len(argv) > 3 else '3fff'
        print_readout('fyl2x', ['%s%016x' % (se, (1 << 63) | (k << (64 - bits)))
                                for k in range(1, 1 << (bits - 1))])
    elif cmd == 'short':
        bits, r = int(argv[2]), random.Random(int(argv[3]))
        xs = set()
        for _ in range(int(argv[4])):
            m = ((1 << 63) | r.getrandbits(63)) & ~((1 << (64 - bits)) - 1)
            if m != 1 << 63:
                xs.add('3fff%016x' % m)
        errs = [units('fyl2x', xh, L) for xh, L in readout('fyl2x', sorted(xs)).items() if L is not None]
        print('x in [1, 2) with %d significand bits: %d read out, L = round68(log2 x) for %.2f, '
              'largest |L - log2 x| %.2f units' % (bits, len(errs), sum(1 for d in errs if abs(d) <= 0.5)
                                                   / len(errs), max(map(abs, errs))))
    elif cmd == 'random':
        r = random.Random(int(argv[2]))
        xs = ['%04x%016x' % (r.choice([0x3ffe, 0x3fff, 0x3fff, 0x4000]), (1 << 63) | r.getrandbits(63))
              for _ in range(int(argv[3]))]
        data = [(xh, L) for xh, L in readout('fyl2x', xs).items() if L is not None]
        with open(argv[4], 'wb') as f:
            pickle.dump(data, f)
        print(len(data), 'of', len(xs), 'read out')
    elif cmd == 'models':
        with open(argv[2], 'rb') as f:
            data = pickle.load(f)
        for name, h in MODELS.items():
            ok = sum(1 for xh, L in data if h(mpf(f80(xh))) == mpf(L))
            print('%4d/%d  %s' % (ok, len(data), name))
    elif cmd == 'f2xm1':
        r = random.Random(int(argv[2]))
        lines = ['f2xm1 037f %04x%016x 3fff8000000000000000'
                 % (r.choice([0, 0x8000]) | (16383 + r.randrange(-6, 0)), (1 << 63) | r.getrandbits(63))
                 for _ in range(int(argv[3]))]
        bands = {}
        for p in run(lines):
            x = mpf(f80(p[2]))
            d = float((mp.expm1(x * LN2) - mpf(f80(p[6]))) / mp.mpf(2) ** ulp_exp(p[6]))
            band = next(b for b in (-0.5, -0.25, 0, 0.25, 0.5, 1) if x < b)
            n = bands.setdefault(band, [0, 0, 0, 0.0])
            n[0] += 1
            if abs(d) > 0.5:
                n[1 if d < 0 else 2] += 1
                n[3] = max(n[3], abs(d) - 0.5)
        for band in sorted(bands):
            n = bands[band]
            print('x < %5.2f: %5d cases, hardware above the exact value past the midpoint %3d, '
                  'below %3d, largest excess %.3f ulp' % (band, *n))
    elif cmd == 'f2xm1-exact':
        # x = +-k/2^n: if the last step rounded a short value (a table entry minus 1, say), the
        # results at RC = down and RC = up would coincide for some of them.
        for n in (4, 6, 8, 10):
            xs = [tohex(s * F(k, 2 ** n)) for k in range(1, 2 ** n) for s in (1, -1)]
            res = {}
            for p in run(['f2xm1 %s %s 3fff8000000000000000' % (cw, xh) for xh in xs for cw in ('077f', '0b7f')]):
                res[(p[1], p[2])] = p[6]
            same = sum(1 for xh in xs if res[('077f', xh)] == res[('0b7f', xh)])
            print('x = +-k/2^%d: %d of %d results equal at RC down and up' % (n, same, len(xs)))
    elif cmd == 'f2xm1-support':
        e, mlo, mhi, n, nbins = int(argv[2]), float(argv[3]), float(argv[4]), int(argv[5]), int(argv[6])
        r = random.Random(int(argv[7]) if len(argv) > 7 else 5)
        xs = ['%04x%016x' % (r.choice([0, 0x8000]) | (16383 + e), int(r.uniform(mlo, mhi) * 2 ** 63)
                             ^ r.getrandbits(10)) for _ in range(n)]
        res = {}
        for p in run(['f2xm1 %s %s 3fff8000000000000000' % (cw, xh) for xh in xs
                      for cw in ('037f', '077f', '0b7f')]):
            res[(p[1], p[2])] = p[6]
        bins = {}
        for xh in xs:
            rn, rd, ru = (res[(cw, xh)] for cw in ('037f', '077f', '0b7f'))
            if rd == ru:
                print('exact result at', xh)
                continue
            x, vn, vd, vu = (f80(h) for h in (xh, rn, rd, ru))
            un = F(2) ** ulp_exp(rn)
            lo, hi = max(vd, vn - un / 2), min(vu, vn + un / 2)   # internal value in (lo, hi)
            ex = mp.expm1(mpf(x) * LN2)
            u = mp.mpf(2) ** (ulp_exp(rn) - 4)
            a, b = float((mpf(lo) - ex) / u), float((mpf(hi) - ex) / u)
            if x < 0:
                a, b = -b, -a                       # error of the magnitude
            k = int((abs(f80(rn)) / F(2) ** (ulp_exp(rn) + 63) - 1) * nbins)
            s = bins.setdefault(k, [-99.0, 99.0, 0])
            s[0], s[1], s[2] = max(s[0], a), min(s[1], b), s[2] + 1
        for k in sorted(bins):
            lo_, hi_, c = bins[k]
            print('result significand [%.5f, %.5f): %5d samples, error at least in [%+.3f, %+.3f], '
                  'width %.3f' % (1 + k / nbins, 1 + (k + 1) / nbins, c, hi_, lo_, lo_ - hi_))
    elif cmd == 'fpatan-error':
        qlo, qhi, n, nbins = float(argv[2]), float(argv[3]), int(argv[4]), int(argv[5])
        r = random.Random(int(argv[6]) if len(argv) > 6 else 1)
        ops = []
        for _ in range(n):
            xm = (1 << 63) | r.getrandbits(63)
            ym = int(xm * r.uniform(qlo, qhi) * 2 ** 80)
            e = ym.bit_length() - 64
            ops.append(('3fff%016x' % xm, '%04x%016x' % (16383 + e - 80, (ym >> e) ^ r.getrandbits(8))))
        res = {}
        for p in run(['fpatan %s %s %s' % (cw, a, b) for a, b in ops for cw in ('037f', '077f', '0b7f')]):
            res[(p[1], p[2], p[3])] = p[6]
        bins = {}
        for a, b in ops:
            rn, rd, ru = (res[(cw, a, b)] for cw in ('037f', '077f', '0b7f'))
            if rd == ru:
                continue
            vn, vd, vu = f80(rn), f80(rd), f80(ru)
            un = F(2) ** ulp_exp(rn)
            lo, hi = max(vd, vn - un / 2), min(vu, vn + un / 2)
            q = mpf(f80(b)) / mpf(f80(a))
            model = mp.atan(rnd(q, 68))
            u = mp.mpf(2) ** (ulp_exp(rn) - 4)
            k = int((float(q) - qlo) / (qhi - qlo) * nbins)
            s = bins.setdefault(k, [-99.0, 99.0, 0])
            s[0] = max(s[0], float((mpf(lo) - model) / u))
            s[1] = min(s[1], float((mpf(hi) - model) / u))
            s[2] += 1
        for k in sorted(bins):
            lo_, hi_, c = bins[k]
            what = ('constant in [%+.3f, %+.3f]' % (lo_, hi_) if lo_ <= hi_
                    else 'not constant, spread at least [%+.3f, %+.3f]' % (hi_, lo_))
            print('q in [%.4f, %.4f): %5d samples, %s' % (qlo + k * (qhi - qlo) / nbins,
                                                        qlo + (k + 1) * (qhi - qlo) / nbins, c, what))
    elif cmd == 'f2xm1-tiny':
        e, n = int(argv[2]), int(argv[3])
        r = random.Random(11)
        lines = ['f2xm1 037f %04x%016x 3fff8000000000000000' % (16383 + e, (1 << 63) | r.getrandbits(63))
                 for _ in range(n)]
        cases = []
        lo, hi = mp.mpf(0), mp.mpf(1)
        for p in run(lines):
            x, res, u = mpf(f80(p[2])), mpf(f80(p[6])), mp.mpf(2) ** ulp_exp(p[6])
            rest = mp.expm1(x * LN2) - x * LN2          # beyond the linear term: exact enough
            cases.append((x, res, rest))
            lo, hi = max(lo, (res - u / 2 - rest) / x), min(hi, (res + u / 2 - rest) / x)
        cr = sum(1 for x, res, rest in cases if rnd(x * LN2 + rest, 64) == res)
        print('one rounding of x*C + rest: C in [ln2 %+.3f, ln2 %+.3f] (units 2^-68): %s'
              % (float((lo - LN2) * 2 ** 68), float((hi - LN2) * 2 ** 68),
                 'empty' if lo > hi else 'possible'))
        print('correctly rounded: %d/%d' % (cr, len(cases)))
        best = (0, None)
        for k in (67, 68, 69, 70, 72):
            for mode in 'ntu':
                for t in range(-64, 65, 2):                 # C = ln2 + t * 2^-76
                    c = LN2 + t * mp.mpf(2) ** -76
                    ok = sum(1 for x, res, rest in cases if rnd(rnd(x * c, k, mode) + rest, 64) == res)
                    best = max(best, (ok, (k, mode, t)))
        print('best round64(round_k(x*C) + rest): %d/%d at k, mode, (C-ln2)/2^-76 = %s'
              % (best[0], len(cases), best[1]))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
