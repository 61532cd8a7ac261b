/*
 * crm-schedule: the follow-up list. Reads one row per customer and, with
 * the policy, the contact log, the tickets and a working calendar, writes
 * who to contact, by whom, when, by which channel and why, on working days
 * within each owner's capacity; CSV or iCalendar.
 *
 * The work is done by libcrm: profile (the customer row), history (log
 * and tickets), policy (the rules), calendar (working days), triggers (a
 * customer's reasons and their days), plan (days and capacity), followups
 * (the list) and ics (iCalendar). This file holds the options, the loop
 * over the customers, and the output.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cli.h"
#include "columns.h"
#include "date.h"
#include "followups.h"
#include "history.h"
#include "ics.h"
#include "input.h"
#include "offers.h"
#include "outdir.h"
#include "plan.h"
#include "policy.h"
#include "profile.h"
#include "triggers.h"
#include "util.h"
#include "writer.h"

enum {
	OPT_POLICY = 256, OPT_LOG, OPT_FEEDBACK, OPT_CALENDAR, OPT_WEEKEND,
	OPT_DAYS, OPT_CAPACITY, OPT_CAPACITY_FILE, OPT_WEEKLY,
	OPT_FEEDBACK_DAYS, OPT_WELCOME_DAYS, OPT_WINBACK_DAYS,
	OPT_WINBACK_BELOW, OPT_GREETING_WINDOW, OPT_POOL_OUT, OPT_PER_OWNER,
	OPT_FORMAT, OPT_SEGMENT_COLUMN, OPT_COLUMN, OPT_OFFERS
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
	{ "offers", required_argument, NULL, OPT_OFFERS },
	{ NULL, 0, NULL, 0 }
};

static const struct tool_spec spec = {
	"crm-schedule --policy FILE [options] [file ...]",
	"Plan the follow-up contacts of per-customer rows: who, by whom, when,\n"
	"by which channel and why, on working days within each owner's\n"
	"capacity. Reasons, strongest first: pool_reclaim, pool_warning,\n"
	"feedback_followup, detractor, welcome, winback, birthday, holiday,\n"
	"periodic.",
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
	"      --offers FILE        crm-recommend's lists: the first 3 in an"
	" offer column\n"
	"Columns:\n"
	"      --segment-column COL the column policy contact rules match"
	" (default:\n"
	"                           tier if present, else segment)\n"
	"      --column NAME=COL    read NAME (owner, level, first_date,"
	" p_alive,\n"
	"                           churn_risk, birthday, claim_date, won,"
	" locked, name,\n"
	"                           phone, email, offer, customer_id) from"
	" COL\n"
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
	" DIR/OWNER.csv (.ics),\n"
	"                           DIR replaced as a whole; unsafe bytes as"
	" %XX, no\n"
	"                           owner as _pool\n",
	"",
	longopts,
	CLI_AS_OF | CLI_REJECTS | CLI_DATE_FORMAT | CLI_DECIMAL_COMMA |
	    CLI_CSV_OUT
};

enum format { FORMAT_CSV, FORMAT_ICS, FORMAT_ICS_EVENT };

struct schedule_options {
	const char *policy, *log, *feedback, *calendar, *capacity_file;
	const char *pool_out, *per_owner, *segment_column, *offers;
	const char *column[NPROFILE_COLUMNS];
	unsigned weekend;
	long days;
	struct plan_limits capacity;
	struct trigger_options triggers;
	enum format format;
};

/* The inputs read before the customers, and what the loop builds. */
struct schedule {
	struct schedule_options opt;
	struct common_options common;
	struct calendar *cal;
	struct policy *policy;
	struct histories *histories;
	struct capacity *capacity;
	struct plan *plan;
	struct triggers *triggers;
	struct input *in;
	struct profile_reader *profiles;
	struct offers *offers;		/* --offers, or NULL */
	struct writer *pool_out;
	struct followups list;
	unsigned long long reclaimed;
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
set_defaults(struct schedule_options *o)
{
	memset(o, 0, sizeof(*o));
	o->weekend = WEEKEND_SAT_SUN;
	o->days = 1;
	trigger_defaults(&o->triggers);
}

static void
plan_option(struct schedule_options *o, int opt, const char *arg)
{
	switch (opt) {
	case OPT_DAYS:
		o->days = positive_option("--days", arg, "days plan nothing");
		break;
	case OPT_CAPACITY:
		o->capacity.daily = positive_option("--capacity", arg,
		    plan_capacity_zero);
		break;
	case OPT_WEEKLY:
		o->capacity.weekly = positive_option("--weekly", arg,
		    plan_capacity_zero);
		break;
	case OPT_WEEKEND:
		if (!calendar_parse_weekend(arg, &o->weekend))
			die_usage("--weekend: '%s' is not a list of weekdays "
			    "(e.g. sat,sun, fri,sat or none) that leaves a "
			    "working day", arg);
		break;
	}
}

/* The whole-day options of the triggers: name, range, field. */
static const struct {
	int opt;
	const char *name;
	long min, max;
	size_t offset;
} day_options[] = {
	{ OPT_FEEDBACK_DAYS, "--feedback-days", 0, 3650,
	    offsetof(struct trigger_options, feedback_days) },
	{ OPT_WELCOME_DAYS, "--welcome-days", 0, 3650,
	    offsetof(struct trigger_options, welcome_days) },
	{ OPT_WINBACK_DAYS, "--winback-days", 1, 3650,
	    offsetof(struct trigger_options, winback_days) },
	{ OPT_GREETING_WINDOW, "--greeting-window", 0, 366,
	    offsetof(struct trigger_options, greeting_window) },
};

static void
trigger_option(struct schedule_options *o, int opt, const char *arg)
{
	static const char *const formats[] = { "csv", "ics", "ics-event",
		NULL };
	size_t i;

	for (i = 0; i < sizeof(day_options) / sizeof(day_options[0]); i++)
		if (day_options[i].opt == opt)
			*(long *)((char *)&o->triggers + day_options[i].offset) =
			    cli_long(day_options[i].name, arg,
			    day_options[i].min, day_options[i].max);
	if (opt == OPT_WINBACK_BELOW)
		o->triggers.winback_below = cli_double("--winback-below", arg,
		    0, 1);
	else if (opt == OPT_FORMAT)
		o->format = (enum format)cli_choice("--format", arg, formats);
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
		case OPT_OFFERS: o->offers = cli->arg; break;
		case OPT_COLUMN:
			profile_column_option(o->column, (char *)cli->arg);
			break;
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

/* Inputs */

/* The plan's days; the last of them may not run past 9999-12-31. */
static void
start_plan(struct schedule *s)
{
	char today[DATE_BUFSIZE];
	struct trigger_days days;

	s->plan = plan_new(s->cal, s->common.as_of, s->opt.days);
	if (s->plan == NULL) {
		date_format(s->common.as_of, today);
		die("--days %ld: the working days from %s run past "
		    "9999-12-31, the last date there is", s->opt.days, today);
	}
	days.today = s->common.as_of;
	days.first = plan_first_day(s->plan);
	days.last = plan_last_day(s->plan);
	s->opt.triggers.detractor_window = policy_window(s->policy,
	    REASON_DETRACTOR, 14);
	s->triggers = triggers_new(s->policy, s->cal, &s->opt.triggers,
	    days);
}

/* Side files first: an error in one stops the run before any output. */
static void
read_side_files(struct schedule *s)
{
	const struct schedule_options *o = &s->opt;

	s->cal = calendar_load(o->calendar, &s->common, o->weekend);
	s->policy = policy_load(o->policy, &s->common);
	s->histories = histories_new();
	if (o->log != NULL)
		histories_read_log(s->histories, o->log, &s->common,
		    s->common.as_of);
	if (o->feedback != NULL)
		histories_read_tickets(s->histories, o->feedback, &s->common,
		    s->common.as_of, policy_window(s->policy,
		    REASON_FEEDBACK_FOLLOWUP, 30));
	s->capacity = capacity_load(o->capacity_file, &s->common);
	if (o->offers != NULL)
		s->offers = offers_read(&s->common, o->offers, 3);
	start_plan(s);
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

/* The reclaimed customer's row with the owner cleared, and why. */
static void
write_pool_out(struct schedule *s, const struct record *rec,
    const struct profile *c, const struct trigger_result *t)
{
	long owner = profile_column(s->profiles, PROFILE_OWNER);
	size_t i;

	if (s->pool_out == NULL)
		return;
	for (i = 0; i < rec->nfields; i++)
		if ((long)i == owner)
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
	struct profile c;
	struct trigger_result t;

	if (!profile_read(s->profiles, rec, &c))
		return;
	triggers_find(s->triggers, &c, histories_find(s->histories,
	    c.id->s, c.id->len), &t);
	followups_add(&s->list, &c, &t);
	if (t.reclaimed) {
		s->reclaimed++;
		write_pool_out(s, rec, &c, &t);
	}
}

/* Capacity may move tasks on, but not past the last date there is. */
static void
plan_list(struct schedule *s)
{
	const struct task *bad;
	size_t len;
	const char *owner;

	if (followups_plan(&s->list, s->plan, s->capacity, s->opt.capacity,
	    &bad))
		return;
	owner = followups_owner(&s->list, bad->owner, &len);
	die("the capacity of owner '%.60s' would move a task of customer "
	    "'%.60s' past 9999-12-31, the last date there is: give a larger "
	    "--capacity", owner, s->list.people[bad->person].id.s);
}

/* Output */

static bool
has_contact_column(const struct schedule *s, size_t i)
{
	return profile_has_contact(s->profiles, (int)i);
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
	for (i = 0; i < PROFILE_NCONTACT; i++)
		if (has_contact_column(s, i))
			writer_string(w, profile_column_names[
			    profile_contact_columns[i]]);
	writer_end(w);
}

/* The reasons of a row other than its strongest, strongest first. */
static size_t
other_reasons(const struct task *t, char *buf, size_t size)
{
	return reason_list(t->reasons & ~REASON_BIT(t->strongest), buf, size);
}

static void
write_csv_row(const struct schedule *s, struct writer *w,
    const struct task *t)
{
	const struct person *p = &s->list.people[t->person];
	char others[256];
	size_t len, i;
	const char *owner = followups_owner(&s->list, t->owner, &len);

	writer_text(w, p->id.s, p->id.len);
	writer_text(w, owner, len);
	writer_date(w, t->placed);
	writer_string(w, channel_name(t->channel));
	writer_string(w, reason_code(t->strongest));
	writer_int(w, t->priority);
	writer_int(w, t->placed - t->target);
	len = other_reasons(t, others, sizeof(others));
	writer_text(w, others, len);
	for (i = 0; i < PROFILE_NCONTACT; i++)
		if (has_contact_column(s, i))
			writer_text(w, p->contact[i].s, p->contact[i].len);
	writer_end(w);
}

/* "periodic: 王芳 (K000002), phone" */
static char *
ics_summary(const struct task *t, const struct person *p, size_t *len)
{
	size_t size = p->id.len + p->contact[0].len + 64;
	char *text = xmalloc(size);
	const char *reason = reason_code(t->strongest);
	int n;

	if (p->contact[0].len > 0)
		n = snprintf(text, size, "%s: %s (%s)", reason,
		    p->contact[0].s, p->id.s);
	else
		n = snprintf(text, size, "%s: %s", reason, p->id.s);
	if (t->channel != CHANNEL_NONE)
		n += snprintf(text + n, size - (size_t)n, ", %s",
		    channel_name(t->channel));
	*len = (size_t)n;
	return text;
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

/* One "label: value" line for each detail that is not empty. */
static char *
ics_description(const struct schedule *s, const struct task *t,
    size_t *used)
{
	static const char *const labels[] = { "name", "phone", "email",
		"offer" };
	const struct person *p = &s->list.people[t->person];
	char others[256], number[32], *text = NULL;
	size_t cap = 0, n = 0, len, i;
	const char *owner = followups_owner(&s->list, t->owner, &len);

	n = append_line(&text, &cap, n, "customer", p->id.s, p->id.len);
	n = append_line(&text, &cap, n, "owner", owner, len);
	len = other_reasons(t, others, sizeof(others));
	n = append_line(&text, &cap, n, "other reasons", others, len);
	len = (size_t)snprintf(number, sizeof(number), "%ld",
	    (long)(t->placed - t->target));
	n = append_line(&text, &cap, n, "overdue days", number, len);
	for (i = 0; i < PROFILE_NCONTACT; i++)
		n = append_line(&text, &cap, n, labels[i], p->contact[i].s,
		    p->contact[i].len);
	*used = n;
	return text;
}

static void
write_ics_item(const struct schedule *s, struct writer *w,
    const struct task *t)
{
	const struct person *p = &s->list.people[t->person];
	char uid[ICS_UID_SIZE];
	struct ics_item item;

	ics_uid(uid, p->id.s, p->id.len, reason_code(t->strongest), t->target,
	    "crm-schedule");
	item.component = s->opt.format == FORMAT_ICS_EVENT ? ICS_VEVENT :
	    ICS_VTODO;
	item.uid = uid;
	item.stamp = s->common.as_of;
	item.day = t->placed;
	item.summary = ics_summary(t, p, &item.summary_len);
	item.description = ics_description(s, t, &item.description_len);
	item.category = reason_code(t->strongest);
	item.priority = t->priority;
	ics_write_item(w, &item);
	free((char *)item.summary);
	free((char *)item.description);
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
		write_ics_item(s, w, t);
}

static void
write_end(const struct schedule *s, struct writer *w)
{
	if (s->opt.format != FORMAT_CSV)
		ics_end_calendar(w);
}

/* DIR/OWNER.csv (.ics), named by outdir.h; no owner is _pool. */
static char *
owner_path(const struct schedule *s, const struct outdir *dir,
    uint32_t owner)
{
	const char *ext = s->opt.format == FORMAT_CSV ? ".csv" : ".ics";
	size_t len;
	const char *name = followups_owner(&s->list, owner, &len);
	char pool[16];

	if (len > 0)
		return outdir_name(dir, name, len, ext);
	snprintf(pool, sizeof(pool), "_pool%s", ext);
	return outdir_file(dir, pool);
}

/*
 * The list, and with --per-owner each owner's part (the list is by
 * owner), into a new directory that replaces DIR once all are written.
 */
static void
write_output(struct schedule *s, struct writer *w)
{
	struct outdir *dir = NULL;
	struct writer *part = NULL;
	const struct task *t;
	uint32_t owner = 0;
	char *path = NULL;	/* the writer's until it is closed */
	size_t i;

	if (s->opt.per_owner != NULL)
		dir = outdir_open(s->opt.per_owner);
	write_start(s, w);
	for (i = 0; i < s->list.ntasks; i++) {
		t = followups_at(&s->list, i);
		write_task(s, w, t);
		if (dir == NULL)
			continue;
		if (part == NULL || t->owner != owner) {
			if (part != NULL) {
				write_end(s, part);
				writer_close(part);
			}
			free(path);
			path = owner_path(s, dir, t->owner);
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
	if (dir != NULL)
		outdir_commit(dir);
	write_end(s, w);
}

static void
note_summary(const struct schedule *s)
{
	char from[DATE_BUFSIZE], to[DATE_BUFSIZE];

	if (s->common.quiet)
		return;
	date_format(plan_first_day(s->plan), from);
	date_format(plan_last_day(s->plan), to);
	warnmsg("%zu tasks for %zu customers, %s to %s; %llu moved by "
	    "capacity, %llu back to the pool, %llu ticket call backs missed",
	    s->list.ntasks, s->list.npeople, from, to, s->list.moved,
	    s->reclaimed, histories_missed(s->histories));
}

static void
free_schedule(struct schedule *s)
{
	followups_free(&s->list);
	profile_reader_free(s->profiles);
	offers_free(s->offers);
	triggers_free(s->triggers);
	plan_free(s->plan);
	capacity_free(s->capacity);
	histories_free(s->histories);
	policy_free(s->policy);
	calendar_free(s->cal);
}

int
main(int argc, char **argv)
{
	struct cli cli;
	struct schedule s;
	const struct record *rec;
	struct writer *out;

	memset(&s, 0, sizeof(s));
	cli_begin(&cli, argc, argv, &spec);
	parse_options(&cli, &s.opt);
	s.common = cli.common;
	read_side_files(&s);
	followups_init(&s.list, s.policy);
	s.in = input_open(&cli.common, cli.files, cli.nfiles);
	s.profiles = profile_reader_new(s.in, s.opt.column,
	    s.opt.segment_column, &s.common);
	profile_reader_offers(s.profiles, s.offers);
	out = writer_open(cli.common.output, &cli.common.out);
	open_pool_out(&s);
	while ((rec = input_next(s.in)) != NULL)
		schedule_customer(&s, rec);
	input_close(s.in);
	plan_list(&s);
	write_output(&s, out);
	if (s.pool_out != NULL)
		writer_close(s.pool_out);
	writer_close(out);
	note_summary(&s);
	free_schedule(&s);
	cli_end(&cli);
	return 0;
}
