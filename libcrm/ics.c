/* ics.c: RFC 5545 content lines: folding, TEXT escaping, dates, UIDs. */
#include "ics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "table.h"
#include "util.h"

/* A UTF-8 continuation byte (10xxxxxx) may not start a folded line. */
static int
is_continuation(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/*
 * Write one logical line in pieces of at most 75 octets (the leading
 * space of a continuation counts), each ended by CRLF.
 */
static void
write_folded(struct writer *w, const char *line, size_t len)
{
	size_t room = ICS_LINE_OCTETS, cut;

	for (;;) {
		if (len <= room) {
			writer_raw(w, line, len);
			writer_raw(w, "\r\n", 2);
			return;
		}
		cut = room;
		while (cut > 1 && is_continuation((unsigned char)line[cut]))
			cut--;
		writer_raw(w, line, cut);
		writer_raw(w, "\r\n ", 3);
		line += cut;
		len -= cut;
		room = ICS_LINE_OCTETS - 1;
	}
}

/* "NAME" + separator + value as one logical line. */
static void
write_line(struct writer *w, const char *name, const char *value, size_t len)
{
	size_t nlen = strlen(name);
	char *line = xmalloc(nlen + 1 + len);

	memcpy(line, name, nlen);
	line[nlen] = ':';
	memcpy(line + nlen + 1, value, len);
	write_folded(w, line, nlen + 1 + len);
	free(line);
}

void
ics_property(struct writer *w, const char *name, const char *value,
    size_t len)
{
	write_line(w, name, value, len);
}

char *
ics_escape_text(const char *value, size_t len, size_t *outlen)
{
	char *out = xmalloc(2 * len + 1), *p = out;
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)value[i];

		if (c == '\\' || c == ';' || c == ',') {
			*p++ = '\\';
			*p++ = (char)c;
		} else if (c == '\r' || c == '\n') {
			/* CRLF is one line break */
			if (c == '\r' && i + 1 < len && value[i + 1] == '\n')
				i++;
			*p++ = '\\';
			*p++ = 'n';
		} else if (c < 0x20 && c != '\t') {
			*p++ = ' ';	/* TEXT allows no other control */
		} else if (c == 0x7f) {
			*p++ = ' ';
		} else {
			*p++ = (char)c;
		}
	}
	*p = '\0';
	*outlen = (size_t)(p - out);
	return out;
}

void
ics_text(struct writer *w, const char *name, const char *value, size_t len)
{
	size_t n;
	char *escaped = ics_escape_text(value, len, &n);

	write_line(w, name, escaped, n);
	free(escaped);
}

void
ics_date(struct writer *w, const char *name, int32_t day)
{
	char prop[128], value[DATE_BUFSIZE];
	int year, month, mday;

	civil_from_days(day, &year, &month, &mday);
	snprintf(value, sizeof(value), "%04d%02d%02d", year, month, mday);
	snprintf(prop, sizeof(prop), "%s;VALUE=DATE", name);
	write_line(w, prop, value, 8);
}

void
ics_midnight_utc(struct writer *w, const char *name, int32_t day)
{
	char value[32];
	int year, month, mday;

	civil_from_days(day, &year, &month, &mday);
	snprintf(value, sizeof(value), "%04d%02d%02dT000000Z", year, month,
	    mday);
	write_line(w, name, value, strlen(value));
}

void
ics_uid(char buf[ICS_UID_SIZE], const char *customer, size_t len,
    const char *reason, int32_t day, const char *domain)
{
	size_t rlen = strlen(reason);
	char *key = xmalloc(len + rlen + 2);
	int year, month, mday;
	uint64_t h;

	/* NUL separators: ("ab", "c") and ("a", "bc") differ */
	memcpy(key, customer, len);
	key[len] = '\0';
	memcpy(key + len + 1, reason, rlen + 1);
	h = hash_bytes(key, len + rlen + 2);
	free(key);
	civil_from_days(day, &year, &month, &mday);
	snprintf(buf, ICS_UID_SIZE, "%016llx-%04d%02d%02d@%.24s",
	    (unsigned long long)h, year, month, mday, domain);
}

void
ics_begin_calendar(struct writer *w, const char *prodid)
{
	write_line(w, "BEGIN", "VCALENDAR", 9);
	write_line(w, "VERSION", "2.0", 3);
	ics_text(w, "PRODID", prodid, strlen(prodid));
	write_line(w, "CALSCALE", "GREGORIAN", 9);
}

void
ics_end_calendar(struct writer *w)
{
	write_line(w, "END", "VCALENDAR", 9);
}
