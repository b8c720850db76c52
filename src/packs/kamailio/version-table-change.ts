// Kamailio 5.4 gave the `version` table itself an `id` key. The table is the version record's
// (created before any set runs, at the release asked for), so its change travels with the
// record's rows, and it must be re-runnable: the table may already have the new shape (made at
// a later release, or stamped by adopt over a database kamdbctl made). PostgreSQL and MySQL run
// the change only when its first new column (or key) is missing; SQLite rebuilds the table.

import type { DialectName } from '../../db/url.js';
import { Ops } from '../../schema/operations.js';
import { renderOperations } from '../../schema/render/index.js';
import { emptyModel } from '../../schema/types.js';
import { changeOps } from './release-changes.js';
import { createTables, type CreateOptions, type KeyNaming, type TableSpec } from './table-spec.js';

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Statements per dialect that turn the version table from `before`'s shape into `after`'s, re-runnable. */
export function versionTableChange(
  before: TableSpec,
  after: TableSpec,
  dialects: readonly DialectName[],
  naming: KeyNaming,
  options: (d: DialectName) => CreateOptions,
): Partial<Record<DialectName, string[]>> {
  const t = after.name;
  const newColumn = after.columns.find((c) => !before.columns.some((b) => b.name === c.name))?.name;
  const newUnique = (after.uniques ?? []).find((u) => !(before.uniques ?? []).some((b) => b.name === u.name))?.name;
  const out: Partial<Record<DialectName, string[]>> = {};
  for (const d of dialects) {
    const base = new Ops(d);
    createTables(base, d, [before], naming, options(d));
    const model = renderOperations(d, base.list, emptyModel()).model;
    const op = new Ops(d);
    changeOps(op, d, [before], [after], naming, options(d));
    const statements = renderOperations(d, op.list, model).statements.map((s) => s.sql);
    if (!statements.length) continue;
    out[d] = guarded[d]({ t, newColumn, newUnique, statements, before, after, naming, options: options(d) });
  }
  return out;
}

interface Change {
  t: string;
  newColumn: string | undefined;
  newUnique: string | undefined;
  statements: string[];
  before: TableSpec;
  after: TableSpec;
  naming: KeyNaming;
  options: CreateOptions;
}

/** Per dialect: the change's statements, run only when the table does not have the new shape yet. */
const guarded: Record<DialectName, (c: Change) => string[]> = {
  postgres: ({ t, newColumn, newUnique, statements, naming }) => {
    const missing = newColumn
      ? `NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${lit(t)} AND column_name = ${lit(newColumn)})`
      : `NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = ${lit(t)}::regclass AND conname = ${lit(naming.postgres(t, newUnique ?? ''))})`;
    return [`DO $$ BEGIN IF ${missing} THEN ${statements.join('; ')}; END IF; END $$`];
  },
  mysql: ({ t, newColumn, newUnique, statements }) => {
    const missing = newColumn
      ? `(SELECT COUNT(*) = 0 FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ${lit(t)} AND column_name = ${lit(newColumn)})`
      : `(SELECT COUNT(*) = 0 FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ${lit(t)} AND index_name = ${lit(newUnique ?? '')})`;
    const out = [`SET @voipdb_missing = ${missing}`];
    for (const s of statements) {
      out.push(
        `SET @voipdb_ddl = IF(@voipdb_missing, ${lit(s)}, 'DO 0')`,
        'PREPARE voipdb_ddl FROM @voipdb_ddl',
        'EXECUTE voipdb_ddl',
        'DEALLOCATE PREPARE voipdb_ddl',
      );
    }
    return out;
  },
  // The new shape under a temporary name, the rows, the old table gone, the name back.
  sqlite: ({ t, before, after, naming, options }) => {
    const d = 'sqlite';
    const tmp = `_voipdb_${t}`;
    const create = new Ops(d);
    createTables(create, d, [{ ...after, name: tmp }], { ...naming, sqlite: (_x, n) => naming.sqlite(t, n) }, options);
    const cols = after.columns
      .filter((c) => before.columns.some((b) => b.name === c.name))
      .map((c) => c.name)
      .join(', ');
    return [
      `DROP TABLE IF EXISTS ${tmp}`,
      ...renderOperations(d, create.list, emptyModel()).statements.map((s) => s.sql),
      `INSERT INTO ${tmp} (${cols}) SELECT ${cols} FROM ${t}`,
      `DROP TABLE ${t}`,
      `ALTER TABLE ${tmp} RENAME TO ${t}`,
    ];
  },
};
