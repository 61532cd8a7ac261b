#!/usr/bin/env bats
# crm-split: parts of a CSV stream by a stable hash of a key.

load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# The expected parts were computed by an independent FNV-1a 64 (Python).
@test "-n 3 -o PREFIX: parts by FNV-1a 64 of the key modulo 3, header in each" {
	run crm-split -n 3 -o part "$DATA/split.csv"
	assert_success
	assert_output ""
	for k in 0 1 2; do
		assert_same "part.$k" "$DATA/split-3.$k"
	done
}

@test "every row lands in exactly one part, in input order" {
	crm-split -n 7 -o p "$DATA/split.csv"
	run sh -c 'for f in p.?; do tail -n +2 "$f"; done | sort'
	assert_output "$(tail -n +2 "$DATA/split.csv" | sort)"
}

@test "--by takes a name, a position, or a canonical name's alias" {
	crm-split -n 3 --by CustomerID -o a "$DATA/split.csv"
	crm-split -n 3 --by 2 -o b "$DATA/split.csv"
	sed '1s/.*/订单号,客户编号,下单时间,实付金额/' "$DATA/split.csv" >zh.csv
	crm-split -n 3 --by customer_id -o c zh.csv
	for k in 0 1 2; do
		assert_same "a.$k" "$DATA/split-3.$k"
		assert_same "b.$k" "$DATA/split-3.$k"
		assert_equal "$(tail -n +2 "c.$k")" "$(tail -n +2 "$DATA/split-3.$k")"
	done
}

@test "part numbers are zero-padded to one width, so that they sort" {
	crm-split -n 12 -o p "$DATA/split.csv"
	run ls
	assert_line p.00
	assert_line p.11
	refute_line p.0
}

@test "--part K writes that part alone to standard output" {
	run crm-split -n 3 --part 1 "$DATA/split.csv"
	assert_success
	assert_output "$(cat "$DATA/split-3.1")"
}

@test "--key-first: one stream, the key in front, no header" {
	run crm-split --key-first "$DATA/split.csv"
	assert_success
	assert_line --index 0 'K1,1,K1,2024-01-02,10.00'
	assert_line --index 2 '"Acme, Inc.",3,"Acme, Inc.",2024-01-03,7.25'
	assert_equal "${#lines[@]}" 8
}

@test "-N: no header in, none out; positions name the key" {
	tail -n +2 "$DATA/split.csv" | crm-split -N --by 2 -n 3 -o p
	for k in 0 1 2; do
		tail -n +2 "$DATA/split-3.$k" >want
		assert_same "p.$k" want
	done
}

@test "header-only input gives header-only parts" {
	head -1 "$DATA/split.csv" | crm-split -n 2 -o p
	assert_equal "$(cat p.0)" "order_id,customer_id,order_date,amount"
	assert_equal "$(cat p.1)" "order_id,customer_id,order_date,amount"
}

@test "usage errors: no -n, no -o, bad -n, --part out of range, -n with --key-first" {
	run crm-split "$DATA/split.csv"
	assert_failure 2
	assert_line --index 0 "crm-split: -n N: how many parts?"
	run crm-split -n 2 "$DATA/split.csv"
	assert_failure 2
	assert_line --index 0 --partial "crm-split: -o PREFIX: where do the parts go?"
	run crm-split -n 0 -o p "$DATA/split.csv"
	assert_failure 2
	run crm-split -n 3 --part 3 "$DATA/split.csv"
	assert_failure 2
	assert_line --index 0 "crm-split: --part 3: the parts are 0 .. 2"
	run crm-split -n 3 --key-first "$DATA/split.csv"
	assert_failure 2
}

@test "a missing key column is an error that lists the header" {
	run crm-split -n 2 -o p --by client "$DATA/split.csv"
	assert_failure 1
	assert_output --partial "order_id, customer_id, order_date, amount"
	printf 'a,b\n1,2\n' >nokey.csv
	run crm-split -n 2 -o p nokey.csv
	assert_failure 1
	assert_output --partial "customer_id"
}

@test "a ragged row stops it, or goes to --rejects with the rest split" {
	printf 'customer_id,amount\nK1,1\nK2\nK3,3\n' >ragged.csv
	run crm-split -n 2 -o p ragged.csv
	assert_failure 1
	assert_output --partial "ragged.csv:3: ragged row"
	run crm-split -n 2 -o p --rejects bad.csv ragged.csv
	assert_success
	assert_equal "$(cat p.0 p.1 | grep -c '^K')" 2
	assert_equal "$(tail -n +2 bad.csv)" 'K2,,"ragged row: 1 fields, the header has 2"'
}

@test "empty input is an error; a write error is an error" {
	: >empty.csv
	run crm-split -n 2 -o p empty.csv
	assert_failure 1
	run bash -c "crm-split -n 2 --part 0 '$DATA/split.csv' >/dev/full"
	assert_failure 1
	assert_output "crm-split: write error: No space left on device"
}
