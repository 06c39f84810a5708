import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parameterTableMarkdown, withParameterTable } from './docs.js';
import { PARAMETER_NAMES } from './parameters.js';

describe('the README documents every job parameter', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it('holds the table as generated from parameters.json (run `npm run docs` after changing it)', () => {
    expect(withParameterTable(readme)).toBe(readme);
  });

  it('has a row with the default for each parameter', () => {
    const table = parameterTableMarkdown();
    for (const name of PARAMETER_NAMES) expect(table).toContain(`| \`--${name}\``);
    expect(table).toContain('| `--rate` (events/s) | `15000` |');
  });
});
