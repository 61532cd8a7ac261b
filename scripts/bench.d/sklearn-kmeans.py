"""sklearn-kmeans.py K COLS SEED RESTARTS INPUT OUTPUT CENTROIDS:
crm-segment --name cluster --kmeans K --cols COLS --seed SEED
--restarts RESTARTS --centroids CENTROIDS in pandas and scikit-learn, for
scripts/bench: z-scores with StandardScaler (population standard
deviation, as crm-segment), KMeans with k-means++ starts, n_init =
RESTARTS, Lloyd's algorithm, at most 300 iterations and tol 1e-4 (which
scikit-learn, like crm-segment, scales by the mean variance). Clusters
are numbered 1..K by size, largest first, as crm-segment numbers them.
Every input column is kept as text and a cluster column added.

What differs from crm-segment: scikit-learn seeds with greedy k-means++
(2 + log K candidates per centroid, the best kept) where crm-segment
draws one, its random numbers are others, and it runs on all cores
(OpenMP) where crm-segment uses one.

CENTROIDS gets cluster,size,withinss and each column's mean in its own
units, like crm-segment's --centroids file. Prints "seconds read R
compute C write W" on stderr."""
import sys
import time

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler


def main(k, cols, seed, restarts, source, target, centroids):
    k, seed, restarts, cols = int(k), int(seed), int(restarts), cols.split(",")
    clock = time.perf_counter()
    customers = pd.read_csv(source, dtype=str, keep_default_na=False)
    read_seconds = time.perf_counter() - clock

    clock = time.perf_counter()
    values = customers[cols].astype("float64").to_numpy()
    z = StandardScaler().fit_transform(values)
    model = KMeans(n_clusters=k, init="k-means++", n_init=restarts,
                   max_iter=300, tol=1e-4, random_state=seed,
                   algorithm="lloyd").fit(z)
    size = np.bincount(model.labels_, minlength=k)
    order = np.argsort(-size, kind="stable")
    number = np.empty(k, dtype=int)
    number[order] = np.arange(1, k + 1)
    customers["cluster"] = number[model.labels_]
    squares = ((z - model.cluster_centers_[model.labels_]) ** 2).sum(axis=1)
    withinss = np.bincount(model.labels_, weights=squares, minlength=k)
    compute_seconds = time.perf_counter() - clock

    clock = time.perf_counter()
    customers.to_csv(target, index=False)
    write_seconds = time.perf_counter() - clock

    table = pd.DataFrame({"cluster": np.arange(1, k + 1), "size": size[order],
                          "withinss": withinss[order]})
    means = pd.DataFrame(values, columns=cols).groupby(model.labels_).mean()
    for col in cols:
        table[col] = means[col].to_numpy()[order]
    table.to_csv(centroids, index=False, float_format="%.17g")
    print(f"seconds read {read_seconds:.3f} compute {compute_seconds:.3f} "
          f"write {write_seconds:.3f}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 8:
        sys.exit("usage: sklearn-kmeans.py K COLS SEED RESTARTS INPUT OUTPUT "
                 "CENTROIDS")
    main(*sys.argv[1:])
