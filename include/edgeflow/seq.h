/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * edgeflow datapath core: per-device sequence deduplication.
 *
 * Sequence numbers are compared with serial-number arithmetic on u32
 * (RFC 1982): the forward distance d = seq - last, taken modulo 2^32, makes
 * seq newer when 0 < d < 2^31, so 0xffffffff -> 0 is progress. Any forward
 * step below 2^31 is accepted (the gap is datagrams lost on the way); d == 0
 * is a duplicate and d >= 2^31 is an old or replayed datagram. d == 2^31 is
 * undefined in RFC 1982; it is treated as old, so that nothing ambiguous
 * gets through.
 *
 * A device starts over (its next datagram is accepted whatever its number,
 * and becomes the new baseline) when
 *  - it has not been seen before,
 *  - the datagram has the BOOT flag, or
 *  - nothing was accepted from it for idle_ns (0 disables the timeout),
 *    which covers devices that restart from 0 without setting BOOT.
 * A BOOT datagram that repeats the one that started the current run, with
 * nothing accepted since, is the network duplicating it, not a second
 * reboot, and is dropped as a duplicate.
 */
#ifndef _EDGEFLOW_SEQ_H
#define _EDGEFLOW_SEQ_H

#include "compat.h"
#include "../uapi/linux/edgeflow.h"

#define EF_SEQ_HALF	0x80000000U

/* struct ef_seq.flags */
#define EF_SEQ_F_VALID	0x01	/* seq and last_ns hold a baseline */
#define EF_SEQ_F_BOOTED	0x02	/* the run started with a BOOT datagram */

struct ef_seq {
	__u64	last_ns;	/* when the last datagram was accepted */
	__u32	seq;		/* last accepted sequence number */
	__u32	boot_seq;	/* seq of the BOOT datagram starting this run */
	__u32	flags;		/* EF_SEQ_F_* */
};

enum ef_seq_verdict {
	EF_SEQ_DUP,		/* duplicate or old: drop */
	EF_SEQ_NEXT,		/* newer than the last: accept */
	EF_SEQ_RESTART,		/* device starts over: accept, new baseline */
};

/* Is @a newer than @b in serial-number arithmetic? */
static __always_inline bool ef_seq_after(__u32 a, __u32 b)
{
	__u32 d = a - b;

	return d != 0 && d < EF_SEQ_HALF;
}

/* Classify a datagram; changes nothing. */
static __always_inline enum ef_seq_verdict
ef_seq_check(const struct ef_seq *s, __u64 idle_ns, __u32 seq, __u8 flags,
	     __u64 now)
{
	if (!(s->flags & EF_SEQ_F_VALID))
		return EF_SEQ_RESTART;

	if (flags & EDGEFLOW_WIRE_F_BOOT) {
		if ((s->flags & EF_SEQ_F_BOOTED) && seq == s->boot_seq &&
		    s->seq == s->boot_seq)
			return EF_SEQ_DUP;
		return EF_SEQ_RESTART;
	}

	if (idle_ns && ef_elapsed(now, s->last_ns) >= idle_ns)
		return EF_SEQ_RESTART;

	return ef_seq_after(seq, s->seq) ? EF_SEQ_NEXT : EF_SEQ_DUP;
}

/* Record an accepted datagram; @v is what ef_seq_check() returned. */
static __always_inline void ef_seq_commit(struct ef_seq *s,
					  enum ef_seq_verdict v, __u32 seq,
					  __u8 flags, __u64 now)
{
	if (v == EF_SEQ_DUP)
		return;

	if (v == EF_SEQ_RESTART) {
		s->flags = EF_SEQ_F_VALID;
		if (flags & EDGEFLOW_WIRE_F_BOOT) {
			s->flags |= EF_SEQ_F_BOOTED;
			s->boot_seq = seq;
		}
	}
	s->seq = seq;
	s->last_ns = now;
}

#endif /* _EDGEFLOW_SEQ_H */
