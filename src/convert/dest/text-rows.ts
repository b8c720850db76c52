// Rows in the tab-separated text that both PostgreSQL's COPY and MySQL's LOAD DATA read (NULL as
// \N, backslash escapes), written straight into Buffers: no intermediate strings per line, and the
// UTF-8 encoding done once, here. Each dialect says how bytes (binary columns) are spelled.

import { normalize, type ColumnKind } from './types.js';

const CHUNK = 1 << 20;
const HAS = /[\\\n\r\t\0]/;
const NEEDS = /[\\\n\r\t\0]/g;
const ESC: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' };

export class TextRows {
  private chunks: Buffer[] = [];
  private buf = Buffer.allocUnsafe(2 * CHUNK);
  private off = 0;

  constructor(private readonly bytes: (b: Buffer, out: TextRows) => void) {}

  private room(n: number): void {
    if (this.off + n <= this.buf.length) return;
    if (this.off) this.chunks.push(this.buf.subarray(0, this.off));
    this.buf = Buffer.allocUnsafe(Math.max(2 * CHUNK, n));
    this.off = 0;
  }

  /** Text as it is (already escaped). */
  raw(s: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    this.room(s.length * 3);
    this.off += this.buf.write(s, this.off, 'utf8');
  }

  /** Bytes as they are (already escaped). */
  rawBytes(b: Buffer): void {
    this.room(b.length);
    this.off += b.copy(this.buf, this.off);
  }

  private value(v: unknown, kind: ColumnKind | undefined): void {
    if (typeof v === 'string' && kind !== 'binary') return this.raw(HAS.test(v) ? v.replace(NEEDS, (c) => ESC[c]!) : v);
    if (typeof v === 'number') return this.raw(Number.isFinite(v) ? String(v) : '\\N');
    const n = normalize(v, kind);
    if (n === null) return this.raw('\\N');
    if (Buffer.isBuffer(n)) return this.bytes(n, this);
    const s = String(n);
    this.raw(HAS.test(s) ? s.replace(NEEDS, (c) => ESC[c]!) : s);
  }

  add(row: Record<string, unknown>, columns: string[], kinds: (ColumnKind | undefined)[]): void {
    for (let i = 0; i < columns.length; i++) {
      if (i) {
        this.room(1);
        this.buf[this.off++] = 0x09;
      }
      this.value(row[columns[i]!], kinds[i]);
    }
    this.room(1);
    this.buf[this.off++] = 0x0a;
    if (this.off >= CHUNK) {
      this.chunks.push(this.buf.subarray(0, this.off));
      this.buf = this.buf.subarray(this.off);
      this.off = 0;
    }
  }

  finish(): Buffer[] {
    if (this.off) this.chunks.push(this.buf.subarray(0, this.off));
    this.off = 0;
    this.buf = Buffer.alloc(0);
    return this.chunks;
  }
}

/** Rows to text chunks: `bytes` spells a binary value in the dialect's way. */
export function textRows(columns: string[], kinds: (ColumnKind | undefined)[], rows: Record<string, unknown>[], bytes: (b: Buffer, out: TextRows) => void): Buffer[] {
  const out = new TextRows(bytes);
  for (const r of rows) out.add(r, columns, kinds);
  return out.finish();
}
