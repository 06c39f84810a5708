/**
 * The project's floors, lowest first: a source file may import its own folder and the floors below
 * it, never a floor above (so no folder cycles). Tests and test kits are left out: they may reach
 * across to build what they test. `npx tsx scripts/floors.ts` prints the folder graph and any
 * violation; floors.test.ts fails on one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FLOORS: readonly string[] = [
  'lib', // pure pieces shared by every floor: durations, statistics, atomic result files, the repo root
  'flink-job', // the job's jar and entry points, as TypeScript knows them
  'workload', // the workload's parameters, validation and job arguments
  'infra', // clusters: the flink-conf renderer, the local cluster, the Pulumi components
  'bench', // one measurement through Flink's REST API, failures and recovery
  'analysis', // figures per run, aggregates, the model, the advisor
  'sweep', // the sweep over intervals (and state modes), its sweep.json
  'report', // report.md / report.html and the study's write-up
  'cli', // the ckpt-lab command
  'scripts', // maintenance scripts
  'index.ts', // the Pulumi program
];

/** The floor a repo-relative path sits on; undefined for files outside the floors (config files). */
export function floorOf(path: string): string | undefined {
  const top = path.split('/')[0]!;
  return FLOORS.includes(top) ? top : undefined;
}

export interface ImportEdge {
  readonly from: string;
  readonly to: string;
}

/** Relative imports of a TypeScript source, resolved against its path (repo-relative). */
export function importsOf(path: string, source: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const m of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'(\.{1,2}\/[^']+)'|import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g)) {
    const spec = m[1] ?? m[2]!;
    edges.push({ from: path, to: normalize(join(dirname(path), spec)) });
  }
  return edges;
}

/** The imports that point up a floor (pure). */
export function floorViolations(edges: readonly ImportEdge[]): ImportEdge[] {
  return edges.filter((e) => {
    const a = floorOf(e.from);
    const b = floorOf(e.to);
    return a !== undefined && b !== undefined && FLOORS.indexOf(b) > FLOORS.indexOf(a);
  });
}

const isTestCode = (f: string) => /\.(test|int\.test|testkit|fixture)\.ts$/.test(f);

/** Every non-test TypeScript source under the floors, with its relative imports. */
export function projectImports(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!['node_modules', 'target', 'results', 'docs'].includes(e.name) && !e.name.startsWith('.')) walk(rel);
      } else if (rel.endsWith('.ts') && !rel.endsWith('.d.ts') && !isTestCode(rel) && floorOf(rel)) {
        edges.push(...importsOf(rel, readFileSync(join(root, rel), 'utf8')));
      }
    }
  };
  walk('');
  return edges;
}

/** folder → the folders it imports, as text (for the closing figures and a reader). */
export function folderGraph(edges: readonly ImportEdge[]): string {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    const a = floorOf(e.from);
    const b = floorOf(e.to);
    if (a && b && a !== b) graph.set(a, (graph.get(a) ?? new Set()).add(b));
  }
  return FLOORS.filter((f) => graph.has(f))
    .map((f) => `${f} → ${[...graph.get(f)!].sort((x, y) => FLOORS.indexOf(x) - FLOORS.indexOf(y)).join(', ')}`)
    .join('\n');
}

if (process.argv[1] && relative(process.argv[1], fileURLToPath(import.meta.url)) === '') {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const edges = projectImports(root);
  console.log(`floors, lowest first: ${FLOORS.join(' < ')}\n${folderGraph(edges)}`);
  const bad = floorViolations(edges);
  for (const v of bad) console.log(`UP A FLOOR: ${v.from} imports ${v.to}`);
  console.log(`${edges.length} imports checked, ${bad.length} pointing up a floor`);
  process.exitCode = bad.length ? 1 : 0;
}
