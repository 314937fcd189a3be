#!/bin/sh
# The benchmark rows that need edgeflow.ko, run as root where the module
# loads (inside the test VM, from bench/run.sh, or natively). Prints one
# "EFB ..." line per measurement for bench/run.sh to collect:
#
#   EFB plan entries=N seconds=S wall=W           edgectl plan apply
#   EFB kmem entries=N memfree=B slab=B vmalloc=B  kernel memory held by N entries
#   EFB rate round=R mode=M pps=P offered=O csum_errors=C seconds=S
#   EFB skip part=P reason=...                     what could not run, and why
#
#   bench/vm.sh [ plan ] [ rate ]    (default: both)
#
# Environment: EFB_ROUNDS (3), EFB_PACKETS (100000) per rate measurement,
# EFB_PLANS (build/bench/plan-*.json, written by bench/run.sh).
set -u
cd "$(dirname "$0")/.." || exit 1

E=build/edgectl
B=build/bench
P=efb
ROUNDS=${EFB_ROUNDS:-3}
PKTS=${EFB_PACKETS:-100000}
DEVICES=64
xdp_broken=
parts=${*:-plan rate}

say() { echo "EFB $*"; }
stage() { echo "EFB_T $(cut -d' ' -f1 /proc/uptime) $*"; }
calc() { awk "BEGIN { print $1 }"; }
gw() { ip netns exec ${P}gw "$@"; }

load_module() {
	grep -q '^edgeflow ' /proc/modules && rmmod edgeflow
	deps=$(modinfo -F depends ./edgeflow.ko 2>/dev/null | tr ',' ' ')
	[ -z "$deps" ] || modprobe -a $deps || return 1
	insmod ./edgeflow.ko max_steer=2000000
}

# MemFree, Slab and VmallocUsed in bytes, after the page cache is dropped.
meminfo() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
	awk '/^MemFree:/ { f = $2 } /^Slab:/ { s = $2 } /^VmallocUsed:/ { v = $2 }
	     END { print f * 1024, s * 1024, v * 1024 }' /proc/meminfo
}

# plan apply: install rate for each plan file, and the kernel memory that
# the largest one holds (measured first, before other tables were freed).
plan_part() {
	stage plan
	for i in $(seq 1 16); do
		$E server add "s$i" addr "10.0.0.$i" port 9000 || return 1
	done
	for i in $(seq 1 8); do
		$E service add "v$i" port $((5000 + i)) mode forward || return 1
	done
	sleep 1
	set -- $(meminfo)
	f0=$1 s0=$2 v0=$3
	for n in 1000000 100000 10000; do
		plan=$B/plan-$n.json
		if [ ! -r "$plan" ]; then
			say skip part=plan reason="$plan missing (bench/run.sh writes it)"
			continue
		fi
		t0=$(date +%s.%N)
		out=$($E -j plan apply "$plan") || { say skip part=plan reason="plan apply of $n entries failed"; continue; }
		t1=$(date +%s.%N)
		got=$(printf '%s' "$out" | sed -n 's/.*"entries": *\([0-9]*\).*/\1/p')
		secs=$(printf '%s' "$out" | sed -n 's/.*"seconds": *\([0-9.e-]*\).*/\1/p')
		say plan entries="$got" seconds="$secs" wall="$(calc "$t1 - $t0")"
		if [ "$n" = 1000000 ]; then
			# The previous (empty) table goes after an RCU grace period.
			sleep 2
			set -- $(meminfo)
			say kmem entries="$got" memfree=$((f0 - $1)) slab=$(($2 - s0)) vmalloc=$(($3 - v0))
		fi
	done
	$E flush > /dev/null
}

# Sum of what the three servers' UDP stacks received (queued, or dropped on
# their full buffers: either way the gateway delivered it), and checksum
# errors, read through each holder's /proc/PID/net/snmp.
delivered() {
	awk '$1 == "Udp:" && $2 ~ /^[0-9]/ { d += $2 + $6; c += $8 } END { print d + 0, c + 0 }' \
		/proc/$h1/net/snmp /proc/$h2/net/snmp /proc/$h3/net/snmp
}

rate_setup() {
	[ -d /sys/module/veth ] || modprobe veth
	tests/lib/topo.sh up $P || return 1
	for k in 1 2 3; do
		ip netns exec ${P}srv$k $B/efb_relay hold 7000 > /dev/null &
		eval h$k=$!
		mac=$(ip netns exec ${P}srv$k cat /sys/class/net/eth0/address)
		# Resolved next hops, so XDP redirects from the first packet.
		gw ip neigh replace 10.2.$k.1 lladdr "$mac" dev v$k nud permanent
	done
	gwmac=$(gw cat /sys/class/net/s0/address)
	for port in 5683 5684 5685; do
		$B/efb_trafgen -s 10.1.0.1 -d 10.1.0.254 -p $port -m "$gwmac" -n $DEVICES -q 4 \
			> /tmp/efb-$port.cfg || return 1
	done

	# edgeflow (module, and XDP through xdp sync): port 5683, devices
	# 0..63 on the servers as the relay steers them (d % 3).
	for k in 1 2 3; do
		gw $E server add srv$k addr 10.2.$k.1 port 7000 || return 1
	done
	gw $E service add sens port 5683 mode both window 1000 unknown drop || return 1
	gw $E policy set sens kind temperature min -40000 max 85000 || return 1
	gw $E policy set sens kind humidity min 0 max 100000 || return 1
	awk -v n=$DEVICES 'BEGIN { printf "{\"edgeflow_plan\":1,\"report\":{\"status\":\"optimal\"},";
		printf "\"rejected\":[],\"assignments\":[";
		for (d = 0; d < n; d++)
			printf "%s{\"service\":\"sens\",\"device\":%d,\"server\":\"srv%d\"}",
			       d ? "," : "", d, d % 3 + 1;
		print "]}" }' > /tmp/efb-plan.json
	gw $E plan apply /tmp/efb-plan.json > /dev/null || return 1

	# IPVS: port 5684, UDP DNAT (masquerading) to the same servers, one
	# scheduling decision per packet (--ops), round robin.
	modprobe -a ip_vs ip_vs_rr || return 1
	gw ipvsadm -A -u 10.1.0.254:5684 -s rr -o || return 1
	for k in 1 2 3; do
		gw ipvsadm -a -u 10.1.0.254:5684 -r 10.2.$k.1:7000 -m || return 1
	done

	mkdir -p /run/efbbpf && mount -t bpf bpf /run/efbbpf || return 1
	export EDGEFLOW_BPF_DIR=/run/efbbpf/edgeflow
}

# measure MODE PORT: trafgen sends PKTS datagrams at full speed into the
# gateway; the rate is what reached the servers per second of trafgen's
# send loop.
measure() {
	mode=$1 port=$2 relay=
	stage measure $mode
	case $mode in
	xdp)
		[ -z "$xdp_broken" ] || return 1
		# The first round loads, verifies, pins and programs; later rounds
		# attach the pinned program again (the verifier is slow under TCG).
		if [ -e "$EDGEFLOW_BPF_DIR/efx_xdp" ]; then
			gw ip link set dev s0 xdp pinned "$EDGEFLOW_BPF_DIR/efx_xdp" > /tmp/efb-xdp.txt 2>&1
		else
			gw $E xdp attach s0 > /tmp/efb-xdp.txt 2>&1 &&
				gw $E xdp sync >> /tmp/efb-xdp.txt 2>&1
		fi
		if [ $? != 0 ]; then
			xdp_broken=$(grep -m1 -E 'back-edge|cannot|error' /tmp/efb-xdp.txt | tr ' =' '_:')
			say skip part=xdp reason="edgectl_xdp_attach_failed_on_$(uname -r):_${xdp_broken:-see_console}"
			cat /tmp/efb-xdp.txt
			return 1
		fi
		;;
	relay)
		gw $B/efb_relay relay -l 10.1.0.254:5685 -d $DEVICES \
			-s 10.2.1.1:7000,10.2.2.1:7000,10.2.3.1:7000 > /tmp/efb-relay.txt &
		relay=$!
		sleep 1
		;;
	esac
	# A fixed number of datagrams, and nothing started while they flow:
	# under TCG a shell that execs (over 9p) while trafgen saturates the
	# guest stalls for minutes. trafgen reports its send loop's duration;
	# the servers' counters are read before and after.
	set -- $(delivered)
	d0=$1 c0=$2
	ip netns exec ${P}sens sh -c "cd /tmp && exec trafgen -o eth0 -i /tmp/efb-$port.cfg \
		-P 1 --no-sock-mem --notouch-irq -n $PKTS" > /tmp/efb-trafgen.txt 2>&1
	sleep 1
	set -- $(delivered)
	d1=$1 c1=$2
	# "  3 sec, 962901 usec on CPU0 (1276160 packets)"
	set -- $(awk '/ usec on CPU/ { gsub(/[\r(),]/, " "); print $1, $3, $7; exit }' \
		/tmp/efb-trafgen.txt)
	if [ $# != 3 ]; then
		echo "trafgen did not report its run:"
		cat /tmp/efb-trafgen.txt
		set -- 0 0 0
	fi
	el=$(calc "$1 + $2 / 1000000")
	sent=$3
	[ -z "$relay" ] || { kill -TERM $relay; wait $relay; }
	[ $mode != xdp ] || gw ip link set dev s0 xdp off
	if [ "$el" = 0 ]; then
		echo "trafgen sent nothing:"
		cat /tmp/efb-trafgen.txt
		return 1
	fi
	say rate round=$r mode=$mode pps=$(calc "int(($d1 - $d0) / $el)") \
		offered=$(calc "int($sent / $el)") csum_errors=$((c1 - c0)) seconds=$el
}

rate_part() {
	stage rate
	if ! command -v trafgen > /dev/null; then
		say skip part=rate reason="trafgen (netsniff-ng) not installed: run make deps"
		return
	fi
	if ! command -v ipvsadm > /dev/null; then
		say skip part=rate reason="ipvsadm not installed: run make deps"
		return
	fi
	if ! rate_setup; then
		say skip part=rate reason="setting up the namespaces, edgeflow, IPVS failed"
		return
	fi
	r=1
	while [ $r -le "$ROUNDS" ]; do
		# Rotate the order each round: nobody always goes first.
		for j in 0 1 2; do
			m=$(echo module ipvs relay | cut -d' ' -f$(((j + r - 1) % 3 + 1)))
			case $m in
			module) measure $m 5683 ;;
			ipvs) measure $m 5684 ;;
			relay) measure $m 5685 ;;
			esac
		done
		r=$((r + 1))
	done
	# XDP last, so that should the guest stall under load (it has, under
	# TCG, before the runs had a fixed length) the other rows are in.
	say xdpstart
	r=1
	while [ $r -le "$ROUNDS" ]; do
		measure xdp 5683
		r=$((r + 1))
	done
	cat /tmp/efb-relay.txt
	gw ipvsadm -C
	gw $E flush > /dev/null
	kill $h1 $h2 $h3 2>/dev/null
	tests/lib/topo.sh down $P
	umount /run/efbbpf
}

if ! load_module; then
	say skip part=module reason="cannot load edgeflow.ko here"
	exit 1
fi
for part in $parts; do
	case $part in
	plan) plan_part ;;
	rate) rate_part ;;
	esac
done
rmmod edgeflow
exit 0
