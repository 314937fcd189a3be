#!/bin/bash
# The edgeflow demo, run as root where edgeflow.ko loads (natively or in the
# test VM; scripts/demo.sh picks). In network namespaces on this machine
# only: a sensors namespace, the gateway and three edge servers
# (tests/lib/topo.sh). The gateway runs the module and XDP on its
# sensor-facing device; the placement is solved with GLPK and applied; the
# agent exports windows; the Suthaharan et al. dataset is replayed to both
# services; then a report.
set -u
cd "$(dirname "$0")/.." || exit 1

P=efdemo
DATA=../shared/data/sensors/suthaharan-single-hop.csv
SPEEDUP=${EF_DEMO_SPEEDUP:-500}
ECTL=$PWD/build/edgectl
SINK=$PWD/build/tests/tools/efsink
OUT=${EF_DEMO_OUT:-$(mktemp -d /tmp/efdemo.XXXXXX)}
export EDGEFLOW_BPF_DIR=/sys/fs/bpf/efdemo
loaded_here=0

say() { printf '\n== %s\n' "$*"; }
die() { echo "demo: $*" >&2; exit 1; }
gw() { nsenter --net=/run/netns/${P}gw "$@"; }

cleanup() {
	[ -n "${agent:-}" ] && kill "$agent" 2>/dev/null
	[ -n "${sinks:-}" ] && kill $sinks 2>/dev/null
	gw "$ECTL" xdp detach s0 2>/dev/null
	rm -rf "$EDGEFLOW_BPF_DIR"
	tests/lib/topo.sh down $P
	[ $loaded_here = 1 ] && rmmod edgeflow
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || die "run as root"
[ -r "$DATA" ] || die "dataset $DATA not found (the project's shared/ folder beside the checkout)"

say "loading edgeflow.ko"
if ! grep -q '^edgeflow ' /proc/modules; then
	deps=$(modinfo -F depends ./edgeflow.ko | tr ',' ' ')
	[ -z "$deps" ] || modprobe -a $deps || die "cannot load $deps"
	insmod ./edgeflow.ko || die "insmod edgeflow.ko failed"
	loaded_here=1
fi
"$ECTL" info

say "namespaces: sensors, gateway, three edge servers (veth)"
tests/lib/topo.sh up $P || die "cannot build the topology"
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf

say "gateway configuration (examples/gateway.conf)"
gw "$ECTL" -b examples/gateway.conf || die "configuration failed"
gw "$ECTL" service show

say "placement: edgectl place examples/demo-topology.json --apply"
gw "$ECTL" place examples/demo-topology.json --apply -o "$OUT/plan.json" | tee "$OUT/place.txt" ||
	die "placement failed"

say "XDP on the gateway's sensor-facing device"
gw "$ECTL" xdp attach s0 || die "xdp attach failed"
gw "$ECTL" xdp sync || die "xdp sync failed"
gw "$ECTL" xdp status

for k in 1 2 3; do
	ip netns exec ${P}srv$k "$SINK" -p 7000 -l "$OUT/readings$k.csv" > "$OUT/srv$k.txt" 2>&1 &
	sinks="${sinks:-} $!"
done
# nsenter itself, not gw(): the agent must get the signal that stops it.
nsenter --net=/run/netns/${P}gw "$ECTL" agent json "$OUT/windows.jsonl" \
	prom "$OUT/edgeflow.prom" interval 250 2> "$OUT/agent.log" &
agent=$!
sleep 1

say "replaying $(($(wc -l < "$DATA") - 1)) readings of 4 motes, ${SPEEDUP}x faster than 5 s per reading"
start=$(date +%s)
ip netns exec ${P}sens "$ECTL" replay "$DATA" to 10.1.0.254 5684 speedup "$SPEEDUP" \
	labels "$OUT/labels.csv" > "$OUT/replay-alerts.txt" &
r1=$!
ip netns exec ${P}sens "$ECTL" replay "$DATA" to 10.1.0.254 5683 speedup "$SPEEDUP" \
	> "$OUT/replay-telemetry.txt" &
r2=$!
wait $r1 $r2
echo "replayed in $(( $(date +%s) - start )) s"
# Let the last windows close (1 s) and the agent take them.
sleep 2
kill -TERM "$agent"
wait "$agent"
agent=
sleep 0.5
kill -TERM $sinks
wait $sinks 2>/dev/null
sinks=

scripts/demo-report.sh "$OUT" "$DATA"
echo
echo "(run files: $OUT)"
