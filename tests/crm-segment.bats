#!/usr/bin/env bats
# crm-segment: tiers, ABC, quadrants, lifecycle, rules and clusters, through
# the real binary. The fixtures are small enough to check by hand; the
# comments say how.

load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	CUST=$DATA/segment-customers.csv
	LIFE=$DATA/segment-lifecycle.csv
	CLUS=$DATA/segment-clusters.csv
}

# The last column of crm-segment's output for ARGS, one line.
labels() {
	crm-segment -q "$@" | tail -n +2 | awk -F, '{ print $NF }' | tr '\n' ' '
}

# --- tiers and ABC ------------------------------------------------------

@test "tiers: every column kept, ties at a boundary go to the better tier" {
	# monetary, highest first: 9000 | 5000 5000 5000 | 3000 3000 3000 |
	# 1000 200 0. gold is ranks 0-1 and the 5000s start at rank 1: all
	# gold. silver is ranks 2-4; the 3000s start at 4: all silver.
	crm-segment --tiers monetary=gold:0.2,silver:0.3,bronze "$CUST" >out.csv
	assert_same out.csv "$DATA/segment-tiers.out"
}

@test "tiers: shares as percentages read the same" {
	crm-segment --tiers monetary=gold:20%,silver:30%,bronze "$CUST" >out.csv
	assert_same out.csv "$DATA/segment-tiers.out"
}

@test "tiers: the order of the input does not change anyone's tier" {
	(head -1 "$CUST"; tail -n +2 "$CUST" | tac) >rev.csv
	crm-segment --tiers monetary=gold:0.2,silver:0.3,bronze rev.csv |
	    sort >a.csv
	sort "$DATA/segment-tiers.out" >b.csv
	assert_same a.csv b.csv
}

@test "tiers: equal values all land in one tier, the best" {
	printf 'id,v\na,5\nb,5\nc,5\nd,5\n' >in.csv
	run labels --tiers v=gold:0.2,silver:0.3,bronze in.csv
	assert_output "gold gold gold gold "
	run labels --abc v=0.8,0.95 in.csv
	assert_output "A A A A "
}

@test "tiers: all values 0 with --by-value are one tier, the best" {
	printf 'id,v\na,0\nb,0\n' >in.csv
	run labels --tiers v=gold:0.5,bronze --by-value in.csv
	assert_output "gold gold "
}

@test "tiers: shares that fill exactly, the last one named" {
	# ten values 1..10: 5 gold, 5 bronze; no rest needed
	(echo id,v; for i in 1 2 3 4 5 6 7 8 9 10; do echo "c$i,$i"; done) >in.csv
	run labels --tiers v=gold:0.5,bronze:0.5 in.csv
	assert_output "bronze bronze bronze bronze bronze gold gold gold gold gold "
}

@test "tiers --by-value: shares of the total, from what lies above" {
	# total 34200; gold while the sum above is < 6840 (9000 only), silver
	# while < 17100 (the 5000s: 9000 above), bronze the rest
	run labels --tiers monetary=gold:0.2,silver:0.3,bronze --by-value "$CUST"
	assert_output "bronze silver silver gold bronze bronze bronze silver bronze bronze "
}

@test "abc: cumulative shares of value; B can be empty" {
	# A while the sum above is < 27360: 9000, the 5000s (9000 above),
	# the 3000s (24000 above); the 1000 has 33000 above, past 32490: C
	crm-segment --abc monetary=0.8,0.95 "$CUST" >out.csv
	assert_same out.csv "$DATA/segment-abc.out"
	run crm-segment --abc monetary=0.8,0.95 --summary --summary-cols monetary "$CUST"
	assert_output "segment,count,share,monetary_sum,monetary_mean,monetary_median
A,7,0.7,33000,4714.2857,5000
B,0,0,0,,
C,3,0.3,1200,400,200"
}

@test "abc: --labels renames the classes" {
	run labels --abc monetary=0.8,0.95 --labels 重要,一般,次要 "$CUST"
	assert_output "重要 重要 重要 重要 次要 次要 重要 重要 次要 重要 "
}

@test "one customer: the best tier, class A, the low quadrant" {
	printf 'id,frequency,monetary\nx,3,70\n' >in.csv
	run labels --tiers monetary=gold:0.2,silver:0.3,bronze in.csv
	assert_output "gold "
	run labels --abc monetary=0.8 in.csv
	assert_output "A "
	# the median is the value itself, and high is strictly above it
	run labels --quadrant frequency,monetary in.csv
	assert_output "low frequency-low amount "
	run labels --kmeans 1 --cols frequency,monetary in.csv
	assert_output "1 "
}

@test "shares that do not add up: usage errors" {
	run crm-segment --tiers monetary=gold:0.2,silver:0.3 "$CUST"
	assert_failure 2
	assert_line --index 0 "crm-segment: --tiers gold:0.2,silver:0.3: the shares add up to 0.5, not 1; leave out the last share to give that tier the rest"
	run crm-segment --tiers monetary=gold:0.6,silver:0.4,bronze "$CUST"
	assert_failure 2
	assert_line --index 0 "crm-segment: --tiers gold:0.6,silver:0.4,bronze: the shares add up to 1, leaving nothing for 'bronze'"
	run crm-segment --tiers monetary=gold:0.2,silver,bronze "$CUST"
	assert_failure 2
	assert_line --index 0 "crm-segment: --tiers gold:0.2,silver,bronze: 'silver' needs a share, as in silver:0.2 (only the last tier takes the rest)"
	run crm-segment --tiers monetary=gold:0,bronze "$CUST"
	assert_failure 2
	assert_line --index 0 "crm-segment: --tiers gold:0,bronze: '0' is not a share above 0 and at most 1 (0.2 or 20%)"
	run crm-segment --tiers monetary=gold:1.5,bronze "$CUST"
	assert_failure 2
	run crm-segment --abc monetary=0.95,0.8 "$CUST"
	assert_failure 2
	assert_line --index 0 "crm-segment: --abc 0.95,0.8: cut points are rising cumulative shares above 0 and below 1, as in 0.8,0.95"
	run crm-segment --tiers monetary </dev/null
	assert_failure 2
	assert_line --index 0 "crm-segment: --tiers: 'monetary' is not COL=LABEL:SHARE,...,LABEL"
	run crm-segment --abc =0.8 </dev/null
	assert_failure 2
	assert_line --index 0 "crm-segment: --abc: '=0.8' is not COL=CUT,CUT,..."
	# one argument each: an option after it is an option, not a spec
	run crm-segment --tiers monetary -q gold:0.2,bronze </dev/null
	assert_failure 2
	assert_line --index 0 "crm-segment: --tiers: 'monetary' is not COL=LABEL:SHARE,...,LABEL"
	# the spec is checked before any input is read
	run crm-segment --tiers monetary=gold:0.2 </dev/null
	assert_failure 2
}

@test "a value that is not a number: an error with FILE:RECORD" {
	printf 'id,monetary\na,5\nb,n/a\nc,7\n' >in.csv
	run crm-segment --tiers monetary=gold:0.5,bronze in.csv
	assert_failure 1
	assert_output "crm-segment: in.csv:3: not a number (monetary, 'n/a')"
	printf 'id,monetary\na,5\nb,\n' >in.csv
	run crm-segment --abc monetary=0.8 in.csv
	assert_failure 1
	assert_output "crm-segment: in.csv:3: not a number (monetary, '')"
}

@test "--by-value and --abc need values of 0 or more" {
	printf 'id,monetary\na,5\nb,-2\n' >in.csv
	run crm-segment --tiers monetary=gold:0.5,bronze --by-value in.csv
	assert_failure 1
	assert_output "crm-segment: in.csv:3: negative value (monetary, '-2'); --by-value needs values of 0 or more"
	run crm-segment --abc monetary=0.8 in.csv
	assert_failure 1
	assert_output "crm-segment: in.csv:3: negative value (monetary, '-2'); --abc needs values of 0 or more"
	run labels --tiers monetary=gold:0.5,bronze in.csv
	assert_output "gold bronze "
}

# --- quadrants ------------------------------------------------------------

@test "quadrant: split at the medians, high strictly above" {
	# frequency median (3 + 4) / 2 = 3.5; monetary median 3000, so the
	# 3000s are low
	crm-segment --quadrant frequency,monetary "$CUST" >out.csv
	assert_same out.csv "$DATA/segment-quadrant.out"
}

@test "quadrant: Chinese labels for frequency x amount" {
	run labels --quadrant frequency,monetary --lang zh "$CUST"
	assert_output "低频低额 高频高额 低频高额 高频高额 高频低额 低频低额 高频低额 高频高额 低频低额 低频低额 "
}

@test "quadrant: other measures get generic labels, X first" {
	# recency_days median (75 + 95) / 2 = 85
	run labels --quadrant recency_days,monetary "$CUST"
	assert_output "low-low low-high high-high low-high low-low high-low low-low high-high high-low high-low "
	run labels --quadrant recency_days,monetary --lang zh "$CUST"
	assert_output "低-低 低-高 高-高 低-高 低-低 高-低 低-低 高-高 高-低 高-低 "
}

@test "quadrant: --at mean and --at VALUE,VALUE" {
	# means: frequency 40 / 10 = 4, monetary 34200 / 10 = 3420
	run labels --quadrant frequency,monetary --at mean --labels HH,HL,LH,LL "$CUST"
	assert_output "LL HH LH HH LL LL HL LH LL LL "
	# a value equal to the split point is low
	run labels --quadrant frequency,monetary --at 4,5000 --labels HH,HL,LH,LL "$CUST"
	assert_output "LL HL LL HH LL LL HL LL LL LL "
	run crm-segment --quadrant frequency,monetary --at 4 "$CUST"
	assert_failure 2
	assert_line --index 0 "crm-segment: --at: '4' is not median, mean or two numbers such as 5,1000"
}

@test "quadrant: --labels must name all four" {
	run crm-segment --quadrant frequency,monetary --labels a,b,c "$CUST"
	assert_failure 2
	assert_line --index 0 "crm-segment: --labels: 3 labels for 4 segments"
	run crm-segment --quadrant frequency "$CUST"
	assert_failure 2
	assert_line --index 0 "crm-segment: --quadrant takes two columns, X,Y"
}

# --- lifecycle ------------------------------------------------------------

@test "lifecycle: stages at their boundaries, as of 2024-06-30" {
	# L02 first bought 29 days ago: new; L03 30 days ago: active.
	# L04 last bought 89 days ago: active; L05 90: silent; L06 179:
	# silent; L07 180: lost. L08 never bought: potential. L09 p_alive
	# 0.15 < 0.2: lost; L10 0.2 is not below: active.
	crm-segment --lifecycle --as-of 2024-06-30 "$LIFE" >out.csv
	assert_same out.csv "$DATA/segment-lifecycle.out"
}

@test "lifecycle: Chinese labels" {
	run labels --lifecycle --as-of 2024-06-30 --lang zh "$LIFE"
	assert_output "活跃 新客 活跃 活跃 沉默 沉默 流失 潜在 流失 活跃 活跃 "
}

@test "lifecycle: thresholds are options" {
	run labels --lifecycle --as-of 2024-06-30 --new-days 31 --silent-days 60 \
	    --lost-days 179 --lost-p-alive 0.25 "$LIFE"
	assert_output "active new new silent silent lost lost potential lost lost active "
	run crm-segment --lifecycle --silent-days 200 "$LIFE"
	assert_failure 2
	assert_line --index 0 "crm-segment: --silent-days (200) must be less than --lost-days (180)"
}

@test "lifecycle: recency_days and tenure_days when there are no dates" {
	printf 'id,recency_days,tenure_days\na,0,5\nb,95,400\nc,,\nd,10,300\n' >in.csv
	run labels --lifecycle in.csv
	assert_output "new silent potential active "
}

@test "lifecycle: --first-date and --last-date name the columns" {
	printf 'id,首次,末次\na,2024-06-01,2024-06-01\n' >in.csv
	run labels --lifecycle --as-of 2024-06-30 --first-date 首次 --last-date 3 in.csv
	assert_output "new "
}

@test "lifecycle: missing columns, bad dates, dates after --as-of" {
	printf 'id,monetary\na,5\n' >in.csv
	run crm-segment --lifecycle in.csv
	assert_failure 1
	assert_output "crm-segment: --lifecycle needs a first_date or tenure_days column (as crm-rfm writes; --first-date names another); the header has: id, monetary"
	printf 'id,first_date,last_date\na,2024-01-01,2024-02-30\n' >in.csv
	run crm-segment --lifecycle --as-of 2024-06-30 in.csv
	assert_failure 1
	assert_output "crm-segment: in.csv:2: not a date (last_date, '2024-02-30')"
	printf 'id,first_date,last_date\na,2024-01-01,2024-07-01\n' >in.csv
	run crm-segment --lifecycle --as-of 2024-06-30 in.csv
	assert_failure 1
	assert_output "crm-segment: in.csv:2: date after --as-of (last_date, '2024-07-01')"
}

# --- rules ------------------------------------------------------------------

@test "rules: in order, the first that matches wins, else other" {
	crm-segment --rule 'vip: monetary >= 5000 && frequency >= 5' \
	    --rule 'whale: monetary >= 5000' \
	    --rule 'regular: frequency >= 3 || recency_days < 30' \
	    "$CUST" >out.csv
	assert_same out.csv "$DATA/segment-rules.out"
}

@test "rules: --rules FILE with comments and blank lines" {
	crm-segment --rules "$DATA/segment-rules.txt" "$CUST" >out.csv
	assert_same out.csv "$DATA/segment-rules.out"
}

@test "rules: --default, and 其他 with --lang zh" {
	run labels --rule 'big: monetary > 4000' --default small "$CUST"
	assert_output "small big big big small small small big small small "
	run labels --rule '大: monetary > 4000' --lang zh "$CUST"
	assert_output "其他 大 大 大 其他 其他 其他 大 其他 其他 "
}

@test "rules: Chinese names bare, quoted names, in (...), dates and today" {
	run crm-segment -q --as-of 2024-06-30 --lang zh \
	    --rule "重点: 城市 in ('北京', '上海') && 消费金额 >= 1000" \
	    --rule '唤回: today - "最近购买 日期" > 180' "$DATA/segment-zh.csv"
	assert_success
	# Z3 last bought 212 days before, Z2 167
	assert_output "客户编号,城市,消费金额,最近购买 日期,segment
Z1,北京,12000,2024-06-01,重点
Z2,上海,800,2024-01-15,其他
Z3,广州,3000,2023-12-01,唤回
Z4,北京,150,2024-06-28,其他"
}

@test "rules: arithmetic, date literals and precedence" {
	printf 'id,monetary,frequency,last_date\na,900,3,2024-06-01\nb,100,1,2023-01-01\n' >in.csv
	run labels --as-of 2024-06-30 \
	    --rule 'avg: monetary / frequency = 300 && last_date >= 2024-06-01' \
	    --rule 'old: !(last_date > today - 365) || 1 + 2 * 3 = 9' in.csv
	assert_output "avg old "
}

@test "rules: a syntax error points at its column, exit 2" {
	run crm-segment --rule 'a: monetary > 1' \
	    --rule 'gold: monetary >= && frequency >= 5' "$CUST"
	assert_failure 2
	assert_line --index 0 "crm-segment: rule 2, column 19: expected a value after '>='"
	assert_line --index 1 "  gold: monetary >= && frequency >= 5"
	assert_line --index 2 "                    ^"
	assert_line --index 3 "Try 'crm-segment --help' for more information."
}

@test "rules: errors in a rules file name its line" {
	printf '# comment\n\nvip: monetary > 1 and frequency > 2\n' >rules.txt
	run crm-segment --rules rules.txt "$CUST"
	assert_failure 2
	assert_line --index 0 "crm-segment: rules.txt:3:19: use && for 'and'"
	assert_line --index 1 "  vip: monetary > 1 and frequency > 2"
	assert_line --index 2 "                    ^"
	printf 'vip monetary > 1\n' >rules.txt
	run crm-segment --rules rules.txt "$CUST"
	assert_failure 2
	assert_line --index 0 "crm-segment: rules.txt:1:1: expected LABEL: CONDITION, as in gold: monetary >= 10000"
	printf '# nothing\n' >rules.txt
	run crm-segment --rules rules.txt "$CUST"
	assert_failure 2
	assert_line --index 0 "crm-segment: --rules rules.txt: no rules in the file"
	run crm-segment --rules nosuch.txt "$CUST"
	assert_failure 1
	assert_output "crm-segment: nosuch.txt: No such file or directory"
}

@test "rules: type errors are caught before any row is read" {
	run crm-segment --rule "a: monetary > 'big'" --rule "b: 'x' = 1" "$CUST"
	assert_failure 2
	assert_line --index 0 "crm-segment: rule 2, column 8: cannot compare a string with a number"
	run crm-segment --rule "a: monetary" "$CUST"
	assert_failure 2
	assert_line --index 0 "crm-segment: rule 1, column 4: expected a condition, such as monetary >= 1000, not a column"
}

@test "rules: an unknown column is an error before any row is read" {
	printf 'customer_id,monetary\na,x\n' >in.csv
	run crm-segment --rule 'gold: monetry >= 1' in.csv
	assert_failure 1
	assert_line --index 0 "crm-segment: rule 1, column 7: column 'monetry' not found; the header has: customer_id, monetary"
	assert_line --index 1 "  gold: monetry >= 1"
	assert_line --index 2 "        ^"
}

@test "rules: a value that is not a number: FILE:RECORD, or rejected" {
	printf 'id,monetary\na,5\nb,lots\nc,\n' >in.csv
	run crm-segment --rule 'big: monetary > 3' in.csv
	assert_failure 1
	assert_output "crm-segment: in.csv:3: rule 1: not a number (monetary, 'lots')"
	run crm-segment -q --rule 'big: monetary > 3' --rejects rej.csv in.csv
	assert_success
	assert_output "id,monetary,segment
a,5,big
crm-segment: 2 of 3 rows rejected, see rej.csv"
	assert_same rej.csv <(printf '%s\n' 'id,monetary,reason' \
	    "b,lots,\"rule 1: not a number (monetary, 'lots')\"" \
	    "c,,\"rule 1: not a number (monetary, '')\"")
	# an empty value can be tested before it is compared
	run crm-segment --rule "big: monetary != '' && monetary > 3" in.csv
	assert_failure 1
	assert_output "crm-segment: in.csv:3: rule 1: not a number (monetary, 'lots')"
	run labels --rule "none: monetary = ''" --rule 'big: monetary > 3' \
	    --rejects rej.csv in.csv
	assert_line --index 0 "crm-segment: 1 of 3 rows rejected, see rej.csv"
	assert_line --index 1 "big none "
	assert_equal "$(cat rej.csv)" "id,monetary,reason
b,lots,\"rule 2: not a number (monetary, 'lots')\""
}

# --- k-means ----------------------------------------------------------------

@test "kmeans: finds three well-separated clusters, numbered by size" {
	# five small buyers, four mid, three top: clusters 1, 2, 3
	crm-segment --kmeans 3 --cols frequency,monetary,recency_days \
	    --centroids centroids.csv "$CLUS" >out.csv
	assert_same out.csv "$DATA/segment-kmeans.out"
	assert_same centroids.csv "$DATA/segment-centroids.out"
}

@test "kmeans: the same seed gives the same bytes; the seed matters not here" {
	for seed in 1 7 123456; do
		crm-segment --kmeans 3 --seed "$seed" --restarts 1 \
		    --cols frequency,monetary,recency_days "$CLUS" >"s$seed.csv"
		assert_same "s$seed.csv" "$DATA/segment-kmeans.out"
	done
	awk 'BEGIN { srand(3); print "id,a,b"
	    for (i = 0; i < 3000; i++) print i "," rand() "," rand() }' >noise.csv
	crm-segment --kmeans 6 --seed 5 --cols a,b noise.csv >a.csv
	crm-segment --kmeans 6 --seed 5 --cols a,b noise.csv >b.csv
	cmp a.csv b.csv
}

@test "kmeans: --log and --kmeans auto find the same clusters" {
	run labels --kmeans 3 --log --cols frequency,monetary,recency_days "$CLUS"
	assert_output "1 2 3 1 2 1 3 2 1 3 2 1 "
	run crm-segment --kmeans auto --cols frequency,monetary,recency_days "$CLUS"
	assert_success
	assert_line --index 0 --regexp '^crm-segment: k-means: K=3 has the highest mean silhouette \(2: 0\.[0-9]+, 3: 0\.9[0-9]+, 4: '
	assert_line --index 1 "customer_id,frequency,monetary,recency_days,segment"
	run labels --kmeans auto --cols frequency,monetary,recency_days "$CLUS"
	assert_output "1 2 3 1 2 1 3 2 1 3 2 1 "
}

@test "kmeans: K larger than the rows, and other errors" {
	run crm-segment --kmeans 13 --cols frequency,monetary "$CLUS"
	assert_failure 1
	assert_output "crm-segment: --kmeans 13: more clusters than rows (12)"
	run crm-segment --kmeans 3 "$CLUS"
	assert_failure 2
	assert_line --index 0 "crm-segment: --kmeans needs --cols, the columns to cluster on"
	run crm-segment --kmeans 0 --cols monetary "$CLUS"
	assert_failure 2
	printf 'id,a\nx,1\ny,1\nz,1\n' >same.csv
	run crm-segment --kmeans 2 --cols a same.csv
	assert_failure 1
	assert_output "crm-segment: --kmeans 2: fewer distinct customers than clusters"
	run crm-segment --kmeans 3 --cols frequency,spend "$CLUS"
	assert_failure 1
	assert_output "crm-segment: $CLUS: column 'spend' not found; the header has: customer_id, frequency, monetary, recency_days"
}

@test "kmeans: non-numeric and negative values are data errors" {
	printf 'id,a\nx,1\ny,?\nz,-1\nw,5\n' >in.csv
	run crm-segment --kmeans 2 --cols a in.csv
	assert_failure 1
	assert_output "crm-segment: in.csv:3: not a number (a, '?')"
	run crm-segment --kmeans 2 --cols a --log --rejects rej.csv in.csv
	assert_success
	assert_line "crm-segment: 2 of 4 rows rejected, see rej.csv"
	assert_equal "$(tail -1 rej.csv)" "z,-1,\"negative value (a, '-1'); --log needs values of 0 or more\""
}

# --- summary ----------------------------------------------------------------

@test "summary: one row per tier, in the method's order, exact sums" {
	crm-segment --tiers monetary=gold:0.2,silver:0.3,bronze --summary \
	    "$CUST" >out.csv
	assert_same out.csv "$DATA/segment-tiers-summary.out"
}

@test "summary: empty cells are left out of the figures; empty stages listed" {
	printf 'id,first_date,last_date,monetary\na,2024-01-01,2024-06-20,10.5\nb,,,\nc,2024-06-20,2024-06-20,0.1\nd,2024-01-01,2024-06-01,0.2\n' >in.csv
	run crm-segment --lifecycle --as-of 2024-06-30 --summary in.csv
	assert_success
	assert_output "segment,count,share,monetary_sum,monetary_mean,monetary_median
potential,1,0.25,0,,
new,1,0.25,0.1,0.1,0.1
active,2,0.5,10.7,5.35,5.35
silent,0,0,0,,
lost,0,0,0,,"
}

@test "summary: rules in order, --summary-cols, --name" {
	run crm-segment --rules "$DATA/segment-rules.txt" --summary \
	    --summary-cols frequency,recency_days --name class "$CUST"
	assert_output "class,count,share,frequency_sum,frequency_mean,frequency_median,recency_days_sum,recency_days_mean,recency_days_median
vip,2,0.2,18,9,9,15,7.5,7.5
whale,2,0.2,6,3,3,295,147.5,147.5
regular,3,0.3,12,4,4,135,45,40
other,3,0.3,4,1.3333,1,850,283.3333,300"
}

@test "summary: clusters by number, with the clustered columns" {
	run crm-segment --kmeans 3 --cols frequency,monetary --summary "$CLUS"
	assert_output "segment,count,share,frequency_sum,frequency_mean,frequency_median,monetary_sum,monetary_mean,monetary_median
1,5,0.4166666666666667,7,1.4,1,570,114,110
2,4,0.3333333333333333,40,10,10,20100,5025,5050
3,3,0.25,90,30,30,60500,20166.6667,20000"
}

@test "summary: numbers that are not exact amounts are summed as doubles" {
	printf 'id,p\na,0.123456\nb,0.5\n' >in.csv
	run crm-segment --rule 'x: p > 0' --summary --summary-cols p in.csv
	assert_output "segment,count,share,p_sum,p_mean,p_median
x,2,1,0.623456,0.311728,0.311728
other,0,0,0,,"
}

@test "no NaN or inf anywhere, whatever the method" {
	printf 'id,frequency,monetary\nx,0,0\ny,0,0\nz,0,0\n' >zero.csv
	printf 'id,frequency,monetary\nx,1e300,1e300\ny,-1e300,0\n' >huge.csv
	for args in "--tiers monetary=g:0.5,b" "--tiers monetary=g:0.5,b --by-value" \
	    "--abc monetary=0.5" "--quadrant frequency,monetary" \
	    "--quadrant frequency,monetary --at mean" \
	    "--kmeans 1 --cols frequency,monetary" "--rule 'r: monetary = 0'"; do
		for file in zero.csv "$CUST"; do
			eval "crm-segment -q $args --summary $file" >>all.csv
			eval "crm-segment -q $args $file" >>all.csv
		done
	done
	crm-segment -q --quadrant frequency,monetary --at mean huge.csv >>all.csv
	crm-segment -q --kmeans 2 --cols frequency huge.csv >>all.csv
	crm-segment -q --kmeans 3 --cols frequency,monetary --centroids c.csv "$CUST" >>all.csv
	cat c.csv >>all.csv
	run grep -ci 'nan\|inf' all.csv
	assert_output "0"
}

# --- conventions ------------------------------------------------------------

@test "runs stack: each adds its own column" {
	run bash -c "crm-segment --tiers monetary=gold:0.2,silver:0.3,bronze '$CUST' |
	    crm-segment --name quadrant --quadrant frequency,monetary --labels HH,HL,LH,LL |
	    head -3"
	assert_output "customer_id,frequency,monetary,recency_days,segment,quadrant
C01,3,3000,40,silver,LL
C02,6,5000,12,gold,HH"
}

@test "a name that is already a column: an error, or --replace in place" {
	run crm-segment --tiers monetary=gold:0.5,bronze "$DATA/segment-tiers.out"
	assert_failure 1
	assert_output "crm-segment: the input already has a column 'segment'; --name gives the new one another name, --replace overwrites it"
	run bash -c "crm-segment --replace --rule 'x: monetary > 4000' '$DATA/segment-tiers.out' | head -3"
	assert_output "customer_id,frequency,monetary,recency_days,segment
C01,3,3000,40,other
C02,6,5000,12,x"
	run crm-segment --name frequency --lifecycle "$CUST"
	assert_failure 1
}

@test "header-only input: header-only output with the new column" {
	head -1 "$CUST" >h.csv
	for args in "--tiers monetary=g:0.5,b" "--abc monetary=0.8" \
	    "--quadrant frequency,monetary" "--rule 'r: monetary > 1'" \
	    "--kmeans 3 --cols frequency" "--kmeans auto --cols frequency"; do
		run eval "crm-segment $args h.csv"
		assert_success
		assert_output "customer_id,frequency,monetary,recency_days,segment"
	done
	head -1 "$LIFE" >h.csv
	run crm-segment --lifecycle h.csv
	assert_success
	assert_output "customer_id,name,first_date,last_date,p_alive,segment"
}

@test "reads standard input, also as -" {
	crm-segment --tiers monetary=gold:0.2,silver:0.3,bronze <"$CUST" >a.csv
	cat "$CUST" | crm-segment --tiers monetary=gold:0.2,silver:0.3,bronze - >b.csv
	assert_same a.csv "$DATA/segment-tiers.out"
	assert_same b.csv "$DATA/segment-tiers.out"
}

@test "-N: no header in, none out, columns by position" {
	tail -n +2 "$CUST" >nh.csv
	crm-segment -N --tiers 3=gold:0.2,silver:0.3,bronze nh.csv >out.csv
	tail -n +2 "$DATA/segment-tiers.out" >want.csv
	assert_same out.csv want.csv
	run bash -c "crm-segment -N --rule 'big: \"3\" > 4000' nh.csv | cut -d, -f5 | tr '\n' ' '"
	assert_output "other big big big other other other big other other "
}

@test "-o writes atomically; a failed run leaves no file" {
	crm-segment --tiers monetary=gold:0.2,silver:0.3,bronze -o out.csv "$CUST"
	assert_same out.csv "$DATA/segment-tiers.out"
	printf 'id,monetary\na,5\nb,x\n' >bad.csv
	run crm-segment --tiers monetary=gold:0.5,bronze -o new.csv bad.csv
	assert_failure 1
	[ ! -e new.csv ]
	run crm-segment --tiers monetary=gold:0.5,bronze -o out.csv bad.csv
	assert_same out.csv "$DATA/segment-tiers.out"
	assert_equal "$(ls -A)" "$(printf 'bad.csv\nout.csv')"
}

@test "--rejects: bad rows go to FILE with a reason; rows in = out + rejected" {
	cp "$CUST" in.csv
	printf 'X1,2,lots,5\nX2,3,100\nX3,1,,9\n' >>in.csv
	run crm-segment --tiers monetary=gold:0.2,silver:0.3,bronze --rejects rej.csv in.csv
	assert_success
	assert_line --index 11 "crm-segment: 3 of 13 rows rejected, see rej.csv"
	assert_equal "${#lines[@]}" 12
	cat >want.csv <<-EOF
	customer_id,frequency,monetary,recency_days,reason
	X1,2,lots,5,"not a number (monetary, 'lots')"
	X2,3,100,,"ragged row: 3 fields, the header has 4"
	X3,1,,9,"not a number (monetary, '')"
	EOF
	assert_same rej.csv want.csv
	# the tiers are those of the ten good rows
	echo "$output" | head -11 >out.csv
	assert_same out.csv "$DATA/segment-tiers.out"
}

@test "write error: > /dev/full exits 1 with a message" {
	for args in "--tiers monetary=gold:0.5,bronze" "--rule 'r: monetary > 1'"; do
		run bash -c "crm-segment $args '$CUST' >/dev/full"
		assert_failure 1
		assert_output "crm-segment: write error: No space left on device"
	done
}

@test "the spool goes to \$TMPDIR; one that cannot be used is an error" {
	mkdir tmp
	TMPDIR=$PWD/tmp crm-segment --tiers monetary=gold:0.2,silver:0.3,bronze "$CUST" >out.csv
	assert_same out.csv "$DATA/segment-tiers.out"
	assert_equal "$(ls -A tmp)" ""
	TMPDIR=$PWD/nosuch run crm-segment --tiers monetary=gold:0.5,bronze "$CUST"
	assert_failure 1
	assert_output "crm-segment: temporary file in $PWD/nosuch: cannot create: No such file or directory"
}

@test "one method per run, and options go with their method" {
	run crm-segment --tiers monetary=gold:0.5,bronze --lifecycle "$CUST"
	assert_failure 2
	assert_line --index 0 "crm-segment: --tiers and --lifecycle: one method per run"
	run crm-segment --lifecycle --at mean "$CUST"
	assert_failure 2
	assert_line --index 0 "crm-segment: --at goes with --quadrant"
	run crm-segment --rule 'a: monetary > 1' --seed 3 "$CUST"
	assert_failure 2
	assert_line --index 0 "crm-segment: --seed goes with --kmeans"
	run crm-segment "$CUST"
	assert_failure 2
	assert_line --index 0 "crm-segment: choose a method: --tiers, --abc, --quadrant, --lifecycle, --rule, --rules or --kmeans"
	run crm-segment --tiers monetary=gold:0.5,bronze --labels a,b "$CUST"
	assert_failure 2
	assert_line --index 0 "crm-segment: --labels does not go with --tiers, which names its own segments"
}

@test "empty input: an error" {
	: >empty.csv
	run crm-segment --tiers monetary=gold:0.5,bronze empty.csv
	assert_failure 1
	assert_output "crm-segment: empty.csv: empty input (no header line; -N reads a file without one)"
}

@test "| head -1 ends quietly" {
	awk 'BEGIN { print "id,v"; for (i = 0; i < 200000; i++) print "c" i "," i % 97 }' >big.csv
	run bash -c "crm-segment --rule 'big: v > 50' big.csv 2>err | head -1"
	assert_success
	assert_output "id,v,segment"
	assert_equal "$(cat err)" ""
	run bash -c "crm-segment --tiers v=a:0.5,b big.csv 2>err | head -1"
	assert_output "id,v,segment"
	assert_equal "$(cat err)" ""
}

@test "--help prints usage on stdout; --version the toolkit version" {
	run crm-segment --help
	assert_success
	assert_line --index 0 "Usage: crm-segment method [options] [file ...]"
	assert_line --partial "--tiers COL=SPEC"
	run crm-segment --version
	assert_success
	assert_output "crm-segment (crm-tools) $(cat "$BATS_TEST_DIRNAME/../VERSION")"
}
