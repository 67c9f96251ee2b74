// SPDX-License-Identifier: MIT
/*
 * Messages into the local APICs: MSI writes decoded from the 0xFEExxxxx
 * bus window, and inter-processor interrupts sent through the ICR.  Fixed
 * and lowest-priority messages set the vector's IRR bit (repeats collapse
 * into one); the other delivery modes bypass IRR and are counted.
 */
#include "lapic_internal.h"

/**
 * lapic_deliver() - accept one message or IPI at an APIC.
 * @l: the APICs (lock held).
 * @c: the receiving APIC.
 * @mode: the delivery mode (not 3).
 * @vector: the vector.
 * @level: level triggered (sets TMR).
 */
void lapic_deliver(struct irqlab_lapic *l, struct lapic_cpu *c, unsigned int mode,
		   unsigned int vector, bool level)
{
	switch (mode) {
	case APIC_DELIVERY_MODE_FIXED:
	case APIC_DELIVERY_MODE_LOWESTPRIO:
		/* Vectors 0-15 are illegal: nothing is latched. */
		if (vector < 16) {
			lapic_error(c, APIC_ESR_RECVILL);
			return;
		}
		lapic_set(c->irr, vector);
		if (level)
			lapic_set(c->tmr, vector);
		else
			lapic_clear(c->tmr, vector);
		c->st.accepted++;
		return;
	case APIC_DELIVERY_MODE_SMI:
		c->st.smi++;
		return;
	case APIC_DELIVERY_MODE_NMI:
		c->st.nmi++;
		return;
	case APIC_DELIVERY_MODE_INIT:
		c->st.init++;
		lapic_reset(c);
		return;
	case APIC_DELIVERY_MODE_STARTUP:
		c->st.startup++;
		return;
	default: /* APIC_DELIVERY_MODE_EXTINT: callers filter out 3 */
		c->st.extint++;
		return;
	}
}

/* Is @dest an APIC that can receive (a present CPU)? */
static bool dest_present(const struct irqlab_lapic *l, u32 dest)
{
	return dest < l->nr && cpumask_test_cpu(dest, l->m->present);
}

/**
 * lapic_send_ipi() - send the IPI that an APIC's ICR describes.
 * @l: the APICs (lock held).
 * @sender: the sending CPU.
 *
 * A fixed IPI with an illegal vector is not sent ("Send illegal vector");
 * a destination without an APIC is not accepted ("Send accept error").
 */
void lapic_send_ipi(struct irqlab_lapic *l, unsigned int sender)
{
	struct lapic_cpu *s = &l->cpu[sender];
	unsigned int mode = (s->icr >> 8) & 7, vector = s->icr & APIC_VECTOR_MASK;
	u32 shorthand = s->icr & APIC_SHORT_MASK;
	bool level = s->icr & APIC_INT_LEVELTRIG;
	unsigned int cpu;

	if ((mode == APIC_DELIVERY_MODE_FIXED || mode == APIC_DELIVERY_MODE_LOWESTPRIO) &&
	    vector < 16) {
		lapic_error(s, APIC_ESR_SENDILL);
		return;
	}
	if (mode == 3) {
		lapic_error(s, APIC_ESR_SEND_ACC); /* reserved mode: nobody accepts */
		return;
	}
	switch (shorthand) {
	case 0:
		if (!dest_present(l, s->icr2)) {
			lapic_error(s, APIC_ESR_SEND_ACC);
			return;
		}
		lapic_deliver(l, &l->cpu[s->icr2], mode, vector, level);
		return;
	case APIC_DEST_SELF:
		lapic_deliver(l, s, mode, vector, level);
		return;
	default: /* all including self, all but self */
		for (cpu = 0; cpu < l->nr; cpu++) {
			if (!dest_present(l, cpu) ||
			    (shorthand == APIC_DEST_ALLBUT && cpu == sender))
				continue;
			lapic_deliver(l, &l->cpu[cpu], mode, vector, level);
		}
		return;
	}
}

/* The destination APIC ID of an MSI address: bits 19:12 and 11:5. */
static u32 msi_dest(u32 addr)
{
	return ((addr >> X86_MSI_ADDR_DEST_SHIFT) & X86_MSI_ADDR_DEST_MASK) |
	       ((addr >> X86_MSI_ADDR_EXT_DEST_SHIFT) & X86_MSI_ADDR_EXT_DEST_MASK) << 8;
}

/**
 * lapic_msi_write() - the bus handler of the 0xFEExxxxx window.
 * @ctx: the machine's struct irqlab_lapic.
 * @addr: the MSI address.
 * @data: the MSI data.
 *
 * Return: 0 when an APIC took the message (an illegal vector included: it
 * is the receiver's error), -EIO for a message no APIC accepts.
 */
int lapic_msi_write(void *ctx, u64 addr, u32 data)
{
	struct irqlab_lapic *l = ctx;
	u32 lo = (u32)addr, dest = msi_dest(lo);
	unsigned int mode = (data >> X86_MSI_DATA_DELIVERY_SHIFT) & 7;
	int ret = 0;

	/* No interrupt remapping, no logical destinations, no reserved modes. */
	if ((lo & X86_MSI_ADDR_REMAPPABLE) ||
	    ((lo & X86_MSI_ADDR_REDIRECTION_HINT) && (lo & X86_MSI_ADDR_DEST_MODE_LOGICAL)) ||
	    mode == 3 || mode == APIC_DELIVERY_MODE_STARTUP)
		return -EIO;
	irqlab_lock_acquire(&l->lock);
	if (dest_present(l, dest))
		lapic_deliver(l, &l->cpu[dest], mode, data & X86_MSI_DATA_VECTOR_MASK,
			      data & X86_MSI_DATA_TRIGGER_LEVEL);
	else
		ret = -EIO;
	irqlab_lock_release(&l->lock);
	return ret;
}
