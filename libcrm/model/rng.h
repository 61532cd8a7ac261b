/*
 * rng.h: the seeded random number generator of the whole tree,
 * xoshiro256** (Blackman & Vigna 2018) seeded through splitmix64, and the
 * draws built on it.  Pure: the state lives in the caller's struct crm_rng,
 * and the same seed gives the same sequence.
 *
 * The draws come in two families that differ only in how they turn bits
 * into numbers.  Both are kept because the committed sample data and the
 * tests' expected outputs depend on them bit for bit:
 *  - on crm_rng_uniform, (0, 1), with Box-Muller normals under Gamma and
 *    Beta: the BTYD simulator, crm-churn --bootstrap, the model tests;
 *  - on crm_rng_uniform0, [0, 1), with 1 - u wherever a logarithm needs a
 *    number above 0: k-means, gen-orders and gen-sample, whose normals,
 *    Gamma and Beta ("_polar") use Marsaglia's polar method.
 */
#ifndef CRM_MODEL_RNG_H
#define CRM_MODEL_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct crm_rng {
	uint64_t s[4];
};

/* splitmix64's output function: a bijection that scatters nearby keys. */
uint64_t crm_rng_mix(uint64_t z);
/* Seed the generator from a splitmix64 state: same seed, same sequence. */
void crm_rng_seed(struct crm_rng *g, uint64_t seed);
/* The next 64 random bits. */
uint64_t crm_rng_next(struct crm_rng *g);

/* Uniform on the open interval (0, 1): 53 bits and a half. */
double crm_rng_uniform(struct crm_rng *g);
/* Exponential with mean 1. */
double crm_rng_exponential(struct crm_rng *g);
/* Gamma(shape, scale 1), shape > 0 (Marsaglia & Tsang 2000). */
double crm_rng_gamma(struct crm_rng *g, double shape);
/* Beta(a, b), a, b > 0. */
double crm_rng_beta(struct crm_rng *g, double a, double b);

/* Uniform on [0, 1): 53 random bits, 0 included. */
double crm_rng_uniform0(struct crm_rng *g);
/* Uniform on 0 .. n - 1, n > 0. */
size_t crm_rng_index(struct crm_rng *g, size_t n);
/* True with probability p (one uniform0 draw). */
bool crm_rng_chance(struct crm_rng *g, double p);
/* An index in [0, n) drawn in proportion to weights[0..n), n > 0 (one
 * uniform0 draw against the running sum). */
size_t crm_rng_weighted(struct crm_rng *g, const double *weights, size_t n);
/* Standard normal, Marsaglia's polar method (the second value dropped). */
double crm_rng_normal_polar(struct crm_rng *g);
/* Gamma(shape, scale), shape > 0, on polar normals. */
double crm_rng_gamma_polar(struct crm_rng *g, double shape, double scale);
/* Beta(a, b), a, b > 0, on polar normals. */
double crm_rng_beta_polar(struct crm_rng *g, double a, double b);

/*
 * A standard normal from u in (0, 1] and v in [0, 1) (Box-Muller, the
 * cosine of the pair); the caller's choice of uniforms makes its stream.
 */
double crm_box_muller(double u, double v);

#endif
