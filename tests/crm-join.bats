#!/usr/bin/env bats
# crm-join: hash joins of two CSV files, through the real binary.

load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	cp "$DATA/join-customers.csv" customers.csv
	cp "$DATA/join-rfm.csv" rfm.csv
}

@test "inner join: pairs with equal keys, clashing names get _right" {
	run crm-join --hash right customers.csv rfm.csv
	assert_success
	assert_output "customer_id,name,owner,monetary,name_right
K1,张伟,王磊,5,ann
K2,Bob,李娜,10,bob"
}

@test "--left keeps every left row, in left order when the right is hashed" {
	run crm-join --left --hash right customers.csv rfm.csv
	assert_success
	assert_output "customer_id,name,owner,monetary,name_right
K1,张伟,王磊,5,ann
K2,Bob,李娜,10,bob
K3,Cy,王磊,,
K4,Dee,,,"
}

@test "--left with the left side hashed (the pipeline case): right order, then unmatched left" {
	run bash -c "crm-join --left customers.csv - < rfm.csv"
	assert_success
	assert_output "customer_id,name,owner,monetary,name_right
K2,Bob,李娜,10,bob
K1,张伟,王磊,5,ann
K3,Cy,王磊,,
K4,Dee,,,"
}

@test "--anti: left rows that match nothing, left columns only, either side hashed" {
	run crm-join --anti --hash right customers.csv rfm.csv
	assert_output "customer_id,name,owner
K3,Cy,王磊
K4,Dee,"
	run crm-join --anti --hash left customers.csv rfm.csv
	assert_output "customer_id,name,owner
K3,Cy,王磊
K4,Dee,"
}

@test "the right file is held by default, the left when only the right is a pipe" {
	run crm-join customers.csv rfm.csv
	assert_line --index 1 "K1,张伟,王磊,5,ann"
	run bash -c "cat customers.csv | crm-join - rfm.csv"
	assert_line --index 1 "K1,张伟,王磊,5,ann"
	run bash -c "cat rfm.csv | crm-join customers.csv -"
	assert_line --index 1 "K2,Bob,李娜,10,bob"
}

@test "the same two files give the same rows in the same order, or the same error, whichever is larger" {
	printf 'customer_id,tag\nK2,a\nK1,b\nK2,c\n' >left.csv
	# right.csv is larger than left.csv, and smaller than big.csv
	printf 'customer_id,v\nK1,1\nK2,2\nK3,3%0100d\n' 0 >right.csv
	for mode in "" --left --anti; do
		crm-join $mode left.csv right.csv >small-left.out
		# the same keys, the left now far larger than the right
		awk -F, -v OFS=, 'NR > 1 { $2 = $2 sprintf("%0500d", 0) } 1' \
		    left.csv >big.csv
		crm-join $mode big.csv right.csv | sed -E 's/0{500}//' >big-left.out
		assert_same big-left.out small-left.out
	done
	run crm-join --left left.csv right.csv
	assert_output "customer_id,tag,v
K2,a,2
K1,b,1
K2,c,2"
	# a repeated key on the held (right) side is the same error at any size
	for pad in 0 5000; do
		awk -F, -v OFS=, -v pad=$pad 'NR > 1 && pad { $2 = $2 sprintf("%0" pad "d", 0) } 1' \
		    left.csv >right-rep.csv
		run crm-join right.csv right-rep.csv
		assert_failure 1
		assert_output "crm-join: right-rep.csv:4: repeated key 'K2' on the held right side, first at record 2; --many joins every pair"
	done
}

@test "--on L=R joins differently named keys" {
	printf 'cid,score\nK3,9\nK1,7\n' >scores.csv
	run crm-join --left --hash right --on customer_id=cid customers.csv scores.csv
	assert_success
	assert_output "customer_id,name,owner,score
K1,张伟,王磊,7
K2,Bob,李娜,
K3,Cy,王磊,9
K4,Dee,,"
}

@test "keys are found through the alias table on each side" {
	printf '客户编号,备注\nK2,vip\n' >notes.csv
	run crm-join --hash right customers.csv notes.csv
	assert_output "customer_id,name,owner,备注
K2,Bob,李娜,vip"
}

@test "a repeated key on the held side is an error without --many; with it, matches in held order" {
	printf 'customer_id,tag\nK1,a\nK1,b\n' >tags.csv
	run crm-join --hash right customers.csv tags.csv
	assert_failure 1
	assert_output "crm-join: tags.csv:3: repeated key 'K1' on the held right side, first at record 2; --many joins every pair"
	run crm-join --many --hash right customers.csv tags.csv
	assert_success
	assert_output "customer_id,name,owner,tag
K1,张伟,王磊,a
K1,张伟,王磊,b"
}

@test "repeated keys on the streamed side each join" {
	printf 'customer_id,tag\nK1,a\nK1,b\n' >tags.csv
	run crm-join --hash left customers.csv tags.csv
	assert_output "customer_id,name,owner,tag
K1,张伟,王磊,a
K1,张伟,王磊,b"
}

@test "empty keys match nothing, but --left keeps their rows" {
	printf 'customer_id,name\n,nobody\nK1,one\n' >left.csv
	printf 'customer_id,x\n,1\nK1,2\n' >right.csv
	run crm-join --left --hash left left.csv right.csv
	assert_output "customer_id,name,x
K1,one,2
,nobody,"
	run crm-join left.csv right.csv
	assert_output "customer_id,name,x
K1,one,2"
}

@test "a suffix that still clashes is applied again" {
	printf 'customer_id,name,name_x\nK1,a,b\n' >left.csv
	printf 'customer_id,name\nK1,c\n' >right.csv
	run crm-join --suffix _x left.csv right.csv
	assert_output "customer_id,name,name_x,name_x_x
K1,a,b,c"
}

@test "empty sides: header-only inputs give header-only output" {
	echo "customer_id,monetary" >none.csv
	run crm-join customers.csv none.csv
	assert_success
	assert_output "customer_id,name,owner,monetary"
	run crm-join --left none.csv customers.csv
	assert_output "customer_id,monetary,name,owner"
	run crm-join --left customers.csv none.csv
	assert_equal "${#lines[@]}" 5
}

@test "--rejects: ragged rows of the left go to FILE, of the right to FILE.right" {
	printf 'customer_id,name\nK1,a\nK2\n' >left.csv
	printf 'customer_id,x\nK1,1,9\nK2,2\n' >right.csv
	run crm-join --rejects rej.csv left.csv right.csv
	assert_success
	assert_line "crm-join: 1 of 2 rows rejected, see rej.csv"
	assert_line "crm-join: 1 of 2 rows rejected, see rej.csv.right"
	assert_equal "$(cat rej.csv)" 'customer_id,name,reason
K2,,"ragged row: 1 fields, the header has 2"'
	assert_equal "$(cat rej.csv.right)" 'customer_id,x,reason
K1,1,9,"ragged row: 3 fields, the header has 2"'
}

@test "bad usage: one input, two standard inputs, unknown --hash" {
	run crm-join customers.csv
	assert_failure 2
	assert_line --index 0 "crm-join: two inputs are needed, left and right"
	run crm-join - -
	assert_failure 2
	assert_line --index 0 "crm-join: only one input can be standard input"
	run crm-join --hash middle customers.csv rfm.csv
	assert_failure 2
	assert_line --index 0 "crm-join: --hash: 'middle' is not one of left, right"
}

@test "options that do nothing in a join are refused, and not in --help" {
	for opt in "--as-of 2026-01-01" "--date-format %d/%m/%Y" \
	    "--decimal-comma" "--precision 2"; do
		run crm-join $opt customers.csv rfm.csv
		assert_failure 2
		assert_line --index 0 "crm-join: unrecognized option '${opt%% *}'"
		run crm-join --help
		refute_output --partial -- "${opt%% *}"
	done
}

@test "a missing key column: an error listing the header" {
	printf 'id,x\nK1,1\n' >right.csv
	run crm-join customers.csv right.csv
	assert_failure 1
	assert_output "crm-join: right.csv: no 'customer_id' column (or one of its aliases, see man 7 crm); name it with --on COL or --on LEFT=RIGHT; the header has: id, x"
	run crm-join --on nope customers.csv right.csv
	assert_failure 1
	assert_output "crm-join: customers.csv: column 'nope' not found; the header has: customer_id, name, owner"
}

@test "-o writes atomically; > /dev/full is an error" {
	run crm-join -o out.csv customers.csv rfm.csv
	assert_success
	assert_equal "$(wc -l <out.csv)" 3
	run bash -c "crm-join customers.csv rfm.csv >/dev/full"
	assert_failure 1
	assert_output "crm-join: write error: No space left on device"
}

@test "a large streamed side passes through, every row joined" {
	awk 'BEGIN { print "customer_id,n"; for (i = 0; i < 300000; i++) print "K" (i % 5) "," i }' >big.csv
	run bash -c "crm-join --hash left customers.csv big.csv | wc -l"
	assert_output 240001
}

@test "many keys, looked up in groups: the same rows as an awk join, in streamed order" {
	awk 'BEGIN { print "customer_id,name"
	    for (i = 0; i < 50000; i++) print "K" i ",name" i }' >held.csv
	# keys in no order, a tenth missing from the held side, some empty
	awk 'BEGIN { print "customer_id,v"; srand(3)
	    for (i = 0; i < 120000; i++) {
	        k = int(rand() * 55000)
	        print (i % 997 == 0 ? "" : "K" k) "," i } }' >streamed.csv
	crm-join --left --hash right streamed.csv held.csv >got.csv
	awk -F, 'NR == FNR { if (FNR > 1) name[$1] = $2; next }
	    FNR == 1 { print "customer_id,v,name"; next }
	    { print $1 "," $2 "," (($1 != "" && $1 in name) ? name[$1] : "") }' \
	    held.csv streamed.csv >want.csv
	cmp got.csv want.csv
	crm-join --hash right streamed.csv held.csv | tail -n +2 >inner.csv
	grep -v ',$' want.csv | tail -n +2 | cmp - inner.csv
}
