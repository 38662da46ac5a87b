package dev.flatland.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * struct stat / struct statx layouts and dev_t encoding against this x86-64 Linux host. Expected
 * values were printed by guest/fixtures/abi_layout.c (gcc, glibc 2.36, Debian 12):
 * <pre>
 * stat size 144 dev 0 ino 8 nlink 16 mode 24 uid 28 gid 32 rdev 40 size 48 blksize 56 blocks 64 atim 72 mtim 88 ctim 104
 * statx size 256 mask 0 blksize 4 nlink 16 uid 20 gid 24 mode 28 ino 32 size 40 blocks 48 atime 64 btime 80 ctime 96
 *   mtime 112 rdev_major 128 dev_major 136
 * O_CLOEXEC 0x80000 O_DIRECTORY 0x10000 O_NOFOLLOW 0x20000 O_LARGEFILE 0x8000 O_PATH 0x200000 O_TMPFILE 0x410000
 * makedev(136,2) 0x8802 makedev(259,70000) 0x11110370
 * </pre>
 */
class StatTest {
    private static final Stat ST = new Stat(0x11L, 0x22L, 0100644, 3, 1000, 1001, Stat.encodeDev(136, 2), 12345, 4096,
            24, 1_700_000_000L, 5, 1_700_000_001L, 6, 1_700_000_002L, 7);

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void statLayoutMatchesTheHost() {
        ByteBuffer b = le(ST.encode());
        assertEquals(144, b.capacity());
        assertEquals(0x11L, b.getLong(0));
        assertEquals(0x22L, b.getLong(8));
        assertEquals(3, b.getLong(16));
        assertEquals(0100644, b.getInt(24));
        assertEquals(1000, b.getInt(28));
        assertEquals(1001, b.getInt(32));
        assertEquals(0x8802, b.getLong(40));
        assertEquals(12345, b.getLong(48));
        assertEquals(4096, b.getLong(56));
        assertEquals(24, b.getLong(64));
        assertEquals(1_700_000_000L, b.getLong(72));
        assertEquals(5, b.getLong(80));
        assertEquals(1_700_000_001L, b.getLong(88));
        assertEquals(1_700_000_002L, b.getLong(104));
        assertEquals(7, b.getLong(112));
    }

    @Test
    void statxLayoutMatchesTheHost() {
        ByteBuffer b = le(ST.encodeStatx());
        assertEquals(256, b.capacity());
        assertEquals(Stat.STATX_BASIC_STATS, b.getInt(0));
        assertEquals(4096, b.getInt(4));
        assertEquals(3, b.getInt(16));
        assertEquals(1000, b.getInt(20));
        assertEquals(1001, b.getInt(24));
        assertEquals(0100644, b.getShort(28) & 0xffff);
        assertEquals(0x22L, b.getLong(32));
        assertEquals(12345, b.getLong(40));
        assertEquals(24, b.getLong(48));
        assertEquals(1_700_000_000L, b.getLong(64));
        assertEquals(5, b.getInt(72));
        assertEquals(0, b.getLong(80), "no birth time");
        assertEquals(1_700_000_002L, b.getLong(96));
        assertEquals(1_700_000_001L, b.getLong(112));
        assertEquals(136, b.getInt(128));
        assertEquals(2, b.getInt(132));
    }

    @Test
    void devEncodingMatchesGlibcMakedev() {
        assertEquals(0x8802L, Stat.encodeDev(136, 2));
        assertEquals(0x11110370L, Stat.encodeDev(259, 70000));
        assertEquals(259, Stat.major(0x11110370L));
        assertEquals(70000, Stat.minor(0x11110370L));
    }

    @Test
    void openFlagValuesMatchTheHost() {
        assertEquals(0x80000, Fcntl.O_CLOEXEC);
        assertEquals(0x10000, Fcntl.O_DIRECTORY);
        assertEquals(0x20000, Fcntl.O_NOFOLLOW);
        assertEquals(0x8000, Fcntl.O_LARGEFILE);
        assertEquals(0x200000, Fcntl.O_PATH);
        assertEquals(0x410000, Fcntl.O_TMPFILE);
    }
}
