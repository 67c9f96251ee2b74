// SPDX-License-Identifier: MIT
/*
 * Reference vector matrix allocator (tests and benchmarks only).
 *
 * Written straight from the description in genirq.md §5: per-CPU maps
 * with word-wise bitmaps (like the kernel's bitmap_*()), and a linear scan
 * of the mask to choose the CPU:
 *  - alloc: the online CPU with the most available (> 0), ties lowest id;
 *  - alloc_managed: the online CPU with the fewest managed_allocated, ties
 *    highest id; then its first managed-but-unallocated bit or -ENOSPC.
 * irqlab's hardening (kernel BUG()s and an offline of an offline map become
 * WARN + no change) is the same as in irqcore/matrix.c.
 */
#include <limits.h>

#include "matrix_ref.h"

#define RBPL ((unsigned int)BITS_PER_LONG)

struct ref_cpumap {
	unsigned int available;
	unsigned int allocated;
	unsigned int managed;
	unsigned int managed_allocated;
	bool initialized;
	bool online;
	unsigned long *alloc_map;
	unsigned long *managed_map;
};

struct ref_irq_matrix {
	unsigned int nr_cpus;
	unsigned int matrix_bits;
	unsigned int alloc_start;
	unsigned int alloc_end;
	unsigned int alloc_size;
	unsigned int global_available;
	unsigned int global_reserved;
	unsigned int systembits_inalloc;
	unsigned int total_allocated;
	unsigned int online_maps;
	unsigned int words;
	struct ref_cpumap *maps;
	unsigned long *scratch_map;
	unsigned long *system_map;
	unsigned long *storage;
};

/* ---- bitmap helpers, word by word as lib/bitmap.c ------------------------ */

static bool rb_test(const unsigned long *map, unsigned int bit)
{
	return (map[bit / RBPL] >> (bit % RBPL)) & 1;
}

static void rb_set(unsigned long *map, unsigned int bit)
{
	map[bit / RBPL] |= 1UL << (bit % RBPL);
}

static void rb_clear(unsigned long *map, unsigned int bit)
{
	map[bit / RBPL] &= ~(1UL << (bit % RBPL));
}

static void rb_or3(unsigned long *dst, const unsigned long *a, const unsigned long *b,
		   const unsigned long *c, unsigned int words)
{
	unsigned int i;

	for (i = 0; i < words; i++)
		dst[i] = a[i] | b[i] | c[i];
}

static void rb_andnot(unsigned long *dst, const unsigned long *a,
		      const unsigned long *b, unsigned int words)
{
	unsigned int i;

	for (i = 0; i < words; i++)
		dst[i] = a[i] & ~b[i];
}

/* First bit at or after @start below @size with the value !@zero... */
static unsigned int rb_find_next(const unsigned long *map, unsigned int size,
				 unsigned int start, bool zero)
{
	while (start < size) {
		unsigned long w = map[start / RBPL];

		if (zero)
			w = ~w;
		w >>= start % RBPL;
		if (w) {
			start += (unsigned int)__builtin_ctzl(w);
			return start < size ? start : size;
		}
		start = (start / RBPL + 1) * RBPL;
	}
	return size;
}

/* ---- allocation ----------------------------------------------------------- */

struct ref_irq_matrix *ref_irq_alloc_matrix(unsigned int matrix_bits,
					    unsigned int alloc_start,
					    unsigned int alloc_end)
{
	struct ref_irq_matrix *m;
	unsigned int cpu;

	if (!irqlab_machine_current() || !matrix_bits ||
	    matrix_bits > IRQLAB_MATRIX_MAX_BITS || alloc_start > alloc_end ||
	    alloc_end > matrix_bits)
		return NULL;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return NULL;
	m->nr_cpus = nr_cpu_ids;
	m->matrix_bits = matrix_bits;
	m->alloc_start = alloc_start;
	m->alloc_end = alloc_end;
	m->alloc_size = alloc_end - alloc_start;
	m->words = BITS_TO_LONGS(matrix_bits);
	m->maps = kcalloc(m->nr_cpus, sizeof(*m->maps), GFP_KERNEL);
	m->storage = kcalloc(((size_t)m->nr_cpus * 2 + 2) * m->words, sizeof(long),
			     GFP_KERNEL);
	if (!m->maps || !m->storage) {
		ref_irq_matrix_destroy(m);
		return NULL;
	}
	for (cpu = 0; cpu < m->nr_cpus; cpu++) {
		m->maps[cpu].alloc_map = m->storage + (size_t)cpu * 2 * m->words;
		m->maps[cpu].managed_map = m->maps[cpu].alloc_map + m->words;
	}
	m->scratch_map = m->storage + (size_t)m->nr_cpus * 2 * m->words;
	m->system_map = m->scratch_map + m->words;
	return m;
}

void ref_irq_matrix_destroy(struct ref_irq_matrix *m)
{
	if (!m)
		return;
	kfree(m->storage);
	kfree(m->maps);
	kfree(m);
}

static struct ref_cpumap *ref_this_cpumap(struct ref_irq_matrix *m)
{
	unsigned int cpu = smp_processor_id();

	if (WARN(cpu >= m->nr_cpus, "irq_matrix: CPU %u beyond the matrix (%u CPUs)\n",
		 cpu, m->nr_cpus))
		return NULL;
	return &m->maps[cpu];
}

void ref_irqlab_matrix_online_cpu(struct ref_irq_matrix *m, unsigned int cpu)
{
	struct ref_cpumap *cm;

	if (WARN_ON(cpu >= m->nr_cpus))
		return;
	cm = &m->maps[cpu];
	if (WARN_ON(cm->online))
		return;
	if (!cm->initialized) {
		cm->available = m->alloc_size - (cm->managed + m->systembits_inalloc);
		cm->initialized = true;
	}
	m->global_available += cm->available;
	cm->online = true;
	m->online_maps++;
}

void ref_irqlab_matrix_offline_cpu(struct ref_irq_matrix *m, unsigned int cpu)
{
	struct ref_cpumap *cm;

	if (WARN_ON(cpu >= m->nr_cpus))
		return;
	cm = &m->maps[cpu];
	if (WARN_ON(!cm->online))
		return;
	m->global_available -= cm->available;
	cm->online = false;
	m->online_maps--;
}

void ref_irq_matrix_online(struct ref_irq_matrix *m)
{
	ref_irqlab_matrix_online_cpu(m, smp_processor_id());
}

void ref_irq_matrix_offline(struct ref_irq_matrix *m)
{
	ref_irqlab_matrix_offline_cpu(m, smp_processor_id());
}

/* matrix_alloc_area(): first free bit of [start, end) not managed/system. */
static unsigned int ref_alloc_area(struct ref_irq_matrix *m, struct ref_cpumap *cm,
				   bool managed)
{
	unsigned int bit;

	rb_or3(m->scratch_map, cm->managed_map, m->system_map, cm->alloc_map, m->words);
	bit = rb_find_next(m->scratch_map, m->alloc_end, m->alloc_start, true);
	if (bit >= m->alloc_end)
		return bit;
	rb_set(managed ? cm->managed_map : cm->alloc_map, bit);
	return bit;
}

/* Linear scan: most available (> 0), ties to the lowest CPU. */
static unsigned int ref_find_best_cpu(struct ref_irq_matrix *m, const struct cpumask *msk)
{
	unsigned int cpu, best_cpu = UINT_MAX, maxavl = 0;

	for_each_cpu(cpu, msk) {
		struct ref_cpumap *cm;

		if (cpu >= m->nr_cpus)
			break;
		cm = &m->maps[cpu];
		if (!cm->online || cm->available <= maxavl)
			continue;
		best_cpu = cpu;
		maxavl = cm->available;
	}
	return best_cpu;
}

/* Linear scan: fewest managed_allocated, ties to the highest CPU. */
static unsigned int ref_find_best_cpu_managed(struct ref_irq_matrix *m,
					      const struct cpumask *msk)
{
	unsigned int cpu, best_cpu = UINT_MAX, allocated = UINT_MAX;

	for_each_cpu(cpu, msk) {
		struct ref_cpumap *cm;

		if (cpu >= m->nr_cpus)
			break;
		cm = &m->maps[cpu];
		if (!cm->online || cm->managed_allocated > allocated)
			continue;
		best_cpu = cpu;
		allocated = cm->managed_allocated;
	}
	return best_cpu;
}

void ref_irq_matrix_assign_system(struct ref_irq_matrix *m, unsigned int bit, bool replace)
{
	struct ref_cpumap *cm = ref_this_cpumap(m);

	if (!cm)
		return;
	if (WARN_ON(bit >= m->matrix_bits))
		return;
	if (WARN_ON(m->online_maps > 1 || (m->online_maps && !replace)))
		return;
	if (replace && WARN_ON(!rb_test(cm->alloc_map, bit)))
		return;
	rb_set(m->system_map, bit);
	if (replace) {
		rb_clear(cm->alloc_map, bit);
		cm->allocated--;
		m->total_allocated--;
	}
	if (bit >= m->alloc_start && bit < m->alloc_end)
		m->systembits_inalloc++;
}

static void ref_remove_managed_one(struct ref_irq_matrix *m, unsigned int cpu)
{
	struct ref_cpumap *cm = &m->maps[cpu];
	unsigned int bit;

	if (WARN_ON_ONCE(!cm->managed))
		return;
	rb_andnot(m->scratch_map, cm->managed_map, cm->alloc_map, m->words);
	bit = rb_find_next(m->scratch_map, m->alloc_end, 0, false);
	if (WARN_ON_ONCE(bit >= m->alloc_end))
		return;
	rb_clear(cm->managed_map, bit);
	cm->managed--;
	if (cm->online) {
		cm->available++;
		m->global_available++;
	}
}

int ref_irq_matrix_reserve_managed(struct ref_irq_matrix *m, const struct cpumask *msk)
{
	unsigned int cpu, failed_cpu;

	for_each_cpu(cpu, msk) {
		struct ref_cpumap *cm;

		if (cpu >= m->nr_cpus)
			break;
		cm = &m->maps[cpu];
		if (ref_alloc_area(m, cm, true) >= m->alloc_end)
			goto cleanup;
		cm->managed++;
		if (cm->online) {
			cm->available--;
			m->global_available--;
		}
	}
	return 0;
cleanup:
	failed_cpu = cpu;
	for_each_cpu(cpu, msk) {
		if (cpu == failed_cpu)
			break;
		ref_remove_managed_one(m, cpu);
	}
	return -ENOSPC;
}

void ref_irq_matrix_remove_managed(struct ref_irq_matrix *m, const struct cpumask *msk)
{
	unsigned int cpu;

	for_each_cpu(cpu, msk) {
		if (cpu >= m->nr_cpus)
			break;
		ref_remove_managed_one(m, cpu);
	}
}

int ref_irq_matrix_alloc_managed(struct ref_irq_matrix *m, const struct cpumask *msk,
				 unsigned int *mapped_cpu)
{
	struct ref_cpumap *cm;
	unsigned int cpu, bit;

	if (cpumask_empty(msk))
		return -EINVAL;
	cpu = ref_find_best_cpu_managed(m, msk);
	if (cpu == UINT_MAX)
		return -ENOSPC;
	cm = &m->maps[cpu];
	rb_andnot(m->scratch_map, cm->managed_map, cm->alloc_map, m->words);
	bit = rb_find_next(m->scratch_map, m->alloc_end, 0, false);
	if (bit >= m->alloc_end)
		return -ENOSPC;
	rb_set(cm->alloc_map, bit);
	cm->allocated++;
	cm->managed_allocated++;
	m->total_allocated++;
	*mapped_cpu = cpu;
	return (int)bit;
}

void ref_irq_matrix_assign(struct ref_irq_matrix *m, unsigned int bit)
{
	struct ref_cpumap *cm = ref_this_cpumap(m);

	if (!cm)
		return;
	if (WARN_ON_ONCE(bit < m->alloc_start || bit >= m->alloc_end))
		return;
	if (WARN_ON_ONCE(rb_test(cm->alloc_map, bit)))
		return;
	rb_set(cm->alloc_map, bit);
	cm->allocated++;
	m->total_allocated++;
	cm->available--;
	m->global_available--;
}

void ref_irq_matrix_reserve(struct ref_irq_matrix *m)
{
	if (m->global_reserved == m->global_available)
		pr_warn("Interrupt reservation exceeds available resources\n");
	m->global_reserved++;
}

void ref_irq_matrix_remove_reserved(struct ref_irq_matrix *m)
{
	m->global_reserved--;
}

int ref_irq_matrix_alloc(struct ref_irq_matrix *m, const struct cpumask *msk,
			 bool reserved, unsigned int *mapped_cpu)
{
	struct ref_cpumap *cm;
	unsigned int cpu, bit;

	if (cpumask_empty(msk))
		return -EINVAL;
	cpu = ref_find_best_cpu(m, msk);
	if (cpu == UINT_MAX)
		return -ENOSPC;
	cm = &m->maps[cpu];
	bit = ref_alloc_area(m, cm, false);
	if (bit >= m->alloc_end)
		return -ENOSPC;
	cm->allocated++;
	cm->available--;
	m->total_allocated++;
	m->global_available--;
	if (reserved)
		m->global_reserved--;
	*mapped_cpu = cpu;
	return (int)bit;
}

void ref_irq_matrix_free(struct ref_irq_matrix *m, unsigned int cpu, unsigned int bit,
			 bool managed)
{
	struct ref_cpumap *cm;

	if (WARN_ON_ONCE(cpu >= m->nr_cpus))
		return;
	cm = &m->maps[cpu];
	if (WARN_ON_ONCE(bit < m->alloc_start || bit >= m->alloc_end))
		return;
	if (WARN_ON_ONCE(!rb_test(cm->alloc_map, bit)))
		return;
	rb_clear(cm->alloc_map, bit);
	cm->allocated--;
	if (managed)
		cm->managed_allocated--;
	if (cm->online)
		m->total_allocated--;
	if (!managed) {
		cm->available++;
		if (cm->online)
			m->global_available++;
	}
}

unsigned int ref_irq_matrix_available(struct ref_irq_matrix *m, bool cpudown)
{
	struct ref_cpumap *cm;

	if (!cpudown)
		return m->global_available;
	cm = ref_this_cpumap(m);
	return cm ? m->global_available - cm->available : m->global_available;
}

unsigned int ref_irq_matrix_reserved(struct ref_irq_matrix *m)
{
	return m->global_reserved;
}

unsigned int ref_irq_matrix_allocated(struct ref_irq_matrix *m)
{
	struct ref_cpumap *cm = ref_this_cpumap(m);

	return cm ? cm->allocated - cm->managed_allocated : 0;
}

static void ref_print_list(struct seq_file *sf, const unsigned long *map, unsigned int n)
{
	unsigned int a = rb_find_next(map, n, 0, false);
	const char *sep = "";

	while (a < n) {
		unsigned int b = rb_find_next(map, n, a, true);

		if (b == a + 1)
			seq_printf(sf, "%s%u", sep, a);
		else
			seq_printf(sf, "%s%u-%u", sep, a, b - 1);
		sep = ",";
		a = rb_find_next(map, n, b, false);
	}
}

void ref_irq_matrix_debug_show(struct seq_file *sf, struct ref_irq_matrix *m, int ind)
{
	unsigned int nsys = 0, bit, cpu;

	for (bit = 0; bit < m->matrix_bits; bit++)
		nsys += rb_test(m->system_map, bit);
	seq_printf(sf, "Online bitmaps:   %6u\n", m->online_maps);
	seq_printf(sf, "Global available: %6u\n", m->global_available);
	seq_printf(sf, "Global reserved:  %6u\n", m->global_reserved);
	seq_printf(sf, "Total allocated:  %6u\n", m->total_allocated);
	seq_printf(sf, "System: %u: ", nsys);
	ref_print_list(sf, m->system_map, m->matrix_bits);
	seq_printf(sf, "\n%*s| CPU | avl | man | mac | act | vectors\n", ind, " ");
	for_each_cpu(cpu, cpu_online_mask) {
		struct ref_cpumap *cm;

		if (cpu >= m->nr_cpus)
			break;
		cm = &m->maps[cpu];
		seq_printf(sf, "%*s %4d  %4u  %4u  %4u %4u  ", ind, " ", (int)cpu,
			   cm->available, cm->managed, cm->managed_allocated, cm->allocated);
		ref_print_list(sf, cm->alloc_map, m->matrix_bits);
		seq_putc(sf, '\n');
	}
}

void ref_irqlab_matrix_get_stats(const struct ref_irq_matrix *m,
				 struct irqlab_matrix_stats *st)
{
	st->nr_cpus = m->nr_cpus;
	st->matrix_bits = m->matrix_bits;
	st->alloc_start = m->alloc_start;
	st->alloc_end = m->alloc_end;
	st->alloc_size = m->alloc_size;
	st->global_available = m->global_available;
	st->global_reserved = m->global_reserved;
	st->systembits_inalloc = m->systembits_inalloc;
	st->total_allocated = m->total_allocated;
	st->online_maps = m->online_maps;
}

int ref_irqlab_matrix_get_cpu_stats(const struct ref_irq_matrix *m, unsigned int cpu,
				    struct irqlab_matrix_cpu_stats *st)
{
	const struct ref_cpumap *cm;

	*st = (struct irqlab_matrix_cpu_stats){ 0 };
	if (cpu >= m->nr_cpus)
		return -EINVAL;
	cm = &m->maps[cpu];
	st->available = cm->available;
	st->allocated = cm->allocated;
	st->managed = cm->managed;
	st->managed_allocated = cm->managed_allocated;
	st->initialized = cm->initialized;
	st->online = cm->online;
	return 0;
}

bool ref_irqlab_matrix_bit_allocated(const struct ref_irq_matrix *m, unsigned int cpu,
				     unsigned int bit)
{
	return cpu < m->nr_cpus && bit < m->matrix_bits && rb_test(m->maps[cpu].alloc_map, bit);
}

bool ref_irqlab_matrix_bit_managed(const struct ref_irq_matrix *m, unsigned int cpu,
				   unsigned int bit)
{
	return cpu < m->nr_cpus && bit < m->matrix_bits &&
	       rb_test(m->maps[cpu].managed_map, bit);
}

bool ref_irqlab_matrix_bit_system(const struct ref_irq_matrix *m, unsigned int bit)
{
	return bit < m->matrix_bits && rb_test(m->system_map, bit);
}
