/*
 * gen-people: a customer master with known duplicates, to measure how
 * well crm-dedupe finds them (scripts/eval-dedupe).
 *
 *	build/scripts/gen-people [--records N] [--seed N] [--truth FILE]
 *	    [-o FILE]
 *
 * writes customer_id,name,phone,email,company,address,city,postcode,
 * birthday,last_activity, and with --truth FILE the person behind each
 * record (customer_id,entity_id). The same options give the same bytes.
 *
 * The people: three in four Chinese (names in characters, surnames by
 * their frequency in China, given names of one or two characters drawn
 * most-common-first, so that 张伟 in 上海 recurs as different people); one
 * in ten of those written in pinyin; the rest Western, some living
 * abroad. One in three is a contact at a company, whose colleagues share
 * its name, address, switchboard number (sometimes without an extension)
 * and now and then a shared mailbox; one in thirty shares a home with an
 * earlier person (often the family name, sometimes the phone or e-mail).
 * These are the records that look alike and are not duplicates.
 *
 * The duplicates: 85% of the people have one record, 10% two, 3.5% three
 * and 1.5% four, as a CRM master looks after years of two sales people
 * entering the same customer. Every record is written in a style of its
 * own (phone as 138-1234-5678, +86 138 1234 5678, 0086..., full-width
 * digits; names as "LIU Kevin", "Liu, Kevin", "张 伟"; mail in other case
 * or with spaces; 上海 or 上海市; dates as 1990/1/2), which normalization
 * should undo. A second record of a person also carries 0 to 3 changes
 * of content (20%, 40%, 28%, 12%), each at most once, drawn by weight:
 * a typo in the name (a homophone as a pinyin input method makes, or a
 * slipped letter), the name in the other order or a nickname, a phone
 * missing, new or one digit off, an e-mail missing, new or with a
 * mistyped domain, a new address (a move, half the time to another
 * city), an address, company, birthday, postcode or city missing, a
 * company written without its city or with a branch, a birthday one digit
 * off or with day and month swapped. Some such pairs cannot be told from
 * two people by anyone; that is what recall measures.
 *
 * Records come out shuffled, numbered P0000001 ... in output order.
 * Every entity and record is drawn from its own random stream (seed,
 * kind, index), so a record is a function of its indices and the file
 * is written with a few bytes of memory per record.
 */
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "model/rng.h"
#include "util.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define NO_DATE		INT32_MIN

enum stream { STREAM_ENTITY = 1, STREAM_COMPANY, STREAM_RECORD,
	STREAM_ORDER };

/* Keys of the number permutations, one per kind of number. */
enum { KEY_MOBILE = 11, KEY_LANDLINE, KEY_QQ, KEY_FOREIGN };

/* Serials of new numbers in second records, above those of the people. */
#define NEW_MOBILE_SERIAL	50000000
#define NEW_QQ_SERIAL		1000000000

struct settings {
	uint64_t records, seed;
	const char *output, *truth;
};

/* ---------------------------------------------------------------------
 * Random draws
 */

static void
stream_init(struct crm_rng *g, uint64_t seed, enum stream stream,
    uint64_t index)
{
	crm_rng_seed(g, crm_rng_mix(seed) ^ crm_rng_mix((uint64_t)stream << 48 |
	    index));
}

static int
below(struct crm_rng *g, size_t n)
{
	return (int)crm_rng_index(g, n);
}

static bool
chance(struct crm_rng *g, double p)
{
	return crm_rng_chance(g, p);
}

/* An index in [0, n) favouring the front of a list sorted by frequency. */
static int
common_first(struct crm_rng *g, size_t n, double skew)
{
	double u = crm_rng_uniform0(g);
	size_t i = (size_t)((double)n * pow(u, skew));

	return (int)(i < n ? i : n - 1);
}

/*
 * A bijection of [0, n), n <= 2^40: a four-round Feistel network on the
 * smallest even power of two above n, repeated until it lands below n.
 * Phone numbers and QQ numbers drawn through it are unique per person.
 */
static uint64_t
permute(uint64_t x, uint64_t n, uint64_t key)
{
	unsigned bits = 2, half, round;
	uint64_t mask, l, r, t;

	while ((UINT64_C(1) << bits) < n)
		bits += 2;
	half = bits / 2;
	mask = (UINT64_C(1) << half) - 1;
	do {
		l = x >> half;
		r = x & mask;
		for (round = 0; round < 4; round++) {
			t = l ^ (crm_rng_mix(r ^ key << 8 ^ round) & mask);
			l = r;
			r = t;
		}
		x = l << half | r;
	} while (x >= n);
	return x;
}

/* ---------------------------------------------------------------------
 * Text
 */

struct text {
	char s[256];
	size_t len;
};

static void
text_clear(struct text *t)
{
	t->len = 0;
	t->s[0] = '\0';
}

static void __attribute__((format(printf, 2, 3)))
text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t->s + t->len, sizeof(t->s) - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n < sizeof(t->s) - t->len ? (size_t)n :
		    sizeof(t->s) - t->len - 1;
}

/* ASCII as its full-width forms (U+FF01..FF5E, U+3000 for a space). */
static void
widen(struct text *t)
{
	struct text wide;
	size_t i;

	text_clear(&wide);
	for (i = 0; i < t->len && wide.len + 4 < sizeof(wide.s); i++) {
		unsigned char c = (unsigned char)t->s[i];
		unsigned cp = c == ' ' ? 0x3000 : c - 0x21 + 0xff01;

		if (c < 0x20 || c > 0x7e) {
			wide.s[wide.len++] = (char)c;
			continue;
		}
		wide.s[wide.len++] = (char)(0xe0 | cp >> 12);
		wide.s[wide.len++] = (char)(0x80 | (cp >> 6 & 0x3f));
		wide.s[wide.len++] = (char)(0x80 | (cp & 0x3f));
	}
	wide.s[wide.len] = '\0';
	*t = wide;
}

static void
upper(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

static void
capitalize(char *s)
{
	if (*s >= 'a' && *s <= 'z')
		*s = (char)(*s - 'a' + 'A');
}

/* from into to[size], cut if need be. */
static void
copy(char *to, size_t size, const char *from)
{
	size_t n = strlen(from);

	n = n < size ? n : size - 1;
	memmove(to, from, n);
	to[n] = '\0';
}

/* ---------------------------------------------------------------------
 * Vocabulary
 */

struct word {
	const char *han, *latin;
};

/* Surnames in order of frequency in China, with rough shares (%). */
static const struct word surnames[] = {
	{ "王", "wang" }, { "李", "li" }, { "张", "zhang" }, { "刘", "liu" },
	{ "陈", "chen" }, { "杨", "yang" }, { "黄", "huang" }, { "赵", "zhao" },
	{ "吴", "wu" }, { "周", "zhou" }, { "徐", "xu" }, { "孙", "sun" },
	{ "马", "ma" }, { "朱", "zhu" }, { "胡", "hu" }, { "郭", "guo" },
	{ "何", "he" }, { "高", "gao" }, { "林", "lin" }, { "罗", "luo" },
	{ "郑", "zheng" }, { "梁", "liang" }, { "谢", "xie" }, { "宋", "song" },
	{ "唐", "tang" }, { "许", "xu" }, { "韩", "han" }, { "冯", "feng" },
	{ "邓", "deng" }, { "曹", "cao" }, { "彭", "peng" }, { "曾", "zeng" },
	{ "肖", "xiao" }, { "田", "tian" }, { "董", "dong" }, { "袁", "yuan" },
	{ "潘", "pan" }, { "于", "yu" }, { "蒋", "jiang" }, { "蔡", "cai" },
	{ "余", "yu" }, { "杜", "du" }, { "叶", "ye" }, { "程", "cheng" },
	{ "苏", "su" }, { "魏", "wei" }, { "吕", "lv" }, { "丁", "ding" },
	{ "任", "ren" }, { "沈", "shen" }, { "姚", "yao" }, { "卢", "lu" },
	{ "姜", "jiang" }, { "崔", "cui" }, { "钟", "zhong" }, { "谭", "tan" },
	{ "陆", "lu" }, { "汪", "wang" }, { "范", "fan" }, { "金", "jin" },
	{ "石", "shi" }, { "廖", "liao" }, { "贾", "jia" }, { "夏", "xia" },
	{ "韦", "wei" }, { "付", "fu" }, { "方", "fang" }, { "白", "bai" },
	{ "邹", "zou" }, { "孟", "meng" }, { "熊", "xiong" }, { "秦", "qin" },
	{ "邱", "qiu" }, { "江", "jiang" }, { "尹", "yin" }, { "薛", "xue" },
	{ "闫", "yan" }, { "段", "duan" }, { "雷", "lei" }, { "侯", "hou" },
	{ "龙", "long" }, { "史", "shi" }, { "陶", "tao" }, { "黎", "li" },
	{ "贺", "he" }, { "顾", "gu" }, { "毛", "mao" }, { "郝", "hao" },
	{ "龚", "gong" }, { "邵", "shao" }, { "万", "wan" }, { "钱", "qian" },
	{ "严", "yan" }, { "武", "wu" }, { "戴", "dai" }, { "莫", "mo" },
	{ "孔", "kong" }, { "向", "xiang" }, { "汤", "tang" }, { "欧阳", "ouyang" },
	{ "司马", "sima" }, { "上官", "shangguan" }
};
static const double surname_shares[] = {
	7.1, 7.0, 6.7, 5.4, 4.6, 3.1, 2.2, 2.2, 2.1, 2.0, 1.6, 1.5, 1.4, 1.3,
	1.3, 1.2, 1.2, 1.1, 1.1, 1.0, 1.0, 0.9, 0.8, 0.8, 0.7, 0.7, 0.7, 0.7,
	0.7, 0.6, 0.6, 0.6, 0.6, 0.6, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
	0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.3, 0.3, 0.3,
	0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3,
	0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2,
	0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2,
	0.2, 0.2, 0.05, 0.02, 0.02
};

/*
 * Characters of given names, most common first, each with the characters
 * a pinyin input method offers for the same sound: the homophone typos
 * of Chinese data entry. A name uses the first of a group mostly.
 */
struct homophones {
	const char *latin;
	const char *han[6];
};

static const struct homophones given_chars[] = {
	{ "wei", { "伟", "炜", "玮", "薇", "威" } },
	{ "fang", { "芳", "方", "放" } },
	{ "na", { "娜", "纳" } },
	{ "min", { "敏", "旻", "民" } },
	{ "jing", { "静", "晶", "婧", "菁", "敬" } },
	{ "li", { "丽", "莉", "俐", "立", "力" } },
	{ "qiang", { "强", "蔷" } },
	{ "lei", { "磊", "蕾", "雷" } },
	{ "jun", { "军", "俊", "君", "钧" } },
	{ "yang", { "洋", "阳", "扬" } },
	{ "yong", { "勇", "永", "咏" } },
	{ "yan", { "艳", "燕", "妍", "彦" } },
	{ "jie", { "杰", "洁", "捷" } },
	{ "juan", { "娟", "鹃" } },
	{ "tao", { "涛", "韬", "陶" } },
	{ "ming", { "明", "铭", "鸣" } },
	{ "chao", { "超", "朝" } },
	{ "xiu", { "秀", "修" } },
	{ "xia", { "霞", "夏" } },
	{ "ping", { "平", "萍", "苹" } },
	{ "gang", { "刚", "钢" } },
	{ "ying", { "英", "颖", "莹", "瑛" } },
	{ "hua", { "华", "桦", "骅" } },
	{ "yu", { "玉", "宇", "雨", "羽", "语" } },
	{ "jian", { "建", "健", "剑", "坚" } },
	{ "wen", { "文", "雯", "闻" } },
	{ "hui", { "辉", "慧", "晖", "惠" } },
	{ "ting", { "婷", "亭", "庭" } },
	{ "peng", { "鹏", "朋" } },
	{ "hao", { "浩", "昊", "皓", "豪" } },
	{ "xin", { "欣", "鑫", "新", "馨", "心" } },
	{ "yi", { "怡", "依", "宜", "仪", "毅" } },
	{ "chen", { "晨", "辰", "琛" } },
	{ "bo", { "博", "波", "柏" } },
	{ "si", { "思", "斯" } },
	{ "jia", { "嘉", "佳", "家" } },
	{ "zi", { "子", "梓", "紫" } },
	{ "xuan", { "轩", "萱", "宣" } },
	{ "han", { "涵", "晗", "寒", "含" } },
	{ "kai", { "凯", "楷", "恺" } },
	{ "lin", { "琳", "林", "霖" } },
	{ "hong", { "红", "宏", "虹", "鸿" } },
	{ "fei", { "飞", "菲", "斐" } },
	{ "xue", { "雪", "学" } },
	{ "bin", { "斌", "彬", "滨" } },
	{ "ning", { "宁", "凝" } },
	{ "mei", { "梅", "美", "媚" } },
	{ "qian", { "倩", "茜" } },
	{ "qi", { "琪", "琦", "淇", "祺" } },
	{ "dan", { "丹", "单" } },
	{ "yun", { "云", "芸", "韵" } },
	{ "feng", { "峰", "锋", "丰", "枫" } },
	{ "long", { "龙", "隆" } },
	{ "cheng", { "成", "诚", "程", "城" } },
	{ "liang", { "亮", "良" } },
	{ "dong", { "东", "冬" } },
	{ "hai", { "海" } },
	{ "guo", { "国", "果" } },
	{ "zhi", { "志", "智", "治" } },
	{ "chun", { "春", "纯" } },
	{ "zhen", { "振", "震", "珍", "真" } },
	{ "rui", { "睿", "瑞", "锐" } },
	{ "ze", { "泽", "则" } },
	{ "xiao", { "晓", "小", "筱" } },
	{ "tian", { "天", "添" } },
	{ "shi", { "诗", "世", "时" } },
	{ "ke", { "可", "珂" } },
	{ "huan", { "欢", "焕" } },
	{ "yue", { "悦", "月", "越", "跃" } },
	{ "yao", { "瑶", "遥", "尧" } },
	{ "de", { "德", "得" } },
	{ "rong", { "荣", "蓉", "容" } },
	{ "shu", { "淑", "舒", "书" } },
	{ "qiu", { "秋" } },
	{ "xu", { "旭", "绪", "煦" } },
	{ "ran", { "然", "冉" } },
	{ "zhe", { "哲", "喆" } },
	{ "hang", { "航", "杭" } },
	{ "xiang", { "翔", "祥" } },
	{ "lan", { "兰", "岚", "澜" } },
	{ "gui", { "桂", "贵" } },
	{ "song", { "松", "嵩" } },
	{ "mu", { "沐", "牧" } },
	{ "an", { "安" } },
	{ "le", { "乐" } }
};

/* Family names with homophones, for the rarer surname typo. */
static const char *const surname_homophones[][3] = {
	{ "张", "章", NULL }, { "刘", "柳", NULL }, { "王", "汪", NULL },
	{ "徐", "许", NULL }, { "杨", "阳", NULL }, { "林", "琳", NULL },
	{ "陈", "沉", NULL }, { "黄", "皇", NULL }, { "周", "舟", NULL },
	{ "吴", "武", "伍" }, { "李", "黎", "理" }
};

struct first_name {
	const char *name, *nickname;	/* nickname or NULL */
	bool female;
};

static const struct first_name first_names[] = {
	{ "Kevin", NULL, false }, { "Anna", NULL, true },
	{ "David", "Dave", false }, { "Emily", NULL, true },
	{ "Michael", "Mike", false }, { "Sarah", NULL, true },
	{ "William", "Bill", false }, { "Elizabeth", "Liz", true },
	{ "Robert", "Bob", false }, { "Katherine", "Kate", true },
	{ "James", "Jim", false }, { "Jennifer", "Jenny", true },
	{ "Thomas", "Tom", false }, { "Olivia", NULL, true },
	{ "Daniel", "Dan", false }, { "Sophia", NULL, true },
	{ "Christopher", "Chris", false }, { "Margaret", "Maggie", true },
	{ "Joseph", "Joe", false }, { "Rebecca", "Becky", true },
	{ "Anthony", "Tony", false }, { "Samantha", "Sam", true },
	{ "Alexander", "Alex", false }, { "Emma", NULL, true },
	{ "Benjamin", "Ben", false }, { "Laura", NULL, true },
	{ "Nicholas", "Nick", false }, { "Grace", NULL, true },
	{ "Richard", "Rick", false }, { "Chloe", NULL, true },
	{ "Peter", "Pete", false }, { "Lucy", NULL, true },
	{ "John", "Jack", false }, { "Mary", NULL, true },
	{ "Mark", NULL, false }, { "Linda", NULL, true },
	{ "Paul", NULL, false }, { "Susan", "Sue", true },
	{ "Eric", NULL, false }, { "Helen", NULL, true },
	{ "Jason", NULL, false }, { "Karen", NULL, true },
	{ "Brian", NULL, false }, { "Lisa", NULL, true },
	{ "George", NULL, false }, { "Hannah", NULL, true },
	{ "Henry", "Harry", false }, { "Julia", NULL, true },
	{ "Lucas", NULL, false }, { "Claire", NULL, true },
	{ "Oscar", NULL, false }, { "Sophie", NULL, true },
	{ "Stefan", NULL, false }, { "Marie", NULL, true },
	{ "Klaus", NULL, false }, { "Camille", NULL, true },
	{ "Pierre", NULL, false }, { "Giulia", NULL, true },
	{ "Marco", NULL, false }, { "Maria", NULL, true },
	{ "Carlos", NULL, false }, { "Olga", NULL, true },
	{ "Kenji", NULL, false }, { "Yuki", NULL, true },
	{ "Ivan", NULL, false }, { "Amy", NULL, true }
};

static const char *const western_surnames[] = {
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis",
	"Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson",
	"White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Allen", "Young",
	"King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill",
	"Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans",
	"Turner", "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murphy",
	"Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey",
	"Bell", "Kelly", "Howard", "Ward", "Cox", "Richardson", "Wood",
	"Watson", "Brooks", "Bennett", "Gray", "Hughes", "Price", "Sanders",
	"Foster", "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer",
	"Wagner", "Becker", "Hoffmann", "Dubois", "Durand", "Lefèvre", "Moreau",
	"Rossi", "Russo", "Ferrari", "García", "Rodríguez", "Martínez", "López",
	"O'Brien", "O'Connor", "MacDonald", "Ivanov", "Petrov", "Tanaka",
	"Suzuki", "Sato", "Kim", "Park", "Nguyen", "Tran", "Liu", "Wang",
	"Zhang", "Chen", "Li", "Huang", "Zhou", "Wu", "Lin", "Ng", "Wong"
};

/* The ASCII letters for mail of the few surnames that have others. */
static const struct word mail_spellings[] = {
	{ "Müller", "mueller" }, { "Lefèvre", "lefevre" },
	{ "García", "garcia" }, { "Rodríguez", "rodriguez" },
	{ "Martínez", "martinez" }, { "López", "lopez" },
	{ "O'Brien", "obrien" }, { "O'Connor", "oconnor" }
};

struct city {
	const char *han;
	const char *area;	/* telephone area code */
	const char *post;	/* first three digits of its postcodes */
	const char *districts[4];
	double weight;
};

static const struct city cities[] = {
	{ "上海", "021", "200", { "浦东新区", "徐汇区", "静安区", "闵行区" }, 12 },
	{ "北京", "010", "100", { "朝阳区", "海淀区", "东城区", "丰台区" }, 11 },
	{ "深圳", "0755", "518", { "南山区", "福田区", "宝安区", "龙岗区" }, 9 },
	{ "广州", "020", "510", { "天河区", "越秀区", "海珠区", "番禺区" }, 9 },
	{ "杭州", "0571", "310", { "西湖区", "上城区", "滨江区", "余杭区" }, 7 },
	{ "成都", "028", "610", { "武侯区", "锦江区", "青羊区", "高新区" }, 7 },
	{ "重庆", "023", "400", { "渝中区", "江北区", "南岸区", "沙坪坝区" }, 5 },
	{ "武汉", "027", "430", { "武昌区", "江汉区", "洪山区", "汉阳区" }, 5 },
	{ "南京", "025", "210", { "鼓楼区", "玄武区", "建邺区", "江宁区" }, 5 },
	{ "苏州", "0512", "215", { "姑苏区", "工业园区", "吴中区", "相城区" }, 4 },
	{ "西安", "029", "710", { "雁塔区", "碑林区", "未央区", "新城区" }, 4 },
	{ "天津", "022", "300", { "和平区", "河西区", "南开区", "滨海新区" }, 4 },
	{ "长沙", "0731", "410", { "岳麓区", "芙蓉区", "天心区", "雨花区" }, 3 },
	{ "郑州", "0371", "450", { "金水区", "中原区", "二七区", "管城区" }, 3 },
	{ "青岛", "0532", "266", { "市南区", "市北区", "崂山区", "黄岛区" }, 3 },
	{ "厦门", "0592", "361", { "思明区", "湖里区", "集美区", "海沧区" }, 2 },
	{ "宁波", "0574", "315", { "海曙区", "江北区", "鄞州区", "镇海区" }, 2 },
	{ "合肥", "0551", "230", { "蜀山区", "庐阳区", "包河区", "瑶海区" }, 2 },
	{ "济南", "0531", "250", { "历下区", "市中区", "槐荫区", "天桥区" }, 2 },
	{ "大连", "0411", "116", { "中山区", "西岗区", "沙河口区", "甘井子区" }, 2 }
};

static const char *const roads[] = {
	"人民", "解放", "中山", "建国", "和平", "长江", "黄河", "南京", "北京",
	"延安", "淮海", "世纪", "科技", "文化", "东风", "胜利", "新华", "光明",
	"青年", "学府", "金融", "滨江", "江南", "花园", "朝阳", "望京", "天府",
	"创业", "振兴", "幸福"
};
static const char *const road_kinds[] = { "路", "街", "大道" };

struct abroad {
	const char *city;
	const char *postcode;	/* # a digit, @ a letter */
	const char *country, *area;	/* telephone codes */
	int local_digits;
};

static const struct abroad abroad_cities[] = {
	{ "London", "@@# #@@", "44", "20", 8 },
	{ "New York", "10###", "1", "212", 7 },
	{ "Berlin", "1####", "49", "30", 8 },
	{ "Sydney", "2###", "61", "2", 8 },
	{ "Singapore", "######", "65", "", 8 },
	{ "Toronto", "M#@ #@#", "1", "416", 7 }
};

static const char *const street_names[] = {
	"Baker", "High", "Church", "Park", "Victoria", "Green", "Mill", "King",
	"Queen", "Station", "Oak", "Maple", "Elm", "Pine", "Cedar", "Hill",
	"Lake", "River", "Bridge", "Market", "Castle", "Harbour", "Garden",
	"Spring"
};

/* Street kinds, each written out and abbreviated. */
static const char *const street_kinds[][3] = {
	{ "Street", "St", "St." }, { "Road", "Rd", "Rd." },
	{ "Avenue", "Ave", "Ave." }, { "Lane", "Ln", "Ln." },
	{ "Drive", "Dr", "Dr." }
};

struct trade {
	const char *han, *latin;
};

static const struct trade cn_trades[] = {
	{ "星光", "xingguang" }, { "恒远", "hengyuan" }, { "华盛", "huasheng" },
	{ "鑫达", "xinda" }, { "瑞丰", "ruifeng" }, { "嘉禾", "jiahe" },
	{ "宏图", "hongtu" }, { "天成", "tiancheng" }, { "金桥", "jinqiao" },
	{ "博远", "boyuan" }, { "明辉", "minghui" }, { "新锐", "xinrui" },
	{ "联创", "lianchuang" }, { "永安", "yongan" }, { "德润", "derun" },
	{ "启航", "qihang" }, { "云帆", "yunfan" }, { "睿智", "ruizhi" },
	{ "汇通", "huitong" }, { "鼎盛", "dingsheng" }, { "中科", "zhongke" },
	{ "东方", "dongfang" }, { "远航", "yuanhang" }, { "蓝海", "lanhai" },
	{ "安泰", "antai" }, { "卓越", "zhuoyue" }, { "凯盛", "kaisheng" },
	{ "九州", "jiuzhou" }, { "海川", "haichuan" }, { "长城", "changcheng" },
	{ "青松", "qingsong" }, { "银河", "yinhe" }, { "正大", "zhengda" },
	{ "同创", "tongchuang" }, { "百川", "baichuan" }, { "和信", "hexin" },
	{ "国泰", "guotai" }, { "兴业", "xingye" }, { "光华", "guanghua" },
	{ "信达", "xinda" }
};

static const char *const cn_lines[] = {
	"科技", "贸易", "电子", "实业", "网络科技", "信息技术", "物流", "建材",
	"食品", "医药", "文化传媒", "咨询", "机械", "服饰", "餐饮管理",
	"教育科技", "环保科技", "汽车配件"
};

static const char *const cn_forms[] = {
	"有限公司", "股份有限公司", "有限责任公司", "集团有限公司"
};

static const char *const western_trades[] = {
	"Acme", "Globex", "Initech", "Northwind", "Contoso", "Fabrikam",
	"Tailspin", "Blue Harbor", "Silver Oak", "Red Rock", "Pine Valley",
	"Golden Gate", "Summit", "Evergreen", "Lighthouse", "Bright Star",
	"Ironwood", "Westfield", "Kingsbridge", "Harbor Point"
};

static const char *const western_lines[] = {
	"Trading", "Logistics", "Software", "Consulting", "Foods",
	"Electronics", "Medical", "Engineering", "Media", "Capital"
};

/* A legal form as written three ways: they normalize alike. */
static const char *const western_forms[][3] = {
	{ "Ltd", "Ltd.", "Limited" }, { "Inc", "Inc.", "Incorporated" },
	{ "GmbH", "GmbH", "GmbH" }, { "LLC", "L.L.C.", "LLC" },
	{ "Co., Ltd.", "Co. Ltd", "Company Limited" }
};

static const char *const mobile_prefixes[] = {
	"130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
	"151", "152", "155", "157", "158", "159", "166", "170", "176", "177",
	"180", "181", "182", "183", "185", "186", "187", "188", "189", "191",
	"198", "199"
};

struct mail_domain {
	const char *domain;
	const char *typos[3];
	double weight;
};

static const struct mail_domain cn_domains[] = {
	{ "qq.com", { "qq.con", "qq.co", "qq.cm" }, 38 },
	{ "163.com", { "163.con", "136.com", "163.cm" }, 22 },
	{ "126.com", { "126.con", "126.cm", "162.com" }, 9 },
	{ "sina.com", { "sian.com", "sina.con", "sina.cm" }, 5 },
	{ "foxmail.com", { "foxmial.com", "foxmail.con", "fxomail.com" }, 6 },
	{ "139.com", { "139.con", "193.com", "139.cm" }, 3 },
	{ "gmail.com", { "gmial.com", "gmai.com", "gamil.com" }, 7 },
	{ "outlook.com", { "outlok.com", "outlook.con", "outllook.com" }, 5 },
	{ "hotmail.com", { "hotmial.com", "hotmail.con", "hotmai.com" }, 3 },
	{ "sohu.com", { "souh.com", "sohu.con", "sohu.cm" }, 2 }
};

/* ---------------------------------------------------------------------
 * The people and companies, as they really are
 */

enum origin { CHINESE, PINYIN, WESTERN };
enum phone_kind { PHONE_NONE, MOBILE, LANDLINE, FOREIGN };

struct phone {
	enum phone_kind kind;
	char digits[20];	/* national number; FOREIGN: country first */
	int area_len;		/* LANDLINE: digits of the area code;
				 * FOREIGN: of the country code */
	char ext[12];		/* LANDLINE: extension, or "" */
};

struct place {
	bool known;
	bool china;
	int city;		/* cities[] or abroad_cities[] */
	int district, road, road_kind, number, building, room;
	int street, street_kind;	/* abroad */
	char postcode[12];
};

struct company {
	bool china;
	int city_prefix;	/* CN: the city in its name, or -1 */
	int trade, line, form;
	struct place place;
	struct phone switchboard;
	char domain[48];	/* its own: the trade name and a number */
};

struct entity {
	enum origin origin;
	char family[32], given[32];	/* as written (CN: characters) */
	char family_mail[24], given_mail[24];	/* ASCII, lower case */
	int first;			/* first_names[] (WESTERN) */
	bool female;
	struct phone phone;
	char email[128];
	int company;			/* or -1 */
	struct place home;
	bool at_firm;			/* the address is the company's */
	struct company firm;		/* when company >= 0 */
	bool has_postcode, has_city;
	int32_t birthday;		/* or NO_DATE */
	int records;			/* 1 + duplicates */
};

/* What every entity and record is drawn from. */
struct world {
	uint64_t seed, nentities, ncompanies;
};

static void
mobile_number(const struct world *w, uint64_t serial, uint64_t key,
    struct crm_rng *g, struct phone *p)
{
	const char *prefix = mobile_prefixes[below(g, NELEM(mobile_prefixes))];

	p->kind = MOBILE;
	p->ext[0] = '\0';
	snprintf(p->digits, sizeof(p->digits), "%s%08llu", prefix,
	    (unsigned long long)permute(serial, 100000000, w->seed ^ key));
}

static void
draw_place(struct crm_rng *g, bool china, struct place *pl)
{
	size_t i;

	memset(pl, 0, sizeof(*pl));
	pl->known = true;
	pl->china = china;
	if (china) {
		double weights[NELEM(cities)];

		for (i = 0; i < NELEM(cities); i++)
			weights[i] = cities[i].weight;
		pl->city = (int)crm_rng_weighted(g, weights, NELEM(cities));
		pl->district = below(g, 4);
		pl->road = below(g, NELEM(roads));
		pl->road_kind = below(g, NELEM(road_kinds));
		pl->number = 1 + common_first(g, 999, 2.0);
		pl->building = chance(g, 0.6) ? 1 + below(g, 30) : 0;
		pl->room = pl->building ? 101 + 100 * below(g, 25) +
		    below(g, 8) : 0;
		snprintf(pl->postcode, sizeof(pl->postcode), "%s%d%02d",
		    cities[pl->city].post, pl->district, below(g, 4) * 10);
	} else {
		const struct abroad *a;

		pl->city = below(g, NELEM(abroad_cities));
		a = &abroad_cities[pl->city];
		pl->street = below(g, NELEM(street_names));
		pl->street_kind = below(g, NELEM(street_kinds));
		pl->number = 1 + common_first(g, 300, 2.0);
		pl->room = chance(g, 0.35) ? 1 + below(g, 40) : 0;
		for (i = 0; a->postcode[i] && i + 1 < sizeof(pl->postcode);
		    i++)
			pl->postcode[i] = a->postcode[i] == '#' ? (char)('0' +
			    below(g, 10)) : a->postcode[i] == '@' ? (char)('A' +
			    below(g, 26)) : a->postcode[i];
		pl->postcode[i] = '\0';
	}
}

static void
landline(const struct world *w, uint64_t serial, int city,
    struct phone *p)
{
	const char *area = cities[city].area;

	p->kind = LANDLINE;
	p->area_len = (int)strlen(area);
	p->ext[0] = '\0';
	snprintf(p->digits, sizeof(p->digits), "%s%08llu", area,
	    (unsigned long long)(20000000 + permute(serial, 70000000,
	    w->seed ^ KEY_LANDLINE)));
}

static void
foreign_number(const struct world *w, uint64_t serial, int city,
    struct phone *p)
{
	const struct abroad *a = &abroad_cities[city];
	uint64_t n = 1;
	int i;

	for (i = 0; i < a->local_digits - 1; i++)
		n *= 10;
	p->kind = FOREIGN;
	p->ext[0] = '\0';
	p->area_len = (int)strlen(a->country);
	snprintf(p->digits, sizeof(p->digits), "%s%s%llu", a->country, a->area,
	    (unsigned long long)(2 * n + permute(serial % (7 * n), 7 * n,
	    w->seed ^ KEY_FOREIGN)));
}

static void
make_company(const struct world *w, uint64_t c, struct company *co)
{
	struct crm_rng g;

	stream_init(&g, w->seed, STREAM_COMPANY, c);
	memset(co, 0, sizeof(*co));
	co->china = chance(&g, 0.85);
	draw_place(&g, true, &co->place);
	if (co->china) {
		co->trade = below(&g, NELEM(cn_trades));
		co->line = below(&g, NELEM(cn_lines));
		co->form = (int)crm_rng_weighted(&g, (const double[]){ 60, 20,
		    12, 8 }, NELEM(cn_forms));
		co->city_prefix = chance(&g, 0.7) ? co->place.city : -1;
		snprintf(co->domain, sizeof(co->domain), "%s%llu%s",
		    cn_trades[co->trade].latin, (unsigned long long)c,
		    chance(&g, 0.5) ? ".com.cn" : ".com");
	} else {
		co->trade = below(&g, NELEM(western_trades));
		co->line = below(&g, NELEM(western_lines));
		co->form = below(&g, NELEM(western_forms));
		co->city_prefix = -1;
		snprintf(co->domain, sizeof(co->domain), "%s%s%llu.com",
		    western_trades[co->trade], western_lines[co->line],
		    (unsigned long long)c);
		for (char *p = co->domain; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
			else if (*p == ' ')
				memmove(p, p + 1, strlen(p));
	}
	landline(w, c, co->place.city, &co->switchboard);
}

/* Chinese name: a surname and one or two given characters. */
static void
chinese_name(struct crm_rng *g, struct entity *e, int family)
{
	const struct homophones *h;
	int n = chance(g, 0.3) ? 1 : 2, i, member;

	copy(e->family, sizeof(e->family), surnames[family].han);
	copy(e->family_mail, sizeof(e->family_mail), surnames[family].latin);
	e->given[0] = e->given_mail[0] = '\0';
	for (i = 0; i < n; i++) {
		h = &given_chars[common_first(g, NELEM(given_chars), 1.6)];
		for (member = 1; member < 6 && h->han[member]; member++)
			continue;
		member = chance(g, 0.75) ? 0 : below(g, (size_t)member);
		strcat(e->given, h->han[member]);
		strcat(e->given_mail, h->latin);
	}
	e->female = chance(g, 0.5);
}

static int
draw_surname(struct crm_rng *g)
{
	return (int)crm_rng_weighted(g, surname_shares, NELEM(surnames));
}

static void
western_name(struct crm_rng *g, struct entity *e, int family)
{
	const char *f;
	size_t i;

	e->first = below(g, NELEM(first_names));
	e->female = first_names[e->first].female;
	copy(e->given, sizeof(e->given), first_names[e->first].name);
	copy(e->given_mail, sizeof(e->given_mail), e->given);
	f = western_surnames[family];
	copy(e->family, sizeof(e->family), f);
	copy(e->family_mail, sizeof(e->family_mail), f);
	for (i = 0; i < NELEM(mail_spellings); i++)
		if (strcmp(mail_spellings[i].han, f) == 0)
			copy(e->family_mail, sizeof(e->family_mail),
			    mail_spellings[i].latin);
	for (char *p = e->given_mail; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	for (char *p = e->family_mail; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
}

/* Pinyin written as a name: "Xiaoming", "Zhang". */
static void
pinyin_name(struct entity *e)
{
	copy(e->family, sizeof(e->family), e->family_mail);
	copy(e->given, sizeof(e->given), e->given_mail);
	capitalize(e->family);
	capitalize(e->given);
}

/* A mailbox name for a person; serial makes numbered ones unique. */
static void
mailbox(const struct world *w, struct crm_rng *g, const struct entity *e,
    uint64_t serial, const char **domain, char *box, size_t size)
{
	double weights[NELEM(cn_domains)];
	size_t i;
	int style = below(g, 6), year = e->birthday != NO_DATE ? 1970 +
	    e->birthday / 366 : 1970 + below(g, 35);

	for (i = 0; i < NELEM(cn_domains); i++)
		weights[i] = cn_domains[i].weight;
	*domain = cn_domains[crm_rng_weighted(g, weights,
	    NELEM(cn_domains))].domain;
	if (e->origin == CHINESE && style < 2) {
		snprintf(box, size, "%llu", (unsigned long long)(10000000 +
		    permute(serial, 2000000000, w->seed ^ KEY_QQ)));
		*domain = "qq.com";
		return;
	}
	switch (style) {
	case 0: case 1:		/* plain names are taken: a number */
		snprintf(box, size, "%s.%s%d", e->given_mail, e->family_mail,
		    1 + below(g, 9999));
		break;
	case 2:
		snprintf(box, size, "%s%s%d", e->family_mail, e->given_mail,
		    year % 100 + 100 * below(g, 2));
		break;
	case 3:
		snprintf(box, size, "%c%s%d", e->given_mail[0], e->family_mail,
		    10 + below(g, 990));
		break;
	case 4:
		snprintf(box, size, "%s_%s%d", e->given_mail, e->family_mail,
		    year);
		break;
	default:
		snprintf(box, size, "%s%s%d", e->given_mail, e->family_mail,
		    below(g, 10000));
		break;
	}
}

static void
draw_email(const struct world *w, struct crm_rng *g, struct entity *e,
    uint64_t serial)
{
	const char *domain;
	char box[80];

	mailbox(w, g, e, serial, &domain, box, sizeof(box));
	if (e->company >= 0 && chance(g, 0.5)) {
		domain = e->firm.domain;
		if (chance(g, 0.12))
			copy(box, sizeof(box), chance(g, 0.5) ? "info" :
			    "sales");	/* a mailbox colleagues share */
		else
			snprintf(box, sizeof(box), "%s.%s", e->given_mail,
			    e->family_mail);
	}
	snprintf(e->email, sizeof(e->email), "%s@%s", box, domain);
}

static void make_entity(const struct world *w, uint64_t index,
    struct entity *e);

/* Someone at the home of an earlier person: a spouse, a child. */
static void
join_household(const struct world *w, struct crm_rng *g, uint64_t index,
    struct entity *e)
{
	struct entity *other = xmalloc(sizeof(*other));
	uint64_t h = index - 1 - (uint64_t)below(g, index < 500 ? index : 500);

	make_entity(w, h, other);
	if (other->company < 0 && other->home.known) {
		e->home = other->home;
		e->has_postcode = other->has_postcode;
		e->has_city = other->has_city;
		if (e->origin == other->origin && e->origin != WESTERN &&
		    chance(g, 0.6)) {
			copy(e->family, sizeof(e->family), other->family);
			copy(e->family_mail, sizeof(e->family_mail),
			    other->family_mail);
		}
		if (other->phone.kind != PHONE_NONE && chance(g, 0.25))
			e->phone = other->phone;
		if (other->email[0] && chance(g, 0.1))
			copy(e->email, sizeof(e->email), other->email);
	}
	free(other);
}

static void
draw_contacts(const struct world *w, struct crm_rng *g, uint64_t index,
    struct entity *e)
{
	double u = crm_rng_uniform0(g);

	e->phone.kind = PHONE_NONE;
	if (e->company >= 0 && u < 0.45) {
		e->phone = e->firm.switchboard;
		if (u < 0.36)
			snprintf(e->phone.ext, sizeof(e->phone.ext), "%d",
			    100 + below(g, 900));
	} else if (!e->home.china && e->home.known && u < 0.5)
		foreign_number(w, index, e->home.city, &e->phone);
	else if (u < 0.94)
		mobile_number(w, index, KEY_MOBILE, g, &e->phone);
	e->email[0] = '\0';
	if (chance(g, e->origin == CHINESE ? 0.65 : 0.85))
		draw_email(w, g, e, index);
}

static void
make_entity(const struct world *w, uint64_t index, struct entity *e)
{
	struct crm_rng g;
	double u;

	stream_init(&g, w->seed, STREAM_ENTITY, index);
	memset(e, 0, sizeof(*e));
	u = crm_rng_uniform0(&g);
	e->origin = u < 0.675 ? CHINESE : u < 0.75 ? PINYIN : WESTERN;
	if (e->origin == WESTERN)
		western_name(&g, e, common_first(&g, NELEM(western_surnames),
		    1.3));
	else
		chinese_name(&g, e, draw_surname(&g));
	if (e->origin == PINYIN)
		pinyin_name(e);
	e->birthday = chance(&g, 0.45) ? days_from_civil(1955, 1, 1) +
	    below(&g, 18262) : NO_DATE;
	e->company = -1;
	if (chance(&g, 0.33)) {
		e->company = common_first(&g, w->ncompanies, 1.5);
		make_company(w, (uint64_t)e->company, &e->firm);
	}
	draw_place(&g, e->origin != WESTERN || chance(&g, 0.4), &e->home);
	e->home.known = chance(&g, 0.75);
	e->has_postcode = chance(&g, 0.55);
	e->has_city = chance(&g, 0.95);
	draw_contacts(w, &g, index, e);
	if (e->company < 0 && index > 0 && chance(&g, 0.033))
		join_household(w, &g, index, e);
	e->at_firm = e->company >= 0 && chance(&g, 0.7);
	u = crm_rng_uniform0(&g);
	e->records = u < 0.85 ? 1 : u < 0.95 ? 2 : u < 0.985 ? 3 : 4;
}

/* ---------------------------------------------------------------------
 * Changes of content in a second record of a person
 */

enum change {
	NAME_TYPO, NAME_ORDER, NICKNAME, PHONE_MISSING, PHONE_NEW, PHONE_TYPO,
	EMAIL_MISSING, EMAIL_NEW, EMAIL_DOMAIN_TYPO, MOVED, ADDRESS_MISSING,
	COMPANY_MISSING, COMPANY_VARIANT, BIRTHDAY_MISSING, BIRTHDAY_TYPO,
	POSTCODE_MISSING, CITY_MISSING, NCHANGES
};

static const double change_weights[NCHANGES] = {
	[NAME_TYPO] = 3, [NAME_ORDER] = 1.5, [NICKNAME] = 0.5,
	[PHONE_MISSING] = 2, [PHONE_NEW] = 2, [PHONE_TYPO] = 1,
	[EMAIL_MISSING] = 2, [EMAIL_NEW] = 1.5, [EMAIL_DOMAIN_TYPO] = 1,
	[MOVED] = 2, [ADDRESS_MISSING] = 1.5, [COMPANY_MISSING] = 1,
	[COMPANY_VARIANT] = 1, [BIRTHDAY_MISSING] = 1.5, [BIRTHDAY_TYPO] = 0.5,
	[POSTCODE_MISSING] = 1, [CITY_MISSING] = 0.5
};

/* What one record says, before it is written in a style. */
struct version {
	struct entity e;
	struct place place;
	bool company_shown, company_branch, company_no_city;
	char name_override[64];		/* "" or the name as typed */
};

/* A slip of the keyboard in a Latin word: swap, drop, double, replace. */
static bool
letter_typo(struct crm_rng *g, char *word)
{
	size_t n = strlen(word), i;

	if (n < 3)
		return false;
	i = 1 + (size_t)below(g, n - 2);
	if ((word[i] | word[i + 1]) & 0x80)
		return false;	/* letters only, never half a character */
	switch (below(g, 4)) {
	case 0: {
		char t = word[i];

		word[i] = word[i + 1];
		word[i + 1] = t;
		break;
	}
	case 1:
		memmove(word + i, word + i + 1, n - i);
		break;
	case 2:
		if (n + 2 > 32)
			return false;
		memmove(word + i + 1, word + i, n - i + 1);
		break;
	default:
		word[i] = (char)('a' + below(g, 26));
		break;
	}
	return true;
}

/* Replace the character at s (3 bytes) by a homophone, if it has one. */
static bool
homophone_at(struct crm_rng *g, char *s)
{
	size_t i, m, n;

	for (i = 0; i < NELEM(given_chars); i++)
		for (m = 0; m < 6 && given_chars[i].han[m]; m++)
			if (memcmp(given_chars[i].han[m], s, 3) == 0) {
				for (n = 0; n < 6 && given_chars[i].han[n]; n++)
					continue;
				if (n < 2)
					return false;
				n = (m + 1 + (size_t)below(g, n - 1)) % n;
				memcpy(s, given_chars[i].han[n], 3);
				return true;
			}
	return false;
}

static bool
surname_homophone(struct crm_rng *g, char *family)
{
	size_t i;

	for (i = 0; i < NELEM(surname_homophones); i++)
		if (strcmp(surname_homophones[i][0], family) == 0) {
			int n = surname_homophones[i][2] ? 2 : 1;

			strcpy(family, surname_homophones[i][1 + below(g,
			    (size_t)n)]);
			return true;
		}
	return false;
}

static bool
name_typo(struct crm_rng *g, struct entity *e)
{
	size_t n = strlen(e->given);

	if (e->origin != CHINESE) {
		return letter_typo(g, chance(g, 0.5) ? e->given : e->family);
	}
	if (chance(g, 0.15) && surname_homophone(g, e->family))
		return true;
	return n >= 3 && homophone_at(g, e->given + 3 * (size_t)below(g,
	    n / 3));
}

static void
new_birthday(struct crm_rng *g, int32_t *day)
{
	int y, m, d;

	civil_from_days(*day, &y, &m, &d);
	if (d <= 12 && d != m && chance(g, 0.5)) {
		*day = days_from_civil(y, d, m);	/* day and month swapped */
		return;
	}
	if (chance(g, 0.5))
		y += chance(g, 0.5) ? 1 : -1;
	else
		d = d % 10 == 0 ? d + 1 : d - 1;
	if (d > days_in_month(y, m))
		d = days_in_month(y, m);
	*day = days_from_civil(y, m, d);
}

static void
phone_typo(struct crm_rng *g, struct phone *p)
{
	size_t n = strlen(p->digits);
	size_t i = n - 1 - (size_t)below(g, n > 7 ? 7 : n - 1);

	p->digits[i] = (char)('0' + (p->digits[i] - '0' + 1 + below(g, 9)) %
	    10);
}

static void
domain_typo(struct crm_rng *g, char *email)
{
	char *at = strchr(email, '@');
	size_t i;

	if (at == NULL)
		return;
	for (i = 0; i < NELEM(cn_domains); i++)
		if (strcmp(at + 1, cn_domains[i].domain) == 0) {
			strcpy(at + 1, cn_domains[i].typos[below(g, 3)]);
			return;
		}
	if ((at = strstr(at, ".com")) != NULL)
		memcpy(at, ".con", 4);
}

/* Apply change c to v; false if it does not apply to this record. */
static bool
apply_change(const struct world *w, struct crm_rng *g, uint64_t serial,
    enum change c, struct version *v)
{
	struct entity *e = &v->e;

	switch (c) {
	case NAME_TYPO:
		return name_typo(g, e);
	case NAME_ORDER:
		if (e->origin == CHINESE)
			return false;
		snprintf(v->name_override, sizeof(v->name_override), "%s %s",
		    e->family, e->given);
		return true;
	case NICKNAME:
		if (e->origin != WESTERN || !first_names[e->first].nickname)
			return false;
		copy(e->given, sizeof(e->given), first_names[e->first].nickname);
		return true;
	case PHONE_MISSING: case PHONE_TYPO:
		if (e->phone.kind == PHONE_NONE)
			return false;
		if (c == PHONE_TYPO)
			phone_typo(g, &e->phone);
		else
			e->phone.kind = PHONE_NONE;
		return true;
	case PHONE_NEW:
		mobile_number(w, NEW_MOBILE_SERIAL + serial, KEY_MOBILE, g,
		    &e->phone);
		return true;
	case EMAIL_MISSING: case EMAIL_DOMAIN_TYPO:
		if (e->email[0] == '\0')
			return false;
		if (c == EMAIL_MISSING)
			e->email[0] = '\0';
		else
			domain_typo(g, e->email);
		return true;
	case EMAIL_NEW:
		draw_email(w, g, e, NEW_QQ_SERIAL + serial);
		return true;
	case MOVED:
		if (chance(g, 0.5)) {	/* within the city */
			int city = v->place.city;

			draw_place(g, v->place.china, &v->place);
			v->place.city = city;
		} else
			draw_place(g, v->place.china, &v->place);
		return true;
	case ADDRESS_MISSING:
		if (!v->place.known)
			return false;
		v->place.known = false;
		return true;
	case POSTCODE_MISSING:
		if (!e->has_postcode)
			return false;
		e->has_postcode = false;
		return true;
	case CITY_MISSING:
		if (!e->has_city)
			return false;
		e->has_city = false;
		return true;
	case COMPANY_MISSING: case COMPANY_VARIANT:
		if (e->company < 0)
			return false;
		if (c == COMPANY_MISSING)
			v->company_shown = false;
		else if (e->firm.china && chance(g, 0.5))
			v->company_branch = true;
		else
			v->company_no_city = true;
		return true;
	case BIRTHDAY_MISSING: case BIRTHDAY_TYPO:
		if (e->birthday == NO_DATE)
			return false;
		if (c == BIRTHDAY_MISSING)
			e->birthday = NO_DATE;
		else
			new_birthday(g, &e->birthday);
		return true;
	default:
		return false;
	}
}

static void
change_content(const struct world *w, struct crm_rng *g, uint64_t serial,
    struct version *v)
{
	double weights[NCHANGES];
	int wanted, made = 0, tries;
	enum change c;

	memcpy(weights, change_weights, sizeof(weights));
	wanted = (int)crm_rng_weighted(g, (const double[]){ 20, 40, 28, 12 },
	    4);
	for (tries = 0; made < wanted && tries < 20; tries++) {
		c = (enum change)crm_rng_weighted(g, weights, NCHANGES);
		if (weights[c] > 0 && apply_change(w, g, serial, c, v)) {
			weights[c] = 0;
			made++;
		}
	}
}

/* ---------------------------------------------------------------------
 * Styles: how one record writes each field
 */

struct row {
	struct text name, phone, email, company, address, city, postcode,
	    birthday, activity;
};

static void
style_name(struct crm_rng *g, const struct version *v, struct text *t)
{
	const struct entity *e = &v->e;
	char family[40];
	int s = below(g, 100);

	text_clear(t);
	if (v->name_override[0]) {
		text_add(t, "%s", v->name_override);
		return;
	}
	if (e->origin == CHINESE) {
		if (s < 6)
			text_add(t, "%s %s", e->family, e->given);
		else if (s < 8)
			text_add(t, "%s\xe3\x80\x80%s", e->family, e->given);
		else if (s < 10)
			text_add(t, "%s%s ", e->family, e->given);
		else
			text_add(t, "%s%s", e->family, e->given);
		return;
	}
	copy(family, sizeof(family), e->family);
	if (s < 52)
		text_add(t, "%s %s", e->given, e->family);
	else if (s < 62)
		text_add(t, "%s, %s", e->family, e->given);
	else if (s < 72) {
		upper(family);
		text_add(t, "%s %s", family, e->given);
	} else if (s < 78) {
		text_add(t, "%s %s", e->given, e->family);
		upper(t->s);
	} else if (s < 83) {
		text_add(t, "%s %s", e->given, e->family);
		for (char *p = t->s; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' :
			    *p);
	} else if (s < 90 && e->origin == WESTERN)
		text_add(t, "%s %s %s", e->female ? "Ms." : "Mr.", e->given,
		    e->family);
	else if (s < 94) {
		text_add(t, "%s %s", e->given, e->family);
		widen(t);
	} else
		text_add(t, "%s  %s", e->given, e->family);
}

static void
style_phone(struct crm_rng *g, const struct phone *p, struct text *t)
{
	const char *d = p->digits;
	int s = below(g, 100), a = p->area_len;

	text_clear(t);
	switch (p->kind) {
	case PHONE_NONE:
		return;
	case MOBILE:
		if (s < 35)
			text_add(t, "%s", d);
		else if (s < 47)
			text_add(t, "%.3s %.4s %.4s", d, d + 3, d + 7);
		else if (s < 59)
			text_add(t, "%.3s-%.4s-%.4s", d, d + 3, d + 7);
		else if (s < 67)
			text_add(t, "+86 %.3s %.4s %.4s", d, d + 3, d + 7);
		else if (s < 73)
			text_add(t, "+86%s", d);
		else if (s < 78)
			text_add(t, "0086 %.3s %.4s %.4s", d, d + 3, d + 7);
		else if (s < 81)
			text_add(t, "0086-%s", d);
		else if (s < 84)
			text_add(t, "86-%s", d);
		else if (s < 87)
			text_add(t, "(+86) %.3s-%.4s-%.4s", d, d + 3, d + 7);
		else if (s < 92) {
			text_add(t, "%s", d);
			widen(t);
		} else
			text_add(t, "+86-%.3s-%.4s-%.4s", d, d + 3, d + 7);
		return;
	case LANDLINE:
		if (s < 40)
			text_add(t, "%.*s-%s", a, d, d + a);
		else if (s < 55)
			text_add(t, "(%.*s) %.4s %s", a, d, d + a, d + a + 4);
		else if (s < 65)
			text_add(t, "%.*s %s", a, d, d + a);
		else if (s < 78)
			text_add(t, "+86 %.*s %.4s %s", a - 1, d + 1, d + a,
			    d + a + 4);
		else if (s < 86)
			text_add(t, "0086-%.*s-%s", a - 1, d + 1, d + a);
		else
			text_add(t, "%s", d);
		break;
	case FOREIGN:
		if (s < 45)
			text_add(t, "+%.*s %.4s %s", a, d, d + a, d + a + 4);
		else if (s < 65)
			text_add(t, "00%.*s %s", a, d, d + a);
		else if (s < 85)
			text_add(t, "+%s", d);
		else
			text_add(t, "(+%.*s) %s", a, d, d + a);
		return;
	}
	if (p->ext[0]) {
		static const char *const marks[] = { " 转 ", " ext. ", " ext",
		    "#", " x", " 分机" };

		text_add(t, "%s%s", marks[below(g, NELEM(marks))], p->ext);
	}
}

static void
style_email(struct crm_rng *g, const char *email, struct text *t)
{
	int s = below(g, 100);
	char *at;

	text_clear(t);
	if (email[0] == '\0')
		return;
	text_add(t, "%s", email);
	if (s < 78)
		return;
	if (s < 86)
		capitalize(t->s);
	else if (s < 90) {
		if ((at = strchr(t->s, '@')) != NULL)
			upper(at);
	} else if (s < 93)
		upper(t->s);
	else if (s < 97) {
		memmove(t->s + 1, t->s, t->len + 1);
		t->s[0] = ' ';
		t->len++;
		text_add(t, " ");
	} else
		widen(t);
}

static void
style_company(struct crm_rng *g, const struct version *v, struct text *t)
{
	const struct company *c = &v->e.firm;
	int s = below(g, 3);

	text_clear(t);
	if (v->e.company < 0 || !v->company_shown)
		return;
	if (!c->china) {
		text_add(t, "%s %s %s", western_trades[c->trade],
		    western_lines[c->line], western_forms[c->form][s]);
		if (below(g, 10) == 0)
			upper(t->s);
		return;
	}
	if (c->city_prefix >= 0 && !v->company_no_city && below(g, 10) > 0)
		text_add(t, "%s", cities[c->city_prefix].han);
	text_add(t, "%s%s", cn_trades[c->trade].han, cn_lines[c->line]);
	if (v->company_branch)
		text_add(t, "%s分公司", cities[(c->place.city + 1) %
		    NELEM(cities)].han);
	else
		text_add(t, "%s", below(g, 8) == 0 ? "有限公司" :
		    cn_forms[c->form]);
}

static void
style_address(struct crm_rng *g, const struct place *pl, struct text *t)
{
	int s = below(g, 100);

	text_clear(t);
	if (!pl->known)
		return;
	if (pl->china) {
		const struct city *c = &cities[pl->city];
		struct text number;

		if (s < 55)
			text_add(t, "%s市", c->han);
		else if (s < 65)
			text_add(t, "%s", c->han);
		text_add(t, "%s%s%s", c->districts[pl->district],
		    roads[pl->road], road_kinds[pl->road_kind]);
		text_clear(&number);
		text_add(&number, "%d", pl->number);
		if (below(g, 20) == 0)
			widen(&number);
		text_add(t, "%s号", number.s);
		if (pl->building && s % 5 != 0)
			text_add(t, s % 2 ? "%d栋%d室" : "%d号楼%d", pl->building,
			    pl->room);
		return;
	}
	text_add(t, "%d %s %s", pl->number, street_names[pl->street],
	    street_kinds[pl->street_kind][s % 3]);
	if (pl->room)
		text_add(t, s < 50 ? ", Apt. %d" : s < 80 ? " Apt %d" :
		    ", Apartment %d", pl->room);
}

static void
style_city(struct crm_rng *g, const struct version *v, struct text *t)
{
	text_clear(t);
	if (!v->e.has_city)
		return;
	if (!v->place.china)
		text_add(t, "%s", abroad_cities[v->place.city].city);
	else
		text_add(t, chance(g, 0.3) ? "%s市" : "%s",
		    cities[v->place.city].han);
}

static void
style_postcode(struct crm_rng *g, const struct version *v, struct text *t)
{
	text_clear(t);
	if (!v->e.has_postcode)
		return;
	text_add(t, "%s", v->place.postcode);
	if (below(g, 30) == 0)
		widen(t);
}

static void
style_date(struct crm_rng *g, int32_t day, struct text *t)
{
	int y, m, d, s = below(g, 100);

	text_clear(t);
	if (day == NO_DATE)
		return;
	civil_from_days(day, &y, &m, &d);
	if (s < 80)
		text_add(t, "%04d-%02d-%02d", y, m, d);
	else if (s < 95)
		text_add(t, "%d/%d/%d", y, m, d);
	else
		text_add(t, "%04d%02d%02d", y, m, d);
}

/* Record copy of entity index: its content, then its styles. */
static void
make_record(const struct world *w, uint64_t index, int copy_no,
    const struct entity *e, struct row *r)
{
	struct crm_rng g;
	struct version v;
	uint64_t serial = index * 4 + (uint64_t)copy_no;
	int32_t end = days_from_civil(2026, 11, 22);

	stream_init(&g, w->seed, STREAM_RECORD, serial);
	memset(&v, 0, sizeof(v));
	v.e = *e;
	v.place = e->at_firm ? e->firm.place : e->home;
	v.company_shown = true;
	if (copy_no > 0)
		change_content(w, &g, serial + 50000000, &v);
	style_name(&g, &v, &r->name);
	style_phone(&g, &v.e.phone, &r->phone);
	style_email(&g, v.e.email, &r->email);
	style_company(&g, &v, &r->company);
	style_address(&g, &v.place, &r->address);
	style_city(&g, &v, &r->city);
	style_postcode(&g, &v, &r->postcode);
	style_date(&g, v.e.birthday, &r->birthday);
	style_date(&g, chance(&g, 0.9) ? end - below(&g, 1096) : NO_DATE,
	    &r->activity);
}

/* ---------------------------------------------------------------------
 * Output
 */

static void
put_field(FILE *f, const struct text *t, bool last)
{
	bool quote = t->len > 0 && (strpbrk(t->s, ",\"\n\r") != NULL ||
	    t->s[0] == ' ' || t->s[t->len - 1] == ' ');
	size_t i;

	if (quote) {
		putc('"', f);
		for (i = 0; i < t->len; i++) {
			if (t->s[i] == '"')
				putc('"', f);
			putc(t->s[i], f);
		}
		putc('"', f);
	} else
		fwrite(t->s, 1, t->len, f);
	putc(last ? '\n' : ',', f);
}

static void
put_row(FILE *f, uint64_t number, const struct row *r)
{
	fprintf(f, "P%07llu,", (unsigned long long)number);
	put_field(f, &r->name, false);
	put_field(f, &r->phone, false);
	put_field(f, &r->email, false);
	put_field(f, &r->company, false);
	put_field(f, &r->address, false);
	put_field(f, &r->city, false);
	put_field(f, &r->postcode, false);
	put_field(f, &r->birthday, false);
	put_field(f, &r->activity, true);
}

/* The records: entity << 2 | copy, as many as asked, then shuffled. */
static uint64_t *
plan_records(struct world *w, uint64_t n)
{
	uint64_t *plan = xreallocarray(NULL, n ? n : 1, sizeof(*plan));
	uint64_t made = 0, index, i, j, t;
	struct entity *e = xmalloc(sizeof(*e));
	struct crm_rng g;
	int k;

	w->ncompanies = n / 12 + 1;
	for (index = 0; made < n; index++) {
		make_entity(w, index, e);
		for (k = 0; k < e->records && made < n; k++)
			plan[made++] = index << 2 | (uint64_t)k;
	}
	w->nentities = index;
	stream_init(&g, w->seed, STREAM_ORDER, 0);
	for (i = n; i > 1; i--) {
		j = crm_rng_index(&g, i);
		t = plan[i - 1];
		plan[i - 1] = plan[j];
		plan[j] = t;
	}
	free(e);
	return plan;
}

static FILE *
open_output(const char *path)
{
	FILE *f = path ? fopen(path, "w") : stdout;

	if (f == NULL)
		die("%s: cannot write", path);
	return f;
}

static void
close_output(FILE *f, const char *path)
{
	if (ferror(f) | (f == stdout ? fflush(f) : fclose(f)))
		die("%s: write error", path ? path : "stdout");
}

static void
generate(const struct settings *set)
{
	struct world w = { set->seed, 0, 0 };
	uint64_t *plan = plan_records(&w, set->records), i;
	FILE *out = open_output(set->output);
	FILE *truth = set->truth ? open_output(set->truth) : NULL;
	struct entity *e = xmalloc(sizeof(*e));
	struct row *r = xmalloc(sizeof(*r));

	fputs("customer_id,name,phone,email,company,address,city,postcode,"
	    "birthday,last_activity\n", out);
	if (truth)
		fputs("customer_id,entity_id\n", truth);
	for (i = 0; i < set->records; i++) {
		make_entity(&w, plan[i] >> 2, e);
		make_record(&w, plan[i] >> 2, (int)(plan[i] & 3), e, r);
		put_row(out, i + 1, r);
		if (truth)
			fprintf(truth, "P%07llu,E%07llu\n",
			    (unsigned long long)(i + 1),
			    (unsigned long long)(plan[i] >> 2) + 1);
	}
	close_output(out, set->output);
	if (truth)
		close_output(truth, set->truth);
	free(plan);
	free(e);
	free(r);
}

static const char usage_text[] =
	"Usage: gen-people [options]\n"
	"Write a customer master with known duplicates (Chinese and Western\n"
	"people, some at companies), the same bytes for the same options.\n"
	"\n"
	"      --records N    records (default 100000)\n"
	"      --seed N       random seed (default 1)\n"
	"      --truth FILE   write customer_id,entity_id: who each record is\n"
	"  -o, --output FILE  write FILE instead of stdout\n"
	"  -h, --help         show this help and exit\n";

static uint64_t
parse_count(const char *option, const char *arg, uint64_t min, uint64_t max)
{
	char *end;
	unsigned long long n = strtoull(arg, &end, 10);

	if (*arg == '\0' || *arg == '-' || *end != '\0' || n < min || n > max)
		die_usage("%s: expected a whole number from %llu to %llu, "
		    "got '%s'", option, (unsigned long long)min,
		    (unsigned long long)max, arg);
	return n;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "records", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "truth", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct settings set = { 100000, 1, NULL, NULL };
	int c;

	setprogname(argv[0]);
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			set.records = parse_count("--records", optarg, 0,
			    9999999);
			break;
		case 's':
			set.seed = parse_count("--seed", optarg, 0, UINT32_MAX);
			break;
		case 't': set.truth = optarg; break;
		case 'o': set.output = optarg; break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			die_usage("unknown option");
		}
	}
	if (optind < argc)
		die_usage("unexpected argument '%s'", argv[optind]);
	generate(&set);
	return 0;
}
