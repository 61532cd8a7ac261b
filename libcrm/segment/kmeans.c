/*
 * kmeans.c: clusters as segments (--kmeans K or auto): the columns of
 * --cols become z-scores (after log(1 + x) with --log) so that no unit
 * outweighs another, model/kmeans.c clusters them (numbered by size), and
 * --centroids writes each cluster's size, within-cluster sum of squares
 * and mean of each column in the column's own units.
 */
#include "segment.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "model/kmeans.h"
#include "stats.h"
#include "text.h"
#include "util.h"
#include "writer.h"

/* --kmeans auto tries these K, scored on a sample of this many rows. */
enum { KMIN = 2, KMAX = 10, SILHOUETTE_SAMPLE = 2000 };

struct kmeans {
	double *values;		/* each kept row's columns, as read */
	size_t cap, nrows;
	double *features;	/* the same, as k-means sees them */
	struct crm_kmeans_result km;
	double score[KMAX + 1];	/* --kmeans auto: each K's silhouette */
};

/* Clusters "1".."k", or the names --labels gives them. */
static void
define_clusters(struct segment *s, int k)
{
	char **names = xreallocarray(NULL, (size_t)k, sizeof(*names));
	int i;

	for (i = 0; i < k; i++) {
		names[i] = xmalloc(16);
		snprintf(names[i], 16, "%d", i + 1);
	}
	segment_define_classes(s, (const char *const *)names, (size_t)k);
	free_strings(names, (size_t)k);
}

/* With auto, the clusters are known only once K is chosen. */
static void
define_kmeans(struct segment *s)
{
	s->state = xcalloc(1, sizeof(struct kmeans));
	if (s->opt->kmeans.k != SEGMENT_AUTO_K)
		define_clusters(s, s->opt->kmeans.k);
}

static void
bind_kmeans(struct segment *s)
{
	segment_require_columns(s, s->opt->kmeans.cols);
}

static bool
kmeans_row(struct segment *s, const struct record *rec, size_t row,
    unsigned *class)
{
	struct kmeans *km = s->state;
	double *v;
	size_t j;

	(void)class;
	km->values = segment_grow(km->values, &km->cap, row, s->ncols *
	    sizeof(double));
	v = km->values + row * s->ncols;
	for (j = 0; j < s->ncols; j++) {
		if (!input_number(s->in, rec, s->cols[j], s->common->decimal,
		    &v[j]))
			return false;
		if (s->opt->kmeans.log && v[j] < 0)
			return segment_reject_negative(s, rec, s->cols[j],
			    "--log");
	}
	return true;
}

/* The features: log(1 + x) if asked, then z-scores; a constant is 0. */
static void
standardize(struct segment *s, size_t n)
{
	struct kmeans *km = s->state;
	size_t i, j, d = s->ncols;
	double *v, m, sd;

	v = km->features = xreallocarray(NULL, n * d, sizeof(double));
	for (i = 0; i < n * d; i++)
		v[i] = s->opt->kmeans.log ? log1p(km->values[i]) :
		    km->values[i];
	for (j = 0; j < d; j++) {
		m = mean_strided(v + j, n, d);
		sd = sd_strided(v + j, n, d, m);
		if (!isfinite(sd))
			die("%s: values too large to cluster",
			    s->header->fields[s->cols[j]].s);
		for (i = 0; i < n; i++)
			v[i * d + j] = sd > 0 ? (v[i * d + j] - m) / sd : 0;
	}
}

static void
kmeans_progress(int k, int start, int iterations, double wss, void *ctx)
{
	const struct segment *s = ctx;

	warnmsg("k-means, K=%d: start %d of %d, %d iterations, WSS %.6g", k,
	    start, s->opt->kmeans.restarts, iterations, wss);
}

static _Noreturn void
kmeans_failed(int status, int k)
{
	if (status == CRM_MODEL_EDEGENERATE && k == SEGMENT_AUTO_K)
		die("--kmeans auto: fewer than 3 distinct customers");
	if (status == CRM_MODEL_EDEGENERATE)
		die("--kmeans %d: fewer distinct customers than clusters", k);
	die("k-means: %s", status == CRM_MODEL_ENOMEM ? "out of memory" :
	    "cannot cluster these values");
}

static void
note_auto_k(const struct segment *s, int k)
{
	const struct kmeans *km = s->state;
	char list[512];
	size_t n = 0;
	int i;

	for (i = KMIN; i <= KMAX && n < sizeof(list) - 32; i++)
		if (km->score[i] != 0)
			n += (size_t)snprintf(list + n, sizeof(list) - n,
			    "%s%d: %.3f", n ? ", " : "", i, km->score[i]);
	if (!s->common->quiet)
		warnmsg("k-means: K=%d has the highest mean silhouette (%s)",
		    k, list);
}

/* Cluster the features of n rows; the K used. */
static int
run_kmeans(struct segment *s, size_t n)
{
	struct kmeans *km = s->state;
	struct crm_kmeans_options opt = { s->opt->kmeans.k,
		s->opt->kmeans.restarts, 0, s->opt->kmeans.seed, NULL, s };
	int k = s->opt->kmeans.k, status;
	size_t kmax = k == SEGMENT_AUTO_K ? KMAX : (size_t)k;

	if (s->common->in.progress)
		opt.progress = kmeans_progress;
	km->km.label = xreallocarray(NULL, n, sizeof(int));
	km->km.centroid = xcalloc(kmax * s->ncols, sizeof(double));
	km->km.withinss = xcalloc(kmax, sizeof(double));
	km->km.size = xcalloc(kmax, sizeof(size_t));
	if (k == SEGMENT_AUTO_K) {
		status = crm_kmeans_auto(km->features, n, s->ncols, KMIN, KMAX,
		    &opt, SILHOUETTE_SAMPLE, &km->km, &k, km->score);
		if (status == CRM_MODEL_OK)
			note_auto_k(s, k);
	} else
		status = crm_kmeans(km->features, n, s->ncols, &opt, &km->km);
	if (status != CRM_MODEL_OK)
		kmeans_failed(status, s->opt->kmeans.k);
	if (!km->km.converged && !s->common->quiet)
		warnmsg("k-means did not settle in 300 iterations; the best "
		    "start is used as it stands");
	return k;
}

static void
kmeans_decide(struct segment *s, unsigned *class, size_t n)
{
	struct kmeans *km = s->state;
	int k = s->opt->kmeans.k;
	size_t i;

	km->nrows = n;
	if (k == SEGMENT_AUTO_K && n < 3 && n > 0)
		die("--kmeans auto needs at least 3 rows; the input has %zu",
		    n);
	if (k != SEGMENT_AUTO_K && (size_t)k > n && n > 0)
		die("--kmeans %d: more clusters than rows (%zu)", k, n);
	if (n == 0)
		return;
	standardize(s, n);
	k = run_kmeans(s, n);
	if (s->opt->kmeans.k == SEGMENT_AUTO_K)
		define_clusters(s, k);
	for (i = 0; i < n; i++)
		class[i] = (unsigned)km->km.label[i];
}

/* Each cluster's mean of each column, in the column's own units. */
static double *
cluster_means(const struct segment *s)
{
	const struct kmeans *km = s->state;
	size_t d = s->ncols, k = s->classes.nclasses, i, j;
	double *sum = xcalloc(k * d + 1, sizeof(double));

	for (i = 0; i < km->nrows; i++)
		for (j = 0; j < d; j++)
			sum[(size_t)km->km.label[i] * d + j] +=
			    km->values[i * d + j];
	for (i = 0; i < k; i++)
		for (j = 0; j < d; j++) {
			if (!isfinite(sum[i * d + j]))
				die("%s: values too large to sum",
				    s->header->fields[s->cols[j]].s);
			if (km->km.size[i] > 0)
				sum[i * d + j] /= (double)km->km.size[i];
		}
	return sum;
}

static void
write_centroids(struct segment *s)
{
	const struct kmeans *km = s->state;
	struct writer *w;
	size_t i, j, d = s->ncols;
	double *centroid;

	if (s->opt->kmeans.centroids == NULL)
		return;
	w = writer_open(s->opt->kmeans.centroids, &s->common->out);
	centroid = km->nrows ? cluster_means(s) : NULL;
	writer_string(w, s->opt->name);
	writer_string(w, "size");
	writer_string(w, "withinss");
	for (j = 0; j < d; j++)
		writer_string(w, s->header->fields[s->cols[j]].s);
	writer_end(w);
	for (i = 0; km->nrows > 0 && i < s->classes.nclasses; i++) {
		writer_string(w, segment_class_label(&s->classes, (unsigned)i));
		writer_int(w, (long long)km->km.size[i]);
		writer_number(w, km->km.withinss[i]);
		for (j = 0; j < d; j++)
			if (km->km.size[i] > 0)
				writer_number(w, centroid[i * d + j]);
			else
				writer_empty(w);
		writer_end(w);
	}
	writer_close(w);
	free(centroid);
}

static void
free_kmeans(struct segment *s)
{
	struct kmeans *km = s->state;

	free(km->values);
	free(km->features);
	free(km->km.label);
	free(km->km.centroid);
	free(km->km.withinss);
	free(km->km.size);
	free(km);
}

const struct segment_method segment_kmeans = {
	"--kmeans", true, define_kmeans, bind_kmeans, kmeans_row,
	kmeans_decide, write_centroids, free_kmeans
};
