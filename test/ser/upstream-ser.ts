// SER's own create scripts, run as their tools ran them, for the oracle fixtures:
// - 0.9: the SQL inside `ser_mysql.sh create` (rel_0_9_0), with the shell variables it sets and
//   the spellings MariaDB no longer takes said the modern way (the same, and only the same,
//   changes the ser-0.9 pack documents);
// - 2.0: my_create.sql + my_data.sql (mysql client, stops at an error) and pg_create.sql +
//   pg_data.sql (psql without ON_ERROR_STOP: an error is printed and the script goes on).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from '../../src/db/connection.js';
import { runScript, UPSTREAM_DIR } from '../kamailio/upstream.js';

export const SER09_SCRIPT = join(UPSTREAM_DIR, 'ser-0.9', 'ser_mysql.sh');
export const SER20_DIR = join(UPSTREAM_DIR, 'ser-2.0');
export const haveSer09 = existsSync(SER09_SCRIPT);
export const haveSer20 = existsSync(join(SER20_DIR, 'my_create.sql'));

/** The CREATE/INSERT statements of `ser_create` in ser_mysql.sh, for MariaDB of today. */
export function ser09CreateSql(): string {
  const sh = readFileSync(SER09_SCRIPT, 'utf8');
  const body = /ser_create \(\)[\s\S]*?sql_query <<EOF\n([\s\S]*?)\nEOF/.exec(sh)![1]!;
  const vars: Record<string, string> = {
    USERCOL: 'username',
    TABLE_TYPE: '', // was TYPE=MyISAM: see the ser-0.9 pack's notes
    DEFAULT_ALIASES_EXPIRES: '2020-05-28 21:32:15',
    DEFAULT_LOCATION_EXPIRES: '2020-05-28 21:32:15',
    DEFAULT_Q: '1.0',
    DEFAULT_CALLID: 'Default-Call-ID',
    DEFAULT_CSEQ: '42',
    INITIAL_USER: '', // no default admin/heslo account
  };
  return (
    body
      .split('\n')
      .filter((l) => !/^\s*#/.test(l) && !/^(create database|use) \$1;/.test(l) && !/^GRANT /.test(l))
      .join('\n')
      .replace(/\$\{?(\w+)\}?/g, (m, v: string) => (v in vars ? vars[v]! : m))
      // MySQL 4's first TIMESTAMP column auto-initialises and auto-updates; say it explicitly
      .replace(
        /timestamp\(14\)( NOT NULL)?/g,
        'timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP',
      )
  );
}

export async function ser09Create(conn: Connection): Promise<void> {
  await runScript(conn, ser09CreateSql());
}

/** Returns the statements the platform's tool failed on (psql goes on after an error). */
export async function ser20Create(conn: Connection): Promise<string[]> {
  const [create, data] =
    conn.dialect === 'postgres' ? ['pg_create.sql', 'pg_data.sql'] : ['my_create.sql', 'my_data.sql'];
  const continueOnError = conn.dialect === 'postgres';
  const errors = await runScript(conn, readFileSync(join(SER20_DIR, create), 'utf8'), { continueOnError });
  errors.push(...(await runScript(conn, readFileSync(join(SER20_DIR, data), 'utf8'), { continueOnError })));
  return errors;
}

export const SER20_SEED_TABLES = ['attr_types', 'global_attrs', 'i18n'];
