// SPDX-License-Identifier: GPL-2.0
/* edgeflow: edge servers - the destinations steering entries point at. */
#include <linux/jhash.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "edgeflow.h"

static int ef_addr4_validate(const struct nlattr *attr,
			     struct netlink_ext_ack *extack)
{
	if (nla_len(attr) == 0 || nla_len(attr) == sizeof(__be32))
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "IPv4 address must be 4 bytes (0 to remove it)");
	return -EINVAL;
}

static int ef_addr6_validate(const struct nlattr *attr,
			     struct netlink_ext_ack *extack)
{
	if (nla_len(attr) == 0 || nla_len(attr) == sizeof(struct in6_addr))
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "IPv6 address must be 16 bytes (0 to remove it)");
	return -EINVAL;
}

static int ef_res_name_validate(const struct nlattr *attr,
				struct netlink_ext_ack *extack)
{
	const char *name = nla_data(attr);
	size_t len = strlen(name);

	if (len >= EDGEFLOW_RES_NAME_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "resource name longer than 15 bytes");
		return -ERANGE;
	}
	return ef_name_validate(attr, extack);
}

static const struct nla_policy ef_res_policy[EDGEFLOW_RES_A_MAX + 1] = {
	[EDGEFLOW_RES_A_NAME]	= NLA_POLICY_VALIDATE_FN(NLA_NUL_STRING,
							 ef_res_name_validate),
	[EDGEFLOW_RES_A_VALUE]	= { .type = NLA_U64 },
};

static const struct nla_policy ef_cap_policy[EDGEFLOW_CAP_A_MAX + 1] = {
	[EDGEFLOW_CAP_A_RESOURCE] = NLA_POLICY_NESTED(ef_res_policy),
};

const struct nla_policy ef_server_policy[EDGEFLOW_SERVER_A_MAX + 1] = {
	[EDGEFLOW_SERVER_A_ID]		= NLA_POLICY_MIN(NLA_U32, 1),
	[EDGEFLOW_SERVER_A_NAME]	= NLA_POLICY_VALIDATE_FN(NLA_NUL_STRING,
								 ef_name_validate),
	[EDGEFLOW_SERVER_A_ADDR4]	= NLA_POLICY_VALIDATE_FN(NLA_BINARY,
								 ef_addr4_validate),
	[EDGEFLOW_SERVER_A_ADDR6]	= NLA_POLICY_VALIDATE_FN(NLA_BINARY,
								 ef_addr6_validate),
	[EDGEFLOW_SERVER_A_PORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[EDGEFLOW_SERVER_A_STATE]	= NLA_POLICY_MAX(NLA_U8,
							 EDGEFLOW_SERVER_STATE_MAX),
	[EDGEFLOW_SERVER_A_CAPACITY]	= NLA_POLICY_NESTED(ef_cap_policy),
	[EDGEFLOW_SERVER_A_STEER_REFS]	= { .type = NLA_REJECT,
					    .reject_message = "STEER_REFS is reply only" },
	[EDGEFLOW_SERVER_A_SERVICE_REFS] = { .type = NLA_REJECT,
					     .reject_message = "SERVICE_REFS is reply only" },
};

static struct hlist_head *ef_server_bucket(struct ef_net *efn,
					   const char *name)
{
	u32 h = jhash(name, strlen(name), 0);

	return &efn->server_names[h & (EF_NAME_BUCKETS - 1)];
}

struct ef_server *ef_server_find(struct ef_net *efn, const char *name)
{
	struct ef_server *srv;

	lockdep_assert_held(&efn->lock);
	hlist_for_each_entry(srv, ef_server_bucket(efn, name), name_node)
		if (!strcmp(srv->name, name))
			return srv;
	return NULL;
}

/* The server a request's EDGEFLOW_A_SERVER nest names, by ID or NAME. */
struct ef_server *ef_server_get_attr(struct ef_net *efn,
				     const struct nlattr *nest,
				     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[EDGEFLOW_SERVER_A_MAX + 1];
	struct ef_server *srv;
	int err;

	err = nla_parse_nested(tb, EDGEFLOW_SERVER_A_MAX, nest,
			       ef_server_policy, extack);
	if (err)
		return ERR_PTR(err);

	if (tb[EDGEFLOW_SERVER_A_ID]) {
		srv = xa_load(&efn->servers,
			      nla_get_u32(tb[EDGEFLOW_SERVER_A_ID]));
		if (!srv) {
			NL_SET_ERR_MSG_ATTR(extack, tb[EDGEFLOW_SERVER_A_ID],
					    "no server with this id");
			return ERR_PTR(-ENOENT);
		}
		if (tb[EDGEFLOW_SERVER_A_NAME] &&
		    nla_strcmp(tb[EDGEFLOW_SERVER_A_NAME], srv->name)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[EDGEFLOW_SERVER_A_NAME],
					    "server name and id do not match");
			return ERR_PTR(-EINVAL);
		}
		return srv;
	}

	if (EF_REQUIRE(extack, nest, tb, EDGEFLOW_SERVER_A_NAME,
		       "missing server name"))
		return ERR_PTR(-EINVAL);

	srv = ef_server_find(efn, nla_data(tb[EDGEFLOW_SERVER_A_NAME]));
	if (!srv) {
		NL_SET_ERR_MSG_ATTR(extack, tb[EDGEFLOW_SERVER_A_NAME],
				    "no such server");
		return ERR_PTR(-ENOENT);
	}
	return srv;
}

static int ef_caps_parse(struct ef_server_conf *conf,
			 const struct nlattr *caps,
			 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[EDGEFLOW_RES_A_MAX + 1];
	const struct nlattr *res;
	u32 i, n = 0;
	int rem, err;

	nla_for_each_nested(res, caps, rem) {
		if (n == EF_MAX_RESOURCES) {
			NL_SET_ERR_MSG_ATTR(extack, res,
					    "more than 8 resources");
			return -E2BIG;
		}
		err = nla_parse_nested(tb, EDGEFLOW_RES_A_MAX, res,
				       ef_res_policy, extack);
		if (err)
			return err;
		if (EF_REQUIRE(extack, res, tb, EDGEFLOW_RES_A_NAME,
			       "missing resource name") ||
		    EF_REQUIRE(extack, res, tb, EDGEFLOW_RES_A_VALUE,
			       "missing resource capacity"))
			return -EINVAL;

		for (i = 0; i < n; i++) {
			if (nla_strcmp(tb[EDGEFLOW_RES_A_NAME],
				       conf->caps[i].name))
				continue;
			NL_SET_ERR_MSG_ATTR(extack, tb[EDGEFLOW_RES_A_NAME],
					    "resource given twice");
			return -EINVAL;
		}
		nla_strscpy(conf->caps[n].name, tb[EDGEFLOW_RES_A_NAME],
			    sizeof(conf->caps[n].name));
		conf->caps[n].value = nla_get_u64(tb[EDGEFLOW_RES_A_VALUE]);
		n++;
	}
	conf->n_caps = n;
	return 0;
}

/* Apply the settings in @tb to @conf (a private copy). */
static int ef_server_conf_parse(struct ef_server_conf *conf,
				struct nlattr **tb, const struct nlattr *nest,
				struct netlink_ext_ack *extack)
{
	struct nlattr *a;
	int err;

	a = tb[EDGEFLOW_SERVER_A_ADDR4];
	if (a) {
		conf->has4 = nla_len(a) != 0;
		conf->addr4 = conf->has4 ? nla_get_in_addr(a) : 0;
	}

	a = tb[EDGEFLOW_SERVER_A_ADDR6];
	if (a) {
		conf->has6 = nla_len(a) != 0;
		if (conf->has6)
			conf->addr6 = nla_get_in6_addr(a);
		else
			memset(&conf->addr6, 0, sizeof(conf->addr6));
	}

	if (tb[EDGEFLOW_SERVER_A_PORT])
		conf->port = nla_get_u16(tb[EDGEFLOW_SERVER_A_PORT]);
	if (tb[EDGEFLOW_SERVER_A_STATE])
		conf->state = nla_get_u8(tb[EDGEFLOW_SERVER_A_STATE]);

	if (tb[EDGEFLOW_SERVER_A_CAPACITY]) {
		err = ef_caps_parse(conf, tb[EDGEFLOW_SERVER_A_CAPACITY],
				    extack);
		if (err)
			return err;
	}

	if (!conf->has4 && !conf->has6) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "server needs an IPv4 or an IPv6 address");
		return -EINVAL;
	}
	return 0;
}

static int ef_caps_fill(struct sk_buff *skb, const struct ef_server_conf *c)
{
	struct nlattr *caps, *res;
	u32 i;

	caps = nla_nest_start(skb, EDGEFLOW_SERVER_A_CAPACITY);
	if (!caps)
		return -EMSGSIZE;

	for (i = 0; i < c->n_caps; i++) {
		res = nla_nest_start(skb, EDGEFLOW_CAP_A_RESOURCE);
		if (!res ||
		    nla_put_string(skb, EDGEFLOW_RES_A_NAME, c->caps[i].name) ||
		    nla_put_u64_64bit(skb, EDGEFLOW_RES_A_VALUE,
				      c->caps[i].value, EDGEFLOW_RES_A_PAD))
			goto err_cancel;
		nla_nest_end(skb, res);
	}
	nla_nest_end(skb, caps);
	return 0;

err_cancel:
	nla_nest_cancel(skb, caps);
	return -EMSGSIZE;
}

/* An EDGEFLOW_A_SERVER nest: identity only, or everything (@full). */
int ef_server_fill(struct sk_buff *skb, const struct ef_server *srv,
		   bool full)
{
	const struct ef_server_conf *c;
	struct nlattr *nest;

	nest = nla_nest_start(skb, EDGEFLOW_A_SERVER);
	if (!nest)
		return -EMSGSIZE;

	if (nla_put_u32(skb, EDGEFLOW_SERVER_A_ID, srv->id) ||
	    nla_put_string(skb, EDGEFLOW_SERVER_A_NAME, srv->name))
		goto err_cancel;
	if (!full)
		goto out;

	/* Callers hold ef_net.lock or rcu_read_lock(). */
	c = rcu_dereference_check(srv->conf, 1);
	if ((c->has4 && nla_put_in_addr(skb, EDGEFLOW_SERVER_A_ADDR4,
					c->addr4)) ||
	    (c->has6 && nla_put_in6_addr(skb, EDGEFLOW_SERVER_A_ADDR6,
					 &c->addr6)) ||
	    nla_put_u16(skb, EDGEFLOW_SERVER_A_PORT, c->port) ||
	    nla_put_u8(skb, EDGEFLOW_SERVER_A_STATE, c->state) ||
	    ef_caps_fill(skb, c) ||
	    nla_put_u32(skb, EDGEFLOW_SERVER_A_STEER_REFS,
			srv->steer_refs + srv->staged_refs) ||
	    nla_put_u32(skb, EDGEFLOW_SERVER_A_SERVICE_REFS,
			srv->service_refs))
		goto err_cancel;
out:
	nla_nest_end(skb, nest);
	return 0;

err_cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/*
 * A message about @srv in generation @gen: the reply to @info, or a
 * notification when @info is NULL.
 */
static struct sk_buff *ef_server_msg(const struct ef_server *srv, u8 cmd,
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
	    ef_server_fill(msg, srv, full))
		goto err_free_msg;

	genlmsg_end(msg, hdr);
	return msg;

err_free_msg:
	nlmsg_free(msg);
	return NULL;
}

/*
 * Build the reply and the notification for a change under the lock, send
 * them after it.
 */
struct ef_server_msgs {
	struct sk_buff *reply;
	struct sk_buff *notify;
};

static int ef_server_msgs_build(struct ef_net *efn, struct ef_server_msgs *m,
				const struct ef_server *srv, u8 cmd, u64 gen,
				bool full, struct genl_info *info)
{
	m->reply = ef_server_msg(srv, cmd, gen, full, info);
	if (!m->reply)
		return -ENOMEM;
	m->notify = NULL;
	if (ef_notify_wanted(efn))
		m->notify = ef_server_msg(srv, cmd, gen, full, NULL);
	return 0;
}

static int ef_server_msgs_send(struct ef_net *efn, struct ef_server_msgs *m,
			       struct genl_info *info)
{
	if (m->notify)
		ef_notify(efn, m->notify);
	return genlmsg_reply(m->reply, info);
}

static void ef_server_free_rcu(struct rcu_head *head)
{
	struct ef_server *srv = container_of(head, struct ef_server, rcu);

	kfree(rcu_access_pointer(srv->conf));
	ef_stats_free(srv->stats);
	kfree(srv);
}

static void ef_server_unlink(struct ef_net *efn, struct ef_server *srv)
{
	hlist_del(&srv->name_node);
	xa_erase(&efn->servers, srv->id);
	efn->n_servers--;
	call_rcu(&srv->rcu, ef_server_free_rcu);
}

/* Every service and steering entry is gone already. */
void ef_servers_flush(struct ef_net *efn)
{
	struct ef_server *srv;
	unsigned long id;

	lockdep_assert_held(&efn->lock);
	xa_for_each(&efn->servers, id, srv) {
		WARN_ON_ONCE(srv->steer_refs || srv->staged_refs ||
			     srv->service_refs);
		ef_server_unlink(efn, srv);
	}
}

static int ef_server_nest(struct genl_info *info, struct nlattr **tb)
{
	struct nlattr *nest = info->attrs[EDGEFLOW_A_SERVER];

	if (EF_REQUIRE(info->extack, NULL, info->attrs, EDGEFLOW_A_SERVER,
		       "missing server attributes"))
		return -EINVAL;

	return nla_parse_nested(tb, EDGEFLOW_SERVER_A_MAX, nest,
				ef_server_policy, info->extack);
}

int ef_server_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ef_net *efn = ef_net(genl_info_net(info));
	struct nlattr *tb[EDGEFLOW_SERVER_A_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct ef_server_conf *conf;
	struct ef_server_msgs m;
	struct ef_server *srv;
	int err;

	err = ef_server_nest(info, tb);
	if (err)
		return err;

	if (tb[EDGEFLOW_SERVER_A_ID]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[EDGEFLOW_SERVER_A_ID],
				    "server ids are assigned by the kernel");
		return -EINVAL;
	}
	if (EF_REQUIRE(extack, info->attrs[EDGEFLOW_A_SERVER], tb,
		       EDGEFLOW_SERVER_A_NAME, "missing server name") ||
	    EF_REQUIRE(extack, info->attrs[EDGEFLOW_A_SERVER], tb,
		       EDGEFLOW_SERVER_A_PORT, "missing server port"))
		return -EINVAL;

	srv = kzalloc(sizeof(*srv), GFP_KERNEL);
	if (!srv)
		return -ENOMEM;
	conf = kzalloc(sizeof(*conf), GFP_KERNEL);
	if (!conf) {
		err = -ENOMEM;
		goto err_free_srv;
	}
	srv->stats = ef_stats_alloc();
	if (!srv->stats) {
		err = -ENOMEM;
		goto err_free_conf;
	}
	nla_strscpy(srv->name, tb[EDGEFLOW_SERVER_A_NAME], sizeof(srv->name));
	conf->state = EDGEFLOW_SERVER_UP;
	err = ef_server_conf_parse(conf, tb, info->attrs[EDGEFLOW_A_SERVER],
				   extack);
	if (err)
		goto err_free_stats;
	RCU_INIT_POINTER(srv->conf, conf);

	mutex_lock(&efn->lock);
	if (ef_server_find(efn, srv->name)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[EDGEFLOW_SERVER_A_NAME],
				    "a server with this name exists");
		err = -EEXIST;
		goto err_unlock;
	}
	if (efn->n_servers >= ef_limits.servers) {
		ef_extack_fmt(extack, NULL, "server table full (max_servers=%u)",
						 ef_limits.servers);
		err = -ENOSPC;
		goto err_unlock;
	}
	err = xa_alloc(&efn->servers, &srv->id, srv,
		       XA_LIMIT(1, ef_limits.servers), GFP_KERNEL);
	if (err)
		goto err_unlock;

	hlist_add_head(&srv->name_node, ef_server_bucket(efn, srv->name));
	efn->n_servers++;
	efn->generation++;
	err = ef_server_msgs_build(efn, &m, srv, EDGEFLOW_CMD_SERVER_NEW,
				   efn->generation, true, info);
	mutex_unlock(&efn->lock);
	if (err)
		return err;
	return ef_server_msgs_send(efn, &m, info);

err_unlock:
	mutex_unlock(&efn->lock);
err_free_stats:
	ef_stats_free(srv->stats);
err_free_conf:
	kfree(conf);
err_free_srv:
	kfree(srv);
	return err;
}

static bool ef_server_has_change(struct nlattr **tb)
{
	return tb[EDGEFLOW_SERVER_A_ADDR4] || tb[EDGEFLOW_SERVER_A_ADDR6] ||
	       tb[EDGEFLOW_SERVER_A_PORT] || tb[EDGEFLOW_SERVER_A_STATE] ||
	       tb[EDGEFLOW_SERVER_A_CAPACITY];
}

int ef_server_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ef_net *efn = ef_net(genl_info_net(info));
	struct nlattr *tb[EDGEFLOW_SERVER_A_MAX + 1];
	struct ef_server_conf *conf, *old;
	struct ef_server_msgs m;
	struct ef_server *srv;
	int err;

	err = ef_server_nest(info, tb);
	if (err)
		return err;
	if (!ef_server_has_change(tb)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[EDGEFLOW_A_SERVER],
				    "nothing to change");
		return -EINVAL;
	}

	conf = kzalloc(sizeof(*conf), GFP_KERNEL);
	if (!conf)
		return -ENOMEM;

	mutex_lock(&efn->lock);
	srv = ef_server_get_attr(efn, info->attrs[EDGEFLOW_A_SERVER],
				 info->extack);
	if (IS_ERR(srv)) {
		err = PTR_ERR(srv);
		goto err_unlock;
	}
	old = rcu_dereference_protected(srv->conf,
					lockdep_is_held(&efn->lock));
	memcpy(conf, old, sizeof(*conf));
	err = ef_server_conf_parse(conf, tb, info->attrs[EDGEFLOW_A_SERVER],
				   info->extack);
	if (err)
		goto err_unlock;

	rcu_assign_pointer(srv->conf, conf);
	kfree_rcu(old, rcu);
	efn->generation++;
	err = ef_server_msgs_build(efn, &m, srv, EDGEFLOW_CMD_SERVER_SET,
				   efn->generation, true, info);
	mutex_unlock(&efn->lock);
	if (err)
		return err;
	return ef_server_msgs_send(efn, &m, info);

err_unlock:
	mutex_unlock(&efn->lock);
	kfree(conf);
	return err;
}

int ef_server_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ef_net *efn = ef_net(genl_info_net(info));
	struct nlattr *tb[EDGEFLOW_SERVER_A_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct ef_server_msgs m;
	struct ef_server *srv;
	int err;

	err = ef_server_nest(info, tb);
	if (err)
		return err;

	mutex_lock(&efn->lock);
	srv = ef_server_get_attr(efn, info->attrs[EDGEFLOW_A_SERVER], extack);
	if (IS_ERR(srv)) {
		err = PTR_ERR(srv);
		goto out_unlock;
	}
	if (srv->steer_refs || srv->staged_refs) {
		ef_extack_fmt(extack, info->attrs[EDGEFLOW_A_SERVER], "server %s is used by %u steering entries (%u live, %u staged in open plans)",
					      srv->name,
					      srv->steer_refs + srv->staged_refs,
					      srv->steer_refs,
					      srv->staged_refs);
		err = -EBUSY;
		goto out_unlock;
	}
	if (srv->service_refs) {
		ef_extack_fmt(extack, info->attrs[EDGEFLOW_A_SERVER], "server %s is the default server of %u services",
					      srv->name, srv->service_refs);
		err = -EBUSY;
		goto out_unlock;
	}

	err = ef_server_msgs_build(efn, &m, srv, EDGEFLOW_CMD_SERVER_DEL,
				   efn->generation + 1, false, info);
	if (err)
		goto out_unlock;
	efn->generation++;
	ef_server_unlink(efn, srv);
	mutex_unlock(&efn->lock);
	return ef_server_msgs_send(efn, &m, info);

out_unlock:
	mutex_unlock(&efn->lock);
	return err;
}

int ef_server_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ef_net *efn = ef_net(genl_info_net(info));
	struct nlattr *tb[EDGEFLOW_SERVER_A_MAX + 1];
	struct sk_buff *msg;
	struct ef_server *srv;
	int err;

	err = ef_server_nest(info, tb);
	if (err)
		return err;

	mutex_lock(&efn->lock);
	srv = ef_server_get_attr(efn, info->attrs[EDGEFLOW_A_SERVER],
				 info->extack);
	if (IS_ERR(srv)) {
		mutex_unlock(&efn->lock);
		return PTR_ERR(srv);
	}
	msg = ef_server_msg(srv, EDGEFLOW_CMD_SERVER_GET, efn->generation,
			    true, info);
	mutex_unlock(&efn->lock);
	if (!msg)
		return -ENOMEM;
	return genlmsg_reply(msg, info);
}

/* cb->args[0]: the next server id to dump. */
int ef_server_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ef_net *efn = ef_net(sock_net(cb->skb->sk));
	struct ef_server *srv;
	unsigned long id;
	int err = 0;
	void *hdr;

	mutex_lock(&efn->lock);
	xa_for_each_start(&efn->servers, id, srv, cb->args[0]) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &ef_genl_family,
				  NLM_F_MULTI, EDGEFLOW_CMD_SERVER_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		if (nla_put_u64_64bit(skb, EDGEFLOW_A_GENERATION,
				      efn->generation, EDGEFLOW_A_PAD) ||
		    ef_server_fill(skb, srv, true)) {
			genlmsg_cancel(skb, hdr);
			err = -EMSGSIZE;
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = id + 1;
	}
	mutex_unlock(&efn->lock);

	/* A full skb ends this round; the next resumes at cb->args[0]. */
	return skb->len ?: err;
}
