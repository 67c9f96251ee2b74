// SPDX-License-Identifier: MIT
/*
 * CPU hotplug of interrupts (acceptance criterion 4 of the x86 issue, the
 * generic part): irqlab_cpu_offline()/irqlab_cpu_online() over a
 * platform-less machine with a test-only two-level hierarchy whose root
 * counts one "vector" per activated irq on the CPU it targets.
 *
 * Managed irqs with masks of one and of several CPUs go through
 * offline/online sequences interleaved with disable_irq()/enable_irq() and
 * must end with the depth, started/activated flags and vector accounting
 * of v6.16+ (cases.md §5), or of the older kernels when the machine says
 * so.  Also: non-managed migration and broken affinity, the -ENOSPC retry,
 * pending moves, the skip rules, isolation, the platform hooks, and the
 * errors that must change nothing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "hp_model.h"
#include "internals.h"

#define HP_MAX_CPUS 16
#define HP_MAX_IRQS 32

/* ---- recording ------------------------------------------------------- */

static char rec[8192];

static void rec_add(const char *fmt, ...)
{
	size_t len = strlen(rec);
	va_list ap;

	if (len + 2 >= sizeof(rec))
		return; /* full: keep what was recorded */
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

#define ck_assert_rec(expect)                                                  \
	do {                                                                   \
		ck_assert_str_eq(rec, expect);                                 \
		rec_reset();                                                   \
	} while (0)

/* ---- the root level: one "vector" per activated irq ------------------ */

struct hp_root {
	int cpu; /* CPU whose vector the irq holds; -1: none (not activated) */
};

static unsigned int vec_count[HP_MAX_CPUS]; /* vectors in use per CPU */
static unsigned long full_cpus;		    /* CPUs without a free vector */
static bool no_eff;			    /* chip keeps no effective mask */
static bool eff_whole;			    /* effective = whole destination */
static bool single_target;		    /* root sets IRQD_SINGLE_TARGET */

static unsigned int vec_total(void)
{
	unsigned int cpu, n = 0;

	for (cpu = 0; cpu < HP_MAX_CPUS; cpu++)
		n += vec_count[cpu];
	return n;
}

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
}

static void root_force_complete(struct irq_data *d)
{
	rec_add("force_complete");
}

/* The first CPU of @dest with a free vector, like a vector allocator. */
static int root_set_affinity(struct irq_data *d, const struct cpumask *dest,
			     bool force)
{
	struct hp_root *r = irq_data_get_irq_chip_data(d);
	unsigned int cpu;

	for_each_cpu(cpu, dest)
		if (!(full_cpus & (1UL << cpu)))
			break;
	if (cpu >= dest->nbits) {
		rec_add("set_affinity:ENOSPC");
		return -ENOSPC;
	}
	rec_add("set_affinity:%u", cpu);
	if (r->cpu >= 0) {
		/* Move the vector (no deferred cleanup in this chip). */
		vec_count[r->cpu]--;
		vec_count[cpu]++;
		r->cpu = (int)cpu;
	}
	if (eff_whole)
		irq_data_update_effective_affinity(d, dest);
	else if (!no_eff)
		irq_data_update_effective_affinity(d, cpumask_of(cpu));
	return IRQ_SET_MASK_OK;
}

static struct irq_chip root_chip = {
	.name = "HPROOT",
	.irq_mask = root_mask,
	.irq_unmask = root_unmask,
	.irq_ack = root_ack,
	.irq_set_affinity = root_set_affinity,
	.irq_force_complete_move = root_force_complete,
};

static int root_alloc(struct irq_domain *d, unsigned int virq, unsigned int nr,
		      void *arg)
{
	struct hp_root *r;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		r = kzalloc(sizeof(*r), GFP_KERNEL);
		if (!r)
			return -ENOMEM; /* the tests inject no failures here */
		r->cpu = -1;
		irq_domain_set_hwirq_and_chip(d, virq + i, virq + i, &root_chip, r);
		if (single_target)
			irqd_set_single_target(irq_domain_get_irq_data(d, virq + i));
	}
	return 0;
}

static void root_free(struct irq_domain *d, unsigned int virq, unsigned int nr)
{
	struct irq_data *irqd;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		irqd = irq_domain_get_irq_data(d, virq + i);
		kfree(irqd->chip_data);
		irq_domain_reset_irq_data(irqd);
	}
}

/* Take a vector on the first online CPU of the affinity. */
static int root_activate(struct irq_domain *dom, struct irq_data *d, bool reserve)
{
	struct hp_root *r = irq_data_get_irq_chip_data(d);
	const struct cpumask *aff = irq_data_get_affinity_mask(d);
	unsigned int cpu = cpumask_first_and(aff, cpu_online_mask);

	if (cpu >= aff->nbits)
		cpu = cpumask_first(cpu_online_mask);
	r->cpu = (int)cpu;
	vec_count[cpu]++;
	if (!no_eff)
		irq_data_update_effective_affinity(d, cpumask_of(cpu));
	rec_add("activate:%u", cpu);
	return 0;
}

static void root_deactivate(struct irq_domain *dom, struct irq_data *d)
{
	struct hp_root *r = irq_data_get_irq_chip_data(d);

	if (r->cpu >= 0)
		vec_count[r->cpu]--;
	r->cpu = -1;
	rec_add("deactivate");
}

static const struct irq_domain_ops root_ops = {
	.alloc = root_alloc,
	.free = root_free,
	.activate = root_activate,
	.deactivate = root_deactivate,
};

/* ---- the leaf level: the device ---------------------------------------- */

static void leaf_force_complete(struct irq_data *d)
{
	rec_add("leaf_force_complete");
}

static struct irq_chip leaf_chip = {
	.name = "HPLEAF",
	.irq_mask = irq_chip_mask_parent,
	.irq_unmask = irq_chip_unmask_parent,
	.irq_ack = irq_chip_ack_parent,
	.irq_set_affinity = irq_chip_set_affinity_parent,
};

/* Moves at the next interrupt (non-maskable MSI behind x86's vector domain). */
static struct irq_chip leaf_chip_deferred = {
	.name = "HPLEAF-DEFERRED",
	.irq_mask = irq_chip_mask_parent,
	.irq_unmask = irq_chip_unmask_parent,
	.irq_ack = irq_chip_ack_parent,
	.irq_set_affinity = irq_chip_set_affinity_parent,
	.flags = IRQCHIP_MOVE_DEFERRED,
};

/* Deferred, but without mask/unmask: the core's MASKED state never clears. */
static struct irq_chip leaf_chip_deferred_nomask = {
	.name = "HPLEAF-DEFERRED-NOMASK",
	.irq_ack = irq_chip_ack_parent,
	.irq_set_affinity = irq_chip_set_affinity_parent,
	.flags = IRQCHIP_MOVE_DEFERRED,
};

/* Completes moves itself: the hierarchy walk must stop here. */
static struct irq_chip leaf_chip_fc = {
	.name = "HPLEAF-FC",
	.irq_mask = irq_chip_mask_parent,
	.irq_unmask = irq_chip_unmask_parent,
	.irq_ack = irq_chip_ack_parent,
	.irq_set_affinity = irq_chip_set_affinity_parent,
	.irq_force_complete_move = leaf_force_complete,
};

static struct irq_chip *leaf_sel;

static int leaf_alloc(struct irq_domain *d, unsigned int virq, unsigned int nr,
		      void *arg)
{
	unsigned int i;
	int ret = irq_domain_alloc_irqs_parent(d, virq, nr, arg);

	if (ret)
		return ret;
	for (i = 0; i < nr; i++)
		irq_domain_set_info(d, virq + i, virq + i, leaf_sel, NULL, handle_edge_irq,
				    NULL, "edge");
	return 0;
}

static void leaf_free(struct irq_domain *d, unsigned int virq, unsigned int nr)
{
	irq_domain_free_irqs_top(d, virq, nr);
}

static const struct irq_domain_ops leaf_ops = {
	.alloc = leaf_alloc,
	.free = leaf_free,
};

/* ---- fixture ----------------------------------------------------------- */

static struct irq_domain *root, *leaf;
static struct fwnode_handle *root_fw, *leaf_fw;

struct hp_irq {
	unsigned int virq;
	bool requested;
	bool domain; /* allocated in the hierarchy (else a bare descriptor) */
	unsigned int calls;
	unsigned int last_cpu;
};
static struct hp_irq irqs[HP_MAX_IRQS];
static unsigned int nr_irqs_used;

static irqreturn_t hp_handler(int irq, void *dev_id)
{
	struct hp_irq *h = dev_id;

	h->calls++;
	h->last_cpu = smp_processor_id();
	return IRQ_HANDLED;
}

static void hp_reset_globals(void)
{
	rec_reset();
	memset(vec_count, 0, sizeof(vec_count));
	memset(irqs, 0, sizeof(irqs));
	nr_irqs_used = 0;
	full_cpus = 0;
	no_eff = eff_whole = single_target = false;
	leaf_sel = &leaf_chip;
	root_chip.irq_force_complete_move = root_force_complete;
}

static void hp_domains_create(void)
{
	root_fw = irq_domain_alloc_named_fwnode("HPROOT");
	leaf_fw = irq_domain_alloc_named_fwnode("HPLEAF");
	root = irq_domain_create_tree(root_fw, &root_ops, NULL);
	leaf = irq_domain_create_hierarchy(root, 0, 0, leaf_fw, &leaf_ops, NULL);
	ck_assert_ptr_nonnull(root);
	ck_assert_ptr_nonnull(leaf);
}

/* Create the machine (NULL: 4 CPUs, v6.16) and the hierarchy. */
static void hp_start(const struct irqlab_machine_config *cfg)
{
	hp_reset_globals();
	tm_create(cfg);
	hp_domains_create();
}

static void setup(void)
{
	hp_start(NULL);
}

/* Free what the test left: irqs, domains, fwnodes, then the machine. */
static void teardown(void)
{
	unsigned int i;

	tm->platform = NULL; /* a test may have installed fake hooks */
	for (i = 0; i < nr_irqs_used; i++) {
		if (irqs[i].requested)
			free_irq(irqs[i].virq, &irqs[i]);
		if (irqs[i].domain)
			irq_domain_free_irqs(irqs[i].virq, 1);
		else
			irq_free_desc(irqs[i].virq);
	}
	irq_domain_remove(leaf);
	irq_domain_remove(root);
	irq_domain_free_fwnode(leaf_fw);
	irq_domain_free_fwnode(root_fw);
	tm_teardown();
}

/* Allocate one irq in the hierarchy, with affinity @list (NULL: none). */
static struct hp_irq *hp_alloc(const char *list, bool managed)
{
	struct irq_affinity_desc aff = { .is_managed = managed };
	struct hp_irq *h = &irqs[nr_irqs_used];
	cpumask_var_t mask = NULL;
	int virq;

	ck_assert_uint_lt(nr_irqs_used, HP_MAX_IRQS);
	if (list) {
		ck_assert(zalloc_cpumask_var(&mask, GFP_KERNEL));
		ck_assert_int_eq(cpulist_parse(list, mask), 0);
		aff.mask = mask;
	}
	virq = __irq_domain_alloc_irqs(leaf, -1, 1, NUMA_NO_NODE, NULL, false,
				       list ? &aff : NULL);
	free_cpumask_var(mask); /* the descriptor keeps its own copy */
	ck_assert_int_gt(virq, 0);
	h->virq = (unsigned int)virq;
	h->domain = true;
	nr_irqs_used++;
	return h;
}

static void hp_request(struct hp_irq *h, unsigned long flags)
{
	ck_assert_int_eq(request_irq(h->virq, hp_handler, flags, "hp", h), 0);
	h->requested = true;
}

static struct hp_irq *hp_managed(const char *list)
{
	struct hp_irq *h = hp_alloc(list, true);

	hp_request(h, 0);
	return h;
}

static struct irq_desc *D(const struct hp_irq *h)
{
	return irq_to_desc(h->virq);
}

static struct irq_data *ID(const struct hp_irq *h)
{
	return irq_get_irq_data(h->virq);
}

static int vec_cpu(const struct hp_irq *h)
{
	struct hp_root *r = irq_data_get_irq_chip_data(ID(h)->parent_data);

	return r->cpu;
}

static const char *mask_str(const struct cpumask *m)
{
	static char buf[4][128];
	static int n;

	n = (n + 1) % 4;
	irqlab_cpumask_snprint(buf[n], sizeof(buf[n]), m, true);
	return buf[n];
}

#define EFF(h) mask_str(irq_data_get_effective_affinity_mask(ID(h)))
#define AFF(h) mask_str(irq_data_get_affinity_mask(ID(h)))
#define ONLINE() mask_str(cpu_online_mask)

/* Depth, started, activated, managed shutdown, vector CPU of one irq. */
#define ck_assert_irq(h, depth_, started_, msd_, vcpu_)                        \
	do {                                                                   \
		ck_assert_uint_eq(D(h)->depth, depth_);                        \
		ck_assert_int_eq(irqd_is_started(ID(h)), started_);            \
		ck_assert_int_eq(irqd_is_activated(ID(h)), (vcpu_) >= 0);      \
		ck_assert_int_eq(irqd_is_managed_and_shutdown(ID(h)), msd_);   \
		ck_assert_int_eq(vec_cpu(h), vcpu_);                           \
	} while (0)

/* Everything a failed hotplug call must leave as it was. */
static void state_str(char *buf, size_t size)
{
	size_t len;
	unsigned int i, cpu;

	len = (size_t)snprintf(buf, size, "online=%s this=%u warn=%u log=%zu vec=",
			       ONLINE(), smp_processor_id(), irqlab_warn_count(tm),
			       strlen(irqlab_dmesg(tm)));
	for (cpu = 0; cpu < HP_MAX_CPUS && len < size; cpu++)
		len += (size_t)snprintf(buf + len, size - len, "%u.", vec_count[cpu]);
	for (i = 0; i < nr_irqs_used && len < size; i++) {
		struct irq_desc *desc = D(&irqs[i]);

		len += (size_t)snprintf(buf + len, size - len,
					" [%u d=%u s=%08x a=%s e=%s p=%s]",
					irqs[i].virq, desc->depth,
					__irqd_to_state(ID(&irqs[i])),
					AFF(&irqs[i]), EFF(&irqs[i]),
					mask_str(desc->pending_mask));
	}
	len += (size_t)snprintf(buf + len, size - len, " rec=%s", rec);
}

#define STATE_LEN 4096

/* ---- managed irqs: the cases.md §5 sequences ---------------------------- */

/*
 * Mask {M,N}: disable → M off → N off → N on → M on → enable.  Since v6.16
 * (and its fix 2b32fc8ff08d) the driver's disable survives: the irq is
 * restarted only by the final enable_irq(), which is balanced.
 */
START_TEST(test_managed_mask_of_two_keeps_disable)
{
	struct hp_irq *h = hp_managed("1-2");

	ck_assert_rec("activate:1,set_affinity:1,unmask");
	ck_assert_irq(h, 0, true, false, 1);
	ck_assert_str_eq(EFF(h), "1");

	disable_irq(h->virq);
	ck_assert_rec(""); /* lazy disable: the chip is not touched */
	ck_assert_irq(h, 1, true, false, 1);

	/* M off: the irq moves to N with its vector; still disabled. */
	ck_assert_int_eq(remove_cpu(1), 0);
	ck_assert_rec("force_complete,set_affinity:2");
	ck_assert_irq(h, 1, true, false, 2);
	ck_assert_str_eq(EFF(h), "2");
	ck_assert_str_eq(AFF(h), "1-2");
	ck_assert_uint_eq(vec_count[1], 0);
	ck_assert_uint_eq(vec_count[2], 1);

	/* N off: no online CPU left in the mask → managed shutdown. */
	ck_assert_int_eq(remove_cpu(2), 0);
	ck_assert_rec("force_complete,mask,deactivate");
	ck_assert_irq(h, 2, false, true, -1);
	ck_assert(irqd_irq_disabled(ID(h)));
	ck_assert(irqd_irq_masked(ID(h)));
	ck_assert_str_eq(AFF(h), "1-2"); /* the affinity is kept */
	ck_assert_uint_eq(vec_total(), 0);

	/* N on: the hotplug reference is dropped, the driver's is not. */
	ck_assert_int_eq(add_cpu(2), 0);
	ck_assert_rec("set_affinity:2");
	ck_assert_irq(h, 1, false, false, -1);
	ck_assert(irqd_irq_disabled(ID(h)));
	ck_assert_uint_eq(vec_total(), 0);

	/* M on: MANAGED_SHUTDOWN is clear, so no second decrement. */
	ck_assert_int_eq(add_cpu(1), 0);
	ck_assert_rec("set_affinity:1");
	ck_assert_irq(h, 1, false, false, -1);

	enable_irq(h->virq);
	ck_assert_rec("activate:1,set_affinity:1,unmask");
	ck_assert_irq(h, 0, true, false, 1);
	ck_assert(!irqd_irq_disabled(ID(h)));
	ck_assert_uint_eq(vec_count[1], 1);
	ck_assert_uint_eq(vec_total(), 1);
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
	ck_assert_no_log("Unbalanced enable");

	ck_assert_int_eq(irqlab_handle_irq_on(tm, 1, h->virq), 0);
	ck_assert_uint_eq(h->calls, 1);
	ck_assert_uint_eq(h->last_cpu, 1);
}
END_TEST

/*
 * The same sequence on a machine that follows v6.15: shutdown resets the
 * depth to 1 and the first CPU back starts the irq unconditionally, so the
 * driver's disable_irq() is silently undone and its enable_irq() WARNs.
 */
START_TEST(test_managed_mask_of_two_legacy)
{
	struct irqlab_machine_config cfg = { .kernel_version = KERNEL_VERSION(6, 15, 0) };
	struct hp_irq *h;

	teardown();
	hp_start(&cfg);
	h = hp_managed("1-2");
	rec_reset();
	disable_irq(h->virq);
	ck_assert_int_eq(remove_cpu(1), 0);
	ck_assert_irq(h, 1, true, false, 2);

	ck_assert_int_eq(remove_cpu(2), 0);
	ck_assert_irq(h, 1, false, true, -1); /* depth = 1, not 2 */
	rec_reset();

	ck_assert_int_eq(add_cpu(2), 0);
	ck_assert_rec("activate:2,set_affinity:2,unmask,set_affinity:2");
	ck_assert_irq(h, 0, true, false, 2);
	ck_assert(!irqd_irq_disabled(ID(h)));
	/* The "disabled" interrupt is delivered to the driver. */
	ck_assert_int_eq(irqlab_handle_irq_on(tm, 2, h->virq), 0);
	ck_assert_uint_eq(h->calls, 1);

	ck_assert_int_eq(add_cpu(1), 0);
	ck_assert_rec("set_affinity:1");
	ck_assert_irq(h, 0, true, false, 1);

	enable_irq(h->virq);
	ck_assert_uint_eq(D(h)->depth, 0);
	ck_assert_uint_eq(irqlab_warn_count(tm), 1);
	ck_assert_log("Unbalanced enable for IRQ ");
}
END_TEST

/* A one-CPU mask: the CPU going away shuts the irq down, its return restarts it. */
START_TEST(test_managed_single_cpu)
{
	struct hp_irq *h = hp_managed("3");

	rec_reset();
	ck_assert_int_eq(remove_cpu(3), 0);
	ck_assert_rec("force_complete,mask,deactivate");
	ck_assert_irq(h, 1, false, true, -1);
	ck_assert_str_eq(AFF(h), "3");
	ck_assert_uint_eq(vec_total(), 0);
	/* Nothing to deliver it: the line stays quiet. */
	ck_assert_int_eq(irqlab_handle_irq_on(tm, 3, h->virq), -EINVAL);

	ck_assert_int_eq(add_cpu(3), 0);
	ck_assert_rec("activate:3,set_affinity:3,unmask,set_affinity:3");
	ck_assert_irq(h, 0, true, false, 3);
	ck_assert_str_eq(EFF(h), "3");
	ck_assert_uint_eq(vec_count[3], 1);
	ck_assert_uint_eq(vec_total(), 1);
	ck_assert_int_eq(irqlab_handle_irq_on(tm, 3, h->virq), 0);
	ck_assert_uint_eq(h->calls, 1);

	/* disable → off → enable while off → on: the enable is kept. */
	disable_irq(h->virq);
	ck_assert_int_eq(remove_cpu(3), 0);
	ck_assert_irq(h, 2, false, true, -1);
	enable_irq(h->virq);
	ck_assert_irq(h, 1, false, true, -1);
	rec_reset();
	ck_assert_int_eq(add_cpu(3), 0);
	ck_assert_rec("activate:3,set_affinity:3,unmask,set_affinity:3");
	ck_assert_irq(h, 0, true, false, 3);

	/* off → disable while off → on → enable: started by the enable. */
	ck_assert_int_eq(remove_cpu(3), 0);
	disable_irq(h->virq);
	ck_assert_irq(h, 2, false, true, -1);
	ck_assert_int_eq(add_cpu(3), 0);
	ck_assert_irq(h, 1, false, false, -1);
	ck_assert_uint_eq(vec_total(), 0);
	enable_irq(h->virq);
	ck_assert_irq(h, 0, true, false, 3);
	ck_assert_uint_eq(vec_total(), 1);
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
}
END_TEST

/* Requested while every CPU of its mask is offline: started by hotplug. */
START_TEST(test_managed_request_while_offline)
{
	struct hp_irq *h;

	ck_assert_int_eq(remove_cpu(3), 0);
	h = hp_managed("3");
	ck_assert_rec("");
	ck_assert_irq(h, 1, false, true, -1);
	ck_assert_uint_eq(vec_total(), 0);

	ck_assert_int_eq(add_cpu(3), 0);
	ck_assert_rec("activate:3,set_affinity:3,unmask,set_affinity:3");
	ck_assert_irq(h, 0, true, false, 3);
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
}
END_TEST

/*
 * A disabled irq brought back by hotplug is not started; if its CPU goes
 * again it is skipped (not started), so a later enable_irq() finds no
 * online CPU: the kernel WARNs and parks it in managed shutdown, and the
 * CPU's return starts it.
 */
START_TEST(test_managed_enable_without_online_cpu)
{
	struct hp_irq *h = hp_managed("3");

	disable_irq(h->virq);
	ck_assert_int_eq(remove_cpu(3), 0);
	ck_assert_int_eq(add_cpu(3), 0);
	ck_assert_irq(h, 1, false, false, -1);
	rec_reset();
	ck_assert_int_eq(remove_cpu(3), 0);
	ck_assert_rec("force_complete");
	ck_assert_irq(h, 1, false, false, -1);

	enable_irq(h->virq);
	ck_assert_uint_eq(irqlab_warn_count(tm), 1);
	ck_assert_irq(h, 1, false, true, -1);
	ck_assert_int_eq(add_cpu(3), 0);
	ck_assert_irq(h, 0, true, false, 3);
	ck_assert_uint_eq(irqlab_warn_count(tm), 1);
}
END_TEST

/* ---- a random walk against a model of the kernel's depth rules -------- */

static u64 hp_rng;
static struct hp_model_seen seen;

static unsigned int hp_rand(unsigned int n)
{
	hp_rng ^= hp_rng << 13;
	hp_rng ^= hp_rng >> 7;
	hp_rng ^= hp_rng << 17;
	return (unsigned int)(hp_rng % n);
}

static bool aff_online(const struct hp_irq *h)
{
	return cpumask_intersects(irq_data_get_affinity_mask(ID(h)), cpu_online_mask);
}

static void model_check(struct hp_irq **h, const struct hp_model *md,
			const char *const *lists, unsigned int n, unsigned int warns,
			unsigned int step)
{
	unsigned int per_cpu[HP_MAX_CPUS] = { 0 };
	unsigned int i, cpu, started = 0;
	int vc;

	for (i = 0; i < n; i++) {
		ck_assert_msg(D(h[i])->depth == md[i].depth,
			      "step %u irq %u: depth %u, model %u", step, i,
			      D(h[i])->depth, md[i].depth);
		ck_assert_msg(irqd_is_started(ID(h[i])) == md[i].started,
			      "step %u irq %u: started %d", step, i, md[i].started);
		ck_assert_int_eq(irqd_is_activated(ID(h[i])), md[i].started);
		ck_assert_int_eq(irqd_is_managed_and_shutdown(ID(h[i])), md[i].msd);
		ck_assert_int_eq(irqd_irq_disabled(ID(h[i])), md[i].depth > 0);
		ck_assert_str_eq(AFF(h[i]), lists[i]);
		vc = vec_cpu(h[i]);
		if (!md[i].started) {
			ck_assert_int_eq(vc, -1);
			continue;
		}
		ck_assert_int_ge(vc, 0);
		ck_assert(cpumask_test_cpu((unsigned int)vc, cpu_online_mask));
		ck_assert(cpumask_test_cpu((unsigned int)vc,
					   irq_data_get_affinity_mask(ID(h[i]))));
		ck_assert(cpumask_equal(irq_data_get_effective_affinity_mask(ID(h[i])),
					cpumask_of((unsigned int)vc)));
		per_cpu[vc]++;
		started++;
	}
	for (cpu = 0; cpu < HP_MAX_CPUS; cpu++)
		ck_assert_uint_eq(vec_count[cpu], per_cpu[cpu]);
	ck_assert_uint_eq(vec_total(), started);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns);
}

static void model_step(struct hp_irq **h, struct hp_model *md, unsigned int n,
		       unsigned int *warns, bool v616)
{
	unsigned int i = hp_rand(n), cpu = hp_rand(6), k;
	bool was_online = cpumask_test_cpu(cpu, cpu_online_mask);
	bool last = num_online_cpus() == 1;
	int ret;

	switch (hp_rand(5)) {
	case 0:
		ret = remove_cpu(cpu);
		if (!was_online) {
			ck_assert_int_eq(ret, 1);
		} else if (last) {
			ck_assert_int_eq(ret, -EBUSY);
		} else {
			ck_assert_int_eq(ret, 0);
			for (k = 0; k < n; k++)
				hp_model_offline(&md[k], aff_online(h[k]), v616, &seen);
		}
		break;
	case 1:
		ret = add_cpu(cpu);
		ck_assert_int_eq(ret, was_online ? 1 : 0);
		for (k = 0; !was_online && k < n; k++)
			hp_model_online(&md[k],
					cpumask_test_cpu(cpu, irq_data_get_affinity_mask(ID(h[k]))),
					v616, &seen);
		break;
	case 2:
		if (md[i].dis >= 3)
			break;
		disable_irq(h[i]->virq);
		hp_model_disable(&md[i]);
		break;
	case 3:
		if (!md[i].dis)
			break;
		enable_irq(h[i]->virq);
		*warns += hp_model_enable(&md[i], aff_online(h[i]), &seen);
		break;
	default:
		/* An enabled irq is delivered on its CPU, and only there. */
		if (!md[i].started || md[i].depth)
			break;
		k = h[i]->calls;
		ck_assert_int_eq(irqlab_handle_irq_on(tm, (unsigned int)vec_cpu(h[i]),
						      h[i]->virq), 0);
		ck_assert_uint_eq(h[i]->calls, k + 1);
		ck_assert_uint_eq(h[i]->last_cpu, (unsigned int)vec_cpu(h[i]));
	}
}

/* _i = 0: v6.16 rules; _i = 1: v6.15 rules. */
START_TEST(test_managed_random_walk)
{
	static const char *const lists[] = { "0", "1-2", "2-4", "5", "0-5", "3,5" };
	enum { N = sizeof(lists) / sizeof(lists[0]), STEPS = 4000 };
	struct irqlab_machine_config cfg = { .nr_cpus = 6 };
	struct hp_model md[N];
	struct hp_irq *h[N];
	unsigned int i, warns = 0;
	bool v616 = _i == 0;

	if (!v616)
		cfg.kernel_version = KERNEL_VERSION(6, 15, 0);
	teardown();
	hp_start(&cfg);
	hp_rng = 0x9e3779b97f4a7c15ULL + (u64)_i;
	memset(&seen, 0, sizeof(seen));
	for (i = 0; i < N; i++) {
		h[i] = hp_managed(lists[i]);
		hp_model_init(&md[i]);
	}
	model_check(h, md, lists, N, warns, 0);
	for (i = 1; i <= STEPS; i++) {
		rec_reset();
		model_step(h, md, N, &warns, v616);
		model_check(h, md, lists, N, warns, i);
	}
	/* The walk must have gone through the interesting transitions. */
	ck_assert_uint_ge(seen.shutdown, 100);
	ck_assert_uint_ge(seen.restart, 50);
	ck_assert_uint_ge(seen.abort, 1);
	if (v616) {
		ck_assert_uint_ge(seen.kept_disabled, 20);
		ck_assert_uint_eq(seen.unbalanced, 0);
		ck_assert_no_log("Unbalanced enable");
	} else {
		ck_assert_uint_eq(seen.kept_disabled, 0);
		ck_assert_uint_ge(seen.unbalanced, 20);
		ck_assert_log("Unbalanced enable for IRQ ");
	}
}
END_TEST

/* ---- non-managed irqs ----------------------------------------------------- */

/* Moved within the mask if possible, else forced onto the online CPUs. */
START_TEST(test_nonmanaged_migration)
{
	struct hp_irq *a = hp_alloc("3", false), *b = hp_alloc("2-3", false);
	char msg[64];

	hp_request(a, 0);
	full_cpus = 1UL << 2; /* b lands on CPU 3 */
	hp_request(b, 0);
	full_cpus = 0;
	ck_assert_str_eq(EFF(a), "3");
	ck_assert_str_eq(EFF(b), "3");
	rec_reset();

	ck_assert_int_eq(remove_cpu(3), 0);
	ck_assert_rec("force_complete,set_affinity:0,force_complete,set_affinity:2");
	ck_assert_str_eq(AFF(a), "0-2"); /* broken: now every online CPU */
	ck_assert_str_eq(EFF(a), "0");
	ck_assert_int_eq(vec_cpu(a), 0);
	ck_assert_str_eq(AFF(b), "2-3"); /* kept */
	ck_assert_str_eq(EFF(b), "2");
	ck_assert_int_eq(vec_cpu(b), 2);
	ck_assert_uint_eq(vec_count[3], 0);
	snprintf(msg, sizeof(msg), "IRQ %u: no longer affine to CPU3", a->virq);
	ck_assert_log(msg);
	snprintf(msg, sizeof(msg), "IRQ %u: no longer affine to CPU3", b->virq);
	ck_assert_no_log(msg);
	ck_assert(irqd_is_started(ID(a)));
	ck_assert_uint_eq(D(a)->depth, 0);
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);

	/* Bringing CPU 3 back does not touch non-managed irqs. */
	ck_assert_int_eq(add_cpu(3), 0);
	ck_assert_rec("");
	ck_assert_str_eq(AFF(a), "0-2");
	ck_assert_int_eq(irqlab_handle_irq_on(tm, 0, a->virq), 0);
	ck_assert_int_eq(irqlab_handle_irq_on(tm, 2, b->virq), 0);
	ck_assert_uint_eq(a->calls, 1);
	ck_assert_uint_eq(b->calls, 1);
}
END_TEST

/*
 * -ENOSPC on the CPUs of the mask: a non-managed irq retries on every
 * online CPU (affinity broken); a managed one is left where it is.
 */
START_TEST(test_enospc_retry)
{
	struct hp_irq *a = hp_alloc("2-3", false), *m;
	char msg[128];

	full_cpus = 1UL << 2;
	hp_request(a, 0);
	m = hp_managed("2-3");
	ck_assert_str_eq(EFF(a), "3");
	ck_assert_str_eq(EFF(m), "3");
	rec_reset();

	ck_assert_int_eq(remove_cpu(3), 0);
	ck_assert_rec("force_complete,set_affinity:ENOSPC,set_affinity:0,"
		      "force_complete,set_affinity:ENOSPC");
	snprintf(msg, sizeof(msg),
		 "IRQ%u: set affinity failed for 2-3, re-try with online CPUs", a->virq);
	ck_assert_log(msg);
	snprintf(msg, sizeof(msg), "IRQ %u: no longer affine to CPU3", a->virq);
	ck_assert_log(msg);
	ck_assert_str_eq(AFF(a), "0-2");
	ck_assert_str_eq(EFF(a), "0");
	ck_assert_int_eq(vec_cpu(a), 0);

	/* Managed: no retry; the failure is reported and nothing moves. */
	snprintf(msg, sizeof(msg), "IRQ%u: set affinity failed(-28).", m->virq);
	ck_assert_log(msg);
	snprintf(msg, sizeof(msg), "IRQ%u: set affinity failed for", m->virq);
	ck_assert_no_log(msg);
	snprintf(msg, sizeof(msg), "IRQ %u: no longer affine", m->virq);
	ck_assert_no_log(msg);
	ck_assert_irq(m, 0, true, false, 3);
	ck_assert_str_eq(AFF(m), "2-3");
}
END_TEST

/* Already forced onto the online mask: no retry, and not "broken". */
START_TEST(test_enospc_no_cpu_left)
{
	struct hp_irq *h = hp_alloc("3", false);
	char msg[128];

	hp_request(h, 0);
	full_cpus = 0x7; /* CPUs 0-2 */
	rec_reset();
	ck_assert_int_eq(remove_cpu(3), 0);
	ck_assert_rec("force_complete,set_affinity:ENOSPC");
	snprintf(msg, sizeof(msg), "IRQ%u: set affinity failed(-28).", h->virq);
	ck_assert_log(msg);
	ck_assert_no_log("re-try with online CPUs");
	ck_assert_no_log("no longer affine");
	ck_assert_str_eq(AFF(h), "3");
	ck_assert_int_eq(vec_cpu(h), 3);
}
END_TEST

/* ---- pending moves (IRQCHIP_MOVE_DEFERRED) -------------------------------- */

static struct hp_irq *deferred_irq(void)
{
	struct hp_irq *h;

	leaf_sel = &leaf_chip_deferred;
	h = hp_alloc("0-3", false);
	hp_request(h, 0);
	ck_assert_str_eq(EFF(h), "0");
	rec_reset();
	return h;
}

static void set_pending(struct hp_irq *h, const char *list)
{
	cpumask_var_t m;

	ck_assert(zalloc_cpumask_var(&m, GFP_KERNEL));
	ck_assert_int_eq(cpulist_parse(list, m), 0);
	ck_assert_int_eq(irq_set_affinity(h->virq, m), 0);
	free_cpumask_var(m);
	ck_assert(irqd_is_setaffinity_pending(ID(h)));
	ck_assert_str_eq(mask_str(D(h)->pending_mask), list);
	ck_assert_rec("");
}

/* A pending move whose only target dies is dropped; one with another is kept. */
START_TEST(test_pending_move_dropped)
{
	struct hp_irq *h = deferred_irq();

	set_pending(h, "2");
	ck_assert_int_eq(remove_cpu(2), 0);
	ck_assert_rec("force_complete");
	ck_assert(!irqd_is_setaffinity_pending(ID(h)));
	ck_assert_str_eq(EFF(h), "0");
	ck_assert_str_eq(AFF(h), "0-3");

	set_pending(h, "1,3");
	ck_assert_int_eq(remove_cpu(1), 0);
	ck_assert_rec("force_complete");
	ck_assert(irqd_is_setaffinity_pending(ID(h)));
	ck_assert_str_eq(EFF(h), "0");
}
END_TEST

/* The dying CPU is the target: the pending mask is used, masked around the move. */
START_TEST(test_pending_move_used)
{
	struct hp_irq *h = deferred_irq();

	set_pending(h, "2-3");
	ck_assert_int_eq(remove_cpu(0), 0);
	ck_assert_rec("force_complete,mask,set_affinity:2,unmask");
	ck_assert(!irqd_is_setaffinity_pending(ID(h)));
	ck_assert_str_eq(AFF(h), "2-3");
	ck_assert_str_eq(EFF(h), "2");
	ck_assert_int_eq(vec_cpu(h), 2);
	ck_assert(!irqd_irq_masked(ID(h)));
	ck_assert_no_log("no longer affine");
}
END_TEST

/* The pending mask has no online CPU: the affinity is used instead. */
START_TEST(test_pending_move_offline_target)
{
	struct hp_irq *h = deferred_irq();

	set_pending(h, "0");
	ck_assert_int_eq(remove_cpu(0), 0);
	ck_assert_rec("force_complete,mask,set_affinity:1,unmask");
	ck_assert(!irqd_is_setaffinity_pending(ID(h)));
	ck_assert_str_eq(AFF(h), "0-3");
	ck_assert_str_eq(EFF(h), "1");
}
END_TEST

/* An irq masked already is not masked and unmasked around the move. */
START_TEST(test_deferred_masked)
{
	struct hp_irq *h = deferred_irq();

	irq_set_status_flags(h->virq, IRQ_DISABLE_UNLAZY);
	disable_irq(h->virq);
	ck_assert_rec("mask");
	ck_assert(irqd_irq_masked(ID(h)));
	ck_assert_int_eq(remove_cpu(0), 0);
	ck_assert_rec("force_complete,set_affinity:1");
	ck_assert(irqd_irq_masked(ID(h)));
	ck_assert_uint_eq(D(h)->depth, 1);
}
END_TEST

/*
 * A deferred chip without irq_mask/irq_unmask: the line counts as masked
 * (unmask_irq() cannot clear the state), so the move is not bracketed.
 */
START_TEST(test_deferred_without_mask)
{
	struct hp_irq *h;

	leaf_sel = &leaf_chip_deferred_nomask;
	h = hp_alloc("0-3", false);
	hp_request(h, 0);
	rec_reset();
	ck_assert_int_eq(remove_cpu(0), 0);
	ck_assert(irqd_irq_masked(ID(h)));
	ck_assert_rec("force_complete,set_affinity:1");
	ck_assert_str_eq(EFF(h), "1");
}
END_TEST

/* ---- what migration leaves alone ------------------------------------------ */

START_TEST(test_skipped_irqs)
{
	struct hp_irq *percpu = hp_alloc("0-3", false);
	struct hp_irq *noauto = hp_alloc("0-3", false);
	struct hp_irq *other = hp_alloc("1", false);
	struct hp_irq *bare = &irqs[nr_irqs_used];
	char msg[64];
	int virq;

	hp_request(percpu, IRQF_PERCPU);
	hp_request(noauto, IRQF_NO_AUTOEN);
	hp_request(other, 0);
	virq = irq_alloc_desc(NUMA_NO_NODE); /* no_irq_chip: no setter */
	ck_assert_int_gt(virq, 0);
	bare->virq = (unsigned int)virq;
	nr_irqs_used++;
	ck_assert(irqd_is_per_cpu(ID(percpu)));
	ck_assert(!irqd_is_started(ID(noauto)));
	ck_assert_str_eq(EFF(percpu), "0");
	ck_assert_str_eq(EFF(noauto), "0");
	rec_reset();

	ck_assert_int_eq(remove_cpu(0), 0);
	/* The move completion runs for each; nothing is retargeted. */
	ck_assert_rec("force_complete,force_complete,force_complete");
	ck_assert_str_eq(EFF(percpu), "0");
	ck_assert_str_eq(EFF(noauto), "0");
	ck_assert_str_eq(EFF(other), "1");
	snprintf(msg, sizeof(msg), "IRQ %u: Unable to migrate away", bare->virq);
	ck_assert_log(msg);
	ck_assert_no_log("no longer affine");
}
END_TEST

/* irq_force_complete_move() stops at the first level that has it. */
START_TEST(test_force_complete_outermost_first)
{
	struct hp_irq *h;

	leaf_sel = &leaf_chip_fc;
	h = hp_alloc("0-3", false);
	hp_request(h, 0);
	rec_reset();
	ck_assert_int_eq(remove_cpu(3), 0);
	ck_assert_rec("leaf_force_complete");
	ck_assert_int_eq(remove_cpu(0), 0);
	ck_assert_rec("leaf_force_complete,set_affinity:1");

	/* No level has it: nothing to complete. */
	leaf_sel = &leaf_chip;
	root_chip.irq_force_complete_move = NULL;
	h = hp_alloc("1-2", false);
	hp_request(h, 0);
	rec_reset();
	ck_assert_int_eq(remove_cpu(1), 0);
	ck_assert_rec("leaf_force_complete,set_affinity:2,set_affinity:2");
}
END_TEST

/* A chip without an effective mask is judged by its affinity. */
START_TEST(test_no_effective_mask)
{
	struct hp_irq *h;

	no_eff = true;
	h = hp_alloc("2-3", false);
	hp_request(h, 0);
	ck_assert_log("did not update eff. affinity mask of irq");
	ck_assert_str_eq(EFF(h), "");
	rec_reset();
	ck_assert_int_eq(remove_cpu(1), 0);
	ck_assert_rec("force_complete");
	ck_assert_int_eq(remove_cpu(2), 0);
	ck_assert_rec("force_complete,set_affinity:3");
	ck_assert_int_eq(vec_cpu(h), 3);
	ck_assert_no_log("no longer affine");
}
END_TEST

/*
 * An effective mask of several CPUs all offline after the dying one: an
 * earlier fixup was missed (here: a CPU flipped offline without hotplug).
 */
START_TEST(test_missed_fixup_warning)
{
	struct hp_irq *h, *ok;
	char msg[128];

	eff_whole = true;
	h = hp_alloc("2-3", false);
	ok = hp_alloc("1-2", false);
	hp_request(h, 0);
	hp_request(ok, 0);
	ck_assert_str_eq(EFF(h), "2-3");
	ck_assert_str_eq(EFF(ok), "1-2");
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 2, false), 0);
	rec_reset();

	ck_assert_int_eq(remove_cpu(3), 0);
	snprintf(msg, sizeof(msg),
		 "Eff. affinity 2-3 of IRQ %u contains only offline CPUs after offlining CPU 3",
		 h->virq);
	ck_assert_log(msg);
	snprintf(msg, sizeof(msg), "IRQ %u: no longer affine to CPU3", h->virq);
	ck_assert_log(msg);
	ck_assert_str_eq(EFF(h), "0-1");
	/* An effective mask with an online CPU left is not this CPU's business. */
	snprintf(msg, sizeof(msg), "of IRQ %u contains", ok->virq);
	ck_assert_no_log(msg);
	ck_assert_str_eq(EFF(ok), "1-2");
	ck_assert_rec("force_complete,set_affinity:0,force_complete");

	/* Several targets, the dying one among them: moved within the mask. */
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 2, true), 0);
	ck_assert_int_eq(remove_cpu(1), 0);
	ck_assert_rec("force_complete,set_affinity:0,force_complete,set_affinity:2");
	ck_assert_str_eq(EFF(ok), "2");
}
END_TEST

/* ---- CPU coming up ------------------------------------------------------------- */

/* Only requested managed irqs whose affinity contains the CPU are touched. */
START_TEST(test_online_skips)
{
	struct hp_irq *unreq = hp_alloc("1", true);
	struct hp_irq *nonm = hp_alloc("1", false);
	struct hp_irq *other = hp_managed("2");

	hp_request(nonm, 0);
	ck_assert_int_eq(remove_cpu(1), 0);
	rec_reset();
	ck_assert_int_eq(add_cpu(1), 0);
	ck_assert_rec("");
	ck_assert_uint_eq(D(unreq)->depth, 1);
	ck_assert(irqd_is_managed_and_shutdown(ID(unreq)));
	ck_assert(!irqd_is_started(ID(unreq)));
	ck_assert_str_eq(AFF(nonm), "0,2-3");
	ck_assert_irq(other, 0, true, false, 2);
}
END_TEST

/* A multi-target irq is re-spread; a single-target one stays put. */
START_TEST(test_online_respread)
{
	struct hp_irq *multi = hp_managed("1-2"), *single;

	single_target = true;
	single = hp_managed("1-2");
	ck_assert(irqd_is_single_target(ID(single)));
	ck_assert(!irqd_is_single_target(ID(multi)));
	ck_assert_int_eq(remove_cpu(2), 0);
	rec_reset();
	ck_assert_int_eq(add_cpu(2), 0);
	ck_assert_rec("set_affinity:1");
	ck_assert_irq(multi, 0, true, false, 1);
	ck_assert_irq(single, 0, true, false, 1);
}
END_TEST

/*
 * isolcpus=managed_irq,2-3: a single-target irq that had to go to an
 * isolated CPU moves to a housekeeping CPU of its mask when one comes up.
 */
START_TEST(test_online_housekeeping)
{
	struct irqlab_machine_config cfg = { .isolcpus = "2-3" };
	struct hp_irq *h, *plain;

	teardown();
	hp_start(&cfg);
	single_target = true;
	plain = hp_managed("0-1"); /* effective on housekeeping CPU 0 */
	ck_assert_int_eq(remove_cpu(1), 0);
	h = hp_managed("1-3");
	ck_assert_str_eq(EFF(h), "2");
	rec_reset();

	/* An isolated CPU coming up: no reason to move. */
	ck_assert_int_eq(remove_cpu(3), 0);
	ck_assert_rec("force_complete,force_complete");
	ck_assert_int_eq(add_cpu(3), 0);
	ck_assert_rec("");

	/* A housekeeping CPU of the mask: move there. */
	ck_assert_int_eq(add_cpu(1), 0);
	ck_assert_rec("set_affinity:1");
	ck_assert_str_eq(EFF(h), "1");
	ck_assert_int_eq(vec_cpu(h), 1);
	ck_assert_str_eq(EFF(plain), "0");

	/* Already on housekeeping CPUs: stays. */
	ck_assert_int_eq(remove_cpu(3), 0);
	rec_reset();
	ck_assert_int_eq(add_cpu(3), 0);
	ck_assert_rec("");
	ck_assert_str_eq(EFF(h), "1");
}
END_TEST

/* ---- the API: errors, context, platform hooks ---------------------------------- */

START_TEST(test_errors_change_nothing)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 4, .nr_present = 3 };
	struct irqlab_machine *prev;
	char before[STATE_LEN], after[STATE_LEN];

	teardown();
	hp_start(&cfg);
	hp_managed("1-2");
	hp_managed("0");
	rec_reset();
	state_str(before, sizeof(before));

	ck_assert_int_eq(irqlab_cpu_offline(tm, 4), -ENODEV);	/* no such CPU */
	ck_assert_int_eq(irqlab_cpu_offline(tm, 8192), -ENODEV);
	ck_assert_int_eq(irqlab_cpu_online(tm, 4), -ENODEV);
	ck_assert_int_eq(irqlab_cpu_offline(tm, 3), -EINVAL);	/* not present */
	ck_assert_int_eq(irqlab_cpu_online(tm, 3), -EINVAL);
	ck_assert_int_eq(irqlab_cpu_online(tm, 0), 1);		/* already online */
	ck_assert_int_eq(irqlab_cpu_offline(NULL, 0), -ENODEV);
	ck_assert_int_eq(irqlab_cpu_online(NULL, 0), -ENODEV);
	prev = irqlab_machine_set_current(NULL);
	ck_assert_int_eq(remove_cpu(1), -ENODEV);
	ck_assert_int_eq(add_cpu(1), -ENODEV);
	irqlab_machine_set_current(prev);
	state_str(after, sizeof(after));
	ck_assert_str_eq(after, before);

	ck_assert_int_eq(remove_cpu(1), 0);
	ck_assert_int_eq(remove_cpu(0), 0);
	rec_reset();
	state_str(before, sizeof(before));
	ck_assert_int_eq(remove_cpu(1), 1);			/* already offline */
	ck_assert_int_eq(remove_cpu(0), 1);
	ck_assert_int_eq(remove_cpu(2), -EBUSY);		/* the last one */
	ck_assert_int_eq(add_cpu(2), 1);
	state_str(after, sizeof(after));
	ck_assert_str_eq(after, before);
	ck_assert_str_eq(ONLINE(), "2");
}
END_TEST

/* This CPU and the current machine are restored after the hotplug code ran. */
START_TEST(test_context_restored)
{
	struct irqlab_machine *m2;

	irqlab_set_this_cpu(2);
	ck_assert_int_eq(remove_cpu(1), 0);
	ck_assert_uint_eq(smp_processor_id(), 2);
	ck_assert_int_eq(add_cpu(1), 0);
	ck_assert_uint_eq(smp_processor_id(), 2);

	ck_assert_int_eq(irqlab_machine_create(NULL, &m2), 0);
	ck_assert_ptr_eq(irqlab_machine_current(), m2);
	irqlab_machine_set_current(tm);
	irqlab_set_this_cpu(2); /* machine creation moved this thread to CPU 0 */
	ck_assert_int_eq(irqlab_cpu_offline(m2, 3), 0);
	ck_assert_ptr_eq(irqlab_machine_current(), tm);
	ck_assert_uint_eq(smp_processor_id(), 2);
	ck_assert_str_eq(ONLINE(), "0-3");
	ck_assert_int_eq(irqlab_cpu_offline(m2, 3), 1);
	ck_assert_int_eq(irqlab_cpu_online(m2, 3), 0);
	ck_assert_ptr_eq(irqlab_machine_current(), tm);
	irqlab_machine_destroy(m2);
	ck_assert_ptr_eq(irqlab_machine_current(), tm);
}
END_TEST

static int fake_refuse = -1;

static int fake_down_prepare(struct irqlab_machine *m, unsigned int cpu)
{
	rec_add("prepare:%u@%u/%s", cpu, smp_processor_id(), ONLINE());
	return (int)cpu == fake_refuse ? -ENOSPC : 0;
}

static void fake_dying(struct irqlab_machine *m, unsigned int cpu)
{
	rec_add("dying:%u@%u/%s", cpu, smp_processor_id(), ONLINE());
}

static void fake_starting(struct irqlab_machine *m, unsigned int cpu)
{
	rec_add("starting:%u@%u/%s", cpu, smp_processor_id(), ONLINE());
}

static const struct irqlab_platform_ops fake_platform = {
	.name = "fake",
	.cpu_down_prepare = fake_down_prepare,
	.cpu_dying = fake_dying,
	.cpu_starting = fake_starting,
};

static const struct irqlab_platform_ops hookless_platform = { .name = "hookless" };

/* The platform's hooks run on the CPU, around the mask flip and the irqs. */
START_TEST(test_platform_hooks)
{
	struct hp_irq *h = hp_managed("1");
	char before[STATE_LEN], after[STATE_LEN];

	tm->platform = &fake_platform;
	fake_refuse = 1;
	rec_reset();
	state_str(before, sizeof(before));
	ck_assert_int_eq(remove_cpu(1), -ENOSPC);
	ck_assert_rec("prepare:1@1/0-3");
	state_str(after, sizeof(after));
	ck_assert_str_eq(after, before);

	fake_refuse = -1;
	ck_assert_int_eq(remove_cpu(1), 0);
	ck_assert_rec("prepare:1@1/0-3,force_complete,mask,deactivate,dying:1@1/0,2-3");
	ck_assert_irq(h, 1, false, true, -1);
	ck_assert_int_eq(add_cpu(1), 0);
	ck_assert_rec("starting:1@1/0,2-3,activate:1,set_affinity:1,unmask,set_affinity:1");
	ck_assert_irq(h, 0, true, false, 1);

	/* A platform without hooks. */
	tm->platform = &hookless_platform;
	ck_assert_int_eq(remove_cpu(1), 0);
	ck_assert_rec("force_complete,mask,deactivate");
	ck_assert_int_eq(add_cpu(1), 0);
	ck_assert_irq(h, 0, true, false, 1);
}
END_TEST

static Suite *hotplug_suite(void)
{
	Suite *s = suite_create("hotplug");
	TCase *tc = tcase_create("managed");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_managed_mask_of_two_keeps_disable);
	tcase_add_test(tc, test_managed_mask_of_two_legacy);
	tcase_add_test(tc, test_managed_single_cpu);
	tcase_add_test(tc, test_managed_request_while_offline);
	tcase_add_test(tc, test_managed_enable_without_online_cpu);
	tcase_add_loop_test(tc, test_managed_random_walk, 0, 2);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);

	tc = tcase_create("migration");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_nonmanaged_migration);
	tcase_add_test(tc, test_enospc_retry);
	tcase_add_test(tc, test_enospc_no_cpu_left);
	tcase_add_test(tc, test_pending_move_dropped);
	tcase_add_test(tc, test_pending_move_used);
	tcase_add_test(tc, test_pending_move_offline_target);
	tcase_add_test(tc, test_deferred_masked);
	tcase_add_test(tc, test_deferred_without_mask);
	tcase_add_test(tc, test_skipped_irqs);
	tcase_add_test(tc, test_force_complete_outermost_first);
	tcase_add_test(tc, test_no_effective_mask);
	tcase_add_test(tc, test_missed_fixup_warning);
	suite_add_tcase(s, tc);

	tc = tcase_create("online");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_online_skips);
	tcase_add_test(tc, test_online_respread);
	tcase_add_test(tc, test_online_housekeeping);
	suite_add_tcase(s, tc);

	tc = tcase_create("api");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_errors_change_nothing);
	tcase_add_test(tc, test_context_restored);
	tcase_add_test(tc, test_platform_hooks);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(hotplug_suite());
}
