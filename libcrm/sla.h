/*
 * sla.h: service levels for tickets, read from a CSV file: rows of
 * category and/or priority (a value, or * or empty for any) with the
 * hours allowed to the first response and to resolution (empty: no
 * limit). A ticket takes the first row that matches it.
 */
#ifndef CRM_SLA_H
#define CRM_SLA_H

#include <stddef.h>

#include "cli.h"

struct sla_rule {
	char *category, *priority;	/* NULL: any */
	double response_hours, resolve_hours;	/* < 0: no limit */
};

struct sla;

/* The rules of path; a malformed file stops with FILE:RECORD. */
struct sla *sla_load(const struct common_options *opt, const char *path);
void sla_free(struct sla *s);

/* The first rule for this category and priority (ASCII case ignored). */
const struct sla_rule *sla_find(const struct sla *s, const char *category,
    size_t category_len, const char *priority, size_t priority_len);

#endif
