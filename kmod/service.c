// SPDX-License-Identifier: GPL-2.0
/*
 * edgeflow: services - a UDP port on the gateway with its mode, filter
 * policy per reading kind, per-device rate and default server.
 */
#include <linux/jhash.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "edgeflow.h"

static int ef_server_ref_validate(const struct nlattr *attr,
				  struct netlink_ext_ack *extack)
{
	/* "" clears the default server. */
	if (!*(const char *)nla_data(attr))
		return 0;
	return ef_name_validate(attr, extack);
}

/* Ranges beyond the s16 that NLA_POLICY_RANGE() holds. */
static struct netlink_range_validation ef_heartbeat_range = {
	.min = 1, .max = EDGEFLOW_HEARTBEAT_MS_MAX,
};

static struct netlink_range_validation ef_window_range = {
	.min = EDGEFLOW_WINDOW_MS_MIN, .max = EDGEFLOW_WINDOW_MS_MAX,
};

static struct netlink_range_validation ef_idle_range = {
	.max = EDGEFLOW_IDLE_MS_MAX,
};

/* Above 10^9/s the core's token bucket cannot tell rates apart. */
static struct netlink_range_validation ef_rate_range = {
	.max = 1000000000,
};

static const struct nla_policy ef_kind_policy_policy[EDGEFLOW_POLICY_A_MAX + 1] = {
	[EDGEFLOW_POLICY_A_KIND]	= NLA_POLICY_MAX(NLA_U8, EDGEFLOW_KIND_MAX),
	[EDGEFLOW_POLICY_A_MIN_VALUE]	= { .type = NLA_S32 },
	[EDGEFLOW_POLICY_A_MAX_VALUE]	= { .type = NLA_S32 },
	[EDGEFLOW_POLICY_A_STEP]	= NLA_POLICY_MIN(NLA_U32, 1),
	[EDGEFLOW_POLICY_A_STEP_RESET]	= NLA_POLICY_MIN(NLA_U32, 1),
	[EDGEFLOW_POLICY_A_DEADBAND]	= NLA_POLICY_MIN(NLA_U32, 1),
	[EDGEFLOW_POLICY_A_HEARTBEAT_MS] = NLA_POLICY_FULL_RANGE(NLA_U32,
								 &ef_heartbeat_range),
};

const struct nla_policy ef_service_policy[EDGEFLOW_SERVICE_A_MAX + 1] = {
	[EDGEFLOW_SERVICE_A_ID]		= NLA_POLICY_MIN(NLA_U32, 1),
	[EDGEFLOW_SERVICE_A_NAME]	= NLA_POLICY_VALIDATE_FN(NLA_NUL_STRING,
								 ef_name_validate),
	[EDGEFLOW_SERVICE_A_PORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[EDGEFLOW_SERVICE_A_MODE]	= NLA_POLICY_RANGE(NLA_U8,
							   EDGEFLOW_MODE_FORWARD,
							   EDGEFLOW_MODE_BOTH),
	[EDGEFLOW_SERVICE_A_WINDOW_MS]	= NLA_POLICY_FULL_RANGE(NLA_U32,
								&ef_window_range),
	[EDGEFLOW_SERVICE_A_UNKNOWN]	= NLA_POLICY_MAX(NLA_U8,
							 EDGEFLOW_UNKNOWN_MAX),
	[EDGEFLOW_SERVICE_A_RATE]	= NLA_POLICY_FULL_RANGE(NLA_U32,
								&ef_rate_range),
	[EDGEFLOW_SERVICE_A_BURST]	= NLA_POLICY_MIN(NLA_U32, 1),
	[EDGEFLOW_SERVICE_A_SERVER]	= NLA_POLICY_VALIDATE_FN(NLA_NUL_STRING,
								 ef_server_ref_validate),
	[EDGEFLOW_SERVICE_A_IDLE_MS]	= NLA_POLICY_FULL_RANGE(NLA_U32,
								&ef_idle_range),
	[EDGEFLOW_SERVICE_A_POLICY]	= NLA_POLICY_NESTED(ef_kind_policy_policy),
	[EDGEFLOW_SERVICE_A_STEER_REFS]	= { .type = NLA_REJECT,
					    .reject_message = "STEER_REFS is reply only" },
};

static struct hlist_head *ef_service_bucket(struct ef_net *efn,
					    const char *name)
{
	u32 h = jhash(name, strlen(name), 0);

	return &efn->service_names[h & (EF_NAME_BUCKETS - 1)];
}

static struct hlist_head *ef_port_bucket(struct ef_net *efn, u16 port)
{
	return &efn->ports[hash_32(port, ilog2(EF_PORT_BUCKETS))];
}

struct ef_service *ef_service_by_port(struct ef_net *efn, u16 port)
{
	struct ef_service *svc;

	hlist_for_each_entry_rcu(svc, ef_port_bucket(efn, port), port_node,
				 lockdep_is_held(&efn->lock))
		if (READ_ONCE(svc->port) == port)
			return svc;
	return NULL;
}

struct ef_service *ef_service_find(struct ef_net *efn, const char *name)
{
	struct ef_service *svc;

	lockdep_assert_held(&efn->lock);
	hlist_for_each_entry(svc, ef_service_bucket(efn, name), name_node)
		if (!strcmp(svc->name, name))
			return svc;
	return NULL;
}

/* The service a request's EDGEFLOW_A_SERVICE nest names, by ID or NAME. */
struct ef_service *ef_service_get_attr(struct ef_net *efn,
				       const struct nlattr *nest,
				       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[EDGEFLOW_SERVICE_A_MAX + 1];
	struct ef_service *svc;
	int err;

	err = nla_parse_nested(tb, EDGEFLOW_SERVICE_A_MAX, nest,
			       ef_service_policy, extack);
	if (err)
		return ERR_PTR(err);

	if (tb[EDGEFLOW_SERVICE_A_ID]) {
		svc = xa_load(&efn->services,
			      nla_get_u32(tb[EDGEFLOW_SERVICE_A_ID]));
		if (!svc) {
			NL_SET_ERR_MSG_ATTR(extack, tb[EDGEFLOW_SERVICE_A_ID],
					    "no service with this id");
			return ERR_PTR(-ENOENT);
		}
		if (tb[EDGEFLOW_SERVICE_A_NAME] &&
		    nla_strcmp(tb[EDGEFLOW_SERVICE_A_NAME], svc->name)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[EDGEFLOW_SERVICE_A_NAME],
					    "service name and id do not match");
			return ERR_PTR(-EINVAL);
		}
		return svc;
	}

	if (EF_REQUIRE(extack, nest, tb, EDGEFLOW_SERVICE_A_NAME,
		       "missing service name"))
		return ERR_PTR(-EINVAL);

	svc = ef_service_find(efn, nla_data(tb[EDGEFLOW_SERVICE_A_NAME]));
	if (!svc) {
		NL_SET_ERR_MSG_ATTR(extack, tb[EDGEFLOW_SERVICE_A_NAME],
				    "no such service");
		return ERR_PTR(-ENOENT);
	}
	return svc;
}

/* One POLICY nest: replaces (or, with only KIND, removes) a kind's policy. */
static int ef_kind_parse(struct ef_policy *pol, const struct nlattr *nest,
			 u32 *seen, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[EDGEFLOW_POLICY_A_MAX + 1];
	struct ef_kind_policy kp = {};
	u8 kind;
	int err;

	err = nla_parse_nested(tb, EDGEFLOW_POLICY_A_MAX, nest,
			       ef_kind_policy_policy, extack);
	if (err)
		return err;
	if (EF_REQUIRE(extack, nest, tb, EDGEFLOW_POLICY_A_KIND,
		       "missing reading kind of the policy"))
		return -EINVAL;

	kind = nla_get_u8(tb[EDGEFLOW_POLICY_A_KIND]);
	if (*seen & BIT(kind)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[EDGEFLOW_POLICY_A_KIND],
				    "policy for this kind given twice");
		return -EINVAL;
	}
	*seen |= BIT(kind);

	if (tb[EDGEFLOW_POLICY_A_MIN_VALUE] || tb[EDGEFLOW_POLICY_A_MAX_VALUE]) {
		kp.flags |= EF_KP_RANGE;
		kp.min = tb[EDGEFLOW_POLICY_A_MIN_VALUE] ?
			 nla_get_s32(tb[EDGEFLOW_POLICY_A_MIN_VALUE]) : S32_MIN;
		kp.max = tb[EDGEFLOW_POLICY_A_MAX_VALUE] ?
			 nla_get_s32(tb[EDGEFLOW_POLICY_A_MAX_VALUE]) : S32_MAX;
		if (kp.min > kp.max) {
			NL_SET_ERR_MSG_ATTR(extack, tb[EDGEFLOW_POLICY_A_MAX_VALUE] ?:
					    tb[EDGEFLOW_POLICY_A_MIN_VALUE],
					    "policy max is below min");
			return -EINVAL;
		}
	}

	if (tb[EDGEFLOW_POLICY_A_STEP]) {
		kp.flags |= EF_KP_STEP;
		kp.step = nla_get_u32(tb[EDGEFLOW_POLICY_A_STEP]);
	}
	if (tb[EDGEFLOW_POLICY_A_STEP_RESET]) {
		if (!tb[EDGEFLOW_POLICY_A_STEP]) {
			NL_SET_ERR_MSG_ATTR(extack,
					    tb[EDGEFLOW_POLICY_A_STEP_RESET],
					    "step-reset needs step");
			return -EINVAL;
		}
		kp.step_reset = nla_get_u32(tb[EDGEFLOW_POLICY_A_STEP_RESET]);
	}

	if (tb[EDGEFLOW_POLICY_A_DEADBAND]) {
		kp.flags |= EF_KP_DEADBAND;
		kp.deadband = nla_get_u32(tb[EDGEFLOW_POLICY_A_DEADBAND]);
	}
	if (tb[EDGEFLOW_POLICY_A_HEARTBEAT_MS]) {
		if (!tb[EDGEFLOW_POLICY_A_DEADBAND]) {
			NL_SET_ERR_MSG_ATTR(extack,
					    tb[EDGEFLOW_POLICY_A_HEARTBEAT_MS],
					    "heartbeat needs deadband");
			return -EINVAL;
		}
		kp.heartbeat_ns = (u64)nla_get_u32(tb[EDGEFLOW_POLICY_A_HEARTBEAT_MS]) *
				  NSEC_PER_MSEC;
	}

	pol->kind[kind] = kp;
	return 0;
}

/*
 * Apply @tb to @conf (a private copy). The default server is resolved here;
 * the caller moves the service_refs once the change is certain.
 */
static int ef_service_conf_parse(struct ef_net *efn,
				 struct ef_service_conf *conf,
				 struct nlattr **tb, const struct nlattr *nest,
				 struct netlink_ext_ack *extack)
{
	const struct nlattr *a;
	struct ef_server *srv;
	u32 seen = 0;
	int rem, err;

	if (tb[EDGEFLOW_SERVICE_A_MODE])
		conf->mode = nla_get_u8(tb[EDGEFLOW_SERVICE_A_MODE]);
	if (tb[EDGEFLOW_SERVICE_A_WINDOW_MS])
		conf->window_ms = nla_get_u32(tb[EDGEFLOW_SERVICE_A_WINDOW_MS]);
	if (tb[EDGEFLOW_SERVICE_A_UNKNOWN])
		conf->unknown = nla_get_u8(tb[EDGEFLOW_SERVICE_A_UNKNOWN]);
	if (tb[EDGEFLOW_SERVICE_A_RATE])
		conf->rate = nla_get_u32(tb[EDGEFLOW_SERVICE_A_RATE]);
	if (tb[EDGEFLOW_SERVICE_A_BURST])
		conf->burst = nla_get_u32(tb[EDGEFLOW_SERVICE_A_BURST]);
	if (tb[EDGEFLOW_SERVICE_A_IDLE_MS])
		conf->idle_ms = nla_get_u32(tb[EDGEFLOW_SERVICE_A_IDLE_MS]);

	a = tb[EDGEFLOW_SERVICE_A_SERVER];
	if (a && !*(const char *)nla_data(a)) {
		conf->server = 0;
	} else if (a) {
		srv = ef_server_find(efn, nla_data(a));
		if (!srv) {
			NL_SET_ERR_MSG_ATTR(extack, a, "no such server");
			return -ENOENT;
		}
		conf->server = srv->id;
	}

	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != EDGEFLOW_SERVICE_A_POLICY)
			continue;
		err = ef_kind_parse(&conf->policy, a, &seen, extack);
		if (err)
			return err;
	}

	conf->policy.window_ns = conf->mode & EDGEFLOW_MODE_AGGREGATE ?
				 (u64)conf->window_ms * NSEC_PER_MSEC : 0;
	conf->policy.idle_ns = (u64)conf->idle_ms * NSEC_PER_MSEC;
	return 0;
}

/* Move service_refs from the old default server to the new one. */
static void ef_service_move_ref(struct ef_net *efn, u32 from, u32 to)
{
	struct ef_server *srv;

	if (from == to)
		return;
	srv = xa_load(&efn->servers, from);
	if (srv)
		srv->service_refs--;
	srv = xa_load(&efn->servers, to);
	if (srv)
		srv->service_refs++;
}

static int ef_kind_fill(struct sk_buff *skb, u8 kind,
			const struct ef_kind_policy *kp)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, EDGEFLOW_SERVICE_A_POLICY);
	if (!nest)
		return -EMSGSIZE;

	if (nla_put_u8(skb, EDGEFLOW_POLICY_A_KIND, kind))
		goto err_cancel;
	if ((kp->flags & EF_KP_RANGE) &&
	    (nla_put_s32(skb, EDGEFLOW_POLICY_A_MIN_VALUE, kp->min) ||
	     nla_put_s32(skb, EDGEFLOW_POLICY_A_MAX_VALUE, kp->max)))
		goto err_cancel;
	if ((kp->flags & EF_KP_STEP) &&
	    (nla_put_u32(skb, EDGEFLOW_POLICY_A_STEP, kp->step) ||
	     (kp->step_reset &&
	      nla_put_u32(skb, EDGEFLOW_POLICY_A_STEP_RESET, kp->step_reset))))
		goto err_cancel;
	if ((kp->flags & EF_KP_DEADBAND) &&
	    (nla_put_u32(skb, EDGEFLOW_POLICY_A_DEADBAND, kp->deadband) ||
	     (kp->heartbeat_ns &&
	      nla_put_u32(skb, EDGEFLOW_POLICY_A_HEARTBEAT_MS,
			  div_u64(kp->heartbeat_ns, NSEC_PER_MSEC)))))
		goto err_cancel;

	nla_nest_end(skb, nest);
	return 0;

err_cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int ef_service_conf_fill(struct sk_buff *skb, struct ef_net *efn,
				const struct ef_service_conf *c)
{
	struct ef_server *srv = ef_server_by_id(efn, c->server);
	u8 kind;

	if (nla_put_u8(skb, EDGEFLOW_SERVICE_A_MODE, c->mode) ||
	    nla_put_u32(skb, EDGEFLOW_SERVICE_A_WINDOW_MS, c->window_ms) ||
	    nla_put_u8(skb, EDGEFLOW_SERVICE_A_UNKNOWN, c->unknown) ||
	    nla_put_u32(skb, EDGEFLOW_SERVICE_A_RATE, c->rate) ||
	    nla_put_u32(skb, EDGEFLOW_SERVICE_A_BURST, c->burst) ||
	    nla_put_u32(skb, EDGEFLOW_SERVICE_A_IDLE_MS, c->idle_ms) ||
	    (srv && nla_put_string(skb, EDGEFLOW_SERVICE_A_SERVER, srv->name)))
		return -EMSGSIZE;

	for (kind = 0; kind <= EDGEFLOW_KIND_MAX; kind++) {
		if (!(c->policy.kind[kind].flags & EF_KP_ALL))
			continue;
		if (ef_kind_fill(skb, kind, &c->policy.kind[kind]))
			return -EMSGSIZE;
	}
	return 0;
}

/* An EDGEFLOW_A_SERVICE nest: identity only, or everything (@full). */
int ef_service_fill(struct sk_buff *skb, struct ef_net *efn,
		    const struct ef_service *svc, bool full)
{
	const struct ef_service_conf *c;
	struct nlattr *nest;

	nest = nla_nest_start(skb, EDGEFLOW_A_SERVICE);
	if (!nest)
		return -EMSGSIZE;

	if (nla_put_u32(skb, EDGEFLOW_SERVICE_A_ID, svc->id) ||
	    nla_put_string(skb, EDGEFLOW_SERVICE_A_NAME, svc->name))
		goto err_cancel;
	if (!full)
		goto out;

	/* Callers hold ef_net.lock. */
	c = rcu_dereference_protected(svc->conf, lockdep_is_held(&efn->lock));
	if (nla_put_u16(skb, EDGEFLOW_SERVICE_A_PORT, svc->port) ||
	    nla_put_u32(skb, EDGEFLOW_SERVICE_A_STEER_REFS,
			svc->steer_refs + svc->staged_refs) ||
	    ef_service_conf_fill(skb, efn, c))
		goto err_cancel;
out:
	nla_nest_end(skb, nest);
	return 0;

err_cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static struct sk_buff *ef_service_msg(struct ef_net *efn,
				      const struct ef_service *svc, u8 cmd,
				      u64 gen, bool full,
				      struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return NULL;

	if (info)
		hdr = genlmsg_put_reply(msg, info, &ef_genl_family, 0, cmd);
	else
		hdr = genlmsg_put(msg, 0, 0, &ef_genl_family, 0, cmd);
	if (!hdr)
		goto err_free_msg;

	if (nla_put_u64_64bit(msg, EDGEFLOW_A_GENERATION, gen,
			      EDGEFLOW_A_PAD) ||
	    ef_service_fill(msg, efn, svc, full))
		goto err_free_msg;

	genlmsg_end(msg, hdr);
	return msg;

err_free_msg:
	nlmsg_free(msg);
	return NULL;
}

struct ef_service_msgs {
	struct sk_buff *reply;
	struct sk_buff *notify;
};

static int ef_service_msgs_build(struct ef_net *efn,
				 struct ef_service_msgs *m,
				 const struct ef_service *svc, u8 cmd, u64 gen,
				 bool full, struct genl_info *info)
{
	m->reply = ef_service_msg(efn, svc, cmd, gen, full, info);
	if (!m->reply)
		return -ENOMEM;
	m->notify = NULL;
	if (ef_notify_wanted(efn))
		m->notify = ef_service_msg(efn, svc, cmd, gen, full, NULL);
	return 0;
}

static int ef_service_msgs_send(struct ef_net *efn,
				struct ef_service_msgs *m,
				struct genl_info *info)
{
	if (m->notify)
		ef_notify(efn, m->notify);
	return genlmsg_reply(m->reply, info);
}

static void ef_service_free_rcu(struct rcu_head *head)
{
	struct ef_service *svc = container_of(head, struct ef_service, rcu);

	kfree(rcu_access_pointer(svc->conf));
	ef_stats_free(svc->stats);
	kfree(svc);
}

static void ef_service_unlink(struct ef_net *efn, struct ef_service *svc)
{
	const struct ef_service_conf *c;

	c = rcu_dereference_protected(svc->conf, lockdep_is_held(&efn->lock));
	ef_service_move_ref(efn, c->server, 0);
	hlist_del_rcu(&svc->port_node);
	hlist_del(&svc->name_node);
	xa_erase(&efn->services, svc->id);
	efn->n_services--;
	call_rcu(&svc->rcu, ef_service_free_rcu);
}

/* Every steering entry is gone already. */
void ef_services_flush(struct ef_net *efn)
{
	struct ef_service *svc;
	unsigned long id;

	lockdep_assert_held(&efn->lock);
	xa_for_each(&efn->services, id, svc) {
		WARN_ON_ONCE(svc->steer_refs || svc->staged_refs);
		ef_service_unlink(efn, svc);
	}
}

static int ef_service_nest(struct genl_info *info, struct nlattr **tb)
{
	struct nlattr *nest = info->attrs[EDGEFLOW_A_SERVICE];

	if (EF_REQUIRE(info->extack, NULL, info->attrs, EDGEFLOW_A_SERVICE,
		       "missing service attributes"))
		return -EINVAL;

	return nla_parse_nested(tb, EDGEFLOW_SERVICE_A_MAX, nest,
				ef_service_policy, info->extack);
}

/* Under the lock: is @port free for @self (NULL: a new service)? */
static int ef_port_check(struct ef_net *efn, const struct ef_service *self,
			 const struct nlattr *attr,
			 struct netlink_ext_ack *extack)
{
	struct ef_service *other;

	other = ef_service_by_port(efn, nla_get_u16(attr));
	if (!other || other == self)
		return 0;
	ef_extack_fmt(extack, attr, "port %u is used by service %s",
				      other->port, other->name);
	return -EEXIST;
}

int ef_service_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ef_net *efn = ef_net(genl_info_net(info));
	struct nlattr *tb[EDGEFLOW_SERVICE_A_MAX + 1];
	struct nlattr *nest = info->attrs[EDGEFLOW_A_SERVICE];
	struct netlink_ext_ack *extack = info->extack;
	struct ef_service_conf *conf;
	struct ef_service_msgs m;
	struct ef_service *svc;
	int err;

	err = ef_service_nest(info, tb);
	if (err)
		return err;

	if (tb[EDGEFLOW_SERVICE_A_ID]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[EDGEFLOW_SERVICE_A_ID],
				    "service ids are assigned by the kernel");
		return -EINVAL;
	}
	if (EF_REQUIRE(extack, nest, tb, EDGEFLOW_SERVICE_A_NAME,
		       "missing service name") ||
	    EF_REQUIRE(extack, nest, tb, EDGEFLOW_SERVICE_A_PORT,
		       "missing service port") ||
	    EF_REQUIRE(extack, nest, tb, EDGEFLOW_SERVICE_A_MODE,
		       "missing service mode"))
		return -EINVAL;

	svc = kzalloc(sizeof(*svc), GFP_KERNEL);
	if (!svc)
		return -ENOMEM;
	conf = kzalloc(sizeof(*conf), GFP_KERNEL);
	if (!conf) {
		err = -ENOMEM;
		goto err_free_svc;
	}
	svc->stats = ef_stats_alloc();
	if (!svc->stats) {
		err = -ENOMEM;
		goto err_free_conf;
	}
	nla_strscpy(svc->name, tb[EDGEFLOW_SERVICE_A_NAME], sizeof(svc->name));
	svc->port = nla_get_u16(tb[EDGEFLOW_SERVICE_A_PORT]);
	conf->window_ms = EDGEFLOW_WINDOW_MS_DEFAULT;
	conf->burst = EDGEFLOW_BURST_DEFAULT;
	conf->unknown = EDGEFLOW_UNKNOWN_DROP;

	mutex_lock(&efn->lock);
	err = ef_service_conf_parse(efn, conf, tb, nest, extack);
	if (err)
		goto err_unlock;
	if (ef_service_find(efn, svc->name)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[EDGEFLOW_SERVICE_A_NAME],
				    "a service with this name exists");
		err = -EEXIST;
		goto err_unlock;
	}
	err = ef_port_check(efn, NULL, tb[EDGEFLOW_SERVICE_A_PORT], extack);
	if (err)
		goto err_unlock;
	if (efn->n_services >= ef_limits.services) {
		ef_extack_fmt(extack, NULL, "service table full (max_services=%u)",
						 ef_limits.services);
		err = -ENOSPC;
		goto err_unlock;
	}
	RCU_INIT_POINTER(svc->conf, conf);
	err = xa_alloc(&efn->services, &svc->id, svc,
		       XA_LIMIT(1, ef_limits.services), GFP_KERNEL);
	if (err)
		goto err_unlock;

	ef_service_move_ref(efn, 0, conf->server);
	hlist_add_head(&svc->name_node, ef_service_bucket(efn, svc->name));
	hlist_add_head_rcu(&svc->port_node, ef_port_bucket(efn, svc->port));
	efn->n_services++;
	efn->generation++;
	err = ef_service_msgs_build(efn, &m, svc, EDGEFLOW_CMD_SERVICE_NEW,
				    efn->generation, true, info);
	mutex_unlock(&efn->lock);
	if (err)
		return err;
	return ef_service_msgs_send(efn, &m, info);

err_unlock:
	mutex_unlock(&efn->lock);
	ef_stats_free(svc->stats);
err_free_conf:
	kfree(conf);
err_free_svc:
	kfree(svc);
	return err;
}

static bool ef_service_has_change(struct nlattr **tb)
{
	int type;

	for (type = EDGEFLOW_SERVICE_A_PORT; type <= EDGEFLOW_SERVICE_A_POLICY;
	     type++)
		if (tb[type])
			return true;
	return false;
}

int ef_service_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ef_net *efn = ef_net(genl_info_net(info));
	struct nlattr *tb[EDGEFLOW_SERVICE_A_MAX + 1];
	struct nlattr *nest = info->attrs[EDGEFLOW_A_SERVICE];
	struct netlink_ext_ack *extack = info->extack;
	struct ef_service_conf *conf, *old;
	struct ef_service_msgs m;
	struct ef_service *svc;
	u16 port;
	int err;

	err = ef_service_nest(info, tb);
	if (err)
		return err;
	if (!ef_service_has_change(tb)) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "nothing to change");
		return -EINVAL;
	}

	conf = kzalloc(sizeof(*conf), GFP_KERNEL);
	if (!conf)
		return -ENOMEM;

	mutex_lock(&efn->lock);
	svc = ef_service_get_attr(efn, nest, extack);
	if (IS_ERR(svc)) {
		err = PTR_ERR(svc);
		goto err_unlock;
	}
	old = rcu_dereference_protected(svc->conf, lockdep_is_held(&efn->lock));
	memcpy(conf, old, sizeof(*conf));
	err = ef_service_conf_parse(efn, conf, tb, nest, extack);
	if (err)
		goto err_unlock;
	if (tb[EDGEFLOW_SERVICE_A_PORT]) {
		err = ef_port_check(efn, svc, tb[EDGEFLOW_SERVICE_A_PORT],
				    extack);
		if (err)
			goto err_unlock;
	}

	ef_service_move_ref(efn, old->server, conf->server);
	rcu_assign_pointer(svc->conf, conf);
	kfree_rcu(old, rcu);

	port = tb[EDGEFLOW_SERVICE_A_PORT] ?
	       nla_get_u16(tb[EDGEFLOW_SERVICE_A_PORT]) : svc->port;
	if (port != svc->port) {
		/*
		 * A lookup walking the old chain right now may follow the
		 * moved node into the new one and miss a service behind it:
		 * one datagram counted as not for us, nothing worse.
		 */
		hlist_del_rcu(&svc->port_node);
		WRITE_ONCE(svc->port, port);
		hlist_add_head_rcu(&svc->port_node, ef_port_bucket(efn, port));
	}

	efn->generation++;
	err = ef_service_msgs_build(efn, &m, svc, EDGEFLOW_CMD_SERVICE_SET,
				    efn->generation, true, info);
	mutex_unlock(&efn->lock);
	if (err)
		return err;
	return ef_service_msgs_send(efn, &m, info);

err_unlock:
	mutex_unlock(&efn->lock);
	kfree(conf);
	return err;
}

int ef_service_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ef_net *efn = ef_net(genl_info_net(info));
	struct nlattr *nest = info->attrs[EDGEFLOW_A_SERVICE];
	struct nlattr *tb[EDGEFLOW_SERVICE_A_MAX + 1];
	struct ef_service_msgs m;
	struct ef_service *svc;
	int err;

	err = ef_service_nest(info, tb);
	if (err)
		return err;

	mutex_lock(&efn->lock);
	svc = ef_service_get_attr(efn, nest, info->extack);
	if (IS_ERR(svc)) {
		err = PTR_ERR(svc);
		goto out_unlock;
	}
	if (svc->steer_refs || svc->staged_refs) {
		ef_extack_fmt(info->extack, nest, "service %s has %u steering entries (%u live, %u staged in open plans)",
					      svc->name,
					      svc->steer_refs + svc->staged_refs,
					      svc->steer_refs,
					      svc->staged_refs);
		err = -EBUSY;
		goto out_unlock;
	}

	err = ef_service_msgs_build(efn, &m, svc, EDGEFLOW_CMD_SERVICE_DEL,
				    efn->generation + 1, false, info);
	if (err)
		goto out_unlock;
	efn->generation++;
	ef_service_unlink(efn, svc);
	mutex_unlock(&efn->lock);
	return ef_service_msgs_send(efn, &m, info);

out_unlock:
	mutex_unlock(&efn->lock);
	return err;
}

int ef_service_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ef_net *efn = ef_net(genl_info_net(info));
	struct nlattr *tb[EDGEFLOW_SERVICE_A_MAX + 1];
	struct ef_service *svc;
	struct sk_buff *msg;
	int err;

	err = ef_service_nest(info, tb);
	if (err)
		return err;

	mutex_lock(&efn->lock);
	svc = ef_service_get_attr(efn, info->attrs[EDGEFLOW_A_SERVICE],
				  info->extack);
	if (IS_ERR(svc)) {
		mutex_unlock(&efn->lock);
		return PTR_ERR(svc);
	}
	msg = ef_service_msg(efn, svc, EDGEFLOW_CMD_SERVICE_GET,
			     efn->generation, true, info);
	mutex_unlock(&efn->lock);
	if (!msg)
		return -ENOMEM;
	return genlmsg_reply(msg, info);
}

/* cb->args[0]: the next service id to dump. */
int ef_service_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ef_net *efn = ef_net(sock_net(cb->skb->sk));
	struct ef_service *svc;
	unsigned long id;
	int err = 0;
	void *hdr;

	mutex_lock(&efn->lock);
	xa_for_each_start(&efn->services, id, svc, cb->args[0]) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &ef_genl_family,
				  NLM_F_MULTI, EDGEFLOW_CMD_SERVICE_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		if (nla_put_u64_64bit(skb, EDGEFLOW_A_GENERATION,
				      efn->generation, EDGEFLOW_A_PAD) ||
		    ef_service_fill(skb, efn, svc, true)) {
			genlmsg_cancel(skb, hdr);
			err = -EMSGSIZE;
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = id + 1;
	}
	mutex_unlock(&efn->lock);

	return skb->len ?: err;
}
