// The fn_db_* helpers as voipdb operations, for migrations on any dialect: the vdc_options
// configuration helpers as per-dialect SQL with the document's semantics (the same ones the
// PostgreSQL functions in ./helpers.ts have), the schema helpers as the portable `op.*` calls.
//
//   up: (op) => {
//     addConfigValue(op, 'MaxCalls', '2');
//     updateDefaultConfigValue(op, 'AllowedCodecs', 'ulaw,alaw', 'ulaw,alaw,g722');
//   }

import { createHash } from 'node:crypto';
import type { DialectName } from '../../db/url.js';
import { col, t, type Ops } from '../../schema/operations.js';
import type { Column, ColumnType, ReferentialAction } from '../../schema/types.js';

export const VDC_OPTIONS = 'vdc_options';
/** Default moves already made, so a re-run skips them and a stale one fails (see updateDefaultConfigValue). */
export const CONFIG_DEFAULTS = 'voipdb_config_defaults';

type PerDialect = Record<DialectName, string>;

const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** How each dialect says what the helpers need. */
interface ConfigDialect {
  /** FROM clause for a SELECT of constants with a WHERE. */
  fromDual: string;
  /** A 'major.minor' version as a row value that compares numerically. */
  versionKey(e: string): string;
  /** The expression is a 'major.minor' cluster level (not 'general'). */
  isVersion(e: string): string;
  /** Statements that fail with `message` when `condition` holds, and do nothing otherwise. */
  failWhen(condition: string, message: string, id: string): string[];
  /** The options table as a subquery of an UPDATE of it reads it, aliased x. */
  readWhileUpdating(table: string): string;
}

const dialects: Record<DialectName, ConfigDialect> = {
  postgres: {
    fromDual: '',
    readWhileUpdating: (t) => `${t} x`,
    versionKey: (e) => `(CAST(split_part(${e}, '.', 1) AS integer), CAST(split_part(${e}, '.', 2) AS integer))`,
    isVersion: (e) => `${e} ~ '^[0-9]+\\.[0-9]+$'`,
    failWhen: (c, m) => [`DO $voipdb$ BEGIN IF (${c}) THEN RAISE EXCEPTION '%', ${lit(m)}; END IF; END $voipdb$`],
  },
  mysql: {
    fromDual: ' FROM DUAL',
    // MySQL cannot read the table an UPDATE changes: the check reads a copy.
    readWhileUpdating: (t) => `(SELECT option_name, version FROM ${t}) x`,
    versionKey: (e) =>
      `(CAST(SUBSTRING_INDEX(${e}, '.', 1) AS UNSIGNED), CAST(SUBSTRING_INDEX(${e}, '.', -1) AS UNSIGNED))`,
    isVersion: (e) => `${e} REGEXP '^[0-9]+\\\\.[0-9]+$'`,
    // SIGNAL only runs inside a stored program: one generic procedure, the same text for every
    // check, so that after a failure (MySQL DDL is not transactional, the engine resumes at the
    // failed statement) a corrected call changes only the statement that failed
    failWhen: (c, m) => [
      `DROP PROCEDURE IF EXISTS voipdb_fail_when`,
      `CREATE PROCEDURE voipdb_fail_when(IN failing BOOLEAN, IN message VARCHAR(255)) BEGIN IF failing THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = message; END IF; END`,
      `CALL voipdb_fail_when((${c}), ${lit(m.slice(0, 255))})`,
      `DROP PROCEDURE voipdb_fail_when`,
    ],
  },
  sqlite: {
    fromDual: '',
    readWhileUpdating: (t) => `${t} x`,
    versionKey: (e) =>
      `(CAST(substr(${e}, 1, instr(${e}, '.') - 1) AS INTEGER), CAST(substr(${e}, instr(${e}, '.') + 1) AS INTEGER))`,
    isVersion: (e) => `${e} GLOB '[0-9]*.[0-9]*'`,
    // RAISE only runs inside a trigger: a temporary one on a temporary table, fired by one insert
    failWhen: (c, m, id) => [
      `CREATE TEMP TABLE IF NOT EXISTS voipdb_check (ok INTEGER)`,
      `CREATE TEMP TRIGGER voipdb_check_${id} BEFORE INSERT ON voipdb_check WHEN NEW.ok = 0 BEGIN SELECT RAISE(ABORT, ${lit(m)}); END`,
      `INSERT INTO voipdb_check (ok) SELECT CASE WHEN (${c}) THEN 0 ELSE 1 END`,
      `DROP TRIGGER voipdb_check_${id}`,
      `DELETE FROM voipdb_check`,
    ],
  },
};

const ALL: DialectName[] = ['postgres', 'mysql', 'sqlite'];
const each = (f: (d: ConfigDialect, name: DialectName) => string[]): PerDialect =>
  Object.fromEntries(ALL.map((n) => [n, f(dialects[n], n).join(';\n') + ';'])) as PerDialect;

/** Rows of the option, matched as oVirt matches names: case-insensitively. */
const named = (name: string, version: string, alias = '') =>
  `LOWER(${alias}option_name) = LOWER(${lit(name)}) AND ${alias}version = ${lit(version)}`;

/** A name for the check's helper object, the same on every render (the migration's checksum depends on it). */
const checkId = (...parts: string[]) => createHash('md5').update(parts.join('\u0000')).digest('hex').slice(0, 12);

/** oVirt's configuration table, portable: option_id, option_name, option_value, version, default_value. */
export function createVdcOptions(op: Ops): Ops {
  op.createTable(VDC_OPTIONS, [
    col('option_id', t.integer(), { autoIncrement: true, primaryKey: true, nullable: false }),
    col('option_name', t.string(100), { nullable: false }),
    col('option_value', t.string(4000), { nullable: false }),
    col('version', t.string(40), { nullable: false, default: { value: 'general' } }),
    col('default_value', t.string(4000)),
  ]);
  return op.createIndex('ix_vdc_options_name_version', VDC_OPTIONS, ['option_name', 'version'], { unique: true });
}

function ensureDefaultsTable(op: Ops): void {
  op.createTable(
    CONFIG_DEFAULTS,
    [
      col('option_name', t.string(100), { nullable: false }),
      col('version', t.string(40), { nullable: false }),
      col('old_default', t.string(4000), { nullable: false }),
      col('new_default', t.string(4000), { nullable: false }),
    ],
    { ifNotExists: true },
  );
}

/** fn_db_add_config_value: add the option once; an existing one only learns its default. */
export function addConfigValue(op: Ops, name: string, value: string, version = 'general'): Ops {
  return op.sql(
    each((d) => [
      `INSERT INTO ${VDC_OPTIONS} (option_name, option_value, default_value, version) SELECT ${lit(name)}, ${lit(value)}, ${lit(value)}, ${lit(version)}${d.fromDual}
        WHERE NOT EXISTS (SELECT 1 FROM ${VDC_OPTIONS} x WHERE ${named(name, version, 'x.')})`,
      `UPDATE ${VDC_OPTIONS} SET default_value = ${lit(value)} WHERE ${named(name, version)} AND default_value IS NULL`,
    ]),
  );
}

/** fn_db_update_config_value: set value and default, whatever the admin set (prefer updateDefaultConfigValue). */
export function updateConfigValue(op: Ops, name: string, value: string, version = 'general'): Ops {
  return op.sql(
    `UPDATE ${VDC_OPTIONS} SET option_value = ${lit(value)}, default_value = ${lit(value)} WHERE ${named(name, version)}`,
  );
}

/**
 * fn_db_update_default_config_value: move the default from `oldDefault` to `newValue`; the value
 * moves too where the admin left the old default. A move already made is skipped (re-entrant);
 * a move from a default another call already moved elsewhere fails loudly (the u1/u2 case).
 */
export function updateDefaultConfigValue(
  op: Ops,
  name: string,
  oldDefault: string,
  newValue: string,
  version = 'general',
  ignoreCase = false,
): Ops {
  ensureDefaultsTable(op);
  const eq = (e: string) => (ignoreCase ? `LOWER(${e}) = LOWER(${lit(oldDefault)})` : `${e} = ${lit(oldDefault)}`);
  const recorded = `EXISTS (SELECT 1 FROM ${CONFIG_DEFAULTS} r WHERE LOWER(r.option_name) = LOWER(${lit(name)}) AND r.version = ${lit(version)} AND r.old_default = ${lit(oldDefault)} AND r.new_default = ${lit(newValue)})`;
  const stale = `NOT ${recorded}
      AND EXISTS (SELECT 1 FROM ${VDC_OPTIONS} v WHERE ${named(name, version, 'v.')} AND NOT (${eq('COALESCE(v.default_value, v.option_value)')}))
      AND EXISTS (SELECT 1 FROM ${CONFIG_DEFAULTS} r WHERE LOWER(r.option_name) = LOWER(${lit(name)}) AND r.version = ${lit(version)} AND r.old_default = ${lit(oldDefault)} AND r.new_default <> ${lit(newValue)})`;
  const message = `update of ${name} (${version}) from default "${oldDefault}" to "${newValue}": another script already moved that default; write the call from the current default`;
  const id = checkId(name, version, oldDefault, newValue);
  return op.sql(
    each((d) => [
      ...d.failWhen(stale, message, id),
      `UPDATE ${VDC_OPTIONS} SET option_value = CASE WHEN ${eq('option_value')} THEN ${lit(newValue)} ELSE option_value END, default_value = ${lit(newValue)}
        WHERE ${named(name, version)} AND NOT ${recorded}`,
      `INSERT INTO ${CONFIG_DEFAULTS} (option_name, version, old_default, new_default) SELECT ${lit(name)}, ${lit(version)}, ${lit(oldDefault)}, ${lit(newValue)}${d.fromDual}
        WHERE NOT ${recorded} AND EXISTS (SELECT 1 FROM ${VDC_OPTIONS} v WHERE ${named(name, version, 'v.')})`,
    ]),
  );
}

/** fn_db_delete_config_value: the option's rows for these versions. */
export function deleteConfigValue(op: Ops, name: string, versions: string | string[] = 'general'): Ops {
  const list = (Array.isArray(versions) ? versions : versions.split(',')).map((v) => lit(v.trim()));
  return op.sql(
    `DELETE FROM ${VDC_OPTIONS} WHERE LOWER(option_name) = LOWER(${lit(name)}) AND version IN (${list.join(', ')})`,
  );
}

export function deleteConfigValueAllVersions(op: Ops, name: string): Ops {
  return op.sql(`DELETE FROM ${VDC_OPTIONS} WHERE LOWER(option_name) = LOWER(${lit(name)})`);
}

/** fn_db_rename_config_key: rename unless the new name is already there (the admin's value is kept). */
export function renameConfigKey(op: Ops, oldName: string, newName: string, version = 'general'): Ops {
  return op.sql(
    each((d) => [
      `UPDATE ${VDC_OPTIONS} SET option_name = ${lit(newName)} WHERE ${named(oldName, version)}
        AND NOT EXISTS (SELECT 1 FROM ${d.readWhileUpdating(VDC_OPTIONS)} WHERE ${named(newName, version, 'x.')})`,
    ]),
  );
}

/**
 * fn_db_split_config_value: a 'general' option becomes one row per cluster level the table knows
 * (and `fromVersion`): `oldValue` below `fromVersion`, `newValue` from it on.
 */
export function splitConfigValue(op: Ops, name: string, oldValue: string, newValue: string, fromVersion: string): Ops {
  return op.sql(
    each((d) => {
      const pick = `CASE WHEN ${d.versionKey('lv.version')} < ${d.versionKey(lit(fromVersion))} THEN ${lit(oldValue)} ELSE ${lit(newValue)} END`;
      return [
        `INSERT INTO ${VDC_OPTIONS} (option_name, option_value, default_value, version)
         SELECT g.option_name, ${pick}, ${pick}, lv.version
           FROM ${VDC_OPTIONS} g,
                (SELECT DISTINCT version FROM ${VDC_OPTIONS} WHERE ${d.isVersion('version')} UNION SELECT ${lit(fromVersion)}${d.fromDual}) lv
          WHERE ${named(name, 'general', 'g.')}
            AND NOT EXISTS (SELECT 1 FROM (SELECT option_name, version FROM ${VDC_OPTIONS}) x WHERE LOWER(x.option_name) = LOWER(${lit(name)}) AND x.version = lv.version)`,
        `DELETE FROM ${VDC_OPTIONS} WHERE ${named(name, 'general')}`,
      ];
    }),
  );
}

// The schema helpers: each is the portable operation (re-entrancy is the migration history's job here).

/** fn_db_add_column */
export const addColumn = (op: Ops, table: string, column: Column): Ops => op.addColumn(table, column);
/** fn_db_drop_column */
export const dropColumn = (op: Ops, table: string, column: string): Ops => op.dropColumn(table, column);
/** fn_db_change_column_type: `existing` is what the column was (MySQL restates the whole column). */
export const changeColumnType = (
  op: Ops,
  table: string,
  column: string,
  type: ColumnType,
  existing?: { type?: ColumnType; nullable?: boolean },
): Ops => op.alterColumn(table, column, { type, existingType: existing?.type, existingNullable: existing?.nullable });
/** fn_db_change_column_null: NULLs get `zero` first, so NOT NULL cannot fail on old rows. */
export function changeColumnNull(
  op: Ops,
  table: string,
  column: string,
  allowNull: boolean,
  zero: string | number | boolean,
  existingType?: ColumnType,
): Ops {
  if (!allowNull)
    op.sql(
      `UPDATE ${table} SET ${column} = ${typeof zero === 'string' ? lit(zero) : typeof zero === 'boolean' ? (zero ? '1' : '0') : zero} WHERE ${column} IS NULL`,
    );
  return op.alterColumn(table, column, { nullable: allowNull, existingType });
}
/** fn_db_rename_column */
export const renameColumn = (op: Ops, table: string, column: string, to: string): Ops =>
  op.renameColumn(table, column, to);
/** fn_db_rename_table */
export const renameTable = (op: Ops, table: string, to: string): Ops => op.renameTable(table, to);
/** fn_db_create_index */
export const createIndex = (
  op: Ops,
  name: string,
  table: string,
  columns: string[],
  o: { where?: string; unique?: boolean } = {},
): Ops => op.createIndex(name, table, columns, { ...o, ifNotExists: true });
/** fn_db_drop_index */
export const dropIndex = (op: Ops, name: string, table: string): Ops => op.dropIndex(name, table, { ifExists: true });
/** fn_db_create_constraint, for a foreign key */
export const createForeignKey = (
  op: Ops,
  table: string,
  name: string,
  columns: string[],
  refTable: string,
  refColumns: string[],
  o: { onDelete?: ReferentialAction; onUpdate?: ReferentialAction } = {},
): Ops => op.addForeignKey(table, columns, refTable, refColumns, { name, ...o });
/** fn_db_drop_constraint */
export const dropConstraint = (
  op: Ops,
  table: string,
  name: string,
  kind: 'unique' | 'foreignkey' | 'check' | 'primary',
): Ops => op.dropConstraint(table, name, kind);
