#!/bin/bash
# compare.sh - one boot's two runs, diffed and classified: sourced by
# run-suite.sh (compare()), or run alone on two directories of probe
# outputs (NAME.out, NAME.rc), which is how tests/kernel/compare_test.sh
# checks the classification without QEMU.
#
# Usage: compare.sh KERNEL BOARD REALDIR EMULDIR
#   KERNEL  VER or VER/LABEL (the image); an entry of known-differences or
#           tolerances for VER applies to every image of that version
# Env:   KL_PROBES (probes.list), KL_KNOWN (known-differences),
#        KL_TOLERANCES (tolerances): other files than this directory's
# Prints one line per differing observation ("DIFF", "known", "close"),
# then "KERNEL BOARD: N passed, M failed, K known, C close".
[ -n "${here:-}" ] || here=$(cd "$(dirname "$0")" && pwd)

# the probes, with @DEVICE@ replaced for one side
probe_list() {
	grep -v '^#' "${KL_PROBES:-$here/probes.list}" | grep . | sed "s/@DEVICE@/$1/g"
}

# A field a real machine does not show is "?" in socmem's --device
# tables: on lines that agree in their other fields, the emulated side's
# value there is not compared.
unknown_fields() {
	awk 'NR == FNR { real[FNR] = $0; next }
	     {
		n = split(real[FNR], r, " "); m = split($0, e, " ")
		if (n == m && index(real[FNR], "?")) {
			same = 1
			for (i = 1; i <= n; i++) if (r[i] != "?" && r[i] != e[i]) same = 0
			if (same) { print real[FNR]; next }
		}
		print
	     }' "$1" "$2" >"$2.tmp" && mv "$2.tmp" "$2"
}

compare() {
	local kver=$1 board=$2 real=$3 emul=$4 name
	probe_list "" | while read -r name _; do
		for side in "$real" "$emul"; do
			sed -f "$here/normalise.sed" "$side/$name.out" 2>/dev/null |
				if [ -f "$here/normalise.d/$name.sed" ]; then
					sed -f "$here/normalise.d/$name.sed"
				else cat; fi |
				sed "s/^/$name: /" >"$side/$name.norm"
			echo "$name: exit $(cat "$side/$name.rc" 2>/dev/null || echo missing)" >>"$side/$name.norm"
		done
		unknown_fields "$real/$name.norm" "$emul/$name.norm"
		diff --unchanged-line-format="same	%L" --old-line-format="real	%L" \
			--new-line-format="emul	%L" "$real/$name.norm" "$emul/$name.norm"
	done | awk -v k="$kver" -v b="$board" -v known="${KL_KNOWN:-$here/known-differences}" \
		-v tol="${KL_TOLERANCES:-$here/tolerances}" '
		BEGIN {
			while ((getline l < known) > 0) {
				if (l ~ /^#/ || l == "") continue
				split(l, f, "\t"); kk[++nk] = f[1]; kp[nk] = f[2]; kc[nk] = f[3]
			}
			while ((getline l < tol) > 0) {
				if (l ~ /^#/ || l == "") continue
				split(l, f, "\t"); tk[++nt] = f[1]; tp[nt] = f[2]
				split(f[3], m, ":"); tm[nt] = m[1]; tn[nt] = m[2]; tc[nt] = f[4]
			}
		}
		# an entry for "*", the boot (VER/LABEL) or its version (VER)
		function for_kernel(e,   v) {
			v = k; sub(/\/.*/, "", v)
			return e == "*" || e == k || e == v
		}
		function is_known(line,   i) {
			for (i = 1; i <= nk; i++)
				if (for_kernel(kk[i]) && line ~ kp[i]) return kc[i]
			return ""
		}
		# the line with every number replaced: two lines of one shape
		# (a minus after a space is a sign: "drop -2488 kB" and "drop 0 kB" are one shape)
		function shape(line,   t) { t = line; gsub(/[0-9]+/, "#", t); gsub(/ -#/, " #", t); gsub(/ +/, " ", t); return t }
		# the numbers of a line, in order, signed where a minus follows a space
		function nums(s, a,   n, v, neg) {
			n = 0
			while (match(s, /[0-9]+/)) {
				v = substr(s, RSTART, RLENGTH) + 0
				neg = RSTART > 1 && substr(s, RSTART - 1, 1) == "-" &&
				      (RSTART == 2 || substr(s, RSTART - 2, 1) == " ")
				a[++n] = neg ? -v : v
				s = substr(s, RSTART + RLENGTH)
			}
			return n
		}
		# how far apart two lines of one shape are, by a tolerance metric:
		# "each" the largest difference of one number, "pages" of the free
		# pages a buddy line counts (its last numbers, one per order)
		function apart(r, e, metric,   nr, ne, x, y, i, d, sr, se, o) {
			delete x; delete y
			nr = nums(r, x); ne = nums(e, y)
			if (metric == "each") {
				d = 0
				for (i = 1; i <= nr; i++)
					if (x[i] - y[i] > d || y[i] - x[i] > d)
						d = x[i] > y[i] ? x[i] - y[i] : y[i] - x[i]
				return d
			}
			sr = se = 0; o = 0
			for (i = nr; i >= 1 && o < 11; i--) { sr += x[i] * 2 ^ (10 - o); se += y[i] * 2 ^ (10 - o); o++ }
			return sr > se ? sr - se : se - sr
		}
		function tolerance(line,   i) {
			for (i = 1; i <= nt; i++)
				if (for_kernel(tk[i]) && line ~ tp[i]) return i
			return 0
		}
		function one(side, line,   c) {
			c = is_known(line)
			if (c != "") { kn++; printf "known  %s %s %s %s  (%s)\n", k, b, side, line, c }
			else { fail++; printf "DIFF   %s %s %s %s\n", k, b, side, line }
		}
		# a hunk of differing lines: pair each real line with the first
		# emulated one of its shape; a pair within its tolerance is close
		function flush(   i, j, t, d) {
			for (i = 1; i <= nr_; i++) {
				t = tolerance(rl[i])
				for (j = 1; t && j <= ne_; j++)
					if (!used[j] && shape(rl[i]) == shape(el[j])) {
						d = apart(rl[i], el[j], tm[t])
						if (d <= tn[t]) {
							used[j] = 1; done[i] = 1; cl++
							printf "close  %s %s %s: %s %d (within %d: %s)\n", k, b, rl[i],
							       tm[t] == "each" ? "largest difference" : "free pages apart",
							       d, tn[t], tc[t]
						}
						break
					}
			}
			for (i = 1; i <= nr_; i++) if (!done[i]) one("real", rl[i])
			for (j = 1; j <= ne_; j++) if (!used[j]) one("emul", el[j])
			nr_ = ne_ = 0; delete rl; delete el; delete used; delete done
		}
		{ line = substr($0, index($0, "\t") + 1) }
		$1 == "same" { flush(); pass++; next }
		$1 == "real" { rl[++nr_] = line; next }
		$1 == "emul" { el[++ne_] = line; next }
		END {
			flush()
			printf "%s %s: %d passed, %d failed, %d known, %d close\n", k, b, pass, fail, kn, cl
		}'
}


if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	[ $# = 4 ] || { echo "usage: compare.sh KERNEL BOARD REALDIR EMULDIR" >&2; exit 2; }
	compare "$@"
fi
