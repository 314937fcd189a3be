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
for t in build/tests/kselftest/test_*; do
	[ -x "$t" ] || continue
	echo "# running $t"
	"$t" || rc=1
done
for t in tests/kselftest/test_*.sh; do
	[ -x "$t" ] || continue
	echo "# running $t"
	"$t" || rc=1
done

if rmmod edgeflow; then
	tap OK "rmmod edgeflow"
else
	tap FAIL "rmmod edgeflow"
	rc=1
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
