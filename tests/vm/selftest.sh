#!/bin/bash
# The VM runner must turn a guest panic or a dead init into a clear, bounded
# failure, never a hang. Prints TAP.
set -u
n=0
check() {	# check DESCRIPTION EXPECTED-MESSAGE -- run-vm args...
	local desc=$1 want=$2
	shift 3
	local err st
	n=$((n + 1))
	err=$(tests/vm/run-vm.sh -t 120 -l build/results/vm-selftest.log "$@" 2>&1 >/dev/null)
	st=$?
	if [ $st = 125 ] && printf '%s' "$err" | grep -q "$want"; then
		echo "ok $n $desc"
	else
		echo "not ok $n $desc (exit $st: $err)"
	fi
}
check "guest panic is reported" "guest kernel panicked: Kernel panic" -- \
	sh -c 'echo c > /proc/sysrq-trigger'
check "death of the guest's init is reported" "Attempted to kill init" -- \
	-a rdinit=/bin/busybox -- true
check "a hung guest is stopped and reported" "did not finish within" -- \
	-t 8 -- sleep 600
