package dev.flatland.kernel;

/**
 * The part of Linux's struct io_context that Flatland keeps: the I/O priority set with
 * ioprio_set(2) (an unsigned short: class in bits 13..15, hint bits 3..12, level in bits 0..2).
 * One object may be shared by several tasks (clone with CLONE_IO). Flatland's I/O does not weigh it.
 */
public final class IoContext {
    private int ioprio;

    public IoContext(int ioprio) {
        this.ioprio = ioprio & 0xffff;
    }

    public int ioprio() {
        return ioprio;
    }

    public void setIoprio(int v) {
        ioprio = v & 0xffff;
    }
}
