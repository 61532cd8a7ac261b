#!/usr/bin/env bats
# The reader's fast path and libcsv alone (CRM_PARSER=libcsv) read every
# input the same: outputs and rejects are compared byte for byte, on
# random CSV and on every CSV file of the test corpus and the sample data.

load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	GEN=$BATS_TEST_DIRNAME/../${CRM_BUILD:-build}/scripts/gen-fuzz-csv
}

# Run a command twice, fast path and libcsv only; compare everything.
both_parsers_agree() {
	local status=0

	"$@" >fast.out 2>fast.err || status=$?
	echo "status $status" >>fast.err
	[ ! -e rejects.csv ] || mv rejects.csv fast.rejects
	status=0
	CRM_PARSER=libcsv "$@" >ref.out 2>ref.err || status=$?
	echo "status $status" >>ref.err
	[ ! -e rejects.csv ] || mv rejects.csv ref.rejects
	assert_same fast.out ref.out
	assert_same fast.err ref.err
	[ ! -e fast.rejects ] || assert_same fast.rejects ref.rejects
}

@test "random CSV: quotes, newlines and delimiters in fields, CRLF, long fields" {
	for seed in 1 2 3 4 5; do
		"$GEN" "$seed" 20000 >fuzz.csv
		both_parsers_agree crm-rfm --as-of 2024-12-31 --rejects rejects.csv fuzz.csv
		[ "$(wc -l <ref.out)" -gt 1000 ] || fail "seed $seed: too few customers"
		grep -q 'ragged row' ref.rejects || fail "seed $seed: no ragged row"
	done
}

@test "random CSV: every field passes through unchanged" {
	"$GEN" 7 20000 >fuzz.csv
	both_parsers_agree crm-segment --rule 'all: 1 = 1' --rejects rejects.csv fuzz.csv
	[ "$(wc -c <ref.out)" -gt 400000 ] || fail "too little output"
}

@test "random CSV through a pipe reads the same as from the file" {
	"$GEN" 11 20000 >fuzz.csv
	crm-rfm -q --as-of 2024-12-31 --rejects rejects.csv fuzz.csv >file.out
	cat fuzz.csv | crm-rfm -q --as-of 2024-12-31 --rejects rejects.csv >pipe.out
	assert_same pipe.out file.out
}

@test "strict mode stops at the same first bad record on both paths" {
	"$GEN" 3 5000 >fuzz.csv
	both_parsers_agree crm-rfm --as-of 2024-12-31 fuzz.csv
	grep -q '^status 1$' ref.err || fail "expected a data error"
}

@test "every CSV of the test corpus and the sample data reads the same" {
	n=0
	for f in "$DATA"/*.csv "$BATS_TEST_DIRNAME"/../data/sample/*.csv; do
		both_parsers_agree crm-segment --rule 'all: 1 = 1' "$f"
		n=$((n + 1))
	done
	[ "$n" -gt 10 ]
}
