import { randomUUID } from 'node:crypto';

import type { Type } from '@nestjs/common';
import { isProblemCode } from '@suivi/contracts';
import fc from 'fast-check';

import { COMMITMENT_CSV_COLUMNS, REPORT_CSV_COLUMNS } from '../../apps/api/src/exports/exports.service';
import { CreateReportDto } from '../../apps/api/src/reports/reports.dto';
import { signIn, startTestApp, type TestApp } from '../api/support/test-app';
import { fieldNames, fieldsOf, listRoutes, type Check, type FieldSpec, type RouteSpec } from './support/routes';

// Property-based tests over every route of the real application (embedded database, or the
// server named by DATABASE_URL): whatever JSON arrives in a body, a query or a path, the answer
// is never a 5xx, and a 400 names the field at fault. Then SQL- and script-injection payloads
// in every text field and query parameter: stored and returned verbatim, never executed.
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 20);

const SQL_PAYLOADS = [
  "' OR '1'='1",
  "'; DROP TABLE messages; --",
  '"; DROP TABLE audit_events; --',
  "1; UPDATE users SET platform_role = 'secretariat'; --",
  "' UNION SELECT id, email, password_hash FROM users --",
  "%' OR 1=1 --",
  "'); SELECT pg_sleep(0); --",
  '\\x27 OR 1=1',
  "$1 $$ ' || (SELECT current_user) || '",
  "admin'--",
];
const SCRIPT_PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  '[click](javascript:alert(1))',
  '{{constructor.constructor("alert(1)")()}}',
  '<iframe srcdoc="<script>alert(1)</script>">',
  "=cmd|' /C calc'!A0",
];
const PAYLOADS = [...SQL_PAYLOADS, ...SCRIPT_PAYLOADS];

// Routes whose @Body() has no DTO class check the body themselves; each must be listed here, so
// a new one is not left out of the fuzzing unnoticed.
const BODY_CHECKED_INSIDE: Record<string, Type> = { 'ReportsController.create': CreateReportDto };
const CSV_BODY: Record<string, readonly string[]> = {
  'ImportsController.commitments': COMMITMENT_CSV_COLUMNS,
  'ImportsController.progress': REPORT_CSV_COLUMNS,
};

interface Actor {
  token: string;
  userId: string;
}

describe('bad input over every route', () => {
  let t: TestApp;
  let routes: RouteSpec[];
  let ids: string[];
  const actors: Record<'secretariat' | 'civil', Actor> = {} as never;

  beforeAll(async () => {
    t = await startTestApp({ env: { MESSAGES_PER_MINUTE: '100000' } });
    routes = listRoutes(t.running.app).map((r) => (BODY_CHECKED_INSIDE[r.handler] ? { ...r, body: BODY_CHECKED_INSIDE[r.handler] } : r));
    for (const who of ['secretariat', 'civil'] as const) {
      const session = await signIn(t, `${who}@suivi.demo`);
      actors[who] = { token: session.token, userId: session.userId };
    }
    // Real ids of every kind, so generated requests reach the services and not only the pipes.
    // The acting accounts are left out: a request that suspends them would end the run's reach.
    const rows = (await t.db.query(
      `SELECT id::text FROM (
         (SELECT id FROM commitments LIMIT 4) UNION ALL (SELECT id FROM dialogues LIMIT 2) UNION ALL
         (SELECT id FROM recommendations LIMIT 3) UNION ALL (SELECT id FROM threads LIMIT 4) UNION ALL
         (SELECT id FROM messages LIMIT 4) UNION ALL (SELECT id FROM progress_reports LIMIT 4) UNION ALL
         (SELECT id FROM organizations LIMIT 4) UNION ALL (SELECT id FROM milestones LIMIT 3) UNION ALL
         (SELECT id FROM users WHERE id <> ALL($1::uuid[]) LIMIT 4)) AS ids`,
      [[actors.secretariat.userId, actors.civil.userId]],
    )) as Array<{ id: string }>;
    ids = rows.map((r) => r.id);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it('finds the routes and DTOs to cover', () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.filter((r) => r.body).length).toBeGreaterThan(25);
    expect(routes.filter((r) => r.query).length).toBeGreaterThan(8);
    const untyped = routes.filter((r) => r.untypedBody).map((r) => r.handler);
    expect(untyped.filter((h) => !BODY_CHECKED_INSIDE[h] && !CSV_BODY[h])).toEqual([]);
  });

  const idArb = () => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.constant(randomUUID()) });

  /** A value that looks like what the check wants (so requests get past the pipes), sometimes. */
  function plausible(field: FieldSpec, depth: number): fc.Arbitrary<unknown> {
    const names = new Set(field.checks.map((c) => c.name));
    const isEach = field.checks.some((c) => c.each);
    const first = (name: string): Check | undefined => field.checks.find((c) => c.name === name);
    let one: fc.Arbitrary<unknown>;
    if (field.nested && depth < 3) {
      one = objectArb(field.nested, depth + 1);
    } else if (names.has('isIn')) {
      one = fc.constantFrom(...((first('isIn')?.constraints[0] as unknown[]) ?? [null]));
    } else if (names.has('isUuid')) {
      one = idArb();
    } else if (names.has('isInt') || names.has('min') || names.has('max') || names.has('isNumber')) {
      one = fc.oneof(fc.integer({ min: -3, max: 120 }), fc.double({ noNaN: false }));
    } else if (names.has('isBoolean')) {
      one = fc.boolean();
    } else if (names.has('isEmail')) {
      one = fc.emailAddress();
    } else if (names.has('isUrl')) {
      one = fc.webUrl();
    } else if (names.has('isIso8601') || names.has('isDateString')) {
      one = fc
        .date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .chain((d) => fc.constantFrom(d.toISOString(), d.toISOString().slice(0, 10)));
    } else {
      one = fc.string({ unit: 'grapheme', maxLength: 60 });
    }
    return isEach || names.has('isArray') ? fc.array(one, { maxLength: 4 }) : one;
  }

  function objectArb(dto: Type, depth = 0): fc.Arbitrary<Record<string, unknown>> {
    const fields = fieldsOf(dto);
    const entries = Object.fromEntries(
      fields.map((field) => [
        field.name,
        fc.option(fc.oneof({ weight: 4, arbitrary: plausible(field, depth) }, { weight: 1, arbitrary: fc.jsonValue() }), {
          nil: undefined,
          freq: 4,
        }),
      ]),
    );
    const unknown = fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue(), { maxKeys: 2 }), {
      nil: undefined,
      freq: 3,
    });
    return fc.tuple(fc.record(entries), unknown).map(([known, extra]) => {
      const value = Object.fromEntries(Object.entries(known).filter(([, v]) => v !== undefined));
      return extra ? { ...extra, ...value } : value;
    });
  }

  function queryArb(dto: Type): fc.Arbitrary<Array<[string, string]>> {
    const fields = fieldsOf(dto);
    const pairs = fields.map((field) =>
      fc.option(
        fc.oneof(
          { weight: 3, arbitrary: plausible(field, 3).map((v) => (Array.isArray(v) ? v.map(String) : [String(v)])) },
          { weight: 1, arbitrary: fc.array(fc.string({ unit: 'grapheme', maxLength: 30 }), { minLength: 1, maxLength: 3 }) },
        ),
        { nil: undefined, freq: 3 },
      ),
    );
    const unknown = fc.option(fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ maxLength: 10 })), { nil: undefined, freq: 4 });
    return fc.tuple(fc.tuple(...pairs), unknown).map(([values, extra]) => {
      const out: Array<[string, string]> = [];
      values.forEach((v, i) => v?.forEach((one) => out.push([fields[i].name, one])));
      if (extra && !fields.some((f) => f.name === extra[0])) {
        out.push(extra);
      }
      return out;
    });
  }

  function pathFor(route: RouteSpec, values: Record<string, string>): string {
    return route.path.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(values[name]));
  }

  async function send(route: RouteSpec, actor: Actor | null, path: string, query: Array<[string, string]>, body: unknown) {
    const qs = new URLSearchParams(query).toString();
    const req = t
      .http()
      [route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete' | 'put'](qs ? `${path}?${qs}` : path)
      .timeout(60_000);
    if (actor) {
      req.set('Authorization', `Bearer ${actor.token}`);
    }
    if (body !== undefined) {
      req.set('Content-Type', 'application/json').send(JSON.stringify(body));
    }
    return req;
  }

  const messagesOf = (body: unknown): string[] => {
    const message = (body as { message?: unknown })?.message;
    return (Array.isArray(message) ? message : [message]).map(String);
  };

  /**
   * Messages start with the field's path (`indicators.0.unit must…`, `property x should not
   * exist`); `body` is the field when the whole body is wrong (not an object, not CSV); a rule
   * about the record's state names its field explicitly (`locked: the thread is already open`).
   */
  const namesAField = (message: string, names: string[]): boolean =>
    /^body\b/i.test(message) ||
    /^property .* should not exist$/.test(message) ||
    /^[a-z][\w.]*: \S/i.test(message) ||
    names.some((n) => n !== '' && message.startsWith(n) && (message.length === n.length || /[\s:.[]/.test(message[n.length])));

  /**
   * The 400's `problems` (the error vocabulary): at least one, each a known code on a field the
   * request sent or declares (a nested path under one of them, or `body` for the whole body), or
   * a field of the record's state that its English line names explicitly (`locked: the thread is
   * already open`), as namesAField accepts.
   */
  const problemsNameFields = (body: unknown, declared: string[]): boolean => {
    const problems = (body as { problems?: unknown })?.problems;
    const stated = messagesOf(body).flatMap((m) => /^([a-z][\w.]*): \S/i.exec(m)?.[1] ?? []);
    const names = [...declared, ...stated];
    return (
      Array.isArray(problems) &&
      problems.length > 0 &&
      (problems as Array<{ field?: unknown; code?: unknown }>).every(
        (p) =>
          isProblemCode(p.code) &&
          typeof p.field === 'string' &&
          // An unknown property named "" is refused under its own (empty) name.
          (p.field === 'body' || names.some((n) => p.field === n || (n !== '' && (p.field as string).startsWith(`${n}.`)))),
      )
    );
  };

  /** The failures of one route; [] when every generated request was answered properly. */
  async function fuzzRoute(route: RouteSpec): Promise<string[]> {
    const names = [...(route.body ? fieldNames(route.body) : []), ...(route.query ? fieldNames(route.query) : []), ...route.pathParams];
    const pathValues = fc.record(
      Object.fromEntries(route.pathParams.map((p) => [p, p === 'seq' ? fc.integer({ min: 1, max: 400 }).map(String) : idArb()])),
    ) as fc.Arbitrary<Record<string, string>>;
    const body: fc.Arbitrary<unknown> = route.body
      ? fc.oneof({ weight: 9, arbitrary: objectArb(route.body) }, { weight: 1, arbitrary: fc.jsonValue() })
      : fc.constant(undefined);
    const query = route.query ? queryArb(route.query) : fc.constant<Array<[string, string]>>([]);
    const actor = fc.constantFrom<'secretariat' | 'civil' | null>('secretariat', 'secretariat', 'civil', null);
    const result = await fc.check(
      fc.asyncProperty(pathValues, query, body, actor, async (params, q, b, who) => {
        const sentNames = [...names, ...q.map(([k]) => k), ...(b && typeof b === 'object' ? Object.keys(b) : [])];
        const res = await send(route, who ? actors[who] : null, pathFor(route, params), q, b);
        if (res.status >= 500) {
          throw new Error(`${res.status}: ${JSON.stringify(res.body)}`);
        }
        if (res.status === 400) {
          const messages = messagesOf(res.body);
          const named = messages.some((m) => namesAField(m, sentNames));
          if (!named) {
            throw new Error(`400 without a field: ${JSON.stringify(res.body)}`);
          }
          if (!problemsNameFields(res.body, sentNames)) {
            throw new Error(`400 whose problems do not name a field with a known code: ${JSON.stringify(res.body)}`);
          }
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    return result.failed
      ? [`${route.method} ${route.path}: ${(result.errorInstance as Error)?.message} — with ${JSON.stringify(result.counterexample)}`]
      : [];
  }

  it('never answers 5xx, and names the field in every 400, whatever the body and query', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      failures.push(...(await fuzzRoute(route)));
    }
    expect(failures).toEqual([]);
  });

  it('never answers 5xx to arbitrary path segments, and names the segment when it refuses one', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.pathParams.length)) {
      const result = await fc.check(
        fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), async (segment) => {
          const values = Object.fromEntries(route.pathParams.map((p) => [p, segment]));
          const res = await send(route, actors.secretariat, pathFor(route, values), [], route.body ? {} : undefined);
          if (res.status >= 500) {
            throw new Error(`${res.status}: ${JSON.stringify(res.body)}`);
          }
          // A malformed id is named ("id must be a UUID"), not Nest's bare "uuid is expected"; the
          // empty body's own 400 names its fields, and a required query parameter left out (the
          // idempotency-key question's path) is named too.
          const fields = [
            ...route.pathParams,
            ...(route.body ? fieldsOf(route.body as Type).map((f) => f.name) : []),
            ...(route.query ? fieldsOf(route.query as Type).map((f) => f.name) : []),
          ];
          if (res.status === 400 && !messagesOf(res.body).some((m) => namesAField(m, fields))) {
            throw new Error(`400 without a field: ${JSON.stringify(res.body)}`);
          }
          if (res.status === 400 && !problemsNameFields(res.body, fields)) {
            throw new Error(`400 whose problems do not name a field with a known code: ${JSON.stringify(res.body)}`);
          }
        }),
        { numRuns: Math.max(5, Math.floor(RUNS / 2)), endOnFailure: true },
      );
      if (result.failed) {
        failures.push(
          `${route.method} ${route.path}: ${(result.errorInstance as Error)?.message} — ${JSON.stringify(result.counterexample)}`,
        );
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers injection payloads in every query parameter as data, never 5xx', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.query && r.method === 'GET')) {
      const params = fieldsOf(route.query as Type).map((f) => f.name);
      const path = pathFor(route, Object.fromEntries(route.pathParams.map((p) => [p, ids[0]])));
      for (const param of params) {
        for (const payload of PAYLOADS) {
          const res = await send(route, actors.secretariat, path, [[param, payload]], undefined);
          if (res.status >= 500 || (res.status === 400 && !messagesOf(res.body).some((m) => m.split(/[\s:]/)[0] === param))) {
            failures.push(`${route.path}?${param}=${payload} → ${res.status} ${JSON.stringify(res.body)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers injection payloads in every text field of every body without a 5xx', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.body)) {
      const path = pathFor(route, Object.fromEntries(route.pathParams.map((p) => [p, p === 'seq' ? '1' : ids[0]])));
      const textFields = (dto: Type, prefix: string[]): string[][] =>
        fieldsOf(dto).flatMap((f) =>
          f.nested
            ? textFields(f.nested, [...prefix, f.name])
            : f.checks.some((c) => ['isString', 'isLength', 'maxLength', 'minLength'].includes(c.name))
              ? [[...prefix, f.name]]
              : [],
        );
      for (const fieldPath of textFields(route.body as Type, [])) {
        for (const payload of PAYLOADS) {
          const body: Record<string, unknown> = {};
          let cursor = body;
          fieldPath.slice(0, -1).forEach((key) => (cursor = (cursor[key] = {}) as Record<string, unknown>));
          cursor[fieldPath[fieldPath.length - 1]] = payload;
          const res = await send(route, actors.secretariat, path, [], body);
          if (res.status >= 500) {
            failures.push(`${route.method} ${route.path} ${fieldPath.join('.')}=${payload} → ${res.status} ${JSON.stringify(res.body)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('stores injection payloads verbatim and returns them as JSON data', async () => {
    const secretariat = actors.secretariat;
    const [thread] = (await t.db.query(`SELECT id::text FROM threads WHERE visibility = 'public' LIMIT 1`)) as Array<{ id: string }>;
    const [commitment] = (await t.db.query('SELECT id::text FROM commitments LIMIT 1')) as Array<{ id: string }>;
    const secretariatCount = async () =>
      ((await t.db.query(`SELECT count(*)::int AS n FROM users WHERE role = 'secretariat'`)) as Array<{ n: number }>)[0].n;
    const before = await secretariatCount();
    for (const payload of PAYLOADS) {
      const posted = await send({ method: 'POST' } as RouteSpec, secretariat, `/api/threads/${thread.id}/messages`, [], { body: payload });
      expect(posted.status).toBe(201);
      expect(posted.headers['content-type']).toMatch(/^application\/json/);
      const read = await t.http().get(`/api/messages/${posted.body.id}`).expect(200);
      expect(read.headers['content-type']).toMatch(/^application\/json/);
      expect(read.body.body).toBe(payload);

      const report = await send({ method: 'POST' } as RouteSpec, secretariat, `/api/commitments/${commitment.id}/reports`, [], {
        kind: 'self_report',
        status: 'in_progress',
        narrative: { en: payload, fr: payload },
      });
      expect(report.status).toBe(201);
      const readReport = await t.http().get(`/api/reports/${report.body.id}`).expect(200);
      expect(readReport.body.narrative).toEqual({ en: payload, fr: payload });

      const search = await t.http().get('/api/commitments').query({ q: payload }).expect(200);
      expect(search.headers['content-type']).toMatch(/^application\/json/);
    }
    // Nothing was executed: the tables the payloads aimed at are there, no one was promoted,
    // and the audit chain (which every write above extended) still verifies.
    const [{ count }] = (await t.db.query('SELECT count(*)::int AS count FROM messages')) as Array<{ count: number }>;
    expect(count).toBeGreaterThanOrEqual(PAYLOADS.length);
    expect(await secretariatCount()).toBe(before);
    const verify = await t.http().get('/api/audit/verify').expect(200);
    expect(verify.body.valid).toBe(true);
  });
  it('never answers 5xx to arbitrary CSV imports', async () => {
    const cell = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.constantFrom('"', '""', '","', '\n', '\r\n', '=1+1', "'=cmd", '\uFEFF', 'national', 'in_progress', 'self_report'),
      fc.constantFrom(...ids),
    );
    const failures: string[] = [];
    for (const route of routes.filter((r) => CSV_BODY[r.handler])) {
      const columns = CSV_BODY[route.handler];
      const header = fc.oneof(
        fc.constant([...columns]),
        fc.shuffledSubarray([...columns]),
        fc.array(fc.string({ maxLength: 12 }), { maxLength: 6 }),
      );
      const csv = fc
        .tuple(header, fc.array(fc.array(cell, { maxLength: 12 }), { maxLength: 6 }), fc.boolean())
        .map(([head, rows, quoted]) =>
          [head, ...rows].map((row) => row.map((c) => (quoted ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')).join('\n'),
        );
      const result = await fc.check(
        fc.asyncProperty(csv, fc.boolean(), async (text, dryRun) => {
          const res = await t
            .http()
            .post(`${route.path}${dryRun ? '?dryRun=true' : ''}`)
            .set('Authorization', `Bearer ${actors.secretariat.token}`)
            .set('Content-Type', 'text/csv')
            .send(text);
          if (res.status >= 500) {
            throw new Error(`${res.status}: ${JSON.stringify(res.body)}`);
          }
        }),
        { numRuns: RUNS * 2, endOnFailure: true },
      );
      if (result.failed) {
        failures.push(`${route.path}: ${(result.errorInstance as Error)?.message} — ${JSON.stringify(result.counterexample)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('never answers 5xx to arbitrary multipart reports and evidence bytes', async () => {
    const [commitment] = (await t.db.query('SELECT id::text FROM commitments LIMIT 1')) as Array<{ id: string }>;
    // Real signatures followed by arbitrary bytes, so the file checks and the image cleaning
    // (EXIF, XMP, comments) see truncated and malformed files, not only unknown ones.
    const magic = fc.constantFrom(
      Buffer.from('%PDF-1.7\n'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from([0xff, 0xd8, 0xff, 0xe1]),
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
      Buffer.alloc(0),
    );
    const file = fc
      .tuple(magic, fc.uint8Array({ maxLength: 600 }), fc.string({ maxLength: 20 }))
      .map(([head, rest, name]) => ({ bytes: Buffer.concat([head, Buffer.from(rest)]), name: name || 'x' }));
    const report = fc.oneof(
      fc.constant(JSON.stringify({ kind: 'self_report', status: 'in_progress', narrative: { en: 'fuzz' } })),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 40 }),
    );
    const result = await fc.check(
      fc.asyncProperty(
        report,
        fc.array(file, { maxLength: 3 }),
        fc.constantFrom('evidence', 'evidence', 'other'),
        async (r, files, field) => {
          const req = t
            .http()
            .post(`/api/commitments/${commitment.id}/reports`)
            .set('Authorization', `Bearer ${actors.secretariat.token}`)
            .field('report', r);
          files.forEach((f) => req.attach(field, f.bytes, { filename: f.name, contentType: 'application/octet-stream' }));
          const res = await req;
          if (res.status >= 500) {
            throw new Error(`${res.status}: ${JSON.stringify(res.body)}`);
          }
        },
      ),
      { numRuns: RUNS * 3, endOnFailure: true },
    );
    expect(result.failed ? `${(result.errorInstance as Error)?.message} — ${JSON.stringify(result.counterexample)}` : null).toBeNull();
  });
});
