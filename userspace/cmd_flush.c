// SPDX-License-Identifier: GPL-2.0
/* edgectl flush: remove every steering entry, service and server. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "edgectl.h"
#include "cfg.h"
#include "out.h"

static void flush_usage(FILE *f)
{
	fprintf(f,
		"Usage: edgectl [ -j ] flush\n"
		"Where: no arguments; the scope is the caller's network namespace.\n"
		"       Remove every steering entry, service and server of this network\n"
		"       namespace and discard open plan transactions; counters are kept.\n");
}

int ectl_cmd_flush(int argc, char **argv)
{
	struct cfg_ack ack = { 0 };
	struct ectl_nl nl;
	int ret;

	if (argc > 1) {
		if (cli_is_help(argv[1])) {
			flush_usage(stdout);
			return 0;
		}
		ectl_err("flush: unexpected \"%s\"; try \"edgectl flush help\"", argv[1]);
		return 1;
	}
	if (ectl_nl_open(&nl))
		return 1;
	ret = cli_request(&nl, ectl_nl_msg(&nl, EDGEFLOW_CMD_FLUSH, false), "flush", cfg_ack_cb,
			  &ack);
	if (!ret) {
		out_begin();
		out_u64("entries", "flushed: %" PRIu64 " steering entries", ack.count);
		out_u64("generation", ", generation %" PRIu64 "\n", ack.generation);
		out_end();
	}
	ectl_nl_close(&nl);
	return ret;
}
