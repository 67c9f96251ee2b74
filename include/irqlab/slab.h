/* SPDX-License-Identifier: MIT */
/*
 * Kernel allocation API over malloc, with a live-allocation counter and
 * fault injection ("fail the Nth allocation from now"), so every -ENOMEM
 * unwind path can be exercised by tests.
 */
#ifndef IRQLAB_SLAB_H
#define IRQLAB_SLAB_H

#include "irqlab/types.h"

IRQLAB_API void *kmalloc(size_t size, gfp_t flags);
IRQLAB_API void *kzalloc(size_t size, gfp_t flags);
IRQLAB_API void *kcalloc(size_t n, size_t size, gfp_t flags);
IRQLAB_API void *krealloc(void *p, size_t size, gfp_t flags);
IRQLAB_API char *kstrdup(const char *s, gfp_t flags);
IRQLAB_API char *kasprintf(gfp_t flags, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
IRQLAB_API void kfree(const void *p);

/**
 * irqlab_fail_nth_alloc() - make the @nth allocation from now fail.
 * @nth: 1 fails the very next allocation; 0 disables injection.
 *
 * Per thread.  The injected failure is one-shot.
 */
IRQLAB_API void irqlab_fail_nth_alloc(unsigned long nth);
/** irqlab_alloc_fault_hit() - true once the injected failure happened. */
IRQLAB_API bool irqlab_alloc_fault_hit(void);
/** irqlab_alloc_live() - allocations of this thread not yet freed. */
IRQLAB_API long irqlab_alloc_live(void);

#endif
