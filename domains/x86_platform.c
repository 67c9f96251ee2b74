// SPDX-License-Identifier: MIT
/* x86 platform: placeholder until the vector domain and LAPIC land. */
#include "internals.h"

const struct irqlab_platform_ops irqlab_x86_platform = {
	.name = "x86",
};
