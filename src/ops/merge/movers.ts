// How each kind of database moves its objects into another one.
// PostgreSQL: pg_dump -Fc of the source, pg_restore in one transaction into the target, then
// every moved object is given to one owner. MySQL on one server: RENAME TABLE db1.t TO db2.t for
// all tables in one atomic statement; across servers: mariadb-dump | mariadb. SQLite: ATTACH,
// then tables, rows, indexes, triggers and views copied in one transaction.

import { mkdtempSync, rmSync, unlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VoipdbError } from '../../core/errors.js';
import { connect } from '../../db/connect.js';
import type { Connection } from '../../db/connection.js';
import type { DialectName } from '../../db/url.js';
import { withDatabase } from '../../db/url.js';
import { quote } from '../catalog.js';
import { mysqlTool, pgTool, runTool } from '../tools.js';

export interface MergeObject {
  kind: 'table' | 'sequence' | 'view' | 'type' | 'function' | 'index' | 'trigger' | 'routine' | 'event';
  name: string;
  /** How to name it in ALTER ... OWNER TO (PostgreSQL functions carry their arguments). */
  signature?: string;
}

export interface MoveOptions {
  exclude: string[];
  owner?: string;
  objects: MergeObject[];
}

export interface Mover {
  objects(conn: Connection): Promise<MergeObject[]>;
  move(into: Connection, from: Connection, opts: MoveOptions): Promise<void>;
  dropSource(into: Connection, from: Connection): Promise<void>;
  dropRole?(into: Connection, role: string): Promise<void>;
}

function tempDir(): { dir: string; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'voipdb-merge-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

const pq = (s: string) => quote('postgres', s);

const postgres: Mover = {
  async objects(conn) {
    // Objects of the current schema, not counting those an extension brings.
    const notExt = (cls: string, oid: string) =>
      `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${cls}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;
    const rel = await conn.query<{ name: string; k: string }>(
      `SELECT c.relname AS name, c.relkind AS k FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'S', 'v', 'm') AND ${notExt('pg_class', 'c.oid')} ORDER BY 1`,
    );
    const types = await conn.query<{ name: string }>(
      `SELECT t.typname AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = current_schema() AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
          AND ${notExt('pg_type', 't.oid')} ORDER BY 1`,
    );
    const funcs = await conn.query<{ name: string; sig: string }>(
      `SELECT p.proname AS name, p.oid::regprocedure::text AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = current_schema() AND ${notExt('pg_proc', 'p.oid')} ORDER BY 1`,
    );
    const kindOf: Record<string, MergeObject['kind']> = { r: 'table', p: 'table', S: 'sequence', v: 'view', m: 'view' };
    return [
      ...rel.map((r) => ({ kind: kindOf[r.k]!, name: r.name })),
      ...types.map((t) => ({ kind: 'type' as const, name: t.name })),
      ...funcs.map((f) => ({ kind: 'function' as const, name: f.name, signature: f.sig })),
    ];
  },
  async move(into, from, opts) {
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'source.dump');
      const excl = opts.exclude.map((t) => `--exclude-table=${pq(t)}`);
      await runTool(pgTool('pg_dump', from.target, ['--format=custom', '--no-owner', `--file=${file}`, ...excl]), {
        where: from.target.display,
      });
      // One transaction: the target gets all of the source or nothing.
      await runTool(
        pgTool('pg_restore', into.target, ['--no-owner', '--single-transaction', '--exit-on-error', file]),
        { where: into.target.display },
      );
    } finally {
      tmp.done();
    }
    const [db] = await into.query<{ owner: string }>(
      `SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()`,
    );
    const owner = opts.owner ?? db!.owner;
    const alter: Record<string, string> = {
      table: 'TABLE',
      sequence: 'SEQUENCE',
      view: 'TABLE',
      type: 'TYPE',
      function: 'FUNCTION',
    };
    await into.exec('BEGIN');
    try {
      for (const o of opts.objects) {
        if (o.kind === 'table' && opts.exclude.includes(o.name)) continue;
        const what = o.kind === 'function' ? o.signature! : pq(o.name);
        // ALTER TABLE also serves views and sequences; materialized views need their own word.
        const [mv] =
          o.kind === 'view'
            ? await into.query(
                `SELECT 1 AS x FROM pg_matviews WHERE schemaname = current_schema() AND matviewname = ?`,
                [o.name],
              )
            : [];
        await into.exec(`ALTER ${mv ? 'MATERIALIZED VIEW' : alter[o.kind]} ${what} OWNER TO ${pq(owner)}`);
      }
      await into.exec('COMMIT');
    } catch (e) {
      await into.exec('ROLLBACK').catch(() => {});
      throw e;
    }
  },
  async dropSource(into, from) {
    const name = from.target.database!;
    await from.close();
    const admin = await connect(withDatabase(from.target, 'postgres'));
    try {
      await admin.exec(`DROP DATABASE ${pq(name)}`);
    } catch (e) {
      throw new VoipdbError(
        'refused',
        `the merged database is verified, but ${name} could not be dropped: ${String((e as Error).message).split('\n')[0]}`,
        {
          where: from.target.display,
          hint: `stop the services still connected to ${name}, then: voipdb merge --from ... --into ... --resume --drop-source`,
          cause: e,
        },
      );
    } finally {
      await admin.close();
    }
  },
  async dropRole(into, role) {
    await into.exec(`DROP OWNED BY ${pq(role)}`);
    const admin = await connect(withDatabase(into.target, 'postgres'));
    try {
      await admin.exec(`DROP ROLE ${pq(role)}`);
    } finally {
      await admin.close();
    }
  },
};

const mq = (s: string) => quote('mysql', s);

async function sameMysqlServer(a: Connection, b: Connection): Promise<boolean> {
  const q = 'SELECT @@hostname AS h, @@port AS p, @@datadir AS d';
  const [[x], [y]] = [
    await a.query<{ h: string; p: number; d: string }>(q),
    await b.query<{ h: string; p: number; d: string }>(q),
  ];
  return !!x && !!y && x.h === y.h && Number(x.p) === Number(y.p) && x.d === y.d;
}

const mysql: Mover = {
  async objects(conn) {
    const rel = await conn.query<{ name: string; t: string }>(
      `SELECT table_name AS name, table_type AS t FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1`,
    );
    const routines = await conn.query<{ name: string }>(
      `SELECT routine_name AS name FROM information_schema.routines WHERE routine_schema = DATABASE() ORDER BY 1`,
    );
    const triggers = await conn.query<{ name: string }>(
      `SELECT trigger_name AS name FROM information_schema.triggers WHERE trigger_schema = DATABASE() ORDER BY 1`,
    );
    const events = await conn.query<{ name: string }>(
      `SELECT event_name AS name FROM information_schema.events WHERE event_schema = DATABASE() ORDER BY 1`,
    );
    return [
      ...rel.map((r) => ({ kind: (r.t === 'VIEW' ? 'view' : 'table') as MergeObject['kind'], name: r.name })),
      ...routines.map((r) => ({ kind: 'routine' as const, name: r.name })),
      ...triggers.map((r) => ({ kind: 'trigger' as const, name: r.name })),
      ...events.map((r) => ({ kind: 'event' as const, name: r.name })),
    ];
  },
  async move(into, from, opts) {
    const tables = opts.objects.filter((o) => o.kind === 'table' && !opts.exclude.includes(o.name)).map((o) => o.name);
    if (await sameMysqlServer(into, from)) {
      const others = opts.objects.filter((o) => o.kind !== 'table');
      if (others.length) {
        throw new VoipdbError(
          'refused',
          `the source has ${others
            .map((o) => `${o.kind} ${o.name}`)
            .slice(0, 5)
            .join(', ')}, which RENAME TABLE cannot move; nothing was moved`,
          {
            where: from.target.display,
            hint: 'drop them from the source (and recreate them in the target after the merge), then run merge again',
          },
        );
      }
      if (!tables.length) return;
      // One statement: atomic, and no row is copied.
      const [a, b] = [from.target.database!, into.target.database!];
      await into.exec(`RENAME TABLE ${tables.map((t) => `${mq(a)}.${mq(t)} TO ${mq(b)}.${mq(t)}`).join(', ')}`);
      return;
    }
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'source.sql');
      const db = from.target.database!;
      const ignore = opts.exclude.map((t) => `--ignore-table=${db}.${t}`);
      await runTool(
        mysqlTool('dump', from.target, [
          '--single-transaction',
          '--routines',
          '--triggers',
          '--hex-blob',
          '--default-character-set=utf8mb4',
          `--result-file=${file}`,
          ...ignore,
          db,
        ]),
        { where: from.target.display },
      );
      await runTool(mysqlTool('client', into.target, ['--default-character-set=utf8mb4', into.target.database!]), {
        stdin: file,
        where: into.target.display,
      });
    } finally {
      tmp.done();
    }
  },
  async dropSource(_into, from) {
    await from.exec(`DROP DATABASE ${mq(from.target.database!)}`);
    await from.close();
  },
};

const sq = (s: string) => quote('sqlite', s);

const sqlite: Mover = {
  async objects(conn) {
    const rows = await conn.query<{ type: string; name: string }>(
      `SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql IS NOT NULL ORDER BY rowid`,
    );
    return rows.map((r) => ({ kind: r.type as MergeObject['kind'], name: r.name }));
  },
  async move(into, from, opts) {
    type Master = { type: string; name: string; tbl_name: string; sql: string };
    await into.exec('PRAGMA foreign_keys = OFF');
    await into.query('ATTACH DATABASE ? AS voipdb_src', [from.target.path]);
    try {
      const items = await into.query<Master>(
        `SELECT type, name, tbl_name, sql FROM voipdb_src.sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql IS NOT NULL ORDER BY rowid`,
      );
      const skip = (m: Master) => opts.exclude.includes(m.tbl_name);
      await into.exec('BEGIN IMMEDIATE');
      try {
        for (const m of items.filter((i) => i.type === 'table' && !skip(i))) {
          await into.exec(m.sql);
          await into.exec(`INSERT INTO main.${sq(m.name)} SELECT * FROM voipdb_src.${sq(m.name)}`);
        }
        for (const m of items.filter((i) => i.type !== 'table' && !skip(i))) await into.exec(m.sql);
        // AUTOINCREMENT counters: the source's values (inserting rows made main's own entries).
        const [seq] = await into.query(`SELECT 1 AS x FROM voipdb_src.sqlite_master WHERE name = 'sqlite_sequence'`);
        const [mine] = await into.query(`SELECT 1 AS x FROM main.sqlite_master WHERE name = 'sqlite_sequence'`);
        if (seq && mine) {
          const moved = items.filter((i) => i.type === 'table' && !skip(i)).map((i) => i.name);
          for (const t of moved) {
            await into.execute('DELETE FROM main.sqlite_sequence WHERE name = ?', [t]);
            await into.execute(
              'INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM voipdb_src.sqlite_sequence WHERE name = ?',
              [t],
            );
          }
        }
        await into.exec('COMMIT');
      } catch (e) {
        await into.exec('ROLLBACK').catch(() => {});
        throw e;
      }
    } finally {
      await into.exec('DETACH DATABASE voipdb_src').catch(() => {});
      await into.exec('PRAGMA foreign_keys = ON');
    }
  },
  async dropSource(_into, from) {
    const path = from.target.path!;
    await from.close();
    for (const p of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) if (existsSync(p)) unlinkSync(p);
  },
};

export const movers: Record<DialectName, Mover> = { postgres, mysql, sqlite };
