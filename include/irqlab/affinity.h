/* SPDX-License-Identifier: MIT */
/*
 * Affinity spreading (kernel/irq/affinity.c and lib/group_cpus.c analogues):
 * how multi-queue drivers get one managed CPU mask per vector, spread over
 * NUMA nodes and SMT siblings.
 *
 * irqlab masks are sized at run time, so the arrays returned here are single
 * blocks that hold their masks as well: one kfree() of the returned pointer
 * frees everything, exactly as kernel callers free these arrays.
 */
#ifndef IRQLAB_AFFINITY_H
#define IRQLAB_AFFINITY_H

#include "irqlab/cpumask.h"
#include "irqlab/irqdesc.h"
#include "irqlab/types.h"

/** Maximum number of interrupt sets of one struct irq_affinity. */
#define IRQ_AFFINITY_MAX_SETS 4

/*
 * Largest block irq_create_affinity_masks() and group_cpus_evenly()
 * allocate.  Larger requests fail (NULL), as an oversized kcalloc() fails
 * in the kernel, instead of zeroing gigabytes for an absurd vector count.
 */
#define IRQLAB_AFFINITY_MAX_BLOCK (64UL << 20)

/**
 * struct irq_affinity - description of a driver's affinity requirements.
 * @pre_vectors: vectors at the start that are not spread (admin, config...).
 * @post_vectors: vectors at the end that are not spread.
 * @nr_sets: number of interrupt sets, set by @calc_sets.
 * @set_size: number of vectors of each set, set by @calc_sets.
 * @calc_sets: called with the number of spreadable vectors to fill @nr_sets
 *             and @set_size; NULL installs the default (one set of all of
 *             them), which then stays installed, as in the kernel.
 * @priv: driver data for @calc_sets.
 */
struct irq_affinity {
	unsigned int pre_vectors;
	unsigned int post_vectors;
	unsigned int nr_sets;
	unsigned int set_size[IRQ_AFFINITY_MAX_SETS];
	void (*calc_sets)(struct irq_affinity *affd, unsigned int nvecs);
	void *priv;
};

/**
 * irq_create_affinity_masks() - create affinity masks for multiqueue spreading.
 * @nvecs: total number of vectors.
 * @affd: the requirements; @affd->calc_sets is called (and installed when
 *        NULL), so @affd is updated.
 *
 * The pre and post vectors, and spread vectors for which no group could be
 * formed, get a copy of irq_default_affinity and are not managed; vectors
 * [pre_vectors, nvecs - post_vectors) are marked managed.
 *
 * Memory: the result is ONE allocation holding the @nvecs descriptors
 * followed by the storage of their @nvecs masks; each desc.mask points into
 * that block.  Free it with a single kfree() of the returned pointer; never
 * free the masks separately.
 *
 * Context: process context; allocates memory.
 * Return: the array of @nvecs descriptors, or NULL when nothing is left to
 * spread (nvecs <= pre + post), when calc_sets asked for more than
 * IRQ_AFFINITY_MAX_SETS sets (WARN) or for more vectors than available
 * (WARN; the kernel would overrun its array), when a set is empty, or when
 * memory runs out or the block would exceed IRQLAB_AFFINITY_MAX_BLOCK.
 */
IRQLAB_API struct irq_affinity_desc *
irq_create_affinity_masks(unsigned int nvecs, struct irq_affinity *affd);

/**
 * irq_calc_affinity_vectors() - the optimal number of vectors.
 * @minvec: the minimum number of vectors the device needs.
 * @maxvec: the maximum number of vectors available.
 * @affd: the requirements.
 *
 * Return: 0 if the pre and post vectors do not fit in @minvec; otherwise
 * the reserved vectors plus min(spreadable, maxvec - reserved), where the
 * spreadable count is maxvec - reserved when @affd has a calc_sets callback
 * and the number of possible CPUs otherwise.
 */
IRQLAB_API unsigned int irq_calc_affinity_vectors(unsigned int minvec,
						  unsigned int maxvec,
						  const struct irq_affinity *affd);

/**
 * group_cpus_evenly() - group all possible CPUs evenly per NUMA/SMT locality.
 * @numgrps: number of groups wanted.
 * @nummasks: where the number of initialised groups is stored on success;
 *            it can be smaller than @numgrps (fewer CPUs than groups).
 *
 * Present CPUs are grouped first, then the possible-but-absent ones,
 * starting at the next group and wrapping.  Every possible CPU ends up in
 * exactly one group.
 *
 * Deviation from the kernel: the kernel returns an array of struct cpumask;
 * irqlab's masks are variable-sized, so this returns an array of @numgrps
 * pointers to masks, allocated as ONE block (the pointer array followed by
 * the masks' storage).  Free it with a single kfree() of the returned
 * pointer.  Groups at index >= *@nummasks are empty.
 *
 * Context: process context; allocates memory.
 * Return: the groups, or NULL when @numgrps is 0, @nummasks is NULL (WARN),
 * memory runs out or the block would exceed IRQLAB_AFFINITY_MAX_BLOCK.
 */
IRQLAB_API struct cpumask **group_cpus_evenly(unsigned int numgrps,
					      unsigned int *nummasks);

#endif
