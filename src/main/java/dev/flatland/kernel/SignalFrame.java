package dev.flatland.kernel;

import static dev.flatland.abi.UContext.*;

import dev.flatland.abi.ErrnoException;
import dev.flatland.abi.SigInfo;
import dev.flatland.abi.Signal;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.FxsaveImage;
import dev.flatland.memory.UserMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds and tears down the x86-64 rt_sigframe (arch/x86/kernel/signal.c get_sigframe,
 * signal_64.c x64_setup_rt_frame and sys_rt_sigreturn). Layout in {@link dev.flatland.abi.UContext}.
 *
 * <p>Placement: RSP minus the 128-byte red zone (or the top of the alternate stack for SA_ONSTACK
 * when not already on it), then the 512-byte FXSAVE image rounded down to 64 bytes, then the frame,
 * rounded down to 16 and minus 8, so that RSP + 8 is 16-byte aligned at handler entry as after a
 * call. uc_flags is UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS: CPUID reports no XSAVE, so no
 * UC_FP_XSTATE and no fpx_sw_bytes.
 */
final class SignalFrame {
    /** FIX_EFLAGS: the RFLAGS bits sigreturn takes from the frame (AC OF DF TF SF ZF AF PF CF RF). */
    static final long FIX_EFLAGS = Flags.AC | Flags.OF | Flags.DF | Flags.TF | Flags.SF | Flags.ZF | Flags.AF
            | Flags.PF | Flags.CF | (1L << 16);
    /** The sigcontext GPR order: r8..r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp (by encoding). */
    static final int[] SC_GPRS = {8, 9, 10, 11, 12, 13, 14, 15, CpuState.RDI, CpuState.RSI, CpuState.RBP,
        CpuState.RBX, CpuState.RDX, CpuState.RAX, CpuState.RCX, CpuState.RSP};

    private SignalFrame() {
    }

    /** __on_sig_stack: {@code sp} lies in the alternate stack (which grows down). */
    static boolean onStackRaw(Task t, long sp) {
        return Long.compareUnsigned(sp, t.altStackSp()) > 0
                && Long.compareUnsigned(sp - t.altStackSp(), t.altStackSize()) <= 0;
    }

    /** on_sig_stack: as {@link #onStackRaw} but never true with SS_AUTODISARM. */
    static boolean onStack(Task t, long sp) {
        return (t.altStackFlags() & Signal.SS_AUTODISARM) == 0 && onStackRaw(t, sp);
    }

    /** sas_ss_flags(sp): SS_DISABLE without an alternate stack, else SS_ONSTACK when on it, else 0. */
    static int sasSsFlags(Task t, long sp) {
        if (t.altStackSize() == 0) {
            return Signal.SS_DISABLE;
        }
        return onStack(t, sp) ? Signal.SS_ONSTACK : 0;
    }

    /**
     * Writes the frame for {@code sig} and points the CPU at the handler. {@code oldMask} is the mask
     * sigreturn will restore. Returns false (CPU untouched) when the frame cannot be written: the
     * caller then forces SIGSEGV, as Linux's signal_setup_done does.
     */
    static boolean setup(Task t, int sig, SigInfo info, SignalActions.Action a, long oldMask) {
        CpuState c = t.cpu();
        TaskSignals s = t.signals();
        if ((a.flags() & Signal.SA_RESTORER) == 0) {
            return false; // x86-64 requires SA_RESTORER (x64_setup_rt_frame: -EFAULT)
        }
        long userSp = c.r[CpuState.RSP];
        boolean nested = onStack(t, userSp);
        boolean entering = false;
        long sp = userSp - RED_ZONE;
        if ((a.flags() & Signal.SA_ONSTACK) != 0 && sasSsFlags(t, sp) == 0) {
            sp = t.altStackSp() + t.altStackSize();
            entering = true;
        }
        long fp = (sp - FPSTATE_SIZE) & -FPSTATE_ALIGN;
        long frame = ((fp - FRAME_SIZE) & -16L) - 8;
        if ((nested || entering) && !onStackRaw(t, frame)) {
            return false; // would overflow the alternate stack
        }
        ByteBuffer b = ByteBuffer.allocate(FRAME_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(FRAME_PRETCODE, a.restorer());
        int uc = FRAME_UC;
        b.putLong(uc + UC_FLAGS, UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS);
        b.putLong(uc + UC_LINK, 0);
        b.putLong(uc + UC_STACK + SS_SP, t.altStackSp());
        b.putInt(uc + UC_STACK + SS_FLAGS, t.altStackFlags());
        b.putLong(uc + UC_STACK + SS_SIZE, t.altStackSize());
        int sc = uc + UC_MCONTEXT;
        for (int i = 0; i < SC_GPRS.length; i++) {
            b.putLong(sc + SC_R8 + 8 * i, c.r[SC_GPRS[i]]);
        }
        b.putLong(sc + SC_RIP, c.rip);
        b.putLong(sc + SC_EFLAGS, Flags.read(c));
        b.putShort(sc + SC_CS, (short) USER_CS);
        b.putShort(sc + SC_SS, (short) USER_DS);
        b.putLong(sc + SC_ERR, s.errorCode);
        b.putLong(sc + SC_TRAPNO, s.trapNo);
        b.putLong(sc + SC_OLDMASK, oldMask);
        b.putLong(sc + SC_CR2, s.cr2);
        b.putLong(sc + SC_FPSTATE, fp);
        b.putLong(uc + UC_SIGMASK, oldMask);
        UserMemory um = t.userMemory();
        try {
            um.copyOut(fp, FxsaveImage.save(c));
            if ((a.flags() & Signal.SA_SIGINFO) != 0) {
                b.put(FRAME_INFO, info.encode());
                um.copyOut(frame, b.array());
            } else {
                um.copyOut(frame, b.array(), 0, FRAME_INFO); // Linux leaves the siginfo area unwritten
            }
        } catch (ErrnoException e) {
            return false;
        }
        c.r[CpuState.RDI] = sig;
        c.r[CpuState.RSI] = frame + FRAME_INFO;
        c.r[CpuState.RDX] = frame + FRAME_UC;
        c.r[CpuState.RAX] = 0;
        c.r[CpuState.RSP] = frame;
        c.rip = a.handler();
        Flags.write(c, Flags.read(c) & ~(Flags.DF | Flags.TF | (1L << 16)));
        FxsaveImage.reset(c);
        if ((t.altStackFlags() & Signal.SS_AUTODISARM) != 0) {
            t.setAltStack(0, 0, Signal.SS_DISABLE); // sas_ss_reset
        }
        return true;
    }

    /**
     * rt_sigreturn: reloads the mask, every register, RFLAGS (FIX_EFLAGS bits), the FXSAVE image
     * and the alternate stack from the frame at RSP - 8. Returns the restored RAX.
     *
     * @throws ErrnoException EFAULT when the frame is unreadable (the caller forces SIGSEGV)
     */
    static long restore(Task t) throws ErrnoException {
        CpuState c = t.cpu();
        UserMemory um = t.userMemory();
        long frame = c.r[CpuState.RSP] - 8;
        ByteBuffer b = ByteBuffer.wrap(um.copyIn(frame, FRAME_INFO)).order(ByteOrder.LITTLE_ENDIAN);
        int uc = FRAME_UC;
        int sc = uc + UC_MCONTEXT;
        long fp = b.getLong(sc + SC_FPSTATE);
        byte[] fx = fp != 0 ? um.copyIn(fp, FxsaveImage.SIZE) : null;
        t.setBlocked(b.getLong(uc + UC_SIGMASK));
        for (int i = 0; i < SC_GPRS.length; i++) {
            c.r[SC_GPRS[i]] = b.getLong(sc + SC_R8 + 8 * i);
        }
        c.rip = b.getLong(sc + SC_RIP);
        long flags = Flags.read(c);
        Flags.write(c, (flags & ~FIX_EFLAGS) | (b.getLong(sc + SC_EFLAGS) & FIX_EFLAGS));
        if (fx != null && !FxsaveImage.mxcsrValid(fx)) {
            // The registers are back but the FP image is refused; rt_sigreturn then raises SIGSEGV
            // (checked natively: a handler that sets MXCSR bit 16 in the frame gets SIGSEGV).
            throw new ErrnoException(dev.flatland.abi.Errno.EFAULT);
        }
        if (fx != null) {
            FxsaveImage.restore(c, fx);
        } else {
            FxsaveImage.reset(c);
        }
        try {
            SignalDelivery.doSigaltstack(t, b.getLong(uc + UC_STACK + SS_SP), b.getInt(uc + UC_STACK + SS_FLAGS),
                    b.getLong(uc + UC_STACK + SS_SIZE), c.r[CpuState.RSP]);
        } catch (ErrnoException e) {
            // restore_altstack: only a fault matters, and the stack_t was already read.
        }
        t.signals().noRestart = true;
        return c.r[CpuState.RAX];
    }
}
