// SPDX-License-Identifier: GPL-2.0
/*
 * The placement model: allocation, the objective as the solver sees it, and
 * the explanation of an infeasible model.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "place.h"

/* Capacity comparisons tolerate rounding in fractional demands. */
#define PLACE_EPS	1e-9

struct place_model *place_model_new(int n_items, int n_bins, int n_res)
{
	size_t pairs = (size_t)n_items * n_bins;
	struct place_model *m;
	int k;

	if (n_items < 0 || n_bins < 1 || n_res < 1)
		return NULL;

	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;

	m->n_items = n_items;
	m->n_bins = n_bins;
	m->n_res = n_res;
	m->item = calloc(n_items + 1, sizeof(*m->item));
	m->bin_name = calloc(n_bins, sizeof(*m->bin_name));
	m->res_name = calloc(n_res, sizeof(*m->res_name));
	m->cost = calloc(pairs + 1, sizeof(*m->cost));
	m->use = calloc(pairs * n_res + 1, sizeof(*m->use));
	m->cap = calloc((size_t)n_bins * n_res, sizeof(*m->cap));
	m->excl = calloc(pairs + 1, sizeof(*m->excl));
	m->current = calloc(n_items + 1, sizeof(*m->current));
	if (!m->item || !m->bin_name || !m->res_name || !m->cost || !m->use ||
	    !m->cap || !m->excl || !m->current) {
		place_model_free(m);
		return NULL;
	}

	for (k = 0; k < n_items; k++) {
		m->current[k] = PLACE_NONE;
		m->item[k].pinned = PLACE_NONE;
	}
	return m;
}

void place_model_free(struct place_model *m)
{
	int i;

	if (!m)
		return;

	for (i = 0; m->item && i < m->n_items; i++) {
		free(m->item[i].service);
		free(m->item[i].device_name);
	}
	for (i = 0; m->bin_name && i < m->n_bins; i++)
		free(m->bin_name[i]);
	for (i = 0; m->res_name && i < m->n_res; i++)
		free(m->res_name[i]);
	free(m->item);
	free(m->bin_name);
	free(m->res_name);
	free(m->cost);
	free(m->use);
	free(m->cap);
	free(m->excl);
	free(m->lat);
	free(m->current);
	free(m);
}

bool place_eligible(const struct place_model *m, int k, int e)
{
	return m->excl[(size_t)k * m->n_bins + e] == PLACE_OK;
}

/* Objective coefficient of item k on server e (e == n_bins: reject). */
double place_pair_cost(const struct place_model *m, int k, int e)
{
	double c;

	if (e == m->n_bins)
		c = m->reject_cost;
	else
		c = m->cost[(size_t)k * m->n_bins + e];

	if (m->current[k] >= 0 && m->current[k] != e)
		c += m->churn;
	return c;
}

double place_reject_cost(const struct place_model *m, int k)
{
	return place_pair_cost(m, k, m->n_bins);
}

static bool place_is_int(double v)
{
	return fabs(v - nearbyint(v)) < PLACE_EPS;
}

/* Pairs where the item alone overflows a resource of the server. */
static void place_mark_unfit(struct place_model *m)
{
	int k, e, r;

	for (k = 0; k < m->n_items; k++) {
		for (e = 0; e < m->n_bins; e++) {
			size_t p = (size_t)k * m->n_bins + e;

			if (m->excl[p] != PLACE_OK)
				continue;
			for (r = 0; r < m->n_res; r++)
				if (m->use[p * m->n_res + r] > m->cap[e * m->n_res + r] + PLACE_EPS)
					m->excl[p] = PLACE_X_FIT;
		}
	}
}

/*
 * Rejecting a demand must cost more than any placement of all the others
 * could save, so the solver rejects only what cannot be placed.
 */
static double place_auto_reject(const struct place_model *m)
{
	double sum = 1.0;
	int k, e;

	for (k = 0; k < m->n_items; k++) {
		double worst = 0.0;

		for (e = 0; e < m->n_bins; e++)
			if (place_eligible(m, k, e))
				worst = fmax(worst, fabs(m->cost[(size_t)k * m->n_bins + e]));
		sum += worst + m->churn;
	}
	return ceil(sum);
}

/* Call once the builder has filled the model in. */
void place_model_finish(struct place_model *m)
{
	size_t p, pairs = (size_t)m->n_items * m->n_bins;

	place_mark_unfit(m);
	if (m->reject && m->reject_cost <= 0)
		m->reject_cost = place_auto_reject(m);

	m->integral = place_is_int(m->churn) && (!m->reject || place_is_int(m->reject_cost));
	for (p = 0; p < pairs && m->integral; p++)
		if (m->excl[p] == PLACE_OK && !place_is_int(m->cost[p]))
			m->integral = false;
}

/* The objective the solver minimises; NAN when assign has an unset item. */
double place_objective(const struct place_model *m, const int *assign)
{
	double sum = 0.0;
	int k;

	for (k = 0; k < m->n_items; k++) {
		if (assign[k] == PLACE_REJECT)
			sum += place_reject_cost(m, k);
		else if (assign[k] >= 0 && assign[k] < m->n_bins)
			sum += place_pair_cost(m, k, assign[k]);
		else
			return NAN;
	}
	return sum;
}

const char *place_status_name(enum place_status s)
{
	switch (s) {
	case PLACE_OPTIMAL:
		return "optimal";
	case PLACE_FEASIBLE:
		return "feasible";
	case PLACE_INFEASIBLE:
		return "infeasible";
	case PLACE_TIMEOUT:
		return "timeout";
	}
	return "unknown";
}

const char *place_excl_name(enum place_excl x)
{
	switch (x) {
	case PLACE_OK:
		return "eligible";
	case PLACE_X_OFFER:
		return "does not run the service";
	case PLACE_X_LATENCY:
		return "over the latency bound";
	case PLACE_X_FORBID:
		return "forbidden";
	case PLACE_X_PIN:
		return "pinned elsewhere";
	case PLACE_X_FIT:
		return "too small";
	case PLACE_X_BOUND:
		return "excluded by the bound";
	}
	return "excluded";
}

static int place_line_add(char ***lines, int *n, char *s)
{
	char **grown;

	if (!s)
		return -ENOMEM;

	grown = realloc(*lines, (*n + 1) * sizeof(**lines));
	if (!grown) {
		free(s);
		return -ENOMEM;
	}
	grown[(*n)++] = s;
	*lines = grown;
	return 0;
}

void place_lines_free(char **lines, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

static int place_explain_item(const struct place_model *m, int k, char ***lines, int *n)
{
	const struct place_item *it = &m->item[k];
	char *s = NULL, *t;
	int e;

	for (e = 0; e < m->n_bins; e++) {
		enum place_excl x = m->excl[(size_t)k * m->n_bins + e];

		if (asprintf(&t, "%s%s%s: %s", s ? s : "", s ? ", " : "", m->bin_name[e],
			     place_excl_name(x)) < 0)
			t = NULL;
		free(s);
		s = t;
		if (!s)
			return -ENOMEM;
	}

	if (asprintf(&t, "demand %s/%u (%s): no eligible server (%s)", it->service,
		     it->device, it->device_name ? it->device_name : "-", s) < 0)
		t = NULL;
	free(s);
	return place_line_add(lines, n, t);
}

/* Least of item k's use of r over its eligible servers; -1 when none. */
static double place_min_use(const struct place_model *m, int k, int r, int *only)
{
	double best = -1.0;
	int e, count = 0;

	for (e = 0; e < m->n_bins; e++) {
		double u;

		if (!place_eligible(m, k, e))
			continue;
		u = m->use[((size_t)k * m->n_bins + e) * m->n_res + r];
		if (best < 0 || u < best)
			best = u;
		*only = e;
		count++;
	}
	if (count != 1)
		*only = PLACE_NONE;
	return best;
}

/*
 * Servers over-subscribed by demands that have no other choice, and
 * resources whose total demand exceeds the fleet's total capacity.
 */
static int place_explain_res(const struct place_model *m, int r, char ***lines, int *n)
{
	double *forced, need = 0.0, have = 0.0;
	int k, e, only, ret = 0;
	char *s;

	forced = calloc(m->n_bins, sizeof(*forced));
	if (!forced)
		return -ENOMEM;

	for (k = 0; k < m->n_items; k++) {
		double u = place_min_use(m, k, r, &only);

		if (u > 0)
			need += u;
		if (only >= 0)
			forced[only] += u;
	}

	for (e = 0; e < m->n_bins && !ret; e++) {
		double cap = m->cap[e * m->n_res + r];

		have += cap;
		if (forced[e] <= cap + PLACE_EPS)
			continue;
		if (asprintf(&s, "server %s: over-subscribed in %s: %g needed by demands that "
			     "have no other server, capacity %g", m->bin_name[e], m->res_name[r],
			     forced[e], cap) < 0)
			s = NULL;
		ret = place_line_add(lines, n, s);
	}

	if (!ret && need > have + PLACE_EPS) {
		if (asprintf(&s, "resource %s: demands need at least %g, the fleet has %g",
			     m->res_name[r], need, have) < 0)
			s = NULL;
		ret = place_line_add(lines, n, s);
	}
	free(forced);
	return ret;
}

/*
 * Reasons a model cannot be solved that can be named; none found does not
 * make the model feasible (the capacities may still not pack).
 */
int place_explain(const struct place_model *m, char ***lines, int *n_lines)
{
	int k, e, r, ret = 0;

	*lines = NULL;
	*n_lines = 0;
	for (k = 0; k < m->n_items && !ret; k++) {
		bool any = m->reject;

		for (e = 0; e < m->n_bins && !any; e++)
			any = place_eligible(m, k, e);
		if (!any)
			ret = place_explain_item(m, k, lines, n_lines);
	}

	for (r = 0; r < m->n_res && !ret && !m->reject; r++)
		ret = place_explain_res(m, r, lines, n_lines);

	if (ret) {
		place_lines_free(*lines, *n_lines);
		*lines = NULL;
		*n_lines = 0;
	}
	return ret;
}
