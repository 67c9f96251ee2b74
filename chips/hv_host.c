// SPDX-License-Identifier: MIT
/*
 * The emulated Hyper-V host: the vPCI side of each VMBus channel, the
 * interrupt remapping entries (IRTEs) it keeps for the guest, and the
 * retarget hypercall.
 *
 * - A packet the guest sends is received after the host's latency
 *   (virtual time); it is handled the next time the host gets to run: when
 *   the guest polls, sends, calls, or a device writes a message.
 * - CREATE: the host picks the message.  The address lies in the host's own
 *   bus window and names the physical CPU it chose from the dummy vCPU; the
 *   data is a handle of the entry (aligned for multi-MSI, whose device ORs
 *   the vector number into the low bits).  Each data value is one live
 *   entry: a create takes a free aligned range, or fails with
 *   STATUS_INSUFFICIENT_RESOURCES when none is left.
 * - A device's write of a known message is injected into the guest as the
 *   x86 MSI of the entry's vCPU and vector; an unknown one (deleted, or
 *   never handed out) is dropped and counted.
 * - RETARGET changes the vCPU and vector, never the physical CPU.
 * - Every request goes into a log the tests and `hv log` read.
 */
#include <stdio.h>
#include <string.h>

#include "internals.h"
#include "irqlab/bus.h"
#include "irqlab/hv.h"
#include "irqlab/lapic.h"
#include "irqlab/x86_vectors.h"

/* The CPU VMBus messages interrupt (VMBUS_CONNECT_CPU). */
#define HV_VMBUS_CONNECT_CPU 0u

/* A packet in flight. */
struct hv_pending {
	u64 trans_id;
	struct irqlab_hv_pkt pkt;
	unsigned long long due;
	unsigned long seq;
	enum irqlab_hv_compose_mode mode; /* the host's behaviour when it was sent */
	u32 fail_status;
	bool done;
	struct irqlab_hv_completion comp;
	struct hv_pending *next;
};

struct irqlab_vmbus_channel {
	struct irqlab_hv_host *host;
	u8 guid[16];
	u16 segment;
	struct hv_pending *pending;
	struct irqlab_vmbus_channel *next;
};

/* The data values the host hands out: [0x40, 0xffff] (16-bit MSI data). */
#define HV_FIRST_DATA 0x40u
#define HV_NR_DATA 0x10000u

struct hv_entry {
	bool used;
	struct irqlab_vmbus_channel *ch;
	struct irqlab_hv_irte e;
};

struct irqlab_hv_host {
	struct irqlab_machine *m;
	struct irqlab_lock lock;
	enum irqlab_hv_compose_mode mode;
	u32 fail_status;
	unsigned long long latency;
	struct irqlab_vmbus_channel *channels;
	u64 next_trans;
	struct irqlab_hv_request *log;
	unsigned long nr_log, log_cap;
	struct hv_entry *irte;
	unsigned int irte_cap, nr_entries;
	unsigned int irte_hint; /* no free slot below it */
	u32 next_data;
	unsigned long dropped;
	unsigned int signals;	/* answers the guest is still to be interrupted for */
	/* The data values live entries hold (on any address): one bit each. */
	unsigned long data_used[BITS_TO_LONGS(HV_NR_DATA)];
};

/*
 * Release the host and interrupt the guest for the answers it posted
 * meanwhile: a VMBus message raises the hypervisor callback vector (the
 * HYP row of /proc/interrupts) on the channel's CPU, which for hv_pci is
 * the VMBus connect CPU 0.  Compose polls the channel itself, so the
 * interrupt finds the message consumed, as on Hyper-V.
 */
static void host_unlock(struct irqlab_hv_host *h)
{
	unsigned int n = h->signals;

	h->signals = 0;
	irqlab_lock_release(&h->lock);
	while (n--)
		irqlab_bus_write(h->m, X86_MSI_BASE_ADDRESS_LOW | (u64)HV_VMBUS_CONNECT_CPU << 12,
				 APIC_DELIVERY_MODE_FIXED << 8 | HYPERVISOR_CALLBACK_VECTOR);
}

static struct irqlab_hv_host *host_of(struct irqlab_machine *m)
{
	return m ? m->hv_host : NULL;
}

/* Append a log entry; returns its seq, 0 when out of memory. */
static unsigned long log_add(struct irqlab_hv_host *h, const struct irqlab_hv_request *r)
{
	if (h->nr_log == h->log_cap) {
		unsigned long cap = h->log_cap ? h->log_cap * 2 : 64;
		struct irqlab_hv_request *n = kcalloc(cap, sizeof(*n), GFP_KERNEL);

		if (!n)
			return 0;
		if (h->log)
			memcpy(n, h->log, h->nr_log * sizeof(*n));
		kfree(h->log);
		h->log = n;
		h->log_cap = cap;
	}
	h->log[h->nr_log] = *r;
	h->log[h->nr_log].seq = h->nr_log + 1;
	return ++h->nr_log;
}

static struct irqlab_hv_request *log_get(struct irqlab_hv_host *h, unsigned long seq)
{
	return seq && seq <= h->nr_log ? &h->log[seq - 1] : NULL;
}

static struct hv_entry *entry_find(struct irqlab_hv_host *h, u64 address, u32 data,
				   bool low32)
{
	unsigned int i;

	for (i = 0; i < h->irte_cap; i++) {
		struct hv_entry *e = &h->irte[i];

		if (e->used && e->e.data == data &&
		    (low32 ? (u32)e->e.address == (u32)address : e->e.address == address))
			return e;
	}
	return NULL;
}

static struct hv_entry *entry_alloc(struct irqlab_hv_host *h)
{
	unsigned int i;

	for (i = h->irte_hint; i < h->irte_cap; i++) {
		if (!h->irte[i].used) {
			h->irte_hint = i + 1;
			return &h->irte[i];
		}
	}
	{
		unsigned int cap = h->irte_cap ? h->irte_cap * 2 : 32;
		struct hv_entry *n = kcalloc(cap, sizeof(*n), GFP_KERNEL);

		if (!n)
			return NULL;
		if (h->irte)
			memcpy(n, h->irte, h->irte_cap * sizeof(*n));
		kfree(h->irte);
		h->irte = n;
		i = h->irte_cap;
		h->irte_cap = cap;
		h->irte_hint = i + 1;
		return &h->irte[i];
	}
}

static bool data_is_used(const struct irqlab_hv_host *h, u32 data)
{
	return h->data_used[data / BITS_PER_LONG] & (1UL << (data % BITS_PER_LONG));
}

static void data_mark(struct irqlab_hv_host *h, u32 data, bool used)
{
	unsigned long bit = 1UL << (data % BITS_PER_LONG);

	if (used)
		h->data_used[data / BITS_PER_LONG] |= bit;
	else
		h->data_used[data / BITS_PER_LONG] &= ~bit;
}

static void entry_free(struct irqlab_hv_host *h, struct hv_entry *e)
{
	unsigned int i = (unsigned int)(e - h->irte);

	data_mark(h, e->e.data, false);
	memset(e, 0, sizeof(*e));
	h->nr_entries--;
	if (i < h->irte_hint)
		h->irte_hint = i;
}

/* [data, data + n) holds no live entry's data. */
static bool data_range_free(const struct irqlab_hv_host *h, u32 data, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (data_is_used(h, data + i))
			return false;
	return true;
}

/*
 * Data values for @n vectors, aligned to the power of two above @n: the
 * first free range from where the last create ended, wrapping once.
 * Returns false when every range is taken.
 */
static bool data_alloc(struct irqlab_hv_host *h, unsigned int n, u32 *out)
{
	u32 align = 1, first, start, data;

	while (align < n)
		align <<= 1;
	first = (HV_FIRST_DATA + align - 1) & ~(align - 1);
	start = (h->next_data + align - 1) & ~(align - 1);
	if (start + n > HV_NR_DATA)
		start = first;
	data = start;
	do {
		if (data_range_free(h, data, n)) {
			h->next_data = data + n;
			*out = data;
			return true;
		}
		data += align;
		if (data + n > HV_NR_DATA) /* 16-bit MSI data: wrap */
			data = first;
	} while (data != start);
	return false;
}

static void handle_create(struct irqlab_hv_host *h, struct irqlab_vmbus_channel *ch,
			  struct hv_pending *p, struct irqlab_hv_request *r)
{
	unsigned int n = p->pkt.vector_count ? p->pkt.vector_count : 1, i;
	u32 pcpu = p->pkt.processor, data;
	u64 address;

	memset(&p->comp, 0, sizeof(p->comp));
	if (p->mode == IRQLAB_HV_COMPOSE_FAIL) {
		p->comp.status = (s32)p->fail_status;
		goto out;
	}
	/* The host maps the dummy vCPU to a physical CPU once, here. */
	if (pcpu >= h->m->nr_cpus)
		pcpu = 0;
	address = IRQLAB_HV_MSI_BASE | (u64)(pcpu & 0xff) << 12;
	if (!data_alloc(h, n, &data)) {
		p->comp.status = (s32)IRQLAB_HV_STATUS_INSUFFICIENT_RESOURCES;
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct hv_entry *e = entry_alloc(h);

		if (!e) {
			while (i--)
				entry_free(h, entry_find(h, address, data + i, false));
			p->comp.status = (s32)IRQLAB_HV_STATUS_UNSUCCESSFUL;
			goto out;
		}
		e->used = true;
		e->ch = ch;
		data_mark(h, data + i, true);
		e->e = (struct irqlab_hv_irte){ .address = address, .data = data + i,
						.vector = p->pkt.vector + i, .vcpu = p->pkt.processor,
						.pcpu = pcpu, .segment = ch->segment,
						.wslot = p->pkt.wslot };
		h->nr_entries++;
	}
	p->comp.int_desc = (struct tran_int_desc){ .vector_count = (u16)n, .data = data,
						   .address = address };
out:
	p->done = true;
	h->signals++;
	if (r) {
		r->answered = true;
		r->status = (u32)p->comp.status;
		r->address = p->comp.int_desc.address;
		r->data = p->comp.int_desc.data;
	}
}

static void handle_delete(struct irqlab_hv_host *h, struct hv_pending *p,
			  struct irqlab_hv_request *r)
{
	const struct tran_int_desc *d = &p->pkt.int_desc;
	unsigned int n = d->vector_count ? d->vector_count : 1, i, found = 0;

	for (i = 0; i < n; i++) {
		struct hv_entry *e = entry_find(h, d->address, d->data + i, false);

		if (e) {
			entry_free(h, e);
			found++;
		}
	}
	if (r) {
		r->answered = true;
		r->status = found ? HV_STATUS_SUCCESS : HV_STATUS_INVALID_PARAMETER;
	}
}

/* Handle every packet that has arrived by now; deletes go, creates complete. */
static void host_process(struct irqlab_hv_host *h)
{
	unsigned long long now = h->m->clock_ns;
	struct irqlab_vmbus_channel *ch;

	for (ch = h->channels; ch; ch = ch->next) {
		struct hv_pending **pp = &ch->pending, *p;

		while ((p = *pp)) {
			if (p->done || p->due > now || (p->pkt.type != PCI_DELETE_INTERRUPT_MESSAGE &&
							 p->mode == IRQLAB_HV_COMPOSE_NOREPLY)) {
				pp = &p->next;
				continue;
			}
			if (p->pkt.type == PCI_DELETE_INTERRUPT_MESSAGE) {
				/* Fire and forget: nobody waits for a completion. */
				handle_delete(h, p, log_get(h, p->seq));
				*pp = p->next;
				kfree(p);
				continue;
			}
			handle_create(h, ch, p, log_get(h, p->seq));
			pp = &p->next;
		}
	}
}

/* The host's bus window: translate and inject, or drop. */
static int hv_host_msi_write(void *ctx, u64 addr, u32 data)
{
	struct irqlab_hv_host *h = ctx;
	struct hv_entry *e;
	u32 vcpu = 0, vector = 0;
	bool hit;

	irqlab_lock_acquire(&h->lock);
	host_process(h);
	e = entry_find(h, addr, data, false);
	hit = e != NULL;
	if (hit) {
		vcpu = e->e.vcpu;
		vector = e->e.vector;
	} else {
		h->dropped++;
	}
	host_unlock(h);
	if (!hit)
		return 0; /* a hypervisor drops it silently */
	/* Fixed delivery, physical destination, edge: the guest's own format. */
	return irqlab_bus_write(h->m, X86_MSI_BASE_ADDRESS_LOW | (u64)(vcpu & 0xff) << 12,
				APIC_DELIVERY_MODE_FIXED << 8 | (vector & 0xff));
}

int irqlab_hv_host_create(struct irqlab_machine *m)
{
	struct irqlab_hv_host *h;
	int ret;

	if (!m)
		return -EINVAL;
	if (m->hv_host)
		return -EEXIST;
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	h->m = m;
	irqlab_lock_init(&h->lock);
	h->fail_status = IRQLAB_HV_STATUS_UNSUCCESSFUL;
	h->next_data = HV_FIRST_DATA;
	ret = irqlab_bus_claim(m, IRQLAB_HV_MSI_BASE, IRQLAB_HV_MSI_WINDOW_SIZE, "hv-host",
			       hv_host_msi_write, h);
	if (ret) {
		irqlab_lock_destroy(&h->lock);
		kfree(h);
		return ret;
	}
	m->hv_host = h;
	return 0;
}

static void channel_free(struct irqlab_vmbus_channel *ch)
{
	while (ch->pending) {
		struct hv_pending *p = ch->pending;

		ch->pending = p->next;
		kfree(p);
	}
	kfree(ch);
}

void irqlab_hv_host_destroy(struct irqlab_machine *m)
{
	struct irqlab_hv_host *h = host_of(m);

	if (!h)
		return;
	irqlab_bus_release(m, IRQLAB_HV_MSI_BASE);
	while (h->channels) {
		struct irqlab_vmbus_channel *ch = h->channels;

		h->channels = ch->next;
		channel_free(ch);
	}
	kfree(h->log);
	kfree(h->irte);
	irqlab_lock_destroy(&h->lock);
	kfree(h);
	m->hv_host = NULL;
}

int irqlab_vmbus_open(struct irqlab_machine *m, const u8 instance[16],
		      struct irqlab_vmbus_channel **out)
{
	struct irqlab_hv_host *h = host_of(m);
	struct irqlab_vmbus_channel *ch;

	if (!h)
		return -ENODEV;
	if (!instance || !out)
		return -EINVAL;
	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	if (!ch)
		return -ENOMEM;
	ch->host = h;
	memcpy(ch->guid, instance, 16);
	/* Hyper-V puts the PCI domain number in bytes 4-5 of the GUID. */
	ch->segment = (u16)(instance[5] << 8 | instance[4]);
	irqlab_lock_acquire(&h->lock);
	ch->next = h->channels;
	h->channels = ch;
	host_unlock(h);
	*out = ch;
	return 0;
}

void irqlab_vmbus_close(struct irqlab_vmbus_channel *ch)
{
	struct irqlab_vmbus_channel **pp;
	struct irqlab_hv_host *h;
	unsigned int i;

	if (!ch)
		return;
	h = ch->host;
	irqlab_lock_acquire(&h->lock);
	host_process(h);
	/* The host releases what the guest had over this channel. */
	for (i = 0; i < h->irte_cap; i++)
		if (h->irte[i].used && h->irte[i].ch == ch)
			entry_free(h, &h->irte[i]);
	for (pp = &h->channels; *pp; pp = &(*pp)->next) {
		if (*pp == ch) {
			*pp = ch->next;
			break;
		}
	}
	host_unlock(h);
	channel_free(ch);
}

/* The log entry of a packet, filled in from the packet. */
static void pkt_request(const struct irqlab_vmbus_channel *ch, const struct irqlab_hv_pkt *pkt,
			unsigned long long now, struct irqlab_hv_request *r)
{
	memset(r, 0, sizeof(*r));
	r->time_ns = now;
	r->segment = ch->segment;
	r->wslot = pkt->wslot;
	if (pkt->type == PCI_DELETE_INTERRUPT_MESSAGE) {
		r->type = IRQLAB_HV_REQ_DELETE;
		r->vector_count = pkt->int_desc.vector_count;
		r->address = pkt->int_desc.address;
		r->data = pkt->int_desc.data;
		return;
	}
	r->type = IRQLAB_HV_REQ_CREATE;
	r->vector = pkt->vector;
	r->vector_count = pkt->vector_count;
	r->cpu = pkt->processor;
	r->nr_cpus = 1;
	r->cpu_mask = pkt->processor < 64 ? 1ULL << pkt->processor : 0;
}

int irqlab_vmbus_sendpacket(struct irqlab_vmbus_channel *ch, const struct irqlab_hv_pkt *pkt,
			    u64 *trans_id)
{
	struct irqlab_hv_request r;
	struct irqlab_hv_host *h;
	struct hv_pending *p, **pp;

	if (!ch || !pkt || !trans_id)
		return -EINVAL;
	if (pkt->type != PCI_CREATE_INTERRUPT_MESSAGE2 &&
	    pkt->type != PCI_DELETE_INTERRUPT_MESSAGE)
		return -EINVAL;
	/* Multi-MSI has at most 32 vectors: no entry covers more. */
	if (pkt->vector_count > IRQLAB_HV_MAX_VECTORS ||
	    pkt->int_desc.vector_count > IRQLAB_HV_MAX_VECTORS)
		return -EINVAL;
	h = ch->host;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	irqlab_lock_acquire(&h->lock);
	host_process(h);
	pkt_request(ch, pkt, h->m->clock_ns, &r);
	p->seq = log_add(h, &r);
	if (!p->seq) {
		host_unlock(h);
		kfree(p);
		return -ENOMEM;
	}
	p->pkt = *pkt;
	p->trans_id = ++h->next_trans;
	p->due = h->m->clock_ns + h->latency;
	p->mode = h->mode;
	p->fail_status = h->fail_status;
	for (pp = &ch->pending; *pp; pp = &(*pp)->next)
		;
	*pp = p; /* in order */
	*trans_id = p->trans_id;
	host_process(h);
	host_unlock(h);
	return 0;
}

static struct hv_pending **pending_find(struct irqlab_vmbus_channel *ch, u64 trans_id)
{
	struct hv_pending **pp;

	for (pp = &ch->pending; *pp; pp = &(*pp)->next)
		if ((*pp)->trans_id == trans_id)
			return pp;
	return NULL;
}

int irqlab_vmbus_poll(struct irqlab_vmbus_channel *ch, u64 trans_id,
		      struct irqlab_hv_completion *c)
{
	struct irqlab_hv_host *h;
	struct hv_pending **pp, *p;
	int ret = -EAGAIN;

	if (!ch || !c)
		return -EINVAL;
	h = ch->host;
	irqlab_lock_acquire(&h->lock);
	host_process(h);
	pp = pending_find(ch, trans_id);
	if (!pp) {
		ret = -ENOENT;
	} else if ((*pp)->done) {
		p = *pp;
		*c = p->comp;
		*pp = p->next;
		kfree(p);
		ret = 0;
	}
	host_unlock(h);
	return ret;
}

void irqlab_vmbus_cancel(struct irqlab_vmbus_channel *ch, u64 trans_id)
{
	struct hv_pending **pp, *p;

	if (!ch)
		return;
	irqlab_lock_acquire(&ch->host->lock);
	pp = pending_find(ch, trans_id);
	if (pp) {
		p = *pp;
		*pp = p->next;
		kfree(p);
	}
	irqlab_lock_release(&ch->host->lock);
}

u64 irqlab_hv_do_hypercall_retarget(struct irqlab_machine *m, const struct irqlab_hv_retarget *p)
{
	struct irqlab_hv_host *h = host_of(m);
	struct irqlab_hv_request r;
	struct hv_entry *e;
	unsigned int cpu;

	if (!h || !p)
		return HV_STATUS_INVALID_PARAMETER;
	memset(&r, 0, sizeof(r));
	r.type = IRQLAB_HV_REQ_RETARGET;
	r.time_ns = m->clock_ns;
	r.segment = (u16)(p->device_id >> 16);
	r.wslot = (p->device_id & 7) << 5;
	r.vector = p->vector;
	r.address = p->address;
	r.data = p->data;
	r.cpu = UINT32_MAX;
	if (p->vp_set) {
		for_each_cpu(cpu, p->vp_set) {
			if (r.cpu == UINT32_MAX)
				r.cpu = cpu;
			if (cpu < 64)
				r.cpu_mask |= 1ULL << cpu;
			r.nr_cpus++;
		}
	}
	r.answered = true;
	irqlab_lock_acquire(&h->lock);
	host_process(h);
	e = entry_find(h, p->address, p->data, true);
	if (!e || !r.nr_cpus || p->vector > 0xff) {
		r.status = HV_STATUS_INVALID_PARAMETER;
	} else {
		/* The vCPU and vector move; the physical CPU picked at create stays. */
		e->e.vcpu = r.cpu;
		e->e.vector = p->vector;
		r.address = e->e.address;
		r.wslot = e->e.wslot;
		r.status = HV_STATUS_SUCCESS;
	}
	log_add(h, &r);
	host_unlock(h);
	return r.status;
}

int irqlab_hv_set_compose(struct irqlab_machine *m, enum irqlab_hv_compose_mode mode)
{
	struct irqlab_hv_host *h = host_of(m);

	if (!h)
		return -ENODEV;
	if (mode != IRQLAB_HV_COMPOSE_OK && mode != IRQLAB_HV_COMPOSE_FAIL &&
	    mode != IRQLAB_HV_COMPOSE_NOREPLY)
		return -EINVAL;
	irqlab_lock_acquire(&h->lock);
	h->mode = mode;
	host_unlock(h);
	return 0;
}

int irqlab_hv_set_fail_status(struct irqlab_machine *m, u32 status)
{
	struct irqlab_hv_host *h = host_of(m);

	if (!h)
		return -ENODEV;
	/* A failure must read as negative (s32), as the guest checks. */
	if ((s32)status >= 0)
		return -EINVAL;
	irqlab_lock_acquire(&h->lock);
	h->fail_status = status;
	host_unlock(h);
	return 0;
}

int irqlab_hv_set_latency(struct irqlab_machine *m, unsigned long long ns)
{
	struct irqlab_hv_host *h = host_of(m);

	if (!h)
		return -ENODEV;
	irqlab_lock_acquire(&h->lock);
	h->latency = ns;
	host_unlock(h);
	return 0;
}

unsigned long irqlab_hv_nr_requests(struct irqlab_machine *m)
{
	struct irqlab_hv_host *h = host_of(m);
	unsigned long n;

	if (!h)
		return 0;
	irqlab_lock_acquire(&h->lock);
	host_process(h);
	n = h->nr_log;
	host_unlock(h);
	return n;
}

int irqlab_hv_get_request(struct irqlab_machine *m, unsigned long seq,
			  struct irqlab_hv_request *r)
{
	struct irqlab_hv_host *h = host_of(m);
	struct irqlab_hv_request *e;
	int ret = 0;

	if (!h)
		return -ENODEV;
	if (!r)
		return -EINVAL;
	irqlab_lock_acquire(&h->lock);
	host_process(h);
	e = log_get(h, seq);
	if (e)
		*r = *e;
	else
		ret = -ENOENT;
	host_unlock(h);
	return ret;
}

static const char *req_name(enum irqlab_hv_req_type t)
{
	switch (t) {
	case IRQLAB_HV_REQ_CREATE:
		return "CREATE_INTERRUPT";
	case IRQLAB_HV_REQ_DELETE:
		return "DELETE_INTERRUPT";
	case IRQLAB_HV_REQ_RETARGET:
		return "RETARGET_INTERRUPT";
	}
	return "?";
}

/* "0,2,5" of the first 64 vCPUs (and "+N" for more). */
static void vcpus_str(const struct irqlab_hv_request *r, char *buf, size_t size)
{
	unsigned int cpu, shown = 0;
	size_t len = 0;

	buf[0] = '\0';
	for (cpu = 0; cpu < 64 && len < size; cpu++) {
		if (!(r->cpu_mask & (1ULL << cpu)))
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%u", shown ? "," : "", cpu);
		shown++;
	}
	if (r->nr_cpus > shown && len < size)
		snprintf(buf + len, size - len, "%s+%u", shown ? "," : "", r->nr_cpus - shown);
}

int irqlab_hv_request_str(const struct irqlab_hv_request *r, char *buf, size_t size)
{
	char head[96], vcpus[96];

	if (!r || !buf)
		return -EINVAL;
	snprintf(head, sizeof(head), "%4lu %6llu.%06llu  %-18s %04x:00:%02x.%x", r->seq,
		 r->time_ns / 1000000000ULL, r->time_ns % 1000000000ULL / 1000, req_name(r->type),
		 r->segment, r->wslot & 0x1f, (r->wslot >> 5) & 7);
	vcpus_str(r, vcpus, sizeof(vcpus));
	switch (r->type) {
	case IRQLAB_HV_REQ_CREATE:
		if (!r->answered)
			return snprintf(buf, size, "%s vector=0x%x count=%u vcpu=%u -> no reply",
					head, r->vector, r->vector_count, r->cpu);
		if ((s32)r->status < 0)
			return snprintf(buf, size, "%s vector=0x%x count=%u vcpu=%u -> status=0x%x",
					head, r->vector, r->vector_count, r->cpu, r->status);
		return snprintf(buf, size,
				"%s vector=0x%x count=%u vcpu=%u -> address=0x%llx data=0x%x", head,
				r->vector, r->vector_count, r->cpu, (unsigned long long)r->address,
				r->data);
	case IRQLAB_HV_REQ_DELETE:
		return snprintf(buf, size, "%s address=0x%llx data=0x%x count=%u -> %s", head,
				(unsigned long long)r->address, r->data, r->vector_count,
				!r->answered ? "in flight" :
				r->status ? "unknown entry" : "deleted");
	default:
		return snprintf(buf, size, "%s address=0x%llx data=0x%x vector=0x%x vcpus=%s -> 0x%x",
				head, (unsigned long long)r->address, r->data, r->vector,
				vcpus[0] ? vcpus : "none", r->status);
	}
}

unsigned int irqlab_hv_nr_entries(struct irqlab_machine *m)
{
	struct irqlab_hv_host *h = host_of(m);
	unsigned int n;

	if (!h)
		return 0;
	irqlab_lock_acquire(&h->lock);
	host_process(h);
	n = h->nr_entries;
	host_unlock(h);
	return n;
}

int irqlab_hv_get_entry(struct irqlab_machine *m, unsigned int n, struct irqlab_hv_irte *out)
{
	struct irqlab_hv_host *h = host_of(m);
	unsigned int i;
	int ret = -ENOENT;

	if (!h)
		return -ENODEV;
	if (!out)
		return -EINVAL;
	irqlab_lock_acquire(&h->lock);
	host_process(h);
	for (i = 0; i < h->irte_cap; i++) {
		if (h->irte[i].used && !n--) {
			*out = h->irte[i].e;
			ret = 0;
			break;
		}
	}
	host_unlock(h);
	return ret;
}

int irqlab_hv_find_entry(struct irqlab_machine *m, u64 address, u32 data,
			 struct irqlab_hv_irte *out)
{
	struct irqlab_hv_host *h = host_of(m);
	struct hv_entry *e;
	int ret = -ENOENT;

	if (!h)
		return -ENODEV;
	if (!out)
		return -EINVAL;
	irqlab_lock_acquire(&h->lock);
	host_process(h);
	e = entry_find(h, address, data, false);
	if (e) {
		*out = e->e;
		ret = 0;
	}
	host_unlock(h);
	return ret;
}

unsigned long irqlab_hv_nr_dropped(struct irqlab_machine *m)
{
	struct irqlab_hv_host *h = host_of(m);
	unsigned long n;

	if (!h)
		return 0;
	irqlab_lock_acquire(&h->lock);
	n = h->dropped;
	host_unlock(h);
	return n;
}
