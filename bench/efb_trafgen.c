// SPDX-License-Identifier: GPL-2.0
/*
 * Write a trafgen(8) packet configuration of sensor datagrams: DEVICES
 * devices, each sending sequence numbers 1..SEQS, devices interleaved;
 * trafgen sends the list round and round. Every datagram has the BOOT
 * flag: a device that announces a restart with a new sequence number is
 * accepted, so no datagram is ever a duplicate, whatever a gateway under
 * overload lost before it (with plain sequence numbers, losing a device's
 * first datagram of a round would make the rest of its round duplicates,
 * and the lossier gateway would be charged twice). Each datagram
 * carries 1..8 readings (temperature and humidity, all in range), so the
 * frames are 66 to 122 bytes. Checksums (IPv4, full UDP) are computed
 * here; trafgen sends the bytes as they are.
 *
 *   efb_trafgen -s SRC -d DST -p PORT -m DST_MAC [ -n DEVICES ] [ -q SEQS ]
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tests/bpf/efx_test.h"

static int mac_parse(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

static void frame_put(const struct tp *t)
{
	size_t i;

	printf("{");
	for (i = 0; i < t->len; i++)
		printf("%s0x%02x", i ? "," : " ", t->buf[i]);
	printf(" }\n");
}

int main(int argc, char **argv)
{
	struct tp_opts o = { .family = 4, .sport = 40000, .ttl = 64 };
	unsigned int ndev = 64, nseq = 64, d, s, i;
	uint8_t dmac[6] = { 0 }, pl[EF_WIRE_DATA_MAX_LEN];
	struct ef_packet pkt;
	const char *dmac_s = NULL;
	struct tp t;
	uint32_t len;
	int opt;

	while ((opt = getopt(argc, argv, "s:d:p:m:n:q:")) != -1) {
		switch (opt) {
		case 's': o.src = optarg; break;
		case 'd': o.dst = optarg; break;
		case 'p': o.dport = (uint16_t)atoi(optarg); break;
		case 'm': dmac_s = optarg; break;
		case 'n': ndev = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'q': nseq = (unsigned int)strtoul(optarg, NULL, 0); break;
		default: return 2;
		}
	}
	if (!o.src || !o.dst || !o.dport || !dmac_s || mac_parse(dmac_s, dmac) || !ndev ||
	    nseq < 2) {
		fprintf(stderr, "usage: %s -s SRC -d DST -p PORT -m DST_MAC [-n DEVICES] "
			"[-q SEQS >= 2]\n", argv[0]);
		return 2;
	}

	printf("# %u devices x %u sequence numbers, from efb_trafgen\n", ndev, nseq);
	for (s = 1; s <= nseq; s++) {
		for (d = 0; d < ndev; d++) {
			memset(&pkt, 0, sizeof(pkt));
			pkt.device = d;
			pkt.seq = s;
			pkt.flags = EDGEFLOW_WIRE_F_BOOT;
			pkt.count = (uint8_t)(1 + (d + s) % 8);
			for (i = 0; i < pkt.count; i++) {
				pkt.r[i].channel = (uint8_t)i;
				if (i % 2) {
					pkt.r[i].kind = EDGEFLOW_KIND_HUMIDITY;
					pkt.r[i].value = (int32_t)(40000 + (s * 53 + d) % 20000);
				} else {
					pkt.r[i].kind = EDGEFLOW_KIND_TEMPERATURE;
					pkt.r[i].value = (int32_t)(18000 + (s * 37 + d) % 8000);
				}
			}
			len = ef_wire_encode(pl, sizeof(pl), &pkt);
			if (!len)
				return 1;
			tp_build(&t, &o, pl, len);
			memcpy(t.buf, dmac, 6);
			/* Source MAC: trafgen sends what is here; any unicast will do. */
			memcpy(t.buf + 6, "\x02\x00\x00\x00\x01\x01", 6);
			frame_put(&t);
		}
	}
	return 0;
}
