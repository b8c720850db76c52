// odbc: odbc.ini / odbcinst.ini and FreeSWITCH's ODBC configuration for a target. No connection.

import { VoipdbError } from '../core/errors.js';
import { registerSecret } from '../core/redact.js';
import { passwordEnvName, readPasswords } from '../ops/grants.js';
import { odbcConfig, writeOdbcFiles, type OdbcConfig, type OdbcOptions } from '../ops/odbc.js';
import { targetOf, type TargetLike } from './target.js';

export type { OdbcConfig, OdbcOptions };
export { formatOdbcConfig } from '../ops/odbc.js';

export interface OdbcRequest extends OdbcOptions {
  /** Write the files into this directory (odbc.ini mode 0600). */
  out?: string;
  /** Put the login's password in odbc.ini: the target's, or $VOIPDB_PASSWORD_<USER> for another `user`. */
  withPassword?: boolean;
}

/** odbc.ini and FreeSWITCH's ODBC configuration for the target; written to `out` when given. */
export function odbc(target: TargetLike | undefined, opts: OdbcRequest = {}): OdbcConfig & { written?: string[] } {
  const t = targetOf(target);
  const user = opts.user ?? t.user;
  let password = opts.password;
  if (opts.withPassword) {
    password = opts.user && opts.user !== t.user ? readPasswords([opts.user]).passwords[opts.user] : t.password;
    if (password === undefined) {
      throw new VoipdbError('usage', `no password known for ${user ?? 'the login'}`, {
        hint: opts.user
          ? `export ${passwordEnvName(opts.user)}=... (as for voipdb grants --apply)`
          : 'give it in the URL, --password-file or $VOIPDB_PASSWORD',
      });
    }
    registerSecret(password);
  }
  const config = odbcConfig(t, { ...opts, user, password });
  return opts.out ? { ...config, written: writeOdbcFiles(opts.out, config) } : config;
}
