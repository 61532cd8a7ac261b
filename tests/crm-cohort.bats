#!/usr/bin/env bats
# crm-cohort: cohort retention, revenue and repeat purchases.
#
# tests/data/cohort/orders.csv, as of 2024-04-30 by month:
#   a  2024-01-05 100, 01-20 50, 02-10 30 (and 05-02, after as-of)
#   b  2024-01-15 200, 03-01 -20 (a return), 03-02 80
#   c  2024-02-01 40 + 10 (one day), 04-15 60
#   d  2024-02-20 25
#   e  only a return: in no cohort
# Cohort 2024-01 = {a, b}: January both active (3 purchase days, a's
# second one a repeat, 350); February a alone (retained from January,
# churn 1/2, 30); March b alone (not retained: b skipped February, so
# churn 1/1, 80 - 20 = 60); April nobody. a bought again after 15 days,
# b after 47: with --repeat-days 30 the repeat rate is 1/2, the median
# time to a second purchase (15 + 47) / 2 = 31 days. Cohort 2024-02 =
# {c, d}: February both (75), March nobody (churn 2/2), April c (60,
# churn empty: nobody was active in March); c's second purchase came
# after 74 days, so the repeat rate is 0/2.

load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	ORDERS=$DATA/cohort/orders.csv
}

@test "monthly cohorts: the long table, computed by hand" {
	run crm-cohort -q --as-of 2024-04-30 --repeat-days 30 -o out.csv "$ORDERS"
	assert_success
	assert_same out.csv "$DATA/cohort/monthly.csv"
}

@test "notes say which rows and customers were left out" {
	run crm-cohort --as-of 2024-04-30 -o out.csv "$ORDERS"
	assert_success
	assert_line --index 0 "crm-cohort: 1 rows after 2024-04-30 not used"
	assert_line --index 1 "crm-cohort: 1 customers with only returns are in no cohort"
}

@test "--cohort-col: cohorts by channel, periods since each customer's first purchase" {
	crm-cohort -q --as-of 2024-04-30 --repeat-days 30 --cohort-col channel "$ORDERS" >out.csv
	assert_same out.csv "$DATA/cohort/channel.csv"
}

@test "--wide: the retention triangle" {
	crm-cohort -q --as-of 2024-04-30 --wide retention "$ORDERS" >out.csv
	assert_same out.csv "$DATA/cohort/wide-retention.csv"
}

@test "--calendar --wide: active customers by calendar month" {
	crm-cohort -q --as-of 2024-04-30 --calendar --wide active "$ORDERS" >out.csv
	assert_same out.csv "$DATA/cohort/calendar-active.csv"
}

@test "--summary: one row per cohort" {
	crm-cohort -q --as-of 2024-04-30 --repeat-days 30 --summary "$ORDERS" >out.csv
	assert_same out.csv "$DATA/cohort/summary.csv"
}

@test "the wide cells are the long table's, pivoted" {
	crm-cohort -q --as-of 2024-04-30 "$ORDERS" |
	    awk -F, 'NR > 1 { printf "%s,%s,%s\n", $1, $2, $12 }' >long
	crm-cohort -q --as-of 2024-04-30 --wide cumulative_revenue_per_customer "$ORDERS" |
	    awk -F, 'NR > 1 { for (i = 3; i <= NF; i++) if ($i != "") printf "%s,%d,%s\n", $1, i - 3, $i }' >wide
	assert_same wide long
}

@test "the order of the rows does not matter" {
	{ head -1 "$ORDERS"; tail -n +2 "$ORDERS" | sort -r; } >shuffled.csv
	crm-cohort -q --as-of 2024-04-30 --repeat-days 30 shuffled.csv >out.csv
	assert_same out.csv "$DATA/cohort/monthly.csv"
}

@test "CDNOW: weekly cumulative repeat transactions of weeks 20..25 (BTYD walkthrough)" {
	cdnow_orders >cdnow.csv
	# one cohort (all first bought in 1997-Q1), calendar weeks from
	# 1997-01-01: BTYD's week 20 is period 19
	crm-cohort -q --as-of 1997-09-30 --period week --cohort-period quarter \
	    --calendar --origin 1997-01-01 cdnow.csv >weeks.csv
	run awk -F, 'NR > 1 && $2 >= 19 && $2 <= 24 { print $1, $2, $3, $11 }' weeks.csv
	assert_output "1997-Q1 19 1997-05-14 1359
1997-Q1 20 1997-05-21 1414
1997-Q1 21 1997-05-28 1484
1997-Q1 22 1997-06-04 1517
1997-Q1 23 1997-06-11 1573
1997-Q1 24 1997-06-18 1672"
	assert_equal "$(awk -F, 'NR > 1 { print $4 }' weeks.csv | sort -u)" 2357
	# and the total of x over the calibration period (design.md)
	assert_equal "$(tail -1 weeks.csv | cut -d, -f11)" 2457
}

@test "CDNOW: monthly cohorts hold every customer once" {
	cdnow_orders >cdnow.csv
	run crm-cohort -q --as-of 1998-06-30 --summary cdnow.csv
	assert_success
	assert_equal "$(echo "$output" | awk -F, 'NR > 1 { n += $2 } END { print n }')" 2357
	assert_line --index 1 --regexp '^1997-01,781,'
}

@test "weeks start on Monday unless --origin says otherwise" {
	printf 'customer_id,order_date,amount\nx,2024-01-07,1\nx,2024-01-08,1\n' >in.csv
	run crm-cohort -q --as-of 2024-01-08 --period week --wide active in.csv
	assert_output "cohort,customers,0,1
2024-01-01,1,1,1"
	run crm-cohort -q --as-of 2024-01-08 --period week --origin 2024-01-07 --wide active in.csv
	assert_output "cohort,customers,0
2024-01-07,1,1"
}

@test "a cohort of one customer" {
	printf 'customer_id,order_date,amount\nsolo,2024-03-05,10\nsolo,2024-05-01,5\n' >in.csv
	# first purchase 87 days before as-of: observed for --repeat-days 60
	run crm-cohort -q --as-of 2024-05-31 --repeat-days 60 in.csv
	assert_success
	assert_output "cohort,period,customers,active,retention,retained,churn_rate,purchases,repeat_purchases,cumulative_repeat_purchases,revenue,cumulative_revenue_per_customer,repeat_rate,median_days_to_second
2024-03,0,1,1,1,0,,1,0,0,10,10,1,57
2024-03,1,1,0,0,0,1,0,0,0,0,10,1,57
2024-03,2,1,1,1,0,,1,1,1,5,15,1,57"
}

@test "with --repeat-days longer than anyone was watched, repeat_rate is empty" {
	run crm-cohort -q --as-of 2024-04-30 --repeat-days 200 --summary "$ORDERS"
	assert_line --index 1 "2024-01,2,2,,31,440,220"
}

@test "header-only input gives the header only" {
	printf 'customer_id,order_date,amount\n' >in.csv
	run crm-cohort --as-of 2024-01-01 in.csv
	assert_success
	assert_output "cohort,period,customers,active,retention,retained,churn_rate,purchases,repeat_purchases,cumulative_repeat_purchases,revenue,cumulative_revenue_per_customer,repeat_rate,median_days_to_second"
}

@test "empty input is an error" {
	: >empty.csv
	run crm-cohort --as-of 2024-01-01 empty.csv
	assert_failure 1
	assert_output --partial "crm-cohort: empty.csv"
}

@test "an empty date on the first row is an error, not a cohort of 1970-01" {
	printf 'customer_id,order_date,amount\na,,1\nb,2024-01-06,3\n' >in.csv
	run crm-cohort --as-of 2024-01-31 in.csv
	assert_failure 1
	assert_output "crm-cohort: in.csv:2: not a date (order_date, '')"
}

@test "a bad date stops with the record number; --rejects keeps going" {
	printf 'customer_id,order_date,amount\na,2024-01-05,1\nb,soon,2\nc,2024-01-06,3\n' >in.csv
	run crm-cohort --as-of 2024-01-31 in.csv
	assert_failure 1
	assert_output "crm-cohort: in.csv:3: not a date (order_date, 'soon')"
	run crm-cohort --as-of 2024-01-31 --rejects rej.csv --summary in.csv
	assert_success
	assert_line "crm-cohort: 1 of 3 rows rejected, see rej.csv"
	assert_line "2024-01,2,0,,,4,2"
	assert_equal "$(tail -1 rej.csv)" "b,soon,2,\"not a date (order_date, 'soon')\""
}

@test "bad amounts and empty ids are rejected with a reason" {
	printf 'customer_id,order_date,amount\na,2024-01-05,1.2.3\n,2024-01-05,1\n' >in.csv
	run crm-cohort -q --as-of 2024-01-31 --rejects rej.csv in.csv
	assert_success
	run cut -d, -f4- rej.csv
	assert_line --index 1 --partial "not an amount (amount, '1.2.3')"
	assert_line --index 2 "empty customer id (customer_id)"
}

@test "a period's amount that would overflow is rejected, not wrapped; --rejects keeps going" {
	printf '%s\n' customer_id,order_date,amount a,2024-01-01,900000000000000 \
	    b,2024-01-02,5 a,2024-01-03,900000000000000 a,2024-02-01,7 >in.csv
	run crm-cohort --as-of 2024-02-29 in.csv
	assert_failure 1
	assert_output "crm-cohort: in.csv:4: the customer's amount in a period overflows"
	run crm-cohort -q --as-of 2024-02-29 --rejects rej.csv in.csv
	assert_success
	assert_equal "$(tail -1 rej.csv)" "a,2024-01-03,900000000000000,the customer's amount in a period overflows"
	# by hand: a and b in January (a's second row set aside), a again
	# in February, 31 days after its first purchase
	assert_line "2024-01,0,2,2,1,0,,2,0,0,900000000000005,450000000000002.5,,31"
	assert_line "2024-01,1,2,1,0.5,1,0.5,1,1,1,7,450000000000006,,31"
}

@test "errors are reported in input order though chunks are read ahead and shared out" {
	assert_errors_in_input_order crm-cohort -q --as-of 2024-03-31
}

@test "--rejects: bad rows of many customers, found by different threads, listed in input order" {
	write_bad_rows_of_many_customers
	run crm-cohort -q --as-of 2024-12-31 --rejects rej.csv -o out.csv many.csv
	assert_success
	assert_bad_rows_rejected rej.csv "amount in a period overflows"
}

@test "a missing column is an error listing the header" {
	printf 'who,when\nx,2024-01-01\n' >in.csv
	run crm-cohort --as-of 2024-01-31 in.csv
	assert_failure 1
	assert_output --partial "who, when"
	run crm-cohort --as-of 2024-01-31 --cohort-col campaign "$ORDERS"
	assert_failure 1
	assert_output --partial "campaign"
}

@test "usage errors exit 2" {
	run crm-cohort --period day "$ORDERS"
	assert_failure 2
	assert_output --partial "--period: 'day' is not one of week, month, quarter or year"
	run crm-cohort --cohort-col channel --cohort-period month "$ORDERS"
	assert_failure 2
	run crm-cohort --wide nothing "$ORDERS"
	assert_failure 2
	run crm-cohort --wide retention --summary "$ORDERS"
	assert_failure 2
	run crm-cohort --holdout-end 2024-12-31 "$ORDERS"
	assert_failure 2
}

@test "write errors are errors" {
	run bash -c "crm-cohort -q --as-of 2024-04-30 '$ORDERS' >/dev/full"
	assert_failure 1
	assert_output --partial "crm-cohort:"
}
