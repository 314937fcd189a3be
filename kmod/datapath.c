// SPDX-License-Identifier: GPL-2.0
/*
 * edgeflow: the netfilter datapath. Hooks PRE_ROUTING for IPv4 and IPv6
 * after defragmentation and before conntrack, so what XDP passed on
 * (fragments, extension headers, devices without XDP) is filtered,
 * aggregated and steered here with the same core. A steered datagram is
 * rewritten in place and routed on; it is then no longer addressed to a
 * service port, so nothing is counted twice.
 *
 * Per network namespace: per-device core state in an RCU hash table
 * (bounded by max_devices), completed windows in an xarray ordered by a
 * sequence number (bounded by max_windows, kept until a reader deletes
 * them), and a periodic work item that closes the windows of devices that
 * went quiet and forgets long-idle devices.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jhash.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/netns/generic.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>

#include "edgeflow.h"
#include "datapath.h"

#define EF_DP_BUCKETS		4096
#define EF_DP_EXPIRE_MS		200
#define EF_DP_IDLE_GC_NS	(600ULL * NSEC_PER_SEC)

struct ef_dp_dev {
	struct hlist_node	node;		/* RCU, ef_dp_net.devs */
	struct rcu_head		rcu;
	spinlock_t		lock;		/* serialises the core */
	u32			service;
	u32			device;
	u32			rate;		/* bucket configured with */
	u32			burst;
	u64			seen_ns;
	struct ef_dev		dev;
};

struct ef_dp_win {
	struct rcu_head		rcu;
	u64			seq;
	u32			service;
	u32			device;
	struct ef_window	w;
};

struct ef_dp_net {
	struct net		*net;
	spinlock_t		devs_lock;	/* writers of devs */
	struct hlist_head	devs[EF_DP_BUCKETS];
	atomic_t		n_devs;
	u32			seed;
	struct xarray		wins;		/* seq -> ef_dp_win */
	spinlock_t		seq_lock;	/* win_seq, n_wins, lost */
	u64			win_seq;
	u32			n_wins;
	u64			wins_lost;
	struct delayed_work	expire_work;
	bool			dying;
};

static unsigned int ef_dp_net_id __read_mostly;

static struct ef_dp_net *ef_dp_net(const struct net *net)
{
	return net_generic(net, ef_dp_net_id);
}

static struct hlist_head *ef_dp_bucket(struct ef_dp_net *dpn, u32 service,
				       u32 device)
{
	return &dpn->devs[jhash_2words(service, device, dpn->seed) &
			  (EF_DP_BUCKETS - 1)];
}

/* ---------------------------------------------------------------------- */
/* Completed windows                                                       */
/* ---------------------------------------------------------------------- */

static int ef_window_fill(struct sk_buff *skb, const struct ef_dp_win *win)
{
	const struct ef_window *w = &win->w;
	struct nlattr *nest;

	nest = nla_nest_start(skb, EDGEFLOW_A_WINDOW);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, EDGEFLOW_WINDOW_A_SEQ, win->seq,
			      EDGEFLOW_WINDOW_A_PAD) ||
	    nla_put_u32(skb, EDGEFLOW_WINDOW_A_SERVICE_ID, win->service) ||
	    nla_put_u32(skb, EDGEFLOW_WINDOW_A_DEVICE, win->device) ||
	    nla_put_u8(skb, EDGEFLOW_WINDOW_A_CHANNEL, w->channel) ||
	    nla_put_u8(skb, EDGEFLOW_WINDOW_A_KIND, w->kind) ||
	    nla_put_u64_64bit(skb, EDGEFLOW_WINDOW_A_START_NS, w->start_ns,
			      EDGEFLOW_WINDOW_A_PAD) ||
	    nla_put_u64_64bit(skb, EDGEFLOW_WINDOW_A_LENGTH_NS, w->length_ns,
			      EDGEFLOW_WINDOW_A_PAD) ||
	    nla_put_u32(skb, EDGEFLOW_WINDOW_A_COUNT, w->count) ||
	    nla_put_s32(skb, EDGEFLOW_WINDOW_A_VMIN, w->min) ||
	    nla_put_s32(skb, EDGEFLOW_WINDOW_A_VMAX, w->max) ||
	    nla_put_s32(skb, EDGEFLOW_WINDOW_A_FIRST, w->first) ||
	    nla_put_s32(skb, EDGEFLOW_WINDOW_A_LAST, w->last) ||
	    nla_put_s64(skb, EDGEFLOW_WINDOW_A_SUM, w->sum,
			EDGEFLOW_WINDOW_A_PAD) ||
	    nla_put_u64_64bit(skb, EDGEFLOW_WINDOW_A_SUMSQ_HI, w->sumsq_hi,
			      EDGEFLOW_WINDOW_A_PAD) ||
	    nla_put_u64_64bit(skb, EDGEFLOW_WINDOW_A_SUMSQ_LO, w->sumsq_lo,
			      EDGEFLOW_WINDOW_A_PAD) ||
	    nla_put_u16(skb, EDGEFLOW_WINDOW_A_FLAGS, w->flags)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Announce a completed window on the events group, if anyone listens. */
static void ef_window_announce(struct ef_dp_net *dpn,
			       const struct ef_dp_win *win)
{
	struct sk_buff *msg;
	void *hdr;

	if (!ef_events_wanted(dpn->net))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &ef_genl_family, 0,
			  EDGEFLOW_CMD_AGG_EVENT);
	if (!hdr || ef_window_fill(msg, win)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	ef_events_send(dpn->net, msg);
}

/* A copy of a just-closed window, made under the device lock. */
static struct ef_dp_win *ef_window_copy(const struct ef_dp_dev *d,
					 const struct ef_window *w)
{
	struct ef_dp_win *win = kmalloc(sizeof(*win), GFP_ATOMIC);

	if (win) {
		win->service = d->service;
		win->device = d->device;
		win->w = *w;
	}
	return win;
}

/*
 * Keep a completed window until it is read (consumes @win); a full store
 * or a failed copy (@win NULL) counts it lost. BH must be disabled.
 */
static void ef_window_keep(struct ef_dp_net *dpn, struct ef_dp_win *win)
{
	spin_lock(&dpn->seq_lock);
	if (!win || dpn->n_wins >= ef_limits.windows)
		goto lost;
	win->seq = ++dpn->win_seq;
	if (xa_err(xa_store(&dpn->wins, win->seq, win, GFP_ATOMIC)))
		goto lost;
	dpn->n_wins++;
	spin_unlock(&dpn->seq_lock);
	ef_window_announce(dpn, win);
	return;

lost:
	dpn->wins_lost++;
	spin_unlock(&dpn->seq_lock);
	kfree(win);
}

/* Copy the windows @closed names out of @d; call with d->lock held. */
static u16 ef_windows_take(const struct ef_dp_dev *d, u16 closed,
			   struct ef_dp_win **out)
{
	int i;

	for (i = 0; i < EF_DEV_CHANNELS; i++) {
		out[i] = NULL;
		if (closed & BIT(i))
			out[i] = ef_window_copy(d, &d->dev.chan[i].done);
	}
	return closed;
}

static void ef_windows_keep(struct ef_dp_net *dpn, u16 closed,
			    struct ef_dp_win **wins)
{
	int i;

	for (i = 0; i < EF_DEV_CHANNELS; i++) {
		if (closed & BIT(i))
			ef_window_keep(dpn, wins[i]);
	}
}

/* ---------------------------------------------------------------------- */
/* Per-device state                                                        */
/* ---------------------------------------------------------------------- */

static struct ef_dp_dev *ef_dp_dev_find(struct ef_dp_net *dpn, u32 service,
					u32 device)
{
	struct ef_dp_dev *d;

	hlist_for_each_entry_rcu(d, ef_dp_bucket(dpn, service, device), node) {
		if (d->service == service && d->device == device)
			return d;
	}
	return NULL;
}

static struct ef_dp_dev *ef_dp_dev_get(struct ef_dp_net *dpn, u32 service,
				       u32 device,
				       const struct ef_service_conf *conf,
				       u64 now)
{
	struct ef_dp_dev *d, *old;

	d = ef_dp_dev_find(dpn, service, device);
	if (d)
		return d;

	if (atomic_inc_return(&dpn->n_devs) > ef_limits.devices)
		goto err_full;
	d = kzalloc(sizeof(*d), GFP_ATOMIC);
	if (!d)
		goto err_full;
	spin_lock_init(&d->lock);
	d->service = service;
	d->device = device;
	d->rate = conf->rate;
	d->burst = conf->burst;
	d->seen_ns = now;
	ef_dev_init(&d->dev, conf->rate, conf->burst, now);

	spin_lock(&dpn->devs_lock);
	old = ef_dp_dev_find(dpn, service, device);
	if (old || dpn->dying) {
		spin_unlock(&dpn->devs_lock);
		kfree(d);
		atomic_dec(&dpn->n_devs);
		return old;
	}
	hlist_add_head_rcu(&d->node, ef_dp_bucket(dpn, service, device));
	spin_unlock(&dpn->devs_lock);
	return d;

err_full:
	atomic_dec(&dpn->n_devs);
	return NULL;
}

/*
 * Run the core on one datagram; keep the windows it closed. Returns the
 * verdict; @res has the per-reading statuses.
 */
static enum ef_verdict ef_dp_filter(struct ef_dp_net *dpn, struct ef_dp_dev *d,
				    const struct ef_service_conf *conf,
				    const struct ef_packet *pkt, u64 now,
				    struct ef_result *res)
{
	struct ef_dp_win *wins[EF_DEV_CHANNELS];
	enum ef_verdict v;
	u16 closed;

	spin_lock(&d->lock);
	if (d->rate != conf->rate || d->burst != conf->burst) {
		ef_bucket_set(&d->dev.bucket, conf->rate, conf->burst);
		d->rate = conf->rate;
		d->burst = conf->burst;
	}
	d->seen_ns = now;
	v = ef_core_packet(&conf->policy, &d->dev, pkt, now, res);
	closed = ef_windows_take(d, res->closed, wins);
	spin_unlock(&d->lock);

	ef_windows_keep(dpn, closed, wins);
	return v;
}

/* ---------------------------------------------------------------------- */
/* Packet path                                                             */
/* ---------------------------------------------------------------------- */

/* Write each rejected reading's reason into its status field. */
static void ef_dp_mark(struct sk_buff *skb, struct udphdr *uh,
		       const struct ef_result *res, u8 count, bool csum)
{
	struct edgeflow_wire_reading *rd;
	__be16 st;
	int i;

	rd = (void *)((u8 *)(uh + 1) + sizeof(struct edgeflow_wire_hdr));
	for (i = 0; i < count; i++) {
		if (!res->status[i])
			continue;
		st = htons(res->status[i]);
		if (csum)
			inet_proto_csum_replace2(&uh->check, skb, rd[i].status,
						 st, false);
		rd[i].status = st;
	}
}

/*
 * Rewrite the destination to @srv: address, port, reading statuses, with
 * the checksums fixed. Returns 0 or the drop reason.
 */
static int ef_dp_rewrite(struct sk_buff *skb, int family, unsigned int thoff,
			 unsigned int ulen, const struct ef_server_conf *srv,
			 const struct ef_result *res, u8 count)
{
	__be16 port = htons(srv->port);
	struct udphdr *uh;
	bool csum;

	if (family == NFPROTO_IPV4 ? !srv->has4 : !srv->has6)
		return EDGEFLOW_R_FAMILY;
	if (skb_ensure_writable(skb, thoff + ulen))
		return EDGEFLOW_R_NO_STATE;
	uh = (struct udphdr *)(skb_network_header(skb) + thoff);

	if (family == NFPROTO_IPV4) {
		struct iphdr *iph = ip_hdr(skb);

		/* Over IPv4 a zero UDP checksum means none; it stays so. */
		csum = uh->check || skb->ip_summed == CHECKSUM_PARTIAL;
		if (csum) {
			inet_proto_csum_replace4(&uh->check, skb, iph->daddr,
						 srv->addr4, true);
			inet_proto_csum_replace2(&uh->check, skb, uh->dest,
						 port, false);
		}
		csum_replace4(&iph->check, iph->daddr, srv->addr4);
		iph->daddr = srv->addr4;
	} else {
		struct ipv6hdr *ip6 = ipv6_hdr(skb);

		csum = true;
		inet_proto_csum_replace16(&uh->check, skb,
					  ip6->daddr.s6_addr32,
					  srv->addr6.s6_addr32, true);
		inet_proto_csum_replace2(&uh->check, skb, uh->dest, port,
					 false);
		ip6->daddr = srv->addr6;
	}
	ef_dp_mark(skb, uh, res, count, csum);
	if (csum && !uh->check && skb->ip_summed != CHECKSUM_PARTIAL)
		uh->check = CSUM_MANGLED_0;
	uh->dest = port;
	/* Route again: a dst from before the rewrite (loopback) is stale. */
	skb_dst_drop(skb);
	return 0;
}

struct ef_dp_ctx {
	struct ef_net		*efn;
	struct ef_dp_net	*dpn;
	struct ef_service	*svc;
	struct ef_server	*srv;
	u32			bytes;
};

static unsigned int ef_dp_drop(struct ef_dp_ctx *c, enum edgeflow_reason r)
{
	ef_stats_drop(c->efn, c->svc, c->srv, r, c->bytes);
	return NF_DROP;
}

/* Steer: the server for @device, or NULL with *pass set when the
 * datagram belongs to the gateway itself (unknown device, pass, no
 * default server). */
static struct ef_server *ef_dp_server(struct ef_dp_ctx *c,
				      const struct ef_service_conf *conf,
				      u32 device, bool *known)
{
	u32 id = ef_steer_lookup(c->efn, c->svc->id, device);

	*known = id != 0;
	if (!id)
		id = conf->server;
	return ef_server_by_id(c->efn, id);
}

static unsigned int ef_dp_udp(struct sk_buff *skb, struct net *net,
			      int family, unsigned int thoff)
{
	u8 buf[EF_WIRE_DATA_MAX_LEN];
	const struct ef_service_conf *conf;
	const struct ef_server_conf *sconf;
	struct udphdr _uh, *uh;
	struct ef_dp_ctx c = { };
	struct ef_dp_dev *d;
	struct ef_result res;
	struct ef_packet pkt;
	unsigned int ulen;
	const void *pl;
	bool known;
	u64 now;
	int err;

	uh = skb_header_pointer(skb, thoff, sizeof(_uh), &_uh);
	if (!uh)
		return NF_ACCEPT;
	c.efn = ef_net(net);
	c.svc = ef_service_by_port(c.efn, ntohs(uh->dest));
	if (!c.svc)
		return NF_ACCEPT;
	conf = rcu_dereference(c.svc->conf);
	if (!conf)
		return NF_ACCEPT;
	c.dpn = ef_dp_net(net);

	/* The UDP header's own length, within what the IP layer holds. */
	ulen = ntohs(uh->len);
	c.bytes = skb->len > thoff ? skb->len - thoff : 0;
	ef_stats_inc(c.efn, c.svc, NULL, EF_STAT_RX, c.bytes);
	if (ulen < sizeof(*uh) || ulen > skb->len - thoff ||
	    ulen - sizeof(*uh) > sizeof(buf))
		return ef_dp_drop(&c, EDGEFLOW_R_MALFORMED);
	pl = skb_header_pointer(skb, thoff + sizeof(*uh), ulen - sizeof(*uh),
				buf);
	if (!pl || ef_wire_parse(pl, pl + ulen - sizeof(*uh),
				 ulen - sizeof(*uh), &pkt))
		return ef_dp_drop(&c, EDGEFLOW_R_MALFORMED);

	c.srv = ef_dp_server(&c, conf, pkt.device, &known);
	if (!known && conf->unknown != EDGEFLOW_UNKNOWN_PASS)
		return ef_dp_drop(&c, EDGEFLOW_R_UNKNOWN_DEVICE);

	now = ktime_get_ns();
	d = ef_dp_dev_get(c.dpn, c.svc->id, pkt.device, conf, now);
	if (!d)
		return ef_dp_drop(&c, EDGEFLOW_R_NO_STATE);
	if (ef_dp_filter(c.dpn, d, conf, &pkt, now, &res) == EF_VERDICT_DROP)
		return ef_dp_drop(&c, res.reason);

	if (!(conf->mode & EDGEFLOW_MODE_FORWARD)) {
		ef_stats_inc(c.efn, c.svc, NULL, EF_STAT_AGG, c.bytes);
		consume_skb(skb);
		return NF_STOLEN;
	}
	if (conf->mode & EDGEFLOW_MODE_AGGREGATE)
		ef_stats_inc(c.efn, c.svc, NULL, EF_STAT_AGG, c.bytes);

	if (!c.srv) {
		/* An unknown device that may pass, with no default server:
		 * the gateway's own service port takes it. */
		if (!known)
			return NF_ACCEPT;
		return ef_dp_drop(&c, EDGEFLOW_R_NO_SERVER);
	}
	sconf = rcu_dereference(c.srv->conf);
	if (!sconf)
		return ef_dp_drop(&c, EDGEFLOW_R_NO_SERVER);

	err = ef_dp_rewrite(skb, family, thoff, ulen, sconf, &res, pkt.count);
	if (err)
		return ef_dp_drop(&c, err);
	ef_stats_inc(c.efn, c.svc, c.srv, EF_STAT_FWD, c.bytes);
	return NF_ACCEPT;
}

static unsigned int ef_dp_hook4(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);

	/* Defragmentation ran before us; a fragment here is one it kept. */
	if (iph->protocol != IPPROTO_UDP || ip_is_fragment(iph))
		return NF_ACCEPT;
	return ef_dp_udp(skb, state->net, NFPROTO_IPV4, ip_hdrlen(skb));
}

static unsigned int ef_dp_hook6(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	u8 nexthdr = ipv6_hdr(skb)->nexthdr;
	__be16 frag_off;
	int thoff;

	thoff = ipv6_skip_exthdr(skb, sizeof(struct ipv6hdr), &nexthdr,
				 &frag_off);
	if (thoff < 0 || nexthdr != IPPROTO_UDP || frag_off)
		return NF_ACCEPT;
	return ef_dp_udp(skb, state->net, NFPROTO_IPV6, thoff);
}

static const struct nf_hook_ops ef_dp_hooks[] = {
	{
		.hook		= ef_dp_hook4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP_PRI_RAW,
	},
	{
		.hook		= ef_dp_hook6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP6_PRI_RAW,
	},
};

/* ---------------------------------------------------------------------- */
/* Expiry of quiet devices' windows                                        */
/* ---------------------------------------------------------------------- */

static void ef_dp_dev_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct ef_dp_dev, rcu));
}

static bool ef_dp_dev_open(const struct ef_dev *dev)
{
	int i;

	for (i = 0; i < EF_DEV_CHANNELS; i++) {
		if (dev->chan[i].cur.count)
			return true;
	}
	return false;
}

static void ef_dp_expire_dev(struct ef_dp_net *dpn, struct ef_dp_dev *d,
			     u64 now)
{
	struct ef_dp_win *wins[EF_DEV_CHANNELS];
	bool idle;
	u16 closed;

	spin_lock_bh(&d->lock);
	closed = ef_windows_take(d, ef_core_expire(&d->dev, now), wins);
	idle = now - d->seen_ns > EF_DP_IDLE_GC_NS && !ef_dp_dev_open(&d->dev);
	spin_unlock_bh(&d->lock);

	local_bh_disable();
	ef_windows_keep(dpn, closed, wins);
	local_bh_enable();

	/*
	 * A datagram may have arrived since the check; it then finds no
	 * state and starts over, as after an idle timeout.
	 */
	if (idle) {
		spin_lock_bh(&dpn->devs_lock);
		hlist_del_rcu(&d->node);
		spin_unlock_bh(&dpn->devs_lock);
		atomic_dec(&dpn->n_devs);
		call_rcu(&d->rcu, ef_dp_dev_free_rcu);
	}
}

static void ef_dp_expire_work(struct work_struct *work)
{
	struct ef_dp_net *dpn = container_of(to_delayed_work(work),
					     struct ef_dp_net, expire_work);
	struct ef_dp_dev *d;
	struct hlist_node *tmp;
	u64 now = ktime_get_ns();
	int b;

	for (b = 0; b < EF_DP_BUCKETS; b++) {
		/* Only this work removes entries, so the walk is stable. */
		hlist_for_each_entry_safe(d, tmp, &dpn->devs[b], node)
			ef_dp_expire_dev(dpn, d, now);
		if (!(b & 255))
			cond_resched();
	}
	if (!READ_ONCE(dpn->dying))
		queue_delayed_work(ef_wq, &dpn->expire_work,
				   msecs_to_jiffies(EF_DP_EXPIRE_MS));
}

/* ---------------------------------------------------------------------- */
/* Generic netlink: aggregates                                             */
/* ---------------------------------------------------------------------- */

const struct nla_policy ef_agg_policy[EDGEFLOW_A_MAX + 1] = {
	[EDGEFLOW_A_WINDOW_SEQ]	= { .type = NLA_U64 },
};

int ef_agg_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ef_dp_net *dpn = ef_dp_net(genl_info_net(info));
	struct sk_buff *msg;
	u64 seq, lost;
	u32 kept;
	void *hdr;

	spin_lock_bh(&dpn->seq_lock);
	seq = dpn->win_seq;
	lost = dpn->wins_lost;
	kept = dpn->n_wins;
	spin_unlock_bh(&dpn->seq_lock);

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &ef_genl_family, 0,
				EDGEFLOW_CMD_AGG_GET);
	if (!hdr ||
	    nla_put_u32(msg, EDGEFLOW_A_COUNT, kept) ||
	    nla_put_u64_64bit(msg, EDGEFLOW_A_WINDOW_SEQ, seq, EDGEFLOW_A_PAD) ||
	    nla_put_u64_64bit(msg, EDGEFLOW_A_WINDOWS_LOST, lost,
			      EDGEFLOW_A_PAD)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* cb->args[0]: next sequence to dump. */
int ef_agg_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ef_dp_net *dpn = ef_dp_net(sock_net(skb->sk));
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	unsigned long idx;
	struct ef_dp_win *win;
	void *hdr;
	int err = 0;

	if (!cb->args[0]) {
		struct nlattr *a = info->attrs[EDGEFLOW_A_WINDOW_SEQ];

		cb->args[0] = a ? max_t(u64, nla_get_u64(a), 1) : 1;
	}

	rcu_read_lock();
	idx = cb->args[0];
	xa_for_each_start(&dpn->wins, idx, win, cb->args[0]) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &ef_genl_family,
				  NLM_F_MULTI, EDGEFLOW_CMD_AGG_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		if (ef_window_fill(skb, win)) {
			genlmsg_cancel(skb, hdr);
			err = -EMSGSIZE;
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = idx + 1;
	}
	rcu_read_unlock();

	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

/* Delete kept windows up to sequence @last; returns how many. */
static u32 ef_dp_win_free(struct ef_dp_net *dpn, unsigned long last)
{
	struct ef_dp_win *win;
	unsigned long idx;
	u32 n = 0;

	xa_for_each_range(&dpn->wins, idx, win, 0, last) {
		if (xa_erase_bh(&dpn->wins, idx) != win)
			continue;
		kfree_rcu(win, rcu);
		n++;
	}
	spin_lock_bh(&dpn->seq_lock);
	dpn->n_wins -= n;
	spin_unlock_bh(&dpn->seq_lock);
	return n;
}

int ef_agg_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ef_dp_net *dpn = ef_dp_net(genl_info_net(info));
	struct sk_buff *msg;
	u64 upto;
	void *hdr;
	u32 n;

	if (GENL_REQ_ATTR_CHECK(info, EDGEFLOW_A_WINDOW_SEQ)) {
		NL_SET_ERR_MSG(info->extack,
			       "the sequence of the last window to delete is required");
		return -EINVAL;
	}
	upto = nla_get_u64(info->attrs[EDGEFLOW_A_WINDOW_SEQ]);
	n = ef_dp_win_free(dpn, (unsigned long)min_t(u64, upto, ULONG_MAX));

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &ef_genl_family, 0,
				EDGEFLOW_CMD_AGG_DEL);
	if (!hdr || nla_put_u32(msg, EDGEFLOW_A_COUNT, n)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* ---------------------------------------------------------------------- */
/* Per network namespace setup                                             */
/* ---------------------------------------------------------------------- */

static int __net_init ef_dp_net_init(struct net *net)
{
	struct ef_dp_net *dpn = ef_dp_net(net);
	int err;

	dpn->net = net;
	spin_lock_init(&dpn->devs_lock);
	spin_lock_init(&dpn->seq_lock);
	xa_init_flags(&dpn->wins, XA_FLAGS_LOCK_BH);
	dpn->seed = get_random_u32();
	INIT_DELAYED_WORK(&dpn->expire_work, ef_dp_expire_work);

	err = nf_defrag_ipv4_enable(net);
	if (err)
		return err;
	err = nf_defrag_ipv6_enable(net);
	if (err)
		goto err_defrag4;
	err = nf_register_net_hooks(net, ef_dp_hooks, ARRAY_SIZE(ef_dp_hooks));
	if (err)
		goto err_defrag6;
	queue_delayed_work(ef_wq, &dpn->expire_work,
			   msecs_to_jiffies(EF_DP_EXPIRE_MS));
	return 0;

err_defrag6:
	nf_defrag_ipv6_disable(net);
err_defrag4:
	nf_defrag_ipv4_disable(net);
	return err;
}

static void __net_exit ef_dp_net_exit(struct net *net)
{
	struct ef_dp_net *dpn = ef_dp_net(net);
	struct hlist_node *tmp;
	struct ef_dp_dev *d;
	int b;

	nf_unregister_net_hooks(net, ef_dp_hooks, ARRAY_SIZE(ef_dp_hooks));
	nf_defrag_ipv6_disable(net);
	nf_defrag_ipv4_disable(net);
	WRITE_ONCE(dpn->dying, true);
	cancel_delayed_work_sync(&dpn->expire_work);

	/* The hooks are gone (unregistering waited for readers). */
	for (b = 0; b < EF_DP_BUCKETS; b++) {
		hlist_for_each_entry_safe(d, tmp, &dpn->devs[b], node) {
			hlist_del_rcu(&d->node);
			kfree_rcu(d, rcu);
		}
	}
	ef_dp_win_free(dpn, ULONG_MAX);
	xa_destroy(&dpn->wins);
}

static struct pernet_operations ef_dp_net_ops = {
	.init	= ef_dp_net_init,
	.exit	= ef_dp_net_exit,
	.id	= &ef_dp_net_id,
	.size	= sizeof(struct ef_dp_net),
};

int __init ef_dp_init(void)
{
	return register_pernet_subsys(&ef_dp_net_ops);
}

void ef_dp_exit(void)
{
	unregister_pernet_subsys(&ef_dp_net_ops);
}
