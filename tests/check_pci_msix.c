// SPDX-License-Identifier: MIT
/*
 * PCI MSI-X on x86, checked from both sides of the hardware boundary:
 * what the kernel holds (irq_data flags, vector level, matrix counts) and
 * what the device holds (table entries and PBA read back over MMIO,
 * registers over configuration reads).
 */
#include <stdio.h>
#include <string.h>

#include "pci_fixture.h"
#include "irqlab/matrix.h"

#define NQ 4
#define ENTRY(k) (PF_MANA_TABLE + 16ULL * (k))
#define CTRL(k) (ENTRY(k) + PCI_MSIX_ENTRY_VECTOR_CTRL)
#define MSIX_DOMAIN "PCI-MSIX-0000:00:05.0-12"
#define MSIX_CHIP "PCI-MSIX-0000:00:05.0"

static struct irqlab_pci_fn *fn;
static struct pci_dev *dev;

static void setup(void)
{
	struct irqlab_pci_fn_config cfg = pf_mana_config();

	x86_setup();
	dev = pf_probe(&cfg, &fn);
	pci_set_master(dev);
}

static unsigned int cpu_avail(unsigned int cpu)
{
	return irqlab_matrix_cpu_available(x86_mx(), cpu);
}

static unsigned int cpu_alloc(unsigned int cpu)
{
	return irqlab_matrix_cpu_allocated(x86_mx(), cpu);
}

/* The CPU the matrix picks for a non-managed vector: most room, lowest on a tie. */
static unsigned int best_cpu(void)
{
	unsigned int cpu, best = 0;

	for (cpu = 1; cpu < 4; cpu++)
		if (cpu_avail(cpu) > cpu_avail(best))
			best = cpu;
	return best;
}

static void assert_entry(unsigned int k, u32 addr, u32 data, u32 ctrl)
{
	struct pf_entry e = pf_entry(fn, k);

	ck_assert_msg(e.addr_lo == addr && e.addr_hi == 0 && e.data == data && e.ctrl == ctrl,
		      "entry %u: {%08x %08x %08x %08x}, want {%08x 0 %08x %08x}", k, e.addr_lo,
		      e.addr_hi, e.data, e.ctrl, addr, data, ctrl);
}

/* Phase 1: vectors reserved, entries point at the shutdown vector, masked. */
static void check_allocated(const struct irqlab_matrix_stats *ms0, unsigned int *irqs)
{
	struct irqlab_matrix_stats ms = x86_mstats();
	unsigned int k, list[NQ + 1];

	ck_assert_uint_eq(pf_msix_ctrl(dev), PCI_MSIX_FLAGS_ENABLE | (PF_MANA_ENTRIES - 1));
	ck_assert(pf_command(dev) & PCI_COMMAND_INTX_DISABLE);
	ck_assert(dev->msix_enabled && !dev->msi_enabled);
	for (k = 0; k < NQ; k++) {
		int irq = pci_irq_vector(dev, k);
		struct irq_data *d;
		struct irqlab_x86_irq_state st;

		ck_assert_int_gt(irq, 0);
		irqs[k] = (unsigned int)irq;
		d = irq_get_irq_data(irqs[k]);
		ck_assert_uint_eq(d->hwirq, k);
		ck_assert_str_eq(d->domain->name, MSIX_DOMAIN);
		ck_assert_str_eq(d->chip->name, MSIX_CHIP);
		ck_assert_ptr_eq(d->parent_data->domain, x86_vd());
		ck_assert_ptr_eq(irq_get_msi_desc(irqs[k])->dev, &dev->dev);
		/* Reservation mode: activated early, then marked inactive again. */
		ck_assert(!irqd_is_activated(d) && irqd_can_reserve(d) && !irqd_is_started(d));
		ck_assert(irqd_irq_masked(d) && irqd_irq_disabled(d));
		ck_assert(!irqd_affinity_is_managed(d));
		st = x86_state(irqs[k]);
		ck_assert(st.has_reserved && st.can_reserve && !st.vector);
		ck_assert_uint_eq(st.cfg_vector, MANAGED_IRQ_SHUTDOWN_VECTOR);
		assert_entry(k, pf_msg_addr(0), MANAGED_IRQ_SHUTDOWN_VECTOR, 1);
	}
	assert_entry(NQ, 0, 0, 1);
	ck_assert_int_eq(pci_irq_vector(dev, NQ), -EINVAL);
	/* Only a global reservation per vector; nothing allocated on a CPU. */
	ck_assert_uint_eq(ms.global_reserved, ms0->global_reserved + NQ);
	ck_assert_uint_eq(ms.total_allocated, ms0->total_allocated);
	ck_assert_int_eq(irqlab_pci_msi_irqs(dev, list, NQ + 1), NQ);
	for (k = 0; k < NQ; k++)
		ck_assert_uint_eq(list[k], irqs[k]);
	ck_assert_str_eq(irqlab_pci_msi_mode(dev), "msix");
}

/*
 * Phases 2-6 for queue @k: request_irq activates (VECTOR assigns, root
 * first), composes, writes the entry, and unmasks it last.
 */
static void request_queue(unsigned int k, unsigned int irq, unsigned int *cpu_out,
			  unsigned int *vec_out)
{
	struct irqlab_matrix_stats before = x86_mstats(), after;
	unsigned int want = best_cpu(), alloc_before = cpu_alloc(want), owner;
	struct irqlab_x86_irq_state st;
	struct irq_data *d = irq_get_irq_data(irq);
	struct msi_msg msg;
	int data_w, ctrl_w;

	pf_wlog_start(dev);
	ck_assert_int_eq(x86_request(irq), 0);
	pf_wlog_stop(dev);

	st = x86_state(irq);
	ck_assert_uint_eq(st.cpu, want);
	ck_assert(st.vector >= FIRST_EXTERNAL_VECTOR && st.vector < FIRST_SYSTEM_VECTOR);
	ck_assert(!st.has_reserved);
	ck_assert(irqd_is_activated(d) && irqd_is_started(d));
	ck_assert(!irqd_irq_masked(d) && !irqd_irq_disabled(d));
	ck_assert(cpumask_equal(irq_data_get_effective_affinity_mask(d), cpumask_of(st.cpu)));
	ck_assert_int_eq(x86_table(st.cpu, st.vector, &owner), IRQLAB_VECTOR_IRQ);
	ck_assert_uint_eq(owner, irq);

	/* irq_chip_compose_msi_msg: the parent's message for that vector/CPU. */
	ck_assert_int_eq(irq_chip_compose_msi_msg(d, &msg), 0);
	ck_assert_uint_eq(msg.address_lo, pf_msg_addr(st.cpu));
	ck_assert_uint_eq(msg.data, pf_msg_data(st.vector));
	/* pci_write_msi_msg then pci_msi_unmask_irq: data written, unmask last. */
	assert_entry(k, pf_msg_addr(st.cpu), st.vector, 0);
	data_w = pf_wlog_find(0, IRQLAB_PCI_SPACE_MMIO, ENTRY(k) + PCI_MSIX_ENTRY_DATA);
	ck_assert_int_ge(data_w, 0);
	ck_assert_uint_eq(pf_wlog.w[data_w].val, st.vector);
	ctrl_w = pf_wlog_find((unsigned int)data_w, IRQLAB_PCI_SPACE_MMIO, CTRL(k));
	ck_assert_int_gt(ctrl_w, data_w);
	ck_assert_uint_eq(pf_wlog.w[ctrl_w].val, 0);
	ck_assert_int_eq(ctrl_w, (int)pf_wlog.n - 1);
	ck_assert_uint_eq(irq_get_msi_desc(irq)->msg.data, st.vector);

	after = x86_mstats();
	ck_assert_uint_eq(after.global_reserved, before.global_reserved - 1);
	ck_assert_uint_eq(after.total_allocated, before.total_allocated + 1);
	ck_assert_uint_eq(cpu_alloc(want), alloc_before + 1);
	*cpu_out = st.cpu;
	*vec_out = st.vector;
}

/* Phase 7: the device's memory write reaches the LAPIC, the CPU runs it. */
static void fire_and_run(unsigned int k, unsigned int irq, unsigned int cpu, unsigned int vec,
			 unsigned int hits)
{
	struct irqlab_pci_fn_stats s0 = pf_stats(fn), s1;

	ck_assert_int_eq(irqlab_pci_fn_raise(fn, k), 0);
	s1 = pf_stats(fn);
	ck_assert_uint_eq(s1.msgs_sent, s0.msgs_sent + 1);
	ck_assert(x86_irr(cpu, vec));
	irqlab_run_until_idle(tm);
	ck_assert(!x86_irr(cpu, vec));
	ck_assert_uint_eq(x86_hits[irq], hits);
	ck_assert_uint_eq(x86_hit_cpu[irq], cpu);
}

/*
 * Move queue 0 to @newcpu: the chip is MOVE_DEFERRED, so the move waits
 * for the next interrupt (on the old CPU), which rewrites the entry; the
 * interrupt after that lands on the new CPU and frees the old vector.
 */
static void move_queue0(unsigned int irq, unsigned int oldcpu, unsigned int oldvec,
			unsigned int newcpu)
{
	unsigned int old_alloc = cpu_alloc(oldcpu), new_alloc = cpu_alloc(newcpu);
	struct irq_data *d = irq_get_irq_data(irq);
	struct irqlab_x86_irq_state st;
	int w1, w2;

	ck_assert_int_eq(irq_set_affinity(irq, cpumask_of(newcpu)), 0);
	ck_assert(irqd_is_setaffinity_pending(d));
	assert_entry(0, pf_msg_addr(oldcpu), oldvec, 0);

	pf_wlog_start(dev);
	fire_and_run(0, irq, oldcpu, oldvec, 2);
	pf_wlog_stop(dev);
	ck_assert(!irqd_is_setaffinity_pending(d));
	st = x86_state(irq);
	ck_assert_uint_eq(st.cpu, newcpu);
	ck_assert(st.move_in_progress);
	ck_assert_uint_eq(st.prev_vector, oldvec);
	ck_assert_uint_eq(st.prev_cpu, oldcpu);
	assert_entry(0, pf_msg_addr(newcpu), st.vector, 0);
	/* Masked around the update; new vector on the old CPU first. */
	ck_assert_uint_eq(pf_wlog.w[0].off, CTRL(0));
	ck_assert_uint_eq(pf_wlog.w[0].val, 1);
	w1 = pf_wlog_find(0, IRQLAB_PCI_SPACE_MMIO, ENTRY(0) + PCI_MSIX_ENTRY_DATA);
	ck_assert_int_ge(w1, 0);
	ck_assert_uint_eq(pf_wlog.w[w1].val, st.vector);
	ck_assert_uint_eq(pf_wlog.w[w1 - 2].val, pf_msg_addr(oldcpu));
	w2 = pf_wlog_find((unsigned int)w1, IRQLAB_PCI_SPACE_MMIO, ENTRY(0));
	ck_assert_int_gt(w2, w1);
	ck_assert_uint_eq(pf_wlog.w[w2].val, pf_msg_addr(newcpu));
	ck_assert_uint_eq(pf_wlog.w[pf_wlog.n - 1].off, CTRL(0));
	ck_assert_uint_eq(pf_wlog.w[pf_wlog.n - 1].val, 0);
	/* Both vectors are held until the device proves it uses the new one. */
	ck_assert_uint_eq(cpu_alloc(newcpu), new_alloc + 1);
	ck_assert_uint_eq(cpu_alloc(oldcpu), old_alloc);

	fire_and_run(0, irq, newcpu, st.vector, 3);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, (int)newcpu), 1);
	st = x86_state(irq);
	ck_assert(!st.move_in_progress && !st.prev_vector && !st.cleanup_pending);
	ck_assert_uint_eq(cpu_alloc(oldcpu), old_alloc - 1);
	ck_assert_int_eq(x86_table(oldcpu, oldvec, NULL), IRQLAB_VECTOR_UNUSED);
	ck_assert(cpumask_equal(irq_data_get_effective_affinity_mask(d), cpumask_of(newcpu)));
}

static void free_queue(unsigned int k, unsigned int irq)
{
	struct irq_data *d = irq_get_irq_data(irq);
	unsigned int reserved = x86_mstats().global_reserved;

	x86_free(irq);
	/* Masked, then deactivated: the entry holds the all-zero message. */
	assert_entry(k, 0, 0, 1);
	ck_assert(!irqd_is_activated(d) && !irqd_is_started(d));
	ck_assert(x86_state(irq).has_reserved);
	ck_assert_uint_eq(x86_mstats().global_reserved, reserved + 1);
}

START_TEST(test_lifecycle_1024)
{
	struct pf_snapshot s0, s1;
	unsigned int irqs[NQ], cpu[NQ], vec[NQ], k;
	char dom[1024], *p;
	size_t len;

	pf_snapshot_take(&s0, fn);
	/* Phase 1: pci_alloc_irq_vectors. */
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, NQ, NQ, PCI_IRQ_MSIX), NQ);
	check_allocated(&s0.ms, irqs);
	/* Phases 2-6: request_irq of each queue; they spread over the CPUs. */
	for (k = 0; k < NQ; k++)
		request_queue(k, irqs[k], &cpu[k], &vec[k]);
	for (k = 1; k < NQ; k++)
		ck_assert_uint_ne(cpu[k], cpu[k - 1]);
	/* Phase 7: runtime delivery on each effective CPU. */
	for (k = 0; k < NQ; k++) {
		fire_and_run(k, irqs[k], cpu[k], vec[k], 1);
		ck_assert_uint_eq(kstat_irqs_cpu(irqs[k], (int)cpu[k]), 1);
	}
	x86_assert_no_isr();
	move_queue0(irqs[0], cpu[0], vec[0], (cpu[0] + 2) % 4);

	/* Phase 8: free_irq, then pci_free_irq_vectors. */
	for (k = 0; k < NQ; k++)
		free_queue(k, irqs[k]);
	pci_free_irq_vectors(dev);
	ck_assert(!dev->msix_enabled);
	ck_assert_int_eq(pci_irq_vector(dev, 0), (int)dev->irq);
	for (k = 0; k < NQ; k++)
		ck_assert_ptr_null(irq_to_desc(irqs[k]));
	ck_assert_int_eq(irqlab_pci_msi_irqs(dev, NULL, 0), 0);
	pf_snapshot_take(&s1, fn);
	pf_snapshot_assert_equal(&s0, &s1);
	/* The device domain stays until the device goes, as in the kernel. */
	p = strstr(s1.domains, MSIX_DOMAIN " ");
	ck_assert_ptr_nonnull(p);
	len = strlen(MSIX_DOMAIN " ");
	snprintf(dom, sizeof(dom), "%.*s%s", (int)(p - s1.domains), s1.domains, p + len);
	ck_assert_str_eq(dom, s0.domains);
	ck_assert_ptr_null(irqlab_domain_find_by_name(MSIX_DOMAIN "x"));
	irqlab_pci_remove(dev);
	pf_domain_list(dom, sizeof(dom));
	ck_assert_str_eq(dom, s0.domains);
	ck_assert_no_log("WARNING");
	pf_snapshot_free(&s0);
	pf_snapshot_free(&s1);
}
END_TEST

/*
 * The kernel's MSI-X enable sequence: Enable with Function Mask, program
 * the entries, disable INTx, mask every entry, clear Function Mask.
 */
START_TEST(test_setup_order)
{
	unsigned int ctrl_off = dev->msix_cap + PCI_MSIX_FLAGS, k;
	int first, entry, intx, mask0, last;

	pf_wlog_start(dev);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, NQ, PCI_IRQ_MSIX), NQ);
	pf_wlog_stop(dev);

	first = pf_wlog_find(0, IRQLAB_PCI_SPACE_CFG, ctrl_off);
	ck_assert_int_eq(first, 0);
	ck_assert_uint_eq(pf_wlog.w[0].val & (PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL),
			  PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
	entry = pf_wlog_find(0, IRQLAB_PCI_SPACE_MMIO, ENTRY(0));
	intx = pf_wlog_find(0, IRQLAB_PCI_SPACE_CFG, PCI_COMMAND);
	mask0 = pf_wlog_find((unsigned int)intx, IRQLAB_PCI_SPACE_MMIO, CTRL(0));
	last = pf_wlog_find(1, IRQLAB_PCI_SPACE_CFG, ctrl_off);
	ck_assert(first < entry && entry < intx && intx < mask0 && mask0 < last);
	ck_assert(pf_wlog.w[intx].val & PCI_COMMAND_INTX_DISABLE);
	for (k = 0; k < PF_MANA_ENTRIES; k++)
		ck_assert_uint_eq(pf_wlog_count(IRQLAB_PCI_SPACE_MMIO, CTRL(k)), 1);
	ck_assert_int_eq(last, (int)pf_wlog.n - 1);
	ck_assert_uint_eq(pf_wlog.w[last].val, PCI_MSIX_FLAGS_ENABLE | (PF_MANA_ENTRIES - 1));
	pci_free_irq_vectors(dev);
}
END_TEST

/* A masked entry sets its PBA bit; the unmask sends the pending message. */
START_TEST(test_mask_pending_unmask)
{
	struct irqlab_pci_fn_stats st0, st1;
	struct irq_data *d;
	unsigned int irq;

	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 2, 2, PCI_IRQ_MSIX), 2);
	irq = (unsigned int)pci_irq_vector(dev, 1);
	ck_assert_int_eq(x86_request(irq), 0);
	d = irq_get_irq_data(irq);

	pci_msi_mask_irq(d);
	ck_assert_uint_eq(pf_entry(fn, 1).ctrl, 1);
	st0 = pf_stats(fn);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 1), 0);
	st1 = pf_stats(fn);
	ck_assert_uint_eq(st1.msgs_sent, st0.msgs_sent);
	ck_assert_uint_eq(st1.msgs_masked, st0.msgs_masked + 1);
	ck_assert(pf_pba(fn, 1) && !pf_pba(fn, 0));
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 0);

	pci_msi_unmask_irq(d);
	ck_assert_uint_eq(pf_entry(fn, 1).ctrl, 0);
	ck_assert(!pf_pba(fn, 1));
	st1 = pf_stats(fn);
	ck_assert_uint_eq(st1.msgs_pending_released, st0.msgs_pending_released + 1);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 1);
	ck_assert_uint_eq(x86_hit_cpu[irq], x86_state(irq).cpu);
	x86_free(irq);
	pci_free_irq_vectors(dev);
}
END_TEST

/*
 * disable_irq() is lazy: the first interrupt masks the entry at the
 * device; the next one waits in the PBA; enable_irq() unmasks (sending
 * it) and resends the one the core saw while disabled.
 */
START_TEST(test_disable_enable_lazy_mask)
{
	unsigned int irq;

	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	irq = (unsigned int)pci_irq_vector(dev, 0);
	ck_assert_int_eq(x86_request(irq), 0);
	disable_irq(irq);
	ck_assert_uint_eq(pf_entry(fn, 0).ctrl, 0);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 0), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 0);
	ck_assert_uint_eq(pf_entry(fn, 0).ctrl, 1);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 0), 0);
	ck_assert(pf_pba(fn, 0));
	enable_irq(irq);
	ck_assert(!pf_pba(fn, 0));
	ck_assert_uint_eq(pf_entry(fn, 0).ctrl, 0);
	ck_assert(x86_irr(x86_state(irq).cpu, x86_state(irq).vector));
	/* The released message and the resend meet in one IRR bit: one run. */
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 1);
	x86_free(irq);
	pci_free_irq_vectors(dev);
}
END_TEST

/* Function Mask holds every vector; clearing it releases them all. */
START_TEST(test_function_mask)
{
	unsigned int irq[2], k;
	u16 ctrl;

	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 2, 2, PCI_IRQ_MSIX), 2);
	for (k = 0; k < 2; k++) {
		irq[k] = (unsigned int)pci_irq_vector(dev, k);
		ck_assert_int_eq(x86_request(irq[k]), 0);
	}
	pci_read_config_word(dev, dev->msix_cap + PCI_MSIX_FLAGS, &ctrl);
	pci_write_config_word(dev, dev->msix_cap + PCI_MSIX_FLAGS, ctrl | PCI_MSIX_FLAGS_MASKALL);
	for (k = 0; k < 2; k++)
		ck_assert_int_eq(irqlab_pci_fn_raise(fn, k), 0);
	irqlab_run_until_idle(tm);
	for (k = 0; k < 2; k++) {
		ck_assert_uint_eq(x86_hits[irq[k]], 0);
		ck_assert(pf_pba(fn, k));
		/* The entries' own mask bits are untouched. */
		ck_assert_uint_eq(pf_entry(fn, k).ctrl, 0);
	}
	pci_write_config_word(dev, dev->msix_cap + PCI_MSIX_FLAGS, ctrl);
	irqlab_run_until_idle(tm);
	for (k = 0; k < 2; k++) {
		ck_assert_uint_eq(x86_hits[irq[k]], 1);
		ck_assert(!pf_pba(fn, k));
		x86_free(irq[k]);
	}
	pci_free_irq_vectors(dev);
}
END_TEST

/* MANA's dynamic scheme: one vector first, then more at run time. */
START_TEST(test_dynamic_alloc_free)
{
	struct msi_map map[4], again;
	unsigned int k, active;

	ck_assert(pci_msix_can_alloc_dyn(dev));
	/* Not before MSI-X is enabled. */
	map[0] = pci_msix_alloc_irq_at(dev, MSI_ANY_INDEX, NULL);
	ck_assert_int_eq(map[0].index, -ENOTSUPP);
	ck_assert_int_eq(map[0].virq, 0);

	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	for (k = 1; k < 3; k++) {
		map[k] = pci_msix_alloc_irq_at(dev, MSI_ANY_INDEX, NULL);
		ck_assert_int_eq(map[k].index, (int)k);
		ck_assert_int_eq(pci_irq_vector(dev, k), map[k].virq);
		assert_entry(k, pf_msg_addr(0), MANAGED_IRQ_SHUTDOWN_VECTOR, 1);
		ck_assert_str_eq(irq_get_chip((unsigned int)map[k].virq)->name, MSIX_CHIP);
	}
	map[3] = pci_msix_alloc_irq_at(dev, 100, NULL);
	ck_assert_int_eq(map[3].index, 100);

	/* Bad indices change nothing. */
	active = irqlab_nr_active_irqs();
	again = pci_msix_alloc_irq_at(dev, 100, NULL);
	ck_assert_int_eq(again.index, -EBUSY);
	ck_assert_int_eq(again.virq, 0);
	again = pci_msix_alloc_irq_at(dev, PF_MANA_ENTRIES, NULL);
	ck_assert_int_eq(again.index, -ERANGE);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), active);

	/* The added vector works like the others. */
	ck_assert_int_eq(x86_request((unsigned int)map[3].virq), 0);
	assert_entry(100, pf_msg_addr(x86_state((unsigned int)map[3].virq).cpu),
		     x86_state((unsigned int)map[3].virq).vector, 0);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 100), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[map[3].virq], 1);
	x86_free((unsigned int)map[3].virq);

	pci_msix_free_irq(dev, map[3]);
	ck_assert_ptr_null(irq_to_desc((unsigned int)map[3].virq));
	ck_assert_int_eq(pci_irq_vector(dev, 100), -EINVAL);
	assert_entry(100, 0, 0, 1);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), active - 1);
	/* A second free of the same map finds nothing to free. */
	pci_msix_free_irq(dev, map[3]);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), active - 1);
	/* A failed map is refused. */
	pci_msix_free_irq(dev, again);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), active - 1);
	/* The index is free again. */
	map[3] = pci_msix_alloc_irq_at(dev, 100, NULL);
	ck_assert_int_eq(map[3].index, 100);
	pci_free_irq_vectors(dev);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), active - 4);
}
END_TEST

/* PCI_IRQ_AFFINITY: one managed vector per CPU, reserved on it. */
START_TEST(test_managed_affinity)
{
	unsigned int k, irq, managed[4];

	for (k = 0; k < 4; k++)
		managed[k] = irqlab_matrix_cpu_managed(x86_mx(), k);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 8, PCI_IRQ_MSIX | PCI_IRQ_AFFINITY), 4);
	for (k = 0; k < 4; k++) {
		irq = (unsigned int)pci_irq_vector(dev, k);
		ck_assert(cpumask_equal(pci_irq_get_affinity(dev, (int)k), cpumask_of(k)));
		ck_assert(irqd_affinity_is_managed(irq_get_irq_data(irq)));
		ck_assert_uint_eq(irqlab_matrix_cpu_managed(x86_mx(), k), managed[k] + 1);
		ck_assert_int_eq(x86_request(irq), 0);
		ck_assert_uint_eq(x86_state(irq).cpu, k);
		ck_assert_int_eq(irqlab_pci_fn_raise(fn, k), 0);
	}
	irqlab_run_until_idle(tm);
	for (k = 0; k < 4; k++) {
		irq = (unsigned int)pci_irq_vector(dev, k);
		ck_assert_uint_eq(x86_hit_cpu[irq], k);
		x86_free(irq);
	}
	pci_free_irq_vectors(dev);
	for (k = 0; k < 4; k++)
		ck_assert_uint_eq(irqlab_matrix_cpu_managed(x86_mx(), k), managed[k]);
}
END_TEST

/* Two interrupt sets (read/write queues), four vectors each. */
static void two_sets(struct irq_affinity *affd, unsigned int nvecs)
{
	affd->set_size[0] = nvecs < 4 ? nvecs : 4;
	affd->set_size[1] = nvecs - affd->set_size[0];
	affd->nr_sets = affd->set_size[1] ? 2 : 1;
}

/* Leave exactly @free vectors on @cpu. */
static void exhaust_cpu(unsigned int cpu, unsigned int free)
{
	unsigned int n = cpu_avail(cpu) - free;

	ck_assert_int_gt(x86_alloc(n, cpumask_of(cpu)), 0);
	ck_assert_uint_eq(cpu_avail(cpu), free);
}

/* Every entry masked; entries that were set up hold the shutdown vector. */
static void assert_all_masked(void)
{
	unsigned int k;

	for (k = 0; k < PF_MANA_ENTRIES; k++) {
		struct pf_entry e = pf_entry(fn, k);

		ck_assert_uint_eq(e.ctrl, 1);
		ck_assert(e.data == 0 || e.data == MANAGED_IRQ_SHUTDOWN_VECTOR);
	}
}

/*
 * Partial allocation: CPU 3 has room for one vector.  The second set's
 * CPU 3 vector fails, and so does every retry with fewer vectors until
 * the second set is gone: 4 of the 8 vectors asked for.  Entries that
 * were programmed during a failed attempt keep the (masked) shutdown
 * message, as in the kernel: only activated irqs are deactivated.
 */
START_TEST(test_partial_allocation)
{
	struct irq_affinity affd = { .calc_sets = two_sets };
	struct pf_snapshot s0, s1;
	unsigned int k;

	exhaust_cpu(3, 1);
	pf_snapshot_take(&s0, fn);
	/* Fewer than the minimum: -ENOSPC, nothing changes. */
	ck_assert_int_eq(pci_alloc_irq_vectors_affinity(dev, 5, 8,
							PCI_IRQ_MSIX | PCI_IRQ_AFFINITY, &affd),
			 -ENOSPC);
	pf_snapshot_take(&s1, fn);
	pf_snapshot_assert_equal_but_table(&s0, &s1);
	pf_snapshot_free(&s1);
	assert_all_masked();
	ck_assert(!dev->msix_enabled);

	ck_assert_int_eq(pci_alloc_irq_vectors_affinity(dev, 2, 8,
							PCI_IRQ_MSIX | PCI_IRQ_AFFINITY, &affd),
			 4);
	ck_assert_uint_eq(affd.nr_sets, 1);
	for (k = 0; k < 4; k++)
		ck_assert(cpumask_equal(pci_irq_get_affinity(dev, (int)k), cpumask_of(k)));
	ck_assert_int_eq(pci_irq_vector(dev, 4), -EINVAL);
	ck_assert_uint_eq(cpu_avail(3), 0);
	pci_free_irq_vectors(dev);
	pf_snapshot_take(&s1, fn);
	pf_snapshot_assert_equal_but_table(&s0, &s1);
	assert_all_masked();
	pf_snapshot_free(&s0);
	pf_snapshot_free(&s1);
}
END_TEST

/* A move to a CPU without a free vector fails at the next interrupt. */
START_TEST(test_move_to_full_cpu)
{
	struct irqlab_x86_irq_state st;
	struct irq_data *d;
	unsigned int irq, target;

	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	irq = (unsigned int)pci_irq_vector(dev, 0);
	ck_assert_int_eq(x86_request(irq), 0);
	st = x86_state(irq);
	target = (st.cpu + 1) % 4;
	exhaust_cpu(target, 0);
	ck_assert_int_eq(irq_set_affinity(irq, cpumask_of(target)), 0);
	d = irq_get_irq_data(irq);
	ck_assert(irqd_is_setaffinity_pending(d));
	fire_and_run(0, irq, st.cpu, st.vector, 1);
	/* The move was dropped: same vector, same entry, no pending move. */
	ck_assert(!irqd_is_setaffinity_pending(d));
	ck_assert_uint_eq(x86_state(irq).cpu, st.cpu);
	ck_assert_uint_eq(x86_state(irq).vector, st.vector);
	assert_entry(0, pf_msg_addr(st.cpu), st.vector, 0);
	fire_and_run(0, irq, st.cpu, st.vector, 2);
	x86_free(irq);
	pci_free_irq_vectors(dev);
}
END_TEST

/* A table smaller than asked for: all of it. */
START_TEST(test_table_smaller_than_max)
{
	struct irqlab_pci_fn_config cfg = pf_msix_config("0000:00:06.0", 16);
	struct pci_dev *small = pf_probe(&cfg, NULL);

	ck_assert_int_eq(pci_alloc_irq_vectors(small, 1, 64, PCI_IRQ_MSIX), 16);
	ck_assert_int_gt(pci_irq_vector(small, 15), 0);
	ck_assert_int_eq(pci_irq_vector(small, 16), -EINVAL);
	pci_free_irq_vectors(small);
}
END_TEST

/* After a function reset, pci_restore_msi_state() rewrites the table. */
START_TEST(test_restore_state)
{
	unsigned int irq, k;
	struct pf_entry e[2];

	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 2, 2, PCI_IRQ_MSIX), 2);
	for (k = 0; k < 2; k++)
		ck_assert_int_eq(x86_request((unsigned int)pci_irq_vector(dev, k)), 0);
	e[0] = pf_entry(fn, 0);
	e[1] = pf_entry(fn, 1);
	ck_assert_int_eq(irqlab_pci_fn_reset(fn), 0);
	ck_assert_uint_eq(pf_msix_ctrl(dev) & PCI_MSIX_FLAGS_ENABLE, 0);
	/* The reset also lost Command: restore what the driver had set. */
	pci_write_config_word(dev, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	assert_entry(0, 0, 0, 1);
	pci_restore_msi_state(dev);
	ck_assert_uint_eq(pf_msix_ctrl(dev), PCI_MSIX_FLAGS_ENABLE | (PF_MANA_ENTRIES - 1));
	for (k = 0; k < 2; k++) {
		struct pf_entry now = pf_entry(fn, k);

		ck_assert_mem_eq(&e[k], &now, sizeof(now));
	}
	irq = (unsigned int)pci_irq_vector(dev, 1);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 1), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 1);
	for (k = 0; k < 2; k++)
		x86_free((unsigned int)pci_irq_vector(dev, k));
	pci_free_irq_vectors(dev);
}
END_TEST

/* The device domain's debugfs view shows the cached message. */
START_TEST(test_cached_message)
{
	struct msi_msg msg;
	unsigned int irq;
	struct pf_entry e;

	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	irq = (unsigned int)pci_irq_vector(dev, 0);
	ck_assert_int_eq(x86_request(irq), 0);
	get_cached_msi_msg(irq, &msg);
	e = pf_entry(fn, 0);
	ck_assert_uint_eq(msg.address_lo, e.addr_lo);
	ck_assert_uint_eq(msg.data, e.data);
	memset(&msg, 0, sizeof(msg));
	__pci_read_msi_msg(irq_get_msi_desc(irq), &msg);
	ck_assert_uint_eq(msg.address_lo, e.addr_lo);
	ck_assert_uint_eq(msg.data, e.data);
	/* pci_write_msi_msg() reaches the entry (and masks around it). */
	msg.data = 0x77;
	pci_write_msi_msg(irq, &msg);
	ck_assert_uint_eq(pf_entry(fn, 0).data, 0x77);
	ck_assert_uint_eq(pf_entry(fn, 0).ctrl, 0);
	x86_free(irq);
	pci_free_irq_vectors(dev);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pci_msix");
	TCase *tc = tcase_create("msix");

	tcase_add_checked_fixture(tc, setup, x86_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_lifecycle_1024);
	tcase_add_test(tc, test_setup_order);
	tcase_add_test(tc, test_mask_pending_unmask);
	tcase_add_test(tc, test_disable_enable_lazy_mask);
	tcase_add_test(tc, test_function_mask);
	tcase_add_test(tc, test_dynamic_alloc_free);
	tcase_add_test(tc, test_managed_affinity);
	tcase_add_test(tc, test_partial_allocation);
	tcase_add_test(tc, test_table_smaller_than_max);
	tcase_add_test(tc, test_move_to_full_cpu);
	tcase_add_test(tc, test_restore_state);
	tcase_add_test(tc, test_cached_message);
	suite_add_tcase(s, tc);
	return tm_run_suite(s);
}
