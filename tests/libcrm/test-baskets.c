/*
 * test-baskets.c: order lines into baskets: lines of one item merged,
 * repeats, returns, the holdout, late lines, the order of customers and
 * items, and a customer with more items than the lists start with.
 */
#define _GNU_SOURCE	/* mkdtemp */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baskets.h"
#include "check.h"
#include "date.h"
#include "temp_files.h"
#include "util.h"

static char dir[1024], path[1100];

static struct baskets *
read_baskets(int32_t holdout_end)
{
	struct common_options common;
	struct basket_options opt;
	char *files[] = { path };
	struct input *in;
	struct baskets *b;

	memset(&common, 0, sizeof(common));
	common.in.delimiter = ',';
	common.in.max_field = CSV_DEFAULT_MAX_FIELD;
	common.out.delimiter = ',';
	common.out.precision = -1;
	common.decimal = '.';
	common.quiet = true;
	common.as_of = days_from_civil(2026, 6, 30);
	memset(&opt, 0, sizeof(opt));
	opt.holdout_end = holdout_end;
	in = input_open(&common, files, 1);
	b = baskets_read(&common, &opt, in);
	input_close(in);
	return b;
}

static int
is(const struct name *n, const char *s)
{
	return n->len == strlen(s) && memcmp(n->s, s, n->len) == 0;
}

static void
test_small(void)
{
	struct baskets *b;

	write_text_file(path, "customer_id,order_date,item,quantity\n"
	    "c2,2026-03-01,b,1\n"
	    "c1,2026-01-05,b,2\n"
	    "c1,2026-01-05,a,1\n"
	    "c2,2026-02-01,a,1\n"
	    "c1,2026-02-10,b,1\n"
	    "c1,2026-01-05,b,1\n"
	    "c3,2026-02-15,c,-1\n"
	    "c1,2026-07-05,c,1\n"
	    "c4,2026-07-06,a,1\n"
	    "c2,2026-09-01,c,1\n");
	b = read_baskets(days_from_civil(2026, 7, 31));
	CHECK(b->ncustomers == 4 && is(&b->customer[0], "c2") &&
	    is(&b->customer[1], "c1") && is(&b->customer[2], "c3") &&
	    is(&b->customer[3], "c4"), "customers in order of appearance");
	CHECK(b->nitems == 3 && is(&b->item[0], "a") && is(&b->item[2], "c"),
	    "items in byte order, c from the holdout");
	CHECK(basket_size(b, 0) == 2 && b->items[0] == 0 &&
	    b->last_day[0] == days_from_civil(2026, 2, 1) &&
	    !b->repeat[0] && b->items[1] == 1, "c2: a, b");
	CHECK(basket_size(b, 1) == 2 && b->items[3] == 1 && b->repeat[3] &&
	    b->last_day[3] == days_from_civil(2026, 2, 10) && !b->repeat[2],
	    "c1: three lines of b on two days: one item, repeated; a once");
	CHECK(basket_size(b, 2) == 0, "c3: a return is no purchase");
	CHECK(holdout_size(b, 1) == 1 && b->holdout_items[
	    b->holdout_start[1]] == 2 && holdout_size(b, 3) == 1 &&
	    basket_size(b, 3) == 0, "holdout: c1 bought c, c4 a");
	CHECK(b->late_rows == 1 && b->return_rows == 1, "1 late, 1 return");
	CHECK(strcmp(b->item_column, "item") == 0, "the item column's name");
	baskets_free(b);

	b = read_baskets(BASKETS_NO_HOLDOUT);
	CHECK(b->holdout_start == NULL && b->late_rows == 3 &&
	    b->ncustomers == 3, "without a holdout its lines are late; c4 is "
	    "not listed");
	baskets_free(b);
}

/* One customer with 3,000 items in descending order, each twice. */
static void
test_big_basket(void)
{
	size_t cap = 200000, len = 0, i;
	char *text = xmalloc(cap);
	struct baskets *b;
	int ok = 1, round;

	len += (size_t)snprintf(text, cap, "customer_id,order_date,item\n");
	for (round = 0; round < 2; round++)
		for (i = 3000; i > 0; i--)
			len += (size_t)snprintf(text + len, cap - len,
			    "big,2026-0%d-01,i%04zu\n", round + 1, i);
	write_text_file(path, text);
	b = read_baskets(BASKETS_NO_HOLDOUT);
	for (i = 0; i < 3000; i++)
		ok = ok && b->items[i] == i && b->repeat[i];
	CHECK(b->nitems == 3000 && basket_size(b, 0) == 3000 && ok,
	    "3,000 items bought twice: 3,000 pairs, sorted, each repeated");
	baskets_free(b);
	free(text);
}

int
main(void)
{
	make_temp_dir(dir, sizeof(dir), "test-baskets");
	snprintf(path, sizeof(path), "%s/orders.csv", dir);
	test_small();
	test_big_basket();
	unlink(path);
	rmdir(dir);
	return check_done();
}
