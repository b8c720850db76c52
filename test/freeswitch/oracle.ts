// FreeSWITCH's own DDL (test/fixtures/freeswitch/*.sql, extracted from its source) applied the way
// FreeSWITCH applies it: a failing CREATE INDEX is ignored (switch_cache_db_create_schema), and a
// `channels` too wide for the row-size limit falls back to the row-size-limited variant (what
// mod_mariadb does). Returns the failures FreeSWITCH would have tolerated.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from '../../src/db/connection.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'freeswitch');

export function fixtureStatements(file: string): string[] {
  const text = readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('--'))
    .join('\n');
  return text
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function applyFreeswitchDdl(conn: Connection, file: 'core.sql' | 'callcenter.sql'): Promise<string[]> {
  const tolerated: string[] = [];
  for (const sql of fixtureStatements(file)) {
    try {
      await conn.exec(sql);
    } catch (e) {
      const head = sql.split('\n')[0]!.trim();
      if (/^create index/i.test(sql)) tolerated.push(head);
      else if (/^CREATE TABLE channels/.test(sql)) {
        tolerated.push(head);
        await conn.exec(fixtureStatements('core-channels-row-size-limited.sql')[0]!);
      } else
        throw new Error(`FreeSWITCH DDL failed on ${conn.dialect}: ${head}: ${(e as Error).message}`, { cause: e });
    }
  }
  return tolerated;
}
