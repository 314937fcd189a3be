// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Write the fuzz_core seed corpus from the unit-test case tables: one file
 * per parse case (its bytes as a lone datagram under an empty policy) and
 * one per scenario (its policy and every step as a frame).
 *
 *   fuzz_seeds DIR
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "../unit/core_cases.h"
#include "fuzz_input.h"

#define SEED_MAX	(EFZ_POLICY_LEN + \
			 EFC_MAX_STEPS * (EFZ_FRAME_HDR + 255))

static int write_seed(const char *dir, const char *prefix, const char *name,
		      const __u8 *buf, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s_%s", dir, prefix, name);
	f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "fuzz_seeds: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fwrite(buf, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "fuzz_seeds: %s: write failed\n", path);
		return -1;
	}
	return 0;
}

static int parse_seed(const char *dir, const struct efc_parse *pc)
{
	__u8 bytes[EF_WIRE_DATA_MAX_LEN + 64], seed[SEED_MAX];
	struct ef_policy pol = { 0 };
	size_t n;
	__u32 len;

	len = efc_parse_bytes(pc, bytes, sizeof(bytes));
	if (len > 255) {
		fprintf(stderr, "fuzz_seeds: %s: %u bytes\n", pc->name, len);
		return -1;
	}
	n = efz_put_policy(seed, &pol, 0, 0);
	n += efz_put_frame(seed + n, 0, 0, bytes, (__u8)len);
	return write_seed(dir, "parse", pc->name, seed, n);
}

static int scenario_seed(const char *dir, const struct efc_scenario *sc)
{
	__u8 seed[SEED_MAX];
	__u64 prev = 0;
	unsigned int i;
	size_t n;

	n = efz_put_policy(seed, &sc->pol, sc->rate, sc->burst);
	for (i = 0; i < EFC_MAX_STEPS && efc_step_valid(&sc->step[i]); i++) {
		const struct efc_step *st = &sc->step[i];
		__u8 bytes[EF_WIRE_DATA_MAX_LEN];
		struct ef_packet pkt;
		__u8 op = 0, len = 0;
		__u64 dt;

		if (st->expire)
			op |= EFZ_OP_EXPIRE;
		if (st->now >= prev) {
			dt = st->now - prev;
		} else {
			dt = prev - st->now;
			op |= EFZ_OP_BACK;
		}
		prev = st->now;
		if (efc_step_count(st)) {
			efc_step_packet(st, &pkt);
			len = (__u8)ef_wire_encode(bytes, sizeof(bytes), &pkt);
		}
		n += efz_put_frame(seed + n, op, dt, bytes, len);
	}
	return write_seed(dir, "scenario", sc->name, seed, n);
}

int main(int argc, char **argv)
{
	unsigned int i, files = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: fuzz_seeds DIR\n");
		return EXIT_FAILURE;
	}
	for (i = 0; i < EFC_N_PARSE; i++, files++)
		if (parse_seed(argv[1], &efc_parse_cases[i]))
			return EXIT_FAILURE;
	for (i = 0; i < EFC_N_SCENARIOS; i++, files++)
		if (scenario_seed(argv[1], &efc_scenarios[i]))
			return EXIT_FAILURE;
	printf("fuzz_seeds: %u seeds in %s\n", files, argv[1]);
	return EXIT_SUCCESS;
}
