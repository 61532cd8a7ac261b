/*
 * test-model-fpgrowth.c: frequent itemsets on the running example of Han,
 * Pei & Yin (2000), Table 1, checked itemset by itemset; against counting
 * every subset of random baskets; and the rules made from them.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "model/fpgrowth.h"
#include "model/rng.h"

/* Items a..p as 0..15. */
enum { a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, s };

/* The five transactions of Table 1, items ascending. */
static const size_t start[] = { 0, 8, 15, 20, 25, 33 };
static const uint32_t items[] = {
	a, c, d, f, g, i, m, p,
	a, b, c, f, l, m, o,
	b, f, h, j, o,
	b, c, k, p, s,
	a, c, e, f, l, m, n, p
};
static const struct crm_baskets table1 = { 5, s + 1, start, items, NULL };

/* The support of the itemset written as a string of letters, or 0. */
static uint32_t
support_of(const struct crm_itemsets *sets, const char *letters)
{
	uint32_t want[16];
	size_t len = strlen(letters), x, y;

	for (x = 0; x < len; x++)
		want[x] = (uint32_t)(letters[x] - 'a');
	for (x = 1; x < len; x++)	/* ascending, as the list keeps them */
		for (y = x; y > 0 && want[y - 1] > want[y]; y--) {
			uint32_t t = want[y];

			want[y] = want[y - 1];
			want[y - 1] = t;
		}
	for (x = 0; x < sets->count; x++)
		if (sets->start[x + 1] - sets->start[x] == len &&
		    memcmp(sets->items + sets->start[x], want,
		    len * sizeof(*want)) == 0)
			return sets->support[x];
	return 0;
}

static void
test_table1(void)
{
	static const char *const frequent[] = { "f", "c", "a", "b", "m", "p",
		"fc", "fa", "ca", "fm", "cm", "am", "cp", "fca", "fcm", "fam",
		"cam", "fcam", NULL };
	struct crm_itemsets sets;
	size_t x, ok = 0;

	CHECK(crm_fpgrowth(&table1, 0, 3, 8, &sets), "FP-growth, support 3");
	for (x = 0; frequent[x]; x++)
		ok += support_of(&sets, frequent[x]) == (frequent[x][0] ==
		    'f' && frequent[x][1] == 0 ? 4 : strcmp(frequent[x], "c") ==
		    0 ? 4 : 3);
	CHECK(ok == 18 && sets.count == 18, "the 18 frequent patterns of the "
	    "paper (f:4, c:4, the other 16 at 3), no more (%zu)", sets.count);
	CHECK(sets.nbaskets == 5, "N = 5");
	crm_itemsets_free(&sets);

	CHECK(crm_fpgrowth(&table1, 0, 3, 2, &sets), "itemsets of 2 at most");
	CHECK(sets.count == 13 && support_of(&sets, "fca") == 0 &&
	    support_of(&sets, "cp") == 3, "6 items and 7 pairs");
	crm_itemsets_free(&sets);

	CHECK(crm_fpgrowth(&table1, 7, 2, 8, &sets), "baskets of 7 or less");
	CHECK(sets.nbaskets == 3 && support_of(&sets, "bo") == 2 &&
	    support_of(&sets, "m") == 0, "transactions 100 and 500 left out");
	crm_itemsets_free(&sets);
}

static void
test_rules(void)
{
	struct crm_itemsets sets;
	struct crm_rule *rules;
	size_t nrules, x, found = 0;

	crm_fpgrowth(&table1, 0, 3, 8, &sets);
	CHECK(crm_itemset_rules(&sets, 0.9, &rules, &nrules), "rules");
	for (x = 0; x < nrules; x++) {
		const struct crm_rule *r = &rules[x];
		size_t len = sets.start[r->antecedent + 1] -
		    sets.start[r->antecedent];

		if (r->consequent == m && len == 3 && r->together == 3 &&
		    r->m.confidence == 1 && r->m.support == 0.6 &&
		    r->m.lift == 5.0 / 3)
			found++;
		if (r->m.confidence < 0.9)
			found += 100;
	}
	CHECK(found == 1, "fca -> m: support 3/5, confidence 3/3, lift "
	    "1 / (3/5); every rule at least 0.9");
	free(rules);
	CHECK(crm_itemset_rules(&sets, 0, &rules, &nrules) && nrules ==
	    7 * 2 + 4 * 3 + 4, "7 pairs give 2 rules each, 4 triples 3, one "
	    "quadruple 4 (%zu)", nrules);
	free(rules);
	crm_itemsets_free(&sets);
}

/* Random baskets: every itemset of up to 3 items counted directly. */
static void
test_brute_force(void)
{
	enum { NB = 400, NI = 12 };
	static size_t bstart[NB + 1];
	static uint32_t bitems[NB * NI];
	static uint32_t count3[NI][NI][NI];
	struct crm_baskets rb = { NB, NI, bstart, bitems, NULL };
	struct crm_itemsets sets;
	struct crm_rng g;
	size_t u, x, y, z, len, want = 0, bad = 0;
	uint32_t set[3], bits;
	char letters[4];

	crm_rng_seed(&g, 3);
	for (u = 0, len = 0; u < NB; u++) {
		bstart[u] = len;
		for (x = 0; x < NI; x++)
			if (crm_rng_uniform0(&g) < (x < 4 ? 0.5 : 0.2))
				bitems[len++] = (uint32_t)x;
	}
	bstart[NB] = len;
	for (u = 0; u < NB; u++) {
		bits = 0;
		for (x = bstart[u]; x < bstart[u + 1]; x++)
			bits |= 1u << bitems[x];
		for (x = 0; x < NI; x++)
			for (y = x; y < NI; y++)
				for (z = y; z < NI; z++)
					count3[x][y][z] += (bits >> x & 1) &&
					    (bits >> y & 1) && (bits >> z & 1);
	}
	CHECK(crm_fpgrowth(&rb, 0, 20, 3, &sets), "random baskets");
	for (x = 0; x < NI; x++)
		for (y = x; y < NI; y++)
			for (z = y; z < NI; z++) {
				/* x == y == z: a single; x < y == z: a pair */
				size_t n = 0;

				set[n++] = (uint32_t)x;
				if (y != x)
					set[n++] = (uint32_t)y;
				if (z != y)
					set[n++] = (uint32_t)z;
				if (x == y && y != z)
					continue;	/* counted as x < z */
				for (len = 0; len < n; len++)
					letters[len] = (char)('a' + set[len]);
				letters[n] = '\0';
				if (count3[x][y][z] >= 20)
					want++;
				bad += support_of(&sets, letters) !=
				    (count3[x][y][z] >= 20 ? count3[x][y][z] : 0);
			}
	CHECK(bad == 0 && sets.count == want, "every itemset of up to 3 "
	    "items: %zu of them, %zu wrong", want, bad);
	crm_itemsets_free(&sets);
}

int
main(void)
{
	test_table1();
	test_rules();
	test_brute_force();
	return check_done();
}
