// The normalised form diff compares in, without a database: spellings the servers give back.

import { describe, expect, test } from 'vitest';
import { diffModels } from '../../src/schema/diff.js';
import { defaultFromSql } from '../../src/schema/introspect/common.js';
import { parseMysqlType } from '../../src/schema/introspect/mysql.js';
import { parsePgType } from '../../src/schema/introspect/postgres.js';
import { normalDefault, normalType } from '../../src/schema/normalize.js';
import { col, expr, t, value } from '../../src/schema/operations.js';
import { emptyModel, type Column, type Model } from '../../src/schema/types.js';

const one = (columns: Column[], extra: Partial<Model['tables'][string]> = {}): Model => ({
  ...emptyModel(),
  tables: { t: { name: 't', columns, uniques: [], foreignKeys: [], checks: [], ...extra } },
});

describe('normalised types', () => {
  test('server spellings parse back to the kinds the renderers wrote', () => {
    expect(normalType('postgres', col('a', parsePgType('character varying(80)')))).toBe(
      normalType('postgres', col('a', t.string(80))),
    );
    expect(normalType('mysql', col('a', parseMysqlType('int(11)')))).toBe(normalType('mysql', col('a', t.integer())));
    expect(normalType('mysql', col('a', parseMysqlType('tinyint(1)')))).toBe(
      normalType('mysql', col('a', t.boolean())),
    );
    expect(normalType('mysql', col('a', parseMysqlType('longblob')))).toBe(
      normalType('mysql', col('a', t.blob(4294967295))),
    );
    expect(normalType('mysql', col('a', t.custom({ mysql: 'INT(10) UNSIGNED' })))).toBe('int unsigned');
    expect(parseMysqlType("enum('yes','no')")).toEqual({ kind: 'enum', name: '', values: ['yes', 'no'] });
  });
});

describe('normalised defaults', () => {
  test('casts, quotes, numbers, booleans and now() agree', () => {
    const e = col('a', t.enum('yes_no_values', ['yes', 'no']));
    expect(normalDefault('postgres', e, defaultFromSql("'yes'::yes_no_values"))).toBe(
      normalDefault('postgres', e, value('yes')),
    );
    const n = col('q', t.numeric(10, 2));
    expect(normalDefault('mysql', n, defaultFromSql('1.00'))).toBe(normalDefault('mysql', n, value('1.0')));
    const b = col('f', t.boolean());
    expect(normalDefault('mysql', b, defaultFromSql('0'))).toBe(normalDefault('mysql', b, value(false)));
    const ts = col('ts', t.timestamp());
    expect(normalDefault('mysql', ts, defaultFromSql('current_timestamp()'))).toBe(
      normalDefault('postgres', ts, expr('now()')),
    );
    expect(defaultFromSql('NULL::character varying')).toBeUndefined();
    expect(defaultFromSql("'it''s'::text")).toEqual({ value: "it's" });
  });
});

describe('diffModels', () => {
  test('a custom SERIAL key reads back as auto-increment integer', () => {
    const exp = one([col('id', t.custom({ postgres: 'SERIAL' }), { nullable: false })], {
      primaryKey: { columns: ['id'] },
    });
    const act = one([col('id', t.integer(), { nullable: false, autoIncrement: true })], {
      primaryKey: { columns: ['id'] },
    });
    expect(diffModels(exp, act, 'postgres')).toEqual([]);
    expect(
      diffModels(
        exp,
        one([col('id', t.integer(), { nullable: false })], { primaryKey: { columns: ['id'] } }),
        'postgres',
      ).map((d) => d.kind),
    ).toEqual(['default']);
  });
  test('each kind of column drift has its message', () => {
    const exp = one([col('accountcode', t.string(80)), col('n', t.integer(), { nullable: false, default: value(0) })]);
    const act = one([
      col('accountcode', t.string(20)),
      col('n', t.integer(), { default: value(1) }),
      col('x', t.text()),
    ]);
    expect(diffModels(exp, act, 'postgres').map((d) => d.message)).toEqual([
      'column t.accountcode: type varchar(20), expected varchar(80)',
      'column t.n: nullable, expected NOT NULL',
      'column t.n: default 1, expected 0',
      'column t.x: not expected (extra)',
    ]);
  });
});
