// `voipdb grants`: the roles and grants a pack expects (Pack.grants), as SQL to review or applied.
// Passwords come from the environment or files, reach the database only with --apply, and are
// never printed: the review script leaves them out and says where each one is read from.
//
// The contract with a pack's grants(dialect, opts): opts carries the pack's own options (role
// names, database, host ...) and, when applying, `password.<role>` for each role it returned.

import { readFileSync } from 'node:fs';
import { VoipdbError } from '../core/errors.js';
import { redact, registerSecret } from '../core/redact.js';
import type { Connection } from '../db/connection.js';
import type { DialectName, Target } from '../db/url.js';
import type { Pack } from '../engine/types.js';

export interface RoleGrants {
  role: string;
  statements: string[];
}

/** VOIPDB_PASSWORD_<ROLE>: the role name upper-cased, anything but letters and digits as _. */
export function passwordEnvName(role: string): string {
  return 'VOIPDB_PASSWORD_' + role.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

export interface PasswordSources {
  /** role -> file holding the password (first line), from --role-password-file. */
  files?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
}

/** Each role's password from its file or its environment variable; registered as secrets. */
export function readPasswords(
  roles: string[],
  sources: PasswordSources = {},
): { passwords: Record<string, string>; missing: string[] } {
  const env = sources.env ?? process.env;
  const passwords: Record<string, string> = {};
  const missing: string[] = [];
  for (const role of roles) {
    const file = sources.files?.[role];
    let pw: string | undefined;
    if (file) {
      try {
        pw = readFileSync(file, 'utf8').split(/\r?\n/)[0];
      } catch (e) {
        throw new VoipdbError('usage', `cannot read the password file for role ${role}: ${(e as Error).message}`, {
          where: file,
          hint: `check the path given to --role-password-file ${role}=<file>`,
        });
      }
    } else pw = env[passwordEnvName(role)];
    if (pw) {
      registerSecret(pw);
      passwords[role] = pw;
    } else missing.push(role);
  }
  return { passwords, missing };
}

/** The options a pack's grants() needs from the target itself. */
function targetOptions(target: Target): Record<string, string> {
  return target.database ? { database: target.database } : {};
}

function packGrants(pack: Pack, dialect: DialectName, target: Target, opts: Record<string, string>): RoleGrants[] {
  if (!pack.grants) {
    throw new VoipdbError('not-found', `pack ${pack.name} defines no roles`, {
      hint: 'voipdb grants --pack ominis (or another pack with roles)',
    });
  }
  return pack.grants(dialect, { ...targetOptions(target), ...opts });
}

/** The grants without passwords (any `password.*` option is dropped): what `voipdb grants` prints for review. */
export function reviewGrants(
  pack: Pack,
  dialect: DialectName,
  target: Target,
  opts: Record<string, string> = {},
): RoleGrants[] {
  const noPasswords = Object.fromEntries(Object.entries(opts).filter(([k]) => !k.startsWith('password.')));
  return packGrants(pack, dialect, target, noPasswords);
}

/** A password literal that reached a statement anyway is never shown. */
function scrub(sql: string): string {
  return redact(sql).replace(/\b(PASSWORD|IDENTIFIED\s+BY)\s+'(?:[^']|'')*'/gi, "$1 '***'");
}

export function grantsScript(pack: Pack, roles: RoleGrants[], dialect: DialectName): string {
  const out = [`-- voipdb grants: roles of pack ${pack.name} (${dialect})`];
  for (const r of roles) {
    out.push(
      '',
      `-- role ${r.role} (password: ${passwordEnvName(r.role)} or --role-password-file ${r.role}=<file>; set only with --apply)`,
    );
    for (const s of r.statements) out.push(scrub(s) + ';');
  }
  return out.join('\n') + '\n';
}

export interface ApplyResult {
  roles: { role: string; statements: number }[];
}

/**
 * Create the roles with their passwords and grant. Every role needs a password (a login
 * without one is refused, or open, depending on the server): the missing ones are named first.
 */
export async function applyGrants(
  conn: Connection,
  pack: Pack,
  opts: Record<string, string> = {},
  sources: PasswordSources = {},
): Promise<ApplyResult> {
  const names = reviewGrants(pack, conn.dialect, conn.target, opts).map((r) => r.role);
  const { passwords, missing } = readPasswords(names, sources);
  if (missing.length) {
    throw new VoipdbError('usage', `no password for role(s) ${missing.join(', ')}`, {
      where: `pack ${pack.name}`,
      hint: `export ${missing.map(passwordEnvName).join('=... ')}=... or pass --role-password-file <role>=<file>, then run voipdb grants --apply again`,
    });
  }
  const withPasswords = {
    ...opts,
    ...Object.fromEntries(Object.entries(passwords).map(([role, pw]) => [`password.${role}`, pw])),
  };
  const roles = packGrants(pack, conn.dialect, conn.target, withPasswords);
  const done: ApplyResult['roles'] = [];
  for (const r of roles) {
    for (const [i, s] of r.statements.entries()) {
      try {
        await conn.exec(s);
      } catch (e) {
        throw new VoipdbError(
          'refused',
          `granting role ${r.role} failed at statement ${i + 1}: ${redact((e as Error).message)}`,
          {
            where: conn.target.display,
            hint: `the pack's tables must exist (voipdb init --pack ${pack.name}) and the login must be allowed to create roles and grant (PostgreSQL CREATEROLE, MySQL CREATE USER + GRANT OPTION); review the script with voipdb grants --pack ${pack.name}`,
          },
        );
      }
    }
    done.push({ role: r.role, statements: r.statements.length });
  }
  return { roles: done };
}
