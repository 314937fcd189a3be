/* SPDX-License-Identifier: GPL-2.0 */
/*
 * edgectl: the module's configuration objects as C structs, parsed from and
 * put into generic netlink messages. Shared by the object commands
 * (cmd_server.c, cmd_service.c, ...) and the module tests.
 */
#ifndef EDGECTL_CFG_H
#define EDGECTL_CFG_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <netlink/netlink.h>
#include <linux/edgeflow.h>

#include "nl.h"

#define CFG_MAX_RESOURCES	8

struct cfg_server {
	uint32_t id;
	char name[EDGEFLOW_NAME_MAX];
	bool has4, has6;
	struct in_addr addr4;
	struct in6_addr addr6;
	uint16_t port;
	uint8_t state;
	int n_caps;
	struct {
		char name[EDGEFLOW_RES_NAME_MAX];
		uint64_t value;
	} caps[CFG_MAX_RESOURCES];
	uint32_t steer_refs;
	uint32_t service_refs;
};

/* One reading kind's policy; a has_* flag per attribute. */
struct cfg_policy {
	bool set;
	bool has_min, has_max, has_step, has_step_reset, has_deadband, has_heartbeat;
	int32_t min, max;
	uint32_t step, step_reset, deadband, heartbeat_ms;
};

struct cfg_service {
	uint32_t id;
	char name[EDGEFLOW_NAME_MAX];
	uint16_t port;
	uint8_t mode;
	uint8_t unknown;
	uint32_t window_ms, rate, burst, idle_ms;
	uint32_t steer_refs;
	char server[EDGEFLOW_NAME_MAX];	/* "" none */
	struct cfg_policy policy[EDGEFLOW_KIND_MAX + 1];
};

struct cfg_steer {
	uint32_t service_id;
	uint32_t device;
	uint32_t server_id;
	char service[EDGEFLOW_NAME_MAX];
	char server[EDGEFLOW_NAME_MAX];
};

struct cfg_stats {
	uint64_t rx_pkts, rx_bytes, fwd_pkts, fwd_bytes;
	uint64_t agg_pkts, agg_bytes, drop_pkts, drop_bytes;
	uint64_t drops[EDGEFLOW_R_MAX + 1];
};

/* Names of enum values, for text and JSON alike. */
const char *cfg_mode_name(unsigned int mode);
int cfg_mode_parse(const char *s);
const char *cfg_state_name(unsigned int state);
int cfg_state_parse(const char *s);
const char *cfg_unknown_name(unsigned int unknown);
int cfg_unknown_parse(const char *s);
const char *cfg_kind_name(unsigned int kind);
int cfg_kind_parse(const char *s);
const char *cfg_reason_name(unsigned int reason);
const char *cfg_cmd_name(unsigned int cmd);

/* Top-level attributes of a reply, or NULL if it does not parse. */
struct nlattr **cfg_attrs(struct nl_msg *msg, struct nlattr **tb);

int cfg_server_parse(const struct nlattr *nest, struct cfg_server *srv);
int cfg_service_parse(const struct nlattr *nest, struct cfg_service *svc);
int cfg_steer_parse(const struct nlattr *nest, struct cfg_steer *st);
int cfg_stats_parse(const struct nlattr *nest, struct cfg_stats *st);

/* A request with room for @size bytes (batches of steering entries). */
struct nl_msg *cfg_msg_big(struct ectl_nl *nl, int cmd, size_t size);

/* Put an EDGEFLOW_A_SERVER / _SERVICE nest naming an object. */
int cfg_put_server_name(struct nl_msg *msg, const char *name);
int cfg_put_service_name(struct nl_msg *msg, const char *name);

/*
 * Send @msg and collect every reply of the kind asked for into a growing
 * array (dumps). The caller frees *out.
 */
int cfg_server_dump(struct ectl_nl *nl, struct cfg_server **out, int *n);
int cfg_service_dump(struct ectl_nl *nl, struct cfg_service **out, int *n);

/* Generation and count from a reply to a mutation, for callers that care. */
struct cfg_ack {
	uint64_t generation;
	uint32_t count;
	bool has_count;
};
int cfg_ack_cb(struct nl_msg *msg, void *arg);

/* One print path for text and JSON (out.h), used by show and monitor. */
void cfg_server_print(const struct cfg_server *srv);
void cfg_service_print(const struct cfg_service *svc);
void cfg_policy_print(const struct cfg_service *svc, bool only_policy);
void cfg_steer_print(const struct cfg_steer *st);
void cfg_stats_print(const struct cfg_stats *st);

/* Command-line helpers for the object commands. */
int cli_u32(const char *obj, const char *key, const char *s, uint32_t max, uint32_t *v);
int cli_s32(const char *obj, const char *key, const char *s, int32_t *v);
int cli_u64(const char *obj, const char *key, const char *s, uint64_t *v);

/* "steer" arguments: service SERVICE [ device DEVICE ] [ server SERVER ] */
struct cli_steer_args {
	const char *service;
	const char *server;
	uint32_t device;
	bool has_device;
};
int cli_steer_parse(int argc, char **argv, struct cli_steer_args *a);
/* argv[*i] is a keyword that needs a value: advance to it, or complain. */
int cli_next(const char *obj, int argc, char **argv, int *i);
bool cli_is_help(const char *s);
bool cli_is_show(const char *s);
/* Run a request, print the kernel's own message on failure: exit code. */
int cli_request(struct ectl_nl *nl, struct nl_msg *msg, const char *what, ectl_nl_cb cb,
		void *arg);

#endif /* EDGECTL_CFG_H */
