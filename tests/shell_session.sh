#!/bin/sh
# shell_session.sh IRQLAB: what a new user types into `irqlab shell` (help,
# a machine, a file, a mistake, one verb's help) works from a pipe, and a
# mistake is reported without ending the session.
irqlab=$1
out=$(printf '%s\n' \
	'help' \
	'machine platform=x86 cpus=4' \
	'cat /proc/interrupts' \
	'cat /proc/interupts' \
	'help cat' \
	'ls /proc' \
	'quit' | "$irqlab" shell 2>&1)
rc=$?
echo "$out"
fail() { echo "FAIL: $1"; exit 1; }
[ "$rc" -eq 1 ] || fail "exit status $rc, expected 1 (one command failed)"
echo "$out" | grep -q "^'help VERB' explains a verb" || fail "no verb list"
echo "$out" | grep -q '^machine: x86, 4 CPUs (online 0-3)' || fail "no machine"
echo "$out" | grep -q '^           CPU0       CPU1       CPU2       CPU3' || fail "no /proc/interrupts"
echo "$out" | grep -qF 'shell:4: cat: /proc/interupts: ENOENT (No such file or directory)' ||
	fail "no error for the typo"
echo "$out" | grep -q '^cat - print a file' || fail "no help for cat"
echo "$out" | grep -q '^interrupts$' || fail "ls /proc did not run after the error"
exit 0
