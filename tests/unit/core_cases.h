/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Case tables for the datapath core, shared by the unit tests
 * (test_core*.c) and the fuzz seed generator (tests/fuzz/fuzz_seeds.c), so
 * every case the tests pin down is also a starting point for the fuzzer.
 *
 * Two kinds of case:
 *  - parse cases: one valid datagram with one byte patched and/or its
 *    length changed, and the parse error that must come out;
 *  - scenarios: a policy and a sequence of steps (a datagram at a time, an
 *    expiry sweep, or both), each with the verdict, per-reading status,
 *    closed windows and window contents that must come out.
 */
#ifndef _EDGEFLOW_CORE_CASES_H
#define _EDGEFLOW_CORE_CASES_H

#include <stdint.h>
#include <string.h>
#include <edgeflow/core.h>

#define EFC_MS		1000000ULL
#define EFC_S		1000000000ULL
#define EFC_DEVICE	0x0a0b0c0dU

#define EFC_T		EDGEFLOW_KIND_TEMPERATURE
#define EFC_H		EDGEFLOW_KIND_HUMIDITY
#define EFC_V		EDGEFLOW_KIND_VOLTAGE
#define EFC_G		EDGEFLOW_KIND_GENERIC

/* ---------------------------------------------------------------------- */
/* Parse cases                                                             */
/* ---------------------------------------------------------------------- */

struct efc_parse {
	const char		*name;
	__u8			count;	/* readings in the valid datagram */
	__u8			patch;	/* apply the byte patch below */
	__u16			off;	/* byte offset to patch */
	__u8			val;	/* byte value written there */
	__s16			delta;	/* added to the length (zeros appended) */
	enum ef_parse_err	err;
};

#define EFC_PATCH(o, v)	.patch = 1, .off = (o), .val = (v)
#define EFC_RD(i, f)	(EF_WIRE_HDR_LEN + (i) * EF_WIRE_READING_LEN + (f))

static const struct efc_parse efc_parse_cases[] = {
	{ "ok_one_reading", 1, .err = EF_PE_OK },
	{ "ok_max_readings", 16, .err = EF_PE_OK },
	{ "ok_boot_flag", 2, EFC_PATCH(4, EDGEFLOW_WIRE_F_BOOT) },
	{ "ok_channel_255", 1, EFC_PATCH(EFC_RD(0, 0), 0xff) },
	{ "ok_unknown_kind", 1, EFC_PATCH(EFC_RD(0, 1), 0xff) },
	{ "magic_high_byte", 1, EFC_PATCH(0, 0x00), .err = EF_PE_MAGIC },
	{ "magic_low_byte", 1, EFC_PATCH(1, 0x45), .err = EF_PE_MAGIC },
	{ "version_0", 1, EFC_PATCH(2, 0), .err = EF_PE_VERSION },
	{ "version_2", 1, EFC_PATCH(2, 2), .err = EF_PE_VERSION },
	{ "version_255", 1, EFC_PATCH(2, 255), .err = EF_PE_VERSION },
	{ "type_0", 1, EFC_PATCH(3, 0), .err = EF_PE_TYPE },
	{ "type_summary", 1, EFC_PATCH(3, EDGEFLOW_WIRE_T_SUMMARY),
	  .err = EF_PE_TYPE },
	{ "type_3", 1, EFC_PATCH(3, 3), .err = EF_PE_TYPE },
	{ "flags_bit1", 1, EFC_PATCH(4, 0x02), .err = EF_PE_FLAGS },
	{ "flags_bit7", 1, EFC_PATCH(4, 0x80), .err = EF_PE_FLAGS },
	{ "flags_all", 1, EFC_PATCH(4, 0xff), .err = EF_PE_FLAGS },
	{ "count_0", 1, EFC_PATCH(5, 0), .err = EF_PE_COUNT },
	{ "count_17", 16, EFC_PATCH(5, 17), .delta = 8, .err = EF_PE_COUNT },
	{ "count_255", 1, EFC_PATCH(5, 255), .err = EF_PE_COUNT },
	{ "count_says_2_has_1", 1, EFC_PATCH(5, 2), .err = EF_PE_LENGTH },
	{ "count_says_1_has_2", 2, EFC_PATCH(5, 1), .err = EF_PE_LENGTH },
	{ "reserved_high", 1, EFC_PATCH(6, 0x80), .err = EF_PE_RESERVED },
	{ "reserved_low", 1, EFC_PATCH(7, 0x01), .err = EF_PE_RESERVED },
	{ "length_minus_1", 1, .delta = -1, .err = EF_PE_LENGTH },
	{ "length_plus_1", 1, .delta = 1, .err = EF_PE_LENGTH },
	{ "length_plus_reading", 1, .delta = 8, .err = EF_PE_LENGTH },
	{ "length_max_plus_1", 16, .delta = 1, .err = EF_PE_LENGTH },
	{ "status_first_low", 1, EFC_PATCH(EFC_RD(0, 3), 0x01),
	  .err = EF_PE_STATUS },
	{ "status_first_high", 1, EFC_PATCH(EFC_RD(0, 2), 0xff),
	  .err = EF_PE_STATUS },
	{ "status_last_of_16", 16, EFC_PATCH(EFC_RD(15, 3), 0x05),
	  .err = EF_PE_STATUS },
	{ "status_middle", 9, EFC_PATCH(EFC_RD(4, 2), 0x01),
	  .err = EF_PE_STATUS },
};

#define EFC_N_PARSE	(sizeof(efc_parse_cases) / sizeof(efc_parse_cases[0]))

/*
 * The valid datagram a parse case starts from: @count readings whose values
 * cover the signed extremes and sentinels, so a round trip checks them.
 */
static inline void efc_parse_base(struct ef_packet *pkt, __u8 count)
{
	static const __s32 vals[] = {
		21500, INT32_MIN, INT32_MAX, -1, 0, 0xffff, -40000, 85000,
	};
	__u32 i;

	memset(pkt, 0, sizeof(*pkt));
	pkt->device = EFC_DEVICE;
	pkt->seq = 0xfffffff0U + count;
	pkt->count = count;
	for (i = 0; i < count; i++) {
		pkt->r[i].channel = (__u8)i;
		pkt->r[i].kind = (__u8)(i % (EDGEFLOW_KIND_MAX + 1));
		pkt->r[i].value = vals[i % (sizeof(vals) / sizeof(vals[0]))];
	}
}

/*
 * Build the bytes of parse case @pc into @buf (at least
 * EF_WIRE_DATA_MAX_LEN + 16 bytes, zeroed beyond the datagram). Returns the
 * length.
 */
static inline __u32 efc_parse_bytes(const struct efc_parse *pc, __u8 *buf,
				    __u32 size)
{
	struct ef_packet pkt;
	__u32 len;

	memset(buf, 0, size);
	efc_parse_base(&pkt, pc->count);
	len = ef_wire_encode(buf, size, &pkt);
	if (pc->patch && pc->off < size)
		buf[pc->off] = pc->val;
	return (__u32)((__s32)len + pc->delta);
}

/* ---------------------------------------------------------------------- */
/* Scenarios                                                               */
/* ---------------------------------------------------------------------- */

#define EFC_MAX_STEPS	24

struct efc_reading {
	__s32	value;
	__u8	channel;
	__u8	kind;
	__u8	used;		/* set by EFC_R(); the count is the used ones */
	__u8	expect;		/* enum edgeflow_reason of this reading */
};

/* Expected contents of dev->chan[slot].done after a step. */
struct efc_win {
	__u64	start;
	__s64	sum;
	__u64	sumsq_hi;
	__u64	sumsq_lo;
	__u32	count;
	__s32	min;
	__s32	max;
	__s32	first;
	__s32	last;
	__u8	slot;
	__u8	check;		/* compare count..last and start */
	__u8	check_sq;	/* also compare the sum of squares */
	__u8	channel;
	__u8	kind;
};

struct efc_step {
	__u64			now;
	__u32			seq;
	__u8			flags;
	__u8			expire;	 /* run ef_core_expire() first */
	__u16			expired; /* ... and expect this mask */
	__u8			drop;	 /* expected drop reason; 0: pass */
	__u16			closed;	 /* expected struct ef_result.closed */
	struct efc_reading	r[EDGEFLOW_WIRE_MAX_READINGS];
	struct efc_win		win;
};

struct efc_scenario {
	const char		*name;
	struct ef_policy	pol;
	__u32			rate;
	__u32			burst;
	struct efc_step		step[EFC_MAX_STEPS];
};

#define EFC_R(ch, k, v, e)						\
	{ .channel = (ch), .kind = (k), .value = (v), .used = 1,	\
	  .expect = EDGEFLOW_R_##e }
/* One temperature reading on channel 0. */
#define EFC_T0(v, e)	{ EFC_R(0, EFC_T, (v), e) }
#define EFC_RANGE(lo, hi)	.flags = EF_KP_RANGE, .min = (lo), .max = (hi)
#define EFC_DROP(r)	.drop = EDGEFLOW_R_##r

/*
 * A step with readings is a datagram; one without any must have .expire
 * set (an expiry sweep alone). A scenario ends at the first step that is
 * neither.
 */
static const struct efc_scenario efc_scenarios[] = {
{
	.name = "seq_baseline_and_gaps",
	.step = {
		{ 1 * EFC_S, 100, .r = EFC_T0(1, OK) },
		{ 2 * EFC_S, 101, .r = EFC_T0(2, OK) },
		{ 3 * EFC_S, 105, .r = EFC_T0(3, OK) },
		{ 4 * EFC_S, 104, EFC_DROP(DUPLICATE), .r = EFC_T0(4, OK) },
	},
}, {
	.name = "seq_replay",
	.step = {
		{ 1 * EFC_S, 10, .r = EFC_T0(1, OK) },
		{ 2 * EFC_S, 11, .r = EFC_T0(2, OK) },
		{ 3 * EFC_S, 11, EFC_DROP(DUPLICATE), .r = EFC_T0(3, OK) },
		{ 4 * EFC_S, 10, EFC_DROP(DUPLICATE), .r = EFC_T0(4, OK) },
		{ 5 * EFC_S, 0, EFC_DROP(DUPLICATE), .r = EFC_T0(5, OK) },
		{ 6 * EFC_S, 12, .r = EFC_T0(6, OK) },
	},
}, {
	.name = "seq_wrap",
	.step = {
		{ 1 * EFC_S, 0xfffffffeU, .r = EFC_T0(1, OK) },
		{ 2 * EFC_S, 0xffffffffU, .r = EFC_T0(2, OK) },
		{ 3 * EFC_S, 0, .r = EFC_T0(3, OK) },
		{ 4 * EFC_S, 1, .r = EFC_T0(4, OK) },
		{ 5 * EFC_S, 0xffffffffU, EFC_DROP(DUPLICATE),
		  .r = EFC_T0(5, OK) },
		{ 6 * EFC_S, 0, EFC_DROP(DUPLICATE), .r = EFC_T0(6, OK) },
	},
}, {
	.name = "seq_half_range",
	.step = {
		{ 1 * EFC_S, 0, .r = EFC_T0(1, OK) },
		/* distance 2^31 is undefined in RFC 1982: treated as old */
		{ 2 * EFC_S, 0x80000000U, EFC_DROP(DUPLICATE),
		  .r = EFC_T0(2, OK) },
		/* 2^31 - 1 is the farthest step forward */
		{ 3 * EFC_S, 0x7fffffffU, .r = EFC_T0(3, OK) },
		{ 4 * EFC_S, 0xfffffffeU, .r = EFC_T0(4, OK) },
		{ 5 * EFC_S, 0x7fffffffU, EFC_DROP(DUPLICATE),
		  .r = EFC_T0(5, OK) },
	},
}, {
	.name = "seq_boot_restarts",
	.step = {
		{ 1 * EFC_S, 1000, .r = EFC_T0(1, OK) },
		{ 2 * EFC_S, 1001, .r = EFC_T0(2, OK) },
		{ 3 * EFC_S, 0, EDGEFLOW_WIRE_F_BOOT, .r = EFC_T0(3, OK) },
		{ 4 * EFC_S, 1, .r = EFC_T0(4, OK) },
		{ 5 * EFC_S, 0, EFC_DROP(DUPLICATE), .r = EFC_T0(5, OK) },
		{ 6 * EFC_S, 2, .r = EFC_T0(6, OK) },
	},
}, {
	.name = "seq_boot_duplicated",
	.step = {
		{ 1 * EFC_S, 7, EDGEFLOW_WIRE_F_BOOT, .r = EFC_T0(1, OK) },
		/* the network repeating the boot datagram */
		{ 2 * EFC_S, 7, EDGEFLOW_WIRE_F_BOOT, EFC_DROP(DUPLICATE),
		  .r = EFC_T0(2, OK) },
		{ 3 * EFC_S, 8, .r = EFC_T0(3, OK) },
		/* a second reboot, after progress: restarts */
		{ 4 * EFC_S, 7, EDGEFLOW_WIRE_F_BOOT, .r = EFC_T0(4, OK) },
		{ 5 * EFC_S, 8, .r = EFC_T0(5, OK) },
	},
}, {
	.name = "seq_idle_timeout",
	.pol = { .idle_ns = 10 * EFC_S },
	.step = {
		{ 1 * EFC_S, 50, .r = EFC_T0(1, OK) },
		{ 11 * EFC_S - 1, 3, EFC_DROP(DUPLICATE), .r = EFC_T0(2, OK) },
		/* a drop does not count as activity: 10 s after seq 50 */
		{ 11 * EFC_S, 3, .r = EFC_T0(3, OK) },
		{ 12 * EFC_S, 2, EFC_DROP(DUPLICATE), .r = EFC_T0(4, OK) },
		{ 13 * EFC_S, 4, .r = EFC_T0(5, OK) },
	},
}, {
	.name = "seq_idle_off",
	.step = {
		{ 1 * EFC_S, 50, .r = EFC_T0(1, OK) },
		{ 100000 * EFC_S, 3, EFC_DROP(DUPLICATE), .r = EFC_T0(2, OK) },
	},
}, {
	.name = "rate_burst_and_refill",
	.rate = 10,
	.burst = 3,
	.step = {
		{ 0, 1, .r = EFC_T0(1, OK) },
		{ 0, 2, .r = EFC_T0(2, OK) },
		{ 0, 3, .r = EFC_T0(3, OK) },
		{ 0, 4, EFC_DROP(RATE), .r = EFC_T0(4, OK) },
		{ 100 * EFC_MS - 1, 5, EFC_DROP(RATE), .r = EFC_T0(5, OK) },
		/* the drop above took no credit: one token 100 ms on */
		{ 100 * EFC_MS, 6, .r = EFC_T0(6, OK) },
		{ 100 * EFC_MS, 7, EFC_DROP(RATE), .r = EFC_T0(7, OK) },
		/* a long silence refills to burst, not beyond */
		{ 1000000 * EFC_S, 8, .r = EFC_T0(8, OK) },
		{ 1000000 * EFC_S, 9, .r = EFC_T0(9, OK) },
		{ 1000000 * EFC_S, 10, .r = EFC_T0(10, OK) },
		{ 1000000 * EFC_S, 11, EFC_DROP(RATE), .r = EFC_T0(11, OK) },
	},
}, {
	.name = "rate_duplicate_costs_nothing",
	.rate = 1,
	.burst = 1,
	.step = {
		{ 0, 1, .r = EFC_T0(1, OK) },
		{ 0, 1, EFC_DROP(DUPLICATE), .r = EFC_T0(1, OK) },
		{ 0, 2, EFC_DROP(RATE), .r = EFC_T0(2, OK) },
		/* a datagram over rate was still seen: its replay is a dup */
		{ 1 * EFC_S, 2, EFC_DROP(DUPLICATE), .r = EFC_T0(2, OK) },
		{ 1 * EFC_S, 3, .r = EFC_T0(3, OK) },
	},
}, {
	.name = "rate_unlimited",
	.step = {
		{ 0, 1, .r = EFC_T0(1, OK) },
		{ 0, 2, .r = EFC_T0(2, OK) },
		{ 0, 3, .r = EFC_T0(3, OK) },
		{ 0, 4, .r = EFC_T0(4, OK) },
		{ 0, 5, .r = EFC_T0(5, OK) },
		{ 0, 6, .r = EFC_T0(6, OK) },
	},
}, {
	.name = "range_inclusive_and_extremes",
	.pol = { .kind[EFC_T] = { EFC_RANGE(-40000, 85000) } },
	.step = {
		{ 1 * EFC_S, 1, .r = {
			EFC_R(0, EFC_T, -40000, OK),
			EFC_R(1, EFC_T, 85000, OK),
			EFC_R(2, EFC_T, -40001, RANGE),
			EFC_R(3, EFC_T, 85001, RANGE),
			EFC_R(4, EFC_T, INT32_MIN, RANGE),
			EFC_R(5, EFC_T, INT32_MAX, RANGE),
			EFC_R(6, EFC_H, INT32_MIN, OK),	/* no humidity policy */
		} },
	},
}, {
	.name = "range_sentinels",
	.pol = { .kind[EFC_V] = { EFC_RANGE(0, 5000) } },
	.step = {
		{ 1 * EFC_S, 1, .r = {
			EFC_R(0, EFC_V, 0xffff, RANGE),
			EFC_R(1, EFC_V, 0x7fff, RANGE),
			EFC_R(2, EFC_V, -1, RANGE),
			EFC_R(3, EFC_V, INT32_MIN, RANGE),
			EFC_R(4, EFC_V, INT32_MAX, RANGE),
			EFC_R(5, EFC_V, 3300, OK),
		} },
	},
}, {
	.name = "range_full_s32",
	.pol = { .kind[EFC_G] = { EFC_RANGE(INT32_MIN, INT32_MAX) } },
	.step = {
		{ 1 * EFC_S, 1, .r = {
			EFC_R(0, EFC_G, INT32_MIN, OK),
			EFC_R(1, EFC_G, INT32_MAX, OK),
		} },
	},
}, {
	.name = "no_policy_accepts_all",
	.pol = { .kind[EFC_T] = { EFC_RANGE(0, 1) } },
	.step = {
		{ 1 * EFC_S, 1, .r = {
			EFC_R(0, EFC_H, INT32_MIN, OK),
			EFC_R(1, EFC_V, INT32_MAX, OK),
			EFC_R(2, 200, -12345, OK),	/* unknown kind */
			EFC_R(3, 255, 0xffff, OK),
		} },
	},
}, {
	.name = "all_rejected_drops",
	.pol = {
		.kind[EFC_T] = { EFC_RANGE(-40000, 85000) },
		.window_ns = 1 * EFC_S,
	},
	.step = {
		{ 1 * EFC_S, 1, EFC_DROP(ALL_REJECTED), .r = {
			EFC_R(0, EFC_T, INT32_MIN, RANGE),
			EFC_R(1, EFC_T, INT32_MAX, RANGE),
		} },
		/* nothing was aggregated, so nothing closes */
		{ 3 * EFC_S, .expire = 1, .expired = 0 },
	},
}, {
	.name = "mixed_good_and_bad",
	.pol = {
		.kind[EFC_T] = { .flags = EF_KP_RANGE | EF_KP_STEP,
				 .min = -40000, .max = 85000, .step = 1000 },
		.window_ns = 10 * EFC_S,
	},
	.step = {
		{ 1 * EFC_S, 1, .r = {
			EFC_R(0, EFC_T, 20000, OK),
			EFC_R(1, EFC_T, 21000, OK),
		} },
		{ 2 * EFC_S, 2, .r = {
			EFC_R(0, EFC_T, 0x7fffffff, RANGE),
			EFC_R(1, EFC_T, 21500, OK),
			EFC_R(0, EFC_T, 25000, STEP),
			EFC_R(0, EFC_T, 20400, OK),
		} },
		{ 10 * EFC_S, .expire = 1, .expired = 0x3,
		  .win = { .check = 1, .slot = 0, .start = 0, .count = 2,
			   .sum = 40400, .min = 20000, .max = 20400,
			   .first = 20000, .last = 20400, .channel = 0,
			   .kind = EFC_T } },
	},
}, {
	.name = "step_and_reset",
	.pol = { .kind[EFC_T] = { .flags = EF_KP_STEP, .step = 1000,
				  .step_reset = 3 } },
	.step = {
		{ 1 * EFC_S, 1, .r = EFC_T0(20000, OK) },
		{ 2 * EFC_S, 2, .r = EFC_T0(21000, OK) },	/* == step */
		{ 3 * EFC_S, 3, EFC_DROP(ALL_REJECTED),
		  .r = EFC_T0(22001, STEP) },
		{ 4 * EFC_S, 4, EFC_DROP(ALL_REJECTED),
		  .r = EFC_T0(30000, STEP) },
		{ 5 * EFC_S, 5, EFC_DROP(ALL_REJECTED),
		  .r = EFC_T0(30000, STEP) },
		/* three in a row: the next one is a new baseline */
		{ 6 * EFC_S, 6, .r = EFC_T0(30000, OK) },
		{ 7 * EFC_S, 7, .r = EFC_T0(29000, OK) },
		{ 8 * EFC_S, 8, EFC_DROP(ALL_REJECTED),
		  .r = EFC_T0(27999, STEP) },
		/* an accepted reading restarts the count */
		{ 9 * EFC_S, 9, .r = EFC_T0(28500, OK) },
		{ 10 * EFC_S, 10, EFC_DROP(ALL_REJECTED),
		  .r = EFC_T0(0, STEP) },
	},
}, {
	.name = "step_reset_never",
	.pol = { .kind[EFC_T] = { .flags = EF_KP_STEP, .step = 10 } },
	.step = {
		{ 1 * EFC_S, 1, .r = EFC_T0(0, OK) },
		{ 2 * EFC_S, 2, EFC_DROP(ALL_REJECTED), .r = EFC_T0(11, STEP) },
		{ 3 * EFC_S, 3, EFC_DROP(ALL_REJECTED), .r = EFC_T0(11, STEP) },
		{ 4 * EFC_S, 4, EFC_DROP(ALL_REJECTED), .r = EFC_T0(11, STEP) },
		{ 5 * EFC_S, 5, EFC_DROP(ALL_REJECTED), .r = EFC_T0(11, STEP) },
		{ 6 * EFC_S, 6, EFC_DROP(ALL_REJECTED), .r = EFC_T0(11, STEP) },
		{ 7 * EFC_S, 7, .r = EFC_T0(-10, OK) },
	},
}, {
	.name = "step_extremes",
	.pol = {
		.kind[EFC_G] = { .flags = EF_KP_STEP, .step = 0xffffffffU },
		.kind[EFC_V] = { .flags = EF_KP_STEP, .step = 0xfffffffeU },
	},
	.step = {
		{ 1 * EFC_S, 1, .r = {
			EFC_R(0, EFC_G, INT32_MIN, OK),
			EFC_R(1, EFC_V, INT32_MIN, OK),
		} },
		{ 2 * EFC_S, 2, .r = {
			EFC_R(0, EFC_G, INT32_MAX, OK),
			EFC_R(1, EFC_V, INT32_MAX, STEP),
		} },
	},
}, {
	.name = "step_ignores_range_rejects",
	.pol = { .kind[EFC_T] = { .flags = EF_KP_RANGE | EF_KP_STEP,
				  .min = -40000, .max = 85000, .step = 100 } },
	.step = {
		{ 1 * EFC_S, 1, .r = EFC_T0(100, OK) },
		{ 2 * EFC_S, 2, EFC_DROP(ALL_REJECTED),
		  .r = EFC_T0(1000000, RANGE) },
		{ 3 * EFC_S, 3, .r = EFC_T0(200, OK) },
	},
}, {
	.name = "step_base_forgotten_on_boot",
	.pol = { .kind[EFC_T] = { .flags = EF_KP_STEP, .step = 10 } },
	.step = {
		{ 1 * EFC_S, 1, .r = EFC_T0(100, OK) },
		{ 2 * EFC_S, 2, EFC_DROP(ALL_REJECTED),
		  .r = EFC_T0(5000, STEP) },
		{ 3 * EFC_S, 0, EDGEFLOW_WIRE_F_BOOT, .r = EFC_T0(5000, OK) },
		{ 4 * EFC_S, 1, .r = EFC_T0(5010, OK) },
	},
}, {
	.name = "deadband_and_heartbeat",
	.pol = { .kind[EFC_T] = { .flags = EF_KP_DEADBAND, .deadband = 500,
				  .heartbeat_ns = 60 * EFC_S } },
	.step = {
		{ 1 * EFC_S, 1, .r = EFC_T0(20000, OK) },
		{ 2 * EFC_S, 2, EFC_DROP(DEADBAND),
		  .r = EFC_T0(20400, DEADBAND) },
		{ 3 * EFC_S, 3, EFC_DROP(DEADBAND),
		  .r = EFC_T0(19500, DEADBAND) },	/* |diff| == deadband */
		{ 4 * EFC_S, 4, .r = EFC_T0(20501, OK) },
		{ 5 * EFC_S, 5, EFC_DROP(DEADBAND),
		  .r = EFC_T0(20100, DEADBAND) },	/* from 20501 now */
		/* heartbeat: 60 s after the report at 4 s, minus 1 ns */
		{ 64 * EFC_S - 1, 6, EFC_DROP(DEADBAND),
		  .r = EFC_T0(20501, DEADBAND) },
		{ 64 * EFC_S, 7, .r = EFC_T0(20501, OK) },
		/* one reading news, one not: forwarded, status marks it */
		{ 65 * EFC_S, 8, .r = {
			EFC_R(0, EFC_T, 20502, DEADBAND),
			EFC_R(1, EFC_T, 0, OK),
		} },
	},
}, {
	.name = "deadband_without_heartbeat",
	.pol = { .kind[EFC_T] = { .flags = EF_KP_DEADBAND, .deadband = 1 } },
	.step = {
		{ 1 * EFC_S, 1, .r = EFC_T0(0, OK) },
		{ 1000 * EFC_S, 2, EFC_DROP(DEADBAND), .r = EFC_T0(1, DEADBAND) },
		{ 100000 * EFC_S, 3, EFC_DROP(DEADBAND),
		  .r = EFC_T0(-1, DEADBAND) },
		{ 100001 * EFC_S, 4, .r = EFC_T0(2, OK) },
	},
}, {
	.name = "deadband_zero_is_off",
	.pol = { .kind[EFC_T] = { .flags = EF_KP_DEADBAND, .deadband = 0 } },
	.step = {
		{ 1 * EFC_S, 1, .r = EFC_T0(7, OK) },
		{ 2 * EFC_S, 2, .r = EFC_T0(7, OK) },
	},
}, {
	.name = "deadband_extremes",
	.pol = { .kind[EFC_G] = { .flags = EF_KP_DEADBAND,
				  .deadband = 0xfffffffeU } },
	.step = {
		{ 1 * EFC_S, 1, .r = { EFC_R(0, EFC_G, INT32_MIN, OK) } },
		{ 2 * EFC_S, 2, EFC_DROP(DEADBAND),
		  .r = { EFC_R(0, EFC_G, INT32_MAX - 1, DEADBAND) } },
		{ 3 * EFC_S, 3, .r = { EFC_R(0, EFC_G, INT32_MAX, OK) } },
	},
}, {
	.name = "deadband_readings_are_aggregated",
	.pol = {
		.kind[EFC_T] = { .flags = EF_KP_DEADBAND, .deadband = 10 },
		.window_ns = 60 * EFC_S,
	},
	.step = {
		{ 1 * EFC_S, 1, .r = EFC_T0(100, OK) },
		{ 2 * EFC_S, 2, EFC_DROP(DEADBAND), .r = EFC_T0(105, DEADBAND) },
		{ 3 * EFC_S, 3, EFC_DROP(DEADBAND), .r = EFC_T0(95, DEADBAND) },
		{ 60 * EFC_S, .expire = 1, .expired = 0x1,
		  .win = { .check = 1, .count = 3, .sum = 300, .min = 95,
			   .max = 105, .first = 100, .last = 95,
			   .kind = EFC_T } },
	},
}, {
	.name = "window_edges",
	.pol = { .window_ns = 1 * EFC_S },
	.step = {
		/* at the start of [5 s, 6 s) */
		{ 5 * EFC_S, 1, .r = EFC_T0(10, OK) },
		/* the last nanosecond of it */
		{ 6 * EFC_S - 1, 2, .r = EFC_T0(-20, OK) },
		/* the first of the next one closes it */
		{ 6 * EFC_S, 3, .closed = 0x1, .r = EFC_T0(30, OK),
		  .win = { .check = 1, .check_sq = 1, .start = 5 * EFC_S,
			   .count = 2, .sum = -10, .min = -20, .max = 10,
			   .first = 10, .last = -20, .sumsq_lo = 500,
			   .kind = EFC_T } },
		/* the sweep must not close [6 s, 7 s) before 7 s */
		{ 7 * EFC_S - 1, .expire = 1, .expired = 0 },
		{ 7 * EFC_S, .expire = 1, .expired = 0x1,
		  .win = { .check = 1, .start = 6 * EFC_S, .count = 1,
			   .sum = 30, .min = 30, .max = 30, .first = 30,
			   .last = 30, .kind = EFC_T } },
		/* nothing open any more */
		{ 100 * EFC_S, .expire = 1, .expired = 0 },
	},
}, {
	.name = "window_gap_skips_empty_windows",
	.pol = { .window_ns = 1 * EFC_S },
	.step = {
		{ 5 * EFC_S + 500 * EFC_MS, 1, .r = EFC_T0(1, OK) },
		{ 9 * EFC_S + 200 * EFC_MS, 2, .closed = 0x1, .r = EFC_T0(2, OK),
		  .win = { .check = 1, .start = 5 * EFC_S, .count = 1,
			   .sum = 1, .min = 1, .max = 1, .first = 1,
			   .last = 1, .kind = EFC_T } },
		{ 10 * EFC_S, .expire = 1, .expired = 0x1,
		  .win = { .check = 1, .start = 9 * EFC_S, .count = 1,
			   .sum = 2, .min = 2, .max = 2, .first = 2,
			   .last = 2, .kind = EFC_T } },
	},
}, {
	.name = "window_extremes_128bit",
	.pol = { .window_ns = 1 * EFC_S },
	.step = {
		{ 1 * EFC_S, 1, .r = {
			EFC_R(0, EFC_G, INT32_MIN, OK),
			EFC_R(0, EFC_G, INT32_MAX, OK),
			EFC_R(0, EFC_G, INT32_MIN, OK),
			EFC_R(0, EFC_G, INT32_MAX, OK),
			EFC_R(0, EFC_G, INT32_MIN, OK),
			EFC_R(0, EFC_G, INT32_MAX, OK),
		} },
		{ 2 * EFC_S, .expire = 1, .expired = 0x1,
		  .win = { .check = 1, .check_sq = 1, .start = 1 * EFC_S,
			   .count = 6, .sum = -3, .min = INT32_MIN,
			   .max = INT32_MAX, .first = INT32_MIN,
			   .last = INT32_MAX, .sumsq_hi = 1,
			   .sumsq_lo = 9223372023969873923ULL,
			   .kind = EFC_G } },
	},
}, {
	.name = "window_two_channels",
	.pol = { .window_ns = 10 * EFC_S },
	.step = {
		{ 1 * EFC_S, 1, .r = {
			EFC_R(3, EFC_T, 1, OK),
			EFC_R(9, EFC_H, 2, OK),
		} },
		{ 2 * EFC_S, 2, .r = { EFC_R(9, EFC_H, 4, OK) } },
		{ 10 * EFC_S, 3, .closed = 0x3, .r = {
			EFC_R(9, EFC_H, 8, OK),
			EFC_R(3, EFC_T, 16, OK),
		}, .win = { .check = 1, .slot = 1, .start = 0, .count = 2,
			    .sum = 6, .min = 2, .max = 4, .first = 2,
			    .last = 4, .channel = 9, .kind = EFC_H } },
	},
}, {
	.name = "window_off",
	.step = {
		{ 1 * EFC_S, 1, .r = EFC_T0(1, OK) },
		{ 100 * EFC_S, 2, .r = EFC_T0(1, OK) },
		{ 200 * EFC_S, .expire = 1, .expired = 0 },
	},
}, {
	.name = "window_clock_behind_start",
	.pol = { .window_ns = 1 * EFC_S },
	.step = {
		{ 5 * EFC_S, 1, .r = EFC_T0(1, OK) },
		{ 5 * EFC_S - 1, 2, .r = EFC_T0(2, OK) },
		{ 6 * EFC_S, .expire = 1, .expired = 0x1,
		  .win = { .check = 1, .start = 5 * EFC_S, .count = 2,
			   .sum = 3, .min = 1, .max = 2, .first = 1,
			   .last = 2, .kind = EFC_T } },
	},
}, {
	.name = "window_rejects_and_dups_not_aggregated",
	.pol = {
		.kind[EFC_T] = { EFC_RANGE(0, 100) },
		.window_ns = 10 * EFC_S,
	},
	.step = {
		{ 1 * EFC_S, 1, .r = EFC_T0(50, OK) },
		{ 2 * EFC_S, 1, EFC_DROP(DUPLICATE), .r = EFC_T0(60, OK) },
		{ 3 * EFC_S, 2, EFC_DROP(ALL_REJECTED),
		  .r = EFC_T0(101, RANGE) },
		{ 10 * EFC_S, .expire = 1, .expired = 0x1,
		  .win = { .check = 1, .count = 1, .sum = 50, .min = 50,
			   .max = 50, .first = 50, .last = 50,
			   .kind = EFC_T } },
	},
}, {
	.name = "channel_slots_full",
	.step = {
		{ 1 * EFC_S, 1, .r = {
			EFC_R(0, EFC_G, 0, OK), EFC_R(1, EFC_G, 1, OK),
			EFC_R(2, EFC_G, 2, OK), EFC_R(3, EFC_G, 3, OK),
			EFC_R(4, EFC_G, 4, OK), EFC_R(5, EFC_G, 5, OK),
			EFC_R(6, EFC_G, 6, OK), EFC_R(7, EFC_G, 7, OK),
			EFC_R(8, EFC_G, 8, OK), EFC_R(9, EFC_G, 9, OK),
			EFC_R(10, EFC_G, 10, OK), EFC_R(11, EFC_G, 11, OK),
			EFC_R(12, EFC_G, 12, OK), EFC_R(13, EFC_G, 13, OK),
			EFC_R(14, EFC_G, 14, OK), EFC_R(200, EFC_G, 15, OK),
		} },
		{ 2 * EFC_S, 2, .r = {
			EFC_R(16, EFC_G, 16, NO_STATE),
			EFC_R(200, EFC_G, 17, OK),
			EFC_R(255, EFC_G, 18, NO_STATE),
		} },
	},
}, {
	.name = "channel_changes_kind",
	.pol = {
		.kind[EFC_T] = { .flags = EF_KP_STEP, .step = 10 },
		.window_ns = 60 * EFC_S,
	},
	.step = {
		{ 1 * EFC_S, 1, .r = EFC_T0(20000, OK) },
		/* a new stream: the temperature window closes, no step */
		{ 2 * EFC_S, 2, .closed = 0x1, .r = {
			EFC_R(0, EFC_H, 55000, OK),
		}, .win = { .check = 1, .count = 1, .sum = 20000,
			    .min = 20000, .max = 20000, .first = 20000,
			    .last = 20000, .kind = EFC_T } },
		{ 3 * EFC_S, 3, .closed = 0x1, .r = EFC_T0(0, OK),
		  .win = { .check = 1, .count = 1, .sum = 55000,
			   .min = 55000, .max = 55000, .first = 55000,
			   .last = 55000, .kind = EFC_H } },
	},
}, {
	.name = "channel_two_kinds_in_one_datagram",
	.pol = { .window_ns = 1 * EFC_S },
	.step = {
		{ 1 * EFC_S, 1, .r = EFC_T0(1, OK) },
		/*
		 * the first reading closes [1 s, 2 s); the second would
		 * close another before it is exported
		 */
		{ 2 * EFC_S, 2, .closed = 0x1, .r = {
			EFC_R(0, EFC_T, 2, OK),
			EFC_R(0, EFC_H, 3, NO_STATE),
		}, .win = { .check = 1, .start = 1 * EFC_S, .count = 1,
			    .sum = 1, .min = 1, .max = 1, .first = 1,
			    .last = 1, .kind = EFC_T } },
	},
},
};

#define EFC_N_SCENARIOS	(sizeof(efc_scenarios) / sizeof(efc_scenarios[0]))

/* Readings in step @st (the used ones, which come first). */
static inline __u8 efc_step_count(const struct efc_step *st)
{
	__u8 n = 0;

	while (n < EDGEFLOW_WIRE_MAX_READINGS && st->r[n].used)
		n++;
	return n;
}

/* Is @st a step at all (the table ends at the first that is not)? */
static inline bool efc_step_valid(const struct efc_step *st)
{
	return st->expire || efc_step_count(st);
}

/* The datagram of step @st. */
static inline void efc_step_packet(const struct efc_step *st,
				   struct ef_packet *pkt)
{
	__u8 i;

	memset(pkt, 0, sizeof(*pkt));
	pkt->device = EFC_DEVICE;
	pkt->seq = st->seq;
	pkt->flags = st->flags;
	pkt->count = efc_step_count(st);
	for (i = 0; i < pkt->count; i++) {
		pkt->r[i].channel = st->r[i].channel;
		pkt->r[i].kind = st->r[i].kind;
		pkt->r[i].value = st->r[i].value;
	}
}

#endif /* _EDGEFLOW_CORE_CASES_H */
