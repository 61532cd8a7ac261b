#!/usr/bin/env bats
# Past one machine: --partial states merged (--merge) give the bytes of a
# single run, whether the rows were split by customer (crm-split), by
# date, one day at a time, or through GNU parallel and a Hadoop Streaming
# style shuffle (mapper | sort | reducer).

load test_helper

ORDERS=$BATS_TEST_DIRNAME/../data/sample/orders.csv
AS_OF=2026-11-23

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# date_parts N: the sample's rows cut into N runs of whole days, in date
# order, as date.0 .. date.N-1; each part's last day in date.K.last.
date_parts() {
	awk -F, -v n="$1" '
	    NR == 1 { header = $0; next }
	    { day = substr($3, 1, 10); rows[NR] = $0; days[NR] = day
	      if (!(day in seen)) { seen[day] = ++ndays; order[ndays] = day } }
	    END {
		for (k = 0; k < n; k++) print header > ("date." k)
		for (i = 2; i <= NR; i++) {
			k = int((seen[days[i]] - 1) * n / ndays)
			print rows[i] > ("date." k); last[k] = days[i]
		}
		for (k = 0; k < n; k++) print last[k] > ("date." k ".last")
	    }' "$ORDERS"
}

# --- crm-rfm -----------------------------------------------------------

@test "crm-rfm: split by customer 1, 2 and 7 ways, merged: the bytes of one run" {
	crm-rfm -q --as-of $AS_OF "$ORDERS" --sort customer_id >sorted.csv
	for n in 1 2 7; do
		crm-split -n $n -o part$n "$ORDERS"
		for f in part$n.?; do
			crm-rfm --partial --as-of $AS_OF "$f" >"$f.state"
		done
		crm-rfm --merge part$n.?.state >merged.csv
		# in order of first appearance in the parts, read one after another
		crm-rfm -q --as-of $AS_OF part$n.? >single.csv
		assert_same merged.csv single.csv
		# and sorted, the run on the original file
		crm-rfm --merge part$n.?.state --sort customer_id >merged.csv
		assert_same merged.csv sorted.csv
	done
}

@test "crm-rfm: split by date 1, 2 and 7 ways, each part as of its last day: the bytes of one run" {
	crm-rfm -q --as-of $AS_OF "$ORDERS" >single.csv
	for n in 1 2 7; do
		date_parts $n
		states=
		for k in $(seq 0 $((n - 1))); do
			crm-rfm --partial --as-of "$(cat date.$k.last)" date.$k \
			    >date.$k.state
			states="$states date.$k.state"
		done
		crm-rfm --merge --as-of $AS_OF $states >merged.csv
		assert_same merged.csv single.csv
		# the merged state is the state of the whole file
		crm-rfm --merge --as-of $AS_OF --partial $states >all.state
		crm-rfm --partial --as-of $AS_OF "$ORDERS" >whole.state
		assert_same all.state whole.state
	done
}

@test "crm-rfm: with a holdout window, split by date" {
	crm-rfm -q --as-of 2026-06-30 --holdout-end 2026-11-23 "$ORDERS" \
	    >single.csv
	date_parts 3
	for k in 0 1 2; do
		crm-rfm -q --partial --as-of 2026-06-30 --holdout-end 2026-11-23 \
		    date.$k >date.$k.state
	done
	crm-rfm --merge date.0.state date.1.state date.2.state >merged.csv \
	    2>err
	assert_same merged.csv single.csv
	assert_equal "$(cat err)" "$(crm-rfm --as-of 2026-06-30 \
	    --holdout-end 2026-11-23 "$ORDERS" 2>&1 >/dev/null)"
	run crm-rfm --merge --as-of 2026-07-01 date.0.state date.1.state \
	    date.2.state
	assert_failure 1
	assert_output "crm-rfm: date.0.state: a state with a holdout window merges only as of its own as-of day, 2026-06-30"
}

@test "crm-rfm: --frequency days and rows, --amount none, --unit days merge exactly" {
	crm-split -n 3 -o p "$ORDERS"
	for opts in "--frequency days" "--frequency rows --unit days" \
	    "--amount none"; do
		for f in p.?; do
			crm-rfm --partial --as-of $AS_OF $opts "$f" >"$f.state"
		done
		crm-rfm -q --as-of $AS_OF $opts p.? >single.csv
		crm-rfm --merge p.?.state >merged.csv
		assert_same merged.csv single.csv
	done
}

@test "crm-rfm: an order on two days cut apart by the split counts once, whatever the runs' hash seeds" {
	printf 'customer_id,order_date,amount,order_id\n' >head.csv
	{ cat head.csv; echo 'A,2024-01-01,5,O1'; echo 'A,2024-01-01,2,O2'; } >day1.csv
	{ cat head.csv; echo 'A,2024-01-02,3,O1'; echo 'B,2024-01-02,4,O3'; } >day2.csv
	# runs with other hash seeds: a state's order hashes are the stable ones
	CRM_HASH_SEED=1 crm-rfm --partial --as-of 2024-01-01 day1.csv >s1
	CRM_HASH_SEED=2 crm-rfm --partial --as-of 2024-01-02 day2.csv >s2
	crm-rfm -q --as-of 2024-01-02 day1.csv day2.csv >single.csv
	run crm-rfm --merge s1 s2
	assert_output "$(cat single.csv)"
	assert_line --index 1 --regexp '^A,2024-01-01,2024-01-02,0,2,10,5,1,1,'
}

@test "crm-rfm: the same rows twice are refused, naming the customer and both states" {
	date_parts 2
	crm-rfm --partial --as-of $AS_OF date.1 >b.state
	crm-rfm --partial --as-of $AS_OF "$ORDERS" >all.state
	run crm-rfm --merge all.state b.state
	assert_failure 1
	assert_line --index 0 --regexp "^crm-rfm: b.state:2: customer K[0-9]+: its rows on [0-9-]+\.\.[0-9-]+ overlap its rows on [0-9-]+\.\.[0-9-]+ in all.state; a customer's states must cover disjoint days \(the same rows twice\?\)$"
}

@test "crm-rfm: interleaved days of one customer are refused, a shared day too" {
	printf 'customer_id,order_date,amount\n' >head.csv
	{ cat head.csv; echo 'A,2024-01-01,5'; echo 'A,2024-01-05,5'; } >a.csv
	{ cat head.csv; echo 'A,2024-01-03,5'; } >b.csv
	{ cat head.csv; echo 'A,2024-01-05,-2'; } >c.csv
	crm-rfm --partial --as-of 2024-01-05 a.csv >a.state
	crm-rfm --partial --as-of 2024-01-05 b.csv >b.state
	crm-rfm --partial --as-of 2024-01-05 c.csv >c.state
	run crm-rfm --merge a.state b.state
	assert_failure 1
	assert_output "crm-rfm: b.state:2: customer A: its rows on 2024-01-03..2024-01-03 overlap its rows on 2024-01-01..2024-01-05 in a.state; a customer's states must cover disjoint days (the same rows twice?)"
	# a return on the last day counts as a row of that day
	run crm-rfm --merge a.state c.state
	assert_failure 1
	assert_output --partial "customer A: its rows on 2024-01-05..2024-01-05 overlap"
}

@test "crm-rfm: states made with other options, or at a later as-of with rows left out, are refused" {
	crm-split -n 2 -o p "$ORDERS"
	crm-rfm --partial --as-of $AS_OF p.0 >orders.state
	crm-rfm --partial --as-of $AS_OF --frequency days p.1 >days.state
	run crm-rfm --merge orders.state days.state
	assert_failure 1
	assert_output "crm-rfm: days.state: made with frequency=days, and orders.state with frequency=orders: states merge only when made with the same options"
	run crm-rfm --merge --unit days orders.state
	assert_failure 2
	run crm-rfm --merge --as-of 2026-11-01 orders.state
	assert_failure 1
	assert_output "crm-rfm: orders.state: a state as of 2026-11-23 holds days after 2026-11-01, the as-of day of the merge"
	crm-rfm -q --partial --as-of 2026-11-01 p.0 >early.state
	run crm-rfm --merge --as-of $AS_OF early.state
	assert_failure 1
	assert_output --regexp "^crm-rfm: early.state: [0-9]+ rows after 2026-11-01 were left out of this state, and a summary as of 2026-11-23 would count them: make it again with --as-of 2026-11-23$"
}

@test "crm-rfm: not a state, another version, a damaged row: clear errors" {
	run crm-rfm --merge "$ORDERS"
	assert_failure 1
	assert_output --partial "not a crm-rfm-state (its first header cell is '订单号'); --partial writes them"
	crm-rfm --partial --as-of $AS_OF "$ORDERS" >s
	sed '1s/crm-rfm-state 1/crm-rfm-state 9/' s >v9
	run crm-rfm --merge v9
	assert_failure 1
	assert_output "crm-rfm: v9: a crm-rfm-state of version 9; this program reads version 1 (make the state again with --partial)"
	sed '2s/,2024-11-26 19 72/,2024-11-26 x 72/' s >bad
	run crm-rfm --merge bad
	assert_failure 1
	assert_output --partial "bad:2: not a list of days (days,"
}

@test "crm-rfm: usage errors: scoring options with --partial, --state-out without --merge" {
	run crm-rfm --partial --bins 3 "$ORDERS"
	assert_failure 2
	assert_line --index 0 "crm-rfm: --partial writes a state: scores, segments and the order are made by --merge"
	run crm-rfm --state-out s "$ORDERS"
	assert_failure 2
}

@test "crm-rfm: header-only input gives a header-only state, and a header-only merge" {
	head -1 "$ORDERS" | crm-rfm --partial --as-of $AS_OF >s
	assert_equal "$(wc -l <s)" 1
	run crm-rfm --merge s
	assert_success
	assert_output "$(head -1 "$ORDERS" | crm-rfm --as-of $AS_OF)"
}

@test "crm-rfm: 30 days fed one by one onto the state equal one full run" {
	awk -F, 'NR == 1 || substr($3, 1, 10) < "2026-10-24"' "$ORDERS" >history.csv
	crm-rfm -q --partial --as-of 2026-10-23 history.csv >state.csv
	day=2026-10-24
	for i in $(seq 1 30); do
		awk -F, -v d=$day 'NR == 1 || substr($3, 1, 10) == d' "$ORDERS" >today.csv
		crm-rfm --partial --as-of $day today.csv |
		    crm-rfm --merge state.csv - --state-out state.csv >summary.csv
		day=$(date -d "$day + 1 day" +%F)
	done
	assert_equal $day 2026-11-23
	crm-rfm -q --as-of 2026-11-22 "$ORDERS" >single.csv
	assert_same summary.csv single.csv
	crm-rfm -q --partial --as-of 2026-11-22 "$ORDERS" >whole.state
	assert_same state.csv whole.state
}

@test "crm-rfm: 20,000 customers (states formatted on several threads), split by date: the bytes of one run, and its state" {
	# orders of up to four ids a customer, on days of both halves of the
	# year, returns among them; sorted by date, as an export is
	awk 'BEGIN { srand(23); print "customer_id,order_date,amount,order_id"
	    for (i = 0; i < 120000; i++) {
	        c = int(rand() * 20000)
	        printf "c%05d,2024-%02d-%02d,%d,o%d-%d\n", c, 1 + int(rand() * 12),
	            1 + int(rand() * 28), int(rand() * 200) - 20, c, int(rand() * 4)
	    } }' | { IFS= read -r header; echo "$header"; sort -s -t, -k2,2; } >orders.csv
	awk -F, 'NR == 1 || $2 < "2024-07"' orders.csv >first.csv
	awk -F, 'NR == 1 || $2 >= "2024-07"' orders.csv >second.csv
	crm-rfm -q --partial --as-of 2024-06-30 first.csv >first.state
	crm-rfm -q --partial --as-of 2024-12-31 second.csv >second.state
	crm-rfm -q --as-of 2024-12-31 orders.csv >one.csv
	crm-rfm -q --merge first.state second.state >merged.csv
	assert_same merged.csv one.csv
	crm-rfm -q --partial --as-of 2024-12-31 orders.csv >one.state
	crm-rfm -q --partial --merge first.state second.state >merged.state
	assert_same merged.state one.state
	[ "$(wc -l <one.state)" -gt 19000 ] || fail "too few customers"
}

# --- the recipes of man 7 crm, run for real ------------------------------

@test "GNU parallel recipe (-S : standing for hosts): the bytes of one run" {
	command -v parallel >/dev/null ||
		skip "GNU parallel not installed (scripts/install-deps installs it)"
	crm-split -n 4 -o part "$ORDERS"
	parallel --will-cite -S : --transferfile {} --return {}.state --cleanup \
	    "crm-rfm --partial --as-of $AS_OF {} >{}.state" ::: part.?
	crm-rfm --merge part.?.state >merged.csv
	crm-rfm -q --as-of $AS_OF part.? >single.csv
	assert_same merged.csv single.csv
	crm-rfm --merge part.?.state --sort customer_id >merged.csv
	crm-rfm -q --as-of $AS_OF --sort customer_id "$ORDERS" >single.csv
	assert_same merged.csv single.csv
}

@test "Hadoop Streaming recipe, sort as the shuffle, two reducers: the bytes of one run" {
	mapper="crm-split -N --by 2 --key-first"
	reducer="crm-rfm --partial -N --id 1 --order 2 --date 4 --amount 5 --as-of $AS_OF"
	# the input as Hadoop splits it: rows without the header
	tail -n +2 "$ORDERS" | $mapper | LC_ALL=C sort -t, -k1,1 >shuffled
	# the partitioner: every row of a key to one of two reducers
	crm-split -N --by 1 -n 2 -o reduce shuffled
	$reducer reduce.0 >part-00000
	$reducer reduce.1 >part-00001
	crm-rfm --merge part-00000 part-00001 --sort customer_id >merged.csv
	crm-rfm -q --as-of $AS_OF --sort customer_id "$ORDERS" >single.csv
	assert_same merged.csv single.csv
}

# --- crm-cohort ----------------------------------------------------------

@test "crm-cohort: split by customer 1, 2 and 7 ways, merged: the same table, long, wide and summary" {
	for n in 1 2 7; do
		crm-split -n $n -o part$n "$ORDERS"
		for opts in "" "--calendar --period week --cohort-period quarter" \
		    "--cohort-col 商品 --repeat-days 30"; do
			for f in part$n.?; do
				crm-cohort -q --partial --as-of $AS_OF $opts "$f" \
				    >"$f.state"
			done
			for out in "" "--summary" "--wide retention"; do
				crm-cohort -q --as-of $AS_OF $opts $out "$ORDERS" \
				    >single.csv
				crm-cohort -q --merge $out part$n.?.state >merged.csv
				assert_same merged.csv single.csv
			done
		done
	done
}

@test "crm-cohort: states of other settings are refused; shaping options do not go with --merge" {
	crm-split -n 2 -o p "$ORDERS"
	crm-cohort -q --partial --as-of $AS_OF p.0 >month.state
	crm-cohort -q --partial --as-of $AS_OF --period week p.1 >week.state
	run crm-cohort --merge month.state week.state
	assert_failure 1
	assert_output "crm-cohort: week.state: made with period=week, and month.state with period=month: states merge only when made with the same options"
	run crm-cohort --merge --period week month.state
	assert_failure 2
	run crm-cohort --merge --as-of 2026-11-24 month.state
	assert_failure 1
	assert_output "crm-cohort: month.state: the states are as of 2026-11-23: a cohort table merges only as of its own day"
	run crm-cohort --partial --summary p.0
	assert_failure 2
	run crm-cohort --merge "$ORDERS"
	assert_failure 1
	assert_output --partial "not a crm-cohort-state"
}

# --- crm-churn -----------------------------------------------------------

@test "crm-churn: grouped (x, t_x, T) states split 1, 2 and 7 ways fit the model of one run" {
	crm-rfm -q --as-of $AS_OF "$ORDERS" >rfm.csv
	for n in 1 2 7; do
		crm-split -n $n -o part$n rfm.csv
		for f in part$n.?; do
			crm-churn -q --partial "$f" >"$f.state"
		done
		# the groups of the parts, read one after another
		crm-churn -q --fit-only --as-of $AS_OF part$n.? >single.csv
		crm-churn --merge --as-of $AS_OF part$n.?.state >merged.csv
		assert_same merged.csv single.csv
		# a state grows with the distinct summaries, not the customers
		assert [ "$(cat part$n.?.state | grep -vc crm-churn-state)" -lt \
		    "$(wc -l <rfm.csv)" ]
	done
}

@test "crm-churn: from transactions, then scored by part with the merged model" {
	crm-split -n 3 -o part "$ORDERS"
	for f in part.?; do
		crm-churn -q --partial --as-of $AS_OF "$f" >"$f.state"
	done
	crm-churn --merge --as-of $AS_OF --model pnbd --save-params model.csv \
	    part.?.state >fit.csv
	crm-churn -q --model pnbd --fit-only --as-of $AS_OF part.? >single.csv
	assert_same fit.csv single.csv
	for f in part.?; do
		crm-churn -q --as-of $AS_OF --params model.csv "$f" >"$f.scored"
	done
	crm-churn -q --as-of $AS_OF --params model.csv part.? >single.csv
	cat part.0.scored >merged.csv
	tail -q -n +2 part.1.scored part.2.scored >>merged.csv
	assert_same merged.csv single.csv
}

@test "crm-churn: --partial and --merge refuse what needs the customers themselves" {
	run crm-churn --partial --bootstrap 10 "$ORDERS"
	assert_failure 2
	run crm-churn --merge --evaluate x
	assert_failure 2
	crm-rfm -q --as-of $AS_OF "$ORDERS" >rfm.csv
	crm-churn -q --partial rfm.csv >weeks.state
	crm-rfm -q --as-of $AS_OF --unit days "$ORDERS" | crm-churn -q --partial >days.state
	run crm-churn --merge weeks.state days.state
	assert_failure 1
	assert_output "crm-churn: days.state: made with unit=days, and weeks.state with unit=weeks: states merge only when made with the same options"
}
