// SPDX-License-Identifier: GPL-2.0
/*
 * edgectl replay: turn a sensor CSV (the Suthaharan et al. single-hop
 * dataset layout: reading,mote_id,indoor,humidity,temperature,label) into
 * sensor datagrams, one device per mote, humidity on channel 0 and
 * temperature on channel 1 in milli-units, one sequence per device.
 */
#include <errno.h>
#include <arpa/inet.h>
#include <inttypes.h>
#include <math.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <edgeflow/wire.h>

#include "edgectl.h"
#include "out.h"
#include "replay.h"

static void replay_usage(FILE *f)
{
	fprintf(f,
		"Usage: edgectl replay FILE to ADDR PORT [ speedup N ] [ interval MS ]\n"
		"                      [ device-base ID ] [ seq FIRST ] [ count N ] [ labels OUT ]\n"
		"Where: FILE is a CSV: reading,mote_id,indoor,humidity,temperature,label\n"
		"       ADDR is an IPv4 or IPv6 address, PORT the service's gateway port\n"
		"       MS   nominal time between two readings of one mote (default 5000)\n"
		"       N    speedup: divide that time by N (default 1; 0: no pacing)\n"
		"       ID   device id of mote 0 (default 0: device id = mote id)\n"
		"       FIRST sequence number of each device's first datagram (default 1)\n"
		"       count N: send at most N datagrams\n"
		"       labels OUT: write 'device,seq,label' per datagram sent, for scoring\n");
}

/* Parse one decimal number of the CSV into milli-units. */
static int replay_milli(const char *s, int32_t *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || fabs(v) > 2.0e6)
		return -EINVAL;
	*out = (int32_t)lround(v * 1000.0);
	return 0;
}

static int replay_uint(const char *s, uint32_t *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v > UINT32_MAX || *s == '-')
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

int replay_parse_line(char *line, struct replay_row *row, const char **bad_field)
{
	static const char *const names[] = {
		"reading", "mote_id", "indoor", "humidity", "temperature", "label",
	};
	char *f[6], *save = NULL, *tok;
	uint32_t indoor;
	int n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	for (tok = strtok_r(line, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (n == 6) {
			*bad_field = "(extra field)";
			return -EINVAL;
		}
		f[n++] = tok;
	}
	if (n < 6) {
		*bad_field = names[n];
		return -EINVAL;
	}
	if (replay_uint(f[0], &row->reading)) {
		*bad_field = names[0];
		return -EINVAL;
	}
	if (replay_uint(f[1], &row->mote)) {
		*bad_field = names[1];
		return -EINVAL;
	}
	if (replay_uint(f[2], &indoor) || indoor > 1) {
		*bad_field = names[2];
		return -EINVAL;
	}
	if (replay_milli(f[3], &row->humidity)) {
		*bad_field = names[3];
		return -EINVAL;
	}
	if (replay_milli(f[4], &row->temperature)) {
		*bad_field = names[4];
		return -EINVAL;
	}
	if (replay_uint(f[5], &row->label) || row->label > 1) {
		*bad_field = names[5];
		return -EINVAL;
	}
	return 0;
}

int replay_load(const char *path, struct replay_row **rows, size_t *n)
{
	struct replay_row *v = NULL, *nv;
	size_t cap = 0, len = 0;
	char buf[512];
	unsigned int lineno = 0;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		ectl_err("%s: %s", path, strerror(errno));
		return -errno;
	}
	while (fgets(buf, sizeof(buf), f)) {
		const char *bad = NULL;

		lineno++;
		if (lineno == 1 && !strncmp(buf, "reading,", 8))
			continue;	/* the header */
		if (buf[0] == '\n' || buf[0] == '\r')
			continue;
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				fclose(f);
				return -ENOMEM;
			}
			v = nv;
		}
		if (replay_parse_line(buf, &v[len], &bad)) {
			ectl_err("%s:%u: field %s: not a valid value", path, lineno, bad);
			free(v);
			fclose(f);
			return -EINVAL;
		}
		len++;
	}
	fclose(f);
	*rows = v;
	*n = len;
	return 0;
}

/* Order: by reading index, then mote, so motes interleave as in the field. */
static int replay_cmp(const void *a, const void *b)
{
	const struct replay_row *x = a, *y = b;

	if (x->reading != y->reading)
		return x->reading < y->reading ? -1 : 1;
	if (x->mote != y->mote)
		return x->mote < y->mote ? -1 : 1;
	return 0;
}

void replay_sort(struct replay_row *rows, size_t n)
{
	qsort(rows, n, sizeof(*rows), replay_cmp);
}

uint32_t replay_encode(const struct replay_row *row, uint32_t device, uint32_t seq,
		       uint8_t *buf, uint32_t size)
{
	struct ef_packet pkt = {
		.device = device,
		.seq = seq,
		.count = 2,
	};

	pkt.r[0].channel = 0;
	pkt.r[0].kind = EDGEFLOW_KIND_HUMIDITY;
	pkt.r[0].value = row->humidity;
	pkt.r[1].channel = 1;
	pkt.r[1].kind = EDGEFLOW_KIND_TEMPERATURE;
	pkt.r[1].value = row->temperature;
	return ef_wire_encode(buf, size, &pkt);
}

static int replay_addr(const char *addr, const char *port, struct sockaddr_storage *ss,
		       socklen_t *sslen)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM, .ai_flags = AI_NUMERICHOST };
	struct addrinfo *ai;
	int err;

	err = getaddrinfo(addr, port, &hints, &ai);
	if (err) {
		ectl_err("replay: bad address %s port %s: %s", addr, port, gai_strerror(err));
		return -EINVAL;
	}
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*sslen = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

struct replay_opts {
	const char *file;
	const char *addr;
	const char *port;
	const char *labels;
	uint32_t speedup;
	uint32_t interval_ms;
	uint32_t device_base;
	uint32_t seq_first;
	uint64_t count;
};

static int replay_args(int argc, char **argv, struct replay_opts *o)
{
	int i;

	o->speedup = 1;
	o->interval_ms = 5000;
	o->count = UINT64_MAX;
	o->seq_first = 1;
	if (argc < 5 || strcmp(argv[2], "to")) {
		replay_usage(stderr);
		return -EINVAL;
	}
	o->file = argv[1];
	o->addr = argv[3];
	o->port = argv[4];
	for (i = 5; i < argc; i += 2) {
		uint32_t v;

		if (i + 1 >= argc) {
			ectl_err("replay: \"%s\" needs a value; try \"edgectl replay help\"",
				 argv[i]);
			return -EINVAL;
		}
		if (!strcmp(argv[i], "labels")) {
			o->labels = argv[i + 1];
			continue;
		}
		if (replay_uint(argv[i + 1], &v)) {
			ectl_err("replay: %s: \"%s\" is not a number", argv[i], argv[i + 1]);
			return -EINVAL;
		}
		if (!strcmp(argv[i], "speedup")) {
			o->speedup = v;
		} else if (!strcmp(argv[i], "interval")) {
			o->interval_ms = v;
		} else if (!strcmp(argv[i], "device-base")) {
			o->device_base = v;
		} else if (!strcmp(argv[i], "seq")) {
			o->seq_first = v;
		} else if (!strcmp(argv[i], "count")) {
			o->count = v;
		} else {
			ectl_err("replay: unknown argument \"%s\"; try \"edgectl replay help\"",
				 argv[i]);
			return -EINVAL;
		}
	}
	return 0;
}

/* Sleep until @start + @ns (monotonic). */
static void replay_pace(const struct timespec *start, uint64_t ns)
{
	struct timespec t = *start;

	t.tv_sec += (time_t)(ns / 1000000000ULL);
	t.tv_nsec += (long)(ns % 1000000000ULL);
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR)
		;
}

int ectl_cmd_replay(int argc, char **argv)
{
	uint32_t seq[REPLAY_MAX_MOTES];
	struct sockaddr_storage ss;
	struct replay_row *rows;
	struct replay_opts o = { 0 };
	uint8_t buf[EF_WIRE_DATA_MAX_LEN];
	uint64_t sent = 0, bytes = 0;
	struct timespec start;
	FILE *labels = NULL;
	socklen_t sslen;
	size_t n, i;
	int fd, err;

	if (argc >= 2 && !strcmp(argv[1], "help")) {
		replay_usage(stdout);
		return 0;
	}
	if (replay_args(argc, argv, &o) || replay_addr(o.addr, o.port, &ss, &sslen))
		return 1;
	if (replay_load(o.file, &rows, &n))
		return 1;
	replay_sort(rows, n);
	for (i = 0; i < REPLAY_MAX_MOTES; i++)
		seq[i] = o.seq_first - 1;	/* wraps for 0, as sequences do */

	fd = socket(ss.ss_family, SOCK_DGRAM, 0);
	if (fd < 0) {
		ectl_err("replay: socket: %s", strerror(errno));
		free(rows);
		return 1;
	}
	if (o.labels) {
		labels = fopen(o.labels, "w");
		if (!labels) {
			ectl_err("replay: %s: %s", o.labels, strerror(errno));
			err = 1;
			goto out;
		}
	}

	clock_gettime(CLOCK_MONOTONIC, &start);
	err = 0;
	for (i = 0; i < n && sent < o.count; i++) {
		const struct replay_row *r = &rows[i];
		uint32_t len, dev;

		if (r->mote >= REPLAY_MAX_MOTES) {
			ectl_err("replay: mote_id %u over %u", r->mote, REPLAY_MAX_MOTES - 1);
			err = 1;
			break;
		}
		if (o.speedup)
			replay_pace(&start, (uint64_t)(r->reading - rows[0].reading) *
					    o.interval_ms * 1000000ULL / o.speedup);
		dev = o.device_base + r->mote;
		len = replay_encode(r, dev, ++seq[r->mote], buf, sizeof(buf));
		if (sendto(fd, buf, len, 0, (struct sockaddr *)&ss, sslen) < 0) {
			ectl_err("replay: send: %s", strerror(errno));
			err = 1;
			break;
		}
		if (labels)
			fprintf(labels, "%u,%u,%u\n", dev, seq[r->mote], r->label);
		sent++;
		bytes += len;
	}

	out_begin();
	out_u64("datagrams", "replayed %" PRIu64 " datagrams", sent);
	out_u64("bytes", ", %" PRIu64 " payload bytes", bytes);
	out_str("to", " to %s", o.addr);
	out_str("port", " port %s\n", o.port);
	out_end();
out:
	if (labels && fclose(labels)) {
		ectl_err("replay: %s: %s", o.labels, strerror(errno));
		err = 1;
	}
	close(fd);
	free(rows);
	return err;
}
