// SPDX-License-Identifier: GPL-2.0
/*
 * edgectl agent: the gateway's long-running collector.
 *
 *  - follows the module's "config" group and mirrors each change into the
 *    XDP maps (when the XDP program is loaded);
 *  - collects completed windows from the module (kept there until deleted)
 *    and from the XDP maps, merges the two datapaths' windows of the same
 *    stream and period, and exports them: JSON lines (upstream sync), a
 *    window-summary datagram to the stream's assigned server for services
 *    in aggregate or both mode, and a Prometheus textfile;
 *  - deletes a window at its source only after it was exported, so a
 *    restart loses nothing that was not exported;
 *  - survives the module being reloaded (reconnects and says so), and
 *    stops cleanly on SIGINT/SIGTERM after a last collection.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <linux/edgeflow.h>
#include <edgeflow/wire.h>
#include <edgeflow/window.h>

#include "agg.h"
#include "cfg.h"
#include "edgectl.h"
#include "nl.h"
#include "xdp.h"

static volatile sig_atomic_t agent_stop;

static void agent_signal(int sig)
{
	(void)sig;
	agent_stop = 1;
}

struct agent_opts {
	const char *json;	/* JSON lines file, "-" stdout, NULL none */
	const char *prom;	/* Prometheus textfile, NULL none */
	bool summaries;		/* send summary datagrams to servers */
	bool xdp_sync;		/* mirror config into the XDP maps */
	unsigned int interval_ms;
};

/* One exported window and where it came from. */
struct agent_win {
	struct agg_window w;
	unsigned int sources;	/* 1 module, 2 XDP */
};

struct agent {
	struct agent_opts o;
	struct ectl_nl nl;	/* requests */
	struct nl_sock *mc;	/* multicast: config and events */
	bool connected;
	FILE *json;
	int udp4, udp6;
	struct cfg_service *svcs;
	int n_svcs;
	struct cfg_server *srvs;
	int n_srvs;
	bool config_dirty;
	uint32_t sum_seq;	/* the gateway's own summary sequence */
	uint64_t exported, exported_module, exported_xdp, summaries_sent;
	struct agent_win *wins;
	size_t n_wins, cap_wins;
};

static void agent_usage(FILE *f)
{
	fprintf(f,
		"Usage: edgectl agent [ json { FILE | - } ] [ prom FILE ] [ summaries { on | off } ]\n"
		"                     [ xdp-sync { on | off } ] [ interval MS ]\n"
		"Where: json FILE  append each completed window as a JSON line (- for stdout)\n"
		"       prom FILE  rewrite a Prometheus textfile (node_exporter's textfile\n"
		"                  collector) with counters and drops per reason\n"
		"       summaries  send window-summary datagrams to each stream's server for\n"
		"                  services in aggregate or both mode (default on)\n"
		"       xdp-sync   mirror module configuration changes into the XDP maps\n"
		"                  when the XDP program is loaded (default on)\n"
		"       interval   collection period, 50..60000 ms (default 500)\n"
		"Windows are deleted at the module and in the XDP maps only once exported.\n"
		"SIGINT or SIGTERM stops the agent after a last collection.\n");
}

static int agent_args(int argc, char **argv, struct agent_opts *o)
{
	int i;

	o->summaries = true;
	o->xdp_sync = true;
	o->interval_ms = 500;
	for (i = 1; i < argc; i += 2) {
		if (i + 1 >= argc) {
			ectl_err("agent: \"%s\" needs a value; try \"edgectl agent help\"", argv[i]);
			return -EINVAL;
		}
		if (!strcmp(argv[i], "json")) {
			o->json = argv[i + 1];
		} else if (!strcmp(argv[i], "prom")) {
			o->prom = argv[i + 1];
		} else if (!strcmp(argv[i], "summaries") || !strcmp(argv[i], "xdp-sync")) {
			bool *b = argv[i][0] == 's' ? &o->summaries : &o->xdp_sync;

			if (strcmp(argv[i + 1], "on") && strcmp(argv[i + 1], "off")) {
				ectl_err("agent: %s: \"%s\" is not on or off", argv[i], argv[i + 1]);
				return -EINVAL;
			}
			*b = !strcmp(argv[i + 1], "on");
		} else if (!strcmp(argv[i], "interval")) {
			uint32_t v;

			if (cli_u32("agent", "interval", argv[i + 1], 60000, &v) || v < 50) {
				ectl_err("agent: interval must be 50..60000 ms");
				return -EINVAL;
			}
			o->interval_ms = v;
		} else {
			ectl_err("agent: unknown argument \"%s\"; try \"edgectl agent help\"", argv[i]);
			return -EINVAL;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Connection to the module                                                */
/* ---------------------------------------------------------------------- */

static int agent_mc_cb(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct agent *a = arg;

	if (gh->cmd != EDGEFLOW_CMD_AGG_EVENT)
		a->config_dirty = true;
	return NL_OK;
}

static void agent_disconnect(struct agent *a)
{
	if (a->mc)
		nl_socket_free(a->mc);
	a->mc = NULL;
	if (a->connected)
		ectl_nl_close(&a->nl);
	a->connected = false;
}

static int agent_connect(struct agent *a, bool quiet)
{
	const char *groups[] = { EDGEFLOW_MCGRP_CONFIG, EDGEFLOW_MCGRP_EVENTS };
	int fam, grp, err;
	size_t i;

	if (quiet) {
		int v = ectl_opts.verbose;

		/* "not loaded" once, not every retry */
		ectl_opts.verbose = -1;
		err = ectl_nl_open(&a->nl);
		ectl_opts.verbose = v;
	} else {
		err = ectl_nl_open(&a->nl);
	}
	if (err)
		return err;
	a->connected = true;

	a->mc = nl_socket_alloc();
	if (!a->mc || genl_connect(a->mc))
		goto err;
	nl_socket_disable_seq_check(a->mc);
	nl_socket_modify_cb(a->mc, NL_CB_VALID, NL_CB_CUSTOM, agent_mc_cb, a);
	nl_socket_set_nonblocking(a->mc);
	fam = genl_ctrl_resolve(a->mc, EDGEFLOW_GENL_NAME);
	if (fam < 0)
		goto err;
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		grp = genl_ctrl_resolve_grp(a->mc, EDGEFLOW_GENL_NAME, groups[i]);
		if (grp < 0 || nl_socket_add_membership(a->mc, grp))
			goto err;
	}
	a->config_dirty = true;
	return 0;
err:
	ectl_err("agent: cannot join the module's multicast groups");
	agent_disconnect(a);
	return -EIO;
}

/* ---------------------------------------------------------------------- */
/* Windows                                                                 */
/* ---------------------------------------------------------------------- */

static const struct cfg_service *agent_service(const struct agent *a, uint32_t id)
{
	int i;

	for (i = 0; i < a->n_svcs; i++) {
		if (a->svcs[i].id == id)
			return &a->svcs[i];
	}
	return NULL;
}

static int agent_refresh_config(struct agent *a)
{
	int err;

	free(a->svcs);
	free(a->srvs);
	a->svcs = NULL;
	a->srvs = NULL;
	a->n_svcs = a->n_srvs = 0;
	err = cfg_service_dump(&a->nl, &a->svcs, &a->n_svcs);
	if (!err)
		err = cfg_server_dump(&a->nl, &a->srvs, &a->n_srvs);
	return err;
}

static bool agent_same_stream(const struct agg_window *x, const struct agg_window *y)
{
	return x->service_id == y->service_id && x->device == y->device &&
	       x->channel == y->channel && x->kind == y->kind && x->start_ns == y->start_ns;
}

/* Merge @w into the batch: one stream and period seen by both datapaths
 * is one window. first/last come from the side that saw more readings. */
static int agent_add(struct agent *a, const struct agg_window *w, unsigned int source)
{
	struct agent_win *e;
	size_t i;

	for (i = 0; i < a->n_wins; i++) {
		struct agg_window *m = &a->wins[i].w;
		uint64_t lo;

		if (!agent_same_stream(m, w))
			continue;
		if (w->count > m->count) {
			m->first = w->first;
			m->last = w->last;
		}
		m->min = w->min < m->min ? w->min : m->min;
		m->max = w->max > m->max ? w->max : m->max;
		m->sum += w->sum;
		lo = m->sumsq_lo + w->sumsq_lo;
		m->sumsq_hi += w->sumsq_hi + (lo < m->sumsq_lo);
		m->sumsq_lo = lo;
		m->count += w->count;
		m->flags |= w->flags;
		a->wins[i].sources |= source;
		return 0;
	}
	if (a->n_wins == a->cap_wins) {
		size_t cap = a->cap_wins ? a->cap_wins * 2 : 256;

		e = realloc(a->wins, cap * sizeof(*e));
		if (!e)
			return -ENOMEM;
		a->wins = e;
		a->cap_wins = cap;
	}
	a->wins[a->n_wins].w = *w;
	a->wins[a->n_wins].sources = source;
	a->n_wins++;
	return 0;
}

struct agent_dump {
	struct agent *a;
	uint64_t last_seq;
	int err;
};

static int agent_module_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];
	struct agent_dump *d = arg;
	struct agg_window w;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, EDGEFLOW_A_MAX, NULL) ||
	    !tb[EDGEFLOW_A_WINDOW] || agg_window_parse(tb[EDGEFLOW_A_WINDOW], &w))
		return -EBADMSG;
	if (w.seq > d->last_seq)
		d->last_seq = w.seq;
	d->err = agent_add(d->a, &w, 1);
	return d->err;
}

/* Read what the module keeps; returns the newest sequence read (0 none). */
static int agent_collect_module(struct agent *a, uint64_t *last_seq)
{
	struct agent_dump d = { .a = a };
	struct nl_msg *msg;
	int err;

	*last_seq = 0;
	msg = ectl_nl_msg(&a->nl, EDGEFLOW_CMD_AGG_GET, true);
	if (!msg)
		return -ENOMEM;
	err = ectl_nl_request(&a->nl, msg, agent_module_cb, &d);
	if (err)
		return err;
	*last_seq = d.last_seq;
	return 0;
}

/* Read the XDP maps' completed windows; their keys go to @keys to delete. */
static int agent_collect_xdp(struct agent *a, struct ectl_xdp *x,
			     struct efx_window_key **keys, size_t *n)
{
	struct efx_window_key key, next;
	size_t cap = 0;
	void *prev = NULL;
	struct ef_window ew;

	*keys = NULL;
	*n = 0;
	while (!bpf_map_get_next_key(x->windows_fd, prev, &next)) {
		struct agg_window w = { 0 };

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(x->windows_fd, &key, &ew))
			continue;
		agg_window_from_ef(&w, &ew);
		w.service_id = key.service;
		w.device = key.device;
		if (agent_add(a, &w, 2))
			return -ENOMEM;
		if (*n == cap) {
			void *p;

			cap = cap ? cap * 2 : 256;
			p = realloc(*keys, cap * sizeof(**keys));
			if (!p)
				return -ENOMEM;
			*keys = p;
		}
		(*keys)[(*n)++] = key;
	}
	return 0;
}

static void agent_json(struct agent *a, const struct agent_win *e)
{
	const struct cfg_service *svc = agent_service(a, e->w.service_id);
	const struct agg_window *w = &e->w;

	fprintf(a->json,
		"{\"service\":\"%s\",\"service_id\":%u,\"device\":%u,\"channel\":%u,"
		"\"kind\":\"%s\",\"start_ns\":%" PRIu64 ",\"length_ns\":%" PRIu64 ","
		"\"count\":%u,\"min\":%d,\"max\":%d,\"mean\":%.3f,\"stddev\":%.3f,"
		"\"first\":%d,\"last\":%d,\"sum\":%" PRId64 ",\"sumsq_hi\":%" PRIu64 ","
		"\"sumsq_lo\":%" PRIu64 ",\"saturated\":%s,\"source\":\"%s\"}\n",
		svc ? svc->name : "", w->service_id, w->device, w->channel,
		cfg_kind_name(w->kind), w->start_ns, w->length_ns, w->count, w->min,
		w->max, agg_mean(w), sqrt(agg_variance(w)), w->first, w->last, w->sum,
		w->sumsq_hi, w->sumsq_lo, w->flags & EDGEFLOW_WIRE_SF_SATURATED ? "true" : "false",
		e->sources == 3 ? "both" : e->sources == 1 ? "module" : "xdp");
}

static int agent_steer_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, EDGEFLOW_A_MAX, NULL) ||
	    !tb[EDGEFLOW_A_STEER])
		return -EBADMSG;
	return cfg_steer_parse(tb[EDGEFLOW_A_STEER], arg) ? -EBADMSG : 0;
}

/* The server a (service, device) stream is steered to: its steering
 * entry's, else the service's default server; NULL when neither. */
static const struct cfg_server *agent_server_for(struct agent *a, uint32_t svc_id,
						 uint32_t device)
{
	const struct cfg_service *svc = agent_service(a, svc_id);
	struct cfg_steer st = { 0 };
	struct nl_msg *msg;
	struct nlattr *nest;
	int i;

	if (!svc)
		return NULL;
	msg = ectl_nl_msg(&a->nl, EDGEFLOW_CMD_STEER_GET, false);
	if (!msg)
		return NULL;
	nest = nla_nest_start(msg, EDGEFLOW_A_STEER | NLA_F_NESTED);
	if (!nest || nla_put_string(msg, EDGEFLOW_STEER_A_SERVICE, svc->name) ||
	    nla_put_u32(msg, EDGEFLOW_STEER_A_DEVICE, device)) {
		nlmsg_free(msg);
		return NULL;
	}
	nla_nest_end(msg, nest);
	if (ectl_nl_request(&a->nl, msg, agent_steer_cb, &st))
		st.server_id = 0;
	for (i = 0; i < a->n_srvs; i++) {
		if (st.server_id ? a->srvs[i].id == st.server_id :
				   !strcmp(a->srvs[i].name, svc->server))
			return &a->srvs[i];
	}
	return NULL;
}

/* Send to the server's IPv4 address, else its IPv6 one. */
static int agent_send(struct agent *a, const struct cfg_server *srv, const void *buf,
		      size_t len)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t sl;
	int *fd;

	if (srv->has4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		sin->sin_addr = srv->addr4;
		sin->sin_port = htons(srv->port);
		sl = sizeof(*sin);
		fd = &a->udp4;
	} else if (srv->has6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = srv->addr6;
		sin6->sin6_port = htons(srv->port);
		sl = sizeof(*sin6);
		fd = &a->udp6;
	} else {
		return -EADDRNOTAVAIL;
	}
	if (*fd < 0)
		*fd = socket(ss.ss_family, SOCK_DGRAM, 0);
	if (*fd < 0)
		return -errno;
	return sendto(*fd, buf, len, 0, (struct sockaddr *)&ss, sl) < 0 ? -errno : 0;
}

/* Send the @n records already in @buf as one summary datagram of @device. */
static void agent_summary_flush(struct agent *a, const struct cfg_server *srv, uint8_t *buf,
				uint32_t device, unsigned int n)
{
	if (!n)
		return;
	ef_wire_summary_hdr((struct edgeflow_wire_hdr *)buf, device, ++a->sum_seq, (uint8_t)n);
	if (srv && !agent_send(a, srv, buf, EF_WIRE_HDR_LEN + n * EF_WIRE_SUMMARY_LEN))
		a->summaries_sent++;
}

/* Summary datagrams: per (service, device), up to 16 records each. */
static void agent_summaries(struct agent *a)
{
	uint8_t buf[EF_WIRE_SUMMARY_MAX_LEN];
	size_t i, j;
	bool *done = calloc(a->n_wins + 1, sizeof(*done));

	if (!done)
		return;
	for (i = 0; i < a->n_wins; i++) {
		const struct cfg_service *svc = agent_service(a, a->wins[i].w.service_id);
		struct edgeflow_wire_summary *rec = (void *)(buf + EF_WIRE_HDR_LEN);
		const struct cfg_server *srv;
		unsigned int n = 0;

		if (done[i] || !svc || !(svc->mode & EDGEFLOW_MODE_AGGREGATE))
			continue;
		srv = agent_server_for(a, svc->id, a->wins[i].w.device);
		for (j = i; j < a->n_wins; j++) {
			const struct agg_window *w = &a->wins[j].w;
			struct ef_window ew;

			if (done[j] || w->service_id != svc->id || w->device != a->wins[i].w.device)
				continue;
			done[j] = true;
			agg_window_to_ef(&ew, w);
			ef_window_encode(&rec[n++], &ew);
			if (n == EDGEFLOW_WIRE_MAX_SUMMARIES) {
				agent_summary_flush(a, srv, buf, w->device, n);
				n = 0;
			}
		}
		agent_summary_flush(a, srv, buf, a->wins[i].w.device, n);
	}
	free(done);
}

/* One collection: read, merge, export, then delete at the sources. */
static int agent_collect(struct agent *a)
{
	struct efx_window_key *keys = NULL;
	uint64_t last_seq = 0;
	size_t n_keys = 0, i;
	struct ectl_xdp x;
	bool have_xdp;
	int err = 0;

	a->n_wins = 0;
	if (a->connected)
		err = agent_collect_module(a, &last_seq);
	if (err)
		return err;
	have_xdp = !ectl_xdp_open(&x, ectl_xdp_pin_dir());
	if (have_xdp && agent_collect_xdp(a, &x, &keys, &n_keys))
		n_keys = 0;

	for (i = 0; i < a->n_wins; i++) {
		if (a->json)
			agent_json(a, &a->wins[i]);
		a->exported++;
		if (a->wins[i].sources & 1)
			a->exported_module++;
		if (a->wins[i].sources & 2)
			a->exported_xdp++;
	}
	if (a->json && (fflush(a->json) || (a->json != stdout && fsync(fileno(a->json))))) {
		ectl_err("agent: writing windows: %s; keeping them at the source", strerror(errno));
		free(keys);
		if (have_xdp)
			ectl_xdp_close(&x);
		return -EIO;
	}
	if (a->o.summaries && a->connected && a->n_wins)
		agent_summaries(a);

	/* Exported: now they may go. */
	if (last_seq && a->connected) {
		struct nl_msg *msg = ectl_nl_msg(&a->nl, EDGEFLOW_CMD_AGG_DEL, false);

		if (msg && !nla_put_u64(msg, EDGEFLOW_A_WINDOW_SEQ, last_seq))
			err = ectl_nl_request(&a->nl, msg, NULL, NULL);
	}
	for (i = 0; i < n_keys; i++)
		bpf_map_delete_elem(x.windows_fd, &keys[i]);
	free(keys);
	if (have_xdp)
		ectl_xdp_close(&x);
	return err;
}

/* ---------------------------------------------------------------------- */
/* Prometheus textfile                                                     */
/* ---------------------------------------------------------------------- */

static int agent_stats_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, EDGEFLOW_A_MAX, NULL) ||
	    !tb[EDGEFLOW_A_STATS])
		return -EBADMSG;
	return cfg_stats_parse(tb[EDGEFLOW_A_STATS], arg) ? -EBADMSG : 0;
}

static void agent_prom(struct agent *a)
{
	static const char *const xdp_names[] = {
		[EFX_STAT_PKTS_IN] = "rx", [EFX_STAT_FORWARDED] = "fwd",
		[EFX_STAT_AGGREGATED] = "agg", [EFX_STAT_REDIRECTED] = "redirected",
		[EFX_STAT_PASSED] = "passed",
	};
	struct cfg_stats st = { 0 };
	char tmp[4096];
	struct ectl_xdp x;
	struct nl_msg *msg;
	unsigned int r;
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", a->o.prom);
	f = fopen(tmp, "w");
	if (!f) {
		ectl_warn("agent: %s: %s", tmp, strerror(errno));
		return;
	}
	fprintf(f, "# HELP edgeflow_packets_total Sensor datagrams by datapath and outcome.\n"
		   "# TYPE edgeflow_packets_total counter\n");
	if (a->connected && (msg = ectl_nl_msg(&a->nl, EDGEFLOW_CMD_STATS_GET, false)) &&
	    !ectl_nl_request(&a->nl, msg, agent_stats_cb, &st)) {
		fprintf(f, "edgeflow_packets_total{path=\"module\",outcome=\"rx\"} %" PRIu64 "\n"
			   "edgeflow_packets_total{path=\"module\",outcome=\"fwd\"} %" PRIu64 "\n"
			   "edgeflow_packets_total{path=\"module\",outcome=\"agg\"} %" PRIu64 "\n"
			   "edgeflow_packets_total{path=\"module\",outcome=\"drop\"} %" PRIu64 "\n",
			st.rx_pkts, st.fwd_pkts, st.agg_pkts, st.drop_pkts);
		fprintf(f, "edgeflow_bytes_total{path=\"module\",outcome=\"rx\"} %" PRIu64 "\n",
			st.rx_bytes);
		for (r = EDGEFLOW_R_OK + 1; r <= EDGEFLOW_R_MAX; r++)
			fprintf(f, "edgeflow_drops_total{path=\"module\",reason=\"%s\"} %" PRIu64 "\n",
				cfg_reason_name(r), st.drops[r]);
	}
	if (!ectl_xdp_open(&x, ectl_xdp_pin_dir())) {
		uint64_t tot[EFX_STATS_PER_SVC] = { 0 }, v[EFX_STATS_PER_SVC];
		uint32_t s, i;

		for (s = 0; s <= EFX_MAX_SERVICES; s++) {
			if (ectl_xdp_stats(&x, s, v))
				break;
			for (i = 0; i < EFX_STATS_PER_SVC; i++)
				tot[i] += v[i];
		}
		for (i = 0; i < sizeof(xdp_names) / sizeof(xdp_names[0]); i++) {
			if (xdp_names[i])
				fprintf(f, "edgeflow_packets_total{path=\"xdp\",outcome=\"%s\"} %"
					PRIu64 "\n", xdp_names[i], tot[i]);
		}
		fprintf(f, "edgeflow_bytes_total{path=\"xdp\",outcome=\"rx\"} %" PRIu64 "\n",
			tot[EFX_STAT_BYTES_IN]);
		for (r = EDGEFLOW_R_OK + 1; r <= EDGEFLOW_R_MAX; r++)
			fprintf(f, "edgeflow_drops_total{path=\"xdp\",reason=\"%s\"} %" PRIu64 "\n",
				cfg_reason_name(r), tot[EFX_STAT_DROP_BASE + r]);
		ectl_xdp_close(&x);
	}
	fprintf(f, "# HELP edgeflow_windows_exported_total Completed windows exported.\n"
		   "# TYPE edgeflow_windows_exported_total counter\n"
		   "edgeflow_windows_exported_total %" PRIu64 "\n"
		   "edgeflow_summaries_sent_total %" PRIu64 "\n",
		a->exported, a->summaries_sent);
	if (fclose(f) || rename(tmp, a->o.prom))
		ectl_warn("agent: %s: %s", a->o.prom, strerror(errno));
}

/* ---------------------------------------------------------------------- */
/* Main loop                                                               */
/* ---------------------------------------------------------------------- */

static void agent_cycle(struct agent *a)
{
	int err;

	if (!a->connected && !agent_connect(a, true))
		ectl_warn("agent: reconnected to the edgeflow module");

	if (a->connected && a->config_dirty) {
		a->config_dirty = false;
		if (agent_refresh_config(a))
			goto lost;
		if (a->o.xdp_sync && !access(ectl_xdp_pin_dir(), F_OK))
			ectl_xdp_sync();
	}
	err = agent_collect(a);
	if (err && a->connected)
		goto lost;
	if (a->o.prom)
		agent_prom(a);
	return;
lost:
	ectl_warn("agent: lost the edgeflow module (%s); reconnecting",
		  a->nl.ext_msg[0] ? a->nl.ext_msg : "unloaded?");
	agent_disconnect(a);
}

int ectl_cmd_agent(int argc, char **argv)
{
	struct agent a = { .udp4 = -1, .udp6 = -1 };
	struct sigaction sa = { .sa_handler = agent_signal };
	struct timespec last = { 0 }, now;

	if (argc >= 2 && !strcmp(argv[1], "help")) {
		agent_usage(stdout);
		return 0;
	}
	if (agent_args(argc, argv, &a.o))
		return 1;
	if (a.o.json) {
		a.json = strcmp(a.o.json, "-") ? fopen(a.o.json, "a") : stdout;
		if (!a.json) {
			ectl_err("agent: %s: %s", a.o.json, strerror(errno));
			return 1;
		}
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	if (agent_connect(&a, false))
		ectl_warn("agent: waiting for the edgeflow module");
	ectl_info("agent: running, interval %u ms", a.o.interval_ms);

	while (!agent_stop) {
		struct pollfd pfd = { .fd = a.mc ? nl_socket_get_fd(a.mc) : -1, .events = POLLIN };
		long ms;

		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (now.tv_sec - last.tv_sec) * 1000 + (now.tv_nsec - last.tv_nsec) / 1000000;
		if (ms >= (long)a.o.interval_ms) {
			agent_cycle(&a);
			last = now;
			continue;
		}
		if (poll(&pfd, 1, (int)(a.o.interval_ms - ms)) > 0 && a.mc) {
			/* Notifications: config changes and window events. */
			if (nl_recvmsgs_default(a.mc) < 0 && errno != EAGAIN)
				a.config_dirty = true;
		}
	}
	/* A last collection, so nothing already completed waits for us. */
	agent_cycle(&a);
	ectl_info("agent: stopped after exporting %" PRIu64 " windows", a.exported);
	agent_disconnect(&a);
	if (a.json && a.json != stdout)
		fclose(a.json);
	if (a.udp4 >= 0)
		close(a.udp4);
	if (a.udp6 >= 0)
		close(a.udp6);
	free(a.svcs);
	free(a.srvs);
	free(a.wins);
	return 0;
}
