// SPDX-License-Identifier: GPL-2.0
/*
 * The XDP program on a live gateway: network namespaces joined by veth
 * (tests/lib/topo.sh), XDP attached to the gateway's sensor-facing device,
 * the real sensor dataset replayed from the sensors namespace by
 * `edgectl replay`, and a sink (build/tests/tools/efsink) in each server
 * namespace. Each server must receive exactly the devices steered to it,
 * over IPv4 and IPv6, with the rewritten destination; drops and aggregates
 * must match what was sent.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <math.h>
#include <stdarg.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>

#include "kselftest_harness.h"
#include "xdp.h"

#define DATASET		"../shared/data/sensors/suthaharan-single-hop.csv"
#define SVC_FWD		5683
#define SVC_AGG		5684
#define SRV_PORT	7000
#define NSERVERS	3

/* mote (device id % 100) -> server index */
static const uint32_t steer_of[5] = { 0, 1, 2, 3, 1 };

FIXTURE(live)
{
	char pfx[32];
	char pin[64];
	char out[128];
	struct ectl_xdp x;
	int host_ns;
	bool up;
};

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int run(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int enter_ns(const char *name)
{
	char path[128];
	int fd, err;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	err = setns(fd, CLONE_NEWNET) ? -errno : 0;
	close(fd);
	return err;
}

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
	/* Physical ranges of the motes' sensors. */
	s->policy.kind[EDGEFLOW_KIND_TEMPERATURE].min = -40000;
	s->policy.kind[EDGEFLOW_KIND_TEMPERATURE].max = 85000;
	s->policy.kind[EDGEFLOW_KIND_TEMPERATURE].flags = EF_KP_RANGE;
	s->policy.kind[EDGEFLOW_KIND_HUMIDITY].min = 0;
	s->policy.kind[EDGEFLOW_KIND_HUMIDITY].max = 100000;
	s->policy.kind[EDGEFLOW_KIND_HUMIDITY].flags = EF_KP_RANGE;
}

static int configure(struct ectl_xdp *x)
{
	struct efx_service s;
	uint32_t k, d;
	int err;

	svc_init(&s, 0, EFX_MODE_FORWARD);
	err = ectl_xdp_service_put(x, SVC_FWD, &s);
	if (err)
		return err;
	svc_init(&s, 1, EFX_MODE_AGGREGATE);
	s.policy.window_ns = 200ULL * 1000 * 1000;
	err = ectl_xdp_service_put(x, SVC_AGG, &s);
	if (err)
		return err;

	for (k = 1; k <= NSERVERS; k++) {
		struct efx_server srv = {
			.flags = EFX_SRV_F_PRESENT | EFX_SRV_F_ADDR4 | EFX_SRV_F_ADDR6,
			.port = htons(SRV_PORT),
		};
		char a4[32], a6[64];

		snprintf(a4, sizeof(a4), "10.2.%u.1", k);
		snprintf(a6, sizeof(a6), "fd02:%u::1", k);
		inet_pton(AF_INET, a4, &srv.addr4);
		inet_pton(AF_INET6, a6, srv.addr6);
		err = ectl_xdp_server_put(x, k, &srv);
		if (err)
			return err;
	}
	/* Devices 1-4 (IPv4 replay) and 101-104 (IPv6 replay), both services. */
	for (d = 1; d <= 4; d++) {
		err = ectl_xdp_steer_put(x, 0, d, steer_of[d]);
		err = err ?: ectl_xdp_steer_put(x, 0, 100 + d, steer_of[d]);
		err = err ?: ectl_xdp_steer_put(x, 1, 200 + d, steer_of[d]);
		if (err)
			return err;
	}
	return 0;
}

FIXTURE_SETUP(live)
{
	int err, ifindex;

	if (access(DATASET, R_OK))
		SKIP(return, "dataset %s not found (run from the checkout)", DATASET);
	snprintf(self->pfx, sizeof(self->pfx), "efl%d", getpid());
	snprintf(self->pin, sizeof(self->pin), "/sys/fs/bpf/efx-live-%d", getpid());
	snprintf(self->out, sizeof(self->out), "build/results/live-%d", getpid());
	if (run("tests/lib/topo.sh up %s", self->pfx))
		SKIP(return, "cannot build the namespace topology (needs root and veth)");
	self->up = true;
	ASSERT_EQ(0, run("mkdir -p %s", self->out));

	self->host_ns = open("/proc/self/ns/net", O_RDONLY);
	ASSERT_LE(0, self->host_ns);
	{
		char gw[64];

		snprintf(gw, sizeof(gw), "%sgw", self->pfx);
		ASSERT_EQ(0, enter_ns(gw));
	}
	libbpf_set_print(NULL);
	err = ectl_xdp_load(&self->x, self->pin);
	if (err == -EPERM)
		SKIP(return, "cannot load BPF programs (needs CAP_BPF)");
	ASSERT_EQ(0, err);
	ASSERT_EQ(0, configure(&self->x));
	ifindex = (int)if_nametoindex("s0");
	ASSERT_LT(0, ifindex);
	ASSERT_EQ(0, bpf_xdp_attach(ifindex, self->x.prog_fd, XDP_FLAGS_DRV_MODE, NULL));
	ASSERT_EQ(0, setns(self->host_ns, CLONE_NEWNET));
}

FIXTURE_TEARDOWN(live)
{
	if (!self->up || getenv("EF_KEEP"))	/* EF_KEEP=1: leave it for a look */
		return;
	ectl_xdp_close(&self->x);
	ectl_xdp_unpin(self->pin);
	run("tests/lib/topo.sh down %s", self->pfx);
	run("rm -rf %s", self->out);
}

static void sinks_start(struct __test_metadata *_metadata, FIXTURE_DATA(live) *self)
{
	int k, tries;

	for (k = 1; k <= NSERVERS; k++)
		ASSERT_EQ(0, run("ip netns exec %ssrv%d build/tests/tools/efsink -p %d "
				 "-l %s/readings-%d.csv > %s/srv%d.txt 2>&1 &",
				 self->pfx, k, SRV_PORT, self->out, k, self->out, k));
	for (tries = 0; tries < 100; tries++) {
		if (!run("grep -qs listening %s/srv1.txt && grep -qs listening %s/srv2.txt && "
			 "grep -qs listening %s/srv3.txt", self->out, self->out, self->out))
			return;
		usleep(50 * 1000);
	}
	ASSERT_TRUE(false) TH_LOG("sinks did not start");
}

static void sinks_wait(struct __test_metadata *_metadata, FIXTURE_DATA(live) *self)
{
	int tries;

	usleep(300 * 1000);
	run("pkill -TERM -f 'efsink -p %d -l %s/'", SRV_PORT, self->out);
	for (tries = 0; tries < 300; tries++) {
		if (!run("grep -qs '^total' %s/srv1.txt && grep -qs '^total' %s/srv2.txt && "
			 "grep -qs '^total' %s/srv3.txt", self->out, self->out, self->out))
			return;
		usleep(100 * 1000);
	}
	ASSERT_TRUE(false) TH_LOG("sinks did not finish");
}

/* Datagrams server k got from @device at @daddr (0 if none). */
static long sink_count(FIXTURE_DATA(live) *self, int k, uint32_t device, const char *daddr)
{
	char path[256], line[512], want[128];
	long n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/srv%d.txt", self->out, k);
	snprintf(want, sizeof(want), "device=%u daddr=%s ", device, daddr);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, want, strlen(want)))
			sscanf(strstr(line, "datagrams=") + 10, "%ld", &n);
	}
	fclose(f);
	return n;
}

static long sink_total(FIXTURE_DATA(live) *self, int k)
{
	char path[256], line[512];
	long n = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/srv%d.txt", self->out, k);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "total datagrams=", 16))
			n = atol(line + 16);
	}
	fclose(f);
	return n;
}

static uint64_t stat_of(struct ectl_xdp *x, uint32_t svc, uint32_t stat)
{
	uint64_t v[EFX_STATS_PER_SVC];

	return ectl_xdp_stats(x, svc, v) ? UINT64_MAX : v[stat];
}

TEST_F(live, each_server_gets_exactly_its_devices)
{
	uint32_t d;
	int k;

	sinks_start(_metadata, self);
	/* 500 readings of each of the 4 motes over IPv4, 100 over IPv6. */
	ASSERT_EQ(0, run("ip netns exec %ssens build/edgectl replay %s to 10.1.0.254 %d "
			 "speedup 10000 count 2000 >/dev/null", self->pfx, DATASET, SVC_FWD));
	ASSERT_EQ(0, run("ip netns exec %ssens build/edgectl replay %s to fd01::fe %d "
			 "speedup 10000 count 400 device-base 100 >/dev/null",
			 self->pfx, DATASET, SVC_FWD));
	/* The first 400 again: every one a replay, dropped as duplicate. */
	ASSERT_EQ(0, run("ip netns exec %ssens build/edgectl replay %s to 10.1.0.254 %d "
			 "speedup 10000 count 400 >/dev/null", self->pfx, DATASET, SVC_FWD));
	sinks_wait(_metadata, self);

	for (k = 1; k <= NSERVERS; k++) {
		char a4[32], a6[64];
		long want = 0;

		snprintf(a4, sizeof(a4), "10.2.%d.1", k);
		snprintf(a6, sizeof(a6), "fd02:%d::1", k);
		for (d = 1; d <= 4; d++) {
			long n4 = sink_count(self, k, d, a4);
			long n6 = sink_count(self, k, 100 + d, a6);

			if ((int)steer_of[d] == k) {
				EXPECT_EQ(500, n4) TH_LOG("server %d device %u over IPv4", k, d);
				EXPECT_EQ(100, n6) TH_LOG("server %d device %u over IPv6", k, 100 + d);
				want += 600;
			} else {
				EXPECT_EQ(0, n4) TH_LOG("server %d got device %u", k, d);
				EXPECT_EQ(0, n6) TH_LOG("server %d got device %u", k, 100 + d);
			}
		}
		EXPECT_EQ(want, sink_total(self, k)) TH_LOG("server %d: nothing else arrives", k);
	}
	EXPECT_EQ(2800, stat_of(&self->x, 0, EFX_STAT_PKTS_IN));
	EXPECT_EQ(2400, stat_of(&self->x, 0, EFX_STAT_FORWARDED));
	EXPECT_EQ(400, stat_of(&self->x, 0, EFX_STAT_DROP_BASE + EDGEFLOW_R_DUPLICATE));
	EXPECT_EQ(0, run("grep -q 'malformed=0' %s/srv1.txt", self->out));
	/* Static neighbours (topo.sh): the FIB knows every next hop, so XDP
	 * sends every steered datagram out itself. */
	EXPECT_EQ(2400, stat_of(&self->x, 0, EFX_STAT_REDIRECTED));
}

TEST_F(live, aggregates_match_what_was_sent)
{
	struct efx_window_key key, next;
	struct ef_window w;
	long long sum[5][2] = { { 0 } }, cnt[5][2] = { { 0 } };
	int min[5][2], max[5][2];
	uint32_t d;
	int c, found = 0;
	FILE *f;
	char line[256];

	for (d = 0; d < 5; d++)
		for (c = 0; c < 2; c++) {
			min[d][c] = EF_S32_MAX;
			max[d][c] = EF_S32_MIN;
		}

	/* 300 datagrams to the aggregating service, then, a window later,
	 * one more per device whose readings close the windows before it. */
	ASSERT_EQ(0, run("ip netns exec %ssens build/edgectl replay %s to 10.1.0.254 %d "
			 "speedup 5000 count 300 device-base 200 labels %s/sent.csv >/dev/null",
			 self->pfx, DATASET, SVC_AGG, self->out));
	usleep(300 * 1000);
	ASSERT_EQ(0, run("grep '^1,' %s > %s/close.csv && ip netns exec %ssens "
			 "build/edgectl replay %s/close.csv to 10.1.0.254 %d speedup 0 "
			 "device-base 200 seq 1000 >/dev/null", DATASET, self->out, self->pfx,
			 self->out, SVC_AGG));

	/* What was sent, recomputed from the CSV: the first 75 readings of
	 * each mote (the replayer interleaves by reading index). */
	snprintf(line, sizeof(line), "%s", DATASET);
	f = fopen(DATASET, "r");
	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f)) {
		unsigned int reading, mote, indoor, label;
		double h, t;
		int v[2];

		if (sscanf(line, "%u,%u,%u,%lf,%lf,%u", &reading, &mote, &indoor, &h, &t,
			   &label) != 6 || reading > 75 || mote > 4)
			continue;
		v[0] = (int)lround(h * 1000);
		v[1] = (int)lround(t * 1000);
		for (c = 0; c < 2; c++) {
			sum[mote][c] += v[c];
			cnt[mote][c]++;
			if (v[c] < min[mote][c])
				min[mote][c] = v[c];
			if (v[c] > max[mote][c])
				max[mote][c] = v[c];
		}
	}
	fclose(f);

	{
		long long gsum[5][2] = { { 0 } }, gcnt[5][2] = { { 0 } };
		int gmin[5][2], gmax[5][2];

		for (d = 0; d < 5; d++)
			for (c = 0; c < 2; c++) {
				gmin[d][c] = EF_S32_MAX;
				gmax[d][c] = EF_S32_MIN;
			}
		while (!bpf_map_get_next_key(self->x.windows_fd, found ? &key : NULL, &next)) {
			key = next;
			found++;
			ASSERT_EQ(0, bpf_map_lookup_elem(self->x.windows_fd, &key, &w));
			ASSERT_EQ(1U, key.service);
			d = key.device - 200;
			ASSERT_LT(d, 5U);
			ASSERT_LT(key.channel, 2);
			gsum[d][key.channel] += w.sum;
			gcnt[d][key.channel] += w.count;
			if (w.min < gmin[d][key.channel])
				gmin[d][key.channel] = w.min;
			if (w.max > gmax[d][key.channel])
				gmax[d][key.channel] = w.max;
		}
		for (d = 1; d <= 4; d++)
			for (c = 0; c < 2; c++) {
				EXPECT_EQ(cnt[d][c], gcnt[d][c]) TH_LOG("mote %u channel %d count", d, c);
				EXPECT_EQ(sum[d][c], gsum[d][c]) TH_LOG("mote %u channel %d sum", d, c);
				EXPECT_EQ(min[d][c], gmin[d][c]) TH_LOG("mote %u channel %d min", d, c);
				EXPECT_EQ(max[d][c], gmax[d][c]) TH_LOG("mote %u channel %d max", d, c);
			}
	}
	EXPECT_EQ(304, stat_of(&self->x, 1, EFX_STAT_AGGREGATED));
	EXPECT_EQ(0, stat_of(&self->x, 1, EFX_STAT_FORWARDED));
}

TEST_HARNESS_MAIN
