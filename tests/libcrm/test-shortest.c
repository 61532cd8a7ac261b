/*
 * test-shortest.c: the fast paths of num.c agree with their references:
 * the shortest-round-trip formatter with the printf-based one on values
 * of every kind (and what it prints reads back to the same double), and
 * number_parse's exact paths (up to 15 digits, and 16 to 19 digits) with
 * strtod.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "num.h"

/* xorshift64: a fixed sequence, so a failure can be reproduced. */
static uint64_t
next(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* Values of the kinds the tools print: ratios, sums, probabilities. */
static double
sample(uint64_t *state, int kind)
{
	uint64_t bits = next(state);
	double v;

	switch (kind) {
	case 0:		/* any finite double */
		memcpy(&v, &bits, sizeof(v));
		return isfinite(v) ? v : 1.5;
	case 1:		/* days / 7, days / 30.4375 */
		return (double)(bits % 100000) / (bits & 1 ? 7 : 30.4375);
	case 2:		/* a probability */
		return (double)(bits >> 11) * 0x1p-53;
	default:	/* money-like sums and their means */
		return (double)(bits % 1000000000) / 100 / (1 + bits % 97);
	}
}

static void
check_agreement(long count)
{
	char fast[NUMBER_BUFSIZE], reference[NUMBER_BUFSIZE];
	uint64_t state = 0x9e3779b97f4a7c15ull;
	long differ = 0, wrong = 0, i;
	double v;

	for (i = 0; i < count; i++) {
		v = sample(&state, (int)(i % 4));
		number_format(v, -1, fast);
		number_format_reference(v, reference);
		if (strcmp(fast, reference) != 0 && differ++ < 5)
			printf("# %.17g: fast %s, reference %s\n", v, fast,
			    reference);
		if (strtod(fast, NULL) != v)
			wrong++;
	}
	CHECK(differ == 0, "fast and reference shortest forms agree on %ld "
	    "values (%ld differ)", count, differ);
	CHECK(wrong == 0, "every shortest form reads back exactly (%ld do "
	    "not)", wrong);
}

/* Decimal strings of up to 15 digits read as strtod reads them. */
static void
check_parse_agreement(long count)
{
	uint64_t state = 0x853c49e6748fea9bull;
	char text[64];
	double got, want;
	long differ = 0, i;
	int n;

	for (i = 0; i < count; i++) {
		uint64_t bits = next(&state);

		n = snprintf(text, sizeof(text), "%s%.*f", bits & 1 ? "-" : "",
		    (int)(bits >> 1) % 12, (double)(bits >> 24) /
		    (double)(1ull << ((bits >> 8) % 40)));
		want = strtod(text, NULL);
		if (number_parse(text, (size_t)n, '.', &got) != NUM_OK ||
		    got != want)
			if (differ++ < 5)
				printf("# '%s': got %.17g, want %.17g\n", text,
				    got, want);
	}
	CHECK(differ == 0, "number_parse agrees with strtod on %ld decimal "
	    "strings (%ld differ)", count, differ);
}

/*
 * 16 to 19 digits, as the tools print doubles (shortest forms of 17
 * digits) and as exports hold them: every one read as strtod reads it,
 * the point anywhere, halfway cases included.
 */
static void
check_long_parse_agreement(long count)
{
	uint64_t state = 0x2545f4914f6cdd1dull;
	char text[64], digits[24];
	double got, want;
	long differ = 0, i;
	int n, ndigits, point, k;

	for (i = 0; i < count; i++) {
		uint64_t bits = next(&state);

		if (i % 2 == 0) {
			/* a shortest form, as crm-churn writes p_alive */
			number_format(sample(&state, (int)(bits % 4)), -1,
			    text);
			n = (int)strlen(text);
		} else {
			/* 16..19 random digits, the point after any of them */
			ndigits = 16 + (int)(bits % 4);
			for (k = 0; k < ndigits; k++)
				digits[k] = (char)('0' + next(&state) % 10);
			digits[0] = (char)('1' + bits % 9);
			point = (int)((bits >> 8) % (uint64_t)(ndigits + 1));
			n = snprintf(text, sizeof(text), "%s%.*s%s%.*s",
			    bits >> 63 ? "-" : "", point == 0 ? 1 : point,
			    point == 0 ? "0" : digits, point < ndigits ? "." :
			    "", ndigits - point, digits + point);
		}
		want = strtod(text, NULL);
		if ((number_parse(text, (size_t)n, '.', &got) != NUM_OK ||
		    got != want) && differ++ < 5)
			printf("# '%s': got %.17g, want %.17g\n", text, got,
			    want);
	}
	CHECK(differ == 0, "number_parse agrees with strtod on %ld strings "
	    "of 16 to 19 digits (%ld differ)", count, differ);
}

/* Halfway between two doubles: the even one. */
static void
check_known_parse(const char *text, double want)
{
	double got = 0;

	CHECK(number_parse(text, strlen(text), '.', &got) == NUM_OK &&
	    got == want, "number_parse('%s') = %.17g, want %.17g", text, got,
	    want);
}

static void
check_known(double v, const char *want)
{
	char got[NUMBER_BUFSIZE];

	number_format(v, -1, got);
	CHECK_STR(got, want, "shortest form of %.17g", v);
}

int
main(void)
{
	check_known(0.1, "0.1");
	check_known(0.1 + 0.2, "0.30000000000000004");
	check_known(30.0 / 7, "4.285714285714286");
	check_known(272.0 / 7, "38.857142857142854");
	check_known(1e-4, "0.0001");
	check_known(1e-7, "1e-7");
	check_known(123456789012.5, "123456789012.5");
	check_known(9007199254740993.0, "9007199254740992");
	check_known(1e21, "1e21");
	check_known(-2.5, "-2.5");
	check_known(-0.0, "0");
	check_agreement(400000);
	check_parse_agreement(400000);
	check_long_parse_agreement(400000);
	check_known_parse("9007199254740993", 9007199254740992.0);
	check_known_parse("9007199254740995", 9007199254740996.0);
	check_known_parse("900719925474099.5", 900719925474099.5);
	check_known_parse("18014398509481986", 18014398509481984.0);
	check_known_parse("18014398509481990", 18014398509481992.0);
	check_known_parse("0.9976498886287439", 0.9976498886287439);
	check_known_parse("-156.57142857142858", -156.57142857142858);
	check_known_parse("9999999999999999999", 1e19);
	return check_done();
}
