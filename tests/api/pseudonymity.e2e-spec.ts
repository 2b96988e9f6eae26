import { scratchDatabase, startApiProcess, type ApiProcess } from './support/api-process';
import { leaks, linksAfterReset, pseudonymousScenario, type Observed } from './support/pseudonymous-scenario';
import { listen } from './support/sockets';
import { startTestApp, type TestApp } from './support/test-app';

// DESIGN.md, "Safe participation": no REST answer, socket event, audit entry, export or log line
// carries the real author of a pseudonymous message — the secretariat's views included.

/**
 * What the others heard while the writer typed with each claim ({}, pseudonymous false, true) in
 * the public thread and the safe space: anything but `{ threadId, author: null }` (an id, a name,
 * an organisation, the pseudonym the writer then posts under) is listed.
 */
function typingProblems(observed: Observed): string[] {
  const problems = observed.typing.flatMap(({ where, text }) => {
    const [payload] = JSON.parse(text) as unknown[];
    const threadId = (payload as { threadId?: unknown } | null)?.threadId;
    const found: string[] = [];
    if (
      typeof threadId !== 'string' ||
      !observed.threadIds.includes(threadId) ||
      JSON.stringify(payload) !== JSON.stringify({ threadId, author: null })
    ) {
      found.push(`${where}: ${text}`);
    }
    observed.pseudonyms.filter((p) => text.includes(p)).forEach((p) => found.push(`${where} carries the pseudonym ${p}`));
    return found;
  });
  // The secretariat reads both threads (3 claims × 2); justice and the public, the public thread.
  const count = (label: string) => observed.typing.filter((p) => p.where === `socket ${label}: typing`).length;
  const counts = { secretariat: count('secretariat'), justice: count('justice'), public: count('public') };
  if (counts.secretariat !== 6 || counts.justice !== 3 || counts.public !== 3) {
    problems.push(`heard ${JSON.stringify(counts)} typing events (expected 6, 3, 3): the scan proves nothing`);
  }
  return problems;
}

describe('pseudonymity: responses, events and the audit chain', () => {
  let t: TestApp;
  let observed: Observed;

  beforeAll(async () => {
    t = await startTestApp();
    observed = await pseudonymousScenario(await listen(t));
  });
  afterAll(() => t?.close());

  it('saw the walk through (a scan of nothing proves nothing)', () => {
    const wheres = observed.payloads.map((p) => p.where);
    expect(wheres).toEqual(
      expect.arrayContaining([
        'moderation queue',
        'sanction through the message',
        'sanctions list',
        'lift the mute from the list',
        'sanctions list, ended',
        'open data',
      ]),
    );
    // The moderation room heard the flag, the decision, both sanctions and the lift.
    for (const event of ['flag.created', 'flag.resolved', 'sanction.created', 'sanction.lifted']) {
      expect(wheres).toContain(`socket secretariat: ${event}`);
    }
    expect(observed.payloads.find((p) => p.where === 'sanctions list')?.text).toContain('"kind":"pseudonym"');
    // The open data export scanned is one generated after the pseudonymous messages.
    expect(observed.payloads.find((p) => p.where === 'open data')?.text).toContain(observed.pseudonymousMessageIds[0]);
    expect(observed.payloads.find((p) => p.where === 'socket writer: notification' && p.text.includes('"action":"lifted"'))).toBeDefined();
    expect(wheres.filter((w) => w.startsWith('audit log, event')).length).toBeGreaterThan(8);
    expect(wheres.filter((w) => w.startsWith('socket justice: message.'))).not.toHaveLength(0);
    expect(wheres.some((w) => w === 'socket justice: typing')).toBe(true);
    expect(observed.payloads.find((p) => p.where === 'GET messages as secretariat')?.text).toContain('two of five posts');
  });

  it('relays the writer’s typing with no identity and no pseudonym, whatever the client claims, in the public thread and the safe space', () => {
    expect(typingProblems(observed)).toEqual([]);
  });

  it('names the writer in no response and no socket event, for any reader', () => {
    expect(leaks(observed, observed.payloads)).toEqual([]);
  });

  it('records pseudonymous writes in the chain under the pseudonym, with no trace of the person', async () => {
    const rows = (await t.db.query(
      `SELECT seq, actor, action, canonical, data FROM audit_events
        WHERE entity_id = ANY($1) OR subject = ANY($2) OR action LIKE 'sanction.%' OR action LIKE 'flag.%' ORDER BY seq`,
      [observed.pseudonymousMessageIds, observed.threadIds.map((id) => `thread:${id}`)],
    )) as Array<{ seq: string; actor: string; action: string; canonical: string; data: string }>;
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['message.created', 'message.edited', 'flag.upheld', 'sanction.created', 'sanction.lifted']),
    );
    const lift = rows.find((r) => r.action === 'sanction.lifted');
    expect(lift?.actor).toMatch(/^user:/);
    expect(lift?.data).toContain('"kind":"pseudonym"');
    expect(rows.filter((r) => r.action === 'message.created' && r.actor.startsWith('pseudonym:'))).toHaveLength(2);
    expect(
      leaks(
        observed,
        rows.map((r) => ({ where: `audit ${r.seq} ${r.action}`, text: `${r.actor} ${r.canonical} ${r.data}` })),
      ),
    ).toEqual([]);
  });

  it('links nothing the account reads after a reset through a link to its earlier pseudonymous messages', () => {
    const wheres = observed.afterReset.payloads.map((p) => p.where);
    expect(wheres).toEqual(expect.arrayContaining(['holder: notifications', 'holder: me', 'holder: edit the earlier message']));
    expect(wheres.some((w) => w.startsWith("holder's socket: message."))).toBe(true);
    expect(linksAfterReset(observed)).toEqual([]);
    // The others' views of the walk after the reset name the writer no more than before it.
    expect(observed.payloads.map((p) => p.where)).toEqual(expect.arrayContaining(['mute through an earlier message']));
  });

  it('shows the restriction in no account view: the secretariat sees the same account before and after', () => {
    expect(observed.accountViews.after).toBe(observed.accountViews.before);
    expect(observed.accountViews.listAfter).toBe(observed.accountViews.listBefore);
  });
});

describe('pseudonymity: the log output of the built API', () => {
  let api: ApiProcess | null = null;
  let database: { url: string; drop(): Promise<void> } | null = null;
  let observed: Observed;
  let startedAt = 0;

  beforeAll(async () => {
    // JSON lines, as production writes them: every field the API logs, not the trying-out mode's short lines.
    const env: Record<string, string> = { LOG_LEVEL: 'trace', LOG_FORMAT: 'json' };
    const server = process.env['DATABASE_URL'];
    if (server) {
      database = await scratchDatabase(server, 'logs');
      env['DATABASE_URL'] = database.url;
    }
    if (process.env['REDIS_URL']) {
      env['REDIS_URL'] = process.env['REDIS_URL'];
      env['REDIS_PREFIX'] = `logs-${process.pid}:`;
    }
    // Everything the API can say, request logs included.
    api = await startApiProcess(env);
    // The start-up banner lists the demo accounts; the walk starts after it.
    startedAt = api.output().length;
    observed = await pseudonymousScenario(api.baseUrl);
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('logged the walk through (request lines are there)', () => {
    const output = api?.output() ?? '';
    expect(output).toMatch(/"url":"\/api\/threads\/[0-9a-f-]+\/messages"/);
    expect(output).toMatch(/"url":"\/api\/messages\/[0-9a-f-]+\/sanction"/);
    expect(output).toMatch(/"url":"\/api\/moderation\/sanctions\/[0-9a-f-]+\/lift"/);
  });

  it('relayed the writer’s typing with no identity there too', () => {
    expect(typingProblems(observed)).toEqual([]);
  });

  it('never names the pseudonymous writer in a log line', () => {
    const lines = (api?.output() ?? '')
      .slice(startedAt)
      .split('\n')
      .map((text, i) => ({ where: `log line ${i + 1} of the walk: ${text.slice(0, 300)}`, text }));
    expect(lines.length).toBeGreaterThan(20);
    // The secretariat issuing a reset link acts on the account by its id, as from the accounts
    // screen; only that request line may name it.
    const resetLink = /"url":"\/api\/users\/[0-9a-f-]+\/reset-link"/;
    expect(lines.filter((l) => resetLink.test(l.text))).toHaveLength(1);
    expect(
      leaks(
        observed,
        lines.filter((l) => !resetLink.test(l.text)),
      ),
    ).toEqual([]);
  });
});
