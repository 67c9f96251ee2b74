// SPDX-License-Identifier: MIT
/*
 * The local APIC register file and the CPU side of an interrupt: task and
 * processor priority, the acknowledge cycle (IRR -> ISR, highest priority
 * class first) and EOI (clears the highest in-service vector).
 */
#include "lapic_internal.h"

/* Highest set bit of a 256-bit register, or -1. */
static int highest_vector(const u32 *r)
{
	int w;

	for (w = LAPIC_REG_WORDS - 1; w >= 0; w--)
		if (r[w])
			return w * 32 + 31 - __builtin_clz(r[w]);
	return -1;
}

/* PPR: the TPR, or the class of the highest in-service vector if higher. */
static u32 lapic_ppr(const struct lapic_cpu *c)
{
	int isrv = highest_vector(c->isr);
	u32 isr_class = isrv < 0 ? 0 : (u32)isrv & 0xf0;

	return (c->tpr & 0xf0) >= isr_class ? c->tpr & 0xff : isr_class;
}

/**
 * lapic_reset() - the power-up and INIT state of an APIC.
 * @c: the APIC; its ID (its index) and counters stay.
 */
void lapic_reset(struct lapic_cpu *c)
{
	struct irqlab_lapic_stats st = c->st;

	*c = (struct lapic_cpu){ 0 };
	c->svr = 0xff;
	c->lvterr = APIC_LVT_MASKED;
	c->st = st;
}

/**
 * lapic_error() - record an error in an APIC's error status.
 * @c: the APIC.
 * @esr_bit: the APIC_ESR_* bit.
 *
 * An unmasked LVT Error entry raises its vector (an illegal LVT vector
 * would only be another illegal vector: not raised).
 */
void lapic_error(struct lapic_cpu *c, u32 esr_bit)
{
	unsigned int v = c->lvterr & APIC_VECTOR_MASK;

	c->esr_pending |= esr_bit;
	if (!(c->lvterr & APIC_LVT_MASKED) && v >= 16) {
		lapic_set(c->irr, v);
		lapic_clear(c->tmr, v);
	}
}

int irqlab_lapic_create(struct irqlab_machine *m)
{
	struct irqlab_lapic *l;
	unsigned int i;
	int ret;

	if (!m)
		return -EINVAL;
	if (m->lapic)
		return -EEXIST;
	l = kzalloc(sizeof(*l) + (size_t)m->nr_cpus * sizeof(l->cpu[0]), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	l->m = m;
	l->nr = m->nr_cpus;
	irqlab_lock_init(&l->lock);
	for (i = 0; i < l->nr; i++)
		lapic_reset(&l->cpu[i]);
	ret = irqlab_bus_claim(m, X86_MSI_BASE_ADDRESS_LOW, IRQLAB_LAPIC_MSI_WINDOW_SIZE,
			       "LAPIC", lapic_msi_write, l);
	if (ret) {
		irqlab_lock_destroy(&l->lock);
		kfree(l);
		return ret;
	}
	m->lapic = l;
	return 0;
}

void irqlab_lapic_destroy(struct irqlab_machine *m)
{
	if (!m || !m->lapic)
		return;
	irqlab_bus_release(m, X86_MSI_BASE_ADDRESS_LOW);
	irqlab_lock_destroy(&m->lapic->lock);
	kfree(m->lapic);
	m->lapic = NULL;
}

/* Lock the APICs and return @cpu's, or NULL for a CPU without one. */
static struct lapic_cpu *lapic_get(struct irqlab_machine *m, unsigned int cpu)
{
	if (!m || !m->lapic || cpu >= m->lapic->nr)
		return NULL;
	irqlab_lock_acquire(&m->lapic->lock);
	return &m->lapic->cpu[cpu];
}

static void lapic_put(struct irqlab_machine *m)
{
	irqlab_lock_release(&m->lapic->lock);
}

/* The 8-word registers: ISR, TMR, IRR.  Returns NULL for other offsets. */
static const u32 *vector_reg(const struct lapic_cpu *c, unsigned int reg)
{
	if (reg >= APIC_ISR && reg < APIC_ISR + 0x80)
		return &c->isr[(reg - APIC_ISR) >> 4];
	if (reg >= APIC_TMR && reg < APIC_TMR + 0x80)
		return &c->tmr[(reg - APIC_TMR) >> 4];
	if (reg >= APIC_IRR && reg < APIC_IRR + 0x80)
		return &c->irr[(reg - APIC_IRR) >> 4];
	return NULL;
}

/* Read a register; false if @reg is not a readable register. */
static bool reg_read(const struct lapic_cpu *c, unsigned int cpu, unsigned int reg,
		     u32 *val)
{
	const u32 *r = vector_reg(c, reg);

	if (r) {
		*val = *r;
		return true;
	}
	switch (reg) {
	case APIC_ID:
		*val = cpu;
		return true;
	case APIC_LVR:
		*val = APIC_LVR_VALUE;
		return true;
	case APIC_TASKPRI:
		*val = c->tpr;
		return true;
	case APIC_PROCPRI:
		*val = lapic_ppr(c);
		return true;
	case APIC_EOI:
		*val = 0; /* write-only */
		return true;
	case APIC_SPIV:
		*val = c->svr;
		return true;
	case APIC_ESR:
		*val = c->esr;
		return true;
	case APIC_ICR:
		*val = c->icr;
		return true;
	case APIC_ICR2:
		*val = c->icr2;
		return true;
	case APIC_LVTERR:
		*val = c->lvterr;
		return true;
	default:
		return false;
	}
}

u32 irqlab_lapic_read(struct irqlab_machine *m, unsigned int cpu, unsigned int reg)
{
	struct lapic_cpu *c = lapic_get(m, cpu);
	u32 val = ~0u;

	if (!c)
		return val;
	if ((reg & 0xf) || !reg_read(c, cpu, reg, &val)) {
		val = ~0u;
		lapic_error(c, APIC_ESR_ILLREGA);
	}
	lapic_put(m);
	return val;
}

/*
 * EOI: retire the highest in-service vector; level ones go to the IO-APICs.
 * Returns the vector to broadcast, or -1.
 */
static int lapic_eoi(struct lapic_cpu *c)
{
	int v = highest_vector(c->isr);

	if (v < 0)
		return -1;
	lapic_clear(c->isr, (unsigned int)v);
	if (!lapic_test(c->tmr, (unsigned int)v))
		return -1;
	c->st.eoi_broadcast++;
	return v;
}

/**
 * lapic_set_eoi_hook() - connect the EOI broadcast to its listener.
 * @m: machine.
 * @fn: called with the vector of every EOI whose TMR bit was set, after
 *      the APICs' lock is dropped (it may send messages); NULL disconnects.
 * @ctx: passed to @fn.
 *
 * Return: 0, -EINVAL for a machine without APICs, -EBUSY when another
 * listener is connected.
 */
int lapic_set_eoi_hook(struct irqlab_machine *m, lapic_eoi_hook_fn fn, void *ctx)
{
	struct irqlab_lapic *l = m ? m->lapic : NULL;
	int ret = 0;

	if (!l)
		return -EINVAL;
	irqlab_lock_acquire(&l->lock);
	if (fn && l->eoi_hook) {
		ret = -EBUSY;
	} else {
		l->eoi_hook = fn;
		l->eoi_hook_ctx = ctx;
	}
	irqlab_lock_release(&l->lock);
	return ret;
}

/* Write a writable register; -EINVAL otherwise (lock held). */
static int reg_write(struct irqlab_lapic *l, unsigned int cpu, unsigned int reg, u32 val,
		     int *eoi_vector)
{
	struct lapic_cpu *c = &l->cpu[cpu];

	switch (reg) {
	case APIC_TASKPRI:
		c->tpr = val & APIC_TPRI_MASK;
		return 0;
	case APIC_EOI:
		*eoi_vector = lapic_eoi(c);
		return 0;
	case APIC_SPIV:
		c->svr = val & (APIC_SPIV_APIC_ENABLED | APIC_VECTOR_MASK);
		return 0;
	case APIC_ESR:
		c->esr = c->esr_pending;
		c->esr_pending = 0;
		return 0;
	case APIC_ICR:
		c->icr = val & ~APIC_ICR_BUSY; /* delivered at once: never busy */
		lapic_send_ipi(l, cpu);
		return 0;
	case APIC_ICR2:
		c->icr2 = val;
		return 0;
	case APIC_LVTERR:
		c->lvterr = val & (APIC_LVT_MASKED | APIC_VECTOR_MASK);
		return 0;
	default:
		return -EINVAL;
	}
}

int irqlab_lapic_write(struct irqlab_machine *m, unsigned int cpu, unsigned int reg,
		       u32 val)
{
	struct lapic_cpu *c = lapic_get(m, cpu);
	lapic_eoi_hook_fn hook;
	int eoi_vector = -1;
	void *hook_ctx;
	u32 dummy;
	int ret;

	if (!c)
		return -EINVAL;
	ret = reg & 0xf ? -EINVAL : reg_write(m->lapic, cpu, reg, val, &eoi_vector);
	/* Read-only registers ignore writes; holes are illegal addresses. */
	if (ret && ((reg & 0xf) || !reg_read(c, cpu, reg, &dummy)))
		lapic_error(c, APIC_ESR_ILLREGA);
	hook = m->lapic->eoi_hook;
	hook_ctx = m->lapic->eoi_hook_ctx;
	lapic_put(m);
	/* The EOI message reaches the IO-APICs after the APIC is done with it. */
	if (eoi_vector >= 0 && hook)
		hook(hook_ctx, (unsigned int)eoi_vector);
	return ret;
}

int irqlab_lapic_ack(struct irqlab_machine *m, unsigned int cpu)
{
	struct lapic_cpu *c = lapic_get(m, cpu);
	int v;

	if (!c)
		return -1;
	if (c->spurious) {
		c->spurious = false;
		v = (int)(c->svr & APIC_VECTOR_MASK);
	} else {
		v = highest_vector(c->irr);
		if (v >= 0 && ((u32)v & 0xf0) > (lapic_ppr(c) & 0xf0)) {
			lapic_clear(c->irr, (unsigned int)v);
			lapic_set(c->isr, (unsigned int)v);
		} else {
			v = -1;
		}
	}
	lapic_put(m);
	return v;
}

int irqlab_lapic_raise_spurious(struct irqlab_machine *m, unsigned int cpu)
{
	struct lapic_cpu *c = lapic_get(m, cpu);

	if (!c)
		return -EINVAL;
	c->spurious = true;
	lapic_put(m);
	return 0;
}

int irqlab_lapic_get_stats(struct irqlab_machine *m, unsigned int cpu,
			   struct irqlab_lapic_stats *st)
{
	struct lapic_cpu *c = lapic_get(m, cpu);

	if (!c) {
		*st = (struct irqlab_lapic_stats){ 0 };
		return -EINVAL;
	}
	*st = c->st;
	lapic_put(m);
	return 0;
}
