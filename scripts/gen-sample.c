/*
 * gen-sample: write the bundled sample exports of a fictional Chinese
 * retailer with some business accounts: orders, customers, contact log and
 * feedback tickets, two years up to the demo's "today", 2026-11-23, and
 * the answers to two quarterly NPS/CSAT/CES surveys.
 *
 *	make build/scripts/gen-sample
 *	build/scripts/gen-sample [--seed N] [--summary] [DIR]
 *
 * or simply scripts/gen-sample [DIR]. DIR defaults to data/sample. With the
 * default seed (20261123) the files are the committed data/sample CSV files
 * byte for byte; --summary prints the counts and the scheduler's edge cases
 * quoted in data/sample/README.md.
 *
 * Purchases follow a BTYD process (Fader, Hardie & Lee 2005): each customer
 * buys at a gamma-distributed weekly rate and, after every purchase, drops
 * out with a beta-distributed probability; order values are gamma around a
 * customer-specific mean. Everything else (owners, contacts, tickets) is
 * layered on the purchase history so that the demo has every case the
 * follow-up scheduler knows about.
 *
 * Each customer draws from its own random streams (one per concern), so a
 * change in how contacts are drawn does not move anyone's orders.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "model/rng.h"
#include "util.h"

#define DEFAULT_SEED	20261123
#define DEFAULT_DIR	"data/sample"
#define NO_DATE		INT32_MIN
#define NO_OWNER	(-1)
#define DAY_SECONDS	86400

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

enum {
	CUSTOMERS = 3200,
	DUPLICATES = 12,	/* second records of a known person */
	PLANTED = 8,		/* more, appended, each written another way */
	DATA_DAYS = 729,	/* 2024-11-24 .. 2026-11-22, before the anchor */
	RECENT_DAYS = 14,	/* "new customer" window of the welcome call */
	FOLLOWUP_DAYS = 7	/* resolved tickets still waiting for a call */
};

/* Random streams, one per concern and customer; see rng_init(). */
enum stream {
	STREAM_ARRIVALS = 1, STREAM_PROFILE, STREAM_BEHAVIOUR, STREAM_ORDERS,
	STREAM_OWNER, STREAM_CONTACTS, STREAM_TICKETS, STREAM_EDGES,
	STREAM_SURVEY,	/* survey.csv: drawn last, moves nothing else */
	STREAM_PLANTED	/* planted duplicates: rows appended, nothing moved */
};

/* ---------------------------------------------------------------------
 * Random numbers: model/rng.h's generator, so that the files do not depend
 * on the libc's rand(), and its [0, 1) family of draws.  Here and below,
 * every draw is a statement of its own: the order in which C evaluates
 * operands is unspecified, and the stream must not depend on the compiler.
 */

/*
 * A stream per (seed, stream, index). crm_rng_mix is a bijection, so
 * distinct (stream, index) pairs start from distinct splitmix64 states.
 */
static void
rng_init(struct crm_rng *rng, uint64_t seed, enum stream stream,
    uint64_t index)
{
	crm_rng_seed(rng, crm_rng_mix(seed) ^ crm_rng_mix((uint64_t)stream <<
	    40 | index));
}

/* Uniform integer on [0, n), n > 0. */
static int
rng_below(struct crm_rng *rng, int n)
{
	return (int)crm_rng_index(rng, (size_t)n);
}

/* Uniform integer on [lo, hi]. */
static int
rng_between(struct crm_rng *rng, int lo, int hi)
{
	return lo + rng_below(rng, hi - lo + 1);
}

static bool
rng_chance(struct crm_rng *rng, double p)
{
	return crm_rng_chance(rng, p);
}

static double
rng_exponential(struct crm_rng *rng, double mean)
{
	return -mean * log1p(-crm_rng_uniform0(rng));
}

/* model/rng's weighted draw (the same uniform0 against the running sum). */
static int
rng_weighted(struct crm_rng *rng, const double *weights, size_t n)
{
	return (int)crm_rng_weighted(rng, weights, n);
}

/* An index in [0, n) favouring the front of a list sorted by frequency. */
static int
rng_common_first(struct crm_rng *rng, int n)
{
	return (int)(n * pow(crm_rng_uniform0(rng), 1.8));
}

/* ---------------------------------------------------------------------
 * Vocabulary.
 */

static const char *const owners[] = {
	"王磊", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "周杰"
};
static const double owner_weights[] = {
	1.3, 1.2, 1.1, 1.0, 1.0, 0.9, 0.8, 0.7
};

struct word {
	const char *han;
	const char *pinyin;
};

/* Surnames in order of frequency. */
static const struct word surnames[] = {
	{ "王", "wang" }, { "李", "li" }, { "张", "zhang" }, { "刘", "liu" },
	{ "陈", "chen" }, { "杨", "yang" }, { "黄", "huang" }, { "赵", "zhao" },
	{ "吴", "wu" }, { "周", "zhou" }, { "徐", "xu" }, { "孙", "sun" },
	{ "马", "ma" }, { "朱", "zhu" }, { "胡", "hu" }, { "郭", "guo" },
	{ "何", "he" }, { "高", "gao" }, { "林", "lin" }, { "罗", "luo" },
	{ "郑", "zheng" }, { "梁", "liang" }, { "谢", "xie" }, { "宋", "song" },
	{ "唐", "tang" }, { "韩", "han" }, { "冯", "feng" }, { "邓", "deng" },
	{ "曹", "cao" }, { "彭", "peng" }, { "曾", "zeng" }, { "欧阳", "ouyang" }
};

static const struct word given_names[] = {
	{ "伟", "wei" }, { "芳", "fang" }, { "娜", "na" }, { "敏", "min" },
	{ "静", "jing" }, { "丽", "li" }, { "强", "qiang" }, { "磊", "lei" },
	{ "军", "jun" }, { "洋", "yang" }, { "勇", "yong" }, { "艳", "yan" },
	{ "杰", "jie" }, { "娟", "juan" }, { "涛", "tao" }, { "明", "ming" },
	{ "超", "chao" }, { "秀", "xiu" }, { "霞", "xia" }, { "平", "ping" },
	{ "刚", "gang" }, { "英", "ying" }, { "华", "hua" }, { "玉", "yu" },
	{ "建", "jian" }, { "文", "wen" }, { "辉", "hui" }, { "婷", "ting" },
	{ "鹏", "peng" }, { "宇", "yu" }, { "浩", "hao" }, { "欣", "xin" },
	{ "怡", "yi" }, { "晨", "chen" }, { "博", "bo" }, { "思", "si" },
	{ "雨", "yu" }, { "嘉", "jia" }, { "子", "zi" }, { "梓", "zi" },
	{ "轩", "xuan" }, { "涵", "han" }, { "凯", "kai" }, { "琳", "lin" }
};

/* Company trade names; the legal name is city + trade name + line. */
static const struct word trade_names[] = {
	{ "恒远", "hengyuan" }, { "华盛", "huasheng" }, { "鑫达", "xinda" },
	{ "瑞丰", "ruifeng" }, { "嘉禾", "jiahe" }, { "宏图", "hongtu" },
	{ "天成", "tiancheng" }, { "金桥", "jinqiao" }, { "博远", "boyuan" },
	{ "明辉", "minghui" }, { "新锐", "xinrui" }, { "联创", "lianchuang" },
	{ "永安", "yongan" }, { "德润", "derun" }, { "启航", "qihang" },
	{ "云帆", "yunfan" }, { "睿智", "ruizhi" }, { "汇通", "huitong" }
};

static const char *const business_lines[] = {
	"贸易", "科技", "餐饮管理", "文化传媒", "电子", "建材", "物流",
	"医疗器械", "教育咨询", "服饰", "网络科技", "实业"
};

struct foreigner {
	const char *name;
	const char *mailbox;
};

/*
 * Foreign customers as a Chinese CRM holds them, typed by hand: one
 * "Family, Given" with a comma and one with a stray trailing space, as
 * imports from spreadsheets leave them.
 */
static const struct foreigner foreigners[] = {
	{ "David Miller", "david.miller" }, { "Emily Zhang", "emily.zhang" },
	{ "Michael Brown", "michael.brown" }, { "Sarah Johnson", "sarahj" },
	{ "Anna Müller", "anna.mueller" }, { "Tom O'Brien", "tom.obrien" },
	{ "Chen, Wei", "wei.chen" }, { "Kevin Liu ", "kevinliu" },
	{ "Yuki Tanaka", "yuki.tanaka" }, { "Lucas Martin", "lucas.martin" },
	{ "Olivia Wang", "olivia.w" }, { "Daniel Kim", "daniel.kim" }
};

static const char *const cities[] = {
	"上海", "北京", "深圳", "广州", "杭州", "成都", "重庆", "武汉", "南京",
	"苏州", "西安", "天津", "长沙", "郑州", "青岛", "厦门", "合肥", "宁波"
};
static const double city_weights[] = {
	12, 11, 9, 9, 8, 7, 5, 5, 5, 5, 4, 4, 3, 3, 3, 2, 2, 2
};

static const char *const mobile_prefixes[] = {
	"130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
	"151", "152", "155", "157", "158", "159", "180", "181", "182", "183",
	"185", "186", "187", "188", "189", "191", "193", "198", "199"
};

static const char *const mail_domains[] = {
	"163.com", "126.com", "sina.com", "foxmail.com", "gmail.com",
	"outlook.com", "139.com"
};

struct product {
	const char *name;
	double price;		/* typical line value in CNY */
};

/* Sorted by price; one name carries a comma, as shop listings do. */
static const struct product consumer_products[] = {
	{ "抽纸 6包", 12.9 }, { "牙膏", 16.8 }, { "湿巾 10包", 19.9 },
	{ "袜子 5双装", 25 }, { "数据线 Type-C,1米", 29 }, { "洗衣凝珠", 39 },
	{ "面膜 10片装", 59 },
	{ "香薰蜡烛", 69 }, { "瑜伽垫", 79 }, { "咖啡豆 500g", 88 },
	{ "不锈钢保温杯", 99 }, { "坚果大礼包", 128 }, { "充电宝", 149 },
	{ "儿童绘本套装", 199 }, { "智能手环", 249 }, { "有机绿茶礼盒", 268 },
	{ "电动牙刷", 299 }, { "蓝牙耳机", 399 }, { "空气炸锅", 429 },
	{ "羊毛衫", 459 }, { "运动跑鞋", 599 }, { "护肤精华液", 680 },
	{ "四件套床品", 699 }, { "真丝围巾", 899 }, { "黄金转运珠", 1580 },
	{ "扫地机器人", 1999 }, { "平板电脑", 2999 }
};

static const struct product business_products[] = {
	{ "劳保手套(100双)", 180 }, { "硒鼓", 560 }, { "茶歇套餐", 800 },
	{ "员工福利卡", 1000 }, { "办公椅", 1200 }, { "A4复印纸(10箱)", 1350 },
	{ "网络交换机", 2600 }, { "企业定制礼品", 3500 },
	{ "工业除湿机", 4800 }, { "会议平板", 8999 }
};

/* Hour of an order: evening peak for people, office hours for companies. */
static const double person_hours[24] = {
	1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2.5, 3.5, 4.5, 5,
	4.5, 4, 4, 4, 3.8, 3.5, 4, 5, 6, 6.5, 5, 3
};
static const double office_hours[24] = {
	0, 0, 0, 0, 0, 0, 0, 0.2, 1, 5, 6, 5,
	2, 4, 6, 5, 4, 2, 0.5, 0.2, 0.1, 0, 0, 0
};

enum channel { VISIT, PHONE, EMAIL, SMS, WECHAT };
static const char *const channel_names[] = {
	"visit", "phone", "email", "sms", "wechat"
};

enum outcome { REACHED, NO_ANSWER, LEFT_MESSAGE, MEETING, COMPLAINT_HANDLED };
static const char *const outcome_names[] = {
	"reached", "no_answer", "left_message", "meeting", "complaint_handled"
};

enum category { PRODUCT, SERVICE, DELIVERY, BILLING, TECHNICAL, CATEGORIES };
static const char *const category_names[] = {
	"product", "service", "delivery", "billing", "technical"
};
static const double category_weights[] = { 30, 20, 25, 15, 10 };

/* Median resolution time in hours per category. */
static const double resolution_hours[] = { 60, 12, 36, 48, 120 };

/*
 * What customers write. One summary quotes with ASCII quotes and one uses an
 * ASCII comma, as typed into a web form; both need CSV quoting.
 */
static const char *const summaries[CATEGORIES][6] = {
	[PRODUCT] = {
		"收到的保温杯有划痕，申请换货", "商品颜色与描述不符",
		"耳机左声道没有声音", "茶叶包装破损受潮",
		"尺码偏小，想换大一号", "空气炸锅使用一周后不加热"
	},
	[SERVICE] = {
		"客服回复太慢，等了两天", "门店店员态度不好",
		"会员积分没有到账", "希望开通企业月结账户",
		"电话一直占线，无人接听", "售后承诺回电但没有联系"
	},
	[DELIVERY] = {
		"快递三天未更新物流", "包裹送错地址",
		"快递员未打电话直接放驿站", "大件商品送货延误一周",
		"外箱破损，少了一件赠品", "双十一订单迟迟未发货"
	},
	[BILLING] = {
		"重复扣款，需要退还一笔", "发票金额与订单不符",
		"优惠券未生效，多付了钱", "商品页面写着\"包邮\"但收取了运费",
		"退款迟迟未到账", "发票抬头写错了,需要重开"
	},
	[TECHNICAL] = {
		"小程序无法登录", "支付页面一直转圈",
		"设备固件升级失败", "绑定手机号收不到验证码",
		"打印机驱动安装报错", "扫地机器人无法连接WiFi"
	}
};

/* ---------------------------------------------------------------------
 * The data set.
 */

enum kind { PERSON, COMPANY, FOREIGNER };

struct customer {
	char id[16];		/* "K000123" */
	enum kind kind;
	char name[96];
	char phone[12];
	char email[64];
	const char *city;
	int32_t created, claimed, birthday;
	int owner;		/* index into owners[], or NO_OWNER */
	int former_owner;	/* who worked a pool customer before */
	char level;		/* 'A', 'B' or 'C' */
	bool locked;
	bool prospect;		/* never buys */
	bool slipped;		/* staged public-pool case */
	int duplicate_of;	/* index of the first record, or -1 */
	/* BTYD behaviour: weekly purchase rate, dropout after a purchase. */
	double weekly_rate, dropout, mean_spend;
	/* Tallied from the orders. */
	int32_t first_order, last_order;
	int orders;
	int64_t net_cents;
	/* Contacts on or after this day are withheld (ticket awaits a call). */
	int32_t hold_from;
};

enum { MAX_LINES = 3 };

struct line {
	const struct product *product;
	int64_t cents;
	int64_t returned_at;	/* 0 when kept */
};

struct order {
	int customer;
	int64_t placed;		/* seconds since 1970-01-01, local time */
	size_t seq;		/* generation order: the final tie-break */
	char id[48];		/* YYYYMMDD + sequence of the day */
	int nlines;
	struct line lines[MAX_LINES];
};

struct contact {
	int customer;
	int32_t day;
	enum channel channel;
	enum outcome outcome;
	int owner;
	size_t seq;
	bool dropped;
};

enum ticket_state { OPEN, RESOLVED, CLOSED };
static const char *const state_names[] = { "open", "resolved", "closed" };

struct ticket {
	char id[24];
	int customer;
	size_t seq;			/* generation order: the final tie-break */
	int64_t created, resolved;	/* resolved 0 while open */
	enum category category;
	const char *summary;
	enum ticket_state state;
};

struct vec {
	void *items;
	size_t len, cap;
};

struct sample {
	uint64_t seed;
	int32_t first_day, last_day, anchor;
	struct customer *customers;
	int ncustomers;
	struct vec orders, contacts, tickets;
};

static void *
vec_push(struct vec *v, size_t size)
{
	if (v->len == v->cap) {
		v->cap = grow_capacity(v->cap, v->len + 1);
		v->items = xreallocarray(v->items, v->cap, size);
	}
	return memset((char *)v->items + v->len++ * size, 0, size);
}

#define VEC_AT(v, type, i)	(&((type *)(v).items)[i])

static struct crm_rng
customer_rng(const struct sample *s, enum stream stream, int customer)
{
	struct crm_rng rng;

	rng_init(&rng, s->seed, stream, (uint64_t)customer);
	return rng;
}

static int64_t
moment(int32_t day, int second)
{
	return (int64_t)day * DAY_SECONDS + second;
}

static int32_t
day_of(int64_t moment)
{
	return (int32_t)(moment / DAY_SECONDS);
}

static int32_t
min_day(int32_t a, int32_t b)
{
	return a < b ? a : b;
}

/* ---------------------------------------------------------------------
 * Customers: who they are.
 */

static int
compare_days(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

/*
 * Creation dates over the two years, denser towards the end as the shop
 * grows; ids follow creation, as a CRM numbers its records.
 */
static void
draw_arrivals(struct sample *s)
{
	int32_t *days = xcalloc(CUSTOMERS, sizeof(*days));
	struct crm_rng rng;
	int i;

	rng_init(&rng, s->seed, STREAM_ARRIVALS, 0);
	for (i = 0; i < CUSTOMERS; i++)
		days[i] = s->first_day +
		    (int32_t)(DATA_DAYS * pow(crm_rng_uniform0(&rng), 0.9));
	qsort(days, CUSTOMERS, sizeof(*days), compare_days);

	s->ncustomers = CUSTOMERS;
	s->customers = xcalloc(CUSTOMERS, sizeof(*s->customers));
	for (i = 0; i < CUSTOMERS; i++) {
		snprintf(s->customers[i].id, sizeof(s->customers[i].id),
		    "K%06d", i + 1);
		s->customers[i].created = days[i];
		s->customers[i].duplicate_of = -1;
		s->customers[i].hold_from = INT32_MAX;
	}
	free(days);
}

static void
name_person(struct customer *c, struct crm_rng *rng, char *pinyin, size_t size)
{
	const struct word *family = &surnames[rng_common_first(rng,
	    NELEM(surnames))];
	const struct word *first = &given_names[rng_below(rng,
	    NELEM(given_names))];
	const struct word *second = &given_names[rng_below(rng,
	    NELEM(given_names))];

	if (rng_chance(rng, 0.3)) {
		snprintf(c->name, sizeof(c->name), "%s%s", family->han,
		    first->han);
		snprintf(pinyin, size, "%s%s", family->pinyin, first->pinyin);
	} else {
		snprintf(c->name, sizeof(c->name), "%s%s%s", family->han,
		    first->han, second->han);
		snprintf(pinyin, size, "%s%s%s", family->pinyin,
		    first->pinyin, second->pinyin);
	}
}

/* A QQ number, the name in pinyin with two digits of a year, or without. */
static void
mail_person(struct customer *c, struct crm_rng *rng, const char *pinyin)
{
	const char *domain = mail_domains[rng_below(rng, NELEM(mail_domains))];

	if (rng_chance(rng, 0.4))
		snprintf(c->email, sizeof(c->email), "%d@qq.com",
		    rng_between(rng, 10000, 999999999));
	else if (rng_chance(rng, 0.6))
		snprintf(c->email, sizeof(c->email), "%s%02d@%s", pinyin,
		    rng_between(rng, 1970, 2005) % 100, domain);
	else
		snprintf(c->email, sizeof(c->email), "%s@%s", pinyin, domain);
}

static void
name_company(struct customer *c, struct crm_rng *rng)
{
	static const char *const mailboxes[] = { "sales", "caigou", "admin",
	    "info", "purchase" };
	const struct word *trade = &trade_names[rng_below(rng,
	    NELEM(trade_names))];
	const char *mailbox;

	snprintf(c->name, sizeof(c->name), "%s%s%s有限公司", c->city, trade->han,
	    business_lines[rng_below(rng, NELEM(business_lines))]);
	if (rng_chance(rng, 0.8)) {
		mailbox = mailboxes[rng_below(rng, NELEM(mailboxes))];
		snprintf(c->email, sizeof(c->email), "%s@%s.%s", mailbox,
		    trade->pinyin, rng_chance(rng, 0.5) ? "com.cn" : "com");
	}
}

static void
draw_phone(struct customer *c, struct crm_rng *rng)
{
	const char *prefix = mobile_prefixes[rng_below(rng,
	    NELEM(mobile_prefixes))];

	snprintf(c->phone, sizeof(c->phone), "%s%08d", prefix,
	    rng_below(rng, 100000000));
}

/* Ages 20 to 65 on the anchor date, most between 25 and 45. */
static int32_t
draw_birthday(const struct sample *s, struct crm_rng *rng)
{
	int year, month, day, age;
	int32_t jan1;

	civil_from_days(s->anchor, &year, &month, &day);
	age = 20 + (int)fmin(45, crm_rng_gamma_polar(rng, 3, 6));
	year -= age;
	jan1 = days_from_civil(year, 1, 1);
	return jan1 + rng_below(rng, days_from_civil(year + 1, 1, 1) - jan1);
}

static void
describe_customer(const struct sample *s, int i)
{
	struct customer *c = &s->customers[i];
	struct crm_rng rng = customer_rng(s, STREAM_PROFILE, i);
	char pinyin[48];
	double kind = crm_rng_uniform0(&rng);

	c->city = rng_chance(&rng, 0.02) ? "" :
	    cities[rng_weighted(&rng, city_weights, NELEM(cities))];
	c->kind = kind < 0.12 ? COMPANY : kind < 0.135 ? FOREIGNER : PERSON;
	c->birthday = NO_DATE;
	if (c->kind == COMPANY) {
		if (c->city[0] == '\0')
			c->city = "上海";
		name_company(c, &rng);
	} else if (c->kind == FOREIGNER) {
		const struct foreigner *f = &foreigners[rng_below(&rng,
		    NELEM(foreigners))];

		snprintf(c->name, sizeof(c->name), "%s", f->name);
		if (rng_chance(&rng, 0.9))
			snprintf(c->email, sizeof(c->email), "%s@%s",
			    f->mailbox, rng_chance(&rng, 0.5) ? "gmail.com" :
			    "outlook.com");
	} else {
		name_person(c, &rng, pinyin, sizeof(pinyin));
		if (rng_chance(&rng, 0.55))
			mail_person(c, &rng, pinyin);
	}
	if (rng_chance(&rng, c->kind == COMPANY ? 0.8 : 0.92))
		draw_phone(c, &rng);
	if (c->kind != COMPANY && rng_chance(&rng, 0.68))
		c->birthday = draw_birthday(s, &rng);
}

/*
 * The same person entered twice, typically by a second owner: same name,
 * phone and city, a later record that never buys. crm-dedupe finds them.
 */
static void
copy_identity(struct customer *copy, const struct customer *original,
    int original_index)
{
	memcpy(copy->name, original->name, sizeof(copy->name));
	memcpy(copy->phone, original->phone, sizeof(copy->phone));
	copy->city = original->city;
	copy->kind = original->kind;
	copy->birthday = original->birthday;
	copy->email[0] = '\0';
	copy->duplicate_of = original_index;
	copy->prospect = true;
}

static void
enter_duplicates(struct sample *s)
{
	struct crm_rng rng;
	int made = 0, copy, original;

	rng_init(&rng, s->seed, STREAM_PROFILE, UINT64_C(1) << 32);
	while (made < DUPLICATES) {
		copy = rng_between(&rng, s->ncustomers / 2, s->ncustomers - 1);
		original = rng_below(&rng, copy);
		if (s->customers[copy].duplicate_of >= 0 ||
		    s->customers[original].duplicate_of >= 0 ||
		    s->customers[original].kind != PERSON ||
		    s->customers[original].phone[0] == '\0')
			continue;
		copy_identity(&s->customers[copy], &s->customers[original],
		    original);
		made++;
	}
}

/*
 * BTYD parameters: a person's weekly rate ~ Gamma(0.5, mean 0.13), dropout
 * after each purchase ~ Beta(0.3, 1.7), mean 0.15 with many near 0 (loyal)
 * and many near 1 (one purchase). Companies restock: 2.5 times the rate,
 * 0.6 times the dropout. The rate is capped at 0.8 a week, or the gamma
 * tail would make daily buyers. Order value is gamma around a customer
 * mean, log-normal across customers.
 */
static void
draw_behaviour(const struct sample *s, int i)
{
	struct customer *c = &s->customers[i];
	struct crm_rng rng = customer_rng(s, STREAM_BEHAVIOUR, i);
	bool company = c->kind == COMPANY;

	c->weekly_rate = crm_rng_gamma_polar(&rng, 0.5, 0.13 / 0.5) *
	    (company ? 2.5 : 1);
	c->weekly_rate = fmin(c->weekly_rate, 0.8);
	c->dropout = crm_rng_beta_polar(&rng, 0.3, 1.7) * (company ? 0.6 : 1);
	c->mean_spend = exp(company ?
	    log(1100) + 0.4 * crm_rng_normal_polar(&rng) :
	    log(130) + 0.9 * crm_rng_normal_polar(&rng));
	c->mean_spend = fmax(10, fmin(2000, c->mean_spend));
	if (rng_chance(&rng, 0.12))
		c->prospect = true;
	/* Most sign up at checkout; the rest buy within a few weeks. */
	c->first_order = c->created;
	if (rng_chance(&rng, 0.45))
		c->first_order += (int32_t)rng_exponential(&rng, 12);
	if (c->first_order > s->last_day)
		c->prospect = true;
}

/* ---------------------------------------------------------------------
 * Orders.
 */

static int
draw_hour_second(struct crm_rng *rng, const double *hours)
{
	int hour = rng_weighted(rng, hours, 24);

	return hour * 3600 + rng_below(rng, 3600);
}

/* Shoppers wait for 618 and Double 11: pull some purchases onto them. */
static int32_t
pull_to_promotion(int32_t day, struct crm_rng *rng)
{
	int year, month, mday;

	civil_from_days(day, &year, &month, &mday);
	if (month == 11 && mday < 11 && rng_chance(rng, 0.5))
		return days_from_civil(year, 11, 11);
	if (month == 6 && mday >= 8 && mday < 18 && rng_chance(rng, 0.4))
		return days_from_civil(year, 6, 18);
	return day;
}

/*
 * A catalogue item that sells at about this value: one priced between a
 * third and one and a half times the value (a few pieces, or a discount),
 * else the cheapest or the dearest.
 */
static const struct product *
pick_product(const struct product *catalogue, size_t n, double value,
    struct crm_rng *rng)
{
	size_t first = n, last = 0, i;

	for (i = 0; i < n; i++) {
		if (catalogue[i].price >= value / 3 &&
		    catalogue[i].price <= value * 1.5) {
			if (first == n)
				first = i;
			last = i;
		}
	}
	if (first == n)
		return value < catalogue[0].price ? &catalogue[0] :
		    &catalogue[n - 1];
	return &catalogue[first + (size_t)rng_below(rng,
	    (int)(last - first + 1))];
}

static bool
in_order(const struct order *o, const struct product *p)
{
	int i;

	for (i = 0; i < o->nlines; i++)
		if (o->lines[i].product == p)
			return true;
	return false;
}

static int64_t
round_price(double value, struct crm_rng *rng)
{
	int64_t cents = llround(fmax(5, value) * 100);

	/* About a third are whole-yuan prices. */
	if (rng_chance(rng, 0.35) && cents >= 100)
		cents -= cents % 100;
	return cents;
}

static void
fill_line(const struct customer *c, struct order *o, double value,
    struct crm_rng *rng)
{
	struct line *line = &o->lines[o->nlines];
	bool business = c->kind == COMPANY && rng_chance(rng, 0.8);
	const struct product *catalogue = business ? business_products :
	    consumer_products;
	size_t n = business ? NELEM(business_products) :
	    NELEM(consumer_products);
	int tries = 0;

	do
		line->product = pick_product(catalogue, n, value, rng);
	while (in_order(o, line->product) && ++tries < 8);
	if (in_order(o, line->product))
		return;
	line->cents = round_price(value, rng);
	o->nlines++;
}

/*
 * About 1.5% of lines come back 2 to 10 days later; lines of one order
 * come back together, as one refund.
 */
static void
draw_returns(const struct sample *s, struct order *o, struct crm_rng *rng)
{
	int32_t back = day_of(o->placed) + rng_between(rng, 2, 10);
	int64_t when = moment(back, draw_hour_second(rng, office_hours));
	int k;

	for (k = 0; k < o->nlines; k++)
		if (rng_chance(rng, 0.016) && back <= s->last_day)
			o->lines[k].returned_at = when;
}

static void
place_order(struct sample *s, int i, int64_t placed, struct crm_rng *rng)
{
	const struct customer *c = &s->customers[i];
	struct order *o = vec_push(&s->orders, sizeof(*o));
	double u = crm_rng_uniform0(rng);
	int lines = u < 0.15 ? 3 : u < 0.45 ? 2 : 1, k;
	/* Order value ~ Gamma(4, mean_spend / 4), split among the lines. */
	double value = crm_rng_gamma_polar(rng, 4, c->mean_spend / 4);
	double share[MAX_LINES], total = 0;

	o->customer = i;
	o->placed = placed;
	o->seq = s->orders.len - 1;
	for (k = 0; k < lines; k++)
		total += share[k] = 0.3 + crm_rng_uniform0(rng);
	for (k = 0; k < lines; k++)
		fill_line(c, o, value * share[k] / total, rng);
	draw_returns(s, o, rng);
}

static void
simulate_purchases(struct sample *s, int i)
{
	const struct customer *c = &s->customers[i];
	struct crm_rng rng = customer_rng(s, STREAM_ORDERS, i);
	const double *hours = c->kind == COMPANY ? office_hours :
	    person_hours;
	double day = c->first_order;
	int64_t placed;

	if (c->prospect)
		return;
	for (;;) {
		placed = moment((int32_t)day, draw_hour_second(&rng, hours));
		place_order(s, i, placed, &rng);
		/* Now and then a second order the same day: forgot something. */
		if (rng_chance(&rng, 0.01) && placed % DAY_SECONDS < 72000)
			place_order(s, i, placed + rng_between(&rng, 600,
			    10800), &rng);
		if (rng_chance(&rng, c->dropout))
			break;
		/* A day at least: same-day orders come from the line above. */
		day += fmax(1, rng_exponential(&rng, 7 / c->weekly_rate));
		if (day >= s->last_day + 1)
			break;
		day = pull_to_promotion((int32_t)day, &rng);
	}
}

static int
compare_orders(const void *a, const void *b)
{
	const struct order *x = a, *y = b;

	if (x->placed != y->placed)
		return (x->placed > y->placed) - (x->placed < y->placed);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Order numbers as the shop system prints them: date and daily sequence. */
static void
number_orders(struct sample *s)
{
	struct order *orders = s->orders.items;
	int32_t day = NO_DATE;
	int seq = 0, year, month, mday;
	size_t i;

	qsort(orders, s->orders.len, sizeof(*orders), compare_orders);
	for (i = 0; i < s->orders.len; i++) {
		if (day_of(orders[i].placed) != day) {
			day = day_of(orders[i].placed);
			seq = 0;
		}
		civil_from_days(day, &year, &month, &mday);
		snprintf(orders[i].id, sizeof(orders[i].id),
		    "%04d%02d%02d%04d", year, month, mday, ++seq);
	}
}

static void
tally_orders(struct sample *s)
{
	const struct order *o;
	struct customer *c;
	size_t i;
	int k;

	for (i = 0; i < s->orders.len; i++) {
		o = VEC_AT(s->orders, struct order, i);
		c = &s->customers[o->customer];
		if (c->orders++ == 0)
			c->first_order = day_of(o->placed);
		c->last_order = day_of(o->placed);
		for (k = 0; k < o->nlines; k++)
			if (o->lines[k].returned_at == 0)
				c->net_cents += o->lines[k].cents;
	}
	for (i = 0; i < (size_t)s->ncustomers; i++) {
		c = &s->customers[i];
		if (c->orders == 0) {
			c->prospect = true;
			c->first_order = c->last_order = NO_DATE;
		}
	}
}

/* ---------------------------------------------------------------------
 * Levels, owners and the public pool.
 */

struct ranked {
	double score;
	int customer;
};

static int
compare_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->score != y->score)
		return (x->score < y->score) - (x->score > y->score);
	return x->customer - y->customer;
}

/*
 * A for the top 15% by spend, B for the next 50%, C for the rest, with
 * noise: grades are set by people and lag behind the numbers.
 */
static void
grade_customers(struct sample *s)
{
	struct ranked *rank = xcalloc(s->ncustomers, sizeof(*rank));
	struct crm_rng rng;
	int i, n = s->ncustomers;

	rng_init(&rng, s->seed, STREAM_OWNER, UINT64_C(1) << 32);
	for (i = 0; i < n; i++) {
		rank[i].customer = i;
		rank[i].score = log1p(s->customers[i].net_cents / 100.0) +
		    0.5 * crm_rng_normal_polar(&rng);
	}
	qsort(rank, n, sizeof(*rank), compare_ranked);
	for (i = 0; i < n; i++)
		s->customers[rank[i].customer].level =
		    i < n * 15 / 100 ? 'A' : i < n * 65 / 100 ? 'B' : 'C';
	free(rank);
}

static void
assign_owner(struct sample *s, int i)
{
	struct customer *c = &s->customers[i];
	struct crm_rng rng = customer_rng(s, STREAM_OWNER, i);
	int owner = rng_weighted(&rng, owner_weights, NELEM(owners));
	bool stale_lead = c->prospect && c->created < s->anchor - 180;

	c->claimed = NO_DATE;
	c->owner = NO_OWNER;
	c->former_owner = NO_OWNER;
	/*
	 * Key accounts are never left in the pool; leads that did not buy in
	 * half a year mostly are.
	 */
	if (c->level != 'A' && rng_chance(&rng, stale_lead ? 0.3 : 0.03)) {
		c->former_owner = owner;
		return;
	}
	c->owner = owner;
	c->claimed = c->created;
	if (rng_chance(&rng, 0.4))
		c->claimed += (int32_t)rng_exponential(&rng, 15);
	c->claimed = min_day(c->claimed, s->last_day);
	c->locked = rng_chance(&rng, c->level == 'A' ? 0.12 :
	    c->level == 'B' ? 0.02 : 0);
}

/* ---------------------------------------------------------------------
 * Contacts: how owners follow up.
 */

/* Saturday and Sunday go to Monday: a call due at the weekend. */
static int32_t
next_working_day(int32_t day)
{
	int weekday = date_weekday(day);

	return weekday >= 6 ? day + 8 - weekday : day;
}

/*
 * Few periodic contacts at weekends; the others land on a weekday of the
 * week after, so that Mondays are not crowded.
 */
static int32_t
to_working_day(int32_t day, struct crm_rng *rng)
{
	if (date_weekday(day) < 6 || rng_chance(rng, 0.1))
		return day;
	return next_working_day(day) + rng_below(rng, 5);
}

static enum channel
draw_channel(char level, struct crm_rng *rng)
{
	static const double a[] = { 25, 35, 10, 0, 30 };
	static const double b[] = { 5, 40, 15, 10, 30 };
	static const double c[] = { 0, 25, 15, 30, 30 };

	return rng_weighted(rng, level == 'A' ? a : level == 'B' ? b : c, 5);
}

static enum outcome
draw_outcome(enum channel channel, struct crm_rng *rng)
{
	static const double visit[] = { 15, 0, 0, 85 };
	static const double phone[] = { 55, 25, 15, 5 };
	static const double written[] = { 60, 40, 0, 0 };
	static const double wechat[] = { 70, 20, 10, 0 };

	switch (channel) {
	case VISIT:
		return rng_weighted(rng, visit, 4);
	case PHONE:
		return rng_weighted(rng, phone, 4);
	case WECHAT:
		return rng_weighted(rng, wechat, 4);
	default:
		return rng_weighted(rng, written, 4);
	}
}

static void
log_contact(struct sample *s, int customer, int32_t day, enum channel channel,
    enum outcome outcome, int owner)
{
	struct contact *c = vec_push(&s->contacts, sizeof(*c));

	c->customer = customer;
	c->day = day;
	c->channel = channel;
	c->outcome = outcome;
	c->owner = owner;
	c->seq = s->contacts.len - 1;
}

/*
 * Days to the next periodic follow-up: A every 2-4 weeks, B every 1-3
 * months, C a few times a year. Leads that have not bought yet are chased
 * within 30 days, as the public-pool rule (31 days) asks of them.
 */
static int
followup_gap(const struct customer *c, int32_t day, struct crm_rng *rng)
{
	if (c->prospect || (c->first_order != NO_DATE && day < c->first_order))
		return rng_between(rng, 7, 30);
	switch (c->level) {
	case 'A':
		return rng_between(rng, 14, 28);
	case 'B':
		return rng_between(rng, 30, 90);
	default:
		return rng_between(rng, 60, 240);
	}
}

/*
 * After a first purchase most owners call or message within two days (on
 * Monday after a weekend); some forget, more often for the newest customers.
 */
static int32_t
welcome_day(const struct sample *s, const struct customer *c,
    struct crm_rng *rng)
{
	bool recent = c->first_order >= s->anchor - RECENT_DAYS;
	int32_t day;

	if (c->prospect || !rng_chance(rng, recent ? 0.75 : 0.8))
		return NO_DATE;
	day = next_working_day(c->first_order + rng_between(rng, 0, 2));
	if (day < c->claimed)
		return NO_DATE;
	return day <= s->last_day ? day : NO_DATE;
}

/*
 * Periodic contacts from the claim date on, a welcome after the first
 * purchase (a periodic contact that close to it is skipped), and silence
 * after a recent first purchase whose welcome was forgotten.
 */
static void
follow_up_owned(struct sample *s, int i, struct crm_rng *rng)
{
	const struct customer *c = &s->customers[i];
	int32_t welcome = welcome_day(s, c, rng);
	int32_t day = c->claimed + rng_between(rng, 0, 5);
	int32_t quiet_from = INT32_MAX;
	/* Many C customers hear from nobody after their first contact. */
	bool one_call = c->level == 'C' && !c->prospect &&
	    rng_chance(rng, 0.3);
	enum channel ch;

	if (welcome != NO_DATE)
		log_contact(s, i, welcome, rng_chance(rng, 0.6) ? PHONE :
		    WECHAT, REACHED, c->owner);
	else if (!c->prospect && c->first_order >= s->anchor - RECENT_DAYS)
		quiet_from = c->first_order;
	for (; (day = to_working_day(day, rng)) <= s->last_day &&
	    day < quiet_from; day += followup_gap(c, day, rng)) {
		if (welcome != NO_DATE && abs(day - welcome) <= 5)
			continue;
		ch = draw_channel(c->level, rng);
		log_contact(s, i, day, ch, draw_outcome(ch, rng), c->owner);
		if (one_call && day >= c->first_order)
			break;
	}
}

/* Pool customers were worked by someone until they were released. */
static void
follow_up_former(struct sample *s, int i, struct crm_rng *rng)
{
	const struct customer *c = &s->customers[i];
	int32_t day = c->created + rng_between(rng, 0, 5);
	int32_t released = min_day(c->created + rng_between(rng, 60, 300),
	    s->anchor - 45);
	enum channel ch;

	if (c->former_owner == NO_OWNER || !rng_chance(rng, 0.7))
		return;
	while ((day = to_working_day(day, rng)) < released) {
		ch = draw_channel(c->level, rng);
		log_contact(s, i, day, ch, draw_outcome(ch, rng),
		    c->former_owner);
		day += rng_between(rng, 20, 60);
	}
}

static void
follow_up(struct sample *s)
{
	struct crm_rng rng;
	int i;

	for (i = 0; i < s->ncustomers; i++) {
		rng = customer_rng(s, STREAM_CONTACTS, i);
		if (s->customers[i].owner == NO_OWNER)
			follow_up_former(s, i, &rng);
		else
			follow_up_owned(s, i, &rng);
	}
}

/* ---------------------------------------------------------------------
 * Feedback tickets and the follow-up call after each.
 */

static bool
is_double_eleven(int32_t day)
{
	int year, month, mday;

	civil_from_days(day, &year, &month, &mday);
	return month == 11 && mday >= 11 && mday <= 12;
}

/* Support closes tickets between 09:00 and 21:00. */
static int64_t
in_office_hours(int64_t when, struct crm_rng *rng)
{
	int32_t day = day_of(when);
	int hour = (int)(when % DAY_SECONDS / 3600);

	if (hour >= 9 && hour < 21)
		return when;
	if (hour >= 21)
		day++;
	return moment(day, 9 * 3600 + rng_below(rng, 3 * 3600));
}

/*
 * About two orders in a hundred lead to a ticket a few days later; Double 11
 * parcels late or damaged make many more, mostly about delivery.
 */
static void
open_ticket(struct sample *s, const struct order *o, struct crm_rng *rng)
{
	bool rush = is_double_eleven(day_of(o->placed));
	struct ticket *t;
	int64_t created = o->placed + rng_between(rng, 1, 10) *
	    (int64_t)DAY_SECONDS;
	double hours;

	created = moment(day_of(created), draw_hour_second(rng, office_hours));
	if (day_of(created) > s->last_day)
		return;
	t = vec_push(&s->tickets, sizeof(*t));
	t->seq = s->tickets.len - 1;
	t->customer = o->customer;
	t->created = created;
	t->category = rush && rng_chance(rng, 0.6) ? DELIVERY :
	    (enum category)rng_weighted(rng, category_weights, CATEGORIES);
	t->summary = summaries[t->category][rng_below(rng, 6)];
	hours = resolution_hours[t->category] *
	    exp(0.8 * crm_rng_normal_polar(rng));
	t->resolved = in_office_hours(created + (int64_t)(hours * 3600), rng);
	/* Past the export, or stuck (a few old tickets nobody closed). */
	if (day_of(t->resolved) > s->last_day || rng_chance(rng, 0.02))
		t->resolved = 0;
}

static void
open_tickets(struct sample *s)
{
	struct crm_rng rng;
	const struct order *o;
	size_t i;

	rng_init(&rng, s->seed, STREAM_TICKETS, 0);
	for (i = 0; i < s->orders.len; i++) {
		o = VEC_AT(s->orders, struct order, i);
		if (rng_chance(&rng, is_double_eleven(day_of(o->placed)) &&
		    day_of(o->placed) > s->anchor - 30 ? 0.12 : 0.02))
			open_ticket(s, o, &rng);
	}
}

/*
 * After a ticket is resolved its owner calls back within two days (the
 * ticket is then closed), most of the time; for tickets resolved in the
 * last week that call is often still to come, and nothing else reaches the
 * customer in the meantime, so the scheduler has follow-up calls to plan.
 */
static void
call_back(struct sample *s)
{
	struct crm_rng rng;
	struct ticket *t;
	struct customer *c;
	int32_t resolved, day;
	size_t i;

	rng_init(&rng, s->seed, STREAM_TICKETS, 1);
	for (i = 0; i < s->tickets.len; i++) {
		t = VEC_AT(s->tickets, struct ticket, i);
		c = &s->customers[t->customer];
		if (t->resolved == 0)
			continue;
		resolved = day_of(t->resolved);
		day = next_working_day(resolved + rng_between(&rng, 0, 1));
		if (c->owner != NO_OWNER && day >= c->claimed &&
		    day <= s->last_day &&
		    rng_chance(&rng, resolved >= s->anchor - FOLLOWUP_DAYS ?
		    0.3 : 0.9))
			log_contact(s, t->customer, day, rng_chance(&rng, 0.8) ?
			    PHONE : WECHAT, COMPLAINT_HANDLED, c->owner);
		else if (resolved >= s->anchor - FOLLOWUP_DAYS)
			c->hold_from = min_day(c->hold_from, resolved);
	}
}

static void
withhold_contacts(struct sample *s)
{
	struct contact *c;
	size_t i;

	for (i = 0; i < s->contacts.len; i++) {
		c = VEC_AT(s->contacts, struct contact, i);
		if (c->day >= s->customers[c->customer].hold_from)
			c->dropped = true;
	}
}

/* Closed when the call-back happened, resolved while it is due. */
static void
settle_tickets(struct sample *s)
{
	const struct contact *c;
	struct ticket *t;
	size_t i, j;

	for (i = 0; i < s->tickets.len; i++) {
		t = VEC_AT(s->tickets, struct ticket, i);
		t->state = t->resolved == 0 ? OPEN : RESOLVED;
		for (j = 0; t->state == RESOLVED && j < s->contacts.len; j++) {
			c = VEC_AT(s->contacts, struct contact, j);
			if (!c->dropped && c->customer == t->customer &&
			    c->outcome == COMPLAINT_HANDLED &&
			    c->day >= day_of(t->resolved) &&
			    c->day <= day_of(t->resolved) + 3)
				t->state = CLOSED;
		}
	}
}

static int
compare_tickets(const void *a, const void *b)
{
	const struct ticket *x = a, *y = b;

	if (x->created != y->created)
		return (x->created > y->created) - (x->created < y->created);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static void
number_tickets(struct sample *s)
{
	struct ticket *t = s->tickets.items;
	size_t i;

	qsort(t, s->tickets.len, sizeof(*t), compare_tickets);
	for (i = 0; i < s->tickets.len; i++)
		snprintf(t[i].id, sizeof(t[i].id), "T%05zu", i + 1);
}

/* ---------------------------------------------------------------------
 * Public-pool cases: owners who let a customer slip for 25 to 40 days.
 */

static int32_t
last_contact(const struct sample *s, int customer)
{
	const struct contact *c;
	int32_t last = NO_DATE;
	size_t i;

	for (i = 0; i < s->contacts.len; i++) {
		c = VEC_AT(s->contacts, struct contact, i);
		if (!c->dropped && c->customer == customer && c->day > last)
			last = c->day;
	}
	return last;
}

/* Old enough, owned, no ticket waiting and no recent order. */
static bool
can_slip(const struct sample *s, const struct customer *c)
{
	return c->owner != NO_OWNER && !c->slipped &&
	    c->claimed <= s->anchor - 60 && c->hold_from == INT32_MAX &&
	    (c->prospect || c->last_order < s->anchor - 45) &&
	    c->duplicate_of < 0;
}

/* The last contact becomes the one `days` before the anchor. */
static void
let_slip(struct sample *s, int customer, int days)
{
	struct customer *c = &s->customers[customer];
	int32_t day = s->anchor - days;
	struct contact *k;
	struct crm_rng rng = customer_rng(s, STREAM_EDGES, customer);
	enum channel ch = draw_channel(c->level, &rng);
	size_t i;

	for (i = 0; i < s->contacts.len; i++) {
		k = VEC_AT(s->contacts, struct contact, i);
		if (k->customer == customer && k->day >= day)
			k->dropped = true;
	}
	log_contact(s, customer, day, ch, draw_outcome(ch, &rng), c->owner);
	c->slipped = true;
}

static int *
shuffled_customers(const struct sample *s, struct crm_rng *rng)
{
	int *order = xcalloc(s->ncustomers, sizeof(*order));
	int i, j, swap;

	for (i = 0; i < s->ncustomers; i++)
		order[i] = i;
	for (i = s->ncustomers - 1; i > 0; i--) {
		j = rng_below(rng, i + 1);
		swap = order[i];
		order[i] = order[j];
		order[j] = swap;
	}
	return order;
}

/*
 * Days since the last follow-up for a few customers each, around the
 * 31-day reclaim rule with its 2 warning days; two locked customers among
 * them must be left alone. They are taken among customers who were being
 * followed up (a contact in the last 60 days), so the lapse is the owner's.
 */
static void
stage_pool_cases(struct sample *s)
{
	static const int unlocked[] = { 25, 27, 28, 29, 29, 29, 30, 30, 30,
	    31, 31, 31, 32, 33, 35, 38, 40 };
	static const int locked[] = { 31, 35 };
	const int *days[2] = { unlocked, locked };
	size_t want[2] = { NELEM(unlocked), NELEM(locked) }, done[2] = { 0, 0 };
	struct crm_rng rng;
	int *order, i, k;

	rng_init(&rng, s->seed, STREAM_EDGES, UINT64_C(1) << 32);
	order = shuffled_customers(s, &rng);
	for (k = 0; k < s->ncustomers; k++) {
		const struct customer *c = &s->customers[order[k]];

		i = c->locked;
		if (done[i] < want[i] && can_slip(s, c) &&
		    last_contact(s, order[k]) >= s->anchor - 60)
			let_slip(s, order[k], days[i][done[i]++]);
	}
	if (done[0] < want[0] || done[1] < want[1])
		die("too few customers to stage the public-pool cases");
	free(order);
}

/* ---------------------------------------------------------------------
 * Output: CSV with minimal quoting, written atomically per file.
 */

struct output {
	FILE *fp;
	char *path, *tmp;
};

static void
open_output(struct output *out, const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 8;

	out->path = xmalloc(len);
	out->tmp = xmalloc(len);
	snprintf(out->path, len, "%s/%s", dir, name);
	snprintf(out->tmp, len, "%s/.%s~", dir, name);
	if ((out->fp = fopen(out->tmp, "w")) == NULL)
		die("%s: %s", out->tmp, strerror(errno));
}

static void
close_output(struct output *out)
{
	if (fflush(out->fp) != 0 || ferror(out->fp) || fclose(out->fp) != 0)
		die("%s: write error: %s", out->tmp, strerror(errno));
	if (rename(out->tmp, out->path) != 0)
		die("%s: %s", out->path, strerror(errno));
	free(out->path);
	free(out->tmp);
}

static bool
needs_quotes(const char *s)
{
	size_t len = strlen(s);

	return strpbrk(s, ",\"\r\n") != NULL ||
	    (len > 0 && (s[0] == ' ' || s[len - 1] == ' '));
}

static void
put_field(FILE *fp, const char *s, bool last)
{
	if (needs_quotes(s)) {
		putc('"', fp);
		for (; *s != '\0'; s++) {
			if (*s == '"')
				putc('"', fp);
			putc(*s, fp);
		}
		putc('"', fp);
	} else
		fputs(s, fp);
	putc(last ? '\n' : ',', fp);
}

static const char *
format_day(int32_t day, char *buf)
{
	if (day == NO_DATE)
		buf[0] = '\0';
	else
		date_format(day, buf);
	return buf;
}

/* "YYYY-MM-DD HH:MM:SS", or empty for 0. */
static const char *
format_moment(int64_t when, char *buf, size_t size)
{
	char day[DATE_BUFSIZE];
	int second = (int)(when % DAY_SECONDS);

	if (when == 0) {
		buf[0] = '\0';
		return buf;
	}
	snprintf(buf, size, "%s %02d:%02d:%02d", format_day(day_of(when), day),
	    second / 3600, second / 60 % 60, second % 60);
	return buf;
}

static const char *
format_cents(int64_t cents, char *buf, size_t size)
{
	int64_t magnitude = cents < 0 ? -cents : cents;

	snprintf(buf, size, "%s%lld.%02lld", cents < 0 ? "-" : "",
	    (long long)(magnitude / 100), (long long)(magnitude % 100));
	return buf;
}

/* ---------------------------------------------------------------------
 * Planted duplicates: second records of people already in customers.csv,
 * entered by another owner and written another way (+86, full-width
 * digits, a homophone in the name, a mistyped mail domain, 市), as
 * crm-dedupe's demo finds them. They are appended after the customers
 * with ids of their own, from a stream of their own, and never buy: no
 * other row of any file changes.
 */

/* Given-name characters and a homophone a pinyin input method offers. */
static const char *const homophones[][2] = {
	{ "伟", "炜" }, { "芳", "方" }, { "娜", "纳" }, { "敏", "民" },
	{ "静", "晶" }, { "丽", "莉" }, { "强", "蔷" }, { "磊", "蕾" },
	{ "军", "君" }, { "洋", "阳" }, { "勇", "永" }, { "艳", "燕" },
	{ "杰", "洁" }, { "娟", "鹃" }, { "涛", "韬" }, { "明", "铭" },
	{ "超", "朝" }, { "秀", "修" }, { "霞", "夏" }, { "平", "萍" },
	{ "刚", "钢" }, { "英", "颖" }, { "华", "桦" }, { "玉", "宇" },
	{ "建", "健" }, { "文", "雯" }, { "辉", "慧" }, { "婷", "亭" },
	{ "鹏", "朋" }, { "宇", "雨" }, { "浩", "昊" }, { "欣", "鑫" },
	{ "怡", "依" }, { "晨", "辰" }, { "博", "波" }, { "思", "斯" },
	{ "雨", "宇" }, { "嘉", "佳" }, { "子", "梓" }, { "梓", "子" },
	{ "轩", "萱" }, { "涵", "晗" }, { "凯", "楷" }, { "琳", "林" }
};

/* The last character of a Chinese name replaced by its homophone. */
static void
homophone_typo(char *name)
{
	size_t n = strlen(name), k;

	for (k = 0; n >= 6 && k < NELEM(homophones); k++)
		if (strcmp(name + n - 3, homophones[k][0]) == 0) {
			memcpy(name + n - 3, homophones[k][1], 3);
			return;
		}
}

/* "138 1234 5678" and its kin; full-width digits as a phone keyboard. */
static void
restyle_phone(const char *d, int style, char *out, size_t size)
{
	static const char *const digits[] = { "０", "１", "２", "３", "４",
	    "５", "６", "７", "８", "９" };
	size_t at = 0, i;

	switch (style) {
	case 0: snprintf(out, size, "+86 %.3s %.4s %.4s", d, d + 3, d + 7); break;
	case 1:
		for (i = 0; d[i] && at + 4 < size; i++)
			at += (size_t)snprintf(out + at, size - at, "%s",
			    digits[d[i] - '0']);
		break;
	case 2: snprintf(out, size, "%.3s-%.4s-%.4s", d, d + 3, d + 7); break;
	case 3: snprintf(out, size, "0086 %s", d); break;
	default: snprintf(out, size, "(+86) %.3s-%.4s-%.4s", d, d + 3, d + 7);
	}
}

/* The mail domain mistyped as people do: .com as .con. */
static void
domain_slip(char *email)
{
	char *com = strstr(email, ".com");

	if (com != NULL && com[4] == '\0')
		com[3] = 'n';
}

struct planted {
	int original;
	char name[96], phone[64], email[64], city[32], claimed[DATE_BUFSIZE];
	int owner;
};

/* Is customer i free to be planted again: a person with a phone, no
 * duplicate of the 12 nor an original of one, not yet chosen? */
static bool
plantable(const struct sample *s, int i, const struct planted *p, int n)
{
	int k;

	if (s->customers[i].kind != PERSON || s->customers[i].phone[0] == '\0' ||
	    s->customers[i].duplicate_of >= 0)
		return false;
	for (k = 0; k < s->ncustomers; k++)
		if (s->customers[k].duplicate_of == i)
			return false;
	for (k = 0; k < n; k++)
		if (p[k].original == i)
			return false;
	return true;
}

/*
 * Planted duplicate k: one change each, so that every kind of slip is
 * shown once or twice: the phone restyled (k % 5), the name with a
 * space or a homophone, the mail in capitals or with a slipped domain,
 * the city with 市; a lead of another owner, claimed last week.
 */
static void
plant(const struct sample *s, struct crm_rng *rng, int k, struct planted *p)
{
	const struct customer *c = &s->customers[p->original];
	size_t n;

	snprintf(p->name, sizeof(p->name), "%s", c->name);
	if (k == 2 || k == 5)
		homophone_typo(p->name);
	else if (k == 1 && (n = strlen(p->name)) == 9)
		snprintf(p->name, sizeof(p->name), "%.3s %s", c->name,
		    c->name + 3);
	restyle_phone(c->phone, k % 5, p->phone, sizeof(p->phone));
	snprintf(p->email, sizeof(p->email), "%s", c->email);
	if (k == 3)
		domain_slip(p->email);
	else if (k % 2 == 0)
		for (n = 0; p->email[n] != '\0'; n++)
			if (p->email[n] >= 'a' && p->email[n] <= 'z')
				p->email[n] = (char)(p->email[n] - 'a' + 'A');
	snprintf(p->city, sizeof(p->city), k % 2 ? "%s市" : "%s", c->city);
	p->owner = (c->owner == NO_OWNER ? 0 : c->owner + 1 +
	    rng_below(rng, (int)NELEM(owners) - 1)) % (int)NELEM(owners);
	format_day(s->anchor - rng_between(rng, 3, 9), p->claimed);
}

static void
draw_planted(const struct sample *s, struct planted *p)
{
	struct crm_rng rng;
	int k, i;

	rng_init(&rng, s->seed, STREAM_PLANTED, 0);
	for (k = 0; k < PLANTED; k++) {
		do
			i = rng_below(&rng, s->ncustomers);
		while (!plantable(s, i, p, k) || (k < 4 &&
		    s->customers[i].email[0] == '\0'));
		p[k].original = i;
		plant(s, &rng, k, &p[k]);
	}
}

static void
write_planted(const struct sample *s, FILE *fp)
{
	struct planted p[PLANTED];
	char id[16], birthday[DATE_BUFSIZE];
	int k;

	draw_planted(s, p);
	for (k = 0; k < PLANTED; k++) {
		snprintf(id, sizeof(id), "K%06d", s->ncustomers + k + 1);
		put_field(fp, id, false);
		put_field(fp, p[k].name, false);
		put_field(fp, owners[p[k].owner], false);
		fputs("C,", fp);
		put_field(fp, p[k].phone, false);
		put_field(fp, p[k].email, false);
		fprintf(fp, "%s,%s,0,0,%s,", format_day(s->customers[
		    p[k].original].birthday, birthday), p[k].claimed,
		    p[k].claimed);
		put_field(fp, p[k].city, true);
	}
}

static void
print_planted(const struct sample *s)
{
	struct planted p[PLANTED];
	int k;

	draw_planted(s, p);
	printf("\nplanted duplicates (appended, written another way):\n");
	for (k = 0; k < PLANTED; k++)
		printf("  K%06d = %s %s, %s, %s, %s\n", s->ncustomers + k + 1,
		    s->customers[p[k].original].id, p[k].name, p[k].phone,
		    p[k].email[0] ? p[k].email : "no e-mail", p[k].city);
}

static void
write_customers(const struct sample *s, const char *dir)
{
	struct output out;
	const struct customer *c;
	char birthday[DATE_BUFSIZE], claimed[DATE_BUFSIZE];
	char created[DATE_BUFSIZE];
	int i;

	open_output(&out, dir, "customers.csv");
	fputs("customer_id,name,owner,level,phone,email,birthday,claim_date,"
	    "won,locked,created_date,city\n", out.fp);
	for (i = 0; i < s->ncustomers; i++) {
		c = &s->customers[i];
		put_field(out.fp, c->id, false);
		put_field(out.fp, c->name, false);
		put_field(out.fp, c->owner == NO_OWNER ? "" : owners[c->owner],
		    false);
		fprintf(out.fp, "%c,", c->level);
		put_field(out.fp, c->phone, false);
		put_field(out.fp, c->email, false);
		fprintf(out.fp, "%s,%s,%d,%d,%s,",
		    format_day(c->birthday, birthday),
		    format_day(c->claimed, claimed), !c->prospect, c->locked,
		    format_day(c->created, created));
		put_field(out.fp, c->city, true);
	}
	write_planted(s, out.fp);
	close_output(&out);
}

struct order_row {
	const struct order *order;
	int line;
	bool is_return;
	int64_t when;
};

static int
compare_order_rows(const void *a, const void *b)
{
	const struct order_row *x = a, *y = b;

	if (x->when != y->when)
		return (x->when > y->when) - (x->when < y->when);
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	if (x->is_return != y->is_return)
		return x->is_return - y->is_return;
	return x->line - y->line;
}

/* Rows in time order: the lines of each order, returns when they came. */
static struct order_row *
order_rows(const struct sample *s, size_t *count)
{
	struct vec rows = { NULL, 0, 0 };
	const struct order *o;
	struct order_row *row;
	size_t i;
	int k;

	for (i = 0; i < s->orders.len; i++) {
		o = VEC_AT(s->orders, struct order, i);
		for (k = 0; k < o->nlines; k++) {
			row = vec_push(&rows, sizeof(*row));
			*row = (struct order_row){ o, k, false, o->placed };
			if (o->lines[k].returned_at == 0)
				continue;
			row = vec_push(&rows, sizeof(*row));
			*row = (struct order_row){ o, k, true,
			    o->lines[k].returned_at };
		}
	}
	qsort(rows.items, rows.len, sizeof(*row), compare_order_rows);
	*count = rows.len;
	return rows.items;
}

static void
write_orders(const struct sample *s, const char *dir)
{
	struct output out;
	struct order_row *rows;
	const struct line *line;
	char when[24], amount[24];
	size_t i, n;

	rows = order_rows(s, &n);
	open_output(&out, dir, "orders.csv");
	fputs("订单号,客户编号,下单时间,实付金额,商品\n", out.fp);
	for (i = 0; i < n; i++) {
		line = &rows[i].order->lines[rows[i].line];
		fprintf(out.fp, "%s%s,%s,%s,%s,", rows[i].is_return ? "R" : "",
		    rows[i].order->id, s->customers[rows[i].order->customer].id,
		    format_moment(rows[i].when, when, sizeof(when)),
		    format_cents(rows[i].is_return ? -line->cents : line->cents,
		    amount, sizeof(amount)));
		put_field(out.fp, line->product->name, true);
	}
	close_output(&out);
	free(rows);
}

static int
compare_contacts(const void *a, const void *b)
{
	const struct contact *x = a, *y = b;

	if (x->day != y->day)
		return (x->day > y->day) - (x->day < y->day);
	if (x->customer != y->customer)
		return x->customer - y->customer;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static void
write_contacts(struct sample *s, const char *dir)
{
	struct output out;
	const struct contact *c;
	char day[DATE_BUFSIZE];
	size_t i;

	qsort(s->contacts.items, s->contacts.len, sizeof(*c),
	    compare_contacts);
	open_output(&out, dir, "contacts.csv");
	fputs("customer_id,date,channel,outcome,owner\n", out.fp);
	for (i = 0; i < s->contacts.len; i++) {
		c = VEC_AT(s->contacts, struct contact, i);
		if (c->dropped)
			continue;
		fprintf(out.fp, "%s,%s,%s,%s,%s\n", s->customers[c->customer].id,
		    format_day(c->day, day), channel_names[c->channel],
		    outcome_names[c->outcome], owners[c->owner]);
	}
	close_output(&out);
}

static void
write_feedback(const struct sample *s, const char *dir)
{
	struct output out;
	const struct ticket *t;
	char created[24], resolved[24];
	size_t i;

	open_output(&out, dir, "feedback.csv");
	fputs("ticket_id,customer_id,created,resolved,status,category,"
	    "summary\n", out.fp);
	for (i = 0; i < s->tickets.len; i++) {
		t = VEC_AT(s->tickets, struct ticket, i);
		fprintf(out.fp, "%s,%s,%s,%s,%s,%s,", t->id,
		    s->customers[t->customer].id,
		    format_moment(t->created, created, sizeof(created)),
		    format_moment(t->resolved, resolved, sizeof(resolved)),
		    state_names[t->state], category_names[t->category]);
		put_field(out.fp, t->summary, true);
	}
	close_output(&out);
}

/* ---------------------------------------------------------------------
 * Survey: two relationship surveys (NPS, CSAT, CES) sent to customers who
 * had bought before, answered by about a third. Scores lean on the
 * customer's level and on tickets: a recent complaint, and one whose call
 * back never came, make detractors. Each customer draws from its own
 * survey stream, after everything else, so the other files do not move.
 */

struct answer {
	int customer;
	int32_t day;
	int survey;		/* index into surveys[] */
	int nps, csat, ces;	/* 0 when not answered (nps: -1) */
};

static const struct {
	const char *name;
	int month, first_day, last_day;	/* 2026: invitations sent */
} surveys[] = { { "2026Q3", 8, 3, 14 }, { "2026Q4", 11, 2, 13 } };

/* Tickets of customer before day: in the last 90 days, and unanswered. */
static void
ticket_history(const struct sample *s, int customer, int32_t day,
    int *recent, int *uncalled)
{
	const struct ticket *t;
	size_t i;

	*recent = *uncalled = 0;
	for (i = 0; i < s->tickets.len; i++) {
		t = VEC_AT(s->tickets, struct ticket, i);
		if (t->customer != customer || day_of(t->created) >= day)
			continue;
		*recent += day_of(t->created) >= day - 90;
		*uncalled += t->state == RESOLVED;
	}
}

static int
clamp_score(double v, int lo, int hi)
{
	long r = lround(v);

	return r < lo ? lo : r > hi ? hi : (int)r;
}

static void
answer_survey(struct sample *s, int i, int k, struct crm_rng *rng,
    struct vec *answers)
{
	const struct customer *c = &s->customers[i];
	int32_t sent = days_from_civil(2026, surveys[k].month,
	    surveys[k].first_day) + rng_between(rng, 0, surveys[k].last_day -
	    surveys[k].first_day);
	int32_t day = next_working_day(sent + (int32_t)rng_exponential(rng,
	    1.5));
	double lean = c->level == 'A' ? 0.8 : c->level == 'B' ? 0.3 : 0, z;
	int recent, uncalled;
	struct answer *a;

	if (c->prospect || c->first_order >= sent || day > s->last_day ||
	    !rng_chance(rng, 0.35))
		return;
	ticket_history(s, i, day, &recent, &uncalled);
	lean -= 1.2 * (recent > 0) + 0.8 * (uncalled > 0);
	a = vec_push(answers, sizeof(*a));
	a->customer = i;
	a->day = day;
	a->survey = k;
	z = crm_rng_normal_polar(rng);
	a->nps = clamp_score(7.4 + 1.4 * lean + 2.0 * z, 0, 10);
	z = crm_rng_normal_polar(rng);
	a->csat = rng_chance(rng, 0.8) ? clamp_score(3.9 + 0.6 * lean + 0.9 *
	    z, 1, 5) : 0;
	z = crm_rng_normal_polar(rng);
	a->ces = rng_chance(rng, 0.6) ? clamp_score(5.1 + 0.5 * lean + 1.2 *
	    z, 1, 7) : 0;
}

static int
compare_answers(const void *x, const void *y)
{
	const struct answer *a = x, *b = y;

	if (a->day != b->day)
		return (a->day > b->day) - (a->day < b->day);
	if (a->customer != b->customer)
		return a->customer - b->customer;
	return a->survey - b->survey;
}

static struct vec
draw_survey(struct sample *s)
{
	struct vec answers = { NULL, 0, 0 };
	struct crm_rng rng;
	int i;
	size_t k;

	for (i = 0; i < s->ncustomers; i++) {
		rng = customer_rng(s, STREAM_SURVEY, i);
		for (k = 0; k < NELEM(surveys); k++)
			answer_survey(s, i, (int)k, &rng, &answers);
	}
	qsort(answers.items, answers.len, sizeof(struct answer),
	    compare_answers);
	return answers;
}

static void
write_survey(struct sample *s, const char *dir, size_t *count)
{
	struct vec answers = draw_survey(s);
	const struct answer *a;
	struct output out;
	char day[DATE_BUFSIZE];
	size_t i;

	open_output(&out, dir, "survey.csv");
	fputs("customer_id,survey,question,score,date\n", out.fp);
	for (i = 0; i < answers.len; i++) {
		a = VEC_AT(answers, struct answer, i);
		format_day(a->day, day);
		fprintf(out.fp, "%s,%s,nps,%d,%s\n", s->customers[a->customer].id,
		    surveys[a->survey].name, a->nps, day);
		if (a->csat)
			fprintf(out.fp, "%s,%s,csat,%d,%s\n",
			    s->customers[a->customer].id,
			    surveys[a->survey].name, a->csat, day);
		if (a->ces)
			fprintf(out.fp, "%s,%s,ces,%d,%s\n",
			    s->customers[a->customer].id,
			    surveys[a->survey].name, a->ces, day);
	}
	close_output(&out);
	*count = answers.len;
	free(answers.items);
}

/* ---------------------------------------------------------------------
 * Summary: the counts and edge cases quoted in data/sample/README.md.
 */

struct counts {
	int customers, won, prospects, pool, locked, duplicates;
	int levels[3];
	int per_owner[NELEM(owners)];
	size_t rows, orders, returns, contacts;
	int tickets[3];
};

static void
count_all(const struct sample *s, struct counts *n)
{
	const struct customer *c;
	const struct order *o;
	size_t i;
	int k;

	memset(n, 0, sizeof(*n));
	n->customers = s->ncustomers;
	for (i = 0; i < (size_t)s->ncustomers; i++) {
		c = &s->customers[i];
		n->won += !c->prospect;
		n->locked += c->locked;
		n->duplicates += c->duplicate_of >= 0;
		n->levels[c->level - 'A']++;
		if (c->owner == NO_OWNER)
			n->pool++;
		else
			n->per_owner[c->owner]++;
	}
	n->prospects = n->customers - n->won;
	n->orders = s->orders.len;
	for (i = 0; i < s->orders.len; i++) {
		o = VEC_AT(s->orders, struct order, i);
		n->rows += o->nlines;
		for (k = 0; k < o->nlines; k++)
			n->returns += o->lines[k].returned_at != 0;
	}
	n->rows += n->returns;
	for (i = 0; i < s->contacts.len; i++)
		n->contacts += !VEC_AT(s->contacts, struct contact, i)->dropped;
	for (i = 0; i < s->tickets.len; i++)
		n->tickets[VEC_AT(s->tickets, struct ticket, i)->state]++;
}

static void
print_counts(const struct sample *s, const struct counts *n)
{
	size_t k;

	printf("customers            %d (won %d, never ordered %d)\n",
	    n->customers, n->won, n->prospects);
	printf("levels               A %d, B %d, C %d\n", n->levels[0],
	    n->levels[1], n->levels[2]);
	printf("public pool          %d (no owner)\n", n->pool);
	printf("locked               %d\n", n->locked);
	printf("duplicate records    %d\n", n->duplicates);
	printf("planted duplicates   %d (appended to customers.csv)\n",
	    PLANTED);
	printf("customers per owner ");
	for (k = 0; k < NELEM(owners); k++)
		printf(" %s %d%s", owners[k], n->per_owner[k],
		    k + 1 < NELEM(owners) ? "," : "\n");
	printf("order rows           %zu\n", n->rows);
	printf("distinct orders      %zu\n", n->orders);
	printf("return rows          %zu\n", n->returns);
	printf("contacts             %zu\n", n->contacts);
	printf("tickets              %zu (open %d, resolved %d, closed %d)\n",
	    s->tickets.len, n->tickets[OPEN], n->tickets[RESOLVED],
	    n->tickets[CLOSED]);
}

/* Days since the owner last contacted (or claimed) the customer. */
static int
days_quiet(const struct sample *s, int customer)
{
	int32_t last = last_contact(s, customer);

	if (last < s->customers[customer].claimed)
		last = s->customers[customer].claimed;
	return s->anchor - last;
}

/*
 * Owned customers around the 31-day rule, all of them and the leads
 * (won = 0) alone, as a rule may be limited to customers without a deal.
 */
static void
print_pool_counts(const struct sample *s)
{
	int bucket[2][2][3] = { { { 0 } } };	/* [lead][locked][bucket] */
	const struct customer *c;
	int i, days, lead, locked;

	for (i = 0; i < s->ncustomers; i++) {
		c = &s->customers[i];
		if (c->owner == NO_OWNER)
			continue;
		days = days_quiet(s, i);
		bucket[c->prospect][c->locked][days <= 28 ? 0 : days <= 30 ? 1 :
		    2]++;
	}
	printf("\nowned customers by days since last contact or claim:\n"
	    "                     <=28  29-30  >=31\n");
	for (lead = 0; lead < 2; lead++)
		for (locked = 0; locked < 2; locked++)
			printf("  %-6s %-10s %6d %6d %5d\n",
			    lead ? "won=0" : "won=1",
			    locked ? "locked" : "unlocked",
			    bucket[lead][locked][0], bucket[lead][locked][1],
			    bucket[lead][locked][2]);
}

static void
print_pool_cases(const struct sample *s)
{
	const struct customer *c;
	int i;

	printf("\nstaged public-pool cases (days since last contact):\n");
	for (i = 0; i < s->ncustomers; i++) {
		c = &s->customers[i];
		if (c->slipped)
			printf("  %2d  %s %c won=%d%s %s\n", days_quiet(s, i),
			    c->id, c->level, !c->prospect,
			    c->locked ? " locked" : "", owners[c->owner]);
	}
	printf("\nleads (won=0, owned) quiet for 25 to 40 days:\n");
	for (i = 0; i < s->ncustomers; i++) {
		c = &s->customers[i];
		if (c->owner != NO_OWNER && c->prospect && !c->slipped &&
		    days_quiet(s, i) >= 25 && days_quiet(s, i) <= 40)
			printf("  %2d  %s %c%s %s\n", days_quiet(s, i), c->id,
			    c->level, c->locked ? " locked" : "",
			    owners[c->owner]);
	}
}

static void
print_birthdays(const struct sample *s)
{
	const struct customer *c;
	char day[DATE_BUFSIZE], anchor[DATE_BUFSIZE];
	int i;

	date_format(s->anchor, anchor);
	printf("\nbirthdays from %s to 7 days after:\n", anchor);
	for (i = 0; i < s->ncustomers; i++) {
		c = &s->customers[i];
		if (c->birthday == NO_DATE)
			continue;
		format_day(c->birthday, day);
		/* MM-DD between the anchor's and a week later (same month). */
		if (strcmp(day + 5, anchor + 5) >= 0 &&
		    strcmp(day + 5, "11-30") <= 0)
			printf("  %s %s %s\n", c->id, day,
			    c->owner == NO_OWNER ? "(pool)" : owners[c->owner]);
	}
}

static void
print_waiting_tickets(const struct sample *s)
{
	const struct ticket *t;
	char resolved[24];
	size_t i;

	printf("\nresolved in the last %d days, no contact since:\n",
	    FOLLOWUP_DAYS);
	for (i = 0; i < s->tickets.len; i++) {
		t = VEC_AT(s->tickets, struct ticket, i);
		if (t->state == RESOLVED &&
		    day_of(t->resolved) >= s->anchor - FOLLOWUP_DAYS &&
		    last_contact(s, t->customer) < day_of(t->resolved))
			printf("  %s %s %s %s\n", t->id,
			    s->customers[t->customer].id,
			    format_moment(t->resolved, resolved,
			    sizeof(resolved)), s->customers[t->customer].owner ==
			    NO_OWNER ? "(pool)" :
			    owners[s->customers[t->customer].owner]);
	}
}

static void
print_unwelcomed(const struct sample *s)
{
	const struct customer *c;
	char first[DATE_BUFSIZE];
	int i;

	printf("\nfirst order in the last %d days, no contact since:\n",
	    RECENT_DAYS);
	for (i = 0; i < s->ncustomers; i++) {
		c = &s->customers[i];
		if (!c->prospect && c->first_order >= s->anchor - RECENT_DAYS &&
		    last_contact(s, i) < c->first_order)
			printf("  %s %s %s\n", c->id,
			    format_day(c->first_order, first),
			    c->owner == NO_OWNER ? "(pool)" : owners[c->owner]);
	}
}

static void
print_duplicates(const struct sample *s)
{
	const struct customer *c;
	int i;

	printf("\nduplicate records (same name and phone):\n");
	for (i = 0; i < s->ncustomers; i++) {
		c = &s->customers[i];
		if (c->duplicate_of >= 0)
			printf("  %s = %s %s\n", c->id,
			    s->customers[c->duplicate_of].id, c->name);
	}
	print_planted(s);
}

static void
print_summary(const struct sample *s)
{
	struct counts n;

	count_all(s, &n);
	print_counts(s, &n);
	print_pool_counts(s);
	print_pool_cases(s);
	print_birthdays(s);
	print_waiting_tickets(s);
	print_unwelcomed(s);
	print_duplicates(s);
	if (fflush(stdout) != 0 || ferror(stdout))
		die("write error: %s", strerror(errno));
}

/* ---------------------------------------------------------------------
 * Main: every step reads what the previous ones made.
 */

static void
generate(struct sample *s)
{
	int i;

	draw_arrivals(s);
	for (i = 0; i < s->ncustomers; i++)
		describe_customer(s, i);
	enter_duplicates(s);
	for (i = 0; i < s->ncustomers; i++) {
		draw_behaviour(s, i);
		simulate_purchases(s, i);
	}
	number_orders(s);
	tally_orders(s);
	grade_customers(s);
	for (i = 0; i < s->ncustomers; i++)
		assign_owner(s, i);
	follow_up(s);
	open_tickets(s);
	number_tickets(s);
	call_back(s);
	withhold_contacts(s);
	stage_pool_cases(s);
	settle_tickets(s);
}

static void
free_sample(struct sample *s)
{
	free(s->customers);
	free(s->orders.items);
	free(s->contacts.items);
	free(s->tickets.items);
}

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: %s [--seed N] [--summary] [DIR]\n"
	    "Write the sample orders.csv, customers.csv, contacts.csv,\n"
	    "feedback.csv and survey.csv into DIR (default %s); the default seed is %d.\n"
	    "  -s, --seed N    seed of the random streams\n"
	    "      --summary   print counts and edge cases on stdout\n"
	    "  -h, --help      this text\n", argv0, DEFAULT_DIR, DEFAULT_SEED);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "summary", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sample s = { .seed = DEFAULT_SEED };
	const char *dir = DEFAULT_DIR;
	bool summary = false;
	size_t responses;
	char *end;
	int ch;

	setprogname(argv[0]);
	while ((ch = getopt_long(argc, argv, "s:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			errno = 0;
			s.seed = strtoull(optarg, &end, 10);
			if (errno != 0 || *optarg < '0' || *optarg > '9' ||
			    *end != '\0')
				die_usage("bad seed: %s", optarg);
			break;
		case 'S':
			summary = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1)
		die_usage("too many arguments");
	if (optind < argc)
		dir = argv[optind];

	s.anchor = days_from_civil(2026, 11, 23);
	s.last_day = s.anchor - 1;
	s.first_day = s.anchor - DATA_DAYS;
	generate(&s);
	write_customers(&s, dir);
	write_orders(&s, dir);
	write_contacts(&s, dir);
	write_feedback(&s, dir);
	write_survey(&s, dir, &responses);
	if (summary) {
		print_summary(&s);
		printf("\nsurvey responses     %zu\n", responses);
	}
	free_sample(&s);
	return 0;
}
