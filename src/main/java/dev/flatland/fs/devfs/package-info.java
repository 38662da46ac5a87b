/**
 * devfs: the guest's /dev ({@code DevFs}), overlaying the host's: the memory devices of drivers/char/mem.c
 * ({@code NullDevice}, {@code ZeroDevice}, {@code FullDevice}, {@code RandomDevice} for random and urandom),
 * the controlling terminal ({@code Console}), and the links fd, stdin, stdout, stderr into /proc/self/fd.
 */
package dev.flatland.fs.devfs;
