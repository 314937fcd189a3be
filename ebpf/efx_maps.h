/* SPDX-License-Identifier: GPL-2.0 */
/* edgeflow XDP: maps. Layouts and sizes come from <edgeflow/xdp.h>. */
#ifndef _EFX_MAPS_H
#define _EFX_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <edgeflow/xdp.h>

/* Gateway UDP port (host order) -> service. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, EFX_MAX_SERVICES);
	__type(key, __u32);
	__type(value, struct efx_service);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} efx_services SEC(".maps");

/* Server index -> server. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, EFX_MAX_SERVERS);
	__type(key, __u32);
	__type(value, struct efx_server);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} efx_servers SEC(".maps");

/* (service, device) -> server index. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, EFX_MAX_STEER);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct efx_flow_key);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} efx_steer SEC(".maps");

/* (service, device) -> filter and window state. A plain hash: LRU maps
 * cannot hold a bpf_spin_lock; a full table drops with NO_STATE. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, EFX_MAX_DEVICES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct efx_flow_key);
	__type(value, struct efx_device);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} efx_devices SEC(".maps");

/* Completed windows, kept until the agent reads and deletes them. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, EFX_MAX_WINDOWS);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct efx_window_key);
	__type(value, struct ef_window);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} efx_windows SEC(".maps");

/* Counters, see enum efx_stat. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, EFX_STATS_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} efx_stats SEC(".maps");

/* What must outlive the device lock: the result and closed windows. */
struct efx_scratch {
	struct ef_result	res;
	__u16			closed;
	__u16			pad[3];
	struct ef_window	win[EF_DEV_CHANNELS];	/* name their stream */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct efx_scratch);
} efx_scratch SEC(".maps");

/* Template for a new device: struct efx_device's layout without the lock
 * type, which per-CPU maps cannot hold. */
struct efx_device_tmpl {
	__u32		lock;
	__u32		pad;
	struct ef_dev	dev;
};

_Static_assert(sizeof(struct efx_device_tmpl) == sizeof(struct efx_device),
	       "template must match struct efx_device");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct efx_device_tmpl);
} efx_dev_init SEC(".maps");

#endif /* _EFX_MAPS_H */
