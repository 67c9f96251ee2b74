// SPDX-License-Identifier: MIT
/*
 * The input side of the IO-APIC: the sources wired to each pin (a
 * wired-OR: the line is active while any source asserts) and the INTx
 * lines of PCI functions, connected through the functions' INTx sink.
 */
#include "ioapic_internal.h"
#include "irqlab/pci_hw.h"

/**
 * ioapic_source_set_locked() - change a source's drive and let the pin react.
 * @src: the source.
 * @asserted: the new drive.
 *
 * Context: the IO-APIC's lock held.
 */
void ioapic_source_set_locked(struct irqlab_ioapic_src *src, bool asserted)
{
	struct ioapic_pin *p = &src->io->pin[src->pin];

	lockdep_assert_held(&src->io->lock);
	if (src->asserted == asserted)
		return;
	src->asserted = asserted;
	if (asserted)
		p->nr_asserted++;
	else
		p->nr_asserted--;
	ioapic_pin_update(src->io, src->pin);
}

static struct irqlab_ioapic_src *source_new(struct irqlab_ioapic *io, unsigned int pin,
					    struct irqlab_pci_fn *fn)
{
	struct irqlab_ioapic_src *src = kzalloc(sizeof(*src), GFP_KERNEL);

	if (!src)
		return NULL;
	src->io = io;
	src->pin = pin;
	src->fn = fn;
	irqlab_lock_acquire(&io->lock);
	src->next = io->pin[pin].srcs;
	io->pin[pin].srcs = src;
	irqlab_lock_release(&io->lock);
	return src;
}

/* Deassert, unlink and free (lock held). */
static void source_free_locked(struct irqlab_ioapic_src *src)
{
	struct irqlab_ioapic_src **pp;

	ioapic_source_set_locked(src, false);
	for (pp = &src->io->pin[src->pin].srcs; *pp; pp = &(*pp)->next) {
		if (*pp == src) {
			*pp = src->next;
			break;
		}
	}
	kfree(src);
}

int irqlab_ioapic_source_add(struct irqlab_machine *m, unsigned int pin,
			     struct irqlab_ioapic_src **out)
{
	struct irqlab_ioapic *io = m ? m->ioapic : NULL;

	if (!io || pin >= IRQLAB_IOAPIC_NR_PINS || !out)
		return -EINVAL;
	*out = source_new(io, pin, NULL);
	return *out ? 0 : -ENOMEM;
}

int irqlab_ioapic_source_set(struct irqlab_ioapic_src *src, bool asserted)
{
	if (!src)
		return -EINVAL;
	irqlab_lock_acquire(&src->io->lock);
	ioapic_source_set_locked(src, asserted);
	irqlab_lock_release(&src->io->lock);
	return 0;
}

void irqlab_ioapic_source_del(struct irqlab_ioapic_src *src)
{
	struct irqlab_ioapic *io;

	if (!src)
		return;
	io = src->io;
	irqlab_lock_acquire(&io->lock);
	source_free_locked(src);
	irqlab_lock_release(&io->lock);
}

/*
 * The INTx sink of a connected function.  Called with the function's INTx
 * lock held, so the level changes of one function arrive in order.
 */
static void ioapic_intx_sink(void *ctx, struct irqlab_pci_fn *fn, bool level)
{
	struct irqlab_ioapic_src *src = ctx;

	irqlab_ioapic_source_set(src, level);
}

/* Is @fn still plugged into @m?  (A connection may outlive its function.) */
static bool fn_is_live(struct irqlab_machine *m, const struct irqlab_pci_fn *fn)
{
	struct irqlab_pci_fn *it = NULL;

	while ((it = irqlab_pci_fn_next(m, it)))
		if (it == fn)
			return true;
	return false;
}

/* The source of a PCI function, or NULL (lock held). */
static struct irqlab_ioapic_src *find_fn_source(struct irqlab_ioapic *io,
						const struct irqlab_pci_fn *fn)
{
	struct irqlab_ioapic_src *s;
	unsigned int i;

	for (i = 0; i < IRQLAB_IOAPIC_NR_PINS; i++)
		for (s = io->pin[i].srcs; s; s = s->next)
			if (s->fn == fn)
				return s;
	return NULL;
}

/* Remove the source of @fn; the caller disconnected the sink. */
static int drop_fn_source(struct irqlab_ioapic *io, const struct irqlab_pci_fn *fn)
{
	struct irqlab_ioapic_src *src;

	irqlab_lock_acquire(&io->lock);
	src = find_fn_source(io, fn);
	if (src)
		source_free_locked(src);
	irqlab_lock_release(&io->lock);
	return src ? 0 : -ENOENT;
}

int irqlab_ioapic_connect_intx(struct irqlab_machine *m, struct irqlab_pci_fn *fn,
			       unsigned int pin)
{
	struct irqlab_ioapic *io = m ? m->ioapic : NULL;
	const struct irqlab_pci_fn_config *cfg;
	struct irqlab_ioapic_src *src;

	if (!io || !fn || pin >= IRQLAB_IOAPIC_NR_PINS || irqlab_pci_fn_machine(fn) != m)
		return -EINVAL;
	cfg = irqlab_pci_fn_get_config(fn);
	if (!cfg->intx_pin)
		return -ENODEV;
	src = source_new(io, pin, NULL);
	if (!src)
		return -ENOMEM;
	/* The sink goes first: no level change can slip between the two. */
	irqlab_pci_fn_set_intx_sink(fn, NULL, NULL);
	drop_fn_source(io, fn);
	irqlab_lock_acquire(&io->lock);
	src->fn = fn;
	io->pin[pin].wire_active_low = true;
	ioapic_pin_update(io, pin);
	irqlab_lock_release(&io->lock);
	irqlab_pci_fn_set_intx_sink(fn, ioapic_intx_sink, src);
	/*
	 * Take the current level over.  A change racing with this read is
	 * delivered by the sink after we drop the lock, so the last word is
	 * the function's.
	 */
	irqlab_lock_acquire(&io->lock);
	ioapic_source_set_locked(src, irqlab_pci_fn_intx_level(fn));
	irqlab_lock_release(&io->lock);
	return 0;
}

int irqlab_ioapic_disconnect_intx(struct irqlab_machine *m, struct irqlab_pci_fn *fn)
{
	struct irqlab_ioapic *io = m ? m->ioapic : NULL;
	bool found;

	if (!io)
		return -EINVAL;
	irqlab_lock_acquire(&io->lock);
	found = fn && find_fn_source(io, fn);
	irqlab_lock_release(&io->lock);
	if (!found)
		return -ENOENT;
	if (fn_is_live(m, fn))
		irqlab_pci_fn_set_intx_sink(fn, NULL, NULL);
	return drop_fn_source(io, fn);
}

int irqlab_ioapic_intx_pin(struct irqlab_machine *m, const struct irqlab_pci_fn *fn)
{
	struct irqlab_ioapic *io = m ? m->ioapic : NULL;
	struct irqlab_ioapic_src *src;
	int ret;

	if (!io)
		return -EINVAL;
	irqlab_lock_acquire(&io->lock);
	src = fn ? find_fn_source(io, fn) : NULL;
	ret = src ? (int)src->pin : -ENOENT;
	irqlab_lock_release(&io->lock);
	return ret;
}

/**
 * ioapic_sources_destroy() - disconnect and free every source.
 * @io: the IO-APIC, lock not held.
 *
 * Functions still plugged in lose their sink first; a function destroyed
 * while connected already withdrew its level.
 */
void ioapic_sources_destroy(struct irqlab_ioapic *io)
{
	unsigned int i;

	for (i = 0; i < IRQLAB_IOAPIC_NR_PINS; i++) {
		struct irqlab_ioapic_src *s;

		for (s = io->pin[i].srcs; s; s = s->next)
			if (s->fn && fn_is_live(io->m, s->fn))
				irqlab_pci_fn_set_intx_sink(s->fn, NULL, NULL);
		while (io->pin[i].srcs) {
			s = io->pin[i].srcs;
			io->pin[i].srcs = s->next;
			kfree(s);
		}
	}
}
