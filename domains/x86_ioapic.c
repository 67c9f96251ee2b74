// SPDX-License-Identifier: MIT
/*
 * The kernel side of the IO-APIC (arch/x86/kernel/apic/io_apic.c
 * analogue): register access through IOREGSEL/IOWIN, the chip "IO-APIC"
 * and the domain "IO-APIC-<id>" stacked on "VECTOR".
 *
 * The redirection entry is derived from the message the vector domain
 * composes (as the kernel has done since v5.10): vector, delivery mode,
 * destination mode, and address bits 19:5 as entry bits 63:49.  A level
 * irq is EOIed at the local APIC, whose EOI broadcast clears the pin's
 * Remote IRR; if the local APIC saw it as edge (TMR clear, e.g. after a
 * retrigger IPI) the broadcast does not happen, so the pin is EOIed
 * directly through the EOI register and the MIS counter records it.
 */
#include "x86_ioapic_internal.h"

/**
 * io_apic_read() - read an indirect register.
 * @ioapic: the IO-APIC, ioapic_lock held.
 * @reg: the register index.
 *
 * Return: the value.
 */
u32 io_apic_read(struct mp_ioapic *ioapic, unsigned int reg)
{
	u32 val;

	lockdep_assert_held(&ioapic->ioapic_lock);
	irqlab_ioapic_mmio_write(ioapic->m, IO_APIC_INDEX, reg);
	irqlab_ioapic_mmio_read(ioapic->m, IO_APIC_DATA, &val);
	return val;
}

static void io_apic_write(struct mp_ioapic *ioapic, unsigned int reg, u32 val)
{
	lockdep_assert_held(&ioapic->ioapic_lock);
	irqlab_ioapic_mmio_write(ioapic->m, IO_APIC_INDEX, reg);
	irqlab_ioapic_mmio_write(ioapic->m, IO_APIC_DATA, val);
}

/*
 * Write a whole entry, high dword first: an unmasked low dword enables
 * the pin, which must be fully programmed by then.  ioapic_lock held.
 */
static void __ioapic_write_entry(struct mp_ioapic *ioapic, unsigned int pin, u32 lo, u32 hi)
{
	io_apic_write(ioapic, IO_APIC_REG_REDTBL + 1 + 2 * pin, hi);
	io_apic_write(ioapic, IO_APIC_REG_REDTBL + 2 * pin, lo);
}

/* Mask and clear an entry, low dword (the mask) first. */
static void ioapic_mask_entry(struct mp_ioapic *ioapic, unsigned int pin)
{
	raw_spin_lock(&ioapic->ioapic_lock);
	io_apic_write(ioapic, IO_APIC_REG_REDTBL + 2 * pin, IO_APIC_REDIR_MASKED);
	io_apic_write(ioapic, IO_APIC_REG_REDTBL + 1 + 2 * pin, 0);
	raw_spin_unlock(&ioapic->ioapic_lock);
}

/* Change the low dword of the irq's entry (ioapic_lock held). */
static void io_apic_modify_irq(struct mp_chip_data *data, u32 mask_and, u32 mask_or)
{
	data->entry_lo = (data->entry_lo & mask_and) | mask_or;
	io_apic_write(data->ioapic, IO_APIC_REG_REDTBL + 2 * data->pin, data->entry_lo);
}

static void mask_ioapic_irq(struct irq_data *irqd)
{
	struct mp_chip_data *data = irqd->chip_data;

	raw_spin_lock(&data->ioapic->ioapic_lock);
	io_apic_modify_irq(data, ~0u, IO_APIC_REDIR_MASKED);
	/* A dummy read flushes the write to the IO-APIC (io_apic_sync). */
	(void)io_apic_read(data->ioapic, IO_APIC_REG_VERSION);
	raw_spin_unlock(&data->ioapic->ioapic_lock);
}

static void unmask_ioapic_irq(struct irq_data *irqd)
{
	struct mp_chip_data *data = irqd->chip_data;

	raw_spin_lock(&data->ioapic->ioapic_lock);
	io_apic_modify_irq(data, ~IO_APIC_REDIR_MASKED, 0);
	raw_spin_unlock(&data->ioapic->ioapic_lock);
}

/* No legacy PIC: nothing can be pending elsewhere, just unmask. */
static unsigned int startup_ioapic_irq(struct irq_data *irqd)
{
	unmask_ioapic_irq(irqd);
	return 0;
}

/* Is the pin's Remote IRR set (the EOI has not reached the IO-APIC)? */
static bool io_apic_level_ack_pending(struct mp_chip_data *data)
{
	u32 lo;

	raw_spin_lock(&data->ioapic->ioapic_lock);
	lo = io_apic_read(data->ioapic, IO_APIC_REG_REDTBL + 2 * data->pin);
	raw_spin_unlock(&data->ioapic->ioapic_lock);
	return lo & IO_APIC_REDIR_REMOTE_IRR;
}

/* A pending move needs the pin masked while the entry changes. */
static bool ioapic_prepare_move(struct irq_data *irqd)
{
	if (!irqd_is_setaffinity_pending(irqd))
		return false;
	if (!irqd_irq_masked(irqd))
		mask_ioapic_irq(irqd);
	return true;
}

static void ioapic_finish_move(struct irq_data *irqd, bool moveit)
{
	if (!moveit)
		return;
	/*
	 * Reprogramming the vector while Remote IRR is still set would
	 * leave the pin waiting for an EOI of the old vector forever.
	 */
	if (!io_apic_level_ack_pending(irqd->chip_data))
		irq_move_masked_irq(irqd);
	if (!irqd_irq_masked(irqd))
		unmask_ioapic_irq(irqd);
}

/* Directed EOI through the EOI register (version >= 0x20). */
static void eoi_ioapic_pin(unsigned int vector, struct mp_chip_data *data)
{
	raw_spin_lock(&data->ioapic->ioapic_lock);
	irqlab_ioapic_mmio_write(data->ioapic->m, IO_APIC_EOI, vector);
	raw_spin_unlock(&data->ioapic->ioapic_lock);
}

/* irq_eoi of level irqs. */
static void ioapic_ack_level(struct irq_data *irqd)
{
	struct mp_chip_data *data = irqd->chip_data;
	struct irq_cfg *cfg = irqd_cfg(irqd);
	unsigned int i = cfg->vector;
	bool masked;
	u32 v;

	irq_complete_move(cfg);
	masked = ioapic_prepare_move(irqd);
	v = apic_read(APIC_TMR + ((i & ~0x1fu) >> 1));
	/* Acknowledge before a move, or the EOI would not reach the pin. */
	apic_eoi();
	/*
	 * Seen as edge by the local APIC: no EOI broadcast will come, the
	 * pin's Remote IRR must be cleared by hand.
	 */
	if (!(v & (1u << (i & 0x1f)))) {
		__atomic_add_fetch(&data->ioapic->m->x86->irq_mis_count, 1, __ATOMIC_RELAXED);
		eoi_ioapic_pin(cfg->vector, data);
	}
	ioapic_finish_move(irqd, masked);
}

/* Rebuild the entry from the message the vector domain composes. */
static void ioapic_setup_msg_from_msi(struct irq_data *irqd, struct mp_chip_data *data)
{
	struct msi_msg msg;

	if (irq_chip_compose_msi_msg(irqd, &msg))
		return;
	data->entry_lo &= ~(IO_APIC_REDIR_VECTOR_MASK | IO_APIC_REDIR_DELIVERY_MASK |
			    IO_APIC_REDIR_DEST_LOGICAL);
	data->entry_lo |= msg.data & (IO_APIC_REDIR_VECTOR_MASK | IO_APIC_REDIR_DELIVERY_MASK);
	if (msg.address_lo & X86_MSI_ADDR_DEST_MODE_LOGICAL)
		data->entry_lo |= IO_APIC_REDIR_DEST_LOGICAL;
	/* Address bits 19:5 (destination 7:0 and 14:8) are entry bits 63:49. */
	data->entry_hi = ((msg.address_lo >> X86_MSI_ADDR_EXT_DEST_SHIFT) & 0x7fffu)
			 << IO_APIC_REDIR_EXT_DEST_SHIFT;
}

/* ioapic_lock held. */
static void ioapic_configure_entry(struct irq_data *irqd)
{
	struct mp_chip_data *data = irqd->chip_data;

	ioapic_setup_msg_from_msi(irqd, data);
	__ioapic_write_entry(data->ioapic, data->pin, data->entry_lo, data->entry_hi);
}

static int ioapic_set_affinity(struct irq_data *irqd, const struct cpumask *mask, bool force)
{
	struct irq_data *parent = irqd->parent_data;
	struct mp_chip_data *data = irqd->chip_data;
	int ret;

	ret = parent->chip->irq_set_affinity(parent, mask, force);
	raw_spin_lock(&data->ioapic->ioapic_lock);
	if (ret >= 0 && ret != IRQ_SET_MASK_OK_DONE)
		ioapic_configure_entry(irqd);
	raw_spin_unlock(&data->ioapic->ioapic_lock);
	return ret;
}

/*
 * An interrupt in flight (delivered, not yet EOIed) keeps Remote IRR set:
 * free_irq() waits for it before releasing the vector.
 */
static int ioapic_irq_get_chip_state(struct irq_data *irqd, enum irqchip_irq_state which,
				     bool *state)
{
	struct mp_chip_data *data = irqd->chip_data;
	u32 lo;

	if (which != IRQCHIP_STATE_ACTIVE)
		return -EINVAL;
	raw_spin_lock(&data->ioapic->ioapic_lock);
	lo = io_apic_read(data->ioapic, IO_APIC_REG_REDTBL + 2 * data->pin);
	raw_spin_unlock(&data->ioapic->ioapic_lock);
	/* Remote IRR means nothing for edge pins. */
	*state = (lo & IO_APIC_REDIR_REMOTE_IRR) && (lo & IO_APIC_REDIR_LEVEL_TRIGGER);
	return 0;
}

static const struct irq_chip ioapic_chip = {
	.name = "IO-APIC",
	.irq_startup = startup_ioapic_irq,
	.irq_mask = mask_ioapic_irq,
	.irq_unmask = unmask_ioapic_irq,
	.irq_ack = irq_chip_ack_parent,
	.irq_eoi = ioapic_ack_level,
	.irq_set_affinity = ioapic_set_affinity,
	.irq_retrigger = irq_chip_retrigger_hierarchy,
	.irq_get_irqchip_state = ioapic_irq_get_chip_state,
	.flags = IRQCHIP_SKIP_SET_WAKE | IRQCHIP_MOVE_DEFERRED | IRQCHIP_AFFINITY_PRE_STARTUP,
};

/* Level: fasteoi and IRQ_LEVEL (no software resend); edge: edge. */
static void mp_register_handler(unsigned int irq, bool level)
{
	if (level)
		irq_set_status_flags(irq, IRQ_LEVEL);
	else
		irq_clear_status_flags(irq, IRQ_LEVEL);
	__irq_set_handler(irq, level ? handle_fasteoi_irq : handle_edge_irq, 0,
			  level ? "fasteoi" : "edge");
}

/*
 * The entry before activation: trigger and polarity.  Level pins start
 * masked; edge ones unmasked (the core masks an edge irq if it fires).
 */
static void mp_preconfigure_entry(struct mp_chip_data *data)
{
	data->entry_hi = 0;
	data->entry_lo = 0;
	if (data->is_level)
		data->entry_lo |= IO_APIC_REDIR_LEVEL_TRIGGER | IO_APIC_REDIR_MASKED;
	if (data->active_low)
		data->entry_lo |= IO_APIC_REDIR_ACTIVE_LOW;
}

static int mp_irqdomain_alloc(struct irq_domain *domain, unsigned int virq,
			      unsigned int nr_irqs, void *arg)
{
	struct mp_ioapic *ioapic = domain->host_data;
	struct irq_alloc_info *info = arg;
	struct mp_chip_data *data;
	unsigned int pin;
	int ret;

	if (!info || nr_irqs > 1 || info->ioapic.pin < 0 ||
	    (unsigned int)info->ioapic.pin >= ioapic->nr_registers)
		return -EINVAL;
	if (!irq_domain_get_irq_data(domain, virq))
		return -EINVAL;
	pin = (unsigned int)info->ioapic.pin;
	if (irq_find_mapping(domain, pin) > 0)
		return -EEXIST;

	data = kzalloc(sizeof(*data), GFP_KERNEL);
	if (!data)
		return -ENOMEM;
	ret = irq_domain_alloc_irqs_parent(domain, virq, nr_irqs, info);
	if (ret < 0) {
		kfree(data);
		return ret;
	}
	data->ioapic = ioapic;
	data->pin = pin;
	/* Without attributes the pin is a PCI line: level, active low. */
	data->is_level = info->ioapic.valid ? info->ioapic.is_level : true;
	data->active_low = info->ioapic.valid ? info->ioapic.active_low : true;
	irq_domain_set_hwirq_and_chip(domain, virq, pin, &ioapic_chip, data);
	mp_preconfigure_entry(data);
	mp_register_handler(virq, data->is_level);
	return 0;
}

static void mp_irqdomain_free(struct irq_domain *domain, unsigned int virq,
			      unsigned int nr_irqs)
{
	struct irq_data *irqd = irq_domain_get_irq_data(domain, virq);

	if (irqd)
		kfree(irqd->chip_data);
	irq_domain_free_irqs_top(domain, virq, nr_irqs);
}

static int mp_irqdomain_activate(struct irq_domain *domain, struct irq_data *irqd,
				 bool reserve)
{
	struct mp_chip_data *data = irqd->chip_data;

	raw_spin_lock(&data->ioapic->ioapic_lock);
	ioapic_configure_entry(irqd);
	raw_spin_unlock(&data->ioapic->ioapic_lock);
	return 0;
}

static void mp_irqdomain_deactivate(struct irq_domain *domain, struct irq_data *irqd)
{
	struct mp_chip_data *data = irqd->chip_data;

	ioapic_mask_entry(data->ioapic, data->pin);
}

const struct irq_domain_ops mp_ioapic_irqdomain_ops = {
	.alloc = mp_irqdomain_alloc,
	.free = mp_irqdomain_free,
	.activate = mp_irqdomain_activate,
	.deactivate = mp_irqdomain_deactivate,
};

struct irq_domain *irqlab_ioapic_domain(struct irqlab_machine *m)
{
	struct mp_ioapic *ioapic = mp_ioapic_of(m);

	return ioapic ? ioapic->irqdomain : NULL;
}

/* Read the silicon's ID and size, as mp_register_ioapic() does. */
static int mp_register_ioapic(struct mp_ioapic *ioapic)
{
	u32 reg0, reg1, reg2;

	raw_spin_lock(&ioapic->ioapic_lock);
	reg0 = io_apic_read(ioapic, IO_APIC_REG_ID);
	reg1 = io_apic_read(ioapic, IO_APIC_REG_VERSION);
	reg2 = io_apic_read(ioapic, IO_APIC_REG_ARB);
	raw_spin_unlock(&ioapic->ioapic_lock);
	if (reg0 == ~0u && reg1 == ~0u && reg2 == ~0u) {
		pr_warn("I/O APIC 0x%x registers return all ones, skipping!\n",
			IRQLAB_IOAPIC_BASE);
		return -ENODEV;
	}
	ioapic->apicid = (reg0 >> IO_APIC_ID_SHIFT) & 0xffu;
	ioapic->version = reg1 & IO_APIC_VER_VERSION_MASK;
	ioapic->nr_registers = ((reg1 >> IO_APIC_VER_ENTRIES_SHIFT) & 0xffu) + 1;
	ioapic->gsi_base = 0;
	ioapic->gsi_end = ioapic->nr_registers - 1;
	pr_info("IOAPIC[%d]: apic_id %u, version %u, address 0x%x, GSI %u-%u\n", 0,
		ioapic->apicid, ioapic->version, IRQLAB_IOAPIC_BASE, ioapic->gsi_base,
		ioapic->gsi_end);
	return 0;
}

/* Boot leaves every pin masked and cleared (clear_IO_APIC). */
static void clear_IO_APIC(struct mp_ioapic *ioapic)
{
	unsigned int pin;

	for (pin = 0; pin < ioapic->nr_registers; pin++)
		ioapic_mask_entry(ioapic, pin);
}

static int mp_irqdomain_create(struct mp_ioapic *ioapic)
{
	struct irq_domain *parent = irqlab_x86_vector_domain(ioapic->m);

	ioapic->fwnode = irq_domain_alloc_named_id_fwnode("IO-APIC", (int)ioapic->apicid);
	if (!ioapic->fwnode)
		return -ENOMEM;
	ioapic->irqdomain = irq_domain_create_hierarchy(parent, 0, ioapic->nr_registers,
							ioapic->fwnode,
							&mp_ioapic_irqdomain_ops, ioapic);
	return ioapic->irqdomain ? 0 : -ENOMEM;
}

/**
 * irqlab_x86_ioapic_init() - build the IO-APIC of an x86 machine.
 * @m: the machine, with its x86 state and "VECTOR" domain set up.
 *
 * The silicon, then the kernel side: registration (the ID and number of
 * pins read from the registers), every pin masked, and the domain.
 *
 * Context: machine creation, @m current.
 * Return: 0 or a negative errno; irqlab_x86_ioapic_exit() cleans up a
 * partial init.
 */
int irqlab_x86_ioapic_init(struct irqlab_machine *m)
{
	struct mp_ioapic *ioapic;
	int ret;

	ret = irqlab_ioapic_create(m);
	if (ret)
		return ret;
	ioapic = kzalloc(sizeof(*ioapic), GFP_KERNEL);
	if (!ioapic)
		return -ENOMEM;
	ioapic->m = m;
	raw_spin_lock_init(&ioapic->ioapic_lock);
	mutex_init(&ioapic->ioapic_mutex);
	m->x86->ioapic = ioapic;
	ret = mp_register_ioapic(ioapic);
	if (ret)
		return ret;
	clear_IO_APIC(ioapic);
	/* gsi_top: dynamic irqs (MSI) are numbered above the GSIs. */
	m->dynirq_base = ioapic->gsi_end + 1;
	return mp_irqdomain_create(ioapic);
}

/* Free every irq still mapped in the domain (teardown). */
static void ioapic_free_all_irqs(struct mp_ioapic *ioapic)
{
	unsigned int pin;

	for (pin = 0; pin < ioapic->nr_registers; pin++) {
		unsigned int irq = irq_find_mapping(ioapic->irqdomain, pin);

		if (irq)
			irq_domain_free_irqs(irq, 1);
	}
}

/**
 * irqlab_x86_ioapic_exit() - free the IO-APIC of an x86 machine.
 * @m: the machine; its actions are already released.
 *
 * Also tears down a partial init.  Runs before the vector domain goes:
 * the IO-APIC irqs give their vectors back on the way.
 */
void irqlab_x86_ioapic_exit(struct irqlab_machine *m)
{
	struct mp_ioapic *ioapic = mp_ioapic_of(m);

	if (ioapic) {
		ioapic_pci_users_free(ioapic);
		if (ioapic->irqdomain) {
			ioapic_free_all_irqs(ioapic);
			irq_domain_remove(ioapic->irqdomain);
		}
		irq_domain_free_fwnode(ioapic->fwnode);
		irqlab_lock_destroy(&ioapic->ioapic_lock);
		mutex_destroy(&ioapic->ioapic_mutex);
		kfree(ioapic);
		m->x86->ioapic = NULL;
	}
	m->dynirq_base = 0;
	irqlab_ioapic_destroy(m);
}
