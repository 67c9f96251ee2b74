#!/bin/sh
# scenario_fail.sh IRQLAB FILE STATUS MESSAGE: `irqlab run FILE` must exit
# with STATUS and print MESSAGE (a fixed string) on stderr.
irqlab=$1 file=$2 want_rc=$3 want_msg=$4
err=$("$irqlab" run "$file" 2>&1 >/dev/null)
rc=$?
echo "exit status $rc; stderr:"
echo "$err"
if [ "$rc" -ne "$want_rc" ]; then
	echo "FAIL: expected exit status $want_rc"
	exit 1
fi
if ! printf '%s\n' "$err" | grep -qF -- "$want_msg"; then
	echo "FAIL: expected the message: $want_msg"
	exit 1
fi
exit 0
