// SPDX-License-Identifier: MIT
/*
 * Managed affinity spreading for multi-queue devices (kernel/irq/affinity.c
 * analogue).  A driver describes its vectors with struct irq_affinity: a
 * few pre and post vectors that keep the default affinity, and one or more
 * sets of queue vectors, each spread over all possible CPUs with
 * group_cpus_evenly().  The spread vectors are managed: the core, not user
 * space, owns their affinity, and hotplug shuts them down with their CPUs.
 *
 * The grouping ignores isolcpus=managed_irq; housekeeping is applied when
 * the affinity is programmed (irq_do_set_affinity), as in v6.16.
 */
#include "internals.h"
#include "irqlab/affinity.h"

/* Without a calc_sets callback: one set holding every spreadable vector. */
static void default_calc_sets(struct irq_affinity *affd, unsigned int affvecs)
{
	affd->nr_sets = 1;
	affd->set_size[0] = affvecs;
}

/*
 * One block: @nvecs descriptors, then the storage of their masks, each
 * descriptor's mask pointing at its own slot.
 */
static struct irq_affinity_desc *alloc_desc_block(unsigned int nvecs)
{
	struct irq_affinity_desc *masks;
	size_t stride;
	unsigned int i;
	char *base;

	masks = irqlab_cpumask_block_alloc((size_t)nvecs * sizeof(*masks), nvecs,
					   IRQLAB_AFFINITY_MAX_BLOCK, &base, &stride);
	if (!masks)
		return NULL;
	for (i = 0; i < nvecs; i++)
		masks[i].mask = irqlab_cpumask_place(base + (size_t)i * stride, nr_cpu_ids);
	return masks;
}

/* Spread one set into masks[@curvec...]; returns the groups made or -ENOMEM. */
static int spread_one_set(struct irq_affinity_desc *masks, unsigned int curvec,
			  unsigned int this_vecs)
{
	struct cpumask **result;
	unsigned int nr_masks, j;

	/* An empty set makes group_cpus_evenly() fail, failing the whole call. */
	result = group_cpus_evenly(this_vecs, &nr_masks);
	if (!result)
		return -ENOMEM;
	for (j = 0; j < nr_masks; j++)
		cpumask_copy(masks[curvec + j].mask, result[j]);
	kfree(result);
	return (int)nr_masks;
}

/* The sets must fit in the spreadable vectors, or the array would overflow. */
static bool sets_fit(const struct irq_affinity *affd, unsigned int affvecs)
{
	unsigned long long sum = 0;
	unsigned int i;

	for (i = 0; i < affd->nr_sets; i++)
		sum += affd->set_size[i];
	return sum <= affvecs;
}

/**
 * irq_create_affinity_masks() - create affinity masks for multiqueue spreading.
 * @nvecs: total number of vectors.
 * @affd: the requirements; calc_sets is called with the number of
 *        spreadable vectors (even when that is 0, so the driver can adapt),
 *        and the default one is installed when it is NULL.
 *
 * Vectors [0, pre_vectors) get irq_default_affinity.  Each set i then gets
 * group_cpus_evenly(set_size[i]) copied in order, the next set starting
 * after the groups actually made.  The remaining vectors (sets that got
 * fewer groups than asked for, and the post vectors) get
 * irq_default_affinity.  [pre_vectors, nvecs - post_vectors) are marked
 * managed.
 *
 * Memory: the result is ONE allocation holding the @nvecs descriptors
 * followed by the storage of their masks; each .mask points into that
 * block, so a single kfree() of the returned pointer frees everything.
 *
 * Context: process context; allocates memory.
 * Return: the descriptors, or NULL: more than IRQ_AFFINITY_MAX_SETS sets
 * (WARN), nothing to spread (nvecs <= pre + post), sets larger in total
 * than the spreadable vectors (WARN; an irqlab guard where the kernel
 * would overrun its array), an empty set, no memory, or a block larger than
 * IRQLAB_AFFINITY_MAX_BLOCK.
 */
struct irq_affinity_desc *irq_create_affinity_masks(unsigned int nvecs,
						    struct irq_affinity *affd)
{
	unsigned int affvecs, curvec, usedvecs, i;
	struct irq_affinity_desc *masks;
	int ret;

	if (WARN_ON_ONCE(!affd))
		return NULL;

	/* pre + post may use up (or exceed) every vector: nothing to spread. */
	if (nvecs > affd->pre_vectors + affd->post_vectors)
		affvecs = nvecs - affd->pre_vectors - affd->post_vectors;
	else
		affvecs = 0;

	if (!affd->calc_sets)
		affd->calc_sets = default_calc_sets;
	affd->calc_sets(affd, affvecs);

	if (WARN_ON_ONCE(affd->nr_sets > IRQ_AFFINITY_MAX_SETS))
		return NULL;
	if (!affvecs)
		return NULL;
	if (WARN_ON_ONCE(!sets_fit(affd, affvecs)))
		return NULL;

	masks = alloc_desc_block(nvecs);
	if (!masks)
		return NULL;

	for (curvec = 0; curvec < affd->pre_vectors; curvec++)
		cpumask_copy(masks[curvec].mask, irq_default_affinity);

	for (i = 0, usedvecs = 0; i < affd->nr_sets; i++) {
		ret = spread_one_set(masks, curvec, affd->set_size[i]);
		if (ret < 0) {
			kfree(masks);
			return NULL;
		}
		curvec += (unsigned int)ret;
		usedvecs += (unsigned int)ret;
	}

	/* Vectors no group was made for, and the post vectors. */
	curvec = affd->pre_vectors + (usedvecs >= affvecs ? affvecs : usedvecs);
	for (; curvec < nvecs; curvec++)
		cpumask_copy(masks[curvec].mask, irq_default_affinity);

	for (i = affd->pre_vectors; i < nvecs - affd->post_vectors; i++)
		masks[i].is_managed = 1;
	return masks;
}

/**
 * irq_calc_affinity_vectors() - the optimal number of vectors.
 * @minvec: the minimum number of vectors the device needs.
 * @maxvec: the maximum number of vectors available.
 * @affd: the requirements.
 *
 * With a calc_sets callback the driver decides how to split, so every
 * vector up to @maxvec is useful; without one, more spread vectors than
 * possible CPUs would only get empty groups.
 *
 * Return: 0 if the pre and post vectors do not fit in @minvec, otherwise
 * pre + post + min(set_vecs, maxvec - pre - post).
 */
unsigned int irq_calc_affinity_vectors(unsigned int minvec, unsigned int maxvec,
				       const struct irq_affinity *affd)
{
	unsigned int resv, set_vecs;

	if (WARN_ON_ONCE(!affd))
		return 0;
	resv = affd->pre_vectors + affd->post_vectors;
	if (resv > minvec)
		return 0;

	if (affd->calc_sets)
		set_vecs = maxvec - resv;
	else
		set_vecs = cpumask_weight(cpu_possible_mask);

	return resv + (set_vecs < maxvec - resv ? set_vecs : maxvec - resv);
}
