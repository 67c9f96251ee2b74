/* SPDX-License-Identifier: MIT */
/*
 * recchip: a RECORDING irq_chip and a recording action handler for tests.
 *
 * Every chip callback appends its name to one per-test log, so a test can
 * assert the exact chip-callback sequence of a flow or an API call:
 *
 *	irq_set_chip_and_handler(irq, &rec_chip, handle_edge_irq);
 *	request_irq(irq, rec_handler, 0, "t", &act);
 *	rec_clear();
 *	irqlab_handle_irq_on(tm, 0, irq);
 *	ck_assert_rec("ack");
 *
 * Log entries (comma separated in rec_log_str()):
 *   "startup" "shutdown" "enable" "disable" "ack" "mask" "mask_ack"
 *   "unmask" "eoi" "set_affinity" "retrigger" "set_type" "set_wake"
 *   "bus_lock" "bus_sync_unlock" "request_resources" "release_resources"
 *   "compose" "write_msi" "get_state" "set_state" "set_vcpu_affinity"
 * and, from rec_handler()/rec_thread_fn() with rec_action::log set,
 *   "handler" "thread".
 * A chip initialised with REC_TAGGED logs "<chip name>:<op>" instead, to
 * tell hierarchy levels apart.
 *
 * The log and configuration are global (tests run one at a time per
 * process): call rec_reset() at the start of each test (the
 * rec_setup()/rec_teardown() fixture does it together with tm_setup()).
 */
#ifndef IRQLAB_TEST_RECCHIP_H
#define IRQLAB_TEST_RECCHIP_H

#include <string.h>

#include "fixture.h"

/* Which callbacks a chip built by rec_chip_init() has. */
enum rec_feature {
	REC_MASK_ACK = 1 << 0,	 /* irq_mask_ack */
	REC_ENABLE = 1 << 1,	 /* irq_enable */
	REC_DISABLE = 1 << 2,	 /* irq_disable */
	REC_STARTUP = 1 << 3,	 /* irq_startup (returns rec_cfg.startup_ret) */
	REC_SHUTDOWN = 1 << 4,	 /* irq_shutdown */
	REC_RETRIGGER = 1 << 5,	 /* irq_retrigger (returns rec_cfg.retrigger_ret) */
	REC_SET_TYPE = 1 << 6,	 /* irq_set_type */
	REC_AFFINITY = 1 << 7,	 /* irq_set_affinity (copies dest to effective) */
	REC_MSI = 1 << 8,	 /* irq_compose_msi_msg + irq_write_msi_msg */
	REC_STATE = 1 << 9,	 /* irq_get/set_irqchip_state */
	REC_RESOURCES = 1 << 10, /* irq_request/release_resources */
	REC_WAKE = 1 << 11,	 /* irq_set_wake */
	REC_VCPU = 1 << 12,	 /* irq_set_vcpu_affinity */
	REC_BUS_LOCK = 1 << 13,	 /* irq_bus_lock + irq_bus_sync_unlock */
	REC_NO_ACK = 1 << 16,	 /* remove irq_ack */
	REC_NO_EOI = 1 << 17,	 /* remove irq_eoi */
	REC_NO_MASK = 1 << 18,	 /* remove irq_mask and irq_unmask */
	REC_TAGGED = 1 << 24,	 /* log "<name>:<op>" */
};

/* Base callbacks (ack, mask, unmask, eoi) are always there unless removed. */
#define REC_ALL                                                                \
	(REC_MASK_ACK | REC_ENABLE | REC_DISABLE | REC_STARTUP | REC_SHUTDOWN |  \
	 REC_RETRIGGER | REC_SET_TYPE | REC_AFFINITY | REC_MSI | REC_STATE |     \
	 REC_RESOURCES | REC_WAKE | REC_VCPU | REC_BUS_LOCK)
/* What rec_chip has. */
#define REC_DEFAULT                                                             \
	(REC_SET_TYPE | REC_AFFINITY | REC_MSI | REC_STATE | REC_RESOURCES | REC_WAKE)

/*
 * rec_chip: name "rec"; ack, mask, unmask, eoi and the REC_DEFAULT
 * callbacks; no mask_ack, enable, disable, startup, shutdown, retrigger; no
 * flags.  So mask_ack_irq() logs "mask,ack", irq_enable() logs "unmask",
 * irq_disable() is lazy (logs nothing) and shutdown logs "mask".
 * rec_chip_full: name "recfull", every callback (REC_ALL).
 */
extern const struct irq_chip rec_chip;
extern const struct irq_chip rec_chip_full;

/**
 * rec_chip_init() - build a recording chip variant.
 * @chip: the chip to fill (typically a static in the test).
 * @name: chip name (shown in /proc/interrupts; tag of REC_TAGGED).
 * @features: REC_* bits.
 * @flags: IRQCHIP_* flags.
 */
void rec_chip_init(struct irq_chip *chip, const char *name, unsigned int features,
		   unsigned long flags);

/* Return values and outputs of the recording callbacks (reset by rec_reset()). */
struct rec_config {
	unsigned int startup_ret;   /* irq_startup (default 0) */
	int retrigger_ret;	    /* irq_retrigger (default 1: hardware resends) */
	int set_type_ret;	    /* irq_set_type (default IRQ_SET_MASK_OK) */
	int set_affinity_ret;	    /* irq_set_affinity (default IRQ_SET_MASK_OK) */
	bool set_affinity_no_eff;   /* true: do not update the effective mask */
	int request_resources_ret;  /* default 0 */
	int set_wake_ret;	    /* default 0 */
	int get_state_ret;	    /* default 0 */
	int set_state_ret;	    /* default 0 */
	bool state;		    /* value irq_get_irqchip_state reports */
	int set_vcpu_ret;	    /* default 0 */
	struct msi_msg msg;	    /* composed message (default fee00000/0/0x41) */
};
struct rec_output {
	struct irq_data *last_data; /* irq_data of the last callback */
	unsigned int type;	    /* last irq_set_type argument */
	char affinity[128];	    /* last irq_set_affinity dest, list format */
	bool force;		    /* last irq_set_affinity force */
	unsigned int wake_on;	    /* last irq_set_wake argument */
	enum irqchip_irq_state which; /* last get/set state "which" */
	bool state_val;		    /* last irq_set_irqchip_state value */
	struct msi_msg written;	    /* last irq_write_msi_msg message */
	void *vcpu;		    /* last irq_set_vcpu_affinity argument */
};
extern struct rec_config rec_cfg;
extern struct rec_output rec_out;

/* Clear the log and restore rec_cfg/rec_out defaults. */
void rec_reset(void);
/* Clear the log only. */
void rec_clear(void);
/* The log, e.g. "mask,ack,unmask" ("" when empty); valid until the next entry. */
const char *rec_log_str(void);
/* Number of entries equal to @op (e.g. "eoi"; tagged entries: "name:eoi"). */
unsigned int rec_count(const char *op);
/* Append an arbitrary entry (tests can mark points in the sequence). */
void rec_note(const char *entry);

/* Checked fixture: tm_setup() + rec_reset(), and tm_teardown(). */
void rec_setup(void);
void rec_teardown(void);

/* Assert the whole log, then clear it (so the next step starts empty). */
#define ck_assert_rec(expected)                                                \
	do {                                                                   \
		ck_assert_msg(strcmp(rec_log_str(), (expected)) == 0,          \
			      "chip calls \"%s\", expected \"%s\"",            \
			      rec_log_str(), (expected));                      \
		rec_clear();                                                   \
	} while (0)

/**
 * struct rec_action - a recording action; pass it as dev_id of
 * rec_handler / rec_thread_fn.
 * @ret: what rec_handler returns (IRQ_HANDLED, IRQ_NONE, IRQ_WAKE_THREAD).
 * @thread_ret: what rec_thread_fn returns.
 * @calls: rec_handler invocations.
 * @thread_calls: rec_thread_fn invocations.
 * @refire: deliver the same irq again this many times from inside
 *          rec_handler (one per invocation), to model an interrupt that
 *          arrives while the handler is in progress.
 * @refire_cpu: CPU of the re-delivery; -1 (default) is the current CPU.
 * @log: append "handler" / "thread" to the chip log.
 * @hook: called inside rec_handler (after counting, before re-delivery).
 * @priv: free for the test.
 * @last_irq: irq of the last invocation.
 * @last_cpu: CPU of the last rec_handler invocation.
 */
struct rec_action {
	irqreturn_t ret;
	irqreturn_t thread_ret;
	unsigned int calls;
	unsigned int thread_calls;
	unsigned int refire;
	int refire_cpu;
	bool log;
	void (*hook)(struct rec_action *a, int irq);
	void *priv;
	int last_irq;
	unsigned int last_cpu;
};

/* Zero @a and set @ret (thread_ret IRQ_HANDLED, refire_cpu -1). */
void rec_action_init(struct rec_action *a, irqreturn_t ret);
irqreturn_t rec_handler(int irq, void *dev_id);
irqreturn_t rec_thread_fn(int irq, void *dev_id);

#endif
