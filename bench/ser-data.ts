// A large SER 0.9 database for the conversion benchmark: N subscribers spread over virtual-domain
// trees (d<k>.example.net with sip./proxy. children), some in domains the domain table lacks, and
// M accounting rows between them (a tenth from or to strangers). Loaded with LOAD DATA LOCAL
// INFILE from a generated stream; kept between runs when its counts already match.

import { Readable } from 'node:stream';
import type { Connection } from '../src/db/connection.js';
import { connect } from '../src/db/connect.js';
import { parseTarget, withDatabase, type Target } from '../src/db/url.js';
import { upgrade } from '../src/engine/index.js';
import { ser09Set } from '../src/packs/ser/ser09.js';

export interface SerVolume {
  subscribers: number;
  acc: number;
}

const DOMAINS = 1000;
const domainOf = (i: number) => {
  const k = i % DOMAINS;
  const sub = Math.floor(i / DOMAINS) % 4;
  if (sub === 3) return `lost${k}.example.org`; // not in the domain table
  return ['', 'sip.', 'proxy.'][sub] + `d${k}.example.net`;
};
const pad2 = (n: number) => String(n).padStart(2, '0');
const when = (i: number) =>
  `2006-${pad2(1 + (i % 12))}-${pad2(1 + (i % 28))} ${pad2(i % 24)}:${pad2(i % 60)}:${pad2((i * 7) % 60)}`;

function subscriberLine(i: number): string {
  const d = domainOf(i);
  return [
    `p${i}`,
    `user${i}`,
    d,
    `pw${i % 9973}`,
    `First${i % 5000}`,
    `Last ${i % 7919}`,
    `+4202${String(i).padStart(8, '0')}`,
    `user${i}@${d}`,
    when(i),
    when(i + 1),
    '',
    'o',
    '',
    '',
    'f'.repeat(32),
    'e'.repeat(32),
    i % 2 ? '1' : '0',
    i % 3 ? 'Europe/Prague' : '\\N',
    i % 5 ? `sip:+4202${i}@${d}` : '\\N',
    '\\N',
    '\\N',
  ].join('\t');
}

function accLine(i: number, n: number): string {
  const a = (i * 7919) % n;
  const b = (i * 104729 + 13) % n;
  const from = i % 10 === 0 ? `sip:stranger${i % 997}@elsewhere.example.com` : `sip:user${a}@${domainOf(a)}`;
  const to = i % 10 === 5 ? `sip:+1555${i % 10000}@pstn.example.com` : `sip:user${b}@${domainOf(b)}`;
  const fromUser = from.slice(4).split('@')[0]!;
  const fromDomain = from.split('@')[1]!;
  return [
    `"Caller" <${from}>;tag=${i.toString(36)}`,
    `<${to}>;tag=x${i % 1000}`,
    '200 OK',
    'INVITE',
    to,
    to,
    from,
    to,
    `${i.toString(36)}-${(i * 31).toString(36)}@10.0.${i % 256}.${(i >> 8) % 256}`,
    fromUser,
    fromDomain,
    i.toString(36),
    `x${i % 1000}`,
    when(i),
    when(i + 3),
    i % 17 === 0 ? '1' : '0',
    i % 19 === 0 ? '1' : '0',
  ].join('\t');
}

function lines(count: number, line: (i: number) => string): Readable {
  let i = 0;
  return new Readable({
    read() {
      let chunk = '';
      for (let k = 0; k < 5000 && i < count; k++, i++) chunk += line(i) + '\n';
      this.push(chunk || null);
    },
  });
}

const SUBSCRIBER_COLUMNS =
  'phplib_id, username, domain, password, first_name, last_name, phone, email_address, datetime_created, datetime_modified, confirmation, flag, sendnotification, greeting, ha1, ha1b, allow_find, timezone, rpid, domn, uuid';
const ACC_COLUMNS =
  'sip_from, sip_to, sip_status, sip_method, i_uri, o_uri, from_uri, to_uri, sip_callid, username, domain, fromtag, totag, time, timestamp, caller_deleted, callee_deleted';

async function loadData(conn: Connection, table: string, columns: string, stream: Readable): Promise<void> {
  const raw = conn.raw as { query(o: { sql: string; infileStreamFactory: () => Readable }): Promise<unknown> };
  await raw.query({
    sql: `LOAD DATA LOCAL INFILE 'stream' INTO TABLE ${table} (${columns})`,
    infileStreamFactory: () => stream,
  });
}

/** The benchmark's source database on the MariaDB server of `admin`, created (or reused). */
export async function serSource(adminUrl: string, v: SerVolume, log: (s: string) => void): Promise<Target> {
  const name = `voipdb_bench_ser09_${v.subscribers}_${v.acc}`;
  const admin = await connect(parseTarget(adminUrl));
  await admin.exec(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4`);
  await admin.close();
  const target = withDatabase(parseTarget(adminUrl), name);
  const conn = await connect(target);
  try {
    const have = await conn
      .query<{ n: number }>('SELECT (SELECT COUNT(*) FROM subscriber) AS n, (SELECT COUNT(*) FROM acc) AS a')
      .catch(() => undefined);
    const row = have?.[0] as { n?: unknown; a?: unknown } | undefined;
    if (row && Number(row.n) === v.subscribers && Number(row.a) === v.acc) {
      log(`source ${name}: reusing ${v.subscribers} subscribers and ${v.acc} acc rows`);
      return target;
    }
    log(`source ${name}: generating ${v.subscribers} subscribers and ${v.acc} acc rows`);
    await conn.exec(`DROP DATABASE \`${name}\`; CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4; USE \`${name}\``);
    await upgrade(conn, [ser09Set]);
    const domains: string[] = [];
    for (let k = 0; k < DOMAINS; k++) for (const p of ['', 'sip.', 'proxy.']) domains.push(`('${p}d${k}.example.net')`);
    await conn.exec(`INSERT INTO domain (domain) VALUES ${domains.join(', ')}`);
    await loadData(conn, 'subscriber', SUBSCRIBER_COLUMNS, lines(v.subscribers, subscriberLine));
    await loadData(
      conn,
      'acc',
      ACC_COLUMNS,
      lines(v.acc, (i) => accLine(i, v.subscribers)),
    );
    await conn.exec('ANALYZE TABLE subscriber, acc, domain');
    return target;
  } finally {
    await conn.close();
  }
}
