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
	rmdir(dir);
	return check_done();
}
