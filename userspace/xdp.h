/* SPDX-License-Identifier: GPL-2.0 */
/* edgectl: the XDP fast path's object, pins and maps. */
#ifndef EDGECTL_XDP_H
#define EDGECTL_XDP_H

#include <stdint.h>
#include <linux/bpf.h>
#include <edgeflow/xdp.h>

#define ECTL_XDP_PROG_PIN "efx_xdp"	/* program pin, beside the maps */

struct ectl_xdp {
	int prog_fd;
	int services_fd;
	int servers_fd;
	int steer_fd;
	int devices_fd;
	int windows_fd;
	int stats_fd;
	int ncpus;
};

/* Where the maps are pinned: $EDGEFLOW_BPF_DIR, else EFX_PIN_DIR. */
const char *ectl_xdp_pin_dir(void);

/*
 * Load the XDP object with its maps pinned under @pin_root (reusing maps
 * already pinned there, so state survives a reload) and pin the program.
 * Mounts bpffs on /sys/fs/bpf first when nothing is mounted there.
 */
int ectl_xdp_load(struct ectl_xdp *x, const char *pin_root);

/* Open what an earlier load pinned; -ENOENT when nothing is pinned. */
int ectl_xdp_open(struct ectl_xdp *x, const char *pin_root);
void ectl_xdp_close(struct ectl_xdp *x);

/* Remove the program and map pins under @pin_root. */
int ectl_xdp_unpin(const char *pin_root);

int ectl_xdp_service_put(struct ectl_xdp *x, uint16_t port, const struct efx_service *svc);
int ectl_xdp_service_del(struct ectl_xdp *x, uint16_t port);
int ectl_xdp_server_put(struct ectl_xdp *x, uint32_t idx, const struct efx_server *srv);
int ectl_xdp_steer_put(struct ectl_xdp *x, uint32_t svc, uint32_t dev, uint32_t srv);
int ectl_xdp_steer_del(struct ectl_xdp *x, uint32_t svc, uint32_t dev);
int ectl_xdp_steer_clear(struct ectl_xdp *x);

/*
 * Sum the per-CPU counters of service slot @svc (EFX_MAX_SERVICES: traffic
 * that matched no service) into @out[EFX_STATS_PER_SVC].
 */
int ectl_xdp_stats(struct ectl_xdp *x, uint32_t svc, uint64_t *out);

/* Mirror the module's configuration into the pinned maps. */
int ectl_xdp_sync(void);

#endif /* EDGECTL_XDP_H */
