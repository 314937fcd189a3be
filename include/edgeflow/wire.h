/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * edgeflow datapath core: parse, validate and encode wire format v1.
 *
 * The parser takes the payload as (data, data_end, len): data_end bounds
 * every read, len is the payload length the caller learnt from the UDP
 * header. In the kernel and in userspace data_end is data + len. In XDP
 * data_end is the end of the frame, which is what the verifier can check
 * reads against; the exact-length rule is then checked on len, so trailing
 * frame bytes never confuse it and a lying UDP length never makes us read
 * past the frame.
 */
#ifndef _EDGEFLOW_WIRE_H
#define _EDGEFLOW_WIRE_H

#include "compat.h"
#include "../uapi/linux/edgeflow.h"

#define EF_WIRE_HDR_LEN		((__u32)sizeof(struct edgeflow_wire_hdr))
#define EF_WIRE_READING_LEN	((__u32)sizeof(struct edgeflow_wire_reading))
#define EF_WIRE_SUMMARY_LEN	((__u32)sizeof(struct edgeflow_wire_summary))
#define EF_WIRE_DATA_MAX_LEN	(EF_WIRE_HDR_LEN + \
				 EDGEFLOW_WIRE_MAX_READINGS * \
				 EF_WIRE_READING_LEN)
#define EF_WIRE_SUMMARY_MAX_LEN	(EF_WIRE_HDR_LEN + \
				 EDGEFLOW_WIRE_MAX_SUMMARIES * \
				 EF_WIRE_SUMMARY_LEN)

/*
 * Why a datagram failed to parse. All of them count as
 * EDGEFLOW_R_MALFORMED on the wire and in the stats; the detail is for
 * tests, debug counters and logs.
 */
enum ef_parse_err {
	EF_PE_OK = 0,
	EF_PE_SHORT,		/* fewer bytes than the header or readings */
	EF_PE_MAGIC,		/* magic is not EDGEFLOW_WIRE_MAGIC */
	EF_PE_VERSION,		/* version is not EDGEFLOW_WIRE_VERSION */
	EF_PE_TYPE,		/* not the message type this parser takes */
	EF_PE_FLAGS,		/* flag bits outside the defined ones */
	EF_PE_COUNT,		/* count 0 or over the maximum */
	EF_PE_RESERVED,		/* reserved field not 0 */
	EF_PE_LENGTH,		/* len is not exactly what count implies */
	EF_PE_STATUS,		/* a reading arrived with a non-zero status */
	__EF_PE_MAX,
};

/* One reading, host byte order. */
struct ef_reading {
	__s32	value;
	__u8	channel;
	__u8	kind;
	__u16	status;
};

/* A parsed data datagram, host byte order. */
struct ef_packet {
	__u32			device;
	__u32			seq;
	__u8			flags;
	__u8			count;
	struct ef_reading	r[EDGEFLOW_WIRE_MAX_READINGS];
};

/*
 * Validate the header fields shared by data and summary messages, and
 * return how many bytes the whole message must have.
 */
static __always_inline enum ef_parse_err
ef_wire_check_hdr(const struct edgeflow_wire_hdr *h, __u8 type,
		  __u8 flags_allowed, __u32 max_count, __u32 item_len,
		  __u32 len)
{
	if (h->magic != ef_cpu_to_be16(EDGEFLOW_WIRE_MAGIC))
		return EF_PE_MAGIC;
	if (h->version != EDGEFLOW_WIRE_VERSION)
		return EF_PE_VERSION;
	if (h->type != type)
		return EF_PE_TYPE;
	if (h->flags & ~flags_allowed)
		return EF_PE_FLAGS;
	if (h->count == 0 || h->count > max_count)
		return EF_PE_COUNT;
	if (h->reserved)
		return EF_PE_RESERVED;
	if (len != EF_WIRE_HDR_LEN + h->count * item_len)
		return EF_PE_LENGTH;
	return EF_PE_OK;
}

/*
 * Parse a data datagram into @pkt. Returns EF_PE_OK or the first problem
 * found, checking in wire order so the answer for a given input is stable.
 * @pkt is only meaningful on EF_PE_OK.
 */
static __always_inline enum ef_parse_err
ef_wire_parse(const void *data, const void *data_end, __u32 len,
	      struct ef_packet *pkt)
{
	const struct edgeflow_wire_reading *rd;
	const struct edgeflow_wire_hdr *h = data;
	enum ef_parse_err err;
	__u32 i;

	if ((const void *)(h + 1) > data_end || len < EF_WIRE_HDR_LEN)
		return EF_PE_SHORT;

	err = ef_wire_check_hdr(h, EDGEFLOW_WIRE_T_DATA, EDGEFLOW_WIRE_F_ALL,
				EDGEFLOW_WIRE_MAX_READINGS,
				EF_WIRE_READING_LEN, len);
	if (err)
		return err;

	pkt->device = ef_be32_to_cpu(h->device);
	pkt->seq = ef_be32_to_cpu(h->seq);
	pkt->flags = h->flags;
	pkt->count = h->count;

	rd = (const struct edgeflow_wire_reading *)(h + 1);
	for (i = 0; i < EDGEFLOW_WIRE_MAX_READINGS; i++) {
		if (i >= pkt->count)
			break;
		if ((const void *)(rd + i + 1) > data_end)
			return EF_PE_SHORT;
		if (rd[i].status)
			return EF_PE_STATUS;
		pkt->r[i].channel = rd[i].channel;
		pkt->r[i].kind = rd[i].kind;
		pkt->r[i].status = 0;
		pkt->r[i].value = (__s32)ef_be32_to_cpu(rd[i].value);
	}
	return EF_PE_OK;
}

/*
 * Encode @pkt as a data datagram into @buf of @size bytes. Returns the
 * length written, or 0 if @pkt cannot be encoded (count out of range) or
 * @buf is too small. Readings' status fields are written as given, so the
 * gateway can reuse this to emit a datagram with rejection reasons; a
 * device must leave them 0.
 */
static __always_inline __u32 ef_wire_encode(void *buf, __u32 size,
					    const struct ef_packet *pkt)
{
	struct edgeflow_wire_reading *rd;
	struct edgeflow_wire_hdr *h = buf;
	__u32 i, len;

	if (pkt->count == 0 || pkt->count > EDGEFLOW_WIRE_MAX_READINGS)
		return 0;
	len = EF_WIRE_HDR_LEN + pkt->count * EF_WIRE_READING_LEN;
	if (len > size)
		return 0;

	h->magic = ef_cpu_to_be16(EDGEFLOW_WIRE_MAGIC);
	h->version = EDGEFLOW_WIRE_VERSION;
	h->type = EDGEFLOW_WIRE_T_DATA;
	h->flags = pkt->flags;
	h->count = pkt->count;
	h->reserved = 0;
	h->device = ef_cpu_to_be32(pkt->device);
	h->seq = ef_cpu_to_be32(pkt->seq);

	rd = (struct edgeflow_wire_reading *)(h + 1);
	for (i = 0; i < EDGEFLOW_WIRE_MAX_READINGS; i++) {
		if (i >= pkt->count)
			break;
		rd[i].channel = pkt->r[i].channel;
		rd[i].kind = pkt->r[i].kind;
		rd[i].status = ef_cpu_to_be16(pkt->r[i].status);
		rd[i].value = ef_cpu_to_be32((__u32)pkt->r[i].value);
	}
	return len;
}

/*
 * Validate a summary datagram in place and return its record count (> 0),
 * or 0 with *@err set. Records are read with ef_wire_summary_at(); servers
 * and tests use this, the gateway only writes summaries.
 */
static __always_inline __u32
ef_wire_parse_summary(const void *data, const void *data_end, __u32 len,
		      enum ef_parse_err *err)
{
	const struct edgeflow_wire_summary *rec;
	const struct edgeflow_wire_hdr *h = data;
	__u32 i;

	*err = EF_PE_SHORT;
	if ((const void *)(h + 1) > data_end || len < EF_WIRE_HDR_LEN)
		return 0;

	*err = ef_wire_check_hdr(h, EDGEFLOW_WIRE_T_SUMMARY, 0,
				 EDGEFLOW_WIRE_MAX_SUMMARIES,
				 EF_WIRE_SUMMARY_LEN, len);
	if (*err)
		return 0;

	rec = (const struct edgeflow_wire_summary *)(h + 1);
	for (i = 0; i < EDGEFLOW_WIRE_MAX_SUMMARIES; i++) {
		if (i >= h->count)
			break;
		*err = EF_PE_SHORT;
		if ((const void *)(rec + i + 1) > data_end)
			return 0;
		*err = EF_PE_FLAGS;
		if (rec[i].flags & ~ef_cpu_to_be16(EDGEFLOW_WIRE_SF_ALL))
			return 0;
	}
	*err = EF_PE_OK;
	return h->count;
}

/* Fill the header of a summary datagram carrying @count records. */
static __always_inline void ef_wire_summary_hdr(struct edgeflow_wire_hdr *h,
						__u32 device, __u32 seq,
						__u8 count)
{
	h->magic = ef_cpu_to_be16(EDGEFLOW_WIRE_MAGIC);
	h->version = EDGEFLOW_WIRE_VERSION;
	h->type = EDGEFLOW_WIRE_T_SUMMARY;
	h->flags = 0;
	h->count = count;
	h->reserved = 0;
	h->device = ef_cpu_to_be32(device);
	h->seq = ef_cpu_to_be32(seq);
}

#endif /* _EDGEFLOW_WIRE_H */
