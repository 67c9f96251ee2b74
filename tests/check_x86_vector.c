// SPDX-License-Identifier: MIT
/*
 * The x86 vector domain on an x86 machine: the platform's initial state,
 * reservation mode and managed reservations with their matrix accounting
 * at alloc/activate/deactivate/free, fixed allocations, the vectors that
 * are never handed out, exhaustion (-ENOSPC, "Affinity broken"), the
 * activation search order, the composed message, the setter before
 * activation (-EIO), the error paths of activation and allocation, the
 * debugfs view, the queries, and machine creation/teardown.
 */
#include <string.h>

#include "x86_fixture.h"

#include "irqlab/matrix.h"

/* The private helpers the x86 MSI parents will use (irqd_cfg()...). */
#include "../domains/x86_internals.h"

static struct irq_data *irqd_of(unsigned int irq)
{
	return irq_get_irq_data(irq);
}

/* Fill @cpu with fixed irqs until its vectors run out; returns how many. */
static unsigned int fill_cpu(unsigned int cpu)
{
	unsigned int n = 0;
	int irq;

	while ((irq = x86_alloc(1, cpumask_of(cpu))) > 0)
		n++;
	ck_assert_int_eq(irq, -ENOSPC);
	return n;
}

/* ---- the platform after creation --------------------------------------- */

START_TEST(test_init_state)
{
	struct irqlab_matrix_stats st = x86_mstats();
	unsigned int cpu, v;

	ck_assert_ptr_nonnull(x86_vd());
	ck_assert_str_eq(x86_vd()->name, "VECTOR");
	ck_assert_ptr_eq(irq_get_default_host(), x86_vd());
	ck_assert_ptr_eq(x86_vector_domain, x86_vd());
	ck_assert(irq_domain_is_hierarchy(x86_vd()));
	ck_assert_uint_eq(st.matrix_bits, NR_VECTORS);
	ck_assert_uint_eq(st.alloc_start, FIRST_EXTERNAL_VECTOR);
	ck_assert_uint_eq(st.alloc_end, FIRST_SYSTEM_VECTOR);
	ck_assert_uint_eq(st.online_maps, 4);
	/* The IA32 syscall gate 0x80 is the one system bit inside the range. */
	ck_assert_uint_eq(st.systembits_inalloc, 1);
	ck_assert_uint_eq(st.global_available, 4 * 203);
	ck_assert_uint_eq(st.total_allocated, 0);
	for (v = 0; v < NR_VECTORS; v++)
		ck_assert_int_eq(irqlab_matrix_bit_system(x86_mx(), v),
				 v < 0x20 || v == 0x80 || v >= 0xec);
	for (cpu = 0; cpu < 4; cpu++) {
		ck_assert_uint_eq(irqlab_matrix_cpu_available(x86_mx(), cpu), 203);
		/* setup_local_APIC(): enabled, errors on ERROR_APIC_VECTOR. */
		ck_assert_uint_eq(irqlab_lapic_read(tm, cpu, APIC_SPIV), 0x1ff);
		ck_assert_uint_eq(irqlab_lapic_read(tm, cpu, APIC_LVTERR), ERROR_APIC_VECTOR);
		for (v = 0; v < NR_VECTORS; v++)
			ck_assert_int_eq(x86_table(cpu, v, NULL), IRQLAB_VECTOR_UNUSED);
	}
}
END_TEST

/* ---- reservation mode ---------------------------------------------------- */

START_TEST(test_reservation_mode)
{
	struct irqlab_x86_irq_state s;
	struct irq_data *d;
	unsigned int irq, owner;
	int ret = x86_alloc(1, NULL);

	ck_assert_int_gt(ret, 0);
	irq = (unsigned int)ret;
	d = irqd_of(irq);
	/* Alloc: only a global reservation; the hardware gets the shutdown vector. */
	ck_assert_uint_eq(x86_mstats().global_reserved, 1);
	ck_assert_uint_eq(x86_mstats().total_allocated, 0);
	s = x86_state(irq);
	ck_assert(s.can_reserve && s.has_reserved && !s.is_managed);
	ck_assert_uint_eq(s.vector, 0);
	ck_assert_uint_eq(s.cfg_vector, MANAGED_IRQ_SHUTDOWN_VECTOR);
	ck_assert_uint_eq(s.cfg_dest_apicid, 0);
	ck_assert(irqd_can_reserve(d));
	ck_assert(irqd_is_single_target(d));
	ck_assert(irqd_is_handle_enforce_irqctx(d));
	ck_assert(irqd_affinity_on_activate(d));
	ck_assert_str_eq(irq_get_chip(irq)->name, "APIC");
	ck_assert_uint_eq(d->hwirq, irq);
	ck_assert_str_eq(irq_to_desc(irq)->name, "edge");
	ck_assert(irq_to_desc(irq)->handle_irq == handle_edge_irq);
	ck_assert_uint_eq(irq_find_mapping(x86_vd(), irq), irq);

	/* Activation (request_irq): a real vector, the reservation consumed. */
	ck_assert_int_eq(x86_request(irq), 0);
	s = x86_state(irq);
	ck_assert(!s.has_reserved && s.can_reserve);
	ck_assert_uint_eq(s.cpu, 0);
	ck_assert_uint_eq(s.vector, FIRST_EXTERNAL_VECTOR);
	ck_assert_uint_eq(s.cfg_vector, s.vector);
	ck_assert_uint_eq(x86_mstats().global_reserved, 0);
	ck_assert_uint_eq(x86_mstats().total_allocated, 1);
	ck_assert(irqlab_matrix_bit_allocated(x86_mx(), 0, s.vector));
	ck_assert_int_eq(x86_table(0, s.vector, &owner), IRQLAB_VECTOR_IRQ);
	ck_assert_uint_eq(owner, irq);
	ck_assert(cpumask_equal(irq_data_get_effective_affinity_mask(d), cpumask_of(0)));

	/* Deactivation (free_irq): the vector goes, the reservation returns. */
	x86_free(irq);
	ck_assert_uint_eq(x86_mstats().global_reserved, 1);
	ck_assert_uint_eq(x86_mstats().total_allocated, 0);
	ck_assert_int_eq(x86_table(0, s.vector, NULL), IRQLAB_VECTOR_SHUTDOWN);
	s = x86_state(irq);
	ck_assert(s.has_reserved);
	ck_assert_uint_eq(s.vector, 0);
	ck_assert_uint_eq(s.cfg_vector, MANAGED_IRQ_SHUTDOWN_VECTOR);

	/* Free: nothing left. */
	irq_domain_free_irqs(irq, 1);
	ck_assert_uint_eq(x86_mstats().global_reserved, 0);
	ck_assert_int_eq(irqlab_x86_irq_state(irq, &s), -EINVAL);
}
END_TEST

START_TEST(test_spread_over_cpus)
{
	unsigned int cpu, vec;
	int base = x86_alloc(4, NULL), i;

	ck_assert_int_gt(base, 0);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(x86_request((unsigned int)(base + i)), 0);
	/* The CPU with the most available vectors, ties to the lowest. */
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(irqlab_x86_irq_vector((unsigned int)(base + i), &vec, &cpu), 0);
		ck_assert_uint_eq(cpu, (unsigned int)i);
		ck_assert_uint_eq(vec, FIRST_EXTERNAL_VECTOR);
	}
	for (i = 0; i < 4; i++)
		x86_free((unsigned int)(base + i));
	irq_domain_free_irqs((unsigned int)base, 4);
	ck_assert_uint_eq(x86_mstats().total_allocated, 0);
}
END_TEST

START_TEST(test_can_reserve_cleared)
{
	struct irqlab_x86_irq_state s;
	unsigned int irq = (unsigned int)x86_alloc(1, NULL);

	/* The core turned reservation mode off before activation. */
	irqd_clr_can_reserve(irqd_of(irq));
	ck_assert_int_eq(x86_request(irq), 0);
	s = x86_state(irq);
	ck_assert(!s.can_reserve && !s.has_reserved);
	/* Now a fixed vector: deactivation keeps it. */
	x86_free(irq);
	ck_assert_uint_eq(x86_state(irq).vector, s.vector);
	ck_assert_uint_eq(x86_mstats().total_allocated, 1);
	ck_assert_uint_eq(x86_mstats().global_reserved, 0);
	irq_domain_free_irqs(irq, 1);
	ck_assert_uint_eq(x86_mstats().total_allocated, 0);
}
END_TEST

START_TEST(test_reserve_activation)
{
	unsigned int irq = (unsigned int)x86_alloc(1, NULL);
	struct irq_data *d = irqd_of(irq);

	/* Activation with reserve: the shutdown vector, nothing allocated. */
	ck_assert_int_eq(irq_domain_activate_irq(d, true), 0);
	ck_assert(irqd_is_activated(d));
	ck_assert_uint_eq(x86_state(irq).cfg_vector, MANAGED_IRQ_SHUTDOWN_VECTOR);
	ck_assert_uint_eq(x86_mstats().total_allocated, 0);
	ck_assert_uint_eq(x86_mstats().global_reserved, 1);
	/* Deactivation of a still reserved irq gives nothing back. */
	irq_domain_deactivate_irq(d);
	ck_assert(!irqd_is_activated(d));
	ck_assert_uint_eq(x86_mstats().global_reserved, 1);
	irq_domain_free_irqs(irq, 1);
}
END_TEST

/* ---- managed reservations ------------------------------------------------ */

START_TEST(test_managed_reservation)
{
	struct irqlab_x86_irq_state s;
	struct cpumask *mask = irqlab_cpumask_alloc(4);
	unsigned int irq;
	int ret;

	cpumask_set_cpu(1, mask);
	cpumask_set_cpu(2, mask);
	ret = x86_alloc_managed(mask);
	ck_assert_int_gt(ret, 0);
	irq = (unsigned int)ret;
	ck_assert(irqd_affinity_is_managed(irqd_of(irq)));
	/* A managed bit is reserved on every CPU of the mask. */
	ck_assert_uint_eq(irqlab_matrix_cpu_managed(x86_mx(), 1), 1);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed(x86_mx(), 2), 1);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed(x86_mx(), 0), 0);
	ck_assert_uint_eq(irqlab_matrix_cpu_available(x86_mx(), 1), 202);
	ck_assert_uint_eq(x86_mstats().global_available, 4 * 203 - 2);
	ck_assert_uint_eq(x86_mstats().global_reserved, 0);
	s = x86_state(irq);
	ck_assert(s.is_managed && !s.can_reserve && !s.has_reserved);
	ck_assert_uint_eq(s.vector, 0);

	/* Startup activates: fewest managed_allocated, ties to the highest CPU. */
	ck_assert_int_eq(x86_request(irq), 0);
	s = x86_state(irq);
	ck_assert_uint_eq(s.cpu, 2);
	ck_assert_uint_eq(s.vector, FIRST_EXTERNAL_VECTOR);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed_allocated(x86_mx(), 2), 1);
	ck_assert_uint_eq(x86_mstats().global_available, 4 * 203 - 2);

	/* Shutdown: the vector goes back to the reservation. */
	x86_free(irq);
	s = x86_state(irq);
	ck_assert_uint_eq(s.vector, 0);
	ck_assert_uint_eq(s.cfg_vector, MANAGED_IRQ_SHUTDOWN_VECTOR);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed_allocated(x86_mx(), 2), 0);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed(x86_mx(), 2), 1);

	irq_domain_free_irqs(irq, 1);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed(x86_mx(), 1), 0);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed(x86_mx(), 2), 0);
	ck_assert_uint_eq(x86_mstats().global_available, 4 * 203);
	kfree(mask);
}
END_TEST

START_TEST(test_managed_shutdown_activation)
{
	unsigned int irq = (unsigned int)x86_alloc_managed(cpumask_of(3));
	struct irq_data *d = irqd_of(irq);

	/* A managed irq starts shut down: activation points at the shutdown vector. */
	ck_assert(irqd_is_managed_and_shutdown(d));
	ck_assert_int_eq(irq_domain_activate_irq(d, false), 0);
	ck_assert_uint_eq(x86_state(irq).vector, 0);
	ck_assert_uint_eq(x86_state(irq).cfg_vector, MANAGED_IRQ_SHUTDOWN_VECTOR);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed_allocated(x86_mx(), 3), 0);
	irq_domain_deactivate_irq(d);
	ck_assert_uint_eq(x86_state(irq).cfg_vector, MANAGED_IRQ_SHUTDOWN_VECTOR);
	irq_domain_free_irqs(irq, 1);
}
END_TEST

START_TEST(test_managed_activation_errors)
{
	unsigned int irq = (unsigned int)x86_alloc_managed(cpumask_of(3)), warns, cpu;
	struct irq_data *d = irqd_of(irq);
	int bit;

	/* The core broke: no online CPU in the mask. */
	irqd_clr_managed_shutdown(d);
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, false), 0);
	warns = irqlab_warn_count(tm);
	ck_assert_int_eq(irq_domain_activate_irq(d, false), -EINVAL);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_log("Managed startup for irq");
	ck_assert(!irqd_is_activated(d));
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, true), 0);

	/* The reservation got lost (someone took the bit). */
	bit = irq_matrix_alloc_managed(x86_mx(), cpumask_of(3), &cpu);
	ck_assert_int_ge(bit, FIRST_EXTERNAL_VECTOR);
	ck_assert_int_eq(irq_domain_activate_irq(d, false), -ENOSPC);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 2);
	ck_assert_log("no vector available");
	irq_matrix_free(x86_mx(), 3, (unsigned int)bit, true);
	irq_domain_free_irqs(irq, 1);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed(x86_mx(), 3), 0);
}
END_TEST

START_TEST(test_managed_set_affinity)
{
	struct cpumask *mask = irqlab_cpumask_alloc(4);
	struct irqlab_x86_irq_state s;
	unsigned int irq;

	cpumask_set_cpu(1, mask);
	cpumask_set_cpu(2, mask);
	irq = (unsigned int)x86_alloc_managed(mask);
	ck_assert_int_eq(x86_request(irq), 0);
	ck_assert_uint_eq(x86_state(irq).cpu, 2);
	/* Within its mask a managed irq can move: a managed bit on CPU 1. */
	ck_assert_int_eq(irq_set_affinity(irq, cpumask_of(1)), 0);
	s = x86_state(irq);
	ck_assert_uint_eq(s.cpu, 1);
	ck_assert_uint_eq(s.prev_cpu, 2);
	ck_assert(s.move_in_progress);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed_allocated(x86_mx(), 1), 1);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed_allocated(x86_mx(), 2), 1);
	/* Already on a CPU of the new mask: nothing to do. */
	ck_assert_int_eq(irq_set_affinity(irq, mask), 0);
	ck_assert_uint_eq(x86_state(irq).cpu, 1);
	/* The first interrupt on CPU 1 lets the cleanup free CPU 2's bit. */
	x86_fire(irq);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 1);
	ck_assert_uint_eq(x86_hit_cpu[irq], 1);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed_allocated(x86_mx(), 2), 0);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed(x86_mx(), 2), 1);
	x86_free(irq);
	irq_domain_free_irqs(irq, 1);
	kfree(mask);
}
END_TEST

START_TEST(test_free_during_move)
{
	unsigned int a = (unsigned int)x86_alloc(1, NULL), b = (unsigned int)x86_alloc(1, NULL);

	ck_assert_int_eq(irq_set_affinity(a, cpumask_of(0)), 0);
	ck_assert_int_eq(irq_set_affinity(b, cpumask_of(1)), 0);
	ck_assert_int_eq(x86_request(a), 0);
	ck_assert_int_eq(x86_request(b), 0);
	/* a: move in progress; b: old vector queued for cleanup. */
	ck_assert_int_eq(irq_set_affinity(a, cpumask_of(2)), 0);
	ck_assert_int_eq(irq_set_affinity(b, cpumask_of(3)), 0);
	x86_fire(b);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 3), 1);
	ck_assert(x86_state(b).cleanup_pending);
	ck_assert_uint_eq(x86_mstats().total_allocated, 4);

	/* Deactivation releases both vectors of each; the entries are shut down. */
	x86_free(a);
	x86_free(b);
	ck_assert_uint_eq(x86_mstats().total_allocated, 0);
	ck_assert_uint_eq(x86_mstats().global_reserved, 2);
	ck_assert(!x86_state(a).move_in_progress);
	ck_assert(!x86_state(b).cleanup_pending);
	ck_assert_uint_eq(x86_state(b).prev_vector, 0);
	ck_assert_int_eq(x86_table(0, FIRST_EXTERNAL_VECTOR, NULL), IRQLAB_VECTOR_SHUTDOWN);
	ck_assert_int_eq(x86_table(2, FIRST_EXTERNAL_VECTOR, NULL), IRQLAB_VECTOR_SHUTDOWN);
	ck_assert_int_eq(x86_table(1, FIRST_EXTERNAL_VECTOR, NULL), IRQLAB_VECTOR_SHUTDOWN);
	/* The cleanup timer finds nothing left to do. */
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_mstats().total_allocated, 0);
	irq_domain_free_irqs(a, 1);
	irq_domain_free_irqs(b, 1);
	ck_assert_uint_eq(x86_mstats().global_reserved, 0);
}
END_TEST

/* ---- the vector domain as a parent ---------------------------------------- */

static const struct irq_chip child_chip_retrigger = {
	.name = "CHILD-R",
	.irq_ack = irq_chip_ack_parent,
	.irq_set_affinity = irq_chip_set_affinity_parent,
	.irq_retrigger = irq_chip_retrigger_hierarchy,
};

static const struct irq_chip child_chip_plain = {
	.name = "CHILD-N",
	.irq_ack = irq_chip_ack_parent,
	.irq_set_affinity = irq_chip_set_affinity_parent,
};

static int child_alloc(struct irq_domain *d, unsigned int virq, unsigned int nr, void *arg)
{
	unsigned int i;
	int ret = irq_domain_alloc_irqs_parent(d, virq, nr, arg);

	if (ret)
		return ret;
	for (i = 0; i < nr; i++)
		irq_domain_set_info(d, virq + i, i, d->host_data, NULL, handle_edge_irq, NULL,
				    "edge");
	return 0;
}

static const struct irq_domain_ops child_ops = {
	.alloc = child_alloc,
	.free = irq_domain_free_irqs_common,
};

static struct irq_domain *child_domain(const char *name, const struct irq_chip *chip)
{
	struct irq_domain *d = irq_domain_create_hierarchy(x86_vd(), 0, 0,
							   irq_domain_alloc_named_fwnode(name),
							   &child_ops, (void *)chip);

	ck_assert_ptr_nonnull(d);
	return d;
}

static void child_remove(struct irq_domain *d)
{
	struct fwnode_handle *fn = d->fwnode;

	irq_domain_remove(d);
	irq_domain_free_fwnode(fn);
}

START_TEST(test_child_domain)
{
	struct irq_domain *r = child_domain("CHILD-R", &child_chip_retrigger);
	struct irq_domain *n = child_domain("CHILD-N", &child_chip_plain);
	struct irq_alloc_info info;
	unsigned int a, b, va, vb;
	int ret;

	init_irq_alloc_info(&info, cpumask_of(1));
	ret = irq_domain_alloc_irqs(r, 1, NUMA_NO_NODE, &info);
	ck_assert_int_gt(ret, 0);
	a = (unsigned int)ret;
	ret = irq_domain_alloc_irqs(n, 1, NUMA_NO_NODE, &info);
	ck_assert_int_gt(ret, 0);
	b = (unsigned int)ret;
	ck_assert_str_eq(irq_get_chip(a)->name, "CHILD-R");
	ck_assert_int_eq(x86_request(a), 0);
	ck_assert_int_eq(x86_request(b), 0);
	va = x86_state(a).vector;
	vb = x86_state(b).vector;
	/* Any level finds the root's configuration. */
	ck_assert_uint_eq(irqd_cfg(irq_get_irq_data(a))->vector, va);
	ck_assert_uint_eq(irqd_cfg(irq_get_irq_data(a))->dest_apicid, 1);
	ck_assert_ptr_null(irqd_cfg(NULL));
	/* The outer level's message comes from the vector level. */
	x86_fire(a);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[a], 1);
	ck_assert_uint_eq(x86_hit_cpu[a], 1);
	x86_assert_no_isr();

	/* CPU 1 dies with both pending: only a chip that can retrigger forwards. */
	x86_fire(a);
	x86_fire(b);
	ck_assert_int_eq(remove_cpu(1), 0);
	ck_assert_int_eq(x86_table(1, va, NULL), IRQLAB_VECTOR_RETRIGGERED);
	ck_assert_int_eq(x86_table(1, vb, NULL), IRQLAB_VECTOR_UNUSED);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[a], 2);
	ck_assert_uint_eq(x86_hits[b], 0); /* lost with the CPU */
	ck_assert_int_eq(add_cpu(1), 0);
	x86_free(a);
	x86_free(b);
	irq_domain_free_irqs(a, 1);
	irq_domain_free_irqs(b, 1);
	child_remove(r);
	child_remove(n);
	ck_assert_uint_eq(x86_mstats().total_allocated, 0);
}
END_TEST

/* ---- fixed allocations ------------------------------------------------------ */

START_TEST(test_fixed_mask)
{
	struct irqlab_x86_irq_state s;
	unsigned int irq = (unsigned int)x86_alloc(1, cpumask_of(2));

	s = x86_state(irq);
	ck_assert_uint_eq(s.cpu, 2);
	ck_assert_uint_eq(s.vector, FIRST_EXTERNAL_VECTOR);
	ck_assert(!s.can_reserve && !s.has_reserved);
	ck_assert_uint_eq(x86_mstats().total_allocated, 1);
	ck_assert_uint_eq(x86_mstats().global_reserved, 0);
	ck_assert_int_eq(x86_table(2, s.vector, NULL), IRQLAB_VECTOR_IRQ);
	/* Activation keeps a vector that already fits. */
	ck_assert_int_eq(x86_request(irq), 0);
	ck_assert_uint_eq(x86_state(irq).cpu, 2);
	ck_assert_uint_eq(x86_state(irq).vector, s.vector);
	/* Deactivation keeps a fixed vector. */
	x86_free(irq);
	ck_assert_uint_eq(x86_state(irq).vector, s.vector);
	ck_assert_uint_eq(x86_mstats().total_allocated, 1);
	irq_domain_free_irqs(irq, 1);
	ck_assert_uint_eq(x86_mstats().total_allocated, 0);
	ck_assert_int_eq(x86_table(2, s.vector, NULL), IRQLAB_VECTOR_SHUTDOWN);
}
END_TEST

/* ---- never handed out; exhaustion ------------------------------------------ */

START_TEST(test_system_vectors_never_allocated)
{
	bool seen[NR_VECTORS] = { false };
	unsigned int n = 0, vec, cpu;
	int irq, first = 0;

	while ((irq = x86_alloc(1, cpumask_of(1))) > 0) {
		if (!first)
			first = irq;
		ck_assert_int_eq(irqlab_x86_irq_vector((unsigned int)irq, &vec, &cpu), 0);
		ck_assert_uint_eq(cpu, 1);
		ck_assert_uint_ge(vec, FIRST_EXTERNAL_VECTOR);
		ck_assert_uint_lt(vec, FIRST_SYSTEM_VECTOR);
		ck_assert_uint_ne(vec, IA32_SYSCALL_VECTOR);
		ck_assert(!seen[vec]);
		seen[vec] = true;
		n++;
	}
	/* CPU 1's vectors ran out after all 203 usable ones. */
	ck_assert_int_eq(irq, -ENOSPC);
	ck_assert_uint_eq(n, 203);
	ck_assert_uint_eq(irqlab_matrix_cpu_available(x86_mx(), 1), 0);
	/* A managed reservation on the full CPU fails and changes nothing. */
	ck_assert_int_eq(x86_alloc_managed(cpumask_of(1)), -ENOSPC);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed(x86_mx(), 1), 0);
	ck_assert_uint_eq(x86_mstats().total_allocated, 203);
	irq_domain_free_irqs((unsigned int)first, n);
	ck_assert_uint_eq(x86_mstats().total_allocated, 0);
}
END_TEST

START_TEST(test_affinity_broken_exhaustion)
{
	unsigned int irq;

	fill_cpu(1);
	irq = (unsigned int)x86_alloc(1, NULL);
	/* Before activation the setter only stores the mask. */
	ck_assert_int_eq(irq_set_affinity(irq, cpumask_of(1)), 0);
	ck_assert(cpumask_equal(irq_data_get_effective_affinity_mask(irqd_of(irq)),
				cpumask_of(1)));
	ck_assert_uint_eq(x86_state(irq).vector, 0);
	/* CPU 1 is full: another online CPU, and the kernel says so. */
	ck_assert_int_eq(x86_request(irq), 0);
	ck_assert_uint_eq(x86_state(irq).cpu, 0);
	ck_assert_log("Affinity broken due to vector space exhaustion.");
	ck_assert(cpumask_equal(irq_data_get_effective_affinity_mask(irqd_of(irq)),
				cpumask_of(0)));
	x86_fire(irq);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 1);
	ck_assert_uint_eq(x86_hit_cpu[irq], 0);
	x86_free(irq);
}
END_TEST

START_TEST(test_activation_everything_full)
{
	struct irqlab_x86_irq_state s;
	unsigned int irq;

	x86_create(2);
	fill_cpu(0);
	fill_cpu(1);
	irq = (unsigned int)x86_alloc(1, NULL);
	ck_assert_log("Interrupt reservation exceeds available resources");
	ck_assert_int_eq(x86_request(irq), -ENOSPC);
	s = x86_state(irq);
	ck_assert(s.has_reserved);
	ck_assert_uint_eq(s.vector, 0);
	ck_assert(!irqd_is_activated(irqd_of(irq)));
	ck_assert_no_log("Affinity broken");
	tm_destroy();
}
END_TEST

START_TEST(test_activation_node_order)
{
	struct irqlab_machine_config cfg = {
		.nr_cpus = 4, .nr_nodes = 2, .platform = IRQLAB_PLATFORM_X86,
	};
	unsigned int irq;
	int ret;

	tm_create(&cfg);
	/* Node 1 (CPUs 2-3) and the default affinity: a CPU of node 1. */
	ret = irq_domain_alloc_irqs(x86_vd(), 1, 1, NULL);
	ck_assert_int_gt(ret, 0);
	irq = (unsigned int)ret;
	ck_assert_int_eq(x86_request(irq), 0);
	ck_assert_uint_eq(x86_state(irq).cpu, 2);
	x86_free(irq);

	/* Affinity {0} is full and outside the node: the node's CPUs next. */
	fill_cpu(0);
	ck_assert_int_eq(irq_set_affinity(irq, cpumask_of(0)), 0);
	ck_assert_int_eq(x86_request(irq), 0);
	ck_assert_uint_eq(x86_state(irq).cpu, 2);
	ck_assert_log("Affinity broken due to vector space exhaustion.");
	x86_free(irq);
	tm_destroy();
}
END_TEST

/* ---- the message ------------------------------------------------------------ */

START_TEST(test_compose)
{
	unsigned int irq = (unsigned int)x86_alloc(1, cpumask_of(3));
	struct msi_msg msg;
	u64 addr;
	u32 data;

	x86_msg(irq, &addr, &data);
	ck_assert_uint_eq(addr, 0xfee03000u);
	ck_assert_uint_eq(data, FIRST_EXTERNAL_VECTOR);
	/* The vector level composes for the whole hierarchy. */
	ck_assert_int_eq(irq_chip_compose_msi_msg(irqd_of(irq), &msg), 0);
	ck_assert_uint_eq(msg.address_hi, 0);
	/* A reserved irq is aimed at the shutdown vector on the first CPU. */
	irq = (unsigned int)x86_alloc(1, NULL);
	x86_msg(irq, &addr, &data);
	ck_assert_uint_eq(addr, 0xfee00000u);
	ck_assert_uint_eq(data, MANAGED_IRQ_SHUTDOWN_VECTOR);
}
END_TEST

START_TEST(test_compose_extended_dest)
{
	unsigned int irq;
	u64 addr;
	u32 data;

	x86_create(300);
	irq = (unsigned int)x86_alloc(1, cpumask_of(257));
	ck_assert_int_eq(x86_request(irq), 0);
	x86_msg(irq, &addr, &data);
	/* APIC ID 0x101: 0x01 in bits 19:12, 0x01 in bits 11:5. */
	ck_assert_uint_eq(addr, 0xfee01020u);
	ck_assert_uint_eq(data, FIRST_EXTERNAL_VECTOR);
	x86_write(addr, data);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 1), 0);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 257), 1);
	ck_assert_uint_eq(x86_hits[irq], 1);
	ck_assert_uint_eq(x86_hit_cpu[irq], 257);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 257), 1);
	x86_free(irq);
	tm_destroy();
}
END_TEST

/* ---- the setter before activation ------------------------------------------ */

START_TEST(test_set_affinity_not_activated)
{
	unsigned int irq = (unsigned int)x86_alloc(1, NULL), warns = irqlab_warn_count(tm);
	struct irq_data *d = irqd_of(irq);

	ck_assert_int_eq(irq_get_chip(irq)->irq_set_affinity(d, cpumask_of(2), false), -EIO);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_uint_eq(x86_state(irq).vector, 0);
	/* The core does not call it: it stores the mask for activation. */
	ck_assert_int_eq(irq_set_affinity(irq, cpumask_of(2)), 0);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_int_eq(x86_request(irq), 0);
	ck_assert_uint_eq(x86_state(irq).cpu, 2);
	x86_free(irq);
}
END_TEST

/* ---- allocation errors --------------------------------------------------- */

START_TEST(test_alloc_failures)
{
	struct irqlab_matrix_stats before = x86_mstats();
	unsigned long n;
	int ret = -ENOMEM;

	/* Every allocation failure unwinds completely (tm_destroy checks leaks). */
	for (n = 1; n < 100 && ret == -ENOMEM; n++) {
		irqlab_fail_nth_alloc(n);
		ret = x86_alloc(3, NULL);
		irqlab_fail_nth_alloc(0);
		if (ret == -ENOMEM) {
			ck_assert_uint_eq(x86_mstats().global_reserved, 0);
			ck_assert_uint_eq(x86_mstats().total_allocated, before.total_allocated);
		}
	}
	ck_assert_int_gt(ret, 0);
	ck_assert_uint_eq(x86_mstats().global_reserved, 3);
	irq_domain_free_irqs((unsigned int)ret, 3);
	ck_assert_uint_eq(x86_mstats().global_reserved, 0);
}
END_TEST

START_TEST(test_alloc_no_level)
{
	unsigned int warns = irqlab_warn_count(tm);

	/* The domain's alloc called for an irq that has no level here. */
	ck_assert_int_eq(x86_vd()->ops->alloc(x86_vd(), 4000, 1, NULL), -EINVAL);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
}
END_TEST

/* ---- debugfs view ------------------------------------------------------------ */

START_TEST(test_debug_show)
{
	struct irq_data fake = { 0 };
	struct seq_file s;
	unsigned int irq = (unsigned int)x86_alloc(1, cpumask_of(1));

	seq_init(&s);
	x86_vd()->ops->debug_show(&s, x86_vd(), NULL, 1);
	ck_assert_ptr_nonnull(strstr(seq_text(&s), "Online bitmaps:        4\n"));
	ck_assert_ptr_nonnull(strstr(seq_text(&s), "System: 53: 0-31,128,236-255\n"));
	ck_assert_ptr_nonnull(strstr(seq_text(&s), " | CPU | avl | man | mac | act | vectors\n"));
	seq_release_buf(&s);

	seq_init(&s);
	x86_vd()->ops->debug_show(&s, x86_vd(), irqd_of(irq), 2);
	ck_assert_str_eq(seq_text(&s), "  Vector:    32\n"
				       "  Target:     1\n"
				       "  move_in_progress: 0\n"
				       "  is_managed:       0\n"
				       "  can_reserve:      0\n"
				       "  has_reserved:     0\n"
				       "  cleanup_pending:  0\n");
	seq_release_buf(&s);

	/* During a move the previous vector shows, then the pending cleanup. */
	ck_assert_int_eq(x86_request(irq), 0);
	ck_assert_int_eq(irq_set_affinity(irq, cpumask_of(3)), 0);
	seq_init(&s);
	x86_vd()->ops->debug_show(&s, x86_vd(), irqd_of(irq), 0);
	ck_assert_ptr_nonnull(strstr(seq_text(&s), "Vector:    32\nTarget:     3\n"
						  "Previous vector:    32\n"
						  "Previous target:     1\n"
						  "move_in_progress: 1\n"));
	seq_release_buf(&s);
	x86_fire(irq);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 3), 1);
	seq_init(&s);
	x86_vd()->ops->debug_show(&s, x86_vd(), irqd_of(irq), 0);
	ck_assert_ptr_nonnull(strstr(seq_text(&s), "cleanup_pending:  1\n"));
	seq_release_buf(&s);

	seq_init(&s);
	x86_vd()->ops->debug_show(&s, x86_vd(), &fake, 3);
	ck_assert_str_eq(seq_text(&s), "   Vector: Not assigned\n");
	seq_release_buf(&s);
	x86_free(irq);
}
END_TEST

/* ---- queries ----------------------------------------------------------------- */

START_TEST(test_queries)
{
	enum irqlab_x86_vector_state st;
	struct irqlab_machine *m2;
	unsigned int vec = 7, cpu = 7, irq = 7;
	int plain;

	ck_assert_int_eq(irqlab_x86_irq_vector(4000, &vec, &cpu), -EINVAL);
	ck_assert_uint_eq(vec, 0);
	ck_assert_uint_eq(cpu, 0);
	/* An irq outside the VECTOR domain. */
	plain = irq_alloc_desc(NUMA_NO_NODE);
	ck_assert_int_gt(plain, 0);
	ck_assert_int_eq(irqlab_x86_irq_vector((unsigned int)plain, &vec, &cpu), -EINVAL);
	irq_free_desc((unsigned int)plain);
	ck_assert_int_eq(irqlab_x86_vector_irq(tm, 4, 0x20, &st, &irq), -EINVAL);
	ck_assert_int_eq(irqlab_x86_vector_irq(tm, 0, NR_VECTORS, &st, &irq), -EINVAL);
	ck_assert_int_eq(irqlab_x86_vector_irq(NULL, 0, 0x20, &st, &irq), -EINVAL);
	ck_assert_int_eq(st, IRQLAB_VECTOR_UNUSED);
	ck_assert_uint_eq(irq, 0);
	ck_assert_uint_eq(irqlab_x86_irq_err_count(NULL), 0);
	ck_assert_uint_eq(irqlab_x86_irq_mis_count(NULL), 0);
	ck_assert_uint_eq(irqlab_x86_irq_mis_count(tm), 0);
	ck_assert_uint_eq(irqlab_x86_spurious_count(tm, 4), 0);
	ck_assert_uint_eq(irqlab_x86_spurious_count(NULL, 0), 0);
	ck_assert_uint_eq(irqlab_x86_sysvec_count(tm, 0, 0x20), 0);
	ck_assert_uint_eq(irqlab_x86_sysvec_count(tm, 4, LOCAL_TIMER_VECTOR), 0);
	ck_assert_uint_eq(irqlab_x86_sysvec_count(tm, 0, NR_VECTORS), 0);
	ck_assert_uint_eq(irqlab_x86_sysvec_count(NULL, 0, LOCAL_TIMER_VECTOR), 0);
	ck_assert_ptr_null(irqlab_x86_vector_domain(NULL));
	ck_assert_ptr_null(irqlab_x86_matrix(NULL));

	/* A machine without the x86 platform has none of it. */
	ck_assert_int_eq(irqlab_machine_create(NULL, &m2), 0);
	ck_assert_ptr_null(irqlab_x86_vector_domain(m2));
	ck_assert_ptr_null(irqlab_x86_matrix(m2));
	ck_assert_uint_eq(irqlab_x86_irq_err_count(m2), 0);
	ck_assert_int_eq(irqlab_x86_vector_irq(m2, 0, 0x20, &st, &irq), -EINVAL);
	ck_assert_int_eq(irqlab_x86_irq_vector(1, &vec, &cpu), -EINVAL);
	irqlab_machine_destroy(m2);
	irqlab_machine_set_current(tm);
}
END_TEST

/* ---- machine creation and teardown ----------------------------------------- */

START_TEST(test_create_failures)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 4, .platform = IRQLAB_PLATFORM_X86 };
	struct irqlab_machine *m2 = NULL;
	long live = irqlab_alloc_live();
	unsigned long n;
	int ret = -ENOMEM;

	for (n = 1; n < 200 && ret == -ENOMEM; n++) {
		irqlab_fail_nth_alloc(n);
		ret = irqlab_machine_create(&cfg, &m2);
		irqlab_fail_nth_alloc(0);
		if (ret)
			ck_assert_int_eq(irqlab_alloc_live(), live);
	}
	ck_assert_int_eq(ret, 0);
	ck_assert_ptr_nonnull(irqlab_x86_vector_domain(m2));
	irqlab_machine_destroy(m2);
	ck_assert_int_eq(irqlab_alloc_live(), live);
	irqlab_machine_set_current(tm);
}
END_TEST

START_TEST(test_teardown_with_leftovers)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 4, .platform = IRQLAB_PLATFORM_X86 };
	unsigned int a, b, c, d;

	tm_create(&cfg);
	a = (unsigned int)x86_alloc(1, NULL);			/* reserved */
	b = (unsigned int)x86_alloc(1, NULL);			/* requested */
	c = (unsigned int)x86_alloc(1, cpumask_of(1));		/* cleanup pending */
	d = (unsigned int)x86_alloc_managed(cpumask_of(2));	/* managed */
	ck_assert_int_eq(x86_request(b), 0);
	ck_assert_int_eq(x86_request(c), 0);
	ck_assert_int_eq(x86_request(d), 0);
	ck_assert_int_eq(irq_set_affinity(c, cpumask_of(3)), 0);
	x86_fire(c);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 3), 1);
	ck_assert(x86_state(c).cleanup_pending);
	ck_assert_uint_gt(a, 0);
	/* Everything goes with the machine; no leaks, no timer left. */
	tm_destroy();
}
END_TEST

static Suite *x86_vector_suite(void)
{
	Suite *s = suite_create("x86_vector");
	TCase *tc = tcase_create("vector");
	TCase *own = tcase_create("machines");

	tcase_add_checked_fixture(tc, x86_setup, x86_teardown);
	tcase_add_test(tc, test_init_state);
	tcase_add_test(tc, test_reservation_mode);
	tcase_add_test(tc, test_spread_over_cpus);
	tcase_add_test(tc, test_can_reserve_cleared);
	tcase_add_test(tc, test_reserve_activation);
	tcase_add_test(tc, test_managed_reservation);
	tcase_add_test(tc, test_managed_shutdown_activation);
	tcase_add_test(tc, test_managed_activation_errors);
	tcase_add_test(tc, test_managed_set_affinity);
	tcase_add_test(tc, test_free_during_move);
	tcase_add_test(tc, test_child_domain);
	tcase_add_test(tc, test_fixed_mask);
	tcase_add_test(tc, test_system_vectors_never_allocated);
	tcase_add_test(tc, test_affinity_broken_exhaustion);
	tcase_add_test(tc, test_compose);
	tcase_add_test(tc, test_set_affinity_not_activated);
	tcase_add_test(tc, test_alloc_failures);
	tcase_add_test(tc, test_alloc_no_level);
	tcase_add_test(tc, test_debug_show);
	tcase_add_test(tc, test_queries);
	tcase_add_test(tc, test_create_failures);
	suite_add_tcase(s, tc);

	tcase_add_test(own, test_activation_everything_full);
	tcase_add_test(own, test_activation_node_order);
	tcase_add_test(own, test_compose_extended_dest);
	tcase_add_test(own, test_teardown_with_leftovers);
	suite_add_tcase(s, own);
	return s;
}

int main(void)
{
	return tm_run_suite(x86_vector_suite());
}
