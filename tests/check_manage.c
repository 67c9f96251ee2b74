// SPDX-License-Identifier: MIT
/*
 * manage.c: request/free, sharing rules, threaded and oneshot irqs, nested
 * disable/enable depth, free_irq on a disabled irq and re-request, and
 * managed startup with all CPUs of the affinity offline.
 */
#include <stdio.h>
#include <string.h>

#include "internals.h"
#include "recchip.h"

/* ---- chips and handlers ----------------------------------------------------- */

/* rec_chip without resources or an affinity setter, masked around set_type. */
static struct irq_chip masked_chip;
/* Only ack/mask/unmask/eoi: no set_type, no affinity, lazy disable. */
static struct irq_chip plain_chip;
/* Oneshot safe (MSI-like). */
static struct irq_chip safe_chip;
/* Eager disable/enable. */
static struct irq_chip dis_chip;
/* Reports the irq active at the chip for active_polls more queries. */
static struct irq_chip poll_chip;
static int active_polls;
static bool quiet_polls;
/* What the test domain's activate callback returns. */
static int dom_activate_ret;

static int poll_get_state(struct irq_data *d, enum irqchip_irq_state which, bool *state)
{
	if (!quiet_polls)
		rec_note("get_state");
	*state = active_polls > 0;
	if (active_polls > 0)
		active_polls--;
	return 0;
}

static struct rec_action act[4];

/* Thread that delivers its own irq again during its first run. */
static irqreturn_t t_refire(int irq, void *dev_id)
{
	struct rec_action *a = dev_id;

	if (a->thread_calls++ == 0)
		ck_assert_int_eq(irqlab_handle_irq_on(tm, 0, (unsigned int)irq), 0);
	return IRQ_HANDLED;
}

/* ---- helpers ------------------------------------------------------------------ */

static void setup(void)
{
	unsigned int i;

	rec_setup();
	for (i = 0; i < ARRAY_SIZE(act); i++)
		rec_action_init(&act[i], IRQ_HANDLED);
	active_polls = 0;
	quiet_polls = false;
	dom_activate_ret = 0;
	rec_chip_init(&masked_chip, "recm", REC_SET_TYPE, IRQCHIP_SET_TYPE_MASKED);
	rec_chip_init(&plain_chip, "plain", 0, 0);
	rec_chip_init(&safe_chip, "safe", 0, IRQCHIP_ONESHOT_SAFE);
	rec_chip_init(&dis_chip, "dis", REC_ENABLE | REC_DISABLE, 0);
	rec_chip_init(&poll_chip, "poll", REC_STATE, 0);
	poll_chip.irq_get_irqchip_state = poll_get_state;
}

static unsigned int new_irq(const struct irq_chip *chip, irq_flow_handler_t flow)
{
	int irq = irq_alloc_desc(NUMA_NO_NODE);

	ck_assert_int_gt(irq, 0);
	if (chip)
		irq_set_chip_and_handler((unsigned int)irq, chip, flow);
	rec_clear();
	return (unsigned int)irq;
}

static struct irq_desc *D(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	ck_assert_ptr_nonnull(desc);
	return desc;
}

static struct irq_data *DD(unsigned int irq)
{
	return &D(irq)->irq_data;
}

static char expect_buf[512];

/* @fmt with every %u replaced by @irq. */
static const char *fmt_s(const char *fmt, unsigned int irq)
{
	snprintf(expect_buf, sizeof(expect_buf), fmt, irq, irq, irq, irq);
	return expect_buf;
}

static void fire(unsigned int irq)
{
	ck_assert_int_eq(irqlab_handle_irq_on(tm, 0, irq), 0);
}

/* ---- request and free ------------------------------------------------------------ */

START_TEST(test_request_free_basic)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	const void *name;

	ck_assert(!irq_has_action(irq));
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), 0);
	ck_assert(irq_has_action(irq));
	/* Resources, startup (enable = unmask), then the startup affinity. */
	ck_assert_rec("request_resources,unmask,set_affinity");
	ck_assert_str_eq(rec_out.affinity, "0-3");
	ck_assert(irqd_is_started(DD(irq)));
	ck_assert(irqd_is_activated(DD(irq)));
	ck_assert(!irqd_irq_disabled(DD(irq)));
	ck_assert(!irqd_irq_masked(DD(irq)));
	ck_assert_uint_eq(D(irq)->depth, 0);
	ck_assert_uint_eq(D(irq)->action->flags, IRQF_COND_ONESHOT);
	ck_assert_uint_eq(D(irq)->action->irq, irq);
	ck_assert_ptr_null(D(irq)->action->thread_name);

	fire(irq);
	ck_assert_uint_eq(act[0].calls, 1);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 0), 1);
	ck_assert_rec("mask,ack,unmask");

	name = free_irq(irq, &act[0]);
	ck_assert_str_eq(name, "a");
	ck_assert(!irq_has_action(irq));
	/* Shutdown, synchronize (asks the chip), release. */
	ck_assert_rec("mask,get_state,release_resources");
	ck_assert(!irqd_is_started(DD(irq)));
	ck_assert(!irqd_is_activated(DD(irq)));
	ck_assert(irqd_irq_disabled(DD(irq)));
	ck_assert(irqd_irq_masked(DD(irq)));
	ck_assert_uint_eq(D(irq)->depth, 1);
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
}
END_TEST

/* Bad requests: -EINVAL and nothing changes. */
START_TEST(test_request_einval)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct irq_desc *desc = D(irq);
	unsigned int state, status, warns = irqlab_warn_count(tm);
	long live = irqlab_alloc_live();
	struct {
		irq_handler_t h, t;
		unsigned long flags;
		void *dev_id;
	} bad[] = {
		{ rec_handler, NULL, IRQF_SHARED, NULL },
		{ rec_handler, NULL, IRQF_SHARED | IRQF_NO_AUTOEN, &act[0] },
		{ rec_handler, NULL, IRQF_COND_SUSPEND, &act[0] },
		{ rec_handler, NULL, IRQF_SHARED | IRQF_NO_SUSPEND | IRQF_COND_SUSPEND, &act[0] },
		{ NULL, NULL, 0, &act[0] },
		/* handler=NULL without ONESHOT */
		{ NULL, rec_thread_fn, 0, &act[0] },
	};
	unsigned int i;

	state = desc->irq_common_data.state_use_accessors;
	status = desc->status_use_accessors;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ck_assert_int_eq(request_threaded_irq(irq, bad[i].h, bad[i].t, bad[i].flags,
						      "bad", bad[i].dev_id), -EINVAL);
		ck_assert_ptr_null(desc->action);
		ck_assert_uint_eq(desc->irq_common_data.state_use_accessors, state);
		ck_assert_uint_eq(desc->status_use_accessors, status);
		ck_assert_uint_eq(desc->depth, 1);
		ck_assert_uint_eq(irqlab_alloc_live(), live);
	}
	ck_assert_log(fmt_s("genirq: Threaded irq requested with handler=NULL and !ONESHOT for bad (irq %u)",
			    irq));
	/* Only the last case got as far as the resources, and released them. */
	ck_assert_rec("request_resources,release_resources");

	/* No descriptor. */
	ck_assert_int_eq(request_irq(irq + 100, rec_handler, 0, "x", &act[0]), -EINVAL);
	/* NOREQUEST. */
	irq_set_status_flags(irq, IRQ_NOREQUEST);
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "x", &act[0]), -EINVAL);
	irq_clear_status_flags(irq, IRQ_NOREQUEST);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns);
	ck_assert_rec("");

	/* Per-CPU devid irqs cannot be requested this way (WARN). */
	irq_set_status_flags(irq, IRQ_PER_CPU_DEVID);
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "x", &act[0]), -EINVAL);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_ptr_null(desc->action);
	/* ... nor freed (WARN), disabled or enabled. */
	ck_assert_ptr_null(free_irq(irq, &act[0]));
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 2);
	disable_irq_nosync(irq);
	enable_irq(irq);
	ck_assert(!disable_hardirq(irq));
	ck_assert_uint_eq(desc->depth, 1);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 2);
	ck_assert_int_eq(irq_update_affinity_hint(irq, cpu_online_mask), -EINVAL);
	ck_assert_ptr_null(desc->affinity_hint);
}
END_TEST

START_TEST(test_request_enosys_no_chip)
{
	unsigned int irq = new_irq(NULL, NULL);

	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), -ENOSYS);
	ck_assert(!irq_has_action(irq));
	ck_assert_uint_eq(D(irq)->depth, 1);
}
END_TEST

START_TEST(test_request_enomem)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	long live = irqlab_alloc_live();

	/* The action itself. */
	irqlab_fail_nth_alloc(1);
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), -ENOMEM);
	/* The thread name. */
	irqlab_fail_nth_alloc(2);
	ck_assert_int_eq(request_threaded_irq(irq, NULL, rec_thread_fn, IRQF_ONESHOT, "a",
					      &act[0]), -ENOMEM);
	ck_assert(irqlab_alloc_fault_hit());
	ck_assert(!irq_has_action(irq));
	ck_assert_rec("");
	ck_assert_uint_eq(irqlab_alloc_live(), live);
}
END_TEST

START_TEST(test_request_resources_fail)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);

	rec_cfg.request_resources_ret = -EIO;
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), -EIO);
	ck_assert_log(fmt_s("genirq: Failed to request resources for a (irq %u) on irqchip rec",
			    irq));
	ck_assert_rec("request_resources");
	ck_assert(!irq_has_action(irq));
	ck_assert(!irqd_is_started(DD(irq)));
	ck_assert(!irqd_is_activated(DD(irq)));
}
END_TEST

/* ---- trigger -------------------------------------------------------------------------- */

START_TEST(test_request_trigger)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);

	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_TRIGGER_HIGH, "a", &act[0]), 0);
	ck_assert_rec("request_resources,set_type,unmask,set_affinity");
	ck_assert_uint_eq(rec_out.type, IRQ_TYPE_LEVEL_HIGH);
	ck_assert_uint_eq(irqd_get_trigger_type(DD(irq)), IRQ_TYPE_LEVEL_HIGH);
	ck_assert(irqd_is_level_type(DD(irq)));
	ck_assert(irq_settings_is_level(D(irq)));
	ck_assert_uint_eq(irq_settings_get_trigger_mask(D(irq)), IRQ_TYPE_LEVEL_HIGH);
	free_irq(irq, &act[0]);
	rec_clear();

	/* Re-request without a trigger inherits the configured one. */
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), 0);
	ck_assert_uint_eq(D(irq)->action->flags & IRQF_TRIGGER_MASK, IRQF_TRIGGER_HIGH);
	ck_assert_uint_eq(rec_count("set_type"), 1);
	free_irq(irq, &act[0]);

	/* Edge after level clears the level state. */
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_TRIGGER_RISING, "a", &act[0]), 0);
	ck_assert(!irqd_is_level_type(DD(irq)));
	ck_assert(!irq_settings_is_level(D(irq)));
	free_irq(irq, &act[0]);

	/* NOCOPY: the chip set the state bits itself; the core only reads them. */
	rec_cfg.set_type_ret = IRQ_SET_MASK_OK_NOCOPY;
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_TRIGGER_LOW, "a", &act[0]), 0);
	ck_assert_uint_eq(rec_out.type, IRQ_TYPE_LEVEL_LOW);
	ck_assert_uint_eq(irqd_get_trigger_type(DD(irq)), IRQ_TYPE_EDGE_RISING);
	free_irq(irq, &act[0]);

	/* A failing chip fails the request; resources are released. */
	rec_clear();
	rec_cfg.set_type_ret = -EINVAL;
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_TRIGGER_LOW, "a", &act[0]),
			 -EINVAL);
	ck_assert_log(fmt_s("genirq: Setting trigger mode 8 for irq %u failed (rec)", irq));
	ck_assert_rec("request_resources,set_type,release_resources");
	ck_assert(!irq_has_action(irq));
	ck_assert(!irqd_is_started(DD(irq)));
}
END_TEST

START_TEST(test_request_trigger_masked_chip)
{
	unsigned int irq = new_irq(&masked_chip, handle_level_irq);

	/* Masked at allocation, and disabled: no extra mask, no unmask. */
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_TRIGGER_HIGH, "a", &act[0]), 0);
	ck_assert_rec("set_type,unmask");
	free_irq(irq, &act[0]);

	/* Unmasked and enabled: masked around the change, unmasked after. */
	irqd_clear(DD(irq), IRQD_IRQ_DISABLED | IRQD_IRQ_MASKED);
	rec_clear();
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_TRIGGER_RISING, "a", &act[0]), 0);
	ck_assert_rec("mask,set_type,unmask");
}
END_TEST

START_TEST(test_request_trigger_no_set_type)
{
	unsigned int irq = new_irq(&plain_chip, handle_level_irq);

	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_TRIGGER_HIGH, "a", &act[0]), 0);
	ck_assert_uint_eq(irqd_get_trigger_type(DD(irq)), IRQ_TYPE_NONE);
	ck_assert(irqd_is_started(DD(irq)));
	ck_assert_rec("unmask");
}
END_TEST

/* ---- sharing ---------------------------------------------------------------------------- */

START_TEST(test_shared_both_called)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);

	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_SHARED, "a", &act[0]), 0);
	rec_clear();
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_SHARED, "b", &act[1]), 0);
	/* The line is already set up: no resources, no startup. */
	ck_assert_rec("");
	ck_assert_ptr_eq(D(irq)->action->next->dev_id, &act[1]);

	fire(irq);
	fire(irq);
	ck_assert_uint_eq(act[0].calls, 2);
	ck_assert_uint_eq(act[1].calls, 2);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 0), 2);

	/* Freeing one sharer keeps the line running for the other. */
	rec_clear();
	ck_assert_str_eq(free_irq(irq, &act[0]), "a");
	ck_assert_rec("get_state");
	ck_assert(irqd_is_started(DD(irq)));
	fire(irq);
	ck_assert_uint_eq(act[0].calls, 2);
	ck_assert_uint_eq(act[1].calls, 3);

	/* Wrong dev_id: nothing freed. */
	ck_assert_ptr_null(free_irq(irq, &act[3]));
	ck_assert_log(fmt_s("Trying to free already-free IRQ %u", irq));
	ck_assert_uint_eq(irqlab_warn_count(tm), 1);
	ck_assert(irq_has_action(irq));

	ck_assert_str_eq(free_irq(irq, &act[1]), "b");
	ck_assert(!irqd_is_started(DD(irq)));
}
END_TEST

START_TEST(test_shared_flags_mismatch)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	long live;

	ck_assert_int_eq(request_threaded_irq(irq, rec_handler, NULL, 0, "a", &act[0]), 0);
	live = irqlab_alloc_live();
	rec_clear();
	ck_assert_int_eq(request_threaded_irq(irq, rec_handler, NULL, IRQF_SHARED, "b", &act[1]),
			 -EBUSY);
	ck_assert_log(fmt_s("genirq: Flags mismatch irq %u. 00000080 (b) vs. 00000000 (a)", irq));
	ck_assert_ptr_null(D(irq)->action->next);
	ck_assert_uint_eq(irqlab_alloc_live(), live);
	/* The first action keeps its resources. */
	ck_assert_rec("");
	ck_assert(irqd_is_started(DD(irq)));

	/* request_irq() adds IRQF_COND_ONESHOT (v6.9+). */
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "c", &act[2]), -EBUSY);
	ck_assert_log(fmt_s("genirq: Flags mismatch irq %u. 00200000 (c) vs. 00000000 (a)", irq));

	/* PROBE_SHARED callers expect the failure: no message. */
	irqlab_log_clear(tm);
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_PROBE_SHARED, "d", &act[2]), -EBUSY);
	ck_assert_no_log("Flags mismatch");
}
END_TEST

START_TEST(test_shared_trigger_percpu_mismatch)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);

	/*
	 * Sharers are compared with a trigger somebody configured (a firmware
	 * mapping does that); __irq_set_trigger() alone does not mark it set.
	 */
	irqd_set_trigger_type_bits(DD(irq), IRQ_TYPE_EDGE_RISING);
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_SHARED | IRQF_TRIGGER_RISING, "a",
				     &act[0]), 0);
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_SHARED | IRQF_TRIGGER_FALLING, "b",
				     &act[1]), -EBUSY);
	ck_assert_log(fmt_s("genirq: Flags mismatch irq %u. 00200082 (b) vs. 00200081 (a)", irq));
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_SHARED | IRQF_PERCPU, "c", &act[2]),
			 -EBUSY);
	ck_assert_log(fmt_s("genirq: Flags mismatch irq %u. 00200481 (c) vs. 00200081 (a)", irq));
	/* No trigger requested: the line's trigger is inherited and matches. */
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_SHARED, "d", &act[3]), 0);
	ck_assert_uint_eq(D(irq)->action->next->flags, IRQF_COND_ONESHOT | IRQF_SHARED |
			  IRQF_TRIGGER_RISING);
}
END_TEST

START_TEST(test_shared_trigger_adopted)
{
	unsigned int irq = new_irq(&plain_chip, handle_level_irq);

	/* The first action set no trigger: a sharer's trigger becomes the line's. */
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_SHARED, "a", &act[0]), 0);
	ck_assert(!irqd_trigger_type_was_set(DD(irq)));
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_SHARED | IRQF_TRIGGER_RISING, "b",
				     &act[1]), 0);
	ck_assert(irqd_trigger_type_was_set(DD(irq)));
	ck_assert_uint_eq(irqd_get_trigger_type(DD(irq)), IRQ_TYPE_EDGE_RISING);
	/* Now the line has a type, and another one differs from it. */
	ck_assert_int_eq(request_threaded_irq(irq, rec_handler, NULL,
					      IRQF_SHARED | IRQF_TRIGGER_HIGH, "c", &act[2]),
			 -EBUSY);

	/*
	 * As in the kernel, a trigger the first action programmed through the
	 * chip is not "set" for sharing: the next sharer's trigger wins.
	 */
	irq = new_irq(&rec_chip, handle_level_irq);
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_SHARED | IRQF_TRIGGER_RISING, "a",
				     &act[0]), 0);
	ck_assert_uint_eq(irqd_get_trigger_type(DD(irq)), IRQ_TYPE_EDGE_RISING);
	ck_assert(!irqd_trigger_type_was_set(DD(irq)));
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_SHARED | IRQF_TRIGGER_FALLING, "b",
				     &act[1]), 0);
	ck_assert_uint_eq(irqd_get_trigger_type(DD(irq)), IRQ_TYPE_EDGE_FALLING);
	ck_assert(irqd_trigger_type_was_set(DD(irq)));
	ck_assert_uint_eq(rec_count("set_type"), 1);
}
END_TEST

START_TEST(test_shared_oneshot_rules)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct irqaction *a, *b;

	ck_assert_int_eq(request_threaded_irq(irq, NULL, rec_thread_fn,
					      IRQF_SHARED | IRQF_ONESHOT, "a", &act[0]), 0);
	/* Explicit non-oneshot sharer: mismatch. */
	ck_assert_int_eq(request_threaded_irq(irq, rec_handler, NULL, IRQF_SHARED, "b", &act[1]),
			 -EBUSY);
	ck_assert_log(fmt_s("genirq: Flags mismatch irq %u. 00000080 (b) vs. 00002080 (a)", irq));
	/* request_irq()'s COND_ONESHOT adopts the line's ONESHOT. */
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_SHARED, "c", &act[2]), 0);
	a = D(irq)->action;
	b = a->next;
	ck_assert_uint_eq(b->flags, IRQF_COND_ONESHOT | IRQF_SHARED | IRQF_ONESHOT);
	/* Each oneshot action has its own thread bit. */
	ck_assert_uint_eq(a->thread_mask, 1);
	ck_assert_uint_eq(b->thread_mask, 2);
	ck_assert(D(irq)->istate & IRQS_ONESHOT);
	ck_assert_str_eq(a->thread_name, fmt_s("irq/%u-a", irq));

	/* A non-oneshot line stays non-oneshot for COND_ONESHOT sharers. */
	irq = new_irq(&rec_chip, handle_level_irq);
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_SHARED, "a", &act[0]), 0);
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_SHARED, "b", &act[1]), 0);
	ck_assert_uint_eq(D(irq)->action->next->flags & IRQF_ONESHOT, 0);
	ck_assert_uint_eq(D(irq)->action->next->thread_mask, 0);
	ck_assert_uint_eq(D(irq)->istate & IRQS_ONESHOT, 0);
	/* A oneshot newcomer on a non-oneshot line: mismatch. */
	ck_assert_int_eq(request_threaded_irq(irq, NULL, rec_thread_fn,
					      IRQF_SHARED | IRQF_ONESHOT, "c", &act[2]), -EBUSY);
}
END_TEST

START_TEST(test_shared_oneshot_out_of_bits)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	static struct rec_action ids[BITS_PER_LONG + 1];
	unsigned long all = 0;
	struct irqaction *a;
	int i;

	for (i = 0; i < BITS_PER_LONG; i++)
		ck_assert_int_eq(request_threaded_irq(irq, NULL, rec_thread_fn,
						      IRQF_SHARED | IRQF_ONESHOT, "s",
						      &ids[i]), 0);
	for (a = D(irq)->action; a; a = a->next) {
		ck_assert_uint_eq(all & a->thread_mask, 0);
		all |= a->thread_mask;
	}
	ck_assert_uint_eq(all, ~0UL);
	ck_assert_int_eq(request_threaded_irq(irq, NULL, rec_thread_fn,
					      IRQF_SHARED | IRQF_ONESHOT, "s",
					      &ids[BITS_PER_LONG]), -EBUSY);
	/* A freed bit is handed out again. */
	ck_assert_ptr_nonnull(free_irq(irq, &ids[5]));
	ck_assert_int_eq(request_threaded_irq(irq, NULL, rec_thread_fn,
					      IRQF_SHARED | IRQF_ONESHOT, "s",
					      &ids[BITS_PER_LONG]), 0);
	for (a = D(irq)->action; a->next; a = a->next)
		;
	ck_assert_uint_eq(a->thread_mask, 1UL << 5);
}
END_TEST

/* A line the spurious detector disabled is re-enabled by a new sharer. */
START_TEST(test_shared_reenables_spurious_disabled)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct irq_desc *desc = D(irq);

	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_SHARED, "a", &act[0]), 0);
	raw_spin_lock(&desc->lock);
	desc->istate |= IRQS_SPURIOUS_DISABLED;
	desc->irq_count = 99;
	desc->irqs_unhandled = 98;
	__disable_irq(desc);
	raw_spin_unlock(&desc->lock);
	ck_assert(irqd_irq_disabled(DD(irq)));

	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_SHARED, "b", &act[1]), 0);
	ck_assert_uint_eq(desc->depth, 0);
	ck_assert(!irqd_irq_disabled(DD(irq)));
	ck_assert_uint_eq(desc->istate & IRQS_SPURIOUS_DISABLED, 0);
	ck_assert_uint_eq(desc->irq_count, 0);
	ck_assert_uint_eq(desc->irqs_unhandled, 0);
}
END_TEST

/* ---- per-cpu, balancing, nested ----------------------------------------------------------- */

START_TEST(test_request_percpu_nobalancing)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);

	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_PERCPU | IRQF_NO_DEBUG, "p",
				     &act[0]), 0);
	ck_assert(irqd_is_per_cpu(DD(irq)));
	ck_assert(irq_settings_is_per_cpu(D(irq)));
	ck_assert(irq_settings_no_debug(D(irq)));
	/* Per-CPU irqs get no startup affinity. */
	ck_assert_rec("request_resources,unmask");
	ck_assert(!irq_can_set_affinity(irq));

	irq = new_irq(&rec_chip, handle_level_irq);
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_NOBALANCING, "n", &act[0]), 0);
	ck_assert(irqd_has_set(DD(irq), IRQD_NO_BALANCING));
	ck_assert(irq_settings_has_no_balance_set(D(irq)));
	ck_assert(!irq_settings_no_debug(D(irq)));
	ck_assert(!irq_can_set_affinity(irq));
	ck_assert_rec("request_resources,unmask");
}
END_TEST

START_TEST(test_request_nested_thread)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	unsigned int warns = irqlab_warn_count(tm);
	struct irqaction *a;

	irq_set_status_flags(irq, IRQ_NESTED_THREAD);
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "n", &act[0]), -EINVAL);
	ck_assert(!irq_has_action(irq));
	ck_assert_int_eq(request_threaded_irq(irq, rec_handler, rec_thread_fn, IRQF_ONESHOT, "n",
					      &act[0]), 0);
	a = D(irq)->action;
	/* No thread of its own; the primary handler must never run. */
	ck_assert_ptr_null(a->thread_name);
	ck_assert_int_eq(a->handler((int)irq, a->dev_id), IRQ_NONE);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_log(fmt_s("Primary handler called for nested irq %u", irq));
	ck_assert_uint_eq(act[0].calls, 0);
}
END_TEST

/* ---- threads and oneshot ------------------------------------------------------------------ */

START_TEST(test_threaded_irq_runs_thread)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct irq_desc *desc = D(irq);

	act[0].ret = IRQ_WAKE_THREAD;
	ck_assert_int_eq(request_threaded_irq(irq, rec_handler, rec_thread_fn, 0, "t", &act[0]),
			 0);
	ck_assert_str_eq(desc->action->thread_name, fmt_s("irq/%u-t", irq));
	ck_assert_uint_eq(desc->action->thread_mask, 0);
	fire(irq);
	ck_assert_uint_eq(act[0].calls, 1);
	ck_assert_uint_eq(act[0].thread_calls, 0);
	ck_assert_int_eq(desc->threads_active, 1);
	ck_assert(desc->action->thread_flags & BIT(IRQTF_RUNTHREAD));
	ck_assert(desc->action->thread_queued);
	/* Not oneshot: the line is unmasked at once. */
	ck_assert(!irqd_irq_masked(DD(irq)));

	ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
	ck_assert_uint_eq(act[0].thread_calls, 1);
	ck_assert_int_eq(desc->threads_active, 0);
	ck_assert_uint_eq(desc->threads_handled, 1);
	ck_assert(!(desc->action->thread_flags & BIT(IRQTF_RUNTHREAD)));
	ck_assert(!desc->action->thread_queued);
}
END_TEST

START_TEST(test_oneshot_masked_until_thread_done)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct irq_desc *desc = D(irq);

	act[0].log = true;
	ck_assert_int_eq(request_threaded_irq(irq, NULL, rec_thread_fn, IRQF_ONESHOT, "o",
					      &act[0]), 0);
	ck_assert(desc->istate & IRQS_ONESHOT);
	ck_assert_uint_eq(desc->action->thread_mask, 1);
	rec_clear();
	fire(irq);
	ck_assert_rec("mask,ack");
	ck_assert(irqd_irq_masked(DD(irq)));
	ck_assert_uint_eq(desc->threads_oneshot, 1);

	ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
	ck_assert_uint_eq(act[0].thread_calls, 1);
	ck_assert_rec("thread,unmask");
	ck_assert(!irqd_irq_masked(DD(irq)));
	ck_assert_uint_eq(desc->threads_oneshot, 0);
}
END_TEST

/* A oneshot line disabled while the thread runs stays masked. */
START_TEST(test_oneshot_disabled_stays_masked)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct irq_desc *desc = D(irq);

	ck_assert_int_eq(request_threaded_irq(irq, NULL, rec_thread_fn, IRQF_ONESHOT, "o",
					      &act[0]), 0);
	fire(irq);
	disable_irq_nosync(irq);
	rec_clear();
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
	ck_assert_rec("");
	ck_assert(irqd_irq_masked(DD(irq)));
	ck_assert_uint_eq(desc->threads_oneshot, 0);
}
END_TEST

/* The thread is woken again while it runs: the line stays masked until the second run. */
START_TEST(test_oneshot_rewoken_while_running)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct irq_desc *desc = D(irq);

	ck_assert_int_eq(request_threaded_irq(irq, NULL, t_refire, IRQF_ONESHOT, "o", &act[0]),
			 0);
	fire(irq);
	rec_clear();
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 2);
	ck_assert_uint_eq(act[0].thread_calls, 2);
	/* The refire finds the line masked; only the second run unmasks it. */
	ck_assert_rec("ack,unmask");
	ck_assert_uint_eq(desc->threads_oneshot, 0);
	ck_assert_int_eq(desc->threads_active, 0);
	ck_assert(!irqd_irq_masked(DD(irq)));
}
END_TEST

START_TEST(test_oneshot_safe_chip)
{
	unsigned int irq = new_irq(&safe_chip, handle_level_irq);
	struct irq_desc *desc = D(irq);

	/* ONESHOT is dropped, and handler=NULL without ONESHOT is fine. */
	ck_assert_int_eq(request_threaded_irq(irq, NULL, rec_thread_fn, IRQF_ONESHOT, "m",
					      &act[0]), 0);
	ck_assert_uint_eq(desc->action->flags & IRQF_ONESHOT, 0);
	ck_assert_uint_eq(desc->action->thread_mask, 0);
	ck_assert_uint_eq(desc->istate & IRQS_ONESHOT, 0);
	free_irq(irq, &act[0]);
	ck_assert_int_eq(request_threaded_irq(irq, NULL, rec_thread_fn, 0, "m", &act[0]), 0);
	fire(irq);
	ck_assert(!irqd_irq_masked(DD(irq)));
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
	ck_assert_uint_eq(act[0].thread_calls, 1);
}
END_TEST

START_TEST(test_synchronize_runs_woken_threads)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct irq_desc *desc = D(irq);

	act[0].ret = act[1].ret = IRQ_WAKE_THREAD;
	ck_assert_int_eq(request_threaded_irq(irq, rec_handler, rec_thread_fn, IRQF_SHARED, "a",
					      &act[0]), 0);
	ck_assert_int_eq(request_threaded_irq(irq, rec_handler, rec_thread_fn, IRQF_SHARED, "b",
					      &act[1]), 0);
	fire(irq);
	ck_assert_int_eq(desc->threads_active, 2);
	/* Hard irq done, threads still pending. */
	ck_assert(!synchronize_hardirq(irq));
	synchronize_irq(irq);
	ck_assert_uint_eq(act[0].thread_calls, 1);
	ck_assert_uint_eq(act[1].thread_calls, 1);
	ck_assert_int_eq(desc->threads_active, 0);
	ck_assert(synchronize_hardirq(irq));
	/* Their queued items were consumed. */
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);

	/* disable_irq() waits for the threads too; disable_hardirq() does not. */
	fire(irq);
	ck_assert(!disable_hardirq(irq));
	ck_assert_uint_eq(act[0].thread_calls, 1);
	disable_irq(irq);
	ck_assert_uint_eq(act[0].thread_calls, 2);
	ck_assert_uint_eq(act[1].thread_calls, 2);
	ck_assert_uint_eq(desc->depth, 2);
}
END_TEST

/* free_irq() lets a woken thread finish before the action goes away. */
START_TEST(test_free_runs_woken_thread)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct irq_desc *desc = D(irq);

	act[0].log = true;
	ck_assert_int_eq(request_threaded_irq(irq, NULL, rec_thread_fn, IRQF_ONESHOT, "o",
					      &act[0]), 0);
	fire(irq);
	ck_assert_uint_eq(act[0].thread_calls, 0);
	rec_clear();
	ck_assert_str_eq(free_irq(irq, &act[0]), "o");
	ck_assert_uint_eq(act[0].thread_calls, 1);
	/*
	 * Shut down first (the line is already masked by the oneshot flow), so
	 * the finished thread does not unmask.
	 */
	ck_assert_rec("get_state,thread,release_resources");
	ck_assert(irqd_irq_masked(DD(irq)));
	ck_assert_int_eq(desc->threads_active, 0);
	ck_assert_uint_eq(desc->threads_oneshot, 0);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);
}
END_TEST

START_TEST(test_thread_run_stale_items)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct irqaction fake = { 0 };

	ck_assert_int_eq(request_threaded_irq(irq, NULL, rec_thread_fn, IRQF_ONESHOT, "o",
					      &act[0]), 0);
	/* Unknown irq, no action, a foreign action, a thread that was not woken. */
	irqlab_irq_thread_run(tm, irq + 100, &fake);
	irqlab_irq_thread_run(tm, irq, NULL);
	fake.thread_flags = BIT(IRQTF_RUNTHREAD);
	irqlab_irq_thread_run(tm, irq, &fake);
	ck_assert(fake.thread_flags & BIT(IRQTF_RUNTHREAD));
	irqlab_irq_thread_run(tm, irq, D(irq)->action);
	ck_assert_uint_eq(act[0].thread_calls, 0);
	ck_assert_int_eq(D(irq)->threads_active, 0);
}
END_TEST

/* A thread returning something else than IRQ_HANDLED is not counted. */
START_TEST(test_thread_unhandled_not_counted)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);

	act[0].ret = IRQ_WAKE_THREAD;
	act[0].thread_ret = IRQ_NONE;
	ck_assert_int_eq(request_threaded_irq(irq, rec_handler, rec_thread_fn, 0, "t", &act[0]),
			 0);
	fire(irq);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
	ck_assert_uint_eq(act[0].thread_calls, 1);
	ck_assert_uint_eq(D(irq)->threads_handled, 0);
}
END_TEST

/* Changing the affinity tells the threads to follow; the run consumes it. */
START_TEST(test_thread_affinity_flag)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct irqaction *a;

	act[0].ret = IRQ_WAKE_THREAD;
	ck_assert_int_eq(request_threaded_irq(irq, rec_handler, rec_thread_fn, 0, "t", &act[0]),
			 0);
	a = D(irq)->action;
	ck_assert(a->thread_flags & BIT(IRQTF_AFFINITY));
	fire(irq);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
	ck_assert(!(a->thread_flags & BIT(IRQTF_AFFINITY)));
	ck_assert_int_eq(irq_set_affinity(irq, cpumask_of(2)), 0);
	ck_assert(a->thread_flags & BIT(IRQTF_AFFINITY));
}
END_TEST

/* ---- synchronize corner cases ---------------------------------------------------------------- */

START_TEST(test_synchronize_chip_active)
{
	unsigned int irq = new_irq(&poll_chip, handle_level_irq);

	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), 0);
	rec_clear();
	/* The chip reports the irq in flight three more times. */
	active_polls = 3;
	synchronize_irq(irq);
	ck_assert_int_eq(active_polls, 0);
	ck_assert_rec("get_state,get_state,get_state,get_state");
	/* synchronize_hardirq() does not ask the chip. */
	active_polls = 3;
	ck_assert(synchronize_hardirq(irq));
	ck_assert_int_eq(active_polls, 3);
	ck_assert_rec("");
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
}
END_TEST

/* Waiting forever for our own handler would deadlock: WARN and go on. */
START_TEST(test_synchronize_gives_up)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);

	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), 0);
	irqd_set(DD(irq), IRQD_IRQ_INPROGRESS);
	ck_assert(synchronize_hardirq(irq));
	ck_assert_uint_eq(irqlab_warn_count(tm), 1);
	ck_assert_log(fmt_s("irq %u still in progress", irq));
	irqd_clear(DD(irq), IRQD_IRQ_INPROGRESS);

}
END_TEST

/* A chip that never stops reporting the irq active. */
START_TEST(test_synchronize_gives_up_chip)
{
	unsigned int irq = new_irq(&poll_chip, handle_level_irq);

	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), 0);
	quiet_polls = true;
	active_polls = 1 << 30;
	synchronize_irq(irq);
	ck_assert_uint_eq(irqlab_warn_count(tm), 1);
	ck_assert_log(fmt_s("irq %u still in progress", irq));
	ck_assert_int_lt(active_polls, 1 << 30);
	active_polls = 0;
	quiet_polls = false;
	dom_activate_ret = 0;
}
END_TEST

/* A oneshot thread finishing while a hard irq is in progress waits for it. */
START_TEST(test_finalize_oneshot_inprogress)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct irq_desc *desc = D(irq);

	ck_assert_int_eq(request_threaded_irq(irq, NULL, rec_thread_fn, IRQF_ONESHOT, "o",
					      &act[0]), 0);
	fire(irq);
	irqd_set(DD(irq), IRQD_IRQ_INPROGRESS);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
	/* It gave up waiting (WARN) and completed the oneshot handling. */
	ck_assert_uint_eq(irqlab_warn_count(tm), 1);
	ck_assert_uint_eq(desc->threads_oneshot, 0);
	ck_assert(!irqd_irq_masked(DD(irq)));
	irqd_clear(DD(irq), IRQD_IRQ_INPROGRESS);
}
END_TEST

START_TEST(test_bad_irq_numbers)
{
	disable_irq_nosync(12345);
	disable_irq(12345);
	ck_assert(!disable_hardirq(12345));
	enable_irq(12345);
	synchronize_irq(12345);
	ck_assert(synchronize_hardirq(12345));
	ck_assert_ptr_null(free_irq(12345, &act[0]));
	ck_assert(!irq_has_action(12345));
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
}
END_TEST

/* ---- depth ------------------------------------------------------------------------------------ */

START_TEST(test_no_autoen)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);

	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_NO_AUTOEN, "a", &act[0]), 0);
	ck_assert_rec("request_resources");
	ck_assert_uint_eq(D(irq)->depth, 1);
	ck_assert(!irqd_is_started(DD(irq)));
	ck_assert(irqd_is_activated(DD(irq)));
	ck_assert(irqd_irq_disabled(DD(irq)));

	enable_irq(irq);
	ck_assert_rec("unmask,set_affinity");
	ck_assert_uint_eq(D(irq)->depth, 0);
	ck_assert(irqd_is_started(DD(irq)));
	ck_assert(!irqd_irq_disabled(DD(irq)));
	/* Enabled once: no more probing. */
	ck_assert(!irq_settings_can_probe(D(irq)));
	fire(irq);
	ck_assert_uint_eq(act[0].calls, 1);
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
}
END_TEST

/* The IRQ_NOAUTOEN setting has the same effect; a sharer there WARNs. */
START_TEST(test_noautoen_setting)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);

	irq_set_status_flags(irq, IRQ_NOAUTOEN);
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_SHARED, "a", &act[0]), 0);
	ck_assert(!irqd_is_started(DD(irq)));
	ck_assert_uint_eq(D(irq)->depth, 1);
	ck_assert_uint_eq(irqlab_warn_count(tm), 1);
}
END_TEST

START_TEST(test_depth_nesting)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct irq_desc *desc = D(irq);

	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), 0);
	rec_clear();
	disable_irq(irq);
	ck_assert_uint_eq(desc->depth, 1);
	ck_assert(irqd_irq_disabled(DD(irq)));
	disable_irq_nosync(irq);
	ck_assert_uint_eq(desc->depth, 2);
	/* Lazy disable: only synchronize asked the chip. */
	ck_assert_rec("get_state");

	/* A disabled line masks itself at the next interrupt. */
	fire(irq);
	ck_assert_uint_eq(act[0].calls, 0);
	ck_assert(irqd_irq_masked(DD(irq)));
	ck_assert_rec("mask,ack");

	enable_irq(irq);
	ck_assert_uint_eq(desc->depth, 1);
	ck_assert(irqd_irq_disabled(DD(irq)));
	ck_assert_rec("");
	enable_irq(irq);
	ck_assert_uint_eq(desc->depth, 0);
	ck_assert(!irqd_irq_disabled(DD(irq)));
	ck_assert(!irqd_irq_masked(DD(irq)));
	ck_assert(irqd_is_started(DD(irq)));
	ck_assert_rec("unmask");
	fire(irq);
	ck_assert_uint_eq(act[0].calls, 1);
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);

	/* One enable too many. */
	enable_irq(irq);
	ck_assert_uint_eq(irqlab_warn_count(tm), 1);
	ck_assert_log(fmt_s("Unbalanced enable for IRQ %u", irq));
	ck_assert_uint_eq(desc->depth, 0);
	ck_assert(!irqd_irq_disabled(DD(irq)));
}
END_TEST

/* A chip with irq_disable is disabled eagerly, once. */
START_TEST(test_depth_chip_disable)
{
	unsigned int irq = new_irq(&dis_chip, handle_level_irq);

	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), 0);
	ck_assert_rec("enable");
	disable_irq_nosync(irq);
	disable_irq_nosync(irq);
	disable_irq_nosync(irq);
	ck_assert_rec("disable");
	ck_assert(irqd_irq_masked(DD(irq)));
	enable_irq(irq);
	enable_irq(irq);
	ck_assert_rec("");
	enable_irq(irq);
	ck_assert_rec("enable");
	ck_assert(!irqd_irq_masked(DD(irq)));
}
END_TEST

/* A suspended irq at depth 1 is not enabled by enable_irq(). */
START_TEST(test_enable_suspended)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);

	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), 0);
	disable_irq(irq);
	D(irq)->istate |= IRQS_SUSPENDED;
	enable_irq(irq);
	ck_assert_uint_eq(irqlab_warn_count(tm), 1);
	ck_assert_log(fmt_s("Unbalanced enable for IRQ %u", irq));
	ck_assert_uint_eq(D(irq)->depth, 1);
	ck_assert(irqd_irq_disabled(DD(irq)));
	D(irq)->istate &= ~IRQS_SUSPENDED;
}
END_TEST

/* free_irq() on a disabled irq, then request it again. */
START_TEST(test_free_disabled_then_rerequest)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct irq_desc *desc = D(irq);

	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), 0);
	disable_irq(irq);
	ck_assert_uint_eq(desc->depth, 1);
	rec_clear();
	ck_assert_str_eq(free_irq(irq, &act[0]), "a");
	ck_assert_rec("mask,get_state,release_resources");
	/* v6.16+: shutdown adds a level on top of the disable. */
	ck_assert_uint_eq(desc->depth, 2);
	ck_assert(!irqd_is_started(DD(irq)));
	ck_assert(!irq_has_action(irq));

	/* The new owner gets a started, enabled line: depth back to 0. */
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "b", &act[1]), 0);
	ck_assert_rec("request_resources,unmask,set_affinity");
	ck_assert_uint_eq(desc->depth, 0);
	ck_assert(irqd_is_started(DD(irq)));
	ck_assert(!irqd_irq_disabled(DD(irq)));
	fire(irq);
	ck_assert_uint_eq(act[1].calls, 1);
	/* And its disable/enable pairs balance as usual. */
	disable_irq(irq);
	enable_irq(irq);
	ck_assert_uint_eq(desc->depth, 0);
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
}
END_TEST

START_TEST(test_double_free)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct irq_desc *desc = D(irq);

	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), 0);
	ck_assert_str_eq(free_irq(irq, &act[0]), "a");
	rec_clear();
	ck_assert_ptr_null(free_irq(irq, &act[0]));
	ck_assert_uint_eq(irqlab_warn_count(tm), 1);
	ck_assert_log(fmt_s("Trying to free already-free IRQ %u", irq));
	ck_assert_rec("");
	ck_assert_uint_eq(desc->depth, 1);
	ck_assert(!irqd_is_started(DD(irq)));
}
END_TEST

/* ---- managed startup ----------------------------------------------------------------------------- */

static int alloc_managed_irq(const char *cpus)
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
	return irq;
}

START_TEST(test_managed_startup_cpus_offline)
{
	unsigned int irq = (unsigned int)alloc_managed_irq("2-3");
	struct irq_desc *desc = D(irq);
	unsigned long flags;

	ck_assert(irqd_affinity_is_managed(&desc->irq_data));
	ck_assert(irqd_is_managed_and_shutdown(&desc->irq_data));
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 2, false), 0);
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, false), 0);

	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "m", &act[0]), 0);
	/* No CPU to run on: not started, not even activated (ABORT). */
	ck_assert_rec("request_resources");
	ck_assert(irq_has_action(irq));
	ck_assert(!irqd_is_started(&desc->irq_data));
	ck_assert(!irqd_is_activated(&desc->irq_data));
	ck_assert(irqd_is_managed_and_shutdown(&desc->irq_data));
	ck_assert(irqd_irq_disabled(&desc->irq_data));
	ck_assert_uint_eq(desc->depth, 1);
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);

	/* CPU 3 comes back: the hotplug code starts the irq up. */
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, true), 0);
	desc = irq_get_desc_lock(irq, &flags);
	irq_startup_managed(desc);
	irq_put_desc_unlock(desc, flags);
	ck_assert_rec("set_affinity,unmask");
	ck_assert_str_eq(rec_out.affinity, "3");
	ck_assert(irqd_is_started(&desc->irq_data));
	ck_assert(irqd_is_activated(&desc->irq_data));
	ck_assert(!irqd_is_managed_and_shutdown(&desc->irq_data));
	ck_assert_uint_eq(desc->depth, 0);
	ck_assert_uint_eq(cpumask_first(irq_data_get_effective_affinity_mask(&desc->irq_data)), 3);
	/* The managed affinity itself is unchanged. */
	ck_assert_uint_eq(cpumask_weight(irq_data_get_affinity_mask(&desc->irq_data)), 2);
	ck_assert_int_eq(irqlab_handle_irq_on(tm, 3, irq), 0);
	ck_assert_uint_eq(act[0].calls, 1);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 3), 1);
}
END_TEST

/* A managed irq disabled before its CPUs come back stays disabled. */
START_TEST(test_managed_startup_keeps_user_disable)
{
	unsigned int irq = (unsigned int)alloc_managed_irq("3");
	struct irq_desc *desc = D(irq);
	unsigned long flags;

	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, false), 0);
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "m", &act[0]), 0);
	disable_irq(irq);
	ck_assert_uint_eq(desc->depth, 2);

	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, true), 0);
	desc = irq_get_desc_lock(irq, &flags);
	irq_startup_managed(desc);
	irq_put_desc_unlock(desc, flags);
	ck_assert_uint_eq(desc->depth, 1);
	ck_assert(!irqd_is_started(&desc->irq_data));
	ck_assert(!irqd_is_managed_and_shutdown(&desc->irq_data));

	/* The user's enable starts it. */
	enable_irq(irq);
	ck_assert_uint_eq(desc->depth, 0);
	ck_assert(irqd_is_started(&desc->irq_data));
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
}
END_TEST

/* enable_irq() of a managed irq with no online CPU WARNs and keeps it down. */
START_TEST(test_managed_enable_without_cpu)
{
	unsigned int irq = (unsigned int)alloc_managed_irq("3");
	struct irq_desc *desc = D(irq);

	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, false), 0);
	ck_assert_int_eq(request_irq(irq, rec_handler, IRQF_NO_AUTOEN, "m", &act[0]), 0);
	ck_assert_uint_eq(desc->depth, 1);
	enable_irq(irq);
	ck_assert_uint_eq(irqlab_warn_count(tm), 1);
	ck_assert_uint_eq(desc->depth, 1);
	ck_assert(!irqd_is_started(&desc->irq_data));
	ck_assert(irqd_is_managed_and_shutdown(&desc->irq_data));
}
END_TEST

/* ---- activation through a domain ------------------------------------------------------------- */

static int dom_alloc(struct irq_domain *d, unsigned int virq, unsigned int nr, void *arg)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		irq_domain_set_info(d, virq + i, virq + i, &rec_chip, NULL, handle_level_irq,
				    NULL, NULL);
	return 0;
}

static int dom_activate(struct irq_domain *d, struct irq_data *irqd, bool reserve)
{
	rec_note("activate");
	return dom_activate_ret;
}

static void dom_deactivate(struct irq_domain *d, struct irq_data *irqd)
{
	rec_note("deactivate");
}

static const struct irq_domain_ops dom_ops = {
	.alloc = dom_alloc,
	.free = irq_domain_free_irqs_top,
	.activate = dom_activate,
	.deactivate = dom_deactivate,
};

/* A failing activation fails the request and leaves nothing behind. */
START_TEST(test_request_activation)
{
	struct fwnode_handle *fw = irq_domain_alloc_named_fwnode("MGTEST");
	struct irq_domain *d = irq_domain_create_tree(fw, &dom_ops, NULL);
	unsigned int irq;
	int virq;

	ck_assert_ptr_nonnull(d);
	virq = irq_domain_alloc_irqs(d, 1, NUMA_NO_NODE, NULL);
	ck_assert_int_gt(virq, 0);
	irq = (unsigned int)virq;
	rec_clear();

	dom_activate_ret = -ENOSPC;
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), -ENOSPC);
	ck_assert_rec("request_resources,activate,release_resources");
	ck_assert(!irq_has_action(irq));
	ck_assert(!irqd_is_activated(DD(irq)));
	ck_assert(!irqd_is_started(DD(irq)));
	ck_assert_uint_eq(D(irq)->depth, 1);

	/* Activated at request, deactivated after the last free. */
	dom_activate_ret = 0;
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "a", &act[0]), 0);
	ck_assert_rec("request_resources,activate,unmask,set_affinity");
	ck_assert(irqd_is_activated(DD(irq)));
	ck_assert_str_eq(free_irq(irq, &act[0]), "a");
	ck_assert_rec("mask,get_state,deactivate,release_resources");
	ck_assert(!irqd_is_activated(DD(irq)));

	irq_domain_free_irqs(irq, 1);
	irq_domain_remove(d);
	irq_domain_free_fwnode(fw);
}
END_TEST

/* Actions left installed are freed with the machine (checked by tm_destroy). */
START_TEST(test_teardown_frees_actions)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	unsigned int irq2 = new_irq(&rec_chip, handle_level_irq);

	ck_assert_int_eq(request_threaded_irq(irq, NULL, rec_thread_fn,
					      IRQF_SHARED | IRQF_ONESHOT, "a", &act[0]), 0);
	ck_assert_int_eq(request_threaded_irq(irq, NULL, rec_thread_fn,
					      IRQF_SHARED | IRQF_ONESHOT, "b", &act[1]), 0);
	ck_assert_int_eq(request_irq(irq2, rec_handler, 0, "c", &act[2]), 0);
	/* Queued thread items must not run at teardown either. */
	fire(irq);
	ck_assert_int_eq(D(irq)->threads_active, 2);
}
END_TEST

static Suite *manage_suite(void)
{
	Suite *s = suite_create("manage");
	TCase *tc = tcase_create("request_free");

	tcase_add_checked_fixture(tc, setup, rec_teardown);
	tcase_add_test(tc, test_request_free_basic);
	tcase_add_test(tc, test_request_einval);
	tcase_add_test(tc, test_request_enosys_no_chip);
	tcase_add_test(tc, test_request_enomem);
	tcase_add_test(tc, test_request_resources_fail);
	tcase_add_test(tc, test_request_activation);
	tcase_add_test(tc, test_request_trigger);
	tcase_add_test(tc, test_request_trigger_masked_chip);
	tcase_add_test(tc, test_request_trigger_no_set_type);
	tcase_add_test(tc, test_request_percpu_nobalancing);
	tcase_add_test(tc, test_request_nested_thread);
	tcase_add_test(tc, test_double_free);
	tcase_add_test(tc, test_bad_irq_numbers);
	tcase_add_test(tc, test_teardown_frees_actions);
	suite_add_tcase(s, tc);

	tc = tcase_create("shared");
	tcase_add_checked_fixture(tc, setup, rec_teardown);
	tcase_add_test(tc, test_shared_both_called);
	tcase_add_test(tc, test_shared_flags_mismatch);
	tcase_add_test(tc, test_shared_trigger_percpu_mismatch);
	tcase_add_test(tc, test_shared_trigger_adopted);
	tcase_add_test(tc, test_shared_oneshot_rules);
	tcase_add_test(tc, test_shared_oneshot_out_of_bits);
	tcase_add_test(tc, test_shared_reenables_spurious_disabled);
	suite_add_tcase(s, tc);

	tc = tcase_create("threads");
	tcase_add_checked_fixture(tc, setup, rec_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_threaded_irq_runs_thread);
	tcase_add_test(tc, test_oneshot_masked_until_thread_done);
	tcase_add_test(tc, test_oneshot_disabled_stays_masked);
	tcase_add_test(tc, test_oneshot_rewoken_while_running);
	tcase_add_test(tc, test_oneshot_safe_chip);
	tcase_add_test(tc, test_synchronize_runs_woken_threads);
	tcase_add_test(tc, test_free_runs_woken_thread);
	tcase_add_test(tc, test_thread_run_stale_items);
	tcase_add_test(tc, test_thread_unhandled_not_counted);
	tcase_add_test(tc, test_thread_affinity_flag);
	tcase_add_test(tc, test_synchronize_chip_active);
	tcase_add_test(tc, test_synchronize_gives_up);
	tcase_add_test(tc, test_synchronize_gives_up_chip);
	tcase_add_test(tc, test_finalize_oneshot_inprogress);
	suite_add_tcase(s, tc);

	tc = tcase_create("depth");
	tcase_add_checked_fixture(tc, setup, rec_teardown);
	tcase_add_test(tc, test_no_autoen);
	tcase_add_test(tc, test_noautoen_setting);
	tcase_add_test(tc, test_depth_nesting);
	tcase_add_test(tc, test_depth_chip_disable);
	tcase_add_test(tc, test_enable_suspended);
	tcase_add_test(tc, test_free_disabled_then_rerequest);
	tcase_add_test(tc, test_managed_startup_cpus_offline);
	tcase_add_test(tc, test_managed_startup_keeps_user_disable);
	tcase_add_test(tc, test_managed_enable_without_cpu);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(manage_suite());
}
