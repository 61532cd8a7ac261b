/* itemsim.c: item-item similarities, neighbours and top-N lists. */
#include "itemsim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Counts and the inverted index */

static bool
counted(const struct crm_baskets *b, size_t max_basket, size_t basket)
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
		if (!counted(b, max_basket, basket))
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
		if (counted(b, max_basket, basket))
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
	size_t h, p, n = 0;
	uint32_t basket, j;

	for (h = c->first[i]; h < c->first[i + 1]; h++) {
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
	size_t cells = nitems * o->k + 1;

	memset(m, 0, sizeof(*m));
	m->nitems = nitems;
	m->k = o->k;
	m->similarity = o->similarity;
	m->counts = c;
	m->nneighbours = calloc(nitems + 1, sizeof(*m->nneighbours));
	m->neighbour = malloc(cells * sizeof(*m->neighbour));
	m->weight = malloc(cells * sizeof(*m->weight));
	m->together = malloc(cells * sizeof(*m->together));
	m->self = calloc(nitems + 1, sizeof(*m->self));
	if (m->nneighbours && m->neighbour && m->weight && m->together &&
	    m->self)
		return true;
	crm_item_model_free(m);
	return false;
}

void
crm_item_model_free(struct crm_item_model *m)
{
	free(m->nneighbours);
	free(m->neighbour);
	free(m->weight);
	free(m->together);
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
		m->neighbour[i * m->k + r] = s->heap[r].item;
		m->weight[i * m->k + r] = s->heap[r].value;
		m->together[i * m->k + r] = s->heap[r].extra;
	}
	m->nneighbours[i] = (uint32_t)kept;
	m->self[i] = c->repeaters[i] >= o->min_count ?
	    crm_similarity(o->similarity, c->nbaskets, c->repeaters[i],
	    c->buyers[i], c->buyers[i]) : 0;
}

/* Scoring a customer */

bool
crm_score_scratch_init(struct crm_score_scratch *s, size_t nitems, size_t n)
{
	memset(s, 0, sizeof(*s));
	s->score = malloc((nitems + 1) * sizeof(*s->score));
	s->best = malloc((nitems + 1) * sizeof(*s->best));
	s->because = malloc((nitems + 1) * sizeof(*s->because));
	s->stamp = calloc(nitems + 1, sizeof(*s->stamp));
	s->bought = calloc(nitems + 1, sizeof(*s->bought));
	s->touched = malloc((nitems + 1) * sizeof(*s->touched));
	s->heap = malloc((n + 1) * sizeof(*s->heap));
	s->n = n;
	s->nitems = nitems;
	if (s->score && s->best && s->because && s->stamp && s->bought &&
	    s->touched && s->heap)
		return true;
	crm_score_scratch_free(s);
	return false;
}

void
crm_score_scratch_free(struct crm_score_scratch *s)
{
	free(s->score);
	free(s->best);
	free(s->because);
	free(s->stamp);
	free(s->bought);
	free(s->touched);
	free(s->heap);
	memset(s, 0, sizeof(*s));
}

/* A new round of stamps: after 2^32 - 1 customers, clear them. */
static void
next_round(struct crm_score_scratch *s)
{
	if (++s->round == 0) {
		memset(s->stamp, 0, (s->nitems + 1) * sizeof(*s->stamp));
		memset(s->bought, 0, (s->nitems + 1) * sizeof(*s->bought));
		s->round = 1;
	}
}

/* Add term to candidate j's score; i explains j if its term is largest. */
static size_t
add_term(struct crm_score_scratch *s, size_t ntouched, uint32_t j,
    uint32_t i, double term)
{
	if (s->stamp[j] != s->round) {
		s->stamp[j] = s->round;
		s->score[j] = 0;
		s->best[j] = -1;
		s->touched[ntouched++] = j;
	}
	s->score[j] += term;
	if (term > s->best[j]) {
		s->best[j] = term;
		s->because[j] = i;
	}
	return ntouched;
}

size_t
crm_recommend(const struct crm_item_model *m, const uint32_t *items,
    const double *weight, size_t len, bool repeat,
    struct crm_score_scratch *s, struct crm_scored *out)
{
	size_t p, r, t, nt = 0, kept = 0;
	struct crm_ranked x;
	uint32_t i, j;

	next_round(s);
	for (p = 0; p < len; p++)
		s->bought[items[p]] = s->round;
	/* Bought items in ascending order: ties of terms keep the lower i. */
	for (p = 0; p < len; p++) {
		i = items[p];
		for (r = 0; r < m->nneighbours[i]; r++) {
			j = m->neighbour[i * m->k + r];
			if (repeat || s->bought[j] != s->round)
				nt = add_term(s, nt, j, i,
				    weight[p] * m->weight[i * m->k + r]);
		}
		if (repeat && m->self[i] > 0)
			nt = add_term(s, nt, i, i, weight[p] * m->self[i]);
	}
	for (t = 0; t < nt; t++) {
		j = s->touched[t];
		if (!(s->score[j] > 0))
			continue;
		x.value = s->score[j];
		x.support = m->counts->buyers[j];
		x.item = j;
		x.extra = s->because[j];
		keep_best(s->heap, &kept, s->n, &x);
	}
	heap_to_sorted(s->heap, kept);
	for (r = 0; r < kept; r++) {
		out[r].item = s->heap[r].item;
		out[r].because = s->heap[r].extra;
		out[r].score = s->heap[r].value;
	}
	return kept;
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
crm_popular_order(const struct crm_item_counts *c, size_t nitems,
    uint32_t *order, size_t *len)
{
	struct popularity *p = malloc((nitems + 1) * sizeof(*p));
	size_t n = 0, i;

	if (p == NULL)
		return false;
	for (i = 0; i < nitems; i++)
		if (c->buyers[i] > 0) {
			p[n].buyers = c->buyers[i];
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
