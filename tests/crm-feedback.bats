#!/usr/bin/env bats
# crm-feedback: categories, SLA times and call backs, through the real
# binary. tests/data/feedback-tickets.csv holds ten tickets, each a case;
# the expected files were checked by hand (the arithmetic is below).

load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	for f in tickets sla calendar contacts; do
		cp "$DATA/feedback-$f.csv" "$f.csv"
	done
}

run_feedback() {
	crm-feedback -q --as-of 2026-11-25 --sla sla.csv --log contacts.csv "$@"
}

@test "clock hours: SLA exactly at the limit is met, one second over is broken" {
	# T1 answered after exactly 4 h (limit 4, priority high): met;
	# resolved after exactly 24 h (limit 24): met.
	# T2 answered after 4 h 1 s: broken (4.000277... h).
	# T3 Friday 17:00 -> Monday 11:00 = 66 h > 4: broken.
	# T4 over the National Day week: 185 h. T7 keeps its billing category.
	# T5 open since 11-24 10:00, at 11-25 00:00 waited 14 h > 4: broken;
	# T6 since 16:00, 8 h > 4: broken.
	# Call backs: T8 resolved 10-01, contact only 50 days later: missed;
	# T9 contact the next day: confirmed; T10 the contact was before the
	# resolution: due.
	run run_feedback tickets.csv
	assert_success
	assert_output "$(cat "$DATA/feedback-clock.out")"
}

@test "working hours over a weekend, a holiday and a make-up day" {
	# T1: 09:00-13:00 = 4 h; resolved next day 09:00: 9 h (one window).
	# T3: Friday 17:00-18:00 1 h + Monday 09:00-11:00 2 h = 3 h: met;
	#     resolved Tuesday 10:00: 1 + 9 + 1 = 11 h.
	# T4: Wednesday 09-30 17:00 1 h, 10-01..10-07 holidays, Thursday
	#     10-08 to 10:00 1 h = 2 h; resolved 12:00: 4 h.
	# T5: 11-24 10:00-18:00 = 8 h waited > 4: broken; T6 16:00-18:00
	#     2 h: met. T8: 09-29 8 h + 09-30 9 h + holiday = 17 h.
	# T10 came on a Saturday and was answered that day: 0 h.
	run run_feedback --calendar calendar.csv tickets.csv
	assert_success
	assert_output "$(cat "$DATA/feedback-business.out")"
	run bash -c "crm-feedback -q --as-of 2026-11-25 --sla sla.csv --calendar calendar.csv --precision 2 tickets.csv | cut -d, -f1,12,13,16"
	assert_line --index 3 "T3,3.00,11.00,0"
	assert_line --index 4 "T4,2.00,4.00,0"
	assert_line --index 5 "T5,,,1"
	assert_line --index 6 "T6,,,0"
}

@test "a make-up working day (调休) counts; --hours alone counts Monday to Friday" {
	printf 'ticket_id,created,resolved\nM1,2026-10-09 17:00,2026-10-12 10:00\n' >m.csv
	# Friday 17:00-18:00 1 h + Saturday 10-10 worked 9 h + Monday 1 h = 11
	run bash -c "crm-feedback -q --as-of 2026-11-25 --calendar calendar.csv m.csv | cut -d, -f6,7"
	assert_line --index 1 "11,11"
	# without the calendar Saturday is off: 1 + 1 = 2; 08:00-20:00: 3 + 2
	run bash -c "crm-feedback -q --as-of 2026-11-25 --hours 09:00-18:00 m.csv | cut -d, -f7"
	assert_line --index 1 "2"
	run bash -c "crm-feedback -q --as-of 2026-11-25 --hours 08:00-20:00 m.csv | cut -d, -f7"
	assert_line --index 1 "5"
}

@test "Chinese and English tickets are classified by the default set, with the keyword" {
	run bash -c "crm-feedback -q --as-of 2026-11-25 tickets.csv | cut -d, -f1,9,11"
	assert_output "ticket_id,category,matched_keyword
T1,delivery,parcel
T2,delivery,快递
T3,billing,扣款
T4,product,stopped working
T5,service,客服
T6,uncategorized,
T7,billing,
T8,technical,无法登录
T9,service,积分
T10,account,password"
}

@test "a category in the input is kept unless --reclassify" {
	run bash -c "crm-feedback -q --as-of 2026-11-25 --reclassify tickets.csv | grep '^T7,' | cut -d, -f9,11"
	assert_output "delivery,package"
}

@test "the sample's tickets: the default set agrees with every given category" {
	# the given category renamed, so that the tool adds its own column
	sed '1s/category/given/' "$BATS_TEST_DIRNAME/../data/sample/feedback.csv" >sample.csv
	crm-feedback -q --as-of 2026-11-23 sample.csv >classified.csv
	run gawk -v FPAT='("([^"]|"")*")|([^,]*)' 'NR == 1 { print $6, $8 }
	    NR > 1 { n++; same += $6 == $8 } END { print n, same }' classified.csv
	assert_output "given category
306 306"
}

@test "--categories FILE, several rows per category, first category wins" {
	printf 'category,keywords\n物流,快递|包裹\n售后,客服\n物流,送错\n' >cats.csv
	printf 'ticket_id,created,text\nA,2026-11-20,包裹送错地址\nB,2026-11-20,客服说快递丢了\nC,2026-11-20,好评\n' >t.csv
	run bash -c "crm-feedback -q --as-of 2026-11-25 --categories cats.csv t.csv | cut -d, -f1,4,5"
	assert_output "ticket_id,category,matched_keyword
A,物流,包裹
B,物流,快递
C,uncategorized,"
}

@test "a malformed categories file is an error naming the record" {
	printf 'category,keywords\na,x||y\n' >bad.csv
	run crm-feedback --categories bad.csv tickets.csv
	assert_failure 1
	assert_output "crm-feedback: bad.csv:2: an empty keyword in category 'a' (keywords are separated by |)"
	printf 'category,keywords\na,x\nb,X\n' >bad.csv
	run crm-feedback --categories bad.csv tickets.csv
	assert_failure 1
	assert_output "crm-feedback: bad.csv:3: keyword 'x' is already in category 'a'"
	printf 'name,words\na,x\n' >bad.csv
	run crm-feedback --categories bad.csv tickets.csv
	assert_failure 1
	assert_output --partial "the header has: name, words"
	printf 'category,keywords\n' >bad.csv
	run crm-feedback --categories bad.csv tickets.csv
	assert_failure 1
	assert_output "crm-feedback: bad.csv: no categories (rows of category,keywords)"
}

@test "a malformed SLA file is an error naming the record" {
	printf 'category,response_hours\nbilling,four\n' >bad.csv
	run crm-feedback --sla bad.csv tickets.csv
	assert_failure 1
	assert_output "crm-feedback: bad.csv:2: not a number (response_hours, 'four')"
	printf 'category,resolve_hours\nbilling,-1\n' >bad.csv
	run crm-feedback --sla bad.csv tickets.csv
	assert_failure 1
	assert_output "crm-feedback: bad.csv:2: negative hours (resolve_hours, '-1')"
	printf 'channel,response_hours\nemail,4\n' >bad.csv
	run crm-feedback --sla bad.csv tickets.csv
	assert_failure 1
	assert_output "crm-feedback: bad.csv:1: an SLA file needs a category or priority column"
}

@test "a malformed calendar is an error" {
	printf 'date,type\n2026-10-01,holiday\n2026-10-01,workday\n' >bad.csv
	run crm-feedback --calendar bad.csv tickets.csv
	assert_failure 1
	assert_output "crm-feedback: bad.csv:3: 2026-10-01 is listed twice as a holiday or workday, first at record 2"
	printf 'date,type\n2026-10-01,vacation\n' >bad.csv
	run crm-feedback --calendar bad.csv tickets.csv
	assert_failure 1
	assert_output "crm-feedback: bad.csv:2: type 'vacation' is not holiday, workday or greeting"
}

@test "resolved before created, and bad times, are errors or rejects" {
	printf 'ticket_id,created,resolved\nA,2026-11-20 10:00,2026-11-20 09:59\n' >bad.csv
	run crm-feedback bad.csv
	assert_failure 1
	assert_output "crm-feedback: bad.csv:2: resolved before created (resolved, '2026-11-20 09:59')"
	printf 'ticket_id,created,first_response,resolved\nA,2026-11-20,2026-11-21,\nB,,,\nC,yesterday,,\nD,2026-11-20 10:00,2026-11-20 09:00,\nE,2026-11-20,,2026-11-19\nF,2026-11-20,,2026-11-22 25:00\n' >bad.csv
	run crm-feedback --as-of 2026-11-25 --rejects rej.csv bad.csv
	assert_success
	assert_line --index 0 "crm-feedback: 5 of 6 rows rejected, see rej.csv"
	assert_line --index 2 --partial "A,2026-11-20,2026-11-21,,uncategorized,,24,,"
	run cat rej.csv
	assert_output "ticket_id,created,first_response,resolved,reason
B,,,,\"no creation time (created, '')\"
C,yesterday,,,\"not a date (created, 'yesterday')\"
D,2026-11-20 10:00,2026-11-20 09:00,,\"first response before created (first_response, '2026-11-20 09:00')\"
E,2026-11-20,,2026-11-19,\"resolved before created (resolved, '2026-11-19')\"
F,2026-11-20,,2026-11-22 25:00,\"not a date (resolved, '2026-11-22 25:00')\""
}

@test "tickets still open: open status, no resolve time, the call back not yet due" {
	run bash -c "crm-feedback -q --as-of 2026-11-25 tickets.csv | grep -E '^T(5|6),' | cut -d, -f1,12,13,17,18"
	assert_output "T5,,,0,open
T6,,,0,open"
}

@test "call backs past the window are missed, counted and listed, not due" {
	run bash -c "crm-feedback --as-of 2026-11-25 --log contacts.csv --missed missed.csv tickets.csv 2>err >/dev/null"
	assert_success
	run cat err
	assert_output "crm-feedback: 1 of 8 resolved tickets missed their call back (no contact within 30 days), see missed.csv"
	run cut -d, -f1,17,18 missed.csv
	assert_output "ticket_id,needs_followup,followup_status
T8,0,missed"
	# a window of 60 days makes T8's contact 50 days later a call back
	run bash -c "crm-feedback -q --as-of 2026-11-25 --log contacts.csv --followup-window 60 tickets.csv | grep '^T8,' | cut -d, -f18"
	assert_output "confirmed"
	# without the log only the status confirms: T9 is due, T8 missed
	run bash -c "crm-feedback -q --as-of 2026-11-25 tickets.csv | grep -E '^T(8|9),' | cut -d, -f17,18"
	assert_output "0,missed
1,due"
}

@test "--summary by channel: counts, rates, median and p90 times, breach rate" {
	# email: T1, T4, T7 in working hours respond in 4, 2, 1 h: median 2,
	#   p90 h = 2 x 0.9 = 1.8: 2 + 0.8 (4 - 2) = 3.6; resolve 9, 4, 5:
	#   median 5, p90 5 + 0.8 x 4 = 8.2; 3 of 50 customers = 6 per 100,
	#   3 of 400 orders = 7.5 per 1,000
	# phone: T2 (4 h, counted in whole minutes), T5 open, T8, T9: 0.5,
	#   0.5, 4: p90 0.5 + 0.8 x 3.5 = 3.3; T2 and T5 broke: 2 of 4 = 50%
	run run_feedback --calendar calendar.csv --summary channel --customers 50 --orders 400 tickets.csv
	assert_success
	assert_output "$(cat "$DATA/feedback-summary-channel.out")"
}

@test "--summary by category and by month; per-group denominators from a file" {
	run run_feedback --summary category tickets.csv
	assert_success
	assert_line --index 0 --partial "category,tickets,open,"
	assert_line --index 1 --partial "account,1,0,"
	assert_line --index 7 --partial "uncategorized,1,1,"
	run run_feedback --summary month tickets.csv
	assert_line --index 1 --partial "2026-09,2,0,"
	assert_line --index 2 --partial "2026-11,8,2,"
	printf 'channel,customers\nemail,30\nphone,20\n' >base.csv
	run bash -c "crm-feedback -q --as-of 2026-11-25 --summary channel --customers base.csv tickets.csv | cut -d, -f1,2,13,14"
	assert_output "channel,tickets,customers,per_100_customers
email,3,30,10
phone,4,20,20
web,2,,
wechat,1,,"
}

@test "Chinese headers are found through the alias table" {
	printf '工单号,客户编号,创建时间,首次响应时间,解决时间,状态,渠道,内容\nG1,K1,2026-11-20 10:00,2026-11-20 11:30,2026-11-20 12:00,已关闭,电话,发票金额与订单不符\n' >zh.csv
	run crm-feedback --as-of 2026-11-25 zh.csv
	assert_success
	assert_output "工单号,客户编号,创建时间,首次响应时间,解决时间,状态,渠道,内容,category,matched_keyword,response_hours,resolve_hours,sla_response_hours,sla_resolve_hours,sla_breached,needs_followup,followup_status
G1,K1,2026-11-20 10:00,2026-11-20 11:30,2026-11-20 12:00,已关闭,电话,发票金额与订单不符,billing,发票,1.5,2,,,,0,confirmed"
}

@test "header-only input gives header-only output; usage errors exit 2" {
	printf 'ticket_id,created\n' >empty.csv
	run crm-feedback --as-of 2026-11-25 empty.csv
	assert_success
	assert_output "ticket_id,created,category,matched_keyword,response_hours,resolve_hours,sla_response_hours,sla_resolve_hours,sla_breached,needs_followup,followup_status"
	run crm-feedback --hours 18:00-09:00 empty.csv
	assert_failure 2
	run crm-feedback --customers 10 empty.csv
	assert_failure 2
	run crm-feedback --column nothing=x empty.csv
	assert_failure 2
	run crm-feedback --log contacts.csv empty.csv
	assert_failure 1
	assert_output --partial "customer_id"
}
