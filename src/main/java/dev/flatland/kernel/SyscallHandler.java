package dev.flatland.kernel;

/**
 * Handles the syscall a task just trapped with (registers in its CpuState). The syscall package
 * implements it and boot plugs it in, so that the kernel does not depend on the syscall layer.
 */
public interface SyscallHandler {
    void syscall(Task task);

    /** Called once when the run ends, for summaries (unknown syscalls). */
    default void shutdown() {
    }
}
