package dev.flatland.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatland.abi.SigInfo;
import dev.flatland.abi.Signal;
import dev.flatland.abi.UContext;
import dev.flatland.cpu.CpuState;
import dev.flatland.cpu.Flags;
import dev.flatland.cpu.interp.Interpreter;
import dev.flatland.fs.hostfs.HostFs;
import dev.flatland.loader.ImageSource;
import dev.flatland.memory.GuestMemory;
import dev.flatland.vfs.Vfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The x86-64 signal frame against real Linux. The expected offsets are in
 * src/test/resources/dev/flatland/kernel/sigframe_offsets.native.txt, the output of
 * sigframe_offsets.c (same folder) built with {@code gcc -O1} and run natively on the x86-64 Linux
 * host: offsetof() over glibc's struct sigcontext, ucontext_t, stack_t, siginfo_t and struct
 * _fpstate, plus facts measured on a live frame (the handler's RSP captured by an asm stub:
 * ucontext at RSP+8, siginfo at RSP+312, RSP+8 16-byte aligned, the FXSAVE image 64-byte aligned and
 * above siginfo). The host reports uc_flags 7 because it has XSAVE; Flatland's CPUID has no XSAVE, so
 * Linux would set 6 (UC_FP_XSTATE clear), which is what is checked here.
 */
class SignalFrameLayoutTest {
    static Map<String, Long> nativeValues() throws IOException {
        Map<String, Long> m = new HashMap<>();
        try (InputStream in = SignalFrameLayoutTest.class.getResourceAsStream("sigframe_offsets.native.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    m.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
                }
            }
        }
        return m;
    }

    @Test
    void constantsMatchNativeOffsets() throws IOException {
        Map<String, Long> n = nativeValues();
        String[] sc = {"r8", "r15", "rdi", "rsi", "rbp", "rbx", "rdx", "rax", "rcx", "rsp", "rip", "eflags", "cs",
            "gs", "fs", "ss(__pad0)", "err", "trapno", "oldmask", "cr2", "fpstate"};
        int[] ours = {UContext.SC_R8, UContext.SC_R8 + 56, UContext.SC_RDI, UContext.SC_RSI, UContext.SC_RBP,
            UContext.SC_RBX, UContext.SC_RDX, UContext.SC_RAX, UContext.SC_RCX, UContext.SC_RSP, UContext.SC_RIP,
            UContext.SC_EFLAGS, UContext.SC_CS, UContext.SC_GS, UContext.SC_FS, UContext.SC_SS, UContext.SC_ERR,
            UContext.SC_TRAPNO, UContext.SC_OLDMASK, UContext.SC_CR2, UContext.SC_FPSTATE};
        for (int i = 0; i < sc.length; i++) {
            assertEquals(n.get("sigcontext." + sc[i]), (long) ours[i], "sigcontext." + sc[i]);
        }
        assertEquals(n.get("sizeof.sigcontext"), (long) UContext.SC_SIZE);
        assertEquals(n.get("ucontext.uc_flags"), (long) UContext.UC_FLAGS);
        assertEquals(n.get("ucontext.uc_link"), (long) UContext.UC_LINK);
        assertEquals(n.get("ucontext.uc_stack"), (long) UContext.UC_STACK);
        assertEquals(n.get("ucontext.uc_mcontext"), (long) UContext.UC_MCONTEXT);
        assertEquals(n.get("ucontext.uc_sigmask"), (long) UContext.UC_SIGMASK);
        assertEquals(n.get("stack_t.ss_sp"), (long) UContext.SS_SP);
        assertEquals(n.get("stack_t.ss_flags"), (long) UContext.SS_FLAGS);
        assertEquals(n.get("stack_t.ss_size"), (long) UContext.SS_SIZE);
        assertEquals(n.get("siginfo.si_signo"), (long) SigInfo.SI_SIGNO);
        assertEquals(n.get("siginfo.si_errno"), (long) SigInfo.SI_ERRNO);
        assertEquals(n.get("siginfo.si_code"), (long) SigInfo.SI_CODE);
        assertEquals(n.get("siginfo.si_pid"), (long) SigInfo.SI_PID);
        assertEquals(n.get("siginfo.si_uid"), (long) SigInfo.SI_UID);
        assertEquals(n.get("siginfo.si_value"), (long) SigInfo.SI_VALUE);
        assertEquals(n.get("siginfo.si_addr"), (long) SigInfo.SI_ADDR);
        assertEquals(n.get("sizeof.siginfo"), (long) SigInfo.SIZE);
        assertEquals(n.get("sizeof.fpstate"), (long) UContext.FPSTATE_SIZE);
        assertEquals(n.get("frame.uc_minus_rsp"), (long) UContext.FRAME_UC);
        assertEquals(n.get("frame.info_minus_rsp"), (long) UContext.FRAME_INFO);
    }

    /** A kernel with the hello-musl fixture loaded, so the task has a real stack. */
    static Task newTask() throws Exception {
        return newTask(KernelConfig.defaults(), new ByteArrayOutputStream());
    }

    static Task newTask(KernelConfig cfg, ByteArrayOutputStream logBytes) throws Exception {
        GuestMemory mem = GuestMemory.create(16L << 20);
        PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
        Kernel k = Kernel.create(cfg, mem, Interpreter::create,
                new Vfs(HostFs.create(Path.of("/"))), log);
        byte[] elf;
        try (InputStream in = SignalFrameLayoutTest.class.getResourceAsStream("/elf/hello-musl")) {
            elf = in.readAllBytes();
        }
        return k.spawn(ImageSource.of(elf), "./hello", "/tmp/hello", List.of("./hello".getBytes()), List.of(), "/tmp");
    }

    static final long HANDLER = 0x1234560;
    static final long RESTORER = 0x6543210;

    @Test
    void frameIsLaidOutAsLinuxDoesAndSigreturnRestoresEverything() throws Exception {
        Task t = newTask();
        CpuState c = t.cpu();
        GuestMemory m = t.kernel().memory();
        for (int i = 0; i < 16; i++) {
            if (i != CpuState.RSP) {
                c.r[i] = 0x1111_0000_0000_0000L * (i + 1) + i;
            }
        }
        long userSp = (c.r[CpuState.RSP] & -16L) - 0x1003; // deliberately misaligned
        c.r[CpuState.RSP] = userSp;
        c.rip = 0x401234;
        Flags.write(c, Flags.CF | Flags.ZF | Flags.DF);
        for (int i = 0; i < 32; i++) {
            c.xmm[i] = 0x0102_0304_0506_0708L * (i + 3);
        }
        c.mxcsr = 0x3f80;
        c.fpu.fcw = 0x27f;
        c.fpu.top = 5;
        c.fpu.setReg(c.fpu.phys(0), 0x3fff, 0xc000_0000_0000_0000L); // 1.5
        t.setBlocked(Signal.bit(Signal.SIGTERM));
        t.group().signals().set(Signal.SIGUSR1, new SignalActions.Action(HANDLER,
                Signal.SA_SIGINFO | Signal.SA_RESTORER, RESTORER, Signal.bit(Signal.SIGUSR2)));
        SigInfo info = SigInfo.fromSender(Signal.SIGUSR1, SigInfo.SI_TKILL, 42, 1000);
        assertTrue(SignalDelivery.send(t, info));
        SignalDelivery.deliver(t, -1);

        long frame = c.r[CpuState.RSP];
        assertEquals(HANDLER, c.rip);
        assertEquals(0, (frame + 8) % 16, "RSP + 8 is 16-byte aligned at entry");
        assertTrue(frame + UContext.FRAME_SIZE <= userSp - UContext.RED_ZONE, "below the red zone");
        assertEquals(Signal.SIGUSR1, c.r[CpuState.RDI]);
        assertEquals(frame + 312, c.r[CpuState.RSI]);
        assertEquals(frame + 8, c.r[CpuState.RDX]);
        assertEquals(0, c.r[CpuState.RAX]);
        assertEquals(0, Flags.read(c) & Flags.DF, "DF cleared");
        assertEquals(RESTORER, m.read64(frame));
        long uc = frame + 8;
        assertEquals(6, m.read64(uc), "UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS, no UC_FP_XSTATE");
        assertEquals(0, m.read64(uc + 8), "uc_link");
        // The raw sas_ss_flags, 0 before any sigaltstack call (guest/musl/sig_handler_info prints ss_flags=0 natively).
        assertEquals(0, m.read32(uc + 16 + 8), "uc_stack.ss_flags");
        long sc = uc + 40;
        int[] order = {8, 9, 10, 11, 12, 13, 14, 15, 7, 6, 5, 3, 2, 0, 1};
        for (int i = 0; i < order.length; i++) {
            assertEquals(0x1111_0000_0000_0000L * (order[i] + 1) + order[i], m.read64(sc + 8L * i), "gpr " + order[i]);
        }
        assertEquals(userSp, m.read64(sc + 120));
        assertEquals(0x401234, m.read64(sc + 128));
        assertEquals(Flags.CF | Flags.ZF | Flags.DF, m.read64(sc + 136) & (Flags.ARITH | Flags.DF));
        assertEquals(0x33, m.read16(sc + 144));
        assertEquals(0x2b, m.read16(sc + 150));
        assertEquals(Signal.bit(Signal.SIGTERM), m.read64(sc + 168), "oldmask");
        long fp = m.read64(sc + 184);
        assertEquals(0, fp % 64, "fpstate 64-byte aligned");
        assertTrue(fp >= frame + UContext.FRAME_SIZE && fp + 512 <= userSp - 128);
        assertEquals(0x27f, m.read16(fp), "FCW");
        assertEquals(0x3f80, m.read32(fp + 24), "MXCSR");
        assertEquals(0xc000_0000_0000_0000L, m.read64(fp + 32), "ST0 mantissa");
        assertEquals(0x3fff, m.read16(fp + 40), "ST0 exponent");
        assertEquals(0x0102_0304_0506_0708L * 3, m.read64(fp + 160), "XMM0 low");
        assertEquals(0x0102_0304_0506_0708L * 34, m.read64(fp + 160 + 16 * 15 + 8), "XMM15 high");
        assertEquals(Signal.bit(Signal.SIGTERM), m.read64(uc + 296), "uc_sigmask");
        assertEquals(Signal.SIGUSR1, m.read32(frame + 312));
        assertEquals(SigInfo.SI_TKILL, m.read32(frame + 312 + 8));
        assertEquals(42, m.read32(frame + 312 + 16));
        assertEquals(Signal.bit(Signal.SIGTERM) | Signal.bit(Signal.SIGUSR1) | Signal.bit(Signal.SIGUSR2), t.blocked());
        assertEquals(0, c.xmm[0], "the handler starts with a clean FPU/SSE state");
        assertEquals(0x1f80, c.mxcsr);

        // The handler clobbers everything, then returns into the restorer, which calls rt_sigreturn.
        for (int i = 0; i < 16; i++) {
            c.r[i] = -1 - i;
        }
        java.util.Arrays.fill(c.xmm, -5);
        c.fpu.init();
        c.mxcsr = 0x7f80;
        Flags.write(c, 0);
        c.r[CpuState.RSP] = frame + 8; // ret popped pretcode
        long rax = SignalDelivery.sigreturn(t);
        assertEquals(0x1111_0000_0000_0000L + 0, rax);
        for (int i = 0; i < 16; i++) {
            long want = i == CpuState.RSP ? userSp : 0x1111_0000_0000_0000L * (i + 1) + i;
            assertEquals(want, c.r[i], "gpr " + i);
        }
        assertEquals(0x401234, c.rip);
        assertEquals(Flags.CF | Flags.ZF | Flags.DF, Flags.read(c) & (Flags.ARITH | Flags.DF));
        for (int i = 0; i < 32; i++) {
            assertEquals(0x0102_0304_0506_0708L * (i + 3), c.xmm[i], "xmm half " + i);
        }
        assertEquals(0x3f80, c.mxcsr);
        assertEquals(0x27f, c.fpu.fcw);
        assertEquals(5, c.fpu.top);
        assertEquals(0xc000_0000_0000_0000L, c.fpu.mant[c.fpu.phys(0)]);
        assertEquals(Signal.bit(Signal.SIGTERM), t.blocked());
        assertFalse(t.exited());
    }

    @Test
    void onstackFrameGoesToTheTopOfTheAlternateStack() throws Exception {
        Task t = newTask();
        CpuState c = t.cpu();
        long alt = t.mm().mapAnonymous(64 * 1024, "alt");
        t.setAltStack(alt, 64 * 1024, 0);
        t.group().signals().set(Signal.SIGUSR2, new SignalActions.Action(HANDLER,
                Signal.SA_RESTORER | Signal.SA_ONSTACK, RESTORER, 0));
        SignalDelivery.send(t, SigInfo.of(Signal.SIGUSR2, SigInfo.SI_USER));
        SignalDelivery.deliver(t, -1);
        long frame = c.r[CpuState.RSP];
        long top = alt + 64 * 1024;
        long fp = (top - 512) & -64L;
        assertEquals(((fp - UContext.FRAME_SIZE) & -16L) - 8, frame);
        assertEquals(fp, t.kernel().memory().read64(frame + 8 + 40 + 184));
    }

    @Test
    void withoutRestorerTheFrameFailsAndSigsegvKills() throws Exception {
        Task t = newTask();
        t.group().signals().set(Signal.SIGUSR1, new SignalActions.Action(HANDLER, 0, 0, 0));
        SignalDelivery.send(t, SigInfo.of(Signal.SIGUSR1, SigInfo.SI_USER));
        SignalDelivery.deliver(t, -1);
        assertTrue(t.exited());
        assertEquals(Signal.SIGSEGV, t.group().exitStatus().signal());
    }
}
