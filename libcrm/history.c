/* history.c: the contact log and the tickets as per-customer history. */
#include "history.h"

#include <stdlib.h>

#include "columns.h"
#include "input.h"
#include "table.h"
#include "text.h"
#include "tickets.h"
#include "util.h"

struct histories {
	struct table *by_id;	/* customer id -> struct history */
	unsigned long long missed;	/* call backs past their window */
};

struct histories *
histories_new(void)
{
	struct histories *hs = xcalloc(1, sizeof(*hs));

	hs->by_id = table_new(sizeof(struct history));
	return hs;
}

void
histories_free(struct histories *hs)
{
	table_free(hs->by_id);
	free(hs);
}

const struct history *
histories_find(const struct histories *hs, const char *id, size_t len)
{
	return table_find(hs->by_id, id, len);
}

struct history *
histories_get(struct histories *hs, const char *id, size_t len)
{
	bool added;

	return table_upsert(hs->by_id, id, len, &added);
}

void
history_add_contact(struct history *h, int32_t day)
{
	if (!h->contacted || day > h->last_contact)
		h->last_contact = day;
	h->contacted = true;
}

/* The oldest unanswered resolution sets the call back's due day. */
void
history_add_ticket(struct history *h, int32_t resolved)
{
	if (history_contacted_since(h, resolved))
		return;
	if (!h->pending || resolved < h->pending_resolved)
		h->pending_resolved = resolved;
	h->pending = true;
}

bool
history_contacted_since(const struct history *h, int32_t day)
{
	return h != NULL && h->contacted && h->last_contact >= day;
}

/* A side file with a customer id column; *id_col is that column. */
static struct input *
open_by_customer(const char *path, const struct common_options *common,
    long *id_col)
{
	struct input *in = input_open_side(common, path);

	*id_col = column_find(input_header(in), "customer_id", NULL, true);
	return in;
}

/* The customer id of a side-file row, which may not be empty. */
static const struct field *
row_id(const struct record *rec, long col)
{
	if (rec->fields[col].len == 0)
		record_die(rec, "empty customer id");
	return &rec->fields[col];
}

void
histories_read_log(struct histories *hs, const char *path,
    const struct common_options *common, int32_t today)
{
	long id_col, date_col;
	struct input *in = open_by_customer(path, common, &id_col);
	const struct record *rec;
	const struct field *id;
	int32_t day;

	date_col = column_find(input_header(in), "contact_date", NULL, true);
	while ((rec = input_next(in)) != NULL) {
		id = row_id(rec, id_col);
		input_date(in, rec, date_col, common->date_format, &day);
		if (day > today)
			continue;	/* logged ahead: not yet happened */
		history_add_contact(histories_get(hs, id->s, id->len), day);
	}
	input_close(in);
}

/* Is the ticket's call back on record in the CRM (tickets.h)? */
static bool
closed(const struct record *rec, long status_col)
{
	const struct field *f;

	if (status_col == COLUMN_NONE)
		return false;
	f = &rec->fields[status_col];
	return ticket_closed(f->s, f->len);
}

/*
 * Does a resolved ticket still wait for its call back? crm-feedback's
 * needs_followup says so when the file has it; else the ticket waits
 * while its window lasts, and past it the call back is missed.
 */
static bool
waiting(struct histories *hs, const struct record *rec, long needs_col,
    int32_t day, int32_t today, long window)
{
	const struct field *f;

	if (needs_col != COLUMN_NONE) {
		f = &rec->fields[needs_col];
		return f->len == 1 && f->s[0] == '1';
	}
	if (followup_of(true, false, day, today, window) == FOLLOWUP_DUE)
		return true;
	hs->missed++;
	return false;
}

void
histories_read_tickets(struct histories *hs, const char *path,
    const struct common_options *common, int32_t today, long window)
{
	long id_col, resolved_col, status_col, needs_col;
	struct input *in = open_by_customer(path, common, &id_col);
	const struct record *rec;
	const struct field *id;
	int32_t day;

	resolved_col = column_find(input_header(in), "resolved_date", NULL,
	    true);
	status_col = column_find(input_header(in), "status", NULL, false);
	needs_col = column_lookup(input_header(in), "needs_followup");
	while ((rec = input_next(in)) != NULL) {
		id = row_id(rec, id_col);
		if (rec->fields[resolved_col].len == 0 ||
		    closed(rec, status_col))
			continue;	/* still open, or answered */
		input_date(in, rec, resolved_col, common->date_format, &day);
		if (day > today || history_contacted_since(histories_find(hs,
		    id->s, id->len), day))
			continue;	/* not yet resolved, or called back */
		if (waiting(hs, rec, needs_col, day, today, window))
			history_add_ticket(histories_get(hs, id->s, id->len),
			    day);
	}
	input_close(in);
}

unsigned long long
histories_missed(const struct histories *hs)
{
	return hs->missed;
}
