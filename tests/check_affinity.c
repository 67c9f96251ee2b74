// SPDX-License-Identifier: MIT
/*
 * Affinity in manage.c: irq_set_affinity() with each chip answer (OK,
 * NOCOPY, DONE, -EBUSY → pending move), MOVE_DEFERRED chips, masks without
 * an online CPU, chips without a setter, affinity on activation, the
 * managed-irq housekeeping restriction (isolcpus), startup affinity and
 * affinity hints.
 */
#include <stdio.h>
#include <string.h>

#include "internals.h"
#include "recchip.h"

static struct rec_action act[2];
/* rec_chip whose ack applies a pending move, as x86's apic_ack_edge does. */
static struct irq_chip move_chip;
/* The same, moving only from the interrupt (non-maskable MSI). */
static struct irq_chip deferred_chip;
/* No irq_set_affinity. */
static struct irq_chip plain_chip;

static void move_ack(struct irq_data *d)
{
	rec_note("ack");
	irq_move_irq(d);
}

static void setup_chips(void)
{
	rec_action_init(&act[0], IRQ_HANDLED);
	rec_action_init(&act[1], IRQ_HANDLED);
	rec_chip_init(&move_chip, "move", REC_AFFINITY, 0);
	move_chip.irq_ack = move_ack;
	rec_chip_init(&deferred_chip, "deferred", REC_AFFINITY, IRQCHIP_MOVE_DEFERRED);
	deferred_chip.irq_ack = move_ack;
	rec_chip_init(&plain_chip, "plain", 0, 0);
}

static void setup(void)
{
	rec_setup();
	setup_chips();
}

/* 4 CPUs, CPUs 2-3 isolated from managed irqs. */
static void setup_isolated(void)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 4, .isolcpus = "2-3" };

	tm_create(&cfg);
	rec_reset();
	setup_chips();
}

/* 4 CPUs on 2 nodes: node 0 = CPUs 0-1, node 1 = CPUs 2-3. */
static void setup_numa(void)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 4, .nr_nodes = 2 };

	tm_create(&cfg);
	rec_reset();
	setup_chips();
}

static unsigned int new_irq_node(const struct irq_chip *chip, int node)
{
	int irq = irq_alloc_desc(node);

	ck_assert_int_gt(irq, 0);
	irq_set_chip_and_handler((unsigned int)irq, chip, handle_level_irq);
	rec_clear();
	return (unsigned int)irq;
}

static unsigned int new_irq(const struct irq_chip *chip)
{
	return new_irq_node(chip, NUMA_NO_NODE);
}

/* A requested (activated, started) irq; the startup affinity is forgotten. */
static unsigned int new_started_irq(const struct irq_chip *chip)
{
	unsigned int irq = new_irq(chip);

	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), 0);
	rec_clear();
	memset(rec_out.affinity, 0, sizeof(rec_out.affinity));
	return irq;
}

static struct irq_data *DD(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	ck_assert_ptr_nonnull(desc);
	return &desc->irq_data;
}

static const char *list(const struct cpumask *m)
{
	static char buf[4][64];
	static int i;

	i = (i + 1) % 4;
	irqlab_cpumask_snprint(buf[i], sizeof(buf[i]), m, true);
	return buf[i];
}

#define AFF(irq) list(irq_data_get_affinity_mask(DD(irq)))
#define EFF(irq) list(irq_data_get_effective_affinity_mask(DD(irq)))
#define PENDING(irq) list(irq_to_desc(irq)->pending_mask)

/* Masks built from CPU lists, freed at the end of each test. */
static struct cpumask *masks[8];
static unsigned int nr_masks;

static const struct cpumask *M(const char *cpus)
{
	struct cpumask *m;

	ck_assert_uint_lt(nr_masks, ARRAY_SIZE(masks));
	ck_assert(zalloc_cpumask_var(&m, GFP_KERNEL));
	ck_assert_int_eq(cpulist_parse(cpus, m), 0);
	masks[nr_masks++] = m;
	return m;
}

static void teardown(void)
{
	while (nr_masks)
		free_cpumask_var(masks[--nr_masks]);
	rec_teardown();
}

static char expect_buf[256];

static const char *fmt_s(const char *fmt, unsigned int irq)
{
	snprintf(expect_buf, sizeof(expect_buf), fmt, irq);
	return expect_buf;
}

/* ---- chip answers ----------------------------------------------------------- */

START_TEST(test_set_affinity_ok)
{
	unsigned int irq = new_started_irq(&rec_chip);

	ck_assert_int_eq(irq_set_affinity(irq, M("1-2")), 0);
	ck_assert_rec("set_affinity");
	ck_assert_str_eq(rec_out.affinity, "1-2");
	ck_assert(!rec_out.force);
	ck_assert_str_eq(AFF(irq), "1-2");
	ck_assert_str_eq(EFF(irq), "1-2");
	ck_assert(irqd_affinity_was_set(DD(irq)));
	ck_assert(!irqd_is_setaffinity_pending(DD(irq)));

	/* Only online CPUs reach the chip; the affinity keeps the request. */
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 2, false), 0);
	ck_assert_int_eq(irq_set_affinity(irq, M("1-3")), 0);
	ck_assert_str_eq(rec_out.affinity, "1,3");
	ck_assert_str_eq(AFF(irq), "1-3");
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
}
END_TEST

START_TEST(test_set_affinity_nocopy_done)
{
	unsigned int irq = new_started_irq(&rec_chip);

	/* NOCOPY: the chip took care of everything, affinity untouched. */
	rec_cfg.set_affinity_ret = IRQ_SET_MASK_OK_NOCOPY;
	ck_assert_int_eq(irq_set_affinity(irq, M("2")), 0);
	ck_assert_rec("set_affinity");
	ck_assert_str_eq(AFF(irq), "0-3");
	ck_assert_str_eq(EFF(irq), "2");
	ck_assert(irqd_affinity_was_set(DD(irq)));

	/* DONE: copied like OK. */
	rec_cfg.set_affinity_ret = IRQ_SET_MASK_OK_DONE;
	ck_assert_int_eq(irq_set_affinity(irq, M("3")), 0);
	ck_assert_str_eq(AFF(irq), "3");
	ck_assert_str_eq(EFF(irq), "3");
}
END_TEST

START_TEST(test_set_affinity_chip_error)
{
	unsigned int irq = new_started_irq(&rec_chip);

	rec_cfg.set_affinity_ret = -ENOSPC;
	ck_assert_int_eq(irq_set_affinity(irq, M("2")), -ENOSPC);
	ck_assert_rec("set_affinity");
	ck_assert_str_eq(AFF(irq), "0-3");
	ck_assert(!irqd_is_setaffinity_pending(DD(irq)));
	/* As in the kernel, the "user set an affinity" bit is set regardless. */
	ck_assert(irqd_affinity_was_set(DD(irq)));
}
END_TEST

/* The chip is busy: the move becomes pending and the next interrupt applies it. */
START_TEST(test_set_affinity_busy_pending)
{
	unsigned int irq = new_started_irq(&move_chip);

	rec_cfg.set_affinity_ret = -EBUSY;
	ck_assert_int_eq(irq_set_affinity(irq, M("2")), 0);
	ck_assert_rec("set_affinity");
	ck_assert(irqd_is_setaffinity_pending(DD(irq)));
	ck_assert_str_eq(PENDING(irq), "2");
	ck_assert_str_eq(AFF(irq), "0-3");
	ck_assert(irqd_affinity_was_set(DD(irq)));

	/* While a move is pending, a new request only replaces it. */
	ck_assert_int_eq(irq_set_affinity(irq, M("3")), 0);
	ck_assert_rec("");
	ck_assert_str_eq(PENDING(irq), "3");

	/* The next interrupt moves it (masked around the move). */
	rec_cfg.set_affinity_ret = IRQ_SET_MASK_OK;
	ck_assert_int_eq(irqlab_handle_irq_on(tm, 0, irq), 0);
	ck_assert_rec("mask,ack,set_affinity,unmask");
	ck_assert_str_eq(rec_out.affinity, "3");
	ck_assert(!irqd_is_setaffinity_pending(DD(irq)));
	ck_assert_str_eq(AFF(irq), "3");
	ck_assert_str_eq(EFF(irq), "3");
	ck_assert_uint_eq(act[0].calls, 1);
}
END_TEST

/* A forced request reports -EBUSY instead of queueing a move. */
START_TEST(test_force_affinity_busy)
{
	unsigned int irq = new_started_irq(&rec_chip);

	rec_cfg.set_affinity_ret = -EBUSY;
	ck_assert_int_eq(irq_force_affinity(irq, M("2")), -EBUSY);
	ck_assert(rec_out.force);
	ck_assert(!irqd_is_setaffinity_pending(DD(irq)));
	ck_assert_str_eq(AFF(irq), "0-3");
}
END_TEST

START_TEST(test_set_affinity_move_deferred)
{
	unsigned int irq = new_started_irq(&deferred_chip);

	ck_assert_int_eq(irq_set_affinity(irq, M("1")), 0);
	/* Not touched now: only the interrupt itself may move it. */
	ck_assert_rec("");
	ck_assert(irqd_is_setaffinity_pending(DD(irq)));
	ck_assert_str_eq(PENDING(irq), "1");
	ck_assert_str_eq(AFF(irq), "0-3");
	ck_assert(irqd_affinity_was_set(DD(irq)));

	ck_assert_int_eq(irqlab_handle_irq_on(tm, 0, irq), 0);
	ck_assert_rec("mask,ack,set_affinity,unmask");
	ck_assert(!irqd_is_setaffinity_pending(DD(irq)));
	ck_assert_str_eq(AFF(irq), "1");
}
END_TEST

START_TEST(test_set_affinity_no_online_cpu)
{
	unsigned int irq = new_started_irq(&rec_chip);
	char eff[64];

	ck_assert_int_eq(irq_set_affinity(irq, M("1")), 0);
	rec_clear();
	snprintf(eff, sizeof(eff), "%s", EFF(irq));
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, false), 0);
	ck_assert_int_eq(irq_set_affinity(irq, M("3")), -EINVAL);
	ck_assert_rec("");
	ck_assert_str_eq(AFF(irq), "1");
	ck_assert_str_eq(EFF(irq), eff);
	ck_assert(!irqd_is_setaffinity_pending(DD(irq)));

	/* Forced: the chip gets the mask as is, offline CPU included. */
	ck_assert_int_eq(irq_force_affinity(irq, M("3")), 0);
	ck_assert_rec("set_affinity");
	ck_assert_str_eq(rec_out.affinity, "3");
	ck_assert(rec_out.force);
	ck_assert_str_eq(AFF(irq), "3");
}
END_TEST

START_TEST(test_set_affinity_invalid)
{
	unsigned int irq = new_started_irq(&plain_chip);
	struct irq_desc *desc = irq_to_desc(irq);
	unsigned int state = desc->irq_common_data.state_use_accessors;

	/* No setter: nothing changes, not even AFFINITY_SET. */
	ck_assert_int_eq(irq_set_affinity(irq, M("1")), -EINVAL);
	ck_assert_int_eq(irq_force_affinity(irq, M("1")), -EINVAL);
	ck_assert_uint_eq(desc->irq_common_data.state_use_accessors, state);
	ck_assert_str_eq(AFF(irq), "0-3");
	ck_assert_int_eq(irq_do_set_affinity(DD(irq), M("1"), false), -EINVAL);
	/* No descriptor, no mask. */
	ck_assert_int_eq(irq_set_affinity(irq + 100, M("1")), -EINVAL);
	irq = new_started_irq(&rec_chip);
	ck_assert_int_eq(irq_set_affinity(irq, NULL), -EINVAL);
	ck_assert_rec("");
	ck_assert(!irqd_affinity_was_set(DD(irq)));
}
END_TEST

START_TEST(test_set_affinity_enomem)
{
	unsigned int irq = new_started_irq(&rec_chip);
	const struct cpumask *m = M("1");

	irqlab_fail_nth_alloc(1);
	ck_assert_int_eq(irq_set_affinity(irq, m), -ENOMEM);
	ck_assert_rec("");
	ck_assert_str_eq(AFF(irq), "0-3");
}
END_TEST

/* A chip that did not update the effective mask is reported. */
START_TEST(test_effective_not_updated)
{
	unsigned int irq = new_irq(&rec_chip);

	rec_cfg.set_affinity_no_eff = true;
	ck_assert_int_eq(irq_set_affinity(irq, M("1")), 0);
	ck_assert_log(fmt_s("genirq: irq_chip rec did not update eff. affinity mask of irq %u",
			    irq));
	ck_assert_str_eq(AFF(irq), "1");
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
}
END_TEST

/* ---- activation ------------------------------------------------------------ */

START_TEST(test_affinity_on_activate)
{
	unsigned int irq = new_irq(&rec_chip);

	irqd_set_affinity_on_activate(DD(irq));
	ck_assert(!irqd_is_activated(DD(irq)));
	ck_assert_int_eq(irq_set_affinity(irq, M("2")), 0);
	/* Stored only: the chip cannot program a deactivated irq. */
	ck_assert_rec("");
	ck_assert_str_eq(AFF(irq), "2");
	ck_assert_str_eq(EFF(irq), "2");
	ck_assert(irqd_affinity_was_set(DD(irq)));

	/* Startup applies it. */
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), 0);
	ck_assert_rec("request_resources,unmask,set_affinity");
	ck_assert_str_eq(rec_out.affinity, "2");

	/* Once activated the chip is called as usual. */
	ck_assert_int_eq(irq_set_affinity(irq, M("1")), 0);
	ck_assert_rec("set_affinity");
	ck_assert_str_eq(AFF(irq), "1");
}
END_TEST

/* ---- startup affinity (irq_setup_affinity) ----------------------------------- */

START_TEST(test_setup_affinity_default_and_user)
{
	unsigned int irq = new_irq(&rec_chip);

	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), 0);
	ck_assert_str_eq(rec_out.affinity, "0-3");
	ck_assert(!irqd_affinity_was_set(DD(irq)));

	/* A user setting survives a restart. */
	irq = new_irq(&rec_chip);
	ck_assert_int_eq(irq_set_affinity(irq, M("2")), 0);
	rec_clear();
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[1]), 0);
	ck_assert_rec("request_resources,unmask,set_affinity");
	ck_assert_str_eq(rec_out.affinity, "2");
	ck_assert(irqd_affinity_was_set(DD(irq)));
}
END_TEST

/* A user setting without an online CPU is forgotten. */
START_TEST(test_setup_affinity_user_offline)
{
	unsigned int irq = new_irq(&rec_chip);

	ck_assert_int_eq(irq_set_affinity(irq, M("3")), 0);
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, false), 0);
	rec_clear();
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), 0);
	ck_assert_str_eq(rec_out.affinity, "0-2");
	ck_assert(!irqd_affinity_was_set(DD(irq)));
	/* OK from the chip: the programmed mask becomes the affinity. */
	ck_assert_str_eq(AFF(irq), "0-2");
}
END_TEST

/* A default affinity without an online CPU falls back to all online CPUs. */
START_TEST(test_setup_affinity_default_offline)
{
	unsigned int irq = new_irq(&rec_chip);

	cpumask_clear(tm->default_affinity);
	cpumask_set_cpu(3, tm->default_affinity);
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, false), 0);
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), 0);
	ck_assert_str_eq(rec_out.affinity, "0-2");
}
END_TEST

START_TEST(test_setup_affinity_node)
{
	unsigned int irq = new_irq_node(&rec_chip, 1);

	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), 0);
	ck_assert_str_eq(rec_out.affinity, "2-3");

	/* The node has no online CPU left: not narrowed. */
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 2, false), 0);
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, false), 0);
	irq = new_irq_node(&rec_chip, 1);
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "b", &act[1]), 0);
	ck_assert_str_eq(rec_out.affinity, "0-1");
}
END_TEST

START_TEST(test_setup_affinity_direct)
{
	unsigned int irq = new_irq(&plain_chip);
	struct irq_desc *desc = irq_to_desc(irq);

	/* Nothing to do without a setter. */
	raw_spin_lock(&desc->lock);
	ck_assert_int_eq(irq_setup_affinity(desc), 0);
	raw_spin_unlock(&desc->lock);

	irq = new_irq(&rec_chip);
	desc = irq_to_desc(irq);
	raw_spin_lock(&desc->lock);
	irqlab_fail_nth_alloc(1);
	ck_assert_int_eq(irq_setup_affinity(desc), -ENOMEM);
	ck_assert_int_eq(irq_setup_affinity(desc), 0);
	raw_spin_unlock(&desc->lock);
	ck_assert_rec("set_affinity");
	ck_assert_str_eq(rec_out.affinity, "0-3");
}
END_TEST

/* ---- managed irqs and housekeeping ------------------------------------------------ */

static unsigned int alloc_managed_irq(const char *cpus)
{
	struct irq_affinity_desc aff = { 0 };
	int irq;

	ck_assert(zalloc_cpumask_var(&aff.mask, GFP_KERNEL));
	ck_assert_int_eq(cpulist_parse(cpus, aff.mask), 0);
	aff.is_managed = 1;
	irq = __irq_alloc_descs(-1, 1, 1, NUMA_NO_NODE, &aff);
	free_cpumask_var(aff.mask);
	ck_assert_int_gt(irq, 0);
	irq_set_chip_and_handler((unsigned int)irq, &rec_chip, handle_level_irq);
	rec_clear();
	return (unsigned int)irq;
}

START_TEST(test_managed_housekeeping)
{
	unsigned int irq = alloc_managed_irq("1-3");

	ck_assert(housekeeping_enabled(HK_TYPE_MANAGED_IRQ));
	/* Startup programs the housekeeping CPUs of the managed mask only. */
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "m", &act[0]), 0);
	ck_assert_rec("request_resources,set_affinity,unmask");
	ck_assert_str_eq(rec_out.affinity, "1");
	ck_assert_str_eq(AFF(irq), "1-3");

	/* No housekeeping CPU in the mask: the isolated CPUs are used. */
	ck_assert_int_eq(irq_set_affinity(irq, M("2-3")), 0);
	ck_assert_str_eq(rec_out.affinity, "2-3");

	/* Housekeeping CPU offline: likewise. */
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 1, false), 0);
	ck_assert_int_eq(irq_set_affinity(irq, M("1-3")), 0);
	ck_assert_str_eq(rec_out.affinity, "2-3");
	ck_assert_str_eq(AFF(irq), "1-3");

	/* Non-managed irqs are not restricted. */
	irq = new_started_irq(&rec_chip);
	ck_assert_int_eq(irq_set_affinity(irq, M("0,2-3")), 0);
	ck_assert_str_eq(rec_out.affinity, "0,2-3");
}
END_TEST

START_TEST(test_can_set_affinity)
{
	unsigned int irq = new_irq(&rec_chip);
	unsigned int managed = alloc_managed_irq("1");

	ck_assert(irq_can_set_affinity(irq));
	ck_assert(irq_can_set_affinity_usr(irq));
	/* Managed: the kernel may, user space may not. */
	ck_assert(irq_can_set_affinity(managed));
	ck_assert(!irq_can_set_affinity_usr(managed));
	ck_assert(!irq_can_set_affinity(irq + 100));
	ck_assert(!irq_can_set_affinity_usr(irq + 100));
	ck_assert(!irq_can_set_affinity(new_irq(&plain_chip)));

	irq = new_irq(&rec_chip);
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_PERCPU, "p", &act[0]), 0);
	ck_assert(!irq_can_set_affinity(irq));
	ck_assert(!irq_can_set_affinity_usr(irq));
}
END_TEST

/* ---- hints ----------------------------------------------------------------------- */

START_TEST(test_affinity_hints)
{
	unsigned int irq = new_started_irq(&rec_chip);
	struct irq_desc *desc = irq_to_desc(irq);
	const struct cpumask *m1 = M("1"), *m2 = M("2");

	ck_assert_int_eq(irq_set_affinity_and_hint(irq, m1), 0);
	ck_assert_ptr_eq(desc->affinity_hint, m1);
	ck_assert_rec("set_affinity");
	ck_assert_str_eq(AFF(irq), "1");

	/* Only the hint. */
	ck_assert_int_eq(irq_update_affinity_hint(irq, m2), 0);
	ck_assert_ptr_eq(desc->affinity_hint, m2);
	ck_assert_rec("");
	ck_assert_str_eq(AFF(irq), "1");

	/* The deprecated alias applies it too; NULL clears the hint only. */
	ck_assert_int_eq(irq_set_affinity_hint(irq, m2), 0);
	ck_assert_str_eq(AFF(irq), "2");
	ck_assert_int_eq(irq_set_affinity_hint(irq, NULL), 0);
	ck_assert_ptr_null(desc->affinity_hint);
	ck_assert_str_eq(AFF(irq), "2");
	rec_clear();

	/* Applying may fail; setting the hint does not report it. */
	rec_cfg.set_affinity_ret = -ENOSPC;
	ck_assert_int_eq(irq_set_affinity_and_hint(irq, m1), 0);
	ck_assert_ptr_eq(desc->affinity_hint, m1);
	ck_assert_str_eq(AFF(irq), "2");

	ck_assert_int_eq(irq_set_affinity_and_hint(irq + 100, m1), -EINVAL);
	ck_assert_int_eq(irq_update_affinity_hint(irq + 100, m1), -EINVAL);
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
}
END_TEST

/* free_irq() with the hint still set WARNs and clears it. */
START_TEST(test_free_irq_with_hint)
{
	unsigned int irq = new_started_irq(&rec_chip);
	struct irq_desc *desc = irq_to_desc(irq);

	ck_assert_int_eq(irq_update_affinity_hint(irq, M("1")), 0);
	ck_assert_str_eq(free_irq(irq, &act[0]), "a");
	ck_assert_uint_eq(irqlab_warn_count(tm), 1);
	ck_assert_log("WARNING:");
	ck_assert_ptr_null(desc->affinity_hint);

	/* Cleared first: no warning. */
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), 0);
	ck_assert_int_eq(irq_update_affinity_hint(irq, M("1")), 0);
	ck_assert_int_eq(irq_update_affinity_hint(irq, NULL), 0);
	ck_assert_str_eq(free_irq(irq, &act[0]), "a");
	ck_assert_uint_eq(irqlab_warn_count(tm), 1);
}
END_TEST

static Suite *affinity_suite(void)
{
	Suite *s = suite_create("affinity");
	TCase *tc = tcase_create("set_affinity");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_set_affinity_ok);
	tcase_add_test(tc, test_set_affinity_nocopy_done);
	tcase_add_test(tc, test_set_affinity_chip_error);
	tcase_add_test(tc, test_set_affinity_busy_pending);
	tcase_add_test(tc, test_force_affinity_busy);
	tcase_add_test(tc, test_set_affinity_move_deferred);
	tcase_add_test(tc, test_set_affinity_no_online_cpu);
	tcase_add_test(tc, test_set_affinity_invalid);
	tcase_add_test(tc, test_set_affinity_enomem);
	tcase_add_test(tc, test_effective_not_updated);
	tcase_add_test(tc, test_affinity_on_activate);
	tcase_add_test(tc, test_can_set_affinity);
	suite_add_tcase(s, tc);

	tc = tcase_create("startup");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_setup_affinity_default_and_user);
	tcase_add_test(tc, test_setup_affinity_user_offline);
	tcase_add_test(tc, test_setup_affinity_default_offline);
	tcase_add_test(tc, test_setup_affinity_direct);
	suite_add_tcase(s, tc);

	tc = tcase_create("numa");
	tcase_add_checked_fixture(tc, setup_numa, teardown);
	tcase_add_test(tc, test_setup_affinity_node);
	suite_add_tcase(s, tc);

	tc = tcase_create("housekeeping");
	tcase_add_checked_fixture(tc, setup_isolated, teardown);
	tcase_add_test(tc, test_managed_housekeeping);
	suite_add_tcase(s, tc);

	tc = tcase_create("hints");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_affinity_hints);
	tcase_add_test(tc, test_free_irq_with_hint);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(affinity_suite());
}
