// grants: the roles and grants a pack expects, reviewed as SQL or applied.

import { VoipdbError } from '../core/errors.js';
import { readSetHistory } from '../engine/status.js';
import { applyGrants, grantsScript, reviewGrants, type ApplyResult, type PasswordSources } from '../ops/grants.js';
import { loadPack, packOfSet } from '../packs/index.js';
import { targetOf, withTarget, type TargetLike } from './target.js';

export type { ApplyResult, PasswordSources };

export interface GrantsOptions {
  /** The packs whose roles (default: the packs the database records). */
  packs?: string[];
  /** Create the roles and grant, on the target; otherwise the SQL to review. */
  apply?: boolean;
  /** Role renames (ominis keys: api, freeswitch, analytics), host (MySQL), schema (PostgreSQL). */
  settings?: Record<string, string>;
  /** Where the roles' passwords are (default $VOIPDB_PASSWORD_<ROLE>). */
  passwords?: PasswordSources;
}

export type GrantsResult = { scripts: string[] } | { applied: ({ pack: string } & ApplyResult)[] };

/** Roles and grants a pack expects: reviewed as a script (no connection when packs are named), or applied. */
export async function grants(target: TargetLike | undefined, opts: GrantsOptions = {}): Promise<GrantsResult> {
  const packsFrom = async (names: string[]) => {
    const withRoles = (await Promise.all(names.map((n) => loadPack(n)))).filter((p) => p.grants);
    if (!withRoles.length) {
      throw new VoipdbError('usage', `no roles in pack(s) ${names.join(', ') || '(none)'}`, {
        hint: 'voipdb grants --pack ominis',
      });
    }
    return withRoles;
  };
  const settings = opts.settings ?? {};
  if (!opts.apply && opts.packs?.length) {
    // Review needs no connection: the target only names the dialect and database.
    const t = targetOf(target);
    return {
      scripts: (await packsFrom(opts.packs)).map((p) =>
        grantsScript(p, reviewGrants(p, t.dialect, t, settings), t.dialect),
      ),
    };
  }
  return withTarget(target, async (conn) => {
    const recorded = async () => [
      ...new Set((await readSetHistory(conn)).map((r) => packOfSet(r.set_name)).filter((p): p is string => !!p)),
    ];
    const packs = await packsFrom(opts.packs?.length ? opts.packs : await recorded());
    if (!opts.apply)
      return {
        scripts: packs.map((p) => grantsScript(p, reviewGrants(p, conn.dialect, conn.target, settings), conn.dialect)),
      };
    const applied: ({ pack: string } & ApplyResult)[] = [];
    for (const p of packs)
      applied.push({ pack: p.name, ...(await applyGrants(conn, p, settings, opts.passwords ?? {})) });
    return { applied };
  });
}
