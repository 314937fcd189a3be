/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the XDP tests: build frames (Ethernet, 0-2 VLAN tags, IPv4
 * with options or IPv6, UDP, sensor payload) with checksums computed from
 * scratch, so a rewritten frame can be compared byte by byte with one
 * built directly with the expected header values.
 */
#ifndef EFX_TEST_H
#define EFX_TEST_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <edgeflow/core.h>

#define TP_MAX 600

struct tp_opts {
	int family;		/* 4 or 6 */
	int vlans;		/* 0..2 */
	int ip_opt_len;		/* IPv4 options, multiple of 4, <= 40 */
	bool frag;		/* IPv4: set MF; IPv6: fragment ext header */
	bool no_udp_csum;	/* IPv4: checksum 0 */
	uint16_t sport, dport;
	const char *src, *dst;	/* addresses of the family */
	uint8_t ttl;
	int udp_len_delta;	/* added to the UDP length field */
	int trailer;		/* extra frame bytes after the datagram */
};

struct tp {
	uint8_t buf[TP_MAX];
	size_t len;
	size_t l3_off, l4_off, pl_off;
};

static uint32_t tp_sum(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static uint16_t tp_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void tp_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Build a frame around @payload (@plen bytes). */
static void tp_build(struct tp *t, const struct tp_opts *o, const void *payload,
		     size_t plen)
{
	static const uint8_t dmac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	static const uint8_t smac[6] = { 0x02, 0, 0, 0, 0, 0x02 };
	uint8_t *b = t->buf;
	size_t off = 12, ulen, l3len;
	uint32_t sum;
	int i;

	memset(t, 0, sizeof(*t));
	memcpy(b, dmac, 6);
	memcpy(b + 6, smac, 6);
	for (i = 0; i < o->vlans; i++) {
		tp_put16(b + off, i == 0 && o->vlans == 2 ? ETH_P_8021AD : ETH_P_8021Q);
		tp_put16(b + off + 2, (uint16_t)(100 + i));
		off += 4;
	}
	tp_put16(b + off, o->family == 4 ? ETH_P_IP : ETH_P_IPV6);
	off += 2;
	t->l3_off = off;

	ulen = 8 + plen;
	if (o->family == 4) {
		struct iphdr *ip = (struct iphdr *)(b + off);
		size_t ihl = 20 + (size_t)o->ip_opt_len;

		ip->version = 4;
		ip->ihl = (unsigned int)(ihl / 4);
		ip->tot_len = htons((uint16_t)(ihl + ulen));
		ip->id = htons(0x1234);
		ip->frag_off = htons(o->frag ? 0x2000 : 0x4000);
		ip->ttl = o->ttl ? o->ttl : 64;
		ip->protocol = IPPROTO_UDP;
		inet_pton(AF_INET, o->src, &ip->saddr);
		inet_pton(AF_INET, o->dst, &ip->daddr);
		/* Options: NOPs then end-of-list, a legal filler. */
		memset(b + off + 20, 1, (size_t)o->ip_opt_len);
		if (o->ip_opt_len)
			b[off + ihl - 1] = 0;
		ip->check = htons(tp_fold(tp_sum(ip, ihl, 0)));
		l3len = ihl;
	} else {
		struct ipv6hdr *ip6 = (struct ipv6hdr *)(b + off);

		ip6->version = 6;
		ip6->payload_len = htons((uint16_t)(ulen + (o->frag ? 8 : 0)));
		ip6->nexthdr = o->frag ? 44 : IPPROTO_UDP;
		ip6->hop_limit = o->ttl ? o->ttl : 64;
		inet_pton(AF_INET6, o->src, &ip6->saddr);
		inet_pton(AF_INET6, o->dst, &ip6->daddr);
		l3len = sizeof(*ip6);
		if (o->frag) {
			uint8_t *fh = b + off + l3len;

			fh[0] = IPPROTO_UDP;
			fh[3] = 1;	/* more fragments */
			l3len += 8;
		}
	}
	off += l3len;
	t->l4_off = off;

	{
		struct udphdr *uh = (struct udphdr *)(b + off);

		uh->source = htons(o->sport ? o->sport : 40000);
		uh->dest = htons(o->dport);
		uh->len = htons((uint16_t)((int)ulen + o->udp_len_delta));
		memcpy(b + off + 8, payload, plen);
		t->pl_off = off + 8;

		/* Pseudo-header and datagram, with the true length. */
		if (o->family == 4) {
			struct iphdr *ip = (struct iphdr *)(b + t->l3_off);

			sum = tp_sum(&ip->saddr, 8, 0);
			sum += IPPROTO_UDP + (uint32_t)ulen;
		} else {
			struct ipv6hdr *ip6 = (struct ipv6hdr *)(b + t->l3_off);

			sum = tp_sum(&ip6->saddr, 32, 0);
			sum += IPPROTO_UDP + (uint32_t)ulen;
		}
		sum = tp_sum(uh, ulen, sum);
		uh->check = htons(tp_fold(sum));
		if (!uh->check)
			uh->check = 0xffff;
		if (o->family == 4 && o->no_udp_csum)
			uh->check = 0;
	}
	t->len = off + ulen + (size_t)o->trailer;
}

/* A data datagram with @n readings of (channel i, @kind, @vals[i]). */
static size_t tp_payload(uint8_t *buf, size_t size, uint32_t device, uint32_t seq,
			 uint8_t flags, int n, uint8_t kind, const int32_t *vals,
			 const uint16_t *status)
{
	struct ef_packet pkt = { .device = device, .seq = seq, .flags = flags,
				 .count = (uint8_t)n };
	int i;

	for (i = 0; i < n; i++) {
		pkt.r[i].channel = (uint8_t)i;
		pkt.r[i].kind = kind;
		pkt.r[i].value = vals[i];
		pkt.r[i].status = status ? status[i] : 0;
	}
	return ef_wire_encode(buf, (uint32_t)size, &pkt);
}

#endif /* EFX_TEST_H */
