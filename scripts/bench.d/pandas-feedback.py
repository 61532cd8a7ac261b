"""pandas peer of `crm-feedback --summary category`: classify tickets by
the same keyword set (first category in file order whose keyword the
lower-cased text contains), then per category the ticket count, the open
count, and the median and 90th percentile of the response and resolution
times in hours, over whole minutes (crm-feedback's resolution; pandas'
default quantile is the same type 7). A ticket without a first response
was answered by its resolution.

Usage: pandas-feedback.py CATEGORIES TICKETS OUT
"""
import re
import sys

import pandas as pd


def main(categories, tickets, out):
    with open(categories, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split(",", 1) for line in f][1:]
    df = pd.read_csv(tickets, dtype=str, keep_default_na=False)
    text = df["text"].str.lower()
    category = pd.Series("uncategorized", index=df.index)
    left = pd.Series(True, index=df.index)
    for name, keywords in rows:
        pattern = "|".join(re.escape(k.lower()) for k in keywords.split("|"))
        hit = left & text.str.contains(pattern, regex=True)
        category[hit] = name
        left &= ~hit
    created = pd.to_datetime(df["created"])
    response = pd.to_datetime(df["first_response"].replace("", None))
    resolved = pd.to_datetime(df["resolved"].replace("", None))
    answered = response.fillna(resolved)
    frame = pd.DataFrame({
        "category": category,
        "open": resolved.isna(),
        "response": (answered - created).dt.total_seconds() // 60,
        "resolve": (resolved - created).dt.total_seconds() // 60,
    })
    g = frame.groupby("category")
    result = pd.DataFrame({
        "tickets": g.size(),
        "open": g["open"].sum(),
        "response_median_hours": g["response"].quantile(0.5) / 60,
        "response_p90_hours": g["response"].quantile(0.9) / 60,
        "resolve_median_hours": g["resolve"].quantile(0.5) / 60,
        "resolve_p90_hours": g["resolve"].quantile(0.9) / 60,
    })
    result.sort_index().to_csv(out, index_label="category")


if __name__ == "__main__":
    main(*sys.argv[1:4])
