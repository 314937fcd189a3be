#!/bin/bash
# Run one test suite, keep its TAP in build/results/SUITE.tap and print a
# one-line summary. Exit status 0 when nothing failed.
#
#   scripts/run-suite.sh { unit | bpf | vm }
set -u
suite=${1:-}
res=build/results
mkdir -p "$res"
tapf=$res/$suite.tap
: > "$tapf"

# Run one binary; its TAP goes to the suite file. A binary that exits
# non-zero without reporting a failure is itself a failure.
run_bin() {
	local bin=$1
	shift
	local out
	out=$(mktemp)
	"$@" > "$out" 2>&1
	local st=$?
	cat "$out"
	cat "$out" >> "$tapf"
	if [ $st -ne 0 ] && ! grep -q '^not ok' "$out"; then
		echo "not ok - $bin exited with status $st" | tee -a "$tapf"
	fi
	rm -f "$out"
}

case $suite in
unit)
	for t in build/tests/unit/test_*; do
		[ -x "$t" ] || continue
		echo "# $t"
		# Check writes TAP to stdout with CK_TAP_LOG_FILE_NAME=-.
		run_bin "$t" env CK_TAP_LOG_FILE_NAME=- CK_VERBOSITY=silent "$t"
	done
	;;
bpf)
	for t in build/tests/bpf/test_*; do
		[ -x "$t" ] || continue
		echo "# $t"
		run_bin "$t" "$t"
	done
	;;
vm)
	read -r kver kmode < <(scripts/kver.sh) || exit 1
	if [ "$kmode" = native ]; then
		echo "# module tests run natively on $kver"
		run_bin tests/kselftest/run.sh tests/kselftest/run.sh
	else
		echo "# module tests run in QEMU booting $kver"
		run_bin run-vm.sh tests/vm/run-vm.sh -t "${EF_VM_TIMEOUT:-600}" \
			-l "$res/vm-console.log" -- tests/kselftest/run.sh
		run_bin selftest.sh tests/vm/selftest.sh
	fi
	;;
*)
	echo "unknown suite $suite" >&2
	exit 2
	;;
esac

pass=$(grep -cE '^ok [0-9]+' "$tapf" | head -n1)
skip=$(grep -cE '^ok [0-9]+ # SKIP' "$tapf" | head -n1)
fail=$(grep -cE '^not ok' "$tapf" | head -n1)
pass=$((pass - skip))
echo "$pass $fail $skip" > "$res/$suite.count"
echo "[$suite] passed $pass, failed $fail, skipped $skip"
[ "$fail" = 0 ]
