/* SPDX-License-Identifier: GPL-2.0 */
/* edgectl: completed aggregation windows, from the module or XDP. */
#ifndef EDGECTL_AGG_H
#define EDGECTL_AGG_H

#include <stdbool.h>
#include <stdint.h>
#include <netlink/attr.h>

struct agg_window {
	uint64_t seq;		/* module: order of completion; XDP: 0 */
	uint32_t service_id;
	uint32_t device;
	uint8_t channel;
	uint8_t kind;
	uint16_t flags;		/* EDGEFLOW_WIRE_SF_* */
	uint64_t start_ns;
	uint64_t length_ns;
	uint32_t count;
	int32_t min, max, first, last;
	int64_t sum;
	uint64_t sumsq_hi, sumsq_lo;
};

struct ef_window;

/* Between the core's window and ours (XDP maps hold the core's). */
void agg_window_from_ef(struct agg_window *w, const struct ef_window *ew);
void agg_window_to_ef(struct ef_window *ew, const struct agg_window *w);

/* Parse an EDGEFLOW_A_WINDOW nest; -EBADMSG when a field is missing. */
int agg_window_parse(const struct nlattr *nest, struct agg_window *w);

/* Mean and population variance of a window (count > 0). */
double agg_mean(const struct agg_window *w);
double agg_variance(const struct agg_window *w);

/*
 * Print one window through the text/JSON output path, as an object under
 * @key (NULL inside an array); @service is its name, or NULL to print the id.
 */
void agg_window_print(const char *key, const struct agg_window *w, const char *service);

int ectl_cmd_agg(int argc, char **argv);

#endif /* EDGECTL_AGG_H */
