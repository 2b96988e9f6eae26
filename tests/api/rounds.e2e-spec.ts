import type {
  AccountabilityReportView,
  CommitmentView,
  DialogueView,
  FocalPointsView,
  MyWork,
  NotificationPage,
  OrganizationView,
  RoundSummary,
  RoundView,
} from '@suivi/contracts';

import { parse } from 'csv-parse/sync';

import { AuditService } from '../../apps/api/src/audit/audit.service';
import { OpenDataService } from '../../apps/api/src/exports/open-data.service';
import { Clock } from '../../apps/api/src/clock/clock';
import { RoundTick } from '../../apps/api/src/rounds/round-tick.service';
import { eventually, listen, record, SocketPool, subscribe } from './support/sockets';
import { bearer, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

const DAY = 24 * 3600 * 1000;
const STRONG = 'a long passphrase for rounds 2026';

/**
 * Reporting rounds (issue 20, DESIGN.md "The follow-up routine"), on a dialogue of the suite's
 * own so the demo's round never overlaps: the rules (frozen scope, no overlap, limited edits,
 * automatic close by `system`), the derived request states, focal points, the people who act
 * being told, "my work", the live pushes, and the record: rounds and requests are bound, so a
 * change behind the API's back fails the full verification. The clock is moved, never waited on.
 */
describe('reporting rounds', () => {
  let t: TestApp;
  let secretariat: Session;
  let justice: Session;
  let civil: Session;
  let partner: Session;
  let clock: Clock;
  let tick: RoundTick;
  let orgs: OrganizationView[];
  let dialogueId: string;
  let recommendationId: string;
  const commitments: Record<string, string> = {};
  const org = (acronym: string) => orgs.find((o) => o.acronym === acronym) as OrganizationView;
  let today: string;
  const plus = (days: number) => new Date(Date.parse(`${today}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);
  let url = '';
  const sockets = new SocketPool(() => url);

  async function commitment(key: string, ownerAcronym: string, extra: Record<string, unknown> = {}): Promise<string> {
    const created = (
      await t
        .http()
        .post('/api/commitments')
        .set(bearer(secretariat))
        .send({
          dialogueId,
          title: { en: `Round test: ${key}`, fr: `Test de cycle : ${key}` },
          ownerId: org(ownerAcronym).id,
          recommendationIds: [recommendationId],
          ...extra,
        })
        .expect(201)
    ).body as CommitmentView;
    commitments[key] = created.id;
    return created.id;
  }
  const report = (session: Session, commitmentId: string, kind: 'self_report' | 'independent_assessment', status = 'in_progress') =>
    t
      .http()
      .post(`/api/commitments/${commitmentId}/reports`)
      .set(bearer(session))
      .send({ kind, status, narrative: { en: `A ${kind} for the round` } });
  const createRound = (body: Record<string, unknown>, session = secretariat) =>
    t.http().post(`/api/dialogues/${dialogueId}/rounds`).set(bearer(session)).send(body);
  const getRound = async (id: string) => (await t.http().get(`/api/rounds/${id}`).expect(200)).body as RoundView;
  const stateOf = (round: RoundView, key: string, track = 'self_report') =>
    round.requests.find((r) => r.commitmentId === commitments[key] && r.track === track)?.state;
  const notices = async (session: Session) =>
    ((await t.http().get('/api/notifications?pageSize=100').set(bearer(session)).expect(200)).body as NotificationPage).items;

  beforeAll(async () => {
    t = await startTestApp();
    clock = t.running.app.get(Clock);
    tick = t.running.app.get(RoundTick);
    today = await clock.today();
    [secretariat, justice, civil, partner] = await Promise.all(
      ['secretariat@suivi.demo', 'justice@suivi.demo', 'civil@suivi.demo', 'partner@suivi.demo'].map((email) => signIn(t, email)),
    );
    orgs = (await t.http().get('/api/organizations').expect(200)).body as OrganizationView[];
    const dialogue = (
      await t
        .http()
        .post('/api/dialogues')
        .set(bearer(secretariat))
        .send({
          title: { en: 'Rounds test roundtable', fr: 'Table ronde de test des cycles' },
          place: 'Ségou',
          startDate: '2026-01-10',
          endDate: '2026-01-11',
        })
        .expect(201)
    ).body as DialogueView;
    dialogueId = dialogue.id;
    recommendationId = (
      await t
        .http()
        .post('/api/recommendations')
        .set(bearer(secretariat))
        .send({ dialogueId, code: 'T1', text: { en: 'Follow up.' }, themes: ['justice_judiciary'] })
        .expect(201)
    ).body.id;
    await commitment('justice-a', 'MJDH', { themes: ['justice_judiciary'] });
    await commitment('justice-b', 'MJDH', { themes: ['security_sector_reform'] });
    await commitment('minusma', 'MINUSMA');
    const done = await commitment('done', 'MJDH');
    await report(justice, done, 'self_report', 'completed').expect(201);
  });
  afterEach(() => sockets.closeAll());
  afterAll(async () => {
    await clock?.setTestOffset(0);
    await t?.close();
  });

  describe('the demo round, in the open data, the CSV export and the accountability report', () => {
    // The demo's round (apps/api/src/seed/bamako-demo.data.ts) closed two days before the demo loaded.
    const expected: Record<string, { self_report: string; independent_assessment: string }> = {
      'local-research-capacity': { self_report: 'submitted', independent_assessment: 'submitted' },
      'aml-prosecutions': { self_report: 'submitted', independent_assessment: 'late' },
      'radio-coverage': { self_report: 'late', independent_assessment: 'missing' },
      'public-spending-oversight': { self_report: 'late', independent_assessment: 'missing' },
    };
    let demo: RoundSummary;
    const titles: Record<string, string> = {
      'local-research-capacity': 'research',
      'aml-prosecutions': 'money laundering',
      'radio-coverage': 'on the air',
      'public-spending-oversight': 'public spending',
    };
    let byKey: Map<string, string>;

    beforeAll(async () => {
      const bamako = ((await t.http().get('/api/dialogues').expect(200)).body as DialogueView[]).find((d) =>
        d.place.startsWith('Bamako'),
      ) as DialogueView;
      [demo] = (await t.http().get(`/api/dialogues/${bamako.id}/rounds`).expect(200)).body as RoundSummary[];
      const round = await getRound(demo.id);
      byKey = new Map(
        Object.entries(titles).map(([key, word]) => [
          key,
          round.requests.find((r) => (r.commitmentTitle.en ?? '').toLowerCase().includes(word))?.commitmentId as string,
        ]),
      );
    });

    it('closed by system with submitted, late and missing requests on both tracks', async () => {
      expect(demo).toMatchObject({ state: 'closed', closedBy: 'system', inviteAssessments: true });
      expect(demo.completion.overall).toEqual({ requested: 0, submitted: 3, late: 3, missing: 10, total: 16, rate: 6 / 16 });
      const round = await getRound(demo.id);
      for (const [key, states] of Object.entries(expected)) {
        const id = byKey.get(key);
        expect(id).toBeDefined();
        expect({ key, self: round.requests.find((r) => r.commitmentId === id && r.track === 'self_report')?.state }).toEqual({
          key,
          self: states.self_report,
        });
        expect(round.requests.find((r) => r.commitmentId === id && r.track === 'independent_assessment')?.state).toBe(
          states.independent_assessment,
        );
      }
    });

    it('the open data export carries the requests and their states', async () => {
      await t.running.app.get(OpenDataService).generate({ force: true, wait: true });
      const doc = (await t.http().get('/api/export.json').expect(200)).body as {
        records: Array<{ type: string; id: string; data: Record<string, unknown> }>;
        requestStates: Array<{ roundId: string; commitmentId: string; track: string; state: string }>;
        requestStatesOn: string;
      };
      expect(doc.records.filter((r) => r.type === 'round').map((r) => r.id)).toContain(demo.id);
      expect(doc.records.filter((r) => r.type === 'request' && r.data['roundId'] === demo.id)).toHaveLength(16);
      const mine = doc.requestStates.filter((r) => r.roundId === demo.id);
      expect(mine).toHaveLength(16);
      for (const [key, states] of Object.entries(expected)) {
        for (const track of ['self_report', 'independent_assessment'] as const) {
          expect(mine.find((r) => r.commitmentId === byKey.get(key) && r.track === track)?.state).toBe(states[track]);
        }
      }
      expect(doc.requestStatesOn).toBe(await clock.today());
    });

    it('the commitments CSV and the accountability report carry each commitment’s state in the latest round', async () => {
      const csv = await t.http().get('/api/commitments/export.csv').expect(200);
      const rows = parse(csv.text.slice(1), { columns: true }) as Array<Record<string, string>>;
      const report = (await t.http().get(`/api/dialogues/${demo.dialogueId}/report`).expect(200)).body as AccountabilityReportView;
      expect(report.rounds.map((r) => r.id)).toEqual([demo.id]);
      const entries = [...report.recommendations.flatMap((r) => r.commitments), ...report.unlinked];
      for (const [key, states] of Object.entries(expected)) {
        const row = rows.find((r) => r['id'] === byKey.get(key));
        expect(row).toMatchObject({
          round_id: demo.id,
          round_self_report: states.self_report,
          round_assessment: states.independent_assessment,
        });
        expect(entries.find((e) => e.commitment.id === byKey.get(key))?.latestRound).toMatchObject({
          roundId: demo.id,
          states: { self_report: states.self_report, independent_assessment: states.independent_assessment },
        });
      }
      // A completed commitment was not asked about: no round in its row.
      const unasked = rows.find((r) => !r['round_id']);
      expect(unasked?.['round_self_report']).toBe('');
    });
  });

  describe('a round opened today', () => {
    let round: RoundView;

    it('is for the secretariat only, and refuses dates out of order naming the field', async () => {
      const body = { title: { en: 'First round', fr: 'Premier cycle' }, opensOn: today, dueOn: plus(10), inviteAssessments: true };
      await t.http().post(`/api/dialogues/${dialogueId}/rounds`).send(body).expect(401);
      expect((await createRound(body, justice).expect(403)).body.code).toBe('forbidden');
      await createRound(body, civil).expect(403);
      const order = (await createRound({ ...body, dueOn: plus(-1) }).expect(400)).body;
      expect(order.problems).toEqual([expect.objectContaining({ field: 'dueOn', code: 'date_order' })]);
      const closes = (await createRound({ ...body, closesOn: plus(5) }).expect(400)).body;
      expect(closes.problems).toEqual([expect.objectContaining({ field: 'closesOn', code: 'date_order' })]);
      const bad = (await createRound({ ...body, opensOn: '2026-13-01', inviteAssessments: 'yes' }).expect(400)).body;
      expect(bad.problems.map((p: { field: string }) => p.field).sort()).toEqual(['inviteAssessments', 'opensOn']);
      await t.http().post('/api/dialogues/00000000-0000-4000-8000-000000000000/rounds').set(bearer(secretariat)).send(body).expect(404);
    });

    it('opens at once, freezing one request per open commitment and track; closesOn defaults to dueOn + 14 days', async () => {
      round = (
        await createRound({
          title: { en: 'First round', fr: 'Premier cycle' },
          opensOn: today,
          dueOn: plus(10),
          inviteAssessments: true,
        }).expect(201)
      ).body as RoundView;
      expect(round).toMatchObject({ state: 'open', closesOn: plus(24), dueOn: plus(10), closedAt: null });
      // The completed commitment is not asked about; each open one twice (owner, civil society).
      expect(round.requests.map((r) => `${r.commitmentId}:${r.track}`).sort()).toEqual(
        ['justice-a', 'justice-b', 'minusma']
          .flatMap((k) => [`${commitments[k]}:independent_assessment`, `${commitments[k]}:self_report`])
          .sort(),
      );
      expect(round.requests.find((r) => r.track === 'independent_assessment')?.organizationId).toBeNull();
      expect(round.completion.overall).toMatchObject({ requested: 6, submitted: 0, total: 6, rate: 0 });
      const events = await t.db.query(
        `SELECT e.action, e.actor, (SELECT count(*)::int FROM audit_records a WHERE a.seq = e.seq AND a.record_type = 'request') AS requests
           FROM audit_events e WHERE e.entity_id = $1 ORDER BY e.seq`,
        [round.id],
      );
      expect(events).toEqual([
        expect.objectContaining({ action: 'round.created', actor: `user:${secretariat.userId}`, requests: 0 }),
        expect.objectContaining({ action: 'round.opened', actor: `user:${secretariat.userId}`, requests: 6 }),
      ]);
    });

    it('refuses a second round overlapping it (409 round_overlap with its dates)', async () => {
      const overlap = (
        await createRound({ title: { en: 'Overlap' }, opensOn: plus(20), dueOn: plus(30), inviteAssessments: false }).expect(409)
      ).body;
      expect(overlap).toMatchObject({ code: 'round_overlap', params: { opensOn: today, closesOn: plus(24) } });
    });

    it('tells the owner organisation, and civil society of the assessments, as notification rows', async () => {
      const mine = await notices(justice);
      expect(mine).toContainEqual(
        expect.objectContaining({
          kind: 'round_request',
          subjectId: dialogueId,
          payload: expect.objectContaining({ roundId: round.id, count: 2 }),
        }),
      );
      expect(await notices(partner)).toContainEqual(
        expect.objectContaining({ kind: 'round_request', payload: expect.objectContaining({ count: 1 }) }),
      );
      expect(await notices(civil)).toContainEqual(
        expect.objectContaining({ kind: 'round_assessment', payload: expect.objectContaining({ roundId: round.id, count: 3 }) }),
      );
    });

    it('lists the requests in "my work" until they are met; states are public on the commitment and the round', async () => {
      await t.http().get('/api/me/work').expect(401);
      const before = (await t.http().get('/api/me/work').set(bearer(justice)).expect(200)).body as MyWork;
      expect(
        before.requests
          .filter((r) => r.roundId === round.id)
          .map((r) => r.commitmentId)
          .sort(),
      ).toEqual([commitments['justice-a'], commitments['justice-b']].sort());
      expect(before.queues).toBeNull();
      const civilWork = (await t.http().get('/api/me/work').set(bearer(civil)).expect(200)).body as MyWork;
      expect(civilWork.requests.filter((r) => r.roundId === round.id && r.track === 'independent_assessment')).toHaveLength(3);

      url ||= await listen(t);
      const watcher = await sockets.connect();
      expect(await subscribe(watcher, `dialogue:${dialogueId}`)).toEqual({ ok: true });
      const pushed = record(watcher, 'round.updated');

      await report(justice, commitments['justice-a'], 'self_report').expect(201);
      await eventually(() => expect(pushed.map((p) => (p.payload as RoundSummary).completion.overall.submitted)).toContain(1));
      const after = (await t.http().get('/api/me/work').set(bearer(justice)).expect(200)).body as MyWork;
      expect(after.requests.filter((r) => r.roundId === round.id).map((r) => r.commitmentId)).toEqual([commitments['justice-b']]);

      // An assessment by a civil-society organisation meets the assessment track; the secretariat's own does not.
      await report(secretariat, commitments['minusma'], 'independent_assessment', 'stalled').expect(201);
      await report(civil, commitments['justice-a'], 'independent_assessment', 'stalled').expect(201);
      const now = await getRound(round.id);
      expect(stateOf(now, 'justice-a')).toBe('submitted');
      expect(stateOf(now, 'justice-a', 'independent_assessment')).toBe('submitted');
      expect(stateOf(now, 'minusma', 'independent_assessment')).toBe('requested');
      expect(now.completion.byOrganization.find((o) => o.organization.id === org('MJDH').id)?.counts).toMatchObject({
        submitted: 1,
        requested: 1,
      });
      expect(now.completion.byGroup).toContainEqual(
        expect.objectContaining({
          group: 'civil_society',
          track: 'independent_assessment',
          counts: expect.objectContaining({ submitted: 1, total: 3 }),
        }),
      );
      const page = (await t.http().get(`/api/commitments/${commitments['justice-a']}`).expect(200)).body as CommitmentView;
      expect(page.rounds).toEqual([
        expect.objectContaining({
          roundId: round.id,
          roundState: 'open',
          states: { self_report: 'submitted', independent_assessment: 'submitted' },
        }),
      ]);
      const list = (await t.http().get(`/api/dialogues/${dialogueId}/rounds`).expect(200)).body as RoundSummary[];
      expect(list.map((r) => r.id)).toEqual([round.id]);
    });

    it('tells the owner when civil society contests its commitment and when its report is verified', async () => {
      expect(await notices(justice)).toContainEqual(
        expect.objectContaining({
          kind: 'commitment_contested',
          subjectId: commitments['justice-a'],
          payload: expect.objectContaining({ assessedStatus: 'stalled' }),
        }),
      );
      const [{ id: reportId }] = await t.db.query(
        `SELECT id FROM progress_reports WHERE commitment_id = $1 AND kind = 'self_report' ORDER BY created_at DESC LIMIT 1`,
        [commitments['justice-a']],
      );
      const waiting = (await t.http().get('/api/me/work').set(bearer(secretariat)).expect(200)).body as MyWork;
      expect(waiting.reportsToVerify.map((r) => r.reportId)).toContain(reportId);
      expect(await notices(secretariat)).toContainEqual(
        expect.objectContaining({ kind: 'report_to_verify', payload: expect.objectContaining({ reportId }) }),
      );

      url ||= await listen(t);
      const desk = await sockets.connect(secretariat.token);
      expect(await subscribe(desk, 'moderation')).toEqual({ ok: true });
      const queues = record(desk, 'queues.updated');
      await t.http().post(`/api/reports/${reportId}/verify`).set(bearer(secretariat)).send({}).expect(200);
      expect(await notices(justice)).toContainEqual(
        expect.objectContaining({ kind: 'report_verified', payload: expect.objectContaining({ reportId }) }),
      );
      await eventually(() =>
        expect(queues.at(-1)?.payload).toEqual(expect.objectContaining({ reportsToVerify: (waiting.queues?.reportsToVerify ?? 0) - 1 })),
      );
      // A translation is the same report again, not one to verify: the secretariat, its notices read, hears nothing of it.
      await t.http().post('/api/notifications').set(bearer(secretariat)).expect(200);
      await t
        .http()
        .post(`/api/reports/${reportId}/translation`)
        .set(bearer(justice))
        .send({ locale: 'fr', narrative: 'Un rapport pour le cycle' })
        .expect(200);
      expect((await notices(secretariat)).filter((n) => n.kind === 'report_to_verify' && n.payload['reportId'] === reportId)).toHaveLength(
        1,
      );
    });

    it('after opening, changes only its title and its two later dates (409 round_state naming the frozen fields); a stale version is 409', async () => {
      const current = await getRound(round.id);
      const frozen = (
        await t
          .http()
          .patch(`/api/rounds/${round.id}`)
          .set(bearer(secretariat))
          .send({ opensOn: plus(1), scope: { themes: ['ddr'] }, version: current.version })
          .expect(409)
      ).body;
      expect(frozen).toMatchObject({ code: 'round_state', params: { state: 'open' } });
      expect(frozen.problems.map((p: { field: string }) => p.field)).toEqual(['opensOn', 'scope']);
      await t
        .http()
        .patch(`/api/rounds/${round.id}`)
        .set(bearer(justice))
        .send({ dueOn: plus(12), version: current.version })
        .expect(403);
      const moved = (
        await t
          .http()
          .patch(`/api/rounds/${round.id}`)
          .set(bearer(secretariat))
          .send({
            title: { en: 'First round, extended', fr: 'Premier cycle, prolongé' },
            dueOn: plus(12),
            closesOn: plus(26),
            version: current.version,
          })
          .expect(200)
      ).body as RoundView;
      expect(moved).toMatchObject({ dueOn: plus(12), closesOn: plus(26), version: current.version + 1 });
      const stale = (
        await t
          .http()
          .patch(`/api/rounds/${round.id}`)
          .set(bearer(secretariat))
          .send({ dueOn: plus(11), version: current.version })
          .expect(409)
      ).body;
      expect(stale).toMatchObject({ code: 'stale_edit', current: expect.objectContaining({ version: current.version + 1 }) });
    });

    it('closes itself at closesOn as system, with its figures; what nobody reported on is missing', async () => {
      await t.http().post(`/api/rounds/${round.id}/close`).set(bearer(justice)).expect(403);
      await clock.setTestOffset(27 * DAY);
      expect(await tick.tick()).toBe(1);
      const closed = await getRound(round.id);
      expect(closed).toMatchObject({ state: 'closed', closedBy: 'system' });
      expect(stateOf(closed, 'justice-b')).toBe('missing');
      expect(stateOf(closed, 'justice-a')).toBe('submitted');
      expect(stateOf(closed, 'minusma', 'independent_assessment')).toBe('missing');
      const [event] = await t.db.query(`SELECT actor, data FROM audit_events WHERE action = 'round.closed' AND entity_id = $1`, [round.id]);
      expect(event.actor).toBe('system');
      expect(JSON.parse(event.data)).toMatchObject({
        by: 'system',
        overall: expect.objectContaining({ missing: closed.completion.overall.missing }),
      });
      // A closed round no longer changes, and closing it again is already done.
      await t
        .http()
        .patch(`/api/rounds/${round.id}`)
        .set(bearer(secretariat))
        .send({ dueOn: plus(12), version: closed.version })
        .expect(409);
      expect((await t.http().post(`/api/rounds/${round.id}/close`).set(bearer(secretariat)).expect(409)).body.code).toBe('already_done');
      expect(await tick.tick()).toBe(0);
      const page = (await t.http().get(`/api/commitments/${commitments['justice-b']}`).expect(200)).body as CommitmentView;
      expect(page.rounds[0]).toMatchObject({ roundState: 'closed', states: { self_report: 'missing', independent_assessment: 'missing' } });
    });
  });

  describe('a round planned ahead, on a narrower scope', () => {
    it('opens on its day (by the tick, as system), freezing the scope then', async () => {
      // The clock now stands 27 days ahead (the previous round closed); this round opens two days later.
      const now = await clock.today();
      const at = (days: number) => new Date(Date.parse(`${now}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);
      const planned = (
        await createRound({
          title: { en: 'Justice round' },
          opensOn: at(2),
          dueOn: at(3),
          closesOn: at(40),
          inviteAssessments: false,
          scope: { themes: ['justice_judiciary', 'security_sector_reform'], ownerIds: [org('MJDH').id] },
        }).expect(201)
      ).body as RoundView;
      expect(planned).toMatchObject({ state: 'planned', requests: [] });
      const unknownOwner = (
        await createRound({
          title: { en: 'x' },
          opensOn: at(50),
          dueOn: at(51),
          inviteAssessments: false,
          scope: { ownerIds: [dialogueId] },
        }).expect(400)
      ).body;
      expect(unknownOwner.problems).toEqual([expect.objectContaining({ field: 'scope.ownerIds', code: 'unknown_organisation' })]);
      // Before it opens, everything may change.
      const edited = (
        await t
          .http()
          .patch(`/api/rounds/${planned.id}`)
          .set(bearer(secretariat))
          .send({ inviteAssessments: true, version: planned.version })
          .expect(200)
      ).body as RoundView;
      expect(edited.inviteAssessments).toBe(true);
      expect(await tick.tick()).toBe(0);

      await clock.setTestOffset(29 * DAY);
      // Created after the scope was set but before the round opened: it is in.
      await commitment('justice-c', 'MJDH', { themes: ['justice_judiciary'] });
      // Two ticks at once on this instance share one run, which opens the round once.
      expect(await Promise.all([tick.tick(), tick.tick()])).toEqual([1, 1]);
      expect(await tick.tick()).toBe(0);
      const opened = await getRound(planned.id);
      expect(opened.state).toBe('open');
      expect(new Set(opened.requests.map((r) => r.commitmentId))).toEqual(
        new Set([commitments['justice-a'], commitments['justice-b'], commitments['justice-c']]),
      );
      const [event] = await t.db.query(`SELECT actor FROM audit_events WHERE action = 'round.opened' AND entity_id = $1`, [planned.id]);
      expect(event.actor).toBe('system');
      // Created after opening: not asked about.
      const later = await commitment('justice-d', 'MJDH', { themes: ['justice_judiciary'] });
      expect((await getRound(planned.id)).requests.some((r) => r.commitmentId === later)).toBe(false);
      await t.http().post(`/api/rounds/${planned.id}/close`).set(bearer(secretariat)).expect(200);
    });

    it('a report filed after dueOn is late; a round ending in the past is refused', async () => {
      // Reports carry the database's own time, which the test clock does not move: back to the real calendar,
      // on a dialogue of its own (the first one's rounds cover these days).
      await clock.setTestOffset(0);
      const other = (
        await t
          .http()
          .post('/api/dialogues')
          .set(bearer(secretariat))
          .send({ title: { en: 'Second test roundtable' }, place: 'Kayes', startDate: '2026-02-01', endDate: '2026-02-02' })
          .expect(201)
      ).body as DialogueView;
      const rec = (
        await t
          .http()
          .post('/api/recommendations')
          .set(bearer(secretariat))
          .send({ dialogueId: other.id, code: 'K1', text: { en: 'Report.' } })
          .expect(201)
      ).body;
      const late = (
        await t
          .http()
          .post('/api/commitments')
          .set(bearer(secretariat))
          .send({ dialogueId: other.id, title: { en: 'Late commitment' }, ownerId: org('MJDH').id, recommendationIds: [rec.id] })
          .expect(201)
      ).body as CommitmentView;
      const send = (body: Record<string, unknown>) =>
        t.http().post(`/api/dialogues/${other.id}/rounds`).set(bearer(secretariat)).send(body);
      const past = (
        await send({ title: { en: 'Past' }, opensOn: plus(-30), dueOn: plus(-20), closesOn: plus(-1), inviteAssessments: false }).expect(
          400,
        )
      ).body;
      expect(past.problems).toEqual([expect.objectContaining({ field: 'closesOn', code: 'not_in_past' })]);
      const round = (
        await send({ title: { en: 'Backdated' }, opensOn: plus(-10), dueOn: plus(-1), closesOn: plus(5), inviteAssessments: false }).expect(
          201,
        )
      ).body as RoundView;
      expect(round.requests.map((r) => r.state)).toEqual(['requested']);
      const work = (await t.http().get('/api/me/work').set(bearer(justice)).expect(200)).body as MyWork;
      expect(work.requests.find((r) => r.commitmentId === late.id)).toMatchObject({ overdue: true, roundId: round.id });
      await report(justice, late.id, 'self_report').expect(201);
      expect((await getRound(round.id)).requests.map((r) => r.state)).toEqual(['late']);
    });
  });

  describe('focal points', () => {
    it('are named by the organisation’s members or the secretariat, from its active members only', async () => {
      const mjdh = org('MJDH').id;
      await t.http().get(`/api/organizations/${mjdh}/focal-points`).expect(401);
      expect((await t.http().get(`/api/organizations/${mjdh}/focal-points`).set(bearer(civil)).expect(403)).body.code).toBe(
        'organization_members_only',
      );
      await t.http().put(`/api/organizations/${mjdh}/focal-points`).set(bearer(partner)).send({ userIds: [] }).expect(403);
      const view = (await t.http().get(`/api/organizations/${mjdh}/focal-points`).set(bearer(justice)).expect(200)).body as FocalPointsView;
      expect(view.focalPoints).toEqual([]);
      expect(view.members.map((m) => m.id)).toContain(justice.userId);
      const notMember = (
        await t
          .http()
          .put(`/api/organizations/${mjdh}/focal-points`)
          .set(bearer(justice))
          .send({ userIds: [civil.userId] })
          .expect(400)
      ).body;
      expect(notMember.problems).toEqual([expect.objectContaining({ field: 'userIds', code: 'not_active_member' })]);
      await t
        .http()
        .put(`/api/organizations/${mjdh}/focal-points`)
        .set(bearer(justice))
        .send({ userIds: ['nope'] })
        .expect(400);

      // A second ministry account, so that naming one focal point leaves the other out.
      const email = `second.${Date.now()}@example.org`;
      await t
        .http()
        .post('/api/auth/register')
        .send({ email, password: STRONG, displayName: 'Awa Traoré', organizationId: mjdh, locale: 'fr' })
        .expect(202);
      const [{ id: secondId }] = await t.db.query('SELECT id FROM users WHERE email = $1', [email]);
      // The secretariat hears of the account waiting.
      expect(await notices(secretariat)).toContainEqual(
        expect.objectContaining({ kind: 'account_waiting', payload: { userId: secondId, name: 'Awa Traoré', title: null } }),
      );
      await t
        .http()
        .post(`/api/users/${secondId}/approve`)
        .set(bearer(secretariat))
        .send({ reason: 'known to the secretariat' })
        .expect(200);
      const second = await signIn(t, email, STRONG);

      const set = (
        await t
          .http()
          .put(`/api/organizations/${mjdh}/focal-points`)
          .set(bearer(secretariat))
          .send({ userIds: [second.userId] })
          .expect(200)
      ).body as FocalPointsView;
      expect(set.focalPoints).toEqual([{ id: second.userId, name: 'Awa Traoré' }]);
      const [audit] = await t.db.query(
        `SELECT actor FROM audit_events WHERE action = 'organization.focal_points_set' ORDER BY seq DESC LIMIT 1`,
      );
      expect(audit.actor).toBe(`user:${secretariat.userId}`);

      // A round now asks the focal point only (well after this dialogue's earlier rounds).
      await clock.setTestOffset(100 * DAY);
      const now = await clock.today();
      const at = (days: number) => new Date(Date.parse(`${now}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);
      const before = (await notices(justice)).filter((n) => n.kind === 'round_request').length;
      const round = (
        await createRound({
          title: { en: 'Focal round' },
          opensOn: now,
          dueOn: at(5),
          inviteAssessments: false,
          scope: { ownerIds: [mjdh] },
        }).expect(201)
      ).body as RoundView;
      expect((await notices(second)).filter((n) => n.kind === 'round_request' && n.payload['roundId'] === round.id)).toHaveLength(1);
      expect((await notices(justice)).filter((n) => n.kind === 'round_request').length).toBe(before);
      await t.http().put(`/api/organizations/${mjdh}/focal-points`).set(bearer(second)).send({ userIds: [] }).expect(200);
    });
  });

  describe('the record', () => {
    it('binds rounds and requests: a request cannot be deleted, and a round changed behind the API fails the full verification', async () => {
      const [{ id: roundId, title_en }] = await t.db.query(`SELECT id, title_en FROM reporting_rounds ORDER BY created_at LIMIT 1`);
      await expect(t.adminDb.query(`DELETE FROM report_requests WHERE round_id = $1`, [roundId])).rejects.toThrow(/append-only/);
      await t.adminDb.query(`UPDATE reporting_rounds SET title_en = 'Rewritten quietly' WHERE id = $1`, [roundId]);
      const audit = t.running.app.get(AuditService);
      const broken = await audit.runFullVerification({ wait: true });
      expect(broken).toMatchObject({ valid: false, brokenRecord: `round:${roundId}` });
      await t.adminDb.query(`UPDATE reporting_rounds SET title_en = $2 WHERE id = $1`, [roundId, title_en]);
      expect(await audit.runFullVerification({ wait: true })).toMatchObject({ valid: true });
    });
  });
});
