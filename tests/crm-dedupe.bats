#!/usr/bin/env bats
# crm-dedupe: normalization, blocking, Fellegi-Sunter scoring and clusters,
# through the real binary. Most tests score with a model written by hand
# (dedupe-weights.csv, without term-frequency adjustment) so that every
# weight can be checked: C01-C02 agree on all seven fields but company;
# name, phone, e-mail and birthday add log2(0.8/0.005) + log2(0.85/0.005)
# + log2(0.7/0.005) + log2(0.9/0.01), address and city (both places)
# count once, the larger: log2(0.5/0.02), and the prior is
# log2(2^-10 / (1 - 2^-10)): 22.9977.

load test_helper

# Fields N,M,... of the row whose id is ID, quoted fields kept whole.
row() {	# FILE ID N...
	local file=$1 id=$2
	shift 2
	gawk -v FPAT='([^,]*)|("[^"]*")' -v id="$id" -v want="$*" '
	    $1 == id { n = split(want, f, " "); s = ""
	        for (i = 1; i <= n; i++) s = s (i > 1 ? "," : "") $f[i]
	        print s }' "$file"
}

setup() {
	cd "$BATS_TEST_TMPDIR"
	cp "$DATA/dedupe-people.csv" people.csv
	W="--weights $DATA/dedupe-weights.csv --no-tf -q"
}

@test "every record with its normalized fields, flags and cluster" {
	run crm-dedupe $W people.csv
	assert_success
	crm-dedupe $W people.csv >got.csv
	assert_same got.csv "$DATA/dedupe-people.out"
}

@test "normalization: width, case, +86/0086, extensions, name order, legal forms" {
	crm-dedupe $W people.csv >got.csv
	# C02: "张 伟", "+86 138-1234-5678", "ZhangWei@QQ.com", 上海市
	assert_equal "$(row got.csv C02 10 11 12 15)" \
	    "张伟,13812345678,zhangwei@qq.com,上海"
	# C07: "LIU, Kevin", 0044 ..., ACME Co., 12 Baker St Apt 3
	assert_equal "$(row got.csv C07 10 11 12 13 14 15)" \
	    "kevin liu,+442079460958,kevin@gmail.com,acme,12 baker st apt 3,london"
	# C08: full-width digits; 有限公司 dropped for matching
	assert_equal "$(row got.csv C08 11 13)" \
	    "18600002222,北京星光科技"
	# C10: GmbH and the umlaut; ß folds to ss
	assert_equal "$(row got.csv C10 10 13 14)" \
	    "anna schmidt,muller,hauptstrasse 5"
}

@test "a mistyped mail domain is flagged with a suggestion, never changed" {
	crm-dedupe $W people.csv >got.csv
	assert_equal "$(row got.csv C06 12 16 17 18)" \
	    "kevin@gmial.com,1,1,kevin@gmail.com"
}

@test "--pairs: each candidate pair once, field by field, weights that add up" {
	crm-dedupe $W --pairs people.csv >pairs.csv
	assert_same pairs.csv "$DATA/dedupe-pairs.out"
	# prior + place_weight + the other fields' weights = match_weight,
	# and place_weight is the largest of the places' weights, if positive
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	    $3 !~ /"/ { s = $col["prior_weight"] + $col["place_weight"]
	      top = 0; low = 0
	      for (c in col) if (c ~ /_weight$/ && c !~ /^(prior|place|match)_/) {
	          if (c ~ /^(company|address|city)_/) {
	              if ($col[c] > top) top = $col[c]
	              if ($col[c] < low) low = $col[c]
	          } else s += $col[c]
	      }
	      place = top > 0 ? top : low
	      d = s - $col["match_weight"]; e = place - $col["place_weight"]
	      if (d < -0.001 || d > 0.001 || e < -0.001 || e > 0.001) bad++ }
	    END { exit bad }' pairs.csv
}

@test "clusters are transitive: C11~C12 and C12~C13 join C11 and C13" {
	crm-dedupe $W --pairs people.csv >pairs.csv
	run grep '^C11,C13' pairs.csv
	assert_output --partial ",0.484115"
	crm-dedupe $W people.csv >got.csv
	assert_equal "$(for id in C11 C12 C13; do row got.csv $id 1 19 20; done)" \
	    "C11,C11,3
C12,C11,3
C13,C11,3"
}

@test "--merge: one survivor per cluster, and every id kept" {
	crm-dedupe $W --merge people.csv >merged.csv
	assert_equal "$(tail -n +2 merged.csv | wc -l)" 7
	assert_equal "$(grep '^C02' merged.csv | awk -F, '{ print $NF }')" \
	    "C01;C03"
	# every input id is a survivor or among merged_ids, exactly once
	{ tail -n +2 merged.csv | cut -d, -f1
	  tail -n +2 merged.csv | awk -F, '{ print $NF }' | tr ';' '\n'
	} | grep . | sort >ids
	tail -n +2 people.csv | cut -d, -f1 | sort >want
	assert_same ids want
}

@test "survivors: most complete, then most recent; --survivor recent; --prefer" {
	crm-dedupe $W --merge people.csv >m.csv
	# C01 and C02 are equally complete: C02 has the later activity
	run grep -c '^C02' m.csv
	assert_output 1
	crm-dedupe $W --merge --survivor recent people.csv >m.csv
	assert_equal "$(grep -c '^C02' m.csv)" 1
	# --prefer first: the highest id survives
	crm-dedupe $W --merge --prefer customer_id people.csv >m.csv
	assert_equal "$(cut -d, -f1 m.csv | tail -n +2 | tr '\n' ' ')" \
	    "C03 C04 C05 C07 C09 C10 C13 "
}

@test "--keymap: old_id,new_id for crm-join to re-key orders" {
	crm-dedupe $W --keymap map.csv people.csv >/dev/null
	assert_equal "$(head -n 4 map.csv)" "old_id,new_id
C01,C02
C02,C02
C03,C02"
	printf '客户编号,实付金额\nC01,5\nC03,7\nC10,1\n' >orders.csv
	run crm-join --on 客户编号=old_id orders.csv map.csv
	assert_output "客户编号,实付金额,new_id
C01,5,C02
C03,7,C02
C10,1,C10"
}

@test "--stale-days flags records without activity (empty date: stale)" {
	crm-dedupe $W --as-of 2026-11-23 --stale-days 90 people.csv >s.csv
	assert_equal "$(head -n 1 s.csv | tr ',' '\n' | grep -n '^stale$')" \
	    "19:stale"
	# as of 2026-11-23, 90 days back is 2026-08-25
	assert_equal "$(for i in 01 02 03 04 05 06 07 08 09 10 11 12 13; do
	    row s.csv C$i 1 19; done | tr '\n' ' ')" \
	    "C01,0 C02,0 C03,1 C04,0 C05,1 C06,1 C07,0 C08,1 C09,0 C10,1 C11,0 C12,1 C13,1 "
}

@test "invalid contacts are flagged; --drop-invalid sends them to --rejects" {
	printf 'customer_id,name,phone,email\nA,Ann,12345,ann@x\nB,Bob,13800000001,\n' >c.csv
	run crm-dedupe -q c.csv
	assert_success
	assert_line --index 1 "A,Ann,12345,ann@x,ann,12345,ann@x,0,0,,A,1,"
	run crm-dedupe -q --drop-invalid --rejects rej.csv c.csv
	assert_success
	assert_line "B,Bob,13800000001,,bob,13800000001,,1,,,B,1,"
	assert_line "crm-dedupe: 1 of 2 rows rejected, see rej.csv"
	assert_equal "$(cat rej.csv)" "customer_id,name,phone,email,reason
A,Ann,12345,ann@x,no valid phone or e-mail"
	run crm-dedupe --drop-invalid c.csv
	assert_failure 2
	assert_line --index 0 "crm-dedupe: --drop-invalid needs --rejects FILE for the dropped records"
}

@test "a record with every compared field empty: an error, or a reject" {
	printf 'customer_id,name,phone\nA,Ann,138\nB,,\n' >e.csv
	run crm-dedupe -q e.csv
	assert_failure 1
	assert_output "crm-dedupe: e.csv:3: every compared field is empty (name, ...)"
	run crm-dedupe -q --rejects rej.csv e.csv
	assert_success
	assert_equal "$(tail -n 1 rej.csv)" 'B,,,"every compared field is empty (name, ...)"'
}

@test "a --fields or --block column that does not exist lists the header" {
	run crm-dedupe --fields name,nope people.csv
	assert_failure 1
	assert_output "crm-dedupe: people.csv: column 'nope' not found; the header has: customer_id, name, phone, email, company, address, city, birthday, last_activity"
	run crm-dedupe --block 'postcode' people.csv
	assert_failure 1
	assert_output --partial "column 'postcode' not found; the header has: customer_id"
	run crm-dedupe --block 'name[3]' people.csv
	assert_failure 2
	assert_line --index 0 "crm-dedupe: --block: 'name[3]': '[3]' is not [:n] or [-n:]"
	run crm-dedupe --fields size=name people.csv
	assert_failure 2
}

@test "empty input is an error; header-only input gives the header" {
	: >empty.csv
	run crm-dedupe empty.csv
	assert_failure 1
	assert_output --partial "empty input"
	head -n 1 people.csv >header.csv
	run crm-dedupe -q header.csv
	assert_success
	assert_output "$(head -n 1 "$DATA/dedupe-people.out")"
}

@test "a block over --max-block is left out, named, with a way to refine it" {
	run crm-dedupe $W --block city --max-block 2 people.csv
	assert_success
	assert_output --partial "crm-dedupe: block city='上海' of rule 'city' has 3 records, more than --max-block 2: its pairs are not compared; refine the rule with another key (--block 'city,surname') or raise --max-block"
}

@test "blocking rules: a key's first characters, several rules, each pair once" {
	crm-dedupe $W --pairs --block 'surname,city' --block phone people.csv >p.csv
	# C01-C02 share both blocks but appear once, under the first rule
	assert_equal "$(grep -c '^C01,C02,' p.csv)" 1
	grep '^C01,C02,' p.csv >one.csv
	assert_equal "$(row one.csv C01 3 4)" '"surname,city",张伟'
	run crm-dedupe $W --pairs --block 'email_user[:4]' people.csv
	assert_line --partial 'C04,C05,email_user[:4],李娜,李娜,exact'
}

@test "the model is estimated reproducibly, and saved and loaded the same" {
	crm-dedupe -q people.csv >a.csv
	crm-dedupe -q --save-weights w.csv people.csv >b.csv
	cmp a.csv b.csv
	crm-dedupe -q --weights w.csv people.csv >c.csv
	cmp a.csv c.csv
	assert_equal "$(sed -n 2,3p w.csv)" "model,fellegi-sunter,,,
fields,name phone email company address city birthday,,,"
	run crm-dedupe --weights w.csv --fields name,phone people.csv
	assert_failure 1
	assert_output "crm-dedupe: w.csv: the model compares 'name phone email company address city birthday', this run 'name phone' (see --fields)"
}

@test "EM finds the duplicates of the fixture without a model given" {
	crm-dedupe -q people.csv >out.csv
	for i in 01 02 03 04 05 06 07 08 09 10 11 12 13; do
		row out.csv C$i 19
	done >clusters.csv
	# C03 (the same name, mailbox and address, another phone) joins
	# C01 and C02 as with the hand-set model of the other tests
	assert_equal "$(grep -c '^C02$' clusters.csv)" 3
	assert_equal "$(grep -c '^C07$' clusters.csv)" 2
	assert_equal "$(grep -c '^C09$' clusters.csv)" 2
}

@test "Chinese headers are found through the alias table" {
	printf '客户编号,姓名,手机,邮箱,公司,地址,邮编\nA,王芳,13800000001,,星光科技有限公司,南山区1号,518000\nB,王芳,138 0000 0001,,星光科技,南山区1号,518000\n' >zh.csv
	run crm-dedupe -q zh.csv
	assert_success
	assert_line --index 0 "客户编号,姓名,手机,邮箱,公司,地址,邮编,name_norm,phone_norm,email_norm,company_norm,address_norm,postcode_norm,phone_valid,email_valid,email_suggestion,cluster_id,cluster_size,match_probability"
	assert_line --index 2 --partial "B,王芳,138 0000 0001,,星光科技,南山区1号,518000,王芳,13800000001,,星光科技,南山区1号,518000,1,,,"
}

@test "options that do nothing here are refused; -o and /dev/full" {
	run crm-dedupe --decimal-comma people.csv
	assert_failure 2
	run crm-dedupe $W -o out.csv people.csv
	assert_success
	cmp out.csv "$DATA/dedupe-people.out"
	run bash -c "crm-dedupe $W people.csv >/dev/full"
	assert_failure 1
	assert_output "crm-dedupe: write error: No space left on device"
	run crm-dedupe --pairs --merge people.csv
	assert_failure 2
}

@test "names that differ are never joined, whatever else the records share" {
	# a family: one phone, one mail box, one address, two people
	{ cat people.csv
	  echo 'F1,陈立,13988887777,home@163.com,,杭州市西湖区文三路9号,杭州,,'
	  echo 'F2,王秀英,13988887777,home@163.com,,杭州市西湖区文三路9号,杭州,,'
	} >family.csv
	crm-dedupe -q --save-weights w.csv family.csv >out.csv
	assert_equal "$(grep '^m.name.different,' w.csv)" "m.name.different,0,,,"
	assert_equal "$(row out.csv F1 1 19 20)" "F1,F1,1"
	assert_equal "$(row out.csv F2 1 19 20)" "F2,F2,1"
	crm-dedupe -q --weights w.csv --pairs family.csv >pairs.csv
	run grep '^F1,F2,' pairs.csv
	assert_output --partial ',different,-64,'
	assert_output --regexp ',0$'
}

@test "gen-people: precision >= 0.98 and recall >= 0.95 at the defaults" {
	"$BATS_TEST_DIRNAME/../${CRM_BUILD:-build}/scripts/gen-people" \
	    --records 5000 --seed 1 \
	    --truth truth.csv -o people5k.csv
	crm-dedupe -q --keymap keymap.csv people5k.csv >/dev/null
	"$BATS_TEST_DIRNAME/../scripts/eval-dedupe" truth.csv keymap.csv >eval.csv
	cat eval.csv
	run awk -F, 'NR == 2 && $1 == 5000 && $2 > 1000 && $5 >= 0.98 &&
	    $6 >= 0.95 { ok = 1 } END { exit !ok }' eval.csv
	assert_success
}

@test "eval-dedupe counts pairs by hand-checked groups, keymap or output" {
	printf 'customer_id,entity_id\nA,1\nB,1\nC,1\nD,2\nE,2\nF,3\n' >t.csv
	# clusters {A,B,D} {C} {E,F}: predicted A-B A-D B-D E-F = 4,
	# correct A-B = 1 of the true A-B A-C B-C D-E = 4
	printf 'old_id,new_id\nA,A\nB,A\nC,C\nD,A\nE,E\nF,E\n' >k.csv
	run "$BATS_TEST_DIRNAME/../scripts/eval-dedupe" t.csv k.csv
	assert_success
	assert_output "records,true_pairs,predicted_pairs,correct_pairs,precision,recall,f1
6,4,4,1,0.2500,0.2500,0.2500"
	# crm-dedupe's own output: columns by name, quoted fields; a
	# record left out (rejected) is alone
	printf 'customer_id,name,cluster_id\nA,"x, y",A\nB,z,A\nC,w,A\n' >o.csv
	run "$BATS_TEST_DIRNAME/../scripts/eval-dedupe" t.csv o.csv
	assert_output --partial "6,4,3,3,1.0000,0.7500,0.8571"
	printf 'customer_id,cluster_id\nZ,Z\n' >bad.csv
	run "$BATS_TEST_DIRNAME/../scripts/eval-dedupe" t.csv bad.csv
	assert_failure 1
	assert_output "eval-dedupe: bad.csv: Z is not in t.csv"
}

@test "make demo's sample: the eight planted duplicates join their originals" {
	crm-dedupe -q --keymap map.csv "$BATS_TEST_DIRNAME/../data/sample/customers.csv" >/dev/null
	# K003201-K003208 and the originals gen-sample --summary names
	for pair in K003201:K000540 K003202:K001071 K003203:K001792 \
	    K003204:K000417 K003205:K002411 K003206:K001373 K003207:K000712 \
	    K003208:K002120; do
		grep -E "^(${pair%:*}|${pair#*:})," map.csv >two.csv
		assert_equal "$(wc -l <two.csv)" 2
		assert_equal "$(cut -d, -f2 two.csv | sort -u | wc -l)" 1
	done
}
