package dev.flatland.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flatland.abi.Errno;
import dev.flatland.abi.ErrnoException;
import org.junit.jupiter.api.Test;

/** execve's image cache: one read and one parse per unchanged file, a changed file read again. */
class ImageCacheTest {
    private int reads;

    private ImageSource.Reader reader(byte[] b) {
        return () -> {
            reads++;
            return b;
        };
    }

    private static ImageSource.Key key(String path, long size, long mtime, long ctime) {
        return new ImageSource.Key(path, 1, 42, size, mtime, ctime);
    }

    @Test
    void anUnchangedFileIsReadAndParsedOnce() throws Exception {
        byte[] img = Fixtures.bytes("hello-musl");
        ImageSource.Cache c = new ImageSource.Cache(ImageSource.Cache.DEFAULT_MAX_BYTES);
        ImageSource.Image a = c.get(key("/bin/x", img.length, 5, 5), reader(img));
        ImageSource.Image b = c.get(key("/bin/x", img.length, 5, 5), reader(img));
        assertEquals(1, reads);
        assertSame(a, b);
        assertSame(a.elf("/bin/x"), b.elf("/bin/x"));
    }

    @Test
    void aNewMtimeOrCtimeMeansANewRead() throws Exception {
        byte[] img = Fixtures.bytes("hello-musl");
        ImageSource.Cache c = new ImageSource.Cache(ImageSource.Cache.DEFAULT_MAX_BYTES);
        ImageSource.Image a = c.get(key("/bin/x", img.length, 5, 5), reader(img));
        ImageSource.Image b = c.get(key("/bin/x", img.length, 6, 6), reader(img));
        ImageSource.Image d = c.get(key("/bin/x", img.length, 5, 7), reader(img));
        assertEquals(3, reads);
        assertNotSame(a, b);
        assertNotSame(b, d);
    }

    @Test
    void leastRecentlyUsedImagesAreDroppedBeyondTheBound() throws Exception {
        byte[] img = new byte[1000];
        ImageSource.Cache c = new ImageSource.Cache(2500);
        c.get(key("/a", 1000, 1, 1), reader(img));
        c.get(key("/b", 1000, 1, 1), reader(img));
        c.get(key("/a", 1000, 1, 1), reader(img));   // /a is now the most recent
        c.get(key("/c", 1000, 1, 1), reader(img));   // 3000 > 2500: /b goes
        assertEquals(3, reads);
        assertEquals(2, c.size());
        c.get(key("/a", 1000, 1, 1), reader(img));
        assertEquals(3, reads);
        c.get(key("/b", 1000, 1, 1), reader(img));
        assertEquals(4, reads);
    }

    @Test
    void aReadErrorIsPassedOnAndNothingIsCached() {
        ImageSource.Cache c = new ImageSource.Cache(ImageSource.Cache.DEFAULT_MAX_BYTES);
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> c.get(key("/x", 1, 1, 1), () -> {
                    throw new ErrnoException(Errno.EIO);
                }));
        assertEquals(Errno.EIO, e.errno());
        assertEquals(0, c.size());
    }

    @Test
    void aNonElfFileFailsToParseEveryTime() throws Exception {
        byte[] script = "#!/bin/sh\necho hi\n".getBytes();
        ImageSource.Cache c = new ImageSource.Cache(ImageSource.Cache.DEFAULT_MAX_BYTES);
        ImageSource.Image a = c.get(key("/s", script.length, 1, 1), reader(script));
        assertEquals(Errno.ENOEXEC, assertThrows(LoadException.class, () -> a.elf("/s")).errno());
        assertEquals(Errno.ENOEXEC, assertThrows(LoadException.class, () -> a.elf("/s")).errno());
    }
}
