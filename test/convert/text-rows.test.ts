// The COPY / LOAD DATA text a batch is kept as reads back into the values that went in: the
// row-by-row fallback writes exactly what the bulk write would have.

import { describe, expect, it } from 'vitest';
import { parseTextRows, textRows } from '../../src/convert/dest/text-rows.js';
import type { ColumnKind } from '../../src/convert/dest/types.js';

const kinds: ColumnKind[] = ['other', 'text', 'binary', 'text'];
const columns = ['n', 's', 'b', 'z'];
const rows = [
  { n: 1, s: 'tab\there, new\nline, cr\r, back\\slash, nul\0, \\N', b: Buffer.from([0, 9, 10, 92, 255]), z: 'ítem ✓' },
  { n: 2, s: '', b: null, z: null },
  { n: null, s: '\\', b: Buffer.alloc(0), z: '\\N' },
];

describe('text rows', () => {
  it.each([
    ['PostgreSQL COPY', (b: Buffer) => '\\\\x' + b.toString('hex'), (s: string) => Buffer.from(s.slice(2), 'hex')],
    ['MySQL LOAD DATA', (b: Buffer) => b.toString('hex'), (s: string) => Buffer.from(s, 'hex')],
  ])('read back what they were made of (%s)', (_name, bytes, unbytes) => {
    const text = [textRows(columns, kinds, rows.slice(0, 2), bytes), textRows(columns, kinds, rows.slice(2), bytes)];
    expect(parseTextRows(text, kinds, unbytes)).toEqual(rows.map((r) => [r.n === null ? null : String(r.n), r.s, r.b, r.z]));
  });
});
