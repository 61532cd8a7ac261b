/*
 * test-columns.c: finding columns by name, spelling, position and alias.
 * The error paths exit the process, so they run in a child whose stderr
 * comes back through a pipe.
 */
#define _GNU_SOURCE	/* fork, pipe */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "columns.h"
#include "run_child.h"
#include "util.h"

enum { MAX_COLUMNS = 16 };

/* A header record over the NULL-ended names. */
struct header {
	struct field fields[MAX_COLUMNS];
	struct record rec;
};

static const struct record *
make_header(struct header *h, const char *const *names)
{
	size_t i;

	for (i = 0; names[i] && i < MAX_COLUMNS; i++) {
		h->fields[i].s = names[i];
		h->fields[i].len = strlen(names[i]);
	}
	h->rec.fields = h->fields;
	h->rec.nfields = i;
	h->rec.recno = 1;
	h->rec.file = "test.csv";
	return &h->rec;
}

static void
test_lookup_by_name(void)
{
	static const char *const names[] = {
		"customer_id", "order_date", "amount", "客户编号", NULL
	};
	struct header h;
	const struct record *rec = make_header(&h, names);

	CHECK(column_lookup(rec, "customer_id") == 0, "exact 'customer_id'");
	CHECK(column_lookup(rec, "amount") == 2, "exact 'amount'");
	CHECK(column_lookup(rec, "客户编号") == 3, "exact '客户编号'");
	CHECK(column_lookup(rec, "CustomerID") == 0, "'CustomerID' is "
	    "customer_id");
	CHECK(column_lookup(rec, "Customer ID") == 0, "'Customer ID' is "
	    "customer_id");
	CHECK(column_lookup(rec, "CUSTOMER-ID") == 0, "'CUSTOMER-ID' is "
	    "customer_id");
	CHECK(column_lookup(rec, "Order.Date") == 1, "'Order.Date' is "
	    "order_date");
	CHECK(column_lookup(rec, "AMOUNT") == 2, "'AMOUNT' is amount");
	CHECK(column_lookup(rec, "amounts") == COLUMN_NONE, "'amounts' is no "
	    "column");
	CHECK(column_lookup(rec, "customer") == COLUMN_NONE, "an alias is not "
	    "a name for column_lookup");
	CHECK(column_lookup(rec, "") == COLUMN_NONE, "'' is no column");
}

static void
test_require_list(void)
{
	static const char *const names[] = {
		"customer_id", "recency_days", "frequency", "monetary", NULL
	};
	struct header h;
	const struct record *rec = make_header(&h, names);
	size_t n;
	long *cols = column_require_list(rec, "Monetary,2,frequency", &n);

	CHECK(n == 3 && cols[0] == 3 && cols[1] == 1 && cols[2] == 2,
	    "a list of a name in other case, a position and a name: 3, 1, 2");
	free(cols);
	cols = column_require_list(rec, "frequency", &n);
	CHECK(n == 1 && cols[0] == 2, "a list of one");
	free(cols);
}

static void
test_lookup_by_position(void)
{
	static const char *const names[] = { "id", "date", "amount", NULL };
	static const char *const digit_names[] = { "b", "a", "1", NULL };
	struct header h, hd;
	const struct record *rec = make_header(&h, names);
	const struct record *digits = make_header(&hd, digit_names);

	CHECK(column_lookup(rec, "1") == 0, "position '1' is column 0");
	CHECK(column_lookup(rec, "2") == 1, "position '2' is column 1");
	CHECK(column_lookup(rec, "3") == 2, "position '3' is column 2");
	CHECK(column_lookup(rec, "4") == COLUMN_NONE, "position '4' is out of "
	    "range");
	CHECK(column_lookup(rec, "0") == COLUMN_NONE, "position '0' is no "
	    "column");
	CHECK(column_lookup(rec, "-1") == COLUMN_NONE, "'-1' is no column");
	CHECK(column_lookup(rec, "99999999999999999999") == COLUMN_NONE,
	    "a huge position is no column");
	CHECK(column_lookup(digits, "1") == 2, "a column named '1' beats "
	    "position 1");
	CHECK(column_lookup(digits, "2") == 1, "position 2 when no column is "
	    "named '2'");
}

static void
test_lookup_similar_twice(void)
{
	static const char *const names[] = {
		"customer_id", "CustomerID", NULL
	};
	struct header h;
	const struct record *rec = make_header(&h, names);

	CHECK(column_lookup(rec, "CustomerID") == 1, "exact 'CustomerID' "
	    "beats the similar 'customer_id'");
	CHECK(column_lookup(rec, "customer id") == COLUMN_NONE,
	    "'customer id' is like two columns: none is chosen");
}

static void
test_find_english(void)
{
	/* The header of the UCI Online Retail II export. */
	static const char *const names[] = {
		"Invoice", "StockCode", "Description", "Quantity",
		"InvoiceDate", "Price", "Customer ID", "Country", NULL
	};
	struct header h;
	const struct record *rec = make_header(&h, names);

	CHECK(column_find(rec, "order_date", NULL, true) == 4,
	    "'InvoiceDate' is order_date");
	CHECK(column_find(rec, "customer_id", NULL, true) == 6,
	    "'Customer ID' is customer_id");
	CHECK(column_find(rec, "order_id", NULL, true) == 0,
	    "'Invoice' is order_id");
	CHECK(column_find(rec, "quantity", NULL, true) == 3,
	    "'Quantity' is quantity");
	CHECK(column_find(rec, "price", NULL, true) == 5, "'Price' is price");
	CHECK(column_find(rec, "amount", NULL, false) == COLUMN_NONE,
	    "no amount column, not required: COLUMN_NONE");
	CHECK(column_find(rec, "owner", NULL, false) == COLUMN_NONE,
	    "no owner column, not required: COLUMN_NONE");
	CHECK(column_find(rec, "amount", "Price", true) == 5,
	    "an explicit spec names the column");
	CHECK(column_find(rec, "amount", "4", true) == 3,
	    "an explicit position names the column");
	CHECK(column_find(rec, "Country", NULL, false) == 7,
	    "a name without aliases is found by itself");
}

static void
test_find_chinese(void)
{
	static const char *const names[] = {
		"订单号", "客户编号", "下单时间", "实付金额", "数量", "负责人",
		NULL
	};
	struct header h;
	const struct record *rec = make_header(&h, names);

	CHECK(column_find(rec, "order_id", NULL, true) == 0,
	    "'订单号' is order_id");
	CHECK(column_find(rec, "customer_id", NULL, true) == 1,
	    "'客户编号' is customer_id");
	CHECK(column_find(rec, "order_date", NULL, true) == 2,
	    "'下单时间' is order_date");
	CHECK(column_find(rec, "amount", NULL, true) == 3,
	    "'实付金额' is amount");
	CHECK(column_find(rec, "quantity", NULL, true) == 4,
	    "'数量' is quantity");
	CHECK(column_find(rec, "owner", NULL, true) == 5,
	    "'负责人' is owner");
}

static void
test_find_prefers_canonical(void)
{
	static const char *const names[] = {
		"customer", "customer_id", "date", "Order Date", NULL
	};
	struct header h;
	const struct record *rec = make_header(&h, names);

	CHECK(column_find(rec, "customer_id", NULL, true) == 1,
	    "'customer_id' beats its alias 'customer'");
	CHECK(column_find(rec, "order_date", NULL, true) == 3,
	    "'Order Date' (the canonical name respelled) beats alias 'date'");
}

static void
test_aliases_text(void)
{
	CHECK_STR(column_aliases("quantity"), "qty, 数量, 购买数量",
	    "column_aliases lists the aliases of quantity");
	CHECK(strstr(column_aliases("customer_id"), "客户编号") != NULL,
	    "客户编号 is an alias of customer_id");
	CHECK_STR(column_aliases("no_such_column"), "",
	    "an unknown canonical name has no aliases");
}

/* Error paths, in a child process */

struct call {
	const struct record *header;
	const char *canonical, *spec;
};

/* The calls take a struct call, in a child. */
static void
call_require(const void *arg)
{
	const struct call *c = arg;

	column_require(c->header, c->spec);
}

static void
call_find(const void *arg)
{
	const struct call *c = arg;

	column_find(c->header, c->canonical, c->spec, true);
}

static void
call_find_option(const void *arg)
{
	const struct call *c = arg;

	column_find_option(c->header, c->canonical, c->spec, true,
	    "name it with --id COL");
}

/* fn(call) exits with status 1 and exactly the message want. */
static void
check_dies(void (*fn)(const void *), const struct call *call,
    const char *want, const char *what)
{
	struct child out = run_child(fn, call, false);

	CHECK_CHILD(out, 1, want, "%s: exit 1 and the message", what);
}

static void
test_errors(void)
{
	static const char *const names[] = { "id", "date", "value", NULL };
	static const char *const twins[] = { "Customer ID", "CUSTOMER_ID",
		NULL };
	static const char *const aliases[] = { "customer", "客户编号", NULL };
	struct header h, ht, ha;
	struct call c = { make_header(&h, names), "amount", "nope" };

	check_dies(call_require, &c, "test-columns: test.csv: column 'nope' "
	    "not found; the header has: id, date, value\n", "column_require of "
	    "a missing column names the file");
	c.spec = NULL;
	c.canonical = "customer_id";
	check_dies(call_find, &c, "test-columns: test.csv: no 'customer_id' "
	    "column (or one of its aliases, see man 7 crm); the header has: "
	    "id, date, value\n", "column_find of a required, missing column");
	c.header = make_header(&ht, twins);
	check_dies(call_find, &c, "test-columns: test.csv: several columns "
	    "could be 'customer_id'; the header has: Customer ID, "
	    "CUSTOMER_ID\n",
	    "column_find with two spellings of the canonical name");
	c.header = make_header(&ha, aliases);
	check_dies(call_find, &c, "test-columns: columns 'customer' and "
	    "'客户编号' could both be customer_id; name one with its option\n",
	    "column_find with two aliases");
}

/* The hint of column_find_option; -d for a header of one field. */
static void
test_error_hints(void)
{
	static const char *const names[] = { "id", "date", NULL };
	static const char *const semicolons[] = { "id;date;value", NULL };
	static const char *const tabs[] = { "id\tdate", NULL };
	struct header h;
	struct call c = { make_header(&h, names), "customer_id", NULL };

	check_dies(call_find_option, &c, "test-columns: test.csv: no "
	    "'customer_id' column (or one of its aliases, see man 7 crm); name "
	    "it with --id COL; the header has: id, date\n", "the hint follows "
	    "what is wrong");
	c.header = make_header(&h, semicolons);
	check_dies(call_find, &c, "test-columns: test.csv: no 'customer_id' "
	    "column (or one of its aliases, see man 7 crm); the header has one "
	    "column: id;date;value; is the delimiter ';'? (-d ';')\n",
	    "a header of one field holding ; suggests -d ';'");
	c.header = make_header(&h, tabs);
	check_dies(call_find, &c, "test-columns: test.csv: no 'customer_id' "
	    "column (or one of its aliases, see man 7 crm); the header has one "
	    "column: id\tdate; is the delimiter tab? (-d tab)\n",
	    "a header of one field holding a tab suggests -d tab");
}

/* A header too long for the message is cut with ", ...", not overrun. */
static void
test_error_long_header(void)
{
	static char name[301];
	const char *names[MAX_COLUMNS + 1];
	struct header h;
	struct call c;
	struct child out;
	size_t i, len;

	memset(name, 'n', sizeof(name) - 1);
	for (i = 0; i < MAX_COLUMNS; i++)
		names[i] = name;
	names[MAX_COLUMNS] = NULL;
	c.header = make_header(&h, names);
	c.canonical = NULL;
	c.spec = "nope";
	out = run_child(call_require, &c, false);
	len = strlen(out.output);
	CHECK(out.status == 1 && strncmp(out.output, "test-columns: test.csv: "
	    "column 'nope' not found; the header has: nnnn", 64) == 0,
	    "a header of 16 columns of 300 bytes: exit 1 and the message "
	    "(status %d)", out.status);
	CHECK(len > 6 && len < 1200 &&
	    strcmp(out.output + len - 6, ", ...\n") == 0, "the listing is cut "
	    "and ends with ', ...' (%zu bytes, ends '%.5s')", len,
	    len > 6 ? out.output + len - 6 : out.output);
}

int
main(void)
{
	setprogname("test-columns");
	test_lookup_by_name();
	test_lookup_by_position();
	test_require_list();
	test_lookup_similar_twice();
	test_find_english();
	test_find_chinese();
	test_find_prefers_canonical();
	test_aliases_text();
	test_errors();
	test_error_long_header();
	test_error_hints();
	return check_done();
}
