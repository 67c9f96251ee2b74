// SPDX-License-Identifier: MIT
/*
 * PCI MSI: per-vector masking and pending bits, multi-vector MSI (the
 * device puts the vector number in the low data bits), the x86 parent's
 * refusal of multi-MSI, and the non-maskable MSI affinity race, with the
 * device firing between two of the kernel's register writes.
 */
#include <stdio.h>
#include <string.h>

#include "msi_parent.h"
#include "pci_fixture.h"
#include "irqlab/matrix.h"

#define MSI_BDF "0000:00:07.0"

static struct irqlab_pci_fn *fn;
static struct pci_dev *dev;

static struct pci_dev *probe_msi(unsigned int vectors, bool addr64, bool pvm)
{
	struct irqlab_pci_fn_config cfg = pf_msi_config(MSI_BDF, vectors, addr64, pvm);

	dev = pf_probe(&cfg, &fn);
	pci_set_master(dev);
	return dev;
}

static u32 msi_reg(unsigned int off, unsigned int size)
{
	return pf_cfg(fn, dev->msi_cap + off, size);
}

/* Address and data as the 64-bit capability holds them. */
static void assert_msg64(u32 addr, u16 data)
{
	ck_assert_uint_eq(msi_reg(PCI_MSI_ADDRESS_LO, 4), addr);
	ck_assert_uint_eq(msi_reg(PCI_MSI_ADDRESS_HI, 4), 0);
	ck_assert_uint_eq(msi_reg(PCI_MSI_DATA_64, 2), data);
}

static unsigned int intx_hits;

/* A driver's INTx handler: acknowledge in the device, which drops the line. */
static irqreturn_t intx_handler(int irq, void *dev_id)
{
	(void)irq;
	intx_hits++;
	irqlab_pci_fn_intx(dev_id, false);
	return IRQ_HANDLED;
}

/*
 * A function whose MSI is broken (cases.md section 3): MSI programs fine and
 * the irq looks healthy, but no event ever leaves the device; the nvme fix
 * is to leave PCI_IRQ_MSI out of the allocation, landing on INTx.
 */
START_TEST(test_broken_msi_falls_back_to_intx)
{
	struct irqlab_pci_fn_config cfg = pf_msi_config(MSI_BDF, 1, true, true);
	struct irqlab_pci_fn_stats st;
	unsigned int irq;

	cfg.msi.broken = true;
	dev = pf_probe(&cfg, &fn);
	pci_set_master(dev);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI | PCI_IRQ_INTX), 1);
	ck_assert(dev->msi_enabled);
	irq = (unsigned int)pci_irq_vector(dev, 0);
	ck_assert_int_eq(x86_request(irq), 0);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 0), 0);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 1), -EINVAL);
	irqlab_run_until_idle(tm);
	st = pf_stats(fn);
	ck_assert_uint_eq(st.msgs_broken, 1);
	ck_assert_uint_eq(st.msgs_sent, 0);
	ck_assert_uint_eq(x86_hits[irq], 0);
	x86_free(irq);
	pci_free_irq_vectors(dev);

	/* The quirk: ALL_TYPES & ~MSI, so INTx through the IO-APIC. */
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_INTX), 1);
	irq = (unsigned int)pci_irq_vector(dev, 0);
	ck_assert_uint_eq(irq, dev->irq);
	ck_assert(!dev->msi_enabled);
	intx_hits = 0;
	ck_assert_int_eq(request_irq(irq, intx_handler, 0, "nvme0q0", fn), 0);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 0), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(intx_hits, 1);
	ck_assert_uint_eq(pf_stats(fn).msgs_broken, 1);
	free_irq(irq, fn);
	pci_free_irq_vectors(dev);
}
END_TEST

START_TEST(test_maskable_msi)
{
	struct pf_snapshot s0, s1;
	unsigned int irq, intx;
	struct irqlab_x86_irq_state st;
	struct irq_data *d;

	probe_msi(1, true, true);
	intx = dev->irq;
	pf_snapshot_take(&s0, fn);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI), 1);
	irq = (unsigned int)pci_irq_vector(dev, 0);
	ck_assert_uint_eq(dev->irq, irq);
	ck_assert_int_eq(pci_irq_vector(dev, 1), -EINVAL);
	ck_assert(dev->msi_enabled && !dev->msix_enabled);
	ck_assert_uint_eq(pf_msi_ctrl(dev) & (PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE),
			  PCI_MSI_FLAGS_ENABLE);
	ck_assert(pf_command(dev) & PCI_COMMAND_INTX_DISABLE);
	d = irq_get_irq_data(irq);
	ck_assert_str_eq(d->chip->name, "PCI-MSI-" MSI_BDF);
	ck_assert_str_eq(d->domain->name, "PCI-MSI-" MSI_BDF "-11");
	/* Maskable: reservation mode, masked, shutdown vector until request. */
	ck_assert_uint_eq(msi_reg(PCI_MSI_MASK_64, 4), 1);
	assert_msg64(pf_msg_addr(0), MANAGED_IRQ_SHUTDOWN_VECTOR);
	ck_assert(!irqd_is_activated(d) && irqd_can_reserve(d));
	ck_assert_str_eq(irqlab_pci_msi_mode(dev), "msi");

	ck_assert_int_eq(x86_request(irq), 0);
	st = x86_state(irq);
	assert_msg64(pf_msg_addr(st.cpu), (u16)st.vector);
	ck_assert_uint_eq(msi_reg(PCI_MSI_MASK_64, 4), 0);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 0), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 1);
	ck_assert_uint_eq(x86_hit_cpu[irq], st.cpu);

	/* Masked: the event waits in the Pending register. */
	pci_msi_mask_irq(d);
	ck_assert_uint_eq(msi_reg(PCI_MSI_MASK_64, 4), 1);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 0), 0);
	ck_assert_uint_eq(msi_reg(PCI_MSI_PENDING_64, 4), 1);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 1);
	pci_msi_unmask_irq(d);
	ck_assert_uint_eq(msi_reg(PCI_MSI_PENDING_64, 4), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 2);

	x86_free(irq);
	assert_msg64(0, 0);
	pci_free_irq_vectors(dev);
	ck_assert_uint_eq(dev->irq, intx);
	ck_assert_int_eq(pci_irq_vector(dev, 0), (int)intx);
	/* Back to the reset state: disabled, unmasked, INTx enabled. */
	pf_snapshot_take(&s1, fn);
	pf_snapshot_assert_equal(&s0, &s1);
	pf_snapshot_free(&s0);
	pf_snapshot_free(&s1);
}
END_TEST

/* x86 without interrupt remapping has no consecutive vectors: one vector. */
START_TEST(test_multi_msi_refused_by_x86)
{
	struct pf_snapshot s0, s1;

	probe_msi(8, true, false);
	pf_snapshot_take(&s0, fn);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 2, 8, PCI_IRQ_MSI), -ENOSPC);
	pf_snapshot_take(&s1, fn);
	pf_snapshot_assert_equal(&s0, &s1);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 8, PCI_IRQ_MSI), 1);
	ck_assert_uint_eq(pf_msi_ctrl(dev) & PCI_MSI_FLAGS_QSIZE, 0);
	ck_assert_int_eq(pci_irq_vector(dev, 1), -EINVAL);
	pci_free_irq_vectors(dev);
	pf_snapshot_free(&s0);
	pf_snapshot_free(&s1);
}
END_TEST

/*
 * Multi-MSI below a parent that supports it: one message (the first
 * vector's), Multiple Message Enable = log2(vectors), the device puts the
 * vector number in the low data bits.
 */
START_TEST(test_multi_msi_data_low_bits)
{
	unsigned int irq[4], k;
	u32 base;

	tp_create(NULL, MSI_GENERIC_FLAGS_MASK | MSI_FLAG_MULTI_PCI_MSI);
	probe_msi(4, false, true);
	dev_set_msi_domain(&dev->dev, tp.domain);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 4, PCI_IRQ_MSI), 4);
	ck_assert_uint_eq((pf_msi_ctrl(dev) & PCI_MSI_FLAGS_QSIZE) >> 4, 2);
	ck_assert_uint_eq(msi_reg(PCI_MSI_ADDRESS_LO, 4), (u32)TP_DOORBELL);
	base = msi_reg(PCI_MSI_DATA_32, 2);
	ck_assert_uint_eq(base & 3, 0);
	for (k = 0; k < 4; k++) {
		irq[k] = (unsigned int)pci_irq_vector(dev, k);
		ck_assert_uint_eq(irq[k], irq[0] + k);
		ck_assert_uint_eq(irq_get_irq_data(irq[k])->hwirq, k);
		ck_assert_ptr_eq(irq_get_msi_desc(irq[k]), irq_get_msi_desc(irq[0]));
		ck_assert_int_eq(x86_request(irq[k]), 0);
	}
	/* Every vector's activation composed its own data; only the first wrote. */
	ck_assert_uint_eq(msi_reg(PCI_MSI_DATA_32, 2), base);
	ck_assert_uint_eq(msi_reg(PCI_MSI_MASK_32, 4), 0);
	for (k = 0; k < 4; k++) {
		ck_assert_int_eq(irqlab_pci_fn_raise(fn, k), 0);
		ck_assert_uint_eq(tp.last_data, base | k);
		irqlab_run_until_idle(tm);
		ck_assert_uint_eq(x86_hits[irq[k]], 1);
	}
	/* Per-vector masking of vector 2. */
	pci_msi_mask_irq(irq_get_irq_data(irq[2]));
	ck_assert_uint_eq(msi_reg(PCI_MSI_MASK_32, 4), 1u << 2);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 2), 0);
	ck_assert_uint_eq(msi_reg(PCI_MSI_PENDING_32, 4), 1u << 2);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq[2]], 1);
	pci_msi_unmask_irq(irq_get_irq_data(irq[2]));
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq[2]], 2);
	ck_assert_uint_eq(msi_reg(PCI_MSI_PENDING_32, 4), 0);
	for (k = 0; k < 4; k++)
		x86_free(irq[k]);
	pci_free_irq_vectors(dev);

	/* Three vectors: four enabled, the fourth belongs to nobody. */
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 3, PCI_IRQ_MSI), 3);
	ck_assert_uint_eq((pf_msi_ctrl(dev) & PCI_MSI_FLAGS_QSIZE) >> 4, 2);
	ck_assert_int_eq(pci_irq_vector(dev, 3), -EINVAL);
	ck_assert_uint_eq(irq_get_msi_desc((unsigned int)pci_irq_vector(dev, 0))->nvec_used, 3);
	/* Setup masks every vector; request_irq() unmasks the used ones. */
	ck_assert_uint_eq(msi_reg(PCI_MSI_MASK_32, 4), 0xf);
	for (k = 0; k < 3; k++)
		ck_assert_int_eq(x86_request((unsigned int)pci_irq_vector(dev, k)), 0);
	ck_assert_uint_eq(msi_reg(PCI_MSI_MASK_32, 4), 1u << 3);
	k = tp.doorbells;
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 3), 0);
	ck_assert_uint_eq(tp.doorbells, k);
	ck_assert_uint_eq(msi_reg(PCI_MSI_PENDING_32, 4), 1u << 3);
	ck_assert_uint_eq(tp.unmapped, 0);
	for (k = 0; k < 3; k++)
		x86_free((unsigned int)pci_irq_vector(dev, k));
	pci_free_irq_vectors(dev);
}
END_TEST

/* The message written last is what a reset loses and the restore rewrites. */
static unsigned int writes_seen;

static void count_write(struct msi_desc *entry, void *data)
{
	writes_seen++;
}

START_TEST(test_msi_restore_and_read_back)
{
	struct msi_msg msg;
	struct msi_desc *desc;
	unsigned int irq;
	u16 data;

	probe_msi(1, true, true);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI), 1);
	irq = (unsigned int)pci_irq_vector(dev, 0);
	desc = irq_get_msi_desc(irq);
	desc->write_msi_msg = count_write;
	ck_assert_int_eq(x86_request(irq), 0);
	ck_assert_uint_gt(writes_seen, 0);
	__pci_read_msi_msg(desc, &msg);
	ck_assert_uint_eq(msg.address_lo, pf_msg_addr(x86_state(irq).cpu));
	ck_assert_uint_eq(msg.data, x86_state(irq).vector);
	data = (u16)msg.data;

	ck_assert_int_eq(irqlab_pci_fn_reset(fn), 0);
	assert_msg64(0, 0);
	pci_write_config_word(dev, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	pci_restore_msi_state(dev);
	assert_msg64(msg.address_lo, data);
	ck_assert_uint_eq(pf_msi_ctrl(dev) & PCI_MSI_FLAGS_ENABLE, PCI_MSI_FLAGS_ENABLE);
	ck_assert(pf_command(dev) & PCI_COMMAND_INTX_DISABLE);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 0), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 1);
	desc->write_msi_msg = NULL;
	x86_free(irq);
	pci_free_irq_vectors(dev);
}
END_TEST

/* 32-bit MSI: the data register sits at 0x08, address high reads 0. */
START_TEST(test_msi_32bit)
{
	struct msi_msg msg;
	unsigned int irq;

	probe_msi(1, false, false);
	ck_assert(dev->no_64bit_msi);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI), 1);
	irq = (unsigned int)pci_irq_vector(dev, 0);
	__pci_read_msi_msg(irq_get_msi_desc(irq), &msg);
	ck_assert_uint_eq(msg.address_hi, 0);
	ck_assert_uint_eq(msg.data, msi_reg(PCI_MSI_DATA_32, 2));
	ck_assert_uint_eq(msg.data, x86_state(irq).vector);
	pci_free_irq_vectors(dev);
}
END_TEST

/* Multi-MSI with managed affinity: one mask per vector in one descriptor. */
START_TEST(test_multi_msi_affinity)
{
	unsigned int k, list[4];

	tp_create(NULL, MSI_GENERIC_FLAGS_MASK | MSI_FLAG_MULTI_PCI_MSI);
	probe_msi(4, true, true);
	dev_set_msi_domain(&dev->dev, tp.domain);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 4, 4, PCI_IRQ_MSI | PCI_IRQ_AFFINITY), 4);
	for (k = 0; k < 4; k++)
		ck_assert(cpumask_equal(pci_irq_get_affinity(dev, (int)k), cpumask_of(k)));
	ck_assert_int_eq(irqlab_pci_msi_irqs(dev, list, 2), 4);
	ck_assert_uint_eq(list[0], (unsigned int)pci_irq_vector(dev, 0));
	ck_assert_uint_eq(list[1], (unsigned int)pci_irq_vector(dev, 1));
	pci_free_irq_vectors(dev);
}
END_TEST

/* A parent that masks too (MSI_FLAG_PCI_MSI_MASK_PARENT): both levels mask. */
START_TEST(test_mask_parent)
{
	unsigned int irq;

	tp_create(NULL, MSI_GENERIC_FLAGS_MASK | MSI_FLAG_MULTI_PCI_MSI);
	tp.ops.required_flags |= MSI_FLAG_PCI_MSI_MASK_PARENT;
	probe_msi(1, true, true);
	dev_set_msi_domain(&dev->dev, tp.domain);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI), 1);
	irq = (unsigned int)pci_irq_vector(dev, 0);
	ck_assert_int_eq(x86_request(irq), 0);
	ck_assert_uint_eq(msi_reg(PCI_MSI_MASK_64, 4), 0);
	disable_irq(irq);
	irq_get_irq_data(irq)->chip->irq_mask(irq_get_irq_data(irq));
	ck_assert_uint_eq(msi_reg(PCI_MSI_MASK_64, 4), 1);
	irq_get_irq_data(irq)->chip->irq_unmask(irq_get_irq_data(irq));
	ck_assert_uint_eq(msi_reg(PCI_MSI_MASK_64, 4), 0);
	enable_irq(irq);
	x86_free(irq);
	pci_free_irq_vectors(dev);
}
END_TEST

/*
 * A non-maskable MSI needs its vector at allocation (no reservation
 * mode): with every CPU's vectors taken the allocation fails, and INTx is
 * what is left.
 */
START_TEST(test_nomask_msi_no_vector)
{
	struct pf_snapshot s0, s1;
	unsigned int cpu, n;

	probe_msi(1, true, false);
	for (cpu = 0; cpu < 4; cpu++) {
		n = irqlab_matrix_cpu_available(x86_mx(), cpu);
		ck_assert_int_gt(x86_alloc(n, cpumask_of(cpu)), 0);
	}
	pf_snapshot_take(&s0, fn);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI), -ENOSPC);
	ck_assert(!dev->msi_enabled);
	pf_snapshot_take(&s1, fn);
	pf_snapshot_assert_equal_but_table(&s0, &s1);
	/* The device domain, created before the attempt, stays (empty). */
	ck_assert_uint_eq(irqlab_domain_find_by_name("PCI-MSI-" MSI_BDF "-11")->mapcount, 0);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI | PCI_IRQ_INTX), 1);
	ck_assert_int_eq(pci_irq_vector(dev, 0), (int)dev->irq);
	pci_free_irq_vectors(dev);
	pf_snapshot_free(&s0);
	pf_snapshot_free(&s1);
}
END_TEST

/* ---- the non-maskable MSI affinity race --------------------------------- */

/* Make the device fire once, right after the @nth write to config @off. */
struct race_hook {
	unsigned int off;
	unsigned int nth;
	unsigned int seen;
	bool fired;
};

static void race_fire(struct pci_dev *pdev, enum irqlab_pci_space space, unsigned int bar,
		      u64 off, unsigned int size, u64 val, void *ctx)
{
	struct race_hook *h = ctx;

	if (space != IRQLAB_PCI_SPACE_CFG || off != h->off || h->fired || ++h->seen < h->nth)
		return;
	h->fired = true;
	ck_assert_int_eq(irqlab_pci_fn_raise(pdev->hw, 0), 0);
}

struct race_result {
	unsigned int hits;
	unsigned int on_old, on_new;	/* handler runs per CPU */
	unsigned int oldcpu, oldvec, newcpu, newvec;
};

/*
 * A non-maskable MSI on CPU c moves to CPU c+2; while the move is applied
 * (at the next interrupt, on CPU c) the device fires once after the @nth
 * write to the capability register @reg.
 */
static struct race_result run_race(unsigned int kver, unsigned int reg, unsigned int nth)
{
	struct irqlab_machine_config cfg = {
		.nr_cpus = 4,
		.platform = IRQLAB_PLATFORM_X86,
		.kernel_version = kver,
	};
	struct race_hook hook = { .nth = nth };
	struct race_result r;
	unsigned int irq, cpu;
	int filler[4];

	memset(x86_hits, 0, sizeof(x86_hits));
	tm_create(&cfg);
	/* Take the lowest device vector of every CPU (one is given back below). */
	for (cpu = 0; cpu < 4; cpu++) {
		filler[cpu] = x86_alloc(1, cpumask_of(cpu));
		ck_assert_int_gt(filler[cpu], 0);
	}
	probe_msi(1, true, false);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI), 1);
	irq = (unsigned int)pci_irq_vector(dev, 0);
	/* Not maskable: no reservation mode, the vector is real at once. */
	ck_assert(irqd_is_activated(irq_get_irq_data(irq)));
	ck_assert(!irqd_can_reserve(irq_get_irq_data(irq)));
	ck_assert_int_eq(x86_request(irq), 0);
	r.oldcpu = x86_state(irq).cpu;
	r.oldvec = x86_state(irq).vector;
	r.newcpu = (r.oldcpu + 2) % 4;
	/*
	 * The race only bites when the vector number changes too: free the
	 * new CPU's lowest vector so the move takes it, while the old vector
	 * number stays unused there.
	 */
	irq_domain_free_irqs((unsigned int)filler[r.newcpu], 1);
	ck_assert_int_eq(x86_table(r.newcpu, r.oldvec, NULL), IRQLAB_VECTOR_UNUSED);
	/* ... and leave the new vector number unused on the old CPU. */
	irq_domain_free_irqs((unsigned int)filler[r.oldcpu], 1);

	ck_assert_int_eq(irq_set_affinity(irq, cpumask_of(r.newcpu)), 0);
	ck_assert(irqd_is_setaffinity_pending(irq_get_irq_data(irq)));
	hook.off = dev->msi_cap + reg;
	irqlab_pci_set_write_hook(dev, race_fire, &hook);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 0), 0);
	irqlab_run_until_idle(tm);
	irqlab_pci_set_write_hook(dev, NULL, NULL);
	ck_assert(hook.fired);
	r.newvec = x86_state(irq).vector;
	ck_assert_uint_eq(x86_state(irq).cpu, r.newcpu);
	ck_assert_uint_ne(r.newvec, r.oldvec);
	assert_msg64(pf_msg_addr(r.newcpu), (u16)r.newvec);
	r.hits = x86_hits[irq];
	r.on_old = kstat_irqs_cpu(irq, (int)r.oldcpu);
	r.on_new = kstat_irqs_cpu(irq, (int)r.newcpu);
	x86_free(irq);
	pci_free_irq_vectors(dev);
	return r;
}

/*
 * 5.6 - 6.6: the plug.  The device fires between the two writes: the
 * message (old CPU, new vector) hits the VECTOR_RETRIGGERED mark, the IRR
 * check finds it and the interrupt is retriggered on the new CPU.
 */
START_TEST(test_race_plugged_between_writes)
{
	struct race_result r = run_race(KERNEL_VERSION(6, 6, 0), PCI_MSI_DATA_64, 1);

	ck_assert_uint_eq(r.hits, 2);
	ck_assert_uint_eq(r.on_old, 1);
	ck_assert_uint_eq(r.on_new, 1);
	ck_assert_no_log("No irq handler");
	ck_assert_int_eq(x86_table(r.oldcpu, r.newvec, NULL), IRQLAB_VECTOR_UNUSED);
	x86_teardown();
}
END_TEST

/* The first write keeps the old destination: the old vector still works. */
START_TEST(test_race_plugged_first_write)
{
	struct race_result r = run_race(KERNEL_VERSION(6, 6, 0), PCI_MSI_ADDRESS_LO, 1);

	ck_assert_uint_eq(r.hits, 2);
	ck_assert_uint_eq(r.on_old, 2);
	ck_assert_no_log("No irq handler");
	x86_teardown();
}
END_TEST

/*
 * 6.7+ as written (!irqd_can_reserve(): non-maskable MSI is updated
 * directly): the device fires after the address write, sending the new
 * CPU the old vector, which nobody owns there.  The interrupt is lost.
 */
START_TEST(test_race_direct_update_loses)
{
	struct race_result r = run_race(0, PCI_MSI_ADDRESS_LO, 1);
	char msg[64];

	ck_assert_uint_eq(r.hits, 1);
	ck_assert_uint_eq(r.on_new, 0);
	snprintf(msg, sizeof(msg), "__common_interrupt: %u.%u No irq handler for vector", r.newcpu,
		 r.oldvec);
	ck_assert_log(msg);
	x86_teardown();
}
END_TEST

/* Before the fix (5.5): the same loss, reported by do_IRQ. */
START_TEST(test_race_before_fix)
{
	struct race_result r = run_race(KERNEL_VERSION(5, 5, 0), PCI_MSI_ADDRESS_LO, 1);
	char msg[64];

	ck_assert_uint_eq(r.hits, 1);
	snprintf(msg, sizeof(msg), "do_IRQ: %u.%u No irq handler for vector", r.newcpu, r.oldvec);
	ck_assert_log(msg);
	x86_teardown();
}
END_TEST

static void nothing(void)
{
}

int main(void)
{
	Suite *s = suite_create("pci_msi");
	TCase *tc = tcase_create("msi");
	TCase *race = tcase_create("race");

	tcase_add_checked_fixture(tc, x86_setup, x86_teardown);
	tcase_add_test(tc, test_maskable_msi);
	tcase_add_test(tc, test_broken_msi_falls_back_to_intx);
	tcase_add_test(tc, test_multi_msi_refused_by_x86);
	tcase_add_test(tc, test_multi_msi_data_low_bits);
	tcase_add_test(tc, test_nomask_msi_no_vector);
	tcase_add_test(tc, test_msi_restore_and_read_back);
	tcase_add_test(tc, test_msi_32bit);
	tcase_add_test(tc, test_multi_msi_affinity);
	tcase_add_test(tc, test_mask_parent);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(race, nothing, nothing);
	tcase_add_test(race, test_race_plugged_between_writes);
	tcase_add_test(race, test_race_plugged_first_write);
	tcase_add_test(race, test_race_direct_update_loses);
	tcase_add_test(race, test_race_before_fix);
	suite_add_tcase(s, race);
	return tm_run_suite(s);
}
