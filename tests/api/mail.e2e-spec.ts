import type { DialogueView, EmailPreferencesView, MailFailurePage, MessageView, ThreadView, UnsubscribePreview } from '@suivi/contracts';

import { Clock } from '../../apps/api/src/clock/clock';
import { MailSweep } from '../../apps/api/src/mail/mail-sweep.service';
import { MailWorker } from '../../apps/api/src/mail/mail-worker.service';
import { TestSmtpServer, type Received } from './support/smtp';
import { bearer, bindFixture, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

const PUBLIC_URL = 'https://suivi.example.org';
const DAY = 24 * 3600 * 1000;
const ALL_IMMEDIATE = { activity: 'immediate', asks: 'immediate', reminders: 'immediate', account: 'immediate' };

/**
 * Mail (issue 21, DESIGN.md "The follow-up routine"), against a real SMTP server the test starts:
 * what goes to whom, in which language, with which links; what a mail may carry (nothing of a
 * safe space, nothing about one's own pseudonymous messages); preferences and unsubscribe; the
 * reminders the sweep computes from the clock; digests; failures the secretariat sees; a reset
 * link sent by mail. No mock transport: nodemailer speaks SMTP to the server over TCP.
 */
describe('mail', () => {
  const smtp = new TestSmtpServer();
  let t: TestApp;
  let secretariat: Session;
  let civil: Session;
  let justice: Session;
  let partner: Session;
  let second: Session;
  let dialogue: DialogueView;
  const emails: Record<string, string> = {};

  const worker = () => t.running.app.get(MailWorker);
  const sweep = () => t.running.app.get(MailSweep);
  const clock = () => t.running.app.get(Clock);
  /** Everything due has been dealt with (sent, skipped or failed): "nothing else" can then be asserted. */
  const settled = async () => {
    for (let i = 0; i < 400; i++) {
      await worker().drain();
      const [{ n }] = (await t.db.query(
        `SELECT count(*)::int AS n FROM mail_outbox
          WHERE state = 'pending' AND digest IS NULL AND due_at <= $1 AND (next_attempt_at IS NULL OR next_attempt_at <= now())`,
        [await clock().now()],
      )) as Array<{ n: number }>;
      if (!n) {
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const outbox = await t.db.query(
      `SELECT kind, category, state, digest, attempts, due_at, claimed_until, next_attempt_at, last_error, outcome FROM mail_outbox WHERE state = 'pending'`,
    );
    throw new Error(`the outbox did not settle: ${JSON.stringify(outbox)}`);
  };
  const since = (mark: number) => smtp.received.slice(mark);
  const waitFor = async (check: () => boolean, ms = 20_000) => {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) {
        const outbox = await t.db.query(
          'SELECT kind, category, state, digest, attempts, due_at, claimed_until, last_error, outcome FROM mail_outbox ORDER BY created_at',
        );
        throw new Error(
          `timed out; received: ${JSON.stringify(smtp.received.map((m) => [m.envelopeTo, m.subject]))}; outbox: ${JSON.stringify(outbox)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL, MAIL_POLL_EVERY: '1' } });
    // A second civil-society member of the Observatoire, as a fixture bound like an API write.
    const [row] = (await t.adminDb.query(
      `INSERT INTO users (email, display_name, locale, password_hash, status, role, organization_id, approved_at, confirmed_at)
       SELECT 'aminata@observatoire.test', 'Aminata Traoré', 'en', password_hash, 'active', 'member', organization_id, now(), now()
         FROM users WHERE email = 'civil@suivi.demo' RETURNING id`,
    )) as Array<{ id: string }>;
    await bindFixture(t, [{ type: 'user', id: row.id }]);
    [secretariat, civil, justice, partner, second] = await Promise.all(
      ['secretariat@suivi.demo', 'civil@suivi.demo', 'justice@suivi.demo', 'partner@suivi.demo', 'aminata@observatoire.test'].map((e) =>
        signIn(t, e),
      ),
    );
    for (const [name, s] of Object.entries({ secretariat, civil, justice, partner, second })) {
      emails[name] = ((await t.http().get('/api/me').set(bearer(s)).expect(200)).body as { email: string }).email;
    }
    dialogue = ((await t.http().get('/api/dialogues').expect(200)).body as DialogueView[])[0];
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });

  describe('preferences', () => {
    it('shows every category with its default, changes the ones given, and names a bad field', async () => {
      const before = (await t.http().get('/api/me/email-preferences').set(bearer(justice)).expect(200)).body as EmailPreferencesView;
      expect(before).toEqual({
        preferences: { activity: 'daily', asks: 'immediate', reminders: 'immediate', account: 'immediate' },
        chosen: [],
        email: emails['justice'],
      });
      const after = (
        await t
          .http()
          .put('/api/me/email-preferences')
          .set(bearer(justice))
          .send({ preferences: { activity: 'weekly' } })
          .expect(200)
      ).body as EmailPreferencesView;
      expect(after.preferences.activity).toBe('weekly');
      expect(after.chosen).toEqual(['activity']);
      const bad = await t
        .http()
        .put('/api/me/email-preferences')
        .set(bearer(justice))
        .send({ preferences: { activity: 'hourly' } })
        .expect(400);
      expect(JSON.stringify(bad.body)).toContain('preferences.activity');
      await t.http().put('/api/me/email-preferences').set(bearer(justice)).send({ preferences: {} }).expect(400);
      await t.http().get('/api/me/email-preferences').expect(401);
      await t
        .http()
        .put('/api/me/email-preferences')
        .send({ preferences: { activity: 'off' } })
        .expect(401);
    });

    it('lets only the secretariat read the delivery failures', async () => {
      await t.http().get('/api/mail/failures').set(bearer(justice)).expect(403);
      await t.http().get('/api/mail/failures').expect(401);
      await t.http().get('/api/mail/failures').set(bearer(secretariat)).expect(200);
    });
  });

  describe('what a mail may carry', () => {
    it('says only "something new is waiting" about what is not public, and nothing to a pseudonym about its own messages', async () => {
      for (const s of [secretariat, civil, justice, partner, second]) {
        await t.http().put('/api/me/email-preferences').set(bearer(s)).send({ preferences: ALL_IMMEDIATE }).expect(200);
      }
      await settled();
      const mark = smtp.received.length;
      const SECRET_TITLE = 'Gao informers list';
      const SECRET_WORDS = 'the convoy leaves Kidal on Tuesday';
      const PARTICIPANTS_WORDS = 'draft budget line for the witness fund';

      // 1. Civil posts pseudonymously in a public thread; the second member replies to it and
      //    mentions the pseudonym; the secretariat hides it. Every notice reaches civil through the pseudonym.
      const commitments = (await t.http().get('/api/commitments?pageSize=1').expect(200)).body.items as Array<{ id: string }>;
      const [publicThread] = (await t.http().get(`/api/threads?subjectType=commitment&subjectId=${commitments[0].id}`).expect(200))
        .body as ThreadView[];
      const pseudonymous = (
        await t
          .http()
          .post(`/api/threads/${publicThread.id}/messages`)
          .set(bearer(civil))
          .send({ body: 'Seen at the checkpoint: the seized goods went back to the trader.', pseudonymous: true })
          .expect(201)
      ).body as MessageView;
      const pseudonym = (pseudonymous.author as { pseudonym: string }).pseudonym;
      await t
        .http()
        .post(`/api/threads/${publicThread.id}/messages`)
        .set(bearer(second))
        .send({ body: `@${pseudonym} which checkpoint?`, replyToId: pseudonymous.id, mentions: [{ kind: 'pseudonym', pseudonym }] })
        .expect(201);
      await t
        .http()
        .post(`/api/messages/${pseudonymous.id}/hide`)
        .set(bearer(secretariat))
        .send({ reason: 'Names a place that identifies a source' })
        .expect((res) => expect([200, 201]).toContain(res.status));

      // 2. A safe-space message: civil answers the second member there, by name.
      const safeSpace = (
        await t
          .http()
          .post('/api/threads')
          .set(bearer(secretariat))
          .send({ title: { en: SECRET_TITLE, fr: SECRET_TITLE }, visibility: 'group:civil_society' })
          .expect(201)
      ).body as ThreadView;
      const opening = (
        await t
          .http()
          .post(`/api/threads/${safeSpace.id}/messages`)
          .set(bearer(second))
          .send({ body: 'Who has news from the north?' })
          .expect(201)
      ).body as MessageView;
      await t
        .http()
        .post(`/api/threads/${safeSpace.id}/messages`)
        .set(bearer(civil))
        .send({ body: `@Aminata Traoré ${SECRET_WORDS}`, replyToId: opening.id, mentions: [{ kind: 'member', id: second.userId }] })
        .expect(201);

      // 3. A participants-thread message: the ministry answers the partner there, by name.
      const participants = (
        await t
          .http()
          .post('/api/threads')
          .set(bearer(secretariat))
          .send({ title: { en: 'Budget follow-up', fr: 'Suivi budgétaire' }, visibility: 'participants', dialogueId: dialogue.id })
          .expect(201)
      ).body as ThreadView;
      const asked = (
        await t
          .http()
          .post(`/api/threads/${participants.id}/messages`)
          .set(bearer(partner))
          .send({ body: 'Where is the fund at?' })
          .expect(201)
      ).body as MessageView;
      await t
        .http()
        .post(`/api/threads/${participants.id}/messages`)
        .set(bearer(justice))
        .send({ body: `@Samuel Owusu ${PARTICIPANTS_WORDS}`, replyToId: asked.id, mentions: [{ kind: 'member', id: partner.userId }] })
        .expect(201);

      await settled();
      const mails = since(mark);
      // The pseudonym's author: nothing at all (a reply, a mention and a hide, all through the pseudonym).
      expect(mails.filter((m) => m.envelopeTo.includes(emails['civil']))).toEqual([]);
      // The second member (public reply notices go to civil only; the safe-space mention to her): one waiting mail.
      const toSecond = mails.filter((m) => m.envelopeTo.includes(emails['second']));
      expect(toSecond.map((m) => m.subject)).toEqual(['Suivi — Something new is waiting for you']);
      // The partner, named in the participants thread: one waiting mail.
      const toPartner = mails.filter((m) => m.envelopeTo.includes(emails['partner']));
      expect(toPartner.map((m) => m.subject)).toEqual(['Suivi — Something new is waiting for you']);
      // And nobody else: the secretariat hid, it was told nothing.
      expect(mails).toHaveLength(2);
      for (const m of mails) {
        for (const leak of [
          SECRET_TITLE,
          SECRET_WORDS,
          PARTICIPANTS_WORDS,
          'news from the north',
          'Where is the fund',
          'Budget follow-up',
          'Fatoumata',
          emails['civil'],
          pseudonym,
        ]) {
          expect(m.raw).not.toContain(leak);
          expect(m.text).not.toContain(leak);
          expect(m.html).not.toContain(leak);
        }
        expect(m.text).toContain('Something new is waiting for you in Suivi.');
        expect(m.text).toContain(`${PUBLIC_URL}/sign-in`);
        expectWellFormed(m);
      }
    });

    it("holds when the outbox is written behind the API: a row about a pseudonym's notice, or a thread its reader left, sends nothing", async () => {
      await settled();
      const mark = smtp.received.length;
      // Civil's notices reached through the pseudonym exist (the reply, the mention, the hide above); none was queued.
      const [pseudonymous] = (await t.db.query(
        `SELECT id FROM notifications WHERE user_id = $1 AND through_pseudonym ORDER BY created_at DESC LIMIT 1`,
        [civil.userId],
      )) as Array<{ id: string }>;
      expect(pseudonymous).toBeDefined();
      // The partner's notice about the participants thread, while the partner's organisation no longer takes part.
      const [participantsNotice] = (await t.db.query(
        `SELECT n.id, n.payload->>'threadId' AS thread_id FROM notifications n WHERE n.user_id = $1 AND n.kind = 'mention' ORDER BY n.created_at DESC LIMIT 1`,
        [partner.userId],
      )) as Array<{ id: string; thread_id: string }>;
      const [{ dialogue_id }] = (await t.db.query('SELECT dialogue_id FROM threads WHERE id = $1', [
        participantsNotice.thread_id,
      ])) as Array<{
        dialogue_id: string;
      }>;
      const [{ organization_id }] = (await t.db.query('SELECT organization_id FROM users WHERE id = $1', [partner.userId])) as Array<{
        organization_id: string;
      }>;
      const removed = (await t.adminDb.query(
        'DELETE FROM dialogue_participants WHERE dialogue_id = $1 AND organization_id = $2 RETURNING *',
        [dialogue_id, organization_id],
      )) as [Array<Record<string, unknown>>, number];
      await t.adminDb.query(
        `INSERT INTO mail_outbox (occasion_key, kind, category, user_id, notification_id, due_at)
         VALUES ('forged:1', 'notice', 'activity', $1, $2, now()), ('forged:2', 'notice', 'activity', $3, $4, now())`,
        [civil.userId, pseudonymous.id, partner.userId, participantsNotice.id],
      );
      await settled();
      expect(since(mark)).toEqual([]);
      const rows = (await t.db.query(
        `SELECT occasion_key, state, outcome FROM mail_outbox WHERE occasion_key LIKE 'forged:%' ORDER BY 1`,
      )) as Array<{
        state: string;
        outcome: string;
      }>;
      expect(rows).toEqual([
        { occasion_key: 'forged:1', state: 'skipped', outcome: 'reached through a pseudonym' },
        { occasion_key: 'forged:2', state: 'skipped', outcome: 'thread no longer readable' },
      ]);
      // The participants list as it was (its change was this test's, not the dialogue's).
      const [row] = Array.isArray(removed[0]) ? removed[0] : (removed as unknown as Array<Record<string, unknown>>);
      await t.adminDb.query('INSERT INTO dialogue_participants (dialogue_id, organization_id) VALUES ($1, $2)', [
        row['dialogue_id'],
        row['organization_id'],
      ]);
    });

    it('tells the secretariat of a flag with the same words, and never names the message', async () => {
      await settled();
      const mark = smtp.received.length;
      const commitments = (await t.http().get('/api/commitments?pageSize=1').expect(200)).body.items as Array<{ id: string }>;
      const [thread] = (await t.http().get(`/api/threads?subjectType=commitment&subjectId=${commitments[0].id}`).expect(200))
        .body as ThreadView[];
      const words = 'A flagged remark about the customs officer in Gao';
      const message = (await t.http().post(`/api/threads/${thread.id}/messages`).set(bearer(justice)).send({ body: words }).expect(201))
        .body as MessageView;
      await t.http().post(`/api/messages/${message.id}/flags`).set(bearer(partner)).send({ reason: 'Names a person' }).expect(201);
      await settled();
      const toSecretariat = since(mark).filter((m) => m.envelopeTo.includes(emails['secretariat']));
      expect(toSecretariat.map((m) => m.subject)).toEqual(['Suivi — Something new is waiting for you']);
      expect(toSecretariat[0].raw).not.toContain('customs officer');
      expect(toSecretariat[0].raw).not.toContain('Boubacar');
    });
  });

  describe('asks', () => {
    it("tells the secretariat and the newcomer's colleagues that someone waits, never who", async () => {
      await settled();
      const mark = smtp.received.length;
      const me = (await t.http().get('/api/me').set(bearer(civil)).expect(200)).body as { organization: { id: string } | null };
      await t
        .http()
        .post('/api/auth/register')
        .send({
          email: 'kadiatou@observatoire.test',
          password: 'a long passphrase for the mail test 2026',
          displayName: 'Kadiatou Sangaré',
          locale: 'fr',
          organizationId: me.organization?.id,
        })
        .expect(202);
      await settled();
      const mails = since(mark);
      // The secretariat approves; the Observatoire's two members confirm: each hears once.
      expect(mails.map((m) => m.envelopeTo[0]).sort()).toEqual([emails['civil'], emails['second'], emails['secretariat']].sort());
      for (const m of mails) {
        expect(m.raw).not.toContain('Kadiatou');
        expect(m.raw).not.toContain('kadiatou@');
        expect(['Suivi — Something new is waiting for you', 'Suivi — Du nouveau vous attend']).toContain(m.subject);
      }
      // In the app, the colleagues see whom to confirm.
      const notices = (await t.http().get('/api/notifications').set(bearer(second)).expect(200)).body.items as Array<{
        kind: string;
        payload: { name?: string };
      }>;
      expect(notices.find((n) => n.kind === 'newcomer_waiting')?.payload.name).toBe('Kadiatou Sangaré');
    });
  });

  describe('rounds', () => {
    let roundId: string;
    let dueOn: string;

    it("puts a round's opening mails on the server without moving the clock: one per focal point, one listing the assessments", async () => {
      await settled();
      const mark = smtp.received.length;
      const today = await clock().today();
      dueOn = new Date(Date.parse(`${today}T12:00:00Z`) + 20 * DAY).toISOString().slice(0, 10);
      const started = Date.now();
      const round = await t
        .http()
        .post(`/api/dialogues/${dialogue.id}/rounds`)
        .set(bearer(secretariat))
        .send({ title: { en: 'Mail round', fr: 'Cycle courriel' }, opensOn: today, dueOn, inviteAssessments: true })
        .expect(201);
      roundId = round.body.id;
      await waitFor(
        () =>
          since(mark).some((m) => m.envelopeTo.includes(emails['justice'])) &&
          since(mark).some((m) => m.envelopeTo.includes(emails['second'])),
        60_000,
      );
      const tookMs = Date.now() - started;
      expect(tookMs).toBeLessThan(60_000);
      await settled();
      const toJustice = since(mark).filter((m) => m.envelopeTo.includes(emails['justice']));
      expect(toJustice).toHaveLength(1);
      // In French, as the ministry's focal point reads Suivi.
      expect(toJustice[0].subject).toBe('Suivi — Des rapports sont demandés');
      expect(toJustice[0].language).toBe('fr');
      expect(toJustice[0].text).toContain('Cycle courriel');
      expect(toJustice[0].text).toContain(`${PUBLIC_URL}/my-work`);
      expect(toJustice[0].text).toMatch(new RegExp(`${PUBLIC_URL}/commitments/[0-9a-f-]{36}`));
      // Civil society: one mail each listing the commitments to assess, in each one's language.
      const toSecond = since(mark).filter((m) => m.envelopeTo.includes(emails['second']));
      expect(toSecond.map((m) => m.subject)).toEqual(['Suivi — Independent assessments are invited']);
      const toCivil = since(mark).filter((m) => m.envelopeTo.includes(emails['civil']));
      expect(toCivil.map((m) => m.subject)).toEqual(['Suivi — Des évaluations indépendantes sont attendues']);
      for (const m of since(mark)) {
        expectWellFormed(m);
      }
    }, 90_000);

    it('reminds REMINDER_DAYS before the due date and the day after, once per occasion however often the sweep runs', async () => {
      await settled();
      const mark = smtp.received.length;
      // 08:00 in Bamako (UTC) seven days before the due date.
      const sevenBefore = Date.parse(`${dueOn}T08:00:00Z`) - 7 * DAY;
      await clock().setTestOffset(sevenBefore + 60_000 - Date.now());
      await Promise.all([sweep().sweep(), sweep().sweep(), sweep().sweep()]);
      await settled();
      const reminders = since(mark).filter((m) => m.envelopeTo.includes(emails['justice']));
      expect(reminders.map((m) => m.subject)).toEqual(['Suivi — Des rapports sont attendus dans 7 jours']);
      await sweep().sweep();
      await settled();
      expect(since(mark).filter((m) => m.envelopeTo.includes(emails['justice']))).toHaveLength(1);
      const [{ n }] = (await t.db.query(
        `SELECT count(*)::int AS n FROM mail_outbox WHERE kind = 'round_reminder' AND occasion_key LIKE $1`,
        [`reminder:${roundId}:%`],
      )) as Array<{ n: number }>;
      expect(n).toBeGreaterThan(0);

      // Before 08:00 the day after the due date: nothing; at 08:00, the reminder that it was due.
      const after = Date.parse(`${dueOn}T08:00:00Z`) + DAY;
      await clock().setTestOffset(after - 60_000 - Date.now());
      await sweep().sweep();
      await settled();
      expect(since(mark).filter((m) => m.envelopeTo.includes(emails['justice']))).toHaveLength(1);
      await clock().setTestOffset(after + 60_000 - Date.now());
      await sweep().sweep();
      await settled();
      expect(
        since(mark)
          .filter((m) => m.envelopeTo.includes(emails['justice']))
          .map((m) => m.subject),
      ).toEqual(['Suivi — Des rapports sont attendus dans 7 jours', 'Suivi — Des rapports étaient attendus hier']);

      // Two days later the sweep finds nothing more: nothing older than 24 hours is sent.
      await clock().setTestOffset(after + 2 * DAY - Date.now());
      await sweep().sweep();
      await settled();
      expect(since(mark).filter((m) => m.envelopeTo.includes(emails['justice']))).toHaveLength(2);
      await clock().setTestOffset(0);
    }, 60_000);
  });

  describe('unsubscribe', () => {
    it('shows on GET what a POST changes; the one-click POST stops that category and nothing else', async () => {
      const mail = smtp.to(emails['justice']).at(-1) as Received;
      const link = mail.text.match(/https:\/\/suivi\.example\.org\/email\/unsubscribe\?token=([^\s]+)/);
      expect(link).not.toBeNull();
      const token = decodeURIComponent((link as RegExpMatchArray)[1]);
      expect(mail.listUnsubscribe).toContain(`${PUBLIC_URL}/api/email/unsubscribe?token=`);
      expect(mail.listUnsubscribePost).toBe('List-Unsubscribe=One-Click');

      const preview = (
        await t
          .http()
          .get(`/api/email/unsubscribe?token=${encodeURIComponent(token)}`)
          .expect(200)
      ).body as UnsubscribePreview;
      expect(preview).toEqual({ category: 'reminders', cadence: 'immediate', maskedEmail: `j***@suivi.demo` });
      // A GET, however often (mail scanners follow links), changes nothing.
      await t
        .http()
        .get(`/api/email/unsubscribe?token=${encodeURIComponent(token)}`)
        .expect(200);
      expect(
        ((await t.http().get('/api/me/email-preferences').set(bearer(justice)).expect(200)).body as EmailPreferencesView).preferences
          .reminders,
      ).toBe('immediate');
      // A forged or altered token is refused, naming the field.
      const forged = await t
        .http()
        .post(`/api/email/unsubscribe?token=${encodeURIComponent(token.replace('reminders', 'account'))}`)
        .expect(400);
      expect(JSON.stringify(forged.body)).toContain('token');

      // The mail client's one-click POST: a form body, no session.
      const done = await t
        .http()
        .post(`/api/email/unsubscribe?token=${encodeURIComponent(token)}`)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send('List-Unsubscribe=One-Click')
        .expect(200);
      expect(done.body).toEqual({ category: 'reminders', cadence: 'off', changed: true });
      const prefs = ((await t.http().get('/api/me/email-preferences').set(bearer(justice)).expect(200)).body as EmailPreferencesView)
        .preferences;
      expect(prefs).toEqual({ activity: 'immediate', asks: 'immediate', reminders: 'off', account: 'immediate' });
      // Again: nothing more to change, still 200.
      expect(
        (
          await t
            .http()
            .post(`/api/email/unsubscribe?token=${encodeURIComponent(token)}`)
            .expect(200)
        ).body.changed,
      ).toBe(false);
      // The change is the person's own, in the record.
      const [audited] = (await t.db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'user.email_preferences_updated' AND entity_id = $1 AND data::jsonb->>'via' = 'unsubscribe_link'`,
        [justice.userId],
      )) as Array<{ n: number }>;
      expect(audited.n).toBe(1);
    });
  });

  describe('digests', () => {
    it('gathers what one follows into one mail at 08:00, grouped by commitment, in the reader’s language', async () => {
      await t
        .http()
        .put('/api/me/email-preferences')
        .set(bearer(partner))
        .send({ preferences: { activity: 'daily' } })
        .expect(200);
      const commitments = (await t.http().get('/api/commitments?pageSize=2').expect(200)).body.items as Array<{
        id: string;
        title: { en?: string };
      }>;
      for (const c of commitments) {
        await t
          .http()
          .post('/api/follows')
          .set(bearer(partner))
          .send({ subjectType: 'commitment', subjectId: c.id })
          .expect((res) => expect([200, 201, 204]).toContain(res.status));
        await t
          .http()
          .post(`/api/commitments/${c.id}/reports`)
          .set(bearer(secretariat))
          .send({ kind: 'self_report', status: 'in_progress', narrative: { en: 'Progress noted by the secretariat.' } })
          .expect(201);
      }
      await settled();
      const mark = smtp.received.length;
      expect(smtp.to(emails['partner']).slice(-1)[0]?.subject).not.toBe('Suivi — Your day in Suivi');
      // The next morning at 08:00 in Bamako.
      const now = await clock().now();
      const nextMorning = Date.parse(`${new Date(now.getTime() + DAY).toISOString().slice(0, 10)}T08:00:00Z`);
      await clock().setTestOffset(nextMorning + 60_000 - Date.now());
      await sweep().sweep();
      await settled();
      const digests = since(mark).filter((m) => m.envelopeTo.includes(emails['partner']));
      expect(digests.map((m) => m.subject)).toEqual(['Suivi — Your day in Suivi']);
      for (const c of commitments) {
        expect(digests[0].text).toContain(`${PUBLIC_URL}/commitments/${c.id}`);
        expect(digests[0].text).toContain(c.title.en as string);
      }
      expectWellFormed(digests[0]);
      // Sent once: the held notices went with it.
      await sweep().sweep();
      await settled();
      expect(since(mark).filter((m) => m.envelopeTo.includes(emails['partner']))).toHaveLength(1);
      await clock().setTestOffset(0);
    }, 60_000);
  });

  describe('weekly digests', () => {
    it('gathers a week on Monday at 08:00 and not on the days before', async () => {
      await t
        .http()
        .put('/api/me/email-preferences')
        .set(bearer(second))
        .send({ preferences: { activity: 'weekly' } })
        .expect(200);
      const [commitment] = (await t.http().get('/api/commitments?pageSize=1').expect(200)).body.items as Array<{
        id: string;
        title: { en?: string };
      }>;
      await t
        .http()
        .post('/api/follows')
        .set(bearer(second))
        .send({ subjectType: 'commitment', subjectId: commitment.id })
        .expect((res) => expect([200, 201, 204]).toContain(res.status));
      await t
        .http()
        .post(`/api/commitments/${commitment.id}/reports`)
        .set(bearer(secretariat))
        .send({ kind: 'self_report', status: 'in_progress', narrative: { en: 'A weekly item.' } })
        .expect(201);
      await settled();
      const mark = smtp.received.length;
      const now = await clock().now();
      // The next Monday (ISO weekday 1) strictly after today, and the Sunday before it.
      const daysToMonday = (8 - (now.getUTCDay() || 7)) % 7 || 7;
      const monday = new Date(Date.parse(`${now.toISOString().slice(0, 10)}T08:00:00Z`) + daysToMonday * DAY);
      await clock().setTestOffset(monday.getTime() - DAY + 60_000 - Date.now());
      await sweep().sweep();
      await settled();
      expect(since(mark).filter((m) => m.envelopeTo.includes(emails['second']))).toEqual([]);
      await clock().setTestOffset(monday.getTime() + 60_000 - Date.now());
      await sweep().sweep();
      await settled();
      const weekly = since(mark).filter((m) => m.envelopeTo.includes(emails['second']));
      expect(weekly.map((m) => m.subject)).toEqual(['Suivi — Your week in Suivi']);
      expect(weekly[0].text).toContain(`${PUBLIC_URL}/commitments/${commitment.id}`);
      await clock().setTestOffset(0);
    }, 60_000);
  });

  describe('accounts', () => {
    it('mails a reset link to the account instead of handing it over, and the link works once', async () => {
      await settled();
      const mark = smtp.received.length;
      const answer = await t
        .http()
        .post(`/api/users/${second.userId}/reset-link`)
        .set(bearer(secretariat))
        .send({ deliver: 'mail' })
        .expect(200);
      expect(answer.body).toMatchObject({ mailed: true, email: emails['second'] });
      expect(answer.body.path).toBeUndefined();
      await waitFor(() => since(mark).some((m) => m.envelopeTo.includes(emails['second'])));
      const mail = since(mark).find((m) => m.envelopeTo.includes(emails['second'])) as Received;
      expect(mail.subject).toBe('Suivi — Your password reset link');
      expect(mail.listUnsubscribe).toBe('');
      const token = decodeURIComponent((mail.text.match(/https:\/\/suivi\.example\.org\/reset\?token=([^\s]+)/) as RegExpMatchArray)[1]);
      await t
        .http()
        .post('/api/auth/reset')
        .send({ token, newPassword: 'a brand new passphrase 2026' })
        .expect((res) => expect([200, 204]).toContain(res.status));
      // The token left no trace in the outbox once sent.
      const [row] = (await t.db.query(
        `SELECT payload FROM mail_outbox WHERE kind = 'reset_link' ORDER BY created_at DESC LIMIT 1`,
      )) as Array<{
        payload: Record<string, unknown>;
      }>;
      expect(row.payload).toEqual({});
    });

    it('tells the holder when their account is suspended and reinstated', async () => {
      await settled();
      const mark = smtp.received.length;
      await t
        .http()
        .post(`/api/users/${partner.userId}/suspend`)
        .set(bearer(secretariat))
        .send({ reason: 'Test of the mails' })
        .expect(200);
      await t
        .http()
        .post(`/api/users/${partner.userId}/reinstate`)
        .set(bearer(secretariat))
        .send({ reason: 'Test of the mails' })
        .expect(200);
      await settled();
      const mails = since(mark).filter((m) => m.envelopeTo.includes(emails['partner']));
      expect(mails.map((m) => m.text.split('\n')[2])).toEqual([
        'Your account was suspended by the secretariat. To ask why or to appeal, write to the secretariat.',
        'Your account was reinstated.',
      ]);
    });
  });

  describe('failures', () => {
    it('retries a refusal for now with back-off, gives up on a refusal for good, and shows the secretariat who, when and why — never a subject', async () => {
      const [row] = (await t.adminDb.query(
        `INSERT INTO users (email, display_name, locale, password_hash, status, role, organization_id, approved_at, confirmed_at)
         SELECT 'reject@observatoire.test', 'Refused Address', 'fr', password_hash, 'active', 'member', organization_id, now(), now()
           FROM users WHERE email = 'civil@suivi.demo' RETURNING id`,
      )) as Array<{ id: string }>;
      await bindFixture(t, [{ type: 'user', id: row.id }]);
      await t.http().post(`/api/users/${row.id}/reset-link`).set(bearer(secretariat)).send({ deliver: 'mail' }).expect(200);
      await settled();
      const page = (await t.http().get('/api/mail/failures').set(bearer(secretariat)).expect(200)).body as MailFailurePage;
      const failure = page.items.find((f) => f.recipient.id === row.id);
      expect(failure).toMatchObject({ category: 'account', state: 'failed', attempts: 1, nextAttemptAt: null });
      expect(failure?.error).toContain('550');
      expect(JSON.stringify(page)).not.toContain('reset link');
      expect(JSON.stringify(page)).not.toContain('mot de passe');
    });
  });
});

/** One recipient, both parts, the language, no remote content, every link under PUBLIC_URL. */
function expectWellFormed(m: Received): void {
  expect(m.envelopeTo).toHaveLength(1);
  expect(m.text.length).toBeGreaterThan(20);
  expect(m.html.length).toBeGreaterThan(20);
  expect(['en', 'fr']).toContain(m.language);
  expect(m.html).not.toMatch(/<img|<link|@import|url\(|<script/i);
  for (const href of m.html.match(/href="([^"]+)"/g) ?? []) {
    expect(href.startsWith(`href="${PUBLIC_URL}/`)).toBe(true);
  }
  expect(m.messageId).toMatch(/^<[0-9a-f]{40}@suivi\.example\.org>$/);
}
