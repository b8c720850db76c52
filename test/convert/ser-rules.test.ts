// SER 0.9 -> SER 2.0, rule by rule, on the document's example: MariaDB -> MariaDB and
// MariaDB -> PostgreSQL. Every rule is checked on the destination; the source must read the
// same (checksum of every table) before and after.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalize } from '../../src/convert/dest/index.js';
import { convert } from '../../src/convert/index.js';
import { didFor } from '../../src/convert/ser/domains.js';
import { uidFor } from '../../src/convert/ser/steps/subscribers.js';
import type { ConvertSummary, Lookups } from '../../src/convert/types.js';
import type { Connection } from '../../src/db/connection.js';
import { available, freshDb, type BackendName, type TestDb } from '../helpers/backends.js';
import { checksums, createSer09, EXAMPLE, fill } from './support/ser09.js';

const mariadb = await available('mariadb');

const IPTEL = didFor('iptel.org');
const FOO = didFor('foo.bar');
const uid = (u: string, d: string, table = 'subscriber') => uidFor(table, u, d);
const JAN = uid('jan', 'iptel.org');
const ALICE = uid('alice', 'sip.iptel.org');
const BOB = uid('bob', 'foo.bar');
const JIRI = uid('jiří', 'foo.bar');
const CAROL = uid('carol', 'missing.example');
const DAVE = uid('dave', '');
const FRANK = uid('frank', 'iptel.org', 'pending');

/** Rows as plain strings (numbers, Buffers, Dates and dialect types compared the same way), sorted. */
async function rows(conn: Connection, sql: string): Promise<Record<string, string | null>[]> {
  const r = await conn.query<Record<string, unknown>>(sql);
  const out = r.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])));
  return out.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function plain(v: unknown): string | null {
  if (v == null) return null;
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (v instanceof Date) return normalize(v, 'other') as string;
  return String(v);
}

// Look-ups per batch, and the look-up tables loaded whole at each step's start: the same result.
for (const [dest, lookups] of [
  ['mariadb', 'batch'],
  ['postgres', 'batch'],
  ['mariadb', 'whole'],
  ['postgres', 'whole'],
] as [BackendName, Lookups][]) {
  describe.skipIf(!mariadb || !(await available(dest)))(
    `SER 0.9 (MariaDB) -> SER 2.0 (${dest}), look-ups ${lookups === 'batch' ? 'per batch' : 'loaded whole'}`,
    () => {
      let src: TestDb;
      let dst: TestDb;
      let s: Connection;
      let d: Connection;
      let before: Record<string, string>;
      let summary: ConvertSummary;

      beforeAll(async () => {
        src = await freshDb('mariadb', 'vcs');
        dst = await freshDb(dest, 'vcd');
        s = await src.connect();
        await createSer09(s);
        await fill(s, EXAMPLE);
        before = await checksums(s);
        summary = await convert({ converter: 'ser', from: src.target, to: dst.target, onError: 'skip', lookups });
        d = await dst.connect();
      });

      afterAll(async () => {
        await s?.close();
        await d?.close();
        await src?.drop();
        await dst?.drop();
      });

      it('leaves the source exactly as it was', async () => {
        expect(await checksums(s)).toEqual(before);
        expect(Object.keys(before)).toContain('subscriber');
      });

      it('creates the destination from the ser-2.0 pack', async () => {
        expect(summary.createdSchema).toBe(true);
        const v = await rows(d, "SELECT table_version FROM version WHERE table_name = 'credentials'");
        expect(v).toEqual([{ table_version: '7' }]);
      });

      it('turns the domain tree into two virtual domains with a digest_realm each', async () => {
        expect(await rows(d, 'SELECT did, domain, flags FROM domain')).toEqual(
          [
            { did: IPTEL, domain: 'iptel.org', flags: '37' },
            { did: IPTEL, domain: 'sip.iptel.org', flags: '33' },
            { did: IPTEL, domain: 'proxy.iptel.org', flags: '33' },
            { did: FOO, domain: 'foo.bar', flags: '37' },
          ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        );
        expect(await rows(d, 'SELECT did, name, type, value, flags FROM domain_attrs')).toEqual(
          [
            { did: IPTEL, name: 'digest_realm', type: '2', value: 'iptel.org', flags: '37' },
            { did: FOO, name: 'digest_realm', type: '2', value: 'foo.bar', flags: '37' },
          ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        );
      });

      it('turns subscribers (and pending, disabled) into credentials with their DID, or the default one', async () => {
        const creds = await rows(
          d,
          'SELECT auth_username, did, realm, password, flags, ha1, ha1b, uid FROM credentials',
        );
        const by = Object.fromEntries(creds.map((c) => [c.auth_username, c]));
        expect(creds).toHaveLength(7);
        expect(by.jan).toEqual({
          auth_username: 'jan',
          did: IPTEL,
          realm: 'iptel.org',
          password: 'heslo',
          flags: '33',
          ha1: 'a'.repeat(32),
          ha1b: 'b'.repeat(32),
          uid: JAN,
        });
        expect(by.alice).toMatchObject({ did: IPTEL, realm: 'sip.iptel.org', uid: ALICE });
        expect(by['jiří']).toMatchObject({ did: FOO, realm: 'foo.bar', uid: JIRI });
        expect(by.carol).toMatchObject({ did: '_default', realm: 'missing.example', uid: CAROL });
        expect(by.dave).toMatchObject({ did: '_default', realm: '', uid: DAVE });
        expect(by.frank).toMatchObject({ did: IPTEL, flags: String(33 | 2), uid: FRANK });
      });

      it('moves auxiliary columns, privileges, groups and preferences into user attributes', async () => {
        const jan = await rows(d, `SELECT name, value, type, flags FROM user_attrs WHERE uid = '${JAN}'`);
        expect(jan).toEqual(
          [
            { name: 'datetime_created', value: '2005-03-01 12:00:00', type: '2', flags: '32' },
            { name: 'first_name', value: 'Jan', type: '2', flags: '32' },
            { name: 'last_name', value: 'Janák', type: '2', flags: '32' },
            { name: 'email', value: 'jan@iptel.org', type: '2', flags: '33' },
            { name: 'phone', value: '+420123456', type: '2', flags: '32' },
            { name: 'timezone', value: 'Europe/Prague', type: '2', flags: '32' },
            { name: 'asserted_id', value: 'sip:+420123456@iptel.org', type: '2', flags: '33' },
            { name: 'sw_allow_find', value: '1', type: '0', flags: '32' },
            { name: 'sw_is_admin', value: '1', type: '0', flags: '32' },
            { name: 'sw_acl_control', value: 'voicemail', type: '2', flags: '32' },
            { name: 'acl', value: 'ld', type: '2', flags: '33' },
            { name: 'acl', value: 'int', type: '2', flags: '33' },
            { name: 'fwd_always_target', value: 'sip:voicemail@iptel.org', type: '2', flags: '33' },
          ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        );
        expect(await rows(d, `SELECT name, value, flags FROM user_attrs WHERE uid = '${FRANK}'`)).toEqual(
          [
            { name: 'datetime_created', value: '2005-03-01 12:00:00', flags: '34' },
            { name: 'first_name', value: 'Frank', flags: '34' },
            { name: 'sw_confirmation', value: 'c0ffee', flags: '34' },
          ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        );
        expect(await rows(d, `SELECT name, value FROM user_attrs WHERE uid = '${JIRI}' AND name LIKE '%name'`)).toEqual(
          [
            { name: 'first_name', value: 'Jiří' },
            { name: 'last_name', value: 'Šťastný' },
          ],
        );
        expect(await rows(d, `SELECT name, value FROM user_attrs WHERE uid = '${ALICE}' AND name LIKE 'sw_%'`)).toEqual(
          [{ name: 'sw_is_hostmaster', value: '1' }],
        );
      });

      it('gives every account a canonical SIP URI, and aliases and uri rows extra ones', async () => {
        const uris = await rows(d, 'SELECT uid, did, username, flags, scheme FROM uri');
        const canon = String(1 | 8 | 16 | 4 | 32);
        const extra = String(1 | 8 | 16 | 32);
        expect(uris).toEqual(
          [
            { uid: JAN, did: IPTEL, username: 'jan', flags: canon, scheme: 'sip' },
            { uid: ALICE, did: IPTEL, username: 'alice', flags: canon, scheme: 'sip' },
            { uid: BOB, did: FOO, username: 'bob', flags: canon, scheme: 'sip' },
            { uid: JIRI, did: FOO, username: 'jiří', flags: canon, scheme: 'sip' },
            { uid: CAROL, did: '_default', username: 'carol', flags: canon, scheme: 'sip' },
            { uid: DAVE, did: '_default', username: 'dave', flags: canon, scheme: 'sip' },
            { uid: FRANK, did: IPTEL, username: 'frank', flags: String(Number(canon) | 2), scheme: 'sip' },
            // aliases (the old tool skipped them)
            { uid: JAN, did: IPTEL, username: 'jan.janak', flags: extra, scheme: 'sip' },
            { uid: BOB, did: FOO, username: '4000', flags: extra, scheme: 'sip' },
            // uri table (jan's own 'jan' is his canonical URI already)
            { uid: JAN, did: IPTEL, username: '1234', flags: extra, scheme: 'sip' },
            { uid: ALICE, did: IPTEL, username: 'alicia', flags: extra, scheme: 'sip' },
          ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        );
      });

      it('keys location by UID, with the address of record', async () => {
        expect(await rows(d, 'SELECT uid, aor, contact, expires, q, callid, cseq, user_agent FROM location')).toEqual(
          [
            {
              uid: JAN,
              aor: 'sip:jan@iptel.org',
              contact: 'sip:jan@192.0.2.1:5060',
              expires: '2006-12-01 00:00:00',
              q: '0.5',
              callid: 'c1',
              cseq: '7',
              user_agent: 'Linphone',
            },
            {
              uid: JAN,
              aor: 'sip:jan@sip.iptel.org',
              contact: 'sip:jan@192.0.2.2:5060',
              expires: '1970-01-01 00:00:00',
              q: '1',
              callid: 'c2',
              cseq: '1',
              user_agent: '',
            },
            {
              uid: ALICE,
              aor: 'sip:alice@sip.iptel.org',
              contact: 'sip:alice@192.0.2.3',
              expires: '2006-12-01 00:00:00',
              q: '1',
              callid: 'c3',
              cseq: '2',
              user_agent: 'Kphone',
            },
            {
              uid: CAROL,
              aor: 'sip:carol@missing.example',
              contact: 'sip:carol@192.0.2.4',
              expires: '2006-12-01 00:00:00',
              q: '1',
              callid: 'c4',
              cseq: '3',
              user_agent: '',
            },
          ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        );
      });

      it('keys cpl, silo and phonebook by UID', async () => {
        expect(await rows(d, 'SELECT uid, cpl_xml, cpl_bin FROM cpl')).toEqual(
          [
            { uid: JAN, cpl_xml: Buffer.from('<cpl><incoming/></cpl>').toString('hex'), cpl_bin: '010200ff' },
            { uid: BOB, cpl_xml: Buffer.from('<cpl/>').toString('hex'), cpl_bin: null },
          ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        );
        expect(
          await rows(d, 'SELECT mid, from_hdr, to_hdr, ruri, uid, inc_time, exp_time, ctype, body FROM silo'),
        ).toEqual([
          {
            mid: '7',
            from_hdr: 'sip:alice@sip.iptel.org',
            to_hdr: 'sip:jan@iptel.org',
            ruri: 'sip:jan@iptel.org',
            uid: JAN,
            inc_time: '2006-01-01 00:00:00',
            exp_time: '2006-01-02 00:00:00',
            ctype: 'text/plain',
            body: Buffer.from('Ahoj, jak se máš?').toString('hex'),
          },
        ]);
        expect(await rows(d, 'SELECT id, uid, fname, lname, sip_uri FROM phonebook')).toEqual([
          { id: '3', uid: JAN, fname: 'Alice', lname: 'Smith', sip_uri: 'sip:alice@sip.iptel.org' },
          { id: '9', uid: JIRI, fname: 'Jan', lname: 'Janák', sip_uri: 'sip:jan@iptel.org' },
        ]);
      });

      it('converts acc and missed_calls with UIDs and DIDs, times and deleted flags', async () => {
        expect(
          await rows(
            d,
            'SELECT id, from_uid, from_did, to_uid, to_did, digest_username, digest_realm, request_timestamp, response_timestamp, flags, in_ruri, sip_callid FROM acc',
          ),
        ).toEqual([
          {
            id: '1',
            from_uid: JAN,
            from_did: IPTEL,
            to_uid: ALICE,
            to_did: IPTEL,
            digest_username: 'jan',
            digest_realm: 'iptel.org',
            request_timestamp: '2006-11-17 10:00:00',
            response_timestamp: '2006-11-17 10:00:00',
            flags: '256',
            in_ruri: 'sip:alice@sip.iptel.org',
            sip_callid: 'call-sip:jan@iptel.org-2006-11-17 10:00:00',
          },
          {
            id: '2',
            from_uid: BOB,
            from_did: FOO,
            to_uid: JAN,
            to_did: IPTEL,
            digest_username: 'bob',
            digest_realm: 'foo.bar',
            request_timestamp: '2006-11-17 11:00:00',
            response_timestamp: '2006-11-17 11:00:00',
            flags: '512',
            in_ruri: 'sip:192.0.2.9',
            sip_callid: 'call-sip:bob@foo.bar-2006-11-17 11:00:00',
          },
          {
            id: '3',
            from_uid: null,
            from_did: null,
            to_uid: JIRI,
            to_did: FOO,
            digest_username: 'stranger',
            digest_realm: 'example.com',
            request_timestamp: '2006-11-20 08:00:00',
            response_timestamp: '2006-11-20 08:00:00',
            flags: '0',
            in_ruri: 'sip:jiří@foo.bar',
            sip_callid: 'call-sip:stranger@example.com-0000-00-00 00:00:00',
          },
          {
            id: '4',
            from_uid: BOB,
            from_did: FOO,
            to_uid: ALICE,
            to_did: IPTEL,
            digest_username: 'bob',
            digest_realm: 'FOO.Bar',
            request_timestamp: '2006-11-21 12:00:00',
            response_timestamp: '2006-11-21 12:00:00',
            flags: '0',
            in_ruri: 'sip:alice@Sip.IPTEL.org',
            sip_callid: 'call-sip:bob@FOO.Bar-2006-11-21 12:00:00',
          },
        ]);
        expect(await rows(d, 'SELECT id, from_uid, to_uid, to_did FROM missed_calls')).toEqual([
          { id: '1', from_uid: ALICE, to_uid: JAN, to_did: IPTEL },
        ]);
      });

      it('reports every row it could not convert, with its table and key, and records it', async () => {
        const reasons = summary.rejected.map((r) => `${r.step}: ${r.key}: ${r.reason}`);
        expect(reasons).toHaveLength(6);
        expect(summary.rejectedTotal).toBe(6);
        expect(reasons.find((r) => r.startsWith('aliases: username=ghost'))).toMatch(/dangling alias/);
        expect(reasons.find((r) => r.startsWith('aliases: username=broken'))).toMatch(/not a SIP URI/);
        expect(reasons.find((r) => r.startsWith('uri: username=nobody'))).toMatch(/no subscriber/);
        expect(reasons.find((r) => r.startsWith('location: username=zed'))).toMatch(/no subscriber/);
        expect(reasons.find((r) => r.startsWith('cpl: user=nobody'))).toMatch(/no subscriber/);
        expect(reasons.find((r) => r.startsWith('admin_privileges: '))).toMatch(/bogus/);
        const recorded = await rows(d, "SELECT step, row_key FROM voipdb_convert_rejects WHERE converter = 'ser'");
        expect(recorded.map((r) => `${r.step}: ${r.row_key}`).sort()).toEqual(
          summary.rejected.map((r) => `${r.step}: ${r.key}`).sort(),
        );
      });

      it('records every step as done, and a second run changes nothing', async () => {
        const progress = await rows(d, "SELECT step, state FROM voipdb_convert_progress WHERE converter = 'ser'");
        expect(progress.every((p) => p.state === 'done')).toBe(true);
        expect(progress).toHaveLength(14);
        const again = await convert({ converter: 'ser', from: src.target, to: dst.target, onError: 'skip', lookups });
        expect(again.resumed).toBe(true);
        expect(again.steps.every((st) => st.state === 'already-done')).toBe(true);
        expect(await rows(d, 'SELECT COUNT(*) AS n FROM credentials')).toEqual([{ n: '7' }]);
      });
    },
  );
}
