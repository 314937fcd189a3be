// SPDX-License-Identifier: GPL-2.0
/* edgectl policy: a service's filter policy per reading kind. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "edgectl.h"
#include "cfg.h"
#include "out.h"

static const char *const obj = "policy";

static void policy_usage(FILE *f)
{
	fprintf(f,
		"Usage: edgectl policy set SERVICE kind KIND [ min N ] [ max N ] [ step N ]\n"
		"                          [ step-reset N ] [ deadband N ] [ heartbeat MS ]\n"
		"       edgectl policy del SERVICE kind KIND\n"
		"       edgectl [ -j ] policy show [ SERVICE ]\n"
		"Where: KIND := { generic | temperature | humidity | voltage | illuminance |\n"
		"                 pressure | 0..5 }\n"
		"       min, max   := accepted range, inclusive, in the kind's unit (s32);\n"
		"                     one bound alone leaves the other open\n"
		"       step       := largest accepted change between readings, 1..2^32-1\n"
		"       step-reset := accept a new level after this many step rejections\n"
		"                     (needs step), 1..2^32-1\n"
		"       deadband   := suppress changes up to this size, 1..2^32-1\n"
		"       heartbeat  := report anyway after this long (needs deadband),\n"
		"                     1..86400000 ms\n"
		"       \"set\" replaces the kind's policy with exactly the checks given;\n"
		"       \"del\" removes it (every value of the kind is accepted).\n");
}

static const struct {
	const char *word;
	int attr;
	bool is_signed;
} policy_keys[] = {
	{ "min",	EDGEFLOW_POLICY_A_MIN_VALUE,	true },
	{ "max",	EDGEFLOW_POLICY_A_MAX_VALUE,	true },
	{ "step",	EDGEFLOW_POLICY_A_STEP,		false },
	{ "step-reset",	EDGEFLOW_POLICY_A_STEP_RESET,	false },
	{ "deadband",	EDGEFLOW_POLICY_A_DEADBAND,	false },
	{ "heartbeat",	EDGEFLOW_POLICY_A_HEARTBEAT_MS,	false },
};

static int policy_put(struct nl_msg *msg, int argc, char **argv, bool del)
{
	int i, kind = -1;
	size_t k;
	int32_t s;
	uint32_t u;

	for (i = 1; i < argc; i++) {
		const char *key = argv[i];

		if (cli_next(obj, argc, argv, &i))
			return -EINVAL;
		if (!strcmp(key, "kind")) {
			kind = cfg_kind_parse(argv[i]);
			if (kind < 0) {
				ectl_err("policy: unknown kind \"%s\"; try \"edgectl policy help\"",
					 argv[i]);
				return -EINVAL;
			}
			nla_put_u8(msg, EDGEFLOW_POLICY_A_KIND, (uint8_t)kind);
			continue;
		}
		for (k = 0; k < sizeof(policy_keys) / sizeof(policy_keys[0]); k++)
			if (!strcmp(key, policy_keys[k].word))
				break;
		if (del || k == sizeof(policy_keys) / sizeof(policy_keys[0])) {
			ectl_err("policy: unknown option \"%s\"; try \"edgectl policy help\"", key);
			return -EINVAL;
		}
		if (policy_keys[k].is_signed) {
			if (cli_s32(obj, key, argv[i], &s))
				return -EINVAL;
			nla_put_u32(msg, policy_keys[k].attr, (uint32_t)s);
		} else {
			if (cli_u32(obj, key, argv[i], UINT32_MAX, &u))
				return -EINVAL;
			nla_put_u32(msg, policy_keys[k].attr, u);
		}
	}
	if (kind < 0) {
		ectl_err("policy: missing \"kind KIND\"; try \"edgectl policy help\"");
		return -EINVAL;
	}
	return 0;
}

static int policy_change(struct ectl_nl *nl, int argc, char **argv, bool del)
{
	struct nlattr *nest, *pol;
	struct nl_msg *msg;

	if (argc < 1) {
		ectl_err("policy: missing SERVICE; try \"edgectl policy help\"");
		return 1;
	}
	msg = ectl_nl_msg(nl, EDGEFLOW_CMD_SERVICE_SET, false);
	if (!msg)
		return 1;
	nest = nla_nest_start(msg, EDGEFLOW_A_SERVICE | NLA_F_NESTED);
	if (!nest || nla_put_string(msg, EDGEFLOW_SERVICE_A_NAME, argv[0]))
		goto err_free;
	pol = nla_nest_start(msg, EDGEFLOW_SERVICE_A_POLICY | NLA_F_NESTED);
	if (!pol || policy_put(msg, argc, argv, del))
		goto err_free;
	nla_nest_end(msg, pol);
	nla_nest_end(msg, nest);
	return cli_request(nl, msg, obj, NULL, NULL);

err_free:
	nlmsg_free(msg);
	return 1;
}

static int policy_show_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];
	struct cfg_service svc;

	(void)arg;
	if (!cfg_attrs(msg, tb) || !tb[EDGEFLOW_A_SERVICE] ||
	    cfg_service_parse(tb[EDGEFLOW_A_SERVICE], &svc))
		return -EBADMSG;
	out_obj_open(NULL);
	out_str("service", NULL, svc.name);
	cfg_policy_print(&svc, true);
	out_obj_close();
	return 0;
}

static int policy_show(struct ectl_nl *nl, int argc, char **argv)
{
	struct nl_msg *msg;
	int ret;

	if (argc > 1) {
		ectl_err("policy: show takes at most a SERVICE");
		return 1;
	}
	msg = ectl_nl_msg(nl, EDGEFLOW_CMD_SERVICE_GET, argc == 0);
	if (msg && argc == 1 && cfg_put_service_name(msg, argv[0])) {
		nlmsg_free(msg);
		return 1;
	}
	out_begin();
	out_arr_open("services");
	ret = cli_request(nl, msg, obj, policy_show_cb, NULL);
	out_arr_close();
	out_end();
	return ret;
}

int ectl_cmd_policy(int argc, char **argv)
{
	struct ectl_nl nl;
	const char *verb;
	int ret;

	verb = argc > 1 ? argv[1] : "show";
	if (cli_is_help(verb)) {
		policy_usage(stdout);
		return 0;
	}
	if (ectl_nl_open(&nl))
		return 1;

	argc -= argc > 1 ? 2 : 1;
	argv += 2;
	if (!strcmp(verb, "set"))
		ret = policy_change(&nl, argc, argv, false);
	else if (!strcmp(verb, "del"))
		ret = policy_change(&nl, argc, argv, true);
	else if (cli_is_show(verb))
		ret = policy_show(&nl, argc, argv);
	else {
		ectl_err("policy: unknown command \"%s\"; try \"edgectl policy help\"", verb);
		ret = 1;
	}
	ectl_nl_close(&nl);
	return ret;
}
