// Bare references for the HTTP benchmarks: plain Fastify (logger off, as in Fastify's own
// benchmark), with `pg` for the SQL the API runs, and a route returning the dashboard's JSON.
//   GET /hello            {"hello":"world"}                            (R1)
//   GET /sql/:name        the captured query <name>, as { items, total, page, pageSize } (R2, R3)
//   GET /json             the JSON file BARE_JSON_FILE, serialised on every request   (R4)
import { readFileSync } from 'node:fs';

import Fastify from 'fastify';
import pg from 'pg';

const app = Fastify({ logger: false });
const queries = process.env.BARE_SQL_FILE ? JSON.parse(readFileSync(process.env.BARE_SQL_FILE, 'utf8')) : {};
const json = process.env.BARE_JSON_FILE ? JSON.parse(readFileSync(process.env.BARE_JSON_FILE, 'utf8')) : null;
// The API's pool has 10 connections; the reference gets the same.
const pool = process.env.DATABASE_URL ? new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 }) : null;

app.get('/hello', async () => ({ hello: 'world' }));

app.get('/sql/:name', async (request, reply) => {
  const query = queries[request.params.name];
  if (!query || !pool) {
    return reply.code(404).send({ error: 'no such query' });
  }
  const { rows } = await pool.query(query.text, query.values);
  return { items: rows, total: rows.length ? Number(rows[0].total_count) : 0, page: 1, pageSize: 50 };
});

app.get('/json', async () => json);

await app.listen({ port: Number(process.env.PORT ?? 3999), host: '127.0.0.1' });
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => pool?.end())
    .then(() => process.exit(0));
});
