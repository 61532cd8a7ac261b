/* test-model-rng.c: the weighted and yes/no draws of model/rng. */
#include "check.h"
#include "model/rng.h"

static void
test_weighted(void)
{
	const double weights[4] = { 1, 0, 3, 6 };
	struct crm_rng g, h;
	int count[4] = { 0 }, i, same = 1;

	crm_rng_seed(&g, 7);
	crm_rng_seed(&h, 7);
	for (i = 0; i < 100000; i++) {
		size_t k = crm_rng_weighted(&g, weights, 4);

		count[k]++;
		same &= k == crm_rng_weighted(&h, weights, 4);
	}
	CHECK(same, "the same seed draws the same sequence");
	CHECK(count[1] == 0, "a weight of 0 is never drawn");
	CHECK_NEAR(count[0] / 100000.0, 0.1, 0.03, "1 in 10 (within 3%%)");
	CHECK_NEAR(count[3] / 100000.0, 0.6, 0.03, "6 in 10");
	CHECK(crm_rng_weighted(&g, weights, 1) == 0, "one choice: it");
}

static void
test_chance(void)
{
	struct crm_rng g;
	int yes = 0, i;

	crm_rng_seed(&g, 1);
	for (i = 0; i < 100000; i++)
		yes += crm_rng_chance(&g, 0.25);
	CHECK_NEAR(yes / 100000.0, 0.25, 0.03, "p = 0.25");
	CHECK(!crm_rng_chance(&g, 0), "p = 0: never");
	CHECK(crm_rng_chance(&g, 1), "p = 1: always");
}

int
main(void)
{
	test_weighted();
	test_chance();
	return check_done();
}
