// SPDX-License-Identifier: GPL-2.0
/*
 * What an operator would write instead of edgeflow: a userspace UDP relay
 * that does the same filter, aggregate and forward with recvmmsg() and
 * sendmmsg(), on the same shared core (include/edgeflow/) the module and
 * XDP use, so the comparison is of datapaths, not of filter code.
 *
 *   efb_relay relay -l ADDR:PORT -s ADDR:PORT[,ADDR:PORT...] [ -d DEVICES ] [ -w MS ]
 *   efb_relay hold PORT
 *
 * relay: receive sensor datagrams on ADDR:PORT; device d (0..DEVICES-1)
 * is steered to server d % (number of servers), any other device is
 * unknown and dropped; temperature -40..85 C and humidity 0..100 %RH in
 * range, windows of MS ms (default 1000) kept per device and channel,
 * accepted datagrams forwarded with rejected readings' status written.
 * On SIGTERM or SIGINT it prints its counters and exits.
 *
 * hold: bind UDP PORT and never read, so a server costs the gateway's
 * benchmark nothing: what arrives is counted by the kernel (Udp
 * InDatagrams, or RcvbufErrors once the small buffer is full).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <edgeflow/core.h>

#define RELAY_BATCH	64
#define RELAY_SERVERS	16
#define RELAY_MAX_DEV	65536
#define RELAY_MTU	2048

struct relay {
	struct sockaddr_in servers[RELAY_SERVERS];
	unsigned int nservers, ndevices;
	struct ef_policy pol;
	struct ef_dev **dev;		/* per device, created on first datagram */
	unsigned long long rx, fwd, drops[__EDGEFLOW_R_MAX], windows;
};

static volatile sig_atomic_t relay_stop;

static void relay_signal(int sig)
{
	(void)sig;
	relay_stop = 1;
}

static __u64 relay_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + (__u64)ts.tv_nsec;
}

static int relay_addr(const char *s, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(s, ':');

	if (!colon || (size_t)(colon - s) >= sizeof(host))
		return -EINVAL;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)atoi(colon + 1));
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -EINVAL;
}

static void relay_policy(struct ef_policy *pol, unsigned int window_ms)
{
	int k;

	memset(pol, 0, sizeof(*pol));
	for (k = 0; k <= EDGEFLOW_KIND_MAX; k++) {
		pol->kind[k].min = EF_S32_MIN;
		pol->kind[k].max = EF_S32_MAX;
	}
	pol->kind[EDGEFLOW_KIND_TEMPERATURE].min = -40000;
	pol->kind[EDGEFLOW_KIND_TEMPERATURE].max = 85000;
	pol->kind[EDGEFLOW_KIND_TEMPERATURE].flags = EF_KP_RANGE;
	pol->kind[EDGEFLOW_KIND_HUMIDITY].min = 0;
	pol->kind[EDGEFLOW_KIND_HUMIDITY].max = 100000;
	pol->kind[EDGEFLOW_KIND_HUMIDITY].flags = EF_KP_RANGE;
	pol->window_ns = (__u64)window_ms * 1000000ULL;
}

/*
 * One datagram: parse, steer, filter and aggregate; on accept rewrite the
 * rejected readings' status in place and return the server, else NULL.
 */
static const struct sockaddr_in *relay_one(struct relay *r, uint8_t *buf, uint32_t len,
					   __u64 now)
{
	struct edgeflow_wire_reading *rd;
	struct ef_result res;
	struct ef_packet pkt;
	struct ef_dev *d;
	uint32_t i;

	r->rx++;
	if (ef_wire_parse(buf, buf + len, len, &pkt)) {
		r->drops[EDGEFLOW_R_MALFORMED]++;
		return NULL;
	}
	if (pkt.device >= r->ndevices) {
		r->drops[EDGEFLOW_R_UNKNOWN_DEVICE]++;
		return NULL;
	}
	d = r->dev[pkt.device];
	if (!d) {
		d = malloc(sizeof(*d));
		if (!d) {
			r->drops[EDGEFLOW_R_NO_STATE]++;
			return NULL;
		}
		ef_dev_init(d, 0, 0, now);
		r->dev[pkt.device] = d;
	}
	if (ef_core_packet(&r->pol, d, &pkt, now, &res) == EF_VERDICT_DROP) {
		r->drops[res.reason]++;
		r->windows += (unsigned int)__builtin_popcount(res.closed);
		return NULL;
	}
	/* Closed windows stay in d->chan[i].done, as the module keeps them
	 * until read; a real relay would queue them upstream here. */
	r->windows += (unsigned int)__builtin_popcount(res.closed);
	rd = (struct edgeflow_wire_reading *)(buf + EF_WIRE_HDR_LEN);
	for (i = 0; i < pkt.count; i++) {
		if (res.status[i])
			rd[i].status = htons(res.status[i]);
	}
	r->fwd++;
	return &r->servers[pkt.device % r->nservers];
}

static int relay_loop(struct relay *r, int fd)
{
	static uint8_t bufs[RELAY_BATCH][RELAY_MTU];
	struct mmsghdr in[RELAY_BATCH], out[RELAY_BATCH];
	struct iovec iov[RELAY_BATCH], oiov[RELAY_BATCH];
	const struct sockaddr_in *to;
	int i, n, m, sent;
	__u64 now;

	memset(in, 0, sizeof(in));
	for (i = 0; i < RELAY_BATCH; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = RELAY_MTU;
		in[i].msg_hdr.msg_iov = &iov[i];
		in[i].msg_hdr.msg_iovlen = 1;
	}
	while (!relay_stop) {
		n = recvmmsg(fd, in, RELAY_BATCH, MSG_WAITFORONE, NULL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("efb_relay: recvmmsg");
			return -errno;
		}
		now = relay_now();
		memset(out, 0, sizeof(out[0]) * (size_t)n);
		for (i = 0, m = 0; i < n; i++) {
			to = relay_one(r, bufs[i], in[i].msg_len, now);
			if (!to)
				continue;
			oiov[m].iov_base = bufs[i];
			oiov[m].iov_len = in[i].msg_len;
			out[m].msg_hdr.msg_iov = &oiov[m];
			out[m].msg_hdr.msg_iovlen = 1;
			out[m].msg_hdr.msg_name = (void *)to;
			out[m].msg_hdr.msg_namelen = sizeof(*to);
			m++;
		}
		for (i = 0; i < m; i += sent) {
			sent = sendmmsg(fd, out + i, (unsigned int)(m - i), 0);
			if (sent < 0) {
				if (errno == EINTR)
					break;
				/* A full queue toward a server: drop the rest. */
				if (errno == ENOBUFS || errno == EAGAIN)
					break;
				perror("efb_relay: sendmmsg");
				return -errno;
			}
		}
	}
	return 0;
}

static int relay_main(int argc, char **argv)
{
	struct relay r = { .ndevices = 1024 };
	struct sockaddr_in listen_sa;
	unsigned int window_ms = 1000;
	char *list = NULL, *tok, *save;
	const char *laddr = NULL;
	int opt, fd, one = 1, err;
	struct sigaction sa;

	while ((opt = getopt(argc, argv, "l:s:d:w:")) != -1) {
		switch (opt) {
		case 'l': laddr = optarg; break;
		case 's': list = optarg; break;
		case 'd': r.ndevices = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'w': window_ms = (unsigned int)strtoul(optarg, NULL, 0); break;
		default: return 2;
		}
	}
	if (!laddr || !list || !r.ndevices || r.ndevices > RELAY_MAX_DEV ||
	    relay_addr(laddr, &listen_sa)) {
		fprintf(stderr, "efb_relay relay: need -l ADDR:PORT -s ADDR:PORT[,...] "
			"[-d 1..%d] [-w MS]\n", RELAY_MAX_DEV);
		return 2;
	}
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (r.nservers == RELAY_SERVERS || relay_addr(tok, &r.servers[r.nservers])) {
			fprintf(stderr, "efb_relay: bad server \"%s\"\n", tok);
			return 2;
		}
		r.nservers++;
	}
	relay_policy(&r.pol, window_ms);
	r.dev = calloc(r.ndevices, sizeof(*r.dev));
	if (!r.dev)
		return 1;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&listen_sa, sizeof(listen_sa))) {
		perror("efb_relay: socket");
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = relay_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	printf("efb_relay: listening on %s, %u servers\n", laddr, r.nservers);
	fflush(stdout);

	err = relay_loop(&r, fd);
	printf("efb_relay: rx %llu forwarded %llu windows %llu duplicate %llu "
	       "malformed %llu unknown %llu all_rejected %llu\n", r.rx, r.fwd, r.windows,
	       r.drops[EDGEFLOW_R_DUPLICATE], r.drops[EDGEFLOW_R_MALFORMED],
	       r.drops[EDGEFLOW_R_UNKNOWN_DEVICE], r.drops[EDGEFLOW_R_ALL_REJECTED]);
	close(fd);
	return err ? 1 : 0;
}

static int hold_main(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int fd, small = 4096;

	if (argc != 2) {
		fprintf(stderr, "usage: efb_relay hold PORT\n");
		return 2;
	}
	sa.sin_port = htons((uint16_t)atoi(argv[1]));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("efb_relay hold");
		return 1;
	}
	printf("efb_relay: holding UDP port %s\n", argv[1]);
	fflush(stdout);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "relay"))
		return relay_main(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "hold"))
		return hold_main(argc - 1, argv + 1);
	fprintf(stderr, "usage: efb_relay { relay OPTIONS | hold PORT }\n");
	return 2;
}
