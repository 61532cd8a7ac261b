/* tickets.c: response and resolution times, SLA breaches, call backs. */
#include "tickets.h"

#include "text.h"

static int64_t
elapsed(const struct bizhours *biz, int64_t from, int64_t to)
{
	if (biz != NULL)
		return bizhours_between(biz, from, to);
	return to > from ? to - from : 0;
}

/* Is the time taken (or waited so far) past a limit of hours? */
static bool
over(double limit_hours, int64_t seconds)
{
	return limit_hours >= 0 && (double)seconds > limit_hours * 3600;
}

void
ticket_measure(const struct bizhours *biz, const struct ticket_times *t,
    const struct sla_rule *rule, int64_t now, struct ticket_measures *out)
{
	int64_t answered;
	bool has_answer = t->has_response || t->has_resolved;
	int64_t waited = elapsed(biz, t->created, now);

	answered = t->has_response ? t->responded : t->resolved;
	out->response_seconds = has_answer ? elapsed(biz, t->created,
	    answered) : -1;
	out->resolve_seconds = t->has_resolved ? elapsed(biz, t->created,
	    t->resolved) : -1;
	out->sla = rule != NULL && (rule->response_hours >= 0 ||
	    rule->resolve_hours >= 0);
	out->breached = false;
	if (!out->sla)
		return;
	out->breached = over(rule->response_hours, has_answer ?
	    out->response_seconds : waited) || over(rule->resolve_hours,
	    t->has_resolved ? out->resolve_seconds : waited);
}

const char *
followup_name(enum followup f)
{
	static const char *const names[] = { "open", "confirmed", "due",
		"missed" };

	return names[f];
}

enum followup
followup_of(bool resolved, bool confirmed, int32_t resolved_day,
    int32_t as_of, long window_days)
{
	if (!resolved)
		return FOLLOWUP_OPEN;
	if (confirmed)
		return FOLLOWUP_CONFIRMED;
	return (long)as_of - resolved_day <= window_days ? FOLLOWUP_DUE :
	    FOLLOWUP_MISSED;
}

bool
ticket_closed(const char *status, size_t len)
{
	return in_word_list("closed,已关闭,已回访", status, len);
}
