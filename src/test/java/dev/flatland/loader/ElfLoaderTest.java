package dev.flatland.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.abi.Auxv;
import dev.flatland.abi.Errno;
import dev.flatland.memory.GuestMemory;
import dev.flatland.memory.PageAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Image placement (one contiguous block) and the initial stack (argc, argv, envp, auxv). */
class ElfLoaderTest {
    GuestMemory mem;
    PageAllocator pages;
    final List<long[]> maps = new ArrayList<>();
    ImageMapper mapper;

    @BeforeEach
    void setUp() {
        mem = GuestMemory.create(32L << 20);
        pages = PageAllocator.over(mem);
        mapper = (len, what) -> {
            PageAllocator.Allocation a = pages.allocate((len + 4095) >>> 12);
            mem.fill(a.address(), a.bytes(), (byte) 0);
            maps.add(new long[] {a.address(), len});
            return a.address();
        };
    }

    private static List<byte[]> strings(String... s) {
        List<byte[]> l = new ArrayList<>();
        for (String x : s) {
            l.add(x.getBytes(StandardCharsets.UTF_8));
        }
        return l;
    }

    private static ExecParams params(List<byte[]> argv, List<byte[]> envp) {
        byte[] random = new byte[16];
        for (int i = 0; i < 16; i++) {
            random[i] = (byte) (0xa0 + i);
        }
        return new ExecParams(argv, envp, "./hello".getBytes(), "x86_64", 0x1234, random, 1000, 1001);
    }

    private LoadedImage load(byte[] image, ExecParams p) throws LoadException {
        return ElfLoader.load(ElfFile.parse(ImageSource.of(image), "hello"), mem, mapper, p);
    }

    private String cstring(long addr) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = mem.read8(addr)) != 0; addr++) {
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void imageIsOneContiguousBlockWithSegmentsAtTheirOffsets() throws LoadException {
        byte[] img = Fixtures.bytes("hello-musl");
        LoadedImage li = load(img, params(strings("./hello"), strings()));
        // readelf: PT_LOADs span 0 .. 0x6e38 + 0x980 = 0x77b8 -> 8 pages, one allocation
        assertEquals(0x8000, li.imageEnd() - li.imageStart());
        assertEquals(li.imageStart(), li.loadBias());
        assertEquals(2, maps.size(), "image and stack");
        byte[] head = new byte[0x320];
        mem.read(li.imageStart(), head, 0, head.length);
        assertArrayEquals(java.util.Arrays.copyOf(img, 0x320), head);
        byte[] text = new byte[0x3d97];
        mem.read(li.imageStart() + 0x1000, text, 0, text.length);
        assertArrayEquals(java.util.Arrays.copyOfRange(img, 0x1000, 0x1000 + 0x3d97), text);
        // bss: p_memsz beyond p_filesz of the RW segment is zero
        for (long a = li.imageStart() + 0x6e38 + 0x2d8; a < li.imageStart() + 0x6e38 + 0x980; a++) {
            assertEquals(0, mem.read8(a));
        }
        assertEquals(li.imageStart() + 0x106e, li.entry());
    }

    @Test
    void stackIs128KiBByDefaultAndRspIsAlignedAtArgc() throws LoadException {
        LoadedImage li = load(Fixtures.bytes("hello-musl"), params(strings("./hello", "a", "bc"), strings("X=1")));
        assertEquals(ElfLoader.DEFAULT_STACK_SIZE, li.stackEnd() - li.stackStart());
        assertEquals(0, li.rsp() & 15);
        assertEquals(3, mem.read64(li.rsp()));
        assertEquals("./hello", cstring(mem.read64(li.rsp() + 8)));
        assertEquals("a", cstring(mem.read64(li.rsp() + 16)));
        assertEquals("bc", cstring(mem.read64(li.rsp() + 24)));
        assertEquals(0, mem.read64(li.rsp() + 32));
        assertEquals("X=1", cstring(mem.read64(li.rsp() + 40)));
        assertEquals(0, mem.read64(li.rsp() + 48));
    }

    @Test
    void auxvHasTheFdpicSetPlusAtRandom() throws LoadException {
        LoadedImage li = load(Fixtures.bytes("hello-musl"), params(strings("./hello"), strings()));
        long p = li.rsp() + 8 * (1 + 2 + 1);   // argc, argv[0], NULL, envp NULL
        Map<Long, Long> aux = new HashMap<>();
        List<Long> order = new ArrayList<>();
        while (true) {
            long tag = mem.read64(p);
            long val = mem.read64(p + 8);
            p += 16;
            if (tag == Auxv.AT_NULL) {
                break;
            }
            aux.put(tag, val);
            order.add(tag);
        }
        assertEquals(Auxv.AT_HWCAP, (long) order.get(0), "AT_HWCAP comes first (create_elf_fdpic_tables)");
        assertEquals(0x1234L, aux.get((long) Auxv.AT_HWCAP));
        assertEquals(4096L, aux.get((long) Auxv.AT_PAGESZ));
        assertEquals(100L, aux.get((long) Auxv.AT_CLKTCK));
        assertEquals(li.imageStart() + 64, aux.get((long) Auxv.AT_PHDR), "no PT_PHDR: the first PT_LOAD holds e_phoff");
        assertEquals(56L, aux.get((long) Auxv.AT_PHENT));
        assertEquals(7L, aux.get((long) Auxv.AT_PHNUM));
        assertEquals(0L, aux.get((long) Auxv.AT_BASE));
        assertEquals(li.entry(), aux.get((long) Auxv.AT_ENTRY));
        assertEquals(1000L, aux.get((long) Auxv.AT_UID));
        assertEquals(1000L, aux.get((long) Auxv.AT_EUID));
        assertEquals(1001L, aux.get((long) Auxv.AT_GID));
        assertEquals(0L, aux.get((long) Auxv.AT_SECURE));
        assertEquals("./hello", cstring(aux.get((long) Auxv.AT_EXECFN)));
        assertEquals("x86_64", cstring(aux.get((long) Auxv.AT_PLATFORM)));
        long r = aux.get((long) Auxv.AT_RANDOM);
        for (int i = 0; i < 16; i++) {
            assertEquals(0xa0 + i, mem.read8(r + i));
        }
        assertTrue(r > li.rsp() && r < li.stackEnd());
    }

    private Map<Long, Long> auxv(LoadedImage li, int argc, int envc) {
        long p = li.rsp() + 8L * (1 + argc + 1 + envc + 1);
        Map<Long, Long> aux = new HashMap<>();
        for (long tag; (tag = mem.read64(p)) != Auxv.AT_NULL; p += 16) {
            aux.put(tag, mem.read64(p + 8));
        }
        return aux;
    }

    private static void setGnuStack(byte[] b, long memsz) {
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int phnum = bb.getShort(56);
        for (int i = 0; i < phnum; i++) {
            int o = 64 + i * 56;
            if (bb.getInt(o) == ElfFile.PT_GNU_STACK) {
                bb.putLong(o + 40, memsz);
            }
        }
    }

    /**
     * A dynamic program: hello-dynamic-pie (readelf: entry 0x1070, PT_PHDR at 0x40, 13 program
     * headers) with hello-musl standing in as the interpreter (entry 0x106e, lowest PT_LOAD at 0).
     */
    private LoadedImage loadDynamic(byte[] prog, byte[] interp) throws LoadException {
        return ElfLoader.load(ElfFile.parse(ImageSource.of(prog), "p"),
                ElfFile.parseInterpreter(ImageSource.of(interp), "ld"), mem, mapper,
                params(strings("./hello"), strings()));
    }

    @Test
    void dynamicProgramStartsAtTheInterpreterWithAtBaseAndTheProgramsPhdrs() throws LoadException {
        LoadedImage li = loadDynamic(Fixtures.bytes("hello-dynamic-pie"), Fixtures.bytes("hello-musl"));
        assertEquals(3, maps.size(), "program, interpreter, stack");
        long prog = maps.get(0)[0];
        long interp = maps.get(1)[0];
        Map<Long, Long> aux = auxv(li, 1, 0);
        assertEquals(interp, aux.get((long) Auxv.AT_BASE));
        assertEquals(interp + 0x106e, li.entry(), "execution starts at the interpreter's entry");
        assertEquals(prog + 0x1070, aux.get((long) Auxv.AT_ENTRY));
        assertEquals(prog + 0x40, aux.get((long) Auxv.AT_PHDR));
        assertEquals(13L, aux.get((long) Auxv.AT_PHNUM));
        assertEquals(56L, aux.get((long) Auxv.AT_PHENT));
        assertEquals(ElfLoader.DEFAULT_STACK_SIZE, li.stackEnd() - li.stackStart());
        // the interpreter's bytes are in place: its ELF magic at its base
        assertEquals(0x464c457f, mem.read32(interp));
    }

    @Test
    void stackSizeIsTheProgramsGnuStackElseTheInterpretersElse128KiB() throws LoadException {
        byte[] prog = Fixtures.bytes("hello-dynamic-pie");
        byte[] interp = Fixtures.bytes("hello-musl");
        setGnuStack(interp, 0x40000);
        LoadedImage a = loadDynamic(prog, interp);
        assertEquals(0x40000, a.stackEnd() - a.stackStart(), "program says 0: the interpreter's size");
        setGnuStack(prog, 0x30001);
        LoadedImage b = loadDynamic(prog, interp);
        assertEquals(0x31000, b.stackEnd() - b.stackStart(), "the program's size, page-rounded");
    }

    @Test
    void argumentsOver128KiBAreE2big() {
        List<byte[]> argv = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            argv.add(new byte[4095]);   // 33 * 4096 bytes with the NULs
        }
        LoadException e = assertThrows(LoadException.class,
                () -> load(Fixtures.bytes("hello-musl"), params(argv, strings())));
        assertEquals(Errno.E2BIG, e.errno());
    }

    @Test
    void imageLargerThanFourMiBIsEnomem() {
        byte[] img = Fixtures.bytes("hello-musl");
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(img).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bb.putLong(64 + 3 * 56 + 40, 5L << 20);   // the RW PT_LOAD's p_memsz: a 5 MiB bss
        LoadException e = assertThrows(LoadException.class, () -> load(img, params(strings("x"), strings())));
        assertEquals(Errno.ENOMEM, e.errno());
    }

    @Test
    void symbolsAreRelocated() throws LoadException {
        byte[] img = Fixtures.bytes("hello-musl");
        LoadedImage li = load(img, params(strings("x"), strings()));
        assertTrue(li.symbols().count() > 10);
        long main = li.symbols().address("main");
        assertTrue(main > li.imageStart() && main < li.imageEnd());
        assertEquals("main", li.symbols().describe(main));
        assertEquals("main+0x3", li.symbols().describe(main + 3));
    }
}
