// SPDX-License-Identifier: MIT
#include "irqlab/irqlab.h"

/**
 * irqlab_strerror() - the errno name of a negative (or positive) error code.
 * @err: e.g. -EBUSY.
 *
 * Return: "EBUSY", or "E?" for codes irqlab never returns.
 */
const char *irqlab_strerror(int err)
{
	static const struct {
		int e;
		const char *name;
	} names[] = {
		{ 0, "OK" },		{ EPERM, "EPERM" },	{ ENOENT, "ENOENT" },
		{ EIO, "EIO" },		{ ENOMEM, "ENOMEM" },	{ EBUSY, "EBUSY" },
		{ EEXIST, "EEXIST" },	{ ENODEV, "ENODEV" },	{ EINVAL, "EINVAL" },
		{ ENOSPC, "ENOSPC" },	{ ERANGE, "ERANGE" },	{ ENOSYS, "ENOSYS" },
		{ ENOTCONN, "ENOTCONN" }, { ETIMEDOUT, "ETIMEDOUT" },
		{ EALREADY, "EALREADY" }, { EOVERFLOW, "EOVERFLOW" },
		{ ENOTSUPP, "ENOTSUPP" }, { EAGAIN, "EAGAIN" },
	};
	unsigned int i;

	if (err < 0)
		err = -err;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].e == err)
			return names[i].name;
	return "E?";
}
