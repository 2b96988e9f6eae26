import { ERROR_CODES, vocabularyFault, type ApiError, type DialogueView, type OrganizationView } from '@suivi/contracts';

import { recordedBodies, vocabularyFaults } from '../support/error-vocabulary';
import { bearer, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

/**
 * One refusal of each kind, read as a client reads it: a code from the contracts with its params,
 * a 400's problems naming each field; and the suites' recording of 4xx bodies, which the teardown
 * checks after every suite, proven to see them.
 */
describe('one error vocabulary', () => {
  let t: TestApp;
  let secretariat: Session;
  let justice: Session;
  let dialogue: DialogueView;
  let orgs: OrganizationView[];

  beforeAll(async () => {
    t = await startTestApp();
    [secretariat, justice] = await Promise.all([signIn(t, 'secretariat@suivi.demo'), signIn(t, 'justice@suivi.demo')]);
    [dialogue] = (await t.http().get('/api/dialogues').expect(200)).body;
    orgs = (await t.http().get('/api/organizations').expect(200)).body;
  });
  afterAll(() => t?.close());

  const expectVocabulary = (status: number, body: ApiError) => {
    expect([vocabularyFault(status, body), body]).toEqual([null, body]);
    expect(ERROR_CODES[body.code].status).toBe(status);
  };

  it('a DTO’s 400 keeps its English lines and names each field with a code and its params', async () => {
    const res = await t
      .http()
      .post('/api/commitments')
      .set(bearer(secretariat))
      .send({
        dialogueId: 'nope',
        title: {},
        ownerId: orgs[0].id,
        themes: ['weather'],
        colour: 'red',
        indicators: [{ name: { en: 'x' }, unit: 'u'.repeat(41) }],
      })
      .expect(400);
    const body = res.body as ApiError;
    expectVocabulary(400, body);
    expect(body.code).toBe('invalid_input');
    expect(Array.isArray(body.message)).toBe(true);
    expect(body.problems).toEqual(
      expect.arrayContaining([
        { field: 'dialogueId', code: 'uuid', params: {} },
        { field: 'title', code: 'one_language', params: {} },
        { field: 'themes', code: 'not_allowed', params: { allowed: expect.stringContaining('justice_judiciary') } },
        { field: 'colour', code: 'unknown_field', params: {} },
        { field: 'indicators.0.unit', code: 'too_long', params: { max: 40 } },
      ]),
    );
  });

  it('a service’s rule about a field is a problem on that field; its state refusals are codes with params', async () => {
    const late = await t
      .http()
      .post('/api/commitments')
      .set(bearer(secretariat))
      .send({
        dialogueId: dialogue.id,
        title: { en: 'Dates in the wrong order' },
        ownerId: orgs.find((o) => o.acronym === 'MJDH')?.id,
        startDate: '2027-01-01',
        dueDate: '2026-01-01',
      })
      .expect(400);
    expectVocabulary(400, late.body);
    expect(late.body.problems).toEqual([{ field: 'dueDate', code: 'date_order', params: { after: 'startDate' } }]);

    const recommendation = { dialogueId: dialogue.id, code: 'V1', text: { en: 'Once' } };
    await t.http().post('/api/recommendations').set(bearer(secretariat)).send(recommendation).expect(201);
    const taken = await t.http().post('/api/recommendations').set(bearer(secretariat)).send(recommendation).expect(409);
    expectVocabulary(409, taken.body);
    expect(taken.body).toMatchObject({ code: 'code_taken', params: { code: 'V1' }, problems: [{ field: 'code', code: 'code_taken' }] });
  });

  it('who is asking: 401 and 403 say why by code', async () => {
    const anonymous = await t.http().post('/api/commitments').send({}).expect(401);
    expectVocabulary(401, anonymous.body);
    expect(anonymous.body.code).toBe('not_signed_in');
    const member = await t.http().post('/api/commitments').set(bearer(justice)).send({}).expect(403);
    expectVocabulary(403, member.body);
    expect(member.body.code).toBe('forbidden');
    const wrong = await t.http().post('/api/auth/login').send({ email: 'justice@suivi.demo', password: 'not-the-password' }).expect(401);
    expect(wrong.body.code).toBe('wrong_credentials');
  });

  it('what the framework refuses has a code too: an unknown route, a body that is not JSON, a media type nobody reads', async () => {
    const missing = await t.http().get('/api/no-such-route').expect(404);
    expectVocabulary(404, missing.body);
    expect(missing.body).toMatchObject({ code: 'not_found' });
    const broken = await t.http().post('/api/auth/login').set('content-type', 'application/json').send('{"email":').expect(400);
    expectVocabulary(400, broken.body);
    expect(broken.body.problems).toEqual([{ field: 'body', code: 'not_json', params: {} }]);
    const unread = await t.http().post('/api/auth/login').set('content-type', 'application/xml').send('<login/>').expect(415);
    expectVocabulary(415, unread.body);
    const none = await t.http().get('/api/commitments/00000000-0000-4000-8000-000000000000').expect(404);
    expect(none.body).toMatchObject({ code: 'not_found', params: { resource: 'commitment' } });
    const notUuid = await t.http().get('/api/commitments/abc').expect(400);
    expect(notUuid.body.problems).toEqual([{ field: 'id', code: 'uuid', params: {} }]);
  });

  it('records every 4xx body for the suites’ teardown, which names one without a code', async () => {
    await t.http().get('/api/no-such-route-for-the-record').expect(404);
    const mine = recordedBodies().filter((b) => b.route === '/api/no-such-route-for-the-record' || b.route.startsWith('/api/commitments'));
    expect(mine.length).toBeGreaterThan(3);
    expect(vocabularyFaults(mine)).toEqual([]);
    // The teardown's check reads what the hook wrote: a body without a code is named, with its route.
    const forged = [{ status: 409, method: 'POST', route: '/api/x', body: JSON.stringify({ statusCode: 409, message: 'no code' }) }];
    expect(vocabularyFaults(forged)).toEqual([expect.stringMatching(/^POST \/api\/x 409: code undefined is not in the vocabulary/)]);
  });
});
