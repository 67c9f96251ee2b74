/* SPDX-License-Identifier: MIT */
/*
 * irq_data, irq_chip, trigger types, IRQD_* state bits and their accessors,
 * chip helpers and flow handlers (include/linux/irq.h analogue).
 */
#ifndef IRQLAB_IRQ_H
#define IRQLAB_IRQ_H

#include "irqlab/cpumask.h"
#include "irqlab/types.h"

struct irq_desc;
struct irq_domain;
struct msi_desc;
struct seq_file;

typedef unsigned long irq_hw_number_t;
typedef void (*irq_flow_handler_t)(struct irq_desc *desc);

/** struct msi_msg - an MSI message: the address and data a device writes. */
struct msi_msg {
	u32 address_lo;
	u32 address_hi;
	u32 data;
};

/* Trigger types (IRQ_TYPE_*) and irq settings (_IRQ_*, desc->status). */
enum {
	IRQ_TYPE_NONE = 0x00000000,
	IRQ_TYPE_EDGE_RISING = 0x00000001,
	IRQ_TYPE_EDGE_FALLING = 0x00000002,
	IRQ_TYPE_EDGE_BOTH = (IRQ_TYPE_EDGE_FALLING | IRQ_TYPE_EDGE_RISING),
	IRQ_TYPE_LEVEL_HIGH = 0x00000004,
	IRQ_TYPE_LEVEL_LOW = 0x00000008,
	IRQ_TYPE_LEVEL_MASK = (IRQ_TYPE_LEVEL_LOW | IRQ_TYPE_LEVEL_HIGH),
	IRQ_TYPE_SENSE_MASK = 0x0000000f,
	IRQ_TYPE_DEFAULT = IRQ_TYPE_SENSE_MASK,
	IRQ_TYPE_PROBE = 0x00000010,

	IRQ_LEVEL = (1 << 8),
	IRQ_PER_CPU = (1 << 9),
	IRQ_NOPROBE = (1 << 10),
	IRQ_NOREQUEST = (1 << 11),
	IRQ_NOAUTOEN = (1 << 12),
	IRQ_NO_BALANCING = (1 << 13),
	IRQ_MOVE_PCNTXT = (1 << 14),
	IRQ_NESTED_THREAD = (1 << 15),
	IRQ_NOTHREAD = (1 << 16),
	IRQ_PER_CPU_DEVID = (1 << 17),
	IRQ_IS_POLLED = (1 << 18),
	IRQ_DISABLE_UNLAZY = (1 << 19),
	IRQ_HIDDEN = (1 << 20),
	IRQ_NO_DEBUG = (1 << 21),
};

/* Return values of irq_chip::irq_set_affinity. */
enum {
	IRQ_SET_MASK_OK = 0,
	IRQ_SET_MASK_OK_NOCOPY,
	IRQ_SET_MASK_OK_DONE,
};

/* Chip state queried by irq_get_irqchip_state(). */
enum irqchip_irq_state {
	IRQCHIP_STATE_PENDING,
	IRQCHIP_STATE_ACTIVE,
	IRQCHIP_STATE_MASKED,
	IRQCHIP_STATE_LINE_LEVEL,
};

/**
 * struct irq_common_data - state shared by all hierarchy levels of an irq.
 * @state_use_accessors: IRQD_* bits; use the irqd_*() accessors.
 * @node: NUMA node of the irq.
 * @handler_data: data for the flow handler.
 * @msi_desc: MSI descriptor, if any.
 * @affinity: the requested affinity.
 * @effective_affinity: where the hardware actually delivers.
 */
struct irq_common_data {
	unsigned int state_use_accessors;
	int node;
	void *handler_data;
	struct msi_desc *msi_desc;
	cpumask_var_t affinity;
	cpumask_var_t effective_affinity;
};

/**
 * struct irq_data - per hierarchy level data of an irq.
 * @mask: precomputed register bit, for chips that use it.
 * @irq: Linux IRQ number.
 * @hwirq: hardware IRQ number, local to @domain.
 * @common: data shared by all levels.
 * @chip: the level's irq_chip.
 * @domain: the level's domain (NULL for a domain-less irq).
 * @parent_data: the next level towards the root, or NULL.
 * @chip_data: the chip's private data.
 */
struct irq_data {
	u32 mask;
	unsigned int irq;
	irq_hw_number_t hwirq;
	struct irq_common_data *common;
	const struct irq_chip *chip;
	struct irq_domain *domain;
	struct irq_data *parent_data;
	void *chip_data;
};

/* IRQD_* bits of irq_common_data::state_use_accessors (v6.7..v6.12 layout). */
enum {
	IRQD_TRIGGER_MASK = 0xf,
	IRQD_SETAFFINITY_PENDING = BIT(8),
	IRQD_ACTIVATED = BIT(9),
	IRQD_NO_BALANCING = BIT(10),
	IRQD_PER_CPU = BIT(11),
	IRQD_AFFINITY_SET = BIT(12),
	IRQD_LEVEL = BIT(13),
	IRQD_WAKEUP_STATE = BIT(14),
	IRQD_MOVE_PCNTXT = BIT(15),
	IRQD_IRQ_DISABLED = BIT(16),
	IRQD_IRQ_MASKED = BIT(17),
	IRQD_IRQ_INPROGRESS = BIT(18),
	IRQD_WAKEUP_ARMED = BIT(19),
	IRQD_FORWARDED_TO_VCPU = BIT(20),
	IRQD_AFFINITY_MANAGED = BIT(21),
	IRQD_IRQ_STARTED = BIT(22),
	IRQD_MANAGED_SHUTDOWN = BIT(23),
	IRQD_SINGLE_TARGET = BIT(24),
	IRQD_DEFAULT_TRIGGER_SET = BIT(25),
	IRQD_CAN_RESERVE = BIT(26),
	IRQD_HANDLE_ENFORCE_IRQCTX = BIT(27),
	IRQD_AFFINITY_ON_ACTIVATE = BIT(28),
	IRQD_IRQ_ENABLED_ON_SUSPEND = BIT(29),
	IRQD_RESEND_WHEN_IN_PROGRESS = BIT(30),
};

#define __irqd_to_state(d) ((d)->common->state_use_accessors)

#define IRQD_ACCESSOR(name, flag)                                          \
	static inline bool irqd_##name(const struct irq_data *d)          \
	{                                                                   \
		return __irqd_to_state(d) & (flag);                         \
	}
IRQD_ACCESSOR(is_setaffinity_pending, IRQD_SETAFFINITY_PENDING)
IRQD_ACCESSOR(is_per_cpu, IRQD_PER_CPU)
IRQD_ACCESSOR(affinity_was_set, IRQD_AFFINITY_SET)
IRQD_ACCESSOR(is_level_type, IRQD_LEVEL)
IRQD_ACCESSOR(is_wakeup_set, IRQD_WAKEUP_STATE)
IRQD_ACCESSOR(irq_disabled, IRQD_IRQ_DISABLED)
IRQD_ACCESSOR(irq_masked, IRQD_IRQ_MASKED)
IRQD_ACCESSOR(irq_inprogress, IRQD_IRQ_INPROGRESS)
IRQD_ACCESSOR(is_wakeup_armed, IRQD_WAKEUP_ARMED)
IRQD_ACCESSOR(is_forwarded_to_vcpu, IRQD_FORWARDED_TO_VCPU)
IRQD_ACCESSOR(affinity_is_managed, IRQD_AFFINITY_MANAGED)
IRQD_ACCESSOR(is_activated, IRQD_ACTIVATED)
IRQD_ACCESSOR(is_started, IRQD_IRQ_STARTED)
IRQD_ACCESSOR(is_managed_and_shutdown, IRQD_MANAGED_SHUTDOWN)
IRQD_ACCESSOR(is_single_target, IRQD_SINGLE_TARGET)
IRQD_ACCESSOR(trigger_type_was_set, IRQD_DEFAULT_TRIGGER_SET)
IRQD_ACCESSOR(can_reserve, IRQD_CAN_RESERVE)
IRQD_ACCESSOR(is_handle_enforce_irqctx, IRQD_HANDLE_ENFORCE_IRQCTX)
IRQD_ACCESSOR(affinity_on_activate, IRQD_AFFINITY_ON_ACTIVATE)
IRQD_ACCESSOR(is_enabled_on_suspend, IRQD_IRQ_ENABLED_ON_SUSPEND)
IRQD_ACCESSOR(needs_resend_when_in_progress, IRQD_RESEND_WHEN_IN_PROGRESS)
#undef IRQD_ACCESSOR

#define IRQD_SETTER(name, flag)                                        \
	static inline void irqd_set_##name(struct irq_data *d)         \
	{                                                              \
		__irqd_to_state(d) |= (flag);                          \
	}                                                              \
	static inline void irqd_clr_##name(struct irq_data *d)         \
	{                                                              \
		__irqd_to_state(d) &= ~(unsigned int)(flag);           \
	}
IRQD_SETTER(activated, IRQD_ACTIVATED)
IRQD_SETTER(managed_shutdown, IRQD_MANAGED_SHUTDOWN)
IRQD_SETTER(single_target, IRQD_SINGLE_TARGET)
IRQD_SETTER(can_reserve, IRQD_CAN_RESERVE)
IRQD_SETTER(handle_enforce_irqctx, IRQD_HANDLE_ENFORCE_IRQCTX)
IRQD_SETTER(affinity_on_activate, IRQD_AFFINITY_ON_ACTIVATE)
IRQD_SETTER(resend_when_in_progress, IRQD_RESEND_WHEN_IN_PROGRESS)
IRQD_SETTER(move_pending, IRQD_SETAFFINITY_PENDING)
#undef IRQD_SETTER

static inline bool irqd_can_balance(const struct irq_data *d)
{
	return !(__irqd_to_state(d) & (IRQD_PER_CPU | IRQD_NO_BALANCING));
}

static inline bool irqd_can_move_in_process_context(const struct irq_data *d)
{
	return __irqd_to_state(d) & IRQD_MOVE_PCNTXT;
}

static inline u32 irqd_get_trigger_type(const struct irq_data *d)
{
	return __irqd_to_state(d) & IRQD_TRIGGER_MASK;
}

/* Sets the trigger type bits and marks the trigger as set. */
static inline void irqd_set_trigger_type_bits(struct irq_data *d, u32 type)
{
	__irqd_to_state(d) &= ~(unsigned int)IRQD_TRIGGER_MASK;
	__irqd_to_state(d) |= type & IRQD_TRIGGER_MASK;
	__irqd_to_state(d) |= IRQD_DEFAULT_TRIGGER_SET;
}

static inline irq_hw_number_t irqd_to_hwirq(const struct irq_data *d)
{
	return d->hwirq;
}

static inline unsigned int irqd_get_irq(const struct irq_data *d)
{
	return d->irq;
}

static inline void *irq_data_get_irq_chip_data(const struct irq_data *d)
{
	return d->chip_data;
}

static inline const struct irq_chip *irq_data_get_irq_chip(const struct irq_data *d)
{
	return d->chip;
}

static inline struct irq_domain *irq_data_get_domain(const struct irq_data *d)
{
	return d->domain;
}

static inline struct cpumask *irq_data_get_affinity_mask(const struct irq_data *d)
{
	return d->common->affinity;
}

static inline struct cpumask *
irq_data_get_effective_affinity_mask(const struct irq_data *d)
{
	return d->common->effective_affinity;
}

static inline void irq_data_update_effective_affinity(struct irq_data *d,
						      const struct cpumask *m)
{
	cpumask_copy(d->common->effective_affinity, m);
}

static inline void irq_data_update_affinity(struct irq_data *d,
					    const struct cpumask *m)
{
	cpumask_copy(d->common->affinity, m);
}

static inline struct msi_desc *irq_data_get_msi_desc(const struct irq_data *d)
{
	return d->common->msi_desc;
}

static inline int irq_data_get_node(const struct irq_data *d)
{
	return d->common->node;
}

/**
 * struct irq_chip - hardware interrupt chip descriptor.
 *
 * Every callback is optional; the core checks for NULL and falls back as
 * the kernel does (startup→enable→unmask, shutdown→disable→mask).
 */
struct irq_chip {
	const char *name;
	unsigned int (*irq_startup)(struct irq_data *data);
	void (*irq_shutdown)(struct irq_data *data);
	void (*irq_enable)(struct irq_data *data);
	void (*irq_disable)(struct irq_data *data);

	void (*irq_ack)(struct irq_data *data);
	void (*irq_mask)(struct irq_data *data);
	void (*irq_mask_ack)(struct irq_data *data);
	void (*irq_unmask)(struct irq_data *data);
	void (*irq_eoi)(struct irq_data *data);

	int (*irq_set_affinity)(struct irq_data *data, const struct cpumask *dest,
				bool force);
	int (*irq_retrigger)(struct irq_data *data);
	int (*irq_set_type)(struct irq_data *data, unsigned int flow_type);
	int (*irq_set_wake)(struct irq_data *data, unsigned int on);

	void (*irq_bus_lock)(struct irq_data *data);
	void (*irq_bus_sync_unlock)(struct irq_data *data);

	void (*irq_suspend)(struct irq_data *data);
	void (*irq_resume)(struct irq_data *data);
	void (*irq_pm_shutdown)(struct irq_data *data);

	void (*irq_calc_mask)(struct irq_data *data);

	void (*irq_print_chip)(struct irq_data *data, struct seq_file *p);
	int (*irq_request_resources)(struct irq_data *data);
	void (*irq_release_resources)(struct irq_data *data);

	void (*irq_compose_msi_msg)(struct irq_data *data, struct msi_msg *msg);
	void (*irq_write_msi_msg)(struct irq_data *data, struct msi_msg *msg);

	int (*irq_get_irqchip_state)(struct irq_data *data,
				     enum irqchip_irq_state which, bool *state);
	int (*irq_set_irqchip_state)(struct irq_data *data,
				     enum irqchip_irq_state which, bool state);

	int (*irq_set_vcpu_affinity)(struct irq_data *data, void *vcpu_info);

	void (*ipi_send_single)(struct irq_data *data, unsigned int cpu);
	void (*ipi_send_mask)(struct irq_data *data, const struct cpumask *dest);

	int (*irq_nmi_setup)(struct irq_data *data);
	void (*irq_nmi_teardown)(struct irq_data *data);

	void (*irq_force_complete_move)(struct irq_data *data);

	unsigned long flags;
};

/* irq_chip::flags */
enum {
	IRQCHIP_SET_TYPE_MASKED = (1 << 0),
	IRQCHIP_EOI_IF_HANDLED = (1 << 1),
	IRQCHIP_MASK_ON_SUSPEND = (1 << 2),
	IRQCHIP_ONOFFLINE_ENABLED = (1 << 3),
	IRQCHIP_SKIP_SET_WAKE = (1 << 4),
	IRQCHIP_ONESHOT_SAFE = (1 << 5),
	IRQCHIP_EOI_THREADED = (1 << 6),
	IRQCHIP_SUPPORTS_LEVEL_MSI = (1 << 7),
	IRQCHIP_SUPPORTS_NMI = (1 << 8),
	IRQCHIP_ENABLE_WAKEUP_ON_SUSPEND = (1 << 9),
	IRQCHIP_AFFINITY_PRE_STARTUP = (1 << 10),
	IRQCHIP_IMMUTABLE = (1 << 11),
	IRQCHIP_MOVE_DEFERRED = (1 << 12),
};

/* Dummy chips (dummychip.c). */
IRQLAB_API extern const struct irq_chip no_irq_chip;
IRQLAB_API extern const struct irq_chip dummy_irq_chip;

/* Flow handlers (chip.c). */
IRQLAB_API void handle_level_irq(struct irq_desc *desc);
IRQLAB_API void handle_edge_irq(struct irq_desc *desc);
IRQLAB_API void handle_fasteoi_irq(struct irq_desc *desc);
IRQLAB_API void handle_fasteoi_ack_irq(struct irq_desc *desc);
IRQLAB_API void handle_fasteoi_mask_irq(struct irq_desc *desc);
IRQLAB_API void handle_simple_irq(struct irq_desc *desc);
IRQLAB_API void handle_untracked_irq(struct irq_desc *desc);
IRQLAB_API void handle_percpu_irq(struct irq_desc *desc);
IRQLAB_API void handle_bad_irq(struct irq_desc *desc);

/* Hierarchy chip helpers (chip.c). */
IRQLAB_API void irq_chip_ack_parent(struct irq_data *data);
IRQLAB_API void irq_chip_mask_parent(struct irq_data *data);
IRQLAB_API void irq_chip_mask_ack_parent(struct irq_data *data);
IRQLAB_API void irq_chip_unmask_parent(struct irq_data *data);
IRQLAB_API void irq_chip_eoi_parent(struct irq_data *data);
IRQLAB_API void irq_chip_enable_parent(struct irq_data *data);
IRQLAB_API void irq_chip_disable_parent(struct irq_data *data);
IRQLAB_API int irq_chip_set_affinity_parent(struct irq_data *data,
					    const struct cpumask *dest, bool force);
IRQLAB_API int irq_chip_set_type_parent(struct irq_data *data, unsigned int type);
IRQLAB_API int irq_chip_set_vcpu_affinity_parent(struct irq_data *data,
						 void *vcpu_info);
IRQLAB_API int irq_chip_set_wake_parent(struct irq_data *data, unsigned int on);
IRQLAB_API int irq_chip_retrigger_hierarchy(struct irq_data *data);
IRQLAB_API int irq_chip_request_resources_parent(struct irq_data *data);
IRQLAB_API void irq_chip_release_resources_parent(struct irq_data *data);
IRQLAB_API int irq_chip_get_parent_state(struct irq_data *data,
					 enum irqchip_irq_state which, bool *state);
IRQLAB_API int irq_chip_set_parent_state(struct irq_data *data,
					 enum irqchip_irq_state which, bool val);

/**
 * irq_chip_compose_msi_msg() - compose the MSI message of an irq.
 * @data: the outermost irq_data of the irq.
 * @msg: the message to fill.
 *
 * Uses the first chip on the way towards the root that has
 * irq_compose_msi_msg.
 *
 * Return: 0, or -ENOSYS when no level can compose.
 */
IRQLAB_API int irq_chip_compose_msi_msg(struct irq_data *data, struct msi_msg *msg);

/* Setting up an irq (chip.c). */
IRQLAB_API int irq_set_chip(unsigned int irq, const struct irq_chip *chip);
IRQLAB_API int irq_set_irq_type(unsigned int irq, unsigned int type);
IRQLAB_API int irq_set_handler_data(unsigned int irq, void *data);
IRQLAB_API int irq_set_chip_data(unsigned int irq, void *data);
IRQLAB_API void __irq_set_handler(unsigned int irq, irq_flow_handler_t handle,
				  int is_chained, const char *name);
IRQLAB_API void irq_set_chip_and_handler_name(unsigned int irq,
					      const struct irq_chip *chip,
					      irq_flow_handler_t handle,
					      const char *name);
static inline void irq_set_handler(unsigned int irq, irq_flow_handler_t handle)
{
	__irq_set_handler(irq, handle, 0, NULL);
}
static inline void irq_set_chip_and_handler(unsigned int irq,
					    const struct irq_chip *chip,
					    irq_flow_handler_t handle)
{
	irq_set_chip_and_handler_name(irq, chip, handle, NULL);
}
IRQLAB_API void irq_modify_status(unsigned int irq, unsigned long clr,
				  unsigned long set);
static inline void irq_set_status_flags(unsigned int irq, unsigned long set)
{
	irq_modify_status(irq, 0, set);
}
static inline void irq_clear_status_flags(unsigned int irq, unsigned long clr)
{
	irq_modify_status(irq, clr, 0);
}
static inline void irq_set_noprobe(unsigned int irq)
{
	irq_modify_status(irq, 0, IRQ_NOPROBE);
}

IRQLAB_API struct irq_data *irq_get_irq_data(unsigned int irq);
IRQLAB_API const struct irq_chip *irq_get_chip(unsigned int irq);
IRQLAB_API void *irq_get_chip_data(unsigned int irq);
IRQLAB_API void *irq_get_handler_data(unsigned int irq);
IRQLAB_API u32 irq_get_trigger_type(unsigned int irq);

/**
 * irq_get_irqchip_state() - ask the chip hierarchy for an irq's state.
 * @irq: Linux irq number.
 * @which: the state to read.
 * @state: result.
 *
 * Return: 0, -EINVAL for an unknown irq or when no chip can answer.
 */
IRQLAB_API int irq_get_irqchip_state(unsigned int irq, enum irqchip_irq_state which,
				     bool *state);
IRQLAB_API int irq_set_irqchip_state(unsigned int irq, enum irqchip_irq_state which,
				     bool val);

#endif
