// SPDX-License-Identifier: GPL-2.0
/*
 * edgeflow: plan transactions. A plan replaces the whole steering table:
 * its entries are staged into a private table over as many messages as it
 * takes, and COMMIT publishes that table with one pointer swap. A plan
 * belongs to the netlink socket that began it and dies with it.
 */
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "edgeflow.h"

struct ef_plan {
	struct list_head	list;		/* ef_net.plans */
	u32			portid;		/* owner socket */
	u64			base;		/* generation at BEGIN */
	struct ef_steer_table	*t;		/* staged, unpublished */
	u32			*srv_refs;	/* [server id]: entries */
	u32			*svc_refs;	/* [service id]: entries */
};

static struct ef_plan *ef_plan_find(struct ef_net *efn, u32 portid)
{
	struct ef_plan *plan;

	lockdep_assert_held(&efn->lock);
	list_for_each_entry(plan, &efn->plans, list)
		if (plan->portid == portid)
			return plan;
	return NULL;
}

static void ef_plan_free(struct ef_net *efn, struct ef_plan *plan)
{
	list_del(&plan->list);
	efn->n_plans--;
	if (plan->t)
		ef_steer_table_put(plan->t);
	kvfree(plan->svc_refs);
	kvfree(plan->srv_refs);
	kfree(plan);
}

/* Give back the staged references and free the plan. */
static void ef_plan_discard(struct ef_net *efn, struct ef_plan *plan)
{
	struct ef_service *svc;
	struct ef_server *srv;
	unsigned long id;

	xa_for_each(&efn->servers, id, srv)
		srv->staged_refs -= plan->srv_refs[id];
	xa_for_each(&efn->services, id, svc)
		svc->staged_refs -= plan->svc_refs[id];
	ef_plan_free(efn, plan);
}

void ef_plans_flush(struct ef_net *efn)
{
	struct ef_plan *plan, *tmp;

	lockdep_assert_held(&efn->lock);
	list_for_each_entry_safe(plan, tmp, &efn->plans, list)
		ef_plan_discard(efn, plan);
}

int ef_plan_begin_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ef_net *efn = ef_net(genl_info_net(info));
	struct ef_plan *plan;
	int err = -ENOMEM;
	u64 gen;

	plan = kzalloc(sizeof(*plan), GFP_KERNEL);
	if (!plan)
		return -ENOMEM;
	plan->portid = info->snd_portid;
	plan->srv_refs = kvcalloc(ef_limits.servers + 1,
				  sizeof(*plan->srv_refs), GFP_KERNEL);
	if (!plan->srv_refs)
		goto err_free_plan;
	plan->svc_refs = kvcalloc(ef_limits.services + 1,
				  sizeof(*plan->svc_refs), GFP_KERNEL);
	if (!plan->svc_refs)
		goto err_free_srv_refs;
	plan->t = ef_steer_table_new(0);
	if (!plan->t)
		goto err_free_svc_refs;

	mutex_lock(&efn->lock);
	if (ef_plan_find(efn, plan->portid)) {
		NL_SET_ERR_MSG(info->extack,
			       "this socket has an open plan transaction already");
		err = -EBUSY;
		goto err_unlock;
	}
	if (efn->n_plans >= ef_limits.plans) {
		ef_extack_fmt(info->extack, NULL, "too many open plan transactions (max_plans=%u)",
					 ef_limits.plans);
		err = -EBUSY;
		goto err_unlock;
	}
	plan->base = efn->generation;
	gen = plan->base;
	list_add(&plan->list, &efn->plans);
	efn->n_plans++;
	mutex_unlock(&efn->lock);

	return ef_reply_gen(info, EDGEFLOW_CMD_PLAN_BEGIN, gen, -1);

err_unlock:
	mutex_unlock(&efn->lock);
	ef_steer_table_put(plan->t);
err_free_svc_refs:
	kvfree(plan->svc_refs);
err_free_srv_refs:
	kvfree(plan->srv_refs);
err_free_plan:
	kfree(plan);
	return err;
}

static struct ef_plan *ef_plan_get(struct ef_net *efn, struct genl_info *info)
{
	struct ef_plan *plan = ef_plan_find(efn, info->snd_portid);

	if (!plan)
		NL_SET_ERR_MSG(info->extack,
			       "no open plan transaction on this socket");
	return plan;
}

static int ef_plan_stage_one(struct ef_net *efn, struct ef_plan *plan,
			     const struct nlattr *nest,
			     struct netlink_ext_ack *extack)
{
	u32 service, device, server;
	int err;

	err = ef_steer_resolve(efn, nest, true, &service, &device, &server,
			       extack);
	if (err)
		return err;

	if (plan->t->count >= ef_limits.steer) {
		ef_extack_fmt(extack, nest, "plan exceeds the steering table limit (max_steer=%u)",
					      ef_limits.steer);
		return -ENOSPC;
	}

	err = ef_steer_table_add(plan->t, service, device, server);
	if (err == -EEXIST) {
		ef_extack_fmt(extack, nest, "device %u of service id %u staged twice",
					      device, service);
		return err;
	}
	if (err)
		return err;

	plan->srv_refs[server]++;
	plan->svc_refs[service]++;
	((struct ef_server *)xa_load(&efn->servers, server))->staged_refs++;
	((struct ef_service *)xa_load(&efn->services, service))->staged_refs++;
	return 0;
}

int ef_plan_stage_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ef_net *efn = ef_net(genl_info_net(info));
	const struct nlattr *a;
	struct ef_plan *plan;
	int rem, err = 0;

	if (EF_REQUIRE(info->extack, NULL, info->attrs, EDGEFLOW_A_STEER,
		       "no steering entries to stage"))
		return -EINVAL;

	mutex_lock(&efn->lock);
	plan = ef_plan_get(efn, info);
	if (!plan) {
		err = -ENOENT;
		goto out_unlock;
	}

	nla_for_each_attr(a, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		if (nla_type(a) != EDGEFLOW_A_STEER)
			continue;
		err = ef_plan_stage_one(efn, plan, a, info->extack);
		if (err)
			break;
	}
	/* A plan with a hole in it is no plan: all or nothing. */
	if (err)
		ef_plan_discard(efn, plan);
out_unlock:
	mutex_unlock(&efn->lock);
	return err;
}

int ef_plan_commit_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ef_net *efn = ef_net(genl_info_net(info));
	struct ef_steer_table *t;
	struct ef_service *svc;
	struct ef_server *srv;
	struct sk_buff *msg;
	struct ef_plan *plan;
	unsigned long id;
	u32 count;
	void *hdr;
	u64 gen;

	mutex_lock(&efn->lock);
	plan = ef_plan_get(efn, info);
	if (!plan) {
		mutex_unlock(&efn->lock);
		return -ENOENT;
	}

	/* The staged references become the live ones. */
	xa_for_each(&efn->servers, id, srv) {
		srv->steer_refs = plan->srv_refs[id];
		srv->staged_refs -= plan->srv_refs[id];
	}
	xa_for_each(&efn->services, id, svc) {
		svc->steer_refs = plan->svc_refs[id];
		svc->staged_refs -= plan->svc_refs[id];
	}

	t = plan->t;
	plan->t = NULL;
	gen = ++efn->generation;
	t->generation = gen;
	count = t->count;
	ef_steer_publish(efn, t);
	ef_plan_free(efn, plan);

	msg = NULL;
	if (ef_notify_wanted(efn))
		msg = ef_msg_new(EDGEFLOW_CMD_PLAN_COMMIT, &hdr);
	mutex_unlock(&efn->lock);

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
	return ef_reply_gen(info, EDGEFLOW_CMD_PLAN_COMMIT, gen, count);
}

int ef_plan_abort_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ef_net *efn = ef_net(genl_info_net(info));
	struct ef_plan *plan;
	int err = 0;

	mutex_lock(&efn->lock);
	plan = ef_plan_get(efn, info);
	if (plan)
		ef_plan_discard(efn, plan);
	else
		err = -ENOENT;
	mutex_unlock(&efn->lock);
	return err;
}

/* A socket closed: its open plan, if any, goes with it. */
static int ef_plan_netlink_event(struct notifier_block *nb,
				 unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;
	struct ef_plan *plan;
	struct ef_net *efn;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !n->portid)
		return NOTIFY_DONE;

	efn = ef_net(n->net);
	mutex_lock(&efn->lock);
	plan = ef_plan_find(efn, n->portid);
	if (plan)
		ef_plan_discard(efn, plan);
	mutex_unlock(&efn->lock);
	return NOTIFY_DONE;
}

static struct notifier_block ef_plan_notifier = {
	.notifier_call = ef_plan_netlink_event,
};

int __init ef_plan_init(void)
{
	return netlink_register_notifier(&ef_plan_notifier);
}

void ef_plan_exit(void)
{
	netlink_unregister_notifier(&ef_plan_notifier);
}
