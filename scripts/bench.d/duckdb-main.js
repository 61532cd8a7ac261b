// duckdb-main.js: what the DuckDB peers of scripts/bench share: the
// command line (THREADS and the peer's own arguments), a DuckDB
// (@duckdb/node-api) of that many threads with one connection, and one
// line on standard error with exit status 1 when the query fails.
'use strict';
const { DuckDBInstance } = require('@duckdb/node-api');

// A string as an SQL literal.
const quote = (s) => "'" + s.replace(/'/g, "''") + "'";

// Run work(connection, ...args) for the command line THREADS ARGS...,
// where params names ARGS for the usage line.
function duckdbMain(name, params, work) {
	const [threads, ...args] = process.argv.slice(2);
	if (args.length < params.length) {
		console.error(`usage: ${name} THREADS ${params.join(' ')}`);
		process.exit(2);
	}
	(async () => {
		const instance = await DuckDBInstance.create(':memory:',
		    { threads: String(threads) });
		const connection = await instance.connect();
		await work(connection, ...args);
		connection.closeSync();
		instance.closeSync();
	})().catch((err) => {
		console.error(`${name}: ${err.message}`);
		process.exit(1);
	});
}

module.exports = { duckdbMain, quote };
