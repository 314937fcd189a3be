#!/bin/bash
# Module datapath on real packets (run by tests/kselftest/run.sh with
# edgeflow.ko loaded): a sensors namespace, the gateway (the module's
# netfilter path, no XDP) and three servers (tests/lib/topo.sh). The real
# dataset is replayed by `edgectl replay`; each server runs efsink. Prints
# TAP.
set -u
cd "$(dirname "$0")/../.." || exit 1

P=efd
DATA=../shared/data/sensors/suthaharan-single-hop.csv
OUT=$(mktemp -d /tmp/efdp.XXXXXX)
ECTL=build/edgectl
SINK=build/tests/tools/efsink
n=0 rc=0

tap() {
	n=$((n + 1))
	if [ "$1" = OK ]; then
		echo "ok $n datapath: $2"
	elif [ "$1" = SKIP ]; then
		echo "ok $n # SKIP datapath: $2"
	else
		echo "not ok $n datapath: $2"
		rc=1
	fi
}
check() {	# check DESCRIPTION WANT GOT
	if [ "$2" = "$3" ]; then tap OK "$1 ($3)"; else tap FAIL "$1: want $2, got $3"; fi
}
gw() { ip netns exec ${P}gw "$@"; }
sens() { ip netns exec ${P}sens "$@"; }
cleanup() {
	tests/lib/topo.sh down $P
	rm -rf "$OUT"
}
trap cleanup EXIT

if [ ! -r "$DATA" ]; then
	tap SKIP "dataset $DATA not found"
	exit 0
fi
if ! tests/lib/topo.sh up $P; then
	tap FAIL "building the namespace topology"
	exit 1
fi

# Configuration: three servers, a forwarding, an aggregating and a rate-
# limited service, in one batch (process starts are dear under TCG).
srv_of() { case $1 in 1|4) echo 1 ;; 2) echo 2 ;; 3) echo 3 ;; esac; }
{
	for k in 1 2 3; do
		echo "server add srv$k addr 10.2.$k.1 addr6 fd02:$k::1 port 7000"
	done
	echo "service add fwd port 5683 mode forward"
	echo "service add agg port 5684 mode aggregate window 200"
	echo "service add rated port 5685 mode forward rate 1 burst 3"
	echo "service add quiet port 5686 mode forward"
	echo "policy set quiet kind temperature deadband 100000"
	echo "policy set quiet kind humidity deadband 100000"
	echo "server add v4only addr 10.2.1.1 port 7001"
	echo "steer set service fwd device 500 server v4only"
	for s in fwd agg rated; do
		echo "policy set $s kind temperature min -40000 max 85000"
		echo "policy set $s kind humidity min 0 max 100000"
	done
	# mote m -> server: 1->1 2->2 3->3 4->1; devices m, 100+m (IPv6),
	# 200+m (aggregates), 300+m (rate)
	for m in 1 2 3 4; do
		echo "steer set service fwd device $m server srv$(srv_of $m)"
		echo "steer set service fwd device $((100 + m)) server srv$(srv_of $m)"
		echo "steer set service agg device $((200 + m)) server srv$(srv_of $m)"
		echo "steer set service rated device $((300 + m)) server srv$(srv_of $m)"
		echo "steer set service quiet device $((400 + m)) server srv$(srv_of $m)"
	done
} > "$OUT/config"
ok=1
gw $ECTL -b "$OUT/config" || ok=0
# The replays below use the first 600 readings of each mote.
awk -F, 'NR == 1 || $1 <= 600' "$DATA" > "$OUT/head.csv"
DATA_ALL=$DATA
DATA=$OUT/head.csv
[ $ok = 1 ] && tap OK "configuration through edgectl" || tap FAIL "configuration through edgectl"

for k in 1 2 3; do
	ip netns exec ${P}srv$k $SINK -p 7000 -l "$OUT/readings$k.csv" > "$OUT/srv$k.txt" 2>&1 &
	sinks="${sinks:-} $!"
done
for i in $(seq 50); do
	grep -qs listening "$OUT/srv1.txt" && grep -qs listening "$OUT/srv2.txt" &&
		grep -qs listening "$OUT/srv3.txt" && break
	sleep 0.1
done

# 1. Steering: 500 readings per mote over IPv4, 100 over IPv6.
sens $ECTL replay $DATA to 10.1.0.254 5683 speedup 2000 count 2000 > /dev/null
sens $ECTL replay $DATA to fd01::fe 5683 speedup 2000 count 400 device-base 100 > /dev/null
# 2. Drops: the first 400 again (duplicates), 40 from unknown devices,
#    then a burst of 10 per device on a service allowing 3.
sens $ECTL replay $DATA to 10.1.0.254 5683 speedup 0 count 400 > /dev/null
sens $ECTL replay $DATA to 10.1.0.254 5683 speedup 0 count 40 device-base 900 > /dev/null
sens $ECTL replay $DATA to 10.1.0.254 5685 speedup 0 count 40 device-base 300 > /dev/null
# Out of range: one datagram per mote with both readings impossible, and one
# with humidity impossible but temperature fine (the good neighbour).
printf '%s\n' "9001,1,1,150.0,99.0,1" "9001,2,1,-5.0,200.0,1" "9002,3,1,150.0,25.0,1" \
	> "$OUT/bad.csv"
sens $ECTL replay "$OUT/bad.csv" to 10.1.0.254 5683 speedup 0 seq 100000 > /dev/null
sleep 0.5
kill -TERM $sinks
wait

for k in 1 2 3; do
	for m in 1 2 3 4; do
		want4=0 want6=0
		if [ "$(srv_of $m)" = $k ]; then want4=500 want6=100; fi
		# mote 3's out-of-range datagram still carries a good reading
		if [ "$(srv_of $m)" = $k ] && [ $m = 3 ]; then want4=501; fi
		got4=$(sed -n "s/^device=$m daddr=10.2.$k.1 datagrams=\([0-9]*\).*/\1/p" "$OUT/srv$k.txt")
		got6=$(sed -n "s/^device=$((100 + m)) daddr=fd02:$k::1 datagrams=\([0-9]*\).*/\1/p" \
			"$OUT/srv$k.txt")
		[ "$got4" = "$want4" ] || [ -z "$got4" -a $want4 = 0 ] || ok=0
		if [ "${got4:-0}" != "$want4" ] || [ "${got6:-0}" != "$want6" ]; then
			tap FAIL "server $k: mote $m got ${got4:-0} (IPv4) ${got6:-0} (IPv6), want $want4 $want6"
		fi
	done
done
tot=$(cat "$OUT"/srv*.txt | sed -n 's/^total datagrams=\([0-9]*\) malformed=0 .*/\1/p' |
	awk '{ s += $1 } END { print s }')
# 2400 steered + 3 rated per device (12) + 1 datagram with a good neighbour
check "every server got exactly its devices, IPv4 and IPv6, valid checksums" 2413 "$tot"
bad=$(grep -h "^device=3 daddr=10.2.3.1" "$OUT/srv3.txt" | sed -n 's/.* rejected=\([0-9]*\).*/\1/p')
check "the rejected reading is marked, its good neighbour delivered" 1 "$bad"
grep -q "^3,100000,0,2,5,150000$" "$OUT/readings3.csv" &&
	grep -q "^3,100000,1,1,0,25000$" "$OUT/readings3.csv" &&
	tap OK "status of the out-of-range reading is RANGE (5) on the wire" ||
	tap FAIL "status of the out-of-range reading on the wire"

st=$(gw $ECTL stats service fwd)
d() { printf '%s\n' "$st" | grep -o " $1 [0-9]*" | awk '{ print $2 }'; }
check "duplicates counted" 400 "$(d duplicate)"
check "unknown devices counted" 40 "$(d unknown_device)"
check "all-rejected datagrams counted" 2 "$(d all_rejected)"
check "nothing malformed" 0 "$(d malformed)"
st=$(gw $ECTL stats service rated)
check "over-rate datagrams counted (burst 3 of 10 per device)" 28 "$(d rate)"

# Malformed: bad magic, a short header, a count that does not match the
# length; raw bytes through bash's /dev/udp.
sens bash -c 'printf "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX" > /dev/udp/10.1.0.254/5683;
	printf "EF\001\001" > /dev/udp/10.1.0.254/5683;
	printf "EF\001\001\000\003\000\000\000\000\000\001\000\000\000\001" \
		> /dev/udp/10.1.0.254/5683' 2> /dev/null
# Deadband: 10 datagrams per device with a 100-unit deadband: the first of
# each device is news, the other 9 are not.
sens $ECTL replay $DATA to 10.1.0.254 5686 speedup 0 count 40 device-base 400 > /dev/null
# Family: device 500's server has no IPv6 address; one IPv6 datagram.
printf '%s\n' "1,1,1,45.0,25.0,0" > "$OUT/one.csv"
sens $ECTL replay "$OUT/one.csv" to fd01::fe 5683 speedup 0 device-base 499 > /dev/null
sleep 0.3
st=$(gw $ECTL stats service fwd)
check "malformed datagrams counted" 3 "$(d malformed)"
check "datagrams for a server without an address of their family counted" 1 "$(d family)"
st=$(gw $ECTL stats service quiet)
check "unchanged readings within the deadband counted" 36 "$(d deadband)"
fwdq=$(printf '%s\n' "$st" | grep -o ' fwd [0-9]*' | awk '{ print $2 }')
check "the first datagram of each device is forwarded despite the deadband" 4 "$fwdq"

# 3. Aggregates: 75 readings per mote to the aggregating service, a pause
#    longer than the window, then the windows must hold exactly what was
#    sent, recomputed here from the CSV.
ip netns exec ${P}gw $ECTL monitor events > "$OUT/events.txt" 2>&1 &
mon=$!
sleep 0.3
sens $ECTL replay $DATA to 10.1.0.254 5684 speedup 5000 count 300 device-base 200 > /dev/null
sleep 1
kill -TERM $mon
wait $mon 2>/dev/null
gw $ECTL -j agg show service agg > "$OUT/agg.json"
awk -F, 'NR > 1 && $1 <= 75 && $2 <= 4 {
		h = sprintf("%.0f", $4 * 1000); t = sprintf("%.0f", $5 * 1000)
		k = (200 + $2) " 0"; c[k]++; s[k] += h
		if (!(k in mn) || h < mn[k]) mn[k] = h; if (!(k in mx) || h > mx[k]) mx[k] = h
		k = (200 + $2) " 1"; c[k]++; s[k] += t
		if (!(k in mn) || t < mn[k]) mn[k] = t; if (!(k in mx) || t > mx[k]) mx[k] = t
	} END { for (k in c) print k, c[k], s[k], mn[k], mx[k] }' "$DATA_ALL" | sort > "$OUT/want.txt"
# One window object per line: {"seq":..,"device":..,"channel":..,"count":..,...}
sed 's/},{/}\n{/g' "$OUT/agg.json" | awk '{
		match($0, /"device":[0-9]+/); dv = substr($0, RSTART + 9, RLENGTH - 9)
		match($0, /"channel":[0-9]+/); ch = substr($0, RSTART + 10, RLENGTH - 10)
		match($0, /"count":[0-9]+/); n = substr($0, RSTART + 8, RLENGTH - 8)
		match($0, /"sum":-?[0-9]+/); su = substr($0, RSTART + 6, RLENGTH - 6)
		match($0, /"min":-?[0-9]+/); a = substr($0, RSTART + 6, RLENGTH - 6)
		match($0, /"max":-?[0-9]+/); b = substr($0, RSTART + 6, RLENGTH - 6)
		if (dv == "") next
		k = dv " " ch; c[k] += n; s[k] += su
		if (!(k in mn) || a + 0 < mn[k]) mn[k] = a + 0
		if (!(k in mx) || b + 0 > mx[k]) mx[k] = b + 0
	} END { for (k in c) print k, c[k], s[k], mn[k], mx[k] }' | sort > "$OUT/got.txt"
if [ -s "$OUT/want.txt" ] && cmp -s "$OUT/want.txt" "$OUT/got.txt"; then
	tap OK "window aggregates equal count, sum, min, max recomputed from the CSV (8 streams)"
else
	tap FAIL "window aggregates differ: want [$(tr '\n' ';' < "$OUT/want.txt")] got [$(tr '\n' ';' < "$OUT/got.txt")]"
fi
st=$(gw $ECTL stats service agg)
agg=$(printf '%s\n' "$st" | grep -o ' agg [0-9]*' | awk '{ print $2 }')
check "aggregated datagrams counted" 300 "$agg"

# 4. Windows stay until deleted.
kept=$(gw $ECTL agg info | sed -n 's/^windows kept \([0-9]*\),.*/\1/p')
last=$(gw $ECTL agg info | sed -n 's/.*newest seq \([0-9]*\),.*/\1/p')
gw $ECTL agg del upto "$last"
left=$(gw $ECTL agg info | sed -n 's/^windows kept \([0-9]*\),.*/\1/p')
events=$(grep -c '^window ' "$OUT/events.txt")
check "one events-group notification per completed window (edgectl monitor events)" "$kept" "$events"
[ "${kept:-0}" -gt 0 ] && [ "$left" = 0 ] && tap OK "agg del removes what was read ($kept windows)" ||
	tap FAIL "agg del: kept ${kept:-?} then ${left:-?}"

# 5. rmmod while traffic flows: the replay keeps sending into the gateway
#    while the module goes; no oops or warning, and it loads again.
dmesg -C 2>/dev/null
sens $ECTL replay $DATA to 10.1.0.254 5683 speedup 200 > /dev/null &
replay=$!
sleep 1
if rmmod edgeflow; then
	sleep 0.5
	kill "$replay" 2>/dev/null
	wait "$replay" 2>/dev/null
	bad=$(dmesg | grep -E 'WARNING:|BUG:|Oops|general protection' | head -n 3)
	[ -z "$bad" ] && tap OK "rmmod while traffic flows: kernel log clean" ||
		tap FAIL "rmmod while traffic flows: $bad"
	insmod ./edgeflow.ko || tap FAIL "insmod after rmmod"
else
	kill "$replay" 2>/dev/null
	tap FAIL "rmmod while traffic flows"
fi

exit $rc
