/*
 * tickets.h: what is measured on a feedback ticket: the hours to its
 * first response and to its resolution (clock hours, or working hours
 * over a calendar), whether it broke its service level, and where its
 * call back stands. Shared by crm-feedback and crm-schedule's feedback
 * trigger, so that both apply the same call-back window.
 */
#ifndef CRM_TICKETS_H
#define CRM_TICKETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bizhours.h"
#include "sla.h"

/* Moments in seconds since 1970-01-01 00:00 (datetime_parse). */
struct ticket_times {
	int64_t created, responded, resolved;
	bool has_response, has_resolved;
};

struct ticket_measures {
	int64_t response_seconds, resolve_seconds;	/* -1: not yet */
	bool sla;		/* a limit applies */
	bool breached;		/* a limit is exceeded, or passed while open */
};

/*
 * Measure t at the moment now (the start of --as-of day): durations in
 * working time when biz is not NULL. A ticket resolved without an
 * earlier response was answered by its resolution. A limit is broken
 * when the time taken exceeds it (exactly the limit is met), or when the
 * ticket is still waiting at now and has already waited longer.
 */
void ticket_measure(const struct bizhours *biz, const struct ticket_times *t,
    const struct sla_rule *rule, int64_t now, struct ticket_measures *out);

enum followup {
	FOLLOWUP_OPEN,		/* not resolved yet */
	FOLLOWUP_CONFIRMED,	/* called back (a contact, or status closed) */
	FOLLOWUP_DUE,		/* resolved, no call back yet, within window */
	FOLLOWUP_MISSED		/* no call back and the window has passed */
};

/* "open", "confirmed", "due", "missed" */
const char *followup_name(enum followup f);

/*
 * Where the call back of a ticket resolved on resolved_day stands on
 * as_of: confirmed tells whether a contact (or the ticket's status) says
 * the customer was called back within window_days of the resolution.
 */
enum followup followup_of(bool resolved, bool confirmed, int32_t resolved_day,
    int32_t as_of, long window_days);

/* Does a status say the call back is done (closed, 已关闭, 已回访)? */
bool ticket_closed(const char *status, size_t len);

#endif
