/* SPDX-License-Identifier: GPL-2.0 */
/* edgectl: shared declarations (options, logging, commands). */
#ifndef EDGECTL_H
#define EDGECTL_H

#include <stdbool.h>

#define EDGECTL_VERSION "0.1.0"

struct ectl_opts {
	bool json;	/* -j: JSON output */
	bool pretty;	/* -p: indented JSON */
	int verbose;	/* -v: more log output, repeatable */
};

extern struct ectl_opts ectl_opts;

enum ectl_log_level {
	ECTL_LOG_ERR,
	ECTL_LOG_WARN,
	ECTL_LOG_INFO,
	ECTL_LOG_DEBUG,
};

void ectl_log(enum ectl_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define ectl_err(...)	ectl_log(ECTL_LOG_ERR, __VA_ARGS__)
#define ectl_warn(...)	ectl_log(ECTL_LOG_WARN, __VA_ARGS__)
#define ectl_info(...)	ectl_log(ECTL_LOG_INFO, __VA_ARGS__)
#define ectl_dbg(...)	ectl_log(ECTL_LOG_DEBUG, __VA_ARGS__)

/* Object commands: argv[0] is the object's name. Return 0 or 1 (exit code). */
int ectl_cmd_info(int argc, char **argv);
int ectl_cmd_server(int argc, char **argv);
int ectl_cmd_service(int argc, char **argv);
int ectl_cmd_policy(int argc, char **argv);
int ectl_cmd_steer(int argc, char **argv);
int ectl_cmd_plan(int argc, char **argv);
int ectl_cmd_stats(int argc, char **argv);
int ectl_cmd_monitor(int argc, char **argv);
int ectl_cmd_flush(int argc, char **argv);
int ectl_cmd_xdp(int argc, char **argv);
int ectl_cmd_agent(int argc, char **argv);

#endif /* EDGECTL_H */
