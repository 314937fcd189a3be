/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Layout of a fuzz_core input, shared by the target and the seed generator
 * so seeds built from the unit-test cases mean what the target reads.
 *
 *   policy block, EFZ_POLICY_LEN bytes, little-endian, missing bytes are 0:
 *     per kind 0..EDGEFLOW_KIND_MAX:
 *       flags u8, min s32, max s32, step u32, step_reset u32,
 *       deadband u32, heartbeat_ns u64
 *     idle_ns u64, window_ns u64, rate u32, burst u32
 *   then frames until the input ends:
 *     op u8       EFZ_OP_* bits
 *     dt u64      clock step in ns (forwards unless EFZ_OP_BACK)
 *     len u8      payload bytes that follow (fewer if the input ends)
 *     payload     one UDP payload
 */
#ifndef _EDGEFLOW_FUZZ_INPUT_H
#define _EDGEFLOW_FUZZ_INPUT_H

#include <stddef.h>
#include <string.h>
#include <edgeflow/core.h>

#define EFZ_KIND_LEN	29
#define EFZ_POLICY_LEN	((EDGEFLOW_KIND_MAX + 1) * EFZ_KIND_LEN + 24)
#define EFZ_FRAME_HDR	10

#define EFZ_OP_EXPIRE	0x01	/* sweep every device's windows first */
#define EFZ_OP_BACK	0x02	/* the clock steps backwards by dt */

struct efz_cursor {
	const __u8	*p;
	size_t		left;
};

static inline __u64 efz_get(struct efz_cursor *c, unsigned int bytes)
{
	__u64 v = 0;
	unsigned int i;

	for (i = 0; i < bytes; i++) {
		__u64 b = 0;

		if (c->left) {
			b = *c->p++;
			c->left--;
		}
		v |= b << (8 * i);
	}
	return v;
}

static inline void efz_put(__u8 **p, __u64 v, unsigned int bytes)
{
	unsigned int i;

	for (i = 0; i < bytes; i++)
		*(*p)++ = (__u8)(v >> (8 * i));
}

/* Read the policy block; consumes EFZ_POLICY_LEN bytes or what is left. */
static inline void efz_get_policy(struct efz_cursor *c, struct ef_policy *pol,
				  __u32 *rate, __u32 *burst)
{
	unsigned int k;

	memset(pol, 0, sizeof(*pol));
	for (k = 0; k <= EDGEFLOW_KIND_MAX; k++) {
		struct ef_kind_policy *kp = &pol->kind[k];

		kp->flags = (__u32)efz_get(c, 1) & EF_KP_ALL;
		kp->min = (__s32)efz_get(c, 4);
		kp->max = (__s32)efz_get(c, 4);
		kp->step = (__u32)efz_get(c, 4);
		kp->step_reset = (__u32)efz_get(c, 4);
		kp->deadband = (__u32)efz_get(c, 4);
		kp->heartbeat_ns = efz_get(c, 8);
	}
	pol->idle_ns = efz_get(c, 8);
	pol->window_ns = efz_get(c, 8);
	*rate = (__u32)efz_get(c, 4);
	*burst = (__u32)efz_get(c, 4);
}

/* Write the policy block; returns the bytes written (EFZ_POLICY_LEN). */
static inline size_t efz_put_policy(__u8 *buf, const struct ef_policy *pol,
				    __u32 rate, __u32 burst)
{
	__u8 *p = buf;
	unsigned int k;

	for (k = 0; k <= EDGEFLOW_KIND_MAX; k++) {
		const struct ef_kind_policy *kp = &pol->kind[k];

		efz_put(&p, kp->flags, 1);
		efz_put(&p, (__u32)kp->min, 4);
		efz_put(&p, (__u32)kp->max, 4);
		efz_put(&p, kp->step, 4);
		efz_put(&p, kp->step_reset, 4);
		efz_put(&p, kp->deadband, 4);
		efz_put(&p, kp->heartbeat_ns, 8);
	}
	efz_put(&p, pol->idle_ns, 8);
	efz_put(&p, pol->window_ns, 8);
	efz_put(&p, rate, 4);
	efz_put(&p, burst, 4);
	return (size_t)(p - buf);
}

/* Write one frame; returns the bytes written. */
static inline size_t efz_put_frame(__u8 *buf, __u8 op, __u64 dt,
				   const __u8 *payload, __u8 len)
{
	__u8 *p = buf;

	efz_put(&p, op, 1);
	efz_put(&p, dt, 8);
	efz_put(&p, len, 1);
	if (len)
		memcpy(p, payload, len);
	return EFZ_FRAME_HDR + len;
}

#endif /* _EDGEFLOW_FUZZ_INPUT_H */
