# normalize-cohort.awk: a cohort table as "cohort,period,customers,
# active,revenue" lines (revenue at two decimals) for the (cohort, period)
# pairs with an active customer or a non-zero revenue, so that crm-cohort
# (which lists every period up to as-of) and its peers (which list the
# pairs that have rows) compare byte for byte once sorted. Columns are
# found by name in the header; quote-free CSV only.
BEGIN { FS = "," }
NR == 1 {
	for (i = 1; i <= NF; i++)
		col[$i] = i
	split("cohort period customers active revenue", want, " ")
	for (k = 1; k <= 5; k++)
		if (!(want[k] in col)) {
			print "normalize-cohort.awk: no column " want[k] > "/dev/stderr"
			exit 2
		}
	next
}
{
	revenue = sprintf("%.2f", $col["revenue"])
	if (revenue == "-0.00")
		revenue = "0.00"
	if ($col["active"] + 0 == 0 && revenue == "0.00")
		next
	printf "%s,%d,%d,%d,%s\n", $col["cohort"], $col["period"],
	    $col["customers"], $col["active"], revenue
}
