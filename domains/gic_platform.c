// SPDX-License-Identifier: MIT
/* The GICv3 + ITS platform (stub: replaced by the GIC kernel side). */
#include "internals.h"

static int gic_platform_init(struct irqlab_machine *m)
{
	(void)m;
	return -EOPNOTSUPP;
}

const struct irqlab_platform_ops irqlab_gic_platform = {
	.name = "gic",
	.init = gic_platform_init,
};
