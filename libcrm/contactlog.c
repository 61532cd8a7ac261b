/* contactlog.c: each customer's contact days, from the contact log. */
#include "contactlog.h"

#include <stdlib.h>

#include "columns.h"
#include "idset.h"
#include "input.h"
#include "table.h"
#include "util.h"

struct contact_log {
	struct table *customers;	/* id -> struct idset of days */
	struct idpool days;
};

/* Days are stored shifted so that every valid date is >= 0. */
#define DAY_BIAS ((int64_t)1 << 30)

struct contact_log *
contact_log_load(const struct common_options *opt, const char *path,
    int32_t as_of)
{
	struct contact_log *log = xcalloc(1, sizeof(*log));
	struct input *in = input_open_side(opt, path);
	const struct record *rec;
	struct idset *days;
	long id, date;
	int32_t day;
	bool added;

	log->customers = table_new(sizeof(struct idset));
	idpool_init(&log->days, 4);
	id = column_find(input_header(in), "customer_id", NULL, true);
	date = column_find(input_header(in), "contact_date", NULL, true);
	while ((rec = input_next(in)) != NULL) {
		if (rec->fields[id].len == 0)
			record_die(rec, "empty customer id");
		input_date(in, rec, date, opt->date_format, &day);
		if (day > as_of)
			continue;	/* logged ahead: not yet happened */
		days = table_upsert(log->customers, rec->fields[id].s,
		    rec->fields[id].len, &added);
		idset_add(&log->days, days, (uint64_t)(day + DAY_BIAS));
	}
	input_close(in);
	return log;
}

void
contact_log_free(struct contact_log *log)
{
	if (log == NULL)
		return;
	table_free(log->customers);
	idpool_free(&log->days);
	free(log);
}

bool
contact_log_any(const struct contact_log *log, const char *id, size_t len,
    int32_t from, int32_t to)
{
	const struct idset *days = table_find(log->customers, id, len);

	if (days == NULL || to < from)
		return false;
	return idset_count_upto(&log->days, days, (uint64_t)(to + DAY_BIAS)) >
	    idset_count_upto(&log->days, days, (uint64_t)(from - 1 +
	    DAY_BIAS));
}
