/*
 * survey.h: survey scores (NPS, CSAT, CES): their scales, the class of
 * an answer, and a tally of answers turned into the score with its
 * confidence interval (model/proportion.h) in the units survey tools
 * print: NPS in points from -100 to 100, CSAT in percent satisfied, CES
 * as a mean on its scale.
 */
#ifndef CRM_SURVEY_H
#define CRM_SURVEY_H

#include <stdbool.h>
#include <stddef.h>

#include "model/proportion.h"

enum survey_metric { METRIC_NPS, METRIC_CSAT, METRIC_CES, NMETRICS };

/* Answers are whole numbers; the longest scale is NPS's 0..10. */
#define SURVEY_MAX_BINS 11

/* The class of an answer, from the lowest to the best. */
enum survey_class { CLASS_BOTTOM, CLASS_MIDDLE, CLASS_TOP };

struct survey_scales {
	int highest[NMETRICS];	/* NPS 10; CSAT 5 (4..10); CES 7 (3..10) */
};

/* counts[i]: answers of score lowest + i. */
struct survey_tally {
	double counts[SURVEY_MAX_BINS];
};

struct survey_score {
	double responses;
	double classes[3];	/* answers per enum survey_class */
	struct crm_estimate est;	/* valid when status is 0 */
	int status;		/* CRM_MODEL_* */
};

void survey_default_scales(struct survey_scales *s);
/* "nps", "csat", "ces" */
const char *survey_metric_name(enum survey_metric m);
int survey_lowest(enum survey_metric m);

enum survey_parse { SCORE_OK, SCORE_NOT_NUMBER, SCORE_NOT_WHOLE,
	SCORE_OFF_SCALE };

/* s[0..len) as a whole score on m's scale ("9", " 9 ", "9.0"). */
enum survey_parse survey_parse_score(const char *s, size_t len,
    enum survey_metric m, const struct survey_scales *scales, int *score);

/*
 * NPS: promoters 9-10 top, passives 7-8, detractors 0-6. CSAT on 1..H:
 * the top two boxes H-1..H satisfied, the bottom two 1..2 dissatisfied.
 * CES on 1..H: above the midpoint top, below it bottom.
 */
enum survey_class survey_classify(enum survey_metric m,
    const struct survey_scales *scales, int score);
/* "promoter", "passive", "detractor" for an NPS score. */
const char *survey_nps_class(int score);

void survey_add(struct survey_tally *t, enum survey_metric m, int score);

void survey_score(enum survey_metric m, const struct survey_scales *scales,
    const struct survey_tally *t, double level, struct survey_score *out);

/* Group b less group a, in the printed units, with the test's name. */
int survey_compare(enum survey_metric m, const struct survey_scales *scales,
    const struct survey_tally *a, const struct survey_tally *b,
    double level, struct crm_difference *out, const char **test);

#endif
