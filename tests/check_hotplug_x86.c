// SPDX-License-Identifier: MIT
/*
 * CPU hotplug on the x86 platform (acceptance criterion 4, x86 part):
 * managed irqs of the VECTOR domain across offline/online interleaved with
 * disable_irq()/enable_irq(), checked against the vector matrix after each
 * step (fixed sequences, and random walks against the depth model of
 * tests/helpers/hp_model.c for v6.16 and v6.15); the offline refused with
 * -ENOSPC when the CPU's vectors cannot move; an interrupt pending in the
 * dying CPU's IRR forwarded to the irq's new CPU, or dropped with a managed
 * irq that shuts down.
 */
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "hp_model.h"
#include "internals.h"
#include "irqlab/lapic.h"
#include "irqlab/matrix.h"
#include "irqlab/x86.h"
#include "irqlab/x86_vectors.h"

#define MAX_IRQS 512

struct xirq {
	unsigned int virq;
	bool requested;
	unsigned int calls;
	unsigned int last_cpu;
};

static struct xirq xirqs[MAX_IRQS];
static unsigned int nr_x;
static struct irq_matrix *mx;
static unsigned int base_alloc[8]; /* vectors the platform allocated itself */

static irqreturn_t x_handler(int irq, void *dev_id)
{
	struct xirq *x = dev_id;

	x->calls++;
	x->last_cpu = smp_processor_id();
	return IRQ_HANDLED;
}

static void x_start_cfg(const struct irqlab_machine_config *cfg)
{
	unsigned int i;

	memset(xirqs, 0, sizeof(xirqs));
	nr_x = 0;
	tm_create(cfg);
	mx = irqlab_x86_matrix(tm);
	ck_assert_ptr_nonnull(mx);
	ck_assert_ptr_nonnull(irqlab_x86_vector_domain(tm));
	for (i = 0; i < 8; i++)
		base_alloc[i] = irqlab_matrix_cpu_allocated(mx, i);
}

static void x_start(unsigned int nr_cpus)
{
	struct irqlab_machine_config cfg = {
		.nr_cpus = nr_cpus,
		.platform = IRQLAB_PLATFORM_X86,
	};

	x_start_cfg(&cfg);
}

static void setup(void)
{
	x_start(4);
}

static void teardown(void)
{
	unsigned int i;

	for (i = 0; i < nr_x; i++) {
		if (xirqs[i].requested)
			free_irq(xirqs[i].virq, &xirqs[i]);
		irq_domain_free_irqs(xirqs[i].virq, 1);
	}
	tm_teardown();
}

/* @n managed irqs of the VECTOR domain, irq i affine to lists[i]. */
static struct xirq *x_alloc_managed(const char *const *lists, unsigned int n)
{
	struct irq_affinity_desc aff[8];
	unsigned int i;
	int virq;

	ck_assert_uint_le(n, 8);
	for (i = 0; i < n; i++) {
		ck_assert(zalloc_cpumask_var(&aff[i].mask, GFP_KERNEL));
		ck_assert_int_eq(cpulist_parse(lists[i], aff[i].mask), 0);
		aff[i].is_managed = 1;
	}
	virq = __irq_domain_alloc_irqs(irqlab_x86_vector_domain(tm), -1, n,
				       NUMA_NO_NODE, NULL, false, aff);
	for (i = 0; i < n; i++)
		free_cpumask_var(aff[i].mask);
	ck_assert_int_gt(virq, 0);
	for (i = 0; i < n; i++)
		xirqs[nr_x + i].virq = (unsigned int)virq + i;
	nr_x += n;
	return &xirqs[nr_x - n];
}

/* @n non-managed irqs whose vectors are allocated at once on @mask. */
static struct xirq *x_alloc_on(const struct cpumask *mask, unsigned int n)
{
	struct irq_alloc_info info;
	unsigned int i;
	int virq;

	ck_assert_uint_le(nr_x + n, MAX_IRQS);
	init_irq_alloc_info(&info, mask);
	virq = irq_domain_alloc_irqs(irqlab_x86_vector_domain(tm), n, NUMA_NO_NODE,
				     &info);
	ck_assert_int_gt(virq, 0);
	for (i = 0; i < n; i++)
		xirqs[nr_x + i].virq = (unsigned int)virq + i;
	nr_x += n;
	return &xirqs[nr_x - n];
}

static void x_request(struct xirq *x)
{
	ck_assert_int_eq(request_irq(x->virq, x_handler, 0, "hpx", x), 0);
	x->requested = true;
}

static struct irq_desc *D(const struct xirq *x)
{
	return irq_to_desc(x->virq);
}

static struct irq_data *ID(const struct xirq *x)
{
	return irq_get_irq_data(x->virq);
}

/* The vector and CPU of @x; vector 0: none. */
static unsigned int x_vector(const struct xirq *x, unsigned int *cpu)
{
	unsigned int vector = 0, c = ~0u;

	ck_assert_int_eq(irqlab_x86_irq_vector(x->virq, &vector, &c), 0);
	if (cpu)
		*cpu = c;
	return vector;
}

/* Per-CPU matrix counters as "avl/man/mac/act" for CPUs 0..n-1. */
static const char *mx_str(unsigned int n)
{
	static char buf[256];
	struct irqlab_matrix_cpu_stats st;
	size_t len = 0;
	unsigned int cpu;

	buf[0] = '\0';
	for (cpu = 0; cpu < n; cpu++) {
		ck_assert_int_eq(irqlab_matrix_get_cpu_stats(mx, cpu, &st), 0);
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%u:%u/%u/%u",
					cpu ? " " : "", cpu, st.managed,
					st.managed_allocated, st.allocated - base_alloc[cpu]);
	}
	return buf;
}

/* Send @x's message on the bus, as its device would. */
static void x_fire(const struct xirq *x)
{
	struct msi_msg msg = { 0 };

	ck_assert_int_eq(irq_chip_compose_msi_msg(ID(x), &msg), 0);
	ck_assert_int_eq(irqlab_bus_write(tm, ((u64)msg.address_hi << 32) |
					      msg.address_lo, msg.data), 0);
}

static bool irr_pending(unsigned int cpu, unsigned int vector)
{
	u32 irr = irqlab_lapic_read(tm, cpu, APIC_IRR + vector / 32 * 0x10);

	return irr & (1u << (vector % 32));
}

/* @cpu's vector table sends @vector to @irq. */
#define ck_assert_vector_irq(cpu, vector, irq_)                                 \
	do {                                                                    \
		enum irqlab_x86_vector_state vs;                                \
		unsigned int virq_;                                             \
		ck_assert_int_eq(irqlab_x86_vector_irq(tm, cpu, vector, &vs, &virq_), 0); \
		ck_assert_int_eq(vs, IRQLAB_VECTOR_IRQ);                        \
		ck_assert_uint_eq(virq_, irq_);                                 \
	} while (0)

#define ck_assert_irq(x, depth_, started_, msd_)                                \
	do {                                                                    \
		ck_assert_uint_eq(D(x)->depth, depth_);                         \
		ck_assert_int_eq(irqd_is_started(ID(x)), started_);             \
		ck_assert_int_eq(irqd_is_activated(ID(x)), started_);           \
		ck_assert_int_eq(irqd_is_managed_and_shutdown(ID(x)), msd_);    \
	} while (0)

/* ---- managed irqs: the cases.md §5 sequence with real vectors ------------- */

/*
 * Mask {1,2}: disable → 2 off → 1 off → 1 on → 2 on → enable.  The
 * managed reservation stays on both CPUs throughout; the allocated vector
 * follows the irq, is released at the managed shutdown and comes back
 * only with the driver's enable.
 */
START_TEST(test_x86_managed_mask_of_two)
{
	static const char *const lists[] = { "1-2" };
	struct xirq *x = x_alloc_managed(lists, 1);
	struct irqlab_x86_irq_state st;
	unsigned int cpu, vector;

	/* Allocation reserves one managed vector on each CPU of the mask. */
	ck_assert_str_eq(mx_str(4), "0:0/0/0 1:1/0/0 2:1/0/0 3:0/0/0");
	ck_assert_irq(x, 1, false, true);

	x_request(x);
	ck_assert_irq(x, 0, true, false);
	vector = x_vector(x, &cpu);
	ck_assert_uint_ge(vector, FIRST_EXTERNAL_VECTOR);
	/* alloc_managed: fewest managed_allocated, ties to the highest CPU. */
	ck_assert_uint_eq(cpu, 2);
	ck_assert_str_eq(mx_str(4), "0:0/0/0 1:1/0/0 2:1/1/1 3:0/0/0");
	ck_assert_vector_irq(2, vector, x->virq);

	disable_irq(x->virq);
	ck_assert_irq(x, 1, true, false);

	/* Its CPU goes: the vector moves to CPU 1 and is freed on CPU 2. */
	ck_assert_int_eq(remove_cpu(2), 0);
	ck_assert_irq(x, 1, true, false);
	ck_assert_uint_ne(x_vector(x, &cpu), 0);
	ck_assert_uint_eq(cpu, 1);
	ck_assert_str_eq(mx_str(4), "0:0/0/0 1:1/1/1 2:1/0/0 3:0/0/0");

	/* The last CPU of the mask goes: managed shutdown. */
	ck_assert_int_eq(remove_cpu(1), 0);
	ck_assert_irq(x, 2, false, true);
	ck_assert_uint_eq(x_vector(x, NULL), 0);
	ck_assert_int_eq(irqlab_x86_irq_state(x->virq, &st), 0);
	ck_assert_uint_eq(st.cfg_vector, MANAGED_IRQ_SHUTDOWN_VECTOR);
	ck_assert(st.is_managed);
	ck_assert_str_eq(mx_str(4), "0:0/0/0 1:1/0/0 2:1/0/0 3:0/0/0");

	/* CPUs back: still disabled by the driver, so no vector. */
	ck_assert_int_eq(add_cpu(1), 0);
	ck_assert_irq(x, 1, false, false);
	ck_assert_uint_eq(x_vector(x, NULL), 0);
	ck_assert_int_eq(add_cpu(2), 0);
	ck_assert_irq(x, 1, false, false);
	ck_assert_str_eq(mx_str(4), "0:0/0/0 1:1/0/0 2:1/0/0 3:0/0/0");

	enable_irq(x->virq);
	ck_assert_irq(x, 0, true, false);
	vector = x_vector(x, &cpu);
	ck_assert_uint_ne(vector, 0);
	ck_assert_uint_eq(cpu, 2);
	ck_assert_str_eq(mx_str(4), "0:0/0/0 1:1/0/0 2:1/1/1 3:0/0/0");
	ck_assert_vector_irq(2, vector, x->virq);
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);

	x_fire(x);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x->calls, 1);
	ck_assert_uint_eq(x->last_cpu, 2);
}
END_TEST

/* The same on a v6.15 machine: the CPU's return restarts the disabled irq. */
START_TEST(test_x86_managed_legacy)
{
	static const char *const lists[] = { "1-2" };
	struct irqlab_machine_config cfg = {
		.nr_cpus = 4,
		.platform = IRQLAB_PLATFORM_X86,
		.kernel_version = KERNEL_VERSION(6, 15, 0),
	};
	struct xirq *x;
	unsigned int cpu;

	teardown();
	x_start_cfg(&cfg);
	x = x_alloc_managed(lists, 1);
	x_request(x);
	disable_irq(x->virq);
	ck_assert_int_eq(remove_cpu(2), 0);
	ck_assert_int_eq(remove_cpu(1), 0);
	ck_assert_irq(x, 1, false, true);

	ck_assert_int_eq(add_cpu(1), 0);
	ck_assert_irq(x, 0, true, false);
	ck_assert_uint_ne(x_vector(x, &cpu), 0);
	ck_assert_uint_eq(cpu, 1);
	ck_assert_str_eq(mx_str(4), "0:0/0/0 1:1/1/1 2:1/0/0 3:0/0/0");
	/* The driver disabled it, yet its interrupt is handled. */
	x_fire(x);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x->calls, 1);

	ck_assert_int_eq(add_cpu(2), 0);
	enable_irq(x->virq);
	ck_assert_uint_eq(irqlab_warn_count(tm), 1);
	ck_assert_log("Unbalanced enable for IRQ ");
}
END_TEST

/* Masks of one CPU and of all, disable/enable while the CPU is away. */
START_TEST(test_x86_managed_single_cpu)
{
	static const char *const lists[] = { "0", "1", "2", "3", "0-3" };
	struct xirq *x = x_alloc_managed(lists, 5);
	struct xirq *q3 = &x[3], *all = &x[4];
	unsigned int i, cpu;

	for (i = 0; i < 5; i++)
		x_request(&x[i]);
	ck_assert_str_eq(mx_str(4), "0:2/1/1 1:2/1/1 2:2/1/1 3:2/2/2");
	ck_assert_uint_ne(x_vector(all, &cpu), 0);
	ck_assert_uint_eq(cpu, 3);

	/* CPU 3 goes: q3 shuts down, "all" moves. */
	ck_assert_int_eq(remove_cpu(3), 0);
	ck_assert_irq(q3, 1, false, true);
	ck_assert_irq(all, 0, true, false);
	ck_assert_uint_eq(x_vector(q3, NULL), 0);
	ck_assert_uint_ne(x_vector(all, &cpu), 0);
	ck_assert_uint_ne(cpu, 3);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed_allocated(mx, 3), 0);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed(mx, 3), 2);

	/* Disabled while away, enabled again while away: net nothing. */
	disable_irq(q3->virq);
	ck_assert_irq(q3, 2, false, true);
	enable_irq(q3->virq);
	ck_assert_irq(q3, 1, false, true);

	ck_assert_int_eq(add_cpu(3), 0);
	ck_assert_irq(q3, 0, true, false);
	ck_assert_uint_ne(x_vector(q3, &cpu), 0);
	ck_assert_uint_eq(cpu, 3);
	/* "all" is single-target: it stays where it is. */
	ck_assert_uint_ne(x_vector(all, &cpu), 3);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed_allocated(mx, 3), 1);

	x_fire(q3);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(q3->calls, 1);
	ck_assert_uint_eq(q3->last_cpu, 3);
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
}
END_TEST

/*
 * Shut down with its interrupt pending in the dying CPU's IRR: the vector
 * is gone, so the interrupt goes with the CPU, silently (the kernel relies
 * on the block layer having drained the queue).
 */
START_TEST(test_x86_pending_on_managed_shutdown)
{
	static const char *const lists[] = { "3" };
	struct xirq *x = x_alloc_managed(lists, 1);
	enum irqlab_x86_vector_state vs;
	unsigned int vector, cpu, virq;

	x_request(x);
	vector = x_vector(x, &cpu);
	ck_assert_uint_eq(cpu, 3);
	x_fire(x);
	ck_assert(irr_pending(3, vector));

	ck_assert_int_eq(remove_cpu(3), 0);
	ck_assert_irq(x, 1, false, true);
	ck_assert_int_eq(irqlab_x86_vector_irq(tm, 3, vector, &vs, &virq), 0);
	ck_assert_int_ne(vs, IRQLAB_VECTOR_IRQ);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x->calls, 0);

	/* INIT on the way up clears what the APIC had latched. */
	ck_assert_int_eq(add_cpu(3), 0);
	ck_assert(!irr_pending(3, vector));
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x->calls, 0);
	ck_assert_irq(x, 0, true, false);

	x_fire(x);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x->calls, 1);
	ck_assert_uint_eq(x->last_cpu, 3);
	ck_assert_no_log("No irq handler");
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
}
END_TEST

/* ---- refusal when the vectors cannot move --------------------------------- */

START_TEST(test_x86_offline_enospc)
{
	struct irqlab_matrix_stats before, after;
	unsigned int avl0, avl1, n1, i, cpu;
	struct xirq *on1, *on0;
	char msg[128];

	teardown();
	x_start(2);
	avl0 = irqlab_matrix_cpu_available(mx, 0);
	avl1 = irqlab_matrix_cpu_available(mx, 1);
	n1 = avl1 < 150 ? avl1 : 150;
	ck_assert_uint_ge(avl0, n1);
	/* CPU 1 holds n1 vectors; CPU 0 keeps only n1 - 1 free. */
	on1 = x_alloc_on(cpumask_of(1), n1);
	on0 = x_alloc_on(cpumask_of(0), avl0 - (n1 - 1));
	for (i = 0; i < n1; i++)
		x_request(&on1[i]);
	ck_assert_uint_eq(irqlab_matrix_cpu_available(mx, 0), n1 - 1);
	irqlab_matrix_get_stats(mx, &before);

	ck_assert_int_eq(remove_cpu(1), -ENOSPC);
	snprintf(msg, sizeof(msg), "CPU 1 has %u vectors, %u available. Cannot disable CPU",
		 n1, n1 - 1);
	ck_assert_log(msg);
	/* Nothing changed. */
	ck_assert(cpu_online(1));
	irqlab_matrix_get_stats(mx, &after);
	ck_assert(memcmp(&after, &before, sizeof(before)) == 0);
	for (i = 0; i < n1; i++) {
		ck_assert_uint_ne(x_vector(&on1[i], &cpu), 0);
		ck_assert_uint_eq(cpu, 1);
	}

	/* One vector freed on CPU 0: now it fits, and everything moves. */
	irq_domain_free_irqs(on0[0].virq, 1);
	on0[0] = xirqs[--nr_x]; /* keep the tracking table dense */
	ck_assert_int_eq(remove_cpu(1), 0);
	for (i = 0; i < n1; i++) {
		ck_assert_uint_ne(x_vector(&on1[i], &cpu), 0);
		ck_assert_uint_eq(cpu, 0);
	}
	ck_assert_uint_eq(irqlab_matrix_cpu_available(mx, 0), 0);
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
}
END_TEST

/* ---- an interrupt pending in the dying CPU's IRR ------------------------------ */

START_TEST(test_x86_irr_forwarded)
{
	struct xirq *x = x_alloc_on(cpumask_of(2), 1);
	unsigned int vector, cpu;

	x_request(x);
	vector = x_vector(x, &cpu);
	ck_assert_uint_eq(cpu, 2);

	/* The device fires; CPU 2 has not taken it yet. */
	x_fire(x);
	ck_assert(irr_pending(2, vector));
	ck_assert_int_eq(remove_cpu(2), 0);
	vector = x_vector(x, &cpu);
	ck_assert_uint_ne(vector, 0);
	ck_assert_uint_ne(cpu, 2);
	ck_assert_vector_irq(cpu, vector, x->virq);
	/* The old vector was freed at once: its CPU is offline. */
	ck_assert_uint_eq(irqlab_matrix_cpu_allocated(mx, 2), base_alloc[2]);
	ck_assert_uint_eq(irqlab_matrix_cpu_allocated(mx, cpu), base_alloc[cpu] + 1);

	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x->calls, 1);
	ck_assert_uint_eq(x->last_cpu, cpu);
	ck_assert_uint_eq(kstat_irqs_cpu(x->virq, (int)cpu), 1);
	ck_assert_uint_eq(kstat_irqs_cpu(x->virq, 2), 0);
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
}
END_TEST

/* ---- a random walk against the model, with the matrix ------------------- */

static u64 x_rng;

static unsigned int x_rand(unsigned int n)
{
	x_rng ^= x_rng << 13;
	x_rng ^= x_rng >> 7;
	x_rng ^= x_rng << 17;
	return (unsigned int)(x_rng % n);
}

static bool x_aff_online(const struct xirq *x)
{
	return cpumask_intersects(irq_data_get_affinity_mask(ID(x)), cpu_online_mask);
}

static bool x_in_mask(const struct xirq *x, unsigned int cpu)
{
	return cpumask_test_cpu(cpu, irq_data_get_affinity_mask(ID(x)));
}

struct x_walk {
	struct xirq *x;
	struct hp_model md[8];
	unsigned int n, nr_cpus, warns;
	bool v616;
	struct hp_model_seen seen;
};

static void x_walk_check(struct x_walk *w, unsigned int step)
{
	unsigned int mac[8] = { 0 }, man[8] = { 0 };
	struct irqlab_x86_irq_state st;
	unsigned int i, cpu, vector;

	for (i = 0; i < w->n; i++) {
		struct xirq *x = &w->x[i];
		const struct hp_model *md = &w->md[i];

		ck_assert_msg(D(x)->depth == md->depth, "step %u irq %u: depth %u, model %u",
			      step, i, D(x)->depth, md->depth);
		ck_assert_irq(x, md->depth, md->started, md->msd);
		ck_assert_int_eq(irqd_irq_disabled(ID(x)), md->depth > 0);
		for (cpu = 0; cpu < w->nr_cpus; cpu++)
			man[cpu] += x_in_mask(x, cpu);
		vector = x_vector(x, &cpu);
		if (!md->started) {
			ck_assert_uint_eq(vector, 0);
			ck_assert_int_eq(irqlab_x86_irq_state(x->virq, &st), 0);
			ck_assert_uint_eq(st.cfg_vector, MANAGED_IRQ_SHUTDOWN_VECTOR);
			continue;
		}
		ck_assert_uint_ge(vector, FIRST_EXTERNAL_VECTOR);
		ck_assert(cpu_online(cpu));
		ck_assert(x_in_mask(x, cpu));
		mac[cpu]++;
	}
	/* Reservations stay; allocations are exactly the started irqs. */
	for (cpu = 0; cpu < w->nr_cpus; cpu++) {
		ck_assert_uint_eq(irqlab_matrix_cpu_managed(mx, cpu), man[cpu]);
		ck_assert_uint_eq(irqlab_matrix_cpu_managed_allocated(mx, cpu), mac[cpu]);
		ck_assert_uint_eq(irqlab_matrix_cpu_allocated(mx, cpu) - base_alloc[cpu],
				  mac[cpu]);
	}
	ck_assert_uint_eq(irqlab_warn_count(tm), w->warns);
}

static void x_walk_offline(struct x_walk *w, unsigned int cpu, int ret, bool was_online,
			   bool last)
{
	unsigned int k;

	if (!was_online) {
		ck_assert_int_eq(ret, 1);
	} else if (last) {
		ck_assert_int_eq(ret, -EBUSY);
	} else {
		ck_assert_int_eq(ret, 0);
		for (k = 0; k < w->n; k++)
			hp_model_offline(&w->md[k], x_aff_online(&w->x[k]), w->v616,
					 &w->seen);
	}
}

/* Fire an enabled irq, maybe take its CPU down before it runs, then run. */
static void x_walk_fire(struct x_walk *w, struct xirq *x, struct hp_model *md,
			bool offline_first)
{
	unsigned int calls = x->calls, vector, cpu, newcpu;
	bool last = num_online_cpus() == 1;

	if (!md->started || md->depth)
		return;
	vector = x_vector(x, &cpu);
	x_fire(x);
	ck_assert(irr_pending(cpu, vector));
	if (offline_first)
		x_walk_offline(w, cpu, remove_cpu(cpu), true, last);
	irqlab_run_until_idle(tm);
	if (!md->started) {
		/* Shut down with the interrupt pending: dropped with the CPU. */
		ck_assert_uint_eq(x->calls, calls);
		return;
	}
	x_vector(x, &newcpu);
	ck_assert_uint_eq(x->calls, calls + 1);
	ck_assert_uint_eq(x->last_cpu, newcpu);
}

static void x_walk_step(struct x_walk *w)
{
	unsigned int i = x_rand(w->n), cpu = x_rand(w->nr_cpus), k;
	bool was_online = cpu_online(cpu), last = num_online_cpus() == 1;
	struct hp_model *md = &w->md[i];
	struct xirq *x = &w->x[i];

	switch (x_rand(6)) {
	case 0:
		x_walk_offline(w, cpu, remove_cpu(cpu), was_online, last);
		break;
	case 1:
		ck_assert_int_eq(add_cpu(cpu), was_online ? 1 : 0);
		for (k = 0; !was_online && k < w->n; k++)
			hp_model_online(&w->md[k], x_in_mask(&w->x[k], cpu), w->v616,
					&w->seen);
		break;
	case 2:
		if (md->dis < 3) {
			disable_irq(x->virq);
			hp_model_disable(md);
		}
		break;
	case 3:
		if (md->dis) {
			enable_irq(x->virq);
			w->warns += hp_model_enable(md, x_aff_online(x), &w->seen);
		}
		break;
	default:
		x_walk_fire(w, x, md, x_rand(2));
	}
}

/* _i = 0: v6.16 rules; _i = 1: v6.15 rules. */
START_TEST(test_x86_managed_random_walk)
{
	static const char *const lists[] = { "0", "1-2", "2-4", "5", "0-5", "3,5" };
	struct irqlab_machine_config cfg = { .nr_cpus = 6, .platform = IRQLAB_PLATFORM_X86 };
	struct x_walk w = { .n = 6, .nr_cpus = 6, .v616 = _i == 0 };
	unsigned int i;

	if (!w.v616)
		cfg.kernel_version = KERNEL_VERSION(6, 15, 0);
	teardown();
	x_start_cfg(&cfg);
	x_rng = 0x2545f4914f6cdd1dULL + (u64)_i;
	w.x = x_alloc_managed(lists, w.n);
	for (i = 0; i < w.n; i++) {
		x_request(&w.x[i]);
		hp_model_init(&w.md[i]);
	}
	x_walk_check(&w, 0);
	for (i = 1; i <= 2000; i++) {
		x_walk_step(&w);
		x_walk_check(&w, i);
	}
	ck_assert_uint_ge(w.seen.shutdown, 50);
	ck_assert_uint_ge(w.seen.restart, 20);
	ck_assert_uint_ge(w.seen.abort, 1);
	if (w.v616) {
		ck_assert_uint_ge(w.seen.kept_disabled, 10);
		ck_assert_uint_eq(w.seen.unbalanced, 0);
	} else {
		ck_assert_uint_ge(w.seen.unbalanced, 10);
	}
	ck_assert_no_log("No irq handler");
	ck_assert_no_log("Moved interrupt pending");
	ck_assert_no_log("Cannot disable CPU");
}
END_TEST

static Suite *hotplug_x86_suite(void)
{
	Suite *s = suite_create("hotplug_x86");
	TCase *tc = tcase_create("x86");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_x86_managed_mask_of_two);
	tcase_add_test(tc, test_x86_managed_legacy);
	tcase_add_test(tc, test_x86_managed_single_cpu);
	tcase_add_test(tc, test_x86_pending_on_managed_shutdown);
	tcase_add_test(tc, test_x86_offline_enospc);
	tcase_add_test(tc, test_x86_irr_forwarded);
	tcase_add_loop_test(tc, test_x86_managed_random_walk, 0, 2);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(hotplug_x86_suite());
}
