package dev.flatland.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.abi.Signal;
import dev.flatland.abi.Termbits;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * N_TTY behaviour. Every expected read and echo below was recorded from real Linux (6.x, x86-64)
 * through a pty pair: a Python script (os.openpty, termios) wrote the input to the master, read the
 * slave, and collected the echo from the master. The pty's termios is the same cooked mode as
 * tty_std_termios except HUPCL, which does not affect the line discipline.
 */
class LineDisciplineTest {
    private final ByteArrayOutputStream echo = new ByteArrayOutputStream();
    private final List<Integer> signals = new ArrayList<>();
    private final LineDiscipline ld = new LineDiscipline(echo::writeBytes, signals::add);

    private void type(String s) {
        for (byte b : s.getBytes(StandardCharsets.ISO_8859_1)) {
            ld.receive(b);
        }
    }

    private String read() {
        byte[] b = new byte[100];
        int n = ld.read(b, 0, b.length);
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    private String echoed() {
        return echo.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void eraseRemovesTheLastCharacterAndEchoesBackspaceSpaceBackspace() {
        type("abc\u007fd\n");   // Linux: read 'abd\n', echo 'abc\b \bd\r\n'
        assertEquals("abd\n", read());
        assertEquals("abc\b \bd\r\n", echoed());
    }

    @Test
    void killErasesTheLineVisuallyWithEchoke() {
        type("foo\u0015bar\n");   // Linux: read 'bar\n', echo 'foo' + 3 x '\b \b' + 'bar\r\n'
        assertEquals("bar\n", read());
        assertEquals("foo\b \b\b \b\b \bbar\r\n", echoed());
    }

    @Test
    void weraseRemovesTheLastWordAndTheBlanksAfterIt() {
        type("one two\u0017three\n");   // Linux: read 'one three\n'
        assertEquals("one three\n", read());
        assertEquals("one two\b \b\b \b\b \bthree\r\n", echoed());
    }

    @Test
    void controlCharactersEchoAsCaretLetters() {
        type("a\u0001b\n");   // Linux: read 'a\x01b\n', echo 'a^Ab\r\n'
        assertEquals("a\u0001b\n", read());
        assertEquals("a^Ab\r\n", echoed());
    }

    @Test
    void eofEndsAReadWithoutNewlineAndAloneReadsZero() {
        type("ab\u0004\u0004");   // Linux: reads 'ab' then '', echo 'ab'
        assertEquals("ab", read());
        assertTrue(ld.readable(1));
        assertEquals("", read());
        assertFalse(ld.readable(1));
        assertEquals("ab", echoed());
    }

    @Test
    void carriageReturnBecomesNewlineWithIcrnl() {
        type("hi\r");   // Linux: read 'hi\n', echo 'hi\r\n'
        assertEquals("hi\n", read());
        assertEquals("hi\r\n", echoed());
    }

    @Test
    void partialLineIsNotReadableInCanonicalMode() {
        type("abc");
        assertFalse(ld.readable(1));
        assertEquals(0, ld.available());
    }

    @Test
    void nonCanonicalWithoutEchoReturnsBytesAtOnce() {
        ld.lflag &= ~(Termbits.ICANON | Termbits.ECHO);
        type("xy");   // Linux (VMIN 1, VTIME 0): read 'xy', no echo
        assertTrue(ld.readable(1));
        assertEquals("xy", read());
        assertEquals("", echoed());
    }

    @Test
    void nonCanonicalEchoShowsNewlineAsNewline() {
        ld.lflag &= ~Termbits.ICANON;
        type("q\r");   // Linux: read 'q\n', echo 'q\r\n' (not ^J)
        assertEquals("q\n", read());
        assertEquals("q\r\n", echoed());
    }

    @Test
    void lnextQuotesTheEraseCharacter() {
        type("a\u0016\u007fb\n");   // Linux: read 'a\x7fb\n', echo 'a^\b^?b\r\n'
        assertEquals("a\u007fb\n", read());
        assertEquals("a^\b^?b\r\n", echoed());
    }

    @Test
    void withoutIutf8EraseRemovesOneByte() {
        type("x\u00c3\u00a9\u007f\n");   // Linux (no IUTF8): read 'x\xc3\n', echo 'x\xc3\xa9\b \b\r\n'
        assertEquals("x\u00c3\n", read());
        assertEquals("x\u00c3\u00a9\b \b\r\n", echoed());
    }

    @Test
    void withIutf8EraseRemovesTheWholeCharacter() {
        ld.iflag |= Termbits.IUTF8;
        type("x\u00c3\u00a9\u007f\n");   // n_tty eraser: continuation bytes go with their lead byte
        assertEquals("x\n", read());
    }

    @Test
    void withoutIsigInterruptIsAnOrdinaryCharacter() {
        ld.lflag &= ~Termbits.ISIG;
        type("a\u0003b\n");   // Linux: read 'a\x03b\n', echo 'a^Cb\r\n'
        assertEquals("a\u0003b\n", read());
        assertEquals("a^Cb\r\n", echoed());
        assertTrue(signals.isEmpty());
    }

    @Test
    void interruptSignalsAndFlushesTheLine() {
        type("abc");
        type("\u0003d\n");   // Linux: read 'd\n'; '^C' echoed
        assertEquals(List.of(Signal.SIGINT), signals);
        assertEquals("d\n", read());
        assertTrue(echoed().endsWith("^Cd\r\n"), echoed());
    }

    @Test
    void quitAndSuspendSignal() {
        type("\u001c\u001a");
        assertEquals(List.of(Signal.SIGQUIT, Signal.SIGTSTP), signals);
    }

    @Test
    void echonlEchoesOnlyTheNewline() {
        ld.lflag = (ld.lflag & ~Termbits.ECHO) | Termbits.ECHONL;
        type("ab\n");   // Linux: echo '\r\n'
        assertEquals("ab\n", read());
        assertEquals("\r\n", echoed());
    }

    @Test
    void withoutEchoeEraseAndKillEchoTheirCharacters() {
        ld.lflag &= ~(Termbits.ECHOE | Termbits.ECHOKE);
        type("ab\u007fc\u0015d\n");   // Linux: read 'd\n', echo 'ab^?c^U\r\nd\r\n'
        assertEquals("d\n", read());
        assertEquals("ab^?c^U\r\nd\r\n", echoed());
    }

    @Test
    void outputProcessingMapsNewlineToCrLf() {
        byte[] out = ld.process("a\nb\r".getBytes(StandardCharsets.ISO_8859_1), 0, 4);   // Linux: 'a\r\nb\r'
        assertArrayEquals("a\r\nb\r".getBytes(StandardCharsets.ISO_8859_1), out);
        ld.oflag &= ~Termbits.OPOST;
        assertArrayEquals("a\nb".getBytes(StandardCharsets.ISO_8859_1),
                ld.process("a\nb".getBytes(StandardCharsets.ISO_8859_1), 0, 3));
    }

    @Test
    void termiosRoundTripsThroughTcgetsAndTcsets() {
        byte[] img = ld.encode();
        assertEquals(Termbits.TERMIOS_SIZE, img.length);
        // tty_std_termios lflag = 0x8a3b (ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN), as the pty shows
        assertEquals(0x8a3b, (img[12] & 0xff) | (img[13] & 0xff) << 8);
        assertEquals(3, img[Termbits.C_CC + Termbits.VINTR]);
        ld.lflag = 0;
        ld.decode(img);
        assertEquals(0x8a3b, ld.lflag);
    }

    @Test
    void leavingCanonicalModeMakesThePartialLineReadable() {
        type("par");
        byte[] img = ld.encode();
        img[12] &= ~Termbits.ICANON;
        ld.decode(img);
        assertEquals("par", read());
    }
}
