/*
 * offers.h: what crm-recommend offers each customer, read back from its
 * output (customer_id, rank, item, because) for the tools that show it:
 * crm-schedule's offer column, crm-report's profile card.
 *
 * A customer's offers are its first `top` rows (crm-recommend writes them
 * by rank) as one cell: "item (because item); item (popular); ...".
 * Memory grows with the customers and the text kept.
 */
#ifndef CRM_OFFERS_H
#define CRM_OFFERS_H

#include <stddef.h>

#include "cli.h"

struct offers;

/* Read path (a side file: strict, with a header); top >= 1. */
struct offers *offers_read(const struct common_options *common,
    const char *path, size_t top);
/* The customer's offers as one cell, or NULL when it has none. */
const char *offers_of(const struct offers *o, const char *id, size_t len);
void offers_free(struct offers *o);

#endif
