package dev.flatland.net;

import dev.flatland.abi.ErrnoException;

/**
 * What a socket operation needs to know about the calling process: its credentials (SO_PEERCRED,
 * SCM_CREDENTIALS), its umask (the mode of a bound socket file) and how it resolves a relative path
 * (its cwd; the directory part is walked as path_parentat does).
 */
public record Caller(Ucred cred, int umask, PathResolver paths) {
    /** Turns a guest path into the absolute path whose parent directory is walked already. */
    @FunctionalInterface
    public interface PathResolver {
        String resolve(String path) throws ErrnoException;
    }
}
