// SPDX-License-Identifier: GPL-2.0
/* edgectl: the edgeflow controller. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edgectl.h"
#include "place.h"
#include "replay.h"

struct ectl_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
};

static const struct ectl_cmd ectl_cmds[] = {
	{ "info",	ectl_cmd_info,	"module version, ABI and table limits" },
	{ "server",	ectl_cmd_server,	"edge servers: addresses, port, capacities, state" },
	{ "service",	ectl_cmd_service,	"services: gateway port, mode, window, rate, default server" },
	{ "policy",	ectl_cmd_policy,	"per-service filter policy per reading kind" },
	{ "steer",	ectl_cmd_steer,	"steering entries: (service, device) -> server" },
	{ "plan",	ectl_cmd_plan,	"install a plan file in one transaction" },
	{ "stats",	ectl_cmd_stats,	"counters: global, per service, per server" },
	{ "monitor",	ectl_cmd_monitor,	"follow configuration changes and events" },
	{ "flush",	ectl_cmd_flush,	"remove all servers, services and steering entries" },
	{ "place",	ectl_cmd_place,	"solve the placement of demands on servers (GLPK)" },
	{ "replay",	ectl_cmd_replay, "send a sensor CSV as datagrams (a test sender)" },
	{ "xdp",	ectl_cmd_xdp,	"attach, detach and inspect the XDP fast path" },
};

#define ECTL_N_CMDS (sizeof(ectl_cmds) / sizeof(ectl_cmds[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: edgectl [OPTIONS] OBJECT { COMMAND | help }\n"
		"       edgectl { -V | --version | -h | --help }\n"
		"OPTIONS := { -j[son] | -p[retty] | -v[erbose] }\n"
		"Where: OBJECT := {");
	for (i = 0; i < ECTL_N_CMDS; i++)
		fprintf(f, "%s %s", i ? " |" : "", ectl_cmds[i].name);
	fprintf(f, " }\n\nObjects:\n");
	for (i = 0; i < ECTL_N_CMDS; i++)
		fprintf(f, "  %-10s %s\n", ectl_cmds[i].name, ectl_cmds[i].help);
	fprintf(f, "\n\"edgectl OBJECT help\" prints the commands of one object.\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json",	no_argument, NULL, 'j' },
		{ "pretty",	no_argument, NULL, 'p' },
		{ "verbose",	no_argument, NULL, 'v' },
		{ "version",	no_argument, NULL, 'V' },
		{ "help",	no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	size_t i;
	int opt;

	/* '+': stop at the object so its own options stay its own. */
	while ((opt = getopt_long(argc, argv, "+jpvVh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			ectl_opts.json = true;
			break;
		case 'p':
			ectl_opts.json = true;
			ectl_opts.pretty = true;
			break;
		case 'v':
			ectl_opts.verbose++;
			break;
		case 'V':
			printf("edgectl %s\n", EDGECTL_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}

	if (optind >= argc) {
		usage(stderr);
		return 1;
	}
	if (!strcmp(argv[optind], "help")) {
		usage(stdout);
		return 0;
	}

	for (i = 0; i < ECTL_N_CMDS; i++) {
		if (!strcmp(argv[optind], ectl_cmds[i].name))
			return ectl_cmds[i].run(argc - optind, argv + optind);
	}
	ectl_err("unknown object \"%s\"; try \"edgectl help\"", argv[optind]);
	return 1;
}
