# rfm-table.awk: compare crm-rfm's table with a peer's, for scripts/bench.
# Input: lines "CRM<TAB>PEER" of the two CSVs (header left out) sorted by
# customer_id and pasted side by side. The ids, dates, counts, scores,
# codes and segments must be equal; the sums exact at 2 decimals; the
# means (avg_value, repeat_avg), which both round to 4 decimals, within
# one unit of the last (a half rounded apart); t_x and T within 1e-12.
# Prints the first differences and exits 1 when there are any.

function differs(i, a, b,    d) {
	if (i == 1 || i == 2 || i == 3 || i == 16 || i == 17)
		return a != b
	d = a - b
	if (d < 0)
		d = -d
	if (i == 6)
		return d > 0.001
	if (i == 7 || i == 12)
		return d > 0.000101
	if (i == 10 || i == 11)
		return d > 1e-12 * (a < 0 ? -a : a) + 1e-12
	return a + 0 != b + 0
}

BEGIN { FS = "\t" }

{
	n = split($1, crm, ",")
	m = split($2, peer, ",")
	if (n != 17 || m != 17 || crm[1] != peer[1]) {
		print "row " NR ": " $0
		if (++bad == 10)
			exit 1
		next
	}
	for (i = 1; i <= 17; i++)
		if (differs(i, crm[i], peer[i])) {
			print "row " NR ", column " i ": " crm[i] " against " peer[i]
			if (++bad == 10)
				exit 1
			next
		}
}

END { exit bad > 0 }
