package dev.flatland.vfs;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * File names as the kernel keeps them: Linux names are bytes, Flatland's VFS holds Java Strings.
 * Valid UTF-8 decodes as usual; each byte of a sequence that is not valid UTF-8 becomes the lone
 * surrogate U+DC00 + byte (the "surrogateescape" mapping; a strict UTF-8 decoder never produces a
 * lone surrogate, since the UTF-8 forms of surrogates are themselves malformed), and {@link #encode} turns those back into the same bytes. So a name the guest
 * made from any bytes comes back from getdents, readlink and getcwd byte for byte, where a plain
 * UTF-8 decode replaced every bad byte with U+FFFD (busybox's "ls unicode" test makes such names).
 */
public final class FileNames {
    private static final char ESCAPE_BASE = 0xDC00;

    private FileNames() {
    }

    /** The String for name bytes {@code b}: UTF-8, with undecodable bytes escaped. */
    public static String decode(byte[] b) {
        boolean ascii = true;
        for (byte x : b) {
            if (x < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(b, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b);
        CharBuffer out = CharBuffer.allocate(b.length * 2 + 1);
        while (true) {
            CoderResult r = dec.decode(in, out, true);
            if (r.isUnderflow()) {
                dec.flush(out);
                break;
            }
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) {
                    out.put((char) (ESCAPE_BASE | (in.get() & 0xff)));
                }
            } else {
                throw new IllegalStateException("output buffer too small");   // cannot happen: 2 chars per byte at most
            }
        }
        out.flip();
        return out.toString();
    }

    /** The name bytes of {@code s}: UTF-8, with escaped bytes (see {@link #decode}) put back. */
    public static byte[] encode(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && !Character.isSurrogate(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(n + 8);
        int start = 0;
        for (i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;   // a valid pair: encoded with the run
                continue;
            }
            if (c >= ESCAPE_BASE && c <= ESCAPE_BASE + 0xff) {   // a lone low surrogate: an escaped byte
                out.writeBytes(s.substring(start, i).getBytes(StandardCharsets.UTF_8));
                out.write(c & 0xff);
                start = i + 1;
            }
        }
        out.writeBytes(s.substring(start).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
