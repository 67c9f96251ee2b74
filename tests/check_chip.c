// SPDX-License-Identifier: MIT
/*
 * Chip-level API: setting chips, handlers, trigger types and status flags
 * (and refusing unknown irqs), chip state through the hierarchy, the
 * *_parent helpers on a hand-built irq_data chain, startup/shutdown/depth
 * semantics per kernel version, managed startup, enable/disable/mask, and
 * deferred affinity moves (migration.c).
 */
#include <stdio.h>

#include "internals.h"
#include "recchip.h"

#define BAD_IRQ 123456u

static struct irq_chip outer_c, parent_c, root_c, chip_v;

static struct irq_desc *D(unsigned int irq)
{
	return irq_to_desc(irq);
}

static unsigned int new_irq(const struct irq_chip *chip, irq_flow_handler_t handle)
{
	int irq = irq_alloc_descs(-1, 1, 1, NUMA_NO_NODE);

	ck_assert_int_gt(irq, 0);
	if (chip)
		irq_set_chip_and_handler(irq, chip, handle);
	rec_clear(); /* bus_lock/bus_sync_unlock of bus-locked chips */
	return (unsigned int)irq;
}

static void req(unsigned int irq, struct rec_action *a, unsigned long flags)
{
	ck_assert_int_eq(request_irq(irq, rec_handler, flags, "rec", a), 0);
	rec_clear();
}

/* ---- API on bad and good irqs ------------------------------------------- */

static irqreturn_t never(int irq, void *dev)
{
	return IRQ_NONE;
}

START_TEST(bad_irq_numbers)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct irq_desc *desc = D(irq);
	unsigned int state = desc->irq_common_data.state_use_accessors;
	unsigned int status = desc->status_use_accessors;
	bool st = true;
	int cookie;

	irq_set_chip_data(irq, &cookie);
	irq_set_handler_data(irq, &cookie);
	state = desc->irq_common_data.state_use_accessors;
	status = desc->status_use_accessors;

	ck_assert_int_eq(irq_set_chip(BAD_IRQ, &rec_chip), -EINVAL);
	ck_assert_int_eq(irq_set_irq_type(BAD_IRQ, IRQ_TYPE_LEVEL_HIGH), -EINVAL);
	ck_assert_int_eq(irq_set_handler_data(BAD_IRQ, NULL), -EINVAL);
	ck_assert_int_eq(irq_set_chip_data(BAD_IRQ, NULL), -EINVAL);
	ck_assert_int_eq(irq_get_irqchip_state(BAD_IRQ, IRQCHIP_STATE_PENDING, &st), -EINVAL);
	ck_assert_int_eq(irq_set_irqchip_state(BAD_IRQ, IRQCHIP_STATE_PENDING, true), -EINVAL);
	ck_assert(st);
	ck_assert_ptr_null(irq_get_irq_data(BAD_IRQ));
	ck_assert_ptr_null(irq_get_chip(BAD_IRQ));
	ck_assert_ptr_null(irq_get_chip_data(BAD_IRQ));
	ck_assert_ptr_null(irq_get_handler_data(BAD_IRQ));
	ck_assert_uint_eq(irq_get_trigger_type(BAD_IRQ), IRQ_TYPE_NONE);
	__irq_set_handler(BAD_IRQ, handle_level_irq, 0, "x");
	irq_set_chip_and_handler_name(BAD_IRQ, &rec_chip, handle_level_irq, "x");
	irq_modify_status(BAD_IRQ, ~0ul, IRQ_LEVEL);
	ck_assert_int_eq(irq_set_irq_type(0, IRQ_TYPE_LEVEL_HIGH), -EINVAL);

	/* Nothing changed anywhere. */
	ck_assert_ptr_eq(irq_get_chip(irq), &rec_chip);
	ck_assert(desc->handle_irq == handle_edge_irq);
	ck_assert_ptr_eq(irq_get_chip_data(irq), &cookie);
	ck_assert_ptr_eq(irq_get_handler_data(irq), &cookie);
	ck_assert_uint_eq(desc->irq_common_data.state_use_accessors, state);
	ck_assert_uint_eq(desc->status_use_accessors, status);
	ck_assert_ptr_null(irq_to_desc(BAD_IRQ));
	ck_assert_rec("");
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
	(void)never;
}
END_TEST

START_TEST(chip_and_data)
{
	unsigned int irq = new_irq(NULL, NULL);
	int x, y;

	ck_assert_ptr_eq(irq_get_irq_data(irq), &D(irq)->irq_data);
	ck_assert_int_eq(irq_set_chip(irq, &rec_chip), 0);
	ck_assert_ptr_eq(irq_get_chip(irq), &rec_chip);
	/* NULL means "no chip". */
	ck_assert_int_eq(irq_set_chip(irq, NULL), 0);
	ck_assert_ptr_eq(irq_get_chip(irq), &no_irq_chip);
	ck_assert_int_eq(irq_set_chip_data(irq, &x), 0);
	ck_assert_int_eq(irq_set_handler_data(irq, &y), 0);
	ck_assert_ptr_eq(irq_get_chip_data(irq), &x);
	ck_assert_ptr_eq(irq_desc_get_chip_data(D(irq)), &x);
	ck_assert_ptr_eq(irq_get_handler_data(irq), &y);
	ck_assert_ptr_eq(irq_desc_get_handler_data(D(irq)), &y);
}
END_TEST

START_TEST(set_irq_type)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct irq_desc *desc = D(irq);

	ck_assert_int_eq(irq_set_irq_type(irq, IRQ_TYPE_LEVEL_HIGH | IRQ_TYPE_PROBE), 0);
	ck_assert_rec("set_type");
	/* Only the sense bits reach the chip and the state. */
	ck_assert_uint_eq(rec_out.type, IRQ_TYPE_LEVEL_HIGH);
	ck_assert_uint_eq(irq_get_trigger_type(irq), IRQ_TYPE_LEVEL_HIGH);
	ck_assert(irqd_is_level_type(&desc->irq_data));
	ck_assert(irq_settings_is_level(desc));
	ck_assert_uint_eq(irq_settings_get_trigger_mask(desc), IRQ_TYPE_LEVEL_HIGH);

	ck_assert_int_eq(irq_set_irq_type(irq, IRQ_TYPE_EDGE_FALLING), 0);
	ck_assert_rec("set_type");
	ck_assert_uint_eq(irq_get_trigger_type(irq), IRQ_TYPE_EDGE_FALLING);
	ck_assert(!irqd_is_level_type(&desc->irq_data));
	ck_assert(!irq_settings_is_level(desc));

	/* OK_DONE is success too. */
	rec_cfg.set_type_ret = IRQ_SET_MASK_OK_DONE;
	ck_assert_int_eq(irq_set_irq_type(irq, IRQ_TYPE_LEVEL_LOW), 0);
	ck_assert_uint_eq(irq_get_trigger_type(irq), IRQ_TYPE_LEVEL_LOW);

	/* NOCOPY: the chip wrote the state itself; the settings follow it. */
	rec_cfg.set_type_ret = IRQ_SET_MASK_OK_NOCOPY;
	ck_assert_int_eq(irq_set_irq_type(irq, IRQ_TYPE_EDGE_RISING), 0);
	ck_assert_uint_eq(irq_get_trigger_type(irq), IRQ_TYPE_LEVEL_LOW);
	ck_assert(irq_settings_is_level(desc));

	/* A chip error changes nothing and is reported. */
	rec_cfg.set_type_ret = -EINVAL;
	rec_clear();
	ck_assert_int_eq(irq_set_irq_type(irq, IRQ_TYPE_EDGE_RISING), -EINVAL);
	ck_assert_rec("set_type");
	ck_assert_uint_eq(irq_get_trigger_type(irq), IRQ_TYPE_LEVEL_LOW);
	{
		char msg[128];

		snprintf(msg, sizeof(msg),
			 "genirq: Setting trigger mode 1 for irq %u failed (rec)", irq);
		ck_assert_log(msg);
	}
}
END_TEST

START_TEST(set_irq_type_no_callback)
{
	unsigned int irq;

	rec_chip_init(&chip_v, "v", 0, 0);
	irq = new_irq(&chip_v, handle_level_irq);
	ck_assert_int_eq(irq_set_irq_type(irq, IRQ_TYPE_LEVEL_HIGH), 0);
	ck_assert_rec("");
	ck_assert_uint_eq(irq_get_trigger_type(irq), IRQ_TYPE_NONE);
	ck_assert(!irq_settings_is_level(D(irq)));
}
END_TEST

START_TEST(set_irq_type_masked)
{
	unsigned int irq;
	struct rec_action a;

	rec_chip_init(&chip_v, "v", REC_SET_TYPE | REC_AFFINITY, IRQCHIP_SET_TYPE_MASKED);
	irq = new_irq(&chip_v, handle_edge_irq);

	/* Not started: masked and disabled, so neither mask nor unmask. */
	ck_assert_int_eq(irq_set_irq_type(irq, IRQ_TYPE_EDGE_RISING), 0);
	ck_assert_rec("set_type");

	rec_action_init(&a, IRQ_HANDLED);
	req(irq, &a, 0);
	ck_assert_int_eq(irq_set_irq_type(irq, IRQ_TYPE_EDGE_BOTH), 0);
	ck_assert_rec("mask,set_type,unmask");
	ck_assert(!irqd_irq_masked(&D(irq)->irq_data));

	/* Disabled (lazily, still unmasked): masked for the change, left masked. */
	disable_irq_nosync(irq);
	ck_assert_int_eq(irq_set_irq_type(irq, IRQ_TYPE_EDGE_RISING), 0);
	ck_assert_rec("mask,set_type");
	ck_assert(irqd_irq_masked(&D(irq)->irq_data));
}
END_TEST

START_TEST(set_handler)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct irq_desc *desc = D(irq);
	struct rec_action a;

	__irq_set_handler(irq, handle_level_irq, 0, "level");
	ck_assert(desc->handle_irq == handle_level_irq);
	ck_assert_str_eq(desc->name, "level");
	irq_set_chip_and_handler_name(irq, &rec_chip, handle_fasteoi_irq, "fasteoi");
	ck_assert(desc->handle_irq == handle_fasteoi_irq);
	ck_assert_str_eq(desc->name, "fasteoi");
	irq_set_handler(irq, handle_edge_irq);
	ck_assert_ptr_null(desc->name);

	rec_action_init(&a, IRQ_HANDLED);
	req(irq, &a, 0);
	ck_assert_uint_eq(desc->depth, 0);

	/* Uninstall: masked+acked, disabled, depth 1, handle_bad_irq. */
	irq_set_handler(irq, NULL);
	ck_assert_rec("mask,ack");
	ck_assert(desc->handle_irq == handle_bad_irq);
	ck_assert(irqd_irq_disabled(&desc->irq_data));
	ck_assert_uint_eq(desc->depth, 1);
	ck_assert_ptr_nonnull(desc->action);
}
END_TEST

START_TEST(set_handler_no_chip)
{
	unsigned int irq = new_irq(NULL, NULL);
	struct irq_desc *desc = D(irq);
	unsigned int warns = irqlab_warn_count(tm);

	/* Without any chip the handler is refused. */
	irq_set_handler(irq, handle_level_irq);
	ck_assert(desc->handle_irq == handle_bad_irq);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);

	/* Uninstalling on no_irq_chip makes no chip call. */
	irq_set_handler(irq, NULL);
	ck_assert(desc->handle_irq == handle_bad_irq);
	ck_assert_uint_eq(desc->depth, 1);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
}
END_TEST

START_TEST(set_handler_hierarchy)
{
	unsigned int irq = new_irq(NULL, NULL);
	struct irq_desc *desc = D(irq);
	struct irq_data *parent = kzalloc(sizeof(*parent), GFP_KERNEL);
	unsigned int warns = irqlab_warn_count(tm);

	parent->irq = irq;
	parent->common = &desc->irq_common_data;
	parent->chip = &rec_chip;
	desc->irq_data.parent_data = parent;

	/* The outer chip is not there yet, the inner one is: accepted. */
	irq_set_handler(irq, handle_fasteoi_irq);
	ck_assert(desc->handle_irq == handle_fasteoi_irq);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns);

	/* But a chained handler would start at once: refused. */
	__irq_set_handler(irq, handle_edge_irq, 1, NULL);
	ck_assert(desc->handle_irq == handle_fasteoi_irq);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);

	desc->irq_data.parent_data = NULL;
	kfree(parent);
}
END_TEST

static void demux_handler(struct irq_desc *desc)
{
	rec_note("demux");
}

START_TEST(set_handler_chained)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct irq_desc *desc = D(irq);
	unsigned int warns;

	ck_assert_int_eq(irq_set_irq_type(irq, IRQ_TYPE_LEVEL_HIGH), 0);
	rec_clear();
	__irq_set_handler(irq, demux_handler, 1, "demux");
	/* Trigger re-applied, then activated and started at once. */
	ck_assert_rec("set_type,unmask,set_affinity");
	ck_assert(desc->handle_irq == demux_handler);
	ck_assert_ptr_eq(desc->action, &chained_action);
	ck_assert(irqd_is_started(&desc->irq_data));
	ck_assert(irqd_is_activated(&desc->irq_data));
	ck_assert_uint_eq(desc->depth, 0);
	ck_assert(!irq_settings_can_request(desc));
	ck_assert(!irq_settings_can_probe(desc));
	ck_assert(!irq_settings_can_thread(desc));
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, "x", NULL), -EINVAL);

	irqlab_handle_irq_on(tm, 0, irq);
	ck_assert_rec("demux");

	/* The chained action must never run. */
	warns = irqlab_warn_count(tm);
	ck_assert_int_eq(chained_action.handler((int)irq, NULL), IRQ_NONE);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_log("Chained irq");

	/* Uninstall a chained handler: the action goes too. */
	__irq_set_handler(irq, NULL, 1, NULL);
	ck_assert_rec("mask,ack");
	ck_assert_ptr_null(desc->action);
	ck_assert_uint_eq(desc->depth, 1);
}
END_TEST

START_TEST(set_handler_chained_no_type)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);

	__irq_set_handler(irq, demux_handler, 1, NULL);
	/* No trigger type configured: no set_type call. */
	ck_assert_rec("unmask,set_affinity");
	__irq_set_handler(irq, NULL, 1, NULL);
	ck_assert_ptr_null(D(irq)->action);
}
END_TEST

START_TEST(modify_status)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct irq_desc *desc = D(irq);
	struct irq_data *d = &desc->irq_data;
	unsigned int warns = irqlab_warn_count(tm);
	struct rec_action a;

	irq_set_status_flags(irq, IRQ_LEVEL | IRQ_NO_BALANCING | IRQ_PER_CPU |
					  IRQ_TYPE_EDGE_RISING);
	ck_assert(irqd_is_level_type(d));
	ck_assert(irqd_is_per_cpu(d));
	ck_assert(!irqd_can_balance(d));
	ck_assert_uint_eq(irqd_get_trigger_type(d), IRQ_TYPE_EDGE_RISING);
	ck_assert(irq_settings_is_level(desc));

	/* Settings outside the modifiable mask are ignored. */
	irq_modify_status(irq, 0, IRQ_NO_DEBUG);
	ck_assert(!irq_settings_no_debug(desc));

	/* Clearing the trigger setting keeps the state's trigger. */
	irq_clear_status_flags(irq, IRQ_LEVEL | IRQ_NO_BALANCING | IRQ_PER_CPU |
					    IRQ_TYPE_SENSE_MASK);
	ck_assert(!irqd_is_level_type(d));
	ck_assert(!irqd_is_per_cpu(d));
	ck_assert(irqd_can_balance(d));
	ck_assert_uint_eq(irqd_get_trigger_type(d), IRQ_TYPE_EDGE_RISING);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns);

	irq_set_noprobe(irq);
	ck_assert(!irq_settings_can_probe(desc));

	/* NOAUTOEN on an already enabled irq is a driver bug. */
	rec_action_init(&a, IRQ_HANDLED);
	req(irq, &a, 0);
	irq_set_status_flags(irq, IRQ_NOAUTOEN);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
}
END_TEST

START_TEST(irqchip_state)
{
	unsigned int irq = new_irq(&rec_chip_full, handle_level_irq);
	unsigned int irq2;
	bool st = false;

	rec_cfg.state = true;
	ck_assert_int_eq(irq_get_irqchip_state(irq, IRQCHIP_STATE_ACTIVE, &st), 0);
	ck_assert(st);
	ck_assert_int_eq(rec_out.which, IRQCHIP_STATE_ACTIVE);
	ck_assert_int_eq(irq_set_irqchip_state(irq, IRQCHIP_STATE_PENDING, true), 0);
	ck_assert_rec("bus_lock,get_state,bus_sync_unlock,bus_lock,set_state,bus_sync_unlock");
	ck_assert(rec_out.state_val);
	ck_assert_int_eq(rec_out.which, IRQCHIP_STATE_PENDING);

	rec_cfg.get_state_ret = -EIO;
	rec_cfg.set_state_ret = -EIO;
	ck_assert_int_eq(irq_get_irqchip_state(irq, IRQCHIP_STATE_MASKED, &st), -EIO);
	ck_assert_int_eq(irq_set_irqchip_state(irq, IRQCHIP_STATE_MASKED, false), -EIO);

	/* No chip in the hierarchy can answer. */
	rec_chip_init(&chip_v, "v", 0, 0);
	irq2 = new_irq(&chip_v, handle_level_irq);
	ck_assert_int_eq(irq_get_irqchip_state(irq2, IRQCHIP_STATE_ACTIVE, &st), -EINVAL);
	ck_assert_int_eq(irq_set_irqchip_state(irq2, IRQCHIP_STATE_ACTIVE, true), -EINVAL);
}
END_TEST

/* ---- the hierarchy helpers on a hand-built chain ---------------------------- */

struct chain {
	unsigned int irq;
	struct irq_desc *desc;
	struct irq_data *outer, *parent, *root;
};

static struct irq_data *new_level(struct irq_desc *desc, const struct irq_chip *chip,
				  irq_hw_number_t hwirq)
{
	struct irq_data *d = kzalloc(sizeof(*d), GFP_KERNEL);

	ck_assert_ptr_nonnull(d);
	d->irq = irq_desc_get_irq(desc);
	d->hwirq = hwirq;
	d->common = &desc->irq_common_data;
	d->chip = chip;
	return d;
}

/* outer (the desc's irq_data) → parent → root (optional). */
static void chain_build(struct chain *c, const struct irq_chip *outer,
			const struct irq_chip *parent, const struct irq_chip *root)
{
	c->irq = new_irq(outer, handle_edge_irq);
	c->desc = D(c->irq);
	c->outer = &c->desc->irq_data;
	c->parent = new_level(c->desc, parent, 20);
	c->outer->parent_data = c->parent;
	c->root = root ? new_level(c->desc, root, 30) : NULL;
	c->parent->parent_data = c->root;
}

static void chain_free(struct chain *c)
{
	c->outer->parent_data = NULL;
	kfree(c->parent);
	kfree(c->root);
}

START_TEST(parent_helpers)
{
	struct chain c;
	bool st = false;
	int vcpu;

	rec_chip_init(&outer_c, "o", REC_TAGGED, 0);
	rec_chip_init(&parent_c, "p", REC_ALL | REC_TAGGED, 0);
	chain_build(&c, &outer_c, &parent_c, NULL);

	irq_chip_ack_parent(c.outer);
	irq_chip_mask_parent(c.outer);
	irq_chip_mask_ack_parent(c.outer);
	irq_chip_unmask_parent(c.outer);
	irq_chip_eoi_parent(c.outer);
	irq_chip_enable_parent(c.outer);
	irq_chip_disable_parent(c.outer);
	ck_assert_rec("p:ack,p:mask,p:mask_ack,p:unmask,p:eoi,p:enable,p:disable");
	ck_assert_ptr_eq(rec_out.last_data, c.parent);

	ck_assert_int_eq(irq_chip_set_affinity_parent(c.outer, cpumask_of(2), true), 0);
	ck_assert_str_eq(rec_out.affinity, "2");
	ck_assert(rec_out.force);
	ck_assert_int_eq(irq_chip_set_type_parent(c.outer, IRQ_TYPE_EDGE_RISING), 0);
	ck_assert_uint_eq(rec_out.type, IRQ_TYPE_EDGE_RISING);
	ck_assert_int_eq(irq_chip_set_vcpu_affinity_parent(c.outer, &vcpu), 0);
	ck_assert_ptr_eq(rec_out.vcpu, &vcpu);
	ck_assert_int_eq(irq_chip_set_wake_parent(c.outer, 1), 0);
	ck_assert_uint_eq(rec_out.wake_on, 1);
	ck_assert_int_eq(irq_chip_request_resources_parent(c.outer), 0);
	irq_chip_release_resources_parent(c.outer);
	rec_cfg.state = true;
	ck_assert_int_eq(irq_chip_get_parent_state(c.outer, IRQCHIP_STATE_PENDING, &st), 0);
	ck_assert(st);
	ck_assert_int_eq(irq_chip_set_parent_state(c.outer, IRQCHIP_STATE_MASKED, true), 0);
	ck_assert(rec_out.state_val);
	ck_assert_rec("p:set_affinity,p:set_type,p:set_vcpu_affinity,p:set_wake,"
		      "p:request_resources,p:release_resources,p:get_state,p:set_state");

	/* Parent errors come back unchanged. */
	rec_cfg.set_affinity_ret = -ENOSPC;
	rec_cfg.set_type_ret = -EINVAL;
	rec_cfg.set_vcpu_ret = -EIO;
	rec_cfg.set_wake_ret = -EBUSY;
	rec_cfg.request_resources_ret = -ENODEV;
	rec_cfg.get_state_ret = -EIO;
	rec_cfg.set_state_ret = -EPERM;
	ck_assert_int_eq(irq_chip_set_affinity_parent(c.outer, cpumask_of(1), false), -ENOSPC);
	ck_assert_int_eq(irq_chip_set_type_parent(c.outer, 0), -EINVAL);
	ck_assert_int_eq(irq_chip_set_vcpu_affinity_parent(c.outer, NULL), -EIO);
	ck_assert_int_eq(irq_chip_set_wake_parent(c.outer, 0), -EBUSY);
	ck_assert_int_eq(irq_chip_request_resources_parent(c.outer), -ENODEV);
	ck_assert_int_eq(irq_chip_get_parent_state(c.outer, IRQCHIP_STATE_PENDING, &st), -EIO);
	ck_assert_int_eq(irq_chip_set_parent_state(c.outer, IRQCHIP_STATE_MASKED, 0), -EPERM);
	chain_free(&c);
}
END_TEST

START_TEST(parent_helpers_missing_callbacks)
{
	struct chain c;
	bool st = false;

	rec_chip_init(&outer_c, "o", REC_ALL | REC_TAGGED, 0);
	/* A parent with only ack/mask/unmask/eoi. */
	rec_chip_init(&parent_c, "p", REC_TAGGED, 0);
	chain_build(&c, &outer_c, &parent_c, NULL);

	/* enable/disable fall back to unmask/mask. */
	irq_chip_enable_parent(c.outer);
	irq_chip_disable_parent(c.outer);
	ck_assert_rec("p:unmask,p:mask");

	ck_assert_int_eq(irq_chip_set_affinity_parent(c.outer, cpumask_of(0), false), -ENOSYS);
	ck_assert_int_eq(irq_chip_set_type_parent(c.outer, IRQ_TYPE_LEVEL_HIGH), -ENOSYS);
	ck_assert_int_eq(irq_chip_set_vcpu_affinity_parent(c.outer, NULL), -ENOSYS);
	ck_assert_int_eq(irq_chip_set_wake_parent(c.outer, 1), -ENOSYS);
	/* Optional ones succeed without doing anything. */
	ck_assert_int_eq(irq_chip_request_resources_parent(c.outer), 0);
	irq_chip_release_resources_parent(c.outer);
	ck_assert_int_eq(irq_chip_get_parent_state(c.outer, IRQCHIP_STATE_PENDING, &st), 0);
	ck_assert(!st);
	ck_assert_int_eq(irq_chip_set_parent_state(c.outer, IRQCHIP_STATE_PENDING, true), 0);
	/* mask_ack is not there: nothing to call. */
	irq_chip_mask_ack_parent(c.outer);
	ck_assert_rec("");

	/* SKIP_SET_WAKE parents accept without a call. */
	parent_c.flags = IRQCHIP_SKIP_SET_WAKE;
	ck_assert_int_eq(irq_chip_set_wake_parent(c.outer, 1), 0);

	/* A parent without mask/unmask/ack/eoi: no crash, no call. */
	rec_chip_init(&parent_c, "p", REC_TAGGED | REC_NO_ACK | REC_NO_EOI | REC_NO_MASK, 0);
	irq_chip_ack_parent(c.outer);
	irq_chip_mask_parent(c.outer);
	irq_chip_unmask_parent(c.outer);
	irq_chip_eoi_parent(c.outer);
	irq_chip_enable_parent(c.outer);
	irq_chip_disable_parent(c.outer);
	ck_assert_rec("");

	/* A level being trimmed (ERR_PTR chip) or without chip is skipped. */
	c.parent->chip = ERR_PTR(-ENOTCONN);
	irq_chip_ack_parent(c.outer);
	ck_assert_int_eq(irq_chip_set_type_parent(c.outer, 0), -EINVAL);
	c.parent->chip = NULL;
	irq_chip_eoi_parent(c.outer);
	ck_assert_int_eq(irq_chip_get_parent_state(c.outer, IRQCHIP_STATE_PENDING, &st), 0);
	ck_assert_int_eq(irq_chip_set_parent_state(c.outer, IRQCHIP_STATE_PENDING, true), 0);
	ck_assert_int_eq(irq_chip_retrigger_hierarchy(c.outer), 0);
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
	ck_assert_rec("");
	chain_free(&c);
}
END_TEST

START_TEST(parent_helpers_without_parent)
{
	unsigned int irq = new_irq(&rec_chip_full, handle_level_irq);
	struct irq_data *d = &D(irq)->irq_data;
	unsigned int warns = irqlab_warn_count(tm);
	bool st = false;

	/* Misuse: WARN and fail instead of crashing. */
	irq_chip_ack_parent(d);
	irq_chip_mask_parent(d);
	irq_chip_mask_ack_parent(d);
	irq_chip_unmask_parent(d);
	irq_chip_eoi_parent(d);
	irq_chip_enable_parent(d);
	irq_chip_disable_parent(d);
	irq_chip_release_resources_parent(d);
	ck_assert_int_eq(irq_chip_set_affinity_parent(d, cpumask_of(0), false), -EINVAL);
	ck_assert_int_eq(irq_chip_set_type_parent(d, 0), -EINVAL);
	ck_assert_int_eq(irq_chip_set_vcpu_affinity_parent(d, NULL), -EINVAL);
	ck_assert_int_eq(irq_chip_set_wake_parent(d, 1), -EINVAL);
	ck_assert_int_eq(irq_chip_request_resources_parent(d), -EINVAL);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 13);
	/* The state helpers are "conditional success" without a parent. */
	ck_assert_int_eq(irq_chip_get_parent_state(d, IRQCHIP_STATE_PENDING, &st), 0);
	ck_assert_int_eq(irq_chip_set_parent_state(d, IRQCHIP_STATE_PENDING, true), 0);
	ck_assert_int_eq(irq_chip_retrigger_hierarchy(d), 0);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 13);
	ck_assert_rec("");
}
END_TEST

START_TEST(retrigger_hierarchy)
{
	struct chain c;

	/* The outer level's own retrigger is not used: it starts at the parent. */
	rec_chip_init(&outer_c, "o", REC_RETRIGGER | REC_TAGGED, 0);
	rec_chip_init(&parent_c, "p", REC_TAGGED, 0);
	rec_chip_init(&root_c, "r", REC_RETRIGGER | REC_TAGGED, 0);
	chain_build(&c, &outer_c, &parent_c, &root_c);

	ck_assert_int_eq(irq_chip_retrigger_hierarchy(c.outer), 1);
	ck_assert_rec("r:retrigger");
	ck_assert_ptr_eq(rec_out.last_data, c.root);
	rec_cfg.retrigger_ret = 0;
	ck_assert_int_eq(irq_chip_retrigger_hierarchy(c.outer), 0);
	ck_assert_rec("r:retrigger");

	/* Nobody above can retrigger. */
	rec_chip_init(&root_c, "r", REC_TAGGED, 0);
	ck_assert_int_eq(irq_chip_retrigger_hierarchy(c.outer), 0);
	ck_assert_rec("");
	chain_free(&c);
}
END_TEST

START_TEST(resend_through_hierarchy)
{
	struct chain c;
	struct irq_desc *desc;

	/* No retrigger at the outer level: the parent's is used. */
	rec_chip_init(&outer_c, "o", REC_TAGGED, 0);
	rec_chip_init(&parent_c, "p", REC_RETRIGGER | REC_TAGGED, 0);
	chain_build(&c, &outer_c, &parent_c, NULL);
	desc = c.desc;

	raw_spin_lock(&desc->lock);
	desc->istate |= IRQS_PENDING;
	ck_assert_int_eq(check_irq_resend(desc, false), 0);
	raw_spin_unlock(&desc->lock);
	ck_assert_rec("p:retrigger");
	ck_assert(desc->istate & IRQS_REPLAY);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);
	chain_free(&c);
}
END_TEST

START_TEST(compose_towards_root)
{
	struct chain c;
	struct msi_msg msg = { 0 };

	rec_chip_init(&outer_c, "o", REC_TAGGED, 0);
	rec_chip_init(&parent_c, "p", REC_TAGGED, 0);
	rec_chip_init(&root_c, "r", REC_MSI | REC_TAGGED, 0);
	chain_build(&c, &outer_c, &parent_c, &root_c);

	rec_cfg.msg.data = 0x55;
	ck_assert_int_eq(irq_chip_compose_msi_msg(c.outer, &msg), 0);
	ck_assert_rec("r:compose");
	ck_assert_ptr_eq(rec_out.last_data, c.root);
	ck_assert_uint_eq(msg.address_lo, 0xfee00000u);
	ck_assert_uint_eq(msg.data, 0x55);

	/* The first capable level wins, starting with the given one. */
	rec_chip_init(&parent_c, "p", REC_MSI | REC_TAGGED, 0);
	ck_assert_int_eq(irq_chip_compose_msi_msg(c.outer, &msg), 0);
	ck_assert_rec("p:compose");
	rec_chip_init(&outer_c, "o", REC_MSI | REC_TAGGED, 0);
	ck_assert_int_eq(irq_chip_compose_msi_msg(c.outer, &msg), 0);
	ck_assert_rec("o:compose");

	/* A level without chip is skipped; nobody capable: -ENOSYS. */
	rec_chip_init(&outer_c, "o", REC_TAGGED, 0);
	rec_chip_init(&parent_c, "p", REC_TAGGED, 0);
	rec_chip_init(&root_c, "r", REC_TAGGED, 0);
	c.parent->chip = NULL;
	msg.data = 0x77;
	ck_assert_int_eq(irq_chip_compose_msi_msg(c.outer, &msg), -ENOSYS);
	ck_assert_uint_eq(msg.data, 0x77);
	ck_assert_rec("");
	chain_free(&c);
}
END_TEST

START_TEST(irqchip_state_hierarchy)
{
	struct chain c;
	bool st = false;

	rec_chip_init(&outer_c, "o", REC_TAGGED, 0);
	rec_chip_init(&parent_c, "p", REC_TAGGED, 0);
	rec_chip_init(&root_c, "r", REC_STATE | REC_TAGGED, 0);
	chain_build(&c, &outer_c, &parent_c, &root_c);

	rec_cfg.state = true;
	ck_assert_int_eq(irq_get_irqchip_state(c.irq, IRQCHIP_STATE_LINE_LEVEL, &st), 0);
	ck_assert(st);
	ck_assert_int_eq(irq_set_irqchip_state(c.irq, IRQCHIP_STATE_ACTIVE, false), 0);
	ck_assert_rec("r:get_state,r:set_state");
	ck_assert_ptr_eq(rec_out.last_data, c.root);
	chain_free(&c);
}
END_TEST

/* ---- startup / shutdown / depth ----------------------------------------------- */

static void lock(struct irq_desc *desc)
{
	raw_spin_lock(&desc->lock);
}

static void unlock(struct irq_desc *desc)
{
	raw_spin_unlock(&desc->lock);
}

START_TEST(startup_plain)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct irq_desc *desc = D(irq);
	struct irq_data *d = &desc->irq_data;

	lock(desc);
	ck_assert_int_eq(irq_activate(desc), 0);
	ck_assert(irqd_is_activated(d));
	ck_assert_int_eq(irq_startup(desc, IRQ_NORESEND, IRQ_START_COND), 0);
	unlock(desc);
	/* No irq_startup/irq_enable: unmask; then the affinity is set up. */
	ck_assert_rec("unmask,set_affinity");
	ck_assert_uint_eq(desc->depth, 0);
	ck_assert(irqd_is_started(d));
	ck_assert(!irqd_irq_disabled(d));
	ck_assert(!irqd_irq_masked(d));
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);

	/* Already started: just enable again. */
	lock(desc);
	irq_disable(desc);
	ck_assert(irqd_irq_disabled(d));
	desc->depth = 1;
	ck_assert_int_eq(irq_startup(desc, IRQ_NORESEND, IRQ_START_FORCE), 0);
	unlock(desc);
	ck_assert_rec("");
	ck_assert(!irqd_irq_disabled(d));
	ck_assert_uint_eq(desc->depth, 0);
}
END_TEST

START_TEST(startup_variants)
{
	static const struct {
		unsigned int features;
		unsigned long flags;
		const char *seq;
	} v[] = {
		{ REC_STARTUP | REC_AFFINITY, 0, "startup,set_affinity" },
		{ REC_ENABLE | REC_AFFINITY, 0, "enable,set_affinity" },
		{ REC_AFFINITY, IRQCHIP_AFFINITY_PRE_STARTUP, "set_affinity,unmask" },
		{ REC_STARTUP | REC_ENABLE | REC_AFFINITY, IRQCHIP_AFFINITY_PRE_STARTUP,
		  "set_affinity,startup" },
		{ 0, 0, "unmask" },
	};
	unsigned int irq;
	struct irq_desc *desc;

	rec_chip_init(&chip_v, "v", v[_i].features, v[_i].flags);
	irq = new_irq(&chip_v, handle_edge_irq);
	desc = D(irq);
	rec_cfg.startup_ret = 7;
	lock(desc);
	irq_activate(desc);
	ck_assert_int_eq(irq_startup(desc, IRQ_NORESEND, IRQ_START_COND),
			 (v[_i].features & REC_STARTUP) ? 7 : 0);
	unlock(desc);
	ck_assert_rec(v[_i].seq);
	ck_assert(irqd_is_started(&desc->irq_data));
	ck_assert(!irqd_irq_disabled(&desc->irq_data));
	ck_assert(!irqd_irq_masked(&desc->irq_data));
	ck_assert_uint_eq(desc->depth, 0);
}
END_TEST

START_TEST(startup_resends_pending)
{
	unsigned int irq;
	struct irq_desc *desc;

	rec_chip_init(&chip_v, "v", REC_RETRIGGER, 0);
	irq = new_irq(&chip_v, handle_edge_irq);
	desc = D(irq);
	lock(desc);
	irq_activate(desc);
	desc->istate |= IRQS_PENDING;
	irq_startup(desc, IRQ_RESEND, IRQ_START_COND);
	unlock(desc);
	ck_assert_rec("unmask,retrigger");
	ck_assert(desc->istate & IRQS_REPLAY);
}
END_TEST

/* A fake domain whose activation fails (the ops are all the core calls). */
static int fail_activate(struct irq_domain *d, struct irq_data *irqd, bool reserve)
{
	rec_note("activate");
	return -ENOSPC;
}
static int ok_activate(struct irq_domain *d, struct irq_data *irqd, bool reserve)
{
	rec_note("activate");
	return 0;
}
static const struct irq_domain_ops fail_ops = { .activate = fail_activate };
static const struct irq_domain_ops ok_ops = { .activate = ok_activate };
static struct irq_domain fake_dom;

START_TEST(startup_not_activated_warns)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct irq_desc *desc = D(irq);
	unsigned int warns = irqlab_warn_count(tm);

	fake_dom.ops = &ok_ops;
	desc->irq_data.domain = &fake_dom;
	lock(desc);
	/* A domain irq started before activation: WARN, but it starts. */
	irq_startup(desc, IRQ_NORESEND, IRQ_START_COND);
	unlock(desc);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert(irqd_is_started(&desc->irq_data));
	ck_assert_rec("unmask,set_affinity");
	desc->irq_data.domain = NULL;
}
END_TEST

START_TEST(activate_and_startup)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct irq_desc *desc = D(irq);
	unsigned int warns = irqlab_warn_count(tm);

	fake_dom.ops = &fail_ops;
	desc->irq_data.domain = &fake_dom;
	lock(desc);
	ck_assert_int_eq(irq_activate(desc), -ENOSPC);
	/* Activation failure: WARN, not started. */
	ck_assert_int_eq(irq_activate_and_startup(desc, IRQ_NORESEND), 0);
	unlock(desc);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert(!irqd_is_started(&desc->irq_data));
	ck_assert(!irqd_is_activated(&desc->irq_data));
	ck_assert_rec("activate,activate");

	fake_dom.ops = &ok_ops;
	lock(desc);
	ck_assert_int_eq(irq_activate_and_startup(desc, IRQ_NORESEND), 0);
	unlock(desc);
	ck_assert_rec("activate,unmask,set_affinity");
	ck_assert(irqd_is_started(&desc->irq_data));
	ck_assert(irqd_is_activated(&desc->irq_data));

	/* Shutdown and deactivate. */
	lock(desc);
	irq_shutdown_and_deactivate(desc);
	unlock(desc);
	ck_assert(!irqd_is_started(&desc->irq_data));
	ck_assert(!irqd_is_activated(&desc->irq_data));
	ck_assert_rec("mask");
	desc->irq_data.domain = NULL;
}
END_TEST

START_TEST(shutdown_depth)
{
	struct irqlab_machine_config cfg = { 0 };
	unsigned int irq;
	struct irq_desc *desc;
	struct rec_action a;

	/* _i == 0: v6.16 (depth++); _i == 1: v6.6 (depth = 1). */
	if (_i) {
		tm_destroy();
		cfg.kernel_version = KERNEL_VERSION(6, 6, 0);
		tm_create(&cfg);
	}
	irq = new_irq(&rec_chip, handle_edge_irq);
	desc = D(irq);
	rec_action_init(&a, IRQ_HANDLED);
	req(irq, &a, 0);

	/* Not a nested disable yet: depth 0 → 1 either way. */
	lock(desc);
	irq_shutdown(desc);
	unlock(desc);
	ck_assert_rec("mask");
	ck_assert_uint_eq(desc->depth, 1);
	ck_assert(!irqd_is_started(&desc->irq_data));
	ck_assert(irqd_irq_disabled(&desc->irq_data));
	ck_assert(irqd_irq_masked(&desc->irq_data));

	/* Shutting down a shut down irq does nothing. */
	lock(desc);
	irq_shutdown(desc);
	unlock(desc);
	ck_assert_uint_eq(desc->depth, 1);
	ck_assert_rec("");

	/* Restart, disable twice, shut down. */
	lock(desc);
	irq_startup(desc, IRQ_NORESEND, IRQ_START_COND);
	unlock(desc);
	disable_irq_nosync(irq);
	disable_irq_nosync(irq);
	rec_clear();
	lock(desc);
	irq_shutdown(desc);
	unlock(desc);
	ck_assert_uint_eq(desc->depth, _i ? 1 : 3);
	/* Already disabled (lazily): the shutdown masks it. */
	ck_assert_rec("mask");
}
END_TEST

START_TEST(shutdown_chip_callback)
{
	unsigned int irq;
	struct irq_desc *desc;
	struct rec_action a;

	rec_chip_init(&chip_v, "v", REC_SHUTDOWN | REC_DISABLE | REC_AFFINITY, 0);
	irq = new_irq(&chip_v, handle_edge_irq);
	desc = D(irq);
	rec_action_init(&a, IRQ_HANDLED);
	req(irq, &a, 0);

	/* A queued software resend is dropped by the shutdown. */
	lock(desc);
	ck_assert_int_eq(check_irq_resend(desc, true), 0);
	irq_shutdown(desc);
	unlock(desc);
	ck_assert_rec("shutdown");
	ck_assert(irqd_irq_disabled(&desc->irq_data));
	ck_assert(irqd_irq_masked(&desc->irq_data));
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);
}
END_TEST

START_TEST(shutdown_with_irq_disable)
{
	unsigned int irq;
	struct irq_desc *desc;
	struct rec_action a;

	rec_chip_init(&chip_v, "v", REC_DISABLE | REC_AFFINITY, 0);
	irq = new_irq(&chip_v, handle_edge_irq);
	desc = D(irq);
	rec_action_init(&a, IRQ_HANDLED);
	req(irq, &a, 0);
	lock(desc);
	irq_shutdown(desc);
	unlock(desc);
	ck_assert_rec("disable");
	ck_assert(irqd_irq_masked(&desc->irq_data));
}
END_TEST

static unsigned int managed_irq(unsigned int cpu)
{
	struct irq_affinity_desc aff;
	cpumask_var_t m;
	int irq;

	ck_assert(zalloc_cpumask_var(&m, GFP_KERNEL));
	cpumask_set_cpu(cpu, m);
	aff.mask = m;
	aff.is_managed = 1;
	irq = __irq_alloc_descs(-1, 1, 1, NUMA_NO_NODE, &aff);
	free_cpumask_var(m);
	ck_assert_int_gt(irq, 0);
	irq_set_chip_and_handler(irq, &rec_chip, handle_edge_irq);
	ck_assert(irqd_affinity_is_managed(&D(irq)->irq_data));
	ck_assert(irqd_is_managed_and_shutdown(&D(irq)->irq_data));
	return (unsigned int)irq;
}

START_TEST(managed_startup_abort)
{
	unsigned int irq = managed_irq(3);
	struct irq_desc *desc = D(irq);
	struct irq_data *d = &desc->irq_data;
	unsigned int warns = irqlab_warn_count(tm);

	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, false), 0);
	lock(desc);
	/* Managed irqs are activated at startup, not before. */
	ck_assert_int_eq(irq_activate(desc), 0);
	ck_assert(!irqd_is_activated(d));
	ck_assert_int_eq(irq_startup(desc, IRQ_RESEND, IRQ_START_COND), 0);
	unlock(desc);
	/* No online CPU in the affinity: not started, depth 1, managed shutdown. */
	ck_assert_rec("");
	ck_assert(!irqd_is_started(d));
	ck_assert(!irqd_is_activated(d));
	ck_assert(irqd_is_managed_and_shutdown(d));
	ck_assert_uint_eq(desc->depth, 1);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns);

	/* Forced (enable_irq()) on such an irq: the same, with a WARN. */
	lock(desc);
	ck_assert_int_eq(irq_startup(desc, IRQ_RESEND, IRQ_START_FORCE), 0);
	unlock(desc);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_uint_eq(desc->depth, 1);
	ck_assert(!irqd_is_started(d));

	/* The CPU comes back: hotplug restarts it. */
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, true), 0);
	lock(desc);
	irq_startup_managed(desc);
	unlock(desc);
	ck_assert_rec("set_affinity,unmask");
	ck_assert_str_eq(rec_out.affinity, "3");
	ck_assert(irqd_is_started(d));
	ck_assert(irqd_is_activated(d));
	ck_assert(!irqd_is_managed_and_shutdown(d));
	ck_assert_uint_eq(desc->depth, 0);
}
END_TEST

START_TEST(managed_startup_keeps_driver_disable)
{
	struct irqlab_machine_config cfg = { 0 };
	unsigned int irq;
	struct irq_desc *desc;
	struct irq_data *d;
	struct rec_action a;

	if (_i) {
		tm_destroy();
		cfg.kernel_version = KERNEL_VERSION(6, 15, 0);
		tm_create(&cfg);
	}
	irq = managed_irq(2);
	desc = D(irq);
	d = &desc->irq_data;
	rec_action_init(&a, IRQ_HANDLED);
	req(irq, &a, 0);
	ck_assert(irqd_is_started(d));

	/* The driver disables it, then its only CPU goes away. */
	disable_irq_nosync(irq);
	lock(desc);
	irqd_set_managed_shutdown(d);
	irq_shutdown_and_deactivate(desc);
	unlock(desc);
	ck_assert_uint_eq(desc->depth, _i ? 1 : 2);

	/* The CPU is back. */
	lock(desc);
	irq_startup_managed(desc);
	unlock(desc);
	if (!_i) {
		/* v6.16: still disabled by the driver, not restarted. */
		ck_assert_uint_eq(desc->depth, 1);
		ck_assert(!irqd_is_started(d));
		ck_assert(!irqd_is_managed_and_shutdown(d));
		enable_irq(irq);
		ck_assert(irqd_is_started(d));
	} else {
		/* Older kernels: restarted regardless (the bug 6.16 fixed). */
		ck_assert_uint_eq(desc->depth, 0);
		ck_assert(irqd_is_started(d));
	}
	ck_assert_uint_eq(desc->depth, 0);
}
END_TEST

START_TEST(managed_startup_unbalanced)
{
	unsigned int irq = managed_irq(0);
	struct irq_desc *desc = D(irq);
	unsigned int warns = irqlab_warn_count(tm);

	desc->depth = 0;
	lock(desc);
	irq_startup_managed(desc);
	unlock(desc);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_uint_eq(desc->depth, 0);
}
END_TEST

START_TEST(managed_activate_fails)
{
	unsigned int irq = managed_irq(1);
	struct irq_desc *desc = D(irq);
	unsigned int warns = irqlab_warn_count(tm);

	fake_dom.ops = &fail_ops;
	desc->irq_data.domain = &fake_dom;
	lock(desc);
	ck_assert_int_eq(irq_startup(desc, IRQ_NORESEND, IRQ_START_COND), 0);
	unlock(desc);
	/* Managed irqs reserved their resources: a failure WARNs and aborts. */
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_rec("activate");
	ck_assert(!irqd_is_started(&desc->irq_data));
	ck_assert(irqd_is_managed_and_shutdown(&desc->irq_data));
	ck_assert_uint_eq(desc->depth, 1);
	desc->irq_data.domain = NULL;
}
END_TEST

START_TEST(enable_disable_mask)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct irq_desc *desc = D(irq);
	struct irq_data *d = &desc->irq_data;

	lock(desc);
	/* Fresh: disabled and masked.  Enable unmasks (no irq_enable). */
	irq_enable(desc);
	ck_assert_rec("unmask");
	ck_assert(!irqd_irq_disabled(d));
	/* Enabled and unmasked: nothing to do. */
	irq_enable(desc);
	ck_assert_rec("");
	/* Lazy disable: state only. */
	irq_disable(desc);
	ck_assert_rec("");
	ck_assert(irqd_irq_disabled(d));
	ck_assert(!irqd_irq_masked(d));
	irq_disable(desc);
	ck_assert_rec("");
	irq_enable(desc);
	ck_assert_rec("");
	/* Unlazy: masks at once. */
	desc->status_use_accessors |= IRQ_DISABLE_UNLAZY;
	irq_disable(desc);
	ck_assert_rec("mask");
	ck_assert(irqd_irq_masked(d));
	/* Already disabled: unlazy still masks (already masked: no call). */
	irq_disable(desc);
	ck_assert_rec("");
	irq_enable(desc);
	ck_assert_rec("unmask");
	/* Enabled but masked: enable unmasks. */
	mask_irq(desc);
	mask_irq(desc);
	ck_assert_rec("mask");
	irq_enable(desc);
	unmask_irq(desc);
	ck_assert_rec("unmask");
	unlock(desc);
}
END_TEST

START_TEST(enable_disable_chip_callbacks)
{
	unsigned int irq;
	struct irq_desc *desc;
	struct irq_data *d;

	rec_chip_init(&chip_v, "v", REC_ENABLE | REC_DISABLE, 0);
	irq = new_irq(&chip_v, handle_edge_irq);
	desc = D(irq);
	d = &desc->irq_data;
	lock(desc);
	irq_enable(desc);
	ck_assert_rec("enable");
	ck_assert(!irqd_irq_masked(d));
	irq_disable(desc);
	ck_assert_rec("disable");
	ck_assert(irqd_irq_masked(d));
	ck_assert(irqd_irq_disabled(d));

	irq_percpu_enable(desc, 1);
	irq_percpu_disable(desc, 1);
	ck_assert_rec("enable,disable");
	unlock(desc);
}
END_TEST

START_TEST(no_mask_chip)
{
	unsigned int irq;
	struct irq_desc *desc;

	rec_chip_init(&chip_v, "v", REC_NO_MASK, 0);
	irq = new_irq(&chip_v, handle_edge_irq);
	desc = D(irq);
	lock(desc);
	/* Without mask/unmask callbacks the masked state cannot change. */
	unmask_irq(desc);
	ck_assert(irqd_irq_masked(&desc->irq_data));
	irqd_clear(&desc->irq_data, IRQD_IRQ_MASKED);
	mask_irq(desc);
	ck_assert(!irqd_irq_masked(&desc->irq_data));
	irq_percpu_enable(desc, 0);
	irq_percpu_disable(desc, 0);
	unlock(desc);
	ck_assert_rec("");
}
END_TEST

START_TEST(percpu_enable_disable)
{
	unsigned int irq = new_irq(&rec_chip, handle_percpu_irq);
	struct irq_desc *desc = D(irq);

	irq_percpu_enable(desc, 2);
	irq_percpu_disable(desc, 2);
	/* Per-CPU enable/disable always reach the chip (no state check). */
	irq_percpu_disable(desc, 2);
	ck_assert_rec("unmask,mask,mask");
}
END_TEST

START_TEST(unmask_threaded)
{
	unsigned int irq = new_irq(&rec_chip, handle_fasteoi_irq);
	unsigned int irq2;
	struct irq_desc *desc = D(irq);

	lock(desc);
	unmask_threaded_irq(desc);
	unlock(desc);
	ck_assert_rec("unmask");

	rec_chip_init(&chip_v, "v", REC_NO_EOI, IRQCHIP_EOI_THREADED);
	irq2 = new_irq(&chip_v, handle_fasteoi_irq);
	lock(D(irq2));
	unmask_threaded_irq(D(irq2));
	unlock(D(irq2));
	ck_assert_rec("unmask");

	rec_chip_init(&chip_v, "v", 0, IRQCHIP_EOI_THREADED);
	irqd_set(&D(irq2)->irq_data, IRQD_IRQ_MASKED);
	lock(D(irq2));
	unmask_threaded_irq(D(irq2));
	unlock(D(irq2));
	ck_assert_rec("eoi,unmask");
}
END_TEST

/* ---- spurious detection ------------------------------------------------- */

START_TEST(spurious_nobody_cared)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct irq_desc *desc = D(irq);
	struct rec_action a;
	char msg[128];
	unsigned int i;

	rec_action_init(&a, IRQ_NONE);
	req(irq, &a, 0);
	ck_assert_uint_eq(desc->depth, 0);

	for (i = 0; i < 99999; i++)
		note_interrupt(desc, IRQ_NONE);
	ck_assert_uint_eq(desc->irq_count, 99999);
	ck_assert_uint_eq(desc->irqs_unhandled, 99999);
	ck_assert_no_log("nobody cared");

	note_interrupt(desc, IRQ_NONE);
	snprintf(msg, sizeof(msg),
		 "irq %u: nobody cared (try booting with the \"irqpoll\" option)", irq);
	ck_assert_log(msg);
	ck_assert_log("handlers:");
	ck_assert_log("] rec");
	snprintf(msg, sizeof(msg), "Disabling IRQ #%u", irq);
	ck_assert_log(msg);
	ck_assert(desc->istate & IRQS_SPURIOUS_DISABLED);
	ck_assert_uint_eq(desc->depth, 1);
	ck_assert(irqd_irq_disabled(&desc->irq_data));
	ck_assert_uint_eq(desc->irq_count, 0);
	ck_assert_uint_eq(desc->irqs_unhandled, 0);
}
END_TEST

START_TEST(spurious_mostly_handled)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct irq_desc *desc = D(irq);
	unsigned int i;

	/* Handled interrupts are not even counted until one goes unhandled. */
	for (i = 0; i < 10; i++)
		note_interrupt(desc, IRQ_HANDLED);
	ck_assert_uint_eq(desc->irq_count, 0);

	/* 99,900 of 100,000 unhandled is still fine. */
	for (i = 0; i < 99900; i++)
		note_interrupt(desc, IRQ_NONE);
	for (i = 0; i < 100; i++)
		note_interrupt(desc, IRQ_HANDLED);
	ck_assert_uint_eq(desc->irq_count, 0);
	ck_assert_uint_eq(desc->irqs_unhandled, 0);
	ck_assert(!(desc->istate & IRQS_SPURIOUS_DISABLED));
	ck_assert_no_log("nobody cared");
}
END_TEST

START_TEST(spurious_time_window)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct irq_desc *desc = D(irq);

	irqlab_clock_advance(tm, 1000000000ULL);
	note_interrupt(desc, IRQ_NONE);
	note_interrupt(desc, IRQ_NONE);
	ck_assert_uint_eq(desc->irqs_unhandled, 2);
	ck_assert_uint_eq(desc->last_unhandled, irqlab_jiffies(tm));
	/* Within HZ/10: keeps counting. */
	irqlab_clock_advance(tm, 50000000ULL);
	note_interrupt(desc, IRQ_NONE);
	ck_assert_uint_eq(desc->irqs_unhandled, 3);
	/* An odd one much later starts over. */
	irqlab_clock_advance(tm, 200000000ULL);
	note_interrupt(desc, IRQ_NONE);
	ck_assert_uint_eq(desc->irqs_unhandled, 1);
	ck_assert_uint_eq(desc->last_unhandled, irqlab_jiffies(tm));
	ck_assert_uint_eq(desc->irq_count, 4);
}
END_TEST

START_TEST(spurious_bogus_and_polled)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct irq_desc *desc = D(irq);
	struct rec_action a;
	char msg[128];

	rec_action_init(&a, IRQ_HANDLED);
	ck_assert_int_eq(request_threaded_irq(irq, rec_handler, rec_thread_fn, 0, "thr", &a),
			 0);
	note_interrupt(desc, (irqreturn_t)4);
	snprintf(msg, sizeof(msg), "irq event %u: bogus return value 4", irq);
	ck_assert_log(msg);
	ck_assert_log("] thr threaded [<");
	ck_assert_uint_eq(desc->irqs_unhandled, 0);
	ck_assert_uint_eq(desc->irq_count, 0);

	/* Polled lines are not accounted. */
	irq_set_status_flags(irq, IRQ_IS_POLLED);
	note_interrupt(desc, IRQ_NONE);
	ck_assert_uint_eq(desc->irqs_unhandled, 0);
	irq_clear_status_flags(irq, IRQ_IS_POLLED);
	desc->istate |= IRQS_POLL_INPROGRESS;
	note_interrupt(desc, IRQ_NONE);
	ck_assert_uint_eq(desc->irqs_unhandled, 0);
	desc->istate &= ~IRQS_POLL_INPROGRESS;
	note_interrupt(desc, IRQ_NONE);
	ck_assert_uint_eq(desc->irqs_unhandled, 1);
}
END_TEST

START_TEST(spurious_threaded_deferral)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct irq_desc *desc = D(irq);

	/* Only a thread woken: the verdict waits for the next interrupt. */
	note_interrupt(desc, IRQ_WAKE_THREAD);
	ck_assert_uint_eq(desc->irq_count, 0);
	ck_assert_uint_eq(desc->threads_handled_last, 0x80000000u);
	/* The thread did not handle it: counted as unhandled. */
	note_interrupt(desc, IRQ_WAKE_THREAD);
	ck_assert_uint_eq(desc->irqs_unhandled, 1);
	ck_assert_uint_eq(desc->irq_count, 1);
	/* Now it handled one: counted as handled. */
	desc->threads_handled++;
	note_interrupt(desc, IRQ_WAKE_THREAD);
	ck_assert_uint_eq(desc->irqs_unhandled, 1);
	ck_assert_uint_eq(desc->irq_count, 2);
	ck_assert_uint_eq(desc->threads_handled_last, 0x80000001u);
	/* A primary handled it: the deferred check is dropped. */
	note_interrupt(desc, IRQ_HANDLED | IRQ_WAKE_THREAD);
	ck_assert_uint_eq(desc->threads_handled_last, 1);
	ck_assert_uint_eq(desc->irq_count, 3);
}
END_TEST

/* ---- deferred affinity moves (migration.c) ----------------------------- */

static void set_pending(struct irq_desc *desc, const char *list)
{
	ck_assert_int_eq(cpulist_parse(list, desc->pending_mask), 0);
	irqd_set_move_pending(&desc->irq_data);
}

START_TEST(move_irq_applies_pending)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct irq_desc *desc = D(irq);
	struct irq_data *d = &desc->irq_data;
	struct rec_action a;
	char buf[32];

	rec_action_init(&a, IRQ_HANDLED);
	req(irq, &a, 0);

	lock(desc);
	/* Nothing pending: nothing happens. */
	irq_move_irq(d);
	irq_move_masked_irq(d);
	ck_assert_rec("");

	set_pending(desc, "2-3");
	irq_move_irq(d);
	unlock(desc);
	/* Masked around the move, since it was unmasked. */
	ck_assert_rec("mask,set_affinity,unmask");
	ck_assert_str_eq(rec_out.affinity, "2-3");
	ck_assert(!irqd_is_setaffinity_pending(d));
	ck_assert(cpumask_empty(desc->pending_mask));
	irqlab_cpumask_snprint(buf, sizeof(buf), irq_data_get_affinity_mask(d), true);
	ck_assert_str_eq(buf, "2-3");
	/* irq_move_irq() calls the chip directly: the masked state is untouched. */
	ck_assert(!irqd_irq_masked(d));

	/* Already masked: no extra mask/unmask. */
	lock(desc);
	mask_irq(desc);
	rec_clear();
	set_pending(desc, "1");
	irq_move_irq(d);
	unlock(desc);
	ck_assert_rec("set_affinity");
	ck_assert_str_eq(rec_out.affinity, "1");
}
END_TEST

START_TEST(move_irq_corner_cases)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct irq_desc *desc = D(irq);
	struct irq_data *d = &desc->irq_data;
	unsigned int warns = irqlab_warn_count(tm);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	req(irq, &a, 0);
	lock(desc);

	/* Disabled: the move waits. */
	irq_disable(desc);
	set_pending(desc, "2");
	irq_move_irq(d);
	ck_assert(irqd_is_setaffinity_pending(d));
	ck_assert_rec("");
	irq_enable(desc);

	/* Only offline targets: dropped without a chip call. */
	unlock(desc);
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 2, false), 0);
	lock(desc);
	irq_move_irq(d);
	ck_assert_rec("mask,unmask");
	ck_assert(!irqd_is_setaffinity_pending(d));
	ck_assert(cpumask_empty(desc->pending_mask));

	/* The chip is busy (vector cleanup pending): retried next time. */
	rec_cfg.set_affinity_ret = -EBUSY;
	set_pending(desc, "1");
	irq_move_masked_irq(d);
	ck_assert_rec("set_affinity");
	ck_assert(irqd_is_setaffinity_pending(d));
	ck_assert(cpumask_test_cpu(1, desc->pending_mask));
	rec_cfg.set_affinity_ret = IRQ_SET_MASK_OK;
	irq_move_masked_irq(d);
	ck_assert_rec("set_affinity");
	ck_assert(!irqd_is_setaffinity_pending(d));

	/* An empty pending mask: just the flag goes. */
	cpumask_clear(desc->pending_mask);
	irqd_set_move_pending(d);
	irq_move_masked_irq(d);
	ck_assert(!irqd_is_setaffinity_pending(d));
	ck_assert_rec("");

	/* Per-CPU irqs never move. */
	irqd_set(d, IRQD_PER_CPU);
	set_pending(desc, "1");
	irq_move_masked_irq(d);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert(!irqd_is_setaffinity_pending(d));
	irqd_clear(d, IRQD_PER_CPU);
	ck_assert_rec("");
	unlock(desc);
}
END_TEST

START_TEST(move_irq_chip_without_callbacks)
{
	unsigned int irq;
	struct irq_desc *desc;
	struct irq_data *d;

	/* No irq_set_affinity, no mask/unmask. */
	rec_chip_init(&chip_v, "v", REC_NO_MASK, 0);
	irq = new_irq(&chip_v, handle_edge_irq);
	desc = D(irq);
	d = &desc->irq_data;
	lock(desc);
	irq_enable(desc);
	irqd_clear(d, IRQD_IRQ_MASKED);
	set_pending(desc, "1");
	irq_move_irq(d);
	unlock(desc);
	ck_assert(!irqd_is_setaffinity_pending(d));
	/* The pending mask is kept: nobody could apply it. */
	ck_assert(cpumask_test_cpu(1, desc->pending_mask));
	ck_assert_rec("");
}
END_TEST

START_TEST(fixup_move_pending)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct irq_desc *desc = D(irq);
	struct irq_data *d = &desc->irq_data;

	ck_assert(!irq_fixup_move_pending(desc, true));

	set_pending(desc, "1,3");
	ck_assert(irq_fixup_move_pending(desc, false));
	ck_assert(irqd_is_setaffinity_pending(d));
	ck_assert(irq_fixup_move_pending(desc, true));
	ck_assert(!irqd_is_setaffinity_pending(d));

	/* The dying CPU was the last target of the move: dropped. */
	set_pending(desc, "3");
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, false), 0);
	ck_assert(!irq_fixup_move_pending(desc, false));
	ck_assert(!irqd_is_setaffinity_pending(d));
}
END_TEST

static Suite *chip_suite(void)
{
	Suite *s = suite_create("chip");
	TCase *tc;

	tc = tcase_create("api");
	tcase_add_checked_fixture(tc, rec_setup, rec_teardown);
	tcase_add_test(tc, bad_irq_numbers);
	tcase_add_test(tc, chip_and_data);
	tcase_add_test(tc, set_irq_type);
	tcase_add_test(tc, set_irq_type_no_callback);
	tcase_add_test(tc, set_irq_type_masked);
	tcase_add_test(tc, set_handler);
	tcase_add_test(tc, set_handler_no_chip);
	tcase_add_test(tc, set_handler_hierarchy);
	tcase_add_test(tc, set_handler_chained);
	tcase_add_test(tc, set_handler_chained_no_type);
	tcase_add_test(tc, modify_status);
	tcase_add_test(tc, irqchip_state);
	suite_add_tcase(s, tc);

	tc = tcase_create("hierarchy");
	tcase_add_checked_fixture(tc, rec_setup, rec_teardown);
	tcase_add_test(tc, parent_helpers);
	tcase_add_test(tc, parent_helpers_missing_callbacks);
	tcase_add_test(tc, parent_helpers_without_parent);
	tcase_add_test(tc, retrigger_hierarchy);
	tcase_add_test(tc, resend_through_hierarchy);
	tcase_add_test(tc, compose_towards_root);
	tcase_add_test(tc, irqchip_state_hierarchy);
	suite_add_tcase(s, tc);

	tc = tcase_create("startup");
	tcase_add_checked_fixture(tc, rec_setup, rec_teardown);
	tcase_add_test(tc, startup_plain);
	tcase_add_loop_test(tc, startup_variants, 0, 5);
	tcase_add_test(tc, startup_resends_pending);
	tcase_add_test(tc, startup_not_activated_warns);
	tcase_add_test(tc, activate_and_startup);
	tcase_add_loop_test(tc, shutdown_depth, 0, 2);
	tcase_add_test(tc, shutdown_chip_callback);
	tcase_add_test(tc, shutdown_with_irq_disable);
	tcase_add_test(tc, managed_startup_abort);
	tcase_add_loop_test(tc, managed_startup_keeps_driver_disable, 0, 2);
	tcase_add_test(tc, managed_startup_unbalanced);
	tcase_add_test(tc, managed_activate_fails);
	tcase_add_test(tc, enable_disable_mask);
	tcase_add_test(tc, enable_disable_chip_callbacks);
	tcase_add_test(tc, no_mask_chip);
	tcase_add_test(tc, percpu_enable_disable);
	tcase_add_test(tc, unmask_threaded);
	suite_add_tcase(s, tc);

	tc = tcase_create("spurious");
	tcase_add_checked_fixture(tc, rec_setup, rec_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, spurious_nobody_cared);
	tcase_add_test(tc, spurious_mostly_handled);
	tcase_add_test(tc, spurious_time_window);
	tcase_add_test(tc, spurious_bogus_and_polled);
	tcase_add_test(tc, spurious_threaded_deferral);
	suite_add_tcase(s, tc);

	tc = tcase_create("migration");
	tcase_add_checked_fixture(tc, rec_setup, rec_teardown);
	tcase_add_test(tc, move_irq_applies_pending);
	tcase_add_test(tc, move_irq_corner_cases);
	tcase_add_test(tc, move_irq_chip_without_callbacks);
	tcase_add_test(tc, fixup_move_pending);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(chip_suite());
}
