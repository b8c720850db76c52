/**
 * Pack `kamailio`: every Kamailio release from 5.0 to 6.1 on PostgreSQL, MySQL/MariaDB and
 * SQLite, table for table, index for index and `version` row for `version` row as that release's
 * `kamdbctl create` makes it from utils/kamctl/<dialect>/<module>-create.sql (releases.ts).
 *
 * Options: `groups` (default standard) and `release` (default: the series of the Kamailio
 * installed here, by `kamailio -v`; else the newest). One script set per group kamdbctl knows:
 *   kamailio/standard  standard acc lcr domain group permissions registrar usrloc msilo alias_db
 *                      uri_db speeddial avpops auth_db pdt dialog dispatcher dialplan topos
 *   kamailio/presence  presence rls
 *   kamailio/extra     imc cpl siptrace domainpolicy carrierroute drouting userblocklist htable
 *                      purple uac pipelimit mtree sca mohqueue rtpproxy rtpengine secfilter ...
 *   kamailio/uid       uid_auth_db uid_avp_db uid_domain uid_gflags uid_uri_db
 * A module in no group (matrix, ims_*), or one chosen alone, is a set of its own.
 * A set's migrations are its releases: the first creates that release's tables and writes their
 * `version` rows in the same step; each later one ("5.1", "5.2", ...) makes that release's
 * changes (release-changes.ts) with the rows they move. On PostgreSQL the standard set also
 * creates kamdbctl's concat(text,text) and rand() helpers.
 */

import type { Connection } from '../../db/connection.js';
import { VoipdbError } from '../../core/errors.js';
import type { DialectName } from '../../db/url.js';
import type { Detected, Migration, Pack, RecordProblem, ScriptSet } from '../../engine/types.js';
import { readSetHistory } from '../../engine/status.js';
import { isApplied } from '../../engine/history.js';
import { firstReleaseOf, GROUPS, MODULES, modulesOf, parseChoices, tablesOf } from './groups.js';
import { kamailioGrants } from './grants.js';
import { describeEvidence, readLive, recogniseChoice } from './recognise.js';
import { changeOps, describeChanges, versionChanges } from './release-changes.js';
import {
  chosenRelease,
  installedKamailio,
  isRelease,
  modulesAt,
  NEWEST,
  RELEASES,
  releaseIndex,
  type Release,
} from './release.js';
import { createIfMissingSql, createTables, versionsOf, type KeyNaming, type TableSpec } from './table-spec.js';
import { versionTableChange } from './version-table-change.js';
import { VersionTable } from './version-table.js';
import { RELATIONS } from './relations.js';

export { checkVersionRows } from './check.js';
export { GROUPS, MODULES } from './groups.js';
export { RELEASES, NEWEST, installedKamailio } from './release.js';

const DIALECTS: DialectName[] = ['postgres', 'mysql', 'sqlite'];

/** Kamailio's generators: db_postgres.xsl and db_sqlite.xsl prefix constraint/index names with `<table>_`. */
export const kamailioNaming: KeyNaming = {
  postgres: (t, n) => `${t}_${n}`,
  mysql: (_t, n) => n,
  sqlite: (t, n) => `${t}_${n}`,
};

/** db_sqlite.xsl writes `id INTEGER PRIMARY KEY` (the rowid, no AUTOINCREMENT); the others SERIAL / AUTO_INCREMENT. */
const PLAIN_ROWID_KEY: Record<DialectName, boolean> = { postgres: false, mysql: false, sqlite: true };
const createOptions = (d: DialectName) => ({ plainRowidKey: PLAIN_ROWID_KEY[d] });

const versionSpecAt = (r: Release): TableSpec => modulesAt(r).standard!.find((t) => t.name === 'version')!;

/** MySQL functions the lcr module calls, emulated on PostgreSQL (kamdbctl.pgsql). */
const PG_HELPERS = [
  {
    name: 'concat',
    signature: 'concat(text, text)',
    sql: { postgres: `CREATE FUNCTION "concat" (text,text) RETURNS text AS 'SELECT $1 || $2;' LANGUAGE 'sql'` },
  },
  {
    name: 'rand',
    signature: 'rand()',
    sql: { postgres: `CREATE FUNCTION "rand" () RETURNS double precision AS 'SELECT random();' LANGUAGE 'sql'` },
  },
];

export function setName(choice: string): string {
  return `kamailio/${choice}`;
}

/** The set's own tables at a release: the `version` table is the version record's, created before any set runs. */
const ownTables = (choice: string, r: Release) => tablesOf(choice, r).filter((t) => t.name !== 'version');

function createMigration(choice: string, r: Release): Migration {
  const tables = ownTables(choice, r);
  const helpers = tables.length !== tablesOf(choice, r).length;
  return {
    version: r,
    description: `Kamailio ${r} ${choice} tables (kamdbctl create: ${tablesOf(choice, r)
      .map((t) => t.module)
      .filter((m, i, a) => a.indexOf(m) === i)
      .join(' ')})`,
    kind: 'versioned',
    script: `packs/kamailio/${choice}@${r}`,
    up: {
      ops: (op, ctx) => {
        if (helpers) for (const fn of PG_HELPERS) op.createFunction(fn);
        createTables(op, ctx.dialect, tables, kamailioNaming, createOptions(ctx.dialect));
      },
    },
    down: {
      ops: (op) => {
        for (const t of [...tables].reverse()) op.dropTable(t.name);
        if (helpers) for (const fn of PG_HELPERS) op.dropFunction(fn.name, { signature: fn.signature, ifExists: true });
      },
    },
  };
}

function changeMigration(choice: string, from: Release, to: Release): Migration {
  const [before, after] = [ownTables(choice, from), ownTables(choice, to)];
  const changes = describeChanges(tablesOf(choice, from), tablesOf(choice, to));
  return {
    version: to,
    description: `Kamailio ${to} ${choice}: ${changes.length ? changes.join('; ') : 'no table changes'}`,
    kind: 'versioned',
    script: `packs/kamailio/${choice}@${from}-${to}`,
    up: { ops: (op, ctx) => changeOps(op, ctx.dialect, before, after, kamailioNaming, createOptions(ctx.dialect)) },
    down: { ops: (op, ctx) => changeOps(op, ctx.dialect, after, before, kamailioNaming, createOptions(ctx.dialect)) },
  };
}

/** The set for one group (or lone module) at a release: its releases from the first it exists in. */
export function kamailioSet(choice: string, release: Release = chosenRelease(undefined)): ScriptSet {
  tablesOf(choice, release); // refuses a module the release lacks
  const chain = RELEASES.slice(releaseIndex(firstReleaseOf(choice)), releaseIndex(release) + 1);
  const migrations = chain.map((r, i) =>
    i === 0 ? createMigration(choice, r) : changeMigration(choice, chain[i - 1]!, r),
  );
  const steps: Record<string, Record<string, number | null>> = {};
  const tableSteps: Record<string, Partial<Record<DialectName, string[]>>> = {};
  chain.forEach((r, i) => {
    steps[r] =
      i === 0 ? versionsOf(tablesOf(choice, r)) : versionChanges(tablesOf(choice, chain[i - 1]!), tablesOf(choice, r));
    const owns = tablesOf(choice, r).some((t) => t.name === 'version');
    if (i > 0 && owns && JSON.stringify(versionSpecAt(chain[i - 1]!)) !== JSON.stringify(versionSpecAt(r))) {
      tableSteps[r] = versionTableChange(
        versionSpecAt(chain[i - 1]!),
        versionSpecAt(r),
        DIALECTS,
        kamailioNaming,
        createOptions,
      );
    }
  });
  const modules: Record<string, string> = {};
  for (const r of chain) for (const t of tablesOf(choice, r)) modules[t.name] = t.module;
  const set: ScriptSet = {
    name: setName(choice),
    migrations,
    convention: 'numbered',
    options: { groups: choice, release },
  };
  set.versionRecords = [
    new VersionTable({
      platform: 'Kamailio',
      ddl: createIfMissingSql(versionSpecAt(release), DIALECTS, kamailioNaming, createOptions),
      steps,
      tableSteps,
      modules,
      // Releases whose tables are all the same fit alike: the newest of them within the chain.
      recognise: async (conn) => (await recogniseSet(conn, choice)).filter((r) => chain.includes(r)).at(-1),
      beforeRun: (conn) => refusePastTarget(conn, set, release),
      notes: (conn, applied) => releaseNotes(conn, choice, applied === undefined ? release : applied),
    }),
  ];
  return set;
}

/** The release a group is at by its rows and shape (adopt's answer), or undefined. */
async function recogniseSet(conn: Connection, choice: string, prefer?: Release): Promise<Release[]> {
  const live = await readLive(conn);
  if (!live) return [];
  return recogniseChoice(live, choice, conn.dialect, kamailioNaming, createOptions(conn.dialect), prefer)?.fits ?? [];
}

/** A database already past the release asked for is refused, naming both (Kamailio has no downgrade scripts either). */
async function refusePastTarget(conn: Connection, set: ScriptSet, target: Release): Promise<void> {
  const rows = await readSetHistory(conn, set.name).catch(() => []);
  const applied = rows
    .filter((r) => isApplied(r) && r.version && isRelease(r.version))
    .map((r) => r.version as Release);
  let at = applied.sort((a, b) => releaseIndex(a) - releaseIndex(b)).at(-1);
  if (!rows.length) at = (await recogniseSet(conn, set.name.slice('kamailio/'.length)))[0];
  if (at && releaseIndex(at) > releaseIndex(target)) {
    throw new VoipdbError(
      'refused',
      `${set.name} is at Kamailio ${at}, past the release asked for (${target}); voipdb does not take a Kamailio database back`,
      {
        where: conn.target.display,
        hint: `voipdb upgrade -O release=${at} (or a later one), or restore a backup taken at ${target}`,
      },
    );
  }
}

/**
 * What `check` adds for a Kamailio set: the release the installed Kamailio expects when the
 * database is at another, and each table whose row or shape is at another release than the set.
 */
async function releaseNotes(
  conn: Connection,
  choice: string,
  applied: string | null | undefined,
): Promise<RecordProblem[]> {
  const out: RecordProblem[] = [];
  const at = applied && isRelease(applied) ? applied : undefined;
  const installed = installedKamailio();
  if (at && installed?.release && installed.release !== at) {
    out.push({
      message: `kamailio/${choice} is at Kamailio ${at}; the Kamailio installed here (${installed.version}) expects ${installed.release}`,
      hint:
        releaseIndex(installed.release) > releaseIndex(at)
          ? `voipdb upgrade --pack kamailio -O groups=${choice} -O release=${installed.release}`
          : `run a Kamailio ${at} with this database`,
    });
  } else if (at && installed && !installed.release) {
    out.push({
      message: `kamailio/${choice} is at Kamailio ${at}; the Kamailio installed here (${installed.version}) is a release voipdb does not know`,
      hint: `voipdb knows ${RELEASES[0]}–${NEWEST}: -O release= chooses one`,
    });
  }
  if (!at) return out;
  const live = await readLive(conn);
  if (!live) return out;
  const found = recogniseChoice(live, choice, conn.dialect, kamailioNaming, createOptions(conn.dialect));
  // A row that disagrees is named by the version record's own check; here, a table whose row is right and shape is not.
  for (const e of found?.tables ?? []) {
    const want = tablesOf(choice, at).find((t) => t.name === e.table);
    if (want && e.present && (e.row === want.version || e.table === 'version') && !e.releases.includes(at)) {
      out.push({
        message: `table ${describeEvidence(e, at)}`,
        hint: 'voipdb diff shows how it differs; put it back by hand, or voipdb adopt if the database is at another release',
      });
    }
  }
  return out;
}

/** Every choice voipdb can recognise in a database: the four groups and the modules outside them. */
function allChoices(): string[] {
  const grouped = new Set<string>();
  for (const r of RELEASES) for (const g of Object.keys(GROUPS)) for (const m of modulesOf(g, r)) grouped.add(m);
  const lone = new Set<string>();
  for (const r of RELEASES) for (const m of Object.keys(modulesAt(r))) if (!grouped.has(m)) lone.add(m);
  return [...Object.keys(GROUPS), ...lone];
}

/**
 * A database `kamdbctl create` made (any release), or one made by hand: for each group whose
 * tables have rows in `version`, the release its rows and shape say. Where the tables contradict
 * each other the set is reported with version null and the tables that disagree.
 */
export async function detectKamailio(conn: Connection): Promise<Detected[] | undefined> {
  const live = await readLive(conn);
  if (!live) return undefined;
  const recognise = (choice: string, prefer?: Release) =>
    recogniseChoice(live, choice, conn.dialect, kamailioNaming, createOptions(conn.dialect), prefer);
  const seen = allChoices()
    .map((c) => recognise(c))
    .filter((r) => !!r);
  // The database's release: the newest every group fits (groups Kamailio left alone fit many).
  const common = RELEASES.filter((x) => seen.every((r) => !r.release || r.fits.includes(x))).at(-1);
  const found: Detected[] = [];
  for (const first of seen) {
    const choice = first.choice;
    const r = recognise(choice, common)!;
    const note = r.release
      ? `Kamailio ${r.release}${r.fits.length > 1 ? `; its tables are the same in ${r.fits[0]}–${r.fits.at(-1)}` : ''}`
      : `closest to Kamailio ${r.likely}, but ${r.disagree.map((e) => describeEvidence(e, r.likely!)).join('; ')}`;
    found.push({
      set: setName(choice),
      version: r.release ?? null,
      options: { groups: [choice], release: NEWEST },
      note,
    });
  }
  return found.length ? found : undefined;
}

export const kamailioPack: Pack = {
  name: 'kamailio',
  description: `Kamailio ${RELEASES[0]}–${NEWEST} schemas (kamdbctl create) with the version rows its modules check; -O release= (default: the installed Kamailio's), groups: ${Object.keys(GROUPS).join(', ')}`,
  sets: (options = {}) => {
    const release = chosenRelease(options.release);
    return parseChoices(options.groups, release).map((c) => kamailioSet(c, release));
  },
  // No defaultSets: the `groups` option alone says which sets exist (default: standard).
  tableGroups: Object.fromEntries(
    Object.keys(GROUPS).map((g) => [g, [...new Set(RELEASES.flatMap((r) => tablesOf(g, r).map((t) => t.name)))]]),
  ),
  modules: Object.fromEntries(Object.entries(MODULES).map(([m, specs]) => [m, specs.map((t) => t.name)])),
  relations: RELATIONS,
  detect: detectKamailio,
  grants: (dialect, opts) => kamailioGrants(dialect, opts),
};

export default kamailioPack;
