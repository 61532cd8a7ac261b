/* policy.c: reading the follow-up policy file; reasons and channels. */
#include "policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "input.h"
#include "table.h"
#include "text.h"
#include "util.h"

/* A reason's channel is the segment's unless the table says otherwise. */
#define SEGMENT_CHANNEL (-1)

static const struct {
	const char *code;
	int channel;		/* enum channel, or SEGMENT_CHANNEL */
} reason_table[NREASONS] = {
	[REASON_POOL_RECLAIM] = { "pool_reclaim", CHANNEL_NONE },
	[REASON_POOL_WARNING] = { "pool_warning", SEGMENT_CHANNEL },
	[REASON_FEEDBACK_FOLLOWUP] = { "feedback_followup", CHANNEL_PHONE },
	[REASON_DETRACTOR] = { "detractor", CHANNEL_PHONE },
	[REASON_WELCOME] = { "welcome", CHANNEL_PHONE },
	[REASON_WINBACK] = { "winback", SEGMENT_CHANNEL },
	[REASON_BIRTHDAY] = { "birthday", CHANNEL_WECHAT },
	[REASON_HOLIDAY] = { "holiday", CHANNEL_WECHAT },
	[REASON_PERIODIC] = { "periodic", SEGMENT_CHANNEL },
};

static const char *const channel_names[] = {
	"", "visit", "phone", "email", "sms", "wechat", NULL
};

/* reason,CODE: what the policy file says about one reason. */
struct reason_rule {
	bool given;
	bool channel_given;
	enum channel channel;
	long priority;		/* 0: the segment's */
	long window_days;	/* 0: the caller's default */
};

struct policy {
	struct contact_rule *contact;
	size_t ncontact;
	const struct contact_rule *contact_default;
	struct pool_rule *pool;
	size_t npool;
	struct pool_rule pool_default;
	struct reason_rule reason[NREASONS];
	struct table *matches;	/* "KIND\0MATCH" of the rules read */
};

const char *
reason_code(enum reason r)
{
	return reason_table[r].code;
}

enum reason
reason_strongest(unsigned reasons)
{
	int r;

	for (r = 0; r < NREASONS - 1; r++)
		if (reasons & REASON_BIT(r))
			break;
	return (enum reason)r;
}

size_t
reason_list(unsigned reasons, char *buf, size_t size)
{
	size_t n = 0;
	int r, len;

	buf[0] = '\0';
	for (r = 0; r < NREASONS && n < size; r++)
		if (reasons & REASON_BIT(r)) {
			len = snprintf(buf + n, size - n, "%s%s", n ? ";" : "",
			    reason_table[r].code);
			n += (size_t)len < size - n ? (size_t)len : size - n - 1;
		}
	return n;
}

const char *
channel_name(enum channel c)
{
	return channel_names[c];
}

/* Reading the file */

enum policy_column {
	P_RULE, P_MATCH, P_INTERVAL, P_CHANNEL, P_PRIORITY, P_GREETINGS,
	P_FOLLOWUP, P_DEAL, P_WARN, P_WON_EXEMPT, NPOLICY
};

static const char *const policy_columns[NPOLICY] = {
	"rule", "match", "interval_days", "channel", "priority", "greetings",
	"followup_days", "deal_days", "warn_days", "won_exempt"
};

struct policy_row {
	const struct record *rec;
	const struct field *at[NPOLICY];
};

static void add_contact_rule(struct policy *, const struct policy_row *);
static void add_pool_rule(struct policy *, const struct policy_row *);
static void add_reason_rule(struct policy *, const struct policy_row *);

/* The kinds of rule, each with the columns it fills (others are empty). */
static const struct rule_kind {
	const char *name;
	unsigned columns;
	void (*add)(struct policy *, const struct policy_row *);
} rule_kinds[] = {
	{ "contact", 1u << P_INTERVAL | 1u << P_CHANNEL | 1u << P_PRIORITY |
	    1u << P_GREETINGS, add_contact_rule },
	{ "pool", 1u << P_FOLLOWUP | 1u << P_DEAL | 1u << P_WARN |
	    1u << P_WON_EXEMPT, add_pool_rule },
	{ "reason", 1u << P_CHANNEL | 1u << P_PRIORITY | 1u << P_FOLLOWUP,
	    add_reason_rule },
};

enum { NKINDS = sizeof(rule_kinds) / sizeof(rule_kinds[0]) };

static const struct field empty_field = { "", 0 };

/* "a, b, c", or with last " or ": "a, b or c", into buf. */
static const char *
list_words(char *buf, size_t size, const char *const *words, size_t n,
    const char *last)
{
	size_t used = 0, i;

	buf[0] = '\0';
	for (i = 0; i < n && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
		    i == 0 ? "" : i + 1 == n ? last : ", ", words[i]);
	return buf;
}

static void
bind_policy_columns(const struct record *h, long col[NPOLICY])
{
	char names[256];
	size_t i;
	int c;

	for (c = 0; c < NPOLICY; c++)
		col[c] = COLUMN_NONE;
	for (i = 0; i < h->nfields; i++) {
		for (c = 0; c < NPOLICY; c++)
			if (text_is(h->fields[i].s, h->fields[i].len,
			    policy_columns[c]))
				break;
		if (c == NPOLICY)
			record_die(h, "unknown policy column '%s' (the columns "
			    "are %s)", h->fields[i].s, list_words(names,
			    sizeof(names), policy_columns, NPOLICY, ", "));
		col[c] = (long)i;
	}
	if (col[P_RULE] == COLUMN_NONE || col[P_MATCH] == COLUMN_NONE)
		record_die(h, "a policy needs the columns rule and match");
}

/* A whole number in [min, max]; empty gives dflt. */
static long
policy_number(const struct policy_row *row, int c, long min, long max,
    long dflt)
{
	const struct field *f = row->at[c];
	char *end;
	long v;

	if (f->len == 0)
		return dflt;
	v = strtol(f->s, &end, 10);
	if (!all_digits(f->s, f->len) || *end != '\0' || v < min || v > max)
		record_die(row->rec, "%s must be a whole number from %ld to %ld"
		    " ('%.60s')", policy_columns[c], min, max, f->s);
	return v;
}

static bool
policy_flag(const struct policy_row *row, int c, bool dflt)
{
	const struct field *f = row->at[c];
	int v;

	if (f->len == 0)
		return dflt;
	if ((v = text_yes_no(f->s, f->len)) < 0)
		record_die(row->rec, "%s must be yes or no ('%.60s')",
		    policy_columns[c], f->s);
	return v == 1;
}

static enum channel
policy_row_channel(const struct policy_row *row)
{
	const struct field *f = row->at[P_CHANNEL];
	char names[128];
	int i;

	for (i = CHANNEL_VISIT; channel_names[i]; i++)
		if (text_is(f->s, f->len, channel_names[i]))
			return (enum channel)i;
	record_die(row->rec, "channel '%.60s' is not one of %s", f->s,
	    list_words(names, sizeof(names), channel_names + 1,
	    CHANNEL_WECHAT, ", "));
}

static void
check_unused(const struct policy_row *row, unsigned allowed)
{
	int c;

	for (c = P_INTERVAL; c < NPOLICY; c++)
		if ((allowed & 1u << c) == 0 && row->at[c]->len > 0)
			record_die(row->rec, "%s does not apply to a %s rule "
			    "(leave it empty)", policy_columns[c],
			    row->at[P_RULE]->s);
}

/* Two rules of a kind for one match would contradict each other. */
static void
refuse_second(struct policy *p, const struct policy_row *row,
    const char *kind)
{
	const struct field *match = row->at[P_MATCH];
	size_t klen = strlen(kind);
	char *key = xmalloc(klen + 1 + match->len);
	bool added;

	memcpy(key, kind, klen + 1);
	memcpy(key + klen + 1, match->s, match->len);
	table_upsert(p->matches, key, klen + 1 + match->len, &added);
	free(key);
	if (!added)
		record_die(row->rec, "a second %s rule for '%.60s'", kind,
		    match->s);
}

static void
add_contact_rule(struct policy *p, const struct policy_row *row)
{
	struct contact_rule *r;

	refuse_second(p, row, "contact");
	p->contact = xreallocarray(p->contact, p->ncontact + 1,
	    sizeof(*p->contact));
	r = &p->contact[p->ncontact++];
	r->match = xstrdup(row->at[P_MATCH]->s);
	r->interval_days = policy_number(row, P_INTERVAL, 1, 36500, 0);
	r->channel = policy_row_channel(row);
	if (row->at[P_PRIORITY]->len == 0)
		record_die(row->rec, "a contact rule needs a priority (1 is "
		    "the most urgent)");
	r->priority = policy_number(row, P_PRIORITY, 1, 999, 0);
	r->greetings = policy_flag(row, P_GREETINGS, true);
}

static void
add_pool_rule(struct policy *p, const struct policy_row *row)
{
	struct pool_rule *r;

	refuse_second(p, row, "pool");
	p->pool = xreallocarray(p->pool, p->npool + 1, sizeof(*p->pool));
	r = &p->pool[p->npool++];
	r->match = xstrdup(row->at[P_MATCH]->s);
	r->followup_days = policy_number(row, P_FOLLOWUP, 1, 36500, 0);
	r->deal_days = policy_number(row, P_DEAL, 1, 36500, 0);
	r->warn_days = policy_number(row, P_WARN, 0, 36500, 2);
	r->won_exempt = policy_flag(row, P_WON_EXEMPT, true);
	if ((r->followup_days && r->warn_days > r->followup_days) ||
	    (r->deal_days && r->warn_days > r->deal_days))
		record_die(row->rec, "warn_days (%ld) is longer than the limit "
		    "it warns of", r->warn_days);
}

static void
add_reason_rule(struct policy *p, const struct policy_row *row)
{
	const struct field *code = row->at[P_MATCH];
	struct reason_rule *rule;
	const char *codes[NREASONS];
	char names[256];
	int r;

	for (r = 0; r < NREASONS; r++)
		if (text_is(code->s, code->len, reason_table[r].code))
			break;
	if (r == NREASONS) {
		for (r = 0; r < NREASONS; r++)
			codes[r] = reason_table[r].code;
		record_die(row->rec, "'%.60s' is not a reason code (%s)",
		    code->s, list_words(names, sizeof(names), codes, NREASONS,
		    ", "));
	}
	rule = &p->reason[r];
	if (rule->given)
		record_die(row->rec, "a second reason rule for %s",
		    reason_table[r].code);
	rule->given = true;
	if (row->at[P_CHANNEL]->len == 0 && row->at[P_PRIORITY]->len == 0 &&
	    row->at[P_FOLLOWUP]->len == 0)
		record_die(row->rec, "a reason rule needs a channel, a "
		    "priority or followup_days");
	if (row->at[P_FOLLOWUP]->len > 0 && r != REASON_FEEDBACK_FOLLOWUP &&
	    r != REASON_DETRACTOR)
		record_die(row->rec, "followup_days of a reason is the "
		    "call-back window of feedback_followup and detractor, "
		    "not of %s", reason_table[r].code);
	rule->window_days = policy_number(row, P_FOLLOWUP, 1, 36500, 0);
	if (row->at[P_CHANNEL]->len > 0) {
		rule->channel = policy_row_channel(row);
		rule->channel_given = true;
	}
	rule->priority = policy_number(row, P_PRIORITY, 1, 999, 0);
}

static void
policy_row(struct policy *p, const struct record *rec, const long *col)
{
	struct policy_row row;
	const char *kinds[NKINDS];
	char names[128];
	size_t k;
	int c;

	row.rec = rec;
	for (c = 0; c < NPOLICY; c++)
		row.at[c] = col[c] == COLUMN_NONE ? &empty_field :
		    &rec->fields[col[c]];
	if (row.at[P_MATCH]->len == 0)
		record_die(rec, "match is empty (a segment, a level, a reason "
		    "code, or * for the default)");
	for (k = 0; k < NKINDS; k++)
		if (text_is(row.at[P_RULE]->s, row.at[P_RULE]->len,
		    rule_kinds[k].name)) {
			check_unused(&row, rule_kinds[k].columns);
			rule_kinds[k].add(p, &row);
			return;
		}
	for (k = 0; k < NKINDS; k++)
		kinds[k] = rule_kinds[k].name;
	record_die(rec, "rule '%.60s' is not %s", row.at[P_RULE]->s,
	    list_words(names, sizeof(names), kinds, NKINDS, " or "));
}

/* The * rows are the defaults; a contact default is required. */
static void
find_defaults(struct policy *p, const char *path)
{
	size_t i;

	for (i = 0; i < p->ncontact; i++)
		if (strcmp(p->contact[i].match, "*") == 0)
			p->contact_default = &p->contact[i];
	if (p->contact_default == NULL)
		die("%s: no default contact rule: add a row 'contact,*,...' "
		    "for the customers no other rule matches", path);
	/* WukongCRM 9.0: 31 days without follow-up, warned 2 days ahead */
	p->pool_default = (struct pool_rule){ NULL, 31, 0, 2, true };
	for (i = 0; i < p->npool; i++)
		if (strcmp(p->pool[i].match, "*") == 0)
			p->pool_default = p->pool[i];
}

struct policy *
policy_load(const char *path, const struct common_options *common)
{
	struct policy *p = xcalloc(1, sizeof(*p));
	struct input *in = input_open_side(common, path);
	const struct record *rec;
	long col[NPOLICY];

	p->matches = table_new(1);
	bind_policy_columns(input_header(in), col);
	while ((rec = input_next(in)) != NULL)
		policy_row(p, rec, col);
	input_close(in);
	table_free(p->matches);
	p->matches = NULL;
	find_defaults(p, path);
	return p;
}

void
policy_free(struct policy *p)
{
	size_t i;

	for (i = 0; i < p->ncontact; i++)
		free(p->contact[i].match);
	for (i = 0; i < p->npool; i++)
		free(p->pool[i].match);
	free(p->contact);
	free(p->pool);
	free(p);
}

/* Rules */

static bool
matches(const char *match, const char *s, size_t len)
{
	return strlen(match) == len && memcmp(match, s, len) == 0;
}

const struct contact_rule *
policy_contact(const struct policy *p, const char *segment, size_t len)
{
	size_t i;

	if (segment != NULL)
		for (i = 0; i < p->ncontact; i++)
			if (matches(p->contact[i].match, segment, len))
				return &p->contact[i];
	return p->contact_default;
}

const struct pool_rule *
policy_pool(const struct policy *p, const char *level, size_t len)
{
	size_t i;

	if (level != NULL)
		for (i = 0; i < p->npool; i++)
			if (matches(p->pool[i].match, level, len))
				return &p->pool[i];
	return &p->pool_default;
}

enum channel
policy_channel(const struct policy *p, const struct contact_rule *rule,
    enum reason r)
{
	if (p->reason[r].channel_given)
		return p->reason[r].channel;
	if (reason_table[r].channel != SEGMENT_CHANNEL)
		return (enum channel)reason_table[r].channel;
	return rule->channel;
}

long
policy_window(const struct policy *p, enum reason r, long dflt)
{
	return p->reason[r].window_days ? p->reason[r].window_days : dflt;
}

long
policy_priority(const struct policy *p, const struct contact_rule *rule,
    unsigned reasons)
{
	long priority = rule->priority;
	int r;

	for (r = 0; r < NREASONS; r++)
		if ((reasons & REASON_BIT(r)) && p->reason[r].priority &&
		    p->reason[r].priority < priority)
			priority = p->reason[r].priority;
	return priority;
}
