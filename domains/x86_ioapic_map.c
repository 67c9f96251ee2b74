// SPDX-License-Identifier: MIT
/*
 * GSI -> Linux irq mapping through the IO-APIC domain (mp_map_gsi_to_irq
 * and friends) and the routing of PCI INTx lines the firmware's _PRT
 * would describe: the classic swizzle onto GSIs 16-19.  A GSI shared by
 * several functions is one irq, counted once per user.
 */
#include "irqlab/interrupt.h"
#include "irqlab/pci_hw.h"
#include "x86_ioapic_internal.h"

void ioapic_set_alloc_attr(struct irq_alloc_info *info, int node, int trigger, int polarity)
{
	init_irq_alloc_info(info, NULL);
	info->type = X86_IRQ_ALLOC_TYPE_IOAPIC;
	info->ioapic.node = node;
	info->ioapic.is_level = trigger == IOAPIC_LEVEL;
	info->ioapic.active_low = polarity == IOAPIC_POL_LOW;
	info->ioapic.valid = 1;
}

/* The full argument of a pin: the caller's attributes, or a PCI line's. */
static void ioapic_copy_alloc_attr(struct irq_alloc_info *dst, const struct irq_alloc_info *src,
				   struct mp_ioapic *ioapic, unsigned int pin)
{
	if (src)
		*dst = *src;
	else
		init_irq_alloc_info(dst, NULL);
	dst->type = X86_IRQ_ALLOC_TYPE_IOAPIC;
	dst->devid = ioapic->apicid;
	dst->ioapic.pin = (int)pin;
	if (!src || !src->ioapic.valid) {
		/* No override table: PCI interrupts are level, active low. */
		dst->ioapic.node = NUMA_NO_NODE;
		dst->ioapic.is_level = 1;
		dst->ioapic.active_low = 1;
	}
	dst->ioapic.valid = 1;
}

/* Sharing a GSI needs the same trigger and polarity. */
static bool mp_check_pin_attr(unsigned int irq, const struct irq_alloc_info *info)
{
	struct mp_chip_data *data = irq_get_chip_data(irq);

	return data->is_level == info->ioapic.is_level &&
	       data->active_low == info->ioapic.active_low;
}

/*
 * The irq numbered like the GSI (the legacy IO-APIC domain's rule), or
 * any free irq when that one is taken.
 */
static int alloc_irq_from_domain(struct mp_ioapic *ioapic, u32 gsi, struct irq_alloc_info *info)
{
	int irq = -EEXIST;

	if (gsi)
		irq = __irq_domain_alloc_irqs(ioapic->irqdomain, (int)gsi, 1, info->ioapic.node,
					      info, false, NULL);
	if (irq == -EEXIST)
		irq = __irq_domain_alloc_irqs(ioapic->irqdomain, -1, 1, info->ioapic.node, info,
					      false, NULL);
	return irq;
}

static int mp_map_pin_to_irq(struct mp_ioapic *ioapic, u32 gsi, unsigned int pin,
			     unsigned int flags, const struct irq_alloc_info *info)
{
	struct irq_alloc_info tmp;
	int irq;

	mutex_lock(&ioapic->ioapic_mutex);
	irq = (int)irq_find_mapping(ioapic->irqdomain, pin);
	if (!(flags & IOAPIC_MAP_ALLOC)) {
		if (!irq)
			irq = -ENOENT;
		goto out;
	}
	ioapic_copy_alloc_attr(&tmp, info, ioapic, pin);
	if (!irq)
		irq = alloc_irq_from_domain(ioapic, gsi, &tmp);
	else if (!mp_check_pin_attr((unsigned int)irq, &tmp))
		irq = -EBUSY;
	if (irq > 0) {
		struct mp_chip_data *data = irq_get_chip_data((unsigned int)irq);

		data->count++;
	}
out:
	mutex_unlock(&ioapic->ioapic_mutex);
	return irq;
}

int mp_map_gsi_to_irq(u32 gsi, unsigned int flags, struct irq_alloc_info *info)
{
	struct mp_ioapic *ioapic = mp_ioapic_of(irqlab_cur());

	if (!ioapic || !ioapic->irqdomain)
		return -ENODEV;
	if (gsi < ioapic->gsi_base || gsi > ioapic->gsi_end) {
		pr_err("ERROR: Unable to locate IOAPIC for GSI %u\n", gsi);
		return -ENODEV;
	}
	return mp_map_pin_to_irq(ioapic, gsi, gsi - ioapic->gsi_base, flags, info);
}

/* The chip data of an irq of @ioapic's domain, or NULL. */
static struct mp_chip_data *ioapic_irq_data(struct mp_ioapic *ioapic, int irq)
{
	struct irq_data *irqd = irq > 0 ? irq_get_irq_data((unsigned int)irq) : NULL;

	if (!ioapic || !irqd || irqd->domain != ioapic->irqdomain)
		return NULL;
	return irqd->chip_data;
}

void mp_unmap_irq(int irq)
{
	struct mp_ioapic *ioapic = mp_ioapic_of(irqlab_cur());
	struct mp_chip_data *data = ioapic_irq_data(ioapic, irq);

	if (!data)
		return;
	mutex_lock(&ioapic->ioapic_mutex);
	/* Freeing an irq under an installed handler is a driver bug. */
	if (data->count == 1 && WARN_ON(irq_has_action((unsigned int)irq))) {
		mutex_unlock(&ioapic->ioapic_mutex);
		return;
	}
	if (--data->count == 0)
		irq_domain_free_irqs((unsigned int)irq, 1);
	mutex_unlock(&ioapic->ioapic_mutex);
}

int irqlab_ioapic_pci_gsi(const struct irqlab_pci_fn *fn)
{
	unsigned int pin, slot;

	if (!fn)
		return -EINVAL;
	pin = irqlab_pci_fn_get_config(fn)->intx_pin;
	if (!pin)
		return -ENODEV;
	slot = (irqlab_pci_fn_requester_id(fn) >> 3) & 0x1f;
	return IRQLAB_IOAPIC_PCI_GSI_BASE + (int)((slot + pin - 1) % 4);
}

/* ioapic_mutex held. */
static struct ioapic_pci_user **find_user(struct mp_ioapic *ioapic,
					  const struct irqlab_pci_fn *fn)
{
	struct ioapic_pci_user **pp;

	for (pp = &ioapic->pci_users; *pp; pp = &(*pp)->next)
		if ((*pp)->fn == fn)
			return pp;
	return NULL;
}

/*
 * Take the record of @fn off the list.  A record for another GSI belongs
 * to a function that went away without a release and whose address was
 * reused: it is dropped with its user of the irq.
 */
static struct ioapic_pci_user *take_user(struct mp_ioapic *ioapic,
					 const struct irqlab_pci_fn *fn)
{
	struct ioapic_pci_user **pp, *u = NULL;

	mutex_lock(&ioapic->ioapic_mutex);
	pp = find_user(ioapic, fn);
	if (pp) {
		u = *pp;
		*pp = u->next;
	}
	mutex_unlock(&ioapic->ioapic_mutex);
	return u;
}

static void put_user(struct mp_ioapic *ioapic, struct ioapic_pci_user *u)
{
	mutex_lock(&ioapic->ioapic_mutex);
	u->next = ioapic->pci_users;
	ioapic->pci_users = u;
	mutex_unlock(&ioapic->ioapic_mutex);
}

/* Map @gsi for @fn and wire its line; @m current. */
static int route_new(struct mp_ioapic *ioapic, struct irqlab_pci_fn *fn, u32 gsi)
{
	struct irq_alloc_info info;
	struct ioapic_pci_user *u;
	unsigned int pin = irqlab_pci_fn_get_config(fn)->intx_pin;
	int irq, ret;

	u = kzalloc(sizeof(*u), GFP_KERNEL);
	if (!u)
		return -ENOMEM;
	ioapic_set_alloc_attr(&info, NUMA_NO_NODE, IOAPIC_LEVEL, IOAPIC_POL_LOW);
	irq = mp_map_gsi_to_irq(gsi, IOAPIC_MAP_ALLOC, &info);
	if (irq < 0) {
		kfree(u);
		return irq;
	}
	ret = irqlab_ioapic_connect_intx(ioapic->m, fn, gsi - ioapic->gsi_base);
	if (ret) {
		mp_unmap_irq(irq);
		kfree(u);
		return ret;
	}
	*u = (struct ioapic_pci_user){ .fn = fn, .gsi = gsi, .irq = irq };
	put_user(ioapic, u);
	pr_debug("pci %s: PCI INT %c -> GSI %u (level, low) -> IRQ %d\n",
		 irqlab_pci_fn_name(fn), 'A' + pin - 1, gsi, irq);
	return irq;
}

int irqlab_ioapic_pci_irq(struct irqlab_machine *m, struct irqlab_pci_fn *fn)
{
	struct mp_ioapic *ioapic = mp_ioapic_of(m);
	struct irqlab_machine *prev;
	struct ioapic_pci_user *u;
	int gsi, irq;

	if (!m || !fn || irqlab_pci_fn_machine(fn) != m)
		return -EINVAL;
	gsi = irqlab_ioapic_pci_gsi(fn);
	if (gsi < 0)
		return gsi;
	if (!ioapic || !ioapic->irqdomain)
		return -ENODEV;
	prev = irqlab_machine_set_current(m);
	u = take_user(ioapic, fn);
	if (u && u->gsi == (u32)gsi) {
		/* Routed already: re-wire (the line may be a new function's). */
		irq = irqlab_ioapic_connect_intx(m, fn, (u32)gsi - ioapic->gsi_base);
		if (!irq)
			irq = u->irq;
		put_user(ioapic, u);
		goto out;
	}
	if (u) {
		mp_unmap_irq(u->irq);
		kfree(u);
	}
	irq = route_new(ioapic, fn, (u32)gsi);
out:
	irqlab_machine_set_current(prev);
	return irq;
}

int irqlab_ioapic_pci_irq_release(struct irqlab_machine *m, struct irqlab_pci_fn *fn)
{
	struct mp_ioapic *ioapic = mp_ioapic_of(m);
	struct irqlab_machine *prev;
	struct ioapic_pci_user *u;
	struct mp_chip_data *data;
	int ret = 0;

	if (!m || !fn)
		return -EINVAL;
	if (!ioapic)
		return -ENOENT;
	prev = irqlab_machine_set_current(m);
	u = take_user(ioapic, fn);
	if (!u) {
		ret = -ENOENT;
		goto out;
	}
	data = irq_get_chip_data((unsigned int)u->irq);
	if (data->count == 1 && irq_has_action((unsigned int)u->irq)) {
		put_user(ioapic, u);
		ret = -EBUSY;
		goto out;
	}
	irqlab_ioapic_disconnect_intx(m, fn);
	mp_unmap_irq(u->irq);
	kfree(u);
out:
	irqlab_machine_set_current(prev);
	return ret;
}

/**
 * ioapic_pci_users_free() - forget every routed function (teardown).
 * @ioapic: the IO-APIC; its irqs are freed by the caller.
 */
void ioapic_pci_users_free(struct mp_ioapic *ioapic)
{
	while (ioapic->pci_users) {
		struct ioapic_pci_user *u = ioapic->pci_users;

		ioapic->pci_users = u->next;
		kfree(u);
	}
}
