// Benchmark dataset: organisations, 2,000 users, dialogues, recommendations, 10,000 commitments,
// 100,000 progress reports, 200,000 messages (at --scale 1), bilingual, inserted in batches
// (one INSERT … SELECT FROM unnest($1, $2, …) per few thousand rows) into a database whose
// schema the app's migrations created.
//
// What it leaves out on purpose, and why that is sound for read benchmarks:
// - No audit events of their own: bulk rows are inserted directly, not through the services, and
//   the generator asks the API's next start to bind them with record.baseline events, as the
//   migration does on a database from before records were bound. The append-only triggers
//   only refuse UPDATE and DELETE, so plain INSERTs respect them.
// - Commitments' derived state (current, verified, assessed status, last report) is computed
//   after the reports by the same SQL as refreshCommitmentState (apps/api/src/reports/reports.service.ts,
//   with the expressions of apps/api/src/audit/tracking.ts), for all
//   commitments at once; `contested` follows as the generated column.
// - Each thread's messages are numbered 1..n (`number` and `seq` alike) and `threads.last_seq` and
//   `message_count` are set to n, `last_message_at` to its newest message's time.
// - Every user has the same argon2id hash (of BENCH_PASSWORD): hashing 2,000 distinct passwords
//   would take minutes and changes nothing that is measured.
// - Pseudonyms are an HMAC of thread and user with the bench key, in the shape the app shows.
import { createHmac, randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';

import { chatBody, commitmentText, DIALOGUE_TITLES, narrative, recommendationText, rng } from './lib/text.mjs';

/** Bumped when the generated data changes, so the harness regenerates a kept dataset. */
export const GENERATOR_VERSION = 4;
export const BENCH_PASSWORD = 'bench-password-2014-suivi';
export const BENCH_EMAILS = { member: 'bench.member@bench.suivi.test', secretariat: 'bench.secretariat@bench.suivi.test' };

const THEMES = [
  'governance_anticorruption',
  'justice_judiciary',
  'security_sector_reform',
  'ddr',
  'development_livelihoods',
  'dialogue_reconciliation',
  'regional_border_cooperation',
  'research_analysis',
  'crime_sensitivity',
  'public_debate_media',
];
const REGIONS = [
  'kayes',
  'koulikoro',
  'sikasso',
  'segou',
  'mopti',
  'tombouctou',
  'gao',
  'kidal',
  'taoudenit',
  'menaka',
  'bamako',
  'national',
  'cross_border',
];
const STATUSES = ['not_started', 'in_progress', 'stalled', 'completed', 'withdrawn'];
const GROUP_COUNTS = { government: 30, civil_society: 25, international_partner: 12, academia: 6, media: 6, secretariat: 1 };

const pgArray = (items) => `{${items.map((s) => `"${String(s).replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;

/**
 * Inserts rows column-wise: one array parameter per column, so a batch of thousands of rows is
 * one statement with a handful of parameters. `types` are the element types of the arrays; a
 * column typed `text[]`/`jsonb` travels as text and is cast in the SELECT (unnest would flatten
 * a two-dimensional array).
 */
export async function insertColumns(client, table, columns, rows, batch = 5000) {
  const names = Object.keys(columns);
  const selects = names.map((name, i) => {
    const type = columns[name];
    return type === 'text[]' || type === 'jsonb' ? `c${i}::${type}` : `c${i}`;
  });
  const params = names.map((name, i) => {
    const type = columns[name];
    return `$${i + 1}::${type === 'text[]' || type === 'jsonb' ? 'text' : type}[]`;
  });
  const sql = `INSERT INTO ${table} (${names.join(', ')})
    SELECT ${selects.join(', ')} FROM unnest(${params.join(', ')}) AS u(${names.map((_, i) => `c${i}`).join(', ')})`;
  for (let start = 0; start < rows.length; start += batch) {
    const slice = rows.slice(start, start + batch);
    await client.query(
      sql,
      names.map((name) => slice.map((row) => row[name] ?? null)),
    );
  }
}

function isoDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Generates and inserts the dataset. `client` is a connected `pg` Client (or anything with its `query`). */
export async function generate(
  client,
  { scale = 1, passwordHash, pseudonymKey = 'bench-pseudonym-key', log = () => undefined, seed = 2014 } = {},
) {
  const r = rng(seed);
  const counts = {
    users: Math.max(50, Math.round(2000 * scale)),
    commitments: Math.max(100, Math.round(10000 * scale)),
    reports: Math.max(1000, Math.round(100000 * scale)),
    messages: Math.max(2000, Math.round(200000 * scale)),
  };
  const [{ n: existing }] = (await client.query('SELECT count(*)::int AS n FROM commitments')).rows;
  if (existing > 0) {
    throw new Error(`the database already holds ${existing} commitments; generate into an empty, migrated database`);
  }
  const started = Date.now();

  // Organisations by stakeholder group.
  const orgs = [];
  for (const [group, n] of Object.entries(GROUP_COUNTS)) {
    for (let i = 1; i <= n; i++) {
      const acronym = `${group.slice(0, 3).toUpperCase()}${i}`;
      orgs.push({
        id: randomUUID(),
        name_en: `${group.replace('_', ' ')} organisation ${i}`,
        name_fr: `organisation ${group.replace('_', ' ')} ${i}`,
        acronym,
        stakeholder_group: group,
      });
    }
  }
  await insertColumns(
    client,
    'organizations',
    { id: 'uuid', name_en: 'text', name_fr: 'text', acronym: 'text', stakeholder_group: 'text' },
    orgs,
  );
  const byGroup = (g) => orgs.filter((o) => o.stakeholder_group === g);
  const owners = [...byGroup('government'), ...byGroup('international_partner')];
  const civil = byGroup('civil_society');
  const secretariatOrg = byGroup('secretariat')[0];

  // Users, spread over organisations; two known accounts for the harness.
  const users = [];
  const usersByOrg = new Map(orgs.map((o) => [o.id, []]));
  for (let i = 0; i < counts.users; i++) {
    const org = i < 10 ? secretariatOrg : r.pick(orgs);
    const email = i === 0 ? BENCH_EMAILS.secretariat : i === 10 ? BENCH_EMAILS.member : `user${i}@bench.suivi.test`;
    const status = i <= 10 ? 'active' : r.chance(0.03) ? 'pending' : r.chance(0.01) ? 'suspended' : 'active';
    const user = {
      id: randomUUID(),
      email,
      display_name: `${r.pick(['Aminata', 'Moussa', 'Fatoumata', 'Ibrahim', 'Awa', 'Oumar', 'Mariam', 'Seydou'])} ${r.pick(['Traoré', 'Keïta', 'Diarra', 'Coulibaly', 'Maïga', 'Touré', 'Cissé', 'Sangaré'])} ${i}`,
      locale: r.chance(0.7) ? 'fr' : 'en',
      password_hash: passwordHash,
      status,
      role: org === secretariatOrg ? 'secretariat' : 'member',
      organization_id: org.id,
      approved_at: status === 'pending' ? null : new Date(Date.UTC(2015, 0, 1)).toISOString(),
      tokens_valid_after: new Date(Date.UTC(2020, 0, 1)).toISOString(),
    };
    users.push(user);
    usersByOrg.get(org.id).push(user);
  }
  await insertColumns(
    client,
    'users',
    {
      id: 'uuid',
      email: 'text',
      display_name: 'text',
      locale: 'text',
      password_hash: 'text',
      status: 'text',
      role: 'text',
      organization_id: 'uuid',
      approved_at: 'timestamptz',
      tokens_valid_after: 'timestamptz',
    },
    users,
  );
  const authorOf = (org) => {
    const members = usersByOrg.get(org.id);
    return members.length ? r.pick(members) : users[0];
  };
  log(`organisations ${orgs.length}, users ${users.length}`);

  // Dialogues, their participants and recommendations.
  const dialogues = [];
  for (let i = 0; i < 20; i++) {
    const [en, fr] = DIALOGUE_TITLES[i % DIALOGUE_TITLES.length];
    const year = 2014 + i;
    dialogues.push({
      id: randomUUID(),
      title_en: `${en} (${year})`,
      title_fr: `${fr} (${year})`,
      summary_en: `Follow-up of the ${en.toLowerCase()}.`,
      summary_fr: `Suivi : ${fr.toLowerCase()}.`,
      place: r.pick(['Bamako', 'Gao', 'Mopti', 'Sikasso', 'Tombouctou']),
      start_date: `${year}-10-14`,
      end_date: `${year}-10-15`,
      status: i < 15 ? 'follow_up' : 'held',
    });
  }
  await insertColumns(
    client,
    'dialogues',
    {
      id: 'uuid',
      title_en: 'text',
      title_fr: 'text',
      summary_en: 'text',
      summary_fr: 'text',
      place: 'text',
      start_date: 'date',
      end_date: 'date',
      status: 'text',
    },
    dialogues,
  );
  const participants = dialogues.flatMap((d) => r.some(orgs, 15).map((o) => ({ dialogue_id: d.id, organization_id: o.id })));
  await insertColumns(client, 'dialogue_participants', { dialogue_id: 'uuid', organization_id: 'uuid' }, participants);
  const recommendations = [];
  for (const d of dialogues) {
    for (let i = 1; i <= 10; i++) {
      const code = `R${i}`;
      const [en, fr] = recommendationText(r, code);
      recommendations.push({
        id: randomUUID(),
        dialogue_id: d.id,
        code,
        text_en: en,
        text_fr: fr,
        addressed_to: pgArray(r.some(['government', 'civil_society', 'international_partner', 'media'], r.int(1, 3))),
        themes: pgArray(r.some(THEMES, r.int(1, 3))),
      });
    }
  }
  await insertColumns(
    client,
    'recommendations',
    { id: 'uuid', dialogue_id: 'uuid', code: 'text', text_en: 'text', text_fr: 'text', addressed_to: 'text[]', themes: 'text[]' },
    recommendations,
  );

  // Commitments with supporters and linked recommendations.
  const commitments = [];
  const supporters = [];
  const links = [];
  const DAY = 86_400_000;
  for (let i = 0; i < counts.commitments; i++) {
    const dialogue = r.pick(dialogues);
    const owner = r.pick(owners);
    const { title, description } = commitmentText(r);
    const enOnly = r.chance(0.05);
    const frOnly = !enOnly && r.chance(0.1);
    const start = Date.UTC(2015, 0, 1) + r.int(0, 3650) * DAY;
    const created = new Date(start - r.int(0, 60) * DAY);
    commitments.push({
      id: randomUUID(),
      dialogue_id: dialogue.id,
      title_en: frOnly ? null : title[0],
      title_fr: enOnly ? null : title[1],
      description_en: frOnly ? null : description[0],
      description_fr: enOnly ? null : description[1],
      owner_id: owner.id,
      themes: pgArray(r.some(THEMES, r.int(1, 3))),
      regions: pgArray(r.some(REGIONS, r.int(1, 2))),
      start_date: isoDay(start),
      due_date: isoDay(start + r.int(180, 2500) * DAY),
      indicators: JSON.stringify([
        { name: { en: 'Cases handled', fr: 'Dossiers traités' }, unit: 'cases', baseline: 0, target: r.int(10, 200), current: null },
      ]),
      created_at: created.toISOString(),
      _created: created.getTime(),
      _dialogue: dialogue,
    });
    for (const s of r.some(orgs, r.int(0, 2))) {
      if (s.id !== owner.id) {
        supporters.push({ commitment_id: commitments[i].id, organization_id: s.id });
      }
    }
    const recs = recommendations.filter((x) => x.dialogue_id === dialogue.id);
    for (const rec of r.some(recs, r.int(1, 2))) {
      links.push({ commitment_id: commitments[i].id, recommendation_id: rec.id });
    }
  }
  await insertColumns(
    client,
    'commitments',
    {
      id: 'uuid',
      dialogue_id: 'uuid',
      title_en: 'text',
      title_fr: 'text',
      description_en: 'text',
      description_fr: 'text',
      owner_id: 'uuid',
      themes: 'text[]',
      regions: 'text[]',
      start_date: 'date',
      due_date: 'date',
      indicators: 'jsonb',
      created_at: 'timestamptz',
    },
    commitments,
    2000,
  );
  await insertColumns(client, 'commitment_supporters', { commitment_id: 'uuid', organization_id: 'uuid' }, supporters);
  await insertColumns(client, 'commitment_recommendations', { commitment_id: 'uuid', recommendation_id: 'uuid' }, links);
  log(`commitments ${commitments.length} (${Math.round((Date.now() - started) / 1000)} s)`);

  // Progress reports: about 70% self-reports by the owner, 30% assessments by civil society,
  // in time order per commitment, with a status that walks rather than jumps.
  const reports = [];
  const verifications = [];
  // Between 0.3× and 1.7× the mean per commitment, the rounding remainder spread one by one.
  const weights = commitments.map(() => 0.3 + r.next() * 1.4);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const perCommitment = weights.map((w) => Math.floor((w / weightSum) * counts.reports));
  for (let left = counts.reports - perCommitment.reduce((a, b) => a + b, 0), i = 0; left > 0; left--, i++) {
    perCommitment[i % perCommitment.length]++;
  }
  for (let i = 0; i < commitments.length; i++) {
    const c = commitments[i];
    const owner = orgs.find((o) => o.id === c.owner_id);
    const n = perCommitment[i];
    let at = c._created;
    let status = 'not_started';
    for (let k = 0; k < n; k++) {
      at += r.int(1, 120) * DAY + r.int(0, DAY - 1);
      if (at > Date.now()) {
        at = Date.now() - r.int(1, 1000) * 60_000;
      }
      const self = r.chance(0.7);
      const org = self ? owner : r.pick(civil);
      if (self) {
        status = r.chance(0.6) ? status : r.pick(STATUSES);
      }
      const [en, fr] = narrative(r);
      const author = authorOf(org);
      const report = {
        id: randomUUID(),
        commitment_id: c.id,
        kind: self ? 'self_report' : 'independent_assessment',
        status: self ? status : r.chance(0.6) ? status : r.pick(STATUSES),
        percent: r.chance(0.5) ? r.int(0, 100) : null,
        narrative_en: en,
        narrative_fr: fr,
        evidence_links: r.chance(0.2) ? pgArray([`https://example.org/evidence/${i}-${k}.pdf`]) : '{}',
        author_id: author.id,
        author_name: author.display_name,
        organization_id: org.id,
        created_at: new Date(at).toISOString(),
      };
      reports.push(report);
      if (self && r.chance(0.2)) {
        verifications.push({
          id: randomUUID(),
          report_id: report.id,
          verified_by: users[0].id,
          organization_id: secretariatOrg.id,
          created_at: new Date(at + DAY).toISOString(),
        });
      }
    }
  }
  await insertColumns(
    client,
    'progress_reports',
    {
      id: 'uuid',
      commitment_id: 'uuid',
      kind: 'text',
      status: 'text',
      percent: 'int2',
      narrative_en: 'text',
      narrative_fr: 'text',
      evidence_links: 'text[]',
      author_id: 'uuid',
      author_name: 'text',
      organization_id: 'uuid',
      created_at: 'timestamptz',
    },
    reports,
  );
  await insertColumns(
    client,
    'report_verifications',
    { id: 'uuid', report_id: 'uuid', verified_by: 'uuid', organization_id: 'uuid', created_at: 'timestamptz' },
    verifications,
  );
  log(`reports ${reports.length}, verifications ${verifications.length} (${Math.round((Date.now() - started) / 1000)} s)`);

  // Derived state, by the report service's own SQL (refreshCommitmentState), for every commitment.
  await client.query(`
    UPDATE commitments c SET
       current_status = coalesce((
         SELECT p.status FROM progress_reports p
          WHERE p.commitment_id = c.id AND p.kind = 'self_report'
          ORDER BY p.created_at DESC, p.id DESC LIMIT 1), 'not_started'),
       verified_status = (
         SELECT p.status FROM progress_reports p JOIN report_verifications v ON v.report_id = p.id
          WHERE p.commitment_id = c.id AND p.kind = 'self_report'
          ORDER BY p.created_at DESC, p.id DESC LIMIT 1),
       assessed_status = (
         SELECT p.status FROM progress_reports p
          WHERE p.commitment_id = c.id AND p.kind = 'independent_assessment'
          ORDER BY p.created_at DESC, p.id DESC LIMIT 1),
       last_report_at = (SELECT max(p.created_at) FROM progress_reports p WHERE p.commitment_id = c.id)`);
  await client.query(`UPDATE commitments SET updated_at = greatest(created_at, coalesce(last_report_at, created_at))`);

  // Threads: a public one per dialogue, recommendation and commitment (as the services create
  // them), plus a few channels of each other visibility.
  const threads = [
    ...dialogues.map((d) => ({ id: randomUUID(), subject_type: 'dialogue', subject_id: d.id, dialogue_id: d.id, visibility: 'public' })),
    ...recommendations.map((x) => ({
      id: randomUUID(),
      subject_type: 'recommendation',
      subject_id: x.id,
      dialogue_id: x.dialogue_id,
      visibility: 'public',
    })),
    ...commitments.map((c) => ({
      id: randomUUID(),
      subject_type: 'commitment',
      subject_id: c.id,
      dialogue_id: c.dialogue_id,
      visibility: 'public',
    })),
  ];
  for (const visibility of ['participants', 'secretariat', 'group:civil_society', 'group:government']) {
    for (const d of dialogues.slice(0, 5)) {
      threads.push({
        id: randomUUID(),
        subject_type: null,
        subject_id: null,
        dialogue_id: d.id,
        visibility,
        title_en: `${visibility} channel`,
        title_fr: `canal ${visibility}`,
      });
    }
  }
  // Messages: skewed towards a minority of busy threads (a fifth of the threads get most of them).
  const messages = [];
  const lastSeq = new Map();
  const civilUsers = users.filter((u) => civil.some((o) => o.id === u.organization_id));
  const threadStart = Date.now() - 400 * DAY;
  for (let i = 0; i < counts.messages; i++) {
    const thread = r.chance(0.8) ? threads[Math.floor(r.next() * r.next() * threads.length)] : r.pick(threads);
    const seq = (lastSeq.get(thread.id) ?? 0) + 1;
    lastSeq.set(thread.id, seq);
    const pseudonymous = civilUsers.length > 0 && r.chance(0.05);
    const author = pseudonymous ? r.pick(civilUsers) : r.pick(users);
    const state = r.chance(0.01) ? 'hidden' : r.chance(0.01) ? 'deleted' : 'visible';
    const at = new Date(threadStart + Math.floor((i / counts.messages) * 399 * DAY) + r.int(0, 3_600_000)).toISOString();
    messages.push({
      id: randomUUID(),
      thread_id: thread.id,
      number: seq,
      seq,
      author_id: author.id,
      pseudonymous,
      pseudonym: pseudonymous
        ? `Participant ${createHmac('sha256', pseudonymKey).update(`${thread.id}:${author.id}`).digest('hex').slice(0, 6)}`
        : null,
      body: chatBody(r),
      state,
      created_at: at,
      updated_at: at,
    });
  }
  const lastAt = new Map(messages.map((m) => [m.thread_id, m.created_at]));
  for (const t of threads) {
    t.last_seq = lastSeq.get(t.id) ?? 0;
    t.message_count = t.last_seq;
    t.last_message_at = lastAt.get(t.id) ?? null;
  }
  await insertColumns(
    client,
    'threads',
    {
      id: 'uuid',
      subject_type: 'text',
      subject_id: 'uuid',
      dialogue_id: 'uuid',
      title_en: 'text',
      title_fr: 'text',
      visibility: 'text',
      last_seq: 'int8',
      message_count: 'int4',
      last_message_at: 'timestamptz',
    },
    threads,
  );
  await insertColumns(
    client,
    'messages',
    {
      id: 'uuid',
      thread_id: 'uuid',
      number: 'int8',
      seq: 'int8',
      author_id: 'uuid',
      pseudonymous: 'bool',
      pseudonym: 'text',
      body: 'text',
      state: 'text',
      created_at: 'timestamptz',
      updated_at: 'timestamptz',
    },
    messages,
  );
  log(`threads ${threads.length}, messages ${messages.length} (${Math.round((Date.now() - started) / 1000)} s)`);
  // VACUUM too: it flushes the GIN indexes' pending lists, which a bulk load leaves full (a steady-state
  // database has them flushed by autovacuum); a full pending list made the list query 5× slower.
  await client.query('VACUUM ANALYZE');
  // Written behind the services, so bound by the API's next start (record.baseline), as a database
  // from before records were bound is: asked here, as the migration asks on such a database.
  await client.query(
    `INSERT INTO app_settings (key, value) VALUES ('records.baseline', '"pending"'::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
  const result = {
    organizations: orgs.length,
    users: users.length,
    dialogues: dialogues.length,
    recommendations: recommendations.length,
    commitments: commitments.length,
    reports: reports.length,
    verifications: verifications.length,
    threads: threads.length,
    messages: messages.length,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  log(`generated ${JSON.stringify(result)}`);
  return result;
}

/** One argon2id hash of the bench password, as the app hashes passwords (argon2's defaults). */
export async function benchPasswordHash() {
  const argon2 = await import('argon2');
  return argon2.hash(BENCH_PASSWORD, { type: argon2.argon2id });
}

async function main() {
  const args = Object.fromEntries(
    process.argv.slice(2).map((a) => {
      const [k, v] = a.replace(/^--/, '').split('=');
      return [k, v ?? 'true'];
    }),
  );
  const url = args.url ?? process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('usage: node tests/perf/generate.mjs --url=postgres://… [--scale=1]\n');
    process.exit(2);
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await generate(client, {
      scale: Number(args.scale ?? 1),
      passwordHash: await benchPasswordHash(),
      log: (line) => process.stdout.write(`${line}\n`),
    });
  } finally {
    await client.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
}
