/* SPDX-License-Identifier: MIT */
/*
 * The interrupt vector matrix allocator (kernel/irq/matrix.c): one bitmap
 * of matrix_bits per CPU, a system-wide system map, managed reservations
 * and global accounting, with the kernel's API and CPU/bit choices.
 *
 * A matrix belongs to the machine that was current when it was allocated
 * and is sized for its nr_cpu_ids.  Like the kernel's, it has no lock of
 * its own: callers serialise (the x86 vector code holds vector_lock).
 * Functions named "local CPU" act on smp_processor_id() of the caller
 * (irqlab_this_cpu()); irqlab_matrix_online_cpu()/offline_cpu() name the
 * CPU explicitly.
 *
 * Choosing a CPU does not scan the mask CPU by CPU: the matrix keeps
 * segment trees over the per-CPU counts, and a mask is decomposed into runs
 * of consecutive CPUs, each answered in O(log nr_cpu_ids).
 */
#ifndef IRQLAB_MATRIX_H
#define IRQLAB_MATRIX_H

#include "irqlab/cpumask.h"
#include "irqlab/seq_file.h"
#include "irqlab/types.h"

/* Largest matrix_bits irq_alloc_matrix() accepts (RISC-V IMSIC uses 2048). */
#define IRQLAB_MATRIX_MAX_BITS 4096

struct irq_matrix;

IRQLAB_API struct irq_matrix *irq_alloc_matrix(unsigned int matrix_bits,
					       unsigned int alloc_start,
					       unsigned int alloc_end);
/** irq_matrix_destroy() - free a matrix (irqlab addition; NULL is ignored). */
IRQLAB_API void irq_matrix_destroy(struct irq_matrix *m);

IRQLAB_API void irq_matrix_online(struct irq_matrix *m);
IRQLAB_API void irq_matrix_offline(struct irq_matrix *m);
IRQLAB_API void irqlab_matrix_online_cpu(struct irq_matrix *m, unsigned int cpu);
IRQLAB_API void irqlab_matrix_offline_cpu(struct irq_matrix *m, unsigned int cpu);

IRQLAB_API void irq_matrix_assign_system(struct irq_matrix *m, unsigned int bit,
					 bool replace);
IRQLAB_API int irq_matrix_reserve_managed(struct irq_matrix *m,
					  const struct cpumask *msk);
IRQLAB_API void irq_matrix_remove_managed(struct irq_matrix *m,
					  const struct cpumask *msk);
IRQLAB_API int irq_matrix_alloc_managed(struct irq_matrix *m,
					const struct cpumask *msk,
					unsigned int *mapped_cpu);
IRQLAB_API void irq_matrix_assign(struct irq_matrix *m, unsigned int bit);
IRQLAB_API void irq_matrix_reserve(struct irq_matrix *m);
IRQLAB_API void irq_matrix_remove_reserved(struct irq_matrix *m);
IRQLAB_API int irq_matrix_alloc(struct irq_matrix *m, const struct cpumask *msk,
				bool reserved, unsigned int *mapped_cpu);
IRQLAB_API void irq_matrix_free(struct irq_matrix *m, unsigned int cpu,
				unsigned int bit, bool managed);
IRQLAB_API unsigned int irq_matrix_available(struct irq_matrix *m, bool cpudown);
IRQLAB_API unsigned int irq_matrix_reserved(struct irq_matrix *m);
IRQLAB_API unsigned int irq_matrix_allocated(struct irq_matrix *m);
IRQLAB_API void irq_matrix_debug_show(struct seq_file *sf, struct irq_matrix *m,
				      int ind);

/* ---- irqlab queries (tests, debug renderers) ---------------------------- */

/** struct irqlab_matrix_stats - the matrix's global fields. */
struct irqlab_matrix_stats {
	unsigned int nr_cpus; /* CPU maps: the machine's nr_cpu_ids */
	unsigned int matrix_bits;
	unsigned int alloc_start;
	unsigned int alloc_end;
	unsigned int alloc_size;
	unsigned int global_available;
	unsigned int global_reserved;
	unsigned int systembits_inalloc;
	unsigned int total_allocated;
	unsigned int online_maps;
};

/** struct irqlab_matrix_cpu_stats - one CPU map's counters (struct cpumap). */
struct irqlab_matrix_cpu_stats {
	unsigned int available;
	unsigned int allocated;
	unsigned int managed;
	unsigned int managed_allocated;
	bool initialized;
	bool online;
};

IRQLAB_API void irqlab_matrix_get_stats(const struct irq_matrix *m,
					struct irqlab_matrix_stats *st);
/* Return: 0, or -EINVAL (and @st zeroed) for a CPU beyond the matrix. */
IRQLAB_API int irqlab_matrix_get_cpu_stats(const struct irq_matrix *m,
					   unsigned int cpu,
					   struct irqlab_matrix_cpu_stats *st);
/* Per-CPU counters; 0 for a CPU beyond the matrix. */
IRQLAB_API unsigned int irqlab_matrix_cpu_available(const struct irq_matrix *m,
						    unsigned int cpu);
IRQLAB_API unsigned int irqlab_matrix_cpu_allocated(const struct irq_matrix *m,
						    unsigned int cpu);
IRQLAB_API unsigned int irqlab_matrix_cpu_managed(const struct irq_matrix *m,
						  unsigned int cpu);
IRQLAB_API unsigned int
irqlab_matrix_cpu_managed_allocated(const struct irq_matrix *m, unsigned int cpu);
/* Bit queries; false for a CPU or bit beyond the matrix. */
IRQLAB_API bool irqlab_matrix_bit_allocated(const struct irq_matrix *m,
					    unsigned int cpu, unsigned int bit);
IRQLAB_API bool irqlab_matrix_bit_managed(const struct irq_matrix *m,
					  unsigned int cpu, unsigned int bit);
IRQLAB_API bool irqlab_matrix_bit_system(const struct irq_matrix *m,
					 unsigned int bit);

#endif
