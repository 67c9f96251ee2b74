// SPDX-License-Identifier: MIT
/*
 * The x86 vector domain (arch/x86/kernel/apic/vector.c analogue): the root
 * "VECTOR" domain and its chip "APIC".  Each irq gets one vector on one
 * CPU from the machine's vector matrix:
 * - a managed irq reserves a vector on every CPU of its affinity at
 *   allocation and takes one of them at activation;
 * - a regular irq in reservation mode only reserves globally at
 *   allocation, and gets a vector at activation (on its node, its
 *   affinity, the node, any online CPU: the first that has room);
 * - an irq allocated with a mask gets its vector at once.
 * Until activation, and while a managed irq is shut down, the hardware is
 * given MANAGED_IRQ_SHUTDOWN_VECTOR on the first online CPU.
 */
#include <string.h>

#include "x86_internals.h"

/**
 * apic_chip_data() - the vector level's chip data of an irq.
 * @irqd: any level of the irq, or NULL.
 *
 * Return: the chip data of the root level (the vector domain's), or NULL.
 */
struct apic_chip_data *apic_chip_data(struct irq_data *irqd)
{
	if (!irqd)
		return NULL;
	while (irqd->parent_data)
		irqd = irqd->parent_data;
	return irqd->chip_data;
}

/**
 * irqd_cfg() - what the hardware of an irq is programmed with.
 * @irqd: any level of the irq, or NULL.
 *
 * Return: the vector level's configuration, or NULL.
 */
struct irq_cfg *irqd_cfg(struct irq_data *irqd)
{
	struct apic_chip_data *apicd = apic_chip_data(irqd);

	return apicd ? &apicd->hw_irq_cfg : NULL;
}

/**
 * lock_vector_lock() - take the machine's vector_lock.
 * @x86: the machine's arch state.
 */
void lock_vector_lock(struct irqlab_x86 *x86)
{
	raw_spin_lock(&x86->vector_lock);
}

/**
 * unlock_vector_lock() - release the machine's vector_lock.
 * @x86: the machine's arch state.
 */
void unlock_vector_lock(struct irqlab_x86 *x86)
{
	raw_spin_unlock(&x86->vector_lock);
}

void init_irq_alloc_info(struct irq_alloc_info *info, const struct cpumask *mask)
{
	memset(info, 0, sizeof(*info));
	info->mask = mask;
}

static struct apic_chip_data *alloc_apic_chip_data(struct irqlab_x86 *x86,
						   struct irq_data *irqd)
{
	struct apic_chip_data *apicd = kzalloc(sizeof(*apicd), GFP_KERNEL);

	if (!apicd)
		return NULL;
	apicd->x86 = x86;
	apicd->irqd = irqd;
	lock_vector_lock(x86);
	apicd->all_next = x86->all;
	if (x86->all)
		x86->all->all_prev = apicd;
	x86->all = apicd;
	unlock_vector_lock(x86);
	return apicd;
}

/* Unlink from the machine's list; vector_lock held. */
static void unlink_apic_chip_data(struct apic_chip_data *apicd)
{
	if (apicd->all_prev)
		apicd->all_prev->all_next = apicd->all_next;
	else
		apicd->x86->all = apicd->all_next;
	if (apicd->all_next)
		apicd->all_next->all_prev = apicd->all_prev;
}

/**
 * apic_update_irq_cfg() - set what the hardware is given.
 * @irqd: the vector level.
 * @vector: the vector.
 * @cpu: the target CPU; it becomes the effective affinity.
 *
 * Context: vector_lock held.
 */
void apic_update_irq_cfg(struct irq_data *irqd, unsigned int vector, unsigned int cpu)
{
	struct apic_chip_data *apicd = apic_chip_data(irqd);

	lockdep_assert_held(&apicd->x86->vector_lock);
	apicd->hw_irq_cfg.vector = vector;
	apicd->hw_irq_cfg.dest_apicid = cpu; /* APIC ID == CPU number */
	irq_data_update_effective_affinity(irqd, cpumask_of(cpu));
	trace_vector_config(irqd->irq, vector, cpu, apicd->hw_irq_cfg.dest_apicid);
}

/**
 * apic_update_vector() - install a newly allocated vector.
 * @irqd: the vector level.
 * @newvec: the vector.
 * @newcpu: its CPU.
 *
 * The old vector stays allocated (prev_*, move_in_progress) until the
 * first interrupt on the new one if its CPU is online; otherwise it is
 * freed at once.  The old CPU's table entry is left alone: fixup_irqs()
 * still scans it when that CPU is dying.
 *
 * Context: vector_lock held.
 */
void apic_update_vector(struct irq_data *irqd, unsigned int newvec, unsigned int newcpu)
{
	struct apic_chip_data *apicd = apic_chip_data(irqd);
	struct irqlab_x86 *x86 = apicd->x86;
	bool managed = irqd_affinity_is_managed(irqd);

	lockdep_assert_held(&x86->vector_lock);
	trace_vector_update(irqd->irq, newvec, newcpu, apicd->vector, apicd->cpu);
	apicd->prev_vector = 0;
	if (apicd->vector && apicd->vector != MANAGED_IRQ_SHUTDOWN_VECTOR) {
		if (cpu_online(apicd->cpu)) {
			apicd->move_in_progress = true;
			apicd->prev_vector = apicd->vector;
			apicd->prev_cpu = apicd->cpu;
			WARN_ON_ONCE(apicd->cpu == newcpu);
		} else {
			irq_matrix_free(x86->matrix, apicd->cpu, apicd->vector, managed);
		}
	}
	apicd->vector = newvec;
	apicd->cpu = newcpu;
	WARN_ON(!IS_ERR_OR_NULL(vector_irq_get(x86, newcpu, newvec)));
	vector_irq_set(x86, newcpu, newvec, irq_data_to_desc(irqd));
}

/* Point the hardware at the shutdown vector (nothing is allocated). */
static void vector_assign_managed_shutdown(struct irq_data *irqd)
{
	apic_update_irq_cfg(irqd, MANAGED_IRQ_SHUTDOWN_VECTOR,
			    cpumask_first(cpu_online_mask));
}

static int reserve_managed_vector(struct irq_data *irqd)
{
	struct apic_chip_data *apicd = apic_chip_data(irqd);
	int ret;

	lock_vector_lock(apicd->x86);
	apicd->is_managed = true;
	ret = irq_matrix_reserve_managed(apicd->x86->matrix,
					 irq_data_get_affinity_mask(irqd));
	unlock_vector_lock(apicd->x86);
	trace_vector_reserve_managed(irqd->irq, ret);
	return ret;
}

static void reserve_irq_vector_locked(struct irq_data *irqd)
{
	struct apic_chip_data *apicd = apic_chip_data(irqd);

	irq_matrix_reserve(apicd->x86->matrix);
	apicd->can_reserve = true;
	apicd->has_reserved = true;
	irqd_set_can_reserve(irqd);
	trace_vector_reserve(irqd->irq, 0);
	vector_assign_managed_shutdown(irqd);
}

static int reserve_irq_vector(struct irq_data *irqd)
{
	struct apic_chip_data *apicd = apic_chip_data(irqd);

	lock_vector_lock(apicd->x86);
	reserve_irq_vector_locked(irqd);
	unlock_vector_lock(apicd->x86);
	return 0;
}

/**
 * assign_vector_locked() - give a regular irq a vector on @dest.
 * @irqd: the vector level.
 * @dest: the candidate CPUs (online ones are used).
 *
 * Context: vector_lock held.
 * Return: 0 (also when the current CPU is in @dest), -EBUSY while a move
 * or its cleanup is pending, or the matrix's -EINVAL/-ENOSPC.
 */
int assign_vector_locked(struct irq_data *irqd, const struct cpumask *dest)
{
	struct apic_chip_data *apicd = apic_chip_data(irqd);
	unsigned int cpu = apicd->cpu;
	int vector = (int)apicd->vector;

	lockdep_assert_held(&apicd->x86->vector_lock);
	/* Already on an online CPU of @dest: no reason to move. */
	if (vector && cpu_online(cpu) && cpumask_test_cpu(cpu, dest))
		return 0;
	/* A move or its cleanup is pending: a new vector would leak one. */
	if (apicd->move_in_progress || apicd->cl_pprev)
		return -EBUSY;
	vector = irq_matrix_alloc(apicd->x86->matrix, dest, apicd->has_reserved, &cpu);
	trace_vector_alloc(irqd->irq, (unsigned int)vector, apicd->has_reserved, vector);
	if (vector < 0)
		return vector;
	apic_update_vector(irqd, (unsigned int)vector, cpu);
	apic_update_irq_cfg(irqd, (unsigned int)vector, cpu);
	return 0;
}

static int assign_irq_vector(struct irq_data *irqd, const struct cpumask *dest)
{
	struct irqlab_x86 *x86 = apic_chip_data(irqd)->x86;
	int ret;

	lock_vector_lock(x86);
	cpumask_and(x86->searchmask, dest, cpu_online_mask);
	ret = assign_vector_locked(irqd, x86->searchmask);
	unlock_vector_lock(x86);
	return ret;
}

/* Node and affinity, affinity, node, anything online: the first with room. */
static int assign_irq_vector_any_locked(struct irq_data *irqd)
{
	struct irqlab_x86 *x86 = apic_chip_data(irqd)->x86;
	const struct cpumask *affmsk = irq_data_get_affinity_mask(irqd);
	int node = irq_data_get_node(irqd);

	if (node != NUMA_NO_NODE) {
		cpumask_and(x86->searchmask, cpumask_of_node(node), affmsk);
		if (!assign_vector_locked(irqd, x86->searchmask))
			return 0;
	}
	cpumask_and(x86->searchmask, affmsk, cpu_online_mask);
	if (!assign_vector_locked(irqd, x86->searchmask))
		return 0;
	if (node != NUMA_NO_NODE && !assign_vector_locked(irqd, cpumask_of_node(node)))
		return 0;
	return assign_vector_locked(irqd, cpu_online_mask);
}

static int assign_irq_vector_policy(struct irq_data *irqd, struct irq_alloc_info *info)
{
	if (irqd_affinity_is_managed(irqd))
		return reserve_managed_vector(irqd);
	if (info->mask)
		return assign_irq_vector(irqd, info->mask);
	/* Only a global reservation; the vector comes at activation. */
	return reserve_irq_vector(irqd);
}

/**
 * assign_managed_vector() - give a managed irq a reserved vector.
 * @irqd: the vector level.
 * @dest: the candidate CPUs, narrowed to the irq's affinity.
 *
 * Context: vector_lock held.
 * Return: 0 (also when the current CPU qualifies), or the matrix's error.
 */
int assign_managed_vector(struct irq_data *irqd, const struct cpumask *dest)
{
	struct apic_chip_data *apicd = apic_chip_data(irqd);
	struct irqlab_x86 *x86 = apicd->x86;
	unsigned int cpu;
	int vector;

	cpumask_and(x86->searchmask, dest, irq_data_get_affinity_mask(irqd));
	/* set_affinity might call here for nothing */
	if (apicd->vector && cpumask_test_cpu(apicd->cpu, x86->searchmask))
		return 0;
	vector = irq_matrix_alloc_managed(x86->matrix, x86->searchmask, &cpu);
	trace_vector_alloc_managed(irqd->irq, (unsigned int)vector, vector);
	if (vector < 0)
		return vector;
	apic_update_vector(irqd, (unsigned int)vector, cpu);
	apic_update_irq_cfg(irqd, (unsigned int)vector, cpu);
	return 0;
}

/* Release the vector and a move's old vector; their table entries go to
 * VECTOR_SHUTDOWN (an interrupt still in flight is then eaten silently). */
static void clear_irq_vector(struct irq_data *irqd)
{
	struct apic_chip_data *apicd = apic_chip_data(irqd);
	struct irqlab_x86 *x86 = apicd->x86;
	bool managed = irqd_affinity_is_managed(irqd);
	unsigned int vector = apicd->vector;

	lockdep_assert_held(&x86->vector_lock);
	if (!vector)
		return;
	trace_vector_clear(irqd->irq, vector, apicd->cpu, apicd->prev_vector, apicd->prev_cpu);
	vector_irq_set(x86, apicd->cpu, vector, VECTOR_SHUTDOWN);
	irq_matrix_free(x86->matrix, apicd->cpu, vector, managed);
	apicd->vector = 0;

	vector = apicd->prev_vector;
	if (!vector)
		return;
	vector_irq_set(x86, apicd->prev_cpu, vector, VECTOR_SHUTDOWN);
	irq_matrix_free(x86->matrix, apicd->prev_cpu, vector, managed);
	apicd->prev_vector = 0;
	apicd->move_in_progress = false;
	clist_del_init(apicd);
}

/**
 * free_moved_vector() - free the old vector of a completed move.
 * @apicd: the irq's chip data; its prev_vector is released on prev_cpu.
 *
 * Context: vector_lock held.
 */
void free_moved_vector(struct apic_chip_data *apicd)
{
	struct irqlab_x86 *x86 = apicd->x86;

	trace_vector_free_moved(apicd->irq, apicd->prev_cpu, apicd->prev_vector,
				apicd->is_managed);
	irq_matrix_free(x86->matrix, apicd->prev_cpu, apicd->prev_vector, apicd->is_managed);
	vector_irq_set(x86, apicd->prev_cpu, apicd->prev_vector, VECTOR_UNUSED);
	clist_del_init(apicd);
	apicd->prev_vector = 0;
	apicd->move_in_progress = false;
}

static void x86_vector_deactivate(struct irq_domain *dom, struct irq_data *irqd)
{
	struct apic_chip_data *apicd = apic_chip_data(irqd);

	trace_vector_deactivate(irqd->irq, apicd->is_managed, apicd->can_reserve, false);
	/* Fixed vectors stay; a global reservation has nothing to give back. */
	if ((!apicd->is_managed && !apicd->can_reserve) || apicd->has_reserved)
		return;
	lock_vector_lock(apicd->x86);
	clear_irq_vector(irqd);
	if (apicd->can_reserve)
		reserve_irq_vector_locked(irqd);
	else
		vector_assign_managed_shutdown(irqd);
	unlock_vector_lock(apicd->x86);
}

static int activate_reserved(struct irq_data *irqd)
{
	struct apic_chip_data *apicd = apic_chip_data(irqd);
	int ret = assign_irq_vector_any_locked(irqd);

	if (!ret) {
		apicd->has_reserved = false;
		/* The core may have turned reservation mode off meanwhile. */
		if (!irqd_can_reserve(irqd))
			apicd->can_reserve = false;
	}
	if (!cpumask_subset(irq_data_get_effective_affinity_mask(irqd),
			    irq_data_get_affinity_mask(irqd)))
		pr_warn("irq %u: Affinity broken due to vector space exhaustion.\n",
			irqd->irq);
	return ret;
}

static int activate_managed(struct irq_data *irqd)
{
	struct irqlab_x86 *x86 = apic_chip_data(irqd)->x86;
	int ret;

	cpumask_and(x86->searchmask, irq_data_get_affinity_mask(irqd), cpu_online_mask);
	if (WARN_ON_ONCE(cpumask_empty(x86->searchmask))) {
		/* Something in the core code broke! Survive gracefully */
		pr_err("Managed startup for irq %u, but no CPU\n", irqd->irq);
		return -EINVAL;
	}
	ret = assign_managed_vector(irqd, x86->searchmask);
	/* The reservation got lost: should not happen, survive it. */
	if (WARN_ON_ONCE(ret < 0))
		pr_err("Managed startup irq %u, no vector available\n", irqd->irq);
	return ret;
}

static int x86_vector_activate(struct irq_domain *dom, struct irq_data *irqd, bool reserve)
{
	struct apic_chip_data *apicd = apic_chip_data(irqd);
	int ret = 0;

	trace_vector_activate(irqd->irq, apicd->is_managed, apicd->can_reserve, reserve);
	lock_vector_lock(apicd->x86);
	if (!apicd->can_reserve && !apicd->is_managed)
		assign_irq_vector_any_locked(irqd);
	else if (reserve || irqd_is_managed_and_shutdown(irqd))
		vector_assign_managed_shutdown(irqd);
	else if (apicd->is_managed)
		ret = activate_managed(irqd);
	else if (apicd->has_reserved)
		ret = activate_reserved(irqd);
	unlock_vector_lock(apicd->x86);
	return ret;
}

static void vector_free_reserved_and_managed(struct irq_data *irqd)
{
	struct apic_chip_data *apicd = apic_chip_data(irqd);

	trace_vector_teardown(irqd->irq, apicd->is_managed, apicd->has_reserved);
	if (apicd->has_reserved)
		irq_matrix_remove_reserved(apicd->x86->matrix);
	if (apicd->is_managed)
		irq_matrix_remove_managed(apicd->x86->matrix,
					  irq_data_get_affinity_mask(irqd));
}

static void x86_vector_free_irqs(struct irq_domain *domain, unsigned int virq,
				 unsigned int nr_irqs)
{
	unsigned int i;

	for (i = 0; i < nr_irqs; i++) {
		struct irq_data *irqd = irq_domain_get_irq_data(domain, virq + i);
		struct apic_chip_data *apicd;
		struct irqlab_x86 *x86;

		/* No chip data: never set up, or detached at machine teardown. */
		if (!irqd || !irqd->chip_data)
			continue;
		apicd = irqd->chip_data;
		x86 = apicd->x86;
		lock_vector_lock(x86);
		clear_irq_vector(irqd);
		vector_free_reserved_and_managed(irqd);
		irq_domain_reset_irq_data(irqd);
		unlink_apic_chip_data(apicd);
		unlock_vector_lock(x86);
		kfree(apicd);
	}
}

static int x86_vector_alloc_irqs(struct irq_domain *domain, unsigned int virq,
				 unsigned int nr_irqs, void *arg)
{
	struct irq_alloc_info noinfo, *info = arg;
	struct irqlab_x86 *x86 = domain->host_data;
	unsigned int i;
	int err = 0;

	if (!info) {
		init_irq_alloc_info(&noinfo, NULL);
		info = &noinfo;
	}
	for (i = 0; i < nr_irqs; i++) {
		struct irq_data *irqd = irq_domain_get_irq_data(domain, virq + i);
		struct apic_chip_data *apicd;

		if (WARN_ON(!irqd)) {
			err = -EINVAL;
			goto error;
		}
		WARN_ON_ONCE(irqd->chip_data);
		apicd = alloc_apic_chip_data(x86, irqd);
		if (!apicd) {
			err = -ENOMEM;
			goto error;
		}
		apicd->irq = virq + i;
		/* hwirq == virq; the flow is edge (MSI levels above may override). */
		irq_domain_set_info(domain, virq + i, virq + i, &lapic_controller, apicd,
				    handle_edge_irq, NULL, "edge");
		irqd_set_single_target(irqd);
		/* Moves must only happen from interrupt context (apic_ack_edge). */
		irqd_set_handle_enforce_irqctx(irqd);
		/* The affinity setter is not called on deactivated irqs. */
		irqd_set_affinity_on_activate(irqd);

		err = assign_irq_vector_policy(irqd, info);
		trace_vector_setup(virq + i, false, err);
		if (err) {
			irqd->chip_data = NULL;
			lock_vector_lock(x86);
			unlink_apic_chip_data(apicd);
			unlock_vector_lock(x86);
			kfree(apicd);
			goto error;
		}
	}
	return 0;

error:
	x86_vector_free_irqs(domain, virq, i);
	return err;
}

static void x86_vector_debug_show(struct seq_file *m, struct irq_domain *d,
				  struct irq_data *irqd, int ind)
{
	/* debugfs passes no domain with an irq (irq_debug_show_data()). */
	struct irqlab_x86 *x86 = d ? d->host_data : irqd->domain->host_data;
	struct apic_chip_data apicd;

	if (!irqd) {
		lock_vector_lock(x86);
		irq_matrix_debug_show(m, x86->matrix, ind);
		unlock_vector_lock(x86);
		return;
	}
	if (!irqd->chip_data) {
		seq_printf(m, "%*sVector: Not assigned\n", ind, "");
		return;
	}
	lock_vector_lock(x86);
	apicd = *(struct apic_chip_data *)irqd->chip_data;
	unlock_vector_lock(x86);

	seq_printf(m, "%*sVector: %5u\n", ind, "", apicd.vector);
	seq_printf(m, "%*sTarget: %5u\n", ind, "", apicd.cpu);
	if (apicd.prev_vector) {
		seq_printf(m, "%*sPrevious vector: %5u\n", ind, "", apicd.prev_vector);
		seq_printf(m, "%*sPrevious target: %5u\n", ind, "", apicd.prev_cpu);
	}
	seq_printf(m, "%*smove_in_progress: %u\n", ind, "", apicd.move_in_progress ? 1 : 0);
	seq_printf(m, "%*sis_managed:       %u\n", ind, "", apicd.is_managed ? 1 : 0);
	seq_printf(m, "%*scan_reserve:      %u\n", ind, "", apicd.can_reserve ? 1 : 0);
	seq_printf(m, "%*shas_reserved:     %u\n", ind, "", apicd.has_reserved ? 1 : 0);
	seq_printf(m, "%*scleanup_pending:  %u\n", ind, "", apicd.cl_pprev ? 1 : 0);
}

const struct irq_domain_ops x86_vector_domain_ops = {
	.alloc = x86_vector_alloc_irqs,
	.free = x86_vector_free_irqs,
	.activate = x86_vector_activate,
	.deactivate = x86_vector_deactivate,
	.debug_show = x86_vector_debug_show,
};

/*
 * The message: physical destination, fixed delivery, edge.  The platform
 * advertises the extended destination ID (as KVM and Hyper-V do), so APIC
 * IDs up to 0x7fff fit: bits 14:8 go to address bits 11:5.
 */
static void x86_vector_msi_compose_msg(struct irq_data *data, struct msi_msg *msg)
{
	struct irq_cfg *cfg = irqd_cfg(data);

	memset(msg, 0, sizeof(*msg));
	msg->address_lo = X86_MSI_BASE_ADDRESS_LOW |
			  (cfg->dest_apicid & X86_MSI_ADDR_DEST_MASK) << X86_MSI_ADDR_DEST_SHIFT |
			  ((cfg->dest_apicid >> 8) & X86_MSI_ADDR_EXT_DEST_MASK)
				  << X86_MSI_ADDR_EXT_DEST_SHIFT;
	msg->address_hi = X86_MSI_BASE_ADDRESS_HIGH;
	msg->data = APIC_DELIVERY_MODE_FIXED << X86_MSI_DATA_DELIVERY_SHIFT | cfg->vector;
}

const struct irq_chip lapic_controller = {
	.name = "APIC",
	.irq_ack = apic_ack_edge,
	.irq_set_affinity = apic_set_affinity,
	.irq_compose_msi_msg = x86_vector_msi_compose_msg,
	.irq_force_complete_move = apic_force_complete_move,
	.irq_retrigger = apic_retrigger_irq,
};

/**
 * x86_vector_detach_all() - free every chip data at machine teardown.
 * @x86: the machine's arch state.
 *
 * The generic teardown frees the irqs still allocated, after the arch
 * state is gone: their vector levels are left without chip data, which
 * the domain's free() then skips.
 */
void x86_vector_detach_all(struct irqlab_x86 *x86)
{
	struct apic_chip_data *apicd;

	while ((apicd = x86->all)) {
		x86->all = apicd->all_next;
		apicd->irqd->chip_data = NULL;
		kfree(apicd);
	}
}
