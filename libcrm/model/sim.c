/* sim.c: BTYD customer draws. */
#include "sim.h"

#include <math.h>

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
