#!/bin/sh
# Run the kernel's checkpatch.pl (from Debian's linux-source-6.1, extracted
# at build time, never committed) over the module and the BPF sources.
set -eu
tar=/usr/src/linux-source-6.1.tar.xz
dir=build/checkpatch
if [ ! -x "$dir/scripts/checkpatch.pl" ]; then
	[ -r "$tar" ] || { echo "missing $tar: run make deps" >&2; exit 1; }
	mkdir -p "$dir"
	tar -xJf "$tar" -C "$dir" --strip-components=1 \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
fi
perl "$dir/scripts/checkpatch.pl" --no-tree --terse --show-types \
	--ignore SPDX_LICENSE_TAG,FILE_PATH_CHANGES \
	-f kmod/*.c kmod/*.h ebpf/*.c ebpf/*.h include/edgeflow/*.h \
	include/uapi/linux/edgeflow.h
