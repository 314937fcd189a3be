// SPDX-License-Identifier: GPL-2.0
/* Unit tests for edgectl's own plumbing: output layer, extack parsing. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/netlink.h>

#include <math.h>
#include <stdint.h>
#include <edgeflow/window.h>

#include "agg.h"
#include "edgectl.h"
#include "nl.h"
#include "out.h"

/* Capture what fn prints on stdout. */
static char *capture(void (*fn)(void))
{
	static char buf[4096];
	FILE *tmp = tmpfile();
	int saved, n;

	ck_assert_ptr_nonnull(tmp);
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	dup2(fileno(tmp), STDOUT_FILENO);
	fn();
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	rewind(tmp);
	n = (int)fread(buf, 1, sizeof(buf) - 1, tmp);
	buf[n < 0 ? 0 : n] = '\0';
	fclose(tmp);
	return buf;
}

static void print_sample(void)
{
	out_begin();
	out_str("name", "server %s", "edge-1");
	out_u64("port", " port %lu", 5683);
	out_s64("min", " min %ld", -40000);
	out_bool("up", " up %s", true);
	out_text("\n");
	out_arr_open("loads");
	out_u64(NULL, " %lu", 1);
	out_u64(NULL, " %lu", 2);
	out_arr_close();
	out_obj_open("limits");
	out_u64("steer", " steer %lu\n", 18446744073709551615UL);
	out_obj_close();
	out_end();
}

START_TEST(out_text_mode)
{
	ectl_opts.json = false;
	ck_assert_str_eq(capture(print_sample),
			 "server edge-1 port 5683 min -40000 up yes\n 1 2 steer 18446744073709551615\n");
}
END_TEST

START_TEST(out_json_mode)
{
	ectl_opts.json = true;
	ck_assert_str_eq(capture(print_sample),
			 "{\"name\":\"edge-1\",\"port\":5683,\"min\":-40000,\"up\":true,"
			 "\"loads\":[1,2],\"limits\":{\"steer\":18446744073709551615}}\n");
	ectl_opts.json = false;
}
END_TEST

/* Build an NLMSG_ERROR carrying extack TLVs as the kernel does. */
static size_t put_tlv(char *p, unsigned short type, const void *data, unsigned short len)
{
	struct nlattr *a = (struct nlattr *)p;

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy(p + NLA_HDRLEN, data, len);
	return NLA_ALIGN(a->nla_len);
}

static struct nlmsgerr *make_err(char *buf, unsigned short flags, bool with_tlvs)
{
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct nlmsgerr *e = NLMSG_DATA(h);
	const char msg[] = "server name too long";
	unsigned int offs = 20;
	size_t len = NLMSG_HDRLEN + sizeof(*e);

	memset(buf, 0, 512);
	h->nlmsg_type = NLMSG_ERROR;
	h->nlmsg_flags = flags;
	e->error = -22;
	e->msg.nlmsg_len = NLMSG_HDRLEN;	/* the echoed request: header only */
	if (with_tlvs) {
		len += put_tlv(buf + len, NLMSGERR_ATTR_MSG, msg, sizeof(msg));
		len += put_tlv(buf + len, NLMSGERR_ATTR_OFFS, &offs, sizeof(offs));
	}
	h->nlmsg_len = (unsigned int)len;
	return e;
}

START_TEST(extack_parsed)
{
	char buf[512] __attribute__((aligned(8)));
	struct ectl_nl nl = { 0 };

	ectl_nl_parse_extack(&nl, make_err(buf, NLM_F_CAPPED | NLM_F_ACK_TLVS, true));
	ck_assert_str_eq(nl.ext_msg, "server name too long");
	ck_assert_uint_eq(nl.ext_offs, 20);
}
END_TEST

START_TEST(extack_absent)
{
	char buf[512] __attribute__((aligned(8)));
	struct ectl_nl nl = { 0 };

	/* Without NLM_F_ACK_TLVS the bytes after nlmsgerr are not TLVs. */
	ectl_nl_parse_extack(&nl, make_err(buf, NLM_F_CAPPED, true));
	ck_assert_str_eq(nl.ext_msg, "");
	ck_assert_uint_eq(nl.ext_offs, 0);
}
END_TEST

START_TEST(window_conversion_round_trip)
{
	struct agg_window w, back;
	struct ef_window ew;

	/* memset first: memcmp below also sees the padding. */
	memset(&w, 0, sizeof(w));
	w.channel = 3;
	w.kind = 2;
	w.flags = 1;
	w.start_ns = 5000000000ULL;
	w.length_ns = 1000000000ULL;
	w.count = 7;
	w.min = INT32_MIN;
	w.max = INT32_MAX;
	w.first = -5;
	w.last = 9;
	w.sum = -123456789012LL;
	w.sumsq_hi = 2;
	w.sumsq_lo = 99;

	agg_window_to_ef(&ew, &w);
	ck_assert_uint_eq(ew.count, 7);
	ck_assert_int_eq(ew.min, INT32_MIN);
	agg_window_from_ef(&back, &ew);
	ck_assert_int_eq(memcmp(&w, &back, sizeof(w)), 0);
	ck_assert(fabs(agg_mean(&w) - (-123456789012.0 / 7)) < 1e-3);
}
END_TEST

static Suite *edgectl_suite(void)
{
	Suite *s = suite_create("edgectl");
	TCase *tc = tcase_create("plumbing");

	tcase_add_test(tc, out_text_mode);
	tcase_add_test(tc, out_json_mode);
	tcase_add_test(tc, extack_parsed);
	tcase_add_test(tc, extack_absent);
	tcase_add_test(tc, window_conversion_round_trip);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(edgectl_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
