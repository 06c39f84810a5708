/** The README's table of job parameters, rendered from the shared parameter table. */
import { PARAMETERS, PARAMETER_NAMES, allowedValues } from './parameters.js';
import { renderValue } from './validate.js';

export const TABLE_START = '<!-- parameters:start (generated from workload/parameters.json by `npm run docs`) -->';
export const TABLE_END = '<!-- parameters:end -->';

/** A Markdown table: parameter, default, allowed values, meaning. */
export function parameterTableMarkdown(): string {
  const rows = PARAMETER_NAMES.map((name) => {
    const spec = PARAMETERS[name];
    const unit = spec.unit ? ` (${spec.unit})` : '';
    const dflt = spec.default === undefined ? '—' : `\`${renderValue(spec.default)}\``;
    return `| \`--${name}\`${unit} | ${dflt} | ${allowedValues(spec)} | ${spec.description} |`;
  });
  return [TABLE_START, '| parameter | default | allowed | meaning |', '|---|---|---|---|', ...rows, TABLE_END].join('\n');
}

/** `readme` with its generated table replaced by the current one. */
export function withParameterTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${TABLE_START} … ${TABLE_END} block`);
  return readme.slice(0, start) + parameterTableMarkdown() + readme.slice(end + TABLE_END.length);
}
