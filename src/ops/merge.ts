// `merge`: fold one database into another, as XiVO 14.08 folded `xivo` into `asterisk` with
// pg-merge-db (pg_dump xivo | psql asterisk, every object given to asterisk, then xivo and its
// role dropped). Conflicts (an object in both) are found and reported before anything moves; the
// source is removed only after the merged database is verified (same row count in every moved
// table) and only when asked.

import { VoipdbError } from '../core/errors.js';
import { silent, type EventSink } from '../core/events.js';
import type { Connection } from '../db/connection.js';
import { appendHistoryOf, HISTORY_TABLE } from '../engine/history.js';
import { isOwnTable } from '../schema/own-table.js';
import { catalogOf, countAll } from './catalog.js';
import { movers, type MergeObject } from './merge/movers.js';

export type { MergeObject } from './merge/movers.js';

// voipdb's own tables (and their sequences) are never moved: the target keeps its own;
// the source's history rows are appended to the target's.

export interface MergeOptions {
  /** Remove the source database once the merged one is verified (closes `from`). */
  dropSource?: boolean;
  /** PostgreSQL: the role that owns every moved object (default: the target database's owner). */
  owner?: string;
  /** PostgreSQL: after dropping the source, DROP OWNED BY and DROP ROLE this role (pg-merge-db drops xivo). */
  dropRole?: string;
  /** A source whose every table is already in the target with the same rows counts as merged (resume). */
  resume?: boolean;
  events?: EventSink;
}

export interface MergeResult {
  moved: { table: string; rows: number }[];
  objects: MergeObject[];
  /** true when a previous run had moved everything already (resume). */
  alreadyMerged: boolean;
  sourceDropped: boolean;
  roleDropped: boolean;
  durationMs: number;
}

/** Objects of `from` that `into` has too: a merge would fail on them. */
export async function mergeConflicts(into: Connection, from: Connection): Promise<MergeObject[]> {
  requireSameKind(into, from);
  const mover = movers[from.dialect];
  const theirs = (await mover.objects(from)).filter((o) => !isOwnTable(o.name));
  const ours = new Set((await mover.objects(into)).map((o) => `${o.kind}:${o.name}`));
  return theirs.filter((o) => ours.has(`${o.kind}:${o.name}`));
}

function requireSameKind(into: Connection, from: Connection): void {
  if (into.dialect !== from.dialect) {
    throw new VoipdbError('usage', `cannot merge a ${from.dialect} database into a ${into.dialect} one`, {
      hint: 'use voipdb convert to move data across database kinds',
    });
  }
  if (into.driver === 'pglite' || from.driver === 'pglite') {
    throw new VoipdbError(
      'usage',
      'merge works on PostgreSQL servers, MySQL/MariaDB and SQLite files, not on embedded PGlite databases',
      { hint: 'convert the PGlite database into a server first (voipdb convert)' },
    );
  }
  if (into.target.display === from.target.display) {
    throw new VoipdbError('usage', 'the source and the target are the same database', {
      hint: 'voipdb merge --from <old-db-url> --into <db-url>',
    });
  }
}

export async function merge(into: Connection, from: Connection, opts: MergeOptions = {}): Promise<MergeResult> {
  const events = opts.events ?? silent;
  const started = Date.now();
  requireSameKind(into, from);
  const mover = movers[from.dialect];
  const allTables = await catalogOf(from).tables(from);
  const sourceTables = allTables.filter((t) => !isOwnTable(t));
  const all = await mover.objects(from);
  const objects = all.filter((o) => !isOwnTable(o.name));
  const own = [...new Set([...allTables, ...all.map((o) => o.name)].filter(isOwnTable))];
  const expected = await countAll(from, sourceTables);

  let alreadyMerged = false;
  const conflicts = await mergeConflicts(into, from);
  if (conflicts.length) {
    const intoTables = new Set(await catalogOf(into).tables(into));
    if (opts.resume && sourceTables.every((t) => intoTables.has(t)) && (await countsMatch(into, expected))) {
      alreadyMerged = true;
      events({
        type: 'log',
        level: 'info',
        message: `every table of ${from.target.display} is already in ${into.target.display} with the same rows: not moving anything again`,
      });
    } else {
      const list = conflicts.map((c) => `${c.kind} ${c.name}`);
      throw new VoipdbError(
        'refused',
        `${conflicts.length} object(s) exist in both databases: ${list.slice(0, 8).join(', ')}${list.length > 8 ? ', ...' : ''}; nothing was moved`,
        {
          where: `${from.target.display} -> ${into.target.display}`,
          hint: 'rename or drop them on one side (voipdb merge --check lists them all), then run merge again',
          conflicts,
        },
      );
    }
  }

  if (!alreadyMerged) {
    events({
      type: 'log',
      level: 'info',
      message: `moving ${sourceTables.length} tables and ${objects.length - sourceTables.length} other objects`,
    });
    await mover.move(into, from, { exclude: own, owner: opts.owner, objects });
    await appendHistory(into, from);
  }

  // Verify before anything is removed: every moved table has the source's row count.
  const got = await countAll(into, sourceTables);
  const wrong = sourceTables.filter((t) => got.get(t) !== expected.get(t));
  if (wrong.length) {
    throw new VoipdbError(
      'integrity',
      `the merged database differs from the source in ${wrong.length} table(s): ${wrong
        .slice(0, 5)
        .map((t) => `${t} (${got.get(t) ?? 'missing'} rows, source ${expected.get(t)})`)
        .join(', ')}; the source was kept`,
      {
        where: into.target.display,
        hint: 'stop the services writing to the source, then run merge again with --resume',
      },
    );
  }
  const moved = sourceTables.map((t) => ({ table: t, rows: expected.get(t)! }));

  let sourceDropped = false;
  let roleDropped = false;
  if (opts.dropSource) {
    await mover.dropSource(into, from);
    sourceDropped = true;
    if (opts.dropRole) {
      if (!mover.dropRole)
        throw new VoipdbError('usage', `--drop-role applies to PostgreSQL only`, {
          hint: 'drop the user with DROP USER yourself',
        });
      await mover.dropRole(into, opts.dropRole);
      roleDropped = true;
    }
    events({ type: 'log', level: 'info', message: `verified ${moved.length} tables; removed ${from.target.display}` });
  }
  return { moved, objects, alreadyMerged, sourceDropped, roleDropped, durationMs: Date.now() - started };
}

async function countsMatch(into: Connection, expected: Map<string, number>): Promise<boolean> {
  const got = await countAll(into, [...expected.keys()]);
  return [...expected].every(([t, n]) => got.get(t) === n);
}

/** The source's voipdb history, if it had one, goes after the target's (set names keep them apart). */
async function appendHistory(into: Connection, from: Connection): Promise<void> {
  const has = async (c: Connection) => (await catalogOf(c).tables(c)).includes(HISTORY_TABLE);
  if (!(await has(from)) || !(await has(into))) return;
  await appendHistoryOf(into, from);
}
