/* SPDX-License-Identifier: MIT */
/*
 * Driver-facing interrupt API (include/linux/interrupt.h analogue):
 * request/free, enable/disable, synchronize, affinity and hints.
 */
#ifndef IRQLAB_INTERRUPT_H
#define IRQLAB_INTERRUPT_H

#include "irqlab/cpumask.h"
#include "irqlab/irq.h"
#include "irqlab/types.h"

typedef enum irqreturn {
	IRQ_NONE = (0 << 0),
	IRQ_HANDLED = (1 << 0),
	IRQ_WAKE_THREAD = (1 << 1),
} irqreturn_t;
#define IRQ_RETVAL(x) ((x) ? IRQ_HANDLED : IRQ_NONE)

typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

#define IRQF_TRIGGER_NONE 0x00000000
#define IRQF_TRIGGER_RISING 0x00000001
#define IRQF_TRIGGER_FALLING 0x00000002
#define IRQF_TRIGGER_HIGH 0x00000004
#define IRQF_TRIGGER_LOW 0x00000008
#define IRQF_TRIGGER_MASK \
	(IRQF_TRIGGER_HIGH | IRQF_TRIGGER_LOW | IRQF_TRIGGER_RISING | IRQF_TRIGGER_FALLING)
#define IRQF_TRIGGER_PROBE 0x00000010
#define IRQF_SHARED 0x00000080
#define IRQF_PROBE_SHARED 0x00000100
#define __IRQF_TIMER 0x00000200
#define IRQF_PERCPU 0x00000400
#define IRQF_NOBALANCING 0x00000800
#define IRQF_IRQPOLL 0x00001000
#define IRQF_ONESHOT 0x00002000
#define IRQF_NO_SUSPEND 0x00004000
#define IRQF_FORCE_RESUME 0x00008000
#define IRQF_NO_THREAD 0x00010000
#define IRQF_EARLY_RESUME 0x00020000
#define IRQF_COND_SUSPEND 0x00040000
#define IRQF_NO_AUTOEN 0x00080000
#define IRQF_NO_DEBUG 0x00100000
#define IRQF_COND_ONESHOT 0x00200000

struct irqlab_machine;

/**
 * struct irqaction - one handler of an irq.
 * @handler: primary (hard irq) handler.
 * @dev_id: cookie identifying the device.
 * @next: next action of a shared irq.
 * @thread_fn: threaded handler, or NULL.
 * @irq: the irq.
 * @flags: IRQF_* flags.
 * @thread_flags: IRQTF_* state of the thread.
 * @thread_mask: this action's bit in desc->threads_oneshot.
 * @name: name shown in /proc/interrupts (owned by the caller).
 * @thread_name: "irq/%d-%s".
 * @thread_queued: the thread is queued to run (deterministic mode).
 */
struct irqaction {
	irq_handler_t handler;
	void *dev_id;
	struct irqaction *next;
	irq_handler_t thread_fn;
	unsigned int irq;
	unsigned int flags;
	unsigned long thread_flags;
	unsigned long thread_mask;
	const char *name;
	char *thread_name;
	bool thread_queued;
};

/**
 * request_threaded_irq() - allocate an interrupt line for a device.
 * @irq: Linux irq number.
 * @handler: primary handler; NULL installs one returning IRQ_WAKE_THREAD.
 * @thread_fn: threaded handler or NULL.
 * @irqflags: IRQF_* flags.
 * @devname: name shown in /proc/interrupts; must outlive the action.
 * @dev_id: cookie; required for IRQF_SHARED.
 *
 * Context: process context; takes the descriptor's request mutex.
 * Return: 0, -EINVAL (bad arguments, no descriptor, NOREQUEST), -ENOSYS
 * (no chip), -EBUSY (sharing mismatch, with "Flags mismatch irq ..."),
 * -ENOMEM, or an error of irq_activate/irq_request_resources.
 */
IRQLAB_API int request_threaded_irq(unsigned int irq, irq_handler_t handler,
				    irq_handler_t thread_fn, unsigned long irqflags,
				    const char *devname, void *dev_id);

/**
 * request_irq() - request_threaded_irq() without a thread, with
 * IRQF_COND_ONESHOT added as in v6.9+.
 */
static inline int request_irq(unsigned int irq, irq_handler_t handler,
			      unsigned long flags, const char *name, void *dev)
{
	return request_threaded_irq(irq, handler, NULL, flags | IRQF_COND_ONESHOT,
				    name, dev);
}

/**
 * free_irq() - remove the action of @dev_id from @irq.
 * @irq: Linux irq number.
 * @dev_id: the cookie given at request time.
 *
 * The last action shuts the irq down and deactivates it.  Freeing an action
 * that does not exist WARNs "Trying to free already-free IRQ %d".
 *
 * Return: the action's devname, or NULL when nothing was freed.
 */
IRQLAB_API const void *free_irq(unsigned int irq, void *dev_id);

IRQLAB_API void disable_irq_nosync(unsigned int irq);
IRQLAB_API void disable_irq(unsigned int irq);
IRQLAB_API bool disable_hardirq(unsigned int irq);
IRQLAB_API void enable_irq(unsigned int irq);
IRQLAB_API void synchronize_irq(unsigned int irq);
IRQLAB_API bool synchronize_hardirq(unsigned int irq);

/**
 * irq_set_affinity() - set the affinity of an irq.
 * @irq: Linux irq number.
 * @cpumask: requested CPUs.
 *
 * Return: 0, -EINVAL (no setter, no online CPU in @cpumask), or the chip's
 * error.  A move that cannot happen now becomes pending (SETAFFINITY_PENDING).
 */
IRQLAB_API int irq_set_affinity(unsigned int irq, const struct cpumask *cpumask);
IRQLAB_API int irq_force_affinity(unsigned int irq, const struct cpumask *cpumask);
IRQLAB_API int irq_set_affinity_and_hint(unsigned int irq, const struct cpumask *m);
IRQLAB_API int irq_update_affinity_hint(unsigned int irq, const struct cpumask *m);
IRQLAB_API int irq_set_affinity_hint(unsigned int irq, const struct cpumask *m);
IRQLAB_API bool irq_can_set_affinity(unsigned int irq);

IRQLAB_API bool irq_has_action(unsigned int irq);

/** irq_default_affinity: the machine's default affinity (all CPUs). */
IRQLAB_API const struct cpumask *irqlab_irq_default_affinity(void);
#define irq_default_affinity irqlab_irq_default_affinity()

#endif
