/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * edgeflow datapath core: the few things that differ between the kernel,
 * BPF and userspace builds of the same headers. Everything else in
 * include/edgeflow/ is plain C on the __u/__s/__be types, with no
 * allocation, no floating point, no signed division, no recursion and only
 * loops bounded by compile-time constants, so the BPF verifier accepts it.
 */
#ifndef _EDGEFLOW_COMPAT_H
#define _EDGEFLOW_COMPAT_H

#if defined(__KERNEL__)

#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/compiler.h>
#include <linux/math64.h>
#include <asm/byteorder.h>

#define ef_be16_to_cpu(x)	be16_to_cpu(x)
#define ef_be32_to_cpu(x)	be32_to_cpu(x)
#define ef_be64_to_cpu(x)	be64_to_cpu(x)
#define ef_cpu_to_be16(x)	cpu_to_be16(x)
#define ef_cpu_to_be32(x)	cpu_to_be32(x)
#define ef_cpu_to_be64(x)	cpu_to_be64(x)

#elif defined(__bpf__)

#include <linux/types.h>
#include <stddef.h>
#include <stdbool.h>
#include <bpf/bpf_helpers.h>	/* __always_inline with the attribute */
#include <bpf/bpf_endian.h>

#define ef_be16_to_cpu(x)	bpf_ntohs(x)
#define ef_be32_to_cpu(x)	bpf_ntohl(x)
#define ef_be64_to_cpu(x)	bpf_be64_to_cpu(x)
#define ef_cpu_to_be16(x)	bpf_htons(x)
#define ef_cpu_to_be32(x)	bpf_htonl(x)
#define ef_cpu_to_be64(x)	bpf_cpu_to_be64(x)

#else /* userspace */

#include <linux/types.h>
#include <stddef.h>
#include <stdbool.h>
#include <endian.h>	/* via sys/cdefs.h: __always_inline */

#define ef_be16_to_cpu(x)	((__u16)be16toh(x))
#define ef_be32_to_cpu(x)	((__u32)be32toh(x))
#define ef_be64_to_cpu(x)	((__u64)be64toh(x))
#define ef_cpu_to_be16(x)	((__be16)htobe16(x))
#define ef_cpu_to_be32(x)	((__be32)htobe32(x))
#define ef_cpu_to_be64(x)	((__be64)htobe64(x))

#endif


#define ef_likely(x)	__builtin_expect(!!(x), 1)
#define ef_unlikely(x)	__builtin_expect(!!(x), 0)

#define EF_U16_MAX	((__u16)0xffff)
#define EF_U32_MAX	((__u32)0xffffffffU)
#define EF_U64_MAX	((__u64)0xffffffffffffffffULL)
#define EF_S32_MAX	((__s32)0x7fffffff)
#define EF_S32_MIN	((__s32)(-0x7fffffff - 1))

#define EF_NSEC_PER_SEC	1000000000ULL

#define ef_zero(p)	__builtin_memset((p), 0, sizeof(*(p)))

/*
 * Unsigned 64-bit remainder. A 32-bit kernel has no native instruction for
 * it, hence div64_u64_rem(); BPF and 64-bit userspace have one. Only the
 * window code uses it, once per window opened, never per reading.
 */
static __always_inline __u64 ef_mod_u64(__u64 a, __u64 b)
{
#if defined(__KERNEL__)
	__u64 rem;

	div64_u64_rem(a, b, &rem);
	return rem;
#else
	return a % b;
#endif
}

/*
 * Unsigned 64-bit division; the caller keeps it on the control path
 * (configuration), never per packet.
 */
static __always_inline __u64 ef_div_u64(__u64 a, __u64 b)
{
#if defined(__KERNEL__)
	return div64_u64(a, b);
#else
	return a / b;
#endif
}

/* |a - b| of two s32 values; exact in a u32 (at most 2^32 - 1). */
static __always_inline __u32 ef_absdiff_s32(__s32 a, __s32 b)
{
	return a >= b ? (__u32)a - (__u32)b : (__u32)b - (__u32)a;
}

/* Time since @then, 0 if the clock appears to have gone backwards. */
static __always_inline __u64 ef_elapsed(__u64 now, __u64 then)
{
	return now > then ? now - then : 0;
}

#endif /* _EDGEFLOW_COMPAT_H */
