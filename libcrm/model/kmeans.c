/* kmeans.c: k-means++ seeding, Lloyd iterations, restarts, silhouette. */
#include "kmeans.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"

enum { DEFAULT_MAX_ITER = 300 };

static double
sqdist(const double *a, const double *b, size_t d)
{
	double sum = 0, diff;
	size_t j;

	for (j = 0; j < d; j++) {
		diff = a[j] - b[j];
		sum += diff * diff;
	}
	return sum;
}

/* Scratch space of one clustering, and what every start shares. */
struct work {
	const double *x;
	size_t n, d;
	int k;
	double tol;		/* squared centroid movement that ends a start */
	double *dist;		/* [n] squared distance to the own centroid */
	double *sum;		/* [k * d] coordinate sums per cluster */
	size_t *count;		/* [k] points per cluster */
	double *old;		/* [k * d] centroids before an update */
};

static void
free_work(struct work *w)
{
	free(w->dist);
	free(w->sum);
	free(w->count);
	free(w->old);
}

/* 1e-4 times the mean variance of the coordinates, as scikit-learn. */
static double
tolerance(const double *x, size_t n, size_t d)
{
	double total = 0, mean, m2, delta;
	size_t i, j;

	for (j = 0; j < d; j++) {
		mean = m2 = 0;
		for (i = 0; i < n; i++) {	/* Welford's running variance */
			delta = x[i * d + j] - mean;
			mean += delta / (double)(i + 1);
			m2 += delta * (x[i * d + j] - mean);
		}
		total += m2 / (double)n;
	}
	return 1e-4 * total / (double)d;
}

static int
init_work(struct work *w, const double *x, size_t n, size_t d, int k)
{
	size_t kd = (size_t)k * d;

	memset(w, 0, sizeof(*w));
	w->x = x;
	w->n = n;
	w->d = d;
	w->k = k;
	w->tol = tolerance(x, n, d);
	w->dist = malloc(n * sizeof(*w->dist));
	w->sum = malloc(kd * sizeof(*w->sum));
	w->count = malloc((size_t)k * sizeof(*w->count));
	w->old = malloc(kd * sizeof(*w->old));
	if (!w->dist || !w->sum || !w->count || !w->old) {
		free_work(w);
		return CRM_MODEL_ENOMEM;
	}
	return CRM_MODEL_OK;
}

/* The point whose cumulative squared distance first passes target. */
static size_t
weighted_pick(const struct work *w, double target)
{
	double cumulative = 0;
	size_t i, last = 0;

	for (i = 0; i < w->n; i++) {
		if (w->dist[i] <= 0)
			continue;
		cumulative += w->dist[i];
		last = i;
		if (cumulative > target)
			return i;
	}
	return last;	/* rounding left target just out of reach */
}

/*
 * k-means++: the first centroid a point drawn uniformly, each next one a
 * point drawn with probability proportional to its squared distance to
 * the nearest centroid so far.
 */
static int
seed_centroids(struct work *w, struct crm_rng *r, double *c)
{
	size_t n = w->n, d = w->d, i, pick = crm_rng_index(r, n);
	double total, dd;
	int j;

	memcpy(c, w->x + pick * d, d * sizeof(*c));
	for (i = 0; i < n; i++)
		w->dist[i] = sqdist(w->x + i * d, c, d);
	for (j = 1; j < w->k; j++) {
		total = 0;
		for (i = 0; i < n; i++)
			total += w->dist[i];
		if (total <= 0)
			return CRM_MODEL_EDEGENERATE;
		pick = weighted_pick(w, crm_rng_uniform0(r) * total);
		memcpy(c + (size_t)j * d, w->x + pick * d, d * sizeof(*c));
		for (i = 0; i < n; i++) {
			dd = sqdist(w->x + i * d, c + (size_t)j * d, d);
			if (dd < w->dist[i])
				w->dist[i] = dd;
		}
	}
	return CRM_MODEL_OK;
}

/* Each point to its nearest centroid (the lowest number on a tie). */
static size_t
assign(struct work *w, const double *c, int *label)
{
	size_t i, j, changed = 0, d = w->d;
	const double *xi;
	double best, dd;
	int nearest, m;

	memset(w->sum, 0, (size_t)w->k * d * sizeof(*w->sum));
	memset(w->count, 0, (size_t)w->k * sizeof(*w->count));
	for (i = 0; i < w->n; i++) {
		xi = w->x + i * d;
		nearest = 0;
		best = sqdist(xi, c, d);
		for (m = 1; m < w->k; m++)
			if ((dd = sqdist(xi, c + (size_t)m * d, d)) < best) {
				best = dd;
				nearest = m;
			}
		changed += label[i] != nearest;
		label[i] = nearest;
		w->dist[i] = best;
		w->count[nearest]++;
		for (j = 0; j < d; j++)
			w->sum[(size_t)nearest * d + j] += xi[j];
	}
	return changed;
}

/* An empty cluster takes the point farthest from its centroid. */
static void
relocate(struct work *w, double *c, int empty)
{
	size_t i, far = 0;

	for (i = 1; i < w->n; i++)
		if (w->dist[i] > w->dist[far])
			far = i;
	memcpy(c + (size_t)empty * w->d, w->x + far * w->d,
	    w->d * sizeof(*c));
	w->dist[far] = 0;	/* a second empty cluster takes another */
}

/* Centroids to the means of their points; the squared movement. */
static double
update(struct work *w, double *c)
{
	size_t j, kd = (size_t)w->k * w->d;
	double shift = 0;
	int m;

	memcpy(w->old, c, kd * sizeof(*c));
	for (m = 0; m < w->k; m++) {
		if (w->count[m] == 0) {
			relocate(w, c, m);
			continue;
		}
		for (j = 0; j < w->d; j++)
			c[(size_t)m * w->d + j] = w->sum[(size_t)m * w->d + j] /
			    (double)w->count[m];
	}
	for (j = 0; j < kd; j++)
		shift += (c[j] - w->old[j]) * (c[j] - w->old[j]);
	return shift;
}

/* Lloyd's iterations from the centroids c; 1 when they settled. */
static int
lloyd(struct work *w, double *c, int *label, int max_iter, int *iterations)
{
	size_t i;
	int it;

	for (i = 0; i < w->n; i++)
		label[i] = -1;
	for (it = 1; it <= max_iter; it++) {
		*iterations = it;
		if (assign(w, c, label) == 0)
			return 1;
		if (update(w, c) <= w->tol) {
			assign(w, c, label);
			return 1;
		}
	}
	return 0;
}

/* Centroids as the means of the final clusters, and their WSS. */
static double
finish(struct work *w, double *c, const int *label, double *withinss,
    size_t *size)
{
	size_t i, j, d = w->d;
	double total = 0;
	int m;

	for (m = 0; m < w->k; m++) {
		size[m] = w->count[m];
		withinss[m] = 0;
		if (w->count[m] > 0)
			for (j = 0; j < d; j++)
				c[(size_t)m * d + j] = w->sum[(size_t)m * d +
				    j] / (double)w->count[m];
	}
	for (i = 0; i < w->n; i++)
		withinss[label[i]] += sqdist(w->x + i * d, c +
		    (size_t)label[i] * d, d);
	for (m = 0; m < w->k; m++)
		total += withinss[m];
	return total;
}

/* Does cluster a come before cluster b: larger, else smaller centroid? */
static bool
comes_before(const struct crm_kmeans_result *res, size_t d, int a, int b)
{
	const double *ca = res->centroid + (size_t)a * d;
	const double *cb = res->centroid + (size_t)b * d;
	size_t j;

	if (res->size[a] != res->size[b])
		return res->size[a] > res->size[b];
	for (j = 0; j < d; j++)
		if (ca[j] != cb[j])
			return ca[j] < cb[j];
	return a < b;
}

static void
sort_clusters(const struct crm_kmeans_result *res, size_t d, int k,
    int *order)
{
	int m, p;

	for (m = 0; m < k; m++) {	/* insertion sort: k is small */
		for (p = m; p > 0 && comes_before(res, d, m, order[p - 1]); p--)
			order[p] = order[p - 1];
		order[p] = m;
	}
}

/* Cluster order[m] becomes cluster m; c, wss and size are scratch. */
static void
permute(struct crm_kmeans_result *res, size_t n, size_t d, int k,
    const int *order, int *rank, double *c, double *wss, size_t *size)
{
	size_t i;
	int m;

	memcpy(c, res->centroid, (size_t)k * d * sizeof(*c));
	memcpy(wss, res->withinss, (size_t)k * sizeof(*wss));
	memcpy(size, res->size, (size_t)k * sizeof(*size));
	for (m = 0; m < k; m++) {
		rank[order[m]] = m;
		memcpy(res->centroid + (size_t)m * d, c + (size_t)order[m] * d,
		    d * sizeof(*c));
		res->withinss[m] = wss[order[m]];
		res->size[m] = size[order[m]];
	}
	for (i = 0; i < n; i++)
		res->label[i] = rank[res->label[i]];
}

/* Number the clusters by descending size, then by centroid. */
static int
renumber(struct crm_kmeans_result *res, size_t n, size_t d, int k)
{
	int *order = malloc((size_t)k * sizeof(*order));
	int *rank = malloc((size_t)k * sizeof(*rank));
	double *c = malloc((size_t)k * d * sizeof(*c));
	double *wss = malloc((size_t)k * sizeof(*wss));
	size_t *size = malloc((size_t)k * sizeof(*size));
	int status = CRM_MODEL_ENOMEM;

	if (order && rank && c && wss && size) {
		sort_clusters(res, d, k, order);
		permute(res, n, d, k, order, rank, c, wss, size);
		status = CRM_MODEL_OK;
	}
	free(order);
	free(rank);
	free(c);
	free(wss);
	free(size);
	return status;
}

static int
check_input(const double *x, size_t n, size_t d, int k)
{
	size_t i;

	if (d < 1 || k < 1 || (size_t)k > n)
		return CRM_MODEL_EINVAL;
	for (i = 0; i < n * d; i++)
		if (!isfinite(x[i]))
			return CRM_MODEL_ENONFINITE;
	return CRM_MODEL_OK;
}

/* One start: seed, iterate, finish; the start's result in label, c, .. */
static int
one_start(struct work *w, struct crm_rng *r, int max_iter, int *label,
    double *c, double *withinss, size_t *size, double *total,
    int *iterations, int *converged)
{
	int status = seed_centroids(w, r, c);

	if (status != CRM_MODEL_OK)
		return status;
	*converged = lloyd(w, c, label, max_iter, iterations);
	*total = finish(w, c, label, withinss, size);
	return CRM_MODEL_OK;
}

/* Keep the best of the starts in res; the current one in scratch. */
struct start {
	int *label;
	double *centroid, *withinss;
	size_t *size;
};

static int
alloc_start(struct start *s, size_t n, size_t d, int k)
{
	s->label = malloc(n * sizeof(*s->label));
	s->centroid = malloc((size_t)k * d * sizeof(*s->centroid));
	s->withinss = malloc((size_t)k * sizeof(*s->withinss));
	s->size = malloc((size_t)k * sizeof(*s->size));
	return s->label && s->centroid && s->withinss && s->size ?
	    CRM_MODEL_OK : CRM_MODEL_ENOMEM;
}

static void
free_start(struct start *s)
{
	free(s->label);
	free(s->centroid);
	free(s->withinss);
	free(s->size);
}

static void
keep_start(struct crm_kmeans_result *res, const struct start *s, size_t n,
    size_t d, int k)
{
	memcpy(res->label, s->label, n * sizeof(*s->label));
	memcpy(res->centroid, s->centroid, (size_t)k * d * sizeof(double));
	memcpy(res->withinss, s->withinss, (size_t)k * sizeof(double));
	memcpy(res->size, s->size, (size_t)k * sizeof(size_t));
}

static int
run_starts(struct work *w, const struct crm_kmeans_options *opt,
    struct start *s, struct crm_kmeans_result *res)
{
	int starts = opt->restarts > 0 ? opt->restarts : 1;
	int max_iter = opt->max_iter > 0 ? opt->max_iter : DEFAULT_MAX_ITER;
	int i, status, iterations = 0, converged = 0;
	double total;
	struct crm_rng r;

	crm_rng_seed(&r, opt->seed);
	res->total = INFINITY;
	for (i = 1; i <= starts; i++) {
		status = one_start(w, &r, max_iter, s->label, s->centroid,
		    s->withinss, s->size, &total, &iterations, &converged);
		if (status != CRM_MODEL_OK)
			return status;
		if (opt->progress)
			opt->progress(w->k, i, iterations, total,
			    opt->progress_ctx);
		if (total < res->total) {	/* the first best is kept */
			keep_start(res, s, w->n, w->d, w->k);
			res->total = total;
			res->iterations = iterations;
			res->converged = converged;
		}
	}
	return CRM_MODEL_OK;
}

int
crm_kmeans(const double *x, size_t n, size_t d,
    const struct crm_kmeans_options *opt, struct crm_kmeans_result *res)
{
	struct work w;
	struct start s;
	int status = check_input(x, n, d, opt->k);

	if (status != CRM_MODEL_OK)
		return status;
	if ((status = init_work(&w, x, n, d, opt->k)) != CRM_MODEL_OK)
		return status;
	if ((status = alloc_start(&s, n, d, opt->k)) == CRM_MODEL_OK)
		status = run_starts(&w, opt, &s, res);
	if (status == CRM_MODEL_OK)
		status = renumber(res, n, d, opt->k);
	free_start(&s);
	free_work(&w);
	return status;
}

/* Silhouette */

/* min(n, m) indices drawn without replacement, ascending (Knuth's S). */
static size_t
draw_sample(size_t n, size_t m, uint64_t seed, size_t *pick)
{
	struct crm_rng r;
	size_t i, chosen = 0;

	if (m > n)
		m = n;
	crm_rng_seed(&r, seed);
	for (i = 0; i < n && chosen < m; i++)
		if ((double)(n - i) * crm_rng_uniform0(&r) <
		    (double)(m - chosen))
			pick[chosen++] = i;
	return chosen;
}

/* s(i) = (b - a) / max(a, b) for the sampled point p. */
static double
silhouette_of(const double *x, size_t d, const int *label, const size_t *pick,
    size_t m, size_t p, int k, double *sum, size_t *count)
{
	int own = label[pick[p]], c;
	double a, b = INFINITY;
	size_t q;

	memset(sum, 0, (size_t)k * sizeof(*sum));
	memset(count, 0, (size_t)k * sizeof(*count));
	for (q = 0; q < m; q++) {
		if (q == p)
			continue;
		c = label[pick[q]];
		sum[c] += sqrt(sqdist(x + pick[p] * d, x + pick[q] * d, d));
		count[c]++;
	}
	if (count[own] == 0)
		return 0;	/* alone in its cluster */
	a = sum[own] / (double)count[own];
	for (c = 0; c < k; c++)
		if (c != own && count[c] > 0 && sum[c] / (double)count[c] < b)
			b = sum[c] / (double)count[c];
	if (isinf(b) || (a == 0 && b == 0))
		return 0;
	return (b - a) / (a > b ? a : b);
}

int
crm_kmeans_silhouette(const double *x, size_t n, size_t d, const int *label,
    int k, size_t sample, uint64_t seed, double *mean)
{
	size_t *pick, m, p, *count;
	double *sum, total = 0;
	int status = CRM_MODEL_ENOMEM;

	if (k < 2 || n == 0 || sample == 0)
		return CRM_MODEL_EINVAL;
	pick = malloc((sample < n ? sample : n) * sizeof(*pick));
	sum = malloc((size_t)k * sizeof(*sum));
	count = malloc((size_t)k * sizeof(*count));
	if (pick && sum && count) {
		status = CRM_MODEL_OK;
		m = draw_sample(n, sample, seed, pick);
		for (p = 0; p < m; p++)
			total += silhouette_of(x, d, label, pick, m, p, k, sum,
			    count);
		*mean = total / (double)m;
	}
	free(pick);
	free(sum);
	free(count);
	return status;
}

int
crm_kmeans_auto(const double *x, size_t n, size_t d, int kmin, int kmax,
    const struct crm_kmeans_options *opt, size_t sample,
    struct crm_kmeans_result *res, int *k, double *score)
{
	struct crm_kmeans_options o = *opt;
	double best = -INFINITY, s = 0;
	int status, tried;

	if (kmin < 2 || n < 3 || kmax < kmin)
		return CRM_MODEL_EINVAL;
	if (score)
		memset(score, 0, (size_t)(kmax + 1) * sizeof(*score));
	if ((size_t)kmax > n - 1)
		kmax = (int)(n - 1);
	*k = 0;
	for (tried = kmin; tried <= kmax; tried++) {
		o.k = tried;
		status = crm_kmeans(x, n, d, &o, res);
		if (status == CRM_MODEL_EDEGENERATE)
			break;	/* a larger k needs still more points */
		if (status == CRM_MODEL_OK)
			status = crm_kmeans_silhouette(x, n, d, res->label,
			    tried, sample, opt->seed, &s);
		if (status != CRM_MODEL_OK)
			return status;
		if (score)
			score[tried] = s;
		if (s > best) {
			best = s;
			*k = tried;
		}
	}
	if (*k == 0)
		return CRM_MODEL_EDEGENERATE;
	o.k = *k;
	return crm_kmeans(x, n, d, &o, res);	/* same seed, same result */
}
