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

/* Money with an exponent ("1.5e3") goes through a double. */
static enum num_status
money_from_double(const char *s, size_t len, char decimal, money_t *out)
{
	double v;
	enum num_status st = number_parse(s, len, decimal, &v);

	if (st != NUM_OK)
		return st;
	if (fabs(v) >= (double)INT64_MAX / MONEY_SCALE)
		return NUM_RANGE;
	*out = llround(v * MONEY_SCALE);
	return NUM_OK;
}

enum num_status
money_parse(const char *s, size_t len, char decimal, money_t *out)
{
	const uint64_t max_whole = INT64_MAX / MONEY_SCALE;
	uint64_t whole = 0, frac = 0, scale = MONEY_SCALE, total;
	const char *start, *p, *end;
	bool negative = false, digits = false, round_up = false;

	trim_blanks(&s, &len);
	start = s;
	end = s + len;
	if (s < end && (*s == '+' || *s == '-'))
		negative = *s++ == '-';
	for (p = s; p < end && is_digit(*p); p++, digits = true)
		if ((whole = whole * 10 + (uint64_t)(*p - '0')) > max_whole)
			return NUM_RANGE;
	if (p < end && *p == decimal)
		for (p++; p < end && is_digit(*p); p++, digits = true) {
			if (scale > 1)
				frac += (uint64_t)(*p - '0') * (scale /= 10);
			else if (scale == 1 && (scale = 0, *p >= '5'))
				round_up = true;	/* half away from zero */
		}
	if (p < end && (*p == 'e' || *p == 'E') && digits)
		return money_from_double(start, len, decimal, out);
	if (p != end || !digits)
		return NUM_BAD;
	total = whole * MONEY_SCALE + frac + round_up;
	if (total > (uint64_t)INT64_MAX)
		return NUM_RANGE;
	*out = negative ? -(money_t)total : (money_t)total;
	return NUM_OK;
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

	return v < 0 ? -(money_t)q : (money_t)q;
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
