// SPDX-License-Identifier: MIT
/*
 * dot NAME|IRQ: the irq domain hierarchy of a device or an irq as a
 * Graphviz DOT graph: one cluster per domain, one node per irq and level
 * (chip, hwirq), parent_data edges from the leaf towards the root.
 */
#include <string.h>

#include "irqlab/irqlab.h"
#include "scenario.h"

#define DOT_MAX_IRQS 2048
#define DOT_MAX_LEVELS 8

/* A DOT string: quotes and backslashes escaped, newlines as \n. */
static void dot_str(FILE *out, const char *text)
{
	fputc('"', out);
	for (; text && *text; text++) {
		if (*text == '\n') {
			fputs("\\n", out);
			continue;
		}
		if (*text == '"' || *text == '\\')
			fputc('\\', out);
		fputc(*text, out);
	}
	fputc('"', out);
}

struct dot_domains {
	const struct irq_domain *d[64];
	bool leaf[64];	/* holds the outermost level of some irq */
	unsigned int nr;
};

static unsigned int domain_index(struct dot_domains *ds, const struct irq_domain *d)
{
	unsigned int i;

	for (i = 0; i < ds->nr; i++)
		if (ds->d[i] == d)
			return i;
	if (ds->nr < ARRAY_SIZE(ds->d))
		ds->d[ds->nr++] = d;
	return i;
}

/* "NAME (leaf)", "NAME (root)", ... as the talk's pictures name the levels. */
static void cluster_label(FILE *out, const struct dot_domains *ds, unsigned int c)
{
	const struct irq_domain *d = ds->d[c];
	char label[300];

	if (!d)
		snprintf(label, sizeof(label), "(no domain)");
	else
		snprintf(label, sizeof(label), "%s\n%s", d->name,
			 !d->parent ? "root" : ds->leaf[c] ? "per-device leaf" : "parent");
	dot_str(out, label);
}

/* The node of one level of @irq inside its domain's cluster. */
static void level_node(struct scn *s, FILE *out, struct irq_data *d, unsigned int level)
{
	char label[256];
	unsigned int vector, cpu;
	int n;

	n = snprintf(label, sizeof(label), "irq %u\nchip: %s\nhwirq: 0x%lx", d->irq,
		     d->chip && d->chip->name ? d->chip->name : "none", d->hwirq);
	if (d->domain && d->domain == irqlab_x86_vector_domain(s->m) &&
	    !irqlab_x86_irq_vector(d->irq, &vector, &cpu) && n > 0 && (size_t)n < sizeof(label)) {
		if (vector)
			snprintf(label + n, sizeof(label) - n, "\nvector 0x%02x on CPU%u", vector, cpu);
		else
			snprintf(label + n, sizeof(label) - n, "\nno vector assigned");
	}
	fprintf(out, "\t\tirq%u_%u [label=", d->irq, level);
	dot_str(out, label);
	fprintf(out, "];\n");
}

static void desc_node(FILE *out, struct irq_desc *desc)
{
	struct irqaction *act;
	char label[512];
	size_t n;

	n = snprintf(label, sizeof(label), "irq_desc %u\nflow: %s", irq_desc_get_irq(desc),
		     desc->name ? desc->name : "none");
	for (act = desc->action; act && n < sizeof(label); act = act->next)
		n += snprintf(label + n, sizeof(label) - n, "%s%s", act == desc->action ?
			      "\naction: " : ", ", act->name ? act->name : "?");
	fprintf(out, "\tdesc%u [shape=ellipse, label=", irq_desc_get_irq(desc));
	dot_str(out, label);
	fprintf(out, "];\n");
}

static void emit_graph(struct scn *s, FILE *out, const unsigned int *irqs, unsigned int nr,
		       const char *title)
{
	struct dot_domains ds = { .nr = 0 };
	unsigned int c, i;

	fprintf(out, "digraph irqlab {\n\tlabel=");
	dot_str(out, title);
	fprintf(out, ";\n\tlabelloc=t;\n\trankdir=TB;\n"
		     "\tnode [shape=box, fontname=\"monospace\", fontsize=10];\n"
		     "\tedge [fontname=\"monospace\", fontsize=9];\n");
	/* Discover the domains from the leaf down, so clusters come in order. */
	for (i = 0; i < nr; i++) {
		struct irq_data *d = irq_get_irq_data(irqs[i]);
		unsigned int level = 0;

		for (; d && level < DOT_MAX_LEVELS; d = d->parent_data, level++) {
			c = domain_index(&ds, d->domain);
			if (!level && c < ARRAY_SIZE(ds.leaf))
				ds.leaf[c] = true;
		}
	}
	for (c = 0; c < ds.nr; c++) {
		fprintf(out, "\tsubgraph cluster_%u {\n\t\tlabel=", c);
		cluster_label(out, &ds, c);
		fprintf(out, ";\n\t\tstyle=rounded;\n");
		for (i = 0; i < nr; i++) {
			struct irq_data *d = irq_get_irq_data(irqs[i]);
			unsigned int level = 0;

			for (; d && level < DOT_MAX_LEVELS; d = d->parent_data, level++)
				if (domain_index(&ds, d->domain) == c)
					level_node(s, out, d, level);
		}
		fprintf(out, "\t}\n");
	}
	for (i = 0; i < nr; i++) {
		struct irq_desc *desc = irq_to_desc(irqs[i]);
		struct irq_data *d = irq_desc_get_irq_data(desc);
		unsigned int level = 0;

		desc_node(out, desc);
		fprintf(out, "\tdesc%u -> irq%u_0;\n", irqs[i], irqs[i]);
		for (; d->parent_data && level + 1 < DOT_MAX_LEVELS; d = d->parent_data, level++)
			fprintf(out, "\tirq%u_%u -> irq%u_%u [label=\"parent_data\"];\n", irqs[i],
				level, irqs[i], level + 1);
	}
	fprintf(out, "}\n");
}

/**
 * scn_verb_dot() - dot NAME|IRQ: the domain hierarchy as Graphviz DOT.
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0 or SCN_EUSAGE.
 */
int scn_verb_dot(struct scn *s, struct scn_args *a, FILE *out)
{
	static unsigned int irqs[DOT_MAX_IRQS];
	unsigned long irq;
	char title[128];
	int n;

	if (a->argc != 1)
		return scn_fail(s, "dot: usage: dot NAME|IRQ");
	if (!scn_parse_uint(a->argv[0], &irq)) {
		if (irq >= irqlab_machine_nr_irqs(s->m) || !irq_to_desc(irq))
			return scn_fail(s, "dot: irq %lu does not exist", irq);
		irqs[0] = irq;
		n = 1;
		snprintf(title, sizeof(title), "irq %lu", irq);
	} else {
		n = scn_device_irqs(s, a->argv[0], irqs, DOT_MAX_IRQS);
		if (n < 0)
			return n;
		if (!n)
			return scn_fail(s, "dot: %s has no vectors (alloc first)", a->argv[0]);
		snprintf(title, sizeof(title), "%s", a->argv[0]);
	}
	/*
	 * No descriptor lock is held while walking: the CLI runs the machine
	 * in deterministic mode on this thread, so nothing changes meanwhile,
	 * and the vector lookup takes the locks it needs itself.
	 */
	emit_graph(s, out, irqs, n, title);
	return 0;
}
