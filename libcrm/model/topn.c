/* topn.c: hit rate, precision, recall and coverage of top-N lists. */
#include "topn.h"

#include "itemsim.h"

size_t
crm_topn_hits(const uint32_t *list, size_t len, const uint32_t *relevant,
    size_t nrel)
{
	size_t i, hits = 0;

	for (i = 0; i < len; i++)
		hits += crm_basket_holds(relevant, nrel, list[i]);
	return hits;
}

void
crm_topn_add(struct crm_topn_tally *t, size_t hits, size_t nrelevant)
{
	t->customers++;
	t->hit_customers += hits > 0;
	t->hits += hits;
	t->recall_sum += (double)hits / (double)nrelevant;
}

void
crm_topn_metrics(const struct crm_topn_tally *t, size_t covered,
    size_t catalogue, struct crm_topn_metrics *m)
{
	double customers = (double)t->customers;

	m->hit_rate = m->precision = m->recall = m->coverage = 0;
	if (t->customers > 0 && t->n > 0) {
		m->hit_rate = (double)t->hit_customers / customers;
		m->precision = (double)t->hits / ((double)t->n * customers);
		m->recall = t->recall_sum / customers;
	}
	if (catalogue > 0)
		m->coverage = (double)covered / (double)catalogue;
}
