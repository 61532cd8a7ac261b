/*
 * crm-schedule: the follow-up list. Per customer, the reasons to contact
 * it (periodic visit by tier, win-back, welcome, feedback follow-up,
 * birthday and holiday greetings, public-pool warning and reclaim) from
 * the customer row, a policy, the contact log, the tickets and a working
 * calendar; then each owner's tasks placed on working days within a daily
 * and weekly capacity. CSV or iCalendar out.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "calendar.h"
#include "cli.h"
#include "columns.h"
#include "date.h"
#include "ics.h"
#include "input.h"
#include "num.h"
#include "table.h"
#include "text.h"
#include "util.h"
#include "writer.h"

enum {
	OPT_POLICY = 256, OPT_LOG, OPT_FEEDBACK, OPT_CALENDAR, OPT_WEEKEND,
	OPT_DAYS, OPT_CAPACITY, OPT_CAPACITY_FILE, OPT_WEEKLY,
	OPT_FEEDBACK_DAYS, OPT_WELCOME_DAYS, OPT_WINBACK_DAYS,
	OPT_WINBACK_BELOW, OPT_GREETING_WINDOW, OPT_POOL_OUT, OPT_PER_OWNER,
	OPT_FORMAT, OPT_SEGMENT_COLUMN, OPT_COLUMN
};

static const struct option longopts[] = {
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "feedback", required_argument, NULL, OPT_FEEDBACK },
	{ "calendar", required_argument, NULL, OPT_CALENDAR },
	{ "weekend", required_argument, NULL, OPT_WEEKEND },
	{ "days", required_argument, NULL, OPT_DAYS },
	{ "capacity", required_argument, NULL, OPT_CAPACITY },
	{ "capacity-file", required_argument, NULL, OPT_CAPACITY_FILE },
	{ "weekly", required_argument, NULL, OPT_WEEKLY },
	{ "feedback-days", required_argument, NULL, OPT_FEEDBACK_DAYS },
	{ "welcome-days", required_argument, NULL, OPT_WELCOME_DAYS },
	{ "winback-days", required_argument, NULL, OPT_WINBACK_DAYS },
	{ "winback-below", required_argument, NULL, OPT_WINBACK_BELOW },
	{ "greeting-window", required_argument, NULL, OPT_GREETING_WINDOW },
	{ "pool-out", required_argument, NULL, OPT_POOL_OUT },
	{ "per-owner", required_argument, NULL, OPT_PER_OWNER },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "segment-column", required_argument, NULL, OPT_SEGMENT_COLUMN },
	{ "column", required_argument, NULL, OPT_COLUMN },
	{ NULL, 0, NULL, 0 }
};

static const struct tool_spec spec = {
	"crm-schedule --policy FILE [options] [file ...]",
	"Plan the follow-up contacts of per-customer rows: who, by whom, when,\n"
	"by which channel and why, on working days within each owner's\n"
	"capacity. Reasons, strongest first: pool_reclaim, pool_warning,\n"
	"feedback_followup, welcome, winback, birthday, holiday, periodic.",
	"Inputs:\n"
	"      --policy FILE        contact rules by segment, public-pool rules"
	" by level\n"
	"                           and channels by reason (required)\n"
	"      --log FILE           contact history: customer_id, date (the"
	" last contact\n"
	"                           per customer restarts its clocks)\n"
	"      --feedback FILE      tickets: customer_id, resolved date, status\n"
	"      --calendar FILE      date,type,name rows: holiday, workday"
	" (make-up\n"
	"                           working day) or greeting\n"
	"      --capacity-file FILE owner,capacity[,weekly] per owner\n"
	"Columns:\n"
	"      --segment-column COL the column policy contact rules match"
	" (default:\n"
	"                           tier if present, else segment)\n"
	"      --column NAME=COL    read NAME (owner, level, first_date,"
	" p_alive,\n"
	"                           churn_risk, birthday, claim_date, won,"
	" locked, name,\n"
	"                           phone, email, customer_id) from COL\n"
	"Triggers:\n"
	"      --welcome-days N     welcome customers whose first purchase is"
	" at most\n"
	"                           N days old (default 14)\n"
	"      --feedback-days N    call back N days after a ticket's"
	" resolution\n"
	"                           (default 1)\n"
	"      --winback-below P    at risk when p_alive < P (default 0.3), or"
	" churn_risk\n"
	"                           is high\n"
	"      --winback-days N     contact customers at risk every N days"
	" (default 30)\n"
	"      --greeting-window N  a contact in the N days before a birthday"
	" or\n"
	"                           greeting day counts as the greeting"
	" (default 3)\n"
	"Plan:\n"
	"      --days D             plan D working days from today (default"
	" 1)\n"
	"      --capacity N         tasks per owner per working day (default:"
	" no limit)\n"
	"      --weekly N           tasks per owner per week (default: no"
	" limit)\n"
	"      --weekend DAYS       weekdays off, e.g. sat,sun (default), fri,sat"
	" or none\n"
	"Output:\n"
	"      --format FORMAT      csv, ics (tasks) or ics-event (events)"
	" (default csv)\n"
	"      --pool-out FILE      write the customers to put back into the"
	" public pool\n"
	"      --per-owner DIR      also write each owner's rows to"
	" DIR/OWNER.csv (.ics);\n"
	"                           unsafe bytes as %XX, no owner as _pool\n",
	"",
	longopts,
	CLI_AS_OF | CLI_REJECTS | CLI_DATE_FORMAT | CLI_DECIMAL_COMMA |
	    CLI_CSV_OUT
};

/* Reasons in order of strength: the strongest names a row. */
enum reason {
	POOL_RECLAIM, POOL_WARNING, FEEDBACK_FOLLOWUP, WELCOME, WINBACK,
	BIRTHDAY, HOLIDAY, PERIODIC, NREASONS
};

static const char *const reason_names[NREASONS + 1] = {
	"pool_reclaim", "pool_warning", "feedback_followup", "welcome",
	"winback", "birthday", "holiday", "periodic", NULL
};

enum channel { CH_NONE, CH_VISIT, CH_PHONE, CH_EMAIL, CH_SMS, CH_WECHAT };

static const char *const channel_names[] = {
	"", "visit", "phone", "email", "sms", "wechat", NULL
};

enum format { FORMAT_CSV, FORMAT_ICS, FORMAT_ICS_EVENT };

/* Customer columns found by the alias table (or --column). */
enum customer_column {
	COL_ID, COL_OWNER, COL_LEVEL, COL_FIRST, COL_P_ALIVE, COL_RISK,
	COL_BIRTHDAY, COL_CLAIM, COL_WON, COL_LOCKED, COL_NAME, COL_PHONE,
	COL_EMAIL, NCOLUMNS
};

static const char *const column_names[NCOLUMNS + 1] = {
	"customer_id", "owner", "level", "first_date", "p_alive", "churn_risk",
	"birthday", "claim_date", "won", "locked", "name", "phone", "email",
	NULL
};

/* The contact columns copied to the output, in this order. */
static const enum customer_column contact_columns[] = {
	COL_NAME, COL_PHONE, COL_EMAIL
};

struct schedule_options {
	const char *policy, *log, *feedback, *calendar, *capacity_file;
	const char *pool_out, *per_owner, *segment_column;
	const char *column[NCOLUMNS];
	unsigned weekend;
	long days, capacity, weekly;
	long feedback_days, welcome_days, winback_days, greeting_window;
	double winback_below;
	enum format format;
};

/* Policy */

struct contact_rule {
	char *match;
	long interval_days;	/* 0: no periodic contact */
	enum channel channel;
	long priority;
	bool greetings;
};

struct pool_rule {
	char *match;
	long followup_days;	/* 0: no follow-up limit */
	long deal_days;		/* 0: no deal limit */
	long warn_days;
	bool won_exempt;
};

struct policy {
	struct contact_rule *contact;
	size_t ncontact;
	const struct contact_rule *contact_default;
	struct pool_rule *pool;
	size_t npool;
	struct pool_rule pool_default;	/* WukongCRM 9.0 unless a * row */
	enum channel reason_channel[NREASONS];
	bool channel_given[NREASONS];
	long reason_priority[NREASONS];	/* 0: the segment's */
	bool reason_given[NREASONS];
};

/* Per customer: the last contact and the oldest unanswered ticket. */
struct history {
	int32_t last_contact;
	int32_t pending_resolved;
	bool contacted, pending;
};

struct owner_limits {
	long daily, weekly;	/* 0: none */
	bool given;
};

/* One customer row, as the triggers need it. */
struct customer {
	const struct field *id, *owner, *segment, *level;
	const struct history *history;
	int32_t first, birthday, claim;
	double p_alive;
	bool has_first, has_birthday, has_claim, has_p_alive;
	bool high_risk, won, locked;
};

/* The reasons a customer has, each with the day it falls due. */
struct triggers {
	unsigned mask;
	int32_t due[NREASONS];
	long idle_days;		/* for pool_reclaim */
	bool by_deal;		/* reclaimed by the deal limit */
};

/* A greeting day of the calendar that falls due within the plan. */
struct occasion {
	int32_t day, due;
};

/* A customer's rows before placement: reasons grouped by first day. */
struct row {
	size_t first;		/* plan index of the earliest day */
	int32_t target;
	unsigned reasons;
};

/* A row of the list before and after placement. */
struct task {
	uint32_t person;	/* index in the schedule's people */
	uint32_t owner;		/* index in the schedule's owners */
	int32_t target;		/* the day the earliest reason fell due */
	int32_t placed;		/* the working day it is planned for */
	long priority;
	unsigned reasons;
	enum reason strongest;
	enum channel channel;
};

/* The contact details of a customer with a task. */
struct person {
	struct field id;
	struct field contact[3];
};

/* Working days of the plan: day_at[k] is the k-th from the first. */
struct plan_days {
	int32_t *day_at;
	size_t count, capacity;
	size_t horizon;		/* --days */
};

/* Each owner's load: tasks per plan day and week, and free days. */
struct load {
	uint32_t *per_day, *per_week, *next_free;
	size_t ndays, nweeks;
	long daily, weekly;
};

struct schedule {
	struct schedule_options opt;
	struct common_options common;
	struct calendar *cal;
	struct policy policy;
	struct table *history;	/* customer id -> struct history */
	struct table *limits;	/* owner -> struct owner_limits */
	struct table *owners;	/* owner -> index */
	struct table *seen;	/* customer ids read, -> record number */
	struct plan_days plan;
	int32_t today, horizon_end;
	struct occasion *occasions;
	size_t noccasions;
	struct row *rows;	/* room for one customer's rows */
	struct task *tasks;
	size_t ntasks, tasks_cap;
	struct person *people;
	size_t npeople, people_cap;
	struct arena text;
	struct input *in;
	long column[NCOLUMNS];
	long segment_column;
	struct writer *pool_out;
	unsigned long long reclaimed, moved;
};

/* Options */

static long
positive_option(const char *option, const char *arg, const char *why)
{
	long v = cli_long(option, arg, 0, 100000);

	if (v == 0)
		die_usage("%s: 0 %s", option, why);
	return v;
}

static void
column_option(struct schedule_options *o, char *arg)
{
	char *eq = strchr(arg, '=');
	int name;

	if (eq == NULL || eq == arg || eq[1] == '\0')
		die_usage("--column: '%s' is not NAME=COL", arg);
	*eq = '\0';	/* argv is ours to split */
	name = cli_choice("--column", arg, column_names);
	o->column[name] = eq + 1;
}

static const char capacity_zero[] = "would leave tasks no day to go to "
    "(nothing is dropped); give 1 or more, or leave it out for no limit";

static void
set_defaults(struct schedule_options *o)
{
	memset(o, 0, sizeof(*o));
	o->weekend = WEEKEND_SAT_SUN;
	o->days = 1;
	o->feedback_days = 1;
	o->welcome_days = 14;
	o->winback_days = 30;
	o->greeting_window = 3;
	o->winback_below = 0.3;
}

static void
plan_option(struct schedule_options *o, int opt, const char *arg)
{
	switch (opt) {
	case OPT_DAYS:
		o->days = positive_option("--days", arg, "days plan nothing");
		break;
	case OPT_CAPACITY:
		o->capacity = positive_option("--capacity", arg,
		    capacity_zero);
		break;
	case OPT_WEEKLY:
		o->weekly = positive_option("--weekly", arg, capacity_zero);
		break;
	case OPT_WEEKEND:
		if (!calendar_parse_weekend(arg, &o->weekend))
			die_usage("--weekend: '%s' is not a list of weekdays "
			    "(e.g. sat,sun, fri,sat or none) that leaves a "
			    "working day", arg);
		break;
	}
}

static void
trigger_option(struct schedule_options *o, int opt, const char *arg)
{
	static const char *const formats[] = { "csv", "ics", "ics-event",
		NULL };

	switch (opt) {
	case OPT_FEEDBACK_DAYS:
		o->feedback_days = cli_long("--feedback-days", arg, 0, 3650);
		break;
	case OPT_WELCOME_DAYS:
		o->welcome_days = cli_long("--welcome-days", arg, 0, 3650);
		break;
	case OPT_WINBACK_DAYS:
		o->winback_days = cli_long("--winback-days", arg, 1, 3650);
		break;
	case OPT_WINBACK_BELOW:
		o->winback_below = cli_double("--winback-below", arg, 0, 1);
		break;
	case OPT_GREETING_WINDOW:
		o->greeting_window = cli_long("--greeting-window", arg, 0,
		    366);
		break;
	case OPT_FORMAT:
		o->format = (enum format)cli_choice("--format", arg, formats);
		break;
	}
}

static void
parse_options(struct cli *cli, struct schedule_options *o)
{
	int opt;

	set_defaults(o);
	while ((opt = cli_next(cli)) != -1) {
		switch (opt) {
		case OPT_POLICY: o->policy = cli->arg; break;
		case OPT_LOG: o->log = cli->arg; break;
		case OPT_FEEDBACK: o->feedback = cli->arg; break;
		case OPT_CALENDAR: o->calendar = cli->arg; break;
		case OPT_CAPACITY_FILE: o->capacity_file = cli->arg; break;
		case OPT_POOL_OUT: o->pool_out = cli->arg; break;
		case OPT_PER_OWNER: o->per_owner = cli->arg; break;
		case OPT_SEGMENT_COLUMN: o->segment_column = cli->arg; break;
		case OPT_COLUMN: column_option(o, (char *)cli->arg); break;
		case OPT_DAYS: case OPT_CAPACITY: case OPT_WEEKLY:
		case OPT_WEEKEND:
			plan_option(o, opt, cli->arg);
			break;
		case OPT_FEEDBACK_DAYS: case OPT_WELCOME_DAYS:
		case OPT_WINBACK_DAYS: case OPT_WINBACK_BELOW:
		case OPT_GREETING_WINDOW: case OPT_FORMAT:
			trigger_option(o, opt, cli->arg);
			break;
		default: die_usage("invalid option");
		}
	}
	if (o->policy == NULL)
		die_usage("--policy FILE is needed: the contact rules "
		    "(data/sample/policy.csv is an example)");
}

/* Side files: strict, with a header, read with the common CSV options. */
static struct input *
open_side_file(const struct common_options *common, const char *path)
{
	struct common_options strict = *common;
	char *files[1];

	files[0] = (char *)path;
	strict.rejects = NULL;
	strict.in.no_header = false;
	strict.in.progress = false;
	return input_open(&strict, files, 1);
}

static bool
field_is(const struct field *f, const char *word)
{
	return ascii_iequal(f->s, f->len, word, strlen(word));
}

/* yes/no words of CRM exports; -1 when the field is neither. */
static int
parse_flag(const struct field *f)
{
	static const char *const yes[] = { "1", "yes", "y", "true", "t", "是",
		"已成交", "锁定", "已锁定", NULL };
	static const char *const no[] = { "0", "no", "n", "false", "f", "否",
		"未成交", "未锁定", "", NULL };
	int i;

	for (i = 0; yes[i]; i++)
		if (field_is(f, yes[i]))
			return 1;
	for (i = 0; no[i]; i++)
		if (field_is(f, no[i]))
			return 0;
	return -1;
}

/* Policy file */

enum policy_column {
	P_RULE, P_MATCH, P_INTERVAL, P_CHANNEL, P_PRIORITY, P_GREETINGS,
	P_FOLLOWUP, P_DEAL, P_WARN, P_WON_EXEMPT, NPOLICY
};

static const char *const policy_columns[NPOLICY] = {
	"rule", "match", "interval_days", "channel", "priority", "greetings",
	"followup_days", "deal_days", "warn_days", "won_exempt"
};

/* Which columns each rule fills (others must be empty). */
static const unsigned contact_fields = 1u << P_INTERVAL |
    1u << P_CHANNEL | 1u << P_PRIORITY | 1u << P_GREETINGS;
static const unsigned pool_fields = 1u << P_FOLLOWUP | 1u << P_DEAL |
    1u << P_WARN | 1u << P_WON_EXEMPT;
static const unsigned reason_fields = 1u << P_CHANNEL | 1u << P_PRIORITY;

struct policy_row {
	const struct record *rec;
	const struct field *at[NPOLICY];
};

static const struct field empty_field = { "", 0 };

static void
bind_policy_columns(const struct record *h, long col[NPOLICY])
{
	size_t i;
	int c;

	for (c = 0; c < NPOLICY; c++)
		col[c] = COLUMN_NONE;
	for (i = 0; i < h->nfields; i++) {
		for (c = 0; c < NPOLICY; c++)
			if (field_is(&h->fields[i], policy_columns[c]))
				break;
		if (c == NPOLICY)
			record_die(h, "unknown policy column '%s' (the columns "
			    "are rule, match, interval_days, channel, priority,"
			    " greetings, followup_days, deal_days, warn_days, "
			    "won_exempt)", h->fields[i].s);
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
	int v;

	if (row->at[c]->len == 0)
		return dflt;
	if ((v = parse_flag(row->at[c])) < 0)
		record_die(row->rec, "%s must be yes or no ('%.60s')",
		    policy_columns[c], row->at[c]->s);
	return v == 1;
}

static enum channel
policy_channel(const struct policy_row *row)
{
	const struct field *f = row->at[P_CHANNEL];
	int i;

	for (i = CH_VISIT; channel_names[i]; i++)
		if (field_is(f, channel_names[i]))
			return (enum channel)i;
	record_die(row->rec, "channel '%.60s' is not one of visit, phone, "
	    "email, sms, wechat", f->s);
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

static void
add_contact_rule(struct policy *p, const struct policy_row *row)
{
	struct contact_rule *r;
	size_t i;

	check_unused(row, contact_fields);
	for (i = 0; i < p->ncontact; i++)
		if (strcmp(p->contact[i].match, row->at[P_MATCH]->s) == 0)
			record_die(row->rec, "a second contact rule for '%.60s'",
			    row->at[P_MATCH]->s);
	p->contact = xreallocarray(p->contact, p->ncontact + 1,
	    sizeof(*p->contact));
	r = &p->contact[p->ncontact++];
	r->match = xstrdup(row->at[P_MATCH]->s);
	r->interval_days = policy_number(row, P_INTERVAL, 1, 36500, 0);
	r->channel = policy_channel(row);
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
	size_t i;

	check_unused(row, pool_fields);
	for (i = 0; i < p->npool; i++)
		if (strcmp(p->pool[i].match, row->at[P_MATCH]->s) == 0)
			record_die(row->rec, "a second pool rule for '%.60s'",
			    row->at[P_MATCH]->s);
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
	int reason;

	check_unused(row, reason_fields);
	for (reason = 0; reason < NREASONS; reason++)
		if (field_is(row->at[P_MATCH], reason_names[reason]))
			break;
	if (reason == NREASONS)
		record_die(row->rec, "'%.60s' is not a reason code (pool_reclaim,"
		    " pool_warning, feedback_followup, welcome, winback, "
		    "birthday, holiday, periodic)", row->at[P_MATCH]->s);
	if (p->reason_given[reason])
		record_die(row->rec, "a second reason rule for %s",
		    reason_names[reason]);
	p->reason_given[reason] = true;
	if (row->at[P_CHANNEL]->len == 0 && row->at[P_PRIORITY]->len == 0)
		record_die(row->rec, "a reason rule needs a channel, a "
		    "priority or both");
	if (row->at[P_CHANNEL]->len > 0) {
		p->reason_channel[reason] = policy_channel(row);
		p->channel_given[reason] = true;
	}
	p->reason_priority[reason] = policy_number(row, P_PRIORITY, 1, 999,
	    0);
}

static void
policy_row(struct policy *p, const struct record *rec, const long *col)
{
	struct policy_row row;
	int c;

	row.rec = rec;
	for (c = 0; c < NPOLICY; c++)
		row.at[c] = col[c] == COLUMN_NONE ? &empty_field :
		    &rec->fields[col[c]];
	if (row.at[P_MATCH]->len == 0)
		record_die(rec, "match is empty (a segment, a level, a reason "
		    "code, or * for the default)");
	if (field_is(row.at[P_RULE], "contact"))
		add_contact_rule(p, &row);
	else if (field_is(row.at[P_RULE], "pool"))
		add_pool_rule(p, &row);
	else if (field_is(row.at[P_RULE], "reason"))
		add_reason_rule(p, &row);
	else
		record_die(rec, "rule '%.60s' is not contact, pool or reason",
		    row.at[P_RULE]->s);
}

/* Channels of the reasons that are not a tier's periodic contact. */
static void
default_channels(struct policy *p)
{
	if (!p->channel_given[WELCOME])
		p->reason_channel[WELCOME] = CH_PHONE;
	if (!p->channel_given[FEEDBACK_FOLLOWUP])
		p->reason_channel[FEEDBACK_FOLLOWUP] = CH_PHONE;
	if (!p->channel_given[BIRTHDAY])
		p->reason_channel[BIRTHDAY] = CH_WECHAT;
	if (!p->channel_given[HOLIDAY])
		p->reason_channel[HOLIDAY] = CH_WECHAT;
}

static void
load_policy(struct schedule *s)
{
	struct policy *p = &s->policy;
	struct input *in = open_side_file(&s->common, s->opt.policy);
	const struct record *rec;
	long col[NPOLICY];
	size_t i;

	bind_policy_columns(input_header(in), col);
	/* WukongCRM 9.0: 31 days without follow-up, warned 2 days ahead */
	p->pool_default = (struct pool_rule){ NULL, 31, 0, 2, true };
	while ((rec = input_next(in)) != NULL)
		policy_row(p, rec, col);
	input_close(in);
	for (i = 0; i < p->ncontact; i++)
		if (strcmp(p->contact[i].match, "*") == 0)
			p->contact_default = &p->contact[i];
	if (p->contact_default == NULL)
		die("%s: no default contact rule: add a row 'contact,*,...' "
		    "for the customers no other rule matches", s->opt.policy);
	for (i = 0; i < p->npool; i++)
		if (strcmp(p->pool[i].match, "*") == 0)
			p->pool_default = p->pool[i];
	default_channels(p);
}

static void
free_policy(struct policy *p)
{
	size_t i;

	for (i = 0; i < p->ncontact; i++)
		free(p->contact[i].match);
	for (i = 0; i < p->npool; i++)
		free(p->pool[i].match);
	free(p->contact);
	free(p->pool);
}

static const struct contact_rule *
contact_rule_for(const struct policy *p, const struct field *segment)
{
	size_t i;

	if (segment != NULL)
		for (i = 0; i < p->ncontact; i++)
			if (strcmp(p->contact[i].match, segment->s) == 0)
				return &p->contact[i];
	return p->contact_default;
}

static const struct pool_rule *
pool_rule_for(const struct policy *p, const struct field *level)
{
	size_t i;

	if (level != NULL)
		for (i = 0; i < p->npool; i++)
			if (strcmp(p->pool[i].match, level->s) == 0)
				return &p->pool[i];
	return &p->pool_default;
}

/* Calendar file */

static enum day_kind
calendar_type(const struct record *rec, const struct field *f)
{
	if (field_is(f, "holiday"))
		return DAY_HOLIDAY;
	if (field_is(f, "workday"))
		return DAY_WORKDAY;
	if (field_is(f, "greeting"))
		return DAY_GREETING;
	record_die(rec, "type '%.60s' is not holiday, workday or greeting",
	    f->s);
}

static void
calendar_row(struct calendar *cal, const struct record *rec,
    const long col[3])
{
	const struct field *date = &rec->fields[col[0]];
	unsigned long long first;
	enum day_kind kind = calendar_type(rec, &rec->fields[col[1]]);
	int32_t day;

	if (date_parse(date->s, date->len, NULL, &day) != DATE_OK)
		record_die(rec, "not a date (date, '%.60s')", date->s);
	if (!calendar_add(cal, day, kind, col[2] == COLUMN_NONE ? "" :
	    rec->fields[col[2]].s, rec->recno, &first))
		record_die(rec, "%s is listed twice as a %s, first at record "
		    "%llu", date->s, kind == DAY_GREETING ? "greeting" :
		    "holiday or workday", first);
}

static void
load_calendar(struct schedule *s)
{
	struct input *in;
	const struct record *rec, *h;
	long col[3];

	s->cal = calendar_new(s->opt.weekend);
	if (s->opt.calendar == NULL)
		return;
	in = open_side_file(&s->common, s->opt.calendar);
	h = input_header(in);
	col[0] = column_require(h, "date");
	col[1] = column_require(h, "type");
	col[2] = column_lookup(h, "name");
	while ((rec = input_next(in)) != NULL)
		calendar_row(s->cal, rec, col);
	input_close(in);
}

/* Contact log and tickets */

static struct history *
history_of(struct schedule *s, const struct field *id)
{
	bool added;

	return table_upsert(s->history, id->s, id->len, &added);
}

static void
load_log(struct schedule *s)
{
	struct input *in;
	const struct record *rec;
	struct history *h;
	long id_col, date_col;
	int32_t day;

	if (s->opt.log == NULL)
		return;
	in = open_side_file(&s->common, s->opt.log);
	id_col = column_find(input_header(in), "customer_id", NULL, true);
	date_col = column_find(input_header(in), "contact_date", NULL, true);
	while ((rec = input_next(in)) != NULL) {
		if (rec->fields[id_col].len == 0)
			record_die(rec, "empty customer id");
		input_date(in, rec, date_col, s->common.date_format, &day);
		if (day > s->today)
			continue;	/* logged ahead: not yet happened */
		h = history_of(s, &rec->fields[id_col]);
		if (!h->contacted || day > h->last_contact)
			h->last_contact = day;
		h->contacted = true;
	}
	input_close(in);
}

/* A resolved ticket waits for its call back until a contact on or after
 * the day it was resolved; the oldest such ticket sets the due day. */
static void
ticket_row(struct schedule *s, struct input *in, const struct record *rec,
    const long col[3])
{
	const struct field *resolved = &rec->fields[col[1]];
	struct history *h;
	int32_t day;

	if (rec->fields[col[0]].len == 0)
		record_die(rec, "empty customer id");
	if (resolved->len == 0)
		return;		/* still open */
	if (col[2] != COLUMN_NONE && (field_is(&rec->fields[col[2]], "closed")
	    || field_is(&rec->fields[col[2]], "已关闭")))
		return;		/* the call back is on record */
	input_date(in, rec, col[1], s->common.date_format, &day);
	if (day > s->today)
		return;
	h = history_of(s, &rec->fields[col[0]]);
	if (h->contacted && h->last_contact >= day)
		return;
	if (!h->pending || day < h->pending_resolved)
		h->pending_resolved = day;
	h->pending = true;
}

static void
load_feedback(struct schedule *s)
{
	struct input *in;
	const struct record *rec;
	long col[3];

	if (s->opt.feedback == NULL)
		return;
	in = open_side_file(&s->common, s->opt.feedback);
	col[0] = column_find(input_header(in), "customer_id", NULL, true);
	col[1] = column_find(input_header(in), "resolved_date", NULL, true);
	col[2] = column_find(input_header(in), "status", NULL, false);
	while ((rec = input_next(in)) != NULL)
		ticket_row(s, in, rec, col);
	input_close(in);
}

/* Capacity */

static long
limit_field(const struct record *rec, long col, const char *what)
{
	const struct field *f;
	char *end;
	long v;

	if (col == COLUMN_NONE || (f = &rec->fields[col])->len == 0)
		return -1;
	v = strtol(f->s, &end, 10);
	if (!all_digits(f->s, f->len) || *end != '\0' || v > 1000000)
		record_die(rec, "%s must be a whole number ('%.60s')", what,
		    f->s);
	if (v == 0)
		record_die(rec, "%s 0 %s", what, capacity_zero);
	return v;
}

static void
load_capacity(struct schedule *s)
{
	struct input *in;
	const struct record *rec;
	struct owner_limits *lim;
	long owner, daily, weekly;
	bool added;

	s->limits = table_new(sizeof(struct owner_limits));
	if (s->opt.capacity_file == NULL)
		return;
	in = open_side_file(&s->common, s->opt.capacity_file);
	owner = column_find(input_header(in), "owner", NULL, true);
	daily = column_require(input_header(in), "capacity");
	weekly = column_lookup(input_header(in), "weekly");
	while ((rec = input_next(in)) != NULL) {
		lim = table_upsert(s->limits, rec->fields[owner].s,
		    rec->fields[owner].len, &added);
		if (!added)
			record_die(rec, "owner '%.60s' is listed twice",
			    rec->fields[owner].s);
		lim->daily = limit_field(rec, daily, "capacity");
		lim->weekly = limit_field(rec, weekly, "weekly");
		lim->given = true;
	}
	input_close(in);
}

/* Plan days */

static void
extend_plan(struct schedule *s, size_t count)
{
	struct plan_days *p = &s->plan;
	int32_t day;

	while (p->count < count) {
		if (p->count == p->capacity) {
			p->capacity = grow_capacity(p->capacity, p->count + 1);
			p->day_at = xreallocarray(p->day_at, p->capacity,
			    sizeof(*p->day_at));
		}
		day = p->count == 0 ? s->today : p->day_at[p->count - 1] + 1;
		p->day_at[p->count++] = calendar_next_working(s->cal, day);
	}
}

static void
init_plan(struct schedule *s)
{
	s->plan.horizon = (size_t)s->opt.days;
	extend_plan(s, s->plan.horizon);
	s->horizon_end = s->plan.day_at[s->plan.horizon - 1];
}

/* The index of the first plan day on or after day (day <= horizon end). */
static size_t
plan_index(const struct schedule *s, int32_t day)
{
	size_t lo = 0, hi = s->plan.horizon, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->plan.day_at[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Customers */

static const struct field *
field_at(const struct record *rec, long col)
{
	return col == COLUMN_NONE ? NULL : &rec->fields[col];
}

/* An optional date column: *has false when absent or empty. */
static bool
read_date(struct schedule *s, const struct record *rec,
    enum customer_column c, int32_t *day, bool *has)
{
	*has = false;
	if (s->column[c] == COLUMN_NONE || rec->fields[s->column[c]].len == 0)
		return true;
	if (!input_date(s->in, rec, s->column[c], s->common.date_format, day))
		return false;
	*has = true;
	return true;
}

static bool
read_flag(struct schedule *s, const struct record *rec,
    enum customer_column c, bool *out)
{
	const struct field *f = field_at(rec, s->column[c]);
	int v = f ? parse_flag(f) : 0;

	if (v < 0) {
		input_reject(s->in, rec, "not yes or no (%s, '%.60s')",
		    input_header(s->in)->fields[s->column[c]].s, f->s);
		return false;
	}
	*out = v == 1;
	return true;
}

static bool
read_p_alive(struct schedule *s, const struct record *rec,
    struct customer *c)
{
	long col = s->column[COL_P_ALIVE];

	c->has_p_alive = false;
	if (col == COLUMN_NONE || rec->fields[col].len == 0)
		return true;
	if (!input_number(s->in, rec, col, s->common.decimal, &c->p_alive))
		return false;
	c->has_p_alive = true;
	return true;
}

static bool
high_risk(const struct field *risk)
{
	return risk != NULL && (field_is(risk, "high") ||
	    field_is(risk, "高") || field_is(risk, "高风险"));
}

/* A customer id seen before is an error: it would be planned twice. */
static bool
first_time(struct schedule *s, const struct record *rec)
{
	const struct field *id = &rec->fields[s->column[COL_ID]];
	unsigned long long *first;
	bool added;

	if (id->len == 0) {
		input_reject(s->in, rec, "empty customer id");
		return false;
	}
	first = table_upsert(s->seen, id->s, id->len, &added);
	if (!added) {
		input_reject(s->in, rec, "customer '%.60s' repeated, first at "
		    "record %llu", id->s, *first);
		return false;
	}
	*first = rec->recno;
	return true;
}

static bool
read_customer(struct schedule *s, const struct record *rec,
    struct customer *c)
{
	memset(c, 0, sizeof(*c));
	if (!first_time(s, rec))
		return false;
	c->id = &rec->fields[s->column[COL_ID]];
	c->owner = field_at(rec, s->column[COL_OWNER]);
	c->segment = field_at(rec, s->segment_column);
	c->level = field_at(rec, s->column[COL_LEVEL]);
	c->high_risk = high_risk(field_at(rec, s->column[COL_RISK]));
	c->history = table_find(s->history, c->id->s, c->id->len);
	return read_date(s, rec, COL_FIRST, &c->first, &c->has_first) &&
	    read_date(s, rec, COL_BIRTHDAY, &c->birthday, &c->has_birthday) &&
	    read_date(s, rec, COL_CLAIM, &c->claim, &c->has_claim) &&
	    read_p_alive(s, rec, c) &&
	    read_flag(s, rec, COL_WON, &c->won) &&
	    read_flag(s, rec, COL_LOCKED, &c->locked);
}

static bool
has_owner(const struct customer *c)
{
	return c->owner != NULL && c->owner->len > 0;
}

static bool
contacted_since(const struct customer *c, int32_t day)
{
	return c->history != NULL && c->history->contacted &&
	    c->history->last_contact >= day;
}

/* Triggers */

static void
add_trigger(struct schedule *s, struct triggers *t, enum reason r,
    int32_t due)
{
	due = calendar_next_working(s->cal, due);
	if (due > s->horizon_end)
		return;
	if ((t->mask & 1u << r) == 0 || due < t->due[r])
		t->due[r] = due;
	t->mask |= 1u << r;
}

/* Reclaim past the limit; warn from limit - warn to limit, inclusive. */
static void
pool_limit(struct schedule *s, struct triggers *t, int32_t since,
    long limit, long warn, bool by_deal)
{
	long days = (long)s->today - since;

	if (days > limit) {
		if ((t->mask & 1u << POOL_RECLAIM) == 0 || days > t->idle_days) {
			t->idle_days = days;
			t->by_deal = by_deal;
		}
		t->mask |= 1u << POOL_RECLAIM;
		t->due[POOL_RECLAIM] = s->today;
	} else {
		add_trigger(s, t, POOL_WARNING, since + (int32_t)(limit - warn));
	}
}

/*
 * WukongCRM's public-pool rules: an owned, unlocked customer goes back
 * to the pool when the days since the later of its last contact and its
 * claim exceed the follow-up limit (won customers exempt if the rule
 * says so), or the days since the claim exceed the deal limit and it has
 * not been won.
 */
static void
pool_triggers(struct schedule *s, const struct customer *c,
    struct triggers *t)
{
	const struct pool_rule *rule = pool_rule_for(&s->policy, c->level);
	bool contacted = c->history && c->history->contacted;
	int32_t since;

	if (!has_owner(c) || c->locked)
		return;
	if (rule->followup_days && !(c->won && rule->won_exempt) &&
	    (contacted || c->has_claim)) {
		since = contacted ? c->history->last_contact : c->claim;
		if (c->has_claim && c->claim > since)
			since = c->claim;
		pool_limit(s, t, since, rule->followup_days, rule->warn_days,
		    false);
	}
	if (rule->deal_days && !c->won && c->has_claim)
		pool_limit(s, t, c->claim, rule->deal_days, rule->warn_days,
		    true);
	if (t->mask & 1u << POOL_RECLAIM)
		t->mask &= ~(1u << POOL_WARNING);
}

static bool
at_risk(const struct schedule *s, const struct customer *c)
{
	return c->high_risk || (c->has_p_alive &&
	    c->p_alive < s->opt.winback_below);
}

/*
 * An interval after the last contact, else the claim, else the first
 * purchase; a customer with none of them has waited long enough.
 */
static int32_t
periodic_due(const struct schedule *s, const struct customer *c,
    long interval)
{
	if (c->history && c->history->contacted)
		return c->history->last_contact + (int32_t)interval;
	if (c->has_claim)
		return c->claim + (int32_t)interval;
	return c->has_first ? c->first + (int32_t)interval : s->today;
}

static void
contact_triggers(struct schedule *s, const struct customer *c,
    const struct contact_rule *rule, struct triggers *t)
{
	const struct history *h = c->history;
	long age = (long)s->today - c->first;

	if (h && h->pending)
		add_trigger(s, t, FEEDBACK_FOLLOWUP, h->pending_resolved +
		    (int32_t)s->opt.feedback_days);
	if (c->has_first && age >= 0 && age <= s->opt.welcome_days &&
	    !contacted_since(c, c->first))
		add_trigger(s, t, WELCOME, c->first + 1);
	if (at_risk(s, c))
		add_trigger(s, t, WINBACK, h && h->contacted ?
		    h->last_contact + (int32_t)s->opt.winback_days :
		    s->today);
	if (rule->interval_days && has_owner(c))
		add_trigger(s, t, PERIODIC, periodic_due(s, c,
		    rule->interval_days));
}

/* The next birthday on or after today; 29 February is 28 in other years. */
static int32_t
next_birthday(int32_t today, int32_t birthday)
{
	int year, month, day, by, bm, bd, n;
	int32_t next;

	civil_from_days(today, &year, &month, &day);
	civil_from_days(birthday, &by, &bm, &bd);
	for (;; year++) {
		n = days_in_month(year, bm);
		next = days_from_civil(year, bm, bd < n ? bd : n);
		if (next >= today)
			return next;
	}
}

/* A greeting is due on the last working day on or before its occasion. */
static int32_t
greeting_due(const struct schedule *s, int32_t occasion)
{
	return calendar_prev_working(s->cal, occasion);
}

/* A contact in the window before the occasion (or since it fell due). */
static bool
greeted(const struct schedule *s, const struct customer *c,
    int32_t occasion, int32_t due)
{
	int32_t from = occasion - (int32_t)s->opt.greeting_window;

	return contacted_since(c, due < from ? due : from);
}

/* The calendar's greeting days whose greeting falls due in the plan. */
static void
find_occasions(struct schedule *s)
{
	const char *name;
	int32_t day;
	size_t i, n = 0;

	/* a greeting is due at most a long holiday before its day */
	for (i = 0; calendar_greeting(s->cal, s->today, s->horizon_end + 60,
	    i, &day, &name); i++)
		n++;
	s->occasions = xcalloc(n + 1, sizeof(*s->occasions));
	for (i = 0; calendar_greeting(s->cal, s->today, s->horizon_end + 60,
	    i, &day, &name); i++) {
		if (greeting_due(s, day) > s->horizon_end)
			break;
		s->occasions[s->noccasions].day = day;
		s->occasions[s->noccasions++].due = greeting_due(s, day);
	}
	s->rows = xcalloc(s->noccasions + 2, sizeof(*s->rows));
}

/* Rows */

static size_t
first_index(const struct schedule *s, int32_t due)
{
	return plan_index(s, due < s->today ? s->today : due);
}

/* Reasons due on the same first day share a row. */
static size_t
add_row(struct schedule *s, size_t nrows, int32_t due, unsigned reasons)
{
	size_t first = first_index(s, due), i;

	for (i = 0; i < nrows; i++)
		if (s->rows[i].first == first) {
			s->rows[i].reasons |= reasons;
			if (due < s->rows[i].target)
				s->rows[i].target = due;
			return nrows;
		}
	s->rows[nrows].first = first;
	s->rows[nrows].target = due;
	s->rows[nrows].reasons = reasons;
	return nrows + 1;
}

/*
 * One contact serves every reason but the greetings, since it restarts
 * their clocks: they share one row on the earliest day any of them is
 * due. A greeting keeps to its occasion and joins a row only of its day.
 */
static size_t
build_rows(struct schedule *s, const struct customer *c,
    const struct contact_rule *rule, const struct triggers *t)
{
	unsigned contact = t->mask & ~(1u << BIRTHDAY | 1u << HOLIDAY);
	int32_t due = INT32_MAX, occasion;
	size_t nrows = 0, i;
	int r;

	for (r = 0; r < NREASONS; r++)
		if ((contact & 1u << r) && t->due[r] < due)
			due = t->due[r];
	if (contact)
		nrows = add_row(s, nrows, due, contact);
	if (rule->greetings && c->has_birthday) {
		occasion = next_birthday(s->today, c->birthday);
		due = greeting_due(s, occasion);
		if (due <= s->horizon_end && !greeted(s, c, occasion, due))
			nrows = add_row(s, nrows, due, 1u << BIRTHDAY);
	}
	for (i = 0; rule->greetings && i < s->noccasions; i++)
		if (!greeted(s, c, s->occasions[i].day, s->occasions[i].due))
			nrows = add_row(s, nrows, s->occasions[i].due,
			    1u << HOLIDAY);
	return nrows;
}

/* Tasks */

static struct field
keep_text(struct schedule *s, const struct field *f)
{
	struct field kept = { "", 0 };

	if (f != NULL && f->len > 0) {
		kept.s = arena_strndup(&s->text, f->s, f->len);
		kept.len = f->len;
	}
	return kept;
}

static uint32_t
add_person(struct schedule *s, const struct record *rec)
{
	struct person *p;
	size_t i;

	if (s->npeople == s->people_cap) {
		s->people_cap = grow_capacity(s->people_cap, s->npeople + 1);
		s->people = xreallocarray(s->people, s->people_cap,
		    sizeof(*s->people));
	}
	p = &s->people[s->npeople];
	p->id = keep_text(s, &rec->fields[s->column[COL_ID]]);
	for (i = 0; i < 3; i++)
		p->contact[i] = keep_text(s, field_at(rec,
		    s->column[contact_columns[i]]));
	return (uint32_t)s->npeople++;
}

static uint32_t
owner_index(struct schedule *s, const struct field *owner)
{
	uint32_t *index;
	bool added;

	if (owner == NULL)
		owner = &empty_field;
	index = table_upsert(s->owners, owner->s, owner->len, &added);
	if (added)
		*index = (uint32_t)(table_count(s->owners) - 1);
	return *index;
}

static enum reason
strongest(unsigned reasons)
{
	int r;

	for (r = 0; r < NREASONS - 1; r++)
		if (reasons & 1u << r)
			break;
	return (enum reason)r;
}

static enum channel
channel_of(const struct policy *p, const struct contact_rule *rule,
    enum reason r)
{
	if (p->channel_given[r] || r == WELCOME || r == FEEDBACK_FOLLOWUP ||
	    r == BIRTHDAY || r == HOLIDAY)
		return p->reason_channel[r];
	return r == POOL_RECLAIM ? CH_NONE : rule->channel;
}

/* The most urgent of the segment's priority and its reasons'. */
static long
priority_of(const struct policy *p, const struct contact_rule *rule,
    unsigned reasons)
{
	long priority = rule->priority;
	int r;

	for (r = 0; r < NREASONS; r++)
		if ((reasons & 1u << r) && p->reason_priority[r] &&
		    p->reason_priority[r] < priority)
			priority = p->reason_priority[r];
	return priority;
}

static struct task *
new_task(struct schedule *s)
{
	if (s->ntasks == s->tasks_cap) {
		s->tasks_cap = grow_capacity(s->tasks_cap, s->ntasks + 1);
		s->tasks = xreallocarray(s->tasks, s->tasks_cap,
		    sizeof(*s->tasks));
	}
	return &s->tasks[s->ntasks++];
}

static void
add_tasks(struct schedule *s, const struct record *rec,
    const struct customer *c, const struct contact_rule *rule,
    const struct triggers *t, size_t nrows)
{
	uint32_t person = add_person(s, rec);
	/* a reclaimed customer is the manager's: the owner is cleared */
	uint32_t owner = owner_index(s, t->mask & 1u << POOL_RECLAIM ? NULL :
	    c->owner);
	struct task *task;
	size_t i;

	for (i = 0; i < nrows; i++) {
		task = new_task(s);
		task->person = person;
		task->owner = owner;
		task->target = s->rows[i].target;
		task->placed = s->plan.day_at[s->rows[i].first];
		task->reasons = s->rows[i].reasons;
		task->priority = priority_of(&s->policy, rule, task->reasons);
		task->strongest = strongest(task->reasons);
		task->channel = channel_of(&s->policy, rule, task->strongest);
	}
}

/* The reclaimed customer's row with the owner cleared, and why. */
static void
write_pool_out(struct schedule *s, const struct record *rec,
    const struct customer *c, const struct triggers *t)
{
	size_t i;

	if (s->pool_out == NULL)
		return;
	for (i = 0; i < rec->nfields; i++)
		if ((long)i == s->column[COL_OWNER])
			writer_empty(s->pool_out);
		else
			writer_text(s->pool_out, rec->fields[i].s,
			    rec->fields[i].len);
	writer_text(s->pool_out, c->owner->s, c->owner->len);
	writer_string(s->pool_out, t->by_deal ? "no_deal" : "no_followup");
	writer_int(s->pool_out, t->idle_days);
	writer_end(s->pool_out);
}

static void
schedule_customer(struct schedule *s, const struct record *rec)
{
	struct customer c;
	struct triggers t;
	const struct contact_rule *rule;
	size_t nrows;

	if (!read_customer(s, rec, &c))
		return;
	memset(&t, 0, sizeof(t));
	rule = contact_rule_for(&s->policy, c.segment);
	pool_triggers(s, &c, &t);
	contact_triggers(s, &c, rule, &t);
	if ((nrows = build_rows(s, &c, rule, &t)) > 0)
		add_tasks(s, rec, &c, rule, &t, nrows);
	if (t.mask & 1u << POOL_RECLAIM) {
		s->reclaimed++;
		write_pool_out(s, rec, &c, &t);
	}
}

/* Placement within capacity */

/* ISO weeks (Monday first) since the week of 1970-01-01, a Thursday. */
static int32_t
week_of(int32_t day)
{
	int32_t d = day + 3;

	return d >= 0 ? d / 7 : -((-d + 6) / 7);
}

static size_t
week_index(const struct schedule *s, size_t k)
{
	return (size_t)(week_of(s->plan.day_at[k]) -
	    week_of(s->plan.day_at[0]));
}

static bool
week_full(const struct load *l, size_t week)
{
	return l->weekly && week < l->nweeks && l->per_week[week] >=
	    (uint32_t)l->weekly;
}

/* Room for plan days [0, ndays); a day of a full week is full. */
static void
load_grow(struct schedule *s, struct load *l, size_t ndays)
{
	size_t i, weeks;

	if (ndays <= l->ndays)
		return;
	ndays = grow_capacity(l->ndays, ndays);
	extend_plan(s, ndays);
	l->per_day = xreallocarray(l->per_day, ndays, sizeof(*l->per_day));
	l->next_free = xreallocarray(l->next_free, ndays,
	    sizeof(*l->next_free));
	weeks = week_index(s, ndays - 1) + 1;
	l->per_week = xreallocarray(l->per_week, weeks, sizeof(*l->per_week));
	memset(l->per_week + l->nweeks, 0, (weeks - l->nweeks) *
	    sizeof(*l->per_week));
	for (i = l->ndays; i < ndays; i++) {
		l->per_day[i] = 0;
		l->next_free[i] = (uint32_t)(week_full(l, week_index(s, i)) ?
		    i + 1 : i);
	}
	l->ndays = ndays;
	l->nweeks = weeks;
}

/* The first plan day from k on with room (union-find with path halving). */
static size_t
find_free(struct schedule *s, struct load *l, size_t k)
{
	size_t next;

	for (;;) {
		load_grow(s, l, k + 2);
		if (l->next_free[k] == k)
			return k;
		next = l->next_free[k];
		load_grow(s, l, next + 2);
		l->next_free[k] = l->next_free[next];
		k = next;
	}
}

static void
mark_week_full(const struct schedule *s, struct load *l, size_t k,
    size_t week)
{
	size_t j;

	for (j = k; j > 0 && week_index(s, j - 1) == week; j--)
		l->next_free[j - 1] = (uint32_t)j;
	for (j = k; j < l->ndays && week_index(s, j) == week; j++)
		l->next_free[j] = (uint32_t)(j + 1);
}

static void
take_day(const struct schedule *s, struct load *l, size_t k)
{
	size_t week = week_index(s, k);

	l->per_day[k]++;
	l->per_week[week]++;
	if (l->daily && l->per_day[k] >= (uint32_t)l->daily)
		l->next_free[k] = (uint32_t)(k + 1);
	if (week_full(l, week))
		mark_week_full(s, l, k, week);
}

static void
free_load(struct load *l)
{
	free(l->per_day);
	free(l->per_week);
	free(l->next_free);
	memset(l, 0, sizeof(*l));
}

/* An owner's limits: its row in --capacity-file, else the options. */
static void
owner_limits(const struct schedule *s, const struct field *owner,
    struct load *l)
{
	const struct owner_limits *lim = table_find(s->limits, owner->s,
	    owner->len);

	l->daily = s->opt.capacity;
	l->weekly = s->opt.weekly;
	if (lim != NULL && lim->daily > 0)
		l->daily = lim->daily;
	if (lim != NULL && lim->weekly > 0)
		l->weekly = lim->weekly;
	if (owner->len == 0)
		l->daily = l->weekly = 0;	/* the pool list has no limit */
}

/* Sort keys, so that comparisons need no context. */
struct task_key {
	uint32_t owner;		/* rank of the owner's name */
	int32_t day;
	long priority;
	enum reason strongest;
	int32_t target;
	const char *id;
	size_t id_len;
	size_t task;
};

static int
compare_ids(const struct task_key *x, const struct task_key *y)
{
	size_t n = x->id_len < y->id_len ? x->id_len : y->id_len;
	int c = memcmp(x->id, y->id, n);

	return c ? c : (x->id_len > y->id_len) - (x->id_len < y->id_len);
}

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

/* Placement order: per owner, most urgent first, then oldest. */
static int
compare_placement(const void *a, const void *b)
{
	const struct task_key *x = a, *y = b;
	int c;

	if ((c = CMP(x->owner, y->owner)) || (c = CMP(x->priority,
	    y->priority)) || (c = CMP(x->strongest, y->strongest)) ||
	    (c = CMP(x->target, y->target)) || (c = compare_ids(x, y)))
		return c;
	return CMP(x->task, y->task);
}

/* Output order: owner, day, priority, customer id. */
static int
compare_output(const void *a, const void *b)
{
	const struct task_key *x = a, *y = b;
	int c;

	if ((c = CMP(x->owner, y->owner)) || (c = CMP(x->day, y->day)) ||
	    (c = CMP(x->priority, y->priority)) || (c = compare_ids(x, y)) ||
	    (c = CMP(x->strongest, y->strongest)))
		return c;
	return CMP(x->task, y->task);
}

static int
compare_names(const void *a, const void *b)
{
	const struct field *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);

	return c ? c : CMP(x->len, y->len);
}

/* The rank of each owner's name in byte order, by owner index. */
static uint32_t *
owner_ranks(const struct schedule *s)
{
	size_t n = table_count(s->owners), i;
	struct field *names = xcalloc(n + 1, sizeof(*names));
	uint32_t *rank = xcalloc(n + 1, sizeof(*rank));

	for (i = 0; i < n; i++)
		names[i].s = table_key(s->owners, i, &names[i].len);
	qsort(names, n, sizeof(*names), compare_names);
	for (i = 0; i < n; i++)
		rank[*(uint32_t *)table_find(s->owners, names[i].s,
		    names[i].len)] = (uint32_t)i;
	free(names);
	return rank;
}

static struct task_key *
task_keys(const struct schedule *s, const uint32_t *rank)
{
	struct task_key *keys = xcalloc(s->ntasks + 1, sizeof(*keys));
	const struct task *t;
	size_t i;

	for (i = 0; i < s->ntasks; i++) {
		t = &s->tasks[i];
		keys[i].owner = rank[t->owner];
		keys[i].day = t->placed;
		keys[i].priority = t->priority;
		keys[i].strongest = t->strongest;
		keys[i].target = t->target;
		keys[i].id = s->people[t->person].id.s;
		keys[i].id_len = s->people[t->person].id.len;
		keys[i].task = i;
	}
	return keys;
}

/*
 * Each owner's tasks in order of urgency take the first working day,
 * from the day they fall due, with room in that day and its week; the
 * plan runs past --days as far as needed, so nothing is dropped.
 */
static void
place_tasks(struct schedule *s, struct task_key *keys)
{
	struct load l;
	struct task *t;
	struct field owner;
	size_t i, k;

	memset(&l, 0, sizeof(l));
	qsort(keys, s->ntasks, sizeof(*keys), compare_placement);
	for (i = 0; i < s->ntasks; i++) {
		t = &s->tasks[keys[i].task];
		if (i == 0 || keys[i].owner != keys[i - 1].owner) {
			free_load(&l);
			owner.s = table_key(s->owners, t->owner, &owner.len);
			owner_limits(s, &owner, &l);
		}
		if (l.daily == 0 && l.weekly == 0)
			continue;
		k = find_free(s, &l, plan_index(s, t->placed));
		take_day(s, &l, k);
		if (s->plan.day_at[k] != t->placed)
			s->moved++;
		t->placed = s->plan.day_at[k];
		keys[i].day = t->placed;
	}
	free_load(&l);
}

/* Output */

static bool
has_contact_column(const struct schedule *s, size_t i)
{
	return s->column[contact_columns[i]] != COLUMN_NONE;
}

static void
write_csv_header(const struct schedule *s, struct writer *w)
{
	static const char *const own[] = { "customer_id", "owner",
		"due_date", "channel", "reason", "priority", "overdue_days",
		"other_reasons", NULL };
	size_t i;

	for (i = 0; own[i]; i++)
		writer_string(w, own[i]);
	for (i = 0; i < 3; i++)
		if (has_contact_column(s, i))
			writer_string(w, column_names[contact_columns[i]]);
	writer_end(w);
}

/* The reasons of a row other than its strongest, strongest first. */
static size_t
other_reasons(const struct task *t, char *buf, size_t size)
{
	size_t n = 0;
	int r;

	buf[0] = '\0';
	for (r = 0; r < NREASONS; r++)
		if ((t->reasons & 1u << r) && r != (int)t->strongest)
			n += (size_t)snprintf(buf + n, size - n, "%s%s",
			    n ? ";" : "", reason_names[r]);
	return n;
}

static void
write_csv_row(const struct schedule *s, struct writer *w,
    const struct task *t)
{
	const struct person *p = &s->people[t->person];
	char others[256];
	size_t len, i;
	const char *owner = table_key(s->owners, t->owner, &len);

	writer_text(w, p->id.s, p->id.len);
	writer_text(w, owner, len);
	writer_date(w, t->placed);
	writer_string(w, channel_names[t->channel]);
	writer_string(w, reason_names[t->strongest]);
	writer_int(w, t->priority);
	writer_int(w, t->placed - t->target);
	len = other_reasons(t, others, sizeof(others));
	writer_text(w, others, len);
	for (i = 0; i < 3; i++)
		if (has_contact_column(s, i))
			writer_text(w, p->contact[i].s, p->contact[i].len);
	writer_end(w);
}

/* "periodic: 王芳 (K000002), phone" */
static void
ics_summary(const struct schedule *s, struct writer *w, const struct task *t)
{
	const struct person *p = &s->people[t->person];
	size_t size = p->id.len + p->contact[0].len + 64;
	char *text = xmalloc(size);
	int n;

	if (p->contact[0].len > 0)
		n = snprintf(text, size, "%s: %s (%s)", reason_names[t->strongest],
		    p->contact[0].s, p->id.s);
	else
		n = snprintf(text, size, "%s: %s", reason_names[t->strongest],
		    p->id.s);
	if (t->channel != CH_NONE)
		n += snprintf(text + n, size - (size_t)n, ", %s",
		    channel_names[t->channel]);
	ics_text(w, "SUMMARY", text, (size_t)n);
	free(text);
}

static size_t
append_line(char **buf, size_t *cap, size_t used, const char *label,
    const char *value, size_t len)
{
	size_t need = used + strlen(label) + len + 4;

	if (len == 0)
		return used;
	if (need > *cap) {
		*cap = grow_capacity(*cap, need);
		*buf = xrealloc(*buf, *cap);
	}
	return used + (size_t)snprintf(*buf + used, *cap - used, "%s%s: %.*s",
	    used ? "\n" : "", label, (int)len, value);
}

static void
ics_description(const struct schedule *s, struct writer *w,
    const struct task *t)
{
	static const char *const labels[] = { "name", "phone", "email" };
	const struct person *p = &s->people[t->person];
	char others[256], number[32], *text = NULL;
	size_t cap = 0, n = 0, len, i;
	const char *owner = table_key(s->owners, t->owner, &len);

	n = append_line(&text, &cap, n, "customer", p->id.s, p->id.len);
	n = append_line(&text, &cap, n, "owner", owner, len);
	len = other_reasons(t, others, sizeof(others));
	n = append_line(&text, &cap, n, "other reasons", others, len);
	len = (size_t)snprintf(number, sizeof(number), "%ld",
	    (long)(t->placed - t->target));
	n = append_line(&text, &cap, n, "overdue days", number, len);
	for (i = 0; i < 3; i++)
		n = append_line(&text, &cap, n, labels[i], p->contact[i].s,
		    p->contact[i].len);
	ics_text(w, "DESCRIPTION", text, n);
	free(text);
}

static void
ics_component(const struct schedule *s, struct writer *w,
    const struct task *t)
{
	const struct person *p = &s->people[t->person];
	bool event = s->opt.format == FORMAT_ICS_EVENT;
	const char *component = event ? "VEVENT" : ICS_TASK;
	char uid[ICS_UID_SIZE], number[24];

	ics_property(w, "BEGIN", component, strlen(component));
	ics_uid(uid, p->id.s, p->id.len, reason_names[t->strongest], t->target,
	    "crm-schedule");
	ics_property(w, "UID", uid, strlen(uid));
	ics_midnight_utc(w, "DTSTAMP", s->today);
	if (event) {
		ics_date(w, "DTSTART", t->placed);
		ics_date(w, "DTEND", t->placed + 1);
		ics_property(w, "TRANSP", "TRANSPARENT", 11);
	} else {
		ics_date(w, "DUE", t->placed);
		ics_property(w, "STATUS", "NEEDS-ACTION", 12);
	}
	ics_summary(s, w, t);
	ics_description(s, w, t);
	ics_text(w, "CATEGORIES", reason_names[t->strongest],
	    strlen(reason_names[t->strongest]));
	/* RFC 5545 PRIORITY: 1 highest .. 9 lowest */
	snprintf(number, sizeof(number), "%ld", t->priority < 9 ?
	    t->priority : 9);
	ics_property(w, "PRIORITY", number, strlen(number));
	ics_property(w, "END", component, strlen(component));
}

static void
write_start(const struct schedule *s, struct writer *w)
{
	if (s->opt.format == FORMAT_CSV)
		write_csv_header(s, w);
	else
		ics_begin_calendar(w, "-//crm-tools//crm-schedule " CRM_VERSION
		    "//EN");
}

static void
write_task(const struct schedule *s, struct writer *w, const struct task *t)
{
	if (s->opt.format == FORMAT_CSV)
		write_csv_row(s, w, t);
	else
		ics_component(s, w, t);
}

static void
write_end(const struct schedule *s, struct writer *w)
{
	if (s->opt.format != FORMAT_CSV)
		ics_end_calendar(w);
}

/*
 * DIR/OWNER.csv for --per-owner: the bytes that are unsafe in a file name
 * (/, \, %, control bytes, a leading . or _) are written as %XX, so that
 * every owner has a file of its own and _pool (no owner) is never an
 * owner's name.
 */
static char *
owner_path(const struct schedule *s, uint32_t owner)
{
	size_t len, n, i, size;
	const char *name = table_key(s->owners, owner, &len);
	char *path;
	unsigned char c;

	size = strlen(s->opt.per_owner) + 3 * len + 16;
	path = xmalloc(size);
	n = (size_t)snprintf(path, size, "%s/%s", s->opt.per_owner,
	    len ? "" : "_pool");
	for (i = 0; i < len; i++) {
		c = (unsigned char)name[i];
		if (c == '/' || c == '\\' || c == '%' || c < 32 || c == 127 ||
		    (i == 0 && (c == '.' || c == '_')))
			n += (size_t)snprintf(path + n, size - n, "%%%02X", c);
		else
			path[n++] = (char)c;
	}
	snprintf(path + n, size - n, ".%s", s->opt.format == FORMAT_CSV ?
	    "csv" : "ics");
	return path;
}

/* The list, and with --per-owner each owner's part (the list is by owner). */
static void
write_output(struct schedule *s, struct task_key *keys, struct writer *w)
{
	struct writer *part = NULL;
	const struct task *t;
	uint32_t owner = 0;
	char *path = NULL;	/* the writer's until it is closed */
	size_t i;

	qsort(keys, s->ntasks, sizeof(*keys), compare_output);
	write_start(s, w);
	for (i = 0; i < s->ntasks; i++) {
		t = &s->tasks[keys[i].task];
		write_task(s, w, t);
		if (s->opt.per_owner == NULL)
			continue;
		if (part == NULL || t->owner != owner) {
			if (part != NULL) {
				write_end(s, part);
				writer_close(part);
			}
			free(path);
			path = owner_path(s, t->owner);
			part = writer_open(path, &s->common.out);
			owner = t->owner;
			write_start(s, part);
		}
		write_task(s, part, t);
	}
	if (part != NULL) {
		write_end(s, part);
		writer_close(part);
	}
	free(path);
	write_end(s, w);
}

/* Setup and main */

static void
bind_columns(struct schedule *s)
{
	const struct record *h = input_header(s->in);
	int c;

	for (c = 0; c < NCOLUMNS; c++)
		s->column[c] = column_find(h, column_names[c], s->opt.column[c],
		    c == COL_ID);
	if (s->opt.segment_column != NULL)
		s->segment_column = column_require(h, s->opt.segment_column);
	else if ((s->segment_column = column_find(h, "tier", NULL, false)) ==
	    COLUMN_NONE)
		s->segment_column = column_find(h, "segment", NULL, false);
}

static void
open_pool_out(struct schedule *s)
{
	static const char *const added[] = { "former_owner", "pool_reason",
		"idle_days", NULL };
	size_t i;

	if (s->opt.pool_out == NULL)
		return;
	s->pool_out = writer_open(s->opt.pool_out, &s->common.out);
	writer_fields(s->pool_out, input_header(s->in));
	for (i = 0; added[i]; i++)
		writer_string(s->pool_out, added[i]);
	writer_end(s->pool_out);
}

static void
note_summary(const struct schedule *s)
{
	char from[DATE_BUFSIZE], to[DATE_BUFSIZE];

	if (s->common.quiet)
		return;
	date_format(s->plan.day_at[0], from);
	date_format(s->horizon_end, to);
	warnmsg("%zu tasks for %zu customers, %s to %s; %llu moved by "
	    "capacity, %llu back to the pool", s->ntasks, s->npeople, from,
	    to, s->moved, s->reclaimed);
}

static void
read_inputs(struct schedule *s, struct cli *cli)
{
	s->history = table_new(sizeof(struct history));
	s->owners = table_new(sizeof(uint32_t));
	s->seen = table_new(sizeof(unsigned long long));
	arena_init(&s->text, 1 << 20);
	load_calendar(s);
	load_policy(s);
	load_log(s);
	load_feedback(s);
	load_capacity(s);
	init_plan(s);
	find_occasions(s);
	s->in = input_open(&cli->common, cli->files, cli->nfiles);
	bind_columns(s);
}

static void
free_schedule(struct schedule *s)
{
	calendar_free(s->cal);
	free_policy(&s->policy);
	table_free(s->history);
	table_free(s->limits);
	table_free(s->owners);
	table_free(s->seen);
	free(s->plan.day_at);
	free(s->occasions);
	free(s->rows);
	free(s->tasks);
	free(s->people);
	arena_free(&s->text);
}

int
main(int argc, char **argv)
{
	struct cli cli;
	struct schedule s;
	const struct record *rec;
	struct task_key *keys;
	uint32_t *rank;
	struct writer *out;

	memset(&s, 0, sizeof(s));
	cli_begin(&cli, argc, argv, &spec);
	parse_options(&cli, &s.opt);
	s.common = cli.common;
	s.today = cli.common.as_of;
	read_inputs(&s, &cli);
	out = writer_open(cli.common.output, &cli.common.out);
	open_pool_out(&s);
	while ((rec = input_next(s.in)) != NULL)
		schedule_customer(&s, rec);
	input_close(s.in);
	rank = owner_ranks(&s);
	keys = task_keys(&s, rank);
	place_tasks(&s, keys);
	write_output(&s, keys, out);
	if (s.pool_out != NULL)
		writer_close(s.pool_out);
	writer_close(out);
	note_summary(&s);
	free(keys);
	free(rank);
	free_schedule(&s);
	cli_end(&cli);
	return 0;
}
