// SPDX-License-Identifier: GPL-2.0
/*
 * The XDP-only gateway: no edgeflow module (this host's kernel cannot load
 * modules at all), the XDP program attached with `edgectl xdp attach`, and
 * the whole configuration done with edgectl commands and plan files that
 * program the XDP maps directly. The namespace topology of tests/lib/topo.sh;
 * the real sensor dataset replayed from the sensors namespace; a sink
 * (build/tests/tools/efsink) in each server namespace must receive exactly
 * the devices steered to it. Bad inputs must fail with one clear line and
 * leave the configuration as it was.
 *
 * edgectl runs in the host's mount namespace (nsenter --net, not ip netns
 * exec, which would mount a fresh /sys), so the pins under a directory of
 * the test's own ($EDGEFLOW_BPF_DIR) are on the host's bpffs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <json-c/json.h>

#include "kselftest_harness.h"
#include "xdp.h"
#include "xdp_cfg.h"

#define DATASET		"../shared/data/sensors/suthaharan-single-hop.csv"
#define SVC_FWD		5683
#define SRV_PORT	7000
#define NSERVERS	3

/* mote (device id % 100) -> server: the plan's, then steer set moves 4 */
static const int plan_of[5] = { 0, 1, 2, 3, 2 };
static const int steer_of[5] = { 0, 1, 2, 3, 1 };

FIXTURE(xo)
{
	char pfx[32];
	char pin[64];
	char out[128];
	bool up, attached;
};

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

FIXTURE_SETUP(xo)
{
	if (access(DATASET, R_OK))
		SKIP(return, "dataset %s not found (run from the checkout)", DATASET);
	if (ectl_module_loaded())
		SKIP(return, "the edgeflow module is loaded: this is the module's gateway");
	snprintf(self->pfx, sizeof(self->pfx), "exo%d", getpid());
	snprintf(self->pin, sizeof(self->pin), "/sys/fs/bpf/efx-xo-%d", getpid());
	snprintf(self->out, sizeof(self->out), "build/results/xdp-only-%d", getpid());
	setenv("EDGEFLOW_BPF_DIR", self->pin, 1);
	if (run("tests/lib/topo.sh up %s", self->pfx))
		SKIP(return, "cannot build the namespace topology (needs root and veth)");
	self->up = true;
	ASSERT_EQ(0, run("mkdir -p %s", self->out));
	libbpf_set_print(NULL);
	if (run("nsenter --net=/run/netns/%sgw build/edgectl xdp attach s0 native "
		"2> %s/attach.err", self->pfx, self->out)) {
		if (!run("grep -q 'Operation not permitted' %s/attach.err", self->out))
			SKIP(return, "cannot load BPF programs (needs CAP_BPF)");
		ASSERT_TRUE(false) TH_LOG("edgectl xdp attach failed");
	}
	self->attached = true;
}

FIXTURE_TEARDOWN(xo)
{
	if (!self->up || getenv("EF_KEEP"))	/* EF_KEEP=1: leave it for a look */
		return;
	if (self->attached)
		run("nsenter --net=/run/netns/%sgw build/edgectl xdp detach s0", self->pfx);
	ectl_xdp_unpin(self->pin);
	run("tests/lib/topo.sh down %s", self->pfx);
	run("rm -rf %s", self->out);
}

/* Each sink's pid in OUT/srvK.pid: `ip netns exec` execs the program. */
static void sinks_start(struct __test_metadata *_metadata, FIXTURE_DATA(xo) *self)
{
	int k, tries;

	for (k = 1; k <= NSERVERS; k++)
		ASSERT_EQ(0, run("ip netns exec %ssrv%d build/tests/tools/efsink -p %d "
				 "> %s/srv%d.txt 2>&1 & echo $! > %s/srv%d.pid",
				 self->pfx, k, SRV_PORT, self->out, k, self->out, k));
	for (tries = 0; tries < 100; tries++) {
		if (!run("grep -qs listening %s/srv1.txt && grep -qs listening %s/srv2.txt && "
			 "grep -qs listening %s/srv3.txt", self->out, self->out, self->out))
			return;
		usleep(50 * 1000);
	}
	ASSERT_TRUE(false) TH_LOG("sinks did not start");
}

static void sinks_wait(struct __test_metadata *_metadata, FIXTURE_DATA(xo) *self)
{
	int k, tries;

	usleep(300 * 1000);
	for (k = 1; k <= NSERVERS; k++)
		run("kill -TERM $(cat %s/srv%d.pid)", self->out, k);
	for (tries = 0; tries < 300; tries++) {
		if (!run("grep -qs '^total' %s/srv1.txt && grep -qs '^total' %s/srv2.txt && "
			 "grep -qs '^total' %s/srv3.txt", self->out, self->out, self->out))
			return;
		usleep(100 * 1000);
	}
	ASSERT_TRUE(false) TH_LOG("sinks did not finish");
}

/* Datagrams server k got from @device at @daddr (0 if none). */
static long sink_count(FIXTURE_DATA(xo) *self, int k, uint32_t device, const char *daddr)
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

static long sink_total(FIXTURE_DATA(xo) *self, int k)
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

static uint64_t stat_of(FIXTURE_DATA(xo) *self, uint32_t svc, uint32_t stat)
{
	uint64_t v[EFX_STATS_PER_SVC];
	struct ectl_xdp x;
	int err;

	if (ectl_xdp_open(&x, self->pin))
		return UINT64_MAX;
	err = ectl_xdp_stats(&x, svc, v);
	ectl_xdp_close(&x);
	return err ? UINT64_MAX : v[stat];
}

/* `edgectl -j ARGS` parsed; NULL if it failed. */
static json_object *ectl_json(FIXTURE_DATA(xo) *self, const char *args)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/show.json", self->out);
	if (run("build/edgectl -j %s > %s", args, path))
		return NULL;
	return json_object_from_file(path);
}

static int64_t json_int(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v) : -1;
}

static const char *json_str(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "";
}

/* A plan file steering devices 1-4 (IPv4 replay) and 101-104 (IPv6) of
 * service fwd per plan_of, with device 5 rejected by the solver. */
static int write_plan(FIXTURE_DATA(xo) *self, const char *name)
{
	char path[256];
	uint32_t d;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", self->out, name);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	fprintf(f, "{ \"edgeflow_plan\": 1, \"source\": \"test\",\n"
		   "  \"report\": { \"status\": \"optimal\", \"solver\": \"test\" },\n"
		   "  \"assignments\": [\n");
	for (d = 1; d <= 4; d++)
		fprintf(f, "    { \"service\": \"fwd\", \"device\": %u, \"server\": \"srv%d\" },\n"
			   "    { \"service\": \"fwd\", \"device\": %u, \"server\": \"srv%d\" }%s\n",
			d, plan_of[d], 100 + d, plan_of[d], d < 4 ? "," : "");
	fprintf(f, "  ],\n  \"rejected\": [ { \"service\": \"fwd\", \"device\": 5 } ] }\n");
	return fclose(f) ? -errno : 0;
}

static void configure(struct __test_metadata *_metadata, FIXTURE_DATA(xo) *self)
{
	char line[512];
	FILE *f;
	int k;

	for (k = 1; k <= NSERVERS; k++)
		ASSERT_EQ(0, run("build/edgectl server add srv%d addr 10.2.%d.1 addr6 fd02:%d::1 "
				 "port %d", k, k, k, SRV_PORT));
	ASSERT_EQ(0, run("build/edgectl service add fwd port %d mode forward window 500 "
			 "unknown drop", SVC_FWD));
	/* Physical ranges of the motes' sensors. */
	ASSERT_EQ(0, run("build/edgectl policy set fwd kind temperature min -40000 max 85000"));
	ASSERT_EQ(0, run("build/edgectl policy set fwd kind humidity min 0 max 100000"));
	/* An entry the plan does not have: the plan removes it. */
	ASSERT_EQ(0, run("build/edgectl steer set service fwd device 50 server srv3"));
	ASSERT_EQ(0, write_plan(self, "plan.json"));
	ASSERT_EQ(0, run("build/edgectl plan apply %s/plan.json > %s/apply.txt",
			 self->out, self->out));
	snprintf(line, sizeof(line), "%s/apply.txt", self->out);
	f = fopen(line, "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(line, sizeof(line), f));
	fclose(f);
	EXPECT_NE(NULL, strstr(line, "plan installed: 8 entries (1 rejected by the solver "
				     "skipped), 0 servers/services created, 1 stale entries removed"))
		TH_LOG("%s", line);
	/* Then single entries on top: device 4 moves to srv1. */
	ASSERT_EQ(0, run("build/edgectl steer set service fwd device 4 server srv1"));
	ASSERT_EQ(0, run("build/edgectl steer set service fwd device 104 server srv1"));
}

TEST_F(xo, commands_and_plan_steer_each_device_to_its_server)
{
	json_object *o, *arr, *e;
	uint32_t d;
	int k, i, n;

	configure(_metadata, self);

	/* What the maps say, by name, from a separate invocation. */
	o = ectl_json(self, "steer show");
	ASSERT_NE(NULL, o);
	ASSERT_TRUE(json_object_object_get_ex(o, "steer", &arr));
	n = (int)json_object_array_length(arr);
	EXPECT_EQ(8, n);
	for (i = 0; i < n; i++) {
		char want[16];

		e = json_object_array_get_idx(arr, i);
		d = (uint32_t)json_int(e, "device");
		ASSERT_LT(d % 100, 5U);
		snprintf(want, sizeof(want), "srv%d", steer_of[d % 100]);
		EXPECT_STREQ("fwd", json_str(e, "service"));
		EXPECT_STREQ(want, json_str(e, "server")) TH_LOG("device %u", d);
	}
	json_object_put(o);

	o = ectl_json(self, "server show srv1");
	ASSERT_NE(NULL, o);
	ASSERT_TRUE(json_object_object_get_ex(o, "servers", &arr));
	ASSERT_EQ(1, (int)json_object_array_length(arr));
	e = json_object_array_get_idx(arr, 0);
	EXPECT_EQ(1, json_int(e, "id"));
	EXPECT_STREQ("10.2.1.1", json_str(e, "addr"));
	EXPECT_STREQ("fd02:1::1", json_str(e, "addr6"));
	EXPECT_EQ(SRV_PORT, json_int(e, "port"));
	EXPECT_EQ(4, json_int(e, "steer_refs"));	/* devices 1, 4, 101, 104 */
	json_object_put(o);

	o = ectl_json(self, "service show fwd");
	ASSERT_NE(NULL, o);
	ASSERT_TRUE(json_object_object_get_ex(o, "services", &arr));
	e = json_object_array_get_idx(arr, 0);
	ASSERT_NE(NULL, e);
	EXPECT_EQ(1, json_int(e, "id"));
	EXPECT_EQ(SVC_FWD, json_int(e, "port"));
	EXPECT_STREQ("forward", json_str(e, "mode"));
	EXPECT_EQ(500, json_int(e, "window_ms"));
	EXPECT_EQ(8, json_int(e, "steer_refs"));
	json_object_put(o);
	EXPECT_EQ(0, run("build/edgectl policy show fwd | grep -qx "
			 "'fwd kind temperature min -40000 max 85000'"));

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

			if (steer_of[d] == k) {
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
	EXPECT_EQ(2800, stat_of(self, 1, EFX_STAT_PKTS_IN));
	EXPECT_EQ(2400, stat_of(self, 1, EFX_STAT_FORWARDED));
	EXPECT_EQ(400, stat_of(self, 1, EFX_STAT_DROP_BASE + EDGEFLOW_R_DUPLICATE));

	/* A service deleted and added again starts afresh: the same readings
	 * are not duplicates of what the old one saw. */
	ASSERT_EQ(0, run("build/edgectl steer del service fwd"));
	ASSERT_EQ(0, run("build/edgectl service del fwd"));
	ASSERT_EQ(0, run("build/edgectl service add fwd port %d mode forward server srv2 "
			 "unknown pass", SVC_FWD));
	sinks_start(_metadata, self);
	ASSERT_EQ(0, run("ip netns exec %ssens build/edgectl replay %s to 10.1.0.254 %d "
			 "speedup 10000 count 400 >/dev/null", self->pfx, DATASET, SVC_FWD));
	sinks_wait(_metadata, self);
	EXPECT_EQ(0, sink_total(self, 1));
	EXPECT_EQ(400, sink_total(self, 2)) TH_LOG("the default server takes every device");
	EXPECT_EQ(0, sink_total(self, 3));
}

TEST_F(xo, place_apply_installs_the_placement)
{
	json_object *o, *arr, *e;
	int want[NSERVERS + 1] = { 0 };
	int srv_of[5] = { 0 };
	uint32_t d;
	int k, i, n;

	ASSERT_EQ(0, run("build/edgectl place examples/demo-topology.json --apply > %s/place.txt",
			 self->out));
	o = ectl_json(self, "steer show service alerts");
	ASSERT_NE(NULL, o);
	ASSERT_TRUE(json_object_object_get_ex(o, "steer", &arr));
	n = (int)json_object_array_length(arr);
	ASSERT_EQ(4, n);
	for (i = 0; i < n; i++) {
		const char *name;

		e = json_object_array_get_idx(arr, i);
		d = (uint32_t)json_int(e, "device");
		ASSERT_LT(0U, d);
		ASSERT_GE(4U, d);
		name = json_str(e, "server");
		srv_of[d] = !strcmp(name, "edge-lab") ? 1 : !strcmp(name, "edge-yard") ? 2 :
			    !strcmp(name, "edge-core") ? 3 : 0;
		ASSERT_NE(0, srv_of[d]) TH_LOG("device %u on %s", d, name);
		want[srv_of[d]] += 500;
	}
	json_object_put(o);
	/* The plan's servers and services were created, names and all. */
	EXPECT_EQ(0, run("build/edgectl server show | grep -c '^edge-' | grep -qx 3"));
	EXPECT_EQ(0, run("build/edgectl service show | grep -q '^telemetry id 1 port 5683 "
			 "mode aggregate window 1000'"));

	sinks_start(_metadata, self);
	ASSERT_EQ(0, run("ip netns exec %ssens build/edgectl replay %s to 10.1.0.254 5684 "
			 "speedup 10000 count 2000 >/dev/null", self->pfx, DATASET));
	sinks_wait(_metadata, self);
	for (k = 1; k <= NSERVERS; k++) {
		char a4[32];

		snprintf(a4, sizeof(a4), "10.2.%d.1", k);
		for (d = 1; d <= 4; d++)
			EXPECT_EQ(srv_of[d] == k ? 500 : 0, sink_count(self, k, d, a4))
				TH_LOG("server %d device %u", k, d);
		EXPECT_EQ(want[k], sink_total(self, k)) TH_LOG("server %d", k);
	}
}

/* Each bad command: exit 1, one line on stderr with the message, nothing
 * changed. */
static const struct {
	const char *cmd;
	const char *msg;
} bad[] = {
	{ "server add srv1 addr 10.0.0.9 port 9000", "server: a server named \"srv1\" exists" },
	{ "server add s9 addr 10.0.0.9 port 0", "server: invalid port \"0\" (1..65535)" },
	{ "server add s9 addr 10.0.0.9 port 65536", "server: invalid port \"65536\" (1..65535)" },
	{ "server add s9 addr 10.0.0.300 port 9", "server: invalid IPv4 address \"10.0.0.300\"" },
	{ "server add s9 port 9000", "server: server needs an IPv4 or an IPv6 address" },
	{ "server add s9 addr 10.0.0.9", "server: missing server port" },
	{ "server add 'bad name' addr 10.0.0.9 port 9",
	  "server: name \"bad name\" has a space or a character that is not printable ASCII" },
	{ "server add s9 addr 10.0.0.9 port 9 cap cpu", "server: cap \"cpu\" is not RES=N" },
	{ "server add s9 addr 10.0.0.9 port 9 colour red",
	  "server: unknown option \"colour\"; try \"edgectl server help\"" },
	{ "server set srv1", "server: nothing to change" },
	{ "server set srv1 addr none addr6 none", "server: server needs an IPv4 or an IPv6 address" },
	{ "server set nosuch port 1", "server: no such server \"nosuch\"" },
	{ "server del srv1", "server: server srv1 is used by 4 steering entries" },
	{ "server del spare-srv", "server: server spare-srv is the default server of 1 service" },
	{ "server del nosuch", "server: no such server \"nosuch\"" },
	{ "server show nosuch", "server: no such server \"nosuch\"" },
	{ "service add fwd port 6000 mode forward", "service: a service named \"fwd\" exists" },
	{ "service add s9 port 5683 mode forward", "service: port 5683 is used by service fwd" },
	{ "service add s9 port 6000", "service: missing service mode" },
	{ "service add s9 port 6000 mode sideways",
	  "service: mode must be forward, aggregate or both, not \"sideways\"" },
	{ "service add s9 port 6000 mode forward window 5",
	  "service: invalid window \"5\" (10..86400000)" },
	{ "service add s9 port 6000 mode forward rate 2000000000",
	  "service: invalid rate \"2000000000\" (0..1000000000)" },
	{ "service add s9 port 6000 mode forward burst 0", "service: invalid burst \"0\"" },
	{ "service add s9 port 6000 mode forward server nosuch", "service: no such server \"nosuch\"" },
	{ "service set fwd port 6001 port 6002 rate", "service: \"rate\" needs a value" },
	{ "service set spare port 5683", "service: port 5683 is used by service fwd" },
	{ "service set nosuch rate 1", "service: no such service \"nosuch\"" },
	{ "service del fwd", "service: service fwd has 8 steering entries" },
	{ "policy set fwd kind temperature min 5 max 1", "policy: policy max is below min" },
	{ "policy set fwd kind temperature heartbeat 5", "policy: heartbeat needs deadband" },
	{ "policy set fwd kind weather min 1", "policy: unknown kind \"weather\"" },
	{ "policy set nosuch kind temperature min 1", "policy: no such service \"nosuch\"" },
	{ "steer set service fwd device 9 server nosuch", "steer: no such server \"nosuch\"" },
	{ "steer set service nosuch device 9 server srv1", "steer: no such service \"nosuch\"" },
	{ "steer set service fwd device 9", "steer: set needs service, device and server" },
	{ "steer set service fwd device -1 server srv1", "steer: invalid device \"-1\"" },
	{ "steer del service fwd device 999",
	  "steer: no steering entry for device 999 of service fwd" },
	{ "plan apply OUT/ghost.json", "plan: entry 1 (device 2): unknown server \"ghost\"" },
	{ "plan apply OUT/twice.json", "plan: device 1 of service fwd given twice" },
};

TEST_F(xo, bad_inputs_fail_with_one_clear_line)
{
	char cmd[512], path[256], line[512], *p;
	size_t i;
	FILE *f;

	configure(_metadata, self);
	ASSERT_EQ(0, run("build/edgectl server add spare-srv addr6 fd00::9 port 9"));
	ASSERT_EQ(0, run("build/edgectl service add spare port 6000 mode both server spare-srv"));
	snprintf(path, sizeof(path), "%s/ghost.json", self->out);
	f = fopen(path, "w");
	ASSERT_NE(NULL, f);
	fputs("{ \"edgeflow_plan\": 1, \"report\": { \"status\": \"optimal\" }, \"assignments\": ["
	      " { \"service\": \"fwd\", \"device\": 1, \"server\": \"srv1\" },"
	      " { \"service\": \"fwd\", \"device\": 2, \"server\": \"ghost\" } ], \"rejected\": [] }\n",
	      f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/twice.json", self->out);
	f = fopen(path, "w");
	ASSERT_NE(NULL, f);
	fputs("{ \"edgeflow_plan\": 1, \"report\": { \"status\": \"optimal\" }, \"assignments\": ["
	      " { \"service\": \"fwd\", \"device\": 1, \"server\": \"srv1\" },"
	      " { \"service\": \"fwd\", \"device\": 1, \"server\": \"srv2\" } ], \"rejected\": [] }\n",
	      f);
	fclose(f);

	ASSERT_EQ(0, run("(build/edgectl server show; build/edgectl service show; "
			 "build/edgectl steer show) > %s/before.txt", self->out));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(cmd, sizeof(cmd), "%s", bad[i].cmd);
		p = strstr(cmd, "OUT/");
		if (p) {
			char rest[256];

			snprintf(rest, sizeof(rest), "%s", p + 3);
			snprintf(p, sizeof(cmd) - (size_t)(p - cmd), "%s%s", self->out, rest);
		}
		EXPECT_EQ(1, run("build/edgectl %s > %s/bad.out 2> %s/bad.err", cmd, self->out,
				 self->out)) TH_LOG("%s", bad[i].cmd);
		EXPECT_EQ(0, run("test $(wc -l < %s/bad.err) = 1 && test ! -s %s/bad.out",
				 self->out, self->out)) TH_LOG("%s: not one line", bad[i].cmd);
		snprintf(path, sizeof(path), "%s/bad.err", self->out);
		f = fopen(path, "r");
		ASSERT_NE(NULL, f);
		line[0] = '\0';
		if (!fgets(line, sizeof(line), f))
			line[0] = '\0';
		fclose(f);
		EXPECT_NE(NULL, strstr(line, bad[i].msg))
			TH_LOG("%s: got \"%.*s\", want \"%s\"", bad[i].cmd,
			       (int)strcspn(line, "\n"), line, bad[i].msg);
	}
	ASSERT_EQ(0, run("(build/edgectl server show; build/edgectl service show; "
			 "build/edgectl steer show) > %s/after.txt", self->out));
	EXPECT_EQ(0, run("cmp -s %s/before.txt %s/after.txt", self->out, self->out))
		TH_LOG("a bad command changed the configuration");

	/* The references go, then the deletes succeed. */
	EXPECT_EQ(0, run("build/edgectl service set spare server none"));
	EXPECT_EQ(0, run("build/edgectl service del spare"));
	EXPECT_EQ(0, run("build/edgectl steer del service fwd"));
	EXPECT_EQ(0, run("build/edgectl server del srv1"));
	EXPECT_EQ(0, run("build/edgectl server del spare-srv"));
	EXPECT_EQ(0, run("build/edgectl flush > %s/flush.txt", self->out));
	EXPECT_EQ(0, run("grep -q '^flushed: 0 steering entries' %s/flush.txt", self->out));
	EXPECT_EQ(0, run("test -z \"$(build/edgectl server show; build/edgectl service show)\""));
}

TEST_HARNESS_MAIN
