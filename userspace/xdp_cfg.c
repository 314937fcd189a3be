// SPDX-License-Identifier: GPL-2.0
/*
 * edgectl: configuration of an XDP-only gateway. When the edgeflow module is
 * not loaded (kernels that cannot load modules) but the XDP program is, the
 * configuration objects program the pinned XDP maps directly. The maps
 * describe themselves (struct efx_server and efx_service carry their names),
 * so separate edgectl invocations resolve names from the maps alone.
 *
 * Validation follows the module: name rules, ranges, duplicate names and
 * ports, references (a server still used by steering entries or as a
 * service's default server, or a service with steering entries, cannot be
 * deleted). Ids follow the module too: the first free one from 1. What the
 * maps cannot hold is not kept: a server's capacities (placement takes them
 * from the topology) and counters other than the XDP program's.
 *
 * Each invocation holds a flock on the pin directory, so concurrent edgectl
 * runs do not allocate the same index. A plan is installed by writing its
 * entries, then removing stale ones: unlike the module's plan transaction,
 * the steering map is not switched atomically as a whole (each entry moves
 * atomically, from its old server to its new one).
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/file.h>
#include <bpf/bpf.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <linux/edgeflow.h>

#include "edgectl.h"
#include "cfg.h"
#include "out.h"
#include "plan.h"
#include "xdp.h"
#include "xdp_cfg.h"

#define XC_BATCH	4096

bool ectl_module_loaded(void)
{
	struct nl_sock *sk = nl_socket_alloc();
	int family = -1;

	if (!sk)
		return true;	/* cannot tell: let the module path report */
	if (!genl_connect(sk))
		family = genl_ctrl_resolve(sk, EDGEFLOW_GENL_NAME);
	nl_socket_free(sk);
	return family >= 0;
}

bool ectl_xdp_only(void)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", ectl_xdp_pin_dir(), ECTL_XDP_PROG_PIN);
	return !access(path, F_OK) && !ectl_module_loaded();
}

/* ---------------------------------------------------------------------- */
/* The maps, loaded                                                       */
/* ---------------------------------------------------------------------- */

struct xc {
	struct ectl_xdp x;
	int lock_fd;
	struct efx_server srv[EFX_MAX_SERVERS];
	int n_svc;
	uint16_t port[EFX_MAX_SERVICES];
	struct efx_service svc[EFX_MAX_SERVICES];
	/* steering entries, loaded on demand */
	bool steer_loaded;
	struct efx_flow_key *keys;
	uint32_t *vals;
	size_t n_steer;
};

static void xc_close(struct xc *c)
{
	ectl_xdp_close(&c->x);
	if (c->lock_fd >= 0)
		close(c->lock_fd);	/* drops the flock */
	free(c->keys);
	free(c->vals);
	free(c);
}

static int xc_load_services(struct xc *c)
{
	__u32 key, next, *prev = NULL;

	c->n_svc = 0;
	while (!bpf_map_get_next_key(c->x.services_fd, prev, &next)) {
		key = next;
		prev = &key;
		if (c->n_svc == EFX_MAX_SERVICES)
			break;
		if (bpf_map_lookup_elem(c->x.services_fd, &key, &c->svc[c->n_svc]))
			continue;	/* deleted meanwhile */
		c->port[c->n_svc++] = (uint16_t)key;
	}
	return 0;
}

static struct xc *xc_open(const char *obj, bool write)
{
	struct xc *c = calloc(1, sizeof(*c));
	__u32 i;
	int err;

	if (!c) {
		ectl_err("%s: out of memory", obj);
		return NULL;
	}
	c->lock_fd = -1;
	err = ectl_xdp_open(&c->x, ectl_xdp_pin_dir());
	if (err) {
		ectl_err("%s: the edgeflow XDP program is not loaded (no pins under %s): %s",
			 obj, ectl_xdp_pin_dir(), strerror(-err));
		free(c);
		return NULL;
	}
	c->lock_fd = open(ectl_xdp_pin_dir(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (c->lock_fd < 0 || flock(c->lock_fd, write ? LOCK_EX : LOCK_SH)) {
		ectl_err("%s: cannot lock %s: %s", obj, ectl_xdp_pin_dir(), strerror(errno));
		xc_close(c);
		return NULL;
	}
	for (i = 0; i < EFX_MAX_SERVERS; i++) {
		if (bpf_map_lookup_elem(c->x.servers_fd, &i, &c->srv[i])) {
			ectl_err("%s: reading the XDP server map: %s", obj, strerror(errno));
			xc_close(c);
			return NULL;
		}
		c->srv[i].name[EDGEFLOW_NAME_MAX - 1] = '\0';
	}
	xc_load_services(c);
	return c;
}

static bool xc_srv_present(const struct xc *c, uint32_t i)
{
	return i < EFX_MAX_SERVERS && (c->srv[i].flags & EFX_SRV_F_PRESENT);
}

static int xc_server_find(const struct xc *c, const char *name)
{
	int i;

	for (i = 1; i < EFX_MAX_SERVERS; i++)
		if (xc_srv_present(c, i) && !strcmp(c->srv[i].name, name))
			return i;
	return -1;
}

static int xc_service_find(const struct xc *c, const char *name)
{
	int i;

	for (i = 0; i < c->n_svc; i++)
		if (!strcmp(c->svc[i].name, name))
			return i;
	return -1;
}

static int xc_service_by_port(const struct xc *c, uint16_t port)
{
	int i;

	for (i = 0; i < c->n_svc; i++)
		if (c->port[i] == port)
			return i;
	return -1;
}

static int xc_service_by_id(const struct xc *c, uint32_t id)
{
	int i;

	for (i = 0; i < c->n_svc; i++)
		if (c->svc[i].id == id)
			return i;
	return -1;
}

static const char *xc_server_name(const struct xc *c, uint32_t i)
{
	return xc_srv_present(c, i) ? c->srv[i].name : "";
}

static const char *xc_service_name(const struct xc *c, uint32_t id)
{
	int i = xc_service_by_id(c, id);

	return i < 0 ? "" : c->svc[i].name;
}

/* Every steering entry, with batched lookups where the kernel has them. */
static int xc_steer_load(struct xc *c)
{
	size_t cap = 0;
	__u32 batch, count;
	void *in = NULL;
	int err;

	if (c->steer_loaded)
		return 0;
	c->n_steer = 0;
	for (;;) {
		if (c->n_steer + XC_BATCH > cap) {
			void *k, *v;

			cap = cap ? cap * 2 : 4 * XC_BATCH;
			k = realloc(c->keys, cap * sizeof(*c->keys));
			if (!k)
				return -ENOMEM;
			c->keys = k;
			v = realloc(c->vals, cap * sizeof(*c->vals));
			if (!v)
				return -ENOMEM;
			c->vals = v;
		}
		count = XC_BATCH;
		err = bpf_map_lookup_batch(c->x.steer_fd, in, &batch, c->keys + c->n_steer,
					   c->vals + c->n_steer, &count, NULL);
		if (err && errno != ENOENT)
			break;
		c->n_steer += count;
		if (err) {	/* ENOENT: the walk is complete */
			c->steer_loaded = true;
			return 0;
		}
		in = &batch;
	}
	if (in || (errno != EINVAL && errno != ENOTSUP && errno != EOPNOTSUPP))
		return -errno;

	/* No batch operations: one key at a time. */
	{
		struct efx_flow_key key, next;
		void *prev = NULL;

		c->n_steer = 0;
		while (!bpf_map_get_next_key(c->x.steer_fd, prev, &next)) {
			key = next;
			prev = &key;
			if (c->n_steer == cap) {
				void *k, *v;

				cap *= 2;
				k = realloc(c->keys, cap * sizeof(*c->keys));
				if (!k)
					return -ENOMEM;
				c->keys = k;
				v = realloc(c->vals, cap * sizeof(*c->vals));
				if (!v)
					return -ENOMEM;
				c->vals = v;
			}
			if (bpf_map_lookup_elem(c->x.steer_fd, &key, &c->vals[c->n_steer]))
				continue;
			c->keys[c->n_steer++] = key;
		}
	}
	c->steer_loaded = true;
	return 0;
}

/* Entries per server index and per service id. */
static int xc_refs(struct xc *c, uint32_t *srv_refs, uint32_t *svc_refs)
{
	size_t i;
	int err = xc_steer_load(c);

	if (err)
		return err;
	memset(srv_refs, 0, EFX_MAX_SERVERS * sizeof(*srv_refs));
	memset(svc_refs, 0, EFX_MAX_SERVICES * sizeof(*svc_refs));
	for (i = 0; i < c->n_steer; i++) {
		if (c->vals[i] < EFX_MAX_SERVERS)
			srv_refs[c->vals[i]]++;
		if (c->keys[i].service < EFX_MAX_SERVICES)
			svc_refs[c->keys[i].service]++;
	}
	return 0;
}

static int xc_steer_delete_keys(struct xc *c, const struct efx_flow_key *keys, size_t n)
{
	size_t i = 0;
	__u32 count;

	while (i < n) {
		count = (__u32)(n - i < XC_BATCH ? n - i : XC_BATCH);
		if (bpf_map_delete_batch(c->x.steer_fd, keys + i, &count, NULL)) {
			if (errno != EINVAL && errno != ENOTSUP && errno != EOPNOTSUPP &&
			    errno != ENOENT)
				return -errno;
			/* one at a time (and past keys already gone) */
			for (; i < n; i++) {
				int err = ectl_xdp_steer_del(&c->x, keys[i].service,
							     keys[i].device);
				if (err)
					return err;
			}
			return 0;
		}
		i += count;
	}
	return 0;
}

/* Forget the per-device filter state of a service that goes away, so a
 * service that later gets its id starts afresh (sequence numbers, rates). */
static void xc_devices_forget(struct xc *c, uint32_t id)
{
	struct efx_flow_key key, next, *stale = NULL;
	size_t n = 0, cap = 0, i;
	void *prev = NULL;

	while (!bpf_map_get_next_key(c->x.devices_fd, prev, &next)) {
		key = next;
		prev = &key;
		if (key.service != id)
			continue;
		if (n == cap) {
			void *p;

			cap = cap ? cap * 2 : 256;
			p = realloc(stale, cap * sizeof(*stale));
			if (!p)
				break;
			stale = p;
		}
		stale[n++] = key;
	}
	for (i = 0; i < n; i++)
		bpf_map_delete_elem(c->x.devices_fd, &stale[i]);
	free(stale);
}

/* ---------------------------------------------------------------------- */
/* Conversions and checks                                                 */
/* ---------------------------------------------------------------------- */

static int xc_name_check(const char *obj, const char *name)
{
	size_t i, len = strlen(name);

	if (!len) {
		ectl_err("%s: name is empty", obj);
		return -EINVAL;
	}
	if (len >= EDGEFLOW_NAME_MAX) {
		ectl_err("%s: name \"%s\" is longer than %d bytes", obj, name,
			 EDGEFLOW_NAME_MAX - 1);
		return -ERANGE;
	}
	for (i = 0; i < len; i++) {
		if (name[i] <= ' ' || name[i] > '~') {
			ectl_err("%s: name \"%s\" has a space or a character that is not printable ASCII",
				 obj, name);
			return -EINVAL;
		}
	}
	return 0;
}

static int xc_u32(const char *obj, const char *key, const char *s, uint32_t min, uint32_t max,
		  uint32_t *v)
{
	unsigned long long x;
	char *end;

	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || !*s || *end || *s == '-' || x < min || x > max) {
		ectl_err("%s: invalid %s \"%s\" (%u..%u)", obj, key, s, min, max);
		return -EINVAL;
	}
	*v = (uint32_t)x;
	return 0;
}

static void xc_server_cfg(const struct xc *c, uint32_t i, struct cfg_server *o,
			  uint32_t steer_refs)
{
	const struct efx_server *s = &c->srv[i];
	int k;

	memset(o, 0, sizeof(*o));
	o->id = i;
	snprintf(o->name, sizeof(o->name), "%s", s->name);
	o->has4 = s->flags & EFX_SRV_F_ADDR4;
	o->has6 = s->flags & EFX_SRV_F_ADDR6;
	memcpy(&o->addr4, &s->addr4, 4);
	memcpy(&o->addr6, s->addr6, 16);
	o->port = ntohs(s->port);
	o->state = s->flags & EFX_SRV_F_DRAIN ? EDGEFLOW_SERVER_DRAIN : EDGEFLOW_SERVER_UP;
	o->steer_refs = steer_refs;
	for (k = 0; k < c->n_svc; k++)
		o->service_refs += c->svc[k].default_server == i + 1;
}

static void xc_service_cfg(const struct xc *c, int k, struct cfg_service *o, uint32_t steer_refs)
{
	const struct efx_service *s = &c->svc[k];
	unsigned int kind;

	memset(o, 0, sizeof(*o));
	o->id = s->id;
	snprintf(o->name, sizeof(o->name), "%s", s->name);
	o->port = c->port[k];
	o->mode = s->mode;
	o->unknown = s->flags & EFX_SVC_F_UNKNOWN_PASS ? EDGEFLOW_UNKNOWN_PASS :
							 EDGEFLOW_UNKNOWN_DROP;
	o->window_ms = s->window_ms ? s->window_ms : (uint32_t)(s->policy.window_ns / 1000000);
	o->rate = s->rate;
	o->burst = s->burst;
	o->idle_ms = (uint32_t)(s->policy.idle_ns / 1000000);
	o->steer_refs = steer_refs;
	if (s->default_server)
		snprintf(o->server, sizeof(o->server), "%s",
			 xc_server_name(c, s->default_server - 1));
	for (kind = 0; kind <= EDGEFLOW_KIND_MAX; kind++) {
		const struct ef_kind_policy *kp = &s->policy.kind[kind];
		struct cfg_policy *p = &o->policy[kind];

		if (!(kp->flags & (EF_KP_RANGE | EF_KP_STEP | EF_KP_DEADBAND)))
			continue;
		p->set = true;
		if (kp->flags & EF_KP_RANGE) {
			p->has_min = p->has_max = true;
			p->min = kp->min;
			p->max = kp->max;
		}
		if (kp->flags & EF_KP_STEP) {
			p->has_step = true;
			p->step = kp->step;
			p->has_step_reset = kp->step_reset != 0;
			p->step_reset = kp->step_reset;
		}
		if (kp->flags & EF_KP_DEADBAND) {
			p->has_deadband = true;
			p->deadband = kp->deadband;
			p->has_heartbeat = kp->heartbeat_ns != 0;
			p->heartbeat_ms = (uint32_t)(kp->heartbeat_ns / 1000000);
		}
	}
}

/* A fresh service with the module's defaults. */
static void xc_service_init(struct efx_service *s, const char *name)
{
	int k;

	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->window_ms = EDGEFLOW_WINDOW_MS_DEFAULT;
	s->burst = EDGEFLOW_BURST_DEFAULT;
	for (k = 0; k <= EDGEFLOW_KIND_MAX; k++) {
		s->policy.kind[k].min = EF_S32_MIN;
		s->policy.kind[k].max = EF_S32_MAX;
	}
}

/* The derived fields, as the module computes them. */
static void xc_service_finish(struct efx_service *s, uint32_t idle_ms)
{
	s->policy.window_ns = s->mode & EFX_MODE_AGGREGATE ? (uint64_t)s->window_ms * 1000000 : 0;
	s->policy.idle_ns = (uint64_t)idle_ms * 1000000;
}

static uint32_t xc_idle_ms(const struct efx_service *s)
{
	return (uint32_t)(s->policy.idle_ns / 1000000);
}

static int xc_free_server(const struct xc *c, const char *obj)
{
	int i;

	for (i = 1; i < EFX_MAX_SERVERS; i++)
		if (!xc_srv_present(c, i))
			return i;
	ectl_err("%s: server table full (%d servers in the XDP maps)", obj, EFX_MAX_SERVERS - 1);
	return -ENOSPC;
}

static int xc_free_service_id(const struct xc *c, const char *obj)
{
	uint32_t id;

	for (id = 1; id < EFX_MAX_SERVICES; id++)
		if (xc_service_by_id(c, id) < 0)
			return (int)id;
	ectl_err("%s: service table full (%d services in the XDP maps)", obj,
		 EFX_MAX_SERVICES - 1);
	return -ENOSPC;
}

static int xc_write_err(const char *obj, int err)
{
	ectl_err("%s: writing the XDP maps: %s", obj, strerror(-err));
	return 1;
}

/* ---------------------------------------------------------------------- */
/* server                                                                 */
/* ---------------------------------------------------------------------- */

static int xc_caps_check(const char *obj, int argc, char **argv)
{
	char names[8][EDGEFLOW_RES_NAME_MAX];
	int i, j, n = 0;
	uint64_t v;

	for (i = 1; i + 1 < argc; i++) {
		const char *arg, *eq;
		size_t len;

		if (strcmp(argv[i], "cap"))
			continue;
		arg = argv[++i];
		eq = strchr(arg, '=');
		if (!eq || eq == arg) {
			ectl_err("%s: cap \"%s\" is not RES=N", obj, arg);
			return -EINVAL;
		}
		len = (size_t)(eq - arg);
		if (len >= EDGEFLOW_RES_NAME_MAX) {
			ectl_err("%s: resource name in \"%s\" longer than %d bytes", obj, arg,
				 EDGEFLOW_RES_NAME_MAX - 1);
			return -ERANGE;
		}
		for (j = 0; j < (int)len; j++) {
			if (arg[j] <= ' ' || arg[j] > '~') {
				ectl_err("%s: resource name in \"%s\" is not printable ASCII", obj,
					 arg);
				return -EINVAL;
			}
		}
		if (cli_u64(obj, "capacity", eq + 1, &v))
			return -EINVAL;
		if (n == 8) {
			ectl_err("%s: more than 8 resources", obj);
			return -E2BIG;
		}
		memcpy(names[n], arg, len);
		names[n][len] = '\0';
		for (j = 0; j < n; j++) {
			if (!strcmp(names[j], names[n])) {
				ectl_err("%s: resource %s given twice", obj, names[n]);
				return -EINVAL;
			}
		}
		n++;
	}
	if (n)
		ectl_warn("%s: capacities are not kept without the module (placement reads them from the topology)",
			  obj);
	return 0;
}

/* NAME [ options ] of add/set into @s; *changed says whether any was given. */
static int xc_server_opts(struct efx_server *s, int argc, char **argv, bool set, bool *changed,
			  bool *has_port)
{
	static const char *const obj = "server";
	struct in6_addr a6;
	struct in_addr a4;
	uint32_t v;
	int i, state;

	for (i = 1; i < argc; i++) {
		const char *key = argv[i];

		if (cli_next(obj, argc, argv, &i))
			return -EINVAL;
		*changed = true;
		if (!strcmp(key, "addr")) {
			if (set && !strcmp(argv[i], "none")) {
				s->flags &= (__u16)~EFX_SRV_F_ADDR4;
				s->addr4 = 0;
				continue;
			}
			if (inet_pton(AF_INET, argv[i], &a4) != 1) {
				ectl_err("server: invalid IPv4 address \"%s\"", argv[i]);
				return -EINVAL;
			}
			memcpy(&s->addr4, &a4, 4);
			s->flags |= EFX_SRV_F_ADDR4;
		} else if (!strcmp(key, "addr6")) {
			if (set && !strcmp(argv[i], "none")) {
				s->flags &= (__u16)~EFX_SRV_F_ADDR6;
				memset(s->addr6, 0, sizeof(s->addr6));
				continue;
			}
			if (inet_pton(AF_INET6, argv[i], &a6) != 1) {
				ectl_err("server: invalid IPv6 address \"%s\"", argv[i]);
				return -EINVAL;
			}
			memcpy(s->addr6, &a6, 16);
			s->flags |= EFX_SRV_F_ADDR6;
		} else if (!strcmp(key, "port")) {
			if (xc_u32(obj, "port", argv[i], 1, 65535, &v))
				return -EINVAL;
			s->port = htons((uint16_t)v);
			*has_port = true;
		} else if (!strcmp(key, "state")) {
			state = cfg_state_parse(argv[i]);
			if (state < 0) {
				ectl_err("server: state must be up or drain, not \"%s\"", argv[i]);
				return -EINVAL;
			}
			if (state == EDGEFLOW_SERVER_DRAIN)
				s->flags |= EFX_SRV_F_DRAIN;
			else
				s->flags &= (__u16)~EFX_SRV_F_DRAIN;
		} else if (strcmp(key, "cap")) {
			ectl_err("server: unknown option \"%s\"; try \"edgectl server help\"", key);
			return -EINVAL;
		}
	}
	return xc_caps_check(obj, argc, argv);
}

static int xc_server_change(const char *verb, int argc, char **argv)
{
	struct efx_server s = { 0 };
	bool changed = false, has_port = false;
	uint32_t *srv_refs = NULL, svc_refs[EFX_MAX_SERVICES];
	struct xc *c;
	int idx, ret = 1, k, n_def = 0, err;

	if (argc < 1) {
		ectl_err("server: missing NAME; try \"edgectl server help\"");
		return 1;
	}
	if (xc_name_check("server", argv[0]))
		return 1;
	if (!strcmp(verb, "del") && argc > 1) {
		ectl_err("server: del takes only NAME");
		return 1;
	}
	c = xc_open("server", true);
	if (!c)
		return 1;
	idx = xc_server_find(c, argv[0]);

	if (!strcmp(verb, "add")) {
		if (idx >= 0) {
			ectl_err("server: a server named \"%s\" exists", argv[0]);
			goto out;
		}
		s.flags = EFX_SRV_F_PRESENT;
		snprintf(s.name, sizeof(s.name), "%s", argv[0]);
		if (xc_server_opts(&s, argc, argv, false, &changed, &has_port))
			goto out;
		if (!has_port) {
			ectl_err("server: missing server port; try \"edgectl server help\"");
			goto out;
		}
		if (!(s.flags & (EFX_SRV_F_ADDR4 | EFX_SRV_F_ADDR6))) {
			ectl_err("server: server needs an IPv4 or an IPv6 address");
			goto out;
		}
		idx = xc_free_server(c, "server");
		if (idx < 0)
			goto out;
	} else {
		if (idx < 0) {
			ectl_err("server: no such server \"%s\"", argv[0]);
			goto out;
		}
		s = c->srv[idx];
	}

	if (!strcmp(verb, "set")) {
		if (xc_server_opts(&s, argc, argv, true, &changed, &has_port))
			goto out;
		if (!changed) {
			ectl_err("server: nothing to change");
			goto out;
		}
		if (!(s.flags & (EFX_SRV_F_ADDR4 | EFX_SRV_F_ADDR6))) {
			ectl_err("server: server needs an IPv4 or an IPv6 address");
			goto out;
		}
	} else if (!strcmp(verb, "del")) {
		srv_refs = calloc(EFX_MAX_SERVERS, sizeof(*srv_refs));
		err = srv_refs ? xc_refs(c, srv_refs, svc_refs) : -ENOMEM;
		if (err) {
			ectl_err("server: reading the steering map: %s", strerror(-err));
			goto out;
		}
		if (srv_refs[idx]) {
			ectl_err("server: server %s is used by %u steering entr%s", argv[0],
				 srv_refs[idx], srv_refs[idx] == 1 ? "y" : "ies");
			goto out;
		}
		for (k = 0; k < c->n_svc; k++)
			n_def += c->svc[k].default_server == (uint32_t)idx + 1;
		if (n_def) {
			ectl_err("server: server %s is the default server of %d service%s",
				 argv[0], n_def, n_def == 1 ? "" : "s");
			goto out;
		}
		memset(&s, 0, sizeof(s));
	}
	err = ectl_xdp_server_put(&c->x, (uint32_t)idx, &s);
	if (err)
		ret = xc_write_err("server", err);
	else
		ret = 0;
out:
	free(srv_refs);
	xc_close(c);
	return ret;
}

static int xc_server_show(int argc, char **argv)
{
	uint32_t *srv_refs, svc_refs[EFX_MAX_SERVICES];
	struct cfg_server o;
	struct xc *c;
	int i, one = -1, ret = 1, err;

	if (argc > 1) {
		ectl_err("server: show takes at most a NAME");
		return 1;
	}
	c = xc_open("server", false);
	if (!c)
		return 1;
	srv_refs = calloc(EFX_MAX_SERVERS, sizeof(*srv_refs));
	err = srv_refs ? xc_refs(c, srv_refs, svc_refs) : -ENOMEM;
	if (err) {
		ectl_err("server: reading the steering map: %s", strerror(-err));
		goto out;
	}
	if (argc == 1) {
		one = xc_server_find(c, argv[0]);
		if (one < 0) {
			ectl_err("server: no such server \"%s\"", argv[0]);
			goto out;
		}
	}
	out_begin();
	out_arr_open("servers");
	for (i = 1; i < EFX_MAX_SERVERS; i++) {
		if (!xc_srv_present(c, i) || (one >= 0 && i != one))
			continue;
		xc_server_cfg(c, (uint32_t)i, &o, srv_refs[i]);
		out_obj_open(NULL);
		cfg_server_print(&o);
		out_text("\n");
		out_obj_close();
	}
	out_arr_close();
	out_end();
	ret = 0;
out:
	free(srv_refs);
	xc_close(c);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* service                                                                */
/* ---------------------------------------------------------------------- */

enum {
	XC_HAS_PORT = 1 << 0,
	XC_HAS_MODE = 1 << 1,
};

static int xc_service_opts(const struct xc *c, struct efx_service *s, uint16_t *port,
			   uint32_t *idle_ms, int argc, char **argv, bool set, unsigned int *given)
{
	static const char *const obj = "service";
	uint32_t v;
	int i, e;

	for (i = 1; i < argc; i++) {
		const char *key = argv[i];

		if (cli_next(obj, argc, argv, &i))
			return -EINVAL;
		if (!strcmp(key, "port")) {
			if (xc_u32(obj, "port", argv[i], 1, 65535, &v))
				return -EINVAL;
			*port = (uint16_t)v;
			*given |= XC_HAS_PORT;
		} else if (!strcmp(key, "mode")) {
			e = cfg_mode_parse(argv[i]);
			if (e < 0) {
				ectl_err("service: mode must be forward, aggregate or both, not \"%s\"",
					 argv[i]);
				return -EINVAL;
			}
			s->mode = (__u8)e;
			*given |= XC_HAS_MODE;
		} else if (!strcmp(key, "unknown")) {
			e = cfg_unknown_parse(argv[i]);
			if (e < 0) {
				ectl_err("service: unknown must be drop or pass, not \"%s\"", argv[i]);
				return -EINVAL;
			}
			if (e == EDGEFLOW_UNKNOWN_PASS)
				s->flags |= EFX_SVC_F_UNKNOWN_PASS;
			else
				s->flags &= (__u8)~EFX_SVC_F_UNKNOWN_PASS;
		} else if (!strcmp(key, "window")) {
			if (xc_u32(obj, "window", argv[i], EDGEFLOW_WINDOW_MS_MIN,
				   EDGEFLOW_WINDOW_MS_MAX, &s->window_ms))
				return -EINVAL;
		} else if (!strcmp(key, "rate")) {
			if (xc_u32(obj, "rate", argv[i], 0, 1000000000, &s->rate))
				return -EINVAL;
		} else if (!strcmp(key, "burst")) {
			if (xc_u32(obj, "burst", argv[i], 1, UINT32_MAX, &s->burst))
				return -EINVAL;
		} else if (!strcmp(key, "idle")) {
			if (xc_u32(obj, "idle", argv[i], 0, EDGEFLOW_IDLE_MS_MAX, idle_ms))
				return -EINVAL;
		} else if (!strcmp(key, "server")) {
			if (set && !strcmp(argv[i], "none")) {
				s->default_server = 0;
			} else {
				int idx = xc_server_find(c, argv[i]);

				if (xc_name_check(obj, argv[i]))
					return -EINVAL;
				if (idx < 0) {
					ectl_err("service: no such server \"%s\"", argv[i]);
					return -ENOENT;
				}
				s->default_server = (uint32_t)idx + 1;
			}
		} else {
			ectl_err("service: unknown option \"%s\"; try \"edgectl service help\"",
				 key);
			return -EINVAL;
		}
		*given |= 1u << 8;	/* something to change */
	}
	return 0;
}

static int xc_service_put(struct xc *c, const char *obj, uint16_t port,
			  const struct efx_service *s)
{
	int err = ectl_xdp_service_put(&c->x, port, s);

	return err ? xc_write_err(obj, err) : 0;
}

static int xc_service_change(const char *verb, int argc, char **argv)
{
	uint32_t *svc_refs = NULL, idle_ms = 0;
	struct efx_service s;
	unsigned int given = 0;
	uint16_t port = 0, old_port = 0;
	struct xc *c;
	int k, other, id, ret = 1, err;

	if (argc < 1) {
		ectl_err("service: missing NAME; try \"edgectl service help\"");
		return 1;
	}
	if (xc_name_check("service", argv[0]))
		return 1;
	if (!strcmp(verb, "del") && argc > 1) {
		ectl_err("service: del takes only NAME");
		return 1;
	}
	c = xc_open("service", true);
	if (!c)
		return 1;
	k = xc_service_find(c, argv[0]);

	if (!strcmp(verb, "add")) {
		if (k >= 0) {
			ectl_err("service: a service named \"%s\" exists", argv[0]);
			goto out;
		}
		xc_service_init(&s, argv[0]);
		if (xc_service_opts(c, &s, &port, &idle_ms, argc, argv, false, &given))
			goto out;
		if (!(given & XC_HAS_PORT)) {
			ectl_err("service: missing service port; try \"edgectl service help\"");
			goto out;
		}
		if (!(given & XC_HAS_MODE)) {
			ectl_err("service: missing service mode; try \"edgectl service help\"");
			goto out;
		}
		other = xc_service_by_port(c, port);
		if (other >= 0) {
			ectl_err("service: port %u is used by service %s", port,
				 c->svc[other].name);
			goto out;
		}
		id = xc_free_service_id(c, "service");
		if (id < 0)
			goto out;
		s.id = (uint32_t)id;
		xc_service_finish(&s, idle_ms);
		/* A reused id starts without the state of the service before. */
		xc_devices_forget(c, s.id);
		ret = xc_service_put(c, "service", port, &s);
		goto out;
	}

	if (k < 0) {
		ectl_err("service: no such service \"%s\"", argv[0]);
		goto out;
	}
	s = c->svc[k];
	port = old_port = c->port[k];

	if (!strcmp(verb, "set")) {
		idle_ms = xc_idle_ms(&s);
		if (xc_service_opts(c, &s, &port, &idle_ms, argc, argv, true, &given))
			goto out;
		if (!given) {
			ectl_err("service: nothing to change");
			goto out;
		}
		other = xc_service_by_port(c, port);
		if (other >= 0 && other != k) {
			ectl_err("service: port %u is used by service %s", port,
				 c->svc[other].name);
			goto out;
		}
		xc_service_finish(&s, idle_ms);
		ret = xc_service_put(c, "service", port, &s);
		if (!ret && port != old_port) {
			err = ectl_xdp_service_del(&c->x, old_port);
			if (err)
				ret = xc_write_err("service", err);
		}
		goto out;
	}

	/* del */
	svc_refs = calloc(EFX_MAX_SERVICES + EFX_MAX_SERVERS, sizeof(*svc_refs));
	err = svc_refs ? xc_refs(c, svc_refs + EFX_MAX_SERVICES, svc_refs) : -ENOMEM;
	if (err) {
		ectl_err("service: reading the steering map: %s", strerror(-err));
		goto out;
	}
	if (s.id < EFX_MAX_SERVICES && svc_refs[s.id]) {
		ectl_err("service: service %s has %u steering entr%s", argv[0], svc_refs[s.id],
			 svc_refs[s.id] == 1 ? "y" : "ies");
		goto out;
	}
	err = ectl_xdp_service_del(&c->x, old_port);
	if (err) {
		ret = xc_write_err("service", err);
		goto out;
	}
	xc_devices_forget(c, s.id);
	ret = 0;
out:
	free(svc_refs);
	xc_close(c);
	return ret;
}

static int xc_service_show(const char *obj, int argc, char **argv, bool only_policy)
{
	uint32_t *refs = NULL;
	struct cfg_service o;
	struct xc *c;
	int k, one = -1, ret = 1, err;

	if (argc > 1) {
		ectl_err("%s: show takes at most a %s", obj, only_policy ? "SERVICE" : "NAME");
		return 1;
	}
	c = xc_open(obj, false);
	if (!c)
		return 1;
	if (argc == 1) {
		one = xc_service_find(c, argv[0]);
		if (one < 0) {
			ectl_err("%s: no such service \"%s\"", obj, argv[0]);
			goto out;
		}
	}
	refs = calloc(EFX_MAX_SERVICES + EFX_MAX_SERVERS, sizeof(*refs));
	err = !refs ? -ENOMEM : only_policy ? 0 : xc_refs(c, refs + EFX_MAX_SERVICES, refs);
	if (err) {
		ectl_err("%s: reading the steering map: %s", obj, strerror(-err));
		goto out;
	}
	out_begin();
	out_arr_open("services");
	/* In id order, as the module dumps them. */
	for (uint32_t id = 0; id < EFX_MAX_SERVICES; id++) {
		k = xc_service_by_id(c, id);
		if (k < 0 || (one >= 0 && k != one))
			continue;
		xc_service_cfg(c, k, &o, refs[id]);
		out_obj_open(NULL);
		if (only_policy) {
			out_str("service", NULL, o.name);
			cfg_policy_print(&o, true);
		} else {
			cfg_service_print(&o);
			out_text("\n");
		}
		out_obj_close();
	}
	out_arr_close();
	out_end();
	ret = 0;
out:
	free(refs);
	xc_close(c);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* policy                                                                 */
/* ---------------------------------------------------------------------- */

static int xc_policy_change(int argc, char **argv, bool del)
{
	static const char *const obj = "policy";
	static const char *const keys[] = {
		"min", "max", "step", "step-reset", "deadband", "heartbeat",
	};
	bool has[6] = { false };
	int32_t vmin = 0, vmax = 0;
	uint32_t u[6] = { 0 };
	struct ef_kind_policy kp;
	struct efx_service s;
	struct xc *c;
	int i, k, kind = -1, ret = 1;
	size_t j;

	if (argc < 1) {
		ectl_err("policy: missing SERVICE; try \"edgectl policy help\"");
		return 1;
	}
	for (i = 1; i < argc; i++) {
		const char *key = argv[i];

		if (cli_next(obj, argc, argv, &i))
			return 1;
		if (!strcmp(key, "kind")) {
			kind = cfg_kind_parse(argv[i]);
			if (kind < 0) {
				ectl_err("policy: unknown kind \"%s\"; try \"edgectl policy help\"",
					 argv[i]);
				return 1;
			}
			continue;
		}
		for (j = 0; j < sizeof(keys) / sizeof(keys[0]); j++)
			if (!strcmp(key, keys[j]))
				break;
		if (del || j == sizeof(keys) / sizeof(keys[0])) {
			ectl_err("policy: unknown option \"%s\"; try \"edgectl policy help\"", key);
			return 1;
		}
		has[j] = true;
		if (j == 0 && cli_s32(obj, key, argv[i], &vmin))
			return 1;
		if (j == 1 && cli_s32(obj, key, argv[i], &vmax))
			return 1;
		if (j == 2 || j == 3 || j == 4) {
			if (xc_u32(obj, key, argv[i], 1, UINT32_MAX, &u[j]))
				return 1;
		}
		if (j == 5 && xc_u32(obj, key, argv[i], 1, EDGEFLOW_HEARTBEAT_MS_MAX, &u[j]))
			return 1;
	}
	if (kind < 0) {
		ectl_err("policy: missing \"kind KIND\"; try \"edgectl policy help\"");
		return 1;
	}

	memset(&kp, 0, sizeof(kp));
	kp.min = EF_S32_MIN;
	kp.max = EF_S32_MAX;
	if (has[0] || has[1]) {
		kp.flags |= EF_KP_RANGE;
		if (has[0])
			kp.min = vmin;
		if (has[1])
			kp.max = vmax;
		if (kp.min > kp.max) {
			ectl_err("policy: policy max is below min");
			return 1;
		}
	}
	if (has[2]) {
		kp.flags |= EF_KP_STEP;
		kp.step = u[2];
	}
	if (has[3]) {
		if (!has[2]) {
			ectl_err("policy: step-reset needs step");
			return 1;
		}
		kp.step_reset = u[3];
	}
	if (has[4]) {
		kp.flags |= EF_KP_DEADBAND;
		kp.deadband = u[4];
	}
	if (has[5]) {
		if (!has[4]) {
			ectl_err("policy: heartbeat needs deadband");
			return 1;
		}
		kp.heartbeat_ns = (uint64_t)u[5] * 1000000;
	}

	c = xc_open(obj, true);
	if (!c)
		return 1;
	k = xc_service_find(c, argv[0]);
	if (k < 0) {
		ectl_err("policy: no such service \"%s\"", argv[0]);
		goto out;
	}
	s = c->svc[k];
	s.policy.kind[kind] = kp;
	ret = xc_service_put(c, obj, c->port[k], &s);
out:
	xc_close(c);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* steer                                                                  */
/* ---------------------------------------------------------------------- */

static int xc_key_cmp(const void *a, const void *b)
{
	const struct efx_flow_key *x = a, *y = b;

	if (x->service != y->service)
		return x->service < y->service ? -1 : 1;
	if (x->device != y->device)
		return x->device < y->device ? -1 : 1;
	return 0;
}

struct xc_entry {
	struct efx_flow_key key;
	uint32_t server;
};

static int xc_steer_show(struct xc *c, const struct cli_steer_args *a, uint32_t svc_id)
{
	struct xc_entry *v;
	struct cfg_steer st;
	size_t i, n = 0;
	int err;

	if (a->has_device) {
		struct efx_flow_key key = { .service = svc_id, .device = a->device };
		uint32_t srv;

		if (bpf_map_lookup_elem(c->x.steer_fd, &key, &srv)) {
			ectl_err("steer: no steering entry for device %u of service %s", a->device,
				 a->service);
			return 1;
		}
		memset(&st, 0, sizeof(st));
		st.service_id = svc_id;
		st.device = a->device;
		st.server_id = srv;
		snprintf(st.service, sizeof(st.service), "%s", a->service);
		snprintf(st.server, sizeof(st.server), "%s", xc_server_name(c, srv));
		out_begin();
		out_arr_open("steer");
		out_obj_open(NULL);
		cfg_steer_print(&st);
		out_text("\n");
		out_obj_close();
		out_arr_close();
		out_end();
		return 0;
	}

	err = xc_steer_load(c);
	if (err) {
		ectl_err("steer: reading the steering map: %s", strerror(-err));
		return 1;
	}
	v = calloc(c->n_steer + 1, sizeof(*v));
	if (!v) {
		ectl_err("steer: out of memory");
		return 1;
	}
	for (i = 0; i < c->n_steer; i++) {
		if (a->service && c->keys[i].service != svc_id)
			continue;
		v[n].key = c->keys[i];
		v[n++].server = c->vals[i];
	}
	qsort(v, n, sizeof(*v), xc_key_cmp);
	out_begin();
	out_arr_open("steer");
	for (i = 0; i < n; i++) {
		memset(&st, 0, sizeof(st));
		st.service_id = v[i].key.service;
		st.device = v[i].key.device;
		st.server_id = v[i].server;
		snprintf(st.service, sizeof(st.service), "%s", xc_service_name(c, st.service_id));
		snprintf(st.server, sizeof(st.server), "%s", xc_server_name(c, st.server_id));
		out_obj_open(NULL);
		cfg_steer_print(&st);
		out_text("\n");
		out_obj_close();
	}
	out_arr_close();
	out_end();
	free(v);
	return 0;
}

static int xc_steer(const char *verb, int argc, char **argv)
{
	struct cli_steer_args a;
	struct xc *c = NULL;
	uint32_t svc_id = 0;
	int k, srv, ret = 1, err;
	bool show = cli_is_show(verb);

	if (cli_steer_parse(argc, argv, &a))
		return 1;
	if (!strcmp(verb, "set")) {
		if (!a.service || !a.has_device || !a.server) {
			ectl_err("steer: set needs service, device and server");
			return 1;
		}
	} else if (!strcmp(verb, "del")) {
		if (!a.service || a.server) {
			ectl_err("steer: del needs a service (and a device), no server");
			return 1;
		}
	} else if (show) {
		if (a.server || (a.has_device && !a.service)) {
			ectl_err("steer: show takes a service, or a service and a device");
			return 1;
		}
	} else {
		ectl_err("steer: unknown command \"%s\"; try \"edgectl steer help\"", verb);
		return 1;
	}

	c = xc_open("steer", !show);
	if (!c)
		return 1;
	if (a.service) {
		k = xc_service_find(c, a.service);
		if (k < 0) {
			ectl_err("steer: no such service \"%s\"", a.service);
			goto out;
		}
		svc_id = c->svc[k].id;
	}

	if (show) {
		ret = xc_steer_show(c, &a, svc_id);
	} else if (!strcmp(verb, "set")) {
		srv = xc_server_find(c, a.server);
		if (srv < 0) {
			ectl_err("steer: no such server \"%s\"", a.server);
			goto out;
		}
		err = ectl_xdp_steer_put(&c->x, svc_id, a.device, (uint32_t)srv);
		if (err == -E2BIG || err == -ENOSPC)
			ectl_err("steer: steering table full (max_steer=%u)", EFX_MAX_STEER);
		else if (err)
			xc_write_err("steer", err);
		ret = err ? 1 : 0;
	} else if (a.has_device) {
		struct efx_flow_key key = { .service = svc_id, .device = a.device };

		if (bpf_map_delete_elem(c->x.steer_fd, &key)) {
			if (errno == ENOENT)
				ectl_err("steer: no steering entry for device %u of service %s",
					 a.device, a.service);
			else
				xc_write_err("steer", -errno);
			goto out;
		}
		ectl_info("steer: 1 entries removed");
		ret = 0;
	} else {
		struct efx_flow_key *del;
		size_t i, n = 0;

		err = xc_steer_load(c);
		del = err ? NULL : calloc(c->n_steer + 1, sizeof(*del));
		if (!del) {
			ectl_err("steer: reading the steering map: %s", strerror(err ? -err : ENOMEM));
			goto out;
		}
		for (i = 0; i < c->n_steer; i++)
			if (c->keys[i].service == svc_id)
				del[n++] = c->keys[i];
		err = xc_steer_delete_keys(c, del, n);
		free(del);
		if (err) {
			xc_write_err("steer", err);
			goto out;
		}
		ectl_info("steer: %zu entries removed", n);
		ret = 0;
	}
out:
	xc_close(c);
	return ret;
}

/* ---------------------------------------------------------------------- */
/* flush                                                                  */
/* ---------------------------------------------------------------------- */

static int xc_flush(int argc, char **argv)
{
	struct efx_server zero = { 0 };
	struct xc *c;
	size_t n;
	uint32_t i;
	int k, err;

	if (argc > 1) {
		ectl_err("flush: unexpected \"%s\"; try \"edgectl flush help\"", argv[1]);
		return 1;
	}
	c = xc_open("flush", true);
	if (!c)
		return 1;
	err = xc_steer_load(c);
	n = c->n_steer;
	if (!err)
		err = xc_steer_delete_keys(c, c->keys, c->n_steer);
	for (k = 0; !err && k < c->n_svc; k++) {
		err = ectl_xdp_service_del(&c->x, c->port[k]);
		xc_devices_forget(c, c->svc[k].id);
	}
	for (i = 0; !err && i < EFX_MAX_SERVERS; i++)
		if (c->srv[i].flags || c->srv[i].name[0])
			err = ectl_xdp_server_put(&c->x, i, &zero);
	xc_close(c);
	if (err)
		return xc_write_err("flush", err);
	out_begin();
	out_u64("entries", "flushed: %" PRIu64 " steering entries", n);
	out_text(" (XDP maps)\n");
	out_end();
	return 0;
}

/* ---------------------------------------------------------------------- */
/* plan                                                                   */
/* ---------------------------------------------------------------------- */

struct xc_plan_result {
	uint32_t entries, skipped, created, removed;
	double seconds;
};

static double xc_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Create the plan's servers and services the maps lack (in @c too). */
static int xc_plan_create(struct xc *c, const struct ectl_plan *p, uint32_t *created)
{
	struct in6_addr a6;
	struct in_addr a4;
	int i, idx, id, mode, err;

	for (i = 0; i < p->n_servers; i++) {
		const struct plan_server *ps = &p->servers[i];
		struct efx_server s = { .flags = EFX_SRV_F_PRESENT };

		if (xc_name_check("plan: server", ps->name))
			return -EINVAL;
		if (xc_server_find(c, ps->name) >= 0)
			continue;
		snprintf(s.name, sizeof(s.name), "%s", ps->name);
		if (ps->address && inet_pton(AF_INET, ps->address, &a4) == 1) {
			memcpy(&s.addr4, &a4, 4);
			s.flags |= EFX_SRV_F_ADDR4;
		}
		if (ps->address6 && inet_pton(AF_INET6, ps->address6, &a6) == 1) {
			memcpy(s.addr6, &a6, 16);
			s.flags |= EFX_SRV_F_ADDR6;
		}
		if (!(s.flags & (EFX_SRV_F_ADDR4 | EFX_SRV_F_ADDR6))) {
			ectl_err("plan: server %s needs an IPv4 or an IPv6 address", ps->name);
			return -EINVAL;
		}
		if (!ps->port) {
			ectl_err("plan: server %s needs a port (1..65535)", ps->name);
			return -EINVAL;
		}
		s.port = htons(ps->port);
		idx = xc_free_server(c, "plan");
		if (idx < 0)
			return idx;
		err = ectl_xdp_server_put(&c->x, (uint32_t)idx, &s);
		if (err)
			return err;
		c->srv[idx] = s;
		(*created)++;
	}

	for (i = 0; i < p->n_services; i++) {
		const struct plan_service *ps = &p->services[i];
		struct efx_service s;
		int other;

		if (xc_name_check("plan: service", ps->name))
			return -EINVAL;
		if (xc_service_find(c, ps->name) >= 0)
			continue;
		if (!ps->port) {
			ectl_err("plan: service %s needs a port (1..65535)", ps->name);
			return -EINVAL;
		}
		other = xc_service_by_port(c, ps->port);
		if (other >= 0) {
			ectl_err("plan: service %s: port %u is used by service %s", ps->name,
				 ps->port, c->svc[other].name);
			return -EEXIST;
		}
		mode = ps->mode ? cfg_mode_parse(ps->mode) : EDGEFLOW_MODE_FORWARD;
		xc_service_init(&s, ps->name);
		s.mode = (__u8)(mode < 0 ? EDGEFLOW_MODE_FORWARD : mode);
		id = xc_free_service_id(c, "plan");
		if (id < 0)
			return id;
		s.id = (uint32_t)id;
		xc_service_finish(&s, 0);
		xc_devices_forget(c, s.id);
		err = ectl_xdp_service_put(&c->x, ps->port, &s);
		if (err)
			return err;
		c->port[c->n_svc] = ps->port;
		c->svc[c->n_svc++] = s;
		(*created)++;
	}
	return 0;
}

static int xc_steer_write(struct xc *c, struct efx_flow_key *keys, uint32_t *vals, size_t n)
{
	size_t i = 0;
	__u32 count;
	int err;

	while (i < n) {
		count = (__u32)(n - i < XC_BATCH ? n - i : XC_BATCH);
		if (bpf_map_update_batch(c->x.steer_fd, keys + i, vals + i, &count, NULL)) {
			if (errno != EINVAL && errno != ENOTSUP && errno != EOPNOTSUPP)
				return -errno;
			for (; i < n; i++) {
				err = ectl_xdp_steer_put(&c->x, keys[i].service, keys[i].device,
							 vals[i]);
				if (err)
					return err;
			}
			return 0;
		}
		i += count;
	}
	return 0;
}

static int xc_plan_apply(const struct ectl_plan *p, struct xc_plan_result *res)
{
	struct xc_entry *v = NULL;
	struct efx_flow_key *keys = NULL, *stale = NULL;
	uint32_t *vals = NULL;
	size_t i, n = 0, n_stale = 0;
	struct xc *c;
	double t0;
	int err, k, srv;

	memset(res, 0, sizeof(*res));
	c = xc_open("plan", true);
	if (!c)
		return -ENOENT;
	err = xc_plan_create(c, p, &res->created);
	if (err) {
		if (err != -EINVAL && err != -EEXIST && err != -ENOSPC)
			xc_write_err("plan", err);
		goto out;
	}

	/* Resolve every entry first: nothing is written for a plan that fails. */
	v = calloc((size_t)p->n_entries + 1, sizeof(*v));
	if (!v) {
		err = -ENOMEM;
		ectl_err("plan: out of memory");
		goto out;
	}
	for (i = 0; i < (size_t)p->n_entries; i++) {
		const struct plan_entry *e = &p->entries[i];

		if (!e->server) {
			res->skipped++;
			continue;
		}
		k = xc_service_find(c, e->service);
		srv = xc_server_find(c, e->server);
		if (k < 0 || srv < 0) {
			ectl_err("plan: entry %zu (device %u): unknown %s \"%s\"", i, e->device,
				 k >= 0 ? "server" : "service", k >= 0 ? e->server : e->service);
			err = -ENOENT;
			goto out;
		}
		v[n].key.service = c->svc[k].id;
		v[n].key.device = e->device;
		v[n++].server = (uint32_t)srv;
	}
	if (n > EFX_MAX_STEER) {
		ectl_err("plan: plan exceeds the steering table limit (max_steer=%u)",
			 EFX_MAX_STEER);
		err = -ENOSPC;
		goto out;
	}
	qsort(v, n, sizeof(*v), xc_key_cmp);
	for (i = 1; i < n; i++) {
		if (!xc_key_cmp(&v[i - 1].key, &v[i].key)) {
			ectl_err("plan: device %u of service %s given twice", v[i].key.device,
				 xc_service_name(c, v[i].key.service));
			err = -EINVAL;
			goto out;
		}
	}

	keys = calloc(n + 1, sizeof(*keys));
	vals = calloc(n + 1, sizeof(*vals));
	if (!keys || !vals) {
		err = -ENOMEM;
		ectl_err("plan: out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		keys[i] = v[i].key;
		vals[i] = v[i].server;
	}

	t0 = xc_now();
	/* The entries first, so no device of the plan is ever without one. */
	err = xc_steer_write(c, keys, vals, n);
	if (err) {
		xc_write_err("plan", err);
		goto out;
	}
	res->entries = (uint32_t)n;
	/* Then what the plan does not have. */
	err = xc_steer_load(c);
	if (!err) {
		stale = calloc(c->n_steer + 1, sizeof(*stale));
		if (!stale)
			err = -ENOMEM;
	}
	for (i = 0; !err && i < c->n_steer; i++) {
		if (!bsearch(&c->keys[i], keys, n, sizeof(*keys), xc_key_cmp))
			stale[n_stale++] = c->keys[i];
	}
	if (!err)
		err = xc_steer_delete_keys(c, stale, n_stale);
	if (err) {
		xc_write_err("plan", err);
		goto out;
	}
	res->removed = (uint32_t)n_stale;
	res->seconds = xc_now() - t0;
out:
	free(v);
	free(keys);
	free(vals);
	free(stale);
	xc_close(c);
	return err;
}

int ectl_xdp_plan_apply(const struct ectl_plan *plan)
{
	struct xc_plan_result res;
	int err = xc_plan_apply(plan, &res);

	if (!err)
		ectl_info("plan installed in the XDP maps: %u entries, %u stale removed",
			  res.entries, res.removed);
	return err;
}

static int xc_plan_cmd(int argc, char **argv)
{
	struct ectl_plan *plan = NULL;
	struct xc_plan_result res;
	char err[256];

	if (strcmp(argv[1], "apply")) {
		ectl_err("plan: unknown command \"%s\"; try \"edgectl plan help\"", argv[1]);
		return 1;
	}
	if (argc != 3) {
		ectl_err("plan: apply needs exactly one FILE; try \"edgectl plan help\"");
		return 1;
	}
	if (plan_load(argv[2], &plan, err, sizeof(err))) {
		ectl_err("plan: %s", err);
		return 1;
	}
	if (xc_plan_apply(plan, &res)) {
		plan_free(plan);
		return 1;
	}
	plan_free(plan);

	out_begin();
	out_u64("entries", "plan installed: %" PRIu64 " entries", res.entries);
	out_u64("skipped", " (%" PRIu64 " rejected by the solver skipped)", res.skipped);
	out_u64("created", ", %" PRIu64 " servers/services created", res.created);
	out_u64("removed", ", %" PRIu64 " stale entries removed", res.removed);
	out_str("target", NULL, "xdp");
	out_text(", into the XDP maps (not swapped atomically)");
	out_dbl("seconds", " in %.3f s\n", res.seconds);
	out_end();
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Entry points                                                           */
/* ---------------------------------------------------------------------- */

int ectl_xdp_cfg_cmd(int argc, char **argv)
{
	const char *obj = argv[0];
	const char *verb = argc > 1 ? argv[1] : "show";
	int sub_argc = argc - (argc > 1 ? 2 : 1);
	char **sub_argv = argv + 2;

	ectl_dbg("%s: XDP-only: programming the maps under %s", obj, ectl_xdp_pin_dir());
	if (!strcmp(obj, "flush"))
		return xc_flush(argc, argv);
	if (!strcmp(obj, "plan")) {
		if (argc < 2) {
			ectl_err("plan: missing command; try \"edgectl plan help\"");
			return 1;
		}
		return xc_plan_cmd(argc, argv);
	}
	if (!strcmp(obj, "steer"))
		return xc_steer(verb, sub_argc, sub_argv);
	if (!strcmp(obj, "server")) {
		if (!strcmp(verb, "add") || !strcmp(verb, "set") || !strcmp(verb, "del"))
			return xc_server_change(verb, sub_argc, sub_argv);
		if (cli_is_show(verb))
			return xc_server_show(sub_argc, sub_argv);
	} else if (!strcmp(obj, "service")) {
		if (!strcmp(verb, "add") || !strcmp(verb, "set") || !strcmp(verb, "del"))
			return xc_service_change(verb, sub_argc, sub_argv);
		if (cli_is_show(verb))
			return xc_service_show(obj, sub_argc, sub_argv, false);
	} else if (!strcmp(obj, "policy")) {
		if (!strcmp(verb, "set") || !strcmp(verb, "del"))
			return xc_policy_change(sub_argc, sub_argv, !strcmp(verb, "del"));
		if (cli_is_show(verb))
			return xc_service_show(obj, sub_argc, sub_argv, true);
	} else {
		ectl_err("%s: not a configuration object", obj);
		return 1;
	}
	ectl_err("%s: unknown command \"%s\"; try \"edgectl %s help\"", obj, verb, obj);
	return 1;
}

void ectl_xdp_cfg_help(const char *obj)
{
	const char *note = NULL;

	if (!strcmp(obj, "server"))
		note = "       Without the module, with the XDP program loaded (XDP-only gateway),\n"
		       "       these commands program the XDP maps; capacities are then checked\n"
		       "       but not kept (placement reads them from the topology).\n";
	else if (!strcmp(obj, "service") || !strcmp(obj, "policy") || !strcmp(obj, "steer"))
		note = "       Without the module, with the XDP program loaded (XDP-only gateway),\n"
		       "       these commands program the XDP maps directly.\n";
	else if (!strcmp(obj, "plan"))
		note = "       Without the module, with the XDP program loaded (XDP-only gateway),\n"
		       "       the entries are written into the XDP maps, then stale ones removed:\n"
		       "       each entry switches atomically, the table as a whole does not.\n";
	else if (!strcmp(obj, "flush"))
		note = "       Without the module, with the XDP program loaded (XDP-only gateway),\n"
		       "       empties the XDP maps (servers, services, steering, device state).\n";
	if (note)
		fputs(note, stdout);
}
