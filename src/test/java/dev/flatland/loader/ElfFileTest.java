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

    @Test
    void dynamicPieIsReportedAsUnsupportedForNow() {
        LoadException e = reject(Fixtures.bytes("hello-dynamic-pie"));
        assertEquals(Errno.ENOEXEC, e.errno());
        assertTrue(e.getMessage().contains("PT_INTERP"), e.getMessage());
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
