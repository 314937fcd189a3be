// SPDX-License-Identifier: GPL-2.0
/* edgectl xdp: attach, detach, status and sync of the XDP fast path. */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>

#include "edgectl.h"
#include "out.h"
#include "xdp.h"

static void xdp_usage(FILE *f)
{
	fprintf(f,
		"Usage: edgectl xdp attach DEV [ native | generic ]\n"
		"       edgectl xdp detach DEV\n"
		"       edgectl [-j] xdp status\n"
		"       edgectl xdp sync\n"
		"Where: DEV is a network device name; attach loads the program with its\n"
		"       maps pinned under " EFX_PIN_DIR " (or $EDGEFLOW_BPF_DIR; kept across\n"
		"       reloads) and lets the kernel pick the mode unless one is named.\n");
}

static int xdp_ifindex(const char *dev)
{
	unsigned int idx = if_nametoindex(dev);

	if (!idx)
		ectl_err("xdp: no such device \"%s\"", dev);
	return (int)idx;
}

static int xdp_prog_id(int fd, uint32_t *id)
{
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	*id = info.id;
	return 0;
}

static int xdp_attach(int argc, char **argv)
{
	struct ectl_xdp x;
	__u32 flags = 0;
	int ifindex, err;

	if (argc < 1 || argc > 2) {
		xdp_usage(stderr);
		return 1;
	}
	if (argc == 2) {
		if (!strcmp(argv[1], "native")) {
			flags = XDP_FLAGS_DRV_MODE;
		} else if (!strcmp(argv[1], "generic")) {
			flags = XDP_FLAGS_SKB_MODE;
		} else {
			ectl_err("xdp attach: unknown mode \"%s\"; try \"edgectl xdp help\"",
				 argv[1]);
			return 1;
		}
	}
	ifindex = xdp_ifindex(argv[0]);
	if (!ifindex)
		return 1;

	err = ectl_xdp_load(&x, ectl_xdp_pin_dir());
	if (err)
		return 1;

	err = bpf_xdp_attach(ifindex, x.prog_fd, flags, NULL);
	if (err)
		ectl_err("xdp attach %s: %s", argv[0], strerror(-err));
	else
		ectl_info("XDP program attached to %s", argv[0]);
	ectl_xdp_close(&x);
	return err ? 1 : 0;
}

static int xdp_detach(int argc, char **argv)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, opts);
	struct ectl_xdp x;
	uint32_t ours = 0, cur = 0;
	int ifindex, err;

	if (argc != 1) {
		xdp_usage(stderr);
		return 1;
	}
	ifindex = xdp_ifindex(argv[0]);
	if (!ifindex)
		return 1;
	if (ectl_xdp_open(&x, ectl_xdp_pin_dir())) {
		ectl_err("xdp detach: the edgeflow XDP program is not loaded");
		return 1;
	}
	err = xdp_prog_id(x.prog_fd, &ours);
	if (!err)
		err = bpf_xdp_query_id(ifindex, 0, &cur);
	if (!err && cur != ours) {
		ectl_err("xdp detach: %s runs %s, not edgeflow's program", argv[0],
			 cur ? "another XDP program" : "no XDP program");
		ectl_xdp_close(&x);
		return 1;
	}
	/* Only our program comes off, whatever was attached meanwhile. */
	opts.old_prog_fd = x.prog_fd;
	if (!err)
		err = bpf_xdp_detach(ifindex, XDP_FLAGS_REPLACE, &opts);
	if (err)
		ectl_err("xdp detach %s: %s", argv[0], strerror(-err));
	ectl_xdp_close(&x);
	return err ? 1 : 0;
}

static int xdp_status(void)
{
	struct if_nameindex *ifs, *i;
	struct ectl_xdp x;
	uint32_t ours = 0;
	int err;

	if (ectl_xdp_open(&x, ectl_xdp_pin_dir())) {
		ectl_err("the edgeflow XDP program is not loaded (no pins under %s)",
			 ectl_xdp_pin_dir());
		return 1;
	}
	err = xdp_prog_id(x.prog_fd, &ours);
	if (err) {
		ectl_err("xdp status: %s", strerror(-err));
		ectl_xdp_close(&x);
		return 1;
	}

	out_begin();
	out_str("pin_dir", "pinned under %s", ectl_xdp_pin_dir());
	out_u64("prog_id", ", program id %" PRIu64 "\n", ours);
	out_arr_open("attached");
	ifs = if_nameindex();
	for (i = ifs; i && i->if_index; i++) {
		LIBBPF_OPTS(bpf_xdp_query_opts, q);

		if (bpf_xdp_query((int)i->if_index, 0, &q) || q.prog_id != ours)
			continue;
		out_obj_open(NULL);
		out_str("dev", "attached to %s", i->if_name);
		out_str("mode", " (%s)\n", q.attach_mode == XDP_ATTACHED_DRV ? "native" :
			q.attach_mode == XDP_ATTACHED_SKB ? "generic" :
			q.attach_mode == XDP_ATTACHED_HW ? "offload" : "multi");
		out_obj_close();
	}
	if (ifs)
		if_freenameindex(ifs);
	out_arr_close();
	out_end();
	ectl_xdp_close(&x);
	return 0;
}

int ectl_cmd_xdp(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "help")) {
		xdp_usage(argc < 2 ? stderr : stdout);
		return argc < 2;
	}
	if (!strcmp(argv[1], "attach"))
		return xdp_attach(argc - 2, argv + 2);
	if (!strcmp(argv[1], "detach"))
		return xdp_detach(argc - 2, argv + 2);
	if (!strcmp(argv[1], "status") || !strcmp(argv[1], "show"))
		return xdp_status();
	if (!strcmp(argv[1], "sync"))
		return ectl_xdp_sync() ? 1 : 0;
	ectl_err("xdp: unknown command \"%s\"; try \"edgectl xdp help\"", argv[1]);
	return 1;
}
