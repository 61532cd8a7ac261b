/* calendar.c: working days from weekends, holidays and make-up days. */
#include "calendar.h"

#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "date.h"
#include "input.h"
#include "text.h"
#include "util.h"

/* A dated entry; status and greeting entries are kept in two lists. */
struct entry {
	int32_t day;
	enum day_kind kind;
	char *name;
	unsigned long long tag;
};

/* Entries sorted by date, so lookups are binary searches. */
struct day_list {
	struct entry *at;
	size_t count, capacity;
};

struct calendar {
	unsigned weekend;
	struct day_list status;		/* holidays and workdays */
	struct day_list greetings;
};

struct calendar *
calendar_new(unsigned weekend_mask)
{
	struct calendar *cal = xcalloc(1, sizeof(*cal));

	cal->weekend = weekend_mask;
	return cal;
}

static void
free_list(struct day_list *list)
{
	size_t i;

	for (i = 0; i < list->count; i++)
		free(list->at[i].name);
	free(list->at);
}

void
calendar_free(struct calendar *cal)
{
	if (cal == NULL)
		return;
	free_list(&cal->status);
	free_list(&cal->greetings);
	free(cal);
}

/* Weekday number 1..7 of an English name or its three-letter form. */
static int
weekday_number(const char *word, size_t len)
{
	static const char *const names[] = { "monday", "tuesday",
		"wednesday", "thursday", "friday", "saturday", "sunday" };
	int i;

	for (i = 0; i < 7; i++)
		if ((len == 3 || len == strlen(names[i])) &&
		    ascii_iequal(word, len, names[i], len))
			return i + 1;
	return 0;
}

bool
calendar_parse_weekend(const char *spec, unsigned *mask)
{
	unsigned bits = 0;
	size_t len;
	int day;

	if (ascii_iequal(spec, strlen(spec), "none", 4)) {
		*mask = 0;
		return true;
	}
	while (*spec != '\0') {
		len = strcspn(spec, ",");
		if ((day = weekday_number(spec, len)) == 0)
			return false;
		bits |= 1u << day;
		spec += len;
		if (*spec == ',' && *++spec == '\0')
			return false;
	}
	/* A week with no working day would leave tasks nowhere to go. */
	if (bits == 0 || bits == 0xfeu)
		return false;
	*mask = bits;
	return true;
}

/* The index of the first entry dated day or later. */
static size_t
lower_bound(const struct day_list *list, int32_t day)
{
	size_t lo = 0, hi = list->count, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (list->at[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct entry *
find_entry(const struct day_list *list, int32_t day)
{
	size_t i = lower_bound(list, day);

	return i < list->count && list->at[i].day == day ? &list->at[i] : NULL;
}

bool
calendar_add(struct calendar *cal, int32_t day, enum day_kind kind,
    const char *name, unsigned long long tag, unsigned long long *first)
{
	struct day_list *list = kind == DAY_GREETING ? &cal->greetings :
	    &cal->status;
	size_t at = lower_bound(list, day);

	if (at < list->count && list->at[at].day == day) {
		*first = list->at[at].tag;
		return false;
	}
	if (list->count == list->capacity) {
		list->capacity = grow_capacity(list->capacity, list->count + 1);
		list->at = xreallocarray(list->at, list->capacity,
		    sizeof(*list->at));
	}
	memmove(&list->at[at + 1], &list->at[at], (list->count - at) *
	    sizeof(*list->at));
	list->at[at].day = day;
	list->at[at].kind = kind;
	list->at[at].name = xstrdup(name ? name : "");
	list->at[at].tag = tag;
	list->count++;
	return true;
}

bool
calendar_is_working(const struct calendar *cal, int32_t day)
{
	const struct entry *e = find_entry(&cal->status, day);

	if (e != NULL)
		return e->kind == DAY_WORKDAY;
	return (cal->weekend & (1u << date_weekday(day))) == 0;
}

/*
 * Both searches end: the weekend leaves a working day in every week, and
 * the holidays are finitely many.
 */
int32_t
calendar_next_working(const struct calendar *cal, int32_t day)
{
	while (!calendar_is_working(cal, day))
		day++;
	return day;
}

int32_t
calendar_prev_working(const struct calendar *cal, int32_t day)
{
	while (!calendar_is_working(cal, day))
		day--;
	return day;
}

int32_t
calendar_add_working(const struct calendar *cal, int32_t day, long n)
{
	day = calendar_next_working(cal, day);
	for (; n > 0; n--)
		day = calendar_next_working(cal, day + 1);
	return day;
}

long
calendar_working_between(const struct calendar *cal, int32_t from,
    int32_t to)
{
	long n = 0;

	for (; from <= to; from++)
		n += calendar_is_working(cal, from);
	return n;
}

bool
calendar_greeting(const struct calendar *cal, int32_t from, int32_t to,
    size_t i, int32_t *day, const char **name)
{
	size_t at = lower_bound(&cal->greetings, from) + i;

	if (at >= cal->greetings.count || cal->greetings.at[at].day > to)
		return false;
	*day = cal->greetings.at[at].day;
	*name = cal->greetings.at[at].name;
	return true;
}

/* The calendar file */

static enum day_kind
day_kind(const struct record *rec, const struct field *f)
{
	if (text_is(f->s, f->len, "holiday"))
		return DAY_HOLIDAY;
	if (text_is(f->s, f->len, "workday"))
		return DAY_WORKDAY;
	if (text_is(f->s, f->len, "greeting"))
		return DAY_GREETING;
	record_die(rec, "type '%.60s' is not holiday, workday or greeting",
	    f->s);
}

static void
calendar_row(struct calendar *cal, const struct record *rec,
    const long col[3])
{
	const struct field *date = &rec->fields[col[0]];
	enum day_kind kind = day_kind(rec, &rec->fields[col[1]]);
	unsigned long long first;
	int32_t day;

	if (date_parse(date->s, date->len, NULL, &day) != DATE_OK)
		record_die(rec, "not a date (date, '%.60s')", date->s);
	if (!calendar_add(cal, day, kind, col[2] == COLUMN_NONE ? "" :
	    rec->fields[col[2]].s, rec->recno, &first))
		record_die(rec, "%s is listed twice as a %s, first at record "
		    "%llu", date->s, kind == DAY_GREETING ? "greeting" :
		    "holiday or workday", first);
}

struct calendar *
calendar_load(const char *path, const struct common_options *common,
    unsigned weekend_mask)
{
	struct calendar *cal = calendar_new(weekend_mask);
	const struct record *rec, *h;
	struct input *in;
	long col[3];

	if (path == NULL)
		return cal;
	in = input_open_side(common, path);
	h = input_header(in);
	col[0] = column_require(h, "date");
	col[1] = column_require(h, "type");
	col[2] = column_lookup(h, "name");
	while ((rec = input_next(in)) != NULL)
		calendar_row(cal, rec, col);
	input_close(in);
	return cal;
}
