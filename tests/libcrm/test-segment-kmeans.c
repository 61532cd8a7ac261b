/*
 * test-segment-kmeans.c: k-means segments on groups far enough apart that
 * any start finds them, numbered by size (the clustering itself is tested
 * in test-model-kmeans.c), the z-scores that make units not matter, and
 * the centroids file in the columns' own units.
 */
#include "check.h"
#include "segment_check.h"

struct kmeans_case {
	const char *what;
	int k;
	const char *cols;
	bool log;
	const char *csv;
	const char *want;
	unsigned long long rejected;
};

static const struct kmeans_case cases[] = {
	{ "three groups, numbered by size: 4, then 3, then 2", 3, "a,b",
	  false, "a,b\n0,0\n1000,1000\n0,1\n500,0\n1,0\n501,1\n1,1\n"
	  "1001,1000\n500,1\n", "1,3,1,2,1,2,1,3,2", 0 },
	/*
	 * z-scores: a -1.10, 0.90, -0.90, 1.10 and b -1.34, -0.45, 0.45,
	 * 1.34; split by a the WSS is 3.24, by b 4.76. In raw units b's
	 * thousands would decide alone.
	 */
	{ "z-scores: two groups in a, b's thousands spread evenly", 2, "a,b",
	  false, "a,b\n0,0\n10,3000\n1,6000\n11,9000\n", "1,2,1,2", 0 },
	{ "equal sizes: the smaller centroid first", 2, "a", false,
	  "a\n10\n0\n10\n0\n", "2,1,2,1", 0 },
	{ "--log: 1 + x of 1, 10, 100 against 10^4, 10^5",
	  2, "a", true, "a\n0\n9\n99\n9999\n99999\n", "1,1,1,2,2", 0 },
	{ "--log rejects a negative value; not a number is rejected too", 2,
	  "a", true, "a\n-1\n0\nx\n9\n9999\n", "1,1,2", 2 },
	{ "K = 1: one segment", 1, "a,b", false, "a,b\n1,2\n3,4\n", "1,1",
	  0 },
	{ "no rows: no labels", 2, "a", false, "a\n", "", 0 },
};

static void
test_cases(struct segment_check *c)
{
	struct segment_options o;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		segment_options_init(&o);
		o.kmeans.k = cases[i].k;
		o.kmeans.cols = cases[i].cols;
		o.kmeans.log = cases[i].log;
		check_labels(c, &segment_kmeans, &o, cases[i].csv,
		    cases[i].want, cases[i].rejected, cases[i].what);
		segment_options_free(&o);
	}
}

/*
 * 0, 0, 10, 10: mean 5, deviation 5, z-scores -1, -1, 1, 1; two
 * clusters of two, each on one point, so no within-cluster spread.
 */
static void
test_centroids(struct segment_check *c)
{
	char path[1200], *text;
	struct segment_options o;

	snprintf(path, sizeof(path), "%s/centroids.csv", c->dir);
	segment_options_init(&o);
	o.name = "cluster";
	o.kmeans.k = 2;
	o.kmeans.cols = "v";
	o.kmeans.centroids = path;
	o.labels = "low,high";
	check_labels(c, &segment_kmeans, &o, "id,v\n1,0\n2,10\n3,0\n4,10\n",
	    "low,high,low,high", 0, "--labels name the clusters");
	text = slurp(path, NULL);
	CHECK_STR(text, "cluster,size,withinss,v\nlow,2,0,0\nhigh,2,0,10\n",
	    "centroids: size, WSS and the mean in the column's units");
	free(text);
	unlink(path);
	check_labels(c, &segment_kmeans, &o, "id,v\n", "", 0, "no rows");
	text = slurp(path, NULL);
	CHECK_STR(text, "cluster,size,withinss,v\n", "no rows: the header");
	free(text);
	unlink(path);
	segment_options_free(&o);
}

/*
 * auto: K from 2 to 10 by silhouette; three tight groups make it 3 (a
 * fourth cluster would split 1000..1003, whose halves lie 2 apart).
 */
static void
test_auto(struct segment_check *c)
{
	struct segment_options o;

	segment_options_init(&o);
	o.kmeans.cols = "a";
	check_labels(c, &segment_kmeans, &o,
	    "a\n0\n1\n2\n100\n101\n1000\n1001\n1002\n1003\n",
	    "2,2,2,3,3,1,1,1,1", 0, "auto finds 3 groups");
	segment_options_free(&o);
}

int
main(void)
{
	struct segment_check c;

	segment_check_begin(&c, "test-segment-kmeans");
	test_cases(&c);
	test_centroids(&c);
	test_auto(&c);
	segment_check_end(&c);
	return check_done();
}
