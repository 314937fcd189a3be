// SPDX-License-Identifier: GPL-2.0
/* edgectl steer: steering entries, (service, device) -> server. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "edgectl.h"
#include "cfg.h"
#include "out.h"

static const char *const obj = "steer";

static void steer_usage(FILE *f)
{
	fprintf(f,
		"Usage: edgectl steer set service SERVICE device DEVICE server SERVER\n"
		"       edgectl steer del service SERVICE [ device DEVICE ]\n"
		"       edgectl [ -j ] steer show [ service SERVICE [ device DEVICE ] ]\n"
		"Where: SERVICE, SERVER := names as in \"edgectl service\" and \"edgectl server\"\n"
		"       DEVICE := device id, 0..4294967295\n"
		"       \"set\" adds the entry or moves it to SERVER; \"del\" without a device\n"
		"       removes every entry of the service. A whole plan is installed at once\n"
		"       with \"edgectl plan apply FILE\".\n");
}

/* The words after "steer set|del|show"; shared with the XDP-only commands. */
int cli_steer_parse(int argc, char **argv, struct cli_steer_args *a)
{
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < argc; i++) {
		const char *key = argv[i];

		if (cli_next(obj, argc, argv, &i))
			return -EINVAL;
		if (!strcmp(key, "service")) {
			a->service = argv[i];
		} else if (!strcmp(key, "server")) {
			a->server = argv[i];
		} else if (!strcmp(key, "device")) {
			if (cli_u32(obj, "device", argv[i], UINT32_MAX, &a->device))
				return -EINVAL;
			a->has_device = true;
		} else {
			ectl_err("steer: unknown option \"%s\"; try \"edgectl steer help\"", key);
			return -EINVAL;
		}
	}
	return 0;
}

static struct nl_msg *steer_msg(struct ectl_nl *nl, int cmd, bool dump, const struct cli_steer_args *a)
{
	struct nl_msg *msg = ectl_nl_msg(nl, cmd, dump);
	struct nlattr *nest;

	if (!msg || !a->service)
		return msg;
	nest = nla_nest_start(msg, EDGEFLOW_A_STEER | NLA_F_NESTED);
	if (!nest || nla_put_string(msg, EDGEFLOW_STEER_A_SERVICE, a->service) ||
	    (a->has_device && nla_put_u32(msg, EDGEFLOW_STEER_A_DEVICE, a->device)) ||
	    (a->server && nla_put_string(msg, EDGEFLOW_STEER_A_SERVER, a->server))) {
		nlmsg_free(msg);
		return NULL;
	}
	nla_nest_end(msg, nest);
	return msg;
}

static int steer_show_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];
	struct cfg_steer st;

	(void)arg;
	if (!cfg_attrs(msg, tb) || !tb[EDGEFLOW_A_STEER] ||
	    cfg_steer_parse(tb[EDGEFLOW_A_STEER], &st))
		return -EBADMSG;
	out_obj_open(NULL);
	cfg_steer_print(&st);
	out_text("\n");
	out_obj_close();
	return 0;
}

static int steer_del_cb(struct nl_msg *msg, void *arg)
{
	struct cfg_ack ack = { 0 };

	(void)arg;
	if (cfg_ack_cb(msg, &ack))
		return -EBADMSG;
	if (ack.has_count)
		ectl_info("steer: %u entries removed, generation %llu", ack.count,
			  (unsigned long long)ack.generation);
	return 0;
}

int ectl_cmd_steer(int argc, char **argv)
{
	struct cli_steer_args a;
	struct ectl_nl nl;
	const char *verb;
	int ret = 1;

	verb = argc > 1 ? argv[1] : "show";
	if (cli_is_help(verb)) {
		steer_usage(stdout);
		return 0;
	}
	argc -= argc > 1 ? 2 : 1;
	argv += 2;
	if (cli_steer_parse(argc, argv, &a))
		return 1;
	if (ectl_nl_open(&nl))
		return 1;

	if (!strcmp(verb, "set")) {
		if (!a.service || !a.has_device || !a.server)
			ectl_err("steer: set needs service, device and server");
		else
			ret = cli_request(&nl, steer_msg(&nl, EDGEFLOW_CMD_STEER_SET, false, &a),
					  obj, NULL, NULL);
	} else if (!strcmp(verb, "del")) {
		if (!a.service || a.server)
			ectl_err("steer: del needs a service (and a device), no server");
		else
			ret = cli_request(&nl, steer_msg(&nl, EDGEFLOW_CMD_STEER_DEL, false, &a),
					  obj, steer_del_cb, NULL);
	} else if (cli_is_show(verb)) {
		if (a.server || (a.has_device && !a.service)) {
			ectl_err("steer: show takes a service, or a service and a device");
		} else {
			out_begin();
			out_arr_open("steer");
			ret = cli_request(&nl, steer_msg(&nl, EDGEFLOW_CMD_STEER_GET, !a.has_device,
							 &a), obj, steer_show_cb, NULL);
			out_arr_close();
			out_end();
		}
	} else {
		ectl_err("steer: unknown command \"%s\"; try \"edgectl steer help\"", verb);
	}
	ectl_nl_close(&nl);
	return ret;
}
