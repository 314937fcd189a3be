// SPDX-License-Identifier: GPL-2.0
/* edgectl: load, pin and program the XDP fast path. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "edgectl.h"
#include "xdp.h"
#include "edgeflow.skel.h"

static const char *const ectl_xdp_maps[] = {
	"efx_services", "efx_servers", "efx_steer", "efx_devices",
	"efx_windows", "efx_stats",
};

static void ectl_xdp_reset(struct ectl_xdp *x)
{
	x->prog_fd = x->services_fd = x->servers_fd = x->steer_fd = -1;
	x->devices_fd = x->windows_fd = x->stats_fd = -1;
	x->ncpus = libbpf_num_possible_cpus();
}

#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC 0xcafe4a11
#endif

const char *ectl_xdp_pin_dir(void)
{
	const char *dir = getenv("EDGEFLOW_BPF_DIR");

	return dir && *dir ? dir : EFX_PIN_DIR;
}

/* Pins need bpffs; a fresh mount namespace may have none on /sys/fs/bpf. */
static int ectl_xdp_bpffs(const char *dir)
{
	char parent[PATH_MAX], *slash;
	struct statfs st;

	snprintf(parent, sizeof(parent), "%s", dir);
	slash = strrchr(parent, '/');
	if (slash && slash != parent)
		*slash = '\0';
	if (!statfs(parent, &st) && st.f_type == BPF_FS_MAGIC)
		return 0;
	if (strcmp(parent, "/sys/fs/bpf")) {
		ectl_err("%s is not on a bpf filesystem", parent);
		return -ENOTDIR;
	}
	if (mount("bpf", parent, "bpf", 0, "mode=0700")) {
		ectl_err("cannot mount bpffs on %s: %s", parent, strerror(errno));
		return -errno;
	}
	ectl_info("mounted bpffs on %s", parent);
	return 0;
}

static int ectl_xdp_mkdir(const char *dir)
{
	int err = ectl_xdp_bpffs(dir);

	if (err)
		return err;
	if (mkdir(dir, 0700) && errno != EEXIST) {
		ectl_err("cannot create %s: %s (is bpffs mounted on /sys/fs/bpf?)",
			 dir, strerror(errno));
		return -errno;
	}
	return 0;
}

int ectl_xdp_load(struct ectl_xdp *x, const char *pin_root)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .pin_root_path = pin_root);
	struct edgeflow_bpf *skel;
	char path[PATH_MAX];
	int err;

	ectl_xdp_reset(x);
	err = ectl_xdp_mkdir(pin_root);
	if (err)
		return err;

	skel = edgeflow_bpf__open_opts(&opts);
	if (!skel) {
		err = -errno;
		ectl_err("cannot open the XDP object: %s", strerror(-err));
		return err;
	}

	err = edgeflow_bpf__load(skel);
	if (err) {
		ectl_err("cannot load the XDP program: %s", strerror(-err));
		goto out;
	}

	snprintf(path, sizeof(path), "%s/%s", pin_root, ECTL_XDP_PROG_PIN);
	unlink(path);
	err = bpf_program__pin(skel->progs.efx_xdp, path);
	if (err) {
		ectl_err("cannot pin the XDP program at %s: %s", path, strerror(-err));
		goto out;
	}
	/* Reopen everything by its pin: the skeleton goes, the fds stay. */
	err = ectl_xdp_open(x, pin_root);
out:
	edgeflow_bpf__destroy(skel);
	return err;
}

static int ectl_xdp_get(const char *pin_root, const char *name, int *fd)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", pin_root, name);
	*fd = bpf_obj_get(path);
	return *fd < 0 ? -errno : 0;
}

int ectl_xdp_open(struct ectl_xdp *x, const char *pin_root)
{
	int *fds[] = {
		&x->services_fd, &x->servers_fd, &x->steer_fd, &x->devices_fd,
		&x->windows_fd, &x->stats_fd,
	};
	size_t i;
	int err;

	ectl_xdp_reset(x);
	err = ectl_xdp_get(pin_root, ECTL_XDP_PROG_PIN, &x->prog_fd);
	if (err)
		return err;
	for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		err = ectl_xdp_get(pin_root, ectl_xdp_maps[i], fds[i]);
		if (err) {
			ectl_err("XDP map %s/%s: %s", pin_root, ectl_xdp_maps[i],
				 strerror(-err));
			ectl_xdp_close(x);
			return err;
		}
	}
	return 0;
}

void ectl_xdp_close(struct ectl_xdp *x)
{
	int fds[] = {
		x->prog_fd, x->services_fd, x->servers_fd, x->steer_fd,
		x->devices_fd, x->windows_fd, x->stats_fd,
	};
	size_t i;

	for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		if (fds[i] >= 0)
			close(fds[i]);
	}
	ectl_xdp_reset(x);
}

int ectl_xdp_unpin(const char *pin_root)
{
	char path[PATH_MAX];
	size_t i;
	int err = 0;

	snprintf(path, sizeof(path), "%s/%s", pin_root, ECTL_XDP_PROG_PIN);
	if (unlink(path) && errno != ENOENT)
		err = -errno;
	for (i = 0; i < sizeof(ectl_xdp_maps) / sizeof(ectl_xdp_maps[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", pin_root, ectl_xdp_maps[i]);
		if (unlink(path) && errno != ENOENT)
			err = -errno;
	}
	if (rmdir(pin_root) && errno != ENOENT && errno != ENOTEMPTY)
		err = -errno;
	return err;
}

static int ectl_xdp_update(int fd, const void *key, const void *val)
{
	return bpf_map_update_elem(fd, key, val, BPF_ANY) ? -errno : 0;
}

static int ectl_xdp_delete(int fd, const void *key)
{
	return bpf_map_delete_elem(fd, key) && errno != ENOENT ? -errno : 0;
}

int ectl_xdp_service_put(struct ectl_xdp *x, uint16_t port, const struct efx_service *svc)
{
	__u32 key = port;

	if (svc->id >= EFX_MAX_SERVICES)
		return -ERANGE;
	return ectl_xdp_update(x->services_fd, &key, svc);
}

int ectl_xdp_service_del(struct ectl_xdp *x, uint16_t port)
{
	__u32 key = port;

	return ectl_xdp_delete(x->services_fd, &key);
}

int ectl_xdp_server_put(struct ectl_xdp *x, uint32_t idx, const struct efx_server *srv)
{
	if (idx >= EFX_MAX_SERVERS)
		return -ERANGE;
	return ectl_xdp_update(x->servers_fd, &idx, srv);
}

int ectl_xdp_steer_put(struct ectl_xdp *x, uint32_t svc, uint32_t dev, uint32_t srv)
{
	struct efx_flow_key key = { .service = svc, .device = dev };

	if (srv >= EFX_MAX_SERVERS)
		return -ERANGE;
	return ectl_xdp_update(x->steer_fd, &key, &srv);
}

int ectl_xdp_steer_del(struct ectl_xdp *x, uint32_t svc, uint32_t dev)
{
	struct efx_flow_key key = { .service = svc, .device = dev };

	return ectl_xdp_delete(x->steer_fd, &key);
}

int ectl_xdp_steer_clear(struct ectl_xdp *x)
{
	struct efx_flow_key key, next;
	void *prev = NULL;

	/* Deleting the key just returned would restart the walk; delete
	 * the previous one instead. */
	while (!bpf_map_get_next_key(x->steer_fd, prev, &next)) {
		if (prev && ectl_xdp_delete(x->steer_fd, &key))
			return -errno;
		key = next;
		prev = &key;
	}
	if (prev && ectl_xdp_delete(x->steer_fd, &key))
		return -errno;
	return 0;
}

int ectl_xdp_stats(struct ectl_xdp *x, uint32_t svc, uint64_t *out)
{
	uint64_t *vals;
	__u32 i, slot;
	int c;

	if (svc > EFX_MAX_SERVICES)
		return -ERANGE;
	vals = calloc((size_t)x->ncpus, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	for (i = 0; i < EFX_STATS_PER_SVC; i++) {
		slot = svc * EFX_STATS_PER_SVC + i;
		out[i] = 0;
		if (bpf_map_lookup_elem(x->stats_fd, &slot, vals)) {
			free(vals);
			return -errno;
		}
		for (c = 0; c < x->ncpus; c++)
			out[i] += vals[c];
	}
	free(vals);
	return 0;
}
