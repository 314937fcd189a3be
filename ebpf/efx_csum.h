/* SPDX-License-Identifier: GPL-2.0 */
/*
 * edgeflow XDP: stateless destination rewrite with incremental checksum
 * updates (RFC 1624), reading-status marking, and the FIB redirect.
 */
#ifndef _EFX_CSUM_H
#define _EFX_CSUM_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <edgeflow/xdp.h>

#include "efx_parse.h"

#define EFX_ERR_FAMILY	1	/* server has no address of this family */
#define EFX_ERR_BOUNDS	2

#ifndef AF_INET
#define AF_INET		2
#endif
#ifndef AF_INET6
#define AF_INET6	10
#endif

/* HC' = ~(~HC + ~m + m') over 16-bit words, any byte order. */
static __always_inline __u16 efx_csum_replace16(__u16 csum, __u16 from,
						__u16 to)
{
	__u32 s = (__u16)~csum + (__u16)~from + (__u32)to;

	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (__u16)~s;
}

static __always_inline __u16 efx_csum_replace32(__u16 csum, __u32 from,
						__u32 to)
{
	csum = efx_csum_replace16(csum, (__u16)(from >> 16), (__u16)(to >> 16));
	return efx_csum_replace16(csum, (__u16)from, (__u16)to);
}

/*
 * Write each rejected reading's reason into its status field and return
 * the UDP checksum updated for it.
 */
static __always_inline int efx_mark_readings(struct efx_pkt *p, void *data_end,
					     const struct ef_result *res,
					     __u16 *csum)
{
	struct edgeflow_wire_reading *rd;
	__u32 i;

	rd = p->payload + sizeof(struct edgeflow_wire_hdr);
	for (i = 0; i < EDGEFLOW_WIRE_MAX_READINGS; i++) {
		__u16 st;

		if (!res->status[i])
			continue;
		if ((void *)(rd + i + 1) > data_end)
			return -EFX_ERR_BOUNDS;
		st = bpf_htons(res->status[i]);
		*csum = efx_csum_replace16(*csum, rd[i].status, st);
		rd[i].status = st;
	}
	return 0;
}

static __always_inline int efx_rewrite4(struct efx_pkt *p, void *data_end,
					const struct efx_server *srv,
					const struct ef_result *res)
{
	struct udphdr *udp = p->udp;
	struct iphdr *iph = p->l3;
	__u16 ucsum, ucsum0;
	int err;

	if (!(srv->flags & EFX_SRV_F_ADDR4))
		return -EFX_ERR_FAMILY;
	if ((void *)(iph + 1) > data_end || (void *)(udp + 1) > data_end)
		return -EFX_ERR_BOUNDS;

	ucsum = ucsum0 = udp->check;
	ucsum = efx_csum_replace32(ucsum, iph->daddr, srv->addr4);
	ucsum = efx_csum_replace16(ucsum, udp->dest, srv->port);
	err = efx_mark_readings(p, data_end, res, &ucsum);
	if (err)
		return err;

	iph->check = efx_csum_replace32(iph->check, iph->daddr, srv->addr4);
	iph->daddr = srv->addr4;
	udp->dest = srv->port;
	/* Over IPv4 a zero UDP checksum means "none" and stays so; a
	 * computed zero is sent as all ones. */
	if (ucsum0)
		udp->check = ucsum ? ucsum : 0xffff;
	return 0;
}

static __always_inline int efx_rewrite6(struct efx_pkt *p, void *data_end,
					const struct efx_server *srv,
					const struct ef_result *res)
{
	struct ipv6hdr *ip6 = p->l3;
	struct udphdr *udp = p->udp;
	__u16 ucsum;
	__u32 i;
	int err;

	if (!(srv->flags & EFX_SRV_F_ADDR6))
		return -EFX_ERR_FAMILY;
	if ((void *)(ip6 + 1) > data_end || (void *)(udp + 1) > data_end)
		return -EFX_ERR_BOUNDS;

	ucsum = udp->check;
	for (i = 0; i < 8; i++) {
		__u16 to = ((const __u16 *)srv->addr6)[i];

		ucsum = efx_csum_replace16(ucsum, ip6->daddr.in6_u.u6_addr16[i], to);
		ip6->daddr.in6_u.u6_addr16[i] = to;
	}
	ucsum = efx_csum_replace16(ucsum, udp->dest, srv->port);
	err = efx_mark_readings(p, data_end, res, &ucsum);
	if (err)
		return err;
	udp->dest = srv->port;
	udp->check = ucsum ? ucsum : 0xffff;
	return 0;
}

static __always_inline int efx_rewrite(struct xdp_md *ctx, struct efx_pkt *p,
				       const struct efx_server *srv,
				       const struct ef_result *res)
{
	void *data_end = (void *)(long)ctx->data_end;

	if (p->l3_proto == ETH_P_IP)
		return efx_rewrite4(p, data_end, srv, res);
	return efx_rewrite6(p, data_end, srv, res);
}

/*
 * Send the rewritten frame out directly where the FIB knows the next hop
 * and its neighbour; otherwise the stack routes it (and resolves ARP/ND).
 * Tagged frames always go to the stack, which owns the VLAN devices.
 */
static __always_inline int efx_fib_redirect(struct xdp_md *ctx,
					    struct efx_pkt *p)
{
	void *data_end = (void *)(long)ctx->data_end;
	struct bpf_fib_lookup fib = {};
	struct ethhdr *eth = p->eth;
	struct ipv6hdr *ip6;
	struct iphdr *iph;
	long rc;

	if (p->vlans || (void *)(eth + 1) > data_end)
		return XDP_PASS;

	fib.ifindex = ctx->ingress_ifindex;
	fib.l4_protocol = IPPROTO_UDP;
	if (p->l3_proto == ETH_P_IP) {
		iph = p->l3;
		if ((void *)(iph + 1) > data_end || iph->ttl <= 1)
			return XDP_PASS;
		fib.family = AF_INET;
		fib.tos = iph->tos;
		fib.tot_len = bpf_ntohs(iph->tot_len);
		fib.ipv4_src = iph->saddr;
		fib.ipv4_dst = iph->daddr;
	} else {
		ip6 = p->l3;
		if ((void *)(ip6 + 1) > data_end || ip6->hop_limit <= 1)
			return XDP_PASS;
		fib.family = AF_INET6;
		fib.tot_len = bpf_ntohs(ip6->payload_len);
		__builtin_memcpy(fib.ipv6_src, &ip6->saddr, sizeof(fib.ipv6_src));
		__builtin_memcpy(fib.ipv6_dst, &ip6->daddr, sizeof(fib.ipv6_dst));
	}
	fib.sport = p->udp->source;
	fib.dport = p->udp->dest;

	rc = bpf_fib_lookup(ctx, &fib, sizeof(fib), 0);
	if (rc != BPF_FIB_LKUP_RET_SUCCESS)
		return XDP_PASS;

	if (p->l3_proto == ETH_P_IP) {
		iph = p->l3;
		if ((void *)(iph + 1) > data_end)
			return XDP_PASS;
		/* TTL is the high byte of its 16-bit word with protocol. */
		iph->check = efx_csum_replace16(iph->check,
						bpf_htons((__u16)iph->ttl << 8),
						bpf_htons((__u16)(iph->ttl - 1) << 8));
		iph->ttl--;
	} else {
		ip6 = p->l3;
		if ((void *)(ip6 + 1) > data_end)
			return XDP_PASS;
		ip6->hop_limit--;
	}
	__builtin_memcpy(eth->h_dest, fib.dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, fib.smac, ETH_ALEN);
	return bpf_redirect(fib.ifindex, 0);
}

#endif /* _EFX_CSUM_H */
