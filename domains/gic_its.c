// SPDX-License-Identifier: MIT
/*
 * The ITS driver (drivers/irqchip/irq-gic-v3-its.c and
 * irq-gic-its-msi-parent.c analogues): the ITS's tables and command queue
 * in simulated memory, one collection per CPU, and the "ITS" domain, the
 * MSI parent of PCI devices.
 *
 * - msi_prepare (per-device domain creation): an its_device per DeviceID
 *   with an ITT of a power of two events and as many LPIs, MAPD V=1;
 *   msi_teardown (domain removal): MAPD V=0, ITT and LPIs freed.
 * - alloc: the first free (aligned) events of the device, hwirq = its LPI;
 *   activate: a CPU is picked (online, least loaded), MAPTI to its
 *   collection; deactivate: DISCARD.
 * - set_affinity: MOVI to the new CPU's collection; the message (doorbell,
 *   EventID) does not change, so the answer is IRQ_SET_MASK_OK_DONE.
 * - mask/unmask: the LPI's configuration byte and a direct INV at its
 *   redistributor; pending state: INT/CLEAR.
 * Commands that target a collection are followed by a SYNC, as Linux does.
 */
#include <string.h>

#include "gic_internals.h"
#include "irqlab/pci.h"

/* ---- the command queue ------------------------------------------------------ */

/* Queue one command and kick CWRITER; the ITS processes it synchronously. */
static void its_queue_cmd(struct irqlab_gic *gic, u64 d0, u64 d1, u64 d2, u64 d3)
{
	u64 *c = &gic->cmd_base[gic->cmd_write / 8];
	u32 next = (gic->cmd_write + ITS_CMD_SIZE) % ITS_CMD_QUEUE_SZ;
	u64 rd = 0;

	c[0] = d0;
	c[1] = d1;
	c[2] = d2;
	c[3] = d3;
	gic->cmd_write = next;
	irqlab_its_mmio_write(gic->m, gic->its, GITS_CWRITER, 8, next);
	/* its_wait_for_range_completion(): CREADR must have caught up. */
	irqlab_its_mmio_read(gic->m, gic->its, GITS_CREADR, 8, &rd);
	if ((rd & GITS_OFFSET_MASK) != next || (rd & GITS_CREADR_STALLED))
		pr_err("ITS queue timeout (%llu %llu)\n", (unsigned long long)next,
		       (unsigned long long)rd);
}

/* A command, then a SYNC to @sync_cpu's redistributor unless ITS_NO_CPU. */
static void its_send_single_command(struct irqlab_gic *gic, u64 d0, u64 d1, u64 d2,
				    u32 sync_cpu)
{
	irqlab_lock_acquire(&gic->cmd_lock);
	its_queue_cmd(gic, d0, d1, d2, 0);
	if (sync_cpu != ITS_NO_CPU)
		its_queue_cmd(gic, GITS_CMD_SYNC, 0, (u64)sync_cpu << 16, 0);
	irqlab_lock_release(&gic->cmd_lock);
}

static u64 its_dev_cmd(u8 code, struct its_device *dev)
{
	return code | (u64)dev->device_id << 32;
}

static void its_send_mapd(struct its_device *dev, bool valid)
{
	u64 d2 = valid ? GITS_BASER_VALID | dev->itt_pa : 0;

	its_send_single_command(dev->gic, its_dev_cmd(GITS_CMD_MAPD, dev),
				gic_ilog2(dev->nr_ites) - 1, d2, ITS_NO_CPU);
}

static void its_send_mapti(struct its_device *dev, u32 lpi, u32 event, u32 cpu)
{
	its_send_single_command(dev->gic, its_dev_cmd(GITS_CMD_MAPTI, dev),
				event | (u64)lpi << 32, cpu, cpu);
}

static void its_send_movi(struct its_device *dev, u32 event, u32 cpu)
{
	its_send_single_command(dev->gic, its_dev_cmd(GITS_CMD_MOVI, dev), event, cpu, cpu);
}

/* DISCARD, INT, CLEAR: (DeviceID, EventID) only. */
static void its_send_event_cmd(struct its_device *dev, u8 code, u32 event)
{
	its_send_single_command(dev->gic, its_dev_cmd(code, dev), event, 0,
				dev->col_map[event]);
}

/* ---- per-CPU collections ---------------------------------------------------- */

/**
 * its_cpu_init_collection() - map @cpu's collection (ICID = @cpu) to its
 * redistributor, as each CPU does when it comes up.
 * @gic: the GIC.
 * @cpu: the CPU.
 */
void its_cpu_init_collection(struct irqlab_gic *gic, unsigned int cpu)
{
	u64 typer = 0, target;

	if (!gic->its_enabled)
		return;
	/* GITS_TYPER.PTA = 0: RDbase is the processor number (GICR_TYPER). */
	irqlab_gicr_read(gic->m, cpu, GICR_TYPER, 8, &typer);
	target = (typer >> GICR_TYPER_PROC_NUM_SHIFT) & 0xffff;
	its_send_single_command(gic, GITS_CMD_MAPC, 0, GITS_BASER_VALID | target << 16 | cpu,
				cpu);
	its_send_single_command(gic, GITS_CMD_INVALL, 0, cpu, cpu);
}

/* ---- ITS devices -------------------------------------------------------------- */

static struct its_device *its_find_device(struct irqlab_gic *gic, u32 dev_id)
{
	struct its_device *d;

	for (d = gic->devices; d; d = d->next)
		if (d->device_id == dev_id)
			return d;
	return NULL;
}

static void its_free_device(struct its_device *dev)
{
	struct irqlab_gic *gic = dev->gic;
	struct its_device **pp;

	for (pp = &gic->devices; *pp; pp = &(*pp)->next)
		if (*pp == dev) {
			*pp = dev->next;
			break;
		}
	if (dev->itt)
		irqlab_dma_free(gic->m, dev->itt_pa);
	if (dev->nr_lpis)
		its_lpi_free(gic, dev->lpi_base, dev->nr_lpis);
	kfree(dev->event_map);
	kfree(dev->col_map);
	kfree(dev);
}

/* Context: gic->dev_lock held. */
static struct its_device *its_create_device(struct irqlab_gic *gic, u32 dev_id,
					    unsigned int nvecs)
{
	struct its_device *dev;
	unsigned int i, nr_ites = nvecs < 2 ? 2 : nvecs;
	size_t sz = (size_t)nr_ites * IRQLAB_ITS_ENTRY_SIZE;
	void *va;

	if (nvecs > (1u << ITS_IDBITS) || dev_id >= (1u << ITS_DEVBITS))
		return NULL;
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return NULL;
	dev->gic = gic;
	dev->device_id = dev_id;
	dev->nr_ites = nr_ites;
	dev->event_map = kcalloc(DIV_ROUND_UP(nvecs, BITS_PER_LONG), sizeof(long), GFP_KERNEL);
	dev->col_map = kcalloc(nvecs, sizeof(*dev->col_map), GFP_KERNEL);
	if (!dev->event_map || !dev->col_map ||
	    irqlab_dma_alloc(gic->m, sz < ITS_ITT_ALIGN ? ITS_ITT_ALIGN : sz, ITS_ITT_ALIGN,
			     &dev->itt_pa, &va))
		goto fail;
	dev->itt = va;
	if (its_lpi_alloc(gic, nvecs, &dev->lpi_base))
		goto fail;
	dev->nr_lpis = nvecs;
	for (i = 0; i < nvecs; i++)
		dev->col_map[i] = ITS_NO_CPU;
	dev->next = gic->devices;
	gic->devices = dev;
	its_send_mapd(dev, true);
	return dev;
fail:
	its_free_device(dev);
	return NULL;
}

/* The ITS level's msi_prepare: the DeviceID came in info->devid. */
static int its_msi_prepare(struct irq_domain *domain, struct device *dev, int nvec,
			   msi_alloc_info_t *info)
{
	struct irqlab_gic *gic = msi_get_domain_info(domain)->data;
	struct its_device *its_dev;
	int ret = 0;

	if (!gic || nvec <= 0)
		return -EINVAL;
	irqlab_lock_acquire(&gic->dev_lock);
	its_dev = its_find_device(gic, info->devid);
	if (its_dev) {
		/* Seen through another alias: share its ITT. */
		its_dev->shared = true;
	} else {
		its_dev = its_create_device(gic, info->devid, (unsigned int)nvec);
		if (!its_dev)
			ret = -ENOMEM;
	}
	irqlab_lock_release(&gic->dev_lock);
	info->data = its_dev;
	return ret;
}

/* The ITS level's msi_teardown: the device domain is going away. */
static void its_msi_teardown(struct irq_domain *domain, msi_alloc_info_t *info)
{
	struct irqlab_gic *gic = msi_get_domain_info(domain)->data;
	struct its_device *its_dev = info->data;

	if (!gic || !its_dev)
		return;
	irqlab_lock_acquire(&gic->dev_lock);
	if (its_find_device(gic, its_dev->device_id) == its_dev && !its_dev->shared &&
	    !WARN_ON_ONCE(gic_find_free_area(its_dev->event_map, its_dev->nr_lpis,
					     its_dev->nr_lpis, 1) != 0)) {
		/* Unmap device/itt, and get rid of the tracking. */
		its_send_mapd(its_dev, false);
		its_free_device(its_dev);
	}
	irqlab_lock_release(&gic->dev_lock);
	info->data = NULL;
}

/* ---- the chip ---------------------------------------------------------------- */

static u32 its_get_event_id(struct irq_data *d)
{
	struct its_device *its_dev = irq_data_get_irq_chip_data(d);

	return (u32)d->hwirq - its_dev->lpi_base;
}

/* lpi_update_config(): write the byte, invalidate it where the LPI is routed. */
static void its_lpi_update_config(struct irq_data *d, u8 clr, u8 set)
{
	struct its_device *its_dev = irq_data_get_irq_chip_data(d);
	u32 cpu = its_dev->col_map[its_get_event_id(d)];

	lpi_write_config(its_dev->gic, (u32)d->hwirq, clr, set);
	if (cpu != ITS_NO_CPU)
		gic_direct_lpi_inv(its_dev->gic, cpu, (u32)d->hwirq);
}

static void its_mask_irq(struct irq_data *d)
{
	its_lpi_update_config(d, LPI_PROP_ENABLED, 0);
}

static void its_unmask_irq(struct irq_data *d)
{
	its_lpi_update_config(d, 0, LPI_PROP_ENABLED);
}

static void its_inc_lpi_count(struct irqlab_gic *gic, u32 cpu)
{
	if (cpu != ITS_NO_CPU)
		__atomic_add_fetch(&gic->rd[cpu].lpi_count, 1, __ATOMIC_RELAXED);
}

static void its_dec_lpi_count(struct irqlab_gic *gic, u32 cpu)
{
	if (cpu != ITS_NO_CPU)
		__atomic_sub_fetch(&gic->rd[cpu].lpi_count, 1, __ATOMIC_RELAXED);
}

/* cpumask_pick_least_loaded(): lowest CPU among the least loaded ones. */
static int its_pick_least_loaded(struct irqlab_gic *gic, const struct cpumask *mask)
{
	unsigned int cpu, best_count = UINT32_MAX;
	int best = -1;

	for_each_cpu(cpu, mask) {
		unsigned int c = __atomic_load_n(&gic->rd[cpu].lpi_count, __ATOMIC_RELAXED);

		if (c < best_count) {
			best_count = c;
			best = (int)cpu;
		}
	}
	return best;
}

/*
 * its_select_cpu(): an online CPU of the requested mask (managed irqs: of
 * the mask only); otherwise any online CPU.
 */
static int its_select_cpu(struct irqlab_gic *gic, struct irq_data *d,
			  const struct cpumask *aff_mask)
{
	cpumask_var_t tmp;
	int cpu;

	if (!zalloc_cpumask_var(&tmp, GFP_ATOMIC))
		return -ENOMEM;
	cpumask_and(tmp, aff_mask, cpu_online_mask);
	/*
	 * Only the requested mask counts: the irq's affinity mask still holds
	 * the old one while set_affinity runs (the core updates it after).
	 */
	if (!irqd_affinity_is_managed(d) && cpumask_empty(tmp))
		cpumask_copy(tmp, cpu_online_mask);
	cpu = its_pick_least_loaded(gic, tmp);
	free_cpumask_var(tmp);
	return cpu;
}

static int its_set_affinity(struct irq_data *d, const struct cpumask *mask_val, bool force)
{
	struct its_device *its_dev = irq_data_get_irq_chip_data(d);
	struct irqlab_gic *gic = its_dev->gic;
	u32 id = its_get_event_id(d);
	u32 prev_cpu = its_dev->col_map[id];
	int cpu;

	its_dec_lpi_count(gic, prev_cpu);
	cpu = force ? its_pick_least_loaded(gic, mask_val) : its_select_cpu(gic, d, mask_val);
	if (cpu < 0 || (unsigned int)cpu >= gic->m->nr_cpus) {
		its_inc_lpi_count(gic, prev_cpu);
		return -EINVAL;
	}
	/* Don't move when the target is the current one. */
	if ((u32)cpu != prev_cpu) {
		its_send_movi(its_dev, id, (u32)cpu);
		its_dev->col_map[id] = (u32)cpu;
		irq_data_update_effective_affinity(d, cpumask_of(cpu));
	}
	its_inc_lpi_count(gic, (u32)cpu);
	/* The message is unchanged: nothing to write into the device. */
	return IRQ_SET_MASK_OK_DONE;
}

static void its_irq_compose_msi_msg(struct irq_data *d, struct msi_msg *msg)
{
	struct its_device *its_dev = irq_data_get_irq_chip_data(d);
	u64 addr = its_dev->gic->its_base + GITS_TRANSLATER;

	msg->address_lo = (u32)addr;
	msg->address_hi = (u32)(addr >> 32);
	msg->data = its_get_event_id(d);
}

static int its_irq_set_irqchip_state(struct irq_data *d, enum irqchip_irq_state which,
				     bool state)
{
	struct its_device *its_dev = irq_data_get_irq_chip_data(d);
	u32 event = its_get_event_id(d);

	if (which != IRQCHIP_STATE_PENDING)
		return -EINVAL;
	/* Only a mapped event can be made pending or cleared. */
	if (its_dev->col_map[event] == ITS_NO_CPU)
		return -EINVAL;
	its_send_event_cmd(its_dev, state ? GITS_CMD_INT : GITS_CMD_CLEAR, event);
	return 0;
}

static int its_irq_retrigger(struct irq_data *d)
{
	return !its_irq_set_irqchip_state(d, IRQCHIP_STATE_PENDING, true);
}

static const struct irq_chip its_irq_chip = {
	.name = "ITS",
	.irq_mask = its_mask_irq,
	.irq_unmask = its_unmask_irq,
	.irq_eoi = irq_chip_eoi_parent,
	.irq_set_affinity = its_set_affinity,
	.irq_compose_msi_msg = its_irq_compose_msi_msg,
	.irq_set_irqchip_state = its_irq_set_irqchip_state,
	.irq_retrigger = its_irq_retrigger,
};

/* ---- the domain -------------------------------------------------------------- */

static int its_irq_gic_domain_alloc(struct irq_domain *domain, unsigned int virq,
				    irq_hw_number_t hwirq)
{
	struct irq_fwspec fwspec = {
		.fwnode = domain->parent->fwnode,
		.param_count = 3,
		.param = { GIC_IRQ_TYPE_LPI, (u32)hwirq, IRQ_TYPE_EDGE_RISING },
	};

	return irq_domain_alloc_irqs_parent(domain, virq, 1, &fwspec);
}

static int its_irq_domain_alloc(struct irq_domain *domain, unsigned int virq,
				unsigned int nr_irqs, void *args)
{
	msi_alloc_info_t *info = args;
	struct its_device *its_dev = info ? info->data : NULL;
	struct irqlab_gic *gic = msi_get_domain_info(domain)->data;
	unsigned int i, order = gic_roundup_pow_of_two(nr_irqs);
	int event, err;

	if (!gic || !its_dev)
		return -EINVAL;
	irqlab_lock_acquire(&gic->dev_lock);
	event = gic_find_free_area(its_dev->event_map, its_dev->nr_lpis, order, order);
	if (event >= 0)
		gic_assign_bits(its_dev->event_map, (unsigned int)event, order, true);
	irqlab_lock_release(&gic->dev_lock);
	if (event < 0)
		return -ENOSPC;

	for (i = 0; i < nr_irqs; i++) {
		irq_hw_number_t hwirq = its_dev->lpi_base + (unsigned int)event + i;
		struct irq_data *irqd;

		err = its_irq_gic_domain_alloc(domain, virq + i, hwirq);
		if (err) {
			/* The core frees the levels already set up (free below). */
			while (i--)
				irq_domain_free_irqs_parent(domain, virq + i, 1);
			irqlab_lock_acquire(&gic->dev_lock);
			gic_assign_bits(its_dev->event_map, (unsigned int)event, order, false);
			irqlab_lock_release(&gic->dev_lock);
			return err;
		}
		irq_domain_set_hwirq_and_chip(domain, virq + i, hwirq, &its_irq_chip, its_dev);
		irqd = irq_domain_get_irq_data(domain, virq + i);
		irqd_set_single_target(irqd);
		irqd_set_affinity_on_activate(irqd);
		irqd_set_resend_when_in_progress(irqd);
	}
	return 0;
}

static void its_irq_domain_free(struct irq_domain *domain, unsigned int virq,
				unsigned int nr_irqs)
{
	struct irq_data *d = irq_domain_get_irq_data(domain, virq);
	struct irqlab_gic *gic = domain->host_data ? msi_get_domain_info(domain)->data : NULL;
	struct its_device *its_dev = d ? irq_data_get_irq_chip_data(d) : NULL;
	unsigned int i;

	if (gic && its_dev) {
		irqlab_lock_acquire(&gic->dev_lock);
		gic_assign_bits(its_dev->event_map, its_get_event_id(d),
				gic_roundup_pow_of_two(nr_irqs), false);
		irqlab_lock_release(&gic->dev_lock);
	}
	for (i = 0; i < nr_irqs; i++) {
		struct irq_data *data = irq_domain_get_irq_data(domain, virq + i);

		if (data)
			irq_domain_reset_irq_data(data);
	}
	irq_domain_free_irqs_parent(domain, virq, nr_irqs);
}

static int its_irq_domain_activate(struct irq_domain *domain, struct irq_data *d,
				   bool reserve)
{
	struct its_device *its_dev = irq_data_get_irq_chip_data(d);
	struct irqlab_gic *gic = its_dev->gic;
	u32 event = its_get_event_id(d);
	int cpu;

	/* Reservation mode activates twice: forget the first target. */
	its_dec_lpi_count(gic, its_dev->col_map[event]);
	cpu = its_select_cpu(gic, d, cpu_online_mask);
	if (cpu < 0 || (unsigned int)cpu >= gic->m->nr_cpus) {
		its_dev->col_map[event] = ITS_NO_CPU;
		return -EINVAL;
	}
	its_inc_lpi_count(gic, (u32)cpu);
	its_dev->col_map[event] = (u32)cpu;
	irq_data_update_effective_affinity(d, cpumask_of(cpu));
	/* Map the GIC IRQ and event to the device. */
	its_send_mapti(its_dev, (u32)d->hwirq, event, (u32)cpu);
	return 0;
}

static void its_irq_domain_deactivate(struct irq_domain *domain, struct irq_data *d)
{
	struct its_device *its_dev = irq_data_get_irq_chip_data(d);
	u32 event = its_get_event_id(d);

	if (its_dev->col_map[event] == ITS_NO_CPU)
		return;
	/* Stop the delivery of interrupts. */
	its_send_event_cmd(its_dev, GITS_CMD_DISCARD, event);
	its_dec_lpi_count(its_dev->gic, its_dev->col_map[event]);
	its_dev->col_map[event] = ITS_NO_CPU;
}

static const struct irq_domain_ops its_domain_ops = {
	.alloc = its_irq_domain_alloc,
	.free = its_irq_domain_free,
	.activate = its_irq_domain_activate,
	.deactivate = its_irq_domain_deactivate,
};

/* ---- the MSI parent ------------------------------------------------------------ */

#define ITS_MSI_FLAGS_REQUIRED \
	(MSI_FLAG_USE_DEF_DOM_OPS | MSI_FLAG_USE_DEF_CHIP_OPS | MSI_FLAG_PCI_MSI_MASK_PARENT)
#define ITS_MSI_FLAGS_SUPPORTED                                              \
	(MSI_GENERIC_FLAGS_MASK | MSI_FLAG_PCI_MSIX | MSI_FLAG_MULTI_PCI_MSI | \
	 MSI_FLAG_PCI_MSIX_ALLOC_DYN)

/* The device level's msi_prepare: the DeviceID and a power of two events. */
static int its_pci_msi_prepare(struct irq_domain *domain, struct device *dev, int nvec,
			       msi_alloc_info_t *info)
{
	struct msi_domain_info *msi_info = msi_get_domain_info(domain->parent);
	struct pci_dev *pdev = to_pci_dev(dev);
	unsigned int n, minnvec = 1;

	info->devid = pci_dev_id(pdev);
	/* DeviceID 0 may be a DevID that is not wired: be generous. */
	if (!info->devid)
		minnvec = 32;
	n = gic_roundup_pow_of_two(nvec > 0 ? (unsigned int)nvec : 1);
	if (n < minnvec)
		n = minnvec;
	return msi_info->ops->msi_prepare(domain->parent, dev, (int)n, info);
}

static void its_pci_msi_teardown(struct irq_domain *domain, msi_alloc_info_t *info)
{
	struct msi_domain_info *msi_info = msi_get_domain_info(domain->parent);

	msi_info->ops->msi_teardown(domain->parent, info);
}

/* msi_lib_init_dev_msi_info() and its_init_dev_msi_info() in one. */
static bool its_init_dev_msi_info(struct device *dev, struct irq_domain *domain,
				  struct irq_domain *real_parent, struct msi_domain_info *info)
{
	if (!msi_lib_init_dev_msi_info(dev, domain, real_parent, info))
		return false;
	info->ops->msi_prepare = its_pci_msi_prepare;
	info->ops->msi_teardown = its_pci_msi_teardown;
	return true;
}

static const struct msi_parent_ops gic_v3_its_msi_parent_ops = {
	.supported_flags = ITS_MSI_FLAGS_SUPPORTED,
	.required_flags = ITS_MSI_FLAGS_REQUIRED,
	/* The fasteoi flow ends at the GIC. */
	.chip_flags = MSI_CHIP_FLAG_SET_EOI,
	.bus_select_token = DOMAIN_BUS_NEXUS,
	.prefix = "ITS-",
	.init_dev_msi_info = its_init_dev_msi_info,
};

static void its_domain_exit(struct irq_domain *d)
{
	irq_domain_free_fwnode(d->fwnode);
}

static int its_init_domain(struct irqlab_gic *gic)
{
	struct irq_domain_info dom_info = {
		.ops = &its_domain_ops,
		.parent = gic->domain,
		.exit = its_domain_exit,
	};
	struct irq_domain *d;

	gic->its_msi_ops.msi_prepare = its_msi_prepare;
	gic->its_msi_ops.msi_teardown = its_msi_teardown;
	gic->its_info.ops = &gic->its_msi_ops;
	gic->its_info.data = gic;
	dom_info.host_data = &gic->its_info;
	dom_info.domain_flags = IRQ_DOMAIN_FLAG_ISOLATED_MSI;
	/* The device-tree node "/intc@8000000/its@8080000". */
	dom_info.fwnode = irq_domain_alloc_named_fwnode(":intc@8000000:its@8080000");
	if (!dom_info.fwnode)
		return -ENOMEM;
	d = msi_create_parent_irq_domain(&dom_info, &gic_v3_its_msi_parent_ops);
	if (!d) {
		irq_domain_free_fwnode(dom_info.fwnode);
		return -ENOMEM;
	}
	gic->its_domain = d;
	return 0;
}

/* ---- probe ----------------------------------------------------------------------- */

static int its_dma(struct irqlab_gic *gic, size_t size, size_t align, u64 *pa, void **va)
{
	return irqlab_dma_alloc(gic->m, size, align, pa, va);
}

/* its_alloc_tables(): a flat table for each BASER that asks for one. */
static int its_alloc_tables(struct irqlab_gic *gic)
{
	unsigned int n;
	u64 typer = 0;
	int ret;

	irqlab_its_mmio_read(gic->m, gic->its, GITS_TYPER, 8, &typer);
	for (n = 0; n < GITS_BASER_NR_REGS; n++) {
		u64 v = 0, entries, size, esz, type;

		irqlab_its_mmio_read(gic->m, gic->its, GITS_BASER + 8 * n, 8, &v);
		type = (v >> GITS_BASER_TYPE_SHIFT) & 7;
		esz = ((v >> GITS_BASER_ENTRY_SIZE_SHIFT) & 0x1f) + 1;
		if (type == GITS_BASER_TYPE_DEVICE)
			entries = 1ULL << (((typer >> GITS_TYPER_DEVBITS_SHIFT) & 0x1f) + 1);
		else if (type == GITS_BASER_TYPE_COLLECTION)
			entries = gic->m->nr_cpus;
		else
			continue;
		size = DIV_ROUND_UP(entries * esz, ITS_TABLE_PAGE) * ITS_TABLE_PAGE;
		ret = its_dma(gic, size, ITS_TABLE_PAGE, &gic->tables_pa[n], &gic->tables[n]);
		if (ret)
			return ret;
		gic->baser_type[n] = type;
		irqlab_its_mmio_write(gic->m, gic->its, GITS_BASER + 8 * n, 8,
				      GITS_BASER_VALID | gic->tables_pa[n] |
					      GITS_BASER_PAGE_SIZE_64K |
					      (size / ITS_TABLE_PAGE - 1));
		irqlab_its_mmio_read(gic->m, gic->its, GITS_BASER + 8 * n, 8, &v);
		if (!(v & GITS_BASER_VALID)) {
			pr_err("ITS@0x%016llx: BASER%u not taken\n",
			       (unsigned long long)gic->its_base, n);
			return -ENXIO;
		}
	}
	return 0;
}

/**
 * its_init() - probe the platform's ITS and make it the PCI MSI parent.
 * @gic: the GIC, its root domain created.
 *
 * Return: 0 or a negative errno (its_exit() cleans up).
 */
int its_init(struct irqlab_gic *gic)
{
	unsigned int cpu;
	void *va;
	int ret;

	gic->its_base = IRQLAB_GIC_ITS_BASE;
	ret = irqlab_its_create(gic->m, gic->its_base, ITS_DEVBITS, ITS_IDBITS, &gic->its);
	if (ret)
		return ret;
	ret = its_alloc_tables(gic);
	if (!ret)
		ret = its_dma(gic, ITS_CMD_QUEUE_SZ, ITS_TABLE_PAGE, &gic->cmd_pa, &va);
	if (ret)
		return ret;
	gic->cmd_base = va;
	irqlab_its_mmio_write(gic->m, gic->its, GITS_CBASER, 8,
			      GITS_CBASER_VALID | gic->cmd_pa | (ITS_CMD_QUEUE_SZ / 4096 - 1));
	irqlab_its_mmio_write(gic->m, gic->its, GITS_CWRITER, 8, 0);
	irqlab_its_mmio_write(gic->m, gic->its, GITS_CTLR, 4, GITS_CTLR_ENABLE);
	gic->its_enabled = true;
	ret = its_init_domain(gic);
	if (ret)
		return ret;
	for_each_cpu(cpu, gic->m->online)
		its_cpu_init_collection(gic, cpu);
	return 0;
}

/* Also undoes a partial init. */
void its_exit(struct irqlab_gic *gic)
{
	struct irqlab_machine *m = gic->m;
	unsigned int n;

	if (gic->its_domain) {
		if (gic->its_domain->mapcount)
			gic->its_domain->host_data = NULL;
		else
			irq_domain_remove(gic->its_domain);
		gic->its_domain = NULL;
	}
	/* Devices whose domain was never torn down (leaked by their owner). */
	while (gic->devices)
		its_free_device(gic->devices);
	if (gic->cmd_base)
		irqlab_dma_free(m, gic->cmd_pa);
	for (n = 0; n < GITS_BASER_NR_REGS; n++)
		if (gic->tables[n])
			irqlab_dma_free(m, gic->tables_pa[n]);
	irqlab_its_destroy(gic->its);
	gic->its = NULL;
}

/* ---- queries --------------------------------------------------------------------- */

struct irqlab_its *irqlab_gic_its(struct irqlab_machine *m)
{
	struct irqlab_gic *gic = gic_of(m);

	return gic ? gic->its : NULL;
}

struct irq_domain *irqlab_gic_domain(struct irqlab_machine *m)
{
	struct irqlab_gic *gic = gic_of(m);

	return gic ? gic->domain : NULL;
}

struct irq_domain *irqlab_gic_its_domain(struct irqlab_machine *m)
{
	struct irqlab_gic *gic = gic_of(m);

	return gic ? gic->its_domain : NULL;
}

int irqlab_gic_irq_state(unsigned int irq, struct irqlab_gic_irq_state *st)
{
	struct irqlab_gic *gic = gic_of(irqlab_cur());
	struct irq_desc *desc;
	struct irq_data *d;
	unsigned long flags;
	int ret = -ENOENT;

	if (!gic || !gic->its_domain || !st)
		return -EINVAL;
	desc = irq_get_desc_lock(irq, &flags);
	if (!desc)
		return -EINVAL;
	for (d = &desc->irq_data; d; d = d->parent_data) {
		struct its_device *its_dev;

		if (d->domain != gic->its_domain || !d->chip_data)
			continue;
		its_dev = d->chip_data;
		st->devid = its_dev->device_id;
		st->eventid = its_get_event_id(d);
		st->lpi = (u32)d->hwirq;
		st->icid = its_dev->col_map[st->eventid];
		st->cpu = st->icid;
		ret = 0;
		break;
	}
	irq_put_desc_unlock(desc, flags);
	return ret;
}
