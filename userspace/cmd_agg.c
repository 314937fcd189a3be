// SPDX-License-Identifier: GPL-2.0
/* edgectl agg: completed aggregation windows kept by the module. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/genl/genl.h>
#include <linux/edgeflow.h>
#include <edgeflow/window.h>

#include "agg.h"
#include "cfg.h"
#include "edgectl.h"
#include "nl.h"
#include "out.h"

static void agg_usage(FILE *f)
{
	fprintf(f,
		"Usage: edgectl [ -j ] agg show [ service NAME ] [ device ID ] [ from SEQ ]\n"
		"       edgectl [ -j ] agg info\n"
		"       edgectl agg del upto SEQ\n"
		"Where: the module keeps completed windows, oldest first, until they are\n"
		"       deleted (agg del, or the agent once it has exported them);\n"
		"       SEQ := a window's sequence number, as shown by agg show;\n"
		"       info shows how many are kept, the newest SEQ and how many were\n"
		"       lost while the store was full (max_windows).\n");
}

static const struct nla_policy agg_win_policy[EDGEFLOW_WINDOW_A_MAX + 1] = {
	[EDGEFLOW_WINDOW_A_SEQ]		= { .type = NLA_U64 },
	[EDGEFLOW_WINDOW_A_SERVICE_ID]	= { .type = NLA_U32 },
	[EDGEFLOW_WINDOW_A_DEVICE]	= { .type = NLA_U32 },
	[EDGEFLOW_WINDOW_A_CHANNEL]	= { .type = NLA_U8 },
	[EDGEFLOW_WINDOW_A_KIND]	= { .type = NLA_U8 },
	[EDGEFLOW_WINDOW_A_START_NS]	= { .type = NLA_U64 },
	[EDGEFLOW_WINDOW_A_LENGTH_NS]	= { .type = NLA_U64 },
	[EDGEFLOW_WINDOW_A_COUNT]	= { .type = NLA_U32 },
	[EDGEFLOW_WINDOW_A_VMIN]	= { .type = NLA_U32 },
	[EDGEFLOW_WINDOW_A_VMAX]	= { .type = NLA_U32 },
	[EDGEFLOW_WINDOW_A_FIRST]	= { .type = NLA_U32 },
	[EDGEFLOW_WINDOW_A_LAST]	= { .type = NLA_U32 },
	[EDGEFLOW_WINDOW_A_SUM]		= { .type = NLA_U64 },
	[EDGEFLOW_WINDOW_A_SUMSQ_HI]	= { .type = NLA_U64 },
	[EDGEFLOW_WINDOW_A_SUMSQ_LO]	= { .type = NLA_U64 },
	[EDGEFLOW_WINDOW_A_FLAGS]	= { .type = NLA_U16 },
};

int agg_window_parse(const struct nlattr *nest, struct agg_window *w)
{
	struct nlattr *tb[EDGEFLOW_WINDOW_A_MAX + 1];
	int i;

	if (nla_parse_nested(tb, EDGEFLOW_WINDOW_A_MAX, (struct nlattr *)nest,
			     (struct nla_policy *)agg_win_policy))
		return -EBADMSG;
	for (i = EDGEFLOW_WINDOW_A_SEQ; i <= EDGEFLOW_WINDOW_A_FLAGS; i++) {
		if (!tb[i])
			return -EBADMSG;
	}
	memset(w, 0, sizeof(*w));
	w->seq = nla_get_u64(tb[EDGEFLOW_WINDOW_A_SEQ]);
	w->service_id = nla_get_u32(tb[EDGEFLOW_WINDOW_A_SERVICE_ID]);
	w->device = nla_get_u32(tb[EDGEFLOW_WINDOW_A_DEVICE]);
	w->channel = nla_get_u8(tb[EDGEFLOW_WINDOW_A_CHANNEL]);
	w->kind = nla_get_u8(tb[EDGEFLOW_WINDOW_A_KIND]);
	w->start_ns = nla_get_u64(tb[EDGEFLOW_WINDOW_A_START_NS]);
	w->length_ns = nla_get_u64(tb[EDGEFLOW_WINDOW_A_LENGTH_NS]);
	w->count = nla_get_u32(tb[EDGEFLOW_WINDOW_A_COUNT]);
	w->min = (int32_t)nla_get_u32(tb[EDGEFLOW_WINDOW_A_VMIN]);
	w->max = (int32_t)nla_get_u32(tb[EDGEFLOW_WINDOW_A_VMAX]);
	w->first = (int32_t)nla_get_u32(tb[EDGEFLOW_WINDOW_A_FIRST]);
	w->last = (int32_t)nla_get_u32(tb[EDGEFLOW_WINDOW_A_LAST]);
	w->sum = (int64_t)nla_get_u64(tb[EDGEFLOW_WINDOW_A_SUM]);
	w->sumsq_hi = nla_get_u64(tb[EDGEFLOW_WINDOW_A_SUMSQ_HI]);
	w->sumsq_lo = nla_get_u64(tb[EDGEFLOW_WINDOW_A_SUMSQ_LO]);
	w->flags = nla_get_u16(tb[EDGEFLOW_WINDOW_A_FLAGS]);
	return 0;
}

void agg_window_from_ef(struct agg_window *w, const struct ef_window *ew)
{
	memset(w, 0, sizeof(*w));
	w->channel = ew->channel;
	w->kind = ew->kind;
	w->flags = ew->flags;
	w->start_ns = ew->start_ns;
	w->length_ns = ew->length_ns;
	w->count = ew->count;
	w->min = ew->min;
	w->max = ew->max;
	w->first = ew->first;
	w->last = ew->last;
	w->sum = ew->sum;
	w->sumsq_hi = ew->sumsq_hi;
	w->sumsq_lo = ew->sumsq_lo;
}

void agg_window_to_ef(struct ef_window *ew, const struct agg_window *w)
{
	memset(ew, 0, sizeof(*ew));
	ew->channel = w->channel;
	ew->kind = w->kind;
	ew->flags = w->flags;
	ew->start_ns = w->start_ns;
	ew->length_ns = w->length_ns;
	ew->count = w->count;
	ew->min = w->min;
	ew->max = w->max;
	ew->first = w->first;
	ew->last = w->last;
	ew->sum = w->sum;
	ew->sumsq_hi = w->sumsq_hi;
	ew->sumsq_lo = w->sumsq_lo;
}

double agg_mean(const struct agg_window *w)
{
	return w->count ? (double)w->sum / w->count : 0.0;
}

double agg_variance(const struct agg_window *w)
{
	long double sumsq, mean;

	if (!w->count)
		return 0.0;
	sumsq = ldexpl((long double)w->sumsq_hi, 64) + (long double)w->sumsq_lo;
	mean = (long double)w->sum / w->count;
	return (double)fmaxl(sumsq / w->count - mean * mean, 0.0L);
}

void agg_window_print(const char *key, const struct agg_window *w, const char *service)
{
	out_obj_open(key);
	out_u64("seq", "%" PRIu64, w->seq);
	if (service)
		out_str("service", " service %s", service);
	out_u64("service_id", service ? NULL : " service %" PRIu64, w->service_id);
	out_u64("device", " device %" PRIu64, w->device);
	out_u64("channel", " channel %" PRIu64, w->channel);
	out_str("kind", " kind %s", cfg_kind_name(w->kind));
	out_u64("start_ns", " start %" PRIu64, w->start_ns);
	out_u64("length_ns", " length %" PRIu64 "\n", w->length_ns);
	out_u64("count", "    count %" PRIu64, w->count);
	out_s64("min", " min %" PRId64, w->min);
	out_dbl("mean", " mean %.3f", agg_mean(w));
	out_s64("max", " max %" PRId64, w->max);
	out_s64("first", " first %" PRId64, w->first);
	out_s64("last", " last %" PRId64, w->last);
	out_dbl("stddev", " stddev %.3f\n", sqrt(agg_variance(w)));
	out_s64("sum", NULL, w->sum);
	out_u64("sumsq_hi", NULL, w->sumsq_hi);
	out_u64("sumsq_lo", NULL, w->sumsq_lo);
	out_bool("saturated", NULL, w->flags & EDGEFLOW_WIRE_SF_SATURATED);
	out_obj_close();
}

struct agg_show {
	struct cfg_service *svcs;
	int n_svcs;
	int64_t service_id;	/* -1: all */
	int64_t device;		/* -1: all */
	uint64_t shown;
};

static const char *agg_service_name(const struct agg_show *s, uint32_t id)
{
	int i;

	for (i = 0; i < s->n_svcs; i++) {
		if (s->svcs[i].id == id)
			return s->svcs[i].name;
	}
	return NULL;
}

static int agg_show_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];
	struct agg_show *s = arg;
	struct agg_window w;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, EDGEFLOW_A_MAX, NULL) ||
	    !tb[EDGEFLOW_A_WINDOW] || agg_window_parse(tb[EDGEFLOW_A_WINDOW], &w))
		return -EBADMSG;
	if (s->service_id >= 0 && w.service_id != (uint32_t)s->service_id)
		return 0;
	if (s->device >= 0 && w.device != (uint32_t)s->device)
		return 0;
	agg_window_print(NULL, &w, agg_service_name(s, w.service_id));
	s->shown++;
	return 0;
}

static int agg_show(struct ectl_nl *nl, int argc, char **argv)
{
	struct agg_show s = { .service_id = -1, .device = -1 };
	const char *svc_name = NULL;
	uint64_t from = 0;
	struct nl_msg *msg;
	int i, err;

	for (i = 0; i < argc; i += 2) {
		uint32_t v;

		if (i + 1 >= argc) {
			ectl_err("agg show: \"%s\" needs a value", argv[i]);
			return -EINVAL;
		}
		if (!strcmp(argv[i], "service")) {
			svc_name = argv[i + 1];
		} else if (!strcmp(argv[i], "device")) {
			if (cli_u32("agg show", "device", argv[i + 1], UINT32_MAX, &v))
				return -EINVAL;
			s.device = v;
		} else if (!strcmp(argv[i], "from")) {
			if (cli_u64("agg show", "from", argv[i + 1], &from))
				return -EINVAL;
		} else {
			ectl_err("agg show: unknown argument \"%s\"; try \"edgectl agg help\"",
				 argv[i]);
			return -EINVAL;
		}
	}

	err = cfg_service_dump(nl, &s.svcs, &s.n_svcs);
	if (err) {
		ectl_nl_perror(nl, "agg show: services");
		return err;
	}
	if (svc_name) {
		for (i = 0; i < s.n_svcs; i++) {
			if (!strcmp(s.svcs[i].name, svc_name))
				s.service_id = s.svcs[i].id;
		}
		if (s.service_id < 0) {
			ectl_err("agg show: no service \"%s\"", svc_name);
			free(s.svcs);
			return -ENOENT;
		}
	}

	msg = ectl_nl_msg(nl, EDGEFLOW_CMD_AGG_GET, true);
	if (!msg || (from && nla_put_u64(msg, EDGEFLOW_A_WINDOW_SEQ, from))) {
		free(s.svcs);
		return -ENOMEM;
	}
	out_begin();
	out_arr_open("windows");
	err = ectl_nl_request(nl, msg, agg_show_cb, &s);
	out_arr_close();
	out_end();
	if (err)
		ectl_nl_perror(nl, "agg show");
	free(s.svcs);
	return err;
}

struct agg_info {
	uint64_t seq, lost;
	uint32_t kept;
	bool seen;
};

static int agg_info_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];
	struct agg_info *ai = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, EDGEFLOW_A_MAX, NULL) ||
	    !tb[EDGEFLOW_A_COUNT])
		return -EBADMSG;
	ai->kept = nla_get_u32(tb[EDGEFLOW_A_COUNT]);
	if (tb[EDGEFLOW_A_WINDOW_SEQ])
		ai->seq = nla_get_u64(tb[EDGEFLOW_A_WINDOW_SEQ]);
	if (tb[EDGEFLOW_A_WINDOWS_LOST])
		ai->lost = nla_get_u64(tb[EDGEFLOW_A_WINDOWS_LOST]);
	ai->seen = true;
	return 0;
}

static int agg_info(struct ectl_nl *nl)
{
	struct agg_info ai = { 0 };
	struct nl_msg *msg;
	int err;

	msg = ectl_nl_msg(nl, EDGEFLOW_CMD_AGG_GET, false);
	if (!msg)
		return -ENOMEM;
	err = ectl_nl_request(nl, msg, agg_info_cb, &ai);
	if (err) {
		ectl_nl_perror(nl, "agg info");
		return err;
	}
	out_begin();
	out_u64("kept", "windows kept %" PRIu64, ai.kept);
	out_u64("newest_seq", ", newest seq %" PRIu64, ai.seq);
	out_u64("lost", ", lost %" PRIu64 "\n", ai.lost);
	out_end();
	return 0;
}

static int agg_del_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[EDGEFLOW_A_MAX + 1];

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, EDGEFLOW_A_MAX, NULL) ||
	    !tb[EDGEFLOW_A_COUNT])
		return -EBADMSG;
	*(uint32_t *)arg = nla_get_u32(tb[EDGEFLOW_A_COUNT]);
	return 0;
}

static int agg_del(struct ectl_nl *nl, int argc, char **argv)
{
	struct nl_msg *msg;
	uint32_t n = 0;
	uint64_t upto;
	int err;

	if (argc != 2 || strcmp(argv[0], "upto")) {
		agg_usage(stderr);
		return -EINVAL;
	}
	if (cli_u64("agg del", "upto", argv[1], &upto))
		return -EINVAL;
	msg = ectl_nl_msg(nl, EDGEFLOW_CMD_AGG_DEL, false);
	if (!msg || nla_put_u64(msg, EDGEFLOW_A_WINDOW_SEQ, upto))
		return -ENOMEM;
	err = ectl_nl_request(nl, msg, agg_del_cb, &n);
	if (err) {
		ectl_nl_perror(nl, "agg del");
		return err;
	}
	ectl_info("deleted %u windows", n);
	return 0;
}

int ectl_cmd_agg(int argc, char **argv)
{
	struct ectl_nl nl;
	int err;

	if (argc < 2 || !strcmp(argv[1], "help")) {
		agg_usage(argc < 2 ? stderr : stdout);
		return argc < 2;
	}
	if (strcmp(argv[1], "show") && strcmp(argv[1], "info") && strcmp(argv[1], "del")) {
		ectl_err("agg: unknown command \"%s\"; try \"edgectl agg help\"", argv[1]);
		return 1;
	}
	if (ectl_nl_open(&nl))
		return 1;
	if (!strcmp(argv[1], "show"))
		err = agg_show(&nl, argc - 2, argv + 2);
	else if (!strcmp(argv[1], "info"))
		err = argc == 2 ? agg_info(&nl) : -EINVAL;
	else
		err = agg_del(&nl, argc - 2, argv + 2);
	ectl_nl_close(&nl);
	return err ? 1 : 0;
}
