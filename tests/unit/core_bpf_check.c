// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Proof that the datapath core builds for BPF and passes the verifier: a
 * minimal XDP program that runs a UDP payload through every entry point of
 * include/edgeflow/ the way the real XDP program will. It is not the fast
 * path (ebpf/ is): no steering, one device, IPv4 without options only.
 *
 *   clang -O2 -g -target bpf -I include -I/usr/include/x86_64-linux-gnu \
 *	-c tests/unit/core_bpf_check.c -o build/core_bpf_check.o
 *   bpftool prog load build/core_bpf_check.o /sys/fs/bpf/ef_core_check \
 *	type xdp && rm /sys/fs/bpf/ef_core_check
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <edgeflow/core.h>

#define EFX_PAYLOAD_OFF	(14 + 20 + 8)	/* Ethernet, IPv4, UDP */

struct efx_scratch {
	struct ef_packet		pkt;
	struct ef_result		res;
	struct edgeflow_wire_summary	rec[EF_DEV_CHANNELS];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ef_policy);
} efx_policy SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ef_dev);
} efx_dev SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct efx_scratch);
} efx_scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, __EDGEFLOW_R_MAX);
	__type(key, __u32);
	__type(value, __u64);
} efx_stats SEC(".maps");

static __always_inline void efx_count(__u32 reason)
{
	__u64 *c = bpf_map_lookup_elem(&efx_stats, &reason);

	if (c)
		__sync_fetch_and_add(c, 1);
}

/*
 * Export (here: encode into scratch) the windows closed by the last call.
 * The mask is read from memory, not carried in a register, so the verifier
 * does not walk this loop once per possible mask.
 */
static __always_inline void efx_export(struct ef_dev *dev,
				       const __u16 *closed,
				       struct efx_scratch *s)
{
	__u32 i;

	for (i = 0; i < EF_DEV_CHANNELS; i++) {
		if (*closed & (1U << i))
			ef_window_encode(&s->rec[i], &dev->chan[i].done);
	}
}

/* The timer path: close and export windows that are over. */
static __always_inline void efx_expire(struct ef_dev *dev, __u64 now,
				       struct efx_scratch *s)
{
	__u32 i;

	for (i = 0; i < EF_DEV_CHANNELS; i++) {
		if (ef_chan_expire(dev, i, now))
			ef_window_encode(&s->rec[i], &dev->chan[i].done);
	}
}

/* Write each rejected reading's reason into the datagram. */
static __always_inline void efx_mark(void *payload, void *data_end,
				     const struct efx_scratch *s)
{
	struct edgeflow_wire_reading *rd = payload + EF_WIRE_HDR_LEN;
	__u32 i;

	for (i = 0; i < EDGEFLOW_WIRE_MAX_READINGS; i++) {
		if (i >= s->pkt.count)
			break;
		if ((void *)(rd + i + 1) > data_end)
			break;
		if (s->res.status[i])
			rd[i].status = bpf_htons(s->res.status[i]);
	}
}

SEC("xdp")
int efx_core_check(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	void *payload = data + EFX_PAYLOAD_OFF;
	__u16 *udp_len = payload - 4;
	struct ef_policy *pol;
	struct efx_scratch *s;
	struct ef_dev *dev;
	__u64 now = bpf_ktime_get_ns();
	__u32 zero = 0, len;

	if ((void *)(udp_len + 1) > data_end)
		return XDP_PASS;
	len = bpf_ntohs(*udp_len);
	if (len < 8)
		return XDP_PASS;
	len -= 8;

	pol = bpf_map_lookup_elem(&efx_policy, &zero);
	dev = bpf_map_lookup_elem(&efx_dev, &zero);
	s = bpf_map_lookup_elem(&efx_scratch, &zero);
	if (!pol || !dev || !s)
		return XDP_PASS;

	if (ef_wire_parse(payload, data_end, len, &s->pkt)) {
		efx_count(EDGEFLOW_R_MALFORMED);
		return XDP_DROP;
	}

	efx_expire(dev, now, s);
	if (ef_core_packet(pol, dev, &s->pkt, now, &s->res) ==
	    EF_VERDICT_DROP) {
		efx_export(dev, &s->res.closed, s);
		efx_count(s->res.reason);
		return XDP_DROP;
	}
	efx_export(dev, &s->res.closed, s);
	efx_mark(payload, data_end, s);
	efx_count(EDGEFLOW_R_OK);
	return XDP_PASS;
}

char _license[] SEC("license") = "Dual BSD/GPL";
