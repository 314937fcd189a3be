// SPDX-License-Identifier: GPL-2.0
/*
 * edgectl place: the solver pipeline (heuristic, then GLPK warm-started
 * from it) and the command that reads a topology or an OR-Library instance,
 * solves, checks, prints, saves and applies the plan.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <float.h>
#include <getopt.h>
#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checker.h"
#include "orlib.h"
#include "edgectl.h"
#include "place.h"
#include "plan.h"
#include "topology.h"

/*
 * When the Lagrangian branch and bound can follow, GLPK gets this share of
 * the time left, and this many seconds at most.
 */
#define PLACE_GLPK_SHARE	0.25
#define PLACE_GLPK_SECONDS	10.0

static double place_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void place_result_fini(struct place_result *res)
{
	free(res->assign);
	res->assign = NULL;
}

static bool place_any_homeless(const struct place_model *m)
{
	int k, e;

	if (m->reject)
		return false;

	for (k = 0; k < m->n_items; k++) {
		for (e = 0; e < m->n_bins && !place_eligible(m, k, e); e++)
			;
		if (e == m->n_bins)
			return true;
	}
	return false;
}

/* bound: a lower bound known besides the trivial one, or -INFINITY. */
static void place_take_heuristic(const struct place_model *m, const int *warm, double obj,
				 double bound, struct place_result *res)
{
	memcpy(res->assign, warm, m->n_items * sizeof(*warm));
	res->objective = obj;
	if (m->integral && isfinite(bound))
		bound = ceil(bound - 1e-6);
	res->bound = fmin(fmax(place_trivial_bound(m), bound), obj);
	res->gap = fabs(obj - res->bound) / (fabs(obj) + DBL_EPSILON);
	res->status = res->gap <= 1e-9 ? PLACE_OPTIMAL : PLACE_FEASIBLE;
	res->solver = "heuristic";
}

static void place_tally(const struct place_model *m, struct place_result *res)
{
	int k;

	res->moved = 0;
	res->rejected = 0;
	for (k = 0; k < m->n_items; k++) {
		res->rejected += res->assign[k] == PLACE_REJECT;
		res->moved += m->current[k] >= 0 && res->assign[k] != m->current[k];
	}
}

/*
 * Lagrangian bound and reduced-cost fixing around the warm start (see
 * place_lagr.c); only integer single-resource models qualify. On success
 * *bound is the bound and red a copy of m whose excl marks the pairs no plan
 * better than the warm start can use (PLACE_X_BOUND); red->excl is then
 * the caller's to free. Returns 1 when the bound alone proves the warm
 * start optimal, 0 when red is usable, -EOPNOTSUPP when not applicable.
 */
static int place_bound(const struct place_model *m, const int *warm, double hobj,
		       double deadline, struct place_model *red, double *bound)
{
	size_t p, pairs = (size_t)m->n_items * m->n_bins;
	struct place_lagr lg;
	unsigned char *drop;
	int ret;

	drop = calloc(pairs + 1, 1);
	if (!drop)
		return -ENOMEM;
	ret = place_lagr(m, warm, hobj, deadline, drop, &lg);
	if (ret)
		goto out;
	*bound = lg.bound;
	if (lg.proved) {
		ret = 1;
		goto out;
	}

	*red = *m;
	red->excl = malloc(pairs + 1);
	if (!red->excl) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(red->excl, m->excl, pairs);
	for (p = 0; p < pairs; p++)
		if (drop[p])
			red->excl[p] = PLACE_X_BOUND;
out:
	free(drop);
	return ret;
}

/*
 * GLPK did not prove its plan optimal on the reduced model: the Lagrangian
 * branch and bound (place_lagr.c) takes the rest of the time, starting from
 * GLPK's plan. When it searches its tree to the end, the plan it holds is
 * optimal; otherwise it may still have improved it.
 */
static int place_search(const struct place_model *red, const struct place_opts *o,
			double start, struct place_result *res)
{
	double obj = res->objective, bound = res->bound;
	bool proved;
	long nodes;
	int ret;

	ret = place_lagr_bnb(red, res->assign, &obj, NULL,
			     o->time_limit > 0 ? start + o->time_limit : 0, &proved, &bound,
			     &nodes);
	if (ret)
		return ret == -EOPNOTSUPP ? 0 : ret;

	res->objective = obj;
	res->bound = fmin(bound, obj);
	res->gap = fabs(obj - res->bound) / (fabs(obj) + DBL_EPSILON);
	if (proved || res->gap <= 1e-9) {
		res->status = PLACE_OPTIMAL;
		res->time_limit_hit = false;
		res->solver = "glpk+lagrangian";
	}
	return 0;
}

/*
 * GLPK when asked, else the heuristic alone. res is filled in the model's
 * reported sense (profits when maximising).
 */
static int place_run(const struct place_model *m, const struct place_opts *o, double start,
		     struct place_result *res)
{
	double hobj = NAN, left, lbound = -INFINITY;
	const struct place_model *solve = m;
	struct place_model red = { 0 };
	int *warm, hret, ret = 0;

	warm = calloc(m->n_items + 1, sizeof(*warm));
	if (!warm)
		return -ENOMEM;

	hret = place_heuristic(m, warm, &hobj);
	if (hret && hret != -ENOSPC) {
		ret = hret;
		goto out;
	}
	res->heur_objective = hret ? NAN : hobj;

	if (o->heuristic_only) {
		if (!hret)
			place_take_heuristic(m, warm, hobj, -INFINITY, res);
		else
			res->status = PLACE_TIMEOUT;
		goto out;
	}

	/*
	 * Half the time limit at most goes to improving the warm start, a
	 * quarter when the Lagrangian search can follow GLPK.
	 */
	if (!hret) {
		double share = place_lagr_applies(m) ? 0.25 : 0.5;

		ret = place_lns(m, o, warm, &hobj, o->time_limit > 0 ?
				start + o->time_limit * share : 0);
		if (ret)
			goto out;
	}

	/* A quarter of what is left at most goes to the Lagrangian bound. */
	if (!hret) {
		left = o->time_limit > 0 ? o->time_limit - (place_now() - start) : 0;
		ret = place_bound(m, warm, hobj, left > 0 ? place_now() + left / 4 : 0, &red,
				  &lbound);
		if (ret == 1) {
			place_take_heuristic(m, warm, hobj, lbound, res);
			res->bound = hobj;
			res->gap = 0;
			res->status = PLACE_OPTIMAL;
			res->solver = "lagrangian";
			ret = 0;
			goto out;
		}
		if (ret == 0)
			solve = &red;
		else if (ret != -EOPNOTSUPP)
			goto out;
		ret = 0;
	}

	left = o->time_limit > 0 ? fmax(0.001, o->time_limit - (place_now() - start)) : 0;
	/* With the Lagrangian search to follow, GLPK gets a share of the time. */
	if (solve == &red)
		left = left > 0 ? fmin(left * PLACE_GLPK_SHARE, PLACE_GLPK_SECONDS) :
			   PLACE_GLPK_SECONDS;
	res->solver = "glpk";
	ret = place_glpk_solve(solve, o, hret ? NULL : warm, lbound, left, res);
	if (ret)
		goto out;

	/* GLPK ran out of time before it took the warm start. */
	if (!hret && (res->status == PLACE_TIMEOUT ||
		      (res->status == PLACE_FEASIBLE && res->objective > hobj))) {
		bool hit = res->time_limit_hit;

		place_take_heuristic(m, warm, hobj, lbound, res);
		res->time_limit_hit = hit;
	}

	if (solve == &red && res->status == PLACE_FEASIBLE)
		ret = place_search(&red, o, start, res);
out:
	free(red.excl);
	free(warm);
	return ret;
}

int place_solve(const struct place_model *m, const struct place_opts *o,
		struct place_result *res)
{
	double start = place_now();
	int ret = 0;

	memset(res, 0, sizeof(*res));
	res->assign = calloc(m->n_items + 1, sizeof(*res->assign));
	if (!res->assign)
		return -ENOMEM;
	res->heur_objective = NAN;
	res->bound = -INFINITY;
	res->solver = o->heuristic_only ? "heuristic" : "glpk";
	glp_term_out(o->verbose ? GLP_ON : GLP_OFF);

	if (place_any_homeless(m))
		res->status = PLACE_INFEASIBLE;
	else if (m->n_items == 0)
		res->bound = 0.0;	/* status PLACE_OPTIMAL, objective 0 */
	else
		ret = place_run(m, o, start, res);

	if (!ret && (res->status == PLACE_OPTIMAL || res->status == PLACE_FEASIBLE)) {
		place_tally(m, res);
		if (m->maximize) {
			res->objective = -res->objective;
			res->bound = -res->bound;
			res->heur_objective = -res->heur_objective;
		}
	}
	res->seconds = place_now() - start;
	return ret;
}

struct place_cli {
	const char *topology;
	const char *orlib;
	const char *out;
	const char *current;
	const char *check;
	const char *lp;
	struct place_opts opts;
	double churn;
	double reject_cost;
	bool churn_set;
	bool reject;
	bool maximize;
	bool apply;
	bool json;
};

static void place_usage(FILE *f)
{
	fprintf(f,
		"Usage: edgectl place TOPOLOGY [ OPTIONS ]\n"
		"       edgectl place --orlib FILE [ --maximize ] [ OPTIONS ]\n"
		"       edgectl place help\n"
		"OPTIONS := [ --apply ] [ --time-limit S ] [ --gap G ] [ --churn W ]\n"
		"           [ --current PLAN ] [ --reject[=COST] ] [ --heuristic ]\n"
		"           [ -o PLAN ] [ --write-lp FILE ] [ --check PLAN ] [ -j ] [ -v ]\n"
		"Where: S    := time limit in seconds, > 0 (default: none)\n"
		"       G    := relative MIP gap to stop at, 0..1 (default: 0)\n"
		"       W    := cost per demand moved off its server in --current, >= 0\n"
		"       COST := cost per rejected demand, > 0 (default: more than any plan)\n"
		"       PLAN := plan file (JSON); --current kernel reads the kernel's steering\n");
}

static int place_bad_arg(const char *fmt, const char *arg)
{
	fprintf(stderr, "edgectl: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry \"edgectl place help\".\n");
	return -EINVAL;
}

static int place_number(const char *opt, const char *arg, double min, double max, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(arg, &end);
	if (end == arg || *end || errno || !(*out >= min && *out <= max)) {
		fprintf(stderr, "edgectl: %s: \"%s\" is not a number in %g..%g\n", opt, arg, min,
			max);
		return -EINVAL;
	}
	return 0;
}

enum {
	PLACE_OPT_APPLY = 0x100,
	PLACE_OPT_TIME,
	PLACE_OPT_GAP,
	PLACE_OPT_CHURN,
	PLACE_OPT_CURRENT,
	PLACE_OPT_REJECT,
	PLACE_OPT_HEUR,
	PLACE_OPT_LP,
	PLACE_OPT_CHECK,
	PLACE_OPT_ORLIB,
	PLACE_OPT_MAX,
};

static const struct option place_longopts[] = {
	{ "apply", no_argument, NULL, PLACE_OPT_APPLY },
	{ "time-limit", required_argument, NULL, PLACE_OPT_TIME },
	{ "gap", required_argument, NULL, PLACE_OPT_GAP },
	{ "churn", required_argument, NULL, PLACE_OPT_CHURN },
	{ "current", required_argument, NULL, PLACE_OPT_CURRENT },
	{ "reject", optional_argument, NULL, PLACE_OPT_REJECT },
	{ "heuristic", no_argument, NULL, PLACE_OPT_HEUR },
	{ "write-lp", required_argument, NULL, PLACE_OPT_LP },
	{ "check", required_argument, NULL, PLACE_OPT_CHECK },
	{ "orlib", required_argument, NULL, PLACE_OPT_ORLIB },
	{ "maximize", no_argument, NULL, PLACE_OPT_MAX },
	{ "output", required_argument, NULL, 'o' },
	{ "json", no_argument, NULL, 'j' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int place_opt(struct place_cli *c, int opt, const char *arg)
{
	switch (opt) {
	case PLACE_OPT_APPLY:
		c->apply = true;
		return 0;
	case PLACE_OPT_TIME:
		return place_number("--time-limit", arg, 0.001, 1e7, &c->opts.time_limit);
	case PLACE_OPT_GAP:
		return place_number("--gap", arg, 0, 1, &c->opts.gap);
	case PLACE_OPT_CHURN:
		c->churn_set = true;
		return place_number("--churn", arg, 0, 1e15, &c->churn);
	case PLACE_OPT_CURRENT:
		c->current = arg;
		return 0;
	case PLACE_OPT_REJECT:
		c->reject = true;
		return arg ? place_number("--reject", arg, 1e-9, 1e15, &c->reject_cost) : 0;
	case PLACE_OPT_HEUR:
		c->opts.heuristic_only = true;
		return 0;
	case PLACE_OPT_LP:
		c->lp = arg;
		return 0;
	case PLACE_OPT_CHECK:
		c->check = arg;
		return 0;
	case PLACE_OPT_ORLIB:
		c->orlib = arg;
		return 0;
	case PLACE_OPT_MAX:
		c->maximize = true;
		return 0;
	case 'o':
		c->out = arg;
		return 0;
	case 'j':
		c->json = true;
		return 0;
	case 'v':
		c->opts.verbose = true;
		return 0;
	}
	return place_bad_arg("place: unknown option", "");
}

/* 1 when help was asked for, 0 to go on, negative on a bad command line. */
static int place_parse(struct place_cli *c, int argc, char **argv)
{
	int opt, ret;

	if (argc > 1 && !strcmp(argv[1], "help"))
		return 1;

	/* edgectl -j place ... is the same as edgectl place ... -j */
	c->json = ectl_opts.json;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:o:jvh", place_longopts, NULL)) != -1 ||
	       optind < argc) {
		if (opt == -1) {
			if (c->topology)
				return place_bad_arg("place: unexpected argument \"%s\"",
						     argv[optind]);
			c->topology = argv[optind++];
			continue;
		}
		if (opt == 'h')
			return 1;
		if (opt == '?')
			return place_bad_arg("place: unknown option \"%s\"", argv[optind - 1]);
		if (opt == ':')
			return place_bad_arg("place: \"%s\" needs an argument", argv[optind - 1]);
		ret = place_opt(c, opt, optarg);
		if (ret)
			return ret;
	}

	if (!c->topology == !c->orlib)
		return place_bad_arg("place: give either TOPOLOGY or --orlib FILE%s", "");
	if (c->maximize && !c->orlib)
		return place_bad_arg("place: --maximize applies to --orlib only%s", "");
	if (c->apply && !c->topology)
		return place_bad_arg("place: --apply needs a TOPOLOGY%s", "");
	return 0;
}

struct place_job {
	struct place_cli cli;
	struct topology *topo;
	struct place_model *m;
	struct ectl_plan *plan;
	struct place_result res;
	char err[512];
};

static int place_load(struct place_job *j)
{
	struct place_cli *c = &j->cli;
	int ret;

	if (c->orlib) {
		ret = orlib_load(c->orlib, c->maximize, &j->m, j->err, sizeof(j->err));
	} else {
		ret = topo_load(c->topology, &j->topo, j->err, sizeof(j->err));
		if (!ret) {
			j->m = topo_model(j->topo);
			if (!j->m)
				ret = -ENOMEM;
		}
	}
	if (ret)
		fprintf(stderr, "edgectl: %s\n", ret == -ENOMEM && !j->err[0] ?
			"out of memory" : j->err);
	return ret;
}

/* The current assignment to weigh churn against, and the churn weight. */
static int place_current(struct place_job *j)
{
	struct place_cli *c = &j->cli;
	struct ectl_plan *cur;
	int ret;

	if (c->churn_set)
		j->m->churn = c->churn;
	if (!c->current) {
		if (!c->churn_set)
			return 0;
		fprintf(stderr, "edgectl: --churn needs --current PLAN (reading the current "
			"assignment from the kernel is not supported yet)\n");
		return -EOPNOTSUPP;
	}
	if (!strcmp(c->current, "kernel")) {
		fprintf(stderr, "edgectl: --current kernel: reading the current assignment from "
			"the kernel is not supported yet; give a plan file\n");
		return -EOPNOTSUPP;
	}

	ret = plan_load(c->current, &cur, j->err, sizeof(j->err));
	if (ret) {
		fprintf(stderr, "edgectl: %s\n", j->err);
		return ret;
	}
	ret = plan_assignment(cur, j->m, false, j->m->current, j->err, sizeof(j->err));
	if (ret)
		fprintf(stderr, "edgectl: %s: %s\n", c->current, j->err);
	plan_free(cur);
	return ret;
}

static int place_prepare(struct place_job *j)
{
	struct place_cli *c = &j->cli;
	int ret;

	ret = place_load(j);
	ret = ret ?: place_current(j);
	if (ret)
		return ret;

	if (c->reject) {
		j->m->reject = true;
		j->m->reject_cost = c->reject_cost;
	}
	place_model_finish(j->m);
	return 0;
}

static int place_check_plan(struct place_job *j)
{
	struct checker_report rep;
	struct ectl_plan *p;
	int *assign, ret;

	ret = plan_load(j->cli.check, &p, j->err, sizeof(j->err));
	if (ret) {
		fprintf(stderr, "edgectl: %s\n", j->err);
		return ret;
	}

	assign = calloc(j->m->n_items + 1, sizeof(*assign));
	ret = assign ? plan_assignment(p, j->m, true, assign, j->err, sizeof(j->err)) : -ENOMEM;
	if (ret)
		fprintf(stderr, "edgectl: %s: %s\n", j->cli.check, assign ? j->err : "no memory");
	if (!ret && checker_verify(j->m, assign, &rep)) {
		fprintf(stderr, "edgectl: %s: infeasible: %s (%d violations)\n", j->cli.check,
			rep.first, rep.violations);
		ret = -EINVAL;
	}
	if (!ret && isfinite(p->objective) &&
	    fabs(rep.objective - p->objective) > 1e-6 * fmax(1.0, fabs(rep.objective))) {
		fprintf(stderr, "edgectl: %s: objective is %.10g, the plan says %.10g\n",
			j->cli.check, rep.objective, p->objective);
		ret = -EINVAL;
	}
	if (!ret)
		printf("%s: feasible, objective %.10g, moved %d, rejected %d\n", j->cli.check,
		       rep.objective, rep.moved, rep.rejected);
	free(assign);
	plan_free(p);
	return ret;
}

static void place_explain_print(const struct place_model *m)
{
	char **lines;
	int n, i;

	if (place_explain(m, &lines, &n)) {
		fprintf(stderr, "edgectl: infeasible (out of memory explaining why)\n");
		return;
	}
	if (!n)
		fprintf(stderr, "edgectl: infeasible: every demand has a server, but no "
			"assignment fits all capacities at once\n");
	for (i = 0; i < n; i++)
		fprintf(stderr, "edgectl: infeasible: %s\n", lines[i]);
	place_lines_free(lines, n);
}

/* The solver's answer goes through the checker before anyone sees it. */
static int place_verify(struct place_job *j)
{
	struct checker_report rep;
	double want = j->res.objective;

	if (checker_verify(j->m, j->res.assign, &rep)) {
		fprintf(stderr, "edgectl: internal error: the solver's plan is infeasible: %s\n",
			rep.first);
		return -EPROTO;
	}
	if (fabs(rep.objective - want) > 1e-6 * fmax(1.0, fabs(want))) {
		fprintf(stderr, "edgectl: internal error: objective %.10g, checker says %.10g\n",
			want, rep.objective);
		return -EPROTO;
	}
	return 0;
}

static int place_outcome(struct place_job *j)
{
	const char *source = j->cli.orlib ?: j->cli.topology;
	int ret;

	if (j->res.status == PLACE_INFEASIBLE) {
		place_explain_print(j->m);
		return -ENOSPC;
	}
	if (j->res.status == PLACE_TIMEOUT) {
		fprintf(stderr, "edgectl: no plan found%s\n", j->cli.opts.heuristic_only ?
			" by the heuristic (try without --heuristic)" : " within the time limit");
		return -ETIME;
	}

	ret = place_verify(j);
	if (ret)
		return ret;

	j->plan = plan_build(j->m, j->topo, &j->res, source);
	if (!j->plan)
		return -ENOMEM;
	plan_print(j->plan, j->cli.json);

	if (j->cli.out && plan_save(j->plan, j->cli.out)) {
		fprintf(stderr, "edgectl: -o %s: cannot write the plan\n", j->cli.out);
		return -EIO;
	}
	return j->cli.apply ? ectl_plan_apply(j->plan) : 0;
}

static int place_do(struct place_job *j)
{
	int ret;

	ret = place_prepare(j);
	if (ret)
		return ret;

	if (j->cli.lp) {
		glp_term_out(GLP_OFF);
		ret = place_write_lp(j->m, j->cli.lp);
		if (ret)
			fprintf(stderr, "edgectl: --write-lp %s: cannot write\n", j->cli.lp);
		return ret;
	}
	if (j->cli.check)
		return place_check_plan(j);

	ret = place_solve(j->m, &j->cli.opts, &j->res);
	if (ret) {
		fprintf(stderr, "edgectl: place: solver failed: %s\n", strerror(-ret));
		return ret;
	}
	return place_outcome(j);
}

int ectl_cmd_place(int argc, char **argv)
{
	struct place_job j = { 0 };
	int ret;

	ret = place_parse(&j.cli, argc, argv);
	if (ret > 0) {
		place_usage(stdout);
		return 0;
	}
	if (!ret)
		ret = place_do(&j);

	place_result_fini(&j.res);
	plan_free(j.plan);
	place_model_free(j.m);
	topo_free(j.topo);
	return ret ? 1 : 0;
}
