/** Rewrites README.md's generated parameter table from workload/parameters.json. */
import { readFileSync, writeFileSync } from 'node:fs';
import { withParameterTable } from '../workload/docs.js';

const path = new URL('../README.md', import.meta.url);
writeFileSync(path, withParameterTable(readFileSync(path, 'utf8')));
