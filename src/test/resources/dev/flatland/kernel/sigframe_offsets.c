/* Prints x86-64 signal ABI offsets (glibc headers + a live frame) for SignalFrameLayoutTest. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stddef.h>
#include <signal.h>
#include <ucontext.h>
#include <string.h>
#include <stdint.h>
#define P(name, expr) printf("%s=%ld\n", name, (long)(expr))
unsigned long saved_rsp;
void chandler(int, siginfo_t *, void *);
__asm__(".globl entry\nentry:\n mov %rsp, saved_rsp(%rip)\n jmp chandler\n");
void entry(int, siginfo_t *, void *);
static ucontext_t *gu; static siginfo_t *gs;
void chandler(int s, siginfo_t *si, void *u) { gu = u; gs = si; }
int main(void) {
    P("sigcontext.r8", offsetof(struct sigcontext, r8));
    P("sigcontext.r15", offsetof(struct sigcontext, r15));
    P("sigcontext.rdi", offsetof(struct sigcontext, rdi));
    P("sigcontext.rsi", offsetof(struct sigcontext, rsi));
    P("sigcontext.rbp", offsetof(struct sigcontext, rbp));
    P("sigcontext.rbx", offsetof(struct sigcontext, rbx));
    P("sigcontext.rdx", offsetof(struct sigcontext, rdx));
    P("sigcontext.rax", offsetof(struct sigcontext, rax));
    P("sigcontext.rcx", offsetof(struct sigcontext, rcx));
    P("sigcontext.rsp", offsetof(struct sigcontext, rsp));
    P("sigcontext.rip", offsetof(struct sigcontext, rip));
    P("sigcontext.eflags", offsetof(struct sigcontext, eflags));
    P("sigcontext.cs", offsetof(struct sigcontext, cs));
    P("sigcontext.gs", offsetof(struct sigcontext, gs));
    P("sigcontext.fs", offsetof(struct sigcontext, fs));
    P("sigcontext.ss(__pad0)", offsetof(struct sigcontext, __pad0));
    P("sigcontext.err", offsetof(struct sigcontext, err));
    P("sigcontext.trapno", offsetof(struct sigcontext, trapno));
    P("sigcontext.oldmask", offsetof(struct sigcontext, oldmask));
    P("sigcontext.cr2", offsetof(struct sigcontext, cr2));
    P("sigcontext.fpstate", offsetof(struct sigcontext, fpstate));
    P("sigcontext.reserved1", offsetof(struct sigcontext, __reserved1));
    P("sizeof.sigcontext", sizeof(struct sigcontext));
    P("ucontext.uc_flags", offsetof(ucontext_t, uc_flags));
    P("ucontext.uc_link", offsetof(ucontext_t, uc_link));
    P("ucontext.uc_stack", offsetof(ucontext_t, uc_stack));
    P("ucontext.uc_mcontext", offsetof(ucontext_t, uc_mcontext));
    P("ucontext.uc_sigmask", offsetof(ucontext_t, uc_sigmask));
    P("stack_t.ss_sp", offsetof(stack_t, ss_sp));
    P("stack_t.ss_flags", offsetof(stack_t, ss_flags));
    P("stack_t.ss_size", offsetof(stack_t, ss_size));
    P("siginfo.si_signo", offsetof(siginfo_t, si_signo));
    P("siginfo.si_errno", offsetof(siginfo_t, si_errno));
    P("siginfo.si_code", offsetof(siginfo_t, si_code));
    P("siginfo.si_pid", offsetof(siginfo_t, si_pid));
    P("siginfo.si_uid", offsetof(siginfo_t, si_uid));
    P("siginfo.si_value", offsetof(siginfo_t, si_value));
    P("siginfo.si_addr", offsetof(siginfo_t, si_addr));
    P("siginfo.si_timerid", offsetof(siginfo_t, si_timerid));
    P("siginfo.si_overrun", offsetof(siginfo_t, si_overrun));
    P("sizeof.siginfo", sizeof(siginfo_t));
    P("fpstate.mxcsr", offsetof(struct _fpstate, mxcsr));
    P("fpstate.st", offsetof(struct _fpstate, _st));
    P("fpstate.xmm", offsetof(struct _fpstate, _xmm));
    P("sizeof.fpstate", sizeof(struct _fpstate));
    struct sigaction sa; memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = entry; sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, 0);
    raise(SIGUSR1);
    P("frame.uc_minus_rsp", (uintptr_t)gu - saved_rsp);
    P("frame.info_minus_rsp", (uintptr_t)gs - saved_rsp);
    P("frame.rsp_plus8_mod16", (saved_rsp + 8) % 16);
    P("frame.fpstate_mod64", (uintptr_t)gu->uc_mcontext.fpregs % 64);
    P("frame.fpstate_minus_info_end_ge0", (long)((uintptr_t)gu->uc_mcontext.fpregs - ((uintptr_t)gs + 128)) >= 0);
    P("frame.uc_flags", gu->uc_flags);
    return 0;
}
