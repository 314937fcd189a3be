#!/bin/bash
# Run every suite (host unit, host BPF, module tests in the VM or natively)
# and end with one line: "N passed, N failed, N skipped".
set -u
suites=${EF_SUITES:-unit bpf vm}
tp=0 tf=0 ts=0
for s in $suites; do
	echo "=== suite: $s"
	scripts/run-suite.sh "$s"
	if [ -r "build/results/$s.count" ]; then
		read -r p f k < "build/results/$s.count"
	else
		p=0 f=1 k=0
	fi
	tp=$((tp + p)) tf=$((tf + f)) ts=$((ts + k))
done
echo
for s in $suites; do
	[ -r "build/results/$s.count" ] && read -r p f k < "build/results/$s.count" &&
		echo "[$s] passed $p, failed $f, skipped $k"
done
echo "$tp passed, $tf failed, $ts skipped"
[ "$tf" = 0 ]
