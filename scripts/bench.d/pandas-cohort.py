"""pandas-cohort.py INPUT OUTPUT: crm-cohort's monthly cohort table in
pandas, for scripts/bench. A customer's cohort is the month of its first
purchase (a row with amount >= 0); per cohort and month since then: the
cohort's customers, those who bought (active) and the net amount of all
rows (returns subtract; a return before the first purchase counts in
month 0). Customers with only returns are in no cohort. Writes
cohort,period,customers,active,revenue for the (cohort, period) pairs
that have rows."""
import sys

import pandas as pd


def main(source, target):
    orders = pd.read_csv(source, dtype={"customer_id": str,
                                        "order_date": str,
                                        "amount": "float64"})
    day = pd.to_datetime(orders["order_date"], format="%Y-%m-%d")
    orders["month"] = day.dt.year * 12 + day.dt.month - 1
    purchase = orders["amount"] >= 0
    first = orders.loc[purchase].groupby("customer_id")["month"].min()
    orders = orders.join(first.rename("cohort"), on="customer_id",
                         how="inner")
    orders["period"] = (orders["month"] - orders["cohort"]).clip(lower=0)
    keys = ["cohort", "period"]
    table = pd.DataFrame({
        "active": orders.loc[orders["amount"] >= 0]
        .groupby(keys)["customer_id"].nunique(),
        "revenue": orders.groupby(keys)["amount"].sum(),
    }).fillna(0).reset_index()
    table["customers"] = table["cohort"].map(first.value_counts())
    table["cohort"] = table["cohort"].map(
        lambda m: "%04d-%02d" % (m // 12, m % 12 + 1))
    table[["cohort", "period", "customers", "active", "revenue"]].to_csv(
        target, index=False, float_format="%.2f")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: pandas-cohort.py INPUT OUTPUT")
    main(sys.argv[1], sys.argv[2])
