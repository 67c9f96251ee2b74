/* SPDX-License-Identifier: MIT */
/*
 * The Hyper-V-like platform (machine platform=hyperv): an x86 guest whose
 * PCI devices sit on virtual PCI buses (drivers/pci/controller/pci-hyperv.c
 * analogue) and an emulated host that owns the interrupt remapping.
 *
 * Two halves, as everywhere in irqlab:
 * - The hardware interface (the host, chips/hv_host.c): a VMBus-like
 *   channel per vPCI bus carrying CREATE_INTERRUPT / DELETE_INTERRUPT
 *   packets, answered after a configurable latency (or never, or with a
 *   failure status), and the HVCALL_RETARGET_INTERRUPT hypercall.  The
 *   host picks each message (address in its own bus window, data a handle
 *   of its interrupt entry) and, when a device writes it, injects the
 *   guest-format x86 MSI (0xFEE00000 | apicid << 12, vector) of the entry.
 * - The guest kernel side (domains/hv_*.c): one MSI parent domain per vPCI
 *   bus below VECTOR, whose chip "Hyper-V PCIe MSI" composes by a round
 *   trip to the host, retargets on unmask and deletes on free.
 *
 * On a machine that is not a hyperv machine (no host, no vPCI bus) the
 * setters, lookups, irqlab_vmbus_open() and the eject/hibernation calls
 * return -ENODEV and the counters 0, with these exceptions:
 * irqlab_hv_irq_msg() returns -EINVAL (not a Hyper-V irq),
 * irqlab_hv_do_hypercall_retarget() HV_STATUS_INVALID_PARAMETER, and the
 * channel calls, which only get a channel from irqlab_vmbus_open(), return
 * -EINVAL for a NULL one (irqlab_vmbus_close() and irqlab_vmbus_cancel()
 * ignore it).
 */
#ifndef IRQLAB_HV_H
#define IRQLAB_HV_H

#include "irqlab/msi.h"
#include "irqlab/types.h"

struct irqlab_machine;
struct pci_dev;

/* ---- hardware interface: channel packets and the hypercall -------------- */

/* vPCI message types (PCI_MESSAGE_BASE + n, pci-hyperv.c). */
#define PCI_MESSAGE_BASE 0x42490000u
#define PCI_CREATE_INTERRUPT_MESSAGE (PCI_MESSAGE_BASE + 0x14)
#define PCI_DELETE_INTERRUPT_MESSAGE (PCI_MESSAGE_BASE + 0x15)
#define PCI_CREATE_INTERRUPT_MESSAGE2 (PCI_MESSAGE_BASE + 0x17)
/* The hypercall code of the retarget call. */
#define HVCALL_RETARGET_INTERRUPT 0x007e
/* Hypercall results and the NTSTATUS a failed create carries by default. */
#define HV_STATUS_SUCCESS 0u
#define HV_STATUS_INVALID_PARAMETER 5u
#define IRQLAB_HV_STATUS_UNSUCCESSFUL 0xc0000001u
/* The NTSTATUS of a create when every data value is taken. */
#define IRQLAB_HV_STATUS_INSUFFICIENT_RESOURCES 0xc000009au
/* The most vectors one create covers (multi-MSI: 32). */
#define IRQLAB_HV_MAX_VECTORS 32u
/* Where the host's messages live on the bus (its own window). */
#define IRQLAB_HV_MSI_BASE 0xfef00000u
#define IRQLAB_HV_MSI_WINDOW_SIZE 0x100000u

/**
 * struct tran_int_desc - the host's answer to a create: the message.
 * @reserved: zero.
 * @vector_count: vectors the entry covers (multi-MSI: more than one); 0 in
 *                a guest copy that must never be deleted.
 * @data: MSI data.
 * @address: MSI address.
 */
struct tran_int_desc {
	u16 reserved;
	u16 vector_count;
	u32 data;
	u64 address;
};

/**
 * struct irqlab_hv_pkt - one guest → host channel packet.
 * @type: PCI_CREATE_INTERRUPT_MESSAGE2 or PCI_DELETE_INTERRUPT_MESSAGE.
 * @wslot: the function's slot on the vPCI bus (device | function << 5).
 * @vector: create: the guest vector (8 bits in protocol 1.2/1.3).
 * @vector_count: create: how many vectors (multi-MSI).
 * @delivery_mode: create: APIC delivery mode (fixed).
 * @processor: create: the one (dummy) vCPU of the v2 packet.
 * @int_desc: delete: the descriptor the host gave.
 */
struct irqlab_hv_pkt {
	u32 type;
	u32 wslot;
	u32 vector;
	u16 vector_count;
	u8 delivery_mode;
	u32 processor;
	struct tran_int_desc int_desc;
};

/**
 * struct irqlab_hv_completion - the host's completion packet.
 * @status: NTSTATUS-like; negative (as s32) is a failure.
 * @int_desc: create: the message.
 */
struct irqlab_hv_completion {
	s32 status;
	struct tran_int_desc int_desc;
};

/**
 * struct irqlab_hv_retarget - the HVCALL_RETARGET_INTERRUPT parameters.
 * @device_id: from the instance GUID and the function (pci-hyperv.c).
 * @address: low 32 bits of the entry's address.
 * @data: the entry's data.
 * @vector: the guest vector to deliver.
 * @vp_set: the target vCPUs (a VP set: protocol 1.2+).
 */
struct irqlab_hv_retarget {
	u32 device_id;
	u32 address;
	u32 data;
	u32 vector;
	const struct cpumask *vp_set;
};

struct irqlab_vmbus_channel;

/**
 * irqlab_hv_host_create() - build the host of a machine (platform init).
 * @m: machine.
 *
 * Claims the host's bus window [IRQLAB_HV_MSI_BASE, +1 MiB).
 * Return: 0, -EINVAL (NULL @m), -EEXIST (a host exists), -EBUSY (window
 * taken), -ENOMEM.
 */
IRQLAB_API int irqlab_hv_host_create(struct irqlab_machine *m);

/**
 * irqlab_hv_host_destroy() - release the window and free the host.
 * @m: machine (without a host: nothing happens).
 *
 * Its channels, their pending packets and its entries go with it.
 */
IRQLAB_API void irqlab_hv_host_destroy(struct irqlab_machine *m);

/**
 * irqlab_vmbus_open() - open the channel of a vPCI bus.
 * @m: machine.
 * @instance: the bus's instance GUID (16 bytes, bytes 4-5 = PCI segment).
 * @out: the channel.
 *
 * Return: 0, -ENODEV (no host), -ENOMEM.
 */
IRQLAB_API int irqlab_vmbus_open(struct irqlab_machine *m, const u8 instance[16],
				 struct irqlab_vmbus_channel **out);

/**
 * irqlab_vmbus_close() - close a channel (D0 exit): the host forgets the
 * interrupt entries created over it and drops its pending packets.
 * @ch: the channel (NULL is ignored).
 */
IRQLAB_API void irqlab_vmbus_close(struct irqlab_vmbus_channel *ch);

/**
 * irqlab_vmbus_sendpacket() - send a packet to the host.
 * @ch: the channel.
 * @pkt: the packet.
 * @trans_id: receives the transaction id to poll for.
 *
 * The host receives it after its latency and answers (or not).  A create
 * answers IRQLAB_HV_STATUS_INSUFFICIENT_RESOURCES when no aligned range of
 * data values is free.
 * Return: 0, -EINVAL (NULL argument, unknown type, or a vector count above
 * IRQLAB_HV_MAX_VECTORS), -ENOMEM.
 */
IRQLAB_API int irqlab_vmbus_sendpacket(struct irqlab_vmbus_channel *ch,
				       const struct irqlab_hv_pkt *pkt, u64 *trans_id);

/**
 * irqlab_vmbus_poll() - look for the completion of a transaction.
 * @ch: the channel.
 * @trans_id: the transaction.
 * @c: receives the completion.
 *
 * Return: 0 (completed; the transaction is gone), -EAGAIN (not yet),
 * -ENOENT (no such transaction).
 */
IRQLAB_API int irqlab_vmbus_poll(struct irqlab_vmbus_channel *ch, u64 trans_id,
				 struct irqlab_hv_completion *c);

/**
 * irqlab_vmbus_cancel() - forget a transaction the guest gave up on.
 * @ch: the channel.
 * @trans_id: the transaction.
 */
IRQLAB_API void irqlab_vmbus_cancel(struct irqlab_vmbus_channel *ch, u64 trans_id);

/**
 * irqlab_hv_do_hypercall_retarget() - HVCALL_RETARGET_INTERRUPT.
 * @m: machine.
 * @p: parameters.
 *
 * Answered at once.  Only the vCPU set and the vector change; the physical
 * CPU the host picked at create stays.
 *
 * Return: HV_STATUS_SUCCESS, or HV_STATUS_INVALID_PARAMETER for an entry
 * the host does not know.
 */
IRQLAB_API u64 irqlab_hv_do_hypercall_retarget(struct irqlab_machine *m,
					       const struct irqlab_hv_retarget *p);

/* ---- the host: behaviour, request log, entries --------------------------- */

/** enum irqlab_hv_compose_mode - how the host answers create requests. */
enum irqlab_hv_compose_mode {
	IRQLAB_HV_COMPOSE_OK,
	IRQLAB_HV_COMPOSE_FAIL,	   /* completion with the fail status */
	IRQLAB_HV_COMPOSE_NOREPLY, /* never answers */
};

/** enum irqlab_hv_req_type - what the host received. */
enum irqlab_hv_req_type {
	IRQLAB_HV_REQ_CREATE = 1, /* PCI_CREATE_INTERRUPT_MESSAGE2 */
	IRQLAB_HV_REQ_DELETE,	  /* PCI_DELETE_INTERRUPT_MESSAGE */
	IRQLAB_HV_REQ_RETARGET,	  /* HVCALL_RETARGET_INTERRUPT */
};

/**
 * struct irqlab_hv_request - one entry of the host's request log.
 * @seq: its number, from 1.
 * @type: the request.
 * @time_ns: virtual time the guest sent it.
 * @segment: the PCI segment of the vPCI bus (from the instance GUID).
 * @wslot: the function's slot (device | function << 5).
 * @vector: create/retarget: the guest vector.
 * @vector_count: create/delete: vectors covered.
 * @cpu: create: the dummy vCPU; retarget: the first vCPU of the set.
 * @nr_cpus: retarget: vCPUs in the set; create: 1.
 * @cpu_mask: vCPUs 0-63 of the set (bit n = vCPU n).
 * @address: create: the answer; delete/retarget: the entry addressed.
 * @data: likewise.
 * @answered: the host processed it (false: still in flight, or never).
 * @status: the status it answered (create, retarget) or found (delete:
 *          HV_STATUS_INVALID_PARAMETER for an unknown entry).
 */
struct irqlab_hv_request {
	unsigned long seq;
	enum irqlab_hv_req_type type;
	unsigned long long time_ns;
	u16 segment;
	u32 wslot;
	u32 vector;
	u32 vector_count;
	u32 cpu;
	u32 nr_cpus;
	u64 cpu_mask;
	u64 address;
	u32 data;
	bool answered;
	u32 status;
};

/**
 * struct irqlab_hv_irte - one interrupt entry of the host.
 * @address: the message address the host handed out.
 * @data: the message data.
 * @vector: the guest vector it injects.
 * @vcpu: the guest vCPU it injects to (first of the retargeted set).
 * @pcpu: the physical CPU picked at create (never changed by retarget).
 * @segment: the vPCI bus's segment.
 * @wslot: the function's slot.
 */
struct irqlab_hv_irte {
	u64 address;
	u32 data;
	u32 vector;
	u32 vcpu;
	u32 pcpu;
	u16 segment;
	u32 wslot;
};

/**
 * irqlab_hv_set_compose() - how create requests are answered.
 * @m: machine.
 * @mode: applies to creates sent from now on (default IRQLAB_HV_COMPOSE_OK).
 *
 * Return: 0, -ENODEV (no host), -EINVAL (not a known mode).
 */
IRQLAB_API int irqlab_hv_set_compose(struct irqlab_machine *m, enum irqlab_hv_compose_mode mode);

/**
 * irqlab_hv_set_fail_status() - the status of a failed create.
 * @m: machine.
 * @status: an NTSTATUS that reads negative as s32 (default 0xc0000001).
 *
 * Return: 0, -ENODEV (no host), -EINVAL (@status is not a failure).
 */
IRQLAB_API int irqlab_hv_set_fail_status(struct irqlab_machine *m, u32 status);

/**
 * irqlab_hv_set_latency() - virtual time between a send and the host's answer.
 * @m: machine.
 * @ns: nanoseconds (default 0: answered at once).
 *
 * Return: 0 or -ENODEV (no host).
 */
IRQLAB_API int irqlab_hv_set_latency(struct irqlab_machine *m, unsigned long long ns);

/**
 * irqlab_hv_nr_requests() - requests the host received since creation.
 * @m: machine.
 *
 * Return: the count (0 for a machine without a host).
 */
IRQLAB_API unsigned long irqlab_hv_nr_requests(struct irqlab_machine *m);

/**
 * irqlab_hv_get_request() - one entry of the request log.
 * @m: machine.
 * @seq: 1 .. irqlab_hv_nr_requests().
 * @r: filled in.
 *
 * Return: 0, -ENODEV, -ENOENT (no such entry), -EINVAL (NULL @r).
 */
IRQLAB_API int irqlab_hv_get_request(struct irqlab_machine *m, unsigned long seq,
				     struct irqlab_hv_request *r);

/**
 * irqlab_hv_request_str() - one request as a log line (no newline).
 * @r: the request.
 * @buf: receives the text.
 * @size: its size.
 *
 * "  3  0.000100  CREATE_INTERRUPT  7870:00:00.0 vector=0x21 count=1
 * vcpu=0 -> 0x0 address=0xfef00000 data=0x40".
 *
 * Return: the length snprintf() reports.
 */
IRQLAB_API int irqlab_hv_request_str(const struct irqlab_hv_request *r, char *buf, size_t size);

/**
 * irqlab_hv_nr_entries() - interrupt entries the host holds now.
 * @m: machine.
 *
 * One per vector: a multi-MSI create of n vectors holds n.
 * Return: the count (0 for a machine without a host).
 */
IRQLAB_API unsigned int irqlab_hv_nr_entries(struct irqlab_machine *m);

/**
 * irqlab_hv_get_entry() - one of the host's interrupt entries.
 * @m: machine.
 * @n: 0 .. irqlab_hv_nr_entries() - 1, in the host's table order (stable
 *     while no entry is created or deleted).
 * @e: filled in.
 *
 * Return: 0, -ENODEV, -EINVAL (NULL @e), -ENOENT (no such entry).
 */
IRQLAB_API int irqlab_hv_get_entry(struct irqlab_machine *m, unsigned int n,
				   struct irqlab_hv_irte *e);

/**
 * irqlab_hv_find_entry() - the host's entry of a message.
 * @m: machine.
 * @address: the message address.
 * @data: the message data.
 * @e: filled in.
 *
 * Return: 0, -ENODEV, -ENOENT.
 */
IRQLAB_API int irqlab_hv_find_entry(struct irqlab_machine *m, u64 address, u32 data,
				    struct irqlab_hv_irte *e);

/**
 * irqlab_hv_nr_dropped() - device messages the host knew no entry for.
 * @m: machine.
 *
 * Return: the count since creation (0 for a machine without a host).
 */
IRQLAB_API unsigned long irqlab_hv_nr_dropped(struct irqlab_machine *m);

/* ---- the guest kernel side ---------------------------------------------- */

/**
 * irqlab_hv_set_compose_timeout() - give up composing after @ns.
 * @m: machine.
 * @ns: 0: upstream behaviour (no timeout: compose spins; irqlab stops the
 *      spin when the soft-lockup watchdog fires, after 20 s); otherwise the
 *      hypothetical timeout that logs "hv_compose_msi_msg: timed out".
 *
 * Return: 0 or -ENODEV.
 */
IRQLAB_API int irqlab_hv_set_compose_timeout(struct irqlab_machine *m, unsigned long long ns);

/**
 * irqlab_hv_set_irte_reuse() - which irqs reuse their entry on recompose.
 * @m: machine.
 * @all: false (default, upstream since "PCI: hv: Only reuse existing IRTE
 *       allocation for Multi-MSI", Nov 2022): only a multi-MSI block keeps
 *       its entry; any other recompose is DELETE + CREATE, so the host
 *       picks the physical CPU again from the real vCPU, and multi-MSI
 *       blocks get round-robin dummy vCPUs.  true (b4b77778ecc5 "Reuse
 *       existing IRTE allocation in compose_msi_msg()", 2022, until that
 *       fix): every irq with an entry gets its cached message back and
 *       nothing is sent; only the unmask's RETARGET reaches the host, which
 *       moves the vCPU but never the physical CPU, so every irq keeps the
 *       pCPU of its first compose (vCPU 0 in reservation mode).  A multi-MSI
 *       block's dummy vCPU is then the first of its effective affinity.
 *       The guest's /proc looks the same in both modes.
 *
 * Applies to composes from now on.  Resume from hibernation recomposes
 * too: in the old mode an MSI-X or single-MSI irq keeps its stale message.
 *
 * Return: 0 or -ENODEV.
 */
IRQLAB_API int irqlab_hv_set_irte_reuse(struct irqlab_machine *m, bool all);

/**
 * irqlab_hv_set_legacy_names() - name the device domains as before v6.17.
 * @m: machine.
 * @legacy: true: the chip column reads "Hyper-V PCIe MSI" (the global
 *          per-bus PCI MSI domain of older kernels); false: per-device
 *          "HV-PCI-MSIX-<bdf>" / "HV-PCI-MSI-<bdf>".
 *
 * Applies to devices probed afterwards.
 * Return: 0 or -ENODEV.
 */
IRQLAB_API int irqlab_hv_set_legacy_names(struct irqlab_machine *m, bool legacy);

/**
 * irqlab_hv_irq_msg() - the host's answer the kernel keeps for an irq.
 * @irq: a Linux irq of a device on a vPCI bus (current machine).
 * @msg: receives the message of its chip_data.
 *
 * Return: 0, -EINVAL (not a Hyper-V PCI irq), -ENOENT (chip_data NULL:
 * never composed, or the compose failed).
 */
IRQLAB_API int irqlab_hv_irq_msg(unsigned int irq, struct msi_msg *msg);

/**
 * irqlab_hv_bus_guid() - the instance GUID of a device's vPCI bus.
 * @dev: the device.
 * @buf: receives "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (37 bytes).
 *
 * Return: 0 or -ENODEV.
 */
IRQLAB_API int irqlab_hv_bus_guid(struct pci_dev *dev, char buf[37]);

/**
 * irqlab_hv_eject() - the host ejects a device (PCI_EJECT).
 * @dev: the device; freed: do not use it afterwards.
 *
 * The guest removes the device as pci_stop_and_remove_bus_device() does:
 * what the driver left allocated is freed (a DELETE per composed irq), the
 * device's domains and its vPCI bus go.  A driver frees its irqs first.
 * While the bus is suspended for hibernation the guest ignores the eject,
 * as hv_pci_eject_device() does ("PCI VMBus EJECT: ignored"): the device
 * stays.
 *
 * Return: 0, -ENODEV (not a Hyper-V PCI device), -EBUSY (ignored: the bus
 * is hibernated).
 */
IRQLAB_API int irqlab_hv_eject(struct pci_dev *dev);

/**
 * irqlab_hv_hibernate() - suspend every vPCI bus for hibernation.
 * @m: machine.
 *
 * Each bus goes to the removing state and closes its channel: the host
 * forgets every interrupt entry; retarget failures are not logged.
 *
 * Return: 0, -ENODEV, -EALREADY.
 */
IRQLAB_API int irqlab_hv_hibernate(struct irqlab_machine *m);

/**
 * irqlab_hv_resume() - resume from hibernation.
 * @m: machine.
 *
 * Each bus without a channel reopens it (one probed while hibernated has
 * one), then hv_pci_restore_msi_state(): every MSI/MSI-X descriptor of a
 * device with MSI or MSI-X enabled is composed afresh (DELETE of the stale
 * entry, CREATE with the current vector and CPU) and the new message is
 * written to the device.  Nothing is retargeted.
 *
 * Return: 0, -ENODEV, -EALREADY (not hibernated), or an error opening a
 * channel (-ENOMEM): then the channels this call opened are closed again
 * and the machine stays hibernated, so a retry starts clean.
 */
IRQLAB_API int irqlab_hv_resume(struct irqlab_machine *m);

#endif
