#!/bin/bash
# The gateway test topology, in network namespaces on this machine only:
#
#   PFXsens (eth0 10.1.0.1, fd01::1) --- s0 PFXgw  v1 --- PFXsrv1 (eth0 10.2.1.1, fd02:1::1)
#                                        10.1.0.254  v2 --- PFXsrv2 (eth0 10.2.2.1, fd02:2::1)
#                                        fd01::fe    v3 --- PFXsrv3 (eth0 10.2.3.1, fd02:3::1)
#
# The gateway forwards IPv4 and IPv6; v<k> is 10.2.<k>.254 / fd02:<k>::fe.
# Neighbour entries are static, so the first datagram of a test already
# finds its next hop (no ARP/ND race with short bursts on a loaded machine).
# Servers have GRO on, so frames XDP redirects into their veth are taken.
# The sensors send with full UDP checksums, as on a wire: with checksum
# offload a veth carries only the pseudo-header sum, which a rewrite then
# cannot patch into a valid checksum for a frame redirected to a server.
#
#   tests/lib/topo.sh up PFX      create (after removing leftovers)
#   tests/lib/topo.sh down PFX    remove
set -eu
cmd=${1:-}
pfx=${2:-ef}
servers=3

down() {
	local ns
	for ns in sens gw $(seq -f 'srv%g' 1 $servers); do
		ip netns del "$pfx$ns" 2>/dev/null || true
	done
}

mac() {	# mac NS DEV
	ip -n "$1" link show "$2" | awk '/link\/ether/ { print $2 }'
}

# neigh NS1 DEV1 NS2 DEV2 A4_1 A6_1 A4_2 A6_2: static entries both ways
neigh() {
	local m1 m2
	m1=$(mac "$1" "$2")
	m2=$(mac "$3" "$4")
	ip -n "$1" neigh replace "$7" lladdr "$m2" dev "$2" nud permanent
	ip -n "$1" neigh replace "$8" lladdr "$m2" dev "$2" nud permanent
	ip -n "$3" neigh replace "$5" lladdr "$m1" dev "$4" nud permanent
	ip -n "$3" neigh replace "$6" lladdr "$m1" dev "$4" nud permanent
}

up() {
	local k gw=${pfx}gw sens=${pfx}sens
	down
	# Built in on some kernels; where it is a module, load it explicitly
	# (a test VM's init cannot autoload modules from the chroot).
	[ -d /sys/module/veth ] || modprobe veth 2>/dev/null || true
	ip netns add "$sens"
	ip netns add "$gw"
	ip -n "$gw" link set lo up
	ip -n "$sens" link set lo up
	ip netns exec "$gw" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1

	ip link add eth0 netns "$sens" type veth peer name s0 netns "$gw"
	ip -n "$sens" addr add 10.1.0.1/24 dev eth0
	ip -n "$sens" addr add fd01::1/64 dev eth0 nodad
	ip -n "$gw" addr add 10.1.0.254/24 dev s0
	ip -n "$gw" addr add fd01::fe/64 dev s0 nodad
	ip netns exec "$sens" ethtool -K eth0 tx off >/dev/null
	ip -n "$sens" link set eth0 up
	ip -n "$gw" link set s0 up
	ip -n "$sens" route add default via 10.1.0.254
	ip -n "$sens" -6 route add default via fd01::fe
	neigh "$sens" eth0 "$gw" s0 10.1.0.1 fd01::1 10.1.0.254 fd01::fe

	for k in $(seq 1 $servers); do
		local srv=${pfx}srv$k
		ip netns add "$srv"
		ip -n "$srv" link set lo up
		ip link add eth0 netns "$srv" type veth peer name "v$k" netns "$gw"
		ip -n "$srv" addr add "10.2.$k.1/24" dev eth0
		ip -n "$srv" addr add "fd02:$k::1/64" dev eth0 nodad
		ip -n "$gw" addr add "10.2.$k.254/24" dev "v$k"
		ip -n "$gw" addr add "fd02:$k::fe/64" dev "v$k" nodad
		ip -n "$srv" link set eth0 up
		ip -n "$gw" link set "v$k" up
		ip -n "$srv" route add default via "10.2.$k.254"
		ip -n "$srv" -6 route add default via "fd02:$k::fe"
		ip netns exec "$srv" ethtool -K eth0 gro on >/dev/null 2>&1 || true
		neigh "$srv" eth0 "$gw" "v$k" "10.2.$k.1" "fd02:$k::1" "10.2.$k.254" "fd02:$k::fe"
	done
}

case $cmd in
up) up ;;
down) down ;;
*) echo "usage: $0 { up | down } PREFIX" >&2; exit 2 ;;
esac
