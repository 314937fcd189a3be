#!/bin/sh
# Print the kernel release edgeflow.ko is built for, and where it runs:
#   "RELEASE native"  the running kernel loads modules and has its headers
#   "RELEASE vm"      Debian's linux-image-amd64, booted in QEMU for tests
# Exits 1 when neither is available (run `make deps`).
set -eu

running=$(uname -r)
if [ -e /proc/modules ] && [ "$(cat /proc/sys/kernel/modules_disabled 2>/dev/null || echo 0)" = 0 ] &&
   [ -d "/lib/modules/$running/build" ] && [ -z "${EF_FORCE_VM:-}" ]; then
	echo "$running native"
	exit 0
fi

dep=$(dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null || true)
rel=$(printf '%s\n' "$dep" | sed -n 's/^linux-image-\([^ ,]*\).*/\1/p')
if [ -n "$rel" ] && [ -d "/lib/modules/$rel/build" ] && [ -e "/boot/vmlinuz-$rel" ]; then
	echo "$rel vm"
	exit 0
fi
echo "kver: no kernel headers: the running kernel cannot load modules and" \
     "linux-image-amd64/linux-headers-amd64 are not installed (run make deps)" >&2
exit 1
