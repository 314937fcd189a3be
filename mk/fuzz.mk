# SPDX-License-Identifier: GPL-2.0
#
# make fuzz: libFuzzer over the datapath core (include/edgeflow/), with ASan
# and UBSan. The seed corpus is written from the unit-test case tables
# (tests/unit/core_cases.h) on every run; what the fuzzer finds on top of it
# goes to a separate directory, so the seeds stay exactly the unit cases.
# Fails on any finding (crash, sanitizer report, invariant, leak, timeout).
#
#   make fuzz                  60 s
#   make fuzz FUZZ_SECONDS=600

FUZZ_SECONDS	?= 60
FUZZ_CC		?= clang
FUZZ_O		:= $(or $(O),build)/fuzz
FUZZ_CFLAGS	:= -g -O1 -std=gnu11 -Wall -Wextra \
		   -fsanitize=address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer \
		   -Iinclude/uapi -Iinclude -Itests/unit
FUZZ_DEPS	:= $(wildcard include/uapi/linux/edgeflow.h include/edgeflow/*.h \
		   tests/unit/core_cases.h tests/fuzz/*.h)

.PHONY: fuzz fuzz-build

fuzz-build: $(FUZZ_O)/fuzz_core $(FUZZ_O)/fuzz_seeds

fuzz: fuzz-build
	rm -rf $(FUZZ_O)/corpus $(FUZZ_O)/artifacts
	mkdir -p $(FUZZ_O)/corpus $(FUZZ_O)/found $(FUZZ_O)/artifacts
	$(FUZZ_O)/fuzz_seeds $(FUZZ_O)/corpus
	$(FUZZ_O)/fuzz_core -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
		-print_final_stats=1 -artifact_prefix=$(FUZZ_O)/artifacts/ \
		$(FUZZ_O)/found $(FUZZ_O)/corpus
	@if [ -n "$$(ls -A $(FUZZ_O)/artifacts)" ]; then \
		echo "fuzz: findings in $(FUZZ_O)/artifacts" >&2; exit 1; fi

$(FUZZ_O)/fuzz_core: tests/fuzz/fuzz_core.c $(FUZZ_DEPS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $<

$(FUZZ_O)/fuzz_seeds: tests/fuzz/fuzz_seeds.c $(FUZZ_DEPS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $<
