// SPDX-License-Identifier: GPL-2.0
/*
 * edgeflow: the generic netlink family - policies, the op table, replies
 * and notifications shared by the object files.
 */
#include <linux/module.h>
#include <net/genetlink.h>

#include "edgeflow.h"
#include "datapath.h"

enum ef_mcgrp {
	EF_MCGRP_CONFIG,
	EF_MCGRP_EVENTS,
};

/*
 * Names: 1..EDGEFLOW_NAME_MAX - 1 bytes of printable ASCII, no space. A
 * policy validator, so the rejection happens in the policy, with a message
 * more useful than the generic one. The policy has checked the NUL.
 */
int ef_name_validate(const struct nlattr *attr,
		     struct netlink_ext_ack *extack)
{
	const char *name = nla_data(attr);
	size_t len = strlen(name);
	size_t i;

	if (!len) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "name is empty");
		return -EINVAL;
	}
	if (len >= EDGEFLOW_NAME_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "name longer than 31 bytes");
		return -ERANGE;
	}
	for (i = 0; i < len; i++) {
		if (name[i] <= ' ' || name[i] > '~') {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "name has a space or a character that is not printable ASCII");
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * A formatted extack message on @attr (may be NULL). Linux 6.1 has no NL_SET_ERR_MSG_FMT: extack
 * keeps a pointer, read when the ack is built right after the handler
 * returns. The text lives in a ring of slots that is reused only after
 * EF_ERRFMT_SLOTS further formatted errors, far more than can happen in
 * between.
 */
#define EF_ERRFMT_SLOTS		64
#define EF_ERRFMT_LEN		96

static char ef_errfmt_ring[EF_ERRFMT_SLOTS][EF_ERRFMT_LEN];
static atomic_t ef_errfmt_next = ATOMIC_INIT(0);

void ef_extack_fmt(struct netlink_ext_ack *extack, const struct nlattr *attr,
		   const char *fmt, ...)
{
	unsigned int slot;
	va_list ap;
	char *buf;

	if (!extack)
		return;
	slot = (unsigned int)atomic_inc_return(&ef_errfmt_next);
	buf = ef_errfmt_ring[slot % EF_ERRFMT_SLOTS];
	va_start(ap, fmt);
	vscnprintf(buf, EF_ERRFMT_LEN, fmt, ap);
	va_end(ap);
	extack->_msg = buf;
	if (attr)
		extack->bad_attr = attr;
}

bool ef_notify_wanted(struct ef_net *efn)
{
	return genl_has_listeners(&ef_genl_family, efn->net, EF_MCGRP_CONFIG);
}

/* Top-level request policies, one per group of commands. */
static const struct nla_policy ef_empty_policy[EDGEFLOW_A_MAX + 1] = {
	[EDGEFLOW_A_MODULE_VERSION]	= { .type = NLA_REJECT },
	[EDGEFLOW_A_ABI_VERSION]	= { .type = NLA_REJECT },
	[EDGEFLOW_A_LIMITS]		= { .type = NLA_REJECT },
};

static const struct nla_policy ef_server_req_policy[EDGEFLOW_A_SERVER + 1] = {
	[EDGEFLOW_A_SERVER]	= NLA_POLICY_NESTED(ef_server_policy),
};

static const struct nla_policy ef_service_req_policy[EDGEFLOW_A_SERVICE + 1] = {
	[EDGEFLOW_A_SERVICE]	= NLA_POLICY_NESTED(ef_service_policy),
};

static const struct nla_policy ef_steer_req_policy[EDGEFLOW_A_STEER + 1] = {
	[EDGEFLOW_A_STEER]	= NLA_POLICY_NESTED(ef_steer_policy),
};

static const struct nla_policy ef_stats_req_policy[EDGEFLOW_A_SERVICE + 1] = {
	[EDGEFLOW_A_SERVER]	= NLA_POLICY_NESTED(ef_server_policy),
	[EDGEFLOW_A_SERVICE]	= NLA_POLICY_NESTED(ef_service_policy),
};

static int ef_info_fill(struct sk_buff *skb)
{
	struct nlattr *nest;

	if (nla_put_string(skb, EDGEFLOW_A_MODULE_VERSION,
			   EDGEFLOW_MODULE_VERSION) ||
	    nla_put_u32(skb, EDGEFLOW_A_ABI_VERSION, EDGEFLOW_ABI_VERSION))
		return -EMSGSIZE;

	nest = nla_nest_start(skb, EDGEFLOW_A_LIMITS);
	if (!nest)
		return -EMSGSIZE;

	if (nla_put_u32(skb, EDGEFLOW_LIMIT_A_SERVERS, ef_limits.servers) ||
	    nla_put_u32(skb, EDGEFLOW_LIMIT_A_SERVICES, ef_limits.services) ||
	    nla_put_u32(skb, EDGEFLOW_LIMIT_A_STEER, ef_limits.steer) ||
	    nla_put_u32(skb, EDGEFLOW_LIMIT_A_DEVICES, ef_limits.devices) ||
	    nla_put_u32(skb, EDGEFLOW_LIMIT_A_WINDOWS, ef_limits.windows) ||
	    nla_put_u32(skb, EDGEFLOW_LIMIT_A_READINGS,
			EDGEFLOW_WIRE_MAX_READINGS) ||
	    nla_put_u32(skb, EDGEFLOW_LIMIT_A_RESOURCES, EF_MAX_RESOURCES) ||
	    nla_put_u32(skb, EDGEFLOW_LIMIT_A_PLANS, ef_limits.plans)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int ef_info_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &ef_genl_family, 0,
				EDGEFLOW_CMD_GET_INFO);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free_msg;
	}

	err = ef_info_fill(msg);
	if (err)
		goto err_free_msg;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free_msg:
	nlmsg_free(msg);
	return err;
}

/* A new message for @cmd with the family header in place. */
struct sk_buff *ef_msg_new(u8 cmd, void **hdr)
{
	struct sk_buff *msg;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return NULL;

	*hdr = genlmsg_put(msg, 0, 0, &ef_genl_family, 0, cmd);
	if (!*hdr) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

bool ef_events_wanted(struct net *net)
{
	return genl_has_listeners(&ef_genl_family, net, EF_MCGRP_EVENTS);
}

/* Send a finished message to the events group; consumes @msg. Atomic. */
void ef_events_send(struct net *net, struct sk_buff *msg)
{
	genlmsg_multicast_netns(&ef_genl_family, net, msg, 0, EF_MCGRP_EVENTS,
				GFP_ATOMIC);
}

/* Reply with the generation (and a count, unless negative). */
int ef_reply_gen(struct genl_info *info, u8 cmd, u64 gen, int count)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &ef_genl_family, 0, cmd);
	if (!hdr)
		goto err_free_msg;

	if (nla_put_u64_64bit(msg, EDGEFLOW_A_GENERATION, gen,
			      EDGEFLOW_A_PAD))
		goto err_free_msg;
	if (count >= 0 && nla_put_u32(msg, EDGEFLOW_A_COUNT, count))
		goto err_free_msg;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free_msg:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/*
 * Send a finished message (from ef_msg_new()) to the config group of the
 * namespace. Consumes @msg. Notifications are best effort: a listener that
 * cannot keep up sees ENOBUFS on its socket, which is how it learns to
 * resynchronise with a dump.
 */
void ef_notify(struct ef_net *efn, struct sk_buff *msg)
{
	genlmsg_multicast_netns(&ef_genl_family, efn->net, msg, 0,
				EF_MCGRP_CONFIG, GFP_KERNEL);
}

static int ef_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ef_net *efn = ef_net(genl_info_net(info));
	struct ef_steer_table *empty;
	struct sk_buff *msg;
	u32 count;
	void *hdr;
	u64 gen;

	empty = ef_steer_table_new(0);
	if (!empty)
		return -ENOMEM;

	mutex_lock(&efn->lock);
	count = rcu_dereference_protected(efn->steer,
					  lockdep_is_held(&efn->lock))->count;
	ef_plans_flush(efn);
	ef_steer_clear(efn, empty);
	ef_services_flush(efn);
	ef_servers_flush(efn);
	gen = ++efn->generation;
	empty->generation = gen;
	mutex_unlock(&efn->lock);

	msg = ef_msg_new(EDGEFLOW_CMD_FLUSH, &hdr);
	if (msg) {
		if (nla_put_u64_64bit(msg, EDGEFLOW_A_GENERATION, gen,
				      EDGEFLOW_A_PAD) ||
		    nla_put_u32(msg, EDGEFLOW_A_COUNT, count)) {
			nlmsg_free(msg);
		} else {
			genlmsg_end(msg, hdr);
			ef_notify(efn, msg);
		}
	}
	return ef_reply_gen(info, EDGEFLOW_CMD_FLUSH, gen, count);
}

#define EF_OP(_cmd, _doit, _pol, _flags) {			\
	.cmd		= (_cmd),				\
	.doit		= (_doit),				\
	.policy		= (_pol),				\
	.maxattr	= ARRAY_SIZE(_pol) - 1,			\
	.flags		= (_flags),				\
}

static const struct genl_ops ef_genl_ops[] = {
	EF_OP(EDGEFLOW_CMD_GET_INFO, ef_info_doit, ef_empty_policy, 0),

	EF_OP(EDGEFLOW_CMD_SERVER_NEW, ef_server_new_doit,
	      ef_server_req_policy, GENL_UNS_ADMIN_PERM),
	EF_OP(EDGEFLOW_CMD_SERVER_SET, ef_server_set_doit,
	      ef_server_req_policy, GENL_UNS_ADMIN_PERM),
	EF_OP(EDGEFLOW_CMD_SERVER_DEL, ef_server_del_doit,
	      ef_server_req_policy, GENL_UNS_ADMIN_PERM),
	{
		.cmd		= EDGEFLOW_CMD_SERVER_GET,
		.doit		= ef_server_get_doit,
		.dumpit		= ef_server_get_dumpit,
		.policy		= ef_server_req_policy,
		.maxattr	= ARRAY_SIZE(ef_server_req_policy) - 1,
	},

	EF_OP(EDGEFLOW_CMD_SERVICE_NEW, ef_service_new_doit,
	      ef_service_req_policy, GENL_UNS_ADMIN_PERM),
	EF_OP(EDGEFLOW_CMD_SERVICE_SET, ef_service_set_doit,
	      ef_service_req_policy, GENL_UNS_ADMIN_PERM),
	EF_OP(EDGEFLOW_CMD_SERVICE_DEL, ef_service_del_doit,
	      ef_service_req_policy, GENL_UNS_ADMIN_PERM),
	{
		.cmd		= EDGEFLOW_CMD_SERVICE_GET,
		.doit		= ef_service_get_doit,
		.dumpit		= ef_service_get_dumpit,
		.policy		= ef_service_req_policy,
		.maxattr	= ARRAY_SIZE(ef_service_req_policy) - 1,
	},

	EF_OP(EDGEFLOW_CMD_STEER_SET, ef_steer_set_doit,
	      ef_steer_req_policy, GENL_UNS_ADMIN_PERM),
	EF_OP(EDGEFLOW_CMD_STEER_DEL, ef_steer_del_doit,
	      ef_steer_req_policy, GENL_UNS_ADMIN_PERM),
	{
		.cmd		= EDGEFLOW_CMD_STEER_GET,
		.doit		= ef_steer_get_doit,
		.start		= ef_steer_get_start,
		.dumpit		= ef_steer_get_dumpit,
		.done		= ef_steer_get_done,
		.policy		= ef_steer_req_policy,
		.maxattr	= ARRAY_SIZE(ef_steer_req_policy) - 1,
	},

	EF_OP(EDGEFLOW_CMD_PLAN_BEGIN, ef_plan_begin_doit, ef_empty_policy,
	      GENL_UNS_ADMIN_PERM),
	EF_OP(EDGEFLOW_CMD_PLAN_STAGE, ef_plan_stage_doit,
	      ef_steer_req_policy, GENL_UNS_ADMIN_PERM),
	EF_OP(EDGEFLOW_CMD_PLAN_COMMIT, ef_plan_commit_doit, ef_empty_policy,
	      GENL_UNS_ADMIN_PERM),
	EF_OP(EDGEFLOW_CMD_PLAN_ABORT, ef_plan_abort_doit, ef_empty_policy,
	      GENL_UNS_ADMIN_PERM),

	{
		.cmd		= EDGEFLOW_CMD_STATS_GET,
		.doit		= ef_stats_get_doit,
		.dumpit		= ef_stats_get_dumpit,
		.policy		= ef_stats_req_policy,
		.maxattr	= ARRAY_SIZE(ef_stats_req_policy) - 1,
	},

	EF_OP(EDGEFLOW_CMD_FLUSH, ef_flush_doit, ef_empty_policy,
	      GENL_UNS_ADMIN_PERM),

	{
		.cmd		= EDGEFLOW_CMD_AGG_GET,
		.doit		= ef_agg_get_doit,
		.dumpit		= ef_agg_get_dumpit,
		.policy		= ef_agg_policy,
		.maxattr	= ARRAY_SIZE(ef_agg_policy) - 1,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	EF_OP(EDGEFLOW_CMD_AGG_DEL, ef_agg_del_doit, ef_agg_policy,
	      GENL_UNS_ADMIN_PERM),
};

static const struct genl_multicast_group ef_mcgrps[] = {
	[EF_MCGRP_CONFIG] = { .name = EDGEFLOW_MCGRP_CONFIG },
	/* Window summaries carry sensor readings: admins only. */
	[EF_MCGRP_EVENTS] = { .name = EDGEFLOW_MCGRP_EVENTS,
			      .flags = GENL_MCAST_CAP_NET_ADMIN },
};

struct genl_family ef_genl_family __ro_after_init = {
	.name		= EDGEFLOW_GENL_NAME,
	.version	= EDGEFLOW_GENL_VERSION,
	.maxattr	= EDGEFLOW_A_MAX,
	.netnsok	= true,
	/* Configuration is serialised per namespace by ef_net.lock. */
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= ef_genl_ops,
	.n_ops		= ARRAY_SIZE(ef_genl_ops),
	.resv_start_op	= EDGEFLOW_CMD_GET_INFO + 1,
	.mcgrps		= ef_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(ef_mcgrps),
};

int __init ef_genl_init(void)
{
	return genl_register_family(&ef_genl_family);
}

void ef_genl_exit(void)
{
	genl_unregister_family(&ef_genl_family);
}
