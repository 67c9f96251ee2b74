// SPDX-License-Identifier: MIT
/*
 * Flow handlers, call by call: a recording chip checks the exact sequence
 * of chip callbacks of every flow handler in its normal path and in its
 * corner cases (disabled line, no action, an interrupt arriving while the
 * handler is in progress, oneshot threads, EOI_IF_HANDLED / EOI_THREADED
 * chips), plus the resend machinery, thread wake-up and handle_bad_irq.
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "internals.h"
#include "recchip.h"

static struct irq_chip chip_v; /* per-test variant */

static unsigned int new_irq(const struct irq_chip *chip, irq_flow_handler_t handle)
{
	int irq = irq_alloc_descs(-1, 1, 1, NUMA_NO_NODE);

	ck_assert_int_gt(irq, 0);
	irq_set_chip_and_handler(irq, chip, handle);
	return (unsigned int)irq;
}

/* Request @irq with rec_handler and @a, then forget the startup calls. */
static void req(unsigned int irq, struct rec_action *a, unsigned long flags)
{
	ck_assert_int_eq(request_irq(irq, rec_handler, flags, "rec", a), 0);
	rec_clear();
}

static void req_threaded(unsigned int irq, irq_handler_t primary, struct rec_action *a,
			 unsigned long flags)
{
	ck_assert_int_eq(request_threaded_irq(irq, primary, rec_thread_fn, flags, "rec", a),
			 0);
	rec_clear();
}

static struct irq_desc *D(unsigned int irq)
{
	return irq_to_desc(irq);
}

static bool pending(unsigned int irq)
{
	return D(irq)->istate & IRQS_PENDING;
}

static void deliver(unsigned int cpu, unsigned int irq)
{
	ck_assert_int_eq(irqlab_handle_irq_on(tm, cpu, irq), 0);
}

/* ---- handle_level_irq ------------------------------------------------ */

START_TEST(level_normal)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	a.log = true;
	req(irq, &a, IRQF_TRIGGER_HIGH);

	deliver(1, irq);
	/* No irq_mask_ack on rec_chip: mask_ack_irq() is mask then ack. */
	ck_assert_rec("mask,ack,handler,unmask");
	ck_assert_uint_eq(a.calls, 1);
	ck_assert_uint_eq(a.last_cpu, 1);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 1), 1);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 0), 0);
	ck_assert(!irqd_irq_masked(&D(irq)->irq_data));
	ck_assert(!irqd_irq_inprogress(&D(irq)->irq_data));
	ck_assert(!pending(irq));
}
END_TEST

START_TEST(level_mask_ack_chip)
{
	unsigned int irq;
	struct rec_action a;

	rec_chip_init(&chip_v, "v", REC_MASK_ACK | REC_AFFINITY, 0);
	irq = new_irq(&chip_v, handle_level_irq);
	rec_action_init(&a, IRQ_HANDLED);
	req(irq, &a, 0);

	deliver(0, irq);
	ck_assert_rec("mask_ack,unmask");
	deliver(0, irq);
	ck_assert_rec("mask_ack,unmask");
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 0), 2);
}
END_TEST

START_TEST(level_disabled_line)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	req(irq, &a, IRQF_TRIGGER_HIGH);
	ck_assert(irq_settings_is_level(D(irq)));

	/* rec_chip has no irq_disable: the disable is lazy, no chip call. */
	disable_irq_nosync(irq);
	ck_assert_rec("");
	ck_assert(irqd_irq_disabled(&D(irq)->irq_data));
	ck_assert(!irqd_irq_masked(&D(irq)->irq_data));

	/* The interrupt masks the line for real and stays pending. */
	deliver(2, irq);
	ck_assert_rec("mask,ack");
	ck_assert(irqd_irq_masked(&D(irq)->irq_data));
	ck_assert(pending(irq));
	ck_assert_uint_eq(a.calls, 0);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 2), 0);

	/* Still masked: a second one only acks. */
	deliver(2, irq);
	ck_assert_rec("ack");

	/* enable: unmask; a level irq is not resent (the line is still up). */
	enable_irq(irq);
	ck_assert_rec("unmask");
	ck_assert(!pending(irq));
	ck_assert(!(D(irq)->istate & IRQS_REPLAY));
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);
	ck_assert_uint_eq(a.calls, 0);
}
END_TEST

START_TEST(level_no_action)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	unsigned int irq2;

	/* A fresh descriptor is masked: mask_irq() skips the chip. */
	deliver(0, irq);
	ck_assert_rec("ack");
	ck_assert(pending(irq));
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 0), 0);

	rec_chip_init(&chip_v, "v", REC_MASK_ACK, 0);
	irq2 = new_irq(&chip_v, handle_level_irq);
	deliver(0, irq2);
	ck_assert_rec("mask_ack");
	ck_assert(pending(irq2));
}
END_TEST

static void hook_disable(struct rec_action *a, int irq)
{
	disable_irq_nosync((unsigned int)irq);
}

START_TEST(level_disabled_in_handler)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	a.hook = hook_disable;
	req(irq, &a, 0);

	deliver(0, irq);
	/* Disabled meanwhile: cond_unmask_irq() leaves it masked. */
	ck_assert_rec("mask,ack");
	ck_assert(irqd_irq_masked(&D(irq)->irq_data));
	ck_assert_uint_eq(a.calls, 1);
}
END_TEST

START_TEST(level_oneshot_thread)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	a.log = true;
	req_threaded(irq, NULL, &a, IRQF_ONESHOT | IRQF_TRIGGER_HIGH);

	deliver(0, irq);
	/* The thread is due: the line stays masked until it ran. */
	ck_assert_rec("mask,ack");
	ck_assert(irqd_irq_masked(&D(irq)->irq_data));
	ck_assert_uint_ne(D(irq)->threads_oneshot, 0);
	ck_assert_int_eq(D(irq)->threads_active, 1);

	ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
	ck_assert_rec("thread,unmask");
	ck_assert_uint_eq(a.thread_calls, 1);
	ck_assert_uint_eq(D(irq)->threads_oneshot, 0);
	ck_assert_int_eq(D(irq)->threads_active, 0);
}
END_TEST

/* ---- handle_edge_irq ------------------------------------------------- */

START_TEST(edge_normal)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	a.log = true;
	req(irq, &a, IRQF_TRIGGER_RISING);

	deliver(3, irq);
	ck_assert_rec("ack,handler");
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 3), 1);
	ck_assert(!irqd_irq_masked(&D(irq)->irq_data));
	ck_assert(!pending(irq));
}
END_TEST

/*
 * An edge arrives while the handler runs (here: delivered from inside the
 * handler, on the same or another CPU).  The nested flow only records it:
 * PENDING, mask+ack.  The running flow sees PENDING, unmasks and runs the
 * actions again.
 */
START_TEST(edge_while_in_progress)
{
	unsigned int irq;
	struct rec_action a;

	rec_chip_init(&chip_v, "v", REC_MASK_ACK | REC_AFFINITY, 0);
	irq = new_irq(&chip_v, handle_edge_irq);
	rec_action_init(&a, IRQ_HANDLED);
	a.log = true;
	a.refire = 1;
	a.refire_cpu = _i;
	req(irq, &a, 0);

	deliver(0, irq);
	ck_assert_rec("ack,handler,mask_ack,unmask,handler");
	ck_assert_uint_eq(a.calls, 2);
	/* The nested delivery was not counted: only the flow that ran. */
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 0), 1);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, (int)_i), _i ? 0 : 1);
	ck_assert(!pending(irq));
	ck_assert(!irqd_irq_masked(&D(irq)->irq_data));
	ck_assert(!irqd_irq_inprogress(&D(irq)->irq_data));
}
END_TEST

START_TEST(edge_while_in_progress_no_mask_ack)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	a.refire = 2;	/* two more edges: each replayed by the loop */
	req(irq, &a, 0);

	deliver(1, irq);
	ck_assert_rec("ack,mask,ack,unmask,mask,ack,unmask");
	ck_assert_uint_eq(a.calls, 3);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 1), 1);
}
END_TEST

START_TEST(edge_disabled_line_sw_resend)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	req(irq, &a, 0);

	disable_irq_nosync(irq);
	deliver(0, irq);
	ck_assert_rec("mask,ack");
	ck_assert(pending(irq));
	ck_assert_uint_eq(a.calls, 0);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 0), 0);

	/* No retrigger anywhere: a software resend is queued. */
	enable_irq(irq);
	ck_assert_rec("unmask");
	ck_assert(!pending(irq));
	ck_assert(D(irq)->istate & IRQS_REPLAY);
	ck_assert_uint_eq(a.calls, 0);

	/* The "tasklet" runs the flow on the CPU it runs on. */
	irqlab_set_this_cpu(2);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
	ck_assert_rec("ack");
	ck_assert_uint_eq(a.calls, 1);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 2), 1);
	ck_assert(!(D(irq)->istate & IRQS_REPLAY));
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);
}
END_TEST

START_TEST(edge_disabled_line_hw_retrigger)
{
	unsigned int irq;
	struct rec_action a;

	rec_chip_init(&chip_v, "v", REC_RETRIGGER | REC_AFFINITY, 0);
	irq = new_irq(&chip_v, handle_edge_irq);
	rec_action_init(&a, IRQ_HANDLED);
	req(irq, &a, 0);

	disable_irq_nosync(irq);
	deliver(0, irq);
	ck_assert_rec("mask,ack");
	enable_irq(irq);
	ck_assert_rec("unmask,retrigger");
	ck_assert(D(irq)->istate & IRQS_REPLAY);
	/* The hardware resends: nothing is queued in software. */
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);

	/* A second resend while the replay is in flight is refused. */
	D(irq)->istate |= IRQS_PENDING;
	raw_spin_lock(&D(irq)->lock);
	ck_assert_int_eq(check_irq_resend(D(irq), false), -EBUSY);
	raw_spin_unlock(&D(irq)->lock);
	ck_assert_rec("");

	/* The replayed interrupt clears REPLAY. */
	deliver(0, irq);
	ck_assert_rec("ack");
	ck_assert(!(D(irq)->istate & IRQS_REPLAY));
	ck_assert_uint_eq(a.calls, 1);
}
END_TEST

START_TEST(edge_no_action)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);

	deliver(0, irq);
	/* Fresh descriptors are masked already: only the ack reaches the chip. */
	ck_assert_rec("ack");
	ck_assert(pending(irq));
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 0), 0);
}
END_TEST

/* Drop the action while the loop runs (as a racing free_irq() would). */
static struct irqaction *stolen;
static void hook_steal_action(struct rec_action *a, int irq)
{
	struct irq_desc *desc = irq_to_desc((unsigned int)irq);

	stolen = desc->action;
	desc->action = NULL;
}

START_TEST(edge_action_gone_in_loop)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	a.hook = hook_steal_action;
	a.refire = 1;
	req(irq, &a, 0);

	deliver(0, irq);
	/* Nested: PENDING + mask,ack; loop: no action any more → mask (no-op). */
	ck_assert_rec("ack,mask,ack");
	ck_assert_uint_eq(a.calls, 1);
	ck_assert(irqd_irq_masked(&D(irq)->irq_data));
	D(irq)->action = stolen;
}
END_TEST

START_TEST(edge_disabled_in_loop)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	a.hook = hook_disable;
	a.refire = 1;
	req(irq, &a, 0);

	deliver(0, irq);
	/* Disabled meanwhile: the loop stops, the edge stays pending. */
	ck_assert_rec("ack,mask,ack");
	ck_assert_uint_eq(a.calls, 1);
	ck_assert(pending(irq));
}
END_TEST

START_TEST(edge_wakeup_armed)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	req(irq, &a, 0);
	irqd_set(&D(irq)->irq_data, IRQD_WAKEUP_ARMED);

	deliver(0, irq);
	/* A wakeup during suspend: noted, disabled (lazily), then masked. */
	ck_assert(!irqd_is_wakeup_armed(&D(irq)->irq_data));
	ck_assert(D(irq)->istate & IRQS_SUSPENDED);
	ck_assert(pending(irq));
	ck_assert_uint_eq(D(irq)->depth, 1);
	ck_assert(irqd_irq_disabled(&D(irq)->irq_data));
	ck_assert_rec("mask,ack");
	ck_assert_uint_eq(a.calls, 0);
}
END_TEST

/* Polled elsewhere while in progress on this thread: no self-wait. */
static void hook_poll(struct rec_action *a, int irq)
{
	irq_to_desc((unsigned int)irq)->istate |= IRQS_POLL_INPROGRESS;
}

START_TEST(edge_poll_inprogress)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_NONE);
	a.hook = hook_poll;
	a.refire = 1;
	req(irq, &a, 0);

	deliver(0, irq);
	ck_assert_rec("ack,mask,ack,unmask");
	ck_assert_uint_eq(a.calls, 2);
	/* note_interrupt() ignores a line being polled. */
	ck_assert_uint_eq(D(irq)->irqs_unhandled, 0);
	D(irq)->istate &= ~IRQS_POLL_INPROGRESS;
}
END_TEST

START_TEST(edge_single_target_same_thread)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	a.refire = 1;
	a.refire_cpu = _i;
	req(irq, &a, 0);
	irqd_set_single_target(&D(irq)->irq_data);
	irq_data_update_effective_affinity(&D(irq)->irq_data, cpumask_of(0));

	/* Effective target (CPU 0) or not (CPU 1): never wait for ourselves. */
	deliver(0, irq);
	ck_assert_rec("ack,mask,ack,unmask");
	ck_assert_uint_eq(a.calls, 2);
}
END_TEST

/*
 * Real concurrency: the handler runs on CPU 1 (the previous target) while
 * the edge arrives on CPU 0, the new single target.  CPU 0 waits for the
 * handler to finish and then handles the edge itself, instead of leaving
 * it to the CPU 1 loop.
 */
struct st_ctx {
	unsigned int irq;
	int started;
	pthread_t th;
};
static struct st_ctx st;

static void *st_thread(void *arg)
{
	__atomic_store_n(&st.started, 1, __ATOMIC_RELEASE);
	irqlab_handle_irq_on(tm, 0, st.irq);
	return NULL;
}

static void hook_spawn(struct rec_action *a, int irq)
{
	struct timespec ts = { 0, 1000000 };
	int i;

	if (a->calls != 1)
		return;
	ck_assert_int_eq(pthread_create(&st.th, NULL, st_thread, NULL), 0);
	for (i = 0; i < 5000 && !__atomic_load_n(&st.started, __ATOMIC_ACQUIRE); i++)
		nanosleep(&ts, NULL);
	/* Give the other CPU time to reach the wait loop. */
	ts.tv_nsec = 100000000;
	nanosleep(&ts, NULL);
}

START_TEST(edge_single_target_waits)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	a.hook = hook_spawn;
	a.log = true;
	req(irq, &a, 0);
	st.irq = irq;
	st.started = 0;
	irqd_set_single_target(&D(irq)->irq_data);
	irq_data_update_effective_affinity(&D(irq)->irq_data, cpumask_of(0));

	deliver(1, irq);
	ck_assert_int_eq(pthread_join(st.th, NULL), 0);
	ck_assert_rec("ack,handler,ack,handler");
	ck_assert_uint_eq(a.calls, 2);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 1), 1);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 0), 1);
	ck_assert(!pending(irq));
}
END_TEST

/* ---- handle_fasteoi_irq ---------------------------------------------- */

START_TEST(fasteoi_normal)
{
	unsigned int irq = new_irq(&rec_chip, handle_fasteoi_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	a.log = true;
	req(irq, &a, 0);

	deliver(2, irq);
	ck_assert_rec("handler,eoi");
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 2), 1);
}
END_TEST

START_TEST(fasteoi_oneshot_thread)
{
	unsigned int irq = new_irq(&rec_chip, handle_fasteoi_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	a.log = true;
	req_threaded(irq, NULL, &a, IRQF_ONESHOT);
	ck_assert(D(irq)->istate & IRQS_ONESHOT);

	/* Masked before the actions, EOI now, unmask after the thread. */
	deliver(0, irq);
	ck_assert_rec("mask,eoi");
	ck_assert(irqd_irq_masked(&D(irq)->irq_data));
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
	ck_assert_rec("thread,unmask");
	ck_assert(!irqd_irq_masked(&D(irq)->irq_data));
}
END_TEST

START_TEST(fasteoi_oneshot_eoi_threaded)
{
	unsigned int irq;
	struct rec_action a;

	rec_chip_init(&chip_v, "v", REC_AFFINITY, IRQCHIP_EOI_THREADED);
	irq = new_irq(&chip_v, handle_fasteoi_irq);
	rec_action_init(&a, IRQ_HANDLED);
	a.log = true;
	req_threaded(irq, NULL, &a, IRQF_ONESHOT);

	/* The EOI is deferred to the thread. */
	deliver(0, irq);
	ck_assert_rec("mask");
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
	ck_assert_rec("thread,eoi,unmask");
}
END_TEST

START_TEST(fasteoi_oneshot_handled_by_primary)
{
	unsigned int irq = new_irq(&rec_chip, handle_fasteoi_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	a.log = true;
	req_threaded(irq, rec_handler, &a, IRQF_ONESHOT);

	/* The primary handled it, no thread due: EOI and unmask at once. */
	deliver(0, irq);
	ck_assert_rec("mask,handler,eoi,unmask");
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);
	ck_assert_uint_eq(a.thread_calls, 0);
}
END_TEST

START_TEST(fasteoi_disabled_line)
{
	unsigned int irq = new_irq(&rec_chip, handle_fasteoi_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	req(irq, &a, 0);
	disable_irq_nosync(irq);

	deliver(0, irq);
	ck_assert_rec("mask,eoi");
	ck_assert(pending(irq));
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 0), 0);
	ck_assert_uint_eq(a.calls, 0);
}
END_TEST

START_TEST(fasteoi_no_action)
{
	unsigned int irq = new_irq(&rec_chip, handle_fasteoi_irq);

	deliver(0, irq);
	ck_assert_rec("eoi");
	ck_assert(pending(irq));
}
END_TEST

START_TEST(fasteoi_eoi_if_handled)
{
	unsigned int irq, irq2;
	struct rec_action a;

	rec_chip_init(&chip_v, "v", REC_AFFINITY, IRQCHIP_EOI_IF_HANDLED);
	irq = new_irq(&chip_v, handle_fasteoi_irq);
	rec_action_init(&a, IRQ_HANDLED);
	req(irq, &a, 0);

	deliver(0, irq);
	ck_assert_rec("eoi");
	/* Not handled (disabled): no EOI, only the mask. */
	disable_irq_nosync(irq);
	deliver(0, irq);
	ck_assert_rec("mask");

	/* No action at all: no chip call. */
	irq2 = new_irq(&chip_v, handle_fasteoi_irq);
	deliver(0, irq2);
	ck_assert_rec("");
	ck_assert(pending(irq2));
}
END_TEST

START_TEST(fasteoi_in_progress)
{
	unsigned int irq = new_irq(&rec_chip, handle_fasteoi_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	a.log = true;
	a.refire = 1;
	req(irq, &a, 0);

	/* Nested: only an EOI, the interrupt is lost (no RESEND flag). */
	deliver(0, irq);
	ck_assert_rec("handler,eoi,eoi");
	ck_assert(!pending(irq));
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);
	ck_assert_uint_eq(a.calls, 1);
}
END_TEST

START_TEST(fasteoi_in_progress_resend)
{
	unsigned int irq;
	struct rec_action a;

	if (_i)
		rec_chip_init(&chip_v, "v", REC_RETRIGGER | REC_AFFINITY, 0);
	else
		rec_chip_init(&chip_v, "v", REC_AFFINITY, 0);
	irq = new_irq(&chip_v, handle_fasteoi_irq);
	rec_action_init(&a, IRQ_HANDLED);
	a.log = true;
	a.refire = 1;
	req(irq, &a, 0);
	irqd_set_resend_when_in_progress(&D(irq)->irq_data);

	deliver(0, irq);
	if (_i) {
		/* The hardware retriggers. */
		ck_assert_rec("handler,eoi,eoi,retrigger");
		ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);
	} else {
		/* Software resend, run later. */
		ck_assert_rec("handler,eoi,eoi");
		ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
		ck_assert_rec("handler,eoi");
		ck_assert_uint_eq(a.calls, 2);
	}
	ck_assert(!pending(irq));
}
END_TEST

START_TEST(fasteoi_chip_without_eoi)
{
	unsigned int irq;
	struct rec_action a;

	rec_chip_init(&chip_v, "v", REC_NO_EOI | REC_AFFINITY, 0);
	irq = new_irq(&chip_v, handle_fasteoi_irq);
	rec_action_init(&a, IRQ_HANDLED);
	req(irq, &a, 0);
	deliver(0, irq);
	ck_assert_rec("");
	ck_assert_uint_eq(a.calls, 1);
}
END_TEST

/* ---- handle_fasteoi_ack_irq / handle_fasteoi_mask_irq ------------------ */

START_TEST(fasteoi_ack)
{
	unsigned int irq = new_irq(&rec_chip, handle_fasteoi_ack_irq);
	unsigned int irq2;
	struct rec_action a, b;

	rec_action_init(&a, IRQ_HANDLED);
	a.log = true;
	req(irq, &a, 0);
	deliver(0, irq);
	ck_assert_rec("ack,handler,eoi");
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 0), 1);

	/* In progress: just the EOI. */
	a.refire = 1;
	deliver(0, irq);
	ck_assert_rec("ack,handler,eoi,eoi");

	disable_irq_nosync(irq);
	deliver(0, irq);
	ck_assert_rec("mask,eoi");
	ck_assert(pending(irq));

	/* Oneshot: mask, then ack, before the actions. */
	irq2 = new_irq(&rec_chip, handle_fasteoi_ack_irq);
	rec_action_init(&b, IRQ_HANDLED);
	req_threaded(irq2, NULL, &b, IRQF_ONESHOT);
	deliver(0, irq2);
	ck_assert_rec("mask,ack,eoi");
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
	ck_assert_rec("unmask");
}
END_TEST

START_TEST(fasteoi_mask)
{
	unsigned int irq;
	struct rec_action a;

	rec_chip_init(&chip_v, "v", REC_MASK_ACK | REC_AFFINITY, 0);
	irq = new_irq(&chip_v, handle_fasteoi_mask_irq);
	rec_action_init(&a, IRQ_HANDLED);
	a.log = true;
	req(irq, &a, 0);

	/* Not oneshot: EOI only, the line stays masked (as in the kernel). */
	deliver(0, irq);
	ck_assert_rec("mask_ack,handler,eoi");
	ck_assert(irqd_irq_masked(&D(irq)->irq_data));

	disable_irq_nosync(irq);
	deliver(0, irq);
	ck_assert_rec("mask_ack,eoi");
	ck_assert(pending(irq));
	ck_assert_uint_eq(a.calls, 1);
}
END_TEST

START_TEST(fasteoi_mask_oneshot)
{
	unsigned int irq = new_irq(&rec_chip, handle_fasteoi_mask_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	req_threaded(irq, rec_handler, &a, IRQF_ONESHOT);
	deliver(0, irq);
	/* Handled by the primary: EOI and unmask. */
	ck_assert_rec("mask,ack,eoi,unmask");
}
END_TEST

/* ---- handle_percpu_irq ----------------------------------------------- */

START_TEST(percpu)
{
	unsigned int irq = new_irq(&rec_chip, handle_percpu_irq);
	unsigned int cpu;
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	a.log = true;
	req(irq, &a, IRQF_PERCPU);

	for (cpu = 0; cpu < 4; cpu++) {
		deliver(cpu, irq);
		ck_assert_rec("ack,handler,eoi");
		ck_assert_uint_eq(a.last_cpu, cpu);
	}
	deliver(3, irq);
	ck_assert_rec("ack,handler,eoi");
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 0), 1);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 3), 2);
	/* Per-CPU irqs are not serialised and do not touch tot_count. */
	ck_assert_uint_eq(D(irq)->tot_count, 0);
	ck_assert(!irqd_irq_inprogress(&D(irq)->irq_data));
}
END_TEST

START_TEST(percpu_no_ack_no_eoi)
{
	unsigned int irq;
	struct rec_action a;

	rec_chip_init(&chip_v, "v", REC_NO_ACK | REC_NO_EOI, 0);
	irq = new_irq(&chip_v, handle_percpu_irq);
	rec_action_init(&a, IRQ_NONE);
	req(irq, &a, IRQF_PERCPU);
	deliver(1, irq);
	ck_assert_rec("");
	ck_assert_uint_eq(a.calls, 1);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 1), 1);
	/* IRQ_NONE counts as unhandled ... */
	ck_assert_uint_eq(D(irq)->irqs_unhandled, 1);
}
END_TEST

START_TEST(percpu_no_debug)
{
	unsigned int irq = new_irq(&rec_chip, handle_percpu_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_NONE);
	req(irq, &a, IRQF_PERCPU | IRQF_NO_DEBUG);
	deliver(1, irq);
	/* ... unless the irq opted out of spurious detection. */
	ck_assert_uint_eq(D(irq)->irqs_unhandled, 0);
	ck_assert_uint_eq(a.calls, 1);
}
END_TEST

/* ---- handle_simple_irq / handle_untracked_irq ------------------------- */

START_TEST(simple)
{
	unsigned int irq = new_irq(&rec_chip, handle_simple_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	req(irq, &a, 0);

	/* No chip calls at all. */
	deliver(1, irq);
	ck_assert_rec("");
	ck_assert_uint_eq(a.calls, 1);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 1), 1);

	/* In progress: dropped, unless RESEND_WHEN_IN_PROGRESS. */
	a.refire = 1;
	deliver(1, irq);
	ck_assert_uint_eq(a.calls, 2);
	ck_assert(!pending(irq));
	irqd_set_resend_when_in_progress(&D(irq)->irq_data);
	a.refire = 1;
	deliver(1, irq);
	ck_assert_uint_eq(a.calls, 3);
	ck_assert(pending(irq));
	ck_assert_rec("");

	/* Disabled: pending, no handler, no count. */
	disable_irq_nosync(irq);
	D(irq)->istate &= ~IRQS_PENDING;
	deliver(1, irq);
	ck_assert(pending(irq));
	ck_assert_uint_eq(a.calls, 3);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 1), 3);
	ck_assert_rec("");
}
END_TEST

START_TEST(untracked)
{
	unsigned int irq = new_irq(&rec_chip, handle_untracked_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_NONE);
	req(irq, &a, 0);

	deliver(0, irq);
	ck_assert_rec("");
	ck_assert_uint_eq(a.calls, 1);
	/* Neither counted nor fed to spurious detection. */
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 0), 0);
	ck_assert_uint_eq(D(irq)->irqs_unhandled, 0);
	ck_assert(!irqd_irq_inprogress(&D(irq)->irq_data));

	disable_irq_nosync(irq);
	deliver(0, irq);
	ck_assert_uint_eq(a.calls, 1);
	ck_assert(pending(irq));
}
END_TEST

/* ---- handle_bad_irq and the dummy chips -------------------------------- */

START_TEST(bad_irq)
{
	int irq = irq_alloc_descs(-1, 1, 1, NUMA_NO_NODE);
	char line[128];

	ck_assert_int_gt(irq, 0);
	/* A fresh descriptor: handle_bad_irq on no_irq_chip. */
	ck_assert(D((unsigned int)irq)->handle_irq == handle_bad_irq);
	ck_assert_ptr_eq(irq_get_chip((unsigned int)irq), &no_irq_chip);
	deliver(2, (unsigned int)irq);
	snprintf(line, sizeof(line), "irq %d, desc: ", irq);
	ck_assert_log(line);
	ck_assert_log(", depth: 1, count: 0, unhandled: 0");
	ck_assert_log("->handle_irq():  ");
	ck_assert_log(", handle_bad_irq");
	ck_assert_log(", no_irq_chip");
	ck_assert_log("->action(): ");
	snprintf(line, sizeof(line), "unexpected IRQ trap at vector %02x", irq);
	ck_assert_log(line);
	ck_assert_uint_eq(kstat_irqs_cpu((unsigned int)irq, 2), 1);
	ck_assert_uint_eq(kstat_irqs_usr((unsigned int)irq), 1);
}
END_TEST

static void my_flow(struct irq_desc *desc)
{
}

START_TEST(bad_irq_flags_and_ack_bad)
{
	unsigned int irq = new_irq(&rec_chip, handle_level_irq);
	struct irq_desc *desc = D(irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	req(irq, &a, IRQF_TRIGGER_HIGH);
	desc->istate |= IRQS_PENDING | IRQS_REPLAY | IRQS_WAITING | IRQS_AUTODETECT;
	desc->status_use_accessors |= IRQ_PER_CPU | IRQ_NOPROBE | IRQ_NOREQUEST |
				      IRQ_NOTHREAD | IRQ_NOAUTOEN;
	irqlab_log_clear(tm);

	/* no_irq_chip's ack reports the descriptor as an unexpected trap. */
	no_irq_chip.irq_ack(&desc->irq_data);
	ck_assert_log(", handle_level_irq");
	ck_assert_log(", rec");
	ck_assert_log("->action->handler(): ");
	ck_assert_log("     IRQ_LEVEL set");
	ck_assert_log("   IRQ_PER_CPU set");
	ck_assert_log("   IRQ_NOPROBE set");
	ck_assert_log(" IRQ_NOREQUEST set");
	ck_assert_log("  IRQ_NOTHREAD set");
	ck_assert_log("  IRQ_NOAUTOEN set");
	ck_assert_log("IRQS_AUTODETECT set");
	ck_assert_log("   IRQS_REPLAY set");
	ck_assert_log("  IRQS_WAITING set");
	ck_assert_log("  IRQS_PENDING set");
	ck_assert_log("unexpected IRQ trap at vector");
	/* An ack does not count the interrupt. */
	ck_assert_uint_eq(kstat_irqs_usr(irq), 0);
	desc->status_use_accessors &= ~(unsigned int)(IRQ_PER_CPU | IRQ_NOPROBE |
						      IRQ_NOREQUEST | IRQ_NOTHREAD |
						      IRQ_NOAUTOEN);
	desc->istate &= ~(IRQS_PENDING | IRQS_REPLAY | IRQS_WAITING | IRQS_AUTODETECT);

	/* Unknown flow handlers and chips print as "?" / the chip name. */
	desc->handle_irq = handle_untracked_irq;
	irqlab_log_clear(tm);
	handle_bad_irq(desc);
	ck_assert_log(", handle_untracked_irq");
	desc->handle_irq = my_flow;
	irqlab_log_clear(tm);
	handle_bad_irq(desc);
	ck_assert_log("->handle_irq():  ");
	ck_assert_log(", ?");
	desc->handle_irq = handle_level_irq;
}
END_TEST

START_TEST(dummy_chip)
{
	unsigned int irq = new_irq(&dummy_irq_chip, handle_level_irq);
	struct irq_desc *desc = D(irq);
	struct rec_action a;

	ck_assert_str_eq(dummy_irq_chip.name, "dummy");
	ck_assert_str_eq(no_irq_chip.name, "none");
	ck_assert(dummy_irq_chip.flags & IRQCHIP_SKIP_SET_WAKE);
	ck_assert(no_irq_chip.flags & IRQCHIP_SKIP_SET_WAKE);
	rec_action_init(&a, IRQ_HANDLED);
	req(irq, &a, 0);
	/* dummy's startup clears DISABLED|MASKED. */
	ck_assert(irqd_is_started(&desc->irq_data));
	ck_assert(!irqd_irq_masked(&desc->irq_data));
	deliver(0, irq);
	ck_assert_uint_eq(a.calls, 1);
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);

	/* no_irq_chip's other callbacks are no-ops. */
	ck_assert_uint_eq(no_irq_chip.irq_startup(&desc->irq_data), 0);
	no_irq_chip.irq_enable(&desc->irq_data);
	no_irq_chip.irq_disable(&desc->irq_data);
	no_irq_chip.irq_shutdown(&desc->irq_data);
	dummy_irq_chip.irq_enable(&desc->irq_data);
	dummy_irq_chip.irq_disable(&desc->irq_data);
	dummy_irq_chip.irq_shutdown(&desc->irq_data);
	dummy_irq_chip.irq_mask(&desc->irq_data);
	dummy_irq_chip.irq_unmask(&desc->irq_data);
	dummy_irq_chip.irq_ack(&desc->irq_data);
	ck_assert_str_eq(irqlab_dmesg(tm), "");
	/* print_irq_desc names the dummy chip by its symbol. */
	handle_bad_irq(desc);
	ck_assert_log(", dummy_irq_chip");
}
END_TEST

/* ---- threads ------------------------------------------------------------ */

START_TEST(wake_thread_once)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_WAKE_THREAD);
	req_threaded(irq, rec_handler, &a, 0);

	/* Woken twice before it runs: it runs once. */
	deliver(0, irq);
	deliver(1, irq);
	ck_assert_uint_eq(a.calls, 2);
	ck_assert_int_eq(D(irq)->threads_active, 1);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
	ck_assert_uint_eq(a.thread_calls, 1);
	ck_assert_int_eq(D(irq)->threads_active, 0);
}
END_TEST

START_TEST(wake_thread_not_ready)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct rec_action a;

	rec_action_init(&a, IRQ_WAKE_THREAD);
	req_threaded(irq, rec_handler, &a, 0);
	D(irq)->action->thread_flags &= ~BIT(IRQTF_READY);

	deliver(0, irq);
	ck_assert_int_eq(D(irq)->threads_active, 0);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);
	ck_assert_uint_eq(a.thread_calls, 0);
	D(irq)->action->thread_flags |= BIT(IRQTF_READY);
}
END_TEST

START_TEST(wake_thread_without_thread_fn)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	char msg[128];
	struct rec_action a;

	rec_action_init(&a, IRQ_WAKE_THREAD);
	req(irq, &a, 0);
	deliver(0, irq);
	deliver(0, irq);
	snprintf(msg, sizeof(msg),
		 "IRQ %u device rec returned IRQ_WAKE_THREAD but no thread function available.",
		 irq);
	/* Said once per action. */
	ck_assert_uint_eq(irqlab_log_count(tm, msg), 1);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);
}
END_TEST

START_TEST(wake_thread_queue_fails)
{
	unsigned int irq = new_irq(&rec_chip, handle_fasteoi_irq);
	unsigned int warns = irqlab_warn_count(tm);
	struct rec_action a;

	rec_action_init(&a, IRQ_HANDLED);
	unsigned int i;

	req_threaded(irq, NULL, &a, IRQF_ONESHOT);
	/* Allocate the per-CPU count and the work queue first. */
	deliver(0, irq);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
	rec_clear();
	/* Fill the queue so the next item has to grow it, and make that fail. */
	for (i = 0; i < 16; i++)
		ck_assert_int_eq(irqlab_work_queue(tm, 999999, NULL), 0);
	irqlab_fail_nth_alloc(1);
	deliver(0, irq);
	irqlab_fail_nth_alloc(0);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	/* Undone: no thread due, so the line is unmasked right away. */
	ck_assert_rec("mask,eoi,unmask");
	ck_assert_int_eq(D(irq)->threads_active, 0);
	ck_assert_uint_eq(D(irq)->threads_oneshot, 0);
	ck_assert(!(D(irq)->action->thread_flags & BIT(IRQTF_RUNTHREAD)));
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 16);
	ck_assert_uint_eq(a.thread_calls, 1);
}
END_TEST

/* ---- resend --------------------------------------------------------------- */

START_TEST(resend_rules)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct irq_desc *desc = D(irq);

	raw_spin_lock(&desc->lock);
	/* Nothing pending, not injected: nothing to do. */
	ck_assert_int_eq(check_irq_resend(desc, false), 0);
	ck_assert(!(desc->istate & IRQS_REPLAY));

	/* Level irqs are never resent; PENDING is dropped. */
	desc->status_use_accessors |= IRQ_LEVEL;
	desc->istate |= IRQS_PENDING;
	ck_assert_int_eq(check_irq_resend(desc, true), -EINVAL);
	ck_assert(!(desc->istate & IRQS_PENDING));
	desc->status_use_accessors &= ~(unsigned int)IRQ_LEVEL;

	/* Irqs that must run in interrupt context cannot be resent in software. */
	irqd_set_handle_enforce_irqctx(&desc->irq_data);
	ck_assert_int_eq(check_irq_resend(desc, true), -EINVAL);
	ck_assert(!(desc->istate & IRQS_REPLAY));
	irqd_clr_handle_enforce_irqctx(&desc->irq_data);

	/* Injected: queued once, even if asked twice. */
	ck_assert_int_eq(check_irq_resend(desc, true), 0);
	ck_assert(desc->istate & IRQS_REPLAY);
	desc->istate &= ~IRQS_REPLAY;
	ck_assert_int_eq(check_irq_resend(desc, true), 0);
	raw_spin_unlock(&desc->lock);
	ck_assert_rec("");
	/* No action: the replayed flow only records it as pending again. */
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
	ck_assert_rec("ack");
	ck_assert(desc->istate & IRQS_PENDING);
	ck_assert(!(desc->istate & IRQS_REPLAY));
}
END_TEST

START_TEST(resend_cleared_and_freed)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct irq_desc *desc = D(irq);

	raw_spin_lock(&desc->lock);
	ck_assert_int_eq(check_irq_resend(desc, true), 0);
	raw_spin_unlock(&desc->lock);
	clear_irq_resend(desc);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);

	/* A resend of an irq freed meanwhile does nothing. */
	raw_spin_lock(&desc->lock);
	desc->istate &= ~IRQS_REPLAY;
	ck_assert_int_eq(check_irq_resend(desc, true), 0);
	raw_spin_unlock(&desc->lock);
	irq_free_desc(irq);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
	ck_assert_rec("");
}
END_TEST

START_TEST(resend_nested_thread)
{
	unsigned int parent = new_irq(&rec_chip, handle_edge_irq);
	unsigned int child = new_irq(&rec_chip, handle_edge_irq);
	struct irq_desc *desc = D(child);

	desc->status_use_accessors |= IRQ_NESTED_THREAD;
	raw_spin_lock(&desc->lock);
	/* No parent: cannot be resent. */
	ck_assert_int_eq(check_irq_resend(desc, true), -EINVAL);
	desc->parent_irq = 999999;
	ck_assert_int_eq(check_irq_resend(desc, true), -EINVAL);
	/* The parent is resent instead. */
	desc->parent_irq = (int)parent;
	ck_assert_int_eq(check_irq_resend(desc, true), 0);
	raw_spin_unlock(&desc->lock);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
	ck_assert(D(parent)->istate & IRQS_PENDING);
	ck_assert(!(D(child)->istate & IRQS_PENDING));
}
END_TEST

START_TEST(resend_enomem)
{
	unsigned int irq = new_irq(&rec_chip, handle_edge_irq);
	struct irq_desc *desc = D(irq);

	raw_spin_lock(&desc->lock);
	irqlab_fail_nth_alloc(1);
	ck_assert_int_eq(check_irq_resend(desc, true), -ENOMEM);
	irqlab_fail_nth_alloc(0);
	ck_assert(!(desc->istate & IRQS_REPLAY));
	raw_spin_unlock(&desc->lock);
}
END_TEST

static Suite *flow_suite(void)
{
	Suite *s = suite_create("flow");
	TCase *tc;

	tc = tcase_create("level");
	tcase_add_checked_fixture(tc, rec_setup, rec_teardown);
	tcase_add_test(tc, level_normal);
	tcase_add_test(tc, level_mask_ack_chip);
	tcase_add_test(tc, level_disabled_line);
	tcase_add_test(tc, level_no_action);
	tcase_add_test(tc, level_disabled_in_handler);
	tcase_add_test(tc, level_oneshot_thread);
	suite_add_tcase(s, tc);

	tc = tcase_create("edge");
	tcase_add_checked_fixture(tc, rec_setup, rec_teardown);
	tcase_add_test(tc, edge_normal);
	tcase_add_loop_test(tc, edge_while_in_progress, 0, 2);
	tcase_add_test(tc, edge_while_in_progress_no_mask_ack);
	tcase_add_test(tc, edge_disabled_line_sw_resend);
	tcase_add_test(tc, edge_disabled_line_hw_retrigger);
	tcase_add_test(tc, edge_no_action);
	tcase_add_test(tc, edge_action_gone_in_loop);
	tcase_add_test(tc, edge_disabled_in_loop);
	tcase_add_test(tc, edge_wakeup_armed);
	tcase_add_test(tc, edge_poll_inprogress);
	tcase_add_loop_test(tc, edge_single_target_same_thread, 0, 2);
	tcase_add_test(tc, edge_single_target_waits);
	suite_add_tcase(s, tc);

	tc = tcase_create("fasteoi");
	tcase_add_checked_fixture(tc, rec_setup, rec_teardown);
	tcase_add_test(tc, fasteoi_normal);
	tcase_add_test(tc, fasteoi_oneshot_thread);
	tcase_add_test(tc, fasteoi_oneshot_eoi_threaded);
	tcase_add_test(tc, fasteoi_oneshot_handled_by_primary);
	tcase_add_test(tc, fasteoi_disabled_line);
	tcase_add_test(tc, fasteoi_no_action);
	tcase_add_test(tc, fasteoi_eoi_if_handled);
	tcase_add_test(tc, fasteoi_in_progress);
	tcase_add_loop_test(tc, fasteoi_in_progress_resend, 0, 2);
	tcase_add_test(tc, fasteoi_chip_without_eoi);
	tcase_add_test(tc, fasteoi_ack);
	tcase_add_test(tc, fasteoi_mask);
	tcase_add_test(tc, fasteoi_mask_oneshot);
	suite_add_tcase(s, tc);

	tc = tcase_create("other");
	tcase_add_checked_fixture(tc, rec_setup, rec_teardown);
	tcase_add_test(tc, percpu);
	tcase_add_test(tc, percpu_no_ack_no_eoi);
	tcase_add_test(tc, percpu_no_debug);
	tcase_add_test(tc, simple);
	tcase_add_test(tc, untracked);
	tcase_add_test(tc, bad_irq);
	tcase_add_test(tc, bad_irq_flags_and_ack_bad);
	tcase_add_test(tc, dummy_chip);
	suite_add_tcase(s, tc);

	tc = tcase_create("threads_resend");
	tcase_add_checked_fixture(tc, rec_setup, rec_teardown);
	tcase_add_test(tc, wake_thread_once);
	tcase_add_test(tc, wake_thread_not_ready);
	tcase_add_test(tc, wake_thread_without_thread_fn);
	tcase_add_test(tc, wake_thread_queue_fails);
	tcase_add_test(tc, resend_rules);
	tcase_add_test(tc, resend_cleared_and_freed);
	tcase_add_test(tc, resend_nested_thread);
	tcase_add_test(tc, resend_enomem);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(flow_suite());
}
