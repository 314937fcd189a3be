# SPDX-License-Identifier: GPL-2.0
#
# edgeflow: one build for the kernel module, the XDP object and edgectl.
#
#   make            build everything (module, XDP object + skeleton, edgectl)
#   make check      install what is missing, build, run every test suite
#   make demo       install what is missing, build, run the demo
#   make deps       install missing Debian packages (apt-get, no recommends)
#   make fuzz       run the libFuzzer targets for FUZZ_SECONDS (default 60)
#
# Build outputs go to build/ (userspace, BPF, tests) and, as Kbuild insists
# for out-of-tree modules, to the top level (edgeflow.ko and friends).

SHELL		:= /bin/bash
O		:= build
CC		?= gcc
CLANG		?= clang
BPFTOOL		?= bpftool
CFLAGS		?= -O2 -g
ARCH_TRIPLET	:= $(shell $(CC) -dumpmachine 2>/dev/null)

# Kernel to build for: the running one where it loads modules, otherwise
# Debian's linux-image-amd64, which the tests boot in QEMU.
KVER_LINE	:= $(shell scripts/kver.sh 2>/dev/null)
KVER		?= $(word 1,$(KVER_LINE))
KMODE		?= $(word 2,$(KVER_LINE))
KDIR		?= /lib/modules/$(KVER)/build

PKGS		:= libnl-genl-3.0 libbpf json-c
PKG_CFLAGS	:= $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS	:= $(shell pkg-config --libs $(PKGS) 2>/dev/null)

EF_CFLAGS	:= $(CFLAGS) -Wall -Wextra -std=gnu11 \
		   -Iinclude/uapi -Iinclude -Iuserspace -I$(O) $(PKG_CFLAGS)
EF_LIBS		:= $(PKG_LIBS) -lglpk -lm
CHECK_LIBS	:= -lcheck -lsubunit -lrt -lpthread -lm

BPF_CFLAGS	:= -O2 -g -Wall -target bpf -D__TARGET_ARCH_x86 \
		   -Iinclude/uapi -Iinclude -Iebpf -I/usr/include/$(ARCH_TRIPLET)

# --------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------

HDRS		:= $(wildcard include/uapi/linux/*.h include/edgeflow/*.h)
KMOD_SRCS	:= Kbuild $(wildcard kmod/*.c kmod/*.h) $(HDRS)
BPF_SRCS	:= $(wildcard ebpf/*.bpf.c)
BPF_OBJS	:= $(BPF_SRCS:ebpf/%.bpf.c=$(O)/%.bpf.o)
BPF_SKELS	:= $(BPF_SRCS:ebpf/%.bpf.c=$(O)/%.skel.h)
US_SRCS		:= $(wildcard userspace/*.c)
US_OBJS		:= $(US_SRCS:userspace/%.c=$(O)/obj/%.o)
LIB_OBJS	:= $(filter-out $(O)/obj/edgectl.o,$(US_OBJS))

UNIT_BINS	:= $(patsubst tests/unit/%.c,$(O)/tests/unit/%,\
		   $(wildcard tests/unit/test_*.c))
BPFT_BINS	:= $(patsubst tests/bpf/%.c,$(O)/tests/bpf/%,\
		   $(wildcard tests/bpf/test_*.c))
KST_BINS	:= $(patsubst tests/kselftest/%.c,$(O)/tests/kselftest/%,\
		   $(wildcard tests/kselftest/test_*.c))
TOOL_BINS	:= $(patsubst tests/tools/%.c,$(O)/tests/tools/%,\
		   $(wildcard tests/tools/*.c))

KSFT_HDRS	:= $(O)/ksft/kselftest.h $(O)/ksft/kselftest_harness.h
LINUX_SRC_TAR	:= /usr/src/linux-source-6.1.tar.xz

.PHONY: all module bpf userspace tests deps check demo bench fuzz clean \
	test-unit test-bpf test-vm checkpatch help

all: module bpf userspace

help:
	@sed -n '3,12s/^# \{0,1\}//p' Makefile

# --------------------------------------------------------------------------
# Kernel module
# --------------------------------------------------------------------------

module: edgeflow.ko

edgeflow.ko: $(KMOD_SRCS)
	@test -n "$(KVER)" || { scripts/kver.sh; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

# --------------------------------------------------------------------------
# XDP object and libbpf skeleton
# --------------------------------------------------------------------------

bpf: $(BPF_SKELS)

$(O)/%.bpf.o: ebpf/%.bpf.c $(wildcard ebpf/*.h) $(HDRS) | $(O)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(O)/%.skel.h: $(O)/%.bpf.o
	$(BPFTOOL) gen skeleton $< name $(subst -,_,$*)_bpf > $@.tmp && mv $@.tmp $@

# --------------------------------------------------------------------------
# edgectl
# --------------------------------------------------------------------------

userspace: $(O)/edgectl

$(O)/obj/%.o: userspace/%.c | $(O)/obj $(BPF_SKELS)
	$(CC) $(EF_CFLAGS) -MMD -MP -c $< -o $@

$(O)/edgectl: $(US_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(EF_LIBS)

# --------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------

tests: $(UNIT_BINS) $(BPFT_BINS) $(KST_BINS) $(TOOL_BINS)

$(O)/tests/tools/%: tests/tools/%.c $(HDRS) | $(O)/tests/tools
	$(CC) $(EF_CFLAGS) -o $@ $<

$(O)/tests/unit/%: tests/unit/%.c $(LIB_OBJS) | $(O)/tests/unit
	$(CC) $(EF_CFLAGS) -MMD -MP -o $@ $< $(LIB_OBJS) $(EF_LIBS) $(CHECK_LIBS)

$(O)/tests/bpf/%: tests/bpf/%.c $(KSFT_HDRS) $(LIB_OBJS) | $(O)/tests/bpf $(BPF_SKELS)
	$(CC) $(EF_CFLAGS) -I$(O)/ksft -Wno-unused-parameter -Wno-sign-compare -Wno-misleading-indentation -MMD -MP -o $@ $< \
		$(LIB_OBJS) $(EF_LIBS)

$(O)/tests/kselftest/%: tests/kselftest/%.c $(KSFT_HDRS) $(LIB_OBJS) | $(O)/tests/kselftest
	$(CC) $(EF_CFLAGS) -I$(O)/ksft -Wno-unused-parameter -Wno-sign-compare -Wno-misleading-indentation -MMD -MP -o $@ $< \
		$(LIB_OBJS) $(EF_LIBS)

# kselftest headers come from Debian's linux-source-6.1 at build time;
# nothing of the kernel tree is committed.
$(KSFT_HDRS) &: | $(O)/ksft
	@test -r $(LINUX_SRC_TAR) || { echo "missing $(LINUX_SRC_TAR): run make deps" >&2; exit 1; }
	tar -xJf $(LINUX_SRC_TAR) -C $(O)/ksft --strip-components=4 \
		linux-source-6.1/tools/testing/selftests/kselftest.h \
		linux-source-6.1/tools/testing/selftests/kselftest_harness.h
	touch $(KSFT_HDRS)

test-unit: $(UNIT_BINS)
	scripts/run-suite.sh unit

test-bpf: $(BPFT_BINS) $(BPF_OBJS) $(O)/edgectl $(TOOL_BINS)
	scripts/run-suite.sh bpf

test-vm: module $(O)/edgectl $(KST_BINS) $(TOOL_BINS)
	scripts/run-suite.sh vm

# check and demo first install what is missing, then re-read this Makefile
# (kernel release and pkg-config flags are only known once deps are in).
check:
	scripts/deps.sh
	$(MAKE) all tests
	scripts/run-tests.sh

demo:
	scripts/deps.sh
	$(MAKE) all
	scripts/demo.sh

deps:
	scripts/deps.sh

checkpatch: | $(O)
	scripts/checkpatch.sh

$(O) $(O)/obj $(O)/ksft $(O)/tests/unit $(O)/tests/bpf $(O)/tests/kselftest $(O)/tests/tools:
	mkdir -p $@

clean:
	rm -rf $(O)
	@if [ -d "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi

-include $(wildcard $(O)/obj/*.d $(O)/tests/*/*.d)
-include $(wildcard mk/*.mk)
