// SPDX-License-Identifier: GPL-2.0
/*
 * edgeflow XDP fast path: parse sensor datagrams addressed to a service
 * port, run them through the shared core (dedup, rate, range, step,
 * deadband, windows) and steer them to their server by rewriting the
 * destination. What this program does not take (fragments, IPv6 extension
 * headers, other traffic) goes to the stack untouched, where the module's
 * netfilter path sees it.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include <edgeflow/xdp.h>

#include "efx_maps.h"
#include "efx_parse.h"
#include "efx_csum.h"

char LICENSE[] SEC("license") = "GPL";

static __always_inline void efx_count(__u32 svc, __u32 stat, __u64 n)
{
	__u32 slot = svc * EFX_STATS_PER_SVC + stat;
	__u64 *c;

	c = bpf_map_lookup_elem(&efx_stats, &slot);
	if (c)
		*c += n;
}

static __always_inline int efx_drop(__u32 svc, __u8 reason)
{
	efx_count(svc, EFX_STAT_DROP_BASE + reason, 1);
	return XDP_DROP;
}

/* Store the windows the core just closed; the agent reads and deletes them. */
static __always_inline void efx_store_windows(__u32 svc, __u32 device,
					       const struct efx_scratch *s)
{
	struct efx_window_key key = { .service = svc, .device = device };
	__u32 i;

	/*
	 * Unrolled: Linux 6.1's verifier refuses a loop whose back edge is a
	 * helper call's fall-through ("back-edge from insn"), as a rolled
	 * loop ending in bpf_map_update_elem() compiles to.
	 */
#pragma clang loop unroll(full)
	for (i = 0; i < EF_DEV_CHANNELS; i++) {
		if (!(s->closed & (1U << i)))
			continue;
		key.channel = s->win[i].channel;
		key.kind = s->win[i].kind;
		key.start_ns = s->win[i].start_ns;
		if (bpf_map_update_elem(&efx_windows, &key, &s->win[i], BPF_ANY))
			efx_count(svc, EFX_STAT_WINDOWS_LOST, 1);
		else
			efx_count(svc, EFX_STAT_WINDOWS_CLOSED, 1);
	}
}

/* Look up or create the device's state. */
static __always_inline struct efx_device *
efx_device_get(const struct efx_service *svc, __u32 device, __u64 now)
{
	struct efx_flow_key key = { .service = svc->id, .device = device };
	struct efx_device_tmpl *init;
	struct efx_device *d;
	__u32 zero = 0;

	d = bpf_map_lookup_elem(&efx_devices, &key);
	if (d)
		return d;

	/*
	 * struct ef_dev is too big for the BPF stack, and for clang to zero
	 * it inline, so a new device is built in a per-CPU template that is
	 * only ever written here and only in its bucket: everything else
	 * stays zero, and this equals ef_dev_init().
	 */
	init = bpf_map_lookup_elem(&efx_dev_init, &zero);
	if (!init)
		return NULL;
	ef_bucket_init(&init->dev.bucket, svc->rate, svc->burst, now);
	if (bpf_map_update_elem(&efx_devices, &key, init, BPF_NOEXIST) &&
	    !bpf_map_lookup_elem(&efx_devices, &key))
		return NULL;
	return bpf_map_lookup_elem(&efx_devices, &key);
}

/*
 * Run the core on one datagram under the device's lock; copy what must
 * outlive the lock (result, closed windows) into the per-CPU scratch.
 */
static __always_inline int efx_filter(const struct efx_service *svc,
				      struct efx_device *d,
				      const struct ef_packet *pkt, __u64 now,
				      struct efx_scratch *s)
{
	enum ef_verdict v;
	__u32 i;

	bpf_spin_lock(&d->lock);
	v = ef_core_packet(&svc->policy, &d->dev, pkt, now, &s->res);
	s->closed = s->res.closed;
	for (i = 0; i < EF_DEV_CHANNELS; i++) {
		if (!(s->closed & (1U << i)))
			continue;
		s->win[i] = d->dev.chan[i].done;
	}
	bpf_spin_unlock(&d->lock);
	return v;
}

/* Resolve the server a datagram of @device goes to, or NULL. */
static __always_inline const struct efx_server *
efx_server_for(const struct efx_service *svc, __u32 device, bool *known)
{
	struct efx_flow_key key = { .service = svc->id, .device = device };
	__u32 *idx, i;

	idx = bpf_map_lookup_elem(&efx_steer, &key);
	*known = idx != NULL;
	if (idx) {
		i = *idx;
	} else {
		if (!svc->default_server)
			return NULL;
		i = svc->default_server - 1;
	}
	return bpf_map_lookup_elem(&efx_servers, &i);
}

SEC("xdp")
int efx_xdp(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	const struct efx_server *srv;
	const struct efx_service *svc;
	struct efx_scratch *s;
	struct efx_device *d;
	struct efx_pkt p = {};
	struct ef_packet pkt;
	__u32 zero = 0, sid;
	bool known;
	__u64 now;
	int err;

	err = efx_parse(data, data_end, &p);
	if (err == EFX_PARSE_PASS)
		return XDP_PASS;

	svc = bpf_map_lookup_elem(&efx_services, &p.dport);
	if (!svc)
		return XDP_PASS;
	sid = svc->id < EFX_MAX_SERVICES ? svc->id : EFX_MAX_SERVICES;

	efx_count(sid, EFX_STAT_PKTS_IN, 1);
	efx_count(sid, EFX_STAT_BYTES_IN, p.payload_len);
	if (err == EFX_PARSE_MALFORMED)
		return efx_drop(sid, EDGEFLOW_R_MALFORMED);

	if (ef_wire_parse(p.payload, data_end, p.payload_len, &pkt))
		return efx_drop(sid, EDGEFLOW_R_MALFORMED);

	srv = efx_server_for(svc, pkt.device, &known);
	if (!known && !(svc->flags & EFX_SVC_F_UNKNOWN_PASS))
		return efx_drop(sid, EDGEFLOW_R_UNKNOWN_DEVICE);

	now = bpf_ktime_get_ns();
	d = efx_device_get(svc, pkt.device, now);
	if (!d)
		return efx_drop(sid, EDGEFLOW_R_NO_STATE);
	s = bpf_map_lookup_elem(&efx_scratch, &zero);
	if (!s)
		return efx_drop(sid, EDGEFLOW_R_NO_STATE);

	err = efx_filter(svc, d, &pkt, now, s);
	if (s->closed)
		efx_store_windows(sid, pkt.device, s);
	if (err == EF_VERDICT_DROP)
		return efx_drop(sid, s->res.reason);

	if (!(svc->mode & EFX_MODE_FORWARD)) {
		efx_count(sid, EFX_STAT_AGGREGATED, 1);
		return XDP_DROP;
	}
	if (svc->mode & EFX_MODE_AGGREGATE)
		efx_count(sid, EFX_STAT_AGGREGATED, 1);

	if (!srv || !(srv->flags & EFX_SRV_F_PRESENT)) {
		/* An unknown device that may pass, with no default server,
		 * is the local service's to handle. */
		if (!known && !srv) {
			efx_count(sid, EFX_STAT_PASSED, 1);
			return XDP_PASS;
		}
		return efx_drop(sid, EDGEFLOW_R_NO_SERVER);
	}

	if (s->res.rejected || s->res.suppressed)
		efx_count(sid, EFX_STAT_READINGS_REJECTED,
			  s->res.rejected + s->res.suppressed);
	err = efx_rewrite(ctx, &p, srv, &s->res);
	if (err < 0)
		return efx_drop(sid, err == -EFX_ERR_FAMILY ? EDGEFLOW_R_FAMILY :
						EDGEFLOW_R_MALFORMED);

	efx_count(sid, EFX_STAT_FORWARDED, 1);
	err = efx_fib_redirect(ctx, &p);
	if (err == XDP_REDIRECT)
		efx_count(sid, EFX_STAT_REDIRECTED, 1);
	return err;
}
