// SPDX-License-Identifier: MIT
/*
 * Affinity spreading: group_cpus_evenly(), irq_create_affinity_masks() and
 * irq_calc_affinity_vectors().
 *
 * The exact groupings below are the kernel's (v6.16 lib/group_cpus.c), and
 * they were cross-checked against a transliteration of it over 32,000
 * machine shapes.  Note the kernel's node order: nodes are taken in
 * ascending order of CPU count, and its heapsort reverses or shuffles nodes
 * with EQUAL counts, so on a machine with two equal nodes the first groups
 * go to node 1.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "internals.h"

/* Replace the test machine with one of the given shape. */
static void machine(unsigned int cpus, unsigned int nodes, unsigned int smt,
		    unsigned int present)
{
	struct irqlab_machine_config cfg = {
		.nr_cpus = cpus, .nr_nodes = nodes, .smt = smt, .nr_present = present,
	};
	unsigned int cpu;

	tm_destroy();
	tm_create(&cfg);
	/*
	 * Sibling masks and the log are created on first use and belong to
	 * the machine; create them now so allocation counts below only see
	 * what the code under test allocates.
	 */
	for (cpu = 0; cpu < cpus; cpu++)
		topology_sibling_cpumask(cpu);
	pr_info("affinity spread test\n");
}

/* A mask in list format; a few rotating buffers so asserts can nest. */
static const char *list(const struct cpumask *m)
{
	static char buf[8][512];
	static unsigned int next;
	char *b = buf[next++ % 8];

	irqlab_cpumask_snprint(b, sizeof(buf[0]), m, true);
	return b;
}

static void set_default_affinity(const char *cpus)
{
	ck_assert_int_eq(cpulist_parse(cpus, tm->default_affinity), 0);
}

/* group_cpus_evenly(@numgrps) must give exactly @exp (one list per group). */
static void expect_groups(unsigned int numgrps, unsigned int exp_n,
			  const char *const *exp, size_t nexp)
{
	long live = irqlab_alloc_live();
	unsigned int n = 12345, i;
	struct cpumask **g;

	ck_assert_uint_eq(nexp, numgrps);
	g = group_cpus_evenly(numgrps, &n);
	ck_assert_ptr_nonnull(g);
	/* One block: a single kfree() releases the pointers and the masks. */
	ck_assert_int_eq(irqlab_alloc_live(), live + 1);
	ck_assert_uint_eq(n, exp_n);
	for (i = 0; i < numgrps; i++) {
		ck_assert_uint_eq(g[i]->nbits, nr_cpu_ids);
		ck_assert_msg(!strcmp(list(g[i]), exp[i]),
			      "%u groups: group %u is {%s}, expected {%s}",
			      numgrps, i, list(g[i]), exp[i]);
	}
	kfree(g);
	ck_assert_int_eq(irqlab_alloc_live(), live);
}

#define EXPECT_GROUPS(numgrps, nmasks, ...)                                  \
	expect_groups(numgrps, nmasks, (const char *const[]){ __VA_ARGS__ }, \
		      ARRAY_SIZE(((const char *const[]){ __VA_ARGS__ })))

/* ---------------------------------------------------------------------- */
/* group_cpus_evenly(): hand-computed groupings                           */

/* 8 CPUs, 2 equal nodes, SMT 2. */
START_TEST(test_two_nodes_smt)
{
	machine(8, 2, 2, 0);
	/* One core per group; equal nodes: node 1 is sorted first. */
	EXPECT_GROUPS(4, 4, "4-5", "6-7", "0-1", "2-3");
	/* 3 groups: node 1 gets 3*4/8 = 1 group, node 0 the other 2. */
	EXPECT_GROUPS(3, 3, "4-7", "0-1", "2-3");
	/* As many groups as nodes: whole nodes, in node order. */
	EXPECT_GROUPS(2, 2, "0-3", "4-7");
	/* Fewer groups than nodes: everything in the one group. */
	EXPECT_GROUPS(1, 1, "0-7");
}
END_TEST

/* 8 CPUs, 2 nodes, no SMT: one CPU per group, and more groups than CPUs. */
START_TEST(test_two_nodes_no_smt)
{
	machine(8, 2, 1, 0);
	EXPECT_GROUPS(8, 8, "4", "5", "6", "7", "0", "1", "2", "3");
	/* Two groups more than CPUs: they stay empty, nummasks says 8. */
	EXPECT_GROUPS(10, 8, "4", "5", "6", "7", "0", "1", "2", "3", "", "");
}
END_TEST

/* One node: CPUs split evenly, the remainder to the first groups. */
START_TEST(test_one_node)
{
	machine(4, 1, 1, 0);
	EXPECT_GROUPS(6, 4, "0", "1", "2", "3", "", "");
	EXPECT_GROUPS(1, 1, "0-3");

	/* 8 CPUs in 3 groups: 3+3+2.  With SMT 2 the core {2,3} is split. */
	machine(8, 1, 1, 0);
	EXPECT_GROUPS(3, 3, "0-2", "3-5", "6-7");
	machine(8, 1, 2, 0);
	EXPECT_GROUPS(3, 3, "0-2", "3-5", "6-7");

	/* SMT 4: 16 CPUs in 4 groups are exactly the 4 cores... */
	machine(16, 1, 4, 0);
	EXPECT_GROUPS(4, 4, "0-3", "4-7", "8-11", "12-15");
	/* ...and in 3 groups (6+5+5) a group takes a CPU, then its siblings. */
	EXPECT_GROUPS(3, 3, "0-5", "6-10", "11-15");
}
END_TEST

/* 16 CPUs on 4 nodes of 4. */
START_TEST(test_four_nodes)
{
	machine(16, 4, 1, 0);
	/* No more groups than nodes: whole nodes, round robin. */
	EXPECT_GROUPS(4, 4, "0-3", "4-7", "8-11", "12-15");
	EXPECT_GROUPS(3, 3, "0-3,12-15", "4-7", "8-11");
	EXPECT_GROUPS(2, 2, "0-3,8-11", "4-7,12-15");
	/* 5 groups: the heapsort order of the 4 equal nodes is 1, 3, 2, 0. */
	EXPECT_GROUPS(5, 5, "4-7", "12-15", "8-11", "0-1", "2-3");

	machine(16, 4, 2, 0);
	EXPECT_GROUPS(8, 8, "4-5", "6-7", "12-13", "14-15", "8-9", "10-11",
		      "0-1", "2-3");
	EXPECT_GROUPS(16, 16, "4", "5", "6", "7", "12", "13", "14", "15", "8",
		      "9", "10", "11", "0", "1", "2", "3");
}
END_TEST

/* Unequal nodes: the smallest nodes come first and get their share first. */
START_TEST(test_unequal_nodes)
{
	/* Nodes {0-3}, {4-6}, {7-9}: shares 4*3/10 = 1, 3*3/7 = 1, then 2. */
	machine(10, 3, 1, 0);
	EXPECT_GROUPS(4, 4, "7-9", "4-6", "0-1", "2-3");

	/* Nodes {0-1}, {2}, {3-4}, {5}: every node gets at least one group. */
	machine(6, 4, 1, 0);
	EXPECT_GROUPS(5, 5, "2", "5", "3-4", "0", "1");

	/* Nodes {0-5}, {6-11} with SMT 2: 2 groups each, 3 CPUs per group. */
	machine(12, 2, 2, 0);
	EXPECT_GROUPS(4, 4, "6-8", "9-11", "0-2", "3-5");
}
END_TEST

/* Present CPUs first; the absent ones continue at the next group. */
START_TEST(test_absent_cpus)
{
	/*
	 * Present 0-5: node 1 {4,5} gets 1 group, node 0 the other 3.  The
	 * first pass used all 4 groups, so absent 6 and 7 start again at
	 * group 0 — next to CPUs of another node, as in v6.16.
	 */
	machine(8, 2, 2, 6);
	EXPECT_GROUPS(4, 4, "4-6", "0-1,7", "2", "3");

	/* Present 0-5 of 8, 8 groups: absent CPUs fill groups 6 and 7. */
	machine(8, 2, 1, 6);
	EXPECT_GROUPS(8, 8, "4", "5", "0", "1", "2", "3", "6", "7");

	/* Only node 0 present: node 1 is spread by the second pass. */
	machine(8, 2, 2, 4);
	EXPECT_GROUPS(4, 4, "0,4", "1,5", "2,6", "3,7");
	EXPECT_GROUPS(2, 2, "0-1,4-5", "2-3,6-7");

	/* 3 groups, 2 present CPUs: the second pass starts at group 2. */
	machine(4, 2, 1, 2);
	EXPECT_GROUPS(3, 3, "0,3", "1", "2");

	/*
	 * Nodes {0-2}, {3-5}, {6-7}, present 0-1.  Absent per node: 1, 3, 2;
	 * sorted 1, 2, 3, they take groups 2, 3 and then wrap to 0 and 1.
	 */
	machine(8, 3, 1, 2);
	EXPECT_GROUPS(4, 4, "0,3-4", "1,5", "2", "6-7");

	/* 5 groups, 8 present of 12: absent 8-11 wrap from group 4. */
	machine(12, 2, 2, 8);
	EXPECT_GROUPS(5, 5, "6-8", "0-1,9", "2-3,10", "4,11", "5");
}
END_TEST

/*
 * x86 numbers SMT siblings N and N + nr_cores, where irqlab machines use
 * adjacent ids.  Rewire the sibling masks of an SMT-1 machine (one slot per
 * CPU) to that layout inside each aligned block of @block CPUs: CPU b + i
 * is paired with b + (i + block/2) % block.
 */
static void x86_siblings(unsigned int block)
{
	unsigned int cpu;

	for (cpu = 0; cpu < tm->nr_cpus; cpu++) {
		struct cpumask *m = irqlab_cpumask_alloc(tm->nr_cpus);
		unsigned int base = cpu / block * block;

		ck_assert_ptr_nonnull(m);
		cpumask_set_cpu(cpu, m);
		cpumask_set_cpu(base + (cpu - base + block / 2) % block, m);
		kfree(tm->sibling_mask[cpu]);
		tm->sibling_mask[cpu] = m;
	}
}

/* A group takes its first CPU, then that CPU's siblings, then goes on. */
START_TEST(test_interleaved_siblings)
{
	machine(8, 1, 1, 0);
	x86_siblings(8);
	ck_assert_str_eq(list(topology_sibling_cpumask(1)), "1,5");
	EXPECT_GROUPS(4, 4, "0,4", "1,5", "2,6", "3,7");
	/* 3+3+2: after a core, the group continues at the lowest CPU left. */
	EXPECT_GROUPS(3, 3, "0-1,4", "2-3,6", "5,7");
	EXPECT_GROUPS(8, 8, "0", "1", "2", "3", "4", "5", "6", "7");

	/* Nodes {0-3} and {4-7}: siblings in the other node are skipped. */
	machine(8, 2, 1, 0);
	x86_siblings(8);
	EXPECT_GROUPS(4, 4, "4-5", "6-7", "0-1", "2-3");

	/* Nodes {0-7} and {8-15}, x86 siblings inside each node. */
	machine(16, 2, 1, 0);
	x86_siblings(8);
	EXPECT_GROUPS(4, 4, "8-9,12-13", "10-11,14-15", "0-1,4-5", "2-3,6-7");
	EXPECT_GROUPS(2, 2, "0-7", "8-15");
}
END_TEST

START_TEST(test_group_bad_args)
{
	unsigned int n = 77, warns;
	long live;

	machine(4, 1, 1, 0);
	warns = irqlab_warn_count(tm);
	live = irqlab_alloc_live();
	ck_assert_ptr_null(group_cpus_evenly(0, &n));
	ck_assert_uint_eq(n, 77);
	ck_assert_ptr_null(group_cpus_evenly(4, NULL));
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	/* A block of UINT_MAX masks is refused, not attempted. */
	ck_assert_ptr_null(group_cpus_evenly(UINT_MAX, &n));
	ck_assert_uint_eq(n, 77);
	ck_assert_int_eq(irqlab_alloc_live(), live);
}
END_TEST

/* Storage helpers for one-block mask arrays. */
START_TEST(test_mask_storage)
{
	unsigned long mem[8] = { 0 };
	struct cpumask *m;

	ck_assert_uint_eq(irqlab_cpumask_storage_size(0),
			  sizeof(struct cpumask) + sizeof(long));
	ck_assert_uint_eq(irqlab_cpumask_storage_size(64),
			  sizeof(struct cpumask) + sizeof(long));
	ck_assert_uint_eq(irqlab_cpumask_storage_size(65),
			  sizeof(struct cpumask) + 2 * sizeof(long));
	ck_assert_uint_eq(irqlab_cpumask_storage_size(130) % _Alignof(struct cpumask), 0);
	m = irqlab_cpumask_place(mem, 130);
	ck_assert_ptr_eq(m, (void *)mem);
	ck_assert_uint_eq(m->nbits, 130);
	cpumask_set_cpu(129, m);
	ck_assert_str_eq(list(m), "129");
}
END_TEST

/* ---------------------------------------------------------------------- */
/* group_cpus_evenly(): properties over many machine shapes               */

/* Groups of one node, with the node's groups even and cores whole. */
static void check_node_layout(struct cpumask **g, unsigned int numgrps,
			      unsigned int node)
{
	const struct cpumask *nmask = cpumask_of_node((int)node);
	unsigned int i, cpu, k = 0, lo = UINT_MAX, hi = 0, w;
	unsigned int ncpus = cpumask_weight(nmask), smt = tm->smt;

	for (i = 0; i < numgrps; i++) {
		if (!cpumask_intersects(g[i], nmask))
			continue;
		/* No group spans two nodes, and each is a run of CPU ids. */
		ck_assert_msg(cpumask_subset(g[i], nmask), "group {%s} leaves node %u {%s}",
			      list(g[i]), node, list(nmask));
		w = cpumask_weight(g[i]);
		ck_assert_uint_eq(cpumask_last(g[i]) - cpumask_first(g[i]) + 1, w);
		lo = w < lo ? w : lo;
		hi = w > hi ? w : hi;
		k++;
	}
	/* Even split inside the node. */
	ck_assert_uint_le(hi - lo, 1);
	/* When every group can hold whole cores, no core is split. */
	if (cpumask_first(nmask) % smt == 0 && ncpus % (smt * k) == 0) {
		for_each_cpu(cpu, nmask)
			for (i = 0; i < numgrps; i++)
				if (cpumask_test_cpu(cpu, g[i]))
					ck_assert_msg(cpumask_subset(topology_sibling_cpumask(cpu), g[i]),
						      "CPU%u's core split from group {%s}",
						      cpu, list(g[i]));
	}
}

/* The invariants of one grouping of the current machine. */
static void check_grouping(unsigned int numgrps)
{
	unsigned int n = 0, i, node, possible = num_possible_cpus();
	bool all_present = num_present_cpus() == possible;
	struct cpumask **g;
	cpumask_var_t seen;

	g = group_cpus_evenly(numgrps, &n);
	ck_assert_ptr_nonnull(g);
	ck_assert_uint_eq(n, numgrps < possible ? numgrps : possible);
	ck_assert(zalloc_cpumask_var(&seen, GFP_KERNEL));
	for (i = 0; i < numgrps; i++) {
		/* The first n groups are used, the rest empty. */
		ck_assert(cpumask_empty(g[i]) == (i >= n));
		/* Every CPU in at most one group... */
		ck_assert_msg(!cpumask_intersects(seen, g[i]), "CPU in two groups");
		cpumask_or(seen, seen, g[i]);
	}
	/* ...and every possible CPU in one. */
	ck_assert(cpumask_equal(seen, cpu_possible_mask));

	for (node = 0; all_present && node < nr_node_ids; node++) {
		const struct cpumask *nmask = cpumask_of_node((int)node);

		if (numgrps >= nr_node_ids) {
			check_node_layout(g, numgrps, node);
			continue;
		}
		/* Fewer groups than nodes: each node whole in one group. */
		for (i = 0; i < numgrps; i++)
			if (cpumask_intersects(g[i], nmask))
				ck_assert(cpumask_subset(nmask, g[i]));
	}
	free_cpumask_var(seen);
	kfree(g);
}

/* Loop index -> (nodes, smt): 1, 2 and 4 nodes, with and without SMT. */
static const unsigned int shapes[][2] = {
	{ 1, 1 }, { 1, 2 }, { 2, 1 }, { 2, 2 }, { 4, 1 }, { 4, 2 },
	{ 1, 4 }, { 2, 4 }, { 4, 4 }, { 3, 2 },
};

START_TEST(test_partition_properties)
{
	static const unsigned int sizes[] = { 4, 6, 8, 10, 12, 16, 20, 24, 32, 40, 64 };
	unsigned int nodes = shapes[_i][0], smt = shapes[_i][1], s, p, grps;

	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		unsigned int cpus = sizes[s];
		unsigned int present[] = { cpus, cpus / 2, cpus - 1 };

		if (cpus % smt || nodes > cpus)
			continue;
		for (p = 0; p < ARRAY_SIZE(present); p++) {
			machine(cpus, nodes, smt, present[p]);
			for (grps = 1; grps <= cpus + 2; grps++)
				check_grouping(grps);
		}
	}
}
END_TEST

/* A large machine: 256 CPUs, 4 nodes, SMT 2, typical queue counts. */
START_TEST(test_partition_large)
{
	static const unsigned int grps[] = { 1, 3, 4, 5, 31, 64, 100, 128, 255, 256, 300 };
	unsigned int i;

	machine(256, 4, 2, 0);
	for (i = 0; i < ARRAY_SIZE(grps); i++)
		check_grouping(grps[i]);
	machine(256, 4, 2, 200);
	for (i = 0; i < ARRAY_SIZE(grps); i++)
		check_grouping(grps[i]);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* irq_create_affinity_masks()                                            */

struct sets_req {
	unsigned int nr_sets;
	unsigned int size[IRQ_AFFINITY_MAX_SETS + 1];
	unsigned int calls;
	unsigned int last_affvecs;
};

/* calc_sets callback: the sets described by affd->priv. */
static void fixed_sets(struct irq_affinity *affd, unsigned int affvecs)
{
	struct sets_req *req = affd->priv;
	unsigned int i;

	req->calls++;
	req->last_affvecs = affvecs;
	affd->nr_sets = req->nr_sets;
	for (i = 0; i < req->nr_sets && i < IRQ_AFFINITY_MAX_SETS; i++)
		affd->set_size[i] = req->size[i];
}

/* Each descriptor's mask and managed flag: "list" or "list*" if managed. */
static void expect_masks(const struct irq_affinity_desc *masks, unsigned int nvecs,
			 const char *const *exp, size_t nexp)
{
	unsigned int i;
	char got[512];

	ck_assert_uint_eq(nexp, nvecs);
	for (i = 0; i < nvecs; i++) {
		/* Each mask lives in the block, after the descriptors. */
		ck_assert((const char *)masks[i].mask >= (const char *)&masks[nvecs]);
		ck_assert_uint_eq(masks[i].mask->nbits, nr_cpu_ids);
		snprintf(got, sizeof(got), "%s%s", list(masks[i].mask),
			 masks[i].is_managed ? "*" : "");
		ck_assert_msg(!strcmp(got, exp[i]), "vector %u is %s, expected %s",
			      i, got, exp[i]);
	}
}

#define EXPECT_MASKS(masks, nvecs, ...)                                     \
	expect_masks(masks, nvecs, (const char *const[]){ __VA_ARGS__ },   \
		     ARRAY_SIZE(((const char *const[]){ __VA_ARGS__ })))

START_TEST(test_create_pre_post)
{
	struct irq_affinity affd = { .pre_vectors = 1, .post_vectors = 2 };
	struct irq_affinity_desc *masks;
	long live;

	machine(8, 2, 2, 0);
	/* A distinctive default, so pre/post copies are recognisable. */
	set_default_affinity("1-2");
	live = irqlab_alloc_live();
	masks = irq_create_affinity_masks(7, &affd);
	ck_assert_ptr_nonnull(masks);
	ck_assert_int_eq(irqlab_alloc_live(), live + 1);
	EXPECT_MASKS(masks, 7, "1-2", "4-5*", "6-7*", "0-1*", "2-3*", "1-2", "1-2");
	/* The default calc_sets was installed: one set of the 4 vectors. */
	ck_assert_ptr_nonnull(affd.calc_sets);
	ck_assert_uint_eq(affd.nr_sets, 1);
	ck_assert_uint_eq(affd.set_size[0], 4);
	kfree(masks);
	ck_assert_int_eq(irqlab_alloc_live(), live);
}
END_TEST

/* No pre/post vectors, one node, SMT: every vector managed. */
START_TEST(test_create_no_reserved)
{
	struct irq_affinity affd = { 0 };
	struct irq_affinity_desc *masks;

	machine(4, 1, 2, 0);
	masks = irq_create_affinity_masks(2, &affd);
	ck_assert_ptr_nonnull(masks);
	EXPECT_MASKS(masks, 2, "0-1*", "2-3*");
	kfree(masks);

	/* More vectors than CPUs: the extra ones keep the default. */
	set_default_affinity("3");
	masks = irq_create_affinity_masks(6, &affd);
	ck_assert_ptr_nonnull(masks);
	EXPECT_MASKS(masks, 6, "0*", "1*", "2*", "3*", "3*", "3*");
	kfree(masks);
}
END_TEST

/* Several sets, each spread over all CPUs independently. */
START_TEST(test_create_sets)
{
	struct sets_req req = { .nr_sets = 2, .size = { 4, 2 } };
	struct irq_affinity affd = {
		.pre_vectors = 1, .calc_sets = fixed_sets, .priv = &req,
	};
	struct irq_affinity_desc *masks;

	machine(8, 2, 2, 0);
	set_default_affinity("7");
	masks = irq_create_affinity_masks(8, &affd);
	ck_assert_ptr_nonnull(masks);
	ck_assert_uint_eq(req.calls, 1);
	ck_assert_uint_eq(req.last_affvecs, 7);
	/* Set 0: 4 groups; set 1: 2 groups = whole nodes; 1 vector left over. */
	EXPECT_MASKS(masks, 8, "7", "4-5*", "6-7*", "0-1*", "2-3*", "0-3*", "4-7*", "7*");
	kfree(masks);
}
END_TEST

/* Four sets (the maximum) and a post vector on 4 nodes with SMT 2. */
START_TEST(test_create_max_sets)
{
	struct sets_req req = { .nr_sets = 4, .size = { 1, 2, 4, 8 } };
	struct irq_affinity affd = {
		.post_vectors = 1, .calc_sets = fixed_sets, .priv = &req,
	};
	struct irq_affinity_desc *masks;

	machine(16, 4, 2, 0);
	set_default_affinity("0");
	masks = irq_create_affinity_masks(16, &affd);
	ck_assert_ptr_nonnull(masks);
	EXPECT_MASKS(masks, 16, "0-15*", "0-3,8-11*", "4-7,12-15*",
		     "0-3*", "4-7*", "8-11*", "12-15*",
		     "4-5*", "6-7*", "12-13*", "14-15*", "8-9*", "10-11*", "0-1*", "2-3*",
		     "0");
	kfree(masks);
}
END_TEST

/*
 * A set with fewer groups than vectors: the next set starts right after
 * the groups made, and the vectors left at the end of the managed range
 * keep the default affinity (still managed), as in the kernel.
 */
START_TEST(test_create_short_set)
{
	struct sets_req req = { .nr_sets = 2, .size = { 3, 1 } };
	struct irq_affinity affd = {
		.pre_vectors = 1, .calc_sets = fixed_sets, .priv = &req,
	};
	struct irq_affinity_desc *masks;

	machine(2, 1, 1, 0);
	set_default_affinity("1");
	masks = irq_create_affinity_masks(5, &affd);
	ck_assert_ptr_nonnull(masks);
	EXPECT_MASKS(masks, 5, "1", "0*", "1*", "0-1*", "1*");
	kfree(masks);
}
END_TEST

/* Pre/post vectors take everything: NULL, but calc_sets still learns 0. */
START_TEST(test_create_nothing_to_spread)
{
	struct sets_req req = { .nr_sets = 1, .size = { 0 } };
	struct irq_affinity affd = {
		.pre_vectors = 2, .post_vectors = 2, .calc_sets = fixed_sets, .priv = &req,
	};
	struct irq_affinity dflt = { .pre_vectors = 1 };
	unsigned int warns;
	long live;

	machine(4, 1, 1, 0);
	warns = irqlab_warn_count(tm);
	live = irqlab_alloc_live();
	ck_assert_ptr_null(irq_create_affinity_masks(4, &affd));
	ck_assert_uint_eq(req.calls, 1);
	ck_assert_uint_eq(req.last_affvecs, 0);
	req.last_affvecs = 99;
	ck_assert_ptr_null(irq_create_affinity_masks(3, &affd));
	ck_assert_uint_eq(req.calls, 2);
	ck_assert_uint_eq(req.last_affvecs, 0);
	/* The default calc_sets, too, is installed and run. */
	ck_assert_ptr_null(irq_create_affinity_masks(1, &dflt));
	ck_assert_ptr_nonnull(dflt.calc_sets);
	ck_assert_uint_eq(dflt.nr_sets, 1);
	ck_assert_uint_eq(dflt.set_size[0], 0);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns);
	ck_assert_int_eq(irqlab_alloc_live(), live);
}
END_TEST

/* More than IRQ_AFFINITY_MAX_SETS: WARN and NULL, checked before affvecs. */
START_TEST(test_create_too_many_sets)
{
	struct sets_req req = { .nr_sets = 5, .size = { 1, 1, 1, 1, 1 } };
	struct irq_affinity affd = { .calc_sets = fixed_sets, .priv = &req };
	unsigned int warns;
	long live;

	machine(4, 1, 1, 0);
	warns = irqlab_warn_count(tm);
	live = irqlab_alloc_live();
	ck_assert_ptr_null(irq_create_affinity_masks(5, &affd));
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_log("WARNING");
	/* Even with nothing to spread, the set count is checked first (the
	 * same WARN_ON_ONCE: no second report on this machine). */
	affd.pre_vectors = 5;
	ck_assert_ptr_null(irq_create_affinity_masks(5, &affd));
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_int_eq(irqlab_alloc_live(), live);
}
END_TEST

/* Misuse: sets larger than the vectors, an empty set, no affd, absurd nvecs. */
START_TEST(test_create_bad_sets)
{
	struct sets_req req = { .nr_sets = 2, .size = { 4, 1 } };
	struct irq_affinity affd = { .calc_sets = fixed_sets, .priv = &req };
	struct irq_affinity dflt = { 0 };
	unsigned int warns;
	long live;

	machine(4, 1, 1, 0);
	warns = irqlab_warn_count(tm);
	live = irqlab_alloc_live();
	/* 4 + 1 vectors asked of 4: would overrun the array. */
	ck_assert_ptr_null(irq_create_affinity_masks(4, &affd));
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	/* A set of 0 vectors fails the whole call, silently, as in the kernel. */
	req.size[0] = 3;
	req.size[1] = 0;
	ck_assert_ptr_null(irq_create_affinity_masks(4, &affd));
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_ptr_null(irq_create_affinity_masks(4, NULL));
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 2);
	/* A block for UINT_MAX vectors is refused rather than attempted. */
	ck_assert_ptr_null(irq_create_affinity_masks(UINT_MAX, &dflt));
	ck_assert_uint_eq(dflt.set_size[0], UINT_MAX);
	ck_assert_int_eq(irqlab_alloc_live(), live);
}
END_TEST

/* The masks feed descriptor allocation: managed vectors become managed irqs. */
START_TEST(test_create_feeds_descs)
{
	struct irq_affinity affd = { .pre_vectors = 1 };
	struct irq_affinity_desc *masks;
	struct irq_data *d;
	int base;

	machine(4, 2, 1, 0);
	masks = irq_create_affinity_masks(3, &affd);
	ck_assert_ptr_nonnull(masks);
	EXPECT_MASKS(masks, 3, "0-3", "0-1*", "2-3*");
	base = __irq_alloc_descs(-1, 1, 3, NUMA_NO_NODE, masks);
	kfree(masks);
	ck_assert_int_gt(base, 0);

	d = irq_get_irq_data((unsigned int)base);
	ck_assert(!irqd_affinity_is_managed(d));
	ck_assert_str_eq(list(irq_data_get_affinity_mask(d)), "0-3");
	d = irq_get_irq_data((unsigned int)base + 2);
	ck_assert(irqd_affinity_is_managed(d));
	ck_assert_str_eq(list(irq_data_get_affinity_mask(d)), "2-3");
	irq_free_descs((unsigned int)base, 3);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* irq_calc_affinity_vectors()                                            */

START_TEST(test_calc_vectors)
{
	struct irq_affinity plain = { .pre_vectors = 1 };
	struct irq_affinity sets = { .pre_vectors = 1, .calc_sets = fixed_sets };
	struct irq_affinity big = { .pre_vectors = 2, .post_vectors = 1 };
	unsigned int warns;

	/* 8 possible CPUs, 4 of them present: possible CPUs count. */
	machine(8, 2, 1, 4);
	warns = irqlab_warn_count(tm);
	ck_assert_uint_eq(irq_calc_affinity_vectors(2, 32, &plain), 9);
	ck_assert_uint_eq(irq_calc_affinity_vectors(1, 4, &plain), 4);
	ck_assert_uint_eq(irq_calc_affinity_vectors(1, 9, &plain), 9);
	/* With calc_sets every vector up to maxvec is useful. */
	ck_assert_uint_eq(irq_calc_affinity_vectors(1, 32, &sets), 32);
	ck_assert_uint_eq(irq_calc_affinity_vectors(1, 1, &sets), 1);
	/* Reserved vectors must fit in minvec. */
	ck_assert_uint_eq(irq_calc_affinity_vectors(2, 32, &big), 0);
	ck_assert_uint_eq(irq_calc_affinity_vectors(3, 32, &big), 11);
	ck_assert_uint_eq(irq_calc_affinity_vectors(3, 3, &big), 3);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns);
	ck_assert_uint_eq(irq_calc_affinity_vectors(1, 8, NULL), 0);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Allocation failures: every one fails cleanly, nothing is left behind   */

START_TEST(test_group_enomem)
{
	unsigned int nth, n, failures = 0;
	struct cpumask **g;
	long live;

	/* Present node 0 and absent node 1 both take the per-node path. */
	machine(8, 2, 2, 4);
	live = irqlab_alloc_live();
	for (nth = 1;; nth++) {
		irqlab_fail_nth_alloc(nth);
		n = 99;
		g = group_cpus_evenly(4, &n);
		if (g)
			break;
		ck_assert(irqlab_alloc_fault_hit());
		ck_assert_uint_eq(n, 99);
		ck_assert_int_eq(irqlab_alloc_live(), live);
		failures++;
	}
	irqlab_fail_nth_alloc(0);
	/* Two temporaries, the block, and one node table per pass. */
	ck_assert_uint_eq(failures, 5);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(list(g[0]), "0,4");
	ck_assert_str_eq(list(g[3]), "3,7");
	kfree(g);
	ck_assert_int_eq(irqlab_alloc_live(), live);
}
END_TEST

START_TEST(test_create_enomem)
{
	struct sets_req req = { .nr_sets = 2, .size = { 4, 2 } };
	struct irq_affinity affd = {
		.pre_vectors = 1, .post_vectors = 1, .calc_sets = fixed_sets, .priv = &req,
	};
	struct irq_affinity_desc *masks;
	unsigned int nth, failures = 0;
	long live;

	machine(8, 2, 2, 0);
	live = irqlab_alloc_live();
	for (nth = 1;; nth++) {
		irqlab_fail_nth_alloc(nth);
		masks = irq_create_affinity_masks(8, &affd);
		if (masks)
			break;
		ck_assert(irqlab_alloc_fault_hit());
		ck_assert_int_eq(irqlab_alloc_live(), live);
		failures++;
	}
	irqlab_fail_nth_alloc(0);
	/* The block; set 0: 2 temporaries, its block, a node table; set 1: 3. */
	ck_assert_uint_eq(failures, 8);
	EXPECT_MASKS(masks, 8, "0-7", "4-5*", "6-7*", "0-1*", "2-3*", "0-3*", "4-7*", "0-7");
	kfree(masks);
	ck_assert_int_eq(irqlab_alloc_live(), live);
}
END_TEST

static Suite *affinity_spread_suite(void)
{
	Suite *s = suite_create("affinity_spread");
	TCase *tc;

	tc = tcase_create("group_cpus");
	tcase_add_checked_fixture(tc, tm_setup, tm_teardown);
	tcase_add_test(tc, test_two_nodes_smt);
	tcase_add_test(tc, test_two_nodes_no_smt);
	tcase_add_test(tc, test_one_node);
	tcase_add_test(tc, test_four_nodes);
	tcase_add_test(tc, test_unequal_nodes);
	tcase_add_test(tc, test_absent_cpus);
	tcase_add_test(tc, test_interleaved_siblings);
	tcase_add_test(tc, test_group_bad_args);
	tcase_add_test(tc, test_mask_storage);
	suite_add_tcase(s, tc);

	tc = tcase_create("properties");
	tcase_add_checked_fixture(tc, tm_setup, tm_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_partition_properties, 0, (int)ARRAY_SIZE(shapes));
	tcase_add_test(tc, test_partition_large);
	suite_add_tcase(s, tc);

	tc = tcase_create("create_masks");
	tcase_add_checked_fixture(tc, tm_setup, tm_teardown);
	tcase_add_test(tc, test_create_pre_post);
	tcase_add_test(tc, test_create_no_reserved);
	tcase_add_test(tc, test_create_sets);
	tcase_add_test(tc, test_create_max_sets);
	tcase_add_test(tc, test_create_short_set);
	tcase_add_test(tc, test_create_nothing_to_spread);
	tcase_add_test(tc, test_create_too_many_sets);
	tcase_add_test(tc, test_create_bad_sets);
	tcase_add_test(tc, test_create_feeds_descs);
	tcase_add_test(tc, test_calc_vectors);
	suite_add_tcase(s, tc);

	tc = tcase_create("enomem");
	tcase_add_checked_fixture(tc, tm_setup, tm_teardown);
	tcase_add_test(tc, test_group_enomem);
	tcase_add_test(tc, test_create_enomem);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(affinity_spread_suite());
}
