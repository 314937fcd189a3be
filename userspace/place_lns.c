// SPDX-License-Identifier: GPL-2.0
/*
 * Large neighbourhood search: free every demand on a few servers (three by
 * default) and let GLPK re-place them optimally among those servers, the
 * rest of the plan fixed. Such sub-problems are small enough to solve
 * exactly in milliseconds, and moving a whole group of demands at once gets
 * out of the local optima that single shifts and swaps stop at. It runs
 * between the heuristic and the full branch and cut, so GLPK starts from a
 * near-optimal incumbent and its reduced-cost fixing bites.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "place.h"

#define LNS_SERVERS	3	/* servers freed at once, to start with */
#define LNS_SERVERS_MAX	8	/* the most, grown one by one as a size stalls */
#define LNS_SUB_SECONDS	2.0	/* cap on one sub-problem */
#define LNS_EPS		1e-9

struct lns {
	const struct place_model *m;
	int *assign;		/* the incumbent, updated in place */
	int *items;		/* sub item -> model item */
	int *bins;		/* sub server -> model server */
	int n_sel;
	uint64_t rng;
};

static double lns_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* xorshift64: a fixed seed keeps runs reproducible. */
static unsigned int lns_rand(struct lns *l, unsigned int n)
{
	l->rng ^= l->rng << 13;
	l->rng ^= l->rng >> 7;
	l->rng ^= l->rng << 17;
	return l->rng % n;
}

static void lns_pick(struct lns *l)
{
	int i, j;

	for (i = 0; i < l->n_sel; i++) {
		do {
			l->bins[i] = lns_rand(l, l->m->n_bins);
			for (j = 0; j < i && l->bins[j] != l->bins[i]; j++)
				;
		} while (j < i);
	}
}

/* Sub-server index of model server e, or PLACE_NONE. */
static int lns_local(const struct lns *l, int e)
{
	int i;

	for (i = 0; i < l->n_sel; i++)
		if (l->bins[i] == e)
			return i;
	return PLACE_NONE;
}

static void lns_copy_item(const struct lns *l, struct place_model *s, int i, int k)
{
	const struct place_model *m = l->m;
	int b, r;

	for (b = 0; b < s->n_bins; b++) {
		size_t from = (size_t)k * m->n_bins + l->bins[b], to = (size_t)i * s->n_bins + b;

		s->cost[to] = m->cost[from];
		s->excl[to] = m->excl[from];
		for (r = 0; r < m->n_res; r++)
			s->use[to * m->n_res + r] = m->use[from * m->n_res + r];
	}
	/* Churn off a server outside the selection is owed wherever k goes. */
	s->current[i] = m->current[k] >= 0 ? lns_local(l, m->current[k]) : PLACE_NONE;
}

/* The sub-problem of the demands on the selected servers (and rejected ones). */
static struct place_model *lns_sub(struct lns *l, int *warm)
{
	const struct place_model *m = l->m;
	struct place_model *s;
	int k, n = 0, b;

	for (k = 0; k < m->n_items; k++)
		if (l->assign[k] == PLACE_REJECT || lns_local(l, l->assign[k]) != PLACE_NONE)
			l->items[n++] = k;

	s = place_model_new(n, l->n_sel, m->n_res);
	if (!s)
		return NULL;

	for (b = 0; b < l->n_sel; b++)
		memcpy(&s->cap[b * m->n_res], &m->cap[l->bins[b] * m->n_res],
		       m->n_res * sizeof(*s->cap));
	for (k = 0; k < n; k++) {
		lns_copy_item(l, s, k, l->items[k]);
		warm[k] = l->assign[l->items[k]] == PLACE_REJECT ? PLACE_REJECT :
			  lns_local(l, l->assign[l->items[k]]);
	}
	s->churn = m->churn;
	s->reject = m->reject;
	s->reject_cost = m->reject_cost;
	place_model_finish(s);
	return s;
}

/* One neighbourhood: 1 when it improved the incumbent. */
static int lns_step(struct lns *l, const struct place_opts *o, double seconds)
{
	struct place_opts sub_opts = { .verbose = o->verbose };
	struct place_result res = { 0 };
	struct place_model *s;
	double before, after;
	int *warm, k, ret;

	warm = calloc(l->m->n_items + 1, sizeof(*warm));
	res.assign = calloc(l->m->n_items + 1, sizeof(*res.assign));
	s = warm && res.assign ? lns_sub(l, warm) : NULL;
	ret = s ? 0 : -ENOMEM;
	if (ret || !s->n_items)
		goto out;

	ret = place_glpk_solve(s, &sub_opts, warm, -INFINITY, seconds, &res);
	if (ret || (res.status != PLACE_OPTIMAL && res.status != PLACE_FEASIBLE))
		goto out;

	before = place_objective(s, warm);
	after = place_objective(s, res.assign);
	if (!(after < before - LNS_EPS * fmax(1.0, fabs(before))))
		goto out;

	for (k = 0; k < s->n_items; k++)
		l->assign[l->items[k]] = res.assign[k] == PLACE_REJECT ? PLACE_REJECT :
					 l->bins[res.assign[k]];
	ret = 1;
out:
	place_model_free(s);
	free(res.assign);
	free(warm);
	return ret;
}

/*
 * Improve the feasible assignment in place until deadline (CLOCK_MONOTONIC
 * seconds, <= 0: none) or until the largest neighbourhood size stalls: a
 * size is given up for the next one after as many fruitless tries in a row
 * as there are server pairs (the first) or servers (the others). *obj is
 * updated.
 */
int place_lns(const struct place_model *m, const struct place_opts *o, int *assign,
	      double *obj, double deadline)
{
	struct lns l = { .m = m, .assign = assign, .rng = 0x9e3779b97f4a7c15ULL };
	int stall = 0, limit, size_max, ret = 0;

	if (m->n_bins <= LNS_SERVERS || !m->n_items)
		return 0;

	l.n_sel = LNS_SERVERS;
	l.items = calloc(m->n_items, sizeof(*l.items));
	l.bins = calloc(m->n_bins, sizeof(*l.bins));
	if (!l.items || !l.bins) {
		ret = -ENOMEM;
		goto out;
	}

	size_max = m->n_bins - 1 < LNS_SERVERS_MAX ? m->n_bins - 1 : LNS_SERVERS_MAX;
	limit = m->n_bins * (m->n_bins - 1) / 2;
	while (l.n_sel <= size_max) {
		double left = deadline > 0 ? deadline - lns_now() : LNS_SUB_SECONDS;

		if (left <= 0)
			break;
		lns_pick(&l);
		ret = lns_step(&l, o, fmin(left, LNS_SUB_SECONDS));
		if (ret < 0)
			goto out;
		stall = ret ? 0 : stall + 1;
		if (stall >= limit) {
			l.n_sel++;
			stall = 0;
			limit = m->n_bins;
		}
	}
	ret = 0;
	*obj = place_objective(m, assign);
out:
	free(l.items);
	free(l.bins);
	return ret;
}
