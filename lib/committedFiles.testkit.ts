/** The result files committed under docs/, for tests that read every one of a kind through its schema. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './repoRoot.js';

/** A repository file's JSON. */
export const readRepoJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(REPO_ROOT, path), 'utf8')) as Record<string, unknown>;

/** Every file under docs/ named `name` (run.json, sweep.json, …), repository-relative. */
export const committedUnderDocs = (name: string): string[] =>
  readdirSync(join(REPO_ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f === name || f.endsWith(`/${name}`))
    .map((f) => join('docs', f));
