/*
 * fellegi_sunter.h: the Fellegi-Sunter model of record linkage, with its
 * m and u probabilities estimated by EM.
 *
 * A pair of records is compared field by field; field k agrees at level
 * gamma_k (0: one side is empty, which says nothing; 1: they differ; the
 * highest level: they are equal). Given that the pair is a match, field k
 * is at level l with probability m_k(l); given a non-match, u_k(l); a
 * pair is a match with prior probability lambda. Fellegi and Sunter ("A
 * theory for record linkage", JASA 64, 1969, eq. 3 and theorem 1) take
 * the log likelihood ratio sum_k log m_k(gamma_k) / u_k(gamma_k) as the
 * pair's weight; with the fields conditionally independent, Bayes' rule
 * gives the match probability
 *
 *     P(match | gamma) = 1 / (1 + 2^-w),
 *     w = log2(lambda / (1 - lambda)) + sum_k log2(m_k(gamma_k) / u_k(gamma_k))
 *
 * (the "match weight" of Splink's documentation). The m, u and lambda that
 * best explain unlabelled pairs come from the EM algorithm for this
 * two-class mixture (W. E. Winkler, "Using the EM algorithm for weight
 * computation in the Fellegi-Sunter model of record linkage", Proc.
 * Section on Survey Research Methods, ASA, 1988; M. A. Jaro, JASA 84,
 * 1989, section 3). Pure: arrays in, numbers out, no I/O.
 */
#ifndef CRM_MODEL_FELLEGI_SUNTER_H
#define CRM_MODEL_FELLEGI_SUNTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "special.h"	/* enum crm_model_status */

#define FS_MAX_FIELDS 16
#define FS_MAX_LEVELS 8		/* per field, level 0 (empty) included */
/*
 * The weight of a level that matches never show (m fixed at 0, e.g. two
 * entirely different names): a finite bound instead of minus infinity,
 * so that sums stay printable and the probability is 0 to 19 digits.
 */
#define FS_NEVER_WEIGHT (-64.0)

struct fs_model {
	int nfields;
	int nlevels[FS_MAX_FIELDS];	/* levels of field k, 0 included */
	/* m[k][l], u[k][l] for l = 1 .. nlevels[k] - 1; each sums to 1 */
	double m[FS_MAX_FIELDS][FS_MAX_LEVELS];
	double u[FS_MAX_FIELDS][FS_MAX_LEVELS];
	double lambda;			/* prior probability of a match */
	/* per field, a level whose m is fixed at 0 (EM leaves it), or 0 */
	uint8_t never[FS_MAX_FIELDS];
	/*
	 * per field, its group, or 0. The fields of a group describe one
	 * thing (a company, its address, postcode and city: where someone
	 * is found) and agree together for people who share it, which the
	 * independence of the model cannot express: their agreements
	 * count once, and so do their disagreements (fs_group_weight). This
	 * approximates what Splink advises for correlated columns, one
	 * comparison for them all, whose levels (the same street; another
	 * street of the same city; another city) weigh a coarse agreement
	 * beside a finer disagreement less than the agreement alone.
	 */
	uint8_t group[FS_MAX_FIELDS];
};

/* Distinct comparison patterns: n rows of nfields levels, with counts. */
struct fs_patterns {
	const uint8_t *levels;		/* row-major, n * nfields */
	const double *count;		/* pairs with each pattern */
	size_t n;
};

struct fs_em_options {
	bool estimate_u;	/* else u stays as given */
	const bool *ignore;	/* fields left out (per field), or NULL */
	int max_iter;		/* 0: 200 */
	double tol;		/* largest change of a probability; 0: 1e-7 */
};

/*
 * Starting values: m rising and u falling with the level (in proportion
 * to 4^l and 4^-l), lambda 0.3, no level fixed.
 */
void fs_model_init(struct fs_model *model, int nfields, const int *nlevels);

/*
 * EM from the model's values: m (and u with estimate_u) of the fields not
 * ignored, and lambda. Each iteration is Winkler's (1988): the E step
 * gives each pattern j the match probability g_j above (ignored fields
 * and empty levels left out of the products); the M step sets
 *     lambda  = sum_j c_j g_j / sum_j c_j,
 *     m_k(l)  = (sum_j c_j g_j [gamma_jk = l] + e) /
 *               (sum_j c_j g_j [gamma_jk > 0] + e (L_k - 1)),
 * u alike with 1 - g_j, where e = 1e-3 keeps a level never seen from
 * having probability 0 (an infinite weight); a level in model->never
 * keeps m = 0 and is left out of the sums of m. Stops when no probability
 * moves by more than tol. Returns CRM_MODEL_OK, CRM_MODEL_EINVAL (bad
 * sizes or levels), CRM_MODEL_EDEGENERATE (no pairs) or
 * CRM_MODEL_ENOCONV; *iterations gets the number run.
 */
int fs_em(struct fs_model *model, const struct fs_patterns *p,
    const struct fs_em_options *opt, int *iterations);

/*
 * The share of each level of field k among the non-empty levels of the
 * patterns, with add-half smoothing (count + 0.5) / (total + 0.5 (L-1)):
 * u from random pairs, which are nearly all non-matches.
 */
void fs_level_shares(const struct fs_patterns *p, int nfields, int field,
    int nlevels, double *share);

/* log2(m_k(l) / u_k(l)); 0 for level 0, FS_NEVER_WEIGHT for never. */
double fs_field_weight(const struct fs_model *model, int field, int level);
/*
 * The term-frequency adjusted weight of an exact agreement on a value
 * that count of the total records (with the field filled) hold:
 * log2(m / u_v), u_v the chance that another record holds the value
 * (Winkler, "Frequency-based matching in Fellegi-Sunter model of record
 * linkage", Proc. Section on Survey Research Methods, ASA, 2000; Splink's
 * term-frequency adjustment). Splink's u_v is count / total, the record
 * itself included; here u_v = (count - 1) / (total - 1), the share among
 * the other records, the one a non-match drawn from them has: a value
 * two records share is held by one other record, not two, and counting
 * the record itself weighs every rare value a bit (log2 2) too little.
 * log2_m is log2(m); count below 2 (an agreement the values' keys do
 * not show) is taken as 2.
 */
double fs_tf_weight(double log2_m, uint64_t count, uint64_t total);
/* log2(lambda / (1 - lambda)). */
double fs_prior_weight(double lambda);
/*
 * What the fields of group g (> 0) with weights w[] (ignored ones left
 * out) contribute: the largest positive weight plus the most negative
 * one (0 for none). Agreements on fields of one place say one thing
 * (the same place) and count once, as disagreements do (another place);
 * a pair of one city whose streets differ has both, and the city's
 * agreement alone would take namesakes of one city for one person.
 */
double fs_group_weight(const struct fs_model *model, const double *w,
    const bool *ignore, int g);
/* The sum of field weights w[], a group's counted once, without prior. */
double fs_sum_weights(const struct fs_model *model, const double *w,
    const bool *ignore);
/* The match weight of a pattern (ignored fields left out). */
double fs_match_weight(const struct fs_model *model, const uint8_t *levels,
    const bool *ignore);
/* 1 / (1 + 2^-w), without overflow. */
double fs_probability(double weight);

#endif
