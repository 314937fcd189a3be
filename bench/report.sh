#!/bin/bash
# Turn the raw outputs of one `make bench` run (in DIR, default
# build/bench) into bench/results.md (the table, machine and kernel) and
# bench/results.json (the same rows, plus every measurement behind them).
#
#   bench/report.sh [ DIR ]
#
# DIR/machine.txt  key=value lines about the host
# DIR/xdp.json     efb_xdp's output (or DIR/xdp.skip: why not)
# DIR/vm.txt       "EFB ..." lines from bench/vm.sh (or DIR/vm.skip)
# DIR/gap.tsv      bench/gap.sh's output (or DIR/gap.skip)
set -u
cd "$(dirname "$0")/.." || exit 1
D=${1:-build/bench}
MD=bench/results.md
JS=bench/results.json

awk -v D="$D" -v MD="$MD" -v JS="$JS" -f - <<'AWK'
function median(a, n,    i, j, t, b) {
	if (n == 0)
		return "";
	for (i = 1; i <= n; i++)
		b[i] = a[i];
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && b[j - 1] > b[j]; j--) {
			t = b[j]; b[j] = b[j - 1]; b[j - 1] = t;
		}
	return n % 2 ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2;
}
function jstr(s) {
	gsub(/\\/, "\\\\", s);
	gsub(/"/, "\\\"", s);
	gsub(/\t/, " ", s);
	return "\"" s "\"";
}
function readall(f,    s, l) {
	s = "";
	while ((getline l < f) > 0)
		s = s l "\n";
	close(f);
	return s;
}
function num(s, key,    m) {	# first "key": NUMBER in s
	if (match(s, "\"" key "\": *[-0-9.e+]+")) {
		m = substr(s, RSTART, RLENGTH);
		sub(/^[^:]*: */, "", m);
		return m + 0;
	}
	return "";
}
function row(section, label, ef, base, ratio, target, met, note) {
	nrows++;
	R_sec[nrows] = section; R_label[nrows] = label; R_ef[nrows] = ef;
	R_base[nrows] = base; R_ratio[nrows] = ratio; R_target[nrows] = target;
	R_met[nrows] = met; R_note[nrows] = note;
}
function yn(c) { return c ? "yes" : "**no**"; }
function fmt_pps(x) { return sprintf("%.0f pkt/s", x); }
function skipped(part,    f, s) {
	f = D "/" part ".skip";
	s = readall(f);
	gsub(/\n+$/, "", s);
	gsub(/\n/, "; ", s);
	return s;
}

BEGIN {
	# ---- machine
	while ((getline l < (D "/machine.txt")) > 0) {
		i = index(l, "=");
		if (i) {
			nm++; M_k[nm] = substr(l, 1, i - 1); M_v[nm] = substr(l, i + 1);
			M[M_k[nm]] = M_v[nm];
		}
	}

	# ---- XDP, BPF_PROG_RUN on the host kernel
	x = readall(D "/xdp.json");
	sec = "XDP cost per packet (BPF_PROG_RUN, host kernel " M["host_kernel"] ")";
	if (x != "" && num(x, "repeat") != "") {
		rep = num(x, "repeat"); rounds = num(x, "rounds");
		m = x; sub(/.*"median_ns": *\{/, "", m); sub(/\}.*/, "", m);
		e = num(m, "empty"); f = num(m, "forward"); a = num(m, "aggregate"); dr = num(m, "drop");
		how = sprintf("median of %d rounds of %d repeats, %d-byte frame, order rotated per round",
			      rounds, rep, num(x, "frame_bytes"));
		row(sec, "XDP forward path vs empty XDP program", sprintf("%.0f ns/pkt", f),
		    sprintf("%.0f ns/pkt", e), sprintf("%.1fx", f / e), "<= 2x",
		    yn(f / e <= 2), how "; steer + rewrite + FIB lookup, next hop unresolved so the rewritten frame is passed (a repeat cannot redo the TTL decrement)");
		row(sec, "XDP aggregate path vs empty XDP program", sprintf("%.0f ns/pkt", a),
		    sprintf("%.0f ns/pkt", e), sprintf("%.1fx", a / e), "-", "-",
		    how "; datagram consumed into windows (XDP_DROP)");
		row(sec, "XDP drop path (duplicate) vs empty XDP program", sprintf("%.0f ns/pkt", dr),
		    sprintf("%.0f ns/pkt", e), sprintf("%.1fx", dr / e), "-", "-",
		    how "; parse, lookups, sequence check under the device lock, drop");
		s = x; sub(/.*"redirect_single": *\{/, "", s); sub(/\}.*/, "", s);
		rf = num(s, "median_ns_forward"); re = num(s, "median_ns_empty");
		row(sec, "XDP forward with XDP_REDIRECT vs empty XDP program", sprintf("%.0f ns/pkt", rf),
		    sprintf("%.0f ns/pkt", re), sprintf("%.1fx", rf / re), "-", "-",
		    sprintf("median of %d single runs each (fresh frame per run), so each time includes the kernel timer reads around one run", num(s, "runs")));
	} else {
		why = skipped("xdp");
		row(sec, "XDP forward path vs empty XDP program", "not measured", "-", "-", "<= 2x", "-",
		    why != "" ? why : "not run in this invocation");
	}

	# ---- VM: packet rate, plan installation, kernel memory
	while ((getline l < (D "/vm.txt")) > 0) {
		if (l !~ /^EFB /)
			continue;
		nv++; V[nv] = substr(l, 5);
		n = split(substr(l, 5), w, " ");
		kind = w[1];
		delete kv;
		for (i = 2; i <= n; i++) {
			j = index(w[i], "=");
			kv[substr(w[i], 1, j - 1)] = substr(w[i], j + 1);
		}
		if (kind == "rate") {
			md = kv["mode"];
			np[md]++; pps[md, np[md]] = kv["pps"] + 0;
			off[md, np[md]] = kv["offered"] + 0;
			csum[md] += kv["csum_errors"];
		} else if (kind == "plan") {
			pe = kv["entries"];
			plan_s[pe] = kv["seconds"]; plan_w[pe] = kv["wall"];
		} else if (kind == "kmem") {
			km_n = kv["entries"]; km_f = kv["memfree"]; km_s = kv["slab"]; km_v = kv["vmalloc"];
		} else if (kind == "xdpstart") {
			xstart = 1;
		} else if (kind == "skip") {
			r0 = substr(l, index(l, "reason=") + 7);
			gsub(/_/, " ", r0);
			if (kv["part"] == "xdp")
				xskip = r0;
			else
				vskip = vskip (vskip != "" ? "; " : "") r0;
		}
	}
	if (xstart && !np["xdp"] && xskip == "")
		xskip = "the guest stopped responding during the XDP rounds (QEMU TCG) and the run was cut at its time limit; module, IPVS and relay rounds had finished";
	sec = "Packet rate through the gateway (QEMU TCG guest, Debian " M["vm_kernel"] ", trafgen)";
	modes = "xdp module ipvs relay";
	split(modes, ml, " ");
	for (i = 1; i <= 4; i++) {
		md = ml[i];
		delete t;
		for (j = 1; j <= np[md]; j++)
			t[j] = pps[md, j];
		med[md] = median(t, np[md] + 0);
		delete t;
		for (j = 1; j <= np[md]; j++)
			t[j] = off[md, j];
		medoff[md] = median(t, np[md] + 0);
	}
	why = vskip != "" ? vskip : skipped("vm");
	if (why == "")
		why = "not run in this invocation";
	rnote = sprintf("median of %d rounds, each %s 66-122-byte datagrams (64 devices) from trafgen (rate: delivered to the servers per second of trafgen's send loop), module, IPVS and relay interleaved, then the XDP rounds; trafgen and the gateway share the 2 vCPUs: the kernel paths (XDP in the veth's NAPI, netfilter, IPVS) run inline in the sender's transmit path, so their rates include the generator's own cost, while the relay's userspace work runs on the other vCPU; offered %s/%s/%s/%s pkt/s (xdp/module/ipvs/relay); UDP checksum errors at the servers: %d",
			np["xdp"] + 0, M["rate_packets"], medoff["xdp"], medoff["module"], medoff["ipvs"],
			medoff["relay"], csum["xdp"] + csum["module"] + csum["ipvs"] + csum["relay"]);
	split("xdp relay 5 XDP_path_vs_userspace_relay;xdp ipvs 3 XDP_path_vs_IPVS;module ipvs 1.5 module_(netfilter)_path_vs_IPVS", cmp, ";");
	for (i = 1; i <= 3; i++) {
		split(cmp[i], c, " ");
		lab = c[4]; gsub(/_/, " ", lab);
		if (med[c[1]] != "" && med[c[2]] != "" && med[c[2]] > 0)
			row(sec, lab, fmt_pps(med[c[1]]), fmt_pps(med[c[2]]),
			    sprintf("%.2fx", med[c[1]] / med[c[2]]), ">= " c[3] "x",
			    yn(med[c[1]] / med[c[2]] >= c[3]), rnote);
		else
			row(sec, lab, "not measured", med[c[2]] != "" ? fmt_pps(med[c[2]]) : "-", "-",
			    ">= " c[3] "x", "-", c[1] == "xdp" && xskip != "" ? xskip : why);
	}

	sec = "Plan installation and kernel memory (QEMU TCG guest, Debian " M["vm_kernel"] ")";
	split("10000 100000 1000000", pn, " ");
	for (i = 1; i <= 3; i++) {
		n = pn[i];
		if (plan_s[n] != "" && plan_s[n] > 0)
			row(sec, sprintf("plan apply, %d steering entries", n),
			    sprintf("%.0f entries/s", n / plan_s[n]),
			    sprintf("%.0f entries/s end to end", n / plan_w[n]), "-", ">= 200000/s",
			    yn(n / plan_s[n] >= 200000),
			    sprintf("edgectl plan apply: one transaction, %.3f s from begin to commit (edgectl's own timing); %.1f s for the whole command, reading the JSON plan included; TCG emulation, no KVM", plan_s[n], plan_w[n]));
		else
			row(sec, sprintf("plan apply, %d steering entries", n), "not measured", "-", "-",
			    ">= 200000/s", "-", why);
	}
	# MemFree catches everything (pages from kvmalloc too) but moves by a
	# few MB on its own; Slab + VmallocUsed are exact but miss whole pages.
	# The larger of the two is the figure.
	km = km_f > km_s + km_v ? km_f : km_s + km_v;
	if (km_n > 0)
		row(sec, "kernel memory per steering entry", sprintf("%.1f B", km / km_n), "-", "-",
		    "<= 128 B", yn(km / km_n <= 128),
		    sprintf("with %d entries installed (page cache dropped, previous table freed): MemFree fell by %.1f B per entry, Slab grew by %.1f B and VmallocUsed by %.1f B per entry; the larger of MemFree and Slab + VmallocUsed is shown (MemFree also moves by a few MB on its own)", km_n, km_f / km_n, km_s / km_n, km_v / km_n));
	else
		row(sec, "kernel memory per steering entry", "not measured", "-", "-", "<= 128 B", "-", why);

	# ---- GAP
	sec = "Placement on the OR-Library GAP instances (host, edgectl vs glpsol on the same LP)";
	while ((getline l < (D "/gap.tsv")) > 0) {
		n = split(l, g, "\t");
		if (n < 11)
			continue;
		ng++; G[ng] = l;
		fam = g[2]; ref = g[3] + 0;
		fn[fam]++;
		eok = g[4] == "optimal" && g[5] + 0 <= ref + 1e-6;
		within = g[5] != "" && g[5] + 0 <= ref * 1.01 + 1e-6;
		fopt[fam] += eok;
		fwithin[fam] += within;
		if (g[6] + 0 > fmax[fam]) fmax[fam] = g[6] + 0;
		ftot[fam] += g[6];
		hgap = g[7] != "" ? (g[7] - ref) / ref : 1;
		fhgap[fam] += hgap;
		if (hgap > fhmax[fam]) fhmax[fam] = hgap;
		fhtime[fam] += g[8];
		gok = g[9] == "optimal";
		fgopt[fam] += gok;
		fgtot[fam] += g[11];
		if (g[11] + 0 > 1) {
			fslow[fam]++;
			# edgectl is faster if it finished (proved, or within 1% for c)
			# before glpsol did, or before glpsol's limit stopped it; when
			# the limit stopped glpsol first, which is faster is not known.
			if ((eok || (fam == "c" && within)) && g[6] + 0 < g[11] + 0)
				ffast[fam]++;
			else if (!gok)
				fundet[fam]++;
		}
	}
	split("gap1-12 a b c", fl, " ");
	for (i = 1; i <= 4; i++) {
		fam = fl[i];
		glim = fam == "gap1-12" || M["glpsol_limit_chu"] == "" ? M["glpsol_limit"] : M["glpsol_limit_chu"];
		lab = fam == "gap1-12" ? "cattrysse1994 gap1-12" : "chu1997 " fam "*";
		if (!fn[fam]) {
			w2 = skipped("gap");
			row(sec, lab, "not measured", "-", "-", "-", "-", w2 != "" ? w2 : "not run in this invocation");
			continue;
		}
		if (fam == "c") {
			eff = sprintf("%d/%d within 1%% (%d optimal), max %.1f s", fwithin[fam], fn[fam], fopt[fam], fmax[fam]);
			tgt = "within 1% in 10 s";
			ok = fwithin[fam] == fn[fam] && fmax[fam] <= 11;
		} else {
			eff = sprintf("%d/%d optimal, max %.1f s, total %.1f s", fopt[fam], fn[fam], fmax[fam], ftot[fam]);
			tgt = "all optimal";
			ok = fopt[fam] == fn[fam];
		}
		base = sprintf("glpsol: %d/%d optimal in %s s, total %.1f s", fgopt[fam], fn[fam], glim, fgtot[fam]);
		rat = sprintf("faster on %d/%d where glpsol > 1 s", ffast[fam], fslow[fam]);
		if (fundet[fam])
			rat = rat sprintf(" (%d unknown: glpsol stopped at %s s, edgectl took longer)", fundet[fam], glim);
		tgt = tgt "; faster than glpsol where it needs > 1 s";
		ok = ok && ffast[fam] == fslow[fam];
		row(sec, lab, eff, base, rat, tgt, yn(ok),
		    sprintf("heuristic alone: mean gap %.2f%%, worst %.2f%%, total %.2f s; edgectl limit %s s; times are wall-clock per process", 100 * fhgap[fam] / fn[fam], 100 * fhmax[fam], fhtime[fam], fam == "c" ? 10 : 60));
	}

	# ---- results.md
	print "# edgeflow benchmarks" > MD;
	print "" > MD;
	print "Written by `make bench` (" M["date"] ", commit " M["commit"] ", " M["seconds"] " s). Ratios compare candidates measured in the same run; absolute numbers on this shared machine are noise. Reproduce: `make bench` (README, \"Benchmarks\")." > MD;
	print "" > MD;
	print "Machine: " M["cpu"] ", " M["cpus"] " CPUs, " M["memory"] "; host kernel " M["host_kernel"] " (" M["virt"] "); module rows in QEMU " M["qemu"] " (TCG, 2 vCPUs) booting Debian " M["vm_kernel"] ". Load average at start: " M["load"] "." > MD;
	last = "";
	for (i = 1; i <= nrows; i++) {
		if (R_sec[i] != last) {
			print "" > MD;
			print "### " R_sec[i] > MD;
			print "" > MD;
			print "| comparison | edgeflow | baseline | ratio | target | met |" > MD;
			print "| --- | --- | --- | --- | --- | --- |" > MD;
			last = R_sec[i];
		}
		printf "| %s | %s | %s | %s | %s | %s |\n", R_label[i], R_ef[i], R_base[i],
		       R_ratio[i], R_target[i], R_met[i] > MD;
	}
	print "" > MD;
	print "## How each row was measured" > MD;
	print "" > MD;
	for (i = 1; i <= nrows; i++)
		print "- **" R_label[i] "**: " R_note[i] "." > MD;

	# ---- results.json
	printf "{\n  \"machine\": {" > JS;
	for (i = 1; i <= nm; i++)
		printf "%s\n    %s: %s", (i > 1 ? "," : ""), jstr(M_k[i]), jstr(M_v[i]) > JS;
	printf "\n  },\n  \"rows\": [" > JS;
	for (i = 1; i <= nrows; i++)
		printf "%s\n    {\"section\": %s, \"comparison\": %s, \"edgeflow\": %s, \"baseline\": %s, \"ratio\": %s, \"target\": %s, \"met\": %s, \"how\": %s}",
		       (i > 1 ? "," : ""), jstr(R_sec[i]), jstr(R_label[i]), jstr(R_ef[i]), jstr(R_base[i]),
		       jstr(R_ratio[i]), jstr(R_target[i]), jstr(R_met[i] == "**no**" ? "no" : R_met[i]),
		       jstr(R_note[i]) > JS;
	x2 = x; gsub(/\n+$/, "", x2); gsub(/\n/, "\n  ", x2);
	printf "\n  ],\n  \"xdp\": %s,\n  \"vm\": [", (x2 != "" ? x2 : "null") > JS;
	for (i = 1; i <= nv; i++)
		printf "%s\n    %s", (i > 1 ? "," : ""), jstr(V[i]) > JS;
	printf "\n  ],\n  \"gap\": [" > JS;
	for (i = 1; i <= ng; i++) {
		split(G[i], g, "\t");
		printf "%s\n    {\"instance\": %s, \"family\": %s, \"reference\": %s, \"edgectl\": {\"status\": %s, \"objective\": %s, \"seconds\": %s}, \"heuristic\": {\"objective\": %s, \"seconds\": %s}, \"glpsol\": {\"status\": %s, \"objective\": %s, \"seconds\": %s}}",
		       (i > 1 ? "," : ""), jstr(g[1]), jstr(g[2]), g[3] + 0, jstr(g[4]),
		       (g[5] != "" ? g[5] + 0 : "null"), g[6] + 0, (g[7] != "" ? g[7] + 0 : "null"),
		       g[8] + 0, jstr(g[9]), (g[10] != "" ? g[10] + 0 : "null"), g[11] + 0 > JS;
	}
	printf "\n  ]\n}\n" > JS;
}
AWK
