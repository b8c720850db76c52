// A database worth reporting on: the Asterisk pack at head, voicemail taken back two steps with
// a row in voicemail_messages (so the pending plan drops a column holding rows), a column added
// by hand to ps_aors (drift), and a directory set whose second migration failed once and was
// resumed after the fix (failures and resumes in the history).

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  downgrade,
  loadDirectorySet,
  loadPack,
  status,
  upgrade,
  type Connection,
  type ScriptSet,
} from '../../src/index.js';
import { ROOT } from '../helpers/cli.js';

export const ARTIFACTS = join(ROOT, 'test', 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

/** Every table the Asterisk pack's sets create at head, and their version tables. */
export async function asteriskTables(conn: Connection): Promise<string[]> {
  const sets = await asteriskSets();
  const states = await status(conn, sets);
  const tables = states.flatMap((st) => Object.keys(st.rendered.at(-1)!.modelAfter.tables));
  return [...new Set([...tables, ...sets.flatMap((s) => (s.versionRecords ?? []).map((v) => v.name))])].sort();
}

export const VOICEMAIL_BACK_TO = '39428242f7f5';

export async function asteriskSets(): Promise<ScriptSet[]> {
  return (await loadPack('asterisk')).sets();
}

/** Build the fixture on `conn`; returns every set involved (Asterisk's four and the directory set). */
export async function buildFixture(conn: Connection): Promise<{ sets: ScriptSet[]; dir: string }> {
  const ast = await asteriskSets();
  await upgrade(conn, ast);
  await downgrade(conn, ast, `asterisk/voicemail@${VOICEMAIL_BACK_TO}`);
  await conn.exec(
    "INSERT INTO voicemail_messages (dir, msgnum, macrocontext) VALUES ('/var/spool/asterisk/voicemail/default/1000/INBOX', 1, 'from-internal')",
  );
  await conn.exec('ALTER TABLE ps_aors ADD COLUMN drift_probe varchar(10)');

  const dir = join(mkdtempSync(join(tmpdir(), 'voipdb-report-')), 'site');
  mkdirSync(dir);
  writeFileSync(join(dir, 'V1__notes.sql'), 'CREATE TABLE site_notes (id integer PRIMARY KEY, note varchar(80));\n');
  // Its first statement succeeds: where DDL is not transactional (MariaDB) the run records it,
  // and the fixed migration resumes at the second.
  const v2 = 'CREATE TABLE site_more (id integer PRIMARY KEY);\n';
  writeFileSync(join(dir, 'V2__seed.sql'), v2 + 'INSERT INTO missing_table VALUES (1);\n');
  await upgrade(conn, [await loadDirectorySet(dir)]).then(
    () => {
      throw new Error('the broken migration should have failed');
    },
    () => undefined,
  );
  // The admin takes a moment to fix it (a resumed MySQL row is told by the gap it spans).
  await new Promise((r) => setTimeout(r, 1500));
  writeFileSync(join(dir, 'V2__seed.sql'), v2 + "INSERT INTO site_notes (id, note) VALUES (1, 'fixed');\n");
  const site = await loadDirectorySet(dir);
  await upgrade(conn, [site]);
  return { sets: [...ast, site], dir };
}
