/*
 * profiles.c: one page per owner with a card for each customer on the
 * day's follow-up list: who it is and how to reach it, its tier, segment,
 * stage and scores, why it is on the list, its last contacts, open
 * tickets and offers. Only the listed customers are kept in memory.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include "arena.h"
#include "columns.h"
#include "date.h"
#include "input.h"
#include "outdir.h"
#include "table.h"
#include "util.h"
#include "writer.h"

enum { KEEP_CONTACTS = 3, KEEP_TICKETS = 5, KEEP_OFFERS = 5 };

/* The fields a card shows, found once in each header by name or alias. */
enum card_field {
	F_NAME, F_PHONE, F_EMAIL, F_CITY, F_LEVEL, F_TIER, F_SEGMENT,
	F_LIFECYCLE, F_CHURN_RISK, F_RFM, F_RECENCY, F_FREQUENCY, F_MONETARY,
	F_P_ALIVE, F_EXPECTED, F_CLV, F_CHANNEL, F_OTHER_REASONS, F_OVERDUE,
	NCARD_FIELDS
};

static const char *const card_field_name[NCARD_FIELDS] = {
	"name", "phone", "email", "city", "level", "tier", "segment",
	"lifecycle", "churn_risk", "rfm", "recency_days", "frequency",
	"monetary", "p_alive", "expected_purchases", "clv", "channel",
	"other_reasons", "overdue_days"
};

/* A few lines of text about a customer, newest first where it matters. */
struct notes {
	char *line[KEEP_TICKETS];
	char *key[KEEP_TICKETS];	/* what orders them (a date) */
	int n;
};

struct card {
	const struct record *task;	/* the follow-up row */
	struct field *customer;		/* by card_field, of its --customers
					 * row; NULL without one */
	struct notes contacts, tickets, offers;
	const char *survey;		/* latest NPS class, with its answer */
};

struct profiles {
	const struct report *r;
	struct csv_table list;
	struct table *listed;		/* customer id -> card number */
	struct card *cards;
	size_t ncards;
	struct arena text;
	long col_id, col_owner, col_due, col_reason;
	long task_col[NCARD_FIELDS];	/* the card's fields in the list */
};

static struct card *
card_of(struct profiles *p, const struct field *id)
{
	void *v = table_find(p->listed, id->s, id->len);

	return v ? &p->cards[*(size_t *)v] : NULL;
}

/* Keep line under key; at most max, the greatest keys. */
static void
keep(struct profiles *p, struct notes *n, int max, const char *key,
    const char *line)
{
	int i, at = n->n;

	if (n->n == max) {
		if (strcmp(key, n->key[max - 1]) <= 0)
			return;
		at = max - 1;
	} else
		n->n++;
	for (i = at; i > 0 && strcmp(n->key[i - 1], key) < 0; i--) {
		n->key[i] = n->key[i - 1];
		n->line[i] = n->line[i - 1];
	}
	n->key[i] = arena_strndup(&p->text, key, strlen(key));
	n->line[i] = arena_strndup(&p->text, line, strlen(line));
}

/* The day's tasks */

static int32_t
list_day(const struct profiles *p)
{
	const struct csv_table *t = &p->list;
	int32_t day, first = INT32_MAX;
	size_t i;

	if (p->r->common->as_of_given)
		return p->r->common->as_of;
	for (i = 0; i < t->nrows; i++)
		if (date_parse(t->rows[i].fields[p->col_due].s,
		    t->rows[i].fields[p->col_due].len, NULL, &day) == DATE_OK &&
		    day < first)
			first = day;
	return first;
}

static void
read_list(struct profiles *p, const char *file)
{
	static const char *const need[] = { "customer_id", "owner",
		"due_date", "reason", NULL };
	const struct field *id, *due;
	long cols[4];
	int32_t today, day;
	size_t i, *number;
	bool added;

	csv_table_read(&p->list, p->r->common, file);
	report_require(&p->list.header, file, "a crm-schedule follow-up list",
	    need, cols);
	p->col_id = cols[0], p->col_owner = cols[1];
	p->col_due = cols[2], p->col_reason = cols[3];
	p->cards = xcalloc(p->list.nrows + 1, sizeof(*p->cards));
	today = list_day(p);
	for (i = 0; i < p->list.nrows; i++) {
		id = &p->list.rows[i].fields[p->col_id];
		due = &p->list.rows[i].fields[p->col_due];
		if (date_parse(due->s, due->len, NULL, &day) != DATE_OK ||
		    day != today)
			continue;
		number = table_upsert(p->listed, id->s, id->len, &added);
		if (!added)
			continue;	/* one card per customer */
		*number = p->ncards;
		p->cards[p->ncards++].task = &p->list.rows[i];
	}
}

/* The other files, kept for the listed customers only */

static struct input *
open_one(const struct profiles *p, const char *file)
{
	char *files[1] = { (char *)file };

	return input_open(p->r->common, files, 1);
}

/* Where the card's fields are in header h, by card_field. */
static void
find_card_fields(const struct record *h, long cols[NCARD_FIELDS])
{
	int f;

	for (f = 0; f < NCARD_FIELDS; f++)
		cols[f] = column_lookup(h, card_field_name[f]);
}

/* The fields of rec that a card shows, by card_field (cols: where). */
static struct field *
card_fields_of(struct profiles *p, const struct record *rec,
    const long *cols)
{
	struct field *kept = arena_alloc(&p->text, NCARD_FIELDS *
	    sizeof(*kept));
	int f;

	for (f = 0; f < NCARD_FIELDS; f++) {
		kept[f].len = cols[f] == COLUMN_NONE ? 0 :
		    rec->fields[cols[f]].len;
		kept[f].s = kept[f].len == 0 ? "" : arena_strndup(&p->text,
		    rec->fields[cols[f]].s, kept[f].len);
	}
	return kept;
}

/* Of a listed customer's row, only what its card shows is kept. */
static void
read_customers(struct profiles *p, const char *file)
{
	struct input *in = open_one(p, file);
	const struct record *h = input_header(in), *rec;
	long id = column_find(h, "customer_id", NULL, true);
	long cols[NCARD_FIELDS];
	struct card *c;

	find_card_fields(h, cols);
	while ((rec = input_next(in)) != NULL)
		if ((c = card_of(p, &rec->fields[id])) != NULL &&
		    c->customer == NULL)
			c->customer = card_fields_of(p, rec, cols);
	input_close(in);
}

/* "2026-11-02 phone reached": the fields of cols that are present. */
static void
join_fields(const struct record *rec, const long *cols, int n, char *buf,
    size_t size)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		if (cols[i] != COLUMN_NONE && rec->fields[cols[i]].len > 0 &&
		    len + 2 < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
			    len ? " · " : "", rec->fields[cols[i]].s);
}

static void
read_contacts(struct profiles *p, const char *file)
{
	struct input *in = open_one(p, file);
	const struct record *h = input_header(in), *rec;
	long id = column_find(h, "customer_id", NULL, true);
	long cols[4] = { column_find(h, "contact_date", NULL, true),
		column_lookup(h, "channel"), column_lookup(h, "outcome"),
		column_find(h, "owner", NULL, false) };
	struct card *c;
	char line[512];

	while ((rec = input_next(in)) != NULL)
		if ((c = card_of(p, &rec->fields[id])) != NULL) {
			join_fields(rec, cols, 4, line, sizeof(line));
			keep(p, &c->contacts, KEEP_CONTACTS,
			    rec->fields[cols[0]].s, line);
		}
	input_close(in);
}

static bool
closed(const struct field *status)
{
	static const char *const words[] = { "closed", "resolved", "done",
		"已关闭", "已解决", "已完成", NULL };
	int i;

	for (i = 0; words[i]; i++)
		if (strcmp(status->s, words[i]) == 0)
			return true;
	return false;
}

static void
read_tickets(struct profiles *p, const char *file)
{
	struct input *in = open_one(p, file);
	const struct record *h = input_header(in), *rec;
	long id = column_find(h, "customer_id", NULL, true);
	long status = column_find(h, "status", NULL, true);
	long cols[4] = { column_lookup(h, "created"),
		column_lookup(h, "ticket_id"), column_lookup(h, "category"),
		column_lookup(h, "summary") };
	struct card *c;
	char line[512];

	while ((rec = input_next(in)) != NULL)
		if ((c = card_of(p, &rec->fields[id])) != NULL &&
		    !closed(&rec->fields[status])) {
			join_fields(rec, cols, 4, line, sizeof(line));
			keep(p, &c->tickets, KEEP_TICKETS, cols[0] ==
			    COLUMN_NONE ? "" : rec->fields[cols[0]].s, line);
		}
	input_close(in);
}

/* crm-survey --per-customer: each customer's latest NPS class. */
static void
read_survey(struct profiles *p, const char *file)
{
	static const char *const need[] = { "customer_id", "nps_class", NULL };
	struct input *in = open_one(p, file);
	const struct record *h = input_header(in), *rec;
	long cols[2], shown[3];
	struct card *c;
	char line[512];

	report_require(h, file, "crm-survey --per-customer output", need,
	    cols);
	shown[0] = cols[1];
	shown[1] = column_lookup(h, "nps_score");
	shown[2] = column_lookup(h, "survey_date");
	while ((rec = input_next(in)) != NULL)
		if ((c = card_of(p, &rec->fields[cols[0]])) != NULL) {
			join_fields(rec, shown, 3, line, sizeof(line));
			c->survey = arena_strndup(&p->text, line, strlen(line));
		}
	input_close(in);
}

/* Offers: a file with customer_id and item (and a score or reason). */
static void
read_offers(struct profiles *p, const char *file)
{
	static const char *const need[] = { "customer_id", "item", NULL };
	struct input *in = open_one(p, file);
	const struct record *h = input_header(in), *rec;
	long cols[3], shown[2];
	struct card *c;
	char line[512], rank[16];
	int n;

	report_require(h, file, "a list of offers", need, cols);
	shown[0] = cols[1];
	shown[1] = column_lookup(h, "because");
	while ((rec = input_next(in)) != NULL)
		if ((c = card_of(p, &rec->fields[cols[0]])) != NULL) {
			join_fields(rec, shown, 2, line, sizeof(line));
			n = c->offers.n;
			snprintf(rank, sizeof(rank), "%08d", 99999999 - n);
			keep(p, &c->offers, KEEP_OFFERS, rank, line);
		}
	input_close(in);
}

/* Writing the pages */

/* The customer's field f from --customers, else from the list; or NULL. */
static const char *
customer_field(const struct profiles *p, const struct card *c,
    enum card_field f)
{
	long col = p->task_col[f];

	if (c->customer != NULL && c->customer[f].len > 0)
		return c->customer[f].s;
	if (col != COLUMN_NONE && c->task->fields[col].len > 0)
		return c->task->fields[col].s;
	return NULL;
}

static void
tag(struct html *h, const char *text)
{
	if (text == NULL)
		return;
	html_raw(h, "<span>");
	html_textz(h, text);
	html_raw(h, "</span>");
}

/* <dt>term</dt><dd>value</dd>, the value a number when decimals >= 0. */
static void
term(struct html *h, const char *name, const char *value, int decimals,
    bool percent)
{
	char buf[64];
	double v;
	struct field f;

	if (value == NULL)
		return;
	html_raw(h, "<dt>");
	html_textz(h, name);
	html_raw(h, "</dt><dd>");
	f.s = value;
	f.len = strlen(value);
	v = report_number(&f);
	if (decimals >= 0 && isfinite(v)) {
		if (percent)
			html_format_percent(v, decimals, buf, sizeof(buf));
		else
			html_format_number(v, decimals, true, buf,
			    sizeof(buf));
		html_textz(h, buf);
	} else
		html_textz(h, value);
	html_raw(h, "</dd>");
}

static void
note_list(struct html *h, const char *title, const struct notes *n,
    const char *none, bool always)
{
	int i;

	if (n->n == 0 && !always)
		return;
	html_raw(h, "<h3>");
	html_textz(h, title);
	html_raw(h, "</h3><ul>");
	if (n->n == 0) {
		html_raw(h, "<li>");
		html_textz(h, none);
		html_raw(h, "</li>");
	}
	for (i = 0; i < n->n; i++) {
		html_raw(h, "<li>");
		html_textz(h, n->line[i]);
		html_raw(h, "</li>");
	}
	html_raw(h, "</ul>");
}

/* Why the customer is on the list: reasons, channel, days overdue. */
static void
why(const struct profiles *p, const struct card *c, struct html *h)
{
	const struct report *r = p->r;
	const char *others = customer_field(p, c, F_OTHER_REASONS);
	const char *channel = customer_field(p, c, F_CHANNEL);
	const char *overdue = customer_field(p, c, F_OVERDUE);
	char *list, *word, *save;

	html_raw(h, "<div class=\"why\"><b>");
	html_textz(h, report_word(r, c->task->fields[p->col_reason].s));
	html_raw(h, "</b>");
	if (others) {
		list = xstrdup(others);
		for (word = strtok_r(list, ";| ", &save); word;
		    word = strtok_r(NULL, ";| ", &save)) {
			html_raw(h, " + ");
			html_textz(h, report_word(r, word));
		}
		free(list);
	}
	if (channel) {
		html_printf(h, " · %s ", report_label(r, L_CHANNEL));
		html_textz(h, channel);
	}
	if (overdue && strcmp(overdue, "0") != 0) {
		html_raw(h, " · ");
		html_textz(h, overdue);
		html_printf(h, " %s", report_label(r, L_OVERDUE));
	}
	html_raw(h, "</div>");
}

static void
scores(const struct profiles *p, const struct card *c, struct html *h)
{
	const struct report *r = p->r;
	const char *phone = customer_field(p, c, F_PHONE);
	const char *email = customer_field(p, c, F_EMAIL);
	char contact[512];

	snprintf(contact, sizeof(contact), "%s%s%s", phone ? phone : "",
	    phone && email ? " · " : "", email ? email : "");
	html_raw(h, "<dl>");
	term(h, report_label(r, L_CONTACTS), contact[0] ? contact : NULL, -1,
	    false);
	term(h, report_label(r, L_RFM), customer_field(p, c, F_RFM), -1,
	    false);
	term(h, report_label(r, L_RECENCY_DAYS), customer_field(p, c,
	    F_RECENCY), 0, false);
	term(h, report_label(r, L_PURCHASES), customer_field(p, c,
	    F_FREQUENCY), 0, false);
	term(h, report_label(r, L_MONETARY), customer_field(p, c, F_MONETARY),
	    2, false);
	term(h, report_label(r, L_P_ALIVE), customer_field(p, c, F_P_ALIVE),
	    0, true);
	term(h, report_label(r, L_EXPECTED_SHORT), customer_field(p, c,
	    F_EXPECTED), 2, false);
	term(h, "CLV", customer_field(p, c, F_CLV), 2, false);
	html_raw(h, "</dl>");
}

static void
write_card(const struct profiles *p, const struct card *c, struct html *h)
{
	const struct report *r = p->r;
	const char *name = customer_field(p, c, F_NAME);

	html_raw(h, "<article class=\"card person\"><h2>");
	html_textz(h, name ? name : c->task->fields[p->col_id].s);
	html_raw(h, "<span class=\"id\">");
	html_textz(h, c->task->fields[p->col_id].s);
	html_raw(h, "</span></h2>");
	why(p, c, h);
	html_raw(h, "<div class=\"tags\">");
	tag(h, customer_field(p, c, F_TIER));
	tag(h, customer_field(p, c, F_LEVEL));
	tag(h, customer_field(p, c, F_SEGMENT));
	tag(h, customer_field(p, c, F_LIFECYCLE));
	if (customer_field(p, c, F_CHURN_RISK)) {	/* "low" alone says little */
		html_printf(h, "<span>%s: ", report_label(r, L_CHURN_RISK));
		html_textz(h, report_word(r, customer_field(p, c,
		    F_CHURN_RISK)));
		html_raw(h, "</span>");
	}
	tag(h, customer_field(p, c, F_CITY));
	html_raw(h, "</div>");
	scores(p, c, h);
	if (c->survey) {
		html_printf(h, "<h3>%s</h3><ul><li>NPS: ", report_label(r,
		    L_SURVEY));
		html_textz(h, c->survey);
		html_raw(h, "</li></ul>");
	}
	note_list(h, report_label(r, L_LAST_CONTACTS), &c->contacts,
	    report_label(r, L_NONE), true);
	note_list(h, report_label(r, L_OPEN_TICKETS), &c->tickets,
	    report_label(r, L_NONE), true);
	note_list(h, report_label(r, L_OFFERS), &c->offers, "", false);
	html_raw(h, "</article>\n");
}

/*
 * DIR/OWNER.html, beside the OWNER.csv of crm-schedule --per-owner
 * (outdir.h names both, a long name cut the same way); _pool.html for the
 * customers without an owner.
 */
static char *
owner_path(const char *dir, const char *owner)
{
	char *path;

	if (owner[0] != '\0')
		return outdir_name_beside(dir, owner, strlen(owner), ".csv",
		    ".html");
	path = xmalloc(strlen(dir) + sizeof("/_pool.html"));
	sprintf(path, "%s/_pool.html", dir);
	return path;
}

static void
write_file(const char *path, const struct html *h)
{
	struct out_options opt;
	struct writer *w;

	memset(&opt, 0, sizeof(opt));
	opt.delimiter = ',';
	opt.precision = -1;
	w = writer_open(path, &opt);
	writer_raw(w, h->s, h->len);
	writer_close(w);
}

static const char *
owner_of(const struct profiles *p, const struct card *c)
{
	return c->task->fields[p->col_owner].s;
}

/* One owner's page: cards[from..to) all have that owner. */
static void
write_owner(struct profiles *p, const char *dir, size_t *order, size_t from,
    size_t to)
{
	struct report page = *p->r;
	const char *owner = owner_of(p, &p->cards[order[from]]);
	char title[256];
	struct html h;
	char *path;
	size_t i;

	html_init(&h);
	page.h = &h;
	snprintf(title, sizeof(title), "%s: %s (%zu)", report_label(p->r,
	    L_PROFILES_TITLE), owner[0] ? owner : report_label(p->r,
	    L_NO_OWNER), to - from);
	report_begin(&page, title);
	html_raw(&h, "<div class=\"cards\">\n");
	for (i = from; i < to; i++)
		write_card(p, &p->cards[order[i]], &h);
	html_raw(&h, "</div>\n");
	report_end(&page);
	path = owner_path(dir, owner);
	write_file(path, &h);
	free(path);
	html_free(&h);
}

struct by_owner {
	const char *owner;
	size_t card;
};

static int
compare_owner(const void *a, const void *b)
{
	const struct by_owner *x = a, *y = b;
	int c = strcmp(x->owner, y->owner);

	return c ? c : (x->card > y->card) - (x->card < y->card);
}

/* An index of the owners' pages, with links. */
static void
write_index(struct profiles *p, const char *dir, const struct by_owner *o,
    size_t n)
{
	struct report page = *p->r;
	struct html h;
	char *path, *name;
	size_t i, j;

	html_init(&h);
	page.h = &h;
	report_begin(&page, report_label(p->r, L_PROFILES_TITLE));
	html_raw(&h, "<div class=\"cards\"><section class=\"card\"><ul>");
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && strcmp(o[j].owner, o[i].owner) == 0; j++)
			;
		path = owner_path(dir, o[i].owner);
		name = strrchr(path, '/') + 1;
		html_raw(&h, "<li><a href=\"");
		html_textz(&h, name);
		html_raw(&h, "\">");
		html_textz(&h, o[i].owner[0] ? o[i].owner :
		    report_label(p->r, L_NO_OWNER));
		html_printf(&h, "</a> (%zu)</li>", j - i);
		free(path);
	}
	html_raw(&h, "</ul></section></div>\n");
	report_end(&page);
	path = xmalloc(strlen(dir) + 16);
	sprintf(path, "%s/index.html", dir);
	write_file(path, &h);
	free(path);
	html_free(&h);
}

static void
write_pages(struct profiles *p, const char *dir)
{
	struct by_owner *o = xcalloc(p->ncards + 1, sizeof(*o));
	size_t i, j, *order = xcalloc(p->ncards + 1, sizeof(*order));

	for (i = 0; i < p->ncards; i++) {
		o[i].owner = owner_of(p, &p->cards[i]);
		o[i].card = i;
	}
	if (p->ncards > 1)
		qsort(o, p->ncards, sizeof(*o), compare_owner);
	for (i = 0; i < p->ncards; i++)
		order[i] = o[i].card;
	for (i = 0; i < p->ncards; i = j) {
		for (j = i; j < p->ncards && strcmp(o[j].owner, o[i].owner) ==
		    0; j++)
			;
		write_owner(p, dir, order, i, j);
	}
	write_index(p, dir, o, p->ncards);
	free(o);
	free(order);
}

void
report_profiles(const struct report *r, const struct profile_inputs *in)
{
	struct profiles p;

	memset(&p, 0, sizeof(p));
	p.r = r;
	p.listed = table_new(sizeof(size_t));
	arena_init(&p.text, 1 << 16);
	read_list(&p, in->followups);
	if (in->customers)
		read_customers(&p, in->customers);
	if (in->contacts)
		read_contacts(&p, in->contacts);
	if (in->tickets)
		read_tickets(&p, in->tickets);
	if (in->offers)
		read_offers(&p, in->offers);
	if (in->survey)
		read_survey(&p, in->survey);
	find_card_fields(&p.list.header, p.task_col);
	write_pages(&p, in->dir);
	table_free(p.listed);
	arena_free(&p.text);
	free(p.cards);
	csv_table_free(&p.list);
}
