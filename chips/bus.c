// SPDX-License-Identifier: MIT
/*
 * The system bus: address windows claimed by interrupt controllers and
 * hosts, and the record of writes nobody took.
 */
#include "internals.h"
#include "irqlab/bus.h"

struct bus_window {
	u64 base, size;
	const char *name;
	irqlab_bus_write_fn fn;
	void *ctx;
	struct bus_window *next;
};

struct irqlab_bus {
	struct irqlab_lock lock;
	struct bus_window *windows;
	unsigned int nr_errors;
	struct irqlab_bus_error last;
};

/*
 * Sideband of the write being delivered.  Per thread: in threaded mode two
 * devices may be on the bus at once, each handler must see its own ID.
 */
static _Thread_local u32 cur_rid = IRQLAB_BUS_NO_RID;

/* The bus is created on first use and freed with the machine. */
static struct irqlab_bus *bus_get(struct irqlab_machine *m)
{
	if (!m->bus) {
		struct irqlab_bus *b = kzalloc(sizeof(*b), GFP_KERNEL);

		if (!b)
			return NULL;
		irqlab_lock_init(&b->lock);
		m->bus = b;
	}
	return m->bus;
}

int irqlab_bus_claim(struct irqlab_machine *m, u64 base, u64 size, const char *name,
		     irqlab_bus_write_fn fn, void *ctx)
{
	struct irqlab_bus *b;
	struct bus_window *w, *it;

	if (!m || !size || !fn || base + size - 1 < base)
		return -EINVAL;
	b = bus_get(m);
	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!b || !w) {
		kfree(w);
		return -ENOMEM;
	}
	*w = (struct bus_window){ base, size, name, fn, ctx, NULL };
	irqlab_lock_acquire(&b->lock);
	for (it = b->windows; it; it = it->next) {
		if (base <= it->base + it->size - 1 && it->base <= base + size - 1) {
			irqlab_lock_release(&b->lock);
			kfree(w);
			return -EBUSY;
		}
	}
	w->next = b->windows;
	b->windows = w;
	irqlab_lock_release(&b->lock);
	return 0;
}

int irqlab_bus_release(struct irqlab_machine *m, u64 base)
{
	struct bus_window **pp, *w;

	if (!m || !m->bus)
		return -ENOENT;
	irqlab_lock_acquire(&m->bus->lock);
	for (pp = &m->bus->windows; (w = *pp); pp = &w->next) {
		if (w->base == base) {
			*pp = w->next;
			irqlab_lock_release(&m->bus->lock);
			kfree(w);
			return 0;
		}
	}
	irqlab_lock_release(&m->bus->lock);
	return -ENOENT;
}

static int record_error(struct irqlab_machine *m, u64 addr, u32 data, int err)
{
	struct irqlab_bus *b = bus_get(m);

	if (b) {
		irqlab_lock_acquire(&b->lock);
		b->nr_errors++;
		b->last = (struct irqlab_bus_error){ addr, data, err };
		irqlab_lock_release(&b->lock);
	}
	return err;
}

int irqlab_bus_write(struct irqlab_machine *m, u64 addr, u32 data)
{
	return irqlab_bus_write_rid(m, addr, data, IRQLAB_BUS_NO_RID);
}

int irqlab_bus_write_rid(struct irqlab_machine *m, u64 addr, u32 data, u32 requester_id)
{
	irqlab_bus_write_fn fn = NULL;
	struct bus_window *w;
	void *ctx = NULL;
	int ret;

	if (!m)
		return -EINVAL;
	if (m->bus) {
		irqlab_lock_acquire(&m->bus->lock);
		for (w = m->bus->windows; w; w = w->next) {
			if (addr >= w->base && addr - w->base < w->size) {
				fn = w->fn;
				ctx = w->ctx;
				break;
			}
		}
		irqlab_lock_release(&m->bus->lock);
	}
	/* The handler runs unlocked: it may raise interrupts, claim windows... */
	if (!fn)
		return record_error(m, addr, data, -EIO);
	{
		/* Nested writes (a handler raising another) keep their own ID. */
		u32 saved = cur_rid;

		cur_rid = requester_id;
		ret = fn(ctx, addr, data);
		cur_rid = saved;
	}
	return ret ? record_error(m, addr, data, ret) : 0;
}

u32 irqlab_bus_requester_id(struct irqlab_machine *m)
{
	(void)m;
	return cur_rid;
}

unsigned int irqlab_bus_nr_errors(struct irqlab_machine *m)
{
	return m && m->bus ? m->bus->nr_errors : 0;
}

int irqlab_bus_last_error(struct irqlab_machine *m, struct irqlab_bus_error *e)
{
	if (!m || !m->bus || !m->bus->nr_errors)
		return -ENOENT;
	*e = m->bus->last;
	return 0;
}

/* Machine teardown (machine.c). */
void irqlab_bus_destroy(struct irqlab_machine *m)
{
	struct bus_window *w;

	if (!m->bus)
		return;
	while ((w = m->bus->windows)) {
		m->bus->windows = w->next;
		kfree(w);
	}
	irqlab_lock_destroy(&m->bus->lock);
	kfree(m->bus);
	m->bus = NULL;
}
