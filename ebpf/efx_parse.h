/* SPDX-License-Identifier: GPL-2.0 */
/*
 * edgeflow XDP: parse Ethernet (up to two VLAN tags), IPv4 (options
 * allowed) or IPv6 (no extension headers), and UDP, far enough to know
 * whether a frame is a datagram to a service port.
 */
#ifndef _EFX_PARSE_H
#define _EFX_PARSE_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>

#define EFX_VLAN_MAX	2
#define EFX_IP_MF	0x2000
#define EFX_IP_OFFSET	0x1fff

enum efx_parse_result {
	EFX_PARSE_OK,		/* a UDP datagram; p->dport is valid */
	EFX_PARSE_PASS,		/* not ours to judge: to the stack untouched */
	EFX_PARSE_MALFORMED,	/* UDP header lies; p->dport is valid */
};

struct efx_pkt {
	struct ethhdr	*eth;
	void		*l3;
	struct udphdr	*udp;
	void		*payload;
	__u32		payload_len;	/* from the UDP header */
	__u32		dport;		/* host order, a map key */
	__u16		l3_proto;	/* ETH_P_IP or ETH_P_IPV6 */
	__u16		vlans;		/* VLAN tags seen */
};

struct efx_vlan_hdr {
	__be16	tci;
	__be16	proto;
};

static __always_inline bool efx_is_vlan(__be16 proto)
{
	return proto == bpf_htons(ETH_P_8021Q) ||
	       proto == bpf_htons(ETH_P_8021AD);
}

/* Returns the L3 protocol (network order) and sets *l3 past the tags. */
static __always_inline __be16 efx_parse_eth(void *data, void *data_end,
					    struct efx_pkt *p, void **l3)
{
	struct ethhdr *eth = data;
	struct efx_vlan_hdr *vh;
	__be16 proto;
	int i;

	if ((void *)(eth + 1) > data_end)
		return 0;
	p->eth = eth;
	proto = eth->h_proto;
	vh = (void *)(eth + 1);

	for (i = 0; i < EFX_VLAN_MAX; i++) {
		if (!efx_is_vlan(proto))
			break;
		if ((void *)(vh + 1) > data_end)
			return 0;
		proto = vh->proto;
		vh++;
		p->vlans++;
	}
	*l3 = vh;
	return proto;
}

/* Fills p->udp; returns the bytes the IP header allows for UDP, or -1. */
static __always_inline int efx_parse_ipv4(void *l3, void *data_end,
					  struct efx_pkt *p)
{
	struct iphdr *iph = l3;
	__u32 ihl, tot;

	if ((void *)(iph + 1) > data_end)
		return -1;
	if (iph->version != 4 || iph->ihl < 5)
		return -1;
	if (iph->frag_off & bpf_htons(EFX_IP_MF | EFX_IP_OFFSET))
		return -1;	/* fragments are the stack's to reassemble */
	if (iph->protocol != IPPROTO_UDP)
		return -1;

	ihl = iph->ihl * 4;
	tot = bpf_ntohs(iph->tot_len);
	if (tot < ihl)
		return -1;
	p->udp = l3 + ihl;
	return tot - ihl;
}

static __always_inline int efx_parse_ipv6(void *l3, void *data_end,
					  struct efx_pkt *p)
{
	struct ipv6hdr *ip6 = l3;

	if ((void *)(ip6 + 1) > data_end)
		return -1;
	if (ip6->version != 6)
		return -1;
	/* Extension headers (fragments included) go to the stack. */
	if (ip6->nexthdr != IPPROTO_UDP)
		return -1;
	p->udp = (void *)(ip6 + 1);
	return bpf_ntohs(ip6->payload_len);
}

static __always_inline int efx_parse(void *data, void *data_end,
				     struct efx_pkt *p)
{
	struct udphdr *udp;
	void *l3 = NULL;
	__be16 proto;
	__u32 ulen;
	int room;

	proto = efx_parse_eth(data, data_end, p, &l3);
	if (proto == bpf_htons(ETH_P_IP)) {
		p->l3_proto = ETH_P_IP;
		room = efx_parse_ipv4(l3, data_end, p);
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		p->l3_proto = ETH_P_IPV6;
		room = efx_parse_ipv6(l3, data_end, p);
	} else {
		return EFX_PARSE_PASS;
	}
	if (room < 0)
		return EFX_PARSE_PASS;
	p->l3 = l3;

	udp = p->udp;
	if ((void *)(udp + 1) > data_end)
		return EFX_PARSE_PASS;	/* no port to judge by */
	p->dport = bpf_ntohs(udp->dest);

	/* The UDP header's own length: at least the header, within what
	 * the IP header and the frame hold. */
	ulen = bpf_ntohs(udp->len);
	if (ulen < sizeof(*udp) || ulen > (__u32)room)
		return EFX_PARSE_MALFORMED;
	p->payload = udp + 1;
	p->payload_len = ulen - sizeof(*udp);
	if (p->payload + p->payload_len > data_end)
		return EFX_PARSE_MALFORMED;
	return EFX_PARSE_OK;
}

#endif /* _EFX_PARSE_H */
