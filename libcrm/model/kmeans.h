/*
 * kmeans.h: k-means clustering of n points in d dimensions.
 *
 * Lloyd's algorithm from k-means++ seeds (D. Arthur and S. Vassilvitskii,
 * "k-means++: the advantages of careful seeding", SODA 2007), started
 * several times from one seed, keeping the partition with the lowest
 * within-cluster sum of squares; and the mean silhouette (P. J. Rousseeuw,
 * "Silhouettes: a graphical aid to the interpretation and validation of
 * cluster analysis", J. Comput. Appl. Math. 20, 1987) on a sample, to
 * choose k. Deterministic: the same points, options and seed give the same
 * result, bit for bit. Pure: arrays in, numbers out, no I/O, no globals.
 *
 * Points are row-major: point i is x[i * d .. i * d + d - 1].
 */
#ifndef CRM_MODEL_KMEANS_H
#define CRM_MODEL_KMEANS_H

#include <stddef.h>
#include <stdint.h>

#include "special.h"	/* enum crm_model_status */

/* Called after each start: k, the start (from 1), iterations and WSS. */
typedef void crm_kmeans_progress_fn(int k, int start, int iterations,
    double wss, void *ctx);

struct crm_kmeans_options {
	int k;			/* clusters, 1..n */
	int restarts;		/* k-means++ starts; the best is kept (0: 1) */
	int max_iter;		/* Lloyd iterations per start (0: 300) */
	uint64_t seed;		/* of the generator behind every start */
	crm_kmeans_progress_fn *progress;	/* optional */
	void *progress_ctx;
};

/* Arrays are the caller's: label[n], centroid[k * d], withinss[k], size[k]. */
struct crm_kmeans_result {
	int *label;		/* cluster 0..k-1 of each point */
	double *centroid;	/* the mean of each cluster's points */
	double *withinss;	/* sum of squared distances to the centroid */
	size_t *size;		/* points in each cluster */
	double total;		/* sum of withinss */
	int iterations;		/* Lloyd iterations of the start kept */
	int converged;		/* 1 when it stopped before max_iter */
};

/*
 * Cluster x into opt->k clusters, numbered by descending size, equal sizes
 * by their centroids compared coordinate by coordinate, ascending. A start
 * stops when no point changes cluster or when the centroids together move
 * less than 1e-4 times the mean variance of the coordinates (squared).
 * Returns CRM_MODEL_OK, CRM_MODEL_EINVAL (k outside 1..n, d < 1),
 * CRM_MODEL_ENONFINITE (a coordinate is NaN or infinite),
 * CRM_MODEL_EDEGENERATE (fewer distinct points than k) or CRM_MODEL_ENOMEM.
 */
int crm_kmeans(const double *x, size_t n, size_t d,
    const struct crm_kmeans_options *opt, struct crm_kmeans_result *res);

/*
 * The mean silhouette of the clustering label[n] (values 0..k-1), over a
 * sample of min(n, sample) points drawn without replacement with seed,
 * distances taken among the sample. A point alone in its cluster in the
 * sample scores 0. Returns CRM_MODEL_OK, CRM_MODEL_EINVAL (k < 2, empty
 * sample) or CRM_MODEL_ENOMEM.
 */
int crm_kmeans_silhouette(const double *x, size_t n, size_t d,
    const int *label, int k, size_t sample, uint64_t seed, double *mean);

/*
 * The k in kmin..kmax (at most n - 1) whose clustering (crm_kmeans with
 * opt, its k ignored) has the highest mean silhouette over a sample of
 * `sample` points drawn with opt->seed; equal scores keep the smaller k.
 * res (arrays for kmax clusters) gets that clustering, *k its k, and
 * score[k] (if not NULL, kmax + 1 entries) the silhouette of each k tried,
 * 0 for the others. Values of k that would need more distinct points than
 * there are are not tried. Returns as crm_kmeans, and CRM_MODEL_EINVAL when
 * kmin < 2 or n < 3.
 */
int crm_kmeans_auto(const double *x, size_t n, size_t d, int kmin, int kmax,
    const struct crm_kmeans_options *opt, size_t sample,
    struct crm_kmeans_result *res, int *k, double *score);

#endif
