#!/usr/bin/env node
// Checks a Suivi open data export (format suivi-open-data/2) offline, with nothing but Node.js:
// - the chain: every event follows the one before it, and from canonical text v2 on, each event's
//   hash is sha256(previous hash + its text), so no text was changed;
// - every record: sha256(its salt + its canonical JSON) is the hash that the event it names bound
//   for it, and no later event bound that record again (the export holds its current state);
// - every record an event bound publicly is in the export (none erased quietly);
// - the checkpoints lie on the chain, and (with --extends) the chain passes through a head you kept.
// Usage: npm run verify-export -- FILE [--extends SEQ:HASH | --extends HASH]
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const GENESIS = '0'.repeat(64);
const FORMAT = 'suivi-open-data/2';

// The same canonical form as the server's: keys sorted at every depth, no whitespace.
export function canonicalJson(value) {
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
  if (doc?.format !== FORMAT) {
    return {
      valid: false,
      problems: [`not a ${FORMAT} file (format: ${JSON.stringify(doc?.format)})`],
      records: 0,
      events: 0,
      head: null,
      extends: null,
    };
  }
  const events = Array.isArray(doc.events) ? doc.events : [];
  // The latest public binding of each record, as the chain itself says.
  const bound = new Map();
  let previous = GENESIS;
  let texts = 0;
  for (const [index, event] of events.entries()) {
    const [seq, prevHash, hash, text] = Array.isArray(event) ? event : [];
    if (seq !== index + 1) {
      problems.push(`event ${index + 1}: found sequence number ${JSON.stringify(seq)} (a gap or a reordering)`);
      break;
    }
    if (prevHash !== previous) {
      problems.push(`event ${seq}: does not follow the hash of event ${seq - 1}`);
      break;
    }
    if (text !== undefined) {
      texts++;
      let parsed = null;
      try {
        parsed = JSON.parse(text);
      } catch {
        // reported below
      }
      if (sha256(prevHash + text) !== hash) {
        problems.push(`event ${seq}: its hash is not that of its text (the text was changed)`);
        break;
      }
      if (!parsed || parsed.v !== 2 || parsed.seq !== seq) {
        problems.push(`event ${seq}: its text is not a canonical text v2 of this event`);
        break;
      }
      for (const record of parsed.records ?? []) {
        bound.set(`${record.type}:${record.id}`, { seq, hash: record.hash });
      }
    } else if (texts > 0) {
      problems.push(`event ${seq}: carries no text after the first v2 event`);
      break;
    }
    previous = hash;
  }
  const head = doc.head ?? null;
  if (events.length ? !head || head.seq !== events.length || head.hash !== previous : head !== null) {
    problems.push('head: does not match the last event');
  }
  const records = Array.isArray(doc.records) ? doc.records : [];
  const seen = new Set();
  for (const [index, record] of records.entries()) {
    const key = `${record?.type}:${record?.id}`;
    const name = `record ${key}`;
    if (!record || typeof record !== 'object' || record.data?.id !== record.id) {
      problems.push(`records[${index}]: malformed`);
      continue;
    }
    seen.add(key);
    const binding = bound.get(key);
    if (!binding) {
      problems.push(`${name}: no event binds it (written behind the platform's back)`);
    } else if (record.seq !== binding.seq) {
      problems.push(`${name}: names event ${record.seq}, but event ${binding.seq} bound it last`);
    } else if (typeof record.salt !== 'string' || sha256(record.salt + canonicalJson(record.data)) !== binding.hash) {
      problems.push(`${name}: does not match what event ${binding.seq} bound for it (changed since)`);
    }
  }
  for (const [key, binding] of bound) {
    if (!seen.has(key)) problems.push(`record ${key}: bound by event ${binding.seq} but missing from the export (erased)`);
  }
  const bySeq = new Map(events.map(([seq, , hash]) => [seq, hash]));
  for (const cp of doc.checkpoints ?? []) {
    if (bySeq.get(cp.seq) !== cp.hash) problems.push(`checkpoint ${cp.seq}: not on the exported chain`);
  }
  if (doc.verification && doc.verification.valid === false) {
    problems.push(
      `the platform's own full verification failed (from event ${doc.verification.brokenAt ?? '?'}${doc.verification.brokenRecord ? `, ${doc.verification.brokenRecord}` : ''})`,
    );
  }
  let extendsKept = null;
  if (kept) {
    extendsKept = kept.seq !== undefined ? bySeq.get(kept.seq) === kept.hash : [...bySeq.values()].includes(kept.hash);
    if (!extendsKept) problems.push(`the chain does not pass through the head you kept (${kept.seq ?? '?'}:${kept.hash})`);
  }
  return { valid: problems.length === 0, problems, records: records.length, events: events.length, head, extends: extendsKept };
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
