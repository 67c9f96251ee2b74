// SPDX-License-Identifier: MIT
/*
 * The kernel's access to the local APIC of the CPU it runs on
 * (apic_read/apic_write/apic_eoi and IPIs): register accesses through
 * irqlab_lapic_read()/irqlab_lapic_write(), never the APIC's state.
 */
#include "x86_internals.h"

/**
 * apic_read() - read a register of this CPU's local APIC.
 * @reg: the register offset (APIC_*).
 *
 * Return: the value (all-ones for a bad offset).
 */
u32 apic_read(unsigned int reg)
{
	return irqlab_lapic_read(irqlab_cur(), smp_processor_id(), reg);
}

/**
 * apic_write() - write a register of this CPU's local APIC.
 * @reg: the register offset (APIC_*).
 * @val: the value.
 */
void apic_write(unsigned int reg, u32 val)
{
	irqlab_lapic_write(irqlab_cur(), smp_processor_id(), reg, val);
}

/**
 * apic_eoi() - signal the end of the interrupt in service on this CPU.
 */
void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

/**
 * __apic_send_IPI() - send a fixed IPI from this CPU.
 * @cpu: the destination CPU (APIC ID).
 * @vector: the vector.
 */
void __apic_send_IPI(unsigned int cpu, unsigned int vector)
{
	apic_write(APIC_ICR2, cpu);
	apic_write(APIC_ICR, APIC_DM_FIXED | vector);
}

/**
 * is_vector_pending() - is a vector requested in this CPU's IRR?
 * @vector: the vector.
 *
 * Return: true if its IRR bit is set.
 */
bool is_vector_pending(unsigned int vector)
{
	u32 irr = apic_read(APIC_IRR + (vector / 32 * 0x10));

	return irr & (1u << (vector % 32));
}
