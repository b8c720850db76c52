// voipdb's own tables are model tables: on every back-end, what the renderers create reads back
// (introspection) as the model says, compared by the same drift check `voipdb diff` uses.

import { afterAll, describe, expect, it } from 'vitest';
import { PROGRESS } from '../../src/convert/progress.js';
import { REJECTS } from '../../src/convert/rejects.js';
import { dialectOf } from '../../src/dialect/index.js';
import { HISTORY } from '../../src/engine/history.js';
import { LOCK } from '../../src/engine/lease-lock.js';
import { ensureOwnTables } from '../../src/engine/own-tables.js';
import { SCHEMA_RECORD } from '../../src/engine/schema-record.js';
import { SET_OPTIONS } from '../../src/engine/set-options.js';
import { diffModels } from '../../src/schema/diff.js';
import { introspect } from '../../src/schema/introspect/index.js';
import { createOwnTable } from '../../src/schema/own-table.js';
import { emptyModel } from '../../src/schema/types.js';
import { ALL_BACKENDS, available, freshDb, type TestDb } from '../helpers/backends.js';

const TABLES = [HISTORY, SET_OPTIONS, LOCK, PROGRESS, REJECTS, SCHEMA_RECORD];

for (const backend of ALL_BACKENDS) {
  describe.skipIf(!(await available(backend)))(`voipdb's own tables on ${backend}`, () => {
    let db: TestDb | undefined;
    afterAll(async () => db?.drop());

    it('are created as their models say, and creating them again changes nothing', async () => {
      db = await freshDb(backend, 'vt_own');
      const conn = await db.connect();
      try {
        const dialect = dialectOf(conn.dialect);
        await ensureOwnTables(conn, dialect);
        for (const t of TABLES.slice(2)) await conn.exec(createOwnTable(conn.dialect, t));
        for (const t of TABLES) await conn.exec(createOwnTable(conn.dialect, t));
        const expected = emptyModel();
        for (const t of TABLES) expected.tables[t.name] = t;
        const actual = await introspect(conn, { tables: TABLES.map((t) => t.name) });
        expect(Object.keys(actual.tables).sort()).toEqual(TABLES.map((t) => t.name).sort());
        // The history's columns, in the order `SELECT *` has always returned them.
        expect(actual.tables.voipdb_history!.columns.map((c) => c.name)).toEqual(
          'id set_name version description kind script checksum installed_by started_at finished_at duration_ms state statements_done done_hash error'.split(
            ' ',
          ),
        );
        expect(diffModels(expected, actual, conn.dialect).map((d) => d.message)).toEqual([]);
      } finally {
        await conn.close();
      }
    });
  });
}
