// SPDX-License-Identifier: GPL-2.0
/* edgectl service: services (gateway UDP ports) in the module. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "edgectl.h"
#include "cfg.h"
#include "out.h"

static const char *const obj = "service";

static void service_usage(FILE *f)
{
	fprintf(f,
		"Usage: edgectl service add NAME port PORT mode { forward | aggregate | both }\n"
		"                           [ window MS ] [ unknown { drop | pass } ] [ rate N ]\n"
		"                           [ burst N ] [ idle MS ] [ server SERVER ]\n"
		"       edgectl service set NAME [ port PORT ] [ mode MODE ] [ window MS ]\n"
		"                           [ unknown { drop | pass } ] [ rate N ] [ burst N ]\n"
		"                           [ idle MS ] [ server { SERVER | none } ]\n"
		"       edgectl service del NAME\n"
		"       edgectl [ -j ] service show [ NAME ]\n"
		"Where: NAME   := 1..31 printable characters, no spaces\n"
		"       PORT   := 1..65535, the gateway UDP port; one service per port\n"
		"       MODE   := forward | aggregate | both\n"
		"       window := aggregation window, 10..86400000 ms (default 1000)\n"
		"       unknown:= what to do with devices without a steering entry (default drop)\n"
		"       rate   := datagrams/s per device, 0..1000000000, 0 unlimited (default 0)\n"
		"       burst  := token bucket depth, 1..2^32-1 (default 16)\n"
		"       idle   := a device silent this long starts its sequence over,\n"
		"                 0..86400000 ms, 0 never (default 0)\n"
		"       SERVER := default server for devices without an entry\n"
		"       Filter policies per reading kind: see \"edgectl policy help\".\n"
		"       \"del\" fails while steering entries refer to the service.\n");
}

static int service_put_opts(struct nl_msg *msg, int argc, char **argv, bool set)
{
	uint32_t v;
	int i, e;

	if (nla_put_string(msg, EDGEFLOW_SERVICE_A_NAME, argv[0]))
		return -EMSGSIZE;

	for (i = 1; i < argc; i++) {
		const char *key = argv[i];

		if (cli_next(obj, argc, argv, &i))
			return -EINVAL;
		if (!strcmp(key, "port")) {
			if (cli_u32(obj, "port", argv[i], 65535, &v))
				return -EINVAL;
			nla_put_u16(msg, EDGEFLOW_SERVICE_A_PORT, (uint16_t)v);
		} else if (!strcmp(key, "mode")) {
			e = cfg_mode_parse(argv[i]);
			if (e < 0) {
				ectl_err("service: mode must be forward, aggregate or both, not \"%s\"",
					 argv[i]);
				return -EINVAL;
			}
			nla_put_u8(msg, EDGEFLOW_SERVICE_A_MODE, (uint8_t)e);
		} else if (!strcmp(key, "unknown")) {
			e = cfg_unknown_parse(argv[i]);
			if (e < 0) {
				ectl_err("service: unknown must be drop or pass, not \"%s\"", argv[i]);
				return -EINVAL;
			}
			nla_put_u8(msg, EDGEFLOW_SERVICE_A_UNKNOWN, (uint8_t)e);
		} else if (!strcmp(key, "window") || !strcmp(key, "rate") ||
			   !strcmp(key, "burst") || !strcmp(key, "idle")) {
			if (cli_u32(obj, key, argv[i], UINT32_MAX, &v))
				return -EINVAL;
			nla_put_u32(msg, !strcmp(key, "window") ? EDGEFLOW_SERVICE_A_WINDOW_MS :
					 !strcmp(key, "rate") ? EDGEFLOW_SERVICE_A_RATE :
					 !strcmp(key, "burst") ? EDGEFLOW_SERVICE_A_BURST :
					 EDGEFLOW_SERVICE_A_IDLE_MS, v);
		} else if (!strcmp(key, "server")) {
			nla_put_string(msg, EDGEFLOW_SERVICE_A_SERVER,
				       set && !strcmp(argv[i], "none") ? "" : argv[i]);
		} else {
			ectl_err("service: unknown option \"%s\"; try \"edgectl service help\"",
				 key);
			return -EINVAL;
		}
	}
	return 0;
}

static int service_change(struct ectl_nl *nl, int cmd, int argc, char **argv)
{
	struct nl_msg *msg;
	struct nlattr *nest;
	int err;

	if (argc < 1) {
		ectl_err("service: missing NAME; try \"edgectl service help\"");
		return 1;
	}
	msg = ectl_nl_msg(nl, cmd, false);
	if (!msg)
		return 1;
	nest = nla_nest_start(msg, EDGEFLOW_A_SERVICE | NLA_F_NESTED);
	if (cmd == EDGEFLOW_CMD_SERVICE_DEL) {
		if (argc > 1) {
			ectl_err("service: del takes only NAME");
			nlmsg_free(msg);
			return 1;
		}
		err = nla_put_string(msg, EDGEFLOW_SERVICE_A_NAME, argv[0]);
	} else {
		err = service_put_opts(msg, argc, argv, cmd == EDGEFLOW_CMD_SERVICE_SET);
	}
	if (err || !nest) {
		nlmsg_free(msg);
		return 1;
	}
	nla_nest_end(msg, nest);
	return cli_request(nl, msg, obj, NULL, NULL);
}

static int service_show_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];
	struct cfg_service svc;

	(void)arg;
	if (!cfg_attrs(msg, tb) || !tb[EDGEFLOW_A_SERVICE] ||
	    cfg_service_parse(tb[EDGEFLOW_A_SERVICE], &svc))
		return -EBADMSG;
	out_obj_open(NULL);
	cfg_service_print(&svc);
	out_text("\n");
	out_obj_close();
	return 0;
}

static int service_show(struct ectl_nl *nl, int argc, char **argv)
{
	struct nl_msg *msg;
	int ret;

	if (argc > 1) {
		ectl_err("service: show takes at most a NAME");
		return 1;
	}
	msg = ectl_nl_msg(nl, EDGEFLOW_CMD_SERVICE_GET, argc == 0);
	if (msg && argc == 1 && cfg_put_service_name(msg, argv[0])) {
		nlmsg_free(msg);
		return 1;
	}
	out_begin();
	out_arr_open("services");
	ret = cli_request(nl, msg, obj, service_show_cb, NULL);
	out_arr_close();
	out_end();
	return ret;
}

int ectl_cmd_service(int argc, char **argv)
{
	struct ectl_nl nl;
	const char *verb;
	int ret;

	verb = argc > 1 ? argv[1] : "show";
	if (cli_is_help(verb)) {
		service_usage(stdout);
		return 0;
	}
	if (ectl_nl_open(&nl))
		return 1;

	argc -= argc > 1 ? 2 : 1;
	argv += 2;
	if (!strcmp(verb, "add"))
		ret = service_change(&nl, EDGEFLOW_CMD_SERVICE_NEW, argc, argv);
	else if (!strcmp(verb, "set"))
		ret = service_change(&nl, EDGEFLOW_CMD_SERVICE_SET, argc, argv);
	else if (!strcmp(verb, "del"))
		ret = service_change(&nl, EDGEFLOW_CMD_SERVICE_DEL, argc, argv);
	else if (cli_is_show(verb))
		ret = service_show(&nl, argc, argv);
	else {
		ectl_err("service: unknown command \"%s\"; try \"edgectl service help\"", verb);
		ret = 1;
	}
	ectl_nl_close(&nl);
	return ret;
}
