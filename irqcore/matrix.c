// SPDX-License-Identifier: MIT
/*
 * The interrupt vector matrix allocator (kernel/irq/matrix.c analogue).
 *
 * Every CPU has an alloc_map and a managed_map of matrix_bits bits and the
 * counters available, allocated, managed and managed_allocated; the
 * matrix has a system_map and the global counters.  The accounting, the
 * CPU chosen and the bit chosen are the kernel's:
 *  - irq_matrix_alloc() takes the online CPU of the mask with the most
 *    available vectors (more than 0), ties to the lowest CPU id, and the
 *    first bit in [alloc_start, alloc_end) that is neither allocated,
 *    managed nor system;
 *  - irq_matrix_alloc_managed() takes the online CPU of the mask with the
 *    fewest managed_allocated, ties to the highest CPU id, and its first
 *    managed bit that is not allocated (-ENOSPC if it has none, even when
 *    another CPU of the mask has one).
 *
 * What differs is the cost of choosing the CPU.  The kernel scans every
 * CPU of the mask.  Here two segment trees over the CPU ids hold, per node,
 * the best CPU of its range for each rule (a packed 64-bit key, so one
 * max/min comparison applies value and tie rule together; offline CPUs
 * hold a key that never wins).  A mask is cut into runs of consecutive
 * CPUs with word operations, and each run is one O(log n) range query (a
 * run of at most SMALL_RUN CPUs reads their counters directly): all
 * online, a node, a range or one CPU cost O(words + runs * log n).
 *
 * Counter changes mark the CPU dirty; the trees are brought up to date
 * (O(log n) per changed CPU, or one rebuild of the changed span when that
 * is cheaper) just before the next CPU choice that needs them.  The bit
 * search is the kernel's first fit, started at a per-CPU hint below which
 * every word is known to be full.
 *
 * Kernel BUG_ON()s become WARN + no change.  The counters are unsigned int
 * and wrap exactly where the kernel's would on misuse (irq_matrix_free()
 * of a managed vector that was never counted, irq_matrix_remove_reserved()
 * below zero), so bug reproductions see the kernel's numbers.
 *
 * The kernel's irq_matrix_* tracepoints fire where the kernel's do, with
 * its formats; irq_matrix_alloc_reserved is declared but, as in the
 * kernel, never emitted.
 */
#include <limits.h>

#include "internals.h"
#include "irqlab/matrix.h"
#include "irqlab/trace.h"

#define BPL ((unsigned int)BITS_PER_LONG)

/* Key layout: value in the high 32 bits, a CPU rank in the low 31 bits. */
#define KEY_RANK_MAX 0x7fffffffu
#define AVL_NONE 0ULL		/* never > an online CPU's key */
#define MAC_NONE UINT64_MAX	/* never < an online CPU's key */
/* Runs of up to this many CPUs are read from the CPU maps directly. */
#define SMALL_RUN 4

/*
 * available and allocated are not adjacent: alloc and free change both,
 * and a compiler that merges the two into one 64-bit update stalls on
 * store forwarding when the other path wrote them separately.
 */
struct cpumap {
	unsigned int available;
	unsigned int managed;
	unsigned int allocated;
	unsigned int managed_allocated;
	bool initialized;
	bool online;
	bool dirty;	/* counters changed since the trees were updated */
	/* Words of the allocation range below this one have no free bit. */
	unsigned int free_word;
};

struct irq_matrix {
	struct irqlab_machine *machine;
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
	unsigned int words;		/* longs per bitmap */
	struct cpumap *maps;
	unsigned long *bitmaps;		/* per CPU: alloc_map, managed_map */
	unsigned long *system_map;	/* after the per-CPU bitmaps */
	unsigned int leaves;		/* power of two >= nr_cpus */
	unsigned int depth;		/* log2(leaves) */
	u64 *avl_tree;			/* max: most available, lowest CPU */
	u64 *mac_tree;			/* min: fewest managed_allocated, highest CPU */
	/* CPUs whose counters changed since the trees were last brought up to date. */
	unsigned int *dirty_list;
	unsigned int ndirty, dirty_lo, dirty_hi;
};

static inline unsigned long *alloc_map(const struct irq_matrix *m, unsigned int cpu)
{
	return m->bitmaps + (size_t)cpu * 2 * m->words;
}

static inline unsigned long *managed_map(const struct irq_matrix *m, unsigned int cpu)
{
	return alloc_map(m, cpu) + m->words;
}

static inline bool map_test(const unsigned long *map, unsigned int bit)
{
	return map[bit / BPL] & (1UL << (bit % BPL));
}

static inline void map_set(unsigned long *map, unsigned int bit)
{
	map[bit / BPL] |= 1UL << (bit % BPL);
}

static inline void map_clear(unsigned long *map, unsigned int bit)
{
	map[bit / BPL] &= ~(1UL << (bit % BPL));
}

/* ---- segment trees ------------------------------------------------------ */

static inline u64 avl_key(const struct irq_matrix *m, unsigned int cpu)
{
	const struct cpumap *cm = &m->maps[cpu];

	if (!cm->online)
		return AVL_NONE;
	return ((u64)cm->available << 32) | (KEY_RANK_MAX - cpu);
}

static inline u64 mac_key(const struct irq_matrix *m, unsigned int cpu)
{
	const struct cpumap *cm = &m->maps[cpu];

	if (!cm->online)
		return MAC_NONE;
	/* The rank falls as the CPU id rises: the minimum prefers high ids. */
	return ((u64)cm->managed_allocated << 32) | (KEY_RANK_MAX - cpu);
}

static inline unsigned int key_cpu(u64 key)
{
	return KEY_RANK_MAX - (unsigned int)(key & 0xffffffffu);
}

static inline u64 max_u64(u64 a, u64 b)
{
	return a > b ? a : b;
}

static inline u64 min_u64(u64 a, u64 b)
{
	return a < b ? a : b;
}

/* Recompute the parents of node @i up to the root; stop where one holds. */
static __attribute__((always_inline)) inline void tree_climb(u64 *t, unsigned int i,
							     bool managed)
{
	for (i >>= 1; i; i >>= 1) {
		u64 v = managed ? min_u64(t[2 * i], t[2 * i + 1])
				: max_u64(t[2 * i], t[2 * i + 1]);

		if (t[i] == v)
			break;
		t[i] = v;
	}
}

/*
 * Counter changes only mark the CPU dirty; matrix_flush() brings the trees
 * up to date before the next choice of a CPU.  A CPU whose key is back to
 * what the tree holds (alloc then free) costs nothing, and a mask-wide
 * change (reserve_managed on every CPU) is one rebuild of the span of dirty
 * leaves instead of one climb per CPU.
 */
static inline void matrix_mark(struct irq_matrix *m, unsigned int cpu)
{
	if (m->maps[cpu].dirty)
		return;
	m->maps[cpu].dirty = true;
	if (!m->ndirty || cpu < m->dirty_lo)
		m->dirty_lo = cpu;
	if (!m->ndirty || cpu > m->dirty_hi)
		m->dirty_hi = cpu;
	m->dirty_list[m->ndirty++] = cpu;
}

static void matrix_flush(struct irq_matrix *m)
{
	unsigned int k, n = 0, lo, hi, i;

	if (!m->ndirty)
		return;
	/* Write the new leaves; keep the CPUs whose keys changed. */
	for (k = 0; k < m->ndirty; k++) {
		unsigned int cpu = m->dirty_list[k], leaf = m->leaves + cpu;
		u64 avl = avl_key(m, cpu), mac = mac_key(m, cpu);

		m->maps[cpu].dirty = false;
		if (m->avl_tree[leaf] == avl && m->mac_tree[leaf] == mac)
			continue;
		m->avl_tree[leaf] = avl;
		m->mac_tree[leaf] = mac;
		m->dirty_list[n++] = cpu;
	}
	m->ndirty = 0;
	if (!n)
		return;
	if ((u64)n * m->depth < (u64)(m->dirty_hi - m->dirty_lo + 1)) {
		/* Few CPUs over a wide span: climb from each. */
		for (k = 0; k < n; k++) {
			tree_climb(m->avl_tree, m->leaves + m->dirty_list[k], false);
			tree_climb(m->mac_tree, m->leaves + m->dirty_list[k], true);
		}
		return;
	}
	for (lo = (m->leaves + m->dirty_lo) >> 1, hi = (m->leaves + m->dirty_hi) >> 1; lo;
	     lo >>= 1, hi >>= 1) {
		for (i = lo; i <= hi; i++) {
			m->avl_tree[i] = max_u64(m->avl_tree[2 * i], m->avl_tree[2 * i + 1]);
			m->mac_tree[i] = min_u64(m->mac_tree[2 * i], m->mac_tree[2 * i + 1]);
		}
	}
}

/* Best key of the CPUs [l, r), bottom-up; the whole matrix is the root. */
static __attribute__((always_inline)) inline u64
tree_query(const struct irq_matrix *m, bool managed, unsigned int l, unsigned int r)
{
	const u64 *t = managed ? m->mac_tree : m->avl_tree;
	u64 best = managed ? MAC_NONE : AVL_NONE;

	if (!l && r >= m->nr_cpus)
		return t[1];
	for (l += m->leaves, r += m->leaves; l < r; l >>= 1, r >>= 1) {
		if (l & 1) {
			best = managed ? min_u64(best, t[l]) : max_u64(best, t[l]);
			l++;
		}
		if (r & 1) {
			r--;
			best = managed ? min_u64(best, t[r]) : max_u64(best, t[r]);
		}
	}
	return best;
}

/*
 * matrix_find_best() - the CPU the kernel's matrix_find_best_cpu() (or
 * _managed()) would pick from @msk, or UINT_MAX.  @empty tells whether the
 * mask has no bit at all.  The mask is cut into runs of set bits with ctz
 * on each word and on its complement; empty and full words are skipped in
 * tight loops, and bits beyond the mask's size are masked off once, in its
 * last word.  Cost: O(words + runs), plus one tree query per run longer
 * than SMALL_RUN.  Runs are clipped to the matrix's CPUs.
 */
static __attribute__((always_inline)) inline unsigned int
matrix_find_best(struct irq_matrix *m, const struct cpumask *msk, bool managed,
		 bool *empty)
{
	const unsigned long *bits = msk->bits;
	unsigned int nbits = msk->nbits, nw = BITS_TO_LONGS(nbits), pos = 0;
	unsigned int limit = nbits < m->nr_cpus ? nbits : m->nr_cpus;
	unsigned long tail = ~0UL;
	u64 best = managed ? MAC_NONE : AVL_NONE;
	bool flushed = false;

	if (nbits % BPL)
		tail = (1UL << (nbits % BPL)) - 1;

	*empty = true;
	while (pos < nbits) {
		unsigned int wi = pos / BPL, start, end;
		unsigned long word = bits[wi] & (~0UL << (pos % BPL));
		unsigned long holes;
		u64 k;

		while (!word) {
			if (++wi >= nw)
				goto done;
			word = bits[wi];
		}
		if (wi == nw - 1 && !(word &= tail))
			break;
		*empty = false;
		start = wi * BPL + (unsigned int)__builtin_ctzl(word);
		if (start >= limit)
			break;	/* beyond the matrix: not CPUs of it */
		holes = ~word & (~0UL << (start % BPL));
		while (!holes) {
			if (++wi >= nw)
				break;
			holes = ~bits[wi];
		}
		end = wi >= nw ? nw * BPL : wi * BPL + (unsigned int)__builtin_ctzl(holes);
		pos = end;
		/* The clip also ends a run at the mask's size (stray tail bits). */
		if (end > limit)
			end = limit;
		if (end - start <= SMALL_RUN) {
			/* A few CPUs: their counters are as cheap as a query. */
			for (; start < end; start++) {
				k = managed ? mac_key(m, start) : avl_key(m, start);
				best = managed ? min_u64(best, k) : max_u64(best, k);
			}
			continue;
		}
		if (!flushed) {
			matrix_flush(m);
			flushed = true;
		}
		k = tree_query(m, managed, start, end);
		best = managed ? min_u64(best, k) : max_u64(best, k);
	}
done:
	if (managed ? best == MAC_NONE : (best >> 32) == 0)
		return UINT_MAX;
	return key_cpu(best);
}

/* ---- bitmaps -------------------------------------------------------------- */

/* A bit of @cm became free: the search may have to start at its word. */
static inline void matrix_bit_released(struct cpumap *cm, unsigned int bit)
{
	if (bit / BPL < cm->free_word)
		cm->free_word = bit / BPL;
}

/*
 * First bit in [alloc_start, alloc_end) free of alloc, managed and system
 * bits, which is what the kernel's bitmap_find_next_zero_area() returns;
 * a result >= alloc_end means there is none.
 * The search starts at the CPU's free_word hint: the words below it were
 * found full and no bit of them was released since (system bits are only
 * ever added).
 */
static unsigned int matrix_find_free_bit(struct irq_matrix *m, unsigned int cpu)
{
	const unsigned long *a = alloc_map(m, cpu), *mg = a + m->words, *sys = m->system_map;
	unsigned int start = m->alloc_start, end = m->alloc_end, wi, last;
	struct cpumap *cm = &m->maps[cpu];
	unsigned long free;

	if (start >= end)
		return end;
	last = (end - 1) / BPL;
	wi = start / BPL;
	if (cm->free_word > wi) {
		wi = cm->free_word;
		free = ~(a[wi] | mg[wi] | sys[wi]);
	} else {
		free = ~(a[wi] | mg[wi] | sys[wi]) & (~0UL << (start % BPL));
	}
	while (!free && wi < last) {
		wi++;
		free = ~(a[wi] | mg[wi] | sys[wi]);
	}
	cm->free_word = wi;
	/* A free bit at or beyond alloc_end means none, as for the kernel. */
	return free ? wi * BPL + (unsigned int)__builtin_ctzl(free) : end;
}

/* First managed bit below alloc_end that is not allocated, or alloc_end. */
static unsigned int matrix_find_managed_bit(const struct irq_matrix *m, unsigned int cpu)
{
	const unsigned long *a = alloc_map(m, cpu), *mg = managed_map(m, cpu);
	unsigned int end = m->alloc_end, wi;

	for (wi = 0; wi * BPL < end; wi++) {
		unsigned long bits = mg[wi] & ~a[wi];

		if (end - wi * BPL < BPL)
			bits &= (1UL << (end - wi * BPL)) - 1;
		if (bits)
			return wi * BPL + (unsigned int)__builtin_ctzl(bits);
	}
	return end;
}

/* Next set bit of @msk at or after @cpu, below the matrix's CPU count. */
static unsigned int mask_next(const struct irq_matrix *m, const struct cpumask *msk,
			      unsigned int cpu)
{
	unsigned int limit = msk->nbits < m->nr_cpus ? msk->nbits : m->nr_cpus;

	while (cpu < limit) {
		unsigned long word = msk->bits[cpu / BPL] >> (cpu % BPL);

		if (word) {
			cpu += (unsigned int)__builtin_ctzl(word);
			return cpu < limit ? cpu : UINT_MAX;
		}
		cpu = (cpu / BPL + 1) * BPL;
	}
	return UINT_MAX;
}

#define for_each_matrix_cpu(cpu, m, msk)                                       \
	for ((cpu) = mask_next(m, msk, 0); (cpu) != UINT_MAX;                  \
	     (cpu) = mask_next(m, msk, (cpu) + 1))

/* ---- allocation and teardown ----------------------------------------------- */

/**
 * irq_alloc_matrix() - allocate a matrix for the current machine.
 * @matrix_bits: bits per CPU map, 1..IRQLAB_MATRIX_MAX_BITS.
 * @alloc_start: first bit the allocation searches.
 * @alloc_end: first bit after the allocation range (<= @matrix_bits).
 *
 * Every possible CPU of the current machine gets a map; all start offline
 * and uninitialised, as in the kernel.
 *
 * Context: needs a current machine.
 * Return: the matrix, or NULL without a current machine, for bad
 * parameters (@alloc_start > @alloc_end, @alloc_end > @matrix_bits) or on
 * allocation failure.
 */
struct irq_matrix *irq_alloc_matrix(unsigned int matrix_bits, unsigned int alloc_start,
				    unsigned int alloc_end)
{
	struct irqlab_machine *mach = irqlab_cur();
	struct irq_matrix *m;
	unsigned int i;

	if (!mach || !matrix_bits || matrix_bits > IRQLAB_MATRIX_MAX_BITS ||
	    alloc_start > alloc_end || alloc_end > matrix_bits)
		return NULL;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return NULL;
	m->machine = mach;
	m->nr_cpus = mach->nr_cpus;
	m->matrix_bits = matrix_bits;
	m->alloc_start = alloc_start;
	m->alloc_end = alloc_end;
	m->alloc_size = alloc_end - alloc_start;
	m->words = BITS_TO_LONGS(matrix_bits);
	for (m->leaves = 1; m->leaves < m->nr_cpus; m->leaves <<= 1)
		m->depth++;
	m->maps = kcalloc(m->nr_cpus, sizeof(*m->maps), GFP_KERNEL);
	if (!m->maps)
		goto free_matrix;
	m->bitmaps = kcalloc((size_t)m->nr_cpus * 2 * m->words + m->words,
			     sizeof(long), GFP_KERNEL);
	if (!m->bitmaps)
		goto free_maps;
	m->system_map = m->bitmaps + (size_t)m->nr_cpus * 2 * m->words;
	m->avl_tree = kcalloc((size_t)m->leaves * 4, sizeof(u64), GFP_KERNEL);
	if (!m->avl_tree)
		goto free_bitmaps;
	m->mac_tree = m->avl_tree + (size_t)m->leaves * 2;
	for (i = 0; i < m->leaves * 2; i++)
		m->mac_tree[i] = MAC_NONE;	/* every CPU starts offline */
	m->dirty_list = kcalloc(m->nr_cpus, sizeof(*m->dirty_list), GFP_KERNEL);
	if (!m->dirty_list)
		goto free_trees;
	return m;

free_trees:
	kfree(m->avl_tree);
free_bitmaps:
	kfree(m->bitmaps);
free_maps:
	kfree(m->maps);
free_matrix:
	kfree(m);
	return NULL;
}

/**
 * irq_matrix_destroy() - free a matrix (irqlab addition).
 * @m: matrix from irq_alloc_matrix(), or NULL (ignored).
 *
 * Whatever is still allocated or reserved in it goes with it.
 */
void irq_matrix_destroy(struct irq_matrix *m)
{
	if (!m)
		return;
	kfree(m->dirty_list);
	kfree(m->avl_tree);
	kfree(m->bitmaps);
	kfree(m->maps);
	kfree(m);
}

/* The local CPU's map, or NULL (with a WARN) if it is beyond the matrix. */
static struct cpumap *this_cpumap(struct irq_matrix *m, unsigned int *cpu)
{
	*cpu = smp_processor_id();
	if (WARN(*cpu >= m->nr_cpus, "irq_matrix: CPU %u beyond the matrix (%u CPUs)\n",
		 *cpu, m->nr_cpus))
		return NULL;
	return &m->maps[*cpu];
}

/* ---- tracepoints (include/trace/events/irq_matrix.h) ------------------------ */

/*
 * The machine's tracing is created on first use: until then a tracepoint
 * costs one load, as a disabled static key costs a nop in the kernel.
 */
static inline bool matrix_tracing(const struct irq_matrix *m)
{
	return __atomic_load_n(&m->machine->trace, __ATOMIC_RELAXED) != NULL;
}

/* Matrix calls run under the caller's raw spinlock with interrupts off. */
static enum irqlab_trace_ctx matrix_trace_ctx(void)
{
	return irqlab_trace_in_hardirq() ? IRQLAB_TRACE_CTX_HARDIRQ : IRQLAB_TRACE_CTX_IRQSOFF;
}

/* The irq_matrix_global class: online, offline, reserve, remove_reserved. */
static void trace_matrix_global(struct irq_matrix *m, const char *event)
{
	if (!matrix_tracing(m))
		return;
	irqlab_trace_event_ctx(m->machine, matrix_trace_ctx(), event,
			       "online_maps=%d global_avl=%u, global_rsvd=%u, total_alloc=%u",
			       (int)m->online_maps, m->global_available, m->global_reserved,
			       m->total_allocated);
}

/* The irq_matrix_global_update class: assign_system. */
static void trace_matrix_global_update(struct irq_matrix *m, const char *event, int bit)
{
	if (!matrix_tracing(m))
		return;
	irqlab_trace_event_ctx(m->machine, matrix_trace_ctx(), event,
			       "bit=%d online_maps=%d global_avl=%u, global_rsvd=%u, "
			       "total_alloc=%u",
			       bit, (int)m->online_maps, m->global_available,
			       m->global_reserved, m->total_allocated);
}

/* The irq_matrix_cpu class: per-CPU operations (no managed_allocated). */
static void trace_matrix_cpu(struct irq_matrix *m, const char *event, int bit,
			     unsigned int cpu)
{
	const struct cpumap *cm = &m->maps[cpu];

	if (!matrix_tracing(m))
		return;
	irqlab_trace_event_ctx(m->machine, matrix_trace_ctx(), event,
			       "bit=%d cpu=%u online=%d avl=%u alloc=%u managed=%u "
			       "online_maps=%u global_avl=%u, global_rsvd=%u, total_alloc=%u",
			       bit, cpu, cm->online ? 1 : 0, cm->available, cm->allocated,
			       cm->managed, m->online_maps, m->global_available,
			       m->global_reserved, m->total_allocated);
}

/*
 * irq_matrix_online/offline run on the CPU concerned: record them there
 * even when irqlab names the CPU explicitly.
 */
static void trace_matrix_online_change(struct irq_matrix *m, const char *event,
				       unsigned int cpu)
{
	unsigned int prev;

	if (!matrix_tracing(m))
		return;
	prev = smp_processor_id();
	irqlab_set_this_cpu(cpu);
	trace_matrix_global(m, event);
	irqlab_set_this_cpu(prev);
}

/* ---- online / offline ------------------------------------------------------ */

/**
 * irqlab_matrix_online_cpu() - bring a CPU's map online.
 * @m: matrix.
 * @cpu: the CPU.
 *
 * The first time, available = alloc_size - managed - systembits_inalloc.
 * The map's available count joins global_available.  A CPU that is already
 * online (a kernel BUG) or beyond the matrix gets a WARN and no change.
 *
 * Context: callers serialise matrix calls.
 */
void irqlab_matrix_online_cpu(struct irq_matrix *m, unsigned int cpu)
{
	struct cpumap *cm;

	if (WARN_ON(cpu >= m->nr_cpus))
		return;
	cm = &m->maps[cpu];
	if (WARN_ON(cm->online))
		return;
	if (!cm->initialized) {
		cm->available = m->alloc_size;
		cm->available -= cm->managed + m->systembits_inalloc;
		cm->initialized = true;
	}
	m->global_available += cm->available;
	cm->online = true;
	m->online_maps++;
	matrix_mark(m, cpu);
	trace_matrix_online_change(m, "irq_matrix_online", cpu);
}

/**
 * irqlab_matrix_offline_cpu() - take a CPU's map offline.
 * @m: matrix.
 * @cpu: the CPU.
 *
 * Its available count leaves global_available; nothing is freed.  A CPU
 * that is not online (which the kernel does not check) or beyond the
 * matrix gets a WARN and no change.
 *
 * Context: callers serialise matrix calls.
 */
void irqlab_matrix_offline_cpu(struct irq_matrix *m, unsigned int cpu)
{
	struct cpumap *cm;

	if (WARN_ON(cpu >= m->nr_cpus))
		return;
	cm = &m->maps[cpu];
	if (WARN_ON(!cm->online))
		return;
	m->global_available -= cm->available;
	cm->online = false;
	m->online_maps--;
	matrix_mark(m, cpu);
	trace_matrix_online_change(m, "irq_matrix_offline", cpu);
}

/**
 * irq_matrix_online() - bring the local CPU's map online.
 * @m: matrix.
 *
 * irqlab_matrix_online_cpu() for smp_processor_id().
 *
 * Context: runs on the CPU coming up; callers serialise matrix calls.
 */
void irq_matrix_online(struct irq_matrix *m)
{
	irqlab_matrix_online_cpu(m, smp_processor_id());
}

/**
 * irq_matrix_offline() - take the local CPU's map offline.
 * @m: matrix.
 *
 * irqlab_matrix_offline_cpu() for smp_processor_id().
 *
 * Context: runs on the CPU going down; callers serialise matrix calls.
 */
void irq_matrix_offline(struct irq_matrix *m)
{
	irqlab_matrix_offline_cpu(m, smp_processor_id());
}

/* ---- system bits ------------------------------------------------------------ */

/**
 * irq_matrix_assign_system() - make @bit a system bit on every CPU.
 * @m: matrix.
 * @bit: the bit.
 * @replace: the local CPU allocated @bit already; take it over.
 *
 * Only allowed while no CPU map is online, or with @replace while one is
 * (the boot CPU).  With @replace the local bit is released from the
 * allocation counts (allocated, total_allocated; available is unchanged).
 * A bit inside [alloc_start, alloc_end) raises systembits_inalloc, which
 * CPU maps subtract from their available count when first onlined.  The
 * kernel BUG()s on misuse (bit out of range, too many maps online, nothing
 * to replace); irqlab WARNs and changes nothing.
 *
 * Context: boot, before the secondary CPUs come up.
 */
void irq_matrix_assign_system(struct irq_matrix *m, unsigned int bit, bool replace)
{
	unsigned int cpu;
	struct cpumap *cm = this_cpumap(m, &cpu);

	if (!cm)
		return;
	if (WARN_ON(bit >= m->matrix_bits))
		return;
	if (WARN_ON(m->online_maps > 1 || (m->online_maps && !replace)))
		return;
	if (replace && WARN_ON(!map_test(alloc_map(m, cpu), bit)))
		return;
	map_set(m->system_map, bit);
	if (replace) {
		map_clear(alloc_map(m, cpu), bit);
		cm->allocated--;
		m->total_allocated--;
	}
	if (bit >= m->alloc_start && bit < m->alloc_end)
		m->systembits_inalloc++;
	trace_matrix_global_update(m, "irq_matrix_assign_system", (int)bit);
}

/* ---- managed reservations ------------------------------------------------------ */

/* Release one unallocated managed bit of @cpu (remove_managed's body). */
static void matrix_remove_managed_cpu(struct irq_matrix *m, unsigned int cpu)
{
	struct cpumap *cm = &m->maps[cpu];
	unsigned int bit;

	if (WARN_ON_ONCE(!cm->managed))
		return;
	bit = matrix_find_managed_bit(m, cpu);
	if (WARN_ON_ONCE(bit >= m->alloc_end))
		return;
	map_clear(managed_map(m, cpu), bit);
	matrix_bit_released(cm, bit);
	cm->managed--;
	if (cm->online) {
		cm->available++;
		m->global_available++;
		matrix_mark(m, cpu);
	}
	trace_matrix_cpu(m, "irq_matrix_remove_managed", (int)bit, cpu);
}

/**
 * irq_matrix_reserve_managed() - reserve one managed bit on each CPU of @msk.
 * @m: matrix.
 * @msk: the CPUs, online or not; CPUs beyond the matrix are ignored.
 *
 * Each CPU gets the first bit of [alloc_start, alloc_end) that is neither
 * allocated, managed nor system; the bit can differ from CPU to CPU.
 * managed++, and for an online CPU available-- and global_available--.
 * If a CPU has no such bit, the CPUs already done are undone the kernel's
 * way (irq_matrix_remove_managed() on each): every counter is restored;
 * the managed bit released on a CPU is its lowest unallocated one.
 *
 * Context: callers serialise matrix calls.  Cost: linear in the CPUs of
 * @msk, as in the kernel.
 * Return: 0, or -ENOSPC.
 */
int irq_matrix_reserve_managed(struct irq_matrix *m, const struct cpumask *msk)
{
	unsigned int cpu, failed_cpu;

	for_each_matrix_cpu(cpu, m, msk) {
		struct cpumap *cm = &m->maps[cpu];
		unsigned int bit = matrix_find_free_bit(m, cpu);

		if (bit >= m->alloc_end)
			goto cleanup;
		map_set(managed_map(m, cpu), bit);
		cm->managed++;
		if (cm->online) {
			cm->available--;
			m->global_available--;
			matrix_mark(m, cpu);
		}
		trace_matrix_cpu(m, "irq_matrix_reserve_managed", (int)bit, cpu);
	}
	return 0;

cleanup:
	failed_cpu = cpu;
	for_each_matrix_cpu(cpu, m, msk) {
		if (cpu == failed_cpu)
			break;
		matrix_remove_managed_cpu(m, cpu);
	}
	return -ENOSPC;
}

/**
 * irq_matrix_remove_managed() - drop one managed reservation per CPU of @msk.
 * @m: matrix.
 * @msk: the CPUs, online or not; CPUs beyond the matrix are ignored.
 *
 * On each CPU the lowest managed bit that is not allocated is released:
 * managed--, and for an online CPU available++ and global_available++.  A
 * CPU without managed bits, or whose managed bits are all allocated, gets
 * a WARN and is skipped, as in the kernel.
 *
 * Context: callers serialise matrix calls.
 */
void irq_matrix_remove_managed(struct irq_matrix *m, const struct cpumask *msk)
{
	unsigned int cpu;

	for_each_matrix_cpu(cpu, m, msk)
		matrix_remove_managed_cpu(m, cpu);
}

/**
 * irq_matrix_alloc_managed() - allocate a reserved managed bit.
 * @m: matrix.
 * @msk: the candidate CPUs.
 * @mapped_cpu: where the chosen CPU is stored on success.
 *
 * The CPU is the online CPU of @msk with the fewest managed_allocated, ties
 * going to the highest CPU id; the bit is its lowest managed bit that is
 * not allocated.  allocated, managed_allocated and total_allocated grow;
 * available does not (the reservation already counted).
 *
 * Context: callers serialise matrix calls.
 * Return: the bit, -EINVAL for an empty mask, -ENOSPC when no CPU of the
 * mask is online or the chosen CPU has no free managed bit.
 */
int irq_matrix_alloc_managed(struct irq_matrix *m, const struct cpumask *msk,
			     unsigned int *mapped_cpu)
{
	unsigned int bit, cpu;
	struct cpumap *cm;
	bool empty;

	cpu = matrix_find_best(m, msk, true, &empty);
	if (empty)
		return -EINVAL;
	if (cpu == UINT_MAX)
		return -ENOSPC;
	cm = &m->maps[cpu];
	bit = matrix_find_managed_bit(m, cpu);
	if (bit >= m->alloc_end)
		return -ENOSPC;
	map_set(alloc_map(m, cpu), bit);
	cm->allocated++;
	cm->managed_allocated++;
	m->total_allocated++;
	matrix_mark(m, cpu);
	*mapped_cpu = cpu;
	trace_matrix_cpu(m, "irq_matrix_alloc_managed", (int)bit, cpu);
	return (int)bit;
}

/* ---- regular allocations ------------------------------------------------------ */

/**
 * irq_matrix_assign() - mark a preallocated bit on the local CPU.
 * @m: matrix.
 * @bit: the bit, inside [alloc_start, alloc_end).
 *
 * allocated++, total_allocated++, available--, global_available--.  A bit
 * out of range or already allocated gets a WARN and no change.
 *
 * Context: callers serialise matrix calls.
 */
void irq_matrix_assign(struct irq_matrix *m, unsigned int bit)
{
	unsigned int cpu;
	struct cpumap *cm = this_cpumap(m, &cpu);

	if (!cm)
		return;
	if (WARN_ON_ONCE(bit < m->alloc_start || bit >= m->alloc_end))
		return;
	if (WARN_ON_ONCE(map_test(alloc_map(m, cpu), bit)))
		return;
	map_set(alloc_map(m, cpu), bit);
	cm->allocated++;
	m->total_allocated++;
	cm->available--;
	m->global_available--;
	matrix_mark(m, cpu);
	trace_matrix_cpu(m, "irq_matrix_assign", (int)bit, cpu);
}

/**
 * irq_matrix_reserve() - account one reserved (not yet allocated) bit.
 * @m: matrix.
 *
 * Bookkeeping only: global_reserved++.  When the reservations already
 * equal the available bits, prints "Interrupt reservation exceeds
 * available resources" and reserves anyway, as the kernel does.
 *
 * Context: callers serialise matrix calls.
 */
void irq_matrix_reserve(struct irq_matrix *m)
{
	if (m->global_reserved == m->global_available)
		pr_warn("Interrupt reservation exceeds available resources\n");
	m->global_reserved++;
	trace_matrix_global(m, "irq_matrix_reserve");
}

/**
 * irq_matrix_remove_reserved() - undo irq_matrix_reserve().
 * @m: matrix.
 *
 * global_reserved--.
 *
 * Context: callers serialise matrix calls.
 */
void irq_matrix_remove_reserved(struct irq_matrix *m)
{
	m->global_reserved--;
	trace_matrix_global(m, "irq_matrix_remove_reserved");
}

/**
 * irq_matrix_alloc() - allocate a regular bit.
 * @m: matrix.
 * @msk: the candidate CPUs.
 * @reserved: the allocation consumes an irq_matrix_reserve() reservation.
 * @mapped_cpu: where the chosen CPU is stored on success.
 *
 * The CPU is the online CPU of @msk with the most available bits (at least
 * one), ties going to the lowest CPU id; the bit is its first bit of
 * [alloc_start, alloc_end) that is neither allocated, managed nor system.
 * allocated++, available--, total_allocated++, global_available--, and
 * global_reserved-- with @reserved.
 *
 * Context: callers serialise matrix calls.  Cost: O(words of @msk + runs
 * of consecutive CPUs in @msk * log nr_cpu_ids) to choose the CPU.
 * Return: the bit, -EINVAL for an empty mask, -ENOSPC when no online CPU
 * of the mask has an available bit.
 */
int irq_matrix_alloc(struct irq_matrix *m, const struct cpumask *msk, bool reserved,
		     unsigned int *mapped_cpu)
{
	unsigned int cpu, bit;
	struct cpumap *cm;
	bool empty;

	cpu = matrix_find_best(m, msk, false, &empty);
	if (empty)
		return -EINVAL;
	if (cpu == UINT_MAX)
		return -ENOSPC;
	cm = &m->maps[cpu];
	bit = matrix_find_free_bit(m, cpu);
	if (bit >= m->alloc_end)
		return -ENOSPC;
	map_set(alloc_map(m, cpu), bit);
	cm->allocated++;
	cm->available--;
	m->total_allocated++;
	m->global_available--;
	if (reserved)
		m->global_reserved--;
	matrix_mark(m, cpu);
	*mapped_cpu = cpu;
	trace_matrix_cpu(m, "irq_matrix_alloc", (int)bit, cpu);
	return (int)bit;
}

/**
 * irq_matrix_free() - free an allocated bit.
 * @m: matrix.
 * @cpu: the CPU it was allocated on.
 * @bit: the bit.
 * @managed: the bit is a managed one: it stays reserved, so it does not
 *           become available.
 *
 * allocated--; managed_allocated-- if @managed; total_allocated-- if the
 * CPU is online; otherwise available++ (and global_available++ if
 * online).  A CPU or bit out of range, or a bit that is not allocated,
 * gets a WARN and no change.
 *
 * Context: callers serialise matrix calls.
 */
void irq_matrix_free(struct irq_matrix *m, unsigned int cpu, unsigned int bit,
		     bool managed)
{
	struct cpumap *cm;

	if (WARN_ON_ONCE(cpu >= m->nr_cpus))
		return;
	cm = &m->maps[cpu];
	if (WARN_ON_ONCE(bit < m->alloc_start || bit >= m->alloc_end))
		return;
	if (WARN_ON_ONCE(!map_test(alloc_map(m, cpu), bit)))
		return;
	map_clear(alloc_map(m, cpu), bit);
	matrix_bit_released(cm, bit);
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
	matrix_mark(m, cpu);
	trace_matrix_cpu(m, "irq_matrix_free", (int)bit, cpu);
}

/* ---- queries ------------------------------------------------------------------- */

/**
 * irq_matrix_available() - the number of globally available bits.
 * @m: matrix.
 * @cpudown: the local CPU is about to go down: leave out its bits.
 *
 * Context: callers serialise matrix calls.
 * Return: global_available, minus the local CPU's available with @cpudown.
 */
unsigned int irq_matrix_available(struct irq_matrix *m, bool cpudown)
{
	unsigned int cpu;
	struct cpumap *cm;

	if (!cpudown)
		return m->global_available;
	cm = this_cpumap(m, &cpu);
	if (!cm)
		return m->global_available;
	return m->global_available - cm->available;
}

/**
 * irq_matrix_reserved() - the number of globally reserved bits.
 * @m: matrix.
 *
 * Return: global_reserved.
 */
unsigned int irq_matrix_reserved(struct irq_matrix *m)
{
	return m->global_reserved;
}

/**
 * irq_matrix_allocated() - non-managed bits allocated on the local CPU.
 * @m: matrix.
 *
 * Return: allocated - managed_allocated of the local CPU (v6.7+), which is
 * what must move elsewhere when the CPU goes down.
 */
unsigned int irq_matrix_allocated(struct irq_matrix *m)
{
	unsigned int cpu;
	struct cpumap *cm = this_cpumap(m, &cpu);

	if (!cm)
		return 0;
	return cm->allocated - cm->managed_allocated;
}

/* Print @map like the kernel's %*pbl: "0-19,32,50". */
static void seq_bitmap_list(struct seq_file *sf, const unsigned long *map,
			    unsigned int nbits)
{
	unsigned int bit = 0;
	bool first = true;

	while (bit < nbits) {
		unsigned int end;

		if (!map_test(map, bit)) {
			bit++;
			continue;
		}
		for (end = bit + 1; end < nbits && map_test(map, end); end++)
			;
		if (end - 1 == bit)
			seq_printf(sf, first ? "%u" : ",%u", bit);
		else
			seq_printf(sf, first ? "%u-%u" : ",%u-%u", bit, end - 1);
		first = false;
		bit = end;
	}
}

/**
 * irq_matrix_debug_show() - print the matrix as the VECTOR domain's debugfs
 * file does.
 * @sf: output.
 * @m: matrix.
 * @ind: indentation of the CPU table.
 *
 * Four global lines, the system bits, then one row per online CPU of the
 * machine: available, managed, managed_allocated, allocated and the
 * allocated bits as a range list.
 *
 * Context: a snapshot; callers serialise matrix calls.
 */
void irq_matrix_debug_show(struct seq_file *sf, struct irq_matrix *m, int ind)
{
	unsigned int nsys = 0, cpu, i;

	for (i = 0; i < m->matrix_bits; i++)
		nsys += map_test(m->system_map, i);
	seq_printf(sf, "Online bitmaps:   %6u\n", m->online_maps);
	seq_printf(sf, "Global available: %6u\n", m->global_available);
	seq_printf(sf, "Global reserved:  %6u\n", m->global_reserved);
	seq_printf(sf, "Total allocated:  %6u\n", m->total_allocated);
	seq_printf(sf, "System: %u: ", nsys);
	seq_bitmap_list(sf, m->system_map, m->matrix_bits);
	seq_putc(sf, '\n');
	seq_printf(sf, "%*s| CPU | avl | man | mac | act | vectors\n", ind, " ");
	for_each_cpu(cpu, m->machine->online) {
		struct cpumap *cm = &m->maps[cpu];

		seq_printf(sf, "%*s %4d  %4u  %4u  %4u %4u  ", ind, " ", (int)cpu,
			   cm->available, cm->managed, cm->managed_allocated,
			   cm->allocated);
		seq_bitmap_list(sf, alloc_map(m, cpu), m->matrix_bits);
		seq_putc(sf, '\n');
	}
}

/* ---- irqlab queries ------------------------------------------------------------ */

/**
 * irqlab_matrix_get_stats() - copy the matrix's global fields.
 * @m: matrix.
 * @st: output.
 */
void irqlab_matrix_get_stats(const struct irq_matrix *m, struct irqlab_matrix_stats *st)
{
	*st = (struct irqlab_matrix_stats){
		.nr_cpus = m->nr_cpus,
		.matrix_bits = m->matrix_bits,
		.alloc_start = m->alloc_start,
		.alloc_end = m->alloc_end,
		.alloc_size = m->alloc_size,
		.global_available = m->global_available,
		.global_reserved = m->global_reserved,
		.systembits_inalloc = m->systembits_inalloc,
		.total_allocated = m->total_allocated,
		.online_maps = m->online_maps,
	};
}

/**
 * irqlab_matrix_get_cpu_stats() - copy one CPU map's counters.
 * @m: matrix.
 * @cpu: the CPU.
 * @st: output, zeroed for a CPU beyond the matrix.
 *
 * Return: 0, or -EINVAL for a CPU beyond the matrix.
 */
int irqlab_matrix_get_cpu_stats(const struct irq_matrix *m, unsigned int cpu,
				struct irqlab_matrix_cpu_stats *st)
{
	const struct cpumap *cm;

	if (cpu >= m->nr_cpus) {
		*st = (struct irqlab_matrix_cpu_stats){ 0 };
		return -EINVAL;
	}
	cm = &m->maps[cpu];
	*st = (struct irqlab_matrix_cpu_stats){
		.available = cm->available,
		.allocated = cm->allocated,
		.managed = cm->managed,
		.managed_allocated = cm->managed_allocated,
		.initialized = cm->initialized,
		.online = cm->online,
	};
	return 0;
}

/** irqlab_matrix_cpu_available() - @cpu's available count (0 if out of range). */
unsigned int irqlab_matrix_cpu_available(const struct irq_matrix *m, unsigned int cpu)
{
	return cpu < m->nr_cpus ? m->maps[cpu].available : 0;
}

/** irqlab_matrix_cpu_allocated() - @cpu's allocated count (0 if out of range). */
unsigned int irqlab_matrix_cpu_allocated(const struct irq_matrix *m, unsigned int cpu)
{
	return cpu < m->nr_cpus ? m->maps[cpu].allocated : 0;
}

/** irqlab_matrix_cpu_managed() - @cpu's managed count (0 if out of range). */
unsigned int irqlab_matrix_cpu_managed(const struct irq_matrix *m, unsigned int cpu)
{
	return cpu < m->nr_cpus ? m->maps[cpu].managed : 0;
}

/**
 * irqlab_matrix_cpu_managed_allocated() - @cpu's managed_allocated count (0
 * if out of range).
 */
unsigned int irqlab_matrix_cpu_managed_allocated(const struct irq_matrix *m,
						 unsigned int cpu)
{
	return cpu < m->nr_cpus ? m->maps[cpu].managed_allocated : 0;
}

/** irqlab_matrix_bit_allocated() - whether @bit is in @cpu's alloc_map. */
bool irqlab_matrix_bit_allocated(const struct irq_matrix *m, unsigned int cpu,
				 unsigned int bit)
{
	return cpu < m->nr_cpus && bit < m->matrix_bits && map_test(alloc_map(m, cpu), bit);
}

/** irqlab_matrix_bit_managed() - whether @bit is in @cpu's managed_map. */
bool irqlab_matrix_bit_managed(const struct irq_matrix *m, unsigned int cpu,
			       unsigned int bit)
{
	return cpu < m->nr_cpus && bit < m->matrix_bits &&
	       map_test(managed_map(m, cpu), bit);
}

/** irqlab_matrix_bit_system() - whether @bit is in the system_map. */
bool irqlab_matrix_bit_system(const struct irq_matrix *m, unsigned int bit)
{
	return bit < m->matrix_bits && map_test(m->system_map, bit);
}
