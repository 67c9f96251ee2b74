// SPDX-License-Identifier: MIT
/*
 * Hierarchical irq domains (acceptance criterion 4): a test-only two-level
 * hierarchy (leaf + root) goes through alloc → activate → request → mask →
 * set_affinity → compose → free, and a failure injected at each level of
 * alloc and activate, or at any allocation, leaves no descriptor, no
 * reverse-map entry and no memory behind.  Also: trimming, the hierarchy
 * helpers, reallocation and machine isolation.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "internals.h"

/* ---- recording ------------------------------------------------------- */

static char rec[8192];

static void rec_add(const char *fmt, ...)
{
	size_t len = strlen(rec);
	va_list ap;

	if (len)
		rec[len++] = ',';
	va_start(ap, fmt);
	vsnprintf(rec + len, sizeof(rec) - len, fmt, ap);
	va_end(ap);
}

static void rec_reset(void)
{
	rec[0] = '\0';
}

#define ck_assert_rec(expect) ck_assert_str_eq(rec, expect)

/* ---- the root level: a vector-like allocator ------------------------- */

struct root_data {
	unsigned int cpu;	/* effective target CPU */
};

static void root_mask(struct irq_data *d)
{
	rec_add("mask");
}

static void root_unmask(struct irq_data *d)
{
	rec_add("unmask");
}

static void root_ack(struct irq_data *d)
{
	rec_add("ack");
}

/* Target the first online CPU of @dest, as a vector allocator would. */
static int root_set_affinity(struct irq_data *d, const struct cpumask *dest,
			     bool force)
{
	struct root_data *rd = irq_data_get_irq_chip_data(d);
	unsigned int cpu = cpumask_first_and(dest, cpu_online_mask);

	if (cpu >= nr_cpu_ids)
		return -EINVAL;
	rd->cpu = cpu;
	irq_data_update_effective_affinity(d, cpumask_of(cpu));
	rec_add("set_affinity:%u", cpu);
	return IRQ_SET_MASK_OK;
}

static void root_compose(struct irq_data *d, struct msi_msg *msg)
{
	struct root_data *rd = irq_data_get_irq_chip_data(d);

	msg->address_hi = 0;
	msg->address_lo = 0xfee00000u | (rd->cpu << 12);
	msg->data = (u32)d->hwirq;
}

static const struct irq_chip root_chip = {
	.name = "ROOT",
	.irq_mask = root_mask,
	.irq_unmask = root_unmask,
	.irq_ack = root_ack,
	.irq_set_affinity = root_set_affinity,
	.irq_compose_msi_msg = root_compose,
};

static int root_fail_at = -1;	/* index of the irq whose alloc fails */
static int root_activate_ret, leaf_activate_ret;

static void root_free(struct irq_domain *d, unsigned int virq, unsigned int nr)
{
	struct irq_data *irqd;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		irqd = irq_domain_get_irq_data(d, virq + i);
		rec_add("root_free:%u", virq + i);
		kfree(irqd->chip_data);
		irq_domain_reset_irq_data(irqd);
	}
}

static int root_alloc(struct irq_domain *d, unsigned int virq, unsigned int nr,
		      void *arg)
{
	struct root_data *rd;
	unsigned int i;
	int ret;

	for (i = 0; i < nr; i++) {
		if ((int)i == root_fail_at) {
			ret = -ENOSPC;
			goto rollback;
		}
		rd = kzalloc(sizeof(*rd), GFP_KERNEL);
		if (!rd) {
			ret = -ENOMEM;
			goto rollback;
		}
		rec_add("root_alloc:%u", virq + i);
		/* The root's hwirq is the Linux irq, as x86's vector domain does. */
		irq_domain_set_hwirq_and_chip(d, virq + i, virq + i, &root_chip, rd);
	}
	return 0;

rollback:
	/* A level undoes its own partial work; the core frees the rest. */
	root_free(d, virq, i);
	return ret;
}

static int root_activate(struct irq_domain *d, struct irq_data *irqd, bool reserve)
{
	rec_add("root");
	return root_activate_ret;
}

static void root_deactivate(struct irq_domain *d, struct irq_data *irqd)
{
	rec_add("root_deactivate");
}

static const struct irq_domain_ops root_ops = {
	.alloc = root_alloc,
	.free = root_free,
	.activate = root_activate,
	.deactivate = root_deactivate,
};

/* ---- the leaf level: a device's interrupts --------------------------- */

static const struct irq_chip leaf_chip = {
	.name = "LEAF",
	.irq_mask = irq_chip_mask_parent,
	.irq_unmask = irq_chip_unmask_parent,
	.irq_ack = irq_chip_ack_parent,
	.irq_set_affinity = irq_chip_set_affinity_parent,
};

/* The allocation argument: the leaf's hwirqs are base + i * stride. */
struct leaf_arg {
	unsigned long base;
	unsigned long stride;
};

enum { LEAF_OK, LEAF_FAIL_FIRST, LEAF_FAIL_AFTER_PARENT, LEAF_MARKER };
static int leaf_mode;

static int leaf_alloc(struct irq_domain *d, unsigned int virq, unsigned int nr,
		      void *alloc_arg)
{
	const struct leaf_arg *la = alloc_arg;
	unsigned int i;
	int ret;

	rec_add("leaf_alloc");
	if (leaf_mode == LEAF_FAIL_FIRST)
		return -EINVAL;
	ret = irq_domain_alloc_irqs_parent(d, virq, nr, alloc_arg);
	if (ret)
		return ret;
	if (leaf_mode == LEAF_FAIL_AFTER_PARENT) {
		irq_domain_free_irqs_parent(d, virq, nr);
		return -EIO;
	}
	for (i = 0; i < nr; i++) {
		if (leaf_mode == LEAF_MARKER) {
			irq_domain_set_hwirq_and_chip(d, virq + i, i, ERR_PTR(-ENOTCONN),
						      NULL);
			continue;
		}
		irq_domain_set_info(d, virq + i, la->base + i * la->stride, &leaf_chip,
				    NULL, handle_edge_irq, (void *)la, "edge");
	}
	return 0;
}

static void leaf_free(struct irq_domain *d, unsigned int virq, unsigned int nr)
{
	rec_add("leaf_free:%u", virq);
	irq_domain_free_irqs_top(d, virq, nr);
}

static int leaf_activate(struct irq_domain *d, struct irq_data *irqd, bool reserve)
{
	rec_add("leaf");
	return leaf_activate_ret;
}

static void leaf_deactivate(struct irq_domain *d, struct irq_data *irqd)
{
	rec_add("leaf_deactivate");
}

static const struct irq_domain_ops leaf_ops = {
	.alloc = leaf_alloc,
	.free = leaf_free,
	.activate = leaf_activate,
	.deactivate = leaf_deactivate,
};

/* ---- fixture ----------------------------------------------------------- */

static struct irq_domain *root, *leaf;
static struct fwnode_handle *root_fw, *leaf_fw;
static struct leaf_arg arg = { .base = 100, .stride = 1 };
static int handled;

static irqreturn_t test_handler(int irq, void *dev_id)
{
	handled++;
	return IRQ_HANDLED;
}

static void setup(void)
{
	unsigned int cpu;

	tm_setup();
	rec_reset();
	root_fail_at = -1;
	root_activate_ret = leaf_activate_ret = 0;
	leaf_mode = LEAF_OK;
	handled = 0;
	arg.base = 100;
	arg.stride = 1;
	/*
	 * Warm the machine's lazily built caches (cpumask_of() masks, the work
	 * queue), and keep a descriptor at irq 4095 so the descriptor table's
	 * radix tree keeps its height: live-allocation counts then compare the
	 * domain code alone.
	 */
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		cpumask_of(cpu);
	irqlab_work_queue(tm, 0, NULL);
	irqlab_run_until_idle(tm);
	ck_assert_int_eq(irq_alloc_desc_at(4095, NUMA_NO_NODE), 4095);
	irq_free_desc(irq_alloc_desc_at(1, NUMA_NO_NODE));
	root_fw = irq_domain_alloc_named_fwnode("ROOTDOM");
	leaf_fw = irq_domain_alloc_named_fwnode("LEAFDOM");
	root = irq_domain_create_tree(root_fw, &root_ops, NULL);
	leaf = irq_domain_create_hierarchy(root, 0, 0, leaf_fw, &leaf_ops, NULL);
	ck_assert_ptr_nonnull(root);
	ck_assert_ptr_nonnull(leaf);
}

static void teardown(void)
{
	irq_domain_free_fwnode(root_fw);
	irq_domain_free_fwnode(leaf_fw);
	tm_teardown();
}

/* Nothing of a failed allocation may remain. */
struct snapshot {
	unsigned int nr_active;
	long live;
};

static struct snapshot snap(void)
{
	struct snapshot s = { irqlab_nr_active_irqs(), irqlab_alloc_live() };

	return s;
}

static void assert_nothing_left(const struct snapshot *s)
{
	unsigned long key = 0;
	unsigned int i;

	ck_assert_uint_eq(irqlab_nr_active_irqs(), s->nr_active);
	ck_assert_uint_eq(leaf->mapcount, 0);
	ck_assert_uint_eq(root->mapcount, 0);
	ck_assert_ptr_null(irqlab_radix_next(&leaf->revmap_tree, &key));
	ck_assert_ptr_null(irqlab_radix_next(&root->revmap_tree, &key));
	for (i = 0; i < 4; i++) {
		ck_assert_uint_eq(irq_find_mapping(leaf, arg.base + i * arg.stride), 0);
		ck_assert_ptr_null(irq_to_desc(1 + i));
	}
	ck_assert_int_eq(irqlab_alloc_live(), s->live);
}

/* ---- acceptance: the whole life of four irqs -------------------------- */

static void check_allocated(int virq)
{
	struct irq_data *outer, *inner;
	struct irq_desc *desc;
	int i;

	ck_assert_uint_eq(leaf->mapcount, 4);
	ck_assert_uint_eq(root->mapcount, 4);
	for (i = 0; i < 4; i++) {
		desc = irq_to_desc(virq + i);
		ck_assert_ptr_nonnull(desc);
		outer = &desc->irq_data;
		inner = outer->parent_data;
		ck_assert_ptr_eq(outer->domain, leaf);
		ck_assert_ptr_eq(outer->chip, &leaf_chip);
		ck_assert_uint_eq(outer->hwirq, arg.base + i * arg.stride);
		ck_assert_ptr_nonnull(inner);
		ck_assert_ptr_eq(inner->domain, root);
		ck_assert_ptr_eq(inner->chip, &root_chip);
		ck_assert_uint_eq(inner->hwirq, virq + i);
		ck_assert_uint_eq(inner->irq, virq + i);
		ck_assert_ptr_eq(inner->common, outer->common);
		ck_assert_ptr_null(inner->parent_data);
		ck_assert_ptr_eq(irq_domain_get_irq_data(root, virq + i), inner);
		ck_assert_ptr_eq(irq_domain_get_irq_data(leaf, virq + i), outer);
		/* Each level has its own reverse-map entry. */
		ck_assert_uint_eq(irq_find_mapping(leaf, arg.base + i * arg.stride),
				  virq + i);
		ck_assert_uint_eq(irq_find_mapping(root, virq + i), virq + i);
		ck_assert_ptr_eq(irq_resolve_mapping(root, virq + i), desc);
		ck_assert_ptr_eq(desc->handle_irq, handle_edge_irq);
		ck_assert_str_eq(desc->name, "edge");
		ck_assert_ptr_eq(irq_desc_get_handler_data(desc), &arg);
		ck_assert(!(desc->status_use_accessors & IRQ_NOREQUEST));
		ck_assert(!irqd_is_activated(outer));
	}
}

START_TEST(test_lifecycle)
{
	struct snapshot s = snap();
	unsigned int warns = irqlab_warn_count(tm);
	struct irq_data *d, *rd;
	struct msi_msg msg;
	int virq, dev, i;
	char want[256];

	/* alloc */
	virq = irq_domain_alloc_irqs(leaf, 4, NUMA_NO_NODE, &arg);
	ck_assert_int_eq(virq, 1);
	snprintf(want, sizeof(want),
		 "leaf_alloc,root_alloc:1,root_alloc:2,root_alloc:3,root_alloc:4");
	ck_assert_rec(want);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), s.nr_active + 4);
	check_allocated(virq);
	d = irq_get_irq_data(virq);
	rd = d->parent_data;

	/* activate: the root first */
	rec_reset();
	ck_assert_int_eq(irq_domain_activate_irq(d, false), 0);
	ck_assert_rec("root,leaf");
	ck_assert(irqd_is_activated(d));
	rec_reset();
	ck_assert_int_eq(irq_domain_activate_irq(d, false), 0);
	ck_assert_rec("");

	/* request: starts the irq (unmask) and targets CPU 0 */
	rec_reset();
	ck_assert_int_eq(request_irq(virq, test_handler, 0, "test", &dev), 0);
	ck_assert_rec("unmask,set_affinity:0");
	ck_assert(irqd_is_started(d));
	ck_assert_int_eq(irqlab_handle_irq_on(tm, 0, virq), 0);
	ck_assert_int_eq(handled, 1);
	ck_assert_uint_eq(kstat_irqs_cpu(virq, 0), 1);

	/* disable is lazy: the next interrupt masks at the root */
	rec_reset();
	disable_irq(virq);
	ck_assert_rec("");
	ck_assert(irqd_irq_disabled(d));
	ck_assert_int_eq(irqlab_handle_irq_on(tm, 0, virq), 0);
	ck_assert_int_eq(handled, 1);
	ck_assert_rec("mask,ack");
	ck_assert(irqd_irq_masked(d));
	/* enable unmasks and replays the interrupt that came in meanwhile */
	rec_reset();
	enable_irq(virq);
	ck_assert_rec("unmask");
	irqlab_run_until_idle(tm);
	ck_assert_int_eq(handled, 2);

	/* set_affinity walks to the root, which picks the new CPU */
	rec_reset();
	ck_assert_int_eq(irq_set_affinity(virq, cpumask_of(2)), 0);
	ck_assert_rec("set_affinity:2");
	ck_assert(cpumask_equal(irq_data_get_effective_affinity_mask(d), cpumask_of(2)));
	ck_assert(cpumask_equal(irq_data_get_affinity_mask(d), cpumask_of(2)));
	ck_assert_uint_eq(((struct root_data *)rd->chip_data)->cpu, 2);

	/* compose: the leaf has no composer, the root's message follows the CPU */
	ck_assert_int_eq(irq_chip_compose_msi_msg(d, &msg), 0);
	ck_assert_uint_eq(msg.address_lo, 0xfee02000u);
	ck_assert_uint_eq(msg.address_hi, 0);
	ck_assert_uint_eq(msg.data, (u32)virq);
	ck_assert_int_eq(irqlab_handle_irq_on(tm, 2, virq), 0);
	ck_assert_uint_eq(kstat_irqs_cpu(virq, 2), 1);

	/* free_irq: shutdown masks, deactivation runs outer level first */
	rec_reset();
	ck_assert_ptr_eq(free_irq(virq, &dev), "test");
	ck_assert_rec("mask,leaf_deactivate,root_deactivate");
	ck_assert(!irqd_is_activated(d));

	/* free: the outer domain's free releases every level */
	rec_reset();
	irq_domain_free_irqs(virq, 4);
	snprintf(want, sizeof(want),
		 "leaf_free:1,root_free:1,leaf_free:2,root_free:2,"
		 "leaf_free:3,root_free:3,leaf_free:4,root_free:4");
	ck_assert_rec(want);
	for (i = 0; i < 4; i++) {
		ck_assert_ptr_null(irq_to_desc(virq + i));
		ck_assert_uint_eq(irq_find_mapping(root, virq + i), 0);
	}
	assert_nothing_left(&s);
	/* No lock assertion or other WARN on the way. */
	ck_assert_uint_eq(irqlab_warn_count(tm), warns);
}
END_TEST

START_TEST(test_request_activates)
{
	struct snapshot s = snap();
	int virq, dev;

	virq = irq_domain_alloc_irqs(leaf, 1, NUMA_NO_NODE, &arg);
	rec_reset();
	ck_assert_int_eq(request_irq(virq, test_handler, 0, "req", &dev), 0);
	ck_assert_rec("root,leaf,unmask,set_affinity:0");
	ck_assert(irqd_is_activated(irq_get_irq_data(virq)));
	free_irq(virq, &dev);
	irq_domain_free_irqs(virq, 1);
	assert_nothing_left(&s);
}
END_TEST

/* ---- alloc failures -------------------------------------------------- */

START_TEST(test_alloc_fails_at_leaf)
{
	struct snapshot s = snap();

	leaf_mode = LEAF_FAIL_FIRST;
	ck_assert_int_eq(irq_domain_alloc_irqs(leaf, 4, NUMA_NO_NODE, &arg), -EINVAL);
	ck_assert_rec("leaf_alloc");
	assert_nothing_left(&s);

	/* After the root succeeded: the leaf frees the root level itself. */
	rec_reset();
	leaf_mode = LEAF_FAIL_AFTER_PARENT;
	ck_assert_int_eq(irq_domain_alloc_irqs(leaf, 2, NUMA_NO_NODE, &arg), -EIO);
	ck_assert_rec("leaf_alloc,root_alloc:1,root_alloc:2,root_free:1,root_free:2");
	assert_nothing_left(&s);
}
END_TEST

START_TEST(test_alloc_fails_at_root)
{
	struct snapshot s = snap();

	root_fail_at = 0;
	ck_assert_int_eq(irq_domain_alloc_irqs(leaf, 4, NUMA_NO_NODE, &arg), -ENOSPC);
	ck_assert_rec("leaf_alloc");
	assert_nothing_left(&s);
}
END_TEST

START_TEST(test_alloc_fails_at_root_third_irq)
{
	struct snapshot s = snap();

	root_fail_at = 2;
	ck_assert_int_eq(irq_domain_alloc_irqs(leaf, 4, NUMA_NO_NODE, &arg), -ENOSPC);
	/* The two root levels that were set up are released again. */
	ck_assert_rec("leaf_alloc,root_alloc:1,root_alloc:2,root_free:1,root_free:2");
	assert_nothing_left(&s);

	/* The same irqs can be allocated afterwards. */
	root_fail_at = -1;
	ck_assert_int_eq(irq_domain_alloc_irqs(leaf, 4, NUMA_NO_NODE, &arg), 1);
	irq_domain_free_irqs(1, 4);
	assert_nothing_left(&s);
}
END_TEST

START_TEST(test_alloc_enomem_everywhere)
{
	struct snapshot s = snap();
	bool saw_revmap_fail = false;
	unsigned long n;
	int virq = 0;

	/* Spread the leaf hwirqs so that every irq needs new revmap nodes. */
	arg.base = 100;
	arg.stride = 4096;
	for (n = 1; n < 200; n++) {
		rec_reset();
		irqlab_fail_nth_alloc(n);
		virq = irq_domain_alloc_irqs(leaf, 4, NUMA_NO_NODE, &arg);
		irqlab_fail_nth_alloc(0);
		if (virq > 0)
			break;
		ck_assert_int_eq(virq, -ENOMEM);
		assert_nothing_left(&s);
		/* Past every alloc(): a reverse-map insertion failed. */
		if (strstr(rec, "root_alloc:4") && strstr(rec, "root_free:1"))
			saw_revmap_fail = true;
	}
	ck_assert_int_eq(virq, 1);
	ck_assert_uint_gt(n, 10);
	ck_assert(saw_revmap_fail);
	check_allocated(virq);
	irq_domain_free_irqs(virq, 4);
	assert_nothing_left(&s);
}
END_TEST

START_TEST(test_alloc_without_alloc_method)
{
	static const struct irq_domain_ops flat_ops = { 0 };
	struct irq_domain *flat = irq_domain_create_tree(NULL, &flat_ops, NULL);
	struct irq_domain *child = irq_domain_create_hierarchy(flat, 0, 0, NULL,
							       &leaf_ops, NULL);
	struct snapshot s = snap();

	ck_assert_int_eq(irq_domain_alloc_irqs(flat, 2, NUMA_NO_NODE, NULL), -ENOSYS);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), s.nr_active);
	ck_assert_int_eq(irqlab_alloc_live(), s.live);

	/* A parent without alloc(), or no parent at all. */
	ck_assert_int_eq(irq_domain_alloc_irqs(child, 1, NUMA_NO_NODE, &arg), -ENOSYS);
	ck_assert_int_eq(irq_domain_alloc_irqs_parent(root, 1, 1, NULL), -ENOSYS);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), s.nr_active);
	irq_domain_free_irqs_parent(root, 1, 1);
	irq_domain_free_irqs_parent(child, 1, 1);
	ck_assert_int_eq(irqlab_alloc_live(), s.live);
}
END_TEST

/* ---- activate failures ----------------------------------------------- */

START_TEST(test_activate_fails_at_root)
{
	struct snapshot s = snap();
	struct irq_data *d;
	int virq, dev;

	virq = irq_domain_alloc_irqs(leaf, 1, NUMA_NO_NODE, &arg);
	d = irq_get_irq_data(virq);
	root_activate_ret = -ENOSPC;
	rec_reset();
	ck_assert_int_eq(irq_domain_activate_irq(d, false), -ENOSPC);
	ck_assert_rec("root");
	ck_assert(!irqd_is_activated(d));

	/* request_irq fails the same way and leaves no action. */
	rec_reset();
	ck_assert_int_eq(request_irq(virq, test_handler, 0, "x", &dev), -ENOSPC);
	ck_assert_rec("root");
	ck_assert_ptr_null(irq_to_desc(virq)->action);

	/* Deactivating an irq that is not activated does nothing. */
	rec_reset();
	irq_domain_deactivate_irq(d);
	ck_assert_rec("");

	root_activate_ret = 0;
	ck_assert_int_eq(irq_domain_activate_irq(d, true), 0);
	ck_assert(irqd_is_activated(d));
	irq_domain_deactivate_irq(d);
	irq_domain_free_irqs(virq, 1);
	assert_nothing_left(&s);
}
END_TEST

START_TEST(test_activate_fails_at_leaf)
{
	struct snapshot s = snap();
	struct irq_data *d;
	int virq;

	virq = irq_domain_alloc_irqs(leaf, 1, NUMA_NO_NODE, &arg);
	d = irq_get_irq_data(virq);
	leaf_activate_ret = -EBUSY;
	rec_reset();
	ck_assert_int_eq(irq_domain_activate_irq(d, false), -EBUSY);
	/* The root was activated first, so it is deactivated again. */
	ck_assert_rec("root,leaf,root_deactivate");
	ck_assert(!irqd_is_activated(d));
	irq_domain_free_irqs(virq, 1);
	assert_nothing_left(&s);
}
END_TEST

START_TEST(test_activate_without_methods)
{
	static const struct irq_domain_ops plain_ops = {
		.alloc = root_alloc, .free = root_free,
	};
	struct irq_domain *plain = irq_domain_create_tree(NULL, &plain_ops, NULL);
	struct irq_data *d;
	int virq, lone;

	virq = irq_domain_alloc_irqs(plain, 1, NUMA_NO_NODE, NULL);
	d = irq_get_irq_data(virq);
	rec_reset();
	ck_assert_int_eq(irq_domain_activate_irq(d, false), 0);
	ck_assert(irqd_is_activated(d));
	irq_domain_deactivate_irq(d);
	ck_assert(!irqd_is_activated(d));
	ck_assert_rec("");
	irq_domain_free_irqs(virq, 1);

	/* An irq without domain is merely marked activated. */
	lone = irq_alloc_desc(NUMA_NO_NODE);
	d = irq_get_irq_data(lone);
	ck_assert_int_eq(irq_domain_activate_irq(d, false), 0);
	ck_assert(irqd_is_activated(d));
	irq_domain_deactivate_irq(d);
	ck_assert(!irqd_is_activated(d));
	irq_free_desc(lone);
}
END_TEST

/* ---- trimming -------------------------------------------------------- */

enum { MID_OK, MID_TRIM, MID_TRIM_AFTER_PARENT, MID_BAD_ERR, MID_NO_CHIP };
static int mid_mode;
static const struct irq_chip mid_chip = { .name = "MID" };

static int mid_alloc(struct irq_domain *d, unsigned int virq, unsigned int nr,
		     void *alloc_arg)
{
	const struct irq_chip *chip = &mid_chip;
	unsigned int i;
	int ret;

	if (mid_mode != MID_TRIM && mid_mode != MID_BAD_ERR) {
		ret = irq_domain_alloc_irqs_parent(d, virq, nr, alloc_arg);
		if (ret)
			return ret;
	}
	if (mid_mode == MID_TRIM || mid_mode == MID_TRIM_AFTER_PARENT)
		chip = ERR_PTR(-ENOTCONN);
	else if (mid_mode == MID_BAD_ERR)
		chip = ERR_PTR(-EIO);
	for (i = 0; i < nr && mid_mode != MID_NO_CHIP; i++)
		irq_domain_set_hwirq_and_chip(d, virq + i, i, chip, NULL);
	return 0;
}

static void mid_free(struct irq_domain *d, unsigned int virq, unsigned int nr)
{
	rec_add("mid_free:%u", virq);
	irq_domain_free_irqs_common(d, virq, nr);
}

static const struct irq_domain_ops mid_ops = {
	.alloc = mid_alloc,
	.free = mid_free,
};

START_TEST(test_trim_hierarchy)
{
	struct fwnode_handle *fw = irq_domain_alloc_named_fwnode("MID");
	struct irq_domain *mid, *top;
	struct snapshot s;
	struct irq_data *d;
	int virq;

	mid = irq_domain_create_hierarchy(root, 0, 4, fw, &mid_ops, NULL);
	top = irq_domain_create_hierarchy(mid, 0, 0, NULL, &leaf_ops, NULL);
	s = snap();

	mid_mode = MID_TRIM;
	virq = irq_domain_alloc_irqs(top, 2, NUMA_NO_NODE, &arg);
	ck_assert_int_eq(virq, 1);
	ck_assert_log("irq: IRQ1: trimming hierarchy from MID");
	ck_assert_log("irq: IRQ2: trimming hierarchy from MID");
	d = irq_get_irq_data(virq);
	ck_assert_ptr_null(d->parent_data);
	ck_assert_ptr_null(irq_domain_get_irq_data(mid, virq));
	ck_assert_uint_eq(top->mapcount, 2);
	ck_assert_uint_eq(mid->mapcount, 0);
	ck_assert_uint_eq(root->mapcount, 0);
	ck_assert_uint_eq(irq_find_mapping(top, 100), 1);
	ck_assert_uint_eq(irq_find_mapping(mid, 0), 0);

	/* Freeing does not reach the trimmed levels. */
	rec_reset();
	irq_domain_free_irqs(virq, 2);
	ck_assert_rec("leaf_free:1,leaf_free:2");
	ck_assert_uint_eq(irqlab_nr_active_irqs(), s.nr_active);
	ck_assert_int_eq(irqlab_alloc_live(), s.live);

	mid_mode = MID_OK;
	virq = irq_domain_alloc_irqs(top, 1, NUMA_NO_NODE, &arg);
	ck_assert_ptr_eq(irq_get_irq_data(virq)->parent_data->chip, &mid_chip);
	ck_assert_uint_eq(mid->mapcount, 1);
	ck_assert_uint_eq(root->mapcount, 1);
	rec_reset();
	irq_domain_free_irqs(virq, 1);
	ck_assert_rec("leaf_free:1,mid_free:1,root_free:1");
	irq_domain_free_fwnode(fw);
}
END_TEST

START_TEST(test_trim_invalid_chains)
{
	static const int modes[] = { MID_TRIM_AFTER_PARENT, MID_BAD_ERR, MID_NO_CHIP };
	struct irq_domain *mid, *top;
	struct snapshot s;
	unsigned int i;

	mid = irq_domain_create_hierarchy(root, 0, 0, NULL, &mid_ops, NULL);
	top = irq_domain_create_hierarchy(mid, 0, 0, NULL, &leaf_ops, NULL);
	s = snap();

	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		mid_mode = modes[i];
		rec_reset();
		ck_assert_int_eq(irq_domain_alloc_irqs(top, 2, NUMA_NO_NODE, &arg), -EINVAL);
		ck_assert_uint_eq(top->mapcount, 0);
		ck_assert_uint_eq(mid->mapcount, 0);
		ck_assert_uint_eq(root->mapcount, 0);
		ck_assert_uint_eq(irqlab_nr_active_irqs(), s.nr_active);
		ck_assert_int_eq(irqlab_alloc_live(), s.live);
		/* Whatever the levels allocated was released through free(). */
		if (mid_mode != MID_BAD_ERR)
			ck_assert_ptr_nonnull(strstr(rec, "root_free:2"));
	}

	/* The outermost level itself cannot be a trim marker. */
	mid_mode = MID_OK;
	leaf_mode = LEAF_MARKER;
	ck_assert_int_eq(irq_domain_alloc_irqs(top, 1, NUMA_NO_NODE, &arg), -EINVAL);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), s.nr_active);
	ck_assert_int_eq(irqlab_alloc_live(), s.live);
	ck_assert_no_log("trimming");
}
END_TEST

/* ---- helpers --------------------------------------------------------- */

START_TEST(test_set_hwirq_and_chip)
{
	struct irq_data *d;
	int virq, other;

	virq = irq_domain_alloc_irqs(leaf, 1, NUMA_NO_NODE, &arg);
	other = irq_alloc_desc(NUMA_NO_NODE);
	ck_assert_int_eq(irq_domain_set_hwirq_and_chip(root, other, 1, &root_chip, NULL),
			 -ENOENT);
	ck_assert_int_eq(irq_domain_set_hwirq_and_chip(root, 9999, 1, &root_chip, NULL),
			 -ENOENT);
	ck_assert_ptr_null(irq_domain_get_irq_data(root, other));

	/* A NULL chip is no_irq_chip. */
	d = irq_domain_get_irq_data(leaf, virq);
	ck_assert_int_eq(irq_domain_set_hwirq_and_chip(leaf, virq, 7, NULL, &arg), 0);
	ck_assert_ptr_eq(d->chip, &no_irq_chip);
	ck_assert_uint_eq(d->hwirq, 7);
	ck_assert_ptr_eq(d->chip_data, &arg);
	irq_domain_reset_irq_data(d);
	ck_assert_uint_eq(d->hwirq, 0);
	ck_assert_ptr_null(d->chip_data);
	/* The revmap still has the allocation-time hwirq: restore it. */
	d->hwirq = 100;
	d->chip = &leaf_chip;

	/* free_irqs_top drops the flow handler and its data. */
	irq_domain_free_irqs_top(leaf, virq, 1);
	ck_assert_ptr_eq(irq_to_desc(virq)->handle_irq, handle_bad_irq);
	ck_assert_ptr_null(irq_get_handler_data(virq));
	ck_assert_ptr_eq(d->chip, &no_irq_chip);
	ck_assert_ptr_eq(d->parent_data->chip, &no_irq_chip);
	/* Uninstalling the handler mask-acks the irq, as in the kernel. */
	ck_assert_rec("leaf_alloc,root_alloc:1,ack,root_free:1");
	/* Restore what free() expects, then free normally. */
	d->hwirq = 100;
	d->parent_data->hwirq = virq;
	d->parent_data->chip_data = NULL;
	irq_domain_free_irqs(virq, 1);
	irq_free_desc(other);
}
END_TEST

/* The parent first, then this level; no memory of its own. */
static int simple_alloc(struct irq_domain *d, unsigned int virq, unsigned int nr,
			void *alloc_arg)
{
	unsigned int i;
	int ret = irq_domain_alloc_irqs_parent(d, virq, nr, alloc_arg);

	if (ret && ret != -ENOSYS)
		return ret;
	for (i = 0; i < nr; i++)
		irq_domain_set_hwirq_and_chip(d, virq + i, virq + i, &root_chip, NULL);
	return 0;
}

START_TEST(test_free_irqs_misuse)
{
	static const struct irq_domain_ops simple_ops = {
		.alloc = simple_alloc, .free = irq_domain_free_irqs_common,
	};
	static const struct irq_domain_ops nofree_ops = { .alloc = simple_alloc };
	struct irq_domain *simple = irq_domain_create_tree(NULL, &simple_ops, NULL);
	struct irq_domain *nofree = irq_domain_create_hierarchy(simple, 0, 4, NULL,
								&nofree_ops, NULL);
	unsigned int warns = irqlab_warn_count(tm);
	int virq, lone;

	irq_domain_free_irqs(4242, 1);
	lone = irq_alloc_desc(NUMA_NO_NODE);
	irq_domain_free_irqs(lone, 1);
	ck_assert_ptr_nonnull(irq_to_desc(lone));
	virq = irq_domain_alloc_irqs(nofree, 1, NUMA_NO_NODE, NULL);
	irq_domain_free_irqs(virq, 1);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 3);
	ck_assert_log("NULL pointer, cannot free irq");
	ck_assert_ptr_nonnull(irq_to_desc(virq));
	ck_assert_uint_eq(nofree->mapcount, 1);
	ck_assert_uint_eq(simple->mapcount, 1);
	irq_free_desc(lone);
	/* Machine teardown releases the left-over irq and both levels. */
}
END_TEST

START_TEST(test_default_host_and_realloc)
{
	struct snapshot s = snap();
	unsigned int warns = irqlab_warn_count(tm);
	int virq;

	ck_assert_int_eq(__irq_domain_alloc_irqs(NULL, -1, 1, NUMA_NO_NODE, NULL,
						 false, NULL), -EINVAL);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_log("domain is NULL; cannot allocate IRQ");
	irq_set_default_host(leaf);
	virq = __irq_domain_alloc_irqs(NULL, -1, 1, NUMA_NO_NODE, &arg, false, NULL);
	ck_assert_uint_eq(irq_find_mapping(leaf, 100), (unsigned int)virq);
	irq_domain_free_irqs(virq, 1);

	/* An exact irq number. */
	ck_assert_int_eq(__irq_domain_alloc_irqs(leaf, 77, 2, NUMA_NO_NODE, &arg, false,
						 NULL), 77);
	ck_assert_int_eq(__irq_domain_alloc_irqs(leaf, 78, 1, NUMA_NO_NODE, &arg, false,
						 NULL), -EEXIST);
	irq_domain_free_irqs(77, 2);
	assert_nothing_left(&s);

	/* Reuse an existing descriptor: a failure leaves it as it was. */
	ck_assert_int_eq(irq_alloc_desc_at(50, NUMA_NO_NODE), 50);
	root_fail_at = 0;
	ck_assert_int_eq(__irq_domain_alloc_irqs(leaf, 50, 1, NUMA_NO_NODE, &arg, true,
						 NULL), -ENOSPC);
	ck_assert_ptr_nonnull(irq_to_desc(50));
	ck_assert_ptr_null(irq_get_irq_data(50)->domain);
	ck_assert_ptr_null(irq_get_irq_data(50)->parent_data);
	root_fail_at = -1;
	ck_assert_int_eq(__irq_domain_alloc_irqs(leaf, 50, 1, NUMA_NO_NODE, &arg, true,
						 NULL), 50);
	ck_assert_uint_eq(irq_find_mapping(leaf, 100), 50);
	/* Mapped already, or not there at all: refused. */
	warns = irqlab_warn_count(tm);
	ck_assert_int_eq(__irq_domain_alloc_irqs(leaf, 50, 1, NUMA_NO_NODE, &arg, true,
						 NULL), -EINVAL);
	ck_assert_int_eq(__irq_domain_alloc_irqs(leaf, 51, 1, NUMA_NO_NODE, &arg, true,
						 NULL), -EINVAL);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 2);
	ck_assert_log("irq: cannot reuse IRQ51");
	/* As in the kernel, freeing releases the reused descriptor too. */
	irq_domain_free_irqs(50, 1);
	assert_nothing_left(&s);

	/* realloc without an irq number is an ordinary allocation. */
	virq = __irq_domain_alloc_irqs(leaf, -1, 1, NUMA_NO_NODE, &arg, true, NULL);
	ck_assert_int_eq(virq, 1);
	irq_domain_free_irqs(virq, 1);
	assert_nothing_left(&s);
}
END_TEST

START_TEST(test_managed_affinity_alloc)
{
	struct irq_affinity_desc aff[2];
	cpumask_var_t m0, m1;
	int virq;

	ck_assert(zalloc_cpumask_var(&m0, GFP_KERNEL));
	ck_assert(zalloc_cpumask_var(&m1, GFP_KERNEL));
	cpumask_set_cpu(1, m0);
	cpumask_set_cpu(3, m1);
	aff[0].mask = m0;
	aff[0].is_managed = 1;
	aff[1].mask = m1;
	aff[1].is_managed = 0;
	virq = __irq_domain_alloc_irqs(leaf, -1, 2, NUMA_NO_NODE, &arg, false, aff);
	ck_assert_int_gt(virq, 0);
	ck_assert(irqd_affinity_is_managed(irq_get_irq_data(virq)));
	ck_assert(cpumask_equal(irq_data_get_affinity_mask(irq_get_irq_data(virq)), m0));
	ck_assert(!irqd_affinity_is_managed(irq_get_irq_data(virq + 1)));
	irq_domain_free_irqs(virq, 2);
	free_cpumask_var(m0);
	free_cpumask_var(m1);
}
END_TEST

/* ---- machines -------------------------------------------------------- */

START_TEST(test_two_machines_hierarchy)
{
	struct irq_domain *r2, *l2;
	struct irqlab_machine *m2;
	int v1, v2;

	unsigned int nr = irqlab_nr_active_irqs();

	v1 = irq_domain_alloc_irqs(leaf, 2, NUMA_NO_NODE, &arg);
	ck_assert_int_eq(irqlab_machine_create(NULL, &m2), 0);
	/* The same names on another machine are different domains. */
	r2 = irq_domain_create_tree(root_fw, &root_ops, NULL);
	l2 = irq_domain_create_hierarchy(r2, 0, 0, leaf_fw, &leaf_ops, NULL);
	ck_assert_ptr_eq(irqlab_domain_find_by_name("LEAFDOM"), l2);
	ck_assert_ptr_eq(irq_find_matching_fwnode(leaf_fw, DOMAIN_BUS_ANY), l2);
	v2 = irq_domain_alloc_irqs(l2, 3, NUMA_NO_NODE, &arg);
	ck_assert_int_eq(v2, 1);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), 3);
	ck_assert_uint_eq(l2->mapcount, 3);
	ck_assert_uint_eq(irq_find_mapping(l2, 102), 3);

	irqlab_machine_set_current(tm);
	ck_assert_ptr_eq(irqlab_domain_find_by_name("LEAFDOM"), leaf);
	ck_assert_ptr_eq(irq_find_matching_fwnode(leaf_fw, DOMAIN_BUS_ANY), leaf);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), nr + 2);
	ck_assert_uint_eq(leaf->mapcount, 2);
	ck_assert_uint_eq(irq_find_mapping(leaf, 102), 0);
	/* m2 is torn down with its irqs still allocated. */
	irqlab_machine_destroy(m2);
	ck_assert_ptr_eq(irqlab_machine_current(), tm);
	ck_assert_uint_eq(irq_find_mapping(leaf, 101), (unsigned int)v1 + 1);
	irq_domain_free_irqs(v1, 2);
}
END_TEST

static Suite *hierarchy_suite(void)
{
	Suite *s = suite_create("hierarchy");
	TCase *tc;

	tc = tcase_create("lifecycle");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_lifecycle);
	tcase_add_test(tc, test_request_activates);
	suite_add_tcase(s, tc);

	tc = tcase_create("alloc_failures");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_alloc_fails_at_leaf);
	tcase_add_test(tc, test_alloc_fails_at_root);
	tcase_add_test(tc, test_alloc_fails_at_root_third_irq);
	tcase_add_test(tc, test_alloc_enomem_everywhere);
	tcase_add_test(tc, test_alloc_without_alloc_method);
	suite_add_tcase(s, tc);

	tc = tcase_create("activate_failures");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_activate_fails_at_root);
	tcase_add_test(tc, test_activate_fails_at_leaf);
	tcase_add_test(tc, test_activate_without_methods);
	suite_add_tcase(s, tc);

	tc = tcase_create("trim");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_trim_hierarchy);
	tcase_add_test(tc, test_trim_invalid_chains);
	suite_add_tcase(s, tc);

	tc = tcase_create("helpers");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_set_hwirq_and_chip);
	tcase_add_test(tc, test_free_irqs_misuse);
	tcase_add_test(tc, test_default_host_and_realloc);
	tcase_add_test(tc, test_managed_affinity_alloc);
	tcase_add_test(tc, test_two_machines_hierarchy);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(hierarchy_suite());
}
