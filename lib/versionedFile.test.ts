import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { parseVersionedFile, pathText } from './versionedFile.js';

// A made-up format at version 3: v1 had `n` as a string, v2 renamed `name` to `title`.
const format = {
  what: 'a thing.json',
  schema: z.strictObject({ schemaVersion: z.literal(3), title: z.string(), n: z.number(), items: z.array(z.strictObject({ id: z.number() })) }),
  version: 3,
  upgrades: {
    1: (d: Record<string, unknown>) => ({ ...d, schemaVersion: 2, n: Number(d.n) }),
    2: ({ name, ...d }: Record<string, unknown>) => ({ ...d, schemaVersion: 3, title: name }),
  },
};

describe('a versioned result file', () => {
  it('upgrades through every step from the version it has (none: 1)', () => {
    expect(parseVersionedFile(format, { name: 'a', n: '7', items: [] }, 't.json')).toEqual({ schemaVersion: 3, title: 'a', n: 7, items: [] });
    expect(parseVersionedFile(format, { schemaVersion: 2, name: 'b', n: 1, items: [{ id: 2 }] }, 't.json')).toEqual({
      schemaVersion: 3,
      title: 'b',
      n: 1,
      items: [{ id: 2 }],
    });
  });

  it('refuses a newer or odd version, a misspelt key and a wrong type, naming the file and the path', () => {
    expect(() => parseVersionedFile(format, { schemaVersion: 4 }, 't.json')).toThrow(
      't.json has schemaVersion 4; this ckpt-lab reads versions 1 to 3 (a newer one needs a newer ckpt-lab).',
    );
    expect(() => parseVersionedFile(format, { schemaVersion: 0 }, 't.json')).toThrow('has schemaVersion 0');
    expect(() => parseVersionedFile(format, { schemaVersion: 3, title: 'x', n: 1, items: [{ id: 1, idd: 2 }] }, 't.json')).toThrow(
      't.json: items[0].idd: not a key of this schema.',
    );
    expect(() => parseVersionedFile(format, { schemaVersion: 3, title: 'x', n: 'one', items: [] }, 't.json')).toThrow(/^t\.json: n: .*expected number/);
    expect(() => parseVersionedFile(format, 'text', 't.json')).toThrow('t.json is not a thing.json: not a JSON object.');
  });

  it('writes paths as a reader would', () => {
    expect(pathText(['cells', 3, 'status'])).toBe('cells[3].status');
    expect(pathText([])).toBe('(the document)');
  });
});
