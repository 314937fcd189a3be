#!/bin/bash
# make bench: run the benchmark parts, then write bench/results.md and
# bench/results.json and print the table.
#
#   bench/run.sh [ xdp ] [ vm ] [ gap ]     (default: all three)
#
#   xdp  efb_xdp on the host kernel (BPF_PROG_RUN; needs root)
#   vm   bench/vm.sh where edgeflow.ko loads: natively, or in the test VM
#   gap  bench/gap.sh on ../shared/data/gap
#
# Raw outputs stay in build/bench/. A part that cannot run leaves a
# DIR/PART.skip file saying why, and its rows say so in the table.
set -u
cd "$(dirname "$0")/.." || exit 1

D=build/bench
parts=${*:-xdp vm gap}
start=$(date +%s)
mkdir -p "$D"

log() { echo "bench: $*" >&2; }
want() { case " $parts " in *" $1 "*) return 0 ;; esac; return 1; }

read -r kver kmode < <(scripts/kver.sh 2>/dev/null) || { kver=none; kmode=none; }
export EFB_ROUNDS=${EFB_ROUNDS:-3} EFB_PACKETS=${EFB_PACKETS:-100000}
export EFB_GLPSOL_LIMIT=${EFB_GLPSOL_LIMIT:-2} EFB_GLPSOL_LIMIT_CHU=${EFB_GLPSOL_LIMIT_CHU:-10}

machine() {
	echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
	echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- 2>/dev/null || echo '+changes')"
	echo "cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -n 1)"
	echo "cpus=$(nproc)"
	echo "memory=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "host_kernel=$(uname -r)"
	echo "virt=$(systemd-detect-virt 2>/dev/null || echo 'virtualisation unknown')"
	echo "vm_kernel=$kver"
	echo "module_runs=$kmode"
	echo "qemu=$(qemu-system-x86_64 --version 2>/dev/null | sed -n '1s/.*version \([^ ]*\).*/\1/p')"
	echo "load=$(cut -d' ' -f1-3 /proc/loadavg)"
	echo "rate_packets=$EFB_PACKETS"
	echo "glpsol_limit=$EFB_GLPSOL_LIMIT"
	echo "glpsol_limit_chu=$EFB_GLPSOL_LIMIT_CHU"
}
machine > "$D/machine.txt"

for p in xdp vm gap; do
	want $p && rm -f "$D/$p.skip" "$D/$p.json" "$D/$p.txt" "$D/$p.tsv"
done

if want xdp; then
	log "XDP cost per packet (BPF_PROG_RUN)"
	if [ "$(id -u)" != 0 ]; then
		echo "needs root (BPF_PROG_RUN, network namespaces)" > "$D/xdp.skip"
	elif ! "$D/efb_xdp" > "$D/xdp.json" 2> "$D/xdp.err"; then
		echo "efb_xdp failed: $(tail -n 1 "$D/xdp.err")" > "$D/xdp.skip"
		rm -f "$D/xdp.json"
	fi
fi

# Plans of N entries over 8 services and 16 servers, as bench/vm.sh wants.
plans() {
	local n
	for n in 10000 100000 1000000; do
		[ -s "$D/plan-$n.json" ] && continue
		awk -v n=$n 'BEGIN {
			printf "{\"edgeflow_plan\":1,\"report\":{\"status\":\"optimal\"},";
			printf "\"rejected\":[],\"assignments\":[";
			for (i = 0; i < n; i++)
				printf "%s{\"service\":\"v%d\",\"device\":%d,\"server\":\"s%d\"}",
				       i ? "," : "", i % 8 + 1, i, i % 16 + 1;
			print "]}" }' > "$D/plan-$n.json"
	done
}

if want vm; then
	log "module rows: plan installation, kernel memory, packet rate ($kmode)"
	plans
	if [ "$(id -u)" != 0 ]; then
		echo "needs root (module, namespaces)" > "$D/vm.skip"
	elif [ "$kmode" = native ]; then
		bench/vm.sh > "$D/vm.log" 2>&1
		grep '^EFB ' "$D/vm.log" > "$D/vm.txt"
	elif [ "$kmode" = vm ]; then
		tests/vm/run-vm.sh -t 540 -m 2048 -l "$D/vm-console.log" -- \
			env EFB_ROUNDS="$EFB_ROUNDS" EFB_PACKETS="$EFB_PACKETS" bench/vm.sh \
			> /dev/null 2> "$D/vm.err"
		rc=$?
		grep '^EFB ' "$D/vm-console.log" > "$D/vm.txt"
		[ $rc = 0 ] || echo "the VM run ended with status $rc: $(tail -n 1 "$D/vm.err")" > "$D/vm.skip"
	else
		echo "no kernel to run edgeflow.ko on (scripts/kver.sh: run make deps)" > "$D/vm.skip"
	fi
fi

if want gap; then
	log "placement: edgectl vs glpsol on the GAP instances"
	bench/gap.sh > "$D/gap.tsv" 2> "$D/gap.err" ||
		echo "bench/gap.sh failed: $(tail -n 1 "$D/gap.err")" > "$D/gap.skip"
fi

sed -i "s/^seconds=.*//" "$D/machine.txt"
echo "seconds=$(( $(date +%s) - start ))" >> "$D/machine.txt"
bench/report.sh "$D"
cat bench/results.md
