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

# A tool that reads ahead (TOOL ARGS...) reports errors in input order: a
# bad date in the reader's first 128 KiB chunk, then a stray quote in the
# third, read ahead while the first is worked on (12,000 rows of 28
# bytes between them).
assert_errors_in_input_order() {
	local tool=$1
	shift
	awk 'BEGIN { print "customer_id,order_date,item,amount"
	    print "A,2024-02-30,P1,5"
	    for (i = 0; i < 12010; i++) {
	        if (i == 12000) print "B\"x,2024-01-01,P1,5"
	        printf "c%06d,2024-01-%02d,P%d,%d.50\n", i, 1 + i % 28, i % 50,
	            i % 90 } }' >two.csv
	run "$tool" "$@" two.csv
	assert_failure 1
	assert_output "$tool: two.csv:2: not a date (order_date, '2024-02-30')"
	# with --rejects the bad date is set aside and the quote stops the run
	run "$tool" --rejects rej.csv "$@" two.csv
	assert_failure 1
	assert_output --partial "$tool: two.csv:12003: malformed quotes"
	# alone, the quote is found where it is, on both paths
	sed 2d two.csv >late.csv
	run "$tool" "$@" late.csv
	assert_failure 1
	assert_output --partial "$tool: late.csv:12002: malformed quotes"
	CRM_PARSER=libcsv run "$tool" "$@" late.csv
	assert_failure 1
	assert_output --partial "$tool: late.csv:12002: malformed quotes"
}

# many.csv: 60,000 order lines of 20,000 customers, read in several
# chunks and shared among threads; every 997th row has, in turn, a bad
# date, a bad amount, no customer id, or an amount that overflows its
# customer's sum (found by the thread of that customer, not by the
# reader): a new customer's order of 900000000000000, the overflowing
# one, then a return that brings the customer back to 0, so that no
# total over customers overflows. bad.csv: the 60 bad rows, in order.
write_bad_rows_of_many_customers() {
	awk 'BEGIN { print "customer_id,order_date,item,amount"
	    for (i = 1; i <= 60000; i++) {
	        id = sprintf("c%05d", (i * 7919) % 20000)
	        day = sprintf("2024-%02d-%02d", 1 + i % 12, 1 + i % 28)
	        item = "P" i % 50
	        amount = (i % 500) ".25"
	        k = (i / 997) % 4
	        if (i % 997 == 0 && k == 0) day = "2024-13-01"
	        if (i % 997 == 0 && k == 1) amount = "12..5"
	        if (i % 997 == 0 && k == 2) id = ""
	        if (i % 997 == 0 && k == 3) {
	            id = "big" i
	            print id "," day "," item ",900000000000000"
	            print id "," day "," item ",900000000000000.5"
	            amount = "-900000000000000"
	        }
	        print id "," day "," item "," amount } }' >many.csv
	awk -F, 'NR > 1 && ($1 == "" || $2 ~ /-13-/ || $4 ~ /\.\.|\.5$/)' \
	    many.csv >bad.csv
	[ "$(wc -l <bad.csv)" -eq 60 ] || fail "expected 60 bad rows"
}

# The rejects file REJ lists bad.csv's rows in order, 15 of each kind;
# OVERFLOW is the tool's reason for the fourth kind, or empty for a tool
# that adds no amounts up (the rows are used).
assert_bad_rows_rejected() {
	if [ -n "$2" ]; then
		cp bad.csv want.csv
	else
		grep -v ',900000000000000\.5$' bad.csv >want.csv
	fi
	tail -n +2 "$1" | cut -d, -f1-4 >got.csv
	assert_same got.csv want.csv
	assert_equal "$(grep -c "not a date (order_date, '2024-13-01')" "$1")" 15
	assert_equal "$(grep -c "(amount, '12..5')" "$1")" 15
	assert_equal "$(grep -c 'empty customer id (customer_id)' "$1")" 15
	[ -z "$2" ] || assert_equal "$(grep -c "$2" "$1")" 15
}
