/*
 * baskets.c: order lines into customer baskets.
 *
 * The reading thread checks every row in input order (width, customer
 * id, item, date, quantity and amount), so rejects come out in order
 * without being collected, and hashes the customer id and the item. The
 * rows are shared out among workers by the hash of the customer id; each
 * worker has its own tables of customers and items, so nothing is shared
 * while reading, and while the workers take one chunk the reading thread
 * reads and checks the next. A customer's lines go to a list that is
 * sorted and merged by item whenever it fills up, so it holds each item
 * once or twice, never every line. At the end the workers' items are
 * merged into one catalogue in byte order, their local numbers mapped to
 * it, and the customers put in order of first appearance.
 */
#include "baskets.h"

#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "date.h"
#include "sort.h"
#include "table.h"
#include "util.h"
#include "workers.h"

enum {
	MAX_WORKERS = 4, NCHUNKS = 2,
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

struct chunk {
	const struct record *records;
	size_t nrecords, capacity;
	unsigned long long first_row;	/* row number of records[0] */
	uint64_t *id_hash, *item_hash;
	int32_t *day;
	unsigned char *kind, *owner;
};

/* A worker's row on its way: its customer and item found, then added. */
struct pending {
	uint32_t record;		/* in the chunk */
	uint32_t entry;			/* the customer's */
	uint32_t item;			/* the worker's number of the item */
};

struct worker {
	struct table *customers;	/* id -> struct customer */
	struct table *items;		/* name -> local item number */
	uint32_t *global;		/* local item number -> catalogue */
	size_t first;			/* its first customer in the merge */
	struct pending *pending;	/* its rows of the chunk at hand */
	size_t pending_cap;
};

struct reading {
	const struct common_options *common;
	const struct basket_options *opt;
	struct input *in;
	long col_id, col_date, col_item, col_quantity, col_amount;
	int32_t window_end;
	struct chunk chunk[NCHUNKS];
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

/* Checking rows, on the reading thread */

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

/* Is the number in column col negative? false after rejecting the row. */
static bool
negative(struct reading *rd, const struct record *rec, long col, bool *neg)
{
	money_t v;

	if (col == COLUMN_NONE)
		return true;
	if (!input_money(rd->in, rec, col, rd->common->decimal, &v))
		return false;
	*neg = *neg || v < 0;
	return true;
}

static enum row_kind
check_row(struct reading *rd, const struct record *rec, int32_t *day)
{
	const struct record *h = input_header(rd->in);
	const char *ragged;
	char reason[80];
	bool ret = false;

	if ((ragged = input_ragged(rd->in, rec, reason, sizeof(reason)))) {
		input_reject(rd->in, rec, "%s", ragged);
		return ROW_SKIP;
	}
	if (rec->fields[rd->col_id].len == 0) {
		input_reject(rd->in, rec, "empty customer id (%s)",
		    h->fields[rd->col_id].s);
		return ROW_SKIP;
	}
	if (rec->fields[rd->col_item].len == 0) {
		input_reject(rd->in, rec, "empty item (%s)",
		    h->fields[rd->col_item].s);
		return ROW_SKIP;
	}
	if (!input_date(rd->in, rec, rd->col_date, rd->common->date_format,
	    day) || !negative(rd, rec, rd->col_quantity, &ret) ||
	    !negative(rd, rec, rd->col_amount, &ret))
		return ROW_SKIP;
	if (*day > rd->window_end) {
		rd->late_rows++;
		return ROW_SKIP;
	}
	if (ret) {
		rd->return_rows++;
		return ROW_RETURN;
	}
	return *day <= rd->common->as_of ? ROW_BOUGHT : ROW_HOLDOUT;
}

static void
make_room(struct chunk *c, size_t n)
{
	if (c->capacity >= n)
		return;
	c->capacity = grow_capacity(c->capacity, n);
	c->id_hash = xreallocarray(c->id_hash, c->capacity, sizeof(uint64_t));
	c->item_hash = xreallocarray(c->item_hash, c->capacity,
	    sizeof(uint64_t));
	c->day = xreallocarray(c->day, c->capacity, sizeof(int32_t));
	c->kind = xreallocarray(c->kind, c->capacity, 1);
	c->owner = xreallocarray(c->owner, c->capacity, 1);
}

/* Check each row of the chunk and give the usable ones to a worker. */
static void
share_out(struct reading *rd, struct chunk *c)
{
	const struct field *id, *item;
	size_t i;

	make_room(c, c->nrecords);
	for (i = 0; i < c->nrecords; i++) {
		c->kind[i] = (unsigned char)check_row(rd, &c->records[i],
		    &c->day[i]);
		if (c->kind[i] == ROW_SKIP)
			continue;
		id = &c->records[i].fields[rd->col_id];
		item = &c->records[i].fields[rd->col_item];
		c->id_hash[i] = hash_bytes(id->s, id->len);
		c->item_hash[i] = hash_bytes(item->s, item->len);
		c->owner[i] = (unsigned char)(c->id_hash[i] %
		    (unsigned)rd->nworkers);
	}
}

/* The next batch as chunk k, checked and shared out; false at the end. */
static bool
take_chunk(struct reading *rd, unsigned long k)
{
	struct chunk *c = &rd->chunk[k % NCHUNKS];

	if ((c->records = input_next_batch(rd->in, &c->nrecords)) == NULL)
		return false;
	c->first_row = input_rows(rd->in) - c->nrecords;
	share_out(rd, c);
	return true;
}

/* Adding rows, on the workers */

static void
fetch_slots(const struct worker *w, const struct chunk *c,
    const struct pending *p)
{
	table_prefetch(w->customers, c->id_hash[p->record]);
	table_prefetch(w->items, c->item_hash[p->record]);
}

/* Find (or add) the row's customer and item; fetch the customer. */
static void
match_row(const struct reading *rd, struct worker *w, const struct chunk *c,
    struct pending *p)
{
	const struct record *rec = &c->records[p->record];
	const struct field *id = &rec->fields[rd->col_id];
	const struct field *name = &rec->fields[rd->col_item];
	struct customer *cu;
	bool added;

	p->entry = (uint32_t)table_upsert_hashed(w->customers, id->s, id->len,
	    c->id_hash[p->record], &added);
	cu = table_value(w->customers, p->entry);
	if (added)
		cu->first_row = c->first_row + p->record;
	else
		__builtin_prefetch(cu, 1);
	if (c->kind[p->record] != ROW_RETURN)
		p->item = (uint32_t)table_upsert_hashed(w->items, name->s,
		    name->len, c->item_hash[p->record], &added);
}

static struct lines *
row_lines(const struct worker *w, const struct chunk *c,
    const struct pending *p)
{
	struct customer *cu = table_value(w->customers, p->entry);

	return c->kind[p->record] == ROW_BOUGHT ? &cu->bought : &cu->holdout;
}

/* With the customer at hand, fetch where its next line goes. */
static void
fetch_list(const struct worker *w, const struct chunk *c,
    const struct pending *p)
{
	const struct lines *l;

	if (c->kind[p->record] == ROW_RETURN)
		return;
	l = row_lines(w, c, p);
	if (l->len < l->cap)
		__builtin_prefetch(&l->v[l->len], 1);
}

static void
append_row(const struct worker *w, const struct chunk *c,
    const struct pending *p)
{
	if (c->kind[p->record] != ROW_RETURN)
		add_line(row_lines(w, c, p), p->item, c->day[p->record]);
}

/* The worker's rows of chunk k, in input order. */
static size_t
own_rows(struct worker *w, const struct chunk *c, int index)
{
	size_t i, n = 0;

	if (w->pending_cap < c->nrecords) {
		w->pending_cap = grow_capacity(w->pending_cap, c->nrecords);
		w->pending = xreallocarray(w->pending, w->pending_cap,
		    sizeof(*w->pending));
	}
	for (i = 0; i < c->nrecords; i++)
		if (c->kind[i] != ROW_SKIP && c->owner[i] == index)
			w->pending[n++].record = (uint32_t)i;
	return n;
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
	struct reading *rd = ctx;
	struct worker *w = &rd->worker[index];
	const struct chunk *c = &rd->chunk[k % NCHUNKS];
	size_t n = own_rows(w, c, index), r;
	struct pending *p = w->pending;
	const size_t d = PIPELINE_DISTANCE;

	for (r = 0; r < n + 3 * d; r++) {
		if (r < n)
			fetch_slots(w, c, &p[r]);
		if (r >= d && r - d < n)
			match_row(rd, w, c, &p[r - d]);
		if (r >= 2 * d && r - 2 * d < n)
			fetch_list(w, c, &p[r - 2 * d]);
		if (r >= 3 * d)
			append_row(w, c, &p[r - 3 * d]);
	}
}

/*
 * While the workers take chunk k, read and check chunk k + 1 (the reader
 * keeps chunk k's records meanwhile, reader.h).
 */
static void
read_rows(struct reading *rd)
{
	struct workers *pool = workers_start(rd->nworkers, take_rows, rd);
	unsigned long k;
	bool more;

	more = take_chunk(rd, 0);
	if (more)
		workers_publish(pool);
	for (k = 0; more; k++) {
		input_read_ahead(rd->in);	/* an error stops the take */
		more = take_chunk(rd, k + 1);
		if (more)
			workers_publish(pool);
		workers_wait(pool, k);
	}
	workers_stop(pool);
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
	int c, w;

	for (c = 0; c < NCHUNKS; c++) {
		free(rd->chunk[c].id_hash);
		free(rd->chunk[c].item_hash);
		free(rd->chunk[c].day);
		free(rd->chunk[c].kind);
		free(rd->chunk[c].owner);
	}
	for (w = 0; w < rd->nworkers; w++) {
		free(rd->worker[w].global);
		free(rd->worker[w].pending);
	}
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
	read_rows(&rd);
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
