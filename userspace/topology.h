/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Topology files: the edge servers, services and devices placement works
 * on. The format is documented in docs/placement.md.
 */
#ifndef EDGECTL_TOPOLOGY_H
#define EDGECTL_TOPOLOGY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct place_model;

enum topo_mode {
	TOPO_MODE_FORWARD,
	TOPO_MODE_AGGREGATE,
	TOPO_MODE_BOTH,
};

struct topo_server {
	char *name;
	char *address;		/* IPv4, or NULL */
	char *address6;		/* IPv6, or NULL */
	uint16_t port;
	double *cap;		/* [n_res] */
	bool *offers;		/* [n_services] */
	bool has_xy;
	double x, y;
};

struct topo_service {
	char *name;
	uint16_t port;
	enum topo_mode mode;
	double bound;		/* latency bound in ms; <= 0: none */
};

struct topo_device {
	uint32_t id;
	char *name;
	bool has_xy;
	double x, y;
	bool *uses;		/* [n_services] */
	double *demand;		/* [service * n_res + r] */
};

/* A pin or a forbidden pair; service -1 means every service. */
struct topo_pair {
	int service;
	int device;
	int server;
};

struct topology {
	int n_res;
	char **res;
	int n_servers;
	struct topo_server *servers;
	int n_services;
	struct topo_service *services;
	int n_devices;
	struct topo_device *devices;
	double *latency;	/* [device * n_servers + server], ms */
	int n_pins;
	struct topo_pair *pins;
	int n_forbid;
	struct topo_pair *forbid;
	int weight;		/* resource weighting latency, or -1 */
	bool reject;
	double reject_cost;	/* <= 0: derived */
	double churn;
};

int topo_load(const char *path, struct topology **out, char *err, size_t errlen);
int topo_parse(const char *name, const char *text, struct topology **out, char *err,
	       size_t errlen);
void topo_free(struct topology *t);
const char *topo_mode_name(enum topo_mode mode);
int topo_find_server(const struct topology *t, const char *name);
int topo_find_service(const struct topology *t, const char *name);
int topo_find_device(const struct topology *t, uint32_t id);
struct place_model *topo_model(const struct topology *t);

#endif /* EDGECTL_TOPOLOGY_H */
