// SPDX-License-Identifier: MIT
/*
 * A small radix tree keyed by unsigned long (64 slots a node), used for the
 * sparse descriptor table and for domains' reverse-map trees.  Lookups cost
 * one step per 6 key bits in use; empty nodes are freed on delete.
 */
#include <string.h>

#include "internals.h"

#define RADIX_SHIFT 6
#define RADIX_SLOTS (1U << RADIX_SHIFT)
#define RADIX_MASK (RADIX_SLOTS - 1)
#define RADIX_MAX_HEIGHT 11 /* 11 * 6 >= 64 bits */

struct radix_node {
	void *slots[RADIX_SLOTS];
	unsigned int count;
};

static unsigned int shift_of(unsigned int height)
{
	return (height - 1) * RADIX_SHIFT;
}

/* Largest key a tree of @height can hold. */
static unsigned long max_key(unsigned int height)
{
	if (height * RADIX_SHIFT >= (unsigned int)BITS_PER_LONG)
		return ~0UL;
	return (1UL << (height * RADIX_SHIFT)) - 1;
}

void irqlab_radix_init(struct irqlab_radix *r)
{
	r->root = NULL;
	r->height = 0;
}

void *irqlab_radix_lookup(const struct irqlab_radix *r, unsigned long key)
{
	struct radix_node *n = r->root;
	unsigned int h = r->height;

	if (!n || key > max_key(h))
		return NULL;
	while (h > 1) {
		n = n->slots[(key >> shift_of(h)) & RADIX_MASK];
		if (!n)
			return NULL;
		h--;
	}
	return n->slots[key & RADIX_MASK];
}

/* Undo the levels a failed insert added on top of the old root. */
static void radix_unwind_growth(struct irqlab_radix *r, void *old_root,
			       unsigned int old_height)
{
	while (old_root && r->height > old_height) {
		struct radix_node *n = r->root;

		r->root = n->slots[0];
		kfree(n);
		r->height--;
	}
	if (!old_root && r->root) {
		kfree(r->root); /* the empty first node */
		r->root = NULL;
		r->height = 0;
	}
}

/**
 * irqlab_radix_insert() - store @item at @key.
 * @r: tree.
 * @key: key.
 * @item: non-NULL item.
 *
 * All or nothing: on failure the tree is exactly as it was.
 *
 * Return: 0, -EEXIST when @key is in use, -EINVAL for a NULL item, -ENOMEM.
 */
int irqlab_radix_insert(struct irqlab_radix *r, unsigned long key, void *item)
{
	struct radix_node *n, *new_nodes[RADIX_MAX_HEIGHT];
	void *old_root = r->root;
	unsigned int old_height = r->height;
	unsigned int h, i;

	if (!item)
		return -EINVAL;
	if (!r->root) {
		/* Start at the height the key needs: no empty chain below. */
		n = kzalloc(sizeof(*n), GFP_KERNEL);
		if (!n)
			return -ENOMEM;
		r->root = n;
		r->height = 1;
		while (key > max_key(r->height))
			r->height++;
	}
	while (key > max_key(r->height)) {
		n = kzalloc(sizeof(*n), GFP_KERNEL);
		if (!n)
			goto nomem;
		n->slots[0] = r->root;
		n->count = 1;
		r->root = n;
		r->height++;
	}
	/* Walk as far as the path exists. */
	n = r->root;
	for (h = r->height; h > 1; h--) {
		struct radix_node *c = n->slots[(key >> shift_of(h)) & RADIX_MASK];

		if (!c)
			break;
		n = c;
	}
	if (h == 1 && n->slots[key & RADIX_MASK]) {
		radix_unwind_growth(r, old_root, old_height);
		return -EEXIST;
	}
	/* Preallocate the missing interior nodes so failure changes nothing. */
	for (i = 0; i + 1 < h; i++) {
		new_nodes[i] = kzalloc(sizeof(struct radix_node), GFP_KERNEL);
		if (!new_nodes[i]) {
			while (i--)
				kfree(new_nodes[i]);
			goto nomem;
		}
	}
	for (i = 0; h > 1; h--, i++) {
		unsigned int idx = (key >> shift_of(h)) & RADIX_MASK;

		n->slots[idx] = new_nodes[i];
		n->count++;
		n = new_nodes[i];
	}
	n->slots[key & RADIX_MASK] = item;
	n->count++;
	return 0;
nomem:
	radix_unwind_growth(r, old_root, old_height);
	return -ENOMEM;
}

/**
 * irqlab_radix_delete() - remove the item at @key.
 * @r: tree.
 * @key: key.
 *
 * Return: the removed item, or NULL if there was none.
 */
void *irqlab_radix_delete(struct irqlab_radix *r, unsigned long key)
{
	struct radix_node *path[RADIX_MAX_HEIGHT] = { NULL };
	unsigned int idx[RADIX_MAX_HEIGHT] = { 0 };
	struct radix_node *n = r->root;
	unsigned int h = r->height, depth = 0;
	void *item;

	if (!n || key > max_key(h))
		return NULL;
	for (; h >= 1; h--) {
		path[depth] = n;
		idx[depth] = (key >> shift_of(h)) & RADIX_MASK;
		if (h == 1)
			break;
		n = n->slots[idx[depth]];
		if (!n)
			return NULL;
		depth++;
	}
	item = path[depth]->slots[idx[depth]];
	if (!item)
		return NULL;
	/* Clear the slot and free nodes that became empty, bottom up. */
	for (;;) {
		path[depth]->slots[idx[depth]] = NULL;
		if (--path[depth]->count || depth == 0)
			break;
		kfree(path[depth]);
		depth--;
	}
	if (!path[0]->count) {
		kfree(path[0]);
		r->root = NULL;
		r->height = 0;
	}
	return item;
}

static void destroy_node(struct radix_node *n, unsigned int h)
{
	unsigned int i;

	if (h > 1)
		for (i = 0; i < RADIX_SLOTS; i++)
			if (n->slots[i])
				destroy_node(n->slots[i], h - 1);
	kfree(n);
}

/**
 * irqlab_radix_destroy() - free the tree's nodes (not the items).
 * @r: tree; empty afterwards.
 */
void irqlab_radix_destroy(struct irqlab_radix *r)
{
	if (r->root)
		destroy_node(r->root, r->height);
	irqlab_radix_init(r);
}

/* First item with key >= *key below @n (level @h); updates *key. */
static void *next_in(struct radix_node *n, unsigned int h, unsigned long base,
		     unsigned long *key)
{
	unsigned int i = 0;

	if (*key > base)
		i = (unsigned int)((*key - base) >> shift_of(h));
	for (; i < RADIX_SLOTS; i++) {
		unsigned long child_base = base + ((unsigned long)i << shift_of(h));
		void *s = n->slots[i];

		if (!s)
			continue;
		if (h == 1) {
			*key = child_base;
			return s;
		}
		if (*key < child_base)
			*key = child_base;
		s = next_in(s, h - 1, child_base, key);
		if (s)
			return s;
		/* Nothing at or after *key in that child: restart at the next. */
		if (shift_of(h) < (unsigned int)BITS_PER_LONG && i + 1 < RADIX_SLOTS)
			*key = base + ((unsigned long)(i + 1) << shift_of(h));
	}
	return NULL;
}

/**
 * irqlab_radix_next() - the first item whose key is >= *@key.
 * @r: tree.
 * @key: in: where to start; out: the found key (unchanged when none).
 *
 * Return: the item or NULL.
 */
void *irqlab_radix_next(const struct irqlab_radix *r, unsigned long *key)
{
	unsigned long k = *key;
	void *item;

	if (!r->root || k > max_key(r->height))
		return NULL;
	item = next_in(r->root, r->height, 0, &k);
	if (item)
		*key = k;
	return item;
}
