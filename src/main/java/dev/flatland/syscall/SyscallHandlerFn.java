package dev.flatland.syscall;

import dev.flatland.abi.ErrnoException;
import dev.flatland.kernel.Task;

/** One syscall's handler: decodes arguments, calls a subsystem, returns the value for RAX. */
@FunctionalInterface
interface SyscallHandlerFn {
    long call(Task t, SyscallArgs a) throws ErrnoException;
}
