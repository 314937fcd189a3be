/* SPDX-License-Identifier: GPL-2.0 */
/* edgeflow: the netfilter datapath and the aggregate store. */
#ifndef _EDGEFLOW_DATAPATH_H
#define _EDGEFLOW_DATAPATH_H

#include <net/genetlink.h>

int ef_dp_init(void);
void ef_dp_exit(void);

/* Generic netlink handlers for the aggregate commands (genl.c's table). */
int ef_agg_get_doit(struct sk_buff *skb, struct genl_info *info);
int ef_agg_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ef_agg_del_doit(struct sk_buff *skb, struct genl_info *info);

/* Completed-window notifications on the "events" group (genl.c). */
bool ef_events_wanted(struct net *net);
void ef_events_send(struct net *net, struct sk_buff *msg);

extern const struct nla_policy ef_agg_policy[EDGEFLOW_A_MAX + 1];

#endif /* _EDGEFLOW_DATAPATH_H */
