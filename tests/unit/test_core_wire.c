// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Wire format v1 in include/edgeflow/wire.h and window.h: parsing and
 * validating data datagrams, encoding them back, and the summary message.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "core_cases.h"

#define BUF_LEN	(EF_WIRE_SUMMARY_MAX_LEN + 64)

static const char *const pe_names[] = {
	[EF_PE_OK] = "ok",		[EF_PE_SHORT] = "short",
	[EF_PE_MAGIC] = "magic",	[EF_PE_VERSION] = "version",
	[EF_PE_TYPE] = "type",		[EF_PE_FLAGS] = "flags",
	[EF_PE_COUNT] = "count",	[EF_PE_RESERVED] = "reserved",
	[EF_PE_LENGTH] = "length",	[EF_PE_STATUS] = "status",
};

static const char *pe_name(enum ef_parse_err e)
{
	return (unsigned int)e < __EF_PE_MAX ? pe_names[e] : "?";
}

/* One test per row of efc_parse_cases. */
START_TEST(parse_table)
{
	const struct efc_parse *pc = &efc_parse_cases[_i];
	struct ef_packet pkt, want;
	enum ef_parse_err err;
	__u8 buf[BUF_LEN];
	__u32 len, i;

	len = efc_parse_bytes(pc, buf, sizeof(buf));
	err = ef_wire_parse(buf, buf + len, len, &pkt);
	ck_assert_msg(err == pc->err, "%s: parse gave %s, want %s",
		      pc->name, pe_name(err), pe_name(pc->err));
	if (err != EF_PE_OK)
		return;

	efc_parse_base(&want, pc->count);
	ck_assert_msg(pkt.device == want.device && pkt.seq == want.seq,
		      "%s: device %#x seq %#x", pc->name, pkt.device, pkt.seq);
	ck_assert_msg(pkt.count == pc->count, "%s: count %u", pc->name,
		      pkt.count);
	for (i = 0; i < pkt.count; i++) {
		__u8 ch = want.r[i].channel, kind = want.r[i].kind;

		if (pc->patch && pc->off == EFC_RD(i, 0))
			ch = pc->val;
		if (pc->patch && pc->off == EFC_RD(i, 1))
			kind = pc->val;
		ck_assert_msg(pkt.r[i].value == want.r[i].value &&
			      pkt.r[i].channel == ch && pkt.r[i].kind == kind,
			      "%s: reading %u is (%u, %u, %d)", pc->name, i,
			      pkt.r[i].channel, pkt.r[i].kind,
			      pkt.r[i].value);
	}
}
END_TEST

/*
 * Every length from 0 to one past the full datagram, for every reading
 * count: only the exact length parses; below the header it is SHORT, from
 * the header on it is LENGTH.
 */
START_TEST(parse_every_truncation)
{
	__u8 count = (__u8)(_i + 1);
	struct ef_packet pkt, got;
	__u8 buf[BUF_LEN];
	__u32 full, len;

	efc_parse_base(&pkt, count);
	full = ef_wire_encode(buf, sizeof(buf), &pkt);
	ck_assert_msg(full == 16 + 8u * count, "count %u: encoded %u bytes",
		      count, full);

	for (len = 0; len <= full + 1; len++) {
		enum ef_parse_err want, err;

		want = len < 16 ? EF_PE_SHORT :
		       len == full ? EF_PE_OK : EF_PE_LENGTH;
		err = ef_wire_parse(buf, buf + len, len, &got);
		ck_assert_msg(err == want, "count %u len %u: %s, want %s",
			      count, len, pe_name(err), pe_name(want));
	}
}
END_TEST

/*
 * XDP passes the UDP length and the frame end separately. A UDP length
 * that claims more than the frame holds must come out SHORT without any
 * read past the frame (ASan would see one: the copy is sized exactly).
 */
START_TEST(parse_frame_shorter_than_udp_length)
{
	__u8 count = (__u8)(_i + 1);
	struct ef_packet pkt, got;
	__u8 buf[BUF_LEN];
	__u32 full, cut;

	efc_parse_base(&pkt, count);
	full = ef_wire_encode(buf, sizeof(buf), &pkt);
	for (cut = 0; cut < full; cut++) {
		__u8 *frame = malloc(cut ? cut : 1);
		enum ef_parse_err err;

		ck_assert_ptr_nonnull(frame);
		memcpy(frame, buf, cut);
		err = ef_wire_parse(frame, frame + cut, full, &got);
		free(frame);
		ck_assert_msg(err == EF_PE_SHORT,
			      "count %u frame %u of %u: %s", count, cut, full,
			      pe_name(err));
	}
}
END_TEST

/* Trailing frame bytes beyond the UDP length (Ethernet padding) are fine. */
START_TEST(parse_frame_longer_than_udp_length)
{
	struct ef_packet pkt, got;
	__u8 buf[BUF_LEN];
	__u32 full;

	efc_parse_base(&pkt, 1);
	full = ef_wire_encode(buf, sizeof(buf), &pkt);
	ck_assert_msg(ef_wire_parse(buf, buf + full + 20, full, &got) ==
		      EF_PE_OK, "padded frame: did not parse");
}
END_TEST

/* Decode then encode gives back the same bytes, statuses included. */
START_TEST(encode_round_trip)
{
	__u8 count = (__u8)(_i + 1);
	__u8 buf[BUF_LEN], again[BUF_LEN];
	struct ef_packet pkt, got;
	__u32 len, i;

	efc_parse_base(&pkt, count);
	pkt.flags = EDGEFLOW_WIRE_F_BOOT;
	len = ef_wire_encode(buf, sizeof(buf), &pkt);
	ck_assert_msg(ef_wire_parse(buf, buf + len, len, &got) == EF_PE_OK,
		      "count %u: no parse", count);
	ck_assert_msg(got.flags == EDGEFLOW_WIRE_F_BOOT, "count %u: flags",
		      count);
	ck_assert_msg(ef_wire_encode(again, sizeof(again), &got) == len &&
		      !memcmp(buf, again, len), "count %u: bytes differ",
		      count);

	/* the gateway writing reasons: they land in the status fields */
	for (i = 0; i < count; i++)
		got.r[i].status = EDGEFLOW_R_RANGE;
	ef_wire_encode(again, sizeof(again), &got);
	ck_assert_msg(again[EFC_RD(count - 1, 2)] == 0 &&
		      again[EFC_RD(count - 1, 3)] == EDGEFLOW_R_RANGE,
		      "count %u: status not big-endian", count);
}
END_TEST

START_TEST(encode_refuses_bad_input)
{
	struct ef_packet pkt;
	__u8 buf[BUF_LEN];

	efc_parse_base(&pkt, 2);
	ck_assert_msg(ef_wire_encode(buf, 31, &pkt) == 0, "buffer 31 < 32");
	ck_assert_msg(ef_wire_encode(buf, 32, &pkt) == 32, "buffer 32");
	pkt.count = 0;
	ck_assert_msg(ef_wire_encode(buf, sizeof(buf), &pkt) == 0, "count 0");
	pkt.count = 17;
	ck_assert_msg(ef_wire_encode(buf, sizeof(buf), &pkt) == 0,
		      "count 17");
}
END_TEST

/* The wire layout is the ABI: pin the offsets DESIGN.md documents. */
START_TEST(wire_layout)
{
	struct ef_packet pkt;
	__u8 buf[BUF_LEN];

	ck_assert_uint_eq(sizeof(struct edgeflow_wire_hdr), 16);
	ck_assert_uint_eq(sizeof(struct edgeflow_wire_reading), 8);
	ck_assert_uint_eq(sizeof(struct edgeflow_wire_summary), 64);

	memset(&pkt, 0, sizeof(pkt));
	pkt.device = 0x01020304;
	pkt.seq = 0x05060708;
	pkt.flags = EDGEFLOW_WIRE_F_BOOT;
	pkt.count = 1;
	pkt.r[0].channel = 0xc1;
	pkt.r[0].kind = EDGEFLOW_KIND_PRESSURE;
	pkt.r[0].value = -2;
	ck_assert_uint_eq(ef_wire_encode(buf, sizeof(buf), &pkt), 24);
	{
		static const __u8 want[24] = {
			0x45, 0x46, 1, 1, 1, 1, 0, 0,
			1, 2, 3, 4, 5, 6, 7, 8,
			0xc1, 5, 0, 0, 0xff, 0xff, 0xff, 0xfe,
		};

		ck_assert_msg(!memcmp(buf, want, sizeof(want)),
			      "layout: bytes differ from DESIGN.md");
	}
}
END_TEST

static void fill_window(struct ef_window *w, __u32 i)
{
	memset(w, 0, sizeof(*w));
	w->channel = (__u8)(200 + i);
	w->kind = (__u8)(i % 6);
	w->flags = i == 0 ? EF_WIN_F_SATURATED : 0;
	w->count = i == 0 ? EF_U32_MAX : i + 1;
	w->start_ns = 0x0102030405060708ULL * (i + 1);
	w->length_ns = EFC_S;
	w->sum = i & 1 ? INT64_MIN + 1 : INT64_MAX;
	w->sumsq_hi = 0xabcdef0123ULL + i;
	w->sumsq_lo = 0xfedcba9876543210ULL - i;
	w->min = INT32_MIN;
	w->max = INT32_MAX;
	w->first = -1;
	w->last = (__s32)i;
}

/* Summaries: encode, validate, decode gives back every field. */
START_TEST(summary_round_trip)
{
	__u8 count = (__u8)(_i + 1);
	struct edgeflow_wire_summary *rec;
	struct ef_window w, got;
	enum ef_parse_err err;
	struct ef_packet pkt;
	__u8 buf[BUF_LEN];
	__u32 len, i;

	ef_wire_summary_hdr((void *)buf, EFC_DEVICE, 0xffffffff, count);
	rec = (void *)(buf + EF_WIRE_HDR_LEN);
	for (i = 0; i < count; i++) {
		fill_window(&w, i);
		ef_window_encode(&rec[i], &w);
	}
	len = EF_WIRE_HDR_LEN + count * EF_WIRE_SUMMARY_LEN;
	ck_assert_msg(ef_wire_parse_summary(buf, buf + len, len, &err) ==
		      count && err == EF_PE_OK, "summary %u: %s", count,
		      pe_name(err));
	for (i = 0; i < count; i++) {
		fill_window(&w, i);
		ef_window_decode(&got, &rec[i]);
		ck_assert_msg(!memcmp(&w, &got, sizeof(w)),
			      "summary %u record %u differs", count, i);
	}

	/* every truncation of it, and one byte too many */
	for (i = 0; i <= len + 1; i++) {
		enum ef_parse_err want = i < 16 ? EF_PE_SHORT :
					 i == len ? EF_PE_OK : EF_PE_LENGTH;

		ef_wire_parse_summary(buf, buf + i, i, &err);
		ck_assert_msg(err == want, "summary %u len %u: %s, want %s",
			      count, i, pe_name(err), pe_name(want));
	}

	/* a data parser must not take it, nor the summary parser data */
	ck_assert_msg(ef_wire_parse(buf, buf + len, len, &pkt) ==
		      EF_PE_TYPE, "summary %u parsed as data", count);
}
END_TEST

START_TEST(summary_malformed)
{
	struct edgeflow_wire_summary *rec;
	enum ef_parse_err err;
	struct ef_window w;
	__u8 buf[BUF_LEN];
	__u32 len = EF_WIRE_HDR_LEN + 2 * EF_WIRE_SUMMARY_LEN;

	ef_wire_summary_hdr((void *)buf, 1, 1, 2);
	rec = (void *)(buf + EF_WIRE_HDR_LEN);
	fill_window(&w, 1);
	ef_window_encode(&rec[0], &w);
	ef_window_encode(&rec[1], &w);

	rec[1].flags = ef_cpu_to_be16(0x8000);
	ef_wire_parse_summary(buf, buf + len, len, &err);
	ck_assert_msg(err == EF_PE_FLAGS, "summary record flags: %s",
		      pe_name(err));
	rec[1].flags = 0;

	buf[4] = EDGEFLOW_WIRE_F_BOOT;
	ef_wire_parse_summary(buf, buf + len, len, &err);
	ck_assert_msg(err == EF_PE_FLAGS, "summary header flags: %s",
		      pe_name(err));
	buf[4] = 0;

	buf[5] = 0;
	ef_wire_parse_summary(buf, buf + len, len, &err);
	ck_assert_msg(err == EF_PE_COUNT, "summary count 0: %s",
		      pe_name(err));
	buf[5] = 17;
	ef_wire_parse_summary(buf, buf + len, len, &err);
	ck_assert_msg(err == EF_PE_COUNT, "summary count 17: %s",
		      pe_name(err));
	buf[5] = 2;

	buf[7] = 1;
	ef_wire_parse_summary(buf, buf + len, len, &err);
	ck_assert_msg(err == EF_PE_RESERVED, "summary reserved: %s",
		      pe_name(err));
	buf[7] = 0;

	ck_assert_msg(ef_wire_parse_summary(buf, buf + len, len, &err) == 2,
		      "summary restored: %s", pe_name(err));
}
END_TEST

static Suite *wire_suite(void)
{
	Suite *s = suite_create("core_wire");
	TCase *tc = tcase_create("parse");

	tcase_add_loop_test(tc, parse_table, 0, EFC_N_PARSE);
	tcase_add_loop_test(tc, parse_every_truncation, 0,
			    EDGEFLOW_WIRE_MAX_READINGS);
	tcase_add_loop_test(tc, parse_frame_shorter_than_udp_length, 0,
			    EDGEFLOW_WIRE_MAX_READINGS);
	tcase_add_test(tc, parse_frame_longer_than_udp_length);
	tcase_add_loop_test(tc, encode_round_trip, 0,
			    EDGEFLOW_WIRE_MAX_READINGS);
	tcase_add_test(tc, encode_refuses_bad_input);
	tcase_add_test(tc, wire_layout);
	suite_add_tcase(s, tc);

	tc = tcase_create("summary");
	tcase_add_loop_test(tc, summary_round_trip, 0,
			    EDGEFLOW_WIRE_MAX_SUMMARIES);
	tcase_add_test(tc, summary_malformed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(wire_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
