/* SPDX-License-Identifier: MIT */
/*
 * The x86 IDT vector layout (arch/x86/include/asm/irq_vectors.h), used by
 * the x86 vector domain and the emulated local APIC.
 *
 *  Vectors   0 ...  31 : exceptions; system bits of the vector matrix
 *  Vectors  32 ... FIRST_SYSTEM_VECTOR-1 : device interrupts (the matrix's
 *                        allocation range), 0x30-0x3f for the ISA irqs
 *  Vectors FIRST_SYSTEM_VECTOR ... 255 : system vectors
 *
 * The vector matrix of an x86 machine is
 * irq_alloc_matrix(NR_VECTORS, FIRST_EXTERNAL_VECTOR, FIRST_SYSTEM_VECTOR).
 */
#ifndef IRQLAB_X86_VECTORS_H
#define IRQLAB_X86_VECTORS_H

#define NR_VECTORS 256

#define NMI_VECTOR 0x02
/* The first vector usable by external interrupt sources. */
#define FIRST_EXTERNAL_VECTOR 0x20
/* Older kernels (before 6.6) sent move-cleanup IPIs on this vector. */
#define IRQ_MOVE_CLEANUP_VECTOR FIRST_EXTERNAL_VECTOR
#define IA32_SYSCALL_VECTOR 0x80
/* ISA irqs 0-15 use 0x30-0x3f: the 16-vector boundary after 0x20 + 16. */
#define ISA_IRQ_VECTOR(irq) (((FIRST_EXTERNAL_VECTOR + 16) & ~15) + (irq))

#define SPURIOUS_APIC_VECTOR 0xff
#define ERROR_APIC_VECTOR 0xfe
#define RESCHEDULE_VECTOR 0xfd
#define CALL_FUNCTION_VECTOR 0xfc
#define CALL_FUNCTION_SINGLE_VECTOR 0xfb
#define THERMAL_APIC_VECTOR 0xfa
#define THRESHOLD_APIC_VECTOR 0xf9
#define REBOOT_VECTOR 0xf8
#define X86_PLATFORM_IPI_VECTOR 0xf7
#define IRQ_WORK_VECTOR 0xf6
#define DEFERRED_ERROR_VECTOR 0xf4
#define HYPERVISOR_CALLBACK_VECTOR 0xf3
#define POSTED_INTR_VECTOR 0xf2
#define POSTED_INTR_WAKEUP_VECTOR 0xf1
#define POSTED_INTR_NESTED_VECTOR 0xf0
/* Where a shut-down managed interrupt points, so a stray MSI is caught. */
#define MANAGED_IRQ_SHUTDOWN_VECTOR 0xef
#define HYPERV_REENLIGHTENMENT_VECTOR 0xee
#define HYPERV_STIMER0_VECTOR 0xed
#define LOCAL_TIMER_VECTOR 0xec
/* With CONFIG_X86_POSTED_MSI the first system vector moves down to 0xeb. */
#define POSTED_MSI_NOTIFICATION_VECTOR 0xeb

#define FIRST_SYSTEM_VECTOR LOCAL_TIMER_VECTOR
#define NR_EXTERNAL_VECTORS (FIRST_SYSTEM_VECTOR - FIRST_EXTERNAL_VECTOR)
#define NR_SYSTEM_VECTORS (NR_VECTORS - FIRST_SYSTEM_VECTOR)

#endif
