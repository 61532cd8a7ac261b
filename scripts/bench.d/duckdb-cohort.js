// duckdb-cohort.js THREADS INPUT OUTPUT: crm-cohort's monthly cohort
// table in DuckDB (@duckdb/node-api), for scripts/bench: the same numbers
// as pandas-cohort.py (cohort = month of the first purchase, amount >= 0;
// per cohort and month since: customers, active, net revenue; a return
// before the first purchase counts in month 0). Writes CSV with a header.
'use strict';
const { duckdbMain, quote } = require('./duckdb-main.js');

duckdbMain('duckdb-cohort.js', ['INPUT', 'OUTPUT'],
    async (connection, input, output) => {
	await connection.run(`
	    COPY (
	        WITH o AS (
	            SELECT customer_id, amount,
	                   year(order_date) * 12 + month(order_date) - 1 AS m
	            FROM read_csv(${quote(input)}, header = true,
	                          types = {'customer_id': 'VARCHAR'})),
	        f AS (
	            SELECT customer_id, min(m) AS c FROM o
	            WHERE amount >= 0 GROUP BY 1),
	        s AS (SELECT c, count(*) AS customers FROM f GROUP BY 1)
	        SELECT printf('%04d-%02d', f.c // 12, f.c % 12 + 1) AS cohort,
	               greatest(o.m - f.c, 0) AS period,
	               any_value(s.customers) AS customers,
	               count(DISTINCT o.customer_id)
	                   FILTER (WHERE o.amount >= 0) AS active,
	               sum(o.amount) AS revenue
	        FROM o JOIN f USING (customer_id) JOIN s USING (c)
	        GROUP BY f.c, 2
	    ) TO ${quote(output)} (FORMAT csv, HEADER true)`);
});
