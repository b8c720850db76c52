// Turn a driver's connection failure into one clear line with the next step.

import { VoipdbError } from '../../core/errors.js';
import { redact } from '../../core/redact.js';
import type { Target } from '../url.js';

export function connectError(target: Target, e: unknown): VoipdbError {
  const err = e as { code?: string | number; errno?: number; message?: string };
  const code = String(err.code ?? '');
  const msg = redact(String(err.message ?? e));
  const where = target.display;
  const server = `${target.host ?? 'localhost'}:${target.port ?? ''}`;
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'ENOENT'].includes(code)) {
    return new VoipdbError('unreachable', `cannot reach the database server at ${server} (${code})`, {
      where,
      hint: `check that the server is running and listening on ${server}, then run the command again`,
      cause: e,
    });
  }
  // PostgreSQL: 28P01 bad password, 28000 no such role / pg_hba; MySQL: 1045 bad password, 1698
  // (MariaDB) a user that does not exist or may not log in this way, 1044 no access to the database
  // 1044: the password was right, the user has no grant on this database.
  if (code === 'ER_DBACCESS_DENIED_ERROR')
    return permissionError(e, target.user, target.database) ?? new VoipdbError('permission', msg, { where, cause: e });
  if (['28P01', '28000', 'ER_ACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR'].includes(code)) {
    return new VoipdbError('login-refused', `the server refused the login for user "${target.user ?? ''}"`, {
      where,
      hint: 'check the user and password (VOIPDB_PASSWORD or --password-file keep it out of the URL)',
      cause: e,
    });
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code) || /certificate|altnames/i.test(msg)) {
    return new VoipdbError('unreachable', `the server's TLS certificate was not accepted (${code}): ${msg}`, {
      where,
      hint: 'give the CA that signed the server certificate: sslrootcert=<file> (PostgreSQL) or ssl-ca=<file> (MySQL/MariaDB)',
      cause: e,
    });
  }
  if (code === '3D000' || code === 'ER_BAD_DB_ERROR') {
    return new VoipdbError('missing-database', `database "${target.database ?? ''}" does not exist`, {
      where,
      hint: 'create it with: voipdb init --create-database (or CREATE DATABASE as an administrator)',
      cause: e,
    });
  }
  return new VoipdbError('unreachable', `cannot connect: ${msg}`, {
    where,
    hint: 'check the URL and the server',
    cause: e,
  });
}

export function missingDriver(pkg: string, e: unknown): VoipdbError {
  return new VoipdbError('missing-driver', `the database driver "${pkg}" is not installed`, {
    hint: `install it with: npm install ${pkg}`,
    cause: e,
  });
}

const PERMISSION_CODES = [
  '42501',
  'ER_TABLEACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_SPECIFIC_ACCESS_DENIED_ERROR',
  'ER_COLUMNACCESS_DENIED_ERROR',
  'ER_PROCACCESS_DENIED_ERROR',
];

/** A server's "permission denied" (the login worked, a privilege is missing) as exit 12 with the grant it needs; else undefined. */
export function permissionError(e: unknown, user?: string, database?: string): VoipdbError | undefined {
  const err = e as { code?: string | number; message?: string };
  const code = String(err?.code ?? '');
  const msg = redact(String(err?.message ?? e)).split('\n')[0]!;
  if (!PERMISSION_CODES.includes(code) && !/^permission denied/i.test(msg)) return undefined;
  const who = user ? `"${user}"` : 'the user in --url';
  let hint: string;
  if (/create database|CREATEDB/i.test(msg)) {
    hint = `as an administrator: ALTER ROLE ${who} CREATEDB (PostgreSQL) or GRANT CREATE ON *.* TO ${who} (MySQL); or create the database yourself and run voipdb init without --create-database`;
  } else {
    const m = /for (table|relation|sequence|schema|view|function) ([\w.$]+)|table '([\w.$]+)'/i.exec(msg);
    const on =
      m?.[1]?.toLowerCase() === 'schema'
        ? `SCHEMA ${m[2]}`
        : (m?.[2] ?? m?.[3] ?? (database ? `${database}.*` : 'the tables'));
    hint = `as the owner or an administrator: GRANT ALL ON ${on} TO ${who} (voipdb reads and writes its history and the schema it manages)`;
  }
  return new VoipdbError('permission', msg, { hint, cause: e });
}
