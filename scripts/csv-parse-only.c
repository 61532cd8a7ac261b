/*
 * csv-parse-only: the floor of the benchmarks. Parses a CSV file with
 * libcsv alone, the way libcrm's reader sets it up (CSV_STRICT,
 * CSV_STRICT_FINI, CSV_APPEND_NULL, 1 MiB reads), with callbacks that only
 * count, and prints the number of records. No tool that parses its input
 * through libcsv can be faster than this.
 *
 * Usage: csv-parse-only [file]   (no file or "-": standard input)
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct counts {
	unsigned long long fields, records;
};

static void
on_field(void *data, size_t len, void *priv)
{
	(void)data;
	(void)len;
	((struct counts *)priv)->fields++;
}

static void
on_record(int end, void *priv)
{
	(void)end;
	((struct counts *)priv)->records++;
}

int
main(int argc, char **argv)
{
	enum { CHUNK = 1 << 20 };
	const char *name = argc > 1 ? argv[1] : "-";
	struct counts counts = { 0, 0 };
	struct csv_parser parser;
	char *buf;
	size_t n;
	FILE *in = stdin;

	setprogname(argv[0]);
	if (argc > 2)
		die_usage("usage: csv-parse-only [file]");
	if (strcmp(name, "-") != 0 && !(in = fopen(name, "rb")))
		die("%s: cannot open", name);
	if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI |
	    CSV_APPEND_NULL) != 0)
		die("out of memory");
	buf = xmalloc(CHUNK);
	while ((n = fread(buf, 1, CHUNK, in)) > 0)
		if (csv_parse(&parser, buf, n, on_field, on_record,
		    &counts) != n)
			die("%s: %s", name,
			    csv_strerror(csv_error(&parser)));
	if (ferror(in))
		die("%s: read error", name);
	if (csv_fini(&parser, on_field, on_record, &counts) != 0)
		die("%s: %s", name, csv_strerror(csv_error(&parser)));
	csv_free(&parser);
	free(buf);
	printf("%llu records, %llu fields\n", counts.records, counts.fields);
	return fclose(stdout) == 0 ? 0 : 1;
}
