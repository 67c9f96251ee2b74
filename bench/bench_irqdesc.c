// SPDX-License-Identifier: MIT
/*
 * Descriptor table benchmarks: allocating and freeing one descriptor with
 * 0 .. 1,000,000 irqs already allocated (the search must not scan the
 * number space), and irq_to_desc lookups.
 */
#include <stdio.h>

#include "harness.h"
#include "irqlab/irqlab.h"

struct alloc_ctx {
	unsigned int occupied;
};

static void alloc_free(void *ctx, uint64_t iters)
{
	uint64_t i;

	(void)ctx;
	for (i = 0; i < iters; i++) {
		int irq = irq_alloc_descs(-1, 1, 1, NUMA_NO_NODE);

		bench_sink = (uintptr_t)irq;
		irq_free_desc((unsigned int)irq);
	}
}

static void lookup(void *ctx, uint64_t iters)
{
	struct alloc_ctx *c = ctx;
	uint64_t i;

	for (i = 0; i < iters; i++)
		bench_sink = (uintptr_t)irq_to_desc((unsigned int)(1 + (i * 7919) % c->occupied));
}

int main(int argc, char **argv)
{
	static const unsigned int occupied[] = { 1, 1024, 65536, 1000000 };
	struct irqlab_machine *m;
	unsigned int i, have = 0;
	char name[96], params[96];

	if (!bench_init(argc, argv, "irqdesc"))
		return 2;
	if (irqlab_machine_create(NULL, &m))
		return 1;
	for (i = 0; i < sizeof(occupied) / sizeof(occupied[0]); i++) {
		struct alloc_ctx ctx = { occupied[i] };
		struct bench_case c;

		/* Fill [1, occupied] so the free search starts behind them. */
		if (irq_alloc_descs(-1, 1, occupied[i] - have, NUMA_NO_NODE) < 0)
			return 1;
		have = occupied[i];
		snprintf(name, sizeof(name), "irq_alloc_descs+irq_free_descs/occupied=%u",
			 occupied[i]);
		snprintf(params, sizeof(params), "\"occupied\": %u", occupied[i]);
		c = (struct bench_case){ name, params, alloc_free, &ctx };
		bench_run(&c);
		snprintf(name, sizeof(name), "irq_to_desc/occupied=%u", occupied[i]);
		c = (struct bench_case){ name, params, lookup, &ctx };
		bench_run(&c);
	}
	bench_finish();
	irqlab_machine_destroy(m);
	return 0;
}
