#!/bin/bash
# Placement on the OR-Library GAP instances (../shared/data/gap): for each
# instance of reference.csv, `edgectl place` (full pipeline), its
# heuristic alone, and glpsol on the LP that `edgectl place --write-lp`
# writes for the same instance, one after the other. Prints one line per
# instance, tab-separated:
#
#   name family reference  e_status e_objective e_seconds  h_objective h_seconds
#   g_status g_objective g_seconds
#
# Seconds are wall-clock, edgectl's and glpsol's process start to exit.
# Time limits: edgectl 10 s on chu1997 c* (the issue's bound), 60 s
# elsewhere; glpsol $EFB_GLPSOL_LIMIT s (default 3) everywhere, so that a
# glpsol "timeout" means it needed more than that.
set -u
cd "$(dirname "$0")/.." || exit 1

SHARED=${EDGEFLOW_SHARED:-../shared}
REF=$SHARED/data/gap/reference.csv
GLIM=${EFB_GLPSOL_LIMIT:-2}
GLIM_CHU=${EFB_GLPSOL_LIMIT_CHU:-10}
E=build/edgectl
tmp=$(mktemp -d /tmp/efb-gap.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
json_field() {	# json_field KEY FILE: first scalar "KEY": value
	sed -n "s/^ *\"$1\": *\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$2" | head -n 1
}

if [ ! -r "$REF" ]; then
	echo "gap: $REF not found (the shared data folder must be beside the checkout)" >&2
	exit 1
fi

tail -n +2 "$REF" | while IFS=, read -r path _fmt set _items _agents _bound opt _best; do
	name=${path#data/gap/}
	base=${name##*/}
	case $set in
	cattrysse1994) family=gap1-12 ;;
	chu1997) family=${base:0:1} ;;
	*) continue ;;
	esac
	case $family in gap1-12|a|b|c) ;; *) continue ;; esac
	file=$SHARED/$path
	limit=60 glim=$GLIM
	[ "$family" = c ] && limit=10
	[ "$set" = chu1997 ] && glim=$GLIM_CHU

	t=$(now)
	$E place --orlib "$file" -j --time-limit $limit > "$tmp/full.json" 2> "$tmp/err" || true
	es=$(since "$t")
	est=$(json_field status "$tmp/full.json")
	eobj=$(json_field objective "$tmp/full.json")

	t=$(now)
	$E place --orlib "$file" -j --heuristic > "$tmp/heur.json" 2> "$tmp/err" || true
	hs=$(since "$t")
	hobj=$(json_field objective "$tmp/heur.json")

	$E place --orlib "$file" --write-lp "$tmp/p.lp" > /dev/null 2>&1
	t=$(now)
	glpsol --lp "$tmp/p.lp" --tmlim "$glim" -o "$tmp/g.out" > "$tmp/g.log" 2>&1 || true
	gs=$(since "$t")
	gst=$(sed -n 's/^Status: *//p' "$tmp/g.out" | head -n 1)
	case $gst in
	"INTEGER OPTIMAL") gst=optimal ;;
	"INTEGER NON-OPTIMAL") gst=timeout-feasible ;;
	*) gst=timeout-none ;;
	esac
	gobj=$(sed -n 's/^Objective: *[^=]*= *\([-0-9.e+]*\).*/\1/p' "$tmp/g.out" | head -n 1)
	[ "$gst" = timeout-none ] && gobj=

	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$family" "$opt" \
		"${est:-error}" "${eobj:-}" "$es" "${hobj:-}" "$hs" "$gst" "${gobj:-}" "$gs"
done
