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

	date_format_basic(day, value);
	snprintf(prop, sizeof(prop), "%s;VALUE=DATE", name);
	write_line(w, prop, value, 8);
}

void
ics_midnight_utc(struct writer *w, const char *name, int32_t day)
{
	char value[32];

	date_format_basic(day, value);
	memcpy(value + 8, "T000000Z", 9);
	write_line(w, name, value, strlen(value));
}

void
ics_uid(char buf[ICS_UID_SIZE], const char *customer, size_t len,
    const char *reason, int32_t day, const char *domain)
{
	size_t rlen = strlen(reason);
	char *key = xmalloc(len + rlen + 2), date[DATE_BUFSIZE];
	uint64_t h;

	/* NUL separators: ("ab", "c") and ("a", "bc") differ */
	memcpy(key, customer, len);
	key[len] = '\0';
	memcpy(key + len + 1, reason, rlen + 1);
	h = hash_bytes(key, len + rlen + 2);
	free(key);
	date_format_basic(day, date);
	snprintf(buf, ICS_UID_SIZE, "%016llx-%s@%.24s",
	    (unsigned long long)h, date, domain);
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

/* An event ends the day after it starts (DTEND is exclusive). */
static void
event_days(struct writer *w, int32_t day)
{
	char start[DATE_BUFSIZE];
	int32_t end;

	if (!date_add(day, 1, &end)) {
		date_format(day, start);
		die("an all-day event on %s would end after 9999-12-31 "
		    "(DTEND), the last date there is", start);
	}
	ics_date(w, "DTSTART", day);
	ics_date(w, "DTEND", end);
	write_line(w, "TRANSP", "TRANSPARENT", 11);
}

void
ics_write_item(struct writer *w, const struct ics_item *item)
{
	const char *component = item->component == ICS_VEVENT ? "VEVENT" :
	    "VTODO";
	char number[24];

	write_line(w, "BEGIN", component, strlen(component));
	write_line(w, "UID", item->uid, strlen(item->uid));
	ics_midnight_utc(w, "DTSTAMP", item->stamp);
	if (item->component == ICS_VEVENT) {
		event_days(w, item->day);
	} else {
		ics_date(w, "DUE", item->day);
		write_line(w, "STATUS", "NEEDS-ACTION", 12);
	}
	ics_text(w, "SUMMARY", item->summary, item->summary_len);
	ics_text(w, "DESCRIPTION", item->description, item->description_len);
	ics_text(w, "CATEGORIES", item->category, strlen(item->category));
	snprintf(number, sizeof(number), "%ld", item->priority < 9 ?
	    item->priority : 9);
	write_line(w, "PRIORITY", number, strlen(number));
	write_line(w, "END", component, strlen(component));
}
