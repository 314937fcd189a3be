// SPDX-License-Identifier: GPL-2.0
/* edgectl: the module's configuration objects <-> netlink attributes. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "edgectl.h"
#include "cfg.h"
#include "out.h"

static const char *const cfg_modes[] = {
	[EDGEFLOW_MODE_FORWARD]		= "forward",
	[EDGEFLOW_MODE_AGGREGATE]	= "aggregate",
	[EDGEFLOW_MODE_BOTH]		= "both",
};

static const char *const cfg_states[] = {
	[EDGEFLOW_SERVER_UP]		= "up",
	[EDGEFLOW_SERVER_DRAIN]		= "drain",
};

static const char *const cfg_unknowns[] = {
	[EDGEFLOW_UNKNOWN_DROP]		= "drop",
	[EDGEFLOW_UNKNOWN_PASS]		= "pass",
};

static const char *const cfg_kinds[] = {
	[EDGEFLOW_KIND_GENERIC]		= "generic",
	[EDGEFLOW_KIND_TEMPERATURE]	= "temperature",
	[EDGEFLOW_KIND_HUMIDITY]	= "humidity",
	[EDGEFLOW_KIND_VOLTAGE]		= "voltage",
	[EDGEFLOW_KIND_ILLUMINANCE]	= "illuminance",
	[EDGEFLOW_KIND_PRESSURE]	= "pressure",
};

static const char *const cfg_reasons[] = {
	[EDGEFLOW_R_OK]			= "ok",
	[EDGEFLOW_R_MALFORMED]		= "malformed",
	[EDGEFLOW_R_UNKNOWN_DEVICE]	= "unknown_device",
	[EDGEFLOW_R_DUPLICATE]		= "duplicate",
	[EDGEFLOW_R_RATE]		= "rate",
	[EDGEFLOW_R_RANGE]		= "range",
	[EDGEFLOW_R_STEP]		= "step",
	[EDGEFLOW_R_DEADBAND]		= "deadband",
	[EDGEFLOW_R_NO_SERVER]		= "no_server",
	[EDGEFLOW_R_FAMILY]		= "family",
	[EDGEFLOW_R_NO_STATE]		= "no_state",
	[EDGEFLOW_R_ALL_REJECTED]	= "all_rejected",
};

static const char *const cfg_cmds[] = {
	[EDGEFLOW_CMD_GET_INFO]		= "info",
	[EDGEFLOW_CMD_SERVER_NEW]	= "server_new",
	[EDGEFLOW_CMD_SERVER_SET]	= "server_set",
	[EDGEFLOW_CMD_SERVER_DEL]	= "server_del",
	[EDGEFLOW_CMD_SERVER_GET]	= "server_get",
	[EDGEFLOW_CMD_SERVICE_NEW]	= "service_new",
	[EDGEFLOW_CMD_SERVICE_SET]	= "service_set",
	[EDGEFLOW_CMD_SERVICE_DEL]	= "service_del",
	[EDGEFLOW_CMD_SERVICE_GET]	= "service_get",
	[EDGEFLOW_CMD_STEER_SET]	= "steer_set",
	[EDGEFLOW_CMD_STEER_DEL]	= "steer_del",
	[EDGEFLOW_CMD_STEER_GET]	= "steer_get",
	[EDGEFLOW_CMD_PLAN_BEGIN]	= "plan_begin",
	[EDGEFLOW_CMD_PLAN_STAGE]	= "plan_stage",
	[EDGEFLOW_CMD_PLAN_COMMIT]	= "plan_commit",
	[EDGEFLOW_CMD_PLAN_ABORT]	= "plan_abort",
	[EDGEFLOW_CMD_STATS_GET]	= "stats_get",
	[EDGEFLOW_CMD_FLUSH]		= "flush",
	[EDGEFLOW_CMD_AGG_GET]		= "agg_get",
	[EDGEFLOW_CMD_AGG_DEL]		= "agg_del",
	[EDGEFLOW_CMD_AGG_EVENT]	= "window",
};

#define CFG_N(a) (sizeof(a) / sizeof((a)[0]))

static const char *cfg_name(const char *const *names, size_t n, unsigned int v)
{
	return v < n && names[v] ? names[v] : "?";
}

static int cfg_lookup(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return (int)i;
	return -1;
}

const char *cfg_mode_name(unsigned int v) { return cfg_name(cfg_modes, CFG_N(cfg_modes), v); }
int cfg_mode_parse(const char *s) { return cfg_lookup(cfg_modes, CFG_N(cfg_modes), s); }
const char *cfg_state_name(unsigned int v) { return cfg_name(cfg_states, CFG_N(cfg_states), v); }
int cfg_state_parse(const char *s) { return cfg_lookup(cfg_states, CFG_N(cfg_states), s); }
const char *cfg_unknown_name(unsigned int v) { return cfg_name(cfg_unknowns, CFG_N(cfg_unknowns), v); }
int cfg_unknown_parse(const char *s) { return cfg_lookup(cfg_unknowns, CFG_N(cfg_unknowns), s); }
const char *cfg_kind_name(unsigned int v) { return cfg_name(cfg_kinds, CFG_N(cfg_kinds), v); }
const char *cfg_reason_name(unsigned int v) { return cfg_name(cfg_reasons, CFG_N(cfg_reasons), v); }
const char *cfg_cmd_name(unsigned int v) { return cfg_name(cfg_cmds, CFG_N(cfg_cmds), v); }

/* A kind by name or by number. */
int cfg_kind_parse(const char *s)
{
	char *end;
	long v;

	v = cfg_lookup(cfg_kinds, CFG_N(cfg_kinds), s);
	if (v >= 0)
		return (int)v;
	v = strtol(s, &end, 0);
	if (*s && !*end && v >= 0 && v <= EDGEFLOW_KIND_MAX)
		return (int)v;
	return -1;
}

struct nlattr **cfg_attrs(struct nl_msg *msg, struct nlattr **tb)
{
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, EDGEFLOW_A_MAX, NULL))
		return NULL;
	return tb;
}

static void cfg_strcpy(char *dst, size_t len, const struct nlattr *a)
{
	if (a)
		nla_strlcpy(dst, a, len);
	else
		dst[0] = '\0';
}

int cfg_server_parse(const struct nlattr *nest, struct cfg_server *srv)
{
	struct nlattr *tb[EDGEFLOW_SERVER_A_MAX + 1];
	struct nlattr *rb[EDGEFLOW_RES_A_MAX + 1];
	struct nlattr *res;
	int rem;

	memset(srv, 0, sizeof(*srv));
	if (nla_parse_nested(tb, EDGEFLOW_SERVER_A_MAX, (struct nlattr *)nest, NULL))
		return -EBADMSG;
	if (!tb[EDGEFLOW_SERVER_A_ID] || !tb[EDGEFLOW_SERVER_A_NAME])
		return -EBADMSG;

	srv->id = nla_get_u32(tb[EDGEFLOW_SERVER_A_ID]);
	cfg_strcpy(srv->name, sizeof(srv->name), tb[EDGEFLOW_SERVER_A_NAME]);
	if (tb[EDGEFLOW_SERVER_A_ADDR4] && nla_len(tb[EDGEFLOW_SERVER_A_ADDR4]) == 4) {
		srv->has4 = true;
		memcpy(&srv->addr4, nla_data(tb[EDGEFLOW_SERVER_A_ADDR4]), 4);
	}
	if (tb[EDGEFLOW_SERVER_A_ADDR6] && nla_len(tb[EDGEFLOW_SERVER_A_ADDR6]) == 16) {
		srv->has6 = true;
		memcpy(&srv->addr6, nla_data(tb[EDGEFLOW_SERVER_A_ADDR6]), 16);
	}
	if (tb[EDGEFLOW_SERVER_A_PORT])
		srv->port = nla_get_u16(tb[EDGEFLOW_SERVER_A_PORT]);
	if (tb[EDGEFLOW_SERVER_A_STATE])
		srv->state = nla_get_u8(tb[EDGEFLOW_SERVER_A_STATE]);
	if (tb[EDGEFLOW_SERVER_A_STEER_REFS])
		srv->steer_refs = nla_get_u32(tb[EDGEFLOW_SERVER_A_STEER_REFS]);
	if (tb[EDGEFLOW_SERVER_A_SERVICE_REFS])
		srv->service_refs = nla_get_u32(tb[EDGEFLOW_SERVER_A_SERVICE_REFS]);

	if (!tb[EDGEFLOW_SERVER_A_CAPACITY])
		return 0;
	nla_for_each_nested(res, tb[EDGEFLOW_SERVER_A_CAPACITY], rem) {
		if (srv->n_caps == CFG_MAX_RESOURCES)
			break;
		if (nla_parse_nested(rb, EDGEFLOW_RES_A_MAX, res, NULL) ||
		    !rb[EDGEFLOW_RES_A_NAME] || !rb[EDGEFLOW_RES_A_VALUE])
			return -EBADMSG;
		cfg_strcpy(srv->caps[srv->n_caps].name, sizeof(srv->caps[0].name),
			   rb[EDGEFLOW_RES_A_NAME]);
		srv->caps[srv->n_caps].value = nla_get_u64(rb[EDGEFLOW_RES_A_VALUE]);
		srv->n_caps++;
	}
	return 0;
}

static int cfg_policy_parse(const struct nlattr *nest, struct cfg_service *svc)
{
	struct nlattr *tb[EDGEFLOW_POLICY_A_MAX + 1];
	struct cfg_policy *p;
	unsigned int kind;

	if (nla_parse_nested(tb, EDGEFLOW_POLICY_A_MAX, (struct nlattr *)nest, NULL) ||
	    !tb[EDGEFLOW_POLICY_A_KIND])
		return -EBADMSG;
	kind = nla_get_u8(tb[EDGEFLOW_POLICY_A_KIND]);
	if (kind > EDGEFLOW_KIND_MAX)
		return 0;
	p = &svc->policy[kind];
	p->set = true;
	if ((p->has_min = tb[EDGEFLOW_POLICY_A_MIN_VALUE]))
		p->min = (int32_t)nla_get_u32(tb[EDGEFLOW_POLICY_A_MIN_VALUE]);
	if ((p->has_max = tb[EDGEFLOW_POLICY_A_MAX_VALUE]))
		p->max = (int32_t)nla_get_u32(tb[EDGEFLOW_POLICY_A_MAX_VALUE]);
	if ((p->has_step = tb[EDGEFLOW_POLICY_A_STEP]))
		p->step = nla_get_u32(tb[EDGEFLOW_POLICY_A_STEP]);
	if ((p->has_step_reset = tb[EDGEFLOW_POLICY_A_STEP_RESET]))
		p->step_reset = nla_get_u32(tb[EDGEFLOW_POLICY_A_STEP_RESET]);
	if ((p->has_deadband = tb[EDGEFLOW_POLICY_A_DEADBAND]))
		p->deadband = nla_get_u32(tb[EDGEFLOW_POLICY_A_DEADBAND]);
	if ((p->has_heartbeat = tb[EDGEFLOW_POLICY_A_HEARTBEAT_MS]))
		p->heartbeat_ms = nla_get_u32(tb[EDGEFLOW_POLICY_A_HEARTBEAT_MS]);
	return 0;
}

int cfg_service_parse(const struct nlattr *nest, struct cfg_service *svc)
{
	struct nlattr *tb[EDGEFLOW_SERVICE_A_MAX + 1];
	struct nlattr *a;
	int rem;

	memset(svc, 0, sizeof(*svc));
	if (nla_parse_nested(tb, EDGEFLOW_SERVICE_A_MAX, (struct nlattr *)nest, NULL))
		return -EBADMSG;
	if (!tb[EDGEFLOW_SERVICE_A_ID] || !tb[EDGEFLOW_SERVICE_A_NAME])
		return -EBADMSG;

	svc->id = nla_get_u32(tb[EDGEFLOW_SERVICE_A_ID]);
	cfg_strcpy(svc->name, sizeof(svc->name), tb[EDGEFLOW_SERVICE_A_NAME]);
	cfg_strcpy(svc->server, sizeof(svc->server), tb[EDGEFLOW_SERVICE_A_SERVER]);
	if (tb[EDGEFLOW_SERVICE_A_PORT])
		svc->port = nla_get_u16(tb[EDGEFLOW_SERVICE_A_PORT]);
	if (tb[EDGEFLOW_SERVICE_A_MODE])
		svc->mode = nla_get_u8(tb[EDGEFLOW_SERVICE_A_MODE]);
	if (tb[EDGEFLOW_SERVICE_A_UNKNOWN])
		svc->unknown = nla_get_u8(tb[EDGEFLOW_SERVICE_A_UNKNOWN]);
	if (tb[EDGEFLOW_SERVICE_A_WINDOW_MS])
		svc->window_ms = nla_get_u32(tb[EDGEFLOW_SERVICE_A_WINDOW_MS]);
	if (tb[EDGEFLOW_SERVICE_A_RATE])
		svc->rate = nla_get_u32(tb[EDGEFLOW_SERVICE_A_RATE]);
	if (tb[EDGEFLOW_SERVICE_A_BURST])
		svc->burst = nla_get_u32(tb[EDGEFLOW_SERVICE_A_BURST]);
	if (tb[EDGEFLOW_SERVICE_A_IDLE_MS])
		svc->idle_ms = nla_get_u32(tb[EDGEFLOW_SERVICE_A_IDLE_MS]);
	if (tb[EDGEFLOW_SERVICE_A_STEER_REFS])
		svc->steer_refs = nla_get_u32(tb[EDGEFLOW_SERVICE_A_STEER_REFS]);

	nla_for_each_nested(a, (struct nlattr *)nest, rem) {
		if (nla_type(a) == EDGEFLOW_SERVICE_A_POLICY && cfg_policy_parse(a, svc))
			return -EBADMSG;
	}
	return 0;
}

int cfg_steer_parse(const struct nlattr *nest, struct cfg_steer *st)
{
	struct nlattr *tb[EDGEFLOW_STEER_A_MAX + 1];

	memset(st, 0, sizeof(*st));
	if (nla_parse_nested(tb, EDGEFLOW_STEER_A_MAX, (struct nlattr *)nest, NULL))
		return -EBADMSG;
	if (!tb[EDGEFLOW_STEER_A_SERVICE_ID] || !tb[EDGEFLOW_STEER_A_DEVICE])
		return -EBADMSG;
	st->service_id = nla_get_u32(tb[EDGEFLOW_STEER_A_SERVICE_ID]);
	st->device = nla_get_u32(tb[EDGEFLOW_STEER_A_DEVICE]);
	if (tb[EDGEFLOW_STEER_A_SERVER_ID])
		st->server_id = nla_get_u32(tb[EDGEFLOW_STEER_A_SERVER_ID]);
	cfg_strcpy(st->service, sizeof(st->service), tb[EDGEFLOW_STEER_A_SERVICE]);
	cfg_strcpy(st->server, sizeof(st->server), tb[EDGEFLOW_STEER_A_SERVER]);
	return 0;
}

int cfg_stats_parse(const struct nlattr *nest, struct cfg_stats *st)
{
	struct nlattr *tb[EDGEFLOW_STATS_A_MAX + 1];
	struct nlattr *a;
	int rem;

	memset(st, 0, sizeof(*st));
	if (nla_parse_nested(tb, EDGEFLOW_STATS_A_MAX, (struct nlattr *)nest, NULL))
		return -EBADMSG;
#define CFG_U64(field, attr) \
	if (tb[attr]) st->field = nla_get_u64(tb[attr])
	CFG_U64(rx_pkts, EDGEFLOW_STATS_A_RX_PACKETS);
	CFG_U64(rx_bytes, EDGEFLOW_STATS_A_RX_BYTES);
	CFG_U64(fwd_pkts, EDGEFLOW_STATS_A_FWD_PACKETS);
	CFG_U64(fwd_bytes, EDGEFLOW_STATS_A_FWD_BYTES);
	CFG_U64(agg_pkts, EDGEFLOW_STATS_A_AGG_PACKETS);
	CFG_U64(agg_bytes, EDGEFLOW_STATS_A_AGG_BYTES);
	CFG_U64(drop_pkts, EDGEFLOW_STATS_A_DROP_PACKETS);
	CFG_U64(drop_bytes, EDGEFLOW_STATS_A_DROP_BYTES);
#undef CFG_U64
	if (!tb[EDGEFLOW_STATS_A_DROPS])
		return 0;
	nla_for_each_nested(a, tb[EDGEFLOW_STATS_A_DROPS], rem) {
		int type = nla_type(a);

		if (type > EDGEFLOW_R_OK && type <= EDGEFLOW_R_MAX && nla_len(a) == 8)
			st->drops[type] = nla_get_u64(a);
	}
	return 0;
}

struct nl_msg *cfg_msg_big(struct ectl_nl *nl, int cmd, size_t size)
{
	struct nl_msg *msg = nlmsg_alloc_size(size);

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 NLM_F_REQUEST | NLM_F_ACK, (uint8_t)cmd, EDGEFLOW_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int cfg_put_server_name(struct nl_msg *msg, const char *name)
{
	struct nlattr *nest = nla_nest_start(msg, EDGEFLOW_A_SERVER | NLA_F_NESTED);

	if (!nest || nla_put_string(msg, EDGEFLOW_SERVER_A_NAME, name))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

int cfg_put_service_name(struct nl_msg *msg, const char *name)
{
	struct nlattr *nest = nla_nest_start(msg, EDGEFLOW_A_SERVICE | NLA_F_NESTED);

	if (!nest || nla_put_string(msg, EDGEFLOW_SERVICE_A_NAME, name))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int cfg_server_parse_v(const struct nlattr *nest, void *out)
{
	return cfg_server_parse(nest, out);
}

static int cfg_service_parse_v(const struct nlattr *nest, void *out)
{
	return cfg_service_parse(nest, out);
}

struct cfg_vec {
	void *items;
	size_t size;
	int n, cap;
	int attr;
	int (*parse)(const struct nlattr *, void *);
};

static int cfg_vec_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];
	struct cfg_vec *v = arg;
	void *p;

	if (!cfg_attrs(msg, tb) || !tb[v->attr])
		return -EBADMSG;
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 16;
		p = realloc(v->items, (size_t)v->cap * v->size);
		if (!p)
			return -ENOMEM;
		v->items = p;
	}
	if (v->parse(tb[v->attr], (char *)v->items + (size_t)v->n * v->size))
		return -EBADMSG;
	v->n++;
	return 0;
}

static int cfg_dump(struct ectl_nl *nl, int cmd, struct cfg_vec *v)
{
	struct nl_msg *msg = ectl_nl_msg(nl, cmd, true);
	int err;

	if (!msg)
		return -ENOMEM;
	err = ectl_nl_request(nl, msg, cfg_vec_cb, v);
	if (err) {
		free(v->items);
		v->items = NULL;
		v->n = 0;
	}
	return err;
}

int cfg_server_dump(struct ectl_nl *nl, struct cfg_server **out, int *n)
{
	struct cfg_vec v = {
		.size = sizeof(**out),
		.attr = EDGEFLOW_A_SERVER,
		.parse = cfg_server_parse_v,
	};
	int err = cfg_dump(nl, EDGEFLOW_CMD_SERVER_GET, &v);

	*out = v.items;
	*n = v.n;
	return err;
}

int cfg_service_dump(struct ectl_nl *nl, struct cfg_service **out, int *n)
{
	struct cfg_vec v = {
		.size = sizeof(**out),
		.attr = EDGEFLOW_A_SERVICE,
		.parse = cfg_service_parse_v,
	};
	int err = cfg_dump(nl, EDGEFLOW_CMD_SERVICE_GET, &v);

	*out = v.items;
	*n = v.n;
	return err;
}

int cfg_ack_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];
	struct cfg_ack *ack = arg;

	if (!ack)
		return 0;
	if (!cfg_attrs(msg, tb))
		return -EBADMSG;
	if (tb[EDGEFLOW_A_GENERATION])
		ack->generation = nla_get_u64(tb[EDGEFLOW_A_GENERATION]);
	if (tb[EDGEFLOW_A_COUNT]) {
		ack->count = nla_get_u32(tb[EDGEFLOW_A_COUNT]);
		ack->has_count = true;
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Printing                                                               */
/* ---------------------------------------------------------------------- */

void cfg_server_print(const struct cfg_server *srv)
{
	char buf[INET6_ADDRSTRLEN];
	int i;

	out_str("name", "%s", srv->name);
	out_u64("id", " id %" PRIu64, srv->id);
	if (srv->has4)
		out_str("addr", " addr %s", inet_ntop(AF_INET, &srv->addr4, buf, sizeof(buf)));
	if (srv->has6)
		out_str("addr6", " addr6 %s", inet_ntop(AF_INET6, &srv->addr6, buf, sizeof(buf)));
	out_u64("port", " port %" PRIu64, srv->port);
	out_str("state", " state %s", cfg_state_name(srv->state));
	out_obj_open("capacity");
	for (i = 0; i < srv->n_caps; i++) {
		out_text(" cap %s=", srv->caps[i].name);
		out_u64(srv->caps[i].name, "%" PRIu64, srv->caps[i].value);
	}
	out_obj_close();
	out_u64("steer_refs", " entries %" PRIu64, srv->steer_refs);
	out_u64("service_refs", " services %" PRIu64, srv->service_refs);
}

static void cfg_kind_print(unsigned int kind, const struct cfg_policy *p)
{
	out_str("kind", "kind %s", cfg_kind_name(kind));
	if (p->has_min)
		out_s64("min", " min %" PRId64, p->min);
	if (p->has_max)
		out_s64("max", " max %" PRId64, p->max);
	if (p->has_step)
		out_u64("step", " step %" PRIu64, p->step);
	if (p->has_step_reset)
		out_u64("step_reset", " step-reset %" PRIu64, p->step_reset);
	if (p->has_deadband)
		out_u64("deadband", " deadband %" PRIu64, p->deadband);
	if (p->has_heartbeat)
		out_u64("heartbeat_ms", " heartbeat %" PRIu64, p->heartbeat_ms);
}

void cfg_policy_print(const struct cfg_service *svc, bool only_policy)
{
	unsigned int k;

	out_arr_open("policy");
	for (k = 0; k <= EDGEFLOW_KIND_MAX; k++) {
		if (!svc->policy[k].set)
			continue;
		out_obj_open(NULL);
		out_text(only_policy ? "%s " : "\n    ", svc->name);
		if (!only_policy)
			out_text("policy ");
		cfg_kind_print(k, &svc->policy[k]);
		if (only_policy)
			out_text("\n");
		out_obj_close();
	}
	out_arr_close();
}

void cfg_service_print(const struct cfg_service *svc)
{
	out_str("name", "%s", svc->name);
	out_u64("id", " id %" PRIu64, svc->id);
	out_u64("port", " port %" PRIu64, svc->port);
	out_str("mode", " mode %s", cfg_mode_name(svc->mode));
	out_u64("window_ms", " window %" PRIu64, svc->window_ms);
	out_str("unknown", " unknown %s", cfg_unknown_name(svc->unknown));
	out_u64("rate", " rate %" PRIu64, svc->rate);
	out_u64("burst", " burst %" PRIu64, svc->burst);
	out_u64("idle_ms", " idle %" PRIu64, svc->idle_ms);
	if (svc->server[0])
		out_str("server", " server %s", svc->server);
	out_u64("steer_refs", " entries %" PRIu64, svc->steer_refs);
	cfg_policy_print(svc, false);
}

void cfg_steer_print(const struct cfg_steer *st)
{
	out_str("service", "service %s", st->service);
	out_u64("device", " device %" PRIu64, st->device);
	out_str("server", " server %s", st->server);
}

void cfg_stats_print(const struct cfg_stats *st)
{
	unsigned int r;

	out_u64("rx_packets", " rx %" PRIu64, st->rx_pkts);
	out_u64("rx_bytes", "/%" PRIu64, st->rx_bytes);
	out_u64("fwd_packets", " fwd %" PRIu64, st->fwd_pkts);
	out_u64("fwd_bytes", "/%" PRIu64, st->fwd_bytes);
	out_u64("agg_packets", " agg %" PRIu64, st->agg_pkts);
	out_u64("agg_bytes", "/%" PRIu64, st->agg_bytes);
	out_u64("drop_packets", " drop %" PRIu64, st->drop_pkts);
	out_u64("drop_bytes", "/%" PRIu64 " (packets/bytes)\n    drops:", st->drop_bytes);
	out_obj_open("drops");
	for (r = EDGEFLOW_R_OK + 1; r <= EDGEFLOW_R_MAX; r++) {
		out_text(" %s ", cfg_reason_name(r));
		out_u64(cfg_reason_name(r), "%" PRIu64, st->drops[r]);
	}
	out_obj_close();
}

/* ---------------------------------------------------------------------- */
/* Command line                                                           */
/* ---------------------------------------------------------------------- */

int cli_u32(const char *obj, const char *key, const char *s, uint32_t max, uint32_t *v)
{
	unsigned long long x;
	char *end;

	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || !*s || *end || *s == '-' || x > max) {
		ectl_err("%s: invalid %s \"%s\" (0..%u)", obj, key, s, max);
		return -EINVAL;
	}
	*v = (uint32_t)x;
	return 0;
}

int cli_s32(const char *obj, const char *key, const char *s, int32_t *v)
{
	long long x;
	char *end;

	errno = 0;
	x = strtoll(s, &end, 0);
	if (errno || !*s || *end || x < INT32_MIN || x > INT32_MAX) {
		ectl_err("%s: invalid %s \"%s\" (a signed 32-bit integer)", obj, key, s);
		return -EINVAL;
	}
	*v = (int32_t)x;
	return 0;
}

int cli_u64(const char *obj, const char *key, const char *s, uint64_t *v)
{
	unsigned long long x;
	char *end;

	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || !*s || *end || *s == '-') {
		ectl_err("%s: invalid %s \"%s\" (an unsigned 64-bit integer)", obj, key, s);
		return -EINVAL;
	}
	*v = x;
	return 0;
}

int cli_next(const char *obj, int argc, char **argv, int *i)
{
	if (*i + 1 >= argc) {
		ectl_err("%s: \"%s\" needs a value; try \"edgectl %s help\"", obj, argv[*i], obj);
		return -EINVAL;
	}
	(*i)++;
	return 0;
}

bool cli_is_help(const char *s)
{
	return !strcmp(s, "help") || !strcmp(s, "-h") || !strcmp(s, "--help");
}

bool cli_is_show(const char *s)
{
	return !strcmp(s, "show") || !strcmp(s, "list") || !strcmp(s, "ls");
}

int cli_request(struct ectl_nl *nl, struct nl_msg *msg, const char *what, ectl_nl_cb cb,
		void *arg)
{
	if (!msg) {
		ectl_err("%s: out of memory", what);
		return 1;
	}
	if (ectl_nl_request(nl, msg, cb, arg)) {
		ectl_nl_perror(nl, what);
		return 1;
	}
	return 0;
}
