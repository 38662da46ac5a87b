/* Prologue/epilogue of a generated sequence. Layout of struct rt_state: see rtest.h. */
    .bss
    .balign 16
    .globl rt_fx
rt_fx: .skip 512
    .globl rt_in, rt_out
    .balign 16
rt_in: .skip 528
    .balign 16
rt_out: .skip 528
    .balign 8
    .globl rt_host_rsp
rt_host_rsp: .skip 8
rt_code: .skip 8
rt_host_mxcsr: .skip 8
    .text
    .globl rt_enter, rt_exit
    .type rt_enter, @function
/* void rt_enter(void *code): loads rt_in into the CPU and jumps to code. */
rt_enter:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    sub $8, %rsp            /* keep the stack 16-aligned for the generated code */
    mov %rsp, rt_host_rsp(%rip)
    mov %rdi, rt_code(%rip)
    stmxcsr rt_host_mxcsr(%rip)
    lea rt_in(%rip), %rax
    movdqu 144(%rax), %xmm0
    movdqu 160(%rax), %xmm1
    movdqu 176(%rax), %xmm2
    movdqu 192(%rax), %xmm3
    movdqu 208(%rax), %xmm4
    movdqu 224(%rax), %xmm5
    movdqu 240(%rax), %xmm6
    movdqu 256(%rax), %xmm7
    movdqu 272(%rax), %xmm8
    movdqu 288(%rax), %xmm9
    movdqu 304(%rax), %xmm10
    movdqu 320(%rax), %xmm11
    movdqu 336(%rax), %xmm12
    movdqu 352(%rax), %xmm13
    movdqu 368(%rax), %xmm14
    movdqu 384(%rax), %xmm15
    ldmxcsr 136(%rax)
    fninit
    fldcw 140(%rax)
    movzwl 142(%rax), %ecx
1:  test %ecx, %ecx
    jz 2f
    dec %ecx
    mov %ecx, %edx
    shl $4, %edx
    fldt 400(%rax,%rdx)
    jmp 1b
2:  pushq 128(%rax)
    popfq
    mov 8(%rax), %rcx
    mov 16(%rax), %rdx
    mov 24(%rax), %rbx
    mov 40(%rax), %rbp
    mov 48(%rax), %rsi
    mov 56(%rax), %rdi
    mov 64(%rax), %r8
    mov 72(%rax), %r9
    mov 80(%rax), %r10
    mov 88(%rax), %r11
    mov 96(%rax), %r12
    mov 104(%rax), %r13
    mov 112(%rax), %r14
    mov 120(%rax), %r15
    mov 0(%rax), %rax
    jmp *rt_code(%rip)
    .size rt_enter, .-rt_enter

/* Reached by 'jmp [rip+x]' at the end of the generated code: stores the CPU into rt_out/rt_fx. */
    .type rt_exit, @function
rt_exit:
    mov %rax, rt_out+0(%rip)
    mov %rcx, rt_out+8(%rip)
    mov %rdx, rt_out+16(%rip)
    mov %rbx, rt_out+24(%rip)
    mov %rsp, rt_out+32(%rip)
    mov %rbp, rt_out+40(%rip)
    mov %rsi, rt_out+48(%rip)
    mov %rdi, rt_out+56(%rip)
    mov %r8, rt_out+64(%rip)
    mov %r9, rt_out+72(%rip)
    mov %r10, rt_out+80(%rip)
    mov %r11, rt_out+88(%rip)
    mov %r12, rt_out+96(%rip)
    mov %r13, rt_out+104(%rip)
    mov %r14, rt_out+112(%rip)
    mov %r15, rt_out+120(%rip)
    pushfq
    popq rt_out+128(%rip)
    cld
    fxsave rt_fx(%rip)
    fninit
    ldmxcsr rt_host_mxcsr(%rip)
    mov rt_host_rsp(%rip), %rsp
    add $8, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret
    .size rt_exit, .-rt_exit
    .section .note.GNU-stack,"",@progbits
