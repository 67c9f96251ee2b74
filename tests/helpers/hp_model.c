// SPDX-License-Identifier: MIT
#include "hp_model.h"

void hp_model_init(struct hp_model *md)
{
	md->depth = 0;
	md->dis = 0;
	md->started = true;
	md->msd = false;
}

/*
 * Only a started irq is shut down (migration skips the others); v6.16
 * raises the depth, older kernels set it to 1.
 */
void hp_model_offline(struct hp_model *md, bool mask_online, bool v616,
		      struct hp_model_seen *seen)
{
	if (!md->started || mask_online)
		return;
	md->started = false;
	md->msd = true;
	md->depth = v616 ? md->depth + 1 : 1;
	seen->shutdown++;
}

/*
 * irq_startup_managed(): v6.16 drops the hotplug reference and starts the
 * irq only at depth 0; older kernels start it unconditionally.
 */
void hp_model_online(struct hp_model *md, bool in_mask, bool v616,
		     struct hp_model_seen *seen)
{
	if (!md->msd || !in_mask)
		return;
	md->msd = false;
	md->depth = v616 ? md->depth - 1 : 0;
	if (md->depth) {
		seen->kept_disabled++;
		return;
	}
	md->started = true;
	seen->restart++;
}

void hp_model_disable(struct hp_model *md)
{
	md->dis++;
	md->depth++;
}

/* __enable_irq(): depth 0 WARNs, depth 1 starts (or aborts), else depth--. */
unsigned int hp_model_enable(struct hp_model *md, bool mask_online,
			     struct hp_model_seen *seen)
{
	md->dis--;
	if (md->depth == 0) {
		seen->unbalanced++;
		return 1;
	}
	if (md->depth > 1) {
		md->depth--;
		return 0;
	}
	if (md->started || mask_online) {
		md->depth = 0;
		md->started = true;
		md->msd = false;
		return 0;
	}
	/*
	 * A managed irq with no online target: back to managed shutdown, with
	 * a WARN_ON_ONCE - once per machine, so only a walk's first abort.
	 */
	md->msd = true;
	return ++seen->abort == 1;
}
