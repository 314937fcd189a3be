// SPDX-License-Identifier: GPL-2.0
/* Unit tests for the dataset replayer: CSV parsing, errors, encoding. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <edgeflow/wire.h>

#include "replay.h"

#define DATASET "../shared/data/sensors/suthaharan-single-hop.csv"

START_TEST(parse_good_line)
{
	char line[] = "2348,1,1,74.17,36.39,1\r\n";
	struct replay_row r;
	const char *bad = NULL;

	ck_assert_int_eq(replay_parse_line(line, &r, &bad), 0);
	ck_assert_uint_eq(r.reading, 2348);
	ck_assert_uint_eq(r.mote, 1);
	ck_assert_int_eq(r.humidity, 74170);
	ck_assert_int_eq(r.temperature, 36390);
	ck_assert_uint_eq(r.label, 1);
}
END_TEST

static const struct {
	const char *line;
	const char *field;
} bad_lines[] = {
	{ "x,1,1,45.9,27.9,0",		"reading" },
	{ "1,-1,1,45.9,27.9,0",		"mote_id" },
	{ "1,1,2,45.9,27.9,0",		"indoor" },
	{ "1,1,1,wet,27.9,0",		"humidity" },
	{ "1,1,1,45.9,nan,0",		"temperature" },
	{ "1,1,1,45.9,1e300,0",		"temperature" },
	{ "1,1,1,45.9,27.9,2",		"label" },
	{ "1,1,1,45.9",			"temperature" },
	{ "1,1,1,45.9,27.9,0,7",	"(extra field)" },
};

START_TEST(parse_bad_lines)
{
	size_t i;

	for (i = 0; i < sizeof(bad_lines) / sizeof(bad_lines[0]); i++) {
		char line[64];
		struct replay_row r;
		const char *bad = NULL;

		snprintf(line, sizeof(line), "%s", bad_lines[i].line);
		ck_assert_msg(replay_parse_line(line, &r, &bad) != 0, "line %s accepted",
			      bad_lines[i].line);
		ck_assert_msg(bad && !strcmp(bad, bad_lines[i].field),
			      "line %s: field %s, expected %s", bad_lines[i].line,
			      bad ? bad : "(none)", bad_lines[i].field);
	}
}
END_TEST

START_TEST(load_dataset)
{
	struct replay_row *rows;
	size_t n, i, labelled = 0;

	ck_assert_int_eq(replay_load(DATASET, &rows, &n), 0);
	ck_assert_uint_eq(n, 18914);
	for (i = 0; i < n; i++)
		labelled += rows[i].label;
	ck_assert_uint_eq(labelled, 149);

	replay_sort(rows, n);
	for (i = 1; i < n; i++)
		ck_assert(rows[i - 1].reading < rows[i].reading ||
			  (rows[i - 1].reading == rows[i].reading &&
			   rows[i - 1].mote < rows[i].mote));
	free(rows);
}
END_TEST

START_TEST(load_reports_line)
{
	char path[] = "/tmp/efreplayXXXXXX";
	struct replay_row *rows;
	size_t n;
	FILE *f;
	int fd;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs("reading,mote_id,indoor,humidity,temperature,label\n1,1,1,45,27,0\n"
	      "2,1,1,45,hot,0\n", f);
	fclose(f);
	ck_assert_int_ne(replay_load(path, &rows, &n), 0);
	unlink(path);
}
END_TEST

START_TEST(encode_round_trip)
{
	struct replay_row r = { .reading = 7, .mote = 3, .humidity = 45930,
				.temperature = -1250, .label = 0 };
	uint8_t buf[EF_WIRE_DATA_MAX_LEN];
	struct ef_packet pkt;
	uint32_t len;

	len = replay_encode(&r, 1003, 42, buf, sizeof(buf));
	ck_assert_uint_eq(len, 16 + 2 * 8);
	ck_assert_int_eq(ef_wire_parse(buf, buf + len, len, &pkt), EF_PE_OK);
	ck_assert_uint_eq(pkt.device, 1003);
	ck_assert_uint_eq(pkt.seq, 42);
	ck_assert_uint_eq(pkt.count, 2);
	ck_assert_uint_eq(pkt.r[0].kind, EDGEFLOW_KIND_HUMIDITY);
	ck_assert_int_eq(pkt.r[0].value, 45930);
	ck_assert_uint_eq(pkt.r[1].channel, 1);
	ck_assert_uint_eq(pkt.r[1].kind, EDGEFLOW_KIND_TEMPERATURE);
	ck_assert_int_eq(pkt.r[1].value, -1250);
	ck_assert_uint_eq(replay_encode(&r, 1, 1, buf, 31), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("replay");
	TCase *tc = tcase_create("replay");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, parse_good_line);
	tcase_add_test(tc, parse_bad_lines);
	tcase_add_test(tc, load_dataset);
	tcase_add_test(tc, load_reports_line);
	tcase_add_test(tc, encode_round_trip);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
