/*
 * fpgrowth.h: frequent itemsets and the association rules between them.
 *
 * FP-growth (Han, Pei & Yin, "Mining frequent patterns without candidate
 * generation", SIGMOD 2000, section 3): the baskets go once into a prefix
 * tree of their frequent items, most frequent first (the FP-tree,
 * Algorithm 1), and the itemsets ending in each item are mined from the
 * tree built on the paths that lead to it, recursively (Algorithm 2,
 * FP-growth), without generating candidates. Itemsets are cut at
 * max_len items, which bounds the recursion.
 *
 * A rule A -> c comes from a frequent itemset S = A + {c} of two or more
 * items, one for each c in S (a single consequent, as Spark MLlib's
 * AssociationRules makes them), with the measures of itemsim.h:
 * support s(S) / N, confidence s(S) / s(A), lift confidence / (c_c / N).
 *
 * Pure: arrays in, numbers out, no I/O.
 */
#ifndef CRM_MODEL_FPGROWTH_H
#define CRM_MODEL_FPGROWTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "itemsim.h"

/* Itemsets: set s is items[start[s] .. start[s + 1]), ascending. */
struct crm_itemsets {
	size_t count, nbaskets;		/* N, the baskets counted */
	size_t *start;
	uint32_t *items;
	uint32_t *support;		/* baskets holding every item of s */
	size_t cap, items_cap;
};

/*
 * Every itemset of 1 to max_len items held by at least min_count of the
 * baskets of at most max_basket items (0: all), in no particular order.
 * False when out of memory.
 */
bool crm_fpgrowth(const struct crm_baskets *b, size_t max_basket,
    uint32_t min_count, size_t max_len, struct crm_itemsets *out);
void crm_itemsets_free(struct crm_itemsets *sets);

/* A rule: the antecedent is itemset `antecedent` of the list. */
struct crm_rule {
	size_t antecedent;
	uint32_t consequent;
	uint32_t together;		/* s(S), the baskets holding both */
	struct crm_rule_measures m;
};

/*
 * The rules of confidence at least min_confidence from the itemsets of
 * two or more items, in *rules (malloc'd, *nrules of them; the caller
 * frees it). Every subset of an itemset of the list must be in it, as
 * crm_fpgrowth() makes them. False when out of memory.
 */
bool crm_itemset_rules(const struct crm_itemsets *sets,
    double min_confidence, struct crm_rule **rules, size_t *nrules);

#endif
