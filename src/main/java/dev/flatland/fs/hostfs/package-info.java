/**
 * hostfs: a host directory tree passed through with java.nio.file ({@code HostFs}, {@code HostFile},
 * {@code HostDirectory}), and the host's stdin/stdout/stderr as guest files ({@code HostStdio}; isatty and terminal
 * ioctls answered by the host C library through FFM in {@code HostTerminal}). Mirrors the role of UML's hostfs.
 */
package dev.flatland.fs.hostfs;
