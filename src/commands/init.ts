// init: create the database when asked, apply every chosen set to head, then summarise what is
// there (a pack's own summary, as Ominis's migrate.py prints, or every table and its size).

import { VoipdbError } from '../core/errors.js';
import { silent } from '../core/events.js';
import type { Connection } from '../db/connection.js';
import * as engine from '../engine/commands.js';
import type { RunResult } from '../engine/commands.js';
import type { ScriptSet } from '../engine/types.js';
import { createDatabase } from '../ops/create-database.js';
import { passwordEnvName, readPasswords, type PasswordSources } from '../ops/grants.js';
import { loadPack, packOfSet } from '../packs/index.js';
import { tableSizes, type TableSize } from '../schema/introspect/table-sizes.js';
import { refuseUnsupportedDialect } from '../engine/refusals.js';
import { setWarnings, type SetsOptions } from './hooks.js';
import { chosenSets, resolveSets } from './sets.js';
import { isConnection, targetOf, withTarget, type TargetLike } from './target.js';

export interface CreateDatabaseChoice {
  /** PostgreSQL: this login role (created when missing) owns the new database. */
  owner?: string;
  /** Where the owner's password is: a file, or $VOIPDB_PASSWORD_<ROLE> (the default). */
  passwords?: PasswordSources;
}

export interface InitOptions extends SetsOptions {
  /** Create the database when it does not exist (needs rights on the server; a URL or Target, not a Connection). */
  createDatabase?: boolean | CreateDatabaseChoice;
}

export interface InitResult extends RunResult {
  /** With createDatabase: what was created. */
  created?: { database: boolean; role?: string };
  /** Packs' own summaries (Ominis's migrate.py), when they have one. */
  summaries: { pack: string; text: string; data: unknown }[];
  /** Every table and its size, when no pack summarises. */
  tables?: { tables: TableSize[]; totalBytes: number; totalSize: string };
}

/** Apply every chosen set to head, then summarise what is there. */
export async function init(target: TargetLike | undefined, opts: InitOptions = {}): Promise<InitResult> {
  // A set this back-end cannot hold is refused before the database (or SQLite file) is made for it.
  refuseUnsupportedDialect(await resolveSets(opts), targetOf(target).dialect);
  const created = opts.createDatabase ? await create(target, opts.createDatabase, opts) : undefined;
  return withTarget(target, async (conn) => {
    const sets = await chosenSets(opts, conn);
    for (const message of setWarnings(sets)) opts.events?.({ type: 'log', level: 'warn', message });
    const r = await engine.upgrade(conn, sets, 'head', opts);
    const summaries = await packSummaries(
      conn,
      r.states.map((s) => s.set),
    );
    const tables = summaries.length ? undefined : await tableSizes(conn);
    return { ...r, ...(created ? { created } : {}), summaries, tables };
  });
}

async function create(
  target: TargetLike | undefined,
  choice: true | CreateDatabaseChoice,
  opts: InitOptions,
): Promise<InitResult['created']> {
  if (isConnection(target)) return { database: false };
  const t = targetOf(target);
  const role = choice === true ? undefined : choice.owner;
  let owner: { role: string; password: string } | undefined;
  if (role) {
    const password = readPasswords([role], choice === true ? {} : choice.passwords).passwords[role];
    if (!password) {
      throw new VoipdbError('usage', `the new role ${role} needs a password`, {
        hint: `set ${passwordEnvName(role)}, or give --role-password-file ${role}=<file>, then run voipdb init --create-database again`,
      });
    }
    owner = { role, password };
  }
  const r = await createDatabase(t, { owner });
  const events = opts.events ?? silent;
  if (r.roleCreated) events({ type: 'log', level: 'info', message: `created role ${role}` });
  if (r.created)
    events({
      type: 'log',
      level: 'info',
      message: `created database ${t.database}${owner ? ` owned by ${role}` : ''}`,
    });
  return { database: r.created, ...(r.roleCreated ? { role } : {}) };
}

async function packSummaries(conn: Connection, sets: ScriptSet[]): Promise<InitResult['summaries']> {
  const out: InitResult['summaries'] = [];
  for (const name of new Set(sets.map((s) => packOfSet(s.name)).filter((p): p is string => !!p))) {
    const pack = await loadPack(name);
    if (pack.summary) out.push({ pack: name, ...(await pack.summary(conn)) });
  }
  return out;
}
