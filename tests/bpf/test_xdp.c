// SPDX-License-Identifier: GPL-2.0
/*
 * The XDP program under BPF_PROG_RUN: parsing (VLANs, IPv4 options, IPv6,
 * fragments, short and lying lengths), every drop reason, and steered
 * frames compared byte by byte, checksums included, with frames built
 * directly with the expected headers. Each test runs in a network
 * namespace of its own with the maps pinned in a directory of its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "kselftest_harness.h"
#include "efx_test.h"
#include "xdp.h"

#define SVC_FWD		5683	/* forward, temperature -40..85 C */
#define SVC_RATE	5684	/* forward, rate 1/s burst 2 */
#define SVC_DEADBAND	5685	/* forward, deadband 500 m°C */
#define SVC_AGG		5686	/* aggregate, 50 ms windows */
#define SVC_PASS	5687	/* forward, unknown devices pass */
#define SVC_STEP	5688	/* forward, step 5000, step_reset 2 */

#define DEV_A		42	/* -> server 1 (v4 + v6) */
#define DEV_B		43	/* -> server 2 (v4 only) */
#define DEV_GONE	44	/* -> server 9 (absent) */

static void svc_init(struct efx_service *s, uint32_t id, uint8_t mode)
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
	s->policy.kind[EDGEFLOW_KIND_TEMPERATURE].flags = EF_KP_RANGE;
}

static int setup_maps(struct ectl_xdp *x)
{
	struct efx_server srv = { 0 };
	struct efx_service s;
	uint16_t ports[] = { SVC_FWD, SVC_RATE, SVC_DEADBAND, SVC_AGG, SVC_PASS, SVC_STEP };
	uint32_t i;
	int err;

	for (i = 0; i < sizeof(ports) / sizeof(ports[0]); i++) {
		svc_init(&s, i, ports[i] == SVC_AGG ? EFX_MODE_AGGREGATE : EFX_MODE_FORWARD);
		if (ports[i] == SVC_RATE) {
			s.rate = 1;
			s.burst = 2;
		}
		if (ports[i] == SVC_DEADBAND)
		{
			s.policy.kind[EDGEFLOW_KIND_TEMPERATURE].deadband = 500;
			s.policy.kind[EDGEFLOW_KIND_TEMPERATURE].flags |= EF_KP_DEADBAND;
		}
		if (ports[i] == SVC_AGG)
			s.policy.window_ns = 50 * 1000 * 1000ULL;
		if (ports[i] == SVC_PASS)
			s.flags = EFX_SVC_F_UNKNOWN_PASS;
		if (ports[i] == SVC_STEP) {
			s.policy.kind[EDGEFLOW_KIND_TEMPERATURE].step = 5000;
			s.policy.kind[EDGEFLOW_KIND_TEMPERATURE].step_reset = 2;
			s.policy.kind[EDGEFLOW_KIND_TEMPERATURE].flags |= EF_KP_STEP;
		}
		err = ectl_xdp_service_put(x, ports[i], &s);
		if (err)
			return err;
		err = ectl_xdp_steer_put(x, i, DEV_A, 1);
		err = err ?: ectl_xdp_steer_put(x, i, DEV_B, 2);
		err = err ?: ectl_xdp_steer_put(x, i, DEV_GONE, 9);
		if (err)
			return err;
	}

	srv.flags = EFX_SRV_F_PRESENT | EFX_SRV_F_ADDR4 | EFX_SRV_F_ADDR6;
	inet_pton(AF_INET, "10.0.0.2", &srv.addr4);
	inet_pton(AF_INET6, "fd00::2", srv.addr6);
	srv.port = htons(7000);
	err = ectl_xdp_server_put(x, 1, &srv);
	if (err)
		return err;

	memset(&srv, 0, sizeof(srv));
	srv.flags = EFX_SRV_F_PRESENT | EFX_SRV_F_ADDR4;
	inet_pton(AF_INET, "10.0.0.3", &srv.addr4);
	srv.port = htons(7001);
	return ectl_xdp_server_put(x, 2, &srv);
}

/*
 * The program is loaded once, by the parent before the tests fork: loading
 * (verification) is the slow part, several seconds per load under
 * emulation. Each test starts from emptied maps.
 */
static struct ectl_xdp g_x;
static char g_pin[64];
static int g_load_err = -ENOENT;

static void __attribute__((constructor)) xdp_load_once(void)
{
	snprintf(g_pin, sizeof(g_pin), "/sys/fs/bpf/efx-test-%d", getpid());
	libbpf_set_print(NULL);
	g_load_err = ectl_xdp_load(&g_x, g_pin);
}

static void __attribute__((destructor)) xdp_unload_once(void)
{
	if (g_load_err)
		return;
	ectl_xdp_close(&g_x);
	ectl_xdp_unpin(g_pin);
}

/* Delete every key of a hash map. */
static int map_clear(int fd, size_t key_size)
{
	char key[64], next[64];
	void *prev = NULL;

	while (!bpf_map_get_next_key(fd, prev, next)) {
		if (bpf_map_delete_elem(fd, next))
			return -errno;
		memcpy(key, next, key_size);
		prev = NULL;	/* deleted: start over */
	}
	(void)key;
	return 0;
}

static int maps_reset(struct ectl_xdp *x)
{
	struct efx_server zero = { 0 };
	uint64_t *vals;
	uint32_t i;
	int err;

	err = map_clear(x->services_fd, sizeof(__u32));
	err = err ?: map_clear(x->steer_fd, sizeof(struct efx_flow_key));
	err = err ?: map_clear(x->devices_fd, sizeof(struct efx_flow_key));
	err = err ?: map_clear(x->windows_fd, sizeof(struct efx_window_key));
	for (i = 0; !err && i < EFX_MAX_SERVERS; i++)
		err = ectl_xdp_server_put(x, i, &zero);
	vals = calloc((size_t)x->ncpus, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	for (i = 0; !err && i < EFX_STATS_SLOTS; i++)
		err = bpf_map_update_elem(x->stats_fd, &i, vals, BPF_ANY) ? -errno : 0;
	free(vals);
	return err;
}

FIXTURE(xdp)
{
	struct ectl_xdp x;
	char pin[64];
	bool loaded;
};

FIXTURE_SETUP(xdp)
{
	if (unshare(CLONE_NEWNET))
		SKIP(return, "cannot create a network namespace: %s (needs root)",
		     strerror(errno));
	if (g_load_err == -EPERM || g_load_err == -EACCES)
		SKIP(return, "cannot load BPF programs: %s (needs CAP_BPF)",
		     strerror(-g_load_err));
	ASSERT_EQ(0, g_load_err);
	self->x = g_x;
	snprintf(self->pin, sizeof(self->pin), "%s", g_pin);
	self->loaded = true;
	ASSERT_EQ(0, maps_reset(&self->x));
	ASSERT_EQ(0, setup_maps(&self->x));
}

FIXTURE_TEARDOWN(xdp)
{
	/* The parent unloads once all tests ran. */
}

struct run {
	uint8_t out[TP_MAX];
	uint32_t out_len;
	uint32_t retval;
};

static int prog_run(struct ectl_xdp *x, const struct tp *t, struct run *r)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = t->buf,
		.data_size_in = (uint32_t)t->len,
		.data_out = r->out,
		.data_size_out = sizeof(r->out),
		.repeat = 1,
	);
	int err;

	err = bpf_prog_test_run_opts(x->prog_fd, &opts);
	r->retval = opts.retval;
	r->out_len = opts.data_size_out;
	return err;
}

static uint64_t stat_of(struct ectl_xdp *x, uint32_t svc, uint32_t stat)
{
	uint64_t v[EFX_STATS_PER_SVC];

	if (ectl_xdp_stats(x, svc, v))
		return UINT64_MAX;
	return v[stat];
}

static uint64_t drops(struct ectl_xdp *x, uint32_t svc, uint8_t reason)
{
	return stat_of(x, svc, EFX_STAT_DROP_BASE + reason);
}

/* Default frame: IPv4 to SVC_FWD, device DEV_A, temperatures. */
static struct tp_opts v4(uint16_t port)
{
	struct tp_opts o = { .family = 4, .src = "192.0.2.10", .dst = "192.0.2.1",
			     .dport = port, .sport = 40000 };
	return o;
}

static struct tp_opts v6(uint16_t port)
{
	struct tp_opts o = { .family = 6, .src = "2001:db8::10", .dst = "2001:db8::1",
			     .dport = port, .sport = 40000 };
	return o;
}

static void frame(struct tp *t, const struct tp_opts *o, uint32_t dev, uint32_t seq,
		  int n, const int32_t *vals, const uint16_t *status)
{
	uint8_t pl[EF_WIRE_DATA_MAX_LEN];
	size_t len = tp_payload(pl, sizeof(pl), dev, seq, 0, n, EDGEFLOW_KIND_TEMPERATURE,
				vals, status);

	tp_build(t, o, pl, len);
}

static const int32_t good3[] = { 21000, 22000, 23000 };

TEST_F(xdp, other_traffic_passes_untouched)
{
	struct tp_opts o = v4(53);
	struct run r;
	struct tp t;

	frame(&t, &o, DEV_A, 1, 3, good3, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_PASS, r.retval);
	ASSERT_EQ(t.len, r.out_len);
	EXPECT_EQ(0, memcmp(t.buf, r.out, t.len));

	/* Not IP at all: an ARP frame. */
	memset(t.buf + 12, 0, 40);
	t.buf[12] = 0x08;
	t.buf[13] = 0x06;
	t.len = 60;
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_PASS, r.retval);
	EXPECT_EQ(0, stat_of(&self->x, 0, EFX_STAT_PKTS_IN));
}

/* Steered frames, compared byte by byte with frames built for the server. */
struct fwd_case {
	const char *name;
	int family, vlans, ip_opt_len;
	bool no_udp_csum;
};

static const struct fwd_case fwd_cases[] = {
	{ "ipv4",			4, 0, 0,  false },
	{ "ipv4 1 vlan",		4, 1, 0,  false },
	{ "ipv4 2 vlans (QinQ)",	4, 2, 0,  false },
	{ "ipv4 8 bytes of options",	4, 0, 8,  false },
	{ "ipv4 40 bytes of options",	4, 1, 40, false },
	{ "ipv4 no udp checksum",	4, 0, 0,  true },
	{ "ipv6",			6, 0, 0,  false },
	{ "ipv6 1 vlan",		6, 1, 0,  false },
	{ "ipv6 2 vlans",		6, 2, 0,  false },
};

TEST_F(xdp, forward_rewrites_exactly)
{
	size_t i;

	for (i = 0; i < sizeof(fwd_cases) / sizeof(fwd_cases[0]); i++) {
		const struct fwd_case *c = &fwd_cases[i];
		struct tp_opts o = c->family == 4 ? v4(SVC_FWD) : v6(SVC_FWD);
		struct tp t, want;
		struct run r;

		o.vlans = c->vlans;
		o.ip_opt_len = c->ip_opt_len;
		o.no_udp_csum = c->no_udp_csum;
		frame(&t, &o, DEV_A, (uint32_t)i + 1, 3, good3, NULL);

		o.dst = c->family == 4 ? "10.0.0.2" : "fd00::2";
		o.dport = 7000;
		frame(&want, &o, DEV_A, (uint32_t)i + 1, 3, good3, NULL);

		ASSERT_EQ(0, prog_run(&self->x, &t, &r));
		TH_LOG("case %s: retval %u", c->name, r.retval);
		/* No route in this namespace: the stack gets the rewritten frame. */
		EXPECT_EQ(XDP_PASS, r.retval) TH_LOG("case %s", c->name);
		ASSERT_EQ(want.len, r.out_len) TH_LOG("case %s", c->name);
		EXPECT_EQ(0, memcmp(want.buf, r.out, want.len))
			TH_LOG("case %s: frame differs from the expected one", c->name);
	}
	EXPECT_EQ(sizeof(fwd_cases) / sizeof(fwd_cases[0]),
		  stat_of(&self->x, 0, EFX_STAT_FORWARDED));
}

TEST_F(xdp, rejected_readings_marked_neighbours_kept)
{
	const int32_t vals[] = { 21000, 200000, 22000, -50000 };
	const uint16_t want_st[] = { 0, EDGEFLOW_R_RANGE, 0, EDGEFLOW_R_RANGE };
	struct tp_opts o = v4(SVC_FWD);
	struct tp t, want;
	struct run r;

	frame(&t, &o, DEV_A, 1, 4, vals, NULL);
	o.dst = "10.0.0.2";
	o.dport = 7000;
	frame(&want, &o, DEV_A, 1, 4, vals, want_st);

	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_PASS, r.retval);
	ASSERT_EQ(want.len, r.out_len);
	EXPECT_EQ(0, memcmp(want.buf, r.out, want.len));
	EXPECT_EQ(2, stat_of(&self->x, 0, EFX_STAT_READINGS_REJECTED));
	EXPECT_EQ(1, stat_of(&self->x, 0, EFX_STAT_FORWARDED));
}

TEST_F(xdp, fragments_and_extension_headers_pass_untouched)
{
	struct tp_opts o4 = v4(SVC_FWD), o6 = v6(SVC_FWD);
	struct run r;
	struct tp t;

	o4.frag = true;
	frame(&t, &o4, DEV_A, 1, 3, good3, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_PASS, r.retval);
	EXPECT_EQ(0, memcmp(t.buf, r.out, t.len));

	o6.frag = true;
	frame(&t, &o6, DEV_A, 2, 3, good3, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_PASS, r.retval);
	EXPECT_EQ(0, memcmp(t.buf, r.out, t.len));
	EXPECT_EQ(0, stat_of(&self->x, 0, EFX_STAT_PKTS_IN));
}

/* Frames to a service port that must be dropped as malformed. */
TEST_F(xdp, malformed_dropped_and_counted)
{
	uint8_t pl[EF_WIRE_DATA_MAX_LEN];
	struct tp_opts o = v4(SVC_FWD);
	uint64_t n = 0;
	struct run r;
	struct tp t;
	size_t full, cut;

	full = tp_payload(pl, sizeof(pl), DEV_A, 1, 0, 2, EDGEFLOW_KIND_TEMPERATURE,
			  good3, NULL);
	/* Every truncation of a valid payload, lengths consistent. */
	for (cut = 0; cut < full; cut++) {
		tp_build(&t, &o, pl, cut);
		ASSERT_EQ(0, prog_run(&self->x, &t, &r));
		EXPECT_EQ(XDP_DROP, r.retval) TH_LOG("payload cut to %zu bytes", cut);
		n++;
	}
	/* A UDP length below the header's own 8 bytes. */
	tp_build(&t, &o, pl, full);
	t.buf[t.l4_off + 4] = 0;
	t.buf[t.l4_off + 5] = 7;
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_DROP, r.retval) TH_LOG("udp length 7");
	n++;
	/* A UDP length past the end of the frame and of the IP packet. */
	o.udp_len_delta = 8;
	tp_build(&t, &o, pl, full);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_DROP, r.retval) TH_LOG("udp length past the end");
	n++;
	/* A UDP length shorter than the payload: not the exact size. */
	o.udp_len_delta = -1;
	tp_build(&t, &o, pl, full);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_DROP, r.retval) TH_LOG("udp length one short");
	n++;
	/* Bad magic, odd (not a multiple of 8) payload with trailing bytes. */
	o.udp_len_delta = 0;
	pl[0] ^= 0xff;
	tp_build(&t, &o, pl, full);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_DROP, r.retval) TH_LOG("bad magic");
	n++;
	pl[0] ^= 0xff;
	tp_build(&t, &o, pl, full + 3);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_DROP, r.retval) TH_LOG("3 bytes beyond the readings");
	n++;

	EXPECT_EQ(n, drops(&self->x, 0, EDGEFLOW_R_MALFORMED));
	EXPECT_EQ(n, stat_of(&self->x, 0, EFX_STAT_PKTS_IN));
	EXPECT_EQ(0, stat_of(&self->x, 0, EFX_STAT_FORWARDED));

	/* Ethernet padding after a valid datagram is not part of it. */
	o.trailer = 6;
	tp_build(&t, &o, pl, full);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_PASS, r.retval) TH_LOG("frame with trailing padding");
	EXPECT_EQ(1, stat_of(&self->x, 0, EFX_STAT_FORWARDED));
}

/* One packet-level drop reason per case, each counted exactly once. */
TEST_F(xdp, drop_reasons)
{
	const int32_t bad[] = { 100000, -90000 };
	struct tp_opts o;
	struct run r;
	struct tp t;

	/* Unknown device. */
	o = v4(SVC_FWD);
	frame(&t, &o, 999, 1, 3, good3, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_DROP, r.retval);
	EXPECT_EQ(1, drops(&self->x, 0, EDGEFLOW_R_UNKNOWN_DEVICE));

	/* Duplicate: the same sequence twice, and an older one. */
	frame(&t, &o, DEV_A, 10, 3, good3, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_PASS, r.retval);
	frame(&t, &o, DEV_A, 10, 3, good3, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_DROP, r.retval);
	frame(&t, &o, DEV_A, 9, 3, good3, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_DROP, r.retval);
	EXPECT_EQ(2, drops(&self->x, 0, EDGEFLOW_R_DUPLICATE));

	/* Every reading out of range. */
	frame(&t, &o, DEV_A, 11, 2, bad, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_DROP, r.retval);
	EXPECT_EQ(1, drops(&self->x, 0, EDGEFLOW_R_ALL_REJECTED));

	/* Steered to a server that does not exist. */
	frame(&t, &o, DEV_GONE, 1, 3, good3, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_DROP, r.retval);
	EXPECT_EQ(1, drops(&self->x, 0, EDGEFLOW_R_NO_SERVER));

	/* IPv6 datagram for a server with only an IPv4 address. */
	o = v6(SVC_FWD);
	frame(&t, &o, DEV_B, 1, 3, good3, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_DROP, r.retval);
	EXPECT_EQ(1, drops(&self->x, 0, EDGEFLOW_R_FAMILY));

	/* Rate: burst 2 at 1/s; the third back to back is over. */
	o = v4(SVC_RATE);
	frame(&t, &o, DEV_A, 1, 3, good3, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_PASS, r.retval);
	frame(&t, &o, DEV_A, 2, 3, good3, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_PASS, r.retval);
	frame(&t, &o, DEV_A, 3, 3, good3, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_DROP, r.retval);
	EXPECT_EQ(1, drops(&self->x, 1, EDGEFLOW_R_RATE));

	/* Deadband: the same values again are nothing new. */
	o = v4(SVC_DEADBAND);
	frame(&t, &o, DEV_A, 1, 3, good3, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_PASS, r.retval);
	frame(&t, &o, DEV_A, 2, 3, good3, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_DROP, r.retval);
	EXPECT_EQ(1, drops(&self->x, 2, EDGEFLOW_R_DEADBAND));
}

TEST_F(xdp, step_filter_and_reset)
{
	const int32_t v0[] = { 20000 }, spike[] = { 40000 };
	uint8_t pl[EF_WIRE_DATA_MAX_LEN];
	struct tp_opts o = v4(SVC_STEP);
	uint32_t seq = 1;
	struct run r;
	struct tp t;
	int i;

	frame(&t, &o, DEV_A, seq++, 1, v0, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_PASS, r.retval);
	/* Two spikes rejected (step 5000), then the level is accepted. */
	for (i = 0; i < 3; i++) {
		frame(&t, &o, DEV_A, seq++, 1, spike, NULL);
		ASSERT_EQ(0, prog_run(&self->x, &t, &r));
		EXPECT_EQ(i < 2 ? XDP_DROP : XDP_PASS, r.retval) TH_LOG("spike %d", i);
	}
	EXPECT_EQ(2, drops(&self->x, 5, EDGEFLOW_R_ALL_REJECTED));
	(void)pl;
}

TEST_F(xdp, unknown_device_may_pass)
{
	struct tp_opts o = v4(SVC_PASS);
	struct run r;
	struct tp t;

	frame(&t, &o, 999, 1, 3, good3, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_PASS, r.retval);
	EXPECT_EQ(0, memcmp(t.buf, r.out, t.len)) TH_LOG("no default server: untouched");
	EXPECT_EQ(1, stat_of(&self->x, 4, EFX_STAT_PASSED));
}

TEST_F(xdp, device_table_full_drops_with_no_state)
{
	struct tp_opts o = v4(SVC_PASS);
	struct run r;
	struct tp t;
	uint32_t d;

	/*
	 * The first device gets its state from the program; the rest of the
	 * table is filled from here in batches (a program run per device is
	 * slow under emulation), as unknown devices that may pass would.
	 */
	frame(&t, &o, 100001, 1, 1, good3, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	ASSERT_EQ(XDP_PASS, r.retval);
	{
		enum { BATCH = 512 };
		static struct efx_device vals[BATCH];
		struct efx_flow_key keys[BATCH];
		uint32_t i, n;

		for (d = 2; d <= EFX_MAX_DEVICES; d += n) {
			LIBBPF_OPTS(bpf_map_batch_opts, bo);

			n = EFX_MAX_DEVICES - d + 1 < BATCH ? EFX_MAX_DEVICES - d + 1 : BATCH;
			for (i = 0; i < n; i++) {
				keys[i].service = 4;
				keys[i].device = 100000 + d + i;
			}
			ASSERT_EQ(0, bpf_map_update_batch(self->x.devices_fd, keys, vals, &n, &bo))
				TH_LOG("filling the device table at %u: %s", d, strerror(errno));
		}
	}
	frame(&t, &o, 100000 + d, 1, 1, good3, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_DROP, r.retval);
	EXPECT_EQ(1, drops(&self->x, 4, EDGEFLOW_R_NO_STATE));
	/* A device that has state keeps working. */
	frame(&t, &o, 100001, 2, 1, good3, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_PASS, r.retval);
}

TEST_F(xdp, aggregate_consumes_and_closes_windows)
{
	const int32_t a[] = { 20000, 50000 }, b[] = { 24000, 52000 }, c[] = { 1000, 1000 };
	struct efx_window_key key, next;
	struct tp_opts o = v4(SVC_AGG);
	struct ef_window w;
	int found = 0;
	struct run r;
	struct tp t;

	frame(&t, &o, DEV_A, 1, 2, a, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_DROP, r.retval);
	frame(&t, &o, DEV_A, 2, 2, b, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_DROP, r.retval);
	EXPECT_EQ(2, stat_of(&self->x, 3, EFX_STAT_AGGREGATED));

	/* A reading in a later window closes the open ones. */
	usleep(120 * 1000);
	frame(&t, &o, DEV_A, 3, 2, c, NULL);
	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(2, stat_of(&self->x, 3, EFX_STAT_WINDOWS_CLOSED));

	while (!bpf_map_get_next_key(self->x.windows_fd, found ? &key : NULL, &next)) {
		key = next;
		found++;
		ASSERT_EQ(0, bpf_map_lookup_elem(self->x.windows_fd, &key, &w));
		EXPECT_EQ(3U, key.service);
		EXPECT_EQ((uint32_t)DEV_A, key.device);
		EXPECT_EQ(2U, w.count);
		if (key.channel == 0) {
			EXPECT_EQ(44000, w.sum);
			EXPECT_EQ(20000, w.min);
			EXPECT_EQ(24000, w.max);
			EXPECT_EQ(20000, w.first);
			EXPECT_EQ(24000, w.last);
			EXPECT_EQ(0U, w.sumsq_hi);
			EXPECT_EQ(20000ULL * 20000 + 24000ULL * 24000, w.sumsq_lo);
		} else {
			EXPECT_EQ(1, key.channel);
			EXPECT_EQ(102000, w.sum);
		}
	}
	EXPECT_EQ(2, found);
}

TEST_F(xdp, redirect_when_the_fib_knows_the_neighbour)
{
	struct tp_opts o = v4(SVC_FWD);
	struct tp t, want;
	struct run r;
	int rc;

	rc = system("{ [ -d /sys/module/veth ] || modprobe veth 2>/dev/null; true; } && "
		    "ip link set lo up && ip link add efx0 type veth peer name efx1 && "
		    "ip link set efx0 address 02:00:00:00:00:aa && ip link set efx0 up && "
		    "ip link set efx1 up && "
		    "ip addr add 10.0.0.1/24 dev efx0 && "
		    "ip neigh add 10.0.0.2 lladdr 02:00:00:00:00:bb dev efx0 && "
		    "sysctl -qw net.ipv4.conf.all.forwarding=1 net.ipv4.conf.lo.forwarding=1");
	if (rc)
		SKIP(return, "cannot set up a veth pair with ip(8)");

	frame(&t, &o, DEV_A, 1, 3, good3, NULL);
	o.dst = "10.0.0.2";
	o.dport = 7000;
	o.ttl = 63;
	frame(&want, &o, DEV_A, 1, 3, good3, NULL);
	memcpy(want.buf, "\x02\x00\x00\x00\x00\xbb\x02\x00\x00\x00\x00\xaa", 12);

	ASSERT_EQ(0, prog_run(&self->x, &t, &r));
	EXPECT_EQ(XDP_REDIRECT, r.retval);
	ASSERT_EQ(want.len, r.out_len);
	EXPECT_EQ(0, memcmp(want.buf, r.out, want.len))
		TH_LOG("redirected frame: MACs from the FIB, TTL 63, checksums fixed");
	EXPECT_EQ(1, stat_of(&self->x, 0, EFX_STAT_REDIRECTED));
}

static void dump_pinned(const char *pin, const char *map, char *out, size_t size)
{
	char cmd[256];
	size_t n;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "bpftool map dump pinned %s/%s 2>&1", pin, map);
	out[0] = '\0';
	f = popen(cmd, "r");
	if (!f)
		return;
	n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	pclose(f);
}

TEST_F(xdp, pinned_maps_dump_with_field_names)
{
	static char out[1 << 20];

	dump_pinned(self->pin, "efx_servers", out, sizeof(out));
	EXPECT_NE(NULL, strstr(out, "\"addr4\": 33554442,")) TH_LOG("%.400s", out);
	EXPECT_NE(NULL, strstr(out, "\"port\": 22555,")) TH_LOG("%.400s", out);
	dump_pinned(self->pin, "efx_services", out, sizeof(out));
	EXPECT_NE(NULL, strstr(out, "\"window_ns\": 50000000")) TH_LOG("%.400s", out);
	EXPECT_NE(NULL, strstr(out, "\"deadband\": 500,")) TH_LOG("%.400s", out);
	dump_pinned(self->pin, "efx_steer", out, sizeof(out));
	EXPECT_NE(NULL, strstr(out, "\"device\": 42")) TH_LOG("%.400s", out);
}

TEST_HARNESS_MAIN
