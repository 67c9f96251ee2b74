// SPDX-License-Identifier: MIT
/*
 * The per-machine kernel log.  Messages are stored already rendered the way
 * dmesg prints them ("[    1.000250] text"), one line per line of text,
 * with the machine's virtual time.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internals.h"

/* Append @text, splitting it into timestamped lines. */
static void log_append(struct irqlab_machine *m, const char *text)
{
	unsigned long long ns = m->clock_ns;
	const char *p = text;

	irqlab_lock_acquire(&m->log_lock);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		seq_printf(&m->log, "[%5llu.%06llu] %.*s\n", ns / 1000000000ULL,
			   (ns / 1000ULL) % 1000000ULL, (int)len, p);
		p += len;
		if (*p == '\n')
			p++;
	}
	irqlab_lock_release(&m->log_lock);
}

static void vlog(int level, const char *fmt, va_list ap)
{
	struct irqlab_machine *m = irqlab_cur();
	char buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (!m) {
		fprintf(stderr, "<%d>%s%s", level, buf,
			buf[0] && buf[strlen(buf) - 1] == '\n' ? "" : "\n");
		return;
	}
	log_append(m, buf);
}

/**
 * irqlab_once() - has this _ONCE call site fired on the current machine?
 * @site: the call site's unique key (the address of a static in it).
 *
 * The kernel's _ONCE variants fire once per boot; a machine is a boot.
 * Without a current machine, or when the set cannot grow, it answers true:
 * a message too many beats a lost one.
 *
 * Return: true the first time @site asks on this machine.
 */
bool irqlab_once(const void *site)
{
	struct irqlab_machine *m = irqlab_cur();
	const void **grown;
	bool first = true;
	size_t i;

	if (!m)
		return true;
	irqlab_lock_acquire(&m->log_lock);
	for (i = 0; i < m->nr_once_sites && first; i++)
		first = m->once_sites[i] != site;
	if (first) {
		/* Plain realloc: not a kernel allocation, so not fault-injected. */
		grown = realloc(m->once_sites, (m->nr_once_sites + 1) * sizeof(*grown));
		if (grown) {
			grown[m->nr_once_sites++] = site;
			m->once_sites = grown;
		}
	}
	irqlab_lock_release(&m->log_lock);
	return first;
}

/**
 * irqlab_printk() - log a kernel message on the current machine.
 * @level: 0..7.
 * @fmt: printf format.
 */
void irqlab_printk(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(level, fmt, ap);
	va_end(ap);
}

/**
 * irqlab_warn_slowpath() - log a kernel WARNING report and count it.
 * @file: source file.
 * @line: source line.
 * @func: function name.
 * @fmt: message format or NULL.
 *
 * The report has the kernel's shape: a cut line, the message, a
 * "WARNING: CPU: N PID: 0 at FILE:LINE FUNC" line and an end marker.
 */
void irqlab_warn_slowpath(const char *file, int line, const char *func,
			  const char *fmt, ...)
{
	struct irqlab_machine *m = irqlab_cur();
	va_list ap;

	if (m)
		__atomic_add_fetch(&m->warn_count, 1, __ATOMIC_RELAXED);
	irqlab_printk(4, "------------[ cut here ]------------");
	if (fmt) {
		va_start(ap, fmt);
		vlog(4, fmt, ap);
		va_end(ap);
	}
	irqlab_printk(4, "WARNING: CPU: %u PID: 0 at %s:%d %s", irqlab_this_cpu(),
		      file, line, func);
	irqlab_printk(4, "---[ end trace 0000000000000000 ]---");
}

/**
 * irqlab_dmesg() - the machine's log text.
 * @m: machine.
 *
 * Return: the log, "" when empty.
 */
const char *irqlab_dmesg(struct irqlab_machine *m)
{
	return seq_text(&m->log);
}

/**
 * irqlab_log_count() - count log lines containing @text.
 * @m: machine.
 * @text: the text to look for.
 *
 * Return: the number of matching lines.
 */
unsigned int irqlab_log_count(struct irqlab_machine *m, const char *text)
{
	const char *p = seq_text(&m->log);
	unsigned int n = 0;

	while ((p = strstr(p, text))) {
		const char *nl = strchr(p, '\n');

		n++;
		if (!nl)
			break;
		p = nl + 1;
	}
	return n;
}

/**
 * irqlab_log_contains() - whether any log line contains @text.
 * @m: machine.
 * @text: the text.
 *
 * Return: true when found.
 */
bool irqlab_log_contains(struct irqlab_machine *m, const char *text)
{
	return strstr(seq_text(&m->log), text) != NULL;
}

/**
 * irqlab_warn_count() - WARNINGs recorded on @m.
 * @m: machine.
 *
 * Return: the count.
 */
unsigned int irqlab_warn_count(const struct irqlab_machine *m)
{
	return __atomic_load_n(&m->warn_count, __ATOMIC_RELAXED);
}

/**
 * irqlab_log_clear() - empty the log.
 * @m: machine.
 */
void irqlab_log_clear(struct irqlab_machine *m)
{
	irqlab_lock_acquire(&m->log_lock);
	seq_release_buf(&m->log);
	irqlab_lock_release(&m->log_lock);
}
