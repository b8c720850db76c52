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
  if (['28P01', '28000', 'ER_ACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR', 'ER_DBACCESS_DENIED_ERROR'].includes(code)) {
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
  return new VoipdbError('unreachable', `cannot connect: ${msg}`, { where, hint: 'check the URL and the server', cause: e });
}

export function missingDriver(pkg: string, e: unknown): VoipdbError {
  return new VoipdbError('missing-driver', `the database driver "${pkg}" is not installed`, {
    hint: `install it with: npm install ${pkg}`,
    cause: e,
  });
}
