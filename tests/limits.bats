#!/usr/bin/env bats
# Limits: too little memory is a clear error (exit 1), never a crash, and
# the old -o file stays; input over 4 GiB is read and counted exactly.

load test_helper

SAMPLE=$BATS_TEST_DIRNAME/../data/sample

setup() {
	cd "$BATS_TEST_TMPDIR"
	crm-rfm --as-of 2026-11-23 "$SAMPLE/orders.csv" >rfm.csv
}

# The sanitizers reserve terabytes of address space (ulimit -v stops them
# before main) and run the big input several times slower.
plain_build_only() {
	case ${CRM_BUILD:-build} in
	*san*) skip "not under the sanitizers: $1" ;;
	esac
}

# tool NAME: the command line of NAME on the sample, writing -o out.csv.
tool_command() {
	case $1 in
	crm-rfm) echo "crm-rfm --as-of 2026-11-23 -o out.csv $SAMPLE/orders.csv" ;;
	crm-churn) echo "crm-churn -q --as-of 2026-11-23 -o out.csv rfm.csv" ;;
	crm-clv) echo "crm-clv -q --as-of 2026-11-23 -o out.csv rfm.csv" ;;
	crm-segment) echo "crm-segment --name tier --tiers monetary=gold:0.2,silver:0.3,bronze -o out.csv rfm.csv" ;;
	crm-join) echo "crm-join --left -o out.csv $SAMPLE/customers.csv rfm.csv" ;;
	crm-schedule) echo "crm-schedule -q --as-of 2026-11-23 --policy $SAMPLE/policy.csv --capacity 25 -o out.csv $SAMPLE/customers.csv" ;;
	crm-cohort) echo "crm-cohort -q --as-of 2026-11-23 -o out.csv $SAMPLE/orders.csv" ;;
	crm-dedupe) echo "crm-dedupe -q -o out.csv $SAMPLE/customers.csv" ;;
	crm-survey) echo "crm-survey -q -o out.csv $DATA/survey-answers.csv" ;;
	esac
}

# Run tool $1 under address-space limits from 3 to 60 MB. Every run ends
# with 0, or with 1 and one line saying memory ran out (a worker thread's
# stack is memory too); some run is short of memory; a failed run leaves
# the old out.csv as it was. Below about 3.3 MB the dynamic loader cannot
# map libc, before any code of ours (status 127): those limits are passed.
check_memory_limits() {
	local cmd kb failures=0
	cmd=$(tool_command "$1")
	for kb in $(seq 3000 500 10000) $(seq 12000 3000 60000); do
		echo old >out.csv
		# not bats' run: status 127 is expected here
		status=0
		output=$(bash -c "ulimit -v $kb && exec $cmd" 2>&1) || status=$?
		case $status in
		0) ;;
		127) [[ $output == *"error while loading shared libraries"* ]] ||
			fail "ulimit -v $kb: status 127, '$output'" ;;
		1)
			failures=$((failures + 1))
			[[ $output =~ ^$1:\ (out\ of\ memory\ \(|cannot\ start\ a\ worker\ thread:\ out\ of\ memory) ]] ||
				fail "ulimit -v $kb: '$output'"
			[ "$(wc -l <<<"$output")" -eq 1 ] || fail "ulimit -v $kb: '$output'"
			[ "$(cat out.csv)" = old ] || fail "ulimit -v $kb: out.csv changed"
			;;
		*) fail "ulimit -v $kb: status $status, '$output'" ;;
		esac
	done
	[ "$failures" -gt 0 ] || fail "no limit was too small"
	[ "$status" -eq 0 ] || fail "60 MB is not enough: '$output'"
}

@test "crm-rfm: too little memory is a clear error, exit 1" {
	plain_build_only "ulimit -v"
	check_memory_limits crm-rfm
}

@test "crm-churn: too little memory is a clear error, exit 1" {
	plain_build_only "ulimit -v"
	check_memory_limits crm-churn
}

@test "crm-clv: too little memory is a clear error, exit 1" {
	plain_build_only "ulimit -v"
	check_memory_limits crm-clv
}

@test "crm-segment: too little memory is a clear error, exit 1" {
	plain_build_only "ulimit -v"
	check_memory_limits crm-segment
}

@test "crm-join: too little memory is a clear error, exit 1" {
	plain_build_only "ulimit -v"
	check_memory_limits crm-join
}

@test "crm-schedule: too little memory is a clear error, exit 1" {
	plain_build_only "ulimit -v"
	check_memory_limits crm-schedule
}

@test "crm-cohort: too little memory is a clear error, exit 1" {
	plain_build_only "ulimit -v"
	check_memory_limits crm-cohort
}

@test "crm-dedupe: too little memory is a clear error, exit 1" {
	plain_build_only "ulimit -v"
	check_memory_limits crm-dedupe
}

@test "crm-survey: too little memory is a clear error, exit 1" {
	plain_build_only "ulimit -v"
	check_memory_limits crm-survey
}

@test "input over 4 GiB through a pipe: every row and byte counted, sums exact" {
	plain_build_only "4.4 GB of input takes minutes there"
	# 130,000,000 pairs of rows, 34 bytes a pair: 4,420,000,030 bytes
	run bash -c "{ echo customer_id,order_date,amount
	    yes 'C1,2024-01-01,1
C2,2024-01-02,2.5' | head -n 260000000; } |
	    crm-rfm --as-of 2024-12-31 --progress 2>progress"
	assert_success
	assert_output "customer_id,first_date,last_date,recency_days,frequency,monetary,avg_value,tenure_days,x,t_x,T,repeat_avg,r_score,f_score,m_score,rfm,segment
C1,2024-01-01,2024-01-01,365,1,130000000,130000000,365,0,0,52.142857142857146,0,1,1,1,111,Lost
C2,2024-01-02,2024-01-02,364,1,325000000,325000000,364,0,0,52,0,3,1,3,313,About to Sleep"
	run tail -c 80 progress
	assert_output --partial "crm-rfm: 260000000 rows, 4420.0 MB"
}
