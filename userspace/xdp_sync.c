// SPDX-License-Identifier: GPL-2.0
/* edgectl: mirror the module's configuration into the XDP maps. */
#include <errno.h>

#include "edgectl.h"
#include "xdp.h"

int ectl_xdp_sync(void)
{
	/* Needs the module's server/service/steering dumps (issue 3). */
	ectl_err("xdp sync: mirroring the module's configuration is not supported yet");
	return -EOPNOTSUPP;
}
