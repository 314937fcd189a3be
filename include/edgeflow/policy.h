/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * edgeflow datapath core: per-reading filter policy.
 *
 * A service has one struct ef_kind_policy per reading kind. Each check is
 * enabled by its flag; a kind with no flags set (or a kind number this
 * header does not know) accepts every value. Checks run in this order:
 *
 *  1. range: min <= value <= max (inclusive), else EDGEFLOW_R_RANGE;
 *  2. step: |value - base| <= step, where base is the stream's last
 *     accepted value, else EDGEFLOW_R_STEP. After step_reset consecutive
 *     step rejections the next reading that fails the step check is
 *     accepted as the new base instead, so a real level shift is followed
 *     after a short delay rather than rejected forever (step_reset 0:
 *     never). The first reading of a stream, or after the device started
 *     over, sets the base unchecked;
 *  3. deadband: a valid reading within deadband of the last *reported*
 *     value (|value - reported| <= deadband) is suppressed
 *     (EDGEFLOW_R_DEADBAND) unless heartbeat_ns passed since that report
 *     (heartbeat_ns 0: no heartbeat). deadband 0 turns it off.
 *
 * Range and step rejections mean the value is wrong: it never reaches an
 * aggregate and does not move the step base. A deadband suppression means
 * the value is right but not news: it is aggregated and moves the step base,
 * it is only not reported (forwarded) on its own.
 */
#ifndef _EDGEFLOW_POLICY_H
#define _EDGEFLOW_POLICY_H

#include "compat.h"
#include "../uapi/linux/edgeflow.h"

/* struct ef_kind_policy.flags */
#define EF_KP_RANGE	0x01
#define EF_KP_STEP	0x02
#define EF_KP_DEADBAND	0x04
#define EF_KP_ALL	(EF_KP_RANGE | EF_KP_STEP | EF_KP_DEADBAND)

struct ef_kind_policy {
	__u64	heartbeat_ns;	/* force a report after this long; 0: never */
	__s32	min;		/* inclusive */
	__s32	max;		/* inclusive */
	__u32	step;		/* largest accepted change */
	__u32	step_reset;	/* rejections before a new base; 0: never */
	__u32	deadband;	/* 0: off */
	__u32	flags;		/* EF_KP_* */
};

/* struct ef_filter.flags */
#define EF_FI_F_BASE	0x01	/* base holds the last accepted value */
#define EF_FI_F_REPORT	0x02	/* reported/report_ns hold the last report */

/* Filter state of one (device, channel, kind) stream. */
struct ef_filter {
	__u64	report_ns;	/* when reported was reported */
	__s32	base;		/* last accepted value, for step */
	__s32	reported;	/* last reported value, for deadband */
	__u32	step_rejects;	/* consecutive step rejections */
	__u32	flags;		/* EF_FI_F_* */
};

/* The policy of @kind, or NULL when none applies. */
static __always_inline const struct ef_kind_policy *
ef_kind_policy_get(const struct ef_kind_policy *kinds, __u8 kind)
{
	if (kind > EDGEFLOW_KIND_MAX || !(kinds[kind].flags & EF_KP_ALL))
		return NULL;
	return &kinds[kind];
}

static __always_inline bool ef_range_ok(const struct ef_kind_policy *kp,
					__s32 v)
{
	if (!kp || !(kp->flags & EF_KP_RANGE))
		return true;
	return v >= kp->min && v <= kp->max;
}

/*
 * Step check. On acceptance @v becomes the base; on rejection the
 * rejection is counted towards step_reset.
 */
static __always_inline bool ef_step_ok(const struct ef_kind_policy *kp,
				       struct ef_filter *f, __s32 v)
{
	bool ok = true;

	if (kp && (kp->flags & EF_KP_STEP) && (f->flags & EF_FI_F_BASE) &&
	    ef_absdiff_s32(v, f->base) > kp->step)
		ok = kp->step_reset && f->step_rejects >= kp->step_reset;

	if (!ok) {
		if (f->step_rejects < EF_U32_MAX)
			f->step_rejects++;
		return false;
	}
	f->base = v;
	f->flags |= EF_FI_F_BASE;
	f->step_rejects = 0;
	return true;
}

/*
 * Deadband check on a valid reading. Returns true when @v is to be
 * reported, and then records it as the last report.
 */
static __always_inline bool ef_deadband_report(const struct ef_kind_policy *kp,
					       struct ef_filter *f, __s32 v,
					       __u64 now)
{
	if (kp && (kp->flags & EF_KP_DEADBAND) && kp->deadband &&
	    (f->flags & EF_FI_F_REPORT) &&
	    ef_absdiff_s32(v, f->reported) <= kp->deadband &&
	    (!kp->heartbeat_ns ||
	     ef_elapsed(now, f->report_ns) < kp->heartbeat_ns))
		return false;

	f->reported = v;
	f->report_ns = now;
	f->flags |= EF_FI_F_REPORT;
	return true;
}

/* Forget base and last report: the device started over. */
static __always_inline void ef_filter_restart(struct ef_filter *f)
{
	f->flags = 0;
	f->step_rejects = 0;
}

#endif /* _EDGEFLOW_POLICY_H */
