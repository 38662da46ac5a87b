/**
 * The kernel core: {@code Kernel} (RAM, page allocator, VFS, clocks, pids and the run loop), {@code Task} (a thread:
 * CpuState, engine, signal masks), {@code ThreadGroup} (a process: mm, fds, signal actions, cwd, exit status),
 * {@code Mm} and {@code Mapping} (nommu mappings over the buddy allocator with the exact rules of mm/nommu.c),
 * {@code FdTable}, {@code SignalActions}, {@code Clock} (host or instruction-derived virtual time) and
 * {@code SyscallHandler}, the interface through which boot plugs the syscall layer in. Signals:
 * {@code SignalDelivery} (generation, default actions, handler delivery and syscall restart on every
 * return to user mode; kernel/signal.c, arch/x86/kernel/signal.c), {@code SignalFrame} (the x86-64
 * rt_sigframe and rt_sigreturn), {@code SigPending} (pending set and siginfo queue), {@code TaskSignals}
 * (per-task signal state) and {@code ITimers} (setitimer/alarm). {@code WriteAccess} is Linux's
 * i_writecount (ETXTBSY: running programs' files against writers); {@code Uts} the host and domain
 * names sethostname and uname share; {@code IoContext} a task's I/O priority, shared between
 * CLONE_IO tasks as Linux shares its io_context; {@code PidFd} the file pidfd_open returns (it follows
 * its process through exit and reaping for poll, waitid and pidfd_send_signal); {@code IpcNamespace}
 * holds the SysV message queues ({@code MsgQueue}) and semaphore sets ({@code SemSet}) of the one IPC
 * namespace.
 *
 * <p>Lock order: none yet; the kernel runs every task on one host thread.
 */
package dev.flatland.kernel;
