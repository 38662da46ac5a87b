package dev.flatland.loader;

/** Where an executable image's bytes come from (a host file, a VFS file, a test fixture). */
public interface ImageSource {
    /** The image size in bytes. */
    long size();

    /** Reads up to {@code len} bytes at {@code offset} into {@code dst[dstOff..]}; returns the count (0 at EOF). */
    int read(long offset, byte[] dst, int dstOff, int len);

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
        };
    }
}
