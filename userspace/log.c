// SPDX-License-Identifier: GPL-2.0
/* edgectl: leveled logging to stderr. */
#include <stdarg.h>
#include <stdio.h>

#include "edgectl.h"

struct ectl_opts ectl_opts;

void ectl_log(enum ectl_log_level level, const char *fmt, ...)
{
	static const char *const prefix[] = {
		[ECTL_LOG_ERR]		= "edgectl: ",
		[ECTL_LOG_WARN]		= "edgectl: warning: ",
		[ECTL_LOG_INFO]		= "edgectl: ",
		[ECTL_LOG_DEBUG]	= "edgectl: debug: ",
	};
	va_list ap;

	/* Errors and warnings always (unless silenced with verbose -1, for
	 * retry loops); info with -v, debug with -vv. */
	if (ectl_opts.verbose < 0)
		return;
	if (level == ECTL_LOG_INFO && ectl_opts.verbose < 1)
		return;
	if (level == ECTL_LOG_DEBUG && ectl_opts.verbose < 2)
		return;

	fputs(prefix[level], stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
