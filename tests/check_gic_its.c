// SPDX-License-Identifier: MIT
/*
 * The GIC platform's kernel side driving the emulated GICv3 + ITS: a PCI
 * device's MSI-X vectors through the ITS MSI parent, checked on both sides
 * of the hardware boundary: what the kernel holds (irq state, counts,
 * debugfs and /proc text) and what the hardware holds (the ITS Device
 * table, ITTs and Collection table, the redistributors' pending tables
 * and the LPI configuration table in simulated memory, the MSI-X table
 * read over MMIO, the ITS error log).
 */
#include <stdio.h>
#include <string.h>

#include "pci_fixture.h"
#include "irqlab/gic.h"

#define NQ 4
#define NENT 8				/* MSI-X table size: ITT of 8 events */
#define BDF "0000:00:05.0"
#define DEVID 0x28u			/* bus 0, device 5, function 0 */
#define DOORBELL (IRQLAB_GIC_ITS_BASE + GITS_TRANSLATER)
#define GIC_DOMAIN ":intc@8000000-1"
#define ITS_DOMAIN ":intc@8000000:its@8080000-5"
#define MSIX_DOMAIN "ITS-PCI-MSIX-" BDF "-12"

static struct irqlab_its *its;
static struct irqlab_pci_fn *fn;
static struct pci_dev *dev;
static unsigned int irqs[NQ];
static unsigned int hits[NQ];
/* Set by the test that makes the ITS drop writes on purpose. */
static bool its_errors_expected;

static void setup(void)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 4, .platform = IRQLAB_PLATFORM_GIC };

	tm_create(&cfg);
	its = irqlab_gic_its(tm);
	ck_assert_ptr_nonnull(its);
	memset(hits, 0, sizeof(hits));
	fn = NULL;
	dev = NULL;
	its_errors_expected = false;
}

static void teardown(void)
{
	/* The kernel side never sends a bad command or a stray doorbell write. */
	its = irqlab_gic_its(tm);
	if (its && !its_errors_expected)
		ck_assert_uint_eq(irqlab_its_nr_errors(its), 0);
	tm_destroy();
}

static irqreturn_t handler(int irq, void *ctx)
{
	(*(unsigned int *)ctx)++;
	return IRQ_HANDLED;
}

/* A device with an 8-entry MSI-X table, NQ vectors requested. */
static void probe_and_request(void)
{
	struct irqlab_pci_fn_config cfg = pf_msix_config(BDF, NENT);
	static const char *const names[NQ] = { "q0", "q1", "q2", "q3" };
	unsigned int k;

	dev = pf_probe(&cfg, &fn);
	pci_set_master(dev);
	ck_assert_int_eq(dev->irq, 0);	/* no INTx routing on this platform */
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, NQ, NQ, PCI_IRQ_MSIX), NQ);
	for (k = 0; k < NQ; k++) {
		irqs[k] = (unsigned int)pci_irq_vector(dev, k);
		ck_assert_int_eq(request_irq(irqs[k], handler, 0, names[k], &hits[k]), 0);
	}
}

static void free_all(void)
{
	unsigned int k;

	for (k = 0; k < NQ; k++)
		free_irq(irqs[k], &hits[k]);
	pci_free_irq_vectors(dev);
}

static struct irqlab_gic_irq_state state(unsigned int irq)
{
	struct irqlab_gic_irq_state st;

	ck_assert_int_eq(irqlab_gic_irq_state(irq, &st), 0);
	return st;
}

/* The LPI's byte in the configuration table, read as the hardware does. */
static u8 lpi_config_byte(u32 lpi)
{
	u64 prop = 0;
	u8 b = 0;

	ck_assert_int_eq(irqlab_gicr_read(tm, 0, GICR_PROPBASER, 8, &prop), 0);
	ck_assert_int_eq(irqlab_mem_read(tm, (prop & GICR_PROPBASER_PA_MASK) +
					 (lpi - IRQLAB_GIC_LPI_BASE), &b, 1), 0);
	return b;
}

/* The ITS tables say (devid, event) -> lpi on @cpu's collection, and so does the kernel. */
static void assert_routed(unsigned int irq, unsigned int cpu)
{
	struct irqlab_gic_irq_state st = state(irq);
	struct irqlab_its_ite ite;
	unsigned int target = ~0u;

	ck_assert_int_eq(irqlab_its_event(its, st.devid, st.eventid, &ite), 0);
	ck_assert_uint_eq(ite.pintid, st.lpi);
	ck_assert_uint_eq(ite.icid, cpu);
	ck_assert_int_eq(irqlab_its_collection(its, ite.icid, &target), 0);
	ck_assert_uint_eq(target, cpu);
	ck_assert_uint_eq(st.icid, cpu);
	ck_assert_uint_eq(st.cpu, cpu);
	ck_assert_uint_eq(cpumask_first(irq_data_get_effective_affinity_mask(irq_get_irq_data(irq))), cpu);
	ck_assert_uint_eq(cpumask_weight(irq_data_get_effective_affinity_mask(irq_get_irq_data(irq))), 1);
}

/* Raise MSI-X entry @k and let every CPU run: the handler ran once more, on @cpu. */
static void fire_on(unsigned int k, unsigned int cpu)
{
	unsigned int before = hits[k], c0 = kstat_irqs_cpu(irqs[k], (int)cpu);

	ck_assert_int_eq(irqlab_pci_fn_raise(fn, k), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(hits[k], before + 1);
	ck_assert_uint_eq(kstat_irqs_cpu(irqs[k], (int)cpu), c0 + 1);
	ck_assert_uint_eq(kstat_irqs_usr(irqs[k]), hits[k]);
}

START_TEST(test_boot_state)
{
	unsigned int cpu, target;
	u64 v;

	for (cpu = 0; cpu < 4; cpu++) {
		ck_assert_int_eq(irqlab_gicr_read(tm, cpu, GICR_CTLR, 4, &v), 0);
		ck_assert(v & GICR_CTLR_ENABLE_LPIS);
		ck_assert_int_eq(irqlab_gicr_read(tm, cpu, GICR_PROPBASER, 8, &v), 0);
		ck_assert_uint_eq(v & GICR_PROPBASER_IDBITS_MASK, 15);
		ck_assert_int_eq(irqlab_gic_pmr_read(tm, cpu), IRQLAB_GIC_DEFAULT_PMR);
		/* One collection per CPU, ICID = CPU number. */
		ck_assert_int_eq(irqlab_its_collection(its, cpu, &target), 0);
		ck_assert_uint_eq(target, cpu);
	}
	ck_assert_int_eq(irqlab_its_collection(its, 4, &target), -ENOENT);
	/* Every LPI starts disabled, priority 0xa0, Group1. */
	ck_assert_uint_eq(lpi_config_byte(8192), 0xa2);
	ck_assert_uint_eq(lpi_config_byte(65535), 0xa2);
	ck_assert_int_eq(irqlab_its_mmio_read(tm, its, GITS_CTLR, 4, &v), 0);
	ck_assert(v & GITS_CTLR_ENABLE);
	ck_assert_ptr_nonnull(irqlab_domain_find_by_name(GIC_DOMAIN));
	ck_assert_ptr_nonnull(irqlab_domain_find_by_name(ITS_DOMAIN));
	ck_assert_ptr_eq(irqlab_gic_its_domain(tm), irqlab_domain_find_by_name(ITS_DOMAIN));
	ck_assert_ptr_eq(irqlab_gic_domain(tm), irqlab_domain_find_by_name(GIC_DOMAIN));
	ck_assert_uint_eq(irqlab_its_nr_errors(its), 0);
}
END_TEST

/* AC3: MAPD/MAPTI after allocation, the MSI-X entries, delivery per collection. */
START_TEST(test_map_and_deliver)
{
	struct irqlab_its_dte dte;
	unsigned int k, cpus = 0;

	probe_and_request();
	/* MAPD: the requester ID indexes the Device table, ITT of 8 events. */
	ck_assert_int_eq(irqlab_its_device(its, DEVID, &dte), 0);
	ck_assert_uint_eq(dte.event_bits, 3);
	ck_assert_int_eq(irqlab_its_device(its, DEVID + 1, &dte), -ENOENT);
	for (k = 0; k < NQ; k++) {
		struct irqlab_gic_irq_state st = state(irqs[k]);
		struct pf_entry e = pf_entry(fn, k);
		struct irq_data *d = irq_get_irq_data(irqs[k]);

		ck_assert_uint_eq(st.devid, DEVID);
		ck_assert_uint_eq(st.eventid, k);
		ck_assert_uint_ge(st.lpi, IRQLAB_GIC_LPI_BASE);
		/* MAPTI to the collection of the CPU the kernel picked. */
		assert_routed(irqs[k], st.cpu);
		cpus |= 1u << st.cpu;
		/* The MSI-X entry holds the doorbell and the EventID, unmasked. */
		ck_assert_uint_eq(e.addr_lo, (u32)DOORBELL);
		ck_assert_uint_eq(e.addr_hi, 0);
		ck_assert_uint_eq(e.data, st.eventid);
		ck_assert_uint_eq(e.ctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT, 0);
		/* Unmasked: enabled in the configuration table. */
		ck_assert_uint_eq(lpi_config_byte(st.lpi), 0xa3);
		/* The chain leaf -> ITS -> GICv3, all with the LPI below the leaf. */
		ck_assert_str_eq(d->chip->name, "ITS-PCI-MSIX-" BDF);
		ck_assert_str_eq(d->domain->name, MSIX_DOMAIN);
		ck_assert_str_eq(d->parent_data->chip->name, "ITS");
		ck_assert_str_eq(d->parent_data->domain->name, ITS_DOMAIN);
		ck_assert_uint_eq(d->parent_data->hwirq, st.lpi);
		ck_assert_str_eq(d->parent_data->parent_data->chip->name, "GICv3");
		ck_assert_str_eq(d->parent_data->parent_data->domain->name, GIC_DOMAIN);
		ck_assert_uint_eq(d->parent_data->parent_data->hwirq, st.lpi);
	}
	/* Least loaded first: the four queues land on four CPUs. */
	ck_assert_uint_eq(cpus, 0xf);
	/* Delivery to the CPU of the event's collection, through the doorbell. */
	for (k = 0; k < NQ; k++)
		fire_on(k, state(irqs[k]).cpu);
	ck_assert_uint_eq(irqlab_its_nr_translations(its), NQ);
	free_all();
	ck_assert_uint_eq(irqlab_its_nr_errors(its), 0);
	ck_assert_no_log("WARNING");
}
END_TEST

/* AC3: MOVI on an affinity change; the message never changes. */
START_TEST(test_affinity_movi)
{
	struct irqlab_gic_irq_state st0, st;
	struct pf_entry e0, e;
	unsigned int to;

	probe_and_request();
	st0 = state(irqs[0]);
	e0 = pf_entry(fn, 0);
	to = (st0.cpu + 2) % 4;
	pf_wlog_start(dev);
	ck_assert_int_eq(irq_set_affinity(irqs[0], cpumask_of(to)), 0);
	/* Nothing was written into the device: the ITS moved the event. */
	ck_assert_uint_eq(pf_wlog.n, 0);
	pf_wlog_stop(dev);
	st = state(irqs[0]);
	ck_assert_uint_eq(st.lpi, st0.lpi);
	ck_assert_uint_eq(st.eventid, st0.eventid);
	assert_routed(irqs[0], to);
	e = pf_entry(fn, 0);
	ck_assert_mem_eq(&e, &e0, sizeof(e));
	fire_on(0, to);
	ck_assert_uint_eq(kstat_irqs_cpu(irqs[0], (int)st0.cpu), 0);
	free_all();
	ck_assert_uint_eq(irqlab_its_nr_errors(its), 0);
}
END_TEST

/*
 * A move goes to the least-loaded online CPU of the requested mask, however
 * the irq's old mask looked: queue 0 moves from its CPU to {1, 2} while
 * CPU 1 carries queue 1 and CPU 2 nothing, so it lands on CPU 2.
 */
START_TEST(test_affinity_least_loaded)
{
	struct cpumask *m12 = NULL;

	probe_and_request();
	ck_assert_uint_eq(state(irqs[1]).cpu, 1);
	ck_assert_uint_eq(state(irqs[2]).cpu, 2);
	ck_assert_int_eq(irq_set_affinity(irqs[0], cpumask_of(0)), 0);
	ck_assert_int_eq(irq_set_affinity(irqs[2], cpumask_of(3)), 0);
	ck_assert_int_eq(irq_set_affinity(irqs[0], cpumask_of(1)), 0);
	assert_routed(irqs[0], 1);
	/* Now CPU 1 has queues 0 and 1, CPU 2 none: {1,2} must pick CPU 2. */
	ck_assert(zalloc_cpumask_var(&m12, GFP_KERNEL));
	cpumask_set_cpu(1, m12);
	cpumask_set_cpu(2, m12);
	ck_assert_int_eq(irq_set_affinity(irqs[0], m12), 0);
	assert_routed(irqs[0], 2);
	free_cpumask_var(m12);
	free_all();
}
END_TEST

/* AC3: MOVI moves a pending LPI from one redistributor to the other. */
START_TEST(test_movi_moves_pending)
{
	struct irqlab_gic_irq_state st;
	unsigned int from, to;

	probe_and_request();
	st = state(irqs[1]);
	from = st.cpu;
	to = (from + 1) % 4;
	/* The device fires; the CPU has not taken it yet. */
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 1), 0);
	ck_assert_int_eq(irqlab_gicr_lpi_pending(tm, from, st.lpi), 1);
	ck_assert_int_eq(irqlab_gicr_lpi_pending(tm, to, st.lpi), 0);
	ck_assert(irqlab_gic_irq_pending(tm, from));
	ck_assert_int_eq(irq_set_affinity(irqs[1], cpumask_of(to)), 0);
	ck_assert_int_eq(irqlab_gicr_lpi_pending(tm, from, st.lpi), 0);
	ck_assert_int_eq(irqlab_gicr_lpi_pending(tm, to, st.lpi), 1);
	ck_assert_uint_eq(irqlab_cpu_run(tm, from), 0);
	ck_assert_uint_eq(irqlab_cpu_run(tm, to), 1);
	ck_assert_uint_eq(hits[1], 1);
	ck_assert_uint_eq(kstat_irqs_cpu(irqs[1], (int)to), 1);
	ck_assert_int_eq(irqlab_gicr_lpi_pending(tm, to, st.lpi), 0);
	free_all();
}
END_TEST

/* AC3: a disabled LPI stays pending until it is enabled and INV'd. */
START_TEST(test_disabled_lpi_stays_pending)
{
	struct irqlab_gic_irq_state st;
	u8 cfg;

	probe_and_request();
	st = state(irqs[2]);
	/* Mask at once (not lazily): the LPI is disabled in the GIC. */
	irq_set_status_flags(irqs[2], IRQ_DISABLE_UNLAZY);
	disable_irq(irqs[2]);
	ck_assert_uint_eq(lpi_config_byte(st.lpi), 0xa2);
	ck_assert_int_eq(irqlab_gicr_lpi_config(tm, st.cpu, st.lpi, &cfg), -ENOENT);
	/* Made pending (ITS INT): it stays in the pending table, undelivered. */
	ck_assert_int_eq(irq_set_irqchip_state(irqs[2], IRQCHIP_STATE_PENDING, true), 0);
	ck_assert_int_eq(irqlab_gicr_lpi_pending(tm, st.cpu, st.lpi), 1);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(hits[2], 0);
	ck_assert_int_eq(irqlab_gicr_lpi_pending(tm, st.cpu, st.lpi), 1);
	ck_assert(!irqlab_gic_irq_pending(tm, st.cpu));
	/* enable_irq: the byte is enabled and invalidated; the LPI comes in. */
	enable_irq(irqs[2]);
	ck_assert_uint_eq(lpi_config_byte(st.lpi), 0xa3);
	ck_assert_int_eq(irqlab_gicr_lpi_config(tm, st.cpu, st.lpi, &cfg), 0);
	ck_assert_uint_eq(cfg, 0xa3);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(hits[2], 1);
	ck_assert_uint_eq(kstat_irqs_cpu(irqs[2], (int)st.cpu), 1);
	ck_assert_int_eq(irqlab_gicr_lpi_pending(tm, st.cpu, st.lpi), 0);
	/* CLEAR drops a pending LPI. */
	disable_irq(irqs[2]);
	ck_assert_int_eq(irq_set_irqchip_state(irqs[2], IRQCHIP_STATE_PENDING, true), 0);
	ck_assert_int_eq(irq_set_irqchip_state(irqs[2], IRQCHIP_STATE_PENDING, false), 0);
	ck_assert_int_eq(irqlab_gicr_lpi_pending(tm, st.cpu, st.lpi), 0);
	enable_irq(irqs[2]);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(hits[2], 1);
	free_all();
	ck_assert_uint_eq(irqlab_its_nr_errors(its), 0);
}
END_TEST

/* AC3: DISCARD on free, MAPD V=0 when the device (and its MSI domain) goes. */
START_TEST(test_free_discard_unmap)
{
	struct irqlab_gic_irq_state st[NQ];
	struct irqlab_its_ite ite;
	struct irqlab_its_dte dte;
	unsigned int k;

	probe_and_request();
	for (k = 0; k < NQ; k++)
		st[k] = state(irqs[k]);
	/* A pending LPI is dropped by DISCARD. */
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 3), 0);
	ck_assert_int_eq(irqlab_gicr_lpi_pending(tm, st[3].cpu, st[3].lpi), 1);
	free_all();
	for (k = 0; k < NQ; k++) {
		ck_assert_int_eq(irqlab_its_event(its, DEVID, st[k].eventid, &ite), -ENOENT);
		ck_assert_int_eq(irqlab_gicr_lpi_pending(tm, st[k].cpu, st[k].lpi), 0);
		ck_assert_uint_eq(lpi_config_byte(st[k].lpi), 0xa2);
		ck_assert_int_eq(irqlab_gic_irq_state(irqs[k], &st[k]), -EINVAL);
	}
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(hits[3], 0);
	/* The device domain outlives the vectors (6.15+: .msi_teardown()). */
	ck_assert_int_eq(irqlab_its_device(its, DEVID, &dte), 0);
	/* Allocating again reuses the device and its LPIs. */
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	irqs[0] = (unsigned int)pci_irq_vector(dev, 0);
	ck_assert_int_eq(request_irq(irqs[0], handler, 0, "again", &hits[0]), 0);
	ck_assert_uint_eq(state(irqs[0]).lpi, st[0].lpi);
	fire_on(0, state(irqs[0]).cpu);
	free_irq(irqs[0], &hits[0]);
	pci_free_irq_vectors(dev);
	/* Device removal tears the device domain down: MAPD V=0. */
	irqlab_pci_remove(dev);
	ck_assert_int_eq(irqlab_its_device(its, DEVID, &dte), -ENOENT);
	ck_assert_uint_eq(irqlab_its_nr_errors(its), 0);
	ck_assert_no_log("WARNING");
}
END_TEST

/* CPU offline: the generic migration moves irqs with MOVI, pending ones too. */
START_TEST(test_cpu_offline_moves)
{
	struct irqlab_gic_irq_state st;
	unsigned int dying, k;

	probe_and_request();
	st = state(irqs[0]);
	dying = st.cpu;
	/* Pending on the dying CPU's redistributor when it goes. */
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 0), 0);
	ck_assert_int_eq(irqlab_cpu_offline(tm, dying), 0);
	st = state(irqs[0]);
	ck_assert_uint_ne(st.cpu, dying);
	assert_routed(irqs[0], st.cpu);
	ck_assert_int_eq(irqlab_gicr_lpi_pending(tm, dying, st.lpi), 0);
	ck_assert_int_eq(irqlab_gicr_lpi_pending(tm, st.cpu, st.lpi), 1);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(hits[0], 1);
	ck_assert_uint_eq(kstat_irqs_cpu(irqs[0], (int)st.cpu), 1);
	for (k = 0; k < NQ; k++)
		ck_assert_uint_ne(state(irqs[k]).cpu, dying);
	fire_on(0, st.cpu);
	/* Back online: its collection is mapped again, irqs can go there. */
	ck_assert_int_eq(irqlab_cpu_online(tm, dying), 0);
	ck_assert_int_eq(irq_set_affinity(irqs[0], cpumask_of(dying)), 0);
	assert_routed(irqs[0], dying);
	fire_on(0, dying);
	free_all();
	ck_assert_uint_eq(irqlab_its_nr_errors(its), 0);
	ck_assert_no_log("WARNING");
}
END_TEST

/* A CPU that was never online gets its redistributor and collection when it comes up. */
START_TEST(test_late_cpu)
{
	struct irqlab_machine_config cfg = {
		.nr_cpus = 4, .nr_present = 4, .nr_online = 2, .platform = IRQLAB_PLATFORM_GIC };
	unsigned int target;
	u64 v;

	tm_destroy();
	tm_create(&cfg);
	its = irqlab_gic_its(tm);
	ck_assert_int_eq(irqlab_its_collection(its, 3, &target), -ENOENT);
	ck_assert_int_eq(irqlab_gicr_read(tm, 3, GICR_CTLR, 4, &v), 0);
	ck_assert(!(v & GICR_CTLR_ENABLE_LPIS));
	ck_assert_int_eq(irqlab_cpu_online(tm, 3), 0);
	ck_assert_int_eq(irqlab_its_collection(its, 3, &target), 0);
	ck_assert_uint_eq(target, 3);
	ck_assert_int_eq(irqlab_gicr_read(tm, 3, GICR_CTLR, 4, &v), 0);
	ck_assert(v & GICR_CTLR_ENABLE_LPIS);
	ck_assert_int_eq(irqlab_gic_pmr_read(tm, 3), IRQLAB_GIC_DEFAULT_PMR);
	probe_and_request();
	ck_assert_int_eq(irq_set_affinity(irqs[1], cpumask_of(3)), 0);
	assert_routed(irqs[1], 3);
	fire_on(1, 3);
	free_all();
	ck_assert_uint_eq(irqlab_its_nr_errors(its), 0);
}
END_TEST

/* Multi-MSI: an aligned block of events; the device ORs the vector into the data. */
START_TEST(test_multi_msi)
{
	struct irqlab_pci_fn_config cfg = pf_msi_config("0000:00:06.0", 4, true, true);
	struct irqlab_gic_irq_state st0;
	unsigned int k;

	dev = pf_probe(&cfg, &fn);
	pci_set_master(dev);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 4, 4, PCI_IRQ_MSI), 4);
	for (k = 0; k < 4; k++) {
		irqs[k] = (unsigned int)pci_irq_vector(dev, k);
		ck_assert_int_eq(request_irq(irqs[k], handler, 0, "msi", &hits[k]), 0);
	}
	st0 = state(irqs[0]);
	ck_assert_uint_eq(st0.devid, 0x30);
	ck_assert_uint_eq(st0.eventid, 0);
	ck_assert_uint_eq(pf_cfg(fn, dev->msi_cap + PCI_MSI_ADDRESS_LO, 4), (u32)DOORBELL);
	for (k = 0; k < 4; k++) {
		struct irqlab_gic_irq_state st = state(irqs[k]);

		ck_assert_uint_eq(st.eventid, k);
		ck_assert_uint_eq(st.lpi, st0.lpi + k);
		assert_routed(irqs[k], st.cpu);
		fire_on(k, st.cpu);
	}
	for (k = 0; k < 4; k++)
		free_irq(irqs[k], &hits[k]);
	pci_free_irq_vectors(dev);
	ck_assert_uint_eq(irqlab_its_nr_errors(its), 0);
}
END_TEST

/* Bad doorbell writes are dropped and recorded; the kernel side causes none. */
START_TEST(test_bad_writes_recorded)
{
	struct irqlab_its_error e;
	unsigned int k;

	its_errors_expected = true;
	probe_and_request();
	ck_assert_uint_eq(irqlab_its_nr_errors(its), 0);
	/* EventID 9 is beyond the device's 8-event ITT: dropped, nothing runs. */
	ck_assert_int_eq(irqlab_bus_write_rid(tm, DOORBELL, 9, DEVID), 0);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);
	ck_assert_uint_eq(irqlab_its_nr_errors(its), 1);
	ck_assert_int_eq(irqlab_its_get_error(its, 1, &e), 0);
	ck_assert_int_eq(e.source, IRQLAB_ITS_SRC_TRANSLATE);
	ck_assert_int_eq(e.reason, IRQLAB_ITS_ERR_EVENTID_RANGE);
	ck_assert_uint_eq(e.devid, DEVID);
	ck_assert_uint_eq(e.eventid, 9);
	for (k = 0; k < NQ; k++)
		ck_assert_uint_eq(hits[k], 0);
	free_all();
	ck_assert_uint_eq(irqlab_its_nr_errors(its), 1);
}
END_TEST

static bool file_has(const char *path, const char *text)
{
	struct seq_file s;
	bool ret;

	seq_init(&s);
	ck_assert_int_eq(irqlab_vfs_read(tm, path, &s), 0);
	ret = strstr(seq_text(&s), text) != NULL;
	if (!ret)
		fprintf(stderr, "%s lacks \"%s\":\n%s\n", path, text, seq_text(&s));
	seq_release_buf(&s);
	return ret;
}

/* /proc/interrupts and debugfs show the ITS and GIC levels. */
START_TEST(test_observability)
{
	char path[128], row[128];

	probe_and_request();
	/* arm64 shows the trigger (GENERIC_IRQ_SHOW_LEVEL), no flow name. */
	snprintf(row, sizeof(row), "ITS-PCI-MSIX-" BDF "   0 Edge      q0");
	ck_assert(file_has("/proc/interrupts", row));
	snprintf(path, sizeof(path), "/sys/kernel/debug/irq/domains/%s", MSIX_DOMAIN);
	ck_assert(file_has(path, "name:   " MSIX_DOMAIN));
	ck_assert(file_has(path, "name:   " ITS_DOMAIN));
	ck_assert(file_has(path, "name:   " GIC_DOMAIN));
	ck_assert(file_has("/sys/kernel/debug/irq/domains/" ITS_DOMAIN, "MSI_PARENT"));
	snprintf(path, sizeof(path), "/sys/kernel/debug/irq/irqs/%u", irqs[0]);
	ck_assert(file_has(path, "chip:    ITS-PCI-MSIX-" BDF));
	ck_assert(file_has(path, "chip:    ITS\n"));
	ck_assert(file_has(path, "chip:    GICv3\n"));
	ck_assert(file_has(path, "domain:  " ITS_DOMAIN));
	ck_assert(file_has(path, "domain:  " GIC_DOMAIN));
	snprintf(path, sizeof(path), "/sys/kernel/irq/%u/chip_name", irqs[0]);
	ck_assert(file_has(path, "ITS-PCI-MSIX-" BDF));
	free_all();
}
END_TEST

/* Every allocation failure of the platform's init fails creation cleanly. */
START_TEST(test_init_alloc_failures)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 4, .platform = IRQLAB_PLATFORM_GIC };
	struct irqlab_machine *m;
	unsigned long nth;
	long live;
	bool hit;
	int ret;

	tm_destroy();
	live = irqlab_alloc_live();
	for (nth = 1;; nth++) {
		m = NULL;
		irqlab_fail_nth_alloc(nth);
		ret = irqlab_machine_create(&cfg, &m);
		hit = irqlab_alloc_fault_hit();
		irqlab_fail_nth_alloc(0);
		if (!hit) {
			ck_assert_int_eq(ret, 0);
			irqlab_machine_destroy(m);
			break;
		}
		if (!ret)	/* the failure was absorbed somewhere harmless */
			irqlab_machine_destroy(m);
		else
			ck_assert_ptr_null(m);
		ck_assert_int_eq(irqlab_alloc_live(), live);
	}
	ck_assert_uint_gt(nth, 10);
	setup();
}
END_TEST

/* Off the GIC platform the queries answer nothing. */
START_TEST(test_queries_off_platform)
{
	struct irqlab_gic_irq_state st;

	tm_destroy();
	tm_create(NULL);
	ck_assert_ptr_null(irqlab_gic_its(tm));
	ck_assert_ptr_null(irqlab_gic_its_domain(tm));
	ck_assert_int_eq(irqlab_gic_irq_state(1, &st), -EINVAL);
	tm_destroy();
	setup();
	ck_assert_int_eq(irqlab_gic_irq_state(12345, &st), -EINVAL);
	ck_assert_int_eq(irqlab_gic_irq_state(1, NULL), -EINVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("gic_its");
	TCase *tc = tcase_create("its");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_boot_state);
	tcase_add_test(tc, test_map_and_deliver);
	tcase_add_test(tc, test_affinity_movi);
	tcase_add_test(tc, test_movi_moves_pending);
	tcase_add_test(tc, test_disabled_lpi_stays_pending);
	tcase_add_test(tc, test_free_discard_unmap);
	tcase_add_test(tc, test_cpu_offline_moves);
	tcase_add_test(tc, test_late_cpu);
	tcase_add_test(tc, test_multi_msi);
	tcase_add_test(tc, test_bad_writes_recorded);
	tcase_add_test(tc, test_affinity_least_loaded);
	tcase_add_test(tc, test_observability);
	tcase_add_test(tc, test_queries_off_platform);
	tcase_add_test(tc, test_init_alloc_failures);
	suite_add_tcase(s, tc);
	return tm_run_suite(s);
}
