// voipdb's own tables (its history, set options, run lock, convert progress) are model tables
// like a pack's: each is defined once, and the dialect renderers spell its CREATE TABLE.

import { VoipdbError } from '../core/errors.js';
import type { DialectName } from '../db/url.js';
import { renderOperation } from './render/index.js';
import { emptyModel, type Column, type Table } from './types.js';

/** voipdb's own tables (voipdb_history, voipdb_lock, …) and its rebuild leftovers (_voipdb_…), by name. */
export function isOwnTable(name: string): boolean {
  return name.startsWith('voipdb_') || name.startsWith('_voipdb_');
}

/** A table of voipdb's own: its columns, its primary key, MySQL's table options. */
export function ownTable(name: string, columns: Column[], extra: { primaryKey?: string[]; mysql?: string }): Table {
  return {
    name,
    columns,
    ...(extra.primaryKey ? { primaryKey: { columns: extra.primaryKey } } : {}),
    uniques: [],
    foreignKeys: [],
    checks: [],
    ...(extra.mysql ? { options: { mysql: extra.mysql } } : {}),
  };
}

/** CREATE TABLE IF NOT EXISTS for one of voipdb's own tables, as the dialect's renderer spells it. */
export function createOwnTable(dialect: DialectName, t: Table): string {
  const op = { op: 'createTable' as const, table: t.name, ...t, ifNotExists: true };
  const [s, ...more] = renderOperation(dialect, op, emptyModel()).statements;
  if (!s || more.length) throw new VoipdbError('internal', `${t.name}: expected one CREATE TABLE statement`);
  return s.sql;
}
