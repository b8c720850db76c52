// A small XiVO-like database for the operations' tests: configuration tables (replicated),
// the network / support groups (this machine's), and call-center statistics with a big-ish
// queue_log (left out of replication). Column shapes follow XiVO's datastorage/asterisk.sql and
// xivo.sql before the 14.08 merge, cut down.

import type { Connection } from '../../src/db/connection.js';
import type { DialectName } from '../../src/db/url.js';

interface Spell {
  serial: string;
  blob: string;
  ts: string;
  enumCol: (name: string, values: string[]) => string;
  preamble: (enums: Record<string, string[]>) => string[];
  engine: string;
}

const spell: Record<DialectName, Spell> = {
  postgres: {
    serial: 'SERIAL PRIMARY KEY',
    blob: 'BYTEA',
    ts: 'TIMESTAMP',
    enumCol: (name) => name,
    preamble: (enums) =>
      Object.entries(enums).map(([n, v]) => `CREATE TYPE ${n} AS ENUM (${v.map((x) => `'${x}'`).join(', ')})`),
    engine: '',
  },
  mysql: {
    serial: 'INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY',
    blob: 'LONGBLOB',
    ts: 'DATETIME',
    enumCol: (_n, v) => `ENUM(${v.map((x) => `'${x}'`).join(', ')})`,
    preamble: () => [],
    engine: ' ENGINE=InnoDB',
  },
  sqlite: {
    serial: 'INTEGER PRIMARY KEY AUTOINCREMENT',
    blob: 'BLOB',
    ts: 'TIMESTAMP',
    enumCol: (_n, v) => `VARCHAR(16) CHECK (bsfilter IN (${v.map((x) => `'${x}'`).join(', ')}))`,
    preamble: () => [],
    engine: '',
  },
};

export const CONFIG_TABLES = ['userfeatures', 'linefeatures', 'queuefeatures', 'attachment'];
export const NETWORK_TABLES = ['dhcp', 'netiface', 'resolvconf'];
export const SUPPORT_TABLES = ['mail', 'monitoring'];
export const STATS_TABLES = ['queue_log', 'stat_agent', 'stat_call_on_queue', 'stat_queue'];
export const ALL_TABLES = [...CONFIG_TABLES, ...NETWORK_TABLES, ...SUPPORT_TABLES, ...STATS_TABLES];

export function xivoLikeDDL(d: DialectName): string[] {
  const s = spell[d];
  const bs = ['no', 'boss', 'secretary'];
  return [
    ...s.preamble({ generic_bsfilter: bs }),
    `CREATE TABLE userfeatures (id ${s.serial}, firstname VARCHAR(128) NOT NULL DEFAULT '', lastname VARCHAR(128) NOT NULL DEFAULT '', enableclient INTEGER NOT NULL DEFAULT 1, bsfilter ${s.enumCol('generic_bsfilter', bs)} NOT NULL DEFAULT 'no', description TEXT)${s.engine}`,
    `CREATE TABLE linefeatures (id ${s.serial}, name VARCHAR(128) NOT NULL, context VARCHAR(39) NOT NULL, number VARCHAR(40), user_id INTEGER REFERENCES userfeatures(id))${s.engine}`,
    `CREATE TABLE queuefeatures (id ${s.serial}, name VARCHAR(128) NOT NULL, number VARCHAR(40) NOT NULL DEFAULT '')${s.engine}`,
    `CREATE TABLE attachment (id ${s.serial}, name VARCHAR(64) NOT NULL, object_type VARCHAR(16) NOT NULL, file ${s.blob})${s.engine}`,
    `CREATE TABLE dhcp (id ${s.serial}, active INTEGER NOT NULL DEFAULT 0, pool_start VARCHAR(64) NOT NULL DEFAULT '', pool_end VARCHAR(64) NOT NULL DEFAULT '')${s.engine}`,
    `CREATE TABLE netiface (id ${s.serial}, ifname VARCHAR(64) NOT NULL DEFAULT '', address VARCHAR(39), netmask VARCHAR(39), gateway VARCHAR(39))${s.engine}`,
    `CREATE TABLE resolvconf (id ${s.serial}, hostname VARCHAR(63) NOT NULL DEFAULT 'xivo', domain VARCHAR(255) NOT NULL DEFAULT '', nameserver1 VARCHAR(255))${s.engine}`,
    `CREATE TABLE mail (id ${s.serial}, mydomain VARCHAR(255) NOT NULL DEFAULT '0', origin VARCHAR(255) NOT NULL)${s.engine}`,
    `CREATE TABLE monitoring (id ${s.serial}, maintenance INTEGER NOT NULL DEFAULT 0, alert_emails VARCHAR(4096))${s.engine}`,
    `CREATE TABLE queue_log (time VARCHAR(26) DEFAULT '' NOT NULL, callid VARCHAR(32) DEFAULT '' NOT NULL, queuename VARCHAR(50) DEFAULT '' NOT NULL, agent VARCHAR(50) DEFAULT '' NOT NULL, event VARCHAR(20) DEFAULT '' NOT NULL, data1 VARCHAR(30) DEFAULT '', data2 VARCHAR(30) DEFAULT '')${s.engine}`,
    `CREATE TABLE stat_agent (id ${s.serial}, name VARCHAR(128) NOT NULL)${s.engine}`,
    `CREATE TABLE stat_call_on_queue (id ${s.serial}, callid VARCHAR(32) NOT NULL, time ${s.ts} NOT NULL, stat_agent_id INTEGER REFERENCES stat_agent(id))${s.engine}`,
    // references a replicated table from a table the sync leaves alone
    `CREATE TABLE stat_queue (id ${s.serial}, name VARCHAR(128) NOT NULL, queue_id INTEGER REFERENCES queuefeatures(id))${s.engine}`,
  ];
}

export async function createXivoLike(conn: Connection): Promise<void> {
  for (const s of xivoLikeDDL(conn.dialect)) await conn.exec(s);
}

/** Insert many rows with one multi-row statement per chunk (portable `?` placeholders). */
export async function insertRows(conn: Connection, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const per = Math.max(1, Math.floor(900 / columns.length));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    await conn.execute(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => '(' + columns.map(() => '?').join(', ') + ')').join(', ')}`,
      chunk.flat(),
    );
  }
}

/** Configuration rows; `variant` makes two machines differ. */
export async function seedConfig(conn: Connection, variant: string, users = 120): Promise<void> {
  const bs = ['no', 'boss', 'secretary'];
  await insertRows(
    conn,
    'userfeatures',
    ['firstname', 'lastname', 'enableclient', 'bsfilter', 'description'],
    Array.from({ length: users }, (_, i) => [
      `${variant}-first-${i}`,
      `last ${i} 'quoted' \\ "x"`,
      i % 2,
      bs[i % 3],
      i % 5 === 0 ? null : `line\nbreak\t${i} é`,
    ]),
  );
  await insertRows(
    conn,
    'linefeatures',
    ['name', 'context', 'number', 'user_id'],
    Array.from({ length: users }, (_, i) => [`${variant}line${i}`, 'default', String(1000 + i), (i % users) + 1]),
  );
  await insertRows(
    conn,
    'queuefeatures',
    ['name', 'number'],
    [1, 2, 3].map((i) => [`${variant}q${i}`, String(3000 + i)]),
  );
  await insertRows(
    conn,
    'attachment',
    ['name', 'object_type', 'file'],
    [
      ['logo', 'entity', Buffer.from([0, 1, 2, 255, 254, 10, 13, 92])],
      [`${variant}-empty`, 'entity', Buffer.alloc(0)],
    ],
  );
}

/** This machine's own system configuration. */
export async function seedSystem(conn: Connection, host: string): Promise<void> {
  await insertRows(conn, 'dhcp', ['active', 'pool_start', 'pool_end'], [[1, `${host}.100`, `${host}.200`]]);
  await insertRows(
    conn,
    'netiface',
    ['ifname', 'address', 'netmask', 'gateway'],
    [
      ['eth0', `${host}.10`, '255.255.255.0', `${host}.1`],
      ['eth1', `${host}.11`, '255.255.255.0', null],
    ],
  );
  await insertRows(
    conn,
    'resolvconf',
    ['hostname', 'domain', 'nameserver1'],
    [[`xivo-${host}`, `${host}.example`, `${host}.53`]],
  );
  await insertRows(conn, 'mail', ['mydomain', 'origin'], [[`${host}.example`, `xivo@${host}`]]);
  await insertRows(conn, 'monitoring', ['maintenance', 'alert_emails'], [[0, `root@${host}`]]);
}

export async function seedStats(conn: Connection, variant: string, rows = 500): Promise<void> {
  await insertRows(
    conn,
    'queue_log',
    ['time', 'callid', 'queuename', 'agent', 'event', 'data1'],
    Array.from({ length: rows }, (_, i) => [
      `2014-0${1 + (i % 6)}-1${i % 9} 10:00:00.000000`,
      `${variant}.${i}`,
      'q1',
      `Agent/${i % 7}`,
      'ENTERQUEUE',
      String(i),
    ]),
  );
  await insertRows(conn, 'stat_agent', ['name'], [[`${variant}-Agent/1`], [`${variant}-Agent/2`]]);
  await insertRows(
    conn,
    'stat_call_on_queue',
    ['callid', 'time', 'stat_agent_id'],
    [
      [`${variant}.1`, '2014-03-01 10:00:00', 1],
      [`${variant}.2`, '2014-03-02 10:00:00', 2],
    ],
  );
  await insertRows(conn, 'stat_queue', ['name', 'queue_id'], [[`${variant}-q1`, 1]]);
}

/** Every row of a table, ordered, as text: equal text means equal content. */
export async function tableText(conn: Connection, table: string): Promise<string> {
  const rows = await conn.query<Record<string, unknown>>(`SELECT * FROM ${table}`);
  const lines = rows.map((r) =>
    JSON.stringify(
      Object.values(r).map((v) =>
        Buffer.isBuffer(v)
          ? 'hex:' + v.toString('hex')
          : v instanceof Uint8Array
            ? 'hex:' + Buffer.from(v).toString('hex')
            : v instanceof Date
              ? v.toISOString()
              : typeof v === 'bigint'
                ? String(v)
                : v,
      ),
    ),
  );
  return lines.sort().join('\n');
}

export async function snapshotTables(conn: Connection, tables: string[] = ALL_TABLES): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of tables) out[t] = await tableText(conn, t);
  return out;
}
