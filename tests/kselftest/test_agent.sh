#!/bin/bash
# The agent on the module's datapath (run by tests/kselftest/run.sh with
# edgeflow.ko loaded): the dataset replayed to an aggregating service; the
# agent killed (SIGKILL) and restarted mid-replay; the exported windows must
# still hold every reading sent, equal to values recomputed from the CSV;
# the module reloaded under the agent, which must reconnect. Prints TAP.
set -u
cd "$(dirname "$0")/../.." || exit 1

P=efa
DATA=../shared/data/sensors/suthaharan-single-hop.csv
OUT=$(mktemp -d /tmp/efagent.XXXXXX)
ECTL=$PWD/build/edgectl
n=0 rc=0

tap() {
	n=$((n + 1))
	case $1 in
	OK) echo "ok $n agent: $2" ;;
	SKIP) echo "ok $n # SKIP agent: $2" ;;
	*) echo "not ok $n agent: $2"; rc=1 ;;
	esac
}
gw() { ip netns exec ${P}gw "$@"; }
agent_start() {
	# Not through gw(): a backgrounded function is a subshell, and the
	# signals below must reach the agent itself.
	ip netns exec ${P}gw "$ECTL" -v agent json "$OUT/windows.jsonl" interval 100 summaries on \
		>> "$OUT/agent.out" 2>> "$OUT/agent.log" &
	agent=$!
}
cleanup() {
	[ -n "${agent:-}" ] && kill -9 "$agent" 2>/dev/null
	[ -n "${sinks:-}" ] && kill $sinks 2>/dev/null
	tests/lib/topo.sh down $P
	rm -rf "$OUT"
}
trap cleanup EXIT

if [ ! -r "$DATA" ]; then
	tap SKIP "dataset $DATA not found"
	exit 0
fi
tests/lib/topo.sh up $P || { tap FAIL "building the namespace topology"; exit 1; }

{
	for k in 1 2 3; do echo "server add srv$k addr 10.2.$k.1 port 7000"; done
	echo "service add telemetry port 5683 mode aggregate window 200"
	for m in 1 2 3 4; do
		echo "steer set service telemetry device $m server srv$(( (m - 1) % 3 + 1 ))"
	done
} > "$OUT/config"
gw "$ECTL" -b "$OUT/config" && tap OK "configuration" || tap FAIL "configuration"

for k in 1 2 3; do
	ip netns exec ${P}srv$k build/tests/tools/efsink -p 7000 > "$OUT/srv$k.txt" 2>&1 &
	sinks="${sinks:-} $!"
done
awk -F, 'NR == 1 || $1 <= 300' "$DATA" > "$OUT/head.csv"

# 300 readings per mote over about 3 s; the agent dies by SIGKILL after 1 s.
agent_start
sleep 0.5
ip netns exec ${P}sens "$ECTL" replay "$OUT/head.csv" to 10.1.0.254 5683 speedup 500 \
	> /dev/null &
replay=$!
sleep 1
kill -9 "$agent"
wait "$agent" 2>/dev/null
sleep 0.5
agent_start
wait "$replay"
# Windows are 200 ms; the module's expiry closes the quiet ones.
sleep 1.5
kill -TERM "$agent"
wait "$agent"
st=$?
agent=
[ $st = 0 ] && tap OK "agent stops cleanly on SIGTERM" || tap FAIL "agent exit status $st on SIGTERM"

kept=$(gw "$ECTL" agg info | sed -n 's/^windows kept \([0-9]*\),.*/\1/p')
[ "$kept" = 0 ] && tap OK "every kept window was exported and deleted at the module" ||
	tap FAIL "windows still kept at the module: ${kept:-?}"

# A window exported just before the kill may be exported again after the
# restart (at least once): dedupe by stream and start before summing.
awk '
	function num(key,   s) {
		if (!match($0, "\"" key "\":-?[0-9]+")) return ""
		return substr($0, RSTART + length(key) + 3, RLENGTH - length(key) - 3)
	}
	{
		id = num("device") " " num("channel") " " num("start_ns")
		if (id in seen) { dup++; next }
		seen[id] = 1
		k = num("device") " " num("channel")
		c[k] += num("count"); s[k] += num("sum")
		if (!(k in mn) || num("min") + 0 < mn[k]) mn[k] = num("min") + 0
		if (!(k in mx) || num("max") + 0 > mx[k]) mx[k] = num("max") + 0
	}
	END {
		for (k in c) print k, c[k], s[k], mn[k], mx[k]
		print dup + 0 > "/dev/stderr"
	}' "$OUT/windows.jsonl" 2> "$OUT/dups" | sort > "$OUT/got.txt"
awk -F, 'NR > 1 && $1 <= 300 && $2 <= 4 {
		h = sprintf("%.0f", $4 * 1000); t = sprintf("%.0f", $5 * 1000)
		k = $2 " 0"; c[k]++; s[k] += h
		if (!(k in mn) || h < mn[k]) mn[k] = h; if (!(k in mx) || h > mx[k]) mx[k] = h
		k = $2 " 1"; c[k]++; s[k] += t
		if (!(k in mn) || t < mn[k]) mn[k] = t; if (!(k in mx) || t > mx[k]) mx[k] = t
	} END { for (k in c) print k, c[k], s[k], mn[k], mx[k] }' "$DATA" | sort > "$OUT/want.txt"
if [ -s "$OUT/want.txt" ] && cmp -s "$OUT/want.txt" "$OUT/got.txt"; then
	tap OK "exported windows equal the CSV (8 streams, agent killed mid-replay; $(cat "$OUT/dups") re-exported)"
else
	tap FAIL "exported windows differ: want [$(tr '\n' ';' < "$OUT/want.txt")] got [$(tr '\n' ';' < "$OUT/got.txt")]"
fi

sleep 0.3
kill -TERM $sinks
wait $sinks 2>/dev/null
sinks=
sums=$(cat "$OUT"/srv*.txt | sed -n 's/^total .* summaries=\([0-9]*\).*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
[ "$sums" -gt 0 ] && tap OK "summary datagrams reached the servers ($sums)" ||
	tap FAIL "no summary datagram reached a server"

# The module reloaded under a running agent.
agent_start
sleep 0.5
rmmod edgeflow && insmod ./edgeflow.ko
for i in $(seq 40); do
	grep -q "reconnected" "$OUT/agent.log" && break
	sleep 0.25
done
kill -TERM "$agent"
wait "$agent"
agent=
grep -q "lost the edgeflow module" "$OUT/agent.log" && grep -q "reconnected" "$OUT/agent.log" &&
	tap OK "agent says it lost the module and reconnected after a reload" ||
	tap FAIL "agent after a module reload: $(tail -n 3 "$OUT/agent.log" | tr '\n' '|')"
exit $rc
