// SPDX-License-Identifier: MIT
/*
 * The guided demo: a two-level domain hierarchy (an MSI-like leaf over a
 * vector-like root) and one interrupt walked through its whole life, every
 * chip callback and state change printed as it happens.
 *
 * The "device" here is only an array of table entries that the leaf chip
 * writes, standing in for the emulated PCI function of a later milestone.
 */
#include <string.h>

#include "demo.h"
#include "irqlab/irqlab.h"

static FILE *out;

#define say(...) fprintf(out, __VA_ARGS__)

/* ---- the stand-in device: one MSI-X-like table entry per vector ------- */

struct demo_entry {
	u32 addr_lo, addr_hi, data, ctrl; /* ctrl bit 0: masked */
};

static struct demo_entry table[4] = {
	{ 0, 0, 0, 1 }, { 0, 0, 0, 1 }, { 0, 0, 0, 1 }, { 0, 0, 0, 1 },
};

/* ---- root level: a vector domain ------------------------------------- */

struct demo_vector {
	unsigned int cpu;
	unsigned int vector;
};

static unsigned int next_vector[64];

static void root_assign(struct irq_data *d, const struct cpumask *mask)
{
	struct demo_vector *v = irq_data_get_irq_chip_data(d);
	unsigned int cpu = cpumask_first_and(mask, cpu_online_mask);

	if (cpu >= nr_cpu_ids)
		cpu = cpumask_first(cpu_online_mask);
	v->cpu = cpu;
	v->vector = 0x22 + next_vector[cpu]++;
	irq_data_update_effective_affinity(d, cpumask_of(cpu));
}

static void root_ack(struct irq_data *d)
{
	say("      DEMO-APIC irq_ack: EOI to the local APIC of CPU%u\n", irqlab_this_cpu());
}

static int root_set_affinity(struct irq_data *d, const struct cpumask *mask, bool force)
{
	struct demo_vector *v = irq_data_get_irq_chip_data(d);
	unsigned int old_cpu = v->cpu, old_vec = v->vector;

	/* Like x86's assign_vector_locked(): keep a vector that still fits. */
	if (cpumask_test_cpu(v->cpu, mask) && cpu_online(v->cpu)) {
		say("      DEMO-APIC irq_set_affinity: vector 0x%02x on CPU%u already fits\n",
		    v->vector, v->cpu);
		return IRQ_SET_MASK_OK;
	}
	root_assign(d, mask);
	say("      DEMO-APIC irq_set_affinity: vector 0x%02x on CPU%u -> vector 0x%02x on CPU%u\n",
	    old_vec, old_cpu, v->vector, v->cpu);
	return IRQ_SET_MASK_OK;
}

static void root_compose(struct irq_data *d, struct msi_msg *msg)
{
	struct demo_vector *v = irq_data_get_irq_chip_data(d);

	/* x86 format: 0xFEE in the top bits, destination APIC id in 19:12. */
	msg->address_hi = 0;
	msg->address_lo = 0xfee00000u | (v->cpu << 12);
	msg->data = v->vector;
	say("      DEMO-APIC irq_compose_msi_msg: address 0x%08x data 0x%04x\n",
	    msg->address_lo, msg->data);
}

static const struct irq_chip root_chip = {
	.name = "DEMO-APIC",
	.irq_ack = root_ack,
	.irq_set_affinity = root_set_affinity,
	.irq_compose_msi_msg = root_compose,
};

static int root_alloc(struct irq_domain *d, unsigned int virq, unsigned int nr, void *arg)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		struct demo_vector *v = kzalloc(sizeof(*v), GFP_KERNEL);

		if (!v)
			goto fail;
		/* Like x86: the root's hwirq is the Linux irq number. */
		irq_domain_set_info(d, virq + i, virq + i, &root_chip, v, handle_edge_irq,
				    NULL, "edge");
	}
	say("      DEMO-VECTOR alloc: irq %u, hwirq %u (vector reserved, not yet assigned)\n",
	    virq, virq);
	return 0;
fail:
	while (i--) {
		kfree(irq_domain_get_irq_data(d, virq + i)->chip_data);
		irq_domain_reset_irq_data(irq_domain_get_irq_data(d, virq + i));
	}
	return -ENOMEM;
}

static void root_free(struct irq_domain *d, unsigned int virq, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		struct irq_data *irqd = irq_domain_get_irq_data(d, virq + i);

		kfree(irqd->chip_data);
		irq_domain_reset_irq_data(irqd);
	}
	say("      DEMO-VECTOR free: irq %u\n", virq);
}

static int root_activate(struct irq_domain *d, struct irq_data *irqd, bool reserve)
{
	struct demo_vector *v = irq_data_get_irq_chip_data(irqd);

	root_assign(irqd, irq_data_get_affinity_mask(irqd));
	say("      DEMO-VECTOR activate: vector 0x%02x on CPU%u\n", v->vector, v->cpu);
	return 0;
}

static void root_deactivate(struct irq_domain *d, struct irq_data *irqd)
{
	struct demo_vector *v = irq_data_get_irq_chip_data(irqd);

	say("      DEMO-VECTOR deactivate: vector 0x%02x on CPU%u released\n", v->vector,
	    v->cpu);
}

static const struct irq_domain_ops root_ops = {
	.alloc = root_alloc,
	.free = root_free,
	.activate = root_activate,
	.deactivate = root_deactivate,
};

/* ---- leaf level: the device's MSI-X-like domain ------------------------ */

static void leaf_write_msg(struct irq_data *d, struct msi_msg *msg)
{
	struct demo_entry *e = irq_data_get_irq_chip_data(d);

	e->addr_lo = msg->address_lo;
	e->addr_hi = msg->address_hi;
	e->data = msg->data;
	say("      DEMO-MSI irq_write_msi_msg: table[%lu] = {addr 0x%08x, data 0x%04x}\n",
	    d->hwirq, e->addr_lo, e->data);
}

static void leaf_mask(struct irq_data *d)
{
	struct demo_entry *e = irq_data_get_irq_chip_data(d);

	e->ctrl |= 1;
	say("      DEMO-MSI irq_mask: table[%lu] vector control = 1 (masked)\n", d->hwirq);
}

static void leaf_unmask(struct irq_data *d)
{
	struct demo_entry *e = irq_data_get_irq_chip_data(d);

	e->ctrl &= ~1u;
	say("      DEMO-MSI irq_unmask: table[%lu] vector control = 0\n", d->hwirq);
}

static void compose_and_write(struct irq_data *d)
{
	struct msi_msg msg;

	if (!irq_chip_compose_msi_msg(d, &msg))
		leaf_write_msg(d, &msg);
}

static int leaf_set_affinity(struct irq_data *d, const struct cpumask *mask, bool force)
{
	int ret = irq_chip_set_affinity_parent(d, mask, force);

	/* The parent moved the vector: the device needs the new message. */
	if (ret >= 0 && ret != IRQ_SET_MASK_OK_DONE)
		compose_and_write(d);
	return ret;
}

static const struct irq_chip leaf_chip = {
	.name = "DEMO-MSI",
	.irq_mask = leaf_mask,
	.irq_unmask = leaf_unmask,
	.irq_ack = irq_chip_ack_parent,
	.irq_set_affinity = leaf_set_affinity,
	.irq_write_msi_msg = leaf_write_msg,
};

static int leaf_alloc(struct irq_domain *d, unsigned int virq, unsigned int nr, void *arg)
{
	unsigned int index = *(unsigned int *)arg, i;
	int ret;

	ret = irq_domain_alloc_irqs_parent(d, virq, nr, arg);
	if (ret)
		return ret;
	for (i = 0; i < nr; i++)
		irq_domain_set_hwirq_and_chip(d, virq + i, index + i, &leaf_chip,
					      &table[index + i]);
	say("      DEMO-MSI alloc: irq %u, hwirq %u (table entry %u)\n", virq, index, index);
	return 0;
}

static int leaf_activate(struct irq_domain *d, struct irq_data *irqd, bool reserve)
{
	say("      DEMO-MSI activate: compose the message and write it to the device\n");
	compose_and_write(irqd);
	return 0;
}

static void leaf_deactivate(struct irq_domain *d, struct irq_data *irqd)
{
	struct msi_msg zero = { 0 };

	say("      DEMO-MSI deactivate: clear the table entry\n");
	leaf_write_msg(irqd, &zero);
}

static const struct irq_domain_ops leaf_ops = {
	.alloc = leaf_alloc,
	.free = irq_domain_free_irqs_top,
	.activate = leaf_activate,
	.deactivate = leaf_deactivate,
};

/* ---- the walk ----------------------------------------------------------- */

static unsigned int handled;

static irqreturn_t demo_handler(int irq, void *dev_id)
{
	handled++;
	say("      demo-rx handler: irq %d on CPU%u (call %u)\n", irq, irqlab_this_cpu(),
	    handled);
	return IRQ_HANDLED;
}

static void step(const char *title)
{
	static int n;

	say("\n[%d] %s\n", ++n, title);
}

static void show_state(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);
	struct irq_data *d = irq_desc_get_irq_data(desc);
	char aff[64], eff[64];

	irqlab_cpumask_snprint(aff, sizeof(aff), irq_data_get_affinity_mask(d), true);
	irqlab_cpumask_snprint(eff, sizeof(eff), irq_data_get_effective_affinity_mask(d), true);
	say("    state: depth=%u%s%s%s%s affinity=%s effective=%s\n", desc->depth,
	    irqd_is_activated(d) ? " ACTIVATED" : "", irqd_is_started(d) ? " STARTED" : "",
	    irqd_irq_disabled(d) ? " DISABLED" : "", irqd_irq_masked(d) ? " MASKED" : "",
	    aff, eff[0] ? eff : "(none)");
}

static void show_counts(unsigned int irq)
{
	unsigned int cpu;

	say("    /proc/interrupts counts for irq %u:", irq);
	for_each_cpu(cpu, cpu_online_mask)
		say(" CPU%u=%u", cpu, kstat_irqs_cpu(irq, (int)cpu));
	say("\n");
}

/* The device raises its vector: the message decides which CPU handles it. */
static void device_fires(struct irqlab_machine *m, unsigned int irq, unsigned int index)
{
	struct demo_entry *e = &table[index];
	unsigned int cpu = (e->addr_lo >> 12) & 0xff;

	if (e->ctrl & 1) {
		say("    device: entry %u is masked, the message is held pending\n", index);
		return;
	}
	say("    device: writes 0x%04x to 0x%08x -> CPU%u\n", e->data, e->addr_lo, cpu);
	irqlab_handle_irq_on(m, cpu, irq);
}

int irqlab_demo(FILE *o)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 4 };
	struct fwnode_handle *root_fw = NULL, *leaf_fw = NULL;
	struct irq_domain *root = NULL, *leaf = NULL;
	struct irqlab_machine *m;
	unsigned int index = 0, irq;
	cpumask_var_t mask;
	int ret;

	out = o;
	say("irqlab guided demo: one interrupt through a two-level domain hierarchy\n");
	step("machine: 4 CPUs, one NUMA node");
	ret = irqlab_machine_create(&cfg, &m);
	if (ret)
		return ret;

	step("domains: a root vector domain and a device MSI domain stacked on it");
	root_fw = irq_domain_alloc_named_fwnode("DEMO-VECTOR");
	leaf_fw = irq_domain_alloc_named_fwnode("DEMO-MSI");
	root = irq_domain_create_hierarchy(NULL, 0, 0, root_fw, &root_ops, NULL);
	leaf = root ? irq_domain_create_hierarchy(root, 0, 4, leaf_fw, &leaf_ops, NULL) : NULL;
	if (!root || !leaf) {
		ret = -ENOMEM;
		goto out;
	}
	say("    %s (root) <- %s (leaf)\n", root->name, leaf->name);

	step("irq_domain_alloc_irqs(leaf, 1): one irq_data per level, leaf outermost");
	ret = irq_domain_alloc_irqs(leaf, 1, NUMA_NO_NODE, &index);
	if (ret < 0)
		goto out;
	irq = (unsigned int)ret;
	{
		struct irq_data *d;

		for (d = irq_get_irq_data(irq); d; d = d->parent_data)
			say("    level %-12s hwirq %-4lu chip %s\n", d->domain->name, d->hwirq,
			    d->chip->name);
	}
	show_state(irq);

	step("request_irq: activate (root first), then startup (unmask)");
	ret = request_irq(irq, demo_handler, 0, "demo-rx", &handled);
	if (ret)
		goto out_free;
	show_state(irq);

	step("the device fires: handle_edge_irq runs ack, then the handler");
	device_fires(m, irq, index);
	show_counts(irq);

	step("irq_set_affinity(irq, CPU2): new vector at the root, message rewritten at the leaf");
	if (!zalloc_cpumask_var(&mask, GFP_KERNEL)) {
		ret = -ENOMEM;
		goto out_irq;
	}
	cpumask_set_cpu(2, mask);
	ret = irq_set_affinity(irq, mask);
	free_cpumask_var(mask);
	if (ret)
		goto out_irq;
	show_state(irq);
	device_fires(m, irq, index);
	show_counts(irq);

	step("disable_irq is lazy: the line is masked only when an interrupt arrives");
	disable_irq(irq);
	show_state(irq);
	device_fires(m, irq, index);
	show_state(irq);
	device_fires(m, irq, index);

	step("enable_irq: unmask, and the interrupt that arrived while disabled is resent");
	enable_irq(irq);
	show_state(irq);
	say("    no hardware retrigger: the resend runs as a tasklet on the CPU that\n"
	    "    called enable_irq (CPU0); irqlab_run_until_idle runs it\n");
	irqlab_run_until_idle(m);
	show_counts(irq);

	step("free_irq: shutdown (mask), then deactivate (leaf first)");
out_irq:
	free_irq(irq, &handled);
	show_state(irq);
	step("irq_domain_free_irqs: every level freed, descriptor gone");
out_free:
	irq_domain_free_irqs(irq, 1);
	say("    irq_to_desc(%u) = %s\n", irq, irq_to_desc(irq) ? "still there" : "NULL");
out:
	if (leaf)
		irq_domain_remove(leaf);
	if (root)
		irq_domain_remove(root);
	irq_domain_free_fwnode(leaf_fw);
	irq_domain_free_fwnode(root_fw);
	say("\nkernel log (dmesg):\n%s", irqlab_dmesg(m)[0] ? irqlab_dmesg(m) : "    (empty)\n");
	irqlab_machine_destroy(m);
	if (ret < 0)
		fprintf(stderr, "irqlab demo: failed: %s\n", irqlab_strerror(ret));
	return ret < 0 ? ret : 0;
}
