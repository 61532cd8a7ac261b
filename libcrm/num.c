/* num.c: fixed-point money and locale-free number parsing and printing. */
#include "num.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

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

/*
 * Digits with up to four decimals and no sign or blanks, the form of
 * almost every amount: summed straight into units. False for anything
 * else, which the general scanner reads.
 */
static bool
plain_amount(const char *s, size_t len, char decimal, money_t *out)
{
	uint64_t units = 0;
	size_t i = 0, point = len, decimals;

	if (len == 0 || len > 14)	/* 14 digits: below 2^63 in units */
		return false;
	for (; i < len; i++) {
		if (s[i] == decimal && point == len)
			point = i;
		else if (!is_digit(s[i]))
			return false;
		else
			units = units * 10 + (uint64_t)(s[i] - '0');
	}
	decimals = point == len ? 0 : len - point - 1;
	if (point == 0 || decimals > 4 || (point < len && decimals == 0))
		return false;
	for (; decimals < 4; decimals++)
		units *= 10;
	*out = (money_t)units;
	return true;
}

enum num_status
money_parse(const char *s, size_t len, char decimal, money_t *out)
{
	struct decimal d;

	if (plain_amount(s, len, decimal, out))
		return NUM_OK;
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

static const char digit_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "6869707172737475767778798081828384858687888990919293949596979899";

/* 10^0 .. 10^19: every one an exact double, and below 2^64. */
static const uint64_t powers_of_ten[20] = {
	1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
	10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
	100000000000ull, 1000000000000ull, 10000000000000ull,
	100000000000000ull, 1000000000000000ull, 10000000000000000ull,
	100000000000000000ull, 1000000000000000000ull,
	10000000000000000000ull
};

/*
 * How many digits v has (0 has none): floor(log10(v)) + 1 from the bit
 * length, as log10(2) is 1233 / 4096 to within one in the result, which
 * one comparison with a power of ten settles.
 */
static int
decimal_digits(uint64_t v)
{
	int guess = (64 - __builtin_clzll(v | 1)) * 1233 >> 12;

	return guess + (v >= powers_of_ten[guess]);
}

/*
 * The digits of v into buf, at least width of them (zero-padded), two at
 * a time from the right: half the divisions of one at a time. Counting
 * them first lets them go straight to their place.
 */
static size_t
uint_digits(uint64_t v, int width, char *buf)
{
	int n = decimal_digits(v);
	char *p;

	if (n < width)
		n = width;
	p = buf + n;
	*p = '\0';
	while (v >= 100) {
		p -= 2;
		memcpy(p, digit_pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10) {
		p -= 2;
		memcpy(p, digit_pairs + 2 * v, 2);
	} else
		*--p = (char)('0' + v);
	while (p > buf)
		*--p = '0';
	return (size_t)n;
}

size_t
int_format(long long v, char *buf)
{
	if (v < 0) {
		buf[0] = '-';
		return 1 + uint_digits(0 - (unsigned long long)v, 1, buf + 1);
	}
	return uint_digits((unsigned long long)v, 1, buf);
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
	n = 0;
	if (v < 0 && mag != 0)
		buf[n++] = '-';
	n += (int)uint_digits(mag / MONEY_SCALE, 1, buf + n);
	if (decimals > 0) {
		buf[n++] = '.';
		n += (int)uint_digits(frac, decimals, buf + n);
	}
	for (; precision > 4 && decimals < precision; decimals++)
		buf[n++] = '0';
	buf[n] = '\0';
	return (size_t)n;
}

/* Bits in q (q > 0): the position of its highest set bit, plus one. */
static int
bit_length(unsigned __int128 q)
{
	uint64_t high = (uint64_t)(q >> 64);

	return high ? 128 - __builtin_clzll(high) :
	    64 - __builtin_clzll((uint64_t)q);
}

/*
 * digits / 10^scale correctly rounded (to nearest, ties to even), for
 * digits >= 2^53, where the quotient of two doubles would round twice.
 * The digits are shifted up to 127 bits and divided in 128-bit integers:
 * the quotient has 63 bits or more, its top 53 are the significand, the
 * bits below them and the remainder decide the rounding, exactly.
 */
static double
exact_quotient(uint64_t digits, int scale)
{
	int shift = 63 + __builtin_clzll(digits), drop;
	uint64_t power = powers_of_ten[scale], significand;
	unsigned __int128 n = (unsigned __int128)digits << shift, q, rest, half;
	bool inexact;

	q = n / power;
	inexact = q * power != n;
	drop = bit_length(q) - 53;
	significand = (uint64_t)(q >> drop);
	rest = q & (((unsigned __int128)1 << drop) - 1);
	half = (unsigned __int128)1 << (drop - 1);
	if (rest > half || (rest == half && (inexact || (significand & 1))))
		significand++;
	return ldexp((double)significand, drop - shift);
}

/*
 * [-]digits[.digits] with at most 19 digits in all. Up to 2^53 the
 * digits and the power of ten are exact doubles, so one division rounds
 * correctly (Clinger's fast path); above, exact_quotient rounds. False
 * for anything else, which strtod reads.
 */
static bool
plain_number(const char *s, size_t len, char decimal, double *out)
{
	uint64_t digits = 0;
	size_t i = 0, point = len, count = 0;
	bool negative = len > 0 && s[0] == '-';
	int scale;

	for (i = negative; i < len; i++) {
		if (s[i] == decimal && point == len)
			point = i;
		else if (is_digit(s[i]) && ++count <= 19)
			digits = digits * 10 + (uint64_t)(s[i] - '0');
		else
			return false;
	}
	if (count == 0 || point == len - 1 || point == (size_t)negative)
		return false;
	scale = point == len ? 0 : (int)(len - point - 1);
	if (digits <= (1ull << 53))
		*out = (double)digits / (double)powers_of_ten[scale];
	else
		*out = exact_quotient(digits, scale);
	if (negative)
		*out = -*out;
	return true;
}

enum num_status
number_parse(const char *s, size_t len, char decimal, double *out)
{
	char buf[128], *end;
	size_t i;

	if (plain_number(s, len, decimal, out))
		return NUM_OK;
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

/*
 * Shortest round trip, exactly: the decimal with the fewest digits in the
 * interval of reals that round to v (the idea of Steele & White's and
 * Adams's Ryu algorithm), found with 128-bit integers instead of tables.
 * v = m 2^e; its neighbours are half an ulp away, so with everything
 * scaled by 2^(e-2) the interval is [4m - 1 - (m a power of 2 ? 0 : 1),
 * 4m + 2]. Scaled by 10^p so that it holds 18 digits, the interval's ends
 * are whole numbers vm..vp after flooring; digits are dropped while the
 * interval still holds a multiple of ten. The bounds belong to it when m
 * is even (round-half-even reads them back as v).
 */

struct scaled {
	uint64_t value;
	bool exact;		/* nothing was floored away */
};

/* 10^0 .. 10^21 */
static unsigned __int128
power_of_ten(int p)
{
	if (p < 20)
		return powers_of_ten[p];
	return (unsigned __int128)powers_of_ten[19] * powers_of_ten[p - 19];
}

/* floor(x 2^e2 10^p) for e2 < 0 <= p, where x 10^p < 2^127. */
static struct scaled
scale(uint64_t x, int e2, int p)
{
	unsigned __int128 n = x * power_of_ten(p), mask;
	struct scaled r;

	mask = ((unsigned __int128)1 << -e2) - 1;
	r.value = (uint64_t)(n >> -e2);
	r.exact = (n & mask) == 0;
	return r;
}

/*
 * floor(log10(v)) for 1e-4 <= v < 2^53: floor(binary exponent x
 * log10(2)), with 78913 / 2^18 for log10(2) (exact enough for binary
 * exponents -14 .. 52), is right or one too small; a comparison settles
 * it. The doubles 1e-4 .. 1e-1 lie above the
 * powers they stand for, so v >= 1e-3 means v > 10^-3.
 */
static int
decimal_exponent(double v, int binary_exponent)
{
	static const double tens[] = {
		1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
		1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17
	};
	int estimate = binary_exponent * 78913 >> 18;	/* floors */

	return estimate + (v >= tens[estimate + 1 + 4]);
}

/* The interval scaled to whole numbers, as digits are dropped from it. */
struct interval {
	uint64_t vr, vp, vm;	/* v, the upper end, the lower end */
	bool vr_zeros;		/* every digit dropped from vr was 0 */
	bool vm_zeros;		/* ... from vm, and vm is in the interval */
	int last;		/* the last digit dropped from vr */
	int removed;
};

static void
drop_digit(struct interval *in)
{
	in->vr_zeros &= in->last == 0;
	in->last = (int)(in->vr % 10);
	in->vr /= 10;
	in->vp /= 10;
	in->vm /= 10;
	in->removed++;
}

/* The shortest digits of v > 0 and the exponent of their last digit. */
static bool
shortest_exact(double v, uint64_t *digits, int *exponent)
{
	uint64_t bits, m;
	int e2, p;
	struct scaled r, up, lo;
	struct interval in;
	bool even;

	memcpy(&bits, &v, sizeof(bits));
	if ((bits >> 52) == 0 || v < 1e-4 || v >= 0x1p53)
		return false;	/* subnormal, or beyond 128-bit reach */
	m = (bits & ((1ull << 52) - 1)) | (1ull << 52);
	e2 = (int)(bits >> 52) - 1075 - 2;
	even = (m & 1) == 0;
	/*
	 * 18 digits before the point: the interval is then at least 11
	 * units wide, so a digit always goes and the last one dropped
	 * rounds the rest; 10^p < 2^70 for v >= 1e-4.
	 */
	p = 17 - decimal_exponent(v, (int)(bits >> 52) - 1023);
	r = scale(4 * m, e2, p);
	up = scale(4 * m + 2, e2, p);
	lo = scale(4 * m - 1 - ((bits & ((1ull << 52) - 1)) != 0), e2, p);
	in = (struct interval){ r.value, up.value - (up.exact && !even),
	    lo.value, r.exact, lo.exact && even, 0, 0 };
	while (in.vp / 10 > in.vm / 10) {
		in.vm_zeros &= in.vm % 10 == 0;
		drop_digit(&in);
	}
	while (in.vm_zeros && in.vm % 10 == 0 && in.vm > 0)
		drop_digit(&in);
	if (in.vr_zeros && in.last == 5 && in.vr % 2 == 0)
		in.last = 4;	/* an exact half rounds to even */
	*digits = in.vr + ((in.vr == in.vm && !in.vm_zeros) || in.last >= 5);
	*exponent = in.removed - p;
	return true;
}

/* The same by asking printf for more digits until they read back. */
static void
shortest_printf(double v, uint64_t *digits, int *exponent)
{
	char buf[NUMBER_BUFSIZE], *e;
	int precision, i, n = 0;

	/*
	 * Fewer than 15 digits come out of %.14e with trailing zeros; not so
	 * for subnormals, whose precision is smaller.
	 */
	for (precision = v < DBL_MIN ? 0 : 14; precision < 17; precision++) {
		snprintf(buf, sizeof(buf), "%.*e", precision, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	e = strchr(buf, 'e');
	*digits = 0;
	for (i = 0; buf + i < e; i++)
		if (is_digit(buf[i])) {
			*digits = *digits * 10 + (uint64_t)(buf[i] - '0');
			n++;
		}
	*exponent = atoi(e + 1) - (n - 1);
}

/* "d1d2...dn" of digits without trailing zeros; returns n. */
static int
digit_string(uint64_t digits, int *exponent, char *out)
{
	while (digits % 10 == 0 && digits > 0) {
		digits /= 10;
		(*exponent)++;
	}
	return (int)uint_digits(digits, 1, out);
}

/*
 * Positional notation for exponents of the first digit from -6 to 20, as
 * JavaScript prints numbers (0.000001, 1e-7); scientific beyond.
 */
static size_t
place_digits(bool negative, const char *digits, int n, int first, char *buf)
{
	int len = 0, i;

	if (negative)
		buf[len++] = '-';
	if (first < -6 || first >= 21)
		return (size_t)(len + sprintf(buf + len, "%c%s%se%d",
		    digits[0], n > 1 ? "." : "", digits + 1, first));
	if (first < 0) {
		buf[len++] = '0';
		buf[len++] = '.';
		for (i = -1; i > first; i--)
			buf[len++] = '0';
		memcpy(buf + len, digits, (size_t)n + 1);
		return (size_t)(len + n);
	}
	for (i = 0; i < n || i <= first; i++) {
		if (i == first + 1)
			buf[len++] = '.';
		buf[len++] = i < n ? digits[i] : '0';
	}
	buf[len] = '\0';
	return (size_t)len;
}

static size_t
format_digits(double v, bool exact_only, char *buf)
{
	char digits[24];
	uint64_t d;
	int exponent, n;

	if (v == 0)
		return (size_t)sprintf(buf, "0");
	if (exact_only || !shortest_exact(fabs(v), &d, &exponent))
		shortest_printf(fabs(v), &d, &exponent);
	n = digit_string(d, &exponent, digits);
	return place_digits(v < 0, digits, n, exponent + n - 1, buf);
}

static size_t
format_shortest(double v, char *buf)
{
	/* Whole numbers below 2^53 need no search at all. */
	if (v == floor(v) && fabs(v) < 0x1p53)
		return int_format((long long)v, buf);
	return format_digits(v, false, buf);
}

size_t
number_format_reference(double v, char *buf)
{
	return format_digits(v, true, buf);
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
