// SPDX-License-Identifier: MIT
/*
 * The guided demo: the talk's lifecycle of a PCI MSI-X interrupt on a
 * MANA-like NIC (vendor 0x1414, a 1024-entry MSI-X table in BAR 4 at
 * 0x3000, PBA at 0x7000) with four queue vectors on a 4-CPU x86 machine.
 *
 * Eight phases, each shown from both sides of the hardware boundary: what
 * the device holds (registers read over configuration space, table entries
 * read back over MMIO, the writes the kernel made, as a bus analyser would
 * see them) and what the kernel holds (irq_data flags, the VECTOR level's
 * vector and CPU, the vector matrix).
 *
 *   [1] pci_alloc_irq_vectors     [5] pci_write_msi_msg
 *   [2] request_irq               [6] pci_msi_unmask_irq
 *   [3] irq_domain_activate_irq   [7] runtime delivery (and a move)
 *   [4] irq_chip_compose_msi_msg  [8] free_irq / pci_free_irq_vectors
 *
 * request_irq() runs phases 3-6 itself; the demo records the device
 * writes it makes and shows them phase by phase.
 */
#include <stdio.h>
#include <string.h>

#include "demo.h"
#include "irqlab/irqlab.h"
#include "irqlab/pci.h"

#define BDF "0000:00:05.0"
#define NQ 4
#define TABLE_BAR 4
#define TABLE_OFF 0x3000u
#define PBA_OFF 0x7000u
#define ENTRIES 1024u

static FILE *out;

#define say(...) fprintf(out, __VA_ARGS__)

/* ---- the device as a bus analyser sees it --------------------------------- */

struct dev_write {
	enum irqlab_pci_space space;
	u64 off;
	u64 val;
	u8 entry[16]; /* for table writes: the entry right after the write */
};

static struct {
	unsigned int n;
	struct dev_write w[2048];
} wlog;

static struct irqlab_pci_fn *fn;

static void read_entry(unsigned int k, u8 bytes[16])
{
	u64 lo = ~0ULL, hi = ~0ULL;

	irqlab_pci_mmio_read(fn, TABLE_BAR, TABLE_OFF + 16ULL * k, 8, &lo);
	irqlab_pci_mmio_read(fn, TABLE_BAR, TABLE_OFF + 16ULL * k + 8, 8, &hi);
	for (unsigned int i = 0; i < 8; i++) {
		bytes[i] = (u8)(lo >> (8 * i));
		bytes[8 + i] = (u8)(hi >> (8 * i));
	}
}

static u32 le32(const u8 *b)
{
	return (u32)b[0] | (u32)b[1] << 8 | (u32)b[2] << 16 | (u32)b[3] << 24;
}

static void record_write(struct pci_dev *dev, enum irqlab_pci_space space, unsigned int bar,
			 u64 off, unsigned int size, u64 val, void *ctx)
{
	struct dev_write *w;

	if (wlog.n >= ARRAY_SIZE(wlog.w))
		return;
	w = &wlog.w[wlog.n++];
	w->space = space;
	w->off = off;
	w->val = val;
	if (space == IRQLAB_PCI_SPACE_MMIO && off >= TABLE_OFF && off < TABLE_OFF + 16 * ENTRIES)
		read_entry((unsigned int)((off - TABLE_OFF) / 16), w->entry);
}

static void show_entry_bytes(const char *when, unsigned int k, const u8 *b)
{
	say("    %s entry %u: %02x %02x %02x %02x  %02x %02x %02x %02x  %02x %02x %02x %02x  "
	    "%02x %02x %02x %02x  (address 0x%08x, data 0x%08x, %s)\n",
	    when, k, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
	    b[12], b[13], b[14], b[15], le32(b), le32(b + 8),
	    (le32(b + 12) & PCI_MSIX_ENTRY_CTRL_MASKBIT) ? "masked" : "unmasked");
}

static void show_entry(const char *when, unsigned int k)
{
	u8 b[16];

	read_entry(k, b);
	show_entry_bytes(when, k, b);
}

static u32 cfg(unsigned int off, unsigned int size)
{
	u32 v = 0;

	irqlab_pci_cfg_read(fn, off, size, &v);
	return v;
}

static void show_device_regs(struct pci_dev *dev)
{
	u16 ctrl = (u16)cfg(dev->msix_cap + PCI_MSIX_FLAGS, 2);
	u16 cmd = (u16)cfg(PCI_COMMAND, 2);

	say("    device: MSI-X: Enable%c Count=%u Masked%c; Command: BusMaster%c DisINTx%c\n",
	    ctrl & PCI_MSIX_FLAGS_ENABLE ? '+' : '-', (ctrl & PCI_MSIX_FLAGS_QSIZE) + 1u,
	    ctrl & PCI_MSIX_FLAGS_MASKALL ? '+' : '-', cmd & PCI_COMMAND_MASTER ? '+' : '-',
	    cmd & PCI_COMMAND_INTX_DISABLE ? '+' : '-');
}

/* What one logged write was, in the register's own terms. */
static void describe_write(struct pci_dev *dev, const struct dev_write *w)
{
	u64 rel = w->off - TABLE_OFF;
	static const char *const field[] = { "address low", "address high", "data",
					     "vector control" };

	if (w->space == IRQLAB_PCI_SPACE_CFG) {
		const char *reg = w->off == PCI_COMMAND ? "Command" :
				  w->off == dev->msix_cap + (u64)PCI_MSIX_FLAGS ? "MSI-X control" :
									     "config";
		say("      config 0x%03llx (%s) <- 0x%04llx\n", (unsigned long long)w->off, reg,
		    (unsigned long long)w->val);
		return;
	}
	say("      BAR4+0x%04llx (entry %llu %s) <- 0x%08llx\n", (unsigned long long)w->off,
	    (unsigned long long)(rel / 16), field[(rel % 16) / 4], (unsigned long long)w->val);
}

/* ---- the kernel side -------------------------------------------------------- */

static struct irqlab_machine *m;
static struct irq_matrix *mx;
static unsigned int handled[NQ];
static char names[NQ][48];

static irqreturn_t mana_handler(int irq, void *dev_id)
{
	unsigned int *count = dev_id;

	(*count)++;
	say("    handler %s: irq %d on CPU%u (call %u)\n", names[count - handled], irq,
	    irqlab_this_cpu(), *count);
	return IRQ_HANDLED;
}

static void show_flags(unsigned int irq)
{
	struct irq_data *d = irq_get_irq_data(irq);

	say("    kernel: irq %u flags:%s%s%s%s%s\n", irq,
	    irqd_is_activated(d) ? " ACTIVATED" : "", irqd_is_started(d) ? " STARTED" : "",
	    irqd_can_reserve(d) ? " CAN_RESERVE" : "", irqd_irq_masked(d) ? " MASKED" : "",
	    irqd_irq_disabled(d) ? " DISABLED" : "");
}

static void show_vector(unsigned int irq)
{
	struct irqlab_x86_irq_state st;

	irqlab_x86_irq_state(irq, &st);
	if (!st.vector)
		say("    kernel: VECTOR level of irq %u: no vector (%s); hardware is given vector "
		    "0x%02x on CPU%u\n", irq, st.has_reserved ? "reservation only" : "none",
		    st.cfg_vector, st.cfg_dest_apicid);
	else
		say("    kernel: VECTOR level of irq %u: vector 0x%02x on CPU%u\n", irq, st.vector,
		    st.cpu);
}

static void show_matrix(void)
{
	struct irqlab_matrix_stats ms;
	unsigned int cpu;

	irqlab_matrix_get_stats(mx, &ms);
	say("    matrix: reserved %u, allocated %u;", ms.global_reserved, ms.total_allocated);
	for (cpu = 0; cpu < 4; cpu++)
		say(" CPU%u %u/%u", cpu, irqlab_matrix_cpu_allocated(mx, cpu),
		    irqlab_matrix_cpu_available(mx, cpu));
	say(" (allocated/available)\n");
}

/* The irq's row of /proc/interrupts, as the file tree renders it. */
static void show_proc_row(unsigned int irq)
{
	struct seq_file sf;
	const char *line;

	seq_init(&sf);
	if (!irqlab_vfs_read(m, "/proc/interrupts", &sf)) {
		for (line = seq_text(&sf); line && *line;) {
			const char *end = strchr(line, '\n');
			unsigned int n;
			char colon;

			if (sscanf(line, " %u%c", &n, &colon) == 2 && colon == ':' && n == irq) {
				say("    /proc/interrupts: %.*s\n", end ? (int)(end - line) : -1, line);
				break;
			}
			line = end ? end + 1 : NULL;
		}
	}
	seq_release_buf(&sf);
}

static void step(int n, const char *title)
{
	say("\n[%d] %s\n", n, title);
}

/* ---- the phases -------------------------------------------------------------- */

static int phase_alloc(struct pci_dev *dev, unsigned int *irqs)
{
	unsigned int k, ctrl_writes = 0;
	int ret;

	step(1, "pci_alloc_irq_vectors(dev, 4, 4, PCI_IRQ_MSIX)");
	wlog.n = 0;
	irqlab_pci_set_write_hook(dev, record_write, NULL);
	ret = pci_alloc_irq_vectors(dev, NQ, NQ, PCI_IRQ_MSIX);
	irqlab_pci_set_write_hook(dev, NULL, NULL);
	say("    = %d\n", ret);
	if (ret != NQ)
		return ret < 0 ? ret : -ENOSPC;
	say("    the enable sequence, as the device saw it:\n");
	for (k = 0; k < wlog.n; k++) {
		const struct dev_write *w = &wlog.w[k];

		/* Fold msix_mask_all()'s 1024 vector-control writes into one line. */
		if (w->space == IRQLAB_PCI_SPACE_MMIO && (w->off - TABLE_OFF) % 16 == 12) {
			if (!ctrl_writes++)
				say("      BAR4+0x%04llx.. (vector control of every entry) <- 0x%08llx"
				    " ...\n", (unsigned long long)w->off, (unsigned long long)w->val);
			continue;
		}
		describe_write(dev, w);
	}
	say("      (%u vector-control writes: every entry masked)\n", ctrl_writes);
	show_device_regs(dev);
	for (k = 0; k < NQ; k++) {
		irqs[k] = (unsigned int)pci_irq_vector(dev, k);
		snprintf(names[k], sizeof(names[k]), "mana_q%u@pci:%s", k, pci_name(dev));
	}
	say("    kernel: irqs %u-%u, domain %s (hwirq = table index) over %s\n", irqs[0],
	    irqs[NQ - 1], irq_get_irq_data(irqs[0])->domain->name,
	    irq_get_irq_data(irqs[0])->parent_data->domain->name);
	show_flags(irqs[0]);
	show_vector(irqs[0]);
	show_entry("device:", 0);
	show_matrix();
	return 0;
}

static int phase_request(struct pci_dev *dev, unsigned int k, unsigned int irq)
{
	struct irqlab_x86_irq_state st;
	struct msi_msg msg;
	unsigned int i, first_ctrl = 0;
	int ret;

	if (k == 0)
		step(2, "request_irq(irq, handler, 0, \"mana_qN@pci:" BDF "\", ...)");
	say("    request_irq(%u, %s)\n", irq, names[k]);
	wlog.n = 0;
	irqlab_pci_set_write_hook(dev, record_write, NULL);
	ret = request_irq(irq, mana_handler, 0, names[k], &handled[k]);
	irqlab_pci_set_write_hook(dev, NULL, NULL);
	if (ret)
		return ret;
	if (k)
		return 0;

	say("    inside request_irq the core ran phases 3-6 for queue 0:\n");
	irqlab_x86_irq_state(irq, &st);
	step(3, "irq_domain_activate_irq: root first, VECTOR assigns the real vector");
	say("    VECTOR: the CPU with the most free vectors gets one: vector 0x%02x on CPU%u\n",
	    st.vector, st.cpu);
	show_vector(irq);

	step(4, "irq_chip_compose_msi_msg: the parent (APIC) composes the message");
	irq_chip_compose_msi_msg(irq_get_irq_data(irq), &msg);
	say("    message: address 0x%08x%08x data 0x%08x\n", msg.address_hi, msg.address_lo,
	    msg.data);
	say("    x86 format: 0xFEE | destination APIC ID %u (bits 19:12) | physical, "
	    "fixed delivery, edge, vector 0x%02x (bits 7:0)\n",
	    (msg.address_lo >> 12) & 0xff, msg.data & 0xff);

	step(5, "pci_write_msi_msg: the leaf writes it into table entry 0 over MMIO");
	for (i = 0; i < wlog.n; i++) {
		if ((wlog.w[i].off - TABLE_OFF) % 16 == 12) {
			first_ctrl = i;
			break;
		}
		describe_write(dev, &wlog.w[i]);
	}
	say("    (written at activation, and again by the startup's affinity setting)\n");
	if (first_ctrl)
		show_entry_bytes("read back after the write:", 0, wlog.w[first_ctrl - 1].entry);

	step(6, "pci_msi_unmask_irq: startup clears the entry's mask bit, last");
	for (i = first_ctrl; i < wlog.n; i++)
		describe_write(dev, &wlog.w[i]);
	show_entry("read back:", 0);
	show_flags(irq);
	return 0;
}

static bool irr_set(unsigned int cpu, unsigned int vector)
{
	return irqlab_lapic_read(m, cpu, APIC_IRR + vector / 32 * 0x10) & (1u << (vector % 32));
}

/* The device raises queue @k: a posted memory write of its table entry. */
static void fire(unsigned int k, unsigned int irq)
{
	struct irqlab_x86_irq_state st;
	u8 b[16];

	read_entry(k, b);
	irqlab_x86_irq_state(irq, &st);
	say("    device raises vector %u: memory write 0x%08x to 0x%08x\n", k, le32(b + 8),
	    le32(b));
	irqlab_pci_fn_raise(fn, k);
	say("    LAPIC of CPU%u: IRR bit 0x%02x %s\n", (le32(b) >> 12) & 0xff, le32(b + 8) & 0xff,
	    irr_set((le32(b) >> 12) & 0xff, le32(b + 8) & 0xff) ? "set" : "clear");
	irqlab_run_until_idle(m);
}

static void phase_runtime(struct pci_dev *dev, unsigned int *irqs)
{
	struct irqlab_x86_irq_state st, before;
	unsigned int k, i, oldcpu;

	step(7, "runtime delivery: the device writes, the LAPIC latches, the CPU runs the handler");
	for (k = 0; k < NQ; k++)
		fire(k, irqs[k]);
	show_proc_row(irqs[0]);

	irqlab_x86_irq_state(irqs[0], &before);
	oldcpu = before.cpu;
	say("    irq_set_affinity(%u, CPU%u): PCI/MSI moves at the next interrupt "
	    "(IRQCHIP_MOVE_DEFERRED)\n", irqs[0], (oldcpu + 2) % 4);
	irq_set_affinity(irqs[0], cpumask_of((oldcpu + 2) % 4));
	wlog.n = 0;
	irqlab_pci_set_write_hook(dev, record_write, NULL);
	fire(0, irqs[0]);
	irqlab_pci_set_write_hook(dev, NULL, NULL);
	irqlab_x86_irq_state(irqs[0], &st);
	say("    that interrupt, on CPU%u, moved it: entry 0 rewritten, masked around it, the new\n"
	    "    vector first with the old CPU, then the new CPU (every message on the way is valid):\n",
	    oldcpu);
	for (i = 0; i < wlog.n; i++)
		describe_write(dev, &wlog.w[i]);
	say("    VECTOR: vector 0x%02x on CPU%u; old vector 0x%02x on CPU%u kept until the "
	    "device uses the new one\n", st.vector, st.cpu, st.prev_vector, st.prev_cpu);
	show_matrix();
	fire(0, irqs[0]);
	irqlab_x86_irq_state(irqs[0], &st);
	say("    first interrupt on the new CPU: cleanup freed the old vector (previous vector "
	    "now %u)\n", st.prev_vector);
	show_matrix();
	show_proc_row(irqs[0]);
}

/* The state [8] must restore: the config space image and the matrix. */
struct snapshot {
	u8 space[PCI_CFG_SPACE_EXP_SIZE];
	struct irqlab_matrix_stats ms;
	unsigned int active;
};

static void snapshot(struct snapshot *s)
{
	memcpy(s->space, irqlab_pci_fn_config_space(fn), sizeof(s->space));
	irqlab_matrix_get_stats(mx, &s->ms);
	s->active = irqlab_nr_active_irqs();
}

static void phase_free(struct pci_dev *dev, unsigned int *irqs, const struct snapshot *s0)
{
	struct snapshot s1;
	unsigned int k;
	u8 b[16];
	bool zero = true;

	step(8, "free_irq (mask, then deactivate: the zero message), pci_free_irq_vectors");
	for (k = 0; k < NQ; k++)
		free_irq(irqs[k], &handled[k]);
	show_entry("after free_irq:", 0);
	show_flags(irqs[0]);
	show_vector(irqs[0]);
	pci_free_irq_vectors(dev);
	show_device_regs(dev);
	for (k = 0; k < NQ; k++) {
		read_entry(k, b);
		zero = zero && !le32(b) && !le32(b + 4) && !le32(b + 8) && le32(b + 12) == 1;
	}
	say("    entries 0-%u: %s\n", NQ - 1, zero ? "zero message, masked (as at reset)" :
						     "NOT back to reset");
	say("    irq_to_desc(%u) = %s\n", irqs[0], irq_to_desc(irqs[0]) ? "still there" : "NULL");
	show_matrix();
	snapshot(&s1);
	say("    back to the state before [1]: config space %s, matrix %s, active irqs %u -> %u\n",
	    memcmp(s0->space, s1.space, sizeof(s1.space)) ? "DIFFERS" : "identical",
	    memcmp(&s0->ms, &s1.ms, sizeof(s1.ms)) ? "DIFFERS" : "identical", s0->active,
	    s1.active);
	say("    the per-device domain stays until the device goes: %s\n",
	    irqlab_domain_find_by_name("PCI-MSIX-" BDF "-12") ? "present" : "gone");
	irqlab_pci_remove(dev);
	say("    after irqlab_pci_remove: %s\n",
	    irqlab_domain_find_by_name("PCI-MSIX-" BDF "-12") ? "still present" : "gone");
}

static int create_device(struct pci_dev **dev)
{
	struct irqlab_pci_fn_config c = {
		.bdf = BDF,
		.vendor = 0x1414,
		.device = 0x00ba,
		.class_code = 0x020000,
		.intx_pin = 1,
	};
	int ret;

	c.bars[0].size = 0x100000;
	c.bars[TABLE_BAR].size = 0x8000;
	c.msix.present = true;
	c.msix.entries = ENTRIES;
	c.msix.table_bar = TABLE_BAR;
	c.msix.table_offset = TABLE_OFF;
	c.msix.pba_bar = TABLE_BAR;
	c.msix.pba_offset = PBA_OFF;
	c.pcie.present = true;
	ret = irqlab_pci_fn_create(m, &c, &fn);
	if (!ret)
		ret = irqlab_pci_probe(m, BDF, dev);
	if (ret)
		return ret;
	pci_set_master(*dev);
	say("    device %s [%04x:%04x], BAR4 at 0x%08llx: MSI-X table of %u entries at +0x%x, "
	    "PBA at +0x%x\n", pci_name(*dev), (*dev)->vendor, (*dev)->device,
	    (unsigned long long)pci_resource_start(*dev, TABLE_BAR), ENTRIES, TABLE_OFF, PBA_OFF);
	show_device_regs(*dev);
	return 0;
}

int irqlab_demo(FILE *o)
{
	struct irqlab_machine_config mc = { .nr_cpus = 4, .platform = IRQLAB_PLATFORM_X86 };
	unsigned int irqs[NQ], k;
	struct snapshot s0;
	struct pci_dev *dev;
	int ret;

	out = o;
	memset(handled, 0, sizeof(handled));
	say("irqlab guided demo: the life of a PCI MSI-X interrupt\n");
	say("(a MANA-like NIC with four queue vectors on a 4-CPU x86 machine)\n");
	ret = irqlab_machine_create(&mc, &m);
	if (ret)
		return ret;
	mx = irqlab_x86_matrix(m);
	ret = create_device(&dev);
	if (ret)
		goto out;
	show_matrix();
	snapshot(&s0);

	ret = phase_alloc(dev, irqs);
	for (k = 0; !ret && k < NQ; k++)
		ret = phase_request(dev, k, irqs[k]);
	if (ret)
		goto out;
	phase_runtime(dev, irqs);
	phase_free(dev, irqs, &s0);
out:
	say("\nkernel log (dmesg):\n%s", irqlab_dmesg(m)[0] ? irqlab_dmesg(m) : "    (empty)\n");
	irqlab_machine_destroy(m);
	if (ret < 0)
		fprintf(stderr, "irqlab demo: failed: %s\n", irqlab_strerror(ret));
	return ret < 0 ? ret : 0;
}
