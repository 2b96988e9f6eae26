// The results as a markdown table (results/latest.md, and printed at the end of a run).
import { renderBeforeAfter } from './before-after.mjs';

const fmt = (x, digits = 0) => (x === null || x === undefined || Number.isNaN(x) ? '–' : Number(x).toFixed(digits));

function measured(b) {
  const a = b.app ?? {};
  if (a.rps !== undefined) {
    return `${fmt(a.rps)} req/s, p99 ${fmt(a.p99)} ms`;
  }
  if (a.bytesPerConnection !== undefined) {
    return `${fmt(a.bytesPerConnection / 1024, 1)} KiB/conn`;
  }
  if (a.messagesPerSecond !== undefined) {
    return `${fmt(a.messagesPerSecond)} msg/s, p99 ${fmt(a.p99)} ms`;
  }
  return b.summary;
}

function reference(b) {
  const r = b.reference;
  if (!r) {
    return '–';
  }
  if (r.rps !== undefined) {
    return `${fmt(r.rps)} req/s, p99 ${fmt(r.p99)} ms`;
  }
  if (r.bytesPerConnection !== undefined) {
    return `${fmt(r.bytesPerConnection / 1024, 1)} KiB/conn`;
  }
  if (r.messagesPerSecond !== undefined) {
    return `${fmt(r.messagesPerSecond)} msg/s, p99 ${fmt(r.p99)} ms`;
  }
  if (r.p99 !== undefined) {
    return `p99 ${fmt(r.p99, 1)} ms`;
  }
  return '–';
}

export function renderMarkdown(results) {
  const lines = [];
  const d = results.datasets.postgres;
  const e = results.datasets.embedded;
  lines.push(
    `Run ${results.startedAt} on ${results.machine.cpus} × ${results.machine.cpu}, Node ${results.machine.node}. ${results.protocol}`,
  );
  lines.push(`Runs per figure: ${results.options.runs}, ${results.options.duration} s each.`);
  if (d) {
    lines.push(
      `PostgreSQL dataset (scale ${d.scale}): ${d.commitments} commitments, ${d.reports} reports, ${d.messages} messages, ${d.users} users.` +
        (e
          ? ` Embedded dataset (scale ${e.scale}): ${e.commitments} commitments, ${e.reports} reports, ${e.messages} messages, ${e.users} users.`
          : ''),
    );
  }
  for (const note of results.notes ?? []) {
    lines.push(note);
  }
  lines.push('');
  lines.push('| id | column | measured | reference | ratio | target | met |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const b of results.benchmarks) {
    const ratio =
      b.ratio === null || b.ratio === undefined ? '–' : `${fmt(b.ratio, 2)}${b.p99Ratio ? ` (p99 ${fmt(b.p99Ratio, 2)}×)` : ''}`;
    const met = b.met === null || b.met === undefined ? '–' : b.met ? 'yes' : '**no**';
    lines.push(`| ${b.id} | ${b.column} | ${measured(b)} | ${reference(b)} | ${ratio} | ${b.target ?? ''} | ${met} |`);
  }
  for (const s of results.skipped) {
    lines.push(`| ${s.id} | – | skipped: ${s.reason} | | | | – |`);
  }
  lines.push('');
  for (const b of results.benchmarks) {
    lines.push(`- **${b.id}** (${b.column}): ${b.what}. ${b.summary}.`);
  }
  if (results.beforeAfter) {
    lines.push(renderBeforeAfter(results.beforeAfter));
  }
  return `${lines.join('\n')}\n`;
}
