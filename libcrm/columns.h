/*
 * columns.h: finding columns in a header.
 *
 * A column option takes a header name or a 1-based position. Without one,
 * a tool finds its usual columns through one alias table (man 7 crm):
 * names are compared without regard to ASCII case or the separators
 * " _-." so "CustomerID", "customer id" and "customer_id" are one name,
 * and Chinese names from CRM exports are aliases too.
 */
#ifndef CRM_COLUMNS_H
#define CRM_COLUMNS_H

#include <stdbool.h>

#include "reader.h"

#define COLUMN_NONE (-1L)

/*
 * The column named spec (exact name first, then the same name in another
 * case or spelling), else at position spec; COLUMN_NONE when there is none.
 */
long column_lookup(const struct record *header, const char *spec);

/*
 * As column_lookup, but a missing column is an error naming the file and
 * listing the header (and suggesting -d when the header is one field that
 * holds ';', a tab or '|').
 */
long column_require(const struct record *header, const char *spec);

/*
 * The columns of a comma-separated list of specs ("recency,frequency"),
 * each required; *n of them, in the list's order. free() the array.
 */
long *column_require_list(const struct record *header, const char *list,
    size_t *n);

/*
 * The column for canonical name (customer_id, order_date, amount, ...):
 * spec when given, else the one column whose name is the canonical name or
 * one of its aliases. Several candidates are an error naming them; none is
 * an error listing the header when required, else COLUMN_NONE.
 */
long column_find(const struct record *header, const char *canonical,
    const char *spec, bool required);
/*
 * The same, with a hint after what is wrong in its errors, such as the
 * option that names the column ("name it with --id COL").
 */
long column_find_option(const struct record *header, const char *canonical,
    const char *spec, bool required, const char *option);

/*
 * The header's names separated by ", " in list (cut with "..." when they
 * do not fit), or "(no columns)": for messages that show the header.
 */
const char *column_list(const struct record *header, char *list,
    size_t size);

/* The aliases of canonical, separated by ", " (for usage texts). */
const char *column_aliases(const char *canonical);

#endif
