"""sqlite-rfm.py INPUT OUTPUT: the sqlite peer through Python's sqlite3
module, for machines without the sqlite3 shell: loads the CSV into an
in-memory database and runs rfm.sql, writing CSV."""
import csv
import os
import sqlite3
import sys


def main(source, target):
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "rfm.sql"), encoding="utf-8") as f:
        query = f.read()
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE orders "
               "(customer_id TEXT, order_date TEXT, amount REAL)")
    with open(source, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        next(rows)
        db.executemany("INSERT INTO orders VALUES (?, ?, ?)", rows)
    cursor = db.execute(query)
    with open(target, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(d[0] for d in cursor.description)
        out.writerows(cursor)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: sqlite-rfm.py INPUT OUTPUT")
    main(sys.argv[1], sys.argv[2])
