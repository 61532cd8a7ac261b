# Shared setup for the bats suite: assertions, paths, and small helpers.
bats_load_library bats-support
bats_load_library bats-assert

DATA=$BATS_TEST_DIRNAME/data
# Public reference data lives beside the repository and is read in place.
CDNOW=${CRM_CDNOW:-$BATS_TEST_DIRNAME/../../shared/data/cdnow}

# The CDNOW 1-in-10 sample as a CSV order export (sample id, date, value).
cdnow_orders() {
	[ -r "$CDNOW/CDNOW_sample.txt" ] ||
		skip "CDNOW data not found at $CDNOW"
	awk 'BEGIN { print "customer_id,order_date,amount" }
	    { sub(/\r$/, ""); print $2 + 0 "," $3 "," $5 }' "$CDNOW/CDNOW_sample.txt"
}

# Compare a file with the expected one, showing the difference on failure.
assert_same() {
	diff -u "$2" "$1" || fail "$1 differs from $2"
}
