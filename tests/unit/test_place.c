// SPDX-License-Identifier: GPL-2.0
/*
 * Placement: topology parsing and its rejections, the model, churn, reject,
 * infeasibility explanations, the checker, plan files and the LP writer.
 * Run from the repository root.
 */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <glpk.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checker.h"
#include "orlib.h"
#include "place.h"
#include "plan.h"
#include "topology.h"

#define FIXTURES "tests/unit/data/place/"

static struct topology *load_text(const char *text)
{
	struct topology *t;
	char err[512];

	ck_assert_msg(!topo_parse("test.json", text, &t, err, sizeof(err)), "%s", err);
	return t;
}

static struct place_model *model_of(struct topology *t)
{
	struct place_model *m = topo_model(t);

	ck_assert_ptr_nonnull(m);
	place_model_finish(m);
	return m;
}

static void solve_checked(const struct place_model *m, struct place_result *res)
{
	struct place_opts o = { .time_limit = 30 };
	struct checker_report rep;

	ck_assert_int_eq(place_solve(m, &o, res), 0);
	ck_assert_msg(res->status == PLACE_OPTIMAL, "status %s", place_status_name(res->status));
	ck_assert_int_eq(checker_verify(m, res->assign, &rep), 0);
	ck_assert_double_eq_tol(rep.objective, res->objective, 1e-6);
}

/* One malformed file per row, with the whole message it must give. */
static const struct {
	const char *file;
	const char *msg;
} bad_files[] = {
	{ "bad-negative-capacity.json", "servers[1].capacity.cpu: must be >= 0" },
	{ "bad-pin-unknown-server.json", "pins[0].server: unknown server \"nope\"" },
	{ "bad-pin-unknown-device.json", "pins[0].device: unknown device 9" },
	{ "bad-duplicate-device-id.json", "devices[1].id: duplicate device id 1" },
	{ "bad-duplicate-server.json", "servers[1].name: duplicate server \"a\"" },
	{ "bad-missing-latency.json", "latency: missing (give a matrix or coordinates)" },
	{ "bad-matrix-entry.json", "latency.matrix.d2.b: missing" },
	{ "bad-unknown-resource.json",
	  "devices[0].demand.svc.gpu: unknown resource (not in resources)" },
	{ "bad-unknown-service.json", "devices[0].demand.nosuch: unknown service" },
	{ "bad-port.json", "services[0].port: must be an integer in 1..65535" },
	{ "bad-mode.json", "services[0].mode: must be one of forward, aggregate, both" },
	{ "bad-address.json", "servers[0].address: not an IPv4 address" },
	{ "bad-typo-field.json", "servers[0].capactiy: unknown field" },
	{ "bad-capacity-type.json", "servers[0].capacity: must be an object, not a string" },
	{ "bad-missing-capacity.json", "servers[1].capacity.cpu: missing" },
	{ "bad-coords-missing.json",
	  "servers[0].coords: missing (latency is derived from coordinates)" },
	{ "bad-forbid-unknown-server.json", "forbid[0].server: unknown server \"c\"" },
};

START_TEST(test_bad_file)
{
	struct topology *t = NULL;
	char path[256], want[512], err[512];

	snprintf(path, sizeof(path), FIXTURES "%s", bad_files[_i].file);
	snprintf(want, sizeof(want), "%s: %s", path, bad_files[_i].msg);
	ck_assert_int_eq(topo_load(path, &t, err, sizeof(err)), -EINVAL);
	ck_assert_ptr_null(t);
	printf("# %s -> %s\n", bad_files[_i].file, err);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(test_bad_syntax)
{
	struct topology *t = NULL;
	char err[512];

	ck_assert_int_eq(topo_load(FIXTURES "bad-syntax.json", &t, err, sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, FIXTURES "bad-syntax.json:3:") && strstr(err, "invalid JSON"),
		      "%s", err);
}
END_TEST

START_TEST(test_good_and_example)
{
	static const char *const files[] = { FIXTURES "good.json", "examples/topology.json" };
	struct place_result res;
	struct place_model *m;
	struct topology *t;
	char err[512];
	unsigned int i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		ck_assert_msg(!topo_load(files[i], &t, err, sizeof(err)), "%s", err);
		m = model_of(t);
		solve_checked(m, &res);
		ck_assert_int_eq(res.rejected, 0);
		place_result_fini(&res);
		place_model_free(m);
		topo_free(t);
	}
}
END_TEST

/* Latency bound, services not offered, forbidden pairs and pins. */
START_TEST(test_eligibility)
{
	static const char text[] =
		"{\"resources\": [\"cpu\"],"
		" \"services\": [{\"name\": \"s\", \"port\": 1, \"mode\": \"both\","
		"                 \"latency_bound_ms\": 5},"
		"               {\"name\": \"t\", \"port\": 2, \"mode\": \"forward\"}],"
		" \"servers\": [{\"name\": \"a\", \"address\": \"10.0.0.1\", \"port\": 9,"
		"                \"capacity\": {\"cpu\": 9}, \"services\": [\"s\"]},"
		"               {\"name\": \"b\", \"address6\": \"fd00::2\", \"port\": 9,"
		"                \"capacity\": {\"cpu\": 9}},"
		"               {\"name\": \"c\", \"address\": \"10.0.0.3\", \"port\": 9,"
		"                \"capacity\": {\"cpu\": 9}}],"
		" \"devices\": [{\"id\": 7, \"name\": \"d\","
		"                \"demand\": {\"s\": {\"cpu\": 1}, \"t\": {}}}],"
		" \"latency\": {\"matrix\": {\"d\": {\"a\": 1, \"b\": 6, \"c\": 2}}},"
		" \"forbid\": [{\"service\": \"s\", \"device\": 7, \"server\": \"c\"}],"
		" \"pins\": [{\"service\": \"t\", \"device\": 7, \"server\": \"c\"}]}";
	struct topology *t = load_text(text);
	struct place_model *m = model_of(t);

	ck_assert_int_eq(m->n_items, 2);
	/* item 0: (d, s); item 1: (d, t) */
	ck_assert_int_eq(m->excl[0 * 3 + 0], PLACE_OK);
	ck_assert_int_eq(m->excl[0 * 3 + 1], PLACE_X_LATENCY);
	ck_assert_int_eq(m->excl[0 * 3 + 2], PLACE_X_FORBID);
	ck_assert_int_eq(m->excl[1 * 3 + 0], PLACE_X_PIN);
	ck_assert_int_eq(m->excl[1 * 3 + 1], PLACE_X_PIN);
	ck_assert_int_eq(m->excl[1 * 3 + 2], PLACE_OK);
	place_model_free(m);
	topo_free(t);
}
END_TEST

/*
 * Known answer, found by enumerating all 32 assignments: capacities a=7,
 * b=4; demands 3,2,1,2,2; latencies (a,b) d1 (7,2) d2 (8,6) d3 (1,7)
 * d4 (9,8) d5 (6,9). The optimum puts d1 on b, the rest on a. With a shrunk
 * to 6 the new optimum (a,b,a,b,a) moves three demands, but moving d3 alone
 * is enough: with a churn penalty that is the answer.
 */
static const char churn_fmt[] =
	"{\"resources\": [\"cpu\"],"
	" \"services\": [{\"name\": \"s\", \"port\": 1, \"mode\": \"forward\"}],"
	" \"servers\": [{\"name\": \"a\", \"address\": \"10.0.0.1\", \"port\": 9,"
	"                \"capacity\": {\"cpu\": %d}},"
	"               {\"name\": \"b\", \"address\": \"10.0.0.2\", \"port\": 9,"
	"                \"capacity\": {\"cpu\": 4}}],"
	" \"devices\": [{\"id\": 1, \"name\": \"d1\", \"demand\": {\"s\": {\"cpu\": 3}}},"
	"               {\"id\": 2, \"name\": \"d2\", \"demand\": {\"s\": {\"cpu\": 2}}},"
	"               {\"id\": 3, \"name\": \"d3\", \"demand\": {\"s\": {\"cpu\": 1}}},"
	"               {\"id\": 4, \"name\": \"d4\", \"demand\": {\"s\": {\"cpu\": 2}}},"
	"               {\"id\": 5, \"name\": \"d5\", \"demand\": {\"s\": {\"cpu\": 2}}}],"
	" \"latency\": {\"matrix\": {\"d1\": {\"a\": 7, \"b\": 2}, \"d2\": {\"a\": 8, \"b\": 6},"
	"   \"d3\": {\"a\": 1, \"b\": 7}, \"d4\": {\"a\": 9, \"b\": 8},"
	"   \"d5\": {\"a\": 6, \"b\": 9}}}}";

static struct place_model *churn_model(int cap_a, struct topology **t)
{
	char text[sizeof(churn_fmt) + 16];

	snprintf(text, sizeof(text), churn_fmt, cap_a);
	*t = load_text(text);
	return topo_model(*t);
}

START_TEST(test_churn)
{
	static const int before[] = { 1, 0, 0, 0, 0 }, fresh[] = { 0, 1, 0, 1, 0 };
	static const int sticky[] = { 1, 0, 1, 0, 0 };
	char plan_path[] = "/tmp/edgeflow-plan-XXXXXX", err[256];
	struct topology *t, *t2;
	struct place_result res;
	struct place_model *m;
	struct ectl_plan *p;
	int fd;

	m = churn_model(7, &t);
	place_model_finish(m);
	solve_checked(m, &res);
	ck_assert_mem_eq(res.assign, before, sizeof(before));

	/* The current assignment travels through a plan file, as with --current. */
	fd = mkstemp(plan_path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	p = plan_build(m, t, &res, "churn");
	ck_assert_int_eq(plan_save(p, plan_path), 0);
	plan_free(p);
	place_result_fini(&res);
	place_model_free(m);
	topo_free(t);

	ck_assert_int_eq(plan_load(plan_path, &p, err, sizeof(err)), 0);
	unlink(plan_path);

	m = churn_model(6, &t2);
	place_model_finish(m);
	solve_checked(m, &res);
	ck_assert_mem_eq(res.assign, fresh, sizeof(fresh));
	place_result_fini(&res);

	ck_assert_int_eq(plan_assignment(p, m, false, m->current, err, sizeof(err)), 0);
	m->churn = 100;
	place_model_finish(m);
	solve_checked(m, &res);
	ck_assert_int_eq(res.moved, 1);
	ck_assert_mem_eq(res.assign, sticky, sizeof(sticky));
	ck_assert_double_eq_tol(res.objective, 2 + 8 + 7 + 9 + 6 + 100, 1e-9);

	place_result_fini(&res);
	place_model_free(m);
	plan_free(p);
	topo_free(t2);
}
END_TEST

/* Too much demand: with reject the plan names what could not be placed. */
START_TEST(test_reject)
{
	struct place_result res;
	struct place_model *m;
	struct topology *t;

	m = churn_model(1, &t);
	m->reject = true;
	place_model_finish(m);
	solve_checked(m, &res);
	/* a takes d3; b takes two of the demands of 2: two are rejected */
	ck_assert_int_eq(res.rejected, 2);
	ck_assert_int_eq(res.assign[2], 0);
	place_result_fini(&res);
	place_model_free(m);
	topo_free(t);
}
END_TEST

static bool has_line(char **lines, int n, const char *want)
{
	int i;

	for (i = 0; i < n; i++) {
		printf("# %s\n", lines[i]);
		if (!strcmp(lines[i], want))
			return true;
	}
	return false;
}

START_TEST(test_infeasible_explained)
{
	struct place_opts o = { .time_limit = 10 };
	struct place_result res;
	struct place_model *m;
	struct topology *t;
	char **lines;
	int n;

	m = churn_model(1, &t);
	place_model_finish(m);
	ck_assert_int_eq(place_solve(m, &o, &res), 0);
	ck_assert_int_eq(res.status, PLACE_INFEASIBLE);
	ck_assert_int_eq(place_explain(m, &lines, &n), 0);
	ck_assert(has_line(lines, n, "resource cpu: demands need at least 10, the fleet has 5"));
	place_lines_free(lines, n);
	place_result_fini(&res);

	/* d1 (3 cpu) pinned-alike: every server but a excluded, and a too small */
	m->excl[0 * 2 + 1] = PLACE_X_FORBID;
	m->excl[2 * 2 + 1] = PLACE_X_FORBID;
	ck_assert_int_eq(place_explain(m, &lines, &n), 0);
	ck_assert(has_line(lines, n, "demand s/1 (d1): no eligible server (a: too small, "
			   "b: forbidden)"));
	place_lines_free(lines, n);
	place_model_free(m);
	topo_free(t);
}
END_TEST

START_TEST(test_oversubscribed_explained)
{
	struct place_model *m;
	struct topology *t;
	char **lines;
	int n, k;

	/* everything forced onto b (4 cpu): 10 cpu of demands with no choice */
	m = churn_model(7, &t);
	for (k = 0; k < m->n_items; k++)
		m->excl[k * 2 + 0] = PLACE_X_PIN;
	place_model_finish(m);
	ck_assert_int_eq(place_explain(m, &lines, &n), 0);
	ck_assert(has_line(lines, n, "server b: over-subscribed in cpu: 10 needed by demands "
			   "that have no other server, capacity 4"));
	place_lines_free(lines, n);
	place_model_free(m);
	topo_free(t);
}
END_TEST

START_TEST(test_checker_catches)
{
	struct checker_report rep;
	struct place_model *m;
	struct topology *t;
	int over[] = { 0, 0, 0, 0, 0 }, excluded[] = { 1, 0, 0, 0, 0 };
	int rejected[] = { PLACE_REJECT, 0, 0, 0, 0 };

	m = churn_model(7, &t);
	place_model_finish(m);
	ck_assert_int_eq(checker_verify(m, over, &rep), -EINVAL);
	ck_assert_str_eq(rep.first, "server a over capacity in cpu: 10 > 7");

	m->excl[0 * 2 + 1] = PLACE_X_LATENCY;
	ck_assert_int_eq(checker_verify(m, excluded, &rep), -EINVAL);
	ck_assert_str_eq(rep.first, "demand s/1 on b, an excluded pair");

	ck_assert_int_eq(checker_verify(m, rejected, &rep), -EINVAL);
	ck_assert_str_eq(rep.first, "demand s/1 rejected, but the model has no reject");
	place_model_free(m);
	topo_free(t);
}
END_TEST

static int run_place(const char *a0, ...)
{
	char *argv[16];
	va_list ap;
	int argc = 0;

	va_start(ap, a0);
	for (argv[argc] = (char *)a0; argv[argc]; argv[++argc] = va_arg(ap, char *))
		;
	va_end(ap);
	return ectl_cmd_place(argc, argv);
}

/* edgectl place -o PLAN, then --check PLAN, then a tampered plan. */
START_TEST(test_cli_plan_check)
{
	char plan_path[] = "/tmp/edgeflow-plan-XXXXXX", cmd[512];
	int fd;

	fd = mkstemp(plan_path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(run_place("place", "examples/topology.json", "-o", plan_path, NULL), 0);
	ck_assert_int_eq(run_place("place", "examples/topology.json", "--check", plan_path,
				   NULL), 0);

	/* the example's mote-3 telemetry goes to edge-core; claim edge-lab */
	snprintf(cmd, sizeof(cmd), "sed -i '0,/\"server\": \"edge-core\"/s//\"server\": "
		 "\"edge-lab\"/' %s", plan_path);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(run_place("place", "examples/topology.json", "--check", plan_path,
				   NULL), 1);
	unlink(plan_path);

	ck_assert_int_eq(run_place("place", "examples/topology.json", "--churn", "5", NULL), 1);
	ck_assert_int_eq(run_place("place", "--bogus", NULL), 1);
	ck_assert_int_eq(run_place("place", FIXTURES "bad-port.json", NULL), 1);
}
END_TEST

static double lp_solve_file(const char *path)
{
	glp_prob *lp = glp_create_prob();
	glp_iocp iocp;
	double v;

	ck_assert_int_eq(glp_read_lp(lp, NULL, path), 0);
	glp_init_iocp(&iocp);
	iocp.presolve = GLP_ON;
	ck_assert_int_eq(glp_intopt(lp, &iocp), 0);
	ck_assert_int_eq(glp_mip_status(lp), GLP_OPT);
	v = glp_mip_obj_val(lp);
	glp_delete_prob(lp);
	return v;
}

/* The written LP, read back and solved by GLPK alone, has the same optimum. */
START_TEST(test_write_lp)
{
	static const char *const inst = "../shared/data/gap/cattrysse1994/gap1-0";
	char lp_path[] = "/tmp/edgeflow-lp-XXXXXX";
	struct place_opts o = { .time_limit = 30 };
	struct place_result res;
	struct place_model *m;
	char err[256];
	int fd, max;

	glp_term_out(GLP_OFF);
	fd = mkstemp(lp_path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	for (max = 0; max < 2; max++) {
		ck_assert_msg(!orlib_load(inst, max, &m, err, sizeof(err)), "%s", err);
		ck_assert_int_eq(place_write_lp(m, lp_path), 0);
		ck_assert_int_eq(place_solve(m, &o, &res), 0);
		ck_assert_int_eq(res.status, PLACE_OPTIMAL);
		ck_assert_double_eq_tol(lp_solve_file(lp_path), res.objective, 1e-6);
		printf("# gap1-0 %s: %g\n", max ? "maximised" : "minimised", res.objective);
		if (!max)
			ck_assert_double_eq_tol(res.objective, 261, 1e-9);
		place_result_fini(&res);
		place_model_free(m);
	}
	unlink(lp_path);
}
END_TEST

static Suite *place_suite(void)
{
	Suite *s = suite_create("place");
	TCase *tc = tcase_create("place");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_bad_file, 0, sizeof(bad_files) / sizeof(bad_files[0]));
	tcase_add_test(tc, test_bad_syntax);
	tcase_add_test(tc, test_good_and_example);
	tcase_add_test(tc, test_eligibility);
	tcase_add_test(tc, test_churn);
	tcase_add_test(tc, test_reject);
	tcase_add_test(tc, test_infeasible_explained);
	tcase_add_test(tc, test_oversubscribed_explained);
	tcase_add_test(tc, test_checker_catches);
	tcase_add_test(tc, test_cli_plan_check);
	tcase_add_test(tc, test_write_lp);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(place_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
