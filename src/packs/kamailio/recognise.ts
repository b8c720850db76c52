// Which Kamailio release a database is at, group by group: from its `version` rows and the shape
// of its tables (columns, types, defaults, keys), compared with every release the pack knows.
// Rows alone cannot say: Kamailio often changes a table without moving its row (5.6 added an
// index to location, location stayed at 9). A table's evidence is the releases whose row and
// shape it has; the group is at the newest release every table agrees with.

import type { Connection } from '../../db/connection.js';
import type { DialectName } from '../../db/url.js';
import { diffModels } from '../../schema/diff.js';
import { introspect } from '../../schema/introspect/index.js';
import { Ops } from '../../schema/operations.js';
import { renderOperations } from '../../schema/render/index.js';
import { emptyModel, type Model } from '../../schema/types.js';
import { firstReleaseOf, modulesOf, tablesOf } from './groups.js';
import { modulesAt, RELEASES, releaseIndex, type Release } from './release.js';
import { createTables, type CreateOptions, type KeyNaming, type TableSpec } from './table-spec.js';
import { readVersionRows } from './version-table.js';

export interface TableEvidence {
  table: string;
  /** What its `version` row says (null: no row or several). */
  row: number | null;
  /** Releases whose row and shape this table has, oldest first. */
  releases: Release[];
  /** Present in the database. */
  present: boolean;
}

export interface Recognised {
  choice: string;
  /** A release every table agrees with (the preferred one when it fits, else the oldest); undefined when they contradict each other. */
  release?: Release;
  /** Releases every table agrees with (a group Kamailio did not change fits several). */
  fits: Release[];
  /** The release most tables agree with, when they contradict each other. */
  likely?: Release;
  /** Tables whose row or shape is at another release than `release` (or `likely`). */
  disagree: TableEvidence[];
  tables: TableEvidence[];
}

/** The live database's model, read once per recognition. */
export interface Live {
  model: Model;
  rows: Map<string, (number | null)[]>;
}

export async function readLive(conn: Connection): Promise<Live | undefined> {
  const rows = await readVersionRows(conn);
  if (!rows) return undefined;
  return { model: await introspect(conn), rows };
}

const specModels = new Map<string, Model>();

/** One table at one release as the create script makes it, as a model. */
function modelOf(t: TableSpec, dialect: DialectName, naming: KeyNaming, options: CreateOptions): Model {
  const key = `${dialect}|${JSON.stringify(t)}`;
  let m = specModels.get(key);
  if (!m) {
    const op = new Ops(dialect);
    createTables(op, dialect, [t], naming, options);
    m = renderOperations(dialect, op.list, emptyModel()).model;
    specModels.set(key, m);
  }
  return m;
}

function liveTable(live: Model, table: string): Model {
  const m = emptyModel();
  if (live.tables[table]) m.tables[table] = live.tables[table]!;
  for (const [k, i] of Object.entries(live.indexes)) if (i.table === table) m.indexes[k] = i;
  return m;
}

/** Where a table's row and shape place it, across every release that has it. */
export function tableEvidence(
  live: Live,
  table: string,
  dialect: DialectName,
  naming: KeyNaming,
  options: CreateOptions,
): TableEvidence {
  const got = live.rows.get(table) ?? [];
  const row = got.length === 1 ? got[0]! : null;
  const present = !!live.model.tables[table];
  const mine = liveTable(live.model, table);
  const releases = RELEASES.filter((r) => {
    const spec = Object.values(modulesAt(r))
      .flat()
      .find((t) => t.name === table);
    if (!spec || !present) return false;
    if (table !== 'version' && spec.version !== row) return false;
    return diffModels(modelOf(spec, dialect, naming, options), mine, dialect).length === 0;
  });
  return { table, row, releases, present };
}

/** The release of one group (or lone module) in the database; undefined when none of its tables has a row. */
export function recogniseChoice(
  live: Live,
  choice: string,
  dialect: DialectName,
  naming: KeyNaming,
  options: CreateOptions,
  prefer?: Release,
): Recognised | undefined {
  const first = firstReleaseOf(choice);
  const candidates = RELEASES.slice(releaseIndex(first));
  // Every table the choice has had at any release it exists in.
  const names = [
    ...new Set(candidates.flatMap((r) => (existsAt(choice, r) ? tablesOf(choice, r) : []).map((t) => t.name))),
  ];
  const evidence = names.map((n) => tableEvidence(live, n, dialect, naming, options));
  // The choice is there when a table of its own (not one another module has too, as ims_dialog's dialog_vars) has a row.
  const shared = sharedTables(choice);
  if (!evidence.some((e) => !shared.has(e.table) && (live.rows.get(e.table)?.length ?? 0) > 0)) return undefined;
  // A release fits when each of its tables is there at that release, and no table it lacks is there.
  const fitsAt = (r: Release) => {
    const own = new Set(tablesOf(choice, r).map((t) => t.name));
    return evidence.filter((e) => (own.has(e.table) ? !e.releases.includes(r) : e.present));
  };
  const fits = candidates.filter((r) => existsAt(choice, r) && fitsAt(r).length === 0);
  // Several releases fit when Kamailio left the tables alone: the preferred one, else the oldest (what made it).
  if (fits.length)
    return {
      choice,
      release: prefer && fits.includes(prefer) ? prefer : fits[0],
      fits,
      disagree: [],
      tables: evidence,
    };
  let likely = candidates[0]!;
  for (const r of candidates) if (existsAt(choice, r) && fitsAt(r).length <= fitsAt(likely).length) likely = r;
  return { choice, fits, likely, disagree: fitsAt(likely), tables: evidence };
}

/** Tables of the choice that some other module has too, at any release. */
function sharedTables(choice: string): Set<string> {
  const out = new Set<string>();
  for (const r of RELEASES) {
    const mine = existsAt(choice, r) ? new Set(modulesOf(choice, r)) : new Set<string>();
    const own = new Set([...mine].flatMap((m) => modulesAt(r)[m]!.map((t) => t.name)));
    for (const [m, tables] of Object.entries(modulesAt(r)))
      if (!mine.has(m)) for (const t of tables) if (own.has(t.name)) out.add(t.name);
  }
  return out;
}

function existsAt(choice: string, r: Release): boolean {
  try {
    return modulesOf(choice, r).length > 0;
  } catch {
    return false;
  }
}

const span = (rs: Release[]) => (rs.length === 0 ? 'no release' : rs.length === 1 ? rs[0]! : `${rs[0]}–${rs.at(-1)}`);

/** "location: row 8, shape of 5.0–5.1" — one table that is not where its group is. */
export function describeEvidence(e: TableEvidence, at: Release): string {
  if (!e.present) return `${e.table}: missing (${at} has it)`;
  const want = Object.values(modulesAt(at))
    .flat()
    .find((t) => t.name === e.table);
  if (!want) return `${e.table}: present, ${at} has no such table`;
  const row = e.row === null ? 'no single version row' : `version row ${e.row}`;
  return `${e.table}: ${row} and shape of ${span(e.releases)} (${at} has row ${want.version})`;
}
