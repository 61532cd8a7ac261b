/*
 * recommend.c: fitting the item model and making lists on every core.
 *
 * Thread t of n takes items (or customers) t, t + n, t + 2n, ...: the
 * catalogue is in name order and customers in order of appearance, so
 * heavy rows spread evenly enough, and what each row or customer gets
 * does not depend on which thread made it. Sums over customers (the
 * evaluation) are taken afterwards in customer order, so they do not
 * depend on the number of threads either.
 */
#include "recommend.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "workers.h"

enum { MAX_THREADS = 4 };

/* Run fn(ctx, t, ...) on each of r->nthreads threads, once. */
static void
on_every_thread(const struct recommender *r, worker_fn *fn, void *ctx)
{
	struct workers *pool = workers_start(r->nthreads, fn, ctx);

	workers_run(pool);
	workers_stop(pool);
}

static void
find_neighbours(void *ctx, int t, unsigned long batch)
{
	struct recommender *r = ctx;
	struct crm_row_scratch s;
	size_t i;

	(void)batch;
	if (!crm_row_scratch_init(&s, r->view.nitems, r->opt.sim.k))
		die("out of memory (a row of %zu items)", r->view.nitems);
	for (i = (size_t)t; i < r->view.nitems; i += (size_t)r->nthreads)
		crm_item_neighbours(&r->model, &r->view, &r->opt.sim,
		    (uint32_t)i, &s);
	crm_row_scratch_free(&s);
}

static uint32_t
min_count(double support, size_t n)
{
	double count = support >= 1 ? support : ceil(support * (double)n);

	if (count > UINT32_MAX)
		return UINT32_MAX;
	return count < 1 ? 1 : (uint32_t)count;
}

struct recommender *
recommender_fit(const struct baskets *b, const struct recommend_options *opt)
{
	struct recommender *r = xcalloc(1, sizeof(*r));

	r->b = b;
	r->opt = *opt;
	r->nthreads = workers_cpus(MAX_THREADS);
	r->view.nbaskets = b->ncustomers;
	r->view.nitems = b->nitems;
	r->view.start = b->start;
	r->view.items = b->items;
	r->view.repeat = b->repeat;
	if (!crm_item_counts(&r->view, opt->max_basket, &r->counts))
		die("out of memory (counting %zu items)", b->nitems);
	r->opt.sim.min_count = min_count(opt->min_support,
	    r->counts.nbaskets);
	if (!crm_item_model_init(&r->model, b->nitems, &r->counts,
	    &r->opt.sim))
		die("out of memory (model of %zu items)", b->nitems);
	if (r->opt.sim.k > 0)
		on_every_thread(r, find_neighbours, r);
	r->popular = xreallocarray(NULL, b->nitems + 1, sizeof(*r->popular));
	if (!crm_popular_order(&r->counts, b->nitems, r->popular,
	    &r->npopular))
		die("out of memory (ranking %zu items)", b->nitems);
	return r;
}

void
recommender_free(struct recommender *r)
{
	if (r == NULL)
		return;
	crm_item_model_free(&r->model);
	crm_item_counts_free(&r->counts);
	free(r->popular);
	free(r);
}

/* Lists */

void
recommend_scratch_init(struct recommend_scratch *s,
    const struct recommender *r)
{
	memset(s, 0, sizeof(*s));
	if (!crm_score_scratch_init(&s->score, r->opt.n))
		die("out of memory (a list of %zu items)", r->opt.n);
	s->list = xreallocarray(NULL, r->opt.n + 1, sizeof(*s->list));
}

void
recommend_scratch_free(struct recommend_scratch *s)
{
	crm_score_scratch_free(&s->score);
	free(s->weight);
	free(s->list);
	memset(s, 0, sizeof(*s));
}

/*
 * w_ui = 2^(-(as-of - last day) / half-life): the exponential time
 * weight of Ding & Li, "Time weight collaborative filtering", CIKM 2005,
 * with its half-life T0 (lambda = ln 2 / T0); 1 without a half-life.
 */
static const double *
weights(const struct recommender *r, size_t c, struct recommend_scratch *s)
{
	const struct baskets *b = r->b;
	size_t len = basket_size(b, c), p;

	if (len > s->weight_cap) {
		s->weight_cap = grow_capacity(s->weight_cap, len);
		s->weight = xreallocarray(s->weight, s->weight_cap,
		    sizeof(*s->weight));
	}
	for (p = 0; p < len; p++)
		s->weight[p] = r->opt.half_life > 0 ?
		    exp2(-(double)(b->as_of - b->last_day[b->start[c] + p]) /
		    r->opt.half_life) : 1;
	return s->weight;
}

size_t
recommend_list(const struct recommender *r, size_t c,
    struct recommend_scratch *s)
{
	const uint32_t *items = r->b->items + r->b->start[c];
	size_t len = basket_size(r->b, c), n;

	if (!crm_recommend(&r->model, items, weights(r, c, s), len,
	    r->opt.repeat, &s->score, s->list, &n))
		die("out of memory (scoring a basket of %zu items)", len);
	return crm_popular_fill(&r->counts, r->popular, r->npopular, items,
	    len, r->opt.repeat, r->opt.n, s->list, n);
}

size_t
recommend_popular(const struct recommender *r, size_t c,
    struct recommend_scratch *s)
{
	return crm_popular_fill(&r->counts, r->popular, r->npopular,
	    r->b->items + r->b->start[c], basket_size(r->b, c),
	    r->opt.repeat, r->opt.n, s->list, 0);
}

/* Pairs */

struct pairing {
	const struct recommender *r;
	uint32_t min_count;
	struct item_pair *found[MAX_THREADS];
	size_t count[MAX_THREADS], cap[MAX_THREADS];
};

static void
find_pairs(void *ctx, int t, unsigned long batch)
{
	struct pairing *p = ctx;
	const struct recommender *r = p->r;
	struct crm_row_scratch s;
	size_t i, n, k;
	uint32_t j;

	(void)batch;
	if (!crm_row_scratch_init(&s, r->view.nitems, 1))
		die("out of memory (a row of %zu items)", r->view.nitems);
	for (i = (size_t)t; i < r->view.nitems; i += (size_t)r->nthreads) {
		n = crm_cooccurrence_row(&r->view, &r->counts, (uint32_t)i,
		    &s);
		for (k = 0; k < n; k++) {
			j = s.touched[k];
			if (j < i || s.together[j] < p->min_count)
				continue;
			if (p->count[t] == p->cap[t]) {
				p->cap[t] = grow_capacity(p->cap[t],
				    p->count[t] + 1);
				p->found[t] = xreallocarray(p->found[t],
				    p->cap[t], sizeof(*p->found[t]));
			}
			p->found[t][p->count[t]++] = (struct item_pair){
				(uint32_t)i, j, s.together[j] };
		}
		crm_row_clear(&s, n);
	}
	crm_row_scratch_free(&s);
}

static int
compare_pairs(const void *x, const void *y)
{
	const struct item_pair *a = x, *b = y;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return (a->b > b->b) - (a->b < b->b);
}

struct item_pair *
recommender_pairs(const struct recommender *r, uint32_t min_count,
    size_t *npairs)
{
	struct pairing p;
	struct item_pair *all;
	size_t n = 0;
	int t;

	memset(&p, 0, sizeof(p));
	p.r = r;
	p.min_count = min_count;
	on_every_thread(r, find_pairs, &p);
	for (t = 0; t < r->nthreads; t++)
		n += p.count[t];
	all = xreallocarray(NULL, n + 1, sizeof(*all));
	for (n = 0, t = 0; t < r->nthreads; t++) {
		if (p.count[t] > 0)
			memcpy(all + n, p.found[t], p.count[t] * sizeof(*all));
		n += p.count[t];
		free(p.found[t]);
	}
	qsort(all, n, sizeof(*all), compare_pairs);
	*npairs = n;
	return all;
}

/* Itemsets */

static void
append_set(struct crm_itemsets *sets, const uint32_t *items, size_t len,
    uint32_t support)
{
	size_t at = sets->start[sets->count];

	memcpy(sets->items + at, items, len * sizeof(*items));
	sets->support[sets->count] = support;
	sets->start[++sets->count] = at + len;
}

/* The frequent items, then the frequent pairs. */
static void
itemsets_of_pairs(const struct recommender *r, struct crm_itemsets *sets)
{
	uint32_t min = r->opt.sim.min_count, item, pair[2];
	size_t npairs, i, n = r->view.nitems;
	struct item_pair *pairs = recommender_pairs(r, min, &npairs);

	memset(sets, 0, sizeof(*sets));
	sets->nbaskets = r->counts.nbaskets;
	sets->start = xreallocarray(NULL, n + npairs + 1,
	    sizeof(*sets->start));
	sets->support = xreallocarray(NULL, n + npairs + 1,
	    sizeof(*sets->support));
	sets->items = xreallocarray(NULL, n + 2 * npairs + 1,
	    sizeof(*sets->items));
	sets->start[0] = 0;
	for (item = 0; item < n; item++)
		if (r->counts.buyers[item] >= min)
			append_set(sets, &item, 1, r->counts.buyers[item]);
	for (i = 0; i < npairs; i++) {
		pair[0] = pairs[i].a;
		pair[1] = pairs[i].b;
		append_set(sets, pair, 2, pairs[i].together);
	}
	free(pairs);
}

void
recommender_itemsets(const struct recommender *r, size_t max_len,
    struct crm_itemsets *sets)
{
	if (max_len <= 2)
		itemsets_of_pairs(r, sets);
	else if (!crm_fpgrowth(&r->view, r->opt.max_basket,
	    r->opt.sim.min_count, max_len, sets))
		die("out of memory (itemsets of up to %zu items)", max_len);
}

/* Evaluation */

struct judging {
	const struct recommender *r;
	uint32_t *relevant;		/* by customer: |R_u|, 0: not judged */
	uint32_t *hits[2];		/* by customer: model, popular */
	uint8_t *listed[2][MAX_THREADS];	/* items in some list */
};

/* R_u: holdout items, without those bought before unless repeats count. */
static size_t
relevant_items(const struct recommender *r, size_t c, uint32_t *out)
{
	const struct baskets *b = r->b;
	const uint32_t *bought = b->items + b->start[c];
	size_t p, n = 0, len = basket_size(b, c);
	uint32_t item;

	for (p = b->holdout_start[c]; p < b->holdout_start[c + 1]; p++) {
		item = b->holdout_items[p];
		if (r->opt.repeat || !crm_basket_holds(bought, len, item))
			out[n++] = item;
	}
	return n;
}

/* The hits of list[0 .. len) (its items copied into ids[]). */
static void
judge_list(struct judging *j, int kind, int t, size_t c,
    const struct crm_scored *list, size_t len, uint32_t *ids,
    const uint32_t *relevant, size_t nrel)
{
	size_t i;

	for (i = 0; i < len; i++) {
		ids[i] = list[i].item;
		j->listed[kind][t][list[i].item] = 1;
	}
	j->hits[kind][c] = (uint32_t)crm_topn_hits(ids, len, relevant, nrel);
}

static void
judge_customers(void *ctx, int t, unsigned long batch)
{
	struct judging *j = ctx;
	const struct recommender *r = j->r;
	struct recommend_scratch s;
	uint32_t *relevant = xreallocarray(NULL, r->view.nitems + 1,
	    sizeof(*relevant));
	uint32_t *ids = xreallocarray(NULL, r->opt.n + 1, sizeof(*ids));
	size_t c, nrel, len;

	(void)batch;
	recommend_scratch_init(&s, r);
	for (c = (size_t)t; c < r->b->ncustomers; c += (size_t)r->nthreads) {
		nrel = relevant_items(r, c, relevant);
		j->relevant[c] = (uint32_t)nrel;
		if (nrel == 0 || basket_size(r->b, c) == 0)
			continue;
		len = recommend_list(r, c, &s);
		judge_list(j, 0, t, c, s.list, len, ids, relevant, nrel);
		len = recommend_popular(r, c, &s);
		judge_list(j, 1, t, c, s.list, len, ids, relevant, nrel);
	}
	recommend_scratch_free(&s);
	free(relevant);
	free(ids);
}

/* Items listed by any thread, among those of the catalogue. */
static size_t
covered(const struct recommender *r, const struct judging *j, int kind)
{
	size_t i, n = 0;
	int t;

	for (i = 0; i < r->view.nitems; i++) {
		bool any = false;

		for (t = 0; t < r->nthreads; t++)
			any = any || j->listed[kind][t][i];
		n += any && r->counts.buyers[i] > 0;
	}
	return n;
}

void
recommender_evaluate(const struct recommender *r, struct evaluation *e)
{
	size_t n = r->b->ncustomers, c;
	struct judging j;
	int kind, t;

	memset(e, 0, sizeof(*e));
	memset(&j, 0, sizeof(j));
	e->model.n = e->popular.n = r->opt.n;
	if (r->b->holdout_start == NULL)
		return;
	j.r = r;
	j.relevant = xcalloc(n + 1, sizeof(*j.relevant));
	for (kind = 0; kind < 2; kind++) {
		j.hits[kind] = xcalloc(n + 1, sizeof(*j.hits[kind]));
		for (t = 0; t < r->nthreads; t++)
			j.listed[kind][t] = xcalloc(r->view.nitems + 1, 1);
	}
	on_every_thread(r, judge_customers, &j);
	for (c = 0; c < n; c++) {
		if (j.relevant[c] == 0)
			continue;
		if (basket_size(r->b, c) == 0) {
			e->cold++;
			continue;
		}
		crm_topn_add(&e->model, j.hits[0][c], j.relevant[c]);
		crm_topn_add(&e->popular, j.hits[1][c], j.relevant[c]);
	}
	crm_topn_metrics(&e->model, covered(r, &j, 0), r->npopular,
	    &e->model_metrics);
	crm_topn_metrics(&e->popular, covered(r, &j, 1), r->npopular,
	    &e->popular_metrics);
	free(j.relevant);
	for (kind = 0; kind < 2; kind++) {
		free(j.hits[kind]);
		for (t = 0; t < r->nthreads; t++)
			free(j.listed[kind][t]);
	}
}
