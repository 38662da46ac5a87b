/**
 * x86-64 architectural state ({@code CpuState}, lazy {@code Flags}, x87 {@code Fpu}), the {@code ExecutionEngine} interface and the sealed {@code Trap} results. The CPU never calls the kernel: it returns a Trap to the run loop. {@code HostFpu} reaches the host's own x87 (through FFM) for the eight transcendental instructions whose last bit is the CPU's choice.
 */
package dev.flatland.cpu;
