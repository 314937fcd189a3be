// SPDX-License-Identifier: GPL-2.0
/* edgectl info: module and ABI version, table limits. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <linux/edgeflow.h>

#include "edgectl.h"
#include "nl.h"
#include "out.h"

static const struct nla_policy info_limit_policy[EDGEFLOW_LIMIT_A_MAX + 1] = {
	[EDGEFLOW_LIMIT_A_SERVERS]	= { .type = NLA_U32 },
	[EDGEFLOW_LIMIT_A_SERVICES]	= { .type = NLA_U32 },
	[EDGEFLOW_LIMIT_A_STEER]	= { .type = NLA_U32 },
	[EDGEFLOW_LIMIT_A_DEVICES]	= { .type = NLA_U32 },
	[EDGEFLOW_LIMIT_A_WINDOWS]	= { .type = NLA_U32 },
	[EDGEFLOW_LIMIT_A_READINGS]	= { .type = NLA_U32 },
	[EDGEFLOW_LIMIT_A_RESOURCES]	= { .type = NLA_U32 },
};

static const struct {
	int attr;
	const char *key;
} info_limits[] = {
	{ EDGEFLOW_LIMIT_A_SERVERS,	"servers" },
	{ EDGEFLOW_LIMIT_A_SERVICES,	"services" },
	{ EDGEFLOW_LIMIT_A_STEER,	"steer" },
	{ EDGEFLOW_LIMIT_A_DEVICES,	"devices" },
	{ EDGEFLOW_LIMIT_A_WINDOWS,	"windows" },
	{ EDGEFLOW_LIMIT_A_READINGS,	"readings" },
	{ EDGEFLOW_LIMIT_A_RESOURCES,	"resources" },
};

static int info_print(struct nl_msg *msg, void *arg)
{
	struct nlattr *lim[EDGEFLOW_LIMIT_A_MAX + 1];
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];
	int *abi = arg;
	size_t i;
	int err;

	err = genlmsg_parse(nlmsg_hdr(msg), 0, tb, EDGEFLOW_A_MAX, NULL);
	if (err || !tb[EDGEFLOW_A_MODULE_VERSION] || !tb[EDGEFLOW_A_ABI_VERSION] ||
	    !tb[EDGEFLOW_A_LIMITS])
		return -EBADMSG;
	err = nla_parse_nested(lim, EDGEFLOW_LIMIT_A_MAX, tb[EDGEFLOW_A_LIMITS],
			       info_limit_policy);
	if (err)
		return -EBADMSG;

	*abi = (int)nla_get_u32(tb[EDGEFLOW_A_ABI_VERSION]);
	out_str("module_version", "edgeflow module %s", nla_get_string(tb[EDGEFLOW_A_MODULE_VERSION]));
	out_u64("abi_version", ", abi %" PRIu64 "\n", (uint64_t)*abi);
	out_obj_open("limits");
	out_text("limits:");
	for (i = 0; i < sizeof(info_limits) / sizeof(info_limits[0]); i++) {
		if (!lim[info_limits[i].attr])
			continue;
		out_text(" %s", info_limits[i].key);
		out_u64(info_limits[i].key, " %" PRIu64, nla_get_u32(lim[info_limits[i].attr]));
	}
	out_text("\n");
	out_obj_close();
	return 0;
}

static void info_usage(FILE *f)
{
	fprintf(f, "Usage: edgectl [-j] info\n"
		   "Print the loaded module's version, ABI version and table limits.\n");
}

int ectl_cmd_info(int argc, char **argv)
{
	struct ectl_nl nl;
	struct nl_msg *msg;
	int abi = -1;
	int err;

	if (argc > 1) {
		if (!strcmp(argv[1], "help")) {
			info_usage(stdout);
			return 0;
		}
		ectl_err("info: unknown argument \"%s\"; try \"edgectl info help\"", argv[1]);
		return 1;
	}

	if (ectl_nl_open(&nl))
		return 1;

	msg = ectl_nl_msg(&nl, EDGEFLOW_CMD_GET_INFO, false);
	if (!msg) {
		ectl_nl_close(&nl);
		return 1;
	}

	out_begin();
	err = ectl_nl_request(&nl, msg, info_print, &abi);
	out_end();
	if (err)
		ectl_nl_perror(&nl, "info");
	else if (abi != EDGEFLOW_ABI_VERSION)
		ectl_warn("module speaks ABI %d, this edgectl ABI %d", abi, EDGEFLOW_ABI_VERSION);
	ectl_nl_close(&nl);
	return err ? 1 : 0;
}
