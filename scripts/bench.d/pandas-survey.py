"""pandas (and scipy for the t quantile) peer of `crm-survey --by survey
--min-n 1`: per survey and metric the number of answers, the score, its
standard error and 95% interval: NPS in points with the variance
(p+ + p- - (p+ - p-)^2) / n and a Wald interval cut to -100..100; CSAT
the percentage of 4s and 5s with the Wilson interval; CES the mean with
the Student t interval.

Usage: pandas-survey.py ANSWERS OUT
"""
import math
import sys

import numpy as np
import pandas as pd
from scipy import stats

Z = stats.norm.ppf(0.975)


def nps(s):
    n = len(s)
    pp, pd_ = (s >= 9).mean(), (s <= 6).mean()
    v = pp - pd_
    se = math.sqrt(max(0.0, (pp + pd_ - v * v) / n))
    return n, 100 * v, 100 * se, 100 * max(-1, v - Z * se), 100 * min(1, v + Z * se)


def csat(s):
    n = len(s)
    p = (s >= 4).mean()
    z2n = Z * Z / n
    centre = (p + z2n / 2) / (1 + z2n)
    half = Z / (1 + z2n) * math.sqrt(p * (1 - p) / n + z2n / (4 * n))
    return (n, 100 * p, 100 * math.sqrt(p * (1 - p) / n),
            100 * max(0, centre - half), 100 * min(1, centre + half))


def ces(s):
    n = len(s)
    mean, sd = s.mean(), s.std(ddof=1)
    se = sd / math.sqrt(n)
    t = stats.t.ppf(0.975, n - 1)
    return n, mean, se, mean - t * se, mean + t * se


def main(answers, out):
    df = pd.read_csv(answers, dtype={"customer_id": str, "survey": str,
                                     "question": str, "score": np.int64})
    rows = []
    for (survey, question), group in df.groupby(["survey", "question"]):
        f = {"nps": nps, "csat": csat, "ces": ces}[question]
        rows.append((survey, question) + f(group["score"]))
    result = pd.DataFrame(rows, columns=["survey", "metric", "responses",
                                         "score", "se", "ci_low", "ci_high"])
    order = {"nps": 0, "csat": 1, "ces": 2}
    result = result.sort_values(["survey", "metric"],
                                key=lambda c: c.map(order) if c.name == "metric" else c)
    result.to_csv(out, index=False)


if __name__ == "__main__":
    main(*sys.argv[1:3])
