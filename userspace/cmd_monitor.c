// SPDX-License-Identifier: GPL-2.0
/* edgectl monitor: follow the module's multicast groups. */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "edgectl.h"
#include "agg.h"
#include "cfg.h"
#include "out.h"

static volatile sig_atomic_t monitor_stop;

static void monitor_signal(int sig)
{
	(void)sig;
	monitor_stop = 1;
}

static void monitor_usage(FILE *f)
{
	fprintf(f,
		"Usage: edgectl [ -j ] monitor [ config | events | all ]\n"
		"Where: config := every configuration change, with its generation (default)\n"
		"       events := window summaries and alerts (needs CAP_NET_ADMIN)\n"
		"       One line (one JSON object with -j) per notification, until\n"
		"       interrupted or the module is unloaded.\n");
}

struct monitor {
	int family;
	bool gone;
};

static void monitor_objects(struct nlattr **tb)
{
	struct cfg_service svc;
	struct cfg_server srv;
	struct agg_window win;
	struct cfg_steer st;

	if (tb[EDGEFLOW_A_SERVER] && !cfg_server_parse(tb[EDGEFLOW_A_SERVER], &srv)) {
		out_obj_open("server");
		out_text(" server ");
		cfg_server_print(&srv);
		out_obj_close();
	}
	if (tb[EDGEFLOW_A_SERVICE] && !cfg_service_parse(tb[EDGEFLOW_A_SERVICE], &svc)) {
		out_obj_open("service");
		out_text(" service ");
		cfg_service_print(&svc);
		out_obj_close();
	}
	if (tb[EDGEFLOW_A_STEER] && !cfg_steer_parse(tb[EDGEFLOW_A_STEER], &st)) {
		out_obj_open("steer");
		out_text(" ");
		cfg_steer_print(&st);
		out_obj_close();
	}
	if (tb[EDGEFLOW_A_COUNT])
		out_u64("count", " count %" PRIu64, nla_get_u32(tb[EDGEFLOW_A_COUNT]));
	if (tb[EDGEFLOW_A_WINDOW] && !agg_window_parse(tb[EDGEFLOW_A_WINDOW], &win)) {
		out_text(" ");
		agg_window_print("window", &win, NULL);
	}
}

/* nlctrl tells us when the family goes away (rmmod). */
static void monitor_ctrl(struct monitor *m, struct nlmsghdr *nlh)
{
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct nlattr *tb[CTRL_ATTR_MAX + 1];

	if (gh->cmd != CTRL_CMD_DELFAMILY ||
	    genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, NULL) || !tb[CTRL_ATTR_FAMILY_ID] ||
	    nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]) != m->family)
		return;
	m->gone = true;
}

static int monitor_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];
	struct monitor *m = arg;

	if (nlh->nlmsg_type == GENL_ID_CTRL) {
		monitor_ctrl(m, nlh);
		return NL_OK;
	}
	if (nlh->nlmsg_type != m->family || !cfg_attrs(msg, tb))
		return NL_SKIP;

	out_begin();
	if (tb[EDGEFLOW_A_GENERATION])
		out_u64("generation", "[%" PRIu64 "] ", nla_get_u64(tb[EDGEFLOW_A_GENERATION]));
	out_str("event", "%s", cfg_cmd_name(gh->cmd));
	monitor_objects(tb);
	out_text("\n");
	out_end();
	fflush(stdout);
	return NL_OK;
}

static int monitor_join(struct nl_sock *sk, const char *family, const char *group)
{
	int grp = genl_ctrl_resolve_grp(sk, family, group);

	if (grp < 0)
		return grp;
	return nl_socket_add_membership(sk, grp);
}

int ectl_cmd_monitor(int argc, char **argv)
{
	struct monitor m = { 0 };
	bool config = true, events = false;
	struct sigaction sa = { .sa_handler = monitor_signal };
	struct ectl_nl nl;
	struct pollfd pfd;
	int ret = 0;

	if (argc > 2 || (argc == 2 && cli_is_help(argv[1]))) {
		monitor_usage(argc > 2 ? stderr : stdout);
		return argc > 2;
	}
	if (argc == 2) {
		events = !strcmp(argv[1], "events") || !strcmp(argv[1], "all");
		config = !strcmp(argv[1], "config") || !strcmp(argv[1], "all");
		if (!events && !config) {
			ectl_err("monitor: unknown group \"%s\"; try \"edgectl monitor help\"",
				 argv[1]);
			return 1;
		}
	}
	if (ectl_nl_open(&nl))
		return 1;
	m.family = nl.family;

	if ((config && monitor_join(nl.sk, EDGEFLOW_GENL_NAME, EDGEFLOW_MCGRP_CONFIG)) ||
	    (events && monitor_join(nl.sk, EDGEFLOW_GENL_NAME, EDGEFLOW_MCGRP_EVENTS))) {
		ectl_err("monitor: cannot join the %s group: %s", events ? "events" : "config",
			 strerror(errno ? errno : EPERM));
		ectl_nl_close(&nl);
		return 1;
	}
	if (monitor_join(nl.sk, "nlctrl", "notify"))
		ectl_dbg("monitor: cannot follow nlctrl; rmmod will go unnoticed");

	nl_socket_disable_seq_check(nl.sk);
	nl_socket_modify_cb(nl.sk, NL_CB_VALID, NL_CB_CUSTOM, monitor_cb, &m);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	pfd.fd = nl_socket_get_fd(nl.sk);
	pfd.events = POLLIN;
	while (!monitor_stop && !m.gone) {
		if (poll(&pfd, 1, 500) <= 0)
			continue;
		if (nl_recvmsgs_default(nl.sk) < 0 && !monitor_stop) {
			/* ENOBUFS: notifications were lost; say so and go on. */
			ectl_warn("monitor: receive failed, notifications may be lost");
		}
	}
	if (m.gone) {
		ectl_err("monitor: the edgeflow module was unloaded");
		ret = 1;
	}
	ectl_nl_close(&nl);
	return ret;
}
