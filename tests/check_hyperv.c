// SPDX-License-Identifier: MIT
/*
 * The Hyper-V platform: the requests the guest kernel sends the host
 * (read back from the host's request log), the messages the device holds
 * (MSI-X table over MMIO), delivery through the host, and the failure
 * modes: a failing or silent host, hibernation, eject.
 */
#include <stdio.h>
#include <string.h>

#include "pci_fixture.h"
#include "irqlab/hv.h"

#define BDF "7870:00:00.0"

static struct irqlab_pci_fn *fn;
static struct pci_dev *dev;
static unsigned long long calls[8];

static void setup(void)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 4, .platform = IRQLAB_PLATFORM_HYPERV };

	tm_create(&cfg);
	memset(calls, 0, sizeof(calls));
}

static void probe_msix(unsigned int entries)
{
	struct irqlab_pci_fn_config cfg = pf_msix_config(BDF, entries);

	dev = pf_probe(&cfg, &fn);
	pci_set_master(dev);
}

static irqreturn_t count_handler(int irq, void *id)
{
	(void)irq;
	(*(unsigned long long *)id)++;
	return IRQ_HANDLED;
}

static void request(unsigned int k)
{
	ck_assert_int_eq(request_irq((unsigned int)pci_irq_vector(dev, k), count_handler, 0, "hvq",
				     &calls[k]), 0);
}

static void unrequest(unsigned int k)
{
	free_irq((unsigned int)pci_irq_vector(dev, k), &calls[k]);
}

static void raise_and_run(unsigned int k)
{
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, k), 0);
	irqlab_run_until_idle(tm);
}

static struct irqlab_hv_request req(unsigned long seq)
{
	struct irqlab_hv_request r;

	ck_assert_int_eq(irqlab_hv_get_request(tm, seq, &r), 0);
	return r;
}

static void assert_create(unsigned long seq, u32 vector, u32 count, u32 cpu)
{
	struct irqlab_hv_request r = req(seq);

	ck_assert_int_eq(r.type, IRQLAB_HV_REQ_CREATE);
	ck_assert_uint_eq(r.vector, vector);
	ck_assert_uint_eq(r.vector_count, count);
	ck_assert_uint_eq(r.cpu, cpu);
	ck_assert_uint_eq(r.segment, 0x7870);
}

static void assert_delete_of(unsigned long seq, unsigned long create_seq)
{
	struct irqlab_hv_request r = req(seq), c = req(create_seq);

	ck_assert_int_eq(r.type, IRQLAB_HV_REQ_DELETE);
	ck_assert_uint_eq(r.address, c.address);
	ck_assert_uint_eq(r.data, c.data);
}

static void assert_retarget(unsigned long seq, u32 vector, u64 cpu_mask)
{
	struct irqlab_hv_request r = req(seq);

	ck_assert_int_eq(r.type, IRQLAB_HV_REQ_RETARGET);
	ck_assert_uint_eq(r.vector, vector);
	ck_assert_uint_eq(r.cpu_mask, cpu_mask);
	ck_assert_uint_eq(r.status, HV_STATUS_SUCCESS);
}

/* The device's table entry holds exactly the host's answer kept as chip_data. */
static void assert_entry_is_host_msg(unsigned int k)
{
	struct pf_entry e = pf_entry(fn, k);
	struct msi_msg msg;

	ck_assert_int_eq(irqlab_hv_irq_msg((unsigned int)pci_irq_vector(dev, k), &msg), 0);
	ck_assert_uint_eq(e.addr_lo, msg.address_lo);
	ck_assert_uint_eq(e.addr_hi, msg.address_hi);
	ck_assert_uint_eq(e.data, msg.data);
	ck_assert_uint_eq(msg.address_lo & 0xfff00000u, IRQLAB_HV_MSI_BASE);
}

START_TEST(test_alloc_affinity_free)
{
	struct irqlab_x86_irq_state st;
	struct irqlab_hv_request c;
	struct irqlab_hv_irte irte;
	struct pf_entry before, after;
	unsigned int irq;

	probe_msix(8);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	irq = (unsigned int)pci_irq_vector(dev, 0);
	/* Reservation mode: composed once with the reserved vector. */
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 1);
	assert_create(1, MANAGED_IRQ_SHUTDOWN_VECTOR, 1, 0);

	request(0);
	st = x86_state(irq);
	/* Real activation: DELETE + CREATE; startup's unmask: RETARGET. */
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 4);
	assert_delete_of(2, 1);
	assert_create(3, st.vector, 1, st.cpu);
	assert_retarget(4, st.vector, 1ULL << st.cpu);
	assert_entry_is_host_msg(0);
	c = req(3);
	ck_assert_uint_eq(pf_entry(fn, 0).data, c.data);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 1);

	raise_and_run(0);
	ck_assert_uint_eq(calls[0], 1);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, st.cpu), 1);

	/* Affinity: deferred to the next interrupt, then only a RETARGET. */
	before = pf_entry(fn, 0);
	ck_assert_int_eq(irq_set_affinity(irq, cpumask_of(2)), 0);
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 4);
	raise_and_run(0);
	st = x86_state(irq);
	ck_assert_uint_eq(st.cpu, 2);
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 5);
	assert_retarget(5, st.vector, 1ULL << 2);
	/* The message in the device did not change. */
	after = pf_entry(fn, 0);
	ck_assert_mem_eq(&before, &after, sizeof(before));
	/* The vCPU moved at the host, the physical CPU it picked did not. */
	ck_assert_int_eq(irqlab_hv_find_entry(tm, c.address, c.data, &irte), 0);
	ck_assert_uint_eq(irte.vcpu, 2);
	ck_assert_uint_eq(irte.vector, st.vector);
	ck_assert_uint_eq(irte.pcpu, c.cpu);
	raise_and_run(0);
	ck_assert_uint_eq(calls[0], 3);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 2), 1);

	/* Free: one DELETE of the live entry. */
	unrequest(0);
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 5);
	pci_free_irq_vectors(dev);
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 6);
	assert_delete_of(6, 3);
	ck_assert_uint_eq(req(6).status, HV_STATUS_SUCCESS);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 0);
	ck_assert_no_log("failed");
}
END_TEST

START_TEST(test_eject_and_reprobe)
{
	struct irqlab_pci_fn_config cfg = pf_msix_config(BDF, 8);

	probe_msix(8);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 2, 2, PCI_IRQ_MSIX), 2);
	request(0);
	/* creates: 1, 2 (alloc); 3 DELETE of 1, 4 CREATE, 5 RETARGET (request). */
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 5);
	unrequest(0);
	ck_assert_int_eq(irqlab_hv_eject(dev), 0);
	/* One DELETE per composed irq, in irq order. */
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 7);
	assert_delete_of(6, 4);
	assert_delete_of(7, 2);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 0);
	ck_assert_ptr_null(irqlab_pci_dev_find(tm, BDF));
	/* The eject of an installed bus logs nothing upstream. */
	ck_assert_no_log("EJECT");

	/* Offered again: a new bus, fresh creates. */
	ck_assert_int_eq(irqlab_pci_probe(tm, cfg.bdf, &dev), 0);
	pci_set_master(dev);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	request(0);
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 11);
	raise_and_run(0);
	ck_assert_uint_eq(calls[0], 1);
	unrequest(0);
	pci_free_irq_vectors(dev);
	ck_assert_int_eq(irqlab_hv_eject(dev), 0);
	ck_assert_int_eq(irqlab_hv_eject(NULL), -ENODEV);
}
END_TEST

/* The irq stays silent: no handler call, no count, no message in the device. */
static void assert_silent(unsigned int k)
{
	unsigned int irq = (unsigned int)pci_irq_vector(dev, k), cpu;
	struct pf_entry e = pf_entry(fn, k);
	struct msi_msg msg;

	ck_assert_int_eq(irqlab_hv_irq_msg(irq, &msg), -ENOENT);
	ck_assert_uint_eq(e.addr_lo, 0);
	ck_assert_uint_eq(e.addr_hi, 0);
	ck_assert_uint_eq(e.data, 0);
	raise_and_run(k);
	ck_assert_uint_eq(calls[k], 0);
	for (cpu = 0; cpu < 4; cpu++)
		ck_assert_uint_eq(kstat_irqs_cpu(irq, cpu), 0);
}

START_TEST(test_compose_fail)
{
	char text[96];
	unsigned long n;

	probe_msix(8);
	ck_assert_int_eq(irqlab_hv_set_compose(tm, IRQLAB_HV_COMPOSE_FAIL), 0);
	ck_assert_int_eq(irqlab_hv_set_fail_status(tm, 0xc0000184), 0);
	ck_assert_int_eq(irqlab_hv_set_fail_status(tm, 0x1), -EINVAL);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	request(0);
	ck_assert_log("Request for interrupt failed: 0xc0000184");
	snprintf(text, sizeof(text), "hv_irq_retarget_interrupt() can not unmask irq %d",
		 pci_irq_vector(dev, 0));
	ck_assert_log(text);
	/* Two creates (alloc, request), no DELETE: nothing was composed. */
	n = irqlab_hv_nr_requests(tm);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(req(1).type, IRQLAB_HV_REQ_CREATE);
	ck_assert_int_eq(req(2).type, IRQLAB_HV_REQ_CREATE);
	ck_assert_uint_eq(req(2).status, 0xc0000184);
	assert_silent(0);
	unrequest(0);
	pci_free_irq_vectors(dev);
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), n);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 0);
}
END_TEST

/*
 * The device vanishes (surprise removal) while compose waits for a host
 * that does not answer: the poll sees Vendor ID 0xffff, logs upstream's
 * "the device has gone" and gives up at once instead of spinning.
 */
START_TEST(test_compose_device_gone)
{
	unsigned long long t0;
	unsigned long drops;
	char text[96];
	struct msi_msg msg;
	unsigned int irq;

	probe_msix(8);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	irq = (unsigned int)pci_irq_vector(dev, 0);
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 1);
	ck_assert_int_eq(irqlab_hv_set_compose(tm, IRQLAB_HV_COMPOSE_NOREPLY), 0);
	ck_assert_int_eq(irqlab_pci_fn_set_present(fn, false), 0);
	t0 = irqlab_clock_ns(tm);
	request(0);
	ck_assert_log("the device has gone");
	snprintf(text, sizeof(text), "hv_irq_retarget_interrupt() can not unmask irq %u", irq);
	ck_assert_log(text);
	ck_assert_no_log("soft lockup");
	ck_assert_uint_lt(irqlab_clock_ns(tm) - t0, 1000000);
	ck_assert_int_eq(irqlab_hv_irq_msg(irq, &msg), -ENOENT);
	/* The old entry was deleted, the new create never answered. */
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 3);
	ck_assert_int_eq(req(2).type, IRQLAB_HV_REQ_DELETE);
	ck_assert_int_eq(req(3).type, IRQLAB_HV_REQ_CREATE);
	ck_assert(!req(3).answered);
	/*
	 * Back on the bus, it holds what it held when it vanished: the
	 * alloc-time message, still masked (the unmask went nowhere), so an
	 * event waits in the PBA and nothing reaches the host.
	 */
	ck_assert_int_eq(irqlab_pci_fn_set_present(fn, true), 0);
	drops = irqlab_hv_nr_dropped(tm);
	ck_assert_uint_eq(pf_entry(fn, 0).data, req(1).data);
	ck_assert_uint_eq(pf_entry(fn, 0).ctrl, PCI_MSIX_ENTRY_CTRL_MASKBIT);
	raise_and_run(0);
	ck_assert(pf_pba(fn, 0));
	ck_assert_uint_eq(calls[0], 0);
	ck_assert_uint_eq(irqlab_hv_nr_dropped(tm), drops);
	unrequest(0);
	pci_free_irq_vectors(dev);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 0);
}
END_TEST

START_TEST(test_compose_timeout)
{
	unsigned long long t0;

	probe_msix(8);
	ck_assert_int_eq(irqlab_hv_set_compose(tm, IRQLAB_HV_COMPOSE_NOREPLY), 0);
	ck_assert_int_eq(irqlab_hv_set_compose_timeout(tm, 1000000), 0);
	t0 = irqlab_clock_ns(tm);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	/* It polled in udelay(100) steps until the timeout. */
	ck_assert_uint_eq(irqlab_clock_ns(tm) - t0, 1000000);
	ck_assert_log("hv_compose_msi_msg: timed out");
	request(0);
	ck_assert_log("can not unmask irq");
	ck_assert_uint_eq(req(1).answered, false);
	ck_assert_uint_eq(req(2).answered, false);
	assert_silent(0);
	unrequest(0);
	pci_free_irq_vectors(dev);
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 2);

	/* Upstream has no timeout: irqlab stops the spin where the watchdog bites. */
	ck_assert_int_eq(irqlab_hv_set_compose_timeout(tm, 0), 0);
	t0 = irqlab_clock_ns(tm);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	ck_assert_uint_ge(irqlab_clock_ns(tm) - t0, 20000000000ULL);
	ck_assert_log("watchdog: BUG: soft lockup - CPU#0 stuck for 20s!");
	pci_free_irq_vectors(dev);
}
END_TEST

START_TEST(test_latency)
{
	unsigned long long t0;

	probe_msix(8);
	ck_assert_int_eq(irqlab_hv_set_latency(tm, 250000), 0);
	t0 = irqlab_clock_ns(tm);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	/* Polls at 0, 100, 200 us find nothing; the one at 300 us the answer. */
	ck_assert_uint_eq(irqlab_clock_ns(tm) - t0, 300000);
	ck_assert_uint_eq(req(1).answered, true);
	ck_assert_uint_eq(req(1).status, 0);
	request(0);
	assert_entry_is_host_msg(0);
	/* The DELETE is fire and forget: still in flight until the host runs. */
	raise_and_run(0);
	ck_assert_uint_eq(calls[0], 1);
	unrequest(0);
	pci_free_irq_vectors(dev);
	ck_assert_uint_eq(req(irqlab_hv_nr_requests(tm)).answered, false);
	irqlab_clock_advance(tm, 250000);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 0);
	ck_assert_no_log("failed");
}
END_TEST

START_TEST(test_hibernate_resume)
{
	struct pf_entry old[2];
	unsigned long n;
	unsigned int k;

	probe_msix(8);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 2, 2, PCI_IRQ_MSIX), 2);
	request(0);
	request(1);
	old[0] = pf_entry(fn, 0);
	old[1] = pf_entry(fn, 1);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 2);

	ck_assert_int_eq(irqlab_hv_hibernate(tm), 0);
	ck_assert_int_eq(irqlab_hv_hibernate(tm), -EALREADY);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 0);
	/* The old messages now hit nothing: dropped by the host. */
	raise_and_run(0);
	ck_assert_uint_eq(calls[0], 0);
	ck_assert_uint_eq(irqlab_hv_nr_dropped(tm), 1);

	n = irqlab_hv_nr_requests(tm);
	ck_assert_int_eq(irqlab_hv_resume(tm), 0);
	ck_assert_int_eq(irqlab_hv_resume(tm), -EALREADY);
	/*
	 * hv_pci_restore_msi_msg() only composes: per vector the DELETE of the
	 * stale entry and a CREATE with the current vector and CPU, no RETARGET.
	 */
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), n + 4);
	for (k = 0; k < 2; k++) {
		unsigned int irq = (unsigned int)pci_irq_vector(dev, k);
		struct irqlab_x86_irq_state st = x86_state(irq);
		struct irqlab_hv_request c = req(n + 2 + 2 * k);
		struct irqlab_hv_irte irte;

		ck_assert_int_eq(req(n + 1 + 2 * k).type, IRQLAB_HV_REQ_DELETE);
		ck_assert_uint_eq(req(n + 1 + 2 * k).status, HV_STATUS_INVALID_PARAMETER);
		assert_create(n + 2 + 2 * k, st.vector, 1, st.cpu);
		assert_entry_is_host_msg(k);
		ck_assert_uint_ne(pf_entry(fn, k).data, old[k].data);
		/* The host's entry delivers where the CREATE said. */
		ck_assert_int_eq(irqlab_hv_find_entry(tm, c.address, c.data, &irte), 0);
		ck_assert_uint_eq(irte.vcpu, st.cpu);
		ck_assert_uint_eq(irte.vector, st.vector);
		raise_and_run(k);
		ck_assert_uint_eq(calls[k], 1);
		ck_assert_uint_eq(kstat_irqs_cpu(irq, st.cpu), 1);
	}
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 2);
	ck_assert_no_log("failed");
	unrequest(0);
	unrequest(1);
	pci_free_irq_vectors(dev);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 0);
}
END_TEST

static bool proc_interrupts_has(const char *text)
{
	struct seq_file s;
	bool ret;

	seq_init(&s);
	ck_assert_int_eq(irqlab_vfs_read(tm, "/proc/interrupts", &s), 0);
	ret = strstr(seq_text(&s), text) != NULL;
	seq_release_buf(&s);
	return ret;
}

/*
 * Each answer on the channel interrupts CPU 0 with the hypervisor callback
 * vector (the HYP row); answers that arrive before the CPU runs coalesce
 * in its IRR, as on Hyper-V.  Bare x86 has no such row.
 */
START_TEST(test_hyp_row_counts_channel_messages)
{
	ck_assert_uint_eq(irqlab_x86_sysvec_count(tm, 0, HYPERVISOR_CALLBACK_VECTOR), 0);
	probe_msix(8);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 2, 2, PCI_IRQ_MSIX), 2);
	irqlab_run_until_idle(tm);
	/* Two CREATEs answered before CPU 0 ran: one interrupt. */
	ck_assert_uint_eq(irqlab_x86_sysvec_count(tm, 0, HYPERVISOR_CALLBACK_VECTOR), 1);
	request(0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(irqlab_x86_sysvec_count(tm, 0, HYPERVISOR_CALLBACK_VECTOR), 2);
	ck_assert_uint_eq(irqlab_x86_sysvec_count(tm, 1, HYPERVISOR_CALLBACK_VECTOR), 0);
	ck_assert(proc_interrupts_has("HYP:          2          0          0          0   "
				      "Hypervisor callback interrupts"));
	/* No reply, no message: no interrupt. */
	unrequest(0);
	pci_free_irq_vectors(dev);
	irqlab_hv_set_compose(tm, IRQLAB_HV_COMPOSE_NOREPLY);
	irqlab_hv_set_compose_timeout(tm, 1000000);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(irqlab_x86_sysvec_count(tm, 0, HYPERVISOR_CALLBACK_VECTOR), 2);
	pci_free_irq_vectors(dev);
	tm_destroy();
	{
		struct irqlab_machine_config cfg = { .nr_cpus = 2, .platform = IRQLAB_PLATFORM_X86 };

		tm_create(&cfg);
	}
	ck_assert(!proc_interrupts_has("HYP:"));
}
END_TEST

START_TEST(test_names)
{
	probe_msix(8);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	request(0);
	ck_assert(proc_interrupts_has(" HV-PCI-MSIX-7870:00:00.0   0-edge      hvq"));
	unrequest(0);
	pci_free_irq_vectors(dev);
	ck_assert_int_eq(irqlab_hv_eject(dev), 0);

	ck_assert_int_eq(irqlab_hv_set_legacy_names(tm, true), 0);
	ck_assert_int_eq(irqlab_pci_probe(tm, BDF, &dev), 0);
	pci_set_master(dev);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	request(0);
	ck_assert(proc_interrupts_has(" Hyper-V PCIe MSI   0-edge      hvq"));
	ck_assert(!proc_interrupts_has("HV-PCI-MSIX"));
	unrequest(0);
	pci_free_irq_vectors(dev);
}
END_TEST

START_TEST(test_multi_msi)
{
	struct irqlab_pci_fn_config cfg = pf_msi_config(BDF, 4, true, true);
	struct irqlab_hv_request c;
	unsigned int k;

	dev = pf_probe(&cfg, &fn);
	pci_set_master(dev);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 4, 4, PCI_IRQ_MSI), 4);
	/* One CREATE for the block; the others reuse it. */
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 1);
	c = req(1);
	ck_assert_int_eq(c.type, IRQLAB_HV_REQ_CREATE);
	ck_assert_uint_eq(c.vector_count, 4);
	ck_assert_uint_eq(c.vector, FIRST_EXTERNAL_VECTOR);
	/* The round robin of dummy vCPUs starts at CPU 0 (cpu_next = -1). */
	ck_assert_uint_eq(c.cpu, 0);
	ck_assert_uint_eq(c.data % 4, 0);
	ck_assert_uint_eq(pf_cfg(fn, dev->msi_cap + PCI_MSI_ADDRESS_LO, 4), c.address);
	ck_assert_uint_eq(pf_cfg(fn, dev->msi_cap + PCI_MSI_DATA_64, 2), c.data);
	for (k = 0; k < 4; k++)
		request(k);
	/* Each vector's unmask retargets its own entry (data + k). */
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 5);
	for (k = 0; k < 4; k++) {
		struct irqlab_x86_irq_state st = x86_state((unsigned int)pci_irq_vector(dev, k));
		struct irqlab_hv_request r = req(2 + k);

		ck_assert_int_eq(r.type, IRQLAB_HV_REQ_RETARGET);
		ck_assert_uint_eq(r.data, c.data + k);
		ck_assert_uint_eq(r.vector, st.vector);
		ck_assert_uint_eq(r.status, HV_STATUS_SUCCESS);
	}
	for (k = 0; k < 4; k++)
		raise_and_run(k);
	for (k = 0; k < 4; k++)
		ck_assert_uint_eq(calls[k], 1);
	for (k = 0; k < 4; k++)
		unrequest(k);
	pci_free_irq_vectors(dev);
	/* One DELETE for the block. */
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 6);
	assert_delete_of(6, 1);
	ck_assert_uint_eq(req(6).vector_count, 4);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 0);

	/* The next multi-MSI device's block goes to the next vCPU. */
	{
		struct irqlab_pci_fn_config cfg2 = pf_msi_config("7871:00:00.0", 2, true, true);
		struct irqlab_pci_fn *fn2;
		struct pci_dev *dev2 = pf_probe(&cfg2, &fn2);

		pci_set_master(dev2);
		ck_assert_int_eq(pci_alloc_irq_vectors(dev2, 2, 2, PCI_IRQ_MSI), 2);
		ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 7);
		c = req(7);
		ck_assert_int_eq(c.type, IRQLAB_HV_REQ_CREATE);
		ck_assert_uint_eq(c.vector_count, 2);
		ck_assert_uint_eq(c.segment, 0x7871);
		ck_assert_uint_eq(c.cpu, 1);
		pci_free_irq_vectors(dev2);
	}
}
END_TEST

/* ---- IRTE reuse before and after the Nov 2022 fix ---------------------------- */

/* The host's entry behind an irq's chip_data. */
static struct irqlab_hv_irte irte_of(unsigned int k)
{
	struct irqlab_hv_irte e;
	struct msi_msg msg;

	ck_assert_int_eq(irqlab_hv_irq_msg((unsigned int)pci_irq_vector(dev, k), &msg), 0);
	ck_assert_int_eq(irqlab_hv_find_entry(tm, (u64)msg.address_hi << 32 | msg.address_lo,
					      msg.data, &e), 0);
	return e;
}

/* Four MSI-X queues, queue k affine to CPU k before request_irq(). */
static void four_queues(void)
{
	unsigned int k;

	probe_msix(8);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 4, 4, PCI_IRQ_MSIX), 4);
	/* Reservation mode: the alloc-time composes, all on vCPU 0. */
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 4);
	for (k = 0; k < 4; k++) {
		assert_create(k + 1, MANAGED_IRQ_SHUTDOWN_VECTOR, 1, 0);
		ck_assert_int_eq(irq_set_affinity((unsigned int)pci_irq_vector(dev, k),
						  cpumask_of(k)), 0);
	}
	for (k = 0; k < 4; k++)
		request(k);
}

/* Each queue still fires on its own guest CPU. */
static void assert_delivery_per_cpu(void)
{
	unsigned int k;

	for (k = 0; k < 4; k++) {
		unsigned int irq = (unsigned int)pci_irq_vector(dev, k);

		ck_assert_uint_eq(cpumask_first(irq_data_get_effective_affinity_mask(
					  irq_get_irq_data(irq))), k);
		raise_and_run(k);
		ck_assert_uint_eq(calls[k], 1);
		ck_assert_uint_eq(kstat_irqs_cpu(irq, k), 1);
	}
}

START_TEST(test_irte_reuse_all_pins_pcpu0)
{
	unsigned long seq;
	unsigned int k;

	ck_assert_int_eq(irqlab_hv_set_irte_reuse(tm, true), 0);
	four_queues();
	/* b4b77778ecc5: the request-time compose sends nothing; only RETARGETs. */
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 8);
	for (seq = 1; seq <= 8; seq++)
		ck_assert_int_ne(req(seq).type, IRQLAB_HV_REQ_DELETE);
	for (k = 0; k < 4; k++) {
		struct irqlab_x86_irq_state st = x86_state((unsigned int)pci_irq_vector(dev, k));
		struct irqlab_hv_irte e = irte_of(k);

		assert_retarget(5 + k, st.vector, 1ULL << k);
		/* The message the device holds is still the alloc-time one. */
		ck_assert_uint_eq(pf_entry(fn, k).data, req(k + 1).data);
		assert_entry_is_host_msg(k);
		/* The vCPUs are spread; the host's pCPU stays at vCPU 0's. */
		ck_assert_uint_eq(e.vcpu, k);
		ck_assert_uint_eq(e.vector, st.vector);
		ck_assert_uint_eq(e.pcpu, 0);
	}
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 4);
	assert_delivery_per_cpu();
	ck_assert_no_log("failed");
	for (k = 0; k < 4; k++)
		unrequest(k);
	pci_free_irq_vectors(dev);
	/* Free still deletes each entry. */
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 12);
	for (k = 0; k < 4; k++)
		assert_delete_of(9 + k, k + 1);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 0);
}
END_TEST

START_TEST(test_irte_reuse_multi_spreads_pcpus)
{
	unsigned int k;

	/* The default; setting it explicitly is the same. */
	ck_assert_int_eq(irqlab_hv_set_irte_reuse(tm, false), 0);
	four_queues();
	/* Each request: DELETE of the alloc-time entry, CREATE on CPU k, RETARGET. */
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 4 + 4 * 3);
	for (k = 0; k < 4; k++) {
		unsigned long base = 5 + 3 * k;
		struct irqlab_x86_irq_state st = x86_state((unsigned int)pci_irq_vector(dev, k));
		struct irqlab_hv_irte e = irte_of(k);

		assert_delete_of(base, k + 1);
		assert_create(base + 1, st.vector, 1, k);
		assert_retarget(base + 2, st.vector, 1ULL << k);
		ck_assert_uint_eq(e.vcpu, k);
		ck_assert_uint_eq(e.pcpu, k);
	}
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 4);
	assert_delivery_per_cpu();
	for (k = 0; k < 4; k++)
		unrequest(k);
	pci_free_irq_vectors(dev);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 0);
}
END_TEST

/* Before the fix a multi-MSI block's dummy vCPU was the usual one, not a round robin. */
START_TEST(test_irte_reuse_all_multi_msi_cpu)
{
	static const char *const bdf[2] = { "7870:00:00.0", "7871:00:00.0" };
	struct pci_dev *devs[2];
	unsigned int i;

	ck_assert_int_eq(irqlab_hv_set_irte_reuse(tm, true), 0);
	for (i = 0; i < 2; i++) {
		struct irqlab_pci_fn_config cfg = pf_msi_config(bdf[i], 2, true, true);
		struct irqlab_pci_fn *f;
		struct irqlab_hv_request c;

		devs[i] = pf_probe(&cfg, &f);
		pci_set_master(devs[i]);
		ck_assert_int_eq(pci_alloc_irq_vectors(devs[i], 2, 2, PCI_IRQ_MSI), 2);
		ck_assert_uint_eq(irqlab_hv_nr_requests(tm), i + 1);
		c = req(i + 1);
		ck_assert_int_eq(c.type, IRQLAB_HV_REQ_CREATE);
		ck_assert_uint_eq(c.vector_count, 2);
		/* Both on vCPU 0: the fixed kernel gives the second block vCPU 1. */
		ck_assert_uint_eq(c.cpu, 0);
	}
	for (i = 0; i < 2; i++)
		pci_free_irq_vectors(devs[i]);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 0);
}
END_TEST

/*
 * Resume recomposes, but in the old mode an MSI-X irq gets its stale cached
 * message back: nothing is sent and the host, which forgot the entry, drops
 * the device's writes.
 */
START_TEST(test_irte_reuse_all_resume_keeps_stale)
{
	struct pf_entry before;
	unsigned long n;

	ck_assert_int_eq(irqlab_hv_set_irte_reuse(tm, true), 0);
	probe_msix(8);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	request(0);
	before = pf_entry(fn, 0);
	ck_assert_int_eq(irqlab_hv_hibernate(tm), 0);
	n = irqlab_hv_nr_requests(tm);
	ck_assert_int_eq(irqlab_hv_resume(tm), 0);
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), n);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 0);
	ck_assert_uint_eq(pf_entry(fn, 0).data, before.data);
	raise_and_run(0);
	ck_assert_uint_eq(calls[0], 0);
	ck_assert_uint_eq(irqlab_hv_nr_dropped(tm), 1);
	unrequest(0);
	pci_free_irq_vectors(dev);
}
END_TEST

/* irqlab_hv_get_entry() walks the live entries; bad input changes nothing. */
START_TEST(test_get_entry)
{
	struct irqlab_hv_irte e, seen[2];
	unsigned int k;

	probe_msix(8);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 2, 2, PCI_IRQ_MSIX), 2);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 2);
	for (k = 0; k < 2; k++) {
		ck_assert_int_eq(irqlab_hv_get_entry(tm, k, &seen[k]), 0);
		ck_assert_uint_eq(seen[k].data, req(k + 1).data);
		ck_assert_uint_eq(seen[k].address, req(k + 1).address);
		ck_assert_uint_eq(seen[k].segment, 0x7870);
	}
	memset(&e, 0x5a, sizeof(e));
	ck_assert_int_eq(irqlab_hv_get_entry(tm, 2, &e), -ENOENT);
	ck_assert_uint_eq(e.data, 0x5a5a5a5au);
	ck_assert_int_eq(irqlab_hv_get_entry(tm, 0, NULL), -EINVAL);
	pci_free_irq_vectors(dev);
	ck_assert_int_eq(irqlab_hv_get_entry(tm, 0, &e), -ENOENT);
}
END_TEST

START_TEST(test_not_hyperv)
{
	struct msi_msg msg;

	tm_destroy();
	tm_create(NULL);
	ck_assert_int_eq(irqlab_hv_set_compose(tm, IRQLAB_HV_COMPOSE_FAIL), -ENODEV);
	ck_assert_int_eq(irqlab_hv_hibernate(tm), -ENODEV);
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), 0);
	ck_assert_int_eq(irqlab_hv_irq_msg(1, &msg), -EINVAL);
	/* The exceptions to -ENODEV the header lists. */
	{
		struct irqlab_hv_retarget p = { .vp_set = cpumask_of(0) };
		struct irqlab_hv_pkt pkt = { .type = PCI_CREATE_INTERRUPT_MESSAGE2 };
		struct irqlab_vmbus_channel *ch = NULL;
		u8 guid[16] = { 0 };
		u64 tid;

		ck_assert_uint_eq(irqlab_hv_do_hypercall_retarget(tm, &p), HV_STATUS_INVALID_PARAMETER);
		ck_assert_int_eq(irqlab_vmbus_open(tm, guid, &ch), -ENODEV);
		ck_assert_ptr_null(ch);
		ck_assert_int_eq(irqlab_vmbus_sendpacket(NULL, &pkt, &tid), -EINVAL);
	}
	ck_assert_int_eq(irqlab_hv_set_latency(tm, 1), -ENODEV);
	ck_assert_int_eq(irqlab_hv_set_fail_status(tm, 0xc0000001u), -ENODEV);
	ck_assert_int_eq(irqlab_hv_set_compose_timeout(tm, 1), -ENODEV);
	ck_assert_int_eq(irqlab_hv_set_irte_reuse(tm, true), -ENODEV);
	{
		struct irqlab_hv_irte e;

		ck_assert_int_eq(irqlab_hv_get_entry(tm, 0, &e), -ENODEV);
	}
	ck_assert_uint_eq(irqlab_hv_nr_dropped(tm), 0);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 0);
	ck_assert_int_eq(irqlab_hv_resume(tm), -ENODEV);
}
END_TEST

/* ---- the host's data values ------------------------------------------------- */

static struct irqlab_vmbus_channel *host_channel(void)
{
	static const u8 guid[16] = { 1, 2, 3, 4, 0x34, 0x12, 7, 8 };
	struct irqlab_vmbus_channel *ch;

	ck_assert_int_eq(irqlab_vmbus_open(tm, guid, &ch), 0);
	return ch;
}

/* A CREATE on vCPU 0 straight to the host; its completion. */
static struct irqlab_hv_completion host_create(struct irqlab_vmbus_channel *ch, u16 count)
{
	struct irqlab_hv_pkt pkt = {
		.type = PCI_CREATE_INTERRUPT_MESSAGE2,
		.vector = 0x30,
		.vector_count = count,
		.delivery_mode = APIC_DELIVERY_MODE_FIXED,
	};
	struct irqlab_hv_completion comp;
	u64 tid;

	ck_assert_int_eq(irqlab_vmbus_sendpacket(ch, &pkt, &tid), 0);
	ck_assert_int_eq(irqlab_vmbus_poll(ch, tid, &comp), 0);
	return comp;
}

static void host_delete(struct irqlab_vmbus_channel *ch, const struct tran_int_desc *d)
{
	struct irqlab_hv_pkt pkt = { .type = PCI_DELETE_INTERRUPT_MESSAGE, .int_desc = *d };
	u64 tid;

	ck_assert_int_eq(irqlab_vmbus_sendpacket(ch, &pkt, &tid), 0);
}

START_TEST(test_host_data_wrap_skips_live)
{
	struct irqlab_vmbus_channel *ch = host_channel();
	struct irqlab_hv_completion live = host_create(ch, 1), c;
	u32 prev = live.int_desc.data;
	unsigned int i;
	bool wrapped = false;

	ck_assert_int_eq(live.status, 0);
	ck_assert_uint_eq(live.int_desc.data, 0x40);
	/* Churn blocks of 32 past the end of the 16-bit data space. */
	for (i = 0; i < 2100; i++) {
		c = host_create(ch, 32);
		ck_assert_int_eq(c.status, 0);
		ck_assert_uint_eq(c.int_desc.address, live.int_desc.address);
		ck_assert_uint_eq(c.int_desc.data % 32, 0);
		ck_assert_uint_le(c.int_desc.data + 32, 0x10000);
		/* Never a range holding the live entry's data. */
		ck_assert(live.int_desc.data < c.int_desc.data ||
			  live.int_desc.data >= c.int_desc.data + 32);
		if (c.int_desc.data < prev) {
			/* Wrapped: the first free aligned block after 0x40's. */
			ck_assert_uint_eq(c.int_desc.data, 0x60);
			wrapped = true;
		}
		prev = c.int_desc.data;
		host_delete(ch, &c.int_desc);
		ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 1);
	}
	ck_assert(wrapped);
	irqlab_vmbus_close(ch);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 0);
}
END_TEST

START_TEST(test_host_data_exhausted)
{
	struct irqlab_vmbus_channel *ch = host_channel();
	struct irqlab_hv_pkt pkt = { .type = PCI_CREATE_INTERRUPT_MESSAGE2, .vector_count = 33 };
	struct irqlab_hv_completion c, tenth = { 0 };
	unsigned long n;
	unsigned int i;
	u64 tid;

	/* A create covers at most 32 vectors (multi-MSI). */
	n = irqlab_hv_nr_requests(tm);
	ck_assert_int_eq(irqlab_vmbus_sendpacket(ch, &pkt, &tid), -EINVAL);
	pkt.vector_count = 0xffff;
	ck_assert_int_eq(irqlab_vmbus_sendpacket(ch, &pkt, &tid), -EINVAL);
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), n);

	/* [0x40, 0xffff] holds 2046 blocks of 32; then the host has none left. */
	for (i = 0; i < 2046; i++) {
		c = host_create(ch, 32);
		ck_assert_int_eq(c.status, 0);
		if (i == 9)
			tenth = c;
	}
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 2046 * 32);
	c = host_create(ch, 32);
	ck_assert_int_eq(c.status, (s32)IRQLAB_HV_STATUS_INSUFFICIENT_RESOURCES);
	ck_assert_uint_eq(c.int_desc.vector_count, 0);
	ck_assert_uint_eq(req(irqlab_hv_nr_requests(tm)).status,
			  IRQLAB_HV_STATUS_INSUFFICIENT_RESOURCES);
	c = host_create(ch, 1);
	ck_assert_int_eq(c.status, (s32)IRQLAB_HV_STATUS_INSUFFICIENT_RESOURCES);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 2046 * 32);

	/* A freed block is the one free range again. */
	host_delete(ch, &tenth.int_desc);
	c = host_create(ch, 32);
	ck_assert_int_eq(c.status, 0);
	ck_assert_uint_eq(c.int_desc.data, tenth.int_desc.data);
	irqlab_vmbus_close(ch);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 0);
}
END_TEST

/* ---- eject and resume while hibernated ---------------------------------------- */

START_TEST(test_eject_while_hibernated)
{
	char guid[37], text[96];
	unsigned long n;

	probe_msix(8);
	ck_assert_int_eq(irqlab_hv_bus_guid(dev, guid), 0);
	ck_assert_int_eq(irqlab_hv_hibernate(tm), 0);
	n = irqlab_hv_nr_requests(tm);
	/* hv_pci_eject_device(): the removing bus ignores it; the device stays. */
	ck_assert_int_eq(irqlab_hv_eject(dev), -EBUSY);
	snprintf(text, sizeof(text), "hv_pci %s: PCI VMBus EJECT: ignored", guid);
	ck_assert_log(text);
	ck_assert_ptr_eq(irqlab_pci_dev_find(tm, BDF), dev);
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), n);
	ck_assert_int_eq(irqlab_hv_resume(tm), 0);
	/* Installed again: the eject goes through. */
	ck_assert_int_eq(irqlab_hv_eject(dev), 0);
	ck_assert_ptr_null(irqlab_pci_dev_find(tm, BDF));
}
END_TEST

/* A second device, on its own vPCI bus (segment 0x7871), one vector requested. */
static struct pci_dev *probe_second(struct irqlab_pci_fn **fn2, unsigned long long *count)
{
	struct irqlab_pci_fn_config cfg = pf_msix_config("7871:00:00.0", 4);
	struct pci_dev *d = pf_probe(&cfg, fn2);

	pci_set_master(d);
	ck_assert_int_eq(pci_alloc_irq_vectors(d, 1, 1, PCI_IRQ_MSIX), 1);
	ck_assert_int_eq(request_irq((unsigned int)pci_irq_vector(d, 0), count_handler, 0, "hv2",
				     count), 0);
	return d;
}

START_TEST(test_resume_open_fails)
{
	struct irqlab_pci_fn *fn2;
	struct pci_dev *dev2;
	unsigned long long calls2 = 0;
	unsigned long n;
	long live;

	probe_msix(8);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	request(0);
	dev2 = probe_second(&fn2, &calls2);
	ck_assert_int_eq(irqlab_hv_hibernate(tm), 0);
	live = irqlab_alloc_live();
	n = irqlab_hv_nr_requests(tm);

	/* The second bus's channel cannot be opened: nothing changes. */
	irqlab_fail_nth_alloc(2);
	ck_assert_int_eq(irqlab_hv_resume(tm), -ENOMEM);
	ck_assert(irqlab_alloc_fault_hit());
	irqlab_fail_nth_alloc(0);
	ck_assert_int_eq(irqlab_alloc_live(), live); /* the first bus's channel closed */
	ck_assert_uint_eq(irqlab_hv_nr_requests(tm), n);
	ck_assert_int_eq(irqlab_hv_hibernate(tm), -EALREADY);
	ck_assert_int_eq(irqlab_hv_eject(dev), -EBUSY); /* still removing */

	/* A retry is clean: one channel per bus (hibernating closes them all)... */
	ck_assert_int_eq(irqlab_hv_resume(tm), 0);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 2);
	ck_assert_int_eq(irqlab_hv_hibernate(tm), 0);
	ck_assert_int_eq(irqlab_alloc_live(), live);
	/* ... and every device works. */
	ck_assert_int_eq(irqlab_hv_resume(tm), 0);
	raise_and_run(0);
	ck_assert_uint_eq(calls[0], 1);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn2, 0), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(calls2, 1);

	free_irq((unsigned int)pci_irq_vector(dev2, 0), &calls2);
	pci_free_irq_vectors(dev2);
	unrequest(0);
	pci_free_irq_vectors(dev);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 0);
	ck_assert_no_log("failed");
}
END_TEST

START_TEST(test_probe_while_hibernated)
{
	struct irqlab_pci_fn *fn2;
	struct pci_dev *dev2;
	unsigned long long calls2 = 0;
	long live;

	probe_msix(8);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	request(0);
	ck_assert_int_eq(irqlab_hv_hibernate(tm), 0);
	/* Offered while hibernated: its bus opens its channel at probe. */
	dev2 = probe_second(&fn2, &calls2);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 1);
	live = irqlab_alloc_live();
	/* Resume opens only the first bus's channel; the second keeps its own. */
	ck_assert_int_eq(irqlab_hv_resume(tm), 0);
	ck_assert_int_eq(irqlab_alloc_live(), live + 1);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 2);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn2, 0), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(calls2, 1);
	raise_and_run(0);
	ck_assert_uint_eq(calls[0], 1);
	free_irq((unsigned int)pci_irq_vector(dev2, 0), &calls2);
	pci_free_irq_vectors(dev2);
	unrequest(0);
	pci_free_irq_vectors(dev);
	ck_assert_uint_eq(irqlab_hv_nr_entries(tm), 0);
	ck_assert_no_log("failed");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hyperv");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, tm_destroy);
	tcase_add_test(tc, test_alloc_affinity_free);
	tcase_add_test(tc, test_eject_and_reprobe);
	tcase_add_test(tc, test_compose_fail);
	tcase_add_test(tc, test_compose_timeout);
	tcase_add_test(tc, test_compose_device_gone);
	tcase_add_test(tc, test_latency);
	tcase_add_test(tc, test_hibernate_resume);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_hyp_row_counts_channel_messages);
	tcase_add_test(tc, test_multi_msi);
	tcase_add_test(tc, test_irte_reuse_all_pins_pcpu0);
	tcase_add_test(tc, test_irte_reuse_multi_spreads_pcpus);
	tcase_add_test(tc, test_irte_reuse_all_multi_msi_cpu);
	tcase_add_test(tc, test_irte_reuse_all_resume_keeps_stale);
	tcase_add_test(tc, test_get_entry);
	tcase_add_test(tc, test_not_hyperv);
	tcase_add_test(tc, test_host_data_wrap_skips_live);
	tcase_add_test(tc, test_host_data_exhausted);
	tcase_add_test(tc, test_eject_while_hibernated);
	tcase_add_test(tc, test_resume_open_fails);
	tcase_add_test(tc, test_probe_while_hibernated);
	suite_add_tcase(s, tc);
	return tm_run_suite(s);
}
