// duckdb-recommend.js THREADS INPUT AS_OF OUTPUT: crm-recommend's lists
// in DuckDB (@duckdb/node-api), for scripts/bench, the way an analyst
// would write item-based collaborative filtering in SQL: the distinct
// (customer, item) pairs up to AS_OF, their self-join on the customer for
// the co-occurrence counts C_ij, cosine C_ij / sqrt(c_i c_j) for pairs
// bought together by at least 2 customers, each item's 20 best neighbours
// (ties: more customers, then the item), and per customer the sum of the
// neighbour similarities of its items over the items it has not bought,
// the best 10 (ties: more buyers, then the item) with the bought item of
// the largest term (ties: the first item).
//
// What it does not do, that crm-recommend does: leave out customers with
// more than 500 items (none has that many in the bench files), fill short
// lists with popular items, weigh by recency, read Chinese headers or
// reject bad rows. Writes customer_id,rank,item,score,because with a
// header, customers sorted by id. Run with NODE_PATH pointing at the
// node_modules that holds the package.
'use strict';
const { duckdbMain, quote } = require('./duckdb-main.js');

duckdbMain('duckdb-recommend.js', ['INPUT', 'AS_OF', 'OUTPUT'],
    async (db, input, asOf, output) => {
	await db.run(`
	    CREATE TABLE pairs AS
	    SELECT DISTINCT CAST(customer_id AS VARCHAR) AS customer_id,
	           CAST(item AS VARCHAR) AS item
	    FROM read_csv(${quote(input)}, header = true)
	    WHERE CAST(order_date AS DATE) <= DATE ${quote(asOf)}`);
	await db.run(`
	    CREATE TABLE buyers AS
	    SELECT item, count(*) AS c FROM pairs GROUP BY item`);
	await db.run(`
	    CREATE TABLE neighbours AS
	    WITH cooc AS (
	        SELECT a.item AS i, b.item AS j, count(*) AS n
	        FROM pairs a JOIN pairs b
	          ON a.customer_id = b.customer_id AND a.item <> b.item
	        GROUP BY 1, 2 HAVING count(*) >= 2)
	    SELECT i, j, n / sqrt(bi.c * bj.c) AS s
	    FROM cooc JOIN buyers bi ON bi.item = i JOIN buyers bj ON bj.item = j
	    QUALIFY row_number() OVER (PARTITION BY i
	        ORDER BY n / sqrt(bi.c * bj.c) DESC, n DESC, j) <= 20`);
	await db.run(`
	    COPY (
	        WITH terms AS (
	            SELECT p.customer_id, nb.j AS item, nb.i, nb.s
	            FROM pairs p JOIN neighbours nb ON nb.i = p.item
	            ANTI JOIN pairs q
	              ON q.customer_id = p.customer_id AND q.item = nb.j),
	        scores AS (
	            SELECT customer_id, item, sum(s) AS score,
	                   first(i ORDER BY s DESC, i) AS because
	            FROM terms GROUP BY 1, 2)
	        SELECT customer_id,
	               row_number() OVER (PARTITION BY customer_id
	                   ORDER BY score DESC, b.c DESC, scores.item) AS rank,
	               scores.item AS item, score, because
	        FROM scores JOIN buyers b ON b.item = scores.item
	        QUALIFY rank <= 10
	        ORDER BY customer_id, rank
	    ) TO ${quote(output)} (FORMAT csv, HEADER true)`);
});
