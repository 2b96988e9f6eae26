import { createHash } from 'node:crypto';

import type {
  CommitmentSummary,
  CommitmentView,
  DashboardView,
  NotificationView,
  OrganizationView,
  Page,
  ReportView,
  TimelineView,
} from '@suivi/contracts';
import { io } from 'socket.io-client';

import { bearer, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

describe('progress reports: self-reports, independent assessments and what is appended to them', () => {
  let t: TestApp;
  let justice: Session;
  let civil: Session;
  let partner: Session;
  let secretariat: Session;
  let pjs: CommitmentSummary;

  const report = (session: Session | null, commitmentId: string, body: Record<string, unknown>) => {
    const req = t.http().post(`/api/commitments/${commitmentId}/reports`);
    return (session ? req.set(bearer(session)) : req).send(body);
  };
  const selfReport = (status: string, extra: Record<string, unknown> = {}) => ({
    kind: 'self_report',
    status,
    percent: 80,
    narrative: { fr: 'Le Pôle a jugé trois nouvelles affaires.', en: 'The Pôle tried three new cases.' },
    evidenceLinks: ['https://example.org/evidence/pjs-2026.pdf'],
    ...extra,
  });

  beforeAll(async () => {
    t = await startTestApp();
    [justice, civil, partner, secretariat] = await Promise.all(
      ['justice', 'civil', 'partner', 'secretariat'].map((who) => signIn(t, `${who}@suivi.demo`)),
    );
    pjs = ((await t.http().get('/api/commitments?q=judiciaire').expect(200)).body as Page<CommitmentSummary>).items[0];
  });
  afterAll(() => t?.close());

  it('lets the owner organisation self-report, updates the derived status, and hides the author from the public', async () => {
    const res = await report(justice, pjs.id, selfReport('in_progress')).expect(201);
    const created = res.body as ReportView;
    expect(created).toMatchObject({ kind: 'self_report', status: 'in_progress', organization: { id: pjs.owner.id } });
    expect(created.author?.id).toBe(justice.userId);
    const commitment = (await t.http().get(`/api/commitments/${pjs.id}`).expect(200)).body as CommitmentView;
    expect(commitment.currentStatus).toBe('in_progress');
    const publicView = (await t.http().get(`/api/reports/${created.id}`).expect(200)).body as ReportView;
    expect(publicView.author).toBeNull();
    const partnerView = (await t.http().get(`/api/reports/${created.id}`).set(bearer(partner)).expect(200)).body as ReportView;
    expect(partnerView.author).toBeNull();
    const secretariatView = (await t.http().get(`/api/reports/${created.id}`).set(bearer(secretariat)).expect(200)).body as ReportView;
    expect(secretariatView.author?.name).toBeTruthy();
  });

  it('flags the divergence when civil society assesses differently, on the commitment and the dashboard', async () => {
    await report(justice, pjs.id, selfReport('completed')).expect(201);
    const before = (await t.http().get('/api/dashboard').expect(200)).body as DashboardView;
    const res = await report(civil, pjs.id, {
      kind: 'independent_assessment',
      status: 'stalled',
      narrative: { fr: 'Aucune audience tenue depuis six mois à Bamako.' },
    }).expect(201);
    expect((res.body as ReportView).organization.group).toBe('civil_society');
    const commitment = (await t.http().get(`/api/commitments/${pjs.id}`).expect(200)).body as CommitmentView;
    expect(commitment).toMatchObject({ currentStatus: 'completed', assessedStatus: 'stalled', contested: true });
    const timeline = (await t.http().get(`/api/commitments/${pjs.id}/timeline`).expect(200)).body as TimelineView;
    expect(timeline.divergences.at(-1)).toMatchObject({ selfReportedStatus: 'completed', assessedStatus: 'stalled' });
    const after = (await t.http().get('/api/dashboard').expect(200)).body as DashboardView;
    expect(after.contested.map((c) => c.id)).toContain(pjs.id);
    expect(after.totals.assessments).toBe(before.totals.assessments + 1);
  });

  it.each([
    ['the public', null, 'self_report', 401],
    ['a partner (not the owner)', 'partner', 'self_report', 403],
    ['civil society (not the owner)', 'civil', 'self_report', 403],
    ['the owner, assessing itself', 'justice', 'independent_assessment', 403],
    ['an international partner', 'partner', 'independent_assessment', 403],
  ])('refuses a report of %s', async (_who, who, kind, status) => {
    const session = who ? ({ justice, civil, partner } as Record<string, Session>)[who] : null;
    await report(session, pjs.id, { kind, status: 'in_progress', narrative: { en: 'x' } }).expect(status);
  });

  it('refuses an assessment of a commitment by the civil-society organisation that owns it', async () => {
    const orgs = (await t.http().get('/api/organizations').expect(200)).body as OrganizationView[];
    const me = (await t.http().get('/api/me').set(bearer(civil)).expect(200)).body;
    const own = (await t.http().get(`/api/commitments?owner=${me.organization.id}`).expect(200)).body as Page<CommitmentSummary>;
    expect(orgs.some((o) => o.id === me.organization.id)).toBe(true);
    expect(own.items.length).toBeGreaterThan(0);
    for (const c of own.items) {
      await report(civil, c.id, { kind: 'independent_assessment', status: 'stalled', narrative: { en: 'x' } }).expect(403);
    }
  });

  it.each([
    [{ status: 'finished' }, 'status'],
    [{ kind: 'rumour' }, 'kind'],
    [{ percent: 150 }, 'percent'],
    [{ narrative: {} }, 'narrative'],
    [{ narrative: { en: '   ' } }, 'narrative'],
    [{ evidenceLinks: ['javascript:alert(1)'] }, 'evidenceLinks'],
    [{ evidenceLinks: ['ftp://example.org/file'] }, 'evidenceLinks'],
    [{ indicatorValues: { '99': 3 } }, 'indicatorValues'],
    [{ correctsId: '00000000-0000-4000-8000-000000000000' }, 'correctsId'],
    [{ author: 'someone else' }, 'author'],
  ])('answers %j with a 400 naming %s', async (override, field) => {
    const res = await report(justice, pjs.id, { ...selfReport('in_progress'), ...override }).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
  });

  it('has no route that edits or deletes a report', async () => {
    const [r] = await t.db.query('SELECT id FROM progress_reports LIMIT 1');
    await t.http().patch(`/api/reports/${r.id}`).set(bearer(secretariat)).send({ status: 'completed' }).expect(404);
    await t.http().delete(`/api/reports/${r.id}`).set(bearer(secretariat)).expect(404);
  });

  it('appends a verification (secretariat only, once) and the verified status follows', async () => {
    const created = (await report(justice, pjs.id, selfReport('completed', { percent: 100 })).expect(201)).body as ReportView;
    await t.http().post(`/api/reports/${created.id}/verify`).set(bearer(justice)).send({}).expect(403);
    await t.http().post(`/api/reports/${created.id}/verify`).send({}).expect(401);
    const verified = (
      await t
        .http()
        .post(`/api/reports/${created.id}/verify`)
        .set(bearer(secretariat))
        .send({ note: 'Checked against the court registry' })
        .expect(200)
    ).body as ReportView;
    expect(verified.verification).toMatchObject({ note: 'Checked against the court registry', verifiedBy: { group: 'secretariat' } });
    expect(((await t.http().get(`/api/commitments/${pjs.id}`).expect(200)).body as CommitmentView).verifiedStatus).toBe('completed');
    await t.http().post(`/api/reports/${created.id}/verify`).set(bearer(secretariat)).send({}).expect(409);
  });

  it('appends the missing language of a narrative, once, by the report’s organisation', async () => {
    const created = (
      await report(justice, pjs.id, { kind: 'self_report', status: 'completed', narrative: { fr: 'Bilan annuel publié.' } }).expect(201)
    ).body as ReportView;
    await t
      .http()
      .post(`/api/reports/${created.id}/translation`)
      .set(bearer(civil))
      .send({ locale: 'en', narrative: 'Annual review published.' })
      .expect(403);
    await t
      .http()
      .post(`/api/reports/${created.id}/translation`)
      .set(bearer(justice))
      .send({ locale: 'fr', narrative: 'Autre texte' })
      .expect(409);
    const translated = (
      await t
        .http()
        .post(`/api/reports/${created.id}/translation`)
        .set(bearer(justice))
        .send({ locale: 'en', narrative: 'Annual review published.' })
        .expect(200)
    ).body as ReportView;
    expect(translated.narrative).toEqual({ fr: 'Bilan annuel publié.', en: 'Annual review published.' });
    await t
      .http()
      .post(`/api/reports/${created.id}/translation`)
      .set(bearer(justice))
      .send({ locale: 'en', narrative: 'Again' })
      .expect(409);
    await t
      .http()
      .post(`/api/reports/${created.id}/translation`)
      .set(bearer(justice))
      .send({ locale: 'de', narrative: 'Jahresbericht' })
      .expect(400);
  });

  it('records a correction as a new report pointing to the one it corrects, which stays as it was', async () => {
    const original = (await report(justice, pjs.id, selfReport('completed', { percent: 100 })).expect(201)).body as ReportView;
    const correction = (await report(justice, pjs.id, selfReport('in_progress', { percent: 90, correctsId: original.id })).expect(201))
      .body as ReportView;
    expect(correction.correctsId).toBe(original.id);
    const unchanged = (await t.http().get(`/api/reports/${original.id}`).expect(200)).body as ReportView;
    expect(unchanged).toMatchObject({ status: 'completed', percent: 100 });
    const [event] = await t.db.query(`SELECT action FROM audit_events WHERE entity_id = $1`, [correction.id]);
    expect(event.action).toBe('report.corrected');
  });

  it('serves a report’s indicator values with the indicator’s name and unit as they were when it was written', async () => {
    const before = (await t.http().get(`/api/commitments/${pjs.id}`).expect(200)).body as CommitmentView;
    const [first, ...others] = before.indicators;
    const assessment = (
      await report(civil, pjs.id, {
        kind: 'independent_assessment',
        status: 'in_progress',
        narrative: { en: 'Nine magistrates counted at the Pôle.' },
        indicatorValues: { '0': 9 },
      }).expect(201)
    ).body as ReportView;
    const atWriting = { index: 0, value: 9, name: first.name, unit: first.unit };
    expect(assessment.indicators).toEqual([atWriting]);
    const plain = (await report(justice, pjs.id, selfReport('in_progress')).expect(201)).body as ReportView;
    expect(plain.indicators).toEqual([]);

    // The secretariat renames the indicator and changes its unit: the commitment says the new
    // ones, the assessment written before still the ones it was written against.
    const renamed = { ...first, name: { en: 'Judges sitting at the Pôle', fr: 'Juges siégeant au Pôle' }, unit: 'judges' };
    await t
      .http()
      .patch(`/api/commitments/${pjs.id}`)
      .set(bearer(secretariat))
      .send({ indicators: [renamed, ...others], version: before.version })
      .expect(200);
    const later = (
      await report(civil, pjs.id, {
        kind: 'independent_assessment',
        status: 'in_progress',
        narrative: { en: 'Ten judges sit now.' },
        indicatorValues: { '0': 10 },
      }).expect(201)
    ).body as ReportView;
    expect(later.indicators).toEqual([{ index: 0, value: 10, name: renamed.name, unit: 'judges' }]);
    expect(((await t.http().get(`/api/reports/${assessment.id}`).expect(200)).body as ReportView).indicators).toEqual([atWriting]);
    const timeline = (await t.http().get(`/api/commitments/${pjs.id}/timeline`).expect(200)).body as TimelineView;
    expect(timeline.assessments.find((a) => a.id === assessment.id)?.indicators).toEqual([atWriting]);
    expect(timeline.assessments.find((a) => a.id === later.id)?.indicators).toEqual([later.indicators?.[0]]);

    // The edit's data purged from the record: what the indicator was called is no longer known,
    // and is not guessed from today's definitions.
    const [edit] = (await t.db.query(
      `SELECT seq FROM audit_events WHERE subject = $1 AND action = 'commitment.updated' ORDER BY seq DESC LIMIT 1`,
      [`commitment:${pjs.id}`],
    )) as Array<{ seq: string }>;
    await t.http().post(`/api/audit/${edit.seq}/purge`).set(bearer(secretariat)).send({ reason: 'test of a purged edit' }).expect(200);
    expect(((await t.http().get(`/api/reports/${assessment.id}`).expect(200)).body as ReportView).indicators).toEqual([
      { index: 0, value: 9, name: null, unit: null },
    ]);
    expect(((await t.http().get(`/api/reports/${later.id}`).expect(200)).body as ReportView).indicators).toEqual(later.indicators);
  });

  it('notifies followers (not the author) and pushes the report to the commitment’s room', async () => {
    await t.http().post('/api/follows').send({ subjectType: 'commitment', subjectId: pjs.id }).expect(401);
    const followed = await t
      .http()
      .post('/api/follows')
      .set(bearer(partner))
      .send({ subjectType: 'commitment', subjectId: pjs.id })
      .expect(201);
    await t.http().post('/api/follows').set(bearer(partner)).send({ subjectType: 'commitment', subjectId: pjs.id }).expect(200);
    await t
      .http()
      .post('/api/follows')
      .set(bearer(partner))
      .send({ subjectType: 'commitment', subjectId: '00000000-0000-4000-8000-000000000000' })
      .expect(404);
    await t.http().post('/api/follows').set(bearer(justice)).send({ subjectType: 'commitment', subjectId: pjs.id }).expect(201);

    await t.running.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.running.app.getHttpServer().address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const watcher = io(url, { transports: ['websocket'], reconnection: false });
    const follower = io(url, { transports: ['websocket'], reconnection: false, auth: { token: partner.token } });
    try {
      await new Promise<void>((resolve) => watcher.once('connect', () => resolve()));
      await new Promise<void>((resolve) => follower.once('connect', () => resolve()));
      expect(await watcher.emitWithAck('subscribe', { room: `commitment:${pjs.id}` })).toEqual({ ok: true });
      const pushed = new Promise<ReportView>((resolve) => watcher.once('report.created', resolve));
      const notified = new Promise<NotificationView>((resolve) => follower.once('notification', resolve));
      const created = (await report(justice, pjs.id, selfReport('stalled')).expect(201)).body as ReportView;
      expect(created.author?.id).toBe(justice.userId);
      const received = await pushed;
      expect(received.id).toBe(created.id);
      // The room is public: the push names the organisation, never the person.
      expect(received.author).toBeNull();
      expect((await notified).subjectId).toBe(pjs.id);
    } finally {
      watcher.disconnect();
      follower.disconnect();
    }
    const inbox = (await t.http().get('/api/notifications?unread=true').set(bearer(partner)).expect(200)).body as Page<NotificationView> & {
      unread: number;
    };
    expect(inbox.items.map((n) => n.kind)).toEqual(expect.arrayContaining(['report', 'status_change']));
    const authorInbox = (await t.http().get('/api/notifications').set(bearer(justice)).expect(200)).body as Page<NotificationView>;
    expect(authorInbox.items.filter((n) => n.payload['status'] === 'stalled')).toEqual([]);
    const read = (await t.http().post(`/api/notifications/${inbox.items[0].id}/read`).set(bearer(partner)).expect(200))
      .body as NotificationView;
    expect(read.read).toBe(true);
    await t.http().post(`/api/notifications/${inbox.items[0].id}/read`).set(bearer(justice)).expect(404);
    expect((await t.http().post('/api/notifications').set(bearer(partner)).expect(200)).body).toEqual({ unread: 0 });
    const mine = (await t.http().get('/api/me/follows').set(bearer(partner)).expect(200)).body;
    expect(mine.map((f: { id: string }) => f.id)).toContain(followed.body.id);
    await t.http().delete(`/api/follows/${followed.body.id}`).set(bearer(justice)).expect(404);
    await t.http().delete(`/api/follows/${followed.body.id}`).set(bearer(partner)).expect(204);
  });

  it('records every report, verification and translation in the audit chain, which still verifies', async () => {
    const actions = (await t.db.query(`SELECT DISTINCT action FROM audit_events WHERE subject = $1`, [`commitment:${pjs.id}`])).map(
      (r: { action: string }) => r.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['report.created', 'report.verified', 'report.translated', 'report.corrected']));
    expect((await t.http().get('/api/audit/verify').expect(200)).body.valid).toBe(true);
  });

  it('serves the dashboard with an ETag that changes with its figures, and a 304 for a client that has it', async () => {
    const first = await t.http().get('/api/dashboard').expect(200);
    const etag = first.headers['etag'];
    expect(etag).toBe(`"${createHash('sha256').update(first.text).digest('hex')}"`);
    await t.http().get('/api/dashboard').set('If-None-Match', etag).expect(304);
    await report(justice, pjs.id, selfReport('in_progress')).expect(201);
    const after = await t.http().get('/api/dashboard').set('If-None-Match', etag).expect(200);
    expect(after.headers['etag']).not.toBe(etag);
    expect(after.body.totals.reports).toBe(first.body.totals.reports + 1);
  });

  it('moves nothing public with a safe-space message: past the version window the earlier ETag answers 304 and the JSON is the same to the byte (review finding 17)', async () => {
    const thread = (
      await t
        .http()
        .post('/api/threads')
        .set(bearer(secretariat))
        .send({ title: { fr: 'Espace sûr' }, visibility: 'group:civil_society' })
        .expect(201)
    ).body.id as string;
    const before = await t.http().get('/api/dashboard').expect(200);
    const etag = before.headers['etag'] as string;
    // The view keeps the latest checkpoint and says where to verify; nothing in it counts writes.
    expect(before.body).not.toHaveProperty('generatedAt');
    expect(before.body.audit).toEqual({ checkpoint: expect.objectContaining({ seq: expect.any(Number) }), verify: '/api/audit/verify' });

    await t
      .http()
      .post(`/api/threads/${thread}/messages`)
      .set(bearer(civil))
      .send({ body: 'Rendez-vous jeudi', pseudonymous: true })
      .expect(201);
    // Past the one-second window in which the chain's head is read again.
    await new Promise((resolve) => setTimeout(resolve, 1100));

    await t.http().get('/api/dashboard').set('If-None-Match', etag).expect(304);
    const after = await t.http().get('/api/dashboard').expect(200);
    expect(after.headers['etag']).toBe(etag);
    expect(after.text).toBe(before.text);
  });
});
