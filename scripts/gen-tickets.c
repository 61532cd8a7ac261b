/*
 * gen-tickets: synthetic feedback tickets or survey answers for the
 * benchmarks of crm-feedback and crm-survey, with a fixed seed so that
 * every run gives the same bytes.
 *
 *	build/scripts/gen-tickets [--rows N] [--customers N] [--seed N]
 *	    [--survey] > FILE
 *
 * Tickets: ticket_id,customer_id,created,first_response,resolved,status,
 * channel,priority,text over 2026, in creation order; texts are drawn from
 * a list of Chinese and English complaints (one in twenty matches no
 * category), the first response comes minutes to days later, 3% are still
 * open. With --survey: customer_id,survey,question,score,date, in answer
 * order, a response holding nps and usually csat and ces answers, by
 * month.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "model/rng.h"
#include "util.h"

#define DAY 86400

static const char *const texts[] = {
	"快递三天未更新物流", "包裹送错地址", "双十一订单迟迟未发货",
	"重复扣款，需要退还一笔", "发票金额与订单不符", "退款迟迟未到账",
	"耳机左声道没有声音", "商品颜色与描述不符", "空气炸锅使用一周后不加热",
	"客服回复太慢，等了两天", "电话一直占线，无人接听", "门店店员态度不好",
	"小程序无法登录", "设备固件升级失败", "绑定手机号收不到验证码",
	"The parcel never arrived", "I was charged twice for one order",
	"Blender stopped working after a week", "Support agent was rude",
	"Cannot log in to the app", "I want to change my password",
	"谢谢，一切都好",
};
static const char *const channels[] = { "phone", "email", "wechat", "web" };
static const char *const priorities[] = { "high", "normal", "normal", "low" };

struct settings {
	uint64_t rows, customers, seed;
	int survey;
};

static uint64_t
below(struct crm_rng *g, uint64_t n)
{
	return crm_rng_next(g) % n;
}

static void
put_moment(FILE *fp, int64_t t)
{
	char day[DATE_BUFSIZE];
	int s = (int)(t % DAY);

	date_format((int32_t)(t / DAY), day);
	fprintf(fp, "%s %02d:%02d:%02d", day, s / 3600, s / 60 % 60, s % 60);
}

static void
write_tickets(const struct settings *o, struct crm_rng *g)
{
	int64_t start = (int64_t)days_from_civil(2026, 1, 1) * DAY;
	int64_t span = 330LL * DAY, created, responded, resolved;
	uint64_t i;

	puts("ticket_id,customer_id,created,first_response,resolved,status,"
	    "channel,priority,text");
	for (i = 0; i < o->rows; i++) {
		/* creation times rise with i: the export is in creation order */
		created = start + (int64_t)(span * (double)i / (double)o->rows);
		responded = created + 60 + (int64_t)(crm_rng_exponential(g) *
		    4 * 3600);
		resolved = responded + (int64_t)(crm_rng_exponential(g) * 20 *
		    3600);
		printf("T%08llu,C%07llu,", (unsigned long long)i + 1,
		    (unsigned long long)below(g, o->customers));
		put_moment(stdout, created);
		putchar(',');
		put_moment(stdout, responded);
		putchar(',');
		if (below(g, 100) < 3)
			fputs(",open,", stdout);
		else {
			put_moment(stdout, resolved);
			fputs(below(g, 10) < 8 ? ",closed," : ",resolved,",
			    stdout);
		}
		printf("%s,%s,%s\n", channels[below(g, 4)],
		    priorities[below(g, 4)], texts[below(g, sizeof(texts) /
		    sizeof(texts[0]))]);
	}
}

static void
write_survey(const struct settings *o, struct crm_rng *g)
{
	int32_t start = days_from_civil(2026, 1, 1);
	char day[DATE_BUFSIZE];
	uint64_t rows = 0, customer;
	int month;

	puts("customer_id,survey,question,score,date");
	while (rows < o->rows) {
		customer = below(g, o->customers);
		month = (int)(rows * 12 / o->rows);
		date_format(start + month * 30 + (int32_t)below(g, 28), day);
		printf("C%07llu,2026M%02d,nps,%d,%s\n", (unsigned long long)
		    customer, month + 1, (int)below(g, 11), day);
		rows++;
		if (rows < o->rows && below(g, 10) < 8) {
			printf("C%07llu,2026M%02d,csat,%d,%s\n",
			    (unsigned long long)customer, month + 1,
			    1 + (int)below(g, 5), day);
			rows++;
		}
		if (rows < o->rows && below(g, 10) < 6) {
			printf("C%07llu,2026M%02d,ces,%d,%s\n",
			    (unsigned long long)customer, month + 1,
			    1 + (int)below(g, 7), day);
			rows++;
		}
	}
}

static uint64_t
whole(const char *option, const char *arg)
{
	char *end;
	unsigned long long v = strtoull(arg, &end, 10);

	if (end == arg || *end != '\0' || v == 0)
		die_usage("%s: '%s' is not a positive whole number", option,
		    arg);
	return v;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rows", required_argument, NULL, 'r' },
		{ "customers", required_argument, NULL, 'c' },
		{ "seed", required_argument, NULL, 's' },
		{ "survey", no_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 }
	};
	struct settings o = { 1000000, 200000, 20261123, 0 };
	struct crm_rng g;
	int c;

	setprogname(argv[0]);
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': o.rows = whole("--rows", optarg); break;
		case 'c': o.customers = whole("--customers", optarg); break;
		case 's': o.seed = whole("--seed", optarg); break;
		case 'S': o.survey = 1; break;
		default: die_usage("usage: gen-tickets [--rows N] "
		    "[--customers N] [--seed N] [--survey]");
		}
	}
	crm_rng_seed(&g, o.seed);
	if (o.survey)
		write_survey(&o, &g);
	else
		write_tickets(&o, &g);
	if (fflush(stdout) == EOF || ferror(stdout))
		die("write error");
	return 0;
}
