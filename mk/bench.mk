# SPDX-License-Identifier: GPL-2.0
#
# make bench: measure edgeflow against what an operator would use instead,
# each comparison in one run, as ratios (README.md, "Benchmarks"). Writes
# bench/results.md and bench/results.json and prints the table.
#
#   make bench                          everything (under 15 minutes here)
#   make bench BENCH_ONLY="xdp gap"     some parts: xdp vm gap

BENCH_O		:= $(O)/bench
BENCH_BINS	:= $(BENCH_O)/efb_xdp $(BENCH_O)/efb_relay $(BENCH_O)/efb_trafgen

.PHONY: bench bench-build

bench-build: $(BENCH_BINS)

bench:
	scripts/deps.sh
	$(MAKE) all bench-build
	bench/run.sh $(BENCH_ONLY)

$(BENCH_O)/efb_xdp: bench/efb_xdp.c tests/bpf/efx_test.h $(LIB_OBJS) | $(BPF_SKELS)
	@mkdir -p $(@D)
	$(CC) $(EF_CFLAGS) -o $@ $< $(LIB_OBJS) $(EF_LIBS)

$(BENCH_O)/efb_relay: bench/efb_relay.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(EF_CFLAGS) -Wno-unused-function -o $@ $<

$(BENCH_O)/efb_trafgen: bench/efb_trafgen.c tests/bpf/efx_test.h $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(EF_CFLAGS) -Wno-unused-function -o $@ $<
