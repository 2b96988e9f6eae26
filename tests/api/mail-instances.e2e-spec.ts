import { randomBytes } from 'node:crypto';

import request from 'supertest';

import { TEST_CLOCK_KEY } from '../../apps/api/src/clock/clock';
import { scratchDatabase, startApiProcess, type ApiProcess } from './support/api-process';
import { TestSmtpServer } from './support/smtp';
import { adminQuery, DEMO_PASSWORD } from './support/test-app';

const DAY = 24 * 3600 * 1000;
const RECIPIENTS = 50;

// Two built API processes with the same configuration on one PostgreSQL database, both sweeping
// and sending (DESIGN.md, "Reminders are computed, not scheduled"; "Delivery is at least once").
// One is killed with SIGKILL in the middle of its batch — a test-only pause before each mail
// (MAIL_TEST_DELAY_MS, honoured under NODE_ENV=test only) places the kill while the SMTP server
// holds some but not all of the mails — and started again. Every occasion must be recorded once,
// every mail received at least once, and a second copy carry the first one's Message-ID.
const withServers = process.env['DATABASE_URL'] && process.env['REDIS_URL'] ? describe : describe.skip;

withServers('mail from two instances, one killed mid-batch', () => {
  const smtp = new TestSmtpServer();
  let database: { url: string; drop(): Promise<void> };
  let env: Record<string, string>;
  const apis: ApiProcess[] = [];

  beforeAll(async () => {
    await smtp.start();
    database = await scratchDatabase(process.env['DATABASE_URL'] ?? '', 'mailinst');
    env = {
      DATABASE_URL: database.url,
      REDIS_URL: process.env['REDIS_URL'] ?? '',
      REDIS_PREFIX: `mailinst-${process.pid}:`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      PSEUDONYM_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'https://suivi.example.org',
      // Both sweep every second and look at the outbox every second; a dead instance's claims lapse after 3 s.
      ROUND_TICK_EVERY: '1',
      MAIL_POLL_EVERY: '1',
      MAIL_LEASE_SECONDS: '3',
      MAIL_TEST_DELAY_MS: '120',
    };
    apis.push(await startApiProcess(env));
    apis.push(await startApiProcess(env));
  }, 180_000);

  afterAll(async () => {
    // The fixture's organisation and people were written behind the API on purpose: no verification of the record here.
    await Promise.all(apis.map((a) => a.stop({ verifyRecord: false }).catch(() => undefined)));
    await database?.drop();
    await smtp.stop();
  });

  it('records each of 50 occasions once and delivers every mail at least once, a copy with the same Message-ID', async () => {
    const [a] = apis;
    const http = () => request(a.baseUrl);
    const token = (await http().post('/api/auth/login').send({ email: 'secretariat@suivi.demo', password: DEMO_PASSWORD }).expect(200)).body
      .accessToken as string;
    const auth = { Authorization: `Bearer ${token}` };

    // An organisation with 50 active members and no focal point: each is a recipient of its reminders.
    // Their asks are off, so the round's opening mails nobody: the sweep alone makes the occasions.
    await adminQuery(
      database.url,
      `INSERT INTO organizations (id, name_en, name_fr, acronym, stakeholder_group)
       VALUES ('6a1b0000-0000-4000-8000-000000000050', 'Fifty Focal Ministry', 'Ministère des cinquante', 'M50', 'government');
       INSERT INTO users (email, display_name, locale, password_hash, status, role, organization_id, approved_at)
       SELECT 'person' || i || '@m50.test', 'Person ' || i, CASE WHEN i % 2 = 0 THEN 'fr' ELSE 'en' END,
              (SELECT password_hash FROM users WHERE email = 'justice@suivi.demo'), 'active', 'member',
              '6a1b0000-0000-4000-8000-000000000050', now()
         FROM generate_series(1, ${RECIPIENTS}) i;
       INSERT INTO email_preferences (user_id, category, cadence)
       SELECT id, 'asks', 'off' FROM users WHERE organization_id = '6a1b0000-0000-4000-8000-000000000050';`,
    );
    const dialogue = (
      await http()
        .post('/api/dialogues')
        .set(auth)
        .send({ title: { en: 'Fifty reminders' }, startDate: '2026-01-10', endDate: '2026-01-11' })
        .expect(201)
    ).body as { id: string };
    const recommendation = (
      await http()
        .post('/api/recommendations')
        .set(auth)
        .send({ dialogueId: dialogue.id, code: 'R50', text: { en: 'Report, all fifty.' } })
        .expect(201)
    ).body as { id: string };
    await http()
      .post('/api/commitments')
      .set(auth)
      .send({
        dialogueId: dialogue.id,
        title: { en: 'A commitment of fifty' },
        ownerId: '6a1b0000-0000-4000-8000-000000000050',
        recommendationIds: [recommendation.id],
      })
      .expect(201);
    const today = new Date().toISOString().slice(0, 10);
    const dueOn = new Date(Date.parse(`${today}T12:00:00Z`) + 10 * DAY).toISOString().slice(0, 10);
    await http()
      .post(`/api/dialogues/${dialogue.id}/rounds`)
      .set(auth)
      .send({ title: { en: 'Fifty round' }, opensOn: today, dueOn, inviteAssessments: false })
      .expect(201);
    expect(smtp.received).toHaveLength(0);

    // Both instances' clocks move to 08:00:30 in Bamako seven days before the due date: their sweeps meet on the same 50 occasions.
    const at = Date.parse(`${dueOn}T08:00:30Z`) - 7 * DAY;
    await adminQuery(
      database.url,
      `INSERT INTO app_settings (key, value) VALUES ('${TEST_CLOCK_KEY}', to_jsonb(${at - Date.now()}::bigint))
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
    );

    // Mid-batch: some mails are on the server, not all. Instance A dies without a word.
    const deadline = Date.now() + 60_000;
    while (smtp.received.length < 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const atKill = smtp.received.length;
    process.kill(a.pid, 'SIGKILL');
    expect(atKill).toBeGreaterThanOrEqual(1);
    expect(atKill).toBeLessThan(RECIPIENTS);
    apis[0] = await startApiProcess(env);

    const addresses = Array.from({ length: RECIPIENTS }, (_, i) => `person${i + 1}@m50.test`);
    const end = Date.now() + 90_000;
    while (addresses.some((address) => !smtp.to(address).length) && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const missing = addresses.filter((address) => !smtp.to(address).length);
    expect(missing).toEqual([]);

    // Each occasion recorded once, and marked sent (the last mails may still be between the server's acceptance and their mark).
    const { Client } = await import('pg');
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const outbox = async () =>
      (await client.query(`SELECT occasion_key, state, message_id FROM mail_outbox WHERE kind = 'round_reminder' ORDER BY occasion_key`))
        .rows as Array<{ occasion_key: string; state: string; message_id: string }>;
    let rows = await outbox();
    while (rows.some((r) => r.state !== 'sent') && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      rows = await outbox();
    }
    await client.end();
    expect(rows).toHaveLength(RECIPIENTS);
    expect(new Set(rows.map((r) => r.occasion_key)).size).toBe(RECIPIENTS);
    expect(rows.every((r) => r.state === 'sent')).toBe(true);

    // Every copy of one person's mail carries the same Message-ID, the one the outbox recorded.
    const recorded = new Map(rows.map((r) => [String(r.occasion_key).split(':').pop(), r.message_id as string]));
    let duplicates = 0;
    for (const address of addresses) {
      const mails = smtp.to(address);
      duplicates += mails.length - 1;
      expect(new Set(mails.map((m) => m.messageId)).size).toBe(1);
      expect(mails[0].subject).toMatch(/^Suivi — (Reports are due in 7 days|Des rapports sont attendus dans 7 jours)$/);
    }
    expect([...recorded.values()].every((id) => /^<[0-9a-f]{40}@suivi\.example\.org>$/.test(id))).toBe(true);
    // What the run saw, for the notes: how many copies the kill cost.
    console.log(
      `mail-instances: ${atKill} mails on the server at the kill; ${smtp.received.length} received for ${RECIPIENTS} occasions (${duplicates} second copies)`,
    );
  }, 240_000);
});
