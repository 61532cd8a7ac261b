/* itemsim.c: item-item similarities, neighbours and top-N lists. */
#include "itemsim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { PREFETCH_DISTANCE = 8 };	/* baskets ahead, in counting a row */

/* Counts and the inverted index */

bool
crm_basket_counted(const struct crm_baskets *b, size_t max_basket,
    size_t basket)
{
	size_t len = b->start[basket + 1] - b->start[basket];

	return len > 0 && (max_basket == 0 || len <= max_basket);
}

bool
crm_item_counts(const struct crm_baskets *b, size_t max_basket,
    struct crm_item_counts *c)
{
	size_t basket, p, *next;

	memset(c, 0, sizeof(*c));
	c->max_basket = max_basket;
	c->buyers = calloc(b->nitems + 1, sizeof(*c->buyers));
	c->repeaters = calloc(b->nitems + 1, sizeof(*c->repeaters));
	c->first = calloc(b->nitems + 1, sizeof(*c->first));
	next = calloc(b->nitems + 1, sizeof(*next));
	if (!c->buyers || !c->repeaters || !c->first || !next)
		goto fail;
	for (basket = 0; basket < b->nbaskets; basket++) {
		if (!crm_basket_counted(b, max_basket, basket))
			continue;
		c->nbaskets++;
		for (p = b->start[basket]; p < b->start[basket + 1]; p++) {
			c->buyers[b->items[p]]++;
			if (b->repeat != NULL && b->repeat[p])
				c->repeaters[b->items[p]]++;
		}
	}
	for (p = 0; p < b->nitems; p++)
		next[p + 1] = c->first[p + 1] = c->first[p] + c->buyers[p];
	c->holder = malloc((c->first[b->nitems] + 1) * sizeof(*c->holder));
	if (c->holder == NULL)
		goto fail;
	for (p = 0; p < b->nitems; p++)
		next[p] = c->first[p];
	for (basket = 0; basket < b->nbaskets; basket++)
		if (crm_basket_counted(b, max_basket, basket))
			for (p = b->start[basket]; p < b->start[basket + 1]; p++)
				c->holder[next[b->items[p]]++] =
				    (uint32_t)basket;
	free(next);
	return true;
fail:
	free(next);
	crm_item_counts_free(c);
	return false;
}

void
crm_item_counts_free(struct crm_item_counts *c)
{
	free(c->buyers);
	free(c->repeaters);
	free(c->first);
	free(c->holder);
	memset(c, 0, sizeof(*c));
}

double
crm_similarity(enum crm_similarity kind, size_t n, uint32_t together,
    uint32_t buyers_i, uint32_t buyers_j)
{
	if (together == 0 || buyers_i == 0 || buyers_j == 0)
		return 0;
	if (kind == CRM_SIM_LIFT)
		return (double)n * together / ((double)buyers_i * buyers_j);
	return together / sqrt((double)buyers_i * buyers_j);
}

void
crm_rule_measures(size_t n, uint32_t together, uint32_t buyers_a,
    uint32_t buyers_b, struct crm_rule_measures *m)
{
	m->support = n ? (double)together / (double)n : 0;
	m->confidence = buyers_a ? (double)together / buyers_a : 0;
	m->lift = crm_similarity(CRM_SIM_LIFT, n, together, buyers_a,
	    buyers_b);
}

/* Co-occurrence rows */

bool
crm_row_scratch_init(struct crm_row_scratch *s, size_t nitems, size_t k)
{
	s->together = calloc(nitems + 1, sizeof(*s->together));
	s->touched = malloc((nitems + 1) * sizeof(*s->touched));
	s->heap = malloc((k + 1) * sizeof(*s->heap));
	if (s->together && s->touched && s->heap)
		return true;
	crm_row_scratch_free(s);
	return false;
}

void
crm_row_scratch_free(struct crm_row_scratch *s)
{
	free(s->together);
	free(s->touched);
	free(s->heap);
	memset(s, 0, sizeof(*s));
}

size_t
crm_cooccurrence_row(const struct crm_baskets *b,
    const struct crm_item_counts *c, uint32_t i, struct crm_row_scratch *s)
{
	size_t h, p, n = 0, end = c->first[i + 1];
	uint32_t basket, j;

	/*
	 * The baskets are all over memory: fetch where basket h + 2D
	 * starts, and the items of basket h + D, while basket h is counted.
	 */
	for (h = c->first[i]; h < end; h++) {
		if (h + 2 * PREFETCH_DISTANCE < end)
			__builtin_prefetch(&b->start[c->holder[h + 2 *
			    PREFETCH_DISTANCE]]);
		if (h + PREFETCH_DISTANCE < end)
			__builtin_prefetch(&b->items[b->start[c->holder[h +
			    PREFETCH_DISTANCE]]]);
		basket = c->holder[h];
		for (p = b->start[basket]; p < b->start[basket + 1]; p++) {
			j = b->items[p];
			if (j != i && s->together[j]++ == 0)
				s->touched[n++] = j;
		}
	}
	return n;
}

void
crm_row_clear(struct crm_row_scratch *s, size_t ntouched)
{
	size_t t;

	for (t = 0; t < ntouched; t++)
		s->together[s->touched[t]] = 0;
}

/* Keeping the best few: a heap whose root is the worst kept */

static bool
better(const struct crm_ranked *x, const struct crm_ranked *y)
{
	if (x->value != y->value)
		return x->value > y->value;
	if (x->support != y->support)
		return x->support > y->support;
	return x->item < y->item;
}

static void
swap_ranked(struct crm_ranked *a, struct crm_ranked *b)
{
	struct crm_ranked t = *a;

	*a = *b;
	*b = t;
}

static void
sift_down(struct crm_ranked *h, size_t n, size_t i)
{
	size_t worst, child;

	for (;;) {
		worst = i;
		for (child = 2 * i + 1; child <= 2 * i + 2 && child < n;
		    child++)
			if (better(&h[worst], &h[child]))
				worst = child;
		if (worst == i)
			return;
		swap_ranked(&h[i], &h[worst]);
		i = worst;
	}
}

/* Offer x to the heap h[0 .. *n) of at most cap entries. */
static void
keep_best(struct crm_ranked *h, size_t *n, size_t cap,
    const struct crm_ranked *x)
{
	size_t i;

	if (*n < cap) {
		i = (*n)++;
		h[i] = *x;
		for (; i > 0 && better(&h[(i - 1) / 2], &h[i]); i = (i - 1) / 2)
			swap_ranked(&h[i], &h[(i - 1) / 2]);
	} else if (cap > 0 && better(x, &h[0])) {
		h[0] = *x;
		sift_down(h, *n, 0);
	}
}

/* Empty the heap into best-first order, in place. */
static void
heap_to_sorted(struct crm_ranked *h, size_t n)
{
	while (n > 1) {
		swap_ranked(&h[0], &h[--n]);
		sift_down(h, n, 0);
	}
}

/* The model */

bool
crm_item_model_init(struct crm_item_model *m, size_t nitems,
    const struct crm_item_counts *c, const struct crm_itemsim_options *o)
{
	memset(m, 0, sizeof(*m));
	m->nitems = nitems;
	m->k = o->k;
	m->similarity = o->similarity;
	m->counts = c;
	m->nneighbours = calloc(nitems + 1, sizeof(*m->nneighbours));
	m->row = malloc((nitems * o->k + 1) * sizeof(*m->row));
	m->self = calloc(nitems + 1, sizeof(*m->self));
	if (m->nneighbours && m->row && m->self)
		return true;
	crm_item_model_free(m);
	return false;
}

void
crm_item_model_free(struct crm_item_model *m)
{
	free(m->nneighbours);
	free(m->row);
	free(m->self);
	memset(m, 0, sizeof(*m));
}

void
crm_item_neighbours(struct crm_item_model *m, const struct crm_baskets *b,
    const struct crm_itemsim_options *o, uint32_t i,
    struct crm_row_scratch *s)
{
	const struct crm_item_counts *c = m->counts;
	size_t n = crm_cooccurrence_row(b, c, i, s), t, kept = 0, r;
	struct crm_neighbour *row = m->row + i * m->k;
	struct crm_ranked x;
	uint32_t j;

	for (t = 0; t < n; t++) {
		j = s->touched[t];
		if (s->together[j] < o->min_count)
			continue;
		x.value = crm_similarity(o->similarity, c->nbaskets,
		    s->together[j], c->buyers[i], c->buyers[j]);
		x.support = x.extra = s->together[j];
		x.item = j;
		keep_best(s->heap, &kept, o->k, &x);
	}
	crm_row_clear(s, n);
	heap_to_sorted(s->heap, kept);
	for (r = 0; r < kept; r++) {
		row[r].item = s->heap[r].item;
		row[r].weight = s->heap[r].value;
		row[r].together = s->heap[r].extra;
	}
	m->nneighbours[i] = (uint32_t)kept;
	m->self[i] = c->repeaters[i] >= o->min_count ?
	    crm_similarity(o->similarity, c->nbaskets, c->repeaters[i],
	    c->buyers[i], c->buyers[i]) : 0;
}

/* Scoring a customer */

bool
crm_score_scratch_init(struct crm_score_scratch *s, size_t n)
{
	memset(s, 0, sizeof(*s));
	s->heap = malloc((n + 1) * sizeof(*s->heap));
	s->n = n;
	return s->heap != NULL;
}

void
crm_score_scratch_free(struct crm_score_scratch *s)
{
	free(s->slot);
	free(s->used);
	free(s->heap);
	memset(s, 0, sizeof(*s));
}

/* Room for terms candidates at most half full; false when out of memory. */
static bool
make_room(struct crm_score_scratch *s, size_t terms)
{
	size_t slots = 64, i;

	if (s->slot != NULL && terms * 2 <= s->mask + 1)
		return true;
	while (slots < terms * 2)
		slots *= 2;
	free(s->slot);
	free(s->used);
	s->slot = malloc(slots * sizeof(*s->slot));
	s->used = malloc(slots * sizeof(*s->used));
	if (s->slot == NULL || s->used == NULL)
		return false;
	s->mask = slots - 1;
	for (i = 0; i < slots; i++)
		s->slot[i].item = CRM_NO_ITEM;
	return true;
}

/* A bought item's slot, when bought items are no candidates. */
#define BOUGHT (-2.0)

/* Candidate j's slot, taken if it was free. */
static struct crm_candidate *
find_slot(struct crm_score_scratch *s, size_t *nused, uint32_t j)
{
	size_t h = (uint32_t)(j * 0x9e3779b1u) & s->mask;
	struct crm_candidate *c;

	while (s->slot[h].item != j && s->slot[h].item != CRM_NO_ITEM)
		h = (h + 1) & s->mask;
	c = &s->slot[h];
	if (c->item == CRM_NO_ITEM) {
		c->item = j;
		c->score = 0;
		c->best = -1;
		s->used[(*nused)++] = (uint32_t)h;
	}
	return c;
}

/* Add term to candidate j's score; i explains j if its term is largest. */
static void
add_term(struct crm_score_scratch *s, size_t *nused, uint32_t j, uint32_t i,
    double term)
{
	struct crm_candidate *c = find_slot(s, nused, j);

	if (c->best == BOUGHT)
		return;
	c->score += term;
	if (term > c->best) {
		c->best = term;
		c->because = i;
	}
}

/* The terms of a basket: an upper bound on its candidates. */
static size_t
count_terms(const struct crm_item_model *m, const uint32_t *items,
    size_t len)
{
	size_t p, terms = 0;

	for (p = 0; p < len; p++)
		terms += m->nneighbours[items[p]] + 1;
	return terms;
}

/* The best candidates into out[], and the table emptied. */
static size_t
best_candidates(const struct crm_item_model *m, struct crm_score_scratch *s,
    size_t nused, struct crm_scored *out)
{
	size_t t, r, kept = 0;
	struct crm_candidate *c;
	struct crm_ranked x;

	for (t = 0; t < nused; t++) {
		c = &s->slot[s->used[t]];
		if (c->score > 0) {
			x.value = c->score;
			x.support = m->counts->buyers[c->item];
			x.item = c->item;
			x.extra = c->because;
			keep_best(s->heap, &kept, s->n, &x);
		}
		c->item = CRM_NO_ITEM;
	}
	heap_to_sorted(s->heap, kept);
	for (r = 0; r < kept; r++) {
		out[r].item = s->heap[r].item;
		out[r].because = s->heap[r].extra;
		out[r].score = s->heap[r].value;
	}
	return kept;
}

enum { ROWS_AHEAD = 3 };	/* rows fetched ahead while scoring */

/* Fetch the first lines of item i's row. */
static void
fetch_row(const struct crm_item_model *m, uint32_t i)
{
	const char *row = (const char *)(m->row + i * m->k);
	size_t bytes = m->nneighbours[i] * sizeof(*m->row), b;

	for (b = 0; b < bytes && b < 512; b += 64)
		__builtin_prefetch(row + b);
}

bool
crm_recommend(const struct crm_item_model *m, const uint32_t *items,
    const double *weight, size_t len, bool repeat,
    struct crm_score_scratch *s, struct crm_scored *out, size_t *count)
{
	const struct crm_neighbour *row;
	size_t p, r, nused = 0;
	uint32_t i;

	if (!make_room(s, count_terms(m, items, len) + len))
		return false;
	for (p = 0; p < len && p < ROWS_AHEAD; p++)
		fetch_row(m, items[p]);
	for (p = 0; p < len && !repeat; p++)
		find_slot(s, &nused, items[p])->best = BOUGHT;
	/* Bought items in ascending order: ties of terms keep the lower i. */
	for (p = 0; p < len; p++) {
		i = items[p];
		if (p + ROWS_AHEAD < len)
			fetch_row(m, items[p + ROWS_AHEAD]);
		row = m->row + i * m->k;
		for (r = 0; r < m->nneighbours[i]; r++)
			add_term(s, &nused, row[r].item, i,
			    weight[p] * row[r].weight);
		if (repeat && m->self[i] > 0)
			add_term(s, &nused, i, i, weight[p] * m->self[i]);
	}
	*count = best_candidates(m, s, nused, out);
	return true;
}

/* Popular items */

/* An item with its number of buyers, for sorting by popularity. */
struct popularity {
	uint32_t buyers, item;
};

static int
compare_popularity(const void *a, const void *b)
{
	const struct popularity *x = a, *y = b;

	if (x->buyers != y->buyers)
		return x->buyers < y->buyers ? 1 : -1;
	return (x->item > y->item) - (x->item < y->item);
}

bool
crm_items_by_count(const uint32_t *count, size_t nitems, uint32_t min,
    uint32_t *order, size_t *len)
{
	struct popularity *p = malloc((nitems + 1) * sizeof(*p));
	size_t n = 0, i;

	if (p == NULL)
		return false;
	for (i = 0; i < nitems; i++)
		if (count[i] >= min && count[i] > 0) {
			p[n].buyers = count[i];
			p[n++].item = (uint32_t)i;
		}
	qsort(p, n, sizeof(*p), compare_popularity);
	for (i = 0; i < n; i++)
		order[i] = p[i].item;
	free(p);
	*len = n;
	return true;
}

bool
crm_popular_order(const struct crm_item_counts *c, size_t nitems,
    uint32_t *order, size_t *len)
{
	return crm_items_by_count(c->buyers, nitems, 1, order, len);
}

bool
crm_basket_holds(const uint32_t *v, size_t n, uint32_t x)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo] == x;
}

static bool
listed(const struct crm_scored *out, size_t n, uint32_t item)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (out[i].item == item)
			return true;
	return false;
}

size_t
crm_popular_fill(const struct crm_item_counts *c,
    const uint32_t *order, size_t len, const uint32_t *items, size_t blen,
    bool repeat, size_t n, struct crm_scored *out, size_t have)
{
	size_t r;

	for (r = 0; r < len && have < n; r++) {
		if (listed(out, have, order[r]) || (!repeat &&
		    crm_basket_holds(items, blen, order[r])))
			continue;
		out[have].item = order[r];
		out[have].because = CRM_NO_ITEM;
		out[have++].score = (double)c->buyers[order[r]] /
		    (double)c->nbaskets;
	}
	return have;
}
