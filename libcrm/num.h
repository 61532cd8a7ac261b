/*
 * num.h: numbers in and out, in the C locale whatever the environment.
 *
 * Money is exact fixed point: an int64 count of 1/10,000 units, so sums are
 * exact to the cent and overflow is detected, never wrapped. Other numbers
 * are doubles, printed in the shortest form that reads back to the same
 * value, or with a fixed number of decimals.
 */
#ifndef CRM_NUM_H
#define CRM_NUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t money_t;

#define MONEY_SCALE 10000
#define NUMBER_BUFSIZE 48	/* enough for any formatted number */

enum num_status { NUM_OK, NUM_BAD, NUM_RANGE };

/*
 * Parse an amount: optional sign, digits, optional decimal point (decimal
 * is '.' or ','), optional exponent; blanks around it are allowed, digit
 * grouping is not. More than four decimals round half away from zero.
 */
enum num_status money_parse(const char *s, size_t len, char decimal,
    money_t *out);
/* *sum += v; false on overflow (sum unchanged). */
bool money_add(money_t *sum, money_t v);
/* *out = a * b rounded to 1/10,000; false on overflow. */
bool money_mul(money_t a, money_t b, money_t *out);
/* v / n rounded half away from zero to 1/10,000 (n > 0). */
money_t money_div(money_t v, uint64_t n);
double money_to_double(money_t v);
/* Exact decimal form ("12.5", "-3", "0.0001"), or with precision (>= 0)
 * decimals rounded half away from zero. Returns the length. */
size_t money_format(money_t v, int precision, char *buf);

/* The decimal digits of v, with a sign when negative; returns the length. */
size_t int_format(long long v, char *buf);

/* A finite double: [sign] digits [. digits] [e [sign] digits]. */
enum num_status number_parse(const char *s, size_t len, char decimal,
    double *out);
/* Shortest round-trip form (precision < 0) or fixed decimals. The value
 * must be finite. Returns the length. */
size_t number_format(double v, int precision, char *buf);
/* The shortest form found by asking printf, for tests of the fast one. */
size_t number_format_reference(double v, char *buf);

#endif
