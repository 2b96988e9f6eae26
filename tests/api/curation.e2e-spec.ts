import type { CommitmentView, DialogueView, OrganizationView, RecommendationView, StaleCommitment } from '@suivi/contracts';

import { bearer, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

describe('curation of commitments by the secretariat', () => {
  let t: TestApp;
  let secretariat: Session;
  let justice: Session;
  let dialogue: DialogueView;
  let recs: RecommendationView[];
  let orgs: OrganizationView[];

  const base = () => ({
    dialogueId: dialogue.id,
    title: { fr: 'Former les greffiers du Pôle', en: 'Train the Pôle’s court clerks' },
    description: { fr: 'Deux sessions de formation par an.' },
    ownerId: orgs.find((o) => o.acronym === 'MJDH')?.id,
    supportingIds: [orgs.find((o) => o.group === 'international_partner')?.id],
    recommendationIds: [recs[0].id],
    themes: ['justice_judiciary'],
    regions: ['bamako'],
    startDate: '2026-01-01',
    dueDate: '2027-06-30',
    indicators: [{ name: { en: 'Clerks trained', fr: 'Greffiers formés' }, unit: 'count', baseline: 0, target: 40, current: 0 }],
  });

  beforeAll(async () => {
    t = await startTestApp();
    [secretariat, justice] = await Promise.all([signIn(t, 'secretariat@suivi.demo'), signIn(t, 'justice@suivi.demo')]);
    [dialogue] = (await t.http().get('/api/dialogues').expect(200)).body;
    recs = (await t.http().get(`/api/recommendations?dialogueId=${dialogue.id}`).expect(200)).body;
    orgs = (await t.http().get('/api/organizations').expect(200)).body;
  });
  afterAll(() => t?.close());

  it('creates a commitment with its links, a public thread and an audit event', async () => {
    await t.http().post('/api/commitments').set(bearer(justice)).send(base()).expect(403);
    await t.http().post('/api/commitments').send(base()).expect(401);
    const created = (await t.http().post('/api/commitments').set(bearer(secretariat)).send(base()).expect(201)).body as CommitmentView;
    expect(created).toMatchObject({
      currentStatus: 'not_started',
      contested: false,
      overdue: false,
      version: 1,
      recommendationCodes: [recs[0].code],
    });
    expect(created.supporting).toHaveLength(1);
    const [thread] = await t.db.query(`SELECT visibility FROM threads WHERE subject_type = 'commitment' AND subject_id = $1`, [created.id]);
    expect(thread.visibility).toBe('public');
    const [event] = await t.db.query(`SELECT actor FROM audit_events WHERE action = 'commitment.created' AND entity_id = $1`, [created.id]);
    expect(event.actor).toBe(`user:${secretariat.userId}`);
  });

  it.each([
    [{ title: {} }, 'title'],
    [{ ownerId: '00000000-0000-4000-8000-000000000000' }, 'ownerId'],
    [{ dialogueId: '00000000-0000-4000-8000-000000000000' }, 'dialogueId'],
    [{ dueDate: '2025-01-01' }, 'dueDate'],
    [{ dueDate: '31/12/2027' }, 'dueDate'],
    [{ themes: ['weather'] }, 'themes'],
    [{ regions: ['paris'] }, 'regions'],
    [{ recommendationIds: ['00000000-0000-4000-8000-000000000000'] }, 'recommendationIds'],
    [{ indicators: [{ name: {}, unit: 'count' }] }, 'indicators.0.name'],
    [{ indicators: [{ name: { en: 'x' }, unit: 'count', target: 'many' }] }, 'indicators.0.target'],
  ])('refuses %j with a 400 naming %s', async (override, field) => {
    const res = await t
      .http()
      .post('/api/commitments')
      .set(bearer(secretariat))
      .send({ ...base(), ...override })
      .expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
  });

  it('edits with the version read, and answers a stale version with 409 and the current record', async () => {
    const created = (await t.http().post('/api/commitments').set(bearer(secretariat)).send(base()).expect(201)).body as CommitmentView;
    const edited = (
      await t
        .http()
        .patch(`/api/commitments/${created.id}`)
        .set(bearer(secretariat))
        .send({ regions: ['bamako', 'mopti'], version: created.version })
        .expect(200)
    ).body as CommitmentView;
    expect(edited).toMatchObject({ regions: ['bamako', 'mopti'], version: created.version + 1 });
    const stale = (
      await t
        .http()
        .patch(`/api/commitments/${created.id}`)
        .set(bearer(secretariat))
        .send({ regions: ['gao'], version: created.version })
        .expect(409)
    ).body as StaleCommitment;
    expect(stale.current).toMatchObject({ id: created.id, regions: ['bamako', 'mopti'], version: edited.version });
    await t
      .http()
      .patch(`/api/commitments/${created.id}`)
      .set(bearer(secretariat))
      .send({ regions: ['gao'] })
      .expect(400);
    await t
      .http()
      .patch(`/api/commitments/${created.id}`)
      .set(bearer(justice))
      .send({ regions: ['gao'], version: edited.version })
      .expect(403);
  });

  it('tells followers when the due date changes', async () => {
    const created = (await t.http().post('/api/commitments').set(bearer(secretariat)).send(base()).expect(201)).body as CommitmentView;
    await t.http().post('/api/follows').set(bearer(justice)).send({ subjectType: 'commitment', subjectId: created.id }).expect(201);
    await t
      .http()
      .patch(`/api/commitments/${created.id}`)
      .set(bearer(secretariat))
      .send({ dueDate: '2028-06-30', version: created.version })
      .expect(200);
    const inbox = (await t.http().get('/api/notifications').set(bearer(justice)).expect(200)).body;
    expect(inbox.items[0]).toMatchObject({
      kind: 'due_date',
      subjectId: created.id,
      payload: { from: '2027-06-30', to: '2028-06-30', title: { fr: 'Former les greffiers du Pôle', en: 'Train the Pôle’s court clerks' } },
    });
  });

  it('keeps milestones by the owner organisation and the secretariat, edited with their version', async () => {
    const [pjs] = await t.db.query(
      `SELECT c.id FROM commitments c JOIN organizations o ON o.id = c.owner_id WHERE o.acronym = 'MJDH' LIMIT 1`,
    );
    const partner = await signIn(t, 'partner@suivi.demo');
    const body = { title: { fr: 'Décret d’application signé' }, plannedDate: '2027-01-15' };
    await t.http().post(`/api/commitments/${pjs.id}/milestones`).set(bearer(partner)).send(body).expect(403);
    await t.http().post(`/api/commitments/${pjs.id}/milestones`).send(body).expect(401);
    await t
      .http()
      .post(`/api/commitments/${pjs.id}/milestones`)
      .set(bearer(justice))
      .send({ ...body, plannedDate: '15 janvier' })
      .expect(400);
    const created = (await t.http().post(`/api/commitments/${pjs.id}/milestones`).set(bearer(justice)).send(body).expect(201)).body;
    expect(created).toMatchObject({
      title: { fr: 'Décret d’application signé' },
      plannedDate: '2027-01-15',
      reachedDate: null,
      version: 1,
    });
    const reached = (
      await t
        .http()
        .patch(`/api/milestones/${created.id}`)
        .set(bearer(secretariat))
        .send({ reachedDate: '2027-01-20', evidence: 'https://example.org/jo-2027.pdf', version: 1 })
        .expect(200)
    ).body;
    expect(reached).toMatchObject({ reachedDate: '2027-01-20', version: 2 });
    const stale = (
      await t.http().patch(`/api/milestones/${created.id}`).set(bearer(justice)).send({ reachedDate: null, version: 1 }).expect(409)
    ).body;
    expect(stale.current).toMatchObject({ reachedDate: '2027-01-20' });
    const timeline = (await t.http().get(`/api/commitments/${pjs.id}/timeline`).expect(200)).body;
    expect(timeline.milestones).toContainEqual(expect.objectContaining({ id: created.id, reachedDate: '2027-01-20', version: 2 }));
    expect(timeline.history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['milestone.created', 'milestone.updated']),
    );
  });

  it('creates and edits dialogues and recommendations, each with a public thread, refusing stale versions', async () => {
    const body = {
      title: { fr: 'Table ronde de Mopti sur la criminalité transfrontalière' },
      place: 'Mopti',
      startDate: '2027-03-10',
      endDate: '2027-03-11',
    };
    await t.http().post('/api/dialogues').set(bearer(justice)).send(body).expect(403);
    await t
      .http()
      .post('/api/dialogues')
      .set(bearer(secretariat))
      .send({ ...body, endDate: '2027-03-01' })
      .expect(400);
    const created = (
      await t
        .http()
        .post('/api/dialogues')
        .set(bearer(secretariat))
        .send({ ...body, participantIds: [orgs[0].id] })
        .expect(201)
    ).body as DialogueView;
    expect(created).toMatchObject({ status: 'planned', place: 'Mopti', organizations: [expect.objectContaining({ id: orgs[0].id })] });
    // The view carries the version an edit sends back, as read from the record.
    const [{ version }] = await t.db.query('SELECT version FROM dialogues WHERE id = $1', [created.id]);
    expect(created.version).toBe(version);
    const held = (
      await t.http().patch(`/api/dialogues/${created.id}`).set(bearer(secretariat)).send({ status: 'held', version }).expect(200)
    ).body as DialogueView;
    expect(held.version).toBe(version + 1);
    const staleDialogue = (
      await t.http().patch(`/api/dialogues/${created.id}`).set(bearer(secretariat)).send({ status: 'closed', version }).expect(409)
    ).body;
    expect(staleDialogue.current).toMatchObject({ status: 'held', version: version + 1 });

    const recBody = { dialogueId: created.id, code: 'R1', text: { fr: 'Associer les élus locaux.' } };
    await t.http().post('/api/recommendations').set(bearer(justice)).send(recBody).expect(403);
    await t.http().post('/api/recommendations').send(recBody).expect(401);
    await t
      .http()
      .patch(`/api/dialogues/${created.id}`)
      .set(bearer(justice))
      .send({ status: 'closed', version: version + 1 })
      .expect(403);
    const rec = (
      await t
        .http()
        .post('/api/recommendations')
        .set(bearer(secretariat))
        .send({ dialogueId: created.id, code: 'R1', text: { fr: 'Associer les élus locaux.' }, themes: ['dialogue_reconciliation'] })
        .expect(201)
    ).body;
    expect(rec).toMatchObject({ code: 'R1', commitmentCount: 0, version: 1 });
    await t
      .http()
      .post('/api/recommendations')
      .set(bearer(secretariat))
      .send({ dialogueId: created.id, code: 'R1', text: { fr: 'Autre' } })
      .expect(409);
    await t
      .http()
      .post('/api/recommendations')
      .set(bearer(secretariat))
      .send({ dialogueId: created.id, code: 'R 2; DROP', text: { fr: 'x' } })
      .expect(400);
    await t
      .http()
      .patch(`/api/recommendations/${rec.id}`)
      .set(bearer(secretariat))
      .send({ text: { fr: 'Associer les élus locaux et les chefs coutumiers.' }, version: 1 })
      .expect(200);
    await t.http().patch(`/api/recommendations/${rec.id}`).set(bearer(justice)).send({ themes: [], version: 2 }).expect(403);
    const staleRec = (
      await t.http().patch(`/api/recommendations/${rec.id}`).set(bearer(secretariat)).send({ themes: [], version: 1 }).expect(409)
    ).body;
    expect(staleRec.current.text.fr).toMatch(/chefs coutumiers/);
    expect(staleRec.current.version).toBe(2);
    const threads = await t.db.query(`SELECT subject_type FROM threads WHERE subject_id = ANY($1::uuid[]) ORDER BY subject_type`, [
      [created.id, rec.id],
    ]);
    expect(threads.map((r: { subject_type: string }) => r.subject_type)).toEqual(['dialogue', 'recommendation']);
  });
});
