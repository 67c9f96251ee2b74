// SPDX-License-Identifier: MIT
/*
 * The guided demo: what it prints is what happened.  The facts it shows
 * from the device side (writes, entry bytes, registers) and the kernel side
 * (vectors, flags, matrix counts, /proc/interrupts) are checked against
 * each other and against the x86 rules: the message written is the one
 * composed for the vector assigned, the interrupt runs where the message
 * points, and the free restores the state before the allocation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "fixture.h"

static char *run_demo(int *ret)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	*ret = irqlab_demo(f);
	fclose(f);
	return text;
}

/* @a appears before @b, both after @from; returns where @b is. */
static const char *assert_order(const char *from, const char *a, const char *b)
{
	const char *pa = strstr(from, a), *pb = pa ? strstr(pa, b) : NULL;

	ck_assert_msg(pa, "missing \"%s\"", a);
	ck_assert_msg(pb, "missing \"%s\" after \"%s\"", b, a);
	return pb;
}

static const char *find(const char *from, const char *what)
{
	const char *p = strstr(from, what);

	ck_assert_msg(p, "missing \"%s\"", what);
	return p;
}

/* [1]: the kernel's MSI-X enable sequence and the reservation-mode state. */
static void check_alloc(const char *t)
{
	const char *p = find(t, "[1] pci_alloc_irq_vectors(dev, 4, 4, PCI_IRQ_MSIX)\n    = 4");

	p = assert_order(p, "config 0x042 (MSI-X control) <- 0xc3ff",
			 "BAR4+0x3008 (entry 0 data) <- 0x000000ef");
	p = assert_order(p, "BAR4+0x3038 (entry 3 data) <- 0x000000ef",
			 "config 0x004 (Command) <- 0x0406");
	p = assert_order(p, "(vector control of every entry)",
			 "config 0x042 (MSI-X control) <- 0x83ff");
	find(p, "(1024 vector-control writes: every entry masked)");
	find(p, "MSI-X: Enable+ Count=1024 Masked-; Command: BusMaster+ DisINTx+");
	find(p, "domain PCI-MSIX-0000:00:05.0-12 (hwirq = table index) over VECTOR");
	find(p, "irq 24 flags: CAN_RESERVE MASKED DISABLED\n");
	find(p, "no vector (reservation only); hardware is given vector 0xef on CPU0");
	find(p, "entry 0: 00 00 e0 fe  00 00 00 00  ef 00 00 00  01 00 00 00");
	/* Four global reservations, no vector on any CPU yet. */
	find(p, "matrix: reserved 5, allocated 0; CPU0 0/203");
}

/* [3]-[6]: the vector assigned is the one composed, written, then unmasked. */
static void check_request(const char *t)
{
	const char *p = find(t, "[3] irq_domain_activate_irq");
	unsigned int vec, cpu, dest, mvec;
	char want[160];

	ck_assert_int_eq(sscanf(strstr(p, "gets one: vector "), "gets one: vector 0x%x on CPU%u",
				&vec, &cpu), 2);
	ck_assert(vec >= 0x20 && vec < 0xec);
	p = find(p, "[4] irq_chip_compose_msi_msg");
	ck_assert_int_eq(sscanf(strstr(p, "message: "), "message: address 0x00000000fee%02x000 "
				"data 0x%x", &dest, &mvec), 2);
	ck_assert_uint_eq(dest, cpu);
	ck_assert_uint_eq(mvec, vec);
	p = find(p, "[5] pci_write_msi_msg");
	snprintf(want, sizeof(want), "(entry 0 address low) <- 0xfee%02x000", cpu);
	p = find(p, want);
	snprintf(want, sizeof(want), "(entry 0 data) <- 0x%08x", vec);
	p = find(p, want);
	snprintf(want, sizeof(want),
		 "read back after the write: entry 0: 00 %02x e0 fe  00 00 00 00  %02x 00 00 00  "
		 "01 00 00 00", cpu << 4, vec);
	p = find(p, want);
	p = find(p, "[6] pci_msi_unmask_irq");
	p = find(p, "(entry 0 vector control) <- 0x00000000");
	snprintf(want, sizeof(want), "read back: entry 0: 00 %02x e0 fe  00 00 00 00  %02x 00 00 00  "
		 "00 00 00 00  (address 0xfee%02x000, data 0x%08x, unmasked)", cpu << 4, vec, cpu,
		 vec);
	p = find(p, want);
	find(p, "irq 24 flags: ACTIVATED STARTED");
}

/* [7]: each queue runs where its message points; the move and cleanup. */
static void check_runtime(const char *t)
{
	const char *p = find(t, "[7] runtime delivery");
	unsigned int q, seen = 0;
	char want[160];

	for (q = 0; q < 4; q++) {
		unsigned int data, dest, cpu, irq, call, qq;

		p = strstr(p, "device raises vector");
		ck_assert_ptr_nonnull(p);
		ck_assert_int_eq(sscanf(p, "device raises vector %u: memory write 0x%x to 0xfee%02x000",
					&qq, &data, &dest), 3);
		ck_assert_uint_eq(qq, q);
		p = strstr(p, "handler mana_q");
		ck_assert_int_eq(sscanf(p, "handler mana_q%u@pci:0000:00:05.0: irq %u on CPU%u "
					"(call %u)", &qq, &irq, &cpu, &call), 4);
		ck_assert_uint_eq(qq, q);
		ck_assert_uint_eq(irq, q + 24);
		ck_assert_uint_eq(cpu, dest);
		ck_assert_uint_eq(call, 1);
		/* The four queues are spread over the four CPUs. */
		ck_assert(!(seen & (1u << cpu)));
		seen |= 1u << cpu;
	}
	find(p, "/proc/interrupts:  24:          1          0          0          0 "
		"PCI-MSIX-0000:00:05.0   0-edge      mana_q0@pci:0000:00:05.0");
	p = find(p, "irq_set_affinity(24, CPU2)");
	p = find(p, "handler mana_q0@pci:0000:00:05.0: irq 24 on CPU0 (call 2)");
	/* The rewrite: masked, new vector with the old CPU, then the new CPU. */
	p = assert_order(p, "(entry 0 vector control) <- 0x00000001",
			 "(entry 0 address low) <- 0xfee00000");
	p = assert_order(p, "(entry 0 data) <- 0x00000021", "(entry 0 address low) <- 0xfee02000");
	p = find(p, "(entry 0 vector control) <- 0x00000000");
	p = find(p, "vector 0x21 on CPU2; old vector 0x20 on CPU0 kept");
	p = find(p, "CPU0 1/202 CPU1 1/202 CPU2 2/201 CPU3 1/202");
	p = find(p, "memory write 0x00000021 to 0xfee02000");
	p = find(p, "LAPIC of CPU2: IRR bit 0x21 set");
	p = find(p, "handler mana_q0@pci:0000:00:05.0: irq 24 on CPU2 (call 3)");
	p = find(p, "(previous vector now 0)");
	p = find(p, "CPU0 0/203 CPU1 1/202 CPU2 2/201 CPU3 1/202");
	snprintf(want, sizeof(want), "/proc/interrupts:  24:          2          0          1  "
		 "        0 PCI-MSIX-0000:00:05.0   0-edge");
	find(p, want);
}

/* [8]: back to the state before [1]. */
static void check_free(const char *t)
{
	const char *p = find(t, "[8] free_irq");

	p = find(p, "after free_irq: entry 0: 00 00 00 00  00 00 00 00  00 00 00 00  01 00 00 00");
	p = find(p, "irq 24 flags: CAN_RESERVE MASKED DISABLED");
	p = find(p, "MSI-X: Enable- Count=1024 Masked-; Command: BusMaster+ DisINTx-");
	p = find(p, "entries 0-3: zero message, masked (as at reset)");
	p = find(p, "irq_to_desc(24) = NULL");
	p = find(p, "matrix: reserved 1, allocated 0; CPU0 0/203 CPU1 0/203 CPU2 0/203 CPU3 0/203");
	p = find(p, "config space identical, matrix identical, active irqs 1 -> 1");
	p = find(p, "the per-device domain stays until the device goes: present");
	find(p, "after irqlab_pci_remove: gone");
}

START_TEST(test_demo_phases)
{
	long live = irqlab_alloc_live();
	const char *p;
	int ret, i;
	char *t = run_demo(&ret);

	ck_assert_int_eq(ret, 0);
	/* The eight phases, in order. */
	p = t;
	for (i = 1; i <= 8; i++) {
		char hdr[8];

		snprintf(hdr, sizeof(hdr), "\n[%d] ", i);
		p = find(p, hdr);
	}
	find(t, "device 0000:00:05.0 [1414:00ba], BAR4 at 0xc0100000: MSI-X table of 1024 "
		"entries at +0x3000, PBA at +0x7000");
	check_alloc(t);
	check_request(t);
	check_runtime(t);
	check_free(t);
	ck_assert_ptr_null(strstr(t, "WARNING"));
	ck_assert_ptr_null(strstr(t, "No irq handler"));
	ck_assert_int_eq(irqlab_alloc_live(), live);
	ck_assert_ptr_null(irqlab_machine_current());
	free(t);
}
END_TEST

/* Two runs print the same thing: the demo is deterministic. */
START_TEST(test_demo_deterministic)
{
	int r1, r2;
	char *a = run_demo(&r1), *b = run_demo(&r2);

	ck_assert_int_eq(r1, 0);
	ck_assert_int_eq(r2, 0);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("demo");
	TCase *tc = tcase_create("walk");

	tcase_add_test(tc, test_demo_phases);
	tcase_add_test(tc, test_demo_deterministic);
	suite_add_tcase(s, tc);
	return tm_run_suite(s);
}
