/*
 * sim.h: a seeded random number generator (xoshiro256** seeded through
 * splitmix64) and draws of customers from the BTYD models, for the
 * simulator script and the parameter-recovery tests.  Pure: the state
 * lives in the caller's struct crm_rng.
 */
#ifndef CRM_MODEL_SIM_H
#define CRM_MODEL_SIM_H

#include <stdint.h>

#include "btyd.h"

struct crm_rng {
	uint64_t s[4];
};

/* Seed the generator; the same seed gives the same sequence. */
void crm_rng_seed(struct crm_rng *g, uint64_t seed);
/* Uniform on the open interval (0, 1). */
double crm_rng_uniform(struct crm_rng *g);
/* Exponential with mean 1. */
double crm_rng_exponential(struct crm_rng *g);
/* Gamma(shape, scale 1), shape > 0 (Marsaglia & Tsang 2000). */
double crm_rng_gamma(struct crm_rng *g, double shape);
/* Beta(a, b), a, b > 0. */
double crm_rng_beta(struct crm_rng *g, double a, double b);

/* Called for each repeat purchase at time t after the first purchase. */
typedef void crm_purchase_fn(double t, void *ctx);

/*
 * Draw one customer of model m watched for T after the first purchase:
 * returns x (repeat purchases in (0, T]) and stores the time of the last
 * one in *t_x (0 if none); on_purchase (may be NULL) sees each purchase.
 */
long crm_btyd_draw(struct crm_rng *g, const struct crm_btyd *m, double T,
    double *t_x, crm_purchase_fn *on_purchase, void *ctx);

#endif
