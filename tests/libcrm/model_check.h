/*
 * model_check.h: what the model tests share: a relative comparison that
 * shows both numbers, skipped checks, and the CDNOW calibration summary
 * (read in place from the shared data; run the tests from the repository
 * root).  Include after check.h.  The functions are static inline so that
 * a test that does not use one gets no warning.
 */
#ifndef CRM_MODEL_CHECK_H
#define CRM_MODEL_CHECK_H

#include <math.h>
#include <stdio.h>

#define CDNOW_DIR "../shared/data/cdnow/"
#define CDNOW_SUMMARY CDNOW_DIR "cdnow_customers_summary_with_transactions.csv"
#define CDNOW_N 2357		/* customers in the summary */

/*
 * |got - want| <= reltol * |want| (reltol when want is 0); prints both on
 * failure to 15 digits, before the check's line (check.h's CHECK_NEAR
 * prints 10, after it: too few to see a fit move).
 */
static inline int
near(double got, double want, double reltol)
{
	double tol = reltol * (want == 0 ? 1 : fabs(want));
	int ok = isfinite(got) && fabs(got - want) <= tol;

	if (!ok)
		printf("#   got %.15g, want %.15g\n", got, want);
	return ok;
}

#define NEAR(got, want, reltol, ...) \
	CHECK(near((got), (want), (reltol)), __VA_ARGS__)

/* count checks that cannot run here, as passed with a reason. */
static inline void
skip(int count, const char *why)
{
	while (count-- > 0)
		printf("ok %d # SKIP %s\n", ++check_count, why);
}

/* The published summary, ID,x,t_x,T,zbar (t_x and T to 2 decimals). */
struct cdnow {
	double x[CDNOW_N], t_x[CDNOW_N], T[CDNOW_N], zbar[CDNOW_N];
	size_t n;
};

/* Returns 0 when every customer was read, -1 otherwise. */
static inline int
load_cdnow(struct cdnow *c)
{
	FILE *f = fopen(CDNOW_SUMMARY, "r");
	char line[256];

	c->n = 0;
	if (f == NULL || fgets(line, sizeof line, f) == NULL) {
		if (f)
			fclose(f);
		return -1;
	}
	while (c->n < CDNOW_N && fgets(line, sizeof line, f)) {
		long id;

		if (sscanf(line, "%ld,%lf,%lf,%lf,%lf", &id, &c->x[c->n],
		    &c->t_x[c->n], &c->T[c->n], &c->zbar[c->n]) == 5)
			c->n++;
	}
	fclose(f);
	return c->n == CDNOW_N ? 0 : -1;
}

#endif
