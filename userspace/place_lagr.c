// SPDX-License-Identifier: GPL-2.0
/*
 * Lagrangian bound and reduced-cost fixing for single-resource models with
 * integer demands, capacities and costs (OR-Library GAP instances are all of
 * this kind).
 *
 * Relaxing "every demand served exactly once" with a multiplier u[k] per
 * demand leaves one 0/1 knapsack per server:
 *
 *   L(u) = sum_k u[k] - sum_e max { sum_k (u[k] - c[k,e]) x[k,e] :
 *                                   sum_k w[k,e] x[k,e] <= cap[e] }
 *
 * (a reject pseudo-server has no capacity: it takes every demand whose
 * u[k] - c[k,reject] is positive). Each knapsack is solved exactly by
 * dynamic programming on the integer capacity, so L(u) is a lower bound on
 * the optimum for every u. Its best value over u equals the LP relaxation
 * with every knapsack replaced by its integer hull, which is well above the
 * plain LP on tight instances. u is improved by subgradient steps.
 *
 * With the incumbent's objective UB and integer costs, any better solution
 * costs UB - 1 or less. Forcing x[k,e] to 1 (or 0) changes only knapsack e,
 * and the forced knapsack value comes exactly from forward and backward DP
 * tables; when the forced bound is above UB - 1, no better solution uses
 * (or avoids) that pair, and the pair (or every other pair of the demand)
 * can go. The incumbent's own pairs are always kept, so it stays a
 * feasible warm start of the reduced model.
 *
 * Everything pruned is pruned only when the bound exceeds UB - 1 by more
 * than LAGR_EPS scaled to the objective, far above the rounding error of
 * these sums of integers and a few hundred multipliers.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "place.h"

#define LAGR_CELLS_MAX	(1L << 22)	/* DP table cells per server */
#define LAGR_CAP_MAX	(1L << 20)
#define LAGR_EPS	1e-7
#define LAGR_STALL	20		/* non-improving steps before halving */
#define LAGR_LAMBDA_MIN	1e-5
#define LAGR_FIX_EVERY	25		/* subgradient steps between fixing passes */

struct lagr {
	const struct place_model *m;
	int n, nb;
	long *w;		/* [k * nb + e] */
	long *cap;		/* [e] */
	double *c;		/* [k * nb + e] */
	double *rej;		/* [k] reject cost, or NULL */
	unsigned char *on;	/* [k * nb + e]: still a candidate pair */
	const int *keep;	/* the incumbent: its pairs are never dropped */
	double *u;
	double *g;		/* subgradient: 1 - times served */
	double *z;		/* [e] knapsack value */
	unsigned char *x;	/* [k * nb + e] knapsack solution */
	double *tab;		/* (items + 1) * (cap + 1) forward table */
	double *back;		/* two backward rows */
	int *its;		/* items of the current knapsack */
	double eps;
	double cutoff;		/* UB - 1: a better solution is at most this */
	int dropped;
};

static double lagr_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool lagr_is_int(double v)
{
	return fabs(v - nearbyint(v)) < 1e-9 && fabs(v) < 1e15;
}

/* Integer single-resource model with a DP that fits in memory? */
bool place_lagr_applies(const struct place_model *m)
{
	int k, e;

	if (m->n_res != 1 || !m->integral || m->n_items < 1)
		return false;
	for (e = 0; e < m->n_bins; e++) {
		double cap = m->cap[e];

		if (!lagr_is_int(cap) || cap < 0 || cap > LAGR_CAP_MAX ||
		    (cap + 1) * (m->n_items + 1) > LAGR_CELLS_MAX)
			return false;
	}
	for (k = 0; k < m->n_items; k++)
		for (e = 0; e < m->n_bins; e++)
			if (place_eligible(m, k, e) &&
			    (!lagr_is_int(m->use[(size_t)k * m->n_bins + e]) ||
			     m->use[(size_t)k * m->n_bins + e] < 0))
				return false;
	return true;
}

static void lagr_free(struct lagr *l)
{
	free(l->w);
	free(l->cap);
	free(l->c);
	free(l->rej);
	free(l->on);
	free(l->u);
	free(l->g);
	free(l->z);
	free(l->x);
	free(l->tab);
	free(l->back);
	free(l->its);
}

static int lagr_init(struct lagr *l, const struct place_model *m, const unsigned char *drop)
{
	size_t pairs = (size_t)m->n_items * m->n_bins;
	long capmax = 0;
	int k, e;

	memset(l, 0, sizeof(*l));
	l->m = m;
	l->n = m->n_items;
	l->nb = m->n_bins;
	for (e = 0; e < m->n_bins; e++)
		capmax = fmax(capmax, m->cap[e]);

	l->w = calloc(pairs, sizeof(*l->w));
	l->cap = calloc(l->nb, sizeof(*l->cap));
	l->c = calloc(pairs, sizeof(*l->c));
	l->on = calloc(pairs, sizeof(*l->on));
	l->u = calloc(l->n, sizeof(*l->u));
	l->g = calloc(l->n, sizeof(*l->g));
	l->z = calloc(l->nb, sizeof(*l->z));
	l->x = calloc(pairs, sizeof(*l->x));
	l->tab = calloc((size_t)(l->n + 1) * (capmax + 1), sizeof(*l->tab));
	l->back = calloc(2 * (size_t)(capmax + 1), sizeof(*l->back));
	l->its = calloc(l->n, sizeof(*l->its));
	l->rej = m->reject ? calloc(l->n, sizeof(*l->rej)) : NULL;
	if (!l->w || !l->cap || !l->c || !l->on || !l->u || !l->g || !l->z || !l->x ||
	    !l->tab || !l->back || !l->its || (m->reject && !l->rej)) {
		lagr_free(l);
		return -ENOMEM;
	}

	for (e = 0; e < l->nb; e++)
		l->cap[e] = lround(m->cap[e]);
	for (k = 0; k < l->n; k++) {
		for (e = 0; e < l->nb; e++) {
			size_t p = (size_t)k * l->nb + e;

			l->on[p] = place_eligible(m, k, e) && !(drop && drop[p]);
			if (!place_eligible(m, k, e))
				continue;
			l->w[p] = lround(m->use[p]);
			l->c[p] = place_pair_cost(m, k, e);
		}
		if (l->rej)
			l->rej[k] = place_reject_cost(m, k);
	}
	return 0;
}

/* Items with a positive profit on e, in l->its; returns how many. */
static int lagr_items(struct lagr *l, int e)
{
	int k, q = 0;

	for (k = 0; k < l->n; k++) {
		size_t p = (size_t)k * l->nb + e;

		if (l->on[p] && l->u[k] - l->c[p] > 0)
			l->its[q++] = k;
	}
	return q;
}

/*
 * Knapsack e: tab row i (0..q) holds the best profit of items its[0..i-1]
 * within each capacity 0..cap. Fills l->x for e and returns the value.
 */
static double lagr_knap(struct lagr *l, int e, int q)
{
	long b = l->cap[e], w, wi;
	double *row, *prev, pi;
	int i, k;

	memset(l->tab, 0, (b + 1) * sizeof(*l->tab));
	for (i = 0; i < q; i++) {
		k = l->its[i];
		wi = l->w[(size_t)k * l->nb + e];
		pi = l->u[k] - l->c[(size_t)k * l->nb + e];
		prev = l->tab + (size_t)i * (b + 1);
		row = prev + (b + 1);
		for (w = 0; w < wi && w <= b; w++)
			row[w] = prev[w];
		for (; w <= b; w++)
			row[w] = fmax(prev[w], prev[w - wi] + pi);
	}

	for (k = 0; k < l->n; k++)
		l->x[(size_t)k * l->nb + e] = 0;
	for (i = q, w = b; i > 0; i--) {
		row = l->tab + (size_t)i * (b + 1);
		prev = row - (b + 1);
		if (row[w] != prev[w]) {
			k = l->its[i - 1];
			l->x[(size_t)k * l->nb + e] = 1;
			w -= l->w[(size_t)k * l->nb + e];
		}
	}
	return l->tab[(size_t)q * (b + 1) + b];
}

/* L(u), the knapsack solutions and the subgradient. */
static double lagr_eval(struct lagr *l)
{
	double sum = 0.0;
	int k, e;

	for (k = 0; k < l->n; k++) {
		sum += l->u[k];
		l->g[k] = 1.0;
	}
	for (e = 0; e < l->nb; e++) {
		l->z[e] = lagr_knap(l, e, lagr_items(l, e));
		sum -= l->z[e];
		for (k = 0; k < l->n; k++)
			l->g[k] -= l->x[(size_t)k * l->nb + e];
	}
	for (k = 0; l->rej && k < l->n; k++) {
		if (l->u[k] - l->rej[k] > 0) {
			sum -= l->u[k] - l->rej[k];
			l->g[k] -= 1.0;
		}
	}
	return sum;
}

static void lagr_drop(struct lagr *l, int k, int e)
{
	size_t p = (size_t)k * l->nb + e;

	if (!l->on[p] || (l->keep && l->keep[k] == e))
		return;
	l->on[p] = 0;
	l->dropped++;
}

/*
 * Reduced-cost fixing at the multipliers in l->u, whose bound is L (from
 * lagr_eval, so l->z is current). For knapsack e, with the forward table of
 * its positive-profit items and a backward row built item by item:
 *   out[i] = max_w F_i[w] + B_{i+1}[b - w]             (item i left out)
 *   in     = p + max_w F_i[w] + B_{i+1}[b - wi - w]    (item i forced in)
 * and for an item of non-positive profit p, in = p + F_q[b - wi].
 */
static void lagr_fix_bin(struct lagr *l, int e, double L)
{
	long b = l->cap[e], w, wi, v;
	double *cur = l->back, *nxt = l->back + (b + 1), *tmp, *F, best, pi;
	int q = lagr_items(l, e), i, k;

	lagr_knap(l, e, q);

	/* Non-positive profit: forcing it in. */
	for (k = 0; k < l->n; k++) {
		size_t p = (size_t)k * l->nb + e;

		if (!l->on[p] || l->u[k] - l->c[p] > 0)
			continue;
		wi = l->w[p];
		pi = l->u[k] - l->c[p];
		best = pi + l->tab[(size_t)q * (b + 1) + (b - wi)];
		if (L + l->z[e] - best > l->cutoff + l->eps)
			lagr_drop(l, k, e);
	}

	/* Positive profit, backwards: cur is B_{i+1}. */
	for (w = 0; w <= b; w++)
		cur[w] = 0.0;
	for (i = q - 1; i >= 0; i--) {
		double out = -DBL_MAX, in = -DBL_MAX;

		k = l->its[i];
		wi = l->w[(size_t)k * l->nb + e];
		pi = l->u[k] - l->c[(size_t)k * l->nb + e];
		F = l->tab + (size_t)i * (b + 1);
		for (w = 0; w <= b; w++)
			out = fmax(out, F[w] + cur[b - w]);
		for (w = 0; w <= b - wi; w++)
			in = fmax(in, F[w] + cur[b - wi - w]);
		in += pi;

		if (L + l->z[e] - in > l->cutoff + l->eps) {
			lagr_drop(l, k, e);
		} else if (L + l->z[e] - out > l->cutoff + l->eps) {
			/* Every better solution puts k on e. */
			for (v = 0; v < l->nb; v++)
				if (v != e)
					lagr_drop(l, k, v);
		}

		for (w = 0; w <= b; w++)
			nxt[w] = w >= wi ? fmax(cur[w], cur[w - wi] + pi) : cur[w];
		tmp = cur;
		cur = nxt;
		nxt = tmp;
	}
}

static void lagr_fix(struct lagr *l)
{
	double L = lagr_eval(l);
	int e;

	for (e = 0; e < l->nb; e++)
		lagr_fix_bin(l, e, L);
}

/* Multipliers to start from: each demand's second cheapest pair. */
static void lagr_start(struct lagr *l)
{
	int k, e;

	for (k = 0; k < l->n; k++) {
		double c1 = DBL_MAX, c2 = DBL_MAX;

		for (e = 0; e < l->nb; e++) {
			size_t p = (size_t)k * l->nb + e;

			if (!l->on[p])
				continue;
			if (l->c[p] < c1) {
				c2 = c1;
				c1 = l->c[p];
			} else if (l->c[p] < c2) {
				c2 = l->c[p];
			}
		}
		if (l->rej && l->rej[k] < c2) {
			c2 = fmax(c1, l->rej[k]);
			c1 = fmin(c1, l->rej[k]);
		}
		l->u[k] = c2 < DBL_MAX ? c2 : c1 < DBL_MAX ? c1 : 0.0;
	}
}

/*
 * Bound the model and drop pairs no solution better than ub can use.
 * incumbent (objective ub) keeps its pairs; drop[] (n_items * n_bins) gets
 * a 1 for every pair removed and may already hold some. Returns -EOPNOTSUPP
 * when the model is not of the integer single-resource kind.
 */
int place_lagr(const struct place_model *m, const int *incumbent, double ub,
	       double deadline, unsigned char *drop, struct place_lagr *out)
{
	double lambda = 2.0, L, best = -DBL_MAX, norm, *ubest = NULL;
	size_t pairs = (size_t)m->n_items * m->n_bins, p;
	int stall = 0, it, k, ret, since_fix = 0;
	struct lagr l;

	memset(out, 0, sizeof(*out));
	out->bound = -INFINITY;
	if (!place_lagr_applies(m) || !isfinite(ub))
		return -EOPNOTSUPP;

	ret = lagr_init(&l, m, drop);
	if (ret)
		return ret;
	ubest = calloc(l.n, sizeof(*ubest));
	if (!ubest) {
		lagr_free(&l);
		return -ENOMEM;
	}
	l.keep = incumbent;
	l.eps = LAGR_EPS * fmax(1.0, fabs(ub));
	l.cutoff = ub - 1.0;
	lagr_start(&l);
	memcpy(ubest, l.u, l.n * sizeof(*ubest));

	for (it = 0; ; it++) {
		L = lagr_eval(&l);
		if (L > best + l.eps) {
			best = L;
			memcpy(ubest, l.u, l.n * sizeof(*ubest));
			stall = 0;
		} else if (++stall >= LAGR_STALL) {
			lambda /= 2;
			stall = 0;
		}
		if (best > l.cutoff + l.eps || lambda < LAGR_LAMBDA_MIN ||
		    (deadline > 0 && lagr_now() > deadline))
			break;

		norm = 0.0;
		for (k = 0; k < l.n; k++)
			norm += l.g[k] * l.g[k];
		if (norm == 0.0)
			break;	/* the knapsacks make an assignment: L is its cost */

		if (++since_fix >= LAGR_FIX_EVERY) {
			memcpy(l.u, ubest, l.n * sizeof(*ubest));
			lagr_fix(&l);
			since_fix = 0;
			/* Dropping pairs can only raise L; go on from the best. */
			continue;
		}
		for (k = 0; k < l.n; k++)
			l.u[k] += lambda * (ub - L) / norm * l.g[k];
	}

	memcpy(l.u, ubest, l.n * sizeof(*ubest));
	if (best <= l.cutoff + l.eps)
		lagr_fix(&l);
	out->iters = it;

	/* Reported a little low: ceil() of it is safe from rounding error. */
	out->bound = fmin(best - l.eps, ub);
	out->proved = best > l.cutoff + l.eps;
	for (p = 0; p < pairs; p++)
		if (drop && place_eligible(m, p / m->n_bins, p % m->n_bins) && !l.on[p])
			drop[p] = 1;
	out->dropped = l.dropped;
	free(ubest);
	lagr_free(&l);
	return 0;
}

/*
 * Lagrangian branch and bound, depth first, over the pairs a reduced model
 * left (drop[] as place_lagr filled it). Each node improves the parent's
 * multipliers by a few subgradient steps, is pruned when its bound exceeds
 * UB - 1 or a demand has no pair left, fixes pairs by reduced cost, tries a
 * repair of the knapsack solutions for a new incumbent, and branches on one
 * demand that the knapsacks serve twice or not at all: first on its most
 * promising server, then off it.
 */

#define BNB_ITERS	60		/* subgradient steps per node */
#define BNB_STALL	5
#define BNB_LAMBDA	0.5
#define BNB_ROOT_ITERS	2000
#define BNB_LEVEL_ITERS	600		/* at the root of each objective level */

struct bnb {
	struct lagr *l;
	int *best;		/* the incumbent */
	double ub;		/* its objective */
	int *try;		/* repair scratch */
	double *ubest;		/* ascent scratch */
	long *left;		/* [e] remaining capacity, repair scratch */
	double deadline;
	long nodes;
	bool timeout;
	bool improved;
};

/* A feasible plan from the knapsack solutions, if the repair finds one. */
static void bnb_repair(struct bnb *b)
{
	struct lagr *l = b->l;
	int k, e, pass;
	double sum = 0.0;

	for (e = 0; e < l->nb; e++)
		b->left[e] = l->cap[e];
	/* Demands the knapsacks serve keep their cheapest such server. */
	for (k = 0; k < l->n; k++) {
		int pick = PLACE_NONE;

		for (e = 0; e < l->nb; e++) {
			size_t p = (size_t)k * l->nb + e;

			if (l->x[p] && (pick < 0 || l->c[p] < l->c[(size_t)k * l->nb + pick]))
				pick = e;
		}
		b->try[k] = pick;
		if (pick >= 0)
			b->left[pick] -= l->w[(size_t)k * l->nb + pick];
	}
	/* The rest (and rejects when the model has them) go where they fit, cheapest first. */
	for (k = 0; k < l->n; k++) {
		int pick = PLACE_NONE;

		if (b->try[k] >= 0)
			continue;
		for (e = 0; e < l->nb; e++) {
			size_t p = (size_t)k * l->nb + e;

			if (!place_eligible(l->m, k, e) || l->w[p] > b->left[e])
				continue;
			if (pick < 0 || l->c[p] < l->c[(size_t)k * l->nb + pick])
				pick = e;
		}
		if (pick < 0) {
			if (!l->rej)
				return;
			b->try[k] = PLACE_REJECT;
			continue;
		}
		b->try[k] = pick;
		b->left[pick] -= l->w[(size_t)k * l->nb + pick];
	}
	/* Shift to cheaper servers with room, twice over. */
	for (pass = 0; pass < 2; pass++) {
		for (k = 0; k < l->n; k++) {
			int from = b->try[k];
			double cur = from >= 0 ? l->c[(size_t)k * l->nb + from] : l->rej[k];

			for (e = 0; e < l->nb; e++) {
				size_t p = (size_t)k * l->nb + e;

				if (e == from || !place_eligible(l->m, k, e) || l->c[p] >= cur ||
				    l->w[p] > b->left[e])
					continue;
				if (from >= 0)
					b->left[from] += l->w[(size_t)k * l->nb + from];
				b->left[e] -= l->w[p];
				from = b->try[k] = e;
				cur = l->c[p];
			}
		}
	}
	for (k = 0; k < l->n; k++)
		sum += b->try[k] >= 0 ? l->c[(size_t)k * l->nb + b->try[k]] : l->rej[k];
	if (sum < b->ub - 0.5) {
		memcpy(b->best, b->try, l->n * sizeof(*b->best));
		b->ub = sum;
		l->cutoff = fmin(l->cutoff, sum - 1.0);
		b->improved = true;
	}
}

/* A demand with no pair left (no reject): the node has no solution. */
static bool bnb_dead(const struct lagr *l)
{
	int k, e;

	if (l->rej)
		return false;
	for (k = 0; k < l->n; k++) {
		for (e = 0; e < l->nb && !l->on[(size_t)k * l->nb + e]; e++)
			;
		if (e == l->nb)
			return true;
	}
	return false;
}

static bool bnb_time(struct bnb *b)
{
	if (b->deadline > 0 && lagr_now() > b->deadline)
		b->timeout = true;
	return b->timeout;
}

/*
 * Subgradient steps at a node, from l->u. Returns the best bound, leaves
 * l->u at its multipliers, and l->x / l->g at their knapsack solutions.
 */
static double bnb_ascend(struct bnb *b, int iters, double lambda, int stall_max)
{
	struct lagr *l = b->l;
	double L, best = -DBL_MAX, norm;
	int it, k, stall = 0;

	for (it = 0; it < iters && !bnb_time(b); it++) {
		L = lagr_eval(l);
		bnb_repair(b);
		norm = 0.0;
		for (k = 0; k < l->n; k++)
			norm += l->g[k] * l->g[k];
		if (L > best + l->eps) {
			best = L;
			memcpy(b->ubest, l->u, l->n * sizeof(*l->u));
			stall = 0;
		} else if (++stall >= stall_max) {
			lambda /= 2;
			stall = 0;
		}
		if (best > l->cutoff + l->eps || norm == 0.0 || lambda < 1e-4)
			break;
		for (k = 0; k < l->n; k++)
			l->u[k] += lambda * (l->cutoff + 1.0 - L) / norm * l->g[k];
	}
	memcpy(l->u, b->ubest, l->n * sizeof(*l->u));
	return best;
}

static int bnb_node(struct bnb *b, int iters, double lambda, int stall)
{
	struct lagr *l = b->l;
	size_t pairs = (size_t)l->n * l->nb, p;
	unsigned char *on = NULL;
	double *u = NULL, best, bestc = 0;
	int k, e, pick_k = -1, pick_e = -1, ret = 0, dropped;

	b->nodes++;
	if (bnb_time(b) || bnb_dead(l))
		return 0;

	for (;;) {
		best = bnb_ascend(b, iters, lambda, stall);
		if (best > l->cutoff + l->eps)
			return 0;
		dropped = l->dropped;
		lagr_fix(l);
		if (bnb_dead(l))
			return 0;
		if (l->dropped == dropped)
			break;
		iters = BNB_ITERS / 2;
		lambda = BNB_LAMBDA / 2;
		stall = BNB_STALL;
	}

	/* lagr_fix left x and g at the final multipliers. */
	for (k = 0; k < l->n; k++) {
		double wk = 0;

		if (l->g[k] == 0.0)
			continue;
		for (e = 0; e < l->nb; e++)
			if (l->on[(size_t)k * l->nb + e])
				wk = fmax(wk, l->w[(size_t)k * l->nb + e]);
		if (pick_k < 0 || wk > bestc) {
			pick_k = k;
			bestc = wk;
		}
	}
	if (pick_k < 0) {
		/* The knapsacks make an assignment: optimal for this node. */
		return 0;
	}
	k = pick_k;
	for (e = 0; e < l->nb; e++) {
		p = (size_t)k * l->nb + e;
		if (!l->on[p])
			continue;
		if (l->x[p] && (pick_e < 0 || !l->x[(size_t)k * l->nb + pick_e] ||
				l->c[p] < l->c[(size_t)k * l->nb + pick_e]))
			pick_e = e;
		else if (!l->x[p] && (pick_e < 0 || (!l->x[(size_t)k * l->nb + pick_e] &&
						     l->c[p] < l->c[(size_t)k * l->nb + pick_e])))
			pick_e = e;
	}
	if (pick_e < 0)
		return 0;

	on = malloc(pairs);
	u = malloc(l->n * sizeof(*u));
	if (!on || !u) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(on, l->on, pairs);
	memcpy(u, l->u, l->n * sizeof(*u));

	/* On pick_e. */
	for (e = 0; e < l->nb; e++)
		if (e != pick_e)
			l->on[(size_t)k * l->nb + e] = 0;
	ret = bnb_node(b, BNB_ITERS, BNB_LAMBDA, BNB_STALL);
	memcpy(l->on, on, pairs);
	memcpy(l->u, u, l->n * sizeof(*u));
	if (ret || b->timeout)
		goto out;

	/* Off it. */
	l->on[(size_t)k * l->nb + pick_e] = 0;
	ret = bnb_node(b, BNB_ITERS, BNB_LAMBDA, BNB_STALL);
	memcpy(l->on, on, pairs);
	memcpy(l->u, u, l->n * sizeof(*u));
out:
	free(on);
	free(u);
	return ret;
}

/*
 * Search for a plan better than assign (objective *obj) among the pairs
 * drop[] (may be NULL) leaves; assign and *obj take every improvement.
 *
 * The search runs level by level on the objective: for T = the rounded
 * root bound, T + 1, ..., *obj - 1 it asks whether a plan costing T or less
 * exists, with T as the cutoff of every pruning and fixing test. A tight T
 * prunes hard, so the early levels are small. A level searched to the end
 * without a plan proves the optimum above T (*bound = T + 1); the first
 * plan found at or below T is then optimal once its level is done.
 * *proved: the last plan is optimal. -EOPNOTSUPP when the model does not
 * qualify (see place_lagr).
 */
int place_lagr_bnb(const struct place_model *m, int *assign, double *obj,
		   const unsigned char *drop, double deadline, bool *proved, double *bound,
		   long *nodes)
{
	struct bnb b = { .best = assign, .ub = *obj, .deadline = deadline };
	size_t pairs = (size_t)m->n_items * m->n_bins;
	unsigned char *on0 = NULL;
	double *u0 = NULL, T, root;
	struct lagr l;
	int ret;

	*proved = false;
	*nodes = 0;
	if (!place_lagr_applies(m) || !isfinite(*obj))
		return -EOPNOTSUPP;
	ret = lagr_init(&l, m, drop);
	if (ret)
		return ret;
	b.l = &l;
	b.try = calloc(l.n, sizeof(*b.try));
	b.left = calloc(l.nb, sizeof(*b.left));
	b.ubest = calloc(l.n, sizeof(*b.ubest));
	on0 = malloc(pairs + 1);
	u0 = calloc(l.n, sizeof(*u0));
	if (!b.try || !b.left || !b.ubest || !on0 || !u0) {
		ret = -ENOMEM;
		goto out;
	}
	l.eps = LAGR_EPS * fmax(1.0, fabs(*obj));
	l.cutoff = *obj - 1.0;
	lagr_start(&l);

	/* The root bound, at the incumbent's cutoff, without fixing. */
	root = bnb_ascend(&b, BNB_ROOT_ITERS, 2.0, LAGR_STALL);
	if (root > l.cutoff + l.eps) {
		*proved = true;
		goto done;
	}
	memcpy(on0, l.on, pairs);
	memcpy(u0, l.u, l.n * sizeof(*u0));

	for (T = ceil(root - l.eps); T <= b.ub - 1.0 && !b.timeout; T++) {
		memcpy(l.on, on0, pairs);
		memcpy(l.u, u0, l.n * sizeof(*u0));
		l.cutoff = fmin(T, b.ub - 1.0);
		ret = bnb_node(&b, BNB_LEVEL_ITERS, 1.0, LAGR_STALL);
		if (ret)
			goto out;
		if (b.timeout)
			break;
		/* Nothing at or below the cutoff: the optimum is above it. */
		*bound = fmax(*bound, l.cutoff + 1.0);
	}
	*proved = !b.timeout;
done:
	if (*proved)
		*bound = b.ub;
	*obj = b.ub;
	*nodes = b.nodes;
out:
	free(on0);
	free(u0);
	free(b.try);
	free(b.left);
	free(b.ubest);
	lagr_free(&l);
	return ret;
}
