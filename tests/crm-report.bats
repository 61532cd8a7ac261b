#!/usr/bin/env bats
# crm-report: the HTML report and the owners' profile pages, checked for
# their charts, well-formedness, escaping and determinism, and rendered in
# headless Chromium.

load test_helper

DAY=2026-11-23
SAMPLE=$BATS_TEST_DIRNAME/../data/sample

# The sample's pipeline outputs, made once for the file.
setup_file() {
	local s=$BATS_FILE_TMPDIR sample=$BATS_TEST_DIRNAME/../data/sample
	crm-rfm -q --as-of 2026-11-23 "$sample/orders.csv" >"$s/rfm.csv"
	crm-churn -q --as-of 2026-11-23 "$s/rfm.csv" >"$s/churn.csv"
	crm-clv -q --as-of 2026-11-23 "$s/churn.csv" >"$s/clv.csv"
	crm-segment --name tier --tiers monetary=gold:0.2,silver:0.3,bronze \
	    "$s/clv.csv" >"$s/all.csv"
	crm-join --left "$sample/customers.csv" "$s/all.csv" >"$s/joined.csv"
	crm-cohort -q --as-of 2026-11-23 "$sample/orders.csv" >"$s/cohort.csv"
	crm-rfm -q --as-of 2026-05-31 --holdout-end 2026-11-23 \
	    "$sample/orders.csv" | crm-churn -q --evaluate >"$s/eval.csv"
	# NPS answers of four months, 80 each, from a fixed formula
	awk 'BEGIN { print "customer_id,survey,question,score,date"
	    for (m = 8; m <= 11; m++) for (i = 1; i <= 80; i++) {
	        s = (i * 7 + m * 5) % 11; if (s < 4 + (m % 3)) s += 4 + (i % 2)
	        printf "C%03d,q,nps,%d,2026-%02d-%02d\n", i, s, m, i % 28 + 1 } }' \
	    >"$s/answers.csv"
	crm-survey -q --by month "$s/answers.csv" >"$s/nps.csv"
	crm-feedback -q --as-of 2026-11-23 --summary month "$sample/feedback.csv" \
	    >"$s/feedback.csv"
}

setup() {
	cd "$BATS_TEST_TMPDIR"
	S=$BATS_FILE_TMPDIR
	LIST=$DATA/daily-2026-11-23.csv
}

full_report() {
	crm-report --as-of $DAY --customers "$S/all.csv" --cohort "$S/cohort.csv" \
	    --evaluate "$S/eval.csv" --followups "$LIST" --survey "$S/nps.csv" \
	    --feedback "$S/feedback.csv" "$@"
}

# The charts (svg elements) of an HTML file, by their titles.
chart_titles() {
	python3 -c '
import sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
for svg in ET.parse(sys.argv[1]).getroot().iter(ns + "svg"):
    print(svg.find(ns + "title").text)' "$1"
}

@test "the sample report: every chart, well-formed, the same bytes twice" {
	full_report -o report.html
	full_report -o again.html
	cmp report.html again.html
	run chart_titles report.html
	assert_success
	assert_output "Segments: size and value
Value tiers: size and value
Recency x frequency
Churn risk
P(alive) by frequency and recency
Customer lifetime value
Cohort retention
Model check: calibration vs holdout
Net Promoter Score over time
Feedback tickets
Hours to resolve
Follow-up load
Reasons on the first day"
	run python3 -c 'import html.parser, sys; html.parser.HTMLParser().feed(open(sys.argv[1]).read())' report.html
	assert_success
}

@test "self-contained: no script, no link, no URL but the SVG namespace" {
	full_report -o report.html
	run bash -c "grep -oiE '<script|<link|<img|@import|url\(|https?://[^\"]*' report.html |
	    grep -vx 'http://www.w3.org/2000/svg'"
	assert_output ""
}

@test "the overview's figures are the inputs' sums" {
	full_report -o report.html
	customers=$(($(wc -l <"$S/all.csv") - 1))
	run grep -oE '<div class="figure"><b>[^<]*</b><span>[^<]*' report.html
	grouped=$(echo "$customers" | sed -E ':a; s/([0-9])([0-9]{3})($|,)/\1,\2\3/; ta')
	assert_line --index 0 "<div class=\"figure\"><b>$grouped</b><span>Customers"
	today=$(awk -F, -v d=$DAY 'NR > 1 && $3 == d' "$LIST" | wc -l)
	assert_line "<div class=\"figure\"><b>$today</b><span>Follow-ups today"
}

@test "the R x F cells count the customers of each pair of scores" {
	crm-report --rfm "$S/rfm.csv" -o report.html
	want=$(awk -F, 'NR > 1 && $13 == 5 && $14 == 5' "$S/rfm.csv" | wc -l)
	grep -q "<title>R 5, F 5: $want customers" report.html
}

@test "the calibration plot draws crm-churn --evaluate's means" {
	crm-report --evaluate "$S/eval.csv" -o report.html
	mean=$(awk -F, '$1 == 2 { printf "%.2f", $3 }' "$S/eval.csv")
	grep -q "<title>2, actual: $mean</title>" report.html
}

@test "the retention triangle has a cell per cohort and period of crm-cohort" {
	crm-report --cohort "$S/cohort.csv" -o report.html
	# the last 24 cohorts, their first 24 periods
	awk -F, 'NR > 1 { print $1 }' "$S/cohort.csv" | uniq | tail -n 24 >last
	cells=$(awk -F, 'NR == FNR { keep[$1] = 1; next } ($1 in keep) && $2 < 24' last "$S/cohort.csv" | wc -l)
	assert_equal "$(grep -o '<title>20[0-9-]*, +[0-9]*: ' report.html | wc -l)" "$cells"
}

@test "--lang zh: Chinese labels, the CJK font stack" {
	full_report --lang zh -o report.html
	grep -q '<html lang="zh-CN">' report.html
	grep -q '同期群留存' report.html
	grep -q '流失风险' report.html
	grep -q 'Noto Sans CJK SC' report.html
	# the reasons of the day's list in words, none left as its code
	for code in $(awk -F, 'NR > 1 { print $5 }' "$LIST" | sort -u); do
		if grep -q ">$code</text>" report.html; then
			fail "the reason $code is not in Chinese"
		fi
	done
	grep -q '>贬损者回访</text>' report.html
	# crm-survey --by month: the NPS chart's axis in words too
	run grep -c '>month</text>' report.html
	assert_output 0
}

@test "--segments: crm-segment's summary as the segments chart" {
	crm-segment --name tier --tiers monetary=gold:0.2,silver:0.3,bronze --summary "$S/clv.csv" >summary.csv
	crm-report --segments summary.csv -o report.html
	run chart_titles report.html
	assert_output "Segments: size and value"
	share=$(awk -F, '$1 == "gold" { printf "%.0f%%", 100 * $3 }' summary.csv)
	grep -q "<title>gold, share of customers: $share</title>" report.html
	run crm-report --segments "$S/cohort.csv"
	assert_failure 1
	assert_output --partial "not crm-segment --summary output: expected the columns count, share"
}

@test "--feedback: tickets and hours to resolve per group of crm-feedback --summary" {
	crm-feedback -q --as-of $DAY --summary category "$SAMPLE/feedback.csv" >fb.csv
	crm-report --feedback fb.csv -o report.html
	run chart_titles report.html
	assert_output "Feedback tickets
Hours to resolve"
	n=$(awk -F, '$1 == "delivery" { print $2 }' fb.csv)
	grep -q "<title>delivery, tickets: $n</title>" report.html
}

@test "parts not given are left out" {
	crm-report --cohort "$S/cohort.csv" -o report.html
	run chart_titles report.html
	assert_output "Cohort retention"
}

@test "text from the data is escaped" {
	printf 'customer_id,segment,monetary\n1,<script>alert(1)</script>,5\n2,"Tom & ""Jerry""",7\n' >seg.csv
	crm-report --customers seg.csv -o report.html
	run grep -c '<script' report.html
	assert_output 0
	grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' report.html
	grep -q 'Tom &amp; &quot;Jerry&quot;' report.html
	chart_titles report.html >/dev/null
}

@test "a file given to the wrong option is an error naming the columns it expected" {
	run crm-report --churn "$S/cohort.csv" -o report.html
	assert_failure 1
	assert_output --partial "crm-report: $S/cohort.csv: not crm-churn output: expected the columns x, t_x, p_alive, churn_risk (the header is: cohort, period,"
	run crm-report --cohort "$S/rfm.csv"
	assert_failure 1
	assert_output --partial "not crm-cohort output (the long form): expected the columns cohort, period, customers, active, retention"
	run crm-report --evaluate "$S/cohort.csv"
	assert_failure 1
	assert_output --partial "not crm-churn --evaluate output"
	run crm-report --feedback "$S/rfm.csv"
	assert_failure 1
	assert_output --partial "not crm-feedback --summary output: expected the columns tickets, open, resolve_median_hours, resolve_p90_hours"
	run crm-report --followups "$S/rfm.csv"
	assert_failure 1
	assert_output --partial "not a crm-schedule follow-up list: expected the columns customer_id, owner, due_date, reason"
	[ ! -e report.html ]
}

@test "empty inputs: a 0-byte file is an error, a header-only one adds nothing" {
	: >empty.csv
	run crm-report --cohort empty.csv
	assert_failure 1
	assert_output --partial "empty.csv"
	head -1 "$S/cohort.csv" >header.csv
	run crm-report --cohort header.csv --rfm "$S/rfm.csv" -o report.html
	assert_success
	run chart_titles report.html
	refute_output --partial "Cohort retention"
	assert_output --partial "Recency x frequency"
}

@test "a cohort of one customer" {
	printf 'customer_id,order_date,amount\nsolo,2026-09-05,10\nsolo,2026-11-01,5\n' >one.csv
	crm-cohort -q --as-of $DAY one.csv >cohort.csv
	crm-report --cohort cohort.csv -o report.html
	grep -q '<title>2026-09, +2: 100.0% (1 / 1)' report.html
	grep -q '<title>2026-09, +1: 0.0% (0 / 1)' report.html
}

@test "usage errors exit 2" {
	run crm-report
	assert_failure 2
	assert_output --partial "nothing to report"
	run crm-report --profiles "$LIST"
	assert_failure 2
	assert_output --partial "--profiles needs -o DIR"
	run crm-report --profiles "$LIST" --cohort "$S/cohort.csv" -o pages
	assert_failure 2
	run crm-report --lang fr --cohort "$S/cohort.csv"
	assert_failure 2
	run crm-report --cohort "$S/cohort.csv" stray.csv
	assert_failure 2
}

@test "profiles: a page per owner with a card per customer due that day" {
	run crm-report --profiles "$LIST" --as-of $DAY --customers "$S/joined.csv" \
	    --contacts "$SAMPLE/contacts.csv" --tickets "$SAMPLE/feedback.csv" -o pages
	assert_success
	awk -F, -v d=$DAY 'NR > 1 && $3 == d { n[$2]++ } END { for (o in n) print (o == "" ? "_pool" : o), n[o] }' "$LIST" | sort >want
	for page in pages/*.html; do
		name=$(basename "$page" .html)
		[ "$name" = index ] && continue
		echo "$name $(grep -o '<article class="card person">' "$page" | wc -l)"
	done | sort >got
	assert_same got want
	python3 -c 'import sys, xml.etree.ElementTree as ET; [ET.parse(f) for f in sys.argv[1:]]' pages/*.html
	grep -q 'href="张伟.html"' pages/index.html
}

@test "a profile card: who, why, scores, last contacts and open tickets" {
	crm-report --profiles "$LIST" --as-of $DAY --customers "$S/joined.csv" \
	    --contacts "$SAMPLE/contacts.csv" --tickets "$SAMPLE/feedback.csv" -o pages
	# K000191 of the public pool: a win-back by phone, due today (its
	# one ticket, T00013, was resolved 605 days ago: no call back now)
	grep -qx 'K000191,,2026-11-23,phone,winback,2,0,,胡轩,13740974739,66356979@qq.com' "$LIST"
	card=$(awk '/K000191/,/<\/article>/' pages/_pool.html)
	[[ $card == *'<div class="why"><b>win-back</b> · channel phone</div>'* ]]
	[[ $card == *"<dd>13740974739 · 66356979@qq.com</dd>"* ]]
	# its scores, as the pipeline's file has them (rfm 144, recency 607,
	# frequency 4, monetary 1197.99, clv 7.053...)
	scores=$(awk -F, '$1 == "K000191" { print $27, $15, $16, $17 }' "$S/joined.csv")
	[ "$scores" = "144 607 4 1197.99" ]
	[[ $card == *"<dt>RFM</dt><dd>144</dd><dt>days since last purchase</dt><dd>607</dd><dt>purchases</dt><dd>4</dd><dt>revenue</dt><dd>1,197.99</dd>"* ]]
	[[ $card == *"<dt>CLV</dt><dd>7.05</dd>"* ]]
	# no contact in the log, and the ticket is resolved
	[ "$(awk -F, '$1 == "K000191"' "$SAMPLE/contacts.csv" | wc -l)" -eq 0 ]
	[[ $card == *"Last contacts</h3><ul><li>none</li>"* ]]
	[ "$(awk -F, '$2 == "K000191" { print $5 }' "$SAMPLE/feedback.csv")" = resolved ]
	[[ $card == *"Open tickets</h3><ul><li>none</li>"* ]]
	# K000473: the last of its contacts comes first
	owner=$(awk -F, -v d=$DAY '$1 == "K000473" && $3 == d { print $2 }' "$LIST")
	card=$(awk '/K000473/,/<\/article>/' "pages/$owner.html")
	last=$(awk -F, '$1 == "K000473" { print $2 }' "$SAMPLE/contacts.csv" | sort | tail -n 1)
	[ -n "$last" ]
	[[ $card == *"Last contacts</h3><ul><li>$last"* ]]
	# and a ticket still open
	ticket=$(awk -F, '$2 == "K000473" && $5 != "closed" && $5 != "resolved" { print $1 }' "$SAMPLE/feedback.csv" | head -n 1)
	[ -n "$ticket" ]
	[[ $card == *"Open tickets</h3><ul><li>"*"$ticket"* ]]
}

@test "profiles: offers and the latest survey answer when given" {
	printf 'customer_id,item,because\nK000040,纸巾,bought tissues\nK000040,牙膏,\n' >offers.csv
	printf 'customer_id,survey_date,nps_score,nps_class\nK000040,2026-11-02,9,promoter\n' >nps.csv
	crm-report --profiles "$LIST" --as-of $DAY --offers offers.csv --survey nps.csv -o pages
	card=$(awk '/K000040/,/<\/article>/' pages/张伟.html)
	[[ $card == *"<li>纸巾 · bought tissues</li><li>牙膏</li>"* ]]
	[[ $card == *"NPS: promoter · 9 · 2026-11-02"* ]]
	run crm-report --profiles "$LIST" --offers "$S/rfm.csv" -o pages
	assert_failure 1
	assert_output --partial "not a list of offers: expected the columns customer_id, item"
}

# Headless Chromium: render, screenshot, no console errors, every chart
# drawn with content. Skipped only where Chromium is missing or cannot
# start at all (no usable sandbox-free headless mode).
chromium_or_skip() {
	command -v chromium >/dev/null ||
		skip "chromium is not installed (scripts/install-deps installs it)"
	mkdir -p profile-dir
	chromium_run --dump-dom about:blank >/dev/null 2>chromium.err ||
		skip "chromium cannot start here: $(tail -n 1 chromium.err)"
}

chromium_run() {
	rm -rf profile-dir && mkdir profile-dir
	timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic \
	    --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --user-data-dir="$PWD/profile-dir" --hide-scrollbars \
	    --enable-logging=stderr --v=0 "$@"
}

# In the rendered DOM, each chart's svg has marks (rect, path, circle).
assert_charts_drawn() {
	python3 -c '
import sys, xml.etree.ElementTree as ET
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.depth = 0; self.svgs = []
    def handle_starttag(self, tag, attrs):
        if tag == "svg": self.svgs.append(0); self.depth += 1
        elif self.depth and tag in ("rect", "path", "circle", "polygon"): self.svgs[-1] += 1
    def handle_endtag(self, tag):
        if tag == "svg": self.depth -= 1
p = P(); p.feed(open(sys.argv[1]).read())
want = int(sys.argv[2])
assert len(p.svgs) == want, "%d charts, want %d" % (len(p.svgs), want)
assert all(n > 0 for n in p.svgs), "an empty chart: %r" % p.svgs' "$1" "$2"
}

@test "Chromium renders the sample report and a profile page without errors" {
	chromium_or_skip
	full_report -o report.html
	crm-report --profiles "$LIST" --as-of $DAY --customers "$S/joined.csv" \
	    --contacts "$SAMPLE/contacts.csv" --tickets "$SAMPLE/feedback.csv" -o pages
	chromium_run --window-size=1300,2600 --screenshot="$PWD/report.png" \
	    "file://$PWD/report.html" 2>report.log
	chromium_run --dump-dom "file://$PWD/report.html" >dom.html 2>>report.log
	chromium_run --window-size=1300,1400 --screenshot="$PWD/profile.png" \
	    "file://$PWD/pages/张伟.html" 2>profile.log
	for png in report.png profile.png; do
		[ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] ||
			fail "$png is not a PNG"
		[ "$(stat -c %s "$png")" -gt 50000 ] || fail "$png is nearly empty"
	done
	run grep -hE 'CONSOLE|Uncaught|Failed to load resource|net::ERR' report.log profile.log
	assert_output ""
	assert_charts_drawn dom.html 13
}
