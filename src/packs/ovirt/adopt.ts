// Take over a database made by oVirt's own schema.sh: read schema_version into voipdb's history
// without running anything. schema_version itself is left exactly as it is.

import { VoipdbError } from '../../core/errors.js';
import type { Connection } from '../../db/connection.js';
import { dialectOf } from '../../dialect/index.js';
import { checksum } from '../../engine/checksum.js';
import { insertRowSql, isApplied, type HistoryState, readHistory, recordedTimes } from '../../engine/history.js';
import { ensureOwnTables } from '../../engine/own-tables.js';
import type { ScriptSet } from '../../engine/types.js';
import { readSchemaVersion } from './schema-version.js';
import { md5 } from './tree.js';

export interface AdoptResult {
  set: string;
  /** The version schema_version flags current. */
  current: string;
  /** History rows written: applied (INSTALLED), skipped (SKIPPED or older than the database). */
  applied: number;
  skipped: number;
  /** Scripts whose text changed since schema_version recorded them (md5 differs): not checked for edits. */
  editedSinceInstall: string[];
}

export async function adoptOvirt(conn: Connection, set: ScriptSet): Promise<AdoptResult> {
  const dialect = dialectOf(conn.dialect);
  const rows = (await readSchemaVersion(conn)).filter((r) => r.state === 'INSTALLED' || r.state === 'SKIPPED');
  const currentRow = rows.find((r) => r.current) ?? rows.at(-1);
  if (!currentRow) {
    throw new VoipdbError('refused', 'schema_version holds no INSTALLED row: nothing to adopt', {
      where: conn.target.display,
      hint: 'voipdb upgrade --pack ovirt installs the schema from scratch',
    });
  }
  const current = currentRow.version;
  await ensureOwnTables(conn, dialect);
  if (
    (await readHistory(conn, dialect)).some(
      (r) => r.set_name === set.name && (r.kind === 'versioned' || r.kind === 'baseline') && isApplied(r),
    )
  ) {
    throw new VoipdbError(
      'refused',
      `set ${set.name} already has voipdb history in this database: it was adopted before`,
      { where: conn.target.display, hint: `voipdb status --pack ovirt` },
    );
  }

  // A recorded md5 names the text that was installed: voipdb's checksum is taken over the file with that md5.
  const byMd5 = new Map<string, string>();
  const textOf = (m: ScriptSet['migrations'][number]) => {
    const sql = (m.up as { sql?: unknown }).sql;
    return typeof sql === 'string' ? sql : undefined;
  };
  for (const m of set.migrations) {
    const t = textOf(m);
    if (t !== undefined && m.kind === 'versioned') byMd5.set(md5(t), checksum(t));
  }
  const versioned = set.migrations.filter((m) => m.kind === 'versioned');
  const baseline = set.migrations.find((m) => m.kind === 'baseline');
  const byVersion = new Map(rows.map((r) => [r.version, r]));
  const editedSinceInstall: string[] = [];
  let applied = 0;
  let skipped = 0;

  const insert = (v: {
    version: string | null;
    kind: string;
    script: string;
    description: string;
    checksum: string | null;
    installedBy: string;
    started: string | null;
    ended: string | null;
    state: HistoryState;
  }) =>
    conn.exec(
      insertRowSql(dialect, {
        set: set.name,
        version: v.version,
        description: v.description,
        kind: v.kind,
        script: v.script,
        checksum: v.checksum,
        installedBy: v.installedBy,
        startedAt: v.started,
        state: v.state,
        times: recordedTimes(dialect, v.started, v.ended),
      }),
    );

  await conn.exec('BEGIN');
  try {
    // The base stands for everything at or below its version.
    if (baseline && baseline.version <= current) {
      const seed = byVersion.get(baseline.version);
      await insert({
        version: baseline.version,
        kind: 'baseline',
        script: baseline.script,
        description: 'adopted: base installed by oVirt tooling',
        checksum: null,
        installedBy: seed?.installed_by ?? 'adopted',
        started: seed?.started_at ?? null,
        ended: seed?.ended_at ?? null,
        state: 'stamped',
      });
    }
    for (const m of versioned) {
      if (m.version > current) continue;
      const r = byVersion.get(m.version);
      if (!r) {
        // schema.sh never runs a script older than the database: neither will voipdb
        await insert({
          version: m.version,
          kind: 'versioned',
          script: m.script,
          description: `${m.description} (older than the database when adopted: not run)`,
          checksum: null,
          installedBy: 'adopted',
          started: null,
          ended: null,
          state: 'skipped',
        });
        skipped++;
        continue;
      }
      const known = r.checksum ? byMd5.get(r.checksum) : undefined;
      const t = textOf(m);
      if (r.state === 'INSTALLED' && t !== undefined && r.checksum && md5(t) !== r.checksum)
        editedSinceInstall.push(m.script);
      const isSkipped = r.state === 'SKIPPED' || (m.dialects !== undefined && m.dialects.length === 0);
      await insert({
        version: m.version,
        kind: 'versioned',
        script: m.script,
        description: m.description,
        checksum: isSkipped ? null : (known ?? null),
        installedBy: r.installed_by,
        started: r.started_at,
        ended: r.ended_at,
        state: isSkipped ? 'skipped' : 'applied',
      });
      if (isSkipped) skipped++;
      else applied++;
    }
    // Views and procedures are taken as the tree has them: the database is adopted as it is.
    for (const m of set.migrations.filter((x) => x.kind === 'repeatable')) {
      const t = textOf(m);
      if (t !== undefined)
        await insert({
          version: null,
          kind: 'repeatable',
          script: m.script,
          description: `${m.description} (adopted)`,
          checksum: checksum(t),
          installedBy: currentRow.installed_by,
          started: currentRow.started_at,
          ended: currentRow.ended_at,
          state: 'applied',
        });
    }
    await conn.exec('COMMIT');
  } catch (e) {
    await conn.exec('ROLLBACK').catch(() => {});
    throw e;
  }
  return { set: set.name, current, applied, skipped, editedSinceInstall };
}
