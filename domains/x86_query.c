// SPDX-License-Identifier: MIT
/*
 * Read-only views of the x86 kernel-side state for tests, /proc and
 * debugfs renderers (irqlab/x86.h).
 */
#include "x86_internals.h"

struct irq_domain *irqlab_x86_vector_domain(struct irqlab_machine *m)
{
	return m && m->x86 ? m->x86->vector_domain : NULL;
}

struct irq_matrix *irqlab_x86_matrix(struct irqlab_machine *m)
{
	return m && m->x86 ? m->x86->matrix : NULL;
}

/* The vector level's chip data of @irq on the current machine, or NULL. */
static struct apic_chip_data *irq_apicd(unsigned int irq)
{
	struct irqlab_machine *m = irqlab_cur();
	struct irq_data *irqd;

	if (!m || !m->x86)
		return NULL;
	irqd = irq_domain_get_irq_data(m->x86->vector_domain, irq);
	return irqd ? irqd->chip_data : NULL;
}

int irqlab_x86_irq_vector(unsigned int irq, unsigned int *vector, unsigned int *cpu)
{
	struct irqlab_x86_irq_state st;
	int ret = irqlab_x86_irq_state(irq, &st);

	*vector = st.vector;
	*cpu = st.cpu;
	return ret;
}

int irqlab_x86_irq_state(unsigned int irq, struct irqlab_x86_irq_state *st)
{
	struct apic_chip_data *apicd = irq_apicd(irq);

	*st = (struct irqlab_x86_irq_state){ 0 };
	if (!apicd)
		return -EINVAL;
	lock_vector_lock(apicd->x86);
	st->vector = apicd->vector;
	st->cpu = apicd->cpu;
	st->prev_vector = apicd->prev_vector;
	st->prev_cpu = apicd->prev_cpu;
	st->cfg_vector = apicd->hw_irq_cfg.vector;
	st->cfg_dest_apicid = apicd->hw_irq_cfg.dest_apicid;
	st->move_in_progress = apicd->move_in_progress;
	st->is_managed = apicd->is_managed;
	st->can_reserve = apicd->can_reserve;
	st->has_reserved = apicd->has_reserved;
	st->cleanup_pending = apicd->cl_pprev != NULL;
	unlock_vector_lock(apicd->x86);
	return 0;
}

int irqlab_x86_vector_irq(struct irqlab_machine *m, unsigned int cpu, unsigned int vector,
			  enum irqlab_x86_vector_state *state, unsigned int *irq)
{
	struct irq_desc *desc;

	*state = IRQLAB_VECTOR_UNUSED;
	*irq = 0;
	if (!m || !m->x86 || cpu >= m->nr_cpus || vector >= NR_VECTORS)
		return -EINVAL;
	lock_vector_lock(m->x86);
	desc = vector_irq_get(m->x86, cpu, vector);
	unlock_vector_lock(m->x86);
	if (desc == VECTOR_SHUTDOWN) {
		*state = IRQLAB_VECTOR_SHUTDOWN;
	} else if (desc == VECTOR_RETRIGGERED) {
		*state = IRQLAB_VECTOR_RETRIGGERED;
	} else if (desc) {
		*state = IRQLAB_VECTOR_IRQ;
		*irq = irq_desc_get_irq(desc);
	}
	return 0;
}

unsigned int irqlab_x86_irq_err_count(struct irqlab_machine *m)
{
	return m && m->x86 ? __atomic_load_n(&m->x86->irq_err_count, __ATOMIC_RELAXED) : 0;
}

unsigned int irqlab_x86_irq_mis_count(struct irqlab_machine *m)
{
	return m && m->x86 ? __atomic_load_n(&m->x86->irq_mis_count, __ATOMIC_RELAXED) : 0;
}

unsigned int irqlab_x86_spurious_count(struct irqlab_machine *m, unsigned int cpu)
{
	if (!m || !m->x86 || cpu >= m->nr_cpus)
		return 0;
	return __atomic_load_n(&m->x86->spurious_count[cpu], __ATOMIC_RELAXED);
}

unsigned int irqlab_x86_sysvec_count(struct irqlab_machine *m, unsigned int cpu,
				     unsigned int vector)
{
	if (!m || !m->x86 || cpu >= m->nr_cpus || vector < FIRST_SYSTEM_VECTOR ||
	    vector >= NR_VECTORS)
		return 0;
	return __atomic_load_n(&m->x86->sysvec_count[(size_t)cpu * NR_SYSTEM_VECTORS +
						     (vector - FIRST_SYSTEM_VECTOR)],
			       __ATOMIC_RELAXED);
}
