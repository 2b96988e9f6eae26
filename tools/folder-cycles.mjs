// `npm run lint` runs this: no import cycle between the top-level folders of the API
// (apps/api/src/<feature>/). A folder stands above what it imports; a cycle means two features
// each need the other, which Nx's project-level boundaries cannot see.
//
//   node tools/folder-cycles.mjs [root]      root defaults to apps/api/src
//
// The check fails on any cycle not listed in KNOWN (empty), and on a listed one that no longer
// exists, so the list only shrinks.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Folder cycles tolerated for now, each as its sorted folder names joined by ' ↔ ' with why.
 * Empty since issue 19 put policy, the viewer, audit and the database helpers on a ground floor
 * below the features; the mechanism stays so that a cycle met in a merge can be listed while it
 * is broken, and fails once it is gone.
 */
export const KNOWN = new Map();

/** Every .ts source file under `root`, specs and test fixtures left out (they may import anything). */
function sources(root) {
  const out = [];
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'testing') {
        out.push(...sources(path));
      }
    } else if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) {
      out.push(path);
    }
  }
  return out;
}

/** The top-level folder a path under `root` belongs to, or null for a file at the root itself. */
function folderOf(root, path) {
  const parts = relative(root, path).split(sep);
  return parts.length > 1 ? parts[0] : null;
}

/** folder → Map(imported folder → [file that imports it]) */
export function folderGraph(root) {
  const graph = new Map();
  for (const file of sources(root)) {
    const from = folderOf(root, file);
    if (!from) {
      continue;
    }
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const to = folderOf(root, resolve(dirname(file), match[1]));
      if (to && to !== from) {
        const edges = graph.get(from) ?? new Map();
        edges.set(to, [...(edges.get(to) ?? []), relative(root, file)]);
        graph.set(from, edges);
      }
    }
  }
  return graph;
}

/** Strongly connected components of more than one folder (Tarjan). */
export function cycles(graph) {
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (v) => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), indices.get(w)));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) {
        found.push(component.sort());
      }
    }
  };
  for (const v of [...graph.keys()].sort()) {
    if (!indices.has(v)) {
      visit(v);
    }
  }
  return found;
}

/** The problems to report: new cycles (with the imports that make them), and listed ones that are gone. */
export function check(root, known = KNOWN) {
  const graph = folderGraph(root);
  const problems = [];
  const seen = new Set();
  for (const component of cycles(graph)) {
    const name = component.join(' ↔ ');
    seen.add(name);
    if (!known.has(name)) {
      const arrows = component.flatMap((from) =>
        [...(graph.get(from)?.entries() ?? [])]
          .filter(([to]) => component.includes(to))
          .map(([to, files]) => `  ${from} → ${to} (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''})`),
      );
      problems.push(`import cycle between folders ${name}:\n${arrows.join('\n')}`);
    }
  }
  for (const name of known.keys()) {
    if (!seen.has(name)) {
      problems.push(`the cycle ${name} is gone: take it out of KNOWN in tools/folder-cycles.mjs`);
    }
  }
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = resolve(process.argv[2] ?? 'apps/api/src');
  const problems = check(root);
  if (problems.length) {
    process.stderr.write(`${problems.join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(`folder cycles: none${KNOWN.size ? ` beyond the ${KNOWN.size} listed in tools/folder-cycles.mjs` : ''} (${root})\n`);
}
