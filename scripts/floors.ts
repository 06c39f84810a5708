/**
 * The project's floors, as README.md's layout table states them: each row says what a folder may
 * import ("`bench/` types": type-only imports; "the floors above", "everything above": every row
 * above). A source file may import its own folder and what its row allows. Tests and test kits are
 * left out: they may reach across to build what they test. `npx tsx scripts/floors.ts` prints the
 * folder graph and any violation; floors.test.ts fails on one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One row of the table: the paths it is about (`lib/`, `index.ts`), and what they may import, by path prefix. */
export interface FloorRule {
  readonly paths: readonly string[];
  readonly values: readonly string[];
  /** Type-only imports allowed besides `values`. */
  readonly types: readonly string[];
}

const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`(\s+types)?/g)].map((m) => ({ path: m[1]!, typesOnly: Boolean(m[2]) }));
const isSourcePath = (p: string) => p.endsWith('/') || p.endsWith('.ts');

/** The layout table's rows, in order (pure). */
export function floorRulesFrom(readme: string): FloorRule[] {
  const lines = readme.split('\n');
  const head = lines.findIndex((l) => /^\|\s*floor\s*\|.*\|\s*may import\s*\|$/.test(l));
  if (head < 0) throw new Error('README.md has no layout table (| floor | what it holds | may import |)');
  const rules: FloorRule[] = [];
  for (const line of lines.slice(head + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').slice(1, -1);
    const paths = ticked(cells[0]!)
      .map((t) => t.path)
      .filter(isSourcePath);
    const may = cells.at(-1)!;
    const above = rules.flatMap((r) => r.paths);
    const tokens = ticked(may).filter((t) => isSourcePath(t.path));
    const everythingAbove = /floors above|everything above/.test(may);
    rules.push({
      paths,
      values: everythingAbove ? above : tokens.filter((t) => !t.typesOnly).map((t) => t.path),
      types: tokens.filter((t) => t.typesOnly).map((t) => t.path),
    });
  }
  return rules;
}

export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  /** `import type …`, `export type …` or only `type` specifiers: gone once compiled. */
  readonly typeOnly: boolean;
}

/** Relative imports of a TypeScript source, resolved against its path (repo-relative). */
export function importsOf(path: string, source: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const m of source.matchAll(/(?:^|\n)\s*(import|export)\b([^'"]*?)from\s+'(\.{1,2}\/[^']+)'|import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g)) {
    const spec = m[3] ?? m[4]!;
    const clause = (m[2] ?? '').trim();
    const specifiers = /^\{([^}]*)\}$/
      .exec(clause)?.[1]
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const typeOnly =
      m[3] !== undefined && (/^type\b/.test(clause) || (specifiers !== undefined && specifiers.length > 0 && specifiers.every((s) => s.startsWith('type '))));
    edges.push({ from: path, to: normalize(join(dirname(path), spec)), typeOnly });
  }
  return edges;
}

/** The row a path belongs to: the longest path of a row it starts with (or equals). */
export function ruleOf(rules: readonly FloorRule[], path: string): { rule: FloorRule; own: string } | undefined {
  let best: { rule: FloorRule; own: string } | undefined;
  for (const rule of rules)
    for (const p of rule.paths) if ((p.endsWith('/') ? path.startsWith(p) : path === p) && p.length > (best?.own.length ?? 0)) best = { rule, own: p };
  return best;
}

/** The imports the table does not allow (pure). */
export function floorViolations(rules: readonly FloorRule[], edges: readonly ImportEdge[]): ImportEdge[] {
  // An import names the compiled file (x.js), the table the source (x.ts).
  const source = (path: string) => path.replace(/\.js$/, '.ts');
  const within = (path: string, prefixes: readonly string[]) => prefixes.some((p) => (p.endsWith('/') ? path.startsWith(p) : source(path) === p));
  return edges.filter((e) => {
    const from = ruleOf(rules, e.from);
    if (!from || ruleOf(rules, e.to) === undefined) return false;
    if (ruleOf(rules, e.to)!.rule === from.rule) return false;
    return !within(e.to, from.rule.values) && !(e.typeOnly && within(e.to, from.rule.types));
  });
}

const isTestCode = (f: string) => /\.(test|int\.test|testkit|fixture)\.ts$/.test(f);

/** Every non-test TypeScript source the table covers, with its relative imports. */
export function projectImports(root: string, rules: readonly FloorRule[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!['node_modules', 'target', 'results', 'docs'].includes(e.name) && !e.name.startsWith('.')) walk(rel);
      } else if (rel.endsWith('.ts') && !rel.endsWith('.d.ts') && !isTestCode(rel) && ruleOf(rules, rel)) {
        edges.push(...importsOf(rel, readFileSync(join(root, rel), 'utf8')));
      }
    }
  };
  walk('');
  return edges;
}

/** folder → the folders it imports (type-only ones marked), as text (for the closing figures and a reader). */
export function folderGraph(rules: readonly FloorRule[], edges: readonly ImportEdge[]): string {
  const graph = new Map<string, Map<string, boolean>>();
  for (const e of edges) {
    const a = ruleOf(rules, e.from)?.own;
    const b = ruleOf(rules, e.to)?.own;
    if (!a || !b || a === b) continue;
    const targets = graph.get(a) ?? new Map<string, boolean>();
    targets.set(b, (targets.get(b) ?? true) && e.typeOnly);
    graph.set(a, targets);
  }
  const order = rules.flatMap((r) => r.paths);
  return order
    .filter((f) => graph.has(f))
    .map(
      (f) =>
        `${f} → ${[...graph.get(f)!]
          .sort(([x], [y]) => order.indexOf(x) - order.indexOf(y))
          .map(([t, typeOnly]) => (typeOnly ? `${t} (types)` : t))
          .join(', ')}`,
    )
    .join('\n');
}

if (process.argv[1] && relative(process.argv[1], fileURLToPath(import.meta.url)) === '') {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const rules = floorRulesFrom(readFileSync(join(root, 'README.md'), 'utf8'));
  const edges = projectImports(root, rules);
  console.log(`the floors of README.md's layout table:\n${folderGraph(rules, edges)}`);
  const bad = floorViolations(rules, edges);
  for (const v of bad) console.log(`NOT ALLOWED BY README.md: ${v.from} imports ${v.typeOnly ? 'types of ' : ''}${v.to}`);
  console.log(`${edges.length} imports checked, ${bad.length} not allowed`);
  process.exitCode = bad.length ? 1 : 0;
}
