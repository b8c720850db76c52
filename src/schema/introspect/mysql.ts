// MySQL and MariaDB, from information_schema (the connection's database).

import type { Connection } from '../../db/connection.js';
import { emptyModel, type Column, type ColumnType, type Model, type ReferentialAction } from '../types.js';
import { pick } from '../render/common.js';
import { defaultFromSql, sortModel, wanted, type IntrospectOptions } from './common.js';

function enumValues(list: string): string[] {
  const out: string[] = [];
  const re = /'((?:[^'\\]|''|\\.)*)'/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(list))) out.push(m[1]!.replace(/''/g, "'").replace(/\\(.)/g, '$1'));
  return out;
}

/** A COLUMN_TYPE (int(11) unsigned, enum('a','b'), tinyint(1)...) or a migration's spelling, back to a portable kind. */
export function parseMysqlType(sql: string): ColumnType {
  const s = sql.trim().toLowerCase().replace(/\s+/g, ' ');
  const en = /^enum\s*\((.*)\)$/s.exec(sql.trim());
  if (en) return { kind: 'enum', name: '', values: enumValues(en[1]!) };
  const m = /^([a-z]+(?: precision)?)\s*(?:\((\d+)(?:,\s*(\d+))?\))?((?: unsigned| signed| zerofill)*)$/.exec(s);
  if (m) {
    const [, base, a, b, flags] = m;
    const n = a === undefined ? undefined : Number(a);
    const unsigned = (flags ?? '').includes('unsigned') ? { unsigned: true } : {};
    switch (base) {
      case 'int':
      case 'integer':
      case 'mediumint':
        return { kind: 'integer', ...unsigned };
      case 'smallint':
        return { kind: 'smallint', ...unsigned };
      case 'bigint':
        return { kind: 'bigint', ...unsigned };
      case 'tinyint':
        return n === 1 && !flags ? { kind: 'boolean' } : { kind: 'tinyint', ...unsigned };
      case 'bool':
      case 'boolean':
        return { kind: 'boolean' };
      case 'varchar':
        return { kind: 'string', length: n ?? 255 };
      case 'char':
        return { kind: 'char', length: n ?? 1 };
      case 'text':
        return { kind: 'text' };
      case 'tinytext':
        return { kind: 'text', size: 'tiny' };
      case 'mediumtext':
        return { kind: 'text', size: 'medium' };
      case 'longtext':
        return { kind: 'text', size: 'long' };
      case 'float':
        return n !== undefined && n > 24 ? { kind: 'double' } : { kind: 'float' };
      case 'double':
      case 'double precision':
      case 'real':
        return { kind: 'double' };
      case 'decimal':
      case 'numeric':
        return { kind: 'numeric', precision: n ?? 10, scale: b === undefined ? 0 : Number(b) };
      case 'date':
        return { kind: 'date' };
      case 'time':
        return { kind: 'time' };
      case 'timestamp':
        return { kind: 'timestamp' };
      case 'datetime':
        return { kind: 'datetime' };
      case 'json':
        return { kind: 'json' };
      case 'varbinary':
        return { kind: 'binary', length: n };
      case 'blob':
        return { kind: 'blob', length: n ?? 65535 };
      case 'tinyblob':
        return { kind: 'blob', length: 255 };
      case 'mediumblob':
        return { kind: 'blob', length: 16777215 };
      case 'longblob':
        return { kind: 'blob', length: 4294967295 };
    }
  }
  return { kind: 'custom', sql: { mysql: s } };
}

const RULE = (r: string): ReferentialAction | undefined =>
  r === 'RESTRICT' || r === 'NO ACTION' ? undefined : (r as ReferentialAction);

interface ColRow {
  TABLE_NAME: string;
  COLUMN_NAME: string;
  COLUMN_TYPE: string;
  IS_NULLABLE: string;
  COLUMN_DEFAULT: string | null;
  EXTRA: string;
  COLUMN_COMMENT: string;
}
interface StatRow {
  TABLE_NAME: string;
  INDEX_NAME: string;
  NON_UNIQUE: number | string;
  COLUMN_NAME: string;
  SUB_PART: number | null;
}
interface FkRow {
  CONSTRAINT_NAME: string;
  TABLE_NAME: string;
  COLUMN_NAME: string;
  REFERENCED_TABLE_NAME: string;
  REFERENCED_COLUMN_NAME: string;
  DELETE_RULE: string;
  UPDATE_RULE: string;
}

export async function introspectMysql(conn: Connection, opts: IntrospectOptions = {}): Promise<Model> {
  const m = emptyModel();
  const [{ v }] = await conn.query<{ v: string }>('SELECT VERSION() AS v');
  const mariadb = /mariadb/i.test(v);

  const tables = await conn.query<{ n: string }>(
    `SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
  );
  for (const t of tables)
    if (wanted(t.n, opts)) m.tables[t.n] = { name: t.n, columns: [], uniques: [], foreignKeys: [], checks: [] };

  const cols = await conn.query<ColRow>(
    `SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  );
  for (const r of cols) {
    const t = m.tables[r.TABLE_NAME];
    if (!t) continue;
    const c: Column = { name: r.COLUMN_NAME, type: parseMysqlType(r.COLUMN_TYPE), nullable: r.IS_NULLABLE === 'YES' };
    if (c.type.kind === 'enum') c.type = { ...c.type, name: `${r.TABLE_NAME}_${r.COLUMN_NAME}` };
    // MariaDB quotes literal defaults; MySQL 8 gives them bare and marks expressions DEFAULT_GENERATED.
    const raw = r.COLUMN_DEFAULT;
    const def =
      raw === null ? undefined : mariadb || /DEFAULT_GENERATED/i.test(r.EXTRA) ? defaultFromSql(raw) : { value: raw };
    // ON UPDATE CURRENT_TIMESTAMP is part of the default as migrations write it.
    const onUpdate = /on update (\S+)/i.exec(r.EXTRA);
    if (def && onUpdate)
      c.default = { expr: `${'expr' in def ? pick(def.expr, 'mysql') : raw} ON UPDATE ${onUpdate[1]}` };
    else if (def) c.default = def;
    if (/auto_increment/i.test(r.EXTRA)) c.autoIncrement = true;
    if (r.COLUMN_COMMENT) c.comment = r.COLUMN_COMMENT;
    t.columns.push(c);
  }

  const stats = await conn.query<StatRow>(
    `SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  );
  for (const r of stats) {
    const t = m.tables[r.TABLE_NAME];
    if (!t) continue;
    if (r.INDEX_NAME === 'PRIMARY') {
      t.primaryKey ??= { columns: [] };
      t.primaryKey.columns.push(r.COLUMN_NAME);
      continue;
    }
    // MySQL keeps unique constraints and unique indexes the same way: read them as unique indexes.
    const key =
      m.indexes[r.INDEX_NAME] && m.indexes[r.INDEX_NAME]!.table !== r.TABLE_NAME
        ? `${r.TABLE_NAME}.${r.INDEX_NAME}`
        : r.INDEX_NAME;
    const i = (m.indexes[key] ??= {
      name: r.INDEX_NAME,
      table: r.TABLE_NAME,
      columns: [],
      ...(Number(r.NON_UNIQUE) === 0 ? { unique: true } : {}),
    });
    i.columns.push(r.COLUMN_NAME);
    if (r.SUB_PART) (i.lengths ??= {})[r.COLUMN_NAME] = Number(r.SUB_PART);
  }

  const fks = await conn.query<FkRow>(
    `SELECT k.CONSTRAINT_NAME, k.TABLE_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE
       FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r
         ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
      WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
  );
  for (const r of fks) {
    const t = m.tables[r.TABLE_NAME];
    if (!t) continue;
    let f = t.foreignKeys.find((x) => x.name === r.CONSTRAINT_NAME);
    if (!f) {
      const onDelete = RULE(r.DELETE_RULE);
      const onUpdate = RULE(r.UPDATE_RULE);
      f = {
        name: r.CONSTRAINT_NAME,
        columns: [],
        refTable: r.REFERENCED_TABLE_NAME,
        refColumns: [],
        ...(onDelete ? { onDelete } : {}),
        ...(onUpdate ? { onUpdate } : {}),
      };
      t.foreignKeys.push(f);
    }
    f.columns.push(r.COLUMN_NAME);
    f.refColumns.push(r.REFERENCED_COLUMN_NAME);
  }

  // MariaDB's CHECK_CONSTRAINTS has TABLE_NAME (check names are per table there); MySQL 8's does not.
  const checks = await conn
    .query<{ t: string; n: string; c: string }>(
      `SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS n, CHECK_CLAUSE AS c FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY TABLE_NAME, CONSTRAINT_NAME`,
    )
    .catch(() =>
      conn.query<{ t: string; n: string; c: string }>(
        `SELECT tc.TABLE_NAME AS t, tc.CONSTRAINT_NAME AS n, cc.CHECK_CLAUSE AS c FROM information_schema.TABLE_CONSTRAINTS tc
           JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
          WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE = 'CHECK' ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME`,
      ),
    );
  for (const r of checks) {
    const t = m.tables[r.t];
    if (!t) continue;
    // MariaDB's JSON is LONGTEXT with CHECK (json_valid(col)): read it back as json.
    const jv = /^json_valid\(`?([^`)]+)`?\)$/i.exec(r.c.trim());
    const jc = jv && t.columns.find((c) => c.name === jv[1] && c.type.kind === 'text');
    if (jc) {
      jc.type = { kind: 'json' };
      continue;
    }
    t.checks.push({ name: r.n, expression: r.c });
  }

  const views = await conn.query<{ n: string; d: string }>(
    `SELECT TABLE_NAME AS n, VIEW_DEFINITION AS d FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME`,
  );
  for (const r of views) m.views[r.n] = { name: r.n, sql: { mysql: r.d } };

  const trig = await conn.query<{ n: string; t: string; timing: string; ev: string; body: string }>(
    `SELECT TRIGGER_NAME AS n, EVENT_OBJECT_TABLE AS t, ACTION_TIMING AS timing, EVENT_MANIPULATION AS ev, ACTION_STATEMENT AS body FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY TRIGGER_NAME`,
  );
  for (const r of trig)
    if (m.tables[r.t])
      m.triggers[r.n] = {
        name: r.n,
        table: r.t,
        sql: { mysql: `CREATE TRIGGER ${r.n} ${r.timing} ${r.ev} ON ${r.t} FOR EACH ROW ${r.body}` },
      };

  const routines = await conn.query<{ n: string; k: string; d: string | null }>(
    `SELECT ROUTINE_NAME AS n, ROUTINE_TYPE AS k, ROUTINE_DEFINITION AS d FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY ROUTINE_NAME`,
  );
  for (const r of routines) m.functions[r.n] = { name: r.n, sql: { mysql: `CREATE ${r.k} ${r.n} ... ${r.d ?? ''}` } };

  return sortModel(m);
}
