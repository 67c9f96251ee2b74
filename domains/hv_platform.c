// SPDX-License-Identifier: MIT
/* The Hyper-V guest platform (stub: replaced by the Hyper-V kernel side). */
#include "internals.h"

static int hv_platform_init(struct irqlab_machine *m)
{
	(void)m;
	return -EOPNOTSUPP;
}

const struct irqlab_platform_ops irqlab_hv_platform = {
	.name = "hyperv",
	.init = hv_platform_init,
};
