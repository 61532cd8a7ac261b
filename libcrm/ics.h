/*
 * ics.h: iCalendar (RFC 5545) output through a writer.
 *
 * Content lines end in CRLF and are folded so that no line is longer than
 * 75 octets: a continuation line starts with one space, and a fold never
 * falls inside a UTF-8 sequence. TEXT values are escaped (backslash,
 * semicolon, comma, newline). DTSTAMP and UIDs come from the caller's data,
 * never from the clock, so the same tasks give the same bytes.
 */
#ifndef CRM_ICS_H
#define CRM_ICS_H

#include <stddef.h>
#include <stdint.h>

#include "writer.h"

#define ICS_LINE_OCTETS 75
#define ICS_UID_SIZE 64

/* The components of an item: a to-do, or an event for calendars that
 * show no to-dos. */
enum ics_component { ICS_VTODO, ICS_VEVENT };

/* One all-day item of a list (a follow-up, a call back). */
struct ics_item {
	enum ics_component component;
	const char *uid;	/* ics_uid() */
	int32_t stamp;		/* DTSTAMP: midnight UTC of this day */
	int32_t day;		/* a to-do's DUE, an event's DTSTART */
	const char *summary, *description;	/* TEXT, escaped here */
	size_t summary_len, description_len;
	const char *category;
	long priority;		/* RFC 5545: 1 highest .. 9 lowest */
};

/* BEGIN:VCALENDAR with VERSION, PRODID and CALSCALE; END:VCALENDAR. */
void ics_begin_calendar(struct writer *w, const char *prodid);
void ics_end_calendar(struct writer *w);

/* "NAME:value" as given (the value must already be valid for NAME). */
void ics_property(struct writer *w, const char *name, const char *value,
    size_t len);
/* "NAME:value" with value escaped as TEXT. */
void ics_text(struct writer *w, const char *name, const char *value,
    size_t len);
/*
 * BEGIN:VTODO (or VEVENT), UID, DTSTAMP, DUE with STATUS:NEEDS-ACTION (or
 * DTSTART, DTEND the next day and TRANSP:TRANSPARENT), SUMMARY,
 * DESCRIPTION, CATEGORIES, PRIORITY (above 9 written as 9), END.
 */
void ics_write_item(struct writer *w, const struct ics_item *item);

/* "NAME;VALUE=DATE:YYYYMMDD". */
void ics_date(struct writer *w, const char *name, int32_t day);
/* "NAME:YYYYMMDDT000000Z", midnight UTC of day (for DTSTAMP). */
void ics_midnight_utc(struct writer *w, const char *name, int32_t day);

/*
 * A UID that depends only on its parts: the same customer, reason and
 * date give the same UID in every run. "<16 hex>-<YYYYMMDD>@<domain>".
 */
void ics_uid(char buf[ICS_UID_SIZE], const char *customer, size_t len,
    const char *reason, int32_t day, const char *domain);

/*
 * Escape value as TEXT into a new string (free it); *outlen its length.
 * Exposed for tests.
 */
char *ics_escape_text(const char *value, size_t len, size_t *outlen);

#endif
