// SPDX-License-Identifier: MIT
/* The recording test chip and action handler; see recchip.h. */
#include "recchip.h"

#include <stdio.h>

#define REC_LOG_MAX 8192
#define REC_MAX_TAGGED 32

static char rec_log[REC_LOG_MAX];
static size_t rec_len;
static const struct irq_chip *tagged[REC_MAX_TAGGED];
static unsigned int nr_tagged;

struct rec_config rec_cfg;
struct rec_output rec_out;

static const struct rec_config rec_cfg_default = {
	.retrigger_ret = 1,
	.msg = { .address_lo = 0xfee00000u, .address_hi = 0, .data = 0x41 },
};

void rec_reset(void)
{
	rec_clear();
	rec_cfg = rec_cfg_default;
	memset(&rec_out, 0, sizeof(rec_out));
}

void rec_clear(void)
{
	rec_len = 0;
	rec_log[0] = '\0';
}

const char *rec_log_str(void)
{
	return rec_log;
}

void rec_note(const char *entry)
{
	int n = snprintf(rec_log + rec_len, sizeof(rec_log) - rec_len, "%s%s",
			 rec_len ? "," : "", entry);

	ck_assert_msg(n > 0 && (size_t)n < sizeof(rec_log) - rec_len,
		      "recchip log overflow");
	rec_len += (size_t)n;
}

unsigned int rec_count(const char *op)
{
	size_t len = strlen(op);
	unsigned int n = 0;
	const char *p = rec_log;

	while (*p) {
		const char *end = strchr(p, ',');
		size_t elen = end ? (size_t)(end - p) : strlen(p);

		if (elen == len && !strncmp(p, op, len))
			n++;
		p += elen;
		if (*p == ',')
			p++;
	}
	return n;
}

void rec_setup(void)
{
	tm_setup();
	rec_reset();
}

void rec_teardown(void)
{
	tm_teardown();
}

static bool is_tagged(const struct irq_chip *chip)
{
	unsigned int i;

	for (i = 0; i < nr_tagged; i++) {
		if (tagged[i] == chip)
			return true;
	}
	return false;
}

static void rec(struct irq_data *d, const char *op)
{
	char buf[96];

	rec_out.last_data = d;
	if (d->chip && is_tagged(d->chip)) {
		snprintf(buf, sizeof(buf), "%s:%s", d->chip->name, op);
		rec_note(buf);
	} else {
		rec_note(op);
	}
}

/* ---- callbacks ------------------------------------------------------- */

static unsigned int rec_startup(struct irq_data *d)
{
	rec(d, "startup");
	return rec_cfg.startup_ret;
}

#define REC_VOID(name)                                   \
	static void rec_##name(struct irq_data *d)       \
	{                                                \
		rec(d, #name);                           \
	}
REC_VOID(shutdown)
REC_VOID(enable)
REC_VOID(disable)
REC_VOID(ack)
REC_VOID(mask)
REC_VOID(mask_ack)
REC_VOID(unmask)
REC_VOID(eoi)
REC_VOID(bus_lock)
REC_VOID(bus_sync_unlock)
REC_VOID(release_resources)
#undef REC_VOID

static int rec_set_affinity(struct irq_data *d, const struct cpumask *dest, bool force)
{
	rec(d, "set_affinity");
	irqlab_cpumask_snprint(rec_out.affinity, sizeof(rec_out.affinity), dest, true);
	rec_out.force = force;
	if (!rec_cfg.set_affinity_no_eff && rec_cfg.set_affinity_ret >= 0)
		irq_data_update_effective_affinity(d, dest);
	return rec_cfg.set_affinity_ret;
}

static int rec_retrigger(struct irq_data *d)
{
	rec(d, "retrigger");
	return rec_cfg.retrigger_ret;
}

static int rec_set_type(struct irq_data *d, unsigned int type)
{
	rec(d, "set_type");
	rec_out.type = type;
	return rec_cfg.set_type_ret;
}

static int rec_set_wake(struct irq_data *d, unsigned int on)
{
	rec(d, "set_wake");
	rec_out.wake_on = on;
	return rec_cfg.set_wake_ret;
}

static int rec_request_resources(struct irq_data *d)
{
	rec(d, "request_resources");
	return rec_cfg.request_resources_ret;
}

static void rec_compose(struct irq_data *d, struct msi_msg *msg)
{
	rec(d, "compose");
	*msg = rec_cfg.msg;
}

static void rec_write_msi(struct irq_data *d, struct msi_msg *msg)
{
	rec(d, "write_msi");
	rec_out.written = *msg;
}

static int rec_get_state(struct irq_data *d, enum irqchip_irq_state which, bool *state)
{
	rec(d, "get_state");
	rec_out.which = which;
	if (!rec_cfg.get_state_ret)
		*state = rec_cfg.state;
	return rec_cfg.get_state_ret;
}

static int rec_set_state(struct irq_data *d, enum irqchip_irq_state which, bool val)
{
	rec(d, "set_state");
	rec_out.which = which;
	rec_out.state_val = val;
	return rec_cfg.set_state_ret;
}

static int rec_set_vcpu(struct irq_data *d, void *vcpu)
{
	rec(d, "set_vcpu_affinity");
	rec_out.vcpu = vcpu;
	return rec_cfg.set_vcpu_ret;
}

#define REC_CHIP(nm, f, fl)                                                        \
	{                                                                          \
		.name = nm,                                                        \
		.irq_startup = ((f) & REC_STARTUP) ? rec_startup : NULL,           \
		.irq_shutdown = ((f) & REC_SHUTDOWN) ? rec_shutdown : NULL,        \
		.irq_enable = ((f) & REC_ENABLE) ? rec_enable : NULL,              \
		.irq_disable = ((f) & REC_DISABLE) ? rec_disable : NULL,           \
		.irq_ack = ((f) & REC_NO_ACK) ? NULL : rec_ack,                    \
		.irq_mask = ((f) & REC_NO_MASK) ? NULL : rec_mask,                 \
		.irq_mask_ack = ((f) & REC_MASK_ACK) ? rec_mask_ack : NULL,        \
		.irq_unmask = ((f) & REC_NO_MASK) ? NULL : rec_unmask,             \
		.irq_eoi = ((f) & REC_NO_EOI) ? NULL : rec_eoi,                    \
		.irq_set_affinity = ((f) & REC_AFFINITY) ? rec_set_affinity : NULL, \
		.irq_retrigger = ((f) & REC_RETRIGGER) ? rec_retrigger : NULL,     \
		.irq_set_type = ((f) & REC_SET_TYPE) ? rec_set_type : NULL,        \
		.irq_set_wake = ((f) & REC_WAKE) ? rec_set_wake : NULL,            \
		.irq_bus_lock = ((f) & REC_BUS_LOCK) ? rec_bus_lock : NULL,        \
		.irq_bus_sync_unlock =                                             \
			((f) & REC_BUS_LOCK) ? rec_bus_sync_unlock : NULL,         \
		.irq_request_resources =                                           \
			((f) & REC_RESOURCES) ? rec_request_resources : NULL,      \
		.irq_release_resources =                                           \
			((f) & REC_RESOURCES) ? rec_release_resources : NULL,      \
		.irq_compose_msi_msg = ((f) & REC_MSI) ? rec_compose : NULL,       \
		.irq_write_msi_msg = ((f) & REC_MSI) ? rec_write_msi : NULL,       \
		.irq_get_irqchip_state = ((f) & REC_STATE) ? rec_get_state : NULL, \
		.irq_set_irqchip_state = ((f) & REC_STATE) ? rec_set_state : NULL, \
		.irq_set_vcpu_affinity = ((f) & REC_VCPU) ? rec_set_vcpu : NULL,   \
		.flags = (fl),                                                     \
	}

const struct irq_chip rec_chip = REC_CHIP("rec", REC_DEFAULT, 0);
const struct irq_chip rec_chip_full = REC_CHIP("recfull", REC_ALL, 0);

void rec_chip_init(struct irq_chip *chip, const char *name, unsigned int features,
		   unsigned long flags)
{
	const struct irq_chip tmp = REC_CHIP(name, features, flags);

	*chip = tmp;
	if ((features & REC_TAGGED) && !is_tagged(chip)) {
		ck_assert_uint_lt(nr_tagged, REC_MAX_TAGGED);
		tagged[nr_tagged++] = chip;
	}
}

/* ---- actions --------------------------------------------------------- */

void rec_action_init(struct rec_action *a, irqreturn_t ret)
{
	memset(a, 0, sizeof(*a));
	a->ret = ret;
	a->thread_ret = IRQ_HANDLED;
	a->refire_cpu = -1;
}

irqreturn_t rec_handler(int irq, void *dev_id)
{
	struct rec_action *a = dev_id;

	a->calls++;
	a->last_irq = irq;
	a->last_cpu = smp_processor_id();
	if (a->log)
		rec_note("handler");
	if (a->hook)
		a->hook(a, irq);
	if (a->refire) {
		a->refire--;
		if (a->refire_cpu < 0)
			generic_handle_irq((unsigned int)irq);
		else
			irqlab_handle_irq_on(irqlab_machine_current(),
					     (unsigned int)a->refire_cpu, (unsigned int)irq);
	}
	return a->ret;
}

irqreturn_t rec_thread_fn(int irq, void *dev_id)
{
	struct rec_action *a = dev_id;

	a->thread_calls++;
	a->last_irq = irq;
	if (a->log)
		rec_note("thread");
	return a->thread_ret;
}
