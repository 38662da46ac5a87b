/**
 * Linux x86-64 UAPI: errno values ({@code Errno}, {@code ErrnoException}), syscall numbers ({@code Sysno}), flag constants named after their headers and ABI struct layouts. Imports nothing from Flatland.
 */
package dev.flatland.abi;
