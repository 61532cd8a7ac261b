/* columns.c: column resolution by name, position and alias. */
#include "columns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"

/* Aliases seen in CRM and shop exports, English and Chinese. */
static const struct alias {
	const char *canonical;
	const char *names;
} aliases[] = {
	{ "customer_id", "customer, cust_id, customer_no, customer_number, "
	    "client_id, member_id, 客户ID, 客户编号, 客户编码, 客户代码, 客户, "
	    "会员ID, 会员编号" },
	{ "order_date", "date, invoice_date, purchase_date, transaction_date, "
	    "order_time, 日期, 订单日期, 下单时间, 下单日期, 交易日期, 成交日期, "
	    "购买日期" },
	{ "amount", "value, revenue, total, sales, dollar_value, 金额, "
	    "订单金额, 实付金额, 销售额, 消费金额, 成交金额, 支付金额" },
	{ "order_id", "invoice_no, invoice, order, order_no, order_number, "
	    "订单号, 订单编号" },
	{ "quantity", "qty, 数量, 购买数量" },
	{ "price", "unit_price, 单价, 价格" },
	{ "item", "product, product_id, product_name, sku, stock_code, "
	    "item_id, item_name, 商品, 商品名称, 商品编号, 商品ID, 产品, "
	    "产品名称" },
	{ "offer", "offers, recommendation, 推荐, 推荐商品" },
	{ "owner", "account_manager, sales_rep, 负责人, 客户负责人, 销售" },
	{ "name", "customer_name, 客户名称, 客户姓名, 姓名, 名称, full_name, "
	    "contact_name, 联系人" },
	{ "phone", "mobile, tel, telephone, 电话, 手机, 手机号, 联系电话, "
	    "phone_number, mobile_phone, 手机号码, 联系方式" },
	{ "email", "mail, 邮箱, 电子邮箱, e_mail, email_address, 电子邮件" },
	{ "company", "company_name, organization, organisation, "
	    "account_name, employer, 公司, 公司名称, 单位, 单位名称, 企业名称, "
	    "工作单位" },
	{ "address", "street, street_address, addr, address1, 地址, 详细地址, "
	    "联系地址, 通讯地址, 收货地址" },
	{ "postcode", "zip, zipcode, zip_code, postal_code, post_code, 邮编, "
	    "邮政编码" },
	{ "city", "town, 城市, 所在城市" },
	{ "last_activity", "last_activity_date, last_contact, "
	    "last_contact_date, last_order_date, updated_at, last_modified, "
	    "最后跟进时间, 最近跟进时间, 最后联系时间, 最后活动时间, 更新时间, "
	    "最后修改时间" },
	{ "birthday", "birth_date, date_of_birth, dob, 生日, 出生日期" },
	{ "segment", "客户分群, 分群" },
	{ "tier", "grade, 客户等级, 等级" },
	{ "level", "customer_level, 客户级别, 级别" },
	{ "first_date", "first_purchase, first_order_date, 首次购买日期, "
	    "首购日期" },
	{ "churn_risk", "risk, 流失风险" },
	{ "claim_date", "claimed_date, claim_time, 领取时间, 领取日期, "
	    "认领日期" },
	{ "won", "deal_status, 成交状态, 是否成交" },
	{ "locked", "is_lock, is_locked, lock, 锁定, 是否锁定, 锁定状态" },
	{ "contact_date", "date, follow_up_date, followup_date, contact_time, "
	    "跟进时间, 跟进日期, 联系时间, 联系日期" },
	{ "resolved_date", "resolved, resolved_at, resolved_time, 解决时间, "
	    "解决日期, 处理完成时间" },
	{ "status", "state, ticket_status, 状态, 工单状态" },
	{ "ticket_id", "ticket, ticket_no, ticket_number, case_id, case_number, "
	    "工单号, 工单编号, 工单ID" },
	{ "created", "created_at, created_time, create_time, opened_at, "
	    "创建时间, 创建日期, 反馈时间" },
	{ "first_response", "first_response_at, first_response_time, "
	    "first_reply, responded_at, 首次响应时间, 首次回复时间, 响应时间" },
	{ "channel", "source, contact_channel, 渠道, 来源, 反馈渠道" },
	{ "category", "ticket_type, issue_type, 类别, 分类, 问题类型, "
	    "工单类型" },
	{ "priority", "urgency, severity, 优先级, 紧急程度" },
	{ "text", "summary, description, content, comment, subject, 内容, "
	    "描述, 问题描述, 反馈内容, 摘要" },
	{ "survey", "survey_name, survey_id, 问卷, 问卷名称" },
	{ "question", "question_id, item, 问题, 题目" },
	{ "score", "rating, answer, 评分, 分数, 得分" },
	{ "survey_date", "date, answered_at, response_date, submitted_at, "
	    "日期, 填写时间, 答卷时间, 提交时间" },
	{ "nps", "nps_score, likelihood_to_recommend, 推荐度, 净推荐值, "
	    "推荐意愿" },
	{ "csat", "satisfaction, csat_score, 满意度" },
	{ "ces", "effort, ces_score, customer_effort, 费力度" },
	{ "x", "frequency, repeat_purchases" },
	{ "t_x", "recency" },
	{ "T", "age" },
	{ "repeat_avg", "zbar, monetary_value" },
	{ NULL, NULL }
};

/* Lower-case ASCII and no " _-." ("Customer ID" -> "customerid"). */
static size_t
normalize(const char *s, size_t len, char *out, size_t cap)
{
	size_t i, n = 0;

	for (i = 0; i < len && n + 1 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '_' || c == '-' || c == '.')
			continue;
		out[n++] = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
	}
	out[n] = '\0';
	return n;
}

static bool
same_name(const char *a, size_t alen, const char *b, size_t blen)
{
	char na[256], nb[256];

	if (alen >= sizeof(na) || blen >= sizeof(nb))
		return alen == blen && memcmp(a, b, alen) == 0;
	return strcmp((normalize(a, alen, na, sizeof(na)), na),
	    (normalize(b, blen, nb, sizeof(nb)), nb)) == 0;
}

static long
exact_name(const struct record *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->nfields; i++)
		if (strcmp(h->fields[i].s, name) == 0)
			return (long)i;
	return COLUMN_NONE;
}

/* The columns matching name after normalization: first in *first. */
static size_t
count_similar(const struct record *h, const char *name, size_t len,
    long *first)
{
	size_t i, n = 0;

	for (i = 0; i < h->nfields; i++)
		if (same_name(h->fields[i].s, h->fields[i].len, name, len))
			if (n++ == 0)
				*first = (long)i;
	return n;
}

const char *
column_list(const struct record *h, char *list, size_t size)
{
	size_t i, n = 0;

	if (h->nfields == 0 || size < 16)
		return "(no columns)";
	list[0] = '\0';
	for (i = 0; i < h->nfields; i++) {
		/* room for this name, its separator and a final ", ..." */
		if (n + h->fields[i].len + 2 + 6 >= size) {
			snprintf(list + n, size - n, "%s...", i ? ", " : "");
			break;
		}
		n += (size_t)snprintf(list + n, size - n, "%s%s",
		    i ? ", " : "", h->fields[i].s);
	}
	return list;
}

/* The -d argument for a header read as one field that holds ';', tab or |. */
static const char *
delimiter_hint(const struct record *h)
{
	static const char *const hints[] = { ";", "';'", "\t", "tab", "|",
		"'|'" };
	size_t i;

	if (h->nfields != 1)
		return NULL;
	for (i = 0; i < sizeof(hints) / sizeof(hints[0]); i += 2)
		if (strchr(h->fields[0].s, hints[i][0]) != NULL)
			return hints[i + 1];
	return NULL;
}

/*
 * Stop with what is wrong about a column: the file, the header as read
 * and, when that header is one field holding another delimiter, -d.
 */
static _Noreturn void
die_listing(const struct record *h, const char *fmt, const char *arg,
    const char *option)
{
	char list[1024], what[256], how[256] = "", file[256] = "";
	const char *d = delimiter_hint(h);

	snprintf(what, sizeof(what), fmt, arg);
	if (option != NULL)
		snprintf(how, sizeof(how), "; %s", option);
	if (h->file != NULL)
		snprintf(file, sizeof(file), "%s: ", h->file);
	column_list(h, list, sizeof(list));
	if (d != NULL)
		die("%s%s%s; the header has one column: %s; is the delimiter "
		    "%s? (-d %s)", file, what, how, list, d, d);
	die("%s%s%s; the header has: %s", file, what, how, list);
}

long
column_lookup(const struct record *h, const char *spec)
{
	long col = exact_name(h, spec);
	size_t len = strlen(spec);

	if (col != COLUMN_NONE)
		return col;
	if (count_similar(h, spec, len, &col) == 1)
		return col;
	if (all_digits(spec, len) && len < 10) {
		long pos = atol(spec);

		if (pos >= 1 && (size_t)pos <= h->nfields)
			return pos - 1;
	}
	return COLUMN_NONE;
}

long
column_require(const struct record *h, const char *spec)
{
	long col = column_lookup(h, spec);

	if (col == COLUMN_NONE)
		die_listing(h, "column '%s' not found", spec, NULL);
	return col;
}

long *
column_require_list(const struct record *h, const char *list, size_t *n)
{
	char **item = split_commas(list, n);
	long *cols = xreallocarray(NULL, *n, sizeof(*cols));
	size_t i;

	for (i = 0; i < *n; i++)
		cols[i] = column_require(h, item[i]);
	free_strings(item, *n);
	return cols;
}

/* Each alias of canonical in turn: the next name in *names. */
static bool
next_alias(const char **names, const char **name, size_t *len)
{
	const char *p = *names;

	if (*p == '\0')
		return false;
	*name = p;
	*len = strcspn(p, ",");
	p += *len;
	while (*p == ',' || *p == ' ')
		p++;
	*names = p;
	return true;
}

static const struct alias *
alias_entry(const char *canonical)
{
	const struct alias *a;

	for (a = aliases; a->canonical; a++)
		if (strcmp(a->canonical, canonical) == 0)
			return a;
	return NULL;
}

/* The column named by an alias of canonical; dies when there are several. */
static long
find_by_alias(const struct record *h, const char *canonical)
{
	const struct alias *entry = alias_entry(canonical);
	const char *names = entry ? entry->names : "", *name;
	long found = COLUMN_NONE;
	size_t len, i;

	while (next_alias(&names, &name, &len))
		for (i = 0; i < h->nfields; i++) {
			if ((long)i == found || !same_name(h->fields[i].s,
			    h->fields[i].len, name, len))
				continue;
			if (found != COLUMN_NONE)
				die("columns '%s' and '%s' could both be %s; "
				    "name one with its option",
				    h->fields[found].s, h->fields[i].s,
				    canonical);
			found = (long)i;
		}
	return found;
}

long
column_find(const struct record *h, const char *canonical, const char *spec,
    bool required)
{
	return column_find_option(h, canonical, spec, required, NULL);
}

long
column_find_option(const struct record *h, const char *canonical,
    const char *spec, bool required, const char *option)
{
	long col;
	size_t n;

	if (spec != NULL)
		return column_require(h, spec);
	if ((col = exact_name(h, canonical)) != COLUMN_NONE)
		return col;
	if ((n = count_similar(h, canonical, strlen(canonical), &col)) == 1)
		return col;
	if (n > 1)
		die_listing(h, "several columns could be '%s'", canonical,
		    option);
	if ((col = find_by_alias(h, canonical)) == COLUMN_NONE && required)
		die_listing(h, "no '%s' column (or one of its aliases, see "
		    "man 7 crm)", canonical, option);
	return col;
}

const char *
column_aliases(const char *canonical)
{
	const struct alias *entry = alias_entry(canonical);

	return entry ? entry->names : "";
}
