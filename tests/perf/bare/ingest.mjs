// Bare reference for W3 (chat ingest): Fastify + pg + socket.io on one HTTP server, doing what a
// message post must do and nothing else: in one transaction, bump the thread's seq, insert the
// message, append an audit event to the hash chain (same lock, same canonical form and hashes as
// AuditService.append), then push `message.created` to the thread's room after the commit.
//   POST /threads/:id/messages  { body }  → 201 { id, threadId, seq, body, createdAt }
// With BARE_PREFIX=/api it also answers /api/health and a token-less /api/auth/login, so the
// harness's real-time code can be exercised against it (bench --selftest-realtime).
import { createHash, randomBytes } from 'node:crypto';

import Fastify from 'fastify';
import pg from 'pg';
import { Server } from 'socket.io';

const CHAIN_LOCK_KEY = 7_301_982_014;
const GENESIS_HASH = '0'.repeat(64);
const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
const canonical = (value) =>
  JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const authorId = process.env.BARE_AUTHOR_ID;
const app = Fastify({ logger: false });
const io = new Server(app.server, {
  path: '/socket.io',
  serveClient: false,
  perMessageDeflate: false,
  transports: ['websocket', 'polling'],
});
io.on('connection', (socket) => {
  socket.on('subscribe', (body, ack) => {
    void socket.join(body.room);
    if (typeof ack === 'function') {
      ack({ ok: true });
    }
  });
});

const prefix = process.env.BARE_PREFIX ?? '';
app.get(`${prefix}/health`, async () => ({ status: 'ok' }));
if (prefix) {
  app.post(`${prefix}/auth/login`, async () => ({ accessToken: 'selftest' }));
}
app.post(`${prefix}/threads/:id/messages`, async (request, reply) => {
  const threadId = request.params.id;
  const body = String(request.body?.body ?? '');
  const client = await pool.connect();
  let view;
  try {
    await client.query('BEGIN');
    const { rows: seqRows } = await client.query(
      `UPDATE threads SET last_seq = last_seq + 1, message_count = message_count + 1, last_message_at = now(), updated_at = now()
        WHERE id = $1 RETURNING last_seq, message_count`,
      [threadId],
    );
    const seq = Number(seqRows[0].last_seq);
    const { rows } = await client.query(
      'INSERT INTO messages (thread_id, number, seq, author_id, body) VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at',
      [threadId, seqRows[0].message_count, seq, authorId, body],
    );
    view = { id: rows[0].id, threadId, seq, body, createdAt: rows[0].created_at.toISOString() };
    const salt = randomBytes(16).toString('hex');
    const dataText = canonical(view);
    const digest = sha256(salt + dataText);
    await client.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY]);
    const { rows: headRows } = await client.query('SELECT seq, hash, at FROM audit_events ORDER BY seq DESC LIMIT 1');
    const head = headRows[0];
    const eventSeq = head ? Number(head.seq) + 1 : 1;
    const prevHash = head?.hash ?? GENESIS_HASH;
    const now = new Date();
    const at = head && head.at > now ? new Date(head.at.getTime() + 1) : now;
    const text = canonical({
      v: 1,
      seq: eventSeq,
      at: at.toISOString(),
      actor: `user:${authorId}`,
      action: 'message.created',
      entityType: 'message',
      entityId: view.id,
      subject: `thread:${threadId}`,
      dataDigest: digest,
    });
    await client.query(
      `INSERT INTO audit_events (seq, at, actor, action, entity_type, entity_id, subject, data_digest, prev_hash, hash, canonical, data, salt)
       VALUES ($1, $2, $3, 'message.created', 'message', $4, $5, $6, $7, $8, $9, $10, $11)`,
      [eventSeq, at, `user:${authorId}`, view.id, `thread:${threadId}`, digest, prevHash, sha256(prevHash + text), text, dataText, salt],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  io.to(`thread:${threadId}`).emit('message.created', view);
  return reply.code(201).send(view);
});

await app.listen({ port: Number(process.env.PORT ?? 3997), host: '127.0.0.1' });
process.on('SIGTERM', () => {
  io.close();
  void app
    .close()
    .then(() => pool.end())
    .then(() => process.exit(0));
});
