/*
 * crm-split: deal the rows of a CSV stream into N parts by a stable hash
 * of a key column (FNV-1a 64 of the key's bytes, modulo N: partition.h),
 * each part with the header, so that every row of a customer lands in
 * the same part and a map step (crm-rfm --partial, crm-cohort --partial)
 * can run on each part on any host. Or, for engines that shuffle by the
 * first field (Hadoop Streaming, Spark), one stream with the key in
 * front of each row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "columns.h"
#include "input.h"
#include "partition.h"
#include "util.h"
#include "writer.h"

enum { OPT_BY = 256, OPT_PART, OPT_KEY_FIRST };
enum { MAX_PARTS = 4096 };

static const struct option longopts[] = {
	{ "by", required_argument, NULL, OPT_BY },
	{ "parts", required_argument, NULL, 'n' },
	{ "part", required_argument, NULL, OPT_PART },
	{ "key-first", no_argument, NULL, OPT_KEY_FIRST },
	{ NULL, 0, NULL, 0 }
};

static const struct tool_spec spec = {
	"crm-split [options] -n N -o PREFIX [file ...]",
	"Split a CSV stream into N parts by a stable hash of a key column"
	" (FNV-1a\n"
	"64 of its bytes, modulo N), the header in each part: PREFIX.0 ..\n"
	"PREFIX.N-1 (numbers zero-padded to one width), or one part on"
	" standard\n"
	"output (--part), or one stream keyed in front (--key-first).",
	"      --by COL             the key column (default: customer_id or"
	" an alias)\n"
	"  -n, --parts N            how many parts, 1 to 4096\n"
	"      --part K             write part K (0 .. N-1) only, to standard"
	" output\n"
	"                           or -o FILE\n"
	"      --key-first          write every row, with its key as a new"
	" first field\n"
	"                           and no header, to standard output or -o"
	" FILE:\n"
	"                           the map step of Hadoop Streaming or"
	" Spark\n",
	"n:",
	longopts,
	CLI_REJECTS | CLI_CSV_OUT
};

struct split_options {
	const char *by;
	long parts, part;	/* part: -1 for all */
	bool key_first;
};

static void
parse_options(struct cli *cli, struct split_options *o)
{
	int opt;

	memset(o, 0, sizeof(*o));
	o->part = -1;
	while ((opt = cli_next(cli)) != -1) {
		switch (opt) {
		case OPT_BY: o->by = cli->arg; break;
		case 'n': o->parts = cli_long("-n", cli->arg, 1, MAX_PARTS);
			break;
		case OPT_PART: o->part = cli_long("--part", cli->arg, 0,
		    MAX_PARTS - 1); break;
		case OPT_KEY_FIRST: o->key_first = true; break;
		default: die_usage("invalid option");
		}
	}
	if (o->key_first && (o->parts || o->part >= 0))
		die_usage("--key-first writes one stream: -n and --part do "
		    "not apply");
	if (!o->key_first && o->parts == 0)
		die_usage("-n N: how many parts?");
	if (o->part >= o->parts && !o->key_first)
		die_usage("--part %ld: the parts are 0 .. %ld", o->part,
		    o->parts - 1);
	if (o->part < 0 && !o->key_first && cli->common.output == NULL)
		die_usage("-o PREFIX: where do the parts go? (or --part K for "
		    "one on standard output)");
}

static long
key_column(const struct record *h, const char *by)
{
	long col;

	if (by == NULL)
		return column_find_option(h, "customer_id", NULL, true,
		    "name it with --by COL");
	if ((col = column_lookup(h, by)) != COLUMN_NONE)
		return col;
	return column_find(h, by, NULL, true);
}

/* PREFIX.K, K padded to the width of N - 1 so that the names sort. */
static char *
part_path(const char *prefix, long k, long n)
{
	int width = snprintf(NULL, 0, "%ld", n - 1);
	size_t size = strlen(prefix) + (size_t)width + 2;
	char *path = xmalloc(size);

	snprintf(path, size, "%s.%0*ld", prefix, width, k);
	return path;
}

struct parts {
	struct writer **w;	/* by part; NULL: not written */
	char **paths;
	long n;
};

static void
open_parts(struct parts *p, const struct cli *cli,
    const struct split_options *o, const struct record *header)
{
	long k;

	p->n = o->key_first ? 1 : o->parts;
	p->w = xcalloc((size_t)p->n, sizeof(*p->w));
	p->paths = xcalloc((size_t)p->n, sizeof(*p->paths));
	for (k = 0; k < p->n; k++) {
		if (o->part >= 0 && k != o->part)
			continue;
		if (o->part < 0 && !o->key_first)
			p->paths[k] = part_path(cli->common.output, k, p->n);
		p->w[k] = writer_open(p->paths[k] ? p->paths[k] :
		    cli->common.output, &cli->common.out);
		if (o->key_first || cli->common.in.no_header)
			continue;
		writer_fields(p->w[k], header);
		writer_end(p->w[k]);
	}
}

static void
close_parts(struct parts *p)
{
	long k;

	for (k = 0; k < p->n; k++) {
		if (p->w[k] != NULL)
			writer_close(p->w[k]);
		free(p->paths[k]);
	}
	free(p->w);
	free(p->paths);
}

int
main(int argc, char **argv)
{
	struct cli cli;
	struct split_options o;
	struct parts parts;
	struct input *in;
	const struct record *rec;
	const struct field *key;
	struct writer *w;
	long col;

	cli_begin(&cli, argc, argv, &spec);
	parse_options(&cli, &o);
	in = input_open(&cli.common, cli.files, cli.nfiles);
	col = key_column(input_header(in), o.by);
	open_parts(&parts, &cli, &o, input_header(in));
	while ((rec = input_next(in)) != NULL) {
		key = &rec->fields[col];
		w = parts.w[o.key_first ? 0 :
		    (long)partition_of(key->s, key->len, (size_t)o.parts)];
		if (w == NULL)
			continue;
		if (o.key_first)
			writer_text(w, key->s, key->len);
		writer_fields(w, rec);
		writer_end(w);
	}
	input_close(in);
	close_parts(&parts);
	cli_end(&cli);
	return 0;
}
