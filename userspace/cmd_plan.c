// SPDX-License-Identifier: GPL-2.0
/*
 * edgectl plan apply: install a plan file's steering entries in the module
 * with one plan transaction (begin, stage in batches, commit), so the
 * datapath switches from the old table to the new one at once.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "edgectl.h"
#include "cfg.h"
#include "out.h"
#include "plan.h"
#include "xdp_cfg.h"

/* A STAGE message stays below the default netlink socket buffer. */
#define PLAN_BATCH_BYTES	(60 * 1024)

struct plan_name {
	const char *name;
	uint32_t id;
};

struct plan_ids {
	struct plan_name *srv, *svc;
	int n_srv, n_svc;
	struct cfg_server *servers;
	struct cfg_service *services;
};

struct plan_result {
	uint32_t entries;
	uint32_t skipped;	/* rejected by the solver: no server */
	uint32_t created;	/* servers and services the module lacked */
	uint64_t generation;
	double seconds;
};

static int plan_name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct plan_name *)a)->name, ((const struct plan_name *)b)->name);
}

static uint32_t plan_id(const struct plan_name *v, int n, const char *name)
{
	struct plan_name key = { .name = name };
	const struct plan_name *hit;

	hit = bsearch(&key, v, (size_t)n, sizeof(*v), plan_name_cmp);
	return hit ? hit->id : 0;
}

static void plan_ids_free(struct plan_ids *ids)
{
	free(ids->srv);
	free(ids->svc);
	free(ids->servers);
	free(ids->services);
	memset(ids, 0, sizeof(*ids));
}

static int plan_ids_load(struct ectl_nl *nl, struct plan_ids *ids)
{
	int i;

	plan_ids_free(ids);
	if (cfg_server_dump(nl, &ids->servers, &ids->n_srv) ||
	    cfg_service_dump(nl, &ids->services, &ids->n_svc))
		return -nl->err;

	ids->srv = calloc((size_t)ids->n_srv + 1, sizeof(*ids->srv));
	ids->svc = calloc((size_t)ids->n_svc + 1, sizeof(*ids->svc));
	if (!ids->srv || !ids->svc)
		return -ENOMEM;
	for (i = 0; i < ids->n_srv; i++)
		ids->srv[i] = (struct plan_name){ ids->servers[i].name, ids->servers[i].id };
	for (i = 0; i < ids->n_svc; i++)
		ids->svc[i] = (struct plan_name){ ids->services[i].name, ids->services[i].id };
	qsort(ids->srv, (size_t)ids->n_srv, sizeof(*ids->srv), plan_name_cmp);
	qsort(ids->svc, (size_t)ids->n_svc, sizeof(*ids->svc), plan_name_cmp);
	return 0;
}

/* Create the servers and services of the plan the module does not have. */
static int plan_create_missing(struct ectl_nl *nl, const struct ectl_plan *p,
			       const struct plan_ids *ids, uint32_t *created)
{
	struct nl_msg *msg;
	struct nlattr *nest;
	struct in6_addr a6;
	struct in_addr a4;
	int i, mode;

	for (i = 0; i < p->n_servers; i++) {
		const struct plan_server *s = &p->servers[i];

		if (plan_id(ids->srv, ids->n_srv, s->name))
			continue;
		msg = ectl_nl_msg(nl, EDGEFLOW_CMD_SERVER_NEW, false);
		if (!msg)
			return -ENOMEM;
		nest = nla_nest_start(msg, EDGEFLOW_A_SERVER | NLA_F_NESTED);
		nla_put_string(msg, EDGEFLOW_SERVER_A_NAME, s->name);
		if (s->address && inet_pton(AF_INET, s->address, &a4) == 1)
			nla_put(msg, EDGEFLOW_SERVER_A_ADDR4, 4, &a4);
		if (s->address6 && inet_pton(AF_INET6, s->address6, &a6) == 1)
			nla_put(msg, EDGEFLOW_SERVER_A_ADDR6, 16, &a6);
		nla_put_u16(msg, EDGEFLOW_SERVER_A_PORT, s->port);
		nla_nest_end(msg, nest);
		if (ectl_nl_request(nl, msg, NULL, NULL)) {
			ectl_nl_perror(nl, "plan: server");
			return -nl->err;
		}
		(*created)++;
	}

	for (i = 0; i < p->n_services; i++) {
		const struct plan_service *s = &p->services[i];

		if (plan_id(ids->svc, ids->n_svc, s->name))
			continue;
		mode = s->mode ? cfg_mode_parse(s->mode) : EDGEFLOW_MODE_FORWARD;
		msg = ectl_nl_msg(nl, EDGEFLOW_CMD_SERVICE_NEW, false);
		if (!msg)
			return -ENOMEM;
		nest = nla_nest_start(msg, EDGEFLOW_A_SERVICE | NLA_F_NESTED);
		nla_put_string(msg, EDGEFLOW_SERVICE_A_NAME, s->name);
		nla_put_u16(msg, EDGEFLOW_SERVICE_A_PORT, s->port);
		nla_put_u8(msg, EDGEFLOW_SERVICE_A_MODE,
			   (uint8_t)(mode < 0 ? EDGEFLOW_MODE_FORWARD : mode));
		nla_nest_end(msg, nest);
		if (ectl_nl_request(nl, msg, NULL, NULL)) {
			ectl_nl_perror(nl, "plan: service");
			return -nl->err;
		}
		(*created)++;
	}
	return 0;
}

static int plan_put_entry(struct nl_msg *msg, uint32_t svc, uint32_t dev, uint32_t srv)
{
	struct nlattr *nest = nla_nest_start(msg, EDGEFLOW_A_STEER | NLA_F_NESTED);

	if (!nest || nla_put_u32(msg, EDGEFLOW_STEER_A_SERVICE_ID, svc) ||
	    nla_put_u32(msg, EDGEFLOW_STEER_A_DEVICE, dev) ||
	    nla_put_u32(msg, EDGEFLOW_STEER_A_SERVER_ID, srv))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* Stage every placed entry, in messages of up to PLAN_BATCH_BYTES. */
static int plan_stage(struct ectl_nl *nl, const struct ectl_plan *p, const struct plan_ids *ids,
		      struct plan_result *res)
{
	const size_t per_entry = 4 + 3 * 8;
	struct nl_msg *msg = NULL;
	uint32_t svc, srv;
	size_t used = 0;
	int i;

	for (i = 0; i < p->n_entries; i++) {
		const struct plan_entry *e = &p->entries[i];

		if (!e->server) {
			res->skipped++;
			continue;
		}
		svc = plan_id(ids->svc, ids->n_svc, e->service);
		srv = plan_id(ids->srv, ids->n_srv, e->server);
		if (!svc || !srv) {
			ectl_err("plan: entry %d (device %u): unknown %s \"%s\"", i, e->device,
				 svc ? "server" : "service", svc ? e->server : e->service);
			nlmsg_free(msg);
			return -ENOENT;
		}
		if (!msg) {
			msg = cfg_msg_big(nl, EDGEFLOW_CMD_PLAN_STAGE, PLAN_BATCH_BYTES + 4096);
			if (!msg)
				return -ENOMEM;
			used = 0;
		}
		if (plan_put_entry(msg, svc, e->device, srv)) {
			nlmsg_free(msg);
			return -EMSGSIZE;
		}
		res->entries++;
		used += per_entry;
		if (used + per_entry > PLAN_BATCH_BYTES) {
			if (ectl_nl_request(nl, msg, NULL, NULL))
				goto err_stage;
			msg = NULL;
		}
	}
	if (msg && ectl_nl_request(nl, msg, NULL, NULL))
		goto err_stage;
	return 0;

err_stage:
	ectl_nl_perror(nl, "plan: stage");
	return -nl->err;
}

static double plan_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int plan_apply(const struct ectl_plan *p, struct plan_result *res)
{
	struct plan_ids ids = { 0 };
	struct cfg_ack ack = { 0 };
	struct ectl_nl nl;
	double t0;
	int err;

	memset(res, 0, sizeof(*res));
	err = ectl_nl_open(&nl);
	if (err)
		return err;

	err = plan_ids_load(&nl, &ids);
	if (!err)
		err = plan_create_missing(&nl, p, &ids, &res->created);
	if (!err && res->created)
		err = plan_ids_load(&nl, &ids);
	if (err) {
		if (nl.err && !nl.ext_msg[0])
			ectl_nl_perror(&nl, "plan");
		goto out;
	}

	t0 = plan_now();
	err = ectl_nl_request(&nl, ectl_nl_msg(&nl, EDGEFLOW_CMD_PLAN_BEGIN, false), NULL, NULL);
	if (err) {
		ectl_nl_perror(&nl, "plan: begin");
		goto out;
	}
	/* On failure the module has discarded the transaction, or will on close. */
	err = plan_stage(&nl, p, &ids, res);
	if (err)
		goto out;
	err = ectl_nl_request(&nl, ectl_nl_msg(&nl, EDGEFLOW_CMD_PLAN_COMMIT, false), cfg_ack_cb,
			      &ack);
	if (err) {
		ectl_nl_perror(&nl, "plan: commit");
		goto out;
	}
	res->generation = ack.generation;
	res->seconds = plan_now() - t0;
out:
	plan_ids_free(&ids);
	ectl_nl_close(&nl);
	return err;
}

int ectl_plan_apply(const struct ectl_plan *plan)
{
	struct plan_result res;
	int err;

	/* No module, XDP program loaded: into the XDP maps (xdp_cfg.c). */
	if (ectl_xdp_only())
		return ectl_xdp_plan_apply(plan);
	err = plan_apply(plan, &res);
	if (!err)
		ectl_info("plan installed: %u entries, generation %llu", res.entries,
			  (unsigned long long)res.generation);
	return err;
}

static void plan_usage(FILE *f)
{
	fprintf(f,
		"Usage: edgectl [ -j ] plan apply FILE\n"
		"Where: FILE := a plan file (JSON, from \"edgectl place\"; docs/placement.md)\n"
		"       Servers and services the plan names but the module lacks are created;\n"
		"       then every placed entry is staged and the whole steering table is\n"
		"       replaced at once. Entries the solver rejected (no server) are skipped.\n");
}

int ectl_cmd_plan(int argc, char **argv)
{
	struct ectl_plan *plan = NULL;
	struct plan_result res;
	char err[256];

	if (argc < 2 || cli_is_help(argv[1])) {
		plan_usage(argc < 2 ? stderr : stdout);
		return argc < 2;
	}
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
	if (plan_apply(plan, &res)) {
		plan_free(plan);
		return 1;
	}
	plan_free(plan);

	out_begin();
	out_u64("entries", "plan installed: %" PRIu64 " entries", res.entries);
	out_u64("skipped", " (%" PRIu64 " rejected by the solver skipped)", res.skipped);
	out_u64("created", ", %" PRIu64 " servers/services created", res.created);
	out_u64("generation", ", generation %" PRIu64, res.generation);
	out_dbl("seconds", " in %.3f s\n", res.seconds);
	out_end();
	return 0;
}
