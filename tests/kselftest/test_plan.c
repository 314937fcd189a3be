// SPDX-License-Identifier: GPL-2.0
/*
 * Plan transactions and the steering table: a 100,000-entry plan in one
 * transaction, dumps during commits (old table or new, never a mix),
 * aborted and abandoned transactions, and the rules of the transaction
 * itself (one per socket, all or nothing).
 */
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "efcfg.h"

#define BIG_PLAN	100000
#define SWAP_PLAN	20000
/* run.sh loads the module with the default max_plans. */
#define EF_TEST_MAX_PLANS	8

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

FIXTURE(plan)
{
	struct ectl_nl nl;
	uint32_t svc, s1, s2, s3;
};

FIXTURE_SETUP(plan)
{
	ASSERT_EQ(0, ectl_nl_open(&self->nl));
	ASSERT_EQ(0, ef_flush(&self->nl));
	ASSERT_EQ(0, ef_server_add(&self->nl, "s1", 1, 9000));
	ASSERT_EQ(0, ef_server_add(&self->nl, "s2", 2, 9000));
	ASSERT_EQ(0, ef_server_add(&self->nl, "s3", 3, 9000));
	ASSERT_EQ(0, ef_service_add(&self->nl, "svc", 5000));
	self->svc = ef_service_id(&self->nl, "svc");
	self->s1 = ef_server_id(&self->nl, "s1");
	self->s2 = ef_server_id(&self->nl, "s2");
	self->s3 = ef_server_id(&self->nl, "s3");
	ASSERT_NE(0U, self->svc);
	ASSERT_NE(0U, self->s3);
}

FIXTURE_TEARDOWN(plan)
{
	ef_flush(&self->nl);
	ectl_nl_close(&self->nl);
}

/* Every entry of @d steers to @srv, and devices 0..n-1 are there once. */
static int check_table(const struct ef_dump *d, uint32_t n, uint32_t srv)
{
	unsigned char *seen;
	uint32_t i;
	int bad = 0;

	if (d->n != n)
		return -1;
	seen = calloc(n, 1);
	if (!seen)
		return -1;
	for (i = 0; i < d->n; i++) {
		if (d->e[i].server_id != srv || d->e[i].device >= n || seen[d->e[i].device]++)
			bad++;
	}
	free(seen);
	return bad;
}

TEST_F_TIMEOUT(plan, install_100k_in_one_transaction, 120)
{
	struct cfg_ack ack = { 0 };
	const struct efa del_s2[] = {
		A_NEST(EDGEFLOW_A_SERVER), A_STR(EDGEFLOW_SERVER_A_NAME, "s2"), A_END_NEST,
		{ EFA_END, 0, 0, NULL, 0 },
	};
	struct ef_dump d;
	double t0, t1, t2;

	t0 = now_s();
	ASSERT_EQ(0, ef_plan_install(&self->nl, self->svc, BIG_PLAN, self->s2, &ack))
		TH_LOG("%s", self->nl.ext_msg);
	t1 = now_s();
	EXPECT_TRUE(ack.has_count);
	EXPECT_EQ((uint32_t)BIG_PLAN, ack.count);

	ASSERT_EQ(0, ef_steer_dump(&self->nl, &d));
	t2 = now_s();
	EXPECT_EQ(0, check_table(&d, BIG_PLAN, self->s2));
	EXPECT_EQ(ack.generation, d.gen_first);
	EXPECT_EQ(0, d.gen_changes);
	free(d.e);
	TH_LOG("%d entries: install %.2f s (%.0f entries/s), dump %.2f s", BIG_PLAN, t1 - t0,
	       BIG_PLAN / (t1 - t0), t2 - t1);

	/* The server is now referenced 100,000 times. */
	EXPECT_EQ(-EBUSY, efa_req(&self->nl, EDGEFLOW_CMD_SERVER_DEL, del_s2, NULL, NULL));
	EXPECT_NE(NULL, strstr(self->nl.ext_msg, "used by 100000 steering entries"))
		TH_LOG("%s", self->nl.ext_msg);
}

TEST_F_TIMEOUT(plan, dump_during_commits_sees_one_table, 120)
{
	int rounds = 0, mixed = 0, intr = 0;
	struct ectl_nl writer;
	struct ef_dump d;
	double until;
	pid_t pid;
	int st;

	ASSERT_EQ(0, ef_plan_install(&self->nl, self->svc, SWAP_PLAN, self->s1, NULL));

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		/* Commit plans that move every entry between s1 and s2. */
		uint32_t srv = self->s2;

		if (ectl_nl_open(&writer))
			_exit(2);
		for (;;) {
			if (ef_plan_install(&writer, self->svc, SWAP_PLAN, srv, NULL))
				_exit(3);
			srv = srv == self->s1 ? self->s2 : self->s1;
		}
	}

	until = now_s() + 4;
	while (now_s() < until) {
		if (ef_steer_dump(&self->nl, &d)) {
			intr++;
			continue;
		}
		rounds++;
		if (check_table(&d, SWAP_PLAN, d.n ? d.e[0].server_id : 0) || d.gen_changes)
			mixed++;
		free(d.e);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	ASSERT_TRUE(WIFSIGNALED(st)) TH_LOG("writer failed: exit %d", WEXITSTATUS(st));

	TH_LOG("%d dumps during commits, %d mixed, %d failed", rounds, mixed, intr);
	EXPECT_LT(2, rounds);
	EXPECT_EQ(0, mixed);
	EXPECT_EQ(0, intr);
}

TEST_F_TIMEOUT(plan, abort_leaves_table_untouched, 120)
{
	const struct efa del_s3[] = {
		A_NEST(EDGEFLOW_A_SERVER), A_STR(EDGEFLOW_SERVER_A_NAME, "s3"), A_END_NEST,
		{ EFA_END, 0, 0, NULL, 0 },
	};
	struct ef_dump d;

	ASSERT_EQ(0, ef_plan_install(&self->nl, self->svc, 1000, self->s1, NULL));

	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_PLAN_BEGIN, NULL, NULL, NULL));
	ASSERT_EQ(0, ef_plan_stage(&self->nl, self->svc, 0, 5000, self->s3));
	/* Staged entries hold their server too. */
	EXPECT_EQ(-EBUSY, efa_req(&self->nl, EDGEFLOW_CMD_SERVER_DEL, del_s3, NULL, NULL));
	EXPECT_NE(NULL, strstr(self->nl.ext_msg, "(0 live, 5000 staged in open plans)"))
		TH_LOG("%s", self->nl.ext_msg);
	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_PLAN_ABORT, NULL, NULL, NULL));

	ASSERT_EQ(0, ef_steer_dump(&self->nl, &d));
	EXPECT_EQ(0, check_table(&d, 1000, self->s1));
	free(d.e);
	EXPECT_EQ(-ENOENT, efa_req(&self->nl, EDGEFLOW_CMD_PLAN_COMMIT, NULL, NULL, NULL));
	EXPECT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_SERVER_DEL, del_s3, NULL, NULL))
		TH_LOG("abort gave back the staged references: %s", self->nl.ext_msg);
}

TEST_F_TIMEOUT(plan, abandoned_transaction_is_discarded, 120)
{
	const struct efa del_s3[] = {
		A_NEST(EDGEFLOW_A_SERVER), A_STR(EDGEFLOW_SERVER_A_NAME, "s3"), A_END_NEST,
		{ EFA_END, 0, 0, NULL, 0 },
	};
	struct ectl_nl other;
	struct ef_dump d;
	pid_t pid;
	int st;

	ASSERT_EQ(0, ef_plan_install(&self->nl, self->svc, 1000, self->s1, NULL));

	/* A socket that begins and stages, then goes away: closed ... */
	ASSERT_EQ(0, ectl_nl_open(&other));
	ASSERT_EQ(0, efa_req(&other, EDGEFLOW_CMD_PLAN_BEGIN, NULL, NULL, NULL));
	ASSERT_EQ(0, ef_plan_stage(&other, self->svc, 0, 3000, self->s3));
	ectl_nl_close(&other);

	/* ... or its process killed. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (ectl_nl_open(&other) ||
		    efa_req(&other, EDGEFLOW_CMD_PLAN_BEGIN, NULL, NULL, NULL) ||
		    ef_plan_stage(&other, self->svc, 0, 3000, self->s3))
			_exit(1);
		kill(getpid(), SIGKILL);
	}
	waitpid(pid, &st, 0);
	ASSERT_TRUE(WIFSIGNALED(st));

	ASSERT_EQ(0, ef_steer_dump(&self->nl, &d));
	EXPECT_EQ(0, check_table(&d, 1000, self->s1));
	free(d.e);
	EXPECT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_SERVER_DEL, del_s3, NULL, NULL))
		TH_LOG("staged references released: %s", self->nl.ext_msg);
}

TEST_F_TIMEOUT(plan, transaction_rules, 120)
{
	struct nl_msg *msg;
	struct nlattr *nest;
	struct ef_dump d;
	int i;

	ASSERT_EQ(0, ef_plan_install(&self->nl, self->svc, 10, self->s1, NULL));

	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_PLAN_BEGIN, NULL, NULL, NULL));
	EXPECT_EQ(-EBUSY, efa_req(&self->nl, EDGEFLOW_CMD_PLAN_BEGIN, NULL, NULL, NULL));
	EXPECT_NE(NULL, strstr(self->nl.ext_msg, "this socket has an open plan transaction"));

	/* A duplicate within one message: refused, and the plan is gone. */
	msg = ectl_nl_msg(&self->nl, EDGEFLOW_CMD_PLAN_STAGE, false);
	ASSERT_NE(NULL, msg);
	for (i = 0; i < 2; i++) {
		nest = nla_nest_start(msg, EDGEFLOW_A_STEER | NLA_F_NESTED);
		nla_put_u32(msg, EDGEFLOW_STEER_A_SERVICE_ID, self->svc);
		nla_put_u32(msg, EDGEFLOW_STEER_A_DEVICE, 42);
		nla_put_u32(msg, EDGEFLOW_STEER_A_SERVER_ID, self->s2);
		nla_nest_end(msg, nest);
	}
	EXPECT_EQ(-EEXIST, ectl_nl_request(&self->nl, msg, NULL, NULL));
	EXPECT_NE(NULL, strstr(self->nl.ext_msg, "device 42 of service id"))
		TH_LOG("%s", self->nl.ext_msg);
	EXPECT_NE(0U, self->nl.ext_offs) TH_LOG("the offending entry is pointed at");
	EXPECT_EQ(-ENOENT, efa_req(&self->nl, EDGEFLOW_CMD_PLAN_COMMIT, NULL, NULL, NULL));

	/* An unknown server id in a later message: the same. */
	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_PLAN_BEGIN, NULL, NULL, NULL));
	ASSERT_EQ(0, ef_plan_stage(&self->nl, self->svc, 0, 100, self->s2));
	EXPECT_EQ(-ENOENT, ef_plan_stage(&self->nl, self->svc, 100, 1, 999));
	EXPECT_NE(NULL, strstr(self->nl.ext_msg, "no such server"));
	EXPECT_EQ(-ENOENT, efa_req(&self->nl, EDGEFLOW_CMD_PLAN_COMMIT, NULL, NULL, NULL));

	/* An empty plan is a plan: it empties the table. */
	ASSERT_EQ(0, ef_steer_dump(&self->nl, &d));
	EXPECT_EQ(0, check_table(&d, 10, self->s1));
	free(d.e);
	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_PLAN_BEGIN, NULL, NULL, NULL));
	ASSERT_EQ(0, efa_req(&self->nl, EDGEFLOW_CMD_PLAN_COMMIT, NULL, NULL, NULL));
	ASSERT_EQ(0, ef_steer_dump(&self->nl, &d));
	EXPECT_EQ(0U, d.n);
	free(d.e);
}

TEST_F_TIMEOUT(plan, open_transactions_are_limited, 120)
{
	struct ectl_nl socks[EF_TEST_MAX_PLANS + 1];
	int i, opened = 0, err = 0;

	for (i = 0; i <= EF_TEST_MAX_PLANS && !err; i++) {
		ASSERT_EQ(0, ectl_nl_open(&socks[i]));
		err = efa_req(&socks[i], EDGEFLOW_CMD_PLAN_BEGIN, NULL, NULL, NULL);
		opened = i + 1;
		if (!err)
			continue;
		EXPECT_EQ(-EBUSY, err);
		EXPECT_NE(NULL, strstr(socks[i].ext_msg, "too many open plan transactions"))
			TH_LOG("%s", socks[i].ext_msg);
	}
	EXPECT_EQ(EF_TEST_MAX_PLANS + 1, opened);
	EXPECT_EQ(-EBUSY, err);
	for (i = 0; i < opened; i++)
		ectl_nl_close(&socks[i]);
}

TEST_HARNESS_MAIN
