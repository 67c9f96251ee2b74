// SPDX-License-Identifier: MIT
/*
 * The hv verb: the Hyper-V host's behaviour (how it answers creates, its
 * latency), the guest's compose timeout and naming, the host's request
 * log, and the vPCI events: eject, re-probe, hibernate, resume.
 */
#include <stdlib.h>
#include <string.h>

#include "irqlab/irqlab.h"
#include "scenario_pci.h"

/* "50us", "1s", "100ms", "250ns", "0": virtual nanoseconds. */
static int parse_duration(const char *word, unsigned long long *ns)
{
	static const struct {
		const char *suffix;
		unsigned long long mult;
	} units[] = { { "ns", 1 }, { "us", 1000 }, { "ms", 1000000 }, { "s", 1000000000 } };
	char *end;
	unsigned long long v;
	size_t i;

	if (!word || !*word || *word == '-')
		return -EINVAL;
	v = strtoull(word, &end, 10);
	if (end == word)
		return -EINVAL;
	if (!*end) {
		*ns = v;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(units); i++) {
		if (!strcmp(end, units[i].suffix)) {
			if (units[i].mult > 1 && v > ~0ULL / units[i].mult)
				return -EINVAL;
			*ns = v * units[i].mult;
			return 0;
		}
	}
	return -EINVAL;
}

static int hv_log(struct scn *s, FILE *out)
{
	unsigned long n = irqlab_hv_nr_requests(s->m), seq;
	struct irqlab_hv_request r;
	char line[256];

	fprintf(out, "%4s %13s  %-18s %-12s %s\n", "seq", "time", "request", "device", "details");
	for (seq = 1; seq <= n; seq++) {
		if (irqlab_hv_get_request(s->m, seq, &r))
			break;
		irqlab_hv_request_str(&r, line, sizeof(line));
		fprintf(out, "%s\n", line);
	}
	return 0;
}

/* The entries sorted by device, then data: a readable, stable listing. */
static int irte_cmp(const void *a, const void *b)
{
	const struct irqlab_hv_irte *x = a, *y = b;

	if (x->segment != y->segment)
		return x->segment < y->segment ? -1 : 1;
	if (x->wslot != y->wslot)
		return x->wslot < y->wslot ? -1 : 1;
	return x->data < y->data ? -1 : x->data > y->data;
}

/* The guest irq whose chip_data is @e's message ("-" when none is). */
static void irte_irq(struct scn *s, const struct irqlab_hv_irte *e, char *buf, size_t size)
{
	struct scn_device *dev;
	struct msi_msg msg;
	int k;

	snprintf(buf, size, "-");
	for (dev = s->devices; dev; dev = dev->next) {
		for (k = 0; dev->pdev && k < dev->nvec; k++) {
			int irq = pci_irq_vector(dev->pdev, (unsigned int)k);

			if (irq > 0 && !irqlab_hv_irq_msg((unsigned int)irq, &msg) &&
			    msg.data == e->data &&
			    ((u64)msg.address_hi << 32 | msg.address_lo) == e->address) {
				snprintf(buf, size, "%d", irq);
				return;
			}
		}
	}
}

/*
 * The host's entries: the vCPU the guest retargeted each to and the
 * physical CPU the host picked at its CREATE (which the guest never sees).
 */
static int hv_entries(struct scn *s, FILE *out)
{
	unsigned int n = irqlab_hv_nr_entries(s->m), i, got = 0;
	struct irqlab_hv_irte *e;
	char irq[16];

	fprintf(out, "%u interrupt entries, %lu messages dropped\n", n,
		irqlab_hv_nr_dropped(s->m));
	if (!n)
		return 0;
	e = kcalloc(n, sizeof(*e), GFP_KERNEL);
	if (!e) {
		snprintf(s->msg, sizeof(s->msg), "hv entries");
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		if (!irqlab_hv_get_entry(s->m, i, &e[got]))
			got++;
	qsort(e, got, sizeof(*e), irte_cmp);
	fprintf(out, "%-12s  %-10s  %-6s  %-6s  %4s  %4s  %s\n", "device", "address", "data",
		"vector", "vcpu", "pcpu", "irq");
	for (i = 0; i < got; i++) {
		irte_irq(s, &e[i], irq, sizeof(irq));
		fprintf(out, "%04x:00:%02x.%x  0x%08llx  0x%-4x  0x%-4x  %4u  %4u  %s\n",
			e[i].segment, e[i].wslot & 0x1f, (e[i].wslot >> 5) & 7,
			(unsigned long long)e[i].address, e[i].data, e[i].vector, e[i].vcpu,
			e[i].pcpu, irq);
	}
	kfree(e);
	return 0;
}

static int hv_device_event(struct scn *s, struct scn_args *a, FILE *out, bool eject)
{
	const char *verb = eject ? "eject" : "probe";
	struct scn_device *dev = scn_get_device(s, a, 1, "hv");
	char guid[37];
	int ret;

	if (!dev)
		return SCN_EUSAGE;
	if (scn_check_args(s, a, "hv", 2))
		return SCN_EUSAGE;
	if (eject) {
		if (!dev->pdev)
			return scn_fail(s, "hv eject: %s is ejected already", dev->name);
		if (irqlab_hv_bus_guid(dev->pdev, guid))
			return scn_fail(s, "hv eject: %s is not on a vPCI bus", dev->name);
		/* The driver's remove runs first: it frees its irqs. */
		scn_drv_remove(dev);
		ret = irqlab_hv_eject(dev->pdev);
		if (ret) {
			snprintf(s->msg, sizeof(s->msg), "hv eject %s", dev->name);
			return ret;
		}
		dev->pdev = NULL;
		fprintf(out, "%s: ejected (vPCI bus %s)\n", dev->name, guid);
		return 0;
	}
	if (dev->pdev)
		return scn_fail(s, "hv %s: %s is present (eject it first)", verb, dev->name);
	ret = scn_drv_probe(s, dev);
	if (ret) {
		snprintf(s->msg, sizeof(s->msg), "hv probe %s", dev->name);
		return ret;
	}
	irqlab_hv_bus_guid(dev->pdev, guid);
	fprintf(out, "%s: probed on vPCI bus %s\n", dev->name, guid);
	return 0;
}

/* The key=value settings; returns 1 when none was given. */
static int hv_settings(struct scn *s, struct scn_args *a, FILE *out)
{
	const char *compose = scn_opt(a, "compose"), *names = scn_opt(a, "names");
	const char *latency = scn_opt(a, "latency"), *timeout = scn_opt(a, "timeout");
	const char *reuse = scn_opt(a, "irte-reuse");
	unsigned long long lat_ns = 0, to_ns = 0;
	unsigned long status = 0;
	bool have_status = scn_opt(a, "status") != NULL;
	enum irqlab_hv_compose_mode mode = IRQLAB_HV_COMPOSE_OK;
	int ret;

	if (!compose && !names && !latency && !timeout && !have_status && !reuse)
		return 1;
	/* Check everything first: a bad word changes nothing. */
	if (compose) {
		if (!strcmp(compose, "ok"))
			mode = IRQLAB_HV_COMPOSE_OK;
		else if (!strcmp(compose, "fail"))
			mode = IRQLAB_HV_COMPOSE_FAIL;
		else if (!strcmp(compose, "noreply"))
			mode = IRQLAB_HV_COMPOSE_NOREPLY;
		else
			return scn_fail(s, "hv: compose=%s: ok, fail or noreply", compose);
	}
	if (names && strcmp(names, "legacy") && strcmp(names, "new"))
		return scn_fail(s, "hv: names=%s: legacy or new", names);
	if (reuse && strcmp(reuse, "all") && strcmp(reuse, "multi"))
		return scn_fail(s, "hv: irte-reuse=%s: all (before the Nov 2022 fix) or multi",
				reuse);
	if (latency && parse_duration(latency, &lat_ns))
		return scn_fail(s, "hv: latency=%s: a time such as 50us, 2ms, 1s", latency);
	if (timeout && parse_duration(timeout, &to_ns))
		return scn_fail(s, "hv: timeout=%s: a time such as 1s, or 0 (none)", timeout);
	if (have_status && scn_opt_uint(s, a, "status", &status, 0))
		return SCN_EUSAGE;
	if (have_status && (status > 0xffffffffUL || (s32)(u32)status >= 0))
		return scn_fail(s, "hv: status=0x%lx: a failure NTSTATUS (bit 31 set), "
				"e.g. 0xc0000001", status);
	if (scn_check_args(s, a, "hv", 0))
		return SCN_EUSAGE;

	ret = compose ? irqlab_hv_set_compose(s->m, mode) : 0;
	if (!ret && have_status)
		ret = irqlab_hv_set_fail_status(s->m, (u32)status);
	if (!ret && latency)
		ret = irqlab_hv_set_latency(s->m, lat_ns);
	if (!ret && timeout)
		ret = irqlab_hv_set_compose_timeout(s->m, to_ns);
	if (!ret && names)
		ret = irqlab_hv_set_legacy_names(s->m, !strcmp(names, "legacy"));
	if (!ret && reuse)
		ret = irqlab_hv_set_irte_reuse(s->m, !strcmp(reuse, "all"));
	if (ret) {
		snprintf(s->msg, sizeof(s->msg), "hv (machine platform=hyperv?)");
		return ret;
	}
	if (compose)
		fprintf(out, "host: CREATE_INTERRUPT answered %s\n",
			mode == IRQLAB_HV_COMPOSE_OK ? "with a message" :
			mode == IRQLAB_HV_COMPOSE_FAIL ? "with a failure status" : "never");
	if (have_status)
		fprintf(out, "host: failure status 0x%lx\n", status);
	if (latency)
		fprintf(out, "host: latency %llu ns\n", lat_ns);
	if (timeout) {
		if (to_ns)
			fprintf(out, "guest: hv_compose_msi_msg gives up after %llu ns\n", to_ns);
		else
			fprintf(out, "guest: hv_compose_msi_msg spins until answered (upstream)\n");
	}
	if (reuse)
		fprintf(out, "guest: %s\n", !strcmp(reuse, "all") ?
			"every recompose reuses the irq's host entry (b4b77778ecc5)" :
			"only multi-MSI reuses its host entry (upstream)");
	if (names)
		fprintf(out, "guest: new devices are named %s\n",
			!strcmp(names, "legacy") ? "\"Hyper-V PCIe MSI\"" : "HV-PCI-MSIX-<bdf>");
	return 0;
}

/**
 * scn_verb_hv() - hv [compose=..] [status=..] [latency=..] [timeout=..]
 * [names=..] [irte-reuse=..] | hv log | hv entries | hv eject NAME | hv probe NAME |
 * hv hibernate | hv resume.
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0, a negative errno, or SCN_EUSAGE.
 */
int scn_verb_hv(struct scn *s, struct scn_args *a, FILE *out)
{
	const char *sub = a->argc && !strchr(a->argv[0], '=') ? a->argv[0] : NULL;
	int ret;

	if (irqlab_machine_platform(s->m) != IRQLAB_PLATFORM_HYPERV)
		return scn_fail(s, "hv: the machine is not a Hyper-V guest (machine platform=hyperv)");
	if (!sub) {
		ret = hv_settings(s, a, out);
		if (ret == 1)
			return scn_fail(s, "hv: what? (see 'help hv')");
		return ret;
	}
	a->used[0] = true;
	if (!strcmp(sub, "eject") || !strcmp(sub, "probe"))
		return hv_device_event(s, a, out, !strcmp(sub, "eject"));
	if (scn_check_args(s, a, "hv", 1))
		return SCN_EUSAGE;
	if (!strcmp(sub, "log"))
		return hv_log(s, out);
	if (!strcmp(sub, "entries"))
		return hv_entries(s, out);
	if (!strcmp(sub, "hibernate") || !strcmp(sub, "resume")) {
		bool hib = !strcmp(sub, "hibernate");

		ret = hib ? irqlab_hv_hibernate(s->m) : irqlab_hv_resume(s->m);
		if (ret) {
			snprintf(s->msg, sizeof(s->msg), "hv %s", sub);
			return ret;
		}
		fprintf(out, "%s: %u interrupt entries at the host\n",
			hib ? "hibernated" : "resumed", irqlab_hv_nr_entries(s->m));
		return 0;
	}
	return scn_fail(s, "hv: unknown '%s' (log, entries, eject, probe, hibernate, resume, "
			"or settings such as compose=fail)", sub);
}
