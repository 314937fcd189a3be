// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Datapath core policy: every scenario of core_cases.h run through
 * ef_core_packet()/ef_core_expire() step by step, plus the arithmetic of
 * seq.h, bucket.h and window.h at their limits.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "core_cases.h"

static const char *const reason_names[] = {
	[EDGEFLOW_R_OK] = "OK",
	[EDGEFLOW_R_MALFORMED] = "MALFORMED",
	[EDGEFLOW_R_UNKNOWN_DEVICE] = "UNKNOWN_DEVICE",
	[EDGEFLOW_R_DUPLICATE] = "DUPLICATE",
	[EDGEFLOW_R_RATE] = "RATE",
	[EDGEFLOW_R_RANGE] = "RANGE",
	[EDGEFLOW_R_STEP] = "STEP",
	[EDGEFLOW_R_DEADBAND] = "DEADBAND",
	[EDGEFLOW_R_NO_SERVER] = "NO_SERVER",
	[EDGEFLOW_R_FAMILY] = "FAMILY",
	[EDGEFLOW_R_NO_STATE] = "NO_STATE",
	[EDGEFLOW_R_ALL_REJECTED] = "ALL_REJECTED",
};

static const char *rname(unsigned int r)
{
	if (r < sizeof(reason_names) / sizeof(reason_names[0]) &&
	    reason_names[r])
		return reason_names[r];
	return "?";
}

/* ---------------------------------------------------------------------- */
/* Scenarios                                                               */
/* ---------------------------------------------------------------------- */

static void check_window(const char *name, unsigned int n,
			 const struct efc_win *want, const struct ef_dev *dev)
{
	const struct ef_window *w;

	ck_assert_msg(want->slot < EF_DEV_CHANNELS, "%s step %u: slot %u",
		      name, n, want->slot);
	w = &dev->chan[want->slot].done;
	ck_assert_msg(w->count == want->count && w->sum == want->sum &&
		      w->min == want->min && w->max == want->max &&
		      w->first == want->first && w->last == want->last,
		      "%s step %u: window count %u sum %lld min %d max %d first %d last %d, want %u %lld %d %d %d %d",
		      name, n, w->count, (long long)w->sum, w->min, w->max,
		      w->first, w->last, want->count, (long long)want->sum,
		      want->min, want->max, want->first, want->last);
	ck_assert_msg(w->start_ns == want->start, "%s step %u: start %llu",
		      name, n, (unsigned long long)w->start_ns);
	ck_assert_msg(w->channel == want->channel && w->kind == want->kind,
		      "%s step %u: window of channel %u kind %u", name, n,
		      w->channel, w->kind);
	if (want->check_sq)
		ck_assert_msg(w->sumsq_hi == want->sumsq_hi &&
			      w->sumsq_lo == want->sumsq_lo,
			      "%s step %u: sumsq %#llx:%016llx", name, n,
			      (unsigned long long)w->sumsq_hi,
			      (unsigned long long)w->sumsq_lo);
}

static void run_packet(const char *name, unsigned int n,
		       const struct efc_step *st, const struct ef_policy *pol,
		       struct ef_dev *dev)
{
	struct ef_packet pkt, parsed;
	enum ef_verdict verdict;
	struct ef_result res;
	__u8 buf[EF_WIRE_DATA_MAX_LEN];
	__u32 len, i;

	/* through the wire, as a real datagram would come */
	efc_step_packet(st, &pkt);
	len = ef_wire_encode(buf, sizeof(buf), &pkt);
	ck_assert_msg(ef_wire_parse(buf, buf + len, len, &parsed) == EF_PE_OK,
		      "%s step %u: own datagram does not parse", name, n);

	verdict = ef_core_packet(pol, dev, &parsed, st->now, &res);
	ck_assert_msg(res.reason == st->drop, "%s step %u: reason %s, want %s",
		      name, n, rname(res.reason), rname(st->drop));
	ck_assert_msg(verdict == (st->drop ? EF_VERDICT_DROP : EF_VERDICT_PASS),
		      "%s step %u: verdict %d", name, n, verdict);

	/* before the readings are looked at, none has a status */
	if (st->drop == EDGEFLOW_R_DUPLICATE || st->drop == EDGEFLOW_R_RATE) {
		ck_assert_msg(res.reported + res.suppressed + res.rejected == 0,
			      "%s step %u: readings judged", name, n);
	} else {
		for (i = 0; i < pkt.count; i++)
			ck_assert_msg(res.status[i] == st->r[i].expect,
				      "%s step %u reading %u: %s, want %s",
				      name, n, i, rname(res.status[i]),
				      rname(st->r[i].expect));
		ck_assert_msg(res.reported + res.suppressed + res.rejected ==
			      pkt.count, "%s step %u: tally", name, n);
	}
	for (i = pkt.count; i < EDGEFLOW_WIRE_MAX_READINGS; i++)
		ck_assert_msg(res.status[i] == 0, "%s step %u: status %u set",
			      name, n, i);

	ck_assert_msg(res.closed == st->closed,
		      "%s step %u: closed %#x, want %#x", name, n, res.closed,
		      st->closed);
	for (i = 0; i < EF_DEV_CHANNELS; i++)
		if (res.closed & (1U << i))
			ck_assert_msg(dev->chan[i].done.count > 0,
				      "%s step %u: empty window %u closed",
				      name, n, i);
}

START_TEST(scenario)
{
	const struct efc_scenario *sc = &efc_scenarios[_i];
	struct ef_dev dev;
	unsigned int n;

	ef_dev_init(&dev, sc->rate, sc->burst, 0);
	for (n = 0; n < EFC_MAX_STEPS; n++) {
		const struct efc_step *st = &sc->step[n];

		if (!efc_step_valid(st))
			break;
		if (st->expire) {
			__u16 got = ef_core_expire(&dev, st->now);

			ck_assert_msg(got == st->expired,
				      "%s step %u: expired %#x, want %#x",
				      sc->name, n, got, st->expired);
		}
		if (efc_step_count(st))
			run_packet(sc->name, n, st, &sc->pol, &dev);
		if (st->win.check)
			check_window(sc->name, n, &st->win, &dev);
	}
	ck_assert_msg(n > 0, "%s: no steps", sc->name);
}
END_TEST

/* Names are how failures are reported: they must be unique. */
START_TEST(scenario_names_unique)
{
	unsigned int i, j;

	for (i = 0; i < EFC_N_SCENARIOS; i++)
		for (j = i + 1; j < EFC_N_SCENARIOS; j++)
			ck_assert_msg(strcmp(efc_scenarios[i].name,
					     efc_scenarios[j].name),
				      "scenario name %s twice",
				      efc_scenarios[i].name);
	for (i = 0; i < EFC_N_PARSE; i++)
		for (j = i + 1; j < EFC_N_PARSE; j++)
			ck_assert_msg(strcmp(efc_parse_cases[i].name,
					     efc_parse_cases[j].name),
				      "parse case name %s twice",
				      efc_parse_cases[i].name);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Sequence arithmetic                                                     */
/* ---------------------------------------------------------------------- */

static const struct {
	const char	*name;
	__u32		a;
	__u32		b;
	bool		after;
} seq_cases[] = {
	{ "next", 1, 0, true },
	{ "equal", 5, 5, false },
	{ "previous", 4, 5, false },
	{ "wrap_to_0", 0, 0xffffffffU, true },
	{ "wrap_back", 0xffffffffU, 0, false },
	{ "far_ahead", 0x7fffffffU, 0, true },
	{ "half_is_not_after", 0x80000000U, 0, false },
	{ "half_other_way", 0, 0x80000000U, false },
	{ "just_past_half", 0x80000001U, 0, false },
	{ "far_ahead_over_wrap", 0x7ffffffeU, 0xffffffffU, true },
	{ "zero_zero", 0, 0, false },
	{ "max_max", 0xffffffffU, 0xffffffffU, false },
};

START_TEST(seq_after)
{
	ck_assert_msg(ef_seq_after(seq_cases[_i].a, seq_cases[_i].b) ==
		      seq_cases[_i].after, "%s: %#x after %#x",
		      seq_cases[_i].name, seq_cases[_i].a, seq_cases[_i].b);
}
END_TEST

/* A duplicate is reported by check and changes nothing in commit. */
START_TEST(seq_dup_commit_is_noop)
{
	struct ef_seq s = { 0 };
	enum ef_seq_verdict v;

	v = ef_seq_check(&s, 0, 9, 0, 100);
	ck_assert_msg(v == EF_SEQ_RESTART, "first: %d", v);
	ef_seq_commit(&s, v, 9, 0, 100);
	v = ef_seq_check(&s, 0, 9, 0, 200);
	ck_assert_msg(v == EF_SEQ_DUP, "replay: %d", v);
	ef_seq_commit(&s, v, 9, 0, 200);
	ck_assert_msg(s.seq == 9 && s.last_ns == 100, "dup moved state");
	/* a clock that goes backwards is no idle time */
	v = ef_seq_check(&s, 10, 8, 0, 0);
	ck_assert_msg(v == EF_SEQ_DUP, "backwards clock: %d", v);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Token bucket                                                            */
/* ---------------------------------------------------------------------- */

static unsigned int take_n(struct ef_bucket *b, __u64 now, unsigned int n)
{
	unsigned int ok = 0;

	while (n--)
		ok += ef_bucket_take(b, now);
	return ok;
}

START_TEST(bucket_limits)
{
	struct ef_bucket b;

	/* the longest gap there is: full, not wrapped */
	ef_bucket_init(&b, 1, 5, 0);
	ck_assert_uint_eq(take_n(&b, 0, 10), 5);
	ck_assert_uint_eq(take_n(&b, EF_U64_MAX, 10), 5);
	ck_assert_uint_eq(take_n(&b, EF_U64_MAX, 1), 0);

	/* the largest burst at the lowest rate does not overflow cap */
	ef_bucket_init(&b, 1, EF_U32_MAX, 0);
	ck_assert_msg(b.cap_ns == EF_NSEC_PER_SEC * EF_U32_MAX,
		      "cap %llu", (unsigned long long)b.cap_ns);
	ck_assert_uint_eq(take_n(&b, EF_U64_MAX, 3), 3);

	/* rate 0 and rates too high to express are unlimited */
	ef_bucket_init(&b, 0, 1, 0);
	ck_assert_uint_eq(take_n(&b, 0, 1000), 1000);
	ef_bucket_init(&b, 2000000000U, 1, 0);
	ck_assert_uint_eq(take_n(&b, 0, 1000), 1000);

	/* burst 0 is taken as 1 */
	ef_bucket_init(&b, 10, 0, 0);
	ck_assert_uint_eq(take_n(&b, 0, 3), 1);

	/* the clock going backwards gives nothing and breaks nothing */
	ef_bucket_init(&b, 10, 1, 1000 * EFC_S);
	ck_assert_uint_eq(take_n(&b, 1000 * EFC_S, 1), 1);
	ck_assert_uint_eq(take_n(&b, 0, 1), 0);
	ck_assert_uint_eq(take_n(&b, 1000 * EFC_S + 100 * EFC_MS, 1), 1);
}
END_TEST

/* Over a long run the rate holds: 3/s for 100 s is 300 plus the burst. */
START_TEST(bucket_long_run_rate)
{
	unsigned int ok = 0;
	struct ef_bucket b;
	__u64 t;

	ef_bucket_init(&b, 3, 4, 0);
	for (t = 0; t <= 100 * EFC_S; t += 10 * EFC_MS)
		ok += take_n(&b, t, 1);
	ck_assert_msg(ok == 300 + 4, "3/s burst 4 over 100 s: %u", ok);
}
END_TEST

/* Reconfiguring keeps the credit, clipped: no free burst. */
START_TEST(bucket_reconfigure)
{
	struct ef_bucket b;

	ef_bucket_init(&b, 10, 100, 0);
	ck_assert_uint_eq(take_n(&b, 0, 98), 98);
	ef_bucket_set(&b, 10, 1000);
	ck_assert_uint_eq(take_n(&b, 0, 5), 2);
	ef_bucket_init(&b, 10, 100, 0);
	ef_bucket_set(&b, 10, 3);
	ck_assert_uint_eq(take_n(&b, 0, 5), 3);
	ef_bucket_set(&b, 0, 3);
	ck_assert_uint_eq(take_n(&b, 0, 5), 5);
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Windows                                                                 */
/* ---------------------------------------------------------------------- */

/* Against a reference in __int128 over values that stress every bit. */
START_TEST(window_sums_exact)
{
	static const __s32 edge[] = {
		INT32_MIN, INT32_MAX, INT32_MIN + 1, -1, 0, 1, 0xffff,
	};
	__int128 sum = 0, sq = 0;
	__s32 min = INT32_MAX, max = INT32_MIN;
	struct ef_window w = { 0 };
	__u32 x = 12345, i;

	for (i = 0; i < 200000; i++) {
		__s32 v;

		x = x * 1103515245u + 12345u;
		v = i % 3 ? (__s32)x : edge[(x >> 16) % 7];
		/* a zero low word before an add must not look like carry */
		if (i == 0)
			v = 0;
		if (i == 0)
			ef_window_open(&w, 7, 100, v);
		else
			ef_window_add(&w, v);
		sum += v;
		sq += (__int128)v * v;
		if (v < min)
			min = v;
		if (v > max)
			max = v;
	}
	ck_assert_msg(w.count == 200000 && w.sum == (__s64)sum,
		      "count %u sum %lld", w.count, (long long)w.sum);
	ck_assert_msg(w.sumsq_hi == (__u64)(sq >> 64) &&
		      w.sumsq_lo == (__u64)sq, "sum of squares");
	ck_assert_msg(w.min == min && w.max == max, "min %d max %d", w.min,
		      w.max);
	ck_assert_msg(w.start_ns == 98 && w.length_ns == 7, "start %llu",
		      (unsigned long long)w.start_ns);
}
END_TEST

/* count stops at 2^32 - 1 and says so; nothing else moves after that. */
START_TEST(window_saturates)
{
	struct ef_window w = { 0 };

	ef_window_open(&w, EFC_S, 0, INT32_MIN);
	w.count = EF_U32_MAX - 1;
	w.sum = (__s64)INT32_MIN * (EF_U32_MAX - 1);
	ef_window_add(&w, INT32_MIN);
	ck_assert_msg(w.count == EF_U32_MAX && !w.flags, "last one counted");
	ck_assert_msg(w.sum == (__s64)INT32_MIN * EF_U32_MAX,
		      "sum at the limit %lld", (long long)w.sum);
	ef_window_add(&w, INT32_MAX);
	ck_assert_msg(w.count == EF_U32_MAX &&
		      w.flags == EF_WIN_F_SATURATED &&
		      w.sum == (__s64)INT32_MIN * EF_U32_MAX &&
		      w.max == INT32_MIN, "saturated window moved");
}
END_TEST

/* Alignment at the far end of the clock, and odd window lengths. */
START_TEST(window_alignment)
{
	static const struct {
		const char	*name;
		__u64		now;
		__u64		len;
		__u64		start;
	} c[] = {
		{ "zero", 0, 10, 0 },
		{ "exact", 20, 10, 20 },
		{ "inside", 29, 10, 20 },
		{ "u64_max", EF_U64_MAX, 7, EF_U64_MAX - EF_U64_MAX % 7 },
		{ "len_1", 12345, 1, 12345 },
		{ "len_huge", EF_U64_MAX - 1, EF_U64_MAX, 0 },
	};
	struct ef_window w = { 0 };
	unsigned int i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		ef_window_open(&w, c[i].len, c[i].now, 1);
		ck_assert_msg(w.start_ns == c[i].start, "%s: start %llu",
			      c[i].name, (unsigned long long)w.start_ns);
		ck_assert_msg(!ef_window_due(&w, c[i].now), "%s: due at once",
			      c[i].name);
	}
}
END_TEST

/* ---------------------------------------------------------------------- */
/* Device state                                                            */
/* ---------------------------------------------------------------------- */

/* A restart forgets filter state but keeps the windows. */
START_TEST(dev_restart_keeps_windows)
{
	struct ef_policy pol = { .window_ns = 10 * EFC_S };
	struct ef_packet pkt = { .seq = 1, .count = 1 };
	struct ef_result res;
	struct ef_dev dev;

	pol.kind[EFC_G].flags = EF_KP_STEP;
	pol.kind[EFC_G].step = 1;
	ef_dev_init(&dev, 0, 0, 0);
	pkt.r[0].value = 100;
	ef_core_packet(&pol, &dev, &pkt, 1, &res);
	ck_assert_msg(dev.chan[0].filter.flags & EF_FI_F_BASE, "no base");

	pkt.flags = EDGEFLOW_WIRE_F_BOOT;
	pkt.r[0].value = -100;
	ck_assert_msg(ef_core_packet(&pol, &dev, &pkt, 2, &res) ==
		      EF_VERDICT_PASS, "boot: %s", rname(res.status[0]));
	ck_assert_msg(dev.chan[0].cur.count == 2 && dev.chan[0].cur.sum == 0,
		      "window lost across restart");
}
END_TEST

/* Inputs the parser never produces still cannot break the core. */
START_TEST(core_packet_no_readings)
{
	struct ef_policy pol = { 0 };
	struct ef_packet pkt = { .seq = 1, .count = 0 };
	struct ef_result res;
	struct ef_dev dev;

	ef_dev_init(&dev, 0, 0, 0);
	ck_assert_msg(ef_core_packet(&pol, &dev, &pkt, 0, &res) ==
		      EF_VERDICT_DROP && res.reason == EDGEFLOW_R_ALL_REJECTED,
		      "count 0: %s", rname(res.reason));
	pkt.seq = 2;
	pkt.count = 200;
	pkt.r[0].kind = 255;
	ck_assert_msg(ef_core_packet(&pol, &dev, &pkt, 0, &res) ==
		      EF_VERDICT_PASS && res.reported == 16,
		      "count 200: %u reported", res.reported);
}
END_TEST

/* Corrupt slot table entries are refused, not followed. */
START_TEST(core_corrupt_slot)
{
	struct ef_dev dev;

	ef_dev_init(&dev, 0, 0, 0);
	dev.slot_of[7] = EF_DEV_CHANNELS + 1;
	ck_assert_uint_eq(ef_chan_slot(&dev, 7), EF_DEV_CHANNELS);
	dev.nchan = 1000;
	ck_assert_uint_eq(ef_chan_slot(&dev, 8), EF_DEV_CHANNELS);
	ck_assert_msg(!ef_chan_expire(&dev, EF_DEV_CHANNELS, 0),
		      "expire past the last slot");
}
END_TEST

static Suite *core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("scenarios");

	tcase_add_loop_test(tc, scenario, 0, EFC_N_SCENARIOS);
	tcase_add_test(tc, scenario_names_unique);
	suite_add_tcase(s, tc);

	tc = tcase_create("seq");
	tcase_add_loop_test(tc, seq_after, 0,
			    sizeof(seq_cases) / sizeof(seq_cases[0]));
	tcase_add_test(tc, seq_dup_commit_is_noop);
	suite_add_tcase(s, tc);

	tc = tcase_create("bucket");
	tcase_add_test(tc, bucket_limits);
	tcase_add_test(tc, bucket_long_run_rate);
	tcase_add_test(tc, bucket_reconfigure);
	suite_add_tcase(s, tc);

	tc = tcase_create("window");
	tcase_add_test(tc, window_sums_exact);
	tcase_add_test(tc, window_saturates);
	tcase_add_test(tc, window_alignment);
	suite_add_tcase(s, tc);

	tc = tcase_create("device");
	tcase_add_test(tc, dev_restart_keeps_windows);
	tcase_add_test(tc, core_packet_no_readings);
	tcase_add_test(tc, core_corrupt_slot);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(core_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
