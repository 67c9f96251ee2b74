// SPDX-License-Identifier: MIT
/*
 * The PCI MSI-X lifecycle - alloc, request (activate, compose, write,
 * unmask), deliver, move, mask, free, remove - run unchanged on the three
 * platforms: x86 (VECTOR as MSI parent), hyperv (VECTOR below the Hyper-V
 * PCI MSI parent, messages chosen by the host) and gic (GICv3 below the
 * ITS MSI parent).  The driver code is the same on each; only the oracle
 * of "which message is right" differs, and it is taken from the platform
 * that owns it: the vector level on x86, the host's answer on Hyper-V,
 * the ITS doorbell and EventID on the GIC.
 */
#include <stdio.h>
#include <string.h>

#include "pci_fixture.h"
#include "irqlab/gic.h"
#include "irqlab/hv.h"

#define NQ 4
#define NCPUS 4
#define BDF "0000:00:05.0"

static const struct plat {
	enum irqlab_platform p;
	const char *prefix;	/* of the per-device chip and domain names */
	const char *root;	/* name of the root domain's chip */
	unsigned int levels;	/* irq_data levels below the descriptor */
} plats[] = {
	{ IRQLAB_PLATFORM_X86, "", "APIC", 2 },
	{ IRQLAB_PLATFORM_HYPERV, "HV-", "APIC", 3 },
	{ IRQLAB_PLATFORM_GIC, "ITS-", "GICv3", 3 },
};

static const struct plat *pl;
static struct irqlab_pci_fn *fn;
static struct pci_dev *dev;
#define MAX_IRQ 512
static unsigned int hits[MAX_IRQ][NCPUS];
static char domains_before_probe[1024];

static irqreturn_t count(int irq, void *dev_id)
{
	unsigned int *h = dev_id;

	(void)irq;
	h[irqlab_this_cpu()]++;
	return IRQ_HANDLED;
}

static void setup_platform(int i)
{
	struct irqlab_machine_config cfg = { .nr_cpus = NCPUS, .platform = plats[i].p };
	struct irqlab_pci_fn_config fcfg = pf_mana_config();

	pl = &plats[i];
	memset(hits, 0, sizeof(hits));
	tm_create(&cfg);
	pf_domain_list(domains_before_probe, sizeof(domains_before_probe));
	dev = pf_probe(&fcfg, &fn);
	pci_set_master(dev);
}

static unsigned int total_hits(unsigned int irq)
{
	unsigned int cpu, n = 0;

	for (cpu = 0; cpu < NCPUS; cpu++)
		n += hits[irq][cpu];
	return n;
}

static unsigned int eff_cpu(unsigned int irq)
{
	const struct cpumask *m = irq_data_get_effective_affinity_mask(irq_get_irq_data(irq));

	ck_assert_uint_eq(cpumask_weight(m), 1);
	return cpumask_first(m);
}

/* The message the platform says irq @irq must carry. */
static void oracle_msg(unsigned int irq, unsigned int k, struct msi_msg *msg)
{
	memset(msg, 0, sizeof(*msg));
	switch (pl->p) {
	case IRQLAB_PLATFORM_X86: {
		struct irqlab_x86_irq_state st;

		ck_assert_int_eq(irqlab_x86_irq_state(irq, &st), 0);
		msg->address_lo = pf_msg_addr(st.cpu);
		msg->data = pf_msg_data(st.vector);
		break;
	}
	case IRQLAB_PLATFORM_HYPERV: {
		struct irqlab_x86_irq_state st;
		struct irqlab_hv_irte e;

		/* Whatever the host answered, kept as the HV level's chip_data... */
		ck_assert_int_eq(irqlab_hv_irq_msg(irq, msg), 0);
		/* ...and the host's entry for it: a started irq is retargeted to
		 * its vector on its effective CPU. */
		ck_assert_int_eq(irqlab_hv_find_entry(tm, msg->address_lo, msg->data, &e), 0);
		if (irqd_is_started(irq_get_irq_data(irq))) {
			ck_assert_int_eq(irqlab_x86_irq_state(irq, &st), 0);
			ck_assert_uint_eq(e.vector, st.vector);
			ck_assert_uint_eq(e.vcpu, st.cpu);
		}
		break;
	}
	case IRQLAB_PLATFORM_GIC: {
		struct irqlab_gic_irq_state st;
		u64 doorbell = IRQLAB_GIC_ITS_BASE + GITS_TRANSLATER;

		ck_assert_int_eq(irqlab_gic_irq_state(irq, &st), 0);
		ck_assert_uint_eq(st.eventid, k);
		ck_assert_uint_eq(st.devid, 0x0028); /* 00:05.0 */
		msg->address_lo = (u32)doorbell;
		msg->address_hi = (u32)(doorbell >> 32);
		msg->data = st.eventid;
		break;
	}
	default:
		ck_abort_msg("no oracle for platform %d", pl->p);
	}
}

static void assert_entry_is(unsigned int k, const struct msi_msg *msg, u32 ctrl)
{
	struct pf_entry e = pf_entry(fn, k);

	ck_assert_msg(e.addr_lo == msg->address_lo && e.addr_hi == msg->address_hi &&
			      e.data == msg->data && e.ctrl == ctrl,
		      "%s entry %u: {%08x %08x %08x %08x}, want {%08x %08x %08x %08x}",
		      pl->prefix, k, e.addr_lo, e.addr_hi, e.data, e.ctrl, msg->address_lo,
		      msg->address_hi, msg->data, ctrl);
}

/* Alloc: per-device leaf with the platform's prefix, entries masked. */
static void check_allocated(unsigned int *irqs)
{
	char chip[64], domain[80];
	unsigned int k;

	snprintf(chip, sizeof(chip), "%sPCI-MSIX-" BDF, pl->prefix);
	snprintf(domain, sizeof(domain), "%s-12", chip);
	for (k = 0; k < NQ; k++) {
		int irq = pci_irq_vector(dev, k);
		struct irq_data *d, *root;
		unsigned int levels = 0;

		ck_assert_int_gt(irq, 0);
		ck_assert_int_lt(irq, MAX_IRQ);
		irqs[k] = (unsigned int)irq;
		d = irq_get_irq_data(irqs[k]);
		ck_assert_uint_eq(d->hwirq, k);
		ck_assert_str_eq(d->chip->name, chip);
		ck_assert_str_eq(d->domain->name, domain);
		for (root = d; root; root = root->parent_data) {
			levels++;
			if (!root->parent_data)
				break;
		}
		ck_assert_uint_eq(levels, pl->levels);
		ck_assert_str_eq(root->chip->name, pl->root);
		ck_assert(irqd_irq_masked(d) && !irqd_is_started(d));
		ck_assert_uint_eq(pf_entry(fn, k).ctrl, PCI_MSIX_ENTRY_CTRL_MASKBIT);
	}
	ck_assert_uint_eq(pf_msix_ctrl(dev), PCI_MSIX_FLAGS_ENABLE | (PF_MANA_ENTRIES - 1));
}

/* Request: activated, composed, written, unmasked last; entry = oracle. */
static void request_queue(unsigned int k, unsigned int irq)
{
	struct irq_data *d = irq_get_irq_data(irq);
	struct msi_msg want, composed, cached;
	char name[32];

	snprintf(name, sizeof(name), "q%u", k);
	ck_assert_int_eq(request_irq(irq, count, 0, name, hits[irq]), 0);
	ck_assert(irqd_is_activated(d) && irqd_is_started(d) && !irqd_irq_masked(d));
	oracle_msg(irq, k, &want);
	get_cached_msi_msg(irq, &cached);
	ck_assert(cached.address_lo == want.address_lo && cached.address_hi == want.address_hi &&
		  cached.data == want.data);
	/* Composing again gives the same message, except on Hyper-V where
	 * every compose is a host round trip (DELETE, then a new CREATE). */
	if (pl->p != IRQLAB_PLATFORM_HYPERV) {
		ck_assert_int_eq(irq_chip_compose_msi_msg(d, &composed), 0);
		ck_assert(composed.address_lo == want.address_lo &&
			  composed.address_hi == want.address_hi && composed.data == want.data);
	}
	assert_entry_is(k, &want, 0);
}

/* Deliver: the device's write reaches the handler on the effective CPU. */
static void fire(unsigned int k, unsigned int irq)
{
	unsigned int cpu = eff_cpu(irq), before = hits[irq][cpu], all = total_hits(irq);

	ck_assert_int_eq(irqlab_pci_fn_raise(fn, k), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(total_hits(irq), all + 1);
	ck_assert_uint_eq(hits[irq][cpu], before + 1);
}

/*
 * Move @irq to @newcpu.  On x86 and Hyper-V the move is deferred to the
 * next interrupt (IRQCHIP_MOVE_DEFERRED); on the GIC it is immediate.
 * Only on x86 does the message change: the GIC moves the event with MOVI,
 * Hyper-V tells the host the new vector and vCPU with a RETARGET hypercall.
 */
static void move(unsigned int k, unsigned int irq, unsigned int newcpu)
{
	struct msi_msg before, after;
	unsigned int n;

	oracle_msg(irq, k, &before);
	ck_assert_int_eq(irq_set_affinity(irq, cpumask_of(newcpu)), 0);
	for (n = 0; n < 3 && eff_cpu(irq) != newcpu; n++)
		fire(k, irq);
	ck_assert_uint_eq(eff_cpu(irq), newcpu);
	fire(k, irq);
	ck_assert_uint_gt(hits[irq][newcpu], 0);
	oracle_msg(irq, k, &after);
	assert_entry_is(k, &after, 0);
	if (pl->p == IRQLAB_PLATFORM_X86)
		ck_assert(before.address_lo != after.address_lo || before.data != after.data);
	else
		ck_assert(before.address_lo == after.address_lo && before.data == after.data);
}

/*
 * Mask: disable_irq() masks the entry (lazily on x86: at the first
 * interrupt that arrives while disabled); a masked entry latches the event
 * in the PBA, and enable_irq() unmasks it, which sends it.  The resend of
 * the lazily caught interrupt and the released message hit the same
 * pending bit of the controller, so the handler runs once.
 */
static void mask_pending_unmask(unsigned int k, unsigned int irq)
{
	unsigned int all = total_hits(irq);

	disable_irq(irq);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, k), 0);
	irqlab_run_until_idle(tm);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, k), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(total_hits(irq), all);
	ck_assert(pf_pba(fn, k));
	ck_assert_uint_eq(pf_entry(fn, k).ctrl, PCI_MSIX_ENTRY_CTRL_MASKBIT);
	enable_irq(irq);
	irqlab_run_until_idle(tm);
	ck_assert(!pf_pba(fn, k));
	ck_assert_uint_eq(pf_entry(fn, k).ctrl, 0);
	ck_assert_uint_eq(total_hits(irq), all + 1);
}

START_TEST(test_msix_lifecycle)
{
	struct msi_msg zero = { 0 };
	unsigned int irqs[NQ], k, cpus_used = 0;
	char dom[1024];

	setup_platform(_i);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, NQ, NQ, PCI_IRQ_MSIX), NQ);
	check_allocated(irqs);
	for (k = 0; k < NQ; k++)
		request_queue(k, irqs[k]);
	for (k = 0; k < NQ; k++) {
		fire(k, irqs[k]);
		cpus_used |= 1u << eff_cpu(irqs[k]);
	}
	/* Non-managed vectors spread: more than one CPU takes interrupts. */
	ck_assert_uint_gt(__builtin_popcount(cpus_used), 1);
	move(0, irqs[0], (eff_cpu(irqs[0]) + 1) % NCPUS);
	mask_pending_unmask(1, irqs[1]);

	for (k = 0; k < NQ; k++) {
		free_irq(irqs[k], hits[irqs[k]]);
		/* Deactivated: masked, the all-zero message. */
		assert_entry_is(k, &zero, PCI_MSIX_ENTRY_CTRL_MASKBIT);
	}
	pci_free_irq_vectors(dev);
	ck_assert(!dev->msix_enabled);
	for (k = 0; k < NQ; k++)
		ck_assert_ptr_null(irq_to_desc(irqs[k]));
	/* Removal takes the per-device domain (and on Hyper-V the device's
	 * vPCI bus domain) away: the platform's own domains remain. */
	irqlab_pci_remove(dev);
	pf_domain_list(dom, sizeof(dom));
	ck_assert_str_eq(dom, domains_before_probe);
	ck_assert_no_log("WARNING");
	tm_destroy();
}
END_TEST

/* Managed vectors spread over the CPUs and survive CPU hotplug. */
START_TEST(test_managed_hotplug)
{
	struct irq_affinity affd = { 0 };
	unsigned int irqs[NQ], k;
	struct msi_msg want;

	setup_platform(_i);
	ck_assert_int_eq(pci_alloc_irq_vectors_affinity(dev, NQ, NQ,
							PCI_IRQ_MSIX | PCI_IRQ_AFFINITY, &affd),
			 NQ);
	for (k = 0; k < NQ; k++) {
		irqs[k] = (unsigned int)pci_irq_vector(dev, k);
		ck_assert(irqd_affinity_is_managed(irq_get_irq_data(irqs[k])));
		request_queue(k, irqs[k]);
		/* One CPU per queue: the spread mask is the effective CPU. */
		ck_assert_uint_eq(eff_cpu(irqs[k]), k);
		fire(k, irqs[k]);
	}
	/* CPU 2 goes: its managed queue shuts down, and comes back with it. */
	ck_assert_int_eq(irqlab_cpu_offline(tm, 2), 0);
	ck_assert(irqd_is_managed_and_shutdown(irq_get_irq_data(irqs[2])));
	ck_assert_int_eq(irqlab_cpu_online(tm, 2), 0);
	ck_assert(!irqd_is_managed_and_shutdown(irq_get_irq_data(irqs[2])));
	oracle_msg(irqs[2], 2, &want);
	assert_entry_is(2, &want, 0);
	fire(2, irqs[2]);
	ck_assert_uint_eq(hits[irqs[2]][2], 2);
	for (k = 0; k < NQ; k++)
		free_irq(irqs[k], hits[irqs[k]]);
	pci_free_irq_vectors(dev);
	irqlab_pci_remove(dev);
	ck_assert_no_log("WARNING");
	tm_destroy();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lifecycle");
	TCase *tc = tcase_create("platforms");

	tcase_add_loop_test(tc, test_msix_lifecycle, 0, ARRAY_SIZE(plats));
	tcase_add_loop_test(tc, test_managed_hotplug, 0, ARRAY_SIZE(plats));
	suite_add_tcase(s, tc);
	return tm_run_suite(s);
}
