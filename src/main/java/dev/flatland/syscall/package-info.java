/**
 * The syscall layer: {@code SyscallTable} is the x86-64 table as data (one line per number, edited by
 * hand), {@code SyscallDispatcher} the only place that writes -errno to RAX (and prints
 * --strace lines through {@code Strace}), {@code SyscallArgs} the typed argument view. Handlers are thin and grouped
 * by family as in gVisor's sys_*.go: {@code FileSyscalls}, {@code ReadWriteSyscalls}, {@code MemorySyscalls},
 * {@code ProcessSyscalls}, {@code SignalSyscalls}, {@code TimeSyscalls}, {@code SystemInfoSyscalls},
 * {@code SchedSyscalls} and {@code PrioritySyscalls} (scheduling attributes, nice), {@code FileAdviceSyscalls}
 * (fadvise64, readahead, sync_file_range: argument checks only), {@code SchedAttr} (sched_setattr/getattr),
 * {@code IoprioSyscalls}, {@code Openat2} (open_how checks and the RESOLVE_* scoped walk),
 * {@code MultiMessageSyscalls} (sendmmsg/recvmmsg over sendmsg/recvmsg), {@code PidfdSyscalls},
 * {@code SpliceSyscalls} (splice, tee, vmsplice on the kernel's pipe), {@code MsgSyscalls} and
 * {@code SemSyscalls} (SysV message queues and semaphores; {@code IpcWait} parks their blocked
 * callers); the semantics live in kernel, memory and vfs.
 */
package dev.flatland.syscall;
