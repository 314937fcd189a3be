#!/bin/bash
# Run a command inside a QEMU guest booting Debian's kernel, with the host's
# root mounted read-only over 9p and the current directory as cwd.
#
#   tests/vm/run-vm.sh [-t SECONDS] [-m MIB] [-l LOG] [-a KERNEL-ARGS] -- COMMAND [ARG...]
#
# The guest's console (command output included) is copied to stdout and to
# LOG (default build/vm/console.log). Exit status: the command's own, or 125
# with a message naming what went wrong (hang, panic, failed boot, init
# killed). The guest sees an empty /tmp: keep inputs in the checkout.
set -u

timeout_s=${EF_VM_TIMEOUT:-300}
mem=${EF_VM_MEM:-1024}
log=build/vm/console.log
extra=

while getopts "t:m:l:a:" opt; do
	case $opt in
	t) timeout_s=$OPTARG ;;
	m) mem=$OPTARG ;;
	l) log=$OPTARG ;;
	a) extra=$OPTARG ;;
	*) echo "usage: $0 [-t SECONDS] [-m MIB] [-l LOG] [-a KERNEL-ARGS] -- COMMAND [ARG...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift
if [ $# -eq 0 ]; then
	echo "usage: $0 [-t SECONDS] [-m MIB] [-l LOG] [-a KERNEL-ARGS] -- COMMAND [ARG...]" >&2
	exit 2
fi

fail() {
	echo "VM: $*" >&2
	exit 125
}

read -r kver kmode < <(scripts/kver.sh) || fail "no kernel to boot (run make deps)"
kernel=/boot/vmlinuz-$kver
moddir=/lib/modules/$kver
[ -r "$kernel" ] || fail "cannot read $kernel"
command -v qemu-system-x86_64 >/dev/null || fail "qemu-system-x86_64 missing (run make deps)"
[ -x /bin/busybox ] || fail "/bin/busybox missing (run make deps: busybox-static)"

vmdir=build/vm
mkdir -p "$vmdir"

# The initramfs: busybox, our init, and the virtio/9p modules (a
# dependency order; .ko or .ko.xz as Debian ships them).
initrd=$vmdir/initramfs-$kver.cpio.gz
if [ ! -e "$initrd" ] || [ tests/vm/init -nt "$initrd" ] || [ "$0" -nt "$initrd" ]; then
	stage=$(mktemp -d)
	trap 'rm -rf "$stage"' EXIT
	mkdir -p "$stage"/{bin,proc,sys,dev,lib/modules,newroot}
	cp /bin/busybox "$stage/bin/busybox"
	cp tests/vm/init "$stage/init"
	chmod 755 "$stage/init"
	: > "$stage/modules.list"
	for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev \
		 virtio_pci netfs fscache 9pnet 9pnet_virtio 9p; do
		f=$(find "$moddir/kernel" -name "$m.ko" -o -name "$m.ko.xz" | head -n 1)
		# Some of these are built in on some kernels; skip what is absent.
		[ -n "$f" ] || continue
		case "$f" in
		*.xz) xz -dc "$f" > "$stage/lib/modules/$m.ko" ;;
		*) cp "$f" "$stage/lib/modules/$m.ko" ;;
		esac
		echo "$m" >> "$stage/modules.list"
	done
	(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) > "$initrd.$$.tmp" ||
		fail "cannot build the initramfs"
	mv "$initrd.$$.tmp" "$initrd"
	rm -rf "$stage"
	trap - EXIT
fi

# The command, as a script in the checkout the guest reads over 9p.
cmdfile=$vmdir/cmd-$$.sh
{
	echo "#!/bin/sh"
	printf '%q ' "$@"
	echo
} > "$cmdfile"
trap 'rm -f "$cmdfile"' EXIT

cwd=$(pwd -P)
case "$cwd" in
*" "*) fail "the checkout path must not contain spaces: $cwd" ;;
esac

accel="-accel tcg,thread=multi -cpu max"
# KVM is opt-in: where /dev/kvm exists but is unusable, qemu aborts.
[ -n "${EF_VM_KVM:-}" ] && accel="-accel kvm -cpu host"

mkdir -p "$(dirname "$log")"
start=$(date +%s)
# shellcheck disable=SC2086
timeout -k 5 "$timeout_s" qemu-system-x86_64 \
	$accel -m "$mem" -smp 2 \
	-display none -monitor none -serial stdio -no-reboot -nic none \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 quiet loglevel=4 panic=-1 oops=panic ef.cwd=$cwd ef.cmd=$cmdfile $extra" \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
	</dev/null 2>&1 | tr -d '\r' | tee "$log"
qrc=${PIPESTATUS[0]}
took=$(( $(date +%s) - start ))

if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	fail "guest did not finish within ${timeout_s}s (hang); console in $log"
fi
if grep -q "Kernel panic" "$log"; then
	fail "guest kernel panicked: $(grep -o -m1 'Kernel panic.*' "$log"); console in $log"
fi
if ! grep -q "^EF_VM: booted" "$log"; then
	fail "guest failed to boot (qemu exit $qrc); console in $log"
fi
rc=$(sed -n 's/^EF_VM_EXIT=\([0-9]*\)$/\1/p' "$log" | tail -n 1)
if [ -z "$rc" ]; then
	fail "guest ended without reporting an exit status (init killed?) after ${took}s; console in $log"
fi
echo "VM: command exited $rc after ${took}s" >&2
exit "$rc"
