// SPDX-License-Identifier: GPL-2.0
/*
 * edgeflow: the steering table, (service, device) -> server.
 *
 * Readers (the datapath, dumps) walk a table under RCU. Single entries are
 * added and removed in place; a plan builds a whole new table and swaps it
 * in, and so does growing the table, so a table is never rehashed while
 * readers can see it.
 */
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "edgeflow.h"

#define EF_STEER_MIN_BUCKETS	64
/* Entries per chunk, so that a chunk is a 64 KiB allocation. */
#define EF_STEER_CHUNK		((SZ_64K - sizeof(struct ef_steer_chunk)) / \
				 sizeof(struct ef_steer))

static_assert(sizeof(struct ef_steer) == 32);

const struct nla_policy ef_steer_policy[EDGEFLOW_STEER_A_MAX + 1] = {
	[EDGEFLOW_STEER_A_SERVICE]	= NLA_POLICY_VALIDATE_FN(NLA_NUL_STRING,
								 ef_name_validate),
	[EDGEFLOW_STEER_A_SERVICE_ID]	= NLA_POLICY_MIN(NLA_U32, 1),
	[EDGEFLOW_STEER_A_DEVICE]	= { .type = NLA_U32 },
	[EDGEFLOW_STEER_A_SERVER]	= NLA_POLICY_VALIDATE_FN(NLA_NUL_STRING,
								 ef_name_validate),
	[EDGEFLOW_STEER_A_SERVER_ID]	= NLA_POLICY_MIN(NLA_U32, 1),
};

/* ---------------------------------------------------------------------- */
/* Tables                                                                  */
/* ---------------------------------------------------------------------- */

struct ef_steer_table *ef_steer_table_new(u32 buckets)
{
	struct ef_steer_table *t;

	buckets = roundup_pow_of_two(max_t(u32, buckets, EF_STEER_MIN_BUCKETS));

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return NULL;

	t->buckets = kvcalloc(buckets, sizeof(*t->buckets), GFP_KERNEL);
	if (!t->buckets) {
		kfree(t);
		return NULL;
	}
	t->mask = buckets - 1;
	t->seed = get_random_u32();
	refcount_set(&t->ref, 1);
	return t;
}

static void ef_steer_table_destroy(struct ef_steer_table *t)
{
	struct ef_steer_chunk *c, *next;
	struct hlist_node *tmp;
	struct ef_steer *e;
	u32 b;

	for (b = 0; b <= t->mask; b++) {
		hlist_for_each_entry_safe(e, tmp, &t->buckets[b], node)
			if (e->flags & EF_STEER_F_KMALLOC)
				kfree(e);
		if (!(b & 0xffff))
			cond_resched();
	}
	for (c = t->chunks; c; c = next) {
		next = c->next;
		kvfree(c);
	}
	kvfree(t->buckets);
	kfree(t);
}

static void ef_steer_table_free_work(struct work_struct *work)
{
	struct ef_steer_table *t;

	t = container_of(to_rcu_work(work), struct ef_steer_table, free_work);
	ef_steer_table_destroy(t);
}

/* Drop a reference; the last one frees the table after a grace period. */
void ef_steer_table_put(struct ef_steer_table *t)
{
	if (!refcount_dec_and_test(&t->ref))
		return;
	INIT_RCU_WORK(&t->free_work, ef_steer_table_free_work);
	queue_rcu_work(ef_wq, &t->free_work);
}

static u32 ef_steer_hash(const struct ef_steer_table *t, u32 service,
			 u32 device)
{
	return jhash_2words(service, device, t->seed) & t->mask;
}

/* Under rcu_read_lock() or, for an unpublished table, its owner's lock. */
static struct ef_steer *ef_steer_find(const struct ef_steer_table *t,
				      u32 service, u32 device)
{
	struct ef_steer *e;

	hlist_for_each_entry_rcu(e, &t->buckets[ef_steer_hash(t, service, device)],
				 node, true)
		if (e->device == device && e->service == service)
			return e;
	return NULL;
}

u32 ef_steer_lookup(struct ef_net *efn, u32 service, u32 device)
{
	const struct ef_steer_table *t = rcu_dereference(efn->steer);
	const struct ef_steer *e;

	e = ef_steer_find(t, service, device);
	return e ? READ_ONCE(e->server) : 0;
}

static struct ef_steer *ef_steer_chunk_alloc(struct ef_steer_table *t)
{
	struct ef_steer_chunk *c = t->chunks;

	if (!c || c->used == c->size) {
		c = kvmalloc(struct_size(c, e, EF_STEER_CHUNK), GFP_KERNEL);
		if (!c)
			return NULL;
		c->used = 0;
		c->size = EF_STEER_CHUNK;
		c->next = t->chunks;
		t->chunks = c;
	}
	return &c->e[c->used++];
}

/*
 * Rehash an unpublished table into @buckets buckets. On allocation failure
 * the table keeps its size: chains grow longer, lookups stay correct.
 */
static void ef_steer_table_rehash(struct ef_steer_table *t, u32 buckets)
{
	struct hlist_head *old = t->buckets;
	u32 old_n = t->mask + 1, b;
	struct hlist_node *tmp;
	struct ef_steer *e;

	t->buckets = kvcalloc(buckets, sizeof(*t->buckets), GFP_KERNEL);
	if (!t->buckets) {
		t->buckets = old;
		return;
	}
	t->mask = buckets - 1;
	for (b = 0; b < old_n; b++)
		hlist_for_each_entry_safe(e, tmp, &old[b], node)
			hlist_add_head(&e->node,
				       &t->buckets[ef_steer_hash(t, e->service,
								 e->device)]);
	kvfree(old);
}

static int ef_steer_table_insert(struct ef_steer_table *t, u32 service,
				 u32 device, u32 server)
{
	struct ef_steer *e;

	if (t->count > t->mask)
		ef_steer_table_rehash(t, (t->mask + 1) * 2);

	e = ef_steer_chunk_alloc(t);
	if (!e)
		return -ENOMEM;
	e->service = service;
	e->device = device;
	e->server = server;
	e->flags = 0;
	hlist_add_head(&e->node,
		       &t->buckets[ef_steer_hash(t, service, device)]);
	t->count++;
	return 0;
}

/* Add to an unpublished table: -EEXIST for a key it has. */
int ef_steer_table_add(struct ef_steer_table *t, u32 service, u32 device,
		       u32 server)
{
	if (ef_steer_find(t, service, device))
		return -EEXIST;
	return ef_steer_table_insert(t, service, device, server);
}

/* Make @t the live table; the old one goes when its readers are done. */
void ef_steer_publish(struct ef_net *efn, struct ef_steer_table *t)
{
	struct ef_steer_table *old;

	old = rcu_replace_pointer(efn->steer, t, lockdep_is_held(&efn->lock));
	if (old)
		ef_steer_table_put(old);
}

static struct ef_steer_table *ef_steer_live(struct ef_net *efn)
{
	return rcu_dereference_protected(efn->steer,
					 lockdep_is_held(&efn->lock));
}

/* Copy the live table into one of @buckets buckets and swap it in. */
static int ef_steer_rebuild(struct ef_net *efn, u32 buckets)
{
	struct ef_steer_table *old = ef_steer_live(efn), *t;
	struct ef_steer *e;
	u32 b;
	int err;

	t = ef_steer_table_new(buckets);
	if (!t)
		return -ENOMEM;

	for (b = 0; b <= old->mask; b++) {
		hlist_for_each_entry(e, &old->buckets[b], node) {
			err = ef_steer_table_insert(t, e->service, e->device,
						    e->server);
			if (err)
				goto err_put;
		}
	}
	t->generation = old->generation;
	ef_steer_publish(efn, t);
	return 0;

err_put:
	ef_steer_table_put(t);
	return err;
}

int ef_steer_net_init(struct ef_net *efn)
{
	struct ef_steer_table *t = ef_steer_table_new(0);

	if (!t)
		return -ENOMEM;
	t->generation = efn->generation;
	RCU_INIT_POINTER(efn->steer, t);
	return 0;
}

/* Replace the live table with an empty one (FLUSH): no entry refers any more. */
void ef_steer_clear(struct ef_net *efn, struct ef_steer_table *empty)
{
	struct ef_service *svc;
	struct ef_server *srv;
	unsigned long id;

	xa_for_each(&efn->servers, id, srv)
		srv->steer_refs = 0;
	xa_for_each(&efn->services, id, svc)
		svc->steer_refs = 0;
	if (empty)
		ef_steer_publish(efn, empty);
}

void ef_steer_net_exit(struct ef_net *efn)
{
	ef_steer_clear(efn, NULL);
	ef_steer_table_put(rcu_replace_pointer(efn->steer, NULL,
					       lockdep_is_held(&efn->lock)));
}

/* ---------------------------------------------------------------------- */
/* Requests                                                                */
/* ---------------------------------------------------------------------- */

/*
 * Resolve an EDGEFLOW_A_STEER nest to ids. @device may be NULL when the
 * request may omit it (then *has_device says whether it was given).
 */
static int ef_steer_parse(struct ef_net *efn, const struct nlattr *nest,
			  u32 *service, u32 *device, bool *has_device,
			  u32 *server, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[EDGEFLOW_STEER_A_MAX + 1];
	struct ef_service *svc;
	struct ef_server *srv;
	struct nlattr *a;
	int err;

	err = nla_parse_nested(tb, EDGEFLOW_STEER_A_MAX, nest,
			       ef_steer_policy, extack);
	if (err)
		return err;

	if (tb[EDGEFLOW_STEER_A_SERVICE] && tb[EDGEFLOW_STEER_A_SERVICE_ID]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[EDGEFLOW_STEER_A_SERVICE_ID],
				    "give the service by name or by id, not both");
		return -EINVAL;
	}
	a = tb[EDGEFLOW_STEER_A_SERVICE_ID];
	if (a) {
		svc = xa_load(&efn->services, nla_get_u32(a));
	} else {
		if (EF_REQUIRE(extack, nest, tb, EDGEFLOW_STEER_A_SERVICE,
			       "missing service of the steering entry"))
			return -EINVAL;
		a = tb[EDGEFLOW_STEER_A_SERVICE];
		svc = ef_service_find(efn, nla_data(a));
	}
	if (!svc) {
		NL_SET_ERR_MSG_ATTR(extack, a, "no such service");
		return -ENOENT;
	}
	*service = svc->id;

	if (has_device)
		*has_device = tb[EDGEFLOW_STEER_A_DEVICE];
	if (tb[EDGEFLOW_STEER_A_DEVICE])
		*device = nla_get_u32(tb[EDGEFLOW_STEER_A_DEVICE]);
	else if (!has_device && EF_REQUIRE(extack, nest, tb,
					   EDGEFLOW_STEER_A_DEVICE,
					   "missing device of the steering entry"))
		return -EINVAL;

	if (!server)
		return 0;

	if (tb[EDGEFLOW_STEER_A_SERVER] && tb[EDGEFLOW_STEER_A_SERVER_ID]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[EDGEFLOW_STEER_A_SERVER_ID],
				    "give the server by name or by id, not both");
		return -EINVAL;
	}
	a = tb[EDGEFLOW_STEER_A_SERVER_ID];
	if (a) {
		srv = xa_load(&efn->servers, nla_get_u32(a));
	} else {
		if (EF_REQUIRE(extack, nest, tb, EDGEFLOW_STEER_A_SERVER,
			       "missing server of the steering entry"))
			return -EINVAL;
		a = tb[EDGEFLOW_STEER_A_SERVER];
		srv = ef_server_find(efn, nla_data(a));
	}
	if (!srv) {
		NL_SET_ERR_MSG_ATTR(extack, a, "no such server");
		return -ENOENT;
	}
	*server = srv->id;
	return 0;
}

int ef_steer_resolve(struct ef_net *efn, const struct nlattr *nest,
		     bool need_server, u32 *service, u32 *device, u32 *server,
		     struct netlink_ext_ack *extack)
{
	return ef_steer_parse(efn, nest, service, device, NULL,
			      need_server ? server : NULL, extack);
}

/* Move one reference of a live entry between objects (0: none). */
static void ef_steer_ref(struct ef_net *efn, u32 service, u32 server, int d)
{
	struct ef_service *svc = xa_load(&efn->services, service);
	struct ef_server *srv = xa_load(&efn->servers, server);

	if (!WARN_ON_ONCE(!svc))
		svc->steer_refs += d;
	if (!WARN_ON_ONCE(!srv))
		srv->steer_refs += d;
}

/* One entry as an EDGEFLOW_A_STEER nest, with names where they resolve. */
static int ef_steer_fill(struct sk_buff *skb, struct ef_net *efn,
			 u32 service, u32 device, u32 server)
{
	struct ef_service *svc = xa_load(&efn->services, service);
	struct ef_server *srv = xa_load(&efn->servers, server);
	struct nlattr *nest;

	nest = nla_nest_start(skb, EDGEFLOW_A_STEER);
	if (!nest)
		return -EMSGSIZE;

	if (nla_put_u32(skb, EDGEFLOW_STEER_A_SERVICE_ID, service) ||
	    (svc && nla_put_string(skb, EDGEFLOW_STEER_A_SERVICE, svc->name)) ||
	    nla_put_u32(skb, EDGEFLOW_STEER_A_DEVICE, device) ||
	    (server && nla_put_u32(skb, EDGEFLOW_STEER_A_SERVER_ID, server)) ||
	    (srv && nla_put_string(skb, EDGEFLOW_STEER_A_SERVER, srv->name))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* A reply (@info) or notification message about one entry. */
static struct sk_buff *ef_steer_msg(struct ef_net *efn, u8 cmd, u64 gen,
				    u32 service, u32 device, u32 server,
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
	    ef_steer_fill(msg, efn, service, device, server))
		goto err_free_msg;

	genlmsg_end(msg, hdr);
	return msg;

err_free_msg:
	nlmsg_free(msg);
	return NULL;
}

static void ef_steer_notify(struct ef_net *efn, u8 cmd, u64 gen,
			    u32 service, u32 device, u32 server)
{
	struct sk_buff *msg;

	if (!ef_notify_wanted(efn))
		return;
	msg = ef_steer_msg(efn, cmd, gen, service, device, server, NULL);
	if (msg)
		ef_notify(efn, msg);
}

int ef_steer_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ef_net *efn = ef_net(genl_info_net(info));
	struct nlattr *nest = info->attrs[EDGEFLOW_A_STEER];
	u32 service, device, server;
	struct ef_steer_table *t;
	struct sk_buff *reply;
	struct ef_steer *e;
	int err;
	u64 gen;

	if (EF_REQUIRE(info->extack, NULL, info->attrs, EDGEFLOW_A_STEER,
		       "missing steering entry"))
		return -EINVAL;

	mutex_lock(&efn->lock);
	err = ef_steer_resolve(efn, nest, true, &service, &device, &server,
			       info->extack);
	if (err)
		goto out_unlock;

	t = ef_steer_live(efn);
	e = ef_steer_find(t, service, device);
	if (e) {
		ef_steer_ref(efn, service, e->server, -1);
		WRITE_ONCE(e->server, server);
		goto counted;
	}

	if (t->count >= ef_limits.steer) {
		ef_extack_fmt(info->extack, nest, "steering table full (max_steer=%u)",
					      ef_limits.steer);
		err = -ENOSPC;
		goto out_unlock;
	}
	if (t->count >= 2 * (t->mask + 1)) {
		err = ef_steer_rebuild(efn, 4 * (t->mask + 1));
		if (err)
			goto out_unlock;
		t = ef_steer_live(efn);
	}

	e = kmalloc(sizeof(*e), GFP_KERNEL);
	if (!e) {
		err = -ENOMEM;
		goto out_unlock;
	}
	e->service = service;
	e->device = device;
	e->server = server;
	e->flags = EF_STEER_F_KMALLOC;
	hlist_add_head_rcu(&e->node,
			   &t->buckets[ef_steer_hash(t, service, device)]);
	t->count++;
counted:
	ef_steer_ref(efn, service, server, 1);
	gen = ++efn->generation;
	t->generation = gen;
	reply = ef_steer_msg(efn, EDGEFLOW_CMD_STEER_SET, gen, service, device,
			     server, info);
	ef_steer_notify(efn, EDGEFLOW_CMD_STEER_SET, gen, service, device,
			server);
	mutex_unlock(&efn->lock);
	if (!reply)
		return -ENOMEM;
	return genlmsg_reply(reply, info);

out_unlock:
	mutex_unlock(&efn->lock);
	return err;
}

static void ef_steer_unlink(struct ef_net *efn, struct ef_steer_table *t,
			    struct ef_steer *e)
{
	ef_steer_ref(efn, e->service, e->server, -1);
	hlist_del_rcu(&e->node);
	t->count--;
	if (e->flags & EF_STEER_F_KMALLOC)
		kvfree_rcu_mightsleep(e);
	else
		t->holes++;
}

/* Delete every entry of @service; returns how many. */
static u32 ef_steer_del_service(struct ef_net *efn, struct ef_steer_table *t,
				u32 service)
{
	struct hlist_node *tmp;
	struct ef_steer *e;
	u32 b, n = 0;

	for (b = 0; b <= t->mask; b++) {
		hlist_for_each_entry_safe(e, tmp, &t->buckets[b], node) {
			if (e->service != service)
				continue;
			ef_steer_unlink(efn, t, e);
			n++;
		}
	}
	return n;
}

int ef_steer_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ef_net *efn = ef_net(genl_info_net(info));
	struct nlattr *nest = info->attrs[EDGEFLOW_A_STEER];
	struct ef_steer_table *t;
	u32 service, device = 0;
	struct sk_buff *msg;
	bool has_device;
	struct ef_steer *e;
	void *hdr;
	int err;
	u32 n;
	u64 gen;

	if (EF_REQUIRE(info->extack, NULL, info->attrs, EDGEFLOW_A_STEER,
		       "missing steering entry"))
		return -EINVAL;

	mutex_lock(&efn->lock);
	err = ef_steer_parse(efn, nest, &service, &device, &has_device, NULL,
			     info->extack);
	if (err)
		goto out_unlock;

	t = ef_steer_live(efn);
	if (has_device) {
		e = ef_steer_find(t, service, device);
		if (!e) {
			NL_SET_ERR_MSG_ATTR(info->extack, nest,
					    "no steering entry for this device");
			err = -ENOENT;
			goto out_unlock;
		}
		ef_steer_unlink(efn, t, e);
		n = 1;
	} else {
		n = ef_steer_del_service(efn, t, service);
	}

	/* Too much garbage in the chunks: compact into a fresh table. */
	if (t->holes > t->count + EF_STEER_CHUNK)
		ef_steer_rebuild(efn, t->count);

	gen = ++efn->generation;
	ef_steer_live(efn)->generation = gen;
	msg = NULL;
	if (ef_notify_wanted(efn))
		msg = ef_msg_new(EDGEFLOW_CMD_STEER_DEL, &hdr);
	if (msg) {
		if (nla_put_u64_64bit(msg, EDGEFLOW_A_GENERATION, gen,
				      EDGEFLOW_A_PAD) ||
		    nla_put_u32(msg, EDGEFLOW_A_COUNT, n) ||
		    ef_steer_fill(msg, efn, service, device, 0)) {
			nlmsg_free(msg);
			msg = NULL;
		} else {
			genlmsg_end(msg, hdr);
		}
	}
	mutex_unlock(&efn->lock);
	if (msg)
		ef_notify(efn, msg);
	return ef_reply_gen(info, EDGEFLOW_CMD_STEER_DEL, gen, n);

out_unlock:
	mutex_unlock(&efn->lock);
	return err;
}

int ef_steer_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ef_net *efn = ef_net(genl_info_net(info));
	struct nlattr *nest = info->attrs[EDGEFLOW_A_STEER];
	u32 service, device, server;
	struct sk_buff *msg;
	struct ef_steer *e;
	int err;

	if (EF_REQUIRE(info->extack, NULL, info->attrs, EDGEFLOW_A_STEER,
		       "missing steering entry"))
		return -EINVAL;

	mutex_lock(&efn->lock);
	err = ef_steer_resolve(efn, nest, false, &service, &device, NULL,
			       info->extack);
	if (err)
		goto out_unlock;

	e = ef_steer_find(ef_steer_live(efn), service, device);
	if (!e) {
		NL_SET_ERR_MSG_ATTR(info->extack, nest,
				    "no steering entry for this device");
		err = -ENOENT;
		goto out_unlock;
	}
	server = e->server;
	msg = ef_steer_msg(efn, EDGEFLOW_CMD_STEER_GET, efn->generation,
			   service, device, server, info);
	mutex_unlock(&efn->lock);
	if (!msg)
		return -ENOMEM;
	return genlmsg_reply(msg, info);

out_unlock:
	mutex_unlock(&efn->lock);
	return err;
}

/*
 * A dump pins the table that is live when it starts and walks it to the
 * end, so a commit during the dump is not seen by it: the dump shows the
 * old table whole. Cursor: a bucket and a position in its chain.
 */
struct ef_steer_dump {
	struct ef_steer_table	*t;
	u32			bucket;
	u32			pos;
	u32			service;	/* 0: every service */
};

static_assert(sizeof(struct ef_steer_dump) <=
	      sizeof_field(struct netlink_callback, ctx));

int ef_steer_get_start(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *di = genl_dumpit_info(cb);
	struct ef_net *efn = ef_net(sock_net(cb->skb->sk));
	struct ef_steer_dump *d = (void *)cb->ctx;
	bool has_device;
	u32 device;
	int err;

	memset(d, 0, sizeof(*d));
	mutex_lock(&efn->lock);
	if (di->attrs[EDGEFLOW_A_STEER]) {
		err = ef_steer_parse(efn, di->attrs[EDGEFLOW_A_STEER],
				     &d->service, &device, &has_device, NULL,
				     cb->extack);
		if (err)
			goto out_unlock;
	}
	d->t = ef_steer_live(efn);
	refcount_inc(&d->t->ref);
	err = 0;
out_unlock:
	mutex_unlock(&efn->lock);
	return err;
}

int ef_steer_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ef_net *efn = ef_net(sock_net(cb->skb->sk));
	struct ef_steer_dump *d = (void *)cb->ctx;
	const struct ef_steer_table *t = d->t;
	struct ef_steer *e;
	u32 pos;
	void *hdr;

	rcu_read_lock();
	for (; d->bucket <= t->mask; d->bucket++, d->pos = 0) {
		pos = 0;
		hlist_for_each_entry_rcu(e, &t->buckets[d->bucket], node) {
			if (pos++ < d->pos)
				continue;
			if (d->service && e->service != d->service) {
				d->pos = pos;
				continue;
			}
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, &ef_genl_family,
					  NLM_F_MULTI, EDGEFLOW_CMD_STEER_GET);
			if (!hdr)
				goto out;
			if (nla_put_u64_64bit(skb, EDGEFLOW_A_GENERATION,
					      t->generation, EDGEFLOW_A_PAD) ||
			    ef_steer_fill(skb, efn, e->service, e->device,
					  READ_ONCE(e->server))) {
				genlmsg_cancel(skb, hdr);
				goto out;
			}
			genlmsg_end(skb, hdr);
			d->pos = pos;
		}
	}
out:
	rcu_read_unlock();
	return skb->len;
}

int ef_steer_get_done(struct netlink_callback *cb)
{
	struct ef_steer_dump *d = (void *)cb->ctx;

	if (d->t)
		ef_steer_table_put(d->t);
	return 0;
}
