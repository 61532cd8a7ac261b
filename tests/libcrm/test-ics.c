/*
 * test-ics.c: iCalendar content lines: CRLF, folding at 75 octets without
 * splitting UTF-8, TEXT escaping, dates and stable UIDs.
 */
#define _GNU_SOURCE	/* mkdtemp */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "date.h"
#include "ics.h"
#include "run_child.h"
#include "temp_files.h"
#include "text.h"
#include "util.h"
#include "writer.h"

static char dir[PATH_MAX];
static const struct out_options plain = { ',', false, false, -1 };

/* Run fill() on a writer to a file and return the bytes written. */
static char *
written(void (*fill)(struct writer *), size_t *len)
{
	char path[PATH_MAX + 16];
	struct writer *w;
	char *buf;

	snprintf(path, sizeof(path), "%s/out.ics", dir);
	w = writer_open(path, &plain);
	fill(w);
	writer_close(w);
	if ((buf = slurp(path, len)) == NULL) {	/* no file: no bytes */
		*len = 0;
		return xstrdup("");
	}
	unlink(path);
	return buf;
}

/* Every line ends in CRLF, has at most 75 octets and valid UTF-8. */
static bool
lines_ok(const char *s, size_t len, size_t *longest)
{
	size_t start = 0, i;

	*longest = 0;
	for (i = 0; i < len; i++) {
		if (s[i] != '\n')
			continue;
		if (i == start || s[i - 1] != '\r')
			return false;
		if (i - 1 - start > *longest)
			*longest = i - 1 - start;
		if (utf8_invalid_at(s + start, i - 1 - start) != i - 1 - start)
			return false;
		start = i + 1;
	}
	return start == len && *longest <= ICS_LINE_OCTETS;
}

/* The logical lines again: drop every CRLF followed by a space. */
static char *
unfold(const char *s)
{
	char *out = xstrdup(s), *p = out;

	for (; *s; s++) {
		if (s[0] == '\r' && s[1] == '\n' && s[2] == ' ') {
			s += 2;
			continue;
		}
		*p++ = *s;
	}
	*p = '\0';
	return out;
}

static const char long_chinese[] =
    "王芳女士的生日问候，请在下午三点前打电话，并确认她对上次投诉的处理结果"
    "是否满意；如不满意，请转交客服经理。";

static void
fill_long(struct writer *w)
{
	ics_text(w, "DESCRIPTION", long_chinese, strlen(long_chinese));
}

static void
test_folding(void)
{
	size_t len, longest;
	char *out = written(fill_long, &len), *logical;
	size_t elen;
	char *escaped = ics_escape_text(long_chinese, strlen(long_chinese),
	    &elen);
	char *want = xmalloc(elen + 32);

	CHECK(lines_ok(out, len, &longest), "folded lines end in CRLF, are "
	    "valid UTF-8 and at most 75 octets (longest %zu)", longest);
	CHECK(strstr(out, "\r\n ") != NULL, "a long line is folded");
	logical = unfold(out);
	snprintf(want, elen + 32, "DESCRIPTION:%s\r\n", escaped);
	CHECK_STR(logical, want, "unfolding gives the escaped line back");
	free(out);
	free(logical);
	free(escaped);
	free(want);
}

static void
fill_exact(struct writer *w)
{
	/* "SUMMARY:" is 8 octets: 67 more make exactly 75 */
	char value[68];

	memset(value, 'a', 67);
	value[67] = '\0';
	ics_property(w, "SUMMARY", value, 67);
	value[66] = 'b';
	ics_property(w, "SUMMARY", value, 67);
	ics_property(w, "SUMMARY", "x", 1);
}

static void
fill_one_more(struct writer *w)
{
	char value[69];

	memset(value, 'a', 68);
	ics_property(w, "SUMMARY", value, 68);
}

static void
test_boundaries(void)
{
	size_t len, longest;
	char *out = written(fill_exact, &len);

	CHECK(lines_ok(out, len, &longest) && longest == 75 &&
	    strstr(out, "\r\n ") == NULL, "a 75-octet line is not folded");
	free(out);
	out = written(fill_one_more, &len);
	CHECK(lines_ok(out, len, &longest) && len == 75 + 2 + 2 + 2 &&
	    strcmp(out + 75, "\r\n a\r\n") == 0,
	    "a 76-octet line folds its last octet");
	free(out);
}

static void
test_escaping(void)
{
	static const char raw[] = "a,b;c\\d\ne\r\nf\rg\x01h\ti";
	size_t n;
	char *e = ics_escape_text(raw, sizeof(raw) - 1, &n);

	CHECK_STR(e, "a\\,b\\;c\\\\d\\ne\\nf\\ng h\ti",
	    "comma, semicolon, backslash, line breaks, controls");
	CHECK(n == strlen(e), "length");
	free(e);
}

static void
fill_calendar(struct writer *w)
{
	ics_begin_calendar(w, "-//crm-tools//test//EN");
	ics_date(w, "DUE", days_from_civil(2026, 11, 23));
	ics_midnight_utc(w, "DTSTAMP", days_from_civil(2026, 11, 23));
	ics_end_calendar(w);
}

static void
test_calendar_lines(void)
{
	size_t len;
	char *out = written(fill_calendar, &len);

	CHECK_STR(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
	    "PRODID:-//crm-tools//test//EN\r\nCALSCALE:GREGORIAN\r\n"
	    "DUE;VALUE=DATE:20261123\r\nDTSTAMP:20261123T000000Z\r\n"
	    "END:VCALENDAR\r\n", "calendar frame, DATE and UTC stamp");
	free(out);
}

static void
test_uids(void)
{
	char a[ICS_UID_SIZE], b[ICS_UID_SIZE], c[ICS_UID_SIZE];
	int32_t day = days_from_civil(2026, 11, 23);

	ics_uid(a, "K000042", 7, "birthday", day, "crm-schedule");
	ics_uid(b, "K000042", 7, "birthday", day, "crm-schedule");
	CHECK(strcmp(a, b) == 0, "same parts, same UID");
	CHECK(strlen(a) == 16 + 1 + 8 + 1 + 12 &&
	    strstr(a, "-20261123@crm-schedule") != NULL, "UID form: %s", a);
	ics_uid(c, "K000042", 7, "periodic", day, "crm-schedule");
	CHECK(strcmp(a, c) != 0, "another reason, another UID");
	ics_uid(c, "K00004", 6, "2birthday", day, "crm-schedule");
	CHECK(strcmp(a, c) != 0, "parts do not run together");
	ics_uid(c, "K000042", 7, "birthday", day + 1, "crm-schedule");
	CHECK(strcmp(a, c) != 0, "another date, another UID");
	/* a calendar program updates a task by its UID, from one day's
	 * file to the next and from one version of the tools to the next */
	CHECK_STR(a, "286db659e3a4e81d-20261123@crm-schedule",
	    "the UID of these parts never changes");
}

static struct ics_item
item(enum ics_component component)
{
	struct ics_item it;

	it.component = component;
	it.uid = "0123456789abcdef-20261120@test";
	it.stamp = days_from_civil(2026, 11, 23);
	it.day = days_from_civil(2026, 11, 24);
	it.summary = "periodic: 王芳 (K2), phone";
	it.summary_len = strlen(it.summary);
	it.description = "customer: K2\nowner: 李娜";
	it.description_len = strlen(it.description);
	it.category = "periodic";
	it.priority = 12;
	return it;
}

static void
fill_todo(struct writer *w)
{
	struct ics_item it = item(ICS_VTODO);

	ics_write_item(w, &it);
}

static void
fill_event(struct writer *w)
{
	struct ics_item it = item(ICS_VEVENT);

	ics_write_item(w, &it);
}

static void
test_items(void)
{
	size_t len;
	char *out = written(fill_todo, &len);

	CHECK_STR(out, "BEGIN:VTODO\r\nUID:0123456789abcdef-20261120@test\r\n"
	    "DTSTAMP:20261123T000000Z\r\nDUE;VALUE=DATE:20261124\r\n"
	    "STATUS:NEEDS-ACTION\r\nSUMMARY:periodic: 王芳 (K2)\\, phone\r\n"
	    "DESCRIPTION:customer: K2\\nowner: 李娜\r\n"
	    "CATEGORIES:periodic\r\nPRIORITY:9\r\nEND:VTODO\r\n",
	    "a to-do: due its day; a priority past 9 is 9");
	free(out);
	out = written(fill_event, &len);
	CHECK_STR(out, "BEGIN:VEVENT\r\nUID:0123456789abcdef-20261120@test\r\n"
	    "DTSTAMP:20261123T000000Z\r\nDTSTART;VALUE=DATE:20261124\r\n"
	    "DTEND;VALUE=DATE:20261125\r\nTRANSP:TRANSPARENT\r\n"
	    "SUMMARY:periodic: 王芳 (K2)\\, phone\r\n"
	    "DESCRIPTION:customer: K2\\nowner: 李娜\r\n"
	    "CATEGORIES:periodic\r\nPRIORITY:9\r\nEND:VEVENT\r\n",
	    "an all-day event: from its day to the next");
	free(out);
}

static void
last_event_in_child(const void *arg)
{
	struct writer *w = writer_open_memory(&plain);
	struct ics_item it = item(ICS_VEVENT);

	(void)arg;
	it.day = DATE_MAX;
	ics_write_item(w, &it);
	writer_close(w);
}

/* An event on the last day would end on a day no field can hold. */
static void
test_last_day(void)
{
	struct child res = run_child(last_event_in_child, NULL, true);

	CHECK_CHILD(res, 1, "test-ics: an all-day event on 9999-12-31 would "
	    "end after 9999-12-31 (DTEND), the last date there is\n",
	    "an event on 9999-12-31 is an error, not DTEND 10000-01-01");
}

int
main(void)
{
	setprogname("test-ics");
	make_temp_dir(dir, sizeof(dir), "test-ics");
	test_folding();
	test_boundaries();
	test_escaping();
	test_calendar_lines();
	test_uids();
	test_items();
	test_last_day();
	rmdir(dir);
	return check_done();
}
