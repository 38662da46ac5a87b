package dev.flatland.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.abi.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * ELF validation as fs/binfmt_elf_fdpic.c does it on nommu (ENOEXEC for a bad header, ET_EXEC,
 * a foreign machine; ENOMEM for a bad e_phentsize), with messages that name the fix.
 */
class ElfFileTest {
    private static LoadException reject(byte[] image) {
        return assertThrows(LoadException.class, () -> ElfFile.parse(ImageSource.of(image), "prog"));
    }

    private static byte[] hello() {
        return Fixtures.bytes("hello-musl");
    }

    @Test
    void parsesAMuslStaticPie() throws LoadException {
        ElfFile elf = ElfFile.parse(ImageSource.of(hello()), "hello");
        assertEquals(ElfFile.ET_DYN, elf.type());
        // readelf -lW hello-musl: entry 0x106e, 7 program headers at offset 64, 4 PT_LOAD
        assertEquals(0x106e, elf.entry());
        assertEquals(7, elf.phdrs().size());
        assertEquals(4, elf.phdrs().stream().filter(p -> p.type() == ElfFile.PT_LOAD).count());
        assertEquals(0, elf.stackSizeHint());
    }

    @Test
    void textIsNotAnElf() {
        LoadException e = reject("#include <stdio.h>\nint main(){}\n".getBytes());
        assertEquals(Errno.ENOEXEC, e.errno());
        assertTrue(e.getMessage().contains("not an ELF"), e.getMessage());
    }

    @Test
    void emptyFileIsNotAnElf() {
        assertEquals(Errno.ENOEXEC, reject(new byte[0]).errno());
    }

    @Test
    void truncatedHeaderIsReported() {
        LoadException e = reject(Arrays.copyOf(hello(), 40));
        assertEquals(Errno.ENOEXEC, e.errno());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedSegmentsAreReported() {
        LoadException e = reject(Arrays.copyOf(hello(), 5000));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void etExecNeedsAnMmuAndTheMessageSaysStaticPie() {
        byte[] b = hello();
        b[16] = 2;   // e_type = ET_EXEC
        LoadException e = reject(b);
        assertEquals(Errno.ENOEXEC, e.errno());
        assertTrue(e.getMessage().contains("-static-pie"), e.getMessage());
    }

    @Test
    void thirtyTwoBitElfIsRejected() {
        byte[] b = hello();
        b[4] = 1;    // ELFCLASS32
        LoadException e = reject(b);
        assertTrue(e.getMessage().contains("32-bit"), e.getMessage());
    }

    @Test
    void foreignMachineIsNamed() {
        byte[] b = hello();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(18, (short) 183);   // EM_AARCH64
        LoadException e = reject(b);
        assertEquals(Errno.ENOEXEC, e.errno());
        assertTrue(e.getMessage().contains("AArch64"), e.getMessage());
    }

    @Test
    void badPhentsizeIsEnomem() {
        byte[] b = hello();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(54, (short) 32);
        assertEquals(Errno.ENOMEM, reject(b).errno());
    }

    // readelf -lW src/test/resources/elf/hello-dynamic-pie: PT_INTERP is program header 1 (at file
    // offset 64 + 56), its name "/lib64/ld-linux-x86-64.so.2" lies at 0x318 with p_filesz 0x1c (27 + NUL).
    private static final int INTERP_FILESZ = 64 + 56 + 32;
    private static final int INTERP_NAME = 0x318;

    @Test
    void dynamicPieNamesItsInterpreter() throws LoadException {
        ElfFile elf = ElfFile.parse(ImageSource.of(Fixtures.bytes("hello-dynamic-pie")), "p");
        assertEquals("/lib64/ld-linux-x86-64.so.2", elf.interpreter());
        assertEquals(null, ElfFile.parse(ImageSource.of(hello()), "p").interpreter());
        // readelf -d hello-dynamic-pie: one DT_NEEDED, libc.so.6; hello-musl (static-PIE) needs nothing
        assertEquals(java.util.List.of("libc.so.6"), DynamicSection.read(elf).needed());
        assertEquals(java.util.List.of(), DynamicSection.read(ElfFile.parse(ImageSource.of(hello()), "p")).needed());
    }

    @Test
    void interpreterNameWithoutNulIsEnoent() {
        byte[] b = Fixtures.bytes("hello-dynamic-pie");
        b[INTERP_NAME + 27] = 'x';
        assertEquals(Errno.ENOENT, reject(b).errno());
    }

    @Test
    void interpreterNameShorterThanTwoBytesIsEnoent() {
        byte[] b = Fixtures.bytes("hello-dynamic-pie");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(INTERP_FILESZ, 1);
        assertEquals(Errno.ENOENT, reject(b).errno());
    }

    @Test
    void interpreterNameOverPathMaxIsEnomem() {
        byte[] b = Fixtures.bytes("hello-dynamic-pie");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(INTERP_FILESZ, 4097);
        assertEquals(Errno.ENOMEM, reject(b).errno());
    }

    @Test
    void badInterpreterIsElibbad() {
        byte[] exec = hello();
        exec[16] = 2;   // ET_EXEC: nommu cannot place it
        for (byte[] b : java.util.List.of("#!/bin/sh\n".getBytes(), exec, Fixtures.bytes("hello-dynamic-pie"))) {
            LoadException e = assertThrows(LoadException.class,
                    () -> ElfFile.parseInterpreter(ImageSource.of(b), "/lib/ld.so"));
            assertEquals(Errno.ELIBBAD, e.errno(), e.getMessage());
        }
    }

    @Test
    void interpreterProvidesOnlyItselfOrMuslsBuiltinNames() {
        // musl's libc.so has neither DT_SONAME nor DT_NEEDED (readelf -d /lib/ld-musl-x86_64.so.1)
        DynamicSection musl = new DynamicSection(java.util.List.of(), null);
        assertTrue(Interpreters.provides(musl, "libc.so"));
        assertTrue(Interpreters.provides(musl, "libpthread.so.0"));
        assertTrue(!Interpreters.provides(musl, "libcrypto.so.3"));
        assertTrue(!Interpreters.provides(musl, "libc"));
        // glibc's ld.so: DT_SONAME ld-linux-x86-64.so.2 (readelf -d /lib64/ld-linux-x86-64.so.2)
        DynamicSection glibc = new DynamicSection(java.util.List.of(), "ld-linux-x86-64.so.2");
        assertTrue(!Interpreters.provides(glibc, "libc.so.6"));
        assertTrue(Interpreters.provides(glibc, "ld-linux-x86-64.so.2"));
    }

    @Test
    void gnuStackMemszIsTheStackSizeHint() throws LoadException {
        byte[] b = hello();
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 7; i++) {
            int o = 64 + i * 56;
            if (bb.getInt(o) == ElfFile.PT_GNU_STACK) {
                bb.putLong(o + 40, 0x40000);
            }
        }
        assertEquals(0x40000, ElfFile.parse(ImageSource.of(b), "p").stackSizeHint());
    }
}
