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
    expect(parseTextRows(text, kinds, unbytes)).toEqual(
      rows.map((r) => [r.n === null ? null : String(r.n), r.s, r.b, r.z]),
    );
  });

  it('write what is not a string as its column takes it', () => {
    const other = [
      { n: 4, s: 5, b: 'é', z: true },
      { n: 2.5, s: Buffer.from('ü'), z: 10n },
    ];
    const text = textRows(columns, kinds, other, (b) => b.toString('hex'));
    expect(parseTextRows([text], kinds, (s) => Buffer.from(s, 'hex'))).toEqual([
      ['4', '5', Buffer.from('é'), '1'],
      ['2.5', 'ü', null, '10'],
    ]);
  });
});
