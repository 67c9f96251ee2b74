// SPDX-License-Identifier: MIT
/*
 * The hardware side of scenario devices: the device verb builds an emulated
 * PCI function from its options, fire makes it signal, handlers shows what
 * the handlers installed by request counted.
 */
#include <stdlib.h>
#include <string.h>

#include "irqlab/irqlab.h"
#include "scenario_pci.h"

/** scn_find_device() - the device called @name, or NULL. */
struct scn_device *scn_find_device(struct scn *s, const char *name)
{
	struct scn_device *dev;

	for (dev = s->devices; dev; dev = dev->next)
		if (!strcmp(dev->name, name))
			return dev;
	return NULL;
}

/** scn_get_device() - the device named by word @i of @a, for verb @verb. */
struct scn_device *scn_get_device(struct scn *s, struct scn_args *a, int i, const char *verb)
{
	struct scn_device *dev;

	if (i >= a->argc) {
		scn_fail(s, "%s: which device? (see 'help %s')", verb, verb);
		return NULL;
	}
	a->used[i] = true;
	dev = scn_find_device(s, a->argv[i]);
	if (!dev)
		scn_fail(s, "%s: no device '%s' (create it with 'device %s bdf=...')", verb,
			 a->argv[i], a->argv[i]);
	/* Ejected (hv eject): only the hardware side is left. */
	if (dev && !dev->pdev && strcmp(verb, "fire") && strcmp(verb, "handlers") &&
	    strcmp(verb, "hv")) {
		scn_fail(s, "%s: %s was ejected (probe it again with 'hv probe %s')", verb,
			 dev->name, dev->name);
		return NULL;
	}
	return dev;
}

/** scn_devices_free() - release every device (before the machine goes). */
void scn_devices_free(struct scn *s)
{
	while (s->devices) {
		struct scn_device *dev = s->devices;

		s->devices = dev->next;
		scn_wlog_free(dev);
		scn_drv_release(s, dev);
		/* The function itself is freed with the machine. */
		free(dev);
	}
}

static u64 bar_size_for(u64 end)
{
	u64 size = 0x4000;

	while (size < end)
		size <<= 1;
	return size;
}

static int parse_pin(struct scn *s, struct scn_args *a, u8 *pin)
{
	const char *v = scn_opt(a, "intx");

	if (!v || !strcmp(v, "A") || !strcmp(v, "a")) {
		*pin = 1;
		return 0;
	}
	if (!strcmp(v, "none")) {
		*pin = 0;
		return 0;
	}
	if (strlen(v) == 1 && ((*v >= 'A' && *v <= 'D') || (*v >= 'a' && *v <= 'd'))) {
		*pin = (*v | 0x20) - 'a' + 1;
		return 0;
	}
	return scn_fail(s, "device: intx=%s: A, B, C, D or none", v);
}

static int parse_msix(struct scn *s, struct scn_args *a, struct irqlab_pci_fn_config *c)
{
	unsigned long n, bar, table, pba;
	u64 table_end, pba_end;

	if (scn_opt_uint(s, a, "msix", &n, 0) || scn_opt_uint(s, a, "msix-bar", &bar, 0) ||
	    scn_opt_uint(s, a, "msix-table", &table, 0))
		return SCN_EUSAGE;
	table_end = table + n * 16;
	/* By default the PBA follows the table on the next 4 KiB page. */
	if (scn_opt_uint(s, a, "msix-pba", &pba, (table_end + 0xfff) & ~0xfffUL))
		return SCN_EUSAGE;
	if (!n)
		return 0;
	if (n > IRQLAB_PCI_MSIX_MAX_ENTRIES || bar >= PCI_STD_NUM_BARS)
		return scn_fail(s, "device: msix=%lu msix-bar=%lu: 1-2048 entries in BAR 0-5", n, bar);
	c->msix.present = true;
	c->msix.entries = n;
	c->msix.table_bar = c->msix.pba_bar = bar;
	c->msix.table_offset = table;
	c->msix.pba_offset = pba;
	pba_end = pba + DIV_ROUND_UP(n, 64) * 8;
	c->bars[bar].size = bar_size_for(table_end > pba_end ? table_end : pba_end);
	return 0;
}

static int parse_msi(struct scn *s, struct scn_args *a, struct irqlab_pci_fn_config *c)
{
	unsigned long n, addr64, maskable, broken;

	if (scn_opt_uint(s, a, "msi", &n, 0) || scn_opt_uint(s, a, "msi-64bit", &addr64, 1) ||
	    scn_opt_uint(s, a, "msi-maskable", &maskable, 1) ||
	    scn_opt_uint(s, a, "msi-broken", &broken, 0))
		return SCN_EUSAGE;
	if (!n)
		return 0;
	if (n > 32 || (n & (n - 1)) || addr64 > 1 || maskable > 1 || broken > 1)
		return scn_fail(s, "device: msi=%lu: 1, 2, 4, 8, 16 or 32 vectors; msi-64bit, "
				"msi-maskable and msi-broken are 0 or 1", n);
	c->msi.broken = broken;
	c->msi.present = true;
	c->msi.vectors = n;
	c->msi.addr64 = addr64;
	c->msi.per_vector_mask = maskable;
	return 0;
}

static int parse_ids(struct scn *s, struct scn_args *a, struct irqlab_pci_fn_config *c)
{
	unsigned long vendor, device, cls, pcie;

	if (scn_opt_uint(s, a, "vendor", &vendor, 0x1b36) ||
	    scn_opt_uint(s, a, "device", &device, 0x0005) ||
	    scn_opt_uint(s, a, "class", &cls, 0xff0000) || scn_opt_uint(s, a, "pcie", &pcie, 1))
		return SCN_EUSAGE;
	if (!vendor || vendor >= 0xffff || device > 0xffff || cls > 0xffffff || pcie > 1)
		return scn_fail(s, "device: vendor=, device= are 16-bit ids, class= 24 bits, pcie= 0|1");
	c->vendor = vendor;
	c->device = device;
	c->subsystem_vendor = vendor;
	c->subsystem_device = device;
	c->class_code = cls;
	c->pcie.present = pcie;
	return 0;
}

static int parse_device(struct scn *s, struct scn_args *a, struct irqlab_pci_fn_config *c)
{
	memset(c, 0, sizeof(*c));
	c->bdf = scn_opt(a, "bdf");
	if (!c->bdf)
		return scn_fail(s, "device: bdf= is required (e.g. bdf=0000:00:05.0)");
	if (parse_ids(s, a, c) || parse_pin(s, a, &c->intx_pin) || parse_msix(s, a, c) ||
	    parse_msi(s, a, c))
		return SCN_EUSAGE;
	/* Every device has registers in BAR 0. */
	if (!c->bars[0].size)
		c->bars[0].size = 0x4000;
	return scn_check_args(s, a, "device", 1);
}

static bool valid_name(const char *name)
{
	const char *p;

	if (!*name || strlen(name) >= sizeof(((struct scn_device *)0)->name))
		return false;
	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.'))
			return false;
	return !strchr(name, '=');
}

/**
 * scn_verb_device() - device NAME bdf=BDF [...]: create and probe a function.
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0, the negative errno of irqlab_pci_fn_create() or of the probe,
 * SCN_EUSAGE.
 */
int scn_verb_device(struct scn *s, struct scn_args *a, FILE *out)
{
	struct irqlab_pci_fn_config cfg;
	struct scn_device *dev;
	int ret;

	if (!a->argc || strchr(a->argv[0], '='))
		return scn_fail(s, "device: usage: device NAME bdf=BDF [options] (see 'help device')");
	if (!valid_name(a->argv[0]))
		return scn_fail(s, "device: '%s': names are letters, digits, '_', '-', '.'",
				a->argv[0]);
	if (scn_find_device(s, a->argv[0]))
		return scn_fail(s, "device: there is a device '%s' already", a->argv[0]);
	if (parse_device(s, a, &cfg))
		return SCN_EUSAGE;
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	snprintf(dev->name, sizeof(dev->name), "%s", a->argv[0]);
	ret = irqlab_pci_fn_create(s->m, &cfg, &dev->fn);
	if (ret) {
		free(dev);
		snprintf(s->msg, sizeof(s->msg), "device %s", a->argv[0]);
		return ret;
	}
	ret = scn_drv_probe(s, dev);
	if (ret) {
		irqlab_pci_fn_destroy(dev->fn);
		free(dev);
		snprintf(s->msg, sizeof(s->msg), "device %s: probe", a->argv[0]);
		return ret;
	}
	dev->next = s->devices;
	s->devices = dev;
	fprintf(out, "%s: %s [%04x:%04x]%s%s%s\n", dev->name, irqlab_pci_fn_name(dev->fn),
		cfg.vendor, cfg.device, cfg.msix.present ? " MSI-X" : "",
		cfg.msi.present ? " MSI" : "", cfg.intx_pin ? " INTx" : "");
	return 0;
}

/* Fire each vector of @list once; count > 1 runs the machine between rounds. */
static int fire_list(struct scn *s, struct scn_device *dev, const char *list,
		     unsigned long count, FILE *out)
{
	struct cpumask *vecs = irqlab_cpumask_alloc(IRQLAB_PCI_MSIX_MAX_ENTRIES);
	unsigned long round;
	unsigned int k, fired = 0;
	int ret = 0;

	if (!vecs)
		return -ENOMEM;
	/* A vector list has the syntax of a CPU list. */
	if (cpulist_parse(list, vecs) || cpumask_empty(vecs)) {
		free_cpumask_var(vecs);
		return scn_fail(s, "fire: '%s' is not a vector list (e.g. 0, 0-3, 1,5)", list);
	}
	for (round = 0; round < count && !ret; round++) {
		for_each_cpu(k, vecs) {
			ret = irqlab_pci_fn_raise(dev->fn, k);
			if (ret) {
				snprintf(s->msg, sizeof(s->msg), "fire %s %u", dev->name, k);
				break;
			}
			fired++;
		}
		if (count > 1 && !ret)
			irqlab_run_until_idle(s->m);
	}
	free_cpumask_var(vecs);
	if (!ret)
		fprintf(out, "fired %u%s\n", fired,
			count > 1 ? "" : " (handled at the next 'run')");
	return ret;
}

/**
 * scn_verb_fire() - fire NAME VECS [count=N] | fire NAME intx.
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0, the negative errno of irqlab_pci_fn_raise()/_intx(),
 * SCN_EUSAGE.
 */
int scn_verb_fire(struct scn *s, struct scn_args *a, FILE *out)
{
	struct scn_device *dev = scn_get_device(s, a, 0, "fire");
	unsigned long count;
	int ret;

	if (!dev)
		return SCN_EUSAGE;
	if (a->argc < 2)
		return scn_fail(s, "fire: usage: fire NAME VECS [count=N] | fire NAME intx");
	a->used[1] = true;
	if (scn_opt_uint(s, a, "count", &count, 1) || scn_check_args(s, a, "fire", 2))
		return SCN_EUSAGE;
	if (!count)
		return scn_fail(s, "fire: count=0");
	if (strcmp(a->argv[1], "intx"))
		return fire_list(s, dev, a->argv[1], count, out);
	ret = irqlab_pci_fn_intx(dev->fn, true);
	if (ret) {
		snprintf(s->msg, sizeof(s->msg), "fire %s intx", dev->name);
		return ret;
	}
	fprintf(out, "INTx asserted\n");
	return 0;
}

static void print_actions(FILE *out, struct scn_device *dev)
{
	struct scn_action *act;
	unsigned int cpu;

	for (act = dev->actions; act; act = act->next) {
		fprintf(out, "%4u:", act->irq);
		for (cpu = 0; cpu < nr_cpu_ids; cpu++)
			if (cpu_online(cpu))
				fprintf(out, " %10llu", act->count[cpu]);
		fprintf(out, "  %s %u  %s\n", dev->name, act->vec, act->name);
	}
}

/**
 * scn_verb_handlers() - handlers [NAME]: calls of the request handlers.
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0 or SCN_EUSAGE.
 */
int scn_verb_handlers(struct scn *s, struct scn_args *a, FILE *out)
{
	struct scn_device *dev = NULL;
	unsigned int cpu;

	if (a->argc > 1)
		return scn_fail(s, "handlers: usage: handlers [NAME]");
	if (a->argc == 1 && !(dev = scn_get_device(s, a, 0, "handlers")))
		return SCN_EUSAGE;
	fprintf(out, "%5s", "irq:");
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		char col[16];

		if (!cpu_online(cpu))
			continue;
		snprintf(col, sizeof(col), "CPU%u", cpu);
		fprintf(out, " %10s", col);
	}
	fprintf(out, "  device vector  action\n");
	if (dev) {
		print_actions(out, dev);
		return 0;
	}
	for (dev = s->devices; dev; dev = dev->next)
		print_actions(out, dev);
	return 0;
}
