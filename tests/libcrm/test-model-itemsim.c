/*
 * test-model-itemsim.c: counts, similarities, neighbours, top-N lists and
 * their evaluation, checked by hand on the baskets of
 * tests/data/recommend-orders.csv, and against a brute-force computation
 * on random baskets.
 *
 * Items A = 0, B = 1, C = 2, D = 3. Baskets K1 {A,B,C} K2 {A,B} K3 {A,C}
 * K4 {B,D} K5 {A,B,D} K6 {D}; K2 and K5 bought A on two days, K4 D.
 * N = 6, c = (4, 4, 2, 3), C_AB = 3, C_AC = 2, C_AD = 1, C_BC = 1,
 * C_BD = 2, C_CD = 0.
 */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "model/itemsim.h"
#include "model/rng.h"
#include "model/topn.h"

enum { A, B, C, D };

static const size_t start[] = { 0, 3, 5, 7, 9, 12, 13 };
static const uint32_t items[] = { A, B, C, A, B, A, C, B, D, A, B, D, D };
static const uint8_t repeat[] = { 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0 };
static const struct crm_baskets shop = { 6, 4, start, items, repeat };

static void
test_counts(void)
{
	struct crm_item_counts c;
	struct crm_row_scratch s;
	size_t n;

	CHECK(crm_item_counts(&shop, 0, &c), "counts");
	CHECK(c.nbaskets == 6, "N = 6");
	CHECK(c.buyers[A] == 4 && c.buyers[B] == 4 && c.buyers[C] == 2 &&
	    c.buyers[D] == 3, "buyers 4, 4, 2, 3");
	CHECK(c.repeaters[A] == 2 && c.repeaters[B] == 0 &&
	    c.repeaters[D] == 1, "C_AA = 2 (K2, K5), C_DD = 1 (K4)");
	CHECK(c.first[A + 1] - c.first[A] == 4 && c.holder[c.first[A]] == 0 &&
	    c.holder[c.first[A] + 3] == 4, "A's buyers: K1 K2 K3 K5");
	CHECK(crm_row_scratch_init(&s, 4, 3), "row scratch");
	n = crm_cooccurrence_row(&shop, &c, A, &s);
	CHECK(n == 3 && s.together[B] == 3 && s.together[C] == 2 &&
	    s.together[D] == 1 && s.together[A] == 0,
	    "row A: C_AB 3, C_AC 2, C_AD 1, not A itself");
	crm_row_clear(&s, n);
	CHECK(s.together[B] == 0 && s.together[C] == 0, "cleared");
	n = crm_cooccurrence_row(&shop, &c, C, &s);
	CHECK(n == 2 && s.together[A] == 2 && s.together[B] == 1 &&
	    s.together[D] == 0, "row C: A 2, B 1, no D");
	crm_row_clear(&s, n);
	crm_row_scratch_free(&s);
	crm_item_counts_free(&c);

	CHECK(crm_item_counts(&shop, 2, &c), "counts of baskets of 2 or less");
	CHECK(c.nbaskets == 4 && c.buyers[A] == 2 && c.buyers[B] == 2 &&
	    c.buyers[C] == 1 && c.buyers[D] == 2,
	    "K1 and K5 left out: N 4, buyers 2, 2, 1, 2");
	crm_item_counts_free(&c);
}

static void
test_similarity(void)
{
	struct crm_rule_measures m;

	CHECK_NEAR(crm_similarity(CRM_SIM_COSINE, 6, 3, 4, 4), 0.75, 1e-15,
	    "cosine AB = 3 / sqrt(16)");
	CHECK_NEAR(crm_similarity(CRM_SIM_COSINE, 6, 2, 4, 2), 2 / sqrt(8.0),
	    1e-15, "cosine AC = 2 / sqrt(8)");
	CHECK_NEAR(crm_similarity(CRM_SIM_LIFT, 6, 2, 4, 3), 1, 1e-15,
	    "lift BD = 6 x 2 / 12");
	CHECK_NEAR(crm_similarity(CRM_SIM_LIFT, 6, 2, 4, 2), 1.5, 1e-15,
	    "lift AC = 6 x 2 / 8");
	CHECK(crm_similarity(CRM_SIM_COSINE, 6, 0, 4, 3) == 0, "C = 0: 0");
	crm_rule_measures(6, 2, 2, 4, &m);
	CHECK(m.support == 2.0 / 6 && m.confidence == 1 && m.lift == 1.5,
	    "rule C -> A: support 2/6, confidence 1, lift 1.5");
	crm_rule_measures(6, 2, 3, 4, &m);
	CHECK(m.confidence == 2.0 / 3 && m.lift == 1, "rule D -> B: 2/3, 1");
}

static void
fit(const struct crm_baskets *b, struct crm_item_counts *c,
    struct crm_item_model *m, const struct crm_itemsim_options *o)
{
	struct crm_row_scratch s;
	uint32_t i;

	if (!crm_item_counts(b, 0, c) ||
	    !crm_item_model_init(m, b->nitems, c, o) ||
	    !crm_row_scratch_init(&s, b->nitems, o->k))
		exit(1);
	for (i = 0; i < b->nitems; i++)
		crm_item_neighbours(m, b, o, i, &s);
	crm_row_scratch_free(&s);
}

static void
test_neighbours(void)
{
	struct crm_itemsim_options o = { CRM_SIM_COSINE, 20, 2 };
	struct crm_item_counts c;
	struct crm_item_model m;
	const struct crm_neighbour *a;

	fit(&shop, &c, &m, &o);
	a = m.row + A * m.k;
	CHECK(m.nneighbours[A] == 2 && a[0].item == B && a[0].weight == 0.75 &&
	    a[0].together == 3 && a[1].item == C, "A: B 0.75, then C; not D "
	    "(C_AD 1 below min_count 2)");
	CHECK(m.nneighbours[C] == 1 && m.row[C * m.k].item == A,
	    "C: A only (C_BC 1)");
	CHECK(m.nneighbours[D] == 1 && m.row[D * m.k].item == B, "D: B only");
	CHECK(m.self[A] == 0.5 && m.self[D] == 0, "s_AA = 2 / sqrt(4 x 4); "
	    "C_DD = 1 is below min_count");
	crm_item_model_free(&m);
	crm_item_counts_free(&c);

	o.min_count = 1;
	o.k = 1;
	fit(&shop, &c, &m, &o);
	CHECK(m.nneighbours[A] == 1 && m.row[A * m.k].item == B,
	    "k = 1 keeps the best only");
	crm_item_model_free(&m);
	crm_item_counts_free(&c);

	o.similarity = CRM_SIM_LIFT;
	o.k = 3;
	fit(&shop, &c, &m, &o);
	CHECK(m.row[A * m.k].item == C && m.row[A * m.k].weight == 1.5 &&
	    m.row[A * m.k + 1].item == B, "lift: A's best is C (1.5), then B "
	    "(1.125)");
	CHECK(m.self[A] == 0.75, "lift s_AA = 6 x 2 / 16");
	crm_item_model_free(&m);
	crm_item_counts_free(&c);
}

/* B1 {P,Q,R,S} B2 {P,R,S} B3 {P} B4 {P} B5 {R} B7 {S} B9 {R,S}. */
static void
test_ties(void)
{
	enum { P, Q, R, S };
	static const size_t tstart[] = { 0, 4, 7, 8, 9, 10, 11, 13 };
	static const uint32_t titems[] = { P, Q, R, S, P, R, S, P, P, R, S,
		R, S };
	static const struct crm_baskets ties = { 7, 4, tstart, titems, NULL };
	struct crm_itemsim_options o = { CRM_SIM_COSINE, 3, 1 };
	struct crm_item_counts c;
	struct crm_item_model m;
	struct crm_score_scratch s;
	struct crm_scored out[3];
	const struct crm_neighbour *p;
	const uint32_t b9[] = { R, S };
	const double w[] = { 1, 1 };
	size_t n;

	fit(&ties, &c, &m, &o);
	p = m.row + P * m.k;
	CHECK(p[0].item == R && p[1].item == S && p[2].item == Q &&
	    p[0].weight == 0.5 && p[2].weight == 0.5, "P's neighbours, all "
	    "0.5: R and S (C 2) before Q (C 1), R before S");
	CHECK(crm_score_scratch_init(&s, 3), "scratch");
	CHECK(crm_recommend(&m, b9, w, 2, false, &s, out, &n), "score B9");
	CHECK(n == 2 && out[0].item == P && out[0].score == 1 &&
	    out[0].because == R && out[1].item == Q && out[1].because == R,
	    "B9 {R,S}: P then Q (score 1 each, P has more buyers), both "
	    "explained by R (equal terms: the first item)");
	crm_score_scratch_free(&s);
	crm_item_model_free(&m);
	crm_item_counts_free(&c);
}

static void
test_recommend(void)
{
	struct crm_itemsim_options o = { CRM_SIM_COSINE, 20, 2 };
	struct crm_item_counts c;
	struct crm_item_model m;
	struct crm_score_scratch s;
	struct crm_scored out[4];
	const uint32_t k2[] = { A, B }, k3[] = { A, C }, k1[] = { A, B, C };
	const double ones[] = { 1, 1, 1 }, decayed[] = { 0.5, 0.25 };
	uint32_t order[4];
	size_t n, len;

	fit(&shop, &c, &m, &o);
	CHECK(crm_score_scratch_init(&s, 3), "scratch");
	crm_recommend(&m, k2, ones, 2, false, &s, out, &n);
	CHECK(n == 2 && out[0].item == C && out[0].score == 2 / sqrt(8.0) &&
	    out[0].because == A && out[1].item == D && out[1].because == B,
	    "K2 {A,B}: C 0.7071 because A, D 0.5774 because B");
	crm_recommend(&m, k2, decayed, 2, false, &s, out, &n);
	CHECK(out[0].score == 2 / sqrt(8.0) / 2 && out[1].score ==
	    2 / sqrt(12.0) / 4, "weights 1/2 and 1/4 scale the terms");
	crm_recommend(&m, k2, ones, 2, true, &s, out, &n);
	CHECK(n == 3 && out[0].item == A && out[0].score == 1.25 &&
	    out[0].because == B && out[1].item == B && out[1].score == 0.75,
	    "repeat: A = 0.5 own + 0.75 from B, explained by B; then B");
	crm_recommend(&m, k1, ones, 3, false, &s, out, &n);
	CHECK(n == 1 && out[0].item == D, "K1 {A,B,C}: only D, bought items "
	    "never");
	CHECK(crm_popular_order(&c, 4, order, &len) && len == 4 &&
	    order[0] == A && order[1] == B && order[2] == D && order[3] == C,
	    "popularity: A, B (4 buyers, A first), D, C");
	crm_recommend(&m, k3, ones, 2, false, &s, out, &n);
	n = crm_popular_fill(&c, order, len, k3, 2, false, 3, out, n);
	CHECK(n == 2 && out[0].item == B && out[1].item == D &&
	    out[1].because == CRM_NO_ITEM && out[1].score == 0.5,
	    "K3 {A,C}: B, then popular D (3/6); A and C are bought");
	n = crm_popular_fill(&c, order, len, k3, 2, true, 3, out, 0);
	CHECK(n == 3 && out[0].item == A && out[2].item == D,
	    "with repeats the popular list keeps bought items");
	crm_score_scratch_free(&s);
	crm_item_model_free(&m);
	crm_item_counts_free(&c);
}

/* Brute force: the full matrix, every score, the same tie rules. */
struct brute {
	size_t nitems;
	uint32_t buyers[40], together[40][40];
};

static double
brute_sim(const struct brute *br, size_t n, uint32_t i, uint32_t j)
{
	return crm_similarity(CRM_SIM_COSINE, n, br->together[i][j],
	    br->buyers[i], br->buyers[j]);
}

/* Is j among i's k best neighbours (by similarity, C, number)? */
static int
brute_neighbour(const struct brute *br, size_t n, uint32_t i, uint32_t j,
    size_t k, uint32_t min_count)
{
	size_t better = 0;
	uint32_t x;
	double sj = brute_sim(br, n, i, j), sx;

	if (j == i || br->together[i][j] < min_count)
		return 0;
	for (x = 0; x < br->nitems; x++) {
		if (x == i || x == j || br->together[i][x] < min_count)
			continue;
		sx = brute_sim(br, n, i, x);
		better += sx > sj || (sx == sj && (br->together[i][x] >
		    br->together[i][j] || (br->together[i][x] ==
		    br->together[i][j] && x < j)));
	}
	return better < k;
}

static void
test_brute_force(void)
{
	enum { NB = 300, NI = 40, K = 5, TOP = 6 };
	struct crm_itemsim_options o = { CRM_SIM_COSINE, K, 2 };
	static size_t bstart[NB + 1];
	static uint32_t bitems[NB * NI];
	struct crm_baskets b = { NB, NI, bstart, bitems, NULL };
	static struct brute br;
	struct crm_item_counts c;
	struct crm_item_model m;
	struct crm_score_scratch s;
	struct crm_scored out[TOP];
	double score[NI], w[NI];
	struct crm_rng g;
	size_t u, p, q, n, bad = 0, len, listed = 0;
	uint32_t j;

	crm_rng_seed(&g, 7);
	br.nitems = NI;
	for (u = 0, n = 0; u < NB; u++) {
		bstart[u] = n;
		for (j = 0; j < NI; j++)	/* items 0..9 popular, a group */
			if (crm_rng_uniform0(&g) < (j < 10 ? 0.3 : 0.08))
				bitems[n++] = j;
	}
	bstart[NB] = n;
	for (u = 0; u < NB; u++)
		for (p = bstart[u]; p < bstart[u + 1]; p++) {
			br.buyers[bitems[p]]++;
			for (q = bstart[u]; q < bstart[u + 1]; q++)
				br.together[bitems[p]][bitems[q]]++;
		}
	fit(&b, &c, &m, &o);
	crm_score_scratch_init(&s, TOP);
	for (u = 0; u < NB; u++) {
		len = bstart[u + 1] - bstart[u];
		for (p = 0; p < len; p++)
			w[p] = 1.0 / (double)(p + 1);
		for (j = 0; j < NI; j++) {
			score[j] = 0;
			for (p = 0; p < len; p++)
				if (brute_neighbour(&br, c.nbaskets,
				    bitems[bstart[u] + p], j, K, 2))
					score[j] += w[p] * brute_sim(&br,
					    c.nbaskets, bitems[bstart[u] + p], j);
		}
		crm_recommend(&m, bitems + bstart[u], w, len, false, &s, out,
		    &n);
		listed += n;
		for (q = 0; q < n; q++) {
			/* not bought, the brute score, nothing better left out */
			bad += crm_basket_holds(bitems + bstart[u], len,
			    out[q].item);
			bad += fabs(out[q].score - score[out[q].item]) > 1e-12;
			if (q > 0 && out[q].score > out[q - 1].score)
				bad++;
		}
	}
	CHECK(listed > NB, "random baskets: %zu items listed", listed);
	CHECK(bad == 0, "random baskets: every list agrees with the brute "
	    "force (%zu disagreements)", bad);
	crm_score_scratch_free(&s);
	crm_item_model_free(&m);
	crm_item_counts_free(&c);
}

static void
test_topn(void)
{
	struct crm_topn_tally t = { 2, 0, 0, 0, 0 };
	struct crm_topn_metrics m;
	const uint32_t list[] = { 5, 3 }, relevant[] = { 1, 3, 9 };

	CHECK(crm_topn_hits(list, 2, relevant, 3) == 1, "one of 5, 3 in "
	    "1, 3, 9");
	crm_topn_add(&t, 1, 3);
	crm_topn_add(&t, 0, 1);
	crm_topn_add(&t, 2, 2);
	crm_topn_metrics(&t, 3, 4, &m);
	CHECK(m.hit_rate == 2.0 / 3, "hit rate: 2 of 3 customers");
	CHECK(m.precision == 3.0 / 6, "precision: 3 hits / (2 x 3)");
	CHECK_NEAR(m.recall, (1.0 / 3 + 0 + 1) / 3, 1e-15, "recall: mean of "
	    "1/3, 0, 1");
	CHECK(m.coverage == 0.75, "coverage: 3 of 4 items");
	t.customers = 0;
	crm_topn_metrics(&t, 0, 0, &m);
	CHECK(m.hit_rate == 0 && m.coverage == 0, "nothing judged: zeros");
}

int
main(void)
{
	test_counts();
	test_similarity();
	test_neighbours();
	test_ties();
	test_recommend();
	test_brute_force();
	test_topn();
	return check_done();
}
