/**
 * ELF64 loading for nommu (fs/binfmt_elf_fdpic.c): {@code ElfFile} parses and validates an image read
 * through {@code ImageSource} (only ET_DYN x86-64; clear {@code LoadException} messages otherwise),
 * {@code ElfLoader} places it as one contiguous allocation and allocates the stack block, {@code InitialStack}
 * writes argc/argv/envp/auxv (the FDPIC auxv set plus AT_RANDOM), {@code Symbols} reads .symtab for crash lines.
 * Memory comes from the kernel through {@code ImageMapper}, so the mm records the mappings.
 */
package dev.flatland.loader;
