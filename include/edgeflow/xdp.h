/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * edgeflow XDP fast path: map layouts shared by the BPF program and
 * edgectl. Map sizes live here and nowhere else. Every map is pinned by
 * name under EFX_PIN_DIR, so `bpftool map dump pinned EFX_PIN_DIR/NAME`
 * prints the fields below by name (the object carries their BTF).
 */
#ifndef _EDGEFLOW_XDP_H
#define _EDGEFLOW_XDP_H

#include "core.h"

#define EFX_PIN_DIR		"/sys/fs/bpf/edgeflow"

#define EFX_MAX_SERVICES	256	/* services; ids 0..EFX_MAX_SERVICES-1 */
#define EFX_MAX_SERVERS		1024	/* servers; index 0..EFX_MAX_SERVERS-1 */
#define EFX_MAX_STEER		1048576	/* (service, device) -> server */
#define EFX_MAX_DEVICES		16384	/* per-device filter/window state */
#define EFX_MAX_WINDOWS		65536	/* completed windows kept until read */

/* struct efx_service.mode: bits, so "both" is forward | aggregate. */
#define EFX_MODE_FORWARD	0x01
#define EFX_MODE_AGGREGATE	0x02
#define EFX_MODE_BOTH		(EFX_MODE_FORWARD | EFX_MODE_AGGREGATE)

/* struct efx_service.flags */
#define EFX_SVC_F_UNKNOWN_PASS	0x01	/* devices without a steering entry
					 * go to default_server, or to the
					 * stack when there is none */

/*
 * Value of efx_services, keyed by the gateway UDP port (host order, u32).
 * name and window_ms are for edgectl only (the program ignores them): they
 * make the maps self-describing, so an XDP-only gateway (no module) is
 * configured by name and shows what it runs; window_ms keeps the window of
 * a service that does not aggregate (policy.window_ns is 0 then).
 */
struct efx_service {
	__u32			id;		/* stats slot, steering key */
	__u8			mode;		/* EFX_MODE_* */
	__u8			flags;		/* EFX_SVC_F_* */
	__u16			pad;
	__u32			rate;		/* per device, datagrams/s; 0: off */
	__u32			burst;		/* per device, datagrams */
	__u32			default_server;	/* server index + 1; 0: none */
	__u32			window_ms;	/* configured window (edgectl only) */
	struct ef_policy	policy;
	char			name[EDGEFLOW_NAME_MAX];	/* edgectl only */
};

/* struct efx_server.flags */
#define EFX_SRV_F_PRESENT	0x01
#define EFX_SRV_F_ADDR4		0x02
#define EFX_SRV_F_ADDR6		0x04
#define EFX_SRV_F_DRAIN		0x08	/* keeps its entries, takes no new ones */

/* Value of efx_servers (array), indexed by server index (the module's id). */
struct efx_server {
	__be32	addr4;
	__u8	addr6[16];
	__be16	port;		/* destination UDP port at the server */
	__u16	flags;		/* EFX_SRV_F_* */
	char	name[EDGEFLOW_NAME_MAX];	/* edgectl only; "" when absent */
};

/* Key of efx_steer and efx_devices. */
struct efx_flow_key {
	__u32	service;	/* struct efx_service.id */
	__u32	device;
};

/* Value of efx_devices: the core's per-device state behind a lock. */
struct efx_device {
	struct bpf_spin_lock	lock;
	__u32			pad;
	struct ef_dev		dev;
};

/* Key of efx_windows: one completed window of one stream. */
struct efx_window_key {
	__u32	service;
	__u32	device;
	__u8	channel;
	__u8	kind;
	__u16	pad;
	__u32	pad2;
	__u64	start_ns;
};

/* efx_stats: per-CPU array of EFX_STATS_PER_SVC counters per service,
 * slot service_id * EFX_STATS_PER_SVC + counter; the last block
 * (EFX_MAX_SERVICES) counts what matched no service. */
enum efx_stat {
	EFX_STAT_PKTS_IN,	/* datagrams to a service port */
	EFX_STAT_BYTES_IN,	/* their UDP payload bytes */
	EFX_STAT_FORWARDED,	/* steered to a server */
	EFX_STAT_REDIRECTED,	/* of those, redirected by XDP itself */
	EFX_STAT_AGGREGATED,	/* consumed into windows */
	EFX_STAT_PASSED,	/* handed to the stack unchanged */
	EFX_STAT_READINGS_REJECTED,	/* readings marked in forwarded data */
	EFX_STAT_WINDOWS_CLOSED,	/* completed windows stored */
	EFX_STAT_WINDOWS_LOST,	/* completed windows lost: map full */
	EFX_STAT_DROP_BASE,	/* + enum edgeflow_reason */
	EFX_STATS_PER_SVC = EFX_STAT_DROP_BASE + __EDGEFLOW_R_MAX,
};

#define EFX_STATS_SLOTS		((EFX_MAX_SERVICES + 1) * EFX_STATS_PER_SVC)

#endif /* _EDGEFLOW_XDP_H */
