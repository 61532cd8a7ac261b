/*
 * contactlog.h: the contact log (customer_id, contact_date, ...) held as
 * each customer's set of contact days, to ask whether a customer was
 * contacted between two days (the call back after a ticket).
 */
#ifndef CRM_CONTACTLOG_H
#define CRM_CONTACTLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"

struct contact_log;

/* Contacts dated after as_of (logged ahead) are left out. */
struct contact_log *contact_log_load(const struct common_options *opt,
    const char *path, int32_t as_of);
void contact_log_free(struct contact_log *log);

/* Was customer id[0..len) contacted on a day in [from, to]? */
bool contact_log_any(const struct contact_log *log, const char *id,
    size_t len, int32_t from, int32_t to);

#endif
