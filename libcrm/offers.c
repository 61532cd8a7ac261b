/* offers.c: crm-recommend's offers by customer, as one cell each. */
#include "offers.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "input.h"
#include "table.h"
#include "util.h"

struct offer_cell {
	char *text;		/* "item (because); ...", malloc'd */
	size_t len;
	uint32_t count;		/* offers in it */
};

struct offers {
	struct table *customers;	/* id -> struct offer_cell */
	size_t top;
};

/* Append "item (because)" to the cell, after "; " when not the first. */
static void
append_offer(struct offer_cell *cell, const struct field *item,
    const struct field *because)
{
	size_t need = cell->len + 2 + item->len + 2 + because->len + 2;
	char *p;

	cell->text = xrealloc(cell->text, need);
	p = cell->text + cell->len;
	if (cell->count > 0) {
		memcpy(p, "; ", 2);
		p += 2;
	}
	memcpy(p, item->s, item->len);
	p += item->len;
	if (because->len > 0 && strcmp(because->s, "(popular)") != 0) {
		memcpy(p, " (", 2);
		memcpy(p + 2, because->s, because->len);
		p += 2 + because->len;
		*p++ = ')';
	} else if (because->len > 0) {
		memcpy(p, " (popular)", 10);
		p += 10;
	}
	*p = '\0';
	cell->len = (size_t)(p - cell->text);
	cell->count++;
}

struct offers *
offers_read(const struct common_options *common, const char *path,
    size_t top)
{
	struct input *in = input_open_side(common, path);
	const struct record *h = input_header(in), *rec;
	long id = column_find(h, "customer_id", NULL, true);
	long item = column_find(h, "item", NULL, true);
	long because = column_lookup(h, "because");
	struct offers *o = xcalloc(1, sizeof(*o));
	struct field none = { "", 0 };
	struct offer_cell *cell;
	bool added;

	o->customers = table_new(sizeof(struct offer_cell));
	o->top = top;
	while ((rec = input_next(in)) != NULL) {
		if (rec->fields[id].len == 0 || rec->fields[item].len == 0)
			record_die(rec, "empty customer id or item in the "
			    "offers");
		cell = table_upsert(o->customers, rec->fields[id].s,
		    rec->fields[id].len, &added);
		if (cell->count < top)
			append_offer(cell, &rec->fields[item], because ==
			    COLUMN_NONE ? &none : &rec->fields[because]);
	}
	input_close(in);
	return o;
}

const char *
offers_of(const struct offers *o, const char *id, size_t len)
{
	const struct offer_cell *cell = table_find(o->customers, id, len);

	return cell ? cell->text : NULL;
}

void
offers_free(struct offers *o)
{
	size_t i;

	if (o == NULL)
		return;
	for (i = 0; i < table_count(o->customers); i++)
		free(((struct offer_cell *)table_value(o->customers, i))->text);
	table_free(o->customers);
	free(o);
}
