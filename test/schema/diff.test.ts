// Drift made by hand is found, kind by kind; an untouched database has none.

import { afterAll, describe, expect, test } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { diffModels, type Difference } from '../../src/schema/diff.js';
import { introspect } from '../../src/schema/introspect/index.js';
import type { Model } from '../../src/schema/types.js';
import { ALL_BACKENDS, available, freshDb, type TestDb } from '../helpers/backends.js';
import { createEverything, naming } from '../fixtures/schema/every-operation.js';
import { applyOps } from './helpers.js';

/** Hand-made changes, spelled per dialect. */
const drift: Record<string, Record<'postgres' | 'mysql' | 'sqlite', string>> = {
  dropColumn: {
    postgres: 'ALTER TABLE cdr DROP COLUMN small',
    mysql: 'ALTER TABLE cdr DROP COLUMN small',
    sqlite: 'ALTER TABLE cdr DROP COLUMN small',
  },
  changeType: {
    postgres: 'ALTER TABLE cdr ALTER COLUMN accountcode TYPE VARCHAR(80)',
    mysql: 'ALTER TABLE cdr MODIFY accountcode VARCHAR(80)',
    // SQLite cannot retype in place: a hand-made rebuild, as a DBA would do it.
    sqlite:
      'ALTER TABLE cdr RENAME COLUMN accountcode TO old_ac; ALTER TABLE cdr ADD COLUMN accountcode VARCHAR(80); UPDATE cdr SET accountcode = old_ac; DROP INDEX ix_cdr_accountcode; DROP INDEX cdr_note_prefix; ALTER TABLE cdr DROP COLUMN old_ac; CREATE INDEX ix_cdr_accountcode ON cdr (accountcode); CREATE INDEX cdr_note_prefix ON cdr (accountcode, note)',
  },
  dropIndex: {
    postgres: 'DROP INDEX ix_cdr_accountcode',
    mysql: 'DROP INDEX ix_cdr_accountcode ON cdr',
    sqlite: 'DROP INDEX ix_cdr_accountcode',
  },
  addTable: {
    postgres: 'CREATE TABLE sneaky (id INTEGER)',
    mysql: 'CREATE TABLE sneaky (id INT)',
    sqlite: 'CREATE TABLE sneaky (id INTEGER)',
  },
  dropNotNull: {
    postgres: 'ALTER TABLE cdr ALTER COLUMN duration DROP NOT NULL',
    mysql: 'ALTER TABLE cdr MODIFY duration INT NULL DEFAULT 0',
    sqlite: '',
  },
  changeDefault: {
    postgres: "ALTER TABLE ps_endpoints ALTER COLUMN direct_media SET DEFAULT 'no'",
    mysql: "ALTER TABLE ps_endpoints ALTER COLUMN direct_media SET DEFAULT 'no'",
    sqlite: '',
  },
  dropFk: {
    postgres: 'ALTER TABLE cdr DROP CONSTRAINT fk_cdr_endpoint_ps_endpoints',
    mysql: 'ALTER TABLE cdr DROP FOREIGN KEY fk_cdr_endpoint_ps_endpoints',
    sqlite: '',
  },
  addEnumLabel: {
    postgres: "ALTER TYPE yes_no_values ADD VALUE 'maybe'",
    mysql: "ALTER TABLE ps_endpoints MODIFY direct_media ENUM('yes','no','maybe') DEFAULT 'yes'",
    sqlite: '',
  },
  addIndex: {
    postgres: 'CREATE INDEX extra_ix ON cdr (duration)',
    mysql: 'CREATE INDEX extra_ix ON cdr (duration)',
    sqlite: 'CREATE INDEX extra_ix ON cdr (duration)',
  },
  dropView: { postgres: '', mysql: '', sqlite: '' },
};

const expectedKinds: Record<string, { kind: Difference['kind']; message: RegExp }> = {
  dropColumn: { kind: 'missing-column', message: /^column cdr\.small: missing$/ },
  changeType: { kind: 'type', message: /^column cdr\.accountcode: type varchar\(80\), expected varchar\(20\)$/ },
  dropIndex: { kind: 'missing-index', message: /^index ix_cdr_accountcode on cdr\(accountcode\): missing$/ },
  addTable: { kind: 'extra-table', message: /^table sneaky: not expected \(extra\)$/ },
  dropNotNull: { kind: 'nullability', message: /^column cdr\.duration: nullable, expected NOT NULL$/ },
  changeDefault: { kind: 'default', message: /^column ps_endpoints\.direct_media: default 'no', expected 'yes'$/ },
  dropFk: {
    kind: 'missing-constraint',
    message: /^table cdr: foreign key .*\(endpoint\) -> ps_endpoints\(id\) ON DELETE CASCADE .*missing$/,
  },
  addEnumLabel: { kind: 'enum-labels', message: /yes, no, maybe/ },
  addIndex: { kind: 'extra-index', message: /^index extra_ix on cdr\(duration\): not expected \(extra\)$/ },
};

for (const b of ALL_BACKENDS) {
  describe.skipIf(!(await available(b)))(`diff on ${b}`, () => {
    const dbs: TestDb[] = [];
    afterAll(async () => {
      for (const d of dbs) await d.drop();
    });
    async function fresh(): Promise<{ conn: Connection; model: Model }> {
      const db = await freshDb(b, 'vt_diff');
      dbs.push(db);
      const conn = await db.connect();
      return { conn, model: await applyOps(conn, createEverything, undefined, naming) };
    }

    test('an untouched database has no difference', async () => {
      const { conn, model } = await fresh();
      try {
        expect(diffModels(model, await introspect(conn), conn.dialect)).toEqual([]);
      } finally {
        await conn.close();
      }
    });

    for (const [change, sql] of Object.entries(drift)) {
      const dialect = b === 'mariadb' ? 'mysql' : b === 'pglite' ? 'postgres' : b;
      const exp = expectedKinds[change];
      if (!sql[dialect] || !exp) continue;
      test(`finds ${change}`, async () => {
        const { conn, model } = await fresh();
        try {
          await conn.exec(sql[dialect]);
          const diffs = diffModels(model, await introspect(conn), conn.dialect);
          const kind = exp.kind === 'enum-labels' && dialect !== 'postgres' ? 'type' : exp.kind;
          const message =
            exp.kind === 'enum-labels' && dialect !== 'postgres'
              ? /^column ps_endpoints\.direct_media: type enum\(yes,no,maybe\), expected enum\(yes,no\)$/
              : exp.message;
          expect(diffs.map((d) => d.kind)).toEqual([kind]);
          expect(diffs[0]!.message).toMatch(message);
        } finally {
          await conn.close();
        }
      });
    }

    test('a missing view and a missing table are reported', async () => {
      const { conn, model } = await fresh();
      try {
        const withView = await applyOps(
          conn,
          (op) => {
            op.createView('cdr_v', 'SELECT id FROM cdr');
            op.createTable('later', [{ name: 'id', type: { kind: 'integer' } }]);
          },
          model,
        );
        await conn.exec('DROP VIEW cdr_v');
        await conn.exec('DROP TABLE later');
        const diffs = diffModels(withView, await introspect(conn), conn.dialect);
        expect(diffs.map((d) => d.message)).toEqual(['table later: missing', 'view cdr_v: missing']);
      } finally {
        await conn.close();
      }
    });
  });
}
