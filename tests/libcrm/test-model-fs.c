/* test-model-fs.c: Fellegi-Sunter EM recovers a known mixture; blocking. */
#include <math.h>
#include <stdlib.h>

#include "blocking.h"
#include "check.h"
#include "model/fellegi_sunter.h"

/*
 * The expected count of each pattern of nf binary fields (levels 1 and 2)
 * under lambda, m and u: N (lambda prod m + (1 - lambda) prod u).
 */
static size_t
expected_patterns(int nf, double lambda, const double *m2, const double *u2,
    uint8_t *levels, double *count)
{
	size_t n = 0;
	int bits, k;

	for (bits = 0; bits < 1 << nf; bits++, n++) {
		double pm = lambda, pu = 1 - lambda;

		for (k = 0; k < nf; k++) {
			int agree = bits >> k & 1;

			levels[n * (size_t)nf + (size_t)k] = (uint8_t)(1 + agree);
			pm *= agree ? m2[k] : 1 - m2[k];
			pu *= agree ? u2[k] : 1 - u2[k];
		}
		count[n] = 100000 * (pm + pu);
	}
	return n;
}

static void
test_em_u_fixed(void)
{
	const double m2[2] = { 0.9, 0.8 }, u2[2] = { 0.1, 0.3 };
	const int nlevels[2] = { 3, 3 };
	uint8_t levels[8];
	double count[4];
	struct fs_model model;
	struct fs_patterns p = { levels, count, 0 };
	struct fs_em_options opt = { false, NULL, 5000, 1e-12 };
	int it, k;

	p.n = expected_patterns(2, 0.2, m2, u2, levels, count);
	fs_model_init(&model, 2, nlevels);
	for (k = 0; k < 2; k++) {
		model.u[k][1] = 1 - u2[k];
		model.u[k][2] = u2[k];
	}
	CHECK(fs_em(&model, &p, &opt, &it) == CRM_MODEL_OK, "EM converges "
	    "(%d iterations)", it);
	CHECK_NEAR(model.lambda, 0.2, 1e-4, "lambda recovered");
	CHECK_NEAR(model.m[0][2], 0.9, 1e-4, "m of field 1 recovered");
	CHECK_NEAR(model.m[1][2], 0.8, 1e-4, "m of field 2 recovered");
	CHECK(model.u[0][2] == 0.1, "u left as given");
	CHECK_NEAR(fs_field_weight(&model, 0, 2), log2(model.m[0][2] / 0.1),
	    1e-12, "the weight is log2 m / u (Fellegi & Sunter 1969)");
}

static void
test_em_full(void)
{
	const double m2[3] = { 0.95, 0.85, 0.7 }, u2[3] = { 0.05, 0.2, 0.1 };
	const int nlevels[3] = { 3, 3, 3 };
	uint8_t levels[24];
	double count[8];
	struct fs_model model;
	struct fs_patterns p = { levels, count, 0 };
	struct fs_em_options opt = { true, NULL, 20000, 1e-12 };
	int it;

	p.n = expected_patterns(3, 0.3, m2, u2, levels, count);
	fs_model_init(&model, 3, nlevels);
	CHECK(fs_em(&model, &p, &opt, &it) == CRM_MODEL_OK, "EM with u "
	    "converges (%d iterations)", it);
	CHECK_NEAR(model.lambda, 0.3, 1e-3, "lambda");
	CHECK_NEAR(model.m[2][2], 0.7, 1e-3, "m of the weakest field");
	CHECK_NEAR(model.u[1][2], 0.2, 1e-3, "u of field 2");
}

static void
test_em_ignored_and_errors(void)
{
	const int nlevels[2] = { 3, 3 };
	uint8_t levels[4] = { 2, 2, 1, 1 }, bad[2] = { 3, 1 };
	double count[2] = { 10, 90 };
	bool ignore[2] = { true, false };
	struct fs_model model, before;
	struct fs_patterns p = { levels, count, 2 };
	struct fs_em_options opt = { false, ignore, 0, 0 };
	int it;

	fs_model_init(&model, 2, nlevels);
	before = model;
	fs_em(&model, &p, &opt, &it);
	CHECK(model.m[0][2] == before.m[0][2], "an ignored field keeps its m");
	p.levels = bad;
	p.n = 1;
	CHECK(fs_em(&model, &p, &opt, &it) == CRM_MODEL_EINVAL,
	    "a level past the field's levels is refused");
	p.n = 0;
	CHECK(fs_em(&model, &p, &opt, &it) == CRM_MODEL_EDEGENERATE,
	    "no pairs: nothing to estimate");
	CHECK_NEAR(fs_probability(0), 0.5, 1e-15, "weight 0: probability 1/2");
	CHECK_NEAR(fs_probability(-2000), 0, 1e-300, "no overflow below");
	CHECK(fs_probability(2000) == 1, "nor above");
}

/* A level fixed at m = 0 stays there and outweighs everything else. */
static void
test_never_level(void)
{
	const double m2[2] = { 0.9, 0.8 }, u2[2] = { 0.1, 0.3 };
	const int nlevels[2] = { 3, 3 };
	uint8_t levels[8], never[2] = { 1, 2 };
	double count[4];
	struct fs_model model;
	struct fs_patterns p = { levels, count, 0 };
	struct fs_em_options opt = { false, NULL, 5000, 1e-12 };
	int it;

	p.n = expected_patterns(2, 0.2, m2, u2, levels, count);
	fs_model_init(&model, 2, nlevels);
	model.never[0] = 1;
	CHECK(fs_em(&model, &p, &opt, &it) == CRM_MODEL_OK, "EM converges "
	    "with a level held (%d iterations)", it);
	CHECK(model.m[0][1] == 0 && model.m[0][2] == 1, "m of the held level "
	    "stays 0, the others take its share");
	CHECK(fs_field_weight(&model, 0, 1) == FS_NEVER_WEIGHT,
	    "its weight is the finite bound");
	model.m[1][2] = 0.999;
	model.u[1][2] = 1e-9;
	CHECK(fs_probability(fs_match_weight(&model, never, NULL)) < 1e-9,
	    "no agreement elsewhere makes up for it");
}

/* Fields of a group count once: the largest weight, or the smallest. */
static void
test_groups(void)
{
	struct fs_model model;
	const int nlevels[4] = { 3, 3, 3, 3 };
	double w[4] = { 2, 5, 3, -1 };
	bool ignore[4] = { false, true, false, false };

	fs_model_init(&model, 4, nlevels);
	model.group[1] = model.group[2] = model.group[3] = 1;
	CHECK(fs_group_weight(&model, w, NULL, 1) == 4, "the largest "
	    "agreement and the largest disagreement: 5 - 1");
	CHECK(fs_sum_weights(&model, w, NULL) == 6, "2 + (5 - 1), not "
	    "2 + 5 + 3 - 1");
	CHECK(fs_sum_weights(&model, w, ignore) == 4, "an ignored field "
	    "is left out of its group: 2 + (3 - 1)");
	w[1] = -4, w[2] = 0;
	CHECK(fs_group_weight(&model, w, NULL, 1) == -4, "none positive: the "
	    "smallest");
	w[1] = 6, w[2] = 3, w[3] = 0;
	CHECK(fs_group_weight(&model, w, NULL, 1) == 6, "none negative: the "
	    "largest");
	w[1] = w[2] = 0;
	CHECK(fs_group_weight(&model, w, NULL, 1) == 0, "all 0: nothing");
}

static void
test_tf_weight(void)
{
	CHECK(fabs(fs_tf_weight(-1, 2, 1001) - (-1 + log2(1000))) < 1e-12,
	    "a value two records hold: u = 1 / 1000, one other record");
	CHECK(fabs(fs_tf_weight(-1, 11, 1001) - (-1 + log2(100))) < 1e-12,
	    "eleven records: 10 others of 1000");
	CHECK(fs_tf_weight(-1, 0, 1001) == fs_tf_weight(-1, 2, 1001),
	    "an agreement with no count is taken as two records");
	CHECK(fs_tf_weight(-1, 5, 5) == -1, "every record holds it: u = 1");
	CHECK(fs_tf_weight(-1, 2, 1) == -1, "a total below the count is the "
	    "count");
}

struct seen {
	int n;
	uint32_t i[16], j[16];
	int rule[16];
};

static void
collect(void *ctx, uint32_t i, uint32_t j, int rule, unsigned shared)
{
	struct seen *s = ctx;

	(void)shared;
	s->i[s->n] = i, s->j[s->n] = j, s->rule[s->n++] = rule;
}

static void
capped(void *ctx, size_t rule, size_t record, size_t size)
{
	int *n = ctx;

	(*n)++;
	CHECK(rule == 1 && record == 0 && size == 4, "the block of rule 2 "
	    "with records 0 1 2 3 is over the cap of 3");
}

static void
test_blocking(void)
{
	/* rule 0: records 0, 1, 2 share a key; rule 1: 0-3 share one */
	uint64_t *keys = malloc(5 * 2 * sizeof(uint64_t));
	const uint64_t init[10] = { 7, 9, 7, 9, 7, 9, 0, 9, 8, 0 };
	struct block_rule rule;
	struct seen s = { 0 };
	struct blocks *b;
	char err[128];
	int ncapped = 0;
	uint32_t i;

	memcpy(keys, init, sizeof(init));
	b = blocks_build(keys, 5, 2, 3, capped, &ncapped);
	CHECK(ncapped == 1, "one block over the cap");
	for (i = 0; i < 5; i++)
		blocks_pairs_of(b, i, collect, &s);
	CHECK(s.n == 3, "three pairs: 0-1, 0-2, 1-2");
	CHECK(s.i[0] == 0 && s.j[0] == 1 && s.i[2] == 1 && s.j[2] == 2,
	    "in record order");
	CHECK(blocks_shared(b, 0, 3) == 0, "a capped block joins nothing");
	CHECK(blocks_pair_bound(b) == 3, "at most the 3 pairs of the block "
	    "left");
	blocks_free(b);

	keys = malloc(3 * 2 * sizeof(uint64_t));
	memcpy(keys, (uint64_t[]){ 5, 6, 5, 6, 0, 6 }, 6 * sizeof(uint64_t));
	s.n = 0;
	b = blocks_build(keys, 3, 2, 100, capped, &ncapped);
	for (i = 0; i < 3; i++)
		blocks_pairs_of(b, i, collect, &s);
	CHECK(s.n == 3 && s.rule[0] == 0 && s.rule[1] == 1 && s.rule[2] == 1,
	    "0-1 once, by the first rule; 0-2 and 1-2 by the second");
	blocks_free(b);

	CHECK(block_rule_parse("surname[:3],postcode", &rule, err,
	    sizeof(err)) && rule.nparts == 2 && rule.part[0].take == 3 &&
	    strcmp(rule.part[1].name, "postcode") == 0, "a rule of two keys");
	block_rule_free(&rule);
	CHECK(block_rule_parse("phone[-8:]", &rule, err, sizeof(err)) &&
	    rule.part[0].take == -8, "the last 8 characters");
	block_rule_free(&rule);
	CHECK(!block_rule_parse("name[3]", &rule, err, sizeof(err)),
	    "a malformed cut: %s", err);
	block_rule_free(&rule);
}

int
main(void)
{
	test_em_u_fixed();
	test_em_full();
	test_em_ignored_and_errors();
	test_never_level();
	test_groups();
	test_tf_weight();
	test_blocking();
	return check_done();
}
