/* SPDX-License-Identifier: MIT */
/*
 * Reference vector matrix allocator for tests and benchmarks only: the
 * plain algorithm of kernel/irq/matrix.c as genirq.md §5 describes it,
 * choosing the CPU with a linear scan of the mask.  Same API and the same
 * irqlab hardening (WARN + no change) as irqcore/matrix.c, with a ref_
 * prefix.  Not part of the library.
 */
#ifndef IRQLAB_TESTS_MATRIX_REF_H
#define IRQLAB_TESTS_MATRIX_REF_H

#include "irqlab/irqlab.h"

struct ref_irq_matrix;

struct ref_irq_matrix *ref_irq_alloc_matrix(unsigned int matrix_bits,
					    unsigned int alloc_start,
					    unsigned int alloc_end);
void ref_irq_matrix_destroy(struct ref_irq_matrix *m);
void ref_irq_matrix_online(struct ref_irq_matrix *m);
void ref_irq_matrix_offline(struct ref_irq_matrix *m);
void ref_irqlab_matrix_online_cpu(struct ref_irq_matrix *m, unsigned int cpu);
void ref_irqlab_matrix_offline_cpu(struct ref_irq_matrix *m, unsigned int cpu);
void ref_irq_matrix_assign_system(struct ref_irq_matrix *m, unsigned int bit,
				  bool replace);
int ref_irq_matrix_reserve_managed(struct ref_irq_matrix *m,
				   const struct cpumask *msk);
void ref_irq_matrix_remove_managed(struct ref_irq_matrix *m,
				   const struct cpumask *msk);
int ref_irq_matrix_alloc_managed(struct ref_irq_matrix *m,
				 const struct cpumask *msk,
				 unsigned int *mapped_cpu);
void ref_irq_matrix_assign(struct ref_irq_matrix *m, unsigned int bit);
void ref_irq_matrix_reserve(struct ref_irq_matrix *m);
void ref_irq_matrix_remove_reserved(struct ref_irq_matrix *m);
int ref_irq_matrix_alloc(struct ref_irq_matrix *m, const struct cpumask *msk,
			 bool reserved, unsigned int *mapped_cpu);
void ref_irq_matrix_free(struct ref_irq_matrix *m, unsigned int cpu,
			 unsigned int bit, bool managed);
unsigned int ref_irq_matrix_available(struct ref_irq_matrix *m, bool cpudown);
unsigned int ref_irq_matrix_reserved(struct ref_irq_matrix *m);
unsigned int ref_irq_matrix_allocated(struct ref_irq_matrix *m);
void ref_irq_matrix_debug_show(struct seq_file *sf, struct ref_irq_matrix *m,
			       int ind);

void ref_irqlab_matrix_get_stats(const struct ref_irq_matrix *m,
				 struct irqlab_matrix_stats *st);
int ref_irqlab_matrix_get_cpu_stats(const struct ref_irq_matrix *m,
				    unsigned int cpu,
				    struct irqlab_matrix_cpu_stats *st);
bool ref_irqlab_matrix_bit_allocated(const struct ref_irq_matrix *m,
				     unsigned int cpu, unsigned int bit);
bool ref_irqlab_matrix_bit_managed(const struct ref_irq_matrix *m,
				   unsigned int cpu, unsigned int bit);
bool ref_irqlab_matrix_bit_system(const struct ref_irq_matrix *m,
				  unsigned int bit);

#endif
