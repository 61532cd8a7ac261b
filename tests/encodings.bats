#!/usr/bin/env bats
# Encodings and Excel, as Chinese CRMs hand exports out (issue 17): GBK
# CSV from Excel (CRLF, no BOM), UTF-8 with a BOM, Latin-1 and
# Windows-1252 through --encoding, a hint when the wrong one is read, and
# .xlsx workbooks through xlsx2csv.

load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	# The reference: UTF-8, LF, no BOM.
	printf '客户编号,下单时间,实付金额,商品\n张三,2024-01-02,5.5,茶叶\nK2,2024-01-03,6,抽纸\n张三,2024-02-01,1,茶叶\n' >utf8.csv
	crm-rfm --as-of 2024-03-01 utf8.csv >want.csv
}

crlf() {
	sed 's/$/\r/' "$1"
}

@test "Excel's Chinese CSV: GBK, CRLF, no BOM, with --encoding gbk or gb18030" {
	crlf utf8.csv | iconv -f UTF-8 -t GBK >gbk.csv
	run crm-rfm --as-of 2024-03-01 --encoding gbk gbk.csv
	assert_success
	assert_output "$(cat want.csv)"
	run crm-rfm --as-of 2024-03-01 --encoding gb18030 gbk.csv
	assert_output "$(cat want.csv)"
	# a pipe, as from a converter
	run bash -c "cat gbk.csv | crm-rfm --as-of 2024-03-01 --encoding GBK"
	assert_output "$(cat want.csv)"
}

@test "Excel's UTF-8 CSV: a byte-order mark and CRLF are read as plain UTF-8" {
	{ printf '\357\273\277'; crlf utf8.csv; } >bom.csv
	run crm-rfm --as-of 2024-03-01 bom.csv
	assert_success
	assert_output "$(cat want.csv)"
	# GB18030 has a byte-order mark of its own: converted, then stripped
	{ printf '\357\273\277'; crlf utf8.csv; } | iconv -f UTF-8 -t GB18030 >gb-bom.csv
	run crm-rfm --as-of 2024-03-01 --encoding gb18030 gb-bom.csv
	assert_output "$(cat want.csv)"
}

@test "GBK read as UTF-8: the message says --encoding gbk" {
	iconv -f UTF-8 -t GBK utf8.csv >gbk.csv
	run crm-rfm --as-of 2024-03-01 gbk.csv
	assert_failure 1
	assert_output "crm-rfm: gbk.csv:1: invalid UTF-8 in field 1 (byte 1), but it reads as GBK Chinese: use --encoding gbk (or gb18030)"
}

@test "Latin-1 and Windows-1252 through --encoding; read as UTF-8 they get a hint" {
	printf 'customer_id,order_date,amount\nM\374ller,2024-01-02,5\nK\200,2024-01-03,6\n' >cp1252.csv
	run crm-rfm --as-of 2024-03-01 --encoding cp1252 cp1252.csv
	assert_success
	assert_line --index 1 --partial "Müller,2024-01-02"
	assert_line --index 2 --partial "K€,2024-01-03"
	run crm-rfm --as-of 2024-03-01 --encoding latin1 cp1252.csv
	assert_line --index 1 --partial "Müller,2024-01-02"
	assert_line --index 2 --partial "K$(printf '\302\200'),2024-01-03"
	run crm-rfm --as-of 2024-03-01 cp1252.csv
	assert_failure 1
	assert_output "crm-rfm: cp1252.csv:2: invalid UTF-8 in field 1 (byte 2); if the file is Latin-1 or Windows-1252, use --encoding latin1 or cp1252 (GBK: --encoding gbk)"
}

@test "an unknown encoding is a usage error" {
	run crm-rfm --as-of 2024-03-01 --encoding klingon utf8.csv
	assert_failure 2
	assert_line --index 0 "crm-rfm: unsupported encoding 'klingon'"
}

@test "Excel workbooks: xlsx2csv -f %Y-%m-%d turns serial dates into ISO dates" {
	command -v xlsx2csv >/dev/null || skip "xlsx2csv not installed (scripts/install-deps)"
	"$BATS_TEST_DIRNAME/make-xlsx" export.xlsx
	# Chinese headers, dates as serials (45292 is 2024-01-01) and as text
	run bash -c "xlsx2csv -f %Y-%m-%d export.xlsx | crm-rfm --as-of 2024-03-01"
	assert_success
	assert_output "customer_id,first_date,last_date,recency_days,frequency,monetary,avg_value,tenure_days,x,t_x,T,repeat_avg,r_score,f_score,m_score,rfm,segment
K1,2024-01-01,2024-01-09,52,2,15.5,7.75,60,1,1.1428571428571428,8.571428571428571,3,1,3,3,133,At Risk
K2,2024-02-03,2024-02-03,27,1,7,7,27,0,0,3.857142857142857,0,3,1,1,311,About to Sleep"
	# Without -f, xlsx2csv writes the serials as 01-01-24: refused, never guessed.
	run bash -c "xlsx2csv export.xlsx | crm-rfm --as-of 2024-03-01"
	assert_failure 1
	assert_output "crm-rfm: stdin:2: ambiguous date (下单时间, '01-01-24'): day or month first? give --date-format, e.g. %d/%m/%Y"
}
