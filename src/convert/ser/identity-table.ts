// Every credential and URI of the destination, loaded whole, by user name, kept outside the JS heap:
// one open-addressed table of names, each pointing at the name's record in one arena (its rows:
// which kind, realm or DID, flags, UID). A look-up reads two places in memory where a Map of Maps
// of strings reads four or five — with a million names spread over the heap, each a cache miss
// (about 1 µs a look-up on this project's bench machine) — and the garbage collector has a few
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

export class IdentityTable {
  // While adding: the rows as given.
  private names: string[] = [];
  private kinds: number[] = [];
  private values: string[] = [];
  private flags: number[] = [];
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
    this.names.push(name);
    this.kinds.push((id << 1) | kind);
    this.values.push(value);
    this.flags.push(flags);
  }

  /** Group the rows by name into records; adding ends. */
  seal(): void {
    const { names, kinds, values, flags } = this;
    const n = names.length;
    let cap = 16;
    while (cap < 2 * n) cap *= 2;
    this.mask = cap - 1;
    const slots = new Int32Array(2 * cap);
    // Rows of each name chained: the slot holds the last row + 1, next[] the one before.
    const next = new Int32Array(n);
    const hashes = new Int32Array(n);
    let size = 0;
    for (let r = 0; r < n; r++) {
      const h = (hashes[r] = hash(names[r]!));
      let i = h & this.mask;
      for (;;) {
        const head = slots[2 * i + 1]!;
        if (head === EMPTY) {
          slots[2 * i] = h;
          slots[2 * i + 1] = r + 1;
          break;
        }
        if (slots[2 * i] === h && names[head - 1] === names[r]) {
          next[r] = head;
          slots[2 * i + 1] = r + 1;
          break;
        }
        i = (i + 1) & this.mask;
      }
    }
    // Then each name's record, the slot re-pointed at it. Byte sizes are exact for the names and
    // values; their UTF-8 may differ from their UTF-16 length, so measured, not guessed.
    for (let i = 0; i < cap; i++) {
      const head = slots[2 * i + 1]!;
      if (head === EMPTY) continue;
      let rows = 0;
      let bytes = Buffer.byteLength(names[head - 1]!);
      for (let r = head; r; r = next[r - 1]!) {
        rows++;
        if (!this.sharedValue(next, head, r)) bytes += Buffer.byteLength(values[r - 1]!);
      }
      size += HEAD + ROW * rows + Math.ceil(bytes / 4);
    }
    const words = new Int32Array(size);
    const buf = Buffer.from(words.buffer, words.byteOffset, words.byteLength);
    let w = 0;
    for (let i = 0; i < cap; i++) {
      const head = slots[2 * i + 1]!;
      if (head === EMPTY) continue;
      let rows = 0;
      for (let r = head; r; r = next[r - 1]!) rows++;
      let at = 4 * (w + HEAD + ROW * rows);
      words[w] = rows;
      words[w + 1] = buf.write(names[head - 1]!, at, 'utf8');
      at += words[w + 1]!;
      let k = w + HEAD;
      for (let r = head; r; r = next[r - 1]!, k += ROW) {
        words[k] = kinds[r - 1]!;
        words[k + 1] = flags[r - 1]!;
        const shared = this.sharedValue(next, head, r);
        if (shared) {
          // The row that has it is written before this one: same bytes.
          const j = w + HEAD + ROW * this.rowIndex(next, head, shared);
          words[k + 2] = words[j + 2]!;
          words[k + 3] = words[j + 3]!;
        } else {
          words[k + 2] = at;
          at += buf.write(values[r - 1]!, at, 'utf8');
          words[k + 3] = at;
        }
      }
      slots[2 * i + 1] = w + 1;
      w = Math.ceil(at / 4);
    }
    this.slots = slots;
    this.words = words;
    this.bytes = buf;
    this.names = [];
    this.kinds = [];
    this.values = [];
    this.flags = [];
  }

  /** An earlier row of the same record with the same value (UIDs repeat within a name), or 0. */
  private sharedValue(next: Int32Array, head: number, r: number): number {
    const v = this.values[r - 1];
    for (let s = head; s !== r; s = next[s - 1]!) if (this.values[s - 1] === v) return s;
    return 0;
  }

  private rowIndex(next: Int32Array, head: number, r: number): number {
    let k = 0;
    for (let s = head; s !== r; s = next[s - 1]!) k++;
    return k;
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
    const len = this.words[rec + 1]!;
    const at = 4 * (rec + HEAD + ROW * this.words[rec]!);
    const b = this.bytes;
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      if (c >= 0x80) return b.toString('utf8', at, at + len) === name; // not ASCII: compare as text
      if (i >= len || b[at + i] !== c) return false;
    }
    return len === name.length;
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
