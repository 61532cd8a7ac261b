/*
 * gen-fuzz-csv: random but valid-as-CSV order exports for the differential
 * test of the reader's fast path against libcsv (tests/differential.bats).
 *
 *   gen-fuzz-csv SEED ROWS > file.csv
 *
 * Rows mix LF and CRLF line ends, blank lines, quoted and unquoted fields,
 * quotes, delimiters, CRs and newlines inside quoted fields, long fields,
 * Chinese text, and a few unusable rows (ragged, bad dates, bad amounts)
 * that --rejects must set aside identically.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state;

static uint64_t
next_random(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static unsigned
below(unsigned n)
{
	return (unsigned)(next_random() % n);
}

/* Some text, with characters that need quotes one time in a few. */
static void
put_text(int allow_special)
{
	static const char *const pieces[] = {
		"abc", "客户", " ", "x y", "12.5", "订单金额", "-", "=1+1"
	};
	static const char *const special[] = {
		",", "\"", "\n", "\r\n", "\r", "\",\"", ",,"
	};
	unsigned n = below(6), i;

	for (i = 0; i < n; i++) {
		if (allow_special && below(5) == 0) {
			const char *s = special[below(7)];

			for (; *s; s++)
				putchar(*s == '"' ? (putchar('"'), '"') : *s);
		} else
			fputs(pieces[below(8)], stdout);
	}
	if (below(200) == 0)
		for (i = 0; i < 3000 + below(3000); i++)
			putchar('a' + (int)below(26));
}

/* A field: plain, or in quotes with anything inside. */
static void
put_field(const char *plain)
{
	if (below(4) == 0) {
		putchar('"');
		if (plain)
			fputs(plain, stdout);
		else
			put_text(1);
		putchar('"');
	} else if (plain)
		fputs(plain, stdout);
	else
		put_text(0);
}

static void
put_row(unsigned customers)
{
	char id[32], date[32], amount[32];
	unsigned bad = below(50);

	snprintf(id, sizeof(id), "C%u", below(customers));
	snprintf(date, sizeof(date), "2024-%02u-%02u%s", 1 + below(12),
	    1 + below(28), below(10) == 0 ? " 10:30:00" : "");
	snprintf(amount, sizeof(amount), "%s%u.%02u", below(30) == 0 ? "-" : "",
	    below(1000), below(100));
	put_field(id);
	putchar(',');
	put_field(bad == 0 ? "2024-02-30" : date);
	putchar(',');
	put_field(bad == 1 ? "1,5" : amount);
	if (bad != 2) {		/* a ragged row: no note */
		putchar(',');
		put_field(NULL);
	}
	fputs(below(3) == 0 ? "\r\n" : "\n", stdout);
	if (below(40) == 0)
		putchar('\n');	/* a blank line */
}

int
main(int argc, char **argv)
{
	unsigned long rows, i;

	if (argc != 3) {
		fprintf(stderr, "usage: gen-fuzz-csv seed rows\n");
		return 2;
	}
	state = strtoull(argv[1], NULL, 10) * 0x9e3779b97f4a7c15ull + 1;
	rows = strtoul(argv[2], NULL, 10);
	fputs("customer_id,order_date,amount,note\n", stdout);
	for (i = 0; i < rows; i++)
		put_row(rows / 10 + 1);
	return ferror(stdout) || fclose(stdout) != 0;
}
