/* sim.c: xoshiro256** generator and BTYD customer draws. */
#include "sim.h"

#include <math.h>

static uint64_t
splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
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

/* xoshiro256** (Blackman & Vigna 2018). */
static uint64_t
rng_next(struct crm_rng *g)
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
	return ((rng_next(g) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

double
crm_rng_exponential(struct crm_rng *g)
{
	return -log(crm_rng_uniform(g));
}

/* Standard normal (Box-Muller, one of the pair). */
static double
rng_normal(struct crm_rng *g)
{
	double u = crm_rng_uniform(g), v = crm_rng_uniform(g);

	return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

double
crm_rng_gamma(struct crm_rng *g, double shape)
{
	double d, c;

	if (shape < 1)
		return crm_rng_gamma(g, shape + 1) *
		    pow(crm_rng_uniform(g), 1 / shape);
	d = shape - 1.0 / 3;
	c = 1 / sqrt(9 * d);
	for (;;) {
		double z = rng_normal(g), v = 1 + c * z;

		if (v <= 0)
			continue;
		v = v * v * v;
		if (log(crm_rng_uniform(g)) < 0.5 * z * z + d - d * v +
		    d * log(v))
			return d * v;
	}
}

double
crm_rng_beta(struct crm_rng *g, double a, double b)
{
	double x = crm_rng_gamma(g, a), y = crm_rng_gamma(g, b);

	return x / (x + y);
}

/*
 * lambda ~ Gamma(r, alpha); BG/NBD and MBG/NBD: p ~ Beta(a, b), drop out
 * with probability p after each repeat purchase (MBG/NBD also right after
 * the first); Pareto/NBD: lifetime ~ Exp(mu), mu ~ Gamma(s, beta).
 */
long
crm_btyd_draw(struct crm_rng *g, const struct crm_btyd *m, double T,
    double *t_x, crm_purchase_fn *on_purchase, void *ctx)
{
	double lambda = crm_rng_gamma(g, m->par[0]) / m->par[1];
	double p = 0, death = INFINITY, t = 0;
	long x = 0;

	*t_x = 0;
	if (m->kind == CRM_PNBD)
		death = crm_rng_exponential(g) / (crm_rng_gamma(g,
		    m->par[2]) / m->par[3]);
	else
		p = crm_rng_beta(g, m->par[2], m->par[3]);
	if (m->kind == CRM_MBGNBD && crm_rng_uniform(g) < p)
		return 0;
	for (;;) {
		t += crm_rng_exponential(g) / lambda;
		if (t > T || t > death)
			return x;
		x++;
		*t_x = t;
		if (on_purchase)
			on_purchase(t, ctx);
		if (m->kind != CRM_PNBD && crm_rng_uniform(g) < p)
			return x;
	}
}
