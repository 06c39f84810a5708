import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/repoRoot.js';
import { floorRulesFrom, floorViolations, importsOf, projectImports } from './floors.js';

// A table in README.md's form, written here: the rules below are what it says, by hand.
const TABLE = `
| floor | what it holds | may import |
|---|---|---|
| \`lib/\` | pure pieces | nothing of the project |
| \`workload/\` | parameters | \`lib/\` |
| \`bench/\` | measurements | \`lib/\`, \`workload/\` |
| \`analysis/\` | figures | \`lib/\`, \`bench/\` types, and \`bench/summary.ts\` |
| \`cli/\`, \`scripts/\` | the command | everything above |
| \`index.ts\`, \`Pulumi.yaml\` | the program | \`lib/\` |

after the table`;

describe('the floors of the README’s layout table', () => {
  const rules = floorRulesFrom(TABLE);

  it('are read from the table: values, type-only imports, "everything above"', () => {
    expect(rules).toEqual([
      { paths: ['lib/'], values: [], types: [] },
      { paths: ['workload/'], values: ['lib/'], types: [] },
      { paths: ['bench/'], values: ['lib/', 'workload/'], types: [] },
      { paths: ['analysis/'], values: ['lib/', 'bench/summary.ts'], types: ['bench/'] },
      { paths: ['cli/', 'scripts/'], values: ['lib/', 'workload/', 'bench/', 'analysis/'], types: [] },
      { paths: ['index.ts'], values: ['lib/'], types: [] },
    ]);
  });

  it('tell type-only imports from value imports', () => {
    const edges = importsOf(
      'analysis/model.ts',
      [
        "import type { A } from '../bench/a.js';",
        "import { type B, type C } from '../bench/b.js';",
        "import { type D, e } from '../bench/d.js';",
        "export type { F } from '../bench/f.js';",
        "import { g } from '../lib/g.js';",
        "const h = await import('../bench/h.js');",
      ].join('\n'),
    );
    expect(edges.map((e) => [e.to, e.typeOnly])).toEqual([
      ['bench/a.js', true],
      ['bench/b.js', true],
      ['bench/d.js', false],
      ['bench/f.js', true],
      ['lib/g.js', false],
      ['bench/h.js', false],
    ]);
  });

  it('fail on planted imports the table does not allow, and pass the ones it does', () => {
    const planted = [
      ...importsOf(
        'analysis/x.ts',
        "import { run } from '../bench/run.js';\nimport type { R } from '../bench/run.js';\nimport { s } from '../bench/summary.js';",
      ),
      ...importsOf('lib/y.ts', "import { w } from '../workload/w.js';\nimport { z } from './z.js';"),
      ...importsOf('bench/b.ts', "import type { M } from '../analysis/model.js';"),
      ...importsOf('scripts/s.ts', "import { m } from '../analysis/model.js';\nimport { c } from '../cli/main.js';"),
      ...importsOf('index.ts', "import { b } from './bench/run.js';"),
    ];
    expect(floorViolations(rules, planted).map((e) => `${e.from} → ${e.to}`)).toEqual([
      'analysis/x.ts → bench/run.js',
      'lib/y.ts → workload/w.js',
      'bench/b.ts → analysis/model.js',
      'index.ts → bench/run.js',
    ]);
  });

  it('hold in this repository, with README.md’s own table', () => {
    const readmeRules = floorRulesFrom(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));
    expect(readmeRules.flatMap((r) => r.paths)).toEqual(expect.arrayContaining(['lib/', 'infra/', 'bench/', 'analysis/', 'cli/', 'index.ts']));
    const edges = projectImports(REPO_ROOT, readmeRules);
    expect(edges.length).toBeGreaterThan(200);
    expect(floorViolations(readmeRules, edges)).toEqual([]);
  });
});
