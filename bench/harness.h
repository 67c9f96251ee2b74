/* SPDX-License-Identifier: MIT */
/*
 * Benchmark harness: calibrated loops timed with CLOCK_MONOTONIC, the median
 * of repeated runs, JSON output shaped like google-benchmark's.
 */
#ifndef IRQLAB_BENCH_HARNESS_H
#define IRQLAB_BENCH_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

/* One timed body: run @iters iterations of the operation under test. */
typedef void (*bench_fn)(void *ctx, uint64_t iters);

struct bench_case {
	const char *name;	/* e.g. "irq_alloc_descs/occupied=65536" */
	const char *params;	/* extra JSON members, e.g. "\"occupied\": 65536", or NULL */
	bench_fn fn;
	void *ctx;
};

/* Parse --reps N, --min-time S, --quick; returns false on bad arguments. */
bool bench_init(int argc, char **argv, const char *suite);
/* Time one case and print its JSON record. */
void bench_run(const struct bench_case *c);

/* What bench_measure() found: ns per operation over the repetitions. */
struct bench_result {
	uint64_t iterations;
	double median, min, max;
};
/*
 * The two halves of bench_run(), for records whose members depend on
 * another measurement (e.g. a ratio): time without printing, then print.
 */
void bench_measure(const struct bench_case *c, struct bench_result *r);
void bench_report(const struct bench_case *c, const struct bench_result *r);
/* Close the JSON document. */
void bench_finish(void);

/* Keeps a value alive so the compiler cannot drop the work producing it. */
extern volatile uintptr_t bench_sink;

#endif
