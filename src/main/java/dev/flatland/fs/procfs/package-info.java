/**
 * procfs: the guest's /proc ({@code ProcFs}), generated on open from read-only kernel views: per-process files
 * ({@code ProcPid}: status with the nommu Mem:/Slack:/Shared: lines, maps in the nommu format, stat, statm, cmdline,
 * environ, comm, exe, cwd, fd/) and system files ({@code ProcSystem}: meminfo with MmapCopy:, buddyinfo, the global
 * region list /proc/maps, mounts, filesystems, cpuinfo, uptime, loadavg, version, sys/). Mirrors fs/proc/ and
 * fs/proc/task_nommu.c.
 */
package dev.flatland.fs.procfs;
