import type { ReportView } from '@suivi/contracts';
import type { EntitySubscriberInterface } from 'typeorm';

import { listen, record, SocketPool, subscribe, eventually } from './support/sockets';
import { bearer, signIn, startTestApp, type TestApp } from './support/test-app';

// One write walked end to end (README, "One write, from HTTP to the socket and the notification"):
// an independent assessment, its database round trips counted inside its transaction and after
// its commit, until its room and its follower have heard of it. The counts are printed for the
// README and bound here, so a change that adds reads to the busiest write path shows.

describe('one write, counted: an independent assessment from HTTP to the push and the notification', () => {
  let t: TestApp;
  let url: string;
  const pool = new SocketPool(() => url);

  beforeAll(async () => {
    t = await startTestApp();
    url = await listen(t);
  });
  afterAll(async () => {
    pool.closeAll();
    await t?.close();
  });

  it('reads the report and the commitment once for both the answer and the room, and the page needs no second request', async () => {
    const [civil, justice] = await Promise.all([signIn(t, 'civil@suivi.demo'), signIn(t, 'justice@suivi.demo')]);
    const [commitment] = await t.db.query(
      `SELECT c.id FROM commitments c JOIN organizations o ON o.id = c.owner_id
        WHERE o.stakeholder_group <> 'civil_society' ORDER BY c.created_at, c.id LIMIT 1`,
    );
    await t.http().post('/api/follows').set(bearer(justice)).send({ subjectType: 'commitment', subjectId: commitment.id }).expect(201);
    const room = await pool.connect();
    expect(await subscribe(room, `commitment:${commitment.id}`)).toEqual({ ok: true });
    const heard = record(room, 'report.created', 'commitment.updated');
    const told = record(await pool.connect(justice.token), 'notification');

    const queries: string[] = [];
    let counting = false;
    const counter: EntitySubscriberInterface = {
      beforeQuery: (event) => {
        if (counting) {
          queries.push(event.query.replace(/\s+/g, ' ').trim());
        }
      },
    };
    t.db.subscribers.push(counter);
    counting = true;
    const res = await t
      .http()
      .post(`/api/commitments/${commitment.id}/reports`)
      .set(bearer(civil))
      .send({ kind: 'independent_assessment', status: 'stalled', narrative: { en: 'The court in Gao has no clerk.' } })
      .expect(201);
    const answered = queries.length;
    await eventually(() => expect(heard.map((e) => e.event).sort()).toEqual(['commitment.updated', 'report.created']));
    await eventually(() => expect(told).toHaveLength(1));
    counting = false;
    t.db.subscribers.splice(t.db.subscribers.indexOf(counter), 1);

    const inTransaction = queries.indexOf('COMMIT') + 1;
    const figures = { inTransaction, toAnswer: answered, total: queries.length };
    process.stdout.write(
      `write path (independent assessment): ${JSON.stringify(figures)}\n${queries.map((q) => `  ${q.slice(0, 110)}`).join('\n')}\n`,
    );

    const report = res.body as ReportView;
    expect(report.commitment).toMatchObject({ id: commitment.id });
    const afterCommit = queries.slice(inTransaction);
    const reads = (from: string) => afterCommit.filter((q) => q.startsWith('SELECT') && q.includes(`FROM ${from} `)).length;
    // After the commit, the answer (its author's view) and the room (the public's) share one read
    // of the report and one of the commitment; before issue 13 the page then asked for the
    // commitment again.
    expect({ report: reads('progress_reports p'), commitment: reads('commitments c') }).toEqual({ report: 1, commitment: 1 });
  });
});
