/*
 * topn.h: how good top-N lists were against what the customers bought
 * next, in a time-split hold-out: lists made from purchases up to a day,
 * judged by the purchases after it (the evaluation of Deshpande &
 * Karypis, "Item-based top-N recommendation algorithms", ACM TOIS 22(1),
 * 2004, section 6.1, split by time instead of at random).
 *
 * For each customer u judged, with a list L_u of N items at most and the
 * set R_u of relevant items it bought in the hold-out, h_u = |L_u & R_u|:
 *
 *   hit rate   share of customers with h_u > 0 (their HR)
 *   precision  mean over customers of h_u / N
 *   recall     mean over customers of h_u / |R_u|
 *   coverage   items in at least one list / items in the catalogue
 *
 * Customers are added one at a time, so the sums do not depend on how
 * the lists were made. Pure: numbers in, numbers out.
 */
#ifndef CRM_MODEL_TOPN_H
#define CRM_MODEL_TOPN_H

#include <stddef.h>
#include <stdint.h>

struct crm_topn_tally {
	size_t n;			/* N, the length of a full list */
	size_t customers, hit_customers;
	uint64_t hits;			/* sum of h_u */
	double recall_sum;
};

/* Items of list[0 .. len) in relevant[0 .. nrel), which is ascending. */
size_t crm_topn_hits(const uint32_t *list, size_t len,
    const uint32_t *relevant, size_t nrel);

/* One customer with hits h_u of nrelevant > 0 relevant items. */
void crm_topn_add(struct crm_topn_tally *t, size_t hits, size_t nrelevant);

struct crm_topn_metrics {
	double hit_rate, precision, recall, coverage;
};

/* The metrics of the tally; covered of catalogue items were listed. */
void crm_topn_metrics(const struct crm_topn_tally *t, size_t covered,
    size_t catalogue, struct crm_topn_metrics *m);

#endif
