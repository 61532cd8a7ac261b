#!/usr/bin/env bats
# The documentation says what the programs do: every option in --help is
# in the man page, every column alias in man 7 crm, every tool everywhere.

load test_helper

TOP=$BATS_TEST_DIRNAME/..

setup() {
	cd "$BATS_TEST_TMPDIR"
}

tools() {
	for src in "$TOP"/cmd/crm-*.c; do
		basename "$src" .c
	done
}

@test "every long option in --help is documented in the tool's man page" {
	for tool in $(tools); do
		for opt in $("$tool" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
			grep -qF -- "Fl \\${opt#-}" "$TOP/man/$tool.1" ||
				fail "$tool: $opt is not in man/$tool.1"
		done
	done
}

@test "every option in a man page is in --help" {
	for tool in $(tools); do
		help=$("$tool" --help)
		for opt in $(grep -oE 'Fl \\-[a-z][a-z-]*' "$TOP/man/$tool.1" | sed 's/Fl \\-//' | sort -u); do
			grep -qF -- "--$opt" <<<"$help" ||
				fail "$tool: --$opt is in man/$tool.1 but not in --help"
		done
	done
}

@test "man 7 crm lists every column alias of the alias table" {
	awk '/^} aliases\[\] = \{/, /^};/' "$TOP/libcrm/columns.c" |
	    tr -d '\n\t' | grep -oE '\{ "[^"]+", ("[^"]*" *)+\}' >entries
	[ -s entries ] || fail "no alias table found in libcrm/columns.c"
	while read -r entry; do
		names=$(echo "$entry" | sed -E 's/^\{ "[^"]+", //; s/" *"//g; s/^"//; s/" *\}$//')
		grep -qF -- "$names" "$TOP/man/crm.7" ||
			fail "man/crm.7 lacks the aliases: $names"
	done <entries
}

@test "every tool has a man page, a test file, and a line in README and crm.7" {
	for tool in $(tools); do
		[ -f "$TOP/man/$tool.1" ] || fail "no man/$tool.1"
		[ -f "$TOP/tests/$tool.bats" ] || fail "no tests/$tool.bats"
		grep -q -- "$tool" "$TOP/README.md" || fail "README lacks $tool"
		grep -q -- "Xr $tool 1" "$TOP/man/crm.7" || fail "crm.7 lacks $tool"
	done
}

@test "the man pages format without warnings" {
	for page in "$TOP"/man/*.[17]; do
		run bash -c "LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l '$page' 2>&1 >/dev/null"
		assert_output ""
	done
}

@test "without the CDNOW data its tests skip, and the summary counts them and names why" {
	CRM_CDNOW=$BATS_TEST_TMPDIR/no-cdnow bats --tap -f CDNOW \
	    "$TOP/tests/crm-churn.bats" >tap.txt || true
	run "$TOP/tests/tap-summary" <tap.txt
	assert_success
	assert_line --index 0 "# skipped: CDNOW data not found at $BATS_TEST_TMPDIR/no-cdnow (it ships with lifetimes and BTYD: see README; CRM_CDNOW=DIR)"
	assert_line --index 1 --regexp '^[0-9]+ passed, 0 failed, [1-9][0-9]* skipped$'
	printf 'ok 1 a\nnot ok 2 b\n' >tap.txt
	run "$TOP/tests/tap-summary" <tap.txt
	assert_failure
	assert_output "1 passed, 1 failed"
}

@test "no --help prints a heading with nothing under it" {
	for tool in $(tools); do
		"$tool" --help | awk -v tool="$tool" '
		    heading && ($0 == "" || /^[^ ].*:$/) {
			print tool ": empty heading: " heading; bad = 1 }
		    { heading = /^[^ ].*:$/ ? $0 : "" }
		    END { exit bad }' || fail "$tool --help has an empty heading"
	done
}

@test "the daily pipelines of README, crm.7 and crm-schedule.1 run under set -o pipefail" {
	for doc in README.md man/crm.7 man/crm-schedule.1; do
		run awk '
		    # a pipe of crm-* tools starts on a line that ends in |
		    /^(\$ )?crm-[a-z]+ .*\|[ \t]*$/ && prev !~ /(\||\\|\\e)[ \t]*$/ {
			pipes++
			if (prev !~ /set -o pipefail/)
				print FILENAME ":" FNR ": no set -o pipefail before the pipe"
		    }
		    { prev = $0 }
		    END { if (pipes == 0) print FILENAME ": no pipeline found" }' "$TOP/$doc"
		assert_output ""
	done
}
