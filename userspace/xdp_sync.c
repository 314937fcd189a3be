// SPDX-License-Identifier: GPL-2.0
/*
 * edgectl: mirror the module's configuration (servers, services with their
 * policies, steering entries) into the pinned XDP maps, so both datapaths
 * filter and steer alike. The module is the source of truth: what it does
 * not have is removed from the maps.
 *
 * Map keys follow the module's ids: a server's index in efx_servers is its
 * id, a service's efx_service.id is its id. Names (and a service's window)
 * are copied too, so the maps describe themselves: bpftool shows them, and
 * edgectl reads them back without the module. Entries are written before
 * stale ones are removed, so a datagram never finds its service without a
 * steering entry that the module has; the steering map is not swapped
 * atomically as a whole, unlike the module's plan commit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <netlink/genl/genl.h>
#include <linux/edgeflow.h>

#include "cfg.h"
#include "edgectl.h"
#include "nl.h"
#include "xdp.h"

struct sync_steer {
	struct efx_flow_key *keys;
	uint32_t *servers;
	size_t n, cap;
};

static int sync_steer_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];
	struct sync_steer *s = arg;
	struct cfg_steer st;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, EDGEFLOW_A_MAX, NULL) ||
	    !tb[EDGEFLOW_A_STEER] || cfg_steer_parse(tb[EDGEFLOW_A_STEER], &st))
		return -EBADMSG;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		void *k = realloc(s->keys, cap * sizeof(*s->keys));
		void *v;

		if (!k)
			return -ENOMEM;
		s->keys = k;
		v = realloc(s->servers, cap * sizeof(*s->servers));
		if (!v)
			return -ENOMEM;
		s->servers = v;
		s->cap = cap;
	}
	s->keys[s->n].service = st.service_id;
	s->keys[s->n].device = st.device;
	s->servers[s->n] = st.server_id;
	s->n++;
	return 0;
}

static int sync_key_cmp(const void *a, const void *b)
{
	const struct efx_flow_key *x = a, *y = b;

	if (x->service != y->service)
		return x->service < y->service ? -1 : 1;
	if (x->device != y->device)
		return x->device < y->device ? -1 : 1;
	return 0;
}

/* The module's policy of one kind, in the core's form, as the module has it. */
static void sync_kind(const struct cfg_policy *p, struct ef_kind_policy *kp)
{
	memset(kp, 0, sizeof(*kp));
	kp->min = EF_S32_MIN;
	kp->max = EF_S32_MAX;
	if (!p->set)
		return;
	if (p->has_min || p->has_max) {
		kp->flags |= EF_KP_RANGE;
		if (p->has_min)
			kp->min = p->min;
		if (p->has_max)
			kp->max = p->max;
	}
	if (p->has_step) {
		kp->flags |= EF_KP_STEP;
		kp->step = p->step;
		kp->step_reset = p->has_step_reset ? p->step_reset : 0;
	}
	if (p->has_deadband) {
		kp->flags |= EF_KP_DEADBAND;
		kp->deadband = p->deadband;
		kp->heartbeat_ns = p->has_heartbeat ? (uint64_t)p->heartbeat_ms * 1000000 : 0;
	}
}

static int sync_services(struct ectl_xdp *x, const struct cfg_service *svcs, int n,
			 const struct cfg_server *srvs, int n_srvs)
{
	uint16_t stale[EFX_MAX_SERVICES];
	__u32 key, next, *prev = NULL;
	int i, j, k, err, n_stale = 0;

	for (i = 0; i < n; i++) {
		const struct cfg_service *c = &svcs[i];
		struct efx_service s = { 0 };

		if (c->id >= EFX_MAX_SERVICES) {
			ectl_err("xdp sync: service %s has id %u, over the XDP maps' %u",
				 c->name, c->id, EFX_MAX_SERVICES);
			return -ERANGE;
		}
		s.id = c->id;
		snprintf(s.name, sizeof(s.name), "%s", c->name);
		s.window_ms = c->window_ms;
		s.mode = c->mode;
		s.flags = c->unknown == EDGEFLOW_UNKNOWN_PASS ? EFX_SVC_F_UNKNOWN_PASS : 0;
		s.rate = c->rate;
		s.burst = c->burst;
		for (j = 0; c->server[0] && j < n_srvs; j++) {
			if (!strcmp(srvs[j].name, c->server))
				s.default_server = srvs[j].id + 1;
		}
		for (k = 0; k <= EDGEFLOW_KIND_MAX; k++)
			sync_kind(&c->policy[k], &s.policy.kind[k]);
		s.policy.window_ns = c->mode & EDGEFLOW_MODE_AGGREGATE ?
				     (uint64_t)c->window_ms * 1000000 : 0;
		s.policy.idle_ns = (uint64_t)c->idle_ms * 1000000;
		err = ectl_xdp_service_put(x, c->port, &s);
		if (err)
			return err;
	}

	/* Remove services the module no longer has: collect, then delete. */
	while (!bpf_map_get_next_key(x->services_fd, prev, &next)) {
		bool keep = false;

		key = next;
		prev = &key;
		for (i = 0; i < n && !keep; i++)
			keep = svcs[i].port == key;
		if (!keep && n_stale < EFX_MAX_SERVICES)
			stale[n_stale++] = (uint16_t)key;
	}
	for (i = 0; i < n_stale; i++) {
		err = ectl_xdp_service_del(x, stale[i]);
		if (err)
			return err;
	}
	return 0;
}

static int sync_servers(struct ectl_xdp *x, const struct cfg_server *srvs, int n)
{
	bool present[EFX_MAX_SERVERS] = { false };
	struct efx_server zero = { 0 };
	uint32_t i;
	int j, err;

	for (j = 0; j < n; j++) {
		const struct cfg_server *c = &srvs[j];
		struct efx_server s = { 0 };

		if (c->id >= EFX_MAX_SERVERS) {
			ectl_err("xdp sync: server %s has id %u, over the XDP maps' %u",
				 c->name, c->id, EFX_MAX_SERVERS);
			return -ERANGE;
		}
		s.flags = EFX_SRV_F_PRESENT;
		snprintf(s.name, sizeof(s.name), "%s", c->name);
		if (c->has4) {
			s.flags |= EFX_SRV_F_ADDR4;
			memcpy(&s.addr4, &c->addr4, 4);
		}
		if (c->has6) {
			s.flags |= EFX_SRV_F_ADDR6;
			memcpy(s.addr6, &c->addr6, 16);
		}
		if (c->state == EDGEFLOW_SERVER_DRAIN)
			s.flags |= EFX_SRV_F_DRAIN;
		s.port = htons(c->port);
		err = ectl_xdp_server_put(x, c->id, &s);
		if (err)
			return err;
		present[c->id] = true;
	}
	for (i = 0; i < EFX_MAX_SERVERS; i++) {
		if (present[i])
			continue;
		err = ectl_xdp_server_put(x, i, &zero);
		if (err)
			return err;
	}
	return 0;
}

static int sync_steering(struct ectl_xdp *x, struct sync_steer *s)
{
	struct efx_flow_key key, next;
	struct efx_flow_key *stale = NULL;
	size_t i, n_stale = 0, cap = 0;
	void *prev = NULL;
	int err = 0;

	for (i = 0; i < s->n; i++) {
		err = ectl_xdp_steer_put(x, s->keys[i].service, s->keys[i].device,
					 s->servers[i]);
		if (err)
			return err;
	}

	qsort(s->keys, s->n, sizeof(*s->keys), sync_key_cmp);
	while (!bpf_map_get_next_key(x->steer_fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bsearch(&key, s->keys, s->n, sizeof(*s->keys), sync_key_cmp))
			continue;
		if (n_stale == cap) {
			void *p;

			cap = cap ? cap * 2 : 256;
			p = realloc(stale, cap * sizeof(*stale));
			if (!p) {
				free(stale);
				return -ENOMEM;
			}
			stale = p;
		}
		stale[n_stale++] = key;
	}
	for (i = 0; i < n_stale && !err; i++)
		err = ectl_xdp_steer_del(x, stale[i].service, stale[i].device);
	free(stale);
	return err;
}

int ectl_xdp_sync(void)
{
	struct sync_steer steer = { 0 };
	struct cfg_service *svcs = NULL;
	struct cfg_server *srvs = NULL;
	int n_svcs = 0, n_srvs = 0;
	struct ectl_xdp x;
	struct ectl_nl nl;
	struct nl_msg *msg;
	int err;

	err = ectl_xdp_open(&x, ectl_xdp_pin_dir());
	if (err) {
		ectl_err("xdp sync: the edgeflow XDP program is not loaded (no pins under %s)",
			 ectl_xdp_pin_dir());
		return err;
	}
	err = ectl_nl_open(&nl);
	if (err)
		goto out_xdp;

	err = cfg_server_dump(&nl, &srvs, &n_srvs);
	if (!err)
		err = cfg_service_dump(&nl, &svcs, &n_svcs);
	if (!err) {
		msg = ectl_nl_msg(&nl, EDGEFLOW_CMD_STEER_GET, true);
		err = msg ? ectl_nl_request(&nl, msg, sync_steer_cb, &steer) : -ENOMEM;
	}
	if (err) {
		ectl_nl_perror(&nl, "xdp sync: reading the module's configuration");
		goto out;
	}

	/* Servers first: services and entries refer to them. */
	err = sync_servers(&x, srvs, n_srvs);
	if (!err)
		err = sync_services(&x, svcs, n_svcs, srvs, n_srvs);
	if (!err)
		err = sync_steering(&x, &steer);
	if (err)
		ectl_err("xdp sync: writing the XDP maps: %s", strerror(-err));
	else
		ectl_info("xdp sync: %d servers, %d services, %zu steering entries",
			  n_srvs, n_svcs, steer.n);
out:
	free(steer.keys);
	free(steer.servers);
	free(srvs);
	free(svcs);
	ectl_nl_close(&nl);
out_xdp:
	ectl_xdp_close(&x);
	return err;
}
