/* SPDX-License-Identifier: MIT */
#ifndef IRQLAB_TOOLS_DEMO_H
#define IRQLAB_TOOLS_DEMO_H

#include <stdio.h>

/* Run the guided demo, printing to @out.  Returns 0 on success. */
int irqlab_demo(FILE *out);

#endif
