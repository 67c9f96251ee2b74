/* SPDX-License-Identifier: MIT */
#ifndef IRQLAB_EXPORT_H
#define IRQLAB_EXPORT_H

/*
 * The library is built with hidden visibility; only declarations marked
 * IRQLAB_API are part of the shared object's ABI.
 */
#if defined(__GNUC__) || defined(__clang__)
#define IRQLAB_API __attribute__((visibility("default")))
#else
#define IRQLAB_API
#endif

#endif
