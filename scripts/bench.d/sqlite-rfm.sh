#!/bin/sh
# sqlite-rfm.sh INPUT OUTPUT: load the order CSV into an in-memory sqlite
# database with the sqlite3 shell and run rfm.sql, writing CSV. The table
# is declared first so that amount is REAL (.import alone makes every
# column TEXT, and TEXT compares greater than any number); the separator
# line keeps LF line ends (.mode csv alone writes CRLF).
set -eu
[ $# -eq 2 ] || { echo "usage: sqlite-rfm.sh INPUT OUTPUT" >&2; exit 2; }
here=$(dirname "$0")
sqlite3 -bail :memory: <<SQL
CREATE TABLE orders (customer_id TEXT, order_date TEXT, amount REAL);
.import --csv --skip 1 "$1" orders
.headers on
.mode csv
.separator , "\n"
.output "$2"
.read "$here/rfm.sql"
SQL
