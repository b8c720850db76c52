// SER 0.9 source databases for the conversion tests: the schema from the ser-0.9 pack (plus the
// cpl table the cpl-c module created), the document's own example, and generated volumes.

import type { Connection } from '../../../src/db/connection.js';
import { upgrade } from '../../../src/engine/index.js';
import { ser09Set } from '../../../src/packs/ser/ser09.js';

/** cpl-c (SER 0.9) kept scripts per user in its own table, outside ser_mysql.sh. */
const CPL_TABLE =
  'CREATE TABLE cpl (user VARCHAR(50) NOT NULL PRIMARY KEY, cpl_xml BLOB, cpl_bin BLOB) DEFAULT CHARSET=utf8mb4';

export async function createSer09(conn: Connection): Promise<void> {
  await upgrade(conn, [ser09Set]);
  await conn.exec(CPL_TABLE);
}

export async function insert(conn: Connection, table: string, rows: Record<string, unknown>[]): Promise<void> {
  // Rows with the same columns go together; a column a row leaves out keeps its default.
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) {
    const k = Object.keys(r).join(',');
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const q = (c: string) => '`' + c + '`';
  for (const [k, group] of groups) {
    const cols = k.split(',');
    for (let i = 0; i < group.length; i += 500) {
      const chunk = group.slice(i, i + 500);
      await conn.execute(
        `INSERT INTO ${q(table)} (${cols.map(q).join(', ')}) VALUES ${chunk.map(() => '(' + cols.map(() => '?').join(', ') + ')').join(', ')}`,
        chunk.flatMap((r) => cols.map((c) => r[c])),
      );
    }
  }
}

const sub = (username: string, domain: string, extra: Record<string, unknown> = {}) => ({
  phplib_id: `${username}@${domain}`.slice(0, 32),
  username,
  domain,
  password: 'heslo',
  first_name: '',
  last_name: '',
  phone: '',
  email_address: '',
  datetime_created: '2005-03-01 12:00:00',
  ha1: 'a'.repeat(32),
  ha1b: 'b'.repeat(32),
  timezone: null,
  rpid: null,
  allow_find: '0',
  confirmation: '',
  ...extra,
});

const call = <E extends Record<string, unknown>>(
  from: string,
  ruri: string,
  to: string,
  time: string,
  extra: E = {} as E,
) => ({
  sip_from: `<${from}>;tag=f1`,
  sip_to: `<${to}>`,
  sip_status: '200 OK',
  sip_method: 'INVITE',
  i_uri: ruri,
  o_uri: ruri,
  from_uri: from,
  to_uri: to,
  sip_callid: `call-${from}-${time}`,
  username: from.replace(/^sip:/, '').split('@')[0],
  domain: from.split('@')[1] ?? '',
  fromtag: 'f1',
  totag: 't1',
  time,
  timestamp: '2006-11-20 08:00:00',
  ...extra,
});

/** The document's example and the awkward cases: UTF-8 names, users whose domain is missing,
 *  dangling and malformed aliases, rows owned by nobody, an unknown privilege. */
export const EXAMPLE: Record<string, Record<string, unknown>[]> = {
  domain: [{ domain: 'iptel.org' }, { domain: 'sip.iptel.org' }, { domain: 'proxy.iptel.org' }, { domain: 'foo.bar' }],
  subscriber: [
    sub('jan', 'iptel.org', {
      first_name: 'Jan',
      last_name: 'Janák',
      email_address: 'jan@iptel.org',
      phone: '+420123456',
      timezone: 'Europe/Prague',
      rpid: 'sip:+420123456@iptel.org',
      allow_find: '1',
    }),
    sub('alice', 'sip.iptel.org', { first_name: 'Alice', last_name: 'Smith' }),
    sub('bob', 'foo.bar'),
    sub('jiří', 'foo.bar', { first_name: 'Jiří', last_name: 'Šťastný', email_address: 'jiri@foo.bar' }),
    sub('carol', 'missing.example'),
    sub('dave', ''),
  ],
  pending: [sub('frank', 'iptel.org', { first_name: 'Frank', confirmation: 'c0ffee' })],
  aliases: [
    { username: 'jan.janak', domain: 'iptel.org', contact: 'sip:jan@iptel.org' },
    { username: '4000', domain: 'foo.bar', contact: '"Bob" <sip:bob@foo.bar>' },
    { username: 'ghost', domain: 'iptel.org', contact: 'sip:nobody@iptel.org' },
    { username: 'broken', domain: 'iptel.org', contact: 'not a uri' },
  ],
  uri: [
    { username: 'jan', domain: 'iptel.org', uri_user: 'jan' },
    { username: 'jan', domain: 'iptel.org', uri_user: '1234' },
    { username: 'alice', domain: 'sip.iptel.org', uri_user: 'alicia' },
    { username: 'nobody', domain: 'iptel.org', uri_user: 'x' },
  ],
  location: [
    {
      username: 'jan',
      domain: 'iptel.org',
      contact: 'sip:jan@192.0.2.1:5060',
      expires: '2006-12-01 00:00:00',
      q: 0.5,
      callid: 'c1',
      cseq: 7,
      flags: 0,
      user_agent: 'Linphone',
    },
    {
      username: 'jan',
      domain: 'sip.iptel.org',
      contact: 'sip:jan@192.0.2.2:5060',
      expires: '0000-00-00 00:00:00',
      q: 1,
      callid: 'c2',
      cseq: 1,
      flags: 0,
      user_agent: '',
    },
    {
      username: 'alice',
      domain: 'sip.iptel.org',
      contact: 'sip:alice@192.0.2.3',
      expires: '2006-12-01 00:00:00',
      q: 1,
      callid: 'c3',
      cseq: 2,
      flags: 0,
      user_agent: 'Kphone',
    },
    {
      username: 'carol',
      domain: 'missing.example',
      contact: 'sip:carol@192.0.2.4',
      expires: '2006-12-01 00:00:00',
      q: 1,
      callid: 'c4',
      cseq: 3,
      flags: 0,
      user_agent: '',
    },
    {
      username: 'zed',
      domain: 'iptel.org',
      contact: 'sip:zed@192.0.2.5',
      expires: '2006-12-01 00:00:00',
      q: 1,
      callid: 'c5',
      cseq: 4,
      flags: 0,
      user_agent: '',
    },
  ],
  cpl: [
    { user: 'jan@iptel.org', cpl_xml: Buffer.from('<cpl><incoming/></cpl>'), cpl_bin: Buffer.from([1, 2, 0, 255]) },
    { user: 'bob', cpl_xml: Buffer.from('<cpl/>'), cpl_bin: null },
    { user: 'nobody', cpl_xml: Buffer.from('<cpl/>'), cpl_bin: null },
  ],
  silo: [
    {
      mid: 7,
      src_addr: 'sip:alice@sip.iptel.org',
      dst_addr: 'sip:jan@iptel.org',
      r_uri: 'sip:jan@iptel.org',
      username: 'jan',
      domain: 'iptel.org',
      inc_time: 1136073600,
      exp_time: 1136160000,
      ctype: 'text/plain',
      body: Buffer.from('Ahoj, jak se máš?'),
    },
  ],
  phonebook: [
    { id: 3, username: 'jan', domain: 'iptel.org', fname: 'Alice', lname: 'Smith', sip_uri: 'sip:alice@sip.iptel.org' },
    { id: 9, username: 'jiří', domain: 'foo.bar', fname: 'Jan', lname: 'Janák', sip_uri: 'sip:jan@iptel.org' },
  ],
  admin_privileges: [
    { username: 'jan', domain: 'iptel.org', priv_name: 'is_admin', priv_value: '1' },
    { username: 'jan', domain: 'iptel.org', priv_name: 'acl_control', priv_value: 'voicemail' },
    { username: 'alice', domain: 'sip.iptel.org', priv_name: 'change_privileges', priv_value: '1' },
    { username: 'alice', domain: 'sip.iptel.org', priv_name: 'bogus', priv_value: 'x' },
  ],
  grp: [
    { username: 'jan', domain: 'iptel.org', grp: 'ld' },
    { username: 'jan', domain: 'iptel.org', grp: 'int' },
  ],
  usr_preferences: [
    {
      uuid: '',
      username: 'jan',
      domain: 'iptel.org',
      attribute: 'fwd_always_target',
      value: 'sip:voicemail@iptel.org',
      type: 2,
    },
  ],
  acc: [
    call('sip:jan@iptel.org', 'sip:alice@sip.iptel.org', 'sip:alice@sip.iptel.org', '2006-11-17 10:00:00', {
      caller_deleted: '1',
    }),
    call('sip:bob@foo.bar', 'sip:192.0.2.9', 'sip:jan.janak@iptel.org', '2006-11-17 11:00:00', { callee_deleted: '1' }),
    call('sip:stranger@example.com', 'sip:jiří@foo.bar', 'sip:jiří@foo.bar', '0000-00-00 00:00:00'),
    // Host names are case-insensitive: these are bob and alice.
    call('sip:bob@FOO.Bar', 'sip:alice@Sip.IPTEL.org', 'sip:alice@Sip.IPTEL.org', '2006-11-21 12:00:00'),
  ],
  missed_calls: [call('sip:alice@sip.iptel.org', 'sip:jan@iptel.org', 'sip:jan@iptel.org', '2006-11-18 09:30:00')],
};

export async function fill(conn: Connection, data: Record<string, Record<string, unknown>[]>): Promise<void> {
  for (const [table, rows] of Object.entries(data)) await insert(conn, table, rows);
}

/** Deterministic volume for the kill-and-resume test: n subscribers over the example domains,
 *  with URIs, locations, groups and accounting rows that point at them (and some that do not). */
export function generated(n: number, calls: number): Record<string, Record<string, unknown>[]> {
  const domains = ['iptel.org', 'sip.iptel.org', 'proxy.iptel.org', 'foo.bar', 'lost.example'];
  const user = (i: number) => ({ username: `u${i}`, domain: domains[i % domains.length]! });
  const subscriber = Array.from({ length: n }, (_, i) =>
    sub(user(i).username, user(i).domain, { first_name: `Uživatel ${i}`, email_address: `u${i}@example.com` }),
  );
  const uri = Array.from({ length: n }, (_, i) => ({ ...user(i), uri_user: `${1000 + i}` }));
  const location = Array.from({ length: n }, (_, i) => ({
    ...user(i),
    contact: `sip:u${i}@198.51.100.${i % 250}:5060`,
    expires: '2006-12-01 00:00:00',
    q: 1,
    callid: `cid${i}`,
    cseq: i,
    flags: 0,
    user_agent: 'ua',
  }));
  const grp = Array.from({ length: n }, (_, i) => ({ ...user(i), grp: i % 3 ? 'ld' : 'int' }));
  const acc = Array.from({ length: calls }, (_, i) => {
    const a = user(i % (n + 7));
    const b = user((i * 7) % (n + 3));
    return call(
      `sip:${a.username}@${a.domain}`,
      `sip:${b.username}@${b.domain}`,
      `sip:${b.username}@${b.domain}`,
      `2006-11-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00`,
      {
        caller_deleted: i % 11 === 0 ? '1' : '0',
      },
    );
  });
  return {
    domain: EXAMPLE.domain!,
    subscriber,
    pending: EXAMPLE.pending!,
    aliases: EXAMPLE.aliases!,
    uri,
    location,
    grp,
    acc,
    missed_calls: acc.slice(0, Math.floor(calls / 10)).map(({ caller_deleted: _c, ...r }) => r),
  };
}

/** A checksum of every table of a MariaDB database (CHECKSUM TABLE reads every row). */
export async function checksums(conn: Connection): Promise<Record<string, string>> {
  const tables = await conn.query<{ t: string }>(
    'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME',
  );
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    const [r] = await conn.query<{ Checksum: unknown }>(`CHECKSUM TABLE \`${t}\` EXTENDED`);
    const [c] = await conn.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM \`${t}\``);
    out[t] = `${String(r?.Checksum)}/${String(c?.n)}`;
  }
  return out;
}
