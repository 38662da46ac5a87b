/**
 * tmpfs: an in-memory file system ({@code TmpFs}) of directories, regular files and symbolic links
 * ({@code TmpNode}) with mode, owner and times, and its open files ({@code TmpOpenFile}). Mirrors mm/shmem.c
 * without swap, and on nommu ramfs's file-nommu.c: a file's bytes ({@code FileData}) live in a Java array
 * until the first direct mapping, which moves them into one contiguous block of guest RAM; from then on
 * MAP_SHARED (and read-only private) mappings are the file's own pages ({@code vfs.DirectMappable}), coherent
 * with read(2)/write(2). The block is freed when the file has no name and no open description.
 */
package dev.flatland.fs.tmpfs;
