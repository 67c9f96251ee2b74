// SPDX-License-Identifier: MIT
/*
 * Locks: pthread mutexes that remember their owner, so lockdep_assert_held()
 * can tell "held by me" from "held by someone" in debug builds.
 */
#include "irqlab/spinlock.h"

/**
 * irqlab_lock_init() - initialise a lock.
 * @l: the lock.
 */
void irqlab_lock_init(struct irqlab_lock *l)
{
	pthread_mutex_init(&l->mutex, NULL);
	l->held = false;
}

/**
 * irqlab_lock_destroy() - release a lock's resources.
 * @l: an unlocked lock.
 */
void irqlab_lock_destroy(struct irqlab_lock *l)
{
	pthread_mutex_destroy(&l->mutex);
}

/**
 * irqlab_lock_acquire() - take a lock.
 * @l: the lock; it must not be held by the caller (locks are not recursive).
 */
void irqlab_lock_acquire(struct irqlab_lock *l)
{
	pthread_mutex_lock(&l->mutex);
	l->owner = pthread_self();
	l->held = true;
}

/**
 * irqlab_lock_release() - drop a lock.
 * @l: a lock held by the caller.
 */
void irqlab_lock_release(struct irqlab_lock *l)
{
	l->held = false;
	pthread_mutex_unlock(&l->mutex);
}

/**
 * irqlab_lock_held() - does the calling thread hold @l?
 * @l: the lock.
 *
 * Return: true if @l is held by the calling thread.
 */
bool irqlab_lock_held(const struct irqlab_lock *l)
{
	/* Racy read of held is fine: only the owner can make it true for us. */
	return l->held && pthread_equal(l->owner, pthread_self());
}
