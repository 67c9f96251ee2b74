// SPDX-License-Identifier: MIT
/*
 * Tracing: events with virtual timestamps in an ftrace-format ring buffer
 * (/sys/kernel/debug/tracing/trace and its control files), and per-CPU
 * event counts as perf counts tracepoints.
 *
 * The buffer is one ring for all CPUs, in emission order (the virtual
 * clock never goes back, so this is also timestamp order); when it is full
 * the oldest event is overwritten.  The kernel keeps one ring per CPU.
 *
 * The state is created by the first call of the tracing API on a machine;
 * until then tracepoints do nothing (and allocate nothing), so counting
 * starts there, typically with irqlab_trace_reset_counts().
 */
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vfs_internal.h"

/* Events of the whole machine (built-in ones plus those first seen later). */
#define TRACE_MAX_EVENTS 128
/* Where an event of an unknown system goes. */
#define TRACE_DEFAULT_SYSTEM "irqlab"

struct trace_ev {
	const char *system;
	const char *name;
	bool enabled;
	bool allocated; /* system/name are kstrdup()ed */
	unsigned long long *count; /* per CPU, allocated on first emission */
};

struct trace_entry {
	unsigned long long ts;
	unsigned int cpu;
	int pid;
	char comm[16];
	char flags[6];
	char *text; /* "event: fields" */
};

/**
 * struct irqlab_trace - the tracing state of a machine (m->trace).
 * @lock: protects everything but the counts (atomics) and @nr_ev growth.
 * @on: tracing_on.
 * @all_on: "*" was enabled last: events first seen later start enabled.
 * @ev: the events; entries are never removed, so indices are stable.
 * @nr_ev: number of events in @ev (published with release semantics).
 * @ring: the buffer, @alloc slots allocated out of @size.
 * @head: index of the oldest entry.
 * @nr: entries in the buffer.
 * @written: entries written since the last clear (entries-written).
 * @comm: task name of process-context events.
 * @pid: its pid.
 */
struct irqlab_trace {
	struct irqlab_lock lock;
	bool on;
	bool all_on;
	struct trace_ev ev[TRACE_MAX_EVENTS];
	unsigned int nr_ev;
	struct trace_entry *ring;
	unsigned int alloc, size, head, nr;
	unsigned long long written;
	char comm[16];
	int pid;
};

/* Events declared from the start; irq_handler_entry/exit come first. */
static const struct {
	const char *system, *name;
} builtin_events[] = {
	{ "irq", "irq_handler_entry" },
	{ "irq", "irq_handler_exit" },
	{ "irq_matrix", "irq_matrix_online" },
	{ "irq_matrix", "irq_matrix_offline" },
	{ "irq_matrix", "irq_matrix_reserve" },
	{ "irq_matrix", "irq_matrix_remove_reserved" },
	{ "irq_matrix", "irq_matrix_assign_system" },
	{ "irq_matrix", "irq_matrix_alloc_reserved" },
	{ "irq_matrix", "irq_matrix_reserve_managed" },
	{ "irq_matrix", "irq_matrix_remove_managed" },
	{ "irq_matrix", "irq_matrix_alloc_managed" },
	{ "irq_matrix", "irq_matrix_assign" },
	{ "irq_matrix", "irq_matrix_alloc" },
	{ "irq_matrix", "irq_matrix_free" },
	{ "irq_vectors", "vector_config" },
	{ "irq_vectors", "vector_update" },
	{ "irq_vectors", "vector_clear" },
	{ "irq_vectors", "vector_reserve_managed" },
	{ "irq_vectors", "vector_reserve" },
	{ "irq_vectors", "vector_alloc" },
	{ "irq_vectors", "vector_alloc_managed" },
	{ "irq_vectors", "vector_activate" },
	{ "irq_vectors", "vector_deactivate" },
	{ "irq_vectors", "vector_teardown" },
	{ "irq_vectors", "vector_setup" },
	{ "irq_vectors", "vector_free_moved" },
	{ "irq_vectors", "local_timer_entry" },
	{ "irq_vectors", "local_timer_exit" },
	{ "irq_vectors", "spurious_apic_entry" },
	{ "irq_vectors", "spurious_apic_exit" },
	{ "irq_vectors", "error_apic_entry" },
	{ "irq_vectors", "error_apic_exit" },
};
enum { EV_HANDLER_ENTRY, EV_HANDLER_EXIT };

static _Thread_local unsigned int hardirq_depth;

/* ---- state ---------------------------------------------------------------------- */

/* irq_matrix and irq_vectors are x86 tracepoints: an arm64 kernel has neither. */
static bool builtin_event_exists(const struct irqlab_machine *m, unsigned int i)
{
	return m->cfg.platform != IRQLAB_PLATFORM_GIC ||
	       (strcmp(builtin_events[i].system, "irq_matrix") &&
		strcmp(builtin_events[i].system, "irq_vectors"));
}

static struct irqlab_trace *trace_create(const struct irqlab_machine *m)
{
	struct irqlab_trace *t = kzalloc(sizeof(*t), GFP_ATOMIC);
	unsigned int i, n = 0;

	if (!t)
		return NULL;
	irqlab_lock_init(&t->lock);
	t->on = true;
	t->size = IRQLAB_TRACE_DEFAULT_ENTRIES;
	strcpy(t->comm, "irqlab");
	t->pid = 1;
	/* irq_handler_entry/exit stay first (EV_HANDLER_ENTRY/EXIT). */
	for (i = 0; i < ARRAY_SIZE(builtin_events); i++) {
		if (!builtin_event_exists(m, i))
			continue;
		t->ev[n].system = builtin_events[i].system;
		t->ev[n].name = builtin_events[i].name;
		n++;
	}
	t->nr_ev = n;
	return t;
}

static void ring_clear(struct irqlab_trace *t)
{
	unsigned int i;

	for (i = 0; i < t->nr; i++)
		kfree(t->ring[(t->head + i) % t->alloc].text);
	kfree(t->ring);
	t->ring = NULL;
	t->alloc = t->head = t->nr = 0;
	t->written = 0;
}

static void trace_free(struct irqlab_trace *t)
{
	unsigned int i;

	ring_clear(t);
	for (i = 0; i < t->nr_ev; i++) {
		kfree(t->ev[i].count);
		if (t->ev[i].allocated) {
			kfree(t->ev[i].system);
			kfree(t->ev[i].name);
		}
	}
	irqlab_lock_destroy(&t->lock);
	kfree(t);
}

/* The machine's tracing state, created on first use (NULL without memory). */
static struct irqlab_trace *trace_get(struct irqlab_machine *m)
{
	struct irqlab_trace *t = __atomic_load_n(&m->trace, __ATOMIC_ACQUIRE);
	struct irqlab_trace *expected = NULL;

	if (t)
		return t;
	t = trace_create(m);
	if (!t)
		return NULL;
	if (!__atomic_compare_exchange_n(&m->trace, &expected, t, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		trace_free(t);
		return expected;
	}
	return t;
}

/**
 * irqlab_trace_destroy() - free the tracing state (machine teardown).
 * @m: machine.
 */
void irqlab_trace_destroy(struct irqlab_machine *m)
{
	if (m->trace)
		trace_free(m->trace);
	m->trace = NULL;
}

/* Index of @name, or -1; lockless readers see only published entries. */
static int ev_find(struct irqlab_trace *t, const char *name)
{
	unsigned int n = __atomic_load_n(&t->nr_ev, __ATOMIC_ACQUIRE), i;

	for (i = 0; i < n; i++)
		if (!strcmp(t->ev[i].name, name))
			return (int)i;
	return -1;
}

/* Add an event; t->lock held.  Returns its index or a negative errno. */
static int ev_add(struct irqlab_trace *t, const char *system, const char *name)
{
	unsigned int i = t->nr_ev;
	char *s, *n;

	if (ev_find(t, name) >= 0)
		return -EEXIST;
	if (i == TRACE_MAX_EVENTS)
		return -ENOSPC;
	s = kstrdup(system, GFP_ATOMIC);
	n = kstrdup(name, GFP_ATOMIC);
	if (!s || !n) {
		kfree(s);
		kfree(n);
		return -ENOMEM;
	}
	t->ev[i].system = s;
	t->ev[i].name = n;
	t->ev[i].allocated = true;
	t->ev[i].enabled = t->all_on;
	__atomic_store_n(&t->nr_ev, i + 1, __ATOMIC_RELEASE);
	return (int)i;
}

static bool name_ok(const char *s)
{
	return s && *s && !strchr(s, '/') && !strchr(s, ':') && strlen(s) < 64;
}

/**
 * irqlab_trace_register_event() - declare an event.
 * @m: machine.
 * @system: its system.
 * @event: its name.
 *
 * Return: 0, -EEXIST, -EINVAL, -ENOSPC, -ENOMEM.
 */
int irqlab_trace_register_event(struct irqlab_machine *m, const char *system,
				const char *event)
{
	struct irqlab_trace *t;
	int ret;

	if (!m || !name_ok(system) || !name_ok(event))
		return -EINVAL;
	t = trace_get(m);
	if (!t)
		return -ENOMEM;
	irqlab_lock_acquire(&t->lock);
	ret = ev_add(t, system, event);
	irqlab_lock_release(&t->lock);
	return ret < 0 ? ret : 0;
}

/* ---- recording ----------------------------------------------------------------------- */

/* The per-CPU counters of an event, allocated on first use. */
static unsigned long long *ev_counts(struct irqlab_machine *m, struct trace_ev *ev)
{
	unsigned long long *c = __atomic_load_n(&ev->count, __ATOMIC_ACQUIRE);
	unsigned long long *expected = NULL;

	if (c)
		return c;
	c = kcalloc(m->nr_cpus, sizeof(*c), GFP_ATOMIC);
	if (!c)
		return NULL;
	if (!__atomic_compare_exchange_n(&ev->count, &expected, c, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		kfree(c);
		return expected;
	}
	return c;
}

static void ctx_fill(struct irqlab_trace *t, enum irqlab_trace_ctx ctx,
		     struct trace_entry *e)
{
	if (ctx == IRQLAB_TRACE_CTX_AUTO)
		ctx = hardirq_depth ? IRQLAB_TRACE_CTX_HARDIRQ : IRQLAB_TRACE_CTX_TASK;
	switch (ctx) {
	case IRQLAB_TRACE_CTX_HARDIRQ:
	case IRQLAB_TRACE_CTX_SOFTIRQ:
		/* irqlab CPUs idle between interrupts. */
		strcpy(e->comm, "<idle>");
		e->pid = 0;
		strcpy(e->flags, ctx == IRQLAB_TRACE_CTX_HARDIRQ ? "d.h1." : "..s1.");
		break;
	default:
		memcpy(e->comm, t->comm, sizeof(e->comm));
		e->pid = t->pid;
		strcpy(e->flags, ctx == IRQLAB_TRACE_CTX_IRQSOFF ? "d..1." : ".....");
		break;
	}
}

/* Append @e to the ring (taking ownership of e->text); t->lock held. */
static void ring_push(struct irqlab_trace *t, struct trace_entry *e)
{
	if (t->nr == t->alloc && t->alloc < t->size) {
		/* Grow while not wrapped yet: head is still 0. */
		unsigned int nalloc = t->alloc ? 2 * t->alloc : 256;
		struct trace_entry *r;

		if (nalloc > t->size)
			nalloc = t->size;
		r = krealloc(t->ring, nalloc * sizeof(*r), GFP_ATOMIC);
		if (!r) {
			kfree(e->text);
			return; /* dropped, like a full per-CPU buffer */
		}
		t->ring = r;
		t->alloc = nalloc;
	}
	if (t->nr == t->alloc) {
		/* Full: overwrite the oldest. */
		kfree(t->ring[t->head].text);
		t->ring[t->head] = *e;
		t->head = (t->head + 1) % t->alloc;
	} else {
		t->ring[(t->head + t->nr) % t->alloc] = *e;
		t->nr++;
	}
	t->written++;
}

static void trace_vrecord(struct irqlab_machine *m, struct irqlab_trace *t, int idx,
			  enum irqlab_trace_ctx ctx, const char *fmt, va_list ap)
{
	struct trace_ev *ev = &t->ev[idx];
	unsigned int cpu = smp_processor_id();
	unsigned long long *count = ev_counts(m, ev);
	struct trace_entry e = { 0 };
	size_t hl = strlen(ev->name) + 2;
	va_list aq;
	int len;

	if (count && cpu < m->nr_cpus)
		__atomic_fetch_add(&count[cpu], 1, __ATOMIC_RELAXED);
	if (!__atomic_load_n(&t->on, __ATOMIC_RELAXED) ||
	    !__atomic_load_n(&ev->enabled, __ATOMIC_RELAXED))
		return;
	va_copy(aq, ap);
	len = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (len < 0)
		return;
	e.text = kmalloc(hl + (size_t)len + 1, GFP_ATOMIC);
	if (!e.text)
		return;
	snprintf(e.text, hl + 1, "%s: ", ev->name);
	vsnprintf(e.text + hl, (size_t)len + 1, fmt, ap);
	e.ts = m->clock_ns;
	e.cpu = cpu;
	ctx_fill(t, ctx, &e);
	irqlab_lock_acquire(&t->lock);
	ring_push(t, &e);
	irqlab_lock_release(&t->lock);
}

static void trace_vevent(struct irqlab_machine *m, enum irqlab_trace_ctx ctx,
			 const char *event, const char *fmt, va_list ap)
{
	struct irqlab_trace *t;
	int idx;

	if (!m)
		m = irqlab_cur();
	if (!m || !name_ok(event) || !fmt)
		return;
	/* Until tracing is used, events cost nothing and allocate nothing. */
	t = __atomic_load_n(&m->trace, __ATOMIC_ACQUIRE);
	if (!t)
		return;
	idx = ev_find(t, event);
	if (idx < 0) {
		irqlab_lock_acquire(&t->lock);
		idx = ev_add(t, TRACE_DEFAULT_SYSTEM, event);
		if (idx == -EEXIST)
			idx = ev_find(t, event);
		irqlab_lock_release(&t->lock);
		if (idx < 0)
			return;
	}
	trace_vrecord(m, t, idx, ctx, fmt, ap);
}

/**
 * irqlab_trace_event() - emit an event.
 * @m: machine or NULL.
 * @event: event name.
 * @fmt: format of the fields.
 */
void irqlab_trace_event(struct irqlab_machine *m, const char *event, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	trace_vevent(m, IRQLAB_TRACE_CTX_AUTO, event, fmt, ap);
	va_end(ap);
}

/**
 * irqlab_trace_event_ctx() - emit an event in an explicit context.
 * @m: machine or NULL.
 * @ctx: the context.
 * @event: event name.
 * @fmt: format of the fields.
 */
void irqlab_trace_event_ctx(struct irqlab_machine *m, enum irqlab_trace_ctx ctx,
			    const char *event, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	trace_vevent(m, ctx, event, fmt, ap);
	va_end(ap);
}

/* A built-in event by index, without the name lookup. */
static void trace_builtin(int idx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void trace_builtin(int idx, const char *fmt, ...)
{
	struct irqlab_machine *m = irqlab_cur();
	struct irqlab_trace *t = m ? __atomic_load_n(&m->trace, __ATOMIC_ACQUIRE) : NULL;
	va_list ap;

	if (!t)
		return;
	va_start(ap, fmt);
	trace_vrecord(m, t, idx, IRQLAB_TRACE_CTX_HARDIRQ, fmt, ap);
	va_end(ap);
}

/**
 * trace_irq_handler_entry() - the irq_handler_entry tracepoint.
 * @irq: the irq.
 * @action: the action about to run.
 *
 * Context: hard interrupt, before the action's handler.
 */
void trace_irq_handler_entry(int irq, struct irqaction *action)
{
	hardirq_depth++;
	trace_builtin(EV_HANDLER_ENTRY, "irq=%d name=%s", irq, action->name);
}

/**
 * trace_irq_handler_exit() - the irq_handler_exit tracepoint.
 * @irq: the irq.
 * @action: the action that ran.
 * @ret: what its handler returned.
 */
void trace_irq_handler_exit(int irq, struct irqaction *action, int ret)
{
	trace_builtin(EV_HANDLER_EXIT, "irq=%d ret=%s", irq, ret ? "handled" : "unhandled");
	if (hardirq_depth)
		hardirq_depth--;
}

/**
 * irqlab_trace_hardirq_enter() - the calling thread enters a hard interrupt.
 */
void irqlab_trace_hardirq_enter(void)
{
	hardirq_depth++;
}

/**
 * irqlab_trace_hardirq_exit() - the calling thread leaves a hard interrupt.
 */
void irqlab_trace_hardirq_exit(void)
{
	if (hardirq_depth)
		hardirq_depth--;
}

/**
 * irqlab_trace_in_hardirq() - does the calling thread run a hard interrupt?
 *
 * Return: true between irqlab_trace_hardirq_enter()/exit() or while an
 * action runs.
 */
bool irqlab_trace_in_hardirq(void)
{
	return hardirq_depth != 0;
}

/* ---- control ------------------------------------------------------------------------- */

/* Does @spec select event @i?  "*", "system", "system:event" or "event". */
static bool spec_match(const struct trace_ev *ev, const char *spec)
{
	const char *colon = strchr(spec, ':');

	if (!strcmp(spec, "*"))
		return true;
	if (colon)
		return strlen(ev->system) == (size_t)(colon - spec) &&
		       !strncmp(ev->system, spec, (size_t)(colon - spec)) &&
		       !strcmp(ev->name, colon + 1);
	return !strcmp(ev->system, spec) || !strcmp(ev->name, spec);
}

/**
 * irqlab_trace_set_event() - enable or disable events.
 * @m: machine.
 * @spec: which events.
 * @on: enable.
 *
 * Return: 0, -ENOENT, -EINVAL, -ENOMEM.
 */
int irqlab_trace_set_event(struct irqlab_machine *m, const char *spec, bool on)
{
	struct irqlab_trace *t;
	unsigned int i;
	int ret = -ENOENT;

	if (!m || !spec)
		return -EINVAL;
	t = trace_get(m);
	if (!t)
		return -ENOMEM;
	irqlab_lock_acquire(&t->lock);
	if (!strcmp(spec, "*"))
		t->all_on = on;
	for (i = 0; i < t->nr_ev; i++) {
		if (spec_match(&t->ev[i], spec)) {
			__atomic_store_n(&t->ev[i].enabled, on, __ATOMIC_RELAXED);
			ret = 0;
		}
	}
	irqlab_lock_release(&t->lock);
	return ret;
}

/**
 * irqlab_trace_event_enabled() - is an event enabled?
 * @m: machine.
 * @event: event name.
 *
 * Return: 1, 0, or -ENOENT.
 */
int irqlab_trace_event_enabled(struct irqlab_machine *m, const char *event)
{
	struct irqlab_trace *t = m ? trace_get(m) : NULL;
	int idx;

	if (!t || !event)
		return -ENOENT;
	idx = ev_find(t, event);
	return idx < 0 ? -ENOENT : __atomic_load_n(&t->ev[idx].enabled, __ATOMIC_RELAXED);
}

/**
 * irqlab_trace_set_on() - the tracing_on switch.
 * @m: machine.
 * @on: record or not.
 */
void irqlab_trace_set_on(struct irqlab_machine *m, bool on)
{
	struct irqlab_trace *t = m ? trace_get(m) : NULL;

	if (t)
		__atomic_store_n(&t->on, on, __ATOMIC_RELAXED);
}

/**
 * irqlab_trace_is_on() - the tracing_on switch.
 * @m: machine.
 *
 * Return: true when enabled events are recorded.
 */
bool irqlab_trace_is_on(struct irqlab_machine *m)
{
	struct irqlab_trace *t = m ? trace_get(m) : NULL;

	return t && __atomic_load_n(&t->on, __ATOMIC_RELAXED);
}

/**
 * irqlab_trace_clear() - empty the buffer.
 * @m: machine.
 */
void irqlab_trace_clear(struct irqlab_machine *m)
{
	struct irqlab_trace *t = m ? trace_get(m) : NULL;

	if (!t)
		return;
	irqlab_lock_acquire(&t->lock);
	ring_clear(t);
	irqlab_lock_release(&t->lock);
}

/**
 * irqlab_trace_set_size() - set the capacity (the buffer is emptied).
 * @m: machine.
 * @entries: capacity in events.
 *
 * Return: 0, -EINVAL, -ENOMEM.
 */
int irqlab_trace_set_size(struct irqlab_machine *m, unsigned int entries)
{
	struct irqlab_trace *t;

	if (!m || !entries)
		return -EINVAL;
	t = trace_get(m);
	if (!t)
		return -ENOMEM;
	irqlab_lock_acquire(&t->lock);
	ring_clear(t);
	t->size = entries;
	irqlab_lock_release(&t->lock);
	return 0;
}

/**
 * irqlab_trace_set_task() - name the task of process-context events.
 * @m: machine.
 * @comm: command name (truncated to 15 characters).
 * @pid: pid.
 */
void irqlab_trace_set_task(struct irqlab_machine *m, const char *comm, int pid)
{
	struct irqlab_trace *t = m ? trace_get(m) : NULL;

	if (!t || !comm)
		return;
	irqlab_lock_acquire(&t->lock);
	snprintf(t->comm, sizeof(t->comm), "%s", comm);
	t->pid = pid;
	irqlab_lock_release(&t->lock);
}

/* ---- output ------------------------------------------------------------------------------ */

/**
 * irqlab_trace_render() - the trace file.
 * @m: machine.
 * @out: text is appended here.
 *
 * Return: 0 or -ENOMEM.
 */
int irqlab_trace_render(struct irqlab_machine *m, struct seq_file *out)
{
	struct irqlab_trace *t;
	unsigned int i;

	if (!m || !out)
		return -EINVAL;
	t = trace_get(m);
	if (!t)
		return -ENOMEM;
	irqlab_lock_acquire(&t->lock);
	seq_puts(out, "# tracer: nop\n#\n");
	seq_printf(out, "# entries-in-buffer/entries-written: %u/%llu   #P:%u\n#\n", t->nr,
		   t->written, cpumask_weight(m->online));
	seq_puts(out,
		 "#                                _-----=> irqs-off/BH-disabled\n"
		 "#                               / _----=> need-resched\n"
		 "#                              | / _---=> hardirq/softirq\n"
		 "#                              || / _--=> preempt-depth\n"
		 "#                              ||| / _-=> migrate-disable\n"
		 "#                              |||| /     delay\n"
		 "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
		 "#              | |         |   |||||     |         |\n");
	for (i = 0; i < t->nr; i++) {
		const struct trace_entry *e = &t->ring[(t->head + i) % t->alloc];

		seq_printf(out, "%16s-%-7d [%03u] %s %5llu.%06llu: %s\n", e->comm, e->pid,
			   e->cpu, e->flags, e->ts / 1000000000ULL,
			   e->ts % 1000000000ULL / 1000ULL, e->text);
	}
	irqlab_lock_release(&t->lock);
	return seq_status(out);
}

/**
 * irqlab_trace_counts() - per-CPU counts of an event.
 * @m: machine.
 * @event: event name.
 * @counts: receives the counts.
 * @n: size of @counts.
 *
 * Return: 0 or -ENOENT.
 */
int irqlab_trace_counts(struct irqlab_machine *m, const char *event,
			unsigned long long *counts, unsigned int n)
{
	struct irqlab_trace *t = m ? trace_get(m) : NULL;
	unsigned long long *c;
	unsigned int i;
	int idx;

	if (!t || !event)
		return -ENOENT;
	idx = ev_find(t, event);
	if (idx < 0)
		return -ENOENT;
	c = __atomic_load_n(&t->ev[idx].count, __ATOMIC_ACQUIRE);
	for (i = 0; i < n; i++)
		counts[i] = c && i < m->nr_cpus ? __atomic_load_n(&c[i], __ATOMIC_RELAXED) : 0;
	return 0;
}

/**
 * irqlab_trace_reset_counts() - zero every event count.
 * @m: machine.
 */
void irqlab_trace_reset_counts(struct irqlab_machine *m)
{
	struct irqlab_trace *t = m ? trace_get(m) : NULL;
	unsigned int i, cpu, n;

	if (!t)
		return;
	n = __atomic_load_n(&t->nr_ev, __ATOMIC_ACQUIRE);
	for (i = 0; i < n; i++) {
		unsigned long long *c = __atomic_load_n(&t->ev[i].count, __ATOMIC_ACQUIRE);

		for (cpu = 0; c && cpu < m->nr_cpus; cpu++)
			__atomic_store_n(&c[cpu], 0, __ATOMIC_RELAXED);
	}
}

/* perf's big_num: "12,847". */
static void put_grouped(char *buf, size_t size, unsigned long long v)
{
	char digits[32];
	int len = snprintf(digits, sizeof(digits), "%llu", v), i, o = 0;

	for (i = 0; i < len && (size_t)o + 2 < size; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

/**
 * irqlab_perf_stat_render() - perf stat -a -A output of an event's counts.
 * @m: machine.
 * @event: event name.
 * @elapsed_ns: the session's length.
 * @out: text is appended here.
 *
 * Return: 0, -ENOENT, -ENOMEM.
 */
/* Does event @i match one "system:name" pattern (globs; no ':' = any system)? */
static bool ev_matches(const struct trace_ev *ev, const char *pat, size_t len)
{
	const char *colon = memchr(pat, ':', len);
	char sys[64], name[128];

	if (colon) {
		if ((size_t)(colon - pat) >= sizeof(sys) || len - (size_t)(colon - pat) > sizeof(name))
			return false;
		memcpy(sys, pat, (size_t)(colon - pat));
		sys[colon - pat] = '\0';
		memcpy(name, colon + 1, len - (size_t)(colon - pat) - 1);
		name[len - (size_t)(colon - pat) - 1] = '\0';
		return !fnmatch(sys, ev->system, 0) && !fnmatch(name, ev->name, 0);
	}
	if (len >= sizeof(name))
		return false;
	memcpy(name, pat, len);
	name[len] = '\0';
	return !fnmatch(name, ev->name, 0);
}

/*
 * The events a perf -e list selects, in the order given (a glob's matches
 * in the tracer's order), each once: their indices go to @order, their
 * number to *@nr.  Every pattern must match an event, as perf refuses an
 * event it cannot parse.
 */
static int perf_select(struct irqlab_trace *t, const char *spec, unsigned int *order,
		       unsigned int *nr, unsigned int n)
{
	const char *p = spec;
	unsigned int i, k;

	*nr = 0;
	if (!*spec)
		return -ENOENT;
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		bool any = false;

		for (i = 0; i < n; i++) {
			if (!len || !ev_matches(&t->ev[i], p, len))
				continue;
			any = true;
			for (k = 0; k < *nr && order[k] != i; k++)
				;
			if (k == *nr)
				order[(*nr)++] = i;
		}
		if (!any)
			return -ENOENT;
		p += len + (comma ? 1 : 0);
	}
	return 0;
}

int irqlab_perf_stat_render_events(struct irqlab_machine *m, const char *spec, bool per_cpu,
				   unsigned long long elapsed_ns, struct seq_file *out)
{
	struct irqlab_trace *t = m ? trace_get(m) : NULL;
	unsigned int n, nr = 0, j, cpu, *order;
	unsigned long long *counts;
	char id[24], num[40];
	int ret;

	if (!t || !spec)
		return -ENOENT;
	n = __atomic_load_n(&t->nr_ev, __ATOMIC_ACQUIRE);
	order = kcalloc(n ? n : 1, sizeof(*order), GFP_KERNEL);
	counts = kcalloc(m->nr_cpus, sizeof(*counts), GFP_KERNEL);
	ret = !order || !counts ? -ENOMEM : perf_select(t, spec, order, &nr, n);
	if (ret)
		goto out;
	seq_puts(out, "\n Performance counter stats for 'system wide':\n\n");
	for (j = 0; j < nr; j++) {
		const struct trace_ev *ev = &t->ev[order[j]];
		unsigned long long total = 0;

		irqlab_trace_counts(m, ev->name, counts, m->nr_cpus);
		for_each_cpu(cpu, m->online) {
			total += counts[cpu];
			if (!per_cpu)
				continue;
			snprintf(id, sizeof(id), "CPU%u", cpu);
			put_grouped(num, sizeof(num), counts[cpu]);
			/* aggregation id, count, (empty) unit, system:event */
			seq_printf(out, "%-6s %18s %-4s %s:%s\n", id, num, "", ev->system, ev->name);
		}
		if (!per_cpu) {
			put_grouped(num, sizeof(num), total);
			seq_printf(out, "%18s %-4s %s:%s\n", num, "", ev->system, ev->name);
		}
	}
	seq_printf(out, "\n %7llu.%09llu seconds time elapsed\n\n", elapsed_ns / 1000000000ULL,
		   elapsed_ns % 1000000000ULL);
	ret = seq_status(out);
out:
	kfree(order);
	kfree(counts);
	return ret;
}

int irqlab_perf_stat_render(struct irqlab_machine *m, const char *event,
			    unsigned long long elapsed_ns, struct seq_file *out)
{
	struct irqlab_trace *t = m ? trace_get(m) : NULL;

	/* One event by its exact name. */
	if (!t || !event || ev_find(t, event) < 0)
		return -ENOENT;
	return irqlab_perf_stat_render_events(m, event, true, elapsed_ns, out);
}

/* ---- the tracing directory ------------------------------------------------------------------ */

static const char *const trace_roots[] = { "/sys/kernel/debug/tracing", "/sys/kernel/tracing" };

static int show_trace(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
		      struct seq_file *p, void *ctx)
{
	return irqlab_trace_render(m, p);
}

/* Opening trace for writing truncates it (echo > trace). */
static int store_trace(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
		       const char *buf, void *ctx)
{
	irqlab_trace_clear(m);
	return 0;
}

static int show_tracing_on(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
			   struct seq_file *p, void *ctx)
{
	seq_printf(p, "%d\n", irqlab_trace_is_on(m));
	return seq_status(p);
}

static int store_tracing_on(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
			    const char *buf, void *ctx)
{
	unsigned long val;

	if (irqlab_kstrtoul(buf, &val))
		return -EINVAL;
	irqlab_trace_set_on(m, val != 0);
	return 0;
}

/* "0", "1" or "X" (mixed) for the events selected by @spec. */
static int show_enable(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
		       struct seq_file *p, void *ctx)
{
	struct irqlab_trace *t = trace_get(m);
	bool any_on = false, any_off = false;
	char spec[2 * IRQLAB_VFS_NAME_MAX];
	unsigned int i;

	if (!t)
		return -ENOMEM;
	snprintf(spec, sizeof(spec), "%s%s%s", args->nr ? args->str[0] : "*",
		 args->nr > 1 ? ":" : "", args->nr > 1 ? args->str[1] : "");
	irqlab_lock_acquire(&t->lock);
	for (i = 0; i < t->nr_ev; i++) {
		if (!spec_match(&t->ev[i], spec))
			continue;
		if (t->ev[i].enabled)
			any_on = true;
		else
			any_off = true;
	}
	irqlab_lock_release(&t->lock);
	seq_printf(p, "%s\n", any_on && any_off ? "X" : any_on ? "1" : "0");
	return seq_status(p);
}

static int store_enable(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
			const char *buf, void *ctx)
{
	char spec[2 * IRQLAB_VFS_NAME_MAX];
	unsigned long val;

	if (irqlab_kstrtoul(buf, &val) || val > 1)
		return -EINVAL;
	snprintf(spec, sizeof(spec), "%s%s%s", args->nr ? args->str[0] : "*",
		 args->nr > 1 ? ":" : "", args->nr > 1 ? args->str[1] : "");
	return irqlab_trace_set_event(m, spec, val);
}

static void each_system(struct irqlab_machine *m, const struct irqlab_vfs_args *bound,
			irqlab_vfs_emit_t emit, void *cookie, void *ctx)
{
	struct irqlab_trace *t = trace_get(m);
	unsigned int i, j;

	if (!t)
		return;
	irqlab_lock_acquire(&t->lock);
	for (i = 0; i < t->nr_ev; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(t->ev[j].system, t->ev[i].system))
				break;
		if (j == i)
			emit(cookie, t->ev[i].system);
	}
	irqlab_lock_release(&t->lock);
}

static void each_event(struct irqlab_machine *m, const struct irqlab_vfs_args *bound,
		       irqlab_vfs_emit_t emit, void *cookie, void *ctx)
{
	struct irqlab_trace *t = trace_get(m);
	unsigned int i;

	if (!t || !bound->nr)
		return;
	irqlab_lock_acquire(&t->lock);
	for (i = 0; i < t->nr_ev; i++)
		if (!strcmp(t->ev[i].system, bound->str[bound->nr - 1]))
			emit(cookie, t->ev[i].name);
	irqlab_lock_release(&t->lock);
}

/**
 * irqlab_trace_vfs_init() - register the tracing directory (under
 * /sys/kernel/debug/tracing and /sys/kernel/tracing).
 * @v: the tree being built.
 *
 * Return: 0 or -ENOMEM.
 */
int irqlab_trace_vfs_init(struct irqlab_vfs *v)
{
	static const struct {
		const char *file;
		irqlab_vfs_show_t show;
		irqlab_vfs_store_t store;
	} files[] = {
		{ "trace", show_trace, store_trace },
		{ "tracing_on", show_tracing_on, store_tracing_on },
		{ "events/enable", show_enable, store_enable },
		{ "events/{tsystem}/enable", show_enable, store_enable },
		{ "events/{tsystem}/{tevent}/enable", show_enable, store_enable },
	};
	char pattern[128];
	unsigned int r, i;
	int ret;

	ret = irqlab_vfs_add_kind(v, "tsystem", each_system, NULL, NULL);
	if (!ret)
		ret = irqlab_vfs_add_kind(v, "tevent", each_event, NULL, NULL);
	for (r = 0; r < ARRAY_SIZE(trace_roots) && !ret; r++) {
		for (i = 0; i < ARRAY_SIZE(files) && !ret; i++) {
			snprintf(pattern, sizeof(pattern), "%s/%s", trace_roots[r], files[i].file);
			ret = irqlab_vfs_add(v, pattern, files[i].show, files[i].store, NULL, 0);
		}
	}
	return ret;
}
