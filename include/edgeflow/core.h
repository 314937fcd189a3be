/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * edgeflow datapath core: one call per parsed data datagram.
 *
 *	struct ef_packet pkt;
 *	struct ef_result res;
 *
 *	if (ef_wire_parse(data, data_end, len, &pkt))
 *		drop(EDGEFLOW_R_MALFORMED);
 *	dev = lookup (service, pkt.device), or drop(EDGEFLOW_R_UNKNOWN_DEVICE),
 *	      or create it with ef_dev_init();
 *	if (ef_core_packet(policy, dev, &pkt, now, &res) == EF_VERDICT_DROP)
 *		drop(res.reason);
 *	for each bit i in res.closed:
 *		export dev->chan[i].done (see ef_window_encode());
 *	forward, writing res.status[i] into reading i's status if non-zero.
 *
 * The caller serialises calls on one struct ef_dev (a spinlock in the
 * module, a per-CPU or locked map value in XDP) and supplies @now from the
 * monotonic clock. Nothing here allocates, sleeps or takes locks.
 *
 * Order of checks: sequence (a duplicate costs no tokens), then the token
 * bucket (a datagram over rate is still "seen": a replay of it later is a
 * duplicate), then each reading independently, so one bad reading never
 * costs its neighbours.
 */
#ifndef _EDGEFLOW_CORE_H
#define _EDGEFLOW_CORE_H

#include "compat.h"
#include "../uapi/linux/edgeflow.h"
#include "wire.h"
#include "seq.h"
#include "bucket.h"
#include "policy.h"
#include "window.h"

/*
 * A stream is one channel of a device; its kind is whatever the channel
 * last reported. A device gets a slot for each channel number it uses, up
 * to EF_DEV_CHANNELS (a datagram carries at most
 * EDGEFLOW_WIRE_MAX_READINGS, so a device reporting all its channels in one
 * datagram always fits). Readings on a further channel are rejected with
 * EDGEFLOW_R_NO_STATE (they can be neither step-checked nor aggregated)
 * until the caller resets the device with ef_dev_init(). Slots are found
 * through a per-device table indexed by channel number: one load, no
 * search, which keeps the verifier's work per reading small.
 */
#define EF_DEV_CHANNELS		16
#define EF_CHANNEL_NUMBERS	256	/* a channel is a __u8 */

_Static_assert(EF_DEV_CHANNELS <= 16, "struct ef_result.closed is a u16");
_Static_assert(EF_DEV_CHANNELS < 256, "struct ef_dev.slot_of is a u8");

/* Service-wide policy. */
struct ef_policy {
	struct ef_kind_policy	kind[EDGEFLOW_KIND_MAX + 1];
	__u64			idle_ns;	/* idle reset; 0: off */
	__u64			window_ns;	/* 0: no aggregation */
};

/* One stream of a device; cur.channel and cur.kind name it. */
struct ef_chan {
	struct ef_window	cur;	/* open window (cur.count > 0) */
	struct ef_window	done;	/* last closed window, for export */
	struct ef_filter	filter;
};

/*
 * Per (service, device) state. All zeroes is a device never seen, with no
 * rate limit (what a fresh BPF map entry holds); ef_dev_init() sets the
 * token bucket as well.
 */
struct ef_dev {
	struct ef_bucket	bucket;
	struct ef_seq		seq;
	__u32			nchan;	/* slots in use */
	/* per channel number: its slot + 1, or 0 for none yet */
	__u8			slot_of[EF_CHANNEL_NUMBERS];
	struct ef_chan		chan[EF_DEV_CHANNELS];
};

enum ef_verdict {
	EF_VERDICT_PASS,	/* at least one reading is news: forward */
	EF_VERDICT_DROP,	/* see struct ef_result.reason */
};

struct ef_result {
	__u8	reason;		/* enum edgeflow_reason; OK when passed */
	__u8	reported;	/* readings accepted and reported */
	__u8	suppressed;	/* readings accepted but within deadband */
	__u8	rejected;	/* readings rejected (range, step, state) */
	__u16	closed;		/* bit i: dev->chan[i].done was just filled */
	__u16	pad;
	__u8	status[EDGEFLOW_WIRE_MAX_READINGS]; /* per reading reason */
};

/* A new device: no sequence baseline, no streams, a full bucket. */
static __always_inline void ef_dev_init(struct ef_dev *dev, __u32 rate,
					__u32 burst, __u64 now)
{
	ef_zero(dev);
	ef_bucket_init(&dev->bucket, rate, burst, now);
}

/* The device started over: forget every stream's step base and report. */
static __always_inline void ef_dev_restart(struct ef_dev *dev)
{
	__u32 i;

	for (i = 0; i < EF_DEV_CHANNELS; i++)
		ef_filter_restart(&dev->chan[i].filter);
}

/*
 * The slot of @channel, claiming the next free one for a new channel.
 * Returns the slot number, or EF_DEV_CHANNELS when the device has no room
 * (or its state is corrupt: the bound is checked on every path, which is
 * also what lets the verifier index dev->chan with the result).
 */
static __always_inline __u32 ef_chan_slot(struct ef_dev *dev, __u8 channel)
{
	__u32 slot = dev->slot_of[channel];

	if (slot) {
		slot--;
	} else {
		slot = dev->nchan;
		if (slot >= EF_DEV_CHANNELS)
			return EF_DEV_CHANNELS;
		dev->nchan = slot + 1;
		dev->slot_of[channel] = (__u8)(slot + 1);
		dev->chan[slot].cur.channel = channel;
	}
	return slot < EF_DEV_CHANNELS ? slot : EF_DEV_CHANNELS;
}

/*
 * A channel that changes kind is a new stream (the device was
 * reconfigured): close the old stream's window and forget its filter state,
 * rather than mix units in one aggregate.
 */
static __always_inline bool ef_chan_rekind(struct ef_chan *ch, __u8 kind)
{
	bool closed = false;

	if (ch->cur.kind == kind)
		return false;
	if (ch->cur.count) {
		ch->done = ch->cur;
		ch->cur.count = 0;
		closed = true;
	}
	ch->cur.kind = kind;
	ef_filter_restart(&ch->filter);
	return closed;
}

/*
 * Run one reading through range, step and deadband, and aggregate it when
 * valid. Returns its status: OK, RANGE, STEP, NO_STATE or DEADBAND.
 */
static __always_inline __u8
ef_core_reading(const struct ef_policy *pol, struct ef_dev *dev,
		const struct ef_reading *rd, __u64 now, __u16 *closed)
{
	const struct ef_kind_policy *kp;
	struct ef_chan *ch;
	__u32 slot;

	kp = ef_kind_policy_get(pol->kind, rd->kind);
	if (!ef_range_ok(kp, rd->value))
		return EDGEFLOW_R_RANGE;

	slot = ef_chan_slot(dev, rd->channel);
	if (slot >= EF_DEV_CHANNELS)
		return EDGEFLOW_R_NO_STATE;
	ch = &dev->chan[slot];

	/*
	 * Only when one datagram carries a channel twice with two kinds: the
	 * window closed a moment ago has not been exported yet, and closing
	 * another would overwrite it.
	 */
	if (ch->cur.kind != rd->kind && ch->cur.count &&
	    (*closed & (1U << slot)))
		return EDGEFLOW_R_NO_STATE;

	if (ef_chan_rekind(ch, rd->kind))
		*closed |= 1U << slot;

	if (!ef_step_ok(kp, &ch->filter, rd->value))
		return EDGEFLOW_R_STEP;

	if (pol->window_ns &&
	    ef_window_account(&ch->cur, &ch->done, pol->window_ns, now,
			      rd->value))
		*closed |= 1U << slot;

	if (!ef_deadband_report(kp, &ch->filter, rd->value, now))
		return EDGEFLOW_R_DEADBAND;
	return EDGEFLOW_R_OK;
}

/* Count one reading's status into @res. */
static __always_inline void ef_core_tally(struct ef_result *res, __u32 i,
					  __u8 status)
{
	res->status[i] = status;
	if (status == EDGEFLOW_R_OK)
		res->reported++;
	else if (status == EDGEFLOW_R_DEADBAND)
		res->suppressed++;
	else
		res->rejected++;
}

static __always_inline enum ef_verdict ef_core_drop(struct ef_result *res,
						    __u8 reason)
{
	res->reason = reason;
	return EF_VERDICT_DROP;
}

/*
 * Apply @pol to the parsed datagram @pkt of device @dev arriving at @now
 * (monotonic ns). Fills @res; returns whether to forward the datagram.
 *
 * A dropped datagram's reason is DUPLICATE, RATE, DEADBAND (nothing new:
 * every reading that was valid lay within its deadband, and those were
 * aggregated) or ALL_REJECTED (no reading was valid). Windows may close
 * whatever the verdict: always look at res->closed.
 */
static __always_inline enum ef_verdict
ef_core_packet(const struct ef_policy *pol, struct ef_dev *dev,
	       const struct ef_packet *pkt, __u64 now, struct ef_result *res)
{
	enum ef_seq_verdict sv;
	__u32 i;

	ef_zero(res);

	sv = ef_seq_check(&dev->seq, pol->idle_ns, pkt->seq, pkt->flags, now);
	if (sv == EF_SEQ_DUP)
		return ef_core_drop(res, EDGEFLOW_R_DUPLICATE);
	ef_seq_commit(&dev->seq, sv, pkt->seq, pkt->flags, now);
	if (sv == EF_SEQ_RESTART)
		ef_dev_restart(dev);

	if (!ef_bucket_take(&dev->bucket, now))
		return ef_core_drop(res, EDGEFLOW_R_RATE);

	for (i = 0; i < EDGEFLOW_WIRE_MAX_READINGS; i++) {
		if (i >= pkt->count)
			break;
		ef_core_tally(res, i, ef_core_reading(pol, dev, &pkt->r[i],
						      now, &res->closed));
	}

	if (res->reported)
		return EF_VERDICT_PASS;
	if (res->suppressed)
		return ef_core_drop(res, EDGEFLOW_R_DEADBAND);
	return ef_core_drop(res, EDGEFLOW_R_ALL_REJECTED);
}

/*
 * Close the window of slot @slot if it is over at @now, for a timer that
 * exports windows of devices that went quiet. Returns true when
 * dev->chan[slot].done was filled.
 */
static __always_inline bool ef_chan_expire(struct ef_dev *dev, __u32 slot,
					   __u64 now)
{
	struct ef_chan *ch;

	if (slot >= EF_DEV_CHANNELS)
		return false;
	ch = &dev->chan[slot];
	return ef_window_expire(&ch->cur, &ch->done, now);
}

/*
 * ef_chan_expire() over every slot; returns the mask of slots whose done
 * window was filled, as in struct ef_result.closed. BPF callers had better
 * call ef_chan_expire() per slot and export as they go: a mask built in a
 * register has 2^16 values, and the verifier walks the export loop for
 * each one it sees.
 */
static __always_inline __u16 ef_core_expire(struct ef_dev *dev, __u64 now)
{
	__u16 closed = 0;
	__u32 i;

	for (i = 0; i < EF_DEV_CHANNELS; i++) {
		if (ef_chan_expire(dev, i, now))
			closed |= 1U << i;
	}
	return closed;
}

#endif /* _EDGEFLOW_CORE_H */
