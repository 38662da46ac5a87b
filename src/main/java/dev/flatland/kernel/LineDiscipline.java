package dev.flatland.kernel;

import dev.flatland.abi.Termbits;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.function.IntConsumer;

/**
 * The N_TTY line discipline (drivers/tty/n_tty.c) without any kernel around it: termios state,
 * input processing (ICRNL/INLCR/IGNCR/ISTRIP, ISIG, canonical editing with ERASE/KILL/WERASE/
 * LNEXT, EOF/EOL), echo (ECHO, ECHOE, ECHOK, ECHOKE, ECHONL, ECHOCTL) and output processing
 * (OPOST: ONLCR, OCRNL, ONOCR, ONLRET). Echo and processed output go to {@code output}; a
 * signal character calls {@code signal} with the signal number.
 *
 * <p>The read side holds completed input: in canonical mode a byte flagged {@link #TERMINATOR}
 * ends a line and {@link #EOF_MARK} is an end-of-file terminator that is never returned.
 * Not modelled: IXON flow control, PARMRK/INPCK (no parity on a virtual line), tab-column
 * erasing (a tab erases as one column), ECHOPRT, REPRINT, FLUSHO.
 */
final class LineDiscipline {
    /** N_TTY_BUF_SIZE: input beyond this is dropped (canonical: except the line terminator). */
    static final int BUF_SIZE = 4096;
    static final int TERMINATOR = 0x100;
    static final int EOF_MARK = -1;

    int iflag;
    int oflag;
    int cflag;
    int lflag;
    byte line;
    final byte[] cc = new byte[Termbits.NCCS];

    /** Completed input (canonical: whole lines; otherwise every byte), as described above. */
    private final ArrayDeque<Integer> ready = new ArrayDeque<>();
    /** The canonical line being edited. */
    private final ByteArrayOutputStream editing = new ByteArrayOutputStream();
    private int linesReady;
    private boolean lnext;
    /** The column of the output cursor, for ONOCR and "\b \b" bookkeeping. */
    private int column;

    private final java.util.function.Consumer<byte[]> output;
    private final IntConsumer signal;

    LineDiscipline(java.util.function.Consumer<byte[]> output, IntConsumer signal) {
        this.output = output;
        this.signal = signal;
        setDefaults();
    }

    /** tty_std_termios (drivers/tty/tty_io.c): cooked mode, 38400 8N1, INIT_C_CC. */
    void setDefaults() {
        iflag = Termbits.ICRNL | Termbits.IXON;
        oflag = Termbits.OPOST | Termbits.ONLCR;
        cflag = Termbits.B38400 | Termbits.CS8 | Termbits.CREAD | Termbits.HUPCL;
        lflag = Termbits.ISIG | Termbits.ICANON | Termbits.ECHO | Termbits.ECHOE | Termbits.ECHOK
                | Termbits.ECHOCTL | Termbits.ECHOKE | Termbits.IEXTEN;
        byte[] init = {3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0};
        java.util.Arrays.fill(cc, (byte) 0);
        System.arraycopy(init, 0, cc, 0, init.length);
    }

    boolean l(int flag) {
        return (lflag & flag) != 0;
    }

    private boolean i(int flag) {
        return (iflag & flag) != 0;
    }

    private boolean o(int flag) {
        return (oflag & flag) != 0;
    }

    /** The struct termios image TCGETS copies out. */
    byte[] encode() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(Termbits.TERMIOS_SIZE)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(iflag).putInt(oflag).putInt(cflag).putInt(lflag).put(line).put(cc);
        return b.array();
    }

    /**
     * TCSETS: takes the new termios (n_tty_set_termios). Leaving canonical mode makes the partly
     * edited line readable; entering it leaves already readable bytes as they are.
     */
    void decode(byte[] img) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(img).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        boolean wasCanon = l(Termbits.ICANON);
        iflag = b.getInt();
        oflag = b.getInt();
        cflag = b.getInt();
        lflag = b.getInt();
        line = b.get();
        b.get(cc);
        if (wasCanon && !l(Termbits.ICANON)) {
            for (byte x : editing.toByteArray()) {
                ready.add(x & 0xff);
            }
            editing.reset();
            linesReady = 0;
        }
        lnext = false;
    }

    private int ch(int index) {
        return cc[index] & 0xff;
    }

    /** True when {@code c} equals the enabled special character {@code index} (0 disables it). */
    private boolean is(int c, int index) {
        return ch(index) != 0 && c == ch(index);
    }

    /** n_tty_receive_char: one byte typed at the terminal. */
    void receive(int c) {
        c &= 0xff;
        if (i(Termbits.ISTRIP)) {
            c &= 0x7f;
        }
        if (lnext) {
            lnext = false;
            literal(c);
            return;
        }
        if (c == '\r') {
            if (i(Termbits.IGNCR)) {
                return;
            }
            if (i(Termbits.ICRNL)) {
                c = '\n';
            }
        } else if (c == '\n' && i(Termbits.INLCR)) {
            c = '\r';
        }
        if (l(Termbits.ISIG)) {
            int sig = is(c, Termbits.VINTR) ? dev.flatland.abi.Signal.SIGINT
                    : is(c, Termbits.VQUIT) ? dev.flatland.abi.Signal.SIGQUIT
                    : is(c, Termbits.VSUSP) ? dev.flatland.abi.Signal.SIGTSTP : 0;
            if (sig != 0) {
                if (!l(Termbits.NOFLSH)) {
                    flushInput();
                }
                if (l(Termbits.ECHO)) {
                    echoChar(c);
                }
                signal.accept(sig);
                return;
            }
        }
        boolean canon = l(Termbits.ICANON);
        if (l(Termbits.IEXTEN) && is(c, Termbits.VLNEXT) && canon) {
            lnext = true;
            if (l(Termbits.ECHO) && l(Termbits.ECHOCTL)) {
                emit(new byte[] {'^', '\b'});
            }
            return;
        }
        if (!canon) {
            if (ready.size() < BUF_SIZE) {
                ready.add(c);
            }
            if (l(Termbits.ECHO)) {
                echoChar(c);
            }
            return;
        }
        if (is(c, Termbits.VERASE) || is(c, Termbits.VKILL) || is(c, Termbits.VWERASE) && l(Termbits.IEXTEN)) {
            erase(c);
            return;
        }
        if (c == '\n') {
            if (l(Termbits.ECHO) || l(Termbits.ECHONL)) {
                emit(new byte[] {'\n'});
            }
            endLine(c);
            return;
        }
        if (is(c, Termbits.VEOF)) {
            endLine(EOF_MARK);
            return;
        }
        if (is(c, Termbits.VEOL) || is(c, Termbits.VEOL2) && l(Termbits.IEXTEN)) {
            if (l(Termbits.ECHO)) {
                echoChar(c);
            }
            endLine(c);
            return;
        }
        literal(c);
    }

    /** A byte that goes into the line (or the raw queue) as itself. */
    private void literal(int c) {
        if (l(Termbits.ICANON)) {
            if (editing.size() < BUF_SIZE - 1) {
                editing.write(c);
            }
        } else if (ready.size() < BUF_SIZE) {
            ready.add(c);
        }
        if (l(Termbits.ECHO)) {
            echoChar(c);
        }
    }

    private void endLine(int terminator) {
        for (byte x : editing.toByteArray()) {
            ready.add(x & 0xff);
        }
        editing.reset();
        ready.add(terminator == EOF_MARK ? EOF_MARK : terminator | TERMINATOR);
        linesReady++;
    }

    /** eraser(): ERASE removes one character, WERASE one word, KILL the whole line. */
    private void erase(int c) {
        byte[] cur = editing.toByteArray();
        int n = cur.length;
        if (n == 0) {
            return;
        }
        boolean kill = is(c, Termbits.VKILL);
        boolean werase = !kill && is(c, Termbits.VWERASE) && !is(c, Termbits.VERASE);
        if (kill && l(Termbits.ECHO) && !(l(Termbits.ECHOK) && l(Termbits.ECHOKE) && l(Termbits.ECHOE))) {
            editing.reset();
            echoChar(c);
            if (l(Termbits.ECHOK)) {
                emit(new byte[] {'\n'});
            }
            return;
        }
        boolean seenAlnum = false;
        int end = n;
        ByteArrayOutputStream vis = new ByteArrayOutputStream();
        while (end > 0) {
            int start = end - 1;
            if (i(Termbits.IUTF8)) {
                while (start > 0 && (cur[start] & 0xc0) == 0x80) {
                    start--;   // a UTF-8 character erases as a whole
                }
            }
            int b = cur[start] & 0xff;
            if (werase) {
                boolean word = Character.isLetterOrDigit(b) && b < 128 || b == '_';
                if (word) {
                    seenAlnum = true;
                } else if (seenAlnum) {
                    break;
                }
            }
            end = start;
            if (l(Termbits.ECHO) && (l(Termbits.ECHOE) || kill)) {
                int cols = b < 32 && b != '\t' && l(Termbits.ECHOCTL) || b == 127 && l(Termbits.ECHOCTL) ? 2 : 1;
                for (int k = 0; k < cols; k++) {
                    vis.writeBytes(new byte[] {'\b', ' ', '\b'});
                }
            }
            if (!kill && !werase) {
                break;
            }
        }
        editing.reset();
        editing.write(cur, 0, end);
        if (l(Termbits.ECHO)) {
            if (l(Termbits.ECHOE) || kill) {
                emit(vis.toByteArray());
            } else {
                echoChar(c);
            }
        }
    }

    /** echo_char: control characters as ^X with ECHOCTL (not TAB or NL; DEL as ^?). */
    private void echoChar(int c) {
        if (l(Termbits.ECHOCTL) && (c < 32 || c == 127) && c != '\t' && c != '\n') {
            emit(new byte[] {'^', (byte) (c ^ 0x40)});
        } else {
            emit(new byte[] {(byte) c});
        }
    }

    private void emit(byte[] raw) {
        byte[] out = process(raw, 0, raw.length);
        if (out.length > 0) {
            output.accept(out);
        }
    }

    /** do_output_char for each byte: OPOST's ONLCR, OCRNL, ONOCR, ONLRET. */
    byte[] process(byte[] b, int off, int len) {
        if (!o(Termbits.OPOST)) {
            return java.util.Arrays.copyOfRange(b, off, off + len);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 8);
        for (int k = off; k < off + len; k++) {
            int c = b[k] & 0xff;
            switch (c) {
                case '\n' -> {
                    if (o(Termbits.ONLRET)) {
                        column = 0;
                    }
                    if (o(Termbits.ONLCR)) {
                        column = 0;
                        out.write('\r');
                    }
                    out.write('\n');
                }
                case '\r' -> {
                    if (o(Termbits.ONOCR) && column == 0) {
                        continue;
                    }
                    if (o(Termbits.OCRNL)) {
                        if (o(Termbits.ONLRET)) {
                            column = 0;
                        }
                        out.write('\n');
                    } else {
                        column = 0;
                        out.write('\r');
                    }
                }
                case '\b' -> {
                    column = Math.max(column - 1, 0);
                    out.write(c);
                }
                case '\t' -> {
                    column = (column | 7) + 1;
                    out.write(c);
                }
                default -> {
                    if (c >= 32 && (c & 0xc0) != 0x80) {
                        column++;
                    }
                    out.write(c);
                }
            }
        }
        return out.toByteArray();
    }

    /** Bytes a read could return now (FIONREAD): complete lines in canonical mode, else all. */
    int available() {
        if (!l(Termbits.ICANON)) {
            return ready.size();
        }
        int n = 0;
        for (int v : ready) {
            if (v != EOF_MARK) {
                n++;
            }
        }
        return n;
    }

    /** True when a read would not block (a line or EOF in canonical mode; {@code min} bytes otherwise). */
    boolean readable(int min) {
        return l(Termbits.ICANON) ? linesReady > 0 : ready.size() >= Math.max(min, 1);
    }

    boolean hasInput() {
        return !ready.isEmpty();
    }

    /**
     * Takes up to {@code len} bytes (canon_copy_from_read_buf / copy_from_read_buf): canonical mode
     * stops after a line terminator, and an EOF terminator ends the read without being returned.
     */
    int read(byte[] b, int off, int len) {
        int n = 0;
        boolean canon = l(Termbits.ICANON);
        while (n < len && !ready.isEmpty()) {
            int v = ready.peekFirst();
            if (v == EOF_MARK) {
                ready.pollFirst();
                linesReady--;
                break;
            }
            ready.pollFirst();
            b[off + n++] = (byte) v;
            if (canon && (v & TERMINATOR) != 0) {
                linesReady--;
                break;
            }
        }
        return n;
    }

    /** TCFLSH(TCIFLUSH) and a signal character without NOFLSH: drops typed input. */
    void flushInput() {
        ready.clear();
        editing.reset();
        linesReady = 0;
        lnext = false;
    }
}
