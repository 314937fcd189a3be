// SPDX-License-Identifier: GPL-2.0
/* edgeflow: per-CPU counters, globally, per service and per server. */
#include <linux/percpu.h>
#include <net/genetlink.h>

#include "edgeflow.h"

struct ef_pcpu_stats __percpu *ef_stats_alloc(void)
{
	struct ef_pcpu_stats __percpu *stats;
	int cpu;

	stats = alloc_percpu(struct ef_pcpu_stats);
	if (!stats)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(stats, cpu)->syncp);
	return stats;
}

void ef_stats_free(struct ef_pcpu_stats __percpu *stats)
{
	free_percpu(stats);
}

/* The datapath runs with bottom halves off: this CPU's slot is ours. */
static void ef_stats_add(struct ef_pcpu_stats __percpu *stats,
			 enum ef_stat stat, int reason, u32 bytes)
{
	struct ef_pcpu_stats *s = this_cpu_ptr(stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->pkts[stat]);
	u64_stats_add(&s->bytes[stat], bytes);
	if (reason >= 0)
		u64_stats_inc(&s->drops[reason]);
	u64_stats_update_end(&s->syncp);
}

void ef_stats_inc(struct ef_net *efn, struct ef_service *svc,
		  struct ef_server *srv, enum ef_stat stat, u32 bytes)
{
	ef_stats_add(efn->stats, stat, -1, bytes);
	if (svc)
		ef_stats_add(svc->stats, stat, -1, bytes);
	if (srv)
		ef_stats_add(srv->stats, stat, -1, bytes);
}

void ef_stats_drop(struct ef_net *efn, struct ef_service *svc,
		   struct ef_server *srv, enum edgeflow_reason reason,
		   u32 bytes)
{
	if (WARN_ON_ONCE((unsigned int)reason > EDGEFLOW_R_MAX))
		reason = EDGEFLOW_R_MALFORMED;
	ef_stats_add(efn->stats, EF_STAT_DROP, reason, bytes);
	if (svc)
		ef_stats_add(svc->stats, EF_STAT_DROP, reason, bytes);
	if (srv)
		ef_stats_add(srv->stats, EF_STAT_DROP, reason, bytes);
}

static void ef_stats_sum(struct ef_pcpu_stats __percpu *stats,
			 struct ef_stats *sum)
{
	const struct ef_pcpu_stats *s;
	struct ef_stats one;
	unsigned int start;
	int cpu, i;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		s = per_cpu_ptr(stats, cpu);
		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < EF_STAT_N; i++) {
				one.pkts[i] = u64_stats_read(&s->pkts[i]);
				one.bytes[i] = u64_stats_read(&s->bytes[i]);
			}
			for (i = 0; i <= EDGEFLOW_R_MAX; i++)
				one.drops[i] = u64_stats_read(&s->drops[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		for (i = 0; i < EF_STAT_N; i++) {
			sum->pkts[i] += one.pkts[i];
			sum->bytes[i] += one.bytes[i];
		}
		for (i = 0; i <= EDGEFLOW_R_MAX; i++)
			sum->drops[i] += one.drops[i];
	}
}

static const struct {
	int pkts;
	int bytes;
} ef_stats_attrs[EF_STAT_N] = {
	[EF_STAT_RX]	= { EDGEFLOW_STATS_A_RX_PACKETS,
			    EDGEFLOW_STATS_A_RX_BYTES },
	[EF_STAT_FWD]	= { EDGEFLOW_STATS_A_FWD_PACKETS,
			    EDGEFLOW_STATS_A_FWD_BYTES },
	[EF_STAT_AGG]	= { EDGEFLOW_STATS_A_AGG_PACKETS,
			    EDGEFLOW_STATS_A_AGG_BYTES },
	[EF_STAT_DROP]	= { EDGEFLOW_STATS_A_DROP_PACKETS,
			    EDGEFLOW_STATS_A_DROP_BYTES },
};

static int ef_stats_fill(struct sk_buff *skb,
			 struct ef_pcpu_stats __percpu *stats)
{
	struct nlattr *nest, *drops;
	struct ef_stats sum;
	int i;

	ef_stats_sum(stats, &sum);

	nest = nla_nest_start(skb, EDGEFLOW_A_STATS);
	if (!nest)
		return -EMSGSIZE;

	for (i = 0; i < EF_STAT_N; i++) {
		if (nla_put_u64_64bit(skb, ef_stats_attrs[i].pkts,
				      sum.pkts[i], EDGEFLOW_STATS_A_PAD) ||
		    nla_put_u64_64bit(skb, ef_stats_attrs[i].bytes,
				      sum.bytes[i], EDGEFLOW_STATS_A_PAD))
			goto err_cancel;
	}

	drops = nla_nest_start(skb, EDGEFLOW_STATS_A_DROPS);
	if (!drops)
		goto err_cancel;
	/* One attribute per reason, the type being the reason; 0 pads. */
	for (i = EDGEFLOW_R_OK + 1; i <= EDGEFLOW_R_MAX; i++)
		if (nla_put_u64_64bit(skb, i, sum.drops[i], EDGEFLOW_R_OK))
			goto err_cancel;
	nla_nest_end(skb, drops);

	nla_nest_end(skb, nest);
	return 0;

err_cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/* Which object a stats message is about. */
enum ef_stats_scope {
	EF_STATS_GLOBAL,
	EF_STATS_SERVICE,
	EF_STATS_SERVER,
};

static int ef_stats_put(struct sk_buff *skb, struct ef_net *efn,
			enum ef_stats_scope scope, const void *obj)
{
	struct ef_pcpu_stats __percpu *stats = efn->stats;
	const struct ef_service *svc = obj;
	const struct ef_server *srv = obj;

	if (nla_put_u64_64bit(skb, EDGEFLOW_A_GENERATION, efn->generation,
			      EDGEFLOW_A_PAD))
		return -EMSGSIZE;

	if (scope == EF_STATS_SERVICE) {
		if (ef_service_fill(skb, efn, svc, false))
			return -EMSGSIZE;
		stats = svc->stats;
	} else if (scope == EF_STATS_SERVER) {
		if (ef_server_fill(skb, srv, false))
			return -EMSGSIZE;
		stats = srv->stats;
	}
	return ef_stats_fill(skb, stats);
}

int ef_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ef_net *efn = ef_net(genl_info_net(info));
	struct nlattr *svc_attr = info->attrs[EDGEFLOW_A_SERVICE];
	struct nlattr *srv_attr = info->attrs[EDGEFLOW_A_SERVER];
	enum ef_stats_scope scope = EF_STATS_GLOBAL;
	const void *obj = NULL;
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (svc_attr && srv_attr) {
		NL_SET_ERR_MSG_ATTR(info->extack, srv_attr,
				    "ask for a service or a server, not both");
		return -EINVAL;
	}

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &ef_genl_family, 0,
				EDGEFLOW_CMD_STATS_GET);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free_msg;
	}

	mutex_lock(&efn->lock);
	if (svc_attr) {
		scope = EF_STATS_SERVICE;
		obj = ef_service_get_attr(efn, svc_attr, info->extack);
	} else if (srv_attr) {
		scope = EF_STATS_SERVER;
		obj = ef_server_get_attr(efn, srv_attr, info->extack);
	}
	if (IS_ERR(obj)) {
		err = PTR_ERR(obj);
		goto err_unlock;
	}
	err = ef_stats_put(msg, efn, scope, obj);
	mutex_unlock(&efn->lock);
	if (err)
		goto err_free_msg;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_unlock:
	mutex_unlock(&efn->lock);
err_free_msg:
	nlmsg_free(msg);
	return err;
}

/*
 * Dump: the global counters, then every service, then every server.
 * cb->args[0]: scope, cb->args[1]: the next id in it.
 */
int ef_stats_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ef_net *efn = ef_net(sock_net(cb->skb->sk));
	unsigned long id;
	void *obj;
	void *hdr;

	mutex_lock(&efn->lock);
	for (; cb->args[0] <= EF_STATS_SERVER; cb->args[0]++, cb->args[1] = 0) {
		struct xarray *xa = cb->args[0] == EF_STATS_SERVICE ?
				    &efn->services : &efn->servers;

		id = cb->args[1];
		obj = NULL;
		if (cb->args[0] != EF_STATS_GLOBAL) {
			obj = xa_find(xa, &id, ULONG_MAX, XA_PRESENT);
			if (!obj)
				continue;
		} else if (cb->args[1]) {
			continue;
		}

		for (;;) {
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, &ef_genl_family,
					  NLM_F_MULTI, EDGEFLOW_CMD_STATS_GET);
			if (!hdr)
				goto out;
			if (ef_stats_put(skb, efn, cb->args[0], obj)) {
				genlmsg_cancel(skb, hdr);
				goto out;
			}
			genlmsg_end(skb, hdr);
			cb->args[1] = id + 1;
			if (cb->args[0] == EF_STATS_GLOBAL)
				break;
			obj = xa_find_after(xa, &id, ULONG_MAX, XA_PRESENT);
			if (!obj)
				break;
		}
	}
out:
	mutex_unlock(&efn->lock);
	return skb->len;
}
