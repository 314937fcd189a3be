/* SPDX-License-Identifier: GPL-2.0 */
/* edgeflow: module-internal declarations shared by the kmod sources. */
#ifndef _EDGEFLOW_KMOD_H
#define _EDGEFLOW_KMOD_H

#include <linux/types.h>
#include <linux/mutex.h>
#include <net/net_namespace.h>
#include <linux/edgeflow.h>

#define EDGEFLOW_MODULE_VERSION	"0.1.0"

/* Table sizes, set at load time and clamped to the hard maxima. */
struct ef_limits {
	u32 servers;
	u32 services;
	u32 steer;
	u32 devices;
	u32 windows;
};

#define EF_HARD_MAX_SERVERS	65536
#define EF_HARD_MAX_SERVICES	4096
#define EF_HARD_MAX_STEER	(16U << 20)
#define EF_HARD_MAX_DEVICES	(1U << 20)
#define EF_HARD_MAX_WINDOWS	(1U << 20)
#define EF_MAX_RESOURCES	8

extern struct ef_limits ef_limits;

/* Per network namespace state. */
struct ef_net {
	struct net *net;
	struct mutex lock;	/* serialises configuration changes */
	u64 generation;		/* bumped on every committed change */
};

struct ef_net *ef_net(const struct net *net);

int ef_genl_init(void);
void ef_genl_exit(void);

#endif /* _EDGEFLOW_KMOD_H */
