/*
 * recommend.h: the item model of model/itemsim.h fitted to customer
 * baskets (baskets.h) and applied to them on every core: each customer's
 * top-N list, filled up with popular items, the popularity baseline, the
 * pairs bought together for association rules, and the hold-out
 * evaluation of both kinds of list (model/topn.h).
 *
 * Memory: the model is items x neighbours (16 bytes each) plus the
 * inverted index (4 bytes a customer-item pair), and each thread keeps
 * about 40 bytes an item of scratch space.
 */
#ifndef CRM_RECOMMEND_H
#define CRM_RECOMMEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "baskets.h"
#include "model/fpgrowth.h"
#include "model/itemsim.h"
#include "model/topn.h"

struct recommend_options {
	struct crm_itemsim_options sim;	/* k = 0: no neighbours (rules) */
	double min_support;		/* >= 1 customers, else a share */
	size_t max_basket;		/* 0: every basket is counted */
	double half_life;		/* days; 0: no decay */
	bool repeat;			/* bought items are candidates too */
	size_t n;			/* items per list */
};

struct recommender {
	const struct baskets *b;
	struct recommend_options opt;
	struct crm_baskets view;
	struct crm_item_counts counts;
	struct crm_item_model model;
	uint32_t *popular;		/* items by popularity */
	size_t npopular;		/* the catalogue: items with buyers */
	int nthreads;
};

/*
 * Count, resolve opt->min_support into sim.min_count (a share s of the
 * N customers counted is ceil(s N) of them), and find every item's
 * neighbours on every core.
 */
struct recommender *recommender_fit(const struct baskets *b,
    const struct recommend_options *opt);
void recommender_free(struct recommender *r);

/* Space for making one customer's lists at a time. */
struct recommend_scratch {
	struct crm_score_scratch score;
	double *weight;			/* of each item in the basket */
	size_t weight_cap;
	struct crm_scored *list;	/* n */
};

void recommend_scratch_init(struct recommend_scratch *s,
    const struct recommender *r);
void recommend_scratch_free(struct recommend_scratch *s);

/*
 * Customer c's list into s->list: the model's items, then popular ones
 * (because CRM_NO_ITEM) up to n; returns its length.
 */
size_t recommend_list(const struct recommender *r, size_t c,
    struct recommend_scratch *s);
/* The popularity baseline's list for c, the same way. */
size_t recommend_popular(const struct recommender *r, size_t c,
    struct recommend_scratch *s);

/* Two items bought together by `together` customers; a < b. */
struct item_pair {
	uint32_t a, b, together;
};

/* Every pair bought together by at least min_count customers. */
struct item_pair *recommender_pairs(const struct recommender *r,
    uint32_t min_count, size_t *npairs);

/*
 * The itemsets of 1 to max_len items bought by at least sim.min_count of
 * the customers counted: for max_len 2 the items and the pairs of the
 * co-occurrence rows (any support, one row in memory per thread), for
 * more FP-growth (model/fpgrowth.h).
 */
void recommender_itemsets(const struct recommender *r, size_t max_len,
    struct crm_itemsets *sets);

/* The hold-out evaluation of the model's lists and the baseline's. */
struct evaluation {
	struct crm_topn_tally model, popular;
	struct crm_topn_metrics model_metrics, popular_metrics;
	size_t cold;		/* bought in the hold-out, not before */
};

void recommender_evaluate(const struct recommender *r, struct evaluation *e);

#endif
