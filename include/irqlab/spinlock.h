/* SPDX-License-Identifier: MIT */
/*
 * Locks with the kernel's names.  They are real pthread mutexes so that the
 * core keeps its locking discipline when CPUs become threads; in debug
 * builds they remember their owner so lockdep_assert_held() can check it.
 */
#ifndef IRQLAB_SPINLOCK_H
#define IRQLAB_SPINLOCK_H

#include <pthread.h>

#include "irqlab/types.h"

struct irqlab_lock {
	pthread_mutex_t mutex;
	pthread_t owner;
	bool held;
};

typedef struct irqlab_lock raw_spinlock_t;
struct mutex {
	struct irqlab_lock lock;
};

IRQLAB_API void irqlab_lock_init(struct irqlab_lock *l);
IRQLAB_API void irqlab_lock_destroy(struct irqlab_lock *l);
IRQLAB_API void irqlab_lock_acquire(struct irqlab_lock *l);
IRQLAB_API void irqlab_lock_release(struct irqlab_lock *l);
/** irqlab_lock_held() - true if the calling thread holds @l. */
IRQLAB_API bool irqlab_lock_held(const struct irqlab_lock *l);

#define raw_spin_lock_init(l) irqlab_lock_init(l)
#define raw_spin_lock(l) irqlab_lock_acquire(l)
#define raw_spin_unlock(l) irqlab_lock_release(l)
#define raw_spin_lock_irqsave(l, flags) \
	do { (flags) = 0; irqlab_lock_acquire(l); } while (0)
#define raw_spin_unlock_irqrestore(l, flags) \
	do { (void)(flags); irqlab_lock_release(l); } while (0)
#define mutex_init(mx) irqlab_lock_init(&(mx)->lock)
#define mutex_destroy(mx) irqlab_lock_destroy(&(mx)->lock)
#define mutex_lock(mx) irqlab_lock_acquire(&(mx)->lock)
#define mutex_unlock(mx) irqlab_lock_release(&(mx)->lock)
#define mutex_is_locked(mx) ((mx)->lock.held)

#define irqlab_lockp(x)                                   \
	_Generic((x), struct mutex * : &((struct mutex *)(void *)(x))->lock, \
		 default : (struct irqlab_lock *)(void *)(x))

#ifdef IRQLAB_DEBUG_LOCKS
#include "irqlab/printk.h"
#define lockdep_assert_held(x) \
	WARN(!irqlab_lock_held(irqlab_lockp(x)), "lock %s not held", #x)
#else
#define lockdep_assert_held(x) ((void)(x))
#endif

#endif
