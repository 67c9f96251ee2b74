/* SPDX-License-Identifier: MIT */
/*
 * Shared Check fixture: every test starts from a fresh machine and ends
 * with it destroyed, with no allocation left behind.
 */
#ifndef IRQLAB_TEST_FIXTURE_H
#define IRQLAB_TEST_FIXTURE_H

#include <check.h>

#include "irqlab/irqlab.h"
#include "irqlab/vfs.h"

/* The machine of the running test (also the thread's current machine). */
extern struct irqlab_machine *tm;

/**
 * tm_create() - create the test machine with @cfg (NULL: 4 CPUs, 1 node).
 * Fails the test if creation fails.  Records the live allocation count so
 * tm_destroy() can check that the test freed everything.
 */
void tm_create(const struct irqlab_machine_config *cfg);

/**
 * tm_destroy() - destroy the test machine and fail the test if any
 * allocation made since tm_create() is still live.
 */
void tm_destroy(void);

/* Checked fixtures for tcase_add_checked_fixture(): default 4-CPU machine. */
void tm_setup(void);
void tm_teardown(void);

/* Run a suite with srunner_run_all(CK_ENV); returns the process exit code. */
int tm_run_suite(Suite *s);

/* Assert that the kernel log contains / does not contain @text. */
#define ck_assert_log(text)                                                   \
	ck_assert_msg(irqlab_log_contains(tm, text),                          \
		      "log lacks \"%s\"; log:\n%s", text, irqlab_dmesg(tm))
#define ck_assert_no_log(text)                                                \
	ck_assert_msg(!irqlab_log_contains(tm, text),                         \
		      "log has \"%s\"; log:\n%s", text, irqlab_dmesg(tm))

/* Assert the whole text of a virtual file / directory listing. */
#define ck_file(path, expect)                                                  \
	do {                                                                   \
		struct seq_file s_;                                            \
		seq_init(&s_);                                                 \
		ck_assert_int_eq(irqlab_vfs_read(tm, (path), &s_), 0);         \
		ck_assert_str_eq(seq_text(&s_), (expect));                     \
		seq_release_buf(&s_);                                          \
	} while (0)

#define ck_list(path, expect)                                                  \
	do {                                                                   \
		struct seq_file s_;                                            \
		seq_init(&s_);                                                 \
		ck_assert_int_eq(irqlab_vfs_list(tm, (path), &s_), 0);         \
		ck_assert_str_eq(seq_text(&s_), (expect));                     \
		seq_release_buf(&s_);                                          \
	} while (0)

#endif
