// SPDX-License-Identifier: MIT
/*
 * Verbs about the machine as a whole: machine, cpu hotplug, run,
 * disable/enable by irq number, help and print.
 */
#include <stdlib.h>
#include <string.h>

#include "irqlab/irqlab.h"
#include "scenario.h"

static const struct {
	const char *name;
	enum irqlab_platform p;
} platforms[] = {
	{ "x86", IRQLAB_PLATFORM_X86 },
	{ "none", IRQLAB_PLATFORM_NONE },
	{ "gic", IRQLAB_PLATFORM_GIC },
	{ "hyperv", IRQLAB_PLATFORM_HYPERV },
};

int scn_parse_platform(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(platforms); i++)
		if (!strcmp(platforms[i].name, name))
			return (int)platforms[i].p;
	return -1;
}

const char *scn_platform_name(int platform)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(platforms); i++)
		if ((int)platforms[i].p == platform)
			return platforms[i].name;
	return "none";
}

static int parse_platform(struct scn *s, const char *name, enum irqlab_platform *p)
{
	int plat = scn_parse_platform(name);

	if (plat < 0)
		return scn_fail(s, "machine: unknown platform '%s' (x86, none, gic, hyperv)", name);
	*p = (enum irqlab_platform)plat;
	return 0;
}

/* "6.12" or "6.12.3" into KERNEL_VERSION(). */
static int parse_kernel(struct scn *s, const char *text, unsigned int *ver)
{
	unsigned int a, b, c = 0;
	char tail;
	int n = sscanf(text, "%u.%u.%u%c", &a, &b, &c, &tail);

	if ((n != 2 && n != 3) || a > 255 || b > 255 || c > 255)
		return scn_fail(s, "machine: kernel=%s: expected a version like 6.12", text);
	*ver = KERNEL_VERSION(a, b, c);
	return 0;
}

static void describe_machine(struct scn *s, FILE *out, unsigned int nodes)
{
	unsigned int kv = irqlab_machine_kernel_version(s->m);
	char online[256], isolated[256];

	irqlab_cpumask_snprint(online, sizeof(online), cpu_online_mask, true);
	irqlab_cpumask_snprint(isolated, sizeof(isolated), irqlab_cpu_isolated_mask(), true);
	fprintf(out, "machine: %s, %u CPUs (online %s), %u node%s, kernel %u.%u, seed %llu\n",
		scn_platform_name((int)irqlab_machine_platform(s->m)), num_possible_cpus(), online, nodes,
		nodes == 1 ? "" : "s", kv >> 16, (kv >> 8) & 0xff, s->seed);
	if (isolated[0])
		fprintf(out, "isolated (isolcpus=managed_irq): %s\n", isolated);
}

/**
 * scn_verb_machine() - machine [platform=..] [cpus=N] [nodes=N] [smt=N]
 * [isolcpus=LIST] [kernel=X.Y] [seed=N]: create the machine.
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0, a negative errno of irqlab_machine_create(), or SCN_EUSAGE.
 */
int scn_verb_machine(struct scn *s, struct scn_args *a, FILE *out)
{
	struct irqlab_machine_config cfg = { .platform = IRQLAB_PLATFORM_X86 };
	unsigned long cpus, nodes, smt, seed;
	const char *v;
	int ret;

	if (s->m)
		return scn_fail(s, "machine: there is a machine already (one per scenario)");
	if ((v = scn_opt(a, "platform")) && parse_platform(s, v, &cfg.platform))
		return SCN_EUSAGE;
	/* irqlab run --platform: the same session on another platform. */
	if (s->platform >= 0)
		cfg.platform = (enum irqlab_platform)s->platform;
	if (scn_opt_uint(s, a, "cpus", &cpus, 4) || scn_opt_uint(s, a, "nodes", &nodes, 1) ||
	    scn_opt_uint(s, a, "smt", &smt, 1) || scn_opt_uint(s, a, "seed", &seed, s->seed))
		return SCN_EUSAGE;
	if ((v = scn_opt(a, "kernel")) && parse_kernel(s, v, &cfg.kernel_version))
		return SCN_EUSAGE;
	cfg.isolcpus = scn_opt(a, "isolcpus");
	if (scn_check_args(s, a, "machine", 0))
		return SCN_EUSAGE;
	if (!cpus || cpus > IRQLAB_MAX_CPUS)
		return scn_fail(s, "machine: cpus=%lu: 1 to %u CPUs", cpus, IRQLAB_MAX_CPUS);
	if (!nodes || nodes > cpus)
		return scn_fail(s, "machine: nodes=%lu: 1 to cpus nodes", nodes);
	if (!smt || smt > 8 || cpus % smt)
		return scn_fail(s, "machine: smt=%lu: 1 to 8, dividing cpus", smt);
	cfg.nr_cpus = cpus;
	cfg.nr_nodes = nodes;
	cfg.smt = smt;
	cfg.seed = seed;
	s->seed = seed;
	ret = irqlab_machine_create(&cfg, &s->m);
	if (ret) {
		s->m = NULL;
		snprintf(s->msg, sizeof(s->msg), "machine");
		return ret;
	}
	/* Start perf-style counting now, so counts cover the whole run. */
	irqlab_trace_reset_counts(s->m);
	s->perf_start_ns = irqlab_clock_ns(s->m);
	describe_machine(s, out, nodes);
	return 0;
}

static int parse_cpu(struct scn *s, const char *verb, const char *word, unsigned int *cpu)
{
	unsigned long v;

	if (scn_parse_uint(word, &v) || v >= IRQLAB_MAX_CPUS)
		return scn_fail(s, "%s: '%s' is not a CPU number", verb, word);
	*cpu = v;
	return 0;
}

/**
 * scn_verb_cpu() - cpu N offline|online: CPU hotplug.
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0, the negative errno of irqlab_cpu_offline/online(), SCN_EUSAGE.
 */
int scn_verb_cpu(struct scn *s, struct scn_args *a, FILE *out)
{
	unsigned int cpu = 0;
	bool down;
	int ret;

	if (a->argc != 2 || (strcmp(a->argv[1], "offline") && strcmp(a->argv[1], "online")))
		return scn_fail(s, "cpu: usage: cpu N offline|online");
	if (parse_cpu(s, "cpu", a->argv[0], &cpu))
		return SCN_EUSAGE;
	down = !strcmp(a->argv[1], "offline");
	ret = down ? irqlab_cpu_offline(s->m, cpu) : irqlab_cpu_online(s->m, cpu);
	if (ret < 0) {
		snprintf(s->msg, sizeof(s->msg), "cpu %u %s", cpu, a->argv[1]);
		return ret;
	}
	fprintf(out, "CPU%u %s%s\n", cpu, ret == 1 ? "is already " : "", a->argv[1]);
	return 0;
}

/**
 * scn_verb_run() - run [cpu=N]: let the machine (or one CPU) run.
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0, -EINVAL for a CPU that is not online, SCN_EUSAGE.
 */
int scn_verb_run(struct scn *s, struct scn_args *a, FILE *out)
{
	const char *v = scn_opt(a, "cpu");
	unsigned int cpu = 0, n;

	if (scn_check_args(s, a, "run", 0))
		return SCN_EUSAGE;
	if (!v) {
		n = irqlab_run_until_idle(s->m);
		fprintf(out, "ran %u\n", n);
		return 0;
	}
	if (parse_cpu(s, "run", v, &cpu))
		return SCN_EUSAGE;
	if (!cpu_online(cpu)) {
		snprintf(s->msg, sizeof(s->msg), "run: CPU%u is not online", cpu);
		return -EINVAL;
	}
	n = irqlab_cpu_run(s->m, cpu);
	fprintf(out, "ran %u\n", n);
	return 0;
}

static int parse_irq(struct scn *s, struct scn_args *a, const char *verb, unsigned int *irq)
{
	unsigned long v;

	if (a->argc != 1)
		return scn_fail(s, "%s: usage: %s IRQ (a number or {NAME:VEC})", verb, verb);
	if (scn_parse_uint(a->argv[0], &v) || v >= irqlab_machine_nr_irqs(s->m))
		return scn_fail(s, "%s: '%s' is not an irq number", verb, a->argv[0]);
	if (!irq_to_desc(v))
		return scn_fail(s, "%s: irq %lu does not exist", verb, v);
	*irq = v;
	return 0;
}

/**
 * scn_verb_disable() - disable IRQ: disable_irq().
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0 or SCN_EUSAGE.
 */
int scn_verb_disable(struct scn *s, struct scn_args *a, FILE *out)
{
	unsigned int irq;

	if (parse_irq(s, a, "disable", &irq))
		return SCN_EUSAGE;
	disable_irq(irq);
	fprintf(out, "irq %u: depth %u\n", irq, irq_to_desc(irq)->depth);
	return 0;
}

/**
 * scn_verb_enable() - enable IRQ: enable_irq().
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0 or SCN_EUSAGE.
 */
int scn_verb_enable(struct scn *s, struct scn_args *a, FILE *out)
{
	unsigned int irq;

	if (parse_irq(s, a, "enable", &irq))
		return SCN_EUSAGE;
	enable_irq(irq);
	fprintf(out, "irq %u: depth %u\n", irq, irq_to_desc(irq)->depth);
	return 0;
}

/**
 * scn_verb_help() - help [VERB]: the verb list, or one verb explained.
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0 or SCN_EUSAGE for an unknown verb.
 */
int scn_verb_help(struct scn *s, struct scn_args *a, FILE *out)
{
	const struct scn_verb *v;

	if (a->argc > 1)
		return scn_fail(s, "help: usage: help [VERB]");
	if (!a->argc) {
		fprintf(out, "One command a line; '#' starts a comment; {NAME:VEC} is the irq of\n"
			     "vector VEC of device NAME; 'CMD | grep TEXT' filters the output.\n"
			     "Start with: machine platform=x86 cpus=4\n\nverbs:\n");
		scn_print_verb_list(out);
		fprintf(out, "\n'help VERB' explains a verb, with an example.\n");
		return 0;
	}
	v = scn_find_verb(a->argv[0]);
	if (!v)
		return scn_fail(s, "help: unknown verb '%s'", a->argv[0]);
	scn_print_verb_help(out, v);
	return 0;
}

/**
 * scn_verb_print() - print TEXT.
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0.
 */
int scn_verb_print(struct scn *s, struct scn_args *a, FILE *out)
{
	int i;

	for (i = 0; i < a->argc; i++)
		fprintf(out, "%s%s", i ? " " : "", a->argv[i]);
	fputc('\n', out);
	return 0;
}
