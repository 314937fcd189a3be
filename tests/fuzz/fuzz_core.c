// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer target over the datapath core: a policy, then a run of
 * datagrams with clock steps and expiry sweeps (layout in fuzz_input.h),
 * each parsed and, when valid, put through ef_core_packet() for its device.
 * Besides what ASan and UBSan catch, every result is checked against the
 * invariants the module and the XDP program rely on; a violation aborts.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_input.h"

#define EFZ_DEVICES	4	/* distinct devices tracked at once */

struct efz_device {
	struct ef_dev	dev;
	__u32		id;
	bool		used;
};

static struct efz_device efz_devs[EFZ_DEVICES];

#define efz_assert(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "fuzz_core: " __VA_ARGS__);	\
			fputc('\n', stderr);				\
			abort();					\
		}							\
	} while (0)

/* What every window handed to the caller must satisfy. */
static void efz_check_window(const struct ef_window *w)
{
	__int128 lo, hi, sq, bound;
	struct edgeflow_wire_summary rec;
	struct ef_window back;
	__u64 mag;

	efz_assert(w->count > 0, "closed window is empty");
	efz_assert(w->length_ns > 0 && w->start_ns % w->length_ns == 0,
		   "window start %llu not aligned to %llu",
		   (unsigned long long)w->start_ns,
		   (unsigned long long)w->length_ns);
	efz_assert(w->min <= w->max && w->first >= w->min &&
		   w->first <= w->max && w->last >= w->min &&
		   w->last <= w->max, "window min/max/first/last disagree");

	lo = (__int128)w->min * w->count;
	hi = (__int128)w->max * w->count;
	efz_assert(w->sum >= lo && w->sum <= hi, "window sum out of bounds");

	sq = ((__int128)w->sumsq_hi << 64) | w->sumsq_lo;
	mag = w->min < 0 ? (__u64)(-(__s64)w->min) : (__u64)w->min;
	if ((__u64)(w->max < 0 ? -(__s64)w->max : w->max) > mag)
		mag = (__u64)(w->max < 0 ? -(__s64)w->max : w->max);
	bound = (__int128)mag * mag * w->count;
	efz_assert(sq <= bound, "window sum of squares over its bound");
	efz_assert(w->count > 1 || sq == (__int128)w->sum * w->sum,
		   "one-reading window: sum of squares is not sum squared");

	ef_window_encode(&rec, w);
	ef_window_decode(&back, &rec);
	efz_assert(!memcmp(&back, w, sizeof(back)),
		   "window does not survive the summary record");
}

static void efz_check_closed(const struct ef_dev *dev, __u16 closed)
{
	__u32 i;

	for (i = 0; i < EF_DEV_CHANNELS; i++)
		if (closed & (1U << i))
			efz_check_window(&dev->chan[i].done);
}

static struct ef_dev *efz_device(__u32 id, __u32 rate, __u32 burst,
				 __u64 now)
{
	struct efz_device *d;
	unsigned int i;

	for (i = 0; i < EFZ_DEVICES; i++)
		if (efz_devs[i].used && efz_devs[i].id == id)
			return &efz_devs[i].dev;

	d = &efz_devs[id % EFZ_DEVICES];
	ef_dev_init(&d->dev, rate, burst, now);
	d->id = id;
	d->used = true;
	return &d->dev;
}

static void efz_check_result(const struct ef_policy *pol,
			     const struct ef_packet *pkt,
			     const struct ef_dev *dev, enum ef_verdict v,
			     const struct ef_result *res)
{
	unsigned int judged = res->reported + res->suppressed + res->rejected;
	__u32 i;

	efz_assert((v == EF_VERDICT_PASS) == (res->reason == EDGEFLOW_R_OK),
		   "verdict %d with reason %u", v, res->reason);
	efz_assert((v == EF_VERDICT_PASS) == (res->reported > 0),
		   "verdict %d with %u reported", v, res->reported);

	if (res->reason == EDGEFLOW_R_DUPLICATE ||
	    res->reason == EDGEFLOW_R_RATE) {
		efz_assert(judged == 0 && res->closed == 0,
			   "dropped datagram had its readings judged");
		return;
	}
	efz_assert(judged == pkt->count, "%u of %u readings judged", judged,
		   pkt->count);

	for (i = 0; i < pkt->count; i++) {
		const struct ef_reading *rd = &pkt->r[i];
		__u8 st = res->status[i];

		efz_assert(st == EDGEFLOW_R_OK || st == EDGEFLOW_R_RANGE ||
			   st == EDGEFLOW_R_STEP || st == EDGEFLOW_R_DEADBAND ||
			   st == EDGEFLOW_R_NO_STATE,
			   "reading %u has status %u", i, st);
		if ((st == EDGEFLOW_R_OK || st == EDGEFLOW_R_DEADBAND) &&
		    rd->kind <= EDGEFLOW_KIND_MAX &&
		    (pol->kind[rd->kind].flags & EF_KP_RANGE))
			efz_assert(rd->value >= pol->kind[rd->kind].min &&
				   rd->value <= pol->kind[rd->kind].max,
				   "reading %u accepted out of range", i);
		if (st == EDGEFLOW_R_DEADBAND)
			efz_assert(rd->kind <= EDGEFLOW_KIND_MAX &&
				   pol->kind[rd->kind].deadband,
				   "reading %u suppressed without deadband", i);
	}
	efz_check_closed(dev, res->closed);
}

/* Parse a payload both ways and run it through the core if it is data. */
static void efz_datagram(const struct ef_policy *pol, __u32 rate,
			 __u32 burst, const __u8 *p, __u8 len, __u64 now)
{
	__u8 again[EF_WIRE_DATA_MAX_LEN];
	const struct edgeflow_wire_summary *rec;
	enum ef_parse_err err;
	struct ef_packet pkt;
	struct ef_result res;
	struct ef_window w;
	enum ef_verdict v;
	struct ef_dev *dev;
	__u32 n, i;

	n = ef_wire_parse_summary(p, p + len, len, &err);
	rec = (const void *)(p + EF_WIRE_HDR_LEN);
	for (i = 0; i < n; i++)
		ef_window_decode(&w, &rec[i]);

	err = ef_wire_parse(p, p + len, len, &pkt);
	if (err != EF_PE_OK)
		return;

	efz_assert(ef_wire_encode(again, sizeof(again), &pkt) == len &&
		   !memcmp(again, p, len), "datagram does not re-encode");

	dev = efz_device(pkt.device, rate, burst, now);
	v = ef_core_packet(pol, dev, &pkt, now, &res);
	efz_check_result(pol, &pkt, dev, v, &res);
}

int LLVMFuzzerTestOneInput(const __u8 *data, size_t size)
{
	struct efz_cursor c = { data, size };
	struct ef_policy pol;
	__u32 rate, burst, i;
	__u64 now = 0;

	memset(efz_devs, 0, sizeof(efz_devs));
	efz_get_policy(&c, &pol, &rate, &burst);

	while (c.left >= EFZ_FRAME_HDR) {
		__u8 op = (__u8)efz_get(&c, 1);
		__u64 dt = efz_get(&c, 8);
		__u8 len = (__u8)efz_get(&c, 1);
		__u8 *payload;

		now = op & EFZ_OP_BACK ? now - dt : now + dt;
		if (op & EFZ_OP_EXPIRE)
			for (i = 0; i < EFZ_DEVICES; i++)
				if (efz_devs[i].used)
					efz_check_closed(&efz_devs[i].dev,
						ef_core_expire(&efz_devs[i].dev,
							       now));

		if (len > c.left)
			len = (__u8)c.left;
		/* an exact-size copy, so ASan sees any read past it */
		payload = malloc(len ? len : 1);
		if (!payload)
			return 0;
		memcpy(payload, c.p, len);
		c.p += len;
		c.left -= len;
		efz_datagram(&pol, rate, burst, payload, len, now);
		free(payload);
	}
	return 0;
}
