/** The repository's root folder, for files the code ships with (jars, poms, README). */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = dirname(fileURLToPath(import.meta.url));
