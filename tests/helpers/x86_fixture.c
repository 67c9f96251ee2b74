// SPDX-License-Identifier: MIT
#include "x86_fixture.h"

#include <string.h>

#include "irqlab/matrix.h"

unsigned int x86_hits[X86_MAX_IRQS];
unsigned int x86_hit_cpu[X86_MAX_IRQS];

void x86_create(unsigned int nr_cpus)
{
	struct irqlab_machine_config cfg = {
		.nr_cpus = nr_cpus,
		.platform = IRQLAB_PLATFORM_X86,
	};

	memset(x86_hits, 0, sizeof(x86_hits));
	memset(x86_hit_cpu, 0, sizeof(x86_hit_cpu));
	tm_create(&cfg);
}

void x86_setup(void)
{
	x86_create(4);
}

void x86_teardown(void)
{
	tm_destroy();
}

struct irq_domain *x86_vd(void)
{
	return irqlab_x86_vector_domain(tm);
}

struct irq_matrix *x86_mx(void)
{
	return irqlab_x86_matrix(tm);
}

int x86_alloc(unsigned int n, const struct cpumask *mask)
{
	struct irq_alloc_info info;

	if (!mask)
		return irq_domain_alloc_irqs(x86_vd(), n, NUMA_NO_NODE, NULL);
	init_irq_alloc_info(&info, mask);
	return irq_domain_alloc_irqs(x86_vd(), n, NUMA_NO_NODE, &info);
}

int x86_alloc_managed(const struct cpumask *mask)
{
	struct irq_affinity_desc affd = { .mask = (struct cpumask *)mask, .is_managed = 1 };

	return __irq_domain_alloc_irqs(x86_vd(), -1, 1, NUMA_NO_NODE, NULL, false, &affd);
}

static irqreturn_t x86_handler(int irq, void *dev_id)
{
	unsigned int *hits = dev_id;

	(*hits)++;
	x86_hit_cpu[irq] = smp_processor_id();
	return IRQ_HANDLED;
}

int x86_request(unsigned int irq)
{
	ck_assert_uint_lt(irq, X86_MAX_IRQS);
	return request_irq(irq, x86_handler, 0, "x86test", &x86_hits[irq]);
}

void x86_free(unsigned int irq)
{
	free_irq(irq, &x86_hits[irq]);
}

void x86_msg(unsigned int irq, u64 *addr, u32 *data)
{
	struct msi_msg msg;

	ck_assert_int_eq(irq_chip_compose_msi_msg(irq_get_irq_data(irq), &msg), 0);
	*addr = (u64)msg.address_hi << 32 | msg.address_lo;
	*data = msg.data;
}

void x86_write(u64 addr, u32 data)
{
	ck_assert_int_eq(irqlab_bus_write(tm, addr, data), 0);
}

void x86_fire(unsigned int irq)
{
	u64 addr;
	u32 data;

	x86_msg(irq, &addr, &data);
	x86_write(addr, data);
}

u64 x86_msi_addr(unsigned int dest)
{
	return X86_MSI_BASE_ADDRESS_LOW | (dest & 0xffu) << 12 | ((dest >> 8) & 0x7fu) << 5;
}

struct irqlab_x86_irq_state x86_state(unsigned int irq)
{
	struct irqlab_x86_irq_state st;

	ck_assert_int_eq(irqlab_x86_irq_state(irq, &st), 0);
	return st;
}

enum irqlab_x86_vector_state x86_table(unsigned int cpu, unsigned int vector,
				       unsigned int *irq)
{
	enum irqlab_x86_vector_state s;
	unsigned int dummy;

	ck_assert_int_eq(irqlab_x86_vector_irq(tm, cpu, vector, &s, irq ? irq : &dummy), 0);
	return s;
}

static bool reg_bit(unsigned int cpu, unsigned int base, unsigned int v)
{
	return irqlab_lapic_read(tm, cpu, base + v / 32 * 0x10) & (1u << (v % 32));
}

bool x86_irr(unsigned int cpu, unsigned int vector)
{
	return reg_bit(cpu, APIC_IRR, vector);
}

bool x86_isr(unsigned int cpu, unsigned int vector)
{
	return reg_bit(cpu, APIC_ISR, vector);
}

void x86_assert_no_isr(void)
{
	unsigned int cpu, w;

	for_each_cpu(cpu, irqlab_cpu_online_mask())
		for (w = 0; w < 8; w++)
			ck_assert_uint_eq(irqlab_lapic_read(tm, cpu, APIC_ISR + w * 0x10), 0);
}

struct irqlab_matrix_stats x86_mstats(void)
{
	struct irqlab_matrix_stats st;

	irqlab_matrix_get_stats(x86_mx(), &st);
	return st;
}
