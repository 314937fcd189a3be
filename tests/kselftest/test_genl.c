// SPDX-License-Identifier: GPL-2.0
/*
 * Module tests for the edgeflow generic netlink family: GET_INFO through the
 * same transport edgectl uses, and through the edgectl binary itself.
 * Runs with edgeflow.ko loaded (tests/kselftest/run.sh sees to that).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <linux/edgeflow.h>

#include "kselftest_harness.h"
#include "nl.h"

#define EDGECTL "build/edgectl"

struct info_reply {
	char version[64];
	__u32 abi;
	__u32 limits[EDGEFLOW_LIMIT_A_MAX + 1];
	int seen;
};

static int info_parse(struct nl_msg *msg, void *arg)
{
	struct nlattr *lim[EDGEFLOW_LIMIT_A_MAX + 1];
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];
	struct info_reply *r = arg;
	int i;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, EDGEFLOW_A_MAX, NULL))
		return -EBADMSG;
	if (!tb[EDGEFLOW_A_MODULE_VERSION] || !tb[EDGEFLOW_A_ABI_VERSION] ||
	    !tb[EDGEFLOW_A_LIMITS])
		return -EBADMSG;
	nla_strlcpy(r->version, tb[EDGEFLOW_A_MODULE_VERSION], sizeof(r->version));
	r->abi = nla_get_u32(tb[EDGEFLOW_A_ABI_VERSION]);
	if (nla_parse_nested(lim, EDGEFLOW_LIMIT_A_MAX, tb[EDGEFLOW_A_LIMITS], NULL))
		return -EBADMSG;
	for (i = 1; i <= EDGEFLOW_LIMIT_A_MAX; i++)
		r->limits[i] = lim[i] ? nla_get_u32(lim[i]) : 0;
	r->seen++;
	return 0;
}

/* Run a shell command, capture stdout (and stderr if asked), return status. */
static int run_capture(const char *cmd, char *out, size_t len)
{
	size_t n = 0;
	FILE *f;
	int st;

	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (n + 1 < len && fgets(out + n, (int)(len - n), f))
		n = strlen(out);
	out[n] = '\0';
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

FIXTURE(genl)
{
	struct ectl_nl nl;
};

FIXTURE_SETUP(genl)
{
	ASSERT_EQ(0, ectl_nl_open(&self->nl)) TH_LOG("edgeflow family not registered");
}

FIXTURE_TEARDOWN(genl)
{
	ectl_nl_close(&self->nl);
}

TEST_F(genl, get_info)
{
	struct info_reply r = { 0 };
	struct nl_msg *msg;
	int i;

	msg = ectl_nl_msg(&self->nl, EDGEFLOW_CMD_GET_INFO, false);
	ASSERT_NE(NULL, msg);
	ASSERT_EQ(0, ectl_nl_request(&self->nl, msg, info_parse, &r))
		TH_LOG("GET_INFO: %s", self->nl.ext_msg);
	ASSERT_EQ(1, r.seen);
	EXPECT_EQ((__u32)EDGEFLOW_ABI_VERSION, r.abi);
	EXPECT_NE(0U, strlen(r.version));
	for (i = 1; i <= EDGEFLOW_LIMIT_A_MAX; i++)
		EXPECT_NE(0U, r.limits[i]) TH_LOG("limit attribute %d missing or 0", i);
	EXPECT_EQ((__u32)EDGEFLOW_WIRE_MAX_READINGS, r.limits[EDGEFLOW_LIMIT_A_READINGS]);
}

TEST_F(genl, unknown_command)
{
	struct nl_msg *msg;

	msg = ectl_nl_msg(&self->nl, EDGEFLOW_CMD_MAX + 1, false);
	ASSERT_NE(NULL, msg);
	EXPECT_EQ(-EOPNOTSUPP, ectl_nl_request(&self->nl, msg, NULL, NULL))
		TH_LOG("extack: %s", self->nl.ext_msg);
}

TEST_F(genl, reply_attrs_rejected_in_request)
{
	struct nl_msg *msg;

	/* GET_INFO takes no attributes; reply-only ones are refused. */
	msg = ectl_nl_msg(&self->nl, EDGEFLOW_CMD_GET_INFO, false);
	ASSERT_NE(NULL, msg);
	ASSERT_EQ(0, nla_put_u32(msg, EDGEFLOW_A_ABI_VERSION, 1));
	EXPECT_EQ(-EINVAL, ectl_nl_request(&self->nl, msg, NULL, NULL));
}

TEST(edgectl_info_text)
{
	char out[1024];

	ASSERT_EQ(0, run_capture(EDGECTL " info", out, sizeof(out))) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "edgeflow module ")) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, ", abi 1\n")) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "limits: servers ")) TH_LOG("%s", out);
}

TEST(edgectl_info_json)
{
	struct json_object *root, *v, *lim;
	char out[1024];

	ASSERT_EQ(0, run_capture(EDGECTL " -j info", out, sizeof(out))) TH_LOG("%s", out);
	root = json_tokener_parse(out);
	ASSERT_NE(NULL, root) TH_LOG("not JSON: %s", out);
	ASSERT_TRUE(json_object_object_get_ex(root, "abi_version", &v));
	EXPECT_EQ(EDGEFLOW_ABI_VERSION, json_object_get_int(v));
	ASSERT_TRUE(json_object_object_get_ex(root, "module_version", &v));
	EXPECT_NE(0, json_object_get_string_len(v));
	ASSERT_TRUE(json_object_object_get_ex(root, "limits", &lim));
	ASSERT_TRUE(json_object_object_get_ex(lim, "steer", &v));
	EXPECT_LT(0, json_object_get_int64(v));
	json_object_put(root);
}

TEST(edgectl_info_bad_argument)
{
	char out[1024];

	EXPECT_EQ(1, run_capture(EDGECTL " info bogus 2>&1", out, sizeof(out)));
	EXPECT_NE(NULL, strstr(out, "unknown argument \"bogus\"")) TH_LOG("%s", out);
}

TEST_HARNESS_MAIN
