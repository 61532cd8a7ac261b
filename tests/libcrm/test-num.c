/* test-num.c: fixed-point money and locale-free numbers, in and out. */
#define _GNU_SOURCE	/* fork */
#include <float.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "num.h"

static const char *const status_name[] = { "NUM_OK", "NUM_BAD", "NUM_RANGE" };

/* money_parse(s) with decimal gives NUM_OK and want (in 1/10,000). */
static void
check_money(const char *s, char decimal, money_t want)
{
	money_t got = -777;
	enum num_status st = money_parse(s, strlen(s), decimal, &got);

	CHECK(st == NUM_OK && got == want,
	    "money_parse('%s', '%c') = %lld (got %s, %lld)", s, decimal,
	    (long long)want, status_name[st], (long long)got);
}

/* money_parse(s) fails with want and leaves *out alone. */
static void
check_money_fails(const char *s, char decimal, enum num_status want)
{
	money_t got = -777;
	enum num_status st = money_parse(s, strlen(s), decimal, &got);

	CHECK(st == want && got == -777, "money_parse('%s', '%c') is %s "
	    "(got %s, %lld)", s, decimal, status_name[want], status_name[st],
	    (long long)got);
}

static void
test_money_parse_forms(void)
{
	check_money("12.5", '.', 125000);
	check_money("-3", '.', -30000);
	check_money("+0.10", '.', 1000);
	check_money(".5", '.', 5000);
	check_money("1.", '.', 10000);
	check_money("  7  ", '.', 70000);
	check_money("\t7\t", '.', 70000);
	check_money("0", '.', 0);
	check_money("-0", '.', 0);
	check_money("00042.0100", '.', 420100);
	check_money("1e3", '.', 10000000);
	check_money("1.5E2", '.', 1500000);
	check_money("-2.5e-1", '.', -2500);
	check_money("1,5", ',', 15000);
	check_money("-1,25", ',', -12500);
	check_money("1,5e1", ',', 150000);
}

static void
test_money_parse_rejects(void)
{
	check_money_fails("1,234.56", '.', NUM_BAD);
	check_money_fails("1,234.56", ',', NUM_BAD);
	check_money_fails("1.234,56", ',', NUM_BAD);
	check_money_fails("1,5", '.', NUM_BAD);
	check_money_fails("1.5", ',', NUM_BAD);
	check_money_fails("abc", '.', NUM_BAD);
	check_money_fails("", '.', NUM_BAD);
	check_money_fails("   ", '.', NUM_BAD);
	check_money_fails("-", '.', NUM_BAD);
	check_money_fails("+", '.', NUM_BAD);
	check_money_fails(".", '.', NUM_BAD);
	check_money_fails("12.5x", '.', NUM_BAD);
	check_money_fails("1.2.3", '.', NUM_BAD);
	check_money_fails("--1", '.', NUM_BAD);
	check_money_fails("- 1", '.', NUM_BAD);
	check_money_fails("1 000", '.', NUM_BAD);
	check_money_fails("$12", '.', NUM_BAD);
	check_money_fails("1e", '.', NUM_BAD);
	check_money_fails("e3", '.', NUM_BAD);
	check_money_fails("nan", '.', NUM_BAD);
	check_money_fails("inf", '.', NUM_BAD);
	check_money_fails("0x10", '.', NUM_BAD);
}

static void
test_money_parse_rounding(void)
{
	check_money("0.00005", '.', 1);
	check_money("-0.00005", '.', -1);
	check_money("0.00004", '.', 0);
	check_money("-0.00004", '.', 0);
	check_money("0.000049999", '.', 0);
	check_money("1.23455", '.', 12346);
	check_money("-1.23455", '.', -12346);
	check_money("1.23454999", '.', 12345);
	check_money("2.99995", '.', 30000);
	check_money("-2.99995", '.', -30000);
	check_money("0.00015", '.', 2);
	check_money("1,23455", ',', 12346);
	/* The exponent form is the same number and rounds the same way. */
	check_money("1.5e-4", '.', 2);
	check_money("0.00015e0", '.', 2);
	check_money("-1.5e-4", '.', -2);
}

/* Exponents are exact decimal arithmetic, whatever the digit count. */
static void
test_money_parse_exponent(void)
{
	check_money("5e-5", '.', 1);
	check_money("-5e-5", '.', -1);
	check_money("4.9999e-5", '.', 0);
	check_money("1.23456789e3", '.', 12345679);
	check_money("0.00000000000000000000000000015e25", '.', 15);
	check_money("0e999999", '.', 0);
	check_money("7e-100000", '.', 0);
	check_money("+1.5E+2", '.', 1500000);
	check_money("1234567890123456789012345e-20", '.', 123456789);
	check_money("10000000000000000000000000e-22", '.', 10000000);
	check_money_fails("1e99999999999", '.', NUM_RANGE);
	check_money_fails("1e+", '.', NUM_BAD);
	check_money_fails("1e-", '.', NUM_BAD);
	check_money_fails("1e5.5", '.', NUM_BAD);
	check_money_fails("1e 5", '.', NUM_BAD);
}

static void
test_money_parse_range(void)
{
	check_money("922337203685477.5807", '.', INT64_MAX);
	check_money("-922337203685477.5807", '.', -INT64_MAX);
	check_money("922337203685477.58074", '.', INT64_MAX);
	check_money_fails("922337203685477.5808", '.', NUM_RANGE);
	check_money_fails("922337203685477.58075", '.', NUM_RANGE);
	check_money_fails("922337203685478", '.', NUM_RANGE);
	check_money_fails("99999999999999999999999999", '.', NUM_RANGE);
	check_money_fails("1e15", '.', NUM_RANGE);
	check_money_fails("-1e15", '.', NUM_RANGE);
	check_money_fails("1e999", '.', NUM_RANGE);
}

static void
test_money_add(void)
{
	money_t sum = 10000;

	CHECK(money_add(&sum, 25000) && sum == 35000, "1 + 2.5 = 3.5");
	CHECK(money_add(&sum, -45000) && sum == -10000, "3.5 - 4.5 = -1");
	sum = INT64_MAX - 1;
	CHECK(money_add(&sum, 1) && sum == INT64_MAX, "up to INT64_MAX is fine");
	CHECK(!money_add(&sum, 1) && sum == INT64_MAX,
	    "INT64_MAX + 1 overflows and leaves the sum unchanged");
	sum = INT64_MIN + 5;
	CHECK(!money_add(&sum, -6) && sum == INT64_MIN + 5,
	    "below INT64_MIN overflows and leaves the sum unchanged");
	CHECK(money_add(&sum, -5) && sum == INT64_MIN, "down to INT64_MIN");
}

/* money_mul(a, b) succeeds with want. */
static void
check_mul(money_t a, money_t b, money_t want)
{
	money_t got = -777;

	CHECK(money_mul(a, b, &got) && got == want,
	    "money_mul(%lld, %lld) = %lld (got %lld)", (long long)a,
	    (long long)b, (long long)want, (long long)got);
}

static void
test_money_mul(void)
{
	money_t out = -777;

	check_mul(15000, 15000, 22500);		/* 1.5 * 1.5 = 2.25 */
	check_mul(30000, 199900, 599700);	/* 3 * 19.99 = 59.97 */
	check_mul(1, 5000, 1);			/* 0.0001 * 0.5 -> 0.0001 */
	check_mul(-1, 5000, -1);		/* -0.00005 -> -0.0001 */
	check_mul(1, -5000, -1);
	check_mul(1, 4999, 0);			/* 0.00004999 -> 0 */
	check_mul(-1, 4999, 0);
	check_mul(-20000, -30000, 60000);	/* -2 * -3 = 6 */
	check_mul(INT64_MAX, 10000, INT64_MAX);	/* x * 1 */
	check_mul(INT64_MIN, 10000, INT64_MIN);
	CHECK(!money_mul(INT64_MAX, 20000, &out) && out == -777,
	    "INT64_MAX * 2 overflows");
	CHECK(!money_mul(INT64_MIN, -10000, &out) && out == -777,
	    "INT64_MIN * -1 overflows");
	CHECK(!money_mul(9223372036854770000LL, 10001, &out),
	    "922337203685477 * 1.0001 overflows");
}

/* money_div(v, n) gives want. */
static void
check_div(money_t v, uint64_t n, money_t want)
{
	money_t got = money_div(v, n);

	CHECK(got == want, "money_div(%lld, %llu) = %lld (got %lld)",
	    (long long)v, (unsigned long long)n, (long long)want,
	    (long long)got);
}

/* INT64_MIN / 1 in a child, so that UBSan stopping it is a failed check. */
static void
check_div_int64_min(void)
{
	pid_t pid;
	int status;

	fflush(stdout);		/* the child must not print our buffer again */
	if ((pid = fork()) == 0)
		_exit(money_div(INT64_MIN, 1) == INT64_MIN ? 0 : 3);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid &&
	    WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "money_div(INT64_MIN, 1) = INT64_MIN, with no undefined "
	    "behaviour (child exit status %d)", pid > 0 && WIFEXITED(status) ?
	    WEXITSTATUS(status) : -1);
}

static void
test_money_div(void)
{
	char buf[NUMBER_BUFSIZE];

	check_div(446900, 2, 223450);		/* 44.69 / 2 = 22.345 */
	check_div(-446900, 2, -223450);
	check_div(10000, 3, 3333);		/* 0.33333 */
	check_div(20000, 3, 6667);		/* 0.66667 */
	check_div(-20000, 3, -6667);
	check_div(5, 2, 3);			/* 0.00025 -> 0.0003 */
	check_div(-5, 2, -3);
	check_div(7, 4, 2);			/* 1.75 -> 2 */
	check_div(-7, 4, -2);
	check_div(0, 9, 0);
	check_div(123456, 1, 123456);
	check_div(INT64_MAX, 1, INT64_MAX);
	check_div(INT64_MAX, 2, INT64_MAX / 2 + 1);	/* .5 rounds up */
	check_div(INT64_MIN, 2, INT64_MIN / 2);
	check_div(1, UINT64_MAX, 0);
	check_div_int64_min();
	money_format(money_div(446900, 2), 2, buf);
	CHECK_STR(buf, "22.35", "44.69 / 2 with precision 2 rounds half "
	    "away from zero");
	money_format(money_div(-446900, 2), 2, buf);
	CHECK_STR(buf, "-22.35", "-44.69 / 2 with precision 2");
}

/* money_format(v, precision) gives want and returns its length. */
static void
check_money_format(money_t v, int precision, const char *want)
{
	char buf[NUMBER_BUFSIZE];
	size_t n;

	memset(buf, 'x', sizeof(buf));
	n = money_format(v, precision, buf);
	CHECK(strcmp(buf, want) == 0 && n == strlen(want),
	    "money_format(%lld, %d) = '%s' (got '%s', length %zu)",
	    (long long)v, precision, want, buf, n);
}

static void
test_money_format_shortest(void)
{
	check_money_format(125000, -1, "12.5");
	check_money_format(300000, -1, "30");
	check_money_format(1, -1, "0.0001");
	check_money_format(-5000, -1, "-0.5");
	check_money_format(-1, -1, "-0.0001");
	check_money_format(0, -1, "0");
	check_money_format(123456, -1, "12.3456");
	check_money_format(100000000, -1, "10000");
	check_money_format(INT64_MAX, -1, "922337203685477.5807");
	check_money_format(INT64_MIN, -1, "-922337203685477.5808");
}

/* Does int_format(v) agree with printf? */
static bool
int_format_agrees(long long v)
{
	char got[32], want[32];
	size_t n = int_format(v, got);

	snprintf(want, sizeof(want), "%lld", v);
	return strcmp(got, want) == 0 && n == strlen(want);
}

/*
 * int_format counts the digits before writing them: every length from 1
 * to 19, each side of every power of ten, and both ends of the range.
 */
static void
test_int_format_lengths(void)
{
	long long power = 1;
	int i, k, wrong = 0;

	for (i = 0; i < 19; i++) {
		for (k = -1; k <= 1; k++)
			wrong += !int_format_agrees(power + k) +
			    !int_format_agrees(-(power + k));
		if (i < 18)
			power *= 10;
	}
	CHECK(wrong == 0, "int_format each side of each power of ten (%d "
	    "wrong)", wrong);
	CHECK(int_format_agrees(LLONG_MAX) && int_format_agrees(LLONG_MIN),
	    "int_format at both ends of the range");
}

static void
test_money_format_precision(void)
{
	check_money_format(123456, 0, "12");
	check_money_format(123456, 1, "12.3");
	check_money_format(123456, 2, "12.35");
	check_money_format(123456, 3, "12.346");
	check_money_format(123456, 4, "12.3456");
	check_money_format(123456, 5, "12.34560");
	check_money_format(123456, 6, "12.345600");
	check_money_format(300000, 2, "30.00");
	check_money_format(0, 2, "0.00");
	check_money_format(0, 0, "0");
	check_money_format(125000, 0, "13");	/* half away from zero */
	check_money_format(-125000, 0, "-13");
	check_money_format(5000, 0, "1");
	check_money_format(-5000, 0, "-1");
	check_money_format(4999, 0, "0");
	check_money_format(-4999, 0, "0");	/* no "-0" */
	check_money_format(-1, 2, "0.00");	/* no "-0.00" */
	check_money_format(-49, 2, "0.00");
	check_money_format(-50, 2, "-0.01");
	check_money_format(-1, 6, "-0.000100");
	check_money_format(999950, 1, "100.0");	/* carry into units */
	check_money_format(-999950, 1, "-100.0");
	check_money_format(INT64_MAX, 0, "922337203685478");
	check_money_format(INT64_MIN, 2, "-922337203685477.58");
}

/* number_parse(s) succeeds with exactly want. */
static void
check_number(const char *s, char decimal, double want)
{
	double got = -777;
	enum num_status st = number_parse(s, strlen(s), decimal, &got);

	CHECK(st == NUM_OK && got == want, "number_parse('%s', '%c') = %.17g "
	    "(got %s, %.17g)", s, decimal, want, status_name[st], got);
}

static void
check_number_fails(const char *s, char decimal, enum num_status want)
{
	double got = -777;
	enum num_status st = number_parse(s, strlen(s), decimal, &got);

	CHECK(st == want, "number_parse('%s', '%c') is %s (got %s)", s,
	    decimal, status_name[want], status_name[st]);
}

static void
test_number_parse(void)
{
	check_number("12.5", '.', 12.5);
	check_number("-3", '.', -3);
	check_number("+0.10", '.', 0.1);
	check_number(".5", '.', 0.5);
	check_number("5.", '.', 5);
	check_number("  7  ", '.', 7);
	check_number("1e3", '.', 1000);
	check_number("1E-3", '.', 0.001);
	check_number("-2.5e+2", '.', -250);
	check_number("0.30000000000000004", '.', 0.1 + 0.2);
	check_number("1,5", ',', 1.5);
	check_number("-1,5e2", ',', -150);
	check_number("00042", '.', 42);
	check_number_fails("nan", '.', NUM_BAD);
	check_number_fails("NaN", '.', NUM_BAD);
	check_number_fails("inf", '.', NUM_BAD);
	check_number_fails("-Infinity", '.', NUM_BAD);
	check_number_fails("0x10", '.', NUM_BAD);
	check_number_fails("1e", '.', NUM_BAD);
	check_number_fails("1e+", '.', NUM_BAD);
	check_number_fails("1,234", '.', NUM_BAD);
	check_number_fails("1,234.5", '.', NUM_BAD);
	check_number_fails("1.234,5", ',', NUM_BAD);
	check_number_fails("1.5", ',', NUM_BAD);
	check_number_fails("", '.', NUM_BAD);
	check_number_fails(" ", '.', NUM_BAD);
	check_number_fails("-", '.', NUM_BAD);
	check_number_fails(".", '.', NUM_BAD);
	check_number_fails("e5", '.', NUM_BAD);
	check_number_fails("1-", '.', NUM_BAD);
	check_number_fails("1 2", '.', NUM_BAD);
	check_number_fails("12.5x", '.', NUM_BAD);
	check_number_fails("1e999", '.', NUM_RANGE);
	check_number_fails("-1e999", '.', NUM_RANGE);
}

/* number_format(v, precision) gives want and returns its length. */
static void
check_number_format(double v, int precision, const char *want)
{
	char buf[NUMBER_BUFSIZE];
	size_t n;

	memset(buf, 'x', sizeof(buf));
	n = number_format(v, precision, buf);
	CHECK(strcmp(buf, want) == 0 && n == strlen(want),
	    "number_format(%.17g, %d) = '%s' (got '%s', length %zu)", v,
	    precision, want, buf, n);
}

static void
test_number_format_shortest(void)
{
	check_number_format(0.1, -1, "0.1");
	check_number_format(1.0 / 3, -1, "0.3333333333333333");
	check_number_format(2.0 / 3, -1, "0.6666666666666666");
	check_number_format(0.1 + 0.2, -1, "0.30000000000000004");
	check_number_format(0.0, -1, "0");
	check_number_format(-0.0, -1, "0");
	check_number_format(1, -1, "1");
	check_number_format(-2.5, -1, "-2.5");
	check_number_format(100, -1, "100");
	check_number_format(12345.678, -1, "12345.678");
	check_number_format(123456789012.0, -1, "123456789012");
	check_number_format(9007199254740993.0, -1, "9007199254740992");
	check_number_format(1e20, -1, "100000000000000000000");
	check_number_format(1e21, -1, "1e21");
	check_number_format(-1.5e21, -1, "-1.5e21");
	check_number_format(1e300, -1, "1e300");
	check_number_format(DBL_MAX, -1, "1.7976931348623157e308");
	/* as JavaScript: 1e-6 is the last positional form */
	check_number_format(0.000001, -1, "0.000001");
	check_number_format(1.5e-6, -1, "0.0000015");
	check_number_format(1e-7, -1, "1e-7");
	check_number_format(1.5e-7, -1, "1.5e-7");
	check_number_format(1e-8, -1, "1e-8");
	check_number_format(-1.25e-8, -1, "-1.25e-8");
	check_number_format(5e-324, -1, "5e-324");
}

/* A cheap deterministic generator (xorshift64*) for the round trip. */
static uint64_t
next_random(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 2685821657736338717ull;
}

static void
test_number_format_round_trip(void)
{
	uint64_t state = 88172645463325252ull, bits;
	char buf[NUMBER_BUFSIZE];
	double v, back;
	int i, bad = 0;
	size_t n;

	for (i = 0; i < 200000; i++) {
		bits = next_random(&state);
		memcpy(&v, &bits, sizeof(v));
		if (!isfinite(v))
			continue;
		n = number_format(v, -1, buf);
		if (number_parse(buf, n, '.', &back) != NUM_OK || back != v ||
		    n >= NUMBER_BUFSIZE || strlen(buf) != n) {
			if (bad++ < 3)
				printf("# round trip of %.17g gave '%s'\n", v,
				    buf);
		}
	}
	CHECK(bad == 0, "200000 random doubles print and read back exactly "
	    "(%d did not)", bad);
}

static void
test_number_format_fixed(void)
{
	check_number_format(3.14159, 2, "3.14");
	check_number_format(3.14159, 0, "3");
	check_number_format(3.7, 0, "4");
	check_number_format(12.5, 3, "12.500");
	check_number_format(-1.5, 1, "-1.5");
	check_number_format(-0.001, 2, "0.00");		/* no "-0.00" */
	check_number_format(-0.004, 2, "0.00");
	check_number_format(-0.006, 2, "-0.01");
	check_number_format(-0.0, 2, "0.00");
	check_number_format(-0.0, 0, "0");
	check_number_format(-0.4, 0, "0");		/* no "-0" */
	check_number_format(-10.0, 0, "-10");
	check_number_format(-100.001, 1, "-100.0");
	check_number_format(0.1, 17, "0.10000000000000001");
	check_number_format(1e21, 0, "1000000000000000000000");
}

int
main(void)
{
	test_money_parse_forms();
	test_money_parse_rejects();
	test_money_parse_rounding();
	test_money_parse_exponent();
	test_money_parse_range();
	test_money_add();
	test_money_mul();
	test_money_div();
	test_money_format_shortest();
	test_money_format_precision();
	test_int_format_lengths();
	test_number_parse();
	test_number_format_shortest();
	test_number_format_round_trip();
	test_number_format_fixed();
	return check_done();
}
