/* SPDX-License-Identifier: MIT */
/*
 * Accessors of desc->status_use_accessors, the per-irq settings
 * (kernel/irq/settings.h analogue).  Private to irqcore/.
 */
#ifndef IRQLAB_IRQCORE_SETTINGS_H
#define IRQLAB_IRQCORE_SETTINGS_H

#include "irqlab/irqdesc.h"

#define _IRQF_MODIFY_MASK                                                    \
	(IRQ_TYPE_SENSE_MASK | IRQ_NOPROBE | IRQ_NOREQUEST | IRQ_NOAUTOEN |  \
	 IRQ_LEVEL | IRQ_NO_BALANCING | IRQ_PER_CPU | IRQ_NESTED_THREAD |    \
	 IRQ_NOTHREAD | IRQ_PER_CPU_DEVID | IRQ_IS_POLLED |                   \
	 IRQ_DISABLE_UNLAZY | IRQ_HIDDEN)

static inline void irq_settings_clr_and_set(struct irq_desc *desc, u32 clr, u32 set)
{
	desc->status_use_accessors &= ~(clr & _IRQF_MODIFY_MASK);
	desc->status_use_accessors |= (set & _IRQF_MODIFY_MASK);
}

#define SETTING_TEST(name, bit)                                            \
	static inline bool irq_settings_##name(struct irq_desc *desc)      \
	{                                                                   \
		return desc->status_use_accessors & (bit);                  \
	}
SETTING_TEST(is_per_cpu, IRQ_PER_CPU)
SETTING_TEST(is_per_cpu_devid, IRQ_PER_CPU_DEVID)
SETTING_TEST(has_no_balance_set, IRQ_NO_BALANCING)
SETTING_TEST(is_level, IRQ_LEVEL)
SETTING_TEST(is_nested_thread, IRQ_NESTED_THREAD)
SETTING_TEST(is_polled, IRQ_IS_POLLED)
SETTING_TEST(disable_unlazy, IRQ_DISABLE_UNLAZY)
SETTING_TEST(is_hidden, IRQ_HIDDEN)
SETTING_TEST(no_debug, IRQ_NO_DEBUG)
#undef SETTING_TEST

static inline bool irq_settings_can_request(struct irq_desc *desc)
{
	return !(desc->status_use_accessors & IRQ_NOREQUEST);
}

static inline bool irq_settings_can_thread(struct irq_desc *desc)
{
	return !(desc->status_use_accessors & IRQ_NOTHREAD);
}

static inline bool irq_settings_can_probe(struct irq_desc *desc)
{
	return !(desc->status_use_accessors & IRQ_NOPROBE);
}

static inline bool irq_settings_can_autoenable(struct irq_desc *desc)
{
	return !(desc->status_use_accessors & IRQ_NOAUTOEN);
}

#define SETTING_SETCLR(name, bit)                                          \
	static inline void irq_settings_set_##name(struct irq_desc *desc)  \
	{                                                                   \
		desc->status_use_accessors |= (bit);                        \
	}                                                                   \
	static inline void irq_settings_clr_##name(struct irq_desc *desc)  \
	{                                                                   \
		desc->status_use_accessors &= ~(unsigned int)(bit);         \
	}
SETTING_SETCLR(per_cpu, IRQ_PER_CPU)
SETTING_SETCLR(no_balancing, IRQ_NO_BALANCING)
SETTING_SETCLR(level, IRQ_LEVEL)
SETTING_SETCLR(norequest, IRQ_NOREQUEST)
SETTING_SETCLR(nothread, IRQ_NOTHREAD)
SETTING_SETCLR(noprobe, IRQ_NOPROBE)
SETTING_SETCLR(disable_unlazy, IRQ_DISABLE_UNLAZY)
#undef SETTING_SETCLR

static inline u32 irq_settings_get_trigger_mask(struct irq_desc *desc)
{
	return desc->status_use_accessors & IRQ_TYPE_SENSE_MASK;
}

static inline void irq_settings_set_trigger_mask(struct irq_desc *desc, u32 mask)
{
	desc->status_use_accessors &= ~(unsigned int)IRQ_TYPE_SENSE_MASK;
	desc->status_use_accessors |= mask & IRQ_TYPE_SENSE_MASK;
}

#endif
