package dev.flatland.vfs;

/**
 * A symbolic link met while a file system walked a path, for the VFS to follow across mounts
 * (fs/namei.c pick_link): the first {@code consumed} characters of the file-system path name the
 * link, and {@code target} is its contents (absolute in the global namespace, or relative to the
 * link's directory).
 */
public record Redirect(int consumed, String target) {
}
