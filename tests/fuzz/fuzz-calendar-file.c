/*
 * fuzz-calendar-file.c: the calendar file reader (calendar_load in
 * calendar.c), as crm-schedule --calendar and crm-feedback read it.
 *
 * Input: a weekend ("sat,sun", "none" ...) on the first line, then the
 * calendar file (CSV with the columns date, type and optionally name). A
 * file that does not load stops with a message. A file that loads is
 * read again row by row: a holiday is not a working day, a make-up
 * working day is one, a greeting is found on its date with its name, and
 * around each date the calendar's answers agree (fuzz_check_calendar).
 */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "checks.h"
#include "columns.h"
#include "date.h"
#include "harness.h"
#include "reader.h"
#include "text.h"

struct loading {
	struct calendar *cal;
	unsigned weekend;
};

static void
load(void *arg)
{
	struct loading *l = arg;
	struct common_options opt;

	memset(&opt, 0, sizeof(opt));
	opt.in.delimiter = ',';
	opt.quiet = true;
	l->cal = calendar_load("-", &opt, l->weekend);
}

/* Is a greeting named name listed on day? */
static bool
has_greeting(const struct calendar *cal, int32_t day, const char *name)
{
	const char *listed;
	int32_t d;
	size_t i;

	for (i = 0; calendar_greeting(cal, day, day, i, &d, &listed); i++)
		if (d == day && strcmp(listed, name) == 0)
			return true;
	return false;
}

static void
check_row(const struct record *h, const struct record *rec, void *arg)
{
	const struct calendar *cal = arg;
	const struct field *date = &rec->fields[column_require(h, "date")];
	const struct field *type = &rec->fields[column_require(h, "type")];
	long name_col = column_lookup(h, "name");
	const char *name = name_col == COLUMN_NONE ? "" :
	    rec->fields[name_col].s;
	int32_t day;

	if (date_parse(date->s, date->len, NULL, &day) != DATE_OK)
		fuzz_fail("record %llu: '%s' loaded, but is not a date",
		    rec->recno, date->s);
	if ((text_is(type->s, type->len, "holiday") &&
	    calendar_is_working(cal, day)) ||
	    (text_is(type->s, type->len, "workday") &&
	    !calendar_is_working(cal, day)) ||
	    (text_is(type->s, type->len, "greeting") &&
	    !has_greeting(cal, day, name)))
		fuzz_fail("record %llu: %s is not a %s in the calendar",
		    rec->recno, date->s, type->s);
	fuzz_check_calendar(cal, day);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loading l;
	const uint8_t *file;
	size_t filelen;
	char *weekend;

	fuzz_split(data, size, '\n', &weekend, &file, &filelen);
	l.weekend = WEEKEND_SAT_SUN;
	(void)calendar_parse_weekend(weekend, &l.weekend);
	free(weekend);
	fuzz_stdin(file, filelen);
	if (!fuzz_run(load, &l))
		return 0;
	if (!fuzz_rows(file, filelen, check_row, l.cal))
		fuzz_fail("the file loaded, but reading it again stopped: %s",
		    fuzz_message);
	fuzz_check_calendar(l.cal, days_from_civil(2026, 11, 23));
	calendar_free(l.cal);
	return 0;
}
