// duckdb-dedupe.js THREADS INPUT OUTPUT: the duplicate search an analyst
// writes in SQL, in DuckDB (@duckdb/node-api), for scripts/bench's dedupe
// section. Each record gets normalized keys: the phone's digits without
// +86/0086/86 before a mobile, the e-mail in lower case without spaces,
// the name in lower case without spaces and punctuation with its city
// (市 dropped). Records that share a key are one customer, transitively:
// every record takes the smallest customer_id among those sharing any of
// its keys, repeated until nothing changes (label propagation, the
// connected components of the key graph). No fuzzy comparison, no
// weights, no model: exact agreement on a normalized key, what crm-dedupe
// adds Fellegi-Sunter scoring to. Writes customer_id,cluster_id.
// Run with NODE_PATH pointing at the node_modules that holds the package.
'use strict';
const { duckdbMain, quote } = require('./duckdb-main.js');

const KEYS = ['phone_key', 'email_key', 'name_key'];

async function scalar(connection, sql) {
	const reader = await connection.runAndReadAll(sql);
	return reader.getRows()[0][0];
}

duckdbMain('duckdb-dedupe.js', ['INPUT', 'OUTPUT'],
    async (c, input, output) => {
	await c.run(`
	    CREATE TABLE p AS
	    WITH raw AS (
	        SELECT customer_id,
	               regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g') AS d,
	               lower(regexp_replace(coalesce(email, ''), '\\s', '', 'g')) AS e,
	               lower(regexp_replace(coalesce(name, ''), '[\\s,.''-]', '', 'g')) AS n,
	               regexp_replace(trim(coalesce(city, '')), '市$', '') AS c
	        FROM read_csv(${quote(input)}, header = true, all_varchar = true))
	    SELECT customer_id, customer_id AS label,
	           nullif(CASE WHEN d LIKE '0086%' THEN d[5:]
	                       WHEN d LIKE '86%' AND length(d) = 13 THEN d[3:]
	                       ELSE d END, '') AS phone_key,
	           nullif(e, '') AS email_key,
	           CASE WHEN n <> '' AND c <> '' THEN n || '|' || c END AS name_key
	    FROM raw`);
	for (let round = 0; round < 50; round++) {
		const least = KEYS.map((k) => `CASE WHEN ${k} IS NULL THEN label ` +
		    `ELSE min(label) OVER (PARTITION BY ${k}) END`).join(', ');
		await c.run(`CREATE OR REPLACE TABLE q AS
		    SELECT customer_id, least(label, ${least}) AS label,
		           ${KEYS.join(', ')} FROM p`);
		const changed = await scalar(c, `SELECT count(*) FROM p JOIN q
		    USING (customer_id) WHERE p.label <> q.label`);
		await c.run('DROP TABLE p; ALTER TABLE q RENAME TO p');
		if (Number(changed) === 0)
			break;
	}
	await c.run(`COPY (SELECT customer_id, label AS cluster_id FROM p)
	    TO ${quote(output)} (FORMAT csv, HEADER true)`);
});
