// SPDX-License-Identifier: GPL-2.0
/* edgectl: generic netlink transport with extended ack messages. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <linux/edgeflow.h>

#include "edgectl.h"
#include "nl.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

struct ectl_nl_req {
	struct ectl_nl *nl;
	ectl_nl_cb cb;
	void *arg;
	bool done;
};

int ectl_nl_open(struct ectl_nl *nl)
{
	int one = 1;
	int err;

	memset(nl, 0, sizeof(*nl));
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;

	err = genl_connect(nl->sk);
	if (err) {
		ectl_err("cannot open a generic netlink socket: %s", nl_geterror(err));
		err = -ECONNREFUSED;
		goto err_free;
	}

	/* libnl 3.7 has no helper for this; the fd is an ordinary socket. */
	if (setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		       &one, sizeof(one)))
		ectl_dbg("NETLINK_EXT_ACK: %s", strerror(errno));

	nl->family = genl_ctrl_resolve(nl->sk, EDGEFLOW_GENL_NAME);
	if (nl->family < 0) {
		ectl_err("the edgeflow kernel module is not loaded "
			 "(no generic netlink family \"%s\"; try: modprobe edgeflow)",
			 EDGEFLOW_GENL_NAME);
		err = -ENOENT;
		goto err_free;
	}
	return 0;

err_free:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return err;
}

void ectl_nl_close(struct ectl_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

struct nl_msg *ectl_nl_msg(struct ectl_nl *nl, int cmd, bool dump)
{
	int flags = NLM_F_REQUEST | NLM_F_ACK | (dump ? NLM_F_DUMP : 0);
	struct nl_msg *msg;

	msg = nlmsg_alloc();
	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags,
			 cmd, EDGEFLOW_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* Pull NLMSGERR_ATTR_MSG and _OFFS out of the TLVs that follow nlmsgerr. */
void ectl_nl_parse_extack(struct ectl_nl *nl, struct nlmsgerr *e)
{
	struct nlmsghdr *hdr = (struct nlmsghdr *)e - 1;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*e);
	struct nlattr *tlvs;
	int len;

	if (!(hdr->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(hdr->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;

	len = (int)hdr->nlmsg_len - NLMSG_HDRLEN - (int)off;
	if (len <= 0)
		return;
	tlvs = (struct nlattr *)((char *)e + off);
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, tlvs, len, NULL))
		return;

	if (tb[NLMSGERR_ATTR_MSG])
		nla_strlcpy(nl->ext_msg, tb[NLMSGERR_ATTR_MSG], sizeof(nl->ext_msg));
	if (tb[NLMSGERR_ATTR_OFFS])
		nl->ext_offs = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
}

static int ectl_nl_err_cb(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct ectl_nl_req *req = arg;

	(void)who;
	req->nl->err = e->error < 0 ? -e->error : e->error;
	ectl_nl_parse_extack(req->nl, e);
	req->done = true;
	return NL_STOP;
}

static int ectl_nl_ack_cb(struct nl_msg *msg, void *arg)
{
	struct ectl_nl_req *req = arg;

	(void)msg;
	req->done = true;
	return NL_STOP;
}

static int ectl_nl_valid_cb(struct nl_msg *msg, void *arg)
{
	struct ectl_nl_req *req = arg;
	int err;

	if (!req->cb)
		return NL_OK;
	err = req->cb(msg, req->arg);
	if (err < 0) {
		req->nl->err = -err;
		snprintf(req->nl->ext_msg, sizeof(req->nl->ext_msg),
			 "cannot parse the kernel's reply");
		return NL_STOP;
	}
	return NL_OK;
}

int ectl_nl_request(struct ectl_nl *nl, struct nl_msg *msg, ectl_nl_cb cb, void *arg)
{
	struct ectl_nl_req req = { .nl = nl, .cb = cb, .arg = arg };
	struct nl_cb *nlcb;
	int err;

	nl->err = 0;
	nl->ext_msg[0] = '\0';
	nl->ext_offs = 0;

	nlcb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!nlcb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_err(nlcb, NL_CB_CUSTOM, ectl_nl_err_cb, &req);
	nl_cb_set(nlcb, NL_CB_ACK, NL_CB_CUSTOM, ectl_nl_ack_cb, &req);
	nl_cb_set(nlcb, NL_CB_FINISH, NL_CB_CUSTOM, ectl_nl_ack_cb, &req);
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, ectl_nl_valid_cb, &req);

	err = nl_send_auto(nl->sk, msg);
	nlmsg_free(msg);
	if (err < 0) {
		nl->err = EIO;
		snprintf(nl->ext_msg, sizeof(nl->ext_msg), "send: %s", nl_geterror(err));
		goto out;
	}

	while (!req.done) {
		err = nl_recvmsgs(nl->sk, nlcb);
		if (err < 0 && !nl->err) {
			nl->err = EIO;
			snprintf(nl->ext_msg, sizeof(nl->ext_msg), "receive: %s",
				 nl_geterror(err));
		}
		if (nl->err)
			break;
	}
out:
	nl_cb_put(nlcb);
	return nl->err ? -nl->err : 0;
}

void ectl_nl_perror(const struct ectl_nl *nl, const char *what)
{
	if (nl->ext_msg[0])
		ectl_err("%s: %s (%s)", what, nl->ext_msg, strerror(nl->err));
	else
		ectl_err("%s: %s", what, strerror(nl->err));
}
