/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Solution checker: feasibility and objective of an assignment recomputed
 * from the model's data, sharing no code with the solver.
 */
#ifndef EDGECTL_CHECKER_H
#define EDGECTL_CHECKER_H

#include <stdbool.h>

struct place_model;

struct checker_report {
	bool feasible;
	int violations;		/* how many were found */
	double objective;	/* recomputed, in the model's reported sense */
	int moved;		/* demands off their current server */
	int rejected;
	char first[256];	/* the first violation, for the message */
};

int checker_verify(const struct place_model *m, const int *assign, struct checker_report *rep);

#endif /* EDGECTL_CHECKER_H */
