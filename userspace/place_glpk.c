// SPDX-License-Identifier: GPL-2.0
/*
 * GLPK driver: the model as a MIP over its eligible pairs only, solved by
 * branch and cut with the heuristic's solution as the first incumbent.
 *
 * GLPK's MIP presolver renumbers columns and drops their names, so a
 * solution cannot be handed to a presolved tree. When there is a warm start
 * the model is reduced here (ineligible and unfit pairs are no columns,
 * redundant capacity rows are left out), GLPK's LP presolver solves the root
 * relaxation, and branch and cut runs on the original columns. Without a warm
 * start GLPK's MIP presolver runs instead.
 */
#include <errno.h>
#include <float.h>
#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "place.h"

#define GLPK_EPS	1e-6

struct glpk_map {
	glp_prob *lp;
	int n_cols;
	int *col_item;		/* [j], 1-based like GLPK */
	int *col_bin;		/* [j], n_bins for the reject column */
};

struct glpk_ctx {
	const struct place_model *m;
	const struct glpk_map *map;
	const int *warm;
	double bound;		/* best lower bound seen, -DBL_MAX before any */
	bool warm_given;
	bool proved;		/* stopped because the bound met the incumbent */
};

static double glpk_round_bound(const struct place_model *m, double b)
{
	if (m->integral && b > -DBL_MAX)
		return ceil(b - GLPK_EPS);
	return b;
}

static int glpk_add_col(struct glpk_map *g, const struct place_model *m, int k, int e)
{
	char name[32];
	int j = ++g->n_cols;

	g->col_item[j] = k;
	g->col_bin[j] = e;
	if (e == m->n_bins)
		snprintf(name, sizeof(name), "r_%d", k);
	else
		snprintf(name, sizeof(name), "y_%d_%d", k, e);

	glp_add_cols(g->lp, 1);
	glp_set_col_name(g->lp, j, name);
	glp_set_col_kind(g->lp, j, GLP_BV);
	glp_set_obj_coef(g->lp, j, place_pair_cost(m, k, e));
	return j;
}

/* One row per demand: served exactly once. */
static void glpk_assign_rows(struct glpk_map *g, const struct place_model *m, int *ind,
			     double *val)
{
	int k, e, len;
	char name[32];

	glp_add_rows(g->lp, m->n_items);
	for (k = 0; k < m->n_items; k++) {
		len = 0;
		for (e = 0; e < m->n_bins; e++) {
			if (!place_eligible(m, k, e))
				continue;
			ind[++len] = glpk_add_col(g, m, k, e);
			val[len] = 1.0;
		}
		if (m->reject) {
			ind[++len] = glpk_add_col(g, m, k, m->n_bins);
			val[len] = 1.0;
		}
		snprintf(name, sizeof(name), "assign_%d", k);
		glp_set_row_name(g->lp, k + 1, name);
		glp_set_row_bnds(g->lp, k + 1, GLP_FX, 1.0, 1.0);
		glp_set_mat_row(g->lp, k + 1, len, ind, val);
	}
}

/* One row per server and resource, unless everything eligible fits anyway. */
static void glpk_cap_rows(struct glpk_map *g, const struct place_model *m, int *ind,
			  double *val)
{
	int j, e, r, len, row;
	char name[48];

	for (e = 0; e < m->n_bins; e++) {
		for (r = 0; r < m->n_res; r++) {
			double sum = 0.0, cap = m->cap[e * m->n_res + r];

			len = 0;
			for (j = 1; j <= g->n_cols; j++) {
				size_t p = (size_t)g->col_item[j] * m->n_bins + e;
				double u;

				if (g->col_bin[j] != e)
					continue;
				u = m->use[p * m->n_res + r];
				if (u == 0)
					continue;
				ind[++len] = j;
				val[len] = u;
				sum += u;
			}
			if (sum <= cap + GLPK_EPS)
				continue;

			row = glp_add_rows(g->lp, 1);
			snprintf(name, sizeof(name), "cap_%d_%d", e, r);
			glp_set_row_name(g->lp, row, name);
			glp_set_row_bnds(g->lp, row, GLP_UP, 0.0, cap);
			glp_set_mat_row(g->lp, row, len, ind, val);
		}
	}
}

static void glpk_map_free(struct glpk_map *g)
{
	if (g->lp)
		glp_delete_prob(g->lp);
	free(g->col_item);
	free(g->col_bin);
	memset(g, 0, sizeof(*g));
}

static int glpk_build(struct glpk_map *g, const struct place_model *m)
{
	size_t cols = (size_t)m->n_items * (m->n_bins + 1) + 1;
	double *val;
	int *ind;

	memset(g, 0, sizeof(*g));
	g->col_item = calloc(cols, sizeof(*g->col_item));
	g->col_bin = calloc(cols, sizeof(*g->col_bin));
	ind = calloc(cols, sizeof(*ind));
	val = calloc(cols, sizeof(*val));
	if (!g->col_item || !g->col_bin || !ind || !val) {
		free(ind);
		free(val);
		glpk_map_free(g);
		return -ENOMEM;
	}

	g->lp = glp_create_prob();
	glp_set_prob_name(g->lp, "edgeflow_placement");
	glp_set_obj_name(g->lp, "cost");
	glp_set_obj_dir(g->lp, GLP_MIN);
	glpk_assign_rows(g, m, ind, val);
	glpk_cap_rows(g, m, ind, val);
	free(ind);
	free(val);
	return 0;
}

static void glpk_offer_warm(glp_tree *tree, struct glpk_ctx *c)
{
	const struct glpk_map *g = c->map;
	double *x;
	int j;

	x = calloc(g->n_cols + 1, sizeof(*x));
	if (!x)
		return;

	for (j = 1; j <= g->n_cols; j++) {
		int want = c->warm[g->col_item[j]];

		if (want == PLACE_REJECT)
			want = c->m->n_bins;
		x[j] = want == g->col_bin[j] ? 1.0 : 0.0;
	}
	/* A rejected offer only means GLPK already has something as good. */
	glp_ios_heur_sol(tree, x);
	free(x);
}

static void glpk_callback(glp_tree *tree, void *info)
{
	struct glpk_ctx *c = info;
	glp_prob *p = glp_ios_get_prob(tree);
	int node = glp_ios_best_node(tree);

	if (node)
		c->bound = fmax(c->bound, glp_ios_node_bound(tree, node));

	if (glp_ios_reason(tree) == GLP_IHEUR && c->warm && !c->warm_given) {
		c->warm_given = true;
		glpk_offer_warm(tree, c);
	}

	/* Integer costs: a bound within one of the incumbent proves it. */
	if (c->m->integral && glp_mip_status(p) == GLP_FEAS &&
	    glpk_round_bound(c->m, c->bound) >= glp_mip_obj_val(p) - GLPK_EPS) {
		c->proved = true;
		glp_ios_terminate(tree);
	}
}

static int glpk_read_solution(const struct glpk_map *g, const struct place_model *m,
			      int *assign)
{
	int j, k;

	for (k = 0; k < m->n_items; k++)
		assign[k] = PLACE_NONE;

	for (j = 1; j <= g->n_cols; j++) {
		int e = g->col_bin[j];

		if (glp_mip_col_val(g->lp, j) < 0.5)
			continue;
		k = g->col_item[j];
		if (assign[k] != PLACE_NONE)
			return -EPROTO;
		assign[k] = e == m->n_bins ? PLACE_REJECT : e;
	}

	for (k = 0; k < m->n_items; k++)
		if (assign[k] == PLACE_NONE)
			return -EPROTO;
	return 0;
}

static int glpk_time_ms(double seconds)
{
	if (seconds <= 0)
		return INT_MAX;
	if (seconds > INT_MAX / 1000.0)
		return INT_MAX;
	return (int)fmax(1.0, seconds * 1000.0);
}

/* Root relaxation through GLPK's LP presolver; its value is a first bound. */
static int glpk_root(struct glpk_map *g, const struct place_opts *o, double seconds,
		     struct glpk_ctx *c)
{
	glp_smcp smcp;
	int ret;

	glp_init_smcp(&smcp);
	smcp.msg_lev = o->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
	smcp.presolve = GLP_ON;
	smcp.tm_lim = glpk_time_ms(seconds);
	ret = glp_simplex(g->lp, &smcp);
	if (ret == GLP_ENOPFS)
		return -ENOSPC;
	if (ret == GLP_ETMLIM)
		return -ETIME;
	if (ret || glp_get_status(g->lp) != GLP_OPT)
		return glp_get_status(g->lp) == GLP_NOFEAS ? -ENOSPC : -EIO;

	c->bound = fmax(glp_get_obj_val(g->lp), c->bound);
	return 0;
}

static void glpk_iocp(glp_iocp *p, const struct place_opts *o, double seconds, bool presolve,
		      struct glpk_ctx *c)
{
	glp_init_iocp(p);
	p->msg_lev = o->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
	p->br_tech = GLP_BR_DTH;
	p->bt_tech = GLP_BT_BLB;
	p->presolve = presolve ? GLP_ON : GLP_OFF;
	p->gmi_cuts = GLP_ON;
	p->mir_cuts = GLP_ON;
	p->cov_cuts = GLP_ON;
	p->clq_cuts = GLP_ON;
	p->tm_lim = glpk_time_ms(seconds);
	p->mip_gap = o->gap;
	p->cb_func = glpk_callback;
	p->cb_info = c;
}

static double glpk_gap(double obj, double bound)
{
	if (bound == -DBL_MAX)
		return INFINITY;
	return fabs(obj - bound) / (fabs(obj) + DBL_EPSILON);
}

/* What glp_intopt's outcome means for the result. */
static int glpk_conclude(const struct glpk_map *g, const struct place_model *m,
			 const struct glpk_ctx *c, int ret, struct place_result *res)
{
	int mip = glp_mip_status(g->lp), ret2;

	if (ret == GLP_ENOPFS || mip == GLP_NOFEAS) {
		res->status = PLACE_INFEASIBLE;
		return 0;
	}
	if (mip != GLP_OPT && mip != GLP_FEAS) {
		res->status = PLACE_TIMEOUT;
		res->time_limit_hit = ret == GLP_ETMLIM;
		return ret == GLP_ETMLIM || ret == 0 ? 0 : -EIO;
	}
	if (ret && ret != GLP_ETMLIM && ret != GLP_ESTOP && ret != GLP_EMIPGAP)
		return -EIO;

	ret2 = glpk_read_solution(g, m, res->assign);
	if (ret2)
		return ret2;

	res->objective = glp_mip_obj_val(g->lp);
	res->time_limit_hit = ret == GLP_ETMLIM;
	if ((ret == 0 && mip == GLP_OPT) || c->proved)
		res->bound = res->objective;	/* the tree was searched to the end */
	else
		res->bound = fmin(glpk_round_bound(m, c->bound), res->objective);
	res->gap = glpk_gap(res->objective, res->bound);
	res->status = res->gap <= GLPK_EPS ? PLACE_OPTIMAL : PLACE_FEASIBLE;
	return 0;
}

/*
 * Solve with GLPK. warm (may be NULL) is a feasible assignment to start
 * from; bound (-INFINITY: none) a lower bound known from elsewhere (the
 * Lagrangian one), which the callback's stopping test and the reported
 * bound take into account. Fills res->assign, status, objective (minimised
 * sense), bound, gap.
 */
int place_glpk_solve(const struct place_model *m, const struct place_opts *o,
		     const int *warm, double bound, double seconds_left,
		     struct place_result *res)
{
	struct glpk_ctx ctx = { .m = m, .warm = warm, .bound = -DBL_MAX };
	struct glpk_map g;
	glp_iocp iocp;
	int ret;

	ret = glpk_build(&g, m);
	if (ret)
		return ret;
	ctx.map = &g;
	if (bound > -DBL_MAX)
		ctx.bound = bound;

	if (warm) {
		ret = glpk_root(&g, o, seconds_left, &ctx);
		if (ret == -ENOSPC || ret == -ETIME) {
			res->status = ret == -ENOSPC ? PLACE_INFEASIBLE : PLACE_TIMEOUT;
			res->time_limit_hit = ret == -ETIME;
			ret = 0;
			goto out;
		}
		if (ret)
			goto out;
	}

	glpk_iocp(&iocp, o, seconds_left, !warm, &ctx);
	ret = glp_intopt(g.lp, &iocp);
	ret = glpk_conclude(&g, m, &ctx, ret, res);
out:
	glpk_map_free(&g);
	return ret;
}

/*
 * The same model in CPLEX LP format, for glpsol --lp. A maximised model
 * (OR-Library --maximize) is written as the maximisation of its profits.
 */
int place_write_lp(const struct place_model *m, const char *path)
{
	struct glpk_map g;
	int j, ret;

	ret = glpk_build(&g, m);
	if (ret)
		return ret;

	if (m->maximize) {
		glp_set_obj_dir(g.lp, GLP_MAX);
		glp_set_obj_name(g.lp, "profit");
		for (j = 1; j <= g.n_cols; j++)
			glp_set_obj_coef(g.lp, j, -glp_get_obj_coef(g.lp, j));
	}

	ret = glp_write_lp(g.lp, NULL, path) ? -EIO : 0;
	glpk_map_free(&g);
	return ret;
}
