/*
 * baskets.c: order lines into customer baskets.
 *
 * The workers read the input themselves (chunks.h): the one ahead checks
 * every row of the next chunk (width, customer id, item, date, quantity
 * and amount), hashes its customer id and item and hands it to the
 * worker of its customer, by hash, while the other adds its rows; each
 * worker has its own tables of customers and items, so nothing is shared
 * while reading. Unusable rows are rejected in input order once their
 * chunk is done. A customer's lines go to a list that is
 * sorted and merged by item whenever it fills up, so it holds each item
 * once or twice, never every line. At the end the workers' items are
 * merged into one catalogue in byte order, their local numbers mapped to
 * it, and the customers put in order of first appearance.
 */
#include "baskets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chunks.h"
#include "columns.h"
#include "date.h"
#include "sort.h"
#include "table.h"
#include "util.h"
#include "workers.h"

enum {
	MAX_WORKERS = CHUNK_WORKERS,
	PIPELINE_DISTANCE = 8		/* rows between stages */
};

/* What a checked row is: not used, a purchase (calibration or holdout),
 * or a return, which only lists its customer. */
enum row_kind { ROW_SKIP, ROW_BOUGHT, ROW_HOLDOUT, ROW_RETURN };

/*
 * A customer-item pair while reading: one line, or several merged. The
 * item's lines were on two or more days (again) when two merged lines
 * had different last days or one of them was so already.
 */
struct line {
	uint32_t item : 31;
	uint32_t again : 1;
	int32_t last_day;
};

/* A list of lines, sorted and merged whenever it fills up. */
struct lines {
	struct line *v;
	uint32_t len, cap;
};

struct customer {
	unsigned long long first_row;
	struct lines bought, holdout;
};

/*
 * A row, checked by the reader of its chunk for the worker of its
 * customer, who finds its customer and item (entry, item) and adds it.
 */
struct row {
	uint64_t id_hash, id_prefix;
	uint64_t item_hash, item_prefix;
	const char *id, *item;
	uint32_t id_len, item_len;
	uint32_t record;		/* in the chunk */
	int32_t day;
	uint32_t entry;			/* the customer's */
	uint32_t item_number;		/* the worker's number of the item */
	unsigned char kind;		/* enum row_kind */
};

struct worker {
	struct table *customers;	/* id -> struct customer */
	struct table *items;		/* name -> local item number */
	uint32_t *global;		/* local item number -> catalogue */
	size_t first;			/* its first customer in the merge */
};

struct reading {
	const struct common_options *common;
	const struct basket_options *opt;
	struct input *in;
	long col_id, col_date, col_item, col_quantity, col_amount;
	int32_t window_end;
	struct chunks chunks;
	/* The feed's, which runs on one worker at a time (workers.h). */
	unsigned long long late_rows, return_rows;
	struct worker worker[MAX_WORKERS];
	int nworkers;
	struct baskets *b;
	size_t *number;			/* customer by (worker first + entry) */
};

/* Lists of lines */

static int
compare_lines(const void *a, const void *b)
{
	const struct line *x = a, *y = b;

	return (x->item > y->item) - (x->item < y->item);
}

/* By item: most lists are short, and insertion sorts them fastest. */
static void
sort_lines(struct line *v, uint32_t n)
{
	struct line x;
	uint32_t i, j;

	if (n > 24) {
		qsort(v, n, sizeof(*v), compare_lines);
		return;
	}
	for (i = 1; i < n; i++) {
		x = v[i];
		for (j = i; j > 0 && v[j - 1].item > x.item; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* Sort by item and merge the lines of one item into one. */
static void
merge_lines(struct lines *l)
{
	uint32_t i, n = 0;
	struct line *m;

	sort_lines(l->v, l->len);
	for (i = 0; i < l->len; i++) {
		if (n == 0 || l->v[n - 1].item != l->v[i].item) {
			l->v[n++] = l->v[i];
			continue;
		}
		m = &l->v[n - 1];
		m->again |= l->v[i].again | (m->last_day != l->v[i].last_day);
		if (l->v[i].last_day > m->last_day)
			m->last_day = l->v[i].last_day;
	}
	l->len = n;
}

/* A full list is merged first; it grows when that leaves it half full. */
static void
add_line(struct lines *l, uint32_t item, int32_t day)
{
	if (l->len == l->cap) {
		merge_lines(l);
		if (l->cap == 0 || l->len * 2 > l->cap) {
			if (l->cap > UINT32_MAX / 2)
				die("a customer with too many items");
			l->cap = l->cap ? l->cap * 2 : 4;
			l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
		}
	}
	l->v[l->len++] = (struct line){ item, 0, day };
}

/* Checking rows, on the worker that reads the chunk */

static void
resolve_columns(struct reading *rd)
{
	const struct record *h = input_header(rd->in);
	const struct basket_options *o = rd->opt;

	rd->col_id = column_find(h, "customer_id", o->id_column, true);
	rd->col_date = column_find(h, "order_date", o->date_column, true);
	rd->col_item = column_find(h, "item", o->item_column, true);
	rd->b->item_column = xstrdup(h->fields[rd->col_item].s);
	rd->col_quantity = column_find(h, "quantity", o->quantity_column,
	    false);
	rd->col_amount = column_find(h, "amount", o->amount_column, false);
}

/*
 * Is the number in column col negative? False, with the reason, when it
 * is no number.
 */
static bool
negative(const struct reading *rd, const struct record *rec, long col,
    bool *neg, char *reason, size_t size)
{
	const struct field *f;
	enum num_status st;
	money_t v;

	if (col == COLUMN_NONE)
		return true;
	f = &rec->fields[col];
	if ((st = money_parse(f->s, f->len, rd->common->decimal, &v)) !=
	    NUM_OK) {
		input_number_reason(input_column_name(rd->in, col), f, st,
		    reason, size);
		return false;
	}
	*neg = *neg || v < 0;
	return true;
}

/* Why rec cannot be used, in reason, or NULL; its day. */
static const char *
unusable(const struct reading *rd, const struct record *rec, int32_t *day,
    bool *ret, char *reason, size_t size)
{
	const struct field *date = &rec->fields[rd->col_date];
	const char *why;
	enum date_status st;

	if ((why = input_no_id(rd->in, rec, rd->col_id, reason, size)) != NULL)
		return why;
	if (rec->fields[rd->col_item].len == 0) {
		snprintf(reason, size, "empty item (%s)",
		    input_column_name(rd->in, rd->col_item));
		return reason;
	}
	if ((st = date_parse(date->s, date->len, rd->common->date_format,
	    day)) != DATE_OK)
		return input_date_reason(input_column_name(rd->in,
		    rd->col_date), date, rd->common->date_format, st, reason,
		    size);
	if (!negative(rd, rec, rd->col_quantity, ret, reason, size) ||
	    !negative(rd, rec, rd->col_amount, ret, reason, size))
		return reason;
	return NULL;
}

/* What record i of the chunk is (rejected if unusable), into row. */
static enum row_kind
check_row(struct reading *rd, struct chunk *chunk, size_t i,
    struct row *row)
{
	char reason[512];
	const char *why;
	bool ret = false;

	if ((why = unusable(rd, &chunk->records[i], &row->day, &ret, reason,
	    sizeof(reason))) != NULL) {
		rejects_add(&chunk->rejects, i, "%s", why);
		return ROW_SKIP;
	}
	if (row->day > rd->window_end) {
		rd->late_rows++;
		return ROW_SKIP;
	}
	if (ret) {
		rd->return_rows++;
		return ROW_RETURN;
	}
	return row->day <= rd->common->as_of ? ROW_BOUGHT : ROW_HOLDOUT;
}

/* Check each row of the chunk and give the usable ones to a worker. */
static void
share_out(void *ctx, struct chunk *chunk)
{
	struct reading *rd = ctx;
	const struct field *id, *item;
	struct row row;
	size_t i;
	int w;

	for (i = 0; i < chunk->nrecords; i++) {
		if ((row.kind = (unsigned char)check_row(rd, chunk, i, &row)) ==
		    ROW_SKIP)
			continue;
		id = &chunk->records[i].fields[rd->col_id];
		item = &chunk->records[i].fields[rd->col_item];
		row.id = id->s;
		row.id_len = (uint32_t)id->len;
		row.id_hash = hash_bytes(id->s, id->len);
		row.id_prefix = table_key_prefix(id->s, id->len);
		row.item = item->s;
		row.item_len = (uint32_t)item->len;
		row.item_hash = hash_bytes(item->s, item->len);
		row.item_prefix = table_key_prefix(item->s, item->len);
		row.record = (uint32_t)i;
		w = (int)(row.id_hash % (unsigned)rd->nworkers);
		*(struct row *)chunk_next_row(chunk, w, sizeof(row)) = row;
		chunk->nrows[w]++;
	}
}

/* Adding rows, on the workers */

static void
fetch_slots(const struct worker *w, const struct row *r)
{
	table_prefetch(w->customers, r->id_hash);
	table_prefetch(w->items, r->item_hash);
}

/* Find (or add) the row's customer and item; fetch the customer. */
static void
match_row(struct worker *w, const struct chunk *c, struct row *r)
{
	struct customer *cu;
	bool added;

	r->entry = (uint32_t)table_upsert_prefixed(w->customers, r->id,
	    r->id_len, r->id_hash, r->id_prefix, &added);
	cu = table_value(w->customers, r->entry);
	if (added)
		cu->first_row = c->first_row + r->record;
	else
		__builtin_prefetch(cu, 1);
	if (r->kind != ROW_RETURN)
		r->item_number = (uint32_t)table_upsert_prefixed(w->items,
		    r->item, r->item_len, r->item_hash, r->item_prefix,
		    &added);
}

static struct lines *
row_lines(const struct worker *w, const struct row *r)
{
	struct customer *cu = table_value(w->customers, r->entry);

	return r->kind == ROW_BOUGHT ? &cu->bought : &cu->holdout;
}

/* With the customer at hand, fetch where its next line goes. */
static void
fetch_list(const struct worker *w, const struct row *r)
{
	const struct lines *l;

	if (r->kind == ROW_RETURN)
		return;
	l = row_lines(w, r);
	if (l->len < l->cap)
		__builtin_prefetch(&l->v[l->len], 1);
}

static void
append_row(const struct worker *w, const struct row *r)
{
	if (r->kind != ROW_RETURN)
		add_line(row_lines(w, r), r->item_number, r->day);
}

/*
 * A pipeline, so that the cache misses of successive rows overlap: the
 * table slots of row r + 3D are fetched while row r + 2D is matched
 * (which fetches its customer), the list end of row r + D is fetched and
 * row r is added.
 */
static void
take_rows(void *ctx, int index, unsigned long k)
{
	struct chunks *chunks = ctx;
	struct reading *rd = chunks->ctx;
	struct worker *w = &rd->worker[index];
	const struct chunk *c = chunks_at(chunks, k);
	struct row *p = c->rows[index];
	const size_t n = c->nrows[index], d = PIPELINE_DISTANCE;
	size_t r;

	for (r = 0; r < n + 3 * d; r++) {
		if (r < n)
			fetch_slots(w, &p[r]);
		if (r >= d && r - d < n)
			match_row(w, c, &p[r - d]);
		if (r >= 2 * d && r - 2 * d < n)
			fetch_list(w, &p[r - 2 * d]);
		if (r >= 3 * d)
			append_row(w, &p[r - 3 * d]);
	}
}

/* The catalogue */

struct local_item {
	struct name name;
	int worker;
	uint32_t local;
};

static int
compare_names(const void *a, const void *b)
{
	const struct name *x = a, *y = b;
	int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Every worker's items, merged into one list in byte order. */
static void
merge_items(struct reading *rd)
{
	struct baskets *b = rd->b;
	struct local_item *all;
	size_t n = 0, i, len;
	int w;

	for (w = 0; w < rd->nworkers; w++)
		n += table_count(rd->worker[w].items);
	all = xreallocarray(NULL, n ? n : 1, sizeof(*all));
	n = 0;
	for (w = 0; w < rd->nworkers; w++) {
		struct worker *wk = &rd->worker[w];

		wk->global = xreallocarray(NULL, table_count(wk->items) + 1,
		    sizeof(uint32_t));
		for (i = 0; i < table_count(wk->items); i++, n++) {
			all[n].name.s = table_key(wk->items, i, &len);
			all[n].name.len = (uint32_t)len;
			all[n].worker = w;
			all[n].local = (uint32_t)i;
		}
	}
	qsort(all, n, sizeof(*all), compare_names);
	b->item = xreallocarray(NULL, n ? n : 1, sizeof(*b->item));
	for (i = 0; i < n; i++) {
		if (b->nitems == 0 || compare_names(&all[i].name,
		    &b->item[b->nitems - 1]) != 0)
			b->item[b->nitems++] = all[i].name;
		rd->worker[all[i].worker].global[all[i].local] =
		    (uint32_t)(b->nitems - 1);
	}
	free(all);
}

/* The customers in order of first appearance: rd->number and b->customer. */
static void
order_customers(struct reading *rd)
{
	struct baskets *b = rd->b;
	struct keyed *order;
	size_t n = 0, i, len;
	int w;

	for (w = 0; w < rd->nworkers; w++) {
		rd->worker[w].first = n;
		n += table_count(rd->worker[w].customers);
	}
	order = xreallocarray(NULL, n ? n : 1, sizeof(*order));
	for (w = 0; w < rd->nworkers; w++)
		for (i = 0; i < table_count(rd->worker[w].customers); i++) {
			const struct customer *cu = table_value(
			    rd->worker[w].customers, i);

			order[rd->worker[w].first + i].key =
			    (int64_t)cu->first_row;
			order[rd->worker[w].first + i].index =
			    rd->worker[w].first + i;
		}
	sort_keyed(order, n);
	b->ncustomers = n;
	b->customer = xreallocarray(NULL, n ? n : 1, sizeof(*b->customer));
	rd->number = xreallocarray(NULL, n ? n : 1, sizeof(*rd->number));
	for (i = 0; i < n; i++)
		rd->number[order[i].index] = i;
	for (w = 0; w < rd->nworkers; w++)
		for (i = 0; i < table_count(rd->worker[w].customers); i++) {
			struct name *id = &b->customer[rd->number[
			    rd->worker[w].first + i]];

			id->s = table_key(rd->worker[w].customers, i, &len);
			id->len = (uint32_t)len;
		}
	free(order);
}

/* The lists in catalogue numbers, sorted and merged. */
static void
renumber(const struct worker *w, struct lines *l)
{
	uint32_t i;

	for (i = 0; i < l->len; i++)
		l->v[i].item = w->global[l->v[i].item] & 0x7fffffff;
	merge_lines(l);
}

/* Batch 0: renumber every list and count; batch 1: copy into place. */
static void
finish_share(void *ctx, int index, unsigned long batch)
{
	struct reading *rd = ctx;
	struct worker *w = &rd->worker[index];
	struct baskets *b = rd->b;
	size_t e, c, at, j;

	for (e = 0; e < table_count(w->customers); e++) {
		struct customer *cu = table_value(w->customers, e);

		c = rd->number[w->first + e];
		if (batch == 0) {
			renumber(w, &cu->bought);
			renumber(w, &cu->holdout);
			b->start[c + 1] = cu->bought.len;
			if (b->holdout_start != NULL)
				b->holdout_start[c + 1] = cu->holdout.len;
			continue;
		}
		for (j = 0, at = b->start[c]; j < cu->bought.len; j++, at++) {
			b->items[at] = cu->bought.v[j].item;
			b->last_day[at] = cu->bought.v[j].last_day;
			b->repeat[at] = cu->bought.v[j].again;
		}
		for (j = 0; j < cu->holdout.len; j++)
			b->holdout_items[b->holdout_start[c] + j] =
			    cu->holdout.v[j].item;
		free(cu->bought.v);
		free(cu->holdout.v);
	}
}

static void
prefix_sums(size_t *start, size_t n)
{
	size_t i;

	start[0] = 0;
	for (i = 0; i < n; i++)
		start[i + 1] += start[i];
}

static void
build_baskets(struct reading *rd)
{
	struct baskets *b = rd->b;
	size_t n = b->ncustomers;
	struct workers *pool;

	b->start = xcalloc(n + 1, sizeof(*b->start));
	if (rd->opt->holdout_end != BASKETS_NO_HOLDOUT)
		b->holdout_start = xcalloc(n + 1, sizeof(*b->holdout_start));
	pool = workers_start(rd->nworkers, finish_share, rd);
	workers_run(pool);
	prefix_sums(b->start, n);
	b->items = xreallocarray(NULL, b->start[n] + 1, sizeof(*b->items));
	b->last_day = xreallocarray(NULL, b->start[n] + 1,
	    sizeof(*b->last_day));
	b->repeat = xreallocarray(NULL, b->start[n] + 1, 1);
	if (b->holdout_start != NULL) {
		prefix_sums(b->holdout_start, n);
		b->holdout_items = xreallocarray(NULL, b->holdout_start[n] + 1,
		    sizeof(*b->holdout_items));
	}
	workers_run(pool);
	workers_stop(pool);
}

static void
free_reading(struct reading *rd)
{
	int w;

	chunks_free(&rd->chunks);
	for (w = 0; w < rd->nworkers; w++)
		free(rd->worker[w].global);
	free(rd->number);
}

struct baskets *
baskets_read(const struct common_options *common,
    const struct basket_options *opt, struct input *in)
{
	struct reading rd;
	struct baskets *b = xcalloc(1, sizeof(*b));
	int w;

	memset(&rd, 0, sizeof(rd));
	rd.common = common;
	rd.opt = opt;
	rd.in = in;
	rd.b = b;
	rd.window_end = opt->holdout_end != BASKETS_NO_HOLDOUT ?
	    opt->holdout_end : common->as_of;
	resolve_columns(&rd);
	rd.nworkers = workers_cpus(MAX_WORKERS);
	for (w = 0; w < rd.nworkers; w++) {
		rd.worker[w].customers = table_new(sizeof(struct customer));
		rd.worker[w].items = table_new(sizeof(uint32_t));
		b->tables[b->ntables++] = rd.worker[w].customers;
		b->tables[b->ntables++] = rd.worker[w].items;
	}
	rd.chunks = (struct chunks){ .in = in, .nworkers = rd.nworkers,
	    .share = share_out, .ctx = &rd };
	chunks_read(&rd.chunks, take_rows);
	merge_items(&rd);
	order_customers(&rd);
	build_baskets(&rd);
	b->as_of = common->as_of;
	b->late_rows = rd.late_rows;
	b->return_rows = rd.return_rows;
	free_reading(&rd);
	return b;
}

void
baskets_free(struct baskets *b)
{
	int i;

	if (b == NULL)
		return;
	for (i = 0; i < b->ntables; i++)
		table_free(b->tables[i]);
	free(b->customer);
	free(b->item);
	free(b->item_column);
	free(b->start);
	free(b->items);
	free(b->last_day);
	free(b->repeat);
	free(b->holdout_start);
	free(b->holdout_items);
	free(b);
}

size_t
basket_size(const struct baskets *b, size_t c)
{
	return b->start[c + 1] - b->start[c];
}

size_t
holdout_size(const struct baskets *b, size_t c)
{
	return b->holdout_start ? b->holdout_start[c + 1] -
	    b->holdout_start[c] : 0;
}
