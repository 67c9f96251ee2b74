// SPDX-License-Identifier: MIT
/*
 * The IO-APIC register file and the delivery logic of its pins: the
 * indirect IOREGSEL/IOWIN registers, the redirection table, the messages
 * each pin sends to the local APICs, and the EOI that re-arms level pins
 * (broadcast by the local APICs, or written to the EOI register).
 */
#include "ioapic_internal.h"
#include "irqlab/bus.h"
#include "irqlab/lapic.h"
#include "lapic_internal.h"

#define IOAPIC_VER_VALUE                                                     \
	((u32)(IRQLAB_IOAPIC_NR_PINS - 1) << IO_APIC_VER_ENTRIES_SHIFT |     \
	 IRQLAB_IOAPIC_VERSION)

/* The bits of an RTE software can write. */
#define RTE_LO_WRITABLE                                                       \
	(IO_APIC_REDIR_VECTOR_MASK | IO_APIC_REDIR_DELIVERY_MASK |           \
	 IO_APIC_REDIR_DEST_LOGICAL | IO_APIC_REDIR_ACTIVE_LOW |             \
	 IO_APIC_REDIR_LEVEL_TRIGGER | IO_APIC_REDIR_MASKED)
#define RTE_HI_WRITABLE                                                       \
	(0xffu << IO_APIC_REDIR_DEST_SHIFT |                                  \
	 IO_APIC_REDIR_EXT_DEST_MASK << IO_APIC_REDIR_EXT_DEST_SHIFT)

/* The pin as the IO-APIC sees it: the electrical level against the polarity. */
static bool pin_line_high(const struct ioapic_pin *p)
{
	bool driven = p->nr_asserted > 0;

	return p->wire_active_low ? !driven : driven;
}

static bool pin_input(const struct ioapic_pin *p)
{
	bool high = pin_line_high(p);

	return (p->lo & IO_APIC_REDIR_ACTIVE_LOW) ? !high : high;
}

/* The message of an RTE, as the local APICs decode it. */
static void rte_message(u32 lo, u32 hi, u64 *addr, u32 *data)
{
	u32 dest = hi >> IO_APIC_REDIR_DEST_SHIFT;
	u32 ext = (hi >> IO_APIC_REDIR_EXT_DEST_SHIFT) & IO_APIC_REDIR_EXT_DEST_MASK;

	*addr = X86_MSI_BASE_ADDRESS_LOW | dest << X86_MSI_ADDR_DEST_SHIFT |
		ext << X86_MSI_ADDR_EXT_DEST_SHIFT;
	if (lo & IO_APIC_REDIR_DEST_LOGICAL)
		*addr |= X86_MSI_ADDR_DEST_MODE_LOGICAL;
	*data = lo & (IO_APIC_REDIR_VECTOR_MASK | IO_APIC_REDIR_DELIVERY_MASK);
	if (lo & IO_APIC_REDIR_LEVEL_TRIGGER)
		*data |= X86_MSI_DATA_TRIGGER_LEVEL | X86_MSI_DATA_LEVEL_ASSERT;
}

/* Send a pin's message; a level pin waits for the EOI once an APIC took it. */
static void pin_send(struct irqlab_ioapic *io, struct ioapic_pin *p)
{
	u64 addr;
	u32 data;

	rte_message(p->lo, p->hi, &addr, &data);
	if (irqlab_bus_write(io->m, addr, data)) {
		p->send_errors++;
		return;
	}
	p->msgs++;
	if (p->lo & IO_APIC_REDIR_LEVEL_TRIGGER)
		p->lo |= IO_APIC_REDIR_REMOTE_IRR;
}

/**
 * ioapic_pin_update() - let a pin react to its current input and RTE.
 * @io: the IO-APIC, lock held.
 * @pin: the pin.
 *
 * Level: asserted, unmasked and Remote IRR clear sends.  Edge: a rising
 * edge while unmasked sends; an edge on a masked pin is lost.
 */
void ioapic_pin_update(struct irqlab_ioapic *io, unsigned int pin)
{
	struct ioapic_pin *p = &io->pin[pin];
	bool in = pin_input(p), rising = in && !p->input;

	lockdep_assert_held(&io->lock);
	p->input = in;
	if (p->lo & IO_APIC_REDIR_MASKED)
		return;
	if (p->lo & IO_APIC_REDIR_LEVEL_TRIGGER) {
		if (in && !(p->lo & IO_APIC_REDIR_REMOTE_IRR))
			pin_send(io, p);
	} else if (rising) {
		pin_send(io, p);
	}
}

/* An EOI for @vector: re-arm the level pins that delivered it (lock held). */
static void ioapic_eoi(struct irqlab_ioapic *io, unsigned int vector)
{
	unsigned int i;

	for (i = 0; i < IRQLAB_IOAPIC_NR_PINS; i++) {
		struct ioapic_pin *p = &io->pin[i];

		if ((p->lo & IO_APIC_REDIR_VECTOR_MASK) != vector ||
		    !(p->lo & IO_APIC_REDIR_LEVEL_TRIGGER) ||
		    !(p->lo & IO_APIC_REDIR_REMOTE_IRR))
			continue;
		p->lo &= ~IO_APIC_REDIR_REMOTE_IRR;
		p->eois++;
		ioapic_pin_update(io, i);
	}
}

/* The local APICs' EOI broadcast (called without their lock). */
static void ioapic_lapic_eoi(void *ctx, unsigned int vector)
{
	struct irqlab_ioapic *io = ctx;

	irqlab_lock_acquire(&io->lock);
	ioapic_eoi(io, vector);
	irqlab_lock_release(&io->lock);
}

int irqlab_ioapic_create(struct irqlab_machine *m)
{
	struct irqlab_ioapic *io;
	unsigned int i;
	int ret;

	if (!m)
		return -EINVAL;
	if (m->ioapic)
		return -EEXIST;
	io = kzalloc(sizeof(*io), GFP_KERNEL);
	if (!io)
		return -ENOMEM;
	io->m = m;
	irqlab_lock_init(&io->lock);
	for (i = 0; i < IRQLAB_IOAPIC_NR_PINS; i++) {
		io->pin[i].lo = IO_APIC_REDIR_MASKED;
		/* The PCI INTx lines: open drain, pulled up. */
		io->pin[i].wire_active_low = i >= 16;
	}
	if (m->lapic) {
		ret = lapic_set_eoi_hook(m, ioapic_lapic_eoi, io);
		if (ret) {
			irqlab_lock_destroy(&io->lock);
			kfree(io);
			return ret;
		}
	}
	m->ioapic = io;
	return 0;
}

void irqlab_ioapic_destroy(struct irqlab_machine *m)
{
	struct irqlab_ioapic *io;

	if (!m || !m->ioapic)
		return;
	io = m->ioapic;
	if (m->lapic)
		lapic_set_eoi_hook(m, NULL, NULL);
	ioapic_sources_destroy(io);
	irqlab_lock_destroy(&io->lock);
	kfree(io);
	m->ioapic = NULL;
}

/* The indirect register selected by IOREGSEL; false if there is none. */
static bool iowin_read(struct irqlab_ioapic *io, u32 *val)
{
	u32 idx = io->ioregsel;

	if (idx >= IO_APIC_REG_REDTBL && idx < IO_APIC_REG_REDTBL + 2 * IRQLAB_IOAPIC_NR_PINS) {
		struct ioapic_pin *p = &io->pin[(idx - IO_APIC_REG_REDTBL) / 2];

		*val = (idx & 1) ? p->hi : p->lo;
		return true;
	}
	switch (idx) {
	case IO_APIC_REG_ID:
	case IO_APIC_REG_ARB: /* loaded from the ID */
		*val = io->id << IO_APIC_ID_SHIFT;
		return true;
	case IO_APIC_REG_VERSION:
		*val = IOAPIC_VER_VALUE;
		return true;
	default:
		return false;
	}
}

static void rte_write_lo(struct irqlab_ioapic *io, unsigned int pin, u32 val)
{
	struct ioapic_pin *p = &io->pin[pin];

	p->lo = (p->lo & IO_APIC_REDIR_REMOTE_IRR) | (val & RTE_LO_WRITABLE);
	/* Remote IRR means nothing for edge pins: leaving it set would wedge
	 * the pin when it goes back to level. */
	if (!(p->lo & IO_APIC_REDIR_LEVEL_TRIGGER))
		p->lo &= ~IO_APIC_REDIR_REMOTE_IRR;
	ioapic_pin_update(io, pin);
}

static int iowin_write(struct irqlab_ioapic *io, u32 val)
{
	u32 idx = io->ioregsel;

	if (idx >= IO_APIC_REG_REDTBL && idx < IO_APIC_REG_REDTBL + 2 * IRQLAB_IOAPIC_NR_PINS) {
		unsigned int pin = (idx - IO_APIC_REG_REDTBL) / 2;

		if (idx & 1)
			io->pin[pin].hi = val & RTE_HI_WRITABLE;
		else
			rte_write_lo(io, pin, val);
		return 0;
	}
	if (idx == IO_APIC_REG_ID) {
		io->id = (val >> IO_APIC_ID_SHIFT) & IO_APIC_ID_MASK;
		return 0;
	}
	return -EINVAL; /* read-only, or no register */
}

int irqlab_ioapic_mmio_read(struct irqlab_machine *m, unsigned int off, u32 *val)
{
	struct irqlab_ioapic *io = m ? m->ioapic : NULL;
	u32 v = ~0u;
	int ret = 0;

	if (!io) {
		if (val)
			*val = v;
		return -EINVAL;
	}
	irqlab_lock_acquire(&io->lock);
	switch (off) {
	case IO_APIC_INDEX:
		v = io->ioregsel;
		break;
	case IO_APIC_DATA:
		if (!iowin_read(io, &v)) {
			v = ~0u;
			ret = -EINVAL;
		}
		break;
	case IO_APIC_EOI:
		v = 0; /* write-only */
		break;
	default:
		ret = -EINVAL;
	}
	irqlab_lock_release(&io->lock);
	if (val)
		*val = v;
	return ret;
}

int irqlab_ioapic_mmio_write(struct irqlab_machine *m, unsigned int off, u32 val)
{
	struct irqlab_ioapic *io = m ? m->ioapic : NULL;
	int ret = 0;

	if (!io)
		return -EINVAL;
	irqlab_lock_acquire(&io->lock);
	switch (off) {
	case IO_APIC_INDEX:
		io->ioregsel = val & 0xffu;
		break;
	case IO_APIC_DATA:
		ret = iowin_write(io, val);
		break;
	case IO_APIC_EOI:
		ioapic_eoi(io, val & IO_APIC_REDIR_VECTOR_MASK);
		break;
	default:
		ret = -EINVAL;
	}
	irqlab_lock_release(&io->lock);
	return ret;
}

int irqlab_ioapic_set_pin_wiring(struct irqlab_machine *m, unsigned int pin,
				 bool active_low)
{
	struct irqlab_ioapic *io = m ? m->ioapic : NULL;

	if (!io || pin >= IRQLAB_IOAPIC_NR_PINS)
		return -EINVAL;
	irqlab_lock_acquire(&io->lock);
	io->pin[pin].wire_active_low = active_low;
	ioapic_pin_update(io, pin);
	irqlab_lock_release(&io->lock);
	return 0;
}

int irqlab_ioapic_get_pin_state(struct irqlab_machine *m, unsigned int pin,
				struct irqlab_ioapic_pin_state *st)
{
	struct irqlab_ioapic *io = m ? m->ioapic : NULL;
	const struct irqlab_ioapic_src *s;
	const struct ioapic_pin *p;

	if (!st)
		return -EINVAL;
	*st = (struct irqlab_ioapic_pin_state){ 0 };
	if (!io || pin >= IRQLAB_IOAPIC_NR_PINS)
		return -EINVAL;
	irqlab_lock_acquire(&io->lock);
	p = &io->pin[pin];
	for (s = p->srcs; s; s = s->next)
		st->nr_sources++;
	st->nr_asserted = p->nr_asserted;
	st->line_high = pin_line_high(p);
	st->input = pin_input(p);
	st->remote_irr = p->lo & IO_APIC_REDIR_REMOTE_IRR;
	st->msgs = p->msgs;
	st->send_errors = p->send_errors;
	st->eois = p->eois;
	irqlab_lock_release(&io->lock);
	return 0;
}
