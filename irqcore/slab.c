// SPDX-License-Identifier: MIT
/*
 * Kernel allocation API over malloc with live counting and one-shot fault
 * injection.  Counters are per thread: a test's machine lives in one thread,
 * and per-thread state needs no locking.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irqlab/slab.h"

static _Thread_local long alloc_live;
static _Thread_local unsigned long fail_countdown;
static _Thread_local bool fault_hit;

/* True when the injected failure is due now. */
static bool should_fail(void)
{
	if (!fail_countdown)
		return false;
	if (--fail_countdown)
		return false;
	fault_hit = true;
	return true;
}

void *kmalloc(size_t size, gfp_t flags)
{
	void *p;

	(void)flags;
	if (should_fail())
		return NULL;
	p = malloc(size ? size : 1);
	if (p)
		alloc_live++;
	return p;
}

void *kzalloc(size_t size, gfp_t flags)
{
	void *p = kmalloc(size, flags);

	if (p)
		memset(p, 0, size);
	return p;
}

void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kzalloc(n * size, flags);
}

/* A failed krealloc leaves @p allocated, as realloc does. */
void *krealloc(void *p, size_t size, gfp_t flags)
{
	void *q;

	(void)flags;
	if (!p)
		return kmalloc(size, flags);
	if (should_fail())
		return NULL;
	q = realloc(p, size ? size : 1);
	return q;
}

char *kstrdup(const char *s, gfp_t flags)
{
	size_t len;
	char *p;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	p = kmalloc(len, flags);
	if (p)
		memcpy(p, s, len);
	return p;
}

char *kasprintf(gfp_t flags, const char *fmt, ...)
{
	va_list ap;
	int len;
	char *p;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		return NULL;
	p = kmalloc((size_t)len + 1, flags);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return p;
}

void kfree(const void *p)
{
	if (!p)
		return;
	alloc_live--;
	free((void *)p);
}

/**
 * irqlab_fail_nth_alloc() - make the @nth allocation from now fail.
 * @nth: 1 fails the next allocation; 0 disables injection.
 */
void irqlab_fail_nth_alloc(unsigned long nth)
{
	fail_countdown = nth;
	fault_hit = false;
}

/**
 * irqlab_alloc_fault_hit() - whether the armed failure has happened.
 *
 * Return: true once the injected allocation failure was returned.
 */
bool irqlab_alloc_fault_hit(void)
{
	return fault_hit;
}

/**
 * irqlab_alloc_live() - allocations of the calling thread not yet freed.
 *
 * Return: the count (kmalloc family minus kfree).
 */
long irqlab_alloc_live(void)
{
	return alloc_live;
}
