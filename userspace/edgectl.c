// SPDX-License-Identifier: GPL-2.0
/* edgectl: the edgeflow controller. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "edgectl.h"
#include "agg.h"
#include "cfg.h"
#include "place.h"
#include "replay.h"
#include "xdp.h"
#include "xdp_cfg.h"

struct ectl_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
	bool config;	/* changes the module's configuration */
};

static const struct ectl_cmd ectl_cmds[] = {
	{ "info",	ectl_cmd_info,	"module version, ABI and table limits", false },
	{ "server",	ectl_cmd_server,	"edge servers: addresses, port, capacities, state", true },
	{ "service",	ectl_cmd_service,	"services: gateway port, mode, window, rate, default server", true },
	{ "policy",	ectl_cmd_policy,	"per-service filter policy per reading kind", true },
	{ "steer",	ectl_cmd_steer,	"steering entries: (service, device) -> server", true },
	{ "plan",	ectl_cmd_plan,	"install a plan file in one transaction", true },
	{ "stats",	ectl_cmd_stats,	"counters: global, per service, per server", false },
	{ "monitor",	ectl_cmd_monitor,	"follow configuration changes and events", false },
	{ "flush",	ectl_cmd_flush,	"remove all servers, services and steering entries", true },
	{ "agg",	ectl_cmd_agg,	"completed aggregation windows kept by the module", false },
	{ "agent",	ectl_cmd_agent,	"sync XDP, collect and export windows (runs until stopped)", false },
	{ "place",	ectl_cmd_place,	"solve the placement of demands on servers (GLPK)", false },
	{ "replay",	ectl_cmd_replay, "send a sensor CSV as datagrams (a test sender)", false },
	{ "xdp",	ectl_cmd_xdp,	"attach, detach and inspect the XDP fast path", false },
};

#define ECTL_N_CMDS (sizeof(ectl_cmds) / sizeof(ectl_cmds[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: edgectl [OPTIONS] OBJECT { COMMAND | help }\n"
		"       edgectl { -V | --version | -h | --help }\n"
		"       edgectl [OPTIONS] -b[atch] FILE\n"
		"OPTIONS := { -j[son] | -p[retty] | -v[erbose] }\n"
		"Where: OBJECT := {");
	for (i = 0; i < ECTL_N_CMDS; i++)
		fprintf(f, "%s %s", i ? " |" : "", ectl_cmds[i].name);
	fprintf(f, " }\n\nObjects:\n");
	for (i = 0; i < ECTL_N_CMDS; i++)
		fprintf(f, "  %-10s %s\n", ectl_cmds[i].name, ectl_cmds[i].help);
	fprintf(f, "\n\"edgectl OBJECT help\" prints the commands of one object.\n");
}

/*
 * Run a command; after a successful configuration change, mirror it into
 * the XDP maps when the XDP program is loaded, so both datapaths agree.
 * Without the module but with the XDP program loaded (an XDP-only
 * gateway), configuration objects program the maps directly instead
 * (xdp_cfg.c); edgectl place --apply gets there through ectl_plan_apply().
 */
static int ectl_run(const struct ectl_cmd *cmd, int argc, char **argv)
{
	bool help = argc > 1 && cli_is_help(argv[1]);
	bool changed = cmd->config;
	int rc, i;

	if (cmd->config && !help && !(!strcmp(cmd->name, "plan") && argc < 2) &&
	    ectl_xdp_only())
		return ectl_xdp_cfg_cmd(argc, argv);
	rc = cmd->run(argc, argv);
	if (cmd->config && help)
		ectl_xdp_cfg_help(cmd->name);
	if (rc && !strcmp(cmd->name, "info") && ectl_xdp_only())
		ectl_err("XDP-only gateway: the XDP program is loaded (pins under %s) and "
			 "edgectl configures its maps directly", ectl_xdp_pin_dir());

	/* edgectl place changes the configuration only with --apply. */
	for (i = 1; !changed && !strcmp(cmd->name, "place") && i < argc; i++)
		changed = !strcmp(argv[i], "--apply");
	if (rc || !changed || argc < 2 || !strcmp(argv[1], "show") ||
	    help || access(ectl_xdp_pin_dir(), F_OK) || !ectl_module_loaded())
		return rc;
	return ectl_xdp_sync() ? 1 : 0;
}

static int ectl_dispatch(int argc, char **argv)
{
	size_t i;

	if (!strcmp(argv[0], "help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < ECTL_N_CMDS; i++) {
		if (!strcmp(argv[0], ectl_cmds[i].name))
			return ectl_run(&ectl_cmds[i], argc, argv);
	}
	ectl_err("unknown object \"%s\"; try \"edgectl help\"", argv[0]);
	return 1;
}

/*
 * -b FILE: one command per line, as its words after "edgectl"; blank lines
 * and lines starting with # are skipped. Stops at the first failing line.
 */
static int ectl_batch(const char *path)
{
	unsigned int lineno = 0;
	char line[4096];
	FILE *f;
	int rc = 0;

	f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f) {
		ectl_err("%s: %m", path);
		return 1;
	}
	while (!rc && fgets(line, sizeof(line), f)) {
		char *argv[128], *save = NULL, *w;
		int argc = 0;

		lineno++;
		for (w = strtok_r(line, " \t\r\n", &save); w && argc < 127;
		     w = strtok_r(NULL, " \t\r\n", &save))
			argv[argc++] = w;
		if (!argc || argv[0][0] == '#')
			continue;
		argv[argc] = NULL;
		optind = 1;
		rc = ectl_dispatch(argc, argv);
		if (rc)
			ectl_err("%s:%u: command failed: %s ...", path, lineno, argv[0]);
	}
	if (f != stdin)
		fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json",	no_argument, NULL, 'j' },
		{ "pretty",	no_argument, NULL, 'p' },
		{ "verbose",	no_argument, NULL, 'v' },
		{ "version",	no_argument, NULL, 'V' },
		{ "help",	no_argument, NULL, 'h' },
		{ "batch",	required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	const char *batch = NULL;
	int opt;

	/* '+': stop at the object so its own options stay its own. */
	while ((opt = getopt_long(argc, argv, "+jpvVhb:", longopts, NULL)) != -1) {
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
		case 'b':
			batch = optarg;
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

	if (batch)
		return ectl_batch(batch);
	if (optind >= argc) {
		usage(stderr);
		return 1;
	}
	return ectl_dispatch(argc - optind, argv + optind);
}
