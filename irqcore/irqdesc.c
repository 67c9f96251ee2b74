// SPDX-License-Identifier: MIT
/*
 * Interrupt descriptors: the sparse descriptor table, allocation of irq
 * number ranges, descriptor defaults, per-CPU statistics and the lookup
 * and locking helpers (kernel/irq/irqdesc.c analogue).
 *
 * Free irq numbers are found with a three-level bitmap: level 0 has one bit
 * per irq, level 1 one bit per level-0 word that is full, level 2 one bit
 * per level-1 word that is full.  Bits past the end are set, so searches
 * never walk off the map.  Finding a free irq costs a few word operations
 * whatever nr_irqs is; checking a range costs O(cnt / BITS_PER_LONG).
 */
#include <string.h>

#include "internals.h"

/* ---- the allocation bitmap ------------------------------------------- */

static inline bool word_full(unsigned long w)
{
	return w == ~0UL;
}

static void set_bit_range(unsigned long *b, unsigned int start, unsigned int end)
{
	for (; start < end; start++)
		b[start / BITS_PER_LONG] |= 1UL << (start % BITS_PER_LONG);
}

/* Recompute the summary bits covering level-0 word @w0. */
static void idmap_update(struct irqlab_idmap *map, unsigned int w0)
{
	unsigned int w1 = w0 / BITS_PER_LONG;
	unsigned long bit1 = 1UL << (w0 % BITS_PER_LONG);
	unsigned long bit2 = 1UL << (w1 % BITS_PER_LONG);

	if (word_full(map->l0[w0]))
		map->l1[w1] |= bit1;
	else
		map->l1[w1] &= ~bit1;
	if (word_full(map->l1[w1]))
		map->l2[w1 / BITS_PER_LONG] |= bit2;
	else
		map->l2[w1 / BITS_PER_LONG] &= ~bit2;
}

int irqlab_idmap_init(struct irqlab_idmap *map, unsigned int nbits)
{
	unsigned int n0 = BITS_TO_LONGS(nbits);
	unsigned int n1 = BITS_TO_LONGS(n0);
	unsigned int n2 = BITS_TO_LONGS(n1);
	unsigned int i;

	map->nbits = nbits;
	map->l0 = kcalloc(n0, sizeof(long), GFP_KERNEL);
	map->l1 = kcalloc(n1, sizeof(long), GFP_KERNEL);
	map->l2 = kcalloc(n2, sizeof(long), GFP_KERNEL);
	if (!map->l0 || !map->l1 || !map->l2) {
		irqlab_idmap_destroy(map);
		return -ENOMEM;
	}
	/* Padding bits count as allocated at every level. */
	set_bit_range(map->l0, nbits, n0 * BITS_PER_LONG);
	set_bit_range(map->l1, n0, n1 * BITS_PER_LONG);
	set_bit_range(map->l2, n1, n2 * BITS_PER_LONG);
	for (i = 0; i < n0; i++)
		idmap_update(map, i);
	return 0;
}

void irqlab_idmap_destroy(struct irqlab_idmap *map)
{
	kfree(map->l0);
	kfree(map->l1);
	kfree(map->l2);
	memset(map, 0, sizeof(*map));
}

bool irqlab_idmap_test(const struct irqlab_idmap *map, unsigned int bit)
{
	if (bit >= map->nbits)
		return true;
	return map->l0[bit / BITS_PER_LONG] & (1UL << (bit % BITS_PER_LONG));
}

/* First clear bit >= @start inside the word holding @start, or -1. */
static int zero_in_word(const unsigned long *b, unsigned int start)
{
	unsigned long w = ~b[start / BITS_PER_LONG] & (~0UL << (start % BITS_PER_LONG));

	return w ? (int)((start / BITS_PER_LONG) * BITS_PER_LONG +
			 (unsigned int)__builtin_ctzl(w)) : -1;
}

/* First level-0 word index >= @w0 that is not full, or n0. */
static unsigned int idmap_next_free_word(const struct irqlab_idmap *map, unsigned int w0)
{
	unsigned int n0 = BITS_TO_LONGS(map->nbits);
	unsigned int n1 = BITS_TO_LONGS(n0);
	unsigned int n2 = BITS_TO_LONGS(n1);
	unsigned int j;
	int r;

	if (w0 >= n0)
		return n0;
	r = zero_in_word(map->l1, w0);
	if (r >= 0)
		return (unsigned int)r < n0 ? (unsigned int)r : n0;
	/* The rest of that level-1 word is full: ask level 2 for the next. */
	for (j = w0 / BITS_PER_LONG + 1; j / BITS_PER_LONG < n2;
	     j = (j / BITS_PER_LONG + 1) * BITS_PER_LONG) {
		r = zero_in_word(map->l2, j);
		if (r < 0)
			continue;
		if ((unsigned int)r >= n1)
			return n0;
		r = zero_in_word(map->l1, (unsigned int)r * BITS_PER_LONG);
		return r >= 0 && (unsigned int)r < n0 ? (unsigned int)r : n0;
	}
	return n0;
}

/* First free irq >= @start, or nbits. */
static unsigned int idmap_next_zero(const struct irqlab_idmap *map, unsigned int start)
{
	unsigned int w0;
	int r;

	if (start >= map->nbits)
		return map->nbits;
	r = zero_in_word(map->l0, start);
	if (r < 0) {
		w0 = idmap_next_free_word(map, start / BITS_PER_LONG + 1);
		if (w0 >= BITS_TO_LONGS(map->nbits))
			return map->nbits;
		r = zero_in_word(map->l0, w0 * BITS_PER_LONG);
	}
	return r >= 0 && (unsigned int)r < map->nbits ? (unsigned int)r : map->nbits;
}

/* First allocated irq in [start, end), or end. */
static unsigned int idmap_next_set(const struct irqlab_idmap *map, unsigned int start,
				   unsigned int end)
{
	while (start < end) {
		unsigned long w = map->l0[start / BITS_PER_LONG] >> (start % BITS_PER_LONG);

		if (w) {
			unsigned int r = start + (unsigned int)__builtin_ctzl(w);

			return r < end ? r : end;
		}
		start = (start / BITS_PER_LONG + 1) * BITS_PER_LONG;
	}
	return end;
}

/**
 * irqlab_idmap_find_area() - first free range of @cnt irqs at or after @from.
 * @map: the map.
 * @from: lowest acceptable start.
 * @cnt: range length (> 0).
 *
 * Return: the start, or -ENOSPC.
 */
int irqlab_idmap_find_area(struct irqlab_idmap *map, unsigned int from, unsigned int cnt)
{
	unsigned int s = idmap_next_zero(map, from);

	while (s < map->nbits && cnt <= map->nbits - s) {
		unsigned int p = idmap_next_set(map, s, s + cnt);

		if (p == s + cnt)
			return (int)s;
		s = idmap_next_zero(map, p + 1);
	}
	return -ENOSPC;
}

void irqlab_idmap_set(struct irqlab_idmap *map, unsigned int start, unsigned int cnt)
{
	unsigned int i;

	for (i = start; i < start + cnt; i++)
		map->l0[i / BITS_PER_LONG] |= 1UL << (i % BITS_PER_LONG);
	for (i = start / BITS_PER_LONG; i <= (start + cnt - 1) / BITS_PER_LONG; i++)
		idmap_update(map, i);
}

void irqlab_idmap_clear(struct irqlab_idmap *map, unsigned int start, unsigned int cnt)
{
	unsigned int i;

	for (i = start; i < start + cnt; i++)
		map->l0[i / BITS_PER_LONG] &= ~(1UL << (i % BITS_PER_LONG));
	for (i = start / BITS_PER_LONG; i <= (start + cnt - 1) / BITS_PER_LONG; i++)
		idmap_update(map, i);
}

/* ---- per-CPU statistics ---------------------------------------------- */

/* Index of @cpu's pair, or where it would be inserted (*found false). */
static unsigned int kstat_find(const struct irqlab_kstat *k, unsigned int cpu, bool *found)
{
	unsigned int lo = 0, hi = k->nr;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (k->cpu[mid] < cpu)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < k->nr && k->cpu[lo] == cpu;
	return lo;
}

static bool kstat_is_dense(const struct irqlab_kstat *k)
{
	return k->cnt && !k->cpu;
}

/* Switch to one counter per CPU once pairs would cost about as much. */
static int kstat_make_dense(struct irqlab_kstat *k, unsigned int nr_cpus)
{
	unsigned int *dense = kcalloc(nr_cpus, sizeof(*dense), GFP_ATOMIC);
	unsigned int i;

	if (!dense)
		return -ENOMEM;
	for (i = 0; i < k->nr; i++)
		dense[k->cpu[i]] = k->cnt[i];
	kfree(k->cpu);
	kfree(k->cnt);
	k->cpu = NULL;
	k->cnt = dense;
	k->nr = nr_cpus;
	k->cap = 0;
	return 0;
}

static void kstat_add(struct irq_desc *desc, unsigned int cpu)
{
	struct irqlab_kstat *k = &desc->kstat_irqs;
	unsigned int nr_cpus = desc->machine->nr_cpus;
	unsigned int idx;
	bool found;

	if (kstat_is_dense(k)) {
		if (cpu < k->nr)
			k->cnt[cpu]++;
		return;
	}
	idx = kstat_find(k, cpu, &found);
	if (found) {
		k->cnt[idx]++;
		return;
	}
	if (2 * (k->nr + 1) >= nr_cpus && nr_cpus > 8) {
		if (!kstat_make_dense(k, nr_cpus))
			k->cnt[cpu]++;
		return;
	}
	if (k->nr == k->cap) {
		unsigned int ncap = k->cap ? k->cap * 2 : 2;
		unsigned int *ncpu = kcalloc(ncap, sizeof(*ncpu), GFP_ATOMIC);
		unsigned int *ncnt = kcalloc(ncap, sizeof(*ncnt), GFP_ATOMIC);

		if (!ncpu || !ncnt) {
			/* Losing one count beats failing the interrupt. */
			kfree(ncpu);
			kfree(ncnt);
			return;
		}
		if (k->nr) {
			memcpy(ncpu, k->cpu, k->nr * sizeof(*ncpu));
			memcpy(ncnt, k->cnt, k->nr * sizeof(*ncnt));
		}
		kfree(k->cpu);
		kfree(k->cnt);
		k->cpu = ncpu;
		k->cnt = ncnt;
		k->cap = ncap;
	}
	memmove(k->cpu + idx + 1, k->cpu + idx, (k->nr - idx) * sizeof(*k->cpu));
	memmove(k->cnt + idx + 1, k->cnt + idx, (k->nr - idx) * sizeof(*k->cnt));
	k->cpu[idx] = cpu;
	k->cnt[idx] = 1;
	k->nr++;
}

static unsigned int kstat_get(const struct irqlab_kstat *k, unsigned int cpu)
{
	unsigned int idx;
	bool found;

	if (kstat_is_dense(k))
		return cpu < k->nr ? k->cnt[cpu] : 0;
	if (!k->nr)
		return 0;
	idx = kstat_find(k, cpu, &found);
	return found ? k->cnt[idx] : 0;
}

void irqlab_kstat_free(struct irqlab_kstat *k)
{
	kfree(k->cpu);
	kfree(k->cnt);
	memset(k, 0, sizeof(*k));
}

/**
 * __kstat_incr_irqs_this_cpu() - count an interrupt on this CPU only.
 * @desc: the descriptor.
 */
void __kstat_incr_irqs_this_cpu(struct irq_desc *desc)
{
	kstat_add(desc, irqlab_this_cpu());
}

/**
 * kstat_incr_irqs_this_cpu() - count an interrupt on this CPU and in total.
 * @desc: the descriptor.
 */
void kstat_incr_irqs_this_cpu(struct irq_desc *desc)
{
	__kstat_incr_irqs_this_cpu(desc);
	desc->tot_count++;
}

/**
 * kstat_irqs_cpu() - interrupts of @irq handled on @cpu.
 * @irq: irq number.
 * @cpu: CPU.
 *
 * Return: the count, 0 for an unknown irq.
 */
unsigned int kstat_irqs_cpu(unsigned int irq, int cpu)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (!desc || cpu < 0)
		return 0;
	return kstat_get(&desc->kstat_irqs, (unsigned int)cpu);
}

/**
 * kstat_irqs_usr() - total interrupts of @irq on all CPUs.
 * @irq: irq number.
 *
 * Return: the sum (tot_count unless per-CPU-devid, as in the kernel).
 */
unsigned int kstat_irqs_usr(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);
	const struct irqlab_kstat *k;
	unsigned int sum = 0, i;

	if (!desc)
		return 0;
	if (!irq_settings_is_per_cpu_devid(desc) && !irq_settings_is_per_cpu(desc))
		return desc->tot_count;
	k = &desc->kstat_irqs;
	for (i = 0; i < k->nr; i++)
		sum += k->cnt[i];
	return sum;
}

/**
 * irqlab_kstat_bytes() - heap bytes used by the per-CPU counts of @desc.
 * @desc: descriptor.
 *
 * Return: bytes.
 */
size_t irqlab_kstat_bytes(const struct irq_desc *desc)
{
	const struct irqlab_kstat *k = &desc->kstat_irqs;

	if (kstat_is_dense(k))
		return k->nr * sizeof(unsigned int);
	return k->cap * 2 * sizeof(unsigned int);
}

/* ---- descriptors ------------------------------------------------------ */

struct irq_desc *irqlab_desc_lookup(struct irqlab_machine *m, unsigned int irq)
{
	if (!m)
		return NULL;
	return irqlab_radix_lookup(&m->descs, irq);
}

struct irq_desc *irq_to_desc(unsigned int irq)
{
	return irqlab_desc_lookup(irqlab_cur(), irq);
}

static void free_desc_mem(struct irq_desc *desc)
{
	irqlab_kstat_free(&desc->kstat_irqs);
	free_cpumask_var(desc->irq_common_data.affinity);
	free_cpumask_var(desc->irq_common_data.effective_affinity);
	free_cpumask_var(desc->pending_mask);
	irqlab_lock_destroy(&desc->lock);
	mutex_destroy(&desc->request_mutex);
	kfree(desc);
}

static struct irq_desc *alloc_desc(struct irqlab_machine *m, unsigned int irq, int node,
				   unsigned int flags, const struct cpumask *affinity)
{
	struct irq_desc *desc = kzalloc(sizeof(*desc), GFP_KERNEL);

	if (!desc)
		return NULL;
	if (!zalloc_cpumask_var(&desc->irq_common_data.affinity, GFP_KERNEL) ||
	    !zalloc_cpumask_var(&desc->irq_common_data.effective_affinity, GFP_KERNEL) ||
	    !zalloc_cpumask_var(&desc->pending_mask, GFP_KERNEL)) {
		free_cpumask_var(desc->irq_common_data.affinity);
		free_cpumask_var(desc->irq_common_data.effective_affinity);
		kfree(desc);
		return NULL;
	}
	irqlab_lock_init(&desc->lock);
	mutex_init(&desc->request_mutex);
	desc->machine = m;
	desc->irq_data.irq = irq;
	desc->irq_data.common = &desc->irq_common_data;
	desc->irq_data.chip = &no_irq_chip;
	desc->irq_common_data.node = node;
	desc->irq_common_data.state_use_accessors = flags | IRQD_IRQ_DISABLED | IRQD_IRQ_MASKED;
	desc->handle_irq = handle_bad_irq;
	desc->depth = 1;
	desc->parent_irq = -1;
	cpumask_copy(desc->irq_common_data.affinity, affinity ? affinity : m->default_affinity);
	return desc;
}

/*
 * arch_dynirq_lower_bound(): x86 keeps freely allocated irqs (MSI) out of
 * the GSI space, so the IO-APIC's irqs keep their GSI numbers and MSI
 * irqs are numbered from gsi_top (24 with one 24-pin IO-APIC).
 */
static unsigned int arch_dynirq_lower_bound(const struct irqlab_machine *m, unsigned int from)
{
	return m->dynirq_base ? m->dynirq_base : from;
}

/**
 * __irq_alloc_descs() - allocate and initialise a range of descriptors.
 * @irq: exact irq wanted, or -1.
 * @from: lowest irq to consider (for @irq = -1, raised to the platform's
 *        dynamic irq base: gsi_top on x86).
 * @cnt: number of descriptors.
 * @node: NUMA node.
 * @affinity: @cnt affinity descriptors, or NULL.
 *
 * Context: takes the machine's sparse lock.
 * Return: first irq; -EINVAL, -EEXIST or -ENOMEM.
 */
int __irq_alloc_descs(int irq, unsigned int from, unsigned int cnt, int node,
		      const struct irq_affinity_desc *affinity)
{
	struct irqlab_machine *m = irqlab_cur();
	struct irq_desc **descs;
	unsigned int i;
	int start, ret;

	if (!m || !cnt)
		return -EINVAL;
	if (irq >= 0) {
		if (from > (unsigned int)irq)
			return -EINVAL;
		from = (unsigned int)irq;
	} else {
		from = arch_dynirq_lower_bound(m, from);
	}
	if (affinity)
		for (i = 0; i < cnt; i++)
			if (!affinity[i].mask || cpumask_empty(affinity[i].mask))
				return -EINVAL;
	descs = kcalloc(cnt, sizeof(*descs), GFP_KERNEL);
	if (!descs)
		return -ENOMEM;

	irqlab_lock_acquire(&m->sparse_lock);
	start = irqlab_idmap_find_area(&m->allocated_irqs, from, cnt);
	if (irq >= 0 && start != irq) {
		ret = -EEXIST;
		goto unlock;
	}
	if (start < 0) {
		ret = -ENOMEM; /* the kernel cannot expand nr_irqs either */
		goto unlock;
	}
	for (i = 0; i < cnt; i++) {
		const struct cpumask *mask = NULL;
		unsigned int flags = 0;
		int dnode = node;

		if (affinity) {
			if (affinity[i].is_managed)
				flags = IRQD_AFFINITY_MANAGED | IRQD_MANAGED_SHUTDOWN;
			flags |= IRQD_AFFINITY_SET;
			mask = affinity[i].mask;
			dnode = cpu_to_node(cpumask_first(mask));
		}
		descs[i] = alloc_desc(m, (unsigned int)start + i, dnode, flags, mask);
		if (!descs[i] ||
		    irqlab_radix_insert(&m->descs, (unsigned int)start + i, descs[i])) {
			if (descs[i])
				free_desc_mem(descs[i]);
			goto unwind;
		}
	}
	irqlab_idmap_set(&m->allocated_irqs, (unsigned int)start, cnt);
	m->nr_active_irqs += cnt;
	ret = start;
	goto unlock;
unwind:
	while (i--) {
		irqlab_radix_delete(&m->descs, (unsigned int)start + i);
		free_desc_mem(descs[i]);
	}
	ret = -ENOMEM;
unlock:
	irqlab_lock_release(&m->sparse_lock);
	kfree(descs);
	return ret;
}

/**
 * irq_free_descs() - free a range of descriptors.
 * @from: first irq.
 * @cnt: count.
 *
 * Context: takes the machine's sparse lock.
 */
void irq_free_descs(unsigned int from, unsigned int cnt)
{
	struct irqlab_machine *m = irqlab_cur();
	unsigned int i;

	if (!m || WARN_ON(from >= m->nr_irqs || cnt > m->nr_irqs - from))
		return;
	/* The file tree's lock nests outside the sparse lock: drop the files first. */
	for (i = from; i < from + cnt; i++) {
		struct irq_desc *desc = irqlab_radix_lookup(&m->descs, i);

		if (desc && !desc->action) {
			unregister_irq_proc(i, desc);
			irq_remove_debugfs_entry(desc);
		}
	}
	irqlab_lock_acquire(&m->sparse_lock);
	for (i = from; i < from + cnt; i++) {
		struct irq_desc *desc = irqlab_radix_lookup(&m->descs, i);

		if (!desc)
			continue;
		/* Freeing a requested irq would leave dangling actions. */
		if (WARN(desc->action, "irq %u freed with actions still installed\n", i))
			continue;
		irqlab_radix_delete(&m->descs, i);
		irqlab_idmap_clear(&m->allocated_irqs, i, 1);
		m->nr_active_irqs--;
		free_desc_mem(desc);
	}
	irqlab_lock_release(&m->sparse_lock);
}

/* Machine teardown: free every descriptor and any hierarchy data left. */
void irqlab_descs_destroy(struct irqlab_machine *m)
{
	unsigned long key = 0;
	struct irq_desc *desc;

	while ((desc = irqlab_radix_next(&m->descs, &key))) {
		struct irq_data *d = desc->irq_data.parent_data;

		while (d) {
			struct irq_data *p = d->parent_data;

			kfree(d);
			d = p;
		}
		irqlab_radix_delete(&m->descs, key);
		free_desc_mem(desc);
	}
	irqlab_radix_destroy(&m->descs);
	m->nr_active_irqs = 0;
}

unsigned int irq_get_next_irq(unsigned int offset)
{
	struct irqlab_machine *m = irqlab_cur();
	unsigned long key = offset;

	if (!m)
		return 0;
	if (!irqlab_radix_next(&m->descs, &key))
		return m->nr_irqs;
	return (unsigned int)key;
}

unsigned int irqlab_nr_irqs(void)
{
	struct irqlab_machine *m = irqlab_cur();

	return m ? m->nr_irqs : 0;
}

unsigned int irqlab_nr_active_irqs(void)
{
	struct irqlab_machine *m = irqlab_cur();

	return m ? m->nr_active_irqs : 0;
}

/* ---- locking helpers -------------------------------------------------- */

void chip_bus_lock(struct irq_desc *desc)
{
	if (desc->irq_data.chip && desc->irq_data.chip->irq_bus_lock)
		desc->irq_data.chip->irq_bus_lock(&desc->irq_data);
}

void chip_bus_sync_unlock(struct irq_desc *desc)
{
	if (desc->irq_data.chip && desc->irq_data.chip->irq_bus_sync_unlock)
		desc->irq_data.chip->irq_bus_sync_unlock(&desc->irq_data);
}

struct irq_desc *irq_get_desc_lock(unsigned int irq, unsigned long *flags)
{
	struct irq_desc *desc = irq_to_desc(irq);

	*flags = 0;
	if (desc)
		raw_spin_lock(&desc->lock);
	return desc;
}

void irq_put_desc_unlock(struct irq_desc *desc, unsigned long flags)
{
	(void)flags;
	raw_spin_unlock(&desc->lock);
}

struct irq_desc *irq_get_desc_buslock(unsigned int irq, unsigned long *flags)
{
	struct irq_desc *desc = irq_to_desc(irq);

	*flags = 0;
	if (desc) {
		chip_bus_lock(desc);
		raw_spin_lock(&desc->lock);
	}
	return desc;
}

void irq_put_desc_busunlock(struct irq_desc *desc, unsigned long flags)
{
	(void)flags;
	raw_spin_unlock(&desc->lock);
	chip_bus_sync_unlock(desc);
}

/* ---- entry ------------------------------------------------------------ */

/**
 * generic_handle_irq_desc() - run @desc's flow handler.
 * @desc: descriptor.
 *
 * Return: 0.
 */
int generic_handle_irq_desc(struct irq_desc *desc)
{
	desc->handle_irq(desc);
	return 0;
}

/**
 * generic_handle_irq() - run the flow handler of @irq on this CPU.
 * @irq: irq number.
 *
 * Return: 0 or -EINVAL when @irq has no descriptor.
 */
int generic_handle_irq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (!desc)
		return -EINVAL;
	return generic_handle_irq_desc(desc);
}
