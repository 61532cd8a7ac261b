/*
 * crm-report: the pictures of what the other tools computed. Reads their
 * outputs, each given by its own option, and writes one self-contained
 * HTML report (inline SVG charts, no script, font or image from the
 * network); with --profiles, one page per owner with a card for each
 * customer on the day's follow-up list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "html.h"
#include "report/report.h"
#include "util.h"
#include "writer.h"

enum {
	OPT_RFM = 256, OPT_CHURN, OPT_CLV, OPT_CUSTOMERS, OPT_SEGMENTS,
	OPT_COHORT, OPT_EVALUATE, OPT_FOLLOWUPS, OPT_LANG, OPT_TITLE,
	OPT_PROFILES, OPT_CONTACTS, OPT_TICKETS, OPT_OFFERS, OPT_SURVEY,
	OPT_FEEDBACK
};

static const struct option longopts[] = {
	{ "rfm", required_argument, NULL, OPT_RFM },
	{ "churn", required_argument, NULL, OPT_CHURN },
	{ "clv", required_argument, NULL, OPT_CLV },
	{ "customers", required_argument, NULL, OPT_CUSTOMERS },
	{ "segments", required_argument, NULL, OPT_SEGMENTS },
	{ "cohort", required_argument, NULL, OPT_COHORT },
	{ "evaluate", required_argument, NULL, OPT_EVALUATE },
	{ "followups", required_argument, NULL, OPT_FOLLOWUPS },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "profiles", required_argument, NULL, OPT_PROFILES },
	{ "contacts", required_argument, NULL, OPT_CONTACTS },
	{ "tickets", required_argument, NULL, OPT_TICKETS },
	{ "offers", required_argument, NULL, OPT_OFFERS },
	{ "survey", required_argument, NULL, OPT_SURVEY },
	{ "feedback", required_argument, NULL, OPT_FEEDBACK },
	{ NULL, 0, NULL, 0 }
};

static const struct tool_spec spec = {
	"crm-report [options] -o report.html\n"
	"       crm-report --profiles followups.csv [options] -o DIR",
	"Write one self-contained HTML report (charts as inline SVG, nothing\n"
	"from the network) from the outputs of the other crm tools, each\n"
	"given by its own option; parts not given are left out. With\n"
	"--profiles, write one page per owner into DIR with a card for each\n"
	"customer on the day's follow-up list.",
	"Report:\n"
	"      --rfm FILE           crm-rfm output: segments, R x F heat map\n"
	"      --churn FILE         crm-churn output: churn risk, P(alive)"
	" matrix\n"
	"      --clv FILE           crm-clv output: lifetime value"
	" distribution\n"
	"      --customers FILE     a pipeline's per-customer file with any of"
	" their\n"
	"                           columns (and tier): every part it holds\n"
	"      --segments FILE      crm-segment's summary of segments\n"
	"      --cohort FILE        crm-cohort output: the retention"
	" triangle\n"
	"      --evaluate FILE      crm-churn --evaluate output: calibration"
	" vs holdout\n"
	"      --followups FILE     crm-schedule output: load per owner and"
	" day\n"
	"      --feedback FILE      crm-feedback's summary (by category,"
	" month ...):\n"
	"                           tickets, open, missed call-backs, hours to"
	" resolve\n"
	"      --survey FILE        crm-survey's summary by month: NPS over"
	" time; with\n"
	"                           --profiles, its rows per customer: each"
	" one's\n"
	"                           latest NPS class\n"
	"      --title TEXT         the report's title\n"
	"      --lang LANG          labels in en or zh (default en)\n"
	"Profiles:\n"
	"      --profiles FILE      crm-schedule output: pages for the day's"
	" list\n"
	"                           (--as-of, default its first day) into -o"
	" DIR\n"
	"      --customers FILE     the customers' details and scores\n"
	"      --contacts FILE      the contact log: the last three contacts\n"
	"      --tickets FILE       feedback tickets: the open ones\n"
	"      --offers FILE        offers per customer (customer_id, item)\n",
	"",
	longopts,
	CLI_AS_OF
};

struct report_options {
	const char *rfm, *churn, *clv, *segments, *cohort, *evaluate;
	const char *followups, *feedback, *title;
	struct profile_inputs profiles;
	bool zh;
};

static void
handle_option(struct report_options *o, int opt, const char *arg)
{
	static const char *const langs[] = { "en", "zh", NULL };

	switch (opt) {
	case OPT_RFM: o->rfm = arg; break;
	case OPT_CHURN: o->churn = arg; break;
	case OPT_CLV: o->clv = arg; break;
	case OPT_CUSTOMERS: o->profiles.customers = arg; break;
	case OPT_SEGMENTS: o->segments = arg; break;
	case OPT_COHORT: o->cohort = arg; break;
	case OPT_EVALUATE: o->evaluate = arg; break;
	case OPT_FOLLOWUPS: o->followups = arg; break;
	case OPT_LANG: o->zh = cli_choice("--lang", arg, langs) == 1; break;
	case OPT_TITLE: o->title = arg; break;
	case OPT_PROFILES: o->profiles.followups = arg; break;
	case OPT_CONTACTS: o->profiles.contacts = arg; break;
	case OPT_TICKETS: o->profiles.tickets = arg; break;
	case OPT_OFFERS: o->profiles.offers = arg; break;
	case OPT_SURVEY: o->profiles.survey = arg; break;
	case OPT_FEEDBACK: o->feedback = arg; break;
	default: die_usage("invalid option");
	}
}

static void
parse_options(struct cli *cli, struct report_options *o)
{
	bool report_part;
	int opt;

	memset(o, 0, sizeof(*o));
	while ((opt = cli_next(cli)) != -1)
		handle_option(o, opt, cli->arg);
	if (cli->nfiles > 0)
		die_usage("files are given by option (--rfm FILE ...), not as "
		    "operands");
	report_part = o->rfm || o->churn || o->clv || o->segments ||
	    o->cohort || o->evaluate || o->followups || o->feedback ||
	    (o->profiles.survey &&
	    !o->profiles.followups);
	if (o->profiles.followups) {
		if (report_part)
			die_usage("--profiles writes the owners' pages; the "
			    "report's parts (--rfm ...) are a separate run");
		if (cli->common.output == NULL)
			die_usage("--profiles needs -o DIR, the directory of "
			    "the pages");
		o->profiles.dir = cli->common.output;
	} else if (!report_part && o->profiles.customers == NULL)
		die_usage("nothing to report: give --rfm, --churn, --clv, "
		    "--customers, --segments, --cohort, --evaluate, "
		    "--followups, --feedback or --survey");
	else if (o->profiles.contacts || o->profiles.tickets ||
	    o->profiles.offers)
		die_usage("--contacts, --tickets and --offers go with "
		    "--profiles");
}

static void
write_report(struct report *r, const struct report_options *o)
{
	struct csv_table list;

	report_begin(r, o->title ? o->title : report_label(r, L_TITLE));
	if (o->profiles.customers)
		report_read_customers(r, o->profiles.customers, FROM_PIPELINE);
	if (o->rfm)
		report_read_customers(r, o->rfm, FROM_RFM);
	if (o->churn)
		report_read_customers(r, o->churn, FROM_CHURN);
	if (o->clv)
		report_read_customers(r, o->clv, FROM_CLV);
	if (o->segments)
		report_segment_summary(r, o->segments);
	if (o->followups) {
		csv_table_read(&list, r->common, o->followups);
		report_check_followups(r, &list);
	}
	html_raw(r->h, "<main>\n");
	report_overview(r);
	report_customer_sections(r);
	if (o->cohort)
		report_retention(r, o->cohort);
	if (o->evaluate)
		report_calibration(r, o->evaluate);
	if (o->profiles.survey)
		report_nps(r, o->profiles.survey);
	if (o->feedback)
		report_feedback(r, o->feedback);
	if (o->followups) {
		report_load(r, &list);
		csv_table_free(&list);
	}
	html_raw(r->h, "</main>\n");
	report_end(r);
}

static void
make_dir(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0777) == 0 || (stat(dir, &st) == 0 &&
	    S_ISDIR(st.st_mode)))
		return;
	die("%s: cannot make the directory of the pages", dir);
}

int
main(int argc, char **argv)
{
	struct report_options o;
	struct report r;
	struct writer *w;
	struct html h;
	struct cli cli;

	cli_begin(&cli, argc, argv, &spec);
	parse_options(&cli, &o);
	html_init(&h);
	memset(&r, 0, sizeof(r));
	r.h = &h;
	r.common = &cli.common;
	r.zh = o.zh;
	r.followups_today = -1;
	if (o.profiles.followups) {
		make_dir(o.profiles.dir);
		report_profiles(&r, &o.profiles);
	} else {
		write_report(&r, &o);
		w = writer_open(cli.common.output, &cli.common.out);
		writer_raw(w, h.s, h.len);
		writer_close(w);
	}
	report_free(&r);
	html_free(&h);
	cli_end(&cli);
	return 0;
}
