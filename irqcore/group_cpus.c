// SPDX-License-Identifier: MIT
/*
 * Grouping CPUs evenly by NUMA node and SMT core (lib/group_cpus.c
 * analogue): the engine behind managed affinity spreading.
 *
 * Two passes share one array of groups: the present CPUs are grouped first,
 * then the possible-but-absent ones, starting at the group after the last
 * one the first pass used and wrapping around.  Within a pass, each node
 * with CPUs in the pass gets a share of the groups proportional to its CPU
 * count (smallest nodes first), and its CPUs are handed out one core at a
 * time so that SMT siblings stay together.
 *
 * Where the kernel differs in form only:
 * - the kernel builds a temporary node -> possible CPUs array; irqlab's
 *   cpumask_of_node() is exactly that, so it is used directly;
 * - the kernel first tries to keep CPU clusters (topology_cluster_cpumask)
 *   together inside a node.  irqlab machines have no clusters, which makes
 *   the kernel fall back to the plain per-node split every time, so the
 *   cluster step is omitted;
 * - the kernel returns struct cpumask[]; irqlab returns an array of mask
 *   pointers in one block (see group_cpus_evenly()).
 */
#include <limits.h>

#include "internals.h"
#include "irqlab/affinity.h"

/*
 * Move @cnt CPUs from @nmsk to @grp: the lowest CPU left, then its SMT
 * siblings that are still in @nmsk, and so on.  The callers never ask for
 * more CPUs than @nmsk holds.
 */
static void grp_spread_init_one(struct cpumask *grp, struct cpumask *nmsk,
				unsigned int cnt)
{
	const struct cpumask *siblings;
	unsigned int cpu, sibl;

	while (cnt && (cpu = cpumask_first(nmsk)) < nmsk->nbits) {
		cpumask_clear_cpu(cpu, nmsk);
		cpumask_set_cpu(cpu, grp);
		cnt--;

		siblings = topology_sibling_cpumask(cpu);
		for_each_cpu(sibl, siblings) {
			if (!cnt)
				break;
			if (!cpumask_test_and_clear_cpu(sibl, nmsk))
				continue;
			cpumask_set_cpu(sibl, grp);
			cnt--;
		}
	}
}

/*
 * Per-node bookkeeping.  As in the kernel, the CPU count is replaced by the
 * group count once the groups are allocated, and UINT_MAX marks a node with
 * no CPU in the pass.
 */
struct node_groups {
	unsigned int id;
	union {
		unsigned int ngroups;
		unsigned int ncpus;
	};
};

/*
 * The kernel's comparison: the unsigned difference read as an int.  That
 * makes UINT_MAX (no CPUs) behave like -1, so such nodes sort first.
 */
static int ncpus_cmp(const struct node_groups *l, const struct node_groups *r)
{
	return (int)(l->ncpus - r->ncpus);
}

static void ng_swap(struct node_groups *v, size_t i, size_t j)
{
	struct node_groups t = v[i];

	v[i] = v[j];
	v[j] = t;
}

/* Bottom-up sift-down of v[@a] in the max-heap v[0..@n). */
static void ng_sift_down(struct node_groups *v, size_t a, size_t n)
{
	size_t b = a, c, d, pos;

	/* Follow the larger child down to a leaf, one compare per level. */
	for (;;) {
		c = 2 * b + 1;
		d = c + 1;
		if (d >= n)
			break;
		b = ncpus_cmp(&v[c], &v[d]) > 0 ? c : d;
	}
	if (d == n)	/* a last leaf without sibling */
		b = c;
	/* Climb back to where v[a] belongs, then rotate it into place. */
	while (b != a && ncpus_cmp(&v[a], &v[b]) >= 0)
		b = (b - 1) / 2;
	pos = b;
	while (b != a) {
		b = (b - 1) / 2;
		ng_swap(v, b, pos);
	}
}

/*
 * Ascending sort by CPU count.  The order of nodes with equal counts
 * decides which node gets the first groups, so this is the kernel's sort()
 * (lib/sort.c: bottom-up heapsort extracting two elements per round), step
 * for step: any other algorithm would order ties differently.
 */
static void sort_node_groups(struct node_groups *v, size_t num)
{
	size_t n = num, a = num / 2, shift = 0;

	if (!a)
		return;
	for (;;) {
		if (a) {
			a -= (size_t)1 << shift;
		} else if (n > 3) {
			/* Extract the root, then the larger of its children. */
			ng_swap(v, 0, --n);
			shift = ncpus_cmp(&v[1], &v[2]) <= 0;
			a = (size_t)1 << shift;
			ng_swap(v, a, --n);
		} else {
			break;
		}
		ng_sift_down(v, a, n);
	}
	ng_swap(v, 0, --n);
	if (n == 2 && ncpus_cmp(&v[0], &v[1]) > 0)
		ng_swap(v, 0, 1);
}

/*
 * Share @numgrps groups among the nodes in proportion to their CPU counts,
 * smallest node first, each from what is still unassigned: a node gets
 * max(1, groups_left * ncpus / cpus_left).  Starting from the smallest node
 * guarantees every node at least one group and never more groups than CPUs.
 */
static void alloc_groups_to_nodes(unsigned int numgrps, unsigned int numcpus,
				  struct node_groups *ng, unsigned int num_nodes)
{
	unsigned int n, ncpus, ngroups, remaining_ncpus = numcpus;

	sort_node_groups(ng, num_nodes);
	for (n = 0; n < num_nodes; n++) {
		if (ng[n].ncpus == UINT_MAX)
			continue;
		ncpus = ng[n].ncpus;
		ngroups = numgrps * ncpus / remaining_ncpus;
		if (ngroups < 1)
			ngroups = 1;
		WARN_ON_ONCE(ngroups > ncpus);
		ng[n].ngroups = ngroups;
		remaining_ncpus -= ncpus;
		numgrps -= ngroups;
	}
}

/* Count the CPUs of @cpu_mask per node and allocate groups to the nodes. */
static void alloc_nodes_groups(unsigned int numgrps,
			       const struct cpumask *cpu_mask,
			       struct node_groups *ng)
{
	unsigned int n, ncpus, numcpus = 0;

	for (n = 0; n < nr_node_ids; n++) {
		ng[n].id = n;
		ng[n].ncpus = UINT_MAX;
		ncpus = cpumask_weight_and(cpu_mask, cpumask_of_node((int)n));
		if (!ncpus)
			continue;
		numcpus += ncpus;
		ng[n].ncpus = ncpus;
	}
	/* Fewer CPUs than groups: some groups stay empty. */
	if (numgrps > numcpus)
		numgrps = numcpus;
	alloc_groups_to_nodes(numgrps, numcpus, ng, nr_node_ids);
}

/*
 * Split the @ncpus CPUs of @nmsk evenly over the node's groups, the first
 * groups taking one extra CPU each until the remainder is used up.
 */
static void assign_cpus_to_groups(unsigned int ncpus, struct cpumask *nmsk,
				  const struct node_groups *nv,
				  struct cpumask **masks, unsigned int *curgrp,
				  unsigned int last_grp)
{
	unsigned int v, cpus_per_grp;
	unsigned int extra_grps = ncpus - nv->ngroups * (ncpus / nv->ngroups);

	for (v = 0; v < nv->ngroups; v++, (*curgrp)++) {
		cpus_per_grp = ncpus / nv->ngroups;
		if (extra_grps) {
			cpus_per_grp++;
			extra_grps--;
		}
		/* The pass may have started anywhere: wrap around. */
		if (*curgrp >= last_grp)
			*curgrp = 0;
		grp_spread_init_one(masks[*curgrp], nmsk, cpus_per_grp);
	}
}

/* Whole nodes round robin, when there are no more groups than nodes. */
static void group_whole_nodes(unsigned int startgrp, unsigned int numgrps,
			      const struct cpumask *cpu_mask,
			      struct cpumask *nmsk, struct cpumask **masks)
{
	unsigned int n, curgrp = startgrp;

	for (n = 0; n < nr_node_ids; n++) {
		const struct cpumask *node = cpumask_of_node((int)n);

		if (!cpumask_intersects(cpu_mask, node))
			continue;
		/* Only the CPUs of this pass: the others have their own. */
		cpumask_and(nmsk, cpu_mask, node);
		cpumask_or(masks[curgrp], masks[curgrp], nmsk);
		if (++curgrp == numgrps)
			curgrp = 0;
	}
}

/*
 * One pass: group the CPUs of @cpu_mask into @masks[0..@numgrps), starting
 * at group @startgrp.  Returns the number of groups filled, or -ENOMEM.
 */
static int __group_cpus_evenly(unsigned int startgrp, unsigned int numgrps,
			       const struct cpumask *cpu_mask,
			       struct cpumask *nmsk, struct cpumask **masks)
{
	unsigned int i, nodes = 0, done = 0, curgrp = startgrp;
	struct node_groups *ng;

	if (cpumask_empty(cpu_mask))
		return 0;

	for (i = 0; i < nr_node_ids; i++)
		if (cpumask_intersects(cpu_mask, cpumask_of_node((int)i)))
			nodes++;
	if (numgrps <= nodes) {
		group_whole_nodes(startgrp, numgrps, cpu_mask, nmsk, masks);
		return (int)numgrps;
	}

	ng = kcalloc(nr_node_ids, sizeof(*ng), GFP_KERNEL);
	if (!ng)
		return -ENOMEM;
	alloc_nodes_groups(numgrps, cpu_mask, ng);

	/* In sorted order: smaller nodes take the lower group numbers. */
	for (i = 0; i < nr_node_ids; i++) {
		const struct node_groups *nv = &ng[i];
		unsigned int ncpus;

		if (nv->ngroups == UINT_MAX)
			continue;
		cpumask_and(nmsk, cpu_mask, cpumask_of_node((int)nv->id));
		ncpus = cpumask_weight(nmsk);
		WARN_ON_ONCE(nv->ngroups > ncpus);
		assign_cpus_to_groups(ncpus, nmsk, nv, masks, &curgrp, numgrps);
		done += nv->ngroups;
	}
	kfree(ng);
	return (int)done;
}

/* One block: @numgrps mask pointers, then the masks themselves. */
static struct cpumask **alloc_group_block(unsigned int numgrps)
{
	struct cpumask **masks;
	size_t stride;
	unsigned int i;
	char *base;

	masks = irqlab_cpumask_block_alloc((size_t)numgrps * sizeof(*masks), numgrps,
					   IRQLAB_AFFINITY_MAX_BLOCK, &base, &stride);
	if (!masks)
		return NULL;
	for (i = 0; i < numgrps; i++)
		masks[i] = irqlab_cpumask_place(base + (size_t)i * stride, nr_cpu_ids);
	return masks;
}

/**
 * group_cpus_evenly() - group all possible CPUs evenly per NUMA/SMT locality.
 * @numgrps: number of groups wanted.
 * @nummasks: where the number of initialised groups is stored on success.
 *
 * Present CPUs are grouped first, then the possible but absent CPUs,
 * starting at the group after the last one used (or at group 0 when the
 * first pass used them all).  With no more groups than nodes, each node's
 * CPUs go to one group, round robin.  Otherwise each node gets
 * max(1, groups_left * node_cpus / cpus_left) groups, nodes taken in
 * ascending order of CPU count, and its CPUs are split evenly (remainder to
 * its first groups), each group taking whole SMT cores where it can.
 *
 * Deviation from the kernel: the kernel returns an array of struct cpumask;
 * irqlab masks are run-time sized, so this returns an array of @numgrps
 * mask pointers allocated as ONE block (the pointers followed by the
 * masks).  A single kfree() of the returned pointer frees it all.
 *
 * Context: process context; allocates memory.
 * Return: the groups, with *@nummasks = min(groups filled, @numgrps); NULL
 * (*@nummasks untouched) when @numgrps is 0, @nummasks is NULL (WARN),
 * memory runs out or the block would exceed IRQLAB_AFFINITY_MAX_BLOCK.
 */
struct cpumask **group_cpus_evenly(unsigned int numgrps, unsigned int *nummasks)
{
	unsigned int curgrp, nr_present, nr_others;
	cpumask_var_t nmsk, npresmsk;
	struct cpumask **masks = NULL;
	int ret;

	if (!numgrps || WARN_ON_ONCE(!nummasks))
		return NULL;
	if (!zalloc_cpumask_var(&nmsk, GFP_KERNEL))
		return NULL;
	if (!zalloc_cpumask_var(&npresmsk, GFP_KERNEL))
		goto fail_nmsk;
	masks = alloc_group_block(numgrps);
	if (!masks)
		goto fail_npresmsk;

	/* A stable copy: both passes must agree on what was present. */
	cpumask_copy(npresmsk, cpu_present_mask);
	ret = __group_cpus_evenly(0, numgrps, npresmsk, nmsk, masks);
	if (ret < 0)
		goto fail_masks;
	nr_present = (unsigned int)ret;

	/*
	 * The absent CPUs continue after the groups the present ones used;
	 * if those used them all, they are added to the existing groups.
	 */
	curgrp = nr_present >= numgrps ? 0 : nr_present;
	cpumask_andnot(npresmsk, cpu_possible_mask, npresmsk);
	ret = __group_cpus_evenly(curgrp, numgrps, npresmsk, nmsk, masks);
	if (ret < 0)
		goto fail_masks;
	nr_others = (unsigned int)ret;

	free_cpumask_var(npresmsk);
	free_cpumask_var(nmsk);
	*nummasks = nr_present + nr_others < numgrps ? nr_present + nr_others : numgrps;
	return masks;

fail_masks:
	kfree(masks);
fail_npresmsk:
	free_cpumask_var(npresmsk);
fail_nmsk:
	free_cpumask_var(nmsk);
	return NULL;
}
