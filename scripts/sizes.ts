/**
 * The house's size limits (issue "Typed boundaries"): no function over 60 lines, no file over 300 lines
 * outside generated and test files. Prints lines per folder, the largest files, and every function over
 * the limit. `npx tsx scripts/sizes.ts` (exit 1 over a limit).
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import ts from 'typescript';

export const MAX_FILE_LINES = 300;
export const MAX_FUNCTION_LINES = 60;

const isTestCode = (f: string) => /\.(test|int\.test|testkit|fixture)\.ts$/.test(f) || f.endsWith('.d.ts');

export interface FunctionSize {
  readonly file: string;
  readonly name: string;
  readonly line: number;
  readonly lines: number;
}

/** Every function-like node of a source with its length in lines (pure). */
export function functionSizes(file: string, source: string): FunctionSize[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const out: FunctionSize[] = [];
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line + 1;
  const nameOf = (n: ts.Node): string => {
    if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) && n.name) return n.name.getText(sf);
    if (ts.isConstructorDeclaration(n)) return 'constructor';
    const p = n.parent;
    if (ts.isVariableDeclaration(p)) return p.name.getText(sf);
    if (ts.isPropertyAssignment(p)) return p.name.getText(sf);
    return '(anonymous)';
  };
  const visit = (n: ts.Node) => {
    if (ts.isFunctionLike(n) && 'body' in n && n.body) {
      const lines = lineOf(n.getEnd()) - lineOf(n.getStart(sf)) + 1;
      out.push({ file, name: nameOf(n), line: lineOf(n.getStart(sf)), lines });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

if (process.argv[1]?.endsWith('sizes.ts')) {
  const files = execFileSync('git', ['ls-files', '*.ts'], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && !isTestCode(f));
  const lines = new Map(files.map((f) => [f, readFileSync(f, 'utf8').split('\n').length]));
  const perFolder = new Map<string, number>();
  for (const [f, n] of lines) {
    const folder = f.includes('/')
      ? f
          .split('/')
          .slice(0, f.startsWith('infra/') && f.split('/').length > 2 ? 2 : 1)
          .join('/')
      : '.';
    perFolder.set(folder, (perFolder.get(folder) ?? 0) + n);
  }
  console.log('lines per folder (non-test TypeScript):');
  for (const [folder, n] of [...perFolder].sort()) console.log(`  ${folder.padEnd(16)} ${n}`);
  const big = [...lines].filter(([, n]) => n > MAX_FILE_LINES).sort((a, b) => b[1] - a[1]);
  const largest = [...lines].sort((a, b) => b[1] - a[1])[0];
  console.log(`largest file: ${largest?.[0]} (${largest?.[1]} lines); over ${MAX_FILE_LINES}: ${big.map(([f, n]) => `${f} (${n})`).join(', ') || 'none'}`);
  const fns = files.flatMap((f) => functionSizes(f, readFileSync(f, 'utf8')));
  const long = fns.filter((s) => s.lines > MAX_FUNCTION_LINES).sort((a, b) => b.lines - a.lines);
  const longest = [...fns].sort((a, b) => b.lines - a.lines)[0];
  console.log(`longest function: ${longest?.file}:${longest?.line} ${longest?.name} (${longest?.lines} lines); over ${MAX_FUNCTION_LINES}:`);
  for (const s of long) console.log(`  ${s.file}:${s.line} ${s.name} (${s.lines})`);
  process.exitCode = big.length > 0 || long.length > 0 ? 1 : 0;
}
