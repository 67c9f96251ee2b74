// SPDX-License-Identifier: MIT
/*
 * Kernel timers on the machine's virtual clock.  A timer fires when the
 * clock reaches its expiry: from irqlab_clock_advance() or when
 * irqlab_run_until_idle() has nothing else to do and moves time forward.
 * Timers with equal expiry fire in the order they were added.
 */
#include "internals.h"

/**
 * irqlab_timer_add() - arm (or re-arm) a timer.
 * @m: machine.
 * @t: timer; its fn and cpu must be set.
 * @expires: absolute expiry in virtual nanoseconds.
 *
 * Context: any; takes m->work_lock.
 */
void irqlab_timer_add(struct irqlab_machine *m, struct irqlab_timer *t,
		      unsigned long long expires)
{
	struct irqlab_timer **pp;

	irqlab_timer_del(m, t);
	irqlab_lock_acquire(&m->work_lock);
	t->expires = expires;
	t->gen = m->timer_gen;
	t->pending = true;
	for (pp = &m->timers; *pp && (*pp)->expires <= expires; pp = &(*pp)->next)
		;
	t->next = *pp;
	*pp = t;
	irqlab_lock_release(&m->work_lock);
}

/**
 * irqlab_timer_del() - cancel a timer.
 * @m: machine.
 * @t: timer.
 *
 * Return: true if it was pending.
 */
bool irqlab_timer_del(struct irqlab_machine *m, struct irqlab_timer *t)
{
	struct irqlab_timer **pp;
	bool found = false;

	irqlab_lock_acquire(&m->work_lock);
	for (pp = &m->timers; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			found = true;
			break;
		}
	}
	t->pending = false;
	t->next = NULL;
	irqlab_lock_release(&m->work_lock);
	return found;
}

bool irqlab_timer_next(struct irqlab_machine *m, unsigned long long *expires)
{
	bool any;

	irqlab_lock_acquire(&m->work_lock);
	any = m->timers != NULL;
	if (any)
		*expires = m->timers->expires;
	irqlab_lock_release(&m->work_lock);
	return any;
}

/**
 * irqlab_timers_run() - fire the timers that are due.
 * @m: machine.
 *
 * Each callback runs on its timer's CPU (smp_processor_id()) with the
 * machine current.  A callback may re-arm its timer; one re-armed for a
 * time that is already due fires in a later call, not in this one.
 *
 * Return: the number of timers fired.
 */
unsigned int irqlab_timers_run(struct irqlab_machine *m)
{
	struct irqlab_machine *prev = irqlab_machine_set_current(m);
	unsigned int prev_cpu = irqlab_this_cpu();
	unsigned long long now = m->clock_ns;
	unsigned long gen;
	unsigned int n = 0;

	irqlab_lock_acquire(&m->work_lock);
	gen = ++m->timer_gen;
	irqlab_lock_release(&m->work_lock);
	/*
	 * Pop one due timer at a time, so a callback may add or cancel any
	 * timer; timers armed during this run (gen == @gen) wait for the next.
	 */
	for (;;) {
		struct irqlab_timer *t;

		irqlab_lock_acquire(&m->work_lock);
		t = m->timers;
		while (t && t->expires <= now && t->gen >= gen)
			t = t->next;
		if (!t || t->expires > now) {
			irqlab_lock_release(&m->work_lock);
			break;
		}
		irqlab_lock_release(&m->work_lock);
		irqlab_timer_del(m, t);
		irqlab_set_this_cpu(t->cpu);
		t->fn(t);
		n++;
	}
	irqlab_set_this_cpu(prev_cpu);
	irqlab_machine_set_current(prev);
	return n;
}
