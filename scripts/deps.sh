#!/bin/sh
# Install, with apt-get and no recommends, whatever edgeflow needs to build
# and test that is not already installed. Debian packages only.
set -eu

pkgs="make gcc libc6-dev pkg-config kmod cpio xz-utils iproute2 procps ethtool util-linux
linux-image-amd64 linux-headers-amd64 linux-source-6.1
qemu-system-x86 busybox-static netsniff-ng ipvsadm
clang llvm libclang-rt-14-dev libbpf-dev bpftool libelf-dev zlib1g-dev
libnl-3-dev libnl-genl-3-dev libglpk-dev glpk-utils libjson-c-dev check"

missing=""
for p in $pkgs; do
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	case "$st" in
	ii*) ;;
	*) missing="$missing $p" ;;
	esac
done

if [ -z "$missing" ]; then
	echo "deps: all present"
	exit 0
fi

if [ "$(id -u)" != 0 ]; then
	echo "deps: missing:$missing; run as root (or install them) and retry" >&2
	exit 1
fi

echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
