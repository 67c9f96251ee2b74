/* SPDX-License-Identifier: MIT */
/*
 * Emulated x86 local APICs (hardware): one per possible CPU, APIC ID ==
 * CPU number.  Devices reach them by memory writes on the bus to the
 * 0xFEExxxxx window (an MSI: address = destination, data = vector and
 * delivery mode); the kernel side reaches them only through the register
 * accessors below, as a kernel does through apic_read()/apic_write().
 *
 * Implementation choices (where the hardware leaves room):
 * - Registers sit at their xAPIC MMIO offsets and have x2APIC widths:
 *   APIC_ID reads the whole 32-bit APIC ID and APIC_ICR2 holds the whole
 *   32-bit destination (an x2APIC-capable machine, which is what the
 *   15-bit extended MSI destination ID needs).
 * - Accesses are 32 bits at 16-byte aligned offsets.  An access to an
 *   offset that is not a register (or misaligned) reads all-ones, is
 *   ignored when written, and sets ESR "Illegal register address"; a write
 *   to a read-only register is ignored.  Both writes return -EINVAL.
 *   The write-only EOI register reads 0.
 * - MSI decode: destination = address bits 19:12 | address bits 11:5 << 8
 *   (the extended destination ID); vector = data 7:0; delivery mode =
 *   data 10:8; trigger = data bit 15 (level sets the vector's TMR bit,
 *   edge clears it).  Fixed and lowest-priority messages go to the
 *   addressed APIC (physical destination); NMI, SMI, INIT and ExtINT
 *   bypass IRR/ISR and are only counted (INIT also resets the APIC).  The
 *   bus records as errors: a destination that is not a present CPU,
 *   remappable-format addresses (no IOMMU), logical destination mode with
 *   the redirection hint set, and the reserved delivery modes 3 and 6.
 * - There is no broadcast destination and no logical destination mode.
 * - An offline CPU's APIC still latches messages; INIT clears them.
 * - The APIC software-enable bit (SVR bit 8) is stored but not enforced.
 * - Received vectors 0-15 are illegal: no IRR bit, ESR bit 6; when the
 *   LVT Error entry is unmasked its vector is raised.  ESR reads return
 *   the errors latched by the last ESR write, as on real hardware: write
 *   ESR, then read it.
 */
#ifndef IRQLAB_LAPIC_H
#define IRQLAB_LAPIC_H

#include "irqlab/types.h"

struct irqlab_machine;

/* ---- the MSI window ------------------------------------------------------ */
#define X86_MSI_BASE_ADDRESS_LOW 0xfee00000u
#define X86_MSI_BASE_ADDRESS_HIGH 0u
#define IRQLAB_LAPIC_MSI_WINDOW_SIZE 0x100000u

/* MSI address (low 32 bits). */
#define X86_MSI_ADDR_DEST_MODE_LOGICAL (1u << 2)
#define X86_MSI_ADDR_REDIRECTION_HINT (1u << 3)
#define X86_MSI_ADDR_REMAPPABLE (1u << 4)
#define X86_MSI_ADDR_EXT_DEST_SHIFT 5	/* destination bits 14:8 */
#define X86_MSI_ADDR_EXT_DEST_MASK 0x7fu
#define X86_MSI_ADDR_DEST_SHIFT 12	/* destination bits 7:0 */
#define X86_MSI_ADDR_DEST_MASK 0xffu
/* The highest APIC ID an MSI can address with the extended destination ID. */
#define X86_MSI_MAX_DEST 0x7fffu

/* MSI data. */
#define X86_MSI_DATA_VECTOR_MASK 0xffu
#define X86_MSI_DATA_DELIVERY_SHIFT 8
#define X86_MSI_DATA_LEVEL_ASSERT (1u << 14)
#define X86_MSI_DATA_TRIGGER_LEVEL (1u << 15)

/* Delivery modes (MSI data bits 10:8, ICR bits 10:8). */
#define APIC_DELIVERY_MODE_FIXED 0
#define APIC_DELIVERY_MODE_LOWESTPRIO 1
#define APIC_DELIVERY_MODE_SMI 2
#define APIC_DELIVERY_MODE_NMI 4
#define APIC_DELIVERY_MODE_INIT 5
#define APIC_DELIVERY_MODE_STARTUP 6	/* IPIs only */
#define APIC_DELIVERY_MODE_EXTINT 7

/* ---- registers (xAPIC MMIO offsets) --------------------------------------- */
#define APIC_ID 0x20
#define APIC_LVR 0x30
#define APIC_TASKPRI 0x80
#define APIC_PROCPRI 0xa0
#define APIC_EOI 0xb0
#define APIC_SPIV 0xf0
#define APIC_ISR 0x100		/* 8 x 32 bits, stride 0x10 */
#define APIC_TMR 0x180
#define APIC_IRR 0x200
#define APIC_ESR 0x280
#define APIC_ICR 0x300
#define APIC_ICR2 0x310
#define APIC_LVTERR 0x370

#define APIC_LVR_VALUE 0x00050014u	/* integrated xAPIC, 6 LVT entries */
#define APIC_TPRI_MASK 0xffu
#define APIC_SPIV_APIC_ENABLED (1u << 8)
#define APIC_LVT_MASKED (1u << 16)
#define APIC_VECTOR_MASK 0xffu

/* ESR bits. */
#define APIC_ESR_SEND_CS (1u << 0)
#define APIC_ESR_RECV_CS (1u << 1)
#define APIC_ESR_SEND_ACC (1u << 2)
#define APIC_ESR_RECV_ACC (1u << 3)
#define APIC_ESR_SENDILL (1u << 5)
#define APIC_ESR_RECVILL (1u << 6)
#define APIC_ESR_ILLREGA (1u << 7)

/* ICR low. */
#define APIC_DM_FIXED 0x00000u
#define APIC_DM_LOWEST 0x00100u
#define APIC_DM_SMI 0x00200u
#define APIC_DM_NMI 0x00400u
#define APIC_DM_INIT 0x00500u
#define APIC_DM_STARTUP 0x00600u
#define APIC_DM_EXTINT 0x00700u
#define APIC_DEST_LOGICAL 0x00800u
#define APIC_ICR_BUSY 0x01000u
#define APIC_INT_ASSERT 0x04000u
#define APIC_INT_LEVELTRIG 0x08000u
#define APIC_DEST_SELF 0x40000u
#define APIC_DEST_ALLINC 0x80000u
#define APIC_DEST_ALLBUT 0xc0000u
#define APIC_SHORT_MASK 0xc0000u

/**
 * irqlab_lapic_create() - build the local APICs of a machine.
 * @m: machine.
 *
 * One APIC per possible CPU, in its reset state (LVT entries masked,
 * SVR = 0xff), and the 0xFEE00000..0xFEEFFFFF bus window claimed for
 * MSI writes.  The x86 platform calls this at machine creation.
 *
 * Return: 0, -EINVAL (no machine), -EEXIST (already built), -EBUSY (the
 * window is taken), -ENOMEM.  On error nothing is left behind.
 */
IRQLAB_API int irqlab_lapic_create(struct irqlab_machine *m);

/**
 * irqlab_lapic_destroy() - release the window and free the APICs.
 * @m: machine (without APICs, nothing happens).
 */
IRQLAB_API void irqlab_lapic_destroy(struct irqlab_machine *m);

/**
 * irqlab_lapic_read() - read a register of a CPU's local APIC.
 * @m: machine.
 * @cpu: the CPU (APIC ID).
 * @reg: the register offset (APIC_*).
 *
 * Context: any; takes the APICs' lock.
 * Return: the value; all-ones for a CPU without an APIC, an offset that is
 * not a readable register, or a misaligned offset.
 */
IRQLAB_API u32 irqlab_lapic_read(struct irqlab_machine *m, unsigned int cpu,
				 unsigned int reg);

/**
 * irqlab_lapic_write() - write a register of a CPU's local APIC.
 * @m: machine.
 * @cpu: the CPU (APIC ID); for APIC_ICR the sender of the IPI.
 * @reg: the register offset (APIC_*).
 * @val: the value.
 *
 * APIC_EOI clears the highest in-service vector; APIC_ESR latches the
 * errors seen since the last ESR write; APIC_ICR sends the IPI described
 * by ICR (low) and ICR2 (the destination).
 *
 * Context: any; takes the APICs' lock.
 * Return: 0, or -EINVAL for a CPU without an APIC, an offset that is not
 * a writable register, or a misaligned offset (nothing changes).
 */
IRQLAB_API int irqlab_lapic_write(struct irqlab_machine *m, unsigned int cpu,
				  unsigned int reg, u32 val);

/**
 * irqlab_lapic_ack() - the CPU's interrupt acknowledge cycle.
 * @m: machine.
 * @cpu: the CPU.
 *
 * The highest vector pending in IRR whose priority class (vector >> 4) is
 * above the processor priority class (PPR: the higher of the TPR class
 * and the highest in-service class) moves from IRR to ISR and is
 * returned.  A spurious interrupt (irqlab_lapic_raise_spurious()) is
 * returned first, as the SVR vector, without touching ISR.
 *
 * Context: any; takes the APICs' lock.
 * Return: the vector, or -1 when nothing can be delivered (or no APIC).
 */
IRQLAB_API int irqlab_lapic_ack(struct irqlab_machine *m, unsigned int cpu);

/**
 * irqlab_lapic_raise_spurious() - make the next acknowledge spurious.
 * @m: machine.
 * @cpu: the CPU.
 *
 * Models an interrupt that went away (masked by a TPR raise) between
 * the INTR signal and the acknowledge cycle: the CPU receives the SVR's
 * spurious vector, which has no ISR bit and needs no EOI.
 *
 * Return: 0, or -EINVAL for a CPU without an APIC.
 */
IRQLAB_API int irqlab_lapic_raise_spurious(struct irqlab_machine *m, unsigned int cpu);

/** struct irqlab_lapic_stats - what an APIC received outside IRR/ISR. */
struct irqlab_lapic_stats {
	unsigned int nmi;
	unsigned int smi;
	unsigned int init;
	unsigned int startup;
	unsigned int extint;
	unsigned int eoi_broadcast; /* EOIs of level vectors (to the IO-APICs) */
	unsigned int accepted;	    /* fixed/lowest-priority messages and IPIs */
};

/**
 * irqlab_lapic_get_stats() - the counters of a CPU's APIC.
 * @m: machine.
 * @cpu: the CPU.
 * @st: filled in.
 *
 * Return: 0, or -EINVAL (and @st zeroed) for a CPU without an APIC.
 */
IRQLAB_API int irqlab_lapic_get_stats(struct irqlab_machine *m, unsigned int cpu,
				      struct irqlab_lapic_stats *st);

#endif
