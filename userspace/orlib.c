// SPDX-License-Identifier: GPL-2.0
/*
 * OR-Library GAP reader. Agents become servers ("agent0".."agentM-1") with
 * one resource, jobs become demands of service "job" by devices 0..n-1, so
 * the solver, checker and plan files treat them like any topology.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orlib.h"
#include "place.h"

/* Agents times jobs larger than this is not a GAP instance but a mistake. */
#define ORLIB_MAX_PAIRS	(1L << 24)

struct orlib_in {
	const char *name;
	const char *p;
	int line;
	char *err;
	size_t errlen;
};

static int orlib_next(struct orlib_in *in, const char *what, long min, long *out)
{
	char *end;

	while (isspace((unsigned char)*in->p)) {
		if (*in->p == '\n')
			in->line++;
		in->p++;
	}
	if (!*in->p) {
		snprintf(in->err, in->errlen, "%s:%d: %s: missing (file ends early)", in->name,
			 in->line, what);
		return -EINVAL;
	}

	errno = 0;
	*out = strtol(in->p, &end, 10);
	if (end == in->p || (*end && !isspace((unsigned char)*end)) || errno) {
		snprintf(in->err, in->errlen, "%s:%d: %s: not an integer", in->name, in->line,
			 what);
		return -EINVAL;
	}
	if (*out < min || *out > INT_MAX) {
		snprintf(in->err, in->errlen, "%s:%d: %s: must be in %ld..%d", in->name, in->line,
			 what, min, INT_MAX);
		return -EINVAL;
	}
	in->p = end;
	return 0;
}

static int orlib_names(struct place_model *m)
{
	int e, k;

	m->res_name[0] = strdup("capacity");
	if (!m->res_name[0])
		return -ENOMEM;
	for (e = 0; e < m->n_bins; e++)
		if (asprintf(&m->bin_name[e], "agent%d", e) < 0)
			return -ENOMEM;
	for (k = 0; k < m->n_items; k++) {
		m->item[k].device = k;
		m->item[k].service = strdup("job");
		if (!m->item[k].service || asprintf(&m->item[k].device_name, "job%d", k) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int orlib_body(struct orlib_in *in, struct place_model *m, bool maximize)
{
	int e, k, ret = 0;
	char what[64];
	long v;

	for (e = 0; e < m->n_bins && !ret; e++) {
		for (k = 0; k < m->n_items && !ret; k++) {
			snprintf(what, sizeof(what), "cost of agent %d job %d", e, k);
			ret = orlib_next(in, what, -INT_MAX, &v);
			m->cost[(size_t)k * m->n_bins + e] = maximize ? -(double)v : (double)v;
		}
	}
	for (e = 0; e < m->n_bins && !ret; e++) {
		for (k = 0; k < m->n_items && !ret; k++) {
			snprintf(what, sizeof(what), "resource of agent %d job %d", e, k);
			ret = orlib_next(in, what, 0, &v);
			m->use[(size_t)k * m->n_bins + e] = v;
		}
	}
	for (e = 0; e < m->n_bins && !ret; e++) {
		snprintf(what, sizeof(what), "capacity of agent %d", e);
		ret = orlib_next(in, what, 0, &v);
		m->cap[e] = v;
	}
	return ret;
}

int orlib_parse(const char *name, const char *text, bool maximize, struct place_model **out,
		char *err, size_t errlen)
{
	struct orlib_in in = { .name = name, .p = text, .line = 1, .err = err, .errlen = errlen };
	struct place_model *m;
	long agents, jobs;
	int ret;

	*out = NULL;
	ret = orlib_next(&in, "number of agents", 1, &agents);
	ret = ret ?: orlib_next(&in, "number of jobs", 0, &jobs);
	if (ret)
		return ret;
	if (agents * jobs > ORLIB_MAX_PAIRS) {
		snprintf(err, errlen, "%s: %ld agents x %ld jobs is too large", name, agents, jobs);
		return -EFBIG;
	}

	m = place_model_new(jobs, agents, 1);
	if (!m)
		return -ENOMEM;
	m->maximize = maximize;

	ret = orlib_names(m);
	if (ret)
		snprintf(err, errlen, "%s: out of memory", name);
	ret = ret ?: orlib_body(&in, m, maximize);
	if (!ret && in.p[strspn(in.p, " \t\r\n")]) {
		snprintf(err, errlen, "%s:%d: unexpected data after the capacities (one instance "
			 "per file)", name, in.line);
		ret = -EINVAL;
	}
	if (ret) {
		place_model_free(m);
		return ret;
	}

	place_model_finish(m);
	*out = m;
	return 0;
}

int orlib_load(const char *path, bool maximize, struct place_model **out, char *err,
	       size_t errlen)
{
	size_t len = 0, size = 0;
	char *text = NULL, *grown;
	FILE *f;
	int ret;

	f = fopen(path, "r");
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		return ret;
	}

	for (;;) {
		if (len + 1 >= size) {
			size = size ? 2 * size : 65536;
			grown = realloc(text, size);
			if (!grown) {
				free(text);
				fclose(f);
				snprintf(err, errlen, "%s: out of memory", path);
				return -ENOMEM;
			}
			text = grown;
		}
		ret = fread(text + len, 1, size - len - 1, f);
		len += ret;
		if (ret == 0)
			break;
	}
	text[len] = '\0';
	ret = ferror(f) ? -EIO : 0;
	fclose(f);

	if (ret)
		snprintf(err, errlen, "%s: read error", path);
	else
		ret = orlib_parse(path, text, maximize, out, err, errlen);
	free(text);
	return ret;
}
