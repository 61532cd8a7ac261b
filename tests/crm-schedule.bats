#!/usr/bin/env bats
# crm-schedule: the follow-up list, through the real binary. "Today" is
# Monday 2026-11-23 unless a test says otherwise.

load test_helper

HEADER=customer_id,owner,due_date,channel,reason,priority,overdue_days,other_reasons

setup() {
	cd "$BATS_TEST_TMPDIR"
	cp "$DATA/schedule-policy.csv" policy.csv
	cp "$DATA/schedule-pool-policy.csv" pool-policy.csv
	cp "$DATA/schedule-calendar.csv" calendar.csv
	echo "customer_id,date,channel,outcome,owner" >log.csv
}

schedule() {
	crm-schedule -q --as-of 2026-11-23 --policy policy.csv "$@"
}

# --- triggers ---------------------------------------------------------

@test "periodic: due the segment's interval after the last contact, else after the claim" {
	cat >customers.csv <<-EOF
	customer_id,owner,tier,claim_date,name
	K1,王磊,gold,,甲
	K2,王磊,gold,,乙
	K3,李娜,silver,,丙
	K4,李娜,bronze,,丁
	K5,王磊,gold,2026-11-01,戊
	EOF
	cat >>log.csv <<-EOF
	K1,2026-11-09,phone,reached,王磊
	K2,2026-11-10,phone,reached,王磊
	K3,2026-10-20,phone,reached,李娜
	K4,2026-11-01,email,reached,李娜
	EOF
	run schedule --log log.csv customers.csv
	assert_success
	assert_output "$HEADER,name
K3,李娜,2026-11-23,phone,periodic,2,4,,丙
K1,王磊,2026-11-23,visit,periodic,1,0,,甲
K5,王磊,2026-11-23,visit,periodic,1,7,,戊"
}

@test "a segment without a rule gets the default row; the pool gets no periodic contact" {
	cat >customers.csv <<-EOF
	customer_id,owner,tier
	K1,王磊,platinum
	K2,王磊,
	K3,,gold
	EOF
	printf 'K1,2026-09-01,phone,reached,王磊\nK2,2026-09-01,phone,reached,王磊\nK3,2026-09-01,phone,reached,王磊\n' >>log.csv
	run schedule --log log.csv customers.csv
	assert_success
	assert_output "$HEADER
K1,王磊,2026-11-23,email,periodic,3,21,
K2,王磊,2026-11-23,email,periodic,3,21,"
}

@test "the policy matches tier when the input has one, crm-rfm's segment otherwise" {
	printf 'customer_id,owner,segment,tier\nK1,王磊,Champions,gold\n' >tiered.csv
	printf 'customer_id,owner,segment\nK1,王磊,gold\n' >segmented.csv
	printf 'K1,2026-11-01,phone,reached,王磊\n' >>log.csv
	run schedule --log log.csv tiered.csv
	assert_output "$HEADER
K1,王磊,2026-11-23,visit,periodic,1,7,"
	run schedule --log log.csv segmented.csv
	assert_output "$HEADER
K1,王磊,2026-11-23,visit,periodic,1,7,"
	run schedule --log log.csv --segment-column segment tiered.csv
	assert_output "$HEADER"
}

@test "winback: churn_risk high or p_alive below the threshold, again every --winback-days" {
	cat >customers.csv <<-EOF
	customer_id,owner,tier,p_alive,churn_risk
	K1,王磊,plain,0.9,high
	K2,王磊,plain,0.2,medium
	K3,王磊,plain,0.5,medium
	K4,王磊,plain,0.1,high
	K5,王磊,plain,,
	EOF
	printf 'K4,2026-11-03,phone,reached,王磊\nK5,2026-11-03,phone,reached,王磊\n' >>log.csv
	run schedule --log log.csv customers.csv
	assert_success
	assert_output "$HEADER
K1,王磊,2026-11-23,email,winback,3,0,
K2,王磊,2026-11-23,email,winback,3,0,"
	run schedule --log log.csv --winback-below 0.6 --winback-days 20 customers.csv
	assert_output "$HEADER
K1,王磊,2026-11-23,email,winback,3,0,
K2,王磊,2026-11-23,email,winback,3,0,
K3,王磊,2026-11-23,email,winback,3,0,
K4,王磊,2026-11-23,email,winback,3,0,"
}

@test "welcome: first purchase within --welcome-days and no contact since; a weekend buyer is due Monday" {
	cat >customers.csv <<-EOF
	customer_id,owner,tier,first_date
	K1,王磊,bronze,2026-11-20
	K2,王磊,bronze,2026-11-22
	K3,王磊,bronze,2026-11-10
	K4,王磊,bronze,2026-11-18
	K5,王磊,bronze,2026-11-08
	K6,王磊,bronze,2026-11-23
	EOF
	printf 'K4,2026-11-18,phone,reached,王磊\n' >>log.csv
	run schedule --log log.csv customers.csv
	assert_success
	assert_output "$HEADER
K1,王磊,2026-11-23,phone,welcome,3,0,
K2,王磊,2026-11-23,phone,welcome,3,0,
K3,王磊,2026-11-23,phone,welcome,3,12,"
}

@test "feedback_followup: a resolved ticket without a contact since, due --feedback-days later" {
	printf 'customer_id,owner,tier\nK1,王磊,plain\nK2,王磊,plain\nK3,王磊,plain\nK4,王磊,plain\nK5,王磊,plain\n' >customers.csv
	cat >feedback.csv <<-EOF
	ticket_id,customer_id,created,resolved,status,category
	T1,K1,2026-11-16 09:00:00,2026-11-18 10:00:00,resolved,product
	T2,K2,2026-11-18 09:00:00,2026-11-20 10:00:00,closed,product
	T3,K3,2026-11-18 09:00:00,2026-11-20 10:00:00,resolved,service
	T4,K4,2026-11-20 09:00:00,,open,service
	T5,K5,2026-11-16 09:00:00,2026-11-22 17:00:00,resolved,delivery
	EOF
	printf 'K3,2026-11-20,phone,complaint_handled,王磊\n' >>log.csv
	run schedule --log log.csv --feedback feedback.csv customers.csv
	assert_success
	assert_output "$HEADER
K1,王磊,2026-11-23,phone,feedback_followup,3,4,
K5,王磊,2026-11-23,phone,feedback_followup,3,0,"
	run schedule --log log.csv --feedback feedback.csv --feedback-days 2 customers.csv
	assert_output "$HEADER
K1,王磊,2026-11-23,phone,feedback_followup,3,3,"
}

@test "feedback_followup: past its window (policy followup_days, default 30) a call back is missed, counted, not listed" {
	printf 'customer_id,owner,tier\nK1,王磊,plain\nK2,王磊,plain\nK3,王磊,plain\n' >customers.csv
	# resolved 30, 31 and 605 days before 2026-11-23
	cat >feedback.csv <<-EOF
	ticket_id,customer_id,resolved,status
	T1,K1,2026-10-24 10:00:00,resolved
	T2,K2,2026-10-23 10:00:00,resolved
	T3,K3,2025-03-28 10:00:00,resolved
	EOF
	# T1 is due the day after, Sunday 10-25, so Monday 10-26: 28 days ago
	run crm-schedule --as-of 2026-11-23 --policy policy.csv --feedback feedback.csv customers.csv
	assert_success
	assert_output "$HEADER
K1,王磊,2026-11-23,phone,feedback_followup,3,28,
crm-schedule: 1 tasks for 1 customers, 2026-11-23 to 2026-11-23; 0 moved by capacity, 0 back to the pool, 2 ticket call backs missed"
	# a policy window of 60 days takes T2 back, not T3
	cp policy.csv p60.csv
	echo 'reason,feedback_followup,,,,,60,,,' >>p60.csv
	run schedule --policy p60.csv --feedback feedback.csv customers.csv
	assert_output "$HEADER
K1,王磊,2026-11-23,phone,feedback_followup,3,28,
K2,王磊,2026-11-23,phone,feedback_followup,3,28,"
}

@test "feedback_followup: crm-feedback's needs_followup column decides" {
	printf 'customer_id,owner,tier\nK1,王磊,plain\nK2,王磊,plain\n' >customers.csv
	cat >tickets.csv <<-EOF
	ticket_id,customer_id,resolved,status,needs_followup
	T1,K1,2026-11-20 10:00:00,resolved,1
	T2,K2,2026-11-20 10:00:00,resolved,0
	EOF
	run schedule --feedback tickets.csv customers.csv
	assert_output "$HEADER
K1,王磊,2026-11-23,phone,feedback_followup,3,0,"
}

@test "detractor: crm-survey's latest NPS class, called back within the policy's window" {
	# K1 answered 0 on Friday; K2 15 days ago (default window 14); K3 was
	# called since; K4 is a promoter
	cat >customers.csv <<-EOF
	customer_id,owner,tier,survey_date,nps_score,nps_class
	K1,王磊,plain,2026-11-20,3,detractor
	K2,王磊,plain,2026-11-08,2,detractor
	K3,王磊,plain,2026-11-19,5,detractor
	K4,王磊,plain,2026-11-20,10,promoter
	EOF
	printf 'K3,2026-11-21,phone,reached,王磊\n' >>log.csv
	run schedule --log log.csv customers.csv
	assert_success
	assert_output "$HEADER
K1,王磊,2026-11-23,phone,detractor,3,0,"
	# reason,detractor with followup_days 21: K2 too, overdue 14 days
	cp policy.csv p21.csv
	echo 'reason,detractor,,visit,1,,21,,,' >>p21.csv
	run schedule --policy p21.csv --log log.csv customers.csv
	assert_output "$HEADER
K1,王磊,2026-11-23,visit,detractor,1,0,
K2,王磊,2026-11-23,visit,detractor,1,14,"
}

@test "the daily pipeline: crm-survey --per-customer joined onto the customers feeds the detractor reason" {
	printf 'customer_id,owner,tier\nK1,王磊,plain\nK2,李娜,plain\n' >customers.csv
	printf 'customer_id,survey,question,score,date\nK1,Q4,nps,2,2026-11-18\nK1,Q4,nps,9,2026-11-20\nK2,Q4,nps,4,2026-11-19\n' >survey.csv
	crm-survey -q --per-customer survey.csv >nps.csv
	run bash -c "crm-join -q --left customers.csv nps.csv | crm-schedule -q --as-of 2026-11-23 --policy policy.csv"
	assert_success
	# K1's latest answer is a 9: a promoter now; K2's 4 on Thursday is
	# due Friday, 3 days ago
	assert_output "$HEADER
K2,李娜,2026-11-23,phone,detractor,3,3,"
}

@test "birthday: due on its day, or the last working day before; only for segments with greetings" {
	cat >customers.csv <<-EOF
	customer_id,owner,tier,birthday
	K1,王磊,gold,1990-11-23
	K2,王磊,gold,1985-11-29
	K3,王磊,plain,1990-11-23
	K4,王磊,gold,1990-11-22
	K5,王磊,gold,1990-11-24
	EOF
	printf 'K1,2026-11-09,phone,reached,王磊\nK2,2026-11-20,phone,reached,王磊\nK4,2026-11-20,phone,reached,王磊\nK5,2026-11-20,phone,reached,王磊\n' >>log.csv
	run schedule --log log.csv customers.csv
	assert_success
	assert_output "$HEADER
K1,王磊,2026-11-23,wechat,birthday,1,0,periodic"
	run schedule --log log.csv --days 5 customers.csv
	assert_output "$HEADER
K1,王磊,2026-11-23,wechat,birthday,1,0,periodic
K5,王磊,2026-11-24,wechat,birthday,1,0,
K2,王磊,2026-11-27,wechat,birthday,1,0,"
}

@test "holiday greetings: calendar greeting days for segments with greetings, once greeted done" {
	printf 'customer_id,owner,tier\nK1,王磊,gold\nK2,王磊,silver\nK3,王磊,bronze\n' >customers.csv
	printf 'K1,2026-11-20,phone,reached,王磊\nK2,2026-11-20,phone,reached,王磊\nK3,2026-11-20,phone,reached,王磊\n' >>log.csv
	run schedule --log log.csv --calendar calendar.csv --days 4 customers.csv
	assert_success
	assert_output "$HEADER
K1,王磊,2026-11-26,wechat,holiday,1,0,
K2,王磊,2026-11-26,wechat,holiday,2,0,"
	printf 'K1,2026-11-24,wechat,reached,王磊\n' >>log.csv
	run schedule --log log.csv --calendar calendar.csv --days 4 --as-of 2026-11-25 customers.csv
	assert_output "$HEADER
K2,王磊,2026-11-26,wechat,holiday,2,0,"
}

@test "a customer with several reasons: one row, the strongest reason, the others strongest first" {
	cat >customers.csv <<-EOF
	customer_id,owner,tier,first_date,birthday,p_alive
	K1,王磊,gold,2026-11-18,1990-11-23,0.1
	EOF
	printf 'ticket_id,customer_id,resolved,status\nT1,K1,2026-11-21,resolved\n' >feedback.csv
	run schedule --log log.csv --feedback feedback.csv customers.csv
	assert_success
	assert_output "$HEADER
K1,王磊,2026-11-23,phone,feedback_followup,1,4,welcome;winback;birthday"
}

@test "the next day, after the log records the contact, the task is gone" {
	cat >customers.csv <<-EOF
	customer_id,owner,tier,first_date
	K1,王磊,gold,2026-11-20
	K2,王磊,gold,
	EOF
	printf 'K2,2026-11-09,visit,meeting,王磊\n' >>log.csv
	run schedule --log log.csv customers.csv
	assert_output "$HEADER
K1,王磊,2026-11-23,phone,welcome,1,0,
K2,王磊,2026-11-23,visit,periodic,1,0,"
	printf 'K1,2026-11-23,phone,reached,王磊\n' >>log.csv
	run schedule --log log.csv --as-of 2026-11-24 customers.csv
	assert_success
	assert_output "$HEADER
K2,王磊,2026-11-24,visit,periodic,1,1,"
}

@test "contacts logged after --as-of do not count, so a past day can be planned again" {
	printf 'customer_id,owner,tier\nK1,王磊,gold\n' >customers.csv
	printf 'K1,2026-11-01,phone,reached,王磊\nK1,2026-11-30,phone,reached,王磊\n' >>log.csv
	run schedule --log log.csv customers.csv
	assert_output "$HEADER
K1,王磊,2026-11-23,visit,periodic,1,7,"
}

# --- public pool --------------------------------------------------------

pool_customers() {
	cat >customers.csv <<-EOF
	customer_id,owner,level,claim_date,won,locked
	D28,王磊,C,2026-10-26,0,0
	D29,王磊,C,2026-10-25,0,0
	D31,王磊,C,2026-10-23,0,0
	D32,王磊,C,2026-10-22,0,0
	LOCK,王磊,C,2026-10-01,0,1
	WON,王磊,C,2026-10-01,1,0
	KEY,王磊,A,2026-10-01,1,0
	POOL,,C,,0,0
	EOF
}

@test "pool warning from limit - warn to limit inclusive, reclaim from limit + 1; locked and won exempt" {
	pool_customers
	run crm-schedule -q --as-of 2026-11-23 --policy pool-policy.csv --pool-out pool.csv customers.csv
	assert_success
	assert_output "$HEADER
D32,,2026-11-23,,pool_reclaim,3,0,
KEY,,2026-11-23,,pool_reclaim,3,0,
D29,王磊,2026-11-23,phone,pool_warning,3,0,
D31,王磊,2026-11-23,phone,pool_warning,3,0,"
	run cat pool.csv
	assert_output "customer_id,owner,level,claim_date,won,locked,former_owner,pool_reason,idle_days
D32,,C,2026-10-22,0,0,王磊,no_followup,32
KEY,,A,2026-10-01,1,0,王磊,no_followup,53"
}

@test "the later of the last contact and the claim counts; a contact resets the clock" {
	pool_customers
	printf 'D32,2026-11-20,phone,reached,王磊\nD31,2026-10-01,phone,reached,王磊\n' >>log.csv
	run crm-schedule -q --as-of 2026-11-23 --policy pool-policy.csv --log log.csv customers.csv
	assert_output "$HEADER
KEY,,2026-11-23,,pool_reclaim,3,0,
D29,王磊,2026-11-23,phone,pool_warning,3,0,
D31,王磊,2026-11-23,phone,pool_warning,3,0,"
}

@test "the deal limit reclaims customers not won since the claim; warnings plan ahead" {
	pool_customers
	printf 'rule,match,channel,priority,followup_days,deal_days,warn_days\ncontact,*,phone,3,,,\npool,*,,,,30,3\n' >deal.csv
	run crm-schedule -q --as-of 2026-11-23 --policy deal.csv --pool-out pool.csv customers.csv
	assert_success
	assert_output "$HEADER
D31,,2026-11-23,,pool_reclaim,3,0,
D32,,2026-11-23,,pool_reclaim,3,0,
D28,王磊,2026-11-23,phone,pool_warning,3,0,
D29,王磊,2026-11-23,phone,pool_warning,3,0,"
	run cut -d, -f1,7- pool.csv
	assert_output "customer_id,former_owner,pool_reason,idle_days
D31,王磊,no_deal,31
D32,王磊,no_deal,32"
}

@test "without pool rules in the policy, WukongCRM 9.0's rule applies (31 days, 2 warning days, won exempt)" {
	pool_customers
	printf 'rule,match,channel,priority\ncontact,*,phone,3\n' >plain.csv
	run crm-schedule -q --as-of 2026-11-23 --policy plain.csv customers.csv
	assert_output "$HEADER
D32,,2026-11-23,,pool_reclaim,3,0,
D29,王磊,2026-11-23,phone,pool_warning,3,0,
D31,王磊,2026-11-23,phone,pool_warning,3,0,"
}

# --- capacity and the calendar -------------------------------------------

five_due() {
	printf 'customer_id,owner,tier\n' >customers.csv
	for id in K1 K2 K3 K4 K5; do
		printf '%s,王磊,gold\n' $id >>customers.csv
		printf '%s,2026-09-01,phone,reached,王磊\n' $id >>log.csv
	done
}

@test "capacity overflow crosses a weekend: Friday, then Monday, Tuesday" {
	five_due
	run schedule --log log.csv --as-of 2026-11-27 --capacity 2 customers.csv
	assert_success
	assert_output "$HEADER
K1,王磊,2026-11-27,visit,periodic,1,73,
K2,王磊,2026-11-27,visit,periodic,1,73,
K3,王磊,2026-11-30,visit,periodic,1,76,
K4,王磊,2026-11-30,visit,periodic,1,76,
K5,王磊,2026-12-01,visit,periodic,1,77,"
}

@test "capacity overflow crosses the National Day holiday and lands on the 调休 Saturday" {
	five_due
	sed -i 's/,gold$/,bronze/' customers.csv
	sed -i 's/2026-09-01/2026-07-01/' log.csv
	run schedule --log log.csv --calendar calendar.csv --as-of 2026-09-30 --capacity 1 customers.csv
	assert_success
	assert_output "$HEADER
K1,王磊,2026-09-30,email,periodic,3,30,
K2,王磊,2026-10-08,email,periodic,3,38,
K3,王磊,2026-10-09,email,periodic,3,39,
K4,王磊,2026-10-10,email,periodic,3,40,
K5,王磊,2026-10-12,email,periodic,3,42,"
}

@test "a make-up working day (调休) is a working day; a weekend is not" {
	printf 'customer_id,owner,tier\nK1,王磊,gold\n' >customers.csv
	printf 'K1,2026-09-06,phone,reached,王磊\n' >>log.csv
	run schedule --log log.csv --calendar calendar.csv --as-of 2026-09-20 customers.csv
	assert_output "$HEADER
K1,王磊,2026-09-20,visit,periodic,1,0,"
	run schedule --log log.csv --as-of 2026-09-20 customers.csv
	assert_output "$HEADER
K1,王磊,2026-09-21,visit,periodic,1,0,"
}

@test "a due day on a holiday moves to the next working day; --weekend changes the weekend" {
	printf 'customer_id,owner,tier\nK1,王磊,bronze\n' >customers.csv
	printf 'K1,2026-07-27,phone,reached,王磊\n' >>log.csv
	run schedule --log log.csv --calendar calendar.csv --as-of 2026-09-25 customers.csv
	assert_output "$HEADER
K1,王磊,2026-09-28,email,periodic,3,0,"
	run schedule --log log.csv --as-of 2026-09-25 --weekend fri,sat customers.csv
	assert_output "$HEADER
K1,王磊,2026-09-27,email,periodic,3,0,"
}

@test "higher priority first within capacity; the pool has no limit; owners sort by name" {
	cat >customers.csv <<-EOF
	customer_id,owner,tier
	S1,王磊,silver
	G1,王磊,gold
	G2,李娜,gold
	P1,,silver
	P2,,silver
	EOF
	for id in S1 G1 G2 P1 P2; do printf '%s,2026-09-01,phone,reached,x\n' $id >>log.csv; done
	printf 'customer_id,owner,tier,p_alive\nP1,,silver,0.1\nP2,,silver,0.1\n' >pool.csv
	run schedule --log log.csv --capacity 1 customers.csv
	assert_output "$HEADER
G2,李娜,2026-11-23,visit,periodic,1,69,
G1,王磊,2026-11-23,visit,periodic,1,69,
S1,王磊,2026-11-24,phone,periodic,2,54,"
	run schedule --log log.csv --capacity 1 pool.csv
	assert_output "$HEADER
P1,,2026-11-23,phone,winback,2,53,
P2,,2026-11-23,phone,winback,2,53,"
}

@test "--weekly limits a week; --capacity-file sets each owner's limits" {
	five_due
	run schedule --log log.csv --capacity 5 --weekly 2 --as-of 2026-11-26 customers.csv
	assert_output "$HEADER
K1,王磊,2026-11-26,visit,periodic,1,72,
K2,王磊,2026-11-26,visit,periodic,1,72,
K3,王磊,2026-11-30,visit,periodic,1,76,
K4,王磊,2026-11-30,visit,periodic,1,76,
K5,王磊,2026-12-07,visit,periodic,1,83,"
	printf 'owner,capacity,weekly\n王磊,3,\n' >capacity.csv
	run schedule --log log.csv --capacity 1 --capacity-file capacity.csv customers.csv
	assert_output "$HEADER
K1,王磊,2026-11-23,visit,periodic,1,69,
K2,王磊,2026-11-23,visit,periodic,1,69,
K3,王磊,2026-11-23,visit,periodic,1,69,
K4,王磊,2026-11-24,visit,periodic,1,70,
K5,王磊,2026-11-24,visit,periodic,1,70,"
}

@test "--days plans ahead: tasks fall on their own working days" {
	printf 'customer_id,owner,tier\nK1,王磊,gold\nK2,王磊,gold\nK3,王磊,gold\n' >customers.csv
	printf 'K1,2026-11-09,phone,reached,王磊\nK2,2026-11-12,phone,reached,王磊\nK3,2026-11-13,phone,reached,王磊\n' >>log.csv
	run schedule --log log.csv --days 5 customers.csv
	assert_output "$HEADER
K1,王磊,2026-11-23,visit,periodic,1,0,
K2,王磊,2026-11-26,visit,periodic,1,0,
K3,王磊,2026-11-27,visit,periodic,1,0,"
}

# --- iCalendar ---------------------------------------------------------

ics_customers() {
	cat >customers.csv <<-EOF
	customer_id,owner,tier,birthday,name,phone,email
	K1,王磊,gold,1990-11-23,"欧阳娜娜, 北京市朝阳区建国门外大街甲十二号新华保险大厦的采购部经理",13800000000,a@b.cn
	K2,李娜,silver,,"Semi;colon\\back",,
	EOF
	printf 'K2,2026-10-01,phone,reached,李娜\n' >>log.csv
}

@test "--format ics: RFC 5545 that icalendar parses, CRLF, lines of at most 75 octets" {
	ics_customers
	run schedule --log log.csv --format ics -o list.ics customers.csv
	assert_success
	/usr/bin/python3 - list.ics <<-'EOF'
	import sys, icalendar
	data = open(sys.argv[1], 'rb').read()
	cal = icalendar.Calendar.from_ical(data)
	todos = [c for c in cal.walk('VTODO')]
	assert len(todos) == 2, len(todos)
	assert str(todos[1]['SUMMARY']).startswith('birthday: 欧阳娜娜, 北京市'), todos[1]['SUMMARY']
	assert str(todos[0]['SUMMARY']) == 'periodic: Semi;colon\\back (K2), phone', todos[0]['SUMMARY']
	assert todos[1]['DUE'].dt.isoformat() == '2026-11-23'
	assert len({str(t['UID']) for t in todos}) == 2
	for line in data.split(b'\r\n')[:-1]:
	    assert len(line) <= 75, line
	    assert b'\n' not in line and b'\r' not in line
	    line.decode('utf-8')
	assert data.endswith(b'END:VCALENDAR\r\n')
	EOF
}

@test "ICS output is the same bytes run after run, and a task keeps its UID the next day" {
	ics_customers
	schedule --log log.csv --format ics customers.csv >one.ics
	schedule --log log.csv --format ics customers.csv >two.ics
	cmp one.ics two.ics
	crm-schedule -q --as-of 2026-11-24 --policy policy.csv --log log.csv --format ics customers.csv >next.ics
	uid=$(grep -A1 '^BEGIN:VTODO' one.ics | grep '^UID' | head -1)
	grep -qF "$uid" next.ics || fail "the overdue task's $uid changed"
}

@test "--format ics-event writes all-day VEVENTs" {
	ics_customers
	run schedule --log log.csv --format ics-event customers.csv
	assert_success
	assert_line --partial "DTSTART;VALUE=DATE:20261123"
	assert_line --partial "DTEND;VALUE=DATE:20261124"
	refute_line --partial "VTODO"
}

@test "--per-owner: each owner's rows in a file of its own, unsafe bytes as %XX, no owner as _pool" {
	cat >customers.csv <<-EOF
	customer_id,owner,tier,p_alive
	G1,王磊,gold,0.9
	G2,a/b,gold,0.9
	G3,.x,gold,0.9
	G4,_pool,gold,0.9
	G5,100%,gold,0.9
	G6,,gold,0.1
	G7,王磊,gold,0.9
	EOF
	for id in G1 G2 G3 G4 G5 G6 G7; do printf '%s,2026-09-01,phone,reached,x\n' $id >>log.csv; done
	mkdir owners
	schedule --log log.csv --per-owner owners -o all.csv customers.csv
	run ls -A owners
	assert_output "%2Ex.csv
%5Fpool.csv
100%25.csv
_pool.csv
a%2Fb.csv
王磊.csv"
	# each file: the header and that owner's rows of the whole list, in order
	for f in owners/*.csv; do
		[ "$(head -1 "$f")" = "$HEADER" ] || fail "$f: no header"
	done
	tail -q -n +2 owners/_pool.csv owners/%2Ex.csv owners/%5Fpool.csv \
	    owners/100%25.csv owners/a%2Fb.csv owners/王磊.csv | sort >parts.csv
	tail -n +2 all.csv | sort >whole.csv
	cmp parts.csv whole.csv
	run cat owners/王磊.csv
	assert_output "$HEADER
G1,王磊,2026-11-23,visit,periodic,1,69,
G7,王磊,2026-11-23,visit,periodic,1,69,"
	# a calendar per owner with --format ics
	mkdir cal
	schedule --log log.csv --per-owner cal --format ics customers.csv >/dev/null
	run ls cal
	assert_line "王磊.ics"
	[ "$(grep -c BEGIN:VCALENDAR cal/王磊.ics)" = 1 ] || fail "not one calendar"
	[ "$(grep -c BEGIN:VTODO cal/王磊.ics)" = 2 ] || fail "not two tasks"
	# a directory that is not there is an error, and no list is written
	run schedule --log log.csv --per-owner nowhere -o list.csv customers.csv
	assert_failure 1
	assert_output --partial "nowhere/"
	[ ! -e list.csv ] || fail "a list was written"
}

@test "--per-owner: a name too long for a file name is cut at a character and ends in %~ and a hash; every owner gets a file" {
	long=$(printf '甲%.0s' $(seq 100))	# 300 bytes
	slashes=$(printf 'x%.0s' $(seq 215))$(printf '/%.0s' $(seq 30))
	{
		echo "customer_id,owner,tier"
		echo "G1,$long,gold"
		echo "G2,$slashes,gold"
		echo "G3,王磊,gold"
		echo "G4,$long乙,gold"
	} >customers.csv
	mkdir owners
	run schedule --per-owner owners -o all.csv customers.csv
	assert_success
	# room for 255 - 16 bytes: 72 characters of 3 bytes, %~ and the hash,
	# .csv; after the 215 x the first %2F would not fit, and is not cut
	cut=$(printf '甲%.0s' $(seq 72))
	x215=$(printf 'x%.0s' $(seq 215))
	run ls -A owners
	assert_output "${x215}%~9968bdec6ff50057.csv
王磊.csv
$cut%~64944418037fdde1.csv
$cut%~c09e54763cbc104a.csv"
	run cut -d, -f1 "owners/$cut%~64944418037fdde1.csv"
	assert_output "customer_id
G1"
	run cut -d, -f1 "owners/$cut%~c09e54763cbc104a.csv"
	assert_output "customer_id
G4"
	[ -s all.csv ] || fail "no list"
	# the same names the next day
	rm -r owners/* && schedule --per-owner owners customers.csv >/dev/null
	[ -e "owners/$cut%~64944418037fdde1.csv" ] || fail "another name"
}

@test "--per-owner is all or nothing: a run that stops part way leaves DIR as it was, and DIR is replaced as a whole" {
	{
		echo "customer_id,owner,tier"
		echo "A1,a,gold"
		echo "B1,b,gold"
		for i in $(seq 100); do echo "Z$i,z,gold"; done
	} >customers.csv
	mkdir owners
	echo "yesterday's list" >owners/王磊.csv
	# z's file is over 2 KiB: the run is stopped writing it (SIGXFSZ)
	run bash -c 'ulimit -f 2; exec crm-schedule -q --as-of 2026-11-23 --policy policy.csv --per-owner owners -o list.csv customers.csv'
	assert_failure
	run ls -A owners
	assert_output "王磊.csv"
	run cat owners/王磊.csv
	assert_output "yesterday's list"
	[ ! -e list.csv ] || fail "a list was written"
	# the next run replaces the directory: yesterday's owner is gone,
	# and nothing of the stopped run is left beside it
	run schedule --per-owner owners -o list.csv customers.csv
	assert_success
	run ls -A owners
	assert_output "a.csv
b.csv
z.csv"
	run ls -A
	refute_output --partial ".owners."
	[ "$(wc -l <owners/z.csv)" = 101 ] || fail "z.csv is not whole"
}

@test "--per-owner onto a symbolic link replaces the files of the directory it points to, and keeps the link" {
	printf 'customer_id,owner,tier\nG1,王磊,gold\n' >customers.csv
	mkdir -p real && echo old >real/old.csv && ln -s real owners
	run schedule --per-owner owners customers.csv
	assert_success
	[ -L owners ] || fail "the link was replaced"
	run ls -A real
	assert_output "王磊.csv"
}

# --- bad input ---------------------------------------------------------

@test "a policy without a default contact row is an error" {
	printf 'rule,match,interval_days,channel,priority\ncontact,gold,14,visit,1\n' >nodefault.csv
	printf 'customer_id,owner\nK1,王磊\n' >customers.csv
	run crm-schedule --as-of 2026-11-23 --policy nodefault.csv customers.csv
	assert_failure 1
	assert_output "crm-schedule: nodefault.csv: no default contact rule: add a row 'contact,*,...' for the customers no other rule matches"
}

@test "a policy row naming no valid channel, or an unknown column, is an error" {
	printf 'customer_id,owner\nK1,王磊\n' >customers.csv
	printf 'rule,match,interval_days,channel,priority\ncontact,*,14,fax,1\n' >bad.csv
	run crm-schedule --as-of 2026-11-23 --policy bad.csv customers.csv
	assert_failure 1
	assert_output "crm-schedule: bad.csv:2: channel 'fax' is not one of visit, phone, email, sms, wechat"
	printf 'rule,match,interval_days,channel,priority\ncontact,*,14,,1\n' >bad.csv
	run crm-schedule --as-of 2026-11-23 --policy bad.csv customers.csv
	assert_output "crm-schedule: bad.csv:2: channel '' is not one of visit, phone, email, sms, wechat"
	printf 'rule,match,interval,channel,priority\ncontact,*,14,phone,1\n' >bad.csv
	run crm-schedule --as-of 2026-11-23 --policy bad.csv customers.csv
	assert_failure 1
	assert_output "crm-schedule: bad.csv:1: unknown policy column 'interval' (the columns are rule, match, interval_days, channel, priority, greetings, followup_days, deal_days, warn_days, won_exempt)"
	printf 'rule,match,interval_days,channel,priority,warn_days\ncontact,*,14,phone,1,2\n' >bad.csv
	run crm-schedule --as-of 2026-11-23 --policy bad.csv customers.csv
	assert_output "crm-schedule: bad.csv:2: warn_days does not apply to a contact rule (leave it empty)"
}

@test "a malformed date in the log is an error with the file and record" {
	printf 'customer_id,owner,tier\nK1,王磊,gold\n' >customers.csv
	printf 'K1,2026-11-01,phone,reached,王磊\nK1,2026-13-01,phone,reached,王磊\n' >>log.csv
	run schedule --log log.csv --rejects rejects.csv customers.csv
	assert_failure 1
	assert_output "crm-schedule: log.csv:3: not a date (date, '2026-13-01')"
}

@test "capacity 0 is an error, on the command line and in the capacity file" {
	printf 'customer_id,owner,tier\nK1,王磊,gold\n' >customers.csv
	run schedule --capacity 0 customers.csv
	assert_failure 2
	assert_output "crm-schedule: --capacity: 0 would leave tasks no day to go to (nothing is dropped); give 1 or more, or leave it out for no limit
Try 'crm-schedule --help' for more information."
	printf 'owner,capacity\n王磊,0\n' >capacity.csv
	run schedule --capacity-file capacity.csv customers.csv
	assert_failure 1
	assert_output "crm-schedule: capacity.csv:2: capacity 0 would leave tasks no day to go to (nothing is dropped); give 1 or more, or leave it out for no limit"
}

@test "a calendar with a duplicate date is an error naming both records" {
	printf 'customer_id,owner,tier\nK1,王磊,gold\n' >customers.csv
	printf '2026-10-03,workday,again\n' >>calendar.csv
	run schedule --calendar calendar.csv customers.csv
	assert_failure 1
	assert_output "crm-schedule: calendar.csv:15: 2026-10-03 is listed twice as a holiday or workday, first at record 8"
}

@test "bad customer rows stop the run, or go to --rejects with the rest planned" {
	cat >customers.csv <<-EOF
	customer_id,owner,tier,birthday,won
	K1,王磊,gold,1990-02-30,0
	K2,王磊,gold,,maybe
	K1,王磊,gold,,
	,王磊,gold,,
	K3,王磊,gold,,
	EOF
	run schedule customers.csv
	assert_failure 1
	assert_output "crm-schedule: customers.csv:2: not a date (birthday, '1990-02-30')"
	schedule --rejects rejects.csv customers.csv >list.csv 2>err.txt
	run cat err.txt
	assert_output "crm-schedule: 4 of 5 rows rejected, see rejects.csv"
	run cat list.csv
	assert_output "$HEADER
K3,王磊,2026-11-23,visit,periodic,1,0,"
	run cat rejects.csv
	assert_output "customer_id,owner,tier,birthday,won,reason
K1,王磊,gold,1990-02-30,0,\"not a date (birthday, '1990-02-30')\"
K2,王磊,gold,,maybe,\"not yes or no (won, 'maybe')\"
K1,王磊,gold,,,\"customer 'K1' repeated, first at record 2\"
,王磊,gold,,,empty customer id"
}

@test "dates past 9999-12-31 are a clear error, never a truncated field" {
	sample=$BATS_TEST_DIRNAME/../data/sample
	# issue 10's command: it wrote a NUL byte into the CSV
	run crm-schedule --as-of 9999-12-31 --policy "$sample/policy.csv" \
	    --capacity 1 --days 3 <"$sample/customers.csv"
	assert_failure 1
	assert_output "crm-schedule: --days 3: the working days from 9999-12-31 run past 9999-12-31, the last date there is"
	# one day fits (9999-12-31 is a Friday), but capacity cannot spill over
	printf 'customer_id,owner,tier\nK1,王磊,gold\nK2,王磊,gold\n' >customers.csv
	run schedule --as-of 9999-12-31 customers.csv
	assert_success
	assert_output "$HEADER
K1,王磊,9999-12-31,visit,periodic,1,0,
K2,王磊,9999-12-31,visit,periodic,1,0,"
	run schedule --as-of 9999-12-31 --capacity 1 customers.csv
	assert_failure 1
	assert_output "crm-schedule: the capacity of owner '王磊' would move a task of customer 'K2' past 9999-12-31, the last date there is: give a larger --capacity"
	run schedule --as-of 9999-12-31 --format ics-event customers.csv
	assert_failure 1
	assert_output "crm-schedule: an all-day event on 9999-12-31 would end after 9999-12-31 (DTEND), the last date there is"
	run schedule --as-of 10000-01-01 customers.csv
	assert_failure 2
	assert_line --index 0 "crm-schedule: --as-of: '10000-01-01' is not a date (YYYY-MM-DD)"
	printf 'customer_id,owner,tier,birthday\nK1,王磊,gold,10000-01-01\n' >customers.csv
	run schedule customers.csv
	assert_failure 1
	assert_output "crm-schedule: customers.csv:2: not a date (birthday, '10000-01-01')"
}

@test "usage errors: no policy, a bad option value" {
	printf 'customer_id\nK1\n' >customers.csv
	run crm-schedule customers.csv
	assert_failure 2
	assert_line --index 0 "crm-schedule: --policy FILE is needed: the contact rules (data/sample/policy.csv is an example)"
	run schedule --weekend mon,tue,wed,thu,fri,sat,sun customers.csv
	assert_failure 2
	run schedule --format pdf customers.csv
	assert_failure 2
	run schedule --column nickname=name customers.csv
	assert_failure 2
}

@test "header-only input gives a header-only list; --column names a column" {
	printf 'customer_id,owner,tier\n' >customers.csv
	run schedule customers.csv
	assert_success
	assert_output "$HEADER"
	printf 'id,manager,tier\nK1,王磊,gold\n' >renamed.csv
	run schedule --column customer_id=id --column owner=manager renamed.csv
	assert_output "$HEADER
K1,王磊,2026-11-23,visit,periodic,1,0,"
}

# --- offers (crm-recommend) ---------------------------------------------

@test "--offers: the first three of crm-recommend's lists in an offer column, on the list and in iCalendar" {
	cat >customers.csv <<-EOF
	customer_id,owner,tier,name
	K1,王磊,gold,甲
	K2,王磊,gold,乙
	K3,李娜,silver,丙
	EOF
	cat >offers.csv <<-EOF
	customer_id,rank,item,score,because
	K1,1,黄油,0.7071067811865475,牛奶
	K1,2,咖啡,0.5773502691896258,面包
	K1,3,"茶, 绿",0.5,(popular)
	K1,4,果酱,0.4,(popular)
	K3,1,面包,0.75,牛奶
	EOF
	run schedule --offers offers.csv customers.csv
	assert_success
	assert_output "$HEADER,name,offer
K3,李娜,2026-11-23,phone,periodic,2,0,,丙,面包 (牛奶)
K1,王磊,2026-11-23,visit,periodic,1,0,,甲,\"黄油 (牛奶); 咖啡 (面包); 茶, 绿 (popular)\"
K2,王磊,2026-11-23,visit,periodic,1,0,,乙,"
	run schedule --offers offers.csv --format ics customers.csv
	assert_success
	assert_line --partial 'name: 丙\noffer:'	# folded at 75 octets
	assert_line --partial ' 面包 (牛奶)'
}

@test "--offers: an offer column of the input wins; without --offers it is carried as it is" {
	cat >customers.csv <<-EOF
	customer_id,owner,tier,推荐商品
	K1,王磊,gold,会员卡
	K2,王磊,gold,
	EOF
	printf 'customer_id,rank,item,score,because\nK1,1,黄油,1,牛奶\nK2,1,咖啡,1,面包\n' >offers.csv
	run schedule --offers offers.csv customers.csv
	assert_output "$HEADER,offer
K1,王磊,2026-11-23,visit,periodic,1,0,,会员卡
K2,王磊,2026-11-23,visit,periodic,1,0,,咖啡 (面包)"
	run schedule customers.csv
	assert_line "K2,王磊,2026-11-23,visit,periodic,1,0,,"
	assert_line "K1,王磊,2026-11-23,visit,periodic,1,0,,会员卡"
}

@test "--offers: a file without an item column is an error naming it" {
	printf 'customer_id,owner,tier\nK1,王磊,gold\n' >customers.csv
	printf 'customer_id,score\nK1,1\n' >offers.csv
	run schedule --offers offers.csv customers.csv
	assert_failure 1
	assert_output --partial "offers.csv: no 'item' column"
}
