/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * edgeflow: IoT sensor gateway datapath.
 *
 * This header is the contract between the kernel module, the XDP program,
 * edgectl and the sensors themselves: the generic netlink family, the drop
 * and reading-status reasons, and the sensor wire format.
 */
#ifndef _UAPI_LINUX_EDGEFLOW_H
#define _UAPI_LINUX_EDGEFLOW_H

#include <linux/types.h>

/* ---------------------------------------------------------------------- */
/* Generic netlink family                                                  */
/* ---------------------------------------------------------------------- */

#define EDGEFLOW_GENL_NAME		"edgeflow"
#define EDGEFLOW_GENL_VERSION		1

/*
 * ABI version of this header as a whole (netlink and wire format). Bumped on
 * any incompatible change; GET_INFO reports it so edgectl can refuse a module
 * it does not speak.
 */
#define EDGEFLOW_ABI_VERSION		1

#define EDGEFLOW_MCGRP_CONFIG		"config"
#define EDGEFLOW_MCGRP_EVENTS		"events"

#define EDGEFLOW_NAME_MAX		32	/* bytes, including the NUL */

/*
 * Objects. Servers and services are named (1..EDGEFLOW_NAME_MAX - 1 bytes of
 * printable ASCII other than space) and get a kernel-assigned id on creation,
 * stable for the object's life. A request may name an object by either; a
 * reply carries both. Steering entries refer to services and servers by id,
 * which keeps a batched plan small on the wire.
 *
 * Privilege: every command that changes state needs CAP_NET_ADMIN in the
 * user namespace owning the network namespace (GENL_UNS_ADMIN_PERM). These
 * are open to every process of the namespace, as routes and neighbours are:
 * GET_INFO (version and limits), SERVER_GET, SERVICE_GET, STEER_GET and
 * STATS_GET. They show configuration and counters but no sensor data. The
 * "config" multicast group is open for the same reason; the "events" group
 * carries readings (window summaries) and needs CAP_NET_ADMIN to join.
 *
 * Every reply and notification that reflects configuration carries
 * EDGEFLOW_A_GENERATION, the namespace's configuration generation: a u64
 * bumped once per committed change (one per NEW, SET, DEL, PLAN_COMMIT or
 * FLUSH that changed something).
 *
 * Errors: the policy rejects malformed attributes (-EINVAL, -ERANGE), a
 * missing attribute is -EINVAL with NLMSGERR_ATTR_MISS_TYPE set; -ENOENT
 * names an unknown object, -EEXIST a duplicate name, port or entry,
 * -ENOSPC a full table (limits: GET_INFO), -EBUSY an object still in use.
 * Every rejection carries an extended ack message and, where one attribute
 * is to blame, its offset.
 */
enum edgeflow_cmd {
	EDGEFLOW_CMD_UNSPEC,
	EDGEFLOW_CMD_GET_INFO,		/* doit: module and ABI version, limits */

	/*
	 * Servers: EDGEFLOW_A_SERVER nest. NEW needs NAME, PORT and at least
	 * one of ADDR4/ADDR6; SET changes what it is given (an empty ADDR4
	 * or ADDR6, zero length, removes that address; CAPACITY replaces all
	 * capacities). DEL fails with -EBUSY while steering entries (live or
	 * staged in an open plan) or services' default server refer to it.
	 * GET: doit by NAME or ID, or dump.
	 */
	EDGEFLOW_CMD_SERVER_NEW,
	EDGEFLOW_CMD_SERVER_SET,
	EDGEFLOW_CMD_SERVER_DEL,
	EDGEFLOW_CMD_SERVER_GET,

	/*
	 * Services: EDGEFLOW_A_SERVICE nest. NEW needs NAME, PORT and MODE.
	 * Each POLICY nest given to NEW or SET replaces the policy of its
	 * kind; a POLICY nest with only KIND removes it. DEL fails with
	 * -EBUSY while steering entries refer to the service.
	 */
	EDGEFLOW_CMD_SERVICE_NEW,
	EDGEFLOW_CMD_SERVICE_SET,
	EDGEFLOW_CMD_SERVICE_DEL,
	EDGEFLOW_CMD_SERVICE_GET,

	/*
	 * Steering entries, one EDGEFLOW_A_STEER nest: (service, device) ->
	 * server. SET creates or replaces one entry. DEL with DEVICE removes
	 * one entry; without DEVICE it removes every entry of the service
	 * (EDGEFLOW_A_COUNT in the reply says how many). GET: doit for one
	 * entry, dump for all or, with a SERVICE in the request, one
	 * service's. A dump reads one table from start to end: a commit
	 * during the dump is not seen by it.
	 */
	EDGEFLOW_CMD_STEER_SET,
	EDGEFLOW_CMD_STEER_DEL,
	EDGEFLOW_CMD_STEER_GET,

	/*
	 * Plan transactions replace the whole steering table at once. BEGIN
	 * opens a transaction owned by the requesting socket (one per socket)
	 * and replies with the current GENERATION. STAGE adds any number of
	 * EDGEFLOW_A_STEER nests; send as many STAGE messages as needed. A
	 * STAGE that fails (unknown reference, duplicate entry, over the
	 * max_steer limit) discards the transaction. COMMIT swaps the staged
	 * table in under RCU, so lookups and dumps see either the old or the
	 * new table, and replies with the new GENERATION and the entry COUNT.
	 * ABORT discards it. Closing the socket discards an open transaction.
	 */
	EDGEFLOW_CMD_PLAN_BEGIN,
	EDGEFLOW_CMD_PLAN_STAGE,
	EDGEFLOW_CMD_PLAN_COMMIT,
	EDGEFLOW_CMD_PLAN_ABORT,

	/*
	 * Counters. doit: global, or one service's (EDGEFLOW_A_SERVICE with
	 * NAME or ID) or one server's (EDGEFLOW_A_SERVER). dump: global first,
	 * then every service, then every server. Replies: EDGEFLOW_A_STATS.
	 */
	EDGEFLOW_CMD_STATS_GET,

	/*
	 * Remove every steering entry, service and server and discard open
	 * plan transactions. Counters are kept.
	 */
	EDGEFLOW_CMD_FLUSH,

	/*
	 * Aggregates. Completed windows (EDGEFLOW_A_WINDOW) are kept in the
	 * module, oldest first, until a reader deletes them, so a collector
	 * that restarts loses nothing it had not exported. AGG_GET dump: the
	 * kept windows, from EDGEFLOW_A_WINDOW_SEQ on when given; doit: COUNT
	 * of kept windows, WINDOW_SEQ of the newest and WINDOWS_LOST (windows
	 * that completed while the store was full). AGG_DEL deletes every
	 * kept window up to and including WINDOW_SEQ; the reply's COUNT says
	 * how many. Both need CAP_NET_ADMIN: windows carry sensor data.
	 * AGG_EVENT is never requested: it is the notification sent on the
	 * "events" group for each completed window.
	 */
	EDGEFLOW_CMD_AGG_GET,
	EDGEFLOW_CMD_AGG_DEL,
	EDGEFLOW_CMD_AGG_EVENT,

	__EDGEFLOW_CMD_MAX,
	EDGEFLOW_CMD_MAX = __EDGEFLOW_CMD_MAX - 1
};

/*
 * Top-level attributes. Notifications on the "config" group use the command
 * of the change (SERVER_NEW, STEER_DEL, PLAN_COMMIT, FLUSH, ...) and carry
 * GENERATION and the object (after the change; for DEL, its NAME and ID),
 * or for PLAN_COMMIT, FLUSH and STEER_DEL of a whole service the COUNT of
 * entries concerned.
 */
enum edgeflow_attr {
	EDGEFLOW_A_UNSPEC,
	EDGEFLOW_A_PAD,
	EDGEFLOW_A_MODULE_VERSION,	/* string: module version */
	EDGEFLOW_A_ABI_VERSION,		/* u32: EDGEFLOW_ABI_VERSION */
	EDGEFLOW_A_LIMITS,		/* nest: enum edgeflow_limit_attr */
	EDGEFLOW_A_GENERATION,		/* u64: configuration generation */
	EDGEFLOW_A_SERVER,		/* nest: enum edgeflow_server_attr */
	EDGEFLOW_A_SERVICE,		/* nest: enum edgeflow_service_attr */
	EDGEFLOW_A_STEER,		/* nest: enum edgeflow_steer_attr;
					 * repeated in PLAN_STAGE */
	EDGEFLOW_A_STATS,		/* nest: enum edgeflow_stats_attr */
	EDGEFLOW_A_COUNT,		/* u32: entries concerned */
	EDGEFLOW_A_WINDOW,		/* nest: enum edgeflow_window_attr */
	EDGEFLOW_A_WINDOW_SEQ,		/* u64: a kept window's sequence */
	EDGEFLOW_A_WINDOWS_LOST,	/* u64: windows lost, store full */

	__EDGEFLOW_A_MAX,
	EDGEFLOW_A_MAX = __EDGEFLOW_A_MAX - 1
};

/* Table limits of this namespace's state, as configured at module load. */
enum edgeflow_limit_attr {
	EDGEFLOW_LIMIT_A_UNSPEC,
	EDGEFLOW_LIMIT_A_SERVERS,	/* u32: max servers */
	EDGEFLOW_LIMIT_A_SERVICES,	/* u32: max services */
	EDGEFLOW_LIMIT_A_STEER,		/* u32: max steering entries */
	EDGEFLOW_LIMIT_A_DEVICES,	/* u32: max tracked devices */
	EDGEFLOW_LIMIT_A_WINDOWS,	/* u32: max completed windows kept */
	EDGEFLOW_LIMIT_A_READINGS,	/* u32: max readings per datagram */
	EDGEFLOW_LIMIT_A_RESOURCES,	/* u32: max resources per server */
	EDGEFLOW_LIMIT_A_PLANS,		/* u32: max open plan transactions */

	__EDGEFLOW_LIMIT_A_MAX,
	EDGEFLOW_LIMIT_A_MAX = __EDGEFLOW_LIMIT_A_MAX - 1
};

/*
 * Server state. A draining server keeps forwarding for the entries that
 * steer to it; placement assigns it nothing new.
 */
enum edgeflow_server_state {
	EDGEFLOW_SERVER_UP,
	EDGEFLOW_SERVER_DRAIN,

	__EDGEFLOW_SERVER_STATE_MAX,
	EDGEFLOW_SERVER_STATE_MAX = __EDGEFLOW_SERVER_STATE_MAX - 1
};

enum edgeflow_server_attr {
	EDGEFLOW_SERVER_A_UNSPEC,
	EDGEFLOW_SERVER_A_ID,		/* u32: kernel-assigned, >= 1 */
	EDGEFLOW_SERVER_A_NAME,		/* string */
	EDGEFLOW_SERVER_A_ADDR4,	/* binary: 4 bytes, network order */
	EDGEFLOW_SERVER_A_ADDR6,	/* binary: 16 bytes, network order */
	EDGEFLOW_SERVER_A_PORT,		/* u16: UDP port, host order, >= 1 */
	EDGEFLOW_SERVER_A_STATE,	/* u8: enum edgeflow_server_state */
	EDGEFLOW_SERVER_A_CAPACITY,	/* nest: EDGEFLOW_CAP_A_RESOURCE, up
					 * to EDGEFLOW_LIMIT_A_RESOURCES */
	EDGEFLOW_SERVER_A_STEER_REFS,	/* u32: reply only, steering entries
					 * that refer to the server */
	EDGEFLOW_SERVER_A_SERVICE_REFS,	/* u32: reply only, services whose
					 * default server it is */

	__EDGEFLOW_SERVER_A_MAX,
	EDGEFLOW_SERVER_A_MAX = __EDGEFLOW_SERVER_A_MAX - 1
};

/* Inside EDGEFLOW_SERVER_A_CAPACITY: one nest per resource. */
enum edgeflow_cap_attr {
	EDGEFLOW_CAP_A_UNSPEC,
	EDGEFLOW_CAP_A_RESOURCE,	/* nest: enum edgeflow_res_attr */

	__EDGEFLOW_CAP_A_MAX,
	EDGEFLOW_CAP_A_MAX = __EDGEFLOW_CAP_A_MAX - 1
};

#define EDGEFLOW_RES_NAME_MAX		16	/* bytes, including the NUL */

enum edgeflow_res_attr {
	EDGEFLOW_RES_A_UNSPEC,
	EDGEFLOW_RES_A_PAD,
	EDGEFLOW_RES_A_NAME,		/* string: resource, e.g. "cpu" */
	EDGEFLOW_RES_A_VALUE,		/* u64: capacity in the resource's
					 * own integer unit */

	__EDGEFLOW_RES_A_MAX,
	EDGEFLOW_RES_A_MAX = __EDGEFLOW_RES_A_MAX - 1
};

/* Service mode: a bit for forwarding and one for aggregation. */
enum edgeflow_mode {
	EDGEFLOW_MODE_FORWARD = 1,	/* steer raw datagrams */
	EDGEFLOW_MODE_AGGREGATE = 2,	/* send window summaries only */
	EDGEFLOW_MODE_BOTH = 3,		/* both */
};

/* What a service does with datagrams of devices it has no entry for. */
enum edgeflow_unknown {
	EDGEFLOW_UNKNOWN_DROP,		/* drop: EDGEFLOW_R_UNKNOWN_DEVICE */
	EDGEFLOW_UNKNOWN_PASS,		/* filter, then to the default server */

	__EDGEFLOW_UNKNOWN_MAX,
	EDGEFLOW_UNKNOWN_MAX = __EDGEFLOW_UNKNOWN_MAX - 1
};

#define EDGEFLOW_WINDOW_MS_MIN		10
#define EDGEFLOW_WINDOW_MS_MAX		86400000	/* one day */
#define EDGEFLOW_WINDOW_MS_DEFAULT	1000
#define EDGEFLOW_IDLE_MS_MAX		86400000
#define EDGEFLOW_HEARTBEAT_MS_MAX	86400000
#define EDGEFLOW_BURST_DEFAULT		16

enum edgeflow_service_attr {
	EDGEFLOW_SERVICE_A_UNSPEC,
	EDGEFLOW_SERVICE_A_ID,		/* u32: kernel-assigned, >= 1 */
	EDGEFLOW_SERVICE_A_NAME,	/* string */
	EDGEFLOW_SERVICE_A_PORT,	/* u16: gateway UDP port, >= 1; one
					 * service per port */
	EDGEFLOW_SERVICE_A_MODE,	/* u8: enum edgeflow_mode */
	EDGEFLOW_SERVICE_A_WINDOW_MS,	/* u32: aggregation window,
					 * EDGEFLOW_WINDOW_MS_MIN..MAX
					 * (default EDGEFLOW_WINDOW_MS_DEFAULT) */
	EDGEFLOW_SERVICE_A_UNKNOWN,	/* u8: enum edgeflow_unknown
					 * (default drop) */
	EDGEFLOW_SERVICE_A_RATE,	/* u32: datagrams/s per device,
					 * 0 unlimited (default) */
	EDGEFLOW_SERVICE_A_BURST,	/* u32: token bucket depth, >= 1
					 * (default EDGEFLOW_BURST_DEFAULT) */
	EDGEFLOW_SERVICE_A_SERVER,	/* string: default server name for
					 * devices without an entry; "" none */
	EDGEFLOW_SERVICE_A_IDLE_MS,	/* u32: a device silent this long
					 * starts its sequence over; 0 never
					 * (default) */
	EDGEFLOW_SERVICE_A_POLICY,	/* nest: enum edgeflow_policy_attr;
					 * repeated, one per reading kind */
	EDGEFLOW_SERVICE_A_STEER_REFS,	/* u32: reply only, steering entries
					 * of the service */

	__EDGEFLOW_SERVICE_A_MAX,
	EDGEFLOW_SERVICE_A_MAX = __EDGEFLOW_SERVICE_A_MAX - 1
};

/*
 * Filter policy of one reading kind (DESIGN.md "Filter policy"). Each check
 * is on when its attribute is given: MIN_VALUE and/or MAX_VALUE (range, inclusive; a
 * missing bound is the s32 limit), STEP (with optional STEP_RESET),
 * DEADBAND (with optional HEARTBEAT_MS).
 */
enum edgeflow_policy_attr {
	EDGEFLOW_POLICY_A_UNSPEC,
	EDGEFLOW_POLICY_A_KIND,		/* u8: enum edgeflow_kind */
	EDGEFLOW_POLICY_A_MIN_VALUE,	/* s32 */
	EDGEFLOW_POLICY_A_MAX_VALUE,	/* s32, >= MIN_VALUE */
	EDGEFLOW_POLICY_A_STEP,		/* u32, >= 1 */
	EDGEFLOW_POLICY_A_STEP_RESET,	/* u32, >= 1; needs STEP */
	EDGEFLOW_POLICY_A_DEADBAND,	/* u32, >= 1 */
	EDGEFLOW_POLICY_A_HEARTBEAT_MS,	/* u32, 1..EDGEFLOW_HEARTBEAT_MS_MAX;
					 * needs DEADBAND */

	__EDGEFLOW_POLICY_A_MAX,
	EDGEFLOW_POLICY_A_MAX = __EDGEFLOW_POLICY_A_MAX - 1
};

/* One steering entry: (service, device) -> server. */
enum edgeflow_steer_attr {
	EDGEFLOW_STEER_A_UNSPEC,
	EDGEFLOW_STEER_A_SERVICE,	/* string: service name ... */
	EDGEFLOW_STEER_A_SERVICE_ID,	/* u32: ... or id; not both */
	EDGEFLOW_STEER_A_DEVICE,	/* u32: device id */
	EDGEFLOW_STEER_A_SERVER,	/* string: server name ... */
	EDGEFLOW_STEER_A_SERVER_ID,	/* u32: ... or id; not both */

	__EDGEFLOW_STEER_A_MAX,
	EDGEFLOW_STEER_A_MAX = __EDGEFLOW_STEER_A_MAX - 1
};

/*
 * Counters (u64). Every datagram to a service port counts once as RX; then
 * as FWD (steered on raw), AGG (consumed into aggregates) or DROP. A
 * datagram of a "both" service may count as FWD and AGG. DROPS holds one
 * u64 per enum edgeflow_reason, the attribute type being the reason.
 */
enum edgeflow_stats_attr {
	EDGEFLOW_STATS_A_UNSPEC,
	EDGEFLOW_STATS_A_PAD,
	EDGEFLOW_STATS_A_RX_PACKETS,
	EDGEFLOW_STATS_A_RX_BYTES,
	EDGEFLOW_STATS_A_FWD_PACKETS,
	EDGEFLOW_STATS_A_FWD_BYTES,
	EDGEFLOW_STATS_A_AGG_PACKETS,
	EDGEFLOW_STATS_A_AGG_BYTES,
	EDGEFLOW_STATS_A_DROP_PACKETS,
	EDGEFLOW_STATS_A_DROP_BYTES,
	EDGEFLOW_STATS_A_DROPS,		/* nest: u64 per enum edgeflow_reason */

	__EDGEFLOW_STATS_A_MAX,
	EDGEFLOW_STATS_A_MAX = __EDGEFLOW_STATS_A_MAX - 1
};

/* ---------------------------------------------------------------------- */
/* Drop and reading-status reasons                                         */
/* ---------------------------------------------------------------------- */

/*
 * Why a datagram was dropped, or why one reading in it was rejected. A
 * forwarded datagram carries the reason of each rejected reading in that
 * reading's status field, so values 1..255 are stable wire values.
 */
enum edgeflow_reason {
	EDGEFLOW_R_OK = 0,
	EDGEFLOW_R_MALFORMED,		/* datagram failed to parse */
	EDGEFLOW_R_UNKNOWN_DEVICE,	/* device not known, policy says drop */
	EDGEFLOW_R_DUPLICATE,		/* sequence number replayed or old */
	EDGEFLOW_R_RATE,		/* device over its token bucket */
	EDGEFLOW_R_RANGE,		/* reading outside [min, max] */
	EDGEFLOW_R_STEP,		/* reading jumped more than step */
	EDGEFLOW_R_DEADBAND,		/* reading unchanged within deadband */
	EDGEFLOW_R_NO_SERVER,		/* no steering entry or server down */
	EDGEFLOW_R_FAMILY,		/* server lacks an address of this family */
	EDGEFLOW_R_NO_STATE,		/* per-device state table full */
	EDGEFLOW_R_ALL_REJECTED,	/* every reading in the datagram rejected */

	__EDGEFLOW_R_MAX,
	EDGEFLOW_R_MAX = __EDGEFLOW_R_MAX - 1
};

/* ---------------------------------------------------------------------- */
/* Sensor wire format, version 1                                           */
/* ---------------------------------------------------------------------- */

/*
 * All fields are big-endian. A data datagram's UDP payload is exactly
 * sizeof(struct edgeflow_wire_hdr) + count * sizeof(struct
 * edgeflow_wire_reading) bytes, with 1 <= count <= EDGEFLOW_WIRE_MAX_READINGS.
 * A non-zero reserved field or reading status, an unknown version or type, a
 * count out of range or a length that is not exact makes the datagram
 * malformed.
 */
#define EDGEFLOW_WIRE_MAGIC		0x4546	/* "EF" */
#define EDGEFLOW_WIRE_VERSION		1
#define EDGEFLOW_WIRE_MAX_READINGS	16

enum edgeflow_wire_type {
	EDGEFLOW_WIRE_T_DATA = 1,	/* readings from a device */
	EDGEFLOW_WIRE_T_SUMMARY = 2,	/* window summaries from the gateway */
};

/* flags */
#define EDGEFLOW_WIRE_F_BOOT		0x01	/* device restarted; seq restarts */
#define EDGEFLOW_WIRE_F_ALL		EDGEFLOW_WIRE_F_BOOT

enum edgeflow_kind {
	EDGEFLOW_KIND_GENERIC = 0,	/* milli-units */
	EDGEFLOW_KIND_TEMPERATURE = 1,	/* milli-degrees Celsius */
	EDGEFLOW_KIND_HUMIDITY = 2,	/* milli-percent relative humidity */
	EDGEFLOW_KIND_VOLTAGE = 3,	/* millivolts */
	EDGEFLOW_KIND_ILLUMINANCE = 4,	/* millilux */
	EDGEFLOW_KIND_PRESSURE = 5,	/* pascals */

	__EDGEFLOW_KIND_MAX,
	EDGEFLOW_KIND_MAX = __EDGEFLOW_KIND_MAX - 1
};

struct edgeflow_wire_hdr {
	__be16	magic;		/* EDGEFLOW_WIRE_MAGIC */
	__u8	version;	/* EDGEFLOW_WIRE_VERSION */
	__u8	type;		/* enum edgeflow_wire_type */
	__u8	flags;		/* EDGEFLOW_WIRE_F_* */
	__u8	count;		/* readings (data) or summaries (summary) */
	__be16	reserved;	/* must be 0 */
	__be32	device;		/* device id */
	__be32	seq;		/* +1 per datagram, wraps */
};

struct edgeflow_wire_reading {
	__u8	channel;	/* device-local channel number */
	__u8	kind;		/* enum edgeflow_kind */
	__be16	status;		/* 0 from devices; enum edgeflow_reason once
				 * rejected by the gateway */
	__be32	value;		/* signed, in the kind's unit */
};

/* ---------------------------------------------------------------------- */
/* Window summary message (wire type 2)                                   */
/* ---------------------------------------------------------------------- */

/*
 * The gateway sends completed aggregation windows to a device's assigned
 * server as a summary datagram. It starts with struct edgeflow_wire_hdr:
 *
 *	magic, version	as for data
 *	type		EDGEFLOW_WIRE_T_SUMMARY
 *	flags		0 (BOOT is meaningless here)
 *	count		summary records that follow,
 *			1..EDGEFLOW_WIRE_MAX_SUMMARIES
 *	reserved	0
 *	device		the device whose windows these are
 *	seq		the gateway's own per-(service, device) sequence, +1 per
 *			summary datagram, wraps; a server deduplicates with it
 *			exactly as the gateway does for data
 *
 * and is followed by count struct edgeflow_wire_summary records, so the UDP
 * payload is exactly sizeof(struct edgeflow_wire_hdr) + count *
 * sizeof(struct edgeflow_wire_summary) bytes. The same malformation rules as
 * for data apply (reserved and record flags outside
 * EDGEFLOW_WIRE_SF_ALL must be 0, the length must be exact).
 *
 * One record is one tumbling window of one (channel, kind) stream of the
 * device. Only readings that passed range and step checks are aggregated;
 * readings suppressed by the deadband were valid and are included. A window
 * in which no reading was accepted is not sent.
 */
#define EDGEFLOW_WIRE_MAX_SUMMARIES	16

/* summary record flags */
#define EDGEFLOW_WIRE_SF_SATURATED	0x0001	/* count hit 2^32 - 1; later
						 * readings of the window were
						 * not aggregated */
#define EDGEFLOW_WIRE_SF_ALL		EDGEFLOW_WIRE_SF_SATURATED

struct edgeflow_wire_summary {
	__u8	channel;	/* device-local channel number */
	__u8	kind;		/* enum edgeflow_kind of the readings */
	__be16	flags;		/* EDGEFLOW_WIRE_SF_* */
	__be32	count;		/* readings aggregated, >= 1 */
	__be64	start_ns;	/* window start on the gateway's monotonic
				 * clock (arrival time), a multiple of
				 * length_ns */
	__be64	length_ns;	/* window length; the window covers
				 * [start_ns, start_ns + length_ns) */
	__be32	min;		/* signed, smallest value */
	__be32	max;		/* signed, largest value */
	__be32	first;		/* signed, first value by arrival */
	__be32	last;		/* signed, last value by arrival */
	__be64	sum;		/* signed (two's complement) sum of values;
				 * cannot overflow: |value| <= 2^31 and
				 * count < 2^32 */
	__be64	sumsq_hi;	/* sum of squared values as an unsigned
				 * 128-bit integer, high 64 bits ... */
	__be64	sumsq_lo;	/* ... and low 64 bits; exact, at most 2^94 */
};

/*
 * One completed window of one stream (service, device, channel), on the
 * gateway's monotonic clock (arrival time). Mean = SUM / COUNT; variance
 * from SUMSQ (128 bits as HI:LO) and SUM. FLAGS: EDGEFLOW_WIRE_SF_*.
 */
enum edgeflow_window_attr {
	EDGEFLOW_WINDOW_A_UNSPEC,
	EDGEFLOW_WINDOW_A_PAD,
	EDGEFLOW_WINDOW_A_SEQ,		/* u64: order of completion, >= 1 */
	EDGEFLOW_WINDOW_A_SERVICE_ID,	/* u32 */
	EDGEFLOW_WINDOW_A_DEVICE,	/* u32 */
	EDGEFLOW_WINDOW_A_CHANNEL,	/* u8 */
	EDGEFLOW_WINDOW_A_KIND,		/* u8: enum edgeflow_kind */
	EDGEFLOW_WINDOW_A_START_NS,	/* u64 */
	EDGEFLOW_WINDOW_A_LENGTH_NS,	/* u64 */
	EDGEFLOW_WINDOW_A_COUNT,	/* u32 */
	EDGEFLOW_WINDOW_A_VMIN,		/* s32: smallest value */
	EDGEFLOW_WINDOW_A_VMAX,		/* s32: largest value */
	EDGEFLOW_WINDOW_A_FIRST,	/* s32 */
	EDGEFLOW_WINDOW_A_LAST,		/* s32 */
	EDGEFLOW_WINDOW_A_SUM,		/* s64 */
	EDGEFLOW_WINDOW_A_SUMSQ_HI,	/* u64 */
	EDGEFLOW_WINDOW_A_SUMSQ_LO,	/* u64 */
	EDGEFLOW_WINDOW_A_FLAGS,	/* u16: EDGEFLOW_WIRE_SF_* */

	__EDGEFLOW_WINDOW_A_MAX,
	EDGEFLOW_WINDOW_A_MAX = __EDGEFLOW_WINDOW_A_MAX - 1
};

#endif /* _UAPI_LINUX_EDGEFLOW_H */
