// SPDX-License-Identifier: GPL-2.0
/*
 * Placement heuristic: regret greedy construction (several desirability
 * measures, the best result kept) followed by shift and swap local search.
 * It gives GLPK its first incumbent and answers alone under --heuristic.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "place.h"

#define HEUR_EPS	1e-9
#define HEUR_NONE	DBL_MAX

enum heur_measure {
	HEUR_COST,		/* cheapest server first */
	HEUR_ROOM,		/* server where the demand takes the least room */
	HEUR_BOTH,		/* cost times room */
	HEUR_NR_MEASURES,
};

/*
 * Working state. Slot n_bins is the reject pseudo-server when the model has
 * one; it has no capacity limit.
 */
struct heur {
	const struct place_model *m;
	int slots;
	double *cost;		/* [k * slots + e], HEUR_NONE where not eligible */
	double *room;		/* [k * slots + e], largest share of a capacity */
	double *left;		/* [e * n_res + r], remaining capacity */
	int *assign;		/* slot per item, PLACE_NONE while open */
	double cost_min;
};

static size_t heur_pair(const struct heur *h, int k, int e)
{
	return (size_t)k * h->slots + e;
}

static const double *heur_use(const struct heur *h, int k, int e)
{
	return &h->m->use[((size_t)k * h->m->n_bins + e) * h->m->n_res];
}

static bool heur_fits(const struct heur *h, int k, int e)
{
	const double *u;
	int r;

	if (e == h->m->n_bins)
		return true;

	u = heur_use(h, k, e);
	for (r = 0; r < h->m->n_res; r++)
		if (u[r] > h->left[e * h->m->n_res + r] + HEUR_EPS)
			return false;
	return true;
}

/* Would k fit on e once other (now on e) has left? */
static bool heur_fits_for(const struct heur *h, int k, int e, int other)
{
	const double *u, *o;
	int r;

	if (e == h->m->n_bins)
		return true;

	u = heur_use(h, k, e);
	o = heur_use(h, other, e);
	for (r = 0; r < h->m->n_res; r++)
		if (u[r] > h->left[e * h->m->n_res + r] + o[r] + HEUR_EPS)
			return false;
	return true;
}

static void heur_take(struct heur *h, int k, int e, double sign)
{
	const double *u;
	int r;

	if (e == h->m->n_bins)
		return;

	u = heur_use(h, k, e);
	for (r = 0; r < h->m->n_res; r++)
		h->left[e * h->m->n_res + r] -= sign * u[r];
}

static void heur_move(struct heur *h, int k, int e)
{
	if (h->assign[k] >= 0)
		heur_take(h, k, h->assign[k], -1.0);
	heur_take(h, k, e, 1.0);
	h->assign[k] = e;
}

static double heur_room_of(const struct place_model *m, int k, int e)
{
	const double *u = &m->use[((size_t)k * m->n_bins + e) * m->n_res];
	double worst = 0.0;
	int r;

	for (r = 0; r < m->n_res; r++) {
		double cap = m->cap[e * m->n_res + r];

		if (u[r] > 0)
			worst = fmax(worst, cap > 0 ? u[r] / cap : HEUR_NONE);
	}
	return worst;
}

static int heur_init(struct heur *h, const struct place_model *m)
{
	size_t pairs;
	int k, e;

	memset(h, 0, sizeof(*h));
	h->m = m;
	h->slots = m->n_bins + (m->reject ? 1 : 0);
	pairs = (size_t)m->n_items * h->slots;
	h->cost = calloc(pairs + 1, sizeof(*h->cost));
	h->room = calloc(pairs + 1, sizeof(*h->room));
	h->left = calloc((size_t)m->n_bins * m->n_res, sizeof(*h->left));
	h->assign = calloc(m->n_items + 1, sizeof(*h->assign));
	if (!h->cost || !h->room || !h->left || !h->assign)
		return -ENOMEM;

	h->cost_min = HEUR_NONE;
	for (k = 0; k < m->n_items; k++) {
		for (e = 0; e < h->slots; e++) {
			size_t p = heur_pair(h, k, e);
			bool ok = e == m->n_bins || place_eligible(m, k, e);

			h->cost[p] = ok ? place_pair_cost(m, k, e) : HEUR_NONE;
			h->room[p] = e < m->n_bins && ok ? heur_room_of(m, k, e) : 0.0;
			if (ok)
				h->cost_min = fmin(h->cost_min, h->cost[p]);
		}
	}
	return 0;
}

static void heur_fini(struct heur *h)
{
	free(h->cost);
	free(h->room);
	free(h->left);
	free(h->assign);
}

static void heur_reset(struct heur *h)
{
	int k;

	memcpy(h->left, h->m->cap, (size_t)h->m->n_bins * h->m->n_res * sizeof(*h->left));
	for (k = 0; k < h->m->n_items; k++)
		h->assign[k] = PLACE_NONE;
}

/* Lower is more desirable; the reject slot is always the last resort. */
static double heur_desire(const struct heur *h, enum heur_measure how, int k, int e)
{
	size_t p = heur_pair(h, k, e);
	double c = h->cost[p] - h->cost_min + 1.0;

	if (e == h->m->n_bins)
		return HEUR_NONE / 2;

	switch (how) {
	case HEUR_ROOM:
		return h->room[p];
	case HEUR_BOTH:
		return c * (h->room[p] + HEUR_EPS);
	default:
		return c;
	}
}

/* Best and second best fitting slots of item k; returns the regret. */
static double heur_regret(const struct heur *h, enum heur_measure how, int k, int *best)
{
	double f1 = HEUR_NONE, f2 = HEUR_NONE;
	int e;

	*best = PLACE_NONE;
	for (e = 0; e < h->slots; e++) {
		double f;

		if (h->cost[heur_pair(h, k, e)] == HEUR_NONE || !heur_fits(h, k, e))
			continue;
		f = heur_desire(h, how, k, e);
		if (f < f1) {
			f2 = f1;
			f1 = f;
			*best = e;
		} else if (f < f2) {
			f2 = f;
		}
	}
	return f2 == HEUR_NONE ? HEUR_NONE : f2 - f1;
}

/* Martello-Toth style: place the demand that loses most by waiting. */
static int heur_construct(struct heur *h, enum heur_measure how)
{
	int placed, k;

	heur_reset(h);
	for (placed = 0; placed < h->m->n_items; placed++) {
		double top = -1.0;
		int pick = PLACE_NONE, where = PLACE_NONE;

		for (k = 0; k < h->m->n_items; k++) {
			double regret;
			int e;

			if (h->assign[k] != PLACE_NONE)
				continue;
			regret = heur_regret(h, how, k, &e);
			if (e == PLACE_NONE)
				return -ENOSPC;
			if (regret > top) {
				top = regret;
				pick = k;
				where = e;
			}
		}
		heur_move(h, pick, where);
	}
	return 0;
}

static bool heur_shift(struct heur *h, int k)
{
	int e, from = h->assign[k];

	for (e = 0; e < h->slots; e++) {
		if (e == from || h->cost[heur_pair(h, k, e)] == HEUR_NONE)
			continue;
		if (h->cost[heur_pair(h, k, e)] >= h->cost[heur_pair(h, k, from)] - HEUR_EPS)
			continue;
		if (!heur_fits(h, k, e))
			continue;
		heur_move(h, k, e);
		return true;
	}
	return false;
}

static bool heur_swap(struct heur *h, int a, int b)
{
	int ea = h->assign[a], eb = h->assign[b];
	double now, then;

	if (ea == eb || h->cost[heur_pair(h, a, eb)] == HEUR_NONE ||
	    h->cost[heur_pair(h, b, ea)] == HEUR_NONE)
		return false;

	now = h->cost[heur_pair(h, a, ea)] + h->cost[heur_pair(h, b, eb)];
	then = h->cost[heur_pair(h, a, eb)] + h->cost[heur_pair(h, b, ea)];
	if (then >= now - HEUR_EPS)
		return false;
	if (!heur_fits_for(h, a, eb, b) || !heur_fits_for(h, b, ea, a))
		return false;

	heur_move(h, a, eb);
	heur_move(h, b, ea);
	return true;
}

/* First-improvement descent over shifts, then swaps, until neither helps. */
static void heur_descend(struct heur *h)
{
	int n = h->m->n_items;
	bool better = true;

	while (better) {
		int a, b;

		better = false;
		for (a = 0; a < n; a++)
			better |= heur_shift(h, a);
		for (a = 0; a < n && !better; a++)
			for (b = a + 1; b < n; b++)
				better |= heur_swap(h, a, b);
	}
}

static double heur_value(const struct heur *h)
{
	double sum = 0.0;
	int k;

	for (k = 0; k < h->m->n_items; k++)
		sum += h->cost[heur_pair(h, k, h->assign[k])];
	return sum;
}

static void heur_export(const struct heur *h, int *assign)
{
	int k;

	for (k = 0; k < h->m->n_items; k++)
		assign[k] = h->assign[k] == h->m->n_bins ? PLACE_REJECT : h->assign[k];
}

/*
 * Fills assign (server index or PLACE_REJECT per item) and *obj.
 * -ENOSPC when no construction found a feasible assignment.
 */
int place_heuristic(const struct place_model *m, int *assign, double *obj)
{
	double best = HEUR_NONE;
	struct heur h;
	int how, ret;

	ret = heur_init(&h, m);
	if (ret)
		goto out;

	ret = -ENOSPC;
	for (how = 0; how < HEUR_NR_MEASURES; how++) {
		double v;

		if (heur_construct(&h, how))
			continue;
		heur_descend(&h);
		v = heur_value(&h);
		if (v < best - HEUR_EPS) {
			best = v;
			heur_export(&h, assign);
			ret = 0;
		}
	}
	if (!ret)
		*obj = best;
out:
	heur_fini(&h);
	return ret;
}

/* Every demand on its cheapest eligible server, capacities ignored. */
double place_trivial_bound(const struct place_model *m)
{
	double sum = 0.0;
	int k, e;

	for (k = 0; k < m->n_items; k++) {
		double low = m->reject ? place_reject_cost(m, k) : HEUR_NONE;

		for (e = 0; e < m->n_bins; e++)
			if (place_eligible(m, k, e))
				low = fmin(low, place_pair_cost(m, k, e));
		if (low == HEUR_NONE)
			return NAN;
		sum += low;
	}
	return sum;
}
