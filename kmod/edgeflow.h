/* SPDX-License-Identifier: GPL-2.0 */
/* edgeflow: module-internal declarations shared by the kmod sources. */
#ifndef _EDGEFLOW_KMOD_H
#define _EDGEFLOW_KMOD_H

#include <linux/types.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rculist.h>
#include <linux/refcount.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <linux/edgeflow.h>
#include <edgeflow/core.h>

#define EDGEFLOW_MODULE_VERSION	"0.2.0"

/* Table sizes, set at load time and clamped to the hard maxima. */
struct ef_limits {
	u32 servers;
	u32 services;
	u32 steer;
	u32 devices;
	u32 windows;
	u32 plans;
};

#define EF_HARD_MAX_SERVERS	65536
#define EF_HARD_MAX_SERVICES	4096
#define EF_HARD_MAX_STEER	(16U << 20)
#define EF_HARD_MAX_DEVICES	(1U << 20)
#define EF_HARD_MAX_WINDOWS	(1U << 20)
#define EF_HARD_MAX_PLANS	64
#define EF_MAX_RESOURCES	8

extern struct ef_limits ef_limits;
extern struct workqueue_struct *ef_wq;
extern struct genl_family ef_genl_family;

/* ---------------------------------------------------------------------- */
/* Counters                                                                */
/* ---------------------------------------------------------------------- */

enum ef_stat {
	EF_STAT_RX,	/* reached a service port */
	EF_STAT_FWD,	/* steered on as a raw datagram */
	EF_STAT_AGG,	/* consumed into aggregates */
	EF_STAT_DROP,	/* dropped; the reason has its own counter too */

	EF_STAT_N
};

struct ef_pcpu_stats {
	u64_stats_t		pkts[EF_STAT_N];
	u64_stats_t		bytes[EF_STAT_N];
	u64_stats_t		drops[EDGEFLOW_R_MAX + 1];
	struct u64_stats_sync	syncp;
};

/* A consistent sum over every CPU. */
struct ef_stats {
	u64 pkts[EF_STAT_N];
	u64 bytes[EF_STAT_N];
	u64 drops[EDGEFLOW_R_MAX + 1];
};

/* ---------------------------------------------------------------------- */
/* Servers and services                                                    */
/* ---------------------------------------------------------------------- */

struct ef_capacity {
	char	name[EDGEFLOW_RES_NAME_MAX];
	u64	value;
};

/*
 * What the datapath reads of a server. Immutable once published: a change
 * publishes a new copy with rcu_assign_pointer() and frees the old one
 * after a grace period, so a reader sees one consistent destination.
 */
struct ef_server_conf {
	struct rcu_head		rcu;
	struct in6_addr		addr6;
	__be32			addr4;
	u16			port;
	u8			state;		/* enum edgeflow_server_state */
	u8			has4:1,
				has6:1;
	u32			n_caps;
	struct ef_capacity	caps[EF_MAX_RESOURCES];
};

struct ef_server {
	struct hlist_node		name_node;	/* under ef_net.lock */
	struct rcu_head			rcu;
	struct ef_server_conf __rcu	*conf;
	struct ef_pcpu_stats __percpu	*stats;
	u32				id;
	u32				steer_refs;	/* live table entries */
	u32				staged_refs;	/* entries in open plans */
	u32				service_refs;	/* default of services */
	char				name[EDGEFLOW_NAME_MAX];
};

/* What the datapath reads of a service; replaced whole, like a server's. */
struct ef_service_conf {
	struct rcu_head		rcu;
	struct ef_policy	policy;		/* the core's form, as evaluated */
	u32			rate;		/* datagrams/s per device, 0 off */
	u32			burst;
	u32			window_ms;
	u32			idle_ms;
	u32			server;		/* default server id, 0 none */
	u8			mode;		/* enum edgeflow_mode */
	u8			unknown;	/* enum edgeflow_unknown */
};

struct ef_service {
	struct hlist_node		name_node;	/* under ef_net.lock */
	struct hlist_node		port_node;	/* RCU: ef_net.ports */
	struct rcu_head			rcu;
	struct ef_service_conf __rcu	*conf;
	struct ef_pcpu_stats __percpu	*stats;
	u32				id;
	u32				steer_refs;
	u32				staged_refs;
	u16				port;
	char				name[EDGEFLOW_NAME_MAX];
};

/* ---------------------------------------------------------------------- */
/* Steering table                                                          */
/* ---------------------------------------------------------------------- */

/* struct ef_steer.flags */
#define EF_STEER_F_KMALLOC	0x1	/* allocated alone, not in a chunk */

/*
 * One (service, device) -> server entry: 32 bytes. Entries of a plan are
 * allocated in chunks; one set alone is kmalloc()ed.
 */
struct ef_steer {
	struct hlist_node	node;
	u32			service;
	u32			device;
	u32			server;		/* READ_ONCE: set in place */
	u32			flags;
};

struct ef_steer_chunk {
	struct ef_steer_chunk	*next;
	u32			used;
	u32			size;
	struct ef_steer		e[];
};

/*
 * A whole steering table. The live one is efn->steer; a plan builds a new
 * one and swaps it in. A dump pins the table it started on with ref, so it
 * reads one table from start to end. The last reference frees the table
 * after a grace period, from ef_wq.
 */
struct ef_steer_table {
	struct hlist_head	*buckets;
	u32			mask;
	u32			seed;
	u32			count;
	u32			holes;		/* unlinked chunk entries */
	u64			generation;	/* committed in this generation */
	refcount_t		ref;
	struct ef_steer_chunk	*chunks;
	struct rcu_work		free_work;
};

/* ---------------------------------------------------------------------- */
/* Per network namespace state                                             */
/* ---------------------------------------------------------------------- */

#define EF_NAME_BUCKETS		256
#define EF_PORT_BUCKETS		256

struct ef_net {
	struct net			*net;
	struct mutex			lock;	/* serialises configuration */
	u64				generation;
	struct xarray			servers;	/* id -> server, RCU */
	struct xarray			services;	/* id -> service, RCU */
	u32				n_servers;
	u32				n_services;
	struct ef_steer_table __rcu	*steer;
	struct list_head		plans;
	u32				n_plans;
	struct ef_pcpu_stats __percpu	*stats;
	struct hlist_head		server_names[EF_NAME_BUCKETS];
	struct hlist_head		service_names[EF_NAME_BUCKETS];
	struct hlist_head		ports[EF_PORT_BUCKETS];	/* RCU */
};

struct ef_net *ef_net(const struct net *net);

/* ---------------------------------------------------------------------- */
/* Datapath API: call under rcu_read_lock(), from any context.            */
/* ---------------------------------------------------------------------- */

/* The service listening on gateway UDP @port (host order), or NULL. */
struct ef_service *ef_service_by_port(struct ef_net *efn, u16 port);

/* The server with @id, or NULL. Its conf: rcu_dereference(srv->conf). */
static inline struct ef_server *ef_server_by_id(struct ef_net *efn, u32 id)
{
	return id ? xa_load(&efn->servers, id) : NULL;
}

/* The server id steered to for (@service, @device), or 0 when none. */
u32 ef_steer_lookup(struct ef_net *efn, u32 service, u32 device);

/*
 * Count one datagram of @bytes as @stat globally and, where given, for
 * @svc and @srv (either may be NULL). ef_stats_drop() counts a drop and its
 * reason in one go. Safe in softirq; no locks.
 */
void ef_stats_inc(struct ef_net *efn, struct ef_service *svc,
		  struct ef_server *srv, enum ef_stat stat, u32 bytes);
void ef_stats_drop(struct ef_net *efn, struct ef_service *svc,
		   struct ef_server *srv, enum edgeflow_reason reason,
		   u32 bytes);

/* ---------------------------------------------------------------------- */
/* Control plane internals                                                 */
/* ---------------------------------------------------------------------- */

/*
 * Missing attribute @type of @tb (in @nest, NULL at the top): record it in
 * extack with @msg and evaluate to true.
 */
#define EF_REQUIRE(extack, nest, tb, type, msg) ({			\
	bool __miss = NL_REQ_ATTR_CHECK(extack, nest, tb, type);	\
									\
	if (__miss)							\
		NL_SET_ERR_MSG(extack, msg);				\
	__miss;								\
})

/* genl.c */
int ef_genl_init(void);
void ef_extack_fmt(struct netlink_ext_ack *extack, const struct nlattr *attr,
		   const char *fmt, ...) __printf(3, 4);
bool ef_notify_wanted(struct ef_net *efn);
void ef_genl_exit(void);
int ef_name_validate(const struct nlattr *attr,
		     struct netlink_ext_ack *extack);
void ef_notify(struct ef_net *efn, struct sk_buff *msg);
struct sk_buff *ef_msg_new(u8 cmd, void **hdr);
int ef_reply_gen(struct genl_info *info, u8 cmd, u64 gen, int count);

/* server.c */
struct ef_server *ef_server_find(struct ef_net *efn, const char *name);
struct ef_server *ef_server_get_attr(struct ef_net *efn,
				     const struct nlattr *nest,
				     struct netlink_ext_ack *extack);
int ef_server_fill(struct sk_buff *skb, const struct ef_server *srv,
		   bool full);
void ef_servers_flush(struct ef_net *efn);
int ef_server_new_doit(struct sk_buff *skb, struct genl_info *info);
int ef_server_set_doit(struct sk_buff *skb, struct genl_info *info);
int ef_server_del_doit(struct sk_buff *skb, struct genl_info *info);
int ef_server_get_doit(struct sk_buff *skb, struct genl_info *info);
int ef_server_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
extern const struct nla_policy ef_server_policy[EDGEFLOW_SERVER_A_MAX + 1];

/* service.c */
struct ef_service *ef_service_find(struct ef_net *efn, const char *name);
struct ef_service *ef_service_get_attr(struct ef_net *efn,
				       const struct nlattr *nest,
				       struct netlink_ext_ack *extack);
int ef_service_fill(struct sk_buff *skb, struct ef_net *efn,
		    const struct ef_service *svc, bool full);
void ef_services_flush(struct ef_net *efn);
int ef_service_new_doit(struct sk_buff *skb, struct genl_info *info);
int ef_service_set_doit(struct sk_buff *skb, struct genl_info *info);
int ef_service_del_doit(struct sk_buff *skb, struct genl_info *info);
int ef_service_get_doit(struct sk_buff *skb, struct genl_info *info);
int ef_service_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
extern const struct nla_policy ef_service_policy[EDGEFLOW_SERVICE_A_MAX + 1];

/* steer.c */
struct ef_steer_table *ef_steer_table_new(u32 buckets);
void ef_steer_table_put(struct ef_steer_table *t);
int ef_steer_table_add(struct ef_steer_table *t, u32 service, u32 device,
		       u32 server);
void ef_steer_publish(struct ef_net *efn, struct ef_steer_table *t);
void ef_steer_clear(struct ef_net *efn, struct ef_steer_table *empty);
int ef_steer_net_init(struct ef_net *efn);
void ef_steer_net_exit(struct ef_net *efn);
int ef_steer_resolve(struct ef_net *efn, const struct nlattr *nest,
		     bool need_server, u32 *service, u32 *device, u32 *server,
		     struct netlink_ext_ack *extack);
int ef_steer_set_doit(struct sk_buff *skb, struct genl_info *info);
int ef_steer_del_doit(struct sk_buff *skb, struct genl_info *info);
int ef_steer_get_doit(struct sk_buff *skb, struct genl_info *info);
int ef_steer_get_start(struct netlink_callback *cb);
int ef_steer_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ef_steer_get_done(struct netlink_callback *cb);
extern const struct nla_policy ef_steer_policy[EDGEFLOW_STEER_A_MAX + 1];

/* plan.c */
int ef_plan_init(void);
void ef_plan_exit(void);
void ef_plans_flush(struct ef_net *efn);
int ef_plan_begin_doit(struct sk_buff *skb, struct genl_info *info);
int ef_plan_stage_doit(struct sk_buff *skb, struct genl_info *info);
int ef_plan_commit_doit(struct sk_buff *skb, struct genl_info *info);
int ef_plan_abort_doit(struct sk_buff *skb, struct genl_info *info);

/* stats.c */
struct ef_pcpu_stats __percpu *ef_stats_alloc(void);
void ef_stats_free(struct ef_pcpu_stats __percpu *stats);
int ef_stats_get_doit(struct sk_buff *skb, struct genl_info *info);
int ef_stats_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

#endif /* _EDGEFLOW_KMOD_H */
