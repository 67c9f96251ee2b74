// SPDX-License-Identifier: MIT
/*
 * The Hyper-V vPCI MSI parent (drivers/pci/controller/pci-hyperv.c): one
 * MSI parent domain per vPCI bus, below VECTOR, whose chip "Hyper-V PCIe
 * MSI" lets the host pick every message.
 *
 *   HV-PCI-MSIX-<bdf> (per device, leaf)  hwirq = table index
 *   <instance GUID>   (per bus, parent)   hwirq = 0, chip Hyper-V PCIe MSI
 *   VECTOR            (root)              hwirq = irq, chip APIC
 *
 * - compose: a CREATE_INTERRUPT round trip over the bus's channel, polled
 *   with udelay(100) steps (no timeout upstream).  Every recompose deletes
 *   the previous entry first, except multi-MSI, which reuses it; the host's
 *   answer is kept as chip_data.  On failure the message is 0/0/0 and
 *   chip_data stays NULL.  irqlab_hv_set_irte_reuse(m, true) restores the
 *   kernels between b4b77778ecc5 and the Nov 2022 fix, where every irq
 *   reused its entry: the host kept the physical CPU of the first compose.
 * - unmask: HVCALL_RETARGET_INTERRUPT with the current vector and the
 *   effective affinity's online vCPUs (that is how an affinity change, done
 *   by the parent with IRQCHIP_MOVE_DEFERRED, reaches the host: the message
 *   in the device stays the same).
 * - free: DELETE_INTERRUPT of each composed irq.
 */
#include <stdio.h>
#include <string.h>

#include "hv_internals.h"

/* Upstream spins; the soft-lockup watchdog reports after 2 * watchdog_thresh. */
#define HV_SOFTLOCKUP_NS (20ULL * 1000000000ULL)
#define HV_POLL_STEP_NS (100ULL * 1000ULL) /* udelay(100) */

static void hv_irq_mask(struct irq_data *data);
static void hv_irq_unmask(struct irq_data *data);
static void hv_compose_msi_msg(struct irq_data *data, struct msi_msg *msg);

static struct irq_chip hv_msi_irq_chip = {
	.name = "Hyper-V PCIe MSI",
	.irq_compose_msi_msg = hv_compose_msi_msg,
	.irq_set_affinity = irq_chip_set_affinity_parent,
	.irq_ack = irq_chip_ack_parent,
	.irq_mask = hv_irq_mask,
	.irq_unmask = hv_irq_unmask,
	.irq_retrigger = irq_chip_retrigger_hierarchy,
};

#define hv_err(hbus, fmt, ...) pr_err("hv_pci %s: " fmt, (hbus)->name, ##__VA_ARGS__)
#define hv_warn(hbus, fmt, ...) pr_warn("hv_pci %s: " fmt, (hbus)->name, ##__VA_ARGS__)
#define hv_info(hbus, fmt, ...) pr_info("hv_pci %s: " fmt, (hbus)->name, ##__VA_ARGS__)

/* The slot of a function on its vPCI bus (devfn_to_wslot()). */
static u32 devfn_to_wslot(unsigned int devfn)
{
	return (devfn >> 3 & 0x1f) | (devfn & 7) << 5;
}

/* The Hyper-V level of any level of an irq, or NULL. */
static struct irq_data *hv_level(struct irq_data *d)
{
	for (; d; d = d->parent_data)
		if (d->chip == &hv_msi_irq_chip)
			return d;
	return NULL;
}

/* udelay(): a spin with interrupts off; timers run at the next chance. */
static void hv_udelay_ns(struct irqlab_machine *m, unsigned long long ns)
{
	m->clock_ns += ns;
}

/* Fire and forget: nothing to delete when the entry is a guest copy. */
static void hv_int_desc_free(struct hv_pcibus_device *hbus, struct tran_int_desc *int_desc,
			     u32 wslot)
{
	struct irqlab_hv_pkt pkt = {
		.type = PCI_DELETE_INTERRUPT_MESSAGE,
		.wslot = wslot,
		.int_desc = *int_desc,
	};
	u64 tid;

	if (int_desc->vector_count && hbus->chan)
		irqlab_vmbus_sendpacket(hbus->chan, &pkt, &tid);
	kfree(int_desc);
}

/*
 * hv_compose_multi_msi_req_get_cpu(): round robin over the online CPUs,
 * from the first (the previous one starts at -1).
 */
static unsigned int hv_multi_msi_cpu(struct irqlab_machine *m)
{
	unsigned int cpu = cpumask_next(m->hv->multi_msi_cpu, cpu_online_mask);

	if (cpu >= nr_cpu_ids)
		cpu = cpumask_first(cpu_online_mask);
	m->hv->multi_msi_cpu = (int)cpu;
	return cpu;
}

static void msg_of(const struct tran_int_desc *d, struct msi_msg *msg)
{
	msg->address_hi = (u32)(d->address >> 32);
	msg->address_lo = (u32)d->address;
	msg->data = d->data;
}

/* Busy-wait for the completion; false on any failure (logged). */
static bool hv_compose_wait(struct hv_pcibus_device *hbus, struct pci_dev *pdev, u64 tid,
			    struct irqlab_hv_completion *comp)
{
	struct irqlab_machine *m = hbus->m;
	unsigned long long start = m->clock_ns, timeout = m->hv->compose_timeout_ns;
	u16 vendor;
	int ret;

	for (;;) {
		ret = irqlab_vmbus_poll(hbus->chan, tid, comp);
		if (!ret)
			return true;
		if (ret != -EAGAIN)
			return false; /* the channel went away: abort */
		pci_read_config_word(pdev, PCI_VENDOR_ID, &vendor);
		if (vendor == 0xffff) {
			if (!hbus->gone_warned)
				hv_err(hbus, "the device has gone\n");
			hbus->gone_warned = true;
			break;
		}
		if (timeout && m->clock_ns - start >= timeout) {
			/* Hypothetical: upstream has no timeout (the talk's pattern 2). */
			hv_err(hbus, "hv_compose_msi_msg: timed out\n");
			break;
		}
		if (!timeout && m->clock_ns - start >= HV_SOFTLOCKUP_NS) {
			/* The spin never ends upstream; irqlab stops where the watchdog bites. */
			pr_emerg("watchdog: BUG: soft lockup - CPU#%u stuck for %llus! [hv_compose_msi_msg]\n",
				 smp_processor_id(), (m->clock_ns - start) / 1000000000ULL);
			break;
		}
		hv_udelay_ns(m, HV_POLL_STEP_NS);
	}
	irqlab_vmbus_cancel(hbus->chan, tid);
	return false;
}

/**
 * hv_compose_msi_msg() - irq_compose_msi_msg of the Hyper-V chip.
 * @data: the Hyper-V level of the irq.
 * @msg: receives the host's message, or 0/0/0 on failure.
 *
 * Context: desc->lock held; spins on the virtual clock while the host
 * answers.
 */
static void hv_compose_msi_msg(struct irq_data *data, struct msi_msg *msg)
{
	struct hv_pcibus_device *hbus = data->domain->host_data;
	struct msi_desc *desc = irq_data_get_msi_desc(data);
	struct irqlab_hv_completion comp;
	struct tran_int_desc *int_desc;
	struct irqlab_hv_pkt pkt;
	struct pci_dev *pdev;
	bool multi_msi;
	u64 tid;

	if (!desc)
		goto null_msg;
	pdev = msi_desc_to_pci_dev(desc);
	multi_msi = !desc->pci.msi_attrib.is_msix && desc->nvec_used > 1;

	/*
	 * Multi-MSI keeps its entry: the vectors are one block at the host.
	 * Before the Nov 2022 fix every irq kept it ("Reuse the previous
	 * allocation"): the host never saw the real vCPU in a CREATE again.
	 */
	if (data->chip_data && (multi_msi || hbus->m->hv->irte_reuse_all)) {
		msg_of(data->chip_data, msg);
		return;
	}
	/* Any other recompose frees the previous entry first. */
	if (data->chip_data) {
		int_desc = data->chip_data;
		data->chip_data = NULL;
		hv_int_desc_free(hbus, int_desc, devfn_to_wslot(pdev->devfn));
	}
	int_desc = kzalloc(sizeof(*int_desc), GFP_ATOMIC);
	if (!int_desc)
		goto null_msg;

	/* Non-first multi-MSI vectors: the first's message plus the offset. */
	if (multi_msi && desc->irq != data->irq) {
		int_desc->address = (u64)desc->msg.address_hi << 32 | desc->msg.address_lo;
		int_desc->data = desc->msg.data + (data->irq - desc->irq);
		data->chip_data = int_desc;
		msg_of(int_desc, msg);
		return;
	}

	memset(&pkt, 0, sizeof(pkt));
	pkt.type = PCI_CREATE_INTERRUPT_MESSAGE2;
	pkt.wslot = devfn_to_wslot(pdev->devfn);
	pkt.delivery_mode = APIC_DELIVERY_MODE_FIXED;
	if (multi_msi) {
		/* The host ignores the vector; retarget sets the real ones. */
		pkt.vector = FIRST_EXTERNAL_VECTOR;
		pkt.vector_count = (u16)desc->nvec_used;
		/* The round robin came with the fix; before, the usual dummy vCPU. */
		pkt.processor = hbus->m->hv->irte_reuse_all ?
			cpumask_first_and(irq_data_get_effective_affinity_mask(data),
					  cpu_online_mask) :
			hv_multi_msi_cpu(hbus->m);
	} else {
		pkt.vector = irqd_cfg(data)->vector;
		pkt.vector_count = 1;
		pkt.processor = cpumask_first_and(irq_data_get_effective_affinity_mask(data),
						  cpu_online_mask);
	}
	if (!hbus->chan || irqlab_vmbus_sendpacket(hbus->chan, &pkt, &tid)) {
		/* completion_status is still 0: that is what the kernel prints. */
		hv_err(hbus, "Sending request for interrupt failed: 0x%x\n", 0);
		goto free_int_desc;
	}
	if (!hv_compose_wait(hbus, pdev, tid, &comp))
		goto free_int_desc;
	if (comp.status < 0) {
		hv_err(hbus, "Request for interrupt failed: 0x%x\n", (u32)comp.status);
		goto free_int_desc;
	}
	*int_desc = comp.int_desc;
	data->chip_data = int_desc;
	msg_of(int_desc, msg);
	return;

free_int_desc:
	kfree(int_desc);
null_msg:
	msg->address_hi = 0;
	msg->address_lo = 0;
	msg->data = 0;
}

/* The device id the hypercall names the function by (hv_irq_retarget_interrupt()). */
static u32 hv_device_id(struct hv_pcibus_device *hbus, struct pci_dev *pdev)
{
	const u8 *b = hbus->instance;

	return (u32)b[5] << 24 | (u32)b[4] << 16 | (u32)b[7] << 8 | (b[6] & 0xf8) |
	       (pdev->devfn & 7);
}

static void hv_irq_retarget_interrupt(struct irq_data *data)
{
	struct hv_pcibus_device *hbus = data->domain->host_data;
	struct msi_desc *desc = irq_data_get_msi_desc(data);
	struct tran_int_desc *int_desc = data->chip_data;
	struct irqlab_hv_retarget params;
	struct cpumask *vps;
	u64 res;

	if (!int_desc) {
		hv_warn(hbus, "hv_irq_retarget_interrupt() can not unmask irq %u\n", data->irq);
		return;
	}
	if (!alloc_cpumask_var(&vps, GFP_ATOMIC))
		return;
	/* Protocol 1.2+: a VP set of the effective affinity's online CPUs. */
	cpumask_and(vps, irq_data_get_effective_affinity_mask(data), cpu_online_mask);
	params = (struct irqlab_hv_retarget){
		.device_id = hv_device_id(hbus, msi_desc_to_pci_dev(desc)),
		.address = (u32)int_desc->address,
		.data = int_desc->data,
		.vector = irqd_cfg(data)->vector,
		.vp_set = vps,
	};
	res = irqlab_hv_do_hypercall_retarget(hbus->m, &params);
	free_cpumask_var(vps);
	/* While suspended the host knows nothing: do not alarm. */
	if (res != HV_STATUS_SUCCESS && hbus->state != hv_pcibus_removing)
		hv_err(hbus, "%s() failed: %#llx\n", "hv_irq_retarget_interrupt",
		       (unsigned long long)res);
}

static void hv_irq_mask(struct irq_data *data)
{
	if (data->parent_data->chip->irq_mask)
		irq_chip_mask_parent(data);
}

static void hv_irq_unmask(struct irq_data *data)
{
	hv_irq_retarget_interrupt(data);
	if (data->parent_data->chip->irq_unmask)
		irq_chip_unmask_parent(data);
}

/* hv_msi_free(): delete the host's entry of one irq. */
static void hv_msi_free(struct irq_domain *domain, unsigned int virq)
{
	struct irq_data *data = irq_domain_get_irq_data(domain, virq);
	struct tran_int_desc *int_desc;
	struct msi_desc *desc;

	if (!data || !data->chip_data)
		return;
	int_desc = data->chip_data;
	data->chip_data = NULL;
	desc = irq_data_get_msi_desc(data);
	hv_int_desc_free(domain->host_data, int_desc,
			 desc ? devfn_to_wslot(msi_desc_to_pci_dev(desc)->devfn) : 0);
}

static int hv_pcie_domain_alloc(struct irq_domain *d, unsigned int virq, unsigned int nr_irqs,
				void *arg)
{
	unsigned int i;
	int ret;

	ret = irq_domain_alloc_irqs_parent(d, virq, nr_irqs, arg);
	if (ret < 0)
		return ret;
	for (i = 0; i < nr_irqs; i++) {
		irq_domain_set_hwirq_and_chip(d, virq + i, 0, &hv_msi_irq_chip, NULL);
		__irq_set_handler(virq + i, handle_edge_irq, 0, "edge");
	}
	return 0;
}

static void hv_pcie_domain_free(struct irq_domain *d, unsigned int virq, unsigned int nr_irqs)
{
	unsigned int i;

	for (i = 0; i < nr_irqs; i++)
		hv_msi_free(d, virq + i);
	irq_domain_free_irqs_top(d, virq, nr_irqs);
}

static const struct irq_domain_ops hv_pcie_domain_ops = {
	.alloc = hv_pcie_domain_alloc,
	.free = hv_pcie_domain_free,
};

#define HV_PCIE_MSI_FLAGS_REQUIRED \
	(MSI_FLAG_USE_DEF_DOM_OPS | MSI_FLAG_USE_DEF_CHIP_OPS | MSI_FLAG_PCI_MSI_MASK_PARENT)
#define HV_PCIE_MSI_FLAGS_SUPPORTED                                        \
	(MSI_FLAG_MULTI_PCI_MSI | MSI_FLAG_PCI_MSIX | MSI_FLAG_PCI_MSIX_ALLOC_DYN | \
	 MSI_GENERIC_FLAGS_MASK)

/* msi_lib_init_dev_msi_info() plus what hv_pcie_init_dev_msi_info() adds. */
static bool hv_pcie_init_dev_msi_info(struct device *dev, struct irq_domain *domain,
				      struct irq_domain *real_parent, struct msi_domain_info *info)
{
	struct irq_chip *chip = info->chip;

	if (!msi_lib_init_dev_msi_info(dev, domain, real_parent, info))
		return false;
	/* On x86 the allocation argument is the x86 one: the host remaps. */
	info->ops->msi_prepare = pci_msi_prepare;
	/* The device level never sets affinity itself: the parent does. */
	chip->irq_set_affinity = irq_chip_set_affinity_parent;
	chip->irq_retrigger = irq_chip_retrigger_hierarchy;
	chip->flags |= IRQCHIP_MOVE_DEFERRED;
	info->handler = handle_edge_irq;
	info->handler_name = "edge";
	return true;
}

/*
 * Before 5f83d6337c9c (v6.17) the bus had one global PCI MSI domain whose
 * chip was hv_msi_irq_chip itself: /proc/interrupts read "Hyper-V PCIe
 * MSI".  irqlab keeps the per-device domains and only restores the name.
 */
static bool hv_legacy_init_dev_msi_info(struct device *dev, struct irq_domain *domain,
					struct irq_domain *real_parent,
					struct msi_domain_info *info)
{
	if (!hv_pcie_init_dev_msi_info(dev, domain, real_parent, info))
		return false;
	info->chip->name = hv_msi_irq_chip.name;
	return true;
}

static const struct msi_parent_ops hv_pcie_msi_parent_ops = {
	.required_flags = HV_PCIE_MSI_FLAGS_REQUIRED,
	.supported_flags = HV_PCIE_MSI_FLAGS_SUPPORTED,
	.chip_flags = MSI_CHIP_FLAG_SET_ACK,
	.bus_select_token = DOMAIN_BUS_PCI_MSI,
	.prefix = "HV-",
	.init_dev_msi_info = hv_pcie_init_dev_msi_info,
};

static const struct msi_parent_ops hv_legacy_msi_parent_ops = {
	.required_flags = HV_PCIE_MSI_FLAGS_REQUIRED,
	.supported_flags = HV_PCIE_MSI_FLAGS_SUPPORTED,
	.chip_flags = MSI_CHIP_FLAG_SET_ACK,
	.bus_select_token = DOMAIN_BUS_PCI_MSI,
	.init_dev_msi_info = hv_legacy_init_dev_msi_info,
};

/* A deterministic instance GUID; bytes 4-5 carry the segment, as Hyper-V's do. */
static void hv_make_guid(struct pci_dev *dev, u8 b[16])
{
	u32 seed = (u32)dev->segment << 16 | pci_dev_id(dev);
	unsigned int i;

	for (i = 0; i < 16; i++) {
		seed = seed * 1103515245u + 12345u;
		b[i] = (u8)(seed >> 16);
	}
	b[4] = (u8)dev->segment;
	b[5] = (u8)(dev->segment >> 8);
}

/* %pUl: the first three fields little endian. */
static void hv_guid_str(const u8 *b, char *buf)
{
	snprintf(buf, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[3],
		 b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
}

struct hv_pcibus_device *hv_pci_bus_of(struct pci_dev *dev)
{
	struct irqlab_hv *hv = dev && dev->machine ? dev->machine->hv : NULL;
	struct hv_pcibus_device *hbus;

	for (hbus = hv ? hv->buses : NULL; hbus; hbus = hbus->next)
		if (hbus->pdev == dev)
			return hbus;
	return NULL;
}

static void hv_bus_free(struct hv_pcibus_device *hbus)
{
	if (hbus->irq_domain)
		irq_domain_remove(hbus->irq_domain);
	if (hbus->fwnode)
		irq_domain_free_fwnode(hbus->fwnode);
	irqlab_vmbus_close(hbus->chan);
	kfree(hbus);
}

/**
 * hv_pci_add() - the platform's pci_add: the device's vPCI bus.
 * @m: machine.
 * @dev: the device.
 *
 * Opens the bus's channel and creates its MSI parent below VECTOR.  vPCI
 * has no INTx: dev->irq stays 0.
 *
 * Return: 0, -ENODEV (no VECTOR), -ENOMEM, a channel error.
 */
int hv_pci_add(struct irqlab_machine *m, struct pci_dev *dev)
{
	struct irq_domain_info info = {
		.size = 1, /* every irq has hwirq 0 here: a linear map of one */
		.hwirq_max = 1,
		.ops = &hv_pcie_domain_ops,
	};
	struct hv_pcibus_device *hbus;
	int ret;

	if (!m->hv || !m->x86 || !m->x86->vector_domain)
		return -ENODEV;
	hbus = kzalloc(sizeof(*hbus), GFP_KERNEL);
	if (!hbus)
		return -ENOMEM;
	hbus->m = m;
	hbus->pdev = dev;
	hv_make_guid(dev, hbus->instance);
	hv_guid_str(hbus->instance, hbus->name);
	ret = irqlab_vmbus_open(m, hbus->instance, &hbus->chan);
	if (ret)
		goto err;
	ret = -ENOMEM;
	hbus->fwnode = irq_domain_alloc_named_fwnode(hbus->name);
	if (!hbus->fwnode)
		goto err;
	info.fwnode = hbus->fwnode;
	info.host_data = hbus;
	info.parent = m->x86->vector_domain;
	hbus->irq_domain = msi_create_parent_irq_domain(&info, m->hv->legacy_names ?
						&hv_legacy_msi_parent_ops : &hv_pcie_msi_parent_ops);
	if (!hbus->irq_domain)
		goto err;
	dev_set_msi_domain(&dev->dev, hbus->irq_domain);
	hbus->next = m->hv->buses;
	m->hv->buses = hbus;
	return 0;
err:
	hv_bus_free(hbus);
	return ret;
}

/**
 * hv_pci_remove() - the platform's pci_remove: the bus goes with the device.
 * @m: machine.
 * @dev: the device (its vectors and device domains are gone).
 */
void hv_pci_remove(struct irqlab_machine *m, struct pci_dev *dev)
{
	struct hv_pcibus_device **pp, *hbus;

	if (!m->hv)
		return;
	for (pp = &m->hv->buses; (hbus = *pp); pp = &hbus->next) {
		if (hbus->pdev == dev) {
			*pp = hbus->next;
			dev_set_msi_domain(&dev->dev, NULL);
			hv_bus_free(hbus);
			return;
		}
	}
}

/* Compose one irq afresh and write the message into the device. */
static void hv_restore_irq(unsigned int irq, bool write)
{
	struct irq_data *leaf = irq_get_irq_data(irq);
	struct msi_msg msg = { 0 };

	if (WARN_ON_ONCE(!leaf) || irq_chip_compose_msi_msg(leaf, &msg))
		return;
	if (write)
		leaf->chip->irq_write_msi_msg(leaf, &msg);
}

/**
 * hv_pci_restore_msi_state() - recompose every message after hibernation.
 * @hbus: the bus, its channel open again.
 *
 * The host forgot every entry.  A multi-MSI block is dropped without a
 * DELETE (its cache would otherwise be reused); the others take the usual
 * DELETE + CREATE.  The device gets the new messages.  Nothing is
 * retargeted (hv_pci_restore_msi_msg() only composes): the CREATE carries
 * the current vector and CPU, which is what the host's entry delivers to.
 * With irqlab_hv_set_irte_reuse(m, true) the others' compose returns the
 * stale cache as hv_compose_msi_msg() of that era did: the device keeps a
 * message the host no longer knows (inferred from the code; no report of
 * it upstream was found).
 */
void hv_pci_restore_msi_state(struct hv_pcibus_device *hbus)
{
	struct pci_dev *pdev = hbus->pdev;
	struct msi_desc *desc;
	unsigned int i;

	if (!pdev->msi_enabled && !pdev->msix_enabled)
		return;
	msi_lock_descs(&pdev->dev);
	msi_for_each_desc(desc, &pdev->dev, MSI_DESC_ASSOCIATED) {
		bool multi = !desc->pci.msi_attrib.is_msix && desc->nvec_used > 1;

		for (i = 0; multi && i < desc->nvec_used; i++) {
			struct irq_data *d = hv_level(irq_get_irq_data(desc->irq + i));

			if (d && d->chip_data) {
				kfree(d->chip_data);
				d->chip_data = NULL;
			}
		}
		for (i = 0; i < desc->nvec_used; i++) {
			struct irq_data *d = hv_level(irq_get_irq_data(desc->irq + i));

			if (!d)
				continue;
			hv_restore_irq(desc->irq + i, i == 0);
		}
	}
	msi_unlock_descs(&pdev->dev);
}

/* ---- the public API -------------------------------------------------------- */

int irqlab_hv_irq_msg(unsigned int irq, struct msi_msg *msg)
{
	struct irq_data *d = hv_level(irq_get_irq_data(irq));

	if (!d || !msg)
		return -EINVAL;
	if (!d->chip_data)
		return -ENOENT;
	msg_of(d->chip_data, msg);
	return 0;
}

int irqlab_hv_bus_guid(struct pci_dev *dev, char buf[37])
{
	struct hv_pcibus_device *hbus = hv_pci_bus_of(dev);

	if (!hbus || !buf)
		return -ENODEV;
	memcpy(buf, hbus->name, 37);
	return 0;
}

int irqlab_hv_set_compose_timeout(struct irqlab_machine *m, unsigned long long ns)
{
	if (!m || !m->hv)
		return -ENODEV;
	m->hv->compose_timeout_ns = ns;
	return 0;
}

int irqlab_hv_set_irte_reuse(struct irqlab_machine *m, bool all)
{
	if (!m || !m->hv)
		return -ENODEV;
	m->hv->irte_reuse_all = all;
	return 0;
}

int irqlab_hv_set_legacy_names(struct irqlab_machine *m, bool legacy)
{
	if (!m || !m->hv)
		return -ENODEV;
	m->hv->legacy_names = legacy;
	return 0;
}

int irqlab_hv_eject(struct pci_dev *dev)
{
	struct hv_pcibus_device *hbus = hv_pci_bus_of(dev);

	if (!hbus)
		return -ENODEV;
	/* hv_pci_eject_device(): a suspended (hibernating) bus drops it. */
	if (hbus->state == hv_pcibus_removing) {
		hv_info(hbus, "PCI VMBus EJECT: ignored\n");
		return -EBUSY;
	}
	hbus->state = hv_pcibus_removing;
	/* pci_stop_and_remove_bus_device(): pci_remove frees the bus too. */
	irqlab_pci_remove(dev);
	return 0;
}

int irqlab_hv_hibernate(struct irqlab_machine *m)
{
	struct hv_pcibus_device *hbus;

	if (!m || !m->hv)
		return -ENODEV;
	if (m->hv->hibernated)
		return -EALREADY;
	for (hbus = m->hv->buses; hbus; hbus = hbus->next) {
		hbus->state = hv_pcibus_removing;
		/* hv_pci_bus_exit(): the host releases the bus's resources. */
		irqlab_vmbus_close(hbus->chan);
		hbus->chan = NULL;
	}
	m->hv->hibernated = true;
	return 0;
}

int irqlab_hv_resume(struct irqlab_machine *m)
{
	struct hv_pcibus_device *hbus;
	int ret = 0;

	if (!m || !m->hv)
		return -ENODEV;
	if (!m->hv->hibernated)
		return -EALREADY;
	/* A bus probed while hibernated has its channel already. */
	for (hbus = m->hv->buses; hbus; hbus = hbus->next) {
		hbus->reopened = false;
		if (hbus->chan)
			continue;
		ret = irqlab_vmbus_open(m, hbus->instance, &hbus->chan);
		if (ret)
			break;
		hbus->reopened = true;
	}
	if (ret) {
		/* Nothing changes: close what this call opened, stay hibernated. */
		for (hbus = m->hv->buses; hbus; hbus = hbus->next) {
			if (hbus->reopened) {
				irqlab_vmbus_close(hbus->chan);
				hbus->chan = NULL;
				hbus->reopened = false;
			}
		}
		return ret;
	}
	for (hbus = m->hv->buses; hbus; hbus = hbus->next) {
		hbus->state = hv_pcibus_installed;
		hv_pci_restore_msi_state(hbus);
	}
	m->hv->hibernated = false;
	return 0;
}
