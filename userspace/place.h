/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Placement: which edge server serves each device's demand for each service.
 *
 * The problem is a generalized assignment problem (GAP). Topology files and
 * OR-Library instances are both turned into a struct place_model; the
 * solver, the checker and the plan writer only ever see that model.
 */
#ifndef EDGECTL_PLACE_H
#define EDGECTL_PLACE_H

#include <stdbool.h>
#include <stdint.h>

/* Assignment values besides a server index. */
#define PLACE_NONE	(-1)	/* not assigned (only while solving) */
#define PLACE_REJECT	(-2)	/* assigned to the reject pseudo-server */

/* Why a (demand, server) pair is not a column of the model. */
enum place_excl {
	PLACE_OK,		/* eligible */
	PLACE_X_OFFER,		/* the server does not run the service */
	PLACE_X_LATENCY,	/* latency over the service's bound */
	PLACE_X_FORBID,		/* a forbidden pair in the topology */
	PLACE_X_PIN,		/* the demand is pinned to another server */
	PLACE_X_FIT,		/* the demand alone exceeds the server's capacity */
	PLACE_X_BOUND,		/* solver only: no plan better than the incumbent uses it */
};

/* One demand: a device's need for one service. */
struct place_item {
	char *service;
	char *device_name;
	uint32_t device;
	int pinned;		/* server index, or PLACE_NONE */
};

/*
 * Indexing: item k, server e, resource r.
 *   cost[k * n_bins + e]                 objective coefficient (minimised)
 *   use[(k * n_bins + e) * n_res + r]    what item k takes of r on e
 *   cap[e * n_res + r]                   capacity
 *   excl[k * n_bins + e]                 enum place_excl
 *   lat[k * n_bins + e]                  latency, for reports (may be NULL)
 */
struct place_model {
	int n_items;
	int n_bins;
	int n_res;
	struct place_item *item;
	char **bin_name;
	char **res_name;
	double *cost;
	double *use;
	double *cap;
	unsigned char *excl;
	double *lat;
	int *current;		/* current server per item (churn), or PLACE_NONE */
	double churn;		/* penalty per demand moved off its current server */
	bool reject;		/* a reject pseudo-server takes what cannot fit */
	double reject_cost;	/* its cost per demand; <= 0: derived by finish */
	bool maximize;		/* cost holds negated profits; report -objective */
	bool integral;		/* every cost, churn and reject cost is an integer */
};

enum place_status {
	PLACE_OPTIMAL,		/* proved optimal (within --gap when one is set) */
	PLACE_FEASIBLE,		/* a solution, optimality not proved */
	PLACE_INFEASIBLE,	/* proved that no solution exists */
	PLACE_TIMEOUT,		/* time limit reached with no solution */
};

struct place_opts {
	double time_limit;	/* seconds, whole pipeline; <= 0: none */
	double gap;		/* relative MIP gap to stop at */
	bool heuristic_only;	/* --heuristic: no GLPK */
	bool verbose;		/* GLPK's own output on stderr */
};

struct place_result {
	enum place_status status;
	int *assign;		/* per item: server index or PLACE_REJECT */
	double objective;	/* as reported (negated back when maximising) */
	double bound;		/* best proven bound, same sense */
	double gap;		/* relative gap, |objective - bound| / |objective| */
	double seconds;
	double heur_objective;	/* what the heuristic alone reached (NAN: none) */
	bool time_limit_hit;
	const char *solver;	/* "glpk", "heuristic" */
	int moved;		/* demands moved off their current server */
	int rejected;
};

/* place_model.c */
struct place_model *place_model_new(int n_items, int n_bins, int n_res);
void place_model_free(struct place_model *m);
bool place_eligible(const struct place_model *m, int k, int e);
double place_pair_cost(const struct place_model *m, int k, int e);
double place_reject_cost(const struct place_model *m, int k);
void place_model_finish(struct place_model *m);
double place_objective(const struct place_model *m, const int *assign);
const char *place_status_name(enum place_status s);
const char *place_excl_name(enum place_excl x);
int place_explain(const struct place_model *m, char ***lines, int *n_lines);
void place_lines_free(char **lines, int n);

/* place_heur.c */
int place_heuristic(const struct place_model *m, int *assign, double *obj);
double place_trivial_bound(const struct place_model *m);

/* place_lns.c */
int place_lns(const struct place_model *m, const struct place_opts *o, int *assign,
	      double *obj, double deadline);

/* place_lagr.c */
struct place_lagr {
	double bound;		/* Lagrangian lower bound (-INFINITY: none) */
	int dropped;		/* pairs removed by reduced-cost fixing */
	int iters;		/* subgradient steps */
	bool proved;		/* no solution better than the incumbent exists */
};
bool place_lagr_applies(const struct place_model *m);
int place_lagr(const struct place_model *m, const int *incumbent, double ub,
	       double deadline, unsigned char *drop, struct place_lagr *out);
int place_lagr_bnb(const struct place_model *m, int *assign, double *obj,
		   const unsigned char *drop, double deadline, bool *proved, double *bound,
		   long *nodes);

/* place_glpk.c */
int place_glpk_solve(const struct place_model *m, const struct place_opts *o,
		     const int *warm, double bound, double seconds_left,
		     struct place_result *res);
int place_write_lp(const struct place_model *m, const char *path);

/* place.c */
int place_solve(const struct place_model *m, const struct place_opts *o,
		struct place_result *res);
void place_result_fini(struct place_result *res);
int ectl_cmd_place(int argc, char **argv);

#endif /* EDGECTL_PLACE_H */
