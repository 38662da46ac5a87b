/**
 * The VFS core (minimal for now): {@code OpenFile} is the open file description with Linux's defaults for missing
 * operations, {@code FileSystem} the SPI a file system implements, {@code Vfs} path resolution against the working
 * directory and the root mount, {@code DirEntry} a getdents64 entry. Mirrors fs/open.c, fs/namei.c, fs/read_write.c.
 */
package dev.flatland.vfs;
