/*
 * crm-join: join two CSV files on a key, unsorted: the smaller side is
 * held in a hash table and the other streams past it, so memory is the
 * hashed side only.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "cli.h"
#include "columns.h"
#include "input.h"
#include "table.h"
#include "util.h"
#include "writer.h"

enum { OPT_LEFT = 256, OPT_ANTI, OPT_ON, OPT_MANY, OPT_HASH, OPT_SUFFIX };

static const struct option longopts[] = {
	{ "left", no_argument, NULL, OPT_LEFT },
	{ "anti", no_argument, NULL, OPT_ANTI },
	{ "on", required_argument, NULL, OPT_ON },
	{ "many", no_argument, NULL, OPT_MANY },
	{ "hash", required_argument, NULL, OPT_HASH },
	{ "suffix", required_argument, NULL, OPT_SUFFIX },
	{ NULL, 0, NULL, 0 }
};

static const struct tool_spec spec = {
	"crm-join [options] left right",
	"Join two CSV files on a key column; either may be - for standard\n"
	"input. Inner join by default: every pair of rows with equal keys.",
	"      --left               keep every left row; right columns empty"
	" where\n"
	"                           nothing matches\n"
	"      --anti               only the left rows that match nothing"
	" (left columns)\n"
	"      --on COL | L=R       the key column(s) (default: customer_id or"
	" an alias\n"
	"                           on each side)\n"
	"      --many               allow repeated keys on the held side"
	" (every pair\n"
	"                           is joined); without it they are an error\n"
	"      --hash SIDE          hold left or right in memory (default:"
	" right, or\n"
	"                           left when only the right is a pipe)\n"
	"      --suffix S           appended to right column names that clash"
	" (default\n"
	"                           _right)\n",
	"",
	longopts,
	CLI_REJECTS | CLI_CSV_OUT
};

enum mode { INNER, LEFT_JOIN, ANTI };
enum side { LEFT, RIGHT };

struct join_options {
	enum mode mode;
	const char *left_key, *right_key;
	bool many;
	int hash_side;		/* -1: choose */
	const char *suffix;
};

/*
 * A row of the hashed side, kept until the end in one block: where each
 * field ends (uint32_t each), then the fields, each with its NUL. Two
 * fields of a kept row cost their bytes and 5 more, not a struct field
 * and an allocation of their own each.
 */
struct kept_row {
	uint32_t *ends;
	size_t next;		/* next row with the same key, + 1 */
	unsigned long long recno;
	bool matched;
};

/* The held rows of one key, chained in input order through next. */
struct key_rows {
	size_t first, last;	/* row index + 1 */
};

struct hashed {
	struct table *keys;	/* key -> struct key_rows */
	struct kept_row *rows;
	size_t count, capacity;
	struct arena text;
	size_t width;
	struct field *fields;	/* of the row at hand, see row_fields() */
};

struct join {
	struct join_options opt;
	struct input *in[2];
	long key[2];
	size_t width[2];
	enum side hashed_side;
	struct hashed held;
	struct writer *out;
	struct field *empty;	/* width of the right side, all "" */
	char *right_rejects;	/* FILE.right for --rejects FILE */
};

static void
parse_options(struct cli *cli, struct join_options *o)
{
	static const char *const sides[] = { "left", "right", NULL };
	char *eq;
	int opt;

	memset(o, 0, sizeof(*o));
	o->hash_side = -1;
	o->suffix = "_right";
	while ((opt = cli_next(cli)) != -1) {
		switch (opt) {
		case OPT_LEFT: o->mode = LEFT_JOIN; break;
		case OPT_ANTI: o->mode = ANTI; break;
		case OPT_MANY: o->many = true; break;
		case OPT_HASH:
			o->hash_side = cli_choice("--hash", cli->arg, sides);
			break;
		case OPT_SUFFIX: o->suffix = cli->arg; break;
		case OPT_ON:
			o->left_key = o->right_key = cli->arg;
			if ((eq = strchr(cli->arg, '=')) != NULL) {
				*eq = '\0';	/* argv is ours to split */
				o->right_key = eq + 1;
			}
			break;
		default: die_usage("invalid option");
		}
	}
	if (cli->nfiles != 2)
		die_usage("two inputs are needed, left and right");
	if (strcmp(cli->files[0], "-") == 0 && strcmp(cli->files[1], "-") == 0)
		die_usage("only one input can be standard input");
}

/* Whether path is standard input, a pipe or anything but a regular file. */
static bool
is_stream(const char *path)
{
	struct stat st;

	return strcmp(path, "-") == 0 || stat(path, &st) == -1 ||
	    !S_ISREG(st.st_mode);
}

/*
 * The right side is held and the left streams, so rows come out in left
 * order, unless the right is standard input or a pipe and the left is
 * not (the pipeline's `crm-join --left customers.csv -`). The choice never
 * depends on the sizes of the inputs: the same command gives the same rows
 * in the same order, or the same error, whichever export is larger.
 */
static enum side
choose_hashed(const struct join_options *o, char **files)
{
	if (o->hash_side >= 0)
		return (enum side)o->hash_side;
	if (is_stream(files[1]) && !is_stream(files[0]))
		return LEFT;
	return RIGHT;
}

static struct kept_row *
new_row(struct hashed *h, const struct record *rec)
{
	struct kept_row *row;
	size_t size = h->width * sizeof(uint32_t), at = 0, i;
	char *text;

	if (h->count == h->capacity) {
		h->capacity = grow_capacity(h->capacity, h->count + 1);
		h->rows = xreallocarray(h->rows, h->capacity, sizeof(*h->rows));
	}
	row = &h->rows[h->count++];
	for (i = 0; i < h->width; i++)
		size += rec->fields[i].len + 1;
	row->ends = arena_alloc(&h->text, size);
	text = (char *)(row->ends + h->width);
	for (i = 0; i < h->width; i++) {
		memcpy(text + at, rec->fields[i].s, rec->fields[i].len);
		at += rec->fields[i].len;
		row->ends[i] = (uint32_t)at;
		text[at++] = '\0';
	}
	row->next = 0;
	row->recno = rec->recno;
	row->matched = false;
	return row;
}

/*
 * Keep a row of the hashed side. Rows with the same key are chained (with
 * --many); an empty key matches nothing but the row is kept for --left.
 */
static void
keep_row(struct join *j, const struct record *rec)
{
	struct hashed *h = &j->held;
	const struct field *key = &rec->fields[j->key[j->hashed_side]];
	struct key_rows *rows;
	bool added;

	new_row(h, rec);
	if (key->len == 0)
		return;
	rows = table_upsert(h->keys, key->s, key->len, &added);
	if (added) {
		rows->first = h->count;
	} else {
		if (!j->opt.many)
			record_die(rec, "repeated key '%.60s' on the held %s "
			    "side, first at record %llu; --many joins every "
			    "pair", key->s, j->hashed_side == LEFT ? "left" :
			    "right", h->rows[rows->first - 1].recno);
		h->rows[rows->last - 1].next = h->count;
	}
	rows->last = h->count;
}

static void
hash_side(struct join *j)
{
	const struct record *rec;
	struct input *in = j->in[j->hashed_side];

	j->held.keys = table_new(sizeof(struct key_rows));
	j->held.width = j->width[j->hashed_side];
	j->held.fields = xcalloc(j->held.width + 1, sizeof(struct field));
	arena_init(&j->held.text, 1 << 20);
	while ((rec = input_next(in)) != NULL)
		keep_row(j, rec);
}

/* Output */

static bool
header_has(const struct record *h, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < h->nfields; i++)
		if (h->fields[i].len == len && memcmp(h->fields[i].s, name,
		    len) == 0)
			return true;
	return false;
}

/* A right column name that clashes gets the suffix until it does not. */
static void
write_right_name(struct join *j, const struct field *name)
{
	const struct record *left = input_header(j->in[LEFT]);
	size_t slen = strlen(j->opt.suffix), len = name->len;
	char *unique = xstrndup(name->s, name->len);

	while (header_has(left, unique, len)) {
		unique = xrealloc(unique, len + slen + 1);
		memcpy(unique + len, j->opt.suffix, slen + 1);
		len += slen;
	}
	writer_text(j->out, unique, len);
	free(unique);
}

static void
write_header(struct join *j)
{
	const struct record *right = input_header(j->in[RIGHT]);
	size_t i;

	writer_fields(j->out, input_header(j->in[LEFT]));
	if (j->opt.mode != ANTI)
		for (i = 0; i < right->nfields; i++)
			if ((long)i != j->key[RIGHT])
				write_right_name(j, &right->fields[i]);
	writer_end(j->out);
}

/* The fields of a kept row, valid until the next call. */
static const struct field *
row_fields(const struct hashed *h, const struct kept_row *row)
{
	const char *text = (const char *)(row->ends + h->width);
	size_t i, start = 0;

	for (i = 0; i < h->width; i++) {
		h->fields[i].s = text + start;
		h->fields[i].len = row->ends[i] - start;
		start = row->ends[i] + 1;
	}
	return h->fields;
}

static void
write_pair(struct join *j, const struct field *left, const struct field *right)
{
	size_t i;

	for (i = 0; i < j->width[LEFT]; i++)
		writer_text(j->out, left[i].s, left[i].len);
	if (j->opt.mode != ANTI)
		for (i = 0; i < j->width[RIGHT]; i++)
			if ((long)i != j->key[RIGHT])
				writer_text(j->out, right[i].s, right[i].len);
	writer_end(j->out);
}

/* Join one streamed row with every held row of its key (rows: NULL). */
static void
probe_row(struct join *j, const struct record *rec,
    const struct key_rows *rows)
{
	enum side streamed = j->hashed_side == LEFT ? RIGHT : LEFT;
	size_t at;

	if (rows == NULL) {
		if (streamed == LEFT && j->opt.mode != INNER)
			write_pair(j, rec->fields, j->empty);
		return;
	}
	for (at = rows->first; at != 0; at = j->held.rows[at - 1].next) {
		struct kept_row *row = &j->held.rows[at - 1];

		row->matched = true;
		if (j->opt.mode == ANTI)
			continue;
		if (streamed == LEFT)
			write_pair(j, rec->fields, row_fields(&j->held, row));
		else
			write_pair(j, row_fields(&j->held, row), rec->fields);
	}
}

enum { GROUP = 256 };	/* streamed rows looked up together */

/* A streamed row on its way: its key's hash, then its held rows. */
struct lookup {
	uint64_t hash;
	const struct key_rows *first;
	bool usable;		/* as wide as its header, with a key */
};

/*
 * The streamed side a chunk at a time, looked up in groups: the slots of
 * a group's keys are fetched, then their first held rows, then those rows'
 * fields, and only then are the rows joined in order, so that the cache
 * misses of a group overlap instead of following one another (a million
 * held rows are far larger than the cache).
 */
static void
stream_side(struct join *j, enum side streamed)
{
	struct input *in = j->in[streamed];
	struct lookup look[GROUP];
	const struct record *recs;
	const struct field *key;
	const char *ragged;
	char reason[80];
	size_t n, at, end, i;

	while ((recs = input_next_batch(in, &n)) != NULL)
		for (at = 0; at < n; at = end) {
			end = at + GROUP < n ? at + GROUP : n;
			for (i = at; i < end; i++) {
				struct lookup *l = &look[i - at];

				l->first = NULL;
				l->usable = recs[i].nfields ==
				    j->width[streamed] && recs[i].fields[
				    j->key[streamed]].len > 0;
				if (!l->usable)
					continue;
				key = &recs[i].fields[j->key[streamed]];
				l->hash = table_hash(j->held.keys, key->s,
				    key->len);
				table_prefetch(j->held.keys, l->hash);
			}
			for (i = at; i < end; i++) {
				struct lookup *l = &look[i - at];

				if (!l->usable)
					continue;
				key = &recs[i].fields[j->key[streamed]];
				l->first = table_find_hashed(j->held.keys,
				    key->s, key->len, l->hash);
				if (l->first != NULL)
					__builtin_prefetch(&j->held.rows[
					    l->first->first - 1]);
			}
			for (i = at; i < end; i++)
				if (look[i - at].first != NULL)
					__builtin_prefetch(j->held.rows[
					    look[i - at].first->first - 1].ends);
			for (i = at; i < end; i++) {
				if ((ragged = input_ragged(in, &recs[i], reason,
				    sizeof(reason))) != NULL)
					input_reject(in, &recs[i], "%s", ragged);
				else
					probe_row(j, &recs[i],
					    look[i - at].first);
			}
		}
}

/* With the left side held: its unmatched rows, for --left and --anti. */
static void
write_unmatched_left(struct join *j)
{
	size_t i;

	if (j->hashed_side != LEFT || j->opt.mode == INNER)
		return;
	for (i = 0; i < j->held.count; i++)
		if (!j->held.rows[i].matched)
			write_pair(j, row_fields(&j->held, &j->held.rows[i]),
			    j->empty);
}

static void
open_inputs(struct join *j, struct cli *cli)
{
	struct common_options right_common = cli->common;
	static const char *const canonical = "customer_id";
	enum side s;
	size_t i, n;

	/* Rejected rows of the right input go to FILE.right. */
	if (cli->common.rejects != NULL) {
		n = strlen(cli->common.rejects);
		j->right_rejects = xmalloc(n + 7);
		memcpy(j->right_rejects, cli->common.rejects, n);
		memcpy(j->right_rejects + n, ".right", 7);
		right_common.rejects = j->right_rejects;
	}
	j->in[LEFT] = input_open(&cli->common, &cli->files[0], 1);
	j->in[RIGHT] = input_open(&right_common, &cli->files[1], 1);
	for (s = LEFT; s <= RIGHT; s++)
		j->key[s] = column_find_option(input_header(j->in[s]),
		    canonical, s == LEFT ? j->opt.left_key : j->opt.right_key,
		    true, "name it with --on COL or --on LEFT=RIGHT");
	for (s = LEFT; s <= RIGHT; s++)
		j->width[s] = input_header(j->in[s])->nfields;
	j->empty = xcalloc(j->width[RIGHT] ? j->width[RIGHT] : 1,
	    sizeof(struct field));
	for (i = 0; i < j->width[RIGHT]; i++)
		j->empty[i].s = "";
}

int
main(int argc, char **argv)
{
	struct cli cli;
	struct join j;
	enum side streamed;

	memset(&j, 0, sizeof(j));
	cli_begin(&cli, argc, argv, &spec);
	parse_options(&cli, &j.opt);
	j.hashed_side = choose_hashed(&j.opt, cli.files);
	streamed = j.hashed_side == LEFT ? RIGHT : LEFT;
	open_inputs(&j, &cli);
	j.out = writer_open(cli.common.output, &cli.common.out);
	write_header(&j);
	hash_side(&j);
	stream_side(&j, streamed);
	write_unmatched_left(&j);
	input_close(j.in[LEFT]);
	input_close(j.in[RIGHT]);
	writer_close(j.out);
	table_free(j.held.keys);
	arena_free(&j.held.text);
	free(j.held.rows);
	free(j.held.fields);
	free(j.empty);
	free(j.right_rejects);
	cli_end(&cli);
	return 0;
}
