// duckdb-rfm.js THREADS INPUT OUTPUT: the crm-rfm aggregation in DuckDB
// (@duckdb/node-api), for scripts/bench. Per customer: last purchase date,
// purchase count and net amount, where a purchase is a row with
// amount >= 0 and returns (amount < 0) only reduce the sum, as in
// crm-rfm --frequency rows --returns net. Writes CSV with a header.
// Run with NODE_PATH pointing at the node_modules that holds the package.
'use strict';
const { duckdbMain, quote } = require('./duckdb-main.js');

duckdbMain('duckdb-rfm.js', ['INPUT', 'OUTPUT'],
    async (connection, input, output) => {
	await connection.run(`
	    COPY (
	        SELECT customer_id,
	               max(order_date) FILTER (WHERE amount >= 0) AS last_date,
	               count(*) FILTER (WHERE amount >= 0) AS frequency,
	               sum(amount) AS monetary
	        FROM read_csv(${quote(input)}, header = true)
	        GROUP BY 1
	    ) TO ${quote(output)} (FORMAT csv, HEADER true)`);
});
