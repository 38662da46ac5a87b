package dev.flatland.loader;

import dev.flatland.abi.ErrnoException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where an executable image's bytes come from (a host file, a VFS file, a test fixture). */
public interface ImageSource {
    /** The image size in bytes. */
    long size();

    /** Reads up to {@code len} bytes at {@code offset} into {@code dst[dstOff..]}; returns the count (0 at EOF). */
    int read(long offset, byte[] dst, int dstOff, int len);

    /** The whole image when it is held in memory (callers must not modify it), else null. */
    default byte[] array() {
        return null;
    }

    /** An image held in memory. */
    static ImageSource of(byte[] bytes) {
        return new ImageSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public int read(long offset, byte[] dst, int dstOff, int len) {
                if (offset >= bytes.length) {
                    return 0;
                }
                int n = (int) Math.min(len, bytes.length - offset);
                System.arraycopy(bytes, (int) offset, dst, dstOff, n);
                return n;
            }

            @Override
            public byte[] array() {
                return bytes;
            }
        };
    }

    /**
     * The identity of a file's contents as the VFS reports it: the path, st_dev, st_ino, st_size and
     * the st_mtime and st_ctime nanoseconds. Any write changes mtime and ctime, and ctime cannot be
     * set back (utimensat sets only atime and mtime), so an unchanged key means unchanged bytes.
     */
    record Key(String path, long dev, long ino, long size, long mtimeNs, long ctimeNs) {
        @Override
        public int hashCode() {   // spelled out: the record's generated one showed in execve profiles
            long h = ino * 31 + dev;
            h = h * 31 + mtimeNs;
            h = h * 31 + ctimeNs;
            h = h * 31 + size;
            return path.hashCode() * 31 + Long.hashCode(h);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && ino == k.ino && dev == k.dev && size == k.size && mtimeNs == k.mtimeNs
                    && ctimeNs == k.ctimeNs && path.equals(k.path);
        }
    }

    /** Reads a whole file for {@link Cache#get}. */
    @FunctionalInterface
    interface Reader {
        byte[] read() throws ErrnoException;
    }

    /**
     * The kernel's cache of executable images (one per kernel, no static state): the file's bytes and
     * their parsed {@link ElfFile} (with its symbol table once read), keyed by {@link Key}. execve of
     * the same unchanged program (a shell running commands, vfork+exec loops) then reads and parses
     * nothing but the stat. Entries are dropped least recently used beyond {@link #maxBytes}; a file
     * that fails to parse is cached as bytes only, and parsing it again fails again, as on Linux.
     */
    final class Cache {
        /** Default bound on the bytes held (a handful of large programs, e.g. busybox at 1.3 MB). */
        public static final long DEFAULT_MAX_BYTES = 64L << 20;

        private final long maxBytes;
        private long bytes;
        private final LinkedHashMap<Key, Image> map = new LinkedHashMap<>(16, 0.75f, true);

        public Cache(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        /** The image of {@code key}, read with {@code reader} only when it is not cached. */
        public Image get(Key key, Reader reader) throws ErrnoException {
            Image img = map.get(key);
            if (img != null) {
                return img;
            }
            byte[] b = reader.read();
            img = new Image(b);
            if (b.length <= maxBytes) {
                map.put(key, img);
                bytes += b.length;
                Iterator<Map.Entry<Key, Image>> it = map.entrySet().iterator();
                while (bytes > maxBytes && it.hasNext()) {
                    Map.Entry<Key, Image> old = it.next();
                    if (old.getValue() != img) {
                        bytes -= old.getValue().bytes().length;
                        it.remove();
                    }
                }
            }
            return img;
        }

        /** How many images are held (for tests). */
        public int size() {
            return map.size();
        }
    }

    /** A cached file: its bytes, and its ELF headers parsed on first use. */
    final class Image {
        private final byte[] bytes;
        private ElfFile elf;

        Image(byte[] bytes) {
            this.bytes = bytes;
        }

        /** The whole file; callers must not modify it. */
        public byte[] bytes() {
            return bytes;
        }

        /** {@link ElfFile#parse} of the bytes, done once; a parse error is thrown each time. */
        public ElfFile elf(String name) throws LoadException {
            if (elf == null) {
                elf = ElfFile.parse(ImageSource.of(bytes), name);
            }
            return elf;
        }
    }
}
