"""pandas-tiers.py COLUMN SPEC INPUT OUTPUT: crm-segment --name tier
--tiers COLUMN=SPEC in pandas, for scripts/bench. SPEC is
LABEL:SHARE,...,LABEL (shares of customers, best first, the last label
takes the rest). Every input column is kept as text and a tier column
added, so the output can be compared with crm-segment's byte for byte.

The tie rule is crm-segment's, written the pandas way: rank with
method="min" (1 + the number of customers with a strictly greater
value), then pd.cut of that count by the cumulative shares times the
number of customers, with intervals closed on the left, so a customer is
in the first tier whose cumulative share times the count exceeds the
number strictly above it, and equal values always share a tier. What
differs: pandas compares float64 values and float shares, where
crm-segment compares exact decimals and shares in billionths, and pandas
would put a missing value in no tier (NaN) where crm-segment stops with
an error.

Prints "seconds read R compute C write W" on stderr."""
import sys
import time

import numpy as np
import pandas as pd


def parse_spec(spec):
    labels, shares = [], []
    for item in spec.split(","):
        label, _, share = item.partition(":")
        labels.append(label)
        shares.append(float(share) if share else None)
    if shares[-1] is None:
        shares[-1] = 1 - sum(shares[:-1])
    return labels, shares


def main(column, spec, source, target):
    clock = time.perf_counter()
    # Text in, text out: the other columns pass through untouched.
    customers = pd.read_csv(source, dtype=str, keep_default_na=False)
    read_seconds = time.perf_counter() - clock

    clock = time.perf_counter()
    labels, shares = parse_spec(spec)
    value = pd.to_numeric(customers[column])
    above = value.rank(method="min", ascending=False) - 1
    cuts = np.cumsum(shares[:-1]) * len(customers)
    customers["tier"] = pd.cut(above, bins=[-np.inf, *cuts, np.inf],
                               right=False, labels=labels)
    compute_seconds = time.perf_counter() - clock

    clock = time.perf_counter()
    customers.to_csv(target, index=False)
    write_seconds = time.perf_counter() - clock
    print(f"seconds read {read_seconds:.3f} compute {compute_seconds:.3f} "
          f"write {write_seconds:.3f}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: pandas-tiers.py COLUMN SPEC INPUT OUTPUT")
    main(*sys.argv[1:])
