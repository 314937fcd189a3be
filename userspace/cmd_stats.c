// SPDX-License-Identifier: GPL-2.0
/* edgectl stats: the module's counters, globally, per service, per server. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "edgectl.h"
#include "cfg.h"
#include "out.h"

static const char *const obj = "stats";

static void stats_usage(FILE *f)
{
	fprintf(f,
		"Usage: edgectl [ -j ] stats [ show ] [ service NAME | server NAME | all ]\n"
		"Where: no argument  := the namespace's global counters\n"
		"       service NAME := one service's, server NAME := one server's\n"
		"       all          := global, then every service, then every server\n"
		"       Counters: datagrams/bytes received, forwarded, aggregated and dropped,\n"
		"       and drops per reason.\n");
}

static int stats_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];
	struct cfg_service svc;
	struct cfg_server srv;
	struct cfg_stats st;

	(void)arg;
	if (!cfg_attrs(msg, tb) || !tb[EDGEFLOW_A_STATS] ||
	    cfg_stats_parse(tb[EDGEFLOW_A_STATS], &st))
		return -EBADMSG;

	out_obj_open(NULL);
	if (tb[EDGEFLOW_A_SERVICE] && !cfg_service_parse(tb[EDGEFLOW_A_SERVICE], &svc)) {
		out_str("scope", "%s", "service");
		out_str("name", " %s:\n   ", svc.name);
	} else if (tb[EDGEFLOW_A_SERVER] && !cfg_server_parse(tb[EDGEFLOW_A_SERVER], &srv)) {
		out_str("scope", "%s", "server");
		out_str("name", " %s:\n   ", srv.name);
	} else {
		out_str("scope", "%s:\n   ", "global");
	}
	cfg_stats_print(&st);
	out_text("\n");
	out_obj_close();
	return 0;
}

int ectl_cmd_stats(int argc, char **argv)
{
	struct nl_msg *msg = NULL;
	struct ectl_nl nl;
	int i = 1, ret;

	if (argc > 1 && cli_is_help(argv[1])) {
		stats_usage(stdout);
		return 0;
	}
	if (argc > 1 && cli_is_show(argv[1]))
		i++;
	if (argc - i > 2 || (argc - i == 1 && strcmp(argv[i], "all")) ||
	    (argc - i == 2 && strcmp(argv[i], "service") && strcmp(argv[i], "server"))) {
		ectl_err("stats: unexpected \"%s\"; try \"edgectl stats help\"", argv[i]);
		return 1;
	}
	if (ectl_nl_open(&nl))
		return 1;

	msg = ectl_nl_msg(&nl, EDGEFLOW_CMD_STATS_GET, argc - i == 1);
	if (msg && argc - i == 2 &&
	    (!strcmp(argv[i], "service") ? cfg_put_service_name(msg, argv[i + 1]) :
					    cfg_put_server_name(msg, argv[i + 1]))) {
		nlmsg_free(msg);
		msg = NULL;
	}
	out_begin();
	out_arr_open("stats");
	ret = cli_request(&nl, msg, obj, stats_cb, NULL);
	out_arr_close();
	out_end();
	ectl_nl_close(&nl);
	return ret;
}
