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
    if (d === 'postgres') {
      const missing = newColumn
        ? `NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${lit(t)} AND column_name = ${lit(newColumn)})`
        : `NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = ${lit(t)}::regclass AND conname = ${lit(naming.postgres(t, newUnique ?? ''))})`;
      out[d] = [`DO $$ BEGIN IF ${missing} THEN ${statements.join('; ')}; END IF; END $$`];
    } else if (d === 'mysql') {
      const missing = newColumn
        ? `(SELECT COUNT(*) = 0 FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ${lit(t)} AND column_name = ${lit(newColumn)})`
        : `(SELECT COUNT(*) = 0 FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ${lit(t)} AND index_name = ${lit(newUnique ?? '')})`;
      out[d] = [`SET @voipdb_missing = ${missing}`];
      for (const s of statements) {
        out[d]!.push(
          `SET @voipdb_ddl = IF(@voipdb_missing, ${lit(s)}, 'DO 0')`,
          'PREPARE voipdb_ddl FROM @voipdb_ddl',
          'EXECUTE voipdb_ddl',
          'DEALLOCATE PREPARE voipdb_ddl',
        );
      }
    } else {
      // SQLite: the new shape under a temporary name, the rows, the old table gone, the name back.
      const tmp = `_voipdb_${t}`;
      const create = new Ops(d);
      createTables(
        create,
        d,
        [{ ...after, name: tmp }],
        { ...naming, sqlite: (_x, n) => naming.sqlite(t, n) },
        options(d),
      );
      const cols = after.columns
        .filter((c) => before.columns.some((b) => b.name === c.name))
        .map((c) => c.name)
        .join(', ');
      out[d] = [
        `DROP TABLE IF EXISTS ${tmp}`,
        ...renderOperations(d, create.list, emptyModel()).statements.map((s) => s.sql),
        `INSERT INTO ${tmp} (${cols}) SELECT ${cols} FROM ${t}`,
        `DROP TABLE ${t}`,
        `ALTER TABLE ${tmp} RENAME TO ${t}`,
      ];
    }
  }
  return out;
}
