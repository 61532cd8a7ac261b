/*
 * policy.h: the follow-up policy file, and the words it shares with every
 * tool that reads it: reason codes and contact channels.
 *
 * The policy is one CSV file with a header; its columns are found by name
 * in any order, and each row is one rule:
 *
 *   contact,SEGMENT  interval_days, channel, priority, greetings: how
 *                    often, how and how urgently a segment is contacted
 *   pool,LEVEL       followup_days, deal_days, warn_days, won_exempt: the
 *                    public-pool (公海) rule of a customer level
 *   reason,CODE      channel, priority and/or followup_days of one reason
 *                    code (followup_days: the call-back window of
 *                    feedback_followup and detractor)
 *
 * The columns that do not apply to a rule's kind must be empty. A match of
 * "*" is the default of its kind; a contact default is required. Any
 * mistake stops the program with FILE:RECORD: a wrong policy would give a
 * wrong list. crm-schedule(1) describes the file for its users.
 *
 * To add a reason: an enum value in its place by strength and a row of
 * reason_table in policy.c (its code and default channel); the policy file
 * then accepts "reason,CODE" rows for it. To add a kind of rule: its
 * columns in policy_columns and a row of rule_kinds in policy.c.
 */
#ifndef CRM_POLICY_H
#define CRM_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"

/* Reasons to contact a customer, strongest first: the strongest names a row. */
enum reason {
	REASON_POOL_RECLAIM, REASON_POOL_WARNING, REASON_FEEDBACK_FOLLOWUP,
	REASON_DETRACTOR, REASON_WELCOME, REASON_WINBACK, REASON_BIRTHDAY, REASON_HOLIDAY,
	REASON_PERIODIC, NREASONS
};

/* A set of reasons is a mask of these bits. */
#define REASON_BIT(r) (1u << (r))

enum channel {
	CHANNEL_NONE, CHANNEL_VISIT, CHANNEL_PHONE, CHANNEL_EMAIL, CHANNEL_SMS,
	CHANNEL_WECHAT
};

/* "pool_reclaim", "welcome", ...: the codes of the output and the file. */
const char *reason_code(enum reason r);
/* The strongest reason of a set that is not empty. */
enum reason reason_strongest(unsigned reasons);
/*
 * The codes of a set, strongest first, separated by ';', into buf (cut
 * to size); returns the length.
 */
size_t reason_list(unsigned reasons, char *buf, size_t size);
/* "visit", "phone", ...; "" for CHANNEL_NONE. */
const char *channel_name(enum channel c);

/* contact,SEGMENT */
struct contact_rule {
	char *match;
	long interval_days;	/* 0: no periodic contact */
	enum channel channel;
	long priority;		/* 1 is the most urgent */
	bool greetings;		/* birthday and holiday greetings */
};

/* pool,LEVEL (WukongCRM's 公海 rules) */
struct pool_rule {
	char *match;
	long followup_days;	/* 0: no follow-up limit */
	long deal_days;		/* 0: no deal limit */
	long warn_days;		/* warn this many days before the limit */
	bool won_exempt;	/* won customers keep their owner */
};

struct policy;

/* Read the policy file (a side file: input_open_side). */
struct policy *policy_load(const char *path,
    const struct common_options *common);
void policy_free(struct policy *p);

/*
 * The rule whose match is segment (byte for byte), else the default (*);
 * segment NULL (no such column) takes the default too.
 */
const struct contact_rule *policy_contact(const struct policy *p,
    const char *segment, size_t len);
/*
 * The pool rule of a level, else the * rule, else WukongCRM 9.0's: 31
 * days without a follow-up, no deal limit, 2 warning days, won exempt.
 */
const struct pool_rule *policy_pool(const struct policy *p,
    const char *level, size_t len);

/*
 * The channel of a row whose strongest reason is r: the reason rule's,
 * else the reason's own (welcome and ticket call-backs by phone,
 * greetings by wechat, a reclaim none), else the segment's.
 */
enum channel policy_channel(const struct policy *p,
    const struct contact_rule *rule, enum reason r);
/*
 * The call-back window of a reason in days: its reason rule's
 * followup_days, else dflt. A call back not made within it is missed: it
 * is reported (crm-feedback --missed), not put on the list.
 */
long policy_window(const struct policy *p, enum reason r, long dflt);

/* The most urgent of the segment's priority and those of the reasons. */
long policy_priority(const struct policy *p, const struct contact_rule *rule,
    unsigned reasons);

#endif
