// SPDX-License-Identifier: GPL-2.0
/*
 * efsink: a test edge server. Receives sensor datagrams on a UDP port
 * (IPv4 and IPv6), checks each against the wire format, and on SIGTERM or
 * SIGINT (or, with -t, once idle that long) prints what it got, one line
 * per (device, destination address):
 *
 *   device=D daddr=A datagrams=N readings=R rejected=K seq_first=F seq_last=L
 *
 * then "total datagrams=N malformed=M summaries=S bytes=B summary_bytes=SB"
 * (payload bytes of all datagrams and of the summaries). Rejected counts the
 * readings whose status the gateway marked. With -l FILE every data reading
 * is also written as "device,seq,channel,kind,status,value" for tests that
 * recompute aggregates. The kernel has already dropped datagrams with a
 * bad UDP checksum before they reach us, so whatever is counted had one
 * that verified.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <edgeflow/wire.h>

#define SINK_MAX_FLOWS 4096

struct sink_flow {
	uint32_t device;
	char daddr[INET6_ADDRSTRLEN];
	uint64_t datagrams, readings, rejected;
	uint32_t seq_first, seq_last;
};

static volatile sig_atomic_t sink_stop;

static void sink_signal(int sig)
{
	(void)sig;
	sink_stop = 1;
}

static struct sink_flow flows[SINK_MAX_FLOWS];
static unsigned int nflows;

static struct sink_flow *sink_flow(uint32_t device, const char *daddr)
{
	unsigned int i;

	for (i = 0; i < nflows; i++) {
		if (flows[i].device == device && !strcmp(flows[i].daddr, daddr))
			return &flows[i];
	}
	if (nflows == SINK_MAX_FLOWS)
		return NULL;
	flows[nflows].device = device;
	snprintf(flows[nflows].daddr, sizeof(flows[nflows].daddr), "%s", daddr);
	return &flows[nflows++];
}

/* The destination address of a received datagram, from its control data. */
static void sink_daddr(struct msghdr *mh, char *out, size_t len)
{
	struct cmsghdr *c;

	snprintf(out, len, "?");
	for (c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo *pi = (void *)CMSG_DATA(c);

			if (IN6_IS_ADDR_V4MAPPED(&pi->ipi6_addr))
				inet_ntop(AF_INET, &pi->ipi6_addr.s6_addr[12], out, (socklen_t)len);
			else
				inet_ntop(AF_INET6, &pi->ipi6_addr, out, (socklen_t)len);
		} else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo *pi = (void *)CMSG_DATA(c);

			inet_ntop(AF_INET, &pi->ipi_addr, out, (socklen_t)len);
		}
	}
}

int main(int argc, char **argv)
{
	uint64_t total = 0, malformed = 0, summaries = 0, bytes = 0, summary_bytes = 0;
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
	struct sigaction sig = { .sa_handler = sink_signal };
	int idle_ms = 0, port = 0, one = 1, zero = 0, fd, opt, quiet_ms = 0;
	int rcvbuf = 8 << 20;
	FILE *log = NULL;
	unsigned int i;

	while ((opt = getopt(argc, argv, "p:t:l:")) != -1) {
		switch (opt) {
		case 'p':
			port = atoi(optarg);
			break;
		case 't':
			idle_ms = atoi(optarg);
			break;
		case 'l':
			log = fopen(optarg, "w");
			if (!log) {
				perror(optarg);
				return 1;
			}
			break;
		default:
			fprintf(stderr, "usage: efsink -p PORT [-t IDLE_MS] [-l READINGS_FILE]\n"
				"  stops on SIGTERM/SIGINT, or after IDLE_MS without datagrams\n");
			return 2;
		}
	}
	if (port <= 0 || port > 65535) {
		fprintf(stderr, "efsink: -p PORT is required\n");
		return 2;
	}

	sigaction(SIGTERM, &sig, NULL);
	sigaction(SIGINT, &sig, NULL);

	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one));
	setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
	sa.sin6_port = htons((uint16_t)port);
	sa.sin6_addr = in6addr_any;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("bind");
		return 1;
	}
	/* Tell whoever started us that we listen. */
	printf("listening port=%d\n", port);
	fflush(stdout);

	for (;;) {
		uint8_t buf[2048], cbuf[256];
		struct iovec iov = { buf, sizeof(buf) };
		struct msghdr mh = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
		};
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		char daddr[INET6_ADDRSTRLEN];
		struct sink_flow *f;
		struct ef_packet pkt;
		enum ef_parse_err pe;
		ssize_t n;

		/* A stop is honoured once the queue is drained (100 ms quiet). */
		if (poll(&pfd, 1, 100) <= 0) {
			quiet_ms += 100;
			if (sink_stop || (idle_ms && quiet_ms >= idle_ms))
				break;
			continue;
		}
		quiet_ms = 0;
		n = recvmsg(fd, &mh, MSG_DONTWAIT);
		if (n < 0)
			continue;
		total++;
		bytes += (uint64_t)n;
		sink_daddr(&mh, daddr, sizeof(daddr));
		if (n >= (ssize_t)sizeof(struct edgeflow_wire_hdr) &&
		    ((struct edgeflow_wire_hdr *)buf)->type == EDGEFLOW_WIRE_T_SUMMARY) {
			if (ef_wire_parse_summary(buf, buf + n, (uint32_t)n, &pe)) {
				summaries++;
				summary_bytes += (uint64_t)n;
			}
			else
				malformed++;
			continue;
		}

		/* The gateway may have marked statuses: validate with them cleared. */
		{
			uint8_t copy[2048];
			uint16_t st[EDGEFLOW_WIRE_MAX_READINGS] = { 0 };
			struct edgeflow_wire_reading *rd;
			int k, cnt = n >= 16 ? buf[5] : 0;

			memcpy(copy, buf, (size_t)n);
			rd = (void *)(copy + sizeof(struct edgeflow_wire_hdr));
			for (k = 0; k < cnt && k < EDGEFLOW_WIRE_MAX_READINGS &&
				    (uint8_t *)(rd + k + 1) <= copy + n; k++) {
				st[k] = ntohs(rd[k].status);
				rd[k].status = 0;
			}
			if (ef_wire_parse(copy, copy + n, (uint32_t)n, &pkt)) {
				malformed++;
				continue;
			}
			f = sink_flow(pkt.device, daddr);
			if (!f)
				continue;
			if (!f->datagrams)
				f->seq_first = pkt.seq;
			f->seq_last = pkt.seq;
			f->datagrams++;
			f->readings += pkt.count;
			for (k = 0; k < pkt.count; k++) {
				if (st[k])
					f->rejected++;
				if (log)
					fprintf(log, "%u,%u,%u,%u,%u,%d\n", pkt.device, pkt.seq,
						pkt.r[k].channel, pkt.r[k].kind, st[k],
						pkt.r[k].value);
			}
		}
	}

	for (i = 0; i < nflows; i++)
		printf("device=%u daddr=%s datagrams=%llu readings=%llu rejected=%llu "
		       "seq_first=%u seq_last=%u\n", flows[i].device, flows[i].daddr,
		       (unsigned long long)flows[i].datagrams,
		       (unsigned long long)flows[i].readings,
		       (unsigned long long)flows[i].rejected, flows[i].seq_first,
		       flows[i].seq_last);
	printf("total datagrams=%llu malformed=%llu summaries=%llu bytes=%llu summary_bytes=%llu\n",
	       (unsigned long long)total, (unsigned long long)malformed,
	       (unsigned long long)summaries, (unsigned long long)bytes,
	       (unsigned long long)summary_bytes);
	if (log)
		fclose(log);
	return 0;
}
