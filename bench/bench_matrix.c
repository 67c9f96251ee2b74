// SPDX-License-Identifier: MIT
/*
 * Vector matrix benchmarks: irqcore/matrix.c (segment trees over the CPU
 * counts) side by side with the linear reference allocator of the tests
 * (the kernel's algorithm), at 4, 64, 512 and 8192 CPUs.
 *
 * Setup as in the reference's measurement (genirq.md §5): the x86 matrix
 * (256 bits, allocation range 0x20..0xeb, system bits 0-31, 0x80 and
 * 0xec-0xff), every CPU online, 100 of the ~203 usable vectors of each CPU
 * pre-allocated.  One operation is:
 *  - alloc+free: irq_matrix_alloc(mask) + irq_matrix_free(), for the masks
 *    all (every online CPU), node (one NUMA node of cpus/64, at least 2
 *    nodes) and one (a single CPU);
 *  - managed: irq_matrix_reserve_managed(mask) + irq_matrix_alloc_managed()
 *    + irq_matrix_free() + irq_matrix_remove_managed(), for all and node;
 *  - alloc+free-ring64: irq_matrix_alloc(all) and the free of the vector
 *    allocated 64 operations earlier, so the counts keep moving between
 *    CPUs (a plain alloc+free pair restores the chosen CPU's count, which
 *    irqlab's lazily updated trees get for free).
 *
 * Each record carries impl ("irqlab" or "reference"), cpus, mask, op,
 * ops_per_sec, and for irqlab ratio_vs_reference (reference median / ours).
 */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "irqlab/irqlab.h"
#include "irqlab/x86_vectors.h"
#include "matrix_ref.h"

#define PREALLOC_PER_CPU 100

#define RING 64

struct ring {
	unsigned int cpu[RING], bit[RING];
	unsigned int head, used;
};

struct mctx {
	struct irq_matrix *m;
	struct ref_irq_matrix *ref;
	const struct cpumask *msk;
	struct ring ring;
};

static void die(const char *what, int ret)
{
	fprintf(stderr, "bench_matrix: %s failed: %d\n", what, ret);
	exit(1);
}

static void ours_alloc_free(void *p, uint64_t iters)
{
	struct mctx *c = p;
	unsigned int cpu;
	uint64_t i;

	for (i = 0; i < iters; i++) {
		int bit = irq_matrix_alloc(c->m, c->msk, false, &cpu);

		if (bit < 0)
			die("irq_matrix_alloc", bit);
		irq_matrix_free(c->m, cpu, (unsigned int)bit, false);
		bench_sink = (uintptr_t)bit;
	}
}

static void ref_alloc_free(void *p, uint64_t iters)
{
	struct mctx *c = p;
	unsigned int cpu;
	uint64_t i;

	for (i = 0; i < iters; i++) {
		int bit = ref_irq_matrix_alloc(c->ref, c->msk, false, &cpu);

		if (bit < 0)
			die("ref_irq_matrix_alloc", bit);
		ref_irq_matrix_free(c->ref, cpu, (unsigned int)bit, false);
		bench_sink = (uintptr_t)bit;
	}
}

static void ours_managed(void *p, uint64_t iters)
{
	struct mctx *c = p;
	unsigned int cpu;
	uint64_t i;

	for (i = 0; i < iters; i++) {
		int ret = irq_matrix_reserve_managed(c->m, c->msk);

		if (ret)
			die("irq_matrix_reserve_managed", ret);
		ret = irq_matrix_alloc_managed(c->m, c->msk, &cpu);
		if (ret < 0)
			die("irq_matrix_alloc_managed", ret);
		irq_matrix_free(c->m, cpu, (unsigned int)ret, true);
		irq_matrix_remove_managed(c->m, c->msk);
		bench_sink = (uintptr_t)ret;
	}
}

static void ref_managed(void *p, uint64_t iters)
{
	struct mctx *c = p;
	unsigned int cpu;
	uint64_t i;

	for (i = 0; i < iters; i++) {
		int ret = ref_irq_matrix_reserve_managed(c->ref, c->msk);

		if (ret)
			die("ref_irq_matrix_reserve_managed", ret);
		ret = ref_irq_matrix_alloc_managed(c->ref, c->msk, &cpu);
		if (ret < 0)
			die("ref_irq_matrix_alloc_managed", ret);
		ref_irq_matrix_free(c->ref, cpu, (unsigned int)ret, true);
		ref_irq_matrix_remove_managed(c->ref, c->msk);
		bench_sink = (uintptr_t)ret;
	}
}

static void ours_ring(void *p, uint64_t iters)
{
	struct mctx *c = p;
	struct ring *r = &c->ring;
	uint64_t i;

	for (i = 0; i < iters; i++) {
		int bit;

		if (r->used == RING)
			irq_matrix_free(c->m, r->cpu[r->head], r->bit[r->head], false);
		else
			r->used++;
		bit = irq_matrix_alloc(c->m, c->msk, false, &r->cpu[r->head]);
		if (bit < 0)
			die("irq_matrix_alloc", bit);
		r->bit[r->head] = (unsigned int)bit;
		r->head = (r->head + 1) % RING;
	}
}

static void ref_ring(void *p, uint64_t iters)
{
	struct mctx *c = p;
	struct ring *r = &c->ring;
	uint64_t i;

	for (i = 0; i < iters; i++) {
		int bit;

		if (r->used == RING)
			ref_irq_matrix_free(c->ref, r->cpu[r->head], r->bit[r->head], false);
		else
			r->used++;
		bit = ref_irq_matrix_alloc(c->ref, c->msk, false, &r->cpu[r->head]);
		if (bit < 0)
			die("ref_irq_matrix_alloc", bit);
		r->bit[r->head] = (unsigned int)bit;
		r->head = (r->head + 1) % RING;
	}
}

/* Give back what a ring benchmark still holds. */
static void ring_drain(struct mctx *c, bool ours)
{
	struct ring *r = &c->ring;

	while (r->used) {
		r->head = (r->head + RING - 1) % RING;
		if (ours)
			irq_matrix_free(c->m, r->cpu[r->head], r->bit[r->head], false);
		else
			ref_irq_matrix_free(c->ref, r->cpu[r->head], r->bit[r->head], false);
		r->used--;
	}
	r->head = 0;
}

/* Boot-time layout of an x86 matrix: system bits, all CPUs online. */
static void setup_matrices(struct mctx *c, unsigned int cpus)
{
	unsigned int bit, cpu, i;

	c->m = irq_alloc_matrix(NR_VECTORS, FIRST_EXTERNAL_VECTOR, FIRST_SYSTEM_VECTOR);
	c->ref = ref_irq_alloc_matrix(NR_VECTORS, FIRST_EXTERNAL_VECTOR,
				      FIRST_SYSTEM_VECTOR);
	if (!c->m || !c->ref)
		die("irq_alloc_matrix", -ENOMEM);
	for (bit = 0; bit < NR_VECTORS; bit++) {
		if (bit >= FIRST_EXTERNAL_VECTOR && bit < FIRST_SYSTEM_VECTOR &&
		    bit != IA32_SYSCALL_VECTOR)
			continue;
		irq_matrix_assign_system(c->m, bit, false);
		ref_irq_matrix_assign_system(c->ref, bit, false);
	}
	for (cpu = 0; cpu < cpus; cpu++) {
		irqlab_matrix_online_cpu(c->m, cpu);
		ref_irqlab_matrix_online_cpu(c->ref, cpu);
		for (i = 0; i < PREALLOC_PER_CPU; i++) {
			unsigned int got;
			int ret = irq_matrix_alloc(c->m, cpumask_of(cpu), false, &got);

			if (ret < 0)
				die("prealloc", ret);
			ret = ref_irq_matrix_alloc(c->ref, cpumask_of(cpu), false, &got);
			if (ret < 0)
				die("ref prealloc", ret);
		}
	}
}

static void run_pair(struct mctx *c, unsigned int cpus, const char *op,
		     const char *mask, bench_fn ours, bench_fn ref)
{
	char name[128], params[256];
	struct bench_result r_ref, r_ours;
	struct bench_case cr, co;

	snprintf(name, sizeof(name), "matrix/%s/cpus=%u/mask=%s/reference", op, cpus, mask);
	cr = (struct bench_case){ name, NULL, ref, c };
	bench_measure(&cr, &r_ref);
	ring_drain(c, false);
	snprintf(params, sizeof(params),
		 "\"impl\": \"reference\", \"cpus\": %u, \"mask\": \"%s\", \"op\": \"%s\", "
		 "\"ops_per_sec\": %.0f", cpus, mask, op, 1e9 / r_ref.median);
	cr.params = params;
	bench_report(&cr, &r_ref);

	snprintf(name, sizeof(name), "matrix/%s/cpus=%u/mask=%s/irqlab", op, cpus, mask);
	co = (struct bench_case){ name, NULL, ours, c };
	bench_measure(&co, &r_ours);
	ring_drain(c, true);
	snprintf(params, sizeof(params),
		 "\"impl\": \"irqlab\", \"cpus\": %u, \"mask\": \"%s\", \"op\": \"%s\", "
		 "\"ops_per_sec\": %.0f, \"ratio_vs_reference\": %.2f", cpus, mask, op,
		 1e9 / r_ours.median, r_ref.median / r_ours.median);
	co.params = params;
	bench_report(&co, &r_ours);
}

static void bench_size(unsigned int cpus)
{
	unsigned int nodes = cpus / 64 > 2 ? cpus / 64 : 2;
	struct irqlab_machine_config cfg = { .nr_cpus = cpus, .nr_nodes = nodes };
	struct irqlab_machine *mach;
	cpumask_var_t all;
	struct mctx c = { 0 };
	int ret;

	ret = irqlab_machine_create(&cfg, &mach);
	if (ret)
		die("irqlab_machine_create", ret);
	if (!alloc_cpumask_var(&all, GFP_KERNEL))
		die("alloc_cpumask_var", -ENOMEM);
	cpumask_copy(all, cpu_online_mask);
	setup_matrices(&c, cpus);

	c.msk = all;
	run_pair(&c, cpus, "alloc+free", "all", ours_alloc_free, ref_alloc_free);
	c.msk = cpumask_of_node((int)(nodes / 2));
	run_pair(&c, cpus, "alloc+free", "node", ours_alloc_free, ref_alloc_free);
	c.msk = cpumask_of(cpus / 2);
	run_pair(&c, cpus, "alloc+free", "one", ours_alloc_free, ref_alloc_free);
	c.msk = all;
	run_pair(&c, cpus, "alloc+free-ring64", "all", ours_ring, ref_ring);
	run_pair(&c, cpus, "managed", "all", ours_managed, ref_managed);
	c.msk = cpumask_of_node((int)(nodes / 2));
	run_pair(&c, cpus, "managed", "node", ours_managed, ref_managed);

	irq_matrix_destroy(c.m);
	ref_irq_matrix_destroy(c.ref);
	free_cpumask_var(all);
	irqlab_machine_destroy(mach);
}

int main(int argc, char **argv)
{
	static const unsigned int sizes[] = { 4, 64, 512, 8192 };
	unsigned int i;

	if (!bench_init(argc, argv, "matrix"))
		return 2;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		bench_size(sizes[i]);
	bench_finish();
	return 0;
}
