#!/usr/bin/env node
// The ckpt-lab command: the TypeScript CLI, run through tsx so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
