// Where `restore --keep-system-config` keeps this machine's rows while the backup is loaded:
// PostgreSQL in a schema voipdb_keep, MySQL in tables voipdb_keep__<table> of the same database.
// Neither is in the backup, so the restore leaves them alone; the rows go back in one
// transaction that also drops the stash. A restore interrupted in between finds the stash on
// its next run and uses it (the rows in it are the machine's, the tables may hold the backup's).

import type { Connection } from '../../db/connection.js';
import { catalogOf, quote } from '../catalog.js';

export interface Stash {
  /** Is this table part of the stash (not one of the database's own)? */
  owns(table: string): boolean;
  /** Tables saved by an earlier run that did not finish. */
  saved(conn: Connection): Promise<string[]>;
  save(conn: Connection, tables: string[]): Promise<void>;
  /** Put the saved rows back (common columns), reset counters, drop the stash; returns row counts. */
  putBack(conn: Connection): Promise<{ table: string; rows: number }[]>;
}

const PG_SCHEMA = 'voipdb_keep';
const pq = (id: string) => quote('postgres', id);

export const pgStash: Stash = {
  owns: () => false, // the stash is another schema: never listed among the tables
  async saved(conn) {
    const rows = await conn.query<{ t: string }>(
      `SELECT c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'r' AND c.relname <> 'voipdb_sequences' ORDER BY 1`,
      [PG_SCHEMA],
    );
    return rows.map((r) => r.t);
  },
  async save(conn, tables) {
    const seqs = (await catalogOf(conn).sequences(conn)).filter((s) => s.table && tables.includes(s.table));
    await conn.exec('BEGIN');
    try {
      await conn.exec(`CREATE SCHEMA ${PG_SCHEMA}`);
      for (const t of tables) await conn.exec(`CREATE TABLE ${PG_SCHEMA}.${pq(t)} AS TABLE ${pq(t)}`);
      await conn.exec(
        `CREATE TABLE ${PG_SCHEMA}.voipdb_sequences (name TEXT PRIMARY KEY, last_value BIGINT NOT NULL, is_called BOOLEAN NOT NULL)`,
      );
      for (const s of seqs) {
        await conn.execute(
          `INSERT INTO ${PG_SCHEMA}.voipdb_sequences SELECT ?::text, last_value, is_called FROM ${pq(s.name)}`,
          [s.name],
        );
      }
      await conn.exec('COMMIT');
    } catch (e) {
      await conn.exec('ROLLBACK').catch(() => {});
      throw e;
    }
  },
  async putBack(conn) {
    const tables = await pgStash.saved(conn);
    const cat = catalogOf(conn);
    const out: { table: string; rows: number }[] = [];
    await conn.exec('BEGIN');
    try {
      await conn.exec('SAVEPOINT voipdb_role');
      try {
        await conn.exec('SET LOCAL session_replication_role = replica');
      } catch {
        await conn.exec('ROLLBACK TO SAVEPOINT voipdb_role');
      }
      const present = new Set(await cat.tables(conn));
      for (const t of tables) {
        if (!present.has(t)) continue;
        const mine = new Set(
          (
            await conn.query<{ c: string }>(
              `SELECT column_name AS c FROM information_schema.columns WHERE table_schema = ? AND table_name = ?`,
              [PG_SCHEMA, t],
            )
          ).map((r) => r.c),
        );
        const cols = (await cat.columns(conn, t))
          .map((c) => c.name)
          .filter((c) => mine.has(c))
          .map(pq)
          .join(', ');
        await conn.exec(`DELETE FROM ${pq(t)}`);
        const n = await conn.execute(`INSERT INTO ${pq(t)} (${cols}) SELECT ${cols} FROM ${PG_SCHEMA}.${pq(t)}`);
        out.push({ table: t, rows: n });
      }
      const seqs = await conn
        .query<{ name: string; last_value: string; is_called: boolean }>(
          `SELECT name, last_value::text AS last_value, is_called FROM ${PG_SCHEMA}.voipdb_sequences`,
        )
        .catch(() => []);
      const known = new Set((await cat.sequences(conn)).map((s) => s.name));
      for (const s of seqs)
        if (known.has(s.name))
          await conn.query(`SELECT setval(?::regclass, ?::bigint, ?)`, [pq(s.name), s.last_value, s.is_called]);
      await conn.exec(`DROP SCHEMA ${PG_SCHEMA} CASCADE`);
      await conn.exec('COMMIT');
    } catch (e) {
      await conn.exec('ROLLBACK').catch(() => {});
      throw e;
    }
    return out;
  },
};

const MY_PREFIX = 'voipdb_keep__';
const mq = (id: string) => quote('mysql', id);

export const mysqlStash: Stash = {
  owns: (t) => t.startsWith(MY_PREFIX),
  // Complete only once the counters table exists (written last).
  async saved(conn) {
    const tables = await catalogOf(conn).tables(conn);
    if (!tables.includes(MY_PREFIX + 'counters')) return [];
    return tables
      .filter((t) => t.startsWith(MY_PREFIX) && t !== MY_PREFIX + 'counters')
      .map((t) => t.slice(MY_PREFIX.length));
  },
  // MySQL DDL commits on its own: each table is copied whole before the next; the counters table
  // is written last and marks the stash complete. A half-made stash (the machine's tables were
  // not touched yet) is thrown away first.
  async save(conn, tables) {
    for (const t of await catalogOf(conn).tables(conn))
      if (t.startsWith(MY_PREFIX)) await conn.exec(`DROP TABLE ${mq(t)}`);
    for (const t of tables) {
      await conn.exec(`CREATE TABLE ${mq(MY_PREFIX + t)} LIKE ${mq(t)}`);
      await conn.exec(`INSERT INTO ${mq(MY_PREFIX + t)} SELECT * FROM ${mq(t)}`);
    }
    await conn.exec(
      `CREATE TABLE ${mq(MY_PREFIX + 'counters')} (name VARCHAR(64) PRIMARY KEY, next_value BIGINT NOT NULL)`,
    );
    const rows = await conn.query<{ t: string; n: number | null }>(
      `SELECT table_name AS t, auto_increment AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name IN (${tables.map(() => '?').join(', ')})`,
      tables,
    );
    for (const r of rows)
      if (r.n != null) await conn.execute(`INSERT INTO ${mq(MY_PREFIX + 'counters')} VALUES (?, ?)`, [r.t, r.n]);
  },
  async putBack(conn) {
    const tables = await mysqlStash.saved(conn);
    const cat = catalogOf(conn);
    const present = new Set(await cat.tables(conn));
    const out: { table: string; rows: number }[] = [];
    await conn.exec('SET SESSION FOREIGN_KEY_CHECKS = 0');
    try {
      await conn.exec('START TRANSACTION');
      for (const t of tables) {
        if (!present.has(t)) continue;
        const mine = new Set((await cat.columns(conn, MY_PREFIX + t)).map((c) => c.name));
        const cols = (await cat.columns(conn, t))
          .map((c) => c.name)
          .filter((c) => mine.has(c))
          .map(mq)
          .join(', ');
        await conn.exec(`DELETE FROM ${mq(t)}`);
        const n = await conn.execute(`INSERT INTO ${mq(t)} (${cols}) SELECT ${cols} FROM ${mq(MY_PREFIX + t)}`);
        out.push({ table: t, rows: n });
      }
      await conn.exec('COMMIT');
      const counters = present.has(MY_PREFIX + 'counters')
        ? await conn.query<{ name: string; next_value: number }>(
            `SELECT name, next_value FROM ${mq(MY_PREFIX + 'counters')}`,
          )
        : [];
      for (const c of counters)
        if (present.has(c.name)) await conn.exec(`ALTER TABLE ${mq(c.name)} AUTO_INCREMENT = ${Number(c.next_value)}`);
      // The rows are back: the stash can go.
      for (const t of [...tables, 'counters']) await conn.exec(`DROP TABLE IF EXISTS ${mq(MY_PREFIX + t)}`);
    } catch (e) {
      await conn.exec('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      await conn.exec('SET SESSION FOREIGN_KEY_CHECKS = 1').catch(() => {});
    }
    return out;
  },
};
