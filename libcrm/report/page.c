/*
 * page.c: the report's page (one self-contained HTML file: styles inline,
 * charts as SVG, no script, font or image from the network), its words in
 * English and Chinese, and reading the small files the sections chart.
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "columns.h"
#include "date.h"
#include "input.h"
#include "num.h"
#include "util.h"

static const char *const labels[NLABELS][2] = {
	[L_TITLE] = { "Customer report", "客户分析报告" },
	[L_AS_OF] = { "as of", "数据截至" },
	[L_OVERVIEW] = { "Overview", "概览" },
	[L_CUSTOMERS] = { "Customers", "客户数" },
	[L_REVENUE] = { "Revenue", "消费金额" },
	[L_MEAN_P_ALIVE] = { "Mean P(alive)", "平均存活概率" },
	[L_EXPECTED] = { "Expected purchases", "预期购买次数" },
	[L_TOTAL_CLV] = { "Total CLV", "客户终身价值合计" },
	[L_FOLLOWUPS_TODAY] = { "Follow-ups today", "今日跟进" },
	[L_SEGMENTS] = { "Segments: size and value", "客户分群：人数与价值" },
	[L_SEGMENTS_NOTE] = { "Share of customers and share of revenue in "
	    "each segment; hover a bar for the numbers.",
	    "各分群客户数占比与消费金额占比；鼠标悬停可看具体数字。" },
	[L_SEGMENT] = { "Segment", "分群" },
	[L_TIERS] = { "Value tiers: size and value", "价值等级：人数与价值" },
	[L_TIER] = { "Tier", "等级" },
	[L_SHARE_CUSTOMERS] = { "share of customers", "客户占比" },
	[L_SHARE_VALUE] = { "share of revenue", "金额占比" },
	[L_SHARE] = { "Share", "占比" },
	[L_RF] = { "Recency x frequency", "最近购买 × 购买频率" },
	[L_RF_NOTE] = { "Customers by R and F score (5 = most recent, most "
	    "frequent); darker cells hold more customers.",
	    "按R、F评分统计的客户数（5分为最近、最频繁）；颜色越深客户越多。" },
	[L_R_SCORE] = { "R score (recency)", "R评分（最近购买）" },
	[L_F_SCORE] = { "F score (frequency)", "F评分（购买频率）" },
	[L_RISK] = { "Churn risk", "流失风险" },
	[L_RISK_NOTE] = { "Customers by churn risk (from P(alive)).",
	    "按流失风险（由存活概率得出）统计的客户数。" },
	[L_CHURN_RISK] = { "Churn risk", "流失风险" },
	[L_ALIVE] = { "P(alive) by frequency and recency",
	    "按频率与最近购买的存活概率" },
	[L_ALIVE_NOTE] = { "Mean probability that a customer is still active, "
	    "by repeat purchases x and time of the last one t_x.",
	    "按重复购买次数x与最后一次购买时间t_x分组的平均存活概率。" },
	[L_FREQUENCY_X] = { "repeat purchases (x)", "重复购买次数（x）" },
	[L_RECENCY_TX] = { "last purchase after first (t_x)",
	    "首购到末次购买（t_x）" },
	[L_P_ALIVE] = { "P(alive)", "存活概率" },
	[L_CLV] = { "Customer lifetime value", "客户终身价值（CLV）" },
	[L_CLV_NOTE] = { "Customers by discounted lifetime value, in bins "
	    "that grow 1, 2, 5, 10, ... (each bar from its value to the next).",
	    "按折现终身价值统计的客户数，分组按 1、2、5、10…… 递增（每栏从其标注"
	    "值到下一栏）。" },
	[L_CLV_AXIS] = { "CLV", "终身价值" },
	[L_MEAN] = { "mean", "平均" },
	[L_MEDIAN] = { "median", "中位数" },
	[L_P90] = { "90th percentile", "90分位" },
	[L_TOTAL] = { "total", "合计" },
	[L_RETENTION] = { "Cohort retention", "同期群留存" },
	[L_RETENTION_NOTE] = { "Share of each cohort (first-purchase period) "
	    "buying again n periods later.",
	    "各同期群（首购期）在之后第n期仍有购买的客户比例。" },
	[L_COHORT] = { "Cohort", "同期群" },
	[L_PERIODS_SINCE] = { "periods since first purchase",
	    "距首购的期数" },
	[L_REPEAT_RATE] = { "repeat rate", "复购率" },
	[L_MEDIAN_DAYS] = { "median days to 2nd purchase",
	    "二次购买中位天数" },
	[L_CALIBRATION] = { "Model check: calibration vs holdout",
	    "模型检验：校准期与验证期" },
	[L_CALIBRATION_NOTE] = { "Mean purchases in the holdout period, "
	    "actual and predicted, by purchases in the calibration period.",
	    "按校准期重复购买次数分组，验证期的实际与预测平均购买次数。" },
	[L_X_CALIBRATION] = { "repeat purchases in calibration (x)",
	    "校准期重复购买次数（x）" },
	[L_HOLDOUT_MEAN] = { "mean purchases in holdout",
	    "验证期平均购买次数" },
	[L_ACTUAL] = { "actual", "实际" },
	[L_PREDICTED] = { "predicted", "预测" },
	[L_MAE] = { "mean absolute error", "平均绝对误差" },
	[L_AUC] = { "AUC of P(alive)", "存活概率AUC" },
	[L_LOAD] = { "Follow-up load", "跟进任务量" },
	[L_LOAD_NOTE] = { "Tasks per owner and planned day.",
	    "每位负责人每天计划的跟进任务数。" },
	[L_OWNER] = { "Owner", "负责人" },
	[L_DAY] = { "Day", "日期" },
	[L_TASKS] = { "tasks", "任务数" },
	[L_REASONS] = { "Reasons on the first day", "首日跟进原因" },
	[L_REASON] = { "Reason", "原因" },
	[L_NUMBERS] = { "Numbers", "数据" },
	[L_COUNT] = { "customers", "客户数" },
	[L_VALUE] = { "revenue", "金额" },
	[L_NO_OWNER] = { "(public pool)", "（公海）" },
	[L_PROFILES_TITLE] = { "Today's customers", "今日跟进客户" },
	[L_WHY] = { "Why today", "跟进原因" },
	[L_CONTACTS] = { "Contacts", "联系方式" },
	[L_LAST_CONTACTS] = { "Last contacts", "最近联系" },
	[L_OPEN_TICKETS] = { "Open tickets", "未结工单" },
	[L_NONE] = { "none", "无" },
	[L_OFFERS] = { "Offers", "推荐" },
	[L_SURVEY] = { "Latest survey", "最近调查" },
	[L_LIFECYCLE] = { "Lifecycle", "生命周期" },
	[L_RFM] = { "RFM", "RFM" },
	[L_EXPECTED_SHORT] = { "expected purchases", "预期购买" },
	[L_CHANNEL] = { "channel", "方式" },
	[L_OVERDUE] = { "days overdue", "逾期天数" },
	[L_PRIORITY] = { "priority", "优先级" },
	[L_RECENCY_DAYS] = { "days since last purchase", "距上次购买天数" },
	[L_PURCHASES] = { "purchases", "购买次数" },
	[L_MONETARY] = { "revenue", "消费金额" },
	[L_NPS] = { "Net Promoter Score over time", "净推荐值（NPS）趋势" },
	[L_NPS_NOTE] = { "NPS (promoters minus detractors, in points) with "
	    "its confidence interval as the shaded band.",
	    "NPS（推荐者比例减贬损者比例，单位：分），阴影为置信区间。" },
	[L_FEEDBACK] = { "Feedback tickets", "客户反馈工单" },
	[L_FEEDBACK_NOTE] = { "Tickets per group, those still open and the "
	    "call-backs missed; then how long resolution took.",
	    "各组工单数、未结工单数与错过的回访数；以及解决所用时间。" },
	[L_TICKETS] = { "tickets", "工单数" },
	[L_OPEN] = { "open", "未结" },
	[L_MISSED] = { "call-backs missed", "错过回访" },
	[L_RESOLVE_TIME] = { "Hours to resolve", "解决用时（小时）" },
	[L_HOURS] = { "hours", "小时" },
	[L_FOOTER] = { "Written by crm-report from the crm-tools outputs; "
	    "no network is needed to view it.",
	    "由 crm-report 根据 crm-tools 的输出生成；查看无需联网。" },
};

const char *
report_label(const struct report *r, enum label id)
{
	return labels[id][r->zh ? 1 : 0];
}

/* The reasons of crm-schedule and the risks of crm-churn, in words. */
static const char *const words[][3] = {
	{ "periodic", "periodic visit", "定期拜访" },
	{ "winback", "win-back", "流失挽回" },
	{ "welcome", "welcome call", "新客欢迎" },
	{ "feedback_followup", "feedback follow-up", "反馈回访" },
	{ "detractor", "detractor call-back", "贬损者回访" },
	{ "birthday", "birthday", "生日关怀" },
	{ "holiday", "holiday greeting", "节日问候" },
	{ "pool_warning", "public-pool warning", "公海预警" },
	{ "pool_reclaim", "back to the public pool", "收回公海" },
	{ "high", "high", "高" },
	{ "medium", "medium", "中" },
	{ "low", "low", "低" },
	{ "month", "month", "月份" },	/* a grouping column (--by month) */
};

const char *
report_word(const struct report *r, const char *code)
{
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(code, words[i][0]) == 0)
			return words[i][r->zh ? 2 : 1];
	return code;
}

static const char style[] =
    "body{margin:0;background:#f3f5f8;color:#1f2933;font:14px/1.45 "
    "system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans CJK SC\","
    "\"Noto Sans SC\",\"Source Han Sans SC\",\"PingFang SC\","
    "\"Hiragino Sans GB\",\"Microsoft YaHei\",\"WenQuanYi Zen Hei\","
    "sans-serif}\n"
    "header{background:#1f3a5f;color:#fff;padding:18px 28px}\n"
    "header h1{margin:0;font-size:22px}header p{margin:4px 0 0;"
    "opacity:.8}\n"
    "main{padding:20px 28px;display:grid;grid-template-columns:"
    "repeat(auto-fill,minmax(560px,1fr));gap:18px}\n"
    ".card{background:#fff;border-radius:8px;padding:14px 18px;"
    "box-shadow:0 1px 3px rgba(0,0,0,.12)}\n"
    ".card h2{margin:0 0 2px;font-size:17px}.note{margin:0 0 8px;"
    "color:#52606d;font-size:13px}\n"
    ".figures{grid-column:1/-1;display:flex;flex-wrap:wrap;gap:12px}\n"
    ".figure{background:#fff;border-radius:8px;padding:10px 16px;"
    "min-width:150px;box-shadow:0 1px 3px rgba(0,0,0,.12)}\n"
    ".figure b{display:block;font-size:22px}.figure span{color:#52606d;"
    "font-size:12px}\n"
    "svg.chart{max-width:100%;height:auto;display:block}\n"
    "svg.chart text{font-family:inherit}\n"
    "svg .grid{stroke:#e4e7eb}svg .axis{stroke:#9aa5b1}"
    "svg .empty{fill:#f0f2f5}\n"
    "table{border-collapse:collapse;font-size:12px;margin-top:6px}\n"
    "th,td{padding:2px 8px;border-bottom:1px solid #e4e7eb;"
    "text-align:right}th:first-child,td:first-child{text-align:left}\n"
    "details summary{cursor:pointer;color:#3b6ea8;font-size:12px;"
    "margin-top:4px}\n"
    "footer{padding:8px 28px 20px;color:#7b8794;font-size:12px}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fill,"
    "minmax(330px,1fr));gap:14px;padding:20px 28px}\n"
    ".person h2{margin:0;font-size:17px}.person .id{color:#7b8794;"
    "font-size:12px;margin-left:6px}\n"
    ".why{background:#fff4e5;border-left:3px solid #e8833a;padding:4px "
    "8px;margin:8px 0}\n"
    ".tags span{display:inline-block;background:#e8eef6;border-radius:10px;"
    "padding:1px 8px;margin:2px 4px 2px 0;font-size:12px}\n"
    "dl{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;"
    "margin:6px 0;font-size:13px}dt{color:#52606d}dd{margin:0}\n"
    "h3{font-size:13px;margin:10px 0 2px;color:#52606d}\n"
    "ul{margin:0;padding-left:18px;font-size:13px}\n";

void
report_begin(struct report *r, const char *title)
{
	char day[DATE_BUFSIZE];

	date_format(r->common->as_of, day);
	html_printf(r->h, "<!DOCTYPE html>\n<html lang=\"%s\"><head>"
	    "<meta charset=\"utf-8\"/><meta name=\"viewport\" content=\""
	    "width=device-width, initial-scale=1\"/><title>", r->zh ?
	    "zh-CN" : "en");
	html_textz(r->h, title);
	html_raw(r->h, "</title><style>\n");
	html_raw(r->h, style);
	html_raw(r->h, "</style></head><body><header><h1>");
	html_textz(r->h, title);
	html_printf(r->h, "</h1><p>%s %s</p></header>\n",
	    report_label(r, L_AS_OF), day);
}

void
report_end(struct report *r)
{
	html_raw(r->h, "<footer>");
	html_textz(r->h, report_label(r, L_FOOTER));
	html_raw(r->h, "</footer></body></html>\n");
}

void
report_card_begin(struct report *r, enum label title, enum label note)
{
	html_raw(r->h, "<section class=\"card\"><h2>");
	html_textz(r->h, report_label(r, title));
	html_raw(r->h, "</h2><p class=\"note\">");
	html_textz(r->h, report_label(r, note));
	html_raw(r->h, "</p>");
}

void
report_card_end(struct report *r)
{
	html_raw(r->h, "</section>\n");
}

void
report_figure(struct report *r, enum label name, const char *value)
{
	html_raw(r->h, "<div class=\"figure\"><b>");
	html_textz(r->h, value);
	html_raw(r->h, "</b><span>");
	html_textz(r->h, report_label(r, name));
	html_raw(r->h, "</span></div>");
}

/* Small files, read whole */

void
csv_table_read(struct csv_table *t, const struct common_options *c,
    const char *file)
{
	char *files[1] = { (char *)file };
	struct input *in = input_open(c, files, 1);
	const struct record *rec;
	size_t cap = 0;

	memset(t, 0, sizeof(*t));
	t->file = file;
	t->text = xcalloc(1, sizeof(*t->text));
	arena_init(t->text, 1 << 16);
	record_copy(&t->header, input_header(in), t->text);
	while ((rec = input_next(in)) != NULL) {
		if (t->nrows == cap) {
			cap = grow_capacity(cap, t->nrows + 1);
			t->rows = xreallocarray(t->rows, cap, sizeof(*t->rows));
		}
		record_copy(&t->rows[t->nrows++], rec, t->text);
	}
	input_close(in);
}

void
csv_table_free(struct csv_table *t)
{
	arena_free(t->text);
	free(t->text);
	free(t->rows);
}

long
csv_table_column(const struct csv_table *t, const char *name)
{
	return column_lookup(&t->header, name);
}

void
report_require(const struct record *header, const char *file,
    const char *what, const char *const *names, long *cols)
{
	char seen[512], want[512];
	size_t i, n = 0;
	bool missing = false;

	want[0] = '\0';
	for (i = 0; names[i]; i++) {
		cols[i] = COLUMN_NONE;
		for (size_t k = 0; k < header->nfields; k++)
			if (strcmp(header->fields[k].s, names[i]) == 0)
				cols[i] = (long)k;
		missing |= cols[i] == COLUMN_NONE;
		if (n < sizeof(want))
			n += (size_t)snprintf(want + n, sizeof(want) - n,
			    "%s%s", i ? ", " : "", names[i]);
	}
	if (missing)
		die("%s: not %s: expected the columns %s (the header is: %s)",
		    file, what, want, column_list(header, seen, sizeof(seen)));
}

double
report_number(const struct field *f)
{
	double v;

	if (f->len == 0 || number_parse(f->s, f->len, '.', &v) != NUM_OK)
		return NAN;
	return v;
}
