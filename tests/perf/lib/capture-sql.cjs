// Preloaded into the API (node -r) during the harness's capture step only: records the SQL text
// and parameters of every query whose text contains SUIVI_BENCH_SQL_MARK, one JSON line each, so
// the bare reference runs exactly the SQL the service ran.
const { appendFileSync } = require('node:fs');
const pg = require('pg');

const file = process.env.SUIVI_BENCH_SQL_FILE;
const mark = process.env.SUIVI_BENCH_SQL_MARK || 'total_count';
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function capture(config, values, callback) {
  const text = typeof config === 'string' ? config : config && config.text;
  if (file && typeof text === 'string' && text.includes(mark)) {
    const params = Array.isArray(values) ? values : (config && config.values) || [];
    appendFileSync(file, `${JSON.stringify({ text, values: params })}\n`);
  }
  return query.apply(this, arguments);
};
