# rfm.awk: the crm-rfm aggregation with an associative array, for gawk and
# mawk in scripts/bench. Per customer: last purchase date, purchase count
# and net amount; a purchase is a row with amount >= 0, and a return
# (amount < 0) only reduces the sum, as crm-rfm --frequency rows does.
# Splits on commas, so it is only right for quote-free CSV like the
# generated benchmark files.
BEGIN { FS = "," }
NR == 1 { next }
{
	amount = $3 + 0
	monetary[$1] += amount
	if (amount >= 0) {
		frequency[$1]++
		if ($2 > last_date[$1])
			last_date[$1] = $2
	}
}
END {
	print "customer_id,last_date,frequency,monetary"
	for (id in monetary)
		printf "%s,%s,%d,%.2f\n", id, last_date[id], frequency[id], \
		    monetary[id]
}
