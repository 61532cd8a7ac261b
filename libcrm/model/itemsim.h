/*
 * itemsim.h: item-based top-N recommendation from customer baskets.
 *
 * A basket is the set of distinct items one customer bought. Over the N
 * baskets that are counted, c_i is the number that hold item i, C_ij the
 * number that hold both i and j, and C_ii (an item with itself) the
 * number whose customer bought i on two or more days. Similarities:
 *
 *   cosine  s_ij = C_ij / sqrt(c_i c_j)
 *     the cosine of the two items' binary customer vectors: Sarwar,
 *     Karypis, Konstan & Riedl, "Item-based collaborative filtering
 *     recommendation algorithms", WWW 2001, section 3.1.1; the measure of
 *     Linden, Smith & York, "Amazon.com recommendations: item-to-item
 *     collaborative filtering", IEEE Internet Computing 7(1), 2003.
 *   lift    s_ij = N C_ij / (c_i c_j)
 *     P(i and j) / (P(i) P(j)), the "interest" of Brin, Motwani, Ullman &
 *     Tsur, SIGMOD 1997, section 2.
 *
 * The model keeps, for each item, its k most similar items among those
 * bought together with it by at least min_count customers (Deshpande &
 * Karypis, "Item-based top-N recommendation algorithms", ACM TOIS 22(1),
 * 2004, section 4), so it takes items x k entries, never items squared.
 * Each row is counted as Linden et al. describe: for item i, every
 * customer who bought i, every other item that customer bought; the work
 * is the sum over baskets of their squared sizes, and baskets larger
 * than max_basket are left out of every count (their heaviest buyers
 * cost the most and say the least about any one pair).
 *
 * A customer u with basket B_u and a weight w_ui for each bought item
 * (1, or a decay with the age of the purchase) scores every candidate
 * item j as the weighted sum of Sarwar et al.'s section 3.2.1 without
 * its denominator (which would make every score 1 for purchases):
 *
 *   score(u, j) = sum over i in B_u with j among i's neighbours of
 *                 w_ui s_ij  [ + w_uj s_jj with repeats ]
 *
 * Candidates are the items not in B_u, or every item with repeats, when
 * an item's own term s_jj (from C_jj) counts too. The item i whose term
 * is largest "explains" j (ties: the lower item number). Ties between
 * candidates, and between neighbours, are broken the same way: higher
 * score (similarity), then more customers (buyers of the candidate, or
 * C_ij for a neighbour), then the lower item number.
 *
 * Pure: arrays in, numbers out, no I/O; scratch space is the caller's, so
 * rows and customers can be taken on several threads.
 */
#ifndef CRM_MODEL_ITEMSIM_H
#define CRM_MODEL_ITEMSIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum crm_similarity { CRM_SIM_COSINE, CRM_SIM_LIFT };

#define CRM_NO_ITEM UINT32_MAX

/* Baskets as compressed rows: basket b is items[start[b] .. start[b+1]). */
struct crm_baskets {
	size_t nbaskets, nitems;
	const size_t *start;
	const uint32_t *items;		/* ascending within a basket */
	const uint8_t *repeat;		/* 1: bought on two or more days */
};

/* Is basket counted: not empty, and of at most max_basket items (0: any)? */
bool crm_basket_counted(const struct crm_baskets *b, size_t max_basket,
    size_t basket);

/* Is item in the ascending list items[0 .. n)? (binary search) */
bool crm_basket_holds(const uint32_t *items, size_t n, uint32_t item);

/*
 * Counts over the baskets of at most max_basket items (0: all), with the
 * inverted index: the counted baskets holding item i are
 * holder[first[i] .. first[i + 1]), ascending.
 */
struct crm_item_counts {
	size_t nbaskets;		/* N */
	size_t max_basket;
	uint32_t *buyers;		/* c_i */
	uint32_t *repeaters;		/* C_ii */
	size_t *first;			/* nitems + 1 */
	uint32_t *holder;
};

/* Allocates the arrays of c; false when out of memory. */
bool crm_item_counts(const struct crm_baskets *b, size_t max_basket,
    struct crm_item_counts *c);
void crm_item_counts_free(struct crm_item_counts *c);

/* s_ij from the counts (0 when a count is 0). */
double crm_similarity(enum crm_similarity kind, size_t n, uint32_t together,
    uint32_t buyers_i, uint32_t buyers_j);

/* A candidate while the best few are kept (the scratch spaces' heaps). */
struct crm_ranked {
	double value;
	uint32_t support;		/* the first tie-breaker: more first */
	uint32_t item;			/* the second: lower first */
	uint32_t extra;			/* carried along */
};

/*
 * The measures of the association rule A -> B (Agrawal, Imielinski &
 * Swami, SIGMOD 1993, section 2) over N baskets, C_AB of which hold both:
 * support C_AB / N, confidence C_AB / c_A, and lift (Brin et al. 1997)
 * confidence / (c_B / N).
 */
struct crm_rule_measures {
	double support, confidence, lift;
};

void crm_rule_measures(size_t n, uint32_t together, uint32_t buyers_a,
    uint32_t buyers_b, struct crm_rule_measures *m);

/* Space for counting one row: together[] all 0 between rows. */
struct crm_row_scratch {
	uint32_t *together;		/* nitems */
	uint32_t *touched;		/* nitems */
	struct crm_ranked *heap;	/* k */
};

/* For rows of items with at most k neighbours. */
bool crm_row_scratch_init(struct crm_row_scratch *s, size_t nitems,
    size_t k);
void crm_row_scratch_free(struct crm_row_scratch *s);

/*
 * C_ij for every j != i bought together with item i: returns how many
 * such j there are, listed in s->touched[0 ..) with their counts in
 * s->together[j]. The caller clears them with crm_row_clear().
 */
size_t crm_cooccurrence_row(const struct crm_baskets *b,
    const struct crm_item_counts *c, uint32_t i, struct crm_row_scratch *s);
void crm_row_clear(struct crm_row_scratch *s, size_t ntouched);

struct crm_itemsim_options {
	enum crm_similarity similarity;
	size_t k;			/* neighbours kept per item, >= 1 */
	uint32_t min_count;		/* least C_ij for a neighbour, >= 1 */
};

/* A neighbour of an item: its similarity, number and C_ij. */
struct crm_neighbour {
	double weight;			/* s_ij */
	uint32_t item;			/* j */
	uint32_t together;		/* C_ij */
};

/* The neighbours of every item: items x k entries. */
struct crm_item_model {
	size_t nitems, k;
	enum crm_similarity similarity;
	const struct crm_item_counts *counts;
	uint32_t *nneighbours;		/* of item i, at most k */
	struct crm_neighbour *row;	/* [i * k + r], best first */
	double *self;			/* s_ii, 0 below min_count */
};

bool crm_item_model_init(struct crm_item_model *m, size_t nitems,
    const struct crm_item_counts *c, const struct crm_itemsim_options *o);
void crm_item_model_free(struct crm_item_model *m);

/* Item i's row of the model (and its s_ii), from the baskets. */
void crm_item_neighbours(struct crm_item_model *m,
    const struct crm_baskets *b, const struct crm_itemsim_options *o,
    uint32_t i, struct crm_row_scratch *s);

/* A recommended item, the item that explains it, and its score. */
struct crm_scored {
	uint32_t item;
	uint32_t because;		/* CRM_NO_ITEM: a popular item */
	double score;
};

/* A candidate item's running sum while one customer is scored. */
struct crm_candidate {
	double score;			/* the sum of its terms */
	double best;			/* its largest term */
	uint32_t item;			/* CRM_NO_ITEM: a free slot */
	uint32_t because;		/* the bought item of that term */
};

/*
 * Space for scoring one customer's top n: the candidates in a small hash
 * table sized to the customer's terms, so that it stays in the cache.
 */
struct crm_score_scratch {
	struct crm_candidate *slot;
	size_t mask;			/* slots - 1, a power of two less 1 */
	uint32_t *used;			/* slots in use */
	struct crm_ranked *heap;	/* n */
	size_t n;
};

bool crm_score_scratch_init(struct crm_score_scratch *s, size_t n);
void crm_score_scratch_free(struct crm_score_scratch *s);

/*
 * The customer's top s->n items (fewer when fewer score above 0), best
 * first, into out[], *count of them: its basket is items[0 .. len),
 * ascending, each with its weight. False when out of memory.
 */
bool crm_recommend(const struct crm_item_model *m, const uint32_t *items,
    const double *weight, size_t len, bool repeat,
    struct crm_score_scratch *s, struct crm_scored *out, size_t *count);

/*
 * The items of count[i] >= min (and > 0) by count, largest first, then
 * the lower number, into order[] (nitems), *len of them. False when out
 * of memory.
 */
bool crm_items_by_count(const uint32_t *count, size_t nitems, uint32_t min,
    uint32_t *order, size_t *len);

/*
 * Items by popularity: more buyers first, then the lower number; only
 * items with buyers, into order[] (nitems), *len of them. False when out
 * of memory.
 */
bool crm_popular_order(const struct crm_item_counts *c, size_t nitems,
    uint32_t *order, size_t *len);

/*
 * Fill out[have .. n) with the most popular items (order[0 .. len)) that
 * are not in out[0 .. have) and, without repeat, not in the basket
 * items[0 .. blen) (ascending); each with because CRM_NO_ITEM and score
 * c_j / N. Returns the new count.
 */
size_t crm_popular_fill(const struct crm_item_counts *c,
    const uint32_t *order, size_t len, const uint32_t *items, size_t blen,
    bool repeat, size_t n, struct crm_scored *out, size_t have);

#endif
