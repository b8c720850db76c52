// TLS as each server's own clients read it from the URL: libpq's sslmode, sslrootcert, sslcert,
// sslkey for PostgreSQL; the mysql client's ssl-mode, ssl-ca, ssl-cert, ssl-key for MySQL and
// MariaDB. "prefer"/PREFERRED try TLS and fall back to a plain connection when the server has
// none; the verify modes check the chain against the CA given (and the host name, for
// verify-full / VERIFY_IDENTITY).

import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { VoipdbError } from '../../core/errors.js';
import type { Target } from '../url.js';

export interface TlsChoice {
  /** Options for the driver; undefined: no TLS. */
  ssl?: ConnectionOptions & { verifyIdentity?: boolean };
  /** Try again without TLS when the server offers none (prefer). */
  fallback: boolean;
}

const noHostCheck = () => undefined;

function file(t: Target, param: string): Buffer | undefined {
  const path = t.params[param];
  if (!path) return undefined;
  try {
    return readFileSync(path);
  } catch (e) {
    throw new VoipdbError('usage', `cannot read the file of URL parameter ${param}=${path}: ${(e as Error).message}`, {
      where: t.display,
      hint: `give ${param} the path of a readable PEM file`,
    });
  }
}

function files(t: Target, ca: string, cert: string, key: string): ConnectionOptions {
  const out: ConnectionOptions = {};
  // libpq's sslrootcert=system: the operating system's CAs, which is node's default
  const caFile = t.params[ca] === 'system' ? undefined : file(t, ca);
  if (caFile) out.ca = caFile;
  const c = file(t, cert);
  const k = file(t, key);
  if (c) out.cert = c;
  if (k) out.key = k;
  return out;
}

export function pgTls(t: Target): TlsChoice {
  const mode = t.params.sslmode;
  if (!mode || mode === 'disable' || mode === 'allow') return { fallback: false };
  const opts = files(t, 'sslrootcert', 'sslcert', 'sslkey');
  switch (mode) {
    case 'prefer':
      return { ssl: { ...opts, rejectUnauthorized: false }, fallback: true };
    case 'require':
      // libpq: with a root certificate given, require checks the chain as verify-ca does
      return { ssl: { ...opts, rejectUnauthorized: !!opts.ca, checkServerIdentity: noHostCheck }, fallback: false };
    case 'verify-ca':
      return { ssl: { ...opts, rejectUnauthorized: true, checkServerIdentity: noHostCheck }, fallback: false };
    default:
      return { ssl: { ...opts, rejectUnauthorized: true }, fallback: false };
  }
}

export function mysqlTls(t: Target): TlsChoice {
  const mode = t.params['ssl-mode'];
  if (!mode || mode === 'DISABLED') return { fallback: false };
  const opts = files(t, 'ssl-ca', 'ssl-cert', 'ssl-key');
  switch (mode) {
    case 'PREFERRED':
      return { ssl: { ...opts, rejectUnauthorized: false }, fallback: true };
    case 'REQUIRED':
      return { ssl: { ...opts, rejectUnauthorized: false }, fallback: false };
    case 'VERIFY_CA':
      return { ssl: { ...opts, rejectUnauthorized: true, verifyIdentity: false }, fallback: false };
    default:
      return { ssl: { ...opts, rejectUnauthorized: true, verifyIdentity: true }, fallback: false };
  }
}

/** The server answered that it has no TLS (pg, mysql2 messages). */
export function noTlsOnServer(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err.code === 'HANDSHAKE_NO_SSL_SUPPORT' || /does not support SSL connections/.test(String(err.message ?? ''));
}
