// SPDX-License-Identifier: GPL-2.0
/* edgectl server: edge servers in the module. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "edgectl.h"
#include "cfg.h"
#include "out.h"

static const char *const obj = "server";

static void server_usage(FILE *f)
{
	fprintf(f,
		"Usage: edgectl server add NAME [ addr ADDR ] [ addr6 ADDR6 ] port PORT\n"
		"                          [ cap RES=N ]... [ state { up | drain } ]\n"
		"       edgectl server set NAME [ addr { ADDR | none } ] [ addr6 { ADDR6 | none } ]\n"
		"                          [ port PORT ] [ cap RES=N ]... [ state { up | drain } ]\n"
		"       edgectl server del NAME\n"
		"       edgectl [ -j ] server show [ NAME ]\n"
		"Where: NAME  := 1..31 printable characters, no spaces\n"
		"       ADDR  := IPv4 address; ADDR6 := IPv6 address; add needs at least one\n"
		"       PORT  := 1..65535, the server's UDP port\n"
		"       RES   := resource name, 1..15 characters; N := 0..2^64-1 (at most 8)\n"
		"       \"set\" with any cap replaces every capacity; \"none\" removes an address.\n"
		"       A draining server keeps its entries; placement gives it nothing new.\n"
		"       \"del\" fails while steering entries or services refer to the server.\n");
}

static int server_put_caps(struct nl_msg *msg, int argc, char **argv)
{
	struct nlattr *caps = NULL, *res;
	uint64_t val;
	char *eq;
	int i;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "cap") || i + 1 >= argc)
			continue;
		if (!caps)
			caps = nla_nest_start(msg, EDGEFLOW_SERVER_A_CAPACITY | NLA_F_NESTED);
		eq = strchr(argv[++i], '=');
		if (!eq || eq == argv[i]) {
			ectl_err("server: cap \"%s\" is not RES=N", argv[i]);
			return -EINVAL;
		}
		*eq = '\0';
		if (cli_u64(obj, "capacity", eq + 1, &val))
			return -EINVAL;
		res = nla_nest_start(msg, EDGEFLOW_CAP_A_RESOURCE | NLA_F_NESTED);
		if (!caps || !res || nla_put_string(msg, EDGEFLOW_RES_A_NAME, argv[i]) ||
		    nla_put_u64(msg, EDGEFLOW_RES_A_VALUE, val))
			return -EMSGSIZE;
		nla_nest_end(msg, res);
	}
	if (caps)
		nla_nest_end(msg, caps);
	return 0;
}

/* NAME [ options ] of add/set into an EDGEFLOW_A_SERVER nest. */
static int server_put_opts(struct nl_msg *msg, int argc, char **argv, bool set)
{
	struct in6_addr a6;
	struct in_addr a4;
	uint32_t v;
	int i, state;

	if (nla_put_string(msg, EDGEFLOW_SERVER_A_NAME, argv[0]))
		return -EMSGSIZE;

	for (i = 1; i < argc; i++) {
		const char *key = argv[i];

		if (cli_next(obj, argc, argv, &i))
			return -EINVAL;
		if (!strcmp(key, "addr")) {
			if (set && !strcmp(argv[i], "none")) {
				nla_put(msg, EDGEFLOW_SERVER_A_ADDR4, 0, NULL);
				continue;
			}
			if (inet_pton(AF_INET, argv[i], &a4) != 1) {
				ectl_err("server: invalid IPv4 address \"%s\"", argv[i]);
				return -EINVAL;
			}
			nla_put(msg, EDGEFLOW_SERVER_A_ADDR4, 4, &a4);
		} else if (!strcmp(key, "addr6")) {
			if (set && !strcmp(argv[i], "none")) {
				nla_put(msg, EDGEFLOW_SERVER_A_ADDR6, 0, NULL);
				continue;
			}
			if (inet_pton(AF_INET6, argv[i], &a6) != 1) {
				ectl_err("server: invalid IPv6 address \"%s\"", argv[i]);
				return -EINVAL;
			}
			nla_put(msg, EDGEFLOW_SERVER_A_ADDR6, 16, &a6);
		} else if (!strcmp(key, "port")) {
			if (cli_u32(obj, "port", argv[i], 65535, &v))
				return -EINVAL;
			nla_put_u16(msg, EDGEFLOW_SERVER_A_PORT, (uint16_t)v);
		} else if (!strcmp(key, "state")) {
			state = cfg_state_parse(argv[i]);
			if (state < 0) {
				ectl_err("server: state must be up or drain, not \"%s\"", argv[i]);
				return -EINVAL;
			}
			nla_put_u8(msg, EDGEFLOW_SERVER_A_STATE, (uint8_t)state);
		} else if (strcmp(key, "cap")) {
			ectl_err("server: unknown option \"%s\"; try \"edgectl server help\"", key);
			return -EINVAL;
		}
	}
	return server_put_caps(msg, argc, argv);
}

static int server_change(struct ectl_nl *nl, int cmd, int argc, char **argv)
{
	struct nl_msg *msg;
	struct nlattr *nest;
	int err;

	if (argc < 1) {
		ectl_err("server: missing NAME; try \"edgectl server help\"");
		return 1;
	}
	msg = ectl_nl_msg(nl, cmd, false);
	if (!msg)
		return 1;
	nest = nla_nest_start(msg, EDGEFLOW_A_SERVER | NLA_F_NESTED);
	if (cmd == EDGEFLOW_CMD_SERVER_DEL) {
		if (argc > 1) {
			ectl_err("server: del takes only NAME");
			nlmsg_free(msg);
			return 1;
		}
		err = nla_put_string(msg, EDGEFLOW_SERVER_A_NAME, argv[0]);
	} else {
		err = server_put_opts(msg, argc, argv, cmd == EDGEFLOW_CMD_SERVER_SET);
	}
	if (err || !nest) {
		nlmsg_free(msg);
		return 1;
	}
	nla_nest_end(msg, nest);
	return cli_request(nl, msg, obj, NULL, NULL);
}

static int server_show_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];
	struct cfg_server srv;

	(void)arg;
	if (!cfg_attrs(msg, tb) || !tb[EDGEFLOW_A_SERVER] ||
	    cfg_server_parse(tb[EDGEFLOW_A_SERVER], &srv))
		return -EBADMSG;
	out_obj_open(NULL);
	cfg_server_print(&srv);
	out_text("\n");
	out_obj_close();
	return 0;
}

static int server_show(struct ectl_nl *nl, int argc, char **argv)
{
	struct nl_msg *msg;
	int ret;

	if (argc > 1) {
		ectl_err("server: show takes at most a NAME");
		return 1;
	}
	msg = ectl_nl_msg(nl, EDGEFLOW_CMD_SERVER_GET, argc == 0);
	if (msg && argc == 1 && cfg_put_server_name(msg, argv[0])) {
		nlmsg_free(msg);
		return 1;
	}
	out_begin();
	out_arr_open("servers");
	ret = cli_request(nl, msg, obj, server_show_cb, NULL);
	out_arr_close();
	out_end();
	return ret;
}

int ectl_cmd_server(int argc, char **argv)
{
	struct ectl_nl nl;
	const char *verb;
	int ret;

	verb = argc > 1 ? argv[1] : "show";
	if (cli_is_help(verb)) {
		server_usage(stdout);
		return 0;
	}
	if (ectl_nl_open(&nl))
		return 1;

	argc -= argc > 1 ? 2 : 1;
	argv += 2;
	if (!strcmp(verb, "add"))
		ret = server_change(&nl, EDGEFLOW_CMD_SERVER_NEW, argc, argv);
	else if (!strcmp(verb, "set"))
		ret = server_change(&nl, EDGEFLOW_CMD_SERVER_SET, argc, argv);
	else if (!strcmp(verb, "del"))
		ret = server_change(&nl, EDGEFLOW_CMD_SERVER_DEL, argc, argv);
	else if (cli_is_show(verb))
		ret = server_show(&nl, argc, argv);
	else {
		ectl_err("server: unknown command \"%s\"; try \"edgectl server help\"", verb);
		ret = 1;
	}
	ectl_nl_close(&nl);
	return ret;
}
