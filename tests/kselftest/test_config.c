// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration API of the edgeflow family: servers, services and their
 * policies, steering entries, stats and flush. Every good request must work
 * and read back as written; every bad one must fail with the expected errno
 * and extack message (asserted, not printed).
 */
#include "kselftest_harness.h"
#include "efcfg.h"

#define END { EFA_END, 0, 0, NULL, 0 }
#define SRV(...)	A_NEST(EDGEFLOW_A_SERVER), __VA_ARGS__, A_END_NEST, END
#define SVC(...)	A_NEST(EDGEFLOW_A_SERVICE), __VA_ARGS__, A_END_NEST, END
#define STEER(...)	A_NEST(EDGEFLOW_A_STEER), __VA_ARGS__, A_END_NEST, END
#define POL(...)	A_NEST(EDGEFLOW_SERVICE_A_POLICY), __VA_ARGS__, A_END_NEST
#define RES(n, v)	A_NEST(EDGEFLOW_CAP_A_RESOURCE), A_STR(EDGEFLOW_RES_A_NAME, n), \
			A_U64(EDGEFLOW_RES_A_VALUE, v), A_END_NEST

#define S_NAME(x)	A_STR(EDGEFLOW_SERVER_A_NAME, x)
#define S_PORT(x)	A_U16(EDGEFLOW_SERVER_A_PORT, x)
#define V_NAME(x)	A_STR(EDGEFLOW_SERVICE_A_NAME, x)
#define V_PORT(x)	A_U16(EDGEFLOW_SERVICE_A_PORT, x)
#define V_MODE(x)	A_U8(EDGEFLOW_SERVICE_A_MODE, x)
#define P_KIND(x)	A_U8(EDGEFLOW_POLICY_A_KIND, x)
#define LONG_NAME	"a-name-that-is-longer-than-31-bytes"

/*
 * Every case runs against the same fixture: servers s1 (used by entry
 * (svc1, 1)), s2 (default server of svc2) and s3 (unused); services svc1
 * (port 5000) and svc2 (port 5001).
 */
static const struct efa_case bad_cases[] = {
	/* servers */
	{ "server new without attributes", EDGEFLOW_CMD_SERVER_NEW, { END },
	  -EINVAL, "missing server attributes" },
	{ "server new without name", EDGEFLOW_CMD_SERVER_NEW,
	  { SRV(IP4(10, 0, 0, 9), S_PORT(9000)) }, -EINVAL, "missing server name" },
	{ "server new without port", EDGEFLOW_CMD_SERVER_NEW,
	  { SRV(S_NAME("s9"), IP4(10, 0, 0, 9)) }, -EINVAL, "missing server port" },
	{ "server new without address", EDGEFLOW_CMD_SERVER_NEW,
	  { SRV(S_NAME("s9"), S_PORT(9000)) }, -EINVAL,
	  "server needs an IPv4 or an IPv6 address" },
	{ "server new with port 0", EDGEFLOW_CMD_SERVER_NEW,
	  { SRV(S_NAME("s9"), IP4(10, 0, 0, 9), S_PORT(0)) }, -ERANGE,
	  "integer out of range" },
	{ "server new with state 7", EDGEFLOW_CMD_SERVER_NEW,
	  { SRV(S_NAME("s9"), IP4(10, 0, 0, 9), S_PORT(1),
		A_U8(EDGEFLOW_SERVER_A_STATE, 7)) }, -ERANGE, "integer out of range" },
	{ "server new with a 3-byte address", EDGEFLOW_CMD_SERVER_NEW,
	  { SRV(S_NAME("s9"), A_BIN(EDGEFLOW_SERVER_A_ADDR4, "\x0a\0\0", 3), S_PORT(1)) },
	  -EINVAL, "IPv4 address must be 4 bytes" },
	{ "server new with a 4-byte IPv6 address", EDGEFLOW_CMD_SERVER_NEW,
	  { SRV(S_NAME("s9"), A_BIN(EDGEFLOW_SERVER_A_ADDR6, "\x0a\0\0\1", 4), S_PORT(1)) },
	  -EINVAL, "IPv6 address must be 16 bytes" },
	{ "server new with an oversize name", EDGEFLOW_CMD_SERVER_NEW,
	  { SRV(S_NAME(LONG_NAME), IP4(10, 0, 0, 9), S_PORT(1)) }, -ERANGE,
	  "name longer than 31 bytes" },
	{ "server new with an empty name", EDGEFLOW_CMD_SERVER_NEW,
	  { SRV(S_NAME(""), IP4(10, 0, 0, 9), S_PORT(1)) }, -EINVAL, "name is empty" },
	{ "server new with a space in the name", EDGEFLOW_CMD_SERVER_NEW,
	  { SRV(S_NAME("a b"), IP4(10, 0, 0, 9), S_PORT(1)) }, -EINVAL,
	  "not printable ASCII" },
	{ "server new with a name not NUL-terminated", EDGEFLOW_CMD_SERVER_NEW,
	  { SRV(A_BIN(EDGEFLOW_SERVER_A_NAME, "abc", 3), IP4(10, 0, 0, 9), S_PORT(1)) },
	  -EINVAL, "Attribute failed policy validation" },
	{ "server new duplicate", EDGEFLOW_CMD_SERVER_NEW,
	  { SRV(S_NAME("s1"), IP4(10, 0, 0, 9), S_PORT(1)) }, -EEXIST,
	  "a server with this name exists" },
	{ "server new with an id", EDGEFLOW_CMD_SERVER_NEW,
	  { SRV(A_U32(EDGEFLOW_SERVER_A_ID, 5), S_NAME("s9"), IP4(10, 0, 0, 9), S_PORT(1)) },
	  -EINVAL, "server ids are assigned by the kernel" },
	{ "server new with a reply-only attribute", EDGEFLOW_CMD_SERVER_NEW,
	  { SRV(S_NAME("s9"), IP4(10, 0, 0, 9), S_PORT(1),
		A_U32(EDGEFLOW_SERVER_A_STEER_REFS, 1)) }, -EINVAL, "STEER_REFS is reply only" },
	{ "server new with an unknown attribute", EDGEFLOW_CMD_SERVER_NEW,
	  { SRV(S_NAME("s9"), IP4(10, 0, 0, 9), S_PORT(1),
		A_U32(EDGEFLOW_SERVER_A_MAX + 1, 1)) }, -EINVAL, "Unknown attribute type" },
	{ "server new with a top-level attribute of another command", EDGEFLOW_CMD_SERVER_NEW,
	  { A_U64(EDGEFLOW_A_GENERATION, 1), END }, -EINVAL, "Unsupported attribute" },
	{ "server new with 9 resources", EDGEFLOW_CMD_SERVER_NEW,
	  { SRV(S_NAME("s9"), IP4(10, 0, 0, 9), S_PORT(1),
		A_NEST(EDGEFLOW_SERVER_A_CAPACITY), RES("r1", 1), RES("r2", 1), RES("r3", 1),
		RES("r4", 1), RES("r5", 1), RES("r6", 1), RES("r7", 1), RES("r8", 1),
		RES("r9", 1), A_END_NEST) }, -E2BIG, "more than 8 resources" },
	{ "server new with a resource twice", EDGEFLOW_CMD_SERVER_NEW,
	  { SRV(S_NAME("s9"), IP4(10, 0, 0, 9), S_PORT(1),
		A_NEST(EDGEFLOW_SERVER_A_CAPACITY), RES("cpu", 1), RES("cpu", 2), A_END_NEST) },
	  -EINVAL, "resource given twice" },
	{ "server new with a resource without value", EDGEFLOW_CMD_SERVER_NEW,
	  { SRV(S_NAME("s9"), IP4(10, 0, 0, 9), S_PORT(1),
		A_NEST(EDGEFLOW_SERVER_A_CAPACITY), A_NEST(EDGEFLOW_CAP_A_RESOURCE),
		A_STR(EDGEFLOW_RES_A_NAME, "cpu"), A_END_NEST, A_END_NEST) },
	  -EINVAL, "missing resource capacity" },
	{ "server new with an oversize resource name", EDGEFLOW_CMD_SERVER_NEW,
	  { SRV(S_NAME("s9"), IP4(10, 0, 0, 9), S_PORT(1),
		A_NEST(EDGEFLOW_SERVER_A_CAPACITY), RES("resource-name-too-long", 1),
		A_END_NEST) }, -ERANGE, "resource name longer than 15 bytes" },
	{ "server set unknown", EDGEFLOW_CMD_SERVER_SET,
	  { SRV(S_NAME("nope"), S_PORT(2)) }, -ENOENT, "no such server" },
	{ "server set unknown id", EDGEFLOW_CMD_SERVER_SET,
	  { SRV(A_U32(EDGEFLOW_SERVER_A_ID, 999), S_PORT(2)) }, -ENOENT,
	  "no server with this id" },
	{ "server set with nothing to change", EDGEFLOW_CMD_SERVER_SET,
	  { SRV(S_NAME("s1")) }, -EINVAL, "nothing to change" },
	{ "server set removing the only address", EDGEFLOW_CMD_SERVER_SET,
	  { SRV(S_NAME("s1"), A_BIN(EDGEFLOW_SERVER_A_ADDR4, "", 0)) }, -EINVAL,
	  "server needs an IPv4 or an IPv6 address" },
	{ "server del without name", EDGEFLOW_CMD_SERVER_DEL,
	  { SRV(S_PORT(1)) }, -EINVAL, "missing server name" },
	{ "server del referenced by a steering entry", EDGEFLOW_CMD_SERVER_DEL,
	  { SRV(S_NAME("s1")) }, -EBUSY,
	  "server s1 is used by 1 steering entries (1 live, 0 staged in open plans)" },
	{ "server del, default of a service", EDGEFLOW_CMD_SERVER_DEL,
	  { SRV(S_NAME("s2")) }, -EBUSY, "server s2 is the default server of 1 services" },
	{ "server get unknown", EDGEFLOW_CMD_SERVER_GET,
	  { SRV(S_NAME("nope")) }, -ENOENT, "no such server" },

	/* services and policies */
	{ "service new without mode", EDGEFLOW_CMD_SERVICE_NEW,
	  { SVC(V_NAME("v9"), V_PORT(6000)) }, -EINVAL, "missing service mode" },
	{ "service new without port", EDGEFLOW_CMD_SERVICE_NEW,
	  { SVC(V_NAME("v9"), V_MODE(1)) }, -EINVAL, "missing service port" },
	{ "service new with mode 4", EDGEFLOW_CMD_SERVICE_NEW,
	  { SVC(V_NAME("v9"), V_PORT(6000), V_MODE(4)) }, -ERANGE, "integer out of range" },
	{ "service new with mode 0", EDGEFLOW_CMD_SERVICE_NEW,
	  { SVC(V_NAME("v9"), V_PORT(6000), V_MODE(0)) }, -ERANGE, "integer out of range" },
	{ "service new with a 5 ms window", EDGEFLOW_CMD_SERVICE_NEW,
	  { SVC(V_NAME("v9"), V_PORT(6000), V_MODE(2),
		A_U32(EDGEFLOW_SERVICE_A_WINDOW_MS, 5)) }, -ERANGE, "integer out of range" },
	{ "service new with burst 0", EDGEFLOW_CMD_SERVICE_NEW,
	  { SVC(V_NAME("v9"), V_PORT(6000), V_MODE(1), A_U32(EDGEFLOW_SERVICE_A_BURST, 0)) },
	  -ERANGE, "integer out of range" },
	{ "service new with unknown 2", EDGEFLOW_CMD_SERVICE_NEW,
	  { SVC(V_NAME("v9"), V_PORT(6000), V_MODE(1), A_U8(EDGEFLOW_SERVICE_A_UNKNOWN, 2)) },
	  -ERANGE, "integer out of range" },
	{ "service new on a used port", EDGEFLOW_CMD_SERVICE_NEW,
	  { SVC(V_NAME("v9"), V_PORT(5000), V_MODE(1)) }, -EEXIST,
	  "port 5000 is used by service svc1" },
	{ "service new duplicate", EDGEFLOW_CMD_SERVICE_NEW,
	  { SVC(V_NAME("svc1"), V_PORT(6000), V_MODE(1)) }, -EEXIST,
	  "a service with this name exists" },
	{ "service new with an unknown default server", EDGEFLOW_CMD_SERVICE_NEW,
	  { SVC(V_NAME("v9"), V_PORT(6000), V_MODE(1),
		A_STR(EDGEFLOW_SERVICE_A_SERVER, "nope")) }, -ENOENT, "no such server" },
	{ "service new with an oversize name", EDGEFLOW_CMD_SERVICE_NEW,
	  { SVC(V_NAME(LONG_NAME), V_PORT(6000), V_MODE(1)) }, -ERANGE,
	  "name longer than 31 bytes" },
	{ "policy with kind 6", EDGEFLOW_CMD_SERVICE_SET,
	  { SVC(V_NAME("svc1"), POL(P_KIND(6))) }, -ERANGE, "integer out of range" },
	{ "policy without kind", EDGEFLOW_CMD_SERVICE_SET,
	  { SVC(V_NAME("svc1"), POL(A_S32(EDGEFLOW_POLICY_A_MIN_VALUE, 1))) }, -EINVAL,
	  "missing reading kind of the policy" },
	{ "policy with max below min", EDGEFLOW_CMD_SERVICE_SET,
	  { SVC(V_NAME("svc1"), POL(P_KIND(1), A_S32(EDGEFLOW_POLICY_A_MIN_VALUE, 10),
				   A_S32(EDGEFLOW_POLICY_A_MAX_VALUE, -10))) },
	  -EINVAL, "policy max is below min" },
	{ "policy with step-reset but no step", EDGEFLOW_CMD_SERVICE_SET,
	  { SVC(V_NAME("svc1"), POL(P_KIND(1), A_U32(EDGEFLOW_POLICY_A_STEP_RESET, 3))) },
	  -EINVAL, "step-reset needs step" },
	{ "policy with heartbeat but no deadband", EDGEFLOW_CMD_SERVICE_SET,
	  { SVC(V_NAME("svc1"), POL(P_KIND(1), A_U32(EDGEFLOW_POLICY_A_HEARTBEAT_MS, 3))) },
	  -EINVAL, "heartbeat needs deadband" },
	{ "policy with step 0", EDGEFLOW_CMD_SERVICE_SET,
	  { SVC(V_NAME("svc1"), POL(P_KIND(1), A_U32(EDGEFLOW_POLICY_A_STEP, 0))) },
	  -ERANGE, "integer out of range" },
	{ "policy for one kind twice", EDGEFLOW_CMD_SERVICE_SET,
	  { SVC(V_NAME("svc1"), POL(P_KIND(2)), POL(P_KIND(2))) }, -EINVAL,
	  "policy for this kind given twice" },
	{ "service set unknown", EDGEFLOW_CMD_SERVICE_SET,
	  { SVC(V_NAME("nope"), V_MODE(1)) }, -ENOENT, "no such service" },
	{ "service set to a used port", EDGEFLOW_CMD_SERVICE_SET,
	  { SVC(V_NAME("svc2"), V_PORT(5000)) }, -EEXIST, "port 5000 is used by service svc1" },
	{ "service set name and id disagree", EDGEFLOW_CMD_SERVICE_SET,
	  { SVC(A_U32(EDGEFLOW_SERVICE_A_ID, 1), V_NAME("svc2"), V_MODE(1)) }, -EINVAL,
	  "service name and id do not match" },
	{ "service del with steering entries", EDGEFLOW_CMD_SERVICE_DEL,
	  { SVC(V_NAME("svc1")) }, -EBUSY,
	  "service svc1 has 1 steering entries (1 live, 0 staged in open plans)" },

	/* steering entries */
	{ "steer set without entry", EDGEFLOW_CMD_STEER_SET, { END }, -EINVAL,
	  "missing steering entry" },
	{ "steer set unknown service", EDGEFLOW_CMD_STEER_SET,
	  { STEER(A_STR(EDGEFLOW_STEER_A_SERVICE, "nope"), A_U32(EDGEFLOW_STEER_A_DEVICE, 1),
		  A_STR(EDGEFLOW_STEER_A_SERVER, "s1")) }, -ENOENT, "no such service" },
	{ "steer set unknown service id", EDGEFLOW_CMD_STEER_SET,
	  { STEER(A_U32(EDGEFLOW_STEER_A_SERVICE_ID, 999), A_U32(EDGEFLOW_STEER_A_DEVICE, 1),
		  A_STR(EDGEFLOW_STEER_A_SERVER, "s1")) }, -ENOENT, "no such service" },
	{ "steer set unknown server", EDGEFLOW_CMD_STEER_SET,
	  { STEER(A_STR(EDGEFLOW_STEER_A_SERVICE, "svc1"), A_U32(EDGEFLOW_STEER_A_DEVICE, 1),
		  A_STR(EDGEFLOW_STEER_A_SERVER, "nope")) }, -ENOENT, "no such server" },
	{ "steer set without device", EDGEFLOW_CMD_STEER_SET,
	  { STEER(A_STR(EDGEFLOW_STEER_A_SERVICE, "svc1"),
		  A_STR(EDGEFLOW_STEER_A_SERVER, "s1")) }, -EINVAL,
	  "missing device of the steering entry" },
	{ "steer set without server", EDGEFLOW_CMD_STEER_SET,
	  { STEER(A_STR(EDGEFLOW_STEER_A_SERVICE, "svc1"), A_U32(EDGEFLOW_STEER_A_DEVICE, 1)) },
	  -EINVAL, "missing server of the steering entry" },
	{ "steer set service by name and id", EDGEFLOW_CMD_STEER_SET,
	  { STEER(A_STR(EDGEFLOW_STEER_A_SERVICE, "svc1"), A_U32(EDGEFLOW_STEER_A_SERVICE_ID, 1),
		  A_U32(EDGEFLOW_STEER_A_DEVICE, 1), A_STR(EDGEFLOW_STEER_A_SERVER, "s1")) },
	  -EINVAL, "give the service by name or by id, not both" },
	{ "steer del of a missing entry", EDGEFLOW_CMD_STEER_DEL,
	  { STEER(A_STR(EDGEFLOW_STEER_A_SERVICE, "svc1"), A_U32(EDGEFLOW_STEER_A_DEVICE, 77)) },
	  -ENOENT, "no steering entry for this device" },
	{ "steer get of a missing entry", EDGEFLOW_CMD_STEER_GET,
	  { STEER(A_STR(EDGEFLOW_STEER_A_SERVICE, "svc1"), A_U32(EDGEFLOW_STEER_A_DEVICE, 77)) },
	  -ENOENT, "no steering entry for this device" },

	/* plans, stats */
	{ "plan stage without begin", EDGEFLOW_CMD_PLAN_STAGE,
	  { STEER(A_STR(EDGEFLOW_STEER_A_SERVICE, "svc1"), A_U32(EDGEFLOW_STEER_A_DEVICE, 1),
		  A_STR(EDGEFLOW_STEER_A_SERVER, "s1")) }, -ENOENT,
	  "no open plan transaction on this socket" },
	{ "plan commit without begin", EDGEFLOW_CMD_PLAN_COMMIT, { END }, -ENOENT,
	  "no open plan transaction on this socket" },
	{ "plan abort without begin", EDGEFLOW_CMD_PLAN_ABORT, { END }, -ENOENT,
	  "no open plan transaction on this socket" },
	{ "plan stage without entries", EDGEFLOW_CMD_PLAN_STAGE, { END }, -EINVAL,
	  "no steering entries to stage" },
	{ "stats of a service and a server", EDGEFLOW_CMD_STATS_GET,
	  { A_NEST(EDGEFLOW_A_SERVER), S_NAME("s1"), A_END_NEST,
	    A_NEST(EDGEFLOW_A_SERVICE), V_NAME("svc1"), A_END_NEST, END },
	  -EINVAL, "ask for a service or a server, not both" },
	{ "stats of an unknown service", EDGEFLOW_CMD_STATS_GET,
	  { SVC(V_NAME("nope")) }, -ENOENT, "no such service" },
	{ "flush with an attribute", EDGEFLOW_CMD_FLUSH,
	  { A_U32(EDGEFLOW_A_COUNT, 1), END }, -EINVAL, "Unsupported attribute" },
};

FIXTURE(cfg)
{
	struct ectl_nl nl;
};

FIXTURE_SETUP(cfg)
{
	const struct efa svc2[] = {
		SVC(V_NAME("svc2"), V_PORT(5001), V_MODE(3), A_STR(EDGEFLOW_SERVICE_A_SERVER, "s2")),
	};

	ASSERT_EQ(0, ectl_nl_open(&self->nl));
	ASSERT_EQ(0, ef_flush(&self->nl)) TH_LOG("flush: %s", self->nl.ext_msg);
	ASSERT_EQ(0, ef_server_add(&self->nl, "s1", 1, 9000)) TH_LOG("%s", self->nl.ext_msg);
	ASSERT_EQ(0, ef_server_add(&self->nl, "s2", 2, 9000)) TH_LOG("%s", self->nl.ext_msg);
	ASSERT_EQ(0, ef_server_add(&self->nl, "s3", 3, 9000)) TH_LOG("%s", self->nl.ext_msg);
	ASSERT_EQ(0, ef_service_add(&self->nl, "svc1", 5000)) TH_LOG("%s", self->nl.ext_msg);
	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_SERVICE_NEW, svc2, NULL, NULL))
		TH_LOG("%s", self->nl.ext_msg);
	ASSERT_EQ(0, ef_steer_set(&self->nl, "svc1", 1, "s1")) TH_LOG("%s", self->nl.ext_msg);
}

FIXTURE_TEARDOWN(cfg)
{
	ef_flush(&self->nl);
	ectl_nl_close(&self->nl);
}

TEST_F_TIMEOUT(cfg, bad_requests, 120)
{
	size_t i;
	int err;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct efa_case *c = &bad_cases[i];

		err = efa_req(&self->nl, c->cmd, c->attrs, NULL, NULL);
		TH_LOG("%-55s -> %d \"%s\"", c->what, err, self->nl.ext_msg);
		EXPECT_EQ(c->err, err) TH_LOG("case \"%s\"", c->what);
		EXPECT_NE(NULL, strstr(self->nl.ext_msg, c->ext))
			TH_LOG("case \"%s\": extack \"%s\", want \"%s\"", c->what,
			       self->nl.ext_msg, c->ext);
	}
}

struct one_server {
	struct cfg_server srv;
	uint64_t gen;
	int seen;
};

static int one_server_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];
	struct one_server *o = arg;

	if (!cfg_attrs(msg, tb) || !tb[EDGEFLOW_A_SERVER] || !tb[EDGEFLOW_A_GENERATION])
		return -EBADMSG;
	o->gen = nla_get_u64(tb[EDGEFLOW_A_GENERATION]);
	o->seen++;
	return cfg_server_parse(tb[EDGEFLOW_A_SERVER], &o->srv);
}

TEST_F_TIMEOUT(cfg, server_lifecycle, 120)
{
	const char a6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 7 };
	const struct efa add[] = {
		SRV(S_NAME("edge-7"), A_BIN(EDGEFLOW_SERVER_A_ADDR6, a6, 16), S_PORT(7000),
		    A_U8(EDGEFLOW_SERVER_A_STATE, EDGEFLOW_SERVER_DRAIN),
		    A_NEST(EDGEFLOW_SERVER_A_CAPACITY), RES("cpu", 400), RES("mem", 2048),
		    A_END_NEST),
	};
	const struct efa set[] = {
		SRV(S_NAME("edge-7"), IP4(192, 168, 1, 7), A_BIN(EDGEFLOW_SERVER_A_ADDR6, "", 0),
		    A_U8(EDGEFLOW_SERVER_A_STATE, EDGEFLOW_SERVER_UP)),
	};
	const struct efa get[] = { SRV(S_NAME("edge-7")) };
	struct one_server o = { 0 };
	uint64_t gen;

	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_SERVER_NEW, add, one_server_cb, &o))
		TH_LOG("%s", self->nl.ext_msg);
	ASSERT_EQ(1, o.seen);
	EXPECT_NE(0U, o.srv.id);
	EXPECT_TRUE(o.srv.has6);
	EXPECT_FALSE(o.srv.has4);
	EXPECT_EQ(0, memcmp(&o.srv.addr6, a6, 16));
	EXPECT_EQ(7000, o.srv.port);
	EXPECT_EQ(EDGEFLOW_SERVER_DRAIN, o.srv.state);
	ASSERT_EQ(2, o.srv.n_caps);
	EXPECT_STREQ("cpu", o.srv.caps[0].name);
	EXPECT_EQ(400U, o.srv.caps[0].value);
	EXPECT_EQ(2048U, o.srv.caps[1].value);
	gen = o.gen;

	o.seen = 0;
	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_SERVER_SET, set, one_server_cb, &o))
		TH_LOG("%s", self->nl.ext_msg);
	EXPECT_EQ(gen + 1, o.gen);
	EXPECT_TRUE(o.srv.has4);
	EXPECT_FALSE(o.srv.has6);
	EXPECT_EQ(htonl(0xc0a80107), o.srv.addr4.s_addr);
	EXPECT_EQ(EDGEFLOW_SERVER_UP, o.srv.state);
	EXPECT_EQ(2, o.srv.n_caps) TH_LOG("capacities are kept unless given");

	o.seen = 0;
	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_SERVER_GET, get, one_server_cb, &o));
	EXPECT_EQ(1, o.seen);
	EXPECT_EQ(7000, o.srv.port);

	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_SERVER_DEL, get, NULL, NULL))
		TH_LOG("%s", self->nl.ext_msg);
	EXPECT_EQ(-ENOENT, efa_req(&self->nl, EDGEFLOW_CMD_SERVER_GET, get, NULL, NULL));
	EXPECT_EQ(0U, ef_server_id(&self->nl, "edge-7"));
}

struct one_service {
	struct cfg_service svc;
	int seen;
};

static int one_service_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];
	struct one_service *o = arg;

	if (!cfg_attrs(msg, tb) || !tb[EDGEFLOW_A_SERVICE])
		return -EBADMSG;
	o->seen++;
	return cfg_service_parse(tb[EDGEFLOW_A_SERVICE], &o->svc);
}

TEST_F_TIMEOUT(cfg, service_and_policy, 120)
{
	const struct efa add[] = {
		SVC(V_NAME("temp"), V_PORT(6100), V_MODE(EDGEFLOW_MODE_BOTH),
		    A_U32(EDGEFLOW_SERVICE_A_WINDOW_MS, 5000), A_U8(EDGEFLOW_SERVICE_A_UNKNOWN, 1),
		    A_U32(EDGEFLOW_SERVICE_A_RATE, 10), A_U32(EDGEFLOW_SERVICE_A_BURST, 20),
		    A_STR(EDGEFLOW_SERVICE_A_SERVER, "s3"),
		    POL(P_KIND(EDGEFLOW_KIND_TEMPERATURE),
			A_S32(EDGEFLOW_POLICY_A_MIN_VALUE, -40000),
			A_S32(EDGEFLOW_POLICY_A_MAX_VALUE, 85000),
			A_U32(EDGEFLOW_POLICY_A_STEP, 5000), A_U32(EDGEFLOW_POLICY_A_STEP_RESET, 3),
			A_U32(EDGEFLOW_POLICY_A_DEADBAND, 100),
			A_U32(EDGEFLOW_POLICY_A_HEARTBEAT_MS, 60000))),
	};
	const struct efa set[] = {
		SVC(V_NAME("temp"), V_PORT(6101), A_STR(EDGEFLOW_SERVICE_A_SERVER, ""),
		    POL(P_KIND(EDGEFLOW_KIND_TEMPERATURE)),
		    POL(P_KIND(EDGEFLOW_KIND_HUMIDITY), A_S32(EDGEFLOW_POLICY_A_MAX_VALUE, 100000))),
	};
	const struct efa del_s3[] = { SRV(S_NAME("s3")) };
	struct cfg_policy *p;
	struct one_service o = { 0 };

	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_SERVICE_NEW, add, one_service_cb, &o))
		TH_LOG("%s", self->nl.ext_msg);
	ASSERT_EQ(1, o.seen);
	EXPECT_EQ(6100, o.svc.port);
	EXPECT_EQ(EDGEFLOW_MODE_BOTH, o.svc.mode);
	EXPECT_EQ(5000U, o.svc.window_ms);
	EXPECT_EQ(EDGEFLOW_UNKNOWN_PASS, o.svc.unknown);
	EXPECT_EQ(10U, o.svc.rate);
	EXPECT_EQ(20U, o.svc.burst);
	EXPECT_STREQ("s3", o.svc.server);
	p = &o.svc.policy[EDGEFLOW_KIND_TEMPERATURE];
	ASSERT_TRUE(p->set);
	EXPECT_EQ(-40000, p->min);
	EXPECT_EQ(85000, p->max);
	EXPECT_EQ(5000U, p->step);
	EXPECT_EQ(3U, p->step_reset);
	EXPECT_EQ(100U, p->deadband);
	EXPECT_EQ(60000U, p->heartbeat_ms);
	EXPECT_FALSE(o.svc.policy[EDGEFLOW_KIND_HUMIDITY].set);

	/* While it is a default server, s3 cannot go. */
	EXPECT_EQ(-EBUSY, efa_req(&self->nl, EDGEFLOW_CMD_SERVER_DEL, del_s3, NULL, NULL));

	o.seen = 0;
	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_SERVICE_SET, set, one_service_cb, &o))
		TH_LOG("%s", self->nl.ext_msg);
	EXPECT_EQ(6101, o.svc.port);
	EXPECT_STREQ("", o.svc.server);
	EXPECT_FALSE(o.svc.policy[EDGEFLOW_KIND_TEMPERATURE].set) TH_LOG("kind only: removed");
	p = &o.svc.policy[EDGEFLOW_KIND_HUMIDITY];
	ASSERT_TRUE(p->set);
	EXPECT_EQ(INT32_MIN, p->min) TH_LOG("a missing bound is the s32 limit");
	EXPECT_EQ(100000, p->max);
	EXPECT_FALSE(p->has_step);
	EXPECT_EQ(20U, o.svc.burst) TH_LOG("settings not given are kept");

	/* No longer referenced: s3 can go now. */
	EXPECT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_SERVER_DEL, del_s3, NULL, NULL))
		TH_LOG("%s", self->nl.ext_msg);
}

TEST_F_TIMEOUT(cfg, service_defaults_and_full_table, 120)
{
	struct one_service o = { 0 };
	const struct efa get[] = { SVC(V_NAME("svc1")) };
	char name[32];
	int i, err = 0, made = 2;

	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_SERVICE_GET, get, one_service_cb, &o));
	EXPECT_EQ(EDGEFLOW_WINDOW_MS_DEFAULT, o.svc.window_ms);
	EXPECT_EQ(EDGEFLOW_BURST_DEFAULT, o.svc.burst);
	EXPECT_EQ(0U, o.svc.rate);
	EXPECT_EQ(EDGEFLOW_UNKNOWN_DROP, o.svc.unknown);
	EXPECT_EQ(1U, o.svc.steer_refs);

	/* Fill the table to max_services; the next one is refused. */
	for (i = 0; i < 5000 && !err; i++) {
		snprintf(name, sizeof(name), "fill%d", i);
		err = ef_service_add(&self->nl, name, (uint16_t)(10000 + i));
		if (!err)
			made++;
	}
	EXPECT_EQ(-ENOSPC, err);
	EXPECT_NE(NULL, strstr(self->nl.ext_msg, "service table full (max_services="))
		TH_LOG("%s", self->nl.ext_msg);
	TH_LOG("service table full at %d services", made);
}

struct one_steer {
	struct cfg_steer st;
	struct cfg_ack ack;
	int seen;
};

static int one_steer_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];
	struct one_steer *o = arg;

	if (!cfg_attrs(msg, tb))
		return -EBADMSG;
	cfg_ack_cb(msg, &o->ack);
	if (!tb[EDGEFLOW_A_STEER])
		return 0;
	o->seen++;
	return cfg_steer_parse(tb[EDGEFLOW_A_STEER], &o->st);
}

TEST_F_TIMEOUT(cfg, steer_entries, 120)
{
	const struct efa get1[] = {
		STEER(A_STR(EDGEFLOW_STEER_A_SERVICE, "svc1"), A_U32(EDGEFLOW_STEER_A_DEVICE, 1)),
	};
	const struct efa del_svc1[] = { STEER(A_STR(EDGEFLOW_STEER_A_SERVICE, "svc1")) };
	const struct efa del_s1[] = { SRV(S_NAME("s1")) };
	struct one_steer o = { 0 };
	struct ef_dump d;
	uint32_t i;

	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_STEER_GET, get1, one_steer_cb, &o));
	EXPECT_STREQ("s1", o.st.server);
	EXPECT_STREQ("svc1", o.st.service);
	EXPECT_EQ(1U, o.st.device);

	/* Replace in place, then add enough to make the table grow. */
	ASSERT_EQ(0, ef_steer_set(&self->nl, "svc1", 1, "s2"));
	o.seen = 0;
	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_STEER_GET, get1, one_steer_cb, &o));
	EXPECT_STREQ("s2", o.st.server);
	EXPECT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_SERVER_DEL, del_s1, NULL, NULL))
		TH_LOG("s1 no longer referenced: %s", self->nl.ext_msg);

	for (i = 2; i <= 300; i++)
		ASSERT_EQ(0, ef_steer_set(&self->nl, "svc2", i, "s3"));
	ASSERT_EQ(0, ef_steer_dump(&self->nl, &d));
	EXPECT_EQ(300U, d.n);
	free(d.e);

	/* Delete all of a service's entries at once. */
	o.ack.has_count = false;
	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_STEER_DEL, del_svc1, one_steer_cb, &o));
	EXPECT_TRUE(o.ack.has_count);
	EXPECT_EQ(1U, o.ack.count);
	ASSERT_EQ(0, ef_steer_dump(&self->nl, &d));
	EXPECT_EQ(299U, d.n);
	for (i = 0; i < d.n; i++)
		EXPECT_STREQ("s3", d.e[i].server);
	free(d.e);
}

struct stats_seen {
	int global, services, servers;
	struct cfg_stats st;
};

static int stats_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];
	struct stats_seen *s = arg;

	if (!cfg_attrs(msg, tb) || !tb[EDGEFLOW_A_STATS])
		return -EBADMSG;
	if (tb[EDGEFLOW_A_SERVICE])
		s->services++;
	else if (tb[EDGEFLOW_A_SERVER])
		s->servers++;
	else
		s->global++;
	return cfg_stats_parse(tb[EDGEFLOW_A_STATS], &s->st);
}

TEST_F_TIMEOUT(cfg, stats, 120)
{
	const struct efa svc[] = { SVC(V_NAME("svc1")) };
	const struct efa srv[] = { SRV(S_NAME("s2")) };
	struct stats_seen s = { 0 };
	struct nl_msg *msg;

	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_STATS_GET, NULL, stats_cb, &s));
	EXPECT_EQ(1, s.global);
	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_STATS_GET, svc, stats_cb, &s));
	EXPECT_EQ(1, s.services);
	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_STATS_GET, srv, stats_cb, &s));
	EXPECT_EQ(1, s.servers);
	/* No datapath yet: every counter is there, and zero. */
	EXPECT_EQ(0U, s.st.rx_pkts + s.st.drop_pkts + s.st.drops[EDGEFLOW_R_MAX]);

	memset(&s, 0, sizeof(s));
	msg = ectl_nl_msg(&self->nl, EDGEFLOW_CMD_STATS_GET, true);
	ASSERT_NE(NULL, msg);
	ASSERT_EQ(0, ectl_nl_request(&self->nl, msg, stats_cb, &s));
	EXPECT_EQ(1, s.global);
	EXPECT_EQ(2, s.services);
	EXPECT_EQ(3, s.servers);
}

TEST_F_TIMEOUT(cfg, flush, 120)
{
	struct cfg_ack ack = { 0 };
	struct ef_dump d;

	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_FLUSH, NULL, cfg_ack_cb, &ack));
	EXPECT_TRUE(ack.has_count);
	EXPECT_EQ(1U, ack.count);
	EXPECT_EQ(0U, ef_server_id(&self->nl, "s1"));
	EXPECT_EQ(0U, ef_service_id(&self->nl, "svc1"));
	ASSERT_EQ(0, ef_steer_dump(&self->nl, &d));
	EXPECT_EQ(0U, d.n);
	free(d.e);
}

TEST_HARNESS_MAIN
