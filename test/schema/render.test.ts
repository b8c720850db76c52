// Rendering without a database: golden files of the offline SQL, determinism, naming
// conventions, quoting and literals.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { expandTemplate } from '../../src/schema/naming.js';
import { Ops, col, t, value } from '../../src/schema/operations.js';
import { renderOperations, renderScript, renderers } from '../../src/schema/render/index.js';
import { emptyModel } from '../../src/schema/types.js';
import { everyOperation, naming } from '../fixtures/schema/every-operation.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/schema/golden');
const DIALECTS = ['postgres', 'mysql', 'sqlite'] as const;

function script(dialect: (typeof DIALECTS)[number]): string {
  const op = new Ops(dialect);
  everyOperation(op);
  return renderScript(dialect, renderOperations(dialect, op.list, emptyModel(), naming).statements);
}

describe('offline SQL', () => {
  for (const d of DIALECTS) {
    test(`${d}: matches the golden file (UPDATE_GOLDEN=1 rewrites it)`, () => {
      const file = join(GOLDEN, `${d}.sql`);
      const sql = script(d);
      if (process.env.UPDATE_GOLDEN === '1') {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(file, sql);
      }
      expect(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/schema`).toBe(true);
      expect(sql).toBe(readFileSync(file, 'utf8'));
    });
    test(`${d}: the same operations render the same bytes`, () => {
      expect(script(d)).toBe(script(d));
    });
  }
});

describe('naming conventions', () => {
  test('alembic tokens', () => {
    const p = {
      table: 'cdr',
      columns: ['accountcode', 'uniqueid'],
      refTable: 'ps_endpoints',
      refColumns: ['id'],
      name: 'positive',
    };
    expect(expandTemplate('pk_%(table_name)s', p)).toBe('pk_cdr');
    expect(expandTemplate('uq_%(table_name)s_%(column_0_name)s', p)).toBe('uq_cdr_accountcode');
    expect(expandTemplate('ix_%(column_0_label)s', p)).toBe('ix_cdr_accountcode');
    expect(expandTemplate('uq_%(table_name)s_%(column_0_N_name)s', p)).toBe('uq_cdr_accountcode_uniqueid');
    expect(expandTemplate('fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s', p)).toBe(
      'fk_cdr_accountcode_ps_endpoints',
    );
    expect(expandTemplate('ck_%(table_name)s_%(constraint_name)s', p)).toBe('ck_cdr_positive');
    expect(expandTemplate('ck_%(table_name)s_%(constraint_name)s', { ...p, name: undefined })).toBeUndefined();
  });
  test('unnamed constraints and indexes get names; named ones keep theirs', () => {
    const op = new Ops('postgres');
    op.createTable('t', [col('id', t.integer(), { primaryKey: true }), col('a', t.string(10), { unique: true })]);
    op.createIndex('', 't', ['a']);
    op.addUnique('t', ['id', 'a'], 'mine');
    const r = renderOperations('postgres', op.list, emptyModel(), {
      pk: 'pk_%(table_name)s',
      uq: 'uq_%(table_name)s_%(column_0_name)s',
      ix: 'ix_%(column_0_label)s',
    });
    const sql = r.statements.map((s) => s.sql).join('\n');
    expect(sql).toContain('CONSTRAINT pk_t PRIMARY KEY (id)');
    expect(sql).toContain('CONSTRAINT uq_t_a UNIQUE (a)');
    expect(sql).toContain('CREATE INDEX ix_t_a ON t (a)');
    expect(sql).toContain('ADD CONSTRAINT mine UNIQUE (id, a)');
    expect(r.model.tables.t!.uniques.map((u) => u.name)).toEqual(['uq_t_a', 'mine']);
  });
});

describe('quoting and literals', () => {
  test('reserved words and mixed case are quoted, plain names are not', () => {
    expect(renderers.postgres.q('end')).toBe('"end"');
    expect(renderers.mysql.q('position')).toBe('`position`');
    expect(renderers.sqlite.q('time')).toBe('"time"');
    expect(renderers.postgres.q('Name')).toBe('"Name"');
    expect(renderers.postgres.q('accountcode')).toBe('accountcode');
    expect(renderers.mysql.q('we`ird')).toBe('`we``ird`');
  });
  test('string literals are escaped per dialect', () => {
    const s = "it's \\ here";
    expect(renderers.postgres.str(s)).toBe("'it''s \\ here'");
    expect(renderers.mysql.str(s)).toBe("'it''s \\\\ here'");
    expect(renderers.sqlite.str(s)).toBe("'it''s \\ here'");
  });
  test('idempotent seed rows per dialect', () => {
    const op = new Ops('postgres');
    op.createTable('t', [
      col('id', t.integer(), { primaryKey: true }),
      col('on', t.boolean(), { default: value(true) }),
    ]);
    op.insertRows('t', [{ id: 1, on: true }]);
    const last = (d: (typeof DIALECTS)[number]) => renderOperations(d, op.list, emptyModel()).statements.at(-1)!.sql;
    expect(last('postgres')).toBe('INSERT INTO t (id, "on") VALUES\n    (1, TRUE)\nON CONFLICT DO NOTHING');
    expect(last('mysql')).toBe('INSERT IGNORE INTO t (id, `on`) VALUES\n    (1, 1)');
    expect(last('sqlite')).toBe('INSERT OR IGNORE INTO t (id, "on") VALUES\n    (1, 1)');
  });
  test('raw sql: per dialect, default, skipped when absent', () => {
    const op = new Ops('postgres');
    op.sql({ postgres: 'SELECT 1', default: 'SELECT 2' });
    op.sql({ mysql: 'SELECT 3' });
    expect(renderOperations('postgres', op.list, emptyModel()).statements.map((s) => s.sql)).toEqual(['SELECT 1']);
    expect(renderOperations('sqlite', op.list, emptyModel()).statements.map((s) => s.sql)).toEqual(['SELECT 2']);
    expect(renderOperations('mysql', op.list, emptyModel()).statements.map((s) => s.sql)).toEqual([
      'SELECT 2',
      'SELECT 3',
    ]);
  });
  test('CONCURRENTLY is not transactional; MySQL BLOB(n) and enum spelling', () => {
    const op = new Ops('postgres');
    op.createTable('t', [
      col('id', t.integer()),
      col('b', t.blob(4294967295)),
      col('e', t.enum('e_values', ['a', 'b'])),
    ]);
    op.createIndex('t_id', 't', ['id'], { concurrently: true });
    const pg = renderOperations('postgres', op.list, emptyModel()).statements;
    expect(pg[0]!.sql).toBe("CREATE TYPE e_values AS ENUM ('a', 'b')");
    expect(pg.at(-1)).toEqual({ sql: 'CREATE INDEX CONCURRENTLY t_id ON t (id)', transactional: false });
    const my = renderOperations('mysql', op.list, emptyModel())
      .statements.map((s) => s.sql)
      .join('\n');
    expect(my).toContain('b BLOB(4294967295)');
    expect(my).toContain("e ENUM('a', 'b')");
    const sq = renderOperations('sqlite', op.list, emptyModel())
      .statements.map((s) => s.sql)
      .join('\n');
    expect(sq).toContain("e VARCHAR(1) CHECK (e IN ('a', 'b'))");
  });
});
