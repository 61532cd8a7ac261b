#!/usr/bin/env bats
# crm-survey: NPS, CSAT and CES with intervals, through the real binary.
# Every expected number is worked out by hand in the comment above it
# (z = 1.959964 for 95%).

load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	cp "$DATA/survey-answers.csv" answers.csv
	cp "$DATA/survey-wide.csv" wide.csv
}

@test "overall NPS, CSAT and CES with their intervals, computed by hand" {
	# NPS: 17 answers, 7 promoters, 3 passives, 7 detractors: 0 points;
	#   se = 100 sqrt((7/17 + 7/17 - 0) / 17) = 22.0097, 0 +- 1.96 se
	#   = -43.1383 .. 43.1383
	# CSAT: 5, 4, 4, 3, 2: 3 of 5 in the top two boxes, 60%; se =
	#   100 sqrt(0.6 0.4 / 5) = 21.9089; Wilson: z^2/n = 0.768292,
	#   centre (0.6 + 0.384146) / 1.768292 = 0.556551, half 1.959964 /
	#   1.768292 sqrt(0.048 + 0.038415) = 0.325828: 23.0724 .. 88.2379
	# CES: 2, 3, 4: mean 3, s2 1, se 1/sqrt(3) = 0.5774, t(0.975, 2) =
	#   4.302653, half 2.484138: 0.5159 .. 5.4841
	run bash -c "crm-survey --min-n 1 --precision 4 answers.csv 2>err"
	assert_success
	assert_output "metric,responses,surveyed,response_rate,score,se,ci_low,ci_high,top,middle,bottom,suppressed
nps,17,,,0.0000,22.0097,-43.1383,43.1383,7,3,7,0
csat,5,,,60.0000,21.9089,23.0724,88.2379,3,1,1,0
ces,3,,,3.0000,0.5774,0.5159,5.4841,0,1,2,0"
	# the comment row is counted, not dropped silently
	run cat err
	assert_output "crm-survey: 1 of 26 rows hold no NPS, CSAT or CES answer (other questions or blank scores)"
}

@test "--by tier: small groups are suppressed and flagged, never printed as scores" {
	# gold NPS 11 answers 5/2/4: (5 - 4)/11 = 9.0909, se 100 sqrt((5/11
	#   + 4/11 - (1/11)^2) / 11) = 27.1346; silver 6 answers 2/1/3:
	#   -16.6667, se 100 sqrt((5/6 - 1/36) / 6) = 36.6414
	# gold CES has 3 answers < 5: suppressed; silver has no CSAT or CES
	run crm-survey -q --by tier --min-n 5 --precision 4 answers.csv
	assert_success
	assert_output "tier,metric,responses,surveyed,response_rate,score,se,ci_low,ci_high,top,middle,bottom,suppressed
gold,nps,11,,,9.0909,27.1346,-44.0920,62.2738,5,2,4,0
gold,csat,5,,,60.0000,21.9089,23.0724,88.2379,3,1,1,0
gold,ces,3,,,,,,,0,1,2,1
silver,nps,6,,,-16.6667,36.6414,-88.4825,55.1492,2,1,3,0
silver,csat,0,,,,,,,0,0,0,1
silver,ces,0,,,,,,,0,0,0,1"
}

@test "the default minimum group size is 30" {
	run crm-survey -q answers.csv
	assert_success
	assert_line --index 1 "nps,17,,,,,,,7,3,7,1"
}

@test "--by month groups by the answer date, in date order" {
	# 2026-10: 10, 9, 9, 8, 7, 9, 9, 7: 5 promoters, 3 passives: 62.5;
	#   se 100 sqrt((0.625 - 0.390625) / 8) = 17.1163
	# 2026-11: 6, 3, 10, 9, 5, 6, 6, 2, 4: 2 promoters, 7 detractors:
	#   -55.56; the interval's low end is cut to -100
	run crm-survey -q --by month --min-n 1 --precision 2 answers.csv
	assert_success
	assert_line --index 1 "2026-10,nps,8,,,62.50,17.12,28.95,96.05,5,3,0,0"
	assert_line --index 4 "2026-11,nps,9,,,-55.56,27.72,-100.00,-1.23,2,0,7,0"
}

@test "--compare: NPS by the Wald z test (hand-checked)" {
	# gold - silver = 9.0909 + 16.6667 = 25.7576; se sqrt(27.1346^2 +
	# 36.6414^2) = 45.5947; z = 0.5649, p = 2 (1 - Phi(0.5649)) = 0.5721
	run crm-survey -q --by tier --compare silver,gold --min-n 1 --precision 4 answers.csv
	assert_success
	assert_line --index 0 "metric,group_a,group_b,responses_a,responses_b,score_a,score_b,difference,se,ci_low,ci_high,statistic,df,p_value,test,suppressed"
	assert_line --index 1 "nps,silver,gold,6,11,-16.6667,9.0909,25.7576,45.5947,-63.6065,115.1216,0.5649,,0.5721,wald_z,0"
	assert_line --index 2 "csat,silver,gold,0,5,,,,,,,,,,two_proportion_z,1"
}

@test "--compare of two months, wide input: Welch t for CES, pooled z for CSAT" {
	# CES October 2, 3, 4 (mean 3, s2 1), November 4, 5, 6, 7 (mean 5.5,
	#   s2 5/3): se sqrt(1/3 + 5/12) = 0.8660, t = 2.5 / 0.866025 =
	#   2.8868, df 0.75^2 / ((1/3)^2 / 2 + (5/12)^2 / 3) = 4.9592
	# CSAT 2 of 3 against 3 of 4: pooled 5/7, z = (0.75 - 0.6667) /
	#   sqrt(5/7 2/7 (1/3 + 1/4)) = 0.0833 / 0.3450 = 0.2415
	# NPS 1/1/1 (0) against 2/0/1 (33.33); November's empty cell is no
	#   answer
	run crm-survey --wide --by month --compare 2026-10,2026-11 --min-n 2 --precision 4 wide.csv
	assert_success
	assert_output "metric,group_a,group_b,responses_a,responses_b,score_a,score_b,difference,se,ci_low,ci_high,statistic,df,p_value,test,suppressed
nps,2026-10,2026-11,3,3,0.0000,33.3333,33.3333,72.0082,-107.8002,174.4669,0.4629,,0.6434,wald_z,0
csat,2026-10,2026-11,3,4,66.6667,75.0000,8.3333,34.7777,-44.1853,58.5799,0.2415,,0.8091,two_proportion_z,0
ces,2026-10,2026-11,3,4,3.0000,5.5000,2.5000,0.8660,0.2683,4.7317,2.8868,4.9592,0.0346,welch_t,0"
}

@test "--compare of a group without answers is an error" {
	run crm-survey -q --by tier --compare gold,bronze answers.csv
	assert_failure 1
	assert_output "crm-survey: --compare: no answers in group 'bronze' of tier"
}

@test "--per-customer: the latest NPS answer and its class, in order of first appearance" {
	# C01 answered 10 on 2026-10-02 and 4 on 2026-11-20: a detractor now
	run crm-survey -q --per-customer answers.csv
	assert_success
	assert_line --index 0 "customer_id,survey_date,nps_score,nps_class"
	assert_line --index 1 "C01,2026-11-20,4,detractor"
	assert_line --index 4 "C04,2026-10-06,8,passive"
	assert_line --index 11 "C11,2026-10-10,9,promoter"
	[ "${#lines[@]}" -eq 17 ]
}

@test "--surveyed: response rates overall and per group from a file" {
	# 17 NPS answers of 68 surveyed: 25 per 100
	run crm-survey -q --surveyed 68 --min-n 1 --precision 1 answers.csv
	assert_line --index 1 "nps,17,68,25.0,0.0,22.0,-43.1,43.1,7,3,7,0"
	printf 'tier,surveyed\ngold,44\nsilver,12\nbronze,9\n' >surveyed.csv
	run crm-survey -q --by tier --surveyed surveyed.csv --min-n 1 --precision 1 answers.csv
	assert_success
	# bronze was surveyed but no one answered: 0 responses, 0%
	assert_line --index 1 "bronze,nps,0,9,0.0,,,,,0,0,0,1"
	assert_line --index 4 "gold,nps,11,44,25.0,9.1,27.1,-44.1,62.3,5,2,4,0"
	assert_line --index 7 "silver,nps,6,12,50.0,-16.7,36.6,-88.5,55.1,2,1,3,0"
}

@test "Chinese headers and question names are found through the alias table" {
	printf '客户编号,问卷,问题,评分,日期\nK1,Q4,推荐度,10,2026-11-01\nK2,Q4,推荐度,0,2026-11-02\nK3,Q4,满意度,5,2026-11-02\n' >zh.csv
	# NPS (1 - 1) / 2 = 0, se 100 sqrt(1 / 2) = 70.7107; CSAT 1 of 1:
	# Wilson's low end is 1 / (1 + z^2) = 1 / 4.841459 = 20.6549%
	run crm-survey --min-n 1 --precision 4 zh.csv
	assert_success
	assert_output "metric,responses,surveyed,response_rate,score,se,ci_low,ci_high,top,middle,bottom,suppressed
nps,2,,,0.0000,70.7107,-100.0000,100.0000,1,0,1,0
csat,1,,,100.0000,0.0000,20.6549,100.0000,1,0,0,0"
}

@test "a score off the scale is an error naming the column and value" {
	printf 'customer_id,question,score\nA,nps,9\nB,nps,11\n' >bad.csv
	run crm-survey bad.csv
	assert_failure 1
	assert_output "crm-survey: bad.csv:3: not on the nps scale 0-10 (score, '11')"
	printf 'customer_id,question,score\nA,csat,0\n' >bad.csv
	run crm-survey bad.csv
	assert_failure 1
	assert_output "crm-survey: bad.csv:2: not on the csat scale 1-5 (score, '0')"
}

@test "non-numeric and fractional scores are errors; --rejects keeps them with reasons" {
	printf 'customer_id,question,score\nA,nps,nine\n' >bad.csv
	run crm-survey bad.csv
	assert_failure 1
	assert_output "crm-survey: bad.csv:2: not a number (score, 'nine')"
	printf 'customer_id,question,score\nA,nps,9\nB,nps,7.5\nC,ces,8\nD,nps,abc\nE,nps,10\n' >bad.csv
	run crm-survey --rejects rej.csv --min-n 1 bad.csv
	assert_success
	assert_line "nps,2,,,100,0,100,100,2,0,0,0"
	assert_line "crm-survey: 3 of 5 rows rejected, see rej.csv"
	run cat rej.csv
	assert_output "customer_id,question,score,reason
B,nps,7.5,\"nps scores are whole numbers (score, '7.5')\"
C,ces,8,\"not on the ces scale 1-7 (score, '8')\"
D,nps,abc,\"not a number (score, 'abc')\""
}

@test "--csat-scale and --ces-scale move the boxes" {
	printf 'question,score\ncsat,6\ncsat,7\ncsat,5\ncsat,2\n' >s.csv
	# on 1..7 the top two boxes are 6 and 7: 2 of 4 = 50%
	run crm-survey --csat-scale 7 --min-n 1 --precision 1 s.csv
	assert_line --index 1 "csat,4,,,50.0,25.0,15.0,85.0,2,1,1,0"
	run crm-survey s.csv
	assert_failure 1
	assert_output --partial "not on the csat scale 1-5 (score, '6')"
}

@test "header-only input gives a header-only summary" {
	printf 'customer_id,question,score\n' >empty.csv
	run crm-survey empty.csv
	assert_success
	assert_output "metric,responses,surveyed,response_rate,score,se,ci_low,ci_high,top,middle,bottom,suppressed"
}

@test "usage errors exit 2" {
	run crm-survey --compare a,b answers.csv
	assert_failure 2
	assert_line --index 0 "crm-survey: --compare needs --by: the column whose groups are compared"
	run crm-survey --per-customer --by tier answers.csv
	assert_failure 2
	run crm-survey --by tier --compare gold answers.csv
	assert_failure 2
	run crm-survey --level 1.5 answers.csv
	assert_failure 2
	run crm-survey --by tier --surveyed 10 answers.csv
	assert_failure 2
}

@test "a missing score column is an error listing the header" {
	printf 'customer_id,question,value\nA,nps,9\n' >x.csv
	run crm-survey x.csv
	assert_failure 1
	assert_output --partial "the header has: customer_id, question, value"
	run crm-survey --wide x.csv
	assert_failure 1
}

@test "several files are one stream; a write error is an error" {
	tail -n +2 answers.csv >rows
	{ head -1 answers.csv; head -5 rows; } >a.csv
	{ head -1 answers.csv; tail -n +6 rows; } >b.csv
	run crm-survey -q --min-n 1 a.csv b.csv
	assert_line --index 1 "nps,17,,,0,22.00974933396436,-43.1383160033246,43.1383160033246,7,3,7,0"
	run crm-survey -q answers.csv -o /dev/full
	assert_failure 1
	assert_output "crm-survey: /dev/full: write error: No space left on device"
	# written to directly: the device is still a device
	[ -c /dev/full ]
}

@test "-o onto a symlink replaces its target and keeps the link" {
	echo old >real.csv
	ln -s real.csv link.csv
	run crm-survey -q answers.csv -o link.csv
	assert_success
	[ -L link.csv ]
	run head -1 real.csv
	assert_output "metric,responses,surveyed,response_rate,score,se,ci_low,ci_high,top,middle,bottom,suppressed"
}
