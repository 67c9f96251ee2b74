// SPDX-License-Identifier: MIT
/*
 * Simulated physical memory: regions of fake RAM that the kernel side
 * writes through a pointer and the emulated hardware reads and writes by
 * physical address.  Regions are kept sorted by address (allocation only
 * ever moves up), so a device access is one binary search.
 */
#include <string.h>

#include "internals.h"
#include "sysmem_internal.h"

/* Unmapped gap after each region: an overrun faults instead of landing. */
#define SYSMEM_GUARD 4096ULL

struct sysmem_region {
	u64 phys;
	u64 size;
	void *virt;
};

struct irqlab_sysmem {
	struct irqlab_lock lock;
	struct sysmem_region *regions;	/* sorted by phys */
	unsigned int nr, cap;
	u64 next;			/* lowest address never handed out */
	struct irqlab_mem_agent *agents;
};

static struct irqlab_sysmem *sysmem_get(struct irqlab_machine *m)
{
	struct irqlab_sysmem *s = m->sysmem;

	if (s)
		return s;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return NULL;
	irqlab_lock_init(&s->lock);
	s->next = IRQLAB_SYSMEM_BASE;
	m->sysmem = s;
	return s;
}

static bool is_pow2(size_t x)
{
	return x && !(x & (x - 1));
}

/* Make room for one more region; called with the lock held. */
static int regions_grow(struct irqlab_sysmem *s)
{
	struct sysmem_region *r;
	unsigned int cap;

	if (s->nr < s->cap)
		return 0;
	cap = s->cap ? s->cap * 2 : 16;
	r = krealloc(s->regions, cap * sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	s->regions = r;
	s->cap = cap;
	return 0;
}

int irqlab_dma_alloc(struct irqlab_machine *m, size_t size, size_t align, u64 *phys,
		     void **virt)
{
	struct irqlab_sysmem *s;
	u64 base;
	void *p;
	int ret;

	if (!m || !phys || !virt || !size || size > IRQLAB_SYSMEM_MAX_ALLOC ||
	    !is_pow2(align) || align > IRQLAB_SYSMEM_MAX_ALLOC)
		return -EINVAL;
	s = sysmem_get(m);
	if (!s)
		return -ENOMEM;
	p = kzalloc(size, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	irqlab_lock_acquire(&s->lock);
	base = (s->next + align - 1) & ~((u64)align - 1);
	if (base + size > IRQLAB_SYSMEM_BASE + IRQLAB_SYSMEM_SIZE) {
		ret = -ENOSPC;
		goto unlock;
	}
	ret = regions_grow(s);
	if (ret)
		goto unlock;
	s->regions[s->nr++] = (struct sysmem_region){ base, size, p };
	s->next = base + size + SYSMEM_GUARD;
	irqlab_lock_release(&s->lock);
	*phys = base;
	*virt = p;
	return 0;
unlock:
	irqlab_lock_release(&s->lock);
	kfree(p);
	return ret;
}

/* Index of the region holding @phys, or -1; called with the lock held. */
static int region_find(const struct irqlab_sysmem *s, u64 phys)
{
	unsigned int lo = 0, hi = s->nr;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		const struct sysmem_region *r = &s->regions[mid];

		if (phys < r->phys)
			hi = mid;
		else if (phys - r->phys >= r->size)
			lo = mid + 1;
		else
			return mid;
	}
	return -1;
}

void irqlab_dma_free(struct irqlab_machine *m, u64 phys)
{
	struct irqlab_sysmem *s = m ? m->sysmem : NULL;
	void *virt = NULL;
	int i = -1;

	if (s) {
		irqlab_lock_acquire(&s->lock);
		i = region_find(s, phys);
		if (i >= 0 && s->regions[i].phys == phys) {
			virt = s->regions[i].virt;
			memmove(&s->regions[i], &s->regions[i + 1],
				(s->nr - i - 1) * sizeof(s->regions[0]));
			s->nr--;
		}
		irqlab_lock_release(&s->lock);
	}
	if (WARN(!virt, "irqlab_dma_free: no region at %#llx\n",
		 (unsigned long long)phys))
		return;
	kfree(virt);
}

/* The pointer behind [@phys, @phys + @len), or NULL; lock held. */
static void *mem_span(const struct irqlab_sysmem *s, u64 phys, size_t len)
{
	const struct sysmem_region *r;
	int i = region_find(s, phys);

	if (i < 0)
		return NULL;
	r = &s->regions[i];
	if (len > r->size - (phys - r->phys))
		return NULL;
	return (char *)r->virt + (phys - r->phys);
}

int irqlab_mem_read(struct irqlab_machine *m, u64 phys, void *buf, size_t len)
{
	struct irqlab_sysmem *s = m ? m->sysmem : NULL;
	void *p;

	if (!s)
		return -EFAULT;
	irqlab_lock_acquire(&s->lock);
	p = mem_span(s, phys, len);
	if (p)
		memcpy(buf, p, len);
	irqlab_lock_release(&s->lock);
	return p ? 0 : -EFAULT;
}

int irqlab_mem_write(struct irqlab_machine *m, u64 phys, const void *buf, size_t len)
{
	struct irqlab_sysmem *s = m ? m->sysmem : NULL;
	void *p;

	if (!s)
		return -EFAULT;
	irqlab_lock_acquire(&s->lock);
	p = mem_span(s, phys, len);
	if (p)
		memcpy(p, buf, len);
	irqlab_lock_release(&s->lock);
	return p ? 0 : -EFAULT;
}

unsigned int irqlab_mem_nr_regions(struct irqlab_machine *m)
{
	return m && m->sysmem ? m->sysmem->nr : 0;
}

int irqlab_mem_agent_attach(struct irqlab_machine *m, struct irqlab_mem_agent *a)
{
	struct irqlab_sysmem *s = sysmem_get(m);

	if (!s)
		return -ENOMEM;
	irqlab_lock_acquire(&s->lock);
	a->next = s->agents;
	s->agents = a;
	irqlab_lock_release(&s->lock);
	return 0;
}

struct irqlab_mem_agent *irqlab_mem_agent_attach_unique(struct irqlab_machine *m,
							struct irqlab_mem_agent *a)
{
	struct irqlab_sysmem *s = sysmem_get(m);
	struct irqlab_mem_agent *it;

	if (!s)
		return NULL;
	irqlab_lock_acquire(&s->lock);
	for (it = s->agents; it && it->type != a->type; it = it->next)
		;
	if (!it) {
		a->next = s->agents;
		s->agents = a;
		it = a;
	}
	irqlab_lock_release(&s->lock);
	return it;
}

void irqlab_mem_agent_detach(struct irqlab_machine *m, struct irqlab_mem_agent *a)
{
	struct irqlab_sysmem *s = m->sysmem;
	struct irqlab_mem_agent **pp;

	if (!s)
		return;
	irqlab_lock_acquire(&s->lock);
	for (pp = &s->agents; *pp; pp = &(*pp)->next) {
		if (*pp == a) {
			*pp = a->next;
			a->next = NULL;
			break;
		}
	}
	irqlab_lock_release(&s->lock);
}

struct irqlab_mem_agent *irqlab_mem_agent_find(struct irqlab_machine *m,
					       const struct irqlab_mem_agent_type *type)
{
	struct irqlab_sysmem *s = m->sysmem;
	struct irqlab_mem_agent *a = NULL;

	if (!s)
		return NULL;
	irqlab_lock_acquire(&s->lock);
	for (a = s->agents; a && a->type != type; a = a->next)
		;
	irqlab_lock_release(&s->lock);
	return a;
}

/**
 * irqlab_sysmem_destroy() - machine teardown of the memory and its agents.
 * @m: machine.
 *
 * Agents (ITSes, redistributors) go first, newest first, since they may
 * still hold physical addresses; then every region still allocated.
 */
void irqlab_sysmem_destroy(struct irqlab_machine *m)
{
	struct irqlab_sysmem *s = m->sysmem;
	struct irqlab_mem_agent *a;
	unsigned int i;

	if (!s)
		return;
	for (;;) {
		irqlab_lock_acquire(&s->lock);
		a = s->agents;
		if (a)
			s->agents = a->next;
		irqlab_lock_release(&s->lock);
		if (!a)
			break;
		a->next = NULL;
		a->type->release(m, a);
	}
	for (i = 0; i < s->nr; i++)
		kfree(s->regions[i].virt);
	kfree(s->regions);
	irqlab_lock_destroy(&s->lock);
	kfree(s);
	m->sysmem = NULL;
}
