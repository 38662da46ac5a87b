#!/usr/bin/env python3
"""Annotate one JIT-compiled method with perf samples.

Usage: scripts/perf-annotate.py ASSEMBLY PERF_DATA START

ASSEMBLY is HotSpot's -XX:CompileCommand=print output without hsdis (the code as raw hex words
after each address), PERF_DATA a `perf record` of the same run, START the method's code address
(from the perf map the JVM writes with -XX:+DumpPerfMapAtExit). Prints objdump's disassembly of the
method with the number and share of samples on each instruction; the first line gives the method's
share of all samples. scripts/profile-loop runs the whole pipeline.
"""
import collections
import re
import subprocess
import sys


def main():
    if len(sys.argv) != 4 or sys.argv[1] in ('-h', '--help'):
        print(__doc__.strip())
        sys.exit(0 if len(sys.argv) > 1 and sys.argv[1] in ('-h', '--help') else 2)
    assembly, data, start = sys.argv[1], sys.argv[2], int(sys.argv[3], 16)
    words = {}
    with open(assembly) as f:
        for line in f:
            m = re.match(r'\s*0x([0-9a-f]+): ((?:[0-9a-f]{4} ?\|? ?)+)\s*$', line)
            if m:
                words[int(m.group(1), 16)] = bytes.fromhex(m.group(2).replace('|', '').replace(' ', ''))
    code = bytearray()
    at = start
    for addr in sorted(a for a in words if a >= start):
        if addr != at:
            if addr > at:
                break
            continue
        code += words[addr]
        at = addr + len(words[addr])
    if not code:
        sys.exit('perf-annotate: no code at %#x in %s' % (start, assembly))
    end = start + len(code)
    ips = subprocess.run(['perf', 'script', '-i', data, '-F', 'ip'], capture_output=True, text=True,
                         check=True).stdout.split()
    counts = collections.Counter()
    total = 0
    for ip in ips:
        try:
            value = int(ip, 16)
        except ValueError:
            continue
        total += 1
        if start <= value < end:
            counts[value] += 1
    with open('/tmp/perf-annotate.bin', 'wb') as f:
        f.write(code)
    listing = subprocess.run(['objdump', '-D', '-b', 'binary', '-mi386:x86-64', '--adjust-vma=%#x' % start,
                              '/tmp/perf-annotate.bin'], capture_output=True, text=True, check=True).stdout
    inside = sum(counts.values())
    print('# samples in method: %d of %d (%.1f%%), code %d bytes'
          % (inside, total, 100.0 * inside / max(total, 1), len(code)))
    for line in listing.split('\n'):
        m = re.match(r'\s*([0-9a-f]+):', line)
        if m:
            n = counts.get(int(m.group(1), 16), 0)
            print('%6d %5.2f%% %s' % (n, 100.0 * n / max(inside, 1), line.strip()))


if __name__ == '__main__':
    main()
