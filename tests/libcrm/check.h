/*
 * check.h: a minimal TAP producer for the libcrm unit tests.
 * Each CHECK prints "ok N - text" or "not ok N - text"; tests/run counts
 * them together with the bats TAP output.
 */
#ifndef CRM_CHECK_H
#define CRM_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_count, check_failed;

#define CHECK(cond, ...) do {						\
	int ok_ = (cond) != 0;						\
	printf("%sok %d - ", ok_ ? "" : "not ", ++check_count);	\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	if (!ok_) {							\
		check_failed++;						\
		printf("#   %s:%d: %s\n", __FILE__, __LINE__, #cond);	\
	}								\
} while (0)

#define CHECK_STR(got, want, ...) do {					\
	const char *g_ = (got), *w_ = (want);				\
	CHECK(g_ && strcmp(g_, w_) == 0, __VA_ARGS__);			\
	if (!(g_ && strcmp(g_, w_) == 0))				\
		printf("#   got '%s', want '%s'\n", g_ ? g_ : "(null)", w_); \
} while (0)

/* |got - want| <= reltol * |want| (or reltol when want is 0). */
#define CHECK_NEAR(got, want, reltol, ...) do {				\
	double g_ = (got), w_ = (want);					\
	double tol_ = (reltol) * (w_ == 0 ? 1 : fabs(w_));		\
	int near_ = isfinite(g_) && fabs(g_ - w_) <= tol_;		\
	CHECK(near_, __VA_ARGS__);					\
	if (!near_)							\
		printf("#   got %.10g, want %.10g\n", g_, w_);		\
} while (0)

static inline int
check_done(void)
{
	printf("1..%d\n", check_count);
	return check_failed != 0;
}

#endif
