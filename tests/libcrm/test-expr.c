/* test-expr.c: the rule condition language: precedence, types, errors. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "date.h"
#include "expr.h"
#include "util.h"

enum { MAXFIELDS = 16 };

/* A record from a line split at commas (no quoting in these tests). */
struct line {
	char buf[256];
	struct field fields[MAXFIELDS];
	struct record rec;
};

static void
split(struct line *l, const char *text)
{
	char *p;

	snprintf(l->buf, sizeof(l->buf), "%s", text);
	l->rec.fields = l->fields;
	l->rec.nfields = 0;
	l->rec.recno = 2;
	l->rec.file = "test.csv";
	for (p = l->buf;; p++) {
		char *end = strchr(p, ',');

		l->fields[l->rec.nfields].s = p;
		l->fields[l->rec.nfields].len = end ? (size_t)(end - p) :
		    strlen(p);
		l->rec.nfields++;
		if (end == NULL)
			break;
		*end = '\0';
		p = end;
	}
}

static const char header[] = "name,monetary,frequency,last_date,city,城市,"
    "first name,empty,n,text_num,when";
static const char row[] = "Ann,12000,5,2024-05-01,Beijing,北京,Ann B,,3,"
    "007,01/02/2024";

/* Parse, bind and evaluate cond on row; the message of a failure in why. */
static enum expr_result
run(const char *cond, char *why, size_t whysize)
{
	struct line h, r;
	struct expr_error err;
	struct expr_env env = { 0, NULL, '.' };
	struct expr *e;
	enum expr_result result;

	env.today = days_from_civil(2024, 6, 30);
	split(&h, header);
	split(&r, row);
	if ((e = expr_parse(cond, &err)) == NULL) {
		snprintf(why, whysize, "parse error: %s", err.message);
		return EXPR_FAILED;
	}
	if (!expr_bind(e, &h.rec, &err)) {
		snprintf(why, whysize, "bind error: %s", err.message);
		expr_free(e);
		return EXPR_FAILED;
	}
	result = expr_eval(e, &r.rec, &env, why, whysize);
	expr_free(e);
	return result;
}

static void
check_is(const char *cond, enum expr_result want)
{
	char why[256] = "";
	enum expr_result got = run(cond, why, sizeof(why));

	CHECK(got == want, "%s is %s", cond, want == EXPR_TRUE ? "true" :
	    "false");
	if (got != want)
		printf("#   got %d: %s\n", got, why);
}

#define TRUE_(cond) check_is(cond, EXPR_TRUE)
#define FALSE_(cond) check_is(cond, EXPR_FALSE)

/* cond fails to parse at the 1-based character column with message. */
static void
check_syntax(const char *cond, size_t column, const char *message)
{
	struct expr_error err = { 0, "" };
	struct expr *e = expr_parse(cond, &err);
	size_t got = e ? 0 : expr_column(cond, err.offset);

	CHECK(e == NULL && got == column && strcmp(err.message, message) == 0,
	    "%s: column %zu: %s", cond, column, message);
	if (e != NULL || got != column || strcmp(err.message, message) != 0)
		printf("#   got column %zu: %s\n", got, err.message);
	expr_free(e);
}

/* cond parses and binds but fails on the row with message. */
static void
check_value_error(const char *cond, const char *message)
{
	char why[256] = "";
	enum expr_result got = run(cond, why, sizeof(why));

	CHECK(got == EXPR_FAILED && strcmp(why, message) == 0, "%s fails: %s",
	    cond, message);
	if (got != EXPR_FAILED || strcmp(why, message) != 0)
		printf("#   got %d: %s\n", got, why);
}

static void
test_precedence(void)
{
	TRUE_("1 + 2 * 3 = 7");
	TRUE_("(1 + 2) * 3 = 9");
	TRUE_("10 - 4 - 3 = 3");
	TRUE_("12 / 3 / 2 = 2");
	TRUE_("-2 * -3 = 6");
	TRUE_("- -2 = 2");
	TRUE_("2 * 3 > 5 && 1 + 1 = 2");
	/* && binds tighter than ||: (true || false) && false is false */
	TRUE_("1 = 1 || 1 = 2 && 1 = 2");
	TRUE_("1 = 2 && 1 = 1 || 1 = 1");
	/* ! applies to the whole comparison */
	FALSE_("!monetary > 100");
	TRUE_("!1 = 2 && 2 = 2");
	TRUE_("!(1 = 1) || 1 = 1");
	FALSE_("!(1 = 1 || 1 = 2)");
	TRUE_("!!(1 = 1)");
	TRUE_("((((n = 3))))");
}

static void
test_numbers_and_text(void)
{
	TRUE_("monetary >= 10000 && frequency >= 5");
	FALSE_("monetary >= 10000 && frequency >= 6");
	TRUE_("monetary > 9e3 && monetary = 12000.0 && monetary < 1.2E4 + 1");
	TRUE_("monetary / n = 4000 && monetary * 0.5 = 6000");
	TRUE_("text_num = 7");		/* '007' as a number is 7 */
	FALSE_("text_num = '7'");	/* and as text is not '7' */
	TRUE_("text_num = '007'");
	TRUE_("city = 'Beijing' && city != 'beijing'");
	TRUE_("city < 'C' && city > 'Ab'");
	TRUE_("城市 = '北京'");
	TRUE_("\"first name\" = 'Ann B'");
	TRUE_("name = 'Ann' && 'Ann' = name");
	TRUE_("'it''s' = 'it''s'");
	TRUE_("empty = ''");
	FALSE_("name = ''");
	/* names are matched as column options match them */
	TRUE_("Monetary > 1 && CITY = 'Beijing'");
	/* two columns: numbers when both are, else text */
	TRUE_("frequency < monetary");
	TRUE_("name < city");
}

static void
test_in_lists(void)
{
	TRUE_("city in ('Shanghai', 'Beijing')");
	FALSE_("city in ('Shanghai')");
	FALSE_("n in (1, 2)");
	TRUE_("n in (1, 2, 3)");
	TRUE_("n in (2 + 1)");
	TRUE_("!(n in (1, 2))");
	TRUE_("城市 IN ('上海', '北京')");
	TRUE_("last_date in (2024-05-01, today)");
	TRUE_("text_num in ('7', 7)");	/* each item in its own type */
}

static void
test_dates(void)
{
	TRUE_("last_date >= 2024-05-01 && last_date <= 2024-5-1");
	FALSE_("last_date > 2024-05-01");
	TRUE_("last_date = '2024-05-01'");	/* text to text */
	TRUE_("today - last_date = 60");
	TRUE_("last_date - today = -60");
	TRUE_("last_date >= today - 60 && !(last_date > today - 60)");
	TRUE_("today = 2024-06-30 && TODAY = '2024-06-30'");
	TRUE_("2024-06-30 - 2024-06-01 = 29");
	TRUE_("today + 1 > today && 1 + today > today");
	TRUE_("last_date < '2024-05-02' && 2024-05-02 > last_date");
}

/* && and || evaluate their right side only when they must. */
static void
test_short_circuit(void)
{
	TRUE_("empty = '' || empty > 5");
	FALSE_("empty != '' && empty > 5");
	TRUE_("n = 3 || city > 5");
	check_value_error("empty > 5", "not a number (empty, '')");
	check_value_error("n = 4 || city > 5",
	    "not a number (city, 'Beijing')");
}

static void
test_value_errors(void)
{
	check_value_error("monetary / (n - 3) > 1", "division by zero");
	check_value_error("city - 1 > 0", "not a number (city, 'Beijing')");
	check_value_error("city > today", "not a date (city, 'Beijing')");
	check_value_error("when > today", "ambiguous date (when, "
	    "'01/02/2024'): day or month first? give --date-format, e.g. "
	    "%d/%m/%Y");
	check_value_error("monetary * 1e308 > 1",
	    "number out of range in arithmetic");
	check_value_error("monetry > 1", "bind error: column 'monetry' not "
	    "found");
	check_value_error("\"first-name\" = '' && \"no name\" = ''",
	    "bind error: column 'no name' not found");
}

static void
test_type_errors(void)
{
	check_syntax("'a' = 1", 5, "cannot compare a string with a number");
	check_syntax("monetary", 1, "expected a condition, such as "
	    "monetary >= 1000, not a column");
	check_syntax("1 + 2", 3, "expected a condition, such as "
	    "monetary >= 1000, not a number");
	check_syntax("1 + 'a' > 2", 3, "'+' needs numbers or dates, not a "
	    "string");
	check_syntax("n * today > 2", 3, "'*' needs numbers, not a date");
	check_syntax("monetary > 1 && 5", 14, "'&&' needs a condition on "
	    "each side, not a value");
	check_syntax("!monetary", 1, "'!' needs a condition, not a value");
	check_syntax("-city = 'x'", 7, "cannot compare a number with a string");
	check_syntax("-'x' = 1", 1, "'-' needs a number, not a string");
	check_syntax("today + today > 1", 7, "cannot add two dates");
	check_syntax("1 - today > 1", 3,
	    "cannot subtract a date from a number");
	check_syntax("today = 'soon'", 9, "'soon' is not a date (YYYY-MM-DD)");
	check_syntax("today > 5", 7, "cannot compare a date with a number (a "
	    "date minus a date is a number of days: today - last_date > 30)");
	check_syntax("(1 = 1) = (2 = 2)", 9, "cannot compare conditions; use "
	    "&& or ||");
	check_syntax("1 in (1, 'a')", 10, "cannot compare a number with a "
	    "string");
}

static void
test_syntax_errors(void)
{
	check_syntax("monetary >= && frequency >= 5", 13,
	    "expected a value after '>='");
	check_syntax("monetary >= 10000 &&", 21, "expected a value after '&&'");
	check_syntax("", 1, "empty condition");
	check_syntax("   ", 4, "empty condition");
	check_syntax("&& x", 1, "expected a value, not '&&'");
	check_syntax("(monetary > 1", 14, "expected ')' to close the '(' at "
	    "column 1");
	check_syntax("monetary > 1)", 13, "unexpected ')' without a '('");
	check_syntax("()", 2, "expected a value after '('");
	check_syntax("city = 'Beijing", 8, "unterminated string (a closing ' "
	    "is missing)");
	check_syntax("\"first name = 1", 1, "unterminated column name (a "
	    "closing \" is missing)");
	check_syntax("monetary > 1 & n > 1", 14,
	    "'&' is not an operator; use &&");
	check_syntax("monetary > 1 | n > 1", 14,
	    "'|' is not an operator; use ||");
	check_syntax("monetary > 1 and n > 1", 14, "use && for 'and'");
	check_syntax("monetary > 1 OR n > 1", 14, "use || for 'or'");
	check_syntax("1 < 2 < 3", 7, "comparisons cannot be chained; join "
	    "them with &&");
	check_syntax("monetary 100", 10, "expected an operator before '100'");
	check_syntax("n = 1 !", 7, "unexpected '!'");
	check_syntax("city in 'a'", 9, "expected '(' after 'in'");
	check_syntax("city in ('a' 'b')", 14, "expected ',' or ')' in the list "
	    "after 'in'");
	check_syntax("city in ()", 10, "expected a value after '('");
	check_syntax("last_date > 2024-02-30", 13,
	    "'2024-02-30' is not a date");
	check_syntax("monetary > 1 # note", 14, "unexpected character '#'");
	/* columns count characters, not bytes */
	check_syntax("城市 = '北京' &&", 13, "expected a value after '&&'");
	check_syntax("城市 > 1 && 金额 ==", 16, "expected a value after '=='");
}

static void
test_depth(void)
{
	char deep[1024];
	size_t i;

	for (i = 0; i < 300; i++)
		deep[i] = '(';
	strcpy(deep + 300, "1 = 1");
	check_syntax(deep, 201, "too deeply nested");
	for (i = 0; i < 150; i++)
		deep[i] = '(';
	strcpy(deep + 150, "1 = 1");
	for (i = 0; i < 150; i++)
		strcat(deep, ")");
	TRUE_(deep);
}

static void
test_caret(void)
{
	char buf[128];

	expr_caret("monetary >= && x", 12, buf, sizeof(buf));
	CHECK_STR(buf, "            ^", "a caret under byte 12");
	expr_caret("城市 = '北京' &&", strlen("城市 = '北京' &&"), buf,
	    sizeof(buf));
	CHECK_STR(buf, "                ^", "wide characters take two columns");
	expr_caret("\tx >", 4, buf, sizeof(buf));
	CHECK_STR(buf, "\t   ^", "tabs stay tabs");
	CHECK(expr_column("城市 = 1", strlen("城市 ")) == 4,
	    "expr_column counts characters");
}

int
main(void)
{
	setprogname("test-expr");
	test_precedence();
	test_numbers_and_text();
	test_in_lists();
	test_dates();
	test_short_circuit();
	test_value_errors();
	test_type_errors();
	test_syntax_errors();
	test_depth();
	test_caret();
	return check_done();
}
