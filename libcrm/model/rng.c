/* rng.c: xoshiro256** seeded through splitmix64, and draws from it. */
#include "rng.h"

#include <math.h>

/* A draw of one number; see marsaglia_tsang. */
typedef double draw_fn(struct crm_rng *g);

uint64_t
crm_rng_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
splitmix64(uint64_t *state)
{
	return crm_rng_mix(*state += 0x9e3779b97f4a7c15ULL);
}

void
crm_rng_seed(struct crm_rng *g, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		g->s[i] = splitmix64(&seed);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
crm_rng_next(struct crm_rng *g)
{
	uint64_t *s = g->s, result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double
crm_rng_uniform(struct crm_rng *g)
{
	return ((crm_rng_next(g) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

double
crm_rng_uniform0(struct crm_rng *g)
{
	return (double)(crm_rng_next(g) >> 11) * 0x1.0p-53;
}

/* Uniform on (0, 1], for log and pow in the [0, 1) family. */
static double
uniform0_flipped(struct crm_rng *g)
{
	return 1 - crm_rng_uniform0(g);
}

size_t
crm_rng_index(struct crm_rng *g, size_t n)
{
	size_t i = (size_t)(crm_rng_uniform0(g) * (double)n);

	return i < n ? i : n - 1;
}

bool
crm_rng_chance(struct crm_rng *g, double p)
{
	return crm_rng_uniform0(g) < p;
}

size_t
crm_rng_weighted(struct crm_rng *g, const double *weights, size_t n)
{
	double total = 0, target;
	size_t i;

	for (i = 0; i < n; i++)
		total += weights[i];
	target = crm_rng_uniform0(g) * total;
	for (i = 0; i + 1 < n; i++) {
		if (target < weights[i])
			return i;
		target -= weights[i];
	}
	return n - 1;
}

double
crm_box_muller(double u, double v)
{
	return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

/* Standard normal: Box-Muller on two crm_rng_uniform draws. */
static double
normal_open(struct crm_rng *g)
{
	double u = crm_rng_uniform(g), v = crm_rng_uniform(g);

	return crm_box_muller(u, v);
}

double
crm_rng_normal_polar(struct crm_rng *g)
{
	double u, v, s;

	do {
		u = 2 * crm_rng_uniform0(g) - 1;
		v = 2 * crm_rng_uniform0(g) - 1;
		s = u * u + v * v;
	} while (s >= 1 || s == 0);
	return u * sqrt(-2 * log(s) / s);
}

double
crm_rng_exponential(struct crm_rng *g)
{
	return -log(crm_rng_uniform(g));
}

/*
 * Gamma(shape, scale), Marsaglia & Tsang (2000), boosted below shape 1,
 * on the normals of normal and the (0, 1] uniforms of unit, so that one
 * method serves both families.  Every draw is a statement of its own: C
 * leaves the order of operands open, and the stream must not depend on
 * the compiler.
 */
static double
marsaglia_tsang(struct crm_rng *g, double shape, double scale,
    draw_fn *normal, draw_fn *unit)
{
	double d, c, x, v;

	if (shape < 1) {
		x = marsaglia_tsang(g, shape + 1, scale, normal, unit);
		return x * pow(unit(g), 1 / shape);
	}
	d = shape - 1.0 / 3;
	c = 1 / sqrt(9 * d);
	for (;;) {
		do {
			x = normal(g);
			v = 1 + c * x;
		} while (v <= 0);
		v = v * v * v;
		if (log(unit(g)) < 0.5 * x * x + d - d * v + d * log(v))
			return d * v * scale;
	}
}

/* Scale 1 multiplies exactly, so these are the unscaled draws. */
double
crm_rng_gamma(struct crm_rng *g, double shape)
{
	return marsaglia_tsang(g, shape, 1, normal_open, crm_rng_uniform);
}

double
crm_rng_gamma_polar(struct crm_rng *g, double shape, double scale)
{
	return marsaglia_tsang(g, shape, scale, crm_rng_normal_polar,
	    uniform0_flipped);
}

double
crm_rng_beta(struct crm_rng *g, double a, double b)
{
	double x = crm_rng_gamma(g, a), y = crm_rng_gamma(g, b);

	return x / (x + y);
}

double
crm_rng_beta_polar(struct crm_rng *g, double a, double b)
{
	double x = crm_rng_gamma_polar(g, a, 1), y = crm_rng_gamma_polar(g, b,
	    1);

	return x / (x + y);
}
