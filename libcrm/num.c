/* num.c: fixed-point money and locale-free number parsing and printing. */
#include "num.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * A decimal number as its significant digits and a power of ten: the
 * value is digits x 10^exponent. Only the first 24 digits are stored;
 * a value that needs more is out of range of an int64 of 1/10,000 units,
 * and for a small value the later digits cannot change the rounding.
 */
struct decimal {
	char digits[24];
	int kept;		/* digits stored */
	int count;		/* significant digits in all */
	long exponent;
	bool negative;
};

static void
add_digit(struct decimal *d, char c, bool fraction)
{
	if (fraction)
		d->exponent--;
	if (d->count == 0 && c == '0')
		return;		/* leading zeros are not significant */
	if (d->kept < (int)sizeof(d->digits))
		d->digits[d->kept++] = c;
	d->count++;
}

/* [sign] digits [decimal digits] [e [sign] digits], blanks trimmed. */
static bool
scan_decimal(const char *s, size_t len, char decimal, struct decimal *d)
{
	const char *end = s + len;
	bool digits = false, exp_negative = false;
	long exp = 0;

	memset(d, 0, sizeof(*d));
	if (s < end && (*s == '+' || *s == '-'))
		d->negative = *s++ == '-';
	for (; s < end && is_digit(*s); s++, digits = true)
		add_digit(d, *s, false);
	if (s < end && *s == decimal)
		for (s++; s < end && is_digit(*s); s++, digits = true)
			add_digit(d, *s, true);
	if (!digits)
		return false;
	if (s < end && (*s == 'e' || *s == 'E')) {
		if (++s < end && (*s == '+' || *s == '-'))
			exp_negative = *s++ == '-';
		if (s == end)
			return false;
		for (; s < end && is_digit(*s); s++)
			if (exp < 100000)
				exp = exp * 10 + (*s - '0');
		d->exponent += exp_negative ? -exp : exp;
	}
	return s == end;
}

/* digits x 10^(exponent + 4) as an integer, half away from zero. */
static enum num_status
decimal_to_money(const struct decimal *d, money_t *out)
{
	long shift = d->exponent + 4, keep = d->count + shift, i;
	uint64_t units = 0;

	if (d->count == 0 || keep < 0) {
		*out = 0;
		return NUM_OK;
	}
	if (keep > 19)
		return NUM_RANGE;
	for (i = 0; i < keep; i++) {
		uint64_t digit = i < d->kept ? (uint64_t)(d->digits[i] - '0') : 0;

		units = units * 10 + digit;
	}
	if (keep < d->kept && d->digits[keep] >= '5')
		units++;
	if (units > (uint64_t)INT64_MAX)
		return NUM_RANGE;
	*out = d->negative ? -(money_t)units : (money_t)units;
	return NUM_OK;
}

enum num_status
money_parse(const char *s, size_t len, char decimal, money_t *out)
{
	struct decimal d;

	trim_blanks(&s, &len);
	if (!scan_decimal(s, len, decimal, &d))
		return NUM_BAD;
	return decimal_to_money(&d, out);
}

bool
money_add(money_t *sum, money_t v)
{
	money_t r;

	if (__builtin_add_overflow(*sum, v, &r))
		return false;
	*sum = r;
	return true;
}

bool
money_mul(money_t a, money_t b, money_t *out)
{
	__int128 p = (__int128)a * b;
	__int128 half = MONEY_SCALE / 2;

	p = p >= 0 ? (p + half) / MONEY_SCALE : (p - half) / MONEY_SCALE;
	if (p > INT64_MAX || p < INT64_MIN)
		return false;
	*out = (money_t)p;
	return true;
}

money_t
money_div(money_t v, uint64_t n)
{
	uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
	uint64_t q = mag / n + (mag % n >= n - mag % n);

	/* 0 - q in unsigned arithmetic: INT64_MIN / 1 does not overflow */
	return v < 0 ? (money_t)(0 - q) : (money_t)q;
}

double
money_to_double(money_t v)
{
	return (double)v / MONEY_SCALE;
}

size_t
money_format(money_t v, int precision, char *buf)
{
	uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
	uint64_t unit = 1, frac;
	int decimals = 4, n;

	if (precision >= 0 && precision < 4) {
		for (n = precision; n < 4; n++)
			unit *= 10;
		mag = (mag + unit / 2) / unit * unit;
	}
	frac = mag % MONEY_SCALE;
	if (precision < 0)
		while (decimals > 0 && frac % 10 == 0) {
			frac /= 10;
			decimals--;
		}
	else {
		frac /= unit;
		decimals = precision < 4 ? precision : 4;
	}
	n = sprintf(buf, "%s%llu", v < 0 && mag != 0 ? "-" : "",
	    (unsigned long long)(mag / MONEY_SCALE));
	if (decimals > 0)
		n += sprintf(buf + n, ".%0*llu", decimals,
		    (unsigned long long)frac);
	for (; precision > 4 && decimals < precision; decimals++)
		buf[n++] = '0';
	buf[n] = '\0';
	return (size_t)n;
}

enum num_status
number_parse(const char *s, size_t len, char decimal, double *out)
{
	char buf[128], *end;
	size_t i;

	trim_blanks(&s, &len);
	if (len == 0 || len >= sizeof(buf))
		return NUM_BAD;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == decimal)
			c = '.';
		else if (c == '.' && decimal != '.')
			return NUM_BAD;
		if (!is_digit(c) && c != '.' && c != '+' && c != '-' &&
		    c != 'e' && c != 'E')
			return NUM_BAD;
		buf[i] = c;
	}
	buf[len] = '\0';
	*out = strtod(buf, &end);
	if (end != buf + len)
		return NUM_BAD;
	return isfinite(*out) ? NUM_OK : NUM_RANGE;
}

/* The digits "d1d2..." of v and its decimal exponent, shortest exact. */
static int
shortest_digits(double v, char *digits, int *exponent)
{
	char buf[NUMBER_BUFSIZE], *e;
	int precision, n = 0, i;

	for (precision = 0; precision < 17; precision++) {
		snprintf(buf, sizeof(buf), "%.*e", precision, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	e = strchr(buf, 'e');
	*exponent = atoi(e + 1);
	for (i = 0; buf + i < e; i++)
		if (is_digit(buf[i]))
			digits[n++] = buf[i];
	while (n > 1 && digits[n - 1] == '0')
		n--;
	digits[n] = '\0';
	return n;
}

static size_t
format_shortest(double v, char *buf)
{
	char digits[NUMBER_BUFSIZE];
	int exponent, n, len = 0, i;

	if (v == 0)
		return (size_t)sprintf(buf, "0");
	n = shortest_digits(fabs(v), digits, &exponent);
	if (v < 0)
		buf[len++] = '-';
	if (exponent < -7 || exponent >= 21)
		return (size_t)(len + sprintf(buf + len, "%c%s%se%d",
		    digits[0], n > 1 ? "." : "", digits + 1, exponent));
	if (exponent < 0) {
		len += sprintf(buf + len, "0.");
		for (i = -1; i > exponent; i--)
			buf[len++] = '0';
		return (size_t)(len + sprintf(buf + len, "%s", digits));
	}
	for (i = 0; i < n || i <= exponent; i++) {
		if (i == exponent + 1)
			buf[len++] = '.';
		buf[len++] = i < n ? digits[i] : '0';
	}
	buf[len] = '\0';
	return (size_t)len;
}

size_t
number_format(double v, int precision, char *buf)
{
	int n;

	if (precision < 0)
		return format_shortest(v, buf);
	n = snprintf(buf, NUMBER_BUFSIZE, "%.*f", precision > 17 ? 17 :
	    precision, v);
	if (n < 0 || n >= NUMBER_BUFSIZE)
		return format_shortest(v, buf);
	if (buf[0] == '-' && strspn(buf + 1, "0.") == (size_t)n - 1) {
		memmove(buf, buf + 1, (size_t)n);	/* no "-0.00" */
		n--;
	}
	return (size_t)n;
}
