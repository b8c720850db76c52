// A repeatable stopped mid-way where DDL commits by itself (MariaDB): the next run takes over the
// row the stopped attempt left, so the history ends with one row for it, applied — never a
// "running" row left behind beside the applied one (through bin/voipdb.js, failpoints).

import { afterAll, describe, expect, it } from 'vitest';
import { available, freshDb, type TestDb } from '../helpers/backends.js';
import { runCli } from '../helpers/cli.js';
import { removeTempDirs, sideEffectSet, writeSet } from './engine-sets.js';

describe.skipIf(!(await available('mariadb')))('mariadb: a repeatable killed mid-way', () => {
  const made: TestDb[] = [];
  afterAll(async () => {
    for (const d of made) await d.drop();
    removeTempDirs();
  });

  // V1–V3: 11 statements, 6 of them DDL committing by itself; the 12th (7th DDL) is the view's.
  for (const point of ['before-statement@12', 'after-statement@7']) {
    it(`killed at ${point}: the rerun takes over its row; one applied row, the view there`, async () => {
      const db = await freshDb('mariadb', 'vt_rep');
      made.push(db);
      const dir = writeSet('rep', sideEffectSet(3));
      const killed = await runCli(['upgrade', '--dir', dir, '--url', db.url], {
        env: { VOIPDB_FAILPOINTS: `${point}=kill` },
      });
      expect(killed.signal ?? killed.code).toBe('SIGKILL');
      const conn = await db.connect();
      try {
        const stopped = await conn.query<{ state: string }>(
          "SELECT state FROM voipdb_history WHERE kind = 'repeatable'",
        );
        expect(stopped.map((r) => r.state)).toEqual(['running']);
        const again = await runCli(['upgrade', '--dir', dir, '--url', db.url]);
        expect(again.code, again.stderr).toBe(0);
        const rows = await conn.query<{ state: string }>("SELECT state FROM voipdb_history WHERE kind = 'repeatable'");
        expect(rows.map((r) => r.state)).toEqual(['applied']);
        expect(await conn.query('SELECT * FROM seed_view')).toHaveLength(3);
        expect((await runCli(['check', '--dir', dir, '--url', db.url])).code).toBe(0);
      } finally {
        await conn.close();
      }
    });
  }
});
