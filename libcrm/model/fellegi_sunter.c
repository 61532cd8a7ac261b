/* fellegi_sunter.c: match weights and EM for the Fellegi-Sunter model. */
#include "fellegi_sunter.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SMOOTH 1e-3	/* pseudo-count of every level in the M step */

void
fs_model_init(struct fs_model *model, int nfields, const int *nlevels)
{
	int k, l, top;
	double msum, usum;

	memset(model, 0, sizeof(*model));
	model->nfields = nfields;
	model->lambda = 0.3;
	for (k = 0; k < nfields; k++) {
		model->nlevels[k] = nlevels[k];
		top = nlevels[k] - 1;
		msum = usum = 0;
		for (l = 1; l <= top; l++) {
			model->m[k][l] = pow(4, l);
			model->u[k][l] = pow(4, top - l);
			msum += model->m[k][l];
			usum += model->u[k][l];
		}
		for (l = 1; l <= top; l++) {
			model->m[k][l] /= msum;
			model->u[k][l] /= usum;
		}
	}
}

static bool
used(const bool *ignore, int k)
{
	return ignore == NULL || !ignore[k];
}

double
fs_field_weight(const struct fs_model *model, int field, int level)
{
	if (level == 0)
		return 0;
	if (level == model->never[field])
		return FS_NEVER_WEIGHT;
	return log2(model->m[field][level] / model->u[field][level]);
}

double
fs_tf_weight(double log2_m, uint64_t count, uint64_t total)
{
	if (count < 2)
		count = 2;
	if (total < count)
		total = count;
	return log2_m - log2((double)(count - 1) / (double)(total - 1));
}

double
fs_prior_weight(double lambda)
{
	return log2(lambda / (1 - lambda));
}

double
fs_group_weight(const struct fs_model *model, const double *w,
    const bool *ignore, int g)
{
	double largest = 0, smallest = 0;
	int k;

	for (k = 0; k < model->nfields; k++)
		if (model->group[k] == g && used(ignore, k)) {
			largest = fmax(largest, w[k]);
			smallest = fmin(smallest, w[k]);
		}
	return largest + smallest;
}

double
fs_sum_weights(const struct fs_model *model, const double *w,
    const bool *ignore)
{
	bool counted[256] = { false };
	double sum = 0;
	int k, g;

	for (k = 0; k < model->nfields; k++) {
		if (!used(ignore, k))
			continue;
		if ((g = model->group[k]) == 0)
			sum += w[k];
		else if (!counted[g]) {
			counted[g] = true;
			sum += fs_group_weight(model, w, ignore, g);
		}
	}
	return sum;
}

double
fs_match_weight(const struct fs_model *model, const uint8_t *levels,
    const bool *ignore)
{
	double w[FS_MAX_FIELDS];
	int k;

	for (k = 0; k < model->nfields; k++)
		w[k] = fs_field_weight(model, k, levels[k]);
	return fs_prior_weight(model->lambda) + fs_sum_weights(model, w,
	    ignore);
}

double
fs_probability(double weight)
{
	if (weight > 0)
		return 1 / (1 + exp2(-weight));
	return exp2(weight) / (1 + exp2(weight));
}

static bool
valid_patterns(const struct fs_model *model, const struct fs_patterns *p)
{
	size_t j;
	int k;

	if (model->nfields < 1 || model->nfields > FS_MAX_FIELDS)
		return false;
	for (k = 0; k < model->nfields; k++)
		if (model->nlevels[k] < 2 || model->nlevels[k] > FS_MAX_LEVELS)
			return false;
	for (j = 0; j < p->n; j++)
		for (k = 0; k < model->nfields; k++)
			if (p->levels[j * (size_t)model->nfields + (size_t)k] >=
			    model->nlevels[k] || p->count[j] < 0)
				return false;
	return true;
}

/* Sums of the M step: per field and level, weighted by g and by 1 - g. */
struct em_sums {
	double match[FS_MAX_FIELDS][FS_MAX_LEVELS];
	double nonmatch[FS_MAX_FIELDS][FS_MAX_LEVELS];
	double matches, total;
};

static void
e_step(const struct fs_model *model, const struct fs_patterns *p,
    const bool *ignore, struct em_sums *s)
{
	const int nf = model->nfields;
	const uint8_t *row;
	double g, c;
	size_t j;
	int k;

	memset(s, 0, sizeof(*s));
	for (j = 0; j < p->n; j++) {
		row = p->levels + j * (size_t)nf;
		c = p->count[j];
		g = fs_probability(fs_match_weight(model, row, ignore));
		s->matches += c * g;
		s->total += c;
		for (k = 0; k < nf; k++) {
			s->match[k][row[k]] += c * g;
			s->nonmatch[k][row[k]] += c * (1 - g);
		}
	}
}

/*
 * New probabilities of one field from its sums, level never (if not 0)
 * held at 0; the largest change.
 */
static double
m_step_field(double *prob, const double *sum, int nlevels, int never)
{
	double total = 0, change = 0, v;
	int l, free_levels = nlevels - 1 - (never > 0);

	for (l = 1; l < nlevels; l++)
		total += l == never ? 0 : sum[l];
	for (l = 1; l < nlevels; l++) {
		v = l == never ? 0 : (sum[l] + SMOOTH) / (total + SMOOTH *
		    free_levels);
		change = fmax(change, fabs(v - prob[l]));
		prob[l] = v;
	}
	return change;
}

int
fs_em(struct fs_model *model, const struct fs_patterns *p,
    const struct fs_em_options *opt, int *iterations)
{
	struct em_sums s;
	int max_iter = opt->max_iter > 0 ? opt->max_iter : 200, it, k;
	double tol = opt->tol > 0 ? opt->tol : 1e-7, change, lambda;

	*iterations = 0;
	if (!valid_patterns(model, p))
		return CRM_MODEL_EINVAL;
	for (it = 1; it <= max_iter; it++) {
		e_step(model, p, opt->ignore, &s);
		if (s.total <= 0)
			return CRM_MODEL_EDEGENERATE;
		lambda = s.matches / s.total;
		lambda = fmin(fmax(lambda, 1e-12), 1 - 1e-12);
		change = fabs(lambda - model->lambda);
		model->lambda = lambda;
		for (k = 0; k < model->nfields; k++) {
			if (!used(opt->ignore, k))
				continue;
			change = fmax(change, m_step_field(model->m[k],
			    s.match[k], model->nlevels[k], model->never[k]));
			if (opt->estimate_u)
				change = fmax(change, m_step_field(model->u[k],
				    s.nonmatch[k], model->nlevels[k], 0));
		}
		*iterations = it;
		if (!isfinite(change))
			return CRM_MODEL_ENONFINITE;
		if (change < tol)
			return CRM_MODEL_OK;
	}
	return CRM_MODEL_ENOCONV;
}

void
fs_level_shares(const struct fs_patterns *p, int nfields, int field,
    int nlevels, double *share)
{
	double total = 0;
	size_t j;
	int l;

	for (l = 0; l < nlevels; l++)
		share[l] = 0;
	for (j = 0; j < p->n; j++) {
		l = p->levels[j * (size_t)nfields + (size_t)field];
		if (l > 0) {
			share[l] += p->count[j];
			total += p->count[j];
		}
	}
	for (l = 1; l < nlevels; l++)
		share[l] = (share[l] + 0.5) / (total + 0.5 * (nlevels - 1));
}
