// SPDX-License-Identifier: GPL-2.0
/*
 * Plan files: build one from a solved model, write it, read it back, turn
 * it into an assignment of a model (for --check and --current), print it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "place.h"
#include "plan.h"
#include "topology.h"

static char *plan_dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int plan_entries(struct ectl_plan *p, const struct place_model *m, const int *assign)
{
	int k;

	p->n_entries = m->n_items;
	p->entries = calloc(m->n_items + 1, sizeof(*p->entries));
	if (!p->entries)
		return -ENOMEM;

	for (k = 0; k < m->n_items; k++) {
		struct plan_entry *en = &p->entries[k];
		int e = assign[k];

		en->service = plan_dup(m->item[k].service);
		en->device = m->item[k].device;
		en->device_name = plan_dup(m->item[k].device_name);
		en->server = e >= 0 ? plan_dup(m->bin_name[e]) : NULL;
		en->latency = e >= 0 && m->lat ? m->lat[(size_t)k * m->n_bins + e] : NAN;
		if (!en->service || (e >= 0 && !en->server))
			return -ENOMEM;
	}
	return 0;
}

static int plan_loads(struct ectl_plan *p, const struct place_model *m, const int *assign)
{
	int k, e, r;

	p->n_loads = m->n_bins * m->n_res;
	p->loads = calloc(p->n_loads, sizeof(*p->loads));
	if (!p->loads)
		return -ENOMEM;

	for (e = 0; e < m->n_bins; e++) {
		for (r = 0; r < m->n_res; r++) {
			struct plan_load *l = &p->loads[e * m->n_res + r];

			l->server = plan_dup(m->bin_name[e]);
			l->resource = plan_dup(m->res_name[r]);
			l->capacity = m->cap[e * m->n_res + r];
			if (!l->server || !l->resource)
				return -ENOMEM;
		}
	}
	for (k = 0; k < m->n_items; k++) {
		e = assign[k];
		for (r = 0; e >= 0 && r < m->n_res; r++)
			p->loads[e * m->n_res + r].used +=
				m->use[((size_t)k * m->n_bins + e) * m->n_res + r];
	}
	return 0;
}

/* Servers and services a kernel needs to install the plan on its own. */
static int plan_tables(struct ectl_plan *p, const struct topology *t)
{
	int i;

	p->servers = calloc(t->n_servers, sizeof(*p->servers));
	p->services = calloc(t->n_services, sizeof(*p->services));
	if (!p->servers || !p->services)
		return -ENOMEM;

	p->n_servers = t->n_servers;
	for (i = 0; i < t->n_servers; i++) {
		p->servers[i].name = plan_dup(t->servers[i].name);
		p->servers[i].address = plan_dup(t->servers[i].address);
		p->servers[i].address6 = plan_dup(t->servers[i].address6);
		p->servers[i].port = t->servers[i].port;
		if (!p->servers[i].name)
			return -ENOMEM;
	}
	p->n_services = t->n_services;
	for (i = 0; i < t->n_services; i++) {
		p->services[i].name = plan_dup(t->services[i].name);
		p->services[i].port = t->services[i].port;
		p->services[i].mode = plan_dup(topo_mode_name(t->services[i].mode));
		if (!p->services[i].name || !p->services[i].mode)
			return -ENOMEM;
	}
	return 0;
}

/* t may be NULL (OR-Library instances have no servers to steer to). */
struct ectl_plan *plan_build(const struct place_model *m, const struct topology *t,
			     const struct place_result *res, const char *source)
{
	struct ectl_plan *p;
	int ret;

	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;

	p->source = plan_dup(source);
	p->status = plan_dup(place_status_name(res->status));
	p->solver = plan_dup(res->solver);
	p->objective = res->objective;
	p->bound = res->bound;
	p->gap = res->gap;
	p->seconds = res->seconds;
	p->time_limit_hit = res->time_limit_hit;
	p->moved = res->moved;
	p->rejected = res->rejected;

	ret = p->status && p->solver ? 0 : -ENOMEM;
	ret = ret ?: plan_entries(p, m, res->assign);
	ret = ret ?: plan_loads(p, m, res->assign);
	ret = ret ?: (t ? plan_tables(p, t) : 0);
	if (ret) {
		plan_free(p);
		return NULL;
	}
	return p;
}

void plan_free(struct ectl_plan *p)
{
	int i;

	if (!p)
		return;

	for (i = 0; p->entries && i < p->n_entries; i++) {
		free(p->entries[i].service);
		free(p->entries[i].device_name);
		free(p->entries[i].server);
	}
	for (i = 0; p->loads && i < p->n_loads; i++) {
		free(p->loads[i].server);
		free(p->loads[i].resource);
	}
	for (i = 0; p->servers && i < p->n_servers; i++) {
		free(p->servers[i].name);
		free(p->servers[i].address);
		free(p->servers[i].address6);
	}
	for (i = 0; p->services && i < p->n_services; i++) {
		free(p->services[i].name);
		free(p->services[i].mode);
	}
	free(p->entries);
	free(p->loads);
	free(p->servers);
	free(p->services);
	free(p->source);
	free(p->status);
	free(p->solver);
	free(p);
}

/* JSON has no infinity: an unknown bound or gap is null. */
static json_object *plan_num(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

static void plan_add(json_object *obj, const char *key, json_object *v)
{
	json_object_object_add(obj, key, v);
}

static json_object *plan_report_json(const struct ectl_plan *p)
{
	json_object *r = json_object_new_object();

	plan_add(r, "status", json_object_new_string(p->status));
	plan_add(r, "solver", json_object_new_string(p->solver));
	plan_add(r, "objective", plan_num(p->objective));
	plan_add(r, "bound", plan_num(p->bound));
	plan_add(r, "gap", plan_num(p->gap));
	plan_add(r, "seconds", plan_num(p->seconds));
	plan_add(r, "time_limit_hit", json_object_new_boolean(p->time_limit_hit));
	plan_add(r, "moved", json_object_new_int(p->moved));
	plan_add(r, "rejected", json_object_new_int(p->rejected));
	return r;
}

static json_object *plan_demand_json(const struct plan_entry *en)
{
	json_object *o = json_object_new_object();

	plan_add(o, "service", json_object_new_string(en->service));
	plan_add(o, "device", json_object_new_int64(en->device));
	if (en->device_name)
		plan_add(o, "device_name", json_object_new_string(en->device_name));
	if (en->server)
		plan_add(o, "server", json_object_new_string(en->server));
	if (en->server && isfinite(en->latency))
		plan_add(o, "latency_ms", json_object_new_double(en->latency));
	return o;
}

static void plan_entries_json(const struct ectl_plan *p, json_object *root)
{
	json_object *placed = json_object_new_array(), *rejected = json_object_new_array();
	int i;

	for (i = 0; i < p->n_entries; i++)
		json_object_array_add(p->entries[i].server ? placed : rejected,
				      plan_demand_json(&p->entries[i]));
	plan_add(root, "assignments", placed);
	plan_add(root, "rejected", rejected);
}

static json_object *plan_loads_json(const struct ectl_plan *p)
{
	json_object *arr = json_object_new_array();
	int i;

	for (i = 0; i < p->n_loads; i++) {
		json_object *o = json_object_new_object();

		plan_add(o, "server", json_object_new_string(p->loads[i].server));
		plan_add(o, "resource", json_object_new_string(p->loads[i].resource));
		plan_add(o, "used", json_object_new_double(p->loads[i].used));
		plan_add(o, "capacity", json_object_new_double(p->loads[i].capacity));
		json_object_array_add(arr, o);
	}
	return arr;
}

static json_object *plan_tables_json(const struct ectl_plan *p, bool servers)
{
	json_object *arr = json_object_new_array();
	int i;

	for (i = 0; servers && i < p->n_servers; i++) {
		json_object *o = json_object_new_object();

		plan_add(o, "name", json_object_new_string(p->servers[i].name));
		if (p->servers[i].address)
			plan_add(o, "address", json_object_new_string(p->servers[i].address));
		if (p->servers[i].address6)
			plan_add(o, "address6", json_object_new_string(p->servers[i].address6));
		plan_add(o, "port", json_object_new_int(p->servers[i].port));
		json_object_array_add(arr, o);
	}
	for (i = 0; !servers && i < p->n_services; i++) {
		json_object *o = json_object_new_object();

		plan_add(o, "name", json_object_new_string(p->services[i].name));
		plan_add(o, "port", json_object_new_int(p->services[i].port));
		plan_add(o, "mode", json_object_new_string(p->services[i].mode));
		json_object_array_add(arr, o);
	}
	return arr;
}

json_object *plan_to_json(const struct ectl_plan *p)
{
	json_object *root = json_object_new_object();

	plan_add(root, "edgeflow_plan", json_object_new_int(PLAN_FORMAT_VERSION));
	if (p->source)
		plan_add(root, "source", json_object_new_string(p->source));
	plan_add(root, "report", plan_report_json(p));
	plan_add(root, "servers", plan_tables_json(p, true));
	plan_add(root, "services", plan_tables_json(p, false));
	plan_entries_json(p, root);
	plan_add(root, "load", plan_loads_json(p));
	return root;
}

int plan_save(const struct ectl_plan *p, const char *path)
{
	json_object *root = plan_to_json(p);
	int ret;

	ret = json_object_to_file_ext(path, root, JSON_C_TO_STRING_PRETTY |
				      JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
	json_object_put(root);
	return ret ? -EIO : 0;
}

struct plan_in {
	const char *file;
	char *err;
	size_t errlen;
};

static int __attribute__((format(printf, 3, 4)))
plan_fail(struct plan_in *in, const char *path, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(in->err, in->errlen, "%s: %s: %s", in->file, path, msg);
	return -EINVAL;
}

static int plan_get_str(struct plan_in *in, json_object *o, const char *path, const char *key,
			bool required, char **out)
{
	json_object *v;

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v) || !v) {
		if (required)
			return plan_fail(in, path, "%s: missing", key);
		return 0;
	}
	if (!json_object_is_type(v, json_type_string))
		return plan_fail(in, path, "%s: must be a string", key);

	*out = strdup(json_object_get_string(v));
	return *out ? 0 : -ENOMEM;
}

static double plan_get_num(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return NAN;
	return json_object_get_double(v);
}

static int plan_read_entry(struct plan_in *in, json_object *o, const char *path, bool placed,
			   struct plan_entry *en)
{
	json_object *v;
	int64_t id;
	int ret;

	if (!json_object_is_type(o, json_type_object))
		return plan_fail(in, path, "must be an object");

	ret = plan_get_str(in, o, path, "service", true, &en->service);
	ret = ret ?: plan_get_str(in, o, path, "device_name", false, &en->device_name);
	ret = ret ?: plan_get_str(in, o, path, "server", placed, &en->server);
	if (ret)
		return ret;

	if (!json_object_object_get_ex(o, "device", &v) || !json_object_is_type(v, json_type_int))
		return plan_fail(in, path, "device: must be an integer");
	id = json_object_get_int64(v);
	if (id < 0 || id > UINT32_MAX)
		return plan_fail(in, path, "device: must be in 0..%u", UINT32_MAX);

	en->device = id;
	en->latency = plan_get_num(o, "latency_ms");
	return 0;
}

static int plan_read_entries(struct plan_in *in, json_object *root, struct ectl_plan *p)
{
	static const char *const keys[] = { "assignments", "rejected" };
	json_object *arr[2];
	char path[64];
	int i, l, n = 0, ret;

	for (l = 0; l < 2; l++) {
		if (!json_object_object_get_ex(root, keys[l], &arr[l]) ||
		    !json_object_is_type(arr[l], json_type_array))
			return plan_fail(in, keys[l], "missing or not an array");
		n += json_object_array_length(arr[l]);
	}

	p->entries = calloc(n + 1, sizeof(*p->entries));
	if (!p->entries)
		return -ENOMEM;

	for (l = 0; l < 2; l++) {
		for (i = 0; i < (int)json_object_array_length(arr[l]); i++) {
			snprintf(path, sizeof(path), "%s[%d]", keys[l], i);
			ret = plan_read_entry(in, json_object_array_get_idx(arr[l], i), path,
					      l == 0, &p->entries[p->n_entries++]);
			if (ret)
				return ret;
		}
	}
	return 0;
}

static int plan_read_report(struct plan_in *in, json_object *root, struct ectl_plan *p)
{
	json_object *rep, *v;
	int ret;

	if (!json_object_object_get_ex(root, "report", &rep) ||
	    !json_object_is_type(rep, json_type_object))
		return plan_fail(in, "report", "missing or not an object");

	ret = plan_get_str(in, rep, "report", "status", true, &p->status);
	ret = ret ?: plan_get_str(in, rep, "report", "solver", false, &p->solver);
	if (ret)
		return ret;

	p->objective = plan_get_num(rep, "objective");
	p->bound = plan_get_num(rep, "bound");
	p->gap = plan_get_num(rep, "gap");
	p->seconds = plan_get_num(rep, "seconds");
	if (json_object_object_get_ex(rep, "moved", &v))
		p->moved = json_object_get_int(v);
	if (json_object_object_get_ex(rep, "rejected", &v))
		p->rejected = json_object_get_int(v);
	return 0;
}

int plan_load(const char *path, struct ectl_plan **out, char *err, size_t errlen)
{
	struct plan_in in = { .file = path, .err = err, .errlen = errlen };
	struct ectl_plan *p;
	json_object *root, *v;
	int ret;

	*out = NULL;
	root = json_object_from_file(path);
	if (!root) {
		snprintf(err, errlen, "%s: cannot read a JSON plan: %s", path,
			 json_util_get_last_err() ?: "unknown error");
		return -EINVAL;
	}

	p = calloc(1, sizeof(*p));
	if (!p) {
		json_object_put(root);
		return -ENOMEM;
	}

	if (!json_object_object_get_ex(root, "edgeflow_plan", &v) ||
	    json_object_get_int(v) != PLAN_FORMAT_VERSION)
		ret = plan_fail(&in, "edgeflow_plan", "missing or not %d", PLAN_FORMAT_VERSION);
	else
		ret = plan_read_report(&in, root, p);
	ret = ret ?: plan_read_entries(&in, root, p);
	json_object_put(root);
	if (ret) {
		if (ret == -ENOMEM)
			snprintf(err, errlen, "%s: out of memory", path);
		plan_free(p);
		return ret;
	}
	*out = p;
	return 0;
}

static int plan_find_item(const struct place_model *m, const struct plan_entry *en)
{
	int k;

	for (k = 0; k < m->n_items; k++)
		if (m->item[k].device == en->device && !strcmp(m->item[k].service, en->service))
			return k;
	return -1;
}

static int plan_find_bin(const struct place_model *m, const char *name)
{
	int e;

	for (e = 0; e < m->n_bins; e++)
		if (!strcmp(m->bin_name[e], name))
			return e;
	return -1;
}

/*
 * The plan as an assignment of m's items. strict (checking a plan): every
 * entry must name a demand and a server of the model and every demand must
 * be there. Not strict (a current plan for churn): what the model no longer
 * has is skipped and missing demands stay PLACE_NONE.
 */
int plan_assignment(const struct ectl_plan *p, const struct place_model *m, bool strict,
		    int *assign, char *err, size_t errlen)
{
	int i, k, e;

	for (k = 0; k < m->n_items; k++)
		assign[k] = PLACE_NONE;

	for (i = 0; i < p->n_entries; i++) {
		const struct plan_entry *en = &p->entries[i];

		k = plan_find_item(m, en);
		e = en->server ? plan_find_bin(m, en->server) : PLACE_REJECT;
		if (strict && k < 0) {
			snprintf(err, errlen, "demand %s/%u: not in the model", en->service,
				 en->device);
			return -EINVAL;
		}
		if (strict && e == -1) {
			snprintf(err, errlen, "demand %s/%u: unknown server \"%s\"", en->service,
				 en->device, en->server);
			return -EINVAL;
		}
		if (k >= 0 && assign[k] != PLACE_NONE) {
			snprintf(err, errlen, "demand %s/%u: appears twice", en->service,
				 en->device);
			return -EINVAL;
		}
		if (k >= 0)
			assign[k] = e == -1 ? PLACE_NONE : e;
	}

	for (k = 0; strict && k < m->n_items; k++) {
		if (assign[k] == PLACE_NONE) {
			snprintf(err, errlen, "demand %s/%u: missing from the plan",
				 m->item[k].service, m->item[k].device);
			return -EINVAL;
		}
	}
	return 0;
}

static void plan_print_text(const struct ectl_plan *p)
{
	int i;

	printf("status %s solver %s objective %g bound %g gap %.4g%% time %.3fs%s\n", p->status,
	       p->solver ?: "-", p->objective, p->bound, 100.0 * p->gap, p->seconds,
	       p->time_limit_hit ? " (time limit)" : "");
	printf("moved %d rejected %d\n", p->moved, p->rejected);

	for (i = 0; i < p->n_entries; i++) {
		const struct plan_entry *en = &p->entries[i];

		printf("service %s device %u (%s) ", en->service, en->device,
		       en->device_name ?: "-");
		if (!en->server)
			printf("rejected\n");
		else if (isfinite(en->latency))
			printf("server %s latency %gms\n", en->server, en->latency);
		else
			printf("server %s\n", en->server);
	}

	for (i = 0; i < p->n_loads; i++)
		printf("load %s %s %g/%g\n", p->loads[i].server, p->loads[i].resource,
		       p->loads[i].used, p->loads[i].capacity);
}

void plan_print(const struct ectl_plan *p, bool json)
{
	json_object *root;

	if (!json) {
		plan_print_text(p);
		return;
	}

	root = plan_to_json(p);
	printf("%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
			JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
}
