/* SPDX-License-Identifier: MIT */
/*
 * Tracing: a per-machine ftrace-format ring buffer with virtual timestamps,
 * rendered as /sys/kernel/debug/tracing/trace, and per-CPU event counts as
 * `perf stat -e irq:EVENT -a -A` reports them.
 *
 * As in the kernel, tracing_on is set and every event is disabled at
 * start: enable events with irqlab_trace_set_event() (or by writing 1 to
 * /sys/kernel/debug/tracing/events/.../enable).  Event counts are kept
 * whether or not an event is enabled, like perf counters.
 *
 * Tracing of a machine starts with its first call of this API (any
 * function below taking the machine, or a read of the tracing files):
 * before that, tracepoints cost nothing, record nothing and count nothing.
 * A perf session therefore starts with irqlab_trace_reset_counts().
 *
 * The core emits irq_handler_entry / irq_handler_exit around every action.
 * Other subsystems emit their events (irq_matrix_*, vector_*) with
 * irqlab_trace_event(), passing the event's print format.
 */
#ifndef IRQLAB_TRACE_H
#define IRQLAB_TRACE_H

#include "irqlab/seq_file.h"
#include "irqlab/types.h"

struct irqlab_machine;

/**
 * enum irqlab_trace_ctx - the context an event is recorded in; it picks the
 * TASK-PID column and the latency flags (irqs-off, need-resched,
 * hardirq/softirq, preempt-depth, migrate-disable).
 * @IRQLAB_TRACE_CTX_AUTO: hard interrupt while an action runs or between
 *	irqlab_trace_hardirq_enter()/exit(), else the task context.
 * @IRQLAB_TRACE_CTX_TASK: the machine's task (irqlab_trace_set_task()), ".....".
 * @IRQLAB_TRACE_CTX_IRQSOFF: the task with interrupts off under a raw
 *	spinlock (vector_lock), "d..1.".
 * @IRQLAB_TRACE_CTX_HARDIRQ: a hard interrupt of the idle task, "<idle>-0"
 *	with "d.h1.".
 * @IRQLAB_TRACE_CTX_SOFTIRQ: a softirq of the idle task, "<idle>-0" with
 *	"..s1.".
 */
enum irqlab_trace_ctx {
	IRQLAB_TRACE_CTX_AUTO = 0,
	IRQLAB_TRACE_CTX_TASK,
	IRQLAB_TRACE_CTX_IRQSOFF,
	IRQLAB_TRACE_CTX_HARDIRQ,
	IRQLAB_TRACE_CTX_SOFTIRQ,
};

/** Default capacity of the ring buffer, in events. */
#define IRQLAB_TRACE_DEFAULT_ENTRIES 65536

/**
 * irqlab_trace_event() - emit an event on the current CPU.
 * @m: machine, or NULL for the current machine.
 * @event: event name ("irq_matrix_alloc"); an unknown name becomes an event
 *         of the "irqlab" system.
 * @fmt: printf format of the event's fields ("bit=%d cpu=%u ...").
 *
 * Counts the event on smp_processor_id(); records it when tracing is on
 * and the event is enabled.  The context is IRQLAB_TRACE_CTX_AUTO.  Does
 * nothing until the machine's tracing was first used.
 *
 * Context: any; takes the machine's trace lock (a leaf lock).
 */
IRQLAB_API void irqlab_trace_event(struct irqlab_machine *m, const char *event,
				   const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** irqlab_trace_event_ctx() - irqlab_trace_event() in an explicit context. */
IRQLAB_API void irqlab_trace_event_ctx(struct irqlab_machine *m,
				       enum irqlab_trace_ctx ctx, const char *event,
				       const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/**
 * irqlab_trace_register_event() - declare an event so it can be enabled
 * (and listed under events/) before it is first emitted.
 * @m: machine.
 * @system: its system ("irq_matrix").
 * @event: its name.
 *
 * Return: 0, -EEXIST (known already, possibly under another system),
 * -EINVAL, -ENOMEM.
 */
IRQLAB_API int irqlab_trace_register_event(struct irqlab_machine *m,
					   const char *system, const char *event);

/**
 * irqlab_trace_set_event() - enable or disable events.
 * @m: machine.
 * @spec: "*" (all), a system ("irq"), "system:event" or an event name.
 * @on: enable.
 *
 * "*" also applies to events first emitted later.
 * Return: 0, -ENOENT (nothing matches), -EINVAL (no machine or spec),
 * -ENOMEM.
 */
IRQLAB_API int irqlab_trace_set_event(struct irqlab_machine *m, const char *spec, bool on);

/** irqlab_trace_event_enabled() - 1 enabled, 0 disabled, -ENOENT unknown. */
IRQLAB_API int irqlab_trace_event_enabled(struct irqlab_machine *m, const char *event);

/** irqlab_trace_set_on() - tracing_on: record enabled events (default on). */
IRQLAB_API void irqlab_trace_set_on(struct irqlab_machine *m, bool on);
/** irqlab_trace_is_on() - the tracing_on switch. */
IRQLAB_API bool irqlab_trace_is_on(struct irqlab_machine *m);

/** irqlab_trace_clear() - empty the buffer (echo > trace). */
IRQLAB_API void irqlab_trace_clear(struct irqlab_machine *m);

/**
 * irqlab_trace_set_size() - set the ring capacity; the buffer is emptied.
 * @m: machine.
 * @entries: capacity in events (> 0); when full the oldest event is
 *           overwritten, as with ftrace's default "overwrite" option.
 *
 * Return: 0, -EINVAL, -ENOMEM.
 */
IRQLAB_API int irqlab_trace_set_size(struct irqlab_machine *m, unsigned int entries);

/**
 * irqlab_trace_set_task() - name the task of process-context events.
 * @m: machine.
 * @comm: its command name (at most 15 characters kept); default "irqlab".
 * @pid: its pid; default 1.
 */
IRQLAB_API void irqlab_trace_set_task(struct irqlab_machine *m, const char *comm, int pid);

/**
 * irqlab_trace_render() - the text of /sys/kernel/debug/tracing/trace.
 * @m: machine.
 * @out: text is appended here.
 *
 * Return: 0, -EINVAL (no machine or @out), -ENOMEM.
 */
IRQLAB_API int irqlab_trace_render(struct irqlab_machine *m, struct seq_file *out);

/*
 * Mark the calling thread as running a hard interrupt (irq_enter/irq_exit),
 * for events emitted with IRQLAB_TRACE_CTX_AUTO by interrupt controller code
 * outside the actions.  Calls nest.
 */
IRQLAB_API void irqlab_trace_hardirq_enter(void);
IRQLAB_API void irqlab_trace_hardirq_exit(void);
/*
 * Whether the calling thread runs a hard interrupt (an action, or between
 * irqlab_trace_hardirq_enter()/exit()): code that traces under a raw
 * spinlock picks IRQLAB_TRACE_CTX_HARDIRQ or IRQLAB_TRACE_CTX_IRQSOFF.
 */
IRQLAB_API bool irqlab_trace_in_hardirq(void);

/**
 * irqlab_trace_counts() - per-CPU counts of an event since the machine was
 * created or the counts were reset.
 * @m: machine.
 * @event: event name.
 * @counts: receives the count of CPU i in counts[i].
 * @n: size of @counts; CPUs beyond it are not reported, missing ones are 0.
 *
 * Return: 0 or -ENOENT (unknown event).
 */
IRQLAB_API int irqlab_trace_counts(struct irqlab_machine *m, const char *event,
				   unsigned long long *counts, unsigned int n);

/** irqlab_trace_reset_counts() - zero every event count (a new perf session). */
IRQLAB_API void irqlab_trace_reset_counts(struct irqlab_machine *m);

/**
 * irqlab_perf_stat_render() - `perf stat -e irq:EVENT -a -A` output of the
 * counts since the last reset: a "CPUn" line per online CPU with the
 * count grouped by thousands, then the elapsed time.
 * @m: machine.
 * @event: event name ("irq_handler_entry").
 * @elapsed_ns: the session's duration.
 * @out: text is appended here.
 *
 * Return: 0, -ENOENT, -ENOMEM.
 */
IRQLAB_API int irqlab_perf_stat_render(struct irqlab_machine *m, const char *event,
				       unsigned long long elapsed_ns, struct seq_file *out);

/**
 * irqlab_perf_stat_render_events() - `perf stat -e SPEC -a [-A]` output.
 * @m: machine.
 * @spec: comma-separated events, each "system:name" or "name", with shell
 *        globs in either part ("irq_vectors:*", "irq:irq_handler_*").
 * @per_cpu: -A/--per-cpu: a "CPUn" line per online CPU and event (event by
 *           event); otherwise one system-wide total per event.
 * @elapsed_ns: the session's duration.
 * @out: text is appended here.
 *
 * Events are listed in the tracer's order.
 * Return: 0; -ENOENT when a pattern matches no event (nothing is
 * written); -ENOMEM.
 */
IRQLAB_API int irqlab_perf_stat_render_events(struct irqlab_machine *m, const char *spec,
					      bool per_cpu, unsigned long long elapsed_ns,
					      struct seq_file *out);

#endif
