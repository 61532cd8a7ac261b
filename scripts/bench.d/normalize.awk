# normalize.awk: one aggregation output in a form every tool can be
# compared in: "customer_id,last_date,frequency,monetary" with the sum at
# two decimals, for scripts/bench to sort and compare byte for byte.
# -v columns=ID,LAST,COUNT,SUM names the four columns in this file's
# header. Customers without a purchase (only returns) are left out, as
# crm-rfm leaves them out. Quote-free CSV only, like the benchmark files.
BEGIN {
	FS = ","
	if (split(columns, want, ",") != 4) {
		print "normalize.awk: need -v columns=ID,LAST,COUNT,SUM" \
		    > "/dev/stderr"
		exit 2
	}
}
NR == 1 {
	for (i = 1; i <= NF; i++)
		position[$i] = i
	for (k = 1; k <= 4; k++) {
		if (!(want[k] in position)) {
			print "normalize.awk: no column " want[k] " in " \
			    FILENAME > "/dev/stderr"
			exit 2
		}
		col[k] = position[want[k]]
	}
	next
}
$col[3] + 0 > 0 {
	sum = sprintf("%.2f", $col[4])
	if (sum == "-0.00")
		sum = "0.00"
	printf "%s,%s,%d,%s\n", $col[1], $col[2], $col[3], sum
}
