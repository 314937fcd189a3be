/* SPDX-License-Identifier: GPL-2.0 */
/*
 * edgectl: the XDP-only gateway. Without the edgeflow module (its generic
 * netlink family does not resolve) but with the XDP program loaded (pins
 * under ectl_xdp_pin_dir()), the configuration objects - server, service,
 * policy, steer, plan, flush - program the XDP maps directly, with the
 * grammar, validation and output of the module-backed commands.
 */
#ifndef EDGECTL_XDP_CFG_H
#define EDGECTL_XDP_CFG_H

#include <stdbool.h>

struct ectl_plan;

/* Whether the edgeflow generic netlink family resolves; says nothing. */
bool ectl_module_loaded(void);

/* No module, and the XDP program's pins exist: configure the maps. */
bool ectl_xdp_only(void);

/* Run a configuration object (argv[0]: server, service, policy, steer,
 * plan or flush) against the XDP maps. Returns the exit code. */
int ectl_xdp_cfg_cmd(int argc, char **argv);

/* Install a plan's servers, services and steering entries into the XDP
 * maps (entries written, then stale ones removed). 0 or a negative errno. */
int ectl_xdp_plan_apply(const struct ectl_plan *plan);

/* The XDP-only note appended to "edgectl OBJECT help". */
void ectl_xdp_cfg_help(const char *obj);

#endif /* EDGECTL_XDP_CFG_H */
