// SPDX-License-Identifier: MIT
/*
 * irq domains: firmware nodes, names, creation failures, lookup, default
 * host, linear and radix reverse maps, flat mappings (irq_create_mapping /
 * irq_dispose_mapping), firmware-spec mappings, the full 2^20 irq space,
 * machine isolation and teardown.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "internals.h"

/* ---- recording ------------------------------------------------------- */

static char rec[4096];

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

/* ---- a flat controller ----------------------------------------------- */

static const struct irq_chip flat_chip = { .name = "FLAT" };
static int map_ret;

static int flat_map(struct irq_domain *d, unsigned int virq, irq_hw_number_t hw)
{
	rec_add("map:%u:%lu", virq, hw);
	if (map_ret)
		return map_ret;
	irq_set_chip_and_handler(virq, &flat_chip, handle_level_irq);
	return 0;
}

static void flat_unmap(struct irq_domain *d, unsigned int virq)
{
	rec_add("unmap:%u", virq);
}

static const struct irq_domain_ops flat_ops = {
	.map = flat_map,
	.unmap = flat_unmap,
};

static const struct irq_domain_ops twocell_ops = {
	.map = flat_map,
	.unmap = flat_unmap,
	.translate = irq_domain_translate_twocell,
};

static const struct irq_domain_ops bare_ops = { 0 };

/* ---- a hierarchical root whose hwirq comes from the argument --------- */

static const struct irq_chip root_chip = { .name = "ROOT" };
static int root_alloc_ret;

/* arg: a fwspec (param[0] is the hwirq) or NULL (hwirq = virq). */
static int root_alloc(struct irq_domain *d, unsigned int virq, unsigned int nr,
		      void *arg)
{
	struct irq_fwspec *fwspec = arg;
	unsigned int i;

	if (root_alloc_ret)
		return root_alloc_ret;
	for (i = 0; i < nr; i++)
		irq_domain_set_hwirq_and_chip(d, virq + i,
					      fwspec ? fwspec->param[0] + i : virq + i,
					      &root_chip, NULL);
	return 0;
}

/* Every level: the parent first, then this level with hwirq = virq. */
static int chain_alloc(struct irq_domain *d, unsigned int virq, unsigned int nr,
		       void *arg)
{
	unsigned int i;
	int ret;

	if (d->parent) {
		ret = irq_domain_alloc_irqs_parent(d, virq, nr, arg);
		if (ret)
			return ret;
	}
	for (i = 0; i < nr; i++)
		irq_domain_set_hwirq_and_chip(d, virq + i, virq + i, &root_chip, NULL);
	return 0;
}

static const struct irq_domain_ops root_ops = {
	.alloc = root_alloc,
	.free = irq_domain_free_irqs_common,
	.translate = irq_domain_translate_twocell,
};

static struct irq_domain *new_tree(const char *name, const struct irq_domain_ops *ops,
				   struct fwnode_handle **fw)
{
	struct irq_domain *d;

	*fw = irq_domain_alloc_named_fwnode(name);
	ck_assert_ptr_nonnull(*fw);
	d = irq_domain_create_tree(*fw, ops, NULL);
	ck_assert_ptr_nonnull(d);
	return d;
}

static void setup(void)
{
	tm_setup();
	rec_reset();
	map_ret = 0;
	root_alloc_ret = 0;
}

/* ---- firmware nodes -------------------------------------------------- */

START_TEST(test_fwnode_alloc)
{
	struct fwnode_handle *a, *b, *c;
	long live = irqlab_alloc_live();

	a = irq_domain_alloc_named_fwnode("PCI-MSI");
	b = irq_domain_alloc_named_id_fwnode("VECTOR", 3);
	c = irq_domain_alloc_named_fwnode(NULL);
	irq_domain_free_fwnode(irq_domain_alloc_named_id_fwnode(NULL, 1));
	ck_assert_str_eq(a->name, "PCI-MSI");
	ck_assert_int_eq(a->id, 0);
	ck_assert_str_eq(b->name, "VECTOR-3");
	ck_assert_int_eq(b->id, 3);
	ck_assert_str_eq(c->name, "(null)");
	irq_domain_free_fwnode(a);
	irq_domain_free_fwnode(b);
	irq_domain_free_fwnode(c);
	irq_domain_free_fwnode(NULL);
	ck_assert_int_eq(irqlab_alloc_live(), live);
}
END_TEST

START_TEST(test_fwnode_alloc_failure)
{
	long live = irqlab_alloc_live();
	unsigned long n;

	/* The name and the node are two allocations; each may fail. */
	for (n = 1; n <= 2; n++) {
		irqlab_fail_nth_alloc(n);
		ck_assert_ptr_null(irq_domain_alloc_named_fwnode("x"));
		ck_assert(irqlab_alloc_fault_hit());
		ck_assert_int_eq(irqlab_alloc_live(), live);
		irqlab_fail_nth_alloc(n);
		ck_assert_ptr_null(irq_domain_alloc_named_id_fwnode("x", 1));
		ck_assert_int_eq(irqlab_alloc_live(), live);
	}
	irqlab_fail_nth_alloc(0);
}
END_TEST

/* ---- names ----------------------------------------------------------- */

START_TEST(test_names)
{
	struct fwnode_handle *fw = irq_domain_alloc_named_fwnode("FOO");
	struct fwnode_handle anon = { .name = NULL };
	struct irq_domain_info info = {
		.fwnode = fw, .hwirq_max = ~0UL, .ops = &flat_ops,
		.bus_token = DOMAIN_BUS_PCI_MSI,
	};
	struct irq_domain *plain, *tok, *u1, *u2, *u3, *inval;

	plain = irq_domain_create_tree(fw, &flat_ops, NULL);
	ck_assert_str_eq(plain->name, "FOO");
	ck_assert(plain->flags & IRQ_DOMAIN_NAME_ALLOCATED);
	tok = irq_domain_instantiate(&info);
	ck_assert(!IS_ERR(tok));
	ck_assert_str_eq(tok->name, "FOO-3");
	ck_assert_int_eq(tok->bus_token, DOMAIN_BUS_PCI_MSI);

	/* Without a named node: unknown-N, counted per machine from 1. */
	u1 = irq_domain_create_linear(NULL, 4, &flat_ops, NULL);
	u2 = irq_domain_create_tree(NULL, &flat_ops, NULL);
	info.fwnode = NULL;
	info.bus_token = DOMAIN_BUS_WIRED;
	u3 = irq_domain_instantiate(&info);
	ck_assert_str_eq(u1->name, "unknown-1");
	ck_assert_str_eq(u2->name, "unknown-2");
	ck_assert_str_eq(u3->name, "unknown-3-1");
	ck_assert_no_log("Invalid fwnode type");

	/* A node without a name is not a naming node. */
	inval = irq_domain_create_tree(&anon, &flat_ops, NULL);
	ck_assert_str_eq(inval->name, "unknown-4");
	ck_assert_log("irq: Invalid fwnode type for irqdomain");
	ck_assert_ptr_eq(inval->fwnode, &anon);
	irq_domain_remove(inval);

	/* The domain owns a copy of the name. */
	irq_domain_free_fwnode(fw);
	ck_assert_str_eq(plain->name, "FOO");
	ck_assert_ptr_eq(irqlab_domain_find_by_name("FOO-3"), tok);
}
END_TEST

START_TEST(test_update_bus_token)
{
	struct fwnode_handle *fw;
	struct irq_domain *d = new_tree("BAR", &flat_ops, &fw);
	long live;

	irq_domain_update_bus_token(d, DOMAIN_BUS_ANY);
	ck_assert_str_eq(d->name, "BAR");
	irq_domain_update_bus_token(d, DOMAIN_BUS_NEXUS);
	ck_assert_str_eq(d->name, "BAR-5");
	ck_assert_int_eq(d->bus_token, DOMAIN_BUS_NEXUS);
	ck_assert_ptr_eq(irqlab_domain_find_by_name("BAR-5"), d);
	ck_assert_ptr_null(irqlab_domain_find_by_name("BAR"));

	/* Out of memory: the token changes, the name stays. */
	live = irqlab_alloc_live();
	irqlab_fail_nth_alloc(1);
	irq_domain_update_bus_token(d, DOMAIN_BUS_IPI);
	ck_assert_int_eq(d->bus_token, DOMAIN_BUS_IPI);
	ck_assert_str_eq(d->name, "BAR-5");
	ck_assert_int_eq(irqlab_alloc_live(), live);

	/* Like the kernel, the suffix is appended to the current name. */
	irq_domain_update_bus_token(d, DOMAIN_BUS_WIRED);
	ck_assert_str_eq(d->name, "BAR-5-1");
	irq_domain_remove(d);
	irq_domain_free_fwnode(fw);
}
END_TEST

START_TEST(test_update_bus_token_static_name)
{
	struct fwnode_handle *fw;
	struct irq_domain *d = new_tree("BAZ", &flat_ops, &fw);

	/* A name the domain does not own is replaced, not freed. */
	kfree(d->name);
	d->name = "static";
	d->flags &= ~IRQ_DOMAIN_NAME_ALLOCATED;
	irq_domain_update_bus_token(d, DOMAIN_BUS_WIRED);
	ck_assert_str_eq(d->name, "static-1");
	ck_assert(d->flags & IRQ_DOMAIN_NAME_ALLOCATED);

	/* Removal frees only a name the domain owns. */
	d = irq_domain_create_tree(NULL, &flat_ops, NULL);
	kfree(d->name);
	d->name = "static";
	d->flags &= ~IRQ_DOMAIN_NAME_ALLOCATED;
	irq_domain_remove(d);
	irq_domain_free_fwnode(fw);
}
END_TEST

/* ---- creation -------------------------------------------------------- */

static int init_calls, exit_calls, init_ret;
static struct irq_domain *init_seen;

static int dom_init(struct irq_domain *d)
{
	init_calls++;
	init_seen = d;
	/* Not yet published while init runs. */
	ck_assert_ptr_null(irqlab_domain_next(NULL));
	ck_assert_str_eq(d->name, "INIT");
	return init_ret;
}

static void dom_exit(struct irq_domain *d)
{
	exit_calls++;
}

START_TEST(test_instantiate_init_exit)
{
	struct fwnode_handle *fw = irq_domain_alloc_named_fwnode("INIT");
	struct irq_domain_info info = {
		.fwnode = fw, .size = 8, .hwirq_max = 8, .ops = &flat_ops,
		.host_data = &init_calls, .init = dom_init, .exit = dom_exit,
		.domain_flags = IRQ_DOMAIN_FLAG_MSI,
	};
	long live = irqlab_alloc_live();
	struct irq_domain *d;

	init_calls = exit_calls = 0;
	init_ret = -EIO;
	d = irq_domain_instantiate(&info);
	ck_assert(IS_ERR(d));
	ck_assert_int_eq(PTR_ERR(d), -EIO);
	ck_assert_int_eq(init_calls, 1);
	ck_assert_int_eq(exit_calls, 0);
	ck_assert_int_eq(irqlab_alloc_live(), live);
	ck_assert_ptr_null(irqlab_domain_next(NULL));
	ck_assert_ptr_null(irqlab_domain_find_by_name("INIT"));

	init_ret = 0;
	d = irq_domain_instantiate(&info);
	ck_assert(!IS_ERR(d));
	ck_assert_ptr_eq(init_seen, d);
	ck_assert_ptr_eq(d->host_data, &init_calls);
	ck_assert_uint_eq(d->flags, IRQ_DOMAIN_FLAG_MSI | IRQ_DOMAIN_NAME_ALLOCATED);
	ck_assert_uint_eq(d->revmap_size, 8);
	ck_assert_ptr_eq(d->root, d);
	ck_assert_ptr_eq(d->machine, tm);
	ck_assert_ptr_eq(irqlab_domain_next(NULL), d);
	irq_domain_remove(d);
	ck_assert_int_eq(exit_calls, 1);
	ck_assert_ptr_null(irqlab_domain_next(NULL));
	ck_assert_int_eq(irqlab_alloc_live(), live);
	irq_domain_free_fwnode(fw);
}
END_TEST

START_TEST(test_instantiate_bad_info)
{
	struct fwnode_handle *fw = irq_domain_alloc_named_fwnode("BAD");
	struct irq_domain_info good = {
		.fwnode = fw, .size = 4, .hwirq_max = 4, .ops = &flat_ops,
	};
	struct irq_domain_info info;
	struct irqlab_machine *m2, *prev;
	struct irq_domain *other;
	long live;
	unsigned int warns;

	/* A parent on another machine. */
	ck_assert_int_eq(irqlab_machine_create(NULL, &m2), 0);
	other = irq_domain_create_tree(NULL, &root_ops, NULL);
	ck_assert_ptr_nonnull(other);
	irqlab_machine_set_current(tm);

	live = irqlab_alloc_live();
	warns = irqlab_warn_count(tm);
	ck_assert_int_eq(PTR_ERR(irq_domain_instantiate(NULL)), -EINVAL);
	info = good;
	info.ops = NULL;
	ck_assert_int_eq(PTR_ERR(irq_domain_instantiate(&info)), -EINVAL);
	ck_assert_ptr_null(irq_domain_create_linear(fw, 4, NULL, NULL));
	ck_assert_ptr_null(irq_domain_create_tree(fw, NULL, NULL));
	ck_assert_ptr_null(irq_domain_create_hierarchy(NULL, 0, 0, fw, NULL, NULL));
	info = good;
	info.direct_max = 4;
	ck_assert_int_eq(PTR_ERR(irq_domain_instantiate(&info)), -EINVAL);
	info = good;
	info.hwirq_max = 3;
	ck_assert_int_eq(PTR_ERR(irq_domain_instantiate(&info)), -EINVAL);
	info = good;
	info.parent = other;
	ck_assert_int_eq(PTR_ERR(irq_domain_instantiate(&info)), -EINVAL);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 8);
	/* A suffix with a named node is refused without a warning. */
	info = good;
	info.name_suffix = "x";
	ck_assert_int_eq(PTR_ERR(irq_domain_instantiate(&info)), -EINVAL);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 8);
	ck_assert_int_eq(irqlab_alloc_live(), live);
	ck_assert_ptr_null(irqlab_domain_next(NULL));

	/* No current machine. */
	prev = irqlab_machine_set_current(NULL);
	ck_assert_int_eq(PTR_ERR(irq_domain_instantiate(&good)), -ENODEV);
	irqlab_machine_set_current(prev);
	ck_assert_int_eq(irqlab_alloc_live(), live);

	irqlab_machine_destroy(m2);
	irqlab_machine_set_current(tm);
	irq_domain_free_fwnode(fw);
}
END_TEST

START_TEST(test_instantiate_enomem)
{
	struct fwnode_handle *fw = irq_domain_alloc_named_fwnode("MEM");
	long live = irqlab_alloc_live();
	unsigned long n;

	/* The domain, then its name. */
	for (n = 1; n <= 2; n++) {
		irqlab_fail_nth_alloc(n);
		ck_assert_ptr_null(irq_domain_create_linear(fw, 16, &flat_ops, NULL));
		ck_assert_int_eq(irqlab_alloc_live(), live);
		irqlab_fail_nth_alloc(n);
		ck_assert_ptr_null(irq_domain_create_tree(NULL, &flat_ops, NULL));
		ck_assert_int_eq(irqlab_alloc_live(), live);
	}
	ck_assert_ptr_null(irqlab_domain_next(NULL));
	irqlab_fail_nth_alloc(0);
	irq_domain_free_fwnode(fw);
}
END_TEST

START_TEST(test_flags_root_and_sizes)
{
	struct irq_domain *root, *mid, *leaf, *flat, *lin, *tree;

	root = irq_domain_create_hierarchy(NULL, 0, 0, NULL, &root_ops, NULL);
	mid = irq_domain_create_hierarchy(root, IRQ_DOMAIN_FLAG_MSI_PARENT, 16, NULL,
					  &root_ops, NULL);
	leaf = irq_domain_create_hierarchy(mid, 0, 0, NULL, &root_ops, NULL);
	flat = irq_domain_create_hierarchy(leaf, 0, 0, NULL, &flat_ops, NULL);
	lin = irq_domain_create_linear(NULL, 32, &flat_ops, NULL);
	tree = irq_domain_create_tree(NULL, &flat_ops, NULL);

	/* HIERARCHY comes from an alloc() method, not from having a parent. */
	ck_assert(irq_domain_is_hierarchy(root));
	ck_assert(irq_domain_is_hierarchy(leaf));
	ck_assert(!irq_domain_is_hierarchy(flat));
	ck_assert(!irq_domain_is_hierarchy(lin));
	ck_assert(irq_domain_is_msi_parent(mid));
	ck_assert(!irq_domain_is_msi_parent(root));

	ck_assert_ptr_eq(root->root, root);
	ck_assert_ptr_eq(mid->root, root);
	ck_assert_ptr_eq(leaf->root, root);
	ck_assert_ptr_eq(flat->root, root);
	ck_assert_ptr_null(root->parent);
	ck_assert_ptr_eq(leaf->parent, mid);

	ck_assert_uint_eq(root->hwirq_max, 0xffffffffUL);
	ck_assert_uint_eq(root->revmap_size, 0);
	ck_assert_uint_eq(mid->hwirq_max, 16);
	ck_assert_uint_eq(mid->revmap_size, 16);
	ck_assert_uint_eq(lin->hwirq_max, 32);
	ck_assert_uint_eq(lin->revmap_size, 32);
	ck_assert_uint_eq(tree->hwirq_max, ~0UL);
	ck_assert_uint_eq(tree->revmap_size, 0);
}
END_TEST

/* ---- removal --------------------------------------------------------- */

START_TEST(test_remove_refuses_while_mapped)
{
	struct fwnode_handle *fw;
	struct irq_domain *d = new_tree("BUSY", &flat_ops, &fw);
	unsigned int virq, warns;

	virq = irq_create_mapping(d, 7);
	ck_assert_uint_ne(virq, 0);
	warns = irqlab_warn_count(tm);
	irq_domain_remove(d);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_log("irq: domain BUSY still has 1 mapping(s)");
	ck_assert_ptr_eq(irqlab_domain_find_by_name("BUSY"), d);
	ck_assert_uint_eq(irq_find_mapping(d, 7), virq);

	irq_dispose_mapping(virq);
	irq_domain_remove(d);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_ptr_null(irqlab_domain_find_by_name("BUSY"));
	irq_domain_free_fwnode(fw);
}
END_TEST

START_TEST(test_remove_refuses_parent_and_null)
{
	struct fwnode_handle *fw;
	struct irq_domain *root = new_tree("PARENT", &root_ops, &fw);
	struct irq_domain *child;
	unsigned int warns = irqlab_warn_count(tm);

	child = irq_domain_create_hierarchy(root, 0, 0, NULL, &root_ops, NULL);
	irq_domain_remove(root);
	ck_assert_log("irq: domain PARENT is still a parent");
	ck_assert_ptr_eq(irqlab_domain_find_by_name("PARENT"), root);
	irq_domain_remove(NULL);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 2);

	irq_domain_remove(child);
	irq_domain_remove(root);
	ck_assert_ptr_null(irqlab_domain_next(NULL));
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 2);
	irq_domain_free_fwnode(fw);
}
END_TEST

/* ---- default host, lookup -------------------------------------------- */

START_TEST(test_default_host)
{
	struct fwnode_handle *fw;
	struct irq_domain *d = new_tree("DFL", &flat_ops, &fw);
	struct irqlab_machine *prev;
	unsigned int virq, warns;

	ck_assert_ptr_null(irq_get_default_host());
	warns = irqlab_warn_count(tm);
	ck_assert_uint_eq(irq_create_mapping(NULL, 5), 0);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_log("irq_create_mapping(, 5) called with NULL domain");
	ck_assert_uint_eq(irq_find_mapping(NULL, 5), 0);
	ck_assert_ptr_null(irq_resolve_mapping(NULL, 5));

	irq_set_default_host(d);
	ck_assert_ptr_eq(irq_get_default_host(), d);
	virq = irq_create_mapping(NULL, 5);
	ck_assert_uint_ne(virq, 0);
	ck_assert_uint_eq(irq_find_mapping(NULL, 5), virq);
	ck_assert_uint_eq(irq_find_mapping(d, 5), virq);
	irq_dispose_mapping(virq);

	/* Without a current machine there is no default host. */
	prev = irqlab_machine_set_current(NULL);
	ck_assert_ptr_null(irq_get_default_host());
	irq_set_default_host(NULL);
	irqlab_machine_set_current(prev);
	ck_assert_ptr_eq(irq_get_default_host(), d);

	/* Removing the default host clears it. */
	irq_domain_remove(d);
	ck_assert_ptr_null(irq_get_default_host());
	irq_domain_free_fwnode(fw);
}
END_TEST

static int match_calls, select_calls;
static enum irq_domain_bus_token seen_token;
static struct fwnode_handle *match_node;

static int dom_match(struct irq_domain *d, struct fwnode_handle *node,
		     enum irq_domain_bus_token bus_token)
{
	match_calls++;
	seen_token = bus_token;
	return node == match_node;
}

static int dom_select(struct irq_domain *d, struct irq_fwspec *fwspec,
		      enum irq_domain_bus_token bus_token)
{
	select_calls++;
	seen_token = bus_token;
	return fwspec->param_count == 1 && fwspec->param[0] == 42;
}

static const struct irq_domain_ops match_ops = { .match = dom_match };
static const struct irq_domain_ops select_ops = { .select = dom_select,
						  .match = dom_match };

START_TEST(test_find_matching)
{
	struct fwnode_handle *fw = irq_domain_alloc_named_fwnode("NODE");
	struct fwnode_handle *other = irq_domain_alloc_named_fwnode("OTHER");
	struct irq_domain_info info = {
		.fwnode = fw, .hwirq_max = ~0UL, .ops = &flat_ops,
		.bus_token = DOMAIN_BUS_WIRED,
	};
	struct irq_fwspec spec = { .fwnode = fw };
	struct irq_domain *wired, *msi, *sel, *mat;

	wired = irq_domain_instantiate(&info);
	info.bus_token = DOMAIN_BUS_PCI_MSI;
	msi = irq_domain_instantiate(&info);

	/* Newest first for ANY; an exact token otherwise. */
	ck_assert_ptr_eq(irq_find_matching_fwnode(fw, DOMAIN_BUS_ANY), msi);
	ck_assert_ptr_eq(irq_find_matching_fwnode(fw, DOMAIN_BUS_WIRED), wired);
	ck_assert_ptr_eq(irq_find_matching_fwnode(fw, DOMAIN_BUS_PCI_MSI), msi);
	ck_assert_ptr_null(irq_find_matching_fwnode(fw, DOMAIN_BUS_IPI));
	ck_assert_ptr_null(irq_find_matching_fwnode(other, DOMAIN_BUS_ANY));
	ck_assert_ptr_null(irq_find_matching_fwnode(NULL, DOMAIN_BUS_ANY));
	ck_assert_ptr_eq(irq_find_matching_fwspec(&spec, DOMAIN_BUS_WIRED), wired);
	ck_assert_ptr_null(irq_find_matching_fwspec(NULL, DOMAIN_BUS_ANY));

	/* match() decides for its domain, whatever the fwnode fields say. */
	match_node = other;
	mat = irq_domain_create_tree(NULL, &match_ops, NULL);
	match_calls = 0;
	ck_assert_ptr_eq(irq_find_matching_fwnode(other, DOMAIN_BUS_NEXUS), mat);
	ck_assert_int_eq(match_calls, 1);
	ck_assert_int_eq(seen_token, DOMAIN_BUS_NEXUS);
	ck_assert_ptr_eq(irq_find_matching_fwnode(fw, DOMAIN_BUS_ANY), msi);

	/* select() sees the fwspec, only when a bus is asked for. */
	sel = irq_domain_create_tree(NULL, &select_ops, NULL);
	select_calls = match_calls = 0;
	spec.fwnode = NULL;
	spec.param_count = 1;
	spec.param[0] = 42;
	ck_assert_ptr_eq(irq_find_matching_fwspec(&spec, DOMAIN_BUS_WAKEUP), sel);
	ck_assert_int_eq(select_calls, 1);
	ck_assert_int_eq(seen_token, DOMAIN_BUS_WAKEUP);
	ck_assert_int_eq(match_calls, 0);
	/* For ANY, match() is asked instead. */
	match_node = NULL;
	ck_assert_ptr_eq(irq_find_matching_fwspec(&spec, DOMAIN_BUS_ANY), sel);
	ck_assert_int_eq(select_calls, 1);
	ck_assert_int_eq(match_calls, 1);
	spec.param[0] = 41;
	match_node = other;
	ck_assert_ptr_null(irq_find_matching_fwspec(&spec, DOMAIN_BUS_WAKEUP));

	irq_domain_free_fwnode(fw);
	irq_domain_free_fwnode(other);
}
END_TEST

START_TEST(test_find_by_name_and_iterate)
{
	struct irq_domain *a, *b, *c, *it;
	struct fwnode_handle *fa, *fb;
	struct irqlab_machine *prev;
	int n = 0;

	ck_assert_ptr_null(irqlab_domain_next(NULL));
	a = new_tree("A", &flat_ops, &fa);
	b = new_tree("B", &flat_ops, &fb);
	c = irq_domain_create_linear(NULL, 2, &flat_ops, NULL);
	ck_assert_ptr_eq(irqlab_domain_find_by_name("A"), a);
	ck_assert_ptr_eq(irqlab_domain_find_by_name("B"), b);
	ck_assert_ptr_eq(irqlab_domain_find_by_name("unknown-1"), c);
	ck_assert_ptr_null(irqlab_domain_find_by_name("C"));
	ck_assert_ptr_null(irqlab_domain_find_by_name(NULL));

	/* Newest first, like the kernel's irq_domain_list. */
	it = irqlab_domain_next(NULL);
	ck_assert_ptr_eq(it, c);
	it = irqlab_domain_next(it);
	ck_assert_ptr_eq(it, b);
	it = irqlab_domain_next(it);
	ck_assert_ptr_eq(it, a);
	ck_assert_ptr_null(irqlab_domain_next(it));

	/* Removing from the middle keeps the list linked. */
	irq_domain_remove(b);
	for (it = irqlab_domain_next(NULL); it; it = irqlab_domain_next(it))
		n++;
	ck_assert_int_eq(n, 2);
	ck_assert_ptr_eq(irqlab_domain_next(c), a);
	ck_assert_ptr_null(a->link_next);
	irq_domain_remove(a);
	ck_assert_ptr_eq(irqlab_domain_next(NULL), c);
	ck_assert_ptr_null(c->link_prev);

	prev = irqlab_machine_set_current(NULL);
	ck_assert_ptr_null(irqlab_domain_next(NULL));
	ck_assert_ptr_null(irqlab_domain_find_by_name("A"));
	ck_assert_ptr_null(irq_find_matching_fwnode(fa, DOMAIN_BUS_ANY));
	irqlab_machine_set_current(prev);
	irq_domain_free_fwnode(fa);
	irq_domain_free_fwnode(fb);
}
END_TEST

/* ---- flat mappings --------------------------------------------------- */

START_TEST(test_linear_mapping)
{
	struct fwnode_handle *fw = irq_domain_alloc_named_fwnode("LIN");
	struct irq_domain *d = irq_domain_create_linear(fw, 200, &flat_ops, NULL);
	unsigned int nr = irqlab_nr_active_irqs();
	struct irq_desc *desc;
	unsigned int virq, v0;
	char want[64];

	/* The search for a free irq starts at hwirq % nr_irqs (never 0). */
	virq = irq_create_mapping(d, 100);
	ck_assert_uint_eq(virq, 100);
	snprintf(want, sizeof(want), "map:%u:100", virq);
	ck_assert_rec(want);
	ck_assert_ptr_eq(d->revmap[100], irq_get_irq_data(virq));
	ck_assert_uint_eq(irq_find_mapping(d, 100), virq);
	desc = irq_resolve_mapping(d, 100);
	ck_assert_ptr_eq(desc, irq_to_desc(virq));
	ck_assert_ptr_eq(desc->irq_data.domain, d);
	ck_assert_uint_eq(desc->irq_data.hwirq, 100);
	ck_assert_ptr_eq(desc->irq_data.chip, &flat_chip);
	ck_assert(!(desc->status_use_accessors & IRQ_NOREQUEST));
	ck_assert_uint_eq(d->mapcount, 1);
	ck_assert_uint_eq(irq_find_mapping(d, 99), 0);
	ck_assert_ptr_null(irq_resolve_mapping(d, 99));

	/* An existing mapping is returned without calling map() again. */
	rec_reset();
	ck_assert_uint_eq(irq_create_mapping(d, 100), virq);
	ck_assert_rec("");
	ck_assert_uint_eq(d->mapcount, 1);

	v0 = irq_create_mapping(d, 0);
	ck_assert_uint_eq(v0, 1);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), nr + 2);

	rec_reset();
	irq_dispose_mapping(virq);
	snprintf(want, sizeof(want), "unmap:%u", virq);
	ck_assert_rec(want);
	ck_assert_ptr_null(irq_to_desc(virq));
	ck_assert_uint_eq(irq_find_mapping(d, 100), 0);
	ck_assert_ptr_null(d->revmap[100]);
	ck_assert_uint_eq(d->mapcount, 1);
	irq_dispose_mapping(v0);
	ck_assert_uint_eq(d->mapcount, 0);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), nr);

	/* 0 and unknown irqs are ignored. */
	irq_dispose_mapping(0);
	irq_dispose_mapping(12345);
	irq_domain_free_fwnode(fw);
}
END_TEST

START_TEST(test_tree_mapping_above_revmap_size)
{
	struct irq_domain_info info = {
		.size = 4, .hwirq_max = 100000, .ops = &flat_ops,
	};
	struct irq_domain *d = irq_domain_instantiate(&info);
	unsigned int lo, hi;

	lo = irq_create_mapping(d, 2);
	hi = irq_create_mapping(d, 70000);
	ck_assert_uint_ne(lo, 0);
	ck_assert_uint_ne(hi, 0);
	/* Below revmap_size: the linear map; above: the radix tree. */
	ck_assert_ptr_eq(d->revmap[2], irq_get_irq_data(lo));
	ck_assert_ptr_eq(irqlab_radix_lookup(&d->revmap_tree, 70000),
			 irq_get_irq_data(hi));
	ck_assert_ptr_null(irqlab_radix_lookup(&d->revmap_tree, 2));
	ck_assert_uint_eq(irq_find_mapping(d, 2), lo);
	ck_assert_uint_eq(irq_find_mapping(d, 70000), hi);
	ck_assert_uint_eq(irq_find_mapping(d, 70001), 0);
	ck_assert_uint_eq(irq_find_mapping(d, 3), 0);
	ck_assert_uint_eq(d->mapcount, 2);

	irq_dispose_mapping(hi);
	/* The emptied tree keeps no levels. */
	ck_assert_ptr_null(d->revmap_tree.root);
	ck_assert_uint_eq(irq_find_mapping(d, 70000), 0);
	irq_dispose_mapping(lo);
	ck_assert_uint_eq(d->mapcount, 0);
}
END_TEST

START_TEST(test_mapping_errors)
{
	struct fwnode_handle *fw = irq_domain_alloc_named_fwnode("ERR");
	struct irq_domain *d = irq_domain_create_linear(fw, 16, &flat_ops, NULL);
	unsigned int nr = irqlab_nr_active_irqs(), warns, virq;
	long live = irqlab_alloc_live();
	char want[96];

	/* hwirq beyond hwirq_max. */
	warns = irqlab_warn_count(tm);
	ck_assert_uint_eq(irq_create_mapping(d, 16), 0);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_log("error: hwirq 0x10 is too large for ERR");

	/* map() refuses: the descriptor goes away again. */
	map_ret = -EIO;
	rec_reset();
	ck_assert_uint_eq(irq_create_mapping(d, 5), 0);
	snprintf(want, sizeof(want),
		 "irq: ERR didn't like hwirq-0x5 to VIRQ%d mapping (rc=-5)", 5);
	ck_assert_log(want);
	ck_assert_rec("map:5:5");
	irqlab_log_clear(tm);
	map_ret = -EPERM;
	ck_assert_uint_eq(irq_create_mapping(d, 6), 0);
	ck_assert_no_log("didn't like");
	map_ret = 0;

	ck_assert_uint_eq(d->mapcount, 0);
	ck_assert_uint_eq(irq_find_mapping(d, 5), 0);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), nr);
	ck_assert_int_eq(irqlab_alloc_live(), live);

	/* A domain of another machine is refused. */
	virq = irq_create_mapping(d, 1);
	ck_assert_uint_ne(virq, 0);
	d->machine = NULL;
	ck_assert_uint_eq(irq_create_mapping(d, 2), 0);
	ck_assert_log("irq_create_mapping: domain ERR belongs to another machine");
	d->machine = tm;
	irq_dispose_mapping(virq);

	/* A plain descriptor has no mapping to dispose of. */
	virq = irq_alloc_desc(NUMA_NO_NODE);
	warns = irqlab_warn_count(tm);
	irq_dispose_mapping(virq);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_ptr_nonnull(irq_to_desc(virq));
	irq_free_desc(virq);
	irq_domain_free_fwnode(fw);
}
END_TEST

START_TEST(test_mapping_hint_retry)
{
	struct irqlab_machine_config cfg = { .nr_irqs = 64 };
	struct irq_domain *d;

	tm_destroy();
	tm_create(&cfg);
	d = irq_domain_create_tree(NULL, &flat_ops, NULL);
	ck_assert_int_eq(irq_alloc_descs(40, 40, 24, NUMA_NO_NODE), 40);
	/* 104 % 64 = 40: taken up to the end, so search again from 1. */
	ck_assert_uint_eq(irq_create_mapping(d, 104), 1);
	ck_assert_uint_eq(irq_create_mapping(d, 64), 2);
	ck_assert_uint_eq(irq_create_mapping(d, 70), 6);
	ck_assert_uint_eq(irq_find_mapping(d, 104), 1);
	ck_assert_uint_eq(d->mapcount, 3);
	/* Left mapped on purpose: machine teardown frees them. */
}
END_TEST

/*
 * Fail each allocation of irq_create_mapping(@d, @hwirq) in turn.  A failure
 * maps nothing and leaves nothing; the kernel's retry of the descriptor
 * search from irq 1 may turn an early failure into a success.
 */
static void mapping_enomem_loop(struct irq_domain *d, irq_hw_number_t hwirq,
				bool has_unmap)
{
	unsigned int nr = irqlab_nr_active_irqs(), mapcount = d->mapcount;
	unsigned int virq, failures = 0, unmaps = 0;
	long live = irqlab_alloc_live();
	unsigned long n;
	bool hit;

	for (n = 1; n < 100; n++) {
		rec_reset();
		irqlab_fail_nth_alloc(n);
		virq = irq_create_mapping(d, hwirq);
		hit = irqlab_alloc_fault_hit();
		irqlab_fail_nth_alloc(0);
		if (virq) {
			ck_assert_uint_eq(irq_find_mapping(d, hwirq), virq);
			irq_dispose_mapping(virq);
		} else {
			failures++;
			if (strstr(rec, "unmap"))
				unmaps++;
		}
		ck_assert_uint_eq(irq_find_mapping(d, hwirq), 0);
		ck_assert_uint_eq(d->mapcount, mapcount);
		ck_assert_uint_eq(irqlab_nr_active_irqs(), nr);
		ck_assert_int_eq(irqlab_alloc_live(), live);
		if (!hit)
			break;
	}
	ck_assert_uint_lt(n, 100);
	ck_assert_uint_ge(failures, 3);
	/* A failed reverse-map insertion undoes map() with unmap(). */
	if (has_unmap)
		ck_assert_uint_ge(unmaps, 1);
}

START_TEST(test_mapping_enomem_everywhere)
{
	struct irq_domain *d = irq_domain_create_tree(NULL, &flat_ops, NULL);
	unsigned int keep;

	struct irq_domain *bare = irq_domain_create_tree(NULL, &bare_ops, NULL);

	/* hwirq % nr_irqs == 0: no retry; the empty tree grows four levels. */
	mapping_enomem_loop(d, 1UL << 20, true);
	ck_assert_ptr_null(d->revmap_tree.root);
	mapping_enomem_loop(bare, 1UL << 20, false);
	/* A tree that already has its height needs only interior nodes. */
	keep = irq_create_mapping(d, (1UL << 20) * 3);
	ck_assert_uint_ne(keep, 0);
	mapping_enomem_loop(d, 1UL << 20, true);
	/* Below the linear map size nothing but the descriptor is allocated. */
	irq_dispose_mapping(keep);
	ck_assert_ptr_null(d->revmap_tree.root);
}
END_TEST

/* ---- firmware specs -------------------------------------------------- */

START_TEST(test_fwspec_twocell)
{
	struct fwnode_handle *fw = irq_domain_alloc_named_fwnode("GPIO");
	struct irq_domain *d = irq_domain_create_linear(fw, 32, &twocell_ops, NULL);
	struct irq_fwspec spec = {
		.fwnode = fw, .param_count = 2, .param = { 7, IRQ_TYPE_LEVEL_HIGH },
	};
	unsigned int virq, warns;

	virq = irq_create_fwspec_mapping(&spec);
	ck_assert_uint_ne(virq, 0);
	ck_assert_uint_eq(irq_find_mapping(d, 7), virq);
	ck_assert_uint_eq(irqd_get_trigger_type(irq_get_irq_data(virq)),
			  IRQ_TYPE_LEVEL_HIGH);
	ck_assert(irqd_trigger_type_was_set(irq_get_irq_data(virq)));

	/* The same spec, or one without a type, finds the same irq. */
	ck_assert_uint_eq(irq_create_fwspec_mapping(&spec), virq);
	spec.param[1] = IRQ_TYPE_NONE;
	ck_assert_uint_eq(irq_create_fwspec_mapping(&spec), virq);
	/* A conflicting type does not. */
	spec.param[1] = IRQ_TYPE_EDGE_RISING;
	ck_assert_uint_eq(irq_create_fwspec_mapping(&spec), 0);
	ck_assert_log("irq: type mismatch, failed to map hwirq-7 for GPIO!");
	ck_assert_uint_eq(d->mapcount, 1);

	/* A mapping without type takes the first type asked for. */
	spec.param[0] = 8;
	spec.param[1] = IRQ_TYPE_NONE;
	virq = irq_create_fwspec_mapping(&spec);
	ck_assert_uint_eq(irqd_get_trigger_type(irq_get_irq_data(virq)), IRQ_TYPE_NONE);
	spec.param[1] = IRQ_TYPE_EDGE_FALLING;
	ck_assert_uint_eq(irq_create_fwspec_mapping(&spec), virq);
	ck_assert_uint_eq(irqd_get_trigger_type(irq_get_irq_data(virq)),
			  IRQ_TYPE_EDGE_FALLING);

	/* Only the sense bits are taken from the second cell. */
	spec.param[0] = 9;
	spec.param[1] = IRQ_TYPE_EDGE_BOTH | 0x100;
	virq = irq_create_fwspec_mapping(&spec);
	ck_assert_uint_eq(irqd_get_trigger_type(irq_get_irq_data(virq)),
			  IRQ_TYPE_EDGE_BOTH);

	/* One cell is not a two-cell spec. */
	warns = irqlab_warn_count(tm);
	spec.param_count = 1;
	ck_assert_uint_eq(irq_create_fwspec_mapping(&spec), 0);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_uint_eq(d->mapcount, 3);

	ck_assert_uint_eq(irq_create_fwspec_mapping(NULL), 0);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 2);
	irq_domain_free_fwnode(fw);
}
END_TEST

static int xlate_calls;

static int dom_xlate(struct irq_domain *d, struct fwnode_handle *node,
		     const u32 *intspec, unsigned int intsize,
		     unsigned long *out_hwirq, unsigned int *out_type)
{
	xlate_calls++;
	if (intsize != 3)
		return -EINVAL;
	*out_hwirq = intspec[1];
	*out_type = intspec[2];
	return 0;
}

static int dom_bad_translate(struct irq_domain *d, struct irq_fwspec *fwspec,
			     unsigned long *out_hwirq, unsigned int *out_type)
{
	*out_hwirq = fwspec->param[0];
	*out_type = IRQ_TYPE_LEVEL_LOW | 0x30;
	return 0;
}

static const struct irq_domain_ops xlate_ops = { .xlate = dom_xlate,
						.map = flat_map };
static const struct irq_domain_ops bad_translate_ops = {
	.translate = dom_bad_translate,
};

START_TEST(test_fwspec_lookup_paths)
{
	struct fwnode_handle *fw = irq_domain_alloc_named_fwnode("XL");
	struct fwnode_handle *nope = irq_domain_alloc_named_fwnode("NOPE");
	struct irq_domain_info info = {
		.fwnode = fw, .hwirq_max = ~0UL, .ops = &xlate_ops,
		.bus_token = DOMAIN_BUS_WIRED,
	};
	struct irq_fwspec spec = {
		.fwnode = fw, .param_count = 3, .param = { 0, 33, IRQ_TYPE_EDGE_RISING },
	};
	struct fwnode_handle anon = { .name = NULL };
	struct irq_domain *wired, *any, *dfl, *bad;
	unsigned int virq, warns;

	xlate_calls = 0;

	/* The WIRED domain is preferred over a newer one of the same node. */
	wired = irq_domain_instantiate(&info);
	any = irq_domain_create_tree(fw, &xlate_ops, NULL);
	virq = irq_create_fwspec_mapping(&spec);
	ck_assert_uint_eq(irq_find_mapping(wired, 33), virq);
	ck_assert_uint_eq(irq_find_mapping(any, 33), 0);
	ck_assert_int_eq(xlate_calls, 1);
	ck_assert_uint_eq(irqd_get_trigger_type(irq_get_irq_data(virq)),
			  IRQ_TYPE_EDGE_RISING);
	/* Translation errors map nothing. */
	spec.param_count = 2;
	ck_assert_uint_eq(irq_create_fwspec_mapping(&spec), 0);

	/* Without a WIRED domain, any domain of the node. */
	wired->bus_token = DOMAIN_BUS_NEXUS;
	spec.param_count = 3;
	spec.param[1] = 34;
	virq = irq_create_fwspec_mapping(&spec);
	ck_assert_uint_eq(irq_find_mapping(any, 34), virq);

	/* No domain for the node. */
	spec.fwnode = nope;
	ck_assert_uint_eq(irq_create_fwspec_mapping(&spec), 0);
	ck_assert_log("irq: no irq domain found for NOPE !");

	/* A node without a name prints like the kernel's non-OF nodes. */
	spec.fwnode = &anon;
	ck_assert_uint_eq(irq_create_fwspec_mapping(&spec), 0);
	ck_assert_log("irq: no irq domain found for <no-node> !");

	/* No node: the default host, whose lack of translation uses cell 0. */
	spec.fwnode = NULL;
	spec.param[0] = 21;
	irqlab_log_clear(tm);
	ck_assert_uint_eq(irq_create_fwspec_mapping(&spec), 0);
	ck_assert_log("irq: no irq domain found for <no-node> !");
	dfl = irq_domain_create_tree(NULL, &bare_ops, NULL);
	irq_set_default_host(dfl);
	virq = irq_create_fwspec_mapping(&spec);
	ck_assert_uint_eq(irq_find_mapping(dfl, 21), virq);
	ck_assert_uint_eq(irqd_get_trigger_type(irq_get_irq_data(virq)), IRQ_TYPE_NONE);

	/* A type with bits outside the sense mask WARNs and is trimmed. */
	bad = irq_domain_create_tree(nope, &bad_translate_ops, NULL);
	spec.fwnode = nope;
	warns = irqlab_warn_count(tm);
	virq = irq_create_fwspec_mapping(&spec);
	ck_assert_uint_ne(virq, 0);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_uint_eq(irq_find_mapping(bad, 21), virq);
	ck_assert_uint_eq(irqd_get_trigger_type(irq_get_irq_data(virq)),
			  IRQ_TYPE_LEVEL_LOW);

	/* A flat mapping failure maps nothing. */
	spec.fwnode = fw;
	spec.param[1] = 35;
	map_ret = -EIO;
	ck_assert_uint_eq(irq_create_fwspec_mapping(&spec), 0);

	irq_domain_free_fwnode(fw);
	irq_domain_free_fwnode(nope);
}
END_TEST

START_TEST(test_fwspec_hierarchy)
{
	struct fwnode_handle *fw;
	struct irq_domain *d = new_tree("HROOT", &root_ops, &fw);
	struct irq_fwspec spec = {
		.fwnode = fw, .param_count = 2, .param = { 300, IRQ_TYPE_LEVEL_LOW },
	};
	unsigned int nr = irqlab_nr_active_irqs();
	struct irq_data *irqd;
	unsigned int virq;

	/* Hierarchical domains allocate with the fwspec as argument. */
	virq = irq_create_fwspec_mapping(&spec);
	ck_assert_uint_ne(virq, 0);
	irqd = irq_get_irq_data(virq);
	ck_assert_uint_eq(irqd->hwirq, 300);
	ck_assert_ptr_eq(irqd->chip, &root_chip);
	ck_assert_uint_eq(irq_find_mapping(d, 300), virq);
	ck_assert_uint_eq(irqd_get_trigger_type(irqd), IRQ_TYPE_LEVEL_LOW);
	ck_assert_uint_eq(irq_create_fwspec_mapping(&spec), virq);

	root_alloc_ret = -ENOSPC;
	spec.param[0] = 301;
	ck_assert_uint_eq(irq_create_fwspec_mapping(&spec), 0);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), nr + 1);
	root_alloc_ret = 0;

	/* Disposing of a hierarchical irq frees it through the hierarchy. */
	irq_dispose_mapping(virq);
	ck_assert_ptr_null(irq_to_desc(virq));
	ck_assert_uint_eq(irq_find_mapping(d, 300), 0);
	ck_assert_uint_eq(d->mapcount, 0);
	irq_domain_free_fwnode(fw);
}
END_TEST

/* ---- the whole irq number space -------------------------------------- */

START_TEST(test_full_irq_space)
{
	struct irq_domain *d = irq_domain_create_hierarchy(NULL, 0, 0, NULL,
							   &root_ops, NULL);
	unsigned int top = IRQLAB_MAX_IRQS;
	unsigned int nr = irqlab_nr_active_irqs();
	int virq;

	ck_assert_uint_eq(irqlab_nr_irqs(), 1048576);
	virq = __irq_domain_alloc_irqs(d, top - 4, 4, NUMA_NO_NODE, NULL, false, NULL);
	ck_assert_int_eq(virq, 1048572);
	ck_assert_uint_eq(irq_find_mapping(d, 1048575), 1048575);
	ck_assert_uint_eq(irq_find_mapping(d, 1048572), 1048572);
	ck_assert_ptr_eq(irq_resolve_mapping(d, 1048575), irq_to_desc(1048575));
	ck_assert_uint_eq(d->mapcount, 4);

	/* Past the end, or over a taken irq: nothing is allocated. */
	ck_assert_int_lt(__irq_domain_alloc_irqs(d, top - 2, 4, NUMA_NO_NODE, NULL,
						 false, NULL), 0);
	ck_assert_int_lt(__irq_domain_alloc_irqs(d, top - 5, 2, NUMA_NO_NODE, NULL,
						 false, NULL), 0);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), nr + 4);
	ck_assert_uint_eq(d->mapcount, 4);

	/* The remaining free irq right below the block. */
	ck_assert_int_eq(__irq_domain_alloc_irqs(d, top - 5, 1, NUMA_NO_NODE, NULL,
						 false, NULL), 1048571);
	irq_domain_free_irqs(1048571, 1);
	irq_domain_free_irqs((unsigned int)virq, 4);
	ck_assert_uint_eq(irq_find_mapping(d, 1048575), 0);
	ck_assert_ptr_null(d->revmap_tree.root);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), nr);
	/*
	 * Not checked: irqlab_alloc_live().  The descriptor table's radix tree
	 * keeps the levels it grew for irq 2^20-1 until the machine goes.
	 */
}
END_TEST

/* ---- machines -------------------------------------------------------- */

static char exit_order[64];

static void order_exit(struct irq_domain *d)
{
	if (exit_order[0])
		strcat(exit_order, ",");
	strcat(exit_order, d->name);
}

START_TEST(test_two_machines)
{
	struct fwnode_handle *fa, *fb;
	struct irq_domain *a, *b;
	struct irqlab_machine *m2;
	unsigned int warns;

	a = new_tree("A", &flat_ops, &fa);
	irq_set_default_host(a);
	ck_assert_int_eq(irqlab_machine_create(NULL, &m2), 0);

	/* m2 is current now: tm's domains are invisible. */
	ck_assert_ptr_null(irqlab_domain_find_by_name("A"));
	ck_assert_ptr_null(irq_find_matching_fwnode(fa, DOMAIN_BUS_ANY));
	ck_assert_ptr_null(irqlab_domain_next(NULL));
	ck_assert_ptr_null(irq_get_default_host());
	b = new_tree("B", &flat_ops, &fb);
	ck_assert_ptr_eq(b->machine, m2);
	ck_assert_str_eq(irq_domain_create_tree(NULL, &flat_ops, NULL)->name,
			 "unknown-1");
	ck_assert_uint_ne(irq_create_mapping(b, 5), 0);
	/* Using tm's domain from m2 fails instead of corrupting either. */
	warns = irqlab_warn_count(m2);
	ck_assert_uint_eq(irq_create_mapping(a, 5), 0);
	ck_assert_int_eq(__irq_domain_alloc_irqs(a, -1, 1, NUMA_NO_NODE, NULL, false,
						 NULL), -EINVAL);
	ck_assert_uint_eq(irqlab_warn_count(m2), warns + 2);
	ck_assert_uint_eq(a->mapcount, 0);

	irqlab_machine_set_current(tm);
	ck_assert_ptr_null(irqlab_domain_find_by_name("B"));
	ck_assert_ptr_null(irq_find_matching_fwnode(fb, DOMAIN_BUS_ANY));
	ck_assert_ptr_eq(irq_get_default_host(), a);
	ck_assert_str_eq(irq_domain_create_tree(NULL, &flat_ops, NULL)->name,
			 "unknown-1");

	/* m2 goes away with its mapping and domains. */
	irqlab_machine_destroy(m2);
	ck_assert_ptr_eq(irqlab_machine_current(), tm);
	ck_assert_ptr_eq(irqlab_domain_find_by_name("A"), a);
	irq_domain_free_fwnode(fa);
	irq_domain_free_fwnode(fb);
}
END_TEST

/* A root whose single hwirq is the largest one. */
static int max_alloc(struct irq_domain *d, unsigned int virq, unsigned int nr,
		     void *arg)
{
	return irq_domain_set_hwirq_and_chip(d, virq, ~0UL, &root_chip, NULL);
}

START_TEST(test_teardown_with_mappings)
{
	static const struct irq_domain_ops max_ops = {
		.alloc = max_alloc, .free = irq_domain_free_irqs_common,
	};
	static const struct irq_domain_ops max_nofree_ops = { .alloc = max_alloc };
	static const struct irq_domain_ops exit_root_ops = {
		.alloc = chain_alloc, .free = irq_domain_free_irqs_common,
	};
	struct irq_domain_info info = { .hwirq_max = ~0UL, .ops = &exit_root_ops,
					.exit = order_exit };
	struct fwnode_handle *fr, *fm, *fl;
	struct irq_domain *root, *mid, *leaf, *flat;
	struct irqlab_machine *m2;
	long live = irqlab_alloc_live();

	fr = irq_domain_alloc_named_fwnode("R");
	fm = irq_domain_alloc_named_fwnode("M");
	fl = irq_domain_alloc_named_fwnode("L");
	ck_assert_int_eq(irqlab_machine_create(NULL, &m2), 0);
	exit_order[0] = '\0';

	/* The root is created last, so list order alone is not enough. */
	flat = irq_domain_create_linear(NULL, 8, &flat_ops, NULL);
	info.fwnode = fr;
	root = irq_domain_instantiate(&info);
	info.fwnode = fm;
	info.parent = root;
	info.size = 8;
	info.hwirq_max = 8;
	mid = irq_domain_instantiate(&info);
	info.fwnode = fl;
	info.parent = mid;
	info.size = 0;
	info.hwirq_max = ~0UL;
	leaf = irq_domain_instantiate(&info);
	/* Move the root to the list head (newest position). */
	raw_spin_lock(&m2->domain_list_lock);
	root->link_prev->link_next = root->link_next;
	root->link_next->link_prev = root->link_prev;
	root->link_prev = NULL;
	root->link_next = m2->domains;
	m2->domains->link_prev = root;
	m2->domains = root;
	raw_spin_unlock(&m2->domain_list_lock);

	ck_assert_int_gt(irq_domain_alloc_irqs(leaf, 3, NUMA_NO_NODE, NULL), 0);
	/* Keys up to ~0UL, with and without a free() method. */
	ck_assert_int_gt(irq_domain_alloc_irqs(irq_domain_create_tree(NULL, &max_ops,
								       NULL),
					       1, NUMA_NO_NODE, NULL), 0);
	ck_assert_int_gt(irq_domain_alloc_irqs(irq_domain_create_tree(NULL,
								       &max_nofree_ops,
								       NULL),
					       1, NUMA_NO_NODE, NULL), 0);
	ck_assert_uint_ne(irq_create_mapping(flat, 3), 0);
	irq_set_default_host(flat);
	ck_assert_uint_eq(root->mapcount, 3);
	ck_assert_uint_eq(mid->mapcount, 3);

	irqlab_machine_set_current(tm);
	irqlab_machine_destroy(m2);
	ck_assert_str_eq(exit_order, "L,M,R");
	ck_assert_ptr_eq(irqlab_machine_current(), tm);
	irq_domain_free_fwnode(fr);
	irq_domain_free_fwnode(fm);
	irq_domain_free_fwnode(fl);
	ck_assert_int_eq(irqlab_alloc_live(), live);
}
END_TEST

static Suite *irqdomain_suite(void)
{
	Suite *s = suite_create("irqdomain");
	TCase *tc;

	tc = tcase_create("fwnode");
	tcase_add_checked_fixture(tc, setup, tm_teardown);
	tcase_add_test(tc, test_fwnode_alloc);
	tcase_add_test(tc, test_fwnode_alloc_failure);
	suite_add_tcase(s, tc);

	tc = tcase_create("create");
	tcase_add_checked_fixture(tc, setup, tm_teardown);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_update_bus_token);
	tcase_add_test(tc, test_update_bus_token_static_name);
	tcase_add_test(tc, test_instantiate_init_exit);
	tcase_add_test(tc, test_instantiate_bad_info);
	tcase_add_test(tc, test_instantiate_enomem);
	tcase_add_test(tc, test_flags_root_and_sizes);
	tcase_add_test(tc, test_remove_refuses_while_mapped);
	tcase_add_test(tc, test_remove_refuses_parent_and_null);
	suite_add_tcase(s, tc);

	tc = tcase_create("lookup");
	tcase_add_checked_fixture(tc, setup, tm_teardown);
	tcase_add_test(tc, test_default_host);
	tcase_add_test(tc, test_find_matching);
	tcase_add_test(tc, test_find_by_name_and_iterate);
	suite_add_tcase(s, tc);

	tc = tcase_create("mapping");
	tcase_add_checked_fixture(tc, setup, tm_teardown);
	tcase_add_test(tc, test_linear_mapping);
	tcase_add_test(tc, test_tree_mapping_above_revmap_size);
	tcase_add_test(tc, test_mapping_errors);
	tcase_add_test(tc, test_mapping_hint_retry);
	tcase_add_test(tc, test_mapping_enomem_everywhere);
	tcase_add_test(tc, test_fwspec_twocell);
	tcase_add_test(tc, test_fwspec_lookup_paths);
	tcase_add_test(tc, test_fwspec_hierarchy);
	tcase_add_test(tc, test_full_irq_space);
	suite_add_tcase(s, tc);

	tc = tcase_create("machines");
	tcase_add_checked_fixture(tc, setup, tm_teardown);
	tcase_add_test(tc, test_two_machines);
	tcase_add_test(tc, test_teardown_with_mappings);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(irqdomain_suite());
}
