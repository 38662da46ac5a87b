package dev.flatland.loader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test ELF images from src/test/resources/elf (built from guest/fixtures, see its README). */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/elf/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
