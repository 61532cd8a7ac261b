#!/usr/bin/env bats
# crm-recommend: lists, rules and the hold-out evaluation, through the real
# binary, on fixtures small enough to check by hand (the comments say how).

load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	ORDERS=$DATA/recommend-orders.csv
	TIES=$DATA/recommend-ties.csv
}

# The fixture recommend-orders.csv, up to 2026-06-30 (Chinese header:
# 客户编号, 下单时间, 商品, 数量, 实付金额 are found by alias). Items in byte
# order: 咖啡 (D) < 牛奶 (A) < 面包 (B) < 黄油 (C). Baskets:
#   K1 {A,B,C}  K2 {A,B}  K3 {A,C}  K4 {B,D}  K5 {A,B,D}  K6 {D}
# (K6's 牛奶 is a return: not a purchase). N = 6; buyers c_A = 4, c_B = 4,
# c_C = 2, c_D = 3; bought together C_AB = 3, C_AC = 2, C_AD = 1,
# C_BC = 1, C_BD = 2, C_CD = 0. Cosine: AB 3/4 = 0.75, AC 2/sqrt 8 =
# 0.7071..., BD 2/sqrt 12 = 0.5773...; AD and BC have C = 1, below
# --min-support 2. Popularity: A (4), B (4, after A in byte order), D, C.

@test "lists: the hand-computed scores, because and ranks; bought items never listed" {
	# K2 {A,B}: C from A 0.7071, D from B 0.5774. K5 {A,B,D}: C from A.
	# K1 {A,B,C}: D from B. K3 {A,C}: B from A 0.75, then the popular D
	# (3/6). K4 {B,D}: A from B, then popular C (2/6). K6 {D}: B from D,
	# then popular A (4/6) and C. Customers in order of first appearance.
	crm-recommend --as-of 2026-06-30 "$ORDERS" >out.csv 2>err.txt
	assert_same out.csv "$DATA/recommend-lists.out"
	assert_equal "$(cat err.txt)" "crm-recommend: 8 rows after 2026-06-30 not used
crm-recommend: 1 returns (a negative quantity or amount) are not purchases"
	# every (customer, item) listed is one the customer did not buy
	awk -F, 'NR == FNR { if (FNR > 1 && $3 <= "2026-06-30" && $6 + 0 >= 0)
	    bought[$2 "," $4] = 1; next }
	    FNR > 1 && ($1 "," $3) in bought { print "bought: " $0; bad = 1 }
	    END { exit bad }' "$ORDERS" out.csv
}

@test "-n cuts the list; --top is -n" {
	run crm-recommend -q --as-of 2026-06-30 -n 1 "$ORDERS"
	assert_output "customer_id,rank,item,score,because
K2,1,黄油,0.7071067811865475,牛奶
K5,1,黄油,0.7071067811865475,牛奶
K1,1,咖啡,0.5773502691896258,面包
K3,1,面包,0.75,牛奶
K4,1,牛奶,0.75,面包
K6,1,面包,0.5773502691896258,咖啡"
	run crm-recommend -q --as-of 2026-06-30 --top 1 "$ORDERS"
	assert_line --index 1 "K2,1,黄油,0.7071067811865475,牛奶"
}

@test "--similarity lift: N C_ij / (c_i c_j)" {
	# K2: C from A, 6 x 2 / (4 x 2) = 1.5; D from B, 6 x 2 / (4 x 3) = 1
	run crm-recommend -q --as-of 2026-06-30 --similarity lift "$ORDERS"
	assert_line --index 1 "K2,1,黄油,1.5,牛奶"
	assert_line --index 2 "K2,2,咖啡,1,面包"
}

@test "--half-life: a purchase weighs 2^(-age / half-life)" {
	# K2 last bought A on 05-31 (30 days: weight 1/2) and B on 05-01
	# (60 days: 1/4): C 0.7071.../2, D 0.5773.../4, exactly.
	run crm-recommend -q --as-of 2026-06-30 --half-life 30 "$ORDERS"
	assert_line --index 1 "K2,1,黄油,0.35355339059327373,牛奶"
	assert_line --index 2 "K2,2,咖啡,0.14433756729740646,面包"
}

@test "--repeat: bought items come back through their repeat count" {
	# C_AA = 2 (K2 and K5 bought A on two days): s_AA = 2 / 4 = 0.5;
	# C_DD = 1 (K4) is below --min-support. K2: A = 0.5 (own) + 0.75 (from
	# B) = 1.25, explained by B; B = 0.75 from A; C = 0.7071 from A.
	run crm-recommend -q --as-of 2026-06-30 --repeat -n 3 "$ORDERS"
	assert_line --index 1 "K2,1,牛奶,1.25,面包"
	assert_line --index 2 "K2,2,面包,0.75,牛奶"
	assert_line --index 3 "K2,3,黄油,0.7071067811865475,牛奶"
}

# recommend-ties.csv: B1 {P,Q,R,S} B2 {P,R,S} B3 {P} B4 {P} B5 {R} B7 {S}
# B9 {R,S}. c_P = c_R = c_S = 4, c_Q = 1; C_PQ = 1, C_PR = C_PS = 2,
# C_QR = C_QS = 1, C_RS = 3: every cosine is 1/2 except RS, 3/4.

@test "ties: equal scores by more buyers, then byte order; equal terms explained by the first item" {
	# B3 {P}: Q, R, S all 0.5; R and S have 4 buyers, Q one: R, S, Q.
	# B9 {R,S}: P and Q each get 0.5 from R and 0.5 from S: because R;
	# P (4 buyers) before Q (1). B1 bought every item: no row, a note.
	crm-recommend --as-of 2026-06-30 --min-support 1 -n 3 "$TIES" \
	    >out.csv 2>err.txt
	assert_same out.csv "$DATA/recommend-ties.out"
	assert_equal "$(cat err.txt)" "crm-recommend: 1 customers have bought every item: nothing is left to recommend them (--repeat offers items again)"
	run cat out.csv
	assert_line "B3,1,R,0.5,P"
	assert_line "B9,1,P,1,R"
	assert_line "B9,2,Q,1,R"
}

@test "the output does not depend on the order of the input lines" {
	(head -n 1 "$ORDERS"; tail -n +2 "$ORDERS" | tac) >rev.csv
	crm-recommend -q --as-of 2026-06-30 rev.csv | sort >a.csv
	sort "$DATA/recommend-lists.out" >b.csv
	assert_same a.csv b.csv
}

@test "--max-basket: bigger customers are left out of the counts, not of the lists" {
	# Without K1 and K5 (3 items each): N = 4, c_A = c_B = c_D = 2,
	# c_C = 1, C_AB = C_AC = C_BD = 1. K1 {A,B,C} gets D from B: 1/2.
	run crm-recommend --as-of 2026-06-30 --max-basket 2 --min-support 1 "$ORDERS"
	assert_success
	assert_line "K1,1,咖啡,0.5,面包"
	assert_line "crm-recommend: 2 customers with more than 2 items are left out of the counts (--max-basket)"
}

@test "a customer without purchases gets the most popular items, marked" {
	# Z's only line is a return: popular A (4/6), B (4/6), D (3/6)
	(cat "$ORDERS"; echo "R99,Z,2026-06-01,面包,-1,-8.50") >in.csv
	run crm-recommend --as-of 2026-06-30 -n 3 in.csv
	assert_success
	assert_line "Z,1,牛奶,0.6666666666666666,(popular)"
	assert_line "Z,2,面包,0.6666666666666666,(popular)"
	assert_line "Z,3,咖啡,0.5,(popular)"
	assert_line "crm-recommend: 1 customers without purchases up to --as-of get the most popular items"
}

# --- rules ---------------------------------------------------------------

@test "--rules: support, confidence and lift by hand" {
	# AB: support 3/6, confidence 3/4 both ways, lift 6 x 3 / 16 = 1.125;
	# AC: 2/6, A->C 2/4, C->A 2/2, lift 12/8 = 1.5; BD: 2/6, B->D 2/4,
	# D->B 2/3, lift 12/12 = 1. By lift, confidence, count, then names.
	run crm-recommend -q --as-of 2026-06-30 --rules --min-support 2 \
	    --min-confidence 0.5 "$ORDERS"
	assert_success
	assert_output "antecedent,consequent,support,confidence,lift,count
黄油,牛奶,0.3333333333333333,1,1.5,2
牛奶,黄油,0.3333333333333333,0.5,1.5,2
牛奶,面包,0.5,0.75,1.125,3
面包,牛奶,0.5,0.75,1.125,3
咖啡,面包,0.3333333333333333,0.6666666666666666,1,2
面包,咖啡,0.3333333333333333,0.5,1,2"
}

@test "--rules: --min-confidence drops rules; --min-support as a share of customers" {
	# 0.3 of 6 customers is 1.8, rounded up to 2: the same pairs
	run crm-recommend -q --as-of 2026-06-30 --rules --min-support 0.3 \
	    --min-confidence 0.6 "$ORDERS"
	assert_output "antecedent,consequent,support,confidence,lift,count
黄油,牛奶,0.3333333333333333,1,1.5,2
牛奶,面包,0.5,0.75,1.125,3
面包,牛奶,0.5,0.75,1.125,3
咖啡,面包,0.3333333333333333,0.6666666666666666,1,2"
	# 0.5 of 6 is 3: only A and B
	run crm-recommend -q --as-of 2026-06-30 --rules --min-support 0.5 "$ORDERS"
	assert_equal "${#lines[@]}" 3
}

@test "--rules --max-length 3: FP-growth, antecedents of two items" {
	# Triples: ABC (K1) and ABD (K5), one customer each. At confidence
	# 0.9: C -> A (2/2), {A,D} -> B (1/1: K5 is the only one with A and
	# D), {B,C} -> A (1/1), lift 1 / (4/6) = 1.5 each. Antecedents in
	# byte order: 咖啡 (D) + 牛奶 (A) before 面包 (B) + 黄油 (C).
	run crm-recommend -q --as-of 2026-06-30 --rules --max-length 3 \
	    --min-support 1 --min-confidence 0.9 "$ORDERS"
	assert_success
	assert_output "antecedent,consequent,support,confidence,lift,count
黄油,牛奶,0.3333333333333333,1,1.5,2
咖啡 + 牛奶,面包,0.16666666666666666,1,1.5,1
面包 + 黄油,牛奶,0.16666666666666666,1,1.5,1"
}

@test "--rules --max-length 3 with no frequent triple gives the pairs' rules" {
	crm-recommend -q --as-of 2026-06-30 --rules --min-support 2 \
	    --min-confidence 0 "$ORDERS" >pairs.csv
	crm-recommend -q --as-of 2026-06-30 --rules --min-support 2 \
	    --min-confidence 0 --max-length 3 "$ORDERS" >fp.csv
	assert_same fp.csv pairs.csv
	run wc -l <pairs.csv
	assert_output 7
}

# --- evaluation ----------------------------------------------------------

# Hold-out 2026-07-01..31: K1 buys D, K2 C, K3 B and A (A bought before:
# not relevant), K4 C, K6 C, K7 A (no purchase before: not judged). With
# -n 1 the model lists K1 D, K2 C, K3 B, K4 A, K6 B: 3 hits of 5; the
# popular lists K1 D, K2 D, K3 B, K4 A, K6 A: 2 hits.

@test "--evaluate: hit rate, precision, recall and coverage by hand, against popularity" {
	crm-recommend --as-of 2026-06-30 --evaluate --holdout-end 2026-07-31 \
	    -n 1 "$ORDERS" >out.csv 2>err.txt
	assert_equal "$(cat out.csv)" "method,n,customers,hit_rate,precision,recall,coverage
cosine,1,5,0.6,0.6,0.6,1
popular,1,5,0.4,0.4,0.4,0.75"
	assert_equal "$(cat err.txt)" "crm-recommend: 1 rows after 2026-07-31 not used
crm-recommend: 1 returns (a negative quantity or amount) are not purchases
crm-recommend: 1 customers bought in the hold-out without a purchase before: not judged"
}

@test "--evaluate -n 2: precision divides by n, lists filled with popular items" {
	# model: K1 [D] K2 [C,D] K3 [B,D*] K4 [A,C*] K6 [B,A*] (* popular):
	# 4 hits, precision 4 / (2 x 5); popular: K1 [D] K2 [D,C] K3 [B,D]
	# K4 [A,C] K6 [A,B]: also 4.
	run crm-recommend -q --as-of 2026-06-30 --evaluate --holdout-end 2026-07-31 -n 2 "$ORDERS"
	assert_output "method,n,customers,hit_rate,precision,recall,coverage
cosine,2,5,0.8,0.4,0.8,1
popular,2,5,0.8,0.4,0.8,1"
}

@test "--evaluate on planted tastes: at least twice the popularity baseline's hit rate at 10" {
	"$BATS_TEST_DIRNAME/../${CRM_BUILD:-build}/scripts/gen-baskets" \
	    --lines 200000 --customers 20000 \
	    --items 5000 --seed 1 -o baskets.csv
	crm-recommend -q --as-of 2025-06-30 --evaluate --holdout-end 2025-12-30 \
	    baskets.csv >eval.csv
	awk -F, '$1 == "cosine" { m = $4 } $1 == "popular" { p = $4 }
	    END { printf "model %s popular %s ratio %.2f\n", m, p, m / p
	    exit !(p > 0 && m >= 2 * p) }' eval.csv
}

@test "--evaluate on data/sample: the figures of BENCHMARKS.md" {
	crm-recommend -q --as-of 2026-05-31 --evaluate \
	    --holdout-end 2026-11-22 "$BATS_TEST_DIRNAME/../data/sample/orders.csv" >eval.csv
	assert_same eval.csv "$DATA/recommend-sample-eval.out"
}

# --- input ---------------------------------------------------------------

@test "the item column by alias (StockCode, product) or by --item" {
	# c_X = 3, c_Y = 2, C_XY = 2: 2 / sqrt 6
	printf 'CustomerID,InvoiceDate,StockCode\nc1,2026-01-01,X\nc1,2026-01-01,Y\nc2,2026-01-02,X\nc2,2026-01-02,Y\nc3,2026-01-03,X\n' >in.csv
	run crm-recommend -q --as-of 2026-06-30 in.csv
	assert_output "customer_id,rank,item,score,because
c3,1,Y,0.8164965809277261,X"
	sed '1s/StockCode/what/' in.csv >named.csv
	run crm-recommend -q --as-of 2026-06-30 --item what named.csv
	assert_line "c3,1,Y,0.8164965809277261,X"
	sed '1s/StockCode/product/' in.csv >product.csv
	run crm-recommend -q --as-of 2026-06-30 product.csv
	assert_line "c3,1,Y,0.8164965809277261,X"
}

@test "no item column: an error listing the header" {
	printf 'customer_id,order_date,amount\nc1,2026-01-01,5\n' >in.csv
	run crm-recommend --as-of 2026-06-30 in.csv
	assert_failure 1
	assert_output "crm-recommend: in.csv: no 'item' column (or one of its aliases, see man 7 crm); the header has: customer_id, order_date, amount"
}

@test "one item only: an error, but --repeat may offer it again" {
	printf 'customer_id,order_date,sku\nc1,2026-01-01,X\nc1,2026-02-01,X\nc2,2026-01-02,X\nc2,2026-03-01,X\n' >in.csv
	run crm-recommend --as-of 2026-06-30 in.csv
	assert_failure 1
	assert_output "crm-recommend: only one item was bought up to --as-of ('X' in column sku): nothing to recommend or relate; --item names the item column"
	run crm-recommend --as-of 2026-06-30 --rules in.csv
	assert_failure 1
	# both bought X on two days: s_XX = 2 / 2 = 1
	run crm-recommend -q --as-of 2026-06-30 --repeat in.csv
	assert_success
	assert_output "customer_id,rank,item,score,because
c1,1,X,1,X
c2,1,X,1,X"
}

@test "header-only input gives header-only output in every mode" {
	printf '客户编号,下单时间,商品\n' >in.csv
	run crm-recommend --as-of 2026-06-30 in.csv
	assert_success
	assert_output "customer_id,rank,item,score,because"
	run crm-recommend --as-of 2026-06-30 --rules in.csv
	assert_output "antecedent,consequent,support,confidence,lift,count"
	run crm-recommend --as-of 2026-06-30 --evaluate --holdout-end 2026-07-31 in.csv
	assert_output "method,n,customers,hit_rate,precision,recall,coverage"
}

@test "unusable rows: an error with the record, or --rejects with reasons" {
	printf 'customer_id,order_date,item,amount\nc1,2026-01-01,X,5\nc2,2026-01-02,,5\nc3,2026-13-01,X,5\nc4,2026-01-03,Y,five\n,2026-01-04,Y,1\nc5,2026-01-05,Y\n' >in.csv
	run crm-recommend --as-of 2026-06-30 in.csv
	assert_failure 1
	assert_output "crm-recommend: in.csv:3: empty item (item)"
	run crm-recommend --as-of 2026-06-30 --rejects rej.csv in.csv
	assert_failure 1	# what is left is one item, X
	assert_equal "$(cat rej.csv)" "customer_id,order_date,item,amount,reason
c2,2026-01-02,,5,empty item (item)
c3,2026-13-01,X,5,\"not a date (order_date, '2026-13-01')\"
c4,2026-01-03,Y,five,\"not a number (amount, 'five')\"
,2026-01-04,Y,1,empty customer id (customer_id)
c5,2026-01-05,Y,,\"ragged row: 3 fields, the header has 4\""
	assert_line "crm-recommend: 5 of 6 rows rejected, see rej.csv"
}

@test "errors are reported in input order though chunks are read ahead and shared out" {
	assert_errors_in_input_order crm-recommend -q --as-of 2024-03-31
}

@test "--rejects: bad rows of many customers, read by different threads, listed in input order" {
	write_bad_rows_of_many_customers
	run crm-recommend -q --as-of 2024-12-31 --rejects rej.csv -o out.csv many.csv
	assert_success
	assert_bad_rows_rejected rej.csv ""
}

@test "reads standard input; items with commas are quoted" {
	printf 'customer_id,order_date,item\nc1,2026-01-01,"a,b"\nc1,2026-01-01,c\nc2,2026-01-01,"a,b"\nc2,2026-01-01,c\nc3,2026-01-01,c\n' >in.csv
	run bash -c "crm-recommend -q --as-of 2026-06-30 < in.csv"
	assert_output 'customer_id,rank,item,score,because
c3,1,"a,b",0.8164965809277261,c'
}

# --- usage ---------------------------------------------------------------

@test "bad usage: -n 0, a mode's options without it, modes together" {
	run crm-recommend -n 0 "$ORDERS"
	assert_failure 2
	assert_line --index 0 "crm-recommend: -n: '0' is not a whole number from 1 to 1000"
	run crm-recommend --evaluate "$ORDERS"
	assert_failure 2
	assert_line --index 0 "crm-recommend: --evaluate needs --holdout-end"
	run crm-recommend --holdout-end 2026-07-31 "$ORDERS"
	assert_failure 2
	assert_line --index 0 "crm-recommend: --holdout-end goes with --evaluate"
	run crm-recommend --as-of 2026-07-31 --evaluate --holdout-end 2026-07-31 "$ORDERS"
	assert_failure 2
	assert_line --index 0 "crm-recommend: --holdout-end must be after --as-of"
	run crm-recommend --rules --evaluate "$ORDERS"
	assert_failure 2
	assert_line --index 0 "crm-recommend: --rules and --evaluate do not go together"
	run crm-recommend --min-confidence 0.5 "$ORDERS"
	assert_failure 2
	assert_line --index 0 "crm-recommend: --min-confidence and --max-length go with --rules"
	run crm-recommend --max-length 3 "$ORDERS"
	assert_failure 2
	run crm-recommend --rules -n 3 "$ORDERS"
	assert_failure 2
	assert_line --index 0 "crm-recommend: -n, --repeat and --half-life do nothing with --rules"
}

@test "bad usage: option values" {
	run crm-recommend --min-support 2.5 "$ORDERS"
	assert_failure 2
	assert_line --index 0 "crm-recommend: --min-support: '2.5' is neither a share of customers (above 0, below 1) nor a whole number of customers"
	run crm-recommend --min-support 0 "$ORDERS"
	assert_failure 2
	run crm-recommend --similarity jaccard "$ORDERS"
	assert_failure 2
	run crm-recommend --neighbours 0 "$ORDERS"
	assert_failure 2
	run crm-recommend --half-life 0 "$ORDERS"
	assert_failure 2
}

@test "-o writes the file, a failed run none; > /dev/full is an error" {
	crm-recommend -q --as-of 2026-06-30 -o out.csv "$ORDERS"
	assert_same out.csv "$DATA/recommend-lists.out"
	printf 'customer_id,order_date,item\nc1,2026-01-01,X\n' >one.csv
	run crm-recommend --as-of 2026-06-30 -o none.csv one.csv
	assert_failure 1
	[ ! -e none.csv ] || fail "a failed run left none.csv"
	run bash -c "crm-recommend -q --as-of 2026-06-30 '$ORDERS' >/dev/full"
	assert_failure 1
}

@test "--help lists the options; --version the toolkit's" {
	run crm-recommend --help
	assert_success
	assert_line --partial "--similarity KIND"
	run crm-recommend --version
	assert_output --partial "crm-recommend (crm-tools)"
}
