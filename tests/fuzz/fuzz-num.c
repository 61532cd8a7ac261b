/*
 * fuzz-num.c: the number and money parsers (num.c) on any bytes.
 *
 * An amount that parses prints in a form that parses back to the same
 * amount, also with fixed decimals; a number that parses is finite, its
 * shortest form reads back to the same double (by strtod too) and agrees
 * with the form printf finds.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "num.h"

static void
check_money(const char *s, size_t len, char decimal)
{
	char buf[NUMBER_BUFSIZE];
	money_t v, back;
	size_t n;
	int precision;

	if (money_parse(s, len, decimal, &v) != NUM_OK)
		return;
	n = money_format(v, -1, buf);
	if (n != strlen(buf) || money_parse(buf, n, '.', &back) != NUM_OK ||
	    back != v)
		fuzz_fail("amount %lld prints as '%s', which does not read "
		    "back", (long long)v, buf);
	for (precision = 0; precision <= 6; precision++) {
		n = money_format(v, precision, buf);
		/* Rounding to fewer decimals may pass the largest amount. */
		if (money_parse(buf, n, '.', &back) != NUM_OK &&
		    !(precision < 4 && (v > INT64_MAX - MONEY_SCALE ||
		    v < INT64_MIN + MONEY_SCALE)))
			fuzz_fail("amount %lld with %d decimals prints as "
			    "'%s', not an amount", (long long)v, precision,
			    buf);
		if (precision >= 4 && back != v)
			fuzz_fail("amount %lld with %d decimals is '%s'",
			    (long long)v, precision, buf);
	}
}

static void
check_number(const char *s, size_t len, char decimal)
{
	char fast[NUMBER_BUFSIZE], reference[NUMBER_BUFSIZE];
	double v, back;
	size_t n;

	if (number_parse(s, len, decimal, &v) != NUM_OK)
		return;
	if (!isfinite(v))
		fuzz_fail("'%.*s' parses as a number that is not finite",
		    (int)len, s);
	n = number_format(v, -1, fast);
	number_format_reference(v, reference);
	if (strcmp(fast, reference) != 0)
		fuzz_fail("%.17g: shortest form '%s', printf's '%s'", v, fast,
		    reference);
	if (number_parse(fast, n, '.', &back) != NUM_OK || back != v ||
	    strtod(fast, NULL) != v)
		fuzz_fail("%.17g prints as '%s', which does not read back", v,
		    fast);
	number_format(v, 2, fast);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	check_money(text, size, '.');
	check_money(text, size, ',');
	check_number(text, size, '.');
	check_number(text, size, ',');
	free(text);
	return 0;
}
