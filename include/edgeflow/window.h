/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * edgeflow datapath core: tumbling-window aggregation.
 *
 * Windows are aligned to multiples of their length on the monotonic clock
 * (arrival time), so all channels and devices with the same length close
 * together and a window is named by its start. Opening a window costs one
 * u64 remainder (now % length); deciding whether a reading still belongs to
 * the open window is a subtraction and a comparison. A reading at or after
 * start + length closes the open window and opens the one containing it;
 * windows in which nothing was accepted simply do not exist. A reading
 * stamped before the open window's start (clocks of two CPUs disagreeing by
 * a hair) is counted in the open window.
 *
 * Overflow: |value| <= 2^31 and count stops at 2^32 - 1, so the s64 sum is
 * at most 2^31 * (2^32 - 1) < 2^63 in magnitude and cannot overflow. Squares
 * are at most 2^62, their sum at most 2^94: it is kept exactly in 128 bits
 * as two u64 with a manual carry, which BPF can do. A reading that finds
 * count already at its maximum is not aggregated and marks the window
 * SATURATED instead of wrapping.
 */
#ifndef _EDGEFLOW_WINDOW_H
#define _EDGEFLOW_WINDOW_H

#include "compat.h"
#include "../uapi/linux/edgeflow.h"

/* struct ef_window.flags, the same bits as the summary record's */
#define EF_WIN_F_SATURATED	EDGEFLOW_WIRE_SF_SATURATED

struct ef_window {
	__u64	start_ns;	/* window start, a multiple of length_ns */
	__u64	length_ns;	/* window length when it was opened */
	__s64	sum;
	__u64	sumsq_hi;	/* sum of squares, high 64 bits */
	__u64	sumsq_lo;	/* sum of squares, low 64 bits */
	__u32	count;		/* 0: no window open */
	__s32	min;
	__s32	max;
	__s32	first;
	__s32	last;
	__u16	flags;		/* EF_WIN_F_* */
	__u8	channel;	/* the stream this window belongs to, */
	__u8	kind;		/* kept by open and add, set by the caller */
};

/* Open a window holding just @v, the one containing @now. */
static __always_inline void ef_window_open(struct ef_window *w, __u64 length_ns,
					   __u64 now, __s32 v)
{
	__u64 mag = v < 0 ? -(__s64)v : v;

	w->start_ns = now - ef_mod_u64(now, length_ns);
	w->length_ns = length_ns;
	w->sum = v;
	w->sumsq_hi = 0;
	w->sumsq_lo = mag * mag;
	w->count = 1;
	w->min = v;
	w->max = v;
	w->first = v;
	w->last = v;
	w->flags = 0;
}

/* Is @w open and over at @now? */
static __always_inline bool ef_window_due(const struct ef_window *w, __u64 now)
{
	return w->count && ef_elapsed(now, w->start_ns) >= w->length_ns;
}

/* Add @v to the open window @w. */
static __always_inline void ef_window_add(struct ef_window *w, __s32 v)
{
	__u64 mag = v < 0 ? -(__s64)v : v;
	__u64 sq = mag * mag;

	if (w->count == EF_U32_MAX) {
		w->flags |= EF_WIN_F_SATURATED;
		return;
	}
	w->count++;
	w->sum += v;
	w->sumsq_lo += sq;
	if (w->sumsq_lo < sq)
		w->sumsq_hi++;
	if (v < w->min)
		w->min = v;
	if (v > w->max)
		w->max = v;
	w->last = v;
}

/*
 * Account @v arriving at @now in the stream whose open window is @cur.
 * Returns true when that closed the open window, which is then moved to
 * @done for the caller to export before the next call.
 */
static __always_inline bool
ef_window_account(struct ef_window *cur, struct ef_window *done,
		  __u64 length_ns, __u64 now, __s32 v)
{
	bool closed = false;

	if (ef_window_due(cur, now)) {
		*done = *cur;
		closed = true;
	} else if (cur->count) {
		ef_window_add(cur, v);
		return false;
	}
	ef_window_open(cur, length_ns, now, v);
	return closed;
}

/* Close @cur into @done if it is over at @now (the timer path). */
static __always_inline bool ef_window_expire(struct ef_window *cur,
					     struct ef_window *done, __u64 now)
{
	if (!ef_window_due(cur, now))
		return false;
	*done = *cur;
	cur->count = 0;
	return true;
}

/* Encode a completed window as a summary record. */
static __always_inline void ef_window_encode(struct edgeflow_wire_summary *rec,
					     const struct ef_window *w)
{
	rec->channel = w->channel;
	rec->kind = w->kind;
	rec->flags = ef_cpu_to_be16(w->flags);
	rec->count = ef_cpu_to_be32(w->count);
	rec->start_ns = ef_cpu_to_be64(w->start_ns);
	rec->length_ns = ef_cpu_to_be64(w->length_ns);
	rec->min = ef_cpu_to_be32((__u32)w->min);
	rec->max = ef_cpu_to_be32((__u32)w->max);
	rec->first = ef_cpu_to_be32((__u32)w->first);
	rec->last = ef_cpu_to_be32((__u32)w->last);
	rec->sum = ef_cpu_to_be64((__u64)w->sum);
	rec->sumsq_hi = ef_cpu_to_be64(w->sumsq_hi);
	rec->sumsq_lo = ef_cpu_to_be64(w->sumsq_lo);
}

/* Decode a summary record (validated by ef_wire_parse_summary()). */
static __always_inline void
ef_window_decode(struct ef_window *w, const struct edgeflow_wire_summary *rec)
{
	w->channel = rec->channel;
	w->kind = rec->kind;
	w->flags = ef_be16_to_cpu(rec->flags);
	w->count = ef_be32_to_cpu(rec->count);
	w->start_ns = ef_be64_to_cpu(rec->start_ns);
	w->length_ns = ef_be64_to_cpu(rec->length_ns);
	w->min = (__s32)ef_be32_to_cpu(rec->min);
	w->max = (__s32)ef_be32_to_cpu(rec->max);
	w->first = (__s32)ef_be32_to_cpu(rec->first);
	w->last = (__s32)ef_be32_to_cpu(rec->last);
	w->sum = (__s64)ef_be64_to_cpu(rec->sum);
	w->sumsq_hi = ef_be64_to_cpu(rec->sumsq_hi);
	w->sumsq_lo = ef_be64_to_cpu(rec->sumsq_lo);
}

#endif /* _EDGEFLOW_WINDOW_H */
