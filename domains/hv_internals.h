/* SPDX-License-Identifier: MIT */
/*
 * Private interfaces of the Hyper-V guest kernel side (domains/hv_*.c):
 * the vPCI buses (one per pass-through device, struct hv_pcibus_device)
 * and the machine's Hyper-V state.  The host is reached only through the
 * channel and hypercall of irqlab/hv.h.
 */
#ifndef IRQLAB_DOMAINS_HV_INTERNALS_H
#define IRQLAB_DOMAINS_HV_INTERNALS_H

#include "x86_internals.h"
#include "irqlab/hv.h"
#include "irqlab/pci.h"

/* hbus->state (the states that matter here). */
enum hv_pcibus_state {
	hv_pcibus_installed,
	hv_pcibus_removing, /* suspended for hibernation, or going away */
};

/**
 * struct hv_pcibus_device - one vPCI bus and its device.
 * @m: the machine.
 * @pdev: the device (Hyper-V gives each pass-through function a bus).
 * @instance: the instance GUID (bytes 4-5: the PCI segment).
 * @name: the GUID as text: the hv_pci device's name.
 * @chan: the channel to the host (NULL while hibernated).
 * @irq_domain: the per-bus MSI parent, below VECTOR.
 * @fwnode: its firmware node (named after the GUID, as the kernel does).
 * @state: installed or removing.
 * @gone_warned: "the device has gone" was printed (dev_err_once).
 * @reopened: irqlab_hv_resume() opened the channel in this call (undone
 *            if another bus fails).
 * @next: the machine's list.
 */
struct hv_pcibus_device {
	struct irqlab_machine *m;
	struct pci_dev *pdev;
	u8 instance[16];
	char name[37];
	struct irqlab_vmbus_channel *chan;
	struct irq_domain *irq_domain;
	struct fwnode_handle *fwnode;
	enum hv_pcibus_state state;
	bool gone_warned;
	bool reopened;
	struct hv_pcibus_device *next;
};

/**
 * struct irqlab_hv - the guest's Hyper-V state (m->hv).
 * @buses: the vPCI buses.
 * @legacy_names: new buses name their chips "Hyper-V PCIe MSI".
 * @compose_timeout_ns: 0: spin as upstream; else give up ("timed out").
 * @multi_msi_cpu: the last dummy vCPU of a multi-MSI create (-1: none
 *                 yet, so the round robin starts at the first online CPU).
 * @hibernated: between irqlab_hv_hibernate() and irqlab_hv_resume().
 * @irte_reuse_all: compose as between b4b77778ecc5 and the Nov 2022 fix:
 *                  every irq reuses its first entry, and a multi-MSI
 *                  block's dummy vCPU is the effective affinity's first.
 */
struct irqlab_hv {
	struct hv_pcibus_device *buses;
	bool legacy_names;
	unsigned long long compose_timeout_ns;
	int multi_msi_cpu;
	bool hibernated;
	bool irte_reuse_all;
};

/* hv_pci.c */
int hv_pci_add(struct irqlab_machine *m, struct pci_dev *dev);
void hv_pci_remove(struct irqlab_machine *m, struct pci_dev *dev);
struct hv_pcibus_device *hv_pci_bus_of(struct pci_dev *dev);
void hv_pci_restore_msi_state(struct hv_pcibus_device *hbus);

#endif
