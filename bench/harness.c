// SPDX-License-Identifier: MIT
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

volatile uintptr_t bench_sink;

static unsigned int reps = 7;
static double min_time = 0.05;
static bool first_record = true;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

bool bench_init(int argc, char **argv, const char *suite)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--reps") && i + 1 < argc) {
			reps = (unsigned int)atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--min-time") && i + 1 < argc) {
			min_time = atof(argv[++i]);
		} else if (!strcmp(argv[i], "--quick")) {
			reps = 3;
			min_time = 0.005;
		} else {
			fprintf(stderr, "usage: %s [--reps N] [--min-time SECONDS] [--quick]\n",
				argv[0]);
			return false;
		}
	}
	if (!reps || reps > 1000 || min_time <= 0) {
		fprintf(stderr, "%s: --reps must be 1..1000 and --min-time > 0\n", argv[0]);
		return false;
	}
	printf("{\n  \"context\": {\"suite\": \"%s\", \"repetitions\": %u, "
	       "\"min_time_s\": %g},\n  \"benchmarks\": [\n", suite, reps, min_time);
	return true;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void bench_measure(const struct bench_case *c, struct bench_result *res)
{
	double *ns = calloc(reps, sizeof(double));
	uint64_t iters = 1;
	double t;
	unsigned int r;

	/* Calibrate: grow the iteration count until one run takes min_time. */
	for (;;) {
		t = now();
		c->fn(c->ctx, iters);
		t = now() - t;
		if (t >= min_time || iters >= (1ULL << 40))
			break;
		iters = t > 0 ? (uint64_t)((double)iters * min_time * 1.2 / t) + 1 : iters * 10;
		if (iters > (1ULL << 40))
			iters = 1ULL << 40;
	}
	for (r = 0; r < reps; r++) {
		t = now();
		c->fn(c->ctx, iters);
		ns[r] = (now() - t) * 1e9 / (double)iters;
	}
	qsort(ns, reps, sizeof(double), cmp_double);
	res->iterations = iters;
	res->median = ns[reps / 2];
	res->min = ns[0];
	res->max = ns[reps - 1];
	free(ns);
}

void bench_report(const struct bench_case *c, const struct bench_result *res)
{
	printf("%s    {\"name\": \"%s\", \"iterations\": %llu, \"repetitions\": %u, "
	       "\"ns_per_op_median\": %.2f, \"ns_per_op_min\": %.2f, \"ns_per_op_max\": %.2f%s%s}",
	       first_record ? "" : ",\n", c->name, (unsigned long long)res->iterations, reps,
	       res->median, res->min, res->max, c->params ? ", " : "",
	       c->params ? c->params : "");
	fflush(stdout);
	first_record = false;
}

void bench_run(const struct bench_case *c)
{
	struct bench_result res;

	bench_measure(c, &res);
	bench_report(c, &res);
}

void bench_finish(void)
{
	printf("\n  ]\n}\n");
}
