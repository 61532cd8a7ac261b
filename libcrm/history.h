/*
 * history.h: each customer's contact history, from the contact log and
 * the tickets: the last contact, and the oldest resolved ticket still
 * waiting for its call back.
 *
 * Any contact in the log counts, whatever its channel or outcome: the
 * last one restarts a customer's clocks (periodic visit, win-back,
 * public pool). A resolved ticket waits for a call back until a contact
 * on or after the day it was resolved. Rows dated after today have not
 * happened yet and are left out, so a past day can be planned again.
 */
#ifndef CRM_HISTORY_H
#define CRM_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"

struct history {
	int32_t last_contact;		/* when contacted */
	int32_t pending_resolved;	/* when pending: the oldest ticket's */
	bool contacted, pending;
};

/* The histories of many customers, by customer id. */
struct histories;

struct histories *histories_new(void);
void histories_free(struct histories *hs);

/* The contact log: customer_id and contact_date (or their aliases). */
void histories_read_log(struct histories *hs, const char *path,
    const struct common_options *common, int32_t today);
/*
 * Tickets: customer_id, resolved_date and optionally status (closed,
 * 已关闭, 已回访: the call back is on record). Read the log first: a
 * contact on or after a ticket's resolution answers it. A ticket waits
 * for its call back window days after its resolution (tickets.h); after
 * that the call back is missed, counted in histories_missed() and not
 * planned. crm-feedback's output has needs_followup, which decides.
 */
void histories_read_tickets(struct histories *hs, const char *path,
    const struct common_options *common, int32_t today, long window);
/* Resolved tickets whose call back window had passed. */
unsigned long long histories_missed(const struct histories *hs);

/* A customer's history, NULL when it has none. */
const struct history *histories_find(const struct histories *hs,
    const char *id, size_t len);
/* The history of id, added empty when it has none (for other sources). */
struct history *histories_get(struct histories *hs, const char *id,
    size_t len);

/* The readers' two steps, on one history. */
void history_add_contact(struct history *h, int32_t day);
void history_add_ticket(struct history *h, int32_t resolved);
/* Contacted on or after day (h may be NULL: never contacted). */
bool history_contacted_since(const struct history *h, int32_t day);

#endif
