// SPDX-License-Identifier: GPL-2.0
/*
 * The solver against OR-Library GAP instances with known optima
 * (../shared/data/gap, reference values for minimisation):
 *  - cattrysse1994 and chu1997 a*, b*: solved to the listed optimum;
 *  - chu1997 c*: within 1% of it under a 10 s time limit.
 * Every answer is verified by the independent checker. Run from the
 * repository root; EDGEFLOW_SHARED overrides where shared/ is.
 */
#define _GNU_SOURCE
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checker.h"
#include "orlib.h"
#include "place.h"

#define GAP_MAX		128
#define GAP_C_LIMIT	10.0	/* seconds, the bound for c* */
#define GAP_C_SLACK	0.01	/* within 1% of the reference */
/*
 * A cap, not a target: every a and b instance is proved in seconds but
 * chu1997/b10200, which takes about 45 s (GLPK alone does not close it; the
 * Lagrangian branch and bound after it does).
 */
#define GAP_AB_LIMIT	120.0

struct gap_case {
	char path[512];
	char name[384];
	double optimum;
	double limit;		/* seconds */
	bool hard;		/* time limit, 1%: chu1997 c* */
};

static struct gap_case gap_cases[GAP_MAX];
static int gap_n;

static const char *gap_shared(void)
{
	return getenv("EDGEFLOW_SHARED") ?: "../shared";
}

/* "data/gap/chu1997/c05100,orlibrary,chu1997,100,5,1931,1931,1931" */
static void gap_add(const char *line)
{
	char rel[256], set[64];
	struct gap_case *c = &gap_cases[gap_n];
	double bound, opt, best;
	int items, agents;
	const char *base;

	if (gap_n >= GAP_MAX || sscanf(line, "%255[^,],%*[^,],%63[^,],%d,%d,%lf,%lf,%lf", rel,
				       set, &items, &agents, &bound, &opt, &best) != 7)
		return;

	base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	if (!strcmp(set, "chu1997") && !strchr("abc", base[0]))
		return;
	if (strcmp(set, "chu1997") && strcmp(set, "cattrysse1994"))
		return;

	snprintf(c->path, sizeof(c->path), "%s/%s", gap_shared(), rel);
	snprintf(c->name, sizeof(c->name), "%s/%s", set, base);
	c->optimum = opt;
	c->hard = !strcmp(set, "chu1997") && base[0] == 'c';
	c->limit = c->hard ? GAP_C_LIMIT : GAP_AB_LIMIT;
	gap_n++;
}

static int gap_read_reference(void)
{
	char path[512], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/data/gap/reference.csv", gap_shared());
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "test_place_gap: cannot open %s (run from the repository root "
			"with shared/ beside it, or set EDGEFLOW_SHARED)\n", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f))
		gap_add(line);
	fclose(f);
	return 0;
}

START_TEST(test_instance)
{
	const struct gap_case *c = &gap_cases[_i];
	struct place_opts o = { .time_limit = c->limit };
	struct checker_report rep;
	struct place_result res;
	struct place_model *m;
	char err[512];

	ck_assert_msg(!orlib_load(c->path, false, &m, err, sizeof(err)), "%s", err);
	ck_assert_int_eq(place_solve(m, &o, &res), 0);
	printf("# %-24s ref %6g got %6g bound %8.2f %-8s %6.2fs\n", c->name, c->optimum,
	       res.objective, res.bound, place_status_name(res.status), res.seconds);

	ck_assert_msg(res.status == PLACE_OPTIMAL || res.status == PLACE_FEASIBLE,
		      "%s: %s", c->name, place_status_name(res.status));
	ck_assert_msg(!checker_verify(m, res.assign, &rep), "%s: %s", c->name, rep.first);
	ck_assert_double_eq_tol(rep.objective, res.objective, 1e-6);

	if (c->hard) {
		ck_assert_msg(rep.objective <= c->optimum * (1 + GAP_C_SLACK) + 1e-9,
			      "%s: %g is not within 1%% of %g", c->name, rep.objective,
			      c->optimum);
	} else {
		ck_assert_msg(res.status == PLACE_OPTIMAL, "%s: not proved optimal", c->name);
		ck_assert_double_eq_tol(rep.objective, c->optimum, 1e-9);
	}
	place_result_fini(&res);
	place_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("place_gap");
	TCase *tc = tcase_create("orlib");
	SRunner *sr;
	int failed, hard = 0, i;

	if (gap_read_reference())
		return EXIT_FAILURE;
	for (i = 0; i < gap_n; i++)
		hard += gap_cases[i].hard;
	printf("# %d instances, %d held to 1%% under a time limit\n", gap_n, hard);

	tcase_set_timeout(tc, GAP_AB_LIMIT + 60);
	tcase_add_loop_test(tc, test_instance, 0, gap_n);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed || !gap_n ? EXIT_FAILURE : EXIT_SUCCESS;
}
