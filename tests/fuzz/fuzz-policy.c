/*
 * fuzz-policy.c: the follow-up policy reader (policy_load in policy.c),
 * as crm-schedule --policy and crm-feedback read it.
 *
 * The input is the policy file. A file that does not load stops with a
 * message. A file that loads is read again row by row: each contact and
 * pool rule is found by its match, with the numbers of its row; a reason
 * rule gives its reason the row's call-back window. Then every reason is
 * asked of the default rule: a channel there is, a priority no less
 * urgent than the rule's, a window of at least a day; and the list of a
 * set of reasons starts with its strongest, whatever the buffer's size.
 */
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "harness.h"
#include "policy.h"
#include "reader.h"
#include "text.h"

struct loading {
	struct policy *p;
};

static void
load(void *arg)
{
	struct loading *l = arg;
	struct common_options opt;

	memset(&opt, 0, sizeof(opt));
	opt.in.delimiter = ',';
	opt.quiet = true;
	l->p = policy_load("-", &opt);
}

/* The row's field of column name: "" when the file has no such column. */
static const struct field *
cell(const struct record *h, const struct record *rec, const char *name)
{
	static const struct field none = { "", 0 };
	size_t i;

	for (i = 0; i < h->nfields; i++)
		if (text_is(h->fields[i].s, h->fields[i].len, name))
			return &rec->fields[i];
	return &none;
}

/* The number a cell holds; dflt when it is empty. */
static long
number(const struct field *f, long dflt)
{
	return f->len == 0 ? dflt : strtol(f->s, NULL, 10);
}

static void
check_contact(const struct policy *p, const struct record *h,
    const struct record *rec, const struct field *match)
{
	const struct contact_rule *r = policy_contact(p, match->s,
	    match->len);

	if (strcmp(r->match, match->s) != 0 ||
	    r->interval_days != number(cell(h, rec, "interval_days"), 0) ||
	    r->priority != number(cell(h, rec, "priority"), 0) ||
	    r->priority < 1 || r->channel < CHANNEL_VISIT ||
	    r->channel > CHANNEL_WECHAT)
		fuzz_fail("record %llu: contact rule '%s' read as '%s', "
		    "every %ld days, priority %ld, channel %d", rec->recno,
		    match->s, r->match, r->interval_days, r->priority,
		    (int)r->channel);
}

static void
check_pool(const struct policy *p, const struct record *h,
    const struct record *rec, const struct field *match)
{
	const struct pool_rule *r = policy_pool(p, match->s, match->len);

	if (strcmp(r->match, match->s) != 0 ||
	    r->followup_days != number(cell(h, rec, "followup_days"), 0) ||
	    r->deal_days != number(cell(h, rec, "deal_days"), 0) ||
	    r->warn_days != number(cell(h, rec, "warn_days"), 2) ||
	    (r->followup_days && r->warn_days > r->followup_days) ||
	    (r->deal_days && r->warn_days > r->deal_days))
		fuzz_fail("record %llu: pool rule '%s' read as '%s', "
		    "%ld/%ld days, warned %ld ahead", rec->recno, match->s,
		    r->match, r->followup_days, r->deal_days, r->warn_days);
}

static void
check_reason(const struct policy *p, const struct record *h,
    const struct record *rec, const struct field *code)
{
	long window = number(cell(h, rec, "followup_days"), 0);
	int r;

	for (r = 0; r < NREASONS; r++)
		if (text_is(code->s, code->len, reason_code((enum reason)r)))
			break;
	if (r == NREASONS)
		fuzz_fail("record %llu: '%s' loaded, but is no reason code",
		    rec->recno, code->s);
	if (policy_window(p, (enum reason)r, -1) != (window ? window : -1))
		fuzz_fail("record %llu: the window of %s is %ld, not %ld",
		    rec->recno, code->s, policy_window(p, (enum reason)r, -1),
		    window);
}

static void
check_row(const struct record *h, const struct record *rec, void *arg)
{
	const struct field *rule = cell(h, rec, "rule");
	const struct field *match = cell(h, rec, "match");

	if (text_is(rule->s, rule->len, "contact"))
		check_contact(arg, h, rec, match);
	else if (text_is(rule->s, rule->len, "pool"))
		check_pool(arg, h, rec, match);
	else if (text_is(rule->s, rule->len, "reason"))
		check_reason(arg, h, rec, match);
	else
		fuzz_fail("record %llu: rule '%s' loaded", rec->recno,
		    rule->s);
}

/* Every reason through the default contact rule. */
static void
check_reasons(const struct policy *p)
{
	const struct contact_rule *dflt = policy_contact(p, NULL, 0);
	char list[256], cut[12];
	unsigned mask;
	int r;

	if (dflt == NULL || strcmp(dflt->match, "*") != 0)
		fuzz_fail("the default contact rule is not the * row");
	for (r = 0; r < NREASONS; r++) {
		if (policy_channel(p, dflt, (enum reason)r) > CHANNEL_WECHAT ||
		    policy_priority(p, dflt, REASON_BIT(r)) < 1 ||
		    policy_priority(p, dflt, REASON_BIT(r)) > dflt->priority ||
		    policy_window(p, (enum reason)r, 14) < 1)
			fuzz_fail("reason %s: channel, priority or window "
			    "out of range", reason_code((enum reason)r));
	}
	for (mask = 1; mask < REASON_BIT(NREASONS); mask++) {
		reason_list(mask, list, sizeof(list));
		reason_list(mask, cut, sizeof(cut));
		if (strncmp(list, reason_code(reason_strongest(mask)),
		    strlen(reason_code(reason_strongest(mask)))) != 0 ||
		    strncmp(list, cut, strlen(cut)) != 0)
			fuzz_fail("reasons %#x listed as '%s', cut '%s'", mask,
			    list, cut);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loading l;

	fuzz_stdin(data, size);
	if (!fuzz_run(load, &l))
		return 0;
	if (!fuzz_rows(data, size, check_row, l.p))
		fuzz_fail("the policy loaded, but reading it again stopped: "
		    "%s", fuzz_message);
	check_reasons(l.p);
	policy_free(l.p);
	return 0;
}
