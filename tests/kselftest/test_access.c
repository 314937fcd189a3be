// SPDX-License-Identifier: GPL-2.0
/*
 * Who may do what, and where: without CAP_NET_ADMIN nothing changes (reads
 * and the config group stay open); two network namespaces keep separate
 * state; every change is announced on the config group with its generation.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <netlink/genl/ctrl.h>

#include "kselftest_harness.h"
#include "efcfg.h"

#define END { EFA_END, 0, 0, NULL, 0 }

static int drop_net_admin(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];
	const unsigned int bit = 1u << (CAP_NET_ADMIN % 32);

	if (syscall(SYS_capget, &hdr, data))
		return -errno;
	data[CAP_NET_ADMIN / 32].effective &= ~bit;
	data[CAP_NET_ADMIN / 32].permitted &= ~bit;
	data[CAP_NET_ADMIN / 32].inheritable &= ~bit;
	if (syscall(SYS_capset, &hdr, data))
		return -errno;
	return 0;
}

static const struct efa_case mutations[] = {
	{ "server new", EDGEFLOW_CMD_SERVER_NEW,
	  { A_NEST(EDGEFLOW_A_SERVER), A_STR(EDGEFLOW_SERVER_A_NAME, "x"),
	    IP4(10, 0, 0, 9), A_U16(EDGEFLOW_SERVER_A_PORT, 1), A_END_NEST, END }, -EPERM, "" },
	{ "server set", EDGEFLOW_CMD_SERVER_SET,
	  { A_NEST(EDGEFLOW_A_SERVER), A_STR(EDGEFLOW_SERVER_A_NAME, "s1"),
	    A_U16(EDGEFLOW_SERVER_A_PORT, 2), A_END_NEST, END }, -EPERM, "" },
	{ "server del", EDGEFLOW_CMD_SERVER_DEL,
	  { A_NEST(EDGEFLOW_A_SERVER), A_STR(EDGEFLOW_SERVER_A_NAME, "s2"), A_END_NEST, END }, -EPERM, "" },
	{ "service new", EDGEFLOW_CMD_SERVICE_NEW,
	  { A_NEST(EDGEFLOW_A_SERVICE), A_STR(EDGEFLOW_SERVICE_A_NAME, "x"),
	    A_U16(EDGEFLOW_SERVICE_A_PORT, 7), A_U8(EDGEFLOW_SERVICE_A_MODE, 1), A_END_NEST,
	    END }, -EPERM, "" },
	{ "service set (policy)", EDGEFLOW_CMD_SERVICE_SET,
	  { A_NEST(EDGEFLOW_A_SERVICE), A_STR(EDGEFLOW_SERVICE_A_NAME, "svc1"),
	    A_NEST(EDGEFLOW_SERVICE_A_POLICY), A_U8(EDGEFLOW_POLICY_A_KIND, 1), A_END_NEST,
	    A_END_NEST, END }, -EPERM, "" },
	{ "service del", EDGEFLOW_CMD_SERVICE_DEL,
	  { A_NEST(EDGEFLOW_A_SERVICE), A_STR(EDGEFLOW_SERVICE_A_NAME, "svc2"), A_END_NEST,
	    END }, -EPERM, "" },
	{ "steer set", EDGEFLOW_CMD_STEER_SET,
	  { A_NEST(EDGEFLOW_A_STEER), A_STR(EDGEFLOW_STEER_A_SERVICE, "svc1"),
	    A_U32(EDGEFLOW_STEER_A_DEVICE, 9), A_STR(EDGEFLOW_STEER_A_SERVER, "s1"),
	    A_END_NEST, END }, -EPERM, "" },
	{ "steer del", EDGEFLOW_CMD_STEER_DEL,
	  { A_NEST(EDGEFLOW_A_STEER), A_STR(EDGEFLOW_STEER_A_SERVICE, "svc1"), A_END_NEST,
	    END }, -EPERM, "" },
	{ "plan begin", EDGEFLOW_CMD_PLAN_BEGIN, { END }, -EPERM, "" },
	{ "plan stage", EDGEFLOW_CMD_PLAN_STAGE,
	  { A_NEST(EDGEFLOW_A_STEER), A_STR(EDGEFLOW_STEER_A_SERVICE, "svc1"),
	    A_U32(EDGEFLOW_STEER_A_DEVICE, 9), A_STR(EDGEFLOW_STEER_A_SERVER, "s1"),
	    A_END_NEST, END }, -EPERM, "" },
	{ "plan commit", EDGEFLOW_CMD_PLAN_COMMIT, { END }, -EPERM, "" },
	{ "plan abort", EDGEFLOW_CMD_PLAN_ABORT, { END }, -EPERM, "" },
	{ "flush", EDGEFLOW_CMD_FLUSH, { END }, -EPERM, "" },
};

static const int reads[] = {
	EDGEFLOW_CMD_SERVER_GET, EDGEFLOW_CMD_SERVICE_GET, EDGEFLOW_CMD_STEER_GET,
	EDGEFLOW_CMD_STATS_GET,
};

FIXTURE(access)
{
	struct ectl_nl nl;
};

FIXTURE_SETUP(access)
{
	ASSERT_EQ(0, ectl_nl_open(&self->nl));
	ASSERT_EQ(0, ef_flush(&self->nl));
	ASSERT_EQ(0, ef_server_add(&self->nl, "s1", 1, 9000));
	ASSERT_EQ(0, ef_server_add(&self->nl, "s2", 2, 9000));
	ASSERT_EQ(0, ef_service_add(&self->nl, "svc1", 5000));
	ASSERT_EQ(0, ef_service_add(&self->nl, "svc2", 5001));
	ASSERT_EQ(0, ef_steer_set(&self->nl, "svc1", 1, "s1"));
}

FIXTURE_TEARDOWN(access)
{
	ef_flush(&self->nl);
	ectl_nl_close(&self->nl);
}

/* In a child without CAP_NET_ADMIN: count what went wrong. */
static int unprivileged_child(void)
{
	struct ectl_nl nl;
	struct nl_msg *msg;
	int bad = 0, err, grp;
	size_t i;

	if (drop_net_admin() || ectl_nl_open(&nl))
		return 100;

	for (i = 0; i < sizeof(mutations) / sizeof(mutations[0]); i++) {
		err = efa_req(&nl, mutations[i].cmd, mutations[i].attrs, NULL, NULL);
		fprintf(stderr, "# unprivileged %-22s -> %d\n", mutations[i].what, err);
		if (err != -EPERM)
			bad++;
	}
	for (i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		msg = ectl_nl_msg(&nl, reads[i], true);
		err = msg ? ectl_nl_request(&nl, msg, NULL, NULL) : -ENOMEM;
		fprintf(stderr, "# unprivileged dump %-17s -> %d\n", cfg_cmd_name(reads[i]), err);
		if (err)
			bad++;
	}
	err = efa_req(&nl, EDGEFLOW_CMD_GET_INFO, NULL, NULL, NULL);
	if (err)
		bad++;

	grp = genl_ctrl_resolve_grp(nl.sk, EDGEFLOW_GENL_NAME, EDGEFLOW_MCGRP_CONFIG);
	if (grp < 0 || nl_socket_add_membership(nl.sk, grp))
		bad++;
	grp = genl_ctrl_resolve_grp(nl.sk, EDGEFLOW_GENL_NAME, EDGEFLOW_MCGRP_EVENTS);
	if (grp < 0 || !nl_socket_add_membership(nl.sk, grp)) {
		fprintf(stderr, "# unprivileged process joined the events group\n");
		bad++;
	}
	ectl_nl_close(&nl);
	return bad;
}

TEST_F_TIMEOUT(access, without_cap_net_admin_nothing_changes, 120)
{
	struct ef_dump d;
	pid_t pid;
	int st;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(unprivileged_child());
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));

	EXPECT_EQ(0U, ef_server_id(&self->nl, "x"));
	EXPECT_NE(0U, ef_server_id(&self->nl, "s2"));
	EXPECT_NE(0U, ef_service_id(&self->nl, "svc2"));
	ASSERT_EQ(0, ef_steer_dump(&self->nl, &d));
	EXPECT_EQ(1U, d.n);
	free(d.e);
}

/* In a new network namespace: empty state, then our own. */
static int netns_child(void)
{
	struct ectl_nl nl;
	struct ef_dump d;
	int bad = 0;

	if (unshare(CLONE_NEWNET) || ectl_nl_open(&nl))
		return 100;
	if (ef_server_id(&nl, "s1") || ef_service_id(&nl, "svc1"))
		bad++;
	if (ef_steer_dump(&nl, &d) || d.n)
		bad++;
	free(d.e);
	/* The same names as outside, and state that dies with the namespace. */
	if (ef_server_add(&nl, "s1", 77, 7777) || ef_server_add(&nl, "inside", 78, 7777) ||
	    ef_service_add(&nl, "svc1", 5000) || ef_steer_set(&nl, "svc1", 5, "inside"))
		bad++;
	if (efa_req(&nl, EDGEFLOW_CMD_PLAN_BEGIN, NULL, NULL, NULL) ||
	    ef_plan_stage(&nl, ef_service_id(&nl, "svc1"), 100, 500, ef_server_id(&nl, "s1")))
		bad++;
	/* Exit with the plan open: namespace teardown must clean it all. */
	return bad;
}

TEST_F_TIMEOUT(access, namespaces_keep_separate_state, 120)
{
	struct one { struct cfg_server srv; } o;
	struct cfg_server *v;
	int i, n, found = 0;
	struct ef_dump d;
	pid_t pid;
	int st;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(netns_child());
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));

	EXPECT_EQ(0U, ef_server_id(&self->nl, "inside"));
	ASSERT_EQ(0, cfg_server_dump(&self->nl, &v, &n));
	for (i = 0; i < n; i++) {
		if (strcmp(v[i].name, "s1"))
			continue;
		o.srv = v[i];
		found++;
		EXPECT_EQ(9000, o.srv.port) TH_LOG("s1 is ours, not the namespace's");
	}
	free(v);
	EXPECT_EQ(1, found);
	ASSERT_EQ(0, ef_steer_dump(&self->nl, &d));
	EXPECT_EQ(1U, d.n);
	free(d.e);
}

struct note {
	int cmd;
	uint64_t gen;
};

struct notes {
	struct note n[64];
	int count;
};

static int note_cb(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];
	struct notes *ns = arg;

	if (ns->count == 64 || !cfg_attrs(msg, tb) || !tb[EDGEFLOW_A_GENERATION])
		return NL_SKIP;
	ns->n[ns->count].cmd = gh->cmd;
	ns->n[ns->count].gen = nla_get_u64(tb[EDGEFLOW_A_GENERATION]);
	ns->count++;
	return NL_OK;
}

TEST_F_TIMEOUT(access, every_change_is_notified, 120)
{
	static const int want[] = {
		EDGEFLOW_CMD_SERVER_NEW, EDGEFLOW_CMD_SERVER_SET, EDGEFLOW_CMD_SERVICE_NEW,
		EDGEFLOW_CMD_SERVICE_SET, EDGEFLOW_CMD_STEER_SET, EDGEFLOW_CMD_STEER_DEL,
		EDGEFLOW_CMD_PLAN_COMMIT, EDGEFLOW_CMD_SERVICE_DEL, EDGEFLOW_CMD_SERVER_DEL,
		EDGEFLOW_CMD_FLUSH,
	};
	const struct efa srv_set[] = {
		A_NEST(EDGEFLOW_A_SERVER), A_STR(EDGEFLOW_SERVER_A_NAME, "m1"),
		A_U8(EDGEFLOW_SERVER_A_STATE, EDGEFLOW_SERVER_DRAIN), A_END_NEST, END,
	};
	const struct efa svc_set[] = {
		A_NEST(EDGEFLOW_A_SERVICE), A_STR(EDGEFLOW_SERVICE_A_NAME, "m"),
		A_U32(EDGEFLOW_SERVICE_A_RATE, 5), A_END_NEST, END,
	};
	const struct efa steer_del[] = {
		A_NEST(EDGEFLOW_A_STEER), A_STR(EDGEFLOW_STEER_A_SERVICE, "m"),
		A_U32(EDGEFLOW_STEER_A_DEVICE, 3), A_END_NEST, END,
	};
	const struct efa svc_del[] = {
		A_NEST(EDGEFLOW_A_SERVICE), A_STR(EDGEFLOW_SERVICE_A_NAME, "m"), A_END_NEST, END,
	};
	const struct efa srv_del[] = {
		A_NEST(EDGEFLOW_A_SERVER), A_STR(EDGEFLOW_SERVER_A_NAME, "m1"), A_END_NEST, END,
	};
	struct notes ns = { .count = 0 };
	struct nl_sock *mon;
	size_t i;
	int grp;

	mon = nl_socket_alloc();
	ASSERT_NE(NULL, mon);
	ASSERT_EQ(0, genl_connect(mon));
	grp = genl_ctrl_resolve_grp(mon, EDGEFLOW_GENL_NAME, EDGEFLOW_MCGRP_CONFIG);
	ASSERT_LT(0, grp);
	ASSERT_EQ(0, nl_socket_add_membership(mon, grp));
	nl_socket_disable_seq_check(mon);
	nl_socket_set_nonblocking(mon);

	ASSERT_EQ(0, ef_server_add(&self->nl, "m1", 11, 9000));
	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_SERVER_SET, srv_set, NULL, NULL));
	ASSERT_EQ(0, ef_service_add(&self->nl, "m", 6000));
	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_SERVICE_SET, svc_set, NULL, NULL));
	ASSERT_EQ(0, ef_steer_set(&self->nl, "m", 3, "m1"));
	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_STEER_DEL, steer_del, NULL, NULL));
	ASSERT_EQ(0, ef_plan_install(&self->nl, ef_service_id(&self->nl, "svc1"), 10,
				     ef_server_id(&self->nl, "s1"), NULL));
	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_SERVICE_DEL, svc_del, NULL, NULL));
	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_SERVER_DEL, srv_del, NULL, NULL));
	ASSERT_EQ(0, ef_flush(&self->nl));

	/* Multicast is queued synchronously: everything is there already. */
	nl_socket_modify_cb(mon, NL_CB_VALID, NL_CB_CUSTOM, note_cb, &ns);
	while (nl_recvmsgs_default(mon) >= 0)
		;
	nl_socket_free(mon);

	ASSERT_EQ((int)(sizeof(want) / sizeof(want[0])), ns.count);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		TH_LOG("notification %zu: %s generation %llu", i, cfg_cmd_name(ns.n[i].cmd),
		       (unsigned long long)ns.n[i].gen);
		EXPECT_EQ(want[i], ns.n[i].cmd);
		if (i)
			EXPECT_EQ(ns.n[i - 1].gen + 1, ns.n[i].gen);
	}
}

TEST_HARNESS_MAIN
