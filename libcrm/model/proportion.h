/*
 * proportion.h: estimates with confidence intervals for survey scores,
 * and tests of the difference between two independent groups (pure:
 * counts in, numbers out; thread-safe).
 *
 * NPS is the share of promoters less the share of detractors, a number
 * in [-1, 1] here (survey tools print it times 100); CSAT is a share of
 * satisfied answers; CES is a mean. level is the confidence level, e.g.
 * 0.95. Each function returns a CRM_MODEL_* status (special.h):
 * CRM_MODEL_EINVAL for bad counts or level, CRM_MODEL_EDEGENERATE when
 * the data cannot give the interval or test (a mean of one answer, two
 * groups without any spread).
 */
#ifndef CRM_MODEL_PROPORTION_H
#define CRM_MODEL_PROPORTION_H

struct crm_estimate {
	double value;		/* the estimate */
	double se;		/* its standard error */
	double low, high;	/* the confidence interval */
};

struct crm_difference {
	double value;		/* group b less group a */
	double se;		/* standard error of the difference */
	double low, high;	/* its confidence interval */
	double statistic;	/* z or t */
	double df;		/* degrees of freedom of t; 0 for z */
	double p_value;		/* two-sided */
};

/*
 * NPS from the counts of promoters, passives and detractors: the
 * multinomial variance of p+ - p-, (p+ + p- - (p+ - p-)^2) / n (Rocks
 * 2016, "Interval estimation for the 'net promoter score'", The American
 * Statistician 70(4)), and the Wald interval value +- z se cut to [-1, 1].
 */
int crm_nps_interval(double promoters, double passives, double detractors,
    double level, struct crm_estimate *out);

/*
 * A proportion x / n with the score interval of Wilson (1927), "Probable
 * inference, the law of succession, and statistical inference", JASA
 * 22(158), eq. for the limits of p solved from |p^ - p| = z sqrt(p q / n).
 * se is the usual sqrt(p^ q^ / n).
 */
int crm_wilson_interval(double x, double n, double level,
    struct crm_estimate *out);

/*
 * A mean of n >= 2 answers with sample variance s2 (divisor n - 1): the
 * Student t interval mean +- t(1 - alpha/2, n - 1) sqrt(s2 / n).
 */
int crm_mean_interval(double n, double mean, double s2, double level,
    struct crm_estimate *out);

/*
 * Count, mean and sample variance of a histogram: counts[i] answers of
 * score lowest + i, for i in [0, nbins).
 */
void crm_histogram_moments(const double *counts, int nbins, int lowest,
    double *n, double *mean, double *s2);

/*
 * NPS of b less NPS of a (counts: promoters, passives, detractors): the
 * Wald z test and interval with the variances of crm_nps_interval added.
 */
int crm_nps_difference(const double a[3], const double b[3], double level,
    struct crm_difference *out);

/*
 * x_b / n_b less x_a / n_a: Newcombe's hybrid score interval built from
 * the two Wilson intervals (Newcombe 1998, "Interval estimation for the
 * difference between independent proportions", Statistics in Medicine 17,
 * method 10) and the two-proportion z test with the pooled proportion.
 */
int crm_proportion_difference(double x_a, double n_a, double x_b,
    double n_b, double level, struct crm_difference *out);

/*
 * mean_b less mean_a: Welch's t test and interval, with the
 * Welch-Satterthwaite degrees of freedom (Welch 1947, "The generalization
 * of 'Student's' problem when several different population variances are
 * involved", Biometrika 34, eq. 9). Each group needs n >= 2.
 */
int crm_mean_difference(double n_a, double mean_a, double s2_a, double n_b,
    double mean_b, double s2_b, double level, struct crm_difference *out);

#endif
