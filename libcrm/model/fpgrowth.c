/* fpgrowth.c: frequent itemsets by FP-growth, and rules from them. */
#include "fpgrowth.h"

#include <stdlib.h>
#include <string.h>

#define NO_RANK UINT32_MAX

/*
 * A node of an FP-tree: an item (by rank, 0 the most frequent), the
 * baskets whose path runs through it, its parent, and the next node of
 * the same rank (the node-links of the header table). Node 0 is the root.
 * A node's child of a given rank is found through a hash of the pair.
 */
struct node {
	uint32_t rank, count, parent, link;
};

struct tree {
	struct node *node;
	size_t n, cap;
	uint32_t *slot;			/* hash of (parent, rank): node, 0 free */
	size_t mask;
	uint32_t *head;			/* by rank: its last node, 0 none */
	uint32_t *total;		/* by rank: support in this tree */
};

struct mining {
	size_t nranks, max_len;
	uint32_t min_count;
	uint32_t *item;			/* by rank */
	uint32_t *suffix;		/* ranks of the itemset at hand */
	uint32_t *path;			/* a path, leaf to root */
	uint32_t **base;		/* by depth: supports in a pattern base */
	struct crm_itemsets *out;
	bool failed;
};

static size_t
pair_slot(const struct tree *t, uint32_t parent, uint32_t rank)
{
	uint64_t h = ((uint64_t)parent << 32 | rank) * 0x9e3779b97f4a7c15ull;

	return (size_t)(h >> 32) & t->mask;
}

static bool
tree_init(struct tree *t, size_t nranks)
{
	memset(t, 0, sizeof(*t));
	t->cap = 64;
	t->mask = 127;
	t->node = malloc(t->cap * sizeof(*t->node));
	t->slot = calloc(t->mask + 1, sizeof(*t->slot));
	t->head = calloc(nranks + 1, sizeof(*t->head));
	t->total = calloc(nranks + 1, sizeof(*t->total));
	if (!t->node || !t->slot || !t->head || !t->total)
		return false;
	t->node[0] = (struct node){ NO_RANK, 0, 0, 0 };
	t->n = 1;
	return true;
}

static void
tree_free(struct tree *t)
{
	free(t->node);
	free(t->slot);
	free(t->head);
	free(t->total);
}

/* Twice the slots, every node but the root placed again. */
static bool
grow_slots(struct tree *t)
{
	size_t i, h, size = (t->mask + 1) * 2;
	uint32_t *slot = calloc(size, sizeof(*slot));

	if (slot == NULL)
		return false;
	free(t->slot);
	t->slot = slot;
	t->mask = size - 1;
	for (i = 1; i < t->n; i++) {
		h = pair_slot(t, t->node[i].parent, t->node[i].rank);
		while (t->slot[h] != 0)
			h = (h + 1) & t->mask;
		t->slot[h] = (uint32_t)i;
	}
	return true;
}

/* The child of parent with this rank, added if absent; 0 out of memory. */
static uint32_t
child(struct tree *t, uint32_t parent, uint32_t rank)
{
	size_t h = pair_slot(t, parent, rank);
	struct node *grown;
	uint32_t x;

	for (; (x = t->slot[h]) != 0; h = (h + 1) & t->mask)
		if (t->node[x].parent == parent && t->node[x].rank == rank)
			return x;
	if (t->n == UINT32_MAX)
		return 0;
	if (t->n == t->cap) {
		grown = realloc(t->node, 2 * t->cap * sizeof(*t->node));
		if (grown == NULL)
			return 0;
		t->node = grown;
		t->cap *= 2;
	}
	x = (uint32_t)t->n++;
	t->node[x] = (struct node){ rank, 0, parent, t->head[rank] };
	t->head[rank] = x;
	t->slot[h] = x;
	if (t->n * 2 > t->mask + 1 && !grow_slots(t))
		return 0;
	return x;
}

/* Add a path of ascending ranks with a weight (Algorithm 1, insert_tree). */
static bool
insert_path(struct tree *t, const uint32_t *rank, size_t len, uint32_t weight)
{
	uint32_t at = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if ((at = child(t, at, rank[i])) == 0)
			return false;
		t->node[at].count += weight;
		t->total[rank[i]] += weight;
	}
	return true;
}

/* Output */

static bool
reserve(struct crm_itemsets *s, size_t sets, size_t items)
{
	void *p;

	if (sets > s->cap) {
		s->cap = sets * 2;
		if ((p = realloc(s->start, (s->cap + 1) * sizeof(*s->start))) ==
		    NULL)
			return false;
		s->start = p;
		if ((p = realloc(s->support, s->cap * sizeof(*s->support))) ==
		    NULL)
			return false;
		s->support = p;
	}
	if (items > s->items_cap) {
		s->items_cap = items * 2;
		if ((p = realloc(s->items, s->items_cap * sizeof(*s->items))) ==
		    NULL)
			return false;
		s->items = p;
	}
	return true;
}

static int
compare_items(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* The itemset of the suffix's len ranks, as ascending items. */
static void
emit(struct mining *m, size_t len, uint32_t support)
{
	struct crm_itemsets *s = m->out;
	size_t at = s->start[s->count], i;

	if (!reserve(s, s->count + 1, at + len)) {
		m->failed = true;
		return;
	}
	for (i = 0; i < len; i++)
		s->items[at + i] = m->item[m->suffix[i]];
	qsort(s->items + at, len, sizeof(*s->items), compare_items);
	s->support[s->count] = support;
	s->start[++s->count] = at + len;
}

/* Mining */

static void mine(struct mining *m, const struct tree *t, size_t depth);

/*
 * The conditional FP-tree of rank r in t: every path from a node of r up
 * to the root, weighted by the node's count, with only the ranks that
 * are frequent among those paths (Algorithm 2, the pattern base of r).
 */
static bool
conditional_tree(struct mining *m, const struct tree *t, uint32_t r,
    size_t depth, struct tree *cond)
{
	uint32_t *base = m->base[depth], x, y;
	size_t len, i;
	bool ok = tree_init(cond, m->nranks);

	for (x = t->head[r]; x != 0; x = t->node[x].link)
		for (y = t->node[x].parent; y != 0; y = t->node[y].parent)
			base[t->node[y].rank] += t->node[x].count;
	for (x = t->head[r]; ok && x != 0; x = t->node[x].link) {
		len = 0;
		for (y = t->node[x].parent; y != 0; y = t->node[y].parent)
			if (base[t->node[y].rank] >= m->min_count)
				m->path[len++] = t->node[y].rank;
		for (i = 0; i < len / 2; i++) {	/* root first */
			uint32_t swap = m->path[i];

			m->path[i] = m->path[len - 1 - i];
			m->path[len - 1 - i] = swap;
		}
		ok = insert_path(cond, m->path, len, t->node[x].count);
	}
	for (x = t->head[r]; x != 0; x = t->node[x].link)
		for (y = t->node[x].parent; y != 0; y = t->node[y].parent)
			base[t->node[y].rank] = 0;
	return ok;
}

/* Every frequent itemset of t that ends in the suffix (Algorithm 2). */
static void
mine(struct mining *m, const struct tree *t, size_t depth)
{
	struct tree cond;
	size_t r;

	for (r = m->nranks; r-- > 0 && !m->failed;) {
		if (t->total[r] < m->min_count)
			continue;
		m->suffix[depth] = (uint32_t)r;
		emit(m, depth + 1, t->total[r]);
		if (depth + 1 >= m->max_len || m->failed)
			continue;
		if (conditional_tree(m, t, (uint32_t)r, depth, &cond))
			mine(m, &cond, depth + 1);
		else
			m->failed = true;
		tree_free(&cond);
	}
}

/* The first tree */

/* Rank the frequent items: most baskets first, then the lower item. */
static uint32_t *
rank_items(const struct crm_baskets *b, size_t max_basket, struct mining *m,
    uint32_t *rank_of, size_t *nbaskets)
{
	uint32_t *count = calloc(b->nitems + 1, sizeof(*count));
	uint32_t *item = malloc((b->nitems + 1) * sizeof(*item));
	size_t i, p;

	if (count == NULL || item == NULL) {
		free(count);
		free(item);
		return NULL;
	}
	for (i = 0; i < b->nbaskets; i++)
		if (crm_basket_counted(b, max_basket, i)) {
			(*nbaskets)++;
			for (p = b->start[i]; p < b->start[i + 1]; p++)
				count[b->items[p]]++;
		}
	for (i = 0; i < b->nitems; i++)
		rank_of[i] = NO_RANK;
	if (!crm_items_by_count(count, b->nitems, m->min_count, item,
	    &m->nranks)) {
		free(count);
		free(item);
		return NULL;
	}
	for (i = 0; i < m->nranks; i++)
		rank_of[item[i]] = (uint32_t)i;
	free(count);
	return item;
}

/* Each basket's frequent items, by rank, into the tree. */
static bool
build_tree(const struct crm_baskets *b, size_t max_basket,
    const uint32_t *rank_of, struct mining *m, struct tree *t)
{
	size_t i, p, len;

	if (!tree_init(t, m->nranks))
		return false;
	for (i = 0; i < b->nbaskets; i++) {
		if (!crm_basket_counted(b, max_basket, i))
			continue;
		for (len = 0, p = b->start[i]; p < b->start[i + 1]; p++)
			if (rank_of[b->items[p]] != NO_RANK)
				m->path[len++] = rank_of[b->items[p]];
		qsort(m->path, len, sizeof(*m->path), compare_items);
		if (!insert_path(t, m->path, len, 1))
			return false;
	}
	return true;
}

static bool
mining_init(struct mining *m, size_t nitems, size_t max_len)
{
	size_t d;

	m->suffix = malloc((max_len + 1) * sizeof(*m->suffix));
	m->path = malloc((nitems + 1) * sizeof(*m->path));
	m->base = calloc(max_len + 1, sizeof(*m->base));
	if (!m->suffix || !m->path || !m->base)
		return false;
	for (d = 0; d < max_len; d++)
		if ((m->base[d] = calloc(nitems + 1, sizeof(**m->base))) ==
		    NULL)
			return false;
	return true;
}

static void
mining_free(struct mining *m)
{
	size_t d;

	for (d = 0; m->base && d < m->max_len; d++)
		free(m->base[d]);
	free(m->base);
	free(m->suffix);
	free(m->path);
	free(m->item);
}

bool
crm_fpgrowth(const struct crm_baskets *b, size_t max_basket,
    uint32_t min_count, size_t max_len, struct crm_itemsets *out)
{
	struct mining m;
	struct tree t;
	uint32_t *rank_of = malloc((b->nitems + 1) * sizeof(*rank_of));
	bool ok;

	memset(out, 0, sizeof(*out));
	memset(&m, 0, sizeof(m));
	memset(&t, 0, sizeof(t));
	m.min_count = min_count > 0 ? min_count : 1;
	m.max_len = max_len;
	m.out = out;
	ok = rank_of != NULL && mining_init(&m, b->nitems, max_len) &&
	    (out->start = calloc(1, sizeof(*out->start))) != NULL &&
	    (m.item = rank_items(b, max_basket, &m, rank_of,
	    &out->nbaskets)) != NULL &&
	    build_tree(b, max_basket, rank_of, &m, &t);
	if (ok)
		mine(&m, &t, 0);
	ok = ok && !m.failed;
	tree_free(&t);
	mining_free(&m);
	free(rank_of);
	if (!ok)
		crm_itemsets_free(out);
	return ok;
}

void
crm_itemsets_free(struct crm_itemsets *sets)
{
	free(sets->start);
	free(sets->items);
	free(sets->support);
	memset(sets, 0, sizeof(*sets));
}

/* Rules */

/* The itemsets in a hash table, to find a rule's antecedent. */
struct index {
	const struct crm_itemsets *sets;
	size_t *slot;			/* set + 1, 0 free */
	size_t mask;
};

static uint64_t
hash_items(const uint32_t *items, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ len;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ items[i]) * 0xbf58476d1ce4e5b9ull;
	return h ^ h >> 31;
}

static size_t
set_len(const struct crm_itemsets *s, size_t i)
{
	return s->start[i + 1] - s->start[i];
}

/* The slot of the itemset items[0 .. len), or the free one for it. */
static size_t
find_slot(const struct index *x, const uint32_t *items, size_t len)
{
	size_t h = (size_t)hash_items(items, len) & x->mask, s;

	for (; (s = x->slot[h]) != 0; h = (h + 1) & x->mask)
		if (set_len(x->sets, s - 1) == len && memcmp(x->sets->items +
		    x->sets->start[s - 1], items, len * sizeof(*items)) == 0)
			break;
	return h;
}

static bool
index_init(struct index *x, const struct crm_itemsets *sets)
{
	size_t size = 64, i;

	while (size < 2 * sets->count)
		size *= 2;
	x->sets = sets;
	x->mask = size - 1;
	if ((x->slot = calloc(size, sizeof(*x->slot))) == NULL)
		return false;
	for (i = 0; i < sets->count; i++)
		x->slot[find_slot(x, sets->items + sets->start[i],
		    set_len(sets, i))] = i + 1;
	return true;
}

/* Add rule (S minus its item p) -> that item if confident enough. */
static bool
add_rule(const struct index *x, size_t s, size_t p, uint32_t *without,
    double min_confidence, struct crm_rule **rules, size_t *n, size_t *cap)
{
	const struct crm_itemsets *sets = x->sets;
	const uint32_t *items = sets->items + sets->start[s];
	size_t len = set_len(sets, s), a, c, i, k = 0;
	struct crm_rule *grown, r;

	for (i = 0; i < len; i++)
		if (i != p)
			without[k++] = items[i];
	a = x->slot[find_slot(x, without, k)];
	c = x->slot[find_slot(x, items + p, 1)];
	if (a == 0 || c == 0)
		return true;	/* not a list that crm_fpgrowth made */
	r.antecedent = a - 1;
	r.consequent = items[p];
	r.together = sets->support[s];
	crm_rule_measures(sets->nbaskets, r.together, sets->support[a - 1],
	    sets->support[c - 1], &r.m);
	if (r.m.confidence < min_confidence)
		return true;
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		if ((grown = realloc(*rules, *cap * sizeof(**rules))) == NULL)
			return false;
		*rules = grown;
	}
	(*rules)[(*n)++] = r;
	return true;
}

bool
crm_itemset_rules(const struct crm_itemsets *sets, double min_confidence,
    struct crm_rule **rules, size_t *nrules)
{
	struct index x;
	uint32_t *without = NULL;
	size_t s, p, cap = 0, longest = 1;
	bool ok;

	*rules = NULL;
	*nrules = 0;
	for (s = 0; s < sets->count; s++)
		if (set_len(sets, s) > longest)
			longest = set_len(sets, s);
	ok = index_init(&x, sets) &&
	    (without = malloc(longest * sizeof(*without))) != NULL;
	for (s = 0; ok && s < sets->count; s++)
		for (p = 0; ok && set_len(sets, s) >= 2 &&
		    p < set_len(sets, s); p++)
			ok = add_rule(&x, s, p, without, min_confidence, rules,
			    nrules, &cap);
	free(x.slot);
	free(without);
	if (!ok) {
		free(*rules);
		*rules = NULL;
		*nrules = 0;
	}
	return ok;
}
