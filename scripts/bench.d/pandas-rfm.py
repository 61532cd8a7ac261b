"""pandas-rfm.py INPUT OUTPUT: the crm-rfm aggregation in pandas, for
scripts/bench. Per customer: last purchase date, purchase count and net
amount; a purchase is a row with amount >= 0, and a return (amount < 0)
only reduces the sum, as crm-rfm --frequency rows does."""
import sys

import pandas as pd


def main(source, target):
    orders = pd.read_csv(source, dtype={"customer_id": str,
                                        "order_date": str,
                                        "amount": "float64"})
    # Dates become datetime64 (as crm-rfm parses them into days), which
    # also lets max() skip the NaT of returns in compiled code.
    order_date = pd.to_datetime(orders["order_date"], format="%Y-%m-%d")
    customer = orders["customer_id"]
    purchase = orders["amount"] >= 0
    summary = pd.DataFrame({
        "last_date": order_date.where(purchase)
        .groupby(customer, sort=False).max(),
        "frequency": purchase.groupby(customer, sort=False).sum(),
        "monetary": orders["amount"].groupby(customer, sort=False).sum(),
    })
    summary.to_csv(target, index_label="customer_id", float_format="%.2f",
                   date_format="%Y-%m-%d")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: pandas-rfm.py INPUT OUTPUT")
    main(sys.argv[1], sys.argv[2])
