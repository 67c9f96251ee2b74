// SPDX-License-Identifier: MIT
/*
 * /sys/kernel/debug/irq (kernel/irq/debugfs.c and the debugfs part of
 * irqdomain.c): the state of each irq with its chain of domains and chips,
 * and each domain with its parents.
 */
#include <string.h>

#include "vfs_internal.h"

/* A flow handler name registered by a platform (the kernel's %ps). */
struct vfs_handler {
	void (*fn)(struct irq_desc *desc);
	const char *name;
	struct vfs_handler *next;
};

struct irq_bit_descr {
	unsigned int mask;
	const char *name;
};
#define BIT_MASK_DESCR(m) { .mask = (m), .name = #m }

static const struct irq_bit_descr irqchip_flags[] = {
	BIT_MASK_DESCR(IRQCHIP_SET_TYPE_MASKED),
	BIT_MASK_DESCR(IRQCHIP_EOI_IF_HANDLED),
	BIT_MASK_DESCR(IRQCHIP_MASK_ON_SUSPEND),
	BIT_MASK_DESCR(IRQCHIP_ONOFFLINE_ENABLED),
	BIT_MASK_DESCR(IRQCHIP_SKIP_SET_WAKE),
	BIT_MASK_DESCR(IRQCHIP_ONESHOT_SAFE),
	BIT_MASK_DESCR(IRQCHIP_EOI_THREADED),
	BIT_MASK_DESCR(IRQCHIP_SUPPORTS_LEVEL_MSI),
	BIT_MASK_DESCR(IRQCHIP_SUPPORTS_NMI),
	BIT_MASK_DESCR(IRQCHIP_ENABLE_WAKEUP_ON_SUSPEND),
	BIT_MASK_DESCR(IRQCHIP_IMMUTABLE),
	BIT_MASK_DESCR(IRQCHIP_MOVE_DEFERRED),
};

/* Table order of the kernel; IRQD_MOVE_PCNTXT only up to 6.12. */
static const struct irq_bit_descr irqdata_states[] = {
	BIT_MASK_DESCR(IRQ_TYPE_EDGE_RISING),
	BIT_MASK_DESCR(IRQ_TYPE_EDGE_FALLING),
	BIT_MASK_DESCR(IRQ_TYPE_LEVEL_HIGH),
	BIT_MASK_DESCR(IRQ_TYPE_LEVEL_LOW),
	BIT_MASK_DESCR(IRQD_LEVEL),

	BIT_MASK_DESCR(IRQD_ACTIVATED),
	BIT_MASK_DESCR(IRQD_IRQ_STARTED),
	BIT_MASK_DESCR(IRQD_IRQ_DISABLED),
	BIT_MASK_DESCR(IRQD_IRQ_MASKED),
	BIT_MASK_DESCR(IRQD_IRQ_INPROGRESS),

	BIT_MASK_DESCR(IRQD_PER_CPU),
	BIT_MASK_DESCR(IRQD_NO_BALANCING),

	BIT_MASK_DESCR(IRQD_SINGLE_TARGET),
	BIT_MASK_DESCR(IRQD_MOVE_PCNTXT),
	BIT_MASK_DESCR(IRQD_AFFINITY_SET),
	BIT_MASK_DESCR(IRQD_SETAFFINITY_PENDING),
	BIT_MASK_DESCR(IRQD_AFFINITY_MANAGED),
	BIT_MASK_DESCR(IRQD_AFFINITY_ON_ACTIVATE),
	BIT_MASK_DESCR(IRQD_MANAGED_SHUTDOWN),
	BIT_MASK_DESCR(IRQD_CAN_RESERVE),

	BIT_MASK_DESCR(IRQD_FORWARDED_TO_VCPU),

	BIT_MASK_DESCR(IRQD_WAKEUP_STATE),
	BIT_MASK_DESCR(IRQD_WAKEUP_ARMED),

	BIT_MASK_DESCR(IRQD_DEFAULT_TRIGGER_SET),

	BIT_MASK_DESCR(IRQD_HANDLE_ENFORCE_IRQCTX),

	BIT_MASK_DESCR(IRQD_IRQ_ENABLED_ON_SUSPEND),

	BIT_MASK_DESCR(IRQD_RESEND_WHEN_IN_PROGRESS),
};

/* desc->status_use_accessors (the kernel's _IRQ_* names). */
static const struct irq_bit_descr irqdesc_states[] = {
	{ IRQ_NOPROBE, "_IRQ_NOPROBE" },
	{ IRQ_NOREQUEST, "_IRQ_NOREQUEST" },
	{ IRQ_NOTHREAD, "_IRQ_NOTHREAD" },
	{ IRQ_NOAUTOEN, "_IRQ_NOAUTOEN" },
	{ IRQ_NESTED_THREAD, "_IRQ_NESTED_THREAD" },
	{ IRQ_PER_CPU_DEVID, "_IRQ_PER_CPU_DEVID" },
	{ IRQ_IS_POLLED, "_IRQ_IS_POLLED" },
	{ IRQ_DISABLE_UNLAZY, "_IRQ_DISABLE_UNLAZY" },
	{ IRQ_HIDDEN, "_IRQ_HIDDEN" },
};

static const struct irq_bit_descr irqdesc_istates[] = {
	BIT_MASK_DESCR(IRQS_AUTODETECT),
	BIT_MASK_DESCR(IRQS_SPURIOUS_DISABLED),
	BIT_MASK_DESCR(IRQS_POLL_INPROGRESS),
	BIT_MASK_DESCR(IRQS_ONESHOT),
	BIT_MASK_DESCR(IRQS_REPLAY),
	BIT_MASK_DESCR(IRQS_WAITING),
	BIT_MASK_DESCR(IRQS_PENDING),
	BIT_MASK_DESCR(IRQS_SUSPENDED),
	BIT_MASK_DESCR(IRQS_NMI),
};

static const struct irq_bit_descr irqdomain_flags[] = {
	BIT_MASK_DESCR(IRQ_DOMAIN_FLAG_HIERARCHY),
	BIT_MASK_DESCR(IRQ_DOMAIN_NAME_ALLOCATED),
	BIT_MASK_DESCR(IRQ_DOMAIN_FLAG_IPI_PER_CPU),
	BIT_MASK_DESCR(IRQ_DOMAIN_FLAG_IPI_SINGLE),
	BIT_MASK_DESCR(IRQ_DOMAIN_FLAG_MSI),
	BIT_MASK_DESCR(IRQ_DOMAIN_FLAG_ISOLATED_MSI),
	BIT_MASK_DESCR(IRQ_DOMAIN_FLAG_NO_MAP),
	BIT_MASK_DESCR(IRQ_DOMAIN_FLAG_MSI_PARENT),
	BIT_MASK_DESCR(IRQ_DOMAIN_FLAG_MSI_DEVICE),
	BIT_MASK_DESCR(IRQ_DOMAIN_FLAG_NONCORE),
};

static const struct vfs_handler core_handlers[] = {
	{ handle_level_irq, "handle_level_irq", NULL },
	{ handle_edge_irq, "handle_edge_irq", NULL },
	{ handle_fasteoi_irq, "handle_fasteoi_irq", NULL },
	{ handle_fasteoi_ack_irq, "handle_fasteoi_ack_irq", NULL },
	{ handle_fasteoi_mask_irq, "handle_fasteoi_mask_irq", NULL },
	{ handle_simple_irq, "handle_simple_irq", NULL },
	{ handle_untracked_irq, "handle_untracked_irq", NULL },
	{ handle_percpu_irq, "handle_percpu_irq", NULL },
	{ handle_bad_irq, "handle_bad_irq", NULL },
};

/* Each flag of @state in @sd on its own line at @ind + 12. */
static void irq_debug_show_bits(struct seq_file *p, int ind, unsigned int state,
				const struct irq_bit_descr *sd, unsigned int size,
				bool skip_move_pcntxt)
{
	unsigned int i;

	for (i = 0; i < size; i++, sd++) {
		if (skip_move_pcntxt && sd->mask == IRQD_MOVE_PCNTXT)
			continue;
		if (state & sd->mask)
			seq_printf(p, "%*s%s\n", ind + 12, "", sd->name);
	}
}

/* The %ps of a flow handler; v->lock held. */
static void put_handler(struct irqlab_vfs *v, struct seq_file *p,
			void (*fn)(struct irq_desc *desc))
{
	const struct vfs_handler *h;
	unsigned int i;

	for (h = v->handlers; h; h = h->next)
		if (h->fn == fn)
			goto found;
	for (i = 0; i < ARRAY_SIZE(core_handlers); i++)
		if (core_handlers[i].fn == fn) {
			h = &core_handlers[i];
			goto found;
		}
	/* %ps of an address without a symbol prints the address. */
	seq_printf(p, "0x%lx", (unsigned long)fn);
	return;
found:
	seq_puts(p, h->name);
}

static void irq_debug_show_chip(struct seq_file *p, struct irq_data *data, int ind)
{
	const struct irq_chip *chip = data->chip;

	if (!chip) {
		seq_puts(p, "chip: None\n");
		return;
	}
	seq_printf(p, "%*schip:    ", ind, "");
	if (chip->irq_print_chip)
		chip->irq_print_chip(data, p);
	else
		seq_printf(p, "%s", chip->name);
	seq_printf(p, "\n%*sflags:   0x%lx\n", ind + 1, "", chip->flags);
	irq_debug_show_bits(p, ind, (unsigned int)chip->flags, irqchip_flags,
			    ARRAY_SIZE(irqchip_flags), false);
}

static void irq_debug_show_data(struct seq_file *p, struct irq_data *data, int ind)
{
	seq_printf(p, "%*sdomain:  %s\n", ind, "",
		   data->domain ? data->domain->name : "");
	seq_printf(p, "%*shwirq:   0x%lx\n", ind + 1, "", data->hwirq);
	irq_debug_show_chip(p, data, ind + 1);
	if (data->domain && data->domain->ops && data->domain->ops->debug_show)
		data->domain->ops->debug_show(p, NULL, data, ind + 1);
	if (!data->parent_data)
		return;
	seq_printf(p, "%*sparent:\n", ind + 1, "");
	irq_debug_show_data(p, data->parent_data, ind + 4);
}

static void irq_debug_show_masks(struct seq_file *p, struct irq_desc *desc,
				 unsigned int features)
{
	seq_puts(p, "affinity: ");
	irqlab_seq_cpumask(p, desc->irq_common_data.affinity, true);
	seq_puts(p, "\neffectiv: ");
	irqlab_seq_cpumask(p, desc->irq_common_data.effective_affinity, true);
	seq_putc(p, '\n');
	if (features & IRQLAB_VFS_PENDING_IRQ) {
		seq_puts(p, "pending:  ");
		irqlab_seq_cpumask(p, desc->pending_mask, true);
		seq_putc(p, '\n');
	}
}

/* irq_debug_show(); v->lock and desc->lock held. */
static void irq_debug_show(struct irqlab_machine *m, struct irqlab_vfs *v,
			   struct irq_desc *desc, struct seq_file *p)
{
	struct irq_data *data = &desc->irq_data;
	struct vfs_irq *e = vfs_irq_get(v, irq_desc_get_irq(desc), desc, false);
	unsigned int state = __irqd_to_state(data);

	seq_puts(p, "handler:  ");
	put_handler(v, p, desc->handle_irq);
	seq_printf(p, "\ndevice:   %s\n", e && e->dev_name ? e->dev_name : "(null)");
	seq_printf(p, "status:   0x%08x\n", desc->status_use_accessors);
	irq_debug_show_bits(p, 0, desc->status_use_accessors, irqdesc_states,
			    ARRAY_SIZE(irqdesc_states), false);
	seq_printf(p, "istate:   0x%08x\n", desc->istate);
	irq_debug_show_bits(p, 0, desc->istate, irqdesc_istates,
			    ARRAY_SIZE(irqdesc_istates), false);
	seq_printf(p, "ddepth:   %u\n", desc->depth);
	seq_printf(p, "wdepth:   %u\n", desc->wake_depth);
	seq_printf(p, "dstate:   0x%08x\n", state);
	irq_debug_show_bits(p, 0, state, irqdata_states, ARRAY_SIZE(irqdata_states),
			    irqlab_kver_ge(m, KERNEL_VERSION(6, 13, 0)));
	seq_printf(p, "node:     %d\n", irq_data_get_node(data));
	irq_debug_show_masks(p, desc, v->features);
	irq_debug_show_data(p, data, 0);
}

static int show_irq(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
		    struct seq_file *p, void *ctx)
{
	struct irqlab_vfs *v = ctx;
	struct irq_desc *desc;
	int ret = -ENOENT;

	irqlab_lock_acquire(&v->lock);
	irqlab_lock_acquire(&m->sparse_lock);
	desc = irqlab_desc_lookup(m, (unsigned int)args->num[0]);
	if (desc) {
		raw_spin_lock(&desc->lock);
		irq_debug_show(m, v, desc, p);
		raw_spin_unlock(&desc->lock);
		ret = seq_status(p);
	}
	irqlab_lock_release(&m->sparse_lock);
	irqlab_lock_release(&v->lock);
	return ret;
}

/* irq_inject_interrupt(): the chip's pending state, else a software resend. */
static int debugfs_inject(unsigned int irq)
{
	struct irq_desc *desc;
	unsigned long flags;
	int err;

	if (!irq_set_irqchip_state(irq, IRQCHIP_STATE_PENDING, true))
		return 0;
	desc = irq_get_desc_buslock(irq, &flags);
	if (!desc)
		return -EINVAL;
	if ((desc->istate & IRQS_NMI) || !irqd_is_activated(&desc->irq_data))
		err = -EINVAL;
	else
		err = check_irq_resend(desc, true);
	irq_put_desc_busunlock(desc, flags);
	return err;
}

/* irq_debug_write(): a prefix of "trigger" injects; other text is ignored. */
static int store_irq(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
		     const char *buf, void *ctx)
{
	size_t size = strlen(buf);

	if (size > 7)
		size = 7;
	if (!strncmp(buf, "trigger", size))
		return debugfs_inject((unsigned int)args->num[0]);
	return 0;
}

static void irq_domain_debug_show_one(struct seq_file *p, struct irq_domain *d, int ind)
{
	seq_printf(p, "%*sname:   %s\n", ind, "", d->name);
	seq_printf(p, "%*ssize:   %u\n", ind + 1, "", d->revmap_size);
	seq_printf(p, "%*smapped: %u\n", ind + 1, "", d->mapcount);
	seq_printf(p, "%*sflags:  0x%08x\n", ind + 1, "", d->flags);
	irq_debug_show_bits(p, ind, d->flags, irqdomain_flags, ARRAY_SIZE(irqdomain_flags),
			    false);
	if (d->ops && d->ops->debug_show)
		d->ops->debug_show(p, d, NULL, ind + 1);
	if (!d->parent)
		return;
	seq_printf(p, "%*sparent: %s\n", ind + 1, "", d->parent->name);
	irq_domain_debug_show_one(p, d->parent, ind + 4);
}

static int show_domain(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
		       struct seq_file *p, void *ctx)
{
	struct irq_domain *d = irqlab_domain_find_by_name(args->str[0]);

	if (!d)
		return -ENOENT;
	irq_domain_debug_show_one(p, d, 0);
	return seq_status(p);
}

/* "default": the default domain, empty when there is none. */
static int show_default_domain(struct irqlab_machine *m,
			       const struct irqlab_vfs_args *args, struct seq_file *p,
			       void *ctx)
{
	struct irq_domain *d = irq_get_default_host();

	if (d)
		irq_domain_debug_show_one(p, d, 0);
	return seq_status(p);
}

/**
 * irq_debugfs_copy_devname() - name the device of an irq.
 * @irq: irq of the current machine.
 * @name: the device name.
 */
void irq_debugfs_copy_devname(int irq, const char *name)
{
	struct irqlab_machine *m = irqlab_cur();
	struct irqlab_vfs *v = m ? irqlab_vfs_get(m) : NULL;
	struct irq_desc *desc;
	struct vfs_irq *e;
	char *copy;

	if (!v || irq < 0 || !name)
		return;
	copy = kstrdup(name, GFP_KERNEL);
	if (!copy)
		return;
	irqlab_lock_acquire(&v->lock);
	irqlab_lock_acquire(&m->sparse_lock);
	desc = irqlab_desc_lookup(m, (unsigned int)irq);
	e = desc ? vfs_irq_get(v, (unsigned int)irq, desc, true) : NULL;
	if (e) {
		kfree(e->dev_name);
		e->dev_name = copy;
		copy = NULL;
	}
	irqlab_lock_release(&m->sparse_lock);
	irqlab_lock_release(&v->lock);
	kfree(copy);
}

/**
 * irq_remove_debugfs_entry() - forget the device name of an irq (called
 * when its descriptor is freed).
 * @desc: the descriptor.
 */
void irq_remove_debugfs_entry(struct irq_desc *desc)
{
	struct irqlab_vfs *v = desc ? __atomic_load_n(&desc->machine->vfs, __ATOMIC_ACQUIRE)
				    : NULL;
	unsigned int irq;
	struct vfs_irq *e;

	if (!v)
		return;
	irq = irq_desc_get_irq(desc);
	irqlab_lock_acquire(&v->lock);
	e = vfs_irq_get(v, irq, desc, false);
	if (e) {
		kfree(e->dev_name);
		e->dev_name = NULL;
		vfs_irq_put(v, irq);
	}
	irqlab_lock_release(&v->lock);
}

/**
 * irqlab_debugfs_register_handler() - name a flow handler.
 * @m: machine.
 * @fn: the handler.
 * @name: its name (a literal).
 *
 * Return: 0, -EINVAL, -ENOMEM.
 */
int irqlab_debugfs_register_handler(struct irqlab_machine *m,
				    void (*fn)(struct irq_desc *desc), const char *name)
{
	struct irqlab_vfs *v = m ? irqlab_vfs_get(m) : NULL;
	struct vfs_handler *h;

	if (!m || !fn || !name)
		return -EINVAL;
	if (!v)
		return -ENOMEM;
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	h->fn = fn;
	h->name = name;
	irqlab_lock_acquire(&v->lock);
	h->next = v->handlers;
	v->handlers = h;
	irqlab_lock_release(&v->lock);
	return 0;
}

/**
 * irqlab_debugfs_release() - free the registered handler names.
 * @v: the tree being freed.
 */
void irqlab_debugfs_release(struct irqlab_vfs *v)
{
	while (v->handlers) {
		struct vfs_handler *h = v->handlers;

		v->handlers = h->next;
		kfree(h);
	}
}

/**
 * irqlab_debugfs_init() - register /sys/kernel/debug/irq.
 * @v: the tree being built.
 *
 * Return: 0 or -ENOMEM.
 */
int irqlab_debugfs_init(struct irqlab_vfs *v)
{
	int ret;

	ret = irqlab_vfs_add(v, "/sys/kernel/debug/irq/irqs/{irq}", show_irq, store_irq, v, 0);
	if (!ret)
		ret = irqlab_vfs_add(v, "/sys/kernel/debug/irq/domains/{domain}", show_domain,
				     NULL, NULL, 0);
	/* A domain named "default" is shadowed, as debugfs would refuse it. */
	if (!ret)
		ret = irqlab_vfs_add(v, "/sys/kernel/debug/irq/domains/default",
				     show_default_domain, NULL, NULL, 0);
	return ret;
}
