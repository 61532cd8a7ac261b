#!/usr/bin/env bats
# crm-churn: repeat-purchase models, checked against the published CDNOW
# fits (design.md) and on edge cases, through the real binary.

load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR"
}

@test "CDNOW: the BG/NBD fit reproduces the published estimates and log-likelihood" {
	cdnow_summary >cdnow.csv
	crm-churn --fit-only cdnow.csv >fit.csv
	# t_x and T are rounded to 2 decimals in the published summary
	assert_close "$(param r <fit.csv)" 0.2425945 1e-4
	assert_close "$(param alpha <fit.csv)" 4.4136019 1e-4
	assert_close "$(param a <fit.csv)" 0.7929199 1e-4
	assert_close "$(param b <fit.csv)" 2.4258881 1e-4
	assert_close "$(param loglik <fit.csv)" -9582.429 1e-6
	assert_equal "$(param converged <fit.csv)" yes
	assert_equal "$(param customers <fit.csv)" 2357
}

@test "CDNOW: the Pareto/NBD fit reproduces the published estimates" {
	cdnow_summary >cdnow.csv
	crm-churn --model pnbd --fit-only cdnow.csv >fit.csv
	assert_close "$(param r <fit.csv)" 0.55315 1e-3
	assert_close "$(param alpha <fit.csv)" 10.57633 1e-3
	assert_close "$(param s <fit.csv)" 0.60625 1e-3
	assert_close "$(param beta <fit.csv)" 11.67150 1e-3
	assert_close "$(param loglik <fit.csv)" -9594.976 1e-6
}

@test "CDNOW: MBG/NBD converges, at least as likely as BG/NBD" {
	cdnow_summary >cdnow.csv
	crm-churn --model mbgnbd --fit-only cdnow.csv >fit.csv
	assert_equal "$(param converged <fit.csv)" yes
	run awk -v ll="$(param loglik <fit.csv)" 'BEGIN { exit !(ll >= -9582.43 && ll < -9500) }'
	assert_success
}

@test "CDNOW: the fit from crm-rfm's summary of the raw log is the published one" {
	cdnow_orders >orders.csv
	crm-rfm -q --as-of 1997-09-30 orders.csv | crm-churn --fit-only >fit.csv
	assert_close "$(param r <fit.csv)" 0.2425945 1e-6
	assert_close "$(param alpha <fit.csv)" 4.4136019 1e-6
	assert_close "$(param a <fit.csv)" 0.7929199 1e-5
	assert_close "$(param b <fit.csv)" 2.4258881 1e-5
	assert_close "$(param loglik <fit.csv)" -9582.429 1e-7
	# and straight from transactions, through the same summary
	crm-churn -q --as-of 1997-09-30 --fit-only orders.csv >direct.csv
	assert_equal "$(param r <direct.csv)" "$(param r <fit.csv)"
}

@test "CDNOW: E[X(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226 under the published fit" {
	published_bgnbd model.csv
	printf 'customer_id,x,t_x,T\nA,2,30.43,38.86\n' >one.csv
	run crm-churn --params model.csv --horizon 39 --precision 3 one.csv
	assert_success
	assert_line --index 1 --regexp '^A,2,30\.43,38\.86,[0-9.]+,1\.226,'
}

@test "CDNOW: holdout evaluation: 1,882 actual repeat purchases, per-frequency table" {
	cdnow_orders >orders.csv
	crm-rfm -q --as-of 1997-09-30 --holdout-end 1998-06-30 orders.csv >rfm.csv
	crm-churn --evaluate rfm.csv >eval.csv
	assert_equal "$(head -1 eval.csv)" "x,customers,actual_mean,predicted_mean,actual_total,predicted_total,mae,rmse,auc_p_alive,auc_expected"
	# the expected purchases rank who buys again; p_alive under BG/NBD
	# gives one-time buyers 1, most of whom do not (see man crm-churn)
	run awk -F, '$1 == "all" { print ($10 > 0.7 && $9 < 0.5) }' eval.csv
	assert_output 1
	assert_equal "$(cut -d, -f1,2 eval.csv | tail -n +2 | tr '\n' ' ')" \
	    "0,1411 1,439 2,214 3,100 4,62 5,38 6,29 7+,64 all,2357 "
	assert_equal "$(awk -F, '$1 == "all" { print $5 }' eval.csv)" 1882
	# the predicted total is the sum of the conditional expectations
	crm-churn --horizon 39 rfm.csv | awk -F, 'NR > 1 { s += $22 } END { printf "%.6f\n", s }' >sum
	assert_equal "$(awk -F, '$1 == "all" { printf "%.6f\n", $6 }' eval.csv)" "$(cat sum)"
}

@test "the output keeps every input column and adds p_alive, expected_purchases, churn_risk" {
	cdnow_summary | head -4 >few.csv
	published_bgnbd model.csv
	run crm-churn --params model.csv few.csv
	assert_success
	assert_line --index 0 "ID,x,t_x,T,zbar,p_alive,expected_purchases,churn_risk"
	assert_equal "${#lines[@]}" 4
	refute_output --partial nan
}

@test "--save-params then --params scores the same, byte for byte" {
	cdnow_summary >cdnow.csv
	crm-churn --save-params model.csv cdnow.csv >fitted.csv
	crm-churn --params model.csv cdnow.csv >scored.csv
	assert_same scored.csv fitted.csv
	assert_equal "$(head -1 model.csv)" "name,value,std_error,lo,hi"
	assert_equal "$(param model <model.csv)" bgnbd
	assert_equal "$(param unit <model.csv)" weeks
}

@test "one-time buyers: p_alive is 1 under BG/NBD by construction, below 1 under MBG/NBD" {
	cdnow_summary >cdnow.csv
	run bash -c "crm-churn cdnow.csv | awk -F, '\$2 == 0 { print \$6 }' | sort -u"
	assert_output 1
	run bash -c "crm-churn --model mbgnbd cdnow.csv | awk -F, '\$2 == 0 && \$6 < 1' | wc -l"
	assert_output 1411
}

@test "--risk sets the thresholds of churn_risk" {
	published_bgnbd model.csv
	printf 'customer_id,x,t_x,T\nA,2,30.43,38.86\nB,1,1,38\nC,0,0,5\n' >in.csv
	run crm-churn --params model.csv in.csv
	assert_equal "$(echo "$output" | cut -d, -f1,7 | tr '\n' ' ')" "customer_id,churn_risk A,low B,high C,low "
	run crm-churn --params model.csv --risk 0.8,0.9 in.csv
	assert_equal "$(echo "$output" | cut -d, -f1,7 | tr '\n' ' ')" "customer_id,churn_risk A,high B,high C,low "
	run crm-churn --risk 0.9,0.1 in.csv
	assert_failure 2
	assert_line --index 0 "crm-churn: --risk: P must not be above Q"
}

@test "--bootstrap: intervals around the estimates, the same for the same seed" {
	cdnow_summary >cdnow.csv
	crm-churn --bootstrap 20 --seed 7 --fit-only cdnow.csv >a.csv
	crm-churn --bootstrap 20 --seed 7 --fit-only cdnow.csv >b.csv
	assert_same a.csv b.csv
	run awk -F, '$1 ~ /^(r|alpha|a|b)$/ && !($4 < $2 && $2 < $5) { print "outside: " $0 }' a.csv
	assert_output ""
	run bash -c "crm-churn --bootstrap 5 cdnow.csv | head -2"
	assert_line --index 0 --partial ",p_alive,expected_purchases,churn_risk,p_alive_lo,p_alive_hi,expected_purchases_lo,expected_purchases_hi"
}

@test "standard errors come from the Hessian with --fit-only" {
	cdnow_summary >cdnow.csv
	crm-churn --fit-only cdnow.csv >fit.csv
	run awk -F, '$1 ~ /^(r|alpha|a|b)$/ && !($3 > 0) { print "no se: " $0 }' fit.csv
	assert_output ""
	assert_close "$(awk -F, '$1 == "r" { print $3 }' fit.csv)" 0.01256 1e-2
}

@test "--penalty shrinks the log-parameters towards 0" {
	cdnow_summary >cdnow.csv
	crm-churn --penalty 100 --fit-only cdnow.csv >fit.csv
	run awk -F, '$1 == "alpha" { exit !($2 < 4.41) }' fit.csv
	assert_success
}

@test "very large x (1,000 repeat purchases) and T = t_x give finite scores" {
	published_bgnbd model.csv
	printf 'customer_id,x,t_x,T\nbig,1000,500,500\nedge,3,20,20\nnew,0,0,0\n' >in.csv
	run crm-churn --params model.csv in.csv
	assert_success
	refute_output --partial nan
	refute_output --partial inf
	assert_line --index 1 --regexp '^big,1000,500,500,[0-9.e-]+,[0-9.e-]+,'
}

@test "a single customer, and all-identical customers: a clear outcome, never NaN" {
	printf 'customer_id,x,t_x,T\nA,2,10,30\n' >one.csv
	run crm-churn one.csv
	refute_output --partial nan
	[ "$status" -eq 0 ] || assert_output --regexp "^crm-churn: the bgnbd fit"
	for i in $(seq 1 50); do echo "c$i,2,10,30"; done | (echo customer_id,x,t_x,T; cat) >same.csv
	run crm-churn same.csv
	refute_output --partial nan
	[ "$status" -eq 0 ] || assert_output --regexp "^crm-churn: the bgnbd fit"
}

@test "x = 0 for everyone: the model cannot be identified, a clear error" {
	for i in $(seq 1 20); do echo "c$i,0,0,$i"; done | (echo customer_id,x,t_x,T; cat) >zero.csv
	run crm-churn zero.csv
	assert_failure 1
	assert_output --regexp "^crm-churn: the bgnbd fit failed: the data cannot identify the model"
}

@test "rules: overdue by the customer's own rhythm, slowing against the period before" {
	cat >orders.csv <<-EOF
	customer_id,order_date,amount
	steady,2024-01-01,10
	steady,2024-01-11,10
	steady,2024-01-21,10
	steady,2024-01-31,10
	late,2024-01-08,10
	late,2024-01-10,10
	late,2024-01-12,10
	slow,2023-12-10,10
	slow,2023-12-15,10
	slow,2023-12-20,10
	slow,2023-12-25,10
	slow,2024-01-30,10
	once,2024-02-01,10
	EOF
	run crm-churn -q --model rules --period 30 --as-of 2024-02-05 orders.csv
	assert_success
	assert_equal "$(echo "$output" | awk -F, '{ print $1 "," $(NF - 2) "," $(NF - 1) "," $NF }' | tr '\n' ' ')" \
	    "customer_id,gap_days,churn_risk,reason steady,10,low, late,2,high,overdue slow,5,medium,slowing once,5,low, "
}

@test "rules needs transactions; it fits nothing" {
	printf 'customer_id,x,t_x,T\nA,1,2,3\n' >sum.csv
	run crm-churn --model rules sum.csv
	assert_failure 1
	assert_output --partial "no 'order_date' column"
	run crm-churn --model rules --fit-only sum.csv
	assert_failure 2
}

# --- bad input ---------------------------------------------------------------

@test "bad summary rows: negative x, t_x > T, t_x without purchases, non-numeric" {
	cat >in.csv <<-EOF
	customer_id,x,t_x,T
	a,-1,0,5
	b,1,6,5
	c,0,2,5
	d,one,0,5
	e,1.5,1,5
	EOF
	run crm-churn in.csv
	assert_failure 1
	assert_output "crm-churn: in.csv:2: x must be a whole number 0 or more (x -1, t_x 0, T 5)"
	run crm-churn --params /dev/null --rejects rej.csv in.csv
	run crm-churn --rejects rej.csv in.csv
	assert_failure 1
	assert_output --partial "crm-churn: 5 of 5 rows rejected, see rej.csv"
	assert_output --partial "no customers to fit the model to"
	assert_equal "$(cut -d, -f1 rej.csv | tr '\n' ' ')" "customer_id a b c d e "
	run grep -c 't_x (the last purchase) is after T' rej.csv
	assert_output 1
	run grep -c "not a number (x, 'one')" rej.csv
	assert_output 1
}

@test "a summary with a column missing: an error naming it" {
	printf 'customer_id,x,t_x\nA,1,2\n' >in.csv
	run crm-churn in.csv
	assert_failure 1
	assert_output "crm-churn: in.csv: column 'T' not found; the header has: customer_id, x, t_x"
}

@test "empty data: header only is an error to fit, but scores to a header with --params" {
	echo "customer_id,x,t_x,T" >in.csv
	run crm-churn in.csv
	assert_failure 1
	assert_output "crm-churn: no customers to fit the model to"
	published_bgnbd model.csv
	run crm-churn --params model.csv in.csv
	assert_success
	assert_output "customer_id,x,t_x,T,p_alive,expected_purchases,churn_risk"
}

@test "a params file of another model or unit is a clear error" {
	published_bgnbd model.csv
	printf 'customer_id,x,t_x,T\nA,1,2,3\n' >in.csv
	run crm-churn --params model.csv --model pnbd in.csv
	assert_failure 1
	assert_output "crm-churn: model.csv:2: the saved model is bgnbd, not pnbd"
	run crm-churn --params model.csv --unit days in.csv
	assert_failure 1
	assert_output "crm-churn: model.csv:3: the model is in weeks, the input in days (--unit)"
	printf 'name,value\nmodel,gammagamma\np,1\nq,2\ngamma,3\n' >spend.csv
	run crm-churn --params spend.csv in.csv
	assert_failure 1
	assert_output "crm-churn: spend.csv:2: 'gammagamma' is not a repeat-purchase model (bgnbd, mbgnbd, pnbd)"
}

@test "the unit travels: crm-rfm --unit days | crm-churn scores as in weeks, over a year by default" {
	orders=$BATS_TEST_DIRNAME/../data/sample/orders.csv
	crm-rfm -q --as-of 2026-11-23 "$orders" | crm-churn --as-of 2026-11-23 |
	    awk -F, -v OFS=, '{ print $1, $(NF - 2), $(NF - 1) }' >weeks.csv
	crm-rfm -q --as-of 2026-11-23 --unit days "$orders" |
	    crm-churn --as-of 2026-11-23 |
	    awk -F, -v OFS=, '{ print $1, $(NF - 2), $(NF - 1) }' >days.csv
	assert_equal "$(head -1 days.csv)" "customer_id,p_alive,expected_purchases"
	# the same fit in another unit: p_alive and a year's purchases agree
	run awk -F, 'NR == FNR { p[$1] = $2; e[$1] = $3; next }
	    FNR > 1 { d = $3 - e[$1]; if (d < 0) d = -d
		if (d > 1e-6 * (e[$1] + 1e-9) + 1e-12) bad++; n++ }
	    END { print n, bad + 0 }' weeks.csv days.csv
	assert_output "2811 0"
}

@test "a unit mismatch stops the run: columns named for days with --unit weeks, or a model saved in weeks" {
	printf 'customer_id,x,t_x_days,T_days\nA,1,14,21\nB,0,0,30\n' >days.csv
	run crm-churn --unit weeks days.csv
	assert_failure 1
	assert_output "crm-churn: days.csv: t_x and T are in days (the columns say so), not in weeks as --unit says"
	published_bgnbd model.csv
	run crm-churn --params model.csv days.csv
	assert_failure 1
	assert_output "crm-churn: model.csv:3: the model is in weeks, the input in days (t_x_days, T_days)"
	printf 'customer_id,x,t_x,T,t_x_days,T_days\nA,1,2,3,14,21\n' >both.csv
	run crm-churn both.csv
	assert_failure 1
	assert_output "crm-churn: both.csv: t_x and T of two units (t_x_days, T_days and others): name the pair with --t-x and --T"
}

@test "--amount none: a cust,date log of 2006 (BTYDplus' form) fits, as its crm-rfm summary does" {
	sim=$BATS_TEST_DIRNAME/../${CRM_BUILD:-build}/scripts/btyd-sim
	[ -x "$sim" ] || skip "btyd-sim not built"
	# 2,000 customers of the CDNOW BG/NBD (r 0.243, alpha 4.414, a 0.793,
	# b 2.426) over 2006, written as customer and date only
	"$sim" -n 2000 -s 5 -w 52 -t 2006-01-01 |
	    awk -F, 'NR == 1 { print "cust,date"; next } { print $1 "," $2 }' >log.csv
	crm-churn -q --amount none --id cust --as-of 2006-12-31 --fit-only log.csv >fit.csv
	assert_equal "$(param converged <fit.csv)" yes
	assert_close "$(param r <fit.csv)" 0.243 0.15
	assert_close "$(param alpha <fit.csv)" 4.414 0.25
	crm-rfm -q --amount none --id cust --as-of 2006-12-31 log.csv |
	    crm-churn --as-of 2006-12-31 --fit-only >from-summary.csv
	assert_same from-summary.csv fit.csv
	run crm-churn -q --amount none --id cust --as-of 2006-12-31 log.csv
	assert_success
	assert_line --index 0 "customer_id,first_date,last_date,recency_days,frequency,tenure_days,x,t_x,T,p_alive,expected_purchases,churn_risk"
}

@test "a params file edited into nonsense is a clear error" {
	printf 'customer_id,x,t_x,T\nA,1,2,3\n' >in.csv
	published_bgnbd model.csv
	sed 's/^r,.*/r,-0.5/' model.csv >neg.csv
	run crm-churn --params neg.csv in.csv
	assert_failure 1
	assert_output "crm-churn: neg.csv:4: r must be a positive number, not '-0.5'"
	sed '/^alpha,/d' model.csv >short.csv
	run crm-churn --params short.csv in.csv
	assert_failure 1
	assert_output "crm-churn: short.csv: no 'alpha' in the parameters"
	printf 'a,b\n1,2\n' >other.csv
	run crm-churn --params other.csv in.csv
	assert_failure 1
	assert_output "crm-churn: other.csv: not a parameter file (it needs the columns name and value, as --save-params writes them)"
}

@test "bad options: unknown model, --params with --bootstrap" {
	run crm-churn --model weibull x.csv
	assert_failure 2
	assert_line --index 0 "crm-churn: --model: 'weibull' is not one of bgnbd, mbgnbd, pnbd, rules"
	run crm-churn --params m.csv --bootstrap 10 x.csv
	assert_failure 2
	assert_line --index 0 "crm-churn: --params scores with a saved model: --bootstrap, --penalty and --fit-only need a fit"
}

@test "scoring with --params streams in batches: 80,000 customers score as the fit scores them" {
	sim=$BATS_TEST_DIRNAME/../${CRM_BUILD:-build}/scripts/btyd-sim
	[ -x "$sim" ] || skip "btyd-sim not built"
	"$sim" -s 7 -n 80000 -p 0.25,4,0.8,2.5 >sim.csv
	crm-churn -q --save-params model.csv sim.csv >fitted.csv
	crm-churn -q --params model.csv sim.csv >scored.csv
	assert_same scored.csv fitted.csv
	assert_equal "$(wc -l <scored.csv)" 80001
	# and through a pipe, rows in input order
	cat sim.csv | crm-churn -q --params model.csv >piped.csv
	assert_same piped.csv fitted.csv
	# crm-clv too, with a spend column
	awk -F, -v OFS=, 'NR == 1 { print $0, "repeat_avg"; next }
	    { print $0, ($2 > 0 ? 10 + NR % 90 : 0) }' sim.csv >spend-sim.csv
	crm-clv -q --churn-params model.csv --save-params spend.csv \
	    spend-sim.csv >a.csv
	crm-clv -q --churn-params model.csv --params spend.csv spend-sim.csv >b.csv
	assert_same b.csv a.csv
}

@test "parameter recovery: 100,000 simulated BG/NBD customers give back r, alpha, a, b" {
	sim=$BATS_TEST_DIRNAME/../${CRM_BUILD:-build}/scripts/btyd-sim
	[ -x "$sim" ] || skip "btyd-sim not built"
	"$sim" -s 42 -n 100000 -p 0.25,4,0.8,2.5 >sim.csv
	crm-churn --fit-only sim.csv >fit.csv
	# within 4 standard errors of the truth
	run awk -F, '
	    BEGIN { truth["r"] = 0.25; truth["alpha"] = 4; truth["a"] = 0.8; truth["b"] = 2.5 }
	    ($1 in truth) { d = $2 - truth[$1]; if (d < 0) d = -d
	        if (d > 4 * $3) print $1 " = " $2 ", se " $3 ", truth " truth[$1] }' fit.csv
	assert_output ""
}

@test "> /dev/full is a write error" {
	cdnow_summary >cdnow.csv
	run bash -c "crm-churn cdnow.csv >/dev/full"
	assert_failure 1
	assert_output "crm-churn: write error: No space left on device"
}

@test "Pareto/NBD on data that do not identify its dropout: a prompt error, not a crawl" {
	# Before the limit on its time scales this fit ran for many minutes.
	run timeout 60 crm-churn -q --model pnbd --fit-only --as-of 2025-01-01 \
	    "$DATA/churn-pnbd-drift.csv"
	assert_failure 1
	assert_output "crm-churn: the pnbd fit failed: the data cannot identify the model (a time scale drifted past 100 times the longest observation)"
	# the same data suit BG/NBD
	run crm-churn -q --fit-only --as-of 2025-01-01 "$DATA/churn-pnbd-drift.csv"
	assert_success
}
