// How a dialect spells names and values: its quote mark, its string, boolean and byte literals,
// and from those every literal. Defined once per dialect (./postgres.ts, ./mysql.ts, ./sqlite.ts);
// the schema renderers, the engine and the data movers all use it.

import { VoipdbError } from '../core/errors.js';

export interface Spelling {
  /** An identifier, always quoted (names from catalogs and users). */
  quote(identifier: string): string;
  /**
   * An identifier as voipdb's DDL writes it: bare when it is a plain lower-case name no supported
   * dialect reserves, quoted otherwise, so that offline SQL is the same whatever the dialect.
   */
  ident(identifier: string): string;
  /** A string literal. */
  string(s: string): string;
  /** TRUE/FALSE or 1/0. */
  bool(b: boolean): string;
  /** A binary literal from bytes. */
  bytes(b: Uint8Array): string;
  /** Any plain value as a literal: NULL, a number, a boolean, a string, a date (UTC), bytes; other objects as JSON text. */
  literal(value: unknown): string;
}

const RESERVED = new Set(
  `abort accessible action add after all alter analyse analyze and any array as asc asymmetric attach authorization autoincrement
  before begin between bigint binary blob both by call cascade case cast change char character check collate column commit
  concurrently condition conflict constraint continue convert create cross current current_date current_role current_schema
  current_time current_timestamp current_user cursor database databases date day_hour day_microsecond day_minute day_second
  dec decimal declare default deferrable deferred delayed delete desc describe detach deterministic distinct distinctrow div do
  double drop dual each else elseif enclosed end enum escape escaped except exclusive exists exit explain fail false fetch
  filter first float float4 float8 following for force foreign freeze from full fulltext function generated get glob grant
  group groups having high_priority hour_microsecond hour_minute hour_second if ignore ilike immediate in index indexed infile
  initially inner inout insensitive insert instead int int1 int2 int3 int4 int8 integer intersect interval into is isnull
  iterate join key keys kill lag last lateral lead leading leave left like limit linear lines load localtime localtimestamp
  lock long longblob longtext loop low_priority match mediumblob mediumint mediumtext middleint minute_microsecond
  minute_second mod modifies natural no not notnull no_write_to_binlog null numeric of offset on only optimize option
  optionally or order out outer outfile over overlaps partition placing plan position pragma precision primary procedure purge
  query raise range rank read reads real recursive references regexp reindex release rename repeat replace require resignal
  restrict return returning revoke right rlike row rows schema schemas second_microsecond select sensitive separator
  session_user set show signal similar smallint some spatial specific sql sqlexception sqlstate sqlwarning ssl starting stored
  straight_join symmetric system table tablesample temp temporary terminated then time timestamp tinyblob tinyint tinytext to
  trailing transaction trigger true undo union unique unlock unsigned update usage use user using utc_date utc_time
  utc_timestamp vacuum value values varbinary varchar varcharacter variadic varying verbose view virtual when where while
  window with without write xor year_month zerofill`.split(/\s+/),
);

function needsQuote(id: string): boolean {
  return !/^[a-z_][a-z0-9_]*$/.test(id) || RESERVED.has(id);
}

/** A dialect's spelling from its quote mark and its three kinds of literal. */
export function spelling(parts: {
  mark: '"' | '`';
  string(s: string): string;
  bool(b: boolean): string;
  bytes(b: Uint8Array): string;
}): Spelling {
  const { mark } = parts;
  const quote = (id: string) => mark + id.split(mark).join(mark + mark) + mark;
  const literal = (v: unknown): string => {
    if (v === null || v === undefined) return 'NULL';
    if (typeof v === 'boolean') return parts.bool(v);
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new VoipdbError('usage', `cannot write the number ${v} as an SQL literal`);
      return String(v);
    }
    if (typeof v === 'string') return parts.string(v);
    if (v instanceof Date) return parts.string(v.toISOString().replace('T', ' ').replace('Z', ''));
    if (v instanceof Uint8Array) return parts.bytes(v);
    return parts.string(JSON.stringify(v));
  };
  return {
    quote,
    ident: (id) => (needsQuote(id) ? quote(id) : id),
    string: parts.string,
    bool: parts.bool,
    bytes: parts.bytes,
    literal,
  };
}

/** The standard string literal: quotes doubled (PostgreSQL with standard_conforming_strings, SQLite). */
export function sqlString(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}
