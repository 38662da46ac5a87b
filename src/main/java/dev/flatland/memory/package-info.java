/**
 * The flat nommu address space. {@code GuestMemory} is guest RAM, one {@code MemorySegment} at a fixed base so that NULL faults; a guest address is a physical address. Accesses outside RAM throw {@code MemoryFault}. Writes to pages marked as code notify a {@code CodeWriteListener}, which keeps the CPU's decoded-block cache coherent. Mirrors the role of Linux mm/nommu.c's flat view of memory.
 */
package dev.flatland.memory;
