/**
 * Pack `kamailio`: Kamailio 5.6 (Debian bookworm ships 5.6.3) on PostgreSQL, MySQL/MariaDB and
 * SQLite, table for table, index for index and `version` row for `version` row as
 * `kamdbctl create` makes it from utils/kamctl/<dialect>/<module>-create.sql.
 *
 * One script set per group kamdbctl knows (option `groups`, default `standard`):
 *   kamailio/standard  standard acc lcr domain group permissions registrar usrloc msilo alias_db
 *                      uri_db speeddial avpops auth_db pdt dialog dispatcher dialplan topos
 *   kamailio/presence  presence rls
 *   kamailio/extra     imc cpl siptrace domainpolicy carrierroute drouting userblocklist htable
 *                      purple uac pipelimit mtree sca mohqueue rtpproxy rtpengine secfilter
 *   kamailio/uid       uid_auth_db uid_avp_db uid_domain uid_gflags uid_uri_db
 * A module in no group (matrix), or one chosen alone, is a set of its own: kamailio/<module>.
 * Each set's migration "5.6" creates its tables and writes their `version` rows in the same
 * step; a later release's changes come as "5.7", "5.8"... with their row updates.
 * On PostgreSQL the standard set also creates kamdbctl's concat(text,text) and rand() helpers.
 */

import type { Connection } from '../../db/connection.js';
import type { DialectName } from '../../db/url.js';
import type { Detected, Migration, Pack, ScriptSet } from '../../engine/types.js';
import { GROUPS, MODULES, parseChoices, tablesOf } from './groups.js';
import { kamailioGrants } from './grants.js';
import { createIfMissingSql, createTables, versionsOf, type KeyNaming, type TableSpec } from './table-spec.js';
import { readVersionRows, VersionTable } from './version-table.js';
import { RELATIONS } from './relations.js';

export { checkVersionRows } from './check.js';
export { GROUPS, MODULES } from './groups.js';

export const RELEASE = '5.6';
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

const VERSION_SPEC: TableSpec = MODULES.standard!.find((t) => t.name === 'version')!;
const VERSION_DDL = createIfMissingSql(VERSION_SPEC, DIALECTS, kamailioNaming, createOptions);

/** MySQL functions the lcr module calls, emulated on PostgreSQL (kamdbctl.pgsql). */
const PG_HELPERS = [
  { name: 'concat', signature: 'concat(text, text)', sql: { postgres: `CREATE FUNCTION "concat" (text,text) RETURNS text AS 'SELECT $1 || $2;' LANGUAGE 'sql'` } },
  { name: 'rand', signature: 'rand()', sql: { postgres: `CREATE FUNCTION "rand" () RETURNS double precision AS 'SELECT random();' LANGUAGE 'sql'` } },
];

export function setName(choice: string): string {
  return `kamailio/${choice}`;
}

/** The set for one group (or lone module): its tables, created in kamdbctl's order, and their version rows. */
export function kamailioSet(choice: string): ScriptSet {
  const tables = tablesOf(choice);
  const ownTables = tables.filter((t) => t.name !== 'version');
  const hasVersionTable = tables.length !== ownTables.length;
  const modules = GROUPS[choice] ?? [choice];
  const create: Migration = {
    version: RELEASE,
    description: `Kamailio ${RELEASE} ${choice} tables (kamdbctl create: ${modules.join(' ')})`,
    kind: 'versioned',
    script: `packs/kamailio/${choice}@${RELEASE}`,
    up: {
      ops: (op, ctx) => {
        // The version table may exist already: the version record creates it before any set runs.
        if (hasVersionTable) createTables(op, ctx.dialect, [VERSION_SPEC], kamailioNaming, { ...createOptions(ctx.dialect), ifNotExists: true });
        if (hasVersionTable) for (const fn of PG_HELPERS) op.createFunction(fn);
        createTables(op, ctx.dialect, ownTables, kamailioNaming, createOptions(ctx.dialect));
      },
    },
    down: {
      ops: (op) => {
        for (const t of [...ownTables].reverse()) op.dropTable(t.name);
        if (hasVersionTable) for (const fn of PG_HELPERS) op.dropFunction(fn.name, { signature: fn.signature, ifExists: true });
      },
    },
  };
  return {
    name: setName(choice),
    migrations: [create],
    convention: 'numbered',
    versionRecords: [
      new VersionTable({
        platform: 'Kamailio',
        ddl: VERSION_DDL,
        steps: { [RELEASE]: versionsOf(tables) },
        modules: Object.fromEntries(tables.map((t) => [t.name, t.module])),
      }),
    ],
    options: { groups: choice },
  };
}

/** Every choice voipdb can recognise in a database: the four groups and the modules outside them. */
function allChoices(): string[] {
  const grouped = new Set(Object.values(GROUPS).flat());
  return [...Object.keys(GROUPS), ...Object.keys(MODULES).filter((m) => !grouped.has(m))];
}

async function tableExists(conn: Connection, table: string): Promise<boolean> {
  try {
    await conn.query(`SELECT 1 FROM ${table} WHERE 1 = 0`);
    return true;
  } catch {
    return false;
  }
}

/**
 * A database `kamdbctl create` made: for each group whose tables are all there with their
 * `version` rows as 5.6 writes them, that set at "5.6". A group present only in part, or with a
 * row that disagrees, is reported with version null (`voipdb check` names the rows).
 */
export async function detectKamailio(conn: Connection): Promise<Detected[] | undefined> {
  const rows = await readVersionRows(conn);
  if (!rows) return undefined;
  const found: Detected[] = [];
  for (const choice of allChoices()) {
    const tables = tablesOf(choice).filter((t) => t.name !== 'version');
    const withRow = tables.filter((t) => rows.has(t.name));
    if (withRow.length === 0) continue;
    const present = await Promise.all(tables.map((t) => tableExists(conn, t.name)));
    const complete = present.every(Boolean) && tables.every((t) => rows.get(t.name)?.length === 1 && rows.get(t.name)![0] === t.version);
    found.push({ set: setName(choice), version: complete ? RELEASE : null, options: { groups: [choice] } });
  }
  return found.length ? found : undefined;
}

export const kamailioPack: Pack = {
  name: 'kamailio',
  description: `Kamailio ${RELEASE} schema (kamdbctl create) with the version rows its modules check; groups: ${Object.keys(GROUPS).join(', ')}`,
  sets: (options = {}) => parseChoices(options.groups).map(kamailioSet),
  // No defaultSets: the `groups` option alone says which sets exist (default: standard).
  tableGroups: Object.fromEntries(Object.entries(GROUPS).map(([g]) => [g, tablesOf(g).map((t) => t.name)])),
  modules: Object.fromEntries(Object.entries(MODULES).map(([m, specs]) => [m, specs.map((t) => t.name)])),
  relations: RELATIONS,
  detect: detectKamailio,
  grants: (dialect, opts) => kamailioGrants(dialect, opts),
};

export default kamailioPack;
