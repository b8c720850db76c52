// The standby's side of a one-shot sync: everything happens in one transaction, so a sync that
// dies half-way leaves the standby exactly as it was. Foreign keys are not checked while the
// tables are emptied and reloaded (the master's rows are consistent already), as XiVO's HA script
// did with session_replication_role = replica.

import type { Connection } from '../../db/connection.js';
import type { DialectName } from '../../db/url.js';
import { quote } from '../catalog.js';

export interface SequenceValue {
  name: string;
  /** PostgreSQL: last_value / is_called. MySQL: next AUTO_INCREMENT. SQLite: sqlite_sequence.seq. */
  value: string;
  isCalled?: boolean;
}

export interface StandbySide {
  /** Open the transaction; returns false when FKs could not be switched off (tables then load parents first). */
  begin(conn: Connection): Promise<boolean>;
  /**
   * Empty `tables`. `referencedFromOutside` are referenced by tables that stay as they are: they
   * are emptied with DELETE (TRUNCATE would refuse or cascade into them).
   */
  clear(conn: Connection, tables: string[], referencedFromOutside: Set<string>): Promise<void>;
  /**
   * Before the load: drop the tables' secondary indexes (none a constraint depends on) and
   * return the statements that rebuild them after it; a bulk build is faster than keeping each
   * index up to date row by row. Inside the transaction, like everything else.
   */
  dropIndexes?(conn: Connection, tables: string[]): Promise<string[]>;
  /** Tables emptied by TRUNCATE in this transaction can be loaded frozen (PostgreSQL COPY FREEZE). */
  freezable?(tables: string[], referencedFromOutside: Set<string>): Set<string>;
  /** Read the master's counters for the included tables. */
  readSequences(master: Connection, names: string[]): Promise<SequenceValue[]>;
  /** Set the standby's counters inside the transaction (where the dialect allows). */
  setSequences(conn: Connection, values: SequenceValue[]): Promise<void>;
  commit(conn: Connection): Promise<void>;
  rollback(conn: Connection): Promise<void>;
  /** After commit: counters that cannot be set inside a transaction (MySQL's AUTO_INCREMENT is DDL). */
  afterCommit?(conn: Connection, values: SequenceValue[]): Promise<void>;
}

const q = (d: DialectName, id: string) => quote(d, id);

const postgres: StandbySide = {
  async begin(conn) {
    await conn.exec('BEGIN');
    await conn.exec('SAVEPOINT voipdb_role');
    try {
      // Superusers (or roles granted SET on it) may skip FK triggers for this transaction.
      await conn.exec('SET LOCAL session_replication_role = replica');
      await conn.exec('RELEASE SAVEPOINT voipdb_role');
      return true;
    } catch {
      await conn.exec('ROLLBACK TO SAVEPOINT voipdb_role');
      return false;
    }
  },
  async clear(conn, tables, outside) {
    const truncate = tables.filter((t) => !outside.has(t));
    for (const t of tables.filter((t) => outside.has(t)).reverse()) await conn.exec(`DELETE FROM ${q('postgres', t)}`);
    if (truncate.length) await conn.exec(`TRUNCATE ${truncate.map((t) => q('postgres', t)).join(', ')}`);
  },
  async dropIndexes(conn, tables) {
    const rows = await conn.query<{ name: string; def: string }>(
      `SELECT ci.relname AS name, pg_get_indexdef(i.indexrelid) AS def
         FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_class ct ON ct.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = ct.relnamespace
        WHERE n.nspname = current_schema() AND ct.relname = ANY(?::text[])
          AND NOT i.indisprimary AND NOT i.indisclustered AND NOT i.indisreplident AND i.indisvalid AND ci.reltablespace = 0
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
          AND NOT EXISTS (SELECT 1 FROM pg_description d WHERE d.objoid = i.indexrelid)`,
      [tables],
    );
    for (const r of rows) await conn.exec(`DROP INDEX ${q('postgres', r.name)}`);
    return rows.map((r) => r.def);
  },
  freezable: (tables, outside) => new Set(tables.filter((t) => !outside.has(t))),
  async readSequences(master, names) {
    const out: SequenceValue[] = [];
    for (const name of names) {
      const [r] = await master.query<{ last_value: string | number; is_called: boolean }>(
        `SELECT last_value, is_called FROM ${q('postgres', name)}`,
      );
      if (r) out.push({ name, value: String(r.last_value), isCalled: r.is_called });
    }
    return out;
  },
  async setSequences(conn, values) {
    for (const v of values)
      await conn.query(`SELECT setval(?::regclass, ?::bigint, ?::boolean)`, [
        q('postgres', v.name),
        v.value,
        v.isCalled ?? true,
      ]);
  },
  async commit(conn) {
    await conn.exec('COMMIT');
  },
  async rollback(conn) {
    await conn.exec('ROLLBACK').catch(() => {});
  },
};

const mysql: StandbySide = {
  async begin(conn) {
    await conn.exec('SET SESSION FOREIGN_KEY_CHECKS = 0');
    await conn.exec('START TRANSACTION');
    return true;
  },
  // TRUNCATE is DDL in MySQL (it commits): DELETE keeps everything in the transaction.
  async clear(conn, tables) {
    for (const t of [...tables].reverse()) await conn.exec(`DELETE FROM ${q('mysql', t)}`);
  },
  async readSequences(master, names) {
    if (!names.length) return [];
    const rows = await master.query<{ t: string; n: number | string | null }>(
      `SELECT table_name AS t, auto_increment AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name IN (${names.map(() => '?').join(', ')})`,
      names,
    );
    return rows.filter((r) => r.n != null).map((r) => ({ name: r.t, value: String(r.n) }));
  },
  async setSequences() {},
  async commit(conn) {
    await conn.exec('COMMIT');
    await conn.exec('SET SESSION FOREIGN_KEY_CHECKS = 1');
  },
  async rollback(conn) {
    await conn.exec('ROLLBACK').catch(() => {});
    await conn.exec('SET SESSION FOREIGN_KEY_CHECKS = 1').catch(() => {});
  },
  // AUTO_INCREMENT only moves forward past the rows present: setting it is safe after commit.
  async afterCommit(conn, values) {
    for (const v of values) await conn.exec(`ALTER TABLE ${q('mysql', v.name)} AUTO_INCREMENT = ${Number(v.value)}`);
  },
};

const sqlite: StandbySide = {
  async begin(conn) {
    // foreign_keys cannot change inside a transaction: switch it off first.
    await conn.exec('PRAGMA foreign_keys = OFF');
    await conn.exec('BEGIN IMMEDIATE');
    return true;
  },
  async clear(conn, tables) {
    for (const t of [...tables].reverse()) await conn.exec(`DELETE FROM ${q('sqlite', t)}`);
  },
  async readSequences(master, names) {
    if (!names.length) return [];
    const rows = await master.query<{ name: string; seq: number }>(
      `SELECT name, seq FROM sqlite_sequence WHERE name IN (${names.map(() => '?').join(', ')})`,
      names,
    );
    return rows.map((r) => ({ name: r.name, value: String(r.seq) }));
  },
  async setSequences(conn, values) {
    if (!values.length) return;
    const [has] = await conn.query(
      `SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'`,
    );
    if (!has) return;
    for (const v of values) {
      await conn.execute('DELETE FROM sqlite_sequence WHERE name = ?', [v.name]);
      await conn.execute('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)', [v.name, Number(v.value)]);
    }
  },
  async commit(conn) {
    await conn.exec('COMMIT');
    await conn.exec('PRAGMA foreign_keys = ON');
  },
  async rollback(conn) {
    await conn.exec('ROLLBACK').catch(() => {});
    await conn.exec('PRAGMA foreign_keys = ON').catch(() => {});
  },
};

const sides: Record<DialectName, StandbySide> = { postgres, mysql, sqlite };

export function standbySide(dialect: DialectName): StandbySide {
  return sides[dialect];
}
