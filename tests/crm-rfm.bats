#!/usr/bin/env bats
# crm-rfm: per-customer RFM and BTYD summaries, through the real binary.

load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	HEADER=customer_id,order_date,amount
}

# --- what it computes -------------------------------------------------

@test "orders: every column, checked by hand" {
	run crm-rfm -q --as-of 2024-06-30 "$DATA/orders.csv"
	assert_success
	echo "$output" >out.csv
	assert_same out.csv "$DATA/rfm-orders.out"
}

@test "rows after --as-of are not used and counted on stderr" {
	crm-rfm --as-of 2024-06-30 "$DATA/orders.csv" 2>err >/dev/null
	assert_equal "$(cat err)" "crm-rfm: 2 rows after 2024-06-30 not used"
}

@test "--holdout-end adds x_holdout and value_holdout" {
	crm-rfm -q --as-of 2024-06-30 --holdout-end 2024-07-31 \
	    "$DATA/orders.csv" >out.csv
	assert_same out.csv "$DATA/rfm-holdout.out"
}

@test "--holdout-end: customers who first bought in the holdout are noted" {
	run crm-rfm --as-of 2024-06-30 --holdout-end 2024-07-31 \
	    "$DATA/orders.csv"
	assert_line "crm-rfm: 1 customers who first bought in the holdout are not listed"
}

@test "--holdout-end must be after --as-of" {
	run crm-rfm --as-of 2024-06-30 --holdout-end 2024-06-30 "$DATA/orders.csv"
	assert_failure 2
	assert_line --index 0 "crm-rfm: --holdout-end must be after --as-of"
}

@test "reads standard input, also as -" {
	crm-rfm -q --as-of 2024-06-30 <"$DATA/orders.csv" >a.csv
	cat "$DATA/orders.csv" | crm-rfm -q --as-of 2024-06-30 - >b.csv
	assert_same a.csv "$DATA/rfm-orders.out"
	assert_same b.csv "$DATA/rfm-orders.out"
}

@test "Chinese headers, quantity x price, returns, --unit days, --lang zh" {
	crm-rfm -q --as-of 2024-04-30 --unit days --lang zh \
	    "$DATA/orders-zh.csv" >out.csv
	assert_same out.csv "$DATA/rfm-zh.out"
}

@test "--segments cn8: R, F, M above or below their means" {
	run crm-rfm -q --as-of 2024-04-30 --segments cn8 --lang zh \
	    "$DATA/orders-zh.csv"
	assert_success
	assert_line --index 1 --regexp ',重要价值客户$'
	assert_line --index 2 --regexp ',一般挽留客户$'
	assert_line --index 3 --regexp ',重要发展客户$'
	run crm-rfm -q --as-of 2024-04-30 --segments cn8 "$DATA/orders-zh.csv"
	assert_line --index 1 --regexp ',Important Value$'
	assert_line --index 3 --regexp ',Important Development$'
}

@test "--quantity and --price name the columns explicitly" {
	crm-rfm -q --as-of 2024-04-30 --unit days --lang zh --quantity 数量 \
	    --price 6 "$DATA/orders-zh.csv" >out.csv
	assert_same out.csv "$DATA/rfm-zh.out"
}

@test "--frequency orders, days and rows" {
	run crm-rfm -q --as-of 2024-06-30 --frequency days "$DATA/orders.csv"
	assert_equal "$(echo "$output" | cut -d, -f1,5 | tr '\n' ' ')" \
	    "customer_id,frequency C1,2 C2,1 C3,2 C4,1 "
	run crm-rfm -q --as-of 2024-06-30 --frequency rows "$DATA/orders.csv"
	assert_equal "$(echo "$output" | cut -d, -f1,5 | tr '\n' ' ')" \
	    "customer_id,frequency C1,3 C2,1 C3,2 C4,2 "
	run crm-rfm -q --as-of 2024-06-30 --frequency orders "$DATA/orders.csv"
	assert_equal "$(echo "$output" | cut -d, -f1,5 | tr '\n' ' ')" \
	    "customer_id,frequency C1,3 C2,1 C3,2 C4,1 "
}

@test "--frequency orders without an order id column is an error" {
	printf '%s\nA,2024-01-01,5\n' "$HEADER" >in.csv
	run crm-rfm --as-of 2024-06-30 --frequency orders in.csv
	assert_failure 1
	assert_output "crm-rfm: --frequency orders needs an order id column (--order)"
}

@test "same-day purchases are one purchase occasion for x" {
	printf '%s\nA,2024-01-01,5\nA,2024-01-01,7\nA,2024-01-08,1\nA,2024-01-08,2\n' \
	    "$HEADER" >in.csv
	run crm-rfm -q --as-of 2024-01-15 in.csv
	assert_line --index 1 --partial 'A,2024-01-01,2024-01-08,7,2,15,7.5,14,1,1,2,3,'
}

@test "--unit months uses 30.4375 days; weeks are the default" {
	printf '%s\nA,2024-01-01,5\nA,2024-03-01,7\n' "$HEADER" >in.csv
	run crm-rfm -q --as-of 2024-03-31 --unit months in.csv
	assert_line --index 1 --partial ',1,1.9712525667351128,2.9568788501026693,'
	run crm-rfm -q --as-of 2024-03-31 in.csv
	assert_line --index 1 --partial ',1,8.571428571428571,12.857142857142858,'
}

@test "returns: net reduces monetary, ignore drops them, reject rejects them" {
	printf '%s\nA,2024-01-01,50\nA,2024-01-05,-20\n' "$HEADER" >in.csv
	run crm-rfm -q --as-of 2024-01-31 in.csv
	assert_line --index 1 --regexp '^A,2024-01-01,2024-01-01,30,1,30,30,'
	run crm-rfm --as-of 2024-01-31 --returns ignore in.csv
	assert_line --index 0 "crm-rfm: 1 returns ignored (--returns ignore)"
	assert_line --index 2 --regexp '^A,2024-01-01,2024-01-01,30,1,50,50,'
	run crm-rfm --as-of 2024-01-31 --returns reject in.csv
	assert_failure 1
	assert_output "crm-rfm: in.csv:3: negative amount, a return (--returns reject)"
}

@test "a customer with only returns is not listed, and that is said" {
	printf '%s\nA,2024-01-01,50\nB,2024-01-05,-20\n' "$HEADER" >in.csv
	run crm-rfm --as-of 2024-01-31 in.csv
	assert_success
	assert_line "crm-rfm: 1 customers with only returns in the window are not listed"
	refute_line --regexp '^B,'
}

@test "zero amounts are purchases" {
	printf '%s\nA,2024-01-01,0\nA,2024-01-02,0\n' "$HEADER" >in.csv
	run crm-rfm -q --as-of 2024-01-31 in.csv
	assert_line --index 1 --regexp '^A,2024-01-01,2024-01-02,29,2,0,0,30,1,'
}

@test "sums are exact fixed point: 0.1 + 0.2 is 0.3" {
	printf '%s\nA,2024-01-01,0.1\nA,2024-01-02,0.2\n' "$HEADER" >in.csv
	for i in $(seq 1 1000); do echo "B,2024-01-01,0.01"; done >>in.csv
	run crm-rfm -q --as-of 2024-01-31 --frequency rows in.csv
	assert_line --index 1 --regexp '^A,.*,2,0\.3,0\.15,'
	assert_line --index 2 --regexp '^B,.*,1000,10,0\.01,'
}

@test "customer ids are strings: 00042 stays 00042" {
	printf '%s\n00042,2024-01-01,5\n1.2E+10,2024-01-01,5\n' "$HEADER" >in.csv
	run crm-rfm -q --as-of 2024-01-31 in.csv
	assert_line --index 1 --regexp '^00042,'
	assert_line --index 2 --regexp '^1\.2E\+10,'
}

# --- scores, ties and segments ----------------------------------------

@test "equal values get equal scores whatever the input order" {
	for c in A B C D E F G H; do
		echo "$c,2024-01-01,10"
	done >body
	(echo "$HEADER"; cat body) >a.csv
	(echo "$HEADER"; tac body) >b.csv
	run crm-rfm -q --as-of 2024-01-31 a.csv
	assert_equal "$(echo "$output" | cut -d, -f13-16 | sort -u | tr '\n' ' ')" \
	    "1,1,1,111 r_score,f_score,m_score,rfm "
	crm-rfm -q --as-of 2024-01-31 --sort customer_id a.csv >a.out
	crm-rfm -q --as-of 2024-01-31 --sort customer_id b.csv >b.out
	assert_same a.out b.out
}

@test "scores: 1 + floor(bins x customers strictly worse / n)" {
	# ten customers with monetary 1..10: quintiles of two each
	for i in 1 2 3 4 5 6 7 8 9 10; do
		echo "c$i,2024-01-01,$i"
	done | (echo "$HEADER"; cat) >in.csv
	run crm-rfm -q --as-of 2024-01-31 in.csv
	assert_equal "$(echo "$output" | tail -n +2 | cut -d, -f15 | tr '\n' ' ')" \
	    "1 1 2 2 3 3 4 4 5 5 "
	run crm-rfm -q --as-of 2024-01-31 --bins 3 in.csv
	assert_equal "$(echo "$output" | tail -n +2 | cut -d, -f15 | tr '\n' ' ')" \
	    "1 1 1 1 2 2 2 3 3 3 "
}

@test "recency: more recent scores higher" {
	printf '%s\nold,2024-01-01,1\nnew,2024-01-30,1\n' "$HEADER" >in.csv
	run crm-rfm -q --as-of 2024-01-31 in.csv
	assert_line --index 1 --regexp '^old,.*,1,1,1,111,'
	assert_line --index 2 --regexp '^new,.*,3,1,1,311,'
}

@test "--bins accepts 2 to 9 only" {
	run crm-rfm --bins 10 "$DATA/orders.csv"
	assert_failure 2
	assert_line --index 0 "crm-rfm: --bins: '10' is not a whole number from 2 to 9"
}

@test "every segment of the eleven can occur and none is left unmapped" {
	# 125 customers: every (R, F, M) score combination once
	for r in 1 2 3 4 5; do for f in 1 2 3 4 5; do for m in 1 2 3 4 5; do
		id=r${r}f${f}m${m}
		for k in $(seq 1 "$f"); do
			echo "$id,2024-0$((r + 1))-1$k,$((m * 100 / f))"
		done
	done; done; done | (echo "$HEADER"; cat) >in.csv
	run crm-rfm -q --as-of 2024-06-30 in.csv
	assert_success
	segments=$(echo "$output" | tail -n +2 | cut -d, -f17 | sort -u | wc -l)
	assert_equal "$segments" 11
	refute_line --regexp ',$'
}

@test "--sort and --reverse; ties keep first appearance" {
	run crm-rfm -q --as-of 2024-06-30 --sort monetary -r "$DATA/orders.csv"
	assert_equal "$(echo "$output" | cut -d, -f1 | tr '\n' ' ')" \
	    "customer_id C3 C1 C4 C2 "
	run crm-rfm -q --as-of 2024-06-30 --sort frequency "$DATA/orders.csv"
	assert_equal "$(echo "$output" | cut -d, -f1 | tr '\n' ' ')" \
	    "customer_id C2 C4 C3 C1 "
	run crm-rfm -q --as-of 2024-06-30 --sort customer_id -r "$DATA/orders.csv"
	assert_equal "$(echo "$output" | cut -d, -f1 | tr '\n' ' ')" \
	    "customer_id C4 C3 C2 C1 "
}

@test "--sort on 25,000 ids alike in their first 8 bytes, UTF-8 and prefixes of each other: the order of LC_ALL=C sort -s" {
	# ids of 1 to 14 bytes: CUSTOMER-n (one long run of equal first 8
	# bytes), Cn, 客户n (bytes over 0x7f), CUSTOMER itself and C1 with C10,
	# C100 (prefixes); amounts from a few values, returns among them, so
	# that monetary has ties and negatives
	awk 'BEGIN { srand(17); print "customer_id,order_date,amount"
	    split("CUSTOMER- C 客户 CUSTOMER C1", kind, " ")
	    for (i = 0; i < 90000; i++) {
	        k = 1 + int(rand() * 5); n = int(rand() * 8000)
	        id = kind[k] (k == 4 ? "" : n)
	        a = int(rand() * 7) * 25 - 25
	        printf "%s,2024-%02d-%02d,%d\n", id, 1 + int(rand() * 12), 1 + int(rand() * 28), a
	    } }' >ids.csv
	crm-rfm -q --as-of 2024-12-31 ids.csv >appearance.csv
	[ "$(wc -l <appearance.csv)" -gt 20000 ] || fail "too few customers"
	# sort -s keeps ties in first appearance, descending too, as crm-rfm
	for key in customer_id:1,1 monetary:6,6g segment:17,17; do
		for r in "" r; do
			crm-rfm -q --as-of 2024-12-31 --sort ${key%:*} ${r:+-r} \
			    ids.csv | tail -n +2 >got.csv
			tail -n +2 appearance.csv |
			    LC_ALL=C sort -s -t, -k${key#*:}$r >want.csv
			assert_same got.csv want.csv
		done
	done
}

@test "--sort names an output column" {
	run crm-rfm --sort money "$DATA/orders.csv"
	assert_failure 2
	assert_line --index 0 --partial "crm-rfm: --sort: 'money' is not one of customer_id, first_date"
}

# --- the CDNOW reference data -----------------------------------------

@test "CDNOW: x, t_x, T and zbar of all 2,357 customers match the published summary" {
	cdnow_orders >cdnow.csv
	crm-rfm -q --as-of 1997-09-30 --unit weeks --precision 2 cdnow.csv >out.csv
	awk -F, 'BEGIN { print "ID,x,t_x,T,zbar" }
	    NR > 1 { print $1 "," $9 "," $10 "," $11 "," $12 }' out.csv >got.csv
	tr -d '\r' <"$CDNOW/cdnow_customers_summary_with_transactions.csv" >want.csv
	echo >>want.csv
	assert_same got.csv want.csv
}

@test "CDNOW: 1,411 customers with x = 0, total x 2,457, 1,882 holdout repeats" {
	cdnow_orders >cdnow.csv
	crm-rfm -q --as-of 1997-09-30 --holdout-end 1998-06-30 cdnow.csv >out.csv
	run awk -F, 'NR > 1 { x += $9; zero += ($9 == 0); hold += $13 }
	    END { print NR - 1, zero, x, hold }' out.csv
	assert_output "2357 1411 2457 1882"
}

# --- CSV conventions ----------------------------------------------------

@test "a UTF-8 byte-order mark is stripped" {
	printf '\xef\xbb\xbf' >in.csv
	cat "$DATA/orders.csv" >>in.csv
	crm-rfm -q --as-of 2024-06-30 in.csv >out.csv
	assert_same out.csv "$DATA/rfm-orders.out"
}

@test "CRLF line ends read like LF" {
	sed 's/$/\r/' "$DATA/orders.csv" >in.csv
	crm-rfm -q --as-of 2024-06-30 in.csv >out.csv
	assert_same out.csv "$DATA/rfm-orders.out"
}

@test "bare CR line ends read like LF" {
	tr '\n' '\r' <"$DATA/orders.csv" >in.csv
	crm-rfm -q --as-of 2024-06-30 in.csv >out.csv
	assert_same out.csv "$DATA/rfm-orders.out"
}

@test "blank lines are not records" {
	sed 's/$/\n/' "$DATA/orders.csv" >in.csv
	crm-rfm -q --as-of 2024-06-30 in.csv >out.csv
	assert_same out.csv "$DATA/rfm-orders.out"
}

@test "quoted fields with delimiters, quotes and newlines; minimal quoting out" {
	printf '%s\n"a,b",2024-01-01,1\n"say ""hi""",2024-01-01,2\n"two\nlines",2024-01-01,3\n" pad",2024-01-01,4\n' \
	    "$HEADER" >in.csv
	run crm-rfm -q --as-of 2024-01-01 in.csv
	assert_success
	echo "$output" | cut -c1-12 >got
	printf '%s\n' 'customer_id,' '"a,b",2024-0' '"say ""hi"""' '"two' 'lines",2024-' '" pad",2024-' >want
	assert_same got want
}

@test "-d takes tab and ;, -D sets the output delimiter" {
	tr , '\t' <"$DATA/orders.csv" >tab.tsv
	crm-rfm -q --as-of 2024-06-30 -d tab tab.tsv >out.csv
	assert_same out.csv "$DATA/rfm-orders.out"
	tr , ';' <"$DATA/orders.csv" >semi.csv
	crm-rfm -q --as-of 2024-06-30 -d ';' -D '\t' semi.csv >out.tsv
	tr , '\t' <"$DATA/rfm-orders.out" >want.tsv
	assert_same out.tsv want.tsv
}

@test "-N: no header, columns by position" {
	tail -n +2 "$DATA/orders.csv" >noheader.csv
	crm-rfm -q -N --id 1 --date 2 --amount 3 --order 4 --as-of 2024-06-30 \
	    noheader.csv >out.csv
	assert_same out.csv "$DATA/rfm-orders.out"
}

@test "several files are one stream; headers must agree" {
	head -6 "$DATA/orders.csv" >a.csv
	(head -1 "$DATA/orders.csv"; tail -n +7 "$DATA/orders.csv") >b.csv
	crm-rfm -q --as-of 2024-06-30 a.csv b.csv >out.csv
	assert_same out.csv "$DATA/rfm-orders.out"
	(echo "customer_id,order_date,amount,other"; tail -n +7 "$DATA/orders.csv") >c.csv
	run crm-rfm -q --as-of 2024-06-30 a.csv c.csv
	assert_failure 1
	assert_output "crm-rfm: c.csv:1: header differs from the header of a.csv"
}

@test "--encoding gbk converts GBK input" {
	iconv -f UTF-8 -t GBK "$DATA/orders-zh.csv" >gbk.csv
	crm-rfm -q --as-of 2024-04-30 --unit days --lang zh --encoding gbk \
	    gbk.csv >out.csv
	assert_same out.csv "$DATA/rfm-zh.out"
}

@test "--date-format reads day-first dates" {
	printf '%s\nA,05/03/2024,5\nA,01/04/2024,5\n' "$HEADER" >in.csv
	run crm-rfm -q --as-of 2024-04-30 --date-format %d/%m/%Y in.csv
	assert_line --index 1 --regexp '^A,2024-03-05,2024-04-01,'
	printf '%s\nA,2024年3月5日,5\n' "$HEADER" >zh.csv
	run crm-rfm -q --as-of 2024-04-30 --date-format '%Y年%m月%d日' zh.csv
	assert_line --index 1 --regexp '^A,2024-03-05,2024-03-05,'
}

@test "date-times keep the date as written, whatever the zone" {
	printf '%s\nA,2024-03-05T23:30:00-08:00,5\nA,2024-03-06 00:10,5\nA,20240307,1\n' \
	    "$HEADER" >in.csv
	run crm-rfm -q --as-of 2024-03-31 --frequency rows in.csv
	assert_line --index 1 --regexp '^A,2024-03-05,2024-03-07,24,3,11,'
}

@test "--decimal-comma reads 12,50" {
	printf 'customer_id;order_date;amount\nA;2024-01-01;12,50\nA;2024-01-02;0,25\n' >in.csv
	run crm-rfm -q --as-of 2024-01-31 -d ';' --decimal-comma in.csv
	assert_line --index 1 --regexp '^A,2024-01-01,2024-01-02,29,2,12\.75,'
}

@test "--precision prints fixed decimals" {
	printf '%s\nA,2024-01-01,10\nA,2024-01-04,5\n' "$HEADER" >in.csv
	run crm-rfm -q --as-of 2024-01-31 --precision 2 in.csv
	assert_line --index 1 'A,2024-01-01,2024-01-04,27,2,15.00,7.50,30,1,0.43,4.29,5.00,1,1,1,111,Lost'
}

@test "--excel-safe guards formula-like ids; --bom marks the output" {
	printf '%s\n=HYPERLINK(1),2024-01-01,5\n' "$HEADER" >in.csv
	run crm-rfm -q --as-of 2024-01-31 --excel-safe in.csv
	assert_line --index 1 --regexp "^'=HYPERLINK\(1\),"
	crm-rfm -q --as-of 2024-01-31 --bom in.csv >out.csv
	assert_equal "$(head -c 3 out.csv | od -An -tx1 | tr -d ' ')" "efbbbf"
}

@test "-o writes the file atomically; a failed run leaves no file" {
	crm-rfm -q --as-of 2024-06-30 -o out.csv "$DATA/orders.csv"
	assert_same out.csv "$DATA/rfm-orders.out"
	printf '%s\nA,2024-13-01,5\n' "$HEADER" >bad.csv
	run crm-rfm -q --as-of 2024-06-30 -o new.csv bad.csv
	assert_failure 1
	[ ! -e new.csv ]
	run crm-rfm -q --as-of 2024-06-30 -o out.csv bad.csv
	assert_same out.csv "$DATA/rfm-orders.out"
	assert_equal "$(ls -A)" "$(printf 'bad.csv\nout.csv')"
}

@test "header-only input gives header-only output" {
	echo "$HEADER" >in.csv
	run crm-rfm --as-of 2024-01-31 in.csv
	assert_success
	assert_output "customer_id,first_date,last_date,recency_days,frequency,monetary,avg_value,tenure_days,x,t_x,T,repeat_avg,r_score,f_score,m_score,rfm,segment"
}

@test "--help prints usage on stdout; --version the toolkit version" {
	run crm-rfm --help
	assert_success
	assert_line --index 0 "Usage: crm-rfm [options] [file ...]"
	assert_line --partial "--holdout-end DATE"
	run crm-rfm --version
	assert_success
	assert_output "crm-rfm (crm-tools) $(cat "$BATS_TEST_DIRNAME/../VERSION")"
}

# --- bad input: a clear error, and nothing lost ---------------------------

@test "empty file: an error" {
	: >empty.csv
	run crm-rfm --as-of 2024-01-31 empty.csv
	assert_failure 1
	assert_output "crm-rfm: empty.csv: empty input (no header line; -N reads a file without one)"
}

@test "unterminated quote: an error with the record number" {
	printf '%s\nA,2024-01-01,5\n"B,2024-01-01,5\nC,2024-01-01,5\n' "$HEADER" >in.csv
	run crm-rfm --as-of 2024-01-31 in.csv
	assert_failure 1
	assert_output "crm-rfm: in.csv:3: unterminated quoted field"
}

@test "a stray quote: an error with the record number" {
	printf '%s\nA,2024-01-01,5\nB"x,2024-01-01,5\n' "$HEADER" >in.csv
	run crm-rfm --as-of 2024-01-31 in.csv
	assert_failure 1
	assert_output --partial "crm-rfm: in.csv:3: malformed quotes"
}

@test "ragged row: an error naming the widths" {
	printf '%s\nA,2024-01-01,5\nB,2024-01-01\n' "$HEADER" >in.csv
	run crm-rfm --as-of 2024-01-31 in.csv
	assert_failure 1
	assert_output "crm-rfm: in.csv:3: ragged row: 2 fields, the header has 3"
}

@test "duplicate column names: an error" {
	printf 'customer_id,order_date,amount,amount\nA,2024-01-01,5,6\n' >in.csv
	run crm-rfm --as-of 2024-01-31 in.csv
	assert_failure 1
	assert_output "crm-rfm: in.csv:1: duplicate column name 'amount' (columns 3 and 4)"
}

@test "empty column name: an error" {
	printf 'customer_id,,amount\nA,2024-01-01,5\n' >in.csv
	run crm-rfm --as-of 2024-01-31 in.csv
	assert_failure 1
	assert_output "crm-rfm: in.csv:1: empty column name (column 2); name it, or use -N"
}

@test "bad date: an error naming the column and value" {
	printf '%s\nA,2024-01-01,5\nB,2024-02-30,5\n' "$HEADER" >in.csv
	run crm-rfm --as-of 2024-03-31 in.csv
	assert_failure 1
	assert_output "crm-rfm: in.csv:3: not a date (order_date, '2024-02-30')"
}

@test "an empty date on the first row is an error, not the day 1970-01-01" {
	# each reading thread remembers its last date; before the first
	# there is none, and an empty date must not read back as that
	printf '%s\nA,,5\nB,2024-01-01,5\n' "$HEADER" >in.csv
	run crm-rfm --as-of 2024-03-31 in.csv
	assert_failure 1
	assert_output "crm-rfm: in.csv:2: not a date (order_date, '')"
}

@test "ambiguous date: an error naming --date-format, never a guess" {
	printf '%s\nA,01/02/2024,5\n' "$HEADER" >in.csv
	run crm-rfm --as-of 2024-03-31 in.csv
	assert_failure 1
	assert_output "crm-rfm: in.csv:2: ambiguous date (order_date, '01/02/2024'): day or month first? give --date-format, e.g. %d/%m/%Y"
}

@test "bad amount: an error naming the column and value" {
	printf '%s\nA,2024-01-01,"1,234.50"\n' "$HEADER" >in.csv
	run crm-rfm --as-of 2024-03-31 in.csv
	assert_failure 1
	assert_output "crm-rfm: in.csv:2: not an amount (amount, '1,234.50'); digits may not be grouped, and --decimal-comma reads 12,50"
}

@test "amount out of range: an error" {
	printf '%s\nA,2024-01-01,99999999999999999999\n' "$HEADER" >in.csv
	run crm-rfm --as-of 2024-03-31 in.csv
	assert_failure 1
	assert_output "crm-rfm: in.csv:2: amount out of range (amount, '99999999999999999999')"
}

@test "a sum that would overflow is rejected, not wrapped" {
	printf '%s\nA,2024-01-01,900000000000000\nA,2024-01-02,900000000000000\n' \
	    "$HEADER" >in.csv
	run crm-rfm --as-of 2024-03-31 in.csv
	assert_failure 1
	assert_output "crm-rfm: in.csv:3: the customer's total amount overflows"
}

@test "empty customer id: an error" {
	printf '%s\n,2024-01-01,5\n' "$HEADER" >in.csv
	run crm-rfm --as-of 2024-03-31 in.csv
	assert_failure 1
	assert_output "crm-rfm: in.csv:2: empty customer id (customer_id)"
}

@test "invalid UTF-8: an error pointing at --encoding" {
	printf '%s\nA\xe9,2024-01-01,5\n' "$HEADER" >in.csv
	run crm-rfm --as-of 2024-03-31 in.csv
	assert_failure 1
	assert_output "crm-rfm: in.csv:2: invalid UTF-8 in field 1 (byte 2); if the file is Latin-1 or Windows-1252, use --encoding latin1 or cp1252 (GBK: --encoding gbk)"
}

@test "UTF-16 with a byte-order mark: an error saying how to convert" {
	iconv -f UTF-8 -t UTF-16 "$DATA/orders.csv" >in.csv
	run crm-rfm --as-of 2024-03-31 in.csv
	assert_failure 1
	assert_output "crm-rfm: in.csv: input is UTF-16 or UTF-32 (byte-order mark); convert it first, e.g. iconv -f UTF-16 -t UTF-8 in.csv"
}

@test "UTF-16 without a byte-order mark: NUL bytes are refused" {
	iconv -f UTF-8 -t UTF-16LE "$DATA/orders.csv" >in.csv
	run crm-rfm --as-of 2024-03-31 in.csv
	assert_failure 1
	assert_output --partial "crm-rfm: in.csv:1: NUL byte in field 1: is the file UTF-16 or UTF-32?"
}

@test "a huge field (unterminated quote?): an error, not unbounded memory" {
	{ echo "$HEADER"; printf 'A,2024-01-01,"'; head -c 3000 /dev/zero | tr '\0' x; } >in.csv
	run crm-rfm --as-of 2024-03-31 --max-field-size 1K in.csv
	assert_failure 1
	assert_output "crm-rfm: in.csv:2: field too large (more than 1024 bytes; unterminated quote? --max-field-size raises the limit)"
}

@test "missing column: an error listing the header" {
	printf 'customer_id,order_date\nA,2024-01-01\n' >in.csv
	run crm-rfm --as-of 2024-03-31 in.csv
	assert_failure 1
	assert_output "crm-rfm: in.csv: no 'amount' column (or one of its aliases, see man 7 crm); name it with --amount COL, or --amount none for a log without money; the header has: customer_id, order_date"
}

@test "a named column that is not there: an error listing the header" {
	run crm-rfm --as-of 2024-03-31 --amount total "$DATA/orders.csv"
	assert_failure 1
	assert_output "crm-rfm: $DATA/orders.csv: column 'total' not found; the header has: customer_id, order_date, amount, order_id"
}

@test "ambiguous column: an error naming both" {
	printf 'customer_id,order_date,金额,revenue\nA,2024-01-01,5,5\n' >in.csv
	run crm-rfm --as-of 2024-03-31 in.csv
	assert_failure 1
	assert_output "crm-rfm: columns 'revenue' and '金额' could both be amount; name one with its option"
}

@test "unknown option: usage error, exit 2" {
	run crm-rfm --bogus "$DATA/orders.csv"
	assert_failure 2
	assert_line --index 0 "crm-rfm: unrecognized option '--bogus'"
	assert_line --index 1 "crm-rfm: invalid command line"
	assert_line --index 2 "Try 'crm-rfm --help' for more information."
}

@test "bad option values: usage errors" {
	run crm-rfm --as-of 2024-02-30 "$DATA/orders.csv"
	assert_failure 2
	assert_line --index 0 "crm-rfm: --as-of: '2024-02-30' is not a date (YYYY-MM-DD)"
	run crm-rfm --unit years "$DATA/orders.csv"
	assert_failure 2
	assert_line --index 0 "crm-rfm: --unit: 'years' is not one of days, weeks, months"
	run crm-rfm -d ab "$DATA/orders.csv"
	assert_failure 2
	assert_line --index 0 "crm-rfm: -d: 'ab' is not a delimiter (one character, or tab)"
}

@test "a missing file: an error" {
	run crm-rfm --as-of 2024-03-31 nosuch.csv
	assert_failure 1
	assert_output "crm-rfm: nosuch.csv: No such file or directory"
}

@test "write error: > /dev/full exits 1 with a message" {
	run bash -c "crm-rfm -q --as-of 2024-06-30 '$DATA/orders.csv' >/dev/full"
	assert_failure 1
	assert_output "crm-rfm: write error: No space left on device"
}

@test "| head -1 ends quietly" {
	awk 'BEGIN { print "customer_id,order_date,amount";
	    for (i = 0; i < 200000; i++) print "c" i ",2024-01-01,1" }' >big.csv
	run bash -c "crm-rfm -q --as-of 2024-06-30 big.csv 2>err | head -1"
	assert_success
	assert_output "customer_id,first_date,last_date,recency_days,frequency,monetary,avg_value,tenure_days,x,t_x,T,repeat_avg,r_score,f_score,m_score,rfm,segment"
	assert_equal "$(cat err)" ""
}

@test "--rejects: bad rows go to FILE with a reason, the rest is used" {
	cat >in.csv <<-EOF
	$HEADER
	A,2024-01-01,5
	B,2024-02-30,5
	C,2024-01-02,x
	D,2024-01-03
	,2024-01-03,1
	A,2024-01-09,7
	EOF
	run crm-rfm --as-of 2024-01-31 --rejects rej.csv in.csv
	assert_success
	assert_line --index 0 "crm-rfm: 4 of 6 rows rejected, see rej.csv"
	assert_line --index 1 --regexp '^customer_id,'
	assert_line --index 2 --regexp '^A,2024-01-01,2024-01-09,22,2,12,6,30,1,'
	assert_equal "${#lines[@]}" 3
	cat >want.csv <<-EOF
	customer_id,order_date,amount,reason
	B,2024-02-30,5,"not a date (order_date, '2024-02-30')"
	C,2024-01-02,x,"not an amount (amount, 'x'); digits may not be grouped, and --decimal-comma reads 12,50"
	D,2024-01-03,,"ragged row: 2 fields, the header has 3"
	,2024-01-03,1,empty customer id (customer_id)
	EOF
	assert_same rej.csv want.csv
}

@test "--rejects: rows in = rows used + rows rejected" {
	cdnow_orders >cdnow.csv
	awk 'NR % 97 == 0 { $0 = $0 "x" } { print }' cdnow.csv >dirty.csv
	run crm-rfm --as-of 1998-06-30 --frequency rows --rejects rej.csv dirty.csv
	assert_success
	used=$(echo "$output" | awk -F, 'NR > 2 { n += $5 } END { print n }')
	rejected=$(($(wc -l <rej.csv) - 1))
	total=$(($(wc -l <dirty.csv) - 1))
	assert_equal "$((used + rejected))" "$total"
	assert_line --index 0 "crm-rfm: $rejected of $total rows rejected, see rej.csv"
}

@test "errors are reported in input order though the next chunk is read ahead" {
	assert_errors_in_input_order crm-rfm -q --as-of 2024-03-31
}

@test "--rejects: bad rows of many customers, found by different threads, listed in input order" {
	write_bad_rows_of_many_customers
	run crm-rfm -q --as-of 2024-12-31 --rejects rej.csv -o out.csv many.csv
	assert_success
	assert_bad_rows_rejected rej.csv "the customer's total amount overflows"
}

@test "many customers (threads, parallel output): the same sums as awk, in first-appearance order" {
	awk 'BEGIN { srand(7); print "customer_id,order_date,amount";
	    for (i = 0; i < 120000; i++) {
	        c = int(rand() * 40000); d = 1 + int(rand() * 28)
	        printf "c%05d,2024-02-%02d,%d.%02d\n", c, d, int(rand() * 500), int(rand() * 100)
	    } }' >many.csv
	crm-rfm -q --as-of 2024-03-01 --frequency rows many.csv |
	    awk -F, 'NR > 1 { print $1 "," $3 "," $5 "," $6 }' >got.csv
	# whole cents, so that awk's sums are exact too
	awk -F, 'NR > 1 {
	        if (!($1 in n)) order[++k] = $1
	        split($3, part, ".")
	        n[$1]++; cents[$1] += part[1] * 100 + part[2]
	        if ($2 > last[$1]) last[$1] = $2 }
	    END { for (i = 1; i <= k; i++) { c = order[i]
	        printf "%s,%s,%d,%d\n", c, last[c], n[c], cents[c] } }' many.csv >want.csv
	assert_equal "$(wc -l <got.csv)" "$(wc -l <want.csv)"
	paste -d, got.csv want.csv | awk -F, '
	    $1 != $5 || $2 != $6 || $3 != $7 || int($4 * 100 + 0.5) != $8 { print; bad++ }
	    END { exit bad > 0 }'
}

@test "--amount none: a log of customers and dates (BTYDplus-style cust,date), without money columns" {
	# by hand, as of 2006-12-31 in weeks: customer 1 bought on 3 days
	# (Jan 5, Jan 20, Mar 1 twice): x 2, t_x 55/7, T 360/7; 2 once on
	# Feb 1: T 333/7; 3 on Jun 30 and Dec 1 (and after as-of): x 1,
	# t_x 154/7 = 22, T 184/7. Scores on 3 customers: 1 + floor(5 x
	# worse / 3); the segment grid takes F for FM.
	run crm-rfm --amount none --id cust --as-of 2006-12-31 "$DATA/event-log.csv"
	assert_success
	crm-rfm -q --amount none --id cust --as-of 2006-12-31 "$DATA/event-log.csv" >out.csv
	assert_same out.csv "$DATA/event-log-rfm.out"
	crm-rfm -q --amount none --id cust --as-of 2006-12-31 --holdout-end 2007-01-31 \
	    "$DATA/event-log.csv" | head -1 >head.csv
	assert_equal "$(cat head.csv)" "customer_id,first_date,last_date,recency_days,frequency,tenure_days,x,t_x,T,x_holdout,duration_holdout,r_score,f_score,rfm,segment"
	run crm-rfm --amount none --segments cn8 "$DATA/event-log.csv"
	assert_failure 2
	assert_line --index 0 "crm-rfm: --segments cn8 needs amounts (M); with --amount none use --segments rfm"
	run crm-rfm --amount none --sort monetary "$DATA/event-log.csv"
	assert_failure 2
	assert_line --index 0 "crm-rfm: --sort monetary: --amount none leaves out the money columns"
}

@test "a missing id column names the file and --id; a header of one field with ; suggests -d" {
	run crm-rfm --as-of 2006-12-31 "$DATA/event-log.csv"
	assert_failure 1
	assert_output "crm-rfm: $DATA/event-log.csv: no 'customer_id' column (or one of its aliases, see man 7 crm); name it with --id COL; the header has: cust, date"
	printf 'customer_id;order_date;amount\nA;2024-01-01;5\n' >semi.csv
	run crm-rfm --as-of 2024-03-31 semi.csv
	assert_failure 1
	assert_output "crm-rfm: semi.csv: no 'customer_id' column (or one of its aliases, see man 7 crm); name it with --id COL; the header has one column: customer_id;order_date;amount; is the delimiter ';'? (-d ';')"
	printf 'customer_id\torder_date\tamount\nA\t2024-01-01\t5\n' >tab.csv
	run crm-rfm --as-of 2024-03-31 tab.csv
	assert_failure 1
	assert_output --partial "is the delimiter tab? (-d tab)"
	run crm-rfm --as-of 2024-03-31 -d tab tab.csv
	assert_success
}

@test "--unit days and months name t_x, T and duration_holdout for their unit; weeks keep the plain names" {
	run crm-rfm -q --as-of 2006-12-31 --unit days --holdout-end 2007-01-31 --amount none --id cust "$DATA/event-log.csv"
	assert_line --index 0 "customer_id,first_date,last_date,recency_days,frequency,tenure_days,x,t_x_days,T_days,x_holdout,duration_holdout_days,r_score,f_score,rfm,segment"
	assert_line --index 1 "1,2006-01-05,2006-03-01,305,3,360,2,55,360,0,31,2,4,24,At Risk"
	run crm-rfm -q --as-of 2006-12-31 --unit months --amount none --id cust "$DATA/event-log.csv"
	assert_line --index 0 "customer_id,first_date,last_date,recency_days,frequency,tenure_days,x,t_x_months,T_months,r_score,f_score,rfm,segment"
}

@test "a walk-in customer with many orders in any order: distinct orders counted as awk counts them" {
	awk 'BEGIN { srand(3); print "customer_id,order_date,amount,order_id"
	    for (i = 0; i < 300000; i++)
		printf "散客,2024-%02d-%02d,1,O%d\n", 1 + int(rand() * 12),
		    1 + int(rand() * 28), int(rand() * 200000) }' >walkin.csv
	want=$(awk -F, 'NR > 1 { seen[$4] = 1 } END { print length(seen) }' walkin.csv)
	run crm-rfm -q --as-of 2024-12-31 walkin.csv
	assert_success
	assert_equal "$(echo "$output" | awk -F, 'NR == 2 { print $5 }')" "$want"
}

@test "purchase days in any order, centuries apart, in both windows: x and x_holdout as awk counts distinct days" {
	# Days arrive late and early, repeat, and lie more than 65,535 days
	# apart (1900 and 2100), so every way a day is kept is taken.
	awk 'BEGIN { srand(11); print "customer_id,order_date,amount"
	    split("1900 1950 2000 2023 2024 2024 2024 2100", year, " ")
	    for (i = 0; i < 4000; i++)
		printf "c%02d,%s-%02d-%02d,%d\n", int(rand() * 60),
		    year[1 + int(rand() * 8)], 1 + int(rand() * 12),
		    1 + int(rand() * 28), int(rand() * 90) }' >days.csv
	crm-rfm -q --frequency days --as-of 2024-06-30 \
	    --holdout-end 2100-12-31 days.csv |
	    awk -F, 'NR > 1 { print $1 "," $2 "," $3 "," $9 "," $13 }' >got.csv
	awk -F, 'NR > 1 {
	        if (!($1 in seen)) order[++k] = $1
	        seen[$1] = 1
	        if ((($1, $2) in day)) next
	        day[$1, $2] = 1
	        if ($2 <= "2024-06-30") {
	            n[$1]++
	            if (!($1 in first) || $2 < first[$1]) first[$1] = $2
	            if ($2 > last[$1]) last[$1] = $2
	        } else
	            held[$1]++ }
	    END { for (i = 1; i <= k; i++) { c = order[i]
	        if (c in n) printf "%s,%s,%s,%d,%d\n", c, first[c], last[c],
	            n[c] - 1, held[c] } }' days.csv >want.csv
	assert_equal "$(wc -l <want.csv)" 60
	assert_same got.csv want.csv
	# The days themselves, as a state lists them (the first, then the
	# gaps): 1900-01-01, 1950-06-15 (50 x 365 + 12 leap days + 165),
	# 2000-01-01, 2100-01-01 (100 x 365 + 25), then three days in a row.
	printf '%s\n' customer_id,order_date,amount A,1900-01-01,5 \
	    A,2100-01-01,5 A,2000-01-01,5 A,2000-01-01,5 A,2100-01-02,5 \
	    A,2100-01-03,5 A,2100-01-04,5 A,1950-06-15,5 >far.csv
	run crm-rfm -q --partial --as-of 2100-12-31 far.csv
	assert_success
	assert_line --index 1 "A,1900-01-01,2100-01-04,1900-01-01 18427 18097 36525 1 1 1,8,40,40,5,0,"
}
