// SPDX-License-Identifier: GPL-2.0
/*
 * XDP cost per packet with BPF_PROG_RUN: the edgeflow program's forward,
 * aggregate and drop paths against an XDP program that only passes, run
 * in the same process, round after round, the order rotated each round.
 * Prints one JSON object (per-round ns/packet and their medians).
 *
 *   efb_xdp [ -n REPEAT ] [ -r ROUNDS ] [ -s SINGLE ]
 *
 * BPF_PROG_RUN repeats one frame in one buffer: whatever the program
 * writes is what the next repeat reads. So that every repeat takes the
 * same path:
 *  - the forward service's server is the frame's own destination and
 *    port, so the rewrite (done, checksums patched) leaves the frame as
 *    it was; the next hop has no neighbour entry, so bpf_fib_lookup()
 *    resolves the route and the program passes the rewritten frame to the
 *    stack (DESIGN.md's "no neighbour" case): everything but the TTL
 *    decrement, MAC copy and bpf_redirect(), which no repeat can redo;
 *  - forward and aggregate services reset a device after 1 ns idle, so
 *    each repeat of the same sequence number is a device starting over
 *    and goes through the whole filter instead of being a duplicate;
 *  - the drop service has no idle reset: each repeat is a duplicate.
 * Every path is checked after each run by its verdict and its counter.
 *
 * The redirect itself is measured separately with SINGLE runs of one
 * repeat each (a fresh frame every time), against the empty program run
 * the same way; each run's time then includes the kernel's timer reads.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "../tests/bpf/efx_test.h"
#include "xdp.h"

#define EFB_PORT_FWD	7000
#define EFB_PORT_AGG	7001
#define EFB_PORT_DROP	7002
#define EFB_DEVICE	42
#define EFB_SERVER	1
#define EFB_ROUNDS_MAX	64

enum efb_cand { EFB_EMPTY, EFB_FWD, EFB_AGG, EFB_DROP, EFB_NCAND };

static const char *const efb_names[EFB_NCAND] = {
	"empty", "forward", "aggregate", "drop",
};

struct efb {
	struct ectl_xdp x;
	int empty_fd;
	struct tp frame[EFB_NCAND];
	unsigned int repeat, rounds, single;
	double ns[EFB_NCAND][EFB_ROUNDS_MAX];
	char pin[64];
};

static int efb_empty_load(void)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0,
		  .imm = XDP_PASS },
		{ .code = BPF_JMP | BPF_EXIT },
	};

	return bpf_prog_load(BPF_PROG_TYPE_XDP, "efb_pass", "GPL", insns, 2, NULL);
}

static void efb_service(struct efx_service *s, uint32_t id, uint8_t mode, uint64_t idle_ns)
{
	int k;

	memset(s, 0, sizeof(*s));
	s->id = id;
	s->mode = mode;
	for (k = 0; k <= EDGEFLOW_KIND_MAX; k++) {
		s->policy.kind[k].min = EF_S32_MIN;
		s->policy.kind[k].max = EF_S32_MAX;
	}
	s->policy.kind[EDGEFLOW_KIND_TEMPERATURE].min = -40000;
	s->policy.kind[EDGEFLOW_KIND_TEMPERATURE].max = 85000;
	s->policy.kind[EDGEFLOW_KIND_TEMPERATURE].step = 10000;
	s->policy.kind[EDGEFLOW_KIND_TEMPERATURE].flags = EF_KP_RANGE | EF_KP_STEP;
	s->policy.idle_ns = idle_ns;
	if (mode & EFX_MODE_AGGREGATE)
		s->policy.window_ns = 1000ULL * 1000 * 1000;
}

static int efb_maps(struct efb *b)
{
	static const struct { uint16_t port; uint8_t mode; uint64_t idle; } svcs[] = {
		{ EFB_PORT_FWD, EFX_MODE_FORWARD, 1 },
		{ EFB_PORT_AGG, EFX_MODE_AGGREGATE, 1 },
		{ EFB_PORT_DROP, EFX_MODE_FORWARD, 0 },
	};
	struct efx_server srv = { 0 };
	struct efx_service s;
	uint32_t i;
	int err;

	for (i = 0; i < sizeof(svcs) / sizeof(svcs[0]); i++) {
		efb_service(&s, i, svcs[i].mode, svcs[i].idle);
		err = ectl_xdp_service_put(&b->x, svcs[i].port, &s);
		err = err ?: ectl_xdp_steer_put(&b->x, i, EFB_DEVICE, EFB_SERVER);
		if (err)
			return err;
	}
	srv.flags = EFX_SRV_F_PRESENT | EFX_SRV_F_ADDR4;
	inet_pton(AF_INET, "10.9.0.2", &srv.addr4);
	srv.port = htons(EFB_PORT_FWD);
	return ectl_xdp_server_put(&b->x, EFB_SERVER, &srv);
}

/* 82-byte frames: Ethernet, IPv4, UDP, a datagram of three temperatures. */
static void efb_frames(struct efb *b)
{
	static const int32_t vals[] = { 21000, 22000, 23000 };
	static const uint16_t ports[EFB_NCAND] = {
		EFB_PORT_FWD, EFB_PORT_FWD, EFB_PORT_AGG, EFB_PORT_DROP,
	};
	uint8_t pl[EF_WIRE_DATA_MAX_LEN];
	size_t len;
	int c;

	len = tp_payload(pl, sizeof(pl), EFB_DEVICE, 1000, 0, 3, EDGEFLOW_KIND_TEMPERATURE,
			 vals, NULL);
	for (c = 0; c < EFB_NCAND; c++) {
		struct tp_opts o = { .family = 4, .src = "10.8.0.10", .dst = "10.9.0.2",
				     .sport = 40000, .dport = ports[c], .ttl = 64 };

		tp_build(&b->frame[c], &o, pl, len);
	}
}

static int efb_run(struct efb *b, int c, unsigned int repeat, uint32_t *retval,
		   uint32_t *ns, uint8_t *out, uint32_t *out_len)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = b->frame[c].buf,
		.data_size_in = (uint32_t)b->frame[c].len,
		.data_out = out,
		.data_size_out = out ? TP_MAX : 0,
		.repeat = repeat,
	);
	int fd = c == EFB_EMPTY ? b->empty_fd : b->x.prog_fd;

	if (bpf_prog_test_run_opts(fd, &opts))
		return -errno;
	*retval = opts.retval;
	*ns = opts.duration;
	if (out_len)
		*out_len = opts.data_size_out;
	return 0;
}

static uint64_t efb_stat(struct efb *b, uint32_t svc, uint32_t stat)
{
	uint64_t v[EFX_STATS_PER_SVC];

	return ectl_xdp_stats(&b->x, svc, v) ? UINT64_MAX : v[stat];
}

/* What each path must answer and which counter it must move, by one per run. */
static const struct {
	uint32_t retval, svc, stat;
} efb_expect[EFB_NCAND] = {
	[EFB_EMPTY] = { XDP_PASS, 0, 0 },
	[EFB_FWD] = { XDP_PASS, 0, EFX_STAT_FORWARDED },
	[EFB_AGG] = { XDP_DROP, 1, EFX_STAT_AGGREGATED },
	[EFB_DROP] = { XDP_DROP, 2, EFX_STAT_DROP_BASE + EDGEFLOW_R_DUPLICATE },
};

static int efb_measure(struct efb *b, int c, unsigned int round)
{
	uint64_t before = 0, after;
	uint32_t retval, ns;
	int err;

	if (c != EFB_EMPTY)
		before = efb_stat(b, efb_expect[c].svc, efb_expect[c].stat);
	err = efb_run(b, c, b->repeat, &retval, &ns, NULL, NULL);
	if (err) {
		fprintf(stderr, "efb_xdp: BPF_PROG_RUN %s: %s\n", efb_names[c], strerror(-err));
		return err;
	}
	if (retval != efb_expect[c].retval) {
		fprintf(stderr, "efb_xdp: %s returned %u, want %u\n", efb_names[c], retval,
			efb_expect[c].retval);
		return -EPROTO;
	}
	if (c != EFB_EMPTY) {
		after = efb_stat(b, efb_expect[c].svc, efb_expect[c].stat);
		if (after - before != b->repeat) {
			fprintf(stderr, "efb_xdp: %s moved its counter by %llu in %u repeats\n",
				efb_names[c], (unsigned long long)(after - before), b->repeat);
			return -EPROTO;
		}
	}
	b->ns[c][round] = ns;
	return 0;
}

/* The forward frame must come back exactly as it went in (see the top). */
static int efb_check_idempotent(struct efb *b)
{
	uint8_t out[TP_MAX];
	uint32_t retval, ns, len;
	int err;

	err = efb_run(b, EFB_FWD, 1, &retval, &ns, out, &len);
	if (err)
		return err;
	if (retval != XDP_PASS || len != b->frame[EFB_FWD].len ||
	    memcmp(out, b->frame[EFB_FWD].buf, len)) {
		fprintf(stderr, "efb_xdp: the forward frame changed under the rewrite "
			"(verdict %u): repeats would not take one path\n", retval);
		return -EPROTO;
	}
	/* The drop frame's first run sets the baseline its repeats duplicate. */
	return efb_run(b, EFB_DROP, 1, &retval, &ns, NULL, NULL);
}

static int efb_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double efb_median(const double *v, unsigned int n)
{
	double *t = malloc(n * sizeof(*t));
	double m;

	if (!t)
		return -1;
	memcpy(t, v, n * sizeof(*t));
	qsort(t, n, sizeof(*t), efb_cmp);
	m = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
	free(t);
	return m;
}

/*
 * The full forward path with XDP_REDIRECT: a neighbour entry for the next
 * hop, one repeat per run (a fresh frame each time), interleaved with the
 * empty program.
 */
static int efb_single(struct efb *b, double *fwd_ns, double *empty_ns)
{
	double *ef = calloc(b->single, sizeof(double)), *ee = calloc(b->single, sizeof(double));
	uint64_t before = efb_stat(b, 0, EFX_STAT_REDIRECTED);
	uint32_t retval, ns;
	unsigned int i;
	int err = 0;

	if (!ef || !ee) {
		err = -ENOMEM;
		goto out;
	}
	if (system("ip neigh replace 10.9.0.2 lladdr 02:00:00:00:00:bb dev efb0 nud permanent")) {
		err = -EIO;
		goto out;
	}
	for (i = 0; i < b->single && !err; i++) {
		err = efb_run(b, EFB_EMPTY, 1, &retval, &ns, NULL, NULL);
		ee[i] = ns;
		if (!err)
			err = efb_run(b, EFB_FWD, 1, &retval, &ns, NULL, NULL);
		ef[i] = ns;
		if (!err && retval != XDP_REDIRECT) {
			fprintf(stderr, "efb_xdp: redirect run returned %u\n", retval);
			err = -EPROTO;
		}
	}
	if (!err && efb_stat(b, 0, EFX_STAT_REDIRECTED) - before != b->single) {
		fprintf(stderr, "efb_xdp: redirect counter does not match the runs\n");
		err = -EPROTO;
	}
	if (!err) {
		*fwd_ns = efb_median(ef, b->single);
		*empty_ns = efb_median(ee, b->single);
	}
out:
	free(ef);
	free(ee);
	return err;
}

static int efb_net(void)
{
	if (unshare(CLONE_NEWNET)) {
		fprintf(stderr, "efb_xdp: cannot create a network namespace: %s (needs root)\n",
			strerror(errno));
		return -errno;
	}
	/* A route to the server's subnet and forwarding on, so the FIB
	 * lookup does the work of a real forward, with no neighbour yet. */
	if (system("ip link set lo up && ip link add efb0 type veth peer name efb1 && "
		   "ip link set efb0 address 02:00:00:00:00:aa && ip link set efb0 up && "
		   "ip link set efb1 up && ip addr add 10.9.0.1/24 dev efb0 && "
		   "sysctl -qw net.ipv4.conf.all.forwarding=1 net.ipv4.conf.lo.forwarding=1")) {
		fprintf(stderr, "efb_xdp: cannot set up the namespace with ip(8)\n");
		return -EIO;
	}
	return 0;
}

static void efb_print(struct efb *b, double single_fwd, double single_empty)
{
	unsigned int r;
	int c;

	printf("{\"repeat\": %u, \"rounds\": %u, \"frame_bytes\": %zu,\n", b->repeat, b->rounds,
	       b->frame[EFB_FWD].len);
	printf(" \"ns_per_packet\": {");
	for (c = 0; c < EFB_NCAND; c++) {
		printf("%s\n  \"%s\": [", c ? "," : "", efb_names[c]);
		for (r = 0; r < b->rounds; r++)
			printf("%s%.0f", r ? ", " : "", b->ns[c][r]);
		printf("]");
	}
	printf("},\n \"median_ns\": {");
	for (c = 0; c < EFB_NCAND; c++)
		printf("%s\"%s\": %.1f", c ? ", " : "", efb_names[c],
		       efb_median(b->ns[c], b->rounds));
	printf("},\n \"redirect_single\": {\"runs\": %u, \"median_ns_forward\": %.1f, "
	       "\"median_ns_empty\": %.1f}}\n", b->single, single_fwd, single_empty);
}

int main(int argc, char **argv)
{
	static struct efb b = { .repeat = 1000000, .rounds = 9, .single = 200000 };
	double single_fwd = 0, single_empty = 0;
	unsigned int r;
	int opt, c, err;

	while ((opt = getopt(argc, argv, "n:r:s:")) != -1) {
		switch (opt) {
		case 'n': b.repeat = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'r': b.rounds = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 's': b.single = (unsigned int)strtoul(optarg, NULL, 0); break;
		default:
			fprintf(stderr, "usage: %s [-n REPEAT] [-r ROUNDS] [-s SINGLE]\n", argv[0]);
			return 2;
		}
	}
	if (!b.repeat || !b.rounds || b.rounds > EFB_ROUNDS_MAX || !b.single) {
		fprintf(stderr, "efb_xdp: REPEAT, SINGLE > 0, ROUNDS 1..%d\n", EFB_ROUNDS_MAX);
		return 2;
	}

	err = efb_net();
	if (err)
		return 1;
	snprintf(b.pin, sizeof(b.pin), "/sys/fs/bpf/efb-%d", getpid());
	libbpf_set_print(NULL);
	err = ectl_xdp_load(&b.x, b.pin);
	if (err)
		return 1;
	b.empty_fd = efb_empty_load();
	if (b.empty_fd < 0) {
		fprintf(stderr, "efb_xdp: cannot load the empty XDP program: %s\n",
			strerror(errno));
		err = -errno;
		goto out;
	}
	err = efb_maps(&b);
	if (err) {
		fprintf(stderr, "efb_xdp: programming the maps: %s\n", strerror(-err));
		goto out;
	}
	efb_frames(&b);
	err = efb_check_idempotent(&b);
	if (err)
		goto out;

	/* Rotate the order each round so no candidate always runs first. */
	for (r = 0; r < b.rounds && !err; r++) {
		for (c = 0; c < EFB_NCAND && !err; c++)
			err = efb_measure(&b, (int)((c + r) % EFB_NCAND), r);
	}
	if (!err)
		err = efb_single(&b, &single_fwd, &single_empty);
	if (!err)
		efb_print(&b, single_fwd, single_empty);
out:
	if (b.empty_fd > 0)
		close(b.empty_fd);
	ectl_xdp_close(&b.x);
	ectl_xdp_unpin(b.pin);
	return err ? 1 : 0;
}
