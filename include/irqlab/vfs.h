/* SPDX-License-Identifier: MIT */
/*
 * The virtual file tree of a machine: /proc/interrupts, /proc/irq/N,
 * /proc/stat, /proc/softirqs, /sys/kernel/irq/N, /sys/devices/system/cpu,
 * /sys/kernel/debug/irq and /sys/kernel/debug/tracing, rendered from live
 * state in the kernel's formats, byte for byte.
 *
 * Files are registered against path patterns.  A pattern is an absolute
 * path whose segments are literal ("interrupts") or contain one
 * placeholder "{kind}" with optional literal text around it ("cpu{cpu}"),
 * e.g. "/proc/irq/{procirq}/smp_affinity".  A kind names a set of values
 * (irq numbers, CPU ids, domain names, ...) that may depend on the values
 * bound by the placeholders before it.  Built-in kinds:
 *
 *   irq      every allocated irq (sysfs, debugfs)
 *   procirq  irqs that have a /proc/irq/N directory (requested at least once)
 *   action   the distinct action names of the irq bound before it
 *   cpu      present CPUs
 *   domain   the machine's irq domain names
 *   tsystem  trace event systems ("irq", "irq_matrix", "irq_vectors", ...)
 *   tevent   the events of the trace system bound before it
 *
 * A pattern ending in '/' registers a directory.  Later registrations of the
 * same pattern take precedence over earlier ones, so a subsystem can make a
 * built-in file writable (e.g. /sys/devices/system/cpu/cpu{cpu}/online for
 * CPU hotplug).
 */
#ifndef IRQLAB_VFS_H
#define IRQLAB_VFS_H

#include "irqlab/seq_file.h"
#include "irqlab/types.h"

struct irqlab_machine;
struct irq_desc;

/** Maximum number of placeholders in one pattern. */
#define IRQLAB_VFS_MAX_ARGS 4
/** Maximum length of one path segment (NAME_MAX). */
#define IRQLAB_VFS_NAME_MAX 256

/**
 * struct irqlab_vfs_args - the values bound by a pattern's placeholders.
 * @nr: number of bound placeholders.
 * @str: their text, in pattern order.
 * @num: their value as an unsigned decimal number (0 when not a number).
 */
struct irqlab_vfs_args {
	unsigned int nr;
	char str[IRQLAB_VFS_MAX_ARGS][IRQLAB_VFS_NAME_MAX];
	unsigned long num[IRQLAB_VFS_MAX_ARGS];
};

/*
 * Renders a file into @out.  Returning -ENOENT hides the file for these
 * arguments (it is absent from listings and reads fail with -ENOENT).
 */
typedef int (*irqlab_vfs_show_t)(struct irqlab_machine *m,
				 const struct irqlab_vfs_args *args,
				 struct seq_file *out, void *ctx);
/* Handles a write of the NUL-terminated text @buf: 0 or a negative errno. */
typedef int (*irqlab_vfs_store_t)(struct irqlab_machine *m,
				  const struct irqlab_vfs_args *args,
				  const char *buf, void *ctx);
/* Reports one value of a kind. */
typedef void (*irqlab_vfs_emit_t)(void *cookie, const char *value);
/* Enumerates the values of a kind given the placeholders bound so far. */
typedef void (*irqlab_vfs_each_t)(struct irqlab_machine *m,
				  const struct irqlab_vfs_args *bound,
				  irqlab_vfs_emit_t emit, void *cookie, void *ctx);
/* Tells whether @value is a value of a kind (optional: else enumerated). */
typedef bool (*irqlab_vfs_exists_t)(struct irqlab_machine *m,
				    const struct irqlab_vfs_args *bound,
				    const char *value, void *ctx);

/**
 * irqlab_vfs_read() - read a file of the virtual tree.
 * @m: machine.
 * @path: absolute path, e.g. "/proc/irq/24/smp_affinity".
 * @out: text is appended here (seq_init() it first; the caller releases it
 *       with seq_release_buf()).  Nothing is appended on error.
 *
 * Context: takes the descriptor and domain locks the kernel takes; must not
 * be called with any irq or domain lock held.
 * Return: 0, -ENOENT (no such file), -EISDIR (a directory), -EINVAL (bad
 * path), -ENOMEM.
 */
IRQLAB_API int irqlab_vfs_read(struct irqlab_machine *m, const char *path,
			       struct seq_file *out);

/**
 * irqlab_vfs_write() - write to a file of the virtual tree (echo VALUE > PATH).
 * @m: machine.
 * @path: absolute path.
 * @buf: NUL-terminated text; a trailing newline is accepted.
 *
 * Read-only files fail as the kernel's do for root: -EIO in procfs, -EACCES
 * in sysfs, -EINVAL in debugfs.
 *
 * Return: 0, -ENOENT, -EISDIR, or the file's error (-EINVAL for bad
 * content, -EIO/-EPERM for a managed irq's affinity, ...).
 */
IRQLAB_API int irqlab_vfs_write(struct irqlab_machine *m, const char *path,
				const char *buf);

/**
 * irqlab_vfs_list() - list a directory of the virtual tree.
 * @m: machine.
 * @dir: absolute directory path ("/" for the root).
 * @out: one entry a line, in version order ("2" before "10"), directories
 *       with a trailing '/'.  Nothing is appended on error.
 *
 * Return: 0, -ENOENT, -ENOTDIR, -EINVAL (bad path), -ENOMEM.
 */
IRQLAB_API int irqlab_vfs_list(struct irqlab_machine *m, const char *dir,
			       struct seq_file *out);

/**
 * irqlab_vfs_stat() - what a path is.
 * @m: machine.
 * @path: absolute path.
 *
 * Return: 1 for a file, 2 for a directory, -ENOENT, -EINVAL.
 */
IRQLAB_API int irqlab_vfs_stat(struct irqlab_machine *m, const char *path);

/**
 * irqlab_vfs_export() - write the whole tree under a host directory.
 * @m: machine.
 * @dir: host directory (created if needed), e.g. "/tmp/x": the machine's
 *       /proc/interrupts becomes /tmp/x/proc/interrupts.
 *
 * Existing files are rewritten in place (same inode), so a tree bind-mounted
 * over /proc and /sys stays current across exports.
 *
 * Return: 0, -ENOMEM, or the negative errno of the first host error.
 */
IRQLAB_API int irqlab_vfs_export(struct irqlab_machine *m, const char *dir);

/**
 * irqlab_vfs_register() - add a file or directory to the tree.
 * @m: machine.
 * @pattern: path pattern (see the top of this header); a trailing '/'
 *           registers a directory.
 * @show: renders the file (NULL for a directory).
 * @store: handles writes, or NULL for a read-only file.
 * @ctx: passed to @show and @store.
 *
 * Return: 0, -EINVAL (malformed pattern, directory with callbacks, file
 * without @show), -ENOMEM.
 */
IRQLAB_API int irqlab_vfs_register(struct irqlab_machine *m, const char *pattern,
				   irqlab_vfs_show_t show, irqlab_vfs_store_t store,
				   void *ctx);

/**
 * irqlab_vfs_unregister() - remove the newest registration of a pattern.
 * @m: machine.
 * @pattern: the pattern as registered.
 *
 * Context: must not race with reads of the same file.
 * Return: 0 or -ENOENT.
 */
IRQLAB_API int irqlab_vfs_unregister(struct irqlab_machine *m, const char *pattern);

/**
 * irqlab_vfs_register_kind() - define a placeholder kind.
 * @m: machine.
 * @kind: its name (letters, digits, '_').
 * @each: enumerates the values.
 * @exists: fast membership test, or NULL to use @each.
 * @ctx: passed to both.
 *
 * Context: the callbacks run with the tree's lock held: they must not call
 * irqlab_vfs_*() and may only take irq, domain and device locks.
 * Return: 0, -EINVAL, -EEXIST (a kind of that name exists), -ENOMEM.
 */
IRQLAB_API int irqlab_vfs_register_kind(struct irqlab_machine *m, const char *kind,
					irqlab_vfs_each_t each,
					irqlab_vfs_exists_t exists, void *ctx);

/* ---- /proc/interrupts ------------------------------------------------------- */

/**
 * struct irqlab_proc_arch_ops - what an architecture adds to /proc/interrupts
 * and /proc/stat (arch_show_interrupts, arch_irq_stat_cpu, arch_irq_stat).
 * @show: print the summary rows after the irq rows; @prec is the width of
 *        the first column.  Use irqlab_proc_arch_row()/_total().
 * @stat_cpu: interrupts counted by the architecture on @cpu (optional).
 * @stat: interrupts counted globally, e.g. x86 ERR and MIS (optional).
 */
struct irqlab_proc_arch_ops {
	void (*show)(struct irqlab_machine *m, struct seq_file *p, int prec, void *ctx);
	unsigned long long (*stat_cpu)(struct irqlab_machine *m, unsigned int cpu,
				       void *ctx);
	unsigned long long (*stat)(struct irqlab_machine *m, void *ctx);
};

/**
 * irqlab_proc_register_arch() - add architecture rows (called in order of
 * registration after the irq rows).
 * @m: machine.
 * @ops: the callbacks (must outlive the registration).
 * @ctx: passed to them.
 *
 * Return: 0, -EINVAL (no machine or @ops), -ENOMEM.
 */
IRQLAB_API int irqlab_proc_register_arch(struct irqlab_machine *m,
					 const struct irqlab_proc_arch_ops *ops, void *ctx);
/** irqlab_proc_unregister_arch() - remove a registration; 0 or -ENOENT. */
IRQLAB_API int irqlab_proc_unregister_arch(struct irqlab_machine *m,
					   const struct irqlab_proc_arch_ops *ops, void *ctx);

/**
 * irqlab_proc_arch_row() - print a per-CPU summary row: "%*s:", " %10u" per
 * online CPU, then three spaces and @text ("NMI: ... Non-maskable
 * interrupts").
 * @m: machine.
 * @p: output.
 * @prec: first column width (as passed to show).
 * @sym: the row's symbol ("NMI", "LOC").
 * @count: the count of @cpu.
 * @arg: passed to @count.
 * @text: the description.
 */
IRQLAB_API void irqlab_proc_arch_row(struct irqlab_machine *m, struct seq_file *p,
				     int prec, const char *sym,
				     unsigned int (*count)(unsigned int cpu, void *arg),
				     void *arg, const char *text);
/** irqlab_proc_arch_total() - print a one-count row: "%*s: %10u\n" (ERR, MIS). */
IRQLAB_API void irqlab_proc_arch_total(struct seq_file *p, int prec, const char *sym,
				       unsigned int count);

/**
 * irqlab_proc_set_nr_irqs() - the architecture's boot-time nr_irqs.
 * @m: machine.
 * @nr: the estimate (arch_probe_nr_irqs()), 0 for the platform default.
 *
 * The kernel's nr_irqs (irq_get_nr_irqs()) is the boot estimate, grown when
 * an allocation goes beyond it.  irqlab uses max(@nr, highest allocated irq
 * + 1) for the width of the first column of /proc/interrupts and the length
 * of the "intr" line of /proc/stat.  Platform defaults: x86 and Hyper-V
 * (one 24-pin IO-APIC and the legacy PIC) 40 + 8 * nr_cpus + 24 * 16, capped
 * at 256 * nr_cpus; GIC 64 (arm64's NR_IRQS); no platform 16.
 */
IRQLAB_API void irqlab_proc_set_nr_irqs(struct irqlab_machine *m, unsigned int nr);
/** irqlab_proc_nr_irqs() - the kernel's nr_irqs of the machine (see above). */
IRQLAB_API unsigned int irqlab_proc_nr_irqs(struct irqlab_machine *m);

/* Kernel configuration features that change the files (platform defaults). */
enum {
	/* GENERIC_IRQ_SHOW_LEVEL: " Level"/" Edge" column (GIC: on; x86: off). */
	IRQLAB_VFS_SHOW_LEVEL = 1 << 0,
	/*
	 * GENERIC_PENDING_IRQ: smp_affinity shows the pending mask during a
	 * move and debugfs prints "pending:" (x86: on; GIC: off).
	 */
	IRQLAB_VFS_PENDING_IRQ = 1 << 1,
};

/** irqlab_vfs_set_features() - override the IRQLAB_VFS_* features. */
IRQLAB_API void irqlab_vfs_set_features(struct irqlab_machine *m, unsigned int features);
/** irqlab_vfs_features() - the machine's IRQLAB_VFS_* features. */
IRQLAB_API unsigned int irqlab_vfs_features(struct irqlab_machine *m);

/* ---- debugfs ---------------------------------------------------------------- */

/**
 * irq_debugfs_copy_devname() - name the device of an irq ("device:" line of
 * /sys/kernel/debug/irq/irqs/N); the kernel takes a struct device.
 * @irq: irq of the current machine.
 * @name: the device name (copied), e.g. "0000:00:05.0".
 *
 * Like the kernel's desc->dev_name, the copy lives until the descriptor is
 * freed (irq_remove_debugfs_entry()) or the machine is destroyed.
 */
IRQLAB_API void irq_debugfs_copy_devname(int irq, const char *name);

/**
 * irqlab_debugfs_register_handler() - name a flow handler for the
 * "handler:" line (the kernel prints the symbol with %ps).
 * @m: machine.
 * @fn: the flow handler.
 * @name: its name (not copied: a string literal).
 *
 * The core's handlers (handle_edge_irq, ...) are known already.
 * Return: 0 or -ENOMEM.
 */
IRQLAB_API int irqlab_debugfs_register_handler(struct irqlab_machine *m,
					       void (*fn)(struct irq_desc *desc),
					       const char *name);

/* ---- /proc/stat and /proc/softirqs ------------------------------------------ */

enum {
	HI_SOFTIRQ = 0,
	TIMER_SOFTIRQ,
	NET_TX_SOFTIRQ,
	NET_RX_SOFTIRQ,
	BLOCK_SOFTIRQ,
	IRQ_POLL_SOFTIRQ,
	TASKLET_SOFTIRQ,
	SCHED_SOFTIRQ,
	HRTIMER_SOFTIRQ,
	RCU_SOFTIRQ,
	NR_SOFTIRQS
};

/**
 * kstat_incr_softirqs_this_cpu() - count a softirq run on the current CPU
 * of the current machine (/proc/softirqs, "softirq" line of /proc/stat).
 * @irq: HI_SOFTIRQ .. RCU_SOFTIRQ; other values are ignored.
 *
 * Context: any; the first count of a machine allocates its counters (and
 * builds its file tree if that was not used yet).
 */
IRQLAB_API void kstat_incr_softirqs_this_cpu(unsigned int irq);

/** The boot time printed as "btime" in /proc/stat (2024-01-01T00:00:00Z). */
#define IRQLAB_BTIME 1704067200ULL

#endif
