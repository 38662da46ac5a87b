/**
 * tmpfs: an in-memory file system ({@code TmpFs}) of directories, regular files and symbolic links
 * ({@code TmpNode}) with mode, owner and times, and its open files ({@code TmpOpenFile}). Mirrors mm/shmem.c
 * without swap. File data lives in a Java array; a nommu MAP_SHARED of a tmpfs file needs the data contiguous in
 * guest RAM instead (see {@code TmpNode.File}).
 */
package dev.flatland.fs.tmpfs;
