#!/bin/bash
# The VM runner must turn a guest panic or a dead init into a clear, bounded
# failure, never a hang. Prints TAP.
set -u
# The three boots are independent: run them side by side, report in order.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
n=0
check() {	# check DESCRIPTION EXPECTED-MESSAGE -- run-vm args...
	local desc=$1 want=$2
	shift 3
	n=$((n + 1))
	printf '%s\n%s\n' "$desc" "$want" > "$dir/$n.want"
	( tests/vm/run-vm.sh -t 120 -l "build/results/vm-selftest-$n.log" "$@" \
		> /dev/null 2> "$dir/$n.err"; echo $? > "$dir/$n.rc" ) &
}
check "guest panic is reported" "guest kernel panicked: Kernel panic" -- \
	sh -c 'echo c > /proc/sysrq-trigger'
check "death of the guest's init is reported" "Attempted to kill init" -- \
	-a rdinit=/bin/busybox -- true
check "a hung guest is stopped and reported" "did not finish within" -- \
	-t 15 -- sleep 600
wait
for i in $(seq 1 $n); do
	desc=$(sed -n 1p "$dir/$i.want")
	want=$(sed -n 2p "$dir/$i.want")
	st=$(cat "$dir/$i.rc")
	err=$(cat "$dir/$i.err")
	if [ "$st" = 125 ] && printf '%s' "$err" | grep -q "$want"; then
		echo "ok $i $desc"
	else
		echo "not ok $i $desc (exit $st: $err)"
	fi
done
