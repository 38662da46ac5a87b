/**
 * The flat nommu address space. {@code GuestMemory} is guest RAM, one {@code MemorySegment} at a fixed base so that
 * NULL faults; a guest address is a physical address. Accesses outside RAM throw {@code MemoryFault}. Writes to pages
 * marked as code notify a {@code CodeWriteListener}, which keeps the CPU's decoded-block cache coherent.
 * {@code PageAllocator} is the buddy allocator (mm/page_alloc.c with nommu trimming from mm/nommu.c) that serves
 * every allocation: images, stacks, mmap. {@code UserMemory} is the kernel's only door into user memory
 * (copy_from_user / copy_to_user): out-of-RAM accesses become EFAULT. Mirrors the role of Linux mm/nommu.c's flat
 * view of memory.
 */
package dev.flatland.memory;
