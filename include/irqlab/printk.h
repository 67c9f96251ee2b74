/* SPDX-License-Identifier: MIT */
/*
 * Kernel messages: pr_*() and WARN*() write to the current machine's log,
 * which dmesg renders with virtual timestamps.  WARNs are counted; they
 * never abort the process.
 */
#ifndef IRQLAB_PRINTK_H
#define IRQLAB_PRINTK_H

#include "irqlab/types.h"

struct irqlab_machine;

#define KERN_EMERG "0"
#define KERN_ALERT "1"
#define KERN_CRIT "2"
#define KERN_ERR "3"
#define KERN_WARNING "4"
#define KERN_NOTICE "5"
#define KERN_INFO "6"
#define KERN_DEBUG "7"

/**
 * irqlab_printk() - append one message to the current machine's log.
 * @level: log level 0..7 (KERN_* as a number).
 * @fmt: printf format; a trailing newline is optional.
 *
 * Without a current machine the message goes to stderr.
 */
IRQLAB_API void irqlab_printk(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * irqlab_warn_slowpath() - record a kernel WARNING.
 * @file: source file of the WARN.
 * @line: its line.
 * @func: its function.
 * @fmt: optional message (NULL for WARN_ON), printed before the report.
 */
IRQLAB_API void irqlab_warn_slowpath(const char *file, int line, const char *func,
				     const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#define pr_emerg(...) irqlab_printk(0, __VA_ARGS__)
#define pr_crit(...) irqlab_printk(2, __VA_ARGS__)
#define pr_err(...) irqlab_printk(3, __VA_ARGS__)
#define pr_warn(...) irqlab_printk(4, __VA_ARGS__)
#define pr_notice(...) irqlab_printk(5, __VA_ARGS__)
#define pr_info(...) irqlab_printk(6, __VA_ARGS__)
#define pr_debug(...) irqlab_printk(7, __VA_ARGS__)
#define printk(...) irqlab_printk(4, __VA_ARGS__)

#define WARN(cond, ...)                                                       \
	({                                                                    \
		bool __w = !!(cond);                                          \
		if (__w)                                                      \
			irqlab_warn_slowpath(__FILE__, __LINE__, __func__,    \
					     __VA_ARGS__);                    \
		__w;                                                          \
	})
#define WARN_ON(cond)                                                         \
	({                                                                    \
		bool __w = !!(cond);                                          \
		if (__w)                                                      \
			irqlab_warn_slowpath(__FILE__, __LINE__, __func__,    \
					     NULL);                           \
		__w;                                                          \
	})
/**
 * irqlab_once() - true the first time a _ONCE call site asks on the
 * current machine (once per boot; a machine is a boot).
 * @site: the call site's key.
 */
IRQLAB_API bool irqlab_once(const void *site);

/* A per-call-site key: the address of a static of the site. */
#define __IRQLAB_ONCE()                                                       \
	({                                                                    \
		static const char __irqlab_once_site;                         \
		irqlab_once(&__irqlab_once_site);                             \
	})

#define WARN_ON_ONCE(cond)                                                    \
	({                                                                    \
		bool __w = !!(cond);                                          \
		if (__w && __IRQLAB_ONCE())                                   \
			irqlab_warn_slowpath(__FILE__, __LINE__, __func__,    \
					     NULL);                           \
		__w;                                                          \
	})
#define WARN_ONCE(cond, ...)                                                  \
	({                                                                    \
		bool __w = !!(cond);                                          \
		if (__w && __IRQLAB_ONCE())                                   \
			irqlab_warn_slowpath(__FILE__, __LINE__, __func__,    \
					     __VA_ARGS__);                    \
		__w;                                                          \
	})
#define pr_warn_once(...)                                                     \
	do {                                                                  \
		if (__IRQLAB_ONCE())                                          \
			pr_warn(__VA_ARGS__);                                 \
	} while (0)
#define pr_err_once(...)                                                      \
	do {                                                                  \
		if (__IRQLAB_ONCE())                                          \
			pr_err(__VA_ARGS__);                                  \
	} while (0)

/**
 * irqlab_dmesg() - the machine's log as dmesg prints it.
 * @m: machine.
 *
 * Return: a NUL-terminated text owned by the machine, valid until the next
 * message or irqlab_log_clear().
 */
IRQLAB_API const char *irqlab_dmesg(struct irqlab_machine *m);
/** irqlab_log_contains() - true if any logged message contains @text. */
IRQLAB_API bool irqlab_log_contains(struct irqlab_machine *m, const char *text);
/** irqlab_log_count() - number of logged messages containing @text. */
IRQLAB_API unsigned int irqlab_log_count(struct irqlab_machine *m, const char *text);
/** irqlab_warn_count() - number of WARNINGs recorded since creation. */
IRQLAB_API unsigned int irqlab_warn_count(const struct irqlab_machine *m);
/** irqlab_log_clear() - forget all messages (the WARN count stays). */
IRQLAB_API void irqlab_log_clear(struct irqlab_machine *m);

#endif
