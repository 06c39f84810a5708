import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/repoRoot.js';
import { floorViolations, importsOf, projectImports } from './floors.js';

describe('the floors', () => {
  it('see an import that points up a floor, and none that points down or stays', () => {
    const edges = importsOf(
      'infra/stackConfig.ts',
      "import { a } from '../bench/duration.js';\nimport type { B } from '../lib/stats.js';\nexport { c } from './clusterPlan.js';\nconst m = await import('../report/document.js');",
    );
    expect(edges.map((e) => e.to)).toEqual(['bench/duration.js', 'lib/stats.js', 'infra/clusterPlan.js', 'report/document.js']);
    expect(floorViolations(edges).map((e) => e.to)).toEqual(['bench/duration.js', 'report/document.js']);
  });

  it('hold in this repository: no source imports a folder above its own', () => {
    const edges = projectImports(REPO_ROOT);
    expect(edges.length).toBeGreaterThan(200);
    expect(floorViolations(edges)).toEqual([]);
  });
});
