/*
 * test-policy.c: the policy file: good files and what they say (rules by
 * segment and level, defaults, channels and priorities by reason), and
 * every error of a malformed file, with its exact message.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "policy.h"
#include "run_child.h"
#include "side_files.h"
#include "util.h"

#define HEADER "rule,match,interval_days,channel,priority,greetings," \
    "followup_days,deal_days,warn_days,won_exempt\n"

static struct policy *
load(const char *text)
{
	struct common_options common;
	char path[PATH_MAX];

	plain_common(&common);
	return policy_load(side_file(path, sizeof(path), NULL, "p.csv",
	    text),
	    &common);
}

static void
load_in_child(const void *text)
{
	policy_free(load(text));
}

/* Loading text stops with status 1 and exactly "test-policy: want\n". */
static void
check_error(const char *what, const char *text, const char *want)
{
	struct child res = run_child(load_in_child, text, false);
	char full[1024];

	snprintf(full, sizeof(full), "test-policy: %s\n", want);
	CHECK_CHILD(res, 1, full, "%s", what);
}

static const char *
segment_channel(const struct policy *p, const char *segment, enum reason r)
{
	const struct contact_rule *rule = policy_contact(p, segment,
	    segment ? strlen(segment) : 0);

	return channel_name(policy_channel(p, rule, r));
}

/* The policy of data/sample, read as crm-schedule reads it. */
static void
test_sample_policy(void)
{
	struct policy *p = load(HEADER
	    "contact,gold,30,visit,1,yes,,,,\n"
	    "contact,silver,60,phone,2,yes,,,,\n"
	    "contact,bronze,120,wechat,3,no,,,,\n"
	    "contact,*,30,phone,4,yes,,,,\n"
	    "pool,A,,,,,31,,2,no\n"
	    "pool,*,,,,,31,,2,yes\n"
	    "reason,pool_warning,,,1,,,,,\n"
	    "reason,welcome,,sms,2,,,,,\n");
	const struct contact_rule *gold = policy_contact(p, "gold", 4);
	const struct contact_rule *dflt = policy_contact(p, "platinum", 8);
	const struct pool_rule *a = policy_pool(p, "A", 1);
	const struct pool_rule *b = policy_pool(p, "B", 1);

	CHECK_STR(gold->match, "gold", "gold's rule");
	CHECK(gold->interval_days == 30 && gold->channel == CHANNEL_VISIT &&
	    gold->priority == 1 && gold->greetings, "gold: 30 days, visit, "
	    "priority 1, greetings");
	CHECK(policy_contact(p, "bronze", 6)->greetings == false,
	    "bronze: no greetings");
	CHECK_STR(dflt->match, "*", "a segment without a rule takes *");
	CHECK_STR(policy_contact(p, "", 0)->match, "*",
	    "an empty segment takes *");
	CHECK_STR(policy_contact(p, NULL, 0)->match, "*",
	    "no segment column takes *");
	CHECK_STR(policy_contact(p, "Gold", 4)->match, "*",
	    "segments match byte for byte (Gold is not gold)");
	CHECK_STR(policy_contact(p, "gol", 3)->match, "*",
	    "a prefix of a segment is not the segment");
	CHECK(a->followup_days == 31 && a->deal_days == 0 &&
	    a->warn_days == 2 && !a->won_exempt, "pool A: 31 days, no deal "
	    "limit, 2 warning days, won not exempt");
	CHECK(b->followup_days == 31 && b->won_exempt && b->match != NULL &&
	    strcmp(b->match, "*") == 0, "level B takes the * pool rule");
	CHECK(policy_priority(p, gold, REASON_BIT(REASON_PERIODIC)) == 1,
	    "gold periodic: the segment's priority 1");
	CHECK(policy_priority(p, dflt, REASON_BIT(REASON_PERIODIC) |
	    REASON_BIT(REASON_POOL_WARNING)) == 1, "a pool warning lifts "
	    "priority 4 to the reason's 1");
	CHECK(policy_priority(p, dflt, REASON_BIT(REASON_WELCOME)) == 2,
	    "welcome: the reason's 2 beats the segment's 4");
	CHECK(policy_priority(p, gold, REASON_BIT(REASON_WELCOME)) == 1,
	    "welcome for gold: the segment's 1 is more urgent than 2");
	CHECK_STR(segment_channel(p, "gold", REASON_WELCOME), "sms",
	    "a reason rule's channel wins");
	CHECK_STR(segment_channel(p, "gold", REASON_POOL_WARNING), "visit",
	    "a reason rule without a channel leaves the segment's");
	policy_free(p);
}

/* Without reason rules: the reasons' own channels, else the segment's. */
static void
test_default_channels(void)
{
	struct policy *p = load(HEADER "contact,*,,email,3,,,,,\n");
	static const struct {
		enum reason r;
		const char *channel;
	} want[] = {
		{ REASON_POOL_RECLAIM, "" },
		{ REASON_POOL_WARNING, "email" },
		{ REASON_FEEDBACK_FOLLOWUP, "phone" },
		{ REASON_DETRACTOR, "phone" },
		{ REASON_WELCOME, "phone" },
		{ REASON_WINBACK, "email" },
		{ REASON_BIRTHDAY, "wechat" },
		{ REASON_HOLIDAY, "wechat" },
		{ REASON_PERIODIC, "email" },
	};
	const struct pool_rule *pool = policy_pool(p, "A", 1);
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		CHECK_STR(segment_channel(p, "x", want[i].r), want[i].channel,
		    "%s goes by '%s' by default", reason_code(want[i].r),
		    want[i].channel);
	CHECK(policy_contact(p, NULL, 0)->interval_days == 0 &&
	    policy_contact(p, NULL, 0)->greetings, "empty interval: none; "
	    "greetings default to yes");
	CHECK(pool->match == NULL && pool->followup_days == 31 &&
	    pool->deal_days == 0 && pool->warn_days == 2 && pool->won_exempt,
	    "no pool rules: WukongCRM 9.0's (31 days, 2 warning, won exempt)");
	policy_free(p);
}

/* Columns in any order, names in any case, the optional ones left out. */
static void
test_columns(void)
{
	struct policy *p = load("Match,Rule,Priority,Channel\n"
	    "*,contact,2,WeChat\n" "gold,contact,1,visit\n");
	const struct contact_rule *gold = policy_contact(p, "gold", 4);

	CHECK(gold->priority == 1 && gold->channel == CHANNEL_VISIT &&
	    gold->interval_days == 0 && gold->greetings,
	    "columns found by name in any order and case");
	CHECK(policy_contact(p, "x", 1)->channel == CHANNEL_WECHAT,
	    "channels in any case");
	policy_free(p);
	p = load(HEADER "contact,*,7,phone,3,no,,,,\npool,*,,,,,,,,\n");
	CHECK(policy_pool(p, "A", 1)->followup_days == 0 &&
	    policy_pool(p, "A", 1)->deal_days == 0,
	    "'pool,*' with no limits turns the pool rules off");
	CHECK(!policy_contact(p, NULL, 0)->greetings, "greetings no");
	policy_free(p);
}

/* The call-back windows: the policy's followup_days, else the default. */
static void
test_windows(void)
{
	struct policy *p = load(HEADER "contact,*,,email,3,,,,,\n"
	    "reason,detractor,,,,,7,,,\nreason,feedback_followup,,phone,1,,,,,\n");

	CHECK(policy_window(p, REASON_DETRACTOR, 14) == 7,
	    "reason,detractor with followup_days 7: a 7-day window");
	CHECK(policy_window(p, REASON_FEEDBACK_FOLLOWUP, 30) == 30,
	    "without followup_days: the default");
	CHECK_STR(segment_channel(p, "x", REASON_DETRACTOR), "phone",
	    "a detractor is called by phone");
	policy_free(p);
}

static void
test_reasons(void)
{
	char buf[256];
	size_t n;

	CHECK(reason_strongest(REASON_BIT(REASON_PERIODIC) |
	    REASON_BIT(REASON_WINBACK)) == REASON_WINBACK,
	    "winback is stronger than periodic");
	CHECK(reason_strongest(REASON_BIT(REASON_HOLIDAY)) == REASON_HOLIDAY,
	    "a set of one");
	n = reason_list(REASON_BIT(REASON_PERIODIC) |
	    REASON_BIT(REASON_POOL_WARNING) | REASON_BIT(REASON_BIRTHDAY), buf,
	    sizeof(buf));
	CHECK_STR(buf, "pool_warning;birthday;periodic",
	    "a list of codes, strongest first");
	CHECK(n == strlen(buf), "its length");
	n = reason_list(0, buf, sizeof(buf));
	CHECK(n == 0 && buf[0] == '\0', "the empty set is empty");
	n = reason_list(REASON_BIT(REASON_WELCOME) |
	    REASON_BIT(REASON_PERIODIC), buf, 10);
	CHECK(n < 10 && strlen(buf) == n, "a list cut to the buffer (%s)",
	    buf);
}

static const struct {
	const char *what, *text, *want;
} errors[] = {
	{ "an unknown column",
	    "rule,match,interval,channel,priority\ncontact,*,14,phone,1\n",
	    "p.csv:1: unknown policy column 'interval' (the columns are rule,"
	    " match, interval_days, channel, priority, greetings, "
	    "followup_days, deal_days, warn_days, won_exempt)" },
	{ "no rule column", "match,channel,priority\n*,phone,1\n",
	    "p.csv:1: a policy needs the columns rule and match" },
	{ "no match column", "rule,channel,priority\ncontact,phone,1\n",
	    "p.csv:1: a policy needs the columns rule and match" },
	{ "an empty match", HEADER "contact,,14,phone,1,,,,,\n",
	    "p.csv:2: match is empty (a segment, a level, a reason code, or *"
	    " for the default)" },
	{ "an unknown kind of rule", HEADER "visit,*,14,phone,1,,,,,\n",
	    "p.csv:2: rule 'visit' is not contact, pool or reason" },
	{ "a pool column in a contact rule",
	    HEADER "contact,*,14,phone,1,,,,2,\n",
	    "p.csv:2: warn_days does not apply to a contact rule (leave it "
	    "empty)" },
	{ "a contact column in a pool rule",
	    HEADER "contact,*,14,phone,1,,,,,\npool,A,30,,,,31,,2,\n",
	    "p.csv:3: interval_days does not apply to a pool rule (leave it "
	    "empty)" },
	{ "greetings in a reason rule",
	    HEADER "contact,*,14,phone,1,,,,,\nreason,welcome,,sms,,no,,,,\n",
	    "p.csv:3: greetings does not apply to a reason rule (leave it "
	    "empty)" },
	{ "a second contact rule for a segment",
	    HEADER "contact,*,14,phone,1,,,,,\ncontact,*,7,phone,1,,,,,\n",
	    "p.csv:3: a second contact rule for '*'" },
	{ "a channel that is not one of the five",
	    HEADER "contact,*,14,fax,1,,,,,\n",
	    "p.csv:2: channel 'fax' is not one of visit, phone, email, sms, "
	    "wechat" },
	{ "a contact rule without a channel", HEADER "contact,*,14,,1,,,,,\n",
	    "p.csv:2: channel '' is not one of visit, phone, email, sms, "
	    "wechat" },
	{ "a contact rule without a priority",
	    HEADER "contact,*,14,phone,,,,,,\n",
	    "p.csv:2: a contact rule needs a priority (1 is the most urgent)" },
	{ "a priority of 0", HEADER "contact,*,14,phone,0,,,,,\n",
	    "p.csv:2: priority must be a whole number from 1 to 999 ('0')" },
	{ "a priority of 1000", HEADER "contact,*,14,phone,1000,,,,,\n",
	    "p.csv:2: priority must be a whole number from 1 to 999 ('1000')" },
	{ "a fractional priority", HEADER "contact,*,14,phone,1.5,,,,,\n",
	    "p.csv:2: priority must be a whole number from 1 to 999 ('1.5')" },
	{ "a negative interval", HEADER "contact,*,-14,phone,1,,,,,\n",
	    "p.csv:2: interval_days must be a whole number from 1 to 36500 "
	    "('-14')" },
	{ "an interval of 0", HEADER "contact,*,0,phone,1,,,,,\n",
	    "p.csv:2: interval_days must be a whole number from 1 to 36500 "
	    "('0')" },
	{ "an interval with a space", HEADER "contact,*, 14,phone,1,,,,,\n",
	    "p.csv:2: interval_days must be a whole number from 1 to 36500 "
	    "(' 14')" },
	{ "greetings neither yes nor no",
	    HEADER "contact,*,14,phone,1,maybe,,,,\n",
	    "p.csv:2: greetings must be yes or no ('maybe')" },
	{ "a second pool rule for a level",
	    HEADER "contact,*,14,phone,1,,,,,\npool,A,,,,,31,,,\n"
	    "pool,A,,,,,60,,,\n",
	    "p.csv:4: a second pool rule for 'A'" },
	{ "a follow-up limit that is not a number",
	    HEADER "contact,*,14,phone,1,,,,,\npool,A,,,,,month,,,\n",
	    "p.csv:3: followup_days must be a whole number from 1 to 36500 "
	    "('month')" },
	{ "a deal limit of 0",
	    HEADER "contact,*,14,phone,1,,,,,\npool,A,,,,,,0,,\n",
	    "p.csv:3: deal_days must be a whole number from 1 to 36500 ('0')" },
	{ "warn_days longer than the follow-up limit",
	    HEADER "contact,*,14,phone,1,,,,,\npool,A,,,,,5,,7,\n",
	    "p.csv:3: warn_days (7) is longer than the limit it warns of" },
	{ "warn_days longer than the deal limit",
	    HEADER "contact,*,14,phone,1,,,,,\npool,A,,,,,31,5,7,\n",
	    "p.csv:3: warn_days (7) is longer than the limit it warns of" },
	{ "won_exempt neither yes nor no",
	    HEADER "contact,*,14,phone,1,,,,,\npool,A,,,,,31,,2,sometimes\n",
	    "p.csv:3: won_exempt must be yes or no ('sometimes')" },
	{ "a reason code that does not exist",
	    HEADER "contact,*,14,phone,1,,,,,\nreason,anniversary,,sms,,,,,,\n",
	    "p.csv:3: 'anniversary' is not a reason code (pool_reclaim, "
	    "pool_warning, feedback_followup, detractor, welcome, winback, "
	    "birthday, holiday, periodic)" },
	{ "a second reason rule",
	    HEADER "contact,*,14,phone,1,,,,,\nreason,welcome,,sms,,,,,,\n"
	    "reason,welcome,,,2,,,,,\n",
	    "p.csv:4: a second reason rule for welcome" },
	{ "a reason rule with neither channel nor priority",
	    HEADER "contact,*,14,phone,1,,,,,\nreason,welcome,,,,,,,,\n",
	    "p.csv:3: a reason rule needs a channel, a priority or "
	    "followup_days" },
	{ "followup_days on a reason without a call-back window",
	    HEADER "contact,*,14,phone,1,,,,,\nreason,welcome,,,,,7,,,\n",
	    "p.csv:3: followup_days of a reason is the call-back window of "
	    "feedback_followup and detractor, not of welcome" },
	{ "a call-back window of 0 days",
	    HEADER "contact,*,14,phone,1,,,,,\nreason,detractor,,,,,0,,,\n",
	    "p.csv:3: followup_days must be a whole number from 1 to 36500 "
	    "('0')" },
	{ "a reason rule with a bad channel",
	    HEADER "contact,*,14,phone,1,,,,,\nreason,welcome,,post,,,,,,\n",
	    "p.csv:3: channel 'post' is not one of visit, phone, email, sms, "
	    "wechat" },
	{ "a reason rule with a bad priority",
	    HEADER "contact,*,14,phone,1,,,,,\nreason,welcome,,,high,,,,,\n",
	    "p.csv:3: priority must be a whole number from 1 to 999 ('high')" },
	{ "no default contact rule", HEADER "contact,gold,14,visit,1,,,,,\n",
	    "p.csv: no default contact rule: add a row 'contact,*,...' for "
	    "the customers no other rule matches" },
	{ "a header only", HEADER,
	    "p.csv: no default contact rule: add a row 'contact,*,...' for "
	    "the customers no other rule matches" },
	{ "a row of the wrong width",
	    HEADER "contact,*,14,phone,1,,,,,\ncontact,gold,7\n",
	    "p.csv:3: ragged row: 3 fields, the header has 10" },
};

static void
test_errors(void)
{
	size_t i;

	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		check_error(errors[i].what, errors[i].text, errors[i].want);
}

int
main(void)
{
	char dir[PATH_MAX];

	setprogname("test-policy");
	make_temp_dir(dir, sizeof(dir), "test-policy");
	if (chdir(dir) == -1)
		return 1;
	test_sample_policy();
	test_default_channels();
	test_columns();
	test_reasons();
	test_windows();
	test_errors();
	unlink("p.csv");
	if (chdir("/") == -1 || rmdir(dir) == -1)
		printf("# could not remove %s\n", dir);
	return check_done();
}
