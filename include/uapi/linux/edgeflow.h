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
 * Commands. Privilege: every command that changes state needs
 * CAP_NET_ADMIN in the user namespace owning the network namespace
 * (GENL_UNS_ADMIN_PERM). GET_INFO is open to everyone: it reports only the
 * module's version and compile-time limits.
 */
enum edgeflow_cmd {
	EDGEFLOW_CMD_UNSPEC,
	EDGEFLOW_CMD_GET_INFO,		/* doit: module and ABI version, limits */

	__EDGEFLOW_CMD_MAX,
	EDGEFLOW_CMD_MAX = __EDGEFLOW_CMD_MAX - 1
};

/* Top-level attributes. */
enum edgeflow_attr {
	EDGEFLOW_A_UNSPEC,
	EDGEFLOW_A_PAD,
	EDGEFLOW_A_MODULE_VERSION,	/* string: module version */
	EDGEFLOW_A_ABI_VERSION,		/* u32: EDGEFLOW_ABI_VERSION */
	EDGEFLOW_A_LIMITS,		/* nest: enum edgeflow_limit_attr */

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

	__EDGEFLOW_LIMIT_A_MAX,
	EDGEFLOW_LIMIT_A_MAX = __EDGEFLOW_LIMIT_A_MAX - 1
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

#endif /* _UAPI_LINUX_EDGEFLOW_H */
