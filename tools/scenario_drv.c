// SPDX-License-Identifier: MIT
/*
 * The driver side of scenario devices, through the kernel's PCI interrupt
 * API: probe, pci_alloc_irq_vectors_affinity(), pci_msix_alloc_irq_at(),
 * request_irq() with a counting handler, free_irq(), affinity and hints,
 * pci_free_irq_vectors(); and lspci.
 */
#include <stdlib.h>
#include <string.h>

#include "irqlab/irqlab.h"
#include "irqlab/pci.h"
#include "lspci.h"
#include "scenario_pci.h"

/**
 * scn_drv_probe() - enumerate the device's function and enable it as a
 * driver's probe does (memory decode, bus mastering).
 * @s: state.
 * @dev: the device.
 *
 * Return: 0 or the negative errno of irqlab_pci_probe().
 */
int scn_drv_probe(struct scn *s, struct scn_device *dev)
{
	int ret;

	/* A recording of an earlier (ejected) pci_dev ends with it. */
	scn_wlog_free(dev);
	ret = irqlab_pci_probe(s->m, irqlab_pci_fn_name(dev->fn), &dev->pdev);

	if (ret)
		return ret;
	ret = pci_enable_device(dev->pdev);
	if (ret) {
		irqlab_pci_remove(dev->pdev);
		dev->pdev = NULL;
		return ret;
	}
	pci_set_master(dev->pdev);
	return 0;
}

static struct scn_hint **find_hint(struct scn_device *dev, unsigned int irq)
{
	struct scn_hint **p;

	for (p = &dev->hints; *p; p = &(*p)->next)
		if ((*p)->irq == irq)
			return p;
	return NULL;
}

/* A driver clears the hint before free_irq(), which warns otherwise. */
static void drop_hint(struct scn_device *dev, unsigned int irq)
{
	struct scn_hint **p = find_hint(dev, irq), *h;

	if (!p)
		return;
	h = *p;
	*p = h->next;
	irq_update_affinity_hint(irq, NULL);
	free_cpumask_var(h->mask);
	free(h);
}

static void release_action(struct scn_device *dev, struct scn_action *act)
{
	drop_hint(dev, act->irq);
	free_irq(act->irq, act);
	free(act->count);
	free(act);
}

/* Every action, then the hints left on irqs without one. */
static void release_actions(struct scn_device *dev)
{
	while (dev->actions) {
		struct scn_action *act = dev->actions;

		dev->actions = act->next;
		release_action(dev, act);
	}
	while (dev->hints)
		drop_hint(dev, dev->hints->irq);
}

/**
 * scn_drv_remove() - what a driver's remove does: free the actions, hints
 * and vectors (the pci_dev stays).
 * @dev: the device.
 */
void scn_drv_remove(struct scn_device *dev)
{
	release_actions(dev);
	if (dev->pdev)
		pci_free_irq_vectors(dev->pdev);
	dev->nvec = 0;
}

/**
 * scn_drv_release() - free the actions, vectors and pci_dev of a device.
 * @s: state.
 * @dev: the device.
 */
void scn_drv_release(struct scn *s, struct scn_device *dev)
{
	scn_drv_remove(dev);
	if (dev->pdev) {
		irqlab_pci_remove(dev->pdev);
		dev->pdev = NULL;
	}
	dev->nvec = 0;
}

/**
 * scn_device_irq() - the Linux irq of vector @vec of device @name.
 * @s: the state.
 * @name: the device's scenario name.
 * @vec: the vector index.
 * @irq: receives the irq.
 *
 * Return: 0 or SCN_EUSAGE with a message.
 */
int scn_device_irq(struct scn *s, const char *name, unsigned long vec, unsigned int *irq)
{
	struct scn_device *dev = scn_find_device(s, name);
	int ret;

	if (!dev)
		return scn_fail(s, "{%s:%lu}: no device '%s'", name, vec, name);
	if (!dev->pdev)
		return scn_fail(s, "{%s:%lu}: %s was ejected", name, vec, name);
	ret = vec < 0x10000 ? pci_irq_vector(dev->pdev, vec) : -EINVAL;
	if (ret <= 0)
		return scn_fail(s, "{%s:%lu}: %s has no vector %lu%s", name, vec, name, vec,
				dev->nvec ? "" : " (alloc first)");
	*irq = ret;
	return 0;
}

/**
 * scn_device_irqs() - the Linux irqs of every allocated vector of @name.
 * @s: the state.
 * @name: the device.
 * @irqs: receives up to @max irqs.
 * @max: size of @irqs.
 *
 * Return: the number of irqs, or SCN_EUSAGE with a message.
 */
int scn_device_irqs(struct scn *s, const char *name, unsigned int *irqs, unsigned int max)
{
	struct scn_device *dev = scn_find_device(s, name);
	int n;

	if (!dev)
		return scn_fail(s, "no device '%s'", name);
	if (!dev->pdev)
		return 0;
	if (dev->pdev->msi_enabled || dev->pdev->msix_enabled) {
		n = irqlab_pci_msi_irqs(dev->pdev, irqs, max);
		return n < 0 ? 0 : (n > (int)max ? (int)max : n);
	}
	if (dev->nvec && dev->pdev->irq && max) {
		irqs[0] = dev->pdev->irq;
		return 1;
	}
	return 0;
}

static int parse_types(struct scn *s, const char *list, unsigned int *flags)
{
	char buf[64], *tok, *save = NULL;

	if (!list) {
		*flags = PCI_IRQ_ALL_TYPES;
		return 0;
	}
	snprintf(buf, sizeof(buf), "%s", list);
	*flags = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "msix"))
			*flags |= PCI_IRQ_MSIX;
		else if (!strcmp(tok, "msi"))
			*flags |= PCI_IRQ_MSI;
		else if (!strcmp(tok, "intx"))
			*flags |= PCI_IRQ_INTX;
		else
			return scn_fail(s, "alloc: types=%s: a list of msix, msi, intx", list);
	}
	return 0;
}

static const char *mode_name(struct pci_dev *pdev)
{
	return pdev->msix_enabled ? "MSI-X" : pdev->msi_enabled ? "MSI" : "INTx";
}

/**
 * scn_verb_alloc() - alloc NAME min=N max=N [types=..] [affinity] [pre=N]
 * [post=N]: pci_alloc_irq_vectors_affinity().
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0, the negative errno of the allocation, SCN_EUSAGE.
 */
int scn_verb_alloc(struct scn *s, struct scn_args *a, FILE *out)
{
	struct scn_device *dev = scn_get_device(s, a, 0, "alloc");
	struct irq_affinity affd = { 0 };
	unsigned long min, max, pre, post;
	unsigned int flags, irqs[16];
	int ret, i, n;

	if (!dev || scn_opt_uint(s, a, "min", &min, 1) || scn_opt_uint(s, a, "max", &max, min) ||
	    scn_opt_uint(s, a, "pre", &pre, 0) || scn_opt_uint(s, a, "post", &post, 0) ||
	    parse_types(s, scn_opt(a, "types"), &flags))
		return SCN_EUSAGE;
	if (scn_flag(a, "affinity"))
		flags |= PCI_IRQ_AFFINITY;
	if (scn_check_args(s, a, "alloc", 1))
		return SCN_EUSAGE;
	if (min > 4096 || max > 4096 || pre > 4096 || post > 4096)
		return scn_fail(s, "alloc: at most 4096 vectors");
	affd.pre_vectors = pre;
	affd.post_vectors = post;
	ret = pci_alloc_irq_vectors_affinity(dev->pdev, min, max, flags,
					     (flags & PCI_IRQ_AFFINITY) ? &affd : NULL);
	if (ret < 0) {
		snprintf(s->msg, sizeof(s->msg), "alloc %s", dev->name);
		return ret;
	}
	dev->nvec = ret;
	fprintf(out, "%d vector%s (%s): irq", ret, ret == 1 ? "" : "s", mode_name(dev->pdev));
	n = scn_device_irqs(s, dev->name, irqs, ARRAY_SIZE(irqs));
	for (i = 0; i < n; i++)
		fprintf(out, " %u", irqs[i]);
	fprintf(out, "%s\n", ret > n ? " ..." : "");
	return 0;
}

/**
 * scn_verb_alloc_at() - alloc-at NAME [index=N]: pci_msix_alloc_irq_at().
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0, the negative errno of the allocation, SCN_EUSAGE.
 */
int scn_verb_alloc_at(struct scn *s, struct scn_args *a, FILE *out)
{
	struct scn_device *dev = scn_get_device(s, a, 0, "alloc-at");
	unsigned long index;
	struct msi_map map;

	if (!dev || scn_opt_uint(s, a, "index", &index, MSI_ANY_INDEX) ||
	    scn_check_args(s, a, "alloc-at", 1))
		return SCN_EUSAGE;
	map = pci_msix_alloc_irq_at(dev->pdev, index, NULL);
	if (map.index < 0) {
		snprintf(s->msg, sizeof(s->msg), "alloc-at %s", dev->name);
		return map.index;
	}
	fprintf(out, "index %d irq %d\n", map.index, map.virq);
	return 0;
}

/* The counting handler of every action installed by request. */
static irqreturn_t scn_handler(int irq, void *dev_id)
{
	struct scn_action *act = dev_id;
	struct pci_dev *pdev = act->dev->pdev;

	if (!pdev->msi_enabled && !pdev->msix_enabled) {
		u16 status = 0;

		/* A shared line: handled only if our device is asserting it. */
		pci_read_config_word(pdev, PCI_STATUS, &status);
		if (!(status & PCI_STATUS_INTERRUPT))
			return IRQ_NONE;
		irqlab_pci_fn_intx(act->dev->fn, false);
	}
	act->count[smp_processor_id()]++;
	return IRQ_HANDLED;
}

static int vector_irq(struct scn *s, struct scn_device *dev, struct scn_args *a,
		      const char *verb, unsigned int *vec)
{
	unsigned long v;
	int irq;

	if (a->argc < 2 || scn_parse_uint(a->argv[1], &v) || v > 0xffff)
		return scn_fail(s, "%s: usage: %s NAME VEC ... (see 'help %s')", verb, verb, verb);
	a->used[1] = true;
	irq = pci_irq_vector(dev->pdev, v);
	if (irq <= 0)
		return scn_fail(s, "%s: %s has no vector %lu%s", verb, dev->name, v,
				dev->nvec ? "" : " (alloc first)");
	*vec = v;
	return irq;
}

/**
 * scn_verb_request() - request NAME VEC [name=STR] [shared]: request_irq().
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0, the negative errno of request_irq(), SCN_EUSAGE.
 */
int scn_verb_request(struct scn *s, struct scn_args *a, FILE *out)
{
	struct scn_device *dev = scn_get_device(s, a, 0, "request");
	struct scn_action *act, **tail;
	const char *name;
	unsigned int vec;
	int irq, ret;

	if (!dev || (irq = vector_irq(s, dev, a, "request", &vec)) < 0)
		return SCN_EUSAGE;
	name = scn_opt(a, "name");
	act = calloc(1, sizeof(*act));
	if (!act)
		return -ENOMEM;
	act->shared = scn_flag(a, "shared");
	if (scn_check_args(s, a, "request", 2)) {
		free(act);
		return SCN_EUSAGE;
	}
	act->count = calloc(nr_cpu_ids, sizeof(*act->count));
	if (!act->count) {
		free(act);
		return -ENOMEM;
	}
	act->dev = dev;
	act->vec = vec;
	act->irq = irq;
	if (name)
		snprintf(act->name, sizeof(act->name), "%s", name);
	else
		snprintf(act->name, sizeof(act->name), "%sq%u", dev->name, vec);
	ret = request_irq(irq, scn_handler, act->shared ? IRQF_SHARED : 0, act->name, act);
	if (ret) {
		free(act->count);
		free(act);
		snprintf(s->msg, sizeof(s->msg), "request %s %u", dev->name, vec);
		return ret;
	}
	/* Keep the order of requests for 'handlers'. */
	for (tail = &dev->actions; *tail; tail = &(*tail)->next)
		;
	*tail = act;
	fprintf(out, "irq %d: %s\n", irq, act->name);
	return 0;
}

static struct scn_action **find_action(struct scn_device *dev, unsigned int vec)
{
	struct scn_action **p;

	for (p = &dev->actions; *p; p = &(*p)->next)
		if ((*p)->vec == vec)
			return p;
	return NULL;
}

/**
 * scn_verb_free() - free NAME VEC: free_irq() of the request action.
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0 or SCN_EUSAGE.
 */
int scn_verb_free(struct scn *s, struct scn_args *a, FILE *out)
{
	struct scn_device *dev = scn_get_device(s, a, 0, "free");
	struct scn_action **p, *act;
	unsigned int vec;
	int irq;

	if (!dev || (irq = vector_irq(s, dev, a, "free", &vec)) < 0 ||
	    scn_check_args(s, a, "free", 2))
		return SCN_EUSAGE;
	p = find_action(dev, vec);
	if (!p)
		return scn_fail(s, "free: nothing requested on %s %u", dev->name, vec);
	act = *p;
	*p = act->next;
	fprintf(out, "irq %d: freed %s\n", irq, act->name);
	release_action(dev, act);
	return 0;
}

/**
 * scn_verb_free_vectors() - free-vectors NAME: free the actions left, then
 * pci_free_irq_vectors().
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0 or SCN_EUSAGE.
 */
int scn_verb_free_vectors(struct scn *s, struct scn_args *a, FILE *out)
{
	struct scn_device *dev = scn_get_device(s, a, 0, "free-vectors");

	if (!dev || scn_check_args(s, a, "free-vectors", 1))
		return SCN_EUSAGE;
	release_actions(dev);
	pci_free_irq_vectors(dev->pdev);
	dev->nvec = 0;
	fprintf(out, "%s: vectors freed\n", dev->name);
	return 0;
}

/* irq_set_affinity_and_hint(): the device keeps the hint the kernel uses. */
static int set_with_hint(struct scn_device *dev, unsigned int irq, struct cpumask *mask)
{
	struct scn_hint **p = find_hint(dev, irq), *h;
	int ret;

	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	ret = irq_set_affinity_and_hint(irq, mask);
	if (ret) {
		/* The kernel set the hint even so: put the old one back. */
		irq_update_affinity_hint(irq, p ? (*p)->mask : NULL);
		free(h);
		return ret;
	}
	if (p) {
		free_cpumask_var((*p)->mask);
		(*p)->mask = mask;
		free(h);
		return 0;
	}
	h->irq = irq;
	h->mask = mask;
	h->next = dev->hints;
	dev->hints = h;
	return 0;
}

/**
 * scn_verb_affinity() - affinity NAME VEC CPULIST [hint].
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0, the negative errno of irq_set_affinity(_and_hint)(),
 * SCN_EUSAGE.
 */
int scn_verb_affinity(struct scn *s, struct scn_args *a, FILE *out)
{
	struct scn_device *dev = scn_get_device(s, a, 0, "affinity");
	struct cpumask *mask;
	unsigned int vec;
	bool hint;
	int irq, ret;

	if (!dev || (irq = vector_irq(s, dev, a, "affinity", &vec)) < 0)
		return SCN_EUSAGE;
	if (a->argc < 3)
		return scn_fail(s, "affinity: usage: affinity NAME VEC CPULIST [hint]");
	a->used[2] = true;
	hint = scn_flag(a, "hint");
	if (scn_check_args(s, a, "affinity", 3))
		return SCN_EUSAGE;
	if (!zalloc_cpumask_var(&mask, GFP_KERNEL))
		return -ENOMEM;
	if (cpulist_parse(a->argv[2], mask)) {
		free_cpumask_var(mask);
		return scn_fail(s, "affinity: '%s' is not a CPU list of this machine", a->argv[2]);
	}
	if (hint) {
		ret = set_with_hint(dev, irq, mask);
		if (ret)
			free_cpumask_var(mask);
	} else {
		ret = irq_set_affinity(irq, mask);
		free_cpumask_var(mask);
	}
	if (ret) {
		snprintf(s->msg, sizeof(s->msg), "affinity %s %u", dev->name, vec);
		return ret;
	}
	fprintf(out, "irq %d: affinity %s%s\n", irq, a->argv[2], hint ? " (and hint)" : "");
	return 0;
}

/**
 * scn_verb_lspci() - lspci ARGS: N1's renderer over the machine's functions.
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0, -ENOMEM, SCN_EUSAGE for options lspci refuses.
 */
int scn_verb_lspci(struct scn *s, struct scn_args *a, FILE *out)
{
	char args[512];
	size_t n = 0;
	struct seq_file f;
	int i, ret;

	args[0] = '\0';
	for (i = 0; i < a->argc; i++) {
		int w = snprintf(args + n, sizeof(args) - n, "%s%s", i ? " " : "", a->argv[i]);

		if (w < 0 || (size_t)w >= sizeof(args) - n)
			return scn_fail(s, "lspci: arguments too long");
		n += w;
	}
	seq_init(&f);
	ret = irqlab_lspci(s->m, args, &f);
	if (ret == -EINVAL) {
		char *nl;

		scn_fail(s, "%s", seq_text(&f));
		nl = strchr(s->msg, '\n');
		if (nl)
			*nl = '\0';
		ret = SCN_EUSAGE;
	} else if (!ret) {
		fputs(seq_text(&f), out);
	}
	seq_release_buf(&f);
	return ret;
}
