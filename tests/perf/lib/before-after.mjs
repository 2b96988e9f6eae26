// --before=<dist>: another build of the API measured in the same run as this one, run by run
// (before, after, before, after, …), and judged by a refactor's acceptance criterion:
// after/before throughput ≥ 0.9 and p99 ≤ 1.1× before; R4 also stays ≥ 0.7 of its bare reference.

export const THROUGHPUT_RATIO_MIN = 0.9;
export const P99_RATIO_MAX = 1.1;
/** Benchmarks whose after build must also keep a ratio to their bare reference. */
export const REFERENCE_RATIO_MIN = { R4: 0.7 };
/** The benchmarks the acceptance criterion names. */
export const ACCEPTANCE_IDS = ['W2', 'W3', 'R4'];

export const CRITERION = `after/before throughput ≥ ${THROUGHPUT_RATIO_MIN} and p99 ≤ ${P99_RATIO_MAX}× before (medians of the runs; W2 has no throughput, only its p99); R4's after build also ≥ ${REFERENCE_RATIO_MIN.R4} of its bare reference`;

const finite = (x) => typeof x === 'number' && Number.isFinite(x);

/**
 * One benchmark's comparison. `before` and `after`: { throughput (null when the benchmark has
 * none), p50, p99, unexpected, runs }. `referenceRatio`: the after build against the benchmark's
 * bare reference, as the main table reports it.
 */
export function beforeAfterEntry({
  id,
  column,
  what,
  unit = null,
  before,
  after,
  referenceRatio = null,
  referenceTarget = null,
  notes: given = [],
  ...extra
}) {
  const throughputRatio = unit && finite(before.throughput) && before.throughput > 0 ? after.throughput / before.throughput : null;
  const p99Ratio = finite(before.p99) && before.p99 > 0 && finite(after.p99) ? after.p99 / before.p99 : null;
  const referenceMin = REFERENCE_RATIO_MIN[id] ?? null;
  const notes = [...given];
  const checks = [];
  if (unit) {
    checks.push(throughputRatio !== null && throughputRatio >= THROUGHPUT_RATIO_MIN);
  }
  checks.push(p99Ratio !== null && p99Ratio <= P99_RATIO_MAX);
  if (referenceMin !== null) {
    checks.push(finite(referenceRatio) && referenceRatio >= referenceMin);
  }
  let met = checks.every(Boolean);
  if (after.unexpected > 0) {
    notes.push(`the after build gave ${after.unexpected} unexpected answers`);
    met = false;
  }
  if (before.unexpected > 0) {
    // The before build failing (a schema it does not know, a route it lacks…) makes its figures no baseline.
    notes.push(`the before build gave ${before.unexpected} unexpected answers: no baseline`);
    met = null;
  }
  return {
    id,
    column,
    what,
    unit,
    before,
    after,
    throughputRatio,
    p99Ratio,
    referenceRatio: finite(referenceRatio) ? referenceRatio : null,
    referenceTarget,
    referenceMin,
    met,
    notes,
    ...extra,
  };
}

/** The criterion over the benchmarks it names: met only when each was measured and met. */
export function acceptance(entries, ids = ACCEPTANCE_IDS) {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const missing = ids.filter((id) => !byId.has(id));
  const failed = ids.filter((id) => byId.get(id)?.met === false);
  const undecided = ids.filter((id) => byId.has(id) && byId.get(id).met === null);
  return { ids, met: missing.length || undecided.length ? (failed.length ? false : null) : !failed.length, missing, failed, undecided };
}

const fmt = (x, digits = 0) => (finite(x) ? x.toFixed(digits) : '–');

function figures(s, unit) {
  const parts = [];
  if (unit) {
    parts.push(`${fmt(s.throughput)} ${unit}`);
  }
  if (finite(s.p50)) {
    parts.push(`p50 ${fmt(s.p50, s.p50 < 10 ? 1 : 0)} ms`);
  }
  parts.push(`p99 ${fmt(s.p99, s.p99 < 10 ? 1 : 0)} ms`);
  return parts.join(', ');
}

const runsText = (s, unit) =>
  (s.runs ?? []).map((r) => (unit ? `${fmt(r.throughput)}/${fmt(r.p99, r.p99 < 10 ? 1 : 0)} ms` : `${fmt(r.p99, 1)} ms`)).join(' ');

/** The markdown section of the report. */
export function renderBeforeAfter(ba) {
  const lines = ['', '## Before / after', ''];
  lines.push(
    `Before: \`${ba.before.dir}\`${ba.before.commit ? ` (commit ${ba.before.commit.slice(0, 12)})` : ''}. ` +
      `After: \`${ba.after.dir}\`${ba.after.commit ? ` (commit ${ba.after.commit.slice(0, 12)}${ba.after.dirty ? ', with uncommitted changes' : ''})` : ''}.`,
  );
  lines.push(`${ba.protocol}`);
  lines.push(`Criterion: ${ba.criterion}.`);
  lines.push('');
  lines.push('| id | before | after | throughput after/before | p99 after/before | after vs reference | met |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const e of ba.benchmarks) {
    const reference =
      e.referenceRatio === null ? '–' : `${fmt(e.referenceRatio, 2)}${e.referenceMin !== null ? ` (≥ ${e.referenceMin})` : ''}`;
    const met = e.met === null ? '–' : e.met ? 'yes' : '**no**';
    lines.push(
      `| ${e.id} | ${figures(e.before, e.unit)} | ${figures(e.after, e.unit)} | ${e.throughputRatio === null ? '–' : fmt(e.throughputRatio, 2)} | ${e.p99Ratio === null ? '–' : fmt(e.p99Ratio, 2)} | ${reference} | ${met} |`,
    );
  }
  if (!ba.benchmarks.length) {
    lines.push('| – | nothing compared | | | | | – |');
  }
  lines.push('');
  const a = ba.acceptance;
  const verdict = a.met === null ? 'undecided' : a.met ? 'met' : '**not met**';
  const why = [
    a.failed.length ? `missed: ${a.failed.join(', ')}` : '',
    a.missing.length ? `not measured: ${a.missing.join(', ')}` : '',
    a.undecided.length ? `no baseline: ${a.undecided.join(', ')}` : '',
  ].filter(Boolean);
  lines.push(`Acceptance (${a.ids.join(', ')}): ${verdict}${why.length ? ` (${why.join('; ')})` : ''}.`);
  lines.push('');
  for (const e of ba.benchmarks) {
    const runs = `runs before ${runsText(e.before, e.unit)}; after ${runsText(e.after, e.unit)}`;
    lines.push(
      `- **${e.id}** (${e.column}): ${e.what}. ${runs}${e.unit ? ` (${e.unit}/p99)` : ' (p99)'}.${e.notes.length ? ` ${e.notes.join('; ')}.` : ''}`,
    );
  }
  for (const note of ba.notes ?? []) {
    lines.push(`- ${note}`);
  }
  return lines.join('\n');
}
