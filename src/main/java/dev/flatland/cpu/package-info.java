/**
 * x86-64 architectural state ({@code CpuState}, lazy {@code Flags}, x87 {@code Fpu}), the {@code ExecutionEngine} interface and the sealed {@code Trap} results. The CPU never calls the kernel: it returns a Trap to the run loop.
 */
package dev.flatland.cpu;
