// Self time of a V8 CPU profile (node --cpu-prof) by package and by function: where a benchmark's
// server spends its time, in a form that fits a README line.
//   node tests/perf/profile-summary.mjs /tmp/suivi-bench/profiles/CPU.….cpuprofile [--top=25]
import { readFileSync } from 'node:fs';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tests/perf/profile-summary.mjs <file.cpuprofile> [--top=25]');
  process.exit(2);
}
const top = Number(rest.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));

// Each sample names the node that was running; a node's self time is its share of samples.
const selfSamples = new Map();
for (const id of profile.samples) {
  selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
}
const total = profile.samples.length;

/** The package a script belongs to: node_modules/<pkg>, node's own modules, or the app bundle. */
function packageOf(url, functionName) {
  if (!url) {
    return functionName === '(garbage collector)' ? '(gc)' : functionName.startsWith('(') ? functionName : '(native)';
  }
  const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) {
    return m[1];
  }
  if (url.startsWith('node:')) {
    return 'node internals';
  }
  return url.includes('dist/apps/api') ? 'app (dist/apps/api)' : url;
}

const byPackage = new Map();
const byFunction = new Map();
for (const node of profile.nodes) {
  const n = selfSamples.get(node.id) ?? 0;
  if (!n) {
    continue;
  }
  const { url, functionName, lineNumber } = node.callFrame;
  const pkg = packageOf(url, functionName);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + n);
  const key = `${functionName || '(anonymous)'} ${pkg}${url ? `:${lineNumber + 1}` : ''}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + n);
}
const pct = (n) => `${((100 * n) / total).toFixed(1)}%`.padStart(6);
const durationS = (profile.endTime - profile.startTime) / 1e6;
console.log(`${file}: ${total} samples over ${durationS.toFixed(1)} s`);
console.log('\nself time by package');
for (const [pkg, n] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${pct(n)}  ${pkg}`);
}
console.log('\nself time by function');
for (const [fn, n] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${pct(n)}  ${fn}`);
}
