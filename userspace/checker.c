// SPDX-License-Identifier: GPL-2.0
/*
 * Independent solution checker. It reads the model's raw data (costs,
 * uses, capacities, exclusions, current assignment, churn and reject
 * costs) and none of the solver's helpers, so a solver bug cannot hide
 * behind a shared one.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checker.h"
#include "place.h"

/* Relative slack for capacities: demands may be fractional. */
#define CHECKER_TOL	1e-7

static void __attribute__((format(printf, 2, 3)))
checker_note(struct checker_report *rep, const char *fmt, ...)
{
	va_list ap;

	if (!rep->violations++) {
		va_start(ap, fmt);
		vsnprintf(rep->first, sizeof(rep->first), fmt, ap);
		va_end(ap);
	}
	rep->feasible = false;
}

/* Cost of one item's assignment; NAN when the assignment is not allowed. */
static double checker_item(const struct place_model *m, int k, int e,
			   struct checker_report *rep)
{
	const struct place_item *it = &m->item[k];
	bool moved;
	double c;

	if (e == PLACE_REJECT) {
		if (!m->reject) {
			checker_note(rep, "demand %s/%u rejected, but the model has no reject",
				     it->service, it->device);
			return NAN;
		}
		rep->rejected++;
		c = m->reject_cost;
	} else if (e < 0 || e >= m->n_bins) {
		checker_note(rep, "demand %s/%u is not assigned", it->service, it->device);
		return NAN;
	} else if (m->excl[(size_t)k * m->n_bins + e] != PLACE_OK) {
		checker_note(rep, "demand %s/%u on %s, an excluded pair", it->service,
			     it->device, m->bin_name[e]);
		return NAN;
	} else {
		c = m->cost[(size_t)k * m->n_bins + e];
	}

	moved = m->current[k] >= 0 && e != m->current[k];
	if (moved) {
		rep->moved++;
		c += m->churn;
	}
	return c;
}

static void checker_capacity(const struct place_model *m, const int *assign,
			     struct checker_report *rep, double *load)
{
	int k, e, r;

	for (k = 0; k < m->n_items; k++) {
		e = assign[k];
		if (e < 0 || e >= m->n_bins)
			continue;
		for (r = 0; r < m->n_res; r++)
			load[e * m->n_res + r] += m->use[((size_t)k * m->n_bins + e) * m->n_res + r];
	}

	for (e = 0; e < m->n_bins; e++) {
		for (r = 0; r < m->n_res; r++) {
			double cap = m->cap[e * m->n_res + r], got = load[e * m->n_res + r];

			if (got > cap + CHECKER_TOL * fmax(1.0, fabs(cap)))
				checker_note(rep, "server %s over capacity in %s: %g > %g",
					     m->bin_name[e], m->res_name[r], got, cap);
		}
	}
}

/* 0 when assign is feasible; -EINVAL with rep->first set when not. */
int checker_verify(const struct place_model *m, const int *assign, struct checker_report *rep)
{
	double sum = 0.0, *load;
	int k;

	memset(rep, 0, sizeof(*rep));
	rep->feasible = true;
	load = calloc((size_t)m->n_bins * m->n_res, sizeof(*load));
	if (!load)
		return -ENOMEM;

	for (k = 0; k < m->n_items; k++)
		sum += checker_item(m, k, assign[k], rep);
	checker_capacity(m, assign, rep, load);
	free(load);

	rep->objective = m->maximize ? -sum : sum;
	return rep->feasible ? 0 : -EINVAL;
}
