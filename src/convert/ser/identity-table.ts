// Every credential and URI of the destination, loaded whole, by user name, kept outside the JS heap:
// one open-addressed table of names, each pointing at the name's record in one arena (its rows:
// which kind, realm or DID, flags, UID). With a million names each place a look-up reads is a
// cache miss: this reads two where a Map of Maps of strings reads four or five (0.6–0.7 µs against
// 1.0–1.2 µs a look-up on the project's bench machine), and the garbage collector has a few
// buffers to mark instead of millions of strings and entries.

/** What a row is: a credential (its scope a realm) or a URI (its scope a DID). */
export const CREDENTIAL = 0;
export const URI = 1;
type Kind = typeof CREDENTIAL | typeof URI;

const EMPTY = 0;
/** Words before a record's rows: row count, name length in bytes. */
const HEAD = 2;
/** Words per row: kind and scope, flags, value start, value end (bytes in the arena). */
const ROW = 4;

/** FNV-1a over UTF-16 code units, then mixed so the low bits (the slot) depend on every unit. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 1; // never EMPTY
}

/** Whether the UTF-8 bytes from `start` to `end` spell `s`: byte by byte while `s` is ASCII. */
function sameText(b: Buffer, start: number, end: number, s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return b.toString('utf8', start, end) === s;
    if (start + i >= end || b[start + i] !== c) return false;
  }
  return end - start === s.length;
}

/** Words per row added: name hash, kind and scope, flags, name start, value start, value end. */
const ADDED = 6;

/** `s` as UTF-8 at `at` in `b` (room checked by the caller); returns the end. ASCII byte by byte:
 *  names and UIDs are short, and a call into Buffer.write costs more than copying them. */
function put(b: Buffer, at: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return at + b.write(s.slice(i), at, 'utf8');
    b[at++] = c;
  }
  return at;
}

/** Bytes `from[start..end)` into `to` at `at`; returns how many (a loop: Buffer.copy's call costs more for a name). */
function copyBytes(from: Buffer, start: number, end: number, to: Buffer, at: number): number {
  for (let i = start; i < end; i++) to[at++] = from[i]!;
  return end - start;
}

/** Whether two byte ranges hold the same bytes. */
function sameBytes(a: Buffer, a0: number, a1: number, b: Buffer, b0: number, b1: number): boolean {
  if (a1 - a0 !== b1 - b0) return false;
  for (let i = 0; i < a1 - a0; i++) if (a[a0 + i] !== b[b0 + i]) return false;
  return true;
}

const newInts = (n: number) => new Int32Array(n);
const newBytes = (n: number) => Buffer.allocUnsafe(n);

/** A copy of `from` with room for at least `need` elements. */
function grown<T extends Int32Array | Buffer>(from: T, need: number, make: (n: number) => T): T {
  if (need <= from.length) return from;
  const to = make(Math.max(need, 2 * from.length));
  to.set(from);
  return to;
}

export class IdentityTable {
  // While adding: the rows as numbers, their names and values as UTF-8 in one buffer (strings kept
  // until the end would each outlive the young generation and be copied out of it).
  private added = new Int32Array(ADDED * 1024);
  private count = 0;
  private text = Buffer.allocUnsafe(64 * 1024);
  private textEnd = 0;
  /** Realms and DIDs, each a small number (a few thousand of them). */
  private scopes = [new Map<string, number>(), new Map<string, number>()];

  // Once sealed: slots of [hash, record word + 1], and the records.
  private slots = new Int32Array(0);
  private mask = 0;
  private words = new Int32Array(0);
  private bytes = Buffer.alloc(0);

  /** `rank`: lower is better, among rows of one kind and scope (ties: the smaller value). */
  constructor(private readonly rank: (flags: number) => number) {}

  add(name: string, kind: Kind, scope: string, value: string, flags: number): void {
    const ids = this.scopes[kind]!;
    let id = ids.get(scope);
    if (id === undefined) ids.set(scope, (id = ids.size));
    const r = ADDED * this.count++;
    this.added = grown(this.added, r + ADDED, newInts);
    this.text = grown(this.text, this.textEnd + 3 * (name.length + value.length), newBytes);
    const a = this.added;
    a[r] = hash(name);
    a[r + 1] = (id << 1) | kind;
    a[r + 2] = flags;
    a[r + 3] = this.textEnd;
    a[r + 4] = put(this.text, this.textEnd, name);
    a[r + 5] = this.textEnd = put(this.text, a[r + 4]!, value);
  }

  /** Group the rows by name into records; adding ends. */
  seal(): void {
    const { added: a, count: n, text } = this;
    let cap = 16;
    while (cap < 2 * n) cap *= 2;
    this.mask = cap - 1;
    const slots = new Int32Array(2 * cap);
    // Rows of each name chained: the slot holds the last row + 1, next[] the one before.
    const next = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const h = a[ADDED * r]!;
      const name0 = a[ADDED * r + 3]!;
      const name1 = a[ADDED * r + 4]!;
      for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
        const head = slots[2 * i + 1]!;
        if (head === EMPTY) {
          slots[2 * i] = h;
          slots[2 * i + 1] = r + 1;
          break;
        }
        const k = ADDED * (head - 1);
        if (slots[2 * i] === h && sameBytes(text, a[k + 3]!, a[k + 4]!, text, name0, name1)) {
          next[r] = head;
          slots[2 * i + 1] = r + 1;
          break;
        }
      }
    }
    // Then each name's record, the slot re-pointed at it; a value the record already holds (a
    // name's UIDs repeat) is written once.
    let words = new Int32Array(Math.max(64, 12 * n));
    let buf = Buffer.from(words.buffer);
    let w = 0;
    for (let i = 0; i < cap; i++) {
      const head = slots[2 * i + 1]!;
      if (head === EMPTY) continue;
      const h = ADDED * (head - 1);
      let rows = 0;
      let size = a[h + 4]! - a[h + 3]!;
      for (let r = head; r; r = next[r - 1]!) {
        rows++;
        size += a[ADDED * (r - 1) + 5]! - a[ADDED * (r - 1) + 4]!;
      }
      const room = w + HEAD + ROW * rows + Math.ceil(size / 4);
      if (room > words.length) {
        words = grown(words, room, newInts);
        buf = Buffer.from(words.buffer);
      }
      let at = 4 * (w + HEAD + ROW * rows);
      words[w] = rows;
      words[w + 1] = a[h + 4]! - a[h + 3]!;
      at += copyBytes(text, a[h + 3]!, a[h + 4]!, buf, at);
      for (let r = head, k = w + HEAD; r; r = next[r - 1]!, k += ROW) {
        const x = ADDED * (r - 1);
        words[k] = a[x + 1]!;
        words[k + 1] = a[x + 2]!;
        let j = w + HEAD;
        while (j < k && !sameBytes(buf, words[j + 2]!, words[j + 3]!, text, a[x + 4]!, a[x + 5]!)) j += ROW;
        if (j < k) {
          words[k + 2] = words[j + 2]!;
          words[k + 3] = words[j + 3]!;
        } else {
          words[k + 2] = at;
          at += copyBytes(text, a[x + 4]!, a[x + 5]!, buf, at);
          words[k + 3] = at;
        }
      }
      slots[2 * i + 1] = w + 1;
      w = Math.ceil(at / 4);
    }
    this.slots = slots;
    this.words = words.slice(0, w);
    this.bytes = Buffer.from(this.words.buffer);
    this.added = new Int32Array(0);
    this.count = 0;
    this.text = Buffer.alloc(0);
    this.textEnd = 0;
  }

  /** The record of `name`, or -1: pass it to best, sole and has. */
  find(name: string): number {
    const h = hash(name);
    const { slots, mask } = this;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const rec = slots[2 * i + 1]!;
      if (rec === EMPTY) return -1;
      if (slots[2 * i] === h && this.isNamed(rec - 1, name)) return rec - 1;
    }
  }

  private isNamed(rec: number, name: string): boolean {
    const at = 4 * (rec + HEAD + ROW * this.words[rec]!);
    return sameText(this.bytes, at, at + this.words[rec + 1]!, name);
  }

  /** The value of the best row of `kind` in `scope` whose flags include `need`. */
  best(rec: number, kind: Kind, scope: string, need = 0): string | undefined {
    const id = this.scopes[kind]!.get(scope);
    if (id === undefined) return undefined;
    const key = (id << 1) | kind;
    const words = this.words;
    let pick = -1;
    for (let k = rec + HEAD, end = k + ROW * words[rec]!; k < end; k += ROW) {
      if (words[k] !== key || (words[k + 1]! & need) !== need) continue;
      if (pick < 0 || this.before(k, pick)) pick = k;
    }
    return pick < 0 ? undefined : this.value(pick);
  }

  /** The one value all rows of `kind` have, if they agree. */
  sole(rec: number, kind: Kind): string | undefined {
    const words = this.words;
    let pick = -1;
    for (let k = rec + HEAD, end = k + ROW * words[rec]!; k < end; k += ROW) {
      if ((words[k]! & 1) !== kind) continue;
      if (pick >= 0 && words[k + 2] !== words[pick + 2]) return undefined; // a record stores a value once
      pick = k;
    }
    return pick < 0 ? undefined : this.value(pick);
  }

  /** Whether a row of `kind` in `scope` with flags including `need` has `value`. */
  has(rec: number, kind: Kind, scope: string, need: number, value: string): boolean {
    const id = this.scopes[kind]!.get(scope);
    if (id === undefined) return false;
    const key = (id << 1) | kind;
    const words = this.words;
    for (let k = rec + HEAD, end = k + ROW * words[rec]!; k < end; k += ROW) {
      if (words[k] === key && (words[k + 1]! & need) === need && this.value(k) === value) return true;
    }
    return false;
  }

  private before(k: number, than: number): boolean {
    const a = this.rank(this.words[k + 1]!);
    const b = this.rank(this.words[than + 1]!);
    return a < b || (a === b && this.value(k) < this.value(than));
  }

  private value(k: number): string {
    return this.bytes.toString('utf8', this.words[k + 2], this.words[k + 3]);
  }
}
