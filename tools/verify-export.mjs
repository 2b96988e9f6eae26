#!/usr/bin/env node
// Checks a Suivi open data export offline: every record's hash, the audit chain's links and
// checkpoints, and (with --extends) that the chain still passes through a head you kept.
// Usage: npm run verify-export -- FILE [--extends SEQ:HASH | --extends HASH]
// Needs nothing but Node.js; it reads the file and never goes online.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const GENESIS = '0'.repeat(64);
const COLLECTIONS = ['dialogues', 'recommendations', 'commitments', 'reports', 'milestones', 'threads', 'messages'];

// The same canonical form as the server's: keys sorted at every depth, no whitespace.
function canonicalJson(value) {
  return JSON.stringify(normalise(value));
}
function normalise(value) {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalise(v)));
  if (typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value).sort()) if (value[key] !== undefined) out[key] = normalise(value[key]);
    return out;
  }
  return value;
}
const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

export function verifyExport(doc, kept) {
  const problems = [];
  let records = 0;
  for (const name of COLLECTIONS) {
    for (const [index, record] of (doc[name] ?? []).entries()) {
      records++;
      if (!record || typeof record !== 'object' || record.id !== record.data?.id) {
        problems.push(`${name}[${index}]: malformed record`);
      } else if (sha256(canonicalJson(record.data)) !== record.hash) {
        problems.push(`${name}[${index}] (${record.id}): its hash does not match its content`);
      }
    }
  }
  const links = doc.audit?.links ?? [];
  let previous = GENESIS;
  for (const [index, link] of links.entries()) {
    const [seq, prevHash, hash] = link;
    if (seq !== index + 1) {
      problems.push(`audit link ${index + 1}: found sequence number ${seq} (a gap or a reordering)`);
      break;
    }
    if (prevHash !== previous) {
      problems.push(`audit link ${seq}: does not follow the hash of event ${seq - 1}`);
      break;
    }
    previous = hash;
  }
  const head = doc.audit?.head ?? null;
  if (links.length && (!head || head.seq !== links.length || head.hash !== previous)) {
    problems.push('audit head: does not match the last link');
  }
  const bySeq = new Map(links.map(([seq, , hash]) => [seq, hash]));
  for (const cp of doc.audit?.checkpoints ?? []) {
    if (bySeq.get(cp.seq) !== cp.hash) problems.push(`checkpoint ${cp.seq}: not on the exported chain`);
  }
  let extendsKept = null;
  if (kept) {
    extendsKept = kept.seq !== undefined ? bySeq.get(kept.seq) === kept.hash : [...bySeq.values()].includes(kept.hash);
    if (!extendsKept) problems.push(`the chain does not pass through the head you kept (${kept.seq ?? '?'}:${kept.hash})`);
  }
  return { valid: problems.length === 0, problems, records, events: links.length, head, extends: extendsKept };
}

function parseKept(value) {
  if (!value) return null;
  const match = /^(?:(\d+):)?([0-9a-f]{64})$/.exec(value.trim());
  if (!match) throw new Error('--extends expects SEQ:HASH or HASH (64 hexadecimal characters)');
  return { seq: match[1] ? Number(match[1]) : undefined, hash: match[2] };
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--extends');
  const keptArg = args.includes('--extends') ? args[args.indexOf('--extends') + 1] : undefined;
  if (!file) {
    console.error('usage: npm run verify-export -- FILE [--extends SEQ:HASH]');
    process.exit(2);
  }
  try {
    const result = verifyExport(JSON.parse(readFileSync(file, 'utf8')), parseKept(keptArg));
    console.log(
      `${result.valid ? 'valid' : 'NOT VALID'}: ${result.records} records, ${result.events} audit events, head ${result.head ? `${result.head.seq}:${result.head.hash}` : 'none'}`,
    );
    if (result.extends !== null) console.log(result.extends ? 'it extends the head you kept' : 'it does NOT extend the head you kept');
    for (const problem of result.problems) console.log(`- ${problem}`);
    process.exit(result.valid ? 0 : 1);
  } catch (error) {
    console.error(`verify-export: ${error.message}`);
    process.exit(2);
  }
}
