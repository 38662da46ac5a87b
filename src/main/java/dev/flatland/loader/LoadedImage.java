package dev.flatland.loader;

/**
 * The result of loading a program: where the image and the stack block are, the relocated entry
 * point, the initial RSP (pointing at argc) and the image's symbols.
 */
public record LoadedImage(long imageStart, long imageEnd, long loadBias, long entry, long phdrAddr,
        long stackStart, long stackEnd, long rsp, Symbols symbols) {
}
