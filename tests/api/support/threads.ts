import type { ThreadView } from '@suivi/contracts';

import { bearer, type Session, type TestApp } from './test-app';

/** The public thread of the first commitment of the demo data. */
export async function firstPublicThread(t: TestApp): Promise<string> {
  const [commitment] = await t.db.query(`SELECT id FROM commitments ORDER BY created_at, id LIMIT 1`);
  const threads = (await t.http().get(`/api/threads?subjectType=commitment&subjectId=${commitment.id}`).expect(200)).body as ThreadView[];
  return threads[0].id;
}

/** A new civil-society safe space, opened by the secretariat. */
export async function newSafeSpace(
  t: TestApp,
  secretariat: Session,
  title = { en: 'Informers’ safety', fr: 'Sécurité des informateurs' },
): Promise<string> {
  const res = await t.http().post('/api/threads').set(bearer(secretariat)).send({ title, visibility: 'group:civil_society' }).expect(201);
  return (res.body as ThreadView).id;
}
