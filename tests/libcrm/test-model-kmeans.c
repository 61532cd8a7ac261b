/* test-model-kmeans.c: k-means++, Lloyd, restarts, numbering, silhouette. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "model/kmeans.h"

enum { MAXN = 2000, MAXK = 12 };

/* A small deterministic generator for test data (not the one tested). */
static double
noise(uint32_t *state)
{
	*state = *state * 1664525u + 1013904223u;
	return (double)(*state >> 8) / (double)(1u << 24) - 0.5;
}

struct blob {
	double x, y;
	size_t count;
};

/* Points around each blob's centre, +-0.5 in each coordinate. */
static size_t
make_blobs(const struct blob *blobs, size_t nblobs, double *x, int *truth)
{
	uint32_t state = 12345;
	size_t b, i, n = 0;

	for (b = 0; b < nblobs; b++)
		for (i = 0; i < blobs[b].count; i++, n++) {
			x[2 * n] = blobs[b].x + noise(&state);
			x[2 * n + 1] = blobs[b].y + noise(&state);
			truth[n] = (int)b;
		}
	return n;
}

struct output {
	int label[MAXN];
	double centroid[MAXK * 2], withinss[MAXK];
	size_t size[MAXK];
	struct crm_kmeans_result res;
};

static struct crm_kmeans_result *
result(struct output *o)
{
	memset(o, 0, sizeof(*o));
	o->res.label = o->label;
	o->res.centroid = o->centroid;
	o->res.withinss = o->withinss;
	o->res.size = o->size;
	return &o->res;
}

/* Is the 2-D point c within 0.2 of (a, b) in each coordinate? */
static bool
near(const double *c, double a, double b)
{
	return fabs(c[0] - a) < 0.2 && fabs(c[1] - b) < 0.2;
}

static double x[MAXN * 2];
static int truth[MAXN];
static struct output out, again;

/* Three blobs of 50, 30 and 20 points, far apart. */
static const struct blob three[] = {
	{ 0, 0, 50 }, { 10, 10, 30 }, { -10, 10, 20 }
};

static void
test_finds_separated_clusters(void)
{
	struct crm_kmeans_options opt = { 3, 5, 0, 42, NULL, NULL };
	size_t n = make_blobs(three, 3, x, truth), i, wrong = 0;
	int status = crm_kmeans(x, n, 2, &opt, result(&out));

	CHECK(status == CRM_MODEL_OK, "k-means on three blobs succeeds");
	for (i = 0; i < n; i++)
		wrong += out.label[i] != truth[i];
	CHECK(wrong == 0, "every point is in its blob's cluster, numbered by "
	    "size (%zu wrong)", wrong);
	CHECK(out.size[0] == 50 && out.size[1] == 30 && out.size[2] == 20,
	    "sizes 50, 30, 20 (got %zu, %zu, %zu)", out.size[0], out.size[1],
	    out.size[2]);
	CHECK(near(out.centroid, 0, 0) && near(out.centroid + 2, 10, 10) &&
	    near(out.centroid + 4, -10, 10),
	    "centroids near (0,0), (10,10), (-10,10)");
	CHECK(out.res.converged && out.res.total < 100 * 2 / 12.0 * 1.5,
	    "converged, WSS near the noise alone (%g)", out.res.total);
	CHECK(fabs(out.withinss[0] + out.withinss[1] + out.withinss[2] -
	    out.res.total) <= 1e-12 * out.res.total,
	    "total is the sum of withinss");
}

static void
test_same_seed_same_result(void)
{
	struct crm_kmeans_options opt = { 4, 3, 0, 7, NULL, NULL };
	uint32_t state = 99;
	size_t n = 1000, i;

	for (i = 0; i < 2 * n; i++)
		x[i] = noise(&state) * 10;	/* no structure: seeds matter */
	crm_kmeans(x, n, 2, &opt, result(&out));
	crm_kmeans(x, n, 2, &opt, result(&again));
	CHECK(memcmp(out.label, again.label, n * sizeof(int)) == 0 &&
	    memcmp(out.centroid, again.centroid, sizeof(out.centroid)) == 0 &&
	    out.res.total == again.res.total,
	    "same points, options and seed: the same labels, centroids and "
	    "WSS, bit for bit");
}

static void
test_restarts_keep_the_best(void)
{
	struct crm_kmeans_options one = { 6, 1, 0, 3, NULL, NULL };
	struct crm_kmeans_options ten = { 6, 10, 0, 3, NULL, NULL };
	uint32_t state = 5;
	size_t n = 1000, i;

	for (i = 0; i < 2 * n; i++)
		x[i] = noise(&state) * 10;
	crm_kmeans(x, n, 2, &one, result(&out));
	crm_kmeans(x, n, 2, &ten, result(&again));
	CHECK(again.res.total <= out.res.total, "ten starts are no worse than "
	    "the first alone (%g <= %g)", again.res.total, out.res.total);
}

/* 1-D points 0 1 2 and 10 11 12: two clusters, WSS 2 + 2. */
static void
test_exact_small_case(void)
{
	static const double line[] = { 10, 0, 11, 1, 12, 2 };
	struct crm_kmeans_options opt = { 2, 1, 0, 1, NULL, NULL };
	int status = crm_kmeans(line, 6, 1, &opt, result(&out));

	CHECK(status == CRM_MODEL_OK && out.res.total == 4 &&
	    out.withinss[0] == 2 && out.withinss[1] == 2,
	    "0 1 2 | 10 11 12: WSS 2 + 2 (got %g)", out.res.total);
	CHECK(out.centroid[0] == 1 && out.centroid[1] == 11 &&
	    out.label[0] == 1 && out.label[1] == 0,
	    "equal sizes are numbered by centroid, ascending: 1 then 11");
}

static void
test_k_one_and_k_n(void)
{
	static const double pts[] = { 1, 2, 3, 6 };
	struct crm_kmeans_options opt = { 1, 2, 0, 1, NULL, NULL };

	crm_kmeans(pts, 4, 1, &opt, result(&out));
	CHECK(out.centroid[0] == 3 && out.res.total == 14 && out.size[0] == 4,
	    "k = 1: the mean and the total sum of squares");
	opt.k = 4;
	CHECK(crm_kmeans(pts, 4, 1, &opt, result(&out)) == CRM_MODEL_OK &&
	    out.res.total == 0 && out.size[3] == 1,
	    "k = n: every point its own cluster, WSS 0");
	opt.k = 1;
	CHECK(crm_kmeans(pts, 1, 1, &opt, result(&out)) == CRM_MODEL_OK &&
	    out.label[0] == 0 && out.centroid[0] == 1,
	    "one point, one cluster");
}

static void
test_bad_input(void)
{
	static const double pts[] = { 1, 2, 3, 6 };
	static const double same[] = { 5, 5, 5, 5, 7 };
	double bad[] = { 1, 2, 3, 0 };
	struct crm_kmeans_options opt = { 5, 1, 0, 1, NULL, NULL };

	CHECK(crm_kmeans(pts, 4, 1, &opt, result(&out)) == CRM_MODEL_EINVAL,
	    "k larger than n: CRM_MODEL_EINVAL");
	opt.k = 0;
	CHECK(crm_kmeans(pts, 4, 1, &opt, result(&out)) == CRM_MODEL_EINVAL,
	    "k = 0: CRM_MODEL_EINVAL");
	opt.k = 2;
	CHECK(crm_kmeans(pts, 4, 0, &opt, result(&out)) == CRM_MODEL_EINVAL,
	    "no coordinates: CRM_MODEL_EINVAL");
	bad[3] = NAN;
	CHECK(crm_kmeans(bad, 4, 1, &opt, result(&out)) ==
	    CRM_MODEL_ENONFINITE, "a NaN coordinate: CRM_MODEL_ENONFINITE");
	opt.k = 3;
	CHECK(crm_kmeans(same, 5, 1, &opt, result(&out)) ==
	    CRM_MODEL_EDEGENERATE, "two distinct points, three clusters: "
	    "CRM_MODEL_EDEGENERATE");
	opt.k = 2;
	CHECK(crm_kmeans(same, 5, 1, &opt, result(&out)) == CRM_MODEL_OK &&
	    out.size[0] == 4 && out.size[1] == 1,
	    "two distinct points, two clusters: fine");
}

static int progress_calls;

static void
count_progress(int k, int start, int iterations, double wss, void *ctx)
{
	(void)k, (void)iterations, (void)wss;
	if (start >= 1)
		progress_calls++;
	*(int *)ctx = start;
}

static void
test_progress(void)
{
	int last = 0;
	struct crm_kmeans_options opt = { 3, 4, 0, 42, count_progress, &last };
	size_t n = make_blobs(three, 3, x, truth);

	crm_kmeans(x, n, 2, &opt, result(&out));
	CHECK(progress_calls == 4 && last == 4, "progress after each of four "
	    "starts");
}

static void
test_silhouette(void)
{
	struct crm_kmeans_options opt = { 3, 3, 0, 42, NULL, NULL };
	size_t n = make_blobs(three, 3, x, truth);
	double all, part, part2;

	crm_kmeans(x, n, 2, &opt, result(&out));
	CHECK(crm_kmeans_silhouette(x, n, 2, out.label, 3, 1000, 1, &all) ==
	    CRM_MODEL_OK && all > 0.9, "well-separated blobs: silhouette near "
	    "1 (%g)", all);
	crm_kmeans_silhouette(x, n, 2, out.label, 3, 40, 1, &part);
	crm_kmeans_silhouette(x, n, 2, out.label, 3, 40, 1, &part2);
	CHECK(part == part2 && part > 0.85, "a sample of 40, same seed, same "
	    "score (%g)", part);
	CHECK(crm_kmeans_silhouette(x, n, 2, out.label, 1, 100, 1, &all) ==
	    CRM_MODEL_EINVAL, "k = 1 has no silhouette: CRM_MODEL_EINVAL");
}

/* Hand-computed: points 0, 1, 5 in clusters {0, 1} and {5}. */
static void
test_silhouette_by_hand(void)
{
	static const double pts[] = { 0, 1, 5 };
	static const int label[] = { 0, 0, 1 };
	double s;

	/* s(0) = (5 - 1) / 5, s(1) = (4 - 1) / 4, s(5) = 0 (alone) */
	crm_kmeans_silhouette(pts, 3, 1, label, 2, 10, 1, &s);
	CHECK(fabs(s - (0.8 + 0.75 + 0) / 3) < 1e-15, "silhouette of 0 1 | 5 "
	    "by hand (%.17g)", s);
}

static void
test_auto(void)
{
	struct crm_kmeans_options opt = { 0, 3, 0, 42, NULL, NULL };
	size_t n = make_blobs(three, 3, x, truth);
	double score[MAXK];
	int k, status;

	status = crm_kmeans_auto(x, n, 2, 2, 10, &opt, 500, result(&out), &k,
	    score);
	CHECK(status == CRM_MODEL_OK && k == 3, "--k auto finds the three "
	    "blobs (k = %d)", k);
	CHECK(score[3] > score[2] && score[3] > score[4] && score[0] == 0,
	    "the silhouette peaks at 3 (%.3f %.3f %.3f)", score[2], score[3],
	    score[4]);
	CHECK(out.size[0] == 50 && out.size[2] == 20, "and the clustering "
	    "returned is the k = 3 one");
	CHECK(crm_kmeans_auto(x, 2, 2, 2, 10, &opt, 500, result(&out), &k,
	    NULL) == CRM_MODEL_EINVAL, "fewer than three points: EINVAL");
}

int
main(void)
{
	test_finds_separated_clusters();
	test_same_seed_same_result();
	test_restarts_keep_the_best();
	test_exact_small_case();
	test_k_one_and_k_n();
	test_bad_input();
	test_progress();
	test_silhouette();
	test_silhouette_by_hand();
	test_auto();
	return check_done();
}
