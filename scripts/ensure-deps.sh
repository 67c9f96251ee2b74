#!/bin/sh
# Install the Debian packages irqlab needs to build and test.  As root,
# missing packages are installed with apt-get; otherwise the exact command
# to run is printed and the script fails.
set -eu

PKGS="gcc make cmake pkg-config check valgrind lcov pciutils libreadline-dev"
[ "$#" -gt 0 ] && PKGS="$PKGS $*"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	echo "ensure-deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
	echo "ensure-deps: missing Debian packages:$missing" >&2
	echo "ensure-deps: run: sudo apt-get install -y$missing" >&2
	exit 1
fi
