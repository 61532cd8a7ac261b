#!/usr/bin/env bats
# crm-clv: the Gamma-Gamma spend model and discounted lifetime value.

load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR"
}

@test "CDNOW: the spend model reproduces the published estimates and log-likelihood" {
	cdnow_summary >cdnow.csv
	crm-clv --fit-only cdnow.csv >fit.csv 2>err
	assert_close "$(param p <fit.csv)" 6.24880 1e-4
	assert_close "$(param q <fit.csv)" 3.74459 1e-4
	assert_close "$(param gamma <fit.csv)" 15.44775 1e-4
	assert_close "$(param loglik <fit.csv)" -4055.923 1e-6
	assert_equal "$(param customers <fit.csv)" 946
}

@test "--fit-only reports who is left out and the independence check on stderr" {
	cdnow_summary >cdnow.csv
	run bash -c "crm-clv --fit-only cdnow.csv 2>&1 >/dev/null"
	assert_line --index 0 "crm-clv: the spend model is fitted to 946 customers; 1411 without repeat purchases and 0 with repeat_avg <= 0 are left out"
	assert_line --index 1 --regexp "^crm-clv: correlation of x and repeat_avg over the 946 customers fitted: 0\.11[0-9]; the spend model assumes none$"
}

@test "expected_avg_value: the population mean without repeat purchases, shrunk towards it otherwise" {
	published_bgnbd churn.csv
	published_spend spend.csv
	printf 'customer_id,x,t_x,T,repeat_avg\nnone,0,0,30,0\nsome,2,20,30,50\nlost,3,10,30,-5\n' >in.csv
	run crm-clv --churn-params churn.csv --params spend.csv in.csv
	assert_success
	# population mean p gamma / (q - 1) = 6.2488 * 15.44775 / 2.74459
	assert_close "$(echo "$output" | awk -F, '$1 == "none" { print $6 }')" 35.170973 1e-6
	# (p gamma + p x zbar) / (p x + q - 1) = (96.530 + 624.88) / 15.24219
	assert_close "$(echo "$output" | awk -F, '$1 == "some" { print $6 }')" 47.329806 1e-6
	# a negative repeat_avg counts as 0: still positive
	run awk -F, '$1 == "lost" && !($6 > 0 && $7 > 0)' <<<"$output"
	assert_output ""
}

@test "clv without discount is expected purchases times expected value" {
	cdnow_summary | head -30 >few.csv
	published_bgnbd churn.csv
	published_spend spend.csv
	crm-clv --churn-params churn.csv --params spend.csv --discount 0 --months 9 few.csv >clv.csv
	# nine months of 30.4375 days in weeks
	crm-churn --params churn.csv --horizon "$(awk 'BEGIN { printf "%.17g", 9 * 30.4375 / 7 }')" few.csv >churn.out
	paste -d, clv.csv churn.out | awk -F, 'NR > 1 {
	    want = $6 * $(NF - 1); d = $7 - want; if (d < 0) d = -d
	    if (d > 1e-9 * want + 1e-12) print "customer " $1 ": clv " $7 ", want " want }' >bad
	assert_equal "$(cat bad)" ""
}

@test "discounting lowers clv, more months raise it, margin scales it" {
	cdnow_summary | head -30 >few.csv
	published_bgnbd churn.csv
	published_spend spend.csv
	crm-clv --churn-params churn.csv --params spend.csv few.csv | cut -d, -f7 >base
	crm-clv --churn-params churn.csv --params spend.csv --discount 0.1 few.csv | cut -d, -f7 >disc
	crm-clv --churn-params churn.csv --params spend.csv --months 24 few.csv | cut -d, -f7 >long
	crm-clv --churn-params churn.csv --params spend.csv --margin 0.25 few.csv | cut -d, -f7 >margin
	run bash -c "paste -d, base disc long margin | awk -F, 'NR > 1 && !(\$2 < \$1 && \$3 > \$1 && (\$4 - \$1 / 4) ^ 2 < 1e-18 * \$1 ^ 2)'"
	assert_output ""
}

@test "the output keeps every input column, from crm-churn's output too" {
	cdnow_summary | head -5 >few.csv
	published_bgnbd churn.csv
	published_spend spend.csv
	run bash -c "crm-churn --params churn.csv few.csv | crm-clv --churn-params churn.csv --params spend.csv"
	assert_success
	assert_line --index 0 "ID,x,t_x,T,zbar,p_alive,expected_purchases,churn_risk,expected_avg_value,clv"
	assert_equal "${#lines[@]}" 5
}

@test "fitting both models here gives the same as saved params of the same fits" {
	cdnow_summary >cdnow.csv
	crm-churn --save-params churn.csv cdnow.csv >/dev/null
	crm-clv -q --save-params spend.csv cdnow.csv >a.csv
	crm-clv -q --churn-params churn.csv --params spend.csv cdnow.csv >b.csv
	assert_same a.csv b.csv
}

@test "from raw transactions, through the same summary as crm-rfm" {
	cdnow_orders >orders.csv
	crm-rfm -q --as-of 1997-09-30 orders.csv | crm-clv -q --fit-only >a.csv
	crm-clv -q --as-of 1997-09-30 --fit-only orders.csv >b.csv
	assert_equal "$(param p <a.csv)" "$(param p <b.csv)"
	assert_close "$(param p <a.csv)" 6.24880 1e-2
}

@test "the unit travels: a summary in days gives the clv of one in weeks; --amount none is refused" {
	orders=$BATS_TEST_DIRNAME/../data/sample/orders.csv
	crm-rfm -q --as-of 2026-11-23 "$orders" | crm-clv -q --as-of 2026-11-23 |
	    awk -F, '{ print $1 "," $NF }' >weeks.csv
	crm-rfm -q --as-of 2026-11-23 --unit days "$orders" |
	    crm-clv -q --as-of 2026-11-23 | awk -F, '{ print $1 "," $NF }' >days.csv
	run awk -F, 'NR == FNR { v[$1] = $2; next }
	    FNR > 1 { d = $2 - v[$1]; if (d < 0) d = -d
		if (d > 1e-6 * v[$1] + 1e-9) bad++; n++ }
	    END { print n, bad + 0 }' weeks.csv days.csv
	assert_output "2811 0"
	run crm-clv --amount none --id cust "$DATA/event-log.csv"
	assert_failure 2
	assert_line --index 0 "crm-clv: --amount none: crm-clv needs amounts, the value of each purchase, to fit the spend model"
}

@test "--churn-params of another model than --model is an error, not a silent swap" {
	printf 'customer_id,x,t_x,T,repeat_avg\nA,1,2,3,10\n' >in.csv
	published_bgnbd churn.csv
	published_spend spend.csv
	run crm-clv --params spend.csv --churn-params churn.csv --model pnbd in.csv
	assert_failure 1
	assert_output "crm-clv: churn.csv:2: the saved model is bgnbd, not pnbd"
	run crm-clv --params spend.csv --churn-params churn.csv --model bgnbd in.csv
	assert_success
}

@test "params of the wrong model or unit: clear errors" {
	printf 'customer_id,x,t_x,T,repeat_avg\nA,1,2,3,10\n' >in.csv
	published_bgnbd churn.csv
	published_spend spend.csv
	run crm-clv --params churn.csv in.csv
	assert_failure 1
	assert_output "crm-clv: churn.csv:2: the saved model is bgnbd, not the gammagamma spend model"
	run crm-clv --params spend.csv --churn-params spend.csv in.csv
	assert_failure 1
	assert_output "crm-clv: spend.csv:2: 'gammagamma' is not a repeat-purchase model (bgnbd, mbgnbd, pnbd)"
	run crm-clv --params spend.csv --churn-params churn.csv --unit days in.csv
	assert_failure 1
	assert_output "crm-clv: churn.csv:3: the model is in weeks, the input in days (--unit)"
	sed 's/^q,.*/q,0.5/' spend.csv >bad.csv
	run crm-clv --params bad.csv --churn-params churn.csv in.csv
	assert_failure 1
	assert_output "crm-clv: the spend model has q = 0.5 <= 1: its mean value is infinite"
}

@test "no customer to fit the spend model to: a clear error" {
	printf 'customer_id,x,t_x,T,repeat_avg\nA,0,0,3,0\nB,2,1,3,0\n' >in.csv
	run crm-clv in.csv
	assert_failure 1
	assert_line --index 1 "crm-clv: no customer has repeat purchases with a positive repeat_avg: nothing to fit the spend model to"
}

@test "a summary without repeat_avg: an error listing the header" {
	printf 'customer_id,x,t_x,T\nA,1,2,3\n' >in.csv
	run crm-clv in.csv
	assert_failure 1
	assert_output "crm-clv: in.csv: no 'repeat_avg' column (or one of its aliases, see man 7 crm); the spend model needs the mean value of repeat purchases, from amounts (a log read with --amount none has none); the header has: customer_id, x, t_x, T"
}

@test "bad values: non-numeric repeat_avg is a rejectable row" {
	printf 'customer_id,x,t_x,T,repeat_avg\nA,1,2,3,ten\n' >in.csv
	run crm-clv in.csv
	assert_failure 1
	assert_output "crm-clv: in.csv:2: not a number (repeat_avg, 'ten')"
}

@test "bad options: usage errors" {
	run crm-clv --months 0 x.csv
	assert_failure 2
	assert_line --index 0 "crm-clv: --months: '0' is not a whole number from 1 to 1200"
	run crm-clv --discount -1 x.csv
	assert_failure 2
	run crm-clv --params a.csv --fit-only x.csv
	assert_failure 2
	assert_line --index 0 "crm-clv: --params scores with a saved spend model: --fit-only and --penalty need a fit"
}

@test "an error on the scoring threads is reported once, by the main thread, with exit 1" {
	awk 'BEGIN { print "customer_id,x,t_x,T,repeat_avg"
	    for (i = 0; i < 100000; i++) print "c" i ",1,2,3,10" }' >many.csv
	published_bgnbd churn.csv
	published_spend spend.csv
	sed 's/^q,.*/q,0.5/' spend.csv >bad.csv
	run bash -c "crm-clv --params bad.csv --churn-params churn.csv many.csv 2>err >out.csv"
	assert_failure 1
	assert_equal "$(cat err)" "crm-clv: the spend model has q = 0.5 <= 1: its mean value is infinite"
}
