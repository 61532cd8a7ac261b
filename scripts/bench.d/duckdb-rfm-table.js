// duckdb-rfm-table.js THREADS INPUT OUTPUT AS_OF: crm-rfm's whole table
// in DuckDB (@duckdb/node-api), for scripts/bench: what an analyst writes
// in SQL for `crm-rfm --frequency rows --as-of AS_OF` (weeks, 5 bins, the
// rfm segment map of crm-rfm(1)). Per customer, from its rows up to
// AS_OF: first and last purchase day (a purchase is a row with amount >=
// 0), recency and tenure in days, purchase rows, net amount, its mean
// over the purchase rows, x (purchase days - 1), t_x and T in weeks, the
// mean purchase value of the days after the first; then the R, F and M
// scores 1 + floor(5 * worse / n), the code and the segment. Customers
// with no purchase are left out. Rows come out in no particular order;
// scripts/bench compares them by customer_id (bench.d/rfm-table.awk).
'use strict';
const { duckdbMain, quote } = require('./duckdb-main.js');

// FM = round((F + M) / 2), up at one half; each cell of crm-rfm(1)'s map.
const segment = `
	CASE
	    WHEN (r = 5 AND fm >= 4) OR (r = 4 AND fm = 5) THEN 'Champions'
	    WHEN (r = 4 AND fm = 4) OR (r = 3 AND fm >= 4) THEN 'Loyal'
	    WHEN r >= 4 AND fm BETWEEN 2 AND 3 THEN 'Potential Loyalist'
	    WHEN r = 5 AND fm = 1 THEN 'New'
	    WHEN r = 4 AND fm = 1 THEN 'Promising'
	    WHEN r = 3 AND fm = 3 THEN 'Need Attention'
	    WHEN r = 3 THEN 'About to Sleep'
	    WHEN (r = 2 AND fm BETWEEN 3 AND 4) OR (r = 1 AND fm = 3)
	        THEN 'At Risk'
	    WHEN (r = 2 AND fm = 5) OR (r = 1 AND fm >= 4)
	        THEN 'Can''t Lose Them'
	    WHEN r = 2 THEN 'Hibernating'
	    ELSE 'Lost'
	END`;

duckdbMain('duckdb-rfm-table.js', ['INPUT', 'OUTPUT', 'AS_OF'],
    async (connection, input, output, asOf) => {
	const day = `DATE ${quote(asOf)}`;
	await connection.run(`
	    COPY (
	        WITH o AS (
	            SELECT customer_id, order_date::DATE AS d,
	                   amount::DECIMAL(18, 2) AS a
	            FROM read_csv(${quote(input)}, header = true)
	            WHERE order_date::DATE <= ${day}
	        ),
	        purchase_days AS (
	            SELECT customer_id, d, sum(a) AS gross
	            FROM o WHERE a >= 0
	            GROUP BY customer_id, d
	        ),
	        by_days AS (
	            SELECT customer_id, min(d) AS first_day, max(d) AS last_day,
	                   count(*) AS days, sum(gross) AS gross,
	                   arg_min(gross, d) AS first_gross
	            FROM purchase_days GROUP BY customer_id
	        ),
	        by_rows AS (
	            SELECT customer_id,
	                   count(*) FILTER (WHERE a >= 0) AS frequency,
	                   sum(a) AS monetary
	            FROM o GROUP BY customer_id
	        ),
	        summary AS (
	            SELECT customer_id, first_day, last_day,
	                   ${day} - last_day AS recency_days, frequency,
	                   monetary,
	                   round(monetary / frequency, 4) AS avg_value,
	                   ${day} - first_day AS tenure_days, days - 1 AS x,
	                   (last_day - first_day) / 7::DOUBLE AS t_x,
	                   (${day} - first_day) / 7::DOUBLE AS "T",
	                   CASE WHEN days > 1 THEN round((gross - first_gross) /
	                       (days - 1), 4) ELSE 0 END AS repeat_avg
	            FROM by_days JOIN by_rows USING (customer_id)
	        ),
	        scored AS (
	            SELECT *,
	                   1 + 5 * (rank() OVER (ORDER BY recency_days DESC) - 1)
	                       // count(*) OVER () AS r,
	                   1 + 5 * (rank() OVER (ORDER BY frequency) - 1)
	                       // count(*) OVER () AS f,
	                   1 + 5 * (rank() OVER (ORDER BY monetary) - 1)
	                       // count(*) OVER () AS m
	            FROM summary
	        ),
	        mapped AS (
	            SELECT *, (f + m + 1) // 2 AS fm FROM scored
	        )
	        SELECT customer_id, first_day AS first_date,
	               last_day AS last_date, recency_days, frequency, monetary,
	               avg_value, tenure_days, x, t_x, "T", repeat_avg,
	               r AS r_score, f AS f_score, m AS m_score,
	               r::VARCHAR || f::VARCHAR || m::VARCHAR AS rfm,
	               ${segment} AS segment
	        FROM mapped
	    ) TO ${quote(output)} (FORMAT csv, HEADER true)`);
});
