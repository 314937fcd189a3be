/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the module's configuration tests: requests written as tables
 * of attributes, run through edgectl's own netlink transport (userspace/nl.c)
 * so the extack message can be asserted, and small wrappers for the common
 * objects. Header-only: each test binary is one file.
 */
#ifndef EFCFG_H
#define EFCFG_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <linux/edgeflow.h>

#include "nl.h"
#include "cfg.h"

enum efa_kind { EFA_END, EFA_U8, EFA_U16, EFA_U32, EFA_S32, EFA_U64, EFA_STR, EFA_BIN,
		EFA_NEST, EFA_NEST_END };

struct efa {
	enum efa_kind kind;
	int type;
	uint64_t v;
	const char *s;
	int len;
};

#define A_U8(t, x)	{ EFA_U8, (t), (x), NULL, 0 }
#define A_U16(t, x)	{ EFA_U16, (t), (x), NULL, 0 }
#define A_U32(t, x)	{ EFA_U32, (t), (x), NULL, 0 }
#define A_S32(t, x)	{ EFA_S32, (t), (uint64_t)(int64_t)(x), NULL, 0 }
#define A_U64(t, x)	{ EFA_U64, (t), (x), NULL, 0 }
#define A_STR(t, x)	{ EFA_STR, (t), 0, (x), 0 }
#define A_BIN(t, x, l)	{ EFA_BIN, (t), 0, (x), (l) }
#define A_NEST(t)	{ EFA_NEST, (t), 0, NULL, 0 }
#define A_END_NEST	{ EFA_NEST_END, 0, 0, NULL, 0 }
#define IP4(a, b, c, d)	A_BIN(EDGEFLOW_SERVER_A_ADDR4, ((const char[]){ a, b, c, d }), 4)

#define EFA_MAX 64

static inline int efa_put(struct nl_msg *msg, const struct efa *a)
{
	struct nlattr *stack[8];
	int depth = 0, err = 0;

	for (; a->kind != EFA_END && !err; a++) {
		switch (a->kind) {
		case EFA_U8: err = nla_put_u8(msg, a->type, (uint8_t)a->v); break;
		case EFA_U16: err = nla_put_u16(msg, a->type, (uint16_t)a->v); break;
		case EFA_U32: err = nla_put_u32(msg, a->type, (uint32_t)a->v); break;
		case EFA_S32: err = nla_put_u32(msg, a->type, (uint32_t)(int32_t)a->v); break;
		case EFA_U64: err = nla_put_u64(msg, a->type, a->v); break;
		case EFA_STR: err = nla_put_string(msg, a->type, a->s); break;
		case EFA_BIN: err = nla_put(msg, a->type, a->len, a->s); break;
		case EFA_NEST:
			stack[depth] = nla_nest_start(msg, a->type | NLA_F_NESTED);
			err = stack[depth++] ? 0 : -EMSGSIZE;
			break;
		case EFA_NEST_END: nla_nest_end(msg, stack[--depth]); break;
		default: err = -EINVAL;
		}
	}
	return err;
}

/* Send one request; returns 0 or -errno, extack in nl->ext_msg. */
static inline int efa_req(struct ectl_nl *nl, int cmd, const struct efa *attrs,
			  ectl_nl_cb cb, void *arg)
{
	struct nl_msg *msg = ectl_nl_msg(nl, cmd, false);

	if (!msg)
		return -ENOMEM;
	if (attrs && efa_put(msg, attrs)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return ectl_nl_request(nl, msg, cb, arg);
}

/* A request that must fail as expected: errno and extack substring. */
struct efa_case {
	const char *what;
	int cmd;
	struct efa attrs[EFA_MAX];
	int err;
	const char *ext;
};

static inline int ef_flush(struct ectl_nl *nl)
{
	return efa_req(nl, EDGEFLOW_CMD_FLUSH, NULL, NULL, NULL);
}

static inline int ef_server_add(struct ectl_nl *nl, const char *name, uint8_t last_octet,
				uint16_t port)
{
	const char a4[4] = { 10, 0, 0, (char)last_octet };
	const struct efa attrs[] = {
		A_NEST(EDGEFLOW_A_SERVER),
		A_STR(EDGEFLOW_SERVER_A_NAME, name),
		A_BIN(EDGEFLOW_SERVER_A_ADDR4, a4, 4),
		A_U16(EDGEFLOW_SERVER_A_PORT, port),
		A_END_NEST, { EFA_END, 0, 0, NULL, 0 },
	};

	return efa_req(nl, EDGEFLOW_CMD_SERVER_NEW, attrs, NULL, NULL);
}

static inline int ef_service_add(struct ectl_nl *nl, const char *name, uint16_t port)
{
	const struct efa attrs[] = {
		A_NEST(EDGEFLOW_A_SERVICE),
		A_STR(EDGEFLOW_SERVICE_A_NAME, name),
		A_U16(EDGEFLOW_SERVICE_A_PORT, port),
		A_U8(EDGEFLOW_SERVICE_A_MODE, EDGEFLOW_MODE_FORWARD),
		A_END_NEST, { EFA_END, 0, 0, NULL, 0 },
	};

	return efa_req(nl, EDGEFLOW_CMD_SERVICE_NEW, attrs, NULL, NULL);
}

static inline int ef_steer_set(struct ectl_nl *nl, const char *svc, uint32_t dev,
			       const char *srv)
{
	const struct efa attrs[] = {
		A_NEST(EDGEFLOW_A_STEER),
		A_STR(EDGEFLOW_STEER_A_SERVICE, svc),
		A_U32(EDGEFLOW_STEER_A_DEVICE, dev),
		A_STR(EDGEFLOW_STEER_A_SERVER, srv),
		A_END_NEST, { EFA_END, 0, 0, NULL, 0 },
	};

	return efa_req(nl, EDGEFLOW_CMD_STEER_SET, attrs, NULL, NULL);
}

/* A steering table as a dump sees it. */
struct ef_dump {
	uint32_t n;
	uint32_t cap;
	struct cfg_steer *e;
	uint64_t gen_first, gen_last;
	int gen_changes;
};

static inline int ef_dump_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];
	struct ef_dump *d = arg;
	uint64_t gen;

	if (!cfg_attrs(msg, tb) || !tb[EDGEFLOW_A_STEER] || !tb[EDGEFLOW_A_GENERATION])
		return -EBADMSG;
	gen = nla_get_u64(tb[EDGEFLOW_A_GENERATION]);
	if (d->n == 0)
		d->gen_first = gen;
	else if (gen != d->gen_last)
		d->gen_changes++;
	d->gen_last = gen;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 1024;
		d->e = realloc(d->e, d->cap * sizeof(*d->e));
		if (!d->e)
			return -ENOMEM;
	}
	if (cfg_steer_parse(tb[EDGEFLOW_A_STEER], &d->e[d->n]))
		return -EBADMSG;
	d->n++;
	return 0;
}

static inline int ef_steer_dump(struct ectl_nl *nl, struct ef_dump *d)
{
	struct nl_msg *msg = ectl_nl_msg(nl, EDGEFLOW_CMD_STEER_GET, true);

	memset(d, 0, sizeof(*d));
	if (!msg)
		return -ENOMEM;
	return ectl_nl_request(nl, msg, ef_dump_cb, d);
}

/* Begin, stage @n entries (service id, device base + i) -> server id, commit. */
static inline int ef_plan_stage(struct ectl_nl *nl, uint32_t svc, uint32_t base, uint32_t n,
				uint32_t srv)
{
	const uint32_t batch = 2000;
	struct nlattr *nest;
	struct nl_msg *msg;
	uint32_t i, j;
	int err;

	for (i = 0; i < n; i += batch) {
		msg = cfg_msg_big(nl, EDGEFLOW_CMD_PLAN_STAGE, 64 * 1024);
		if (!msg)
			return -ENOMEM;
		for (j = i; j < n && j < i + batch; j++) {
			nest = nla_nest_start(msg, EDGEFLOW_A_STEER | NLA_F_NESTED);
			if (!nest || nla_put_u32(msg, EDGEFLOW_STEER_A_SERVICE_ID, svc) ||
			    nla_put_u32(msg, EDGEFLOW_STEER_A_DEVICE, base + j) ||
			    nla_put_u32(msg, EDGEFLOW_STEER_A_SERVER_ID, srv)) {
				nlmsg_free(msg);
				return -EMSGSIZE;
			}
			nla_nest_end(msg, nest);
		}
		err = ectl_nl_request(nl, msg, NULL, NULL);
		if (err)
			return err;
	}
	return 0;
}

static inline int ef_plan_install(struct ectl_nl *nl, uint32_t svc, uint32_t n, uint32_t srv,
				  struct cfg_ack *ack)
{
	int err;

	err = efa_req(nl, EDGEFLOW_CMD_PLAN_BEGIN, NULL, cfg_ack_cb, ack);
	if (err)
		return err;
	err = ef_plan_stage(nl, svc, 0, n, srv);
	if (err)
		return err;
	return efa_req(nl, EDGEFLOW_CMD_PLAN_COMMIT, NULL, cfg_ack_cb, ack);
}

/* The id of the server or service called @name, or 0. */
static inline uint32_t ef_server_id(struct ectl_nl *nl, const char *name)
{
	struct cfg_server *v;
	uint32_t id = 0;
	int i, n;

	if (cfg_server_dump(nl, &v, &n))
		return 0;
	for (i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			id = v[i].id;
	free(v);
	return id;
}

static inline uint32_t ef_service_id(struct ectl_nl *nl, const char *name)
{
	struct cfg_service *v;
	uint32_t id = 0;
	int i, n;

	if (cfg_service_dump(nl, &v, &n))
		return 0;
	for (i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			id = v[i].id;
	free(v);
	return id;
}

/* Run a shell command, capture stdout (and stderr if the command says so). */
static inline int ef_run(const char *cmd, char *out, size_t len)
{
	size_t n = 0;
	FILE *f;
	int st;

	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (n + 1 < len && fgets(out + n, (int)(len - n), f))
		n = strlen(out);
	out[n] = '\0';
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#endif /* EFCFG_H */
