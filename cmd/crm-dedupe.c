/*
 * crm-dedupe: clean a customer file: normalized contact fields, invalid
 * and stale records flagged, and duplicates found by blocking and
 * Fellegi-Sunter scoring, as clusters, merged records or audited pairs.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cli.h"
#include "clusters.h"
#include "columns.h"
#include "date.h"
#include "input.h"
#include "linkage.h"
#include "matchspec.h"
#include "num.h"
#include "params.h"
#include "spool.h"
#include "util.h"
#include "workers.h"
#include "writer.h"

enum {
	OPT_ID = 256, OPT_FIELDS, OPT_BLOCK, OPT_MAX_BLOCK, OPT_THRESHOLD,
	OPT_WEIGHTS, OPT_SAVE_WEIGHTS, OPT_SEED, OPT_U_PAIRS, OPT_NO_TF,
	OPT_PAIRS, OPT_MERGE, OPT_SURVIVOR, OPT_PREFER, OPT_KEYMAP, OPT_DATE,
	OPT_STALE_DAYS, OPT_DROP_INVALID
};

static const struct option longopts[] = {
	{ "id", required_argument, NULL, OPT_ID },
	{ "fields", required_argument, NULL, OPT_FIELDS },
	{ "block", required_argument, NULL, OPT_BLOCK },
	{ "max-block", required_argument, NULL, OPT_MAX_BLOCK },
	{ "threshold", required_argument, NULL, OPT_THRESHOLD },
	{ "weights", required_argument, NULL, OPT_WEIGHTS },
	{ "save-weights", required_argument, NULL, OPT_SAVE_WEIGHTS },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "u-pairs", required_argument, NULL, OPT_U_PAIRS },
	{ "no-tf", no_argument, NULL, OPT_NO_TF },
	{ "pairs", no_argument, NULL, OPT_PAIRS },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "survivor", required_argument, NULL, OPT_SURVIVOR },
	{ "prefer", required_argument, NULL, OPT_PREFER },
	{ "keymap", required_argument, NULL, OPT_KEYMAP },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "stale-days", required_argument, NULL, OPT_STALE_DAYS },
	{ "drop-invalid", no_argument, NULL, OPT_DROP_INVALID },
	{ NULL, 0, NULL, 0 }
};

static const struct tool_spec spec = {
	"crm-dedupe [options] [file ...]",
	"Normalize the contact fields of customer records, flag invalid and\n"
	"stale ones, and find duplicates: every record with its cluster_id\n"
	"and match_probability, one survivor per cluster (--merge), or the\n"
	"scored candidate pairs (--pairs).",
	"      --id COL             the record id (default: customer_id or an"
	" alias)\n"
	"      --fields LIST        fields to compare, e.g. name,phone=手机号码,"
	"email:\n"
	"                           kinds name, phone, email, company,"
	" address,\n"
	"                           postcode, city, birthday (KIND or"
	" KIND=COL), or\n"
	"                           other columns compared as text (default:"
	" every\n"
	"                           kind whose column is found)\n"
	"      --block RULE         a blocking rule: keys joined by commas, e.g."
	"\n"
	"                           'surname[:3],postcode'; repeat for more"
	" rules\n"
	"                           (default: phone; email; name with"
	" birthday,\n"
	"                           postcode or city; company)\n"
	"      --max-block N        leave out blocks of more than N records"
	" (default\n"
	"                           1000), naming them\n"
	"      --threshold P        match probability from which two records"
	" are one\n"
	"                           (default 0.6)\n"
	"      --weights FILE       score with the model in FILE instead of"
	" estimating it\n"
	"      --save-weights FILE  save the estimated model to FILE\n"
	"      --seed N             seed of the random pairs behind u (default"
	" 1)\n"
	"      --u-pairs N          random pairs compared to estimate u"
	" (default\n"
	"                           1000000)\n"
	"      --no-tf              no term-frequency adjustment of exact"
	" agreements\n"
	"      --pairs              write the candidate pairs, field by field,"
	" instead\n"
	"                           of the records\n"
	"      --merge              write one record per cluster, with"
	" merged_ids\n"
	"      --survivor RULE      which record of a cluster stays: complete"
	" (most\n"
	"                           fields filled, the default) or recent"
	" (latest\n"
	"                           --date)\n"
	"      --prefer COL         the survivor has the highest COL; the"
	" rule breaks ties\n"
	"      --keymap FILE        write old_id,new_id for every record to"
	" FILE\n"
	"      --date COL           the last-activity date (default:"
	" last_activity or\n"
	"                           an alias)\n"
	"      --stale-days N       flag records without activity in the last"
	" N days\n"
	"      --drop-invalid       send records without a valid phone or"
	" e-mail to\n"
	"                           --rejects\n",
	"",
	longopts,
	CLI_AS_OF | CLI_REJECTS | CLI_DATE_FORMAT | CLI_PRECISION | CLI_CSV_OUT
};

enum survivor_rule { SURVIVE_COMPLETE, SURVIVE_RECENT };

struct options {
	const char *id, *fields, *weights, *save_weights, *prefer, *keymap;
	const char *date;
	const char *block[BLOCK_MAX_RULES];
	size_t nblocks;
	size_t max_block, u_pairs;
	double threshold;
	uint64_t seed;
	bool no_tf, pairs, merge, drop_invalid;
	enum survivor_rule survivor;
	long stale_days;	/* -1: no staleness */
};

struct dedupe {
	struct options opt;
	struct common_options *common;
	struct input *in;
	const struct record *header;
	long id_col, date_col, prefer_col;
	struct matchspec ms;
	struct textbuf norm[FS_MAX_FIELDS], suggestion;
	struct linkage lk;
	struct spool *spool;
	/* per record */
	char **id;
	char **prefer;
	int32_t *activity;	/* INT32_MIN: none */
	uint16_t *filled;
	struct arena text;
	size_t cap;		/* of the per-record arrays */
	struct clusters cl;
	size_t capped;		/* blocks left out */
	int nthreads;
	bool places;		/* some field says where (KIND_PLACE) */
};

static void
parse_options(struct cli *cli, struct options *o)
{
	static const char *const rules[] = { "complete", "recent", NULL };
	int opt;

	memset(o, 0, sizeof(*o));
	o->max_block = 1000;
	o->u_pairs = 1000000;
	o->threshold = 0.6;
	o->seed = 1;
	o->stale_days = -1;
	while ((opt = cli_next(cli)) != -1) {
		switch (opt) {
		case OPT_ID: o->id = cli->arg; break;
		case OPT_FIELDS: o->fields = cli->arg; break;
		case OPT_BLOCK:
			if (o->nblocks == BLOCK_MAX_RULES)
				die_usage("--block: at most %d rules",
				    BLOCK_MAX_RULES);
			o->block[o->nblocks++] = cli->arg;
			break;
		case OPT_MAX_BLOCK: o->max_block = (size_t)cli_long(
		    "--max-block", cli->arg, 2, 100000000); break;
		case OPT_THRESHOLD: o->threshold = cli_double("--threshold",
		    cli->arg, 0, 1); break;
		case OPT_WEIGHTS: o->weights = cli->arg; break;
		case OPT_SAVE_WEIGHTS: o->save_weights = cli->arg; break;
		case OPT_SEED: o->seed = (uint64_t)cli_long("--seed", cli->arg,
		    0, 0x7fffffffL); break;
		case OPT_U_PAIRS: o->u_pairs = (size_t)cli_long("--u-pairs",
		    cli->arg, 1000, 100000000); break;
		case OPT_NO_TF: o->no_tf = true; break;
		case OPT_PAIRS: o->pairs = true; break;
		case OPT_MERGE: o->merge = true; break;
		case OPT_SURVIVOR: o->survivor = (enum survivor_rule)
		    cli_choice("--survivor", cli->arg, rules); break;
		case OPT_PREFER: o->prefer = cli->arg; break;
		case OPT_KEYMAP: o->keymap = cli->arg; break;
		case OPT_DATE: o->date = cli->arg; break;
		case OPT_STALE_DAYS: o->stale_days = cli_long("--stale-days",
		    cli->arg, 0, 1000000); break;
		case OPT_DROP_INVALID: o->drop_invalid = true; break;
		default: die_usage("invalid option");
		}
	}
	if (o->pairs && o->merge)
		die_usage("--pairs and --merge: choose one output");
	if (o->weights && o->save_weights)
		die_usage("--weights and --save-weights: a loaded model is "
		    "saved already");
	if (o->drop_invalid && cli->common.rejects == NULL)
		die_usage("--drop-invalid needs --rejects FILE for the dropped "
		    "records");
}

static void
setup(struct dedupe *d)
{
	bool need_date = d->opt.stale_days >= 0 ||
	    d->opt.survivor == SURVIVE_RECENT;

	d->header = input_header(d->in);
	d->id_col = column_find(d->header, "customer_id", d->opt.id, true);
	matchspec_init(&d->ms, d->header, d->opt.fields, d->opt.block,
	    d->opt.nblocks);
	d->date_col = column_find(d->header, "last_activity", d->opt.date,
	    need_date);
	d->prefer_col = d->opt.prefer ? column_require(d->header,
	    d->opt.prefer) : COLUMN_NONE;
	linkage_init(&d->lk, d->ms.nfields, d->ms.kind, d->ms.nrules,
	    d->ms.rule_fields);
	d->lk.tf = !d->opt.no_tf;
	for (size_t k = 0; k < d->ms.nfields; k++)
		d->places |= kind_info(d->ms.kind[k])->group == KIND_PLACE;
	arena_init(&d->text, 1 << 20);
}

/* Reading */

/* Normalize rec's fields; false (and rejected) if it cannot be used. */
static bool
normalize_record(struct dedupe *d, const struct record *rec)
{
	enum validity v;
	size_t k, filled = 0;
	bool contact = false;

	for (k = 0; k < d->ms.nfields; k++) {
		const struct field *f = &rec->fields[d->ms.col[k]];

		v = normalize_value(d->ms.kind[k], f->s, f->len, &d->norm[k],
		    &d->suggestion);
		filled += d->norm[k].len > 0;
		contact |= (d->ms.kind[k] == KIND_PHONE || d->ms.kind[k] ==
		    KIND_EMAIL) && v == VALID_YES;
	}
	if (filled == 0) {
		input_reject(d->in, rec, "every compared field is empty (%s%s)",
		    d->ms.fname[0], d->ms.nfields > 1 ? ", ..." : "");
		return false;
	}
	if (d->opt.drop_invalid && !contact) {
		input_reject(d->in, rec, "no valid phone or e-mail");
		return false;
	}
	return true;
}

static void
grow_arrays(struct dedupe *d, size_t n)
{
	if (n < d->cap)
		return;
	d->cap = grow_capacity(d->cap, n + 1);
	d->id = xreallocarray(d->id, d->cap, sizeof(*d->id));
	d->activity = xreallocarray(d->activity, d->cap, sizeof(*d->activity));
	d->filled = xreallocarray(d->filled, d->cap, sizeof(*d->filled));
	if (d->prefer_col != COLUMN_NONE)
		d->prefer = xreallocarray(d->prefer, d->cap,
		    sizeof(*d->prefer));
}

static void
keep_record(struct dedupe *d, const struct record *rec)
{
	struct field values[FS_MAX_FIELDS];
	uint64_t keys[BLOCK_MAX_RULES];
	const struct field *f;
	size_t k, i = d->lk.n, filled = 0;

	matchspec_keys(&d->ms, d->norm, rec, keys);
	for (k = 0; k < d->ms.nfields; k++) {
		values[k].s = d->norm[k].s;
		values[k].len = d->norm[k].len;
	}
	linkage_add(&d->lk, values, keys);
	grow_arrays(d, i);
	f = &rec->fields[d->id_col];
	d->id[i] = arena_strndup(&d->text, f->s, f->len);
	for (k = 0; k < rec->nfields; k++)
		filled += rec->fields[k].len > 0;
	d->filled[i] = (uint16_t)(filled < 65535 ? filled : 65535);
	d->activity[i] = INT32_MIN;
	if (d->prefer_col != COLUMN_NONE) {
		f = &rec->fields[d->prefer_col];
		d->prefer[i] = arena_strndup(&d->text, f->s, f->len);
	}
	spool_put(d->spool, rec);
}

static void
read_records(struct dedupe *d)
{
	const struct record *rec;

	d->spool = spool_open();
	while ((rec = input_next(d->in)) != NULL) {
		int32_t day = INT32_MIN;

		if (d->date_col != COLUMN_NONE &&
		    rec->fields[d->date_col].len > 0 && !input_date(d->in, rec,
		    d->date_col, d->common->date_format, &day))
			continue;
		if (!normalize_record(d, rec))
			continue;
		keep_record(d, rec);
		d->activity[d->lk.n - 1] = day;
	}
	spool_rewind(d->spool);
}

/* The model */

static void
train(struct dedupe *d)
{
	struct linkage_options opt = { d->opt.seed, d->opt.u_pairs,
	    d->nthreads };
	struct linkage_report rep;
	int status = linkage_train(&d->lk, &opt, &rep);
	char sample[64] = "";
	size_t k;

	if (status != CRM_MODEL_OK)
		die("the model could not be estimated (%s); give --weights or "
		    "other --block rules", status == CRM_MODEL_EDEGENERATE ?
		    "too few candidate pairs" : "EM failed");
	if (!rep.converged)
		warnmsg("EM did not converge in %d iterations; the weights "
		    "are those of the last", rep.iterations);
	for (k = 0; k < d->ms.nfields && !d->common->quiet; k++)
		if (rep.pooled >> k & 1)
			warnmsg("every blocking rule uses %s: its m is estimated "
			    "on all candidate pairs together", d->ms.fname[k]);
	if (d->common->quiet)
		return;
	if (rep.stride > 1)
		snprintf(sample, sizeof(sample), " (those of 1 record in %llu)",
		    (unsigned long long)rep.stride);
	warnmsg("EM: %d runs, %d iterations on %llu candidate pairs%s; "
	    "prior match weight %.2f", rep.sessions, rep.iterations,
	    (unsigned long long)rep.trained, sample,
	    fs_prior_weight(d->lk.model.lambda));
}

/* A block over --max-block: named by its keys, with a way out. */
static void
on_capped(void *ctx, size_t rule, size_t record, size_t size)
{
	struct dedupe *d = ctx;
	char what[512];
	size_t k, len;
	const char *v;

	if (d->capped++ >= 5)
		return;
	for (k = 0; k < d->ms.nfields; k++) {
		v = linkage_value(&d->lk, record, k, &len);
		norm_fold(v, len, &d->norm[k]);
	}
	matchspec_describe(&d->ms, rule, d->norm, d->id[record], what,
	    sizeof(what));
	warnmsg("block %s of rule '%s' has %zu records, more than "
	    "--max-block %zu: its pairs are not compared; refine the rule "
	    "with another key (--block '%s,surname') or raise --max-block",
	    what, d->ms.rules[rule].spec, size, d->opt.max_block,
	    d->ms.rules[rule].spec);
}

/* Output */

static void
put_rounded(struct writer *w, double x, double scale)
{
	if (writer_options(w)->precision < 0)
		x = round(x * scale) / scale;
	writer_number(w, x + 0.0);
}

static void
format_pair(void *ctx, struct writer *w, const struct pair_score *p)
{
	const struct dedupe *d = ctx;
	size_t k, len;
	const char *v;

	writer_string(w, d->id[p->i]);
	writer_string(w, d->id[p->j]);
	writer_string(w, d->ms.rules[p->rule].spec);
	for (k = 0; k < d->ms.nfields; k++) {
		v = linkage_value(&d->lk, p->i, k, &len);
		writer_text(w, v, len);
		v = linkage_value(&d->lk, p->j, k, &len);
		writer_text(w, v, len);
		writer_string(w, kind_info(d->ms.kind[k])->labels[p->level[k]]);
		put_rounded(w, p->weight[k], 1e4);
	}
	if (d->places)
		put_rounded(w, fs_group_weight(&d->lk.model, p->weight, NULL,
		    KIND_PLACE), 1e4);
	put_rounded(w, p->prior, 1e4);
	put_rounded(w, p->match_weight, 1e4);
	put_rounded(w, p->probability, 1e6);
	writer_end(w);
}

static void
write_named(struct writer *w, const char *a, const char *b)
{
	char name[512];

	snprintf(name, sizeof(name), "%s%s", a, b);
	writer_string(w, name);
}

static void
write_header(const struct dedupe *d, struct writer *w)
{
	size_t k;

	if (d->opt.pairs) {
		writer_string(w, "id_1");
		writer_string(w, "id_2");
		writer_string(w, "rule");
		for (k = 0; k < d->ms.nfields; k++) {
			write_named(w, d->ms.fname[k], "_1");
			write_named(w, d->ms.fname[k], "_2");
			write_named(w, d->ms.fname[k], "_level");
			write_named(w, d->ms.fname[k], "_weight");
		}
		if (d->places)
			writer_string(w, "place_weight");
		writer_string(w, "prior_weight");
		writer_string(w, "match_weight");
		writer_string(w, "match_probability");
		writer_end(w);
		return;
	}
	writer_fields(w, d->header);
	for (k = 0; k < d->ms.nfields; k++)
		if (d->ms.kind[k] != KIND_DATE)
			write_named(w, d->ms.fname[k], "_norm");
	if (d->ms.phone >= 0)
		writer_string(w, "phone_valid");
	if (d->ms.email >= 0) {
		writer_string(w, "email_valid");
		writer_string(w, "email_suggestion");
	}
	if (d->opt.stale_days >= 0)
		writer_string(w, "stale");
	writer_string(w, "cluster_id");
	writer_string(w, "cluster_size");
	writer_string(w, "match_probability");
	if (d->opt.merge)
		writer_string(w, "merged_ids");
	writer_end(w);
}

/* Which of two records of a cluster survives: true if a is the better. */
static int
compare_prefer(const char *a, const char *b)
{
	double x, y;
	int32_t dx, dy;

	if (*a == '\0' || *b == '\0')
		return (*a != '\0') - (*b != '\0');
	if (number_parse(a, strlen(a), '.', &x) == NUM_OK &&
	    number_parse(b, strlen(b), '.', &y) == NUM_OK)
		return (x > y) - (x < y);
	if (date_parse(a, strlen(a), NULL, &dx) == DATE_OK &&
	    date_parse(b, strlen(b), NULL, &dy) == DATE_OK)
		return (dx > dy) - (dx < dy);
	return strcmp(a, b);
}

static bool
better(void *ctx, uint32_t a, uint32_t b)
{
	const struct dedupe *d = ctx;
	int c;

	if (d->prefer && (c = compare_prefer(d->prefer[a], d->prefer[b])))
		return c > 0;
	if (d->opt.survivor == SURVIVE_RECENT &&
	    d->activity[a] != d->activity[b])
		return d->activity[a] > d->activity[b];
	if (d->filled[a] != d->filled[b])
		return d->filled[a] > d->filled[b];
	if (d->activity[a] != d->activity[b])
		return d->activity[a] > d->activity[b];
	return a < b;
}

static void
write_validity(struct writer *w, enum validity v)
{
	writer_string(w, v == VALID_YES ? "1" : v == VALID_NO ? "0" : "");
}

static void
write_contacts(struct dedupe *d, struct writer *w, const struct record *rec)
{
	const struct field *f;
	enum validity v;

	if (d->ms.phone >= 0) {
		f = &rec->fields[d->ms.col[d->ms.phone]];
		write_validity(w, norm_phone(f->s, f->len, &d->norm[0]));
	}
	if (d->ms.email >= 0) {
		f = &rec->fields[d->ms.col[d->ms.email]];
		v = norm_email(f->s, f->len, &d->norm[0], &d->suggestion);
		write_validity(w, v);
		writer_text(w, d->suggestion.s, d->suggestion.len);
	}
}

/* The ids of the other members of keep's cluster, in input order. */
static void
write_merged(const struct dedupe *d, struct writer *w, uint32_t keep)
{
	size_t at = 0, len;
	char *ids = NULL;
	uint32_t m;

	for (m = d->cl.first[keep]; m != UINT32_MAX; m = d->cl.next[m]) {
		if (m == keep)
			continue;
		len = strlen(d->id[m]);
		ids = xrealloc(ids, at + len + 2);
		if (at > 0)
			ids[at++] = ';';
		memcpy(ids + at, d->id[m], len);
		at += len;
	}
	writer_text(w, ids ? ids : "", at);
	free(ids);
}

static void
write_records(struct dedupe *d, struct writer *w)
{
	const struct record *rec;
	size_t i = 0, k, len;
	uint32_t keep;
	double p;
	const char *v;

	while ((rec = spool_next(d->spool)) != NULL) {
		keep = d->cl.keep[i];
		if (d->opt.merge && keep != i) {
			i++;
			continue;
		}
		writer_fields(w, rec);
		for (k = 0; k < d->ms.nfields; k++)
			if (d->ms.kind[k] != KIND_DATE) {
				v = linkage_value(&d->lk, i, k, &len);
				writer_text(w, v, len);
			}
		write_contacts(d, w, rec);
		if (d->opt.stale_days >= 0)
			writer_string(w, d->activity[i] == INT32_MIN ||
			    d->common->as_of - d->activity[i] >
			    d->opt.stale_days ? "1" : "0");
		writer_string(w, d->id[keep]);
		writer_int(w, d->cl.size[keep]);
		if (linkage_best(&d->lk, i, &p))
			put_rounded(w, p, 1e6);
		else
			writer_empty(w);
		if (d->opt.merge)
			write_merged(d, w, keep);
		writer_end(w);
		i++;
	}
}

static void
write_keymap(const struct dedupe *d, const char *path)
{
	struct out_options plain = { ',', false, false, -1 };
	struct writer *w = writer_open(path, &plain);
	size_t i;

	writer_string(w, "old_id");
	writer_string(w, "new_id");
	writer_end(w);
	for (i = 0; i < d->lk.n; i++) {
		writer_string(w, d->id[i]);
		writer_string(w, d->id[d->cl.keep[i]]);
		writer_end(w);
	}
	writer_close(w);
}

static void
report(const struct dedupe *d)
{
	size_t i, clusters = 0, members = 0;

	if (d->capped > 5)
		warnmsg("%zu blocks in all were over --max-block", d->capped);
	if (d->common->quiet)
		return;
	for (i = 0; i < d->lk.n; i++)
		if (d->cl.keep[i] == i && d->cl.size[i] > 1) {
			clusters++;
			members += d->cl.size[i];
		}
	warnmsg("%zu records, %llu candidate pairs from %zu rules, %llu "
	    "matched at %g: %zu clusters of duplicates hold %zu records",
	    d->lk.n, (unsigned long long)d->lk.candidates, d->ms.nrules,
	    (unsigned long long)d->lk.matched, d->opt.threshold, clusters,
	    members);
}

static void
cleanup(struct dedupe *d)
{
	size_t k;

	for (k = 0; k < d->ms.nfields; k++)
		textbuf_free(&d->norm[k]);
	matchspec_free(&d->ms);
	textbuf_free(&d->suggestion);
	linkage_free(&d->lk);
	spool_close(d->spool);
	arena_free(&d->text);
	free(d->id);
	free(d->prefer);
	free(d->activity);
	free(d->filled);
	clusters_free(&d->cl);
}

int
main(int argc, char **argv)
{
	struct cli cli;
	struct dedupe d;
	struct writer *out;

	memset(&d, 0, sizeof(d));
	cli_begin(&cli, argc, argv, &spec);
	parse_options(&cli, &d.opt);
	d.common = &cli.common;
	d.nthreads = workers_cpus(4);
	d.in = input_open(&cli.common, cli.files, cli.nfiles);
	setup(&d);
	out = writer_open(cli.common.output, &cli.common.out);
	write_header(&d, out);
	read_records(&d);
	linkage_block(&d.lk, d.opt.max_block, on_capped, &d);
	if (d.opt.weights)
		linkage_load_model(&d.lk, d.ms.fname, d.opt.weights);
	else
		train(&d);
	if (d.opt.save_weights)
		linkage_save_model(&d.lk, d.ms.fname, d.opt.save_weights);
	linkage_score(&d.lk, d.opt.threshold, d.nthreads, d.opt.pairs ? out :
	    NULL, format_pair, &d);
	clusters_make(&d.cl, &d.lk.uf, better, &d);
	if (!d.opt.pairs)
		write_records(&d, out);
	if (d.opt.keymap)
		write_keymap(&d, d.opt.keymap);
	report(&d);
	input_close(d.in);
	writer_close(out);
	cleanup(&d);
	cli_end(&cli);
	return 0;
}
