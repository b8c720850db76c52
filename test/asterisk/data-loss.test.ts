// The seed warns that jumping release series can lose data. Asterisk's own steps that would:
// voicemail's 1c55c341360f drops macrocontext, cdr's downgrade narrows accountcode back to 20.
// With rows in those tables the plan is refused until --allow-data-loss; empty, it just runs.

import { afterAll, describe, expect, it } from 'vitest';
import { VoipdbError } from '../../src/core/errors.js';
import { downgrade, upgrade } from '../../src/engine/index.js';
import { available, freshDb, type TestDb } from '../helpers/backends.js';
import { asteriskSet, SERVERS } from './helpers.js';

async function refused(p: Promise<unknown>): Promise<VoipdbError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(VoipdbError);
    return e as VoipdbError;
  }
  throw new Error('expected the plan to be refused');
}

for (const s of SERVERS) {
  const ok = await available(s.backend);
  describe.skipIf(!ok)(`asterisk steps that lose data on ${s.backend}`, () => {
    const dbs: TestDb[] = [];
    // Dropping a PostgreSQL database waits for a checkpoint, which a busy server makes slow.
    afterAll(async () => {
      await Promise.all(dbs.map((db) => db.drop()));
    }, 600_000);
    const open = async () => {
      const db = await freshDb(s.backend, 'astloss');
      dbs.push(db);
      return db.connect();
    };

    it('voicemail: dropping macrocontext from a table with messages needs --allow-data-loss', async () => {
      const conn = await open();
      try {
        const set = asteriskSet('voicemail');
        await upgrade(conn, [set], '39428242f7f5');
        await conn.execute(
          `INSERT INTO voicemail_messages (dir, msgnum, macrocontext) VALUES ('/var/spool/asterisk/voicemail/default/100/INBOX', 0, 'macro-vm')`,
        );
        const e = await refused(upgrade(conn, [set]));
        expect(e.kind).toBe('data-loss');
        expect(e.message).toMatch(/drops column voicemail_messages\.macrocontext/);
        expect(e.hint).toMatch(/--allow-data-loss/);
        await upgrade(conn, [set], undefined, { allowDataLoss: true });
        const rows = await conn.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM voicemail_messages');
        expect(Number(rows[0]!.n)).toBe(1);
      } finally {
        await conn.close();
      }
    });

    it('cdr: going back to 20-character account codes with records in cdr needs --allow-data-loss', async () => {
      const conn = await open();
      try {
        const set = asteriskSet('cdr');
        await upgrade(conn, [set]);
        await conn.execute(`INSERT INTO cdr (accountcode, src, dst, duration) VALUES ('1234567890', '100', '200', 42)`);
        const e = await refused(downgrade(conn, [set], '-1'));
        expect(e.message).toMatch(/narrows cdr\.accountcode from 80 to 20/);
        await downgrade(conn, [set], '-1', { allowDataLoss: true });
      } finally {
        await conn.close();
      }
    });
  });
}
