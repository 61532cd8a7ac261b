/* survey.c: NPS, CSAT and CES from tallies of whole-number answers. */
#include "survey.h"

#include <math.h>
#include <string.h>

#include "num.h"
#include "model/special.h"

void
survey_default_scales(struct survey_scales *s)
{
	s->highest[METRIC_NPS] = 10;
	s->highest[METRIC_CSAT] = 5;
	s->highest[METRIC_CES] = 7;
}

const char *
survey_metric_name(enum survey_metric m)
{
	static const char *const names[NMETRICS] = { "nps", "csat", "ces" };

	return names[m];
}

int
survey_lowest(enum survey_metric m)
{
	return m == METRIC_NPS ? 0 : 1;
}

enum survey_parse
survey_parse_score(const char *s, size_t len, enum survey_metric m,
    const struct survey_scales *scales, int *score)
{
	double v;

	if (number_parse(s, len, '.', &v) != NUM_OK)
		return SCORE_NOT_NUMBER;
	if (v != floor(v))
		return SCORE_NOT_WHOLE;
	if (v < survey_lowest(m) || v > scales->highest[m])
		return SCORE_OFF_SCALE;
	*score = (int)v;
	return SCORE_OK;
}

enum survey_class
survey_classify(enum survey_metric m, const struct survey_scales *scales,
    int score)
{
	int highest = scales->highest[m];

	switch (m) {
	case METRIC_NPS:
		return score >= 9 ? CLASS_TOP : score >= 7 ? CLASS_MIDDLE :
		    CLASS_BOTTOM;
	case METRIC_CSAT:
		return score >= highest - 1 ? CLASS_TOP : score <= 2 ?
		    CLASS_BOTTOM : CLASS_MIDDLE;
	default:
		/* twice the score against lowest + highest: no rounding */
		return 2 * score > 1 + highest ? CLASS_TOP : 2 * score ==
		    1 + highest ? CLASS_MIDDLE : CLASS_BOTTOM;
	}
}

const char *
survey_nps_class(int score)
{
	return score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
}

void
survey_add(struct survey_tally *t, enum survey_metric m, int score)
{
	t->counts[score - survey_lowest(m)]++;
}

static int
nbins(enum survey_metric m, const struct survey_scales *scales)
{
	return scales->highest[m] - survey_lowest(m) + 1;
}

/* Answers per class: classes[] indexed by enum survey_class. */
static void
count_classes(enum survey_metric m, const struct survey_scales *scales,
    const struct survey_tally *t, double classes[3])
{
	int i, lowest = survey_lowest(m);

	classes[0] = classes[1] = classes[2] = 0;
	for (i = 0; i < nbins(m, scales); i++)
		classes[survey_classify(m, scales, lowest + i)] += t->counts[i];
}

/* An estimate and its interval in percent or points: times factor. */
static void
scale_numbers(double factor, double *value, double *se, double *low,
    double *high)
{
	*value *= factor;
	*se *= factor;
	*low *= factor;
	*high *= factor;
}

static void
scale_estimate(struct crm_estimate *e, double factor)
{
	scale_numbers(factor, &e->value, &e->se, &e->low, &e->high);
}

void
survey_score(enum survey_metric m, const struct survey_scales *scales,
    const struct survey_tally *t, double level, struct survey_score *out)
{
	double n, mean, s2, *c = out->classes;

	memset(out, 0, sizeof(*out));
	count_classes(m, scales, t, c);
	out->responses = c[0] + c[1] + c[2];
	switch (m) {
	case METRIC_NPS:
		out->status = crm_nps_interval(c[CLASS_TOP], c[CLASS_MIDDLE],
		    c[CLASS_BOTTOM], level, &out->est);
		scale_estimate(&out->est, 100);
		break;
	case METRIC_CSAT:
		out->status = crm_wilson_interval(c[CLASS_TOP], out->responses,
		    level, &out->est);
		scale_estimate(&out->est, 100);
		break;
	default:
		crm_histogram_moments(t->counts, nbins(m, scales),
		    survey_lowest(m), &n, &mean, &s2);
		out->status = crm_mean_interval(n, mean, s2, level, &out->est);
	}
}

static void
scale_difference(struct crm_difference *d, double factor)
{
	scale_numbers(factor, &d->value, &d->se, &d->low, &d->high);
}

int
survey_compare(enum survey_metric m, const struct survey_scales *scales,
    const struct survey_tally *a, const struct survey_tally *b,
    double level, struct crm_difference *out, const char **test)
{
	double ca[3], cb[3], na, ma, sa, nb, mb, sb;
	int status;

	count_classes(m, scales, a, ca);
	count_classes(m, scales, b, cb);
	switch (m) {
	case METRIC_NPS: {
		const double pa[3] = { ca[CLASS_TOP], ca[CLASS_MIDDLE],
			ca[CLASS_BOTTOM] };
		const double pb[3] = { cb[CLASS_TOP], cb[CLASS_MIDDLE],
			cb[CLASS_BOTTOM] };

		*test = "wald_z";
		status = crm_nps_difference(pa, pb, level, out);
		scale_difference(out, 100);
		return status;
	}
	case METRIC_CSAT:
		*test = "two_proportion_z";
		status = crm_proportion_difference(ca[CLASS_TOP], ca[0] + ca[1] +
		    ca[2], cb[CLASS_TOP], cb[0] + cb[1] + cb[2], level, out);
		scale_difference(out, 100);
		return status;
	default:
		*test = "welch_t";
		crm_histogram_moments(a->counts, nbins(m, scales),
		    survey_lowest(m), &na, &ma, &sa);
		crm_histogram_moments(b->counts, nbins(m, scales),
		    survey_lowest(m), &nb, &mb, &sb);
		return crm_mean_difference(na, ma, sa, nb, mb, sb, level, out);
	}
}
