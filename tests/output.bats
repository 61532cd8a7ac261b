#!/usr/bin/env bats
# -o FILE in every tool: regular files replaced atomically, symbolic links
# kept, FIFOs and devices written directly, the named temporary file used
# where O_TMPFILE is missing (forced with CRM_TMPFILE=named), and the old
# file intact when a run fails or is killed.

load test_helper

SAMPLE=$BATS_TEST_DIRNAME/../data/sample
TOOLS="crm-rfm crm-segment crm-join crm-schedule crm-churn crm-cohort crm-dedupe"

setup() {
	cd "$BATS_TEST_TMPDIR"
	crm-rfm --as-of 2026-11-23 "$SAMPLE/orders.csv" >rfm.csv
}

# tool NAME [options]: NAME on the sample with its usual options.
tool() {
	local name=$1
	shift
	case $name in
	crm-rfm) crm-rfm --as-of 2026-11-23 "$@" "$SAMPLE/orders.csv" ;;
	crm-segment) crm-segment --name tier \
	    --tiers monetary=gold:0.2,silver:0.3,bronze "$@" rfm.csv ;;
	crm-join) crm-join --left "$@" "$SAMPLE/customers.csv" rfm.csv ;;
	crm-schedule) crm-schedule -q --as-of 2026-11-23 \
	    --policy "$SAMPLE/policy.csv" --capacity 25 "$@" \
	    "$SAMPLE/customers.csv" ;;
	crm-churn) crm-churn -q --as-of 2026-11-23 "$@" rfm.csv ;;
	crm-cohort) crm-cohort -q --as-of 2026-11-23 "$@" "$SAMPLE/orders.csv" ;;
	crm-dedupe) crm-dedupe -q "$@" "$SAMPLE/customers.csv" ;;
	esac
}

# The names in the current directory, hidden ones too, one line.
entries() {
	ls -A | tr '\n' ' '
}

# Hidden temporary files of -o, in directory $1 (default .).
leftovers() {
	find "${1:-.}" -maxdepth 1 -name '.*.csv.*' | wc -l
}

@test "a new file and a replaced one hold what standard output gets, and nothing else is left" {
	for t in $TOOLS; do
		tool "$t" >"want-$t.csv"
		run tool "$t" -o "new-$t.csv"
		assert_success
		assert_same "new-$t.csv" "want-$t.csv"
		echo old >"old-$t.csv"
		run tool "$t" -o "old-$t.csv"
		assert_success
		assert_same "old-$t.csv" "want-$t.csv"
	done
	[ "$(leftovers)" -eq 0 ]
}

@test "a replaced file keeps its mode; a new one gets 0666 less the umask" {
	echo old >kept.csv
	chmod 640 kept.csv
	run tool crm-rfm -o kept.csv
	assert_success
	[ "$(stat -c %a kept.csv)" = 640 ]
	chmod 604 kept.csv
	CRM_TMPFILE=named run tool crm-rfm -o kept.csv
	[ "$(stat -c %a kept.csv)" = 604 ]
	umask 027
	run tool crm-rfm -o fresh.csv
	[ "$(stat -c %a fresh.csv)" = 640 ]
	CRM_TMPFILE=named run tool crm-rfm -o fresh-named.csv
	[ "$(stat -c %a fresh-named.csv)" = 640 ]
}

@test "-o onto a relative symbolic link replaces its target and keeps the link" {
	for t in $TOOLS; do
		tool "$t" >want.csv
		mkdir -p "lists/$t"
		echo old >"lists/$t/real.csv"
		ln -s "lists/$t/real.csv" "link-$t.csv"
		run tool "$t" -o "link-$t.csv"
		assert_success
		[ -L "link-$t.csv" ]
		[ "$(readlink "link-$t.csv")" = "lists/$t/real.csv" ]
		assert_same "lists/$t/real.csv" want.csv
		[ "$(leftovers "lists/$t")" -eq 0 ]
	done
	[ "$(leftovers)" -eq 0 ]
}

@test "a relative link is read from the link's directory, through a chain of links" {
	tool crm-rfm >want.csv
	mkdir -p a/b
	echo old >a/real.csv
	ln -s ../real.csv a/b/one.csv	# a/b/../real.csv
	ln -s b/one.csv a/two.csv	# a/b/one.csv
	ln -s a/two.csv three.csv
	run tool crm-rfm -o three.csv
	assert_success
	[ -L three.csv ] && [ -L a/two.csv ] && [ -L a/b/one.csv ]
	assert_same a/real.csv want.csv
	[ "$(entries)" = "a rfm.csv three.csv want.csv " ]
}

@test "-o onto an absolute link to another file system: the temporary file is made beside the target" {
	[ -d /dev/shm ] && [ -w /dev/shm ] || skip "no /dev/shm"
	[ "$(stat -f -c %T /dev/shm)" != "$(stat -f -c %T .)" ] ||
		skip "/dev/shm is on the same file system type"
	target=$(mktemp /dev/shm/crm-output-XXXXXX.csv)
	echo old >"$target"
	ln -s "$target" abs.csv
	tool crm-rfm >want.csv
	for how in unnamed named; do
		CRM_TMPFILE=$how run tool crm-rfm -o abs.csv
		assert_success
		[ -L abs.csv ]
		assert_same "$target" want.csv
	done
	rm -f "$target"
	[ "$(leftovers /dev/shm)" -eq 0 ]
}

@test "-o onto a dangling link creates its target and keeps the link" {
	tool crm-rfm >want.csv
	mkdir out
	ln -s out/today.csv latest.csv
	run tool crm-rfm -o latest.csv
	assert_success
	[ -L latest.csv ]
	assert_same out/today.csv want.csv
	ln -s missing/today.csv nowhere.csv
	run tool crm-rfm -o nowhere.csv
	assert_failure 1
	assert_output "crm-rfm: nowhere.csv: cannot create output in missing: No such file or directory"
	[ -L nowhere.csv ]
}

@test "a loop of links is a clear error" {
	ln -s b.csv a.csv
	ln -s a.csv b.csv
	run tool crm-rfm -o a.csv
	assert_failure 1
	assert_output "crm-rfm: a.csv: cannot follow: Too many levels of symbolic links"
	[ -L a.csv ] && [ -L b.csv ]
}

@test "-o onto a FIFO writes into it: a reader gets the whole output, the FIFO stays" {
	for t in $TOOLS; do
		tool "$t" >want.csv
		mkfifo "fifo-$t"
		cat "fifo-$t" >"got-$t.csv" 3>&- &
		reader=$!
		run tool "$t" -o "fifo-$t"
		assert_success
		[ -p "fifo-$t" ] || { kill "$reader"; fail "the FIFO was replaced"; }
		wait "$reader"
		assert_same "got-$t.csv" want.csv
	done
	[ "$(leftovers)" -eq 0 ]
}

@test "-o onto a character device writes to it and leaves the device alone" {
	# As root, devices of our own, so that a failure cannot replace the
	# machine's /dev/null or /dev/full.
	null=/dev/null full=/dev/full
	if [ "$(id -u)" -eq 0 ]; then
		mknod null c 1 3
		mknod full c 1 7
		null=$PWD/null full=$PWD/full
	fi
	for t in $TOOLS; do
		run tool "$t" -o "$null"
		assert_success
		assert_output ""
		[ -c "$null" ]
		run tool "$t" -o "$full"
		assert_failure 1
		assert_output "$t: $full: write error: No space left on device"
		[ -c "$full" ]
	done
}

@test "-o /dev/stdout writes to standard output as the shell set it up, > or >>" {
	tool crm-rfm >want.csv
	tool crm-rfm -o /dev/stdout >got.csv
	assert_same got.csv want.csv
	tool crm-rfm -o /dev/stdout >>got.csv
	cat want.csv want.csv >twice.csv
	assert_same got.csv twice.csv
	tool crm-rfm -o /dev/fd/1 | cat >piped.csv
	assert_same piped.csv want.csv
	[ "$(leftovers)" -eq 0 ]
}

@test "a directory as -o is a clear error" {
	mkdir lists
	for t in $TOOLS; do
		run tool "$t" -o lists
		assert_failure 1
		assert_output "$t: lists: is a directory"
	done
	ln -s lists dirlink
	run tool crm-rfm -o dirlink
	assert_failure 1
	assert_output "crm-rfm: dirlink: is a directory"
	[ -z "$(ls -A lists)" ]
}

@test "a read-only directory is a clear error and the old file stays" {
	mkdir ro
	echo old >ro/out.csv
	run_ro=()
	error="Permission denied"
	if [ "$(id -u)" -eq 0 ]; then
		# root writes anywhere: a read-only mount in a namespace of its own
		run_ro=(unshare -m bash -c 'mount -o bind,ro ro ro && "$@"' ro)
		error="Read-only file system"
	else
		chmod 555 ro
	fi
	for t in crm-rfm crm-segment crm-join; do
		for how in unnamed named; do
			CRM_TMPFILE=$how run "${run_ro[@]}" bash -c \
			    "$(declare -f tool); SAMPLE='$SAMPLE' tool $t -o ro/out.csv"
			assert_failure 1
			assert_output "$t: ro/out.csv: cannot create output in ro: $error"
		done
	done
	[ "$(cat ro/out.csv)" = old ]
	[ "$(leftovers ro)" -eq 0 ]
}

@test "the named fallback: same output, no temporary file left on success" {
	mkdir spool
	for t in $TOOLS; do
		tool "$t" >want.csv
		echo old >"out-$t.csv"
		CRM_TMPFILE=named TMPDIR=$PWD/spool run tool "$t" -o "out-$t.csv" \
		    --rejects "rejects-$t.csv"
		assert_success
		assert_same "out-$t.csv" want.csv
	done
	[ "$(leftovers)" -eq 0 ]
	[ -z "$(ls -A spool)" ]
}

@test "the named fallback: a run that fails leaves the old file and no temporary file" {
	echo old >out.csv
	echo old >rejects.csv
	printf 'customer_id,v\nK000005,1\nK000003,"a"b\n' >bad.csv
	CRM_TMPFILE=named run crm-join --hash left rfm.csv bad.csv -o out.csv \
	    --rejects rejects.csv
	assert_failure 1
	assert_output --partial "bad.csv:3: malformed quotes"
	[ "$(cat out.csv)" = old ] && [ "$(cat rejects.csv)" = old ]
	[ "$(leftovers)" -eq 0 ]
}

# A crm-join writing -o out.csv (2.1 MB of rows) while its input, the FIFO
# feed, stays open until the file 'stop' appears; $writer is its pid.
# $WRAP, if set, is a command that runs it (and execs).
start_writer() {
	printf 'customer_id,name\nC1,a\n' >held.csv
	mkfifo feed
	# shellcheck disable=SC2086 # $WRAP is a command and its options
	${WRAP:-} crm-join --hash left held.csv feed -o out.csv 3>&- &
	writer=$!
	{
		echo customer_id,v
		yes C1,1 | head -n 300000
		while [ ! -e stop ]; do sleep 0.05; done
	} >feed 3>&- &
	feeder=$!
}

# Wait until the writer's temporary file holds more than 1 MB: an
# unnamed one (/proc shows "#inode (deleted)"), or with CRM_TMPFILE=named
# .out.csv.XXXXXX.
wait_mid_write() {
	local i fd temp
	temp="$(pwd -P)/#*"
	[ "${CRM_TMPFILE:-}" = named ] && temp="$(pwd -P)/.out.csv.??????"
	for i in $(seq 400); do
		for fd in /proc/"$writer"/fd/*; do
			# shellcheck disable=SC2254 # $temp is a pattern
			case $(readlink "$fd" 2>/dev/null) in
			$temp)
				[ "$(stat -L -c %s "$fd" 2>/dev/null || echo 0)" -gt 1000000 ] &&
					return 0 ;;
			esac
		done
		sleep 0.05
	done
	kill "$writer"
	touch stop
	fail "no temporary file ($temp) of more than 1 MB"
}

# Stop the writer with signal $1 in the middle; its exit status in $killed.
kill_mid_write() {
	start_writer
	wait_mid_write
	kill -s "$1" "$writer"
	killed=0
	wait "$writer" || killed=$?
	touch stop
	wait "$feeder" || true
}

@test "killed mid-write by SIGTERM: the old file is intact and nothing is left" {
	head -c 100000 /dev/urandom >old.csv
	for how in unnamed named; do
		cp old.csv out.csv
		CRM_TMPFILE=$how kill_mid_write TERM
		[ "$killed" -eq 143 ]
		cmp out.csv old.csv
		[ "$(leftovers)" -eq 0 ]
		rm -f stop feed
	done
}

@test "named fallback: SIGINT and SIGHUP remove the temporary file too, and the status shows the signal" {
	head -c 100000 /dev/urandom >old.csv
	for sig in INT HUP; do
		cp old.csv out.csv
		# a background job starts with SIGINT ignored; give it back
		CRM_TMPFILE=named WRAP="env --default-signal=INT,HUP" \
		    kill_mid_write "$sig"
		[ "$killed" -eq $((128 + $(kill -l "$sig"))) ]
		cmp out.csv old.csv
		[ "$(leftovers)" -eq 0 ]
		rm -f stop feed
	done
}

@test "killed by SIGKILL: the old file is intact; unnamed, nothing is left" {
	head -c 100000 /dev/urandom >old.csv
	cp old.csv out.csv
	kill_mid_write KILL
	[ "$killed" -eq 137 ]
	cmp out.csv old.csv
	[ "$(leftovers)" -eq 0 ]
}

@test "killed by SIGKILL with named temporary files: one hidden file is left, and the next run does not trip on it" {
	head -c 100000 /dev/urandom >old.csv
	cp old.csv out.csv
	CRM_TMPFILE=named kill_mid_write KILL
	[ "$killed" -eq 137 ]
	cmp out.csv old.csv
	[ "$(leftovers)" -eq 1 ]
	crm-join --hash left held.csv rfm.csv >want.csv
	CRM_TMPFILE=named run crm-join --hash left held.csv rfm.csv -o out.csv
	assert_success
	assert_same out.csv want.csv
	[ "$(leftovers)" -eq 1 ]
}

@test "the spool of a two-pass tool: unnamed, or named and removed at once (CRM_TMPFILE=named)" {
	mkdir spool
	mkfifo feed
	for how in unnamed named; do
		CRM_TMPFILE=$how TMPDIR=$PWD/spool crm-segment --name tier \
		    --tiers monetary=gold:0.2,silver:0.3,bronze feed -o out.csv 3>&- &
		pid=$!
		exec 4>feed
		head -n 100 rfm.csv >&4
		for i in $(seq 200); do
			spooled=$(readlink /proc/$pid/fd/* 2>/dev/null | grep "$(pwd -P)/spool/" || true)
			[ -n "$spooled" ] && break
			sleep 0.05
		done
		[ -z "$(ls -A spool)" ]
		case $how in
		unnamed) [[ $spooled == */spool/#*" (deleted)" ]] ;;
		named) [[ $spooled == */spool/.crm-spool.??????" (deleted)" ]] ;;
		esac
		exec 4>&-
		wait "$pid"
		[ "$(wc -l <out.csv)" -eq 100 ]
		[ -z "$(ls -A spool)" ]
	done
}
