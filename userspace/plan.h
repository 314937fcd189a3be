/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Plan files: the outcome of a placement, as JSON. A plan carries, per
 * (service, device id), the server chosen, the servers and services it
 * refers to (so `edgectl plan apply FILE` needs nothing else), the load per
 * server and resource, and the solver's report. Format: docs/placement.md.
 */
#ifndef EDGECTL_PLAN_H
#define EDGECTL_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct json_object;
struct place_model;
struct place_result;
struct topology;

#define PLAN_FORMAT_VERSION	1

struct plan_entry {
	char *service;
	uint32_t device;
	char *device_name;
	char *server;		/* NULL: rejected */
	double latency;		/* ms, NAN when unknown */
};

struct plan_load {
	char *server;
	char *resource;
	double used;
	double capacity;
};

struct plan_server {
	char *name;
	char *address;		/* may be NULL */
	char *address6;		/* may be NULL */
	uint16_t port;
};

struct plan_service {
	char *name;
	uint16_t port;
	char *mode;
};

struct ectl_plan {
	char *source;
	char *status;
	char *solver;
	double objective;
	double bound;
	double gap;
	double seconds;
	bool time_limit_hit;
	int moved;
	int rejected;
	int n_entries;
	struct plan_entry *entries;
	int n_loads;
	struct plan_load *loads;
	int n_servers;
	struct plan_server *servers;
	int n_services;
	struct plan_service *services;
};

struct ectl_plan *plan_build(const struct place_model *m, const struct topology *t,
			     const struct place_result *res, const char *source);
void plan_free(struct ectl_plan *p);
struct json_object *plan_to_json(const struct ectl_plan *p);
int plan_save(const struct ectl_plan *p, const char *path);
int plan_load(const char *path, struct ectl_plan **out, char *err, size_t errlen);
int plan_assignment(const struct ectl_plan *p, const struct place_model *m, bool strict,
		    int *assign, char *err, size_t errlen);
void plan_print(const struct ectl_plan *p, bool json);
int ectl_plan_apply(const struct ectl_plan *plan);

#endif /* EDGECTL_PLAN_H */
