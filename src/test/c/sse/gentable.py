#!/usr/bin/env python3
"""Writes ssetable.h: the instruction encodings ssegen.c runs (register forms, ModRM C1 unless noted)."""
T = []  # (name, hex, cls, count)
F, D, I, S = 'CF_', 'CD_', 'CI_', 'CS_'
pf = {'ps': '', 'pd': '66 ', 'ss': 'F3 ', 'sd': 'F2 '}
cl = {'ps': F, 'pd': D, 'ss': F, 'sd': D}
def add(n, h, c, k=0): T.append((n, h, c, k))
# arithmetic: full sweep for scalar forms, random-heavy for packed
for op, b in [('add', '58'), ('mul', '59'), ('sub', '5C'), ('min', '5D'), ('div', '5E'), ('max', '5F'), ('sqrt', '51')]:
    for s in ['ss', 'sd', 'ps', 'pd']:
        add(op + s, pf[s] + '0F ' + b + ' C1', cl[s], 0 if s in ('ss', 'sd') else 300)
for op, b in [('and', '54'), ('andn', '55'), ('or', '56'), ('xor', '57'), ('unpckl', '14'), ('unpckh', '15')]:
    for s in ['ps', 'pd']:
        add(op + s, pf[s] + '0F ' + b + ' C1', I)
for i in range(8):
    for s in ['ss', 'sd', 'ps', 'pd']:
        add('cmp%d%s' % (i, s), pf[s] + '0F C2 C1 %02X' % i, cl[s], 150)
for n, h in [('ucomiss', '0F 2E C1'), ('comiss', '0F 2F C1')]:
    add(n, h, F)
for n, h in [('ucomisd', '66 0F 2E C1'), ('comisd', '66 0F 2F C1')]:
    add(n, h, D)
add('addsubpd', '66 0F D0 C1', D, 300); add('addsubps', 'F2 0F D0 C1', F, 300)
add('haddpd', '66 0F 7C C1', D, 300); add('haddps', 'F2 0F 7C C1', F, 300)
add('hsubpd', '66 0F 7D C1', D, 300); add('hsubps', 'F2 0F 7D C1', F, 300)
# conversions
add('cvtsi2ss', 'F3 0F 2A C1', F, 300); add('cvtsi2ssq', 'F3 48 0F 2A C1', F, 300)
add('cvtsi2sd', 'F2 0F 2A C1', D, 300); add('cvtsi2sdq', 'F2 48 0F 2A C1', D, 300)
for n, h, c in [('cvttss2si', 'F3 0F 2C C1', F), ('cvttss2siq', 'F3 48 0F 2C C1', F), ('cvtss2si', 'F3 0F 2D C1', F),
                ('cvtss2siq', 'F3 48 0F 2D C1', F), ('cvttsd2si', 'F2 0F 2C C1', D), ('cvttsd2siq', 'F2 48 0F 2C C1', D),
                ('cvtsd2si', 'F2 0F 2D C1', D), ('cvtsd2siq', 'F2 48 0F 2D C1', D),
                ('cvtps2pd', '0F 5A C1', F), ('cvtpd2ps', '66 0F 5A C1', D), ('cvtss2sd', 'F3 0F 5A C1', F),
                ('cvtsd2ss', 'F2 0F 5A C1', D), ('cvtdq2ps', '0F 5B C1', I), ('cvtps2dq', '66 0F 5B C1', F),
                ('cvttps2dq', 'F3 0F 5B C1', F), ('cvttpd2dq', '66 0F E6 C1', D), ('cvtdq2pd', 'F3 0F E6 C1', I),
                ('cvtpd2dq', 'F2 0F E6 C1', D), ('cvtpi2ps', '0F 2A C1', I), ('cvtpi2pd', '66 0F 2A C1', I),
                ('cvtps2pi', '0F 2D C1', F), ('cvttps2pi', '0F 2C C1', F), ('cvtpd2pi', '66 0F 2D C1', D),
                ('cvttpd2pi', '66 0F 2C C1', D)]:
    add(n, h, c, 0 if n.endswith('si') or n.endswith('siq') or n in ('cvtsd2ss', 'cvtss2sd') else 400)
add('cvtdq2ps_f', '0F 5B C1', F, 800)
# moves
for n, h in [('movups', '0F 10 C1'), ('movupd', '66 0F 10 C1'), ('movss', 'F3 0F 10 C1'), ('movsd', 'F2 0F 10 C1'),
             ('movss_st', 'F3 0F 11 C1'), ('movsd_st', 'F2 0F 11 C1'), ('movhlps', '0F 12 C1'), ('movlhps', '0F 16 C1'),
             ('movsldup', 'F3 0F 12 C1'), ('movshdup', 'F3 0F 16 C1'), ('movddup', 'F2 0F 12 C1'), ('movaps', '0F 28 C1'),
             ('movapd_st', '66 0F 29 C1'), ('movmskps', '0F 50 C1'), ('movmskpd', '66 0F 50 C1'),
             ('movd_x', '66 0F 6E C1'), ('movq_x', '66 48 0F 6E C1'), ('movd_r', '66 0F 7E C1'), ('movq_r', '66 48 0F 7E C1'),
             ('movq_xx', 'F3 0F 7E C1'), ('movq_st', '66 0F D6 C1'), ('movdqa', '66 0F 6F C1'), ('movdqu', 'F3 0F 6F C1'),
             ('movdqa_st', '66 0F 7F C1'), ('movd_mm', '0F 6E C1'), ('movq_mmr', '48 0F 7E C1'), ('movq_mm', '0F 6F C1'),
             ('movq2dq', 'F3 0F D6 C1'), ('movdq2q', 'F2 0F D6 C1'), ('pmovmskb', '66 0F D7 C1'), ('pmovmskb_mm', '0F D7 C1')]:
    add(n, h, I, 60)
for imm in [0x00, 0x1B, 0x4E, 0xB1, 0xE4, 0x93, 0x39]:
    add('pshufd_%02x' % imm, '66 0F 70 C1 %02X' % imm, I, 40)
    add('pshufhw_%02x' % imm, 'F3 0F 70 C1 %02X' % imm, I, 40)
    add('pshuflw_%02x' % imm, 'F2 0F 70 C1 %02X' % imm, I, 40)
    add('pshufw_%02x' % imm, '0F 70 C1 %02X' % imm, I, 40)
    add('shufps_%02x' % imm, '0F C6 C1 %02X' % imm, I, 40)
for imm in range(4):
    add('shufpd_%d' % imm, '66 0F C6 C1 %02X' % imm, I, 40)
for imm in [0, 3, 5, 7, 9]:
    add('pinsrw_%d' % imm, '66 0F C4 C1 %02X' % imm, I, 40)
    add('pextrw_%d' % imm, '66 0F C5 C1 %02X' % imm, I, 40)
    add('pinsrw_mm_%d' % imm, '0F C4 C1 %02X' % imm, I, 40)
    add('pextrw_mm_%d' % imm, '0F C5 C1 %02X' % imm, I, 40)
# packed integer, 0F map, MMX and XMM
for b in list(range(0x60, 0x6C)) + [0x74, 0x75, 0x76] + [x for x in range(0xD1, 0xFF) if x not in (0xD6, 0xD7, 0xE6, 0xE7, 0xF0, 0xF7)]:
    add('p0f%02x' % b, '66 0F %02X C1' % b, I, 100)
    add('p0f%02x_mm' % b, '0F %02X C1' % b, I, 50)
add('punpcklqdq', '66 0F 6C C1', I, 60); add('punpckhqdq', '66 0F 6D C1', I, 60)
for grp, dig in [(0x71, [2, 4, 6]), (0x72, [2, 4, 6]), (0x73, [2, 3, 6, 7])]:
    for dg in dig:
        modrm = 0xC0 | (dg << 3)
        for imm in [0, 1, 7, 8, 15, 16, 31, 32, 63, 64, 200]:
            add('sh%02x_%d_%d' % (grp, dg, imm), '66 0F %02X %02X %02X' % (grp, modrm, imm), I, 20)
            if dg in (2, 4, 6):
                add('sh%02x_%d_%d_mm' % (grp, dg, imm), '0F %02X %02X %02X' % (grp, modrm, imm), I, 10)
# shift-by-register counts: small counts matter
for b in [0xD1, 0xD2, 0xD3, 0xE1, 0xE2, 0xF1, 0xF2, 0xF3]:
    add('p0f%02x_small' % b, '66 0F %02X C1' % b, 'CI_SMALL', 100)
# 0F38
for b in list(range(0x00, 0x0C)) + [0x1C, 0x1D, 0x1E]:
    add('p38%02x' % b, '66 0F 38 %02X C1' % b, I, 100)
    add('p38%02x_mm' % b, '0F 38 %02X C1' % b, I, 50)
for b in [0x10, 0x14, 0x15, 0x17, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x28, 0x29, 0x2B, 0x30, 0x31, 0x32, 0x33,
          0x34, 0x35, 0x37, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x40, 0x41]:
    add('p38%02x' % b, '66 0F 38 %02X C1' % b, I, 100)
# 0F3A
for imm in range(16):
    add('roundss_%d' % imm, '66 0F 3A 0A C1 %02X' % imm, F, 120)
    add('roundsd_%d' % imm, '66 0F 3A 0B C1 %02X' % imm, D, 120)
for imm in [0, 1, 2, 3, 4, 8, 12]:
    add('roundps_%d' % imm, '66 0F 3A 08 C1 %02X' % imm, F, 200)
    add('roundpd_%d' % imm, '66 0F 3A 09 C1 %02X' % imm, D, 200)
for imm in [0x00, 0x05, 0x0A, 0x0F, 0x3C, 0xA5, 0xFF]:
    add('blendps_%02x' % imm, '66 0F 3A 0C C1 %02X' % imm, I, 20)
    add('blendpd_%02x' % imm, '66 0F 3A 0D C1 %02X' % imm, I, 20)
    add('pblendw_%02x' % imm, '66 0F 3A 0E C1 %02X' % imm, I, 20)
for imm in [0, 1, 3, 7, 8, 15, 16, 17, 24, 31, 32, 40, 255]:
    add('palignr_%d' % imm, '66 0F 3A 0F C1 %02X' % imm, I, 20)
    add('palignr_mm_%d' % imm, '0F 3A 0F C1 %02X' % imm, I, 20)
for imm in [0, 3, 7, 12, 15, 17]:
    add('pextrb_%d' % imm, '66 0F 3A 14 C1 %02X' % imm, I, 20)
    add('pinsrb_%d' % imm, '66 0F 3A 20 C1 %02X' % imm, I, 20)
for imm in [0, 1, 2, 3, 5, 7]:
    add('pextrw3a_%d' % imm, '66 0F 3A 15 C1 %02X' % imm, I, 20)
    add('pextrd_%d' % imm, '66 0F 3A 16 C1 %02X' % imm, I, 20)
    add('pextrq_%d' % imm, '66 48 0F 3A 16 C1 %02X' % imm, I, 20)
    add('extractps_%d' % imm, '66 0F 3A 17 C1 %02X' % imm, I, 20)
    add('pinsrd_%d' % imm, '66 0F 3A 22 C1 %02X' % imm, I, 20)
    add('pinsrq_%d' % imm, '66 48 0F 3A 22 C1 %02X' % imm, I, 20)
for imm in [0x00, 0x0F, 0x10, 0x1E, 0x4C, 0x93, 0xB0, 0xC1, 0xFF, 0x35]:
    add('insertps_%02x' % imm, '66 0F 3A 21 C1 %02X' % imm, I, 20)
for imm in [0xFF, 0xF1, 0x31, 0x7F, 0x1E, 0xA5, 0x5A]:
    add('dpps_%02x' % imm, '66 0F 3A 40 C1 %02X' % imm, F, 250)
for imm in [0x33, 0x31, 0x12, 0x23, 0x00]:
    add('dppd_%02x' % imm, '66 0F 3A 41 C1 %02X' % imm, D, 250)
for imm in range(8):
    add('mpsadbw_%d' % imm, '66 0F 3A 42 C1 %02X' % imm, I, 30)
for imm in [0x00, 0x01, 0x10, 0x11]:
    add('pclmul_%02x' % imm, '66 0F 3A 44 C1 %02X' % imm, I, 30)
for b in [0x60, 0x61, 0x62, 0x63]:
    for imm in [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x08, 0x09, 0x0C, 0x0D, 0x14, 0x18, 0x1A, 0x30, 0x34,
                0x38, 0x3A, 0x40, 0x44, 0x48, 0x4C, 0x70, 0x7D, 0x0E, 0x3F]:
        add('pcmpstr%02x_%02x' % (b, imm), '66 0F 3A %02X C1 %02X' % (b, imm), S, 40)
        if b in (0x61, 0x60) and imm in (0x0C, 0x18):
            add('pcmpstr%02x_%02xW' % (b, imm), '66 48 0F 3A %02X C1 %02X' % (b, imm), S, 40)
# long random runs (binade edges, cancellation) for the correctly rounded operations
for op, b in [('add', '58'), ('sub', '5C'), ('mul', '59'), ('div', '5E'), ('sqrt', '51')]:
    for sfx in ['ss', 'sd']:
        add(op + sfx + '_r', pf[sfx] + '0F ' + b + ' C1', cl[sfx], 1500)
add('cvtsd2ss_r', 'F2 0F 5A C1', D, 2000)
add('cvtsi2ssq_r', 'F3 48 0F 2A C1', F, 1000)
add('cvtsi2sdq_r', 'F2 48 0F 2A C1', D, 1000)
# MASKMOVDQU / MASKMOVQ store through DS:RDI: the entries point RDI at the memory block first
add('maskmovdqu', '48 8D 7F 60 66 0F F7 C1 48 8D 7F A0', 'CI_ | MEM', 100)
add('maskmovq', '48 8D 7F 61 0F F7 C1 48 8D 7F 9F', 'CI_ | MEM', 100)
# FTZ / DAZ / underflow: operands around the underflow threshold under FTZ, DAZ and UM settings
for op, b in [('add', '58'), ('sub', '5C'), ('mul', '59'), ('div', '5E'), ('sqrt', '51'), ('min', '5D'), ('max', '5F')]:
    for sfx in ['ss', 'sd', 'ps', 'pd']:
        add(op + sfx + '_tiny', pf[sfx] + '0F ' + b + ' C1', 'CF_TINY' if sfx in ('ss', 'ps') else 'CD_TINY', 250)
for n, h, c in [('cvtsd2ss_tiny', 'F2 0F 5A C1', 'CD_TINY'), ('cvtpd2ps_tiny', '66 0F 5A C1', 'CD_TINY'),
                ('cvtss2sd_tiny', 'F3 0F 5A C1', 'CF_TINY'), ('cvtps2pd_tiny', '0F 5A C1', 'CF_TINY'),
                ('comisd_tiny', '66 0F 2F C1', 'CD_TINY'), ('ucomiss_tiny', '0F 2E C1', 'CF_TINY'),
                ('cmpleps_tiny', '0F C2 C1 02', 'CF_TINY'), ('cmpeqsd_tiny', 'F2 0F C2 C1 00', 'CD_TINY'),
                ('cvttsd2si_tiny', 'F2 0F 2C C1', 'CD_TINY'), ('cvtss2si_tiny', 'F3 0F 2D C1', 'CF_TINY'),
                ('roundsd_tiny', '66 0F 3A 0B C1 04', 'CD_TINY'), ('roundps_tiny', '66 0F 3A 08 C1 02', 'CF_TINY'),
                ('dpps_tiny', '66 0F 3A 40 C1 FF', 'CF_TINY'), ('dppd_tiny', '66 0F 3A 41 C1 33', 'CD_TINY'),
                ('haddps_tiny', 'F2 0F 7C C1', 'CF_TINY'), ('addsubpd_tiny', '66 0F D0 C1', 'CD_TINY'),
                ('rcpss_tiny', 'F3 0F 53 C1', 'CF_TINY')]:
    add(('approx_' if 'rcp' in n else '') + n, h, c, 250)
# REX-extended registers: copy xmm0/xmm1 (rax/rcx) to xmm8/xmm9 (r8/r9), operate there, copy back
TO = '66 44 0F 6F C0 66 44 0F 6F C9 '      # movdqa xmm8,xmm0; movdqa xmm9,xmm1
BACK = ' 66 41 0F 6F C0 66 41 0F 6F C9'    # movdqa xmm0,xmm8; movdqa xmm1,xmm9
for n, h, c in [('rex_addsd', 'F2 45 0F 58 C1', D), ('rex_mulps', '45 0F 59 C1', F), ('rex_paddb', '66 45 0F FC C1', I),
                ('rex_pshufd', '66 45 0F 70 C1 1B', I), ('rex_psrldq', '66 41 0F 73 D8 03', I), ('rex_psllw', '66 41 0F 71 F0 03', I),
                ('rex_pshufb', '66 45 0F 38 00 C1', I), ('rex_palignr', '66 45 0F 3A 0F C1 05', I),
                ('rex_ucomisd', '66 45 0F 2E C1', D), ('rex_cmpltps', '45 0F C2 C1 01', F), ('rex_unpcklps', '45 0F 14 C1', I),
                ('rex_movhlps', '45 0F 12 C1', I), ('rex_blendvps', '66 45 0F 38 14 C1', I), ('rex_shufps', '45 0F C6 C1 4E', I),
                ('rex_pcmpistri', '66 45 0F 3A 63 C1 0C', S), ('rex_pcmpestrm', '66 45 0F 3A 60 C1 40', S)]:
    add(n, TO + h + BACK, c, 60)
# GPR forms with r8/r9: mov r8,rax; mov r9,rcx; op; mov rax,r8; mov rcx,r9
GTO = '49 89 C0 49 89 C9 '
GBACK = ' 4C 89 C0 4C 89 C9'
for n, h, c in [('rex_cvtsi2sd', 'F2 49 0F 2A C1', D), ('rex_cvttsd2si', 'F2 4C 0F 2C C1', D), ('rex_movq_r', '66 49 0F 7E C0', I),
                ('rex_movd_x', '66 41 0F 6E C1', I), ('rex_pmovmskb', '66 44 0F D7 C1', I), ('rex_pextrb', '66 41 0F 3A 14 C0 07', I),
                ('rex_pinsrq', '66 49 0F 3A 22 C1 01', I), ('rex_movmskpd', '66 44 0F 50 C1', I), ('rex_pextrw', '66 44 0F C5 C1 05', I),
                ('rex_cvtss2si', 'F3 4C 0F 2D C1', F)]:
    add(n, GTO + h + GBACK, c, 60)
# approximations: compared within the SDM's error bound (|rel err| <= 1.5 * 2^-12), specials exactly
add('approx_rcpps', '0F 53 C1', F, 600); add('approx_rcpss', 'F3 0F 53 C1', F, 600)
add('approx_rsqrtps', '0F 52 C1', F, 600); add('approx_rsqrtss', 'F3 0F 52 C1', F, 600)
# memory forms: [rdi+0x60] is 16-byte aligned, +0x61 and +0x68 are not
M = 16
for n, h, c in [
        ('m_movaps', '0F 28 47 60', I), ('m_movaps_mis', '0F 28 47 68', I), ('m_movaps_st', '0F 29 47 60', I),
        ('m_movaps_st_mis', '0F 29 47 68', I), ('m_movups', '0F 10 47 61', I), ('m_movups_st', '0F 11 47 61', I),
        ('m_movss', 'F3 0F 10 47 61', I), ('m_movss_st', 'F3 0F 11 47 61', I), ('m_movsd', 'F2 0F 10 47 61', I),
        ('m_movsd_st', 'F2 0F 11 47 61', I), ('m_movlps', '0F 12 47 61', I), ('m_movhps', '0F 16 47 61', I),
        ('m_movlps_st', '0F 13 47 61', I), ('m_movhps_st', '0F 17 47 61', I), ('m_movlpd', '66 0F 12 47 61', I),
        ('m_movhpd', '66 0F 16 47 61', I), ('m_movhpd_st', '66 0F 17 47 61', I), ('m_movdqa', '66 0F 6F 47 60', I),
        ('m_movdqa_mis', '66 0F 6F 47 68', I), ('m_movdqu', 'F3 0F 6F 47 61', I), ('m_movdqa_st_mis', '66 0F 7F 47 68', I),
        ('m_movdqu_st', 'F3 0F 7F 47 61', I), ('m_movntdq', '66 0F E7 47 60', I), ('m_movntdq_mis', '66 0F E7 47 61', I),
        ('m_movntps', '0F 2B 47 60', I), ('m_movntdqa', '66 0F 38 2A 47 60', I), ('m_movntdqa_mis', '66 0F 38 2A 47 68', I),
        ('m_lddqu', 'F2 0F F0 47 61', I), ('m_movq_ld', 'F3 0F 7E 47 61', I), ('m_movq_st', '66 0F D6 47 61', I),
        ('m_movd_ld', '66 0F 6E 47 61', I), ('m_movd_st', '66 0F 7E 47 61', I), ('m_movq_mm_st', '0F 7F 47 61', I),
        ('m_movntq', '0F E7 47 61', I), ('m_movddup', 'F2 0F 12 47 61', I),
        ('m_movsldup', 'F3 0F 12 47 60', I), ('m_movsldup_mis', 'F3 0F 12 47 68', I), ('m_addps', '0F 58 47 60', F),
        ('m_addps_mis', '0F 58 47 68', F), ('m_addss', 'F3 0F 58 47 61', F), ('m_addsd', 'F2 0F 58 47 61', D),
        ('m_sqrtsd', 'F2 0F 51 47 61', D), ('m_paddb', '66 0F FC 47 60', I), ('m_paddb_mis', '66 0F FC 47 68', I),
        ('m_paddb_mm', '0F FC 47 61', I), ('m_pcmpistri', '66 0F 3A 63 47 61 0C', S), ('m_pcmpestrm', '66 0F 3A 60 47 61 40', S),
        ('m_cvtps2pd', '0F 5A 47 61', F), ('m_cvtdq2pd', 'F3 0F E6 47 61', I), ('m_cvtpd2ps_mis', '66 0F 5A 47 68', D),
        ('m_comisd', '66 0F 2F 47 61', D), ('m_ucomiss', '0F 2E 47 61', F), ('m_pmovzxbw', '66 0F 38 30 47 61', I),
        ('m_pmovsxbd', '66 0F 38 21 47 61', I), ('m_pmovzxbq', '66 0F 38 32 47 61', I), ('m_pmovsxdq', '66 0F 38 25 47 61', I),
        ('m_pinsrb', '66 0F 3A 20 47 61 05', I), ('m_pextrb', '66 0F 3A 14 47 61 05', I), ('m_pextrd', '66 0F 3A 16 47 61 02', I),
        ('m_pextrq', '66 48 0F 3A 16 47 61 01', I), ('m_extractps', '66 0F 3A 17 47 61 01', I), ('m_pextrw', '66 0F 3A 15 47 61 06', I),
        ('m_pinsrw', '66 0F C4 47 61 03', I), ('m_insertps', '66 0F 3A 21 47 61 E5', I), ('m_pinsrq', '66 48 0F 3A 22 47 61 01', I),
        ('m_ptest_mis', '66 0F 38 17 47 68', I), ('m_pshufd_mis', '66 0F 70 47 68 1B', I), ('m_pshufd', '66 0F 70 47 60 1B', I),
        ('m_cvtsi2sd', 'F2 0F 2A 47 61', I), ('m_cvtsi2sdq', 'F2 48 0F 2A 47 61', I), ('m_cvttsd2si', 'F2 0F 2C 47 61', D),
        ('m_cvtpi2ps', '0F 2A 47 61', I), ('m_punpcklbw_mis', '66 0F 60 47 68', I), ('m_punpcklbw_mm', '0F 60 47 61', I),
        ('m_ldmxcsr', '0F AE 57 60', 'CM_'), ('m_stmxcsr', '0F AE 5F 61', I), ('m_roundsd', '66 0F 3A 0B 47 61 04', D),
        ('m_palignr_mis', '66 0F 3A 0F 47 68 03', I), ('m_pmaddwd', '66 0F F5 47 60', I), ('m_movmskps_x', '66 0F 7E 47 64', I)]:
    add(n, h, c + ' | MEM', 40)
with open('ssetable.h', 'w') as f:
    f.write('/* Generated by gentable.py: instruction encodings run by ssegen.c. */\n')
    f.write('static const struct { const char *name, *hex; int cls, count; } TABLE[] = {\n')
    for n, h, c, k in T:
        f.write('    {"%s", "%s", %s, %d},\n' % (n, h, c, k))
    f.write('    {0, 0, 0, 0},\n};\n')
print(len(T), 'entries')
