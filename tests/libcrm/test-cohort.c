/* test-cohort.c: the cohort counts of a few customers, by hand. */
#include "check.h"
#include "cohort.h"
#include "date.h"

static struct cohort_options
monthly(int32_t as_of)
{
	struct cohort_options o;

	memset(&o, 0, sizeof(o));
	o.period = period_scale(PERIOD_MONTH, PERIOD_ISO_WEEK_ORIGIN);
	o.cohort = o.period;
	o.repeat_days = 30;
	o.as_of = as_of;
	return o;
}

static void
track(struct cohort_tracker *t, const char *id, int m, int d, double amount)
{
	cohort_track(t, id, strlen(id), days_from_civil(2024, m, d),
	    (money_t)(amount * MONEY_SCALE), NULL, 0);
}

static void
test_counts(void)
{
	struct cohort_options o = monthly(days_from_civil(2024, 3, 31));
	struct cohort_tracker *t = cohort_tracker_new(&o);
	struct cohort_table *table;
	const struct cohort *jan;
	double gap;

	/* x: Jan 5, Jan 5 again, Mar 1; y: Jan 20, Feb 10; z: Feb 2 */
	track(t, "x", 1, 5, 10);
	track(t, "y", 2, 10, 7);
	track(t, "x", 3, 1, 4);
	track(t, "z", 2, 2, 1);
	track(t, "x", 1, 5, 2);
	track(t, "y", 1, 20, 3);
	track(t, "y", 2, 11, -1);
	track(t, "z", 4, 1, 50);	/* after as-of */
	table = cohort_tracker_finish(t);
	CHECK(table->count == 2, "two cohorts, January and February");
	jan = &table->cohorts[0];
	CHECK_STR(jan->label, "2024-01", "January first");
	CHECK(jan->customers == 2 && jan->ncells == 3, "x and y, three months");
	CHECK(jan->cells[0].active == 2 && jan->cells[0].purchases == 2 &&
	    jan->cells[0].repeat_purchases == 0, "January: two customers, "
	    "one purchase day each (x's two rows are one day)");
	CHECK(jan->cells[0].revenue == 15 * MONEY_SCALE, "January: 12 + 3");
	CHECK(jan->cells[1].active == 1 && jan->cells[1].retained == 1 &&
	    jan->cells[1].revenue == 6 * MONEY_SCALE, "February: y, "
	    "retained, 7 - 1 returned");
	CHECK(jan->cells[2].active == 1 && jan->cells[2].retained == 0,
	    "March: x, who skipped February");
	CHECK(jan->eligible == 2 && jan->repeat_within == 1, "y came back "
	    "after 21 days, x after 56: one in 30 days");
	CHECK(cohort_median_gap(jan, &gap) && gap == 38.5, "median of 21 and "
	    "56 days is 38.5");
	CHECK(table->cohorts[1].customers == 1 &&
	    !cohort_median_gap(&table->cohorts[1], &gap), "z never came back");
	CHECK(table->late_rows == 1, "one row after as-of");
	cohort_table_free(table);
}

/*
 * One customer's rows in every order: its amounts by month are a list
 * kept in order of month, grown and filled in the middle.
 */
static void
test_amounts_in_any_order(void)
{
	static const int months[] = { 12, 1, 11, 2, 10, 3, 9, 4, 8, 5, 7, 6 };
	struct cohort_options o = monthly(days_from_civil(2024, 12, 31));
	struct cohort_tracker *t = cohort_tracker_new(&o);
	const money_t big = (money_t)900000000000000 * MONEY_SCALE;
	money_t want;
	struct cohort_table *table;
	const struct cohort *jan;
	bool each = true;
	size_t i;

	for (i = 0; i < 12; i++)	/* month m: m in twelve orders */
		track(t, "x", months[i], 3, months[i]);
	for (i = 12; i-- > 0; )		/* and 100 m more, backwards */
		track(t, "x", months[i], 4, 100 * months[i]);
	track(t, "x", 7, 5, -7);	/* a return in July */
	CHECK(cohort_track(t, "y", 1, days_from_civil(2024, 2, 6), big, NULL,
	    0) && cohort_track(t, "y", 1, days_from_civil(2024, 3, 1), 1,
	    NULL, 0) && !cohort_track(t, "y", 1, days_from_civil(2024, 2, 7),
	    big, NULL, 0), "y's February, found again after March, overflows");
	table = cohort_tracker_finish(t);
	jan = &table->cohorts[0];
	CHECK(table->count == 2 && jan->ncells == 12, "x's January cohort, "
	    "12 months");
	for (i = 0; i < 12; i++) {
		want = (money_t)(101 * (i + 1) - (i == 6 ? 7 : 0)) * MONEY_SCALE;
		each = each && jan->cells[i].revenue == want &&
		    jan->cells[i].purchases == 2;
	}
	CHECK(each, "month m: 101 m, July less its return; two days each");
	cohort_table_free(table);
}

static void
test_calendar(void)
{
	struct cohort_options o = monthly(days_from_civil(2024, 3, 31));
	struct cohort_tracker *t;
	struct cohort_table *table;

	o.calendar = true;
	o.cohort = period_scale(PERIOD_ALL, 0);
	t = cohort_tracker_new(&o);
	track(t, "x", 2, 5, 1);
	track(t, "y", 1, 5, 1);
	track(t, "y", 3, 5, 1);
	table = cohort_tracker_finish(t);
	CHECK(table->count == 1 && table->cohorts[0].ncells == 3 &&
	    table->cohorts[0].cells[1].active == 1 &&
	    table->cohorts[0].cells[2].repeat_purchases == 1, "calendar "
	    "months of one cohort: January to March");
	cohort_table_free(table);
}

/* Customers split between two tables merge to the table of all. */
static void
test_merge(void)
{
	struct cohort_options o = monthly(days_from_civil(2024, 3, 31));
	struct cohort_tracker *all = cohort_tracker_new(&o);
	struct cohort_tracker *one = cohort_tracker_new(&o);
	struct cohort_tracker *two = cohort_tracker_new(&o);
	struct cohort_table *a, *b, *c;
	const char *ids[] = { "x", "y", "z", "w" };
	const int months[] = { 1, 1, 2, 3 }, later[] = { 3, 2, 3, 3 };
	size_t i, k;
	bool same = true;

	for (i = 0; i < 4; i++) {
		track(all, ids[i], months[i], 5, 10);
		track(all, ids[i], later[i], 20, 1);
		track(i % 2 ? two : one, ids[i], months[i], 5, 10);
		track(i % 2 ? two : one, ids[i], later[i], 20, 1);
	}
	a = cohort_tracker_finish(all);
	b = cohort_tracker_finish(one);
	c = cohort_tracker_finish(two);
	cohort_table_merge(b, c);
	same = a->count == b->count;
	for (i = 0; same && i < a->count; i++) {
		same = strcmp(a->cohorts[i].label, b->cohorts[i].label) == 0 &&
		    a->cohorts[i].customers == b->cohorts[i].customers &&
		    a->cohorts[i].ncells == b->cohorts[i].ncells &&
		    a->cohorts[i].ngaps == b->cohorts[i].ngaps &&
		    a->cohorts[i].repeat_within == b->cohorts[i].repeat_within;
		for (k = 0; same && k < a->cohorts[i].ncells; k++)
			same = memcmp(&a->cohorts[i].cells[k],
			    &b->cohorts[i].cells[k], sizeof(struct cohort_cell))
			    == 0;
		for (k = 0; same && k < a->cohorts[i].ngaps; k++)
			same = a->cohorts[i].second_gap[k] ==
			    b->cohorts[i].second_gap[k];
	}
	CHECK(same && a->count == 3, "x, z in one table and y, w in another "
	    "merge to the table of all four, cell by cell");
	cohort_table_free(a);
	cohort_table_free(b);
}

int
main(void)
{
	test_counts();
	test_amounts_in_any_order();
	test_calendar();
	test_merge();
	return check_done();
}
