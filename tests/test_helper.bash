# Shared setup for the bats suite: assertions, paths, and small helpers.
bats_load_library bats-support
bats_load_library bats-assert

DATA=$BATS_TEST_DIRNAME/data
# Public reference data lives beside the repository and is read in place.
CDNOW=${CRM_CDNOW:-$BATS_TEST_DIRNAME/../../shared/data/cdnow}

# The CDNOW 1-in-10 sample as a CSV order export (sample id, date, value).
cdnow_orders() {
	[ -r "$CDNOW/CDNOW_sample.txt" ] ||
		skip "CDNOW data not found at $CDNOW (it ships with lifetimes and BTYD: see README; CRM_CDNOW=DIR)"
	awk 'BEGIN { print "customer_id,order_date,amount" }
	    { sub(/\r$/, ""); print $2 + 0 "," $3 "," $5 }' "$CDNOW/CDNOW_sample.txt"
}

# The CDNOW calibration summary as published (ID,x,t_x,T,zbar).
cdnow_summary() {
	[ -r "$CDNOW/cdnow_customers_summary_with_transactions.csv" ] ||
		skip "CDNOW data not found at $CDNOW (it ships with lifetimes and BTYD: see README; CRM_CDNOW=DIR)"
	cat "$CDNOW/cdnow_customers_summary_with_transactions.csv"
}

# The published CDNOW estimates as saved parameter files, into FILE:
# BG/NBD (Fader, Hardie & Lee 2005) and Gamma-Gamma (Fader & Hardie 2013).
published_bgnbd() {
	cat >"$1" <<-EOF
	name,value
	model,bgnbd
	unit,weeks
	r,0.2425945
	alpha,4.4136019
	a,0.7929199
	b,2.4258881
	EOF
}

published_spend() {
	cat >"$1" <<-EOF
	name,value
	model,gammagamma
	p,6.2488
	q,3.74459
	gamma,15.44775
	EOF
}

# value of NAME in a params table on stdin
param() {
	awk -F, -v name="$1" '$1 == name { print $2 }'
}

# |got - want| <= tol * |want|
assert_close() {
	awk -v got="$1" -v want="$2" -v tol="$3" 'BEGIN {
	    d = got - want; if (d < 0) d = -d; w = want < 0 ? -want : want
	    exit !(d <= tol * w) }' ||
		fail "$1 is not within $3 (relative) of $2"
}

# Compare a file with the expected one, showing the difference on failure.
assert_same() {
	diff -u "$2" "$1" || fail "$1 differs from $2"
}
