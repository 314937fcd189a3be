#!/bin/bash
# The demo's report, from the files a demo run left in DIR:
#   place.txt        edgectl place's report
#   edgeflow.prom    the agent's counters (module and XDP)
#   windows.jsonl    the windows the agent exported
#   srvK.txt, readingsK.csv   what each edge server received
#   labels.csv       device,seq,label of every datagram replayed to "alerts"
#
#   scripts/demo-report.sh DIR DATASET
set -u
dir=${1:?usage: $0 DIR DATASET}
data=${2:?usage: $0 DIR DATASET}

line() { printf '%s\n' "------------------------------------------------------------------------"; }

echo
line
echo "edgeflow demo report: $(($(wc -l < "$data") - 1)) readings of 4 motes (Suthaharan et al., ISSNIP 2010)"
line

echo
echo "Placement (GLPK): device -> server per service, latency; server load"
sed -n 's/^service \([^ ]*\) device \([0-9]*\) (\([^)]*\)) server \([^ ]*\) latency \(.*\)$/  \1  \3 -> \4  (\5)/p' \
	"$dir/place.txt"
sed -n 's/^load \(.*\)$/  load \1/p' "$dir/place.txt"
sed -n 's/^status \([^ ]*\) .*objective \([^ ]*\) .*$/  status \1, objective \2/p' "$dir/place.txt"

echo
echo "Datagrams at the gateway (XDP and module together)"
awk '
	/^edgeflow_packets_total/ {
		match($0, /outcome="[a-z]+"/); o = substr($0, RSTART + 9, RLENGTH - 10)
		p[o] += $NF
	}
	/^edgeflow_bytes_total/ { b += $NF }
	/^edgeflow_drops_total/ {
		match($0, /reason="[a-z_]+"/); r = substr($0, RSTART + 8, RLENGTH - 9)
		d[r] += $NF; dt += $NF
	}
	END {
		printf "  in %d (%d payload bytes), forwarded %d (of which XDP redirected %d),\n",
		       p["rx"], b, p["fwd"], p["redirected"]
		printf "  aggregated %d, dropped %d:", p["agg"], dt
		for (r in d) if (d[r]) printf " %s %d", r, d[r]
		printf "\n"
		print b > "/dev/stderr"
	}' "$dir/edgeflow.prom" 2> "$dir/bytes_in"

echo
echo "Bytes: in versus sent on"
bin=$(cat "$dir/bytes_in")
awk -v bin="$bin" -v json="$(wc -c < "$dir/windows.jsonl")" '
	/^total/ {
		for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] += kv[2] }
	}
	END {
		raw = v["bytes"] - v["summary_bytes"]
		printf "  in (UDP payload)                       %9d\n", bin
		printf "  raw readings forwarded to edge servers %9d  (%d datagrams)\n", raw, v["datagrams"] - v["summaries"]
		printf "  window summaries to edge servers       %9d  (%d datagrams)\n", v["summary_bytes"], v["summaries"]
		printf "  JSON lines for upstream sync           %9d\n", json
		if (bin > 0)
			printf "  summaries are %.1f%% of the telemetry bytes they replace\n",
			       100.0 * v["summary_bytes"] / (bin / 2)
	}' "$dir"/srv*.txt

echo
echo "Per mote, over the exported 1 s windows of the telemetry service"
printf '  %-6s %-12s %8s %9s %9s %9s\n' mote kind windows min mean max
awk '
	function num(key,   s) {
		if (!match($0, "\"" key "\":-?[0-9.]+")) return 0
		s = substr($0, RSTART + length(key) + 3, RLENGTH - length(key) - 3)
		return s + 0
	}
	function str(key) {
		if (!match($0, "\"" key "\":\"[^\"]*\"")) return ""
		return substr($0, RSTART + length(key) + 4, RLENGTH - length(key) - 5)
	}
	str("service") == "telemetry" {
		k = num("device") " " str("kind")
		w[k]++; n[k] += num("count"); s[k] += num("sum")
		if (!(k in mn) || num("min") < mn[k]) mn[k] = num("min")
		if (!(k in mx) || num("max") > mx[k]) mx[k] = num("max")
	}
	END {
		for (k in w) {
			split(k, a, " ")
			u = a[2] == "temperature" ? "C" : "%RH"
			printf "  %-6s %-12s %8d %8.2f%s %8.2f%s %8.2f%s\n", a[1], a[2], w[k],
			       mn[k] / 1000, u, s[k] / n[k] / 1000, u, mx[k] / 1000, u
		}
	}' "$dir/windows.jsonl" | sort
echo "  (a stream's last window, still open when the replay ended, is not included)"

echo
echo "Labelled anomalies (alerts service, raw readings; rejected = out of range or spike)"
cat "$dir"/readings*.csv | awk -F, -v labels="$dir/labels.csv" '
	{ key = $1 "," $2; seen[key] = 1; if ($5 == 5 || $5 == 6) rej[key]++ }
	END {
		while ((getline l < labels) > 0) {
			split(l, f, ","); key = f[1] "," f[2]
			# A datagram that never arrived had both readings rejected.
			r = (key in seen) ? rej[key] + 0 : 2
			if (f[3] == 1) { lab += 2; labrej += r } else { norm += 2; normrej += r }
		}
		printf "  labelled readings %d: rejected %d (%.1f%%)\n", lab, labrej, lab ? 100.0 * labrej / lab : 0
		printf "  normal readings %d: wrongly rejected %d (%.2f%%)\n", norm, normrej,
		       norm ? 100.0 * normrej / norm : 0
	}'
line
