#!/usr/bin/env bats
# Hostile input for every tool (issue 17): whatever comes in, a tool exits
# 0, 1 or 2 with a message, in bounded time and memory; never a crash or a
# hang. Findings of the fuzz targets that show in a tool are tested here.

load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# The first unusable record is the one reported, by both parsers, even
# when a later record of the same chunk is malformed (found by fuzz-csv:
# tests/fuzz/csv/regressions/nul-before-bad-quote, gbk-cut-after-nul).
@test "reader: a NUL byte before malformed quotes is reported first" {
	printf 'customer_id,monetary\n1\0,2\n3,x"y"z\n' >in.csv
	for parser in fast libcsv; do
		CRM_PARSER=$parser run crm-segment --abc monetary=0.5,0.8 in.csv
		assert_failure 1
		assert_output --partial "in.csv:2: NUL byte in field 1"
	done
}

@test "reader: an incomplete GBK character at the end comes after earlier errors" {
	printf 'a,b\n1,\0\n2,\xbf' >in.csv
	for parser in fast libcsv; do
		CRM_PARSER=$parser run crm-segment --encoding gbk --abc a=0.5,0.8 in.csv
		assert_failure 1
		assert_output --partial "in.csv:2: NUL byte in field 2"
	done
	printf 'a,b\n1,2\n2,\xbf' >in.csv
	run crm-segment --encoding gbk --abc a=0.5,0.8 in.csv
	assert_failure 1
	assert_output "crm-segment: in.csv: incomplete gbk character at the end of the file"
}

@test "reader: an empty column name is reported before malformed quotes in record 2" {
	# fuzz-csv: tests/fuzz/csv/regressions/empty-name-before-bad-quote
	printf 'a,\n1,2"x\n' >in.csv
	for parser in fast libcsv; do
		CRM_PARSER=$parser run crm-segment --abc a=0.5,0.8 in.csv
		assert_failure 1
		assert_output "crm-segment: in.csv:1: empty column name (column 2); name it, or use -N"
	done
}

@test "reader: 100,000 column names are checked for repeats in n log n" {
	awk 'BEGIN { for (i = 1; i <= 100000; i++) printf "c%d,", i; print "c99999" }' >in.csv
	run timeout 20 crm-segment --abc c1=0.5,0.8 in.csv
	assert_failure 1
	assert_output "crm-segment: in.csv:1: duplicate column name 'c99999' (columns 99999 and 100001)"
}

# Hash tables are seeded per run (CRM_HASH_SEED, else random): every run
# of scripts/memcheck's table, made under two seeds, writes the same bytes.
@test "adversarial keys: every tool's output is the same under two hash seeds" {
	run "$BATS_TEST_DIRNAME/../scripts/memcheck" --seeds "${CRM_BUILD:-build}"
	assert_success
	refute_line --partial "not ok"
}
