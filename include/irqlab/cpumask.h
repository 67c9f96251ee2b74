/* SPDX-License-Identifier: MIT */
/*
 * Run-time sized CPU masks with the kernel's cpumask API.
 *
 * A mask carries its own size (nbits), so masks of different machines can
 * live in one process.  Masks are allocated for the current machine's
 * nr_cpu_ids (alloc_cpumask_var), like the kernel's CONFIG_CPUMASK_OFFSTACK.
 * Binary operations work on the common prefix and treat missing bits as 0;
 * the destination keeps its own size.
 */
#ifndef IRQLAB_CPUMASK_H
#define IRQLAB_CPUMASK_H

#include "irqlab/types.h"

struct cpumask {
	unsigned int nbits;
	unsigned long bits[];
};

typedef struct cpumask *cpumask_var_t;

/** irqlab_nr_cpu_ids() - number of possible CPU ids of the current machine. */
IRQLAB_API unsigned int irqlab_nr_cpu_ids(void);
#define nr_cpu_ids irqlab_nr_cpu_ids()

IRQLAB_API struct cpumask *irqlab_cpumask_alloc(unsigned int nbits);
IRQLAB_API bool alloc_cpumask_var(cpumask_var_t *mask, gfp_t flags);
IRQLAB_API bool zalloc_cpumask_var(cpumask_var_t *mask, gfp_t flags);
IRQLAB_API void free_cpumask_var(cpumask_var_t mask);

#define cpumask_bits(m) ((m)->bits)

/**
 * irqlab_cpumask_storage_size() - bytes one run-time sized mask occupies.
 * @nbits: number of CPUs the mask holds.
 *
 * For callers that embed several masks in one allocation, as irq_create_affinity_masks()
 * does; use irqlab_cpumask_place() to initialise each one.
 *
 * Return: the size, a multiple of the alignment of struct cpumask.
 */
IRQLAB_API size_t irqlab_cpumask_storage_size(unsigned int nbits);

/**
 * irqlab_cpumask_place() - initialise an empty mask in caller storage.
 * @mem: zeroed storage of irqlab_cpumask_storage_size(@nbits) bytes,
 *       aligned for struct cpumask.
 * @nbits: number of CPUs the mask holds.
 *
 * Return: @mem as a mask.
 */
IRQLAB_API struct cpumask *irqlab_cpumask_place(void *mem, unsigned int nbits);

/* One kzalloc'd block of @head bytes followed by @n masks (cpumask.c). */
IRQLAB_API void *irqlab_cpumask_block_alloc(size_t head, unsigned int n, size_t max,
					    char **first, size_t *stride);

IRQLAB_API void cpumask_set_cpu(unsigned int cpu, struct cpumask *m);
IRQLAB_API void cpumask_clear_cpu(unsigned int cpu, struct cpumask *m);
IRQLAB_API bool cpumask_test_cpu(unsigned int cpu, const struct cpumask *m);
IRQLAB_API bool cpumask_test_and_set_cpu(unsigned int cpu, struct cpumask *m);
IRQLAB_API bool cpumask_test_and_clear_cpu(unsigned int cpu, struct cpumask *m);
IRQLAB_API void cpumask_setall(struct cpumask *m);
IRQLAB_API void cpumask_clear(struct cpumask *m);
IRQLAB_API void cpumask_copy(struct cpumask *dst, const struct cpumask *src);
IRQLAB_API bool cpumask_and(struct cpumask *dst, const struct cpumask *a,
			    const struct cpumask *b);
IRQLAB_API void cpumask_or(struct cpumask *dst, const struct cpumask *a,
			   const struct cpumask *b);
IRQLAB_API bool cpumask_andnot(struct cpumask *dst, const struct cpumask *a,
			       const struct cpumask *b);
IRQLAB_API void cpumask_xor(struct cpumask *dst, const struct cpumask *a,
			    const struct cpumask *b);
IRQLAB_API bool cpumask_equal(const struct cpumask *a, const struct cpumask *b);
IRQLAB_API bool cpumask_subset(const struct cpumask *a, const struct cpumask *b);
IRQLAB_API bool cpumask_intersects(const struct cpumask *a,
				   const struct cpumask *b);
IRQLAB_API bool cpumask_empty(const struct cpumask *m);
IRQLAB_API bool cpumask_full(const struct cpumask *m);
IRQLAB_API unsigned int cpumask_weight(const struct cpumask *m);
IRQLAB_API unsigned int cpumask_weight_and(const struct cpumask *a,
					   const struct cpumask *b);
IRQLAB_API unsigned int cpumask_first(const struct cpumask *m);
IRQLAB_API unsigned int cpumask_last(const struct cpumask *m);
IRQLAB_API unsigned int cpumask_next(int n, const struct cpumask *m);
IRQLAB_API unsigned int cpumask_first_zero(const struct cpumask *m);
IRQLAB_API unsigned int cpumask_next_zero(int n, const struct cpumask *m);
IRQLAB_API unsigned int cpumask_first_and(const struct cpumask *a,
					  const struct cpumask *b);
IRQLAB_API unsigned int cpumask_next_and(int n, const struct cpumask *a,
					 const struct cpumask *b);
IRQLAB_API unsigned int cpumask_nth(unsigned int n, const struct cpumask *m);
#define cpumask_any(m) cpumask_first(m)
#define cpumask_any_and(a, b) cpumask_first_and(a, b)

/* Iterators stop at the mask's own size, which is what "not found" returns. */
#define for_each_cpu(cpu, mask)                                        \
	for ((cpu) = cpumask_first(mask); (cpu) < (mask)->nbits;       \
	     (cpu) = cpumask_next((int)(cpu), mask))
#define for_each_cpu_and(cpu, a, b)                                     \
	for ((cpu) = cpumask_first_and(a, b); (cpu) < (a)->nbits;       \
	     (cpu) = cpumask_next_and((int)(cpu), a, b))

/**
 * cpulist_parse() - parse a CPU list ("0-3,8,10-15:2") into a mask.
 * @buf: NUL-terminated text; a trailing newline is accepted.
 * @dstp: destination, left unchanged on error.
 *
 * Return: 0, -EINVAL on bad syntax, -ERANGE when a CPU is beyond the mask.
 */
IRQLAB_API int cpulist_parse(const char *buf, struct cpumask *dstp);

/**
 * cpumask_parse() - parse the kernel's hex mask format ("ff", "1,00000000").
 * @buf: NUL-terminated text; a trailing newline is accepted.
 * @dstp: destination, left unchanged on error.
 *
 * Return: 0, -EINVAL on bad syntax, -EOVERFLOW when bits are set beyond the
 * mask.
 */
IRQLAB_API int cpumask_parse(const char *buf, struct cpumask *dstp);

/**
 * irqlab_cpumask_snprint() - print a mask like the kernel's %*pb / %*pbl.
 * @buf: output buffer, always NUL-terminated when @size > 0.
 * @size: size of @buf.
 * @m: the mask.
 * @list: true for the list format ("0-3,5"), false for hex ("ff").
 *
 * Return: the number of characters written, excluding the NUL (scnprintf
 * semantics: never more than @size - 1).
 */
IRQLAB_API int irqlab_cpumask_snprint(char *buf, size_t size,
				      const struct cpumask *m, bool list);

/**
 * cpumap_print_to_pagebuf() - print a mask followed by a newline.
 * @list: list format when true, hex otherwise.
 * @buf: a buffer of at least PAGE_SIZE (4096) bytes.
 * @mask: the mask.
 *
 * Return: the number of characters written.
 */
IRQLAB_API int cpumap_print_to_pagebuf(bool list, char *buf,
				       const struct cpumask *mask);

#endif
