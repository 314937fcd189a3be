// SPDX-License-Identifier: GPL-2.0
/*
 * Topology file parser (JSON through json-c). Every rejection names the file,
 * the path of the offending field and what is wrong with it, e.g.
 * "topology.json: servers[2].capacity.cpu: must be >= 0".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "place.h"
#include "topology.h"

#define TOPO_PATH_MAX	256
/* Names go into the kernel's tables: EDGEFLOW_NAME_MAX bytes with the NUL. */
#define TOPO_NAME_MAX	32
#define TOPO_FILE_MAX	(64 << 20)

struct topo_ctx {
	const char *file;
	char *err;
	size_t errlen;
	struct topology *t;
};

static int __attribute__((format(printf, 3, 4)))
topo_fail(struct topo_ctx *c, const char *path, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "%s: %s: %s", c->file, path, msg);
	return -EINVAL;
}

static const char *topo_type_name(enum json_type type)
{
	switch (type) {
	case json_type_object:
		return "an object";
	case json_type_array:
		return "an array";
	case json_type_string:
		return "a string";
	case json_type_int:
	case json_type_double:
		return "a number";
	case json_type_boolean:
		return "true or false";
	default:
		return "null";
	}
}

/* out = path + sep + tail, cut at TOPO_PATH_MAX; out may be path itself. */
static void topo_append(char *out, const char *path, const char *sep, const char *tail)
{
	size_t len = strnlen(path, TOPO_PATH_MAX - 1), add;

	memmove(out, path, len);
	add = strnlen(sep, TOPO_PATH_MAX - 1 - len);
	memcpy(out + len, sep, add);
	len += add;
	add = strnlen(tail, TOPO_PATH_MAX - 1 - len);
	memcpy(out + len, tail, add);
	out[len + add] = '\0';
}

static void topo_join(char *out, const char *path, const char *key)
{
	topo_append(out, path, path[0] ? "." : "", key);
}

static void topo_index(char *out, const char *path, int i)
{
	char num[16];

	snprintf(num, sizeof(num), "[%d]", i);
	topo_append(out, path, "", num);
}

/* Only the listed keys (and "comment") may appear in obj. */
static int topo_keys(struct topo_ctx *c, json_object *obj, const char *path,
		     const char *const *allowed)
{
	char sub[TOPO_PATH_MAX];

	json_object_object_foreach(obj, key, val) {
		const char *const *a;

		(void)val;
		for (a = allowed; *a && strcmp(*a, key); a++)
			;
		if (*a || !strcmp(key, "comment"))
			continue;
		topo_join(sub, path, key);
		return topo_fail(c, sub, "unknown field");
	}
	return 0;
}

/* Member key of obj, of the given type; *out NULL when absent and optional. */
static int topo_member(struct topo_ctx *c, json_object *obj, const char *path, const char *key,
		       enum json_type type, bool required, json_object **out)
{
	char sub[TOPO_PATH_MAX];
	json_object *v = NULL;
	enum json_type have;

	topo_join(sub, path, key);
	*out = NULL;
	if (!json_object_object_get_ex(obj, key, &v) || !v) {
		if (required)
			return topo_fail(c, sub, "missing");
		return 0;
	}

	have = json_object_get_type(v);
	if (type == json_type_double && have == json_type_int)
		have = json_type_double;
	if (have != type)
		return topo_fail(c, sub, "must be %s, not %s", topo_type_name(type),
				 topo_type_name(json_object_get_type(v)));
	*out = v;
	return 0;
}

static int topo_name(struct topo_ctx *c, json_object *obj, const char *path, const char *key,
		     bool required, char **out)
{
	char sub[TOPO_PATH_MAX];
	json_object *v;
	const char *s;
	int ret;

	ret = topo_member(c, obj, path, key, json_type_string, required, &v);
	if (ret || !v)
		return ret;

	topo_join(sub, path, key);
	s = json_object_get_string(v);
	if (!s[0])
		return topo_fail(c, sub, "must not be empty");
	if (strlen(s) >= TOPO_NAME_MAX)
		return topo_fail(c, sub, "longer than %d characters", TOPO_NAME_MAX - 1);

	*out = strdup(s);
	return *out ? 0 : -ENOMEM;
}

/* A number >= 0 at obj's member key (or obj itself when key is NULL). */
static int topo_amount(struct topo_ctx *c, json_object *v, const char *path, double *out)
{
	enum json_type type = json_object_get_type(v);

	if (type != json_type_int && type != json_type_double)
		return topo_fail(c, path, "must be a number, not %s", topo_type_name(type));

	*out = json_object_get_double(v);
	if (!isfinite(*out))
		return topo_fail(c, path, "must be a finite number");
	if (*out < 0)
		return topo_fail(c, path, "must be >= 0");
	return 0;
}

static int topo_integer(struct topo_ctx *c, json_object *obj, const char *path,
			const char *key, int64_t min, int64_t max, int64_t *out)
{
	char sub[TOPO_PATH_MAX];
	json_object *v;
	int ret;

	ret = topo_member(c, obj, path, key, json_type_int, true, &v);
	if (ret)
		return ret;

	topo_join(sub, path, key);
	errno = 0;
	*out = json_object_get_int64(v);
	if (errno || *out < min || *out > max)
		return topo_fail(c, sub, "must be an integer in %lld..%lld", (long long)min,
				 (long long)max);
	return 0;
}

static int topo_coords(struct topo_ctx *c, json_object *obj, const char *path, bool *has,
		       double *x, double *y)
{
	char sub[TOPO_PATH_MAX];
	json_object *v;
	int ret;

	ret = topo_member(c, obj, path, "coords", json_type_array, false, &v);
	if (ret || !v)
		return ret;

	topo_join(sub, path, "coords");
	if (json_object_array_length(v) != 2)
		return topo_fail(c, sub, "must be [x, y]");
	if (!json_object_is_type(json_object_array_get_idx(v, 0), json_type_double) &&
	    !json_object_is_type(json_object_array_get_idx(v, 0), json_type_int))
		return topo_fail(c, sub, "must be [x, y] numbers");
	if (!json_object_is_type(json_object_array_get_idx(v, 1), json_type_double) &&
	    !json_object_is_type(json_object_array_get_idx(v, 1), json_type_int))
		return topo_fail(c, sub, "must be [x, y] numbers");

	*x = json_object_get_double(json_object_array_get_idx(v, 0));
	*y = json_object_get_double(json_object_array_get_idx(v, 1));
	*has = true;
	return 0;
}

static int topo_find_res_in(const struct topology *t, int n, const char *name)
{
	int r;

	for (r = 0; r < n; r++)
		if (!strcmp(t->res[r], name))
			return r;
	return -1;
}

static int topo_find_res(const struct topology *t, const char *name)
{
	return topo_find_res_in(t, t->n_res, name);
}

int topo_find_server(const struct topology *t, const char *name)
{
	int i;

	for (i = 0; i < t->n_servers; i++)
		if (!strcmp(t->servers[i].name, name))
			return i;
	return -1;
}

int topo_find_service(const struct topology *t, const char *name)
{
	int i;

	for (i = 0; i < t->n_services; i++)
		if (!strcmp(t->services[i].name, name))
			return i;
	return -1;
}

int topo_find_device(const struct topology *t, uint32_t id)
{
	int i;

	for (i = 0; i < t->n_devices; i++)
		if (t->devices[i].id == id)
			return i;
	return -1;
}

static int topo_find_device_name(const struct topology *t, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(t->devices[i].name, name))
			return i;
	return -1;
}

/* A non-empty array member; its length goes to *n. */
static int topo_list(struct topo_ctx *c, json_object *root, const char *key, bool required,
		     bool nonempty, json_object **arr, int *n)
{
	int ret;

	ret = topo_member(c, root, "", key, json_type_array, required, arr);
	if (ret)
		return ret;

	*n = *arr ? (int)json_object_array_length(*arr) : 0;
	if (nonempty && *n == 0)
		return topo_fail(c, key, "must not be empty");
	return 0;
}

static int topo_resources(struct topo_ctx *c, json_object *root)
{
	struct topology *t = c->t;
	char sub[TOPO_PATH_MAX];
	json_object *arr;
	int i, ret;

	ret = topo_list(c, root, "resources", true, true, &arr, &t->n_res);
	if (ret)
		return ret;

	t->res = calloc(t->n_res, sizeof(*t->res));
	if (!t->res)
		return -ENOMEM;

	for (i = 0; i < t->n_res; i++) {
		json_object *v = json_object_array_get_idx(arr, i);

		topo_index(sub, "resources", i);
		if (!json_object_is_type(v, json_type_string) || !json_object_get_string(v)[0])
			return topo_fail(c, sub, "must be a non-empty string");
		if (topo_find_res_in(t, i, json_object_get_string(v)) >= 0)
			return topo_fail(c, sub, "duplicate resource \"%s\"",
					 json_object_get_string(v));
		t->res[i] = strdup(json_object_get_string(v));
		if (!t->res[i])
			return -ENOMEM;
	}
	return 0;
}

static int topo_mode_parse(struct topo_ctx *c, json_object *obj, const char *path,
			   enum topo_mode *mode)
{
	static const char *const names[] = { "forward", "aggregate", "both" };
	char sub[TOPO_PATH_MAX];
	json_object *v;
	unsigned int i;
	int ret;

	ret = topo_member(c, obj, path, "mode", json_type_string, true, &v);
	if (ret)
		return ret;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(json_object_get_string(v), names[i])) {
			*mode = i;
			return 0;
		}
	}
	topo_join(sub, path, "mode");
	return topo_fail(c, sub, "must be one of forward, aggregate, both");
}

const char *topo_mode_name(enum topo_mode mode)
{
	switch (mode) {
	case TOPO_MODE_FORWARD:
		return "forward";
	case TOPO_MODE_AGGREGATE:
		return "aggregate";
	case TOPO_MODE_BOTH:
		return "both";
	}
	return "unknown";
}

static int topo_service(struct topo_ctx *c, json_object *obj, const char *path, int i)
{
	static const char *const keys[] = { "name", "port", "mode", "latency_bound_ms", NULL };
	struct topo_service *s = &c->t->services[i];
	char sub[TOPO_PATH_MAX];
	json_object *v;
	int64_t port;
	int ret, j;

	if (!json_object_is_type(obj, json_type_object))
		return topo_fail(c, path, "must be an object");

	ret = topo_keys(c, obj, path, keys);
	ret = ret ?: topo_name(c, obj, path, "name", true, &s->name);
	ret = ret ?: topo_integer(c, obj, path, "port", 1, 65535, &port);
	ret = ret ?: topo_mode_parse(c, obj, path, &s->mode);
	ret = ret ?: topo_member(c, obj, path, "latency_bound_ms", json_type_double, false, &v);
	if (ret)
		return ret;

	s->port = port;
	topo_join(sub, path, "latency_bound_ms");
	if (v) {
		s->bound = json_object_get_double(v);
		if (!(s->bound > 0))
			return topo_fail(c, sub, "must be > 0");
	}

	for (j = 0; j < i; j++) {
		if (!strcmp(c->t->services[j].name, s->name)) {
			topo_join(sub, path, "name");
			return topo_fail(c, sub, "duplicate service \"%s\"", s->name);
		}
		if (c->t->services[j].port == s->port) {
			topo_join(sub, path, "port");
			return topo_fail(c, sub, "port %u already used by service \"%s\"",
					 s->port, c->t->services[j].name);
		}
	}
	return 0;
}

static int topo_address(struct topo_ctx *c, json_object *obj, const char *path,
			const char *key, int family, char **out)
{
	unsigned char buf[sizeof(struct in6_addr)];
	char sub[TOPO_PATH_MAX];
	json_object *v;
	int ret;

	ret = topo_member(c, obj, path, key, json_type_string, false, &v);
	if (ret || !v)
		return ret;

	topo_join(sub, path, key);
	if (inet_pton(family, json_object_get_string(v), buf) != 1)
		return topo_fail(c, sub, "not an %s address", family == AF_INET ? "IPv4" : "IPv6");

	*out = strdup(json_object_get_string(v));
	return *out ? 0 : -ENOMEM;
}

static int topo_capacity(struct topo_ctx *c, json_object *obj, const char *path,
			 struct topo_server *s)
{
	char sub[TOPO_PATH_MAX], res[TOPO_PATH_MAX];
	struct topology *t = c->t;
	json_object *cap, *v;
	int r, ret;

	ret = topo_member(c, obj, path, "capacity", json_type_object, true, &cap);
	if (ret)
		return ret;

	topo_join(sub, path, "capacity");
	json_object_object_foreach(cap, key, val) {
		(void)val;
		topo_join(res, sub, key);
		if (topo_find_res(t, key) < 0)
			return topo_fail(c, res, "unknown resource (not in resources)");
	}

	for (r = 0; r < t->n_res; r++) {
		topo_join(res, sub, t->res[r]);
		if (!json_object_object_get_ex(cap, t->res[r], &v))
			return topo_fail(c, res, "missing");
		ret = topo_amount(c, v, res, &s->cap[r]);
		if (ret)
			return ret;
	}
	return 0;
}

static int topo_offers(struct topo_ctx *c, json_object *obj, const char *path,
		       struct topo_server *s)
{
	char sub[TOPO_PATH_MAX];
	struct topology *t = c->t;
	json_object *arr;
	int i, n, j, ret;

	ret = topo_member(c, obj, path, "services", json_type_array, false, &arr);
	if (ret)
		return ret;

	for (j = 0; j < t->n_services; j++)
		s->offers[j] = !arr;

	n = arr ? (int)json_object_array_length(arr) : 0;
	for (i = 0; i < n; i++) {
		json_object *v = json_object_array_get_idx(arr, i);

		topo_join(sub, path, "services");
		topo_index(sub, sub, i);
		if (!json_object_is_type(v, json_type_string))
			return topo_fail(c, sub, "must be a service name");
		j = topo_find_service(t, json_object_get_string(v));
		if (j < 0)
			return topo_fail(c, sub, "unknown service \"%s\"",
					 json_object_get_string(v));
		s->offers[j] = true;
	}
	return 0;
}

static int topo_server(struct topo_ctx *c, json_object *obj, const char *path, int i)
{
	static const char *const keys[] = { "name", "address", "address6", "port", "capacity",
					    "services", "coords", NULL };
	struct topo_server *s = &c->t->servers[i];
	char sub[TOPO_PATH_MAX];
	int64_t port;
	int ret, j;

	if (!json_object_is_type(obj, json_type_object))
		return topo_fail(c, path, "must be an object");

	s->cap = calloc(c->t->n_res, sizeof(*s->cap));
	s->offers = calloc(c->t->n_services, sizeof(*s->offers));
	if (!s->cap || !s->offers)
		return -ENOMEM;

	ret = topo_keys(c, obj, path, keys);
	ret = ret ?: topo_name(c, obj, path, "name", true, &s->name);
	ret = ret ?: topo_address(c, obj, path, "address", AF_INET, &s->address);
	ret = ret ?: topo_address(c, obj, path, "address6", AF_INET6, &s->address6);
	ret = ret ?: topo_integer(c, obj, path, "port", 1, 65535, &port);
	ret = ret ?: topo_capacity(c, obj, path, s);
	ret = ret ?: topo_offers(c, obj, path, s);
	ret = ret ?: topo_coords(c, obj, path, &s->has_xy, &s->x, &s->y);
	if (ret)
		return ret;

	s->port = port;
	if (!s->address && !s->address6) {
		topo_join(sub, path, "address");
		return topo_fail(c, sub, "missing (give address, address6 or both)");
	}

	for (j = 0; j < i; j++) {
		if (!strcmp(c->t->servers[j].name, s->name)) {
			topo_join(sub, path, "name");
			return topo_fail(c, sub, "duplicate server \"%s\"", s->name);
		}
	}
	return 0;
}

static int topo_demand_of(struct topo_ctx *c, json_object *need, const char *path,
			  double *out)
{
	char sub[TOPO_PATH_MAX];
	int r, ret;

	if (!json_object_is_type(need, json_type_object))
		return topo_fail(c, path, "must be an object of resource amounts");

	json_object_object_foreach(need, key, val) {
		topo_join(sub, path, key);
		r = topo_find_res(c->t, key);
		if (r < 0)
			return topo_fail(c, sub, "unknown resource (not in resources)");
		ret = topo_amount(c, val, sub, &out[r]);
		if (ret)
			return ret;
	}
	return 0;
}

static int topo_demand(struct topo_ctx *c, json_object *obj, const char *path,
		       struct topo_device *d)
{
	char sub[TOPO_PATH_MAX], svc[TOPO_PATH_MAX];
	struct topology *t = c->t;
	json_object *dem;
	int j, ret;

	ret = topo_member(c, obj, path, "demand", json_type_object, true, &dem);
	if (ret)
		return ret;

	topo_join(sub, path, "demand");
	json_object_object_foreach(dem, key, val) {
		topo_join(svc, sub, key);
		j = topo_find_service(t, key);
		if (j < 0)
			return topo_fail(c, svc, "unknown service");
		d->uses[j] = true;
		ret = topo_demand_of(c, val, svc, &d->demand[j * t->n_res]);
		if (ret)
			return ret;
	}
	return 0;
}

static int topo_device(struct topo_ctx *c, json_object *obj, const char *path, int i)
{
	static const char *const keys[] = { "id", "name", "coords", "demand", NULL };
	struct topo_device *d = &c->t->devices[i];
	char sub[TOPO_PATH_MAX];
	int64_t id;
	int ret, j;

	if (!json_object_is_type(obj, json_type_object))
		return topo_fail(c, path, "must be an object");

	d->uses = calloc(c->t->n_services, sizeof(*d->uses));
	d->demand = calloc((size_t)c->t->n_services * c->t->n_res, sizeof(*d->demand));
	if (!d->uses || !d->demand)
		return -ENOMEM;

	ret = topo_keys(c, obj, path, keys);
	ret = ret ?: topo_integer(c, obj, path, "id", 0, UINT32_MAX, &id);
	ret = ret ?: topo_name(c, obj, path, "name", true, &d->name);
	ret = ret ?: topo_coords(c, obj, path, &d->has_xy, &d->x, &d->y);
	ret = ret ?: topo_demand(c, obj, path, d);
	if (ret)
		return ret;

	d->id = id;
	for (j = 0; j < i; j++) {
		if (c->t->devices[j].id == d->id) {
			topo_join(sub, path, "id");
			return topo_fail(c, sub, "duplicate device id %u", d->id);
		}
	}
	if (topo_find_device_name(c->t, i, d->name) >= 0) {
		topo_join(sub, path, "name");
		return topo_fail(c, sub, "duplicate device \"%s\"", d->name);
	}
	return 0;
}

/*
 * The four arrays: resources first, then services (servers name them),
 * servers and devices.
 */
static int topo_tables(struct topo_ctx *c, json_object *root)
{
	struct topology *t = c->t;
	json_object *arr;
	char sub[TOPO_PATH_MAX];
	int i, ret;

	ret = topo_resources(c, root);
	ret = ret ?: topo_list(c, root, "services", true, true, &arr, &t->n_services);
	if (ret)
		return ret;
	t->services = calloc(t->n_services, sizeof(*t->services));
	if (!t->services)
		return -ENOMEM;
	for (i = 0; i < t->n_services && !ret; i++) {
		topo_index(sub, "services", i);
		ret = topo_service(c, json_object_array_get_idx(arr, i), sub, i);
	}

	ret = ret ?: topo_list(c, root, "servers", true, true, &arr, &t->n_servers);
	if (ret)
		return ret;
	t->servers = calloc(t->n_servers, sizeof(*t->servers));
	if (!t->servers)
		return -ENOMEM;
	for (i = 0; i < t->n_servers && !ret; i++) {
		topo_index(sub, "servers", i);
		ret = topo_server(c, json_object_array_get_idx(arr, i), sub, i);
	}

	ret = ret ?: topo_list(c, root, "devices", true, false, &arr, &t->n_devices);
	if (ret)
		return ret;
	t->devices = calloc(t->n_devices + 1, sizeof(*t->devices));
	if (!t->devices)
		return -ENOMEM;
	for (i = 0; i < t->n_devices && !ret; i++) {
		topo_index(sub, "devices", i);
		ret = topo_device(c, json_object_array_get_idx(arr, i), sub, i);
	}
	return ret;
}

static int topo_matrix_row(struct topo_ctx *c, json_object *row, const char *path, int d)
{
	struct topology *t = c->t;
	char sub[TOPO_PATH_MAX];
	json_object *v;
	int e, ret;

	if (!json_object_is_type(row, json_type_object))
		return topo_fail(c, path, "must be an object of server: ms");

	json_object_object_foreach(row, key, val) {
		(void)val;
		topo_join(sub, path, key);
		if (topo_find_server(t, key) < 0)
			return topo_fail(c, sub, "unknown server");
	}

	for (e = 0; e < t->n_servers; e++) {
		topo_join(sub, path, t->servers[e].name);
		if (!json_object_object_get_ex(row, t->servers[e].name, &v))
			return topo_fail(c, sub, "missing");
		ret = topo_amount(c, v, sub, &t->latency[(size_t)d * t->n_servers + e]);
		if (ret)
			return ret;
	}
	return 0;
}

static int topo_matrix(struct topo_ctx *c, json_object *mat)
{
	struct topology *t = c->t;
	char sub[TOPO_PATH_MAX];
	json_object *row;
	int d, ret;

	json_object_object_foreach(mat, key, val) {
		(void)val;
		topo_join(sub, "latency.matrix", key);
		if (topo_find_device_name(t, t->n_devices, key) < 0)
			return topo_fail(c, sub, "unknown device");
	}

	for (d = 0; d < t->n_devices; d++) {
		topo_join(sub, "latency.matrix", t->devices[d].name);
		if (!json_object_object_get_ex(mat, t->devices[d].name, &row))
			return topo_fail(c, sub, "missing");
		ret = topo_matrix_row(c, row, sub, d);
		if (ret)
			return ret;
	}
	return 0;
}

/* Latency from planar coordinates: base_ms + ms_per_unit * distance. */
static int topo_from_coords(struct topo_ctx *c, json_object *geo)
{
	static const char *const keys[] = { "ms_per_unit", "base_ms", NULL };
	double per = 1.0, base = 0.0;
	struct topology *t = c->t;
	char sub[TOPO_PATH_MAX];
	json_object *v;
	int d, e, ret;

	ret = topo_keys(c, geo, "latency.coords", keys);
	ret = ret ?: topo_member(c, geo, "latency.coords", "ms_per_unit", json_type_double,
				 false, &v);
	ret = ret ?: (v ? topo_amount(c, v, "latency.coords.ms_per_unit", &per) : 0);
	ret = ret ?: topo_member(c, geo, "latency.coords", "base_ms", json_type_double, false,
				 &v);
	ret = ret ?: (v ? topo_amount(c, v, "latency.coords.base_ms", &base) : 0);
	if (ret)
		return ret;

	for (e = 0; e < t->n_servers; e++) {
		topo_index(sub, "servers", e);
		topo_join(sub, sub, "coords");
		if (!t->servers[e].has_xy)
			return topo_fail(c, sub, "missing (latency is derived from coordinates)");
	}
	for (d = 0; d < t->n_devices; d++) {
		const struct topo_device *dev = &t->devices[d];

		topo_index(sub, "devices", d);
		topo_join(sub, sub, "coords");
		if (!dev->has_xy)
			return topo_fail(c, sub, "missing (latency is derived from coordinates)");
		for (e = 0; e < t->n_servers; e++)
			t->latency[(size_t)d * t->n_servers + e] = base + per *
				hypot(dev->x - t->servers[e].x, dev->y - t->servers[e].y);
	}
	return 0;
}

static int topo_latency(struct topo_ctx *c, json_object *root)
{
	static const char *const keys[] = { "matrix", "coords", NULL };
	struct topology *t = c->t;
	json_object *lat, *mat, *geo;
	int ret;

	ret = topo_member(c, root, "", "latency", json_type_object, false, &lat);
	if (ret)
		return ret;
	if (!lat)
		return topo_fail(c, "latency", "missing (give a matrix or coordinates)");

	ret = topo_keys(c, lat, "latency", keys);
	ret = ret ?: topo_member(c, lat, "latency", "matrix", json_type_object, false, &mat);
	ret = ret ?: topo_member(c, lat, "latency", "coords", json_type_object, false, &geo);
	if (ret)
		return ret;
	if (!mat && !geo)
		return topo_fail(c, "latency", "missing (give a matrix or coordinates)");
	if (mat && geo)
		return topo_fail(c, "latency", "give either matrix or coords, not both");

	t->latency = calloc((size_t)t->n_devices * t->n_servers + 1, sizeof(*t->latency));
	if (!t->latency)
		return -ENOMEM;

	return mat ? topo_matrix(c, mat) : topo_from_coords(c, geo);
}

static int topo_pair_parse(struct topo_ctx *c, json_object *obj, const char *path,
			   bool need_service, struct topo_pair *p)
{
	static const char *const keys[] = { "service", "device", "server", NULL };
	char sub[TOPO_PATH_MAX], *svc = NULL, *srv = NULL;
	struct topology *t = c->t;
	int64_t id;
	int ret;

	if (!json_object_is_type(obj, json_type_object))
		return topo_fail(c, path, "must be an object");

	ret = topo_keys(c, obj, path, keys);
	ret = ret ?: topo_name(c, obj, path, "service", need_service, &svc);
	ret = ret ?: topo_integer(c, obj, path, "device", 0, UINT32_MAX, &id);
	ret = ret ?: topo_name(c, obj, path, "server", true, &srv);
	if (ret)
		goto out;

	p->service = svc ? topo_find_service(t, svc) : -1;
	p->device = topo_find_device(t, id);
	p->server = topo_find_server(t, srv);
	if (svc && p->service < 0) {
		topo_join(sub, path, "service");
		ret = topo_fail(c, sub, "unknown service \"%s\"", svc);
	} else if (p->device < 0) {
		topo_join(sub, path, "device");
		ret = topo_fail(c, sub, "unknown device %lld", (long long)id);
	} else if (p->server < 0) {
		topo_join(sub, path, "server");
		ret = topo_fail(c, sub, "unknown server \"%s\"", srv);
	}
out:
	free(svc);
	free(srv);
	return ret;
}

/* A pin must name a demand that exists, on a server that runs the service. */
static int topo_pin_check(struct topo_ctx *c, const char *path, int i)
{
	const struct topo_pair *p = &c->t->pins[i];
	const struct topology *t = c->t;
	char sub[TOPO_PATH_MAX];
	int j;

	if (!t->devices[p->device].uses[p->service]) {
		topo_join(sub, path, "device");
		return topo_fail(c, sub, "device %u has no demand for service \"%s\"",
				 t->devices[p->device].id, t->services[p->service].name);
	}
	if (!t->servers[p->server].offers[p->service]) {
		topo_join(sub, path, "server");
		return topo_fail(c, sub, "\"%s\" does not run service \"%s\"",
				 t->servers[p->server].name, t->services[p->service].name);
	}
	for (j = 0; j < i; j++) {
		if (t->pins[j].device == p->device && t->pins[j].service == p->service)
			return topo_fail(c, path, "demand already pinned by pins[%d]", j);
	}
	for (j = 0; j < t->n_forbid; j++) {
		const struct topo_pair *f = &t->forbid[j];

		if (f->device == p->device && f->server == p->server &&
		    (f->service < 0 || f->service == p->service))
			return topo_fail(c, path, "pins a pair that forbid[%d] forbids", j);
	}
	return 0;
}

static int topo_pairs(struct topo_ctx *c, json_object *root, const char *key,
		      struct topo_pair **out, int *n)
{
	char sub[TOPO_PATH_MAX];
	bool pins = !strcmp(key, "pins");
	json_object *arr;
	int i, ret;

	ret = topo_list(c, root, key, false, false, &arr, n);
	if (ret || !*n)
		return ret;

	*out = calloc(*n, sizeof(**out));
	if (!*out)
		return -ENOMEM;

	for (i = 0; i < *n && !ret; i++) {
		topo_index(sub, key, i);
		ret = topo_pair_parse(c, json_object_array_get_idx(arr, i), sub, pins, &(*out)[i]);
		if (!ret && pins)
			ret = topo_pin_check(c, sub, i);
	}
	return ret;
}

static int topo_objective(struct topo_ctx *c, json_object *root)
{
	static const char *const keys[] = { "weight", "reject", "reject_cost", "churn", NULL };
	struct topology *t = c->t;
	json_object *obj, *v;
	int ret;

	t->weight = -1;
	ret = topo_member(c, root, "", "objective", json_type_object, false, &obj);
	if (ret || !obj)
		return ret;

	ret = topo_keys(c, obj, "objective", keys);
	ret = ret ?: topo_member(c, obj, "objective", "weight", json_type_string, false, &v);
	if (ret)
		return ret;
	if (v) {
		t->weight = topo_find_res(t, json_object_get_string(v));
		if (t->weight < 0)
			return topo_fail(c, "objective.weight", "unknown resource \"%s\"",
					 json_object_get_string(v));
	}

	ret = topo_member(c, obj, "objective", "reject", json_type_boolean, false, &v);
	if (ret)
		return ret;
	t->reject = v && json_object_get_boolean(v);

	ret = topo_member(c, obj, "objective", "reject_cost", json_type_double, false, &v);
	ret = ret ?: (v ? topo_amount(c, v, "objective.reject_cost", &t->reject_cost) : 0);
	ret = ret ?: topo_member(c, obj, "objective", "churn", json_type_double, false, &v);
	ret = ret ?: (v ? topo_amount(c, v, "objective.churn", &t->churn) : 0);
	return ret;
}

static int topo_root(struct topo_ctx *c, json_object *root)
{
	static const char *const keys[] = { "resources", "servers", "services", "devices",
					    "latency", "pins", "forbid", "objective", NULL };
	struct topology *t = c->t;
	int ret;

	if (!json_object_is_type(root, json_type_object))
		return topo_fail(c, "(top level)", "must be an object");

	ret = topo_keys(c, root, "", keys);
	ret = ret ?: topo_tables(c, root);
	ret = ret ?: topo_latency(c, root);
	ret = ret ?: topo_pairs(c, root, "forbid", &t->forbid, &t->n_forbid);
	ret = ret ?: topo_pairs(c, root, "pins", &t->pins, &t->n_pins);
	ret = ret ?: topo_objective(c, root);
	return ret;
}

/* Line and column of a byte offset, for syntax errors. */
static void topo_position(const char *text, size_t off, int *line, int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static int topo_syntax(const char *name, const char *text, json_object **root, char *err,
		       size_t errlen)
{
	struct json_tokener *tok = json_tokener_new();
	enum json_tokener_error jerr;
	size_t len = strlen(text);
	int line, col;

	if (!tok)
		return -ENOMEM;

	*root = json_tokener_parse_ex(tok, text, len);
	jerr = json_tokener_get_error(tok);
	if (*root && json_tokener_get_parse_end(tok) < len &&
	    text[json_tokener_get_parse_end(tok) + strspn(text + json_tokener_get_parse_end(tok),
							  " \t\r\n")]) {
		json_object_put(*root);
		*root = NULL;
		jerr = json_tokener_error_parse_unexpected;
	}
	if (!*root) {
		if (jerr == json_tokener_continue || jerr == json_tokener_success)
			jerr = json_tokener_error_parse_eof;
		topo_position(text, json_tokener_get_parse_end(tok), &line, &col);
		snprintf(err, errlen, "%s:%d:%d: invalid JSON: %s", name, line, col,
			 json_tokener_error_desc(jerr));
		json_tokener_free(tok);
		return -EINVAL;
	}
	json_tokener_free(tok);
	return 0;
}

int topo_parse(const char *name, const char *text, struct topology **out, char *err,
	       size_t errlen)
{
	struct topo_ctx c = { .file = name, .err = err, .errlen = errlen };
	json_object *root;
	int ret;

	*out = NULL;
	ret = topo_syntax(name, text, &root, err, errlen);
	if (ret)
		return ret;

	c.t = calloc(1, sizeof(*c.t));
	if (!c.t) {
		json_object_put(root);
		return -ENOMEM;
	}

	ret = topo_root(&c, root);
	json_object_put(root);
	if (ret) {
		if (ret == -ENOMEM)
			snprintf(err, errlen, "%s: out of memory", name);
		topo_free(c.t);
		return ret;
	}
	*out = c.t;
	return 0;
}

static char *topo_slurp(const char *path, int *err)
{
	size_t len = 0, got;
	char *buf = NULL, *grown;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		*err = -errno;
		return NULL;
	}

	do {
		grown = len < TOPO_FILE_MAX ? realloc(buf, len + 65536 + 1) : NULL;
		if (!grown) {
			*err = len < TOPO_FILE_MAX ? -ENOMEM : -EFBIG;
			free(buf);
			fclose(f);
			return NULL;
		}
		buf = grown;
		got = fread(buf + len, 1, 65536, f);
		len += got;
	} while (got == 65536);

	*err = ferror(f) ? -EIO : 0;
	fclose(f);
	buf[len] = '\0';
	if (*err || memchr(buf, '\0', len)) {
		*err = *err ?: -EINVAL;
		free(buf);
		return NULL;
	}
	return buf;
}

int topo_load(const char *path, struct topology **out, char *err, size_t errlen)
{
	char *text;
	int ret;

	*out = NULL;
	text = topo_slurp(path, &ret);
	if (!text) {
		snprintf(err, errlen, "%s: %s", path,
			 ret == -EINVAL ? "contains a NUL byte" : strerror(-ret));
		return ret;
	}

	ret = topo_parse(path, text, out, err, errlen);
	free(text);
	return ret;
}

void topo_free(struct topology *t)
{
	int i;

	if (!t)
		return;

	for (i = 0; t->res && i < t->n_res; i++)
		free(t->res[i]);
	for (i = 0; t->servers && i < t->n_servers; i++) {
		free(t->servers[i].name);
		free(t->servers[i].address);
		free(t->servers[i].address6);
		free(t->servers[i].cap);
		free(t->servers[i].offers);
	}
	for (i = 0; t->services && i < t->n_services; i++)
		free(t->services[i].name);
	for (i = 0; t->devices && i < t->n_devices; i++) {
		free(t->devices[i].name);
		free(t->devices[i].uses);
		free(t->devices[i].demand);
	}
	free(t->res);
	free(t->servers);
	free(t->services);
	free(t->devices);
	free(t->latency);
	free(t->pins);
	free(t->forbid);
	free(t);
}

static int topo_count_items(const struct topology *t)
{
	int d, j, n = 0;

	for (d = 0; d < t->n_devices; d++)
		for (j = 0; j < t->n_services; j++)
			n += t->devices[d].uses[j];
	return n;
}

static bool topo_forbidden(const struct topology *t, int j, int d, int e)
{
	int i;

	for (i = 0; i < t->n_forbid; i++) {
		const struct topo_pair *f = &t->forbid[i];

		if (f->device == d && f->server == e && (f->service < 0 || f->service == j))
			return true;
	}
	return false;
}

static int topo_pinned(const struct topology *t, int j, int d)
{
	int i;

	for (i = 0; i < t->n_pins; i++)
		if (t->pins[i].device == d && t->pins[i].service == j)
			return t->pins[i].server;
	return PLACE_NONE;
}

static enum place_excl topo_excl(const struct topology *t, int j, int d, int e, int pin)
{
	double lat = t->latency[(size_t)d * t->n_servers + e];

	if (pin != PLACE_NONE && pin != e)
		return PLACE_X_PIN;
	if (!t->servers[e].offers[j])
		return PLACE_X_OFFER;
	if (topo_forbidden(t, j, d, e))
		return PLACE_X_FORBID;
	if (t->services[j].bound > 0 && lat > t->services[j].bound)
		return PLACE_X_LATENCY;
	return PLACE_OK;
}

/* One model item for device d's demand for service j. */
static int topo_item(const struct topology *t, struct place_model *m, int k, int j, int d)
{
	const struct topo_device *dev = &t->devices[d];
	const double *need = &dev->demand[j * t->n_res];
	double weight = t->weight >= 0 ? need[t->weight] : 1.0;
	struct place_item *it = &m->item[k];
	int e, r;

	it->service = strdup(t->services[j].name);
	it->device_name = strdup(dev->name);
	if (!it->service || !it->device_name)
		return -ENOMEM;
	it->device = dev->id;
	it->pinned = topo_pinned(t, j, d);

	for (e = 0; e < t->n_servers; e++) {
		size_t p = (size_t)k * m->n_bins + e;

		m->lat[p] = t->latency[(size_t)d * t->n_servers + e];
		m->cost[p] = m->lat[p] * weight;
		m->excl[p] = topo_excl(t, j, d, e, it->pinned);
		for (r = 0; r < t->n_res; r++)
			m->use[p * m->n_res + r] = need[r];
	}
	return 0;
}

static int topo_model_names(const struct topology *t, struct place_model *m)
{
	int e, r;

	for (e = 0; e < t->n_servers; e++) {
		m->bin_name[e] = strdup(t->servers[e].name);
		if (!m->bin_name[e])
			return -ENOMEM;
		for (r = 0; r < t->n_res; r++)
			m->cap[e * m->n_res + r] = t->servers[e].cap[r];
	}
	for (r = 0; r < t->n_res; r++) {
		m->res_name[r] = strdup(t->res[r]);
		if (!m->res_name[r])
			return -ENOMEM;
	}
	return 0;
}

/*
 * The placement model of a topology: one item per (device, service the
 * device lists a demand for), in device order then service order. The
 * caller sets churn and the current assignment, then calls
 * place_model_finish().
 */
struct place_model *topo_model(const struct topology *t)
{
	struct place_model *m;
	int d, j, k = 0, ret;

	m = place_model_new(topo_count_items(t), t->n_servers, t->n_res);
	if (!m)
		return NULL;

	m->lat = calloc((size_t)m->n_items * m->n_bins + 1, sizeof(*m->lat));
	ret = m->lat ? topo_model_names(t, m) : -ENOMEM;
	for (d = 0; d < t->n_devices && !ret; d++)
		for (j = 0; j < t->n_services && !ret; j++)
			if (t->devices[d].uses[j])
				ret = topo_item(t, m, k++, j, d);
	if (ret) {
		place_model_free(m);
		return NULL;
	}

	m->reject = t->reject;
	m->reject_cost = t->reject_cost;
	m->churn = t->churn;
	return m;
}
