#!/bin/sh
# Module test suite. Runs as root where edgeflow.ko can be loaded: inside the
# test VM (tests/vm/run-vm.sh) or natively. Loads the module, runs every
# kselftest binary, unloads it, and checks the kernel log. Prints TAP.
set -u
cd "$(dirname "$0")/../.." || exit 1

n=0
tap() {	# tap OK|FAIL|SKIP description
	n=$((n + 1))
	case $1 in
	OK) echo "ok $n $2" ;;
	SKIP) echo "ok $n # SKIP $2" ;;
	*) echo "not ok $n $2" ;;
	esac
}

if [ "$(id -u)" != 0 ]; then
	tap SKIP "module tests need root"
	exit 0
fi
if grep -q '^edgeflow ' /proc/modules 2>/dev/null; then
	tap FAIL "edgeflow is already loaded; unload it before the module tests"
	exit 1
fi

dmesg -C 2>/dev/null
# insmod does not resolve dependencies (netfilter defragmentation); modprobe
# loads them from the kernel's own module tree.
deps=$(modinfo -F depends ./edgeflow.ko 2>/dev/null | tr ',' ' ')
[ -z "$deps" ] || modprobe -a $deps
if insmod ./edgeflow.ko; then
	tap OK "insmod edgeflow.ko"
else
	tap FAIL "insmod edgeflow.ko"
	exit 1
fi

rc=0
# The XDP program's BPF_PROG_RUN tests run here too: they must pass on this
# (older) kernel's verifier as well as on the host's.
for t in build/tests/kselftest/test_* tests/kselftest/test_*.sh build/tests/bpf/test_xdp; do
	[ -x "$t" ] && [ "${t%.d}" = "$t" ] || continue
	echo "# running $t"
	start=$(date +%s)
	"$t" || rc=1
	echo "# $t took $(( $(date +%s) - start ))s"
done

# rmmod must also be clean with every table at its limit, a steering table
# at its limit and a monitor listening: reload with small limits,
# fill them, and unload under the monitor's feet.
full_tables() {
	rmmod edgeflow || return 1
	insmod ./edgeflow.ko max_servers=16 max_services=8 max_steer=20000 || return 1
	for i in $(seq 1 16); do
		build/edgectl server add "s$i" addr "10.0.0.$i" port 9000 || return 1
	done
	build/edgectl server add s17 addr 10.0.0.17 port 9000 2>/dev/null && return 1
	for i in $(seq 1 8); do
		build/edgectl service add "v$i" port $((5000 + i)) mode both server s1 || return 1
	done
	plan=/tmp/edgeflow-full-plan.json
	awk 'BEGIN { printf "{\"edgeflow_plan\":1,\"report\":{\"status\":\"optimal\"},";
		     printf "\"rejected\":[],\"assignments\":[";
		     for (i = 0; i < 20000; i++)
			printf "%s{\"service\":\"v%d\",\"device\":%d,\"server\":\"s%d\"}",
			       i ? "," : "", i % 8 + 1, i, i % 16 + 1;
		     print "]}" }' > "$plan" || return 1
	build/edgectl plan apply "$plan" > /dev/null || return 1
	build/edgectl steer set service v1 device 20001 server s2 2>/dev/null && return 1
	rm -f "$plan"
	return 0
}

if full_tables; then
	tap OK "tables filled to their limits (16 servers, 8 services, 20000 entries)"
else
	tap FAIL "filling the tables to their limits"
	rc=1
fi
build/edgectl monitor config > /dev/null 2>&1 &
mon=$!
sleep 1

if rmmod edgeflow; then
	tap OK "rmmod edgeflow (full tables, monitor open)"
else
	tap FAIL "rmmod edgeflow"
	rc=1
fi
# The monitor notices the family going away and exits by itself.
for i in 1 2 3 4 5 6 7 8 9 10; do
	kill -0 $mon 2>/dev/null || break
	sleep 0.5
done
if kill -0 $mon 2>/dev/null; then
	kill $mon
	tap FAIL "edgectl monitor did not notice rmmod"
	rc=1
else
	tap OK "edgectl monitor exited after rmmod"
fi

out=$(build/edgectl info 2>&1)
st=$?
if [ $st -ne 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] &&
   printf '%s' "$out" | grep -q "module is not loaded"; then
	tap OK "edgectl info without the module: one clear line, exit $st"
else
	tap FAIL "edgectl info without the module (exit $st): $out"
	rc=1
fi

# Any warning, oops or leak report while the module was in is a failure.
bad=$(dmesg | grep -E 'WARNING:|BUG:|Oops|general protection|refcount_t|UBSAN|KASAN|kmemleak|list_(add|del) corruption' | head -n 5)
if [ -z "$bad" ]; then
	tap OK "kernel log clean"
else
	tap FAIL "kernel log: $(printf '%s' "$bad" | tr '\n' '|')"
	rc=1
fi
exit $rc
