package dev.flatland.abi;

/**
 * The x86-64 signal frame (arch/x86/include/asm/sigframe.h struct rt_sigframe, uapi
 * asm/ucontext.h, uapi asm/sigcontext.h struct sigcontext_64). Offsets are from the start of the
 * frame, i.e. the handler's RSP on entry; SignalFrameLayoutTest checks each against a native
 * program's offsetof output and a live frame on this host.
 *
 * <pre>
 * rt_sigframe: pretcode @0 (the sa_restorer), uc @8 (struct ucontext, 304 bytes), info @312 (siginfo, 128)
 * ucontext:    uc_flags @0, uc_link @8, uc_stack @16 (stack_t: ss_sp, ss_flags, ss_size), uc_mcontext @40
 *              (sigcontext, 256 bytes), uc_sigmask @296
 * sigcontext:  r8..r15 @0..56, rdi 64, rsi 72, rbp 80, rbx 88, rdx 96, rax 104, rcx 112, rsp 120, rip 128,
 *              eflags 136, cs 144, gs 146, fs 148, ss 150, err 152, trapno 160, oldmask 168, cr2 176,
 *              fpstate 184 (pointer to the 512-byte FXSAVE image), reserved1[8] 192
 * </pre>
 */
public final class UContext {
    private UContext() {
    }

    public static final int FRAME_PRETCODE = 0;
    public static final int FRAME_UC = 8;
    public static final int FRAME_INFO = 312;
    /** sizeof(struct rt_sigframe). */
    public static final int FRAME_SIZE = FRAME_INFO + SigInfo.SIZE;

    public static final int UC_FLAGS = 0;
    public static final int UC_LINK = 8;
    public static final int UC_STACK = 16;
    public static final int UC_MCONTEXT = 40;
    public static final int UC_SIGMASK = 296;
    /** sizeof(struct ucontext) in the kernel (sigmask is the 8-byte kernel sigset). */
    public static final int UC_SIZE = 304;

    public static final int SS_SP = 0;
    public static final int SS_FLAGS = 8;
    public static final int SS_SIZE = 16;

    public static final int SC_R8 = 0;
    public static final int SC_RDI = 64;
    public static final int SC_RSI = 72;
    public static final int SC_RBP = 80;
    public static final int SC_RBX = 88;
    public static final int SC_RDX = 96;
    public static final int SC_RAX = 104;
    public static final int SC_RCX = 112;
    public static final int SC_RSP = 120;
    public static final int SC_RIP = 128;
    public static final int SC_EFLAGS = 136;
    public static final int SC_CS = 144;
    public static final int SC_GS = 146;
    public static final int SC_FS = 148;
    public static final int SC_SS = 150;
    public static final int SC_ERR = 152;
    public static final int SC_TRAPNO = 160;
    public static final int SC_OLDMASK = 168;
    public static final int SC_CR2 = 176;
    public static final int SC_FPSTATE = 184;
    public static final int SC_SIZE = 256;

    /** uc_flags bits (arch/x86/include/uapi/asm/ucontext.h). */
    public static final long UC_FP_XSTATE = 0x1;
    public static final long UC_SIGCONTEXT_SS = 0x2;
    public static final long UC_STRICT_RESTORE_SS = 0x4;

    /** The FXSAVE image: 512 bytes, 64-byte aligned in the frame (fpu__alloc_mathframe). */
    public static final int FPSTATE_SIZE = 512;
    public static final int FPSTATE_ALIGN = 64;
    /** x86-64 ABI red zone below RSP that the frame skips. */
    public static final int RED_ZONE = 128;

    /** User selectors Linux stores in cs/ss (__USER_CS, __USER_DS). */
    public static final int USER_CS = 0x33;
    public static final int USER_DS = 0x2b;

    /** Trap numbers stored in sigcontext.trapno (arch/x86/include/asm/trapnr.h). */
    public static final int X86_TRAP_DE = 0;
    public static final int X86_TRAP_BP = 3;
    public static final int X86_TRAP_UD = 6;
    public static final int X86_TRAP_GP = 13;
    public static final int X86_TRAP_PF = 14;
    public static final int X86_TRAP_MF = 16;
    public static final int X86_TRAP_AC = 17;
    public static final int X86_TRAP_XF = 19;
}
