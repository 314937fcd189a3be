// SPDX-License-Identifier: GPL-2.0
/* edgeflow: the generic netlink family. */
#include <linux/module.h>
#include <net/genetlink.h>

#include "edgeflow.h"

static const struct nla_policy ef_policy[EDGEFLOW_A_MAX + 1] = {
	[EDGEFLOW_A_MODULE_VERSION]	= { .type = NLA_REJECT },
	[EDGEFLOW_A_ABI_VERSION]	= { .type = NLA_REJECT },
	[EDGEFLOW_A_LIMITS]		= { .type = NLA_REJECT },
};

static struct genl_family ef_genl_family;

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
	    nla_put_u32(skb, EDGEFLOW_LIMIT_A_RESOURCES, EF_MAX_RESOURCES)) {
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

static const struct genl_ops ef_genl_ops[] = {
	{
		.cmd	= EDGEFLOW_CMD_GET_INFO,
		.doit	= ef_info_doit,
	},
};

static const struct genl_multicast_group ef_mcgrps[] = {
	{ .name = EDGEFLOW_MCGRP_CONFIG },
	{ .name = EDGEFLOW_MCGRP_EVENTS },
};

static struct genl_family ef_genl_family __ro_after_init = {
	.name		= EDGEFLOW_GENL_NAME,
	.version	= EDGEFLOW_GENL_VERSION,
	.maxattr	= EDGEFLOW_A_MAX,
	.policy		= ef_policy,
	.netnsok	= true,
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
