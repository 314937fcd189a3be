/* SPDX-License-Identifier: GPL-2.0 */
/*
 * OR-Library generalized assignment instances (one per file): "m n", the
 * m x n cost matrix agent by agent, the m x n resource matrix, m capacities.
 */
#ifndef EDGECTL_ORLIB_H
#define EDGECTL_ORLIB_H

#include <stdbool.h>
#include <stddef.h>

struct place_model;

int orlib_load(const char *path, bool maximize, struct place_model **out, char *err,
	       size_t errlen);
int orlib_parse(const char *name, const char *text, bool maximize, struct place_model **out,
		char *err, size_t errlen);

#endif /* EDGECTL_ORLIB_H */
