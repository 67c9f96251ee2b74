// SPDX-License-Identifier: MIT
/*
 * The GICv3 root (drivers/irqchip/irq-gic-v3.c analogue, LPI part): the
 * "GICv3" chip and its domain, whose hwirqs are LPI INTIDs; the LPI
 * configuration and pending tables and the per-CPU redistributor and CPU
 * interface setup (its_cpu_init_lpis(), gic_cpu_sys_reg_init()); the
 * interrupt entry, gic_handle_irq(): acknowledge (ICC_IAR1_EL1), dispatch
 * through the domain, and the flow handler's EOI (ICC_EOIR1_EL1, EOImode
 * 0, as in a guest without EL2).  The LPI INTID allocator lives here too.
 */
#include <string.h>

#include "gic_internals.h"
#include "irqlab/trace.h"

/* Bound on one irqlab_cpu_run(): a handler re-raising its LPI livelocks. */
#define GIC_CPU_RUN_MAX 100000

/* ---- the chip and the domain ---------------------------------------------- */

static void gic_eoi_irq(struct irq_data *d)
{
	struct irqlab_gic *gic = d->domain->host_data;

	if (gic)
		irqlab_gic_eoi(gic->m, smp_processor_id(), (u32)d->hwirq);
}

/* LPIs are masked at the ITS level (its_mask_irq()); nothing to do here. */
static void gic_mask_irq(struct irq_data *d)
{
}

static void gic_unmask_irq(struct irq_data *d)
{
}

static const struct irq_chip gic_chip = {
	.name = "GICv3",
	.irq_mask = gic_mask_irq,
	.irq_unmask = gic_unmask_irq,
	.irq_eoi = gic_eoi_irq,
	.flags = IRQCHIP_SET_TYPE_MASKED | IRQCHIP_SKIP_SET_WAKE | IRQCHIP_MASK_ON_SUSPEND,
};

/* Only LPIs exist: fwspec {GIC_IRQ_TYPE_LPI, INTID, type}. */
static int gic_irq_domain_alloc(struct irq_domain *d, unsigned int virq, unsigned int nr_irqs,
				void *arg)
{
	struct irq_fwspec *fwspec = arg;
	irq_hw_number_t hwirq;
	unsigned int i;

	if (!fwspec || fwspec->param_count < 2 || fwspec->param[0] != GIC_IRQ_TYPE_LPI)
		return -EINVAL;
	hwirq = fwspec->param[1];
	if (hwirq < IRQLAB_GIC_LPI_BASE || hwirq + nr_irqs > GIC_NR_IDS)
		return -EINVAL;
	for (i = 0; i < nr_irqs; i++)
		irq_domain_set_info(d, virq + i, hwirq + i, &gic_chip, d->host_data,
				    handle_fasteoi_irq, NULL, NULL);
	return 0;
}

static void gic_irq_domain_free(struct irq_domain *d, unsigned int virq, unsigned int nr_irqs)
{
	unsigned int i;

	for (i = 0; i < nr_irqs; i++) {
		struct irq_data *irqd = irq_domain_get_irq_data(d, virq + i);

		if (irqd)
			irq_domain_reset_irq_data(irqd);
	}
}

static const struct irq_domain_ops gic_irq_domain_ops = {
	.alloc = gic_irq_domain_alloc,
	.free = gic_irq_domain_free,
};

static void gic_domain_exit(struct irq_domain *d)
{
	irq_domain_free_fwnode(d->fwnode);
}

/* ---- LPI INTIDs ------------------------------------------------------------ */

/**
 * its_lpi_alloc() - take @nr consecutive LPI INTIDs.
 * @gic: the GIC.
 * @nr: how many.
 * @base: the first INTID.
 *
 * Context: gic->dev_lock held.
 * Return: 0 or -ENOSPC.
 */
int its_lpi_alloc(struct irqlab_gic *gic, unsigned int nr, u32 *base)
{
	int start = gic_find_free_area(gic->lpi_map, GIC_NR_LPIS, nr, 1);

	if (start < 0)
		return -ENOSPC;
	gic_assign_bits(gic->lpi_map, (unsigned int)start, nr, true);
	*base = IRQLAB_GIC_LPI_BASE + (u32)start;
	return 0;
}

/* Context: gic->dev_lock held. */
void its_lpi_free(struct irqlab_gic *gic, u32 base, unsigned int nr)
{
	gic_assign_bits(gic->lpi_map, base - IRQLAB_GIC_LPI_BASE, nr, false);
}

/* The configuration byte: the kernel writes it, the hardware reads it after an INV. */
void lpi_write_config(struct irqlab_gic *gic, u32 lpi, u8 clr, u8 set)
{
	u8 *cfg = &gic->prop[lpi - IRQLAB_GIC_LPI_BASE];

	__atomic_store_n(cfg, (u8)((*cfg & ~clr) | set | LPI_PROP_GROUP1), __ATOMIC_RELEASE);
}

/* direct_lpi_inv(): GICR_INVLPIR at the LPI's redistributor, then wait for GICR_SYNCR. */
void gic_direct_lpi_inv(struct irqlab_gic *gic, unsigned int cpu, u32 lpi)
{
	u64 v;
	int tries = 1000;

	irqlab_gicr_write(gic->m, cpu, GICR_INVLPIR, 8, lpi);
	while (tries-- && !irqlab_gicr_read(gic->m, cpu, GICR_SYNCR, 4, &v) && (v & 1))
		;
}

/* ---- per-CPU setup --------------------------------------------------------- */

/* gic_enable_redist(): wake the redistributor up. */
static void gic_enable_redist(struct irqlab_gic *gic, unsigned int cpu)
{
	u64 v = 0;

	irqlab_gicr_read(gic->m, cpu, GICR_WAKER, 4, &v);
	v &= ~(u64)GICR_WAKER_ProcessorSleep;
	irqlab_gicr_write(gic->m, cpu, GICR_WAKER, 4, v);
	irqlab_gicr_read(gic->m, cpu, GICR_WAKER, 4, &v);
	if (v & GICR_WAKER_ChildrenAsleep)
		pr_err("GICv3: redistributor failed to wakeup...\n");
}

/*
 * its_cpu_init_lpis(): point the redistributor at the tables and enable
 * LPIs, once; EnableLPIs cannot be cleared again, so a CPU coming back
 * keeps its setup.
 */
static void its_cpu_init_lpis(struct irqlab_gic *gic, unsigned int cpu)
{
	struct gic_rdist *rd = &gic->rd[cpu];
	u64 ctlr = 0;

	if (rd->lpi_enabled)
		return;
	irqlab_gicr_read(gic->m, cpu, GICR_CTLR, 4, &ctlr);
	if (ctlr & GICR_CTLR_ENABLE_LPIS) {
		pr_warn("GICv3: CPU%u: LPIs already enabled\n", cpu);
		rd->lpi_enabled = true;
		return;
	}
	irqlab_gicr_write(gic->m, cpu, GICR_PROPBASER, 8,
			  gic->prop_pa | (GIC_LPI_ID_BITS - 1));
	irqlab_gicr_write(gic->m, cpu, GICR_PENDBASER, 8, rd->pend_pa | GICR_PENDBASER_PTZ);
	irqlab_gicr_write(gic->m, cpu, GICR_CTLR, 4, ctlr | GICR_CTLR_ENABLE_LPIS);
	rd->lpi_enabled = true;
}

/**
 * gic_cpu_init() - what a CPU does with its GIC when it comes up.
 * @gic: the GIC.
 * @cpu: the CPU.
 *
 * Redistributor awake, LPIs on, the priority mask opened to
 * IRQLAB_GIC_DEFAULT_PMR (gic_cpu_sys_reg_init()).
 */
void gic_cpu_init(struct irqlab_gic *gic, unsigned int cpu)
{
	gic_enable_redist(gic, cpu);
	its_cpu_init_lpis(gic, cpu);
	irqlab_gic_pmr_write(gic->m, cpu, IRQLAB_GIC_DEFAULT_PMR);
}

/* ---- the interrupt entry ------------------------------------------------------ */

/* generic_handle_domain_irq(): 0, or -EINVAL when no irq is mapped. */
static int gic_handle_domain_irq(struct irq_domain *d, u32 hwirq)
{
	struct irq_desc *desc = irq_resolve_mapping(d, hwirq);

	if (!desc)
		return -EINVAL;
	return generic_handle_irq_desc(desc);
}

/**
 * gic_handle_irq() - let a CPU take what its CPU interface signals.
 * @gic: the GIC.
 * @cpu: the CPU (this CPU).
 *
 * Each LPI is acknowledged, dispatched (the fasteoi flow writes the EOI)
 * and only then the next one is acknowledged, so priorities hold.  An LPI
 * without an irq is EOIed here (gic_deactivate_unhandled()).
 *
 * Return: the number of LPIs dispatched.
 */
unsigned int gic_handle_irq(struct irqlab_gic *gic, unsigned int cpu)
{
	unsigned int n = 0;
	int irqnr;

	while (n < GIC_CPU_RUN_MAX) {
		irqnr = irqlab_gic_ack(gic->m, cpu);
		if (irqnr < 0 || irqnr == (int)IRQLAB_GIC_SPURIOUS)
			break;
		irqlab_trace_hardirq_enter();
		if (gic_handle_domain_irq(gic->domain, (u32)irqnr)) {
			WARN_ONCE(true, "Unexpected interrupt (irqnr %u)\n", (unsigned int)irqnr);
			irqlab_gic_eoi(gic->m, cpu, (u32)irqnr);
		}
		irqlab_trace_hardirq_exit();
		n++;
	}
	return n;
}

/* ---- init / exit ------------------------------------------------------------- */

static int gic_alloc_tables(struct irqlab_gic *gic)
{
	struct irqlab_machine *m = gic->m;
	unsigned int cpu;
	void *va;
	int ret;

	gic->rd = kcalloc(m->nr_cpus, sizeof(*gic->rd), GFP_KERNEL);
	gic->lpi_map = kcalloc(DIV_ROUND_UP(GIC_NR_LPIS, BITS_PER_LONG), sizeof(long),
			       GFP_KERNEL);
	if (!gic->rd || !gic->lpi_map)
		return -ENOMEM;
	ret = irqlab_dma_alloc(m, GIC_PROP_SIZE, 4096, &gic->prop_pa, &va);
	if (ret)
		return ret;
	gic->prop = va;
	/* Every LPI starts disabled with the default priority. */
	memset(gic->prop, IRQLAB_GIC_LPI_PROP_DISABLED, GIC_PROP_SIZE);
	/* Linux allocates a pending table for each possible CPU at boot. */
	for (cpu = 0; cpu < m->nr_cpus; cpu++) {
		ret = irqlab_dma_alloc(m, GIC_PEND_SIZE, GIC_PEND_ALIGN, &gic->rd[cpu].pend_pa,
				       &va);
		if (ret)
			return ret;
		gic->rd[cpu].pend = va;
	}
	return 0;
}

/**
 * gic_v3_init() - the GICv3 root: tables, domain, the online CPUs' setup.
 * @gic: the GIC, with @gic->m set.
 *
 * Return: 0 or a negative errno (gic_v3_exit() cleans up).
 */
int gic_v3_init(struct irqlab_gic *gic)
{
	struct irq_domain_info info = {
		.hwirq_max = GIC_NR_IDS,
		.ops = &gic_irq_domain_ops,
		.host_data = gic,
		.exit = gic_domain_exit,
	};
	struct irq_domain *d;
	unsigned int cpu;
	int ret;

	ret = irqlab_gic_hw_init(gic->m);
	if (!ret)
		ret = gic_alloc_tables(gic);
	if (ret)
		return ret;
	/* The device-tree node "/intc@8000000", '/' turned into ':'. */
	info.fwnode = irq_domain_alloc_named_fwnode(":intc@8000000");
	if (!info.fwnode)
		return -ENOMEM;
	d = irq_domain_instantiate(&info);
	if (IS_ERR(d)) {
		irq_domain_free_fwnode(info.fwnode);
		return (int)PTR_ERR(d);
	}
	gic->domain = d;
	irq_domain_update_bus_token(d, DOMAIN_BUS_WIRED);
	for_each_cpu(cpu, gic->m->online)
		gic_cpu_init(gic, cpu);
	return 0;
}

/* Also undoes a partial init; domains with irqs left go with the generic teardown. */
void gic_v3_exit(struct irqlab_gic *gic)
{
	struct irqlab_machine *m = gic->m;
	unsigned int cpu;

	if (gic->domain) {
		if (gic->domain->mapcount)
			gic->domain->host_data = NULL;
		else
			irq_domain_remove(gic->domain);
		gic->domain = NULL;
	}
	if (gic->rd)
		for (cpu = 0; cpu < m->nr_cpus; cpu++)
			if (gic->rd[cpu].pend)
				irqlab_dma_free(m, gic->rd[cpu].pend_pa);
	if (gic->prop)
		irqlab_dma_free(m, gic->prop_pa);
	kfree(gic->rd);
	kfree(gic->lpi_map);
}
