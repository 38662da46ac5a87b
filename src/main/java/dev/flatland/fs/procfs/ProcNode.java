package dev.flatland.fs.procfs;

import dev.flatland.abi.ErrnoException;
import java.util.List;
import java.util.function.Supplier;

/** A /proc entry, built on lookup: a directory, a generated file or a symbolic link. */
sealed interface ProcNode permits ProcNode.Dir, ProcNode.File, ProcNode.Link {
    /** A stable inode number for the path. */
    long ino();

    /** A directory and its child names (without "." and ".."). */
    record Dir(long ino, int perm, Supplier<List<String>> children) implements ProcNode {
    }

    /** Generated content, and an optional writer (null: read-only, mode 0444). */
    record File(long ino, Supplier<byte[]> content, Writer writer) implements ProcNode {
    }

    /** A link; the target is computed on lookup. */
    record Link(long ino, String target) implements ProcNode {
    }

    /** Accepts the whole text written to a writable /proc file. */
    interface Writer {
        void write(String text) throws ErrnoException;
    }
}
