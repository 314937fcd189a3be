/* SPDX-License-Identifier: GPL-2.0 */
/* edgectl replay: sensor CSV rows to datagrams. */
#ifndef EDGECTL_REPLAY_H
#define EDGECTL_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#define REPLAY_MAX_MOTES 256

struct replay_row {
	uint32_t reading;	/* sample index of the mote */
	uint32_t mote;
	int32_t humidity;	/* m%RH */
	int32_t temperature;	/* m°C */
	uint32_t label;		/* 1: taken during an introduced event */
};

/* Parse one CSV line in place; on error *bad_field names the field. */
int replay_parse_line(char *line, struct replay_row *row, const char **bad_field);

/* Load a whole CSV (header optional); errors name the line and field. */
int replay_load(const char *path, struct replay_row **rows, size_t *n);

/* Interleave the motes: by reading index, then mote id. */
void replay_sort(struct replay_row *rows, size_t n);

/* Encode @row as a data datagram; returns its length (0 if @size is short). */
uint32_t replay_encode(const struct replay_row *row, uint32_t device, uint32_t seq,
		       uint8_t *buf, uint32_t size);

int ectl_cmd_replay(int argc, char **argv);

#endif /* EDGECTL_REPLAY_H */
