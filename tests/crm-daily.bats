#!/usr/bin/env bats
# scripts/crm-daily: the morning job end to end on the sample exports.

load test_helper

TOP=$BATS_TEST_DIRNAME/..
DAILY=$TOP/scripts/crm-daily
SAMPLE=$TOP/data/sample

setup() {
	cd "$BATS_TEST_TMPDIR"
}

@test "the sample exports as of 2026-11-23 give the committed list, byte for byte" {
	run "$DAILY" -d "$SAMPLE" -o out --as-of 2026-11-23 --capacity 25
	assert_success
	assert_same out/followups/2026-11-23.csv "$DATA/daily-2026-11-23.csv"
	assert_line "crm-daily: rfm: 2811 rows"
	assert_line "crm-daily: join: 3208 rows"
	assert_line "crm-daily: lifecycle: 3208 rows"
	assert_line "crm-daily: schedule: 558 rows"
	assert_line "crm-daily: missed call backs: 15 (in _missed_callbacks.csv)"
	assert_line "crm-daily: owners: 8"
}

@test "one file per owner with the header; together they are the day's list" {
	"$DAILY" -d "$SAMPLE" -o out --as-of 2026-11-23 --capacity 25 2>/dev/null
	cd out/followups/2026-11-23
	run bash -c "ls | grep '\\.csv\$'"
	assert_output "_missed_callbacks.csv
_pool.csv
_reclaim.csv
刘洋.csv
周杰.csv
张伟.csv
李娜.csv
杨帆.csv
王磊.csv
赵敏.csv
陈静.csv"
	for f in *.csv; do
		[ "$f" = _reclaim.csv ] || [ "$f" = _missed_callbacks.csv ] &&
			continue
		head -1 "$f" | cmp - <(head -1 ../2026-11-23.csv) || fail "$f: header"
		tail -n +2 "$f"
	done | sort >owners.txt
	tail -n +2 ../2026-11-23.csv | sort | cmp - owners.txt
	run awk -F, '{ print $1 "," $3 "," $(NF - 2) "," $(NF - 1) "," $NF }' _reclaim.csv
	assert_output "customer_id,owner,former_owner,pool_reason,idle_days
K001010,,刘洋,no_followup,35
K002349,,刘洋,no_followup,32"
	run grep -c . ../../.crm-daily.*
	assert_failure
}

@test "tickets go through crm-feedback: due call backs on the list, the missed ones for the manager" {
	"$DAILY" -d "$SAMPLE" -o out --as-of 2026-11-23 --capacity 25 2>/dev/null
	# the eleven tickets of data/sample/README.md awaiting their call back
	run awk -F, '$5 == "feedback_followup" { n++ } END { print n }' out/followups/2026-11-23.csv
	assert_output "11"
	# survey.csv through crm-survey --per-customer: the detractors who
	# answered in the policy's 7 days and were not contacted since
	run awk -F, '$5 == "detractor" || $8 ~ /detractor/ { n++ } END { print n }' out/followups/2026-11-23.csv
	assert_output "25"
	run awk -F, 'NR > 1 { print $1, $(NF) }' out/followups/2026-11-23/_missed_callbacks.csv
	assert_line --index 0 "T00013 missed"
	[ "${#lines[@]}" -eq 15 ]
}

@test "a failing stage exits non-zero and leaves no output, and an earlier run's output stays" {
	cp -r "$SAMPLE" exports
	"$DAILY" -d exports -o out --as-of 2026-11-23 2>/dev/null
	cp out/followups/2026-11-23.csv before.csv
	grep -v '^contact,\*' "$SAMPLE/policy.csv" >exports/policy.csv
	run "$DAILY" -d exports -o out --as-of 2026-11-23
	assert_failure 1
	assert_line "crm-daily: schedule: crm-schedule: exports/policy.csv: no default contact rule: add a row 'contact,*,...' for the customers no other rule matches"
	assert_line "crm-daily: schedule failed (exit status 1); nothing was written"
	cmp before.csv out/followups/2026-11-23.csv
	run "$DAILY" -d exports -o out --as-of 2026-11-24
	assert_failure 1
	[ ! -e out/followups/2026-11-24.csv ] || fail "a partial list was left"
	[ ! -e out/followups/2026-11-24 ] || fail "a partial directory was left"
	run ls -A out/followups
	assert_output "2026-11-23
2026-11-23.csv"
}

@test "a broken export stops the first stage; a missing export is named" {
	cp -r "$SAMPLE" exports
	printf '订单号,客户编号,下单时间,实付金额\n1,K1,yesterday,5\n' >exports/orders.csv
	run "$DAILY" -d exports -o out --as-of 2026-11-23
	assert_failure 1
	assert_line "crm-daily: rfm failed (exit status 1); nothing was written"
	[ ! -e out/followups/2026-11-23.csv ]
	rm exports/customers.csv
	run "$DAILY" -d exports -o out --as-of 2026-11-23
	assert_failure 1
	assert_output "crm-daily: exports/customers.csv: not found (needed)"
}

@test "owner names unsafe in file names are written as %XX; the empty owner is _pool" {
	cp -r "$SAMPLE" exports
	awk -F, -v OFS=, '$3 == "王磊" { $3 = "a/b" } $3 == "李娜" { $3 = ".hidden" }
	    $3 == "张伟" { $3 = "_pool" } $3 == "刘洋" { $3 = "100%" } { print }' \
	    "$SAMPLE/customers.csv" >exports/customers.csv
	"$DAILY" -d exports -o out --as-of 2026-11-23 2>/dev/null
	run bash -c "ls -A out/followups/2026-11-23 | grep '\\.csv\$'"
	assert_output "%2Ehidden.csv
%5Fpool.csv
100%25.csv
_missed_callbacks.csv
_pool.csv
_reclaim.csv
a%2Fb.csv
周杰.csv
杨帆.csv
赵敏.csv
陈静.csv"
	run cut -d, -f2 out/followups/2026-11-23/a%2Fb.csv
	assert_line --index 1 "a/b"
	[ -s out/followups/2026-11-23/a%2Fb.html ] || fail "no profile page for a/b"
}

@test "a profile page beside each owner's list, and an index of them" {
	"$DAILY" -d "$SAMPLE" -o out --as-of 2026-11-23 --capacity 25 2>err
	grep -qx 'crm-daily: profiles: 10 pages' err
	cd out/followups/2026-11-23
	for list in *.csv; do
		[ "$list" = _reclaim.csv ] || [ "$list" = _missed_callbacks.csv ] &&
			continue
		due=$(awk -F, 'NR > 1 && $3 == "2026-11-23"' "$list" | wc -l)
		[ "$due" -eq 0 ] && continue
		page=${list%.csv}.html
		[ "$(grep -o '<article class="card person">' "$page" | wc -l)" -eq "$due" ] ||
			fail "$page: not one card for each of the $due customers due today"
		grep -q "href=\"$page\"" index.html || fail "index.html lacks $page"
	done
	# K000191 (no owner) answered NPS 2 on 2026-11-09, its latest answer
	grep -qx 'K000191,2026Q4,nps,2,2026-11-09' "$SAMPLE/survey.csv"
	card=$(awk '/K000191/,/<\/article>/' _pool.html)
	[[ $card == *"<li>NPS: detractor · 2 · 2026-11-09</li>"* ]]
	# its tags: tier, level, segment, lifecycle stage (no purchase for 607
	# days: lost), churn risk (p_alive 0.013: high), city
	[[ $card == *'<div class="tags"><span>silver</span><span>B</span><span>Can&#39;t Lose Them</span><span>lost</span><span>Churn risk: high</span><span>青岛</span></div>'* ]]
}

@test "a long owner name: the profile page has the name of the owner's list, cut the same way" {
	cp -r "$SAMPLE" exports
	long=$(printf '甲%.0s' $(seq 100))	# 300 bytes, over a file name's 255
	awk -F, -v OFS=, -v long="$long" '$3 == "王磊" { $3 = long } { print }' \
	    "$SAMPLE/customers.csv" >exports/customers.csv
	"$DAILY" -d exports -o out --as-of 2026-11-23 2>/dev/null
	cd out/followups/2026-11-23
	list=$(ls | grep '%~.*\.csv$')
	[ "$(echo "$list" | wc -l)" -eq 1 ] || fail "not one cut list: $list"
	[ -s "${list%.csv}.html" ] || fail "no page ${list%.csv}.html beside $list"
	grep -q "href=\"${list%.csv}.html\"" index.html || fail "index.html lacks the page"
}

@test "a second run of the same day replaces the day's files" {
	"$DAILY" -d "$SAMPLE" -o out --as-of 2026-11-23 2>/dev/null
	touch out/followups/2026-11-23/stale.csv
	"$DAILY" -d "$SAMPLE" -o out --as-of 2026-11-23 --capacity 25 2>/dev/null
	[ ! -e out/followups/2026-11-23/stale.csv ] || fail "the old directory was kept"
	cmp out/followups/2026-11-23.csv "$DATA/daily-2026-11-23.csv"
}

# A CRM_BIN of links to the real tools, with stubs in front of some.
stub_bin() {
	mkdir -p bin
	for tool in crm-rfm crm-churn crm-clv crm-segment crm-join crm-schedule; do
		ln -sf "$(command -v "$tool")" bin/
	done
}

# stub TOOL: replace the link bin/TOOL (not the tool) by the script on stdin.
stub() {
	rm -f "bin/$1"
	cat >"bin/$1"
	chmod +x "bin/$1"
}

@test "publishing never loses the previous lists: a move that fails puts the earlier ones back" {
	"$DAILY" -d "$SAMPLE" -o out --as-of 2026-11-23 --capacity 25 2>/dev/null
	cp -r out/followups before
	stub_bin
	# mv fails for the new owner directory, then for the new list
	for target in "/new/2026-11-23" "/new/2026-11-23.csv"; do
		stub mv <<-EOF
		#!/bin/sh
		for arg; do
		    case \$arg in *"$target") echo "mv: \$arg: Read-only file system" >&2; exit 1 ;; esac
		done
		exec /bin/mv "\$@"
		EOF
		run env CRM_BIN="$PWD/bin" "$DAILY" -d "$SAMPLE" -o out --as-of 2026-11-23
		assert_failure 1
		diff -r before out/followups >/dev/null || fail "$target: the previous lists changed: $(diff -r before out/followups | head -5)"
		assert_line "crm-daily: cannot write out/followups/2026-11-23.csv and out/followups/2026-11-23; the previous lists are unchanged"
	done
	rm bin/mv
	run ls -A out/followups
	assert_output "2026-11-23
2026-11-23.csv"
}

@test "a failing middle stage fails the job, and the previous list stays" {
	"$DAILY" -d "$SAMPLE" -o out --as-of 2026-11-23 --capacity 25 2>/dev/null
	cp out/followups/2026-11-23.csv before.csv
	stub_bin
	# crm-clv writes its header and a row, then fails
	printf '#!/bin/sh\nprintf "customer_id,clv\\nK1,1\\n"\necho "crm-clv: out of memory" >&2\nexit 1\n' |
	    stub crm-clv
	run env CRM_BIN="$PWD/bin" "$DAILY" -d "$SAMPLE" -o out --as-of 2026-11-23
	assert_failure 1
	assert_line "crm-daily: clv: crm-clv: out of memory"
	assert_line "crm-daily: clv failed (exit status 1); nothing was written"
	refute_line --partial "schedule:"
	cmp before.csv out/followups/2026-11-23.csv
}

@test "one run at a time: a second run while the lock is held says so and exits 1" {
	mkdir out
	exec 9>>out/.crm-daily.lock
	flock -n 9
	run "$DAILY" -d "$SAMPLE" -o out --as-of 2026-11-23
	assert_failure 1
	assert_output "crm-daily: another crm-daily is writing to out (it holds out/.crm-daily.lock); this run did nothing"
	[ ! -e out/followups ] || fail "the second run wrote something"
	run "$DAILY" --help
	assert_line "One run at a time: crm-daily holds a lock (flock) on OUT_DIR/.crm-daily.lock"
	exec 9>&-
	run "$DAILY" -d "$SAMPLE" -o out --as-of 2026-11-23 --capacity 25
	assert_success
	cmp out/followups/2026-11-23.csv "$DATA/daily-2026-11-23.csv"
}

@test "the lock is held while the stages run: a run started meanwhile stops" {
	stub_bin
	# crm-rfm waits until the test has tried a second run
	printf '#!/bin/sh\nwhile [ ! -e %s/tried ]; do sleep 0.1; done\nexec %s "$@"\n' \
	    "$PWD" "$(command -v crm-rfm)" | stub crm-rfm
	env CRM_BIN="$PWD/bin" "$DAILY" -d "$SAMPLE" -o out --as-of 2026-11-23 --capacity 25 2>first.log &
	first=$!
	while [ ! -e out/followups ]; do sleep 0.1; done
	run "$DAILY" -d "$SAMPLE" -o out --as-of 2026-11-23
	touch tried
	wait "$first" || fail "the first run failed: $(cat first.log)"
	assert_failure 1
	assert_output --partial "another crm-daily is writing to out"
	cmp out/followups/2026-11-23.csv "$DATA/daily-2026-11-23.csv"
}

@test "usage: --help, unknown arguments, a bad date" {
	run "$DAILY" --help
	assert_success
	assert_line --index 0 "Usage: crm-daily [-d EXPORTS_DIR] [-o OUT_DIR] [--as-of DATE] [-c N]"
	run "$DAILY" --frobnicate
	assert_failure 2
	assert_line --index 0 "crm-daily: unknown argument '--frobnicate'"
	run "$DAILY" --as-of yesterday
	assert_failure 2
	run "$DAILY" -c 0
	assert_failure 2
}

@test "the tools are found through CRM_BIN, and a missing tool is named" {
	bin=$(dirname "$(command -v crm-schedule)")
	run env CRM_BIN="$bin" PATH=/usr/bin:/bin "$DAILY" -d "$SAMPLE" -o out --as-of 2026-11-23 --capacity 25
	assert_success
	cmp out/followups/2026-11-23.csv "$DATA/daily-2026-11-23.csv"
	mkdir empty
	run env CRM_BIN="$PWD/empty" PATH=/usr/bin:/bin "$DAILY" -d "$SAMPLE" -o out2 --as-of 2026-11-23
	assert_failure 1
	assert_output "crm-daily: crm-rfm not found: put the crm-* programs on PATH or set CRM_BIN"
}

@test "make demo's script keeps what it wrote in the directory it prints, and runs again" {
	BUILD=${CRM_BUILD:-build} run "$TOP/scripts/demo" "$PWD/demo-out"
	assert_success
	assert_line "== everything the demo wrote is in $PWD/demo-out"
	assert_same demo-out/followups/2026-11-23.csv "$DATA/daily-2026-11-23.csv"
	BUILD=${CRM_BUILD:-build} run "$TOP/scripts/demo" "$PWD/demo-out"
	assert_success
	assert_same demo-out/followups/2026-11-23.csv "$DATA/daily-2026-11-23.csv"
}
