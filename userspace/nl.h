/* SPDX-License-Identifier: GPL-2.0 */
/* edgectl: generic netlink to the edgeflow module, with extended acks. */
#ifndef EDGECTL_NL_H
#define EDGECTL_NL_H

#include <stdbool.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>

struct ectl_nl {
	struct nl_sock *sk;
	int family;
	int err;		/* errno of the last failed request */
	char ext_msg[256];	/* kernel's extack message, if any */
	unsigned int ext_offs;	/* offset of the offending attribute, or 0 */
};

typedef int (*ectl_nl_cb)(struct nl_msg *msg, void *arg);

/*
 * Connect and resolve the family. Returns 0, or -ENOENT when the module is
 * not loaded (after saying so in one line), or another negative errno.
 */
int ectl_nl_open(struct ectl_nl *nl);
void ectl_nl_close(struct ectl_nl *nl);

/* A new request for cmd with the family header filled in; NULL on ENOMEM. */
struct nl_msg *ectl_nl_msg(struct ectl_nl *nl, int cmd, bool dump);

/*
 * Send msg (consumed) and process replies until the ack or the end of the
 * dump, calling cb for each reply. Returns 0 or a negative errno; on failure
 * nl->ext_msg holds the kernel's message, if it gave one.
 */
int ectl_nl_request(struct ectl_nl *nl, struct nl_msg *msg, ectl_nl_cb cb, void *arg);

/*
 * Fill nl->ext_msg and nl->ext_offs from the extended-ack TLVs of an error
 * message; e points into a complete NLMSG_ERROR message.
 */
void ectl_nl_parse_extack(struct ectl_nl *nl, struct nlmsgerr *e);

/* Print "edgectl: what: kernel message (strerror)" for a failed request. */
void ectl_nl_perror(const struct ectl_nl *nl, const char *what);

#endif /* EDGECTL_NL_H */
