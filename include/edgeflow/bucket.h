/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * edgeflow datapath core: per-device token bucket.
 *
 * The bucket holds credit measured in nanoseconds rather than in tokens: one
 * datagram costs cost_ns = 10^9 / rate, credit grows by one per elapsed
 * nanosecond and is capped at burst * cost_ns. Refill is then an addition
 * and a comparison, with no multiplication that could overflow however long
 * the device was silent, and the only division (computing cost_ns) happens
 * when the bucket is configured, not per packet. Truncating 10^9 / rate
 * makes the effective rate at most 1 ppm high for rates below 1000/s.
 *
 * rate 0 means unlimited; so does any rate above 10^9/s (cost_ns would be
 * 0). burst 0 is taken as 1, since a bucket that can never pass a datagram
 * is surely a configuration mistake; the control plane should refuse it.
 */
#ifndef _EDGEFLOW_BUCKET_H
#define _EDGEFLOW_BUCKET_H

#include "compat.h"

struct ef_bucket {
	__u64	cost_ns;	/* credit one datagram takes; 0: unlimited */
	__u64	cap_ns;		/* burst * cost_ns: a full bucket */
	__u64	credit_ns;	/* credit left */
	__u64	last_ns;	/* when credit_ns was last brought up to date */
};

/*
 * Set rate (datagrams/s) and burst (datagrams), keeping the credit the
 * device has (clipped to the new capacity) so reconfiguring does not hand
 * out a free burst. A zeroed bucket starts empty: use ef_bucket_init().
 */
static __always_inline void ef_bucket_set(struct ef_bucket *b, __u32 rate,
					  __u32 burst)
{
	if (rate == 0) {
		b->cost_ns = 0;
		b->cap_ns = 0;
		b->credit_ns = 0;
		return;
	}
	if (burst == 0)
		burst = 1;

	/* 10^9 * 2^32 < 2^64: cannot overflow */
	b->cost_ns = ef_div_u64(EF_NSEC_PER_SEC, rate);
	b->cap_ns = b->cost_ns * burst;
	if (b->credit_ns > b->cap_ns)
		b->credit_ns = b->cap_ns;
}

/* A new device's bucket: configured and full. */
static __always_inline void ef_bucket_init(struct ef_bucket *b, __u32 rate,
					   __u32 burst, __u64 now)
{
	ef_zero(b);
	ef_bucket_set(b, rate, burst);
	b->credit_ns = b->cap_ns;
	b->last_ns = now;
}

/* Take one datagram's worth of credit if there is enough. */
static __always_inline bool ef_bucket_take(struct ef_bucket *b, __u64 now)
{
	__u64 gained;

	if (b->cost_ns == 0)
		return true;

	gained = ef_elapsed(now, b->last_ns);
	if (now > b->last_ns)
		b->last_ns = now;

	if (b->credit_ns >= b->cap_ns || gained >= b->cap_ns - b->credit_ns)
		b->credit_ns = b->cap_ns;
	else
		b->credit_ns += gained;

	if (b->credit_ns < b->cost_ns)
		return false;
	b->credit_ns -= b->cost_ns;
	return true;
}

#endif /* _EDGEFLOW_BUCKET_H */
